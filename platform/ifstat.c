/*
 * Interface state from the kernel (platform/ifstat.h).
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/socket.h>

#include <ifaddrs.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "platform/ifstat.h"

static uint8_t
mask_len(uint32_t m)
{
	uint8_t	n = 0;

	m = ntohl(m);
	while (m & 0x80000000u) {
		n++;
		m <<= 1;
	}
	return n;
}

int
dp_ifstat_get(const char *name, struct dp_ifstat *st)
{
	struct ifaddrs		*ifa, *i;
	struct rtnl_link_stats	*ls;
	struct ifreq		 ifr;
	int			 s;

	memset(st, 0, sizeof(*st));
	if (strlen(name) >= IFNAMSIZ)
		return 0;
	if (getifaddrs(&ifa) == -1)
		return -1;
	for (i = ifa; i != NULL; i = i->ifa_next) {
		if (i->ifa_name == NULL || strcmp(i->ifa_name, name) != 0)
			continue;
		st->exists = 1;
		st->admin_up = (i->ifa_flags & IFF_UP) != 0;
		st->oper_up = (i->ifa_flags & IFF_RUNNING) != 0;
		/* The link's entry carries the counters; a link without a
		 * hardware address (TUN, vti) has no ifa_addr there. */
		if ((i->ifa_addr == NULL || i->ifa_addr->sa_family ==
		    AF_PACKET) && i->ifa_data != NULL) {
			ls = i->ifa_data;
			st->rx_packets = ls->rx_packets;
			st->rx_bytes = ls->rx_bytes;
			st->rx_errors = ls->rx_errors;
			st->rx_dropped = ls->rx_dropped;
			st->tx_packets = ls->tx_packets;
			st->tx_bytes = ls->tx_bytes;
			st->tx_errors = ls->tx_errors;
			st->tx_dropped = ls->tx_dropped;
		} else if (i->ifa_addr != NULL &&
		    i->ifa_addr->sa_family == AF_INET &&
		    st->addr.s_addr == 0) {
			st->addr = ((struct sockaddr_in *)(void *)
			    i->ifa_addr)->sin_addr;
			if (i->ifa_netmask != NULL)
				st->plen = mask_len(((struct sockaddr_in *)
				    (void *)i->ifa_netmask)->sin_addr.s_addr);
		}
	}
	freeifaddrs(ifa);
	if (!st->exists)
		return 0;
	st->ifindex = if_nametoindex(name);
	if ((s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) != -1) {
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
		if (ioctl(s, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu > 0)
			st->mtu = (uint32_t)ifr.ifr_mtu;
		close(s);
	}
	return 0;
}
