/*
 * IKE fragmentation (RFC 7383) for the SA layer: IKE_AUTH with a
 * certificate chain does not fit a 1280-octet path, and IP fragments of
 * UDP are often dropped, so a protected message too large for the path
 * is cut into Encrypted Fragment (SKF) messages that each fit, and the
 * peer's fragments are put back together here.  Internal to the engine.
 *
 * Negotiation: each side sends N(IKEV2_FRAGMENTATION_SUPPORTED) in
 * IKE_SA_INIT (the responder only when the initiator did); sa->frag is
 * set when both did, and a rekeyed IKE SA inherits it (support is a
 * property of the peer, announced once).  IKE_SA_INIT itself is never
 * fragmented.
 *
 * Receiving, for each fragment, in this order (cheap checks that change
 * nothing first, the ICV before anything is kept or thrown away):
 *	SKF payload undecodable		dropped (MALFORMED, engine.c)
 *	not negotiated			dropped (UNSOLICITED)
 *	number 0, > total, total > max	dropped (RANGE)
 *	exchange or flags not the held	dropped (MALFORMED)
 *	fewer Total Fragments than held	dropped (TOTAL)
 *	number already held		dropped (DUPLICATE)
 *	ICV (or AEAD tag)		dropped (ICV)
 *	no plaintext, bad padding	dropped (MALFORMED)
 *	more Total Fragments than held	the held ones go (TIMEOUT each),
 *					reassembly starts anew (the
 *					sender cut it again, smaller)
 *	over frag_msg_bytes / frag_mem	dropped (MEMORY)
 *	kept; the last one missing completes the message, decoded as the
 *	plaintext of one SK payload (REASSEMBLY when that fails).
 * A reassembly not completed within frag_timeout is dropped by the SA's
 * timer.  One reassembly per direction (the peer's request, the response
 * to ours) per SA, so the window of one bounds it.
 *
 * Retransmissions (§2.6.1): the initiator resends every fragment; the
 * responder recognises a retransmitted request by its fragment 1 (whose
 * datagram the request digest covers) and resends its whole response,
 * and ignores the request's other fragments.
 */
#ifndef IKEV2_FRAG_H
#define IKEV2_FRAG_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "ikev2/msg.h"
#include "ikev2/sa.h"
#include "ikev2/sk.h"

#define IKE_FRAG_SIZE_DEFAULT	1280
#define IKE_FRAG_SIZE_MIN	576	/* RFC 7383 §2.5.1, IPv4 */
#define IKE_FRAG_MAX_DEFAULT	32
#define IKE_FRAG_MSG_DEFAULT	65535
#define IKE_FRAG_MEM_DEFAULT	(1024 * 1024)
#define IKE_FRAG_TIMEOUT_DEFAULT 30	/* s */
#define IKE_FRAG_IPUDP		28	/* IPv4 + UDP headers */

/* IKE_SA_INIT: the initiator adds N(IKEV2_FRAGMENTATION_SUPPORTED)
 * unless fragmentation is off; the responder when the initiator's came
 * (ike_frag_seen first).  0, or -1 without memory. */
int		 ike_frag_announce(struct ike_sa *sa, struct ike_msg *m);
/* IKE_SA_INIT: notes the peer's notify (sa->frag). */
void		 ike_frag_seen(struct ike_sa *sa, const struct ike_msg *m);

/* The configured limits with their defaults. */
uint32_t	 ike_frag_size(const struct ike_engine *e);

/* Whether this message, framed to len octets of UDP payload, is sent as
 * fragments by sa. */
int		 ike_frag_wanted(const struct ike_sa *sa,
		    const struct ike_msg *m, size_t len);

/*
 * Encodes m (protected, not IKE_SA_INIT) as SKF fragments that each fit
 * sa's fragment size with mk octets of non-ESP marker, keyed with k, and
 * appends them to train (ike_sa_send_train).  *n: how many.  0 or -1.
 */
int		 ike_frag_encode(struct ike_sa *sa, const struct ike_msg *m,
		    const struct ike_sk_keys *k, size_t mk, struct buf *train,
		    size_t *n);

/*
 * Takes one fragment m (m->has_skf) of the peer's request (response 0)
 * or of the response to our request (1), whose Message ID the caller has
 * checked against the window.  Returns the reassembled message when m
 * completed it (caller frees; raw is fragment 1's datagram, the SK is
 * open, inner payloads decoded), else NULL: kept or dropped, counted.
 */
struct ike_msg	*ike_frag_input(struct ike_sa *sa, struct ike_msg *m,
		    int response);

/* Drops one direction's reassembly (and its memory); NULL-safe. */
void		 ike_frag_rx_free(struct ike_sa *sa, int response);
/* The earliest reassembly deadline of sa (0: none), for its timer. */
uint64_t	 ike_frag_deadline(const struct ike_sa *sa);
/* Drops the reassemblies of sa that are past their deadline. */
void		 ike_frag_expire(struct ike_sa *sa);

#endif
