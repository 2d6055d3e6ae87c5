/*
 * Wireshark key tables (mgmtsecd/savekeys.c): the lines come out in
 * exactly the form of tables tshark is known to decrypt with (the lab's
 * strongSwan capture keys, lab/strongswan/results/capture-keys).
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ikev2/crypto.h"
#include "mgmtsecd/savekeys.h"

static void
unhex(const char *h, uint8_t *out, size_t n)
{
	ck_assert_int_eq(hex_decode(h, out, n), (long)n);
}

static char *
text(struct buf *b)
{
	ck_assert_int_eq(buf_add_u8(b, 0), 0);
	return (char *)b->data;
}

START_TEST(test_ike_line_matches_lab_table)
{
	struct ike_keys_export	k;
	struct buf		b = { 0 };

	memset(&k, 0, sizeof(k));
	k.spi_i = 0x3ef030b93730f498ULL;
	k.spi_r = 0x46dd453fa5698cbfULL;
	k.encr = IKE_ENCR_AES_CBC;
	k.encr_keylen = 256;
	k.integ = IKE_INTEG_HMAC_SHA2_256_128;
	k.e_len = 32;
	k.a_len = 32;
	unhex("236a641173699203de766f58fa4b59f398946e47fc2631db7eb8498bd9d37b04",
	    k.encr_i, 32);
	unhex("c003d41a110d0dfe021e0722a1731fee6ff24270c2f34021e2060b21ef7ebae9",
	    k.encr_r, 32);
	unhex("3ca85396be41962b2b2f2efe9fa8877ada4e2ce417dd8416dbb01fb916f9b634",
	    k.integ_i, 32);
	unhex("decbdc70470ea362a93a1f5d3463403fc328fdb2d65724a9a628fd63791fcf91",
	    k.integ_r, 32);
	ck_assert_int_eq(dmn_keys_ike_line(&k, &b), 0);
	ck_assert_str_eq(text(&b),
	    "3ef030b93730f498,46dd453fa5698cbf,"
	    "236a641173699203de766f58fa4b59f398946e47fc2631db7eb8498bd9d37b04,"
	    "c003d41a110d0dfe021e0722a1731fee6ff24270c2f34021e2060b21ef7ebae9,"
	    "\"AES-CBC-256 [RFC3602]\","
	    "3ca85396be41962b2b2f2efe9fa8877ada4e2ce417dd8416dbb01fb916f9b634,"
	    "decbdc70470ea362a93a1f5d3463403fc328fdb2d65724a9a628fd63791fcf91,"
	    "\"HMAC_SHA2_256_128 [RFC4868]\"\n");
	buf_free(&b);
	/* An ESP export is not an IKE line. */
	k.esp = 1;
	ck_assert_int_eq(dmn_keys_ike_line(&k, &b), -1);
	buf_free(&b);
}
END_TEST

START_TEST(test_esp_lines_match_lab_table)
{
	struct ike_keys_export	k;
	struct buf		b = { 0 };

	memset(&k, 0, sizeof(k));
	k.esp = 1;
	inet_pton(AF_INET, "198.51.100.1", &k.local);
	inet_pton(AF_INET, "198.51.100.2", &k.remote);
	k.spi_out = 0x9c6c80cf;
	k.spi_in = 0xce2cddb6;
	k.encr = IKE_ENCR_AES_CBC;
	k.encr_keylen = 256;
	k.integ = IKE_INTEG_HMAC_SHA2_256_128;
	k.e_len = 32;
	k.a_len = 32;
	unhex("a4691bcea0133d04bd919889bfafebc0e75f7c3772ffee6b7db143318e408645",
	    k.encr_i, 32);
	unhex("bd07a91d21df7516aa79b88cacd24ab7d5bb0f3039ae90ccf408e0aa2f58aa67",
	    k.integ_i, 32);
	unhex("fa59320e27a41dc22dd4d32ebdce4bcf7ba260e0b4c5d5f18469aefabeee2a3c",
	    k.encr_r, 32);
	unhex("39ac4c6f8ac94ad459ca2336c00c4e6143b85c5a9af13267ab84a692d0c3c4f1",
	    k.integ_r, 32);
	ck_assert_int_eq(dmn_keys_esp_lines(&k, &b), 0);
	ck_assert_str_eq(text(&b),
	    "\"IPv4\",\"198.51.100.1\",\"198.51.100.2\",\"0x9c6c80cf\","
	    "\"AES-CBC [RFC3602]\",\"0xa4691bcea0133d04bd919889bfafebc0e75f7c37"
	    "72ffee6b7db143318e408645\",\"HMAC-SHA-256-128 [RFC4868]\","
	    "\"0xbd07a91d21df7516aa79b88cacd24ab7d5bb0f3039ae90ccf408e0aa2f58"
	    "aa67\"\n"
	    "\"IPv4\",\"198.51.100.2\",\"198.51.100.1\",\"0xce2cddb6\","
	    "\"AES-CBC [RFC3602]\",\"0xfa59320e27a41dc22dd4d32ebdce4bcf7ba260e0"
	    "b4c5d5f18469aefabeee2a3c\",\"HMAC-SHA-256-128 [RFC4868]\","
	    "\"0x39ac4c6f8ac94ad459ca2336c00c4e6143b85c5a9af13267ab84a692d0c3"
	    "c4f1\"\n");
	buf_free(&b);
}
END_TEST

START_TEST(test_gcm_names_and_no_integrity)
{
	struct ike_keys_export	k;
	struct buf		b = { 0 };
	char			*s;

	memset(&k, 0, sizeof(k));
	k.encr = IKE_ENCR_AES_GCM_16;
	k.encr_keylen = 128;
	k.integ = IKE_INTEG_NONE;
	k.e_len = 20;
	ck_assert_int_eq(dmn_keys_ike_line(&k, &b), 0);
	s = text(&b);
	ck_assert_ptr_nonnull(strstr(s, ",\"AES-GCM-128 with 16 octet ICV "
	    "[RFC5282]\",,,\"NONE [RFC4306]\"\n"));
	buf_free(&b);
	k.esp = 1;
	ck_assert_int_eq(dmn_keys_esp_lines(&k, &b), 0);
	s = text(&b);
	ck_assert_ptr_nonnull(strstr(s, "\"AES-GCM with 16 octet ICV "
	    "[RFC4106]\",\"0x0000000000000000000000000000000000000000\","
	    "\"NULL\",\"\"\n"));
	buf_free(&b);
	k.encr = 3;	/* 3DES: no */
	ck_assert_int_eq(dmn_keys_esp_lines(&k, &b), -1);
	buf_free(&b);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("savekeys");
	TCase	*tc = tcase_create("lines");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_ike_line_matches_lab_table);
	tcase_add_test(tc, test_esp_lines_match_lab_table);
	tcase_add_test(tc, test_gcm_names_and_no_integrity);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
