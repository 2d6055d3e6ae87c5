/*
 * Opening TUN devices (see tun.h): /dev/net/tun and TUNSETIFF.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/if.h>
#include <linux/if_tun.h>

#include "platform/tun.h"

/* Described in tun.h. */
int
dp_tun_open(const char *name, char *err, size_t errlen)
{
	struct ifreq	ifr;
	int		fd;

	if (strlen(name) >= IFNAMSIZ) {
		snprintf(err, errlen, "interface name %s is too long", name);
		return -1;
	}
	if ((fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC)) ==
	    -1) {
		snprintf(err, errlen, "/dev/net/tun: %s", strerror(errno));
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	memcpy(ifr.ifr_name, name, strlen(name));
	if (ioctl(fd, TUNSETIFF, &ifr) == -1) {
		snprintf(err, errlen, "cannot create TUN device %s: %s%s",
		    name, strerror(errno), errno == EBUSY ?
		    " (an interface of that name exists)" : "");
		close(fd);
		return -1;
	}
	return fd;
}
