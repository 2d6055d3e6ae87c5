/*
 * What the engine borrows for certificate authentication (SPEC section 6,
 * RFC 7296 §2.15, §3.6-3.8, RFC 7427): the signatures themselves and the
 * certificate store live behind these callbacks, which the daemon fills
 * with OpenSSL (mgmtsecd/pki.c) and tests may fill with anything.  The
 * engine stays pure: it only chooses the signature scheme, lays out the
 * CERT, CERTREQ and AUTH payloads and reads the peer's, and passes
 * opaque octets across this seam.
 *
 * A trustpoint is named as in `crypto ca trustpoint NAME` (the tunnel's
 * `pki trustpoint`, struct ike_cfg_peer.trustpoint).  Every pointer the
 * callbacks return stays valid until the engine's current event ends.
 */
#ifndef IKEV2_PKI_H
#define IKEV2_PKI_H

#include <stddef.h>
#include <stdint.h>

/* Signature schemes (what a signature is, independent of the AUTH method
 * that carries it).  RSA_SHA1 is AUTH method 1 (RFC 7296 §3.8, PKCS#1
 * v1.5 with SHA-1); the others travel as method 14 (RFC 7427). */
enum ike_sig {
	IKE_SIG_NONE = 0,
	IKE_SIG_RSA_SHA1,
	IKE_SIG_RSA_SHA256,		/* PKCS#1 v1.5 */
	IKE_SIG_RSA_SHA384,
	IKE_SIG_RSA_SHA512,
	IKE_SIG_PSS_SHA256,		/* RSASSA-PSS, MGF1 with the same
					 * hash, salt as long as the hash */
	IKE_SIG_PSS_SHA384,
	IKE_SIG_PSS_SHA512,
	IKE_SIG_MAX
};
#define IKE_SIG_BIT(s)		(1u << (s))

/* Bounds on what a peer may send us (each is refused beyond it). */
#define IKE_PKI_CERTS_MAX	5	/* CERT payloads: the end entity and
					 * up to 4 intermediates */
#define IKE_PKI_CERT_LEN_MAX	8192	/* octets of one certificate */
#define IKE_PKI_CHAIN_LEN_MAX	24576	/* octets of all of them */
#define IKE_PKI_DEPTH_MAX	5	/* certificates between the end
					 * entity and the root, inclusive */
#define IKE_PKI_SIG_MAX		1024	/* octets of a signature (8192-bit
					 * RSA) */

/* One DER blob (borrowed). */
struct ike_pki_blob {
	const uint8_t	*p;
	size_t		 len;
};

/* Our side of a trustpoint: what we send. */
struct ike_pki_own {
	/* Our certificate, then its intermediates in chain order (DER). */
	struct ike_pki_blob	certs[IKE_PKI_CERTS_MAX];
	size_t			n_certs;
	/* SHA-1 of the CA certificate's SubjectPublicKeyInfo: the CERTREQ
	 * authority (RFC 7296 §3.7). */
	uint8_t			ca_keyid[20];
	unsigned		key_bits;	/* of our private key */
};

/* What verify() checks: the peer's certificates against the trustpoint,
 * its identity against the end-entity certificate, then the signature. */
struct ike_pki_peer {
	const char		*trustpoint;
	const struct ike_pki_blob *certs;	/* [0]: end entity */
	size_t			 n_certs;
	uint8_t			 id_type;	/* IKE_ID_* of its ID payload */
	const uint8_t		*id;		/* identification data */
	size_t			 id_len;
	enum ike_sig		 sig;
	const uint8_t		*octets;	/* the signed octets, §2.15 */
	size_t			 octets_len;
	const uint8_t		*sig_data;	/* the signature value */
	size_t			 sig_len;
};

/* What verify() learnt, for logs and show commands. */
struct ike_pki_info {
	char		subject[256];	/* end entity's subject, one line */
	unsigned	key_bits;
	int64_t		not_after;	/* the earliest end of validity in
					 * the chain (Epoch seconds; 0:
					 * unknown) */
};

struct ike_pki {
	void	*arg;
	/* Our certificates and the CA hash of trustpoint tp; 0, or -1
	 * with why. */
	int	(*own)(void *arg, const char *tp, struct ike_pki_own *out,
		    char *why, size_t whylen);
	/* Signs octets with tp's private key by scheme sig into out (cap
	 * octets), *outlen its length; 0, or -1 with why. */
	int	(*sign)(void *arg, const char *tp, enum ike_sig sig,
		    const uint8_t *octets, size_t len, uint8_t *out,
		    size_t cap, size_t *outlen, char *why, size_t whylen);
	/* Validates the peer's certificates (chain to tp's CA, validity at
	 * the store's clock, basic constraints, key usage, path length,
	 * key size), its identity against the certificate, and the
	 * signature; 0, or -1 with a reason that names the check. */
	int	(*verify)(void *arg, const struct ike_pki_peer *p,
		    struct ike_pki_info *info, char *why, size_t whylen);
	/* The clock validity is judged by (Epoch seconds), so a chain
	 * that expires while its SAs are up is noticed at the next rekey;
	 * NULL: never looked at again after IKE_AUTH. */
	int64_t	(*now)(void *arg);
};

/* "RSA PKCS#1 v1.5 SHA-256", ... ("none" for IKE_SIG_NONE). */
const char	*ike_sig_name(enum ike_sig s);
/* The hash of a scheme as an RFC 7427 hash identifier (1 SHA1, 2
 * SHA2-256, 3 SHA2-384, 4 SHA2-512), 0 for none. */
unsigned	 ike_sig_hash(enum ike_sig s);
/* Whether the scheme is RSASSA-PSS. */
int		 ike_sig_is_pss(enum ike_sig s);

#endif
