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

/*
 * Asks fd for the virtio-net header and TCP segmentation offload: 0, or -1
 * when the kernel refuses (the device then stays as it was: a header is
 * only in effect once the offloads are too, so the flag goes back off).
 */
static int
offload_on(int fd)
{
	int	sz = 10, flags;

	if (ioctl(fd, TUNSETVNETHDRSZ, &sz) == -1)
		return -1;
	flags = TUN_F_CSUM | TUN_F_TSO4;
	if (ioctl(fd, TUNSETOFFLOAD, (unsigned long)flags) == -1)
		return -1;
	return 0;
}

/* Described in tun.h. */
int
dp_tun_open(const char *name, int offload, int *vnet, char *err,
    size_t errlen)
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
	*vnet = 0;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI | (offload ? IFF_VNET_HDR : 0);
	memcpy(ifr.ifr_name, name, strlen(name));
	if (ioctl(fd, TUNSETIFF, &ifr) == -1) {
		snprintf(err, errlen, "cannot create TUN device %s: %s%s",
		    name, strerror(errno), errno == EBUSY ?
		    " (an interface of that name exists)" : "");
		close(fd);
		return -1;
	}
	if (offload) {
		if (offload_on(fd) == 0) {
			*vnet = 1;
			return fd;
		}
		/* No offloads: the same device without the header. */
		close(fd);
		return dp_tun_open(name, 0, vnet, err, errlen);
	}
	return fd;
}
