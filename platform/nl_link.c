/*
 * Tunnel interfaces, their addresses and routes over rtnetlink with
 * libnl-route-3 (see nl_link.h).  One synchronous NETLINK_ROUTE socket;
 * each call builds the libnl objects it needs and frees them before it
 * returns, so nothing here caches kernel state that could go stale.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/ipvti.h>
#include <netlink/route/route.h>

#include "platform/nl_link.h"

struct dp_nl {
	struct nl_sock	*sk;
};

static void
nlerr(char *err, size_t errlen, const char *what, int rc)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s: %s", what, nl_geterror(rc));
}

/* Described in nl_link.h. */
struct dp_nl *
dp_nl_open(char *err, size_t errlen)
{
	struct dp_nl	*nl;
	int		 rc;

	if ((nl = calloc(1, sizeof(*nl))) == NULL ||
	    (nl->sk = nl_socket_alloc()) == NULL) {
		free(nl);
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if ((rc = nl_connect(nl->sk, NETLINK_ROUTE)) < 0) {
		nlerr(err, errlen, "rtnetlink", rc);
		nl_socket_free(nl->sk);
		free(nl);
		return NULL;
	}
	return nl;
}

/* Described in nl_link.h. */
void
dp_nl_close(struct dp_nl *nl)
{
	if (nl == NULL)
		return;
	nl_socket_free(nl->sk);
	free(nl);
}

/* Described in nl_link.h. */
uint32_t
dp_nl_link_index(struct dp_nl *nl, const char *name)
{
	struct rtnl_link	*link = NULL;
	uint32_t		 idx = 0;

	if (rtnl_link_get_kernel(nl->sk, 0, name, &link) == 0) {
		idx = (uint32_t)rtnl_link_get_ifindex(link);
		rtnl_link_put(link);
	}
	return idx;
}

/* Described in nl_link.h. */
int
dp_nl_link_set(struct dp_nl *nl, uint32_t ifindex, uint32_t mtu, int up,
    char *err, size_t errlen)
{
	struct rtnl_link	*cur = NULL, *chg = NULL;
	int			 rc;

	if ((rc = rtnl_link_get_kernel(nl->sk, (int)ifindex, NULL,
	    &cur)) < 0) {
		nlerr(err, errlen, "interface", rc);
		return -1;
	}
	if ((chg = rtnl_link_alloc()) == NULL) {
		rtnl_link_put(cur);
		nlerr(err, errlen, "interface", -NLE_NOMEM);
		return -1;
	}
	if (mtu != 0)
		rtnl_link_set_mtu(chg, mtu);
	if (up)
		rtnl_link_set_flags(chg, IFF_UP);
	else
		rtnl_link_unset_flags(chg, IFF_UP);
	rc = rtnl_link_change(nl->sk, cur, chg, 0);
	rtnl_link_put(chg);
	rtnl_link_put(cur);
	if (rc < 0) {
		nlerr(err, errlen, mtu != 0 ? "setting MTU and state" :
		    "setting state", rc);
		return -1;
	}
	return 0;
}

static struct nl_addr *
v4addr(struct in_addr a, uint8_t plen)
{
	struct nl_addr	*na = nl_addr_build(AF_INET, &a, sizeof(a));

	if (na != NULL)
		nl_addr_set_prefixlen(na, plen);
	return na;
}

/* Described in nl_link.h. */
int
dp_nl_addr_set(struct dp_nl *nl, uint32_t ifindex, struct in_addr a,
    uint8_t plen, char *err, size_t errlen)
{
	struct nl_cache		*cache = NULL;
	struct nl_object	*o;
	struct rtnl_addr	*ra = NULL, *old;
	struct nl_addr		*local = NULL;
	int			 rc, have = 0;

	if ((rc = rtnl_addr_alloc_cache(nl->sk, &cache)) < 0) {
		nlerr(err, errlen, "reading addresses", rc);
		return -1;
	}
	/* Drop the addresses that are not the one wanted. */
	for (o = nl_cache_get_first(cache); o != NULL;
	    o = nl_cache_get_next(o)) {
		struct nl_addr	*l;

		old = (struct rtnl_addr *)o;
		if (rtnl_addr_get_ifindex(old) != (int)ifindex ||
		    rtnl_addr_get_family(old) != AF_INET)
			continue;
		l = rtnl_addr_get_local(old);
		if (a.s_addr != 0 && l != NULL &&
		    nl_addr_get_len(l) == sizeof(a) &&
		    memcmp(nl_addr_get_binary_addr(l), &a, sizeof(a)) == 0 &&
		    rtnl_addr_get_prefixlen(old) == plen) {
			have = 1;
			continue;
		}
		(void)rtnl_addr_delete(nl->sk, old, 0);
	}
	nl_cache_free(cache);
	if (a.s_addr == 0 || have)
		return 0;
	if ((ra = rtnl_addr_alloc()) == NULL ||
	    (local = v4addr(a, plen)) == NULL) {
		rc = -NLE_NOMEM;
		goto out;
	}
	rtnl_addr_set_ifindex(ra, (int)ifindex);
	rtnl_addr_set_family(ra, AF_INET);
	if ((rc = rtnl_addr_set_local(ra, local)) == 0) {
		rtnl_addr_set_prefixlen(ra, plen);
		rc = rtnl_addr_add(nl->sk, ra, 0);
		if (rc == -NLE_EXIST)
			rc = 0;
	}
out:
	nl_addr_put(local);
	if (ra != NULL)
		rtnl_addr_put(ra);
	if (rc < 0) {
		nlerr(err, errlen, "adding the address", rc);
		return -1;
	}
	return 0;
}

/* Described in nl_link.h. */
int
dp_nl_route(struct dp_nl *nl, int add, uint32_t ifindex,
    struct in_addr prefix, uint8_t plen, struct in_addr gw, char *err,
    size_t errlen)
{
	struct rtnl_route	*r;
	struct rtnl_nexthop	*nh = NULL;
	struct nl_addr		*dst = NULL, *via = NULL;
	int			 rc = -NLE_NOMEM;

	if ((r = rtnl_route_alloc()) == NULL ||
	    (dst = v4addr(prefix, plen)) == NULL ||
	    (nh = rtnl_route_nh_alloc()) == NULL)
		goto out;
	rtnl_route_set_family(r, AF_INET);
	rtnl_route_set_table(r, RT_TABLE_MAIN);
	rtnl_route_set_protocol(r, RTPROT_STATIC);
	rtnl_route_set_scope(r, gw.s_addr != 0 ? RT_SCOPE_UNIVERSE :
	    RT_SCOPE_LINK);
	if ((rc = rtnl_route_set_dst(r, dst)) < 0)
		goto out;
	rtnl_route_nh_set_ifindex(nh, (int)ifindex);
	if (gw.s_addr != 0) {
		if ((via = v4addr(gw, 32)) == NULL) {
			rc = -NLE_NOMEM;
			goto out;
		}
		rtnl_route_nh_set_gateway(nh, via);
	}
	rtnl_route_add_nexthop(r, nh);
	nh = NULL;	/* the route owns it now */
	if (add) {
		rc = rtnl_route_add(nl->sk, r, NLM_F_CREATE | NLM_F_REPLACE);
	} else {
		rc = rtnl_route_delete(nl->sk, r, 0);
		if (rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NODEV)
			rc = 0;
	}
out:
	if (nh != NULL)
		rtnl_route_nh_free(nh);
	nl_addr_put(via);
	nl_addr_put(dst);
	if (r != NULL)
		rtnl_route_put(r);
	if (rc < 0) {
		nlerr(err, errlen, add ? "adding a route" :
		    "removing a route", rc);
		return -1;
	}
	return 0;
}

/* Described in nl_link.h. */
int
dp_nl_link_delete(struct dp_nl *nl, uint32_t ifindex, char *err,
    size_t errlen)
{
	struct rtnl_link	*link;
	int			 rc;

	if ((link = rtnl_link_alloc()) == NULL) {
		nlerr(err, errlen, "removing the interface", -NLE_NOMEM);
		return -1;
	}
	rtnl_link_set_ifindex(link, (int)ifindex);
	rc = rtnl_link_delete(nl->sk, link);
	rtnl_link_put(link);
	if (rc < 0 && rc != -NLE_NODEV && rc != -NLE_OBJ_NOTFOUND) {
		nlerr(err, errlen, "removing the interface", rc);
		return -1;
	}
	return 0;
}

/* Described in nl_link.h. */
int
dp_nl_vti_create(struct dp_nl *nl, const char *name, struct in_addr local,
    struct in_addr remote, uint32_t key, uint32_t *ifindex, char *err,
    size_t errlen)
{
	struct rtnl_link	*link;
	int			 rc;

	if ((link = rtnl_link_ipvti_alloc()) == NULL) {
		nlerr(err, errlen, "vti", -NLE_NOMEM);
		return -1;
	}
	rtnl_link_set_name(link, name);
	rtnl_link_ipvti_set_local(link, local.s_addr);
	rtnl_link_ipvti_set_remote(link, remote.s_addr);
	/* IFLA_VTI_[IO]KEY are big-endian and libnl passes them through
	 * as they are; the kernel uses ntohl(key) as the XFRM mark. */
	rtnl_link_ipvti_set_ikey(link, htonl(key));
	rtnl_link_ipvti_set_okey(link, htonl(key));
	rc = rtnl_link_add(nl->sk, link, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_link_put(link);
	if (rc < 0) {
		nlerr(err, errlen, "creating the vti link", rc);
		return -1;
	}
	if ((*ifindex = dp_nl_link_index(nl, name)) == 0) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "vti link %s vanished", name);
		return -1;
	}
	return 0;
}

/* Described in nl_link.h. */
int
dp_nl_links_foreach(struct dp_nl *nl, const char *prefix, const char *kind,
    void (*fn)(void *, uint32_t, const char *), void *arg)
{
	struct nl_cache		*cache = NULL;
	struct nl_object	*o;
	struct rtnl_link	*l;
	const char		*name, *type;
	size_t			 plen = strlen(prefix);

	if (rtnl_link_alloc_cache(nl->sk, AF_UNSPEC, &cache) < 0)
		return -1;
	for (o = nl_cache_get_first(cache); o != NULL;
	    o = nl_cache_get_next(o)) {
		l = (struct rtnl_link *)o;
		name = rtnl_link_get_name(l);
		type = rtnl_link_get_type(l);
		if (name == NULL || strncmp(name, prefix, plen) != 0)
			continue;
		if (kind != NULL && (type == NULL || strcmp(type, kind) != 0))
			continue;
		fn(arg, (uint32_t)rtnl_link_get_ifindex(l), name);
	}
	nl_cache_free(cache);
	return 0;
}
