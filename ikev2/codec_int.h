/*
 * Private interfaces shared by the codec's files (msg.c, payload_dec.c,
 * payload_enc.c, rules.c, sk.c).  Nothing outside ikev2/ includes this.
 */
#ifndef IKEV2_CODEC_INT_H
#define IKEV2_CODEC_INT_H

#include "ikev2/msg.h"

/* Arena allocation: zeroed, 16-byte aligned, freed with the message. */
void	*ike_msg_alloc(struct ike_msg *m, size_t n);

/*
 * An arena block of exactly n octets (zeroed) for bytes a parser will
 * read: nothing follows it in the same allocation, so ASan sees a read
 * one past its end.
 */
void	*ike_msg_alloc_exact(struct ike_msg *m, size_t n);

/* Appends a zeroed payload of that type; NULL (and m->oom) when full. */
struct ike_pl *ike_msg_push(struct ike_msg *m, uint8_t type);

/*
 * Fills err (if not NULL) with a code, where and why; the notify to answer
 * with is derived later by ike_derr_finish.  Always returns -1 so callers
 * can write "return ike_derr_set(...)".
 */
int	ike_derr_set(struct ike_derr *err, enum ike_derr_code code,
	    uint8_t pltype, size_t off, const char *why);

/*
 * Sets err->notify from err->code and the message context (RFC 7296 rules
 * in msg.h): request or response, whether the error was found in
 * authenticated content.
 */
void	ike_derr_finish(struct ike_derr *err, const struct ike_msg *m,
	    int authenticated);

/* ike_msg_decode_inner over bytes the message's arena already owns. */
int	ike_msg_decode_owned(struct ike_msg *m, const uint8_t *plain,
	    size_t len, uint8_t first, struct ike_derr *err);

/* Position of a payload in the fixed emission order of its message. */
unsigned ike_rules_rank(const struct ike_msg *m, const struct ike_pl *pl);

#endif
