/*
 * IPv4 header reading for the userspace data plane, pure and bounds-
 * checked: the outer header of ESP that arrives on the raw socket, and the
 * inner packet a traffic selector is checked against.  Nothing here trusts
 * a length field it has not compared with the bytes it has.
 */
#ifndef PLATFORM_PKT_H
#define PLATFORM_PKT_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "platform/dp.h"

struct dp_pkt {
	uint8_t		proto;
	uint8_t		hlen;		/* header octets */
	uint16_t	len;		/* total length, <= the buffer */
	int		later_frag;	/* a fragment after the first */
	struct in_addr	src;
	struct in_addr	dst;
	/* Ports of TCP, UDP, SCTP (first fragment only; 0 otherwise). */
	uint16_t	sport;
	uint16_t	dport;
};

/* Reads the IPv4 header of p[0 .. len) into *h: 0, or -1 when it is not
 * a well-formed IPv4 packet. */
int	dp_pkt_parse(const uint8_t *p, size_t len, struct dp_pkt *h);

/* 1 when the packet matches the selector pair (src against ts_src, dst
 * against ts_dst); an all-zero selector matches everything. */
int	dp_pkt_ts_match(const struct dp_pkt *h, const struct dp_ts *ts_src,
	    const struct dp_ts *ts_dst);

#endif
