/*
 * `tunnel source` resolution (see resolve.h).  The snapshot reader is the
 * only I/O here; dmn_resolve() is a pure function of the snapshot and the
 * interface map.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/errbuf.h"
#include "mgmtsecd/resolve.h"

static int
snap_add(struct dmn_ifsnap *s, const char *name, const struct in_addr *a)
{
	struct dmn_ifaddr	*v;
	size_t			 i;

	/* One placeholder per interface until it shows an address. */
	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].name, name) == 0 && !s->v[i].has_addr) {
			if (a != NULL) {
				s->v[i].addr = *a;
				s->v[i].has_addr = 1;
			}
			return 0;
		}
	if (a == NULL)
		for (i = 0; i < s->n; i++)
			if (strcmp(s->v[i].name, name) == 0)
				return 0;
	if ((v = realloc(s->v, (s->n + 1) * sizeof(*v))) == NULL)
		return -1;
	s->v = v;
	memset(&v[s->n], 0, sizeof(v[0]));
	snprintf(v[s->n].name, sizeof(v[0].name), "%s", name);
	v[s->n].index = if_nametoindex(name);
	if (a != NULL) {
		v[s->n].addr = *a;
		v[s->n].has_addr = 1;
	}
	s->n++;
	return 0;
}

/* The interface of the IPv4 default route with the lowest metric. */
static void
read_defroute(struct dmn_ifsnap *s)
{
	FILE		*f;
	char		 line[512], ifn[IFNAMSIZ + 1];
	unsigned long	 dst, gw, flags, refcnt, use, metric, mask;
	unsigned long	 best = ~0UL;

	s->defroute[0] = '\0';
	if ((f = fopen("/proc/net/route", "re")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%16s %lx %lx %lx %lu %lu %lu %lx", ifn, &dst,
		    &gw, &flags, &refcnt, &use, &metric, &mask) != 8)
			continue;	/* the header line */
		if (dst != 0 || mask != 0 || !(flags & 0x1) || metric >= best)
			continue;
		if (strlen(ifn) >= sizeof(s->defroute))
			continue;
		best = metric;
		memcpy(s->defroute, ifn, strlen(ifn) + 1);
	}
	fclose(f);
}

/* Described in resolve.h. */
int
dmn_ifsnap_read(struct dmn_ifsnap *out)
{
	struct ifaddrs	*ifa, *i;
	int		 rc = 0;

	memset(out, 0, sizeof(*out));
	if (getifaddrs(&ifa) == -1)
		return -1;
	for (i = ifa; i != NULL && rc == 0; i = i->ifa_next) {
		if (i->ifa_name == NULL)
			continue;
		if (i->ifa_addr != NULL && i->ifa_addr->sa_family == AF_INET)
			rc = snap_add(out, i->ifa_name,
			    &((struct sockaddr_in *)(void *)i->ifa_addr)->
			    sin_addr);
		else
			rc = snap_add(out, i->ifa_name, NULL);
	}
	freeifaddrs(ifa);
	if (rc == -1) {
		dmn_ifsnap_free(out);
		return -1;
	}
	read_defroute(out);
	return 0;
}

/* Described in resolve.h. */
void
dmn_ifsnap_free(struct dmn_ifsnap *snap)
{
	free(snap->v);
	memset(snap, 0, sizeof(*snap));
}

/* Described in resolve.h. */
unsigned
dmn_ifsnap_index(const struct dmn_ifsnap *snap, const char *name)
{
	size_t	i;

	for (i = 0; i < snap->n; i++)
		if (strcmp(snap->v[i].name, name) == 0)
			return snap->v[i].index;
	return 0;
}

/* Described in resolve.h. */
int
dmn_resolve(const struct dmn_ifsnap *snap, const struct dmn_ifmap *map,
    size_t nmap, const char *source, struct in_addr *out, char *ifname,
    size_t ifnamelen, char *why, size_t whylen)
{
	const char	*lname = NULL, *via = "";
	struct in_addr	 a;
	size_t		 i;
	int		 known = 0;

	if (ifname != NULL && ifnamelen > 0)
		ifname[0] = '\0';
	if (inet_pton(AF_INET, source, &a) == 1) {
		for (i = 0; i < snap->n; i++)
			if (snap->v[i].has_addr &&
			    snap->v[i].addr.s_addr == a.s_addr) {
				*out = a;
				if (ifname != NULL)
					snprintf(ifname, ifnamelen, "%s",
					    snap->v[i].name);
				return 0;
			}
		errbuf_set(why, whylen, "tunnel source %s is not an address of "
		    "this system", source);
		return -1;
	}
	for (i = 0; i < nmap; i++)
		if (strcasecmp(map[i].cisco, source) == 0) {
			lname = map[i].linux_name;
			via = " (platform interface-map)";
		}
	if (lname == NULL)
		for (i = 0; i < snap->n; i++)
			if (strcmp(snap->v[i].name, source) == 0)
				lname = source;
	if (lname == NULL && strcasecmp(source, DMN_MGMT_IFNAME) == 0) {
		if (snap->defroute[0] == '\0') {
			errbuf_set(why, whylen, "tunnel source %s maps to the "
			    "interface of the default route, and there is no "
			    "IPv4 default route (configure platform "
			    "interface-map %s IFNAME)", source, source);
			return -1;
		}
		lname = snap->defroute;
		via = " (default route)";
	}
	if (lname == NULL) {
		errbuf_set(why, whylen, "tunnel source %s: no such interface (a "
		    "Cisco-style name needs platform interface-map)", source);
		return -1;
	}
	for (i = 0; i < snap->n; i++) {
		if (strcmp(snap->v[i].name, lname) != 0)
			continue;
		known = 1;
		if (!snap->v[i].has_addr)
			continue;
		*out = snap->v[i].addr;
		if (ifname != NULL)
			snprintf(ifname, ifnamelen, "%s", lname);
		return 0;
	}
	if (!known)
		errbuf_set(why, whylen, "tunnel source %s: interface %s%s does "
		    "not exist", source, lname, via);
	else if (strcmp(lname, source) == 0)
		errbuf_set(why, whylen, "tunnel source %s has no IPv4 address",
		    source);
	else
		errbuf_set(why, whylen, "tunnel source %s (%s%s) has no IPv4 "
		    "address", source, lname, via);
	return -1;
}
