/*
 * hostile-peer: an IKEv2 peer on the project's own engine and codec that
 * sets up a real tunnel with a live mgmtsecd over UDP, and then, on
 * command, sends it datagrams that are right in every respect but one
 * (strongSwan's conftest and libreswan's impair switches are the model).
 * The test script (tests/netns/hostile.sh) checks the daemon's reaction
 * in its counters, its log and its sessions.
 *
 *	hostile-peer LOCAL[:PORT] REMOTE
 *
 * Commands on standard input, one per line; each answers one line on
 * standard output:
 *	up		initiate; "up" once the IKE SA and Child SA are
 *			established (10 s at most), else "fail up"
 *	impair NAME	send the impaired datagram NAME; "sent NAME",
 *			followed by "reply NAME notify N" for every
 *			unencrypted notify the daemon answers with in the
 *			next 300 ms (N its type), or "unknown NAME"
 *	flood N		N copies of our IKE_SA_INIT, each with a new SPI
 *			(a new negotiation every time); "flooded N replies
 *			R bytes B" with the answers of the next 1 s
 *	list		the impairments, one per line, then "end"
 *	quit		delete nothing, exit 0
 * Meanwhile the engine keeps the tunnel alive (DPD, rekeys) as usual.
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

#define IKE_PORT	500
#define HDR		28
#define EXCH_INIT	34
#define EXCH_AUTH	35
#define EXCH_INFO	37
#define FLAG_I		0x08
#define FLAG_R		0x20
#define PL_NOTIFY	41
#define PL_DELETE	42
#define TIMERS		64

struct peer {
	struct ike_engine	*eng;
	struct dp_record	*dp;
	int			 fd;
	struct ike_addr		 local, remote;
	struct {
		uint64_t	id, at;
	}			 timer[TIMERS];
	size_t			 n_timers;
	int			 ike_up, child_up;
	/* What we sent first: our IKE_SA_INIT and IKE_AUTH requests. */
	uint8_t			 init[4096], auth[8192];
	size_t			 init_len, auth_len;
	const char		*impair;	/* being reported */
	long			 rx, rx_bytes;	/* datagrams received */
	int			 mute;		/* count, do not answer */
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
send_raw(struct peer *p, const uint8_t *d, size_t len)
{
	struct sockaddr_in	to;

	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_addr = p->remote.ip;
	to.sin_port = htons(IKE_PORT);
	(void)sendto(p->fd, d, len, 0, (struct sockaddr *)&to, sizeof(to));
}

static void
keep(uint8_t *dst, size_t cap, size_t *dlen, const uint8_t *d, size_t len)
{
	if (*dlen == 0 && len <= cap) {
		memcpy(dst, d, len);
		*dlen = len;
	}
}

static void
perform(struct peer *p, struct ike_actions *acts)
{
	const struct ike_action	*a;
	size_t			 i, k;

	for (i = 0; i < acts->n; i++) {
		a = &acts->v[i];
		switch (a->type) {
		case IKE_ACT_SEND:
			if (a->len >= HDR && a->data[18] == EXCH_INIT &&
			    (a->data[19] & FLAG_R) == 0)
				keep(p->init, sizeof(p->init), &p->init_len,
				    a->data, a->len);
			if (a->len >= HDR && a->data[18] == EXCH_AUTH &&
			    (a->data[19] & FLAG_R) == 0)
				keep(p->auth, sizeof(p->auth), &p->auth_len,
				    a->data, a->len);
			send_raw(p, a->data, a->len);
			break;
		case IKE_ACT_TIMER:
			for (k = 0; k < p->n_timers; k++)
				if (p->timer[k].id == a->timer)
					break;
			if (k == p->n_timers && p->n_timers < TIMERS)
				p->n_timers++;
			if (k < TIMERS) {
				p->timer[k].id = a->timer;
				p->timer[k].at = a->at;
			}
			break;
		case IKE_ACT_TIMER_CANCEL:
			for (k = 0; k < p->n_timers; k++)
				if (p->timer[k].id == a->timer)
					p->timer[k] = p->timer[--p->n_timers];
			break;
		case IKE_ACT_STATE:
			if (a->new_state == IKE_SA_ESTABLISHED)
				p->ike_up = 1;
			break;
		case IKE_ACT_CHILD_UP:
			p->child_up = 1;
			break;
		default:
			break;
		}
	}
	ike_actions_clear(acts);
}

static void
feed(struct peer *p, const struct ike_event *ev)
{
	struct ike_actions	acts;

	memset(&acts, 0, sizeof(acts));
	(void)ike_engine_input(p->eng, now_ms(), ev, &acts);
	perform(p, &acts);
	ike_actions_free(&acts);
}

/* An unencrypted notify answering a request of ours: its type, or -1. */
static int
plain_notify(const uint8_t *d, size_t len)
{
	if (len < HDR + 8 || !(d[19] & FLAG_R) || d[16] != PL_NOTIFY)
		return -1;
	return d[HDR + 6] << 8 | d[HDR + 7];
}

/* Handles what arrives and what is due for up to ms milliseconds. */
static void
pump(struct peer *p, int ms, int watch_stdin)
{
	struct pollfd		pf[2];
	struct sockaddr_in	from;
	socklen_t		fl;
	struct ike_event	ev;
	uint8_t			buf[65536];
	uint64_t		end = now_ms() + (uint64_t)ms, t;
	ssize_t			r;
	size_t			k;
	int			n;

	while ((t = now_ms()) < end) {
		for (k = 0; k < p->n_timers; k++) {
			if (p->timer[k].at > t)
				continue;
			memset(&ev, 0, sizeof(ev));
			ev.type = IKE_EV_TIMER;
			ev.timer = p->timer[k].id;
			p->timer[k] = p->timer[--p->n_timers];
			feed(p, &ev);
			k = (size_t)-1;		/* the list changed */
		}
		pf[0].fd = p->fd;
		pf[0].events = POLLIN;
		pf[1].fd = 0;
		pf[1].events = POLLIN;
		if (poll(pf, watch_stdin ? 2 : 1, 20) <= 0)
			continue;
		if (watch_stdin && (pf[1].revents & (POLLIN | POLLHUP)))
			return;
		if (!(pf[0].revents & POLLIN))
			continue;
		fl = sizeof(from);
		r = recvfrom(p->fd, buf, sizeof(buf), 0,
		    (struct sockaddr *)&from, &fl);
		if (r <= 0)
			continue;
		p->rx++;
		p->rx_bytes += r;
		if (p->mute)
			continue;
		if (p->impair != NULL && (n = plain_notify(buf, (size_t)r)) >= 0)
			printf("reply %s notify %d\n", p->impair, n);
		memset(&ev, 0, sizeof(ev));
		ev.type = IKE_EV_DATAGRAM;
		ev.local = p->local;
		ev.remote.ip = from.sin_addr;
		ev.remote.port = ntohs(from.sin_port);
		ev.data = buf;
		ev.len = (size_t)r;
		feed(p, &ev);
	}
}

static void
put32(uint8_t *d, uint32_t v)
{
	d[0] = (uint8_t)(v >> 24);
	d[1] = (uint8_t)(v >> 16);
	d[2] = (uint8_t)(v >> 8);
	d[3] = (uint8_t)v;
}

static uint32_t
get32(const uint8_t *d)
{
	return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 |
	    (uint32_t)d[2] << 8 | d[3];
}

/*
 * The impairments: each takes a copy of one of our recorded requests and
 * breaks one thing.  Returns the length to send, 0 when it has nothing to
 * start from.
 */
typedef size_t (*impair_fn)(struct peer *, uint8_t *, size_t);

static size_t
from_auth(struct peer *p, uint8_t *d)
{
	memcpy(d, p->auth, p->auth_len);
	return p->auth_len;
}

static size_t
from_init(struct peer *p, uint8_t *d)
{
	uint32_t	r;

	memcpy(d, p->init, p->init_len);
	/* A fresh initiator SPI: a new negotiation, not a retransmission. */
	if (getrandom(&r, sizeof(r), 0) == sizeof(r))
		put32(d + 4, r | 0x01000000u);
	return p->init_len;
}

static size_t
i_auth_replay(struct peer *p, uint8_t *d, size_t cap)
{
	(void)cap;
	return from_auth(p, d);
}

static size_t
i_auth_icv(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	(void)cap;
	d[n - 1] ^= 0x01;
	return n;
}

static size_t
i_auth_ciphertext(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	(void)cap;
	d[n / 2] ^= 0x80;
	return n;
}

static size_t
i_msgid_ahead(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	(void)cap;
	put32(d + 20, get32(d + 20) + 7);
	return n;
}

static size_t
i_msgid_huge(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	(void)cap;
	put32(d + 20, 0xffffffffu);
	return n;
}

static size_t
i_version(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	(void)cap;
	d[17] = 0x30;		/* IKE 3.0 */
	return n;
}

static size_t
i_minor_version(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	(void)cap;
	d[17] = 0x21;		/* 2.1: must be accepted as 2.0 would be */
	return n;
}

static size_t
i_length_short(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	(void)cap;
	put32(d + 24, (uint32_t)n - 1);
	return n;
}

static size_t
i_length_long(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	(void)cap;
	put32(d + 24, (uint32_t)n + 100);
	return n;
}

static size_t
i_trailing(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	if (n + 3 > cap)
		return 0;
	memcpy(d + n, "\x00\x01\x02", 3);
	return n + 3;
}

static size_t
i_response_flag(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	(void)cap;
	d[19] |= FLAG_R;
	return n;
}

static size_t
i_exchange_unknown(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	(void)cap;
	d[18] = 99;
	return n;
}

static size_t
i_exchange_init(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	(void)cap;
	d[18] = EXCH_INIT;	/* IKE_SA_INIT on an established SA */
	return n;
}

static size_t
i_spi_unknown(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	(void)cap;
	d[8] ^= 0x5a;		/* no such responder SPI */
	return n;
}

static size_t
i_sk_truncated(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	(void)cap;
	/* One octet less, both lengths agreeing: the ciphertext is no
	 * longer whole blocks. */
	n--;
	put32(d + 24, (uint32_t)n);
	d[HDR + 2] = (uint8_t)((n - HDR) >> 8);
	d[HDR + 3] = (uint8_t)(n - HDR);
	return n;
}

static size_t
i_sk_empty(struct peer *p, uint8_t *d, size_t cap)
{
	(void)cap;
	from_auth(p, d);
	/* An SK payload of its generic header alone. */
	put32(d + 24, HDR + 4);
	d[HDR + 2] = 0;
	d[HDR + 3] = 4;
	return HDR + 4;
}

static size_t
i_info_plain(struct peer *p, uint8_t *d, size_t cap)
{
	(void)cap;
	from_auth(p, d);
	/* An unprotected INFORMATIONAL with a Delete of the IKE SA: the
	 * next Message ID, no SK. */
	d[16] = PL_DELETE;
	d[18] = EXCH_INFO;
	d[19] = FLAG_I;
	put32(d + 20, 2);
	memset(d + HDR, 0, 8);
	d[HDR + 3] = 8;		/* length */
	d[HDR + 4] = 1;		/* protocol IKE */
	put32(d + 24, HDR + 8);
	return HDR + 8;
}

static size_t
i_init_critical(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_init(p, d);

	(void)cap;
	/* The first payload becomes an unknown type marked critical. */
	d[16] = 200;
	d[HDR + 1] |= 0x80;
	return n;
}

static size_t
i_init_unknown_noncritical(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_init(p, d);

	if (n + 8 > cap)
		return 0;
	/* An unknown, non-critical payload in front: skipped, the rest
	 * answered as usual. */
	memmove(d + HDR + 8, d + HDR, n - HDR);
	d[HDR] = d[16];
	d[HDR + 1] = 0;
	d[HDR + 2] = 0;
	d[HDR + 3] = 8;
	memset(d + HDR + 4, 0xee, 4);
	d[16] = 201;
	put32(d + 24, (uint32_t)n + 8);
	return n + 8;
}

static size_t
i_init_truncated(struct peer *p, uint8_t *d, size_t cap)
{
	(void)cap;
	from_init(p, d);
	put32(d + 24, 40);
	return 40;
}

static size_t
i_init_payload_overrun(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_init(p, d);

	(void)cap;
	/* The first payload claims more than the message holds. */
	d[HDR + 2] = 0xff;
	d[HDR + 3] = 0xff;
	return n;
}

static size_t
i_init_nonzero_rspi(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_init(p, d);

	(void)cap;
	memset(d + 8, 0x11, 8);	/* IKE_SA_INIT with a responder SPI */
	return n;
}

static size_t
i_init_msgid(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_init(p, d);

	(void)cap;
	put32(d + 20, 1);	/* IKE_SA_INIT must be Message ID 0 */
	return n;
}

static const struct {
	const char	*name;
	impair_fn	 fn;
} impairs[] = {
	{ "auth-replay", i_auth_replay },
	{ "auth-icv", i_auth_icv },
	{ "auth-ciphertext", i_auth_ciphertext },
	{ "msgid-ahead", i_msgid_ahead },
	{ "msgid-huge", i_msgid_huge },
	{ "version-major", i_version },
	{ "version-minor", i_minor_version },
	{ "length-short", i_length_short },
	{ "length-long", i_length_long },
	{ "trailing-bytes", i_trailing },
	{ "response-flag", i_response_flag },
	{ "exchange-unknown", i_exchange_unknown },
	{ "exchange-init-on-sa", i_exchange_init },
	{ "spi-unknown", i_spi_unknown },
	{ "sk-truncated", i_sk_truncated },
	{ "sk-empty", i_sk_empty },
	{ "info-unprotected", i_info_plain },
	{ "init-critical-unknown", i_init_critical },
	{ "init-unknown-noncritical", i_init_unknown_noncritical },
	{ "init-truncated", i_init_truncated },
	{ "init-payload-overrun", i_init_payload_overrun },
	{ "init-responder-spi", i_init_nonzero_rspi },
	{ "init-msgid", i_init_msgid },
};

static void
config(struct ike_cfg_peer *c, struct in_addr local, struct in_addr remote)
{
	struct ike_cfg_proposal	*ike = &c->ike[0], *esp = &c->esp[0];

	memset(c, 0, sizeof(*c));
	c->id = 1;
	snprintf(c->name, sizeof(c->name), "tunnel-ip1");
	c->if_id = 1;
	c->local = local;
	c->remote = remote;
	c->ike_lifetime = 600;
	c->child_lifetime = 600;
	c->auth_local = c->auth_remote = IKE_CFG_AUTH_PSK;
	snprintf(c->psk_local, sizeof(c->psk_local), "cisco123");
	snprintf(c->psk_remote, sizeof(c->psk_remote), "cisco123");
	c->remote_id.addr = remote;
	c->remote_id.mask.s_addr = 0xffffffffu;
	/* The seed's Router 2: AES-CBC-256, SHA-256, PRF SHA-256, ECP-384;
	 * ESP AES-256 + HMAC-SHA-256 with PFS group 19. */
	snprintf(ike->name, sizeof(ike->name), "P2");
	ike->encr[ike->n_encr++] = (struct ike_cfg_encr){ IKE_ENCR_AES_CBC,
	    256 };
	ike->integ[ike->n_integ++] = IKE_INTEG_HMAC_SHA2_256_128;
	ike->prf[ike->n_prf++] = IKE_PRF_HMAC_SHA2_256;
	ike->dh[ike->n_dh++] = IKE_DH_ECP_384;
	c->n_ike = 1;
	snprintf(esp->name, sizeof(esp->name), "TS2");
	esp->encr[esp->n_encr++] = (struct ike_cfg_encr){ IKE_ENCR_AES_CBC,
	    256 };
	esp->integ[esp->n_integ++] = IKE_INTEG_HMAC_SHA2_256_128;
	esp->dh[esp->n_dh++] = IKE_DH_ECP_256;
	c->n_esp = 1;
}

int
main(int argc, char **argv)
{
	struct peer		 p;
	struct ike_cfg_peer	 pc;
	struct ike_cfg		 cfg;
	struct ike_env		 env;
	struct ike_event	 ev;
	struct sockaddr_in	 sin;
	char			 line[256], *nl, *colon;
	long			 k, count, rx0, rb0;
	uint8_t			 d[16384];
	size_t			 i, n;
	uint64_t		 end;

	memset(&p, 0, sizeof(p));
	p.local.port = IKE_PORT;
	if (argc == 3 && (colon = strchr(argv[1], ':')) != NULL) {
		*colon = '\0';
		p.local.port = (uint16_t)atoi(colon + 1);
	}
	if (argc != 3 || inet_pton(AF_INET, argv[1], &p.local.ip) != 1 ||
	    inet_pton(AF_INET, argv[2], &p.remote.ip) != 1) {
		fprintf(stderr, "usage: hostile-peer LOCAL REMOTE\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	p.remote.port = IKE_PORT;
	if ((p.fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return 1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr = p.local.ip;
	sin.sin_port = htons(p.local.port);
	if (bind(p.fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		perror("bind");
		return 1;
	}
	config(&pc, p.local.ip, p.remote.ip);
	memset(&cfg, 0, sizeof(cfg));
	cfg.peers = &pc;
	cfg.n_peers = 1;
	p.dp = dp_record_new(0xc0000000u);
	memset(&env, 0, sizeof(env));
	env.rand = rnd;
	env.dp = &p.dp->dp;
	if (p.dp == NULL ||
	    (p.eng = ike_engine_new(&env, &cfg, now_ms())) == NULL) {
		fprintf(stderr, "hostile-peer: no engine\n");
		return 1;
	}
	/* Unbuffered, so poll() on the descriptor tells the truth. */
	setvbuf(stdin, NULL, _IONBF, 0);
	for (;;) {
		/* The tunnel lives on while the script thinks. */
		pump(&p, 600000, 1);
		if (fgets(line, sizeof(line), stdin) == NULL)
			break;
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		if (strcmp(line, "quit") == 0)
			break;
		if (strcmp(line, "up") == 0) {
			memset(&ev, 0, sizeof(ev));
			ev.type = IKE_EV_INITIATE;
			ev.peer_id = 1;
			feed(&p, &ev);
			end = now_ms() + 10000;
			while (!(p.ike_up && p.child_up) && now_ms() < end)
				pump(&p, 50, 0);
			puts(p.ike_up && p.child_up && p.auth_len > 0 ?
			    "up" : "fail up");
		} else if (strncmp(line, "flood ", 6) == 0 &&
		    (count = atol(line + 6)) > 0 && count <= 1000000) {
			if (p.init_len == 0) {
				/* A template from the engine, its answer
				 * ignored: no IKE SA of ours comes up. */
				p.mute = 1;
				memset(&ev, 0, sizeof(ev));
				ev.type = IKE_EV_INITIATE;
				ev.peer_id = 1;
				feed(&p, &ev);
			}
			rx0 = p.rx;
			rb0 = p.rx_bytes;
			for (k = 0; k < count; k++) {
				n = from_init(&p, d);
				send_raw(&p, d, n);
				if (k % 128 == 127)
					pump(&p, 1, 0);
			}
			pump(&p, 1000, 0);
			printf("flooded %ld replies %ld bytes %ld request %zu\n",
			    count, p.rx - rx0, p.rx_bytes - rb0, p.init_len);
		} else if (strcmp(line, "list") == 0) {
			for (i = 0; i < sizeof(impairs) / sizeof(impairs[0]);
			    i++)
				puts(impairs[i].name);
			puts("end");
		} else if (strncmp(line, "impair ", 7) == 0) {
			for (i = 0; i < sizeof(impairs) / sizeof(impairs[0]);
			    i++)
				if (strcmp(impairs[i].name, line + 7) == 0)
					break;
			if (i == sizeof(impairs) / sizeof(impairs[0]) ||
			    p.auth_len == 0 ||
			    (n = impairs[i].fn(&p, d, sizeof(d))) == 0) {
				printf("unknown %s\n", line + 7);
				continue;
			}
			p.impair = impairs[i].name;
			send_raw(&p, d, n);
			printf("sent %s\n", impairs[i].name);
			pump(&p, 300, 0);
			p.impair = NULL;
			puts("done");
		} else
			printf("unknown %s\n", line);
	}
	ike_engine_free(p.eng);
	dp_record_free(p.dp);
	close(p.fd);
	return 0;
}
