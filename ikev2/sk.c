/*
 * SK payload protection and opening (RFC 7296 §3.14, RFC 5282 for AEAD)
 * over the crypto facade.  The order on receipt is the point of this file:
 * nothing derived from the ciphertext is looked at before the ICV (or the
 * GCM tag) has been verified over the exact bytes received, and errors up
 * to that point are silent drops.
 */
#include "config.h"

#include <string.h>

#include "ikev2/codec_int.h"
#include "ikev2/sk.h"

/* Lengths of one direction's transforms; -1 if unusable. */
struct sk_lens {
	size_t	iv;
	size_t	icv;
	size_t	block;
	int	aead;
};

static int
sk_lens(const struct ike_sk_keys *k, struct sk_lens *l)
{
	const struct ike_encr_alg	*ea;
	const struct ike_integ_alg	*ia;

	if (k == NULL || k->encr == NULL ||
	    (ea = ike_encr_get_alg(k->encr)) == NULL)
		return -1;
	l->iv = ea->iv_len;
	l->block = ea->block_size ? ea->block_size : 1;
	l->aead = ea->aead;
	if (ea->aead) {
		/* RFC 5282 §8: an AEAD cipher has no integrity transform. */
		if (k->integ != NULL)
			return -1;
		l->icv = ea->icv_len;
		return 0;
	}
	if (k->integ == NULL || (ia = ike_integ_get_alg(k->integ)) == NULL)
		return -1;
	l->icv = ia->icv_len;
	return 0;
}

/* Described in header. */
size_t
ike_sk_iv_len(const struct ike_sk_keys *k)
{
	struct sk_lens	l;

	return sk_lens(k, &l) == -1 ? 0 : l.iv;
}

/* Minimum padding so that plaintext | padding | Pad Length fills blocks. */
static size_t
pad_len(const struct sk_lens *l, size_t len)
{
	return (l->block - (len + 1) % l->block) % l->block;
}

/* Described in header. */
size_t
ike_sk_overhead(const struct ike_sk_keys *k, size_t len)
{
	struct sk_lens	l;

	if (sk_lens(k, &l) == -1)
		return 0;
	return IKE_GEN_HDR_LEN + l.iv + pad_len(&l, len) + 1 + l.icv;
}

/* Local failures while protecting: not a decode error, but said as one. */
static int
sk_fail(struct ike_derr *err, const char *why)
{
	return ike_derr_set(err, IKE_DERR_INVALID_SYNTAX, IKE_PL_SK, 0, why);
}

/*
 * Appends one protected message: hdr, then an SK payload (fnum 0) or an
 * SKF payload (RFC 7383 §2.5: Fragment Number fnum of ftotal, two more
 * header fields that the ICV and, with AEAD, the AAD cover like the rest
 * of the payload header) protecting plain.
 */
static int
protect(const struct ike_hdr *hdr, uint8_t first, uint16_t fnum,
    uint16_t ftotal, const uint8_t *plain, size_t len,
    const struct ike_sk_keys *k, const uint8_t *iv, size_t ivlen,
    struct buf *out, struct ike_derr *err)
{
	struct sk_lens	 l;
	size_t		 start = out->len, pad, ctlen, sklen, total, ctoff;
	size_t		 phdr = IKE_GEN_HDR_LEN + (fnum ? 4 : 0);
	uint8_t		*p;

	if (err != NULL)
		memset(err, 0, sizeof(*err));
	if (sk_lens(k, &l) == -1)
		return sk_fail(err, "SK keys incomplete or inconsistent");
	if (ivlen != l.iv || (ivlen > 0 && iv == NULL))
		return sk_fail(err, "IV length does not match the cipher");
	if (len > 0 && plain == NULL)
		return sk_fail(err, "no plaintext");
	if (fnum > ftotal)
		return sk_fail(err, "fragment number above the total");
	pad = pad_len(&l, len);
	ctlen = len + pad + 1;
	sklen = phdr + l.iv + ctlen + l.icv;
	if (len > UINT16_MAX || sklen > UINT16_MAX)
		return sk_fail(err, "SK payload would exceed 65535 octets");
	total = IKE_HDR_LEN + sklen;

	ike_hdr_encode(hdr, fnum ? IKE_PL_SKF : IKE_PL_SK, (uint32_t)total,
	    out);
	buf_add_u8(out, first);
	buf_add_u8(out, 0);
	buf_add_u16(out, (uint16_t)sklen);
	if (fnum) {
		buf_add_u16(out, fnum);
		buf_add_u16(out, ftotal);
	}
	buf_add(out, iv, ivlen);
	ctoff = out->len - start;
	buf_add(out, plain, len);
	buf_add_zero(out, pad);
	buf_add_u8(out, (uint8_t)pad);
	buf_add_zero(out, l.icv);
	if (out->oom) {
		ike_derr_set(err, IKE_DERR_NOMEM, IKE_PL_SK, 0,
		    "out of memory");
		goto fail;
	}
	/* out->data is stable from here on: no more appends. */
	p = out->data + start;
	if (l.aead) {
		/* RFC 5282 §5.1: AAD is the IKE header through the SK
		 * generic header, i.e. everything before the IV (for SKF
		 * through Total Fragments, RFC 7383 §2.5). */
		if (ike_encr_encrypt(k->encr, iv, p, ctoff - ivlen, p + ctoff,
		    ctlen, p + ctoff, p + ctoff + ctlen) == -1) {
			sk_fail(err, "encryption failed");
			goto fail;
		}
	} else {
		if (ike_encr_encrypt(k->encr, iv, NULL, 0, p + ctoff, ctlen,
		    p + ctoff, NULL) == -1 ||
		    ike_integ_compute(k->integ, p, total - l.icv,
		    p + total - l.icv) == -1) {
			sk_fail(err, "encryption or integrity failed");
			goto fail;
		}
	}
	return 0;
fail:
	/* Wipe whatever plaintext reached the buffer before cutting it. */
	if (out->data != NULL && out->len > start)
		memset(out->data + start, 0, out->len - start);
	out->len = start;
	return -1;
}

/* Described in header. */
int
ike_sk_protect(const struct ike_hdr *hdr, uint8_t first, const uint8_t *plain,
    size_t len, const struct ike_sk_keys *k, const uint8_t *iv, size_t ivlen,
    struct buf *out, struct ike_derr *err)
{
	return protect(hdr, first, 0, 0, plain, len, k, iv, ivlen, out, err);
}

/* Described in header. */
int
ike_skf_protect(const struct ike_hdr *hdr, uint8_t first, uint16_t number,
    uint16_t total, const uint8_t *plain, size_t len,
    const struct ike_sk_keys *k, const uint8_t *iv, size_t ivlen,
    struct buf *out, struct ike_derr *err)
{
	if (number == 0) {
		if (err != NULL)
			memset(err, 0, sizeof(*err));
		return sk_fail(err, "fragment number 0");
	}
	return protect(hdr, number == 1 ? first : IKE_PL_NONE, number, total,
	    plain, len, k, iv, ivlen, out, err);
}

/* Described in header. */
size_t
ike_skf_max_plain(const struct ike_sk_keys *k, size_t msglen)
{
	struct sk_lens	l;
	size_t		fixed, ct;

	if (sk_lens(k, &l) == -1)
		return 0;
	fixed = IKE_HDR_LEN + IKE_GEN_HDR_LEN + 4 + l.iv + l.icv;
	if (msglen > UINT16_MAX)
		msglen = UINT16_MAX;
	if (msglen <= fixed + l.block)
		return 0;
	/* Whole blocks of ciphertext, the last octet being Pad Length. */
	ct = (msglen - fixed) / l.block * l.block;
	return ct - 1;
}

/* Described in header. */
int
ike_sk_encode(const struct ike_msg *m, const struct ike_sk_keys *k,
    const uint8_t *iv, size_t ivlen, struct buf *out, struct ike_derr *err)
{
	struct buf	chain = { 0 };
	uint8_t		first;
	int		rc = -1;

	if (ike_msg_encode_chain(m, &chain, &first, err) == 0)
		rc = ike_sk_protect(&m->hdr, first, chain.data, chain.len, k,
		    iv, ivlen, out, err);
	buf_free(&chain);	/* wipes the plaintext */
	return rc;
}

/* Fails an open: a silent drop before authentication, else authenticated
 * INVALID_SYNTAX (answered in a request). */
static int
open_fail(struct ike_msg *m, struct ike_derr *err, enum ike_derr_code code,
    int authenticated, const char *why)
{
	ike_derr_set(err, code, IKE_PL_SK, m->sk.off, why);
	if (err != NULL)
		err->hdr_ok = 1;
	ike_derr_finish(err, m, authenticated);
	return -1;
}

/*
 * Opens the payload at raw offset off whose IV | ciphertext | ICV is body
 * (phdr octets of payload header before it): ICV or tag over the exact
 * bytes received first, then decryption into the message's arena, then
 * the Pad Length.  *pt, *ptlen: the plaintext without padding.
 */
static int
open_body(struct ike_msg *m, const struct ike_sk_keys *k, size_t off,
    size_t phdr, const struct ike_data *bd, uint8_t **ptout, size_t *ptlen,
    struct ike_derr *err)
{
	struct sk_lens	 l;
	const uint8_t	*body, *iv, *ct, *icv;
	uint8_t		*pt;
	size_t		 ctlen, aadlen, pad;

	if (sk_lens(k, &l) == -1)
		return open_fail(m, err, IKE_DERR_DROP, 0,
		    "SK keys incomplete or inconsistent");
	body = bd->p;
	if (bd->len < l.iv + l.icv)
		return open_fail(m, err, IKE_DERR_DROP, 0,
		    "SK payload shorter than its IV and ICV");
	iv = body;
	ct = body + l.iv;
	ctlen = bd->len - l.iv - l.icv;
	icv = ct + ctlen;
	if ((pt = ike_msg_alloc_exact(m, ctlen)) == NULL)
		return open_fail(m, err, IKE_DERR_NOMEM, 0, "out of memory");

	if (l.aead) {
		aadlen = off + phdr;
		if (ike_encr_decrypt(k->encr, iv, m->raw, aadlen, ct, ctlen,
		    pt, icv) == -1)
			return open_fail(m, err, IKE_DERR_DROP, 0,
			    "SK ICV (AEAD tag) does not verify");
		m->sk_open = 1;
	} else {
		/* Encrypt-then-MAC: the ICV covers the whole message up to
		 * the ICV itself, and is checked before decrypting. */
		if (ike_integ_verify(k->integ, m->raw, m->rawlen - l.icv, icv,
		    l.icv) == -1)
			return open_fail(m, err, IKE_DERR_DROP, 0,
			    "SK ICV does not verify");
		m->sk_open = 1;
		if (ctlen == 0 || ctlen % l.block != 0)
			return open_fail(m, err, IKE_DERR_INVALID_SYNTAX, 1,
			    "SK ciphertext not a whole number of blocks");
		if (ike_encr_decrypt(k->encr, iv, NULL, 0, ct, ctlen, pt,
		    NULL) == -1)
			return open_fail(m, err, IKE_DERR_DROP, 1,
			    "SK decryption failed");
	}
	/* §3.14: the receiver accepts any Pad Length that fits. */
	if (ctlen == 0)
		return open_fail(m, err, IKE_DERR_INVALID_SYNTAX, 1,
		    "SK plaintext without a Pad Length");
	pad = pt[ctlen - 1];
	if (pad + 1 > ctlen)
		return open_fail(m, err, IKE_DERR_INVALID_SYNTAX, 1,
		    "SK Pad Length longer than the plaintext");
	*ptout = pt;
	*ptlen = ctlen - pad - 1;
	return 0;
}

/* Described in header. */
int
ike_sk_unprotect(struct ike_msg *m, const struct ike_sk_keys *k,
    struct ike_derr *err)
{
	uint8_t	*pt;
	size_t	 len;

	if (err != NULL)
		memset(err, 0, sizeof(*err));
	if (!m->has_sk || m->sk_open || m->raw == NULL)
		return open_fail(m, err, IKE_DERR_DROP, 0,
		    "no unopened SK payload in this message");
	if (open_body(m, k, m->sk.off, IKE_GEN_HDR_LEN, &m->sk.body, &pt,
	    &len, err) == -1)
		return -1;
	return ike_msg_decode_owned(m, pt, len, m->sk.first, err);
}

/* Described in header. */
int
ike_skf_unprotect(struct ike_msg *m, const struct ike_sk_keys *k,
    const uint8_t **plain, size_t *len, struct ike_derr *err)
{
	uint8_t	*pt;

	if (err != NULL)
		memset(err, 0, sizeof(*err));
	if (!m->has_skf || m->sk_open || m->raw == NULL)
		return open_fail(m, err, IKE_DERR_DROP, 0,
		    "no unopened SKF payload in this message");
	if (open_body(m, k, m->skf.off, IKE_GEN_HDR_LEN + 4, &m->skf.body,
	    &pt, len, err) == -1)
		return -1;
	*plain = pt;
	return 0;
}
