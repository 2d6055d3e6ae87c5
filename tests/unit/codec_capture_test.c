/*
 * End to end on the shared captures: read the pcaps with tests/pcap.c,
 * decode every IKE message, open every SK payload with the keys published
 * beside each capture (Wireshark decryption tables, and keys.json for the
 * Wireshark sample), check integrity, the inner payload types and the
 * rules, and compare with the in-tree fixtures.  Skips (77) without
 * $SHARED_DIR.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ikev2/sk.h"
#include "tests/lib/pcap.h"
#include "tests/unit/codec_util.h"

static const char *shared;

struct capture {
	const char	*tag;		/* fixture prefix */
	const char	*pcap;
	const char	*keys;		/* Wireshark ikev2_decryption_table */
	size_t		 ike;		/* IKE messages expected */
	size_t		 sk;		/* ... with an SK payload */
	size_t		 esp;		/* other UDP 4500 packets (ESP) */
};

static const struct capture captures[] = {
	{ "ss", "lab/strongswan/capture.pcap",
	  "lab/strongswan/results/capture-keys/ikev2_decryption_table",
	  6, 4, 6 },
	{ "ws", "captures/ikev2_aes-cbc-256_esp_aes-cbc-128.pcap",
	  "captures/ikev2_aes-cbc-256_esp_aes-cbc-128.ikev2_decryption_table",
	  10, 8, 8 },
};

/* One row of a Wireshark IKEv2 decryption table. */
struct keyrow {
	uint64_t	spi_i, spi_r;
	uint16_t	encr, bits, integ;
	uint8_t		sk_ei[IKE_ENCR_MAX_KEYMAT], sk_er[IKE_ENCR_MAX_KEYMAT];
	uint8_t		sk_ai[IKE_INTEG_MAX_KEY], sk_ar[IKE_INTEG_MAX_KEY];
	size_t		e_len, a_len;
};

static uint8_t *
shared_file(const char *rel, size_t *len)
{
	char	 path[1024];
	uint8_t	*p;

	snprintf(path, sizeof(path), "%s/%s", shared, rel);
	p = cu_load(path, len);
	ck_assert_msg(p != NULL, "cannot read %s", path);
	return p;
}

/* Wireshark's names for the algorithms (ikev2_decryption_table UAT). */
static int
alg_from_name(const char *s, struct keyrow *k)
{
	if (strncmp(s, "AES-CBC-128 ", 12) == 0)
		k->encr = IKE_ENCR_AES_CBC, k->bits = 128;
	else if (strncmp(s, "AES-CBC-192 ", 12) == 0)
		k->encr = IKE_ENCR_AES_CBC, k->bits = 192;
	else if (strncmp(s, "AES-CBC-256 ", 12) == 0)
		k->encr = IKE_ENCR_AES_CBC, k->bits = 256;
	else if (strncmp(s, "AES-GCM-128 with 16 octet ICV", 29) == 0)
		k->encr = IKE_ENCR_AES_GCM_16, k->bits = 128;
	else if (strncmp(s, "AES-GCM-256 with 16 octet ICV", 29) == 0)
		k->encr = IKE_ENCR_AES_GCM_16, k->bits = 256;
	else if (strncmp(s, "HMAC_SHA1_96 ", 13) == 0)
		k->integ = IKE_INTEG_HMAC_SHA1_96;
	else if (strncmp(s, "HMAC_SHA2_256_128 ", 18) == 0)
		k->integ = IKE_INTEG_HMAC_SHA2_256_128;
	else if (strncmp(s, "HMAC_SHA2_384_192 ", 18) == 0)
		k->integ = IKE_INTEG_HMAC_SHA2_384_192;
	else if (strncmp(s, "HMAC_SHA2_512_256 ", 18) == 0)
		k->integ = IKE_INTEG_HMAC_SHA2_512_256;
	else if (strncmp(s, "NONE ", 5) == 0)
		k->integ = IKE_INTEG_NONE;
	else
		return -1;
	return 0;
}

/* Parses the first row of a table: SPIi,SPIr,SK_ei,SK_er,"encr",SK_ai,
 * SK_ar,"integ" (quotes around the algorithm names). */
static void
parse_keys(const char *rel, struct keyrow *k)
{
	char	*text, *f[8], *s, *q;
	size_t	 len, n = 0;
	long	 r;
	uint8_t	 spi[8];

	text = (char *)shared_file(rel, &len);
	text = realloc(text, len + 1);
	text[len] = '\0';
	memset(k, 0, sizeof(*k));
	for (s = text; n < 8; n++) {
		f[n] = s;
		if ((q = strpbrk(s, ",\n")) == NULL)
			break;
		*q = '\0';
		s = q + 1;
	}
	ck_assert_uint_ge(n, 7);
	ck_assert_int_eq(hex_decode(f[0], spi, 8), 8);
	k->spi_i = (uint64_t)spi[0] << 56 | (uint64_t)spi[1] << 48 |
	    (uint64_t)spi[2] << 40 | (uint64_t)spi[3] << 32 |
	    (uint64_t)spi[4] << 24 | (uint64_t)spi[5] << 16 |
	    (uint64_t)spi[6] << 8 | spi[7];
	ck_assert_int_eq(hex_decode(f[1], spi, 8), 8);
	k->spi_r = (uint64_t)spi[0] << 56 | (uint64_t)spi[1] << 48 |
	    (uint64_t)spi[2] << 40 | (uint64_t)spi[3] << 32 |
	    (uint64_t)spi[4] << 24 | (uint64_t)spi[5] << 16 |
	    (uint64_t)spi[6] << 8 | spi[7];
	ck_assert_int_eq(alg_from_name(f[4] + (*f[4] == '"'), k), 0);
	ck_assert_int_eq(alg_from_name(f[7] + (*f[7] == '"'), k), 0);
	r = hex_decode(f[2], k->sk_ei, sizeof(k->sk_ei));
	ck_assert_int_gt(r, 0);
	k->e_len = (size_t)r;
	ck_assert_int_eq(hex_decode(f[3], k->sk_er, sizeof(k->sk_er)), r);
	r = hex_decode(f[5], k->sk_ai, sizeof(k->sk_ai));
	ck_assert_int_ge(r, 0);
	k->a_len = (size_t)r;
	ck_assert_int_eq(hex_decode(f[6], k->sk_ar, sizeof(k->sk_ar)), r);
	free(text);
}

/* The value of "name": "hex" in keys.json (a flat search is enough: each
 * key name appears once in the file). */
static long
json_hex(const char *json, const char *name, uint8_t *out, size_t outlen)
{
	char		 pat[64], hex[256];
	const char	*p, *q;

	snprintf(pat, sizeof(pat), "\"%s\": \"", name);
	if ((p = strstr(json, pat)) == NULL)
		return -1;
	p += strlen(pat);
	if ((q = strchr(p, '"')) == NULL || (size_t)(q - p) >= sizeof(hex))
		return -1;
	memcpy(hex, p, (size_t)(q - p));
	hex[q - p] = '\0';
	return hex_decode(hex, out, outlen);
}

static void
sk_keys(const struct keyrow *k, int from_initiator, struct ike_sk_keys *sk)
{
	sk->encr = ike_encr_new(k->encr, k->bits,
	    from_initiator ? k->sk_ei : k->sk_er, k->e_len);
	ck_assert_ptr_nonnull(sk->encr);
	sk->integ = NULL;
	if (k->integ != IKE_INTEG_NONE) {
		sk->integ = ike_integ_new(k->integ,
		    from_initiator ? k->sk_ai : k->sk_ar, k->a_len);
		ck_assert_ptr_nonnull(sk->integ);
	}
}

static uint8_t *
fixture(const char *name, const char *ext, size_t *len)
{
	const char	*top = getenv("top_srcdir");
	char		 path[1024];

	snprintf(path, sizeof(path), "%s/tests/data/ike/%s.%s",
	    top ? top : ".", name, ext);
	return cu_load(path, len);
}

static const char *
exch_tag(uint8_t exch)
{
	switch (exch) {
	case IKE_EXCH_IKE_SA_INIT:	return "init";
	case IKE_EXCH_IKE_AUTH:		return "auth";
	case IKE_EXCH_CREATE_CHILD_SA:	return "child";
	default:			return "info";
	}
}

START_TEST(test_capture_decodes_and_decrypts)
{
	const struct capture	*c = &captures[_i];
	struct keyrow		 keys;
	struct pcap_rd		 pr;
	struct pcap_pkt		 pkt;
	struct pcap_udp		 udp;
	struct ike_sk_keys	 ski, skr, *sk;
	struct ike_msg		*m;
	struct ike_derr		 e;
	const uint8_t		*ike;
	uint8_t			*file, *fx, *plain;
	size_t			 len, ikelen, fxlen, plainlen, frame = 0;
	size_t			 nike = 0, nsk = 0, nesp = 0, i;
	char			 name[128], line[512];

	parse_keys(c->keys, &keys);
	sk_keys(&keys, 1, &ski);
	sk_keys(&keys, 0, &skr);
	file = shared_file(c->pcap, &len);
	ck_assert_int_eq(pcap_open(&pr, file, len), 0);
	while (frame < 1000 && pcap_next(&pr, &pkt) == 1) {
		frame++;
		ck_assert_int_eq(pcap_udp(&pr, &pkt, &udp), 0);
		if (pcap_ike(&udp, &ike, &ikelen) == -1) {
			nesp++;
			continue;
		}
		nike++;
		m = ike_msg_new();
		ck_assert_msg(ike_msg_decode(m, ike, ikelen, &e) == 0,
		    "%s frame %zu: %s", c->tag, frame, e.why);
		snprintf(name, sizeof(name), "%s_%02zu_%s_%s_%s_mid%u", c->tag,
		    frame, exch_tag(m->hdr.exchange),
		    ike_hdr_from_initiator(&m->hdr) ? "i" : "r",
		    ike_hdr_is_response(&m->hdr) ? "resp" : "req",
		    m->hdr.msgid);
		/* The in-tree fixture is this very message. */
		fx = fixture(name, "bin", &fxlen);
		ck_assert_msg(fx != NULL, "no fixture %s", name);
		ck_assert_uint_eq(fxlen, ikelen);
		ck_assert_mem_eq(fx, ike, ikelen);
		free(fx);
		if (m->has_sk) {
			nsk++;
			ck_assert_uint_eq(m->hdr.spi_i, keys.spi_i);
			ck_assert_uint_eq(m->hdr.spi_r, keys.spi_r);
			sk = ike_hdr_from_initiator(&m->hdr) ? &ski : &skr;
			ck_assert_msg(ike_sk_unprotect(m, sk, &e) == 0,
			    "%s: %s", name, e.why);
			/* Plaintext equals the independent decryption. */
			plain = fixture(name, "plain", &plainlen);
			ck_assert_ptr_nonnull(plain);
			ck_assert_uint_eq(plain[0], m->sk.first);
			for (i = 0; i < m->npl && !m->pl[i].in_sk; i++)
				;
			if (plainlen > 1)
				ck_assert_mem_eq(m->pl[i].body.p - 4,
				    plain + 1, plainlen - 1);
			free(plain);
		}
		ck_assert_msg(ike_rules_check(m, &e) == 0, "%s: %s", name,
		    e.why);
		ike_msg_describe(m, line, sizeof(line));
		printf("%s: %s\n", name, line);
		ike_msg_free(m);
	}
	ck_assert_uint_eq(nike, c->ike);
	ck_assert_uint_eq(nsk, c->sk);
	ck_assert_uint_eq(nesp, c->esp);
	ike_encr_free(ski.encr);
	ike_integ_free(ski.integ);
	ike_encr_free(skr.encr);
	ike_integ_free(skr.integ);
	free(file);
}
END_TEST

/* The strongSwan capture's IKE_AUTH messages carry what the lab configured
 * (ID_IPV4_ADDR 198.51.100.x, PSK, ESP AES-CBC-256/SHA2-256, the two tunnel
 * addresses as selectors). */
START_TEST(test_strongswan_ike_auth_contents)
{
	const struct capture	*c = &captures[0];
	struct keyrow		 keys;
	struct pcap_rd		 pr;
	struct pcap_pkt		 pkt;
	struct pcap_udp		 udp;
	struct ike_sk_keys	 sk;
	struct ike_msg		*m;
	struct ike_pl		*pl;
	const uint8_t		*ike;
	uint8_t			*file;
	size_t			 len, ikelen, seen = 0, n = 0;

	parse_keys(c->keys, &keys);
	file = shared_file(c->pcap, &len);
	ck_assert_int_eq(pcap_open(&pr, file, len), 0);
	while (n++ < 100 && pcap_next(&pr, &pkt) == 1) {
		if (pcap_udp(&pr, &pkt, &udp) == -1 ||
		    pcap_ike(&udp, &ike, &ikelen) == -1)
			continue;
		m = ike_msg_new();
		ck_assert_int_eq(ike_msg_decode(m, ike, ikelen, NULL), 0);
		if (m->hdr.exchange != IKE_EXCH_IKE_AUTH) {
			ike_msg_free(m);
			continue;
		}
		sk_keys(&keys, ike_hdr_from_initiator(&m->hdr), &sk);
		ck_assert_int_eq(ike_sk_unprotect(m, &sk, NULL), 0);
		pl = ike_msg_get(m, ike_hdr_from_initiator(&m->hdr) ?
		    IKE_PL_IDI : IKE_PL_IDR);
		ck_assert_ptr_nonnull(pl);
		ck_assert_uint_eq(pl->id.type, IKE_ID_IPV4_ADDR);
		ck_assert_mem_eq(pl->id.data.p, ike_hdr_from_initiator(
		    &m->hdr) ? "\xc6\x33\x64\x01" : "\xc6\x33\x64\x02", 4);
		pl = ike_msg_get(m, IKE_PL_AUTH);
		ck_assert_uint_eq(pl->auth.method, IKE_AUTHM_SHARED_KEY_MIC);
		/* PRF_HMAC_SHA2_256 output. */
		ck_assert_uint_eq(pl->auth.data.len, 32);
		pl = ike_msg_get(m, IKE_PL_SA);
		ck_assert_uint_eq(pl->sa.prop[0].proto, IKE_PROTO_ESP);
		ck_assert_uint_eq(pl->sa.prop[0].xf[0].keylen, 256);
		pl = ike_msg_get(m, IKE_PL_TSR);
		ck_assert_uint_eq(ike_ts_v4_start(&pl->ts.ts[0]), 0xc0000202);
		seen++;
		ike_encr_free(sk.encr);
		ike_integ_free(sk.integ);
		ike_msg_free(m);
	}
	ck_assert_uint_eq(seen, 2);
	free(file);
}
END_TEST

/* keys.json and the decryption table agree for the Wireshark sample. */
START_TEST(test_keys_json_matches_table)
{
	struct keyrow	 k;
	char		*json;
	uint8_t		 v[64], spi[8];
	size_t		 len;

	parse_keys(captures[1].keys, &k);
	json = (char *)shared_file("captures/keys.json", &len);
	json = realloc(json, len + 1);
	json[len] = '\0';
	ck_assert_int_eq(json_hex(json, "spi_i", spi, 8), 8);
	ck_assert_uint_eq(spi[0], (uint8_t)(k.spi_i >> 56));
	ck_assert_int_eq(json_hex(json, "sk_ei", v, sizeof(v)), (long)k.e_len);
	ck_assert_mem_eq(v, k.sk_ei, k.e_len);
	ck_assert_int_eq(json_hex(json, "sk_er", v, sizeof(v)), (long)k.e_len);
	ck_assert_mem_eq(v, k.sk_er, k.e_len);
	ck_assert_int_eq(json_hex(json, "sk_ai", v, sizeof(v)), (long)k.a_len);
	ck_assert_mem_eq(v, k.sk_ai, k.a_len);
	ck_assert_int_eq(json_hex(json, "sk_ar", v, sizeof(v)), (long)k.a_len);
	ck_assert_mem_eq(v, k.sk_ar, k.a_len);
	free(json);
}
END_TEST

static Suite *
capture_suite(void)
{
	Suite	*s = suite_create("codec_capture");
	TCase	*tc = tcase_create("captures");

	tcase_add_loop_test(tc, test_capture_decodes_and_decrypts, 0,
	    sizeof(captures) / sizeof(captures[0]));
	tcase_add_test(tc, test_strongswan_ike_auth_contents);
	tcase_add_test(tc, test_keys_json_matches_table);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	if ((shared = cu_shared_dir()) == NULL) {
		printf("SKIP: no shared folder ($SHARED_DIR)\n");
		return 77;
	}
	sr = srunner_create(capture_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
