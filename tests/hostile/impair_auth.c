/*
 * The impairing peer's IKE_AUTH cases: the engine's own IKE_AUTH message
 * (our request in a scratch negotiation, CASE_NEG; our response when the
 * daemon initiates, CASE_RESP) is opened with the SA's exported keys, one
 * inner payload is changed, and it is protected again with the same keys,
 * so that the ICV is good and only the change is wrong: IDs and AUTH,
 * traffic selectors, the Child SA's proposal, SK padding, and exchanges
 * out of order before IKE_AUTH.
 *
 * Requests lose their INITIAL_CONTACT on the way: a scratch negotiation
 * must not make the daemon drop the established tunnel (RFC 7296 §2.4).
 */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "tests/hostile/peer.h"

typedef int (*aedit_fn)(struct peer *, struct ike_msg *);

/* Opens d, applies edit, seals it again (padding as asked). */
static size_t
reseal(struct peer *p, const uint8_t *d, size_t len, aedit_fn edit,
    int extra_pad, int pad_len, uint8_t *out, size_t cap)
{
	struct ike_msg	*m;
	size_t		 n = 0;

	if ((m = ike_msg_new()) == NULL)
		return 0;
	if (keys_open(p, d, len, m) == 0) {
		if (!ike_hdr_is_response(&m->hdr))
			msg_drop(m, IKE_PL_NOTIFY, IKE_N_INITIAL_CONTACT);
		if (edit == NULL || edit(p, m) == 0)
			n = keys_reseal(p, m, extra_pad, pad_len, out, cap);
	}
	ike_msg_free(m);
	return n;
}

static struct ike_pl *
need(struct ike_msg *m, uint8_t type)
{
	return ike_msg_get(m, type);
}

/* AUTH with the method RSA signature where the tunnel says PSK. */
static int
a_method(struct peer *p, struct ike_msg *m)
{
	struct ike_pl	*a = need(m, IKE_PL_AUTH);

	(void)p;
	if (a == NULL)
		return -1;
	a->auth.method = IKE_AUTHM_RSA_SIG;
	return 0;
}

/* AUTH data one octet short (a PRF output has a fixed length). */
static int
a_short(struct peer *p, struct ike_msg *m)
{
	struct ike_pl	*a = need(m, IKE_PL_AUTH);

	(void)p;
	if (a == NULL || a->auth.data.len == 0)
		return -1;
	a->auth.data.len--;
	return 0;
}

/* AUTH data with one bit flipped. */
static int
a_flip(struct peer *p, struct ike_msg *m)
{
	struct ike_pl	*a = need(m, IKE_PL_AUTH);
	uint8_t		*b;

	(void)p;
	if (a == NULL || a->auth.data.len == 0 ||
	    (b = ike_msg_dup(m, a->auth.data.p, a->auth.data.len)) == NULL)
		return -1;
	b[0] ^= 0x01;
	a->auth.data.p = b;
	return 0;
}

static int
a_no_auth(struct peer *p, struct ike_msg *m)
{
	(void)p;
	return msg_drop(m, IKE_PL_AUTH, 0) == 1 ? 0 : -1;
}

static int
a_no_idi(struct peer *p, struct ike_msg *m)
{
	(void)p;
	return msg_drop(m, IKE_PL_IDI, 0) == 1 ? 0 : -1;
}

/* An identity of another type than the tunnel matches (an address). */
static int
set_fqdn(struct ike_msg *m, uint8_t type)
{
	struct ike_pl	*id = need(m, type);
	static const char name[] = "impostor.example";

	if (id == NULL)
		return -1;
	id->id.type = IKE_ID_FQDN;
	id->id.data.p = (const uint8_t *)name;
	id->id.data.len = sizeof(name) - 1;
	return 0;
}

static int
a_idi_fqdn(struct peer *p, struct ike_msg *m)
{
	(void)p;
	return set_fqdn(m, IKE_PL_IDI);
}

static int
a_idr_fqdn(struct peer *p, struct ike_msg *m)
{
	(void)p;
	return set_fqdn(m, IKE_PL_IDR);
}

/* ID_IPV4_ADDR of 3 octets (it has 4, §3.5). */
static int
a_idi_short(struct peer *p, struct ike_msg *m)
{
	struct ike_pl	*id = need(m, IKE_PL_IDI);

	(void)p;
	if (id == NULL || id->id.data.len < 4)
		return -1;
	id->id.data.len = 3;
	return 0;
}

/* A TSi range whose start is above its end. */
static int
a_ts_inverted(struct peer *p, struct ike_msg *m)
{
	struct ike_pl	*ts = need(m, IKE_PL_TSI);

	(void)p;
	if (ts == NULL || ts->ts.nts == 0)
		return -1;
	ike_ts_set_v4(&ts->ts.ts[0], 0, 0, 65535, 0xc0000209u, 0xc0000201u);
	return 0;
}

/* A TSi of a type nobody knows (99), twelve octets of body. */
static int
a_ts_type(struct peer *p, struct ike_msg *m)
{
	struct ike_pl	*ts = need(m, IKE_PL_TSI);
	static const uint8_t body[12] = { 0, 0, 0xff, 0xff, 10, 0, 0, 0,
	    10, 0, 0, 255 };

	(void)p;
	if (ts == NULL || ts->ts.nts == 0)
		return -1;
	ts->ts.ts[0].type = 99;
	ts->ts.ts[0].opaque.p = body;
	ts->ts.ts[0].opaque.len = sizeof(body);
	return 0;
}

/* A TSi payload with no selector at all (Number of TSs 0). */
static int
a_ts_none(struct peer *p, struct ike_msg *m)
{
	struct ike_pl	*ts = need(m, IKE_PL_TSI);

	(void)p;
	if (ts == NULL)
		return -1;
	ts->ts.nts = 0;
	return 0;
}

/* Both TS payloads IPv6, where only IPv4 was proposed. */
static int
a_ts_ipv6(struct peer *p, struct ike_msg *m)
{
	struct ike_pl	*ts;
	size_t		 k;

	(void)p;
	for (k = 0; k < 2; k++) {
		ts = need(m, k == 0 ? IKE_PL_TSI : IKE_PL_TSR);
		if (ts == NULL || ts->ts.nts == 0)
			return -1;
		ts->ts.nts = 1;
		memset(&ts->ts.ts[0], 0, sizeof(ts->ts.ts[0]));
		ts->ts.ts[0].type = IKE_TS_IPV6_ADDR_RANGE;
		ts->ts.ts[0].eport = 65535;
		memset(ts->ts.ts[0].end, 0xff, 16);
	}
	return 0;
}

/* The Child SA proposal with an 8-octet ESP SPI (ESP has 4, §3.3.1). */
static int
a_child_spi_size(struct peer *p, struct ike_msg *m)
{
	struct ike_pl	*sa = need(m, IKE_PL_SA);

	(void)p;
	if (sa == NULL || sa->sa.nprop == 0)
		return -1;
	sa->sa.prop[0].spi_len = 8;
	memset(sa->sa.prop[0].spi + 4, 0x33, 4);
	return 0;
}

/* The Child SA with AES-CBC-128: never offered (as initiator) or never
 * allowed (as responder). */
static int
a_child_aes128(struct peer *p, struct ike_msg *m)
{
	struct ike_pl	*sa = need(m, IKE_PL_SA);
	size_t		 i;

	(void)p;
	if (sa == NULL || sa->sa.nprop == 0)
		return -1;
	for (i = 0; i < sa->sa.prop[0].nxf; i++)
		if (sa->sa.prop[0].xf[i].type == IKE_TT_ENCR) {
			sa->sa.prop[0].xf[i].keylen = 128;
			return 0;
		}
	return -1;
}

/* Scratch IKE_AUTH requests. */
#define NEG_CASE(fn, edit, extra, padlen)				\
static size_t								\
fn(struct peer *p, const uint8_t *d, size_t len, uint8_t *out,		\
    size_t cap)								\
{									\
	return reseal(p, d, len, edit, extra, padlen, out, cap);	\
}
NEG_CASE(n_method, a_method, 0, -1)
NEG_CASE(n_short, a_short, 0, -1)
NEG_CASE(n_no_auth, a_no_auth, 0, -1)
NEG_CASE(n_no_idi, a_no_idi, 0, -1)
NEG_CASE(n_idi_fqdn, a_idi_fqdn, 0, -1)
NEG_CASE(n_idi_short, a_idi_short, 0, -1)
NEG_CASE(n_ts_inverted, a_ts_inverted, 0, -1)
NEG_CASE(n_ts_type, a_ts_type, 0, -1)
NEG_CASE(n_ts_none, a_ts_none, 0, -1)
NEG_CASE(n_child_spi_size, a_child_spi_size, 0, -1)
NEG_CASE(n_child_aes128, a_child_aes128, 0, -1)
/* Pad Length 255: more than the plaintext holds (an impossible value,
 * INVALID_SYNTAX once the ICV is good). */
NEG_CASE(n_pad_impossible, NULL, 0, 255)
/* Ten more blocks of padding than needed: valid (§3.14 allows up to
 * 255 octets), so the IKE SA must come up. */
NEG_CASE(n_pad_extra, NULL, 10, -1)
/* Nothing changed but INITIAL_CONTACT gone: the reference, a second IKE
 * SA of the tunnel that must come up (and go as the redundant one). */
NEG_CASE(n_clean, NULL, 0, -1)

size_t
auth_clean(struct peer *p, const uint8_t *d, size_t len, uint8_t *out,
    size_t cap)
{
	return n_clean(p, d, len, out, cap);
}

/*
 * Exchange order: before its IKE_AUTH, the half-open SA gets another
 * exchange with Message ID 1, protected with the right keys; then the
 * IKE_AUTH goes with a broken AUTH.  An answer of AUTHENTICATION_FAILED to
 * that shows Message ID 1 was still free: the early request was dropped.
 */
static size_t
early(struct peer *p, const uint8_t *d, size_t len, uint8_t exch,
    uint8_t *out, size_t cap)
{
	struct ike_msg	*m, *c;
	struct ike_pl	*pl;
	uint8_t		 pre[2048], nonce[32];
	size_t		 n = 0, k;

	if ((m = ike_msg_new()) == NULL)
		return 0;
	if ((c = ike_msg_new()) == NULL || keys_open(p, d, len, m) == -1)
		goto out;
	ike_msg_set_hdr(c, m->hdr.spi_i, m->hdr.spi_r, exch, m->hdr.msgid,
	    IKE_FLAG_I);
	if (exch == IKE_EXCH_CREATE_CHILD_SA) {
		/* What a Child SA rekey-less CREATE_CHILD_SA carries. */
		memset(nonce, 0x77, sizeof(nonce));
		if ((pl = ike_msg_get(m, IKE_PL_SA)) != NULL)
			ike_msg_add_sa(c, pl->sa.prop, pl->sa.nprop);
		ike_msg_add_nonce(c, nonce, sizeof(nonce));
		for (k = 0; k < 2; k++)
			if ((pl = ike_msg_get(m, k ? IKE_PL_TSR : IKE_PL_TSI))
			    != NULL)
				ike_msg_add_ts(c, pl->type, pl->ts.ts,
				    pl->ts.nts);
	}
	if ((n = keys_reseal(p, c, 0, -1, pre, sizeof(pre))) == 0)
		goto out;
	/* In order on the link: the daemon sees it first. */
	send_ike(p, p->rw_port, pre, n);
	n = reseal(p, d, len, a_method, 0, -1, out, cap);
out:
	ike_msg_free(c);
	ike_msg_free(m);
	return n;
}

static size_t
n_info_first(struct peer *p, const uint8_t *d, size_t len, uint8_t *out,
    size_t cap)
{
	return early(p, d, len, IKE_EXCH_INFORMATIONAL, out, cap);
}

static size_t
n_child_first(struct peer *p, const uint8_t *d, size_t len, uint8_t *out,
    size_t cap)
{
	return early(p, d, len, IKE_EXCH_CREATE_CHILD_SA, out, cap);
}

#define A	IKE_EXCH_IKE_AUTH
const struct impair impairs_auth[] = {
	{ "auth-method", CASE_NEG, NULL, n_method, A },
	{ "auth-short", CASE_NEG, NULL, n_short, A },
	{ "auth-missing", CASE_NEG, NULL, n_no_auth, A },
	{ "idi-missing", CASE_NEG, NULL, n_no_idi, A },
	{ "idi-fqdn", CASE_NEG, NULL, n_idi_fqdn, A },
	{ "idi-short", CASE_NEG, NULL, n_idi_short, A },
	{ "ts-inverted", CASE_NEG, NULL, n_ts_inverted, A },
	{ "ts-type", CASE_NEG, NULL, n_ts_type, A },
	{ "ts-none", CASE_NEG, NULL, n_ts_none, A },
	{ "child-spi-size", CASE_NEG, NULL, n_child_spi_size, A },
	{ "child-unoffered", CASE_NEG, NULL, n_child_aes128, A },
	{ "sk-pad-impossible", CASE_NEG, NULL, n_pad_impossible, A },
	{ "sk-pad-extra", CASE_NEG, NULL, n_pad_extra, A },
	{ "neg-clean", CASE_NEG, NULL, n_clean, A },
	{ "info-before-auth", CASE_NEG, NULL, n_info_first, A },
	{ "child-before-auth", CASE_NEG, NULL, n_child_first, A },
};
const size_t n_impairs_auth = sizeof(impairs_auth) / sizeof(impairs_auth[0]);

/* Responder role: our IKE_AUTH response. */
NEG_CASE(r_flip, a_flip, 0, -1)
NEG_CASE(r_no_auth, a_no_auth, 0, -1)
NEG_CASE(r_idr_fqdn, a_idr_fqdn, 0, -1)
NEG_CASE(r_ts_ipv6, a_ts_ipv6, 0, -1)
NEG_CASE(r_ts_inverted, a_ts_inverted, 0, -1)
NEG_CASE(r_child_aes128, a_child_aes128, 0, -1)

const struct impair impairs_resp_auth[] = {
	{ "r-auth-flip", CASE_RESP, NULL, r_flip, A },
	{ "r-auth-missing", CASE_RESP, NULL, r_no_auth, A },
	{ "r-auth-idr-fqdn", CASE_RESP, NULL, r_idr_fqdn, A },
	{ "r-auth-ts-ipv6", CASE_RESP, NULL, r_ts_ipv6, A },
	{ "r-auth-ts-inverted", CASE_RESP, NULL, r_ts_inverted, A },
	{ "r-auth-child-unoffered", CASE_RESP, NULL, r_child_aes128, A },
};
const size_t n_impairs_resp_auth = sizeof(impairs_resp_auth) /
    sizeof(impairs_resp_auth[0]);
