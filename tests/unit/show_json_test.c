/*
 * Golden tests for `| json` of the live shows (cli/show_json.c): the
 * records of SPEC section 8's example (spec8_fixture.h, the same ones the
 * text renderers' golden tests use) in, exact compact JSON out; plus the
 * rules every shape keeps: detail only adds keys, counters print exactly
 * as 64-bit integers, daemon strings come out as valid JSON and UTF-8.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmdtab.h"
#include "cli/json_cmds.h"
#include "cli/json_out.h"
#include "cli/show_if.h"
#include "cli/show_json.h"
#include "cli/show_live.h"
#include "tests/unit/spec8_fixture.h"

/* The compact document of one reply (as the golden strings hold it). */
static char *
js(uint16_t type, struct ctl_rec **recs, size_t n, unsigned flags)
{
	struct json_object	*o = sj_render(type, recs, n, flags);
	struct buf		 b = { 0 };
	char			*s;

	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(jo_write(o, 0, &b), 0);
	json_object_put(o);
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

/* Every key of a (recursively, objects in arrays too) is in b. */
static int
keys_within(struct json_object *a, struct json_object *b)
{
	struct json_object	*bv;
	size_t			 i;

	if (json_object_is_type(a, json_type_array)) {
		if (!json_object_is_type(b, json_type_array) ||
		    json_object_array_length(a) != json_object_array_length(b))
			return 0;
		for (i = 0; i < json_object_array_length(a); i++)
			if (!keys_within(json_object_array_get_idx(a, i),
			    json_object_array_get_idx(b, i)))
				return 0;
		return 1;
	}
	if (!json_object_is_type(a, json_type_object))
		return json_object_get_type(a) == json_object_get_type(b);
	json_object_object_foreach(a, k, v) {
		if (strcmp(k, "detail") == 0)
			continue;
		if (!json_object_object_get_ex(b, k, &bv) ||
		    !keys_within(v, bv))
			return 0;
	}
	return 1;
}

#define SESSION_BASE \
	"\"session-id\":1,\"tunnel\":\"tunnel-ip1\",\"status\":\"UP-ACTIVE\"," \
	"\"ike-count\":1,\"child-count\":1,\"ike-sas\":[{\"ike-sa-id\":1," \
	"\"local\":\"198.51.100.1\",\"local-port\":500," \
	"\"remote\":\"198.51.100.2\",\"remote-port\":500," \
	"\"status\":\"READY\"," \
	"\"status-description\":\"Negotiation done\",\"role\":\"Initiator\","
#define IKE_ALGS \
	"\"encryption\":\"AES-CBC\",\"encryption-id\":12,\"keysize\":256," \
	"\"prf\":\"SHA256\",\"prf-id\":5,\"integrity\":\"SHA256\"," \
	"\"integrity-id\":12,\"dh-group\":20,\"auth-local\":\"PSK\"," \
	"\"auth-local-id\":2,\"auth-remote\":\"PSK\",\"auth-remote-id\":2," \
	"\"lifetime\":600,\"active-time\":43"
#define IKE_IDS \
	"\"local-spi\":\"3B95C7FCC6A69D0A\"," \
	"\"remote-spi\":\"F44C4DBCFFEE67F0\"," \
	"\"local-id\":\"198.51.100.1\",\"remote-id\":\"198.51.100.2\""
#define SELECTORS \
	"\"sa-id\":804," \
	"\"local-selectors\":[\"0.0.0.0/0 - 255.255.255.255/65535\"]," \
	"\"remote-selectors\":[\"0.0.0.0/0 - 255.255.255.255/65535\"]," \
	"\"spi-in\":1820005815,\"spi-out\":3220527821"

START_TEST(test_session_detail_golden)
{
	struct ctl_rec	*r[1] = { ctl_rec_new() };
	char		*s;

	spec8_session(r[0], 1, 1);
	s = js(CTL_SHOW_IKEV2_SESSION, r, 1, SL_F_DETAIL);
	/* 0x6c7b15b7 / 0xbff55acd of the table, as integers. */
	ck_assert_str_eq(s, "{\"schema\":\"ikev2-session\",\"version\":1,"
	    "\"detail\":true,\"sessions\":[{" SESSION_BASE IKE_ALGS "," IKE_IDS
	    ",\"child-sas\":[{" SELECTORS ",\"encryption\":\"AES-CBC\","
	    "\"encryption-id\":12,\"keysize\":256,\"integrity\":\"SHA256\","
	    "\"integrity-id\":12}]}]}]}\n");
	free(s);
	free_recs(r, 1);
}
END_TEST

START_TEST(test_session_brief_golden)
{
	struct ctl_rec	*r[1] = { ctl_rec_new() };
	char		*s;

	spec8_session(r[0], 1, 0);
	s = js(CTL_SHOW_IKEV2_SESSION, r, 1, 0);
	ck_assert_str_eq(s, "{\"schema\":\"ikev2-session\",\"version\":1,"
	    "\"detail\":false,\"sessions\":[{" SESSION_BASE
	    "\"child-sas\":[{" SELECTORS "}]}]}]}\n");
	free(s);
	free_recs(r, 1);
}
END_TEST

START_TEST(test_ikev2_sa_golden)
{
	struct ctl_rec	*r[1] = { spec8_ike_sa(ctl_rec_new(), 4, 1) };
	char		*s;

	ctl_rec_add_u32(r[0], CTL_F_SESSION_ID, 1);
	ctl_rec_add_str(r[0], CTL_F_TUNNEL, "tunnel-ip1");
	s = js(CTL_SHOW_IKEV2_SA, r, 1, 0);
	ck_assert_str_eq(s, "{\"schema\":\"ikev2-sa\",\"version\":1,"
	    "\"detail\":false,\"sas\":[{\"ike-sa-id\":4,"
	    "\"local\":\"198.51.100.1\",\"local-port\":500,"
	    "\"remote\":\"198.51.100.2\",\"remote-port\":500,"
	    "\"status\":\"READY\",\"status-description\":\"Negotiation done\","
	    "\"role\":\"Initiator\"," IKE_ALGS "}]}\n");
	free(s);
	free_recs(r, 1);
}
END_TEST

#define IPSEC_DIR(spi) \
	"\"spi\":" spi ",\"protocol\":\"ESP\",\"encryption\":\"ESP_192_AES\"," \
	"\"encryption-id\":12,\"keysize\":192,\"integrity\":\"HMAC_SHA_256\"," \
	"\"integrity-id\":12,\"rekey-in\":37"
#define IPSEC_DIR_DETAIL \
	",\"lifetime\":600,\"expire-in\":97,\"packets\":12,\"bytes\":1234," \
	"\"errors\":1,\"replay-drops\":2"

START_TEST(test_ipsec_sa_golden)
{
	struct ctl_rec	*r[1] = { ctl_rec_new() };
	char		*s;

	spec8_ipsec_sa(r[0], "tunnel-ip1", 804, 0x2c378849, 0xa9ed8828);
	s = js(CTL_SHOW_IPSEC_SA, r, 1, SL_F_DETAIL);
	ck_assert_str_eq(s, "{\"schema\":\"ipsec-sa\",\"version\":1,"
	    "\"detail\":true,\"sas\":[{\"interface\":\"tunnel-ip1\","
	    "\"if-handle\":8388752,\"sa-id\":804,\"mode\":\"Tunnel\","
	    "\"local\":\"198.51.100.5\",\"remote\":\"198.51.100.21\","
	    "\"udp-encapsulation\":true,\"pfs-group\":19,"
	    "\"state\":\"INSTALLED\",\"inbound\":{" IPSEC_DIR("741836873")
	    IPSEC_DIR_DETAIL "},\"outbound\":{" IPSEC_DIR("2850916392")
	    IPSEC_DIR_DETAIL "}}]}\n");
	free(s);
	/* The brief table and `interface X` share the one brief shape. */
	s = js(CTL_SHOW_IPSEC_SA, r, 1, 0);
	ck_assert_str_eq(s, "{\"schema\":\"ipsec-sa\",\"version\":1,"
	    "\"detail\":false,\"sas\":[{\"interface\":\"tunnel-ip1\","
	    "\"if-handle\":8388752,\"sa-id\":804,\"mode\":\"Tunnel\","
	    "\"inbound\":{" IPSEC_DIR("741836873") "},\"outbound\":{"
	    IPSEC_DIR("2850916392") "}}]}\n");
	free(s);
	s = js(CTL_SHOW_IPSEC_SA, r, 1, SL_F_INTERFACE);
	ck_assert_ptr_nonnull(strstr(s, "\"detail\":false"));
	ck_assert_ptr_null(strstr(s, "\"packets\""));
	free(s);
	free_recs(r, 1);
}
END_TEST

START_TEST(test_detail_only_adds_keys)
{
	static const uint16_t	 types[] = { CTL_SHOW_IKEV2_SESSION,
				    CTL_SHOW_IKEV2_SA, CTL_SHOW_IPSEC_SA };
	struct ctl_rec		*r[1];
	struct json_object	*brief, *detail;
	size_t			 i;

	for (i = 0; i < 3; i++) {
		r[0] = ctl_rec_new();
		if (types[i] == CTL_SHOW_IKEV2_SESSION)
			spec8_session(r[0], 1, 1);
		else if (types[i] == CTL_SHOW_IKEV2_SA)
			spec8_ike_sa(r[0], 1, 1);
		else
			spec8_ipsec_sa(r[0], "tunnel-ip1", 1, 2, 3);
		brief = sj_render(types[i], r, 1, 0);
		detail = sj_render(types[i], r, 1, SL_F_DETAIL);
		ck_assert_msg(keys_within(brief, detail), "type %u", types[i]);
		ck_assert_msg(!keys_within(detail, brief), "type %u", types[i]);
		json_object_put(brief);
		json_object_put(detail);
		ctl_rec_free(r[0]);
	}
}
END_TEST

START_TEST(test_summary_golden)
{
	struct ctl_rec	*r[1] = { ctl_rec_new() };
	char		*s;

	spec8_summary(r[0]);
	s = js(CTL_SHOW_IKEV2_SUMMARY, r, 1, 0);
	ck_assert_str_eq(s, "{\"schema\":\"ikev2-summary\",\"version\":1,"
	    "\"total\":{\"sas\":2,\"active\":1,\"negotiating\":1},"
	    "\"outgoing\":{\"sas\":2,\"active\":1,\"negotiating\":1},"
	    "\"incoming\":{\"sas\":0,\"active\":0,\"negotiating\":0}}\n");
	free(s);
	free_recs(r, 1);
}
END_TEST

START_TEST(test_statistics_every_counter_exactly)
{
	struct ctl_rec		*r[1] = { ctl_rec_new() }, *x;
	struct json_object	*o, *c, *v;
	char			*s;
	size_t			 i;

	x = ctl_rec_add_rec(r[0], CTL_F_EXCHANGE);
	ctl_rec_add_str(x, CTL_F_NAME, "IKE_SA_INIT");
	ctl_rec_add_u64(x, CTL_F_SENT, 5);
	ctl_rec_add_u64(x, CTL_F_RECEIVED, 2);
	/* Past 2^53: must not go through a double. */
	ctl_rec_add_u64(r[0], "retransmits", UINT64_MAX);
	ctl_rec_add_u64(r[0], "heap-in-use", 9007199254740993ULL);
	x = ctl_rec_add_rec(r[0], CTL_F_FAILURE);
	ctl_rec_add_str(x, CTL_F_REASON, "AUTHENTICATION_FAILED");
	ctl_rec_add_u64(x, CTL_F_COUNT, 3);
	s = js(CTL_SHOW_IKEV2_STATISTICS, r, 1, 0);
	ck_assert_ptr_nonnull(strstr(s, "{\"schema\":\"ikev2-statistics\","
	    "\"version\":1,\"exchanges\":[{\"name\":\"IKE_SA_INIT\","
	    "\"sent\":5,\"received\":2}],\"counters\":{"
	    "\"retransmits\":18446744073709551615,\"responses-resent\":0,"));
	ck_assert_ptr_nonnull(strstr(s, "\"heap-in-use\":9007199254740993,"));
	ck_assert_ptr_nonnull(strstr(s, "\"failures\":[{\"reason\":"
	    "\"AUTHENTICATION_FAILED\",\"count\":3}]}\n"));
	/* One integer key per counter of the table, in its order. */
	o = sj_render(CTL_SHOW_IKEV2_STATISTICS, r, 1, 0);
	ck_assert(json_object_object_get_ex(o, "counters", &c));
	ck_assert_int_eq(json_object_object_length(c), CTL_IKEC_MAX);
	for (i = 0; i < CTL_IKEC_MAX; i++) {
		ck_assert_msg(json_object_object_get_ex(c,
		    ctl_ike_counters[i].field, &v), "%s",
		    ctl_ike_counters[i].field);
		ck_assert(json_object_is_type(v, json_type_int));
	}
	json_object_put(o);
	free(s);
	free_recs(r, 1);
}
END_TEST

START_TEST(test_dataplane_golden)
{
	struct ctl_rec	*r[1] = { ctl_rec_new() };
	char		*s;

	ctl_rec_add_str(r[0], CTL_F_BACKEND, "none");
	ctl_rec_add_str(r[0], CTL_F_REASON, "--dataplane none");
	ctl_rec_add_str(r[0], CTL_F_MODE, "userspace (TUN)");
	ctl_rec_add_u32(r[0], CTL_F_CHILD_SAS, 2);
	ctl_rec_add_u64(r[0], CTL_F_PACKETS_OUT, 7);
	ctl_rec_add_u64(r[0], CTL_F_DROPS_BAD, 1);
	s = js(CTL_SHOW_IPSEC_DATAPLANE, r, 1, 0);
	ck_assert_str_eq(s, "{\"schema\":\"ipsec-dataplane\",\"version\":1,"
	    "\"backend\":\"none\",\"reason\":\"--dataplane none\","
	    "\"mode\":\"userspace (TUN)\",\"tunnels\":0,\"child-sas\":2,"
	    "\"packets-out\":7,\"packets-in\":0,\"drops-no-sa\":0,"
	    "\"drops-bad\":1,\"drops-io\":0,\"esp-received\":0,"
	    "\"esp-dropped\":0}\n");
	free(s);
	free_recs(r, 1);
}
END_TEST

START_TEST(test_empty_replies_and_bad_type)
{
	char	*s;

	s = js(CTL_SHOW_IKEV2_SESSION, NULL, 0, 0);
	ck_assert_str_eq(s, "{\"schema\":\"ikev2-session\",\"version\":1,"
	    "\"detail\":false,\"sessions\":[]}\n");
	free(s);
	s = js(CTL_SHOW_IPSEC_SA, NULL, 0, SL_F_DETAIL);
	ck_assert_str_eq(s, "{\"schema\":\"ipsec-sa\",\"version\":1,"
	    "\"detail\":true,\"sas\":[]}\n");
	free(s);
	s = js(CTL_SHOW_IKEV2_STATISTICS, NULL, 0, 0);
	ck_assert_ptr_nonnull(strstr(s, "\"exchanges\":[],\"counters\":{"
	    "\"retransmits\":0,"));
	free(s);
	ck_assert_ptr_null(sj_render(CTL_HELLO, NULL, 0, 0));
	ck_assert_ptr_null(sj_render(CTL_CLEAR_IPSEC_SA, NULL, 0, 0));
}
END_TEST

START_TEST(test_daemon_strings_stay_valid_json)
{
	struct ctl_rec		*r[1] = { ctl_rec_new() };
	struct json_object	*o, *sas, *name;
	enum json_tokener_error	 e;
	char			*s;

	/* Control bytes, a quote, a backslash, a slash, bad UTF-8 (a lone
	 * continuation byte, a truncated sequence, an overlong form), and
	 * good UTF-8. */
	spec8_ipsec_sa(r[0], "t\"u\\n/\n\x1b[2J\x80\xe2\x82\xc0\xaf\xc3\xa9",
	    1, 2, 3);
	s = js(CTL_SHOW_IPSEC_SA, r, 1, 0);
	ck_assert_ptr_nonnull(strstr(s, "\"interface\":\"t\\\"u\\\\n/\\n"
	    "\\u001b[2J\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd\xc3\xa9\""));
	o = json_tokener_parse_verbose(s, &e);
	ck_assert_int_eq(e, json_tokener_success);
	ck_assert(json_object_object_get_ex(o, "sas", &sas));
	ck_assert(json_object_object_get_ex(json_object_array_get_idx(sas, 0),
	    "interface", &name));
	ck_assert_str_eq(json_object_get_string(name), "t\"u\\n/\n\x1b[2J"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	    "\xc3\xa9");
	json_object_put(o);
	free(s);
	free_recs(r, 1);
}
END_TEST

START_TEST(test_utf8_clean)
{
	static const struct {
		const char	*in, *out;
	} v[] = {
		{ "", "" },
		{ "plain", "plain" },
		{ "\xc3\xa9\xe2\x82\xac\xf0\x9f\x94\x91", "\xc3\xa9\xe2\x82\xac"
		    "\xf0\x9f\x94\x91" },
		{ "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
		    "\xef\xbf\xbd" },
		{ "a\xe2\x82", "a\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xff", "\xef\xbf\xbd" },
	};
	size_t	i;
	char	*s;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		s = jo_utf8_clean(v[i].in);
		ck_assert_str_eq(s, v[i].out);
		free(s);
	}
}
END_TEST

START_TEST(test_pretty_is_the_same_document)
{
	struct ctl_rec		*r[1] = { ctl_rec_new() };
	struct json_object	*o = NULL, *p;
	struct buf		 b = { 0 };

	spec8_session(r[0], 1, 1);
	o = sj_render(CTL_SHOW_IKEV2_SESSION, r, 1, SL_F_DETAIL);
	ck_assert_int_eq(jo_write(o, JO_PRETTY, &b), 0);
	buf_add_u8(&b, 0);
	/* What the shell prints: indented, slashes not escaped. */
	ck_assert_ptr_nonnull(strstr((char *)b.data, "\n  \"schema\": "
	    "\"ikev2-session\",\n"));
	ck_assert_ptr_nonnull(strstr((char *)b.data, "0.0.0.0/0 - "));
	p = json_tokener_parse((char *)b.data);
	ck_assert_ptr_nonnull(p);
	ck_assert(json_object_equal(o, p));
	json_object_put(p);
	json_object_put(o);
	buf_free(&b);
	free_recs(r, 1);
}
END_TEST

/* show interfaces | json: the states are the table's words, numbers are
 * integers, a missing address is null; ipv4/ipv6 views keep fewer keys. */
START_TEST(test_interfaces_golden)
{
	struct ctl_rec		*r[2] = { ctl_rec_new(), ctl_rec_new() };
	struct json_object	*o;
	struct buf		 b = { 0 };

	ctl_rec_add_str(r[0], CTL_F_INTERFACE, "tunnel-ip1");
	ctl_rec_add_str(r[0], CTL_F_ADDRESS, "192.0.2.1");
	ctl_rec_add_u32(r[0], CTL_F_PREFIX_LEN, 30);
	ctl_rec_add_u32(r[0], CTL_F_EXISTS, 1);
	ctl_rec_add_u32(r[0], CTL_F_ADMIN_UP, 1);
	ctl_rec_add_u32(r[0], CTL_F_OPER_UP, 1);
	ctl_rec_add_u32(r[0], CTL_F_MTU, 1400);
	ctl_rec_add_str(r[0], CTL_F_LOCAL, "198.51.100.1");
	ctl_rec_add_str(r[0], CTL_F_REMOTE, "198.51.100.2");
	ctl_rec_add_u32(r[0], CTL_F_CHILD_SAS, 1);
	ctl_rec_add_u64(r[0], CTL_F_RX_BYTES, 18446744073709551615ULL);
	ctl_rec_add_str(r[1], CTL_F_INTERFACE, "tunnel-ip2");
	ctl_rec_add_u32(r[1], CTL_F_SHUTDOWN, 1);
	o = sj_render_interfaces(r, 2, SL_IF_IPV4);
	ck_assert_int_eq(jo_write(o, 0, &b), 0);
	buf_add_u8(&b, 0);
	ck_assert_str_eq((char *)b.data, "{\"schema\":\"ipv4-interface\","
	    "\"version\":1,\"interfaces\":[{\"interface\":\"tunnel-ip1\","
	    "\"state\":\"up\",\"line-protocol\":\"up\",\"address\":"
	    "\"192.0.2.1\",\"prefix-len\":30,\"mtu\":1400},"
	    "{\"interface\":\"tunnel-ip2\",\"state\":"
	    "\"administratively down\",\"line-protocol\":\"down\","
	    "\"address\":null,\"prefix-len\":null,\"mtu\":0}]}\n");
	json_object_put(o);
	buf_free(&b);
	o = sj_render_interfaces(r, 2, SL_IF_INTERFACES);
	ck_assert_int_eq(jo_write(o, 0, &b), 0);
	buf_add_u8(&b, 0);
	ck_assert_ptr_nonnull(strstr((char *)b.data, "\"remote\":"
	    "\"198.51.100.2\",\"child-sas\":1,\"rx-packets\":0,"
	    "\"rx-bytes\":18446744073709551615,"));
	json_object_put(o);
	buf_free(&b);
	ck_assert_ptr_null(sj_render_interfaces(r, 2, 7));
	free_recs(r, 2);
}
END_TEST

/* show crypto ca certificates | json: a trustpoint with its certificates
 * (sub-records), an unusable one with its error and none. */
START_TEST(test_crypto_ca_golden)
{
	struct ctl_rec	*r[2] = { ctl_rec_new(), ctl_rec_new() }, *c;
	char		*s;

	ctl_rec_add_str(r[0], CTL_F_TRUSTPOINT, "tp1");
	c = ctl_rec_add_rec(r[0], CTL_F_CERT);
	ck_assert_ptr_nonnull(c);
	ctl_rec_add_str(c, CTL_F_CERT_ROLE, "CA");
	ctl_rec_add_str(c, CTL_F_SERIAL, "01");
	ctl_rec_add_str(c, CTL_F_SUBJECT, "CN=ca");
	ctl_rec_add_str(c, CTL_F_ISSUER, "CN=ca");
	ctl_rec_add_str(c, CTL_F_NOT_BEFORE, "a");
	ctl_rec_add_str(c, CTL_F_NOT_AFTER, "b");
	ctl_rec_add_u32(c, CTL_F_KEY_BITS, 2048);
	ctl_rec_add_str(r[1], CTL_F_TRUSTPOINT, "tp2");
	ctl_rec_add_str(r[1], CTL_F_ERROR, "no file");
	s = js(CTL_SHOW_CRYPTO_CA, r, 2, 0);
	ck_assert_str_eq(s, "{\"schema\":\"crypto-ca-certificates\","
	    "\"version\":1,\"trustpoints\":[{\"trustpoint\":\"tp1\","
	    "\"error\":null,\"certificates\":[{\"role\":\"CA\","
	    "\"serial\":\"01\",\"subject\":\"CN=ca\",\"issuer\":"
	    "\"CN=ca\",\"not-before\":\"a\",\"not-after\":\"b\","
	    "\"key-bits\":2048}]},{\"trustpoint\":\"tp2\",\"error\":"
	    "\"no file\",\"certificates\":[]}]}\n");
	free(s);
	free_recs(r, 2);
}
END_TEST

/*
 * The issue's rule: every show command has a JSON form.  A new show
 * command (one whose output may be piped) fails here until its row in
 * cli/cmd_json.c exists; a row naming no command fails too.
 */
START_TEST(test_every_show_command_has_json)
{
	const char	*name;
	size_t		 i, k, shows = 0;

	for (i = 0; i < cli_ncmds; i++) {
		if (!(cli_cmds[i].flags & CMD_F_FILTER))
			continue;
		shows++;
		ck_assert_msg(cli_json_find(cli_cmds[i].name) != NULL,
		    "\"%s\" has no | json form (cli/cmd_json.c)",
		    cli_cmds[i].name);
	}
	ck_assert_uint_ge(shows, 20);
	for (k = 0; (name = cli_json_name(k)) != NULL; k++) {
		for (i = 0; i < cli_ncmds; i++)
			if (strcmp(cli_cmds[i].name, name) == 0 &&
			    (cli_cmds[i].flags & CMD_F_FILTER))
				break;
		ck_assert_msg(i < cli_ncmds, "\"%s\": no such show command",
		    name);
	}
	ck_assert_ptr_null(cli_json_find("show bogus"));
}
END_TEST

static Suite *
show_json_suite(void)
{
	Suite	*s = suite_create("show_json");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_session_detail_golden);
	tcase_add_test(tc, test_session_brief_golden);
	tcase_add_test(tc, test_ikev2_sa_golden);
	tcase_add_test(tc, test_ipsec_sa_golden);
	tcase_add_test(tc, test_detail_only_adds_keys);
	tcase_add_test(tc, test_summary_golden);
	tcase_add_test(tc, test_statistics_every_counter_exactly);
	tcase_add_test(tc, test_dataplane_golden);
	tcase_add_test(tc, test_empty_replies_and_bad_type);
	tcase_add_test(tc, test_daemon_strings_stay_valid_json);
	tcase_add_test(tc, test_utf8_clean);
	tcase_add_test(tc, test_pretty_is_the_same_document);
	tcase_add_test(tc, test_interfaces_golden);
	tcase_add_test(tc, test_crypto_ca_golden);
	tcase_add_test(tc, test_every_show_command_has_json);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(show_json_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
