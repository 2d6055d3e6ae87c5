/*
 * Unit tests for ikev2/crypto.c: transform descriptors and names, cipher
 * round trips and context reuse, GCM tag failures, truncated ICVs and
 * their verification, the PRF and prf+ (block structure and the 255
 * iteration limit).  Known answers live in tests/kat; these tests pin the
 * behaviour around them.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ikev2/crypto.h"

/* Deterministic filler so failures reproduce. */
static void
fill(uint8_t *p, size_t n, uint8_t seed)
{
	size_t	i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7 + (i >> 3));
}

static const struct {
	uint16_t	id, bits;
} ciphers[] = {
	{ IKE_ENCR_AES_CBC, 128 }, { IKE_ENCR_AES_CBC, 192 },
	{ IKE_ENCR_AES_CBC, 256 }, { IKE_ENCR_AES_GCM_16, 128 },
	{ IKE_ENCR_AES_GCM_16, 192 }, { IKE_ENCR_AES_GCM_16, 256 },
};

static const uint16_t integs[] = {
	IKE_INTEG_HMAC_SHA1_96, IKE_INTEG_HMAC_SHA2_256_128,
	IKE_INTEG_HMAC_SHA2_384_192, IKE_INTEG_HMAC_SHA2_512_256,
};

static const uint16_t prfs[] = {
	IKE_PRF_HMAC_SHA1, IKE_PRF_HMAC_SHA2_256, IKE_PRF_HMAC_SHA2_384,
	IKE_PRF_HMAC_SHA2_512,
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

START_TEST(test_encr_lengths_follow_the_rfcs)
{
	/* RFC 3602: key = bits/8, 16-octet IV and block, no ICV. */
	ck_assert_uint_eq(ike_encr_key_len(IKE_ENCR_AES_CBC, 192), 24);
	ck_assert_uint_eq(ike_encr_keymat_len(IKE_ENCR_AES_CBC, 256), 32);
	ck_assert_uint_eq(ike_encr_iv_len(IKE_ENCR_AES_CBC, 128), 16);
	ck_assert_uint_eq(ike_encr_block_size(IKE_ENCR_AES_CBC, 128), 16);
	ck_assert_uint_eq(ike_encr_icv_len(IKE_ENCR_AES_CBC, 128), 0);
	/* RFC 5282: keymat carries a 4-octet salt, 8-octet IV, 16 ICV. */
	ck_assert_uint_eq(ike_encr_key_len(IKE_ENCR_AES_GCM_16, 128), 16);
	ck_assert_uint_eq(ike_encr_keymat_len(IKE_ENCR_AES_GCM_16, 128), 20);
	ck_assert_uint_eq(ike_encr_keymat_len(IKE_ENCR_AES_GCM_16, 256), 36);
	ck_assert_uint_eq(ike_encr_iv_len(IKE_ENCR_AES_GCM_16, 256), 8);
	ck_assert_uint_eq(ike_encr_icv_len(IKE_ENCR_AES_GCM_16, 256), 16);
	ck_assert_int_eq(ike_encr_alg_get(IKE_ENCR_AES_GCM_16, 256)->aead, 1);
	/* Unsupported IDs and key lengths. */
	ck_assert_ptr_null(ike_encr_alg_get(IKE_ENCR_AES_CBC, 0));
	ck_assert_ptr_null(ike_encr_alg_get(IKE_ENCR_AES_CBC, 512));
	ck_assert_ptr_null(ike_encr_alg_get(3, 128));	/* 3DES */
	ck_assert_uint_eq(ike_encr_keymat_len(IKE_ENCR_AES_GCM_16, 64), 0);
	ck_assert_uint_eq(ike_integ_key_len(IKE_INTEG_HMAC_SHA1_96), 20);
	ck_assert_uint_eq(ike_integ_icv_len(IKE_INTEG_HMAC_SHA1_96), 12);
	ck_assert_uint_eq(ike_integ_key_len(IKE_INTEG_HMAC_SHA2_384_192), 48);
	ck_assert_uint_eq(ike_integ_icv_len(IKE_INTEG_HMAC_SHA2_512_256), 32);
	ck_assert_uint_eq(ike_integ_icv_len(IKE_INTEG_NONE), 0);
	ck_assert_ptr_null(ike_integ_alg_get(1));	/* HMAC_MD5_96 */
	ck_assert_uint_eq(ike_prf_out_len(IKE_PRF_HMAC_SHA2_384), 48);
	ck_assert_uint_eq(ike_prf_key_len(IKE_PRF_HMAC_SHA1), 20);
	ck_assert_uint_eq(ike_prf_out_len(4), 0);	/* AES128_XCBC */
}
END_TEST

START_TEST(test_names_for_logs_and_show)
{
	ck_assert_str_eq(ike_encr_name(IKE_ENCR_AES_CBC), "AES-CBC");
	ck_assert_str_eq(ike_encr_name(IKE_ENCR_AES_GCM_16), "AES-GCM");
	ck_assert_str_eq(ike_encr_iana_name(IKE_ENCR_AES_GCM_16),
	    "ENCR_AES_GCM_16");
	ck_assert_str_eq(ike_encr_alg_get(IKE_ENCR_AES_CBC, 192)->esp_name,
	    "ESP_192_AES");
	ck_assert_str_eq(ike_encr_name(99), "unknown");
	ck_assert_str_eq(ike_integ_name(IKE_INTEG_HMAC_SHA2_256_128),
	    "SHA256");
	ck_assert_str_eq(ike_integ_esp_name(IKE_INTEG_HMAC_SHA2_256_128),
	    "HMAC_SHA_256");
	ck_assert_str_eq(ike_integ_esp_name(IKE_INTEG_HMAC_SHA1_96),
	    "HMAC_SHA1");
	ck_assert_str_eq(ike_integ_name(IKE_INTEG_NONE), "None");
	ck_assert_str_eq(ike_integ_iana_name(IKE_INTEG_HMAC_SHA2_512_256),
	    "AUTH_HMAC_SHA2_512_256");
	ck_assert_str_eq(ike_prf_name(IKE_PRF_HMAC_SHA2_256), "SHA256");
	ck_assert_str_eq(ike_prf_iana_name(IKE_PRF_HMAC_SHA1),
	    "PRF_HMAC_SHA1");
	ck_assert_str_eq(ike_prf_name(1), "unknown");
}
END_TEST

START_TEST(test_names_parse_back)
{
	ck_assert_uint_eq(ike_prf_by_name("PRF_HMAC_SHA2_384"),
	    IKE_PRF_HMAC_SHA2_384);
	ck_assert_uint_eq(ike_prf_by_name("SHA-256"), IKE_PRF_HMAC_SHA2_256);
	ck_assert_uint_eq(ike_prf_by_name("sha512"), IKE_PRF_HMAC_SHA2_512);
	ck_assert_uint_eq(ike_prf_by_name("SHA-1"), IKE_PRF_HMAC_SHA1);
	ck_assert_uint_eq(ike_prf_by_name("sha2-256"), IKE_PRF_HMAC_SHA2_256);
	ck_assert_uint_eq(ike_prf_by_name("MD5"), 0);
	ck_assert_uint_eq(ike_prf_by_name(""), 0);
	ck_assert_uint_eq(ike_prf_by_name(NULL), 0);
	ck_assert_uint_eq(ike_integ_by_name("AUTH_HMAC_SHA1_96"),
	    IKE_INTEG_HMAC_SHA1_96);
	ck_assert_uint_eq(ike_integ_by_name("auth_hmac_sha2_256_128"),
	    IKE_INTEG_HMAC_SHA2_256_128);
	ck_assert_uint_eq(ike_integ_by_name("AUTH_HMAC_SHA2_256"), 0);
}
END_TEST

START_TEST(test_cipher_round_trips_every_transform)
{
	uint8_t		 km[IKE_ENCR_MAX_KEYMAT], iv[16], aad[12], icv[16];
	uint8_t		 pt[256], ct[256], back[256];
	struct ike_encr	*e;
	size_t		 i, len;
	int		 aead;

	for (i = 0; i < NELEM(ciphers); i++) {
		const struct ike_encr_alg *a = ike_encr_alg_get(ciphers[i].id,
		    ciphers[i].bits);

		ck_assert_ptr_nonnull(a);
		aead = a->aead;
		fill(km, a->keymat_len, (uint8_t)i);
		fill(iv, sizeof(iv), 0x40);
		fill(aad, sizeof(aad), 0x80);
		e = ike_encr_new(a->id, a->key_bits, km, a->keymat_len);
		ck_assert_ptr_nonnull(e);
		ck_assert_ptr_eq(ike_encr_get_alg(e), a);
		/* Several lengths through the same (reused) contexts. */
		for (len = 0; len <= sizeof(pt); len += 48) {
			fill(pt, len, (uint8_t)len);
			ck_assert_int_eq(ike_encr_encrypt(e, iv,
			    aead ? aad : NULL, aead ? sizeof(aad) : 0, pt, len,
			    ct, aead ? icv : NULL), 0);
			if (len >= 16)
				ck_assert_mem_ne(ct, pt, 16);
			ck_assert_int_eq(ike_encr_decrypt(e, iv,
			    aead ? aad : NULL, aead ? sizeof(aad) : 0, ct, len,
			    back, aead ? icv : NULL), 0);
			if (len)
				ck_assert_mem_eq(back, pt, len);
		}
		/* In place gives the same ciphertext as out of place. */
		fill(pt, 64, 9);
		ck_assert_int_eq(ike_encr_encrypt(e, iv, NULL, 0, pt, 64, ct,
		    aead ? icv : NULL), 0);
		memcpy(back, pt, 64);
		ck_assert_int_eq(ike_encr_encrypt(e, iv, NULL, 0, back, 64,
		    back, aead ? icv : NULL), 0);
		ck_assert_mem_eq(back, ct, 64);
		/* A different IV gives a different ciphertext. */
		iv[0] ^= 1;
		ck_assert_int_eq(ike_encr_encrypt(e, iv, NULL, 0, pt, 64, back,
		    aead ? icv : NULL), 0);
		ck_assert_mem_ne(back, ct, 64);
		ike_encr_free(e);
	}
	ike_encr_free(NULL);
}
END_TEST

/*
 * One object re-keyed in turn to every transform and key, after both of
 * its contexts were used, gives exactly what a fresh object with that key
 * gives; a failed re-key leaves it refusing to work rather than using the
 * old key.
 */
START_TEST(test_cipher_rekey_matches_a_fresh_object)
{
	uint8_t		 km[IKE_ENCR_MAX_KEYMAT], iv[16], aad[12];
	uint8_t		 icv1[16], icv2[16], pt[96], ct1[96], ct2[96];
	uint8_t		 back[96];
	struct ike_encr	*shared, *fresh;
	size_t		 i, round;
	int		 aead;

	fill(km, sizeof(km), 0x33);
	ck_assert_ptr_nonnull(shared = ike_encr_new(IKE_ENCR_AES_CBC, 128, km,
	    16));
	fill(iv, sizeof(iv), 0x40);
	fill(aad, sizeof(aad), 0x80);
	fill(pt, sizeof(pt), 0x11);
	/* Rounds: every transform in turn, then each one twice running
	 * (the second time its used contexts only take the new key). */
	for (round = 0; round < 4; round++)
		for (i = 0; i < NELEM(ciphers) * (round < 2 ? 1 : 2); i++) {
			const struct ike_encr_alg *a = ike_encr_alg_get(
			    ciphers[round < 2 ? i : i / 2].id,
			    ciphers[round < 2 ? i : i / 2].bits);

			aead = a->aead;
			fill(km, a->keymat_len, (uint8_t)(i + 16 * round));
			ck_assert_int_eq(ike_encr_rekey(shared, a->id,
			    a->key_bits, km, a->keymat_len), 0);
			ck_assert_ptr_eq(ike_encr_get_alg(shared), a);
			fresh = ike_encr_new(a->id, a->key_bits, km,
			    a->keymat_len);
			ck_assert_ptr_nonnull(fresh);
			ck_assert_int_eq(ike_encr_encrypt(shared, iv,
			    aead ? aad : NULL, aead ? sizeof(aad) : 0, pt,
			    sizeof(pt), ct1, aead ? icv1 : NULL), 0);
			ck_assert_int_eq(ike_encr_encrypt(fresh, iv,
			    aead ? aad : NULL, aead ? sizeof(aad) : 0, pt,
			    sizeof(pt), ct2, aead ? icv2 : NULL), 0);
			ck_assert_mem_eq(ct1, ct2, sizeof(ct1));
			if (aead)
				ck_assert_mem_eq(icv1, icv2, 16);
			ck_assert_int_eq(ike_encr_decrypt(shared, iv,
			    aead ? aad : NULL, aead ? sizeof(aad) : 0, ct2,
			    sizeof(ct2), back, aead ? icv2 : NULL), 0);
			ck_assert_mem_eq(back, pt, sizeof(pt));
			ike_encr_free(fresh);
		}
	/* A wrong length: no key left, every operation fails. */
	ck_assert_int_eq(ike_encr_rekey(shared, IKE_ENCR_AES_CBC, 128, km, 15),
	    -1);
	ck_assert_int_eq(ike_encr_encrypt(shared, iv, NULL, 0, pt, 16, ct1,
	    NULL), -1);
	ck_assert_int_eq(ike_encr_decrypt(shared, iv, NULL, 0, pt, 16, ct1,
	    NULL), -1);
	/* ... until it is keyed again. */
	ck_assert_int_eq(ike_encr_rekey(shared, IKE_ENCR_AES_CBC, 128, km, 16),
	    0);
	ck_assert_int_eq(ike_encr_encrypt(shared, iv, NULL, 0, pt, 16, ct1,
	    NULL), 0);
	ck_assert_int_eq(ike_encr_rekey(NULL, IKE_ENCR_AES_CBC, 128, km, 16),
	    -1);
	/* Wiped: it works again only once keyed again, with that key. */
	ike_encr_wipe(shared);
	ck_assert_int_eq(ike_encr_encrypt(shared, iv, NULL, 0, pt, 16, ct1,
	    NULL), -1);
	ck_assert_int_eq(ike_encr_rekey(shared, IKE_ENCR_AES_CBC, 128, km, 16),
	    0);
	ck_assert_int_eq(ike_encr_encrypt(shared, iv, NULL, 0, pt, 16, ct2,
	    NULL), 0);
	ck_assert_mem_eq(ct1, ct2, 16);
	ike_encr_wipe(NULL);
	ike_encr_free(shared);
}
END_TEST

/* The same for HMAC: a re-keyed object computes the fresh object's ICV. */
START_TEST(test_integ_rekey_matches_a_fresh_object)
{
	uint8_t			 key[IKE_INTEG_MAX_KEY], data[100];
	uint8_t			 icv1[IKE_INTEG_MAX_ICV];
	uint8_t			 icv2[IKE_INTEG_MAX_ICV];
	struct ike_integ	*shared, *fresh;
	size_t			 i, round, klen;

	fill(key, sizeof(key), 1);
	fill(data, sizeof(data), 2);
	ck_assert_ptr_nonnull(shared = ike_integ_new(IKE_INTEG_HMAC_SHA1_96,
	    key, 20));
	ck_assert_int_eq(ike_integ_compute(shared, data, sizeof(data), icv1),
	    0);
	for (round = 0; round < 2; round++)
		for (i = 0; i < NELEM(integs); i++) {
			klen = ike_integ_key_len(integs[i]);
			fill(key, klen, (uint8_t)(i + 16 * round));
			ck_assert_int_eq(ike_integ_rekey(shared, integs[i], key,
			    klen), 0);
			ck_assert_ptr_nonnull(fresh = ike_integ_new(integs[i],
			    key, klen));
			ck_assert_int_eq(ike_integ_compute(shared, data,
			    sizeof(data), icv1), 0);
			ck_assert_int_eq(ike_integ_compute(fresh, data,
			    sizeof(data), icv2), 0);
			ck_assert_mem_eq(icv1, icv2,
			    ike_integ_icv_len(integs[i]));
			ck_assert_int_eq(ike_integ_verify(shared, data,
			    sizeof(data), icv2, ike_integ_icv_len(integs[i])),
			    0);
			ike_integ_free(fresh);
		}
	ck_assert_int_eq(ike_integ_rekey(shared, IKE_INTEG_HMAC_SHA2_256_128,
	    key, 31), -1);
	ck_assert_int_eq(ike_integ_compute(shared, data, sizeof(data), icv1),
	    -1);
	ck_assert_int_eq(ike_integ_rekey(shared, IKE_INTEG_HMAC_SHA2_256_128,
	    key, 32), 0);
	ck_assert_int_eq(ike_integ_compute(shared, data, sizeof(data), icv1),
	    0);
	ike_integ_wipe(shared);
	ck_assert_int_eq(ike_integ_compute(shared, data, sizeof(data), icv2),
	    -1);
	ck_assert_int_eq(ike_integ_rekey(shared, IKE_INTEG_HMAC_SHA2_256_128,
	    key, 32), 0);
	ck_assert_int_eq(ike_integ_compute(shared, data, sizeof(data), icv2),
	    0);
	ck_assert_mem_eq(icv1, icv2, 16);
	ike_integ_free(shared);
}
END_TEST

START_TEST(test_cipher_refuses_bad_arguments)
{
	uint8_t		 km[36] = { 0 }, iv[16] = { 0 }, buf[32] = { 0 };
	uint8_t		 icv[16] = { 0 };
	struct ike_encr	*cbc, *gcm;

	/* keymat must be exactly key (+ salt). */
	ck_assert_ptr_null(ike_encr_new(IKE_ENCR_AES_CBC, 128, km, 15));
	ck_assert_ptr_null(ike_encr_new(IKE_ENCR_AES_GCM_16, 128, km, 16));
	ck_assert_ptr_null(ike_encr_new(IKE_ENCR_AES_CBC, 100, km, 13));
	ck_assert_ptr_null(ike_encr_new(IKE_ENCR_AES_CBC, 128, NULL, 16));
	cbc = ike_encr_new(IKE_ENCR_AES_CBC, 128, km, 16);
	gcm = ike_encr_new(IKE_ENCR_AES_GCM_16, 128, km, 20);
	ck_assert_ptr_nonnull(cbc);
	ck_assert_ptr_nonnull(gcm);
	/* CBC: whole blocks only, no AAD, no ICV. */
	ck_assert_int_eq(ike_encr_encrypt(cbc, iv, NULL, 0, buf, 15, buf,
	    NULL), -1);
	ck_assert_int_eq(ike_encr_decrypt(cbc, iv, NULL, 0, buf, 17, buf,
	    NULL), -1);
	ck_assert_int_eq(ike_encr_encrypt(cbc, iv, buf, 4, buf, 16, buf,
	    NULL), -1);
	ck_assert_int_eq(ike_encr_encrypt(cbc, iv, NULL, 0, buf, 16, buf,
	    icv), -1);
	ck_assert_int_eq(ike_encr_encrypt(cbc, NULL, NULL, 0, buf, 16, buf,
	    NULL), -1);
	ck_assert_int_eq(ike_encr_seal_nonce(cbc, iv, 12, NULL, 0, buf, 16,
	    buf, icv, 16), -1);
	/* GCM: an ICV buffer is required, any length is fine. */
	ck_assert_int_eq(ike_encr_encrypt(gcm, iv, NULL, 0, buf, 15, buf,
	    NULL), -1);
	ck_assert_int_eq(ike_encr_encrypt(gcm, iv, NULL, 0, buf, 15, buf,
	    icv), 0);
	ck_assert_int_eq(ike_encr_seal_nonce(gcm, iv, 0, NULL, 0, buf, 15,
	    buf, icv, 16), -1);
	ck_assert_int_eq(ike_encr_seal_nonce(gcm, iv, 12, NULL, 0, buf, 15,
	    buf, icv, 3), -1);
	ike_encr_free(cbc);
	ike_encr_free(gcm);
}
END_TEST

START_TEST(test_gcm_tag_failure_returns_no_plaintext)
{
	uint8_t		 km[36], iv[8], aad[16], pt[100], ct[100], out[100];
	uint8_t		 tag[16], bad[16];
	struct ike_encr	*e;
	size_t		 i;

	fill(km, sizeof(km), 3);
	fill(iv, sizeof(iv), 5);
	fill(aad, sizeof(aad), 7);
	fill(pt, sizeof(pt), 11);
	e = ike_encr_new(IKE_ENCR_AES_GCM_16, 256, km, 36);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(ike_encr_encrypt(e, iv, aad, sizeof(aad), pt,
	    sizeof(pt), ct, tag), 0);
	/* Every single-bit change of the tag is refused, output zeroed. */
	for (i = 0; i < 16 * 8; i++) {
		memcpy(bad, tag, 16);
		bad[i / 8] ^= (uint8_t)(1 << (i % 8));
		memset(out, 0xa5, sizeof(out));
		ck_assert_int_eq(ike_encr_decrypt(e, iv, aad, sizeof(aad), ct,
		    sizeof(ct), out, bad), -1);
		ck_assert_uint_eq(out[0], 0);
		ck_assert_uint_eq(out[sizeof(out) - 1], 0);
	}
	/* A changed ciphertext, AAD or IV is refused too. */
	ct[50] ^= 0x10;
	ck_assert_int_eq(ike_encr_decrypt(e, iv, aad, sizeof(aad), ct,
	    sizeof(ct), out, tag), -1);
	ct[50] ^= 0x10;
	aad[0] ^= 1;
	ck_assert_int_eq(ike_encr_decrypt(e, iv, aad, sizeof(aad), ct,
	    sizeof(ct), out, tag), -1);
	aad[0] ^= 1;
	iv[7] ^= 1;
	ck_assert_int_eq(ike_encr_decrypt(e, iv, aad, sizeof(aad), ct,
	    sizeof(ct), out, tag), -1);
	iv[7] ^= 1;
	ck_assert_int_eq(ike_encr_decrypt(e, iv, aad, sizeof(aad), ct,
	    sizeof(ct), out, NULL), -1);
	/* The context is still good afterwards. */
	ck_assert_int_eq(ike_encr_decrypt(e, iv, aad, sizeof(aad), ct,
	    sizeof(ct), out, tag), 0);
	ck_assert_mem_eq(out, pt, sizeof(pt));
	ike_encr_free(e);
}
END_TEST

START_TEST(test_gcm_salt_is_part_of_the_nonce)
{
	uint8_t		 km[20], iv[8], nonce[12], pt[32], a[32], b[32];
	uint8_t		 ta[16], tb[16];
	struct ike_encr	*e;

	fill(km, sizeof(km), 1);
	fill(iv, sizeof(iv), 2);
	fill(pt, sizeof(pt), 3);
	e = ike_encr_new(IKE_ENCR_AES_GCM_16, 128, km, sizeof(km));
	ck_assert_ptr_nonnull(e);
	/* RFC 5282 §4: nonce = salt (last 4 keymat octets) | IV. */
	memcpy(nonce, km + 16, 4);
	memcpy(nonce + 4, iv, 8);
	ck_assert_int_eq(ike_encr_encrypt(e, iv, NULL, 0, pt, 32, a, ta), 0);
	ck_assert_int_eq(ike_encr_seal_nonce(e, nonce, 12, NULL, 0, pt, 32, b,
	    tb, 16), 0);
	ck_assert_mem_eq(a, b, 32);
	ck_assert_mem_eq(ta, tb, 16);
	/* Switching nonce lengths back and forth keeps both right. */
	ck_assert_int_eq(ike_encr_seal_nonce(e, nonce, 8, NULL, 0, pt, 32, b,
	    tb, 16), 0);
	ck_assert_mem_ne(a, b, 32);
	ck_assert_int_eq(ike_encr_open_nonce(e, nonce, 8, NULL, 0, b, 32, b,
	    tb, 16), 0);
	ck_assert_mem_eq(b, pt, 32);
	ck_assert_int_eq(ike_encr_encrypt(e, iv, NULL, 0, pt, 32, b, tb), 0);
	ck_assert_mem_eq(a, b, 32);
	ike_encr_free(e);
}
END_TEST

START_TEST(test_integ_truncates_and_verifies)
{
	uint8_t			 key[64], data[200], icv[32], full[64], bad[40];
	struct ike_integ	*m;
	struct ike_prf		*p;
	struct ike_chunk	 v[3];
	size_t			 i, j;

	fill(data, sizeof(data), 0x33);
	for (i = 0; i < NELEM(integs); i++) {
		const struct ike_integ_alg *a = ike_integ_alg_get(integs[i]);

		fill(key, a->key_len, (uint8_t)i);
		ck_assert_ptr_null(ike_integ_new(a->id, key, a->key_len - 1));
		ck_assert_ptr_null(ike_integ_new(a->id, key, a->key_len + 1));
		m = ike_integ_new(a->id, key, a->key_len);
		ck_assert_ptr_nonnull(m);
		ck_assert_ptr_eq(ike_integ_get_alg(m), a);
		ck_assert_int_eq(ike_integ_compute(m, data, sizeof(data), icv),
		    0);
		/* The ICV is the leftmost part of the full HMAC. */
		p = ike_prf_new(prfs[i]);
		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq(ike_prf_get_alg(p)->out_len, a->mac_len);
		ck_assert_int_eq(ike_prf_compute(p, key, a->key_len, data,
		    sizeof(data), full), 0);
		ck_assert_mem_eq(icv, full, a->icv_len);
		ike_prf_free(p);
		/* Same again (the keyed context is reused). */
		ck_assert_int_eq(ike_integ_verify(m, data, sizeof(data), icv,
		    a->icv_len), 0);
		/* Gather form equals the flat form. */
		v[0].p = data, v[0].len = 10;
		v[1].p = NULL, v[1].len = 0;
		v[2].p = data + 10, v[2].len = sizeof(data) - 10;
		ck_assert_int_eq(ike_integ_compute_v(m, v, 3, bad), 0);
		ck_assert_mem_eq(bad, icv, a->icv_len);
		/* Wrong lengths: a shorter ICV or the untruncated MAC. */
		ck_assert_int_eq(ike_integ_verify(m, data, sizeof(data), icv,
		    a->icv_len - 1), -1);
		ck_assert_int_eq(ike_integ_verify(m, data, sizeof(data), full,
		    a->mac_len), -1);
		ck_assert_int_eq(ike_integ_verify(m, data, sizeof(data), icv,
		    0), -1);
		/* Any changed bit, in the ICV or the data, is refused. */
		for (j = 0; j < a->icv_len; j++) {
			memcpy(bad, icv, a->icv_len);
			bad[j] ^= 0x01;
			ck_assert_int_eq(ike_integ_verify(m, data, sizeof(data),
			    bad, a->icv_len), -1);
		}
		data[199] ^= 0x80;
		ck_assert_int_eq(ike_integ_verify(m, data, sizeof(data), icv,
		    a->icv_len), -1);
		data[199] ^= 0x80;
		ike_integ_free(m);
	}
	ck_assert_ptr_null(ike_integ_new(IKE_INTEG_NONE, key, 0));
	ike_integ_free(NULL);
}
END_TEST

START_TEST(test_prf_keys_per_call)
{
	uint8_t		 k1[5] = "abcde", k2[70], d[3] = "xyz";
	uint8_t		 a[64], b[64], c[64];
	struct ike_prf	*p = ike_prf_new(IKE_PRF_HMAC_SHA2_256);

	ck_assert_ptr_nonnull(p);
	fill(k2, sizeof(k2), 1);	/* longer than the block: hashed */
	ck_assert_int_eq(ike_prf_compute(p, k1, sizeof(k1), d, 3, a), 0);
	ck_assert_int_eq(ike_prf_compute(p, k2, sizeof(k2), d, 3, b), 0);
	ck_assert_int_eq(ike_prf_compute(p, k1, sizeof(k1), d, 3, c), 0);
	ck_assert_mem_ne(a, b, 32);
	ck_assert_mem_eq(a, c, 32);
	/* An empty key is a key too, and differs from a one-zero key. */
	ck_assert_int_eq(ike_prf_compute(p, NULL, 0, d, 3, a), 0);
	ck_assert_int_eq(ike_prf_compute(p, (const uint8_t *)"", 0, d, 3, b),
	    0);
	ck_assert_mem_eq(a, b, 32);
	ck_assert_int_eq(ike_prf_compute(p, NULL, 1, d, 3, a), -1);
	ck_assert_ptr_null(ike_prf_new(4));
	ike_prf_free(p);
	ike_prf_free(NULL);
}
END_TEST

START_TEST(test_prf_plus_blocks_and_lengths)
{
	uint8_t		 key[40], seed[50], *out, *longer, t[64], in[200];
	struct ike_prf	*p;
	size_t		 i, h, lens[6], j;

	fill(key, sizeof(key), 0x11);
	fill(seed, sizeof(seed), 0x22);
	for (i = 0; i < NELEM(prfs); i++) {
		p = ike_prf_new(prfs[i]);
		ck_assert_ptr_nonnull(p);
		h = ike_prf_get_alg(p)->out_len;
		out = malloc(255 * h + 1);
		longer = malloc(255 * h);
		ck_assert_ptr_nonnull(out);
		ck_assert_ptr_nonnull(longer);
		/* The whole 255-block stream. */
		ck_assert_int_eq(ike_prf_plus(p, key, sizeof(key), seed,
		    sizeof(seed), longer, 255 * h), 0);
		/* T1 = prf(K, S | 0x01). */
		memcpy(in, seed, sizeof(seed));
		in[sizeof(seed)] = 1;
		ck_assert_int_eq(ike_prf_compute(p, key, sizeof(key), in,
		    sizeof(seed) + 1, t), 0);
		ck_assert_mem_eq(longer, t, h);
		/* T255 = prf(K, T254 | S | 0xff): the counter's last value. */
		memcpy(in, longer + 253 * h, h);
		memcpy(in + h, seed, sizeof(seed));
		in[h + sizeof(seed)] = 0xff;
		ck_assert_int_eq(ike_prf_compute(p, key, sizeof(key), in,
		    h + sizeof(seed) + 1, t), 0);
		ck_assert_mem_eq(longer + 254 * h, t, h);
		/* Shorter outputs are prefixes of the stream. */
		lens[0] = 1, lens[1] = h - 1, lens[2] = h, lens[3] = h + 1;
		lens[4] = 132, lens[5] = 254 * h + 3;
		for (j = 0; j < NELEM(lens); j++) {
			memset(out, 0, 255 * h);
			ck_assert_int_eq(ike_prf_plus(p, key, sizeof(key),
			    seed, sizeof(seed), out, lens[j]), 0);
			ck_assert_mem_eq(out, longer, lens[j]);
			ck_assert_uint_eq(out[lens[j]], 0);
		}
		/* One octet past 255 blocks needs a counter of 256: no. */
		ck_assert_int_eq(ike_prf_plus(p, key, sizeof(key), seed,
		    sizeof(seed), out, 255 * h + 1), -1);
		ck_assert_int_eq(ike_prf_plus(p, key, sizeof(key), seed,
		    sizeof(seed), out, 0), 0);
		free(out);
		free(longer);
		ike_prf_free(p);
	}
}
END_TEST

START_TEST(test_hmac_over_other_digests)
{
	static const uint8_t	want[28] = {	/* RFC 4231 case 1, SHA-224 */
		0x89, 0x6f, 0xb1, 0x12, 0x8a, 0xbb, 0xdf, 0x19, 0x68, 0x32,
		0x10, 0x7c, 0xd4, 0x9d, 0xf3, 0x3f, 0x47, 0xb4, 0xb1, 0x16,
		0x99, 0x12, 0xba, 0x4f, 0x53, 0x68, 0x4b, 0x22,
	};
	uint8_t			 key[20], out[64];
	char			 name[16];
	struct ike_prf		*p;

	memset(key, 0x0b, sizeof(key));
	strcpy(name, "SHA2-224");
	p = ike_prf_new_hmac(name);
	ck_assert_ptr_nonnull(p);
	memset(name, 0, sizeof(name));	/* the name was cloned */
	ck_assert_uint_eq(ike_prf_get_alg(p)->id, 0);
	ck_assert_uint_eq(ike_prf_get_alg(p)->out_len, 28);
	ck_assert_str_eq(ike_prf_get_alg(p)->digest, "SHA2-224");
	ck_assert_int_eq(ike_prf_compute(p, key, sizeof(key),
	    (const uint8_t *)"Hi There", 8, out), 0);
	ck_assert_mem_eq(out, want, 28);
	ike_prf_free(p);
	/* Not in the transform table, and no XOF or unknown digests. */
	ck_assert_ptr_null(ike_prf_alg_get(0));
	ck_assert_ptr_null(ike_prf_new_hmac("SHAKE-128"));
	ck_assert_ptr_null(ike_prf_new_hmac("NO-SUCH-DIGEST"));
	ck_assert_ptr_null(ike_prf_new_hmac(NULL));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("crypto");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_encr_lengths_follow_the_rfcs);
	tcase_add_test(tc, test_names_for_logs_and_show);
	tcase_add_test(tc, test_names_parse_back);
	tcase_add_test(tc, test_cipher_round_trips_every_transform);
	tcase_add_test(tc, test_cipher_rekey_matches_a_fresh_object);
	tcase_add_test(tc, test_integ_rekey_matches_a_fresh_object);
	tcase_add_test(tc, test_cipher_refuses_bad_arguments);
	tcase_add_test(tc, test_gcm_tag_failure_returns_no_plaintext);
	tcase_add_test(tc, test_gcm_salt_is_part_of_the_nonce);
	tcase_add_test(tc, test_integ_truncates_and_verifies);
	tcase_add_test(tc, test_prf_keys_per_call);
	tcase_add_test(tc, test_prf_plus_blocks_and_lengths);
	tcase_add_test(tc, test_hmac_over_other_digests);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
