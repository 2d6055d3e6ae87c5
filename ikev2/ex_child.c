/*
 * Child SAs over CREATE_CHILD_SA (RFC 7296 §1.3.1, §1.3.3, §2.8, §2.17):
 * creating one, rekeying one (REKEY_SA, with a PFS KE when the ipsec
 * profile sets a group), and the rekey collisions of §2.8.1 and §2.25.1.
 * The Child SA half of IKE_AUTH (offer, narrowing, accepting) is here too.
 *
 *	HDR, SK {[N(REKEY_SA)], SA, Ni, [KEi], TSi, TSr}  -->
 *	                       <--  HDR, SK {SA, Nr, [KEr], TSi, TSr}
 *
 * Collision rule (§2.8.1): when both ends rekey the same Child SA, each
 * answers the other's request; the new SA whose exchange holds the lowest
 * of the four nonces is redundant and is deleted by the end that created
 * it (initiated that exchange), and the old SA by the other end.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "ikev2/actions.h"
#include "ikev2/byteorder.h"
#include "ikev2/exchange.h"
#include "ikev2/sa.h"

#define KE_RETRIES		3

static void
add_ts(struct ike_msg *m, uint8_t type, const struct ike_ts_list *l)
{
	struct ike_ts	w[IKE_TS_MAX];

	ike_ts_to_wire(l, w);
	ike_msg_add_ts(m, type, w, l->n);
}

/* The SPI we reserved for the Child SA our request did not make. */
static void
release_spi(struct ike_sa *sa, struct ike_task *t)
{
	ike_child_release_spi(sa, t->spi_in);
	t->spi_in = 0;
}

/* Described in exchange.h. */
int
ex_child_offer(struct ike_sa *sa, struct ike_task *t, struct ike_msg *m,
    int with_dh)
{
	uint8_t		spi[4];
	struct ike_task_x	*x;

	if ((x = ike_task_x(t)) == NULL)
		return -1;
	if (sa->peer->n_esp == 0) {
		ike_act_fail(sa->eng, sa, IKE_FAIL_NO_PROPOSAL, "tunnel %s has "
		    "no ESP transform set", sa->peer->name);
		return -1;
	}
	if ((t->spi_in = ike_child_get_spi(sa)) == 0)
		return -1;
	if (x->offer == NULL && (x->offer = malloc(sizeof(*x->offer))) == NULL)
		return -1;
	ike_put32(spi, t->spi_in);
	ike_props_from_cfg(sa->peer->esp, sa->peer->n_esp, IKE_PROTO_ESP, spi,
	    4, with_dh ? IKE_PROP_DH_USE : IKE_PROP_DH_IGNORE, t->dh_group,
	    x->offer);
	ike_msg_add_sa(m, ike_offer_props(x->offer), x->offer->n);
	/* SPEC section 6: route-based VTI, 0.0.0.0/0 both ways, unless the
	 * tunnel names selectors. */
	ike_ts_from_cfg(sa->peer->ts_local, sa->peer->n_ts_local, &x->tsi);
	ike_ts_from_cfg(sa->peer->ts_remote, sa->peer->n_ts_remote, &x->tsr);
	add_ts(m, IKE_PL_TSI, &x->tsi);
	add_ts(m, IKE_PL_TSR, &x->tsr);
	return m->oom ? -1 : 0;
}

/* Described in exchange.h. */
int
ex_child_respond(struct ike_sa *sa, struct ike_msg *req, struct ike_msg *resp,
    const uint8_t *gir, size_t gir_len, const uint8_t *ni, size_t ni_len,
    const uint8_t *nr, size_t nr_len, const struct ike_suite *suite,
    const struct ike_child *old, struct ike_child **made)
{
	struct ike_engine	*e = sa->eng;
	struct ike_pl		*pl_sa, *pl_tsi, *pl_tsr;
	struct ike_ts_list	 tsi, tsr, ours, ntsi, ntsr;
	struct ike_offer	*o = NULL;
	struct ike_child	*c;
	struct ike_suite	 s;
	uint8_t			 spi[4];
	char			 why[768];

	if (made != NULL)
		*made = NULL;
	pl_sa = ike_msg_get(req, IKE_PL_SA);
	pl_tsi = ike_msg_get(req, IKE_PL_TSI);
	pl_tsr = ike_msg_get(req, IKE_PL_TSR);
	if (pl_sa == NULL || pl_tsi == NULL || pl_tsr == NULL) {
		ike_msg_add_notify(resp, 0, NULL, 0, IKE_N_INVALID_SYNTAX,
		    NULL, 0);
		return -1;
	}
	if (suite != NULL)
		s = *suite;
	else if (ike_props_select(pl_sa->sa.prop, pl_sa->sa.nprop,
	    sa->peer->esp, sa->peer->n_esp, IKE_PROTO_ESP, IKE_PROP_DH_IGNORE,
	    0, &s, why, sizeof(why)) == -1) {
		ike_act_fail(e, sa, IKE_FAIL_NO_PROPOSAL, "Child SA for %s "
		    "(tunnel %s): %s", IPS(sa->remote.ip), sa->peer->name, why);
		ike_msg_add_notify(resp, 0, NULL, 0, IKE_N_NO_PROPOSAL_CHOSEN,
		    NULL, 0);
		return -1;
	}
	/* The initiator's TSi is its side (our remote), TSr ours. */
	ike_ts_from_pl(&pl_tsi->ts, &tsi);
	ike_ts_from_pl(&pl_tsr->ts, &tsr);
	ike_ts_from_cfg(sa->peer->ts_remote, sa->peer->n_ts_remote, &ours);
	if (ike_ts_narrow(&tsi, &ours, &ntsi, why, sizeof(why)) == 0) {
		ike_ts_from_cfg(sa->peer->ts_local, sa->peer->n_ts_local,
		    &ours);
		if (ike_ts_narrow(&tsr, &ours, &ntsr, why, sizeof(why)) == -1)
			ntsr.n = 0;
	} else
		ntsi.n = 0;
	if (ntsi.n == 0 || ntsr.n == 0) {
		ike_act_fail(e, sa, IKE_FAIL_TS, "Child SA for %s (tunnel "
		    "%s): %s", IPS(sa->remote.ip), sa->peer->name, why);
		ike_msg_add_notify(resp, 0, NULL, 0, IKE_N_TS_UNACCEPTABLE,
		    NULL, 0);
		return -1;
	}
	if ((c = ike_child_new(sa, &ntsr, &ntsi, ni, ni_len, nr, nr_len)) ==
	    NULL)
		goto internal;
	if ((c->spi_in = ike_child_get_spi(sa)) == 0) {
		ike_child_delete(sa, c, NULL);
		goto internal;
	}
	c->spi_out = ike_get32(s.spi);
	c->suite = s;
	c->replaces = old != NULL ? old->id : 0;
	if (ike_child_install(sa, c, 0, gir, gir_len, ni, ni_len, nr,
	    nr_len) == -1) {
		ike_child_delete(sa, c, NULL);
		goto internal;
	}
	if ((o = malloc(sizeof(*o))) == NULL) {
		ike_child_delete(sa, c, "out of memory");
		goto internal;
	}
	ike_put32(spi, c->spi_in);
	ike_suite_to_props(&s, spi, 4, o);
	ike_msg_add_sa(resp, ike_offer_props(o), o->n);
	add_ts(resp, IKE_PL_TSI, &ntsi);
	add_ts(resp, IKE_PL_TSR, &ntsr);
	free(o);
	if (made != NULL)
		*made = c;
	return 0;
internal:
	/* Not the peer's fault; NO_PROPOSAL_CHOSEN is the closest answer. */
	ike_msg_add_notify(resp, 0, NULL, 0, IKE_N_NO_PROPOSAL_CHOSEN, NULL, 0);
	return -1;
}

/* Described in exchange.h. */
int
ex_child_accept(struct ike_sa *sa, struct ike_task *t, struct ike_msg *m,
    const uint8_t *gir, size_t gir_len, const uint8_t *ni, size_t ni_len,
    const uint8_t *nr, size_t nr_len, struct ike_child **made)
{
	struct ike_engine	*e = sa->eng;
	struct ike_pl		*pl_sa, *pl_tsi, *pl_tsr;
	struct ike_pl_notify	*n;
	struct ike_ts_list	 tsi, tsr;
	struct ike_child	*c;
	struct ike_suite	 s;
	char			 why[768], offered[512];
	struct ike_task_x	*x;

	if ((x = t->x) == NULL)
		goto fail;	/* never sent: nothing to accept */
	*made = NULL;
	if ((n = ike_msg_error_notify(m)) != NULL) {
		if (n->type == IKE_N_NO_PROPOSAL_CHOSEN) {
			ike_cfg_props_str(sa->peer->esp, sa->peer->n_esp,
			    IKE_PROTO_ESP, t->dh_group ? IKE_PROP_DH_USE :
			    IKE_PROP_DH_IGNORE, offered, sizeof(offered));
			ike_act_fail(e, sa, IKE_FAIL_NO_PROPOSAL, "peer %s "
			    "accepted none of our ESP proposals "
			    "(NO_PROPOSAL_CHOSEN); we offered %s",
			    IPS(sa->remote.ip), offered);
		} else if (n->type == IKE_N_TS_UNACCEPTABLE)
			ike_act_fail(e, sa, IKE_FAIL_TS, "peer %s refused our "
			    "traffic selectors 0.0.0.0/0 (TS_UNACCEPTABLE)",
			    IPS(sa->remote.ip));
		else
			ike_act_fail(e, sa, IKE_FAIL_PEER_ERROR, "peer %s "
			    "refused the Child SA: %s", IPS(sa->remote.ip),
			    ike_notify_name(n->type));
		goto fail;
	}
	pl_sa = ike_msg_get(m, IKE_PL_SA);
	pl_tsi = ike_msg_get(m, IKE_PL_TSI);
	pl_tsr = ike_msg_get(m, IKE_PL_TSR);
	if (pl_sa == NULL || pl_tsi == NULL || pl_tsr == NULL) {
		ike_act_fail(e, sa, IKE_FAIL_PEER_ERROR, "peer %s created no "
		    "Child SA (no SA/TSi/TSr payloads)", IPS(sa->remote.ip));
		goto fail;
	}
	if (ike_props_check_reply(x->offer, pl_sa->sa.prop, pl_sa->sa.nprop,
	    t->dh_group ? IKE_PROP_DH_USE : IKE_PROP_DH_IGNORE, &s, why,
	    sizeof(why)) == -1 || s.spi_len != 4) {
		ike_act_fail(e, sa, IKE_FAIL_NO_PROPOSAL, "bad ESP choice from "
		    "%s: %s", IPS(sa->remote.ip), why);
		goto fail;
	}
	if (t->dh_group && s.dh != t->dh_group) {
		ike_act_fail(e, sa, IKE_FAIL_NO_PROPOSAL, "peer %s chose PFS "
		    "group %s, not our %s", IPS(sa->remote.ip),
		    ike_dh_name(s.dh), ike_dh_name(t->dh_group));
		goto fail;
	}
	ike_ts_from_pl(&pl_tsi->ts, &tsi);
	ike_ts_from_pl(&pl_tsr->ts, &tsr);
	if (ike_ts_check_reply(&x->tsi, &tsi, why, sizeof(why)) == -1 ||
	    ike_ts_check_reply(&x->tsr, &tsr, why, sizeof(why)) == -1) {
		ike_act_fail(e, sa, IKE_FAIL_TS, "traffic selectors from %s: "
		    "%s", IPS(sa->remote.ip), why);
		goto fail;
	}
	if ((c = ike_child_new(sa, &tsi, &tsr, ni, ni_len, nr, nr_len)) ==
	    NULL)
		goto fail;
	c->spi_in = t->spi_in;
	t->spi_in = 0;		/* the Child SA owns it now */
	c->spi_out = ike_get32(s.spi);
	c->suite = s;
	if (ike_child_install(sa, c, 1, gir, gir_len, ni, ni_len, nr,
	    nr_len) == -1) {
		ike_child_delete(sa, c, NULL);
		return -1;
	}
	*made = c;
	return 0;
fail:
	release_spi(sa, t);
	return -1;
}

/*
 * Initiator
 */

/* Described in exchange.h. */
int
ex_child_build_i(struct ike_sa *sa, struct ike_task *t)
{
	struct ike_engine	*e = sa->eng;
	struct ike_child	*old = NULL;
	struct ike_msg		*m;
	const uint8_t		*pub;
	size_t			 publen;
	uint8_t			 spi[4];
	struct ike_task_x	*x;

	if ((x = ike_task_x(t)) == NULL)
		return -1;
	if (t->type == IKE_TASK_CHILD_REKEY) {
		old = ike_child_by_id(sa, t->child_id);
		if (old == NULL || old->state != IKE_CHILD_INSTALLED)
			return -1;	/* gone or already replaced */
	}
	if ((x->nonce_len = ike_nonce_fresh(e, x->nonce, 0)) == 0)
		return -1;
	if (t->dh_group == 0 && sa->peer->n_esp && sa->peer->esp[0].n_dh)
		t->dh_group = sa->peer->esp[0].dh[0];
	ike_dh_free(x->dh);
	x->dh = NULL;
	if (t->dh_group && (x->dh = ike_dh_fresh(e, t->dh_group)) == NULL)
		return -1;
	if ((m = ike_sa_msg(sa, IKE_EXCH_CREATE_CHILD_SA, 0, sa->my_msgid)) ==
	    NULL)
		return -1;
	if (old != NULL) {
		ike_put32(spi, old->spi_in);
		ike_msg_add_notify(m, IKE_PROTO_ESP, spi, 4, IKE_N_REKEY_SA,
		    NULL, 0);
	}
	if (ex_child_offer(sa, t, m, 1) == -1) {
		ike_msg_free(m);
		return -1;
	}
	ike_msg_add_nonce(m, x->nonce, x->nonce_len);
	if (x->dh != NULL) {
		pub = ike_dh_public(x->dh, &publen);
		ike_msg_add_ke(m, t->dh_group, pub, publen);
	}
	if (ike_sa_send_request(sa, m, t) == -1) {
		release_spi(sa, t);
		return -1;
	}
	if (old != NULL)
		old->state = IKE_CHILD_REKEYING;
	return 0;
}

/* A Child SA another one replaces: kept for inbound traffic until the
 * peer deletes it, or we do when it has not after a while. */
static void
superseded(struct ike_sa *sa, struct ike_child *c)
{
	c->state = IKE_CHILD_REKEYED;
	c->rekey_ms = 0;
	c->delete_ms = sa->eng->now + ike_delete_wait_ms(sa->eng);
	/* Redundant (a collision it lost): it never sends. */
	ike_child_drop_out(c);
}

/*
 * Responder
 */

/*
 * The checks of a request before anything is made (RFC 7296 §1.3,
 * §2.25): no IKE SA rekey of ours in flight, the Child SA it rekeys one
 * we know and do not close, SA and Ni there, one of its proposals ours,
 * its KE of the group that proposal needs.  0 to go on (*old: the Child
 * SA it rekeys or NULL; *s: our choice), 1 when it has been answered.
 */
static int
child_r_check(struct ike_sa *sa, const struct ike_msg *m,
    struct ike_child **old, struct ike_suite *s)
{
	struct ike_engine	*e = sa->eng;
	struct ike_pl_notify	*n;
	struct ike_pl		*pl_sa, *pl_ni, *pl_ke;
	char			 why[768];
	uint32_t		 spi;

	*old = NULL;
	if (sa->state == IKE_SA_REKEYING) {
		/* §2.25.2: no Child SA work while we rekey the IKE SA. */
		ike_sa_respond_notify(sa, m, IKE_N_TEMPORARY_FAILURE, 0, 0);
		return 1;
	}
	if ((n = ike_msg_notify(m, IKE_N_REKEY_SA)) != NULL) {
		spi = ike_notify_spi32(n);
		if ((*old = ike_child_by_spi_out(sa, spi)) == NULL) {
			/* §2.25: name the SPI we do not know. */
			ike_sa_respond_notify(sa, m, IKE_N_CHILD_SA_NOT_FOUND,
			    IKE_PROTO_ESP, spi);
			return 1;
		}
		if ((*old)->state == IKE_CHILD_DELETING ||
		    (*old)->state == IKE_CHILD_REKEYED) {
			/* §2.25.1: we are closing it. */
			ike_sa_respond_notify(sa, m, IKE_N_TEMPORARY_FAILURE,
			    0, 0);
			return 1;
		}
	}
	pl_sa = ike_msg_get(m, IKE_PL_SA);
	pl_ni = ike_msg_get(m, IKE_PL_NONCE);
	pl_ke = ike_msg_get(m, IKE_PL_KE);
	if (pl_sa == NULL || pl_ni == NULL || pl_ni->body.len < IKE_NONCE_MIN ||
	    pl_ni->body.len > IKE_NONCE_MAX) {
		ike_sa_respond_notify(sa, m, IKE_N_INVALID_SYNTAX, 0, 0);
		return 1;
	}
	if (ike_props_select(pl_sa->sa.prop, pl_sa->sa.nprop, sa->peer->esp,
	    sa->peer->n_esp, IKE_PROTO_ESP, IKE_PROP_DH_USE,
	    pl_ke ? pl_ke->ke.group : 0, s, why, sizeof(why)) == -1) {
		ike_act_fail(e, sa, IKE_FAIL_NO_PROPOSAL, "CREATE_CHILD_SA "
		    "from %s (tunnel %s): %s", IPS(sa->remote.ip),
		    sa->peer->name, why);
		ike_sa_respond_notify(sa, m, IKE_N_NO_PROPOSAL_CHOSEN, 0, 0);
		return 1;
	}
	if (s->dh != IKE_DH_NONE && (pl_ke == NULL ||
	    pl_ke->ke.group != s->dh)) {
		ike_act_log(e, sa, IKE_LOG_INFO, "CREATE_CHILD_SA from %s: KE "
		    "%s, we want %s: INVALID_KE_PAYLOAD", IPS(sa->remote.ip),
		    pl_ke ? ike_dh_name(pl_ke->ke.group) : "missing",
		    ike_dh_name(s->dh));
		ike_sa_respond_invalid_ke(sa, m, s->dh);
		return 1;
	}
	return 0;
}

/* The peer's rekey of old made c (§2.8): old is replaced, or, if we
 * rekey it too, the collision is settled when our answer comes. */
static void
child_r_rekeyed(struct ike_sa *sa, struct ike_child *old,
    const struct ike_child *c)
{
	sa->eng->stats.child_rekeys++;
	if (old->state == IKE_CHILD_REKEYING) {
		old->collided = c->id;
		ike_act_log(sa->eng, sa, IKE_LOG_INFO, "Child SA %u: rekey "
		    "collision, peer made %u", old->id, c->id);
	} else
		superseded(sa, old);	/* the peer will delete it */
}

/* Described in exchange.h. */
int
ex_child_process_r(struct ike_sa *sa, struct ike_msg *m)
{
	struct ike_engine	*e = sa->eng;
	struct ike_pl		*pl_ni, *pl_ke;
	struct ike_child	*old, *c = NULL;
	struct ike_dh		*dh = NULL;
	struct ike_msg		*r;
	struct ike_suite	 s;
	uint8_t			 gir[IKE_DH_MAX_SECRET], nr[IKE_NONCE_MAX];
	size_t			 nr_len, gir_len = 0, publen;
	const uint8_t		*pub;
	int			 rc;

	if (child_r_check(sa, m, &old, &s))
		return 0;
	pl_ni = ike_msg_get(m, IKE_PL_NONCE);
	pl_ke = ike_msg_get(m, IKE_PL_KE);
	if (s.dh != IKE_DH_NONE) {
		if ((dh = ike_dh_fresh(e, s.dh)) == NULL ||
		    ike_dh_derive(dh, pl_ke->ke.data.p, pl_ke->ke.data.len, gir,
		    sizeof(gir)) == -1) {
			ike_dh_free(dh);
			ike_act_log(e, sa, IKE_LOG_INFO, "CREATE_CHILD_SA from "
			    "%s: invalid %s public value", IPS(sa->remote.ip),
			    ike_dh_name(s.dh));
			ike_sa_respond_notify(sa, m, IKE_N_INVALID_SYNTAX, 0,
			    0);
			return 0;
		}
		gir_len = ike_dh_secret_len(s.dh);
	}
	if ((nr_len = ike_nonce_fresh(e, nr, 0)) == 0 ||
	    (r = ike_sa_msg(sa, IKE_EXCH_CREATE_CHILD_SA, 1, m->hdr.msgid)) ==
	    NULL) {
		ike_dh_free(dh);
		OPENSSL_cleanse(gir, sizeof(gir));
		return -1;
	}
	rc = ex_child_respond(sa, m, r, gir_len ? gir : NULL, gir_len,
	    pl_ni->body.p, pl_ni->body.len, nr, nr_len, &s, old, &c);
	if (rc == 0) {
		ike_msg_add_nonce(r, nr, nr_len);
		if (dh != NULL) {
			pub = ike_dh_public(dh, &publen);
			ike_msg_add_ke(r, s.dh, pub, publen);
		}
		c->suite.dh = s.dh;
	}
	ike_dh_free(dh);
	OPENSSL_cleanse(gir, sizeof(gir));
	ike_sa_send_response(sa, r);
	if (rc == 0 && old != NULL)
		child_r_rekeyed(sa, old, c);
	ike_sa_rearm(sa);
	return 0;
}

/*
 * Initiator: the answer
 */

static void
requeue(struct ike_sa *sa, enum ike_task_type type, uint32_t child_id,
    uint16_t dh_group, unsigned ke_retries, uint64_t not_before)
{
	struct ike_task	*t;

	if ((t = ike_task_new(type)) == NULL)
		return;
	t->child_id = child_id;
	t->dh_group = dh_group;
	t->ke_retries = ke_retries;
	t->not_before = not_before;
	ike_sa_queue(sa, t);
}

/* A Child SA we made or answered for becomes redundant (§2.8.1). */
static void
queue_delete(struct ike_sa *sa, struct ike_child *c)
{
	struct ike_task	*t;

	c->rekey_ms = 0;
	if ((t = ike_task_new(IKE_TASK_CHILD_DELETE)) == NULL)
		return;
	t->child_id = c->id;
	t->spi = c->spi_in;
	ike_sa_queue(sa, t);
}

/* Our rekey ended without a new SA of ours: settle the old one. */
static void
rekey_undone(struct ike_sa *sa, struct ike_child *old, uint64_t retry_at)
{
	if (old == NULL || old->state != IKE_CHILD_REKEYING)
		return;
	if (old->collided) {
		/* The peer's rekey of it succeeded: that one replaces it. */
		old->collided = 0;
		superseded(sa, old);
		return;
	}
	old->state = IKE_CHILD_INSTALLED;
	old->rekey_ms = retry_at;
}

/*
 * The error notifies that end our request with a plan (RFC 7296 §2.25,
 * §1.3): TEMPORARY_FAILURE (again later), CHILD_SA_NOT_FOUND (afresh),
 * INVALID_KE_PAYLOAD (again with that group, if we allow it).  Returns 1
 * when n is one of them (*rc: what process_i returns), else 0 (the others
 * are ex_child_accept's to report).
 */
static int
child_i_refused(struct ike_sa *sa, struct ike_task *t, struct ike_child *old,
    const struct ike_pl_notify *n, int *rc)
{
	struct ike_engine	*e = sa->eng;
	uint16_t		 group;

	*rc = 0;
	switch (n->type) {
	case IKE_N_TEMPORARY_FAILURE:
		/* §2.25: wait, then try again if still needed. */
		ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: peer answered "
		    "TEMPORARY_FAILURE to %s; retrying later", sa->id,
		    t->type == IKE_TASK_CHILD_REKEY ? "our Child SA rekey" :
		    "our Child SA creation");
		release_spi(sa, t);
		if (t->type == IKE_TASK_CHILD_REKEY)
			rekey_undone(sa, old, e->now + ike_retry_delay(e));
		else
			requeue(sa, IKE_TASK_CHILD_CREATE, 0, 0, 0,
			    e->now + ike_retry_delay(e));
		return 1;
	case IKE_N_CHILD_SA_NOT_FOUND:
		/* §2.25: out of sync; drop ours and start afresh.  If the
		 * peer deleted it meanwhile, that was on purpose: nothing to
		 * recreate. */
		release_spi(sa, t);
		if (old != NULL) {
			ike_child_delete(sa, old, "peer does not know it "
			    "(CHILD_SA_NOT_FOUND)");
			requeue(sa, IKE_TASK_CHILD_CREATE, 0, 0, 0, 0);
		}
		return 1;
	case IKE_N_INVALID_KE_PAYLOAD:
		group = n->data.len == 2 ? ike_get16(n->data.p) : 0;
		release_spi(sa, t);
		if (ike_cfg_props_have_group(sa->peer->esp, sa->peer->n_esp,
		    group) && group != t->dh_group &&
		    t->ke_retries < KE_RETRIES) {
			if (old != NULL && old->state == IKE_CHILD_REKEYING &&
			    !old->collided)
				old->state = IKE_CHILD_INSTALLED;
			if (old == NULL || old->state == IKE_CHILD_INSTALLED)
				requeue(sa, t->type, t->child_id, group,
				    t->ke_retries + 1, 0);
			else
				rekey_undone(sa, old, 0);
			return 1;
		}
		ike_act_fail(e, sa, IKE_FAIL_INVALID_KE, "peer %s wants PFS "
		    "group %s for the Child SA, which we do not allow",
		    IPS(sa->remote.ip), ike_dh_name(group));
		rekey_undone(sa, old, e->now + ike_retry_delay(e));
		*rc = -1;
		return 1;
	default:
		return 0;
	}
}

/*
 * The payloads of an answer that made a Child SA, checked before use: a
 * nonce of 16 to 256 octets and, with PFS, a KE of our group that gives
 * g^ir (into gir, *gir_len octets; 0 without PFS).  0, or -1 (reported).
 */
static int
child_i_check(struct ike_sa *sa, struct ike_task *t, const struct ike_msg *m,
    uint8_t *gir, size_t gir_size, size_t *gir_len)
{
	struct ike_engine	*e = sa->eng;
	struct ike_pl		*pl_nr, *pl_ke;

	*gir_len = 0;
	pl_nr = ike_msg_get(m, IKE_PL_NONCE);
	pl_ke = ike_msg_get(m, IKE_PL_KE);
	if (pl_nr == NULL || pl_nr->body.len < IKE_NONCE_MIN ||
	    pl_nr->body.len > IKE_NONCE_MAX) {
		ike_act_fail(e, sa, IKE_FAIL_PEER_ERROR, "CREATE_CHILD_SA "
		    "response from %s has no valid nonce", IPS(sa->remote.ip));
		return -1;
	}
	if (t->x->dh == NULL)
		return 0;
	if (pl_ke == NULL || pl_ke->ke.group != t->dh_group ||
	    ike_dh_derive(t->x->dh, pl_ke->ke.data.p, pl_ke->ke.data.len, gir,
	    gir_size) == -1) {
		ike_act_fail(e, sa, IKE_FAIL_PEER_ERROR, "CREATE_CHILD_SA "
		    "response from %s: missing or invalid %s KE",
		    IPS(sa->remote.ip), ike_dh_name(t->dh_group));
		return -1;
	}
	*gir_len = ike_dh_secret_len(t->dh_group);
	return 0;
}

/*
 * Our rekey of old made c.  If the peer rekeyed old too (§2.8.1), the new
 * SA whose exchange had the lowest nonce is redundant: ours we delete
 * (and the peer deletes old), the peer's the peer deletes (and we old).
 */
static void
child_i_rekeyed(struct ike_sa *sa, struct ike_child *old, struct ike_child *c)
{
	struct ike_engine	*e = sa->eng;
	struct ike_child	*peer_new;

	peer_new = old->collided ? ike_child_by_id(sa, old->collided) : NULL;
	old->collided = 0;
	if (peer_new != NULL && ike_nonce_cmp(ike_child_nonce(c),
	    c->nonce_lo_len, ike_child_nonce(peer_new),
	    peer_new->nonce_lo_len) < 0) {
		ike_act_log(e, sa, IKE_LOG_INFO, "Child SA %u: rekey collision "
		    "lost; deleting our redundant %u", old->id, c->id);
		superseded(sa, old);
		queue_delete(sa, c);
		return;
	}
	if (peer_new != NULL) {
		ike_act_log(e, sa, IKE_LOG_INFO, "Child SA %u: rekey collision "
		    "won; %u replaces it, peer's %u is redundant", old->id,
		    c->id, peer_new->id);
		superseded(sa, peer_new);
	}
	old->state = IKE_CHILD_REKEYED;
	old->rekey_ms = 0;
	queue_delete(sa, old);
}

/* Described in exchange.h. */
int
ex_child_process_i(struct ike_sa *sa, struct ike_task *t, struct ike_msg *m)
{
	struct ike_engine	*e = sa->eng;
	struct ike_child	*old = NULL, *c = NULL;
	struct ike_pl_notify	*n;
	struct ike_pl		*pl_nr;
	uint8_t			 gir[IKE_DH_MAX_SECRET];
	size_t			 gir_len = 0;
	int			 rc;

	if (t->x == NULL)
		return -1;	/* never sent: nothing to accept */
	if (t->type == IKE_TASK_CHILD_REKEY)
		old = ike_child_by_id(sa, t->child_id);
	n = ike_msg_error_notify(m);
	if (n != NULL && child_i_refused(sa, t, old, n, &rc))
		return rc;
	if (n == NULL && child_i_check(sa, t, m, gir, sizeof(gir),
	    &gir_len) == -1) {
		release_spi(sa, t);
		rekey_undone(sa, old, e->now + ike_retry_delay(e));
		return -1;
	}
	pl_nr = ike_msg_get(m, IKE_PL_NONCE);
	rc = ex_child_accept(sa, t, m, gir_len ? gir : NULL, gir_len,
	    t->x->nonce, t->x->nonce_len, pl_nr ? pl_nr->body.p : NULL,
	    pl_nr ? pl_nr->body.len : 0, &c);
	OPENSSL_cleanse(gir, sizeof(gir));
	if (rc == -1) {
		rekey_undone(sa, old, e->now + ike_retry_delay(e));
		return -1;
	}
	c->suite.dh = t->dh_group;
	if (t->type != IKE_TASK_CHILD_REKEY)
		return 0;
	e->stats.child_rekeys++;
	/* If the old one went meanwhile (§2.25.1), the new one stays. */
	if (old != NULL && old->state == IKE_CHILD_REKEYING)
		child_i_rekeyed(sa, old, c);
	return 0;
}
