/*
 * The codec against real messages from strongSwan and from a commercial
 * client/gateway pair (tests/data/ike/, taken from the shared captures):
 * every message decodes with the payloads tshark shows, passes the rules
 * table, and re-encodes to the same bytes.  Byte equality with other
 * implementations' output is what catches an encoder and decoder that
 * agree with each other but not with the RFC.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ikev2/msg.h"
#include "tests/unit/codec_util.h"

struct fixture {
	const char	*name;
	const char	*summary;	/* ike_msg_describe after decoding */
};

static const struct fixture fixtures[] = {
	{ "ss_01_init_i_req_mid0", "IKE_SA_INIT request 0 [ SA KE Ni "
	    "N(NAT_DETECTION_SOURCE_IP) N(NAT_DETECTION_DESTINATION_IP) "
	    "N(IKEV2_FRAGMENTATION_SUPPORTED) N(SIGNATURE_HASH_ALGORITHMS) "
	    "N(REDIRECT_SUPPORTED) ]" },
	{ "ss_02_init_r_resp_mid0", "IKE_SA_INIT response 0 [ SA KE Nr "
	    "N(NAT_DETECTION_SOURCE_IP) N(NAT_DETECTION_DESTINATION_IP) "
	    "N(IKEV2_FRAGMENTATION_SUPPORTED) N(SIGNATURE_HASH_ALGORITHMS) "
	    "N(CHILDLESS_IKEV2_SUPPORTED) N(MULTIPLE_AUTH_SUPPORTED) ]" },
	{ "ss_03_auth_i_req_mid1", "IKE_AUTH request 1 [ SK{ IDi IDr AUTH SA "
	    "TSi TSr N(MULTIPLE_AUTH_SUPPORTED) N(EAP_ONLY_AUTHENTICATION) "
	    "N(IKEV2_MESSAGE_ID_SYNC_SUPPORTED) } ]" },
	{ "ss_04_auth_r_resp_mid1", "IKE_AUTH response 1 [ SK{ IDr AUTH SA "
	    "TSi TSr } ]" },
	{ "ss_11_info_i_req_mid2", "INFORMATIONAL request 2 [ SK{ D(IKE) } ]" },
	{ "ss_12_info_r_resp_mid2", "INFORMATIONAL response 2 [ SK ]" },
	{ "ws_01_init_i_req_mid0", "IKE_SA_INIT request 0 [ SA KE Ni V V V V "
	    "N(IKEV2_FRAGMENTATION_SUPPORTED) N(REDIRECT_SUPPORTED) "
	    "N(SIGNATURE_HASH_ALGORITHMS) ]" },
	{ "ws_02_init_r_resp_mid0", "IKE_SA_INIT response 0 [ SA KE Nr "
	    "CERTREQ V V V V N(IKEV2_FRAGMENTATION_SUPPORTED) "
	    "N(SIGNATURE_HASH_ALGORITHMS) N(MULTIPLE_AUTH_SUPPORTED) ]" },
	{ "ws_03_auth_i_req_mid1", "IKE_AUTH request 1 [ SK{ IDi CERT "
	    "N(INITIAL_CONTACT) N(HTTP_CERT_LOOKUP_SUPPORTED) CERTREQ AUTH CP "
	    "SA TSi TSr V V V N(MOBIKE_SUPPORTED) "
	    "N(MULTIPLE_AUTH_SUPPORTED) } ]" },
	{ "ws_04_auth_r_resp_mid1", "IKE_AUTH response 1 [ SK{ IDr CERT AUTH "
	    "CP SA Nr TSi TSr V N(MOBIKE_SUPPORTED) } ]" },
	{ "ws_13_info_i_req_mid2", "INFORMATIONAL request 2 [ SK{ D(ESP) } ]" },
	{ "ws_14_info_r_resp_mid2", "INFORMATIONAL response 2 [ SK ]" },
	{ "ws_15_info_r_req_mid0", "INFORMATIONAL request 0 [ SK{ D(ESP) } ]" },
	{ "ws_16_info_i_resp_mid0", "INFORMATIONAL response 0 [ SK ]" },
	{ "ws_17_info_i_req_mid3", "INFORMATIONAL request 3 [ SK{ D(IKE) } ]" },
	{ "ws_18_info_r_resp_mid3", "INFORMATIONAL response 3 [ SK ]" },
};
#define NFIXTURES	(sizeof(fixtures) / sizeof(fixtures[0]))

static uint8_t *
load(const char *name, const char *ext, size_t *len)
{
	const char	*top = getenv("top_srcdir");
	char		 path[1024];
	uint8_t		*p;

	snprintf(path, sizeof(path), "%s/tests/data/ike/%s.%s",
	    top ? top : ".", name, ext);
	p = cu_load(path, len);
	ck_assert_msg(p != NULL, "cannot read %s", path);
	return p;
}

/*
 * Expected re-encoding of a decoded chain: the input bytes, except that a
 * Notify without an SPI gets protocol ID 0 (RFC 7296 §3.10: "MUST be sent
 * as zero"), which not every implementation does.
 */
static void
canonical(const struct ike_msg *m, uint8_t *bytes, const uint8_t *base)
{
	size_t	i;

	for (i = 0; i < m->npl; i++)
		if (m->pl[i].type == IKE_PL_NOTIFY && m->pl[i].n.spi.len == 0)
			bytes[m->pl[i].body.p - base] = 0;
}

/* A received message, decoded (and its SK opened from the fixture). */
static struct ike_msg *
receive(const struct fixture *f, uint8_t **raw, size_t *rawlen,
    uint8_t **plain, size_t *plainlen)
{
	struct ike_msg	*m = ike_msg_new();
	struct ike_derr	 e;

	*raw = load(f->name, "bin", rawlen);
	ck_assert_msg(ike_msg_decode(m, *raw, *rawlen, &e) == 0,
	    "%s: %s at %zu", f->name, e.why, e.off);
	*plain = NULL;
	if (m->has_sk) {
		*plain = load(f->name, "plain", plainlen);
		ck_assert_uint_ge(*plainlen, 1);
		ck_assert_uint_eq((*plain)[0], m->sk.first);
		ck_assert_msg(ike_msg_decode_inner(m, *plain + 1,
		    *plainlen - 1, (*plain)[0], &e) == 0, "%s inner: %s at %zu",
		    f->name, e.why, e.off);
		m->sk_open = 1;		/* the fixture was authenticated */
	}
	return m;
}

START_TEST(test_fixture_decodes_with_expected_payloads)
{
	const struct fixture	*f = &fixtures[_i];
	struct ike_msg		*m;
	uint8_t			*raw, *plain;
	size_t			 rawlen, plainlen;
	char			 line[512];

	m = receive(f, &raw, &rawlen, &plain, &plainlen);
	ike_msg_describe(m, line, sizeof(line));
	ck_assert_str_eq(line, f->summary);
	ike_msg_free(m);
	free(raw);
	free(plain);
}
END_TEST

START_TEST(test_fixture_passes_rules)
{
	const struct fixture	*f = &fixtures[_i];
	struct ike_msg		*m;
	struct ike_derr		 e;
	uint8_t			*raw, *plain;
	size_t			 rawlen, plainlen;

	m = receive(f, &raw, &rawlen, &plain, &plainlen);
	ck_assert_msg(ike_rules_check(m, &e) == 0, "%s: %s", f->name, e.why);
	ike_msg_free(m);
	free(raw);
	free(plain);
}
END_TEST

START_TEST(test_fixture_reencodes_to_same_bytes)
{
	const struct fixture	*f = &fixtures[_i];
	struct ike_msg		*m;
	struct buf		 b = { 0 };
	uint8_t			*raw, *plain, first;
	size_t			 rawlen, plainlen;

	m = receive(f, &raw, &rawlen, &plain, &plainlen);
	m->keep_order = 1;
	if (!m->has_sk) {
		canonical(m, raw, m->raw);
		ck_assert_int_eq(ike_msg_encode(m, &b, NULL), 0);
		ck_assert_uint_eq(b.len, rawlen);
		ck_assert_mem_eq(b.data, raw, rawlen);
	} else {
		/* Inner bodies point into the message's copy of the chain,
		 * which starts at the first inner payload's header. */
		size_t	i = 0;

		while (i < m->npl && !m->pl[i].in_sk)
			i++;
		if (i < m->npl)
			canonical(m, plain + 1, m->pl[i].body.p - 4);
		ck_assert_int_eq(ike_msg_encode_chain(m, &b, &first, NULL), 0);
		ck_assert_uint_eq(first, plain[0]);
		ck_assert_uint_eq(b.len, plainlen - 1);
		if (b.len > 0)
			ck_assert_mem_eq(b.data, plain + 1, b.len);
	}
	ike_msg_free(m);
	buf_free(&b);
	free(raw);
	free(plain);
}
END_TEST

/* Spot checks of decoded values against tshark's dissection. */
START_TEST(test_fixture_values)
{
	struct ike_msg	*m;
	struct ike_pl	*pl;
	struct ike_prop	*p;
	uint8_t		*raw, *plain;
	size_t		 rawlen, plainlen;

	/* strongSwan IKE_AUTH request: IDi 198.51.100.1, PSK AUTH, ESP
	 * proposal SPI ce2cddb6 with AES-CBC-256, SHA2-256, no ESN. */
	m = receive(&fixtures[2], &raw, &rawlen, &plain, &plainlen);
	ck_assert_uint_eq(m->hdr.spi_i, 0x3ef030b93730f498ULL);
	ck_assert_uint_eq(m->hdr.spi_r, 0x46dd453fa5698cbfULL);
	pl = ike_msg_get(m, IKE_PL_IDI);
	ck_assert_uint_eq(pl->id.type, IKE_ID_IPV4_ADDR);
	ck_assert_mem_eq(pl->id.data.p, "\xc6\x33\x64\x01", 4);
	pl = ike_msg_get(m, IKE_PL_AUTH);
	ck_assert_uint_eq(pl->auth.method, IKE_AUTHM_SHARED_KEY_MIC);
	ck_assert_uint_eq(pl->auth.data.len, 32);
	pl = ike_msg_get(m, IKE_PL_SA);
	ck_assert_uint_eq(pl->sa.nprop, 1);
	p = &pl->sa.prop[0];
	ck_assert_uint_eq(p->proto, IKE_PROTO_ESP);
	ck_assert_uint_eq(ike_prop_spi32(p), 0xce2cddb6);
	ck_assert_uint_eq(p->nxf, 3);
	ck_assert_uint_eq(p->xf[0].id, IKE_ENCR_AES_CBC);
	ck_assert_uint_eq(p->xf[0].keylen, 256);
	ck_assert_uint_eq(p->xf[1].id, IKE_INTEG_HMAC_SHA2_256_128);
	ck_assert_uint_eq(p->xf[2].type, IKE_TT_ESN);
	pl = ike_msg_get(m, IKE_PL_TSI);
	ck_assert_uint_eq(pl->ts.nts, 1);
	ck_assert_uint_eq(ike_ts_v4_start(&pl->ts.ts[0]), 0xc0000201);
	ck_assert_uint_eq(ike_ts_v4_end(&pl->ts.ts[0]), 0xc0000201);
	ike_msg_free(m);
	free(raw);
	free(plain);

	/* strongSwan IKE_SA_INIT request: ECP-384 KE of 96 octets. */
	m = receive(&fixtures[0], &raw, &rawlen, &plain, &plainlen);
	pl = ike_msg_get(m, IKE_PL_KE);
	ck_assert_uint_eq(pl->ke.group, IKE_DH_ECP_384);
	ck_assert_uint_eq(pl->ke.data.len, 96);
	ike_msg_free(m);
	free(raw);

	/* Wireshark sample IKE_AUTH request: an X.509 CERT, CP request. */
	m = receive(&fixtures[8], &raw, &rawlen, &plain, &plainlen);
	pl = ike_msg_get(m, IKE_PL_CERT);
	ck_assert_uint_eq(pl->cert.encoding, IKE_CERT_X509_SIG);
	ck_assert_uint_eq(pl->cert.data.p[0], 0x30);	/* DER SEQUENCE */
	pl = ike_msg_get(m, IKE_PL_CP);
	ck_assert_uint_eq(pl->cp.type, IKE_CFG_REQUEST);
	ck_assert_uint_ge(pl->cp.nattr, 1);
	ike_msg_free(m);
	free(raw);
	free(plain);
}
END_TEST

static Suite *
fixture_suite(void)
{
	Suite	*s = suite_create("codec_fixture");
	TCase	*tc = tcase_create("fixtures");

	tcase_add_loop_test(tc, test_fixture_decodes_with_expected_payloads, 0,
	    NFIXTURES);
	tcase_add_loop_test(tc, test_fixture_passes_rules, 0, NFIXTURES);
	tcase_add_loop_test(tc, test_fixture_reencodes_to_same_bytes, 0,
	    NFIXTURES);
	tcase_add_test(tc, test_fixture_values);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(fixture_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
