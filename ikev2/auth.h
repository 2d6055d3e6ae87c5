/*
 * Authentication methods of IKE_AUTH (RFC 7296 §2.15): the table entry
 * ex_auth.c runs each method through, and the certificate method of
 * auth_rsa.c (RSA signatures, AUTH method 1 and RFC 7427's 14, CERT and
 * CERTREQ payloads, SIGNATURE_HASH_ALGORITHMS in IKE_SA_INIT).  Internal
 * to the engine, like sa.h.
 */
#ifndef IKEV2_AUTH_H
#define IKEV2_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "ikev2/sa.h"

/*
 * An authentication method.  sign() writes our AUTH data for the signed
 * octets and the AUTH method that carries it; verify() checks the peer's
 * (its message m and ID payload id give the method what else it needs),
 * with a precise reason on failure.  add() may put method-specific
 * payloads (CERT) into our IKE_AUTH message.  Each returns 0 or -1.
 */
struct ike_authenticator {
	enum ike_cfg_auth	 cfg;		/* configured method */
	uint8_t			 wire;		/* AUTH payload method */
	uint8_t			 wire2;		/* another one it takes, 0 */
	const char		*name;
	int	(*sign)(struct ike_sa *sa, const struct buf *octets,
		    struct buf *auth, uint8_t *method, char *why,
		    size_t whylen);
	int	(*verify)(struct ike_sa *sa, const struct ike_msg *m,
		    const struct ike_pl_id *id, const struct buf *octets,
		    const struct ike_pl_auth *auth, char *why, size_t whylen);
	int	(*add)(struct ike_sa *sa, struct ike_msg *m);
};

/* RSA signatures with X.509 certificates (auth_rsa.c). */
extern const struct ike_authenticator ike_auth_rsa;

/* What an SA keeps of certificate authentication. */
struct ike_sa_pki {
	uint8_t		peer_hashes;	/* bit h: the peer announced RFC 7427
					 * hash h (SIGNATURE_HASH_ALGORITHMS) */
	uint8_t		announced;	/* we sent ours */
	uint8_t		sig_local;	/* enum ike_sig we signed with */
	uint8_t		sig_remote;	/* ... the peer signed with */
	char		subject[256];	/* the peer certificate's subject */
	int64_t		peer_not_after;	/* its chain's end of validity */
	uint8_t		expired;	/* noticed (and logged) */
};

/* Whether the SA's tunnel authenticates either way with certificates. */
int	ike_auth_rsa_used(const struct ike_sa *sa);
/*
 * IKE_SA_INIT: adds N(SIGNATURE_HASH_ALGORITHMS) (initiator: when the
 * tunnel uses certificates; responder: when the initiator sent one) and,
 * in the response, CERTREQ for the trustpoint's CA when we verify a
 * signature.  0, or -1 without memory.
 */
int	ike_auth_rsa_init_add(struct ike_sa *sa, struct ike_msg *m);
/* IKE_SA_INIT: notes the peer's SIGNATURE_HASH_ALGORITHMS. */
void	ike_auth_rsa_init_seen(struct ike_sa *sa, const struct ike_msg *m);
/* IKE_AUTH request: CERTREQ for the trustpoint's CA (we verify the
 * responder's signature).  0, or -1 with why. */
int	ike_auth_rsa_certreq(struct ike_sa *sa, struct ike_msg *m, char *why,
	    size_t whylen);
/*
 * Before a CREATE_CHILD_SA of ours (what names it) or the peer's on an SA
 * whose peer signed with a certificate: 1 when that certificate chain
 * has expired since, by the store's clock (logged once, naming the
 * certificate and when it expired): the caller refuses the exchange and
 * deletes the IKE SA, so the peer must authenticate again (and its
 * expired certificate is then refused).  0 otherwise.
 */
int	ike_auth_rsa_expired(struct ike_sa *sa, const char *what);
/* Copies what show commands need from an SA to its rekeyed successor. */
int	ike_auth_rsa_inherit(struct ike_sa *to, const struct ike_sa *from);
/* Frees sa->pki. */
void	ike_auth_rsa_free(struct ike_sa *sa);

/*
 * The RFC 7427 AUTH data for scheme sig (method 14): one octet of
 * AlgorithmIdentifier length, the AlgorithmIdentifier, the signature.
 * ike_sig_algid() writes the AlgorithmIdentifier we send into out (cap
 * octets) and returns its length (0: not a method 14 scheme);
 * ike_sig_from_algid() recognises one a peer sent (IKE_SIG_NONE:
 * unknown, or parameters we do not take).
 */
size_t		ike_sig_algid(enum ike_sig sig, uint8_t *out, size_t cap);
enum ike_sig	ike_sig_from_algid(const uint8_t *p, size_t len);
/*
 * Which scheme we sign with: the strongest hash both sides announced
 * (SHA2-512, -384, -256; RSASSA-PSS before PKCS#1 v1.5), among allow
 * (IKE_SIG_BIT()s, 0: all), when both announced hashes; else method 1
 * (RSA_SHA1) if allowed.  IKE_SIG_NONE when nothing fits.
 */
enum ike_sig	ike_sig_choose(uint8_t peer_hashes, int announced,
		    uint32_t allow);

#endif
