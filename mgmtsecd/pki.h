/*
 * The certificate store the daemon lends the IKE engine (ikev2/pki.h),
 * over OpenSSL: one entry per `crypto ca trustpoint` with its CA
 * certificate, our certificate and intermediates, and our private key,
 * read from the PEM files the trustpoint names.  It signs, and it
 * validates a peer's certificates and signature: chain to the
 * trustpoint's CA, validity at the store's clock, basic constraints, key
 * usage, path length, key size, and the peer's ID against the
 * certificate.  Nothing is ever fetched: no CRL, OCSP or AIA lookups.
 *
 *	struct dmn_pki *k = dmn_pki_new();
 *	dmn_pki_load(k, "TP1", ca_pem, cert_pem, key_pem, err, sizeof(err));
 *	env.pki = dmn_pki_iface(k);
 */
#ifndef MGMTSECD_PKI_H
#define MGMTSECD_PKI_H

#include <stddef.h>
#include <stdint.h>

#include "ikev2/pki.h"

#define DMN_PKI_MIN_BITS	2048	/* smallest RSA key we accept */

struct dmn_pki;

/* An empty store (NULL without memory); free with dmn_pki_free. */
struct dmn_pki	*dmn_pki_new(void);
void		 dmn_pki_free(struct dmn_pki *k);

/*
 * Reads trustpoint name from its files (paths; the certificate file holds
 * our certificate then its intermediates, in chain order), replacing an
 * entry of that name.  On failure the entry stays, unusable, with the
 * reason (what the engine reports when a tunnel uses it); returns 0, or
 * -1 with err filled.
 */
int		 dmn_pki_load(struct dmn_pki *k, const char *name,
		    const char *ca, const char *cert, const char *key,
		    char *err, size_t errlen);
/* Drops every entry. */
void		 dmn_pki_clear(struct dmn_pki *k);
/* The clock certificates are checked against (Epoch seconds); 0 (the
 * default) means the system's. */
void		 dmn_pki_set_time(struct dmn_pki *k, int64_t now);
/* The engine's view of the store (borrowed: lives as long as k). */
const struct ike_pki *dmn_pki_iface(struct dmn_pki *k);

/* One certificate of a trustpoint, for `show crypto ca certificates`. */
struct dmn_pki_cert_info {
	char		subject[256];	/* RFC 2253 form */
	char		issuer[256];
	char		serial[80];	/* hex */
	char		not_before[32];	/* "2026-12-07 13:00:00 UTC" */
	char		not_after[32];
	unsigned	key_bits;
};

/* Trustpoints in the store, and each one's certificates: CA, ours, and
 * the intermediates (index 0, 1, 2...).  -1 when out of range. */
size_t		 dmn_pki_count(const struct dmn_pki *k);
const char	*dmn_pki_name(const struct dmn_pki *k, size_t i);
const char	*dmn_pki_error(const struct dmn_pki *k, size_t i);
int		 dmn_pki_cert_info(const struct dmn_pki *k, size_t i,
		    size_t which, struct dmn_pki_cert_info *out);

#endif
