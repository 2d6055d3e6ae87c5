/*
 * Golden tests for the live show renderers (cli/show_live.c): fixed state
 * records in, the exact text of SPEC section 8 out.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/show_live.h"
#include "tests/unit/spec8_fixture.h"

/* The session of SPEC section 8's example, as session sid. */
static struct ctl_rec *
spec_session(uint32_t sid)
{
	struct ctl_rec	*s = ctl_rec_new();

	ck_assert_ptr_nonnull(s);
	spec8_session(s, sid, 1);
	return s;
}

static struct ctl_rec *
ipsec_rec(const char *ifname, uint32_t said, uint32_t in, uint32_t out)
{
	struct ctl_rec	*r = ctl_rec_new();

	spec8_ipsec_sa(r, ifname, said, in, out);
	return r;
}

static char *
render(int (*fn)(struct buf *, struct ctl_rec *const *, size_t, unsigned),
    struct ctl_rec **recs, size_t n, unsigned flags)
{
	struct buf	 b = { 0 };
	char		*s;

	ck_assert_int_eq(fn(&b, recs, n, flags), 0);
	ck_assert_int_eq(buf_add_u8(&b, 0), 0);
	s = strdup((char *)b.data);
	buf_free(&b);
	return s;
}

static void
free_recs(struct ctl_rec **recs, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		ctl_rec_free(recs[i]);
}

START_TEST(test_session_matches_spec_layout)
{
	struct ctl_rec	*r[1] = { spec_session(1) };
	char		*s = render(sl_render_ikev2_session, r, 1, 0);

	ck_assert_str_eq(s, SPEC8_SESSION);
	free(s);
	free_recs(r, 1);
}
END_TEST

START_TEST(test_session_detail_puts_colons_at_28)
{
	struct ctl_rec	*r[1] = { spec_session(1) };
	char		*s = render(sl_render_ikev2_session, r, 1,
			    SL_F_DETAIL);

	ck_assert_str_eq(s, SPEC8_SESSION_DETAIL);
	free(s);
	free_recs(r, 1);
}
END_TEST

START_TEST(test_session_gcm_child_has_no_esp_hmac)
{
	struct ctl_rec	*r[1], *ike;
	char		*s;

	r[0] = ctl_rec_new();
	ctl_rec_add_u32(r[0], CTL_F_SESSION_ID, 7);
	ctl_rec_add_str(r[0], CTL_F_STATUS, "UP-ACTIVE");
	ike = spec8_ike_sa(ctl_rec_add_rec(r[0], CTL_F_IKE_SA), 3, 1);
	spec8_child_sa(ike, 1, 2, 20, 128, 0);
	s = render(sl_render_ikev2_session, r, 1, SL_F_DETAIL);
	ck_assert_ptr_nonnull(strstr(s,
	    "Encryption                  : AES-GCM\n"
	    "Keysize                     : 128\n"
	    "ESP HMAC                    : None\n"));
	free(s);
	free_recs(r, 1);
}
END_TEST

START_TEST(test_sessions_are_separated_by_one_empty_line)
{
	struct ctl_rec	*r[2] = { spec_session(1), spec_session(2) };
	char		*s = render(sl_render_ikev2_session, r, 2, 0);

	ck_assert_ptr_nonnull(strstr(s, "0xbff55acd\n\nSession ID          : "
	    "2\n=====\n"));
	ck_assert_ptr_null(strstr(s, "\n\n\n"));
	free(s);
	free_recs(r, 2);
}
END_TEST

START_TEST(test_nothing_to_show_is_one_empty_line)
{
	char	*s = render(sl_render_ikev2_session, NULL, 0, 0);

	ck_assert_str_eq(s, "\n");
	free(s);
	s = render(sl_render_ipsec_sa, NULL, 0, 0);
	ck_assert_str_eq(s, "\n");
	free(s);
	s = render(sl_render_ikev2_sa, NULL, 0, SL_F_DETAIL);
	ck_assert_str_eq(s, "\n");
	free(s);
}
END_TEST

START_TEST(test_summary_matches_spec_layout)
{
	struct ctl_rec	*r[1] = { ctl_rec_new() };
	char		*s;

	spec8_summary(r[0]);
	s = render(sl_render_ikev2_summary, r, 1, 0);
	ck_assert_str_eq(s, SPEC8_SUMMARY);
	free(s);
	free_recs(r, 1);
}
END_TEST

START_TEST(test_ipsec_sa_table_columns)
{
	struct ctl_rec	*r[2] = { ipsec_rec("tunnel-ip1", 804, 0x2c378849,
			    0xa9ed8828), ipsec_rec("tunnel-ip12", 5, 0x100,
			    0xffffffff) };
	char		*s = render(sl_render_ipsec_sa, r, 2, 0);

	ck_assert_str_eq(s,
	    "If/name          SA-Id    Inbound SPI   Outbound SPI\n"
	    "----------------------------------------------------\n"
	    "tunnel-ip1       804      0x2c378849    0xa9ed8828\n"
	    "tunnel-ip12      5        0x00000100    0xffffffff\n");
	free(s);
	free_recs(r, 2);
}
END_TEST

START_TEST(test_ipsec_sa_interface_matches_spec_layout)
{
	struct ctl_rec	*r[1] = { ipsec_rec("tunnel-ip1", 713, 0xab487871,
			    0x1488529e) };
	char		*s;

	s = render(sl_render_ipsec_sa, r, 1, SL_F_INTERFACE);

	ck_assert_str_eq(s, SPEC8_IPSEC_SA_INTERFACE);
	free(s);
	free_recs(r, 1);
}
END_TEST

START_TEST(test_ipsec_sa_detail_adds_counters)
{
	struct ctl_rec	*r[1] = { ipsec_rec("tunnel-ip1", 713, 0xab487871,
			    0x1488529e) };
	char		*s = render(sl_render_ipsec_sa, r, 1,
			    SL_F_INTERFACE | SL_F_DETAIL);

	ck_assert_ptr_nonnull(strstr(s,
	    "Mode                  : Tunnel\n"
	    "Local                 : 198.51.100.5\n"
	    "Remote                : 198.51.100.21\n"
	    "UDP Encapsulation     : Yes\n"
	    "PFS (DH Group)        : group19\n"
	    "State                 : INSTALLED\n"
	    "-----\n"));
	ck_assert_ptr_nonnull(strstr(s,
	    "Rekey (After Seconds) : 37\n"
	    "Lifetime (Seconds)    : 600\n"
	    "Expires (After Sec)   : 97\n"
	    "Packets               : 12\n"
	    "Bytes                 : 1234\n"
	    "Errors                : 1\n"
	    "Replay Drops          : 2\n"
	    "-----\n"
	    "Outbound SA\n"));
	free(s);
	free_recs(r, 1);
}
END_TEST

START_TEST(test_esp_algorithm_spellings)
{
	char	b[32];

	ck_assert_str_eq(sl_esp_encr_name(12, 128, b, sizeof(b)),
	    "ESP_128_AES");
	ck_assert_str_eq(sl_esp_encr_name(12, 256, b, sizeof(b)),
	    "ESP_256_AES");
	ck_assert_str_eq(sl_esp_encr_name(99, 256, b, sizeof(b)), "Unknown");
	ck_assert_str_eq(sl_esp_auth_name(2), "HMAC_SHA1");
	ck_assert_str_eq(sl_esp_auth_name(12), "HMAC_SHA_256");
	ck_assert_str_eq(sl_esp_auth_name(13), "HMAC_SHA_384");
	ck_assert_str_eq(sl_esp_auth_name(14), "HMAC_SHA_512");
	ck_assert_str_eq(sl_hash_name(7, 1), "SHA512");
	ck_assert_str_eq(sl_hash_name(2, 0), "SHA1");
	ck_assert_str_eq(sl_auth_name(14), "RSA");
}
END_TEST

/* ESP AES-GCM (transform esp-gcm-128|256): names SPEC leaves open. */
START_TEST(test_esp_gcm_spellings)
{
	char	b[32];

	ck_assert_str_eq(sl_esp_encr_name(20, 128, b, sizeof(b)),
	    "ESP_128_GCM");
	ck_assert_str_eq(sl_esp_encr_name(20, 256, b, sizeof(b)),
	    "ESP_256_GCM");
	ck_assert_str_eq(sl_esp_encr_name(20, 192, b, sizeof(b)), "Unknown");
	ck_assert_str_eq(sl_esp_auth_name(0), "None");
	ck_assert_str_eq(sl_ike_encr_name(20), "AES-GCM");
	ck_assert_str_eq(sl_hash_name(0, 0), "None");
}
END_TEST

START_TEST(test_ikev2_sa_table_and_detail)
{
	struct ctl_rec	*r[1] = { spec8_ike_sa(ctl_rec_new(), 4, 1) };
	char		*s;

	ctl_rec_add_u32(r[0], CTL_F_SESSION_ID, 1);
	ctl_rec_add_str(r[0], CTL_F_TUNNEL, "tunnel-ip1");
	s = render(sl_render_ikev2_sa, r, 1, 0);
	ck_assert_str_eq(s,
	    "Tunnel-id Local                 Remote                "
	    "fvrf/ivrf            Status\n"
	    "4         198.51.100.1/500      198.51.100.2/500      "
	    "none/none            READY\n"
	    "      Encr: AES-CBC, keysize: 256, PRF: SHA256, Hash: SHA256, "
	    "DH Grp:20, Auth sign: PSK, Auth verify: PSK\n"
	    "      Life/Active Time: 600/43 sec\n");
	free(s);
	s = render(sl_render_ikev2_sa, r, 1, SL_F_DETAIL);
	ck_assert_ptr_nonnull(strstr(s, "      Local spi: 3B95C7FCC6A69D0A"
	    "       Remote spi: F44C4DBCFFEE67F0\n"));
	ck_assert_ptr_nonnull(strstr(s, "Interface: tunnel-ip1\n"));
	free(s);
	free_recs(r, 1);
}
END_TEST

START_TEST(test_ikev2_sa_detail_certificates)
{
	struct ctl_rec	*r[1] = { spec8_ike_sa(ctl_rec_new(), 4, 1) };
	char		*s;

	/* PSK both ways: no certificate lines. */
	s = render(sl_render_ikev2_sa, r, 1, SL_F_DETAIL);
	ck_assert_ptr_null(strstr(s, "Signature"));
	ck_assert_ptr_null(strstr(s, "Peer certificate"));
	free(s);
	ctl_rec_add_str(r[0], CTL_F_SIG_LOCAL, "RSASSA-PSS SHA-512");
	ctl_rec_add_str(r[0], CTL_F_SIG_REMOTE, "RSA PKCS#1 v1.5 SHA-256");
	ctl_rec_add_str(r[0], CTL_F_PEER_CERT, "CN=router2,O=mgmtsec test");
	s = render(sl_render_ikev2_sa, r, 1, SL_F_DETAIL);
	ck_assert_ptr_nonnull(strstr(s, "      Remote id: 198.51.100.2\n"
	    "      Signature sign: RSASSA-PSS SHA-512, Signature verify: "
	    "RSA PKCS#1 v1.5 SHA-256\n"
	    "      Peer certificate: CN=router2,O=mgmtsec test\n"));
	free(s);
	/* Not in the short form. */
	s = render(sl_render_ikev2_sa, r, 1, 0);
	ck_assert_ptr_null(strstr(s, "Signature"));
	free(s);
	free_recs(r, 1);
	/* Mixed: we sign, the peer used its pre-shared key. */
	r[0] = spec8_ike_sa(ctl_rec_new(), 5, 1);
	ctl_rec_add_str(r[0], CTL_F_SIG_LOCAL, "RSA PKCS#1 v1.5 SHA-1");
	s = render(sl_render_ikev2_sa, r, 1, SL_F_DETAIL);
	ck_assert_ptr_nonnull(strstr(s, "      Signature sign: RSA PKCS#1 "
	    "v1.5 SHA-1, Signature verify: none (pre-shared key)\n"));
	ck_assert_ptr_null(strstr(s, "Peer certificate"));
	free(s);
	free_recs(r, 1);
}
END_TEST

static void
ca_cert(struct ctl_rec *tp, const char *role, const char *subj,
    const char *iss, const char *serial, unsigned bits)
{
	struct ctl_rec	*x = ctl_rec_add_rec(tp, CTL_F_CERT);

	ctl_rec_add_str(x, CTL_F_CERT_ROLE, role);
	ctl_rec_add_str(x, CTL_F_SUBJECT, subj);
	ctl_rec_add_str(x, CTL_F_ISSUER, iss);
	ctl_rec_add_str(x, CTL_F_SERIAL, serial);
	ctl_rec_add_str(x, CTL_F_NOT_BEFORE, "2026-12-06 15:00:00 UTC");
	ctl_rec_add_str(x, CTL_F_NOT_AFTER, "2036-12-04 15:00:00 UTC");
	ctl_rec_add_u32(x, CTL_F_KEY_BITS, bits);
}

START_TEST(test_crypto_ca_certificates)
{
	struct ctl_rec	*r[2] = { ctl_rec_new(), ctl_rec_new() };
	struct buf	 b = { 0 };
	char		*s;

	ctl_rec_add_str(r[0], CTL_F_TRUSTPOINT, "TP");
	ctl_rec_add_str(r[0], CTL_F_ERROR, "");
	ca_cert(r[0], "CA", "CN=mgmtsec test CA,O=mgmtsec test",
	    "CN=mgmtsec test CA,O=mgmtsec test", "3A1F", 2048);
	ca_cert(r[0], "Router", "CN=router1,O=mgmtsec test",
	    "CN=mgmtsec test CA,O=mgmtsec test", "1000", 3072);
	ctl_rec_add_str(r[1], CTL_F_TRUSTPOINT, "BAD");
	ctl_rec_add_str(r[1], CTL_F_ERROR, "cannot read CA certificate file "
	    "/x\n");
	s = render(sl_render_crypto_ca, r, 2, 0);
	ck_assert_str_eq(s,
	    "Trustpoint       : TP\n"
	    "==================================================\n"
	    "CA certificate\n"
	    "  Serial Number  : 0x3A1F\n"
	    "  Subject:\n"
	    "        CN=mgmtsec test CA,O=mgmtsec test\n"
	    "  Issued By      :\n"
	    "        CN=mgmtsec test CA,O=mgmtsec test\n"
	    "  Validity Start : 2026-12-06 15:00:00 UTC\n"
	    "  Validity End   : 2036-12-04 15:00:00 UTC\n"
	    "  Key Size       : 2048 bits\n"
	    "Router certificate\n"
	    "  Status         : Available\n"
	    "  Serial Number  : 0x1000\n"
	    "  Subject:\n"
	    "        CN=router1,O=mgmtsec test\n"
	    "  Issued By      :\n"
	    "        CN=mgmtsec test CA,O=mgmtsec test\n"
	    "  Validity Start : 2026-12-06 15:00:00 UTC\n"
	    "  Validity End   : 2036-12-04 15:00:00 UTC\n"
	    "  Key Size       : 3072 bits\n"
	    "\n"
	    "Trustpoint       : BAD\n"
	    "==================================================\n"
	    "Status           : Unusable: cannot read CA certificate file "
	    "/x\\x0a\n");
	free(s);
	/* Through the dispatcher; no trustpoints: one empty line. */
	ck_assert_int_eq(sl_render(CTL_SHOW_CRYPTO_CA, &b, r, 0, 0), 0);
	buf_add_u8(&b, 0);
	ck_assert_str_eq((char *)b.data, "\n");
	buf_free(&b);
	free_recs(r, 2);
}
END_TEST

START_TEST(test_statistics_counts_failures_by_reason)
{
	struct ctl_rec	*r[1] = { ctl_rec_new() }, *x;
	char		*s;

	x = ctl_rec_add_rec(r[0], CTL_F_EXCHANGE);
	ctl_rec_add_str(x, CTL_F_NAME, "IKE_SA_INIT");
	ctl_rec_add_u64(x, CTL_F_SENT, 5);
	ctl_rec_add_u64(x, CTL_F_RECEIVED, 2);
	ctl_rec_add_u64(r[0], "retransmits", 9);
	x = ctl_rec_add_rec(r[0], CTL_F_FAILURE);
	ctl_rec_add_str(x, CTL_F_REASON, "AUTHENTICATION_FAILED");
	ctl_rec_add_u64(x, CTL_F_COUNT, 3);
	s = render(sl_render_ikev2_statistics, r, 1, 0);
	ck_assert_ptr_nonnull(strstr(s, "IKEv2 Statistics\n-----\n"
	    "IKE_SA_INIT Sent/Received        : 5/2\n"
	    "Retransmissions                  : 9\n"));
	ck_assert_ptr_nonnull(strstr(s, "Failures\n-----\n"
	    "AUTHENTICATION_FAILED            : 3\n"));
	ck_assert_ptr_nonnull(strstr(s, "Half-open IKE SAs                "
	    ": 0\n"));
	free(s);
	free_recs(r, 1);
}
END_TEST

START_TEST(test_dataplane_and_dispatch)
{
	struct ctl_rec	*r[1] = { ctl_rec_new() };
	struct buf	 b = { 0 };

	ctl_rec_add_str(r[0], CTL_F_BACKEND, "none");
	ctl_rec_add_str(r[0], CTL_F_REASON, "--dataplane none");
	ctl_rec_add_str(r[0], CTL_F_MODE, "userspace (TUN)");
	ctl_rec_add_u32(r[0], CTL_F_CHILD_SAS, 2);
	ctl_rec_add_u64(r[0], CTL_F_PACKETS_OUT, 7);
	ctl_rec_add_u64(r[0], CTL_F_DROPS_BAD, 1);
	ck_assert_int_eq(sl_render(CTL_SHOW_IPSEC_DATAPLANE, &b, r, 1, 0), 0);
	buf_add_u8(&b, 0);
	ck_assert_str_eq((char *)b.data,
	    "Data plane          : none\n"
	    "Reason              : --dataplane none\n"
	    "Mode                : userspace (TUN)\n"
	    "Tunnels             : 0\n"
	    "Child SAs           : 2\n"
	    "Packets Out         : 7\n"
	    "Packets In          : 0\n"
	    "Drops (no SA)       : 0\n"
	    "Drops (invalid)     : 1\n"
	    "Drops (system)      : 0\n"
	    "ESP-in-UDP Received : 0\n"
	    "ESP-in-UDP Dropped  : 0\n");
	ck_assert_int_eq(sl_render(CTL_HELLO, &b, r, 1, 0), -1);
	buf_free(&b);
	free_recs(r, 1);
}
END_TEST

START_TEST(test_daemon_strings_are_escaped)
{
	struct ctl_rec	*r[1] = { ipsec_rec("tun\nnel\x1b[2J", 1, 2, 3) };
	char		*s = render(sl_render_ipsec_sa, r, 1, 0);

	ck_assert_ptr_nonnull(strstr(s, "tun\\x0anel\\x1b[2J      1 "));
	ck_assert_ptr_null(strchr(s, 0x1b));
	free(s);
	s = render(sl_render_ipsec_sa, r, 1, SL_F_INTERFACE);
	ck_assert_ptr_nonnull(strstr(s, "Interface Name        : "
	    "tun\\x0anel\\x1b[2J\n"));
	free(s);
	free_recs(r, 1);
}
END_TEST

static Suite *
show_live_suite(void)
{
	Suite	*s = suite_create("show_live");
	TCase	*tc = tcase_create("render");

	tcase_add_test(tc, test_session_matches_spec_layout);
	tcase_add_test(tc, test_session_detail_puts_colons_at_28);
	tcase_add_test(tc, test_session_gcm_child_has_no_esp_hmac);
	tcase_add_test(tc, test_sessions_are_separated_by_one_empty_line);
	tcase_add_test(tc, test_nothing_to_show_is_one_empty_line);
	tcase_add_test(tc, test_summary_matches_spec_layout);
	tcase_add_test(tc, test_ipsec_sa_table_columns);
	tcase_add_test(tc, test_ipsec_sa_interface_matches_spec_layout);
	tcase_add_test(tc, test_ipsec_sa_detail_adds_counters);
	tcase_add_test(tc, test_esp_algorithm_spellings);
	tcase_add_test(tc, test_esp_gcm_spellings);
	tcase_add_test(tc, test_ikev2_sa_table_and_detail);
	tcase_add_test(tc, test_ikev2_sa_detail_certificates);
	tcase_add_test(tc, test_crypto_ca_certificates);
	tcase_add_test(tc, test_statistics_counts_failures_by_reason);
	tcase_add_test(tc, test_dataplane_and_dispatch);
	tcase_add_test(tc, test_daemon_strings_are_escaped);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(show_live_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
