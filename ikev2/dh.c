/*
 * ECP Diffie-Hellman groups 19/20/21 for IKEv2 (see dh.h).
 *
 * Keys live in EVP_PKEYs and the agreement is EVP_PKEY_derive.  One step
 * is not reachable through EVP in OpenSSL 3.0: turning a given private
 * scalar into a key pair (EVP_PKEY_fromdata does not compute the public
 * point, and EVP keygen draws its own randomness).  For that step alone we
 * multiply the generator with EC_POINT_mul, which is not deprecated; the
 * result then goes into EVP_PKEY_fromdata like any imported key.
 *
 * Peer values are checked twice before use: EVP_PKEY_fromdata decodes the
 * point with range and on-curve checks, and EVP_PKEY_public_check_quick
 * repeats them and rejects the point at infinity.  With those done, the
 * derive skips OpenSSL's second (full) validation, which would cost one
 * more scalar multiplication per handshake and add nothing for curves of
 * cofactor 1.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include "ikev2/dh.h"

static const struct ike_dh_alg dh_algs[] = {
	{ IKE_DH_ECP_256, 32, 64, 32, 40, "ECP_256", "P-256", "prime256v1" },
	{ IKE_DH_ECP_384, 48, 96, 48, 56, "ECP_384", "P-384", "secp384r1" },
	{ IKE_DH_ECP_521, 66, 132, 66, 74, "ECP_521", "P-521", "secp521r1" },
};

/* OpenSSL NIDs, in the order of dh_algs. */
static const int dh_nids[] = {
	NID_X9_62_prime256v1, NID_secp384r1, NID_secp521r1,
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct ike_dh {
	const struct ike_dh_alg *alg;
	EVP_PKEY	*key;			/* our key pair */
	uint8_t		 pub[IKE_DH_MAX_PUBLIC];	/* x | y */
};

/* Described in header. */
const struct ike_dh_alg *
ike_dh_alg_get(uint16_t group)
{
	size_t	i;

	for (i = 0; i < NELEM(dh_algs); i++)
		if (dh_algs[i].group == group)
			return &dh_algs[i];
	return NULL;
}

static int
dh_nid(const struct ike_dh_alg *alg)
{
	return dh_nids[alg - dh_algs];
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
 * Builds an EVP_PKEY of the group from an uncompressed point (0x04 | x | y)
 * and, for a key pair, the private scalar.  OpenSSL's decoder refuses a
 * point that is off the curve or has a coordinate >= p.
 */
static EVP_PKEY *
dh_pkey(const struct ike_dh_alg *alg, const uint8_t *point, size_t point_len,
    const BIGNUM *priv)
{
	OSSL_PARAM_BLD	*bld;
	OSSL_PARAM	*params = NULL;
	EVP_PKEY_CTX	*ctx = NULL;
	EVP_PKEY	*pkey = NULL;

	if ((bld = OSSL_PARAM_BLD_new()) == NULL)
		return NULL;
	if (!OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
	    alg->ossl_group, 0) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
	    point, point_len) ||
	    (priv != NULL &&
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, priv)))
		goto out;
	if ((params = OSSL_PARAM_BLD_to_param(bld)) == NULL)
		goto out;
	if ((ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey, priv != NULL ? EVP_PKEY_KEYPAIR :
	    EVP_PKEY_PUBLIC_KEY, params) <= 0)
		pkey = NULL;
out:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);	/* wipes the private scalar too */
	OSSL_PARAM_BLD_free(bld);
	return pkey;
}

/*
 * The key pair for scalar d, which must satisfy 1 <= d < n.  The public
 * point is computed with EC_POINT_mul (see the file comment).
 */
static struct ike_dh *
dh_from_scalar(const struct ike_dh_alg *alg, EC_GROUP *grp, const BIGNUM *d,
    BN_CTX *bn)
{
	struct ike_dh	*dh = NULL;
	EC_POINT	*q = NULL;
	uint8_t		 pt[1 + IKE_DH_MAX_PUBLIC];

	if (BN_is_zero(d) || BN_cmp(d, EC_GROUP_get0_order(grp)) >= 0)
		return NULL;
	if ((q = EC_POINT_new(grp)) == NULL ||
	    !EC_POINT_mul(grp, q, d, NULL, NULL, bn) ||
	    EC_POINT_point2oct(grp, q, POINT_CONVERSION_UNCOMPRESSED, pt,
	    sizeof(pt), bn) != 1 + alg->public_len)
		goto out;
	if ((dh = calloc(1, sizeof(*dh))) == NULL)
		goto out;
	dh->alg = alg;
	memcpy(dh->pub, pt + 1, alg->public_len);
	if ((dh->key = dh_pkey(alg, pt, 1 + alg->public_len, d)) == NULL) {
		ike_dh_free(dh);
		dh = NULL;
	}
out:
	EC_POINT_free(q);
	return dh;
}

/*
 * Shared front end of both constructors: priv is either random octets to
 * reduce (reduce = 1) or a scalar to take as is.
 */
static struct ike_dh *
dh_new(uint16_t group, const uint8_t *in, size_t in_len, int reduce)
{
	const struct ike_dh_alg	*alg;
	struct ike_dh		*dh = NULL;
	EC_GROUP		*grp = NULL;
	BN_CTX			*bn = NULL;
	BIGNUM			*d = NULL, *nm1 = NULL;

	if ((alg = ike_dh_alg_get(group)) == NULL || in == NULL ||
	    in_len != (reduce ? alg->rand_len : alg->field_len))
		return NULL;
	if ((bn = BN_CTX_secure_new()) == NULL ||
	    (grp = EC_GROUP_new_by_curve_name_ex(NULL, NULL,
	    dh_nid(alg))) == NULL ||
	    (d = BN_secure_new()) == NULL ||
	    BN_bin2bn(in, (int)in_len, d) == NULL)
		goto out;
	BN_set_flags(d, BN_FLG_CONSTTIME);
	if (reduce) {
		/* d = 1 + (rnd mod (n - 1)), in [1, n - 1]. */
		if ((nm1 = BN_dup(EC_GROUP_get0_order(grp))) == NULL ||
		    !BN_sub_word(nm1, 1) || !BN_mod(d, d, nm1, bn) ||
		    !BN_add_word(d, 1))
			goto out;
	}
	dh = dh_from_scalar(alg, grp, d, bn);
out:
	BN_clear_free(d);
	BN_free(nm1);
	EC_GROUP_free(grp);
	BN_CTX_free(bn);
	return dh;
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
	EVP_PKEY_free(dh->key);		/* clears the private scalar */
	OPENSSL_cleanse(dh, sizeof(*dh));
	free(dh);
}

/* The peer's key after every check of dh.h, or NULL. */
static EVP_PKEY *
dh_peer(const struct ike_dh_alg *alg, const uint8_t *peer, size_t peer_len)
{
	EVP_PKEY_CTX	*ctx;
	EVP_PKEY	*pkey;
	uint8_t		 pt[1 + IKE_DH_MAX_PUBLIC];
	int		 ok;

	if (peer == NULL || peer_len != alg->public_len)
		return NULL;
	pt[0] = POINT_CONVERSION_UNCOMPRESSED;
	memcpy(pt + 1, peer, peer_len);
	if ((pkey = dh_pkey(alg, pt, 1 + peer_len, NULL)) == NULL)
		return NULL;
	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
	ok = ctx != NULL && EVP_PKEY_public_check_quick(ctx) == 1;
	EVP_PKEY_CTX_free(ctx);
	if (!ok) {
		EVP_PKEY_free(pkey);
		return NULL;
	}
	return pkey;
}

/* Described in header. */
int
ike_dh_check_public(uint16_t group, const uint8_t *peer, size_t peer_len)
{
	const struct ike_dh_alg	*alg;
	EVP_PKEY		*pkey;

	if ((alg = ike_dh_alg_get(group)) == NULL ||
	    (pkey = dh_peer(alg, peer, peer_len)) == NULL)
		return -1;
	EVP_PKEY_free(pkey);
	return 0;
}

/* Described in header. */
int
ike_dh_derive(struct ike_dh *dh, const uint8_t *peer, size_t peer_len,
    uint8_t *secret, size_t secret_size)
{
	EVP_PKEY_CTX	*ctx = NULL;
	EVP_PKEY	*pkey;
	uint8_t		 z[IKE_DH_MAX_SECRET];
	size_t		 zlen = sizeof(z);
	int		 rc = -1;

	if (dh == NULL || secret == NULL || secret_size < dh->alg->secret_len)
		return -1;
	if ((pkey = dh_peer(dh->alg, peer, peer_len)) == NULL)
		return -1;
	/* Validated above; 0 skips OpenSSL's repeat of the full check. */
	if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, dh->key, NULL)) == NULL ||
	    EVP_PKEY_derive_init(ctx) <= 0 ||
	    EVP_PKEY_derive_set_peer_ex(ctx, pkey, 0) <= 0 ||
	    EVP_PKEY_derive(ctx, z, &zlen) <= 0 ||
	    zlen != dh->alg->secret_len)
		goto out;
	/* RFC 5903 §7: g^ir is the x coordinate, field-size octets. */
	memcpy(secret, z, zlen);
	rc = 0;
out:
	OPENSSL_cleanse(z, sizeof(z));
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	return rc;
}
