/*
 * Timer heap with lazy deletion (see timers.h).  Pure data structure: the
 * caller supplies every time value.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mgmtsecd/timers.h"

static size_t
thash(int kind, uint64_t id)
{
	uint64_t	h = id ^ ((uint64_t)kind << 56);

	h ^= h >> 31;
	h *= 0x9e3779b97f4a7c15ULL;
	h ^= h >> 29;
	return (size_t)h;
}

static struct dmn_tslot *
slot_find(const struct dmn_timers *t, int kind, uint64_t id)
{
	size_t	i, mask;

	if (t->mapcap == 0)
		return NULL;
	mask = t->mapcap - 1;
	for (i = thash(kind, id) & mask;; i = (i + 1) & mask) {
		struct dmn_tslot *s = &t->map[i];

		if (s->seq == 0 && !s->tomb)
			return NULL;
		if (s->seq != 0 && s->id == id && s->kind == kind)
			return s;
	}
}

static int
map_grow(struct dmn_timers *t)
{
	struct dmn_tslot	*old = t->map, *v;
	size_t			 oldcap = t->mapcap, cap, i, j;

	cap = oldcap == 0 ? 64 : (t->live + 1) * 4 > oldcap ? oldcap * 2 :
	    oldcap;
	if ((v = calloc(cap, sizeof(*v))) == NULL)
		return -1;
	for (i = 0; i < oldcap; i++) {
		if (old[i].seq == 0)
			continue;
		for (j = thash(old[i].kind, old[i].id) & (cap - 1);
		    v[j].seq != 0; j = (j + 1) & (cap - 1))
			;
		v[j] = old[i];
	}
	free(old);
	t->map = v;
	t->mapcap = cap;
	t->tombs = 0;
	return 0;
}

static struct dmn_tslot *
slot_add(struct dmn_timers *t, int kind, uint64_t id)
{
	size_t	i, mask;

	if ((t->live + t->tombs + 1) * 2 > t->mapcap && map_grow(t) == -1)
		return NULL;
	mask = t->mapcap - 1;
	for (i = thash(kind, id) & mask; t->map[i].seq != 0;
	    i = (i + 1) & mask)
		;
	if (t->map[i].tomb)
		t->tombs--;
	memset(&t->map[i], 0, sizeof(t->map[i]));
	t->map[i].id = id;
	t->map[i].kind = (uint8_t)kind;
	t->live++;
	return &t->map[i];
}

static void
slot_del(struct dmn_timers *t, struct dmn_tslot *s)
{
	memset(s, 0, sizeof(*s));
	s->tomb = 1;
	t->live--;
	t->tombs++;
}

static int
before(const struct dmn_tentry *a, const struct dmn_tentry *b)
{
	return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

static void
sift_up(struct dmn_tentry *h, size_t i)
{
	struct dmn_tentry	x = h[i];

	while (i > 0 && before(&x, &h[(i - 1) / 2])) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = x;
}

static void
sift_down(struct dmn_tentry *h, size_t n, size_t i)
{
	struct dmn_tentry	x = h[i];
	size_t			c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && before(&h[c + 1], &h[c]))
			c++;
		if (!before(&h[c], &x))
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = x;
}

/* An entry is live when the map still holds its sequence number. */
static int
entry_live(const struct dmn_timers *t, const struct dmn_tentry *e)
{
	const struct dmn_tslot	*s = slot_find(t, e->kind, e->id);

	return s != NULL && s->seq == e->seq;
}

/* Drops stale entries once they are most of the heap. */
static void
compact(struct dmn_timers *t)
{
	size_t	i, k = 0;

	if (t->n < 64 || t->n < 2 * t->live)
		return;
	for (i = 0; i < t->n; i++)
		if (entry_live(t, &t->heap[i]))
			t->heap[k++] = t->heap[i];
	t->n = k;
	for (i = t->n / 2; i-- > 0;)
		sift_down(t->heap, t->n, i);
}

void
dmn_timers_init(struct dmn_timers *t)
{
	memset(t, 0, sizeof(*t));
}

void
dmn_timers_free(struct dmn_timers *t)
{
	free(t->heap);
	free(t->map);
	memset(t, 0, sizeof(*t));
}

int
dmn_timer_set(struct dmn_timers *t, int kind, uint64_t id, uint64_t at)
{
	struct dmn_tslot	*s;
	struct dmn_tentry	*h;

	if ((s = slot_find(t, kind, id)) != NULL && s->at == at)
		return 0;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;

		if ((h = realloc(t->heap, cap * sizeof(*h))) == NULL)
			return -1;
		t->heap = h;
		t->cap = cap;
	}
	if (s == NULL && (s = slot_add(t, kind, id)) == NULL)
		return -1;
	s->seq = ++t->seq;
	s->at = at;
	t->heap[t->n].at = at;
	t->heap[t->n].id = id;
	t->heap[t->n].seq = s->seq;
	t->heap[t->n].kind = (uint8_t)kind;
	sift_up(t->heap, t->n++);
	compact(t);
	return 0;
}

void
dmn_timer_cancel(struct dmn_timers *t, int kind, uint64_t id)
{
	struct dmn_tslot	*s = slot_find(t, kind, id);

	if (s != NULL)
		slot_del(t, s);
}

int
dmn_timer_get(const struct dmn_timers *t, int kind, uint64_t id,
    uint64_t *at)
{
	const struct dmn_tslot	*s = slot_find(t, kind, id);

	if (s == NULL)
		return 0;
	*at = s->at;
	return 1;
}

/* Pops stale entries off the top. */
static void
skim(struct dmn_timers *t)
{
	while (t->n > 0 && !entry_live(t, &t->heap[0])) {
		t->heap[0] = t->heap[--t->n];
		if (t->n > 0)
			sift_down(t->heap, t->n, 0);
	}
}

int
dmn_timer_next(struct dmn_timers *t, uint64_t *at)
{
	skim(t);
	if (t->n == 0)
		return 0;
	*at = t->heap[0].at;
	return 1;
}

int
dmn_timer_pop(struct dmn_timers *t, uint64_t now, int *kind, uint64_t *id)
{
	struct dmn_tslot	*s;

	skim(t);
	if (t->n == 0 || t->heap[0].at > now)
		return 0;
	*kind = t->heap[0].kind;
	*id = t->heap[0].id;
	if ((s = slot_find(t, *kind, *id)) != NULL)
		slot_del(t, s);
	t->heap[0] = t->heap[--t->n];
	if (t->n > 0)
		sift_down(t->heap, t->n, 0);
	return 1;
}

size_t
dmn_timers_live(const struct dmn_timers *t)
{
	return t->live;
}
