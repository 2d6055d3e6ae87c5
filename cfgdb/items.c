/*
 * Item sets (see items.h): an open-addressing hash table for O(1) set/get
 * while a batch of lines is parsed, plus a sorted view built on demand for
 * rendering, diffs and subtree operations.  The sorted view is dropped on
 * every change and rebuilt only when asked for.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "cfgdb/items.h"

struct slot {
	char		*key;		/* NULL: empty slot */
	char		*value;
	uint32_t	 hash;
	int		 dead;		/* tombstone */
};

struct cfg_items {
	struct slot	*slots;
	size_t		 nslots;	/* power of two */
	size_t		 count;		/* live items */
	size_t		 used;		/* live + tombstones */
	struct cfg_item	*sorted;	/* cache; NULL when stale */
};

static uint32_t
key_hash(const char *s)
{
	uint32_t	h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void
value_free(char *v)
{
	if (v) {
		OPENSSL_cleanse(v, strlen(v));
		free(v);
	}
}

static void
stale(struct cfg_items *it)
{
	free(it->sorted);
	it->sorted = NULL;
}

/* Returns the slot holding key, or the slot where it would go. */
static struct slot *
find(const struct cfg_items *it, const char *key, uint32_t h)
{
	size_t		 mask = it->nslots - 1, i = h & mask;
	struct slot	*tomb = NULL, *s;

	for (;;) {
		s = &it->slots[i];
		if (s->key == NULL && !s->dead)
			return tomb ? tomb : s;
		if (s->dead) {
			if (tomb == NULL)
				tomb = s;
		} else if (s->hash == h && strcmp(s->key, key) == 0)
			return s;
		i = (i + 1) & mask;
	}
}

static int
grow(struct cfg_items *it)
{
	struct slot	*old = it->slots, *s;
	size_t		 oldn = it->nslots, i;

	/* Sized from the live count, so rehashing also purges tombstones
	 * and the table never grows from set/delete churn alone. */
	it->nslots = 64;
	while (it->count * 2 >= it->nslots)
		it->nslots *= 2;
	if ((it->slots = calloc(it->nslots, sizeof(*it->slots))) == NULL) {
		it->slots = old;
		it->nslots = oldn;
		return -1;
	}
	it->used = it->count;
	for (i = 0; i < oldn; i++) {
		if (old[i].key == NULL)
			continue;
		s = find(it, old[i].key, old[i].hash);
		*s = old[i];
	}
	free(old);
	return 0;
}

struct cfg_items *
cfg_items_new(void)
{
	struct cfg_items	*it;

	if ((it = calloc(1, sizeof(*it))) == NULL)
		return NULL;
	if (grow(it) == -1) {
		free(it);
		return NULL;
	}
	return it;
}

void
cfg_items_clear(struct cfg_items *it)
{
	size_t	i;

	for (i = 0; i < it->nslots; i++) {
		free(it->slots[i].key);
		value_free(it->slots[i].value);
	}
	memset(it->slots, 0, it->nslots * sizeof(*it->slots));
	it->count = it->used = 0;
	stale(it);
}

void
cfg_items_free(struct cfg_items *it)
{
	if (it == NULL)
		return;
	cfg_items_clear(it);
	free(it->slots);
	free(it);
}

int
cfg_items_set(struct cfg_items *it, const char *key, const char *value)
{
	uint32_t	 h = key_hash(key);
	struct slot	*s;
	char		*v;

	if ((it->used + 1) * 4 >= it->nslots * 3 && grow(it) == -1)
		return -1;
	s = find(it, key, h);
	if ((v = strdup(value)) == NULL)
		return -1;
	if (s->key != NULL) {
		if (strcmp(s->value, value) == 0) {
			value_free(v);
			return 0;
		}
		value_free(s->value);
		s->value = v;
		stale(it);
		return 0;
	}
	if ((s->key = strdup(key)) == NULL) {
		value_free(v);
		return -1;
	}
	if (!s->dead)
		it->used++;
	s->dead = 0;
	s->value = v;
	s->hash = h;
	it->count++;
	stale(it);
	return 0;
}

const char *
cfg_items_get(const struct cfg_items *it, const char *key)
{
	struct slot	*s = find(it, key, key_hash(key));

	return s->key ? s->value : NULL;
}

static void
slot_kill(struct cfg_items *it, struct slot *s)
{
	free(s->key);
	value_free(s->value);
	s->key = NULL;
	s->value = NULL;
	s->dead = 1;
	it->count--;
}

int
cfg_items_del(struct cfg_items *it, const char *key)
{
	struct slot	*s = find(it, key, key_hash(key));

	if (s->key == NULL)
		return 0;
	slot_kill(it, s);
	stale(it);
	return 1;
}

size_t
cfg_items_del_tree(struct cfg_items *it, const char *key)
{
	size_t	i, n = 0;

	for (i = 0; i < it->nslots; i++) {
		if (it->slots[i].key && cfg_key_within(it->slots[i].key, key)) {
			slot_kill(it, &it->slots[i]);
			n++;
		}
	}
	if (n)
		stale(it);
	return n;
}

int
cfg_items_has_tree(const struct cfg_items *it, const char *key)
{
	size_t	i;

	if (cfg_items_get(it, key))
		return 1;
	for (i = 0; i < it->nslots; i++)
		if (it->slots[i].key && cfg_key_within(it->slots[i].key, key))
			return 1;
	return 0;
}

size_t
cfg_items_count(const struct cfg_items *it)
{
	return it->count;
}

static int
item_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cfg_item *)a)->key,
	    ((const struct cfg_item *)b)->key);
}

const struct cfg_item *
cfg_items_sorted(const struct cfg_items *cit, size_t *countp)
{
	/* The cache is logically const: it only mirrors the table. */
	struct cfg_items	*it = (struct cfg_items *)(uintptr_t)cit;
	size_t			 i, n = 0;

	*countp = it->count;
	if (it->sorted)
		return it->sorted;
	if ((it->sorted = calloc(it->count + 1, sizeof(*it->sorted))) == NULL)
		return NULL;
	for (i = 0; i < it->nslots; i++) {
		if (it->slots[i].key) {
			it->sorted[n].key = it->slots[i].key;
			it->sorted[n].value = it->slots[i].value;
			n++;
		}
	}
	qsort(it->sorted, n, sizeof(*it->sorted), item_cmp);
	return it->sorted;
}

int
cfg_items_copy(struct cfg_items *dst, const struct cfg_items *src)
{
	const struct cfg_item	*v;
	size_t			 n, i;

	cfg_items_clear(dst);
	if ((v = cfg_items_sorted(src, &n)) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (cfg_items_set(dst, v[i].key, v[i].value) == -1)
			return -1;
	return 0;
}

struct cfg_items *
cfg_items_dup(const struct cfg_items *src)
{
	struct cfg_items	*it;

	if ((it = cfg_items_new()) == NULL)
		return NULL;
	if (cfg_items_copy(it, src) == -1) {
		cfg_items_free(it);
		return NULL;
	}
	return it;
}

int
cfg_items_equal(const struct cfg_items *a, const struct cfg_items *b)
{
	size_t		 i;
	const char	*v;

	if (a->count != b->count)
		return 0;
	for (i = 0; i < a->nslots; i++) {
		if (a->slots[i].key == NULL)
			continue;
		v = cfg_items_get(b, a->slots[i].key);
		if (v == NULL || strcmp(v, a->slots[i].value) != 0)
			return 0;
	}
	return 1;
}

int
cfg_items_diff(const struct cfg_items *old, const struct cfg_items *new,
    int (*cb)(void *, const char *, const char *, const char *), void *arg)
{
	const struct cfg_item	*a, *b;
	size_t			 na, nb, i = 0, j = 0;
	int			 c, rc;

	if ((a = cfg_items_sorted(old, &na)) == NULL ||
	    (b = cfg_items_sorted(new, &nb)) == NULL)
		return -1;
	while (i < na || j < nb) {
		if (i == na)
			c = 1;
		else if (j == nb)
			c = -1;
		else
			c = strcmp(a[i].key, b[j].key);
		if (c < 0) {
			rc = cb(arg, a[i].key, a[i].value, NULL);
			i++;
		} else if (c > 0) {
			rc = cb(arg, b[j].key, NULL, b[j].value);
			j++;
		} else {
			rc = 0;
			if (strcmp(a[i].value, b[j].value) != 0)
				rc = cb(arg, a[i].key, a[i].value, b[j].value);
			i++;
			j++;
		}
		if (rc)
			return rc;
	}
	return 0;
}

size_t
cfg_key_depth(const char *key)
{
	size_t	n;

	if (*key == 0)
		return 0;
	for (n = 1; *key; key++)
		if (*key == CFG_KEY_SEP)
			n++;
	return n;
}

size_t
cfg_key_parent_len(const char *key)
{
	const char	*p = strrchr(key, CFG_KEY_SEP);

	return p ? (size_t)(p - key) : 0;
}

const char *
cfg_key_last(const char *key)
{
	const char	*p = strrchr(key, CFG_KEY_SEP);

	return p ? p + 1 : key;
}

int
cfg_key_within(const char *key, const char *prefix)
{
	size_t	n = strlen(prefix);

	if (strncmp(key, prefix, n) != 0)
		return 0;
	return key[n] == 0 || key[n] == CFG_KEY_SEP;
}
