/*
 * The "none" data plane (`mgmtsecd --dataplane none`): implements struct
 * dp (platform/dp.h) by recording what the engine installs, without moving
 * a single packet.  Inbound SPIs are random, unique and >= 256 like a
 * kernel's; SAs and tunnel interfaces are kept as metadata only, so show
 * commands and tests see the Child SAs the engine negotiated.  Key bytes
 * are never copied: the engine's borrowed keys stay with the engine.
 *
 * Used until a packet-moving backend (kernel XFRM, userspace TUN) exists,
 * and by tests that only care about the control plane.
 */
#ifndef PLATFORM_DP_NONE_H
#define PLATFORM_DP_NONE_H

#include <stddef.h>
#include <stdint.h>

#include "platform/dp.h"

/*
 * A new backend, or NULL.  rand fills buf with len random octets (0 or
 * -1); NULL means getrandom(2).  Free it with dp->destroy (after
 * dp->flush if it should forget its SAs first; destroy forgets them too).
 */
struct dp	*dp_none_new(int (*rand)(void *arg, void *buf, size_t len),
		    void *rand_arg);

/* What it holds (for show ipsec dataplane). */
struct dp_none_counts {
	size_t		sas;		/* installed SAs (each way) */
	size_t		larval;		/* SPIs reserved, no SA yet */
	size_t		tunnels;	/* tunnel interfaces "created" */
	size_t		policies;
	uint64_t	adds;		/* add_sa calls that succeeded */
	uint64_t	dels;		/* del_sa calls that removed one */
};
void	dp_none_counts(const struct dp *dp, struct dp_none_counts *out);

/* The recorded SA with this destination and SPI (borrowed: valid until
 * the next call), or NULL.  The key pointers of the result are NULL. */
const struct dp_sa *dp_none_find(const struct dp *dp, struct in_addr dst,
		    uint32_t spi);

#endif
