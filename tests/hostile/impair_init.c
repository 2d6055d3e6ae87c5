/*
 * The impairing peer's IKE_SA_INIT cases, decoded with the project's codec
 * and encoded again with one field changed: SA / proposal / transform
 * contents, KE and nonce.  As initiator (CASE_INIT) on a copy of our first
 * request with a fresh SPI; as responder (CASE_RESP) on the response the
 * main engine is about to send when the daemon initiates.  Where a field
 * cannot be said in the codec's structs (a count that disagrees with what
 * follows), the encoded bytes are patched after encoding.
 */
#include "config.h"

#include <string.h>

#include "common/buf.h"
#include "tests/hostile/peer.h"

typedef int (*edit_fn)(struct ike_msg *);

/* Decodes d, lets edit change it, encodes it back into out. */
static size_t
reencode(const uint8_t *d, size_t len, edit_fn edit, uint8_t *out,
    size_t cap)
{
	struct ike_msg	*m;
	struct ike_derr	 err;
	struct buf	 b = { 0 };
	size_t		 n = 0;

	if ((m = ike_msg_new()) == NULL)
		return 0;
	if (ike_msg_decode(m, d, len, &err) == 0 && edit(m) == 0) {
		m->keep_order = 1;
		if (ike_msg_encode(m, &b, &err) == 0 && b.len <= cap) {
			memcpy(out, b.data, b.len);
			n = b.len;
		}
	}
	buf_free(&b);
	ike_msg_free(m);
	return n;
}

/* Our IKE_SA_INIT again, as a new negotiation, edited. */
static size_t
init_case(struct peer *p, uint8_t *d, size_t cap, edit_fn edit)
{
	uint8_t	src[4096];
	size_t	n;

	if ((n = from_init(p, src)) == 0)
		return 0;
	return reencode(src, n, edit, d, cap);
}

static struct ike_prop *
first_prop(struct ike_msg *m)
{
	struct ike_pl	*sa = ike_msg_get(m, IKE_PL_SA);

	return sa != NULL && sa->sa.nprop > 0 ? &sa->sa.prop[0] : NULL;
}

static struct ike_xform *
xform(struct ike_msg *m, uint8_t type)
{
	struct ike_prop	*pr = first_prop(m);
	size_t		 i;

	for (i = 0; pr != NULL && i < pr->nxf; i++)
		if (pr->xf[i].type == type)
			return &pr->xf[i];
	return NULL;
}

/* Proposal numbering: the first proposal must be number 1 (§3.3.1). */
static int
e_numbering(struct ike_msg *m)
{
	struct ike_prop	*pr = first_prop(m);

	if (pr == NULL)
		return -1;
	pr->num = 2;
	return 0;
}

/* An IKE proposal with a 4-octet SPI: 0 or 8 only (§3.3.1). */
static int
e_ike_spi_size(struct ike_msg *m)
{
	struct ike_prop	*pr = first_prop(m);

	if (pr == NULL)
		return -1;
	pr->spi_len = 4;
	memset(pr->spi, 0x42, 4);
	return 0;
}

/* AES-CBC with a key length we do not allow (192; the daemon has 256). */
static int
e_keylen(struct ike_msg *m)
{
	struct ike_xform	*x = xform(m, IKE_TT_ENCR);

	if (x == NULL)
		return -1;
	x->keylen = 192;
	return 0;
}

/* An encryption transform ID nobody knows. */
static int
e_encr_unknown(struct ike_msg *m)
{
	struct ike_xform	*x = xform(m, IKE_TT_ENCR);

	if (x == NULL)
		return -1;
	x->id = 1023;
	x->keylen = 0;
	return 0;
}

/* A transform of a type nobody knows: the proposal is unacceptable
 * (§3.3.6), not the transform skipped. */
static int
e_type_unknown(struct ike_msg *m)
{
	struct ike_prop		*pr = first_prop(m);
	struct ike_xform	*xf;

	if (pr == NULL || (xf = msg_zalloc(m,
	    (pr->nxf + 1) * sizeof(*xf))) == NULL)
		return -1;
	memcpy(xf, pr->xf, pr->nxf * sizeof(*xf));
	memset(&xf[pr->nxf], 0, sizeof(*xf));
	xf[pr->nxf].type = 200;
	xf[pr->nxf].id = 1;
	pr->xf = xf;
	pr->nxf++;
	return 0;
}

/* No PRF: a mandatory transform type missing (§3.3.3). */
static int
e_prf_missing(struct ike_msg *m)
{
	struct ike_prop	*pr = first_prop(m);
	size_t		 i;

	for (i = 0; pr != NULL && i < pr->nxf; i++)
		if (pr->xf[i].type == IKE_TT_PRF) {
			memmove(&pr->xf[i], &pr->xf[i + 1],
			    (pr->nxf - i - 1) * sizeof(pr->xf[0]));
			pr->nxf--;
			return 0;
		}
	return -1;
}

/* KE of group 19 (its 64 octets) while the SA offers only 20 (§1.2:
 * INVALID_KE_PAYLOAD naming the group wanted). */
static int
e_ke_group(struct ike_msg *m)
{
	struct ike_pl	*ke = ike_msg_get(m, IKE_PL_KE);

	if (ke == NULL || ke->ke.data.len < 64)
		return -1;
	ke->ke.group = IKE_DH_ECP_256;
	ke->ke.data.len = 64;
	return 0;
}

/* The right group, one octet short. */
static int
e_ke_short(struct ike_msg *m)
{
	struct ike_pl	*ke = ike_msg_get(m, IKE_PL_KE);

	if (ke == NULL || ke->ke.data.len == 0)
		return -1;
	ke->ke.data.len--;
	return 0;
}

/* The right group and length, a point not on the curve (x = y = 1): the
 * check of RFC 5903 §7 / RFC 6989 must refuse it before any key is
 * derived from it. */
static int
e_ke_point(struct ike_msg *m)
{
	struct ike_pl	*ke = ike_msg_get(m, IKE_PL_KE);
	uint8_t		*pt;
	size_t		 half;

	if (ke == NULL || ke->ke.data.len < 2 ||
	    (pt = msg_zalloc(m, ke->ke.data.len)) == NULL)
		return -1;
	half = ke->ke.data.len / 2;
	memset(pt, 0, ke->ke.data.len);
	pt[half - 1] = 1;
	pt[ke->ke.data.len - 1] = 1;
	ke->ke.data.p = pt;
	return 0;
}

/* Nonces of 16 to 256 octets only (§2.10, §3.9). */
static int
set_nonce(struct ike_msg *m, size_t len)
{
	struct ike_pl	*n = ike_msg_get(m, IKE_PL_NONCE);
	uint8_t		*b;

	if (n == NULL || (b = msg_zalloc(m, len)) == NULL)
		return -1;
	memset(b, 0x5c, len);
	n->body.p = b;
	n->body.len = len;
	return 0;
}

static int
e_nonce_short(struct ike_msg *m)
{
	return set_nonce(m, 15);
}

static int
e_nonce_long(struct ike_msg *m)
{
	return set_nonce(m, 257);
}

/* The response's proposal: one more, a copy (a response has exactly
 * one, §3.3). */
static int
e_two_proposals(struct ike_msg *m)
{
	struct ike_pl	*sa = ike_msg_get(m, IKE_PL_SA);
	struct ike_prop	*pr;

	if (sa == NULL || sa->sa.nprop != 1 ||
	    (pr = msg_zalloc(m, 2 * sizeof(*pr))) == NULL)
		return -1;
	pr[0] = pr[1] = sa->sa.prop[0];
	pr[1].num = 2;
	sa->sa.prop = pr;
	sa->sa.nprop = 2;
	return 0;
}

/* The response chooses AES-CBC-128, which the daemon never offered. */
static int
e_unoffered(struct ike_msg *m)
{
	struct ike_xform	*x = xform(m, IKE_TT_ENCR);

	if (x == NULL)
		return -1;
	x->keylen = 128;
	return 0;
}

#define INIT_CASE(fn, edit)						\
static size_t								\
fn(struct peer *p, uint8_t *d, size_t cap)				\
{									\
	return init_case(p, d, cap, edit);				\
}
INIT_CASE(i_numbering, e_numbering)
INIT_CASE(i_ike_spi_size, e_ike_spi_size)
INIT_CASE(i_keylen, e_keylen)
INIT_CASE(i_encr_unknown, e_encr_unknown)
INIT_CASE(i_type_unknown, e_type_unknown)
INIT_CASE(i_prf_missing, e_prf_missing)
INIT_CASE(i_ke_group, e_ke_group)
INIT_CASE(i_ke_short, e_ke_short)
INIT_CASE(i_ke_point, e_ke_point)
INIT_CASE(i_nonce_short, e_nonce_short)
INIT_CASE(i_nonce_long, e_nonce_long)

/* Num Transforms one more than the proposal holds: only the bytes can
 * say it (the encoder counts).  The first payload is the SA. */
static size_t
i_xform_count(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = init_case(p, d, cap, e_numbering);

	if (n < HDR + 12 || d[16] != IKE_PL_SA)
		return 0;
	d[HDR + 4 + 4] = 1;		/* numbering back to 1 */
	d[HDR + 4 + 7]++;
	return n;
}

const struct impair impairs_init[] = {
	{ "sa-numbering", CASE_INIT, i_numbering, NULL, 0 },
	{ "sa-ike-spi-size", CASE_INIT, i_ike_spi_size, NULL, 0 },
	{ "sa-keylen", CASE_INIT, i_keylen, NULL, 0 },
	{ "sa-encr-unknown", CASE_INIT, i_encr_unknown, NULL, 0 },
	{ "sa-type-unknown", CASE_INIT, i_type_unknown, NULL, 0 },
	{ "sa-prf-missing", CASE_INIT, i_prf_missing, NULL, 0 },
	{ "sa-xform-count", CASE_INIT, i_xform_count, NULL, 0 },
	{ "ke-group", CASE_INIT, i_ke_group, NULL, 0 },
	{ "ke-short", CASE_INIT, i_ke_short, NULL, 0 },
	{ "ke-point", CASE_INIT, i_ke_point, NULL, 0 },
	{ "nonce-short", CASE_INIT, i_nonce_short, NULL, 0 },
	{ "nonce-long", CASE_INIT, i_nonce_long, NULL, 0 },
};
const size_t n_impairs_init = sizeof(impairs_init) / sizeof(impairs_init[0]);

/* Responder role: the IKE_SA_INIT response the main engine sends. */
#define RESP_CASE(fn, edit)						\
static size_t								\
fn(struct peer *p, const uint8_t *d, size_t len, uint8_t *out,		\
    size_t cap)								\
{									\
	(void)p;							\
	return reencode(d, len, edit, out, cap);			\
}
RESP_CASE(r_unoffered, e_unoffered)
RESP_CASE(r_two_proposals, e_two_proposals)
RESP_CASE(r_ke_group, e_ke_group)
RESP_CASE(r_ke_point, e_ke_point)
RESP_CASE(r_nonce_short, e_nonce_short)
RESP_CASE(r_type_unknown, e_type_unknown)

const struct impair impairs_resp_init[] = {
	{ "r-init-unoffered", CASE_RESP, NULL, r_unoffered,
	    IKE_EXCH_IKE_SA_INIT },
	{ "r-init-two-proposals", CASE_RESP, NULL, r_two_proposals,
	    IKE_EXCH_IKE_SA_INIT },
	{ "r-init-type-unknown", CASE_RESP, NULL, r_type_unknown,
	    IKE_EXCH_IKE_SA_INIT },
	{ "r-init-ke-group", CASE_RESP, NULL, r_ke_group,
	    IKE_EXCH_IKE_SA_INIT },
	{ "r-init-ke-point", CASE_RESP, NULL, r_ke_point,
	    IKE_EXCH_IKE_SA_INIT },
	{ "r-init-nonce-short", CASE_RESP, NULL, r_nonce_short,
	    IKE_EXCH_IKE_SA_INIT },
};
const size_t n_impairs_resp_init = sizeof(impairs_resp_init) /
    sizeof(impairs_resp_init[0]);
