/*
 * tests/kat: runs known-answer vector files (the JSON format of
 * ../shared/vectors/, see its README) through the library's own crypto:
 * ikev2/crypto (AES-CBC, AES-GCM, HMAC, PRF, prf+), ikev2/dh (ECP groups)
 * and ikev2/keys (SKEYSEED, SK_*, KEYMAT, rekey).  No check calls OpenSSL
 * directly, so a pass proves the code the daemon runs.
 *
 *	usage: kat FILE.json...
 *
 * Each case is checked from whatever fields it has; field sets differ
 * between cases of one family (an ECDH case may give one private key and
 * only the peer's point; ESP cases add packet fields).  A case fails when
 * a value differs, when a field cannot be read (bad hex, wrong type), when
 * an expected value lacks the inputs to compute it, or when it has nothing
 * we can check; each failure prints one line naming file, case and reason.
 * The last line is exactly "N passed, N failed"; the exit status is 1 when
 * anything failed.  Nothing depends on case names, order or counts.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "common/buf.h"
#include "ikev2/crypto.h"
#include "ikev2/dh.h"
#include "ikev2/keys.h"
#include "tests/kat/kat_json.h"

#define KAT_MAX_FILE	(64u << 20)	/* refuse absurd inputs */
#define KAT_MAX_ALLOCS	64

/* One case being checked. */
struct kcase {
	const char		*file;
	const char		*name;
	const struct kat_json	*c;
	int			 checks;	/* comparisons made */
	int			 failed;
	void			*allocs[KAT_MAX_ALLOCS];
	size_t			 nalloc;
};

static void	kfail(struct kcase *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static void
kfail(struct kcase *k, const char *fmt, ...)
{
	va_list	ap;

	k->failed = 1;
	printf("FAIL %s: %s: ", k->file, k->name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* Memory that lives until the case is done. */
static void *
kalloc(struct kcase *k, size_t n)
{
	void	*p;

	if (k->nalloc == KAT_MAX_ALLOCS || (p = calloc(1, n ? n : 1)) == NULL) {
		kfail(k, "out of memory");
		return NULL;
	}
	k->allocs[k->nalloc++] = p;
	return p;
}

static void
kfree_all(struct kcase *k)
{
	while (k->nalloc)
		free(k->allocs[--k->nalloc]);
}

/* Prints at most 24 octets of a value for a failure line. */
static void
hexshort(const uint8_t *p, size_t n, char *out, size_t outlen)
{
	size_t	show = n > 24 ? 24 : n;

	if (outlen < 2 * show + 4) {
		out[0] = 0;
		return;
	}
	hex_encode(p, show, out);
	if (show < n)
		strcat(out, "...");
}

/* Compares a computed value with an expected one; counts the check. */
static int
expect(struct kcase *k, const char *what, const uint8_t *got, size_t got_len,
    const uint8_t *want, size_t want_len)
{
	char	g[64], w[64];

	k->checks++;
	if (got_len == want_len && (want_len == 0 ||
	    memcmp(got, want, want_len) == 0))
		return 0;
	hexshort(got, got_len, g, sizeof(g));
	hexshort(want, want_len, w, sizeof(w));
	kfail(k, "%s mismatch: computed %zu octets %s, expected %zu octets %s",
	    what, got_len, g, want_len, w);
	return -1;
}

/* The same for the leftmost bits of got (got holds at least bits). */
static int
expect_bits(struct kcase *k, const char *what, const uint8_t *got,
    size_t got_len, const uint8_t *want, size_t want_len, long long bits)
{
	size_t	whole;
	uint8_t	mask;

	if (bits <= 0 || (size_t)(bits + 7) / 8 != want_len ||
	    want_len > got_len) {
		kfail(k, "%s: %lld bits do not fit %zu expected / %zu computed "
		    "octets", what, bits, want_len, got_len);
		return -1;
	}
	whole = (size_t)bits / 8;
	if (bits % 8 == 0)
		return expect(k, what, got, whole, want, want_len);
	k->checks++;
	mask = (uint8_t)(0xff00 >> (bits % 8));
	if (memcmp(got, want, whole) == 0 &&
	    (got[whole] & mask) == (want[whole] & mask))
		return 0;
	kfail(k, "%s mismatch in the leftmost %lld bits", what, bits);
	return -1;
}

/*
 * Reads hex field `name` of obj.  Returns 1 with the octets (case-owned
 * memory), 0 when absent, -1 when present but unusable (case failed).
 */
static int
hexf_in(struct kcase *k, const struct kat_json *obj, const char *name,
    uint8_t **out, size_t *len)
{
	const struct kat_json	*v = kat_json_get(obj, name);
	const char		*s;
	long			 n;

	if (v == NULL)
		return 0;
	if ((s = kat_json_str(v)) == NULL || strlen(s) != v->str_len) {
		kfail(k, "field %s is not a hex string", name);
		return -1;
	}
	if ((*out = kalloc(k, v->str_len / 2)) == NULL)
		return -1;
	if ((n = hex_decode(s, *out, v->str_len / 2)) < 0) {
		kfail(k, "field %s: bad hex", name);
		return -1;
	}
	*len = (size_t)n;
	return 1;
}

static int
hexf(struct kcase *k, const char *name, uint8_t **out, size_t *len)
{
	return hexf_in(k, k->c, name, out, len);
}

/* An integer field: 1 present, 0 absent, -1 wrong type (case failed). */
static int
intf(struct kcase *k, const char *name, long long *v)
{
	const struct kat_json	*j = kat_json_get(k->c, name);

	if (j == NULL)
		return 0;
	if (kat_json_int(j, v) == -1) {
		kfail(k, "field %s is not an integer", name);
		return -1;
	}
	return 1;
}

/* Checks key_bits (when given) against the key and returns the bits. */
static int
key_bits(struct kcase *k, size_t key_len, uint16_t *bits)
{
	long long	kb;
	int		r;

	if ((r = intf(k, "key_bits", &kb)) == -1)
		return -1;
	if (r == 1 && (size_t)kb != 8 * key_len) {
		kfail(k, "key_bits %lld but the key has %zu octets", kb,
		    key_len);
		return -1;
	}
	*bits = (uint16_t)(8 * key_len);
	return 0;
}

/* a | b into case memory. */
static uint8_t *
cat2(struct kcase *k, const uint8_t *a, size_t alen, const uint8_t *b,
    size_t blen)
{
	uint8_t	*p;

	if ((p = kalloc(k, alen + blen)) == NULL)
		return NULL;
	if (alen)
		memcpy(p, a, alen);
	if (blen)
		memcpy(p + alen, b, blen);
	return p;
}

/*
 * Packet-level helpers for ESP cases
 */

/* An IPv4 header: checksum, protocol and total length as expected. */
static void
check_ipv4(struct kcase *k, const char *what, const uint8_t *h, size_t len,
    size_t total, int proto)
{
	uint32_t	sum = 0;
	size_t		i;

	k->checks++;
	if (len < 20 || h[0] >> 4 != 4 || (size_t)(h[0] & 15) * 4 != len) {
		kfail(k, "%s is not an IPv4 header of %zu octets", what, len);
		return;
	}
	for (i = 0; i < len; i += 2)
		sum += (uint32_t)(h[i] << 8 | h[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	if (sum != 0xffff)
		kfail(k, "%s: bad header checksum", what);
	else if ((size_t)(h[2] << 8 | h[3]) != total)
		kfail(k, "%s: total length %u, expected %zu", what,
		    h[2] << 8 | h[3], total);
	else if (h[9] != proto)
		kfail(k, "%s: protocol %u, expected %d", what, h[9], proto);
}

/*
 * The ESP trailer of a decrypted payload (RFC 4303 §2.4-2.6): Payload |
 * Padding | Pad Length | Next Header, checked against the case's fields.
 * With no esp_padding field the padding must be 1, 2, 3, ...
 */
static void
check_esp_trailer(struct kcase *k, const uint8_t *pt, size_t len)
{
	uint8_t		*payload, *padding;
	size_t		 plen, padl, i;
	long long	 v;
	int		 rp, rd, r;

	if (len < 2 || (size_t)pt[len - 2] + 2 > len) {
		k->checks++;
		kfail(k, "ESP plaintext has no valid trailer");
		return;
	}
	padl = pt[len - 2];
	if ((r = intf(k, "esp_pad_length", &v)) == 1) {
		k->checks++;
		if ((size_t)v != padl)
			kfail(k, "ESP Pad Length %zu, expected %lld", padl, v);
	}
	if ((r = intf(k, "esp_next_header", &v)) == 1) {
		k->checks++;
		if (v != pt[len - 1])
			kfail(k, "ESP Next Header %u, expected %lld",
			    pt[len - 1], v);
	}
	rp = hexf(k, "esp_payload", &payload, &plen);
	rd = hexf(k, "esp_padding", &padding, &i);
	if (rp == 1)
		expect(k, "ESP payload", pt, len - 2 - padl, payload, plen);
	if (rd == 1)
		expect(k, "ESP padding", pt + len - 2 - padl, padl, padding, i);
	else if (rd == 0) {
		k->checks++;
		for (i = 0; i < padl; i++)
			if (pt[len - 2 - padl + i] != (uint8_t)(i + 1)) {
				kfail(k, "ESP padding is not 1, 2, 3, ...");
				break;
			}
	}
}

/*
 * The RFC 3602 ESP fields of an AES-CBC case: the packet must be SPI |
 * Sequence Number | IV | ciphertext, and decrypting the packet through the
 * library must give a plaintext with the expected trailer.  Without a
 * packet, the given plaintext's trailer is checked.
 */
static void
check_cbc_esp(struct kcase *k, struct ike_encr *e, const uint8_t *iv,
    size_t iv_len, const uint8_t *ct, size_t ct_len, const uint8_t *pt_given,
    size_t pt_len)
{
	const struct ike_encr_alg	*alg = ike_encr_get_alg(e);
	uint8_t				*spi, *pkt, *hdr, *payload, *want, *pt;
	size_t				 spi_len, pkt_len, hdr_len, plen, body;
	long long			 seq;
	int				 r;

	if ((r = hexf(k, "esp_packet", &pkt, &pkt_len)) == -1)
		return;
	if (r == 1) {
		if (hexf(k, "esp_spi", &spi, &spi_len) != 1 ||
		    intf(k, "esp_seq", &seq) != 1 || spi_len != 4 || seq < 0 ||
		    seq > 0xffffffffLL || ct == NULL) {
			kfail(k, "esp_packet needs esp_spi (4 octets), "
			    "esp_seq, iv and a ciphertext");
			return;
		}
		if ((want = kalloc(k, 8 + iv_len + ct_len)) == NULL)
			return;
		memcpy(want, spi, 4);
		want[4] = (uint8_t)(seq >> 24);
		want[5] = (uint8_t)(seq >> 16);
		want[6] = (uint8_t)(seq >> 8);
		want[7] = (uint8_t)seq;
		memcpy(want + 8, iv, iv_len);
		memcpy(want + 8 + iv_len, ct, ct_len);
		expect(k, "ESP packet", want, 8 + iv_len + ct_len, pkt,
		    pkt_len);
		/* Receive side: take the packet apart and decrypt it. */
		k->checks++;
		if (pkt_len < 8 + alg->iv_len) {
			kfail(k, "ESP packet too short");
			return;
		}
		body = pkt_len - 8 - alg->iv_len;
		if ((pt = kalloc(k, body)) == NULL)
			return;
		if (ike_encr_decrypt(e, pkt + 8, NULL, 0, pkt + 8 +
		    alg->iv_len, body, pt, NULL) == -1) {
			kfail(k, "ESP packet does not decrypt");
			return;
		}
		check_esp_trailer(k, pt, body);
		if (hexf(k, "esp_ip_header", &hdr, &hdr_len) == 1)
			check_ipv4(k, "esp_ip_header", hdr, hdr_len,
			    hdr_len + pkt_len, 50);
	} else if (pt_given != NULL && (kat_json_get(k->c, "esp_payload") ||
	    kat_json_get(k->c, "esp_pad_length") ||
	    kat_json_get(k->c, "esp_next_header")))
		check_esp_trailer(k, pt_given, pt_len);
	if (hexf(k, "original_ip_header", &hdr, &hdr_len) == 1 &&
	    hexf(k, "esp_payload", &payload, &plen) == 1 &&
	    intf(k, "esp_next_header", &seq) == 1) {
		if (seq == 4) {
			/* Tunnel mode: the original packet is the payload. */
			expect(k, "original_ip_header", payload,
			    plen < hdr_len ? plen : hdr_len, hdr, hdr_len);
		} else
			check_ipv4(k, "original_ip_header", hdr, hdr_len,
			    hdr_len + plen, (int)seq);
	}
}

/*
 * Families
 */

static void
kat_aes_cbc(struct kcase *k)
{
	struct ike_encr	*e;
	uint8_t		*key, *iv, *pt, *ct, *out;
	size_t		 key_len, iv_len, pt_len = 0, ct_len = 0;
	uint16_t	 bits;
	int		 rp, rc;

	if (hexf(k, "key", &key, &key_len) != 1 ||
	    hexf(k, "iv", &iv, &iv_len) != 1) {
		if (!k->failed)
			kfail(k, "needs key and iv");
		return;
	}
	if ((rp = hexf(k, "plaintext", &pt, &pt_len)) == -1 ||
	    (rc = hexf(k, "ciphertext", &ct, &ct_len)) == -1 ||
	    key_bits(k, key_len, &bits) == -1)
		return;
	if (iv_len != ike_encr_iv_len(IKE_ENCR_AES_CBC, bits)) {
		kfail(k, "unsupported key/IV size (%zu/%zu octets)", key_len,
		    iv_len);
		return;
	}
	if ((e = ike_encr_new(IKE_ENCR_AES_CBC, bits, key, key_len)) == NULL) {
		kfail(k, "library refused the key");
		return;
	}
	if ((out = kalloc(k, pt_len > ct_len ? pt_len : ct_len)) == NULL)
		goto out;
	/* Both directions whenever both texts are given (any "direction"). */
	if (rp == 1) {
		if (ike_encr_encrypt(e, iv, NULL, 0, pt, pt_len, out,
		    NULL) == -1)
			kfail(k, "encryption failed (%zu octets)", pt_len);
		else if (rc == 1)
			expect(k, "ciphertext (encrypt)", out, pt_len, ct,
			    ct_len);
		else
			ct = out, ct_len = pt_len;	/* for ESP fields */
	}
	if (rc == 1 && rp == 1) {
		if ((out = kalloc(k, ct_len)) == NULL)
			goto out;
		if (ike_encr_decrypt(e, iv, NULL, 0, ct, ct_len, out,
		    NULL) == -1)
			kfail(k, "decryption failed (%zu octets)", ct_len);
		else
			expect(k, "plaintext (decrypt)", out, ct_len, pt,
			    pt_len);
	}
	check_cbc_esp(k, e, iv, iv_len, rp == 1 || rc == 1 ? ct : NULL,
	    ct_len, rp == 1 ? pt : NULL, pt_len);
out:
	ike_encr_free(e);
}

/* RFC 4106 ESP form of a GCM case: keymat key | salt, 8-octet IV. */
static void
kat_gcm_esp(struct kcase *k, const uint8_t *key, size_t key_len,
    uint16_t bits)
{
	struct ike_encr	*e = NULL;
	uint8_t		*salt, *eiv, *nonce, *aad, *pt, *ct, *tag, *spi, *esn;
	uint8_t		*out, *t, *km, *want;
	size_t		 salt_len, eiv_len, n_len, aad_len, pt_len, ct_len;
	size_t		 tag_len, spi_len, esn_len;
	long long	 seq;
	int		 r;

	if (hexf(k, "salt", &salt, &salt_len) != 1 ||
	    hexf(k, "esp_iv", &eiv, &eiv_len) != 1 ||
	    hexf(k, "plaintext", &pt, &pt_len) != 1 ||
	    hexf(k, "ciphertext", &ct, &ct_len) != 1 ||
	    hexf(k, "tag", &tag, &tag_len) != 1 ||
	    (r = hexf(k, "aad", &aad, &aad_len)) == -1) {
		if (!k->failed)
			kfail(k, "ESP GCM case needs salt, esp_iv, plaintext, "
			    "ciphertext and tag");
		return;
	}
	if (r == 0)
		aad_len = 0;
	if (salt_len != 4 || eiv_len != 8 || tag_len != 16) {
		kfail(k, "RFC 4106 needs a 4-octet salt, 8-octet IV and "
		    "16-octet ICV");
		return;
	}
	if ((r = hexf(k, "nonce", &nonce, &n_len)) == -1)
		return;
	if (r == 1 && (want = cat2(k, salt, 4, eiv, 8)) != NULL)
		expect(k, "nonce (salt | esp_iv)", want, 12, nonce, n_len);
	/* AAD = SPI | Seq (32 bits) or SPI | ESN (64 bits), RFC 4106 §5. */
	if (hexf(k, "esp_spi", &spi, &spi_len) == 1 && spi_len == 4) {
		if (hexf(k, "esp_esn_hex", &esn, &esn_len) == 1 &&
		    (want = cat2(k, spi, 4, esn, esn_len)) != NULL)
			expect(k, "aad (SPI | ESN)", want, 4 + esn_len, aad,
			    aad_len);
		else if (intf(k, "esp_seq", &seq) == 1 &&
		    (want = kalloc(k, 8)) != NULL) {
			memcpy(want, spi, 4);
			want[4] = (uint8_t)(seq >> 24);
			want[5] = (uint8_t)(seq >> 16);
			want[6] = (uint8_t)(seq >> 8);
			want[7] = (uint8_t)seq;
			expect(k, "aad (SPI | Seq)", want, 8, aad, aad_len);
		}
	}
	if ((km = cat2(k, key, key_len, salt, 4)) == NULL ||
	    (out = kalloc(k, pt_len > ct_len ? pt_len : ct_len)) == NULL ||
	    (t = kalloc(k, 16)) == NULL)
		return;
	if ((e = ike_encr_new(IKE_ENCR_AES_GCM_16, bits, km,
	    key_len + 4)) == NULL) {
		kfail(k, "library refused the key (%zu octets)", key_len);
		return;
	}
	if (ike_encr_encrypt(e, eiv, aad, aad_len, pt, pt_len, out, t) == -1)
		kfail(k, "encryption failed");
	else {
		expect(k, "ciphertext", out, pt_len, ct, ct_len);
		expect(k, "tag", t, 16, tag, 16);
	}
	if (ike_encr_decrypt(e, eiv, aad, aad_len, ct, ct_len, out, tag) == -1)
		kfail(k, "decryption refused the expected tag");
	else
		expect(k, "plaintext (decrypt)", out, ct_len, pt, pt_len);
	/* A forged ICV must be refused. */
	memcpy(t, tag, 16);
	t[15] ^= 1;
	k->checks++;
	if (ike_encr_decrypt(e, eiv, aad, aad_len, ct, ct_len, out, t) == 0)
		kfail(k, "decryption accepted a forged ICV");
	ike_encr_free(e);
}

static void
kat_aes_gcm(struct kcase *k)
{
	struct ike_encr	*e;
	uint8_t		*key, *iv, *aad, *pt, *ct, *tag, *km, *out, *t;
	size_t		 key_len, iv_len, aad_len = 0, pt_len = 0, ct_len = 0;
	size_t		 tag_len = 0;
	uint16_t	 bits;
	int		 rp, rc, rt, r, ike_form;

	if (hexf(k, "key", &key, &key_len) != 1) {
		if (!k->failed)
			kfail(k, "needs key");
		return;
	}
	if (kat_json_get(k->c, "salt") != NULL ||
	    kat_json_get(k->c, "esp_iv") != NULL) {
		/* ESP keying material may be given whole, key | salt. */
		if (hexf(k, "salt", &km, &iv_len) == 1 && iv_len == 4 &&
		    key_len > 4 && (key_len - 4) % 8 == 0 &&
		    memcmp(key + key_len - 4, km, 4) == 0)
			key_len -= 4;
		if (key_bits(k, key_len, &bits) == -1)
			return;
		kat_gcm_esp(k, key, key_len, bits);
		return;
	}
	if (key_bits(k, key_len, &bits) == -1)
		return;
	if ((r = hexf(k, "iv", &iv, &iv_len)) != 1) {
		if (r == 0)
			kfail(k, "needs iv (or salt and esp_iv)");
		return;
	}
	if ((r = hexf(k, "aad", &aad, &aad_len)) == -1 ||
	    (rp = hexf(k, "plaintext", &pt, &pt_len)) == -1 ||
	    (rc = hexf(k, "ciphertext", &ct, &ct_len)) == -1 ||
	    (rt = hexf(k, "tag", &tag, &tag_len)) == -1)
		return;
	if (r == 0)
		aad = NULL, aad_len = 0;
	if (rt == 1 && (tag_len < 4 || tag_len > 16)) {
		kfail(k, "unsupported tag length %zu", tag_len);
		return;
	}
	/*
	 * A 96-bit nonce with a full tag runs the RFC 4106/5282 path: the
	 * first 4 nonce octets play the salt.  Other shapes use the
	 * whole-nonce interface.
	 */
	ike_form = iv_len == 12 && (rt == 0 || tag_len == 16);
	if ((km = kalloc(k, key_len + 4)) == NULL ||
	    (out = kalloc(k, pt_len > ct_len ? pt_len : ct_len)) == NULL ||
	    (t = kalloc(k, 16)) == NULL)
		return;
	memcpy(km, key, key_len);
	if (ike_form)
		memcpy(km + key_len, iv, 4);
	if ((e = ike_encr_new(IKE_ENCR_AES_GCM_16, bits, km,
	    key_len + 4)) == NULL) {
		kfail(k, "unsupported key size (%zu octets)", key_len);
		return;
	}
	if (rt == 0)
		tag_len = 16;
	if (rp == 1 && (rc == 1 || rt == 1)) {
		r = ike_form ?
		    ike_encr_encrypt(e, iv + 4, aad, aad_len, pt, pt_len, out,
		    t) :
		    ike_encr_seal_nonce(e, iv, iv_len, aad, aad_len, pt, pt_len,
		    out, t, tag_len);
		if (r == -1)
			kfail(k, "encryption failed");
		else {
			if (rc == 1)
				expect(k, "ciphertext", out, pt_len, ct,
				    ct_len);
			if (rt == 1)
				expect(k, "tag", t, tag_len, tag, tag_len);
		}
	}
	if (rc == 1 && rt == 1) {
		r = ike_form ?
		    ike_encr_decrypt(e, iv + 4, aad, aad_len, ct, ct_len, out,
		    tag) :
		    ike_encr_open_nonce(e, iv, iv_len, aad, aad_len, ct, ct_len,
		    out, tag, tag_len);
		k->checks++;
		if (r == -1)
			kfail(k, "decryption refused the expected tag");
		else if (rp == 1)
			expect(k, "plaintext (decrypt)", out, ct_len, pt,
			    pt_len);
	}
	ike_encr_free(e);
}

/* The integrity transform for a PRF's hash truncated to bits, or 0. */
static uint16_t
integ_for(uint16_t prf_id, long long bits)
{
	static const uint16_t	ids[] = {
		IKE_INTEG_HMAC_SHA1_96, IKE_INTEG_HMAC_SHA2_256_128,
		IKE_INTEG_HMAC_SHA2_384_192, IKE_INTEG_HMAC_SHA2_512_256,
	};
	const struct ike_integ_alg	*ia;
	const struct ike_prf_alg	*pa = ike_prf_alg_get(prf_id);
	size_t				 i;

	for (i = 0; pa && i < sizeof(ids) / sizeof(ids[0]); i++) {
		ia = ike_integ_alg_get(ids[i]);
		if (strcmp(ia->digest, pa->digest) == 0 &&
		    (long long)ia->icv_len * 8 == bits)
			return ids[i];
	}
	return 0;
}

/*
 * A truncated MAC (mac_truncated/truncated_bits or icv/icv_bits): against
 * the PRF output and, where it is an IKE/ESP integrity transform with a
 * key of its size, through that transform's compute and verify too.
 */
static void
check_truncated(struct kcase *k, uint16_t prf_id, const uint8_t *full,
    size_t full_len, const char *field, const char *bits_field,
    const uint8_t *key, size_t key_len, const uint8_t *data, size_t data_len)
{
	struct ike_integ	*m;
	uint8_t			*want, icv[IKE_INTEG_MAX_ICV];
	size_t			 want_len;
	long long		 bits;
	uint16_t		 id;
	int			 r;

	if ((r = hexf(k, field, &want, &want_len)) != 1)
		return;
	if ((r = intf(k, bits_field, &bits)) == -1)
		return;
	if (r == 0)
		bits = (long long)want_len * 8;
	expect_bits(k, field, full, full_len, want, want_len, bits);
	if ((id = integ_for(prf_id, bits)) == 0 ||
	    key_len != ike_integ_key_len(id))
		return;
	if ((m = ike_integ_new(id, key, key_len)) == NULL) {
		kfail(k, "%s refused the key", ike_integ_iana_name(id));
		return;
	}
	if (ike_integ_compute(m, data, data_len, icv) == -1)
		kfail(k, "%s failed", ike_integ_iana_name(id));
	else
		expect(k, ike_integ_iana_name(id), icv, want_len, want,
		    want_len);
	k->checks++;
	if (ike_integ_verify(m, data, data_len, want, want_len) == -1)
		kfail(k, "%s verify refused the expected ICV",
		    ike_integ_iana_name(id));
	memcpy(icv, want, want_len);
	icv[want_len - 1] ^= 0x80;
	k->checks++;
	if (ike_integ_verify(m, data, data_len, icv, want_len) == 0)
		kfail(k, "%s verify accepted a wrong ICV",
		    ike_integ_iana_name(id));
	ike_integ_free(m);
}

/*
 * The PRF of a case, named by "prf" or "hash": an IKE PRF transform when
 * the name is one, else HMAC over the named digest (e.g. SHA-224, which
 * IKE does not negotiate).  *id is the IKE PRF ID or 0.  NULL (case
 * failed) when neither works.
 */
static struct ike_prf *
case_prf(struct kcase *k, uint16_t *id)
{
	static const char	*fields[] = { "prf", "hash" };
	struct ike_prf		*p;
	const char		*s;
	size_t			 i;

	for (i = 0; i < 2; i++) {
		s = kat_json_str(kat_json_get(k->c, fields[i]));
		if (s != NULL && (*id = ike_prf_by_name(s)) != 0 &&
		    (p = ike_prf_new(*id)) != NULL)
			return p;
	}
	*id = 0;
	for (i = 0; i < 2; i++) {
		s = kat_json_str(kat_json_get(k->c, fields[i]));
		if (s != NULL && (p = ike_prf_new_hmac(s)) != NULL)
			return p;
	}
	s = kat_json_str(kat_json_get(k->c, "prf"));
	if (s == NULL)
		s = kat_json_str(kat_json_get(k->c, "hash"));
	kfail(k, "unsupported or missing prf/hash (%s)", s ? s : "none");
	return NULL;
}

/* hmac and prf_rfc4868: HMAC outputs, full and truncated. */
static void
kat_mac(struct kcase *k)
{
	static const char	*full_fields[] = { "mac", "prf_output" };
	struct ike_prf		*p;
	uint8_t			*key, *data, *want, out[IKE_PRF_MAX_OUT];
	size_t			 key_len, data_len, want_len, i;
	uint16_t		 id;

	if (hexf(k, "key", &key, &key_len) != 1 ||
	    hexf(k, "data", &data, &data_len) != 1) {
		if (!k->failed)
			kfail(k, "needs key and data");
		return;
	}
	if ((p = case_prf(k, &id)) == NULL)
		return;
	if (ike_prf_compute(p, key, key_len, data, data_len, out) == -1) {
		kfail(k, "HMAC-%s failed", ike_prf_get_alg(p)->digest);
		goto out;
	}
	for (i = 0; i < sizeof(full_fields) / sizeof(full_fields[0]); i++)
		if (hexf(k, full_fields[i], &want, &want_len) == 1)
			expect(k, full_fields[i], out,
			    ike_prf_get_alg(p)->out_len, want, want_len);
	check_truncated(k, id, out, ike_prf_get_alg(p)->out_len,
	    "mac_truncated", "truncated_bits", key, key_len, data, data_len);
	check_truncated(k, id, out, ike_prf_get_alg(p)->out_len, "icv",
	    "icv_bits", key, key_len, data, data_len);
out:
	ike_prf_free(p);
}

/* The DH group of a case: "group", else a curve name. */
static uint16_t
case_group(struct kcase *k)
{
	static const struct {
		const char	*name;
		uint16_t	 group;
	} curves[] = {
		{ "P-256", 19 }, { "secp256r1", 19 }, { "prime256v1", 19 },
		{ "P-384", 20 }, { "secp384r1", 20 },
		{ "P-521", 21 }, { "secp521r1", 21 },
	};
	const char	*c;
	long long	 g;
	size_t		 i;
	int		 r;

	if ((r = intf(k, "group", &g)) == -1)
		return 0;
	if (r == 1)
		return g > 0 && g < 65536 ? (uint16_t)g : 0;
	if ((c = kat_json_str(kat_json_get(k->c, "curve"))) != NULL)
		for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
			if (strncasecmp(c, curves[i].name,
			    strlen(curves[i].name)) == 0)
				return curves[i].group;
	return 0;
}

/* A hex field left-padded with zeros to n octets: 1, 0 absent, -1. */
static int
hexf_pad(struct kcase *k, const char *name, size_t n, uint8_t **out)
{
	uint8_t	*v;
	size_t	 len;
	int	 r;

	if ((r = hexf(k, name, &v, &len)) != 1)
		return r;
	while (len > n && v[0] == 0)
		v++, len--;
	if (len > n) {
		kfail(k, "field %s longer than %zu octets", name, n);
		return -1;
	}
	if ((*out = kalloc(k, n)) == NULL)
		return -1;
	memcpy(*out + n - len, v, len);
	return 1;
}

/* One side (i or r) of an ECDH case. */
struct ecdh_side {
	const char	*tag;		/* "i" or "r" */
	struct ike_dh	*dh;
	uint8_t		*pub;		/* known public value x | y, or NULL */
};

/*
 * Reads a side's public value from x/y, ke_data or ke_payload (checking
 * every form present against our own public value when we have one).
 */
static void
ecdh_side_public(struct kcase *k, const struct ike_dh_alg *alg,
    struct ecdh_side *s)
{
	char		 fx[8], fy[8], fd[16], fp[16], fxy[16];
	uint8_t		*x, *y, *d, *pl, *mine = NULL;
	size_t		 d_len, pl_len, plen = alg->public_len;
	int		 rx, ry;

	snprintf(fx, sizeof(fx), "g%sx", s->tag);
	snprintf(fy, sizeof(fy), "g%sy", s->tag);
	snprintf(fd, sizeof(fd), "ke_data_%s", s->tag);
	snprintf(fp, sizeof(fp), "ke_payload_%s", s->tag);
	snprintf(fxy, sizeof(fxy), "g%sx | g%sy", s->tag, s->tag);
	if (s->dh != NULL)
		mine = (uint8_t *)(uintptr_t)ike_dh_public(s->dh, NULL);
	s->pub = mine;
	rx = hexf_pad(k, fx, alg->field_len, &x);
	ry = hexf_pad(k, fy, alg->field_len, &y);
	if (rx == 1 && ry == 1) {
		d = cat2(k, x, alg->field_len, y, alg->field_len);
		if (mine != NULL)
			expect(k, fxy, mine, plen, d, plen);
		else
			s->pub = d;
	} else if (rx == 1 && mine != NULL)
		expect(k, fx, mine, alg->field_len, x, alg->field_len);
	if (hexf(k, fd, &d, &d_len) == 1) {
		/* Tolerate an SEC1 0x04 prefix, which IKE does not send. */
		if (d_len == plen + 1 && d[0] == 4)
			d++, d_len--;
		if (mine != NULL)
			expect(k, fd, mine, plen, d, d_len);
		else if (d_len == plen)
			s->pub = d;
		else
			kfail(k, "%s has %zu octets, group needs %zu", fd,
			    d_len, plen);
	}
	if (hexf(k, fp, &pl, &pl_len) == 1) {
		/* Generic header (4), DH Group Num (2), RESERVED (2), data. */
		k->checks++;
		if (pl_len != 8 + plen || (size_t)(pl[2] << 8 | pl[3]) !=
		    pl_len || (pl[4] << 8 | pl[5]) != alg->group)
			kfail(k, "%s: bad KE payload header for group %u", fp,
			    alg->group);
		else if (mine != NULL)
			expect(k, fp, mine, plen, pl + 8, plen);
		else if (s->pub == NULL)
			s->pub = pl + 8;
	}
}

static void
kat_ecdh(struct kcase *k)
{
	const struct ike_dh_alg	*alg;
	struct ecdh_side	 side[2] = { { "i", NULL, NULL },
				    { "r", NULL, NULL } };
	static const char	*names[2] = { "shared_secret", "girx" };
	uint8_t			*priv, *want[2] = { NULL, NULL };
	uint8_t			 z[2][IKE_DH_MAX_SECRET];
	size_t			 want_len[2] = { 0, 0 };
	char			 what[48];
	uint16_t		 group;
	int			 i, j, r, derived[2] = { 0, 0 }, checked;

	if ((group = case_group(k)) == 0 ||
	    (alg = ike_dh_alg_get(group)) == NULL) {
		if (!k->failed)
			kfail(k, "unsupported or missing DH group");
		return;
	}
	for (i = 0; i < 2; i++) {
		if ((r = hexf_pad(k, side[i].tag, alg->field_len,
		    &priv)) == -1)
			goto out;
		if (r == 1 && (side[i].dh = ike_dh_new_private(group, priv,
		    alg->field_len)) == NULL) {
			kfail(k, "library refused private key %s", side[i].tag);
			goto out;
		}
		ecdh_side_public(k, alg, &side[i]);
	}
	if (hexf(k, "shared_secret", &want[0], &want_len[0]) == -1 ||
	    hexf(k, "girx", &want[1], &want_len[1]) == -1)
		goto out;
	checked = k->checks;
	for (i = 0; i < 2; i++) {
		if (side[i].dh == NULL || side[!i].pub == NULL)
			continue;
		k->checks++;
		if (ike_dh_derive(side[i].dh, side[!i].pub, alg->public_len,
		    z[i], sizeof(z[i])) == -1) {
			kfail(k, "%s rejected the peer's public value",
			    side[i].tag);
			continue;
		}
		derived[i] = 1;
		for (j = 0; j < 2; j++)
			if (want[j] != NULL) {
				snprintf(what, sizeof(what), "%s (computed by "
				    "%s)", names[j], side[i].tag);
				expect(k, what, z[i], alg->secret_len, want[j],
				    want_len[j]);
			}
	}
	if (derived[0] && derived[1])
		expect(k, "agreement", z[0], alg->secret_len, z[1],
		    alg->secret_len);
	if ((want[0] != NULL || want[1] != NULL) && !derived[0] &&
	    !derived[1] && !k->failed)
		kfail(k, "shared secret given but no private key with a peer "
		    "public value");
	/* Without private keys, published points must at least be valid. */
	for (i = 0; k->checks == checked && i < 2; i++)
		if (side[i].pub != NULL && side[i].dh == NULL) {
			k->checks++;
			if (ike_dh_check_public(group, side[i].pub,
			    alg->public_len) == -1)
				kfail(k, "public value %s rejected",
				    side[i].tag);
		}
out:
	ike_dh_free(side[0].dh);
	ike_dh_free(side[1].dh);
}

/*
 * Output length for an expected key stream: from its _bits field when
 * present (must agree with the hex), else the hex length.
 */
static int
stream_len(struct kcase *k, const char *bits_field, size_t hex_len,
    long long *bits)
{
	int	r;

	if ((r = intf(k, bits_field, bits)) == -1)
		return -1;
	if (r == 0)
		*bits = (long long)hex_len * 8;
	if (*bits <= 0 || (size_t)(*bits + 7) / 8 != hex_len) {
		kfail(k, "%s %lld does not match %zu octets", bits_field,
		    *bits, hex_len);
		return -1;
	}
	return 0;
}

/* sk_split_example: the seven keys cut by ike_sa_keys_new. */
static void
check_split(struct kcase *k, struct ike_prf *p, const uint8_t *seed,
    size_t seed_len, const uint8_t *ni, size_t ni_len, const uint8_t *nr,
    size_t nr_len, const uint8_t *spii, const uint8_t *spir)
{
	static const char	*names[7] = { "sk_d", "sk_ai", "sk_ar",
				    "sk_ei", "sk_er", "sk_pi", "sk_pr" };
	const struct kat_json	*ex = kat_json_get(k->c, "sk_split_example");
	struct ike_sa_keys	*keys;
	struct ike_keylens	 l;
	uint8_t			*v[7];
	const uint8_t		*got[7];
	size_t			 len[7], glen[7];
	long long		 used;
	int			 i;

	if (ex == NULL)
		return;
	for (i = 0; i < 7; i++)
		if (hexf_in(k, ex, names[i], &v[i], &len[i]) != 1) {
			if (!k->failed)
				kfail(k, "sk_split_example lacks %s", names[i]);
			return;
		}
	l.prf_key = len[0];
	l.integ_key = len[1];
	l.encr_key = len[3];
	if (len[5] != len[0] || len[6] != len[0] || len[2] != len[1] ||
	    len[4] != len[3]) {
		kfail(k, "sk_split_example: pair lengths differ");
		return;
	}
	if (kat_json_int(kat_json_get(ex, "octets_used"), &used) == 0) {
		k->checks++;
		if ((size_t)used != 3 * l.prf_key + 2 * l.integ_key +
		    2 * l.encr_key)
			kfail(k, "sk_split_example: octets_used %lld", used);
	}
	if ((keys = ike_sa_keys_new(p, &l, seed, seed_len, ni, ni_len, nr,
	    nr_len, spii, spir)) == NULL) {
		kfail(k, "ike_sa_keys_new refused lengths %zu/%zu/%zu",
		    l.prf_key, l.integ_key, l.encr_key);
		return;
	}
	got[0] = keys->sk_d, glen[0] = keys->d_len;
	got[1] = keys->sk_ai, glen[1] = keys->a_len;
	got[2] = keys->sk_ar, glen[2] = keys->a_len;
	got[3] = keys->sk_ei, glen[3] = keys->e_len;
	got[4] = keys->sk_er, glen[4] = keys->e_len;
	got[5] = keys->sk_pi, glen[5] = keys->p_len;
	got[6] = keys->sk_pr, glen[6] = keys->p_len;
	for (i = 0; i < 7; i++)
		expect(k, names[i], got[i], glen[i], v[i], len[i]);
	ike_sa_keys_free(keys);
}

static void
kat_kdf(struct kcase *k)
{
	struct ike_prf	*p;
	uint8_t		*ni, *nr, *gir, *gnew, *spii, *spir, *want, *got;
	uint8_t		*seed = NULL, *skd = NULL, buf[IKE_PRF_MAX_OUT];
	size_t		 ni_len, nr_len, gir_len, gnew_len, si_len, sr_len;
	size_t		 want_len, seed_len = 0, skd_len = 0, olen;
	long long	 bits;
	uint16_t	 id;
	int		 hn, hg, hgn, hs, r;

	if ((p = case_prf(k, &id)) == NULL)
		return;
	if ((hn = hexf(k, "ni", &ni, &ni_len)) == -1 ||
	    (r = hexf(k, "nr", &nr, &nr_len)) == -1 ||
	    (hg = hexf(k, "gir", &gir, &gir_len)) == -1 ||
	    (hgn = hexf(k, "gir_new", &gnew, &gnew_len)) == -1 ||
	    (hs = hexf(k, "spii", &spii, &si_len)) == -1 ||
	    (r = hexf(k, "spir", &spir, &sr_len)) == -1)
		goto out;
	hn = hn == 1 && kat_json_get(k->c, "nr") != NULL;
	hs = hs == 1 && r == 1;
	if (hs && (si_len != IKE_SPI_LEN || sr_len != IKE_SPI_LEN)) {
		kfail(k, "SPIs must have %d octets", IKE_SPI_LEN);
		goto out;
	}
	olen = ike_prf_get_alg(p)->out_len;
	/* SKEYSEED: computed when its inputs are there, else taken. */
	if ((r = hexf(k, "skeyseed", &want, &want_len)) == -1)
		goto out;
	if (hn && hg == 1) {
		if (ike_skeyseed(p, ni, ni_len, nr, nr_len, gir, gir_len,
		    buf) == -1) {
			kfail(k, "ike_skeyseed failed");
			goto out;
		}
		if ((seed = cat2(k, buf, olen, NULL, 0)) == NULL)
			goto out;
		seed_len = olen;
		if (r == 1)
			expect(k, "skeyseed", seed, seed_len, want, want_len);
	} else if (r == 1)
		seed = want, seed_len = want_len;
	/* The IKE SA key stream and SK_d. */
	if (seed != NULL && hn && hs) {
		if ((skd = kalloc(k, ike_prf_get_alg(p)->key_len)) == NULL)
			goto out;
		skd_len = ike_prf_get_alg(p)->key_len;
		if (ike_sa_keys_stream(p, seed, seed_len, ni, ni_len, nr,
		    nr_len, spii, spir, skd, skd_len) == -1) {
			kfail(k, "ike_sa_keys_stream failed");
			goto out;
		}
	}
	if ((r = hexf(k, "dkm", &want, &want_len)) == 1) {
		if (skd == NULL)
			kfail(k, "dkm needs skeyseed (or ni, nr, gir), spii "
			    "and spir");
		else if (stream_len(k, "dkm_bits", want_len, &bits) == 0 &&
		    (got = kalloc(k, want_len)) != NULL) {
			if (ike_sa_keys_stream(p, seed, seed_len, ni, ni_len,
			    nr, nr_len, spii, spir, got, want_len) == -1)
				kfail(k, "prf+ refused %zu octets", want_len);
			else
				expect_bits(k, "dkm", got, want_len, want,
				    want_len, bits);
		}
	}
	if ((r = hexf(k, "sk_d", &want, &want_len)) == 1) {
		if (skd != NULL)
			expect(k, "sk_d", skd, skd_len, want, want_len);
		else
			skd = want, skd_len = want_len;
	}
	if (skd != NULL && hn && hs)
		check_split(k, p, seed, seed_len, ni, ni_len, nr, nr_len, spii,
		    spir);
	/* Child SA KEYMAT without and with PFS, rekeyed SKEYSEED. */
	if ((r = hexf(k, "dkm_child_sa", &want, &want_len)) == 1) {
		if (skd == NULL || !hn)
			kfail(k, "dkm_child_sa needs SK_d, ni and nr");
		else if (stream_len(k, "child_dkm_bits", want_len,
		    &bits) == 0 && (got = kalloc(k, want_len)) != NULL) {
			if (ike_child_keys_stream(p, skd, skd_len, NULL, 0, ni,
			    ni_len, nr, nr_len, got, want_len) == -1)
				kfail(k, "prf+ refused %zu octets", want_len);
			else
				expect_bits(k, "dkm_child_sa", got, want_len,
				    want, want_len, bits);
		}
	}
	if ((r = hexf(k, "dkm_child_sa_dh", &want, &want_len)) == 1) {
		if (skd == NULL || !hn || hgn != 1)
			kfail(k, "dkm_child_sa_dh needs SK_d, gir_new, ni and "
			    "nr");
		else if (stream_len(k, "child_dkm_bits", want_len,
		    &bits) == 0 && (got = kalloc(k, want_len)) != NULL) {
			if (ike_child_keys_stream(p, skd, skd_len, gnew,
			    gnew_len, ni, ni_len, nr, nr_len, got,
			    want_len) == -1)
				kfail(k, "prf+ refused %zu octets", want_len);
			else
				expect_bits(k, "dkm_child_sa_dh", got,
				    want_len, want, want_len, bits);
		}
	}
	if ((r = hexf(k, "skeyseed_rekey", &want, &want_len)) == 1) {
		if (skd == NULL || !hn || hgn != 1)
			kfail(k, "skeyseed_rekey needs SK_d, gir_new, ni and "
			    "nr");
		else if (ike_skeyseed_rekey(p, skd, skd_len, gnew, gnew_len,
		    ni, ni_len, nr, nr_len, buf) == -1)
			kfail(k, "ike_skeyseed_rekey failed");
		else
			expect(k, "skeyseed_rekey", buf, olen, want, want_len);
	}
out:
	OPENSSL_cleanse(buf, sizeof(buf));
	ike_prf_free(p);
}

static const struct {
	const char	*family;
	void		(*run)(struct kcase *);
} families[] = {
	{ "aes_cbc", kat_aes_cbc },
	{ "aes_gcm", kat_aes_gcm },
	{ "hmac", kat_mac },
	{ "prf_rfc4868", kat_mac },
	{ "ecdh_rfc5903", kat_ecdh },
	{ "ikev2_kdf", kat_kdf },
};

/* Reads a whole file (caller frees) or returns NULL with errno set. */
static char *
read_file(const char *path, size_t *len)
{
	FILE	*f;
	char	*p = NULL;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    (unsigned long)n <= KAT_MAX_FILE && fseek(f, 0, SEEK_SET) == 0 &&
	    (p = malloc((size_t)n + 1)) != NULL) {
		if (fread(p, 1, (size_t)n, f) != (size_t)n) {
			free(p);
			p = NULL;
		} else
			*len = (size_t)n;
	}
	fclose(f);
	return p;
}

/* Runs every case of one file; adds to the totals. */
static void
run_file(const char *path, int *passed, int *failed)
{
	struct kat_json		*root;
	const struct kat_json	*cases, *c;
	struct kcase		 k;
	const char		*family, *name;
	void			(*run)(struct kcase *) = NULL;
	char			*text, err[160], nbuf[32];
	size_t			 len = 0, i, f;

	if ((text = read_file(path, &len)) == NULL) {
		printf("FAIL %s: cannot read the file\n", path);
		(*failed)++;
		return;
	}
	root = kat_json_parse(text, len, err, sizeof(err));
	free(text);
	if (root == NULL) {
		printf("FAIL %s: not JSON (%s)\n", path, err);
		(*failed)++;
		return;
	}
	family = kat_json_str(kat_json_get(root, "family"));
	cases = kat_json_get(root, "cases");
	if (cases == NULL || cases->type != KAT_JSON_ARRAY) {
		printf("FAIL %s: no \"cases\" list\n", path);
		(*failed)++;
		goto out;
	}
	for (f = 0; family && f < sizeof(families) / sizeof(families[0]); f++)
		if (strcmp(families[f].family, family) == 0)
			run = families[f].run;
	for (i = 0; i < kat_json_count(cases); i++) {
		memset(&k, 0, sizeof(k));
		c = kat_json_at(cases, i);
		snprintf(nbuf, sizeof(nbuf), "case #%zu", i + 1);
		name = kat_json_str(kat_json_get(c, "name"));
		k.file = path;
		k.name = name ? name : nbuf;
		k.c = c;
		if (c == NULL || c->type != KAT_JSON_OBJECT)
			kfail(&k, "not an object");
		else if (run == NULL)
			kfail(&k, "unknown family \"%s\"",
			    family ? family : "(none)");
		else {
			run(&k);
			if (!k.failed && k.checks == 0)
				kfail(&k, "no field that can be checked");
		}
		kfree_all(&k);
		if (k.failed)
			(*failed)++;
		else
			(*passed)++;
	}
out:
	kat_json_free(root);
}

int
main(int argc, char **argv)
{
	int	i, passed = 0, failed = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: kat FILE.json...\n");
		return 2;
	}
	for (i = 1; i < argc; i++)
		run_file(argv[i], &passed, &failed);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
