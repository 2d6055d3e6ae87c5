/*
 * Symmetric crypto for IKE and ESP over OpenSSL 3 EVP (see crypto.h): the
 * transform descriptor tables, keyed cipher/HMAC/PRF objects and prf+.
 *
 * Speed matters here because the same objects carry ESP traffic and every
 * IKE handshake: each object fetches its EVP algorithm once and keeps an
 * initialised context, so a message costs one "set IV" (or one HMAC reset)
 * plus the bulk work.  OpenSSL keeps a CBC key schedule per direction, so a
 * cipher object builds its encrypt and decrypt contexts lazily, on first
 * use: an IKE SA key is only ever used in one direction.
 */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "ikev2/alg_table.h"
#include "ikev2/crypto.h"

/* EVP takes int lengths; stay well inside them. */
#define CRYPTO_MAX_LEN	((size_t)INT_MAX / 2)

static const struct ike_encr_alg encr_algs[] = {
	{ IKE_ENCR_AES_CBC, 128, 16, 0, 16, 16, 16, 0, 0,
	  "AES-CBC", "ENCR_AES_CBC", "ESP_128_AES", "AES-128-CBC" },
	{ IKE_ENCR_AES_CBC, 192, 24, 0, 24, 16, 16, 0, 0,
	  "AES-CBC", "ENCR_AES_CBC", "ESP_192_AES", "AES-192-CBC" },
	{ IKE_ENCR_AES_CBC, 256, 32, 0, 32, 16, 16, 0, 0,
	  "AES-CBC", "ENCR_AES_CBC", "ESP_256_AES", "AES-256-CBC" },
	/* RFC 5282 §7.1 / RFC 4106 §8.1: keymat = key | 4-octet salt. */
	{ IKE_ENCR_AES_GCM_16, 128, 16, 4, 20, 1, 8, 16, 1,
	  "AES-GCM", "ENCR_AES_GCM_16", "ESP_GCM_128", "AES-128-GCM" },
	{ IKE_ENCR_AES_GCM_16, 192, 24, 4, 28, 1, 8, 16, 1,
	  "AES-GCM", "ENCR_AES_GCM_16", "ESP_GCM_192", "AES-192-GCM" },
	{ IKE_ENCR_AES_GCM_16, 256, 32, 4, 36, 1, 8, 16, 1,
	  "AES-GCM", "ENCR_AES_GCM_16", "ESP_GCM_256", "AES-256-GCM" },
};

static const struct ike_integ_alg integ_algs[] = {
	{ IKE_INTEG_HMAC_SHA1_96, 20, 12, 20, "SHA1",
	  "AUTH_HMAC_SHA1_96", "HMAC_SHA1", "SHA1" },
	{ IKE_INTEG_HMAC_SHA2_256_128, 32, 16, 32, "SHA256",
	  "AUTH_HMAC_SHA2_256_128", "HMAC_SHA_256", "SHA2-256" },
	{ IKE_INTEG_HMAC_SHA2_384_192, 48, 24, 48, "SHA384",
	  "AUTH_HMAC_SHA2_384_192", "HMAC_SHA_384", "SHA2-384" },
	{ IKE_INTEG_HMAC_SHA2_512_256, 64, 32, 64, "SHA512",
	  "AUTH_HMAC_SHA2_512_256", "HMAC_SHA_512", "SHA2-512" },
};

static const struct ike_prf_alg prf_algs[] = {
	{ IKE_PRF_HMAC_SHA1, 20, 20, 0, "SHA1", "PRF_HMAC_SHA1", "SHA1" },
	{ IKE_PRF_HMAC_SHA2_256, 32, 32, 0, "SHA256", "PRF_HMAC_SHA2_256",
	  "SHA2-256" },
	{ IKE_PRF_HMAC_SHA2_384, 48, 48, 0, "SHA384", "PRF_HMAC_SHA2_384",
	  "SHA2-384" },
	{ IKE_PRF_HMAC_SHA2_512, 64, 64, 0, "SHA512", "PRF_HMAC_SHA2_512",
	  "SHA2-512" },
};

/*
 * Descriptor lookups and names
 */

/* Described in header. */
const struct ike_encr_alg *
ike_encr_alg_get(uint16_t id, uint16_t key_bits)
{
	size_t	i;

	for (i = 0; i < NELEM(encr_algs); i++)
		if (encr_algs[i].id == id && encr_algs[i].key_bits == key_bits)
			return &encr_algs[i];
	return NULL;
}

size_t
ike_encr_key_len(uint16_t id, uint16_t key_bits)
{
	const struct ike_encr_alg *a = ike_encr_alg_get(id, key_bits);

	return a ? a->key_len : 0;
}

size_t
ike_encr_keymat_len(uint16_t id, uint16_t key_bits)
{
	const struct ike_encr_alg *a = ike_encr_alg_get(id, key_bits);

	return a ? a->keymat_len : 0;
}

size_t
ike_encr_block_size(uint16_t id, uint16_t key_bits)
{
	const struct ike_encr_alg *a = ike_encr_alg_get(id, key_bits);

	return a ? a->block_size : 0;
}

size_t
ike_encr_iv_len(uint16_t id, uint16_t key_bits)
{
	const struct ike_encr_alg *a = ike_encr_alg_get(id, key_bits);

	return a ? a->iv_len : 0;
}

size_t
ike_encr_icv_len(uint16_t id, uint16_t key_bits)
{
	const struct ike_encr_alg *a = ike_encr_alg_get(id, key_bits);

	return a ? a->icv_len : 0;
}

/* Any descriptor with this ID: names do not depend on the key length. */
static const struct ike_encr_alg *
encr_alg_any(uint16_t id)
{
	return IKE_ALG_FIND(encr_algs, id, id);
}

/* Described in header. */
const char *
ike_encr_name(uint16_t id)
{
	const struct ike_encr_alg *a = encr_alg_any(id);

	return a ? a->name : "unknown";
}

/* Described in header. */
const char *
ike_encr_iana_name(uint16_t id)
{
	const struct ike_encr_alg *a = encr_alg_any(id);

	return a ? a->iana_name : "unknown";
}

/* Described in header. */
const struct ike_integ_alg *
ike_integ_alg_get(uint16_t id)
{
	return IKE_ALG_FIND(integ_algs, id, id);
}

size_t
ike_integ_key_len(uint16_t id)
{
	const struct ike_integ_alg *a = ike_integ_alg_get(id);

	return a ? a->key_len : 0;
}

size_t
ike_integ_icv_len(uint16_t id)
{
	const struct ike_integ_alg *a = ike_integ_alg_get(id);

	return a ? a->icv_len : 0;
}

/* Described in header. */
const char *
ike_integ_name(uint16_t id)
{
	const struct ike_integ_alg *a = ike_integ_alg_get(id);

	if (id == IKE_INTEG_NONE)
		return "None";
	return a ? a->name : "unknown";
}

/* Described in header. */
const char *
ike_integ_iana_name(uint16_t id)
{
	const struct ike_integ_alg *a = ike_integ_alg_get(id);

	if (id == IKE_INTEG_NONE)
		return "NONE";
	return a ? a->iana_name : "unknown";
}

/* Described in header. */
const char *
ike_integ_esp_name(uint16_t id)
{
	const struct ike_integ_alg *a = ike_integ_alg_get(id);

	if (id == IKE_INTEG_NONE)
		return "None";
	return a ? a->esp_name : "unknown";
}

/* Described in header. */
const struct ike_prf_alg *
ike_prf_alg_get(uint16_t id)
{
	return IKE_ALG_FIND(prf_algs, id, id);
}

size_t
ike_prf_out_len(uint16_t id)
{
	const struct ike_prf_alg *a = ike_prf_alg_get(id);

	return a ? a->out_len : 0;
}

size_t
ike_prf_key_len(uint16_t id)
{
	const struct ike_prf_alg *a = ike_prf_alg_get(id);

	return a ? a->key_len : 0;
}

/* Described in header. */
const char *
ike_prf_name(uint16_t id)
{
	const struct ike_prf_alg *a = ike_prf_alg_get(id);

	return a ? a->name : "unknown";
}

/* Described in header. */
const char *
ike_prf_iana_name(uint16_t id)
{
	const struct ike_prf_alg *a = ike_prf_alg_get(id);

	return a ? a->iana_name : "unknown";
}

/*
 * Reduces a name to its upper-case letters and digits, so "SHA-256",
 * "sha_256" and "Sha256" compare equal.  Returns -1 if it does not fit.
 */
static int
name_fold(const char *in, char *out, size_t outlen)
{
	size_t	n = 0;

	for (; *in; in++) {
		if (!isalnum((unsigned char)*in))
			continue;
		if (n + 1 >= outlen)
			return -1;
		out[n++] = (char)toupper((unsigned char)*in);
	}
	out[n] = 0;
	return 0;
}

/* Folded spellings accepted for each PRF (see ike_prf_by_name). */
static const struct {
	uint16_t	 id;
	const char	*names[5];
} prf_names[] = {
	{ IKE_PRF_HMAC_SHA1, { "SHA1", "HMACSHA1", "PRFHMACSHA1" } },
	{ IKE_PRF_HMAC_SHA2_256, { "SHA256", "SHA2256", "HMACSHA256",
	    "HMACSHA2256", "PRFHMACSHA2256" } },
	{ IKE_PRF_HMAC_SHA2_384, { "SHA384", "SHA2384", "HMACSHA384",
	    "HMACSHA2384", "PRFHMACSHA2384" } },
	{ IKE_PRF_HMAC_SHA2_512, { "SHA512", "SHA2512", "HMACSHA512",
	    "HMACSHA2512", "PRFHMACSHA2512" } },
};

/* Described in header. */
uint16_t
ike_prf_by_name(const char *name)
{
	char	f[32];
	size_t	i, j;

	if (name == NULL || name_fold(name, f, sizeof(f)) == -1)
		return 0;
	for (i = 0; i < NELEM(prf_names); i++)
		for (j = 0; j < NELEM(prf_names[i].names); j++)
			if (prf_names[i].names[j] != NULL &&
			    strcmp(prf_names[i].names[j], f) == 0)
				return prf_names[i].id;
	return 0;
}

/* Described in header. */
uint16_t
ike_integ_by_name(const char *name)
{
	char	f[32], g[32];
	size_t	i;

	if (name == NULL || name_fold(name, f, sizeof(f)) == -1)
		return 0;
	for (i = 0; i < NELEM(integ_algs); i++) {
		if (name_fold(integ_algs[i].iana_name, g, sizeof(g)) == 0 &&
		    strcmp(f, g) == 0)
			return integ_algs[i].id;
	}
	return 0;
}

/*
 * Ciphers
 */

struct ike_encr {
	const struct ike_encr_alg *alg;
	EVP_CIPHER	*cipher;	/* fetched once */
	EVP_CIPHER_CTX	*ctx[2];	/* [0] decrypt, [1] encrypt; keyed */
	int		 stale[2];	/* ctx[i] still has an older key */
	int		 wiped;		/* no key until re-keyed */
	size_t		 nonce_len[2];	/* GCM nonce length set in ctx[i] */
	uint8_t		 key[IKE_ENCR_MAX_KEYMAT];
};

/* Described in header. */
struct ike_encr *
ike_encr_new(uint16_t id, uint16_t key_bits, const uint8_t *keymat,
    size_t keymat_len)
{
	const struct ike_encr_alg	*alg;
	struct ike_encr			*e;

	alg = ike_encr_alg_get(id, key_bits);
	if (alg == NULL || keymat == NULL || keymat_len != alg->keymat_len)
		return NULL;
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return NULL;
	e->alg = alg;
	memcpy(e->key, keymat, keymat_len);
	if ((e->cipher = EVP_CIPHER_fetch(NULL, alg->evp_name, NULL)) == NULL) {
		ike_encr_free(e);
		return NULL;
	}
	return e;
}

/* Described in header. */
int
ike_encr_rekey(struct ike_encr *e, uint16_t id, uint16_t key_bits,
    const uint8_t *keymat, size_t keymat_len)
{
	const struct ike_encr_alg	*alg;
	int				 i;

	if (e == NULL)
		return -1;
	alg = ike_encr_alg_get(id, key_bits);
	if (alg == NULL || keymat == NULL || keymat_len != alg->keymat_len)
		goto fail;
	if (alg != e->alg || e->cipher == NULL) {
		/* Another cipher: its contexts and algorithm go. */
		for (i = 0; i < 2; i++) {
			EVP_CIPHER_CTX_free(e->ctx[i]);
			e->ctx[i] = NULL;
		}
		EVP_CIPHER_free(e->cipher);
		e->alg = alg;
		if ((e->cipher = EVP_CIPHER_fetch(NULL, alg->evp_name,
		    NULL)) == NULL)
			goto fail;
	}
	OPENSSL_cleanse(e->key, sizeof(e->key));
	memcpy(e->key, keymat, keymat_len);
	for (i = 0; i < 2; i++) {
		e->stale[i] = 1;
		e->nonce_len[i] = 0;	/* set again on the next GCM use */
	}
	e->wiped = 0;
	return 0;
fail:
	/* Unusable until keyed again: no context may keep the old key. */
	for (i = 0; i < 2; i++) {
		EVP_CIPHER_CTX_free(e->ctx[i]);
		e->ctx[i] = NULL;
	}
	EVP_CIPHER_free(e->cipher);
	e->cipher = NULL;
	OPENSSL_cleanse(e->key, sizeof(e->key));
	return -1;
}

/* Described in header. */
void
ike_encr_wipe(struct ike_encr *e)
{
	static const uint8_t	zero[IKE_ENCR_MAX_KEYMAT];
	int			i;

	if (e == NULL)
		return;
	OPENSSL_cleanse(e->key, sizeof(e->key));
	e->wiped = 1;
	for (i = 0; i < 2; i++) {
		/* A key schedule of zeros over the last real one. */
		if (e->ctx[i] != NULL && !EVP_CipherInit_ex2(e->ctx[i], NULL,
		    zero, NULL, i, NULL)) {
			EVP_CIPHER_CTX_free(e->ctx[i]);
			e->ctx[i] = NULL;
		}
		e->stale[i] = 1;
		e->nonce_len[i] = 0;
	}
}

/* Described in header. */
void
ike_encr_free(struct ike_encr *e)
{
	if (e == NULL)
		return;
	EVP_CIPHER_CTX_free(e->ctx[0]);
	EVP_CIPHER_CTX_free(e->ctx[1]);
	EVP_CIPHER_free(e->cipher);
	OPENSSL_cleanse(e, sizeof(*e));
	free(e);
}

/* Described in header. */
const struct ike_encr_alg *
ike_encr_get_alg(const struct ike_encr *e)
{
	return e->alg;
}

/*
 * The keyed context for one direction, built on first use.  The key
 * schedule is computed here once; later calls only set a new IV.
 */
static EVP_CIPHER_CTX *
encr_ctx(struct ike_encr *e, int enc)
{
	EVP_CIPHER_CTX	*ctx;

	if (e->cipher == NULL || e->wiped)
		return NULL;		/* a failed rekey, or wiped */
	if (e->ctx[enc] != NULL && e->stale[enc]) {
		/* Re-keyed: the same cipher, a new key schedule. */
		if (!EVP_CipherInit_ex2(e->ctx[enc], NULL, e->key, NULL, enc,
		    NULL))
			return NULL;
		e->stale[enc] = 0;
	}
	if (e->ctx[enc] != NULL)
		return e->ctx[enc];
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL)
		return NULL;
	if (!EVP_CipherInit_ex2(ctx, e->cipher, e->key, NULL, enc, NULL) ||
	    (!e->alg->aead && !EVP_CIPHER_CTX_set_padding(ctx, 0))) {
		EVP_CIPHER_CTX_free(ctx);
		return NULL;
	}
	e->ctx[enc] = ctx;
	e->stale[enc] = 0;
	e->nonce_len[enc] = 12;		/* OpenSSL's GCM default */
	return ctx;
}

/* CBC over whole blocks, no padding: the caller has padded. */
static int
cbc_crypt(struct ike_encr *e, int enc, const uint8_t *iv, const uint8_t *in,
    size_t len, uint8_t *out)
{
	EVP_CIPHER_CTX	*ctx;
	int		 n, f;

	if (len % 16 || len > CRYPTO_MAX_LEN || iv == NULL ||
	    (len && (in == NULL || out == NULL)))
		return -1;
	if ((ctx = encr_ctx(e, enc)) == NULL)
		return -1;
	if (!EVP_CipherInit_ex2(ctx, NULL, NULL, iv, enc, NULL))
		return -1;
	if (len == 0)
		return 0;
	if (!EVP_CipherUpdate(ctx, out, &n, in, (int)len) ||
	    (size_t)n != len || !EVP_CipherFinal_ex(ctx, out + n, &f) || f)
		return -1;
	return 0;
}

/*
 * One GCM operation with a whole nonce.  On decryption the tag is set
 * before the final call, and a tag mismatch wipes what was decrypted.
 */
static int
gcm_crypt(struct ike_encr *e, int enc, const uint8_t *nonce, size_t nonce_len,
    const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
    uint8_t *out, uint8_t *tag, size_t tag_len)
{
	EVP_CIPHER_CTX	*ctx;
	OSSL_PARAM	 params[2];
	uint8_t		 t[16];
	int		 n = 0, f;

	if (!e->alg->aead || nonce == NULL || nonce_len == 0 ||
	    nonce_len > 128 || tag == NULL || tag_len < 4 || tag_len > 16 ||
	    len > CRYPTO_MAX_LEN || aad_len > CRYPTO_MAX_LEN ||
	    (aad_len && aad == NULL) || (len && (in == NULL || out == NULL)))
		return -1;
	if ((ctx = encr_ctx(e, enc)) == NULL)
		return -1;
	if (nonce_len != e->nonce_len[enc]) {
		params[0] = OSSL_PARAM_construct_size_t(
		    OSSL_CIPHER_PARAM_AEAD_IVLEN, &nonce_len);
		params[1] = OSSL_PARAM_construct_end();
		if (!EVP_CIPHER_CTX_set_params(ctx, params))
			return -1;
		e->nonce_len[enc] = nonce_len;
	}
	if (!EVP_CipherInit_ex2(ctx, NULL, NULL, nonce, enc, NULL))
		return -1;
	if (aad_len && !EVP_CipherUpdate(ctx, NULL, &n, aad, (int)aad_len))
		return -1;
	n = 0;
	if (len && (!EVP_CipherUpdate(ctx, out, &n, in, (int)len) ||
	    (size_t)n != len))
		goto fail;
	if (!enc) {
		memcpy(t, tag, tag_len);
		params[0] = OSSL_PARAM_construct_octet_string(
		    OSSL_CIPHER_PARAM_AEAD_TAG, t, tag_len);
		params[1] = OSSL_PARAM_construct_end();
		if (!EVP_CIPHER_CTX_set_params(ctx, params))
			goto fail;
	}
	/* For decryption this is where the tag is checked. */
	if (!EVP_CipherFinal_ex(ctx, len ? out + n : t, &f) || f)
		goto fail;
	if (enc) {
		params[0] = OSSL_PARAM_construct_octet_string(
		    OSSL_CIPHER_PARAM_AEAD_TAG, t, tag_len);
		params[1] = OSSL_PARAM_construct_end();
		if (!EVP_CIPHER_CTX_get_params(ctx, params))
			goto fail;
		memcpy(tag, t, tag_len);
	}
	return 0;
fail:
	if (len && out != NULL)
		OPENSSL_cleanse(out, len);
	return -1;
}

static int
encr_crypt(struct ike_encr *e, int enc, const uint8_t *iv,
    const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
    uint8_t *out, uint8_t *icv)
{
	uint8_t	nonce[12];

	if (e == NULL || iv == NULL)
		return -1;
	if (!e->alg->aead) {
		if (aad_len || icv != NULL)
			return -1;
		return cbc_crypt(e, enc, iv, in, len, out);
	}
	/* RFC 4106 §4 / RFC 5282 §4: nonce = salt | explicit IV. */
	memcpy(nonce, e->key + e->alg->key_len, 4);
	memcpy(nonce + 4, iv, 8);
	return gcm_crypt(e, enc, nonce, sizeof(nonce), aad, aad_len, in, len,
	    out, icv, e->alg->icv_len);
}

/* Described in header. */
int
ike_encr_encrypt(struct ike_encr *e, const uint8_t *iv, const uint8_t *aad,
    size_t aad_len, const uint8_t *in, size_t len, uint8_t *out, uint8_t *icv)
{
	return encr_crypt(e, 1, iv, aad, aad_len, in, len, out, icv);
}

/* Described in header. */
int
ike_encr_decrypt(struct ike_encr *e, const uint8_t *iv, const uint8_t *aad,
    size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
    const uint8_t *icv)
{
	/* gcm_crypt only reads the tag when decrypting. */
	return encr_crypt(e, 0, iv, aad, aad_len, in, len, out,
	    (uint8_t *)(uintptr_t)icv);
}

/* Described in header. */
int
ike_encr_seal_nonce(struct ike_encr *e, const uint8_t *nonce,
    size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in,
    size_t len, uint8_t *out, uint8_t *tag, size_t tag_len)
{
	if (e == NULL)
		return -1;
	return gcm_crypt(e, 1, nonce, nonce_len, aad, aad_len, in, len, out,
	    tag, tag_len);
}

/* Described in header. */
int
ike_encr_open_nonce(struct ike_encr *e, const uint8_t *nonce,
    size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in,
    size_t len, uint8_t *out, const uint8_t *tag, size_t tag_len)
{
	if (e == NULL)
		return -1;
	return gcm_crypt(e, 0, nonce, nonce_len, aad, aad_len, in, len, out,
	    (uint8_t *)(uintptr_t)tag, tag_len);
}

/*
 * HMAC contexts shared by integrity and PRF objects
 */

/* A fresh HMAC context bound to one digest (the digest is fetched here). */
static EVP_MAC_CTX *
hmac_ctx_new(const char *digest)
{
	EVP_MAC		*mac;
	EVP_MAC_CTX	*ctx;
	OSSL_PARAM	 params[2];

	if ((mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL)
		return NULL;
	ctx = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);		/* the context keeps a reference */
	if (ctx == NULL)
		return NULL;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    (char *)(uintptr_t)digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (!EVP_MAC_CTX_set_params(ctx, params)) {
		EVP_MAC_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/*
 * HMAC over a chunk list.  A NULL key re-uses the key already set in the
 * context (OpenSSL keeps the padded key state), which saves the key setup.
 */
static int
hmac_run(EVP_MAC_CTX *ctx, const uint8_t *key, size_t key_len,
    const struct ike_chunk *v, size_t n, uint8_t *out, size_t out_len)
{
	static const uint8_t	 empty[1];
	size_t			 i, got;

	if (key != NULL || key_len) {
		if (key == NULL)
			return -1;
		if (!EVP_MAC_init(ctx, key_len ? key : empty, key_len, NULL))
			return -1;
	} else if (!EVP_MAC_init(ctx, NULL, 0, NULL))
		return -1;
	for (i = 0; i < n; i++) {
		if (v[i].len == 0)
			continue;
		if (v[i].p == NULL || !EVP_MAC_update(ctx, v[i].p, v[i].len))
			return -1;
	}
	if (!EVP_MAC_final(ctx, out, &got, out_len) || got != out_len)
		return -1;
	return 0;
}

/*
 * Integrity
 */

struct ike_integ {
	const struct ike_integ_alg *alg;
	EVP_MAC_CTX	*ctx;		/* keyed once at creation */
	int		 wiped;		/* no key until re-keyed */
};

/* Described in header. */
struct ike_integ *
ike_integ_new(uint16_t id, const uint8_t *key, size_t key_len)
{
	const struct ike_integ_alg	*alg;
	struct ike_integ		*m;

	alg = ike_integ_alg_get(id);
	if (alg == NULL || key == NULL || key_len != alg->key_len)
		return NULL;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	m->alg = alg;
	if ((m->ctx = hmac_ctx_new(alg->digest)) == NULL ||
	    !EVP_MAC_init(m->ctx, key, key_len, NULL)) {
		ike_integ_free(m);
		return NULL;
	}
	return m;
}

/* Described in header. */
int
ike_integ_rekey(struct ike_integ *m, uint16_t id, const uint8_t *key,
    size_t key_len)
{
	const struct ike_integ_alg	*alg;

	if (m == NULL)
		return -1;
	alg = ike_integ_alg_get(id);
	if (alg == NULL || key == NULL || key_len != alg->key_len)
		goto fail;
	if (alg != m->alg || m->ctx == NULL) {
		EVP_MAC_CTX_free(m->ctx);
		m->alg = alg;
		if ((m->ctx = hmac_ctx_new(alg->digest)) == NULL)
			goto fail;
	}
	if (!EVP_MAC_init(m->ctx, key, key_len, NULL))
		goto fail;
	m->wiped = 0;
	return 0;
fail:
	/* Unusable until keyed again: the old key must not be used. */
	EVP_MAC_CTX_free(m->ctx);
	m->ctx = NULL;
	return -1;
}

/* Described in header. */
void
ike_integ_wipe(struct ike_integ *m)
{
	static const uint8_t	zero[IKE_INTEG_MAX_KEY];

	if (m == NULL || m->ctx == NULL)
		return;
	m->wiped = 1;
	if (!EVP_MAC_init(m->ctx, zero, m->alg->key_len, NULL)) {
		EVP_MAC_CTX_free(m->ctx);
		m->ctx = NULL;
	}
}

/* Described in header. */
void
ike_integ_free(struct ike_integ *m)
{
	if (m == NULL)
		return;
	EVP_MAC_CTX_free(m->ctx);	/* the provider wipes its key copy */
	free(m);
}

/* Described in header. */
const struct ike_integ_alg *
ike_integ_get_alg(const struct ike_integ *m)
{
	return m->alg;
}

/* Described in header. */
int
ike_integ_compute_v(struct ike_integ *m, const struct ike_chunk *v, size_t n,
    uint8_t *icv)
{
	uint8_t	full[IKE_PRF_MAX_OUT];

	if (m == NULL || m->ctx == NULL || m->wiped || icv == NULL ||
	    (n && v == NULL))
		return -1;
	if (hmac_run(m->ctx, NULL, 0, v, n, full, m->alg->mac_len) == -1)
		return -1;
	/* RFC 2404 §2, RFC 4868 §2.3: keep the leftmost bits. */
	memcpy(icv, full, m->alg->icv_len);
	return 0;
}

/* Described in header. */
int
ike_integ_compute(struct ike_integ *m, const uint8_t *data, size_t len,
    uint8_t *icv)
{
	struct ike_chunk	c = { data, len };

	return ike_integ_compute_v(m, &c, 1, icv);
}

/* Described in header. */
int
ike_integ_verify(struct ike_integ *m, const uint8_t *data, size_t len,
    const uint8_t *icv, size_t icv_len)
{
	uint8_t	want[IKE_INTEG_MAX_ICV];

	if (m == NULL || icv == NULL || icv_len != m->alg->icv_len)
		return -1;
	if (ike_integ_compute(m, data, len, want) == -1)
		return -1;
	return CRYPTO_memcmp(want, icv, icv_len) == 0 ? 0 : -1;
}

/*
 * PRF and prf+
 */

struct ike_prf {
	const struct ike_prf_alg *alg;
	EVP_MAC_CTX	*ctx;		/* digest bound once; keyed per call */
	struct ike_prf_alg own;		/* alg of ike_prf_new_hmac objects */
	char		 own_digest[32];
};

/* Described in header. */
struct ike_prf *
ike_prf_new(uint16_t id)
{
	const struct ike_prf_alg	*alg;
	struct ike_prf			*p;

	if ((alg = ike_prf_alg_get(id)) == NULL)
		return NULL;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->alg = alg;
	if ((p->ctx = hmac_ctx_new(alg->digest)) == NULL) {
		ike_prf_free(p);
		return NULL;
	}
	return p;
}

/* Described in header. */
struct ike_prf *
ike_prf_new_hmac(const char *digest)
{
	struct ike_prf	*p;
	EVP_MD		*md;
	int		 size, xof;

	if (digest == NULL || strlen(digest) >= sizeof(p->own_digest) ||
	    (md = EVP_MD_fetch(NULL, digest, NULL)) == NULL)
		return NULL;
	size = EVP_MD_get_size(md);
	xof = (EVP_MD_get_flags(md) & EVP_MD_FLAG_XOF) != 0;
	EVP_MD_free(md);
	if (size <= 0 || size > IKE_PRF_MAX_OUT || xof)
		return NULL;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->own.key_len = p->own.out_len = (size_t)size;
	p->own.name = p->own.iana_name = "HMAC";
	strcpy(p->own_digest, digest);	/* length checked above */
	p->own.digest = p->own_digest;
	p->alg = &p->own;
	if ((p->ctx = hmac_ctx_new(digest)) == NULL) {
		ike_prf_free(p);
		return NULL;
	}
	return p;
}

/* Described in header. */
void
ike_prf_wipe(struct ike_prf *p)
{
	static const uint8_t	zero[1];

	if (p != NULL)
		(void)EVP_MAC_init(p->ctx, zero, 0, NULL);
}

/* Described in header. */
void
ike_prf_free(struct ike_prf *p)
{
	if (p == NULL)
		return;
	EVP_MAC_CTX_free(p->ctx);	/* the provider wipes its key copy */
	free(p);
}

/* Described in header. */
const struct ike_prf_alg *
ike_prf_get_alg(const struct ike_prf *p)
{
	return p->alg;
}

/* Described in header. */
int
ike_prf_compute_v(struct ike_prf *p, const uint8_t *key, size_t key_len,
    const struct ike_chunk *v, size_t n, uint8_t *out)
{
	static const uint8_t	empty[1];

	if (p == NULL || out == NULL || (n && v == NULL) ||
	    (key == NULL && key_len))
		return -1;
	/* hmac_run reads a NULL key as "same key as before": never here. */
	return hmac_run(p->ctx, key ? key : empty, key_len, v, n, out,
	    p->alg->out_len);
}

/* Described in header. */
int
ike_prf_compute(struct ike_prf *p, const uint8_t *key, size_t key_len,
    const uint8_t *data, size_t len, uint8_t *out)
{
	struct ike_chunk	c = { data, len };

	return ike_prf_compute_v(p, key, key_len, &c, 1, out);
}

/* Described in header. */
int
ike_prf_plus_v(struct ike_prf *p, const uint8_t *key, size_t key_len,
    const struct ike_chunk *seed, size_t n, uint8_t *out, size_t out_len)
{
	static const uint8_t	 empty[1];
	struct ike_chunk	*v;
	uint8_t			 t[IKE_PRF_MAX_OUT], ctr;
	size_t			 hlen, done = 0, i, take;
	int			 rc = -1;

	if (p == NULL || (out == NULL && out_len) || (n && seed == NULL) ||
	    (key == NULL && key_len))
		return -1;
	hlen = p->alg->out_len;
	if (out_len > IKE_PRF_PLUS_MAX_ITER * hlen)
		return -1;
	if (out_len == 0)
		return 0;
	/* Chunks: [T(n-1)] seed... counter. */
	if ((v = calloc(n + 2, sizeof(*v))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		v[i + 1] = seed[i];
	v[n + 1].p = &ctr;
	v[n + 1].len = 1;
	for (ctr = 1; done < out_len; ctr++) {
		/* T1 has no previous block; Tn starts with Tn-1. */
		v[0].p = t;
		v[0].len = ctr == 1 ? 0 : hlen;
		if (hmac_run(p->ctx, ctr == 1 ? (key ? key : empty) : NULL,
		    ctr == 1 ? key_len : 0, v, n + 2, t, hlen) == -1)
			goto out;
		take = out_len - done < hlen ? out_len - done : hlen;
		memcpy(out + done, t, take);
		done += take;
		if (ctr == IKE_PRF_PLUS_MAX_ITER)
			break;
	}
	rc = done == out_len ? 0 : -1;
out:
	OPENSSL_cleanse(t, sizeof(t));
	free(v);
	return rc;
}

/* Described in header. */
int
ike_prf_plus(struct ike_prf *p, const uint8_t *key, size_t key_len,
    const uint8_t *seed, size_t seed_len, uint8_t *out, size_t out_len)
{
	struct ike_chunk	c = { seed, seed_len };

	return ike_prf_plus_v(p, key, key_len, &c, 1, out, out_len);
}
