/*
 * bench/ike-mem: what the IKE engine itself holds per established IKE SA
 * with its Child SA, and what an event costs it when many SAs are up.
 *
 * Two engines in one thread, A (initiator) and B (responder), N tunnels
 * between them with the configuration of bench/ike-rate.sh: PSK, IKE
 * AES-CBC-128/HMAC-SHA2-256/PRF-SHA2-256/ECP-256, ESP AES-128/HMAC-SHA2-256
 * without PFS.  The data plane keeps nothing (SPIs from a counter), so the
 * figures are the engine's own: heap in use (glibc mallinfo2) with the N
 * tunnels configured and no SA, then with all N up, each engine's share
 * found by freeing the other one.  bench/ike-rate.sh measures the daemon
 * as a whole (RSS); this program says how much of it is the engine.
 *
 * Then, with the N SAs up, the CPU time per event of three kinds: a
 * liveness check (DPD: an INFORMATIONAL round trip through both engines),
 * a stale timer (an SA's timer firing with nothing due) and an unknown
 * SPI (a datagram dropped at lookup).  Each should not depend on N.
 *
 * Not a test: it prints figures and asserts nothing about them.
 *
 * Usage: bench/ike-mem [-n N] [-e EVENTS]; build without
 * --enable-sanitizers (ASan's allocator leaves mallinfo2 empty).
 */
#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "ikev2/engine.h"

#define NB	25	/* B's addresses, as in bench/ike-rate.sh */

struct pkt {
	int		 to;
	struct ike_addr	 src;
	struct ike_addr	 dst;
	uint8_t		*data;
	size_t		 len;
};

/* A FIFO of datagrams in flight between the two engines. */
static struct pkt	*q;
static size_t		 q_head, q_len, q_cap;

struct side {
	struct ike_engine	*eng;
	struct dp		 dp;
	uint32_t		 next_spi;
	struct ike_actions	 acts;
};

static struct side	 sides[2];
static uint64_t		 now_ms = 1000;

static int
m_rand(void *arg, enum ike_rand_use use, void *buf, size_t len)
{
	(void)arg;
	(void)use;
	return RAND_bytes(buf, (int)len) == 1 ? 0 : -1;
}

/* The data plane that keeps nothing. */
static int
m_get_spi(struct dp *dp, struct in_addr src, struct in_addr dst,
    uint8_t proto, uint32_t reqid, uint32_t *spi, char *err, size_t errlen)
{
	struct side	*s = (struct side *)((char *)dp -
			    offsetof(struct side, dp));

	(void)src;
	(void)dst;
	(void)proto;
	(void)reqid;
	(void)err;
	(void)errlen;
	*spi = s->next_spi++;
	return 0;
}

static int
m_add_sa(struct dp *dp, const struct dp_sa *sa, char *err, size_t errlen)
{
	(void)dp;
	(void)sa;
	(void)err;
	(void)errlen;
	return 0;
}

static int
m_del_sa(struct dp *dp, const struct dp_sa_key *k, char *err, size_t errlen)
{
	(void)dp;
	(void)k;
	(void)err;
	(void)errlen;
	return 0;
}

static double
cpu_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* In use: small chunks plus the large ones malloc maps by themselves. */
static size_t
heap(void)
{
	struct mallinfo2	mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static void
peer_init(struct ike_cfg_peer *p, uint32_t i, int side)
{
	struct ike_cfg_proposal	*ike = &p->ike[0], *esp = &p->esp[0];
	struct in_addr		 a, b;

	memset(p, 0, sizeof(*p));
	a.s_addr = htonl(0xc6336400u + 1 + i / NB);	/* 198.51.100.x */
	b.s_addr = htonl(0xcb007100u + 1 + i % NB);	/* 203.0.113.x */
	p->id = i + 1;
	snprintf(p->name, sizeof(p->name), "tunnel-ip%u", i);
	p->if_id = i + 1;
	p->local = side == 0 ? a : b;
	p->remote = side == 0 ? b : a;
	p->auth_local = p->auth_remote = IKE_CFG_AUTH_PSK;
	snprintf(p->psk_local, sizeof(p->psk_local), "bench-key");
	snprintf(p->psk_remote, sizeof(p->psk_remote), "bench-key");
	p->remote_id.any = 1;
	ike->encr[ike->n_encr++] = (struct ike_cfg_encr){ IKE_ENCR_AES_CBC,
	    128 };
	ike->integ[ike->n_integ++] = IKE_INTEG_HMAC_SHA2_256_128;
	ike->prf[ike->n_prf++] = IKE_PRF_HMAC_SHA2_256;
	ike->dh[ike->n_dh++] = IKE_DH_ECP_256;
	p->n_ike = 1;
	esp->encr[esp->n_encr++] = (struct ike_cfg_encr){ IKE_ENCR_AES_CBC,
	    128 };
	esp->integ[esp->n_integ++] = IKE_INTEG_HMAC_SHA2_256_128;
	p->n_esp = 1;
}

static void
q_push(const struct pkt *p)
{
	struct pkt	*v;
	size_t		 cap, i;

	if (q_len == q_cap) {
		cap = q_cap ? q_cap * 2 : 256;
		if ((v = malloc(cap * sizeof(*v))) == NULL) {
			fprintf(stderr, "bench/ike-mem: out of memory\n");
			exit(1);
		}
		for (i = 0; i < q_len; i++)
			v[i] = q[(q_head + i) % q_cap];
		free(q);
		q = v;
		q_cap = cap;
		q_head = 0;
	}
	q[(q_head + q_len) % q_cap] = *p;
	q_len++;
}

/* Moves a side's SEND actions to the queue and counts the rest. */
static void
collect(int from, size_t *child_up)
{
	struct side	*s = &sides[from];
	struct pkt	 p;
	size_t		 i;

	for (i = 0; i < s->acts.n; i++) {
		struct ike_action *a = &s->acts.v[i];

		if (a->type == IKE_ACT_CHILD_UP && child_up != NULL)
			(*child_up)++;
		if (a->type == IKE_ACT_FAIL)
			fprintf(stderr, "bench/ike-mem: %s: %s\n",
			    from ? "B" : "A", a->text);
		if (a->type != IKE_ACT_SEND)
			continue;
		p.to = !from;
		p.src = a->local;
		p.dst = a->remote;
		p.data = a->data;	/* take it over */
		p.len = a->len;
		a->data = NULL;
		q_push(&p);
	}
	ike_actions_clear(&s->acts);
}

static void
input(int to, const struct ike_event *ev, size_t *child_up)
{
	ike_engine_input(sides[to].eng, now_ms, ev, &sides[to].acts);
	collect(to, child_up);
}

/* Delivers queued datagrams until none is left. */
static void
drain(size_t *child_up)
{
	struct ike_event	ev;
	struct pkt		p;

	while (q_len > 0) {
		p = q[q_head];
		q_head = (q_head + 1) % q_cap;
		q_len--;
		memset(&ev, 0, sizeof(ev));
		ev.type = IKE_EV_DATAGRAM;
		ev.local = p.dst;
		ev.remote = p.src;
		ev.data = p.data;
		ev.len = p.len;
		input(p.to, &ev, child_up);
		free(p.data);
	}
}

static void
admin(int to, enum ike_ev_type type, uint32_t peer_id, size_t *child_up)
{
	struct ike_event	ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.peer_id = peer_id;
	input(to, &ev, child_up);
}

/* Two engines with n tunnels each; *base gets the heap each one took. */
static int
engines_new(struct ike_cfg_peer **peers, size_t n, size_t *base)
{
	struct ike_env	env;
	struct ike_cfg	cfg;
	size_t		h;
	int		k;

	for (k = 0; k < 2; k++) {
		h = heap();
		memset(&env, 0, sizeof(env));
		env.rand = m_rand;
		memset(&sides[k].dp, 0, sizeof(sides[k].dp));
		sides[k].dp.name = "none";
		sides[k].dp.get_spi = m_get_spi;
		sides[k].dp.add_sa = m_add_sa;
		sides[k].dp.del_sa = m_del_sa;
		sides[k].next_spi = 0x1000 + (uint32_t)k * 0x10000000;
		env.dp = &sides[k].dp;
		memset(&cfg, 0, sizeof(cfg));
		cfg.peers = peers[k];
		cfg.n_peers = n;
		cfg.limits.cookie_threshold = 1000000;
		cfg.limits.cookie_threshold_ip = 1000000;
		cfg.limits.block_threshold_ip = 1000000;
		if ((sides[k].eng = ike_engine_new(&env, &cfg, now_ms)) ==
		    NULL) {
			fprintf(stderr, "bench/ike-mem: no engine\n");
			return -1;
		}
		base[k] = heap() - h;
	}
	return 0;
}

/* A initiates every tunnel; 0 once all 2n Child SAs are up. */
static int
bring_up(size_t n)
{
	size_t	up = 0;
	int	k;

	admin(0, IKE_EV_INITIATE, 0, &up);
	drain(&up);
	/* The action lists grew for the burst: not the SAs' memory. */
	for (k = 0; k < 2; k++)
		ike_actions_free(&sides[k].acts);
	if (up != 2 * n) {
		fprintf(stderr, "bench/ike-mem: %zu of %zu Child SAs up\n",
		    up, 2 * n);
		return -1;
	}
	return 0;
}

static void
engine_free(int k)
{
	ike_engine_free(sides[k].eng);
	sides[k].eng = NULL;
	ike_actions_free(&sides[k].acts);
}

int
main(int argc, char **argv)
{
	struct ike_cfg_peer	*peers[2];
	struct ike_event	 ev;
	size_t			 n = 1000, events = 2000, i, base[2], h[3];
	double			 t0, dpd, timer, unknown;
	uint8_t			 junk[80];
	int			 c, k;

	while ((c = getopt(argc, argv, "n:e:")) != -1) {
		switch (c) {
		case 'n':
			n = strtoul(optarg, NULL, 10);
			break;
		case 'e':
			events = strtoul(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "usage: bench/ike-mem [-n N] "
			    "[-e EVENTS]\n");
			return 2;
		}
	}
	if (n == 0 || n > 250 * NB || events == 0) {
		fprintf(stderr, "bench/ike-mem: N from 1 to %d\n", 250 * NB);
		return 2;
	}
	for (k = 0; k < 2; k++) {
		if ((peers[k] = calloc(n, sizeof(*peers[k]))) == NULL)
			return 1;
		for (i = 0; i < n; i++)
			peer_init(&peers[k][i], (uint32_t)i, k);
	}
	/* A first pair of engines warms OpenSSL's lazily built tables and
	 * the datagram queue, so neither counts below. */
	if (engines_new(peers, 1, base) == -1 || bring_up(1) == -1)
		return 1;
	engine_free(1);
	engine_free(0);

	/* Memory: each engine's share, found by freeing B, then A. */
	if (engines_new(peers, n, base) == -1 || bring_up(n) == -1)
		return 1;
	h[0] = heap();
	engine_free(1);
	h[1] = heap();
	engine_free(0);
	h[2] = heap();
	printf("ike-mem: N=%zu tunnels, PSK, IKE AES-CBC-128/SHA-256/ECP-256, "
	    "ESP AES-128/SHA-256\n", n);
	printf("engine heap, configured without SAs: A %zu, B %zu bytes "
	    "(%zu, %zu per tunnel)\n", base[0], base[1], base[0] / n,
	    base[1] / n);
	printf("engine heap per IKE SA + Child SA: A (initiator) %.0f, "
	    "B (responder) %.0f bytes\n",
	    ((double)(h[1] - h[2]) - (double)base[0]) / (double)n,
	    ((double)(h[0] - h[1]) - (double)base[1]) / (double)n);

	/* CPU per event with every SA up. */
	if (engines_new(peers, n, base) == -1 || bring_up(n) == -1)
		return 1;
	t0 = cpu_now();
	for (i = 0; i < events; i++) {
		admin(0, IKE_EV_DPD, (uint32_t)(i % n) + 1, NULL);
		drain(NULL);
	}
	dpd = (cpu_now() - t0) / (double)events;
	memset(&ev, 0, sizeof(ev));
	ev.type = IKE_EV_TIMER;
	t0 = cpu_now();
	for (i = 0; i < events; i++) {
		ev.timer = 1 + i % n;
		input(0, &ev, NULL);
	}
	timer = (cpu_now() - t0) / (double)events;
	memset(junk, 0, sizeof(junk));
	junk[0] = 0x5a;			/* an SPIi no engine has */
	junk[17] = 0x20;		/* version 2.0 */
	junk[18] = 37;			/* INFORMATIONAL */
	junk[19] = 0x08;		/* I flag */
	junk[27] = 28;			/* length: a bare header */
	memset(&ev, 0, sizeof(ev));
	ev.type = IKE_EV_DATAGRAM;
	ev.data = junk;
	ev.len = 28;
	ev.local.port = ev.remote.port = 500;
	t0 = cpu_now();
	for (i = 0; i < events; i++)
		input(1, &ev, NULL);
	unknown = (cpu_now() - t0) / (double)events;
	printf("CPU per event with %zu SAs up: DPD round trip %.1f us, stale "
	    "timer %.2f us, unknown SPI %.2f us\n", n, dpd * 1e6,
	    timer * 1e6, unknown * 1e6);
	engine_free(1);
	engine_free(0);
	for (k = 0; k < 2; k++)
		free(peers[k]);
	while (q_len > 0) {
		free(q[q_head].data);
		q_head = (q_head + 1) % q_cap;
		q_len--;
	}
	free(q);
	return 0;
}
