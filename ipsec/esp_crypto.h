/*
 * The OpenSSL EVP side of one ESP SA: contexts keyed once when the SA is
 * made, then per packet only a new IV and the bulk work.  Algorithms are
 * fetched by name here and nowhere on the packet path.
 *
 *	AES-CBC		a decrypt or encrypt context with padding off, and
 *			(outbound) an AES-ECB context under the SA's IV key
 *			that turns the packet counter into the IV.  Outbound
 *			on a CPU with AES-NI, the IV key is aes_mb.h's, and
 *			so is the cipher key for bursts of two packets or
 *			more, which it encrypts side by side.
 *	HMAC		the inner and outer hash states after the key block
 *			(ipad/opad), copied into a work context per packet.
 *			On OpenSSL 3.0 this is faster than re-initialising an
 *			EVP_MAC_CTX with its key (bench/esp-crypto measures
 *			both), because EVP_MAC's HMAC copies the same two
 *			states and adds its own dispatch.
 *			HMAC-SHA-256 on a CPU with AVX-512 keeps the two
 *			states as words too, for sha256_mb.h: a burst's ICVs
 *			are computed sixteen at a time.
 *	AES-GCM		one context per direction; the nonce is the 4-octet
 *			salt and the packet's 8-octet IV (RFC 4106 section 4).
 *
 * Internal to ipsec/ (esp.c and the tests); the API is ipsec/esp.h.
 */
#ifndef IPSEC_ESP_CRYPTO_H
#define IPSEC_ESP_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "ipsec/aes_mb.h"
#include "ipsec/esp.h"
#include "ipsec/sha256_mb.h"

#define ESP_CBC_IV_LEN		16
#define ESP_GCM_IV_LEN		8
#define ESP_GCM_SALT_LEN	4
#define ESP_GCM_ICV_LEN		16
#define ESP_ICV_MAX		32	/* HMAC-SHA2-512-256 */
#define ESP_MD_MAX		64	/* SHA-512 output */

struct esp_crypto {
	int		 aead;		/* AES-GCM */
	int		 encrypt;	/* outbound */
	size_t		 iv_len;	/* IV octets on the wire */
	size_t		 align;		/* ciphertext multiple: 16 or 4 */
	size_t		 icv_len;	/* ICV octets on the wire */
	size_t		 md_len;	/* full HMAC output */
	uint8_t		 salt[ESP_GCM_SALT_LEN];
	EVP_CIPHER_CTX	*cipher;	/* keyed, one direction */
	EVP_CIPHER_CTX	*ivgen;		/* outbound CBC: AES-ECB(iv_key) */
	EVP_MD_CTX	*ipad;		/* HMAC state after key ^ ipad */
	EVP_MD_CTX	*opad;		/* HMAC state after key ^ opad */
	EVP_MD_CTX	*work;
	int		 mb;		/* outbound CBC through aes_mb */
	struct aes_mb_key mb_key;	/* the cipher key */
	struct aes_mb_key mb_iv;	/* the IV key */
	int		 mb_sha;	/* HMAC-SHA-256 through sha256_mb */
	uint32_t	 ih[8], oh[8];	/* its states after ipad, opad */
};

/* One ICV of a burst: over data[0 .. len), into icv. */
struct esp_icv_job {
	const uint8_t	*data;
	size_t		 len;
	uint8_t		*icv;
};

/*
 * Checks the algorithms and key lengths of p and keys c (zeroed by the
 * caller).  0, or -1 with the reason in err; on -1 c holds nothing that
 * needs esp_crypto_clear(), though calling it is harmless.
 */
int	esp_crypto_init(struct esp_crypto *c, const struct esp_sa_params *p,
	    char *err, size_t errlen);
/* Frees the contexts (OpenSSL wipes their key schedules) and the salt. */
void	esp_crypto_clear(struct esp_crypto *c);

/*
 * The CBC IV for outbound packet number ctr: AES-ECB under the IV key of
 * the block ctr (64 bits, big endian) | 0.  Distinct counters give
 * distinct, unpredictable IVs (RFC 3602 section 3; NIST SP 800-38A
 * Appendix C, first method, with a separate key).  0 or -1.
 */
int	esp_crypto_cbc_iv(struct esp_crypto *c, uint64_t ctr,
	    uint8_t iv[ESP_CBC_IV_LEN]);

/* AES-CBC of len octets (a multiple of 16) in place, in the SA's
 * direction, starting from iv.  0 or -1. */
int	esp_crypto_cbc(struct esp_crypto *c, const uint8_t *iv, uint8_t *buf,
	    size_t len);

/*
 * esp_crypto_cbc() of n buffers (outbound): jobs[k] is buffer k, its
 * length and its IV.  0, or -1 when any failed.
 */
int	esp_crypto_cbc_burst(struct esp_crypto *c, struct aes_mb_job *jobs,
	    size_t n);

/*
 * The truncated HMAC (icv_len octets) of data (len octets) followed by
 * tail (tail_len octets, the ESN high half or nothing) into icv.  0 or -1.
 */
int	esp_crypto_icv(struct esp_crypto *c, const uint8_t *data, size_t len,
	    const uint8_t *tail, size_t tail_len, uint8_t *icv);

/*
 * esp_crypto_icv() of n jobs (no tail: not for ESN).  0, or -1 when any
 * failed.
 */
int	esp_crypto_icv_burst(struct esp_crypto *c, struct esp_icv_job *jobs,
	    size_t n);

/*
 * AES-GCM of len octets in place with nonce salt | iv and the given AAD.
 * Outbound: writes the 16-octet tag to tag; inbound: checks it.  0, or
 * -1 when the tag does not match or the library failed (OpenSSL does not
 * tell the two apart; ESP drops the packet either way).
 */
int	esp_crypto_gcm(struct esp_crypto *c, const uint8_t iv[ESP_GCM_IV_LEN],
	    const uint8_t *aad, size_t aad_len, uint8_t *buf, size_t len,
	    uint8_t tag[ESP_GCM_ICV_LEN]);

#endif
