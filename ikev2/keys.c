/*
 * IKEv2 key derivation and the PSK AUTH value (see keys.h): SKEYSEED, the
 * IKE SA and Child SA key streams and how they are cut, the rekey SKEYSEED
 * and the signed octets of RFC 7296 §2.15.  Pure functions: the only state
 * is the caller's PRF object.  Intermediate secrets on the stack are wiped
 * before returning.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "common/buf.h"
#include "ikev2/keys.h"

/* RFC 7296 §2.15: the pad is these 17 ASCII octets, no terminator. */
static const char	key_pad[] = "Key Pad for IKEv2";
#define KEY_PAD_LEN	(sizeof(key_pad) - 1)

/* §2.14: fixed-key PRFs key SKEYSEED with 64 bits of each nonce. */
#define FIXED_KEY_NONCE_LEN	8

/* The longest stream we cut: every key of the largest IKE transform set. */
#define SA_STREAM_MAX \
	(3 * IKE_PRF_MAX_KEY + 2 * IKE_INTEG_MAX_KEY + 2 * IKE_ENCR_MAX_KEYMAT)
#define CHILD_STREAM_MAX (2 * IKE_INTEG_MAX_KEY + 2 * IKE_ENCR_MAX_KEYMAT)

/* Described in header. */
int
ike_keylens_get(struct ike_keylens *l, uint16_t prf_id, uint16_t encr_id,
    uint16_t key_bits, uint16_t integ_id)
{
	const struct ike_encr_alg	*e;
	const struct ike_integ_alg	*i = NULL;
	const struct ike_prf_alg	*p = NULL;

	if (l == NULL || (e = ike_encr_alg_get(encr_id, key_bits)) == NULL)
		return -1;
	if (prf_id != 0 && (p = ike_prf_alg_get(prf_id)) == NULL)
		return -1;
	/* AEAD brings its own integrity; anything else needs a MAC. */
	if (e->aead ? integ_id != IKE_INTEG_NONE :
	    (i = ike_integ_alg_get(integ_id)) == NULL)
		return -1;
	l->prf_key = p ? p->key_len : 0;
	l->integ_key = i ? i->key_len : 0;
	l->encr_key = e->keymat_len;
	return 0;
}

/* Described in header. */
long
ike_skeyseed_key(int fixed_key, const uint8_t *ni, size_t ni_len,
    const uint8_t *nr, size_t nr_len, uint8_t *key, size_t key_size)
{
	if ((ni_len && ni == NULL) || (nr_len && nr == NULL) || key == NULL)
		return -1;
	if (fixed_key) {
		/* Nonces are at least 16 octets (§2.10), so 8 are there. */
		if (ni_len < FIXED_KEY_NONCE_LEN ||
		    nr_len < FIXED_KEY_NONCE_LEN)
			return -1;
		ni_len = nr_len = FIXED_KEY_NONCE_LEN;
	}
	if (ni_len + nr_len > key_size || ni_len + nr_len < ni_len)
		return -1;
	if (ni_len)
		memcpy(key, ni, ni_len);
	if (nr_len)
		memcpy(key + ni_len, nr, nr_len);
	return (long)(ni_len + nr_len);
}

/* Described in header. */
int
ike_skeyseed(struct ike_prf *prf, const uint8_t *ni, size_t ni_len,
    const uint8_t *nr, size_t nr_len, const uint8_t *gir, size_t gir_len,
    uint8_t *skeyseed)
{
	uint8_t	*key;
	size_t	 cap;
	long	 klen;
	int	 rc = -1;

	if (prf == NULL || gir == NULL || gir_len == 0 ||
	    ni_len > SIZE_MAX / 2 || nr_len > SIZE_MAX / 2)
		return -1;
	/* Nonces may be up to 256 octets each (§3.9), so size the key. */
	cap = ni_len + nr_len + 1;
	if ((key = malloc(cap)) == NULL)
		return -1;
	klen = ike_skeyseed_key(ike_prf_get_alg(prf)->fixed_key, ni, ni_len,
	    nr, nr_len, key, cap);
	if (klen >= 0)
		rc = ike_prf_compute(prf, key, (size_t)klen, gir, gir_len,
		    skeyseed);
	mem_free_secret(key, cap);
	return rc;
}

/* Described in header. */
int
ike_skeyseed_rekey(struct ike_prf *old_prf, const uint8_t *sk_d_old,
    size_t sk_d_len, const uint8_t *gir_new, size_t gir_len,
    const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len,
    uint8_t *skeyseed)
{
	struct ike_chunk	v[3] = {
		{ gir_new, gir_len }, { ni, ni_len }, { nr, nr_len },
	};

	if (sk_d_old == NULL || gir_new == NULL || gir_len == 0)
		return -1;
	return ike_prf_compute_v(old_prf, sk_d_old, sk_d_len, v, 3, skeyseed);
}

/* Described in header. */
int
ike_sa_keys_stream(struct ike_prf *prf, const uint8_t *skeyseed,
    size_t skeyseed_len, const uint8_t *ni, size_t ni_len, const uint8_t *nr,
    size_t nr_len, const uint8_t *spii, const uint8_t *spir, uint8_t *out,
    size_t out_len)
{
	struct ike_chunk	v[4] = {
		{ ni, ni_len }, { nr, nr_len },
		{ spii, IKE_SPI_LEN }, { spir, IKE_SPI_LEN },
	};

	if (skeyseed == NULL || spii == NULL || spir == NULL)
		return -1;
	return ike_prf_plus_v(prf, skeyseed, skeyseed_len, v, 4, out, out_len);
}

/* Copies the next n octets of a key stream into dst. */
static void
take(const uint8_t **p, uint8_t *dst, size_t n)
{
	if (n)
		memcpy(dst, *p, n);
	*p += n;
}

/* Checks lengths against the fixed arrays of the key structs. */
static int
lens_fit(const struct ike_keylens *l)
{
	return l->prf_key <= IKE_PRF_MAX_KEY &&
	    l->integ_key <= IKE_INTEG_MAX_KEY &&
	    l->encr_key <= IKE_ENCR_MAX_KEYMAT;
}

/* Described in header. */
struct ike_sa_keys *
ike_sa_keys_new(struct ike_prf *prf, const struct ike_keylens *lens,
    const uint8_t *skeyseed, size_t skeyseed_len, const uint8_t *ni,
    size_t ni_len, const uint8_t *nr, size_t nr_len, const uint8_t *spii,
    const uint8_t *spir)
{
	struct ike_sa_keys	*k;
	uint8_t			 s[SA_STREAM_MAX];
	const uint8_t		*p = s;
	size_t			 total;

	if (prf == NULL || lens == NULL || !lens_fit(lens) ||
	    lens->prf_key == 0 || lens->encr_key == 0)
		return NULL;
	total = 3 * lens->prf_key + 2 * lens->integ_key + 2 * lens->encr_key;
	if (ike_sa_keys_stream(prf, skeyseed, skeyseed_len, ni, ni_len, nr,
	    nr_len, spii, spir, s, total) == -1)
		return NULL;
	if ((k = calloc(1, sizeof(*k))) == NULL)
		goto out;
	k->d_len = k->p_len = lens->prf_key;
	k->a_len = lens->integ_key;
	k->e_len = lens->encr_key;
	/* §2.14: {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr}. */
	take(&p, k->sk_d, k->d_len);
	take(&p, k->sk_ai, k->a_len);
	take(&p, k->sk_ar, k->a_len);
	take(&p, k->sk_ei, k->e_len);
	take(&p, k->sk_er, k->e_len);
	take(&p, k->sk_pi, k->p_len);
	take(&p, k->sk_pr, k->p_len);
out:
	OPENSSL_cleanse(s, sizeof(s));
	return k;
}

/* Described in header. */
void
ike_sa_keys_free(struct ike_sa_keys *k)
{
	if (k == NULL)
		return;
	OPENSSL_cleanse(k, sizeof(*k));
	free(k);
}

/* Described in header. */
int
ike_child_keys_stream(struct ike_prf *prf, const uint8_t *sk_d,
    size_t sk_d_len, const uint8_t *gir, size_t gir_len, const uint8_t *ni,
    size_t ni_len, const uint8_t *nr, size_t nr_len, uint8_t *out,
    size_t out_len)
{
	struct ike_chunk	v[3] = {
		{ gir, gir_len }, { ni, ni_len }, { nr, nr_len },
	};

	if (sk_d == NULL || (gir == NULL && gir_len))
		return -1;
	return ike_prf_plus_v(prf, sk_d, sk_d_len, v, 3, out, out_len);
}

/* Described in header. */
struct ike_child_keys *
ike_child_keys_new(struct ike_prf *prf, const struct ike_keylens *lens,
    const uint8_t *sk_d, size_t sk_d_len, const uint8_t *gir, size_t gir_len,
    const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len)
{
	struct ike_child_keys	*k;
	uint8_t			 s[CHILD_STREAM_MAX];
	const uint8_t		*p = s;
	size_t			 total;

	if (prf == NULL || lens == NULL || !lens_fit(lens) ||
	    lens->encr_key == 0)
		return NULL;
	total = 2 * lens->encr_key + 2 * lens->integ_key;
	if (ike_child_keys_stream(prf, sk_d, sk_d_len, gir, gir_len, ni,
	    ni_len, nr, nr_len, s, total) == -1)
		return NULL;
	if ((k = calloc(1, sizeof(*k))) == NULL)
		goto out;
	k->e_len = lens->encr_key;
	k->a_len = lens->integ_key;
	/* §2.17: I->R encryption, I->R integrity, then R->I. */
	take(&p, k->encr_i, k->e_len);
	take(&p, k->integ_i, k->a_len);
	take(&p, k->encr_r, k->e_len);
	take(&p, k->integ_r, k->a_len);
out:
	OPENSSL_cleanse(s, sizeof(s));
	return k;
}

/* Described in header. */
void
ike_child_keys_free(struct ike_child_keys *k)
{
	if (k == NULL)
		return;
	OPENSSL_cleanse(k, sizeof(*k));
	free(k);
}

/* Described in header. */
int
ike_signed_octets(struct ike_prf *prf, const uint8_t *msg, size_t msg_len,
    const uint8_t *nonce, size_t nonce_len, const uint8_t *sk_p,
    size_t sk_p_len, const uint8_t *id_body, size_t id_len, struct buf *out)
{
	uint8_t	mac[IKE_PRF_MAX_OUT];
	size_t	old;
	int	rc = -1;

	if (prf == NULL || out == NULL || msg == NULL || msg_len == 0 ||
	    nonce == NULL || nonce_len == 0 || sk_p == NULL ||
	    id_body == NULL || id_len < 4)
		return -1;
	old = out->len;
	if (ike_prf_compute(prf, sk_p, sk_p_len, id_body, id_len, mac) == -1)
		goto out;
	if (buf_add(out, msg, msg_len) == -1 ||
	    buf_add(out, nonce, nonce_len) == -1 ||
	    buf_add(out, mac, ike_prf_get_alg(prf)->out_len) == -1) {
		out->len = old;		/* leave the buffer as it was */
		goto out;
	}
	rc = 0;
out:
	OPENSSL_cleanse(mac, sizeof(mac));
	return rc;
}

/* Described in header. */
int
ike_psk_auth(struct ike_prf *prf, const uint8_t *psk, size_t psk_len,
    const uint8_t *octets, size_t octets_len, uint8_t *auth)
{
	uint8_t	k[IKE_PRF_MAX_OUT];
	int	rc;

	if (prf == NULL || psk == NULL || psk_len == 0 || octets == NULL ||
	    auth == NULL)
		return -1;
	rc = ike_prf_compute(prf, psk, psk_len, (const uint8_t *)key_pad,
	    KEY_PAD_LEN, k);
	if (rc == 0)
		rc = ike_prf_compute(prf, k, ike_prf_get_alg(prf)->out_len,
		    octets, octets_len, auth);
	OPENSSL_cleanse(k, sizeof(k));
	return rc;
}

/* Described in header. */
int
ike_psk_auth_verify(struct ike_prf *prf, const uint8_t *psk, size_t psk_len,
    const uint8_t *octets, size_t octets_len, const uint8_t *auth,
    size_t auth_len)
{
	uint8_t	want[IKE_PRF_MAX_OUT];
	int	rc = -1;

	if (prf == NULL || auth == NULL ||
	    auth_len != ike_prf_get_alg(prf)->out_len)
		return -1;
	if (ike_psk_auth(prf, psk, psk_len, octets, octets_len, want) == 0 &&
	    CRYPTO_memcmp(want, auth, auth_len) == 0)
		rc = 0;
	OPENSSL_cleanse(want, sizeof(want));
	return rc;
}
