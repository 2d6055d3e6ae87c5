/*
 * Unit tests for ipsec/: one suite per source file.
 *
 *	esp		esp.c: the published ESP known answers (RFC 3602 cases
 *			5 and 7, draft-mcgrew-gcm-test-01) through the real
 *			esp_encap/esp_decap, round trips of every suite and
 *			size, hostile packets (every bit flipped, every
 *			truncation, wrong padding built here with OpenSSL
 *			alone), the window seen through the API, sequence
 *			number exhaustion, lifetime limits, counters.
 *	replay		replay.c: the window's edges and slides, checked
 *			against a plain model, and the ESN inference.
 *	esp_crypto	esp_crypto.c: AES-CBC, AES-GCM and the truncated
 *			HMACs against the shared vectors, the CBC IVs.
 *	multi-buffer	aes_mb.c and sha256_mb.c against OpenSSL for every
 *			key size, burst size and mix of lengths;
 *			esp_encap_burst() and esp_decap_burst() against
 *			esp_encap() and esp_decap() one by one.
 *
 * The vectors come from $SHARED_DIR/vectors (aes_cbc.json, aes_gcm.json,
 * hmac.json, prf_rfc4868.json), never from bytes written down here.  When
 * they are missing, the other tests still run and the program exits 77
 * (skip) with the reason, so a tree without ../shared says so.
 */
#include "config.h"

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "ipsec/aes_mb.h"
#include "ipsec/esp.h"
#include "ipsec/esp_crypto.h"
#include "ipsec/replay.h"
#include "ipsec/sha256_mb.h"
#include "tests/kat/kat_json.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define BUF_MAX		2048

/*
 * Check's ck_assert() records a mark point (a write to a pipe) even when
 * it passes; loops of many thousand packets use this instead, which only
 * calls into Check when it fails.
 */
#define EXPECT(c) do {							\
	if (!(c))							\
		ck_abort_msg("%s:%d: failed: %s", __FILE__, __LINE__, #c); \
} while (0)

/* Every algorithm combination esp.h allows. */
struct suite {
	const char	*name;
	uint16_t	 encr, bits, integ;
};

static const struct suite suites[] = {
	{ "aes128cbc-sha1", ESP_ENCR_AES_CBC, 128, ESP_INTEG_SHA1_96 },
	{ "aes128cbc-sha256", ESP_ENCR_AES_CBC, 128, ESP_INTEG_SHA256_128 },
	{ "aes128cbc-sha384", ESP_ENCR_AES_CBC, 128, ESP_INTEG_SHA384_192 },
	{ "aes128cbc-sha512", ESP_ENCR_AES_CBC, 128, ESP_INTEG_SHA512_256 },
	{ "aes192cbc-sha1", ESP_ENCR_AES_CBC, 192, ESP_INTEG_SHA1_96 },
	{ "aes192cbc-sha256", ESP_ENCR_AES_CBC, 192, ESP_INTEG_SHA256_128 },
	{ "aes192cbc-sha384", ESP_ENCR_AES_CBC, 192, ESP_INTEG_SHA384_192 },
	{ "aes192cbc-sha512", ESP_ENCR_AES_CBC, 192, ESP_INTEG_SHA512_256 },
	{ "aes256cbc-sha1", ESP_ENCR_AES_CBC, 256, ESP_INTEG_SHA1_96 },
	{ "aes256cbc-sha256", ESP_ENCR_AES_CBC, 256, ESP_INTEG_SHA256_128 },
	{ "aes256cbc-sha384", ESP_ENCR_AES_CBC, 256, ESP_INTEG_SHA384_192 },
	{ "aes256cbc-sha512", ESP_ENCR_AES_CBC, 256, ESP_INTEG_SHA512_256 },
	{ "aes128gcm16", ESP_ENCR_AES_GCM_16, 128, ESP_INTEG_NONE },
	{ "aes192gcm16", ESP_ENCR_AES_GCM_16, 192, ESP_INTEG_NONE },
	{ "aes256gcm16", ESP_ENCR_AES_GCM_16, 256, ESP_INTEG_NONE },
};

static const char	*vectors_missing;	/* set by main() */

/*
 * Keys and parameters
 */

struct keys {
	uint8_t	encr[36];
	uint8_t	integ[64];
	uint8_t	iv[ESP_IV_KEY_LEN];
};

static int
is_gcm(const struct suite *su)
{
	return su->encr == ESP_ENCR_AES_GCM_16;
}

static size_t
integ_key_len(uint16_t integ)
{
	switch (integ) {
	case ESP_INTEG_SHA1_96:
		return 20;
	case ESP_INTEG_SHA256_128:
		return 32;
	case ESP_INTEG_SHA384_192:
		return 48;
	case ESP_INTEG_SHA512_256:
		return 64;
	}
	return 0;
}

static const EVP_MD *
integ_md(uint16_t integ)
{
	switch (integ) {
	case ESP_INTEG_SHA1_96:
		return EVP_sha1();
	case ESP_INTEG_SHA256_128:
		return EVP_sha256();
	case ESP_INTEG_SHA384_192:
		return EVP_sha384();
	case ESP_INTEG_SHA512_256:
		return EVP_sha512();
	}
	return NULL;
}

static void
keys_fill(struct keys *k, uint8_t seed)
{
	size_t	i;

	for (i = 0; i < sizeof(k->encr); i++)
		k->encr[i] = (uint8_t)(seed + 0x10 + i);
	for (i = 0; i < sizeof(k->integ); i++)
		k->integ[i] = (uint8_t)(seed + 0x80 + 3 * i);
	for (i = 0; i < sizeof(k->iv); i++)
		k->iv[i] = (uint8_t)(seed + 0xc0 + 7 * i);
}

static void
params_fill(struct esp_sa_params *p, const struct suite *su,
    const struct keys *k, int outbound, int esn)
{
	memset(p, 0, sizeof(*p));
	p->spi = 0x11223344;
	p->outbound = outbound;
	p->encr_alg = su->encr;
	p->encr_keylen = su->bits;
	p->encr_key = k->encr;
	p->encr_key_len = su->bits / 8 + (is_gcm(su) ? 4 : 0);
	p->integ_alg = su->integ;
	p->integ_key = is_gcm(su) ? NULL : k->integ;
	p->integ_key_len = integ_key_len(su->integ);
	p->esn = esn;
	p->iv_key = k->iv;
}

static struct esp_sa *
sa_make(const struct suite *su, const struct keys *k, int outbound, int esn)
{
	struct esp_sa_params	 p;
	struct esp_sa		*sa;
	char			 err[128] = "";

	params_fill(&p, su, k, outbound, esn);
	sa = esp_sa_new(&p, err, sizeof(err));
	ck_assert_msg(sa != NULL, "%s: %s", su->name, err);
	return sa;
}

/* An IPv4 packet of len octets (>= 20) at p, with a payload pattern. */
static void
ipv4_fill(uint8_t *p, size_t len, unsigned tag)
{
	size_t	i;

	memset(p, 0, 20);
	p[0] = 0x45;
	p[2] = (uint8_t)(len >> 8);
	p[3] = (uint8_t)len;
	p[4] = (uint8_t)(tag >> 8);
	p[5] = (uint8_t)tag;
	p[8] = 64;
	p[9] = 17;
	p[12] = 198, p[13] = 51, p[14] = 100, p[15] = 1;
	p[16] = 203, p[17] = 0, p[18] = 113, p[19] = 1;
	for (i = 20; i < len; i++)
		p[i] = (uint8_t)(i * 7 + tag);
}

/* Encapsulates an IPv4 packet of len octets; returns the ESP length. */
static size_t
encap_ipv4(struct esp_sa *out, uint8_t *buf, size_t len, unsigned tag)
{
	size_t		 olen;
	unsigned	 ev;

	ipv4_fill(buf + esp_header_len(out), len, tag);
	EXPECT(esp_encap(out, buf, BUF_MAX, len, &olen, &ev) == ESP_OK);
	return olen;
}

/*
 * Vectors
 */

static struct kat_json *
vectors_load(const char *name)
{
	const char	*dir = getenv("SHARED_DIR");
	struct kat_json	*root;
	char		 path[4096], err[128];
	char		*text;
	size_t		 len;
	FILE		*f;

	snprintf(path, sizeof(path), "%s/vectors/%s", dir ? dir : SHARED_DIR,
	    name);
	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	text = malloc(1 << 20);
	ck_assert_ptr_nonnull(text);
	len = fread(text, 1, 1 << 20, f);
	fclose(f);
	root = kat_json_parse(text, len, err, sizeof(err));
	free(text);
	ck_assert_msg(root != NULL, "%s: %s", path, err);
	return root;
}

/* The bytes of hex field name of c (caller frees), or NULL if absent. */
static uint8_t *
jhex(const struct kat_json *c, const char *name, size_t *len)
{
	const char	*s = kat_json_str(kat_json_get(c, name));
	uint8_t		*b;
	size_t		 i, n;
	unsigned	 v;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	ck_assert_msg(n % 2 == 0, "%s: odd hex", name);
	b = malloc(n / 2 + 1);
	ck_assert_ptr_nonnull(b);
	for (i = 0; i < n / 2; i++) {
		ck_assert_msg(sscanf(s + 2 * i, "%2x", &v) == 1, "%s: bad hex",
		    name);
		b[i] = (uint8_t)v;
	}
	*len = n / 2;
	return b;
}

static uint64_t
be_get(const uint8_t *p, size_t n)
{
	uint64_t	v = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/*
 * Suite esp (esp.c)
 */

/*
 * RFC 3602 section 4, cases 5 and 7.  The samples carry no ICV, so the
 * SA uses HMAC-SHA1-96 under a key of ours: encap must reproduce the
 * published SPI | seq | IV | ciphertext octet for octet, followed by the
 * ICV; decap gets the published packet with an ICV computed here by
 * OpenSSL's HMAC(), never by our encap.  Case 7 (tunnel mode) gives back
 * its inner packet; case 5 is transport mode (next header 1, ICMP), which
 * a tunnel-mode SA refuses with ESP_E_PROTO, and esp_decap_payload()
 * shows its payload.
 */
START_TEST(test_kat_rfc3602_esp_packets)
{
	const struct suite	 su = { "kat", ESP_ENCR_AES_CBC, 128,
				    ESP_INTEG_SHA1_96 };
	struct kat_json		*root;
	const struct kat_json	*cases, *c;
	struct esp_sa_params	 p;
	struct esp_sa		*out, *in;
	struct keys		 k;
	uint8_t			*key, *iv, *spi, *payload, *pkt, buf[BUF_MAX];
	uint8_t			 nh;
	size_t			 keyl, ivl, spil, pl, pktl, olen, off, ilen;
	size_t			 i, tunnel = 0, transport = 0;
	long long		 seq, nhv;
	unsigned		 ev, icvl = 12;
	char			 err[128];

	if (vectors_missing != NULL)
		return;
	root = vectors_load("aes_cbc.json");
	ck_assert_ptr_nonnull(root);
	cases = kat_json_get(root, "cases");
	keys_fill(&k, 1);
	for (i = 0; i < kat_json_count(cases); i++) {
		c = kat_json_at(cases, i);
		if ((pkt = jhex(c, "esp_packet", &pktl)) == NULL)
			continue;
		key = jhex(c, "key", &keyl);
		iv = jhex(c, "iv", &ivl);
		spi = jhex(c, "esp_spi", &spil);
		payload = jhex(c, "esp_payload", &pl);
		ck_assert(key && iv && spi && payload && ivl == 16 &&
		    spil == 4 && keyl == 16);
		ck_assert_int_eq(kat_json_int(kat_json_get(c, "esp_seq"),
		    &seq), 0);
		ck_assert_int_eq(kat_json_int(kat_json_get(c,
		    "esp_next_header"), &nhv), 0);

		params_fill(&p, &su, &k, 1, 0);
		p.spi = (uint32_t)be_get(spi, 4);
		p.encr_key = key;
		p.encr_key_len = keyl;
		ck_assert_ptr_nonnull(out = esp_sa_new(&p, err, sizeof(err)));
		p.outbound = 0;
		ck_assert_ptr_nonnull(in = esp_sa_new(&p, err, sizeof(err)));

		memcpy(buf + esp_header_len(out), payload, pl);
		ck_assert_int_eq(esp_encap_with_iv(out, buf, sizeof(buf), pl,
		    (uint64_t)seq, iv, (uint8_t)nhv, &olen, &ev), ESP_OK);
		ck_assert_uint_eq(olen, pktl + icvl);
		ck_assert_msg(memcmp(buf, pkt, pktl) == 0, "%s: encap differs",
		    kat_json_str(kat_json_get(c, "name")));

		memcpy(buf, pkt, pktl);
		HMAC(EVP_sha1(), k.integ, 20, pkt, pktl, buf + pktl, NULL);
		if (nhv == ESP_NH_IPV4) {
			ck_assert_int_eq(esp_decap(in, buf, pktl + icvl, &off,
			    &ilen, &ev), ESP_OK);
			ck_assert_uint_eq(ilen, pl);
			ck_assert_mem_eq(buf + off, payload, pl);
			tunnel++;
		} else {
			ck_assert_int_eq(esp_decap(in, buf, pktl + icvl, &off,
			    &ilen, &ev), ESP_E_PROTO);
			esp_sa_set_seq(in, 0);
			memcpy(buf, pkt, pktl);
			HMAC(EVP_sha1(), k.integ, 20, pkt, pktl, buf + pktl,
			    NULL);
			ck_assert_int_eq(esp_decap_payload(in, buf, pktl + icvl,
			    &off, &ilen, &nh, &ev), ESP_OK);
			ck_assert_uint_eq(nh, nhv);
			ck_assert_uint_eq(ilen, pl);
			ck_assert_mem_eq(buf + off, payload, pl);
			transport++;
		}
		/* The same packet again is a replay. */
		memcpy(buf, pkt, pktl);
		HMAC(EVP_sha1(), k.integ, 20, pkt, pktl, buf + pktl, NULL);
		ck_assert_int_eq(esp_decap(in, buf, pktl + icvl, &off, &ilen,
		    &ev), ESP_E_REPLAY);
		esp_sa_free(out);
		esp_sa_free(in);
		free(key);
		free(iv);
		free(spi);
		free(payload);
		free(pkt);
	}
	ck_assert_uint_ge(tunnel, 1);
	ck_assert_uint_ge(transport, 1);
	kat_json_free(root);
}
END_TEST

/*
 * draft-mcgrew-gcm-test-01 section 4 (RFC 4106 ESP packets, some with
 * ESN).  The published plaintexts hold the ESP trailer and next header 1
 * (the draft's choice), so decap goes through esp_decap_payload() and
 * must give payload + trailer back; esp_decap() refuses next header 1.
 * Encap with the published IV and sequence number must give the
 * published ciphertext and ICV.
 */
START_TEST(test_kat_gcm_esp_packets)
{
	struct kat_json		*root;
	const struct kat_json	*cases, *c;
	struct esp_sa_params	 p;
	struct esp_sa		*out, *in;
	struct suite		 su = { "kat", ESP_ENCR_AES_GCM_16, 0, 0 };
	struct keys		 k;
	uint8_t			*key, *salt, *iv, *spi, *pt, *ct, *tag, *esnb;
	uint8_t			 keymat[36], buf[BUF_MAX], nh;
	size_t			 keyl, saltl, ivl, spil, ptl, ctl, tagl, esnl;
	size_t			 i, plen, off, ilen, olen, pktl, checked = 0;
	long long		 seql;
	uint64_t		 seq;
	unsigned		 ev;
	int			 esn;
	char			 err[128];

	if (vectors_missing != NULL)
		return;
	root = vectors_load("aes_gcm.json");
	ck_assert_ptr_nonnull(root);
	cases = kat_json_get(root, "cases");
	keys_fill(&k, 2);
	for (i = 0; i < kat_json_count(cases); i++) {
		c = kat_json_at(cases, i);
		if ((iv = jhex(c, "esp_iv", &ivl)) == NULL)
			continue;
		key = jhex(c, "key", &keyl);
		salt = jhex(c, "salt", &saltl);
		spi = jhex(c, "esp_spi", &spil);
		pt = jhex(c, "plaintext", &ptl);
		ct = jhex(c, "ciphertext", &ctl);
		tag = jhex(c, "tag", &tagl);
		ck_assert(key && salt && spi && pt && ct && tag);
		ck_assert(ivl == 8 && saltl == 4 && spil == 4 && tagl == 16 &&
		    ctl == ptl && ptl >= 2 && keyl <= 32);
		esnb = jhex(c, "esp_esn_hex", &esnl);
		esn = esnb != NULL;
		if (esn) {
			ck_assert_uint_eq(esnl, 8);
			seq = be_get(esnb, 8);
		} else {
			ck_assert_int_eq(kat_json_int(kat_json_get(c,
			    "esp_seq"), &seql), 0);
			seq = (uint64_t)seql;
		}
		memcpy(keymat, key, keyl);
		memcpy(keymat + keyl, salt, 4);
		su.bits = (uint16_t)(keyl * 8);
		params_fill(&p, &su, &k, 1, esn);
		p.spi = (uint32_t)be_get(spi, 4);
		p.encr_key = keymat;
		p.encr_key_len = keyl + 4;
		ck_assert_ptr_nonnull(out = esp_sa_new(&p, err, sizeof(err)));
		p.outbound = 0;
		ck_assert_ptr_nonnull(in = esp_sa_new(&p, err, sizeof(err)));

		/* Encap: payload = plaintext without pad, pad length, NH. */
		plen = ptl - 2 - pt[ptl - 2];
		memcpy(buf + esp_header_len(out), pt, plen);
		ck_assert_int_eq(esp_encap_with_iv(out, buf, sizeof(buf), plen,
		    seq, iv, pt[ptl - 1], &olen, &ev), ESP_OK);
		ck_assert_uint_eq(olen, 16 + ctl + 16);
		ck_assert_mem_eq(buf, spi, 4);
		ck_assert_uint_eq(be_get(buf + 4, 4), (uint32_t)seq);
		ck_assert_mem_eq(buf + 8, iv, 8);
		ck_assert_msg(memcmp(buf + 16, ct, ctl) == 0 &&
		    memcmp(buf + 16 + ctl, tag, 16) == 0, "%s: encap differs",
		    kat_json_str(kat_json_get(c, "name")));

		/* Decap of the published packet. */
		memcpy(buf, spi, 4);
		buf[4] = (uint8_t)(seq >> 24);
		buf[5] = (uint8_t)(seq >> 16);
		buf[6] = (uint8_t)(seq >> 8);
		buf[7] = (uint8_t)seq;
		memcpy(buf + 8, iv, 8);
		memcpy(buf + 16, ct, ctl);
		memcpy(buf + 16 + ctl, tag, 16);
		pktl = 16 + ctl + 16;
		esp_sa_set_seq(in, seq - 1);
		ck_assert_int_eq(esp_decap_payload(in, buf, pktl, &off, &ilen,
		    &nh, &ev), ESP_OK);
		ck_assert_uint_eq(ilen, plen);
		ck_assert_mem_eq(buf + off, pt, ptl);
		ck_assert_uint_eq(nh, pt[ptl - 1]);

		/* Once more through esp_decap (a fresh window). */
		memcpy(buf + 16, ct, ctl);
		memcpy(buf + 16 + ctl, tag, 16);
		esp_sa_set_seq(in, seq - 1);
		ck_assert_int_eq(esp_decap(in, buf, pktl, &off, &ilen, &ev),
		    nh == ESP_NH_IPV4 ? ESP_OK : ESP_E_PROTO);

		/* A flipped tag bit fails authentication. */
		memcpy(buf + 16, ct, ctl);
		memcpy(buf + 16 + ctl, tag, 16);
		buf[pktl - 1] ^= 1;
		esp_sa_set_seq(in, seq - 1);
		ck_assert_int_eq(esp_decap(in, buf, pktl, &off, &ilen, &ev),
		    ESP_E_AUTH);
		checked++;
		esp_sa_free(out);
		esp_sa_free(in);
		free(key);
		free(salt);
		free(iv);
		free(spi);
		free(pt);
		free(ct);
		free(tag);
		free(esnb);
	}
	ck_assert_uint_ge(checked, 8);
	kat_json_free(root);
}
END_TEST

/* Every suite, with and without ESN, every inner length 20..1500. */
static void
round_trip_every_suite_and_size_one(size_t si)
{
	struct esp_sa_stats	 st;
	struct esp_sa		*out, *in;
	struct keys		 k;
	uint8_t			 buf[BUF_MAX], ref[BUF_MAX];
	size_t			 len, olen, off, ilen, n = 0;
	unsigned		 ev;
	int			 esn;
	const struct suite	*su = &suites[si];

	keys_fill(&k, (uint8_t)si);
	for (esn = 0; esn <= 1; esn++) {
		out = sa_make(su, &k, 1, esn);
		in = sa_make(su, &k, 0, esn);
		for (len = 20; len <= 1500; len++) {
			olen = encap_ipv4(out, buf, len, (unsigned)len);
			EXPECT(olen == len + esp_overhead(out, len));
			EXPECT(olen <= esp_header_len(out) + len +
			    esp_trailer_max(out));
			EXPECT(esp_packet_spi(buf, olen) == 0x11223344);
			EXPECT(be_get(buf + 4, 4) == len - 19);
			EXPECT((olen - esp_header_len(out)) %
			    (is_gcm(su) ? 4 : 1) == 0);
			ipv4_fill(ref, len, (unsigned)len);
			EXPECT(esp_decap(in, buf, olen, &off, &ilen, &ev) ==
			    ESP_OK);
			EXPECT(ev == 0);
			EXPECT(ilen == len);
			EXPECT(off == esp_header_len(in));
			EXPECT(memcmp(buf + off, ref, len) == 0);
			n += len;
		}
		esp_sa_stats(out, &st);
		ck_assert_uint_eq(st.packets, 1481);
		ck_assert_uint_eq(st.bytes, n);
		ck_assert_uint_eq(st.seq, 1481);
		esp_sa_stats(in, &st);
		ck_assert_uint_eq(st.packets, 1481);
		ck_assert_uint_eq(st.bytes, n);
		ck_assert_uint_eq(st.seq, 1481);
		ck_assert_uint_eq(st.auth_errors + st.replay_drops +
		    st.other_drops, 0);
		esp_sa_free(out);
		esp_sa_free(in);
		n = 0;
	}
}

START_TEST(test_round_trip_every_suite_and_size)
{
	size_t	si;

	for (si = 0; si < NELEM(suites); si++)
		round_trip_every_suite_and_size_one(si);
}
END_TEST

/* Encap takes IPv4 only: short, other versions, bad IHL, bad length. */
static void
encap_refuses_what_is_not_ipv4_one(size_t si)
{
	struct esp_sa_stats	 st;
	struct esp_sa		*out;
	struct keys		 k;
	uint8_t			 buf[BUF_MAX], *ip;
	size_t			 len, olen;
	unsigned		 ev, drops = 0;

	keys_fill(&k, 3);
	out = sa_make(&suites[si], &k, 1, 0);
	ip = buf + esp_header_len(out);
	for (len = 0; len < 20; len++) {
		memset(ip, 0x45, len);
		ck_assert_int_eq(esp_encap(out, buf, sizeof(buf), len, &olen,
		    &ev), ESP_E_PROTO);
		ck_assert_uint_eq(olen, 0);
		drops++;
	}
	ipv4_fill(ip, 100, 1);
	ip[0] = 0x65;		/* IPv6 on a tunnel of IPv4 */
	ck_assert_int_eq(esp_encap(out, buf, sizeof(buf), 100, &olen, &ev),
	    ESP_E_PROTO);
	ip[0] = 0x44;		/* IHL 4 */
	ck_assert_int_eq(esp_encap(out, buf, sizeof(buf), 100, &olen, &ev),
	    ESP_E_PROTO);
	ip[0] = 0x4f;		/* a 60-octet header in a 40-octet packet */
	ip[3] = 40;
	ck_assert_int_eq(esp_encap(out, buf, sizeof(buf), 100, &olen, &ev),
	    ESP_E_PROTO);
	ipv4_fill(ip, 100, 1);
	ip[3] = 101;		/* longer than what is there */
	ck_assert_int_eq(esp_encap(out, buf, sizeof(buf), 100, &olen, &ev),
	    ESP_E_PROTO);
	drops += 4;
	esp_sa_stats(out, &st);
	ck_assert_uint_eq(st.other_drops, drops);
	ck_assert_uint_eq(st.packets, 0);
	ck_assert_uint_eq(st.seq, 0);
	esp_sa_free(out);
}

START_TEST(test_encap_refuses_what_is_not_ipv4)
{
	size_t	si;

	for (si = 0; si < NELEM(suites); si++)
		encap_refuses_what_is_not_ipv4_one(si);
}
END_TEST

/*
 * RFC 4303 section 2.7: octets after the inner total length are TFC
 * padding; decap gives the packet without them.  Dummy packets (next
 * header 59) are ESP_E_DUMMY, other next headers and inner packets that
 * are not IPv4 ESP_E_PROTO.
 */
static void
tfc_padding_dummies_and_next_headers_one(size_t si)
{
	struct esp_sa_stats	 st;
	struct esp_sa		*out, *in;
	struct keys		 k;
	uint8_t			 buf[BUF_MAX], iv[16] = { 9 }, *ip;
	size_t			 olen, off, ilen;
	unsigned		 ev;

	keys_fill(&k, 4);
	out = sa_make(&suites[si], &k, 1, 0);
	in = sa_make(&suites[si], &k, 0, 0);
	ip = buf + esp_header_len(out);

	ipv4_fill(ip, 60, 1);
	memset(ip + 60, 0xee, 40);
	ck_assert_int_eq(esp_encap(out, buf, sizeof(buf), 100, &olen, &ev),
	    ESP_OK);
	ck_assert_int_eq(esp_decap(in, buf, olen, &off, &ilen, &ev), ESP_OK);
	ck_assert_uint_eq(ilen, 60);

	ck_assert_int_eq(esp_encap_with_iv(out, buf, sizeof(buf), 0, 2, iv,
	    ESP_NH_DUMMY, &olen, &ev), ESP_OK);
	ck_assert_int_eq(esp_decap(in, buf, olen, &off, &ilen, &ev),
	    ESP_E_DUMMY);
	ck_assert_uint_eq(ilen, 0);

	ipv4_fill(ip, 60, 2);
	ck_assert_int_eq(esp_encap_with_iv(out, buf, sizeof(buf), 60, 3, iv,
	    41, &olen, &ev), ESP_OK);
	ck_assert_int_eq(esp_decap(in, buf, olen, &off, &ilen, &ev),
	    ESP_E_PROTO);

	/* Next header 4 but no IPv4 inside: too short, then version 6. */
	memset(ip, 0x45, 19);
	ck_assert_int_eq(esp_encap_with_iv(out, buf, sizeof(buf), 19, 4, iv,
	    ESP_NH_IPV4, &olen, &ev), ESP_OK);
	ck_assert_int_eq(esp_decap(in, buf, olen, &off, &ilen, &ev),
	    ESP_E_PROTO);
	ipv4_fill(ip, 60, 2);
	ip[0] = 0x60;
	ck_assert_int_eq(esp_encap_with_iv(out, buf, sizeof(buf), 60, 5, iv,
	    ESP_NH_IPV4, &olen, &ev), ESP_OK);
	ck_assert_int_eq(esp_decap(in, buf, olen, &off, &ilen, &ev),
	    ESP_E_PROTO);

	/* They all authenticated: each number is now a replay, and only
	 * the first packet was accepted. */
	esp_sa_stats(in, &st);
	ck_assert_uint_eq(st.packets, 1);
	ck_assert_uint_eq(st.bytes, 60);
	ck_assert_uint_eq(st.seq, 5);
	ck_assert_uint_eq(st.other_drops, 3);
	ck_assert_int_eq(esp_decap(in, buf, olen, &off, &ilen, &ev),
	    ESP_E_REPLAY);
	esp_sa_free(out);
	esp_sa_free(in);
}

START_TEST(test_tfc_padding_dummies_and_next_headers)
{
	size_t	si;

	for (si = 0; si < NELEM(suites); si++)
		tfc_padding_dummies_and_next_headers_one(si);
}
END_TEST

/*
 * Every octet of a packet, flipped in its lowest and highest bit, makes
 * it fail; none of them moves the window, so the intact packet passes
 * afterwards.
 */
static void
flipped_bits_never_pass_one(size_t si)
{
	struct esp_sa_stats	 st;
	struct esp_sa		*out, *in;
	struct keys		 k;
	uint8_t			 pkt[BUF_MAX], buf[BUF_MAX];
	size_t			 olen, off, ilen, i;
	unsigned		 ev, b;
	enum esp_verdict	 v;
	int			 esn;

	keys_fill(&k, 5);
	for (esn = 0; esn <= 1; esn++) {
		out = sa_make(&suites[si], &k, 1, esn);
		in = sa_make(&suites[si], &k, 0, esn);
		olen = encap_ipv4(out, pkt, 77, 1);
		for (i = 0; i < olen; i++)
			for (b = 0x01; b <= 0x80; b <<= 7) {
				memcpy(buf, pkt, olen);
				buf[i] ^= (uint8_t)b;
				v = esp_decap(in, buf, olen, &off, &ilen, &ev);
				/* The SPI is not checked by decap (the caller
				 * looked it up) but it is authenticated. */
				if (v != ESP_E_AUTH &&
				    !(i >= 4 && i < 8 && v == ESP_E_REPLAY))
					ck_abort_msg("%s: octet %zu bit %#x: "
					    "%s", suites[si].name, i, b,
					    esp_verdict_name(v));
			}
		esp_sa_stats(in, &st);
		ck_assert_uint_eq(st.seq, 0);
		ck_assert_uint_eq(st.packets, 0);
		memcpy(buf, pkt, olen);
		ck_assert_int_eq(esp_decap(in, buf, olen, &off, &ilen, &ev),
		    ESP_OK);
		esp_sa_free(out);
		esp_sa_free(in);
	}
}

START_TEST(test_flipped_bits_never_pass)
{
	size_t	si;

	for (si = 0; si < NELEM(suites); si++)
		flipped_bits_never_pass_one(si);
}
END_TEST

/* Every truncation, in an exactly sized buffer (ASan sees overreads). */
static void
truncations_never_pass_one(size_t si)
{
	struct esp_sa		*out, *in;
	struct keys		 k;
	uint8_t			 pkt[BUF_MAX], *buf;
	size_t			 olen, off, ilen, l;
	unsigned		 ev;
	enum esp_verdict	 v;

	keys_fill(&k, 6);
	out = sa_make(&suites[si], &k, 1, 0);
	in = sa_make(&suites[si], &k, 0, 0);
	olen = encap_ipv4(out, pkt, 100, 1);
	for (l = 0; l < olen; l++) {
		buf = malloc(l ? l : 1);
		EXPECT(buf != NULL);
		memcpy(buf, pkt, l);
		v = esp_decap(in, buf, l, &off, &ilen, &ev);
		if (v != ESP_E_MALFORMED && v != ESP_E_AUTH)
			ck_abort_msg("%s: %zu of %zu octets: %s",
			    suites[si].name, l, olen, esp_verdict_name(v));
		free(buf);
	}
	ck_assert_uint_eq(esp_packet_spi(pkt, 7), 0);
	buf = malloc(olen);
	ck_assert_ptr_nonnull(buf);
	memcpy(buf, pkt, olen);
	ck_assert_int_eq(esp_decap(in, buf, olen, &off, &ilen, &ev), ESP_OK);
	free(buf);
	esp_sa_free(out);
	esp_sa_free(in);
}

START_TEST(test_truncations_never_pass)
{
	size_t	si;

	for (si = 0; si < NELEM(suites); si++)
		truncations_never_pass_one(si);
}
END_TEST

/*
 * An ESP packet built here with OpenSSL alone (not with ipsec/): header,
 * the given plaintext (payload and a trailer as the test wants it) and
 * the ICV.  Returns its length.
 */
static size_t
raw_packet(const struct suite *su, const struct keys *k, int esn,
    uint64_t seq, const uint8_t *pt, size_t ptl, uint8_t *out)
{
	EVP_CIPHER_CTX	*ctx = EVP_CIPHER_CTX_new();
	EVP_CIPHER	*ci;
	char		 name[32];
	uint8_t		 nonce[12], aad[12];
	size_t		 n, aadl, icvl;
	int		 outl;

	ck_assert_ptr_nonnull(ctx);
	snprintf(name, sizeof(name), "AES-%u-%s", su->bits,
	    is_gcm(su) ? "GCM" : "CBC");
	ck_assert_ptr_nonnull(ci = EVP_CIPHER_fetch(NULL, name, NULL));
	out[0] = 0x11, out[1] = 0x22, out[2] = 0x33, out[3] = 0x44;
	out[4] = (uint8_t)(seq >> 24);
	out[5] = (uint8_t)(seq >> 16);
	out[6] = (uint8_t)(seq >> 8);
	out[7] = (uint8_t)seq;
	if (is_gcm(su)) {
		memcpy(nonce, k->encr + su->bits / 8, 4);
		memcpy(nonce + 4, "ivivivIV", 8);
		memcpy(out + 8, nonce + 4, 8);
		memcpy(aad, out, 4);
		aadl = 8;
		if (esn) {
			aad[4] = (uint8_t)(seq >> 56);
			aad[5] = (uint8_t)(seq >> 48);
			aad[6] = (uint8_t)(seq >> 40);
			aad[7] = (uint8_t)(seq >> 32);
			aadl = 12;
		}
		memcpy(aad + aadl - 4, out + 4, 4);
		ck_assert(EVP_EncryptInit_ex(ctx, ci, NULL, k->encr, nonce) &&
		    EVP_EncryptUpdate(ctx, NULL, &outl, aad, (int)aadl) &&
		    EVP_EncryptUpdate(ctx, out + 16, &outl, pt, (int)ptl) &&
		    EVP_EncryptFinal_ex(ctx, out + 16 + ptl, &outl) &&
		    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16,
		    out + 16 + ptl));
		n = 16 + ptl + 16;
	} else {
		ck_assert_uint_eq(ptl % 16, 0);
		memcpy(out + 8, "0123456789abcdef", 16);
		ck_assert(EVP_EncryptInit_ex(ctx, ci, NULL, k->encr, out + 8) &&
		    EVP_CIPHER_CTX_set_padding(ctx, 0) &&
		    EVP_EncryptUpdate(ctx, out + 24, &outl, pt, (int)ptl));
		n = 24 + ptl;
		/* RFC 4303 section 2.2.1: the ESN high half goes after the
		 * payload for the ICV only; the ICV then overwrites it. */
		out[n] = (uint8_t)(seq >> 56);
		out[n + 1] = (uint8_t)(seq >> 48);
		out[n + 2] = (uint8_t)(seq >> 40);
		out[n + 3] = (uint8_t)(seq >> 32);
		icvl = EVP_MD_get_size(integ_md(su->integ)) / 2;
		if (su->integ == ESP_INTEG_SHA1_96)
			icvl = 12;
		{
			uint8_t		md[64];
			unsigned	mdl;

			HMAC(integ_md(su->integ), k->integ,
			    (int)integ_key_len(su->integ), out,
			    n + (esn ? 4 : 0), md, &mdl);
			memcpy(out + n, md, icvl);
		}
		n += icvl;
	}
	EVP_CIPHER_free(ci);
	EVP_CIPHER_CTX_free(ctx);
	return n;
}

/*
 * Packets built independently decap; with a wrong padding octet or a pad
 * length past the payload they are ESP_E_MALFORMED (RFC 4303 section
 * 2.4), after authentication, so their numbers are used up.
 */
static void
padding_is_checked_one(size_t si)
{
	const struct suite	*su = &suites[si];
	struct esp_sa		*in;
	struct keys		 k;
	uint8_t			 pt[256], pkt[BUF_MAX];
	size_t			 ptl, n, off, ilen;
	unsigned		 ev;
	int			 esn;

	keys_fill(&k, 7);
	for (esn = 0; esn <= 1; esn++) {
		in = sa_make(su, &k, 0, esn);
		/* 50 octets of IPv4, padding 1..12, pad length, NH 4. */
		ipv4_fill(pt, 50, 3);
		for (n = 0; n < 12; n++)
			pt[50 + n] = (uint8_t)(n + 1);
		pt[62] = 12;
		pt[63] = ESP_NH_IPV4;
		ptl = 64;
		n = raw_packet(su, &k, esn, 1, pt, ptl, pkt);
		ck_assert_int_eq(esp_decap(in, pkt, n, &off, &ilen, &ev),
		    ESP_OK);
		ck_assert_uint_eq(ilen, 50);

		pt[55] = 0;		/* padding octet 6 is not 6 */
		n = raw_packet(su, &k, esn, 2, pt, ptl, pkt);
		ck_assert_int_eq(esp_decap(in, pkt, n, &off, &ilen, &ev),
		    ESP_E_MALFORMED);
		pt[55] = 6;
		pt[62] = 63;		/* pad length past the payload */
		n = raw_packet(su, &k, esn, 3, pt, ptl, pkt);
		ck_assert_int_eq(esp_decap(in, pkt, n, &off, &ilen, &ev),
		    ESP_E_MALFORMED);
		pt[62] = 62;		/* all padding, but not 1, 2, 3... */
		n = raw_packet(su, &k, esn, 4, pt, ptl, pkt);
		ck_assert_int_eq(esp_decap(in, pkt, n, &off, &ilen, &ev),
		    ESP_E_MALFORMED);
		/* Authenticated, so the window moved: a replay now. */
		n = raw_packet(su, &k, esn, 2, pt, ptl, pkt);
		ck_assert_int_eq(esp_decap(in, pkt, n, &off, &ilen, &ev),
		    ESP_E_REPLAY);
		/* Padding of 0 octets is fine. */
		pt[62] = 0;
		memmove(pt + 50, pt + 62, 2);
		ptl = 52;
		if (!is_gcm(su)) {
			ipv4_fill(pt, 62, 3);
			pt[62] = 0;
			pt[63] = ESP_NH_IPV4;
			ptl = 64;
		}
		n = raw_packet(su, &k, esn, 5, pt, ptl, pkt);
		ck_assert_int_eq(esp_decap(in, pkt, n, &off, &ilen, &ev),
		    ESP_OK);
		esp_sa_free(in);
	}
}

START_TEST(test_padding_is_checked)
{
	size_t	si;

	for (si = 0; si < NELEM(suites); si++)
		padding_is_checked_one(si);
}
END_TEST

/* A buffer too small is ESP_E_SPACE; exactly big enough works. */
static void
space_is_checked_one(size_t si)
{
	struct esp_sa	*out;
	struct keys	 k;
	uint8_t		 buf[BUF_MAX];
	size_t		 need, olen;
	unsigned	 ev;

	keys_fill(&k, 8);
	out = sa_make(&suites[si], &k, 1, 0);
	need = 100 + esp_overhead(out, 100);
	ipv4_fill(buf + esp_header_len(out), 100, 1);
	ck_assert_int_eq(esp_encap(out, buf, need - 1, 100, &olen, &ev),
	    ESP_E_SPACE);
	ck_assert_int_eq(esp_encap(out, buf, 99, 100, &olen, &ev),
	    ESP_E_SPACE);
	ck_assert_int_eq(esp_encap(out, buf, 100 + esp_header_len(out) - 1,
	    100, &olen, &ev), ESP_E_SPACE);
	ck_assert_int_eq(esp_encap(out, buf, need, 100, &olen, &ev), ESP_OK);
	ck_assert_uint_eq(olen, need);
	/* Refusals used no sequence number. */
	ck_assert_uint_eq(be_get(buf + 4, 4), 1);
	esp_sa_free(out);
}

START_TEST(test_space_is_checked)
{
	size_t	si;

	for (si = 0; si < NELEM(suites); si++)
		space_is_checked_one(si);
}
END_TEST

/*
 * The window through the API: duplicates, the left edge, a forged packet
 * far ahead that must not move it, a real one far ahead that does.
 */
static void
window_through_esp_one(size_t si)
{
	struct esp_sa_stats	 st;
	struct esp_sa		*out, *in;
	struct keys		 k;
	uint8_t			 pkts[80][160], buf[BUF_MAX], iv[16] = { 1 };
	size_t			 lens[80], off, ilen, i, n;
	unsigned		 ev;

	keys_fill(&k, 9);
	out = sa_make(&suites[si], &k, 1, 0);
	in = sa_make(&suites[si], &k, 0, 0);
	for (i = 1; i < 80; i++)
		lens[i] = encap_ipv4(out, pkts[i], 60, (unsigned)i);
	/* 1..70 except 5 arrive. */
	for (i = 1; i <= 70; i++) {
		if (i == 5)
			continue;
		memcpy(buf, pkts[i], lens[i]);
		ck_assert_int_eq(esp_decap(in, buf, lens[i], &off, &ilen,
		    &ev), ESP_OK);
	}
	/* A duplicate. */
	memcpy(buf, pkts[70], lens[70]);
	ck_assert_int_eq(esp_decap(in, buf, lens[70], &off, &ilen, &ev),
	    ESP_E_REPLAY);
	/* Number 0 never exists without ESN. */
	ipv4_fill(buf + esp_header_len(out), 60, 1);
	ck_assert_int_eq(esp_encap_with_iv(out, buf, sizeof(buf), 60, 0, iv,
	    ESP_NH_IPV4, &n, &ev), ESP_OK);
	ck_assert_int_eq(esp_decap(in, buf, n, &off, &ilen, &ev),
	    ESP_E_REPLAY);
	/* A forged packet 100000 ahead: an ICV bit flipped. */
	esp_sa_set_seq(out, 99999);
	n = encap_ipv4(out, buf, 60, 1);
	buf[n - 1] ^= 0x40;
	ck_assert_int_eq(esp_decap(in, buf, n, &off, &ilen, &ev), ESP_E_AUTH);
	esp_sa_stats(in, &st);
	ck_assert_uint_eq(st.seq, 70);
	/* So number 7 is still the left edge (70 - 64 + 1) and 5 is left
	 * of the window: 64 packets, top 70. */
	memcpy(buf, pkts[5], lens[5]);
	ck_assert_int_eq(esp_decap(in, buf, lens[5], &off, &ilen, &ev),
	    ESP_E_REPLAY);
	/* The next real packets near the old top still pass. */
	for (i = 71; i < 80; i++) {
		memcpy(buf, pkts[i], lens[i]);
		ck_assert_int_eq(esp_decap(in, buf, lens[i], &off, &ilen,
		    &ev), ESP_OK);
	}
	/* The real packet far ahead slides the window past them all. */
	esp_sa_set_seq(out, 99999);
	n = encap_ipv4(out, buf, 60, 1);
	ck_assert_int_eq(esp_decap(in, buf, n, &off, &ilen, &ev), ESP_OK);
	memcpy(buf, pkts[79], lens[79]);
	ck_assert_int_eq(esp_decap(in, buf, lens[79], &off, &ilen, &ev),
	    ESP_E_REPLAY);
	esp_sa_stats(in, &st);
	ck_assert_uint_eq(st.seq, 100000);
	ck_assert_uint_eq(st.packets, 79);
	ck_assert_uint_eq(st.auth_errors, 1);
	ck_assert_uint_eq(st.replay_drops, 4);
	esp_sa_free(out);
	esp_sa_free(in);
}

START_TEST(test_window_through_esp)
{
	size_t	si;

	for (si = 0; si < NELEM(suites); si++)
		window_through_esp_one(si);
}
END_TEST

/*
 * A bigger window (here ESP_REPLAY_MAX) keeps what a 64-packet one would
 * have refused.
 */
static void
window_size_is_honoured_one(size_t si)
{
	const struct suite	*su = &suites[si];
	struct esp_sa_params	 p;
	struct esp_sa		*out, *in;
	struct keys		 k;
	uint8_t			 first[160], buf[BUF_MAX];
	size_t			 flen, n, off, ilen;
	unsigned		 ev;
	char			 err[128];

	keys_fill(&k, 10);
	out = sa_make(su, &k, 1, 0);
	params_fill(&p, su, &k, 0, 0);
	p.replay_window = ESP_REPLAY_MAX;
	ck_assert_ptr_nonnull(in = esp_sa_new(&p, err, sizeof(err)));
	flen = encap_ipv4(out, first, 60, 1);
	esp_sa_set_seq(out, ESP_REPLAY_MAX);
	n = encap_ipv4(out, buf, 60, 2);	/* number 4097 */
	ck_assert_int_eq(esp_decap(in, buf, n, &off, &ilen, &ev), ESP_OK);
	/* 1 is 4096 behind 4097: the window's left edge is 2. */
	ck_assert_int_eq(esp_decap(in, first, flen, &off, &ilen, &ev),
	    ESP_E_REPLAY);
	esp_sa_set_seq(in, 0);
	n = encap_ipv4(out, buf, 60, 2);	/* number 4098 */
	ck_assert_int_eq(esp_decap(in, buf, n, &off, &ilen, &ev), ESP_OK);
	flen = encap_ipv4(out, first, 60, 1);	/* 4099, arrives late */
	esp_sa_set_seq(out, 4098 + ESP_REPLAY_MAX - 1);
	n = encap_ipv4(out, buf, 60, 2);	/* 4099 + 4095 */
	ck_assert_int_eq(esp_decap(in, buf, n, &off, &ilen, &ev), ESP_OK);
	ck_assert_int_eq(esp_decap(in, first, flen, &off, &ilen, &ev),
	    ESP_OK);
	esp_sa_free(out);
	esp_sa_free(in);
}

START_TEST(test_window_size_is_honoured)
{
	size_t	si;

	for (si = 0; si < NELEM(suites); si++)
		window_size_is_honoured_one(si);
}
END_TEST

/*
 * RFC 4303 section 3.3.3: sequence numbers never cycle.  ESP_EV_SEQ_SOFT
 * once at ESP_SEQ_SOFT_32, ESP_EV_HARD with 2^32-1, then ESP_E_SEQ for
 * good; with ESN the counter goes on past 2^32.
 */
static void
sequence_numbers_run_out_one(size_t si)
{
	struct esp_sa_stats	 st;
	struct esp_sa		*out, *in;
	struct keys		 k;
	uint8_t			 buf[BUF_MAX];
	size_t			 olen, off, ilen;
	unsigned		 ev;
	int			 i;

	keys_fill(&k, 11);
	out = sa_make(&suites[si], &k, 1, 0);
	in = sa_make(&suites[si], &k, 0, 0);
	esp_sa_set_seq(out, ESP_SEQ_SOFT_32 - 2);
	ipv4_fill(buf + esp_header_len(out), 40, 1);
	ck_assert_int_eq(esp_encap(out, buf, sizeof(buf), 40, &olen, &ev),
	    ESP_OK);
	ck_assert_uint_eq(ev, 0);
	ipv4_fill(buf + esp_header_len(out), 40, 1);
	ck_assert_int_eq(esp_encap(out, buf, sizeof(buf), 40, &olen, &ev),
	    ESP_OK);
	ck_assert_uint_eq(ev, ESP_EV_SEQ_SOFT);
	ck_assert_uint_eq(be_get(buf + 4, 4), ESP_SEQ_SOFT_32);
	ipv4_fill(buf + esp_header_len(out), 40, 1);
	ck_assert_int_eq(esp_encap(out, buf, sizeof(buf), 40, &olen, &ev),
	    ESP_OK);
	ck_assert_uint_eq(ev, 0);

	esp_sa_set_seq(out, UINT32_MAX - 2);
	esp_sa_set_seq(in, UINT32_MAX - 2);
	ipv4_fill(buf + esp_header_len(out), 40, 1);
	ck_assert_int_eq(esp_encap(out, buf, sizeof(buf), 40, &olen, &ev),
	    ESP_OK);
	ck_assert_uint_eq(ev, 0);
	ipv4_fill(buf + esp_header_len(out), 40, 1);
	ck_assert_int_eq(esp_encap(out, buf, sizeof(buf), 40, &olen, &ev),
	    ESP_OK);
	ck_assert_uint_eq(ev, ESP_EV_HARD);
	ck_assert_uint_eq(be_get(buf + 4, 4), UINT32_MAX);
	if (suites[si].encr == ESP_ENCR_AES_GCM_16)
		ck_assert_uint_eq(be_get(buf + 8, 8), UINT32_MAX);
	ck_assert_int_eq(esp_decap(in, buf, olen, &off, &ilen, &ev), ESP_OK);
	for (i = 0; i < 3; i++) {
		ipv4_fill(buf + esp_header_len(out), 40, 1);
		ck_assert_int_eq(esp_encap(out, buf, sizeof(buf), 40, &olen,
		    &ev), ESP_E_SEQ);
		ck_assert_uint_eq(ev, 0);
		ck_assert_uint_eq(olen, 0);
	}
	esp_sa_stats(out, &st);
	ck_assert_uint_eq(st.seq, UINT32_MAX);
	ck_assert_uint_eq(st.packets, 5);
	ck_assert_uint_eq(st.other_drops, 3);
	esp_sa_free(out);
	esp_sa_free(in);

	/* With ESN: 2^32 is just the next number (low half 0 on the wire),
	 * the soft mark is 2^32 before 2^64 and the end is 2^64-1. */
	out = sa_make(&suites[si], &k, 1, 1);
	in = sa_make(&suites[si], &k, 0, 1);
	esp_sa_set_seq(out, UINT32_MAX);
	esp_sa_set_seq(in, UINT32_MAX - 5);
	ipv4_fill(buf + esp_header_len(out), 40, 1);
	ck_assert_int_eq(esp_encap(out, buf, sizeof(buf), 40, &olen, &ev),
	    ESP_OK);
	ck_assert_uint_eq(ev, 0);
	ck_assert_uint_eq(be_get(buf + 4, 4), 0);
	ck_assert_int_eq(esp_decap(in, buf, olen, &off, &ilen, &ev), ESP_OK);
	esp_sa_stats(in, &st);
	ck_assert_uint_eq(st.seq, (uint64_t)1 << 32);
	esp_sa_set_seq(out, ESP_SEQ_SOFT_64 - 1);
	ipv4_fill(buf + esp_header_len(out), 40, 1);
	ck_assert_int_eq(esp_encap(out, buf, sizeof(buf), 40, &olen, &ev),
	    ESP_OK);
	ck_assert_uint_eq(ev, ESP_EV_SEQ_SOFT);
	esp_sa_set_seq(out, UINT64_MAX - 1);
	ipv4_fill(buf + esp_header_len(out), 40, 1);
	ck_assert_int_eq(esp_encap(out, buf, sizeof(buf), 40, &olen, &ev),
	    ESP_OK);
	ck_assert_uint_eq(ev, ESP_EV_HARD);
	ck_assert_int_eq(esp_encap(out, buf, sizeof(buf), 40, &olen, &ev),
	    ESP_E_SEQ);
	esp_sa_free(out);
	esp_sa_free(in);
}

START_TEST(test_sequence_numbers_run_out)
{
	size_t	si;

	for (si = 0; si < NELEM(suites); si++)
		sequence_numbers_run_out_one(si);
}
END_TEST

static struct esp_sa *
sa_with_limits(const struct suite *su, const struct keys *k, int outbound,
    uint64_t sp, uint64_t hp, uint64_t sb, uint64_t hb)
{
	struct esp_sa_params	 p;
	struct esp_sa		*sa;
	char			 err[128];

	params_fill(&p, su, k, outbound, 0);
	p.soft_packets = sp;
	p.hard_packets = hp;
	p.soft_bytes = sb;
	p.hard_bytes = hb;
	ck_assert_ptr_nonnull(sa = esp_sa_new(&p, err, sizeof(err)));
	return sa;
}

static enum esp_verdict
send100(struct esp_sa *out, uint8_t *buf, size_t *olen, unsigned *ev)
{
	ipv4_fill(buf + esp_header_len(out), 100, 1);
	return esp_encap(out, buf, BUF_MAX, 100, olen, ev);
}

/* Packet and byte limits, each event once; the hard one refuses. */
static void
outbound_limits_one(size_t si)
{
	struct esp_sa_stats	 st;
	struct esp_sa		*out;
	struct keys		 k;
	uint8_t			 buf[BUF_MAX];
	size_t			 olen;
	unsigned		 ev, want[] = { 0, 0, ESP_EV_SOFT, 0,
				    ESP_EV_HARD };
	size_t			 i;

	keys_fill(&k, 12);
	/* Packets: soft 3, hard 5. */
	out = sa_with_limits(&suites[si], &k, 1, 3, 5, 0, 0);
	for (i = 0; i < NELEM(want); i++) {
		ck_assert_int_eq(send100(out, buf, &olen, &ev), ESP_OK);
		ck_assert_uint_eq(ev, want[i]);
	}
	ck_assert_int_eq(send100(out, buf, &olen, &ev), ESP_E_EXPIRED);
	ck_assert_uint_eq(ev, 0);
	ck_assert_int_eq(send100(out, buf, &olen, &ev), ESP_E_EXPIRED);
	esp_sa_stats(out, &st);
	ck_assert_uint_eq(st.packets, 5);
	ck_assert_uint_eq(st.other_drops, 2);
	ck_assert_uint_eq(st.seq, 5);
	esp_sa_free(out);

	/* Bytes: soft 250, hard 400 reached exactly by packet 4. */
	out = sa_with_limits(&suites[si], &k, 1, 0, 0, 250, 400);
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(send100(out, buf, &olen, &ev), ESP_OK);
		ck_assert_uint_eq(ev, i == 2 ? ESP_EV_SOFT :
		    i == 3 ? ESP_EV_HARD : 0);
	}
	ck_assert_int_eq(send100(out, buf, &olen, &ev), ESP_E_EXPIRED);
	ck_assert_uint_eq(ev, 0);
	esp_sa_free(out);

	/* Hard 350: packet 4 would pass it, so it is refused and raises
	 * the event; packets 5, 6 are refused quietly. */
	out = sa_with_limits(&suites[si], &k, 1, 0, 0, 0, 350);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(send100(out, buf, &olen, &ev), ESP_OK);
		ck_assert_uint_eq(ev, 0);
	}
	ck_assert_int_eq(send100(out, buf, &olen, &ev), ESP_E_EXPIRED);
	ck_assert_uint_eq(ev, ESP_EV_HARD);
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(send100(out, buf, &olen, &ev),
		    ESP_E_EXPIRED);
		ck_assert_uint_eq(ev, 0);
	}
	esp_sa_stats(out, &st);
	ck_assert_uint_eq(st.bytes, 300);
	ck_assert_uint_eq(st.seq, 3);
	ck_assert_uint_eq(st.other_drops, 3);
	esp_sa_free(out);
}

START_TEST(test_outbound_limits)
{
	size_t	si;

	for (si = 0; si < NELEM(suites); si++)
		outbound_limits_one(si);
}
END_TEST

/* Inbound limits count accepted packets; a refused one authenticated,
 * so it is not accepted again later. */
static void
inbound_limits_one(size_t si)
{
	struct esp_sa_stats	 st;
	struct esp_sa		*out, *in;
	struct keys		 k;
	uint8_t			 buf[BUF_MAX];
	size_t			 olen, off, ilen, i;
	unsigned		 ev;

	keys_fill(&k, 13);
	out = sa_make(&suites[si], &k, 1, 0);
	in = sa_with_limits(&suites[si], &k, 0, 1, 2, 0, 0);
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(send100(out, buf, &olen, &ev), ESP_OK);
		ck_assert_int_eq(esp_decap(in, buf, olen, &off, &ilen, &ev),
		    i < 2 ? ESP_OK : ESP_E_EXPIRED);
		ck_assert_uint_eq(ev, i == 0 ? ESP_EV_SOFT :
		    i == 1 ? ESP_EV_HARD : 0);
	}
	esp_sa_stats(in, &st);
	ck_assert_uint_eq(st.packets, 2);
	ck_assert_uint_eq(st.other_drops, 2);
	ck_assert_uint_eq(st.seq, 4);
	esp_sa_free(out);
	esp_sa_free(in);
}

START_TEST(test_inbound_limits)
{
	size_t	si;

	for (si = 0; si < NELEM(suites); si++)
		inbound_limits_one(si);
}
END_TEST

/* CBC IVs: distinct, not the counter block, different per IV key. */
START_TEST(test_cbc_ivs_differ)
{
	const struct suite	*su = &suites[9];	/* AES-256-CBC */
	struct esp_sa		*a, *b;
	struct keys		 k1, k2;
	uint8_t			 buf[BUF_MAX], ivs[1000][16], ivb[16];
	size_t			 i, j;

	keys_fill(&k1, 14);
	k2 = k1;
	k2.iv[0] ^= 1;
	a = sa_make(su, &k1, 1, 0);
	b = sa_make(su, &k2, 1, 0);
	for (i = 0; i < NELEM(ivs); i++) {
		encap_ipv4(a, buf, 40, 1);
		memcpy(ivs[i], buf + 8, 16);
		encap_ipv4(b, buf, 40, 1);
		memcpy(ivb, buf + 8, 16);
		EXPECT(memcmp(ivs[i], ivb, 16) != 0);
		EXPECT(be_get(ivs[i], 8) != i + 1);
	}
	for (i = 0; i < NELEM(ivs); i++)
		for (j = i + 1; j < NELEM(ivs); j++)
			EXPECT(memcmp(ivs[i], ivs[j], 16) != 0);
	esp_sa_free(a);
	esp_sa_free(b);
}
END_TEST

/* Refused parameters name the reason. */
START_TEST(test_sa_new_refuses_bad_parameters)
{
	struct esp_sa_params	 p;
	struct esp_sa		*sa;
	struct keys		 k;
	char			 err[128];
	const struct suite	*cbc = &suites[0], *gcm = &suites[12];

#define REFUSED() do {							\
	err[0] = '\0';							\
	ck_assert_ptr_null(esp_sa_new(&p, err, sizeof(err)));		\
	ck_assert_msg(err[0] != '\0', "no reason given");		\
} while (0)
	keys_fill(&k, 15);
	params_fill(&p, cbc, &k, 1, 0);
	p.encr_alg = 3;
	REFUSED();
	params_fill(&p, cbc, &k, 1, 0);
	p.encr_keylen = 64;
	REFUSED();
	params_fill(&p, cbc, &k, 1, 0);
	p.encr_key_len = 20;
	REFUSED();
	params_fill(&p, cbc, &k, 1, 0);
	p.integ_alg = ESP_INTEG_NONE;
	REFUSED();
	params_fill(&p, cbc, &k, 1, 0);
	p.integ_alg = 5;
	REFUSED();
	params_fill(&p, cbc, &k, 1, 0);
	p.integ_key_len = 16;
	REFUSED();
	params_fill(&p, cbc, &k, 1, 0);
	p.iv_key = NULL;
	REFUSED();
	params_fill(&p, gcm, &k, 1, 0);
	p.encr_key_len = 16;		/* the salt is missing */
	REFUSED();
	params_fill(&p, gcm, &k, 1, 0);
	p.integ_alg = ESP_INTEG_SHA256_128;
	REFUSED();
	params_fill(&p, gcm, &k, 0, 0);
	p.replay_window = ESP_REPLAY_MIN - 1;
	REFUSED();
	p.replay_window = ESP_REPLAY_MAX + 1;
	REFUSED();
	/* NULL err is fine; window 0 means the default. */
	p.replay_window = 0;
	ck_assert_ptr_nonnull(sa = esp_sa_new(&p, NULL, 0));
	esp_sa_free(sa);
	p.replay_window = 1000;		/* not a multiple of 64 */
	ck_assert_ptr_nonnull(sa = esp_sa_new(&p, NULL, 0));
	esp_sa_free(sa);
	/* An inbound CBC SA needs no IV key, GCM never does. */
	params_fill(&p, cbc, &k, 0, 0);
	p.iv_key = NULL;
	ck_assert_ptr_nonnull(sa = esp_sa_new(&p, NULL, 0));
	esp_sa_free(sa);
	params_fill(&p, gcm, &k, 1, 0);
	p.iv_key = NULL;
	ck_assert_ptr_nonnull(sa = esp_sa_new(&p, NULL, 0));
	esp_sa_free(sa);
	esp_sa_free(NULL);
#undef REFUSED
}
END_TEST

/* An SA works in its own direction only. */
static void
direction_is_enforced_one(size_t si)
{
	struct esp_sa	*out, *in;
	struct keys	 k;
	uint8_t		 buf[BUF_MAX], iv[16] = { 0 }, nh;
	size_t		 olen, off, ilen;
	unsigned	 ev;

	keys_fill(&k, 16);
	out = sa_make(&suites[si], &k, 1, 0);
	in = sa_make(&suites[si], &k, 0, 0);
	olen = encap_ipv4(out, buf, 60, 1);
	ck_assert_int_eq(esp_decap(out, buf, olen, &off, &ilen, &ev),
	    ESP_E_CRYPTO);
	ck_assert_int_eq(esp_decap_payload(out, buf, olen, &off, &ilen, &nh,
	    &ev), ESP_E_CRYPTO);
	ipv4_fill(buf + esp_header_len(in), 60, 1);
	ck_assert_int_eq(esp_encap(in, buf, sizeof(buf), 60, &olen, &ev),
	    ESP_E_CRYPTO);
	ck_assert_int_eq(esp_encap_with_iv(in, buf, sizeof(buf), 60, 1, iv,
	    4, &olen, &ev), ESP_E_CRYPTO);
	ck_assert_int_eq(esp_encap_with_iv(out, buf, sizeof(buf), 60, 1, NULL,
	    4, &olen, &ev), ESP_E_CRYPTO);
	esp_sa_free(out);
	esp_sa_free(in);
}

START_TEST(test_direction_is_enforced)
{
	size_t	si;

	for (si = 0; si < NELEM(suites); si++)
		direction_is_enforced_one(si);
}
END_TEST

struct reader {
	struct esp_sa	*sa;
	volatile int	 stop;
	int		 backwards;
	uint64_t	 reads;
};

static void *
reader_run(void *arg)
{
	struct reader		*r = arg;
	struct esp_sa_stats	 st;
	uint64_t		 last = 0;

	while (!r->stop) {
		esp_sa_stats(r->sa, &st);
		if (st.packets < last)
			r->backwards = 1;
		last = st.packets;
		r->reads++;
	}
	return NULL;
}

/* The counters may be read from another thread while packets flow. */
START_TEST(test_stats_read_from_another_thread)
{
	struct esp_sa_stats	 st;
	struct reader		 r = { 0 };
	struct keys		 k;
	pthread_t		 t;
	uint8_t			 buf[BUF_MAX];
	int			 i;

	keys_fill(&k, 17);
	r.sa = sa_make(&suites[14], &k, 1, 0);
	ck_assert_int_eq(pthread_create(&t, NULL, reader_run, &r), 0);
	for (i = 0; i < 20000; i++)
		encap_ipv4(r.sa, buf, 40, 1);
	r.stop = 1;
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_int_eq(r.backwards, 0);
	esp_sa_stats(r.sa, &st);
	ck_assert_uint_eq(st.packets, 20000);
	ck_assert_uint_eq(st.bytes, 800000);
	esp_sa_free(r.sa);
}
END_TEST

START_TEST(test_verdict_names)
{
	int	v, w;

	for (v = ESP_OK; v <= ESP_E_CRYPTO; v++) {
		ck_assert_str_ne(esp_verdict_name(v), "unknown");
		for (w = ESP_OK; w < v; w++)
			ck_assert_str_ne(esp_verdict_name(v),
			    esp_verdict_name(w));
	}
	ck_assert_str_eq(esp_verdict_name(ESP_E_CRYPTO + 1), "unknown");
}
END_TEST

/*
 * Suite replay (replay.c)
 */

struct win {
	struct esp_replay	r;
	uint64_t		ring[128];
};

static void
win_init(struct win *w, uint32_t size, int esn)
{
	ck_assert_uint_le(esp_replay_words(size), NELEM(w->ring));
	esp_replay_init(&w->r, w->ring, size, esn);
}

/* Check, then update as if the packet authenticated. */
static int
win_take(struct win *w, uint32_t lo)
{
	uint64_t	seq;

	if (esp_replay_check(&w->r, lo, &seq) == -1)
		return -1;
	esp_replay_update(&w->r, seq);
	return 0;
}

START_TEST(test_replay_ring_sizes)
{
	ck_assert_uint_eq(esp_replay_words(64), 2);
	ck_assert_uint_eq(esp_replay_words(65), 4);
	ck_assert_uint_eq(esp_replay_words(100), 4);
	ck_assert_uint_eq(esp_replay_words(128), 4);
	ck_assert_uint_eq(esp_replay_words(192), 4);
	ck_assert_uint_eq(esp_replay_words(193), 8);
	ck_assert_uint_eq(esp_replay_words(4096), 128);
}
END_TEST

START_TEST(test_replay_edges)
{
	struct win	w;
	uint64_t	seq;
	uint32_t	i;

	win_init(&w, 64, 0);
	ck_assert_int_eq(esp_replay_check(&w.r, 0, &seq), -1);
	ck_assert_int_eq(win_take(&w, 1), 0);
	ck_assert_int_eq(win_take(&w, 1), -1);		/* duplicate */
	ck_assert_int_eq(win_take(&w, 100), 0);
	/* The window is 37..100. */
	ck_assert_int_eq(esp_replay_check(&w.r, 36, &seq), -1);
	ck_assert_int_eq(esp_replay_check(&w.r, 37, &seq), 0);
	ck_assert_uint_eq(seq, 37);
	/* A check reads only: still acceptable. */
	ck_assert_int_eq(esp_replay_check(&w.r, 37, &seq), 0);
	ck_assert_int_eq(win_take(&w, 37), 0);
	ck_assert_int_eq(win_take(&w, 37), -1);
	ck_assert_int_eq(win_take(&w, 100), -1);
	ck_assert_int_eq(win_take(&w, 2), -1);		/* far left */
	for (i = 38; i < 100; i++)
		EXPECT(win_take(&w, i) == 0);
	for (i = 37; i <= 100; i++)
		EXPECT(win_take(&w, i) == -1);
	/* A jump far ahead forgets everything below the new window. */
	ck_assert_int_eq(win_take(&w, 1000000), 0);
	ck_assert_int_eq(esp_replay_check(&w.r, 999936, &seq), -1);
	for (i = 999937; i < 1000000; i++)
		EXPECT(esp_replay_check(&w.r, i, &seq) == 0);
	ck_assert_int_eq(win_take(&w, UINT32_MAX), 0);
	ck_assert_int_eq(win_take(&w, UINT32_MAX), -1);
	ck_assert_int_eq(win_take(&w, UINT32_MAX - 63), 0);
	ck_assert_int_eq(win_take(&w, UINT32_MAX - 64), -1);
}
END_TEST

/*
 * Slides of every size against a plain model (a set of seen numbers):
 * for windows of 64, 100, 1000 and 4096 packets, a pseudo-random walk of
 * numbers around a moving top, some repeated, some far ahead.
 */
START_TEST(test_replay_matches_a_model)
{
	static const uint32_t	 sizes[] = { 64, 100, 1000, 4096 };
	static uint8_t		 seen[1 << 24];	/* a bit per number */
	struct win		 w;
	uint64_t		 top, x = 12345, s, got;
	uint32_t		 size;
	size_t			 z;
	int			 i, want;

	for (z = 0; z < NELEM(sizes); z++) {
		size = sizes[z];
		memset(seen, 0, sizeof(seen));
		win_init(&w, size, 0);
		top = 0;
		for (i = 0; i < 200000; i++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			switch ((x >> 60) & 7) {
			case 0:		/* a jump ahead */
				s = top + 1 + ((x >> 20) % (2 * size));
				break;
			case 1:		/* just left of the window */
				s = top > size ? top - size : 1;
				break;
			default:	/* around the top */
				s = top + 8 - ((x >> 24) % (size + 16));
				if ((int64_t)s < 1)
					s = 1;
				break;
			}
			if (s >= 8 * sizeof(seen))
				break;
			want = !(seen[s >> 3] & (1 << (s & 7))) && (s > top ||
			    top - s < size);
			EXPECT((esp_replay_check(&w.r, (uint32_t)s,
			    &got) == 0) == want);
			if (!want)
				continue;
			EXPECT(got == s);
			/* One packet in four fails authentication: no
			 * update, so the model does not see it either. */
			if (((x >> 8) & 3) == 0)
				continue;
			esp_replay_update(&w.r, s);
			seen[s >> 3] |= (uint8_t)(1 << (s & 7));
			if (s > top)
				top = s;
		}
		ck_assert_uint_gt(top, 100000);
	}
}
END_TEST

/* RFC 4303 Appendix A2.2 across the 2^32 boundary. */
START_TEST(test_replay_esn_inference)
{
	struct win	w;
	uint64_t	seq, base = (uint64_t)1 << 32;

	win_init(&w, 64, 1);
	/* Before anything: numbers just under 2^32 would be negative. */
	ck_assert_int_eq(esp_replay_check(&w.r, UINT32_MAX - 3, &seq), -1);
	ck_assert_int_eq(esp_replay_check(&w.r, 0, &seq), -1);
	ck_assert_int_eq(esp_replay_check(&w.r, 5, &seq), 0);
	ck_assert_uint_eq(seq, 5);

	/* Top just under 2^32: a small low half is the next block. */
	esp_replay_reset(&w.r, base - 10);
	ck_assert_int_eq(esp_replay_check(&w.r, 3, &seq), 0);
	ck_assert_uint_eq(seq, base + 3);
	ck_assert_int_eq(esp_replay_check(&w.r, UINT32_MAX - 20, &seq), 0);
	ck_assert_uint_eq(seq, base - 21);
	ck_assert_int_eq(esp_replay_check(&w.r, 0, &seq), 0);
	ck_assert_uint_eq(seq, base);
	esp_replay_update(&w.r, base + 3);

	/* Window straddling: high low halves are the previous block. */
	ck_assert_int_eq(esp_replay_check(&w.r, UINT32_MAX - 20, &seq), 0);
	ck_assert_uint_eq(seq, base - 21);
	ck_assert_int_eq(esp_replay_check(&w.r, UINT32_MAX - 9, &seq), -1);
	/* The window's bottom is base - 60; below it, the same block. */
	ck_assert_int_eq(esp_replay_check(&w.r, UINT32_MAX - 59, &seq), 0);
	ck_assert_uint_eq(seq, base - 60);
	ck_assert_int_eq(esp_replay_check(&w.r, UINT32_MAX - 60, &seq), 0);
	ck_assert_uint_eq(seq, base + UINT32_MAX - 60);
	ck_assert_int_eq(esp_replay_check(&w.r, 100, &seq), 0);
	ck_assert_uint_eq(seq, base + 100);
	esp_replay_update(&w.r, base + 100);
	/* Whole window in one block again: below it is the next block
	 * (a packet from the past fails its ICV there). */
	ck_assert_int_eq(esp_replay_check(&w.r, 3, &seq), 0);
	ck_assert_uint_eq(seq, 2 * base + 3);
	ck_assert_int_eq(esp_replay_check(&w.r, 37, &seq), 0);
	ck_assert_uint_eq(seq, base + 37);
	ck_assert_int_eq(esp_replay_check(&w.r, 36, &seq), 0);
	ck_assert_uint_eq(seq, 2 * base + 36);

	/* The very end: nothing after 2^64 - 1. */
	esp_replay_reset(&w.r, UINT64_MAX - 1);
	ck_assert_int_eq(esp_replay_check(&w.r, UINT32_MAX, &seq), 0);
	ck_assert_uint_eq(seq, UINT64_MAX);
	esp_replay_update(&w.r, UINT64_MAX);
	ck_assert_int_eq(esp_replay_check(&w.r, 0, &seq), -1);
	ck_assert_int_eq(esp_replay_check(&w.r, UINT32_MAX, &seq), -1);
}
END_TEST

/*
 * Suite esp_crypto (esp_crypto.c)
 */

static void
crypto_make(struct esp_crypto *c, uint16_t encr, uint16_t bits,
    const uint8_t *key, size_t keyl, int outbound)
{
	struct esp_sa_params	 p;
	struct keys		 k;
	char			 err[128];

	keys_fill(&k, 20);
	memset(&p, 0, sizeof(p));
	memset(c, 0, sizeof(*c));
	p.outbound = outbound;
	p.encr_alg = encr;
	p.encr_keylen = bits;
	p.encr_key = key;
	p.encr_key_len = keyl;
	if (encr == ESP_ENCR_AES_CBC) {
		p.integ_alg = ESP_INTEG_SHA1_96;
		p.integ_key = k.integ;
		p.integ_key_len = 20;
	}
	p.iv_key = k.iv;
	ck_assert_msg(esp_crypto_init(c, &p, err, sizeof(err)) == 0, "%s",
	    err);
}

/* SP 800-38A F.2 and RFC 3602 cases: both directions, in place. */
START_TEST(test_crypto_cbc_vectors)
{
	struct kat_json		*root;
	const struct kat_json	*cases, *c;
	struct esp_crypto	 enc, dec;
	uint8_t			*key, *iv, *pt, *ct, *buf;
	size_t			 keyl, ivl, ptl, ctl, i, n = 0;

	if (vectors_missing != NULL)
		return;
	root = vectors_load("aes_cbc.json");
	ck_assert_ptr_nonnull(root);
	cases = kat_json_get(root, "cases");
	for (i = 0; i < kat_json_count(cases); i++) {
		c = kat_json_at(cases, i);
		key = jhex(c, "key", &keyl);
		iv = jhex(c, "iv", &ivl);
		pt = jhex(c, "plaintext", &ptl);
		ct = jhex(c, "ciphertext", &ctl);
		ck_assert(key && iv && pt && ct && ivl == 16 && ptl == ctl);
		crypto_make(&enc, ESP_ENCR_AES_CBC, (uint16_t)(keyl * 8), key,
		    keyl, 1);
		crypto_make(&dec, ESP_ENCR_AES_CBC, (uint16_t)(keyl * 8), key,
		    keyl, 0);
		buf = malloc(ptl);
		ck_assert_ptr_nonnull(buf);
		memcpy(buf, pt, ptl);
		ck_assert_int_eq(esp_crypto_cbc(&enc, iv, buf, ptl), 0);
		ck_assert_mem_eq(buf, ct, ctl);
		ck_assert_int_eq(esp_crypto_cbc(&dec, iv, buf, ctl), 0);
		ck_assert_mem_eq(buf, pt, ptl);
		/* Twice: the context re-IVs cleanly. */
		ck_assert_int_eq(esp_crypto_cbc(&dec, iv, memcpy(buf, ct, ctl),
		    ctl), 0);
		ck_assert_mem_eq(buf, pt, ptl);
		esp_crypto_clear(&enc);
		esp_crypto_clear(&dec);
		free(buf);
		free(key);
		free(iv);
		free(pt);
		free(ct);
		n++;
	}
	ck_assert_uint_ge(n, 7);
	kat_json_free(root);
}
END_TEST

/*
 * Every GCM case with a 96-bit nonce, the ESP ones included: the nonce
 * splits into the 4-octet salt and the 8-octet ESP IV (RFC 4106 4).
 */
START_TEST(test_crypto_gcm_vectors)
{
	struct kat_json		*root;
	const struct kat_json	*cases, *c;
	struct esp_crypto	 enc, dec;
	uint8_t			*key, *nonce, *aad, *pt, *ct, *tag, *buf;
	uint8_t			 keymat[36], t[16];
	size_t			 keyl, nl, aadl, ptl, ctl, tagl, i, n = 0;

	if (vectors_missing != NULL)
		return;
	root = vectors_load("aes_gcm.json");
	ck_assert_ptr_nonnull(root);
	cases = kat_json_get(root, "cases");
	for (i = 0; i < kat_json_count(cases); i++) {
		c = kat_json_at(cases, i);
		if ((nonce = jhex(c, "nonce", &nl)) == NULL)
			nonce = jhex(c, "iv", &nl);
		key = jhex(c, "key", &keyl);
		aad = jhex(c, "aad", &aadl);
		pt = jhex(c, "plaintext", &ptl);
		ct = jhex(c, "ciphertext", &ctl);
		tag = jhex(c, "tag", &tagl);
		ck_assert(nonce && key && aad && pt && ct && tag);
		if (nl != 12 || tagl != 16) {
			free(nonce), free(key), free(aad);
			free(pt), free(ct), free(tag);
			continue;
		}
		memcpy(keymat, key, keyl);
		memcpy(keymat + keyl, nonce, 4);
		crypto_make(&enc, ESP_ENCR_AES_GCM_16, (uint16_t)(keyl * 8),
		    keymat, keyl + 4, 1);
		crypto_make(&dec, ESP_ENCR_AES_GCM_16, (uint16_t)(keyl * 8),
		    keymat, keyl + 4, 0);
		buf = malloc(ptl + 1);
		ck_assert_ptr_nonnull(buf);
		memcpy(buf, pt, ptl);
		ck_assert_int_eq(esp_crypto_gcm(&enc, nonce + 4, aad, aadl,
		    buf, ptl, t), 0);
		ck_assert_mem_eq(buf, ct, ctl);
		ck_assert_mem_eq(t, tag, 16);
		ck_assert_int_eq(esp_crypto_gcm(&dec, nonce + 4, aad, aadl,
		    buf, ctl, t), 0);
		ck_assert_mem_eq(buf, pt, ptl);
		t[15] ^= 1;
		memcpy(buf, ct, ctl);
		ck_assert_int_eq(esp_crypto_gcm(&dec, nonce + 4, aad, aadl,
		    buf, ctl, t), -1);
		esp_crypto_clear(&enc);
		esp_crypto_clear(&dec);
		free(buf), free(nonce), free(key), free(aad);
		free(pt), free(ct), free(tag);
		n++;
	}
	ck_assert_uint_ge(n, 16);
	kat_json_free(root);
}
END_TEST

/*
 * The truncated HMACs against RFC 2202 (HMAC-SHA1-96) and RFC 4868
 * (AUTH_HMAC_SHA2_*): every case whose key has the ESP key length.
 */
static size_t
icv_vectors(const char *file, const char *want_field, const char *bits_field)
{
	static const struct {
		const char	*hash;
		uint16_t	 integ;
		size_t		 icv;
	} map[] = {
		{ "SHA-1", ESP_INTEG_SHA1_96, 12 },
		{ "SHA-256", ESP_INTEG_SHA256_128, 16 },
		{ "SHA-384", ESP_INTEG_SHA384_192, 24 },
		{ "SHA-512", ESP_INTEG_SHA512_256, 32 },
	};
	struct kat_json		*root;
	const struct kat_json	*cases, *c;
	struct esp_sa_params	 p;
	struct esp_crypto	 cr;
	struct keys		 k;
	uint8_t			*key, *data, *want, icv[32];
	size_t			 keyl, dl, wl, i, m, n = 0;
	long long		 bits;
	const char		*hash;
	char			 err[128];

	root = vectors_load(file);
	ck_assert_ptr_nonnull(root);
	cases = kat_json_get(root, "cases");
	keys_fill(&k, 21);
	for (i = 0; i < kat_json_count(cases); i++) {
		c = kat_json_at(cases, i);
		hash = kat_json_str(kat_json_get(c, "hash"));
		for (m = 0; hash != NULL && m < NELEM(map); m++)
			if (strcmp(map[m].hash, hash) == 0)
				break;
		if (hash == NULL || m == NELEM(map))
			continue;
		key = jhex(c, "key", &keyl);
		data = jhex(c, "data", &dl);
		if ((want = jhex(c, want_field, &wl)) == NULL)
			want = jhex(c, "mac", &wl);
		else if (bits_field != NULL && (kat_json_int(kat_json_get(c,
		    bits_field), &bits) != 0 || bits != 8 * (long long)wl))
			wl = 0;
		if (key == NULL || data == NULL || want == NULL ||
		    keyl != integ_key_len(map[m].integ) || wl < map[m].icv) {
			free(key), free(data), free(want);
			continue;
		}
		memset(&p, 0, sizeof(p));
		memset(&cr, 0, sizeof(cr));
		p.encr_alg = ESP_ENCR_AES_CBC;
		p.encr_keylen = 128;
		p.encr_key = k.encr;
		p.encr_key_len = 16;
		p.integ_alg = map[m].integ;
		p.integ_key = key;
		p.integ_key_len = keyl;
		ck_assert_msg(esp_crypto_init(&cr, &p, err, sizeof(err)) == 0,
		    "%s", err);
		ck_assert_uint_eq(cr.icv_len, map[m].icv);
		ck_assert_int_eq(esp_crypto_icv(&cr, data, dl, NULL, 0, icv),
		    0);
		ck_assert_mem_eq(icv, want, map[m].icv);
		/* The tail is just more data. */
		if (dl >= 4) {
			ck_assert_int_eq(esp_crypto_icv(&cr, data, dl - 4,
			    data + dl - 4, 4, icv), 0);
			ck_assert_mem_eq(icv, want, map[m].icv);
		}
		esp_crypto_clear(&cr);
		free(key), free(data), free(want);
		n++;
	}
	kat_json_free(root);
	return n;
}

START_TEST(test_crypto_icv_vectors)
{
	if (vectors_missing != NULL)
		return;
	ck_assert_uint_ge(icv_vectors("hmac.json", "mac_truncated",
	    "truncated_bits"), 3);
	ck_assert_uint_ge(icv_vectors("prf_rfc4868.json", "icv", "icv_bits"),
	    6);
}
END_TEST

/* The CBC IV is AES-128-ECB(iv_key, counter | 0), as documented. */
START_TEST(test_crypto_cbc_iv_is_ecb_of_counter)
{
	struct esp_crypto	 c, in;
	EVP_CIPHER_CTX		*ecb;
	struct keys		 k;
	uint8_t			 key[16] = { 1 }, blk[16], want[16], iv[16];
	uint64_t		 ctr;
	int			 outl, j;

	keys_fill(&k, 20);	/* the keys crypto_make uses */
	crypto_make(&c, ESP_ENCR_AES_CBC, 128, key, 16, 1);
	ck_assert_ptr_nonnull(ecb = EVP_CIPHER_CTX_new());
	ck_assert(EVP_EncryptInit_ex(ecb, EVP_aes_128_ecb(), NULL, k.iv,
	    NULL) && EVP_CIPHER_CTX_set_padding(ecb, 0));
	for (ctr = 0; ctr < 5000; ctr += 1 + ctr / 2) {
		memset(blk, 0, sizeof(blk));
		for (j = 0; j < 8; j++)
			blk[j] = (uint8_t)(ctr >> (56 - 8 * j));
		EXPECT(EVP_EncryptUpdate(ecb, want, &outl, blk, 16));
		EXPECT(esp_crypto_cbc_iv(&c, ctr, iv) == 0);
		EXPECT(memcmp(iv, want, 16) == 0);
	}
	ck_assert_int_eq(esp_crypto_cbc_iv(&c, UINT64_MAX, iv), 0);
	EVP_CIPHER_CTX_free(ecb);
	esp_crypto_clear(&c);
	/* Inbound has no IV generator. */
	crypto_make(&in, ESP_ENCR_AES_CBC, 128, key, 16, 0);
	ck_assert_int_eq(esp_crypto_cbc_iv(&in, 1, iv), -1);
	ck_assert_int_eq(esp_crypto_cbc(&in, iv, blk, 15), -1);
	esp_crypto_clear(&in);
}
END_TEST

/*
 * The runner
 */

/*
 * aes_mb.c and esp_encap_burst()
 */

/* A small deterministic generator for lengths and contents. */
static uint32_t
xs32(uint32_t *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 17;
	*st ^= *st << 5;
	return *st;
}

/* OpenSSL's AES-CBC of one buffer, the reference. */
static void
evp_cbc(const uint8_t *key, size_t klen, const uint8_t *iv, uint8_t *buf,
    size_t len)
{
	EVP_CIPHER_CTX	*c = EVP_CIPHER_CTX_new();
	const EVP_CIPHER *ci = klen == 16 ? EVP_aes_128_cbc() :
			    klen == 24 ? EVP_aes_192_cbc() : EVP_aes_256_cbc();
	int		 outl;

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(EVP_EncryptInit_ex(c, ci, NULL, key, iv), 1);
	EVP_CIPHER_CTX_set_padding(c, 0);
	ck_assert_int_eq(EVP_EncryptUpdate(c, buf, &outl, buf, (int)len), 1);
	EVP_CIPHER_CTX_free(c);
}

/* Bursts of 1 to 40 jobs of mixed lengths (0 to 2048 octets, equal runs
 * and odd ones out) match OpenSSL job by job, for each key size. */
START_TEST(test_aes_mb_matches_openssl)
{
	static uint8_t		 mb[40][2048], ref[40][2048];
	struct aes_mb_key	 k;
	struct aes_mb_job	 j[40];
	uint8_t			 key[32], ivs[40][16];
	size_t			 klen, n, i, len[40];
	uint32_t		 st = 0x9e3779b9;

	if (!aes_mb_available()) {
		ck_assert_int_eq(aes_mb_set_key(&k, key, 16), -1);
		return;
	}
	ck_assert_int_eq(aes_mb_set_key(&k, key, 20), -1);
	for (klen = 16; klen <= 32; klen += 8)
		for (n = 1; n <= 40; n++) {
			for (i = 0; i < sizeof(key); i++)
				key[i] = (uint8_t)xs32(&st);
			ck_assert_int_eq(aes_mb_set_key(&k, key, klen), 0);
			for (i = 0; i < n; i++) {
				size_t	x;

				/* Mostly a run of one size, as a cut TCP
				 * super-packet gives, and some others. */
				len[i] = xs32(&st) % 4 ? 1408 :
				    16 * (xs32(&st) % 129);
				for (x = 0; x < len[i]; x++)
					mb[i][x] = ref[i][x] = (uint8_t)xs32(&st);
				for (x = 0; x < 16; x++)
					ivs[i][x] = (uint8_t)xs32(&st);
				j[i].buf = mb[i];
				j[i].len = len[i];
				j[i].iv = ivs[i];
				evp_cbc(key, klen, ivs[i], ref[i], len[i]);
			}
			ck_assert_int_eq(aes_mb_cbc_encrypt(&k, j, n), 0);
			for (i = 0; i < n; i++)
				EXPECT(memcmp(mb[i], ref[i], len[i]) == 0);
		}
	/* A job that is not whole blocks is left alone, the others done. */
	memset(mb[0], 7, 32);
	memset(mb[1], 7, 33);
	memset(ref[0], 7, 32);
	evp_cbc(key, 32, ivs[0], ref[0], 32);
	j[0].buf = mb[0], j[0].len = 32, j[0].iv = ivs[0];
	j[1].buf = mb[1], j[1].len = 33, j[1].iv = ivs[1];
	ck_assert_int_eq(aes_mb_cbc_encrypt(&k, j, 2), -1);
	ck_assert_int_eq(memcmp(mb[0], ref[0], 32), 0);
	ck_assert_int_eq(mb[1][0], 7);
	ck_assert_int_eq(mb[1][32], 7);
	aes_mb_clear(&k);
}
END_TEST

/* One block under each key size against OpenSSL's ECB (the schedule). */
START_TEST(test_aes_mb_block)
{
	struct aes_mb_key	 k;
	EVP_CIPHER_CTX		*c;
	uint8_t			 key[32], in[16], out[16], ref[16];
	size_t			 klen, i, r;
	int			 outl;
	uint32_t		 st = 12345;

	if (!aes_mb_available())
		return;
	for (r = 0; r < 50; r++)
		for (klen = 16; klen <= 32; klen += 8) {
			for (i = 0; i < 32; i++)
				key[i] = (uint8_t)xs32(&st);
			for (i = 0; i < 16; i++)
				in[i] = (uint8_t)xs32(&st);
			ck_assert_int_eq(aes_mb_set_key(&k, key, klen), 0);
			aes_mb_encrypt_block(&k, in, out);
			c = EVP_CIPHER_CTX_new();
			EVP_EncryptInit_ex(c, klen == 16 ? EVP_aes_128_ecb() :
			    klen == 24 ? EVP_aes_192_ecb() : EVP_aes_256_ecb(),
			    NULL, key, NULL);
			EVP_EncryptUpdate(c, ref, &outl, in, 16);
			EVP_CIPHER_CTX_free(c);
			EXPECT(memcmp(out, ref, 16) == 0);
		}
}
END_TEST

/*
 * esp_encap_burst() is esp_encap() n times: two SAs with the same keys
 * and limits (soft at 30 packets, hard at 45), one fed packet by packet,
 * one in bursts of 1 to 9; packets of mixed sizes with some that are not
 * IPv4.  Same verdicts, bytes, events and counters, and the inbound SA
 * takes every burst packet.
 */
static void
burst_matches_one_by_one_one(size_t si)
{
	static uint8_t		 one[60][BUF_MAX], bur[60][BUF_MAX];
	struct esp_sa		*a, *b, *in;
	struct esp_sa_stats	 sa_st, sb_st;
	struct esp_burst	 p[9];
	struct keys		 k;
	size_t			 len[60], olen[60], off, ilen, i, n, got;
	unsigned		 ev, ev_one, ev_bur, bad[60], evs[60];
	enum esp_verdict	 v[60];
	uint32_t		 st = 777;

	keys_fill(&k, 21);
	a = sa_with_limits(&suites[si], &k, 1, 30, 45, 0, 0);
	b = sa_with_limits(&suites[si], &k, 1, 30, 45, 0, 0);
	in = sa_make(&suites[si], &k, 0, 0);
	for (i = 0; i < 60; i++) {
		len[i] = xs32(&st) % 3 ? 1400 : 20 + xs32(&st) % 1380;
		bad[i] = xs32(&st) % 11 == 0;
		ipv4_fill(one[i] + esp_header_len(a), len[i], (unsigned)i);
		if (bad[i])
			one[i][esp_header_len(a)] = 0x65;	/* IPv6 */
		memcpy(bur[i], one[i], BUF_MAX);
		v[i] = esp_encap(a, one[i], BUF_MAX, len[i], &olen[i],
		    &evs[i]);
	}
	for (i = 0; i < 60; i += n) {
		size_t	x;

		n = 1 + (i % 9);
		if (i + n > 60)
			n = 60 - i;
		ev_one = 0;
		for (x = 0; x < n; x++) {
			p[x].buf = bur[i + x];
			p[x].cap = BUF_MAX;
			p[x].len = len[i + x];
		}
		got = esp_encap_burst(b, p, n, &ev_bur);
		for (x = 0; x < n; x++) {
			EXPECT(p[x].v == v[i + x]);
			EXPECT(p[x].v != ESP_OK || p[x].out_len == olen[i + x]);
			EXPECT(p[x].v != ESP_OK || memcmp(bur[i + x],
			    one[i + x], olen[i + x]) == 0);
			got -= p[x].v == ESP_OK;
			ev_one |= evs[i + x];
		}
		EXPECT(got == 0);
		EXPECT(ev_bur == ev_one);
		for (x = 0; x < n; x++)
			if (p[x].v == ESP_OK)
				EXPECT(esp_decap(in, bur[i + x], p[x].out_len,
				    &off, &ilen, &ev) == ESP_OK &&
				    ilen == len[i + x]);
	}
	esp_sa_stats(a, &sa_st);
	esp_sa_stats(b, &sb_st);
	ck_assert_uint_eq(sa_st.packets, sb_st.packets);
	ck_assert_uint_eq(sa_st.bytes, sb_st.bytes);
	ck_assert_uint_eq(sa_st.other_drops, sb_st.other_drops);
	ck_assert_uint_eq(sa_st.seq, sb_st.seq);
	ck_assert_uint_eq(sb_st.packets, 45);
	for (ev = 0, i = 0; i < 60; i++)
		ev |= evs[i];
	ck_assert_uint_eq(ev, ESP_EV_SOFT | ESP_EV_HARD);
	esp_sa_free(a);
	esp_sa_free(b);
	esp_sa_free(in);
}

START_TEST(test_burst_matches_one_by_one)
{
	size_t	si;

	for (si = 0; si < NELEM(suites); si++)
		burst_matches_one_by_one_one(si);
}
END_TEST

/* Bursts of 1 to 40 messages of 0 to 3,000 octets, from the initial state
 * or after a block, match OpenSSL's SHA-256. */
START_TEST(test_sha256_mb_matches_openssl)
{
	static uint8_t		 msg[40][64 + 3000];
	struct sha256_mb_job	 j[40];
	uint8_t			 d[32], ref[32];
	size_t			 n, i, x, len[40], pre[40];
	uint32_t		 st = 4242;

	for (n = 1; n <= 40; n++) {
		for (i = 0; i < n; i++) {
			len[i] = xs32(&st) % 4 ? 1432 : xs32(&st) % 3001;
			pre[i] = xs32(&st) % 2 ? 64 : 0;
			for (x = 0; x < pre[i] + len[i]; x++)
				msg[i][x] = (uint8_t)xs32(&st);
			sha256_mb_init(j[i].h);
			if (pre[i])
				sha256_mb_block(j[i].h, msg[i]);
			j[i].data = msg[i] + pre[i];
			j[i].len = len[i];
			j[i].before = pre[i];
		}
		sha256_mb_final(j, n);
		for (i = 0; i < n; i++) {
			sha256_mb_digest(j[i].h, d);
			ck_assert_int_eq(EVP_Digest(msg[i], pre[i] + len[i],
			    ref, NULL, EVP_sha256(), NULL), 1);
			EXPECT(memcmp(d, ref, 32) == 0);
		}
	}
	/* Every length around the padding's edges, one job. */
	for (x = 0; x < 200; x++) {
		sha256_mb_init(j[0].h);
		j[0].data = msg[0];
		j[0].len = x;
		j[0].before = 0;
		sha256_mb_final(j, 1);
		sha256_mb_digest(j[0].h, d);
		EVP_Digest(msg[0], x, ref, NULL, EVP_sha256(), NULL);
		EXPECT(memcmp(d, ref, 32) == 0);
	}
}
END_TEST

/*
 * esp_decap_burst() is esp_decap() n times: 80 packets of one outbound SA,
 * then a stream with replays (also inside one burst), a packet left of
 * the window, tampered ICVs and ciphertexts, truncations (down to nothing)
 * and lengths that are not whole blocks; two inbound SAs with the same keys and limits (soft 30,
 * hard 50 packets), one fed packet by packet, one in bursts of 1 to 11.
 */
static void
decap_burst_matches_one_by_one_one(size_t si)
{
	static uint8_t		 wire[80][BUF_MAX], one[120][BUF_MAX],
				 bur[120][BUF_MAX];
	struct esp_sa		*out, *a, *b;
	struct esp_sa_stats	 sa_st, sb_st;
	struct esp_rx		 p[11];
	struct keys		 k;
	size_t			 wlen[80], len[120], off[120], il[120], i, n;
	size_t			 got, src;
	unsigned		 evs[120], ev_one, ev_bur;
	enum esp_verdict	 v[120];
	uint32_t		 st = 31337;

	keys_fill(&k, 33);
	out = sa_make(&suites[si], &k, 1, 0);
	a = sa_with_limits(&suites[si], &k, 0, 30, 50, 0, 0);
	b = sa_with_limits(&suites[si], &k, 0, 30, 50, 0, 0);
	for (i = 0; i < 80; i++)
		wlen[i] = encap_ipv4(out, wire[i], xs32(&st) % 3 ? 1400 :
		    20 + xs32(&st) % 1380, (unsigned)i);
	for (i = 0; i < 120; i++) {
		/* Mostly in order, some from earlier (replays, left of the
		 * window once it moved on), some damaged. */
		src = i < 80 ? i : xs32(&st) % 80;
		if (i % 17 == 5)
			src = i > 0 ? (i - 1) % 80 : 0;
		memcpy(one[i], wire[src], wlen[src]);
		len[i] = wlen[src];
		switch (xs32(&st) % 13) {
		case 0:
			one[i][len[i] - 1] ^= 1;	/* ICV */
			break;
		case 1:
			one[i][len[i] / 2] ^= 0x80;	/* ciphertext */
			break;
		case 2:
			len[i] = xs32(&st) % len[i];	/* truncated */
			break;
		case 3:
			len[i] -= 5;			/* not whole blocks */
			break;
		}
		memcpy(bur[i], one[i], BUF_MAX);
		v[i] = esp_decap(a, one[i], len[i], &off[i], &il[i], &evs[i]);
	}
	for (i = 0; i < 120; i += n) {
		size_t	x;

		n = 1 + (i % 11);
		if (i + n > 120)
			n = 120 - i;
		ev_one = 0;
		for (x = 0; x < n; x++) {
			p[x].buf = bur[i + x];
			p[x].len = len[i + x];
			ev_one |= evs[i + x];
		}
		got = esp_decap_burst(b, p, n, &ev_bur);
		for (x = 0; x < n; x++) {
			EXPECT(p[x].v == v[i + x]);
			if (p[x].v != ESP_OK)
				continue;
			got--;
			EXPECT(p[x].inner_off == off[i + x]);
			EXPECT(p[x].inner_len == il[i + x]);
			EXPECT(memcmp(bur[i + x] + off[i + x], one[i + x] +
			    off[i + x], il[i + x]) == 0);
		}
		EXPECT(got == 0);
		EXPECT(ev_bur == ev_one);
	}
	esp_sa_stats(a, &sa_st);
	esp_sa_stats(b, &sb_st);
	ck_assert_uint_eq(sa_st.packets, sb_st.packets);
	ck_assert_uint_eq(sa_st.bytes, sb_st.bytes);
	ck_assert_uint_eq(sa_st.auth_errors, sb_st.auth_errors);
	ck_assert_uint_eq(sa_st.replay_drops, sb_st.replay_drops);
	ck_assert_uint_eq(sa_st.other_drops, sb_st.other_drops);
	ck_assert_uint_eq(sa_st.seq, sb_st.seq);
	ck_assert_uint_gt(sb_st.auth_errors, 0);
	ck_assert_uint_gt(sb_st.replay_drops, 0);
	ck_assert_uint_eq(sb_st.packets, 50);
	esp_sa_free(out);
	esp_sa_free(a);
	esp_sa_free(b);
}

START_TEST(test_decap_burst_matches_one_by_one)
{
	size_t	si;

	for (si = 0; si < NELEM(suites); si++)
		decap_burst_matches_one_by_one_one(si);
}
END_TEST

/* Bursts longer than ESP_BURST_MAX, both ways, for the seed's suite. */
START_TEST(test_bursts_longer_than_max)
{
	enum { N = 2 * ESP_BURST_MAX + 44 };
	static uint8_t		 one[N][256], bur[N][256];
	static struct esp_burst	 p[N];
	static struct esp_rx	 q[N];
	const struct suite	*su = &suites[9];	/* AES-256-CBC+SHA256 */
	struct esp_sa		*a, *b, *in;
	struct keys		 k;
	size_t			 i, olen;
	unsigned		 ev;

	keys_fill(&k, 44);
	a = sa_make(su, &k, 1, 0);
	b = sa_make(su, &k, 1, 0);
	in = sa_make(su, &k, 0, 0);
	for (i = 0; i < N; i++) {
		ipv4_fill(one[i] + esp_header_len(a), 100, (unsigned)i);
		memcpy(bur[i], one[i], sizeof(bur[i]));
		EXPECT(esp_encap(a, one[i], sizeof(one[i]), 100, &olen,
		    &ev) == ESP_OK);
		p[i].buf = bur[i];
		p[i].cap = sizeof(bur[i]);
		p[i].len = 100;
	}
	ck_assert_uint_eq(esp_encap_burst(b, p, N, &ev), N);
	for (i = 0; i < N; i++) {
		EXPECT(p[i].out_len == olen);
		EXPECT(memcmp(bur[i], one[i], olen) == 0);
		q[i].buf = bur[i];
		q[i].len = p[i].out_len;
	}
	ck_assert_uint_eq(esp_decap_burst(in, q, N, &ev), N);
	for (i = 0; i < N; i++)
		EXPECT(q[i].inner_len == 100);
	esp_sa_free(a);
	esp_sa_free(b);
	esp_sa_free(in);
}
END_TEST

static int
vectors_present(void)
{
	static const char	*files[] = { "aes_cbc.json", "aes_gcm.json",
				    "hmac.json", "prf_rfc4868.json" };
	static char		 why[4200];
	const char		*dir = getenv("SHARED_DIR");
	char			 path[4096];
	size_t			 i;

	for (i = 0; i < NELEM(files); i++) {
		snprintf(path, sizeof(path), "%s/vectors/%s",
		    dir ? dir : SHARED_DIR, files[i]);
		if (access(path, R_OK) != 0) {
			snprintf(why, sizeof(why), "%s missing", path);
			vectors_missing = why;
			return 0;
		}
	}
	return 1;
}

int
main(void)
{
	Suite	*esp = suite_create("esp");
	Suite	*replay = suite_create("replay");
	Suite	*crypto = suite_create("esp_crypto");
	Suite	*mb = suite_create("multi-buffer");
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	vectors_present();

	tc = tcase_create("known answers");
	tcase_add_test(tc, test_kat_rfc3602_esp_packets);
	tcase_add_test(tc, test_kat_gcm_esp_packets);
	suite_add_tcase(esp, tc);
	tc = tcase_create("packets");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_round_trip_every_suite_and_size);
	tcase_add_test(tc, test_encap_refuses_what_is_not_ipv4);
	tcase_add_test(tc, test_tfc_padding_dummies_and_next_headers);
	tcase_add_test(tc, test_flipped_bits_never_pass);
	tcase_add_test(tc, test_truncations_never_pass);
	tcase_add_test(tc, test_padding_is_checked);
	tcase_add_test(tc, test_space_is_checked);
	tcase_add_test(tc, test_direction_is_enforced);
	suite_add_tcase(esp, tc);
	tc = tcase_create("sequence numbers and limits");
	tcase_add_test(tc, test_window_through_esp);
	tcase_add_test(tc, test_window_size_is_honoured);
	tcase_add_test(tc, test_sequence_numbers_run_out);
	tcase_add_test(tc, test_outbound_limits);
	tcase_add_test(tc, test_inbound_limits);
	suite_add_tcase(esp, tc);
	tc = tcase_create("sa");
	tcase_add_test(tc, test_cbc_ivs_differ);
	tcase_add_test(tc, test_sa_new_refuses_bad_parameters);
	tcase_add_test(tc, test_stats_read_from_another_thread);
	tcase_add_test(tc, test_verdict_names);
	suite_add_tcase(esp, tc);

	tc = tcase_create("window");
	tcase_add_test(tc, test_replay_ring_sizes);
	tcase_add_test(tc, test_replay_edges);
	tcase_add_test(tc, test_replay_matches_a_model);
	tcase_add_test(tc, test_replay_esn_inference);
	suite_add_tcase(replay, tc);

	tc = tcase_create("primitives");
	tcase_add_test(tc, test_crypto_cbc_vectors);
	tcase_add_test(tc, test_crypto_gcm_vectors);
	tcase_add_test(tc, test_crypto_icv_vectors);
	tcase_add_test(tc, test_crypto_cbc_iv_is_ecb_of_counter);
	suite_add_tcase(crypto, tc);

	tc = tcase_create("multi-buffer");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_aes_mb_matches_openssl);
	tcase_add_test(tc, test_aes_mb_block);
	tcase_add_test(tc, test_burst_matches_one_by_one);
	tcase_add_test(tc, test_sha256_mb_matches_openssl);
	tcase_add_test(tc, test_decap_burst_matches_one_by_one);
	tcase_add_test(tc, test_bursts_longer_than_max);
	suite_add_tcase(mb, tc);

	sr = srunner_create(esp);
	srunner_add_suite(sr, replay);
	srunner_add_suite(sr, crypto);
	srunner_add_suite(sr, mb);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (failed)
		return EXIT_FAILURE;
	if (vectors_missing != NULL) {
		printf("SKIP: %s: known answers not checked\n",
		    vectors_missing);
		return 77;
	}
	return EXIT_SUCCESS;
}
