/*
 * ikestress: resource attacks on a live mgmtsecd with honest IKE_SA_INIT
 * requests (made by the project's own engine as the seed's Router 2, so
 * the daemon accepts them and pays a DH for each).  For tests/netns/
 * limits.sh and tests/soak/soak.sh; it sends only to REMOTE, from
 * addresses of the namespace it runs in.
 *
 *	ikestress flood LOCAL REMOTE COUNT[@RATE] SOURCE+N...
 *		COUNT copies (at RATE per second, else as fast as it can) of the engine's IKE_SA_INIT (LOCAL: the address
 *		it is made for), each with its own initiator SPI, round-robin
 *		from every source address (N consecutive ones from SOURCE,
 *		each on a local interface); then 1 s of listening.  Prints
 *		one line of "name value" pairs: what was sent, what came back
 *		(by kind: IKE_SA_INIT responses, i.e. half-open SAs made, and
 *		COOKIE, NO_PROPOSAL_CHOSEN, INVALID_KE_PAYLOAD, other), the
 *		largest answer against the request, the most IKE_SA_INIT
 *		responses one source got, and the send rate.
 *	ikestress garbage LOCAL:PORT REMOTE COUNT [PID]
 *		An honest IKE_SA_INIT exchange, then COUNT copies of the
 *		engine's IKE_AUTH request each with one other octet of its
 *		SK payload changed (so none opens), then the honest IKE_AUTH.
 *		Prints the answers to the garbage, whether the honest one was
 *		answered (it must not be once the daemon has deleted the
 *		half-open SA), and with PID the CPU time that process spent
 *		on the garbage (/proc/PID/schedstat, else /proc/PID/stat).
 *	ikestress tiny LOCAL REMOTE COUNT
 *		COUNT IKE_SA_INIT requests of 32 octets: the header and one
 *		empty payload of an unknown type with the critical bit.  The
 *		notify that refuses it (UNSUPPORTED_CRITICAL_PAYLOAD) would
 *		be 37 octets: an answer larger than the request.  Prints the
 *		answers and their octets (the daemon must send none).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ikev2/engine.h"
#include "platform/dp_record.h"
#include "tests/lib/seed_peer.h"

#define HDR		28
#define EXCH_INIT	34
#define EXCH_AUTH	35
#define FLAG_R		0x20
#define PL_SA		33
#define PL_NOTIFY	41
#define PL_SK		46
#define N_NO_PROPOSAL	14
#define N_INVALID_KE	17
#define N_COOKIE	16390
#define SOURCES_MAX	2048
#define MSG_MAX		8192

struct stress {
	struct ike_engine	*eng;
	struct dp_record	*dp;
	struct ike_cfg_peer	 pc;
	struct ike_addr		 local, remote;
	int			 fd;		/* garbage: the one socket */
	uint8_t			 init[MSG_MAX], auth[MSG_MAX];
	size_t			 init_len, auth_len;
	int			 send_init;	/* send what the engine makes */
};

static uint64_t
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int
rnd(void *arg, enum ike_rand_use use, void *buf, size_t len)
{
	(void)arg;
	(void)use;
	return getrandom(buf, len, 0) == (ssize_t)len ? 0 : -1;
}

static void
put32(uint8_t *d, uint32_t v)
{
	d[0] = (uint8_t)(v >> 24);
	d[1] = (uint8_t)(v >> 16);
	d[2] = (uint8_t)(v >> 8);
	d[3] = (uint8_t)v;
}

static void
to_remote(const struct stress *s, struct sockaddr_in *to)
{
	memset(to, 0, sizeof(*to));
	to->sin_family = AF_INET;
	to->sin_addr = s->remote.ip;
	to->sin_port = htons(s->remote.port);
}

/* Keeps the first IKE_SA_INIT and IKE_AUTH requests the engine makes;
 * IKE_SA_INIT goes out when asked (a COOKIE makes it send another). */
static void
perform(struct stress *s, struct ike_actions *acts)
{
	const struct ike_action	*a;
	struct sockaddr_in	 to;
	size_t			 i;

	for (i = 0; i < acts->n; i++) {
		a = &acts->v[i];
		if (a->type != IKE_ACT_SEND || a->len < HDR || a->len > MSG_MAX ||
		    (a->data[19] & FLAG_R))
			continue;
		if (a->data[18] == EXCH_INIT) {
			memcpy(s->init, a->data, a->len);
			s->init_len = a->len;
			if (s->send_init) {
				to_remote(s, &to);
				(void)sendto(s->fd, a->data, a->len, 0,
				    (struct sockaddr *)&to, sizeof(to));
			}
		} else if (a->data[18] == EXCH_AUTH && s->auth_len == 0) {
			memcpy(s->auth, a->data, a->len);
			s->auth_len = a->len;
		}
	}
	ike_actions_clear(acts);
}

static void
feed(struct stress *s, const struct ike_event *ev)
{
	struct ike_actions	acts;

	memset(&acts, 0, sizeof(acts));
	(void)ike_engine_input(s->eng, now_ms(), ev, &acts);
	perform(s, &acts);
	ike_actions_free(&acts);
}

static int
setup(struct stress *s)
{
	struct ike_cfg	cfg;
	struct ike_env	env;
	struct ike_event ev;

	seed_router2_peer(&s->pc, s->local.ip, s->remote.ip);
	memset(&cfg, 0, sizeof(cfg));
	cfg.peers = &s->pc;
	cfg.n_peers = 1;
	if ((s->dp = dp_record_new(0xc0000000u)) == NULL)
		return -1;
	memset(&env, 0, sizeof(env));
	env.rand = rnd;
	env.dp = &s->dp->dp;
	if ((s->eng = ike_engine_new(&env, &cfg, now_ms())) == NULL)
		return -1;
	memset(&ev, 0, sizeof(ev));
	ev.type = IKE_EV_INITIATE;
	ev.peer_id = 1;
	feed(s, &ev);
	return s->init_len > 0 ? 0 : -1;
}

/* What an answer is: 0 an IKE_SA_INIT response with an SA (a half-open SA
 * was made), else its first notify's type, or -1. */
static int
kind(const uint8_t *d, size_t len)
{
	if (len < HDR + 8 || d[18] != EXCH_INIT || !(d[19] & FLAG_R))
		return -1;
	if (d[16] == PL_SA)
		return 0;
	if (d[16] == PL_NOTIFY)
		return d[HDR + 6] << 8 | d[HDR + 7];
	return -1;
}

struct tally {
	long	answers, bytes, sa, cookie, noprop, invke, other, largest;
	long	per_src[SOURCES_MAX];
};

static void
drain(struct pollfd *pf, size_t n, int ms, struct tally *t)
{
	uint8_t	rb[65536];
	ssize_t	r;
	size_t	k;
	int	c;

	if (poll(pf, n, ms) <= 0)
		return;
	for (k = 0; k < n; k++) {
		if (!(pf[k].revents & POLLIN))
			continue;
		while ((r = recv(pf[k].fd, rb, sizeof(rb), 0)) > 0) {
			t->answers++;
			t->bytes += r;
			if (r > t->largest)
				t->largest = r;
			c = kind(rb, (size_t)r);
			if (c == 0) {
				t->sa++;
				t->per_src[k]++;
			} else if (c == N_COOKIE)
				t->cookie++;
			else if (c == N_NO_PROPOSAL)
				t->noprop++;
			else if (c == N_INVALID_KE)
				t->invke++;
			else
				t->other++;
		}
	}
}

static void
sleep_until(uint64_t at)
{
	uint64_t	t = now_ms();

	if (at > t)
		usleep((useconds_t)(at - t) * 1000);
}

static int
flood(struct stress *s, long count, long rate, int nsrc_args, char **srcs)
{
	static struct pollfd	 pf[SOURCES_MAX];
	static struct tally	 t;
	struct sockaddr_in	 to, from;
	struct in_addr		 a;
	uint8_t			 msg[MSG_MAX];
	uint32_t		 salt;
	unsigned long		 n, j;
	size_t			 nsrc = 0, k;
	long			 i, sent = 0, most = 0;
	uint64_t		 t0, t1;
	char			*plus;
	int			 q;

	for (q = 0; q < nsrc_args; q++) {
		n = 1;
		if ((plus = strchr(srcs[q], '+')) != NULL) {
			*plus = '\0';
			n = strtoul(plus + 1, NULL, 10);
		}
		if (inet_pton(AF_INET, srcs[q], &a) != 1 || n == 0 ||
		    n > SOURCES_MAX - nsrc) {
			fprintf(stderr, "ikestress: bad sources %s\n", srcs[q]);
			return 1;
		}
		for (j = 0; j < n; j++, nsrc++) {
			pf[nsrc].fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK |
			    SOCK_CLOEXEC, 0);
			pf[nsrc].events = POLLIN;
			memset(&from, 0, sizeof(from));
			from.sin_family = AF_INET;
			from.sin_addr.s_addr = htonl(ntohl(a.s_addr) +
			    (uint32_t)j);
			if (pf[nsrc].fd == -1 || bind(pf[nsrc].fd,
			    (struct sockaddr *)&from, sizeof(from)) == -1) {
				perror("ikestress: source");
				return 1;
			}
		}
	}
	if (nsrc == 0)
		return 1;
	to_remote(s, &to);
	memcpy(msg, s->init, s->init_len);
	if (getrandom(&salt, sizeof(salt), 0) != sizeof(salt))
		salt = (uint32_t)now_ms();
	t0 = now_ms();
	for (i = 0; i < count; i++) {
		/* A new initiator SPI every time: a new negotiation. */
		put32(msg, salt | 0x80000000u);
		put32(msg + 4, (uint32_t)i);
		if (sendto(pf[(size_t)i % nsrc].fd, msg, s->init_len, 0,
		    (struct sockaddr *)&to, sizeof(to)) ==
		    (ssize_t)s->init_len)
			sent++;
		if (i % 64 == 63) {
			drain(pf, nsrc, 0, &t);
			if (rate > 0)
				sleep_until(t0 + (uint64_t)(i + 1) * 1000 /
				    (uint64_t)rate);
			else if (i % 128 == 127)
				usleep(500);	/* the receiver's buffer */
		}
	}
	t1 = now_ms();
	for (i = 0; i < 50; i++)
		drain(pf, nsrc, 20, &t);
	for (k = 0; k < nsrc; k++) {
		if (t.per_src[k] > most)
			most = t.per_src[k];
		close(pf[k].fd);
	}
	printf("sources %zu sent %ld bytes %ld answers %ld bytes %ld "
	    "sa-responses %ld cookies %ld no-proposal %ld invalid-ke %ld "
	    "other %ld largest %ld request %zu most-per-source %ld "
	    "ms %llu rate %llu\n", nsrc, sent, sent * (long)s->init_len,
	    t.answers, t.bytes, t.sa, t.cookie, t.noprop, t.invke, t.other,
	    t.largest, s->init_len, most, (unsigned long long)(t1 - t0),
	    (unsigned long long)(sent * 1000 / (long)(t1 - t0 + 1)));
	return 0;
}

/* CPU time of pid in µs: /proc/PID/schedstat (nanoseconds on the CPU)
 * where the kernel keeps it, else utime + stime from /proc/PID/stat
 * (clock ticks, 10 ms); -1 when neither can be read. */
static long long
cpu_us(long pid)
{
	char			 path[64], buf[2048], *p;
	unsigned long long	 ns;
	unsigned long		 ut, st;
	FILE			*f;
	size_t			 n;
	long			 hz = sysconf(_SC_CLK_TCK);

	snprintf(path, sizeof(path), "/proc/%ld/schedstat", pid);
	if ((f = fopen(path, "r")) != NULL) {
		n = fscanf(f, "%llu", &ns) == 1;
		fclose(f);
		if (n)
			return (long long)(ns / 1000);
	}
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* After the command's closing parenthesis: state is field 3,
	 * utime 14, stime 15. */
	if ((p = strrchr(buf, ')')) == NULL || sscanf(p + 2,
	    "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
	    &ut, &st) != 2 || hz <= 0)
		return -1;
	return (long long)(ut + st) * 1000000 / hz;
}

/* Datagrams for us in the next ms milliseconds, each fed to the engine
 * when feed_it; returns how many. */
static long
listen_for(struct stress *s, int ms, int feed_it)
{
	struct pollfd		pf;
	struct ike_event	ev;
	struct sockaddr_in	from;
	socklen_t		fl;
	uint8_t			rb[65536];
	uint64_t		end = now_ms() + (uint64_t)ms, t;
	ssize_t			r;
	long			n = 0;

	while ((t = now_ms()) < end) {
		pf.fd = s->fd;
		pf.events = POLLIN;
		if (poll(&pf, 1, (int)(end - t)) <= 0)
			continue;
		fl = sizeof(from);
		if ((r = recvfrom(s->fd, rb, sizeof(rb), 0,
		    (struct sockaddr *)&from, &fl)) <= 0)
			continue;
		n++;
		if (!feed_it)
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.type = IKE_EV_DATAGRAM;
		ev.local = s->local;
		ev.remote.ip = from.sin_addr;
		ev.remote.port = ntohs(from.sin_port);
		ev.data = rb;
		ev.len = (size_t)r;
		feed(s, &ev);
		if (s->auth_len > 0)
			break;
	}
	return n;
}

static int
garbage(struct stress *s, long count, long pid)
{
	struct sockaddr_in	 to;
	uint8_t			 msg[MSG_MAX];
	size_t			 span, at;
	long			 i, answers = 0, honest;
	long long		 c0 = -1, c1 = -1;
	uint64_t		 t0, t1;

	/* The engine made its IKE_SA_INIT before the socket was ready. */
	to_remote(s, &to);
	s->send_init = 1;
	(void)sendto(s->fd, s->init, s->init_len, 0, (struct sockaddr *)&to,
	    sizeof(to));
	for (i = 0; i < 6 && s->auth_len == 0; i++)
		(void)listen_for(s, 500, 1);
	if (s->auth_len == 0 || s->auth[16] != PL_SK ||
	    s->auth_len < HDR + 4 + 32) {
		printf("fail no IKE_SA_INIT response\n");
		return 1;
	}
	/* Octets after the SK payload's generic header: IV, ciphertext,
	 * ICV.  Changing any one of them makes the ICV fail, and the
	 * message still decodes, so it reaches the half-open SA. */
	span = s->auth_len - HDR - 4;
	if (pid > 0)
		c0 = cpu_us(pid);
	t0 = now_ms();
	for (i = 0; i < count; i++) {
		memcpy(msg, s->auth, s->auth_len);
		at = HDR + 4 + (size_t)i % span;
		msg[at] ^= (uint8_t)(1 + i / (long)span % 255);
		(void)sendto(s->fd, msg, s->auth_len, 0,
		    (struct sockaddr *)&to, sizeof(to));
		if (i % 32 == 31)
			answers += listen_for(s, 1, 0);
	}
	t1 = now_ms();
	answers += listen_for(s, 300, 0);
	if (pid > 0)
		c1 = cpu_us(pid);
	(void)sendto(s->fd, s->auth, s->auth_len, 0, (struct sockaddr *)&to,
	    sizeof(to));
	honest = listen_for(s, 1500, 0);
	printf("garbage %ld answers %ld honest-answered %ld ms %llu",
	    count, answers, honest, (unsigned long long)(t1 - t0));
	if (c0 >= 0 && c1 >= 0)
		printf(" cpu-us %lld per-message-us %.1f", c1 - c0,
		    (double)(c1 - c0) / (double)count);
	printf("\n");
	return 0;
}

static int
tiny(struct stress *s, long count)
{
	struct sockaddr_in	 to;
	uint8_t			 msg[HDR + 4];
	long			 i, answers = 0;

	to_remote(s, &to);
	for (i = 0; i < count; i++) {
		memset(msg, 0, sizeof(msg));
		put32(msg, 0x80000000u | (uint32_t)i);
		put32(msg + 4, (uint32_t)now_ms());
		msg[16] = 0xfd;		/* an unassigned payload type */
		msg[17] = 0x20;		/* IKEv2 */
		msg[18] = EXCH_INIT;
		msg[19] = 0x08;		/* from the initiator */
		put32(msg + 24, sizeof(msg));
		msg[HDR + 1] = 0x80;	/* critical */
		msg[HDR + 3] = 4;	/* payload length: its header */
		(void)sendto(s->fd, msg, sizeof(msg), 0,
		    (struct sockaddr *)&to, sizeof(to));
		if (i % 32 == 31)
			answers += listen_for(s, 1, 0);
	}
	answers += listen_for(s, 500, 0);
	printf("tiny %ld request %zu answers %ld\n", count, sizeof(msg),
	    answers);
	return 0;
}

static int
addr_port(const char *arg, struct ike_addr *a, uint16_t port)
{
	char	 buf[64], *colon;

	if (snprintf(buf, sizeof(buf), "%s", arg) >= (int)sizeof(buf))
		return -1;
	a->port = port;
	if ((colon = strchr(buf, ':')) != NULL) {
		*colon = '\0';
		a->port = (uint16_t)atoi(colon + 1);
	}
	return inet_pton(AF_INET, buf, &a->ip) == 1 && a->port != 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	static struct stress	 s;
	struct sockaddr_in	 sin;
	long			 count, rate = 0;
	char			*at;
	int			 rc = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	s.fd = -1;
	if (argc >= 5 && (at = strchr(argv[4], '@')) != NULL &&
	    (rate = atol(at + 1)) <= 0)
		rate = -1;
	if (argc < 5 || rate < 0 || addr_port(argv[2], &s.local, 500) == -1 ||
	    addr_port(argv[3], &s.remote, 500) == -1 ||
	    (count = atol(argv[4])) <= 0 || count > 10000000 ||
	    (strcmp(argv[1], "flood") == 0 ? argc < 6 :
	    strcmp(argv[1], "tiny") == 0 ? argc != 5 :
	    strcmp(argv[1], "garbage") != 0 || argc > 6)) {
		fprintf(stderr, "usage: ikestress flood LOCAL REMOTE "
		    "COUNT[@RATE] SOURCE+N...\n"
		    "       ikestress garbage LOCAL:PORT REMOTE COUNT [PID]\n"
		    "       ikestress tiny LOCAL:PORT REMOTE COUNT\n");
		return 2;
	}
	if (setup(&s) == -1) {
		fprintf(stderr, "ikestress: no engine\n");
		goto out;
	}
	if (strcmp(argv[1], "flood") == 0) {
		rc = flood(&s, count, rate, argc - 5, argv + 5);
		goto out;
	}
	if ((s.fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		goto out;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr = s.local.ip;
	sin.sin_port = htons(s.local.port);
	if (bind(s.fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		perror("ikestress: bind");
		goto out;
	}
	rc = strcmp(argv[1], "tiny") == 0 ? tiny(&s, count) :
	    garbage(&s, count, argc == 6 ? atol(argv[5]) : 0);
out:
	if (s.fd != -1)
		close(s.fd);
	if (s.eng != NULL)
		ike_engine_free(s.eng);
	if (s.dp != NULL)
		dp_record_free(s.dp);
	return rc;
}
