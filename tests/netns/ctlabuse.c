/*
 * ctlabuse: bad clients of mgmtsecd's control socket, for
 * tests/netns/ctlabuse.sh.  Opens COUNT connections of one kind and keeps
 * them for SECONDS, then prints how many the daemon closed.
 *
 *	ctlabuse SOCKET KIND COUNT SECONDS
 *
 *	garbage   64 random octets, then nothing
 *	oversized a frame header announcing 4 GiB
 *	badhello  a well-formed frame of an unknown type first
 *	slow      a HELLO frame header, one octet every 200 ms, never done
 *	silent    connect, send nothing
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAXC	512

static int
conn(const char *path)
{
	struct sockaddr_un	sun;
	int			fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* 1 when the daemon has closed fd (EOF or reset). */
static int
closed(int fd)
{
	struct pollfd	pf = { fd, POLLIN, 0 };
	char		b[256];
	ssize_t		r;

	if (poll(&pf, 1, 0) <= 0)
		return 0;
	r = recv(fd, b, sizeof(b), MSG_DONTWAIT);
	return r == 0 || (r == -1 && errno != EAGAIN);
}

int
main(int argc, char **argv)
{
	static const uint8_t hello_hdr[12] = { 0, 0, 0, 40, 0, 1, 0, 0,
	    0, 0, 0, 1 };
	static const uint8_t big[12] = { 0xff, 0xff, 0xff, 0xff, 0, 1, 0, 0,
	    0, 0, 0, 1 };
	static const uint8_t unknown[12] = { 0, 0, 0, 0, 0x7f, 0x7f, 0, 0,
	    0, 0, 0, 1 };
	int		fd[MAXC], isclosed[MAXC];
	uint8_t		junk[64];
	size_t		off = 0;
	long		n, i, secs, ngone = 0, opened = 0;
	time_t		end;
	const char	*kind;

	if (argc != 5 || (n = atol(argv[3])) <= 0 || n > MAXC ||
	    (secs = atol(argv[4])) <= 0 || secs > 120) {
		fprintf(stderr, "usage: ctlabuse SOCKET KIND COUNT SECONDS\n");
		return 2;
	}
	kind = argv[2];
	for (i = 0; i < n; i++) {
		isclosed[i] = 0;
		if ((fd[i] = conn(argv[1])) == -1) {
			isclosed[i] = 1;	/* refused at once */
			continue;
		}
		opened++;
		if (strcmp(kind, "garbage") == 0) {
			if (getrandom(junk, sizeof(junk), 0) == sizeof(junk))
				(void)send(fd[i], junk, sizeof(junk),
				    MSG_NOSIGNAL);
		} else if (strcmp(kind, "oversized") == 0)
			(void)send(fd[i], big, sizeof(big), MSG_NOSIGNAL);
		else if (strcmp(kind, "badhello") == 0)
			(void)send(fd[i], unknown, sizeof(unknown),
			    MSG_NOSIGNAL);
		else if (strcmp(kind, "slow") != 0 &&
		    strcmp(kind, "silent") != 0) {
			fprintf(stderr, "ctlabuse: unknown kind %s\n", kind);
			return 2;
		}
	}
	end = time(NULL) + secs;
	while (time(NULL) < end) {
		for (i = 0; i < n; i++) {
			if (isclosed[i])
				continue;
			if (closed(fd[i])) {
				isclosed[i] = 1;
				continue;
			}
			if (strcmp(kind, "slow") == 0 && off < 11)
				(void)send(fd[i], hello_hdr + off, 1,
				    MSG_NOSIGNAL);
		}
		if (strcmp(kind, "slow") == 0 && off < 11)
			off++;
		usleep(200000);
	}
	for (i = 0; i < n; i++) {
		if (isclosed[i] || closed(fd[i]))
			ngone++;
		if (fd[i] != -1)
			close(fd[i]);
	}
	printf("%ld opened, %ld closed by the daemon\n", opened, ngone);
	return 0;
}
