/*
 * ikeflood: sends the first IKE_SA_INIT request of a capture COUNT times
 * to ADDR:PORT, each copy with its own initiator SPI (a new negotiation
 * every time, as a flooding peer makes them).  For the log-flood test;
 * it sends only where the test's namespaces route.
 *
 *	ikeflood PCAP ADDR PORT COUNT [SOURCE[+N]]
 *
 * With SOURCE+N the copies go out round-robin from N consecutive
 * addresses from SOURCE on (each must be on a local interface).  After
 * the last one it listens 1 s for answers and prints
 *	sent PACKETS BYTES received PACKETS BYTES
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/lib/pcap.h"

#define FILE_MAX	(4 * 1024 * 1024)
#define SOURCES_MAX	1024
#define IKE_SA_INIT	34

static uint8_t	file[FILE_MAX];

int
main(int argc, char **argv)
{
	struct pcap_rd		 pr;
	struct pcap_pkt		 pkt;
	struct pcap_udp		 udp;
	struct sockaddr_in	 to, from;
	static struct pollfd	 pf[SOURCES_MAX];
	uint8_t			 rb[65536];
	unsigned long		 nsrc = 1, k, first;
	long			 rx = 0, rx_bytes = 0;
	ssize_t			 r;
	char			*plus = NULL;
	const uint8_t		*ike = NULL;
	uint8_t			 msg[65536];
	size_t			 len = 0, n;
	long			 count, i, sent = 0;
	FILE			*f;
	int			 fd;

	if (argc < 5 || argc > 6 || (count = atol(argv[4])) <= 0 ||
	    count > 1000000) {
		fprintf(stderr, "usage: ikeflood PCAP ADDR PORT COUNT "
		    "[SOURCE]\n");
		return 2;
	}
	if ((f = fopen(argv[1], "rb")) == NULL) {
		perror(argv[1]);
		return 1;
	}
	n = fread(file, 1, sizeof(file), f);
	fclose(f);
	if (pcap_open(&pr, file, n) == -1) {
		fprintf(stderr, "%s: not a capture\n", argv[1]);
		return 1;
	}
	while (pcap_next(&pr, &pkt) == 1) {
		if (pcap_udp(&pr, &pkt, &udp) == 0 &&
		    pcap_ike(&udp, &ike, &len) == 0 && len >= 28 &&
		    ike[18] == IKE_SA_INIT && (ike[19] & 0x20) == 0)
			break;
		ike = NULL;
	}
	if (ike == NULL || len > sizeof(msg)) {
		fprintf(stderr, "%s: no IKE_SA_INIT request\n", argv[1]);
		return 1;
	}
	memcpy(msg, ike, len);
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_port = htons((uint16_t)atoi(argv[3]));
	if (inet_pton(AF_INET, argv[2], &to.sin_addr) != 1) {
		fprintf(stderr, "bad address %s\n", argv[2]);
		return 1;
	}
	memset(&from, 0, sizeof(from));
	from.sin_family = AF_INET;
	if (argc == 6) {
		if ((plus = strchr(argv[5], '+')) != NULL) {
			*plus = '\0';
			nsrc = strtoul(plus + 1, NULL, 10);
		}
		if (nsrc == 0 || nsrc > SOURCES_MAX ||
		    inet_pton(AF_INET, argv[5], &from.sin_addr) != 1) {
			fprintf(stderr, "bad source %s\n", argv[5]);
			return 1;
		}
	}
	first = ntohl(from.sin_addr.s_addr);
	for (k = 0; k < nsrc; k++) {
		if ((pf[k].fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK,
		    0)) == -1) {
			perror("socket");
			return 1;
		}
		pf[k].events = POLLIN;
		from.sin_addr.s_addr = htonl((uint32_t)(first + k));
		if (argc == 6 && bind(pf[k].fd, (struct sockaddr *)&from,
		    sizeof(from)) == -1) {
			perror("bind");
			return 1;
		}
	}
	for (i = 0; i < count; i++) {
		/* The initiator's SPI: the copy's number. */
		memset(msg, 0, 4);
		msg[4] = (uint8_t)(i >> 24) | 0x80;
		msg[5] = (uint8_t)(i >> 16);
		msg[6] = (uint8_t)(i >> 8);
		msg[7] = (uint8_t)i;
		fd = pf[(unsigned long)i % nsrc].fd;
		if (sendto(fd, msg, len, 0, (struct sockaddr *)&to,
		    sizeof(to)) == (ssize_t)len)
			sent++;
		if (i % 256 == 255)
			usleep(1000);	/* let the receiver keep up */
	}
	/* The answers: how many, how large (amplification). */
	for (i = 0; i < 50; i++) {
		if (poll(pf, nsrc, 20) <= 0)
			continue;
		for (k = 0; k < nsrc; k++)
			while ((pf[k].revents & POLLIN) &&
			    (r = recv(pf[k].fd, rb, sizeof(rb), 0)) > 0) {
				rx++;
				rx_bytes += r;
			}
	}
	for (k = 0; k < nsrc; k++)
		close(pf[k].fd);
	if (plus != NULL)
		printf("sent %ld %ld received %ld %ld\n", sent,
		    sent * (long)len, rx, rx_bytes);
	else
		printf("%ld\n", sent);
	return 0;
}
