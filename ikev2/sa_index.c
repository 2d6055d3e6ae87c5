/*
 * The engine's indexes of its IKE SAs (sa.h): hash tables with chains
 * threaded through the SAs themselves, one per key an event looks SAs up
 * by (SA id, our SPI, the initiator's SPI of responder SAs, tunnel id,
 * the peer address of half-open SAs), so that routing a datagram, firing
 * a timer or resolving duplicates of a tunnel costs the same with ten SAs
 * as with ten thousand.  A chain holds SAs of several keys; lookups
 * compare the key.  A table doubles when it holds more SAs than it has
 * buckets; if memory for that runs out, chains just grow longer.  SAs
 * enter at the head of their chain and a rehash keeps the order, so the
 * SAs of one key come newest first, as in the engine's list.
 */
#include "config.h"

#include <stdlib.h>

#include "ikev2/sa.h"

#define IDX_MIN_BUCKETS	16

static size_t
hash64(uint64_t v)
{
	v ^= v >> 33;
	v *= 0xff51afd7ed558ccdULL;
	v ^= v >> 33;
	return (size_t)v;
}

/* Described in sa.h. */
uint64_t
ike_sa_my_spi(const struct ike_sa *sa)
{
	return sa->initiator ? sa->spi_i : sa->spi_r;
}

/* Described in sa.h. */
uint64_t
ike_sa_idx_key(const struct ike_sa *sa, enum ike_sa_idx i)
{
	switch (i) {
	case IKE_IDX_ID:
		return sa->id;
	case IKE_IDX_SPI:
		return ike_sa_my_spi(sa);
	case IKE_IDX_PSPI:
		return sa->spi_i;
	case IKE_IDX_PEER:
		return sa->peer != NULL ? sa->peer->id : 0;
	case IKE_IDX_HALFOPEN:
		return sa->remote.ip.s_addr;
	default:
		return 0;
	}
}

static int
idx_grow(struct ike_sa_table *t, enum ike_sa_idx i)
{
	struct ike_sa	**b, **pp, *sa, *n;
	size_t		  nb = t->nb ? t->nb * 2 : IDX_MIN_BUCKETS, k;

	if ((b = calloc(nb, sizeof(*b))) == NULL)
		return -1;
	for (k = 0; k < t->nb; k++)
		for (sa = t->b[k]; sa != NULL; sa = n) {
			n = sa->hnext[i];
			/* Appended: chains stay in their order. */
			pp = &b[hash64(ike_sa_idx_key(sa, i)) & (nb - 1)];
			while (*pp != NULL)
				pp = &(*pp)->hnext[i];
			sa->hnext[i] = NULL;
			*pp = sa;
		}
	free(t->b);
	t->b = b;
	t->nb = nb;
	return 0;
}

/* Described in sa.h. */
void
ike_sa_idx_add(struct ike_sa *sa, enum ike_sa_idx i)
{
	struct ike_sa_table	*t = &sa->eng->idx[i];
	size_t			 h;

	if (sa->in_idx & (1u << i))
		return;
	if ((t->n >= t->nb && idx_grow(t, i) == -1 && t->nb == 0))
		return;		/* no table at all: not indexed */
	h = hash64(ike_sa_idx_key(sa, i)) & (t->nb - 1);
	sa->hnext[i] = t->b[h];
	t->b[h] = sa;
	t->n++;
	sa->in_idx |= 1u << i;
}

/* Described in sa.h. */
void
ike_sa_idx_del(struct ike_sa *sa, enum ike_sa_idx i)
{
	struct ike_sa_table	*t = &sa->eng->idx[i];
	struct ike_sa		**pp;

	if (!(sa->in_idx & (1u << i)))
		return;
	pp = &t->b[hash64(ike_sa_idx_key(sa, i)) & (t->nb - 1)];
	for (; *pp != NULL; pp = &(*pp)->hnext[i])
		if (*pp == sa) {
			*pp = sa->hnext[i];
			t->n--;
			break;
		}
	sa->hnext[i] = NULL;
	sa->in_idx &= ~(1u << i);
}

/* Described in sa.h. */
struct ike_sa *
ike_sa_idx_first(const struct ike_engine *e, enum ike_sa_idx i, uint64_t key)
{
	const struct ike_sa_table	*t = &e->idx[i];
	struct ike_sa			*sa;

	if (t->nb == 0)
		return NULL;
	for (sa = t->b[hash64(key) & (t->nb - 1)]; sa != NULL;
	    sa = sa->hnext[i])
		if (ike_sa_idx_key(sa, i) == key)
			return sa;
	return NULL;
}

/* Described in sa.h. */
struct ike_sa *
ike_sa_idx_next(const struct ike_sa *sa, enum ike_sa_idx i)
{
	uint64_t	 key = ike_sa_idx_key(sa, i);
	struct ike_sa	*n;

	for (n = sa->hnext[i]; n != NULL; n = n->hnext[i])
		if (ike_sa_idx_key(n, i) == key)
			return n;
	return NULL;
}

/* Described in sa.h. */
void
ike_sa_idx_free(struct ike_engine *e)
{
	size_t	i;

	for (i = 0; i < IKE_IDX_MAX; i++) {
		free(e->idx[i].b);
		e->idx[i].b = NULL;
		e->idx[i].nb = e->idx[i].n = 0;
	}
}
