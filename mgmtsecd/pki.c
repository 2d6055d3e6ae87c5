/*
 * The daemon's certificate store (see pki.h): trustpoints read from PEM,
 * and the engine's struct ike_pki callbacks over OpenSSL.  Validation
 * refuses with a reason that names the check that failed, so the
 * engine's AUTHENTICATION_FAILED log line says why.  The peer's octets
 * are parsed only by OpenSSL's DER decoders, each required to consume
 * exactly the octets given; the sizes and counts were bounded by the
 * engine (ikev2/pki.h) before they get here.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "ikev2/ike_cfg.h"
#include "ikev2/ikev2_const.h"
#include "mgmtsecd/pki.h"

struct dmn_pki_tp {
	char		 name[IKE_CFG_NAME_MAX];
	char		 error[320];	/* non-empty: unusable, why */
	X509		*ca;
	X509		*certs[IKE_PKI_CERTS_MAX];	/* ours, then CAs */
	size_t		 n_certs;
	uint8_t		*der[IKE_PKI_CERTS_MAX];
	size_t		 der_len[IKE_PKI_CERTS_MAX];
	EVP_PKEY	*key;
	uint8_t		 ca_keyid[20];
};

struct dmn_pki {
	struct ike_pki		 iface;
	struct dmn_pki_tp	*tps;
	size_t			 n;
	int64_t			 now;
};

static void
tp_release(struct dmn_pki_tp *tp)
{
	size_t	i;

	X509_free(tp->ca);
	for (i = 0; i < tp->n_certs; i++) {
		X509_free(tp->certs[i]);
		OPENSSL_free(tp->der[i]);
	}
	EVP_PKEY_free(tp->key);
	memset(tp, 0, sizeof(*tp));
}

static struct dmn_pki_tp *
tp_find(struct dmn_pki *k, const char *name)
{
	size_t	i;

	for (i = 0; i < k->n; i++)
		if (strcmp(k->tps[i].name, name) == 0)
			return &k->tps[i];
	return NULL;
}

/* The trustpoint if usable, else NULL with why. */
static struct dmn_pki_tp *
tp_usable(struct dmn_pki *k, const char *name, char *why, size_t whylen)
{
	struct dmn_pki_tp	*tp = tp_find(k, name);

	if (tp == NULL) {
		snprintf(why, whylen, "trustpoint %s is not configured", name);
		return NULL;
	}
	if (tp->error[0] != '\0') {
		snprintf(why, whylen, "trustpoint %s is unusable: %s", name,
		    tp->error);
		return NULL;
	}
	return tp;
}

static int64_t
pki_now(const struct dmn_pki *k)
{
	return k->now != 0 ? k->now : (int64_t)time(NULL);
}

/* A name in RFC 2253 form ("CN=r1,O=Test"), always
 * NUL-terminated. */
static void
name_text(const X509_NAME *n, char *out, size_t len)
{
	BIO	*b = BIO_new(BIO_s_mem());
	int	 r;

	out[0] = '\0';
	if (b == NULL)
		return;
	if (X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253) >= 0 &&
	    (r = BIO_read(b, out, (int)len - 1)) > 0)
		out[r] = '\0';
	BIO_free(b);
}

static const EVP_MD *
sig_md(enum ike_sig s)
{
	switch (ike_sig_hash(s)) {
	case 1:
		return EVP_sha1();
	case 2:
		return EVP_sha256();
	case 3:
		return EVP_sha384();
	case 4:
		return EVP_sha512();
	default:
		return NULL;
	}
}

/* Sets RSA padding (and PSS parameters: MGF1 with the same hash, salt
 * as long as the hash) on a sign/verify context. */
static int
sig_params(EVP_PKEY_CTX *pctx, enum ike_sig s, const EVP_MD *md)
{
	if (!ike_sig_is_pss(s))
		return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) >
		    0 ? 0 : -1;
	if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, EVP_MD_get_size(md)) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) <= 0)
		return -1;
	return 0;
}

/*
 * Loading
 */

static int
load_certs(struct dmn_pki_tp *tp, const char *path, char *err, size_t errlen)
{
	BIO	*b;
	X509	*x;
	int	 len;

	if ((b = BIO_new_file(path, "r")) == NULL) {
		snprintf(err, errlen, "cannot read certificate file %s", path);
		return -1;
	}
	while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
		if (tp->n_certs == IKE_PKI_CERTS_MAX) {
			X509_free(x);
			BIO_free(b);
			snprintf(err, errlen, "certificate file %s holds more "
			    "than %d certificates", path, IKE_PKI_CERTS_MAX);
			return -1;
		}
		tp->certs[tp->n_certs] = x;
		tp->der[tp->n_certs] = NULL;
		len = i2d_X509(x, &tp->der[tp->n_certs]);
		if (len <= 0 || len > IKE_PKI_CERT_LEN_MAX) {
			tp->n_certs++;
			BIO_free(b);
			snprintf(err, errlen, "certificate %zu of %s cannot be "
			    "sent (%d octets)", tp->n_certs, path, len);
			return -1;
		}
		tp->der_len[tp->n_certs++] = (size_t)len;
	}
	ERR_clear_error();
	BIO_free(b);
	if (tp->n_certs == 0) {
		snprintf(err, errlen, "file %s holds no PEM certificate", path);
		return -1;
	}
	return 0;
}

static int
ca_keyid(X509 *ca, uint8_t out[20])
{
	uint8_t		*der = NULL;
	unsigned	 n = 0;
	int		 len, rc;

	len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(ca), &der);
	if (len <= 0)
		return -1;
	rc = EVP_Digest(der, (size_t)len, out, &n, EVP_sha1(), NULL) == 1 &&
	    n == 20 ? 0 : -1;
	OPENSSL_free(der);
	return rc;
}

static int
tp_load(struct dmn_pki_tp *tp, const char *ca, const char *cert,
    const char *key, char *err, size_t errlen)
{
	BIO	*b;

	if (ca == NULL || cert == NULL || key == NULL) {
		snprintf(err, errlen, "it needs ca-certificate, certificate "
		    "and private-key");
		return -1;
	}
	if ((b = BIO_new_file(ca, "r")) == NULL) {
		snprintf(err, errlen, "cannot read CA certificate file %s", ca);
		return -1;
	}
	tp->ca = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	ERR_clear_error();
	if (tp->ca == NULL) {
		snprintf(err, errlen, "file %s holds no PEM certificate", ca);
		return -1;
	}
	if (ca_keyid(tp->ca, tp->ca_keyid) == -1) {
		snprintf(err, errlen, "cannot hash the public key of %s", ca);
		return -1;
	}
	if (load_certs(tp, cert, err, errlen) == -1)
		return -1;
	if ((b = BIO_new_file(key, "r")) == NULL) {
		snprintf(err, errlen, "cannot read private key file %s", key);
		return -1;
	}
	/* No passphrase callback: an encrypted key fails here. */
	tp->key = PEM_read_bio_PrivateKey(b, NULL, NULL, (void *)"");
	BIO_free(b);
	ERR_clear_error();
	if (tp->key == NULL) {
		snprintf(err, errlen, "file %s holds no unencrypted PEM "
		    "private key", key);
		return -1;
	}
	if (EVP_PKEY_get_base_id(tp->key) != EVP_PKEY_RSA) {
		snprintf(err, errlen, "private key %s is not an RSA key", key);
		return -1;
	}
	if (X509_check_private_key(tp->certs[0], tp->key) != 1) {
		ERR_clear_error();
		snprintf(err, errlen, "private key %s does not match "
		    "certificate %s", key, cert);
		return -1;
	}
	return 0;
}

/*
 * Engine callbacks
 */

static int
cb_own(void *arg, const char *name, struct ike_pki_own *out, char *why,
    size_t whylen)
{
	struct dmn_pki_tp	*tp;
	size_t			 i;

	if ((tp = tp_usable(arg, name, why, whylen)) == NULL)
		return -1;
	for (i = 0; i < tp->n_certs; i++) {
		out->certs[i].p = tp->der[i];
		out->certs[i].len = tp->der_len[i];
	}
	out->n_certs = tp->n_certs;
	memcpy(out->ca_keyid, tp->ca_keyid, sizeof(out->ca_keyid));
	out->key_bits = (unsigned)EVP_PKEY_get_bits(tp->key);
	return 0;
}

static int
cb_sign(void *arg, const char *name, enum ike_sig sig, const uint8_t *octets,
    size_t len, uint8_t *out, size_t cap, size_t *outlen, char *why,
    size_t whylen)
{
	struct dmn_pki_tp	*tp;
	const EVP_MD		*md = sig_md(sig);
	EVP_MD_CTX		*ctx = NULL;
	EVP_PKEY_CTX		*pctx = NULL;
	size_t			 n = 0;
	int			 rc = -1;

	if ((tp = tp_usable(arg, name, why, whylen)) == NULL)
		return -1;
	if (md == NULL || (ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit(ctx, &pctx, md, NULL, tp->key) != 1 ||
	    sig_params(pctx, sig, md) == -1 ||
	    EVP_DigestSign(ctx, NULL, &n, octets, len) != 1 || n > cap) {
		snprintf(why, whylen, "cannot sign with %s and the key of "
		    "trustpoint %s", ike_sig_name(sig), name);
		goto out;
	}
	if (EVP_DigestSign(ctx, out, &n, octets, len) != 1) {
		snprintf(why, whylen, "signing with %s failed", ike_sig_name(sig));
		goto out;
	}
	*outlen = n;
	rc = 0;
out:
	ERR_clear_error();
	EVP_MD_CTX_free(ctx);
	return rc;
}

/* DER that must fill len exactly (trailing octets are refused). */
static X509 *
der_cert(const uint8_t *p, size_t len)
{
	const uint8_t	*q = p;
	X509		*x;

	if (len > IKE_PKI_CERT_LEN_MAX)
		return NULL;
	x = d2i_X509(NULL, &q, (long)len);
	if (x != NULL && q != p + len) {
		X509_free(x);
		x = NULL;
	}
	return x;
}

/* The peer's ID against its certificate (RFC 7296 §3.5, RFC 4945 §3). */
static int
check_id(X509 *leaf, const struct ike_pki_peer *p, const char *subj,
    char *why, size_t whylen)
{
	X509_NAME	*dn;
	const uint8_t	*q;
	char		 ip[INET_ADDRSTRLEN], txt[256];
	int		 ok;

	switch (p->id_type) {
	case IKE_ID_IPV4_ADDR:
		if (p->id_len != 4)
			break;
		inet_ntop(AF_INET, p->id, ip, sizeof(ip));
		if (X509_check_ip(leaf, p->id, 4, 0) == 1)
			return 0;
		snprintf(why, whylen, "identity mismatch: the peer's ID "
		    "ID_IPV4_ADDR %s is not an IP subjectAltName of its "
		    "certificate \"%s\"", ip, subj);
		return -1;
	case IKE_ID_DER_ASN1_DN:
		q = p->id;
		dn = d2i_X509_NAME(NULL, &q, (long)p->id_len);
		ok = dn != NULL && q == p->id + p->id_len &&
		    X509_NAME_cmp(dn, X509_get_subject_name(leaf)) == 0;
		if (dn != NULL)
			name_text(dn, txt, sizeof(txt));
		else
			snprintf(txt, sizeof(txt), "(not DER)");
		X509_NAME_free(dn);
		ERR_clear_error();
		if (ok)
			return 0;
		snprintf(why, whylen, "identity mismatch: the peer's ID "
		    "ID_DER_ASN1_DN \"%s\" is not the subject \"%s\" of its "
		    "certificate", txt, subj);
		return -1;
	case IKE_ID_FQDN:
		if (p->id_len > 0 && p->id_len < 256 &&
		    memchr(p->id, '\0', p->id_len) == NULL &&
		    X509_check_host(leaf, (const char *)p->id, p->id_len, 0,
		    NULL) == 1)
			return 0;
		snprintf(why, whylen, "identity mismatch: the peer's ID_FQDN "
		    "is not a DNS subjectAltName of its certificate \"%s\"",
		    subj);
		return -1;
	default:
		break;
	}
	snprintf(why, whylen, "identity mismatch: the peer's ID (%s, %zu "
	    "octets) cannot be matched to its certificate \"%s\"",
	    ike_id_type_name(p->id_type), p->id_len, subj);
	return -1;
}

/* An ASN.1 time as Epoch seconds, 0 when it cannot be read. */
static int64_t
asn1_epoch(const ASN1_TIME *t)
{
	struct tm	tm;

	memset(&tm, 0, sizeof(tm));
	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return 0;
	return (int64_t)timegm(&tm);
}

/* The earliest notAfter of a verified chain (the root included). */
static int64_t
chain_not_after(X509_STORE_CTX *ctx)
{
	STACK_OF(X509)	*ch = X509_STORE_CTX_get0_chain(ctx);
	int64_t		 min = 0, t;
	int		 i;

	for (i = 0; ch != NULL && i < sk_X509_num(ch); i++) {
		t = asn1_epoch(X509_get0_notAfter(sk_X509_value(ch, i)));
		if (t != 0 && (min == 0 || t < min))
			min = t;
	}
	return min;
}

/* The chain from leaf to the trustpoint's CA at the store's clock; on
 * success *not_after is when the first of its certificates expires. */
static int
check_chain(struct dmn_pki *k, struct dmn_pki_tp *tp, X509 *leaf,
    STACK_OF(X509) *untrusted, int64_t *not_after, char *why, size_t whylen)
{
	X509_STORE		*st = NULL;
	X509_STORE_CTX		*ctx = NULL;
	X509_VERIFY_PARAM	*vp;
	X509			*bad;
	char			 subj[256];
	int			 rc = -1, err, depth;

	if ((st = X509_STORE_new()) == NULL ||
	    X509_STORE_add_cert(st, tp->ca) != 1 ||
	    (ctx = X509_STORE_CTX_new()) == NULL ||
	    X509_STORE_CTX_init(ctx, st, leaf, untrusted) != 1) {
		snprintf(why, whylen, "out of memory validating the chain");
		goto out;
	}
	vp = X509_STORE_CTX_get0_param(ctx);
	X509_VERIFY_PARAM_set_time(vp, (time_t)pki_now(k));
	/* Intermediates between the end entity and the root. */
	X509_VERIFY_PARAM_set_depth(vp, IKE_PKI_DEPTH_MAX - 2);
	/* No CRL flags: nothing is fetched or looked up. */
	if (X509_verify_cert(ctx) == 1) {
		*not_after = chain_not_after(ctx);
		rc = 0;
		goto out;
	}
	err = X509_STORE_CTX_get_error(ctx);
	depth = X509_STORE_CTX_get_error_depth(ctx);
	bad = X509_STORE_CTX_get_current_cert(ctx);
	if (bad != NULL)
		name_text(X509_get_subject_name(bad), subj, sizeof(subj));
	else
		snprintf(subj, sizeof(subj), "?");
	snprintf(why, whylen, "certificate \"%s\" (depth %d) does not chain "
	    "to trustpoint %s: %s", subj, depth, tp->name,
	    X509_verify_cert_error_string(err));
out:
	ERR_clear_error();
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(st);
	return rc;
}

static int
check_sig(EVP_PKEY *pub, const struct ike_pki_peer *p, const char *subj,
    char *why, size_t whylen)
{
	const EVP_MD	*md = sig_md(p->sig);
	EVP_MD_CTX	*ctx;
	EVP_PKEY_CTX	*pctx = NULL;
	int		 ok = 0;

	if (md == NULL || (ctx = EVP_MD_CTX_new()) == NULL) {
		snprintf(why, whylen, "no digest for %s", ike_sig_name(p->sig));
		return -1;
	}
	if (EVP_DigestVerifyInit(ctx, &pctx, md, NULL, pub) == 1 &&
	    sig_params(pctx, p->sig, md) == 0)
		ok = EVP_DigestVerify(ctx, p->sig_data, p->sig_len, p->octets,
		    p->octets_len) == 1;
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	if (ok)
		return 0;
	snprintf(why, whylen, "bad signature: the AUTH payload does not "
	    "verify with the key of certificate \"%s\"", subj);
	return -1;
}

static int
cb_verify(void *arg, const struct ike_pki_peer *p, struct ike_pki_info *info,
    char *why, size_t whylen)
{
	struct dmn_pki		*k = arg;
	struct dmn_pki_tp	*tp;
	STACK_OF(X509)		*untrusted = NULL;
	X509			*leaf = NULL, *x;
	EVP_PKEY		*pub;
	uint32_t		 ku;
	char			 subj[256];
	size_t			 i;
	int64_t			 not_after = 0;
	int			 bits, rc = -1;

	if ((tp = tp_usable(k, p->trustpoint, why, whylen)) == NULL)
		return -1;
	if (p->n_certs == 0 || p->n_certs > IKE_PKI_CERTS_MAX) {
		snprintf(why, whylen, "%zu certificates", p->n_certs);
		return -1;
	}
	if ((leaf = der_cert(p->certs[0].p, p->certs[0].len)) == NULL) {
		snprintf(why, whylen, "the peer's certificate is not valid "
		    "DER X.509");
		goto out;
	}
	if ((untrusted = sk_X509_new_null()) == NULL) {
		snprintf(why, whylen, "out of memory");
		goto out;
	}
	for (i = 1; i < p->n_certs; i++) {
		if ((x = der_cert(p->certs[i].p, p->certs[i].len)) == NULL) {
			snprintf(why, whylen, "the peer's certificate %zu "
			    "(an intermediate) is not valid DER X.509", i + 1);
			goto out;
		}
		if (sk_X509_push(untrusted, x) <= 0) {
			X509_free(x);
			snprintf(why, whylen, "out of memory");
			goto out;
		}
	}
	name_text(X509_get_subject_name(leaf), subj, sizeof(subj));
	pub = X509_get0_pubkey(leaf);
	if (pub == NULL || EVP_PKEY_get_base_id(pub) != EVP_PKEY_RSA) {
		snprintf(why, whylen, "certificate \"%s\" does not hold an RSA "
		    "public key", subj);
		goto out;
	}
	bits = EVP_PKEY_get_bits(pub);
	if (bits < DMN_PKI_MIN_BITS) {
		snprintf(why, whylen, "weak key: certificate \"%s\" has a "
		    "%d-bit RSA key, below the %d-bit minimum", subj, bits,
		    DMN_PKI_MIN_BITS);
		goto out;
	}
	if (check_chain(k, tp, leaf, untrusted, &not_after, why, whylen) == -1)
		goto out;
	/* RFC 4945 §5.1.3.2: a key usage, when present, allows signing. */
	ku = X509_get_key_usage(leaf);
	if (ku != UINT32_MAX && (ku & (KU_DIGITAL_SIGNATURE |
	    KU_NON_REPUDIATION)) == 0) {
		snprintf(why, whylen, "key usage of certificate \"%s\" does "
		    "not allow digitalSignature", subj);
		goto out;
	}
	if (check_id(leaf, p, subj, why, whylen) == -1 ||
	    check_sig(pub, p, subj, why, whylen) == -1)
		goto out;
	snprintf(info->subject, sizeof(info->subject), "%s", subj);
	info->key_bits = (unsigned)bits;
	info->not_after = not_after;
	rc = 0;
out:
	ERR_clear_error();
	sk_X509_pop_free(untrusted, X509_free);
	X509_free(leaf);
	return rc;
}

static int64_t
cb_now(void *arg)
{
	return pki_now(arg);
}

/*
 * The store
 */

/* Described in pki.h. */
struct dmn_pki *
dmn_pki_new(void)
{
	struct dmn_pki	*k;

	if ((k = calloc(1, sizeof(*k))) == NULL)
		return NULL;
	k->iface.arg = k;
	k->iface.own = cb_own;
	k->iface.sign = cb_sign;
	k->iface.verify = cb_verify;
	k->iface.now = cb_now;
	return k;
}

/* Described in pki.h. */
void
dmn_pki_clear(struct dmn_pki *k)
{
	size_t	i;

	for (i = 0; i < k->n; i++)
		tp_release(&k->tps[i]);
	free(k->tps);
	k->tps = NULL;
	k->n = 0;
}

/* Described in pki.h. */
void
dmn_pki_free(struct dmn_pki *k)
{
	if (k == NULL)
		return;
	dmn_pki_clear(k);
	free(k);
}

/* Described in pki.h. */
int
dmn_pki_load(struct dmn_pki *k, const char *name, const char *ca,
    const char *cert, const char *key, char *err, size_t errlen)
{
	struct dmn_pki_tp	*tp, *nv;

	if ((tp = tp_find(k, name)) == NULL) {
		if ((nv = realloc(k->tps, (k->n + 1) * sizeof(*nv))) == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		k->tps = nv;
		tp = &k->tps[k->n++];
		memset(tp, 0, sizeof(*tp));
	} else
		tp_release(tp);
	snprintf(tp->name, sizeof(tp->name), "%s", name);
	if (tp_load(tp, ca, cert, key, tp->error, sizeof(tp->error)) == -1) {
		snprintf(err, errlen, "%s", tp->error);
		return -1;
	}
	return 0;
}

/* Described in pki.h. */
void
dmn_pki_set_time(struct dmn_pki *k, int64_t now)
{
	k->now = now;
}

/* Described in pki.h. */
const struct ike_pki *
dmn_pki_iface(struct dmn_pki *k)
{
	return &k->iface;
}

/* Described in pki.h. */
size_t
dmn_pki_count(const struct dmn_pki *k)
{
	return k->n;
}

/* Described in pki.h. */
const char *
dmn_pki_name(const struct dmn_pki *k, size_t i)
{
	return i < k->n ? k->tps[i].name : NULL;
}

/* Described in pki.h. */
const char *
dmn_pki_error(const struct dmn_pki *k, size_t i)
{
	return i < k->n ? k->tps[i].error : NULL;
}

static void
time_text(const ASN1_TIME *t, char *out, size_t len)
{
	struct tm	tm;

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1) {
		snprintf(out, len, "?");
		return;
	}
	strftime(out, len, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

/* Described in pki.h. */
int
dmn_pki_cert_info(const struct dmn_pki *k, size_t i, size_t which,
    struct dmn_pki_cert_info *out)
{
	const struct dmn_pki_tp	*tp;
	X509			*x;
	BIGNUM			*bn;
	char			*hex;
	EVP_PKEY		*pub;

	if (i >= k->n)
		return -1;
	tp = &k->tps[i];
	if (which == 0)
		x = tp->ca;
	else if (which - 1 < tp->n_certs)
		x = tp->certs[which - 1];
	else
		return -1;
	if (x == NULL)
		return -1;
	memset(out, 0, sizeof(*out));
	name_text(X509_get_subject_name(x), out->subject, sizeof(out->subject));
	name_text(X509_get_issuer_name(x), out->issuer, sizeof(out->issuer));
	if ((bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL)) !=
	    NULL && (hex = BN_bn2hex(bn)) != NULL) {
		snprintf(out->serial, sizeof(out->serial), "%s", hex);
		OPENSSL_free(hex);
	}
	BN_free(bn);
	time_text(X509_get0_notBefore(x), out->not_before,
	    sizeof(out->not_before));
	time_text(X509_get0_notAfter(x), out->not_after,
	    sizeof(out->not_after));
	if ((pub = X509_get0_pubkey(x)) != NULL)
		out->key_bits = (unsigned)EVP_PKEY_get_bits(pub);
	ERR_clear_error();
	return 0;
}
