/*
 * The userspace data plane (`mgmtsecd --dataplane userspace`): struct dp
 * (platform/dp.h) over TUN devices and ESP done by ipsec/ in mgmtsecd
 * itself, for kernels without ESP (this project's CI machines among them).
 *
 * Each tunnel is a TUN device called tunnel-ipN with the configured
 * address, MTU and state.  Two threads move the packets: one reads every
 * TUN device, encapsulates with the tunnel's newest outbound SA and sends
 * raw ESP (IP protocol 50) or, for SAs with UDP encapsulation (RFC 3948),
 * ESP in UDP on the daemon's NAT-T socket; the other reads the raw ESP
 * socket, finds the inbound SA by SPI, decapsulates and writes the inner
 * packet into its tunnel's device.  ESP in UDP arrives on the daemon's
 * own socket and is decapsulated on the daemon's thread (udp_input).
 *
 * The daemon's thread changes the tables under a writer-preferring lock
 * that the packet threads take once per batch, not per packet.  Events
 * (soft and hard volume limits) queue for the daemon behind event_fd.
 */
#ifndef PLATFORM_DP_TUN_H
#define PLATFORM_DP_TUN_H

#include <stddef.h>

#include "platform/dp.h"

/*
 * A new backend with its threads running, or NULL with err (no
 * /dev/net/tun, no raw socket: not root).  rand fills buf with len random
 * octets (SPIs, IV keys): 0 or -1.  Free with dp->destroy after
 * dp->flush.
 */
struct dp	*dp_tun_new(int (*rand)(void *arg, void *buf, size_t len),
		    void *rand_arg, char *err, size_t errlen);

/* Whether this machine can run it: 0, or -1 with the reason. */
int		 dp_tun_probe(char *err, size_t errlen);

#endif
