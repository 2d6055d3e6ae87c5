/*
 * The Encrypted and Authenticated payload, SK (RFC 7296 §3.14): protecting
 * an outgoing message's payloads and opening a received one, with the
 * crypto facade (crypto.h).  Pure code: the IV is supplied by the caller.
 *
 *   protect, encrypt-then-MAC (ENCR_AES_CBC + an integrity transform):
 *	ciphertext = AES-CBC(SK_e, IV, payloads | padding | Pad Length)
 *	ICV = INTEG(SK_a, IKE header .. end of ciphertext)
 *   protect, AEAD (ENCR_AES_GCM_16, RFC 5282):
 *	nonce = salt | IV (8 octets); AAD = IKE header .. SK generic header
 *	ciphertext | ICV = AES-GCM(key, nonce, AAD, payloads | pad | Pad Len)
 *   open: check the ICV (or GCM tag) first, then decrypt, then the
 *	padding, then decode the inner payloads (ike_msg_decode_inner).
 *
 * One struct ike_sk_keys per direction: the engine keys it from SK_ei and
 * SK_ai for messages the original initiator sends, SK_er and SK_ar for
 * those the original responder sends (RFC 7296 §2.14), whatever the
 * request/response direction.
 */
#ifndef IKEV2_SK_H
#define IKEV2_SK_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "ikev2/msg.h"
#include "ikev2/crypto.h"

struct ike_sk_keys {
	struct ike_encr		*encr;	/* (borrowed) keyed cipher */
	struct ike_integ	*integ;	/* (borrowed) NULL with AEAD */
};

/*
 * IV length the caller must supply for these keys (16 for AES-CBC: fresh
 * random per message; 8 for AES-GCM: must never repeat under one key, a
 * counter or random, RFC 5282 §3.1).  0 if the keys are unusable.
 */
size_t	ike_sk_iv_len(const struct ike_sk_keys *k);

/* Octets SK adds to a plaintext of len octets (header, IV, pad, ICV). */
size_t	ike_sk_overhead(const struct ike_sk_keys *k, size_t len);

/*
 * Appends a whole protected message to out: hdr (Next Payload SK, Length
 * computed), then an SK payload whose Next Payload is first and which
 * protects plain (an encoded payload chain, len octets).  Padding is the
 * minimum for the cipher's block size, zero-filled.  Returns 0, or -1 with
 * err filled (out is left as it was).
 */
int	ike_sk_protect(const struct ike_hdr *hdr, uint8_t first,
	    const uint8_t *plain, size_t len, const struct ike_sk_keys *k,
	    const uint8_t *iv, size_t ivlen, struct buf *out,
	    struct ike_derr *err);

/*
 * As ike_sk_protect, but an Encrypted Fragment payload (RFC 7383 §2.5):
 * fragment number (1 .. total) of a message whose plaintext chain has
 * been cut into total pieces, plain being this one; hdr is the whole
 * message's header (same Message ID in every fragment).  first is sent
 * in fragment 1 only (the others carry 0).  Returns 0 or -1 with err.
 */
int	ike_skf_protect(const struct ike_hdr *hdr, uint8_t first,
	    uint16_t number, uint16_t total, const uint8_t *plain, size_t len,
	    const struct ike_sk_keys *k, const uint8_t *iv, size_t ivlen,
	    struct buf *out, struct ike_derr *err);

/*
 * The largest plaintext piece an SKF message of at most msglen octets
 * (IKE header included) can carry with these keys; 0 if none fits.
 */
size_t	ike_skf_max_plain(const struct ike_sk_keys *k, size_t msglen);

/*
 * Encodes m with all its payloads inside SK (sorted as ike_msg_encode
 * does) and appends the protected message to out.  The plaintext chain is
 * wiped after use.  Returns 0 or -1 with err filled.
 */
int	ike_sk_encode(const struct ike_msg *m, const struct ike_sk_keys *k,
	    const uint8_t *iv, size_t ivlen, struct buf *out,
	    struct ike_derr *err);

/*
 * Opens the SK payload of a message decoded by ike_msg_decode (m->has_sk):
 * verifies the ICV over the datagram (or the GCM tag), decrypts into the
 * message's arena, checks the Pad Length, and decodes the inner payloads
 * into m (in_sk set, m->sk_open set).  Errors: a short SK or a failed ICV
 * is a silent DROP (RFC 7296 §2.21: nothing unauthenticated is answered);
 * once the ICV is good, a misaligned ciphertext or impossible Pad Length
 * is INVALID_SYNTAX, answered in a request, as are inner decode errors.
 * Returns 0 or -1 with err filled.
 */
int	ike_sk_unprotect(struct ike_msg *m, const struct ike_sk_keys *k,
	    struct ike_derr *err);

/*
 * Opens the SKF payload of one fragment decoded by ike_msg_decode
 * (m->has_skf) as ike_sk_unprotect opens SK: ICV (or tag) over the
 * datagram first, then decryption, then the Pad Length.  *plain, *len:
 * this fragment's piece of the plaintext chain (in m's arena), not
 * decoded: only the reassembled chain is (frag.h).  Any error means the
 * fragment is dropped.  Returns 0 or -1 with err filled.
 */
int	ike_skf_unprotect(struct ike_msg *m, const struct ike_sk_keys *k,
	    const uint8_t **plain, size_t *len, struct ike_derr *err);

#endif
