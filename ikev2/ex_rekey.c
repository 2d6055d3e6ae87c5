/*
 * Rekeying the IKE SA (RFC 7296 §1.3.2, §2.18) and its collisions
 * (§2.8.2, §2.25.2).  The new IKE SA gets new SPIs, its SKEYSEED from the
 * old SA's SK_d and a fresh Diffie-Hellman, and message IDs from 0; the
 * Child SAs and the queued exchanges move over to it, and the end that
 * started the rekey deletes the old SA.
 *
 *	HDR, SK {SA, Ni, KEi}  -->
 *	                  <--  HDR, SK {SA, Nr, KEr}
 *
 * Collisions: when both ends rekey at once each answers the other; the
 * new SA whose exchange holds the lowest of the four nonces is deleted by
 * the end that created it, and the other end (the winner) deletes the old
 * SA once its own rekey completed.  Until then a new SA made by the peer's
 * request is held in old->collided (state NEW), so nothing moves twice.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "ikev2/auth.h"
#include "ikev2/actions.h"
#include "ikev2/byteorder.h"
#include "ikev2/exchange.h"
#include "ikev2/sa.h"

#define KE_RETRIES		3

/*
 * Makes the new IKE SA of a rekey from the old one: same peer, addresses
 * and identities; keys per §2.18.  initiator: we started this rekey.
 */
static struct ike_sa *
new_sa(struct ike_sa *old, int initiator, const struct ike_suite *s,
    uint64_t spi_i, uint64_t spi_r, const uint8_t *ni, size_t ni_len,
    const uint8_t *nr, size_t nr_len, const uint8_t *gir, size_t gir_len)
{
	struct ike_prf		*old_prf, *new_prf;
	struct ike_engine	*e = old->eng;
	struct ike_sa		*n;
	struct ike_keylens	 l;
	struct ike_sa_keys	*k;
	uint8_t			 skeyseed[IKE_PRF_MAX_OUT], spii[8], spir[8];

	if ((n = ike_sa_new(e, initiator, old->peer, spi_i, spi_r)) == NULL)
		return NULL;
	n->local = old->local;
	n->remote = old->remote;
	n->natt = old->natt;
	n->nat_local = old->nat_local;
	n->nat_remote = old->nat_remote;
	n->suite = *s;
	n->auth_remote = old->auth_remote;
	n->frag = old->frag;		/* negotiated in the first one's
					 * IKE_SA_INIT (RFC 7383) */
	if (ike_bytes_set(&n->id_local, old->id_local.p,
	    old->id_local.len) == -1 || ike_bytes_set(&n->id_remote,
	    old->id_remote.p, old->id_remote.len) == -1 ||
	    ike_auth_rsa_inherit(n, old) == -1 ||
	    ike_sa_set_nonce_lo(n, ni, ni_len, nr, nr_len) == -1) {
		ike_sa_kill(n, NULL);
		return NULL;
	}
	ike_put64(spii, spi_i);
	ike_put64(spir, spi_r);
	/* The exchange belongs to the old SA: its PRF makes SKEYSEED, the
	 * new SA's PRF makes the keys (§2.18). */
	old_prf = ike_sa_prf(old);
	if (old_prf == NULL || old->km == NULL ||
	    (new_prf = ike_sa_prf(n)) == NULL ||
	    ike_keylens_get(&l, s->prf, s->encr, s->encr_keylen,
	    ike_encr_is_aead(s->encr) ? IKE_INTEG_NONE : s->integ) == -1 ||
	    ike_skeyseed_rekey(old_prf, ike_km_d(old->km), old->km->d_len,
	    gir, gir_len, ni, ni_len, nr, nr_len, skeyseed) == -1 ||
	    (k = ike_sa_keys_new(new_prf, &l, skeyseed,
	    ike_prf_get_alg(old_prf)->out_len, ni, ni_len, nr, nr_len, spii,
	    spir)) == NULL) {
		OPENSSL_cleanse(skeyseed, sizeof(skeyseed));
		ike_sa_kill(n, NULL);
		return NULL;
	}
	OPENSSL_cleanse(skeyseed, sizeof(skeyseed));
	if (ike_sa_set_keys(n, k) == -1) {
		ike_sa_kill(n, NULL);
		return NULL;
	}
	return n;
}

/*
 * The new SA takes over: Child SAs and queued exchanges move to it, it is
 * established, and the old one waits to be deleted.
 */
static void
adopt(struct ike_sa *old, struct ike_sa *n)
{
	struct ike_engine	*e = old->eng;
	struct ike_child	**pp;
	struct ike_task		**tp, *t;

	for (pp = &n->children; *pp != NULL; pp = &(*pp)->next)
		;
	*pp = old->children;
	old->children = NULL;
	/* Queued exchanges (Child SA work, not the old SA's own delete). */
	tp = &old->queue;
	while ((t = *tp) != NULL) {
		if (t->type == IKE_TASK_IKE_DELETE ||
		    t->type == IKE_TASK_IKE_REKEY || t->type == IKE_TASK_DPD) {
			tp = &t->next;
			continue;
		}
		*tp = t->next;
		t->next = NULL;
		ike_sa_queue(n, t);
	}
	ike_sa_set_state(n, IKE_SA_ESTABLISHED);
	n->established_ms = e->now;
	ike_sa_schedule_lifetime(n);
	if (n->peer->dpd_interval)
		n->dpd_ms = e->now + n->peer->dpd_interval * 1000ull;
	n->last_out_ms = e->now;
	ike_sa_keepalive(n);
	old->rekey_ms = 0;
	old->dpd_ms = 0;
	old->keepalive_ms = 0;
	e->stats.ike_rekeys++;
	ike_act_log(e, n, IKE_LOG_INFO, "IKE SA %u rekeyed: IKE SA %u "
	    "replaces it (SPIs %016llx/%016llx)", old->id, n->id,
	    (unsigned long long)n->spi_i, (unsigned long long)n->spi_r);
	ike_sa_kick(n);
}

/* Described in sa.h. */
void
ex_rekey_conclude(struct ike_sa *old)
{
	struct ike_sa	*n = old->collided;

	if (n == NULL)
		return;
	old->collided = NULL;
	if (n->state != IKE_SA_NEW)
		return;
	adopt(old, n);
	if (old->state == IKE_SA_ESTABLISHED ||
	    old->state == IKE_SA_REKEYING) {
		ike_sa_set_state(old, IKE_SA_REKEYED);
		old->delete_ms = old->eng->now + ike_delete_wait_ms(old->eng);
	}
}

/* Described in sa.h. */
int
ex_rekey_build_i(struct ike_sa *sa, struct ike_task *t)
{
	struct ike_engine	*e = sa->eng;
	struct ike_msg		*m;
	const uint8_t		*pub;
	size_t			 publen;
	uint8_t			 spi[8];
	struct ike_task_x	*x;

	if ((x = ike_task_x(t)) == NULL)
		return -1;
	if (t->new_spi == 0 && (t->new_spi = ike_sa_new_spi(e)) == 0)
		return -1;
	x->nonce_len = e->cfg.limits.nonce_len ? e->cfg.limits.nonce_len : 32;
	if (x->nonce_len < IKE_NONCE_MIN || x->nonce_len > IKE_NONCE_MAX)
		x->nonce_len = 32;
	if (ike_rand(e, IKE_RAND_NONCE, x->nonce, x->nonce_len) == -1)
		return -1;
	if (t->dh_group == 0)
		t->dh_group = sa->suite.dh;
	ike_dh_free(x->dh);
	if ((x->dh = ike_dh_fresh(e, t->dh_group)) == NULL)
		return -1;
	if (x->offer == NULL && (x->offer = malloc(sizeof(*x->offer))) == NULL)
		return -1;
	ike_put64(spi, t->new_spi);
	ike_props_from_cfg(sa->peer->ike, sa->peer->n_ike, IKE_PROTO_IKE, spi,
	    8, IKE_PROP_DH_USE, t->dh_group, x->offer);
	if ((m = ike_sa_msg(sa, IKE_EXCH_CREATE_CHILD_SA, 0, sa->my_msgid)) ==
	    NULL)
		return -1;
	ike_msg_add_sa(m, ike_offer_props(x->offer), x->offer->n);
	ike_msg_add_nonce(m, x->nonce, x->nonce_len);
	pub = ike_dh_public(x->dh, &publen);
	ike_msg_add_ke(m, t->dh_group, pub, publen);
	if (ike_sa_set_state(sa, IKE_SA_REKEYING) == -1) {
		ike_msg_free(m);
		return -1;
	}
	if (ike_sa_send_request(sa, m, t) == -1) {
		ike_sa_set_state(sa, IKE_SA_ESTABLISHED);
		return -1;
	}
	return 0;
}

/* Whether a Child SA exchange of ours is in flight (§2.25.2). */
static int
child_work_in_flight(const struct ike_sa *sa)
{
	const struct ike_task	*t = sa->req.active ? sa->req.task : NULL;

	return t != NULL && (t->type == IKE_TASK_CHILD_CREATE ||
	    t->type == IKE_TASK_CHILD_REKEY ||
	    t->type == IKE_TASK_CHILD_DELETE);
}

/* Described in sa.h. */
int
ex_rekey_process_r(struct ike_sa *sa, struct ike_msg *m)
{
	struct ike_engine	*e = sa->eng;
	struct ike_pl		*pl_sa, *pl_ni, *pl_ke;
	struct ike_sa		*n;
	struct ike_msg		*r;
	struct ike_offer	*o;
	struct ike_dh		*dh = NULL;
	struct ike_suite	 s;
	uint8_t			 gir[IKE_DH_MAX_SECRET], nr[IKE_NONCE_MAX];
	uint8_t			 grp[2], spi[8];
	uint64_t		 spi_r;
	size_t			 nr_len, publen;
	const uint8_t		*pub;
	char			 why[768];

	if (sa->state != IKE_SA_ESTABLISHED && sa->state != IKE_SA_REKEYING) {
		ike_sa_respond_notify(sa, m, IKE_N_TEMPORARY_FAILURE, 0, 0);
		return 0;
	}
	if (child_work_in_flight(sa)) {
		ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: peer rekeys it "
		    "while a Child SA exchange of ours runs: "
		    "TEMPORARY_FAILURE", sa->id);
		ike_sa_respond_notify(sa, m, IKE_N_TEMPORARY_FAILURE, 0, 0);
		return 0;
	}
	pl_sa = ike_msg_get(m, IKE_PL_SA);
	pl_ni = ike_msg_get(m, IKE_PL_NONCE);
	pl_ke = ike_msg_get(m, IKE_PL_KE);
	if (pl_sa == NULL || pl_ni == NULL || pl_ke == NULL ||
	    pl_ni->body.len < IKE_NONCE_MIN ||
	    pl_ni->body.len > IKE_NONCE_MAX) {
		ike_sa_respond_notify(sa, m, IKE_N_INVALID_SYNTAX, 0, 0);
		return 0;
	}
	if (ike_props_select(pl_sa->sa.prop, pl_sa->sa.nprop, sa->peer->ike,
	    sa->peer->n_ike, IKE_PROTO_IKE, IKE_PROP_DH_USE, pl_ke->ke.group,
	    &s, why, sizeof(why)) == -1 || s.spi_len != 8) {
		ike_act_fail(e, sa, IKE_FAIL_NO_PROPOSAL, "IKE SA rekey from "
		    "%s (tunnel %s): %s", IPS(sa->remote.ip), sa->peer->name,
		    s.spi_len != 8 ? "bad SPI size" : why);
		ike_sa_respond_notify(sa, m, IKE_N_NO_PROPOSAL_CHOSEN, 0, 0);
		return 0;
	}
	if (pl_ke->ke.group != s.dh) {
		grp[0] = s.dh >> 8;
		grp[1] = s.dh & 0xff;
		e->stats.invalid_ke_sent++;
		if ((r = ike_sa_msg(sa, IKE_EXCH_CREATE_CHILD_SA, 1,
		    m->hdr.msgid)) != NULL) {
			ike_msg_add_notify(r, 0, NULL, 0,
			    IKE_N_INVALID_KE_PAYLOAD, grp, 2);
			ike_sa_send_response(sa, r);
		}
		return 0;
	}
	nr_len = e->cfg.limits.nonce_len ? e->cfg.limits.nonce_len : 32;
	if (nr_len < IKE_NONCE_MIN || nr_len > IKE_NONCE_MAX)
		nr_len = 32;
	if ((dh = ike_dh_fresh(e, s.dh)) == NULL ||
	    ike_rand(e, IKE_RAND_NONCE, nr, nr_len) == -1 ||
	    (spi_r = ike_sa_new_spi(e)) == 0) {
		ike_dh_free(dh);
		return -1;
	}
	if (ike_dh_derive(dh, pl_ke->ke.data.p, pl_ke->ke.data.len, gir,
	    sizeof(gir)) == -1) {
		ike_dh_free(dh);
		ike_sa_respond_notify(sa, m, IKE_N_INVALID_SYNTAX, 0, 0);
		return 0;
	}
	n = new_sa(sa, 0, &s, ike_get64(s.spi), spi_r, pl_ni->body.p,
	    pl_ni->body.len, nr, nr_len, gir, ike_dh_secret_len(s.dh));
	OPENSSL_cleanse(gir, sizeof(gir));
	o = NULL;
	r = NULL;
	if (n == NULL || (o = malloc(sizeof(*o))) == NULL ||
	    (r = ike_sa_msg(sa, IKE_EXCH_CREATE_CHILD_SA, 1, m->hdr.msgid)) ==
	    NULL) {
		if (n != NULL)
			ike_sa_kill(n, NULL);
		free(o);
		ike_dh_free(dh);
		return -1;
	}
	ike_put64(spi, spi_r);
	ike_suite_to_props(&s, spi, 8, o);
	ike_msg_add_sa(r, ike_offer_props(o), o->n);
	ike_msg_add_nonce(r, nr, nr_len);
	pub = ike_dh_public(dh, &publen);
	ike_msg_add_ke(r, s.dh, pub, publen);
	free(o);
	ike_dh_free(dh);
	if (ike_sa_send_response(sa, r) == -1) {
		ike_sa_kill(n, NULL);
		return -1;
	}
	if (sa->state == IKE_SA_REKEYING) {
		/* Collision: decided when our own rekey's answer comes. */
		if (sa->collided != NULL)
			ike_sa_kill(sa->collided, "superseded by another "
			    "peer rekey");
		sa->collided = n;
		ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: rekey collision, "
		    "holding the peer's new IKE SA %u", sa->id, n->id);
		ike_sa_rearm(n);
		return 0;
	}
	adopt(sa, n);
	ike_sa_set_state(sa, IKE_SA_REKEYED);
	sa->delete_ms = e->now + ike_delete_wait_ms(e);
	ike_sa_rearm(sa);
	return 0;
}

/* Our rekey ended without a new SA of ours. */
static void
rekey_failed(struct ike_sa *sa, int retry)
{
	struct ike_engine	*e = sa->eng;

	if (sa->collided != NULL) {
		ex_rekey_conclude(sa);
		return;
	}
	if (sa->state == IKE_SA_REKEYING)
		ike_sa_set_state(sa, IKE_SA_ESTABLISHED);
	if (retry && sa->state == IKE_SA_ESTABLISHED)
		sa->rekey_ms = e->now + ike_retry_delay(e);
}

/* Described in sa.h. */
int
ex_rekey_process_i(struct ike_sa *sa, struct ike_task *t, struct ike_msg *m)
{
	struct ike_engine	*e = sa->eng;
	struct ike_pl_notify	*n;
	struct ike_pl		*pl_sa, *pl_nr, *pl_ke;
	struct ike_sa		*ns, *peer_new;
	struct ike_task		*del, *again;
	struct ike_suite	 s;
	uint8_t			 gir[IKE_DH_MAX_SECRET];
	uint16_t		 group;
	char			 why[768];
	struct ike_task_x	*x;

	if ((x = t->x) == NULL)
		return 0;	/* never sent: not ours */
	if (sa->state != IKE_SA_REKEYING)
		return 0;	/* deleted or concluded meanwhile */
	if ((n = ike_msg_error_notify(m)) != NULL) {
		if (n->type == IKE_N_INVALID_KE_PAYLOAD) {
			group = n->data.len == 2 ?
			    (uint16_t)(n->data.p[0] << 8 | n->data.p[1]) : 0;
			if (ike_sa_offers_group(sa, group) && group != t->dh_group &&
			    t->ke_retries < KE_RETRIES &&
			    sa->collided == NULL &&
			    (again = ike_task_new(IKE_TASK_IKE_REKEY)) !=
			    NULL) {
				again->dh_group = group;
				again->ke_retries = t->ke_retries + 1;
				ike_sa_set_state(sa, IKE_SA_ESTABLISHED);
				ike_sa_queue(sa, again);
				return 0;
			}
		}
		if (n->type == IKE_N_TEMPORARY_FAILURE)
			ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: peer "
			    "answered TEMPORARY_FAILURE to our rekey; retrying "
			    "later", sa->id);
		else
			ike_act_fail(e, sa,
			    n->type == IKE_N_NO_PROPOSAL_CHOSEN ?
			    IKE_FAIL_NO_PROPOSAL : IKE_FAIL_PEER_ERROR,
			    "peer %s refused to rekey IKE SA %u: %s",
			    IPS(sa->remote.ip), sa->id,
			    ike_notify_name(n->type));
		rekey_failed(sa, 1);
		return 0;
	}
	pl_sa = ike_msg_get(m, IKE_PL_SA);
	pl_nr = ike_msg_get(m, IKE_PL_NONCE);
	pl_ke = ike_msg_get(m, IKE_PL_KE);
	if (pl_sa == NULL || pl_nr == NULL || pl_ke == NULL ||
	    pl_nr->body.len < IKE_NONCE_MIN ||
	    pl_nr->body.len > IKE_NONCE_MAX) {
		ike_act_fail(e, sa, IKE_FAIL_PEER_ERROR, "IKE SA rekey "
		    "response from %s lacks SA, Nr or KE", IPS(sa->remote.ip));
		rekey_failed(sa, 1);
		return 0;
	}
	if (ike_props_check_reply(x->offer, pl_sa->sa.prop, pl_sa->sa.nprop,
	    IKE_PROP_DH_USE, &s, why, sizeof(why)) == -1 || s.spi_len != 8 ||
	    pl_ke->ke.group != t->dh_group || s.dh != t->dh_group) {
		ike_act_fail(e, sa, IKE_FAIL_NO_PROPOSAL, "bad IKE SA rekey "
		    "response from %s: %s", IPS(sa->remote.ip), s.spi_len != 8 ?
		    "bad SPI or KE group" : why);
		rekey_failed(sa, 1);
		return 0;
	}
	if (ike_dh_derive(x->dh, pl_ke->ke.data.p, pl_ke->ke.data.len, gir,
	    sizeof(gir)) == -1) {
		ike_act_fail(e, sa, IKE_FAIL_PEER_ERROR, "IKE SA rekey: peer's "
		    "%s public value is invalid", ike_dh_name(t->dh_group));
		rekey_failed(sa, 1);
		return 0;
	}
	ns = new_sa(sa, 1, &s, t->new_spi, ike_get64(s.spi), x->nonce,
	    x->nonce_len, pl_nr->body.p, pl_nr->body.len, gir,
	    ike_dh_secret_len(s.dh));
	OPENSSL_cleanse(gir, sizeof(gir));
	if (ns == NULL) {
		rekey_failed(sa, 1);
		return 0;
	}
	peer_new = sa->collided;
	sa->collided = NULL;
	if (peer_new != NULL && ike_nonce_cmp(ns->nonce_lo.p,
	    ns->nonce_lo.len, peer_new->nonce_lo.p, peer_new->nonce_lo.len) <
	    0) {
		/* Lost (§2.8.2): delete ours, adopt the peer's; the peer
		 * deletes the old SA. */
		ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: rekey collision "
		    "lost; deleting our redundant IKE SA %u, adopting %u",
		    sa->id, ns->id, peer_new->id);
		adopt(sa, peer_new);
		ike_sa_set_state(sa, IKE_SA_REKEYED);
		sa->delete_ms = e->now + ike_delete_wait_ms(e);
		if ((del = ike_task_new(IKE_TASK_IKE_DELETE)) != NULL)
			ike_sa_queue(ns, del);
		else
			ike_sa_kill(ns, "out of memory");
		ike_sa_rearm(sa);
		return 0;
	}
	if (peer_new != NULL) {
		ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: rekey collision "
		    "won; the peer deletes its redundant IKE SA %u", sa->id,
		    peer_new->id);
		ike_sa_set_state(peer_new, IKE_SA_REKEYED);
		peer_new->delete_ms = e->now + ike_delete_wait_ms(e);
		ike_sa_rearm(peer_new);
	}
	adopt(sa, ns);
	ike_sa_set_state(sa, IKE_SA_REKEYED);
	if ((del = ike_task_new(IKE_TASK_IKE_DELETE)) != NULL)
		ike_sa_queue(sa, del);
	else
		ike_sa_kill(sa, "out of memory");
	return 0;
}
