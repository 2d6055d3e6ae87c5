/*
 * Authentication by RSA signature with X.509v3 certificates (SPEC section
 * 6): the second entry of IKE_AUTH's method table (auth.h).  This file
 * owns the wire side of it and stays pure: it announces and reads
 * SIGNATURE_HASH_ALGORITHMS (RFC 7427 §4) in IKE_SA_INIT, asks for the
 * trustpoint's CA with CERTREQ (RFC 7296 §3.7), sends our certificate and
 * intermediates in CERT payloads (§3.6, encoding 4), chooses the
 * signature scheme, lays out AUTH method 1 (§3.8) or 14 (RFC 7427 §3),
 * and bounds what a peer may send.  Signing, certificate validation and
 * signature verification happen behind struct ike_pki (pki.h), which the
 * daemon fills with OpenSSL.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ikev2/actions.h"
#include "ikev2/auth.h"
#include "ikev2/sa.h"

/* RFC 7427 hash identifiers (IANA "IKEv2 Hash Algorithms"). */
#define HASH_SHA1	1
#define HASH_SHA256	2
#define HASH_SHA384	3
#define HASH_SHA512	4

/* What we announce: the hashes we verify method 14 signatures with.
 * SHA-1 stays with method 1 (RFC 8247 §3.2 deprecates it for 14). */
static const uint8_t our_hashes[] = {
	0, HASH_SHA256, 0, HASH_SHA384, 0, HASH_SHA512,
};

/* Described in pki.h. */
const char *
ike_sig_name(enum ike_sig s)
{
	switch (s) {
	case IKE_SIG_RSA_SHA1:
		return "RSA PKCS#1 v1.5 SHA-1";
	case IKE_SIG_RSA_SHA256:
		return "RSA PKCS#1 v1.5 SHA-256";
	case IKE_SIG_RSA_SHA384:
		return "RSA PKCS#1 v1.5 SHA-384";
	case IKE_SIG_RSA_SHA512:
		return "RSA PKCS#1 v1.5 SHA-512";
	case IKE_SIG_PSS_SHA256:
		return "RSASSA-PSS SHA-256";
	case IKE_SIG_PSS_SHA384:
		return "RSASSA-PSS SHA-384";
	case IKE_SIG_PSS_SHA512:
		return "RSASSA-PSS SHA-512";
	default:
		return "none";
	}
}

/* Described in pki.h. */
unsigned
ike_sig_hash(enum ike_sig s)
{
	switch (s) {
	case IKE_SIG_RSA_SHA1:
		return HASH_SHA1;
	case IKE_SIG_RSA_SHA256:
	case IKE_SIG_PSS_SHA256:
		return HASH_SHA256;
	case IKE_SIG_RSA_SHA384:
	case IKE_SIG_PSS_SHA384:
		return HASH_SHA384;
	case IKE_SIG_RSA_SHA512:
	case IKE_SIG_PSS_SHA512:
		return HASH_SHA512;
	default:
		return 0;
	}
}

/* Described in pki.h. */
int
ike_sig_is_pss(enum ike_sig s)
{
	return s == IKE_SIG_PSS_SHA256 || s == IKE_SIG_PSS_SHA384 ||
	    s == IKE_SIG_PSS_SHA512;
}

/*
 * AlgorithmIdentifiers (RFC 7427 Appendix A).  PKCS#1 v1.5 ones are
 * fixed strings; RSASSA-PSS ones (RFC 4055 §3.1) are built here from the
 * hash: hashAlgorithm [0], maskGenAlgorithm [1] (MGF1 with the same
 * hash), saltLength [2] = hash length.  We send the DER form (NULL hash
 * parameters, trailerField left at its default) and also take the two
 * spellings other implementations use: hash parameters absent (OpenSSL),
 * trailerField written out (RFC 7427's own example).
 */
static const uint8_t oid_rsa_sha[3][9] = {
	{ 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b },
	{ 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c },
	{ 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d },
};
static const uint8_t oid_sha2[3][9] = {
	{ 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01 },
	{ 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02 },
	{ 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03 },
};
static const uint8_t oid_pss[9] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a,
};
static const uint8_t oid_mgf1[9] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08,
};

#define ALGID_MAX	96

/* A tiny DER writer: every length here is below 128. */
struct der {
	uint8_t	b[ALGID_MAX];
	size_t	n;
};

static void
der_raw(struct der *d, const uint8_t *p, size_t len)
{
	memcpy(d->b + d->n, p, len);
	d->n += len;
}

static void
der_tlv(struct der *d, uint8_t tag, const uint8_t *p, size_t len)
{
	d->b[d->n++] = tag;
	d->b[d->n++] = (uint8_t)len;
	der_raw(d, p, len);
}

/* AlgorithmIdentifier of a SHA-2 hash (index 0-2), with or without NULL
 * parameters. */
static void
der_hash_algid(struct der *out, int h, int null)
{
	struct der	in = { .n = 0 };

	der_tlv(&in, 0x06, oid_sha2[h], sizeof(oid_sha2[h]));
	if (null)
		der_raw(&in, (const uint8_t *)"\x05\x00", 2);
	der_tlv(out, 0x30, in.b, in.n);
}

static size_t
pss_algid(int h, int null, int trailer, uint8_t *out, size_t cap)
{
	struct der	ha = { .n = 0 }, mgf = { .n = 0 }, mgfseq = { .n = 0 };
	struct der	params = { .n = 0 }, seq = { .n = 0 }, top = { .n = 0 };
	uint8_t		salt[3] = { 0x02, 0x01, (uint8_t)(32 + 16 * h) };

	der_hash_algid(&ha, h, null);
	der_tlv(&mgf, 0x06, oid_mgf1, sizeof(oid_mgf1));
	der_raw(&mgf, ha.b, ha.n);
	der_tlv(&mgfseq, 0x30, mgf.b, mgf.n);
	der_tlv(&params, 0xa0, ha.b, ha.n);
	der_tlv(&params, 0xa1, mgfseq.b, mgfseq.n);
	der_tlv(&params, 0xa2, salt, sizeof(salt));
	if (trailer)
		der_tlv(&params, 0xa3, (const uint8_t *)"\x02\x01\x01", 3);
	der_tlv(&seq, 0x06, oid_pss, sizeof(oid_pss));
	der_tlv(&seq, 0x30, params.b, params.n);
	der_tlv(&top, 0x30, seq.b, seq.n);
	if (top.n > cap)
		return 0;
	memcpy(out, top.b, top.n);
	return top.n;
}

static size_t
v15_algid(int h, uint8_t *out, size_t cap)
{
	struct der	in = { .n = 0 }, top = { .n = 0 };

	der_tlv(&in, 0x06, oid_rsa_sha[h], sizeof(oid_rsa_sha[h]));
	der_raw(&in, (const uint8_t *)"\x05\x00", 2);
	der_tlv(&top, 0x30, in.b, in.n);
	if (top.n > cap)
		return 0;
	memcpy(out, top.b, top.n);
	return top.n;
}

/* Described in auth.h. */
size_t
ike_sig_algid(enum ike_sig sig, uint8_t *out, size_t cap)
{
	switch (sig) {
	case IKE_SIG_RSA_SHA256:
	case IKE_SIG_RSA_SHA384:
	case IKE_SIG_RSA_SHA512:
		return v15_algid(sig - IKE_SIG_RSA_SHA256, out, cap);
	case IKE_SIG_PSS_SHA256:
	case IKE_SIG_PSS_SHA384:
	case IKE_SIG_PSS_SHA512:
		return pss_algid(sig - IKE_SIG_PSS_SHA256, 1, 0, out, cap);
	default:
		return 0;
	}
}

/* Described in auth.h. */
enum ike_sig
ike_sig_from_algid(const uint8_t *p, size_t len)
{
	uint8_t	b[ALGID_MAX];
	size_t	n;
	int	h, null, tr;

	if (len == 0 || len > ALGID_MAX)
		return IKE_SIG_NONE;
	for (h = 0; h < 3; h++) {
		n = v15_algid(h, b, sizeof(b));
		if (n == len && memcmp(b, p, n) == 0)
			return (enum ike_sig)(IKE_SIG_RSA_SHA256 + h);
		for (null = 1; null >= 0; null--)
			for (tr = 0; tr < 2; tr++) {
				n = pss_algid(h, null, tr, b, sizeof(b));
				if (n == len && memcmp(b, p, n) == 0)
					return (enum ike_sig)
					    (IKE_SIG_PSS_SHA256 + h);
			}
	}
	return IKE_SIG_NONE;
}

/* Described in auth.h. */
enum ike_sig
ike_sig_choose(uint8_t peer_hashes, int announced, uint32_t allow)
{
	static const enum ike_sig pref[] = {
		IKE_SIG_PSS_SHA512, IKE_SIG_RSA_SHA512,
		IKE_SIG_PSS_SHA384, IKE_SIG_RSA_SHA384,
		IKE_SIG_PSS_SHA256, IKE_SIG_RSA_SHA256,
	};
	size_t	i;

	if (allow == 0)
		allow = ~0u;
	if (announced && peer_hashes != 0)
		for (i = 0; i < sizeof(pref) / sizeof(pref[0]); i++)
			if ((allow & IKE_SIG_BIT(pref[i])) &&
			    (peer_hashes & (1u << ike_sig_hash(pref[i]))))
				return pref[i];
	if (allow & IKE_SIG_BIT(IKE_SIG_RSA_SHA1))
		return IKE_SIG_RSA_SHA1;
	return IKE_SIG_NONE;
}

/*
 * SA state
 */

static struct ike_sa_pki *
sa_pki(struct ike_sa *sa)
{
	if (sa->pki == NULL)
		sa->pki = calloc(1, sizeof(*sa->pki));
	return sa->pki;
}

/* Described in auth.h. */
void
ike_auth_rsa_free(struct ike_sa *sa)
{
	free(sa->pki);
	sa->pki = NULL;
}

/* Described in auth.h. */
int
ike_auth_rsa_inherit(struct ike_sa *to, const struct ike_sa *from)
{
	if (from->pki == NULL)
		return 0;
	if (sa_pki(to) == NULL)
		return -1;
	*to->pki = *from->pki;
	return 0;
}

/* Described in auth.h. */
int
ike_auth_rsa_expired(struct ike_sa *sa, const char *what)
{
	const struct ike_pki	*pki = sa->eng->env.pki;
	struct ike_sa_pki	*sp = sa->pki;
	struct tm		 tm;
	time_t			 t;
	int64_t			 now;
	char			 when[32];

	if (sp == NULL || sp->sig_remote == IKE_SIG_NONE ||
	    sp->peer_not_after == 0 || pki == NULL || pki->now == NULL)
		return 0;
	if (sp->expired)
		return 1;
	if ((now = pki->now(pki->arg)) <= sp->peer_not_after)
		return 0;
	sp->expired = 1;
	t = (time_t)sp->peer_not_after;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(when, sizeof(when), "%" PRId64, sp->peer_not_after);
	ike_act_fail(sa->eng, sa, IKE_FAIL_AUTH, "IKE SA %u: the certificate "
	    "of peer %s (\"%s\") expired at %s, %" PRId64 " s ago; refusing "
	    "%s and deleting the IKE SA, so the peer must authenticate "
	    "again", sa->id, IPS(sa->remote.ip), sp->subject, when,
	    now - sp->peer_not_after, what);
	return 1;
}

/* Described in auth.h. */
int
ike_auth_rsa_used(const struct ike_sa *sa)
{
	return sa->peer != NULL && (sa->peer->auth_local != IKE_CFG_AUTH_PSK ||
	    sa->peer->auth_remote != IKE_CFG_AUTH_PSK);
}

static const struct ike_pki *
pki_of(const struct ike_sa *sa, char *why, size_t whylen)
{
	const struct ike_pki	*pki = sa->eng->env.pki;

	if (pki == NULL || pki->own == NULL || pki->sign == NULL ||
	    pki->verify == NULL) {
		snprintf(why, whylen, "certificate authentication is not "
		    "available: the engine has no certificate store");
		return NULL;
	}
	if (sa->peer->trustpoint[0] == '\0') {
		snprintf(why, whylen, "tunnel %s authenticates with "
		    "rsa-signature but has no pki trustpoint", sa->peer->name);
		return NULL;
	}
	return pki;
}

/*
 * IKE_SA_INIT
 */

/* Described in auth.h. */
int
ike_auth_rsa_init_add(struct ike_sa *sa, struct ike_msg *m)
{
	const struct ike_pki	*pki;
	struct ike_pki_own	 own;
	struct ike_sa_pki	*sp;
	char			 why[256];

	if (!ike_auth_rsa_used(sa))
		return 0;
	if ((sp = sa_pki(sa)) == NULL)
		return -1;
	/* RFC 7427 §4: the responder answers the initiator's. */
	if (sa->initiator || sp->peer_hashes != 0) {
		ike_msg_add_notify(m, 0, NULL, 0,
		    IKE_N_SIGNATURE_HASH_ALGORITHMS, our_hashes,
		    sizeof(our_hashes));
		sp->announced = 1;
	}
	if (!sa->initiator && sa->peer->auth_remote != IKE_CFG_AUTH_PSK) {
		/* §3.7: which CA we trust.  Without a store, IKE_AUTH
		 * reports why; the CERTREQ is only a hint. */
		memset(&own, 0, sizeof(own));
		if ((pki = pki_of(sa, why, sizeof(why))) != NULL &&
		    pki->own(pki->arg, sa->peer->trustpoint, &own, why,
		    sizeof(why)) == 0)
			ike_msg_add_cert(m, IKE_PL_CERTREQ, IKE_CERT_X509_SIG,
			    own.ca_keyid, sizeof(own.ca_keyid));
	}
	return m->oom ? -1 : 0;
}

/* Described in auth.h. */
void
ike_auth_rsa_init_seen(struct ike_sa *sa, const struct ike_msg *m)
{
	const struct ike_pl_notify	*n;
	struct ike_sa_pki		*sp;
	size_t				 i;
	unsigned			 h;

	if (!ike_auth_rsa_used(sa) ||
	    (n = ike_msg_notify(m, IKE_N_SIGNATURE_HASH_ALGORITHMS)) == NULL ||
	    (sp = sa_pki(sa)) == NULL)
		return;
	/* Pairs of octets; an odd trailing octet is ignored. */
	for (i = 0; i + 1 < n->data.len; i += 2) {
		h = (unsigned)n->data.p[i] << 8 | n->data.p[i + 1];
		if (h >= HASH_SHA256 && h <= HASH_SHA512)
			sp->peer_hashes |= (uint8_t)(1u << h);
	}
}

/*
 * IKE_AUTH
 */

/* Described in auth.h. */
int
ike_auth_rsa_certreq(struct ike_sa *sa, struct ike_msg *m, char *why,
    size_t whylen)
{
	const struct ike_pki	*pki;
	struct ike_pki_own	 own;

	if ((pki = pki_of(sa, why, whylen)) == NULL)
		return -1;
	memset(&own, 0, sizeof(own));
	if (pki->own(pki->arg, sa->peer->trustpoint, &own, why, whylen) == -1)
		return -1;
	ike_msg_add_cert(m, IKE_PL_CERTREQ, IKE_CERT_X509_SIG, own.ca_keyid,
	    sizeof(own.ca_keyid));
	return m->oom ? -1 : 0;
}

static int
rsa_add(struct ike_sa *sa, struct ike_msg *m)
{
	const struct ike_pki	*pki;
	struct ike_pki_own	 own;
	char			 why[256];
	size_t			 i;

	if ((pki = pki_of(sa, why, sizeof(why))) == NULL)
		return -1;
	memset(&own, 0, sizeof(own));
	if (pki->own(pki->arg, sa->peer->trustpoint, &own, why,
	    sizeof(why)) == -1 || own.n_certs == 0)
		return -1;
	for (i = 0; i < own.n_certs && i < IKE_PKI_CERTS_MAX; i++)
		ike_msg_add_cert(m, IKE_PL_CERT, IKE_CERT_X509_SIG,
		    own.certs[i].p, own.certs[i].len);
	return m->oom ? -1 : 0;
}

/*
 * The schemes of allow (0: all) our key can make: RSASSA-PSS with a salt
 * as long as the hash needs a modulus of at least 2 hash lengths + 2
 * octets (RFC 8017 §9.1.1), which a 1024-bit key lacks for SHA-512.
 */
static uint32_t
pss_fits(const struct ike_pki *pki, const char *tp, uint32_t allow)
{
	static const struct {
		enum ike_sig	sig;
		unsigned	hlen;
	} pss[] = {
		{ IKE_SIG_PSS_SHA256, 32 },
		{ IKE_SIG_PSS_SHA384, 48 },
		{ IKE_SIG_PSS_SHA512, 64 },
	};
	struct ike_pki_own	own;
	char			why[256];
	size_t			i;

	if (allow == 0)
		allow = ~0u & ~IKE_SIG_BIT(IKE_SIG_NONE);
	memset(&own, 0, sizeof(own));
	if (pki->own(pki->arg, tp, &own, why, sizeof(why)) == -1 ||
	    own.key_bits == 0)
		return allow;
	for (i = 0; i < sizeof(pss) / sizeof(pss[0]); i++)
		if (own.key_bits / 8 < 2 * pss[i].hlen + 2)
			allow &= ~IKE_SIG_BIT(pss[i].sig);
	return allow;
}

static int
rsa_sign(struct ike_sa *sa, const struct buf *octets, struct buf *auth,
    uint8_t *method, char *why, size_t whylen)
{
	const struct ike_pki	*pki;
	struct ike_sa_pki	*sp;
	enum ike_sig		 sig;
	uint8_t			 algid[ALGID_MAX], s[IKE_PKI_SIG_MAX];
	size_t			 alen, slen = 0;
	uint8_t			 a8;

	if ((pki = pki_of(sa, why, whylen)) == NULL)
		return -1;
	if ((sp = sa_pki(sa)) == NULL) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	sig = ike_sig_choose(sp->peer_hashes, sp->announced,
	    pss_fits(pki, sa->peer->trustpoint, sa->peer->sig_allow));
	if (sig == IKE_SIG_NONE) {
		snprintf(why, whylen, "no signature scheme allowed for tunnel "
		    "%s is one the peer takes (it announced %s hash "
		    "algorithms)", sa->peer->name, sp->peer_hashes ? "other" :
		    "no");
		return -1;
	}
	if (pki->sign(pki->arg, sa->peer->trustpoint, sig, octets->data,
	    octets->len, s, sizeof(s), &slen, why, whylen) == -1)
		return -1;
	if (slen == 0 || slen > sizeof(s)) {
		snprintf(why, whylen, "the signature has an impossible length");
		return -1;
	}
	buf_reset(auth);
	if (sig == IKE_SIG_RSA_SHA1) {
		*method = IKE_AUTHM_RSA_SIG;
	} else {
		/* RFC 7427 §3: length, AlgorithmIdentifier, signature. */
		*method = IKE_AUTHM_DIGITAL_SIGNATURE;
		alen = ike_sig_algid(sig, algid, sizeof(algid));
		a8 = (uint8_t)alen;
		buf_add(auth, &a8, 1);
		buf_add(auth, algid, alen);
	}
	buf_add(auth, s, slen);
	sp->sig_local = (uint8_t)sig;
	ike_act_log(sa->eng, sa, IKE_LOG_DEBUG, "IKE SA %u: signing AUTH with "
	    "%s (method %u)", sa->id, ike_sig_name(sig), *method);
	return auth->oom ? -1 : 0;
}

/* The peer's CERT payloads, bounded (pki.h); 0 or -1 with why. */
static int
peer_certs(const struct ike_msg *m, struct ike_pki_blob *certs, size_t *n,
    char *why, size_t whylen)
{
	const struct ike_pl	*pl = NULL;
	size_t			 total = 0, k = 0;

	while ((pl = ike_msg_next(m, IKE_PL_CERT, pl)) != NULL) {
		if (k == IKE_PKI_CERTS_MAX) {
			snprintf(why, whylen, "peer sent %zu CERT payloads, "
			    "more than the %d we take",
			    ike_msg_count(m, IKE_PL_CERT), IKE_PKI_CERTS_MAX);
			return -1;
		}
		if (pl->cert.encoding != IKE_CERT_X509_SIG) {
			snprintf(why, whylen, "peer sent a CERT payload of "
			    "encoding %u (%s); only X.509 signature "
			    "certificates (4) are taken", pl->cert.encoding,
			    ike_cert_encoding_name(pl->cert.encoding));
			return -1;
		}
		if (pl->cert.data.len == 0) {
			snprintf(why, whylen, "peer sent an empty CERT "
			    "payload");
			return -1;
		}
		if (pl->cert.data.len > IKE_PKI_CERT_LEN_MAX) {
			snprintf(why, whylen, "peer sent a certificate of %zu "
			    "octets, more than the %d we take",
			    pl->cert.data.len, IKE_PKI_CERT_LEN_MAX);
			return -1;
		}
		total += pl->cert.data.len;
		if (total > IKE_PKI_CHAIN_LEN_MAX) {
			snprintf(why, whylen, "peer's certificates exceed %d "
			    "octets in all", IKE_PKI_CHAIN_LEN_MAX);
			return -1;
		}
		certs[k].p = pl->cert.data.p;
		certs[k].len = pl->cert.data.len;
		k++;
	}
	if (k == 0) {
		snprintf(why, whylen, "peer sent no certificate (no CERT "
		    "payload)");
		return -1;
	}
	*n = k;
	return 0;
}

static int
rsa_verify(struct ike_sa *sa, const struct ike_msg *m,
    const struct ike_pl_id *id, const struct buf *octets,
    const struct ike_pl_auth *auth, char *why, size_t whylen)
{
	const struct ike_pki	*pki;
	struct ike_pki_blob	 certs[IKE_PKI_CERTS_MAX];
	struct ike_pki_peer	 p;
	struct ike_pki_info	 info;
	struct ike_sa_pki	*sp;
	const uint8_t		*d = auth->data.p;
	size_t			 len = auth->data.len, alen;
	char			 w[320];

	if ((pki = pki_of(sa, why, whylen)) == NULL)
		return -1;
	memset(&p, 0, sizeof(p));
	if (auth->method == IKE_AUTHM_RSA_SIG) {
		p.sig = IKE_SIG_RSA_SHA1;
		p.sig_data = d;
		p.sig_len = len;
	} else {
		/* RFC 7427 §3. */
		if (len < 1 || (alen = d[0]) == 0 || 1 + alen >= len) {
			snprintf(why, whylen, "AUTH payload (method 14) is "
			    "malformed: its AlgorithmIdentifier length does "
			    "not fit");
			return -1;
		}
		p.sig = ike_sig_from_algid(d + 1, alen);
		if (p.sig == IKE_SIG_NONE) {
			snprintf(why, whylen, "AUTH payload (method 14) names "
			    "a signature algorithm or parameters we do not "
			    "take (%zu-octet AlgorithmIdentifier; we take RSA "
			    "PKCS#1 v1.5 and RSASSA-PSS with SHA-256/384/512)",
			    alen);
			return -1;
		}
		p.sig_data = d + 1 + alen;
		p.sig_len = len - 1 - alen;
	}
	if (p.sig_len == 0 || p.sig_len > IKE_PKI_SIG_MAX) {
		snprintf(why, whylen, "AUTH signature of %zu octets is out of "
		    "range", p.sig_len);
		return -1;
	}
	if (peer_certs(m, certs, &p.n_certs, why, whylen) == -1)
		return -1;
	p.trustpoint = sa->peer->trustpoint;
	p.certs = certs;
	p.id_type = id->type;
	p.id = id->data.p;
	p.id_len = id->data.len;
	p.octets = octets->data;
	p.octets_len = octets->len;
	memset(&info, 0, sizeof(info));
	if (pki->verify(pki->arg, &p, &info, w, sizeof(w)) == -1) {
		snprintf(why, whylen, "certificate authentication (%s) "
		    "failed: %s", ike_sig_name(p.sig), w);
		return -1;
	}
	if ((sp = sa_pki(sa)) == NULL) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	sp->sig_remote = (uint8_t)p.sig;
	sp->peer_not_after = info.not_after;
	sp->expired = 0;
	snprintf(sp->subject, sizeof(sp->subject), "%s", info.subject);
	ike_act_log(sa->eng, sa, IKE_LOG_INFO, "IKE SA %u: peer %s "
	    "authenticated by %s, certificate \"%s\" (%u-bit key)", sa->id,
	    IPS(sa->remote.ip), ike_sig_name(p.sig), info.subject,
	    info.key_bits);
	return 0;
}

/* Described in auth.h. */
const struct ike_authenticator ike_auth_rsa = {
	IKE_CFG_AUTH_RSA, IKE_AUTHM_RSA_SIG, IKE_AUTHM_DIGITAL_SIGNATURE,
	"RSA signature", rsa_sign, rsa_verify, rsa_add,
};
