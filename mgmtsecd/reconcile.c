/*
 * Reconcile: the running configuration at its generation against what the
 * daemon runs, changing only what changed (SPEC section 6).  Per tunnel:
 *
 *	new and usable			-> created: initiate
 *	gone				-> deleted: Delete to the peer
 *	negotiation settings changed	-> restarted: delete, set up again
 *	(proposal, profile, keys, lifetimes, addresses, DPD)
 *	only data-plane settings changed -> updated: interface changed,
 *	(inner address, MTU)		   SAs kept
 *	unusable (bad reference, source	-> failed, with the reason
 *	without an address) or shut down  (shut down: SAs deleted)
 *	nothing changed			-> nothing, SAs untouched
 *
 * "Changed" compares SHA-256 digests of the engine peer the tunnel maps to
 * (cfgmap.c), so an unrelated commit never disturbs a tunnel.  Sources are
 * re-resolved at every housekeeping tick, so a tunnel waiting for its
 * address comes up when the address appears.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "mgmtsecd/daemon.h"
#include "mgmtsecd/log.h"
#include "mgmtsecd/pki.h"
#include "cfgdb/commit.h"
#include "mgmtsecd/resolve.h"

static void	dp_tunnel_delete(struct dmn *d, struct dmn_tunnel *t);

struct rc_reply {
	struct ctl_rec	***recs;
	size_t		  *n;
	char		   first_err[DMN_ERR_MAX];
	int		   oom;
};

static void
digest(const void *p, size_t len, uint8_t out[32])
{
	unsigned int	n = 32;

	if (EVP_Digest(p, len, out, &n, EVP_sha256(), NULL) != 1)
		memset(out, 0xff, 32);	/* never equal to a real one */
}

static void
report(struct rc_reply *r, const struct dmn_tunnel *t, const char *action,
    const char *error)
{
	struct ctl_rec	*rec, **v;
	char		 obj[64];

	if (error != NULL && r != NULL && r->first_err[0] == '\0')
		snprintf(r->first_err, sizeof(r->first_err), "%s: %s", t->name,
		    error);
	if (error != NULL)
		dmn_log(DMN_LOG_WARN, "%s: %s: %s", t->name, action, error);
	else
		dmn_log(DMN_LOG_INFO, "%s: %s", t->name, action);
	if (r == NULL || r->recs == NULL)
		return;
	snprintf(obj, sizeof(obj), "interface %s", t->name);
	if ((rec = ctl_rec_new()) == NULL ||
	    ctl_rec_add_str(rec, CTL_K_OBJECT, obj) == -1 ||
	    ctl_rec_add_str(rec, CTL_K_ACTION, action) == -1 ||
	    (error != NULL && ctl_rec_add_str(rec, CTL_K_ERROR, error) == -1) ||
	    (v = realloc(*r->recs, (*r->n + 1) * sizeof(*v))) == NULL) {
		ctl_rec_free(rec);
		r->oom = 1;
		return;
	}
	v[(*r->n)++] = rec;
	*r->recs = v;
}

/*
 * Tunnel table
 */

static struct dmn_tunnel *
tunnel_new(struct dmn *d, const struct dmn_tcfg *c)
{
	struct dmn_tunnel	*t, **v;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	if (d->next_id == 0)
		d->next_id = 1;
	if (d->next_id >= d->n_by_id) {
		size_t n = d->n_by_id ? d->n_by_id * 2 : 64;

		if ((v = realloc(d->by_id, n * sizeof(*v))) == NULL) {
			free(t);
			return NULL;
		}
		memset(v + d->n_by_id, 0, (n - d->n_by_id) * sizeof(*v));
		d->by_id = v;
		d->n_by_id = n;
	}
	if ((v = realloc(d->tunnels, (d->n_tunnels + 1) *
	    sizeof(*v))) == NULL) {
		free(t);
		return NULL;
	}
	d->tunnels = v;
	/* Ids are never reused: SAs of a deleted tunnel may still be on
	 * their way out under the old id. */
	t->id = d->next_id++;
	snprintf(t->name, sizeof(t->name), "%s", c->name);
	t->unit = c->unit;
	d->by_id[t->id] = t;
	d->tunnels[d->n_tunnels++] = t;
	return t;
}

static void
tunnel_drop(struct dmn *d, size_t i)
{
	struct dmn_tunnel	*t = d->tunnels[i];

	dmn_timer_cancel(&d->timers, DMN_T_TUNNEL, t->id);
	d->by_id[t->id] = NULL;
	memmove(&d->tunnels[i], &d->tunnels[i + 1],
	    (d->n_tunnels - i - 1) * sizeof(d->tunnels[0]));
	d->n_tunnels--;
	free(t);
}

static int
tunnel_cmp(const void *a, const void *b)
{
	const struct dmn_tunnel	*x = *(struct dmn_tunnel *const *)a;
	const struct dmn_tunnel	*y = *(struct dmn_tunnel *const *)b;

	return x->unit < y->unit ? -1 : x->unit > y->unit;
}

/* Described in daemon.h. */
void
dmn_tunnels_down(struct dmn *d)
{
	size_t	i;

	for (i = 0; i < d->n_tunnels; i++)
		dp_tunnel_delete(d, d->tunnels[i]);
}

/* Described in daemon.h. */
void
dmn_tunnels_free(struct dmn *d)
{
	size_t	i;

	for (i = 0; i < d->n_tunnels; i++)
		free(d->tunnels[i]);
	free(d->tunnels);
	free(d->by_id);
	free(d->iroutes);
	d->iroutes = NULL;
	d->n_iroutes = 0;
	d->tunnels = NULL;
	d->by_id = NULL;
	d->n_tunnels = d->n_by_id = 0;
	dmn_cfg_clear(&d->cfg);
}

/*
 * Engine configuration
 */

/* The engine peer of t, for the current config and t's resolved source. */
static int
tunnel_peer(const struct dmn *d, const struct dmn_tunnel *t,
    struct ike_cfg_peer *p, char *why, size_t whylen)
{
	const struct dmn_tcfg	*c = dmn_cfg_tunnel(&d->cfg, t->name);

	memset(p, 0, sizeof(*p));
	if (c == NULL) {
		snprintf(why, whylen, "not configured");
		return -1;
	}
	return dmn_cfg_peer(&d->cfg, c, t->local, t->id, p, why, whylen);
}

static void
fill_limits(const struct dmn *d, struct ike_cfg_limits *l)
{
	memset(l, 0, sizeof(*l));
	l->cookie_threshold_ip = d->opts.cookie_threshold_ip;
	l->block_threshold_ip = d->opts.block_threshold_ip;
	l->cookie_threshold = d->opts.cookie_threshold;
	l->ike_port = d->opts.ike_port;
	l->natt_port = d->opts.natt_port;
	l->frag_size = d->opts.frag_size;
	l->frag_off = d->opts.frag_off;
	l->force_encap = d->opts.force_encap;
	l->export_keys = d->opts.save_keys != NULL;
	/* Debug lines cost formatting per message: only with -v. */
	l->log_level = d->opts.verbose ? IKE_LOG_DEBUG : IKE_LOG_INFO;
}

/* Described in daemon.h. */
int
dmn_push_config(struct dmn *d)
{
	struct ike_cfg_peer	*peers = NULL;
	struct ike_cfg		 cfg;
	char			 why[DMN_ERR_MAX];
	size_t			 i, n = 0;
	int			 rc = -1;

	memset(&cfg, 0, sizeof(cfg));
	if (d->n_tunnels > 0 &&
	    (peers = calloc(d->n_tunnels, sizeof(*peers))) == NULL)
		goto out;
	for (i = 0; i < d->n_tunnels; i++) {
		if (!d->tunnels[i]->ok)
			continue;
		if (tunnel_peer(d, d->tunnels[i], &peers[n], why,
		    sizeof(why)) == 0)
			n++;
	}
	cfg.peers = peers;
	cfg.n_peers = n;
	cfg.policies = d->cfg.policies;
	cfg.n_policies = d->cfg.n_policies;
	fill_limits(d, &cfg.limits);
	rc = ike_engine_set_config(d->eng, &cfg);
out:
	if (peers != NULL) {
		OPENSSL_cleanse(peers, d->n_tunnels * sizeof(*peers));
		free(peers);
	}
	if (rc == -1)
		dmn_log(DMN_LOG_ERR, "cannot hand the configuration to the "
		    "engine: out of memory");
	return rc;
}

/*
 * Evaluation of one tunnel
 */

/* What a tunnel should be now. */
struct eval {
	int		ok;
	int		shutdown;
	struct in_addr	local;
	char		srcif[IFNAMSIZ];
	char		why[DMN_ERR_MAX];
	uint8_t		digest[32];
	uint8_t		dp_digest[32];
};

static void
evaluate(const struct dmn *d, const struct dmn_tcfg *c, uint32_t id,
    const struct dmn_ifsnap *snap, struct eval *ev)
{
	struct ike_cfg_peer	*p;
	struct {
		struct in_addr	local, remote, inner;
		uint32_t	mtu, plen, shutdown;
	} dpv;

	memset(ev, 0, sizeof(*ev));
	ev->shutdown = c->shutdown;
	if (c->error[0] != '\0') {
		snprintf(ev->why, sizeof(ev->why), "%s", c->error);
	} else if (dmn_resolve(snap, d->cfg.ifmap, d->cfg.n_ifmap, c->source,
	    &ev->local, ev->srcif, sizeof(ev->srcif), ev->why,
	    sizeof(ev->why)) == 0) {
		if ((p = calloc(1, sizeof(*p))) == NULL) {
			snprintf(ev->why, sizeof(ev->why), "out of memory");
			return;
		}
		if (dmn_cfg_peer(&d->cfg, c, ev->local, id, p, ev->why,
		    sizeof(ev->why)) == 0) {
			digest(p, sizeof(*p), ev->digest);
			ev->ok = !c->shutdown;
		}
		OPENSSL_cleanse(p, sizeof(*p));
		free(p);
	}
	memset(&dpv, 0, sizeof(dpv));
	dpv.local = ev->local;
	dpv.remote = c->dest;
	dpv.inner = c->inner;
	dpv.plen = c->inner_plen;
	dpv.mtu = c->mtu;
	dpv.shutdown = (uint32_t)c->shutdown;
	digest(&dpv, sizeof(dpv), ev->dp_digest);
}

static void
dp_tunnel(struct dmn *d, struct dmn_tunnel *t, const struct dmn_tcfg *c)
{
	struct dp_tunnel	dt;
	char			err[256];

	if (d->dp->tunnel_if_create == NULL)
		return;
	/* A changed address, MTU or state: the interface is built again
	 * (its SAs are bound to the if_id, not to the interface). */
	dp_tunnel_delete(d, t);
	memset(&dt, 0, sizeof(dt));
	dt.if_id = t->if_id;
	snprintf(dt.name, sizeof(dt.name), "%s", t->name);
	dt.local = t->local;
	dt.remote = c->dest;
	dt.inner_addr = c->inner;
	dt.inner_plen = c->inner_plen;
	dt.mtu = c->mtu;
	dt.up = !c->shutdown;
	if (d->dp->tunnel_if_create(d->dp, &dt, err, sizeof(err)) == -1)
		dmn_log(DMN_LOG_ERR, "%s: data plane: %s", t->name, err);
	else
		t->dp_created = 1;
}

/* Forgets the routes of if_id: they went with its interface. */
static void
routes_forget(struct dmn *d, uint32_t if_id)
{
	size_t	i;

	for (i = 0; i < d->n_iroutes;)
		if (d->iroutes[i].if_id == if_id)
			d->iroutes[i] = d->iroutes[--d->n_iroutes];
		else
			i++;
}

static int
route_same(const struct dmn_route *a, const struct dmn_route *b)
{
	return strcmp(a->ifname, b->ifname) == 0 &&
	    a->prefix.s_addr == b->prefix.s_addr && a->plen == b->plen &&
	    a->gateway.s_addr == b->gateway.s_addr;
}

static void
route_call(struct dmn *d, int add, const struct dmn_route *r, uint32_t if_id)
{
	struct dp_route	dr;
	char		err[256], a[INET_ADDRSTRLEN];
	int		rc;

	memset(&dr, 0, sizeof(dr));
	dr.if_id = if_id;
	dr.prefix = r->prefix;
	dr.plen = r->plen;
	dr.gateway = r->gateway;
	rc = add ? d->dp->route_add(d->dp, &dr, err, sizeof(err)) :
	    d->dp->route_del(d->dp, &dr, err, sizeof(err));
	if (rc == -1)
		dmn_log(DMN_LOG_ERR, "%s: route %s/%u: %s", r->ifname,
		    dmn_ip(r->prefix, a), r->plen, err);
	else
		dmn_log(DMN_LOG_INFO, "%s: route %s/%u %s", r->ifname,
		    dmn_ip(r->prefix, a), r->plen, add ? "added" : "removed");
}

/*
 * Makes the static routes into tunnels what the configuration says, for
 * the tunnels whose interface exists and is up: removes the installed
 * ones no longer wanted, adds the wanted ones missing.
 */
static void
routes_sync(struct dmn *d)
{
	const struct dmn_route	*r;
	struct dmn_tunnel	*t;
	struct dmn_iroute	*v;
	size_t			 i, j;

	if (d->dp->route_add == NULL || d->dp->route_del == NULL)
		return;
	for (i = 0; i < d->n_iroutes;) {
		for (j = 0; j < d->cfg.n_routes; j++)
			if (route_same(&d->iroutes[i].r, &d->cfg.routes[j]))
				break;
		t = dmn_tunnel_by_name(d, d->iroutes[i].r.ifname);
		if (j < d->cfg.n_routes && t != NULL && t->dp_created &&
		    !t->shutdown && t->if_id == d->iroutes[i].if_id) {
			i++;
			continue;
		}
		route_call(d, 0, &d->iroutes[i].r, d->iroutes[i].if_id);
		d->iroutes[i] = d->iroutes[--d->n_iroutes];
	}
	for (j = 0; j < d->cfg.n_routes; j++) {
		r = &d->cfg.routes[j];
		t = dmn_tunnel_by_name(d, r->ifname);
		if (t == NULL || !t->dp_created || t->shutdown)
			continue;
		for (i = 0; i < d->n_iroutes; i++)
			if (route_same(&d->iroutes[i].r, r))
				break;
		if (i < d->n_iroutes)
			continue;
		if ((v = realloc(d->iroutes, (d->n_iroutes + 1) *
		    sizeof(*v))) == NULL)
			return;
		d->iroutes = v;
		route_call(d, 1, r, t->if_id);
		d->iroutes[d->n_iroutes].r = *r;
		d->iroutes[d->n_iroutes].if_id = t->if_id;
		d->n_iroutes++;
	}
}

static void
dp_tunnel_delete(struct dmn *d, struct dmn_tunnel *t)
{
	char	err[256];

	if (!t->dp_created || d->dp->tunnel_if_delete == NULL)
		return;
	routes_forget(d, t->if_id);
	if (d->dp->tunnel_if_delete(d->dp, t->if_id, err, sizeof(err)) == -1)
		dmn_log(DMN_LOG_ERR, "%s: data plane: %s", t->name, err);
	t->dp_created = 0;
}

/* What to do with one tunnel after the engine has its new config. */
enum todo {
	TODO_NONE = 0,
	TODO_INITIATE,
	TODO_TERMINATE,
	TODO_RESTART,
};

/*
 * Applies eval ev to tunnel t (fresh: just created).  Returns what the
 * engine must be told once it has the new configuration.
 */
static enum todo
apply(struct dmn *d, struct dmn_tunnel *t, const struct dmn_tcfg *c,
    const struct eval *ev, int fresh, struct rc_reply *r)
{
	enum todo	todo = TODO_NONE;
	int		was_ok = t->ok, changed, why_changed;

	changed = memcmp(t->digest, ev->digest, 32) != 0;
	why_changed = strcmp(t->why, ev->why) != 0;
	t->remote = c->dest;
	t->if_id = c->peer.if_id;
	if (ev->ok) {
		if (fresh)
			report(r, t, "created", NULL);
		else if (!was_ok)
			report(r, t, "updated", NULL);
		else if (changed)
			report(r, t, "restarted", NULL);
		todo = fresh || !was_ok ? TODO_INITIATE : changed ?
		    TODO_RESTART : TODO_NONE;
		if (todo != TODO_NONE)
			t->fails = 0;
	} else {
		if (was_ok)
			todo = TODO_TERMINATE;
		if (ev->shutdown && ev->why[0] == '\0') {
			if (was_ok || fresh)
				report(r, t, "updated", NULL);
		} else if (fresh || why_changed || was_ok)
			report(r, t, "failed", ev->why);
	}
	t->ok = ev->ok;
	t->shutdown = ev->shutdown;
	t->local = ev->local;
	snprintf(t->srcif, sizeof(t->srcif), "%s", ev->srcif);
	snprintf(t->why, sizeof(t->why), "%s", ev->why);
	memcpy(t->digest, ev->digest, 32);
	if (ev->local.s_addr != 0 &&
	    (memcmp(t->dp_digest, ev->dp_digest, 32) != 0 || !t->dp_created)) {
		if (!fresh && was_ok && ev->ok && !changed &&
		    t->dp_created)
			report(r, t, "updated", NULL);
		dp_tunnel(d, t, c);
	}
	memcpy(t->dp_digest, ev->dp_digest, 32);
	if (t->ok) {
		(void)dmn_sock_get(d, t->local, dmn_ike_port(d), 1);
		(void)dmn_sock_get(d, t->local, dmn_natt_port(d), 1);
	}
	return todo;
}

static void
policy_sockets(struct dmn *d, const struct dmn_ifsnap *snap)
{
	size_t	i, j, k;

	for (i = 0; i < d->cfg.n_policies; i++)
		for (j = 0; j < d->cfg.policies[i].n_local; j++)
			for (k = 0; k < snap->n; k++)
				if (snap->v[k].has_addr &&
				    snap->v[k].addr.s_addr ==
				    d->cfg.policies[i].local[j].s_addr) {
					(void)dmn_sock_get(d,
					    snap->v[k].addr, dmn_ike_port(d),
					    1);
					(void)dmn_sock_get(d,
					    snap->v[k].addr,
					    dmn_natt_port(d), 1);
					break;
				}
}

/* A digest of what resolution depends on: names, addresses, routes. */
static void
digest_snap(const struct dmn_ifsnap *snap, uint8_t out[32])
{
	EVP_MD_CTX	*ctx = EVP_MD_CTX_new();
	unsigned int	 n = 32;
	size_t		 i;

	memset(out, 0xff, 32);
	if (ctx == NULL)
		return;
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1) {
		for (i = 0; i < snap->n; i++) {
			EVP_DigestUpdate(ctx, snap->v[i].name,
			    strlen(snap->v[i].name) + 1);
			EVP_DigestUpdate(ctx, &snap->v[i].has_addr,
			    sizeof(snap->v[i].has_addr));
			EVP_DigestUpdate(ctx, &snap->v[i].addr,
			    sizeof(snap->v[i].addr));
		}
		EVP_DigestUpdate(ctx, snap->defroute, sizeof(snap->defroute));
		EVP_DigestFinal_ex(ctx, out, &n);
	}
	EVP_MD_CTX_free(ctx);
}

/* Reads every trustpoint of the configuration into the store anew (the
 * files may have changed even when the configuration did not). */
static void
pki_reload(struct dmn *d)
{
	const struct dmn_trustpoint	*tp;
	char				 err[320];
	size_t				 i;

	if (d->pki == NULL)
		return;
	dmn_pki_clear(d->pki);
	for (i = 0; i < d->cfg.n_trustpoints; i++) {
		tp = &d->cfg.trustpoints[i];
		if (dmn_pki_load(d->pki, tp->name, tp->ca[0] ? tp->ca : NULL,
		    tp->cert[0] ? tp->cert : NULL, tp->key[0] ? tp->key : NULL,
		    err, sizeof(err)) == -1)
			dmn_log(DMN_LOG_ERR, "crypto ca trustpoint %s is "
			    "unusable: %s", tp->name, err);
		else
			dmn_log(DMN_LOG_INFO, "crypto ca trustpoint %s "
			    "loaded", tp->name);
	}
}

/*
 * The whole pass: evaluate every tunnel of newcfg (or, with newcfg NULL,
 * of the current config: re-resolution), apply, hand the engine its
 * configuration, then start and stop SAs.
 */
static int
pass(struct dmn *d, struct dmn_cfg *newcfg, struct rc_reply *r)
{
	struct dmn_ifsnap	 snap;
	struct dmn_tunnel	*t;
	struct eval		 ev;
	enum todo		*todo = NULL;
	uint32_t		*gone = NULL;
	uint8_t			 snapd[32];
	size_t			 i, n_gone = 0, n;
	int			 fresh, act = newcfg != NULL, rc = -1;

	if (dmn_ifsnap_read(&snap) == -1) {
		dmn_log(DMN_LOG_ERR, "cannot read the interface list");
		memset(&snap, 0, sizeof(snap));
	}
	/* Re-resolution only matters when the interfaces changed. */
	digest_snap(&snap, snapd);
	if (newcfg == NULL && memcmp(snapd, d->snap_digest, 32) == 0) {
		rc = 0;
		goto out;
	}
	memcpy(d->snap_digest, snapd, 32);
	if (newcfg != NULL) {
		dmn_cfg_clear(&d->cfg);
		d->cfg = *newcfg;
		memset(newcfg, 0, sizeof(*newcfg));
		pki_reload(d);
	}
	for (i = 0; i < d->n_tunnels; i++)
		d->tunnels[i]->seen = 0;
	/* Tunnels that are no longer configured. */
	for (i = 0; i < d->n_tunnels; i++)
		if (dmn_cfg_tunnel(&d->cfg, d->tunnels[i]->name) == NULL)
			n_gone++;
	if (n_gone > 0 && (gone = calloc(n_gone, sizeof(*gone))) == NULL)
		goto out;
	for (i = 0, n_gone = 0; i < d->n_tunnels;) {
		t = d->tunnels[i];
		if (dmn_cfg_tunnel(&d->cfg, t->name) != NULL) {
			i++;
			continue;
		}
		report(r, t, "deleted", NULL);
		if (t->ok)
			gone[n_gone++] = t->id;
		dp_tunnel_delete(d, t);
		dmn_initiate_forget(d, t);
		tunnel_drop(d, i);
	}
	n = d->cfg.n_tunnels;
	if (n > 0 && (todo = calloc(n, sizeof(*todo))) == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		const struct dmn_tcfg *c = &d->cfg.tunnels[i];

		fresh = 0;
		if ((t = dmn_tunnel_by_name(d, c->name)) == NULL) {
			if ((t = tunnel_new(d, c)) == NULL)
				goto out;
			fresh = 1;
		}
		evaluate(d, c, t->id, &snap, &ev);
		todo[i] = apply(d, t, c, &ev, fresh, r);
		act |= todo[i] != TODO_NONE;
	}
	if (d->n_tunnels > 1)
		qsort(d->tunnels, d->n_tunnels, sizeof(d->tunnels[0]),
		    tunnel_cmp);
	policy_sockets(d, &snap);
	if ((act || n_gone > 0) && dmn_push_config(d) == -1)
		goto out;
	/* The engine now knows the new peers: act. */
	for (i = 0; i < n_gone; i++)
		dmn_engine_admin(d, IKE_EV_TERMINATE, gone[i], 0);
	for (i = 0; i < n; i++) {
		if ((t = dmn_tunnel_by_name(d, d->cfg.tunnels[i].name)) == NULL)
			continue;
		/* --passive: the peers bring tunnels up; we only stop them. */
		if (d->opts.passive && todo[i] == TODO_INITIATE)
			todo[i] = TODO_NONE;
		else if (d->opts.passive && todo[i] == TODO_RESTART)
			todo[i] = TODO_TERMINATE;
		switch (todo[i]) {
		case TODO_INITIATE:
			dmn_timer_cancel(&d->timers, DMN_T_TUNNEL, t->id);
			dmn_initiate(d, t);
			break;
		case TODO_TERMINATE:
			dmn_initiate_forget(d, t);
			dmn_engine_admin(d, IKE_EV_TERMINATE, t->id, 0);
			break;
		case TODO_RESTART:
			dmn_initiate_forget(d, t);
			dmn_engine_admin(d, IKE_EV_CLEAR, t->id, 0);
			break;
		case TODO_NONE:
			break;
		}
		dmn_tunnel_check(d, t);
	}
	rc = 0;
out:
	routes_sync(d);
	free(todo);
	free(gone);
	dmn_ifsnap_free(&snap);
	return rc;
}

/* Described in daemon.h. */
int
dmn_reconcile(struct dmn *d, struct ctl_rec ***recs, size_t *nrecs,
    uint32_t *status, char *msg, size_t msglen)
{
	struct cfg_items	*items;
	struct dmn_cfg		 newcfg;
	struct rc_reply		 r;
	uint64_t		 gen = 0;
	char			 err[512];
	int			 rc = -1;

	memset(&r, 0, sizeof(r));
	r.recs = recs;
	r.n = nrecs;
	if (status != NULL)
		*status = CTL_ST_INTERNAL;
	if ((items = cfg_items_new()) == NULL) {
		snprintf(err, sizeof(err), "out of memory");
		goto fail;
	}
	if (cfg_store_running(d->store, items, &gen, err, sizeof(err)) == -1)
		goto fail;
	if (dmn_cfg_map(items, &newcfg) == -1) {
		snprintf(err, sizeof(err), "out of memory mapping the "
		    "configuration");
		goto fail;
	}
	cfg_items_free(items);
	items = NULL;
	d->stats.reconciles++;
	dmn_log(DMN_LOG_INFO, "applying running configuration generation %llu "
	    "(%zu tunnel%s)", (unsigned long long)gen, newcfg.n_tunnels,
	    newcfg.n_tunnels == 1 ? "" : "s");
	if (pass(d, &newcfg, &r) == -1) {
		dmn_cfg_clear(&newcfg);
		snprintf(err, sizeof(err), "out of memory applying the "
		    "configuration");
		goto fail;
	}
	d->generation = gen;
	if (status != NULL) {
		if (r.oom) {
			*status = CTL_ST_INTERNAL;
			snprintf(msg, msglen, "applied generation %llu, but "
			    "the reply ran out of memory",
			    (unsigned long long)gen);
		} else if (r.first_err[0] != '\0') {
			*status = CTL_ST_APPLY;
			snprintf(msg, msglen, "%s", r.first_err);
		} else {
			*status = CTL_ST_OK;
			snprintf(msg, msglen, "applied generation %llu",
			    (unsigned long long)gen);
		}
	}
	rc = 0;
	return rc;
fail:
	cfg_items_free(items);
	/* Nothing of it is applied: what runs stays as it is (a store that
	 * cannot be read must not cost the operator the tunnels). */
	dmn_log(DMN_LOG_ERR, "cannot apply the running configuration: %s%s",
	    err, d->stats.reconciles > 0 ? "; keeping the tunnels and their "
	    "SAs as they are" : "");
	if (msg != NULL)
		snprintf(msg, msglen, "cannot read the running configuration: "
		    "%s", err);
	return -1;
}

/* Described in daemon.h. */
void
dmn_housekeep(struct dmn *d, uint64_t now)
{
	uint64_t	gen = 0;
	char		err[256];
	size_t		i;

	struct cfg_trial trial;
	uint64_t	 id = 0;

	if (d->stopping)
		return;
	/* `commit confirmed` not confirmed in time: roll it back (the
	 * store leaves the timing to whoever runs; the daemon always does). */
	if (cfg_commit_trial(d->store, &trial, err, sizeof(err)) == 1 &&
	    trial.deadline <= cfg_store_now(d->store) &&
	    cfg_commit_confirm_expire(d->store, cfg_store_now(d->store), &id,
	    err, sizeof(err)) == 1)
		dmn_log(DMN_LOG_WARN, "commit confirmed was not confirmed in "
		    "time: rolled back (commit %llu)", (unsigned long long)id);
	/* A commit whose notification we missed (the shell could not reach
	 * us, or we were busy starting). */
	if (cfg_store_generation(d->store, &gen, err, sizeof(err)) == 0 &&
	    gen != d->generation) {
		dmn_log(DMN_LOG_INFO, "running configuration is generation "
		    "%llu, we applied %llu: reconciling",
		    (unsigned long long)gen,
		    (unsigned long long)d->generation);
		(void)dmn_reconcile(d, NULL, NULL, NULL, NULL, 0);
		return;
	}
	dmn_initiate_sweep(d, now);
	/* Sources that gained, lost or changed an address. */
	(void)pass(d, NULL, NULL);
	for (i = 0; i < d->n_tunnels; i++)
		dmn_tunnel_check(d, d->tunnels[i]);
}
