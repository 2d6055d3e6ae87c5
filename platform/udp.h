/*
 * The UDP socket edge of IKE (and of ESP in UDP): for every local address the configuration needs, one
 * socket on port 500 and one on port 4500 (RFC 7296 section 2.23, RFC 3948),
 * each bound to that address, non-blocking, with IP_PKTINFO on and a
 * receive buffer sized for bursts (SO_RCVBUFFORCE when allowed, else
 * SO_RCVBUF up to the system's rmem_max).
 *
 * Port 4500 carries three things on one socket: IKE behind the 4-octet
 * zero non-ESP marker, ESP in UDP (first four octets = a non-zero SPI),
 * and 1-octet 0xFF NAT keepalives.  dp_udp_classify() tells them apart.
 *
 * Segmentation offload (Linux 4.18 and 5.0): the userspace data plane
 * turns UDP_GRO on for the NAT-T sockets it is given (platform/dp_tun.c;
 * the kernel's ESP must not get coalesced reads, so dp_xfrm does not), so
 * a read may return several datagrams of one flow that arrived together,
 * each of the size dp_udp_cmsg() returns but the last (which may be
 * shorter); the reader cuts them apart again.  It sends ESP in UDP with
 * UDP_SEGMENT the same way.  Both let the kernel carry a burst through
 * its stack as one packet.
 */
#ifndef PLATFORM_UDP_H
#define PLATFORM_UDP_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define DP_UDP_RCVBUF	(4 * 1024 * 1024)

enum dp_dgram {
	DP_DG_IKE = 1,		/* hand to the engine as it is */
	DP_DG_ESP,		/* ESP in UDP: the data plane's */
	DP_DG_KEEPALIVE,	/* NAT keepalive: nothing to do */
	DP_DG_GARBAGE,		/* too short to be anything */
};

/* What a datagram that arrived on port `port` is (natt: the 4500 port). */
enum dp_dgram	dp_udp_classify(uint16_t port, uint16_t natt,
		    const uint8_t *p, size_t len);

/*
 * Opens a socket bound to addr:port as described above.  Returns the fd,
 * or -1 with err.  *rcvbuf gets the receive buffer the kernel granted.
 */
int	dp_udp_open(struct in_addr addr, uint16_t port, int *rcvbuf,
	    char *err, size_t errlen);

/*
 * The control messages of a datagram read from such a socket: *local
 * becomes its IP_PKTINFO destination address (if there is one), and the
 * return value is the segment size of a coalesced read, or 0 when the
 * read holds one datagram.
 */
size_t	dp_udp_cmsg(struct msghdr *mh, struct in_addr *local);

/* Sends one datagram from fd to remote.  0, or -1 (errno set). */
int	dp_udp_send(int fd, struct in_addr remote, uint16_t port,
	    const uint8_t *p, size_t len);

#endif
