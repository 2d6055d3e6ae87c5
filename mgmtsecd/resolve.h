/*
 * `tunnel source` resolution (SPEC section 3): an IPv4 address, a Linux
 * interface name, or a Cisco-style name (MgmtEth0/RP0/CPU0/0) mapped
 * through `platform interface-map`, where MgmtEth0/RP0/CPU0/0 maps by
 * default to the interface that carries the default route.
 *
 * Split in two: dmn_ifsnap_read() takes a snapshot of the system's
 * interfaces, addresses and default route (I/O, in the current network
 * namespace), and dmn_resolve() answers from a snapshot (pure, so tests
 * can feed it any system they like).
 */
#ifndef MGMTSECD_RESOLVE_H
#define MGMTSECD_RESOLVE_H

#include <stddef.h>
#include <net/if.h>
#include <netinet/in.h>

#include "mgmtsecd/cfgmap.h"

#define DMN_MGMT_IFNAME	"MgmtEth0/RP0/CPU0/0"

/* One interface address; an interface without IPv4 appears once with
 * has_addr 0. */
struct dmn_ifaddr {
	char		name[IFNAMSIZ];
	unsigned	index;
	int		has_addr;
	struct in_addr	addr;
};

struct dmn_ifsnap {
	struct dmn_ifaddr	*v;
	size_t			 n;
	char			 defroute[IFNAMSIZ]; /* "": none */
};

/* Reads the current namespace's interfaces (getifaddrs) and IPv4 default
 * route (/proc/net/route, lowest metric).  0 or -1. */
int	dmn_ifsnap_read(struct dmn_ifsnap *out);
void	dmn_ifsnap_free(struct dmn_ifsnap *snap);

/*
 * Resolves source to a local IPv4 address.  The Linux interface used goes
 * into ifname (may be NULL).  0, or -1 with a sentence an operator can act
 * on in why ("tunnel source MgmtEth0/RP0/CPU0/0 (veth0) has no IPv4
 * address").
 */
int	dmn_resolve(const struct dmn_ifsnap *snap,
	    const struct dmn_ifmap *map, size_t nmap, const char *source, struct in_addr *out,
	    char *ifname, size_t ifnamelen, char *why, size_t whylen);

/* The interface index of a name in the snapshot, 0 if absent. */
unsigned	dmn_ifsnap_index(const struct dmn_ifsnap *snap,
		    const char *name);

#endif
