/*
 * Every algorithm combination the seed allows, end to end between two
 * engines: IKE (each encryption x each integrity, none for GCM, x each PRF
 * x each DH group) with a fixed Child SA suite, and Child SAs (each ESP
 * cipher x each HMAC x PFS none/19/20/21) under a fixed IKE suite.  Each
 * runs IKE_SA_INIT, IKE_AUTH, a Child SA rekey, an IKE SA rekey and a
 * Delete; after each step both sides must agree on every key and the
 * recording data planes must hold matching inbound/outbound SAs.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/engine_harness.h"

static const struct {
	uint16_t	id;
	uint16_t	keylen;
} ike_encr[] = {
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
static const uint16_t groups[] = {
	IKE_DH_ECP_256, IKE_DH_ECP_384, IKE_DH_ECP_521,
};
static const uint16_t esp_keylens[] = { 128, 192, 256 };
static const uint16_t pfs_groups[] = {
	0, IKE_DH_ECP_256, IKE_DH_ECP_384, IKE_DH_ECP_521,
};

#define N_IKE_ENCR	(sizeof(ike_encr) / sizeof(ike_encr[0]))
#define N_INTEG		(sizeof(integs) / sizeof(integs[0]))
#define N_PRF		(sizeof(prfs) / sizeof(prfs[0]))
#define N_GROUP		(sizeof(groups) / sizeof(groups[0]))
/* CBC ciphers take each integrity, GCM none: 3 * 4 + 2 = 14 settings. */
#define N_IKE_CIPHER	(3 * N_INTEG + 2)
#define N_IKE		(N_IKE_CIPHER * N_PRF * N_GROUP)
#define N_ESP		(3 * N_INTEG * 4)
/* Beyond the seed: ESP AES-GCM-16 128/256 (no HMAC) x PFS, which the
 * engine negotiates when a transform set allows it. */
#define N_ESP_GCM	(2 * 4)

static struct harness	h;
static char		why[512];

#define CHECK(what) ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, \
	"%s after %s", why, what)

static uint64_t
spi_of(int side, int child)
{
	struct ike_sa_info	*v;
	size_t			 n;
	uint64_t		 spi = 0;

	if (ike_engine_snapshot(h.s[side].eng, &v, &n) == 0 && n == 1)
		spi = child ? v[0].children[0].spi_in : v[0].spi_local;
	free(v);
	return spi;
}

/* The whole life of a tunnel, checked after each step. */
static void
lifecycle(const struct ike_suite *want_ike, uint16_t want_pfs)
{
	struct ike_sa_info	*v;
	size_t			 n;
	uint64_t		 old;
	int			 k;

	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_run(&h, 1000);
	CHECK("IKE_AUTH");
	for (k = 0; k < 2; k++) {
		ck_assert_int_eq(ike_engine_snapshot(h.s[k].eng, &v, &n), 0);
		ck_assert_uint_eq(v[0].suite.encr, want_ike->encr);
		ck_assert_uint_eq(v[0].suite.encr_keylen,
		    want_ike->encr_keylen);
		ck_assert_uint_eq(v[0].suite.integ, want_ike->integ);
		ck_assert_uint_eq(v[0].suite.prf, want_ike->prf);
		ck_assert_uint_eq(v[0].suite.dh, want_ike->dh);
		free(v);
	}
	old = spi_of(1, 1);
	h_admin(&h, 1, IKE_EV_REKEY_CHILD);
	h_run(&h, 1000);
	CHECK("Child SA rekey");
	ck_assert(spi_of(1, 1) != old);
	ck_assert_int_eq(ike_engine_snapshot(h.s[0].eng, &v, &n), 0);
	ck_assert_uint_eq(v[0].children[0].pfs, want_pfs);
	free(v);
	old = spi_of(0, 0);
	h_admin(&h, 0, IKE_EV_REKEY_IKE);
	h_run(&h, 1000);
	CHECK("IKE SA rekey");
	ck_assert(spi_of(0, 0) != old);
	h_admin(&h, 1, IKE_EV_TERMINATE);
	h_run(&h, 1000);
	ck_assert_msg(h_check_none(&h, why, sizeof(why)) == 0, "%s after "
	    "Delete", why);
	ck_assert_msg(h_check_keys(&h, why, sizeof(why)) == 0, "%s", why);
	/* Four IKE SA key sets (two per side) and four ESP ones. */
	ck_assert_uint_eq(h.s[0].n_keys, 4);
	ck_assert_uint_eq(h.s[1].n_keys, 4);
}

START_TEST(test_ike_suite)
{
	struct ike_suite	s;
	size_t			i = (size_t)_i, cipher, e;

	cipher = i % N_IKE_CIPHER;
	i /= N_IKE_CIPHER;
	memset(&s, 0, sizeof(s));
	s.prf = prfs[i % N_PRF];
	s.dh = groups[i / N_PRF];
	e = cipher < 3 * N_INTEG ? cipher / N_INTEG :
	    3 + (cipher - 3 * N_INTEG);
	s.encr = ike_encr[e].id;
	s.encr_keylen = ike_encr[e].keylen;
	s.integ = cipher < 3 * N_INTEG ? integs[cipher % N_INTEG] :
	    IKE_INTEG_NONE;
	h_init(&h, 100 + (uint64_t)_i);
	h_set_ike(&h, s.encr, s.encr_keylen, s.integ, s.prf, s.dh);
	lifecycle(&s, 0);
	h_free(&h);
}
END_TEST

START_TEST(test_esp_suite)
{
	struct ike_suite	s;
	size_t			i = (size_t)_i;
	uint16_t		keylen, integ, pfs;

	keylen = esp_keylens[i % 3];
	integ = integs[(i / 3) % N_INTEG];
	pfs = pfs_groups[i / (3 * N_INTEG)];
	h_init(&h, 1000 + (uint64_t)_i);
	h_set_esp(&h, IKE_ENCR_AES_CBC, keylen, integ, pfs);
	memset(&s, 0, sizeof(s));
	s.encr = IKE_ENCR_AES_CBC;
	s.encr_keylen = 256;
	s.integ = IKE_INTEG_HMAC_SHA2_256_128;
	s.prf = IKE_PRF_HMAC_SHA2_256;
	s.dh = IKE_DH_ECP_256;
	lifecycle(&s, pfs);
	ck_assert_uint_eq(h.s[0].keys[1].encr_keylen, keylen);
	ck_assert_uint_eq(h.s[0].keys[1].integ, integ);
	h_free(&h);
}
END_TEST

START_TEST(test_esp_gcm_suite)
{
	struct ike_suite	s;
	uint16_t		keylen = _i % 2 ? 256 : 128;
	uint16_t		pfs = pfs_groups[_i / 2];

	h_init(&h, 2000 + (uint64_t)_i);
	h_set_esp(&h, IKE_ENCR_AES_GCM_16, keylen, 0, pfs);
	memset(&s, 0, sizeof(s));
	s.encr = IKE_ENCR_AES_CBC;
	s.encr_keylen = 256;
	s.integ = IKE_INTEG_HMAC_SHA2_256_128;
	s.prf = IKE_PRF_HMAC_SHA2_256;
	s.dh = IKE_DH_ECP_256;
	lifecycle(&s, pfs);
	ck_assert_uint_eq(h.s[0].keys[1].encr, IKE_ENCR_AES_GCM_16);
	ck_assert_uint_eq(h.s[0].keys[1].e_len, keylen / 8 + 4);
	ck_assert_uint_eq(h.s[0].keys[1].a_len, 0);
	h_free(&h);
}
END_TEST

static Suite *
matrix_suite(void)
{
	Suite	*s = suite_create("engine_matrix");
	TCase	*tc;

	tc = tcase_create("ike");
	tcase_add_loop_test(tc, test_ike_suite, 0, (int)N_IKE);
	suite_add_tcase(s, tc);
	tc = tcase_create("esp");
	tcase_add_loop_test(tc, test_esp_suite, 0, (int)N_ESP);
	tcase_add_loop_test(tc, test_esp_gcm_suite, 0, (int)N_ESP_GCM);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(matrix_suite());
	int	 failed;

	/* 224 short runs: forking each costs more than it protects. */
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
