/*
 * A small reader for classic libpcap files (not pcapng), for tests that
 * replay captured IKE traffic.  Every field is read through struct rd, so a
 * truncated or lying capture gives an error, never an overread.
 *
 * Supported: both byte orders, micro- and nanosecond timestamps, link
 * types Ethernet (with one optional 802.1Q tag), Linux cooked (SLL) and raw
 * IPv4; IPv4 without fragments; UDP.  IKE is recognised on UDP port 500,
 * and on port 4500 after the 4-octet zero non-ESP marker (RFC 3948 §2.2);
 * anything else on 4500 is ESP (or a NAT keepalive) and is not IKE.
 */
#ifndef TESTS_PCAP_H
#define TESTS_PCAP_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

#define PCAP_LINKTYPE_ETHERNET	1
#define PCAP_LINKTYPE_RAW	101
#define PCAP_LINKTYPE_SLL	113

struct pcap_rd {
	struct rd	r;
	int		swap;		/* file in the other byte order */
	uint32_t	linktype;
	uint32_t	snaplen;
};

/* One record: the captured bytes (borrowed from the file buffer). */
struct pcap_pkt {
	const uint8_t	*data;
	size_t		 len;		/* captured length */
	uint32_t	 ts_sec;
	uint32_t	 ts_frac;	/* micro- or nanoseconds */
};

/* A UDP datagram inside a packet (addresses and ports in host order). */
struct pcap_udp {
	uint32_t	 src;
	uint32_t	 dst;
	uint16_t	 sport;
	uint16_t	 dport;
	const uint8_t	*payload;	/* borrowed */
	size_t		 len;
};

/* Parses the global header of a capture held in memory (borrowed for the
 * life of the reader).  Returns 0, or -1 if it is not a classic pcap. */
int	pcap_open(struct pcap_rd *pr, const uint8_t *data, size_t len);

/* The next record: 1, 0 at a clean end of file, -1 on a damaged record. */
int	pcap_next(struct pcap_rd *pr, struct pcap_pkt *pkt);

/* Finds the UDP datagram in a packet of the file's link type: 0, or -1 if
 * the packet is not complete unfragmented IPv4/UDP. */
int	pcap_udp(const struct pcap_rd *pr, const struct pcap_pkt *pkt,
	    struct pcap_udp *udp);

/* The IKE message in a UDP datagram (non-ESP marker removed on 4500):
 * 0 with ike and len set, or -1 if the datagram is not IKE. */
int	pcap_ike(const struct pcap_udp *udp, const uint8_t **ike, size_t *len);

#endif
