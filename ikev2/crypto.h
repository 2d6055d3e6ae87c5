/*
 * IKEv2/ESP symmetric crypto facade over OpenSSL 3 EVP: the transforms of
 * SPEC section 6, named by their IANA IDs (RFC 7296 §3.3.2), for IKE SK
 * payloads and for ESP alike.
 *
 *   encryption (Transform Type 1)  ENCR_AES_CBC 128/192/256 (RFC 3602),
 *                                  ENCR_AES_GCM_16 128/192/256 (RFC 4106,
 *                                  RFC 5282)
 *   integrity  (Transform Type 3)  AUTH_HMAC_SHA1_96 (RFC 2404),
 *                                  AUTH_HMAC_SHA2_256_128/384_192/512_256
 *                                  (RFC 4868)
 *   PRF        (Transform Type 2)  PRF_HMAC_SHA1, PRF_HMAC_SHA2_256/384/512
 *
 * Each algorithm has a constant descriptor (lengths and names) and, once
 * keyed, an object that fetches its EVP algorithm and builds its EVP context
 * a single time, so per-message work is only "set IV, update, final".  The
 * objects are not shared between threads: give each thread (or each SA
 * direction) its own.  Nothing here draws randomness: IVs come from the
 * caller.  All functions return 0 on success and -1 on failure (bad
 * arguments, unsupported transform, OpenSSL failure, or a failed check).
 * Secrets held by an object are wiped when it is freed.
 *
 * GCM with 192-bit keys is implemented (RFC 4106/5282 define it) although
 * SPEC section 6 only negotiates 128 and 256; what is proposed and accepted
 * is decided by the configuration, not here.
 */
#ifndef IKEV2_CRYPTO_H
#define IKEV2_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

/*
 * The transform IDs (IKE_ENCR_*, IKE_INTEG_*, IKE_PRF_*) are the IANA
 * numbers declared in ikev2_const.h; the ones implemented here are listed
 * above.  IKE_INTEG_NONE is what goes with an AEAD cipher.
 */
#include "ikev2/ikev2_const.h"

/* Upper bounds over every supported transform, for fixed-size buffers. */
#define IKE_ENCR_MAX_KEYMAT	36	/* AES-256 key + 4-octet GCM salt */
#define IKE_ENCR_MAX_IV		16
#define IKE_ENCR_MAX_ICV	16
#define IKE_ENCR_MAX_BLOCK	16
#define IKE_INTEG_MAX_KEY	64
#define IKE_INTEG_MAX_ICV	32
#define IKE_PRF_MAX_KEY		64
#define IKE_PRF_MAX_OUT		64

/* prf+ stops after T255 (RFC 7296 §2.13: the counter is one octet). */
#define IKE_PRF_PLUS_MAX_ITER	255

/* A borrowed byte range; lists of them stand for a concatenation. */
struct ike_chunk {
	const uint8_t	*p;
	size_t		 len;
};

/*
 * Encryption
 */

/* What one encryption transform with one key length needs (read only). */
struct ike_encr_alg {
	uint16_t	 id;		/* IKE_ENCR_* */
	uint16_t	 key_bits;	/* the Key Length attribute */
	size_t		 key_len;	/* AES key octets */
	size_t		 salt_len;	/* 4 for GCM (RFC 5282 §7.1), else 0 */
	size_t		 keymat_len;	/* key_len + salt_len: octets taken
					 * from prf+ for SK_e or ESP KEYMAT */
	size_t		 block_size;	/* padding unit: 16 CBC, 1 GCM (ESP
					 * also aligns to 4, RFC 4303 §2.4) */
	size_t		 iv_len;	/* IV sent in each message: 16 CBC,
					 * 8 GCM */
	size_t		 icv_len;	/* 16 for GCM, 0 for CBC (whose ICV
					 * comes from the integrity
					 * transform) */
	int		 aead;		/* 1 for GCM */
	const char	*name;		/* "AES-CBC", "AES-GCM" (show ikev2
					 * session detail "Encryption") */
	const char	*iana_name;	/* "ENCR_AES_CBC" (logs) */
	const char	*esp_name;	/* "ESP_256_AES", "ESP_GCM_128" (show
					 * ipsec sa "Encrypt Algorithm") */
	const char	*evp_name;	/* OpenSSL cipher name */
};

/* The descriptor for (id, key_bits), or NULL when unsupported. */
const struct ike_encr_alg *ike_encr_alg_get(uint16_t id, uint16_t key_bits);

/* Shortcuts over the descriptor; each returns 0 when unsupported. */
size_t	ike_encr_key_len(uint16_t id, uint16_t key_bits);
size_t	ike_encr_keymat_len(uint16_t id, uint16_t key_bits);
size_t	ike_encr_block_size(uint16_t id, uint16_t key_bits);
size_t	ike_encr_iv_len(uint16_t id, uint16_t key_bits);
size_t	ike_encr_icv_len(uint16_t id, uint16_t key_bits);

/* "AES-CBC"/"AES-GCM" and "ENCR_AES_CBC"/...; "unknown" otherwise. */
const char *ike_encr_name(uint16_t id);
const char *ike_encr_iana_name(uint16_t id);

struct ike_encr;

/*
 * A keyed cipher.  keymat is key | salt as taken from prf+ (SK_ei, SK_er or
 * an ESP KEYMAT slice), exactly ike_encr_keymat_len() octets (cloned).
 * Returns NULL on an unsupported transform, a wrong length or no memory.
 */
struct ike_encr	*ike_encr_new(uint16_t id, uint16_t key_bits,
		    const uint8_t *keymat, size_t keymat_len);
/*
 * Gives a cipher object another key, of the same transform or another
 * (cloned; lengths as for ike_encr_new): for one object serving many keys
 * in turn, e.g. an IKE engine keying one cipher per message from each
 * SA's SK_e rather than keeping two per SA.  Contexts already built for
 * the transform are kept and take the new key schedule on their next
 * use.  On failure (-1) the object holds no key and fails every operation
 * until re-keyed.
 */
int		 ike_encr_rekey(struct ike_encr *e, uint16_t id,
		    uint16_t key_bits, const uint8_t *keymat,
		    size_t keymat_len);
/* Overwrites the key and the contexts' key schedules, keeping the
 * contexts: the object is unusable until re-keyed.  NULL is a no-op. */
void		 ike_encr_wipe(struct ike_encr *e);
/* Wipes the key and frees; NULL is a no-op. */
void		 ike_encr_free(struct ike_encr *e);
/* The descriptor of a keyed cipher (borrowed, static). */
const struct ike_encr_alg *ike_encr_get_alg(const struct ike_encr *e);

/*
 * Encrypts len octets of in into out (same length; out may equal in).
 * iv is alg->iv_len octets chosen by the caller (fresh random for CBC, a
 * never-repeating counter or random for GCM; RFC 5282 §3.1).
 *   CBC: len must be a multiple of 16 (the caller pads, RFC 7296 §3.14);
 *        aad must be NULL/0 and icv NULL.
 *   GCM: the nonce is salt | iv; aad (may be empty) is authenticated, the
 *        16-octet tag is written to icv.  For the IKE SK payload the AAD
 *        is the IKE header through the SK payload header (RFC 5282 §5.1);
 *        for ESP it is SPI | Sequence Number (RFC 4106 §5).
 */
int	ike_encr_encrypt(struct ike_encr *e, const uint8_t *iv,
	    const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
	    uint8_t *out, uint8_t *icv);

/*
 * The reverse of ike_encr_encrypt.  For GCM, icv is the received tag; if it
 * does not verify, out is zeroed and -1 returned, so unauthenticated
 * plaintext never escapes.  For CBC, check the integrity transform's ICV
 * BEFORE calling this (encrypt-then-MAC, RFC 7296 §3.14).
 */
int	ike_encr_decrypt(struct ike_encr *e, const uint8_t *iv,
	    const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
	    uint8_t *out, const uint8_t *icv);

/*
 * AEAD with an explicit whole nonce of any length (1..128 octets) and tag
 * length (4..16), ignoring the salt: for test vectors that are not in
 * RFC 4106 form (e.g. GCM with 64- or 480-bit IVs).  IKE and ESP use
 * ike_encr_encrypt/decrypt instead.  -1 for CBC.
 */
int	ike_encr_seal_nonce(struct ike_encr *e, const uint8_t *nonce,
	    size_t nonce_len, const uint8_t *aad, size_t aad_len,
	    const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag,
	    size_t tag_len);
int	ike_encr_open_nonce(struct ike_encr *e, const uint8_t *nonce,
	    size_t nonce_len, const uint8_t *aad, size_t aad_len,
	    const uint8_t *in, size_t len, uint8_t *out, const uint8_t *tag,
	    size_t tag_len);

/*
 * Integrity
 */

struct ike_integ_alg {
	uint16_t	 id;		/* IKE_INTEG_* */
	size_t		 key_len;	/* SK_ai/SK_ar or ESP key octets */
	size_t		 icv_len;	/* truncated output octets */
	size_t		 mac_len;	/* full HMAC output octets */
	const char	*name;		/* "SHA256" (show ... "ESP HMAC") */
	const char	*iana_name;	/* "AUTH_HMAC_SHA2_256_128" */
	const char	*esp_name;	/* "HMAC_SHA_256" (show ipsec sa) */
	const char	*digest;	/* OpenSSL digest name */
};

/* The descriptor, or NULL when unsupported (also for IKE_INTEG_NONE). */
const struct ike_integ_alg *ike_integ_alg_get(uint16_t id);
size_t	ike_integ_key_len(uint16_t id);		/* 0 when unsupported */
size_t	ike_integ_icv_len(uint16_t id);		/* 0 when unsupported */
/* "SHA256", "AUTH_HMAC_SHA2_256_128", "HMAC_SHA_256"; for
 * IKE_INTEG_NONE "None", "NONE", "None"; "unknown" otherwise. */
const char *ike_integ_name(uint16_t id);
const char *ike_integ_iana_name(uint16_t id);
const char *ike_integ_esp_name(uint16_t id);

struct ike_integ;

/* A keyed HMAC; key_len must equal the transform's key length (cloned). */
struct ike_integ *ike_integ_new(uint16_t id, const uint8_t *key,
		    size_t key_len);
/* Another key (and possibly transform) for an HMAC object, as
 * ike_encr_rekey; on failure (-1) it fails every operation until re-keyed. */
int		 ike_integ_rekey(struct ike_integ *m, uint16_t id,
		    const uint8_t *key, size_t key_len);
/* Overwrites the key state (an all-zero key until re-keyed). */
void		 ike_integ_wipe(struct ike_integ *m);
void		 ike_integ_free(struct ike_integ *m);
const struct ike_integ_alg *ike_integ_get_alg(const struct ike_integ *m);

/* Writes the truncated ICV (alg->icv_len octets) of data to icv. */
int	ike_integ_compute(struct ike_integ *m, const uint8_t *data,
	    size_t len, uint8_t *icv);
/* The same over a concatenation of n chunks. */
int	ike_integ_compute_v(struct ike_integ *m, const struct ike_chunk *v,
	    size_t n, uint8_t *icv);
/*
 * 0 when icv (icv_len octets) is the right ICV for data, else -1.  The
 * comparison takes the same time wherever the first difference is
 * (CRYPTO_memcmp); a wrong icv_len is rejected outright.
 */
int	ike_integ_verify(struct ike_integ *m, const uint8_t *data,
	    size_t len, const uint8_t *icv, size_t icv_len);

/*
 * Pseudorandom functions
 */

struct ike_prf_alg {
	uint16_t	 id;		/* IKE_PRF_* */
	size_t		 key_len;	/* preferred key length = length of
					 * SK_d, SK_pi, SK_pr (RFC 7296
					 * §2.13, §2.14) */
	size_t		 out_len;	/* output octets */
	int		 fixed_key;	/* 1 for PRFs with a fixed key size
					 * (AES-XCBC/CMAC-PRF, RFC 7296 §2.14);
					 * 0 for every HMAC PRF */
	const char	*name;		/* "SHA256" (show "PRF/Hash") */
	const char	*iana_name;	/* "PRF_HMAC_SHA2_256" */
	const char	*digest;	/* OpenSSL digest name */
};

const struct ike_prf_alg *ike_prf_alg_get(uint16_t id);
size_t	ike_prf_out_len(uint16_t id);		/* 0 when unsupported */
size_t	ike_prf_key_len(uint16_t id);		/* 0 when unsupported */
const char *ike_prf_name(uint16_t id);
const char *ike_prf_iana_name(uint16_t id);
/*
 * The PRF ID for a name: the IANA name ("PRF_HMAC_SHA2_256") or a hash
 * name in any of the usual spellings ("SHA256", "SHA-256", "sha2-256",
 * "SHA1", "SHA-1"), case-insensitively.  0 when unknown.
 */
uint16_t ike_prf_by_name(const char *name);
/* The same for integrity transforms: IANA names only.  0 when unknown. */
uint16_t ike_integ_by_name(const char *name);

struct ike_prf;

/* A PRF object; the key is given per call because it changes. */
struct ike_prf	*ike_prf_new(uint16_t id);
/*
 * An HMAC "PRF" over any fixed-output OpenSSL digest (e.g. "SHA2-224"),
 * outside the IKE transform table (its alg has id 0): for test vectors of
 * hashes IKE does not negotiate.  digest (an OpenSSL name, under 32
 * characters) is cloned.  NULL for unknown, XOF or over-long digests.
 */
struct ike_prf	*ike_prf_new_hmac(const char *digest);
/* Overwrites the key state left by the last call (keys are per call). */
void		 ike_prf_wipe(struct ike_prf *p);
void		 ike_prf_free(struct ike_prf *p);
const struct ike_prf_alg *ike_prf_get_alg(const struct ike_prf *p);

/* out = prf(key, data): alg->out_len octets.  Any key length (HMAC). */
int	ike_prf_compute(struct ike_prf *p, const uint8_t *key, size_t key_len,
	    const uint8_t *data, size_t len, uint8_t *out);
int	ike_prf_compute_v(struct ike_prf *p, const uint8_t *key,
	    size_t key_len, const struct ike_chunk *v, size_t n, uint8_t *out);

/*
 * out = the first out_len octets of prf+(key, seed) (RFC 7296 §2.13):
 * T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n).  -1 when out_len needs
 * more than 255 iterations (out_len > 255 * alg->out_len).
 */
int	ike_prf_plus(struct ike_prf *p, const uint8_t *key, size_t key_len,
	    const uint8_t *seed, size_t seed_len, uint8_t *out,
	    size_t out_len);
int	ike_prf_plus_v(struct ike_prf *p, const uint8_t *key, size_t key_len,
	    const struct ike_chunk *seed, size_t n, uint8_t *out,
	    size_t out_len);

#endif
