/*
 * The recording no-op data plane (see dp_none.h).  SAs live in an
 * open-addressing hash table keyed by (destination, SPI), so a daemon with
 * thousands of Child SAs (bench/ike-rate) pays O(1) per call.  A reserved
 * SPI is a "larval" entry, as in the kernel's XFRM_MSG_ALLOCSPI, until the
 * SA is added or the reservation is deleted.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "platform/dp_none.h"

#define SLOT_EMPTY	0
#define SLOT_USED	1
#define SLOT_TOMB	2

struct slot {
	uint8_t		state;
	uint8_t		larval;
	struct dp_sa	sa;		/* key pointers always NULL */
};

struct dp_none {
	struct dp	 dp;		/* first: the interface */
	int		(*rand)(void *, void *, size_t);
	void		*rand_arg;
	struct slot	*slots;
	size_t		 cap;		/* power of two */
	size_t		 used;		/* USED slots */
	size_t		 tombs;
	size_t		 larval;
	uint32_t	*tunnels;
	size_t		 n_tunnels, cap_tunnels;
	size_t		 policies;
	uint64_t	 adds, dels;
};

static void
seterr(char *err, size_t errlen, const char *msg)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s", msg);
}

static size_t
hash(struct in_addr dst, uint32_t spi)
{
	uint64_t	h = ((uint64_t)dst.s_addr << 32) | spi;

	/* SPIs are random already; mix so sequential ones spread too. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h;
}

static struct slot *
lookup(const struct dp_none *n, struct in_addr dst, uint32_t spi)
{
	size_t	i, mask;

	if (n->cap == 0)
		return NULL;
	mask = n->cap - 1;
	for (i = hash(dst, spi) & mask;; i = (i + 1) & mask) {
		struct slot *s = &n->slots[i];

		if (s->state == SLOT_EMPTY)
			return NULL;
		if (s->state == SLOT_USED && s->sa.spi == spi &&
		    s->sa.dst.s_addr == dst.s_addr)
			return s;
	}
}

static int
rehash(struct dp_none *n, size_t cap)
{
	struct slot	*old = n->slots, *v;
	size_t		 oldcap = n->cap, i, j;

	if ((v = calloc(cap, sizeof(*v))) == NULL)
		return -1;
	for (i = 0; i < oldcap; i++) {
		if (old[i].state != SLOT_USED)
			continue;
		for (j = hash(old[i].sa.dst, old[i].sa.spi) & (cap - 1);
		    v[j].state == SLOT_USED; j = (j + 1) & (cap - 1))
			;
		v[j] = old[i];
	}
	free(old);
	n->slots = v;
	n->cap = cap;
	n->tombs = 0;
	return 0;
}

/* A fresh USED slot for (dst, spi), which must not be present. */
static struct slot *
insert(struct dp_none *n, struct in_addr dst, uint32_t spi)
{
	size_t	i, mask;

	/* Keep the load (entries and tombstones) under 1/2. */
	if ((n->used + n->tombs + 1) * 2 > n->cap &&
	    rehash(n, n->cap == 0 ? 64 : (n->used + 1) * 4 > n->cap ?
	    n->cap * 2 : n->cap) == -1)
		return NULL;
	mask = n->cap - 1;
	for (i = hash(dst, spi) & mask; n->slots[i].state == SLOT_USED;
	    i = (i + 1) & mask)
		;
	if (n->slots[i].state == SLOT_TOMB)
		n->tombs--;
	memset(&n->slots[i], 0, sizeof(n->slots[i]));
	n->slots[i].state = SLOT_USED;
	n->slots[i].sa.dst = dst;
	n->slots[i].sa.spi = spi;
	n->used++;
	return &n->slots[i];
}

static void
remove_slot(struct dp_none *n, struct slot *s)
{
	if (s->larval)
		n->larval--;
	memset(s, 0, sizeof(*s));
	s->state = SLOT_TOMB;
	n->used--;
	n->tombs++;
}

static int
none_rand(struct dp_none *n, void *buf, size_t len)
{
	if (n->rand != NULL)
		return n->rand(n->rand_arg, buf, len);
	return getrandom(buf, len, 0) == (ssize_t)len ? 0 : -1;
}

static int
none_get_spi(struct dp *dp, struct in_addr src, struct in_addr dst,
    uint8_t proto, uint32_t reqid, uint32_t *spi, char *err, size_t errlen)
{
	struct dp_none	*n = (struct dp_none *)dp;
	struct slot	*s;
	uint32_t	 v;
	int		 tries;

	for (tries = 0; tries < 64; tries++) {
		if (none_rand(n, &v, sizeof(v)) == -1) {
			seterr(err, errlen, "no randomness for an SPI");
			return -1;
		}
		if (v < 256 || lookup(n, dst, v) != NULL)
			continue;
		if ((s = insert(n, dst, v)) == NULL) {
			seterr(err, errlen, "out of memory");
			return -1;
		}
		s->larval = 1;
		s->sa.src = src;
		s->sa.proto = proto;
		s->sa.reqid = reqid;
		s->sa.dir = DP_DIR_IN;
		n->larval++;
		*spi = v;
		return 0;
	}
	seterr(err, errlen, "no free SPI");
	return -1;
}

static int
none_add_sa(struct dp *dp, const struct dp_sa *sa, char *err, size_t errlen)
{
	struct dp_none	*n = (struct dp_none *)dp;
	struct slot	*s;

	if (sa->spi < 256 || sa->proto != DP_PROTO_ESP ||
	    (sa->dir != DP_DIR_IN && sa->dir != DP_DIR_OUT)) {
		seterr(err, errlen, "invalid SA");
		return -1;
	}
	s = lookup(n, sa->dst, sa->spi);
	if (s != NULL && !s->larval) {
		seterr(err, errlen, "SPI already installed");
		return -1;
	}
	if (s == NULL && (s = insert(n, sa->dst, sa->spi)) == NULL) {
		seterr(err, errlen, "out of memory");
		return -1;
	}
	if (s->larval) {
		s->larval = 0;
		n->larval--;
	}
	s->sa = *sa;
	s->sa.encr_key = NULL;
	s->sa.integ_key = NULL;
	n->adds++;
	return 0;
}

static int
none_update_sa(struct dp *dp, const struct dp_sa_key *key, int encap,
    uint16_t sport, uint16_t dport, char *err, size_t errlen)
{
	struct slot	*s;

	s = lookup((struct dp_none *)dp, key->dst, key->spi);
	if (s == NULL || s->larval) {
		seterr(err, errlen, "no such SA");
		return -1;
	}
	s->sa.encap = encap;
	s->sa.encap_sport = sport;
	s->sa.encap_dport = dport;
	return 0;
}

static int
none_del_sa(struct dp *dp, const struct dp_sa_key *key, char *err,
    size_t errlen)
{
	struct dp_none	*n = (struct dp_none *)dp;
	struct slot	*s = lookup(n, key->dst, key->spi);

	if (s != NULL) {
		if (!s->larval)
			n->dels++;
		remove_slot(n, s);
	}
	return 0;
}

static int
none_query_sa(struct dp *dp, const struct dp_sa_key *key,
    struct dp_sa_stats *st, char *err, size_t errlen)
{
	struct slot	*s;

	s = lookup((struct dp_none *)dp, key->dst, key->spi);
	if (s == NULL || s->larval) {
		seterr(err, errlen, "no such SA");
		return -1;
	}
	/* Nothing moves, so nothing is counted. */
	memset(st, 0, sizeof(*st));
	return 0;
}

static int
none_add_policy(struct dp *dp, const struct dp_policy *pol, char *err,
    size_t errlen)
{
	((struct dp_none *)dp)->policies++;
	return 0;
}

static int
none_del_policy(struct dp *dp, const struct dp_policy *pol, char *err,
    size_t errlen)
{
	struct dp_none	*n = (struct dp_none *)dp;

	if (n->policies > 0)
		n->policies--;
	return 0;
}

static int
none_flush(struct dp *dp, char *err, size_t errlen)
{
	struct dp_none	*n = (struct dp_none *)dp;

	free(n->slots);
	n->slots = NULL;
	n->cap = n->used = n->tombs = n->larval = 0;
	n->policies = 0;
	return 0;
}

static int
none_tunnel_create(struct dp *dp, const struct dp_tunnel *t, char *err,
    size_t errlen)
{
	struct dp_none	*n = (struct dp_none *)dp;
	uint32_t	*v;
	size_t		 i;

	for (i = 0; i < n->n_tunnels; i++)
		if (n->tunnels[i] == t->if_id)
			return 0;	/* an update: nothing to record */
	if (n->n_tunnels == n->cap_tunnels) {
		size_t cap = n->cap_tunnels ? n->cap_tunnels * 2 : 8;

		if ((v = realloc(n->tunnels, cap * sizeof(*v))) == NULL) {
			seterr(err, errlen, "out of memory");
			return -1;
		}
		n->tunnels = v;
		n->cap_tunnels = cap;
	}
	n->tunnels[n->n_tunnels++] = t->if_id;
	return 0;
}

static int
none_tunnel_delete(struct dp *dp, uint32_t if_id, char *err, size_t errlen)
{
	struct dp_none	*n = (struct dp_none *)dp;
	size_t		 i;

	for (i = 0; i < n->n_tunnels; i++)
		if (n->tunnels[i] == if_id) {
			n->tunnels[i] = n->tunnels[--n->n_tunnels];
			break;
		}
	return 0;
}

static void
none_destroy(struct dp *dp)
{
	struct dp_none	*n = (struct dp_none *)dp;

	if (n == NULL)
		return;
	free(n->slots);
	free(n->tunnels);
	free(n);
}

static void
none_info(struct dp *dp, struct dp_info *info)
{
	const struct dp_none	*n = (const struct dp_none *)dp;

	memset(info, 0, sizeof(*info));
	snprintf(info->mode, sizeof(info->mode), "none (SAs recorded, no "
	    "packets moved)");
	info->tunnels = n->n_tunnels;
	info->sas = n->used - n->larval;
}

/* Described in header. */
struct dp *
dp_none_new(int (*rand)(void *, void *, size_t), void *rand_arg)
{
	struct dp_none	*n;

	if ((n = calloc(1, sizeof(*n))) == NULL)
		return NULL;
	n->rand = rand;
	n->rand_arg = rand_arg;
	n->dp.name = "none";
	n->dp.get_spi = none_get_spi;
	n->dp.add_sa = none_add_sa;
	n->dp.update_sa = none_update_sa;
	n->dp.del_sa = none_del_sa;
	n->dp.query_sa = none_query_sa;
	n->dp.add_policy = none_add_policy;
	n->dp.del_policy = none_del_policy;
	n->dp.flush = none_flush;
	n->dp.tunnel_if_create = none_tunnel_create;
	n->dp.tunnel_if_delete = none_tunnel_delete;
	n->dp.info = none_info;
	n->dp.event_fd = -1;
	n->dp.destroy = none_destroy;
	return &n->dp;
}

/* Described in header. */
void
dp_none_counts(const struct dp *dp, struct dp_none_counts *out)
{
	const struct dp_none	*n = (const struct dp_none *)dp;

	memset(out, 0, sizeof(*out));
	out->sas = n->used - n->larval;
	out->larval = n->larval;
	out->tunnels = n->n_tunnels;
	out->policies = n->policies;
	out->adds = n->adds;
	out->dels = n->dels;
}

/* Described in header. */
const struct dp_sa *
dp_none_find(const struct dp *dp, struct in_addr dst, uint32_t spi)
{
	const struct slot *s = lookup((const struct dp_none *)dp, dst, spi);

	return s != NULL && !s->larval ? &s->sa : NULL;
}
