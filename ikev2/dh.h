/*
 * Diffie-Hellman for IKEv2 over OpenSSL 3: the ECP groups 19, 20 and 21 of
 * RFC 5903 (NIST P-256, P-384, P-521).
 *
 * Wire format (RFC 5903 §7): the KE payload's Key Exchange Data is x | y,
 * each coordinate left-padded to the field size (32/48/66 octets), with no
 * point-format octet.  The shared secret g^ir is the x coordinate of the
 * shared point only, always field-size octets (leading zeros kept).
 *
 * The private scalar is made from random octets the caller supplies, so
 * this code never draws randomness itself: the daemon passes RAND_bytes()
 * output, tests pass fixed bytes and get fixed keys.  A peer's public value
 * is rejected unless it has the exact length and is a point on the curve
 * (coordinates below p, satisfies the curve equation, not the point at
 * infinity); with a cofactor of 1 that makes it a member of the group, so
 * no small-subgroup check is needed.  All functions return 0 or -1 (NULL
 * for constructors).  Secrets are wiped when the object is freed.
 *
 * The first call builds each group's constants once per process; after
 * that nothing here writes shared state, so threads may use the module at
 * once as long as each ike_dh object is used by one thread at a time.
 */
#ifndef IKEV2_DH_H
#define IKEV2_DH_H

#include <stddef.h>
#include <stdint.h>

/* Group numbers (Transform Type 4, IKE_DH_*) are the IANA numbers of
 * ikev2_const.h; IKE_DH_ECP_256/384/521 are the ones implemented here. */
#include "ikev2/ikev2_const.h"

#define IKE_DH_MAX_FIELD	66	/* P-521: ceil(521 / 8) */
#define IKE_DH_MAX_PUBLIC	(2 * IKE_DH_MAX_FIELD)
#define IKE_DH_MAX_SECRET	IKE_DH_MAX_FIELD
#define IKE_DH_MAX_RAND		(IKE_DH_MAX_FIELD + 8)

struct ike_dh_alg {
	uint16_t	 group;		/* IKE_DH_* */
	size_t		 field_len;	/* octets per coordinate */
	size_t		 public_len;	/* KE data: 2 * field_len */
	size_t		 secret_len;	/* g^ir: field_len */
	size_t		 rand_len;	/* random octets ike_dh_new wants:
					 * field_len + 8 (see there) */
	const char	*name;		/* "ECP_256" (IANA, logs) */
	const char	*curve;		/* "P-256" */
	const char	*ossl_group;	/* OpenSSL group name */
};

/* The descriptor, or NULL when the group is unsupported. */
const struct ike_dh_alg *ike_dh_alg_get(uint16_t group);
size_t	ike_dh_public_len(uint16_t group);	/* 0 when unsupported */
size_t	ike_dh_secret_len(uint16_t group);	/* 0 when unsupported */
size_t	ike_dh_rand_len(uint16_t group);	/* 0 when unsupported */
/* "ECP_256" etc.; "unknown" otherwise. */
const char *ike_dh_name(uint16_t group);

struct ike_dh;

/*
 * A fresh key pair.  rnd is exactly ike_dh_rand_len() random octets; the
 * private scalar is 1 + (rnd mod (n - 1)), with n the group order: the
 * extra 64 bits make the bias negligible (FIPS 186-4 B.4.1), and no input
 * is ever refused, so the result is a pure function of rnd.
 */
struct ike_dh	*ike_dh_new(uint16_t group, const uint8_t *rnd, size_t rnd_len);
/*
 * A key pair from a given private scalar (big-endian, exactly field_len
 * octets, 1 <= scalar < n), e.g. the RFC 5903 §8 test vectors.
 */
struct ike_dh	*ike_dh_new_private(uint16_t group, const uint8_t *priv,
		    size_t priv_len);
/* Wipes the private key and any derived secret and frees; NULL no-op. */
void		 ike_dh_free(struct ike_dh *dh);
const struct ike_dh_alg *ike_dh_get_alg(const struct ike_dh *dh);

/* Our public value x | y (borrowed; valid until ike_dh_free). */
const uint8_t	*ike_dh_public(const struct ike_dh *dh, size_t *len);

/*
 * Checks the peer's Key Exchange Data (x | y, exactly public_len octets)
 * and computes the shared secret g^ir = x coordinate into secret
 * (secret_len octets; secret_size must be at least that).  Returns -1,
 * with secret untouched, when the peer value is invalid (wrong length, a
 * coordinate >= p, not on the curve, the point at infinity) or on failure.
 * May be called more than once; the key pair is not consumed.
 */
int	ike_dh_derive(struct ike_dh *dh, const uint8_t *peer, size_t peer_len,
	    uint8_t *secret, size_t secret_size);

/*
 * Only the point check of ike_dh_derive: 0 if peer is a valid public value
 * of the group, else -1.  For the codec/engine to reject a bad KE early.
 */
int	ike_dh_check_public(uint16_t group, const uint8_t *peer,
	    size_t peer_len);

#endif
