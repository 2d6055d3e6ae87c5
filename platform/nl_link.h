/*
 * Interfaces, addresses and routes through rtnetlink (libnl-route-3): what
 * both packet-moving backends need around a tunnel interface once it
 * exists.  The userspace backend creates its interface as a TUN device
 * (tun.h), the kernel backend as a vti link (dp_nl_vti_create); from then
 * on both are set up, addressed, routed and removed the same way here.
 *
 * Every call is synchronous (the kernel's answer is awaited) and runs on
 * the daemon's thread.  Addresses are struct in_addr (network order).
 */
#ifndef PLATFORM_NL_LINK_H
#define PLATFORM_NL_LINK_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

struct dp_nl;

/* A route socket, or NULL with err. */
struct dp_nl	*dp_nl_open(char *err, size_t errlen);
/* NULL is a no-op. */
void		 dp_nl_close(struct dp_nl *nl);

/* The index of the interface called name, 0 when there is none. */
uint32_t	 dp_nl_link_index(struct dp_nl *nl, const char *name);

/* Sets the MTU (0: leave it) and the admin state of an interface. */
int		 dp_nl_link_set(struct dp_nl *nl, uint32_t ifindex,
		    uint32_t mtu, int up, char *err, size_t errlen);

/*
 * Makes a/plen the only IPv4 address of the interface (the kernel adds
 * the route of its connected subnet through it); a.s_addr 0 removes them
 * all.
 */
int		 dp_nl_addr_set(struct dp_nl *nl, uint32_t ifindex,
		    struct in_addr a, uint8_t plen, char *err, size_t errlen);

/* Adds (add 1) or removes a route to prefix/plen through the interface,
 * via gw when gw is not 0.0.0.0.  Adding one that exists is not an
 * error, nor removing one that does not. */
int		 dp_nl_route(struct dp_nl *nl, int add, uint32_t ifindex,
		    struct in_addr prefix, uint8_t plen, struct in_addr gw,
		    char *err, size_t errlen);

/* Removes an interface; one that is already gone is not an error. */
int		 dp_nl_link_delete(struct dp_nl *nl, uint32_t ifindex,
		    char *err, size_t errlen);

/*
 * Creates a vti link called name between the outer addresses local and
 * remote, whose packets carry key as their XFRM mark (ikey = okey), and
 * returns its index in *ifindex.
 */
int		 dp_nl_vti_create(struct dp_nl *nl, const char *name,
		    struct in_addr local, struct in_addr remote, uint32_t key,
		    uint32_t *ifindex, char *err, size_t errlen);

/*
 * Calls fn for every interface whose name starts with prefix and whose
 * link kind is kind ("vti", "tun"; NULL: any): how a restarted daemon
 * finds what an earlier one left behind.
 */
int		 dp_nl_links_foreach(struct dp_nl *nl, const char *prefix,
		    const char *kind, void (*fn)(void *arg, uint32_t ifindex,
		    const char *name), void *arg);

#endif
