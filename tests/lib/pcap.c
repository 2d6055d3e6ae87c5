/*
 * Classic pcap reading for tests (see pcap.h).  The capture file is
 * untrusted input like any packet: lengths in record headers, IP and UDP
 * headers are checked against what is really there before use.
 */
#include "config.h"

#include <string.h>

#include "tests/lib/pcap.h"

#define PCAP_MAGIC_US		0xa1b2c3d4
#define PCAP_MAGIC_NS		0xa1b23c4d
#define ETHERTYPE_IPV4		0x0800
#define ETHERTYPE_VLAN		0x8100
#define IPPROTO_UDP_NUM		17
#define IKE_PORT		500
#define NATT_PORT		4500

static uint32_t
swap32(uint32_t v)
{
	return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) |
	    (v << 24);
}

/* File-order u32: rd reads big-endian; swap for little-endian files. */
static int
rd_fu32(const struct pcap_rd *pr, struct rd *r, uint32_t *v)
{
	if (rd_u32(r, v) == -1)
		return -1;
	if (pr->swap)
		*v = swap32(*v);
	return 0;
}

/* Described in header. */
int
pcap_open(struct pcap_rd *pr, const uint8_t *data, size_t len)
{
	uint32_t	magic, zone, sigfigs;
	uint16_t	vmaj, vmin;

	memset(pr, 0, sizeof(*pr));
	rd_init(&pr->r, data, len);
	if (rd_u32(&pr->r, &magic) == -1)
		return -1;
	if (magic == PCAP_MAGIC_US || magic == PCAP_MAGIC_NS)
		pr->swap = 0;
	else if (swap32(magic) == PCAP_MAGIC_US ||
	    swap32(magic) == PCAP_MAGIC_NS)
		pr->swap = 1;
	else
		return -1;
	if (rd_u16(&pr->r, &vmaj) == -1 || rd_u16(&pr->r, &vmin) == -1)
		return -1;
	if (pr->swap)
		vmaj = (uint16_t)(vmaj >> 8 | vmaj << 8);
	if (vmaj != 2)
		return -1;
	if (rd_fu32(pr, &pr->r, &zone) == -1 ||
	    rd_fu32(pr, &pr->r, &sigfigs) == -1 ||
	    rd_fu32(pr, &pr->r, &pr->snaplen) == -1 ||
	    rd_fu32(pr, &pr->r, &pr->linktype) == -1)
		return -1;
	return 0;
}

/* Described in header. */
int
pcap_next(struct pcap_rd *pr, struct pcap_pkt *pkt)
{
	uint32_t	incl, orig;

	if (rd_left(&pr->r) == 0)
		return 0;
	if (rd_fu32(pr, &pr->r, &pkt->ts_sec) == -1 ||
	    rd_fu32(pr, &pr->r, &pkt->ts_frac) == -1 ||
	    rd_fu32(pr, &pr->r, &incl) == -1 ||
	    rd_fu32(pr, &pr->r, &orig) == -1)
		return -1;
	if (incl > orig && orig != 0)
		return -1;
	if (rd_take(&pr->r, &pkt->data, incl) == -1)
		return -1;
	pkt->len = incl;
	return 1;
}

/* Skips the link layer; returns the ethertype-equivalent or -1. */
static int
link_skip(const struct pcap_rd *pr, struct rd *r)
{
	uint16_t	type;

	switch (pr->linktype) {
	case PCAP_LINKTYPE_ETHERNET:
		if (rd_skip(r, 12) == -1 || rd_u16(r, &type) == -1)
			return -1;
		if (type == ETHERTYPE_VLAN &&
		    (rd_skip(r, 2) == -1 || rd_u16(r, &type) == -1))
			return -1;
		return type;
	case PCAP_LINKTYPE_SLL:
		if (rd_skip(r, 14) == -1 || rd_u16(r, &type) == -1)
			return -1;
		return type;
	case PCAP_LINKTYPE_RAW:
		return ETHERTYPE_IPV4;
	default:
		return -1;
	}
}

/* Described in header. */
int
pcap_udp(const struct pcap_rd *pr, const struct pcap_pkt *pkt,
    struct pcap_udp *udp)
{
	struct rd	r, hdr, ip, u;
	uint8_t		vihl, tos, ttl, proto;
	uint16_t	tot, id, frag, ipsum, ulen, csum;
	size_t		hlen;

	rd_init(&r, pkt->data, pkt->len);
	if (link_skip(pr, &r) != ETHERTYPE_IPV4)
		return -1;
	/* Peek at the version and Total Length: Total Length bounds the
	 * datagram (Ethernet may pad after it). */
	hdr = r;
	if (rd_u8(&hdr, &vihl) == -1 || (vihl >> 4) != 4 ||
	    rd_u8(&hdr, &tos) == -1 || rd_u16(&hdr, &tot) == -1)
		return -1;
	hlen = (size_t)(vihl & 0x0f) * 4;
	if (hlen < 20 || tot < hlen || rd_sub(&r, &ip, tot) == -1)
		return -1;
	if (rd_skip(&ip, 4) == -1 || rd_u16(&ip, &id) == -1 ||
	    rd_u16(&ip, &frag) == -1 || rd_u8(&ip, &ttl) == -1 ||
	    rd_u8(&ip, &proto) == -1 || rd_u16(&ip, &ipsum) == -1 ||
	    rd_u32(&ip, &udp->src) == -1 || rd_u32(&ip, &udp->dst) == -1 ||
	    rd_skip(&ip, hlen - 20) == -1)
		return -1;
	if ((frag & 0x3fff) != 0)	/* MF set or an offset: a fragment */
		return -1;
	if (proto != IPPROTO_UDP_NUM)
		return -1;
	if (rd_u16(&ip, &udp->sport) == -1 ||
	    rd_u16(&ip, &udp->dport) == -1 || rd_u16(&ip, &ulen) == -1 ||
	    rd_u16(&ip, &csum) == -1)
		return -1;
	if (ulen < 8 || rd_sub(&ip, &u, ulen - 8) == -1)
		return -1;
	udp->payload = u.p;
	udp->len = u.len;
	return 0;
}

/* Described in header. */
int
pcap_ike(const struct pcap_udp *udp, const uint8_t **ike, size_t *len)
{
	static const uint8_t	marker[4] = { 0, 0, 0, 0 };

	if (udp->sport == NATT_PORT || udp->dport == NATT_PORT) {
		/* A one-octet 0xff is a NAT keepalive; a non-zero first word
		 * is an ESP SPI. */
		if (udp->len < 4 || memcmp(udp->payload, marker, 4) != 0)
			return -1;
		*ike = udp->payload + 4;
		*len = udp->len - 4;
		return 0;
	}
	if (udp->sport == IKE_PORT || udp->dport == IKE_PORT) {
		*ike = udp->payload;
		*len = udp->len;
		return 0;
	}
	return -1;
}
