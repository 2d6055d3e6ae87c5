/*
 * The userspace data plane (see dp_tun.h): the SA and tunnel tables the
 * daemon's thread edits through struct dp, and the two packet threads
 * that read them.
 *
 * Tables.  SAs live in a hash table keyed by (destination, SPI), as the
 * kernel keys them; a reserved SPI is a "larval" entry without ESP state.
 * Tunnels are a short list keyed by if_id, each pointing at its newest
 * outbound SA (the one that carries its traffic).  Everything is changed
 * only on the daemon's thread, under the write side of `lock`; the packet
 * threads hold the read side for one batch at a time.  The lock prefers
 * writers, so a steady stream of batches cannot starve a rekey.
 *
 * Ownership of ESP state: an inbound SA without UDP encapsulation is
 * decapsulated only by the receive thread, one with it only by the
 * daemon's thread (udp_input), and an outbound SA only by the transmit
 * thread, so no SA's sequence counter or replay window is shared by two
 * threads.  Counters are atomics (ipsec/esp.h) and read from anywhere.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <netinet/udp.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "ipsec/esp.h"
#include "platform/dp_tun.h"
#include "platform/gso.h"
#include "platform/nl_link.h"
#include "platform/pkt.h"
#include "platform/tun.h"

#define BATCH		64		/* packets per read/send round */
#define PKT_ROOM	64		/* head room: IP and ESP headers */
#define IP_HLEN		20
#define PKT_BUF		(PKT_ROOM + 65536 + 64)
#define HASH_MIN	256
#define EVQ_MAX		256
#define UDP_MAX		64		/* NAT-T sockets */
#define TUN_DEFAULT_MTU	1400		/* 1500 less the largest ESP cost */
#define ESP_RCVBUF	(8 * 1024 * 1024)
#define UDP_GSO_MAX	64		/* datagrams per UDP_SEGMENT send */
#define UDP_GSO_BYTES	65000		/* payload of one (IPv4 limit 65507) */

struct tsa {
	struct tsa		*next;		/* hash chain */
	struct dp_sa_key	 key;
	enum dp_dir		 dir;
	int			 larval;	/* SPI reserved, no SA yet */
	uint32_t		 if_id;
	uint32_t		 reqid;
	struct in_addr		 src, dst;	/* outer addresses */
	int			 encap;
	uint16_t		 sport, dport;
	struct dp_ts		 ts_src, ts_dst;
	uint64_t		 order;		/* when added (newest wins) */
	uint64_t		 last_use_ms;	/* atomic */
	struct esp_sa		*esp;
};

struct tif {
	struct tif		*next;
	uint32_t		 if_id;
	char			 name[16];
	int			 fd;
	uint32_t		 ifindex;
	struct in_addr		 local, remote;
	struct tsa		*out;		/* newest outbound SA */
	int			 vnet;		/* virtio-net header, TSO */
};

struct tudp {
	struct in_addr	local;
	uint16_t	port;
	int		fd;
};

/* A coalescer (one per thread that decapsulates): segments of one TCP
 * stream that arrive together go to their device as one packet. */
struct rxgro {
	struct dp_gro	 g;
	struct tif	*tif;		/* whose packet g holds */
	uint8_t		*mem;
};

/* One received ESP packet waiting for deliver(): where it is and the
 * local address it came to. */
struct rxq {
	uint8_t		*esp;
	size_t		 len;
	struct in_addr	 dst;
};

struct counters {
	uint64_t	out, in, no_sa, bad, io;	/* atomics */
};

struct dp_tun {
	struct dp		 dp;		/* first: the interface */
	int			(*rand)(void *, void *, size_t);
	void			*rand_arg;
	pthread_rwlock_t	 lock;
	struct tsa		**hash;
	size_t			 hcap, hused, n_sas;
	uint64_t		 order;
	struct tif		*tifs;
	size_t			 n_tifs;
	struct tudp		 udp[UDP_MAX];
	size_t			 n_udp;
	struct dp_nl		*nl;
	int			 raw;		/* raw ESP socket */
	int			 raw_tx;	/* IPPROTO_RAW: sends only */
	int			 tx_ep, rx_ep, stop;
	pthread_t		 tx, rx;
	int			 threads;
	struct counters		 cnt;
	/* Events for the daemon. */
	pthread_mutex_t		 evlock;
	struct dp_event		 evq[EVQ_MAX];
	size_t			 evhead, evlen;
	uint64_t		 ev_lost;
	/* The daemon thread's coalescer for ESP in UDP (udp_input, held
	 * until udp_flush). */
	struct rxgro		 ugro;
	struct rxq		 uq[BATCH];	/* borrowed until udp_flush */
	size_t			 nuq;
	int			 no_gso;	/* UDP_SEGMENT refused */
};

#define CNT_ADD(x, n)	__atomic_add_fetch(&(x), (n), __ATOMIC_RELAXED)
#define CNT_GET(x)	__atomic_load_n(&(x), __ATOMIC_RELAXED)

/* "what" or "what: why" into the caller's buffer. */
static void
seterr(char *err, size_t errlen, const char *what, const char *why)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s%s%s", what, why != NULL ? ": " : "",
		    why != NULL ? why : "");
}

/* Adds one to an eventfd (its value is never read as a count). */
static void
kick(int fd)
{
	uint64_t	one = 1;

	if (write(fd, &one, sizeof(one)) == -1) {
		/* Full (2^64 - 1) or closed: a wake-up is pending anyway. */
	}
}

static uint64_t
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * SA table (daemon thread writes under the lock; readers hold it)
 */

static size_t
hkey(struct in_addr dst, uint32_t spi)
{
	uint64_t	h = ((uint64_t)dst.s_addr << 32) | spi;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h;
}

static struct tsa *
sa_find(const struct dp_tun *t, struct in_addr dst, uint32_t spi)
{
	struct tsa	*s;

	if (t->hcap == 0)
		return NULL;
	for (s = t->hash[hkey(dst, spi) & (t->hcap - 1)]; s != NULL;
	    s = s->next)
		if (s->key.spi == spi && s->key.dst.s_addr == dst.s_addr)
			return s;
	return NULL;
}

static int
sa_insert(struct dp_tun *t, struct tsa *s)
{
	struct tsa	**nh, *x, *n;
	size_t		  cap, i, b;

	if (t->hused + 1 > t->hcap) {
		cap = t->hcap == 0 ? HASH_MIN : t->hcap * 2;
		if ((nh = calloc(cap, sizeof(*nh))) == NULL)
			return -1;
		for (i = 0; i < t->hcap; i++)
			for (x = t->hash[i]; x != NULL; x = n) {
				n = x->next;
				b = hkey(x->key.dst, x->key.spi) & (cap - 1);
				x->next = nh[b];
				nh[b] = x;
			}
		free(t->hash);
		t->hash = nh;
		t->hcap = cap;
	}
	b = hkey(s->key.dst, s->key.spi) & (t->hcap - 1);
	s->next = t->hash[b];
	t->hash[b] = s;
	t->hused++;
	return 0;
}

static void
sa_unlink(struct dp_tun *t, struct tsa *s)
{
	struct tsa	**pp;

	for (pp = &t->hash[hkey(s->key.dst, s->key.spi) & (t->hcap - 1)];
	    *pp != NULL; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			t->hused--;
			return;
		}
}

static struct tif *
tif_find(const struct dp_tun *t, uint32_t if_id)
{
	struct tif	*i;

	for (i = t->tifs; i != NULL; i = i->next)
		if (i->if_id == if_id)
			return i;
	return NULL;
}

/* Points tunnel i at its newest outbound SA (after an add or delete). */
static void
tif_pick_out(struct dp_tun *t, struct tif *i)
{
	struct tsa	*s, *best = NULL;
	size_t		 b;

	for (b = 0; b < t->hcap; b++)
		for (s = t->hash[b]; s != NULL; s = s->next)
			if (!s->larval && s->dir == DP_DIR_OUT &&
			    s->if_id == i->if_id &&
			    (best == NULL || s->order > best->order))
				best = s;
	i->out = best;
}

static void
sa_free(struct tsa *s)
{
	if (s == NULL)
		return;
	esp_sa_free(s->esp);
	OPENSSL_cleanse(s, sizeof(*s));
	free(s);
}

/*
 * Events (packet threads post, the daemon drains)
 */

static void
post_event(struct dp_tun *t, const struct tsa *s, enum dp_ev_type type)
{
	struct dp_event	*e;

	pthread_mutex_lock(&t->evlock);
	if (t->evlen == EVQ_MAX) {
		t->ev_lost++;
	} else {
		e = &t->evq[(t->evhead + t->evlen) % EVQ_MAX];
		memset(e, 0, sizeof(*e));
		e->type = type;
		e->key = s->key;
		e->reqid = s->reqid;
		e->dir = s->dir;
		t->evlen++;
	}
	pthread_mutex_unlock(&t->evlock);
	kick(t->dp.event_fd);
}

static void
raise_events(struct dp_tun *t, const struct tsa *s, unsigned ev)
{
	if (ev & (ESP_EV_SOFT | ESP_EV_SEQ_SOFT))
		post_event(t, s, DP_EV_SOFT);
	if (ev & ESP_EV_HARD)
		post_event(t, s, DP_EV_HARD);
}

static int
tun_next_event(struct dp *dp, struct dp_event *ev)
{
	struct dp_tun	*t = (struct dp_tun *)dp;
	uint64_t	 v;
	int		 got = 0;

	if (read(t->dp.event_fd, &v, sizeof(v)) == -1) {
		/* EAGAIN: nothing was signalled; the queue says. */
	}
	pthread_mutex_lock(&t->evlock);
	if (t->evlen > 0) {
		*ev = t->evq[t->evhead];
		t->evhead = (t->evhead + 1) % EVQ_MAX;
		t->evlen--;
		got = 1;
	}
	pthread_mutex_unlock(&t->evlock);
	return got;
}

/*
 * Transmit: TUN -> ESP
 */

struct txbuf {
	uint8_t			*buf[BATCH];
	uint8_t			*big;		/* a device read with offloads */
	size_t			 ilen[BATCH];	/* queued inner packets */
	struct esp_burst	 burst[BATCH];
	struct mmsghdr		 msg[BATCH];
	struct iovec		 iov[BATCH];
	struct sockaddr_in	 to[BATCH];
	union {
		char		 b[CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr	 align;
	}			 ctl[BATCH];
	/* ESP in UDP: runs of equal-sized packets, one message each. */
	struct mmsghdr		 gmsg[BATCH];
	unsigned		 gcount[BATCH];
	size_t			 glen[BATCH];
	union {
		char		 b[CMSG_SPACE(sizeof(uint16_t))];
		struct cmsghdr	 align;
	}			 gctl[BATCH];
};

static int
udp_fd(const struct dp_tun *t, struct in_addr local, uint16_t port)
{
	size_t	i;

	for (i = 0; i < t->n_udp; i++)
		if (t->udp[i].local.s_addr == local.s_addr &&
		    t->udp[i].port == port)
			return t->udp[i].fd;
	return -1;
}

/*
 * Sends msg[0 .. n) on fd; counts what the system refused.  On the raw
 * sending socket (our own IP header) a packet larger than the device's
 * MTU is refused rather than fragmented: that one goes again, without
 * its IP header, on the ESP socket, which lets the kernel fragment it.
 */
static void
send_batch(struct dp_tun *t, int fd, struct mmsghdr *msg, unsigned n)
{
	struct msghdr	 one;
	struct iovec	 iov;
	unsigned	 done = 0;
	int		 r;

	while (done < n) {
		r = sendmmsg(fd, msg + done, n - done, MSG_DONTWAIT);
		if (r <= 0) {
			if (r == -1 && errno == EINTR)
				continue;
			if (r == -1 && errno == EMSGSIZE && fd == t->raw_tx) {
				one = msg[done].msg_hdr;
				iov = one.msg_iov[0];
				iov.iov_base = (uint8_t *)iov.iov_base + IP_HLEN;
				iov.iov_len -= IP_HLEN;
				one.msg_iov = &iov;
				if (sendmsg(t->raw, &one, MSG_DONTWAIT) == -1)
					CNT_ADD(t->cnt.io, 1);
				else
					CNT_ADD(t->cnt.out, 1);
				done++;
				continue;
			}
			/* A full queue or an unreachable peer: drop the
			 * rest of this batch rather than block. */
			CNT_ADD(t->cnt.io, n - done);
			return;
		}
		CNT_ADD(t->cnt.out, (unsigned)r);
		done += (unsigned)r;
	}
}

/*
 * Queues the inner packet of len octets at b->buf[n] + PKT_ROOM for SA s
 * (tx_flush encapsulates the queue as one burst): returns n + 1, or n
 * when it was dropped.
 */
static unsigned
tx_queue(struct dp_tun *t, struct tsa *s, struct txbuf *b, unsigned n,
    size_t len)
{
	struct dp_pkt	 h;

	if (dp_pkt_parse(b->buf[n] + PKT_ROOM, len, &h) == -1 ||
	    !dp_pkt_ts_match(&h, &s->ts_src, &s->ts_dst)) {
		CNT_ADD(t->cnt.no_sa, 1);
		return n;
	}
	b->ilen[n] = len;
	return n + 1;
}

/* Makes the ESP packet pkt (olen octets) for SA s message m. */
static void
tx_msg(struct tsa *s, struct txbuf *b, unsigned m, uint8_t *pkt,
    size_t olen)
{
	struct cmsghdr		*cm;
	struct in_pktinfo	 pi;

	if (!s->encap) {
		/*
		 * Raw ESP carries its IP header (RFC 791), in the head room
		 * in front of the ESP header: the kernel fills in the
		 * length, the ID and the checksum.  No DF, as the ESP
		 * socket's IP_PMTUDISC_DONT.
		 */
		pkt -= IP_HLEN;
		olen += IP_HLEN;
		memset(pkt, 0, IP_HLEN);
		pkt[0] = 0x45;
		pkt[8] = 64;
		pkt[9] = IPPROTO_ESP;
		memcpy(pkt + 12, &s->src, 4);
		memcpy(pkt + 16, &s->dst, 4);
	}
	b->iov[m].iov_base = pkt;
	b->iov[m].iov_len = olen;
	memset(&b->msg[m], 0, sizeof(b->msg[m]));
	memset(&b->to[m], 0, sizeof(b->to[m]));
	b->to[m].sin_family = AF_INET;
	b->to[m].sin_addr = s->dst;
	b->to[m].sin_port = s->encap ? htons(s->dport) : 0;
	b->msg[m].msg_hdr.msg_name = &b->to[m];
	b->msg[m].msg_hdr.msg_namelen = sizeof(b->to[m]);
	b->msg[m].msg_hdr.msg_iov = &b->iov[m];
	b->msg[m].msg_hdr.msg_iovlen = 1;
	if (!s->encap) {
		/* Raw ESP leaves from the tunnel's source address. */
		b->msg[m].msg_hdr.msg_control = b->ctl[m].b;
		b->msg[m].msg_hdr.msg_controllen = sizeof(b->ctl[m].b);
		cm = CMSG_FIRSTHDR(&b->msg[m].msg_hdr);
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memset(&pi, 0, sizeof(pi));
		pi.ipi_spec_dst = s->src;
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	}
}

/*
 * Encapsulates the n queued packets in s as one burst (ipsec/esp.h) and
 * makes the ones that succeeded messages 0 .. m: returns m.  The inner
 * packet sits hdr octets after the start of its ESP packet: the start
 * moves, not the packet.
 */
static unsigned
tx_encap(struct dp_tun *t, struct tsa *s, struct txbuf *b, unsigned n)
{
	size_t		hdr = esp_header_len(s->esp);
	unsigned	k, m = 0, ev = 0;

	for (k = 0; k < n; k++) {
		b->burst[k].buf = b->buf[k] + PKT_ROOM - hdr;
		b->burst[k].cap = PKT_BUF - PKT_ROOM + hdr;
		b->burst[k].len = b->ilen[k];
	}
	(void)esp_encap_burst(s->esp, b->burst, n, &ev);
	if (ev)
		raise_events(t, s, ev);
	for (k = 0; k < n; k++) {
		if (b->burst[k].v != ESP_OK) {
			CNT_ADD(t->cnt.bad, 1);
			continue;
		}
		tx_msg(s, b, m++, b->burst[k].buf, b->burst[k].out_len);
	}
	return m;
}

/*
 * Sends b's n ESP-in-UDP packets as runs of UDP segmentation offload:
 * each run is one message whose datagrams all have the size of its first
 * but the last (which may be shorter), at most UDP_GSO_MAX of them and
 * UDP_GSO_BYTES in all.  The kernel then carries a run through its stack,
 * and across a veth, as one packet.  0, or -1 when the kernel refused the
 * offload itself (nothing of this batch was sent then).
 */
static int
send_gso(struct dp_tun *t, int fd, struct txbuf *b, unsigned n)
{
	struct cmsghdr	*cm;
	unsigned	 k, g = 0, done = 0, cnt;
	uint16_t	 sz;
	int		 r;

	for (k = 0; k < n; k++)
		b->glen[k] = b->iov[k].iov_len;
	for (k = 0; k < n; k += cnt, g++) {
		cnt = (unsigned)dp_udp_gso_run(b->glen + k, n - k,
		    UDP_GSO_MAX, UDP_GSO_BYTES);
		b->gmsg[g] = b->msg[k];
		b->gmsg[g].msg_hdr.msg_iovlen = cnt;
		b->gcount[g] = cnt;
		if (cnt > 1) {
			b->gmsg[g].msg_hdr.msg_control = b->gctl[g].b;
			b->gmsg[g].msg_hdr.msg_controllen =
			    sizeof(b->gctl[g].b);
			cm = CMSG_FIRSTHDR(&b->gmsg[g].msg_hdr);
			cm->cmsg_level = IPPROTO_UDP;
			cm->cmsg_type = UDP_SEGMENT;
			cm->cmsg_len = CMSG_LEN(sizeof(sz));
			sz = (uint16_t)b->glen[k];
			memcpy(CMSG_DATA(cm), &sz, sizeof(sz));
		}
	}
	while (done < g) {
		r = sendmmsg(fd, b->gmsg + done, g - done, MSG_DONTWAIT);
		if (r <= 0) {
			if (r == -1 && errno == EINTR)
				continue;
			/* No checksum offload on the way out (EIO), or a
			 * kernel without UDP_SEGMENT: never again. */
			if (r == -1 && done == 0 && (errno == EIO ||
			    errno == EINVAL || errno == ENOPROTOOPT) &&
			    b->gcount[0] > 1)
				return -1;
			for (; done < g; done++)
				CNT_ADD(t->cnt.io, b->gcount[done]);
			return 0;
		}
		for (k = 0; k < (unsigned)r; k++)
			CNT_ADD(t->cnt.out, b->gcount[done + k]);
		done += (unsigned)r;
	}
	return 0;
}

/* Encapsulates and sends what b holds for SA s (n packets). */
static void
tx_flush(struct dp_tun *t, struct tsa *s, struct txbuf *b, unsigned n)
{
	int	fd;

	if (n == 0 || (n = tx_encap(t, s, b, n)) == 0)
		return;
	__atomic_store_n(&s->last_use_ms, now_ms(), __ATOMIC_RELAXED);
	fd = s->encap ? udp_fd(t, s->src, s->sport) : t->raw_tx;
	if (fd == -1) {
		CNT_ADD(t->cnt.io, n);
		return;
	}
	if (s->encap && n > 1 && !__atomic_load_n(&t->no_gso,
	    __ATOMIC_RELAXED)) {
		if (send_gso(t, fd, b, n) == 0)
			return;
		__atomic_store_n(&t->no_gso, 1, __ATOMIC_RELAXED);
	}
	send_batch(t, fd, b->msg, n);
}

/*
 * A read from a device with a virtio-net header (in b->big, the packet at
 * PKT_ROOM): an ordinary packet becomes message n as it is (its checksum
 * completed), a TCP super-packet is cut into segments, each its own
 * message; full batches go out on the way.  Returns the new n.
 */
static unsigned
tx_offloaded(struct dp_tun *t, struct tsa *s, struct txbuf *b, unsigned n,
    size_t len)
{
	struct dp_vnet	 v;
	uint8_t		*pkt = b->big + PKT_ROOM, *swap;
	size_t		 k, nseg, mx, sl;

	dp_vnet_decode(pkt - DP_VNET_LEN, &v);
	if (v.gso_type == DP_VNET_GSO_NONE) {
		if (dp_csum_complete(pkt, len, &v) == -1) {
			CNT_ADD(t->cnt.bad, 1);
			return n;
		}
		swap = b->buf[n];
		b->buf[n] = b->big;
		b->big = swap;
		return tx_queue(t, s, b, n, len);
	}
	if (dp_gso_count(pkt, len, &v, &nseg, &mx) == -1) {
		CNT_ADD(t->cnt.bad, 1);
		return n;
	}
	for (k = 0; k < nseg; k++) {
		if (n == BATCH) {
			tx_flush(t, s, b, n);
			n = 0;
		}
		sl = dp_gso_segment(pkt, len, &v, k, b->buf[n] + PKT_ROOM,
		    PKT_BUF - PKT_ROOM - 64);
		if (sl == 0) {
			CNT_ADD(t->cnt.bad, 1);
			continue;
		}
		n = tx_queue(t, s, b, n, sl);
	}
	return n;
}

/* Reads and sends what waits on one tunnel's device, up to one batch of
 * reads. */
static void
tx_tunnel(struct dp_tun *t, struct tif *i, struct txbuf *b)
{
	struct tsa	*s = i->out;
	size_t		 vh = i->vnet ? DP_VNET_LEN : 0;
	unsigned	 n = 0, reads;
	uint8_t		*rb;
	ssize_t		 r;

	for (reads = 0; reads < BATCH; reads++) {
		rb = i->vnet ? b->big : b->buf[n];
		r = read(i->fd, rb + PKT_ROOM - vh, PKT_BUF - PKT_ROOM - 64);
		if (r <= 0)
			break;
		if (s == NULL || (size_t)r <= vh) {
			CNT_ADD(t->cnt.no_sa, 1);
			continue;
		}
		if (i->vnet)
			n = tx_offloaded(t, s, b, n, (size_t)r - vh);
		else
			n = tx_queue(t, s, b, n, (size_t)r);
		if (n == BATCH) {
			tx_flush(t, s, b, n);
			n = 0;
		}
	}
	if (s != NULL)
		tx_flush(t, s, b, n);
}

static void *
tx_main(void *arg)
{
	struct dp_tun		*t = arg;
	struct epoll_event	 evs[32];
	struct txbuf		*b;
	struct tif		*i;
	int			 n, k, j;

	if ((b = calloc(1, sizeof(*b))) == NULL)
		return NULL;
	if ((b->big = malloc(PKT_BUF)) == NULL)
		goto out;
	for (j = 0; j < BATCH; j++)
		if ((b->buf[j] = malloc(PKT_BUF)) == NULL)
			goto out;
	for (;;) {
		n = epoll_wait(t->tx_ep, evs, 32, -1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			break;
		for (k = 0; k < n; k++)
			if (evs[k].data.u64 == 0)
				goto out;	/* stop */
		pthread_rwlock_rdlock(&t->lock);
		for (k = 0; k < n; k++)
			if ((i = tif_find(t, (uint32_t)evs[k].data.u64)) !=
			    NULL)
				tx_tunnel(t, i, b);
		pthread_rwlock_unlock(&t->lock);
	}
out:
	for (j = 0; j < BATCH; j++)
		free(b->buf[j]);
	free(b->big);
	free(b);
	return NULL;
}

/*
 * Receive: ESP -> TUN
 */

/*
 * Writes one packet to tunnel i's device; pkt has DP_VNET_LEN octets of
 * head room that a device with a virtio-net header gets its header in
 * (v, or all zero when v is NULL).  nseg: inner packets it carries.
 */
static void
tif_write(struct dp_tun *t, struct tif *i, uint8_t *pkt, size_t len,
    const struct dp_vnet *v, size_t nseg)
{
	struct dp_vnet	zero;

	if (i->vnet) {
		if (v == NULL) {
			memset(&zero, 0, sizeof(zero));
			v = &zero;
		}
		pkt -= DP_VNET_LEN;
		len += DP_VNET_LEN;
		dp_vnet_encode(v, pkt);
	}
	if (write(i->fd, pkt, len) != (ssize_t)len) {
		CNT_ADD(t->cnt.io, nseg);
		return;
	}
	CNT_ADD(t->cnt.in, nseg);
}

/* A coalescer with its buffer (head room for the virtio-net header).
 * 0, or -1 without memory. */
static int
rxgro_init(struct rxgro *r)
{
	memset(r, 0, sizeof(*r));
	if ((r->mem = malloc(PKT_BUF)) == NULL)
		return -1;
	dp_gro_init(&r->g, r->mem + PKT_ROOM, PKT_BUF - PKT_ROOM);
	return 0;
}

static void
rx_gro_flush(struct dp_tun *t, struct rxgro *r)
{
	struct dp_vnet	v;
	size_t		nseg = r->g.nseg, len;

	if (r->tif == NULL)
		return;
	len = dp_gro_finish(&r->g, &v);
	if (len > 0)
		tif_write(t, r->tif, r->g.buf, len, &v, nseg);
	r->tif = NULL;
}

static void
rx_hand_on(struct dp_tun *t, struct rxgro *r, struct tif *i, uint8_t *ip,
    size_t len)
{
	if (!i->vnet) {
		tif_write(t, i, ip, len, NULL, 1);
		return;
	}
	if (r->tif == i && dp_gro_add(&r->g, ip, len))
		return;
	rx_gro_flush(t, r);
	if (dp_gro_add(&r->g, ip, len))
		r->tif = i;
	else
		tif_write(t, i, ip, len, NULL, 1);
}

/*
 * Decapsulates q[0 .. n) (encap: they came in UDP) and hands what passes
 * to coalescer r: each run of consecutive packets of one SA is one burst
 * (ipsec/esp.h).  What is dropped is counted.  Lock held.
 */
static void
deliver(struct dp_tun *t, struct rxgro *r, int encap, struct rxq *q,
    size_t n, uint64_t now)
{
	struct esp_rx	 p[BATCH];
	struct tsa	*s;
	struct tif	*i;
	struct dp_pkt	 h;
	size_t		 k = 0, m, x;
	uint32_t	 spi;
	unsigned	 ev;

	while (k < n) {
		spi = esp_packet_spi(q[k].esp, q[k].len);
		s = sa_find(t, q[k].dst, spi);
		if (s == NULL || s->larval || s->dir != DP_DIR_IN ||
		    s->encap != encap) {
			CNT_ADD(t->cnt.no_sa, 1);
			k++;
			continue;
		}
		for (m = k; m < n && m - k < BATCH &&
		    q[m].dst.s_addr == q[k].dst.s_addr &&
		    esp_packet_spi(q[m].esp, q[m].len) == spi; m++) {
			p[m - k].buf = q[m].esp;
			p[m - k].len = q[m].len;
		}
		if (esp_decap_burst(s->esp, p, m - k, &ev) > 0)
			__atomic_store_n(&s->last_use_ms, now,
			    __ATOMIC_RELAXED);
		if (ev)
			raise_events(t, s, ev);
		i = tif_find(t, s->if_id);
		for (x = 0; x < m - k; x++) {
			if (p[x].v == ESP_E_DUMMY)
				continue;
			if (p[x].v != ESP_OK) {
				CNT_ADD(t->cnt.bad, 1);
				continue;
			}
			/* RFC 4301 section 5.2: what came through the SA
			 * must be within the selectors it was negotiated
			 * for. */
			if (i == NULL || dp_pkt_parse(p[x].buf +
			    p[x].inner_off, p[x].inner_len, &h) == -1 ||
			    !dp_pkt_ts_match(&h, &s->ts_src, &s->ts_dst)) {
				CNT_ADD(t->cnt.no_sa, 1);
				continue;
			}
			rx_hand_on(t, r, i, p[x].buf + p[x].inner_off,
			    p[x].inner_len);
		}
		k = m;
	}
}

static void *
rx_main(void *arg)
{
	struct dp_tun		*t = arg;
	struct epoll_event	 evs[4];
	struct mmsghdr		*msg;
	struct iovec		*iov;
	uint8_t			**buf;
	struct dp_pkt		 h;
	struct rxgro		 gro;
	struct rxq		 q[BATCH];
	uint64_t		 now;
	size_t			 nq;
	int			 n, k, r, stop = 0;

	msg = calloc(BATCH, sizeof(*msg));
	iov = calloc(BATCH, sizeof(*iov));
	buf = calloc(BATCH, sizeof(*buf));
	if (rxgro_init(&gro) == -1 || msg == NULL || iov == NULL ||
	    buf == NULL)
		goto out;
	for (k = 0; k < BATCH; k++)
		if ((buf[k] = malloc(PKT_BUF)) == NULL)
			goto out;
	while (!stop) {
		n = epoll_wait(t->rx_ep, evs, 4, -1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			break;
		for (k = 0; k < n; k++)
			if (evs[k].data.u64 == 0)
				stop = 1;
		if (stop)
			break;
		for (;;) {
			for (k = 0; k < BATCH; k++) {
				iov[k].iov_base = buf[k];
				iov[k].iov_len = PKT_BUF;
				memset(&msg[k], 0, sizeof(msg[k]));
				msg[k].msg_hdr.msg_iov = &iov[k];
				msg[k].msg_hdr.msg_iovlen = 1;
			}
			r = recvmmsg(t->raw, msg, BATCH, MSG_DONTWAIT, NULL);
			if (r <= 0)
				break;
			now = now_ms();
			for (k = 0, nq = 0; k < r; k++) {
				/* A raw socket hands over the IP header. */
				if (dp_pkt_parse(buf[k], msg[k].msg_len,
				    &h) == -1 || h.proto != IPPROTO_ESP ||
				    (msg[k].msg_hdr.msg_flags & MSG_TRUNC)) {
					CNT_ADD(t->cnt.bad, 1);
					continue;
				}
				q[nq].esp = buf[k] + h.hlen;
				q[nq].len = (size_t)h.len - h.hlen;
				q[nq].dst = h.dst;
				nq++;
			}
			pthread_rwlock_rdlock(&t->lock);
			deliver(t, &gro, 0, q, nq, now);
			rx_gro_flush(t, &gro);
			pthread_rwlock_unlock(&t->lock);
			if (r < BATCH)
				break;
		}
	}
out:
	for (k = 0; buf != NULL && k < BATCH; k++)
		free(buf[k]);
	free(gro.mem);
	free(buf);
	free(iov);
	free(msg);
	return NULL;
}

/* Decapsulates what udp_input queued (daemon thread). */
static void
udp_deliver(struct dp_tun *t)
{
	if (t->nuq == 0)
		return;
	pthread_rwlock_rdlock(&t->lock);
	deliver(t, &t->ugro, 1, t->uq, t->nuq, now_ms());
	pthread_rwlock_unlock(&t->lock);
	t->nuq = 0;
}

/* Described in dp.h (ESP in UDP from the daemon's socket): queued, to be
 * decapsulated in place in bursts, and what came out waits in ugro for
 * tun_udp_flush. */
static void
tun_udp_input(struct dp *dp, struct in_addr local, uint16_t lport,
    struct in_addr remote, uint16_t rport, uint8_t *esp, size_t len)
{
	struct dp_tun	*t = (struct dp_tun *)dp;

	(void)lport;
	(void)remote;
	(void)rport;
	t->uq[t->nuq].esp = esp;
	t->uq[t->nuq].len = len;
	t->uq[t->nuq].dst = local;
	if (++t->nuq == BATCH)
		udp_deliver(t);
}

/* Described in dp.h.  The coalescer's tunnel cannot go between the two
 * calls: both run on the daemon's thread, which deletes tunnels. */
static void
tun_udp_flush(struct dp *dp)
{
	struct dp_tun	*t = (struct dp_tun *)dp;

	udp_deliver(t);
	pthread_rwlock_rdlock(&t->lock);
	rx_gro_flush(t, &t->ugro);
	pthread_rwlock_unlock(&t->lock);
}

/*
 * struct dp hooks (daemon thread)
 */

static int
tun_get_spi(struct dp *dp, struct in_addr src, struct in_addr dst,
    uint8_t proto, uint32_t reqid, uint32_t *spi, char *err, size_t errlen)
{
	struct dp_tun	*t = (struct dp_tun *)dp;
	struct tsa	*s;
	uint32_t	 v = 0;
	int		 tries, rc = -1;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		seterr(err, errlen, "out of memory", NULL);
		return -1;
	}
	pthread_rwlock_wrlock(&t->lock);
	for (tries = 0; tries < 64; tries++) {
		if (t->rand(t->rand_arg, &v, sizeof(v)) == -1)
			break;
		if (v >= 256 && sa_find(t, dst, v) == NULL)
			break;
		v = 0;
	}
	if (v == 0) {
		seterr(err, errlen, "no free SPI", NULL);
		goto out;
	}
	s->larval = 1;
	s->key.dst = dst;
	s->key.spi = v;
	s->key.proto = proto;
	s->dir = DP_DIR_IN;
	s->reqid = reqid;
	if (sa_insert(t, s) == -1) {
		seterr(err, errlen, "out of memory", NULL);
		goto out;
	}
	*spi = v;
	s = NULL;
	rc = 0;
out:
	pthread_rwlock_unlock(&t->lock);
	free(s);
	return rc;
}

static int
tun_add_sa(struct dp *dp, const struct dp_sa *sa, char *err, size_t errlen)
{
	struct dp_tun		*t = (struct dp_tun *)dp;
	struct esp_sa_params	 p;
	struct tsa		*s, *old;
	struct tif		*i;
	uint8_t			 ivk[ESP_IV_KEY_LEN];
	char			 why[128] = "";
	int			 rc = -1;

	if (sa->proto != DP_PROTO_ESP || sa->spi < 256) {
		seterr(err, errlen, "not an ESP SA", NULL);
		return -1;
	}
	if (t->rand(t->rand_arg, ivk, sizeof(ivk)) == -1) {
		seterr(err, errlen, "no randomness for the IV key", NULL);
		return -1;
	}
	memset(&p, 0, sizeof(p));
	p.spi = sa->spi;
	p.outbound = sa->dir == DP_DIR_OUT;
	p.encr_alg = sa->encr_alg;
	p.encr_keylen = sa->encr_keylen;
	p.encr_key = sa->encr_key;
	p.encr_key_len = sa->encr_key_len;
	p.integ_alg = sa->integ_alg;
	p.integ_key = sa->integ_key;
	p.integ_key_len = sa->integ_key_len;
	p.esn = sa->esn;
	p.replay_window = sa->replay_window;
	p.iv_key = ivk;
	p.soft_bytes = sa->bytes_soft;
	p.hard_bytes = sa->bytes_hard;
	p.soft_packets = sa->packets_soft;
	p.hard_packets = sa->packets_hard;
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		OPENSSL_cleanse(ivk, sizeof(ivk));
		seterr(err, errlen, "out of memory", NULL);
		return -1;
	}
	s->esp = esp_sa_new(&p, why, sizeof(why));
	OPENSSL_cleanse(ivk, sizeof(ivk));
	if (s->esp == NULL) {
		free(s);
		seterr(err, errlen, why, NULL);
		return -1;
	}
	s->key.dst = sa->dst;
	s->key.spi = sa->spi;
	s->key.proto = sa->proto;
	s->dir = sa->dir;
	s->if_id = sa->if_id;
	s->reqid = sa->reqid;
	s->src = sa->src;
	s->dst = sa->dst;
	s->encap = sa->encap;
	s->sport = sa->encap_sport;
	s->dport = sa->encap_dport;
	s->ts_src = sa->ts_src;
	s->ts_dst = sa->ts_dst;
	pthread_rwlock_wrlock(&t->lock);
	old = sa_find(t, sa->dst, sa->spi);
	if (old != NULL && !old->larval) {
		seterr(err, errlen, "an SA with that SPI exists", NULL);
		goto out;
	}
	if (old != NULL)
		sa_unlink(t, old);
	if (sa_insert(t, s) == -1) {
		if (old != NULL)
			(void)sa_insert(t, old);
		old = NULL;
		seterr(err, errlen, "out of memory", NULL);
		goto out;
	}
	s->order = ++t->order;
	t->n_sas++;
	if (s->dir == DP_DIR_OUT && (i = tif_find(t, s->if_id)) != NULL)
		i->out = s;
	s = NULL;
	rc = 0;
out:
	pthread_rwlock_unlock(&t->lock);
	if (rc == 0)
		sa_free(old);
	sa_free(s);
	return rc;
}

static int
tun_update_sa(struct dp *dp, const struct dp_sa_key *key, int encap,
    uint16_t sport, uint16_t dport, char *err, size_t errlen)
{
	struct dp_tun	*t = (struct dp_tun *)dp;
	struct tsa	*s;
	int		 rc = -1;

	pthread_rwlock_wrlock(&t->lock);
	if ((s = sa_find(t, key->dst, key->spi)) == NULL || s->larval) {
		seterr(err, errlen, "no such SA", NULL);
	} else {
		s->encap = encap;
		s->sport = sport;
		s->dport = dport;
		rc = 0;
	}
	pthread_rwlock_unlock(&t->lock);
	return rc;
}

static int
tun_del_sa(struct dp *dp, const struct dp_sa_key *key, char *err,
    size_t errlen)
{
	struct dp_tun	*t = (struct dp_tun *)dp;
	struct tsa	*s;
	struct tif	*i;

	pthread_rwlock_wrlock(&t->lock);
	if ((s = sa_find(t, key->dst, key->spi)) != NULL) {
		sa_unlink(t, s);
		if (!s->larval)
			t->n_sas--;
		for (i = t->tifs; i != NULL; i = i->next)
			if (i->out == s)
				tif_pick_out(t, i);
	}
	pthread_rwlock_unlock(&t->lock);
	sa_free(s);
	return 0;
}

static int
tun_query_sa(struct dp *dp, const struct dp_sa_key *key,
    struct dp_sa_stats *st, char *err, size_t errlen)
{
	struct dp_tun		*t = (struct dp_tun *)dp;
	struct esp_sa_stats	 e;
	struct tsa		*s;
	int			 rc = -1;

	memset(st, 0, sizeof(*st));
	pthread_rwlock_rdlock(&t->lock);
	if ((s = sa_find(t, key->dst, key->spi)) != NULL && !s->larval) {
		esp_sa_stats(s->esp, &e);
		st->bytes = e.bytes;
		st->packets = e.packets;
		st->errors = e.auth_errors;
		st->replay_drops = e.replay_drops;
		st->drops = e.other_drops;
		st->seq = e.seq;
		st->last_use_ms = __atomic_load_n(&s->last_use_ms,
		    __ATOMIC_RELAXED);
		st->seq_exhausted = s->dir == DP_DIR_OUT &&
		    e.seq >= 0xffff0000u && !s->encap;
		rc = 0;
	} else
		seterr(err, errlen, "no such SA", NULL);
	pthread_rwlock_unlock(&t->lock);
	return rc;
}

static int
tun_flush(struct dp *dp, char *err, size_t errlen)
{
	struct dp_tun	*t = (struct dp_tun *)dp;
	struct tsa	*s, *n, *dead = NULL;
	struct tif	*i;
	size_t		 b;

	pthread_rwlock_wrlock(&t->lock);
	for (b = 0; b < t->hcap; b++) {
		for (s = t->hash[b]; s != NULL; s = n) {
			n = s->next;
			s->next = dead;
			dead = s;
		}
		t->hash[b] = NULL;
	}
	t->hused = t->n_sas = 0;
	for (i = t->tifs; i != NULL; i = i->next)
		i->out = NULL;
	pthread_rwlock_unlock(&t->lock);
	for (s = dead; s != NULL; s = n) {
		n = s->next;
		sa_free(s);
	}
	return 0;
}

static int
tun_if_create(struct dp *dp, const struct dp_tunnel *dt, char *err,
    size_t errlen)
{
	struct dp_tun		*t = (struct dp_tun *)dp;
	struct epoll_event	 e;
	struct tif		*i;
	char			 why[192];

	if (dt->if_id == 0 || tif_find(t, dt->if_id) != NULL) {
		seterr(err, errlen, "tunnel interface exists", NULL);
		return -1;
	}
	if ((i = calloc(1, sizeof(*i))) == NULL) {
		seterr(err, errlen, "out of memory", NULL);
		return -1;
	}
	i->fd = -1;
	i->if_id = dt->if_id;
	snprintf(i->name, sizeof(i->name), "%s", dt->name);
	i->local = dt->local;
	i->remote = dt->remote;
	if ((i->fd = dp_tun_open(dt->name, 1, &i->vnet, why,
	    sizeof(why))) == -1)
		goto fail;
	if ((i->ifindex = dp_nl_link_index(t->nl, dt->name)) == 0) {
		snprintf(why, sizeof(why), "TUN device %s has no index",
		    dt->name);
		goto fail;
	}
	if (dp_nl_link_set(t->nl, i->ifindex, dt->mtu ? dt->mtu :
	    TUN_DEFAULT_MTU, 0, why, sizeof(why)) == -1 ||
	    dp_nl_addr_set(t->nl, i->ifindex, dt->inner_addr, dt->inner_plen,
	    why, sizeof(why)) == -1 ||
	    (dt->up && dp_nl_link_set(t->nl, i->ifindex, 0, 1, why,
	    sizeof(why)) == -1))
		goto fail;
	memset(&e, 0, sizeof(e));
	e.events = EPOLLIN;
	e.data.u64 = dt->if_id;
	if (epoll_ctl(t->tx_ep, EPOLL_CTL_ADD, i->fd, &e) == -1) {
		snprintf(why, sizeof(why), "epoll: %s", strerror(errno));
		goto fail;
	}
	pthread_rwlock_wrlock(&t->lock);
	i->next = t->tifs;
	t->tifs = i;
	t->n_tifs++;
	tif_pick_out(t, i);
	pthread_rwlock_unlock(&t->lock);
	return 0;
fail:
	seterr(err, errlen, why, NULL);
	if (i->fd != -1)
		close(i->fd);
	free(i);
	return -1;
}

static int
tun_if_delete(struct dp *dp, uint32_t if_id, char *err, size_t errlen)
{
	struct dp_tun	*t = (struct dp_tun *)dp;
	struct tif	**pp, *i = NULL;

	pthread_rwlock_wrlock(&t->lock);
	for (pp = &t->tifs; *pp != NULL; pp = &(*pp)->next)
		if ((*pp)->if_id == if_id) {
			i = *pp;
			*pp = i->next;
			t->n_tifs--;
			break;
		}
	pthread_rwlock_unlock(&t->lock);
	if (i == NULL)
		return 0;
	(void)epoll_ctl(t->tx_ep, EPOLL_CTL_DEL, i->fd, NULL);
	/* Closing the (non-persistent) device removes the interface and
	 * every route through it. */
	close(i->fd);
	free(i);
	return 0;
}

static uint32_t
tun_if_index(struct dp *dp, uint32_t if_id)
{
	struct dp_tun	*t = (struct dp_tun *)dp;
	struct tif	*i;
	uint32_t	 idx = 0;

	pthread_rwlock_rdlock(&t->lock);
	if ((i = tif_find(t, if_id)) != NULL)
		idx = i->ifindex;
	pthread_rwlock_unlock(&t->lock);
	return idx;
}

static int
tun_route(struct dp *dp, int add, const struct dp_route *r, char *err,
    size_t errlen)
{
	struct dp_tun	*t = (struct dp_tun *)dp;
	uint32_t	 idx = tun_if_index(dp, r->if_id);

	if (idx == 0) {
		if (add)
			seterr(err, errlen, "no such tunnel interface", NULL);
		return add ? -1 : 0;
	}
	return dp_nl_route(t->nl, add, idx, r->prefix, r->plen, r->gateway,
	    err, errlen);
}

static int
tun_route_add(struct dp *dp, const struct dp_route *r, char *err,
    size_t errlen)
{
	return tun_route(dp, 1, r, err, errlen);
}

static int
tun_route_del(struct dp *dp, const struct dp_route *r, char *err,
    size_t errlen)
{
	return tun_route(dp, 0, r, err, errlen);
}

/* Coalesced reads of ESP in UDP (platform/udp.h); a kernel without
 * UDP_GRO refuses it, and then every read is one datagram. */
static void
udp_gro_on(int fd)
{
	int	on = 1;

	(void)setsockopt(fd, IPPROTO_UDP, UDP_GRO, &on, sizeof(on));
}

static int
tun_udp_socket(struct dp *dp, struct in_addr local, uint16_t port, int fd,
    char *err, size_t errlen)
{
	struct dp_tun	*t = (struct dp_tun *)dp;
	size_t		 i;
	int		 rc = 0;

	pthread_rwlock_wrlock(&t->lock);
	for (i = 0; i < t->n_udp; i++)
		if (t->udp[i].local.s_addr == local.s_addr &&
		    t->udp[i].port == port)
			break;
	if (fd == -1) {
		if (i < t->n_udp)
			t->udp[i] = t->udp[--t->n_udp];
	} else if (i < t->n_udp) {
		t->udp[i].fd = fd;
	} else if (t->n_udp == UDP_MAX) {
		seterr(err, errlen, "too many NAT-T sockets", NULL);
		rc = -1;
	} else {
		t->udp[t->n_udp].local = local;
		t->udp[t->n_udp].port = port;
		t->udp[t->n_udp].fd = fd;
		t->n_udp++;
	}
	pthread_rwlock_unlock(&t->lock);
	if (rc == 0 && fd != -1)
		udp_gro_on(fd);
	return rc;
}

static void
tun_info(struct dp *dp, struct dp_info *info)
{
	struct dp_tun	*t = (struct dp_tun *)dp;

	memset(info, 0, sizeof(*info));
	snprintf(info->mode, sizeof(info->mode), "userspace (TUN, raw ESP "
	    "and ESP in UDP%s)", __atomic_load_n(&t->no_gso,
	    __ATOMIC_RELAXED) ? "" : " with GSO");
	pthread_rwlock_rdlock(&t->lock);
	info->tunnels = t->n_tifs;
	info->sas = t->n_sas;
	pthread_rwlock_unlock(&t->lock);
	info->packets_out = CNT_GET(t->cnt.out);
	info->packets_in = CNT_GET(t->cnt.in);
	info->drops_no_sa = CNT_GET(t->cnt.no_sa);
	info->drops_bad = CNT_GET(t->cnt.bad);
	info->drops_io = CNT_GET(t->cnt.io);
}

static void
stop_threads(struct dp_tun *t)
{
	if (!t->threads)
		return;
	kick(t->stop);
	pthread_join(t->tx, NULL);
	pthread_join(t->rx, NULL);
	t->threads = 0;
}

static void
tun_destroy(struct dp *dp)
{
	struct dp_tun	*t = (struct dp_tun *)dp;
	struct tif	*i, *n;

	if (t == NULL)
		return;
	stop_threads(t);
	(void)tun_flush(dp, NULL, 0);
	for (i = t->tifs; i != NULL; i = n) {
		n = i->next;
		close(i->fd);
		free(i);
	}
	free(t->hash);
	if (t->raw != -1)
		close(t->raw);
	if (t->raw_tx != -1)
		close(t->raw_tx);
	if (t->tx_ep != -1)
		close(t->tx_ep);
	if (t->rx_ep != -1)
		close(t->rx_ep);
	if (t->stop != -1)
		close(t->stop);
	if (t->dp.event_fd != -1)
		close(t->dp.event_fd);
	dp_nl_close(t->nl);
	pthread_rwlock_destroy(&t->lock);
	pthread_mutex_destroy(&t->evlock);
	free(t->ugro.mem);
	free(t);
}

/* A raw IPv4 socket of protocol proto with large buffers (a receive
 * buffer only where it receives: not IPPROTO_RAW). */
static int
raw_socket(int proto, const char *what, char *err, size_t errlen)
{
	int	fd, sz = ESP_RCVBUF;

	if ((fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    proto)) == -1) {
		seterr(err, errlen, what, strerror(errno));
		return -1;
	}
	if (proto != IPPROTO_RAW && setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE,
	    &sz, sizeof(sz)) == -1)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz)) == -1)
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	return fd;
}

/* The ESP socket: receives raw ESP, and sends what the sending socket
 * refuses for its size. */
static int
raw_open(char *err, size_t errlen)
{
	int	fd, off = IP_PMTUDISC_DONT;

	if ((fd = raw_socket(IPPROTO_ESP, "raw ESP socket", err,
	    errlen)) == -1)
		return -1;
	/* Outer packets above the path MTU are fragmented, not refused:
	 * the tunnel MTU keeps that rare. */
	(void)setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &off, sizeof(off));
	return fd;
}

/*
 * The socket raw ESP leaves on: IPPROTO_RAW takes the packet with its IP
 * header and receives nothing, so, unlike the ESP socket, it gets no copy
 * of every arriving ESP packet and has no reader to wake when a sent
 * packet frees its buffer space, and the kernel copies the packet without
 * summing it.
 */
static int
raw_tx_open(char *err, size_t errlen)
{
	return raw_socket(IPPROTO_RAW, "raw IP socket", err, errlen);
}

/* Described in dp_tun.h. */
int
dp_tun_probe(char *err, size_t errlen)
{
	int	fd;

	if (access("/dev/net/tun", R_OK | W_OK) == -1) {
		seterr(err, errlen, "/dev/net/tun", strerror(errno));
		return -1;
	}
	if ((fd = raw_open(err, errlen)) == -1)
		return -1;
	close(fd);
	return 0;
}

static int
epoll_with(int fd, uint64_t tag, int stop)
{
	struct epoll_event	e;
	int			ep;

	if ((ep = epoll_create1(EPOLL_CLOEXEC)) == -1)
		return -1;
	memset(&e, 0, sizeof(e));
	e.events = EPOLLIN;
	e.data.u64 = 0;		/* 0 = stop */
	if (epoll_ctl(ep, EPOLL_CTL_ADD, stop, &e) == -1)
		goto fail;
	if (fd != -1) {
		e.data.u64 = tag;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e) == -1)
			goto fail;
	}
	return ep;
fail:
	close(ep);
	return -1;
}

/* Described in dp_tun.h. */
struct dp *
dp_tun_new(int (*rand)(void *, void *, size_t), void *rand_arg, char *err,
    size_t errlen)
{
	struct dp_tun		*t;
	pthread_rwlockattr_t	 ra;

	if ((t = calloc(1, sizeof(*t))) == NULL) {
		seterr(err, errlen, "out of memory", NULL);
		return NULL;
	}
	t->raw = t->raw_tx = t->tx_ep = t->rx_ep = t->stop =
	    t->dp.event_fd = -1;
	t->rand = rand;
	t->rand_arg = rand_arg;
	pthread_rwlockattr_init(&ra);
	pthread_rwlockattr_setkind_np(&ra,
	    PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&t->lock, &ra);
	pthread_rwlockattr_destroy(&ra);
	pthread_mutex_init(&t->evlock, NULL);
	t->dp.name = "userspace";
	t->dp.get_spi = tun_get_spi;
	t->dp.add_sa = tun_add_sa;
	t->dp.update_sa = tun_update_sa;
	t->dp.del_sa = tun_del_sa;
	t->dp.query_sa = tun_query_sa;
	t->dp.flush = tun_flush;
	t->dp.tunnel_if_create = tun_if_create;
	t->dp.tunnel_if_delete = tun_if_delete;
	t->dp.tunnel_if_index = tun_if_index;
	t->dp.route_add = tun_route_add;
	t->dp.route_del = tun_route_del;
	t->dp.udp_socket = tun_udp_socket;
	t->dp.udp_input = tun_udp_input;
	t->dp.udp_flush = tun_udp_flush;
	t->dp.next_event = tun_next_event;
	t->dp.info = tun_info;
	t->dp.destroy = tun_destroy;
	if (rand == NULL) {
		seterr(err, errlen, "no random source", NULL);
		goto fail;
	}
	if (rxgro_init(&t->ugro) == -1) {
		seterr(err, errlen, "out of memory", NULL);
		goto fail;
	}
	if ((t->nl = dp_nl_open(err, errlen)) == NULL ||
	    (t->raw = raw_open(err, errlen)) == -1 ||
	    (t->raw_tx = raw_tx_open(err, errlen)) == -1)
		goto fail;
	t->stop = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	t->dp.event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (t->stop == -1 || t->dp.event_fd == -1 ||
	    (t->tx_ep = epoll_with(-1, 0, t->stop)) == -1 ||
	    (t->rx_ep = epoll_with(t->raw, 1, t->stop)) == -1) {
		seterr(err, errlen, "event descriptors", strerror(errno));
		goto fail;
	}
	if (pthread_create(&t->tx, NULL, tx_main, t) != 0) {
		seterr(err, errlen, "cannot start the transmit thread", NULL);
		goto fail;
	}
	if (pthread_create(&t->rx, NULL, rx_main, t) != 0) {
		kick(t->stop);
		pthread_join(t->tx, NULL);
		seterr(err, errlen, "cannot start the receive thread", NULL);
		goto fail;
	}
	t->threads = 1;
	return &t->dp;
fail:
	tun_destroy(&t->dp);
	return NULL;
}
