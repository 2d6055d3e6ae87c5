/*
 * The daemon's side of the data plane: which backend runs (--dataplane,
 * and for auto the probes that decide), why, and the wiring around it:
 * the NAT-T sockets it sends ESP in UDP on, ESP in UDP that arrives on
 * them, and its events (volume limits reached), which become engine
 * events for the tunnel whose Child SA they concern.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "mgmtsecd/daemon.h"
#include "mgmtsecd/log.h"
#include "platform/dp_none.h"
#include "platform/dp_tun.h"
#include "platform/dp_xfrm.h"

static int
dp_rand(void *arg, void *buf, size_t len)
{
	return RAND_bytes(buf, (int)len) == 1 ? 0 : -1;
}

static int
use_none(struct dmn *d, const char *why, char *err, size_t errlen)
{
	if ((d->dp = dp_none_new(dp_rand, NULL)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(d->dp_why, sizeof(d->dp_why), "%s", why);
	return 0;
}

/* Described in daemon.h. */
int
dmn_dp_init(struct dmn *d, char *err, size_t errlen)
{
	char	kwhy[256] = "", uwhy[256] = "", why[600];

	switch (d->opts.dataplane) {
	case DMN_DP_NONE:
		return use_none(d, "--dataplane none: Child SAs are recorded, "
		    "no packets are moved", err, errlen);
	case DMN_DP_KERNEL:
		if ((d->dp = dp_xfrm_new(dp_rand, NULL, kwhy,
		    sizeof(kwhy))) == NULL) {
			snprintf(err, errlen, "--dataplane kernel: %s", kwhy);
			return -1;
		}
		snprintf(d->dp_why, sizeof(d->dp_why), "--dataplane kernel");
		return 0;
	case DMN_DP_USERSPACE:
		if ((d->dp = dp_tun_new(dp_rand, NULL, uwhy,
		    sizeof(uwhy))) == NULL) {
			snprintf(err, errlen, "--dataplane userspace: %s", uwhy);
			return -1;
		}
		snprintf(d->dp_why, sizeof(d->dp_why),
		    "--dataplane userspace");
		return 0;
	case DMN_DP_AUTO:
		break;
	}
	/* auto: the kernel where it can do ESP on a vti link, else ESP in
	 * this process over TUN, else nothing that moves packets. */
	if (dp_xfrm_probe(kwhy, sizeof(kwhy)) == 0 &&
	    (d->dp = dp_xfrm_new(dp_rand, NULL, kwhy, sizeof(kwhy))) != NULL) {
		snprintf(d->dp_why, sizeof(d->dp_why), "auto: the kernel does "
		    "ESP with vti links");
		return 0;
	}
	if (dp_tun_probe(uwhy, sizeof(uwhy)) == 0 &&
	    (d->dp = dp_tun_new(dp_rand, NULL, uwhy, sizeof(uwhy))) != NULL) {
		snprintf(d->dp_why, sizeof(d->dp_why), "auto: the kernel "
		    "cannot do ESP here (%s); ESP runs in mgmtsecd", kwhy);
		return 0;
	}
	snprintf(why, sizeof(why), "auto: no data plane can move packets "
	    "(kernel: %s; userspace: %s); Child SAs are recorded only", kwhy,
	    uwhy);
	dmn_log(DMN_LOG_WARN, "data plane: %s", why);
	return use_none(d, why, err, errlen);
}

/* Described in daemon.h. */
void
dmn_dp_free(struct dmn *d)
{
	char	err[128];

	if (d->dp == NULL)
		return;
	if (d->dp->flush != NULL)
		(void)d->dp->flush(d->dp, err, sizeof(err));
	d->dp->destroy(d->dp);
	d->dp = NULL;
}

/* Described in daemon.h. */
void
dmn_dp_socket(struct dmn *d, const struct dmn_usock *s, int open)
{
	char	err[160], a[INET_ADDRSTRLEN];

	if (d->dp == NULL || d->dp->udp_socket == NULL ||
	    s->port != dmn_natt_port(d))
		return;
	if (d->dp->udp_socket(d->dp, s->addr, s->port, open ? s->fd : -1,
	    err, sizeof(err)) == -1)
		dmn_log(DMN_LOG_ERR, "data plane: NAT-T socket %s:%u: %s",
		    dmn_ip(s->addr, a), s->port, err);
}

/* The tunnel whose Child SA has this SPI (either direction), or 0. */
static uint32_t
peer_of_spi(struct dmn *d, uint32_t spi)
{
	struct dmn_snap	s;
	uint32_t	peer = 0;
	size_t		i, j;

	if (dmn_snap_take(d, &s) == -1)
		return 0;
	for (i = 0; i < s.n && peer == 0; i++)
		for (j = 0; j < s.v[i].n_children; j++)
			if (s.v[i].children[j].spi_in == spi ||
			    s.v[i].children[j].spi_out == spi) {
				peer = s.v[i].peer_id;
				break;
			}
	free(s.v);
	return peer;
}

/* Described in daemon.h. */
void
dmn_dp_events(struct dmn *d)
{
	struct dp_event	ev;
	uint32_t	peer;
	int		n = 0;

	/* Bounded per wake-up; the descriptor stays readable for more. */
	while (n++ < 64 && d->dp->next_event != NULL &&
	    d->dp->next_event(d->dp, &ev) == 1) {
		peer = peer_of_spi(d, ev.key.spi);
		dmn_log(DMN_LOG_INFO, "data plane: SA %08x reached its %s "
		    "limit%s", ev.key.spi, ev.type == DP_EV_HARD ? "hard" :
		    "soft", peer == 0 ? " (no Child SA has it now)" :
		    ev.type == DP_EV_HARD ? ": replacing the Child SA" :
		    ": rekeying");
		if (peer == 0 || d->stopping)
			continue;
		/* A soft limit asks for a rekey (the old SA keeps working
		 * until the new one is up); at a hard one the SA no longer
		 * carries anything, so its Child SA is replaced now. */
		dmn_engine_admin(d, ev.type == DP_EV_HARD ?
		    IKE_EV_CLEAR_CHILD : IKE_EV_REKEY_CHILD, peer, 0);
	}
}
