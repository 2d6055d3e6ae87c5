/*
 * TUN devices: the interface of a tunnel in the userspace data plane.  A
 * TUN device named after the tunnel (tunnel-ipN) hands mgmtsecd every IPv4
 * packet routed into it and injects every packet mgmtsecd writes as if it
 * had arrived on it.  The device is not persistent: it goes away with the
 * descriptor, so a daemon that dies leaves no interface (nor its routes)
 * behind.
 */
#ifndef PLATFORM_TUN_H
#define PLATFORM_TUN_H

#include <stddef.h>
#include <stdint.h>

/*
 * Opens a TUN device called name (IFF_TUN, no packet information header,
 * non-blocking, close-on-exec).  offload: ask for a virtio-net header on
 * every packet and TCP segmentation offload (platform/gso.h says why);
 * *vnet says whether the device has them (1) or is plain (0).  Returns the
 * descriptor, or -1 with err.
 */
int	dp_tun_open(const char *name, int offload, int *vnet, char *err,
	    size_t errlen);

#endif
