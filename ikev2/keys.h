/*
 * IKEv2 key derivation (RFC 7296 §2.13-2.18) and the PSK AUTH value
 * (§2.15), as pure functions over bytes: no state, no randomness, no I/O.
 * Every PRF is a struct ike_prf from crypto.h (borrowed; not thread-safe,
 * so one per thread).  Functions return 0 or -1 (NULL for constructors).
 *
 * Use in an exchange (initiator and responder compute the same):
 *
 *   IKE_SA_INIT, after ike_dh_derive() gave g^ir:
 *	ike_skeyseed(prf, Ni, Nr, g^ir, skeyseed)
 *	ike_keylens_get(&l, prf_id, encr_id, key_bits, integ_id)
 *	keys = ike_sa_keys_new(prf, &l, skeyseed, Ni, Nr, SPIi, SPIr)
 *   IKE_AUTH and CREATE_CHILD_SA, Child SA keys:
 *	ike_keylens_get(&cl, 0, esp_encr_id, esp_key_bits, esp_integ_id)
 *	ck = ike_child_keys_new(prf, &cl, keys->sk_d, keys->d_len,
 *	    NULL or g^ir(new), Ni, Nr)   // Ni/Nr of THIS exchange
 *   CREATE_CHILD_SA rekeying the IKE SA (§2.18):
 *	ike_skeyseed_rekey(old_prf, old->sk_d, old->d_len, g^ir(new),
 *	    Ni, Nr, skeyseed)
 *	new = ike_sa_keys_new(new_prf, &new_lens, skeyseed, Ni, Nr,
 *	    new SPIi, new SPIr)
 *   IKE_AUTH with PSK (§2.15), for the AUTH we send and the one we check:
 *	ike_signed_octets(prf, msg, nonce, sk_p, id_body, &octets)
 *	ike_psk_auth(prf, psk, octets, auth) / ike_psk_auth_verify(...)
 */
#ifndef IKEV2_KEYS_H
#define IKEV2_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "ikev2/crypto.h"

struct buf;

#define IKE_SPI_LEN	8

/*
 * The octet lengths a negotiated transform set takes from prf+ (RFC 7296
 * §2.14, §2.17).  For a Child SA (ESP) prf_key is 0 and unused.
 */
struct ike_keylens {
	size_t	prf_key;	/* SK_d, SK_pi, SK_pr: the PRF's preferred
				 * key length (its output length for HMAC) */
	size_t	integ_key;	/* SK_ai/SK_ar or ESP integrity key; 0 with
				 * an AEAD cipher */
	size_t	encr_key;	/* SK_ei/SK_er or ESP encryption keymat,
				 * salt included for GCM */
};

/*
 * Fills l for a transform set.  prf_id 0 means a Child SA (no PRF keys).
 * An AEAD cipher needs integ_id IKE_INTEG_NONE and any other cipher a real
 * integrity transform (RFC 7296 §3.3.3, RFC 5282 §8); -1 otherwise or when
 * a transform is unsupported.
 */
int	ike_keylens_get(struct ike_keylens *l, uint16_t prf_id,
	    uint16_t encr_id, uint16_t key_bits, uint16_t integ_id);

/*
 * The PRF key used for SKEYSEED (RFC 7296 §2.14): Ni | Nr, except that a
 * fixed-key PRF (prf alg fixed_key) takes only the first 64 bits of each
 * nonce.  Writes into key (size key_size) and returns its length, or -1.
 * Exposed for tests; ike_skeyseed uses it.
 */
long	ike_skeyseed_key(int fixed_key, const uint8_t *ni, size_t ni_len,
	    const uint8_t *nr, size_t nr_len, uint8_t *key, size_t key_size);

/* SKEYSEED = prf(Ni | Nr, g^ir): prf out_len octets into skeyseed. */
int	ike_skeyseed(struct ike_prf *prf, const uint8_t *ni, size_t ni_len,
	    const uint8_t *nr, size_t nr_len, const uint8_t *gir,
	    size_t gir_len, uint8_t *skeyseed);

/*
 * SKEYSEED of a new IKE SA from a rekey (RFC 7296 §2.18):
 * prf(SK_d(old), g^ir(new) | Ni | Nr).  prf is the OLD IKE SA's PRF (the
 * exchange belongs to the old SA); the new SA's PRF then runs prf+.
 */
int	ike_skeyseed_rekey(struct ike_prf *old_prf, const uint8_t *sk_d_old,
	    size_t sk_d_len, const uint8_t *gir_new, size_t gir_len,
	    const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len,
	    uint8_t *skeyseed);

/*
 * The raw key stream prf+(SKEYSEED, Ni | Nr | SPIi | SPIr), out_len octets
 * (SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr when cut by
 * ike_sa_keys_new).  The SPIs are IKE_SPI_LEN octets, as on the wire.
 */
int	ike_sa_keys_stream(struct ike_prf *prf, const uint8_t *skeyseed,
	    size_t skeyseed_len, const uint8_t *ni, size_t ni_len,
	    const uint8_t *nr, size_t nr_len, const uint8_t *spii,
	    const uint8_t *spir, uint8_t *out, size_t out_len);

/* The seven keys of an IKE SA.  Lengths come from struct ike_keylens. */
struct ike_sa_keys {
	size_t	d_len;		/* = p_len */
	size_t	a_len;		/* 0 with AEAD */
	size_t	e_len;		/* keymat incl. GCM salt */
	size_t	p_len;
	uint8_t	sk_d[IKE_PRF_MAX_KEY];
	uint8_t	sk_ai[IKE_INTEG_MAX_KEY];	/* protects I -> R messages */
	uint8_t	sk_ar[IKE_INTEG_MAX_KEY];	/* protects R -> I messages */
	uint8_t	sk_ei[IKE_ENCR_MAX_KEYMAT];
	uint8_t	sk_er[IKE_ENCR_MAX_KEYMAT];
	uint8_t	sk_pi[IKE_PRF_MAX_KEY];		/* initiator's AUTH */
	uint8_t	sk_pr[IKE_PRF_MAX_KEY];		/* responder's AUTH */
};

/*
 * Derives and splits the IKE SA keys (RFC 7296 §2.14) with the IKE SA's
 * PRF; lens->prf_key must be that PRF's key length.  Caller frees with
 * ike_sa_keys_free().
 */
struct ike_sa_keys *ike_sa_keys_new(struct ike_prf *prf,
		    const struct ike_keylens *lens, const uint8_t *skeyseed,
		    size_t skeyseed_len, const uint8_t *ni, size_t ni_len,
		    const uint8_t *nr, size_t nr_len, const uint8_t *spii,
		    const uint8_t *spir);
/* Wipes and frees; NULL is a no-op. */
void	ike_sa_keys_free(struct ike_sa_keys *k);

/*
 * The raw Child SA KEYMAT stream (RFC 7296 §2.17):
 * prf+(SK_d, [g^ir(new) |] Ni | Nr); gir NULL (gir_len 0) without PFS.
 */
int	ike_child_keys_stream(struct ike_prf *prf, const uint8_t *sk_d,
	    size_t sk_d_len, const uint8_t *gir, size_t gir_len,
	    const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len,
	    uint8_t *out, size_t out_len);

/*
 * Child SA keys, taken from KEYMAT in the order of RFC 7296 §2.17: the
 * initiator-to-responder encryption key, then its integrity key, then the
 * same two for responder-to-initiator.  The initiator sends with the _i
 * keys and receives with the _r keys; the responder the other way round.
 */
struct ike_child_keys {
	size_t	e_len;		/* keymat incl. GCM salt */
	size_t	a_len;		/* 0 with AEAD */
	uint8_t	encr_i[IKE_ENCR_MAX_KEYMAT];	/* I -> R */
	uint8_t	integ_i[IKE_INTEG_MAX_KEY];
	uint8_t	encr_r[IKE_ENCR_MAX_KEYMAT];	/* R -> I */
	uint8_t	integ_r[IKE_INTEG_MAX_KEY];
};

/*
 * Derives and splits one Child SA's keys; lens from ike_keylens_get() with
 * prf_id 0.  prf is the IKE SA's PRF.  Caller frees.
 */
struct ike_child_keys *ike_child_keys_new(struct ike_prf *prf,
		    const struct ike_keylens *lens, const uint8_t *sk_d,
		    size_t sk_d_len, const uint8_t *gir, size_t gir_len,
		    const uint8_t *ni, size_t ni_len, const uint8_t *nr,
		    size_t nr_len);
/* Wipes and frees; NULL is a no-op. */
void	ike_child_keys_free(struct ike_child_keys *k);

/*
 * The signed octets of RFC 7296 §2.15, appended to out:
 *   RealMessage | Nonce | prf(SK_p, RestOfIDPayload)
 * For the initiator's AUTH: RealMessage1 (the whole IKE_SA_INIT request as
 * sent, IKE header included), NonceRData (the responder's nonce, without
 * payload header), SK_pi and the IDi payload body (ID Type, 3 RESERVED
 * octets, identification data: the payload without its generic header).
 * For the responder's AUTH: RealMessage2, NonceIData, SK_pr, IDr body.
 */
int	ike_signed_octets(struct ike_prf *prf, const uint8_t *msg,
	    size_t msg_len, const uint8_t *nonce, size_t nonce_len,
	    const uint8_t *sk_p, size_t sk_p_len, const uint8_t *id_body,
	    size_t id_len, struct buf *out);

/*
 * The AUTH payload's Authentication Data for a shared key (auth method 2):
 * prf(prf(PSK, "Key Pad for IKEv2"), signed octets), prf out_len octets.
 */
int	ike_psk_auth(struct ike_prf *prf, const uint8_t *psk, size_t psk_len,
	    const uint8_t *octets, size_t octets_len, uint8_t *auth);
/* 0 if auth (auth_len octets) is right, else -1; constant time compare. */
int	ike_psk_auth_verify(struct ike_prf *prf, const uint8_t *psk,
	    size_t psk_len, const uint8_t *octets, size_t octets_len,
	    const uint8_t *auth, size_t auth_len);

#endif
