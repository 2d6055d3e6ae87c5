/*
 * The event loop: epoll over the IKE sockets, the control socket and its
 * connections, a signalfd (SIGTERM, SIGINT, SIGHUP) and one timerfd set to
 * the earliest deadline of the timer heap.  UDP input is read in batches
 * (recvmmsg) and demultiplexed here: IKE to the engine, ESP in UDP to the
 * data plane (with --dataplane none: counted and dropped), keepalives and
 * garbage counted and dropped.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "mgmtsecd/daemon.h"
#include "mgmtsecd/log.h"

#define RX_BATCH	32
#define RX_PER_WAKE	256	/* datagrams per socket per wake-up */
#define RX_BUFSZ	65536
#define SOCK_GRACE_MS	30000

/* Described in daemon.h. */
uint64_t
dmn_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int
dmn_epoll_add(struct dmn *d, int fd, uint32_t events, struct dmn_ev *ev)
{
	struct epoll_event	e = { .events = events, .data.ptr = ev };

	return epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &e);
}

int
dmn_epoll_mod(struct dmn *d, int fd, uint32_t events, struct dmn_ev *ev)
{
	struct epoll_event	e = { .events = events, .data.ptr = ev };

	return epoll_ctl(d->epfd, EPOLL_CTL_MOD, fd, &e);
}

void
dmn_epoll_del(struct dmn *d, int fd)
{
	(void)epoll_ctl(d->epfd, EPOLL_CTL_DEL, fd, NULL);
}

/* Described in daemon.h. */
int
dmn_loop_init(struct dmn *d, char *err, size_t errlen)
{
	sigset_t	set;

	d->epfd = d->sigfd = d->tfd = -1;
	dmn_timers_init(&d->timers);
	if ((d->epfd = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		snprintf(err, errlen, "epoll: %s", strerror(errno));
		return -1;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1 ||
	    (d->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC)) == -1) {
		snprintf(err, errlen, "signalfd: %s", strerror(errno));
		return -1;
	}
	signal(SIGPIPE, SIG_IGN);
	d->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (d->tfd == -1) {
		snprintf(err, errlen, "timerfd: %s", strerror(errno));
		return -1;
	}
	d->ev_sig.type = DMN_EV_SIGNAL;
	d->ev_timer.type = DMN_EV_TIMER;
	if (dmn_epoll_add(d, d->sigfd, EPOLLIN, &d->ev_sig) == -1 ||
	    dmn_epoll_add(d, d->tfd, EPOLLIN, &d->ev_timer) == -1) {
		snprintf(err, errlen, "epoll_ctl: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Sockets
 */

/* Described in daemon.h. */
struct dmn_usock *
dmn_sock_get(struct dmn *d, struct in_addr addr, uint16_t port, int open)
{
	struct dmn_usock	*s, **v;
	struct dmn_ev		*ev;
	char			 err[256], a[INET_ADDRSTRLEN];
	size_t			 i;
	int			 fd, rcvbuf = 0;

	for (i = 0; i < d->n_socks; i++)
		if (d->socks[i]->addr.s_addr == addr.s_addr &&
		    d->socks[i]->port == port) {
			if (open)
				d->socks[i]->unused_since = 0;
			return d->socks[i];
		}
	if (!open)
		return NULL;
	inet_ntop(AF_INET, &addr, a, sizeof(a));
	if ((fd = dp_udp_open(addr, port, &rcvbuf, err, sizeof(err))) == -1) {
		dmn_log(DMN_LOG_ERR, "IKE socket %s:%u: %s", a, port, err);
		return NULL;
	}
	/* The socket and its epoll tag in one allocation. */
	if ((s = calloc(1, sizeof(*s) + sizeof(*ev))) == NULL ||
	    (v = realloc(d->socks, (d->n_socks + 1) * sizeof(*v))) == NULL) {
		free(s);
		close(fd);
		dmn_log(DMN_LOG_ERR, "IKE socket %s:%u: out of memory", a,
		    port);
		return NULL;
	}
	d->socks = v;
	s->addr = addr;
	s->port = port;
	s->fd = fd;
	ev = (struct dmn_ev *)(s + 1);
	ev->type = DMN_EV_UDP;
	ev->obj = s;
	if (dmn_epoll_add(d, fd, EPOLLIN, ev) == -1) {
		dmn_log(DMN_LOG_ERR, "IKE socket %s:%u: epoll: %s", a, port,
		    strerror(errno));
		close(fd);
		free(s);
		return NULL;
	}
	d->socks[d->n_socks++] = s;
	dmn_dp_socket(d, s, 1);
	dmn_log(DMN_LOG_INFO, "listening on %s:%u (receive buffer %d bytes)",
	    a, port, rcvbuf);
	return s;
}

static int
sock_needed(const struct dmn *d, struct in_addr a)
{
	size_t	i, j;

	for (i = 0; i < d->n_tunnels; i++)
		if (d->tunnels[i]->ok &&
		    d->tunnels[i]->local.s_addr == a.s_addr)
			return 1;
	for (i = 0; i < d->cfg.n_policies; i++)
		for (j = 0; j < d->cfg.policies[i].n_local; j++)
			if (d->cfg.policies[i].local[j].s_addr == a.s_addr)
				return 1;
	return 0;
}

static void
sock_close(struct dmn *d, size_t i)
{
	struct dmn_usock	*s = d->socks[i];
	char			 a[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &s->addr, a, sizeof(a));
	dmn_log(DMN_LOG_INFO, "closing IKE socket %s:%u", a, s->port);
	dmn_dp_socket(d, s, 0);
	dmn_epoll_del(d, s->fd);
	close(s->fd);
	free(s);
	d->socks[i] = d->socks[--d->n_socks];
}

/* Described in daemon.h.  A grace period lets Deletes of a removed
 * tunnel still go out from its address. */
void
dmn_socks_sweep(struct dmn *d, uint64_t now)
{
	size_t	i;

	for (i = 0; i < d->n_socks;) {
		struct dmn_usock *s = d->socks[i];

		if (sock_needed(d, s->addr)) {
			s->unused_since = 0;
			i++;
		} else if (s->unused_since == 0) {
			s->unused_since = now;
			i++;
		} else if (now - s->unused_since >= SOCK_GRACE_MS)
			sock_close(d, i);
		else
			i++;
	}
}

/*
 * Input
 */

/* One datagram (or one segment of a coalesced read) from s. */
static void
dgram_input(struct dmn *d, struct dmn_usock *s, struct in_addr local,
    const struct sockaddr_in *from, uint8_t *p, size_t len)
{
	struct ike_event	ev;

	d->stats.rx++;
	switch (dp_udp_classify(s->port, dmn_natt_port(d), p, len)) {
	case DP_DG_ESP:
		d->stats.esp_rx++;
		if (d->dp == NULL || d->dp->udp_input == NULL) {
			d->stats.esp_dropped++;
			return;
		}
		d->dp->udp_input(d->dp, local, s->port, from->sin_addr,
		    ntohs(from->sin_port), p, len);
		return;
	case DP_DG_KEEPALIVE:
		d->stats.keepalives++;
		return;
	case DP_DG_GARBAGE:
		d->stats.garbage++;
		return;
	case DP_DG_IKE:
		break;
	}
	/* ESP that came before this message is handled before it (a
	 * Delete of its SA must not overtake it). */
	if (d->dp != NULL && d->dp->udp_flush != NULL)
		d->dp->udp_flush(d->dp);
	memset(&ev, 0, sizeof(ev));
	ev.type = IKE_EV_DATAGRAM;
	ev.local.ip = local;
	ev.local.port = s->port;
	ev.remote.ip = from->sin_addr;
	ev.remote.port = ntohs(from->sin_port);
	ev.data = p;
	ev.len = len;
	dmn_engine_event(d, &ev);
}

/*
 * Reads what waits on s in batches.  The socket may hand over several
 * datagrams of one flow coalesced (UDP_GRO, see platform/udp.h): each
 * segment is then a datagram of its own, whatever it carries.
 */
static void
udp_input(struct dmn *d, struct dmn_usock *s)
{
	static uint8_t		 bufs[RX_BATCH][RX_BUFSZ];
	struct mmsghdr		 msgs[RX_BATCH];
	struct iovec		 iov[RX_BATCH];
	struct sockaddr_in	 from[RX_BATCH];
	char			 ctl[RX_BATCH][64];
	struct in_addr		 local;
	size_t			 total = 0, len, seg, off, sl;
	int			 n, i;

	while (total < RX_PER_WAKE) {
		memset(msgs, 0, sizeof(msgs));
		for (i = 0; i < RX_BATCH; i++) {
			iov[i].iov_base = bufs[i];
			iov[i].iov_len = sizeof(bufs[i]);
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
			msgs[i].msg_hdr.msg_name = &from[i];
			msgs[i].msg_hdr.msg_namelen = sizeof(from[i]);
			msgs[i].msg_hdr.msg_control = ctl[i];
			msgs[i].msg_hdr.msg_controllen = sizeof(ctl[i]);
		}
		n = recvmmsg(s->fd, msgs, RX_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0) {
			if (n == -1 && errno != EAGAIN && errno != EINTR)
				dmn_log(DMN_LOG_DEBUG, "recvmmsg: %s",
				    strerror(errno));
			return;
		}
		for (i = 0; i < n; i++) {
			len = msgs[i].msg_len;
			if (msgs[i].msg_hdr.msg_namelen < sizeof(from[i]) ||
			    from[i].sin_family != AF_INET ||
			    (msgs[i].msg_hdr.msg_flags & MSG_TRUNC)) {
				d->stats.rx++;
				d->stats.garbage++;
				total++;
				continue;
			}
			local = s->addr;
			seg = dp_udp_cmsg(&msgs[i].msg_hdr, &local);
			if (seg == 0 || seg > len)
				seg = len;
			/* At least once: an empty datagram is one too. */
			off = 0;
			do {
				sl = len - off < seg ? len - off : seg;
				dgram_input(d, s, local, &from[i], bufs[i] + off,
				    sl);
				total++;
				off += sl;
			} while (off < len);
		}
		if (d->dp != NULL && d->dp->udp_flush != NULL)
			d->dp->udp_flush(d->dp);
		if (n < RX_BATCH)
			return;
	}
}

static void
signal_input(struct dmn *d)
{
	struct signalfd_siginfo	si;

	while (read(d->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGHUP:
			dmn_log(DMN_LOG_INFO, "SIGHUP: re-reading the running "
			    "configuration");
			d->reload = 1;
			break;
		case SIGTERM:
		case SIGINT:
			if (d->stopping) {
				dmn_log(DMN_LOG_WARN, "second signal: leaving "
				    "now");
				d->quit = 1;
				break;
			}
			dmn_log(DMN_LOG_INFO, "%s: deleting every SA, then "
			    "exiting", si.ssi_signo == SIGTERM ? "SIGTERM" :
			    "SIGINT");
			d->stopping = 1;
			d->stop_deadline = dmn_now() + DMN_SHUTDOWN_MS;
			dmn_engine_admin(d, IKE_EV_TERMINATE, 0, 0);
			break;
		}
	}
}

static void
timers_run(struct dmn *d)
{
	struct ike_event	ev;
	uint64_t		now = dmn_now(), id, v;
	int			kind, n = 0;

	while (read(d->tfd, &v, sizeof(v)) == (ssize_t)sizeof(v))
		;
	/* Bounded per pass so sockets are not starved by a timer storm. */
	while (n++ < 4096 && dmn_timer_pop(&d->timers, now, &kind, &id)) {
		switch (kind) {
		case DMN_T_ENGINE:
			memset(&ev, 0, sizeof(ev));
			ev.type = IKE_EV_TIMER;
			ev.timer = id;
			dmn_engine_event(d, &ev);
			break;
		case DMN_T_TUNNEL:
			dmn_tunnel_retry(d, (uint32_t)id);
			break;
		case DMN_T_HOUSEKEEP:
			dmn_housekeep(d, now);
			dmn_log_tick();
			dmn_ctl_sweep(d, now);
			dmn_socks_sweep(d, now);
			(void)dmn_timer_set(&d->timers, DMN_T_HOUSEKEEP, 0,
			    now + DMN_HOUSEKEEP_MS);
			break;
		}
	}
}

/* Keeps the timerfd at the heap's earliest deadline. */
static void
timerfd_sync(struct dmn *d)
{
	struct itimerspec	its;
	uint64_t		at;

	if (!dmn_timer_next(&d->timers, &at))
		at = 0;
	if (at == d->armed_at)
		return;
	memset(&its, 0, sizeof(its));
	if (at != 0) {
		/* 0 would disarm: an overdue deadline fires in 1 ns. */
		its.it_value.tv_sec = (time_t)(at / 1000);
		its.it_value.tv_nsec = (long)(at % 1000) * 1000000;
		if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
			its.it_value.tv_nsec = 1;
	}
	if (timerfd_settime(d->tfd, TFD_TIMER_ABSTIME, &its, NULL) == 0)
		d->armed_at = at;
}

static int
all_gone(const struct dmn *d)
{
	struct ike_sa_counts	n;
	size_t			i, j;

	ike_engine_counts(d->eng, &n);
	for (i = 0; i < 2; i++)
		for (j = 0; j < IKE_SA_STATE_MAX; j++)
			if (n.n[i][j] != 0)
				return 0;
	return 1;
}

/* Described in daemon.h. */
int
dmn_loop_run(struct dmn *d)
{
	struct epoll_event	evs[64];
	struct dmn_ev		*ev;
	int			 n, i, timeout, timer;

	(void)dmn_timer_set(&d->timers, DMN_T_HOUSEKEEP, 0,
	    dmn_now() + DMN_HOUSEKEEP_MS);
	while (!d->quit) {
		timerfd_sync(d);
		timeout = d->stopping ? 100 : -1;
		n = epoll_wait(d->epfd, evs, 64, timeout);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			dmn_log(DMN_LOG_ERR, "epoll_wait: %s", strerror(errno));
			return -1;
		}
		timer = 0;
		for (i = 0; i < n; i++) {
			ev = evs[i].data.ptr;
			switch (ev->type) {
			case DMN_EV_SIGNAL:
				signal_input(d);
				break;
			case DMN_EV_TIMER:
				/* After the batch: housekeeping may close
				 * sockets and connections that later events
				 * of this batch still point at. */
				timer = 1;
				break;
			case DMN_EV_LISTEN:
				dmn_ctl_accept(d);
				break;
			case DMN_EV_CONN:
				dmn_ctl_io(d, ev->obj, evs[i].events);
				break;
			case DMN_EV_UDP:
				udp_input(d, ev->obj);
				break;
			case DMN_EV_DP:
				dmn_dp_events(d);
				break;
			}
		}
		if (timer)
			timers_run(d);
		if (d->reload) {
			d->reload = 0;
			if (!d->stopping)
				(void)dmn_reconcile(d, NULL, NULL, NULL, NULL,
				    0);
		}
		if (d->stopping && (all_gone(d) ||
		    dmn_now() >= d->stop_deadline))
			d->quit = 1;
	}
	return 0;
}

/* Described in daemon.h. */
void
dmn_loop_free(struct dmn *d)
{
	size_t	i;

	for (i = 0; i < d->n_socks; i++) {
		close(d->socks[i]->fd);
		free(d->socks[i]);
	}
	free(d->socks);
	d->socks = NULL;
	d->n_socks = 0;
	if (d->tfd != -1)
		close(d->tfd);
	if (d->sigfd != -1)
		close(d->sigfd);
	if (d->epfd != -1)
		close(d->epfd);
	d->tfd = d->sigfd = d->epfd = -1;
	dmn_timers_free(&d->timers);
}
