/*
 * libFuzzer target for the certificate path: what a peer's CERT and AUTH
 * payloads carry, checked by the daemon's OpenSSL store (mgmtsecd/pki.c)
 * the way the engine hands it over, and, when asked, carried on the wire
 * between two engines (tests/unit/engine_harness.h): the input's
 * certificates go out in side B's CERT payloads and its signature in B's
 * AUTH payload, and side A decodes and verifies them.  The same octets
 * are also read as an RFC 7427 AlgorithmIdentifier.  Nothing may crash,
 * leak or take long; what is refused is refused (a refusal's text is the
 * unit tests' business).
 *
 * Input: one control octet, then chunks of a 2-octet big-endian length
 * and that many octets.  The last chunk is the signature, the ones before
 * it (at most 5) the certificates, end entity first; with one chunk it is
 * the signature and router 2's real certificate is used.  Control bits
 * 0-2: the signature scheme (1 + value % 7: enum ike_sig); bit 3: also
 * run the two engines; bit 4: side B initiates; bit 5: B signs properly
 * (with its real key) instead of sending the input's signature.
 *
 * The PKI is tests/fuzz/pki/ (tests/lib/mkpki.sh's ca, r1, r2, checked in
 * so the target runs anywhere), its clock pinned inside their validity.
 * Seeds: tests/fuzz/corpus/cert/, proper and spoiled chains with proper
 * signatures of each scheme, each also through the engines;
 * FUZZ_CERT_WRITE_CORPUS=DIR makes the first call write them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "ikev2/auth.h"
#include "mgmtsecd/pki.h"
#include "tests/unit/engine_harness.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The octets the store path verifies the signature over (the seeds'
 * proper signatures are over these). */
static const uint8_t	octets[] = "fuzz_cert signed octets";
static const uint8_t	ip2[4] = { 198, 51, 100, 2 };

struct input {
	struct ike_pki_blob	certs[IKE_PKI_CERTS_MAX];
	size_t			n_certs;
	const uint8_t		*sig;
	size_t			siglen;
	enum ike_sig		scheme;
};

/* Side B's store for the engine run: its certificates and signature
 * are the input's. */
struct fake {
	struct ike_pki		 iface;
	const struct ike_pki	*real;
	const struct input	*in;
	int			 real_sign;
};

static struct dmn_pki	*store_a, *store_b;
static int64_t		 pinned;

static int
fake_own(void *arg, const char *tp, struct ike_pki_own *out, char *why,
    size_t whylen)
{
	struct fake	*f = arg;
	size_t		 i;

	if (f->real->own(f->real->arg, tp, out, why, whylen) == -1)
		return -1;
	if (f->in->n_certs > 0) {
		for (i = 0; i < f->in->n_certs; i++)
			out->certs[i] = f->in->certs[i];
		out->n_certs = f->in->n_certs;
	}
	return 0;
}

static int
fake_sign(void *arg, const char *tp, enum ike_sig sig, const uint8_t *o,
    size_t len, uint8_t *out, size_t cap, size_t *outlen, char *why,
    size_t whylen)
{
	struct fake	*f = arg;

	if (f->real_sign)
		return f->real->sign(f->real->arg, tp, sig, o, len, out, cap,
		    outlen, why, whylen);
	if (f->in->siglen == 0 || f->in->siglen > cap) {
		snprintf(why, whylen, "no signature to send");
		return -1;
	}
	memcpy(out, f->in->sig, f->in->siglen);
	*outlen = f->in->siglen;
	return 0;
}

static int
fake_verify(void *arg, const struct ike_pki_peer *p,
    struct ike_pki_info *info, char *why, size_t whylen)
{
	struct fake	*f = arg;

	return f->real->verify(f->real->arg, p, info, why, whylen);
}

static int64_t
fake_now(void *arg)
{
	(void)arg;
	return pinned;
}

static void
pki_path(char *out, size_t len, const char *file)
{
	const char	*top = getenv("top_srcdir");

	snprintf(out, len, "%s/tests/fuzz/pki/%s", top != NULL ? top :
	    FUZZ_SRCDIR, file);
}

static struct dmn_pki *
load(const char *cert, const char *key)
{
	struct dmn_pki	*k = dmn_pki_new();
	char		 ca[1024], c[1024], kf[1024], err[320];

	pki_path(ca, sizeof(ca), "ca.pem");
	pki_path(c, sizeof(c), cert);
	pki_path(kf, sizeof(kf), key);
	if (k == NULL || dmn_pki_load(k, "TP", ca, c, kf, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "fuzz_cert: %s\n", k ? err : "no memory");
		abort();
	}
	return k;
}

/* A day after router 2's certificate became valid. */
static int64_t
pin_clock(void)
{
	char		 p[1024];
	FILE		*f;
	X509		*x;
	struct tm	 tm;

	pki_path(p, sizeof(p), "r2.pem");
	if ((f = fopen(p, "r")) == NULL)
		abort();
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	memset(&tm, 0, sizeof(tm));
	if (x == NULL || ASN1_TIME_to_tm(X509_get0_notBefore(x), &tm) != 1)
		abort();
	X509_free(x);
	return (int64_t)timegm(&tm) + 86400;
}

static void
init(void)
{
	store_a = load("r1.pem", "r1.key");
	store_b = load("r2.pem", "r2.key");
	pinned = pin_clock();
	dmn_pki_set_time(store_a, pinned);
	dmn_pki_set_time(store_b, pinned);
}

/* Splits data into in; 0, or -1 when it does not parse. */
static int
parse(const uint8_t *data, size_t size, struct input *in)
{
	struct ike_pki_blob	chunk[IKE_PKI_CERTS_MAX + 1];
	size_t			n = 0, off = 1, len, i;

	memset(in, 0, sizeof(*in));
	in->scheme = (enum ike_sig)(1 + (data[0] & 7) % 7);
	while (off + 2 <= size && n < IKE_PKI_CERTS_MAX + 1) {
		len = (size_t)data[off] << 8 | data[off + 1];
		off += 2;
		if (len > size - off)
			len = size - off;
		chunk[n].p = data + off;
		chunk[n].len = len;
		n++;
		off += len;
	}
	if (n == 0)
		return -1;
	for (i = 0; i + 1 < n; i++)
		in->certs[i] = chunk[i];
	in->n_certs = n - 1;
	in->sig = chunk[n - 1].p;
	in->siglen = chunk[n - 1].len;
	return 0;
}

static void
store_path(const struct input *in)
{
	const struct ike_pki	*pk = dmn_pki_iface(store_a);
	const struct ike_pki	*pb = dmn_pki_iface(store_b);
	struct ike_pki_peer	 p;
	struct ike_pki_info	 info;
	struct ike_pki_own	 own;
	char			 why[512];

	memset(&p, 0, sizeof(p));
	p.trustpoint = "TP";
	if (in->n_certs > 0) {
		p.certs = in->certs;
		p.n_certs = in->n_certs;
	} else {
		/* Router 2's own certificate, the signature fuzzed. */
		if (pb->own(pb->arg, "TP", &own, why, sizeof(why)) == -1)
			abort();
		p.certs = own.certs;
		p.n_certs = 1;
	}
	p.id_type = IKE_ID_IPV4_ADDR;
	p.id = ip2;
	p.id_len = sizeof(ip2);
	p.sig = in->scheme;
	p.octets = octets;
	p.octets_len = sizeof(octets);
	p.sig_data = in->sig;
	p.sig_len = in->siglen;
	(void)pk->verify(pk->arg, &p, &info, why, sizeof(why));
}

static void
engine_path(const struct input *in, int b_initiates, int real_sign)
{
	struct harness	h;
	struct fake	f;
	int		i;

	memset(&f, 0, sizeof(f));
	f.real = dmn_pki_iface(store_b);
	f.in = in;
	f.real_sign = real_sign;
	f.iface.arg = &f;
	f.iface.own = fake_own;
	f.iface.sign = fake_sign;
	f.iface.verify = fake_verify;
	f.iface.now = fake_now;
	h_init(&h, 11);
	h.s[0].pki = dmn_pki_iface(store_a);
	h.s[1].pki = &f.iface;
	for (i = 0; i < 2; i++) {
		h.s[i].peer.auth_local = IKE_CFG_AUTH_RSA;
		h.s[i].peer.auth_remote = IKE_CFG_AUTH_RSA;
		snprintf(h.s[i].peer.trustpoint,
		    sizeof(h.s[i].peer.trustpoint), "TP");
	}
	h.s[1].peer.sig_allow = IKE_SIG_BIT(in->scheme);
	h_start(&h);
	h_admin(&h, b_initiates, IKE_EV_INITIATE);
	h_run(&h, 5000);
	h_free(&h);
}

/*
 * The seed corpus
 */

/* Appends a chunk to b (at *n, cap octets). */
static void
chunk(uint8_t *b, size_t *n, size_t cap, const uint8_t *p, size_t len)
{
	if (*n + 2 + len > cap)
		abort();
	b[(*n)++] = (uint8_t)(len >> 8);
	b[(*n)++] = (uint8_t)len;
	memcpy(b + *n, p, len);
	*n += len;
}

/* The DER of certificate idx of a PKI file into out; its length. */
static size_t
der_of(const char *file, int idx, uint8_t *out, size_t cap)
{
	char	 p[1024];
	FILE	*f;
	X509	*x = NULL;
	uint8_t	*der = NULL;
	int	 i, n;

	pki_path(p, sizeof(p), file);
	if ((f = fopen(p, "r")) == NULL)
		abort();
	for (i = 0; i <= idx; i++) {
		X509_free(x);
		if ((x = PEM_read_X509(f, NULL, NULL, NULL)) == NULL)
			abort();
	}
	fclose(f);
	n = i2d_X509(x, &der);
	X509_free(x);
	if (n <= 0 || (size_t)n > cap)
		abort();
	memcpy(out, der, (size_t)n);
	OPENSSL_free(der);
	return (size_t)n;
}

/* Router 2's proper signature of octets by scheme s. */
static size_t
sign_r2(enum ike_sig s, uint8_t *out, size_t cap)
{
	static const char *const md[] = { NULL, "SHA1", "SHA256", "SHA384",
	    "SHA512", "SHA256", "SHA384", "SHA512" };
	char		 p[1024];
	FILE		*f;
	EVP_PKEY	*key;
	EVP_MD_CTX	*c = EVP_MD_CTX_new();
	EVP_PKEY_CTX	*pc = NULL;
	const EVP_MD	*d = EVP_get_digestbyname(md[s]);
	size_t		 n = cap;

	pki_path(p, sizeof(p), "r2.key");
	if ((f = fopen(p, "r")) == NULL)
		abort();
	key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (key == NULL || c == NULL ||
	    EVP_DigestSignInit(c, &pc, d, NULL, key) != 1)
		abort();
	if (ike_sig_is_pss(s) &&
	    (EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, EVP_MD_get_size(d)) != 1))
		abort();
	if (EVP_DigestSign(c, out, &n, octets, sizeof(octets)) != 1)
		abort();
	EVP_MD_CTX_free(c);
	EVP_PKEY_free(key);
	return n;
}

static void
write_seed(const char *dir, unsigned *k, const uint8_t *b, size_t n)
{
	char	 p[4096];
	FILE	*f;

	snprintf(p, sizeof(p), "%s/seed-%03u", dir, (*k)++);
	if ((f = fopen(p, "wb")) == NULL)
		abort();
	fwrite(b, 1, n, f);
	fclose(f);
}

static void
write_corpus(const char *dir)
{
	static const char *const leaf[] = { "r2.pem", "r2-expired.pem",
	    "r2-wrongsan.pem", "r2-otherca.pem" };
	uint8_t		 b[16384], der[8192], inter[8192], sig[1024];
	size_t		 n, dl, il, sl, i;
	unsigned	 k = 0, s, e;

	il = der_of("int.pem", 0, inter, sizeof(inter));
	for (s = 1; s < IKE_SIG_MAX; s++) {
		sl = sign_r2((enum ike_sig)s, sig, sizeof(sig));
		for (e = 0; e < 3; e++) {
			/* e: 0 store only, 1 engines (A initiates, B signs
			 * properly), 2 engines (B initiates, the seed's
			 * signature). */
			uint8_t	ctl = (uint8_t)((s - 1) | (e ? 8 : 0) |
				    (e == 2 ? 16 : 0) | (e == 1 ? 32 : 0));

			/* Each leaf alone. */
			for (i = 0; i < sizeof(leaf) / sizeof(leaf[0]); i++) {
				n = 0;
				b[n++] = ctl;
				dl = der_of(leaf[i], 0, der, sizeof(der));
				chunk(b, &n, sizeof(b), der, dl);
				chunk(b, &n, sizeof(b), sig, sl);
				write_seed(dir, &k, b, n);
			}
			/* Under the intermediate, sent with it. */
			n = 0;
			b[n++] = ctl;
			dl = der_of("r2-aia.pem", 0, der, sizeof(der));
			chunk(b, &n, sizeof(b), der, dl);
			chunk(b, &n, sizeof(b), inter, il);
			chunk(b, &n, sizeof(b), sig, sl);
			write_seed(dir, &k, b, n);
			/* The real certificate, this signature. */
			n = 0;
			b[n++] = ctl;
			chunk(b, &n, sizeof(b), sig, sl);
			write_seed(dir, &k, b, n);
		}
	}
	/* Truncated and empty certificates. */
	dl = der_of("r2.pem", 0, der, sizeof(der));
	sl = sign_r2(IKE_SIG_RSA_SHA256, sig, sizeof(sig));
	n = 0;
	b[n++] = 1 | 8;
	chunk(b, &n, sizeof(b), der, dl / 2);
	chunk(b, &n, sizeof(b), sig, sl);
	write_seed(dir, &k, b, n);
	n = 0;
	b[n++] = 1 | 8;
	chunk(b, &n, sizeof(b), der, 0);
	chunk(b, &n, sizeof(b), sig, sl);
	write_seed(dir, &k, b, n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	once;
	struct input	in;
	const char	*dir;

	if (!once) {
		once = 1;
		init();
		if ((dir = getenv("FUZZ_CERT_WRITE_CORPUS")) != NULL)
			write_corpus(dir);
	}
	if (size < 1)
		return 0;
	(void)ike_sig_from_algid(data + 1, size - 1);
	if (parse(data, size, &in) == -1)
		return 0;
	store_path(&in);
	if (data[0] & 8)
		engine_path(&in, (data[0] & 16) != 0, (data[0] & 32) != 0);
	return 0;
}
