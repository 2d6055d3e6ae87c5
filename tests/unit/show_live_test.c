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

/* A child SA as the daemon sends it. */
static void
add_child(struct ctl_rec *ike, uint32_t spi_in, uint32_t spi_out,
    uint32_t encr, uint32_t keylen, uint32_t integ)
{
	struct ctl_rec	*c = ctl_rec_add_rec(ike, SL_CHILD_SA);

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(ctl_rec_add_u32(c, SL_SA_ID, 804), 0);
	ck_assert_int_eq(ctl_rec_add_str(c, SL_LOCAL_SEL,
	    "0.0.0.0/0 - 255.255.255.255/65535"), 0);
	ck_assert_int_eq(ctl_rec_add_str(c, SL_REMOTE_SEL,
	    "0.0.0.0/0 - 255.255.255.255/65535"), 0);
	ck_assert_int_eq(ctl_rec_add_u32(c, SL_SPI_IN, spi_in), 0);
	ck_assert_int_eq(ctl_rec_add_u32(c, SL_SPI_OUT, spi_out), 0);
	ck_assert_int_eq(ctl_rec_add_u32(c, SL_ENCR, encr), 0);
	ck_assert_int_eq(ctl_rec_add_u32(c, SL_ENCR_KEYLEN, keylen), 0);
	ck_assert_int_eq(ctl_rec_add_u32(c, SL_INTEG, integ), 0);
	ck_assert_int_eq(ctl_rec_add_u32(c, SL_PFS, 19), 0);
}

static struct ctl_rec *
ike_fields(struct ctl_rec *ike, uint32_t id)
{
	ctl_rec_add_u32(ike, SL_IKE_SA_ID, id);
	ctl_rec_add_str(ike, SL_LOCAL, "198.51.100.1");
	ctl_rec_add_u32(ike, SL_LOCAL_PORT, 500);
	ctl_rec_add_str(ike, SL_REMOTE, "198.51.100.2");
	ctl_rec_add_u32(ike, SL_REMOTE_PORT, 500);
	ctl_rec_add_str(ike, SL_IKE_STATUS, "READY");
	ctl_rec_add_str(ike, SL_IKE_STATUS_DESC, "Negotiation done");
	ctl_rec_add_str(ike, SL_ROLE, "Initiator");
	ctl_rec_add_u32(ike, SL_ENCR, 12);
	ctl_rec_add_u32(ike, SL_ENCR_KEYLEN, 256);
	ctl_rec_add_u32(ike, SL_PRF, 5);
	ctl_rec_add_u32(ike, SL_INTEG, 12);
	ctl_rec_add_u32(ike, SL_DH_GROUP, 20);
	ctl_rec_add_u32(ike, SL_AUTH_LOCAL, 2);
	ctl_rec_add_u32(ike, SL_AUTH_REMOTE, 2);
	ctl_rec_add_u32(ike, SL_LIFETIME, 600);
	ctl_rec_add_u32(ike, SL_ACTIVE_TIME, 43);
	ctl_rec_add_u64(ike, SL_LOCAL_SPI, 0x3B95C7FCC6A69D0AULL);
	ctl_rec_add_u64(ike, SL_REMOTE_SPI, 0xF44C4DBCFFEE67F0ULL);
	ctl_rec_add_str(ike, SL_LOCAL_ID, "198.51.100.1");
	ctl_rec_add_str(ike, SL_REMOTE_ID, "198.51.100.2");
	return ike;
}

/* The session of SPEC section 8's example. */
static struct ctl_rec *
spec_session(uint32_t sid)
{
	struct ctl_rec	*s = ctl_rec_new(), *ike;

	ck_assert_ptr_nonnull(s);
	ctl_rec_add_u32(s, SL_SESSION_ID, sid);
	ctl_rec_add_str(s, SL_TUNNEL, "tunnel-ip1");
	ctl_rec_add_str(s, SL_STATUS, "UP-ACTIVE");
	ctl_rec_add_u32(s, SL_IKE_COUNT, 1);
	ctl_rec_add_u32(s, SL_CHILD_COUNT, 1);
	ike = ike_fields(ctl_rec_add_rec(s, SL_IKE_SA), 1);
	add_child(ike, 0x6c7b15b7, 0xbff55acd, 12, 256, 12);
	return s;
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

	ck_assert_str_eq(s,
	    "Session ID          : 1\n"
	    "=====\n"
	    "Status              : UP-ACTIVE\n"
	    "IKE Count           : 1\n"
	    "Child Count         : 1\n"
	    "IKE SA ID           : 1\n"
	    "-----\n"
	    "Local               : 198.51.100.1/500\n"
	    "Remote              : 198.51.100.2/500\n"
	    "Status(Description) : READY (Negotiation done)\n"
	    "Role                : Initiator\n"
	    "Child SA\n"
	    "-----\n"
	    "Local Selector      : 0.0.0.0/0 - 255.255.255.255/65535\n"
	    "Remote Selector     : 0.0.0.0/0 - 255.255.255.255/65535\n"
	    "ESP SPI IN/OUT      : 0x6c7b15b7 / 0xbff55acd\n");
	free(s);
	free_recs(r, 1);
}
END_TEST

START_TEST(test_session_detail_puts_colons_at_28)
{
	struct ctl_rec	*r[1] = { spec_session(1) };
	char		*s = render(sl_render_ikev2_session, r, 1,
			    SL_F_DETAIL);

	ck_assert_str_eq(s,
	    "Session ID                  : 1\n"
	    "=====\n"
	    "Status                      : UP-ACTIVE\n"
	    "IKE Count                   : 1\n"
	    "Child Count                 : 1\n"
	    "IKE SA ID                   : 1\n"
	    "-----\n"
	    "Local                       : 198.51.100.1/500\n"
	    "Remote                      : 198.51.100.2/500\n"
	    "Status(Description)         : READY (Negotiation done)\n"
	    "Role                        : Initiator\n"
	    "Encryption/Keysize          : AES-CBC/256\n"
	    "PRF/Hash/DH Group           : SHA256/SHA256/20\n"
	    "Authentication(Sign/Verify) : PSK/PSK\n"
	    "Life/Active Time(sec)       : 600/43\n"
	    "Session ID                  : 1\n"
	    "Local SPI                   : 3B95C7FCC6A69D0A\n"
	    "Remote SPI                  : F44C4DBCFFEE67F0\n"
	    "Local ID                    : 198.51.100.1\n"
	    "Remote ID                   : 198.51.100.2\n"
	    "Child SA\n"
	    "-----\n"
	    "Local Selector              : 0.0.0.0/0 - 255.255.255.255/65535\n"
	    "Remote Selector             : 0.0.0.0/0 - 255.255.255.255/65535\n"
	    "ESP SPI IN/OUT              : 0x6c7b15b7 / 0xbff55acd\n"
	    "Encryption                  : AES-CBC\n"
	    "Keysize                     : 256\n"
	    "ESP HMAC                    : SHA256\n");
	free(s);
	free_recs(r, 1);
}
END_TEST

START_TEST(test_session_gcm_child_has_no_esp_hmac)
{
	struct ctl_rec	*r[1], *ike;
	char		*s;

	r[0] = ctl_rec_new();
	ctl_rec_add_u32(r[0], SL_SESSION_ID, 7);
	ctl_rec_add_str(r[0], SL_STATUS, "UP-ACTIVE");
	ike = ike_fields(ctl_rec_add_rec(r[0], SL_IKE_SA), 3);
	add_child(ike, 1, 2, 20, 128, 0);
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

	ctl_rec_add_u32(r[0], SL_OUT_ACTIVE, 1);
	ctl_rec_add_u32(r[0], SL_OUT_NEG, 1);
	ctl_rec_add_u32(r[0], SL_IN_ACTIVE, 0);
	ctl_rec_add_u32(r[0], SL_IN_NEG, 0);
	s = render(sl_render_ikev2_summary, r, 1, 0);
	ck_assert_str_eq(s,
	    "IKEv2 Session Summary\n"
	    "-----\n"
	    "Total Sa (Active/Negotiation)          : 2 (1/1)\n"
	    "Total Outgoing Sa (Active/Negotiation) : 2 (1/1)\n"
	    "Total Incoming Sa (Active/Negotiation) : 0 (0/0)\n");
	free(s);
	free_recs(r, 1);
}
END_TEST

static struct ctl_rec *
ipsec_rec(const char *ifname, uint32_t said, uint32_t in, uint32_t out)
{
	struct ctl_rec	*r = ctl_rec_new(), *d;
	int		 i;

	ctl_rec_add_str(r, SL_INTERFACE, ifname);
	ctl_rec_add_u32(r, SL_IF_HANDLE, 0x800090);
	ctl_rec_add_u32(r, SL_SA_ID, said);
	ctl_rec_add_str(r, SL_STATE, "INSTALLED");
	ctl_rec_add_str(r, SL_LOCAL, "198.51.100.5");
	ctl_rec_add_str(r, SL_REMOTE, "198.51.100.21");
	ctl_rec_add_u32(r, SL_ENCAP, 1);
	ctl_rec_add_u32(r, SL_PFS, 19);
	for (i = 0; i < 2; i++) {
		d = ctl_rec_add_rec(r, i == 0 ? SL_IN : SL_OUT);
		ctl_rec_add_u32(d, SL_SPI, i == 0 ? in : out);
		ctl_rec_add_u32(d, SL_ENCR, 12);
		ctl_rec_add_u32(d, SL_ENCR_KEYLEN, 192);
		ctl_rec_add_u32(d, SL_INTEG, 12);
		ctl_rec_add_u32(d, SL_REKEY_IN, 37);
		ctl_rec_add_u32(d, SL_EXPIRE_IN, 97);
		ctl_rec_add_u32(d, SL_LIFETIME, 600);
		ctl_rec_add_u64(d, SL_BYTES, 1234);
		ctl_rec_add_u64(d, SL_PACKETS, 12);
		ctl_rec_add_u64(d, SL_ERRORS, 1);
		ctl_rec_add_u64(d, SL_REPLAY_DROPS, 2);
	}
	return r;
}

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

	ck_assert_str_eq(s,
	    "Interface Name        : tunnel-ip1\n"
	    "Interface handle      : 0x800090\n"
	    "SA id                 : 713\n"
	    "Mode                  : Tunnel\n"
	    "-----\n"
	    "Inbound SA\n"
	    "SPI                   : 0xab487871\n"
	    "Protocol              : ESP\n"
	    "Encrypt Algorithm     : ESP_192_AES\n"
	    "Auth Algorithm        : HMAC_SHA_256\n"
	    "Rekey (After Seconds) : 37\n"
	    "-----\n"
	    "Outbound SA\n"
	    "SPI                   : 0x1488529e\n"
	    "Protocol              : ESP\n"
	    "Encrypt Algorithm     : ESP_192_AES\n"
	    "Auth Algorithm        : HMAC_SHA_256\n"
	    "Rekey (After Seconds) : 37\n");
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

START_TEST(test_ikev2_sa_table_and_detail)
{
	struct ctl_rec	*r[1] = { ike_fields(ctl_rec_new(), 4) };
	char		*s;

	ctl_rec_add_u32(r[0], SL_SESSION_ID, 1);
	ctl_rec_add_str(r[0], SL_TUNNEL, "tunnel-ip1");
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

START_TEST(test_statistics_counts_failures_by_reason)
{
	struct ctl_rec	*r[1] = { ctl_rec_new() }, *x;
	char		*s;

	x = ctl_rec_add_rec(r[0], SL_EXCHANGE);
	ctl_rec_add_str(x, SL_NAME, "IKE_SA_INIT");
	ctl_rec_add_u64(x, SL_SENT, 5);
	ctl_rec_add_u64(x, SL_RECEIVED, 2);
	ctl_rec_add_u64(r[0], "retransmits", 9);
	x = ctl_rec_add_rec(r[0], SL_FAILURE);
	ctl_rec_add_str(x, SL_REASON, "AUTHENTICATION_FAILED");
	ctl_rec_add_u64(x, SL_COUNT, 3);
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

	ctl_rec_add_str(r[0], SL_BACKEND, "none");
	ctl_rec_add_str(r[0], SL_REASON, "--dataplane none");
	ctl_rec_add_u32(r[0], SL_CHILD_SAS, 2);
	ck_assert_int_eq(sl_render(CTL_SHOW_IPSEC_DATAPLANE, &b, r, 1, 0), 0);
	buf_add_u8(&b, 0);
	ck_assert_str_eq((char *)b.data,
	    "Data plane          : none\n"
	    "Reason              : --dataplane none\n"
	    "Tunnels             : 0\n"
	    "Child SAs           : 2\n"
	    "ESP Received        : 0\n"
	    "ESP Dropped         : 0\n");
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
	tcase_add_test(tc, test_ikev2_sa_table_and_detail);
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
