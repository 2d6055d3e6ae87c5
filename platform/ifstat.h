/*
 * What the kernel says about one interface right now: flags, MTU, IPv4
 * address and counters, read without netlink state (getifaddrs and one
 * ioctl), for `show interfaces` and `show ipv4 interface`.
 */
#ifndef PLATFORM_IFSTAT_H
#define PLATFORM_IFSTAT_H

#include <stdint.h>
#include <netinet/in.h>

struct dp_ifstat {
	int		exists;		/* 0: no such interface (the rest 0) */
	int		admin_up;	/* IFF_UP */
	int		oper_up;	/* IFF_RUNNING: carrier */
	uint32_t	ifindex;
	uint32_t	mtu;
	struct in_addr	addr;		/* 0.0.0.0: none */
	uint8_t		plen;
	uint64_t	rx_packets, rx_bytes, rx_errors, rx_dropped;
	uint64_t	tx_packets, tx_bytes, tx_errors, tx_dropped;
};

/* Fills st for the interface called name.  0 (also when it does not
 * exist: st->exists 0), or -1 when the kernel could not be asked. */
int	dp_ifstat_get(const char *name, struct dp_ifstat *st);

#endif
