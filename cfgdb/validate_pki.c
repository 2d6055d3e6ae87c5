/*
 * The default trustpoint check of commit-time validation (SPEC 3.1,
 * `crypto ca trustpoint`): the PEM files are read with OpenSSL, the
 * private key must match the certificate, the certificate must chain to
 * the CA certificate and be valid now, and its subject must equal
 * subject-name when one is configured.  This is the one validation rule
 * that touches files; validate.c reaches it through a hook.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "cfgdb/validate.h"

static X509 *
read_cert(const char *path, char *msg, size_t msgsz)
{
	FILE	*f;
	X509	*x;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(msg, msgsz, "Cannot read certificate file %s: %s",
		    path, strerror(errno));
		return NULL;
	}
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	ERR_clear_error();
	if (x == NULL)
		snprintf(msg, msgsz, "File %s does not hold a PEM certificate",
		    path);
	return x;
}

/* A trustpoint's certificate file may hold the router certificate's
 * intermediate CAs after it, in chain order: at most this many. */
#define PKI_CHAIN_MAX	8

/* The certificates after the first one in path (untrusted: only helps
 * build the chain to the CA), or NULL without memory. */
static STACK_OF(X509) *
read_intermediates(const char *path)
{
	STACK_OF(X509)	*sk;
	FILE		*f;
	X509		*x;
	int		 i;

	if ((sk = sk_X509_new_null()) == NULL)
		return NULL;
	if ((f = fopen(path, "r")) == NULL)
		return sk;
	for (i = 0; i <= PKI_CHAIN_MAX &&
	    (x = PEM_read_X509(f, NULL, NULL, NULL)) != NULL; i++) {
		if (i == 0 || sk_X509_push(sk, x) == 0)
			X509_free(x);	/* the leaf itself, or no memory */
	}
	fclose(f);
	ERR_clear_error();
	return sk;
}

static EVP_PKEY *
read_key(const char *path, char *msg, size_t msgsz)
{
	FILE		*f;
	EVP_PKEY	*k;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(msg, msgsz, "Cannot read private key file %s: %s",
		    path, strerror(errno));
		return NULL;
	}
	/* No passphrase callback: an encrypted key fails here. */
	k = PEM_read_PrivateKey(f, NULL, NULL, (void *)"");
	fclose(f);
	ERR_clear_error();
	if (k == NULL)
		snprintf(msg, msgsz, "File %s does not hold an unencrypted PEM "
		    "private key", path);
	return k;
}

/* Drops the spaces around ',', '=' and '/' and leading '/'. */
static void
dn_norm(const char *in, char *out, size_t outsz)
{
	size_t	n = 0;

	if (*in == '/')
		in++;
	for (; *in && n + 1 < outsz; in++) {
		if (*in == ' ' && (n == 0 || out[n - 1] == ',' ||
		    out[n - 1] == '=' || in[1] == ',' || in[1] == '=' ||
		    in[1] == ' ' || in[1] == 0))
			continue;
		out[n++] = *in == '/' ? ',' : *in;
	}
	out[n] = 0;
}

/* Whether dn equals the subject, in forward or RFC 2253 (reversed)
 * order, ignoring case and the spaces around separators. */
static int
subject_matches(X509 *x, const char *dn)
{
	X509_NAME	*nm = X509_get_subject_name(x);
	BIO		*b;
	char		 fwd[1024], rev[1024], want[1024], tmp[1024];
	int		 n, ok = 0;

	dn_norm(dn, want, sizeof(want));
	if ((b = BIO_new(BIO_s_mem())) == NULL)
		return 0;
	X509_NAME_print_ex(b, nm, 0, XN_FLAG_RFC2253);
	n = BIO_read(b, tmp, sizeof(tmp) - 1);
	tmp[n > 0 ? n : 0] = 0;
	dn_norm(tmp, rev, sizeof(rev));
	(void)BIO_reset(b);
	X509_NAME_print_ex(b, nm, 0, (XN_FLAG_RFC2253 & ~XN_FLAG_DN_REV));
	n = BIO_read(b, tmp, sizeof(tmp) - 1);
	tmp[n > 0 ? n : 0] = 0;
	dn_norm(tmp, fwd, sizeof(fwd));
	BIO_free(b);
	ok = strcasecmp(want, rev) == 0 || strcasecmp(want, fwd) == 0;
	return ok;
}

/* Described in header. */
int
cfg_pki_check(void *arg, const struct cfg_pki_files *f, int64_t now,
    enum cfg_pki_item *which, char *msg, size_t msgsz)
{
	X509		*ca = NULL, *cert = NULL;
	STACK_OF(X509)	*chain = NULL;
	EVP_PKEY	*key = NULL;
	X509_STORE	*st = NULL;
	X509_STORE_CTX	*ctx = NULL;
	int		 rc = -1, verr;

	(void)arg;
	*which = CFG_PKI_CA;
	if ((ca = read_cert(f->ca, msg, msgsz)) == NULL)
		goto out;
	if (f->cert == NULL) {
		rc = 0;
		goto out;
	}
	*which = CFG_PKI_CERT;
	if ((cert = read_cert(f->cert, msg, msgsz)) == NULL)
		goto out;
	*which = CFG_PKI_KEY;
	if (f->key && (key = read_key(f->key, msg, msgsz)) == NULL)
		goto out;
	if (key && X509_check_private_key(cert, key) != 1) {
		ERR_clear_error();
		snprintf(msg, msgsz, "Private key %s does not match "
		    "certificate %s", f->key, f->cert);
		goto out;
	}
	*which = CFG_PKI_CERT;
	if ((chain = read_intermediates(f->cert)) == NULL ||
	    (st = X509_STORE_new()) == NULL ||
	    (ctx = X509_STORE_CTX_new()) == NULL ||
	    X509_STORE_add_cert(st, ca) != 1 ||
	    X509_STORE_CTX_init(ctx, st, cert, chain) != 1) {
		snprintf(msg, msgsz, "Cannot set up certificate verification");
		goto out;
	}
	X509_STORE_CTX_set_time(ctx, 0, (time_t)now);
	if (X509_verify_cert(ctx) != 1) {
		verr = X509_STORE_CTX_get_error(ctx);
		snprintf(msg, msgsz, "Certificate %s does not verify against "
		    "CA certificate %s: %s", f->cert, f->ca,
		    X509_verify_cert_error_string(verr));
		goto out;
	}
	if (f->subject && !subject_matches(cert, f->subject)) {
		*which = CFG_PKI_SUBJECT;
		snprintf(msg, msgsz, "The subject of certificate %s is not "
		    "'%s'", f->cert, f->subject);
		goto out;
	}
	rc = 0;
out:
	ERR_clear_error();
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(st);
	sk_X509_pop_free(chain, X509_free);
	EVP_PKEY_free(key);
	X509_free(cert);
	X509_free(ca);
	return rc;
}
