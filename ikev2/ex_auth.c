/*
 * IKE_AUTH (RFC 7296 §1.2, §2.15): identities, the AUTH payload and the
 * first Child SA, plus INITIAL_CONTACT (§2.4).  Authentication is a small
 * table of methods (struct ike_authenticator), so signature methods can be
 * added beside the pre-shared key without touching the exchange.
 *
 *	HDR, SK {IDi, [IDr,] AUTH, [N(INITIAL_CONTACT),]
 *	    SAi2, TSi, TSr}  -->
 *	                        <--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "ikev2/actions.h"
#include "ikev2/auth.h"
#include "ikev2/exchange.h"
#include "ikev2/sa.h"

static int
psk_sign(struct ike_sa *sa, const struct buf *octets, struct buf *auth,
    uint8_t *method, char *why, size_t whylen)
{
	uint8_t		 out[IKE_PRF_MAX_OUT];
	struct ike_prf	*prf = ike_sa_prf(sa);
	const char	*psk = sa->peer->psk_local;

	if (prf == NULL) {
		snprintf(why, whylen, "no PRF for the AUTH payload");
		return -1;
	}
	if (psk[0] == '\0') {
		snprintf(why, whylen, "tunnel %s has no local pre-shared key",
		    sa->peer->name);
		return -1;
	}
	if (ike_psk_auth(prf, (const uint8_t *)psk, strlen(psk),
	    octets->data, octets->len, out) == -1) {
		snprintf(why, whylen, "PSK AUTH computation failed");
		return -1;
	}
	buf_reset(auth);
	buf_add(auth, out, ike_prf_get_alg(prf)->out_len);
	*method = IKE_AUTHM_SHARED_KEY_MIC;
	OPENSSL_cleanse(out, sizeof(out));
	return auth->oom ? -1 : 0;
}

static int
psk_verify(struct ike_sa *sa, const struct ike_msg *m,
    const struct ike_pl_id *id, const struct buf *octets,
    const struct ike_pl_auth *auth, char *why, size_t whylen)
{
	const char	*psk = sa->peer->psk_remote;

	(void)m;
	(void)id;
	if (psk[0] == '\0') {
		snprintf(why, whylen, "tunnel %s has no pre-shared key for "
		    "the peer", sa->peer->name);
		return -1;
	}
	if (ike_psk_auth_verify(ike_sa_prf(sa), (const uint8_t *)psk,
	    strlen(psk),
	    octets->data, octets->len, auth->data.p, auth->data.len) == -1) {
		snprintf(why, whylen, "AUTH payload from %s does not match the "
		    "pre-shared key of tunnel %s: the keys differ",
		    IPS(sa->remote.ip), sa->peer->name);
		return -1;
	}
	return 0;
}

static const struct ike_authenticator auth_psk = {
	IKE_CFG_AUTH_PSK, IKE_AUTHM_SHARED_KEY_MIC, 0, "pre-shared key",
	psk_sign, psk_verify, NULL,
};

/* The methods we can run: pre-shared keys, and RSA signatures with
 * certificates (auth_rsa.c: AUTH method 1 and RFC 7427's 14). */
static const struct ike_authenticator *const authenticators[] = {
	&auth_psk,
	&ike_auth_rsa,
};

static const struct ike_authenticator *
auth_find(enum ike_cfg_auth cfg)
{
	size_t	i;

	if (cfg == IKE_CFG_AUTH_DIGSIG)
		cfg = IKE_CFG_AUTH_RSA;	/* the same method table entry */
	for (i = 0; i < sizeof(authenticators) / sizeof(authenticators[0]);
	    i++)
		if (authenticators[i]->cfg == cfg)
			return authenticators[i];
	return NULL;
}

static const char *
auth_cfg_name(enum ike_cfg_auth cfg)
{
	return cfg == IKE_CFG_AUTH_PSK ? "pre-shared key" :
	    cfg == IKE_CFG_AUTH_RSA ? "RSA signature" :
	    cfg == IKE_CFG_AUTH_DIGSIG ? "digital signature" : "unknown";
}

/* Our ID payload body: ID Type | RESERVED(3) | data. */
static int
local_id(struct ike_sa *sa)
{
	const struct ike_cfg_id	*id = &sa->peer->local_id;
	uint8_t			 b[4 + IKE_CFG_ID_MAX];
	size_t			 len;

	memset(b, 0, 4);
	if (id->type == 0) {
		b[0] = IKE_ID_IPV4_ADDR;
		memcpy(b + 4, &sa->local.ip.s_addr, 4);
		len = 8;
	} else {
		b[0] = id->type;
		memcpy(b + 4, id->data, id->len);
		len = 4 + (size_t)id->len;
	}
	return ike_bytes_set(&sa->id_local, b, len);
}

/* Whether the peer's ID is one `match identity remote` allows. */
static int
remote_id_ok(const struct ike_sa *sa, const struct ike_pl_id *id, char *why,
    size_t whylen)
{
	const struct ike_cfg_id_match	*mt = &sa->peer->remote_id;
	uint32_t			 a;
	char				 idtxt[64];

	if (mt->any)
		return 0;
	if (id->type == IKE_ID_IPV4_ADDR && id->data.len == 4) {
		memcpy(&a, id->data.p, 4);
		if ((a & mt->mask.s_addr) == (mt->addr.s_addr &
		    mt->mask.s_addr))
			return 0;
		snprintf(idtxt, sizeof(idtxt), "%u.%u.%u.%u", id->data.p[0],
		    id->data.p[1], id->data.p[2], id->data.p[3]);
	} else
		snprintf(idtxt, sizeof(idtxt), "of type %s",
		    ike_id_type_name(id->type));
	snprintf(why, whylen, "peer identity %s does not match `match "
	    "identity remote address %s/%s` of tunnel %s", idtxt,
	    IPS(mt->addr), IPS(mt->mask), sa->peer->name);
	return -1;
}

/* The octets of RFC 7296 §2.15 for one side. */
static int
signed_octets(struct ike_sa *sa, int for_initiator, const uint8_t *id_body,
    size_t id_len, struct buf *out)
{
	const struct ike_sa_hs	*hs = sa->hs;
	const struct buf	*msg;
	const uint8_t		*nonce, *skp;
	size_t			 nlen;

	if (hs == NULL)
		return -1;
	msg = for_initiator ? &hs->msg1 : &hs->msg2;
	nonce = for_initiator ? hs->nr : hs->ni;
	nlen = for_initiator ? hs->nr_len : hs->ni_len;
	skp = for_initiator ? hs->sk_pi : hs->sk_pr;
	buf_reset(out);
	return ike_signed_octets(ike_sa_prf(sa), msg->data, msg->len, nonce,
	    nlen, skp, hs->p_len, id_body, id_len, out);
}

/* Adds IDx and AUTH for our side to m. */
static int
add_id_auth(struct ike_sa *sa, struct ike_msg *m, char *why, size_t whylen)
{
	const struct ike_authenticator	*a = auth_find(sa->peer->auth_local);
	struct buf			 octets = { 0 }, auth = { 0 };
	uint8_t				 method = 0;
	int				 rc = -1;

	if (a == NULL) {
		snprintf(why, whylen, "authentication by %s is not supported",
		    auth_cfg_name(sa->peer->auth_local));
		return -1;
	}
	if (local_id(sa) == -1 ||
	    signed_octets(sa, sa->initiator, sa->id_local.p,
	    sa->id_local.len, &octets) == -1) {
		snprintf(why, whylen, "out of memory");
		goto out;
	}
	if (a->sign(sa, &octets, &auth, &method, why, whylen) == -1)
		goto out;
	ike_msg_add_id(m, sa->initiator ? IKE_PL_IDI : IKE_PL_IDR,
	    sa->id_local.p[0], sa->id_local.p + 4, sa->id_local.len - 4);
	if (a->add != NULL && a->add(sa, m) == -1) {
		snprintf(why, whylen, "cannot add %s payloads (our "
		    "certificates of trustpoint %s)", a->name,
		    sa->peer->trustpoint);
		goto out;
	}
	/* We verify the responder's signature: say which CA we trust. */
	if (sa->initiator && auth_find(sa->peer->auth_remote) == &ike_auth_rsa &&
	    ike_auth_rsa_certreq(sa, m, why, whylen) == -1)
		goto out;
	ike_msg_add_auth(m, method, auth.data, auth.len);
	rc = 0;
out:
	buf_free(&octets);
	buf_free(&auth);
	return rc;
}

/* Checks the peer's ID and AUTH; 0, or -1 with why. */
static int
check_peer(struct ike_sa *sa, struct ike_msg *m, char *why, size_t whylen)
{
	const struct ike_authenticator	*a = auth_find(sa->peer->auth_remote);
	struct ike_pl			*id, *auth;
	struct buf			 octets = { 0 };
	int				 rc = -1;

	id = ike_msg_get(m, sa->initiator ? IKE_PL_IDR : IKE_PL_IDI);
	auth = ike_msg_get(m, IKE_PL_AUTH);
	if (id == NULL || auth == NULL) {
		snprintf(why, whylen, "peer sent no %s or no AUTH payload",
		    sa->initiator ? "IDr" : "IDi");
		return -1;
	}
	if (remote_id_ok(sa, &id->id, why, whylen) == -1)
		return -1;
	if (a == NULL) {
		snprintf(why, whylen, "authentication by %s is not supported",
		    auth_cfg_name(sa->peer->auth_remote));
		return -1;
	}
	if (auth->auth.method != a->wire && (a->wire2 == 0 ||
	    auth->auth.method != a->wire2)) {
		snprintf(why, whylen, "peer authenticates with \"%s\" but "
		    "tunnel %s expects %s",
		    ike_auth_method_name(auth->auth.method), sa->peer->name,
		    a->name);
		return -1;
	}
	if (signed_octets(sa, !sa->initiator, id->body.p, id->body.len,
	    &octets) == -1) {
		snprintf(why, whylen, "out of memory");
		goto out;
	}
	if (a->verify(sa, m, &id->id, &octets, &auth->auth, why,
	    whylen) == -1)
		goto out;
	if (ike_bytes_set(&sa->id_remote, id->body.p, id->body.len) == -1) {
		snprintf(why, whylen, "out of memory");
		goto out;
	}
	sa->auth_remote = auth->auth.method;
	rc = 0;
out:
	buf_free(&octets);
	return rc;
}

/* Whether another IKE SA of this tunnel exists (then no INITIAL_CONTACT). */
static int
has_sibling(const struct ike_sa *sa)
{
	const struct ike_sa	*o;

	if (sa->peer == NULL)
		return 0;
	for (o = ike_sa_idx_first(sa->eng, IKE_IDX_PEER, sa->peer->id);
	    o != NULL; o = ike_sa_idx_next(o, IKE_IDX_PEER))
		if (o != sa && o->state != IKE_SA_DEAD)
			return 1;
	return 0;
}

/* The IKE SA is up: lifetimes, liveness, statistics, duplicates. */
static void
established(struct ike_sa *sa)
{
	struct ike_engine	*e = sa->eng;

	sa->halfopen_ms = 0;
	ike_sa_half_open_end(sa);
	ike_sa_schedule_lifetime(sa);
	if (sa->peer->dpd_interval)
		sa->dpd_ms = e->now + sa->peer->dpd_interval * 1000ull;
	ike_sa_keepalive(sa);
	e->stats.ike_up++;
	if (sa->hs != NULL && ike_sa_set_nonce_lo(sa, sa->hs->ni,
	    sa->hs->ni_len, sa->hs->nr, sa->hs->nr_len) == -1)
		ike_act_log(e, sa, IKE_LOG_ERR, "IKE SA %u: out of memory "
		    "keeping its nonce", sa->id);
	/* AUTH is done: the IKE_SA_INIT material has served. */
	ike_sa_hs_free(sa);
	ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u established for %s: "
	    "%s:%u -> %s:%u, %s", sa->id, sa->peer->name, IPS(sa->local.ip),
	    sa->local.port, IPS(sa->remote.ip), sa->remote.port,
	    sa->initiator ? "initiator" : "responder");
	ike_sa_settle_duplicates(sa);
}

/* Described in sa.h. */
int
ex_auth_build_i(struct ike_sa *sa, struct ike_task *t)
{
	struct ike_engine	*e = sa->eng;
	struct ike_msg		*m;
	char			 why[256];

	if ((m = ike_sa_msg(sa, IKE_EXCH_IKE_AUTH, 0, sa->my_msgid)) == NULL)
		goto fail;
	if (add_id_auth(sa, m, why, sizeof(why)) == -1) {
		ike_act_fail(e, sa, IKE_FAIL_AUTH, "cannot authenticate to "
		    "%s: %s", IPS(sa->remote.ip), why);
		ike_msg_free(m);
		ike_sa_kill(sa, "no usable authentication");
		return -1;
	}
	if (sa->peer->send_idr && sa->peer->remote_id.any == 0)
		ike_msg_add_id(m, IKE_PL_IDR, IKE_ID_IPV4_ADDR,
		    &sa->peer->remote_id.addr.s_addr, 4);
	if (!has_sibling(sa)) {
		/* RFC 7296 §2.4: we hold no other SA with this peer. */
		ike_msg_add_notify(m, 0, NULL, 0, IKE_N_INITIAL_CONTACT, NULL,
		    0);
		sa->initial_contact_sent = 1;
	}
	if (ex_child_offer(sa, t, m, 0) == -1) {
		ike_msg_free(m);
		ike_sa_kill(sa, "cannot offer the first Child SA");
		return -1;
	}
	if (ike_sa_set_state(sa, IKE_SA_AUTH_SENT) == -1 ||
	    ike_sa_send_request(sa, m, t) == -1)
		goto fail;
	return 0;
fail:
	ike_sa_kill(sa, "cannot build IKE_AUTH");
	return -1;
}

/* Described in sa.h. */
int
ex_auth_process_r(struct ike_sa *sa, struct ike_msg *m)
{
	struct ike_engine	*e = sa->eng;
	struct ike_msg		*r;
	char			 why[512];

	if (check_peer(sa, m, why, sizeof(why)) == -1) {
		ike_act_fail(e, sa, IKE_FAIL_AUTH, "IKE_AUTH from %s "
		    "(tunnel %s): %s; sending AUTHENTICATION_FAILED",
		    IPS(sa->remote.ip), sa->peer->name, why);
		ike_sa_respond_notify(sa, m, IKE_N_AUTHENTICATION_FAILED, 0, 0);
		ike_sa_kill(sa, "authentication failed");
		return -1;
	}
	if ((r = ike_sa_msg(sa, IKE_EXCH_IKE_AUTH, 1, m->hdr.msgid)) == NULL)
		goto internal;
	if (add_id_auth(sa, r, why, sizeof(why)) == -1) {
		ike_act_fail(e, sa, IKE_FAIL_AUTH, "cannot authenticate to "
		    "%s: %s", IPS(sa->remote.ip), why);
		ike_msg_free(r);
		ike_sa_respond_notify(sa, m, IKE_N_AUTHENTICATION_FAILED, 0, 0);
		ike_sa_kill(sa, "no usable authentication");
		return -1;
	}
	if (ike_sa_set_state(sa, IKE_SA_ESTABLISHED) == -1) {
		ike_msg_free(r);
		goto internal;
	}
	if (ike_msg_notify(m, IKE_N_INITIAL_CONTACT) != NULL)
		ike_sa_initial_contact(sa);
	/* The first Child SA uses the IKE_SA_INIT nonces (§2.17). */
	if (ike_msg_get(m, IKE_PL_SA) != NULL)
		ex_child_respond(sa, m, r, NULL, 0, sa->hs->ni,
		    sa->hs->ni_len, sa->hs->nr, sa->hs->nr_len, NULL, NULL,
		    NULL);
	if (ike_sa_send_response(sa, r) == -1)
		goto internal;
	established(sa);
	return 0;
internal:
	ike_act_fail(e, sa, IKE_FAIL_INTERNAL, "IKE_AUTH from %s: out of "
	    "memory", IPS(sa->remote.ip));
	ike_sa_kill(sa, "internal error");
	return -1;
}

/* Described in sa.h. */
int
ex_auth_process_i(struct ike_sa *sa, struct ike_task *t, struct ike_msg *m)
{
	struct ike_engine	*e = sa->eng;
	struct ike_pl_notify	*n;
	struct ike_child	*c = NULL;
	struct ike_task		*del;
	char			 why[512];

	if (ike_msg_notify(m, IKE_N_AUTHENTICATION_FAILED) != NULL) {
		ike_act_fail(e, sa, IKE_FAIL_AUTH, "peer %s rejected our "
		    "authentication (AUTHENTICATION_FAILED): %s",
		    IPS(sa->remote.ip), sa->peer->auth_local ==
		    IKE_CFG_AUTH_PSK ? "the pre-shared keys differ or it "
		    "does not accept our identity" : "it does not accept our "
		    "certificate, signature or identity (its log says why)");
		ike_child_release_spi(sa, t->spi_in);
		ike_sa_kill(sa, "authentication failed");
		return -1;
	}
	if (ike_msg_get(m, IKE_PL_AUTH) == NULL &&
	    (n = ike_msg_error_notify(m)) != NULL) {
		ike_act_fail(e, sa, IKE_FAIL_PEER_ERROR, "peer %s answered "
		    "IKE_AUTH with %s", IPS(sa->remote.ip),
		    ike_notify_name(n->type));
		ike_child_release_spi(sa, t->spi_in);
		ike_sa_kill(sa, "IKE_AUTH refused");
		return -1;
	}
	if (check_peer(sa, m, why, sizeof(why)) == -1) {
		ike_act_fail(e, sa, IKE_FAIL_AUTH, "IKE_AUTH response from %s "
		    "(tunnel %s): %s", IPS(sa->remote.ip), sa->peer->name, why);
		ike_child_release_spi(sa, t->spi_in);
		ex_info_send_notify(sa, IKE_N_AUTHENTICATION_FAILED);
		ike_sa_kill(sa, "authentication of the peer failed");
		return -1;
	}
	if (ike_sa_set_state(sa, IKE_SA_ESTABLISHED) == -1) {
		ike_child_release_spi(sa, t->spi_in);
		ike_sa_kill(sa, "internal error");
		return -1;
	}
	if (ex_child_accept(sa, t, m, NULL, 0, sa->hs->ni, sa->hs->ni_len,
	    sa->hs->nr, sa->hs->nr_len, &c) == -1) {
		/* A tunnel without its Child SA is no use: close it. */
		if ((del = ike_task_new(IKE_TASK_IKE_DELETE)) != NULL)
			ike_sa_queue(sa, del);
		else
			ike_sa_kill(sa, "out of memory");
		return -1;
	}
	established(sa);
	return 0;
}
