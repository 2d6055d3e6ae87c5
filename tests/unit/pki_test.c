/*
 * Certificate authentication end to end in one process: two IKE engines
 * (tests/unit/engine_harness.h), each with the daemon's OpenSSL store
 * (mgmtsecd/pki.h) over a PKI this test makes with the openssl command
 * line (tests/lib/mkpki.sh).  AUTH method 1 and method 14 with every
 * scheme, mixed PSK/RSA, intermediates, CERTREQ contents; every bad
 * certificate refused with AUTHENTICATION_FAILED and a reason that names
 * the check; tampered and forged signatures; malformed CERT payloads;
 * the RFC 7427 AlgorithmIdentifier table.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "ikev2/auth.h"
#include "ikev2/msg.h"
#include "mgmtsecd/pki.h"
#include "tests/unit/engine_harness.h"
#include "tests/unit/pki_fixture.h"

static struct harness	h;
static char		why[512];
static char		pkidir[256];

/*
 * A store wrapped so a test can spoil what one side sends.
 */
enum spoil {
	SPOIL_NONE = 0,
	SPOIL_TAMPER,		/* flip a bit of the signature */
	SPOIL_DIGESTINFO_TRAILING,	/* PKCS#1 v1.5 forgeries */
	SPOIL_DIGESTINFO_PARAMS,
	SPOIL_CERT_TRUNCATED,
	SPOIL_CERT_EMPTY,
	SPOIL_CERT_HUGE,
	SPOIL_CERT_GARBAGE_INTERMEDIATE,
};

struct wrap {
	struct ike_pki	 iface;
	struct dmn_pki	*real;
	enum spoil	 spoil;
	EVP_PKEY	*key;		/* for the forgeries */
	uint8_t		 huge[IKE_PKI_CERT_LEN_MAX + 16];
};

static struct wrap	w[2];

static int
w_own(void *arg, const char *tp, struct ike_pki_own *out, char *whyb,
    size_t whylen)
{
	struct wrap		*x = arg;
	const struct ike_pki	*r = dmn_pki_iface(x->real);

	if (r->own(r->arg, tp, out, whyb, whylen) == -1)
		return -1;
	switch (x->spoil) {
	case SPOIL_CERT_TRUNCATED:
		out->certs[0].len = 100;
		break;
	case SPOIL_CERT_EMPTY:
		out->certs[0].len = 0;
		break;
	case SPOIL_CERT_HUGE:
		memset(x->huge, 0x30, sizeof(x->huge));
		out->certs[0].p = x->huge;
		out->certs[0].len = sizeof(x->huge);
		break;
	case SPOIL_CERT_GARBAGE_INTERMEDIATE:
		memset(x->huge, 0xff, 64);
		out->certs[1].p = x->huge;
		out->certs[1].len = 64;
		out->n_certs = 2;
		break;
	default:
		break;
	}
	return 0;
}

/* A raw RSA private operation over a hand-made PKCS#1 v1.5 block whose
 * DigestInfo is not the canonical one (the Bleichenbacher-2006 class). */
static int
forge(struct wrap *x, const uint8_t *octets, size_t len, uint8_t *out,
    size_t cap, size_t *outlen)
{
	static const uint8_t	 prefix[] = { 0x06, 0x09, 0x60, 0x86, 0x48,
	    0x01, 0x65, 0x03, 0x04, 0x02, 0x01 };
	uint8_t			 em[512], di[80], hash[32];
	size_t			 k = (size_t)EVP_PKEY_get_size(x->key), n = 0;
	unsigned		 hl = 0;
	EVP_PKEY_CTX		*c;
	int			 rc = -1;

	EVP_Digest(octets, len, hash, &hl, EVP_sha256(), NULL);
	if (x->spoil == SPOIL_DIGESTINFO_TRAILING) {
		/* The right DigestInfo, then one octet more. */
		di[n++] = 0x30; di[n++] = 0x31;
		di[n++] = 0x30; di[n++] = 0x0d;
		memcpy(di + n, prefix, sizeof(prefix)); n += sizeof(prefix);
		di[n++] = 0x05; di[n++] = 0x00;
		di[n++] = 0x04; di[n++] = 0x20;
		memcpy(di + n, hash, 32); n += 32;
		di[n++] = 0x00;
	} else {
		/* Parameters that are not NULL. */
		di[n++] = 0x30; di[n++] = 0x33;
		di[n++] = 0x30; di[n++] = 0x0f;
		memcpy(di + n, prefix, sizeof(prefix)); n += sizeof(prefix);
		di[n++] = 0x04; di[n++] = 0x02; di[n++] = 0xaa; di[n++] = 0xbb;
		di[n++] = 0x04; di[n++] = 0x20;
		memcpy(di + n, hash, 32); n += 32;
	}
	if (k > sizeof(em) || k < n + 11 || cap < k)
		return -1;
	em[0] = 0x00;
	em[1] = 0x01;
	memset(em + 2, 0xff, k - n - 3);
	em[k - n - 1] = 0x00;
	memcpy(em + k - n, di, n);
	*outlen = cap;
	if ((c = EVP_PKEY_CTX_new(x->key, NULL)) != NULL &&
	    EVP_PKEY_sign_init(c) == 1 &&
	    EVP_PKEY_CTX_set_rsa_padding(c, RSA_NO_PADDING) == 1 &&
	    EVP_PKEY_sign(c, out, outlen, em, k) == 1)
		rc = 0;
	EVP_PKEY_CTX_free(c);
	return rc;
}

static int
w_sign(void *arg, const char *tp, enum ike_sig sig, const uint8_t *octets,
    size_t len, uint8_t *out, size_t cap, size_t *outlen, char *whyb,
    size_t whylen)
{
	struct wrap		*x = arg;
	const struct ike_pki	*r = dmn_pki_iface(x->real);

	if (x->spoil == SPOIL_DIGESTINFO_TRAILING ||
	    x->spoil == SPOIL_DIGESTINFO_PARAMS)
		return forge(x, octets, len, out, cap, outlen);
	if (r->sign(r->arg, tp, sig, octets, len, out, cap, outlen, whyb,
	    whylen) == -1)
		return -1;
	if (x->spoil == SPOIL_TAMPER)
		out[*outlen / 2] ^= 0x01;
	return 0;
}

static int
w_verify(void *arg, const struct ike_pki_peer *p, struct ike_pki_info *info,
    char *whyb, size_t whylen)
{
	struct wrap		*x = arg;
	const struct ike_pki	*r = dmn_pki_iface(x->real);

	return r->verify(r->arg, p, info, whyb, whylen);
}

static int64_t
w_now(void *arg)
{
	struct wrap		*x = arg;
	const struct ike_pki	*r = dmn_pki_iface(x->real);

	return r->now(r->arg);
}

static void
path(char *out, size_t len, const char *file)
{
	snprintf(out, len, "%s/%s", pkidir, file);
}

/* Side i uses certificate file cert with key file key ("TP"). */
static void
side_pki(int i, const char *cert, const char *key)
{
	char	ca[512], c[512], k[512], err[320];
	FILE	*f;

	path(ca, sizeof(ca), "ca.pem");
	path(c, sizeof(c), cert);
	path(k, sizeof(k), key);
	ck_assert_msg(dmn_pki_load(w[i].real, "TP", ca, c, k, err,
	    sizeof(err)) == 0, "%s", err);
	EVP_PKEY_free(w[i].key);
	ck_assert_ptr_nonnull(f = fopen(k, "r"));
	w[i].key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	ck_assert_ptr_nonnull(w[i].key);
}

/* Both sides with certificates both ways (r1 / r2) unless told. */
static void
setup(void)
{
	int	i;

	h_init(&h, 7);
	for (i = 0; i < 2; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].real = dmn_pki_new();
		ck_assert_ptr_nonnull(w[i].real);
		w[i].iface.arg = &w[i];
		w[i].iface.own = w_own;
		w[i].iface.sign = w_sign;
		w[i].iface.verify = w_verify;
		w[i].iface.now = w_now;
		h.s[i].pki = &w[i].iface;
		h.s[i].peer.auth_local = IKE_CFG_AUTH_RSA;
		h.s[i].peer.auth_remote = IKE_CFG_AUTH_RSA;
		snprintf(h.s[i].peer.trustpoint,
		    sizeof(h.s[i].peer.trustpoint), "TP");
		h.s[i].limits.log_level = IKE_LOG_DEBUG;
	}
	side_pki(0, "r1.pem", "r1.key");
	side_pki(1, "r2.pem", "r2.key");
}

static void
teardown(void)
{
	int	i;

	h_free(&h);
	for (i = 0; i < 2; i++) {
		dmn_pki_free(w[i].real);
		EVP_PKEY_free(w[i].key);
		memset(&w[i], 0, sizeof(w[i]));
	}
}

static void
snap(int side, struct ike_sa_info *out)
{
	struct ike_sa_info	*v;
	size_t			 n;

	ck_assert_int_eq(ike_engine_snapshot(h.s[side].eng, &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	*out = v[0];
	free(v);
}

static void
up(int who)
{
	h_start(&h);
	h_admin(&h, who, IKE_EV_INITIATE);
	h_run(&h, 2000);
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s", why);
}

/* No SA came up on either side. */
static void
none_up(void)
{
	size_t	up0 = 0, up1 = 0;

	h_ike_count(&h, 0, &up0);
	h_ike_count(&h, 1, &up1);
	ck_assert_uint_eq(up0, 0);
	ck_assert_uint_eq(up1, 0);
}

START_TEST(test_method_1_rsa_sha1)
{
	struct ike_sa_info	i0, i1;

	h.s[0].peer.sig_allow = IKE_SIG_BIT(IKE_SIG_RSA_SHA1);
	h.s[1].peer.sig_allow = IKE_SIG_BIT(IKE_SIG_RSA_SHA1);
	up(0);
	snap(0, &i0);
	snap(1, &i1);
	ck_assert_uint_eq(i0.sig_local, IKE_SIG_RSA_SHA1);
	ck_assert_uint_eq(i0.sig_remote, IKE_SIG_RSA_SHA1);
	ck_assert_uint_eq(i1.sig_remote, IKE_SIG_RSA_SHA1);
	ck_assert_uint_eq(i0.auth_remote, IKE_AUTHM_RSA_SIG);
	ck_assert_uint_eq(i1.auth_remote, IKE_AUTHM_RSA_SIG);
	ck_assert_str_eq(i0.peer_subject, "CN=router2,O=mgmtsec test");
	ck_assert_str_eq(i1.peer_subject, "CN=router1,O=mgmtsec test");
	ck_assert_str_eq(i0.id_remote, "198.51.100.2");
}
END_TEST

static const enum ike_sig m14[] = {
	IKE_SIG_RSA_SHA256, IKE_SIG_RSA_SHA384, IKE_SIG_RSA_SHA512,
	IKE_SIG_PSS_SHA256, IKE_SIG_PSS_SHA384, IKE_SIG_PSS_SHA512,
};

/* Each scheme of method 14, each side initiating. */
START_TEST(test_method_14_each_scheme)
{
	enum ike_sig		 s = m14[_i % 6];
	struct ike_sa_info	 i0, i1;

	h.s[0].peer.sig_allow = IKE_SIG_BIT(s);
	h.s[1].peer.sig_allow = IKE_SIG_BIT(s);
	up(_i / 6);
	snap(0, &i0);
	snap(1, &i1);
	ck_assert_uint_eq(i0.sig_local, s);
	ck_assert_uint_eq(i1.sig_local, s);
	ck_assert_uint_eq(i0.sig_remote, s);
	ck_assert_uint_eq(i1.sig_remote, s);
	ck_assert_uint_eq(i0.auth_remote, IKE_AUTHM_DIGITAL_SIGNATURE);
	ck_assert_uint_eq(i1.auth_remote, IKE_AUTHM_DIGITAL_SIGNATURE);
}
END_TEST

START_TEST(test_default_prefers_pss_sha512)
{
	struct ike_sa_info	i0;

	up(0);
	snap(0, &i0);
	ck_assert_uint_eq(i0.sig_local, IKE_SIG_PSS_SHA512);
	ck_assert_uint_eq(i0.sig_remote, IKE_SIG_PSS_SHA512);
}
END_TEST

/* One side allows less: both meet at the strongest they share. */
START_TEST(test_strongest_common_scheme)
{
	struct ike_sa_info	i0, i1;

	h.s[1].peer.sig_allow = IKE_SIG_BIT(IKE_SIG_RSA_SHA384) |
	    IKE_SIG_BIT(IKE_SIG_RSA_SHA256);
	up(0);
	snap(0, &i0);
	snap(1, &i1);
	ck_assert_uint_eq(i1.sig_local, IKE_SIG_RSA_SHA384);
	ck_assert_uint_eq(i0.sig_local, IKE_SIG_PSS_SHA512);
}
END_TEST

START_TEST(test_scheme_choice)
{
	uint8_t	all = 1u << 2 | 1u << 3 | 1u << 4;

	ck_assert_int_eq(ike_sig_choose(all, 1, 0), IKE_SIG_PSS_SHA512);
	ck_assert_int_eq(ike_sig_choose(1u << 2, 1, 0), IKE_SIG_PSS_SHA256);
	ck_assert_int_eq(ike_sig_choose(all, 0, 0), IKE_SIG_RSA_SHA1);
	ck_assert_int_eq(ike_sig_choose(0, 1, 0), IKE_SIG_RSA_SHA1);
	ck_assert_int_eq(ike_sig_choose(1u << 3, 1,
	    IKE_SIG_BIT(IKE_SIG_RSA_SHA384)), IKE_SIG_RSA_SHA384);
	ck_assert_int_eq(ike_sig_choose(0, 1,
	    IKE_SIG_BIT(IKE_SIG_PSS_SHA256)), IKE_SIG_NONE);
}
END_TEST

/* Mixed: 0 signs with RSA and verifies a PSK; 1 the reverse. */
START_TEST(test_mixed_rsa_and_psk)
{
	struct ike_sa_info	i0, i1;
	int			rev = _i;

	h.s[rev].peer.auth_remote = IKE_CFG_AUTH_PSK;
	h.s[!rev].peer.auth_local = IKE_CFG_AUTH_PSK;
	up(0);
	snap(rev, &i0);
	snap(!rev, &i1);
	ck_assert_uint_eq(i0.auth_local, IKE_AUTHM_RSA_SIG);
	ck_assert_uint_eq(i0.auth_remote, IKE_AUTHM_SHARED_KEY_MIC);
	ck_assert_uint_eq(i1.auth_local, IKE_AUTHM_SHARED_KEY_MIC);
	ck_assert_uint_eq(i1.auth_remote, IKE_AUTHM_DIGITAL_SIGNATURE);
	ck_assert_str_eq(i1.peer_subject, rev ? "CN=router2,O=mgmtsec test" :
	    "CN=router1,O=mgmtsec test");
}
END_TEST

START_TEST(test_intermediate_ca_is_sent_and_used)
{
	side_pki(0, "r1chain.pem", "r1chain.key");
	up(_i);
	ck_assert(h_has_fail(&h, 0, IKE_FAIL_AUTH, "") == 0);
}
END_TEST

/* The IKE_SA_INIT response carries CERTREQ with SHA-1(CA SPKI) and both
 * messages SIGNATURE_HASH_ALGORITHMS. */
static uint8_t	seen_certreq[20];
static int	seen_certreq_n, seen_sha_n;

static enum h_verdict
init_spy(struct harness *hh, struct h_pkt *p, void *arg)
{
	struct ike_msg		*m = ike_msg_new();
	struct ike_derr		 e;
	const struct ike_pl	*pl = NULL;

	(void)hh;
	(void)arg;
	if (m != NULL && ike_msg_decode(m, p->data, p->len, &e) == 0 &&
	    m->hdr.exchange == IKE_EXCH_IKE_SA_INIT) {
		if (ike_msg_notify(m, IKE_N_SIGNATURE_HASH_ALGORITHMS) != NULL)
			seen_sha_n++;
		while ((pl = ike_msg_next(m, IKE_PL_CERTREQ, pl)) != NULL) {
			if (pl->cert.encoding == IKE_CERT_X509_SIG &&
			    pl->cert.data.len == 20)
				memcpy(seen_certreq, pl->cert.data.p, 20);
			seen_certreq_n++;
		}
	}
	ike_msg_free(m);
	return H_DELIVER;
}

START_TEST(test_certreq_names_the_ca_key)
{
	char		 ca[512];
	FILE		*f;
	X509		*x;
	uint8_t		*der = NULL, want[20];
	unsigned	 n = 0;
	int		 len;

	path(ca, sizeof(ca), "ca.pem");
	ck_assert_ptr_nonnull(f = fopen(ca, "r"));
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	ck_assert_ptr_nonnull(x);
	len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &der);
	ck_assert_int_gt(len, 0);
	EVP_Digest(der, (size_t)len, want, &n, EVP_sha1(), NULL);
	OPENSSL_free(der);
	X509_free(x);
	seen_certreq_n = seen_sha_n = 0;
	h.filter = init_spy;
	up(0);
	ck_assert_int_eq(seen_certreq_n, 1);
	ck_assert_int_eq(seen_sha_n, 2);
	ck_assert(memcmp(seen_certreq, want, 20) == 0);
}
END_TEST

/* PSK tunnels send none of it (their messages do not change). */
START_TEST(test_psk_tunnel_sends_no_certificate_payloads)
{
	int	i;

	for (i = 0; i < 2; i++) {
		h.s[i].peer.auth_local = IKE_CFG_AUTH_PSK;
		h.s[i].peer.auth_remote = IKE_CFG_AUTH_PSK;
	}
	seen_certreq_n = seen_sha_n = 0;
	h.filter = init_spy;
	up(0);
	ck_assert_int_eq(seen_certreq_n, 0);
	ck_assert_int_eq(seen_sha_n, 0);
}
END_TEST

/* Bad certificates, each with what the refusing side's log must say. */
static const struct bad {
	const char	*cert;
	const char	*key;
	const char	*needle;
} bad[] = {
	{ "r2-expired.pem", "r2.key", "certificate has expired" },
	{ "r2-future.pem", "r2.key", "certificate is not yet valid" },
	{ "r2-otherca.pem", "r2.key", "unable to get local issuer" },
	{ "r2-wrongsan.pem", "r2.key", "identity mismatch: the peer's ID "
	    "ID_IPV4_ADDR 198.51.100.2 is not an IP subjectAltName" },
	{ "r2-viant.pem", "r2.key", "invalid CA certificate" },
	{ "r2-weak.pem", "r2-weak.key", "weak key" },
	{ "r2-ku.pem", "r2.key", "does not allow digitalSignature" },
	{ "r2-loop.pem", "r2.key", "does not chain to trustpoint TP" },
};
#define N_BAD	(int)(sizeof(bad) / sizeof(bad[0]))

/* Side 1 holds the bad certificate; it is the responder (side 0 refuses
 * its IKE_AUTH response) or the initiator (side 0 refuses the request
 * and answers AUTHENTICATION_FAILED). */
START_TEST(test_bad_certificate_is_refused)
{
	const struct bad	*b = &bad[_i % N_BAD];
	int			 who = _i / N_BAD;

	side_pki(1, b->cert, b->key);
	h_start(&h);
	h_admin(&h, who, IKE_EV_INITIATE);
	h_run(&h, 2000);
	none_up();
	ck_assert_msg(h_has_fail(&h, 0, IKE_FAIL_AUTH, b->needle),
	    "side 0 did not refuse %s with \"%s\" (%zu fails: %s)", b->cert,
	    b->needle, h.s[0].n_fails, h.s[0].n_fails ? h.s[0].fails[0] : "");
	if (who == 1)
		ck_assert(h_has_fail(&h, 1, IKE_FAIL_AUTH,
		    "rejected our authentication (AUTHENTICATION_FAILED)"));
}
END_TEST

/* The same certificates are fine when the clock says so: it is the
 * injected clock that decides validity. */
START_TEST(test_validity_follows_the_injected_clock)
{
	side_pki(1, "r2-future.pem", "r2.key");
	dmn_pki_set_time(w[0].real, (int64_t)time(NULL) + 400 * 86400);
	up(0);
}
END_TEST

/*
 * A certificate that expires while the SAs are up: side 1's (valid ten
 * years) is noticed by side 0 at the next rekey, by side 0's store clock
 * moved past it; side 0 deletes the IKE SA, and side 1's next IKE_AUTH is
 * refused as expired.  _i: 0 side 0 rekeys the IKE SA, 1 side 0 rekeys
 * the Child SA, 2 side 1 rekeys the IKE SA (side 0 answers
 * NO_ADDITIONAL_SAS), 3 side 1 rekeys the Child SA; each with side 0 or
 * side 1 as the original initiator (_i / 4).
 */
START_TEST(test_expiry_noticed_at_rekey)
{
	static const enum ike_ev_type ev[] = { IKE_EV_REKEY_IKE,
	    IKE_EV_REKEY_CHILD };
	int			 c = _i % 4, rekeyer = c / 2;
	struct ike_sa_info	 i0;
	size_t			 up0 = 9, up1 = 9;

	up(_i / 4);
	snap(0, &i0);
	ck_assert_str_eq(i0.peer_subject, "CN=router2,O=mgmtsec test");
	/* Nothing yet at a rekey before the end of validity. */
	h_admin(&h, rekeyer, ev[c % 2]);
	h_run(&h, 2000);
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s", why);
	ck_assert(!h_has_fail(&h, 0, IKE_FAIL_AUTH, "expired"));
	/* Eleven years on: side 1's certificate has expired. */
	dmn_pki_set_time(w[0].real, (int64_t)time(NULL) + 11 * 366 * 86400);
	h_admin(&h, rekeyer, ev[c % 2]);
	h_run(&h, 3000);
	ck_assert_msg(h_has_fail(&h, 0, IKE_FAIL_AUTH, "the certificate of "
	    "peer 198.51.100.2 (\"CN=router2,O=mgmtsec test\") expired at "),
	    "no expiry noticed (%s)", h.s[0].n_fails ? h.s[0].fails[0] :
	    "no fail");
	ck_assert(h_has_fail(&h, 0, IKE_FAIL_AUTH, rekeyer == 0 ?
	    (c == 0 ? "refusing our IKE SA rekey" : "refusing our Child SA "
	    "rekey") : "refusing the peer's CREATE_CHILD_SA"));
	/* Whoever initiates again is refused: the certificate expired. */
	h_ike_count(&h, 0, &up0);
	h_ike_count(&h, 1, &up1);
	ck_assert_uint_eq(up0, 0);
	ck_assert_uint_eq(up1, 0);
	h_admin(&h, 1, IKE_EV_INITIATE);
	h_run(&h, 3000);
	none_up();
	ck_assert(h_has_fail(&h, 0, IKE_FAIL_AUTH, "certificate has expired"));
}
END_TEST

/* PSK peers are never looked at again: their SAs rekey however late. */
START_TEST(test_expiry_ignores_psk_peers)
{
	h.s[0].peer.auth_remote = IKE_CFG_AUTH_PSK;
	h.s[1].peer.auth_local = IKE_CFG_AUTH_PSK;
	up(0);
	dmn_pki_set_time(w[0].real, (int64_t)time(NULL) + 11 * 366 * 86400);
	h_admin(&h, 0, IKE_EV_REKEY_IKE);
	h_run(&h, 2000);
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s", why);
	ck_assert(!h_has_fail(&h, 0, IKE_FAIL_AUTH, "expired"));
}
END_TEST

static const struct spoiled {
	enum spoil	 spoil;
	uint32_t	 allow;
	const char	*needle;
} spoiled[] = {
	{ SPOIL_TAMPER, 0, "bad signature" },
	{ SPOIL_TAMPER, IKE_SIG_BIT(IKE_SIG_RSA_SHA1), "bad signature" },
	{ SPOIL_DIGESTINFO_TRAILING, IKE_SIG_BIT(IKE_SIG_RSA_SHA256),
	    "bad signature" },
	{ SPOIL_DIGESTINFO_PARAMS, IKE_SIG_BIT(IKE_SIG_RSA_SHA256),
	    "bad signature" },
	{ SPOIL_CERT_TRUNCATED, 0, "not valid DER" },
	{ SPOIL_CERT_EMPTY, 0, "empty CERT payload" },
	{ SPOIL_CERT_HUGE, 0, "more than the 8192 we take" },
	{ SPOIL_CERT_GARBAGE_INTERMEDIATE, 0, "certificate 2 (an "
	    "intermediate) is not valid DER" },
};
#define N_SPOILED	(int)(sizeof(spoiled) / sizeof(spoiled[0]))

/* Side 1 (responder, then initiator) sends something spoiled. */
START_TEST(test_spoiled_auth_is_refused)
{
	const struct spoiled	*s = &spoiled[_i % N_SPOILED];

	w[1].spoil = s->spoil;
	h.s[1].peer.sig_allow = s->allow;
	h_start(&h);
	h_admin(&h, _i / N_SPOILED, IKE_EV_INITIATE);
	h_run(&h, 2000);
	none_up();
	ck_assert_msg(h_has_fail(&h, 0, IKE_FAIL_AUTH, s->needle),
	    "case %d: no \"%s\" (%s)", _i, s->needle,
	    h.s[0].n_fails ? h.s[0].fails[0] : "no fail");
}
END_TEST

START_TEST(test_no_store_says_so)
{
	h.s[1].pki = NULL;
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_run(&h, 2000);
	none_up();
	ck_assert(h_has_fail(&h, 1, IKE_FAIL_AUTH, "no certificate store"));
}
END_TEST

START_TEST(test_algorithm_identifiers)
{
	uint8_t	b[128];
	size_t	n, i;
	/* RSASSA-PSS SHA-256 as OpenSSL spells it (no NULL parameters). */
	static const uint8_t ossl[] = {
		0x30, 0x3d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
		0x01, 0x01, 0x0a, 0x30, 0x30, 0xa0, 0x0d, 0x30, 0x0b, 0x06,
		0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
		0xa1, 0x1a, 0x30, 0x18, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
		0xf7, 0x0d, 0x01, 0x01, 0x08, 0x30, 0x0b, 0x06, 0x09, 0x60,
		0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0xa2, 0x03,
		0x02, 0x01, 0x20,
	};
	uint8_t	bad_salt[sizeof(ossl)];

	for (i = 0; i < 6; i++) {
		n = ike_sig_algid(m14[i], b, sizeof(b));
		ck_assert_uint_gt(n, 0);
		ck_assert_int_eq(ike_sig_from_algid(b, n), m14[i]);
		/* Truncated or extended: refused. */
		ck_assert_int_eq(ike_sig_from_algid(b, n - 1), IKE_SIG_NONE);
		b[n] = 0;
		ck_assert_int_eq(ike_sig_from_algid(b, n + 1), IKE_SIG_NONE);
	}
	ck_assert_uint_eq(ike_sig_algid(IKE_SIG_RSA_SHA1, b, sizeof(b)), 0);
	ck_assert_int_eq(ike_sig_from_algid(ossl, sizeof(ossl)),
	    IKE_SIG_PSS_SHA256);
	/* Salt length 20 with SHA-256: parameters out of range. */
	memcpy(bad_salt, ossl, sizeof(ossl));
	bad_salt[sizeof(bad_salt) - 1] = 20;
	ck_assert_int_eq(ike_sig_from_algid(bad_salt, sizeof(bad_salt)),
	    IKE_SIG_NONE);
	ck_assert_int_eq(ike_sig_from_algid(NULL, 0), IKE_SIG_NONE);
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
pki_suite(void)
{
	Suite	*s = suite_create("pki");

	T(test_method_1_rsa_sha1);
	TL(test_method_14_each_scheme, 0, 12);
	T(test_default_prefers_pss_sha512);
	T(test_strongest_common_scheme);
	T(test_scheme_choice);
	TL(test_mixed_rsa_and_psk, 0, 2);
	TL(test_intermediate_ca_is_sent_and_used, 0, 2);
	T(test_certreq_names_the_ca_key);
	T(test_psk_tunnel_sends_no_certificate_payloads);
	TL(test_bad_certificate_is_refused, 0, 2 * N_BAD);
	T(test_validity_follows_the_injected_clock);
	TL(test_expiry_noticed_at_rekey, 0, 8);
	T(test_expiry_ignores_psk_peers);
	TL(test_spoiled_auth_is_refused, 0, 2 * N_SPOILED);
	T(test_no_store_says_so);
	T(test_algorithm_identifiers);
	return s;
}

int
main(void)
{
	return pki_fixture_run(pki_suite(), "pki", pkidir, sizeof(pkidir));
}
