/*
 * IKE_SA_INIT (RFC 7296 §1.2, §2.6, §2.23): proposals, Diffie-Hellman,
 * nonces and SKEYSEED; as responder the stateless answers that come before
 * any state (COOKIE under a half-open load, INVALID_KE_PAYLOAD for another
 * group, NO_PROPOSAL_CHOSEN), as initiator the retries they call for; NAT
 * detection and the move to port 4500.
 *
 *	Initiator                         Responder
 *	HDR, SAi1, KEi, Ni, N(NATD_S), N(NATD_D)  -->
 *	                  <--  HDR, SAr1, KEr, Nr, N(NATD_S), N(NATD_D)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "ikev2/auth.h"
#include "ikev2/actions.h"
#include "ikev2/byteorder.h"
#include "ikev2/exchange.h"
#include "ikev2/frag.h"
#include "ikev2/sa.h"

#define COOKIE_LEN	33	/* version octet + HMAC-SHA2-256 */
#define COOKIE_ROTATE	120000	/* ms; strongSwan's switch period */
#define INIT_RETRIES	3	/* COOKIE or INVALID_KE round trips */

/* NAT_DETECTION_*_IP data: SHA-1(SPIi | SPIr | IP | port) (§2.23). */
static int
natd_hash(const struct ike_engine *e, uint64_t spi_i, uint64_t spi_r,
    const struct ike_addr *a, uint8_t *out)
{
	uint8_t		in[8 + 8 + 4 + 2];
	unsigned	len = 20;

	ike_put64(in, spi_i);
	ike_put64(in + 8, spi_r);
	memcpy(in + 16, &a->ip.s_addr, 4);
	in[20] = a->port >> 8;
	in[21] = a->port & 0xff;
	return EVP_Digest(in, sizeof(in), out, &len, e->sha1, NULL) == 1 ?
	    0 : -1;
}

static int
add_natd(struct ike_engine *e, struct ike_msg *m, uint64_t spi_i,
    uint64_t spi_r, const struct ike_addr *local, const struct ike_addr *remote)
{
	struct ike_addr	fake = *local;
	uint8_t		h[20];

	/* To force UDP encapsulation we claim an address we do not have,
	 * as strongSwan does for encap=yes (RFC 7296 §2.23 permits it). */
	if (e->cfg.limits.force_encap) {
		fake.port ^= 0xffff;
		local = &fake;
	}
	if (natd_hash(e, spi_i, spi_r, local, h) == -1 ||
	    ike_msg_add_notify(m, 0, NULL, 0, IKE_N_NAT_DETECTION_SOURCE_IP,
	    h, sizeof(h)) == NULL)
		return -1;
	if (natd_hash(e, spi_i, spi_r, remote, h) == -1 ||
	    ike_msg_add_notify(m, 0, NULL, 0,
	    IKE_N_NAT_DETECTION_DESTINATION_IP, h, sizeof(h)) == NULL)
		return -1;
	return 0;
}

/*
 * Checks the peer's NAT-D notifies against the addresses we see: its
 * DESTINATION hash names our address as it saw it (a mismatch: we are
 * behind a NAT); one of its SOURCE hashes must be the address we see it
 * at (none matching: it is behind a NAT, or fakes it like strongSwan's
 * libipsec to force UDP encapsulation).
 */
static void
natd_check(const struct ike_engine *e, const struct ike_msg *m,
    uint64_t spi_i, uint64_t spi_r,
    const struct ike_addr *local, const struct ike_addr *remote,
    int *nat_local, int *nat_remote)
{
	const struct ike_pl	*pl = NULL;
	uint8_t			 want_src[20], want_dst[20];
	int			 seen_src = 0, match_src = 0;

	*nat_local = *nat_remote = 0;
	if (natd_hash(e, spi_i, spi_r, remote, want_src) == -1 ||
	    natd_hash(e, spi_i, spi_r, local, want_dst) == -1)
		return;
	while ((pl = ike_msg_next(m, IKE_PL_NOTIFY, pl)) != NULL) {
		const struct ike_pl_notify *n = &pl->n;

		if (n->type == IKE_N_NAT_DETECTION_SOURCE_IP) {
			seen_src = 1;
			if (n->data.len == 20 &&
			    memcmp(n->data.p, want_src, 20) == 0)
				match_src = 1;
		} else if (n->type == IKE_N_NAT_DETECTION_DESTINATION_IP) {
			if (n->data.len != 20 ||
			    memcmp(n->data.p, want_dst, 20) != 0)
				*nat_local = 1;
		}
	}
	if (seen_src && !match_src)
		*nat_remote = 1;
}

/* Derives the IKE SA's keys once both nonces and g^ir are known. */
static int
derive_keys(struct ike_sa *sa, const uint8_t *gir, size_t gir_len)
{
	struct ike_keylens	 l;
	struct ike_sa_keys	*k;
	uint8_t			 skeyseed[IKE_PRF_MAX_OUT];
	uint8_t			 spii[8], spir[8];
	const struct ike_suite	*s = &sa->suite;
	const struct ike_sa_hs	*hs = sa->hs;
	struct ike_prf		*prf;

	if (hs == NULL || (prf = ike_sa_prf(sa)) == NULL ||
	    ike_keylens_get(&l, s->prf, s->encr, s->encr_keylen,
	    ike_encr_is_aead(s->encr) ? IKE_INTEG_NONE : s->integ) == -1 ||
	    ike_skeyseed(prf, hs->ni, hs->ni_len, hs->nr, hs->nr_len, gir,
	    gir_len, skeyseed) == -1)
		return -1;
	ike_put64(spii, sa->spi_i);
	ike_put64(spir, sa->spi_r);
	k = ike_sa_keys_new(prf, &l, skeyseed, ike_prf_get_alg(prf)->out_len,
	    hs->ni, hs->ni_len, hs->nr, hs->nr_len, spii, spir);
	OPENSSL_cleanse(skeyseed, sizeof(skeyseed));
	if (k == NULL)
		return -1;
	return ike_sa_set_keys(sa, k);
}

/* Sets the SA's ports for NAT traversal: IKE moves to 4500 (RFC 7296
 * §2.23) and ESP is UDP-encapsulated on the same ports (RFC 3948). */
static void
float_to_natt(struct ike_sa *sa)
{
	uint16_t	natt = sa->eng->cfg.limits.natt_port ?
			    sa->eng->cfg.limits.natt_port : 4500;

	if (sa->natt)
		return;
	sa->natt = 1;
	sa->local.port = natt;
	if (sa->remote.port == (sa->eng->cfg.limits.ike_port ?
	    sa->eng->cfg.limits.ike_port : 500))
		sa->remote.port = natt;
}

/*
 * Initiator
 */

/* Described in exchange.h. */
struct ike_sa *
ex_init_start(struct ike_engine *e, const struct ike_cfg_peer *peer)
{
	struct ike_sa	*sa;
	struct ike_task	*t;
	uint64_t	 spi;

	if (peer->n_ike == 0 || peer->ike[0].n_dh == 0) {
		ike_act_fail(e, NULL, IKE_FAIL_NO_PROPOSAL, "tunnel %s has no "
		    "usable IKE proposal", peer->name);
		return NULL;
	}
	if ((spi = ike_sa_new_spi(e)) == 0) {
		ike_act_fail(e, NULL, IKE_FAIL_INTERNAL, "tunnel %s: no "
		    "randomness for an IKE SPI", peer->name);
		return NULL;
	}
	if ((sa = ike_sa_new(e, 1, peer, spi, 0)) == NULL)
		return NULL;
	if (ike_sa_hs_new(sa) == -1) {
		ike_sa_kill(sa, "out of memory");
		return NULL;
	}
	sa->local.ip = peer->local;
	sa->local.port = e->cfg.limits.ike_port ? e->cfg.limits.ike_port : 500;
	sa->remote.ip = peer->remote;
	sa->remote.port = sa->local.port;
	if ((t = ike_task_new(IKE_TASK_INIT)) == NULL) {
		ike_sa_kill(sa, "out of memory or randomness");
		return NULL;
	}
	ike_act_log(e, sa, IKE_LOG_INFO, "initiating IKE SA %u for %s "
	    "(%s -> %s)", sa->id, peer->name, IPS(sa->local.ip),
	    IPS(sa->remote.ip));
	ike_sa_queue(sa, t);
	return sa->state == IKE_SA_DEAD ? NULL : sa;
}

/* Described in exchange.h. */
int
ex_init_build_i(struct ike_sa *sa, struct ike_task *t)
{
	struct ike_engine	*e = sa->eng;
	struct ike_msg		*m;
	const uint8_t		*pub;
	size_t			 publen;
	struct ike_task_x	*x;

	if ((x = ike_task_x(t)) == NULL)
		goto fail;
	if (sa->hs == NULL)
		goto fail;
	if (x->nonce_len == 0) {
		if ((x->nonce_len = ike_nonce_fresh(e, x->nonce, 1)) == 0)
			goto fail;
		memcpy(sa->hs->ni, x->nonce, x->nonce_len);
		sa->hs->ni_len = x->nonce_len;
		t->dh_group = sa->peer->ike[0].dh[0];
	}
	if (x->dh == NULL && (x->dh = ike_dh_fresh(e, t->dh_group)) == NULL) {
		ike_act_fail(e, sa, IKE_FAIL_INTERNAL, "cannot make a %s key "
		    "pair", ike_dh_name(t->dh_group));
		goto fail;
	}
	if (x->offer == NULL && (x->offer = malloc(sizeof(*x->offer))) == NULL)
		goto fail;
	ike_props_from_cfg(sa->peer->ike, sa->peer->n_ike, IKE_PROTO_IKE, NULL,
	    0, IKE_PROP_DH_USE, t->dh_group, x->offer);
	if ((m = ike_sa_msg(sa, IKE_EXCH_IKE_SA_INIT, 0, 0)) == NULL)
		goto fail;
	pub = ike_dh_public(x->dh, &publen);
	if (sa->hs->cookie.len)
		ike_msg_add_notify(m, 0, NULL, 0, IKE_N_COOKIE,
		    sa->hs->cookie.data, sa->hs->cookie.len);
	ike_msg_add_sa(m, ike_offer_props(x->offer), x->offer->n);
	ike_msg_add_ke(m, t->dh_group, pub, publen);
	ike_msg_add_nonce(m, sa->hs->ni, sa->hs->ni_len);
	if (add_natd(e, m, sa->spi_i, 0, &sa->local, &sa->remote) == -1 ||
	    ike_frag_announce(sa, m) == -1 ||
	    ike_auth_rsa_init_add(sa, m) == -1) {
		ike_msg_free(m);
		goto fail;
	}
	if (ike_sa_set_state(sa, IKE_SA_INIT_SENT) == -1 ||
	    ike_sa_send_request(sa, m, t) == -1)
		goto fail;
	return 0;
fail:
	ike_sa_kill(sa, "cannot build IKE_SA_INIT");
	return -1;
}

/*
 * The answers that ask for IKE_SA_INIT again (RFC 7296 §2.6, §1.2): a
 * COOKIE to echo, or INVALID_KE_PAYLOAD naming another group we offered.
 * Returns 1 when the response was one (*rc: what process_i returns: 0
 * after the retry, -1 when the SA gave up, 1 to wait on), else 0.
 */
static int
init_i_retry(struct ike_sa *sa, struct ike_task *t, const struct ike_msg *m,
    int *rc)
{
	struct ike_engine	*e = sa->eng;
	struct ike_pl_notify	*n;
	uint16_t		 group;

	if ((n = ike_msg_notify(m, IKE_N_COOKIE)) != NULL) {
		/* RFC 7296 §2.6: retry with the cookie first, else as is. */
		if (n->data.len < 1 || n->data.len > 64 ||
		    t->cookie_retries >= INIT_RETRIES) {
			ike_act_fail(e, sa, IKE_FAIL_PEER_ERROR, "peer keeps "
			    "asking for a COOKIE (or sent a bad one)");
			ike_sa_kill(sa, "COOKIE exchange failed");
			*rc = -1;
			return 1;
		}
		t->cookie_retries++;
		buf_reset(&sa->hs->cookie);
		buf_add(&sa->hs->cookie, n->data.p, n->data.len);
		ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: peer demands a "
		    "COOKIE; retrying IKE_SA_INIT with it", sa->id);
		*rc = ex_init_build_i(sa, t);
		return 1;
	}
	if ((n = ike_msg_notify(m, IKE_N_INVALID_KE_PAYLOAD)) == NULL)
		return 0;
	group = n->data.len == 2 ? ike_get16(n->data.p) : 0;
	if (!ike_sa_offers_group(sa, group) || group == t->dh_group) {
		/* §1.2: never switch to a group we did not propose; an
		 * unprotected notify may be forged, so wait on. */
		ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: ignoring "
		    "INVALID_KE_PAYLOAD asking for %s, which we did not "
		    "propose", sa->id, ike_dh_name(group));
		*rc = 1;
		return 1;
	}
	if (t->ke_retries >= INIT_RETRIES) {
		ike_act_fail(e, sa, IKE_FAIL_INVALID_KE, "peer keeps refusing "
		    "our key exchange groups");
		ike_sa_kill(sa, "INVALID_KE_PAYLOAD loop");
		*rc = -1;
		return 1;
	}
	t->ke_retries++;
	ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: peer wants %s instead of "
	    "%s; retrying IKE_SA_INIT", sa->id, ike_dh_name(group),
	    ike_dh_name(t->dh_group));
	ike_dh_free(t->x->dh);
	t->x->dh = NULL;
	t->dh_group = group;
	*rc = ex_init_build_i(sa, t);
	return 1;
}

/*
 * The checks of a response before anything of it is used: no error
 * notify, SAr1, KEr and Nr all there (else it is ignored: an
 * unauthenticated answer may be forged), a choice among what we offered,
 * KEr of our group, a nonce of 16 to 256 octets.  0 to go on with
 * sa->suite set, 1 to ignore it, -1 when the SA failed.
 */
static int
init_i_check(struct ike_sa *sa, struct ike_task *t, const struct ike_msg *m)
{
	struct ike_engine	*e = sa->eng;
	struct ike_pl_notify	*n;
	struct ike_pl		*pl_sa, *pl_ke, *pl_nr;
	char			 why[768], offered[512];

	if ((n = ike_msg_error_notify(m)) != NULL) {
		if (n->type == IKE_N_NO_PROPOSAL_CHOSEN) {
			ike_cfg_props_str(sa->peer->ike, sa->peer->n_ike,
			    IKE_PROTO_IKE, IKE_PROP_DH_USE, offered,
			    sizeof(offered));
			ike_act_fail(e, sa, IKE_FAIL_NO_PROPOSAL, "peer %s "
			    "accepted none of our IKE proposals "
			    "(NO_PROPOSAL_CHOSEN); we offered %s",
			    IPS(sa->remote.ip), offered);
		} else
			ike_act_fail(e, sa, IKE_FAIL_PEER_ERROR, "peer "
			    "answered IKE_SA_INIT with %s",
			    ike_notify_name(n->type));
		ike_sa_kill(sa, "IKE_SA_INIT refused");
		return -1;
	}
	pl_sa = ike_msg_get(m, IKE_PL_SA);
	pl_ke = ike_msg_get(m, IKE_PL_KE);
	pl_nr = ike_msg_get(m, IKE_PL_NONCE);
	if (pl_sa == NULL || pl_ke == NULL || pl_nr == NULL ||
	    m->hdr.spi_r == 0) {
		ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: ignoring an "
		    "incomplete IKE_SA_INIT response", sa->id);
		return 1;
	}
	if (ike_props_check_reply(t->x->offer, pl_sa->sa.prop,
	    pl_sa->sa.nprop, IKE_PROP_DH_USE, &sa->suite, why,
	    sizeof(why)) == -1 || pl_sa->sa.prop[0].spi_len != 0) {
		ike_act_fail(e, sa, IKE_FAIL_NO_PROPOSAL, "bad IKE_SA_INIT "
		    "response: %s", why);
		ike_sa_kill(sa, "peer's proposal choice is invalid");
		return -1;
	}
	if (pl_ke->ke.group != sa->suite.dh || pl_ke->ke.group != t->dh_group) {
		ike_act_fail(e, sa, IKE_FAIL_NO_PROPOSAL, "peer chose %s but "
		    "its KE is for %s and ours for %s",
		    ike_dh_name(sa->suite.dh), ike_dh_name(pl_ke->ke.group),
		    ike_dh_name(t->dh_group));
		ike_sa_kill(sa, "KE group mismatch");
		return -1;
	}
	if (pl_nr->body.len < IKE_NONCE_MIN ||
	    pl_nr->body.len > IKE_NONCE_MAX) {
		ike_act_fail(e, sa, IKE_FAIL_PEER_ERROR, "peer's nonce has %zu "
		    "octets (16 to 256 allowed)", pl_nr->body.len);
		ike_sa_kill(sa, "bad nonce");
		return -1;
	}
	return 0;
}

/*
 * Keys the SA from a checked response (SPIr, Nr, g^ir, SKEYSEED) and
 * follows what its NAT-D notifies say.  0, or -1 when the SA failed.
 */
static int
init_i_keys(struct ike_sa *sa, struct ike_task *t, struct ike_msg *m)
{
	struct ike_engine	*e = sa->eng;
	struct ike_pl		*pl_ke = ike_msg_get(m, IKE_PL_KE);
	struct ike_pl		*pl_nr = ike_msg_get(m, IKE_PL_NONCE);
	uint8_t			 gir[IKE_DH_MAX_SECRET];
	int			 rc;

	sa->spi_r = m->hdr.spi_r;
	memcpy(sa->hs->nr, pl_nr->body.p, pl_nr->body.len);
	sa->hs->nr_len = pl_nr->body.len;
	rc = ike_dh_derive(t->x->dh, pl_ke->ke.data.p, pl_ke->ke.data.len,
	    gir, sizeof(gir));
	if (rc == -1) {
		ike_act_fail(e, sa, IKE_FAIL_PEER_ERROR, "peer's %s public "
		    "value is invalid", ike_dh_name(t->dh_group));
		ike_sa_kill(sa, "bad KE");
		return -1;
	}
	rc = derive_keys(sa, gir, ike_dh_secret_len(t->dh_group));
	OPENSSL_cleanse(gir, sizeof(gir));
	if (rc == -1) {
		ike_act_fail(e, sa, IKE_FAIL_INTERNAL, "IKE key derivation "
		    "failed");
		ike_sa_kill(sa, "key derivation failed");
		return -1;
	}
	buf_reset(&sa->hs->msg2);
	buf_add(&sa->hs->msg2, m->raw, m->rawlen);
	ike_auth_rsa_init_seen(sa, m);
	ike_frag_seen(sa, m);
	/* Compare with the addresses this answer really travelled. */
	natd_check(e, m, sa->spi_i, sa->spi_r, &e->cur_local, &e->cur_remote,
	    &sa->nat_local, &sa->nat_remote);
	if (e->cfg.limits.force_encap)
		sa->nat_local = 1;
	if (sa->nat_local || sa->nat_remote) {
		ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: NAT detected "
		    "(%s); moving to port 4500", sa->id, sa->nat_local ?
		    "we are behind a NAT" : "peer is behind a NAT or fakes "
		    "one");
		float_to_natt(sa);
	}
	ike_dh_free(t->x->dh);
	t->x->dh = NULL;
	return 0;
}

/* Described in exchange.h.  Returns 1 to ignore the response (keep
 * waiting). */
int
ex_init_process_i(struct ike_sa *sa, struct ike_task *t, struct ike_msg *m)
{
	struct ike_task	*auth;
	int		 rc;

	if (t->x == NULL)
		return 1;	/* never sent: not ours */
	if (init_i_retry(sa, t, m, &rc))
		return rc;
	if ((rc = init_i_check(sa, t, m)) != 0 ||
	    (rc = init_i_keys(sa, t, m)) != 0)
		return rc;
	if ((auth = ike_task_new(IKE_TASK_AUTH)) == NULL) {
		ike_sa_kill(sa, "out of memory");
		return -1;
	}
	if (ex_auth_build_i(sa, auth) == -1) {
		if (sa->req.task != auth)
			ike_task_free(auth);
		return -1;
	}
	return 0;
}

/*
 * Responder
 */

static void
cookie_secret_roll(struct ike_engine *e)
{
	if (e->now - e->secret_ms < COOKIE_ROTATE)
		return;
	memcpy(e->secret[1], e->secret[0], sizeof(e->secret[0]));
	if (ike_rand(e, IKE_RAND_SECRET, e->secret[0],
	    sizeof(e->secret[0])) == -1)
		return;
	e->secret_ver++;
	e->secret_ms = e->now;
}

/* COOKIE = VersionID | prf(secret, Ni | IPi | SPIi) (RFC 7296 §2.6). */
static int
cookie_make(struct ike_engine *e, uint8_t ver, const struct ike_msg *m,
    const struct ike_addr *remote, uint8_t *out)
{
	const uint8_t		*secret;
	struct ike_pl		*ni = ike_msg_get(m, IKE_PL_NONCE);
	struct ike_chunk	 v[3];
	uint8_t			 spi[8];

	if (ni == NULL || e->cookie_prf == NULL)
		return -1;
	if (ver == e->secret_ver)
		secret = e->secret[0];
	else if (ver == (uint8_t)(e->secret_ver - 1))
		secret = e->secret[1];
	else
		return -1;
	ike_put64(spi, m->hdr.spi_i);
	v[0].p = ni->body.p;
	v[0].len = ni->body.len;
	v[1].p = (const uint8_t *)&remote->ip.s_addr;
	v[1].len = 4;
	v[2].p = spi;
	v[2].len = 8;
	out[0] = ver;
	return ike_prf_compute_v(e->cookie_prf, secret, sizeof(e->secret[0]),
	    v, 3, out + 1);
}

/* Sends an unprotected IKE_SA_INIT answer carrying one notify. */
static void
answer_notify(struct ike_engine *e, const struct ike_msg *req,
    const struct ike_addr *local, const struct ike_addr *remote,
    uint16_t type, const void *data, size_t len)
{
	struct ike_msg	*m;
	struct buf	 enc = { 0 }, dg = { 0 };
	uint16_t	 natt = e->cfg.limits.natt_port ?
			    e->cfg.limits.natt_port : 4500;

	if ((m = ike_msg_new()) == NULL)
		return;
	ike_msg_set_hdr(m, req->hdr.spi_i, 0, IKE_EXCH_IKE_SA_INIT, 0,
	    IKE_FLAG_R);
	ike_msg_add_notify(m, 0, NULL, 0, type, data, len);
	if (ike_msg_encode(m, &enc, NULL) == 0 &&
	    (local->port != natt || buf_add_u32(&dg, 0) == 0) &&
	    buf_add(&dg, enc.data, enc.len) == 0)
		(void)ike_unauth_send(e, local, remote, req->rawlen, enc.len,
		    dg.data, dg.len);
	buf_free(&enc);
	buf_free(&dg);
	ike_msg_free(m);
}

static size_t
half_open_from(const struct ike_engine *e, struct in_addr ip)
{
	const struct ike_sa	*sa;
	size_t			 n = 0;

	for (sa = ike_sa_idx_first(e, IKE_IDX_HALFOPEN, ip.s_addr);
	    sa != NULL; sa = ike_sa_idx_next(sa, IKE_IDX_HALFOPEN))
		if (sa->state == IKE_SA_HALF_OPEN)
			n++;
	return n;
}

static const struct ike_cfg_policy *
find_policy(const struct ike_engine *e, const struct ike_addr *local)
{
	size_t	i, k;

	for (i = 0; i < e->cfg.n_policies; i++) {
		const struct ike_cfg_policy *p = &e->policies[i];

		if (p->n_ike == 0)
			continue;
		for (k = 0; k < p->n_local; k++)
			if (p->local[k].s_addr == local->ip.s_addr)
				return p;
	}
	for (i = 0; i < e->cfg.n_policies; i++)
		if (e->policies[i].any_local && e->policies[i].n_ike)
			return &e->policies[i];
	return NULL;
}

/*
 * Checks the COOKIE when the half-open load asks for one.  Returns 0 to go
 * on, -1 when the request was answered with a COOKIE or dropped.
 */
static int
cookie_gate(struct ike_engine *e, const struct ike_msg *m,
    const struct ike_addr *local, const struct ike_addr *remote)
{
	const struct ike_cfg_limits	*l = &e->cfg.limits;
	struct ike_pl_notify		*n;
	size_t				 from_ip;
	uint32_t			 thr = l->cookie_threshold ?
					    l->cookie_threshold : 30;
	uint32_t			 thr_ip = l->cookie_threshold_ip ?
					    l->cookie_threshold_ip : 3;
	uint32_t			 block = l->block_threshold_ip ?
					    l->block_threshold_ip : 5;
	uint8_t				 want[COOKIE_LEN];

	from_ip = half_open_from(e, remote->ip);
	if (from_ip >= block && !l->cookie_always) {
		e->stats.dropped++;
		ike_act_log(e, NULL, IKE_LOG_INFO, "dropping IKE_SA_INIT from "
		    "%s: %zu half-open IKE SAs from it", IPS(remote->ip),
		    from_ip);
		return -1;
	}
	if (!l->cookie_always && e->stats.half_open < thr && from_ip < thr_ip)
		return 0;
	cookie_secret_roll(e);
	n = ike_msg_notify(m, IKE_N_COOKIE);
	if (n != NULL && n->data.len == COOKIE_LEN &&
	    cookie_make(e, n->data.p[0], m, remote, want) == 0 &&
	    CRYPTO_memcmp(want, n->data.p, COOKIE_LEN) == 0)
		return 0;
	if (cookie_make(e, e->secret_ver, m, remote, want) == -1)
		return -1;
	e->stats.cookies_sent++;
	ike_act_log(e, NULL, IKE_LOG_INFO, "IKE_SA_INIT from %s: %s; asking "
	    "for a COOKIE", IPS(remote->ip), n == NULL ?
	    "half-open threshold passed" : "its COOKIE is not valid");
	answer_notify(e, m, local, remote, IKE_N_COOKIE, want, sizeof(want));
	return -1;
}

/*
 * RFC 7296 §2.1: a retransmission of a request we answered (the very same
 * bytes: the same answer again), a new request with its SPI (the old
 * half-open SA goes) or one that comes too late (IKE_AUTH has arrived).
 * Returns 1 when that settles the request.
 */
static int
init_r_repeated(struct ike_engine *e, const struct ike_msg *m,
    const struct ike_addr *remote)
{
	struct ike_sa	*old;

	for (old = ike_sa_idx_first(e, IKE_IDX_PSPI, m->hdr.spi_i);
	    old != NULL; old = ike_sa_idx_next(old, IKE_IDX_PSPI)) {
		if (old->state == IKE_SA_DEAD ||
		    old->remote.ip.s_addr != remote->ip.s_addr)
			continue;
		if (old->state != IKE_SA_HALF_OPEN) {
			e->stats.dropped++;
			return 1;	/* IKE_AUTH already arrived */
		}
		if (old->hs != NULL && old->hs->msg1.len == m->rawlen &&
		    memcmp(old->hs->msg1.data, m->raw, m->rawlen) == 0) {
			e->stats.resp_resent++;
			ike_sa_send_train(e, old, &old->local, &old->remote,
			    &old->resp);
			return 1;
		}
		ike_sa_kill(old, "replaced by a new IKE_SA_INIT with its SPI");
	}
	return 0;
}

/*
 * What we answer before we keep any state: the tunnel configured for the
 * two addresses, the proposal we choose and the group it needs, a nonce
 * of a size we take.  0 with *peer and *suite set, or -1 when the request
 * has been answered (NO_PROPOSAL_CHOSEN, INVALID_KE_PAYLOAD) or dropped.
 */
static int
init_r_choose(struct ike_engine *e, const struct ike_msg *m,
    const struct ike_addr *local, const struct ike_addr *remote,
    const struct ike_cfg_peer **peer, struct ike_suite *suite)
{
	const struct ike_cfg_policy	*pol;
	const struct ike_cfg_proposal	*props;
	struct ike_pl			*pl_sa, *pl_ke, *pl_ni;
	uint8_t				 grp[2];
	char				 why[768];
	size_t				 nprops;

	if ((*peer = ike_engine_peer_by_addr(e, local->ip,
	    remote->ip)) == NULL) {
		ike_act_fail(e, NULL, IKE_FAIL_NO_CONFIG, "IKE_SA_INIT from "
		    "%s: no tunnel is configured for this peer",
		    IPS(remote->ip));
		answer_notify(e, m, local, remote, IKE_N_NO_PROPOSAL_CHOSEN,
		    NULL, 0);
		return -1;
	}
	pol = find_policy(e, local);
	props = pol != NULL ? pol->ike : (*peer)->ike;
	nprops = pol != NULL ? pol->n_ike : (*peer)->n_ike;
	pl_sa = ike_msg_get(m, IKE_PL_SA);
	pl_ke = ike_msg_get(m, IKE_PL_KE);
	pl_ni = ike_msg_get(m, IKE_PL_NONCE);
	if (pl_sa == NULL || pl_ke == NULL || pl_ni == NULL) {
		e->stats.dropped++;
		return -1;	/* the rules check makes this unreachable */
	}
	if (ike_props_select(pl_sa->sa.prop, pl_sa->sa.nprop, props, nprops,
	    IKE_PROTO_IKE, IKE_PROP_DH_USE, pl_ke->ke.group, suite, why,
	    sizeof(why)) == -1) {
		ike_act_fail(e, NULL, IKE_FAIL_NO_PROPOSAL, "IKE_SA_INIT from "
		    "%s (tunnel %s): %s", IPS(remote->ip), (*peer)->name,
		    why);
		answer_notify(e, m, local, remote, IKE_N_NO_PROPOSAL_CHOSEN,
		    NULL, 0);
		return -1;
	}
	if (pl_ke->ke.group != suite->dh) {
		/* RFC 7296 §1.2: tell the initiator which group we want. */
		grp[0] = suite->dh >> 8;
		grp[1] = suite->dh & 0xff;
		e->stats.invalid_ke_sent++;
		ike_act_log(e, NULL, IKE_LOG_INFO, "IKE_SA_INIT from %s: KE is "
		    "%s, we want %s: sending INVALID_KE_PAYLOAD",
		    IPS(remote->ip), ike_dh_name(pl_ke->ke.group),
		    ike_dh_name(suite->dh));
		answer_notify(e, m, local, remote, IKE_N_INVALID_KE_PAYLOAD,
		    grp, sizeof(grp));
		return -1;
	}
	if (pl_ni->body.len < IKE_NONCE_MIN ||
	    pl_ni->body.len > IKE_NONCE_MAX) {
		e->stats.dropped++;
		return -1;
	}
	return 0;
}

/* Described in exchange.h. */
struct ike_sa *
ex_init_admit(struct ike_engine *e, const struct ike_msg *m,
    const struct ike_addr *local, const struct ike_addr *remote)
{
	const struct ike_cfg_peer	*peer;
	struct ike_suite		 suite;
	struct ike_sa			*sa;
	uint64_t			 spi_r;
	uint16_t			 natt = e->cfg.limits.natt_port ?
					    e->cfg.limits.natt_port : 4500;

	if (init_r_repeated(e, m, remote) ||
	    cookie_gate(e, m, local, remote) == -1 ||
	    init_r_choose(e, m, local, remote, &peer, &suite) == -1)
		return NULL;
	if ((spi_r = ike_sa_new_spi(e)) == 0) {
		ike_act_fail(e, NULL, IKE_FAIL_INTERNAL, "IKE_SA_INIT from %s: "
		    "no randomness for an IKE SPI", IPS(remote->ip));
		return NULL;
	}
	if ((sa = ike_sa_new(e, 0, peer, m->hdr.spi_i, spi_r)) == NULL)
		return NULL;
	sa->local = *local;
	sa->remote = *remote;
	sa->natt = local->port == natt;
	sa->suite = suite;
	return sa;
}

/* Our answer (§1.2): SAr1 with the proposal we chose, KEr, Nr and the
 * NAT-D notifies; NULL without memory. */
static struct ike_msg *
init_r_answer(struct ike_sa *sa, const struct ike_dh *dh)
{
	struct ike_msg	*r;
	const uint8_t	*pub;
	size_t		 publen;

	if ((r = ike_sa_msg(sa, IKE_EXCH_IKE_SA_INIT, 1, 0)) == NULL)
		return NULL;
	if (ike_suite_add_sa(r, &sa->suite, NULL, 0) == -1) {
		ike_msg_free(r);
		return NULL;
	}
	pub = ike_dh_public(dh, &publen);
	ike_msg_add_ke(r, sa->suite.dh, pub, publen);
	ike_msg_add_nonce(r, sa->hs->nr, sa->hs->nr_len);
	if (add_natd(sa->eng, r, sa->spi_i, sa->spi_r, &sa->local,
	    &sa->remote) == -1 || ike_frag_announce(sa, r) == -1 ||
	    ike_auth_rsa_init_add(sa, r) == -1) {
		ike_msg_free(r);
		return NULL;
	}
	return r;
}

/* Described in exchange.h. */
int
ex_init_process_r(struct ike_sa *sa, struct ike_msg *m)
{
	struct ike_engine	*e = sa->eng;
	const struct ike_addr	*local = &sa->local, *remote = &sa->remote;
	struct ike_sa_hs	*hs;
	struct ike_pl		*pl_ke, *pl_ni;
	struct ike_msg		*r;
	struct ike_dh		*dh = NULL;
	uint8_t			 gir[IKE_DH_MAX_SECRET];
	int			 rc = -1;

	pl_ke = ike_msg_get(m, IKE_PL_KE);
	pl_ni = ike_msg_get(m, IKE_PL_NONCE);
	if (pl_ke == NULL || pl_ni == NULL || ike_sa_hs_new(sa) == -1)
		goto internal;
	hs = sa->hs;
	memcpy(hs->ni, pl_ni->body.p, pl_ni->body.len);
	hs->ni_len = pl_ni->body.len;
	if ((hs->nr_len = ike_nonce_fresh(e, hs->nr, 1)) == 0 ||
	    (dh = ike_dh_fresh(e, sa->suite.dh)) == NULL)
		goto internal;
	if (ike_dh_derive(dh, pl_ke->ke.data.p, pl_ke->ke.data.len, gir,
	    sizeof(gir)) == -1) {
		ike_act_fail(e, sa, IKE_FAIL_PEER_ERROR, "IKE_SA_INIT from %s: "
		    "its %s public value is invalid", IPS(remote->ip),
		    ike_dh_name(sa->suite.dh));
		answer_notify(e, m, local, remote, IKE_N_INVALID_SYNTAX, NULL,
		    0);
		ike_sa_kill(sa, NULL);
		goto out;
	}
	if (derive_keys(sa, gir, ike_dh_secret_len(sa->suite.dh)) == -1)
		goto internal;
	natd_check(e, m, sa->spi_i, 0, local, remote, &sa->nat_local,
	    &sa->nat_remote);
	buf_add(&hs->msg1, m->raw, m->rawlen);
	ike_auth_rsa_init_seen(sa, m);
	ike_frag_seen(sa, m);

	if ((r = init_r_answer(sa, dh)) == NULL ||
	    ike_sa_set_state(sa, IKE_SA_HALF_OPEN) == -1 ||
	    ike_sa_send_response(sa, r) == -1)
		goto internal;
	sa->half_open_counted = 1;
	e->stats.half_open++;
	ike_sa_idx_add(sa, IKE_IDX_HALFOPEN);
	sa->halfopen_ms = e->now + (e->cfg.limits.half_open_timeout ?
	    e->cfg.limits.half_open_timeout : 30) * 1000ull;
	if (sa->nat_local || sa->nat_remote)
		ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: NAT detected (%s)",
		    sa->id, sa->nat_local ? "we are behind a NAT" :
		    "peer is behind a NAT or fakes one");
	ike_sa_rearm(sa);
	rc = 0;
	goto out;
internal:
	ike_act_fail(e, sa, IKE_FAIL_INTERNAL, "IKE_SA_INIT from %s: out of "
	    "memory, randomness or crypto", IPS(remote->ip));
	ike_sa_kill(sa, NULL);
out:
	OPENSSL_cleanse(gir, sizeof(gir));
	ike_dh_free(dh);
	return rc;
}
