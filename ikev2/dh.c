/*
 * ECP Diffie-Hellman groups 19/20/21 for IKEv2 (see dh.h).
 *
 * This file does the group arithmetic with OpenSSL's EC_GROUP/EC_POINT
 * functions (not deprecated in OpenSSL 3.0) rather than EVP_PKEY, for
 * speed.  EVP in 3.0 has no way to make a key from a given private scalar
 * other than EVP_PKEY_fromdata, and no way to import a peer's point other
 * than fromdata or a key duplicate plus set_params; each of those rebuilds
 * the EC group from its name (EC_GROUP_new_by_curve_name_ex) and goes
 * through OSSL_PARAM arrays.  For P-256 that made our key pair cost three
 * times an OpenSSL keygen and added a third to every derive.  The calls
 * used here are the ones OpenSSL's own EC provider makes underneath:
 * keygen is EC_POINT_mul(G, d) as in ec_key.c, the agreement is
 * EC_POINT_mul(Q, d) and the affine x as in ecdh_ossl.c.  For a single
 * scalar, EC_POINT_mul is constant time for every group we use (the
 * nistz256 and nistp521 code where built in, the Montgomery ladder of
 * ec_mult.c otherwise), and the private scalar carries BN_FLG_CONSTTIME.
 *
 * The groups are built once per process (CRYPTO_THREAD_run_once) into a
 * table that nothing writes afterwards, so the engine keeps no mutable
 * global state; OpenSSL only reads an EC_GROUP in the calls made here, so
 * threads may share it.  The table is freed at exit, before OpenSSL's own
 * cleanup.
 *
 * Peer values are checked explicitly before any use: exact length, each
 * coordinate below p, then EC_POINT_set_affine_coordinates followed by
 * EC_POINT_is_on_curve (the former already refuses points off the curve in
 * OpenSSL >= 1.1.1; the explicit test keeps the contract visible and costs
 * a few field multiplications), and not the point at infinity.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/objects.h>

#include "ikev2/alg_table.h"
#include "ikev2/dh.h"

static const struct ike_dh_alg dh_algs[] = {
	{ IKE_DH_ECP_256, 32, 64, 32, 40, "ECP_256", "P-256", "prime256v1" },
	{ IKE_DH_ECP_384, 48, 96, 48, 56, "ECP_384", "P-384", "secp384r1" },
	{ IKE_DH_ECP_521, 66, 132, 66, 74, "ECP_521", "P-521", "secp521r1" },
};

/*
 * What every operation of a group needs, in the order of dh_algs.  Written
 * only by dh_curves_init, under the once guard; read-only afterwards.
 */
struct dh_curve {
	EC_GROUP	*grp;
	BIGNUM		*p;		/* field prime */
	BIGNUM		*nm1;		/* group order - 1 */
};

static struct dh_curve	dh_curves[NELEM(dh_algs)];
static CRYPTO_ONCE	dh_once = CRYPTO_ONCE_STATIC_INIT;
static int		dh_curves_ok;

struct ike_dh {
	const struct ike_dh_alg	*alg;
	const struct dh_curve	*curve;
	BIGNUM			*d;		/* private scalar, 1..n-1 */
	uint8_t			 pub[IKE_DH_MAX_PUBLIC];	/* x | y */
};

static void
dh_curves_free(void)
{
	size_t	i;

	for (i = 0; i < NELEM(dh_curves); i++) {
		EC_GROUP_free(dh_curves[i].grp);
		BN_free(dh_curves[i].p);
		BN_free(dh_curves[i].nm1);
		memset(&dh_curves[i], 0, sizeof(dh_curves[i]));
	}
	dh_curves_ok = 0;
}

/*
 * Run once.  The atexit handler is registered after the first OpenSSL
 * call, which registers OpenSSL's cleanup; handlers run in reverse, so the
 * groups go before the library that owns their methods.
 */
static void
dh_curves_init(void)
{
	struct dh_curve	*c;
	size_t		 i;
	int		 nid;

	for (i = 0; i < NELEM(dh_algs); i++) {
		c = &dh_curves[i];
		if ((nid = OBJ_sn2nid(dh_algs[i].ossl_group)) == NID_undef ||
		    (c->grp = EC_GROUP_new_by_curve_name_ex(NULL, NULL,
		    nid)) == NULL ||
		    (c->p = BN_new()) == NULL ||
		    !EC_GROUP_get_curve(c->grp, c->p, NULL, NULL, NULL) ||
		    (c->nm1 = BN_dup(EC_GROUP_get0_order(c->grp))) == NULL ||
		    !BN_sub_word(c->nm1, 1)) {
			dh_curves_free();
			return;
		}
	}
	if (atexit(dh_curves_free) != 0) {
		dh_curves_free();
		return;
	}
	dh_curves_ok = 1;
}

/* The group's cached objects, or NULL if they could not be built. */
static const struct dh_curve *
dh_curve(const struct ike_dh_alg *alg)
{
	if (!CRYPTO_THREAD_run_once(&dh_once, dh_curves_init) ||
	    !dh_curves_ok)
		return NULL;
	return &dh_curves[alg - dh_algs];
}

/* Described in header. */
const struct ike_dh_alg *
ike_dh_alg_get(uint16_t group)
{
	return IKE_ALG_FIND(dh_algs, group, group);
}

size_t
ike_dh_public_len(uint16_t group)
{
	const struct ike_dh_alg *a = ike_dh_alg_get(group);

	return a ? a->public_len : 0;
}

size_t
ike_dh_secret_len(uint16_t group)
{
	const struct ike_dh_alg *a = ike_dh_alg_get(group);

	return a ? a->secret_len : 0;
}

size_t
ike_dh_rand_len(uint16_t group)
{
	const struct ike_dh_alg *a = ike_dh_alg_get(group);

	return a ? a->rand_len : 0;
}

/* Described in header. */
const char *
ike_dh_name(uint16_t group)
{
	const struct ike_dh_alg *a = ike_dh_alg_get(group);

	return a ? a->name : "unknown";
}

/* Described in header. */
const struct ike_dh_alg *
ike_dh_get_alg(const struct ike_dh *dh)
{
	return dh->alg;
}

/* Described in header. */
const uint8_t *
ike_dh_public(const struct ike_dh *dh, size_t *len)
{
	if (len != NULL)
		*len = dh->alg->public_len;
	return dh->pub;
}

/*
 * Shared front end of both constructors: in is either random octets to
 * reduce (reduce = 1) or a scalar to take as is.
 */
static struct ike_dh *
dh_new(uint16_t group, const uint8_t *in, size_t in_len, int reduce)
{
	const struct ike_dh_alg	*alg;
	const struct dh_curve	*c;
	struct ike_dh		*dh = NULL;
	BN_CTX			*bn = NULL;
	EC_POINT		*q = NULL;
	BIGNUM			*d = NULL;
	uint8_t			 pt[1 + IKE_DH_MAX_PUBLIC];
	int			 ok = 0;

	if ((alg = ike_dh_alg_get(group)) == NULL || in == NULL ||
	    in_len != (reduce ? alg->rand_len : alg->field_len) ||
	    (c = dh_curve(alg)) == NULL)
		return NULL;
	if ((bn = BN_CTX_secure_new()) == NULL ||
	    (d = BN_secure_new()) == NULL)
		goto out;
	BN_set_flags(d, BN_FLG_CONSTTIME);
	if (BN_bin2bn(in, (int)in_len, d) == NULL)
		goto out;
	if (reduce) {
		/* d = 1 + (rnd mod (n - 1)), in [1, n - 1]. */
		if (!BN_mod(d, d, c->nm1, bn) || !BN_add_word(d, 1))
			goto out;
	} else if (BN_is_zero(d) || BN_cmp(d, c->nm1) > 0)
		goto out;
	/* Q = d * G; the public value is Q's affine x | y. */
	if ((q = EC_POINT_new(c->grp)) == NULL ||
	    !EC_POINT_mul(c->grp, q, d, NULL, NULL, bn) ||
	    EC_POINT_point2oct(c->grp, q, POINT_CONVERSION_UNCOMPRESSED, pt,
	    sizeof(pt), bn) != 1 + alg->public_len)
		goto out;
	if ((dh = calloc(1, sizeof(*dh))) == NULL)
		goto out;
	dh->alg = alg;
	dh->curve = c;
	dh->d = d;
	d = NULL;
	memcpy(dh->pub, pt + 1, alg->public_len);
	ok = 1;
out:
	BN_clear_free(d);
	EC_POINT_free(q);
	BN_CTX_free(bn);
	return ok ? dh : NULL;
}

/* Described in header. */
struct ike_dh *
ike_dh_new(uint16_t group, const uint8_t *rnd, size_t rnd_len)
{
	return dh_new(group, rnd, rnd_len, 1);
}

/* Described in header. */
struct ike_dh *
ike_dh_new_private(uint16_t group, const uint8_t *priv, size_t priv_len)
{
	return dh_new(group, priv, priv_len, 0);
}

/* Described in header. */
void
ike_dh_free(struct ike_dh *dh)
{
	if (dh == NULL)
		return;
	BN_clear_free(dh->d);
	OPENSSL_cleanse(dh, sizeof(*dh));
	free(dh);
}

/*
 * The peer's point after every check of dh.h, or NULL.  RFC 5903 §7: x | y,
 * each exactly field_len octets, no format octet.
 */
static EC_POINT *
dh_peer(const struct ike_dh_alg *alg, const struct dh_curve *c,
    const uint8_t *peer, size_t peer_len, BN_CTX *bn)
{
	EC_POINT	*pt = NULL;
	BIGNUM		*x, *y;
	int		 ok = 0;

	if (peer == NULL || peer_len != alg->public_len)
		return NULL;
	BN_CTX_start(bn);
	if ((x = BN_CTX_get(bn)) == NULL || (y = BN_CTX_get(bn)) == NULL ||
	    BN_bin2bn(peer, (int)alg->field_len, x) == NULL ||
	    BN_bin2bn(peer + alg->field_len, (int)alg->field_len, y) == NULL)
		goto out;
	/* A coordinate >= p would be reduced by a lax decoder: refuse it. */
	if (BN_cmp(x, c->p) >= 0 || BN_cmp(y, c->p) >= 0)
		goto out;
	if ((pt = EC_POINT_new(c->grp)) == NULL ||
	    !EC_POINT_set_affine_coordinates(c->grp, pt, x, y, bn) ||
	    EC_POINT_is_on_curve(c->grp, pt, bn) != 1 ||
	    EC_POINT_is_at_infinity(c->grp, pt))
		goto out;
	ok = 1;
out:
	BN_CTX_end(bn);
	if (!ok) {
		EC_POINT_free(pt);
		pt = NULL;
	}
	return pt;
}

/* Described in header. */
int
ike_dh_check_public(uint16_t group, const uint8_t *peer, size_t peer_len)
{
	const struct ike_dh_alg	*alg;
	const struct dh_curve	*c;
	EC_POINT		*pt;
	BN_CTX			*bn;

	if ((alg = ike_dh_alg_get(group)) == NULL ||
	    (c = dh_curve(alg)) == NULL || (bn = BN_CTX_new()) == NULL)
		return -1;
	pt = dh_peer(alg, c, peer, peer_len, bn);
	BN_CTX_free(bn);
	if (pt == NULL)
		return -1;
	EC_POINT_free(pt);
	return 0;
}

/* Described in header. */
int
ike_dh_derive(struct ike_dh *dh, const uint8_t *peer, size_t peer_len,
    uint8_t *secret, size_t secret_size)
{
	const struct dh_curve	*c;
	EC_POINT		*pt = NULL, *s = NULL;
	BN_CTX			*bn;
	BIGNUM			*x = NULL;
	uint8_t			 z[IKE_DH_MAX_SECRET];
	int			 rc = -1;

	if (dh == NULL || secret == NULL || secret_size < dh->alg->secret_len)
		return -1;
	c = dh->curve;
	if ((bn = BN_CTX_secure_new()) == NULL)
		return -1;
	BN_CTX_start(bn);
	if ((x = BN_CTX_get(bn)) == NULL ||
	    (pt = dh_peer(dh->alg, c, peer, peer_len, bn)) == NULL ||
	    (s = EC_POINT_new(c->grp)) == NULL ||
	    !EC_POINT_mul(c->grp, s, NULL, pt, dh->d, bn) ||
	    EC_POINT_is_at_infinity(c->grp, s) ||
	    !EC_POINT_get_affine_coordinates(c->grp, s, x, NULL, bn) ||
	    BN_bn2binpad(x, z, (int)dh->alg->secret_len) !=
	    (int)dh->alg->secret_len)
		goto out;
	/* RFC 5903 §7: g^ir is the x coordinate, field-size octets. */
	memcpy(secret, z, dh->alg->secret_len);
	rc = 0;
out:
	OPENSSL_cleanse(z, sizeof(z));
	if (x != NULL)
		BN_clear(x);
	EC_POINT_clear_free(s);
	EC_POINT_free(pt);
	BN_CTX_end(bn);
	BN_CTX_free(bn);
	return rc;
}
