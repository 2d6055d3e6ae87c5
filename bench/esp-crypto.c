/*
 * bench/esp-crypto: the CPU cost of ipsec/esp.c per 1400-octet inner
 * packet, encapsulation and decapsulation, for each transform the seed
 * offers, against the single-core bound OpenSSL gives for the same octets
 * (the cipher over the padded payload plus the MAC over what the ICV
 * covers, or the AEAD over the payload).  "burst" is the encapsulation
 * and decapsulation of bursts of 45 packets (what one 64 KiB TCP
 * super-packet makes) with esp_encap_burst() and esp_decap_burst(), whose
 * AES-CBC and HMAC-SHA-256 run several packets side by side.  A
 * benchmark: it prints medians and ratios and asserts nothing.
 *
 *	bench/esp-crypto [-n PACKETS] [-r ROUNDS]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "ipsec/esp.h"

#define INNER		1400
#define BUF		(INNER + 256)
#define ROUNDS_MAX	15

struct suite {
	const char	*name;
	uint16_t	 encr, keybits, integ;
	const char	*cipher, *md;	/* OpenSSL names for the bound */
	size_t		 icvlen, ivlen;
};

static const struct suite suites[] = {
	{ "AES-256-CBC + HMAC-SHA-256-128", ESP_ENCR_AES_CBC, 256,
	    ESP_INTEG_SHA256_128, "AES-256-CBC", "SHA256", 16, 16 },
	{ "AES-128-CBC + HMAC-SHA1-96", ESP_ENCR_AES_CBC, 128,
	    ESP_INTEG_SHA1_96, "AES-128-CBC", "SHA1", 12, 16 },
	{ "AES-256-CBC + HMAC-SHA-512-256", ESP_ENCR_AES_CBC, 256,
	    ESP_INTEG_SHA512_256, "AES-256-CBC", "SHA512", 32, 16 },
	{ "AES-256-GCM-16", ESP_ENCR_AES_GCM_16, 256, ESP_INTEG_NONE,
	    "AES-256-GCM", NULL, 16, 8 },
	{ "AES-128-GCM-16", ESP_ENCR_AES_GCM_16, 128, ESP_INTEG_NONE,
	    "AES-128-GCM", NULL, 16, 8 },
};

static double
cpu_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
inner_packet(uint8_t *p)
{
	size_t	i;

	memset(p, 0, 20);
	p[0] = 0x45;
	p[2] = INNER >> 8;
	p[3] = INNER & 0xff;
	p[8] = 64;
	p[9] = 17;
	memcpy(p + 12, "\xc0\x00\x02\x01\xc0\x00\x02\x02", 8);
	for (i = 20; i < INNER; i++)
		p[i] = (uint8_t)i;
}

static struct esp_sa *
sa_for(const struct suite *s, int outbound)
{
	static const uint8_t key[64] = "0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef";
	static const uint8_t ivk[ESP_IV_KEY_LEN] = "fedcba9876543210";
	struct esp_sa_params	p;
	struct esp_sa		*sa;
	char			 err[128];

	memset(&p, 0, sizeof(p));
	p.spi = 0x1000;
	p.outbound = outbound;
	p.encr_alg = s->encr;
	p.encr_keylen = s->keybits;
	p.encr_key = key;
	p.encr_key_len = s->keybits / 8 + (s->encr == ESP_ENCR_AES_GCM_16 ?
	    4 : 0);
	p.integ_alg = s->integ;
	p.integ_key = key;
	p.integ_key_len = s->integ == ESP_INTEG_SHA1_96 ? 20 :
	    s->integ == ESP_INTEG_SHA256_128 ? 32 :
	    s->integ == ESP_INTEG_SHA512_256 ? 64 : 0;
	p.iv_key = ivk;
	p.replay_window = 1024;
	if ((sa = esp_sa_new(&p, err, sizeof(err))) == NULL) {
		fprintf(stderr, "esp_sa_new: %s\n", err);
		exit(1);
	}
	return sa;
}

/* Microseconds per packet: encapsulation (and, with dec, the
 * decapsulation of what it made). */
static void
run(const struct suite *s, long n, double *enc_us, double *dec_us)
{
	struct esp_sa	*out = sa_for(s, 1), *in = sa_for(s, 0);
	uint8_t		*pkts, inner[INNER];
	size_t		*lens, hdr = esp_header_len(out), ol, off, il;
	unsigned	 ev;
	double		 t0, t1, t2;
	long		 i, batch = 256;

	pkts = malloc((size_t)batch * BUF);
	lens = malloc((size_t)batch * sizeof(*lens));
	if (pkts == NULL || lens == NULL)
		exit(1);
	inner_packet(inner);
	*enc_us = *dec_us = 0;
	for (i = 0; i < n; i += batch) {
		long	k, m = n - i < batch ? n - i : batch;

		for (k = 0; k < m; k++)
			memcpy(pkts + k * BUF + hdr, inner, INNER);
		t0 = cpu_now();
		for (k = 0; k < m; k++) {
			ev = 0;
			if (esp_encap(out, pkts + k * BUF, BUF, INNER, &lens[k],
			    &ev) != ESP_OK)
				exit(2);
		}
		t1 = cpu_now();
		for (k = 0; k < m; k++) {
			ev = 0;
			ol = lens[k];
			if (esp_decap(in, pkts + k * BUF, ol, &off, &il,
			    &ev) != ESP_OK || il != INNER)
				exit(3);
		}
		t2 = cpu_now();
		*enc_us += t1 - t0;
		*dec_us += t2 - t1;
	}
	*enc_us = *enc_us * 1e6 / (double)n;
	*dec_us = *dec_us * 1e6 / (double)n;
	free(pkts);
	free(lens);
	esp_sa_free(out);
	esp_sa_free(in);
}

/* Microseconds per packet of esp_encap_burst() and of esp_decap_burst()
 * of what it made, in bursts of BURST. */
#define BURST	45
static void
run_burst(const struct suite *s, long n, double *enc_us, double *dec_us)
{
	struct esp_sa	*out = sa_for(s, 1), *in = sa_for(s, 0);
	struct esp_burst p[BURST];
	struct esp_rx	 q[BURST];
	uint8_t		*pkts, inner[INNER];
	size_t		 hdr = esp_header_len(out);
	unsigned	 ev;
	double		 t0, t1, t2;
	long		 i, k, m;

	if ((pkts = malloc((size_t)BURST * BUF)) == NULL)
		exit(1);
	inner_packet(inner);
	*enc_us = *dec_us = 0;
	for (i = 0; i < n; i += BURST) {
		m = n - i < BURST ? n - i : BURST;
		for (k = 0; k < m; k++) {
			memcpy(pkts + k * BUF + hdr, inner, INNER);
			p[k].buf = pkts + k * BUF;
			p[k].cap = BUF;
			p[k].len = INNER;
		}
		t0 = cpu_now();
		if (esp_encap_burst(out, p, (size_t)m, &ev) != (size_t)m)
			exit(2);
		t1 = cpu_now();
		for (k = 0; k < m; k++) {
			q[k].buf = p[k].buf;
			q[k].len = p[k].out_len;
		}
		if (esp_decap_burst(in, q, (size_t)m, &ev) != (size_t)m)
			exit(3);
		t2 = cpu_now();
		*enc_us += t1 - t0;
		*dec_us += t2 - t1;
	}
	free(pkts);
	esp_sa_free(out);
	esp_sa_free(in);
	*enc_us = *enc_us * 1e6 / (double)n;
	*dec_us = *dec_us * 1e6 / (double)n;
}

/* OpenSSL's bound, microseconds per packet: the cipher streaming over the
 * padded payload and the hash streaming over header + IV + ciphertext
 * (HMAC's two extra compressions per packet left out), contexts made
 * once: what `openssl speed` measures at these sizes. */
static double
bound(const struct suite *s, long n)
{
	EVP_CIPHER_CTX	*c = EVP_CIPHER_CTX_new();
	EVP_CIPHER	*ci = EVP_CIPHER_fetch(NULL, s->cipher, NULL);
	EVP_MD		*md = s->md ? EVP_MD_fetch(NULL, s->md, NULL) : NULL;
	EVP_MD_CTX	*h = EVP_MD_CTX_new();
	uint8_t		 key[32] = { 1 }, iv[16] = { 2 }, buf[BUF];
	size_t		 plen = (INNER + 2 + 15) / 16 * 16, mlen;
	double		 t0, t1;
	int		 ol;
	long		 i;

	if (c == NULL || h == NULL || ci == NULL ||
	    (s->md != NULL && (md == NULL ||
	    EVP_DigestInit_ex(h, md, NULL) != 1)))
		exit(4);
	memset(buf, 7, sizeof(buf));
	mlen = 8 + s->ivlen + plen;
	if (EVP_EncryptInit_ex(c, ci, NULL, key, iv) != 1)
		exit(4);
	EVP_CIPHER_CTX_set_padding(c, 0);
	t0 = cpu_now();
	for (i = 0; i < n; i++) {
		if (EVP_EncryptUpdate(c, buf, &ol, buf, (int)plen) != 1)
			exit(4);
		if (md != NULL && EVP_DigestUpdate(h, buf, mlen) != 1)
			exit(4);
	}
	t1 = cpu_now();
	EVP_CIPHER_CTX_free(c);
	EVP_MD_CTX_free(h);
	EVP_CIPHER_free(ci);
	EVP_MD_free(md);
	return (t1 - t0) * 1e6 / (double)n;
}

int
main(int argc, char **argv)
{
	double	enc[ROUNDS_MAX], dec[ROUNDS_MAX], bnd[ROUNDS_MAX];
	double	bur[ROUNDS_MAX], bdec[ROUNDS_MAX], me, md, mb, mu, mbd;
	long	n = 200000;
	int	rounds = 5, o, r;
	size_t	k;

	while ((o = getopt(argc, argv, "n:r:")) != -1) {
		switch (o) {
		case 'n':
			n = atol(optarg);
			break;
		case 'r':
			rounds = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-n PACKETS] [-r ROUNDS]\n",
			    argv[0]);
			return 2;
		}
	}
	if (n < 1000)
		n = 1000;
	if (rounds < 1 || rounds > ROUNDS_MAX)
		rounds = 5;
	printf("ESP per %d-octet inner packet, %ld packets x %d rounds, "
	    "CPU time, medians\n", INNER, n, rounds);
	printf("%-31s %8s %8s %8s %8s %8s %8s %8s %8s\n", "", "encap",
	    "decap", "burst", "burst", "bound", "of bound", "burst", "");
	printf("%-31s %8s %8s %8s %8s %8s %8s %8s %8s\n", "suite", "us",
	    "us", "enc us", "dec us", "us", "(enc)", "enc", "enc Gb/s");
	for (k = 0; k < sizeof(suites) / sizeof(suites[0]); k++) {
		for (r = 0; r < rounds; r++) {
			run(&suites[k], n, &enc[r], &dec[r]);
			run_burst(&suites[k], n, &bur[r], &bdec[r]);
			bnd[r] = bound(&suites[k], n);
		}
		me = median(enc, rounds);
		mu = median(bur, rounds);
		mbd = median(bdec, rounds);
		md = median(dec, rounds);
		mb = median(bnd, rounds);
		printf("%-31s %8.3f %8.3f %8.3f %8.3f %8.3f %7.2fx %7.2fx "
		    "%8.2f\n", suites[k].name, me, md, mu, mbd, mb, mb / me,
		    mb / mu, INNER * 8 / mu / 1e3);
	}
	return 0;
}
