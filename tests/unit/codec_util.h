/*
 * Helpers for the codec tests and the decoder fuzz target: sample messages
 * built with the codec's own builders (one per exchange and direction, and
 * one carrying every payload type), a deep structural comparison of two
 * messages, and file loading.
 */
#ifndef TESTS_CODEC_UTIL_H
#define TESTS_CODEC_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "ikev2/msg.h"

enum cu_kind {
	CU_INIT_I,		/* IKE_SA_INIT request */
	CU_INIT_R,		/* IKE_SA_INIT response */
	CU_INIT_R_COOKIE,	/* IKE_SA_INIT response: N(COOKIE) only */
	CU_INIT_I_COOKIE,	/* IKE_SA_INIT request repeated with COOKIE */
	CU_AUTH_I,		/* IKE_AUTH request, PSK */
	CU_AUTH_R,		/* IKE_AUTH response */
	CU_CHILD_I,		/* CREATE_CHILD_SA rekey of a Child SA, PFS */
	CU_CHILD_R,
	CU_REKEY_IKE_I,		/* CREATE_CHILD_SA rekey of the IKE SA */
	CU_INFO_DELETE,		/* INFORMATIONAL request: Delete ESP + IKE */
	CU_INFO_EMPTY,		/* INFORMATIONAL response: liveness */
	CU_EVERYTHING,		/* one of every payload type, keep_order */
	CU_NKINDS
};

/* Builds a sample message (caller frees); NULL on ENOMEM. */
struct ike_msg	*cu_build(enum cu_kind kind);
const char	*cu_kind_name(enum cu_kind kind);
/* 1 when the exchange protects its payloads with SK. */
int		 cu_kind_protected(enum cu_kind kind);

/*
 * Compares header fields that survive encoding (SPIs, exchange, I/R
 * flags, message ID) and every payload's decoded content, in order.
 * in_sk and body are not compared.  Returns 1 when equal; otherwise 0
 * with a reason in why.
 */
int	cu_msg_equal(const struct ike_msg *a, const struct ike_msg *b,
	    char *why, size_t whylen);

/*
 * One input of the decoder fuzz target (tests/fuzz/fuzz_ike_decode.c), also
 * driven by the deterministic mutation test.  Input format:
 *   octet 0 bit 0 = 0: the rest is a datagram: decode, open its SK payload
 *		      if one of the two fixed fuzz key sets fits, check rules;
 *   octet 0 bit 0 = 1: octets 1..3 are the first payload type, exchange
 *		      type and header flags, the rest an SK plaintext chain
 *		      taken as authenticated: decode, rules.
 * Whatever decodes is re-encoded (in the clear, or protected again with
 * the same keys) and must decode to the same content, and re-encoding that
 * must give the same bytes; errors must be well-formed.  A broken
 * invariant aborts.  Returns CU_REJECTED, CU_DECODED or CU_VALID (passed
 * the rules too).
 */
enum { CU_REJECTED, CU_DECODED, CU_VALID };
int	cu_ike_one(const uint8_t *data, size_t len);

/* The fixed fuzz SK keys: 0 AES-CBC-256 + HMAC-SHA2-256-128, 1 AES-GCM-256
 * (keys are created once and kept for the life of the process). */
#define CU_FUZZ_KEYSETS	2
struct ike_sk_keys;
const struct ike_sk_keys *cu_fuzz_keys(int which);

/* Writes the decoder fuzz seed corpus (built samples in the clear and
 * protected with the fuzz keys, their SK plaintexts, the tests/data/ike
 * fixtures) into dir, one file per seed.  Returns the count, -1 on error. */
int	cu_write_corpus(const char *dir, const char *top_srcdir);

/* Reads a whole file (caller frees with free); NULL on error. */
uint8_t	*cu_load(const char *path, size_t *len);

/* The shared folder from $SHARED_DIR or the build-time default; NULL when
 * it does not exist. */
const char *cu_shared_dir(void);

#endif
