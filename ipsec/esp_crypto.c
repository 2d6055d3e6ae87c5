/*
 * The EVP side of an ESP SA (see esp_crypto.h): the transform tables, the
 * keyed contexts, CBC IV generation, HMAC from precomputed pad states and
 * AES-GCM with the RFC 4106 nonce.  Everything that can fail for a reason
 * other than a bad packet (unknown algorithm, wrong key length, a provider
 * that is missing) fails here, once, at SA creation.
 */
#include "config.h"

#include <limits.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "common/errbuf.h"
#include "ipsec/esp_crypto.h"

/* EVP takes int lengths; ESP packets are far below this. */
#define ESP_CRYPTO_MAX	((size_t)INT_MAX / 2)

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define ESP_ICV_BURST	64	/* jobs per sha256_mb round */

struct encr_alg {
	uint16_t	 id;
	uint16_t	 bits;
	const char	*evp;
};

struct integ_alg {
	uint16_t	 id;
	size_t		 key_len;	/* RFC 2404 section 3, RFC 4868 2.1.1 */
	size_t		 icv_len;	/* RFC 2404 section 2, RFC 4868 2.1 */
	const char	*evp;
};

static const struct encr_alg encr_algs[] = {
	{ ESP_ENCR_AES_CBC, 128, "AES-128-CBC" },
	{ ESP_ENCR_AES_CBC, 192, "AES-192-CBC" },
	{ ESP_ENCR_AES_CBC, 256, "AES-256-CBC" },
	{ ESP_ENCR_AES_GCM_16, 128, "AES-128-GCM" },
	{ ESP_ENCR_AES_GCM_16, 192, "AES-192-GCM" },
	{ ESP_ENCR_AES_GCM_16, 256, "AES-256-GCM" },
};

static const struct integ_alg integ_algs[] = {
	{ ESP_INTEG_SHA1_96, 20, 12, "SHA1" },
	{ ESP_INTEG_SHA256_128, 32, 16, "SHA2-256" },
	{ ESP_INTEG_SHA384_192, 48, 24, "SHA2-384" },
	{ ESP_INTEG_SHA512_256, 64, 32, "SHA2-512" },
};

static const struct encr_alg *
encr_alg_get(uint16_t id, uint16_t bits)
{
	size_t	i;

	for (i = 0; i < NELEM(encr_algs); i++)
		if (encr_algs[i].id == id && encr_algs[i].bits == bits)
			return &encr_algs[i];
	return NULL;
}

static const struct integ_alg *
integ_alg_get(uint16_t id)
{
	size_t	i;

	for (i = 0; i < NELEM(integ_algs); i++)
		if (integ_algs[i].id == id)
			return &integ_algs[i];
	return NULL;
}

/*
 * HMAC (RFC 2104) keeps its key only as two hash states: the hash after
 * (key ^ ipad) and after (key ^ opad), each one block long.  Every packet
 * then starts from copies of them and never sees the key again.
 */
static int
hmac_init(struct esp_crypto *c, const struct integ_alg *ia,
    const uint8_t *key, char *err, size_t errlen)
{
	EVP_MD		*md;
	EVP_MD_CTX	*ctx;
	uint8_t		 pad[128];
	size_t		 i, block;
	int		 rc = -1, k, mb;

	if ((md = EVP_MD_fetch(NULL, ia->evp, NULL)) == NULL) {
		errbuf_set(err, errlen, "%s is not available", ia->evp);
		return -1;
	}
	block = (size_t)EVP_MD_get_block_size(md);
	c->md_len = (size_t)EVP_MD_get_size(md);
	/* The integrity key is never longer than one block here. */
	if (block > sizeof(pad) || ia->key_len > block ||
	    c->md_len > ESP_MD_MAX) {
		errbuf_set(err, errlen, "%s: unexpected block size", ia->evp);
		goto out;
	}
	if ((c->ipad = EVP_MD_CTX_new()) == NULL ||
	    (c->opad = EVP_MD_CTX_new()) == NULL ||
	    (c->work = EVP_MD_CTX_new()) == NULL)
		goto fail;
	/* HMAC-SHA-256 keeps each state as words too, for sha256_mb. */
	mb = ia->id == ESP_INTEG_SHA256_128 && sha256_mb_available();
	for (k = 0; k < 2; k++) {
		memset(pad, k == 0 ? 0x36 : 0x5c, block);
		for (i = 0; i < ia->key_len; i++)
			pad[i] ^= key[i];
		ctx = k == 0 ? c->ipad : c->opad;
		if (EVP_DigestInit_ex(ctx, md, NULL) != 1 ||
		    EVP_DigestUpdate(ctx, pad, block) != 1)
			goto fail;
		if (mb) {
			sha256_mb_init(k == 0 ? c->ih : c->oh);
			sha256_mb_block(k == 0 ? c->ih : c->oh, pad);
		}
	}
	/* A first copy gives the work context its digest. */
	if (EVP_MD_CTX_copy_ex(c->work, c->ipad) != 1)
		goto fail;
	c->mb_sha = mb;
	c->icv_len = ia->icv_len;
	rc = 0;
	goto out;
fail:
	errbuf_set(err, errlen, "%s: HMAC setup failed", ia->evp);
out:
	OPENSSL_cleanse(pad, sizeof(pad));
	EVP_MD_free(md);
	return rc;
}

static int
cipher_init(EVP_CIPHER_CTX **ctx, const char *name, const uint8_t *key,
    int enc, int padding_off, char *err, size_t errlen)
{
	EVP_CIPHER	*ci;
	int		 rc = -1;

	if ((ci = EVP_CIPHER_fetch(NULL, name, NULL)) == NULL) {
		errbuf_set(err, errlen, "%s is not available", name);
		return -1;
	}
	if ((*ctx = EVP_CIPHER_CTX_new()) == NULL ||
	    EVP_CipherInit_ex(*ctx, ci, NULL, key, NULL, enc) != 1 ||
	    (padding_off && EVP_CIPHER_CTX_set_padding(*ctx, 0) != 1))
		errbuf_set(err, errlen, "%s: cipher setup failed", name);
	else
		rc = 0;
	EVP_CIPHER_free(ci);
	return rc;
}

/* Described in header. */
int
esp_crypto_init(struct esp_crypto *c, const struct esp_sa_params *p,
    char *err, size_t errlen)
{
	const struct encr_alg	*ea;
	const struct integ_alg	*ia = NULL;
	size_t			 klen;

	if ((ea = encr_alg_get(p->encr_alg, p->encr_keylen)) == NULL) {
		errbuf_set(err, errlen, "unsupported cipher %u with %u bits",
		    p->encr_alg, p->encr_keylen);
		return -1;
	}
	c->aead = ea->id == ESP_ENCR_AES_GCM_16;
	c->encrypt = p->outbound != 0;
	klen = ea->bits / 8;
	/* RFC 4106 section 8.1: the GCM keying material ends in the salt. */
	if (p->encr_key == NULL ||
	    p->encr_key_len != klen + (c->aead ? ESP_GCM_SALT_LEN : 0)) {
		errbuf_set(err, errlen, "%s: key must be %zu octets", ea->evp,
		    klen + (c->aead ? ESP_GCM_SALT_LEN : 0));
		return -1;
	}
	if (c->aead) {
		/* RFC 4106 section 2: GCM carries its own integrity. */
		if (p->integ_alg != ESP_INTEG_NONE) {
			errbuf_set(err, errlen, "%s takes no integrity "
			    "algorithm", ea->evp);
			return -1;
		}
	} else {
		if ((ia = integ_alg_get(p->integ_alg)) == NULL) {
			errbuf_set(err, errlen, "AES-CBC needs HMAC-SHA1-96 or "
			    "HMAC-SHA2 (integrity %u)", p->integ_alg);
			return -1;
		}
		if (p->integ_key == NULL || p->integ_key_len != ia->key_len) {
			errbuf_set(err, errlen, "%s: integrity key must be %zu "
			    "octets", ia->evp, ia->key_len);
			return -1;
		}
		if (c->encrypt && p->iv_key == NULL) {
			errbuf_set(err, errlen, "outbound AES-CBC needs an IV "
			    "key");
			return -1;
		}
	}
	if (cipher_init(&c->cipher, ea->evp, p->encr_key, c->encrypt,
	    !c->aead, err, errlen) == -1)
		goto fail;
	if (c->aead) {
		memcpy(c->salt, p->encr_key + klen, ESP_GCM_SALT_LEN);
		c->iv_len = ESP_GCM_IV_LEN;
		c->align = 4;
		c->icv_len = ESP_GCM_ICV_LEN;
		return 0;
	}
	c->iv_len = ESP_CBC_IV_LEN;
	c->align = 16;
	if (c->encrypt && aes_mb_set_key(&c->mb_key, p->encr_key, klen) == 0 &&
	    aes_mb_set_key(&c->mb_iv, p->iv_key, ESP_IV_KEY_LEN) == 0)
		c->mb = 1;
	else if (c->encrypt && cipher_init(&c->ivgen, "AES-128-ECB",
	    p->iv_key, 1, 1, err, errlen) == -1)
		goto fail;
	if (hmac_init(c, ia, p->integ_key, err, errlen) == -1)
		goto fail;
	return 0;
fail:
	esp_crypto_clear(c);
	return -1;
}

/* Described in header. */
void
esp_crypto_clear(struct esp_crypto *c)
{
	EVP_CIPHER_CTX_free(c->cipher);
	EVP_CIPHER_CTX_free(c->ivgen);
	EVP_MD_CTX_free(c->ipad);
	EVP_MD_CTX_free(c->opad);
	EVP_MD_CTX_free(c->work);
	c->cipher = c->ivgen = NULL;
	c->ipad = c->opad = c->work = NULL;
	OPENSSL_cleanse(c->salt, sizeof(c->salt));
	aes_mb_clear(&c->mb_key);
	aes_mb_clear(&c->mb_iv);
	c->mb = 0;
	OPENSSL_cleanse(c->ih, sizeof(c->ih));
	OPENSSL_cleanse(c->oh, sizeof(c->oh));
	c->mb_sha = 0;
}

/* Described in header. */
int
esp_crypto_cbc_iv(struct esp_crypto *c, uint64_t ctr,
    uint8_t iv[ESP_CBC_IV_LEN])
{
	uint8_t	blk[ESP_CBC_IV_LEN] = { 0 };
	int	i, outl;

	for (i = 0; i < 8; i++)
		blk[i] = (uint8_t)(ctr >> (56 - 8 * i));
	if (c->mb) {
		aes_mb_encrypt_block(&c->mb_iv, blk, iv);
		return 0;
	}
	if (c->ivgen == NULL)
		return -1;
	if (EVP_EncryptUpdate(c->ivgen, iv, &outl, blk, sizeof(blk)) != 1 ||
	    outl != ESP_CBC_IV_LEN)
		return -1;
	return 0;
}

/* Described in header. */
int
esp_crypto_cbc(struct esp_crypto *c, const uint8_t *iv, uint8_t *buf,
    size_t len)
{
	int	outl;

	if (len % 16 != 0 || len > ESP_CRYPTO_MAX)
		return -1;
	/* Only the IV changes: the key schedule stays in the context. */
	if (EVP_CipherInit_ex(c->cipher, NULL, NULL, NULL, iv, -1) != 1 ||
	    EVP_CipherUpdate(c->cipher, buf, &outl, buf, (int)len) != 1 ||
	    (size_t)outl != len)
		return -1;
	return 0;
}

/* Described in header. */
int
esp_crypto_cbc_burst(struct esp_crypto *c, struct aes_mb_job *jobs,
    size_t n)
{
	size_t	k;
	int	rc = 0;

	/* One packet alone is faster through OpenSSL's own loop (its lanes
	 * would idle); two or more are faster side by side. */
	if (c->mb && n > 1)
		return aes_mb_cbc_encrypt(&c->mb_key, jobs, n);
	for (k = 0; k < n; k++)
		if (esp_crypto_cbc(c, jobs[k].iv, jobs[k].buf,
		    jobs[k].len) == -1)
			rc = -1;
	return rc;
}

/* Described in header. */
int
esp_crypto_icv(struct esp_crypto *c, const uint8_t *data, size_t len,
    const uint8_t *tail, size_t tail_len, uint8_t *icv)
{
	uint8_t	md[ESP_MD_MAX];
	int	rc = -1;

	if (EVP_MD_CTX_copy_ex(c->work, c->ipad) != 1 ||
	    EVP_DigestUpdate(c->work, data, len) != 1 ||
	    (tail_len && EVP_DigestUpdate(c->work, tail, tail_len) != 1) ||
	    EVP_DigestFinal_ex(c->work, md, NULL) != 1 ||
	    EVP_MD_CTX_copy_ex(c->work, c->opad) != 1 ||
	    EVP_DigestUpdate(c->work, md, c->md_len) != 1 ||
	    EVP_DigestFinal_ex(c->work, md, NULL) != 1)
		goto out;
	memcpy(icv, md, c->icv_len);
	rc = 0;
out:
	/* The inner hash is no secret, but the full MAC is more than the
	 * wire shows; do not leave it on the stack. */
	OPENSSL_cleanse(md, sizeof(md));
	return rc;
}

/* Described in header.  HMAC (RFC 2104) as two SHA-256 runs per job,
 * each run for the whole burst at once: the inner hashes from the ipad
 * state, then the outer ones over their digests from the opad state. */
int
esp_crypto_icv_burst(struct esp_crypto *c, struct esp_icv_job *jobs,
    size_t n)
{
	struct sha256_mb_job	 sj[ESP_ICV_BURST];
	uint8_t			 inner[ESP_ICV_BURST][SHA256_MB_DIGEST];
	uint8_t			 md[SHA256_MB_DIGEST];
	size_t			 k, m, done;
	int			 rc = 0;

	if (!c->mb_sha || n < 2) {
		for (k = 0; k < n; k++)
			if (esp_crypto_icv(c, jobs[k].data, jobs[k].len, NULL,
			    0, jobs[k].icv) == -1)
				rc = -1;
		return rc;
	}
	for (done = 0; done < n; done += m) {
		m = n - done < ESP_ICV_BURST ? n - done : ESP_ICV_BURST;
		for (k = 0; k < m; k++) {
			memcpy(sj[k].h, c->ih, sizeof(c->ih));
			sj[k].data = jobs[done + k].data;
			sj[k].len = jobs[done + k].len;
			sj[k].before = SHA256_MB_BLOCK;
		}
		sha256_mb_final(sj, m);
		for (k = 0; k < m; k++) {
			sha256_mb_digest(sj[k].h, inner[k]);
			memcpy(sj[k].h, c->oh, sizeof(c->oh));
			sj[k].data = inner[k];
			sj[k].len = SHA256_MB_DIGEST;
		}
		sha256_mb_final(sj, m);
		for (k = 0; k < m; k++) {
			sha256_mb_digest(sj[k].h, md);
			memcpy(jobs[done + k].icv, md, c->icv_len);
		}
	}
	OPENSSL_cleanse(inner, sizeof(inner));
	OPENSSL_cleanse(md, sizeof(md));
	OPENSSL_cleanse(sj, sizeof(sj));
	return rc;
}

/* Described in header. */
int
esp_crypto_gcm(struct esp_crypto *c, const uint8_t iv[ESP_GCM_IV_LEN],
    const uint8_t *aad, size_t aad_len, uint8_t *buf, size_t len,
    uint8_t tag[ESP_GCM_ICV_LEN])
{
	uint8_t	nonce[ESP_GCM_SALT_LEN + ESP_GCM_IV_LEN];
	int	outl;

	if (len > ESP_CRYPTO_MAX)
		return -1;
	memcpy(nonce, c->salt, ESP_GCM_SALT_LEN);
	memcpy(nonce + ESP_GCM_SALT_LEN, iv, ESP_GCM_IV_LEN);
	if (EVP_CipherInit_ex(c->cipher, NULL, NULL, NULL, nonce, -1) != 1 ||
	    EVP_CipherUpdate(c->cipher, NULL, &outl, aad, (int)aad_len) != 1 ||
	    EVP_CipherUpdate(c->cipher, buf, &outl, buf, (int)len) != 1)
		return -1;
	if (c->encrypt)
		return EVP_CipherFinal_ex(c->cipher, buf + len, &outl) == 1 &&
		    EVP_CIPHER_CTX_ctrl(c->cipher, EVP_CTRL_AEAD_GET_TAG,
		    ESP_GCM_ICV_LEN, tag) == 1 ? 0 : -1;
	if (EVP_CIPHER_CTX_ctrl(c->cipher, EVP_CTRL_AEAD_SET_TAG,
	    ESP_GCM_ICV_LEN, tag) != 1)
		return -1;
	/* The tag is compared inside OpenSSL in constant time. */
	return EVP_CipherFinal_ex(c->cipher, buf + len, &outl) == 1 ? 0 : -1;
}
