/*
 * libFuzzer target for ESP decapsulation (ipsec/esp.c): what arrives from
 * the network after the SPI lookup.  Every suite esp.h allows is reachable
 * and keys are fixed, so inputs replay the same way everywhere.
 *
 *	input[0]	suite: index into suites[] (modulo)
 *	input[1]	bit 0: ESN; bit 1: mode; bits 2-3: the window
 *			(64, 128, 1000 or ESP_REPLAY_MAX packets)
 *
 * Mode 0, raw packets: the rest is a list of records, each a 2-octet
 * big-endian length (the top bit picks esp_decap_payload() over
 * esp_decap()) and that many octets, each decapsulated on one inbound SA
 * from an exactly sized copy, so ASan sees any read past the end; then all
 * of them again on a twin SA through esp_decap_burst(), which must agree
 * packet by packet.  The
 * seed corpus holds valid packets under the fixed keys, so mutations
 * start beyond the ICV.
 *
 * Mode 1, round trip: the rest is a position (2 octets), an XOR mask, a
 * truncation (1 octet each), then an inner payload.  The harness wraps
 * the payload in an IPv4 header, encapsulates it with esp_encap(), flips
 * the octet at the position with the mask, cuts the truncation off the
 * end and decapsulates.  The oracle: the packet comes back whole exactly
 * when nothing was changed (any change must be caught), and a second copy
 * of it is a replay.
 *
 * Valid seeds for mode 0 are made by this file itself:
 *
 *	cc -DFUZZ_ESP_DECAP_SEEDS -I. -Ibuild tests/fuzz/fuzz_esp_decap.c \
 *	    build/libipsec.a build/libcommon.a -lcrypto -o /tmp/seeds &&
 *	    /tmp/seeds tests/fuzz/corpus/esp_decap
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipsec/esp.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define PKT_MAX		2048

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	uint16_t	encr, bits, integ;
	size_t		ikey;
} suites[] = {
	{ ESP_ENCR_AES_CBC, 128, ESP_INTEG_SHA1_96, 20 },
	{ ESP_ENCR_AES_CBC, 128, ESP_INTEG_SHA256_128, 32 },
	{ ESP_ENCR_AES_CBC, 192, ESP_INTEG_SHA384_192, 48 },
	{ ESP_ENCR_AES_CBC, 256, ESP_INTEG_SHA256_128, 32 },
	{ ESP_ENCR_AES_CBC, 256, ESP_INTEG_SHA512_256, 64 },
	{ ESP_ENCR_AES_GCM_16, 128, ESP_INTEG_NONE, 0 },
	{ ESP_ENCR_AES_GCM_16, 192, ESP_INTEG_NONE, 0 },
	{ ESP_ENCR_AES_GCM_16, 256, ESP_INTEG_NONE, 0 },
};

static const uint32_t windows[] = { 64, 128, 1000, ESP_REPLAY_MAX };

static struct esp_sa *
sa_make(size_t s, int outbound, int esn, uint32_t window)
{
	struct esp_sa_params	p;
	uint8_t			ekey[36], ikey[64], ivkey[ESP_IV_KEY_LEN];
	size_t			i;
	int			gcm = suites[s].encr == ESP_ENCR_AES_GCM_16;

	for (i = 0; i < sizeof(ekey); i++)
		ekey[i] = (uint8_t)(0x01 + i);
	for (i = 0; i < sizeof(ikey); i++)
		ikey[i] = (uint8_t)(0x41 + i);
	for (i = 0; i < sizeof(ivkey); i++)
		ivkey[i] = (uint8_t)(0x81 + i);
	memset(&p, 0, sizeof(p));
	p.spi = 0xc0ffee01;
	p.outbound = outbound;
	p.encr_alg = suites[s].encr;
	p.encr_keylen = suites[s].bits;
	p.encr_key = ekey;
	p.encr_key_len = suites[s].bits / 8 + (gcm ? 4 : 0);
	p.integ_alg = suites[s].integ;
	p.integ_key = gcm ? NULL : ikey;
	p.integ_key_len = suites[s].ikey;
	p.esn = esn;
	p.replay_window = window;
	p.iv_key = ivkey;
	return esp_sa_new(&p, NULL, 0);
}

/* What any verdict must satisfy. */
static void
check_result(enum esp_verdict v, size_t len, size_t off, size_t ilen,
    const uint8_t *buf)
{
	if (v != ESP_OK) {
		if (ilen != 0 || esp_verdict_name(v) == NULL)
			abort();
		return;
	}
	if (off > len || ilen > len - off)
		abort();
}

/*
 * Mode 0: each record decapsulated on `in`, one by one; then the same
 * records again on `twin` (the same SA), in bursts (esp_decap_burst(),
 * broken where an esp_decap_payload() record sits), which must give the
 * same verdicts and the same inner packets.
 */
#define RECORDS_MAX	ESP_BURST_MAX

struct record {
	uint8_t		*one, *bur;	/* exactly sized copies */
	size_t		 len;
	int		 payload;
	enum esp_verdict v;
	size_t		 off, ilen;
};

static void
burst_check(struct esp_sa *twin, struct record *r, size_t n)
{
	struct esp_rx	 p[RECORDS_MAX];
	size_t		 k;
	unsigned	 ev;

	for (k = 0; k < n; k++) {
		p[k].buf = r[k].bur;
		p[k].len = r[k].len;
	}
	(void)esp_decap_burst(twin, p, n, &ev);
	for (k = 0; k < n; k++) {
		if (p[k].v != r[k].v)
			abort();
		if (p[k].v == ESP_OK && (p[k].inner_off != r[k].off ||
		    p[k].inner_len != r[k].ilen ||
		    memcmp(r[k].bur + r[k].off, r[k].one + r[k].off,
		    r[k].ilen) != 0))
			abort();
	}
}

static void
raw_packets(struct esp_sa *in, struct esp_sa *twin, const uint8_t *p,
    size_t n)
{
	struct record	 r[RECORDS_MAX];
	uint8_t		 nh;
	size_t		 nr = 0, k, start, off, ilen;
	unsigned	 ev;

	while (n >= 2 && nr < RECORDS_MAX) {
		struct record *x = &r[nr];

		x->len = (size_t)(p[0] & 0x7f) << 8 | p[1];
		x->payload = p[0] & 0x80;
		p += 2;
		n -= 2;
		if (x->len > n)
			x->len = n;
		if ((x->one = malloc(x->len ? x->len : 1)) == NULL ||
		    (x->bur = malloc(x->len ? x->len : 1)) == NULL)
			abort();
		memcpy(x->one, p, x->len);
		memcpy(x->bur, p, x->len);
		if (x->payload) {
			x->v = esp_decap_payload(in, x->one, x->len, &x->off,
			    &x->ilen, &nh, &ev);
		} else {
			x->v = esp_decap(in, x->one, x->len, &x->off, &x->ilen,
			    &ev);
			/* What esp_decap() accepts is IPv4, and whole. */
			if (x->v == ESP_OK && (x->ilen < 20 ||
			    (x->one[x->off] >> 4) != 4 ||
			    ((size_t)x->one[x->off + 2] << 8 |
			    x->one[x->off + 3]) != x->ilen))
				abort();
		}
		check_result(x->v, x->len, x->off, x->ilen, x->one);
		p += x->len;
		n -= x->len;
		nr++;
	}
	for (start = 0, k = 0; k <= nr; k++) {
		if (k < nr && !r[k].payload)
			continue;
		burst_check(twin, r + start, k - start);
		if (k < nr && esp_decap_payload(twin, r[k].bur, r[k].len,
		    &off, &ilen, &nh, &ev) != r[k].v)
			abort();
		start = k + 1;
	}
	for (k = 0; k < nr; k++) {
		free(r[k].one);
		free(r[k].bur);
	}
}

static void
round_trip(struct esp_sa *out, struct esp_sa *in, const uint8_t *p,
    size_t n)
{
	enum esp_verdict v;
	uint8_t		 pkt[PKT_MAX], head[20], *buf, *ip, xr;
	size_t		 pos, cut, plen, len, olen, off, ilen, hdr;
	unsigned	 ev;

	if (n < 4)
		return;
	pos = (size_t)p[0] << 8 | p[1];
	xr = p[2];
	cut = p[3];
	p += 4;
	n -= 4;
	if (n > 1400)
		n = 1400;
	hdr = esp_header_len(out);
	ip = pkt + hdr;
	plen = 20 + n;
	memset(ip, 0, 20);
	ip[0] = 0x45;
	ip[2] = (uint8_t)(plen >> 8);
	ip[3] = (uint8_t)plen;
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 20, p, n);
	/* Encapsulation works in place: keep the header to compare with. */
	memcpy(head, ip, sizeof(head));
	if (esp_encap(out, pkt, sizeof(pkt), plen, &olen, &ev) != ESP_OK)
		abort();
	if (cut >= olen)
		cut = 0;
	len = olen - cut;
	pkt[pos % olen] ^= xr;
	if ((buf = malloc(len)) == NULL)
		abort();
	memcpy(buf, pkt, len);
	v = esp_decap(in, buf, len, &off, &ilen, &ev);
	check_result(v, len, off, ilen, buf);
	if ((v == ESP_OK) != (xr == 0 && cut == 0))
		abort();
	if (v == ESP_OK) {
		pkt[pos % olen] ^= xr;
		if (ilen != plen || memcmp(buf + off, head, 20) != 0 ||
		    memcmp(buf + off + 20, p, n) != 0)
			abort();
		memcpy(buf, pkt, len);
		if (esp_decap(in, buf, len, &off, &ilen, &ev) != ESP_E_REPLAY)
			abort();
	}
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct esp_sa	*out = NULL, *in, *twin;
	size_t		 s;
	int		 esn, mode;
	uint32_t	 window;

	if (size < 2)
		return 0;
	s = data[0] % NELEM(suites);
	esn = data[1] & 1;
	mode = (data[1] >> 1) & 1;
	window = windows[(data[1] >> 2) & 3];
	if ((in = sa_make(s, 0, esn, window)) == NULL)
		abort();
	if (mode == 0) {
		if ((twin = sa_make(s, 0, esn, window)) == NULL)
			abort();
		raw_packets(in, twin, data + 2, size - 2);
		esp_sa_free(twin);
	} else {
		if ((out = sa_make(s, 1, esn, 0)) == NULL)
			abort();
		round_trip(out, in, data + 2, size - 2);
	}
	esp_sa_free(out);
	esp_sa_free(in);
	return 0;
}

#ifdef FUZZ_ESP_DECAP_SEEDS
/*
 * Seeds: for every suite and ESN setting, a raw-mode file of a few valid
 * packets (in order, a duplicate, out of order, a dummy, a TFC-padded
 * one) and a round-trip file.
 */
static void
put(uint8_t *f, size_t *fl, const uint8_t *pkt, size_t len, int payload)
{
	f[(*fl)++] = (uint8_t)(len >> 8 | (payload ? 0x80 : 0));
	f[(*fl)++] = (uint8_t)len;
	memcpy(f + *fl, pkt, len);
	*fl += len;
}

static size_t
inner(struct esp_sa *out, uint8_t *pkt, size_t len, size_t tot)
{
	uint8_t		*ip = pkt + esp_header_len(out);
	size_t		 i, olen;
	unsigned	 ev;

	memset(ip, 0, 20);
	ip[0] = 0x45;
	ip[2] = (uint8_t)(tot >> 8);
	ip[3] = (uint8_t)tot;
	ip[8] = 64;
	ip[9] = 1;
	for (i = 20; i < len; i++)
		ip[i] = (uint8_t)i;
	if (esp_encap(out, pkt, PKT_MAX, len, &olen, &ev) != ESP_OK)
		abort();
	return olen;
}

static void
save(const char *dir, const char *name, const uint8_t *f, size_t fl)
{
	char	 path[4096];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "wb")) == NULL ||
	    fwrite(f, 1, fl, fp) != fl || fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	static uint8_t	 f[16384];
	uint8_t		 p1[PKT_MAX], p2[PKT_MAX], p3[PKT_MAX], iv[16] = { 7 };
	struct esp_sa	*out;
	size_t		 s, fl, l1, l2, l3, l4;
	unsigned	 ev;
	char		 name[64];
	int		 esn;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 1;
	}
	for (s = 0; s < NELEM(suites); s++)
		for (esn = 0; esn <= 1; esn++) {
			if ((out = sa_make(s, 1, esn, 0)) == NULL)
				return 1;
			fl = 0;
			f[fl++] = (uint8_t)s;
			f[fl++] = (uint8_t)esn;
			l1 = inner(out, p1, 64, 64);
			l2 = inner(out, p2, 300, 300);
			l3 = inner(out, p3, 100, 40);	/* TFC padding */
			put(f, &fl, p2, l2, 0);
			put(f, &fl, p1, l1, 0);
			put(f, &fl, p2, l2, 0);
			put(f, &fl, p3, l3, 1);
			if (esp_encap_with_iv(out, p1, sizeof(p1), 0, 10, iv,
			    ESP_NH_DUMMY, &l4, &ev) != ESP_OK)
				return 1;
			put(f, &fl, p1, l4, 0);
			snprintf(name, sizeof(name), "valid-s%zu-esn%d", s,
			    esn);
			save(argv[1], name, f, fl);

			fl = 0;
			f[fl++] = (uint8_t)s;
			f[fl++] = (uint8_t)(2 | esn | (s & 3) << 2);
			memset(f + fl, 0, 4);
			fl += 4;
			memcpy(f + fl, "round trip payload", 18);
			fl += 18;
			snprintf(name, sizeof(name), "trip-s%zu-esn%d", s,
			    esn);
			save(argv[1], name, f, fl);
			esp_sa_free(out);
		}
	return 0;
}
#endif
