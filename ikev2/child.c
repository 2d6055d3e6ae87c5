/*
 * Child SAs: their keys (RFC 7296 §2.17), their installation in and removal
 * from the data plane (through struct dp), and their lifetimes.  Which
 * exchange makes or replaces a Child SA is ex_auth.c and ex_child.c's
 * business; this file only knows one Child SA at a time.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "ikev2/actions.h"
#include "ikev2/sa.h"

/* An outbound SA held back until the Child SA it replaces goes. */
struct ike_child_out {
	struct dp_sa	sa;
	uint8_t		encr[IKE_ENCR_MAX_KEYMAT];
	uint8_t		integ[IKE_INTEG_MAX_KEY];
};

static size_t
child_size(size_t n_ts, size_t nonce_len)
{
	return sizeof(struct ike_child) + n_ts * sizeof(struct ike_ts_sel) +
	    nonce_len;
}

/* Described in sa.h. */
struct ike_child *
ike_child_new(struct ike_sa *sa, const struct ike_ts_list *local,
    const struct ike_ts_list *remote, const uint8_t *ni, size_t ni_len,
    const uint8_t *nr, size_t nr_len)
{
	struct ike_engine	*e = sa->eng;
	struct ike_child	*c, **pp;
	const uint8_t		*lo;
	size_t			 lo_len;

	if (ike_nonce_cmp(ni, ni_len, nr, nr_len) <= 0) {
		lo = ni;
		lo_len = ni_len;
	} else {
		lo = nr;
		lo_len = nr_len;
	}
	if ((c = calloc(1, child_size((size_t)local->n + remote->n,
	    lo_len))) == NULL)
		return NULL;
	c->n_ts_local = local->n;
	c->n_ts_remote = remote->n;
	memcpy(c->ts, local->v, local->n * sizeof(c->ts[0]));
	memcpy(c->ts + local->n, remote->v, remote->n * sizeof(c->ts[0]));
	c->nonce_lo_len = (uint16_t)lo_len;
	if (lo_len > 0)
		memcpy((uint8_t *)ike_child_nonce(c), lo, lo_len);
	if (++e->next_child_id == 0)
		e->next_child_id = 1;
	c->id = e->next_child_id;
	c->state = IKE_CHILD_INSTALLED;
	for (pp = &sa->children; *pp != NULL; pp = &(*pp)->next)
		;
	*pp = c;
	return c;
}

/* Described in sa.h. */
struct ike_child *
ike_child_by_id(const struct ike_sa *sa, uint32_t id)
{
	struct ike_child	*c;

	for (c = sa->children; c != NULL; c = c->next)
		if (c->id == id)
			return c;
	return NULL;
}

/* Described in sa.h. */
struct ike_child *
ike_child_by_spi_out(const struct ike_sa *sa, uint32_t spi)
{
	struct ike_child	*c;

	for (c = sa->children; c != NULL; c = c->next)
		if (c->spi_out == spi)
			return c;
	return NULL;
}

/* Described in sa.h. */
struct ike_child *
ike_child_by_spi_in(const struct ike_sa *sa, uint32_t spi)
{
	struct ike_child	*c;

	for (c = sa->children; c != NULL; c = c->next)
		if (c->spi_in == spi)
			return c;
	return NULL;
}

/* Described in sa.h. */
size_t
ike_child_count(const struct ike_sa *sa, enum ike_child_state st)
{
	const struct ike_child	*c;
	size_t			 n = 0;

	for (c = sa->children; c != NULL; c = c->next)
		if (st == 0 ? c->state != IKE_CHILD_DEAD : c->state == st)
			n++;
	return n;
}

/* Described in sa.h. */
uint32_t
ike_child_get_spi(struct ike_sa *sa)
{
	struct dp	*dp = sa->eng->env.dp;
	uint32_t	 spi = 0;
	char		 err[128] = "no data plane";

	if (dp == NULL || dp->get_spi == NULL ||
	    dp->get_spi(dp, sa->remote.ip, sa->local.ip, DP_PROTO_ESP, 0,
	    &spi, err, sizeof(err)) == -1 || spi < 256) {
		ike_act_fail(sa->eng, sa, IKE_FAIL_DATAPLANE,
		    "cannot reserve an inbound ESP SPI: %s", err);
		return 0;
	}
	return spi;
}

static void
dp_remove(struct ike_sa *sa, struct in_addr dst, uint32_t spi)
{
	struct dp		*dp = sa->eng->env.dp;
	struct dp_sa_key	 k;
	char			 err[128] = "";

	if (dp == NULL || dp->del_sa == NULL || spi == 0)
		return;
	memset(&k, 0, sizeof(k));
	k.dst = dst;
	k.spi = spi;
	k.proto = DP_PROTO_ESP;
	if (dp->del_sa(dp, &k, err, sizeof(err)) == -1)
		ike_act_log(sa->eng, sa, IKE_LOG_ERR, "data plane: removing "
		    "SA %08x failed: %s", spi, err);
}

/* Described in sa.h. */
void
ike_child_release_spi(struct ike_sa *sa, uint32_t spi)
{
	dp_remove(sa, sa->local.ip, spi);
}

/* A Child SA's first local (or remote) selector for the data plane. */
static void
ts_to_dp(const struct ike_child *c, int local, struct dp_ts *d)
{
	const struct ike_ts_sel	*t = c->ts + (local ? 0 : c->n_ts_local);

	memset(d, 0, sizeof(*d));
	if ((local ? c->n_ts_local : c->n_ts_remote) == 0)
		return;
	/* The data plane takes one range; the first is the main one. */
	d->proto = t->proto;
	d->port_start = t->port_start;
	d->port_end = t->port_end;
	d->addr_start.s_addr = htonl(t->addr_start);
	d->addr_end.s_addr = htonl(t->addr_end);
}

/* Described in sa.h. */
int
ike_child_install(struct ike_sa *sa, struct ike_child *c, int exch_initiator,
    const uint8_t *gir, size_t gir_len, const uint8_t *ni, size_t ni_len,
    const uint8_t *nr, size_t nr_len)
{
	struct ike_engine	*e = sa->eng;
	struct dp		*dp = e->env.dp;
	struct ike_keylens	 l;
	struct ike_child_keys	*k = NULL;
	struct dp_sa		 in, out;
	uint32_t		 life;
	char			 err[160] = "no data plane";
	int			 rc = -1, have_in = 0;

	if (ike_keylens_get(&l, 0, c->suite.encr, c->suite.encr_keylen,
	    ike_encr_is_aead(c->suite.encr) ? IKE_INTEG_NONE :
	    c->suite.integ) == -1) {
		ike_act_fail(e, sa, IKE_FAIL_INTERNAL, "ESP transforms "
		    "%u/%u/%u not supported", c->suite.encr,
		    c->suite.encr_keylen, c->suite.integ);
		return -1;
	}
	k = sa->km == NULL ? NULL : ike_child_keys_new(ike_sa_prf(sa), &l,
	    ike_km_d(sa->km), sa->km->d_len,
	    gir, gir_len, ni, ni_len, nr, nr_len);
	if (k == NULL) {
		ike_act_fail(e, sa, IKE_FAIL_INTERNAL, "Child SA key "
		    "derivation failed");
		return -1;
	}
	life = sa->peer->child_lifetime ? sa->peer->child_lifetime : 3600;
	c->encap = sa->natt;
	memset(&in, 0, sizeof(in));
	in.dir = DP_DIR_IN;
	in.src = sa->remote.ip;
	in.dst = sa->local.ip;
	in.spi = c->spi_in;
	in.proto = DP_PROTO_ESP;
	in.if_id = sa->peer->if_id;
	in.reqid = c->id;
	in.encr_alg = c->suite.encr;
	in.encr_keylen = c->suite.encr_keylen;
	in.integ_alg = ike_encr_is_aead(c->suite.encr) ? 0 : c->suite.integ;
	in.encap = c->encap;
	in.encap_sport = sa->remote.port;
	in.encap_dport = sa->local.port;
	in.replay_window = 64;
	in.lifetime_hard = life;
	in.lifetime_soft = life * 9 / 10;
	ts_to_dp(c, 0, &in.ts_src);
	ts_to_dp(c, 1, &in.ts_dst);
	out = in;
	out.dir = DP_DIR_OUT;
	out.src = sa->local.ip;
	out.dst = sa->remote.ip;
	out.spi = c->spi_out;
	out.encap_sport = sa->local.port;
	out.encap_dport = sa->remote.port;
	out.replay_window = 0;
	ts_to_dp(c, 1, &out.ts_src);
	ts_to_dp(c, 0, &out.ts_dst);
	/* The exchange initiator sends with the _i keys (RFC 7296 §2.17). */
	out.encr_key = exch_initiator ? k->encr_i : k->encr_r;
	out.integ_key = exch_initiator ? k->integ_i : k->integ_r;
	in.encr_key = exch_initiator ? k->encr_r : k->encr_i;
	in.integ_key = exch_initiator ? k->integ_r : k->integ_i;
	in.encr_key_len = out.encr_key_len = k->e_len;
	in.integ_key_len = out.integ_key_len = k->a_len;

	/* Inbound first: the peer may use its outbound SA at once. */
	if (dp == NULL || dp->add_sa == NULL ||
	    dp->add_sa(dp, &in, err, sizeof(err)) == -1)
		goto fail;
	have_in = 1;
	/*
	 * Answering the peer's rekey (RFC 7296 §2.8): the peer installs
	 * its inbound SA only when our answer arrives, and knows it may
	 * send on the new SA then.  Our outbound SA waits until the old
	 * Child SA is deleted (the peer's Delete of it comes after it
	 * installed both), and the old one carries our traffic meanwhile.
	 */
	if (!exch_initiator && c->replaces != 0 &&
	    ike_child_by_id(sa, c->replaces) != NULL &&
	    (c->out_pending = calloc(1, sizeof(*c->out_pending))) != NULL) {
		c->out_pending->sa = out;
		memcpy(c->out_pending->encr, out.encr_key, k->e_len);
		memcpy(c->out_pending->integ, out.integ_key, k->a_len);
		c->out_pending->sa.encr_key = NULL;
		c->out_pending->sa.integ_key = NULL;
	} else if (dp->add_sa(dp, &out, err, sizeof(err)) == -1)
		goto fail;
	else
		c->replaces = 0;
	c->installed = 1;
	c->installed_ms = e->now;
	c->state = IKE_CHILD_INSTALLED;
	e->stats.child_up++;
	ike_child_schedule(sa, c);
	ike_act_child(e, sa, c, 1);
	if (e->cfg.limits.export_keys) {
		struct ike_keys_export	*x;

		if ((x = calloc(1, sizeof(*x))) != NULL) {
			x->esp = 1;
			x->spi_in = c->spi_in;
			x->spi_out = c->spi_out;
			x->local = sa->local.ip;
			x->remote = sa->remote.ip;
			x->encr = c->suite.encr;
			x->encr_keylen = c->suite.encr_keylen;
			x->integ = in.integ_alg;
			x->e_len = k->e_len;
			x->a_len = k->a_len;
			/* ESP: _i = our outbound SA, _r = our inbound. */
			memcpy(x->encr_i, out.encr_key, k->e_len);
			memcpy(x->encr_r, in.encr_key, k->e_len);
			memcpy(x->integ_i, out.integ_key, k->a_len);
			memcpy(x->integ_r, in.integ_key, k->a_len);
			ike_act_keys(e, sa, x);
			OPENSSL_cleanse(x, sizeof(*x));
			free(x);
		}
	}
	rc = 0;
	goto done;
fail:
	ike_act_fail(e, sa, IKE_FAIL_DATAPLANE, "data plane refused Child "
	    "SA %08x/%08x: %s", c->spi_in, c->spi_out, err);
	if (have_in)
		dp_remove(sa, sa->local.ip, c->spi_in);
done:
	ike_child_keys_free(k);
	return rc;
}

/* Described in sa.h. */
void
ike_child_drop_out(struct ike_child *c)
{
	c->replaces = 0;
	if (c->out_pending == NULL)
		return;
	OPENSSL_cleanse(c->out_pending, sizeof(*c->out_pending));
	free(c->out_pending);
	c->out_pending = NULL;
}

/* Described in sa.h. */
void
ike_child_install_out(struct ike_sa *sa, struct ike_child *c)
{
	struct dp		*dp = sa->eng->env.dp;
	struct ike_child_out	*p = c->out_pending;
	char			 err[160] = "no data plane";

	if (p == NULL)
		return;
	p->sa.encr_key = p->encr;
	p->sa.integ_key = p->sa.integ_key_len ? p->integ : NULL;
	if (dp == NULL || dp->add_sa == NULL ||
	    dp->add_sa(dp, &p->sa, err, sizeof(err)) == -1)
		ike_act_log(sa->eng, sa, IKE_LOG_ERR, "data plane refused "
		    "outbound SA %08x of Child SA %u: %s", c->spi_out, c->id,
		    err);
	else
		ike_act_log(sa->eng, sa, IKE_LOG_DEBUG, "Child SA %u: "
		    "outbound SA %08x now carries the traffic", c->id,
		    c->spi_out);
	ike_child_drop_out(c);
}

/* Described in sa.h. */
void
ike_child_stop_out(struct ike_sa *sa, struct ike_child *c)
{
	struct ike_child	*x;

	/* The Child SAs that replace it send from now on: their outbound
	 * SA goes in before its own leaves, so one is there throughout. */
	for (x = sa->children; x != NULL; x = x->next) {
		if (x == c || x->replaces != c->id)
			continue;
		if (x->state == IKE_CHILD_INSTALLED ||
		    x->state == IKE_CHILD_REKEYING)
			ike_child_install_out(sa, x);
		else
			ike_child_drop_out(x);
	}
	if (!c->installed || c->out_gone)
		return;
	if (c->out_pending == NULL)
		dp_remove(sa, sa->remote.ip, c->spi_out);
	ike_child_drop_out(c);
	c->out_gone = 1;
}

/* Described in sa.h. */
void
ike_child_delete(struct ike_sa *sa, struct ike_child *c, const char *why)
{
	struct ike_child	**pp;

	if (c->installed) {
		/* Outbound first: nothing is sent on an SA half gone. */
		ike_child_stop_out(sa, c);
		dp_remove(sa, sa->local.ip, c->spi_in);
		c->installed = 0;
		c->state = IKE_CHILD_DEAD;
		ike_act_child(sa->eng, sa, c, 0);
		if (why != NULL)
			ike_act_log(sa->eng, sa, IKE_LOG_INFO, "Child SA %u "
			    "(%08x/%08x) removed: %s", c->id, c->spi_in,
			    c->spi_out, why);
	} else if (c->spi_in) {
		/* A reserved SPI that never got its SA. */
		dp_remove(sa, sa->local.ip, c->spi_in);
	}
	ike_child_drop_out(c);
	for (pp = &sa->children; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	OPENSSL_cleanse(c, child_size((size_t)c->n_ts_local + c->n_ts_remote,
	    c->nonce_lo_len));
	free(c);
}

/* Described in sa.h. */
void
ike_child_delete_all(struct ike_sa *sa, const char *why)
{
	struct ike_child	*c;

	/* All go: no held-back outbound SA is worth installing. */
	for (c = sa->children; c != NULL; c = c->next)
		ike_child_drop_out(c);
	while (sa->children != NULL)
		ike_child_delete(sa, sa->children, why);
}

/* Described in sa.h. */
void
ike_child_schedule(struct ike_sa *sa, struct ike_child *c)
{
	ike_lifetime_schedule(sa->eng, sa->peer->child_lifetime ?
	    sa->peer->child_lifetime : 3600, &c->rekey_ms, &c->expire_ms);
}

/* Described in sa.h. */
void
ike_child_timers(struct ike_sa *sa)
{
	struct ike_engine	*e = sa->eng;
	struct ike_child	*c, *n;
	struct ike_task		*t;
	uint64_t		 now = e->now;

	for (c = sa->children; c != NULL; c = n) {
		n = c->next;
		if (c->expire_ms && c->expire_ms <= now) {
			/* Hard expiry: gone now; tell the peer. */
			if (ike_sa_is_up(sa) &&
			    (t = ike_task_new(IKE_TASK_CHILD_DELETE)) != NULL) {
				t->spi = c->spi_in;
				ike_sa_queue(sa, t);
			}
			ike_child_delete(sa, c, "hard lifetime expired");
			continue;
		}
		if (c->delete_ms && c->delete_ms <= now) {
			c->delete_ms = 0;
			if (!ike_sa_has_task(sa, IKE_TASK_CHILD_DELETE,
			    c->id) &&
			    (t = ike_task_new(IKE_TASK_CHILD_DELETE)) != NULL) {
				t->child_id = c->id;
				t->spi = c->spi_in;
				ike_sa_queue(sa, t);
			}
		}
		if (c->rekey_ms && c->rekey_ms <= now) {
			c->rekey_ms = 0;
			if (c->state == IKE_CHILD_INSTALLED &&
			    ike_sa_is_up(sa) &&
			    !ike_sa_has_task(sa, IKE_TASK_CHILD_REKEY, c->id) &&
			    (t = ike_task_new(IKE_TASK_CHILD_REKEY)) != NULL) {
				t->child_id = c->id;
				ike_sa_queue(sa, t);
			}
		}
	}
}

/* Described in sa.h. */
void
ike_child_update_encap(struct ike_sa *sa)
{
	struct dp		*dp = sa->eng->env.dp;
	struct ike_child	*c;
	struct dp_sa_key	 k;
	char			 err[128];

	if (dp == NULL || dp->update_sa == NULL)
		return;
	for (c = sa->children; c != NULL; c = c->next) {
		if (!c->installed)
			continue;
		c->encap = sa->natt;
		memset(&k, 0, sizeof(k));
		k.proto = DP_PROTO_ESP;
		k.dst = sa->local.ip;
		k.spi = c->spi_in;
		if (dp->update_sa(dp, &k, c->encap, sa->remote.port,
		    sa->local.port, err, sizeof(err)) == -1)
			ike_act_log(sa->eng, sa, IKE_LOG_ERR, "data plane: "
			    "cannot update SA %08x: %s", c->spi_in, err);
		if (c->out_gone)
			continue;
		if (c->out_pending != NULL) {
			c->out_pending->sa.encap = c->encap;
			c->out_pending->sa.encap_sport = sa->local.port;
			c->out_pending->sa.encap_dport = sa->remote.port;
			continue;
		}
		k.dst = sa->remote.ip;
		k.spi = c->spi_out;
		if (dp->update_sa(dp, &k, c->encap, sa->local.port,
		    sa->remote.port, err, sizeof(err)) == -1)
			ike_act_log(sa->eng, sa, IKE_LOG_ERR, "data plane: "
			    "cannot update SA %08x: %s", c->spi_out, err);
	}
}
