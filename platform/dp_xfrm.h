/*
 * The kernel data plane (`mgmtsecd --dataplane kernel`): struct dp
 * (platform/dp.h) over Linux's own ESP.  Each tunnel is a vti link named
 * tunnel-ipN between its outer addresses, whose key is the tunnel's XFRM
 * mark; its SAs (libnl-xfrm-3 states) and its two wildcard policies (in
 * and out, 0.0.0.0/0 both ways, tunnel mode) carry the same mark, so what
 * is routed into the link is encrypted with that tunnel's SA and what
 * arrives for it comes out of the link.  The mark is also the reqid of
 * the tunnel's states and policy templates (the kernel only sends through
 * a state whose reqid is the template's), so every Child SA of a tunnel
 * serves its policy and the newest outbound state carries the traffic.
 * SPIs are host order here and in libnl; libnl swaps them for the
 * kernel (and the UDP ports), but not the vti keys, which nl_link.c
 * gives in network order.  ESP in UDP is the kernel's too:
 * the daemon's NAT-T sockets get UDP_ENCAP_ESPINUDP.  Volume limits are
 * the kernel's; its XFRM_MSG_EXPIRE messages become DP_EV_SOFT/HARD.
 *
 * Marks are DP_XFRM_MARK_BASE + if_id, a range no other software is
 * expected to use: at start the backend removes what an earlier daemon
 * left behind in it (vti links called tunnel-ip*, states, policies), so
 * a daemon restarted after SIGKILL builds on a clean slate.
 */
#ifndef PLATFORM_DP_XFRM_H
#define PLATFORM_DP_XFRM_H

#include <stddef.h>

#include "platform/dp.h"

#define DP_XFRM_MARK_BASE	0x6d700000u	/* + if_id (1..65536) */
#define DP_XFRM_MARK_SPAN	0x00020000u

/*
 * A new backend, or NULL with err.  rand fills buf with len random octets
 * (SPIs): 0 or -1.  Free with dp->destroy after dp->flush.
 */
struct dp	*dp_xfrm_new(int (*rand)(void *arg, void *buf, size_t len),
		    void *rand_arg, char *err, size_t errlen);

/*
 * Whether this kernel can do ESP on a vti link (it creates and removes a
 * test link and a test SA): 0, or -1 with the reason.
 */
int		 dp_xfrm_probe(char *err, size_t errlen);

#endif
