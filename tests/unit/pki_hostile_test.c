/*
 * Hostile certificate input, refused without a crash, without unbounded
 * memory or time, and without any outbound fetch (SPEC section 6):
 *
 *   - CERT payloads through the engine's verify (ikev2/auth_rsa.c on a
 *     real engine's SA): truncated, empty, of unknown encoding (PKCS #7,
 *     Hash and URL), oversized, 50 of them, too many octets in all;
 *   - ASN.1 through the daemon's store (mgmtsecd/pki.c): huge and
 *     indefinite lengths, nesting 2,000 deep, trailing octets, as the end
 *     entity and as an intermediate;
 *   - RSA-PSS parameters out of range: AlgorithmIdentifiers with another
 *     MGF1 hash, salt 0, 20 or 2^31, a trailer field of 2, an unknown
 *     hash; a signature made with a 20-octet salt;
 *   - PKCS#1 v1.5 forgeries made with the raw RSA private key: a
 *     DigestInfo followed by trailing octets, with parameters that are not
 *     NULL, garbage in the padding; the same builder's canonical block
 *     is accepted, so each refusal is the defect's;
 *   - no fetch: socket() and getaddrinfo() are interposed and counted; a
 *     certificate naming AIA, OCSP and CRL URLs without its issuer is
 *     refused, with its issuer accepted, a Hash and URL CERT refused, and
 *     none of it opens a socket or resolves a name (OpenSSL's own
 *     connect BIO does: the counters see it).
 *
 * Each case is timed: a refusal takes well under a second.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "ikev2/auth.h"
#include "ikev2/msg.h"
#include "mgmtsecd/pki.h"
#include "tests/unit/engine_harness.h"
#include "tests/unit/pki_fixture.h"

static char		 pkidir[256];
static struct harness	 h;
static struct dmn_pki	*k;
static char		 why[512];
static const uint8_t	 ip2[4] = { 198, 51, 100, 2 };
static const uint8_t	 octets[] = "the octets a peer signs (RFC 7296 2.15)";

/*
 * The network, as OpenSSL would reach it for a fetch: every call is
 * counted and fails.  (The executable's definitions take precedence over
 * libc's for libcrypto too.)
 */
static int	n_socket, n_resolve;

int
socket(int domain, int type, int protocol)
{
	(void)domain;
	(void)type;
	(void)protocol;
	n_socket++;
	errno = EACCES;
	return -1;
}

int
getaddrinfo(const char *node, const char *service,
    const struct addrinfo *hints, struct addrinfo **res)
{
	(void)node;
	(void)service;
	(void)hints;
	*res = NULL;
	n_resolve++;
	return EAI_FAIL;
}

static double
now_s(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
path(char *out, size_t len, const char *file)
{
	snprintf(out, len, "%s/%s", pkidir, file);
}

/* The DER of certificate idx (0 first) of a PEM file (malloc'd). */
static uint8_t *
der_of(const char *file, int idx, size_t *len)
{
	char	 p[512];
	FILE	*f;
	X509	*x = NULL;
	uint8_t	*der = NULL, *out;
	int	 i, n;

	path(p, sizeof(p), file);
	ck_assert_ptr_nonnull(f = fopen(p, "r"));
	for (i = 0; i <= idx; i++) {
		X509_free(x);
		ck_assert_ptr_nonnull(x = PEM_read_X509(f, NULL, NULL, NULL));
	}
	fclose(f);
	n = i2d_X509(x, &der);
	X509_free(x);
	ck_assert_int_gt(n, 0);
	ck_assert_ptr_nonnull(out = malloc((size_t)n + 16));
	memcpy(out, der, (size_t)n);
	OPENSSL_free(der);
	*len = (size_t)n;
	return out;
}

static EVP_PKEY *
key_of(const char *file)
{
	char		 p[512];
	FILE		*f;
	EVP_PKEY	*key;

	path(p, sizeof(p), file);
	ck_assert_ptr_nonnull(f = fopen(p, "r"));
	key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	ck_assert_ptr_nonnull(key);
	return key;
}

/* A proper signature of octets by router 2's key; PSS with salt salt. */
static size_t
sign_r2(const EVP_MD *md, int pss, int salt, uint8_t *out, size_t cap)
{
	EVP_PKEY	*key = key_of("r2.key");
	EVP_MD_CTX	*c = EVP_MD_CTX_new();
	EVP_PKEY_CTX	*pc = NULL;
	size_t		 n = cap;

	ck_assert_int_eq(EVP_DigestSignInit(c, &pc, md, NULL, key), 1);
	if (pss) {
		EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING);
		EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, salt);
		EVP_PKEY_CTX_set_rsa_mgf1_md(pc, md);
	}
	ck_assert_int_eq(EVP_DigestSign(c, out, &n, octets, sizeof(octets)),
	    1);
	EVP_MD_CTX_free(c);
	EVP_PKEY_free(key);
	return n;
}

static void
setup(void)
{
	char	ca[512], c[512], kf[512], err[320];

	k = dmn_pki_new();
	ck_assert_ptr_nonnull(k);
	path(ca, sizeof(ca), "ca.pem");
	path(c, sizeof(c), "r1.pem");
	path(kf, sizeof(kf), "r1.key");
	ck_assert_msg(dmn_pki_load(k, "TP", ca, c, kf, err, sizeof(err)) ==
	    0, "%s", err);
	h_init(&h, 7);
	h.s[0].pki = dmn_pki_iface(k);
	h.s[0].peer.auth_local = IKE_CFG_AUTH_RSA;
	h.s[0].peer.auth_remote = IKE_CFG_AUTH_RSA;
	snprintf(h.s[0].peer.trustpoint, sizeof(h.s[0].peer.trustpoint),
	    "TP");
	h_start(&h);
	n_socket = n_resolve = 0;
	why[0] = '\0';
}

static void
teardown(void)
{
	h_free(&h);
	dmn_pki_free(k);
}

/*
 * The store's verify of certificates certs as router 2's, with
 * signature sig of scheme s; 0 or -1 with why.
 */
static int
store_verify(const struct ike_pki_blob *certs, size_t n, enum ike_sig s,
    const uint8_t *sig, size_t siglen)
{
	const struct ike_pki	*pk = dmn_pki_iface(k);
	struct ike_pki_peer	 p;
	struct ike_pki_info	 info;

	memset(&p, 0, sizeof(p));
	p.trustpoint = "TP";
	p.certs = certs;
	p.n_certs = n;
	p.id_type = IKE_ID_IPV4_ADDR;
	p.id = ip2;
	p.id_len = sizeof(ip2);
	p.sig = s;
	p.octets = octets;
	p.octets_len = sizeof(octets);
	p.sig_data = sig;
	p.sig_len = siglen;
	return pk->verify(pk->arg, &p, &info, why, sizeof(why));
}

/* The engine's verify of IKE_AUTH message m from router 2 (ID its
 * address, AUTH method 1 with a proper SHA-1 signature) on an SA of side
 * 0's engine; 0 or -1 with why. */
static int
engine_verify(const struct ike_msg *m)
{
	struct ike_sa		sa;
	struct ike_pl_id	id;
	struct ike_pl_auth	auth;
	struct buf		oct;
	uint8_t			sig[512];
	int			rc;

	memset(&sa, 0, sizeof(sa));
	sa.eng = h.s[0].eng;
	sa.peer = &h.s[0].peer;
	sa.id = 77;
	sa.remote.ip = h.s[1].peer.local;
	id.type = IKE_ID_IPV4_ADDR;
	id.data.p = ip2;
	id.data.len = sizeof(ip2);
	auth.method = IKE_AUTHM_RSA_SIG;
	auth.data.p = sig;
	auth.data.len = sign_r2(EVP_sha1(), 0, 0, sig, sizeof(sig));
	memset(&oct, 0, sizeof(oct));
	oct.data = (uint8_t *)octets;
	oct.len = sizeof(octets);
	rc = ike_auth_rsa.verify(&sa, m, &id, &oct, &auth, why, sizeof(why));
	ike_auth_rsa_free(&sa);
	return rc;
}

#define REFUSED_WITH(expr, needle) do {					\
	double t0_ = now_s();						\
	ck_assert_msg((expr) == -1, "accepted: %s", #expr);		\
	ck_assert_msg(now_s() - t0_ < 1.0, "took %.3f s",		\
	    now_s() - t0_);						\
	ck_assert_msg(strstr(why, (needle)) != NULL,			\
	    "reason \"%s\" lacks \"%s\"", why, (needle));		\
} while (0)

/* The control: the set-up accepts router 2's proper certificate. */
START_TEST(test_proper_cert_payload_is_accepted)
{
	struct ike_msg	*m = ike_msg_new();
	uint8_t		*d;
	size_t		 n;

	d = der_of("r2.pem", 0, &n);
	ike_msg_add_cert(m, IKE_PL_CERT, IKE_CERT_X509_SIG, d, n);
	ck_assert_msg(engine_verify(m) == 0, "%s", why);
	ike_msg_free(m);
	free(d);
}
END_TEST

/* _i: which hostile CERT payloads. */
START_TEST(test_hostile_cert_payloads)
{
	struct ike_msg	*m = ike_msg_new();
	uint8_t		*d, *big = calloc(1, 8193);
	uint8_t		 hu[64];
	size_t		 n, i;
	const char	*needle = NULL;

	ck_assert_ptr_nonnull(big);
	d = der_of("r2.pem", 0, &n);
	switch (_i) {
	case 0:		/* truncated */
		ike_msg_add_cert(m, IKE_PL_CERT, IKE_CERT_X509_SIG, d, n / 2);
		needle = "not valid DER";
		break;
	case 1:		/* empty */
		ike_msg_add_cert(m, IKE_PL_CERT, IKE_CERT_X509_SIG, d, 0);
		needle = "empty CERT payload";
		break;
	case 2:		/* PKCS #7 wrapped */
		ike_msg_add_cert(m, IKE_PL_CERT, IKE_CERT_PKCS7_X509, d, n);
		needle = "encoding 1 ";
		break;
	case 3:		/* Hash and URL: a fetch would follow the URL */
		memset(hu, 0x11, 20);
		memcpy(hu + 20, "http://192.0.2.1/r2.der", 23);
		ike_msg_add_cert(m, IKE_PL_CERT, IKE_CERT_HASH_URL_X509, hu,
		    43);
		needle = "encoding 12 ";
		break;
	case 4:		/* oversized */
		memset(big, 0x30, 8193);
		ike_msg_add_cert(m, IKE_PL_CERT, IKE_CERT_X509_SIG, big, 8193);
		needle = "more than the 8192 we take";
		break;
	case 5:		/* 50 proper ones */
		for (i = 0; i < 50; i++)
			ike_msg_add_cert(m, IKE_PL_CERT, IKE_CERT_X509_SIG, d,
			    n);
		needle = "peer sent 50 CERT payloads, more than the 5 we take";
		break;
	default:	/* five of 6,000 octets: too much in all */
		memset(big, 0x30, 6000);
		for (i = 0; i < 5; i++)
			ike_msg_add_cert(m, IKE_PL_CERT, IKE_CERT_X509_SIG, big,
			    6000);
		needle = "exceed 24576 octets in all";
		break;
	}
	REFUSED_WITH(engine_verify(m), needle);
	ck_assert_int_eq(n_socket + n_resolve, 0);
	ike_msg_free(m);
	free(d);
	free(big);
}
END_TEST

/* A DER header of tag t over len octets at p; returns its size. */
static size_t
hdr(uint8_t *p, uint8_t t, size_t len)
{
	p[0] = t;
	if (len < 128) {
		p[1] = (uint8_t)len;
		return 2;
	}
	if (len < 256) {
		p[1] = 0x81;
		p[2] = (uint8_t)len;
		return 3;
	}
	p[1] = 0x82;
	p[2] = (uint8_t)(len >> 8);
	p[3] = (uint8_t)len;
	return 4;
}

/* SEQUENCEs nested depth deep in out (cap octets); returns the length. */
static size_t
nested(uint8_t *out, size_t cap, unsigned depth)
{
	size_t	len = 0, h_, i;
	uint8_t	tmp[4];

	/* Built inside out, at the end of out. */
	for (i = 0; i < depth; i++) {
		h_ = hdr(tmp, 0x30, len);
		ck_assert_uint_le(len + h_, cap);
		memcpy(out + cap - len - h_, tmp, h_);
		len += h_;
	}
	memmove(out, out + cap - len, len);
	return len;
}

/* _i: which ASN.1; _i >= 6: the same as an intermediate. */
START_TEST(test_hostile_asn1)
{
	static const uint8_t huge4[] = { 0x30, 0x84, 0x7f, 0xff, 0xff, 0xff,
	    0x30, 0x03, 0x02, 0x01, 0x01 };
	static const uint8_t huge8[] = { 0x30, 0x88, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x01 };
	static const uint8_t indef[] = { 0x30, 0x80, 0x30, 0x80, 0x02, 0x01,
	    0x01, 0x00, 0x00, 0x00, 0x00 };
	struct ike_pki_blob	 c[2];
	uint8_t			 buf[8192], sig[512], *d;
	size_t			 n, siglen;
	int			 which = _i % 6, as_int = _i >= 6;
	const char		*needle = as_int ? "an intermediate) is not "
				    "valid DER" : "is not valid DER";

	d = der_of("r2.pem", 0, &n);
	siglen = sign_r2(EVP_sha256(), 0, 0, sig, sizeof(sig));
	c[0].p = d;
	c[0].len = n;
	switch (which) {
	case 0:
		c[as_int].p = huge4;
		c[as_int].len = sizeof(huge4);
		break;
	case 1:
		c[as_int].p = huge8;
		c[as_int].len = sizeof(huge8);
		break;
	case 2:
		c[as_int].p = indef;
		c[as_int].len = sizeof(indef);
		break;
	case 3:		/* 2,000 levels deep in under 8,192 octets */
		c[as_int].len = nested(buf, sizeof(buf), 2000);
		c[as_int].p = buf;
		break;
	case 4:		/* a proper certificate and one octet more */
		memcpy(buf, d, n);
		buf[n] = 0;
		c[as_int].p = buf;
		c[as_int].len = n + 1;
		break;
	default:	/* a proper certificate's length field grown */
		memcpy(buf, d, n);
		buf[2] = 0xff;
		c[as_int].p = buf;
		c[as_int].len = n;
		break;
	}
	REFUSED_WITH(store_verify(c, as_int ? 2 : 1, IKE_SIG_RSA_SHA256, sig,
	    siglen), needle);
	ck_assert_int_eq(n_socket + n_resolve, 0);
	free(d);
}
END_TEST

/*
 * An RSASSA-PSS AlgorithmIdentifier (RFC 4055) from its parts: the hash
 * OID's last octet (1 SHA-256, 2 SHA-384, 3 SHA-512, else unknown), the
 * MGF1 hash's, the salt length's octets, and a trailer field (0: none).
 */
static size_t
pss_algid(uint8_t *out, uint8_t hash, uint8_t mgf, const uint8_t *salt,
    size_t saltlen, uint8_t trailer)
{
	static const uint8_t pss_oid[] = { 0x06, 0x09, 0x2a, 0x86, 0x48,
	    0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a };
	static const uint8_t mgf1_oid[] = { 0x06, 0x09, 0x2a, 0x86, 0x48,
	    0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08 };
	uint8_t	hash_alg[13] = { 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48,
	    0x01, 0x65, 0x03, 0x04, 0x02, 0 };
	uint8_t	params[128], mgf_alg[64];
	size_t	n = 0, m = 0, o = 0;

	/* [0] hashAlgorithm */
	hash_alg[12] = hash;
	n += hdr(params + n, 0xa0, sizeof(hash_alg));
	memcpy(params + n, hash_alg, sizeof(hash_alg));
	n += sizeof(hash_alg);
	/* [1] maskGenAlgorithm: SEQUENCE { mgf1, hash AlgorithmIdentifier } */
	hash_alg[12] = mgf;
	m += hdr(mgf_alg + m, 0x30, sizeof(mgf1_oid) + sizeof(hash_alg));
	memcpy(mgf_alg + m, mgf1_oid, sizeof(mgf1_oid));
	m += sizeof(mgf1_oid);
	memcpy(mgf_alg + m, hash_alg, sizeof(hash_alg));
	m += sizeof(hash_alg);
	n += hdr(params + n, 0xa1, m);
	memcpy(params + n, mgf_alg, m);
	n += m;
	/* [2] saltLength INTEGER */
	n += hdr(params + n, 0xa2, saltlen + 2);
	n += hdr(params + n, 0x02, saltlen);
	memcpy(params + n, salt, saltlen);
	n += saltlen;
	if (trailer) {
		/* [3] trailerField INTEGER */
		n += hdr(params + n, 0xa3, 3);
		params[n++] = 0x02;
		params[n++] = 0x01;
		params[n++] = trailer;
	}
	o += hdr(out + o, 0x30, sizeof(pss_oid) + 2 + n);
	memcpy(out + o, pss_oid, sizeof(pss_oid));
	o += sizeof(pss_oid);
	o += hdr(out + o, 0x30, n);
	memcpy(out + o, params, n);
	return o + n;
}

START_TEST(test_pss_parameters_out_of_range)
{
	static const uint8_t	s32[] = { 32 }, s0[] = { 0 }, s20[] = { 20 };
	static const uint8_t	s64[] = { 64 }, shuge[] = { 0x7f, 0xff,
	    0xff, 0xff };
	uint8_t			a[160], sig[512];
	size_t			n, siglen;
	struct ike_pki_blob	c;
	uint8_t			*d;

	/* The builder's proper ones are taken (the control). */
	n = pss_algid(a, 1, 1, s32, 1, 0);
	ck_assert_int_eq(ike_sig_from_algid(a, n), IKE_SIG_PSS_SHA256);
	n = pss_algid(a, 3, 3, s64, 1, 0);
	ck_assert_int_eq(ike_sig_from_algid(a, n), IKE_SIG_PSS_SHA512);
	n = pss_algid(a, 1, 1, s32, 1, 1);
	ck_assert_int_eq(ike_sig_from_algid(a, n), IKE_SIG_PSS_SHA256);
	/* Out of range: each one refused. */
	n = pss_algid(a, 1, 3, s32, 1, 0);	/* MGF1 with SHA-512 */
	ck_assert_int_eq(ike_sig_from_algid(a, n), IKE_SIG_NONE);
	n = pss_algid(a, 1, 1, s0, 1, 0);
	ck_assert_int_eq(ike_sig_from_algid(a, n), IKE_SIG_NONE);
	n = pss_algid(a, 1, 1, s20, 1, 0);
	ck_assert_int_eq(ike_sig_from_algid(a, n), IKE_SIG_NONE);
	n = pss_algid(a, 1, 1, shuge, sizeof(shuge), 0);
	ck_assert_int_eq(ike_sig_from_algid(a, n), IKE_SIG_NONE);
	n = pss_algid(a, 1, 1, s32, 1, 2);	/* trailer field 2 */
	ck_assert_int_eq(ike_sig_from_algid(a, n), IKE_SIG_NONE);
	n = pss_algid(a, 9, 9, s32, 1, 0);	/* an unknown hash */
	ck_assert_int_eq(ike_sig_from_algid(a, n), IKE_SIG_NONE);
	/* A signature made with a 20-octet salt is not PSS SHA-256's. */
	d = der_of("r2.pem", 0, &n);
	c.p = d;
	c.len = n;
	siglen = sign_r2(EVP_sha256(), 1, 20, sig, sizeof(sig));
	REFUSED_WITH(store_verify(&c, 1, IKE_SIG_PSS_SHA256, sig, siglen),
	    "bad signature");
	siglen = sign_r2(EVP_sha256(), 1, 32, sig, sizeof(sig));
	ck_assert_msg(store_verify(&c, 1, IKE_SIG_PSS_SHA256, sig, siglen) ==
	    0, "%s", why);
	free(d);
}
END_TEST

/*
 * A PKCS#1 v1.5 block made by hand and signed with the raw private key
 * (no padding): 00 01 FF.. 00 DigestInfo, where the DigestInfo for
 * SHA-256 is spoiled by kind: 0 canonical (the control), 1 one trailing
 * octet after it, 2 OCTET STRING parameters instead of NULL, 3 the
 * padding's FFs partly replaced by garbage, 4 the DigestInfo's length
 * claiming more than it holds.
 */
static size_t
forged(int kind, uint8_t *out, size_t cap)
{
	static const uint8_t	oid[] = { 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
	    0x65, 0x03, 0x04, 0x02, 0x01 };
	EVP_PKEY		*key = key_of("r2.key");
	EVP_PKEY_CTX		*c;
	uint8_t			 em[512], di[96], hash[32];
	size_t			 kl = (size_t)EVP_PKEY_get_size(key), n = 0;
	size_t			 outlen = cap;
	unsigned		 hl = 0;

	EVP_Digest(octets, sizeof(octets), hash, &hl, EVP_sha256(), NULL);
	di[n++] = 0x30;
	di[n++] = kind == 2 ? 0x33 : kind == 4 ? 0x41 : 0x31;
	di[n++] = 0x30;
	di[n++] = kind == 2 ? 0x0f : 0x0d;
	memcpy(di + n, oid, sizeof(oid));
	n += sizeof(oid);
	if (kind == 2) {
		di[n++] = 0x04;
		di[n++] = 0x02;
		di[n++] = 0xde;
		di[n++] = 0xad;
	} else {
		di[n++] = 0x05;
		di[n++] = 0x00;
	}
	di[n++] = 0x04;
	di[n++] = 0x20;
	memcpy(di + n, hash, 32);
	n += 32;
	if (kind == 1)
		di[n++] = 0x00;
	ck_assert_uint_ge(kl, n + 11);
	em[0] = 0x00;
	em[1] = 0x01;
	memset(em + 2, 0xff, kl - n - 3);
	if (kind == 3)
		memset(em + 10, 0x5a, 16);
	em[kl - n - 1] = 0x00;
	memcpy(em + kl - n, di, n);
	ck_assert_ptr_nonnull(c = EVP_PKEY_CTX_new(key, NULL));
	ck_assert_int_eq(EVP_PKEY_sign_init(c), 1);
	ck_assert_int_eq(EVP_PKEY_CTX_set_rsa_padding(c, RSA_NO_PADDING), 1);
	ck_assert_int_eq(EVP_PKEY_sign(c, out, &outlen, em, kl), 1);
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(key);
	return outlen;
}

START_TEST(test_digestinfo_forgeries)
{
	struct ike_pki_blob	 c;
	uint8_t			 sig[512], *d;
	size_t			 n, siglen;
	int			 kind;

	d = der_of("r2.pem", 0, &n);
	c.p = d;
	c.len = n;
	siglen = forged(0, sig, sizeof(sig));
	ck_assert_msg(store_verify(&c, 1, IKE_SIG_RSA_SHA256, sig, siglen) ==
	    0, "the canonical block is refused: %s", why);
	for (kind = 1; kind <= 4; kind++) {
		siglen = forged(kind, sig, sizeof(sig));
		REFUSED_WITH(store_verify(&c, 1, IKE_SIG_RSA_SHA256, sig,
		    siglen), "bad signature");
	}
	free(d);
}
END_TEST

START_TEST(test_nothing_is_fetched)
{
	struct ike_pki_blob	 c[2];
	struct ike_msg		*m = ike_msg_new();
	uint8_t			 sig[512], hu[64], *leaf, *inter;
	size_t			 nl, ni, siglen;
	BIO			*b;

	/* The counters see OpenSSL's own connect (the control). */
	ck_assert_ptr_nonnull(b = BIO_new_connect("192.0.2.1:80"));
	ck_assert_int_le(BIO_do_connect(b), 0);
	BIO_free_all(b);
	ck_assert_int_gt(n_socket + n_resolve, 0);
	n_socket = n_resolve = 0;

	leaf = der_of("r2-aia.pem", 0, &nl);
	inter = der_of("int.pem", 0, &ni);
	siglen = sign_r2(EVP_sha256(), 0, 0, sig, sizeof(sig));
	c[0].p = leaf;
	c[0].len = nl;
	c[1].p = inter;
	c[1].len = ni;
	/* Its issuer missing: AIA would name where to get it. */
	REFUSED_WITH(store_verify(c, 1, IKE_SIG_RSA_SHA256, sig, siglen),
	    "unable to get local issuer certificate");
	/* With it: valid, and neither OCSP nor the CRL is asked. */
	ck_assert_msg(store_verify(c, 2, IKE_SIG_RSA_SHA256, sig, siglen) ==
	    0, "%s", why);
	/* Hash and URL (RFC 7296 3.6) is not followed either. */
	memset(hu, 0x22, 20);
	memcpy(hu + 20, "http://192.0.2.1/r2.der", 23);
	ike_msg_add_cert(m, IKE_PL_CERT, IKE_CERT_HASH_URL_X509, hu, 43);
	REFUSED_WITH(engine_verify(m), "only X.509 signature certificates");
	ck_assert_int_eq(n_socket, 0);
	ck_assert_int_eq(n_resolve, 0);
	ike_msg_free(m);
	free(leaf);
	free(inter);
}
END_TEST

#define T(fn) do {							\
	TCase *tc_ = tcase_create(#fn);					\
	tcase_add_checked_fixture(tc_, setup, teardown);		\
	tcase_add_test(tc_, fn);					\
	suite_add_tcase(s, tc_);					\
} while (0)
#define TL(fn, lo, hi) do {						\
	TCase *tc_ = tcase_create(#fn);					\
	tcase_add_checked_fixture(tc_, setup, teardown);		\
	tcase_add_loop_test(tc_, fn, lo, hi);				\
	suite_add_tcase(s, tc_);					\
} while (0)

static Suite *
hostile_suite(void)
{
	Suite	*s = suite_create("pki_hostile");

	T(test_proper_cert_payload_is_accepted);
	TL(test_hostile_cert_payloads, 0, 7);
	TL(test_hostile_asn1, 0, 12);
	T(test_pss_parameters_out_of_range);
	T(test_digestinfo_forgeries);
	T(test_nothing_is_fetched);
	return s;
}

int
main(void)
{
	return pki_fixture_run(hostile_suite(), "pkih", pkidir, sizeof(pkidir));
}
