/*
 * The engine's copy of the configuration (engine.h,
 * ike_engine_set_config): each tunnel's settings as a shared, reference
 * counted version (struct ike_peer, sa.h) that the SAs running with it
 * keep, looked up by tunnel id and by (local, remote) address in two open
 * addressing tables, and the ikev2 policies.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "ikev2/sa.h"

static struct ike_peer *
peer_of(const struct ike_cfg_peer *p)
{
	return (struct ike_peer *)(uintptr_t)((const char *)p -
	    offsetof(struct ike_peer, cfg));
}

/* Described in sa.h. */
const struct ike_cfg_peer *
ike_peer_get(const struct ike_cfg_peer *p)
{
	if (p != NULL)
		peer_of(p)->refs++;
	return p;
}

/* Described in sa.h. */
void
ike_peer_put(const struct ike_cfg_peer *p)
{
	struct ike_peer	*o;

	if (p == NULL)
		return;
	o = peer_of(p);
	if (--o->refs > 0)
		return;
	OPENSSL_cleanse(o, sizeof(*o));	/* pre-shared keys */
	free(o);
}

static size_t
hash32(uint32_t v)
{
	uint64_t	h = v * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h ^ h >> 29);
}

static size_t
peer_id_hash(uint32_t id)
{
	return hash32(id);
}

static size_t
peer_addr_hash(struct in_addr local, struct in_addr remote)
{
	return hash32(local.s_addr * 0x85ebca6bu ^ remote.s_addr);
}

/*
 * Fills the two lookup tables of a peer list.  Only the first of equal
 * keys is entered, so lookups find what a scan in configuration order
 * would.
 */
static void
peer_index(struct ike_peer **v, size_t n, struct ike_peer **by_id,
    struct ike_peer **by_addr, size_t cap)
{
	const struct ike_cfg_peer	*c, *o;
	size_t				 i, j, mask = cap - 1;

	for (i = 0; i < n; i++) {
		c = &v[i]->cfg;
		for (j = peer_id_hash(c->id) & mask; by_id[j] != NULL;
		    j = (j + 1) & mask)
			if (by_id[j]->cfg.id == c->id)
				break;
		if (by_id[j] == NULL)
			by_id[j] = v[i];
		for (j = peer_addr_hash(c->local, c->remote) & mask;
		    by_addr[j] != NULL; j = (j + 1) & mask) {
			o = &by_addr[j]->cfg;
			if (o->local.s_addr == c->local.s_addr &&
			    o->remote.s_addr == c->remote.s_addr)
				break;
		}
		if (by_addr[j] == NULL)
			by_addr[j] = v[i];
	}
}

/* Described in sa.h. */
void
ike_engine_cfg_release(struct ike_engine *e)
{
	size_t	i;

	for (i = 0; i < e->cfg.n_peers; i++)
		ike_peer_put(&e->peers[i]->cfg);
	free(e->peers);
	free(e->peer_by_id);
	free(e->peer_by_addr);
	free(e->policies);
	e->peers = e->peer_by_id = e->peer_by_addr = NULL;
	e->peer_cap = 0;
	e->policies = NULL;
	e->cfg.n_peers = e->cfg.n_policies = 0;
}

/*
 * Described in engine.h.  A tunnel whose settings did not change keeps
 * its object (and the SAs running with it share it); the others get a
 * new one.
 */
int
ike_engine_set_config(struct ike_engine *e, const struct ike_cfg *cfg)
{
	struct ike_peer		**v = NULL, **by_id = NULL, **by_addr = NULL;
	struct ike_cfg_policy	*q = NULL;
	const struct ike_cfg_peer *old;
	size_t			 i, cap = 4, made = 0;

	while (cap < 2 * cfg->n_peers)
		cap *= 2;
	if ((cfg->n_peers && (v = calloc(cfg->n_peers, sizeof(*v))) ==
	    NULL) || (by_id = calloc(cap, sizeof(*by_id))) == NULL ||
	    (by_addr = calloc(cap, sizeof(*by_addr))) == NULL ||
	    (cfg->n_policies &&
	    (q = calloc(cfg->n_policies, sizeof(*q))) == NULL))
		goto fail;
	for (made = 0; made < cfg->n_peers; made++) {
		old = ike_engine_peer(e, cfg->peers[made].id);
		if (old != NULL && memcmp(old, &cfg->peers[made],
		    sizeof(*old)) == 0) {
			v[made] = peer_of(ike_peer_get(old));
			continue;
		}
		if ((v[made] = malloc(sizeof(*v[made]))) == NULL)
			goto fail;
		v[made]->refs = 1;
		v[made]->cfg = cfg->peers[made];
	}
	peer_index(v, cfg->n_peers, by_id, by_addr, cap);
	if (cfg->n_policies)
		memcpy(q, cfg->policies, cfg->n_policies * sizeof(*q));
	ike_engine_cfg_release(e);
	e->cfg = *cfg;
	e->cfg.peers = NULL;		/* not kept: see e->peers */
	e->cfg.policies = q;
	e->peers = v;
	e->peer_by_id = by_id;
	e->peer_by_addr = by_addr;
	e->peer_cap = cap;
	e->policies = q;
	return 0;
fail:
	for (i = 0; i < made; i++)
		ike_peer_put(&v[i]->cfg);
	free(v);
	free(by_id);
	free(by_addr);
	free(q);
	return -1;
}


const struct ike_cfg_peer *
ike_engine_peer(const struct ike_engine *e, uint32_t id)
{
	size_t	j, mask = e->peer_cap - 1;

	if (e->peer_cap == 0)
		return NULL;
	for (j = peer_id_hash(id) & mask; e->peer_by_id[j] != NULL;
	    j = (j + 1) & mask)
		if (e->peer_by_id[j]->cfg.id == id)
			return &e->peer_by_id[j]->cfg;
	return NULL;
}

/* Described in sa.h. */
const struct ike_cfg_peer *
ike_engine_peer_by_addr(const struct ike_engine *e, struct in_addr local,
    struct in_addr remote)
{
	const struct ike_cfg_peer	*c;
	size_t				 j, mask = e->peer_cap - 1;

	if (e->peer_cap == 0)
		return NULL;
	for (j = peer_addr_hash(local, remote) & mask;
	    e->peer_by_addr[j] != NULL; j = (j + 1) & mask) {
		c = &e->peer_by_addr[j]->cfg;
		if (c->local.s_addr == local.s_addr &&
		    c->remote.s_addr == remote.s_addr)
			return c;
	}
	return NULL;
}

