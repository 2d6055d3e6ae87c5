/*
 * TCP segmentation and coalescing for the userspace data plane, pure and
 * bounds-checked (no sockets, no devices).
 *
 * Why: ESP costs the same per octet whatever the packet size, but every
 * packet that crosses the TUN device costs a system call and a trip
 * through the kernel's IP stack.  A TUN device opened with a virtio-net
 * header (IFF_VNET_HDR) and TCP segmentation offload hands over TCP
 * super-packets of up to 64 KiB (one read instead of ~45) and accepts
 * them back (one write instead of ~45, and one pass of the receiving TCP
 * stack).  The data plane cuts each super-packet into MTU-sized segments
 * before ESP (each ESP packet still carries one ordinary IPv4 packet on
 * the wire) and glues consecutive segments of one TCP stream together
 * after ESP, as the kernel's own GSO and GRO do for a network card.
 *
 * The virtio-net header is the TUN ABI's (struct virtio_net_hdr, host
 * byte order on a little-endian host); it is decoded into struct dp_vnet
 * so nothing here depends on the kernel's headers.
 */
#ifndef PLATFORM_GSO_H
#define PLATFORM_GSO_H

#include <stddef.h>
#include <stdint.h>

#define DP_VNET_LEN		10	/* sizeof(struct virtio_net_hdr) */
#define DP_VNET_NEEDS_CSUM	0x01	/* VIRTIO_NET_HDR_F_NEEDS_CSUM */
#define DP_VNET_GSO_NONE	0x00
#define DP_VNET_GSO_TCPV4	0x01
#define DP_VNET_GSO_ECN		0x80
#define DP_GSO_MAX_SEGS		128	/* more is refused, not cut */

struct dp_vnet {
	uint8_t		flags;
	uint8_t		gso_type;
	uint16_t	hdr_len;
	uint16_t	gso_size;
	uint16_t	csum_start;
	uint16_t	csum_offset;
};

void	dp_vnet_decode(const uint8_t b[DP_VNET_LEN], struct dp_vnet *v);
void	dp_vnet_encode(const struct dp_vnet *v, uint8_t b[DP_VNET_LEN]);

/* The Internet checksum (RFC 1071) of p[0 .. len), not complemented,
 * added to sum; fold with dp_csum_fold. */
uint32_t dp_csum_add(uint32_t sum, const uint8_t *p, size_t len);
uint16_t dp_csum_fold(uint32_t sum);

/*
 * A packet read from the device with header v, not segmented
 * (gso_type NONE): completes the checksum the kernel left to the device
 * when NEEDS_CSUM is set.  0, or -1 when the offsets do not fit the
 * packet.
 */
int	dp_csum_complete(uint8_t *pkt, size_t len, const struct dp_vnet *v);

/*
 * A TCP/IPv4 super-packet pkt[0 .. len) with header v (gso_type TCPV4):
 * *nseg receives the number of segments it makes, *seglen_max the largest
 * segment's length.  0, or -1 when it is not a well-formed TCP/IPv4
 * packet, the segment size is 0, or it would make more than
 * DP_GSO_MAX_SEGS segments.
 */
int	dp_gso_count(const uint8_t *pkt, size_t len, const struct dp_vnet *v,
	    size_t *nseg, size_t *seglen_max);

/*
 * Writes segment k (0 .. nseg-1) of the super-packet (checked by
 * dp_gso_count) into out[0 .. cap): its own IPv4 header (length, ID
 * first ID + k, checksum), TCP header (sequence number, FIN and PSH
 * only on the last segment, CWR only on the first, checksum) and its
 * share of the payload.  Returns the segment's length, 0 when cap is too
 * small or k is out of range.
 */
size_t	dp_gso_segment(const uint8_t *pkt, size_t len, const struct dp_vnet *v,
	    size_t k, uint8_t *out, size_t cap);

/*
 * Coalescing: consecutive TCP/IPv4 segments of one stream, in order,
 * same headers but for length, ID, sequence number and checksum, the
 * same payload size except a shorter last one, only ACK (and PSH on the
 * last), become one packet for a TUN device with a virtio-net header.
 */
struct dp_gro {
	uint8_t		*buf;		/* the packet being built */
	size_t		 cap;
	size_t		 len;		/* 0: empty */
	size_t		 hlen;		/* IPv4 + TCP header octets */
	size_t		 seg;		/* payload of the first segment */
	size_t		 nseg;
	int		 closed;	/* a short or PSH segment came */
};

void	dp_gro_init(struct dp_gro *g, uint8_t *buf, size_t cap);

/*
 * Adds pkt[0 .. len) (a well-formed IPv4 packet) to g: 1 when it was
 * appended or started g (g was empty), 0 when it cannot join g (the
 * caller finishes g, hands it on, and adds the packet again).
 */
int	dp_gro_add(struct dp_gro *g, const uint8_t *pkt, size_t len);

/*
 * Completes g's headers for the device and empties it: *v receives the
 * virtio-net header (GSO TCPV4 with a partial checksum when g holds more
 * than one segment, all zero otherwise).  Returns the packet's length
 * (in g->buf), 0 when g was empty.
 */
size_t	dp_gro_finish(struct dp_gro *g, struct dp_vnet *v);

/*
 * UDP segmentation offload (UDP_SEGMENT) takes one message whose
 * datagrams all have the size of the first except the last, which may be
 * shorter.  Given n datagram lengths in order, returns the length of the
 * run that starts at len[0]: the most datagrams that form such a message,
 * at most max_count of them and max_bytes in all (at least 1, whatever
 * its size; 0 only when n is 0).
 */
size_t	dp_udp_gso_run(const size_t *len, size_t n, size_t max_count,
	    size_t max_bytes);

#endif
