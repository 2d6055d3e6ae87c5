/*
 * Unit tests for ikev2/keys.c: key lengths and the order of the split for
 * every IKE and ESP transform combination of SPEC section 6 (with and
 * without PFS), cross-checked against the published IKEv2 KDF vectors
 * (an embedded NIST CAVP case always; every case of
 * $SHARED_DIR/vectors/ikev2_kdf.json when that file is there), the
 * SKEYSEED nonce rule of RFC 7296 §2.14, the rekey SKEYSEED of §2.18 and
 * the PSK AUTH value of §2.15 against an independent computation.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "common/buf.h"
#include "ikev2/dh.h"
#include "ikev2/keys.h"
#include "tests/kat/kat_json.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	uint16_t	id, bits;
} ciphers[] = {
	{ IKE_ENCR_AES_CBC, 128 }, { IKE_ENCR_AES_CBC, 192 },
	{ IKE_ENCR_AES_CBC, 256 }, { IKE_ENCR_AES_GCM_16, 128 },
	{ IKE_ENCR_AES_GCM_16, 256 },
};

static const uint16_t integs[] = {
	IKE_INTEG_HMAC_SHA1_96, IKE_INTEG_HMAC_SHA2_256_128,
	IKE_INTEG_HMAC_SHA2_384_192, IKE_INTEG_HMAC_SHA2_512_256,
};

static const uint16_t prfs[] = {
	IKE_PRF_HMAC_SHA1, IKE_PRF_HMAC_SHA2_256, IKE_PRF_HMAC_SHA2_384,
	IKE_PRF_HMAC_SHA2_512,
};

/* One transform set: cipher, integrity (NONE with GCM), PRF. */
struct xset {
	uint16_t	encr, bits, integ, prf;
};

/* Every IKE SA transform set SPEC section 6 allows; returns the count. */
static size_t
all_sets(struct xset *out, int with_prf)
{
	size_t	c, i, p, n = 0, np = with_prf ? NELEM(prfs) : 1;

	for (p = 0; p < np; p++)
		for (c = 0; c < NELEM(ciphers); c++) {
			int	aead = ciphers[c].id == IKE_ENCR_AES_GCM_16;

			for (i = 0; i < (aead ? 1 : NELEM(integs)); i++) {
				out[n].encr = ciphers[c].id;
				out[n].bits = ciphers[c].bits;
				out[n].integ = aead ? IKE_INTEG_NONE :
				    integs[i];
				out[n].prf = with_prf ? prfs[p] : 0;
				n++;
			}
		}
	return n;
}

static void
fill(uint8_t *p, size_t n, uint8_t seed)
{
	size_t	i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + 3 * i);
}

static size_t
unhex(const char *h, uint8_t *out, size_t outlen)
{
	long	n = hex_decode(h, out, outlen);

	ck_assert_int_ge(n, 0);
	return (size_t)n;
}

/*
 * Checks the seven SK_* of keys against the stream s: in the order of
 * RFC 7296 §2.14, with the lengths of l.
 */
static void
assert_sa_split(const struct ike_sa_keys *k, const struct ike_keylens *l,
    const uint8_t *s)
{
	ck_assert_uint_eq(k->d_len, l->prf_key);
	ck_assert_uint_eq(k->p_len, l->prf_key);
	ck_assert_uint_eq(k->a_len, l->integ_key);
	ck_assert_uint_eq(k->e_len, l->encr_key);
	ck_assert_mem_eq(k->sk_d, s, l->prf_key);
	s += l->prf_key;
	if (l->integ_key) {
		ck_assert_mem_eq(k->sk_ai, s, l->integ_key);
		ck_assert_mem_eq(k->sk_ar, s + l->integ_key, l->integ_key);
	}
	s += 2 * l->integ_key;
	ck_assert_mem_eq(k->sk_ei, s, l->encr_key);
	ck_assert_mem_eq(k->sk_er, s + l->encr_key, l->encr_key);
	s += 2 * l->encr_key;
	ck_assert_mem_eq(k->sk_pi, s, l->prf_key);
	ck_assert_mem_eq(k->sk_pr, s + l->prf_key, l->prf_key);
}

/* The same for Child SA keys (§2.17: encr_i, integ_i, encr_r, integ_r). */
static void
assert_child_split(const struct ike_child_keys *k,
    const struct ike_keylens *l, const uint8_t *s)
{
	ck_assert_uint_eq(k->e_len, l->encr_key);
	ck_assert_uint_eq(k->a_len, l->integ_key);
	ck_assert_mem_eq(k->encr_i, s, l->encr_key);
	s += l->encr_key;
	if (l->integ_key)
		ck_assert_mem_eq(k->integ_i, s, l->integ_key);
	s += l->integ_key;
	ck_assert_mem_eq(k->encr_r, s, l->encr_key);
	s += l->encr_key;
	if (l->integ_key)
		ck_assert_mem_eq(k->integ_r, s, l->integ_key);
}

START_TEST(test_keylens_for_every_ike_transform_set)
{
	struct xset		 sets[64];
	struct ike_keylens	 l;
	struct ike_sa_keys	*k;
	struct ike_prf		*p;
	uint8_t			 seed[64], ni[32], nr[32], spii[8], spir[8];
	uint8_t			 s[512];
	size_t			 n, i;

	n = all_sets(sets, 1);
	/* 4 PRFs x (3 CBC sizes x 4 MACs + 2 GCM sizes). */
	ck_assert_uint_eq(n, 56);
	fill(ni, sizeof(ni), 1);
	fill(nr, sizeof(nr), 2);
	fill(spii, 8, 3);
	fill(spir, 8, 4);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(ike_keylens_get(&l, sets[i].prf, sets[i].encr,
		    sets[i].bits, sets[i].integ), 0);
		ck_assert_uint_eq(l.prf_key, ike_prf_key_len(sets[i].prf));
		ck_assert_uint_eq(l.integ_key,
		    ike_integ_key_len(sets[i].integ));
		ck_assert_uint_eq(l.encr_key, sets[i].bits / 8 +
		    (sets[i].encr == IKE_ENCR_AES_GCM_16 ? 4 : 0));
		p = ike_prf_new(sets[i].prf);
		ck_assert_ptr_nonnull(p);
		fill(seed, sizeof(seed), (uint8_t)i);
		k = ike_sa_keys_new(p, &l, seed, l.prf_key, ni, sizeof(ni), nr,
		    sizeof(nr), spii, spir);
		ck_assert_ptr_nonnull(k);
		ck_assert_int_eq(ike_sa_keys_stream(p, seed, l.prf_key, ni,
		    sizeof(ni), nr, sizeof(nr), spii, spir, s,
		    3 * l.prf_key + 2 * l.integ_key + 2 * l.encr_key), 0);
		assert_sa_split(k, &l, s);
		ike_sa_keys_free(k);
		ike_prf_free(p);
	}
	ike_sa_keys_free(NULL);
}
END_TEST

START_TEST(test_keylens_refuses_inconsistent_sets)
{
	struct ike_keylens	l;

	/* GCM carries its own ICV: an integrity transform is an error. */
	ck_assert_int_eq(ike_keylens_get(&l, IKE_PRF_HMAC_SHA2_256,
	    IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_HMAC_SHA2_256_128), -1);
	/* CBC without integrity is not allowed. */
	ck_assert_int_eq(ike_keylens_get(&l, IKE_PRF_HMAC_SHA2_256,
	    IKE_ENCR_AES_CBC, 128, IKE_INTEG_NONE), -1);
	ck_assert_int_eq(ike_keylens_get(&l, 4, IKE_ENCR_AES_CBC, 128,
	    IKE_INTEG_HMAC_SHA1_96), -1);
	ck_assert_int_eq(ike_keylens_get(&l, IKE_PRF_HMAC_SHA1,
	    IKE_ENCR_AES_CBC, 64, IKE_INTEG_HMAC_SHA1_96), -1);
	ck_assert_int_eq(ike_keylens_get(&l, IKE_PRF_HMAC_SHA1,
	    IKE_ENCR_AES_CBC, 128, 5), -1);
	ck_assert_int_eq(ike_keylens_get(NULL, IKE_PRF_HMAC_SHA1,
	    IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96), -1);
	/* Child SA: no PRF keys. */
	ck_assert_int_eq(ike_keylens_get(&l, 0, IKE_ENCR_AES_GCM_16, 256,
	    IKE_INTEG_NONE), 0);
	ck_assert_uint_eq(l.prf_key, 0);
	ck_assert_uint_eq(l.integ_key, 0);
	ck_assert_uint_eq(l.encr_key, 36);
}
END_TEST

START_TEST(test_child_keys_for_every_esp_set_and_pfs_group)
{
	static const uint16_t	 pfs[] = { IKE_DH_NONE, IKE_DH_ECP_256,
				    IKE_DH_ECP_384, IKE_DH_ECP_521 };
	struct xset		 sets[64];
	struct ike_keylens	 l;
	struct ike_child_keys	*k, *k0;
	struct ike_prf		*p;
	struct ike_dh		*a, *b;
	uint8_t			 skd[64], ni[32], nr[32], s[256];
	uint8_t			 r[IKE_DH_MAX_RAND], gir[IKE_DH_MAX_SECRET];
	size_t			 n, i, g, glen, x;

	n = all_sets(sets, 0);
	ck_assert_uint_eq(n, 14);	/* 3 CBC x 4 MACs + 2 GCM */
	fill(ni, sizeof(ni), 5);
	fill(nr, sizeof(nr), 6);
	for (x = 0; x < NELEM(prfs); x++) {
		p = ike_prf_new(prfs[x]);
		ck_assert_ptr_nonnull(p);
		fill(skd, sizeof(skd), (uint8_t)(7 + x));
		for (g = 0; g < NELEM(pfs); g++) {
			glen = 0;
			if (pfs[g] != IKE_DH_NONE) {
				/* A real g^ir of the PFS group. */
				fill(r, ike_dh_rand_len(pfs[g]), 1);
				a = ike_dh_new(pfs[g], r,
				    ike_dh_rand_len(pfs[g]));
				fill(r, ike_dh_rand_len(pfs[g]), 2);
				b = ike_dh_new(pfs[g], r,
				    ike_dh_rand_len(pfs[g]));
				ck_assert_int_eq(ike_dh_derive(a,
				    ike_dh_public(b, NULL),
				    ike_dh_public_len(pfs[g]), gir,
				    sizeof(gir)), 0);
				glen = ike_dh_secret_len(pfs[g]);
				ike_dh_free(a);
				ike_dh_free(b);
			}
			for (i = 0; i < n; i++) {
				ck_assert_int_eq(ike_keylens_get(&l, 0,
				    sets[i].encr, sets[i].bits,
				    sets[i].integ), 0);
				k = ike_child_keys_new(p, &l, skd,
				    ike_prf_key_len(prfs[x]),
				    glen ? gir : NULL, glen, ni, sizeof(ni),
				    nr, sizeof(nr));
				ck_assert_ptr_nonnull(k);
				ck_assert_int_eq(ike_child_keys_stream(p, skd,
				    ike_prf_key_len(prfs[x]),
				    glen ? gir : NULL, glen, ni, sizeof(ni),
				    nr, sizeof(nr), s,
				    2 * l.encr_key + 2 * l.integ_key), 0);
				assert_child_split(k, &l, s);
				/* PFS must change every key. */
				if (glen) {
					k0 = ike_child_keys_new(p, &l, skd,
					    ike_prf_key_len(prfs[x]), NULL, 0,
					    ni, sizeof(ni), nr, sizeof(nr));
					ck_assert_ptr_nonnull(k0);
					ck_assert_mem_ne(k0->encr_i, k->encr_i,
					    l.encr_key);
					ck_assert_mem_ne(k0->encr_r, k->encr_r,
					    l.encr_key);
					ike_child_keys_free(k0);
				}
				ike_child_keys_free(k);
			}
		}
		ike_prf_free(p);
	}
	ike_child_keys_free(NULL);
}
END_TEST

/* NIST CAVP SP 800-135 IKEv2, SHA-1, COUNT 0 (also in ikev2_kdf.json). */
START_TEST(test_nist_sha1_example)
{
	uint8_t			 ni[8], nr[8], gir[32], gnew[32], spii[8];
	uint8_t			 spir[8], want[132], out[132], seed[20];
	struct ike_keylens	 l;
	struct ike_sa_keys	*k;
	struct ike_child_keys	*ck;
	struct ike_prf		*p = ike_prf_new(IKE_PRF_HMAC_SHA1);

	ck_assert_ptr_nonnull(p);
	unhex("32b50d5f4a3763f3", ni, 8);
	unhex("9206a04b26564cb1", nr, 8);
	unhex("4b2c1f971981a8ad8d0abeafabf38cf75fc8349c148142465ed9c8b516b8"
	    "be52", gir, 32);
	unhex("863f3c9d06efd39d2b907b97f8699e5dd5251ef64a2a176f36ee40c87d4f"
	    "9330", gnew, 32);
	unhex("34c9e7c188868785", spii, 8);
	unhex("3ff77d760d2b2199", spir, 8);
	ck_assert_int_eq(ike_skeyseed(p, ni, 8, nr, 8, gir, 32, seed), 0);
	unhex("a9a7b222b59f8f48645f28a1db5b5f5d7479cba7", want, 20);
	ck_assert_mem_eq(seed, want, 20);
	/* 1056 bits = PRF_HMAC_SHA1 + AUTH_HMAC_SHA1_96 + AES-CBC-128. */
	ck_assert_int_eq(ike_keylens_get(&l, IKE_PRF_HMAC_SHA1,
	    IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96), 0);
	k = ike_sa_keys_new(p, &l, seed, 20, ni, 8, nr, 8, spii, spir);
	ck_assert_ptr_nonnull(k);
	unhex("a14293677cc80ff8f9cc0eee30d895da9d8f405666e30ef0dfcb63c634a4"
	    "6002a2a63080e514a062768b76606f9fa5e992204fc5a670bde3f10d6b0271"
	    "13936a5c55b648a194ae587b0088d52204b702c979fa280870d2ed41efa9c5"
	    "49fd11198af1670b143d384bd275c5f594cf266b05ebadca855e4249520a44"
	    "1a81157435a7a56cc4", want, 132);
	assert_sa_split(k, &l, want);
	/* Child KEYMAT without PFS, cut for AES-CBC-128 + SHA1_96. */
	unhex("8059e3ee8810e6c3a91bc8bcd2a7a41151b8d0e6ae239c7b38093ad85ef4"
	    "c5811a8e7b5d1cdabd9560b2d5e092d1f24e2d4b85eccdf0ad0dc9abd94b51"
	    "ee71814ca6dbc8bb51b6309f5b9545c7eb35cf5580b1e521a8fe20754a2d88"
	    "3ba0c2cf285f524aea6545b33106bc03e614296d319d41d4b50b3f510b1c0a"
	    "22f3e664994d234cb4", want, 132);
	ck_assert_int_eq(ike_keylens_get(&l, 0, IKE_ENCR_AES_CBC, 128,
	    IKE_INTEG_HMAC_SHA1_96), 0);
	ck = ike_child_keys_new(p, &l, k->sk_d, k->d_len, NULL, 0, ni, 8, nr,
	    8);
	ck_assert_ptr_nonnull(ck);
	assert_child_split(ck, &l, want);
	ike_child_keys_free(ck);
	/* With PFS. */
	unhex("bb43244c1860ad65ee1e211ffe8bb3661750c8f89cb9f547df7f4fa61d37"
	    "301628190e38c66232eab4b3ab14c400a5197dd3730ed4820a8a10394d51e1"
	    "c0400052f63ebd36b0e7ef53aaed31eba4a5080d7d4b5666023a8bbb5ffb78"
	    "57240f9a05884d1b7d2f933708450b7b3288f1fc863ab49fa901227cffc06e"
	    "27899c7054d56fd74c", want, 132);
	ck_assert_int_eq(ike_child_keys_stream(p, k->sk_d, k->d_len, gnew, 32,
	    ni, 8, nr, 8, out, 132), 0);
	ck_assert_mem_eq(out, want, 132);
	/* Rekeyed SKEYSEED from the old SK_d. */
	ck_assert_int_eq(ike_skeyseed_rekey(p, k->sk_d, k->d_len, gnew, 32, ni,
	    8, nr, 8, out), 0);
	unhex("63e81194946ebd05df7df5ebf5d8750056bf1f1d", want, 20);
	ck_assert_mem_eq(out, want, 20);
	/* Rekey needs a fresh DH secret. */
	ck_assert_int_eq(ike_skeyseed_rekey(p, k->sk_d, k->d_len, NULL, 0, ni,
	    8, nr, 8, out), -1);
	ike_sa_keys_free(k);
	ike_prf_free(p);
}
END_TEST

/* A hex field of a JSON case into fresh memory (caller frees), or NULL. */
static uint8_t *
jhex(const struct kat_json *c, const char *name, size_t *len)
{
	const char	*s = kat_json_str(kat_json_get(c, name));
	uint8_t		*p;
	long		 n;

	if (s == NULL || (p = malloc(strlen(s) / 2 + 1)) == NULL)
		return NULL;
	if ((n = hex_decode(s, p, strlen(s) / 2 + 1)) < 0) {
		free(p);
		return NULL;
	}
	*len = (size_t)n;
	return p;
}

/*
 * Every case of the shared KDF vectors, cut for every transform set whose
 * PRF matches and whose keys fit in the published stream.
 */
START_TEST(test_every_transform_set_against_kdf_vectors)
{
	const char		*dir = getenv("SHARED_DIR");
	struct kat_json		*root;
	const struct kat_json	*cases, *c;
	struct xset		 sets[64], esp[64];
	struct ike_keylens	 l;
	struct ike_sa_keys	*k;
	struct ike_child_keys	*ck;
	struct ike_prf		*p;
	char			 path[4096], err[128], *text;
	uint8_t			*ni, *nr, *gir, *spii, *spir, *dkm, *cdkm;
	uint8_t			 seed[64];
	size_t			 nil, nrl, girl, sil, srl, dkml, cdkml, len;
	size_t			 n, ne, i, j, checked = 0;
	uint16_t		 prf;
	FILE			*f;

	snprintf(path, sizeof(path), "%s/vectors/ikev2_kdf.json",
	    dir ? dir : SHARED_DIR);
	if ((f = fopen(path, "rb")) == NULL) {
		printf("keys_test: %s missing, vector cross-check skipped\n",
		    path);
		return;
	}
	text = malloc(1 << 20);
	ck_assert_ptr_nonnull(text);
	len = fread(text, 1, 1 << 20, f);
	fclose(f);
	root = kat_json_parse(text, len, err, sizeof(err));
	free(text);
	ck_assert_msg(root != NULL, "%s: %s", path, err);
	cases = kat_json_get(root, "cases");
	n = all_sets(sets, 1);
	ne = all_sets(esp, 0);
	for (i = 0; i < kat_json_count(cases); i++) {
		c = kat_json_at(cases, i);
		prf = ike_prf_by_name(kat_json_str(kat_json_get(c, "prf")));
		ck_assert_uint_ne(prf, 0);
		ni = jhex(c, "ni", &nil);
		nr = jhex(c, "nr", &nrl);
		gir = jhex(c, "gir", &girl);
		spii = jhex(c, "spii", &sil);
		spir = jhex(c, "spir", &srl);
		dkm = jhex(c, "dkm", &dkml);
		cdkm = jhex(c, "dkm_child_sa", &cdkml);
		ck_assert(ni && nr && gir && spii && spir && dkm && cdkm);
		p = ike_prf_new(prf);
		ck_assert_int_eq(ike_skeyseed(p, ni, nil, nr, nrl, gir, girl,
		    seed), 0);
		for (j = 0; j < n; j++) {
			if (sets[j].prf != prf)
				continue;
			ike_keylens_get(&l, prf, sets[j].encr, sets[j].bits,
			    sets[j].integ);
			if (3 * l.prf_key + 2 * l.integ_key +
			    2 * l.encr_key > dkml)
				continue;
			k = ike_sa_keys_new(p, &l, seed,
			    ike_prf_out_len(prf), ni, nil, nr, nrl, spii,
			    spir);
			ck_assert_ptr_nonnull(k);
			assert_sa_split(k, &l, dkm);
			ike_sa_keys_free(k);
			checked++;
		}
		for (j = 0; j < ne; j++) {
			ike_keylens_get(&l, 0, esp[j].encr, esp[j].bits,
			    esp[j].integ);
			if (2 * l.integ_key + 2 * l.encr_key > cdkml)
				continue;
			/* SK_d is the start of the published DKM. */
			ck = ike_child_keys_new(p, &l, dkm,
			    ike_prf_key_len(prf), NULL, 0, ni, nil, nr, nrl);
			ck_assert_ptr_nonnull(ck);
			assert_child_split(ck, &l, cdkm);
			ike_child_keys_free(ck);
			checked++;
		}
		ike_prf_free(p);
		free(ni), free(nr), free(gir), free(spii), free(spir);
		free(dkm), free(cdkm);
	}
	printf("keys_test: %zu transform-set splits matched %zu KDF "
	    "vectors\n", checked, kat_json_count(cases));
	ck_assert_uint_gt(checked, 0);
	kat_json_free(root);
}
END_TEST

START_TEST(test_skeyseed_nonce_rule)
{
	uint8_t	ni[32], nr[40], key[80];

	fill(ni, sizeof(ni), 1);
	fill(nr, sizeof(nr), 2);
	/* HMAC PRFs take the whole of both nonces. */
	ck_assert_int_eq(ike_skeyseed_key(0, ni, 32, nr, 40, key,
	    sizeof(key)), 72);
	ck_assert_mem_eq(key, ni, 32);
	ck_assert_mem_eq(key + 32, nr, 40);
	/* Fixed-key PRFs (AES-XCBC/CMAC): 64 bits of each. */
	ck_assert_int_eq(ike_skeyseed_key(1, ni, 32, nr, 40, key,
	    sizeof(key)), 16);
	ck_assert_mem_eq(key, ni, 8);
	ck_assert_mem_eq(key + 8, nr, 8);
	ck_assert_int_eq(ike_skeyseed_key(1, ni, 7, nr, 40, key,
	    sizeof(key)), -1);
	ck_assert_int_eq(ike_skeyseed_key(0, ni, 32, nr, 40, key, 71), -1);
	/* None of our PRFs is fixed-key, so all use whole nonces. */
	ck_assert_int_eq(ike_prf_alg_get(IKE_PRF_HMAC_SHA1)->fixed_key, 0);
	ck_assert_int_eq(ike_prf_alg_get(IKE_PRF_HMAC_SHA2_512)->fixed_key, 0);
}
END_TEST

START_TEST(test_skeyseed_uses_long_nonces_whole)
{
	uint8_t		 ni[256], nr[256], gir[66], a[64], b[64], key[512];
	struct ike_prf	*p = ike_prf_new(IKE_PRF_HMAC_SHA2_512);

	fill(ni, sizeof(ni), 1);
	fill(nr, sizeof(nr), 2);
	fill(gir, sizeof(gir), 3);
	ck_assert_int_eq(ike_skeyseed(p, ni, 256, nr, 256, gir, 66, a), 0);
	memcpy(key, ni, 256);
	memcpy(key + 256, nr, 256);
	ck_assert_int_eq(ike_prf_compute(p, key, 512, gir, 66, b), 0);
	ck_assert_mem_eq(a, b, 64);
	/* The last nonce octet matters. */
	nr[255] ^= 1;
	ck_assert_int_eq(ike_skeyseed(p, ni, 256, nr, 256, gir, 66, b), 0);
	ck_assert_mem_ne(a, b, 64);
	ck_assert_int_eq(ike_skeyseed(p, ni, 256, nr, 256, NULL, 0, b), -1);
	ike_prf_free(p);
}
END_TEST

/* HMAC through OpenSSL's one-shot API: an independent reference. */
static void
ref_hmac(const char *digest, const uint8_t *k, size_t kl, const uint8_t *d,
    size_t dl, uint8_t *out, size_t outlen)
{
	size_t	n = 0;

	ck_assert_ptr_nonnull(EVP_Q_mac(NULL, "HMAC", NULL, digest, NULL, k,
	    kl, d, dl, out, outlen, &n));
	ck_assert_uint_eq(n, outlen);
}

START_TEST(test_psk_auth_follows_rfc7296_2_15)
{
	static const char	 psk[] = "cisco123";
	static const uint8_t	 idi[] = { 1, 0, 0, 0, 198, 51, 100, 1 };
	uint8_t			 msg[300], nr[32], skp[32], mac[32], inner[32];
	uint8_t			 want[32], auth[32];
	struct buf		 oct = { 0 };
	struct ike_prf		*p = ike_prf_new(IKE_PRF_HMAC_SHA2_256);

	ck_assert_ptr_nonnull(p);
	fill(msg, sizeof(msg), 1);
	fill(nr, sizeof(nr), 2);
	fill(skp, sizeof(skp), 3);
	/* Signed octets: RealMessage1 | NonceRData | prf(SK_pi, IDi'). */
	ck_assert_int_eq(ike_signed_octets(p, msg, sizeof(msg), nr,
	    sizeof(nr), skp, sizeof(skp), idi, sizeof(idi), &oct), 0);
	ck_assert_uint_eq(oct.len, sizeof(msg) + sizeof(nr) + 32);
	ck_assert_mem_eq(oct.data, msg, sizeof(msg));
	ck_assert_mem_eq(oct.data + sizeof(msg), nr, sizeof(nr));
	ref_hmac("SHA256", skp, sizeof(skp), idi, sizeof(idi), mac, 32);
	ck_assert_mem_eq(oct.data + sizeof(msg) + sizeof(nr), mac, 32);
	/* AUTH = prf(prf(PSK, "Key Pad for IKEv2"), octets). */
	ref_hmac("SHA256", (const uint8_t *)psk, strlen(psk),
	    (const uint8_t *)"Key Pad for IKEv2", 17, inner, 32);
	ref_hmac("SHA256", inner, 32, oct.data, oct.len, want, 32);
	ck_assert_int_eq(ike_psk_auth(p, (const uint8_t *)psk, strlen(psk),
	    oct.data, oct.len, auth), 0);
	ck_assert_mem_eq(auth, want, 32);
	ck_assert_int_eq(ike_psk_auth_verify(p, (const uint8_t *)psk,
	    strlen(psk), oct.data, oct.len, auth, 32), 0);
	/* Wrong key, wrong length, changed octets. */
	ck_assert_int_eq(ike_psk_auth_verify(p, (const uint8_t *)"cisco124",
	    8, oct.data, oct.len, auth, 32), -1);
	ck_assert_int_eq(ike_psk_auth_verify(p, (const uint8_t *)psk,
	    strlen(psk), oct.data, oct.len, auth, 31), -1);
	oct.data[0] ^= 1;
	ck_assert_int_eq(ike_psk_auth_verify(p, (const uint8_t *)psk,
	    strlen(psk), oct.data, oct.len, auth, 32), -1);
	/* A bad ID body leaves the buffer as it was. */
	ck_assert_int_eq(ike_signed_octets(p, msg, sizeof(msg), nr,
	    sizeof(nr), skp, sizeof(skp), idi, 3, &oct), -1);
	ck_assert_uint_eq(oct.len, sizeof(msg) + sizeof(nr) + 32);
	ck_assert_int_eq(ike_psk_auth(p, NULL, 0, oct.data, oct.len, auth),
	    -1);
	buf_free(&oct);
	ike_prf_free(p);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("keys");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_keylens_for_every_ike_transform_set);
	tcase_add_test(tc, test_keylens_refuses_inconsistent_sets);
	tcase_add_test(tc, test_child_keys_for_every_esp_set_and_pfs_group);
	tcase_add_test(tc, test_nist_sha1_example);
	tcase_add_test(tc, test_every_transform_set_against_kdf_vectors);
	tcase_add_test(tc, test_skeyseed_nonce_rule);
	tcase_add_test(tc, test_skeyseed_uses_long_nonces_whole);
	tcase_add_test(tc, test_psk_auth_follows_rfc7296_2_15);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
