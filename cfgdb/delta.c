/*
 * Pure item-set algebra for the store: applying a session's ordered edits
 * to a configuration, and the compact "changes" blob each history record
 * carries (encode, bounds-checked decode, undo).  No SQLite here.
 *
 * Edits are applied by walking them backwards: a set survives unless a
 * later set of the same key or a later delete of it (or of an ancestor)
 * shadows it, and a base item survives unless a set decided its key or a
 * delete covers it.  With hash lookups per key component this costs
 * O(items + edits * depth), where applying deletes forwards on an
 * unordered set would cost a full scan per `no` line.  The sets after the
 * last delete (all of them, in a batch of plain lines) go forwards.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "common/buf.h"
#include "cfgdb/items.h"
#include "cfgdb/store_priv.h"

#define EDIT_BLK_SIZE	(64 * 1024)

struct edit_blk {
	struct edit_blk	*next;
	size_t		 used, size;
	char		 data[];
};

/* Described in store_priv.h. */
void
edits_clear(struct edits *e)
{
	struct edit_blk	*b, *next;

	/* Values may be pre-shared keys: every string is wiped. */
	for (b = e->blk; b; b = next) {
		next = b->next;
		OPENSSL_cleanse(b->data, b->used);
		free(b);
	}
	free(e->v);
	memset(e, 0, sizeof(*e));
}

/* Room for n bytes of strings, or NULL. */
static char *
blk_alloc(struct edits *e, size_t n)
{
	struct edit_blk	*b = e->blk;
	size_t		 size;

	if (b == NULL || b->size - b->used < n) {
		size = n > EDIT_BLK_SIZE ? n : EDIT_BLK_SIZE;
		if ((b = malloc(sizeof(*b) + size)) == NULL)
			return NULL;
		b->used = 0;
		b->size = size;
		b->next = e->blk;
		e->blk = b;
	}
	b->used += n;
	return b->data + b->used - n;
}

int
edits_add(struct edits *e, int op, const char *key, const char *value)
{
	struct edit	*v;
	size_t		 cap, klen = strlen(key), vlen;
	char		*p;

	if (e->n == e->cap) {
		cap = e->cap ? e->cap * 2 : 64;
		if ((v = realloc(e->v, cap * sizeof(*v))) == NULL)
			return -1;
		e->v = v;
		e->cap = cap;
	}
	vlen = op == EDIT_SET ? strlen(value) + 1 : 0;
	if ((p = blk_alloc(e, klen + 1 + vlen)) == NULL)
		return -1;
	v = &e->v[e->n];
	v->op = op;
	v->key = p;
	memcpy(p, key, klen + 1);
	v->value = NULL;
	if (op == EDIT_SET) {
		v->value = p + klen + 1;
		memcpy(v->value, value, vlen);
	}
	e->n++;
	return 0;
}

int
edits_take(struct edits *dst, struct edits *src)
{
	struct edit_blk	*tail;
	struct edit	*v;
	size_t		 cap;

	if (src->n == 0)
		return 0;
	if (dst->n == 0) {
		edits_clear(dst);
		*dst = *src;
		memset(src, 0, sizeof(*src));
		return 0;
	}
	if (dst->cap - dst->n < src->n) {
		cap = dst->n + src->n;
		if ((v = realloc(dst->v, cap * sizeof(*v))) == NULL)
			return -1;
		dst->v = v;
		dst->cap = cap;
	}
	/*
	 * The strings change hands with their blocks, which go behind dst's
	 * newest one (where the next edits_add looks for room).
	 */
	memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
	for (tail = src->blk; tail && tail->next; tail = tail->next)
		;
	if (tail) {
		tail->next = dst->blk->next;
		dst->blk->next = src->blk;
	}
	free(src->v);
	memset(src, 0, sizeof(*src));
	return 0;
}

/* 1 when key or one of its ancestors is in dels.  scratch holds a copy of
 * key that is cut at each separator in turn. */
static int
covered(const struct cfg_items *dels, const char *key, char *scratch)
{
	size_t	n, i;

	if (dels == NULL || cfg_items_count(dels) == 0)
		return 0;
	n = strlen(key);
	if (cfg_items_get(dels, key))
		return 1;
	memcpy(scratch, key, n + 1);
	for (i = 0; i < n; i++) {
		if (scratch[i] != CFG_KEY_SEP)
			continue;
		scratch[i] = 0;
		if (cfg_items_get(dels, scratch))
			return 1;
		scratch[i] = CFG_KEY_SEP;
	}
	return 0;
}

static size_t
longest_key(const struct cfg_items *base, const struct edits *e)
{
	const struct cfg_item	*v;
	size_t			 n, i, l, max = 0;

	for (i = 0; i < e->n; i++)
		if ((l = strlen(e->v[i].key)) > max)
			max = l;
	if (base && (v = cfg_items_sorted(base, &n)) != NULL)
		for (i = 0; i < n; i++)
			if ((l = strlen(v[i].key)) > max)
				max = l;
	return max;
}

int
edits_apply(const struct cfg_items *base, const struct edits *e,
    const unsigned char *skip, struct cfg_items *out)
{
	struct cfg_items	*dels = NULL;
	const struct cfg_item	*v;
	const struct edit	*ed;
	char			*scratch = NULL;
	size_t			 i, n, tail;
	int			 rc = -1;

	cfg_items_clear(out);
	/*
	 * The sets after the last delete are shadowed by nothing but later
	 * sets of their own key: applied in order they need no lookups.
	 * Only the edits before it take the backward walk.
	 */
	for (tail = e->n; tail > 0; tail--)
		if (e->v[tail - 1].op == EDIT_DELETE &&
		    !(skip && skip[tail - 1]))
			break;
	for (i = tail; i < e->n; i++) {
		if (skip && skip[i])
			continue;
		if (cfg_items_set(out, e->v[i].key, e->v[i].value) == -1)
			goto out;
	}
	if (tail > 0 && ((dels = cfg_items_new()) == NULL ||
	    (scratch = malloc(longest_key(base, e) + 1)) == NULL))
		goto out;
	for (i = tail; i-- > 0;) {
		if (skip && skip[i])
			continue;
		ed = &e->v[i];
		if (ed->op == EDIT_DELETE) {
			if (cfg_items_set(dels, ed->key, "") == -1)
				goto out;
			continue;
		}
		/* out holds the sets decided so far: the later ones win. */
		if (cfg_items_get(out, ed->key) ||
		    covered(dels, ed->key, scratch))
			continue;
		if (cfg_items_set(out, ed->key, ed->value) == -1)
			goto out;
	}
	if (base) {
		if ((v = cfg_items_sorted(base, &n)) == NULL)
			goto out;
		for (i = 0; i < n; i++) {
			if (cfg_items_get(out, v[i].key) ||
			    covered(dels, v[i].key, scratch))
				continue;
			if (cfg_items_set(out, v[i].key, v[i].value) == -1)
				goto out;
		}
	}
	rc = 0;
out:
	free(scratch);
	cfg_items_free(dels);
	return rc;
}

/*
 * The changes blob.  Layout 2, written since keys are front-coded: a
 * marker of four 0xff bytes, u8 2, u32 count, then per change u8 flags,
 * the key as varint length shared with the previous key, varint suffix
 * length and suffix, and each value present as varint length and bytes.
 * Sorted keys share long prefixes ("interface tunnel-ip7\x1ftunnel ..."),
 * so a first commit of a large configuration stores half the bytes.
 * Layout 1, in older databases, has a u32 count first, and every length
 * a u32; the marker cannot be such a count (each change takes at least 10
 * bytes, and SQLite holds at most 1 GB in a blob).
 */
#define DELTA_MARKER	0xffffffffU
#define DELTA_LAYOUT	2

struct enc {
	struct buf		*out;
	struct delta_counts	*counts;
	uint32_t		 n;
	const char		*prev;		/* previous key (borrowed) */
	size_t			 prevlen;
};

/* Unsigned LEB128 of a length into p (room for 5 bytes); the byte count. */
static size_t
put_varint(uint8_t *p, size_t v)
{
	size_t	i = 0;

	do {
		p[i] = v & 0x7f;
		v >>= 7;
		if (v)
			p[i] |= 0x80;
		i++;
	} while (v);
	return i;
}

static int
enc_cb(void *arg, const char *key, const char *o, const char *n)
{
	struct enc	*e = arg;
	struct buf	*b = e->out;
	size_t		 klen = strlen(key), olen = o ? strlen(o) : 0;
	size_t		 nlen = n ? strlen(n) : 0, shared = 0;
	uint8_t		*p;

	/* Lengths are at most 32 bits: varints of at most 5 bytes. */
	if (klen > UINT32_MAX || olen > UINT32_MAX || nlen > UINT32_MAX)
		return -1;
	while (shared < e->prevlen && key[shared] == e->prev[shared])
		shared++;
	/* Written in place: one room check per change. */
	if (buf_reserve(b, 1 + 5 * 4 + klen - shared + olen + nlen + 1) == -1)
		return -1;
	p = b->data + b->len;
	*p++ = (o ? 1 : 0) | (n ? 2 : 0);
	p += put_varint(p, shared);
	p += put_varint(p, klen - shared);
	memcpy(p, key + shared, klen - shared);
	p += klen - shared;
	if (o) {
		p += put_varint(p, olen);
		memcpy(p, o, olen);
		p += olen;
	}
	if (n) {
		p += put_varint(p, nlen);
		memcpy(p, n, nlen);
		p += nlen;
	}
	b->len = (size_t)(p - b->data);
	*p = 0;		/* as buf_add leaves it */
	if (o && n)
		e->counts->changed++;
	else if (n)
		e->counts->added++;
	else
		e->counts->removed++;
	e->prev = key;
	e->prevlen = klen;
	e->n++;
	return 0;
}

/* Described in store_priv.h. */
int
delta_encode(const struct cfg_items *old, const struct cfg_items *new,
    struct buf *out, struct delta_counts *counts)
{
	struct enc	e = { out, counts, 0, "", 0 };
	size_t		start;

	memset(counts, 0, sizeof(*counts));
	if (buf_add_u32(out, DELTA_MARKER) == -1 ||
	    buf_add_u8(out, DELTA_LAYOUT) == -1)
		return -1;
	start = out->len;
	if (buf_add_u32(out, 0) == -1)
		return -1;
	if (cfg_items_diff(old, new, enc_cb, &e) != 0)
		return -1;
	buf_put_u32_at(out, start, e.n);
	return 0;
}

static int
get_varint(struct rd *r, uint32_t *v)
{
	uint64_t	x = 0;
	uint8_t		c;
	int		i;

	for (i = 0; i < 5; i++) {
		if (rd_u8(r, &c) == -1)
			return -1;
		x |= (uint64_t)(c & 0x7f) << (7 * i);
		if (!(c & 0x80)) {
			/* One form per value: no empty top group, 32 bits. */
			if ((i > 0 && c == 0) || x > UINT32_MAX)
				return -1;
			*v = (uint32_t)x;
			return 0;
		}
	}
	return -1;
}

/* Reads a string of a layout into b as a C string; rejects NUL bytes. */
static int
get_str(struct rd *r, int layout, struct buf *b)
{
	const uint8_t	*p;
	uint32_t	 n;

	if ((layout == 1 ? rd_u32(r, &n) : get_varint(r, &n)) == -1 ||
	    rd_take(r, &p, n) == -1)
		return -1;
	if (n && memchr(p, 0, n) != NULL)
		return -1;
	buf_reset(b);
	return buf_add(b, p, n);	/* buf_add keeps a NUL after */
}

static const char *
cstr(const struct buf *b)
{
	return b->data ? (const char *)b->data : "";
}

/*
 * The next key of layout 2 into key, which holds the previous one.  Keys
 * strictly increase and share exactly their common prefix with the one
 * before, so a blob has one form: the suffix is not empty and its first
 * byte sorts after the previous key's byte at that place.
 */
static int
get_key2(struct rd *r, struct buf *key)
{
	const uint8_t	*s;
	uint32_t	 shared, n;

	if (get_varint(r, &shared) == -1 || get_varint(r, &n) == -1 ||
	    rd_take(r, &s, n) == -1)
		return -1;
	if (n == 0 || shared > key->len || memchr(s, 0, n) != NULL)
		return -1;
	if (shared < key->len && s[0] <= key->data[shared])
		return -1;
	key->len = shared;
	return buf_add(key, s, n);
}

int
delta_decode(const uint8_t *p, size_t len,
    int (*cb)(void *, const char *, const char *, const char *), void *arg)
{
	struct rd	r;
	struct buf	key = { 0 }, prev = { 0 }, o = { 0 }, n = { 0 };
	uint32_t	count, i;
	uint8_t		flags, layout = 1;
	int		rc = -1;

	rd_init(&r, p, len);
	if (rd_u32(&r, &count) == -1)
		goto out;
	if (count == DELTA_MARKER && (rd_u8(&r, &layout) == -1 ||
	    layout != DELTA_LAYOUT || rd_u32(&r, &count) == -1))
		goto out;
	for (i = 0; i < count; i++) {
		if (rd_u8(&r, &flags) == -1 || flags == 0 || flags > 3)
			goto out;
		if (layout == DELTA_LAYOUT) {
			if (get_key2(&r, &key) == -1)
				goto out;
		} else {
			if (get_str(&r, 1, &key) == -1 || key.len == 0)
				goto out;
			/* Keys come from a sorted diff: strictly increasing. */
			if (i > 0 && strcmp(cstr(&key), cstr(&prev)) <= 0)
				goto out;
			buf_reset(&prev);
			if (buf_add(&prev, key.data, key.len) == -1)
				goto out;
		}
		if ((flags & 1) && get_str(&r, layout, &o) == -1)
			goto out;
		if ((flags & 2) && get_str(&r, layout, &n) == -1)
			goto out;
		if ((rc = cb(arg, cstr(&key), (flags & 1) ? cstr(&o) : NULL,
		    (flags & 2) ? cstr(&n) : NULL)) != 0)
			goto out;
		rc = -1;
	}
	if (rd_left(&r) != 0)
		goto out;
	rc = 0;
out:
	buf_free(&key);
	buf_free(&prev);
	buf_free(&o);
	buf_free(&n);
	return rc;
}

static int
undo_cb(void *arg, const char *key, const char *o, const char *n)
{
	struct cfg_items	*cfg = arg;

	(void)n;
	if (o)
		return cfg_items_set(cfg, key, o);
	cfg_items_del(cfg, key);
	return 0;
}

int
delta_undo(struct cfg_items *cfg, const uint8_t *p, size_t len)
{
	return delta_decode(p, len, undo_cb, cfg) == 0 ? 0 : -1;
}
