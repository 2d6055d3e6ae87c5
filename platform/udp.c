/*
 * IKE's UDP sockets (see udp.h).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <netinet/udp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "platform/udp.h"

#ifndef UDP_GRO
#define UDP_GRO		104	/* linux/udp.h, Linux 5.0 */
#endif

/* Described in udp.h. */
enum dp_dgram
dp_udp_classify(uint16_t port, uint16_t natt, const uint8_t *p, size_t len)
{
	if (port != natt)
		return len >= 4 ? DP_DG_IKE : DP_DG_GARBAGE;
	if (len == 1 && p[0] == 0xff)
		return DP_DG_KEEPALIVE;
	if (len < 4)
		return DP_DG_GARBAGE;
	if (p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 0)
		return DP_DG_IKE;
	/* RFC 3948 section 2.2: an SPI never is zero, and ESP needs at
	 * least SPI, sequence number and some payload. */
	return len >= 8 ? DP_DG_ESP : DP_DG_GARBAGE;
}

/* Described in udp.h. */
int
dp_udp_open(struct in_addr addr, uint16_t port, int *rcvbuf, char *err,
    size_t errlen)
{
	struct sockaddr_in	sin;
	int			fd, on = 1, sz = DP_UDP_RCVBUF;
	socklen_t		len = sizeof(sz);
	char			a[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &addr, a, sizeof(a));
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	(void)setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on));
	/* Bursts (many peers at once, retransmission storms) must not be
	 * dropped by a default 208 KiB buffer. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)) == -1)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	if (rcvbuf != NULL &&
	    getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, &len) == 0)
		*rcvbuf = sz;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr = addr;
	sin.sin_port = htons(port);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		snprintf(err, errlen, "cannot bind %s:%u: %s", a, port,
		    strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Described in udp.h. */
size_t
dp_udp_cmsg(struct msghdr *mh, struct in_addr *local)
{
	struct cmsghdr		*cm;
	struct in_pktinfo	 pi;
	int			 seg = 0;

	for (cm = CMSG_FIRSTHDR(mh); cm != NULL; cm = CMSG_NXTHDR(mh, cm)) {
		if (cm->cmsg_level == IPPROTO_IP &&
		    cm->cmsg_type == IP_PKTINFO &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(pi))) {
			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			*local = pi.ipi_addr;
		} else if (cm->cmsg_level == IPPROTO_UDP &&
		    cm->cmsg_type == UDP_GRO &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(seg)))
			memcpy(&seg, CMSG_DATA(cm), sizeof(seg));
	}
	return seg > 0 ? (size_t)seg : 0;
}

/* Described in udp.h. */
int
dp_udp_send(int fd, struct in_addr remote, uint16_t port, const uint8_t *p,
    size_t len)
{
	struct sockaddr_in	sin;
	ssize_t			n;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr = remote;
	sin.sin_port = htons(port);
	do
		n = sendto(fd, p, len, 0, (struct sockaddr *)&sin,
		    sizeof(sin));
	while (n == -1 && errno == EINTR);
	return n == (ssize_t)len ? 0 : -1;
}
