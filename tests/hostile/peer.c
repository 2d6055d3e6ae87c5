/*
 * hostile-peer: an IKEv2 peer on the project's own engine and codec that
 * sets up a real tunnel with a live mgmtsecd over UDP, and then, on
 * command, sends it messages that are right in every respect but one
 * (strongSwan's conftest and libreswan's impair switches are the model).
 * The test scripts (tests/netns/hostile.sh as initiator,
 * tests/netns/hostile-resp.sh as responder) check the daemon's reaction
 * in its counters, its log and its sessions.
 *
 *	hostile-peer [--encap] LOCAL[:PORT] REMOTE
 *
 * It listens on PORT (500 if not given) and on 4500 for NAT-T (PORT +
 * 4000 when PORT is not 500); it sends to REMOTE's 500 and 4500.
 * --encap: the main engine fakes a NAT (force_encap), so a daemon that
 * initiates toward us moves its IKE_AUTH to UDP 4500.
 *
 * Commands on standard input, one per line; each answers one line on
 * standard output:
 *	up		initiate; "up" once the IKE SA and Child SA are
 *			established (10 s at most), else "fail up"
 *	impair NAME [MS]
 *			run the case NAME; "sent NAME" when the impaired
 *			message went out, then "reply NAME notify N" for
 *			every notify the daemon answers with (N its type;
 *			protected answers are opened with the SA's keys),
 *			"reply NAME msg TEXT" for
 *			each message (its one-line summary) and "reply NAME
 *			via PORT" for the port it came to, then "done"
 *			(the first answer is awaited MS ms, 1000 if not
 *			given, then 150 ms more for the rest);
 *			"unknown NAME" if there is no such case or nothing
 *			to start from, "fail NAME" if its scratch SA did
 *			not come up.  The kinds of case:
 *			  raw: a recorded message of the main tunnel, its
 *			  bytes edited (header, SK as a whole, replays);
 *			  init: our IKE_SA_INIT with a fresh SPI, decoded,
 *			  one field changed, encoded (SA, KE, nonce);
 *			  neg: a scratch negotiation whose IKE_AUTH request
 *			  is opened, changed and protected again (IDs,
 *			  AUTH, TS, Child SA proposal, SK padding, an
 *			  exchange before IKE_AUTH);
 *			  est: a scratch IKE SA comes up, then one request
 *			  of ours on it (Delete, Notify, CREATE_CHILD_SA),
 *			  then it is deleted
 *	arm NAME	responder role: the next response of that case's
 *			exchange that the main engine sends (the daemon
 *			initiating) is changed; "armed NAME" at once,
 *			"sent NAME" when it goes, replies reported as for
 *			impair until the next command
 *	port N		new negotiations and init/neg/est cases use UDP N
 *			(500, or 4500 with the non-ESP marker); "port N"
 *	flood N		N copies of our IKE_SA_INIT, each with a new SPI
 *			(a new negotiation every time); "flooded N replies
 *			R bytes B" with the answers of the next 1 s
 *	list		the cases, one "NAME KIND" per line, then "end"
 *	quit		delete nothing, exit 0
 * Meanwhile the main engine keeps its tunnel alive (DPD, rekeys) as usual.
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

#include "tests/hostile/peer.h"
#include "tests/lib/seed_peer.h"

#define IKE_PORT	500

static struct ike_cfg_peer	 pcfg;

uint64_t
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void
put32(uint8_t *d, uint32_t v)
{
	d[0] = (uint8_t)(v >> 24);
	d[1] = (uint8_t)(v >> 16);
	d[2] = (uint8_t)(v >> 8);
	d[3] = (uint8_t)v;
}

uint32_t
get32(const uint8_t *d)
{
	return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 |
	    (uint32_t)d[2] << 8 | d[3];
}

uint64_t
get64(const uint8_t *d)
{
	return (uint64_t)get32(d) << 32 | get32(d + 4);
}

/* The scratch engine's nonces are all zero: its IKE SA, if it comes up,
 * is the redundant one of the tunnel (the lowest nonce goes), never the
 * established tunnel the test watches. */
static int
rnd(void *arg, enum ike_rand_use use, void *buf, size_t len)
{
	if (arg != NULL && use == IKE_RAND_NONCE) {
		memset(buf, 0, len);
		return 0;
	}
	return getrandom(buf, len, 0) == (ssize_t)len ? 0 : -1;
}

uint16_t
case_port(const struct peer *p)
{
	return p->natt ? p->natt_port : IKE_PORT;
}

void
send_ike(struct peer *p, uint16_t port, const uint8_t *d, size_t len)
{
	struct sockaddr_in	to;
	uint8_t			buf[16384];

	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_addr = p->remote.ip;
	to.sin_port = htons(port);
	if (port != p->natt_port) {
		(void)sendto(p->fd, d, len, 0, (struct sockaddr *)&to,
		    sizeof(to));
		return;
	}
	if (len + NAT_MARKER > sizeof(buf))
		return;
	memset(buf, 0, NAT_MARKER);
	memcpy(buf + NAT_MARKER, d, len);
	(void)sendto(p->fd_natt, buf, len + NAT_MARKER, 0,
	    (struct sockaddr *)&to, sizeof(to));
}

static void
keep(uint8_t *dst, size_t cap, size_t *dlen, const uint8_t *d, size_t len)
{
	if (*dlen == 0 && len <= cap) {
		memcpy(dst, d, len);
		*dlen = len;
	}
}

/* One SEND of an engine: recorded, maybe rewritten, sent. */
static void
out_send(struct peer *p, struct side *s, const struct ike_action *a)
{
	const uint8_t	*d = a->data;
	size_t		 len = a->len, n;
	uint16_t	 port = a->remote.port;
	uint8_t		 out[16384];
	int		 resp;

	if (port == p->natt_port) {
		if (len < NAT_MARKER)
			return;
		if (len == 1)		/* NAT keepalive */
			return;
		d += NAT_MARKER;
		len -= NAT_MARKER;
	}
	if (s == &p->scratch && p->natt)
		port = p->natt_port;
	if (len < HDR) {
		send_ike(p, port, d, len);
		return;
	}
	resp = (d[19] & IKE_FLAG_R) != 0;
	if (s == &p->main && !resp && d[18] == IKE_EXCH_IKE_SA_INIT)
		keep(p->init, sizeof(p->init), &p->init_len, d, len);
	if (s == &p->main && !resp && d[18] == IKE_EXCH_IKE_AUTH)
		keep(p->auth, sizeof(p->auth), &p->auth_len, d, len);
	if (!resp && d[18] == IKE_EXCH_IKE_SA_INIT && s->spi_i == 0)
		s->spi_i = get64(d);
	if (p->rw != NULL && d[18] == p->rw_exch && resp == p->rw_resp &&
	    (s == &p->scratch) == !p->rw_resp) {
		p->rw_port = port;
		/* A message the case cannot change (a COOKIE or an error
		 * notify in its place) goes as it is; the next one is
		 * changed. */
		if ((n = p->rw(p, d, len, out, sizeof(out))) > 0) {
			p->rw = NULL;
			p->rw_done = 1;
			p->replies_at_rw = p->replies;
			printf("sent %s\n", p->rw_name);
			send_ike(p, port, out, n);
			if (resp && d[18] == IKE_EXCH_IKE_AUTH)
				p->my_auth_resp_len = 0;
			return;
		}
	}
	if (s == &p->main && resp && d[18] == IKE_EXCH_IKE_AUTH) {
		/* The latest one: replayed once it is old. */
		p->my_auth_resp_len = 0;
		keep(p->my_auth_resp, sizeof(p->my_auth_resp),
		    &p->my_auth_resp_len, d, len);
	}
	send_ike(p, port, d, len);
}

static void
perform(struct peer *p, struct side *s, struct ike_actions *acts)
{
	const struct ike_action	*a;
	size_t			 i, k;

	/* Keys first: a rewrite of the message sent in the same list
	 * needs them. */
	for (i = 0; i < acts->n; i++)
		if (acts->v[i].type == IKE_ACT_KEYS &&
		    acts->v[i].keys != NULL)
			keys_take(p, acts->v[i].keys);
	for (i = 0; i < acts->n; i++) {
		a = &acts->v[i];
		switch (a->type) {
		case IKE_ACT_SEND:
			out_send(p, s, a);
			break;
		case IKE_ACT_TIMER:
			for (k = 0; k < s->n_timers; k++)
				if (s->timer[k].id == a->timer)
					break;
			if (k == s->n_timers && s->n_timers < TIMERS)
				s->n_timers++;
			if (k < TIMERS) {
				s->timer[k].id = a->timer;
				s->timer[k].at = a->at;
			}
			break;
		case IKE_ACT_TIMER_CANCEL:
			for (k = 0; k < s->n_timers; k++)
				if (s->timer[k].id == a->timer)
					s->timer[k] = s->timer[--s->n_timers];
			break;
		case IKE_ACT_STATE:
			if (a->new_state == IKE_SA_ESTABLISHED)
				s->ike_up = 1;
			if (a->new_state == IKE_SA_DEAD && !s->ike_up)
				s->failed = 1;
			break;
		case IKE_ACT_CHILD_UP:
			s->child_up = 1;
			if (s->child_spi_in == 0)
				s->child_spi_in = a->spi_in;
			break;
		case IKE_ACT_FAIL:
			s->failed = 1;
			break;
		default:
			break;
		}
	}
	ike_actions_clear(acts);
}

static void
feed(struct peer *p, struct side *s, const struct ike_event *ev)
{
	struct ike_actions	acts;

	if (s->eng == NULL)
		return;
	memset(&acts, 0, sizeof(acts));
	(void)ike_engine_input(s->eng, now_ms(), ev, &acts);
	perform(p, s, &acts);
	ike_actions_free(&acts);
}

/* What the daemon said, for the test: its notifies and a summary of each
 * message, opened with the SA's keys when protected. */
static void
report(struct peer *p, const uint8_t *d, size_t len)
{
	struct ike_msg	*m;
	struct ike_derr	 err;
	char		 text[512];
	size_t		 i;

	if ((m = ike_msg_new()) == NULL)
		return;
	if (ike_msg_decode(m, d, len, &err) == 0 && m->has_sk) {
		ike_msg_free(m);
		if ((m = ike_msg_new()) == NULL)
			return;
		if (keys_open(p, d, len, m) == -1) {
			printf("reply %s sealed\n", p->impair);
			ike_msg_free(m);
			return;
		}
	}
	for (i = 0; i < m->npl; i++)
		if (m->pl[i].type == IKE_PL_NOTIFY)
			printf("reply %s notify %u\n", p->impair,
			    m->pl[i].n.type);
	printf("reply %s msg %s\n", p->impair,
	    ike_msg_describe(m, text, sizeof(text)));
	ike_msg_free(m);
}

static void
run_timers(struct peer *p, struct side *s, uint64_t t)
{
	struct ike_event	ev;
	size_t			k;

	for (k = 0; k < s->n_timers; k++) {
		if (s->timer[k].at > t)
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.type = IKE_EV_TIMER;
		ev.timer = s->timer[k].id;
		s->timer[k] = s->timer[--s->n_timers];
		feed(p, s, &ev);
		k = (size_t)-1;		/* the list changed */
	}
}

/* One datagram from the daemon on fd (port): to the engine it is for. */
static void
receive(struct peer *p, int fd, uint16_t port)
{
	struct sockaddr_in	from;
	socklen_t		fl = sizeof(from);
	struct ike_event	ev;
	struct side		*s = &p->main;
	uint8_t			buf[65536];
	const uint8_t		*d;
	size_t			len, off = port == p->natt_port ? NAT_MARKER :
				    0;
	ssize_t			r;

	r = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
	if (r <= 0)
		return;
	p->rx++;
	p->rx_bytes += r;
	if (p->mute || (size_t)r < off + HDR)
		return;
	d = buf + off;
	len = (size_t)r - off;
	if (p->impair != NULL) {
		p->replies++;
		printf("reply %s via %u\n", p->impair, port);
		report(p, d, len);
	}
	if ((d[19] & IKE_FLAG_R) && d[18] == IKE_EXCH_IKE_AUTH &&
	    get64(d) == p->main.spi_i)
		keep(p->auth_resp, sizeof(p->auth_resp), &p->auth_resp_len, d,
		    len);
	if (p->scratch.eng != NULL && get64(d) == p->scratch.spi_i)
		s = &p->scratch;
	memset(&ev, 0, sizeof(ev));
	ev.type = IKE_EV_DATAGRAM;
	ev.local = p->local;
	ev.local.port = port;
	ev.remote.ip = from.sin_addr;
	ev.remote.port = ntohs(from.sin_port);
	ev.data = buf;
	ev.len = (size_t)r;
	feed(p, s, &ev);
}

/* Handles what arrives and what is due for up to ms milliseconds. */
void
pump(struct peer *p, int ms, int watch_stdin)
{
	struct pollfd		pf[3];
	uint64_t		end = now_ms() + (uint64_t)ms, t;

	while ((t = now_ms()) < end) {
		run_timers(p, &p->main, t);
		run_timers(p, &p->scratch, t);
		pf[0].fd = p->fd;
		pf[0].events = POLLIN;
		pf[1].fd = p->fd_natt;
		pf[1].events = POLLIN;
		pf[2].fd = 0;
		pf[2].events = POLLIN;
		if (poll(pf, watch_stdin ? 3 : 2, 20) <= 0)
			continue;
		if (watch_stdin && (pf[2].revents & (POLLIN | POLLHUP)))
			return;
		if (pf[0].revents & POLLIN)
			receive(p, p->fd, IKE_PORT);
		if (pf[1].revents & POLLIN)
			receive(p, p->fd_natt, p->natt_port);
	}
}

/* After a message of a case: the daemon's answers, the first within
 * 1 s (a busy machine, a sanitizer build), then any that follow it
 * closely; a case the daemon drops costs the whole second. */
static int	await_ms = 1000;

static void
await_reply(struct peer *p, long before)
{
	uint64_t	end = now_ms() + (uint64_t)await_ms;

	while (p->replies == before && now_ms() < end)
		pump(p, 20, 0);
	pump(p, 150, 0);
}

static int
side_new(struct side *s, const struct ike_cfg *cfg, void *rand_arg)
{
	struct ike_env	env;

	memset(s, 0, sizeof(*s));
	if ((s->dp = dp_record_new(rand_arg != NULL ? 0xd0000000u :
	    0xc0000000u)) == NULL)
		return -1;
	memset(&env, 0, sizeof(env));
	env.rand = rnd;
	env.rand_arg = rand_arg;
	env.dp = &s->dp->dp;
	if ((s->eng = ike_engine_new(&env, cfg, now_ms())) == NULL) {
		dp_record_free(s->dp);
		s->dp = NULL;
		return -1;
	}
	return 0;
}

static void
side_free(struct side *s)
{
	ike_engine_free(s->eng);
	dp_record_free(s->dp);
	memset(s, 0, sizeof(*s));
}

static void
initiate(struct peer *p, struct side *s)
{
	struct ike_event	ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = IKE_EV_INITIATE;
	ev.peer_id = 1;
	feed(p, s, &ev);
}

/* A scratch negotiation: its own engine, keys exported, the impairment
 * armed for its message.  Runs until the rewrite went out and its answer
 * came (await_reply), or the SA came up (want_up), or 5 s.  0 when it got there. */
static int
scratch_run(struct peer *p, const struct impair *c, int want_up)
{
	struct ike_cfg	cfg;
	uint64_t	end;

	memset(&cfg, 0, sizeof(cfg));
	cfg.peers = &pcfg;
	cfg.n_peers = 1;
	cfg.limits.export_keys = 1;
	if (side_new(&p->scratch, &cfg, &p->scratch) == -1)
		return -1;
	/* Without a rewrite of its own a case still loses INITIAL_CONTACT:
	 * the tunnel's established IKE SA must stay. */
	p->rw = c->rw != NULL ? c->rw : auth_clean;
	p->rw_name = c->name;
	p->rw_exch = c->rw != NULL ? c->exch : IKE_EXCH_IKE_AUTH;
	p->rw_resp = 0;
	p->rw_done = 0;
	initiate(p, &p->scratch);
	end = now_ms() + 5000;
	while (now_ms() < end) {
		pump(p, 20, 0);
		if (want_up && p->scratch.ike_up && p->scratch.child_up)
			return 0;
		if (!want_up && p->rw_done) {
			await_reply(p, p->replies_at_rw);
			return 0;
		}
	}
	return -1;
}

/* After a case: a scratch IKE SA that came up is deleted (through its
 * engine, which knows its Message IDs), then the engine goes. */
static void
scratch_end(struct peer *p)
{
	struct ike_event	ev;

	p->rw = NULL;
	if (p->scratch.eng == NULL)
		return;
	if (p->scratch.ike_up && !p->scratch.failed) {
		memset(&ev, 0, sizeof(ev));
		ev.type = IKE_EV_TERMINATE;
		ev.peer_id = 1;
		feed(p, &p->scratch, &ev);
		pump(p, 200, 0);
	}
	side_free(&p->scratch);
}

/* CASE_EST: the scratch SA up, taken over, one request, then a Delete of
 * it (unless the case deleted it). */
static int
est_run(struct peer *p, const struct impair *c, uint8_t *d, size_t cap)
{
	struct ike_msg	*m;
	size_t		 n, i;
	uint16_t	 port = case_port(p);
	long		 r0;

	if (scratch_run(p, c, 1) == -1)
		return -1;
	p->est_spi_i = p->scratch.spi_i;
	p->est_spi_r = 0;
	for (i = 0; i < KEYSETS; i++)
		if (p->keys[i].used && p->keys[i].spi_i == p->est_spi_i)
			p->est_spi_r = p->keys[i].spi_r;
	p->est_msgid = 2;	/* after IKE_SA_INIT and IKE_AUTH */
	p->est_child_in = p->scratch.child_spi_in;
	p->est_gone = 0;
	/* From here on the peer speaks for the SA itself; its engine would
	 * answer with Message IDs the daemon has seen. */
	side_free(&p->scratch);
	if ((n = c->fn(p, d, cap)) == 0)
		return -1;
	p->impair = c->name;
	r0 = p->replies;
	send_ike(p, port, d, n);
	printf("sent %s\n", c->name);
	await_reply(p, r0);
	p->impair = NULL;
	p->est_msgid++;
	if (!p->est_gone && (m = ike_msg_new()) != NULL) {
		ike_msg_set_hdr(m, p->est_spi_i, p->est_spi_r,
		    IKE_EXCH_INFORMATIONAL, p->est_msgid, IKE_FLAG_I);
		ike_msg_add_delete(m, IKE_PROTO_IKE, 0, NULL, 0);
		if ((n = keys_reseal(p, m, 0, -1, d, cap)) > 0)
			send_ike(p, port, d, n);
		ike_msg_free(m);
		pump(p, 100, 0);
	}
	return 0;
}

static const struct {
	const struct impair	*v;
	const size_t		*n;
	const char		*kind;
} tables[] = {
	{ impairs_raw, &n_impairs_raw, NULL },
	{ impairs_init, &n_impairs_init, "init" },
	{ impairs_auth, &n_impairs_auth, "neg" },
	{ impairs_est, &n_impairs_est, "est" },
	{ impairs_resp_init, &n_impairs_resp_init, "resp" },
	{ impairs_resp_auth, &n_impairs_resp_auth, "resp" },
};

static const struct impair *
find_case(const char *name)
{
	size_t	t, i;

	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (i = 0; i < *tables[t].n; i++)
			if (strcmp(tables[t].v[i].name, name) == 0)
				return &tables[t].v[i];
	return NULL;
}

static void
list_cases(void)
{
	static const char *const kinds[] = { "", "raw", "init", "neg", "est",
	    "resp" };
	size_t	t, i;

	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (i = 0; i < *tables[t].n; i++)
			printf("%s %s\n", tables[t].v[i].name,
			    kinds[tables[t].v[i].kind]);
	puts("end");
}

/* impair NAME */
static void
run_case(struct peer *p, const char *name)
{
	const struct impair	*c = find_case(name);
	uint8_t			 d[16384];
	size_t			 n;
	long			 r0;

	if (c == NULL || c->kind == CASE_RESP) {
		printf("unknown %s\n", name);
		return;
	}
	switch (c->kind) {
	case CASE_RAW:
	case CASE_INIT:
		if ((n = c->fn(p, d, sizeof(d))) == 0) {
			printf("unknown %s\n", name);
			return;
		}
		p->impair = c->name;
		r0 = p->replies;
		send_ike(p, c->kind == CASE_INIT ? case_port(p) : IKE_PORT,
		    d, n);
		printf("sent %s\n", c->name);
		await_reply(p, r0);
		break;
	case CASE_NEG:
		p->impair = c->name;
		if (scratch_run(p, c, 0) == -1)
			printf("fail %s\n", c->name);
		break;
	case CASE_EST:
		if (est_run(p, c, d, sizeof(d)) == -1)
			printf("fail %s\n", c->name);
		break;
	default:
		break;
	}
	p->impair = c->name;
	scratch_end(p);
	p->impair = NULL;
	puts("done");
}

/* arm NAME */
static void
arm_case(struct peer *p, const char *name)
{
	const struct impair	*c = find_case(name);

	if (c == NULL || c->kind != CASE_RESP) {
		printf("unknown %s\n", name);
		return;
	}
	p->rw = c->rw;
	p->rw_name = c->name;
	p->rw_exch = c->exch;
	p->rw_resp = 1;
	p->rw_done = 0;
	p->impair = c->name;
	printf("armed %s\n", c->name);
}

static int
udp_bind(struct in_addr ip, uint16_t port)
{
	struct sockaddr_in	sin;
	int			fd;

	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr = ip;
	sin.sin_port = htons(port);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		perror("bind");
		close(fd);
		return -1;
	}
	return fd;
}

int
main(int argc, char **argv)
{
	struct peer		 p;
	struct ike_cfg		 cfg;
	char			 line[256], *nl, *colon, *sp;
	long			 k, count, rx0, rb0;
	uint8_t			 d[16384];
	size_t			 n;
	uint64_t		 end;

	memset(&p, 0, sizeof(p));
	p.local.port = IKE_PORT;
	p.natt_port = 4500;
	if (argc > 1 && strcmp(argv[1], "--encap") == 0) {
		p.force_encap = 1;
		argc--;
		argv++;
	}
	if (argc == 3 && (colon = strchr(argv[1], ':')) != NULL) {
		*colon = '\0';
		p.local.port = (uint16_t)atoi(colon + 1);
	}
	if (argc != 3 || inet_pton(AF_INET, argv[1], &p.local.ip) != 1 ||
	    inet_pton(AF_INET, argv[2], &p.remote.ip) != 1) {
		fprintf(stderr, "usage: hostile-peer [--encap] LOCAL REMOTE\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	p.remote.port = IKE_PORT;
	/* Our NAT-T socket: 4500 beside 500; beside another port (a daemon
	 * of the same namespace has 500 and 4500) that port + 4000. */
	if ((p.fd = udp_bind(p.local.ip, p.local.port)) == -1 ||
	    (p.fd_natt = udp_bind(p.local.ip, p.local.port == IKE_PORT ?
	    p.natt_port : (uint16_t)(p.local.port + 4000))) == -1)
		return 1;
	seed_router2_peer(&pcfg, p.local.ip, p.remote.ip);
	memset(&cfg, 0, sizeof(cfg));
	cfg.peers = &pcfg;
	cfg.n_peers = 1;
	cfg.limits.export_keys = 1;
	cfg.limits.force_encap = p.force_encap;
	/* The daemon's attempts that a case broke stay half-open here until
	 * they time out: no COOKIE for them, the test is about the daemon. */
	cfg.limits.cookie_threshold = 100000;
	cfg.limits.cookie_threshold_ip = 100000;
	cfg.limits.block_threshold_ip = 100000;
	if (side_new(&p.main, &cfg, NULL) == -1) {
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
		p.impair = NULL;
		p.rw = NULL;
		if (strcmp(line, "quit") == 0)
			break;
		if (strcmp(line, "up") == 0) {
			initiate(&p, &p.main);
			end = now_ms() + 10000;
			while (!(p.main.ike_up && p.main.child_up) &&
			    now_ms() < end)
				pump(&p, 50, 0);
			puts(p.main.ike_up && p.main.child_up &&
			    p.auth_len > 0 ? "up" : "fail up");
		} else if (strncmp(line, "flood ", 6) == 0 &&
		    (count = atol(line + 6)) > 0 && count <= 1000000) {
			if (p.init_len == 0) {
				/* A template from the engine, its answer
				 * ignored: no IKE SA of ours comes up. */
				p.mute = 1;
				initiate(&p, &p.main);
			}
			rx0 = p.rx;
			rb0 = p.rx_bytes;
			for (k = 0; k < count; k++) {
				n = from_init(&p, d);
				send_ike(&p, IKE_PORT, d, n);
				if (k % 128 == 127)
					pump(&p, 1, 0);
			}
			pump(&p, 1000, 0);
			printf("flooded %ld replies %ld bytes %ld request %zu\n",
			    count, p.rx - rx0, p.rx_bytes - rb0, p.init_len);
		} else if (strcmp(line, "port 500") == 0 ||
		    strcmp(line, "port 4500") == 0) {
			p.natt = strcmp(line, "port 4500") == 0;
			printf("%s\n", line);
		} else if (strcmp(line, "list") == 0)
			list_cases();
		else if (strncmp(line, "impair ", 7) == 0) {
			/* impair NAME [MS]: the wait for a first answer. */
			await_ms = 1000;
			if ((sp = strchr(line + 7, ' ')) != NULL) {
				*sp = '\0';
				await_ms = atoi(sp + 1);
				if (await_ms < 0 || await_ms > 10000)
					await_ms = 1000;
			}
			run_case(&p, line + 7);
		}
		else if (strncmp(line, "arm ", 4) == 0)
			arm_case(&p, line + 4);
		else
			printf("unknown %s\n", line);
	}
	side_free(&p.scratch);
	side_free(&p.main);
	keys_free_all(&p);
	close(p.fd);
	close(p.fd_natt);
	return 0;
}
