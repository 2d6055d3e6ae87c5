/*
 * Two engines and a datagram queue (see engine_harness.h).  Everything is
 * deterministic: randomness comes from a seeded xorshift generator per side
 * and time only moves when the harness moves it.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ikev2/proposal.h"
#include "tests/unit/engine_harness.h"

#define NAT_OFFSET	10000	/* side 0's ports as the NAT shows them */

static uint64_t
xorshift(uint64_t *s)
{
	uint64_t	x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static int
h_rand(void *arg, enum ike_rand_use use, void *buf, size_t len)
{
	struct h_side	*s = arg;
	uint8_t		*p = buf;
	size_t		 i;

	if (s->rand_fail > 0) {
		s->rand_fail--;
		return -1;
	}
	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(xorshift(&s->rng) >> 32);
	if (use == IKE_RAND_NONCE && s->n_nonce_fix > 0 && len > 0) {
		p[0] = (uint8_t)s->nonce_fix[0];
		memmove(s->nonce_fix, s->nonce_fix + 1,
		    (--s->n_nonce_fix) * sizeof(s->nonce_fix[0]));
	}
	return 0;
}

static struct in_addr
side_ip(int side)
{
	struct in_addr	a;

	a.s_addr = htonl(0xc6336401u + (uint32_t)side);	/* 198.51.100.1/2 */
	return a;
}

/* Described in header. */
void
h_set_ike(struct harness *h, uint16_t encr, uint16_t keylen, uint16_t integ,
    uint16_t prf, uint16_t dh)
{
	int	i;

	for (i = 0; i < 2; i++) {
		struct ike_cfg_proposal *p = &h->s[i].peer.ike[0];

		memset(p, 0, sizeof(*p));
		snprintf(p->name, sizeof(p->name), "P1");
		p->encr[p->n_encr++] = (struct ike_cfg_encr){ encr, keylen };
		if (integ)
			p->integ[p->n_integ++] = integ;
		p->prf[p->n_prf++] = prf;
		p->dh[p->n_dh++] = dh;
		h->s[i].peer.n_ike = 1;
	}
}

/* Described in header. */
void
h_set_esp(struct harness *h, uint16_t encr, uint16_t keylen, uint16_t integ,
    uint16_t pfs)
{
	int	i;

	for (i = 0; i < 2; i++) {
		struct ike_cfg_proposal *p = &h->s[i].peer.esp[0];

		memset(p, 0, sizeof(*p));
		snprintf(p->name, sizeof(p->name), "TS1");
		p->encr[p->n_encr++] = (struct ike_cfg_encr){ encr, keylen };
		if (integ)
			p->integ[p->n_integ++] = integ;
		if (pfs)
			p->dh[p->n_dh++] = pfs;
		h->s[i].peer.n_esp = 1;
	}
}

/* Described in header. */
void
h_init(struct harness *h, uint64_t seed)
{
	int	i;

	memset(h, 0, sizeof(*h));
	h->now = 1000000;
	h->verbose = getenv("HARNESS_VERBOSE") != NULL;
	for (i = 0; i < 2; i++) {
		struct h_side		*s = &h->s[i];
		struct ike_cfg_peer	*p = &s->peer;

		s->rng = seed * 2654435761u + (uint64_t)i * 40503 + 1;
		p->id = 1;
		snprintf(p->name, sizeof(p->name), "tunnel-ip1");
		p->if_id = 1;
		p->local = side_ip(i);
		p->remote = side_ip(!i);
		p->ike_lifetime = 86400;
		p->auth_local = p->auth_remote = IKE_CFG_AUTH_PSK;
		snprintf(p->psk_local, sizeof(p->psk_local), "cisco123");
		snprintf(p->psk_remote, sizeof(p->psk_remote), "cisco123");
		p->remote_id.addr = side_ip(!i);
		p->remote_id.mask.s_addr = 0xffffffffu;
		p->child_lifetime = 3600;
		s->limits.export_keys = 1;
		if (h->verbose)
			s->limits.log_level = IKE_LOG_DEBUG;
	}
	h_set_ike(h, IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_256_128,
	    IKE_PRF_HMAC_SHA2_256, IKE_DH_ECP_256);
	h_set_esp(h, IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96, 0);
}

static void collect(struct harness *h, int side);

/* Described in header. */
void
h_start_side(struct harness *h, int i)
{
	struct ike_env	 env;
	struct ike_cfg	 cfg;
	struct h_side	*s = &h->s[i];

	if (s->dp == NULL)
		s->dp = dp_record_new(i == 0 ? 0xa0000000u : 0xb0000000u);
	memset(&env, 0, sizeof(env));
	env.rand = h_rand;
	env.rand_arg = s;
	env.dp = &s->dp->dp;
	env.pki = s->pki;
	memset(&cfg, 0, sizeof(cfg));
	cfg.peers = &s->peer;
	cfg.n_peers = 1;
	cfg.limits = s->limits;
	s->eng = ike_engine_new(&env, &cfg, h->now);
	if (s->eng == NULL) {
		fprintf(stderr, "harness: engine creation failed\n");
		abort();
	}
}

/* Described in header. */
void
h_start(struct harness *h)
{
	h_start_side(h, 0);
	h_start_side(h, 1);
}

/* Described in header. */
void
h_free(struct harness *h)
{
	size_t	i;
	int	k;

	for (k = 0; k < 2; k++) {
		ike_engine_free(h->s[k].eng);
		ike_actions_free(&h->s[k].acts);
		dp_record_free(h->s[k].dp);
	}
	for (i = 0; i < h->nq; i++)
		free(h->q[i].data);
	free(h->q);
	memset(h, 0, sizeof(*h));
}

static void
enqueue(struct harness *h, int from, const struct ike_action *a)
{
	struct h_pkt	*p;
	int		 to = -1, k;

	for (k = 0; k < 2; k++)
		if (a->remote.ip.s_addr == side_ip(k).s_addr && k != from)
			to = k;
	if (to == -1)
		return;		/* addressed to nobody we simulate */
	if (h->nq == h->capq) {
		h->capq = h->capq ? h->capq * 2 : 64;
		h->q = realloc(h->q, h->capq * sizeof(*h->q));
		if (h->q == NULL)
			abort();
	}
	p = &h->q[h->nq++];
	memset(p, 0, sizeof(*p));
	p->to = to;
	p->src = a->local;
	p->dst = a->remote;
	if (h->nat) {
		/* Side 0 sits behind a port-translating NAT. */
		if (from == 0)
			p->src.port += NAT_OFFSET;
		else if (p->dst.port > NAT_OFFSET)
			p->dst.port -= NAT_OFFSET;
	}
	if ((p->data = malloc(a->len)) == NULL)
		abort();
	memcpy(p->data, a->data, a->len);
	p->len = a->len;
	p->seq = ++h->seq;
	if (h->s[from].sent < 64)
		h->s[from].send_times[h->s[from].sent] = h->now;
	h->s[from].sent++;
}

static void
set_timer(struct h_side *s, uint64_t id, uint64_t at)
{
	size_t	i;

	for (i = 0; i < s->n_timers; i++)
		if (s->timers[i].id == id) {
			s->timers[i].at = at;
			return;
		}
	if (s->n_timers == H_TIMERS)
		abort();
	s->timers[s->n_timers].id = id;
	s->timers[s->n_timers].at = at;
	s->n_timers++;
}

static void
cancel_timer(struct h_side *s, uint64_t id)
{
	size_t	i;

	for (i = 0; i < s->n_timers; i++)
		if (s->timers[i].id == id) {
			s->timers[i] = s->timers[--s->n_timers];
			return;
		}
}

static void
collect(struct harness *h, int side)
{
	struct h_side	*s = &h->s[side];
	size_t		 i;

	for (i = 0; i < s->acts.n; i++) {
		const struct ike_action *a = &s->acts.v[i];

		switch (a->type) {
		case IKE_ACT_SEND:
			enqueue(h, side, a);
			break;
		case IKE_ACT_TIMER:
			set_timer(s, a->timer, a->at);
			break;
		case IKE_ACT_TIMER_CANCEL:
			cancel_timer(s, a->timer);
			break;
		case IKE_ACT_FAIL:
			if (s->n_fails < H_FAILS) {
				snprintf(s->fails[s->n_fails],
				    sizeof(s->fails[0]), "%s", a->text);
				s->fail_codes[s->n_fails++] = a->fail;
			}
			break;
		case IKE_ACT_KEYS:
			if (s->n_keys < H_KEYS && a->keys != NULL)
				s->keys[s->n_keys++] = *a->keys;
			break;
		default:
			break;
		}
		if (h->verbose && a->text[0])
			fprintf(stderr, "[%llu] %c: %s%s\n",
			    (unsigned long long)h->now, 'A' + side,
			    a->type == IKE_ACT_FAIL ? "FAIL " : "", a->text);
	}
	ike_actions_clear(&s->acts);
}

static void
input(struct harness *h, int side, const struct ike_event *ev)
{
	ike_engine_input(h->s[side].eng, h->now, ev, &h->s[side].acts);
	collect(h, side);
}

/* Described in header. */
void
h_admin(struct harness *h, int side, enum ike_ev_type type)
{
	struct ike_event	ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.peer_id = 1;
	input(h, side, &ev);
}

static void
deliver_idx(struct harness *h, size_t idx)
{
	struct h_pkt		p = h->q[idx];
	struct ike_event	ev;
	enum h_verdict		v = H_DELIVER;

	memmove(h->q + idx, h->q + idx + 1, (--h->nq - idx) * sizeof(*h->q));
	if (h->filter != NULL)
		v = h->filter(h, &p, h->filter_arg);
	if (v != H_DROP) {
		memset(&ev, 0, sizeof(ev));
		ev.type = IKE_EV_DATAGRAM;
		ev.local = p.dst;
		ev.remote = p.src;
		ev.data = p.data;
		ev.len = p.len;
		input(h, p.to, &ev);
		h->delivered++;
		if (v == H_DUPLICATE)
			input(h, p.to, &ev);
	}
	free(p.data);
}

static void
deliver(struct harness *h)
{
	deliver_idx(h, 0);
}

/* Described in header. */
void
h_deliver_at(struct harness *h, size_t idx)
{
	if (idx < h->nq)
		deliver_idx(h, idx);
}

/* The side and index of the earliest timer, or -1. */
static int
earliest(struct harness *h, size_t *idx)
{
	int	k, side = -1;
	size_t	i;

	for (k = 0; k < 2; k++)
		for (i = 0; i < h->s[k].n_timers; i++)
			if (side == -1 || h->s[k].timers[i].at <
			    h->s[side].timers[*idx].at) {
				side = k;
				*idx = i;
			}
	return side;
}

static void
fire(struct harness *h, int side, size_t idx)
{
	struct ike_event	ev;
	struct h_side		*s = &h->s[side];

	if (s->timers[idx].at > h->now)
		h->now = s->timers[idx].at;
	memset(&ev, 0, sizeof(ev));
	ev.type = IKE_EV_TIMER;
	ev.timer = s->timers[idx].id;
	s->timers[idx] = s->timers[--s->n_timers];
	input(h, side, &ev);
}

/* Described in header. */
void
h_run(struct harness *h, uint64_t max_ms)
{
	uint64_t	deadline = h->now + max_ms;
	size_t		steps, idx = 0;
	int		side;

	for (steps = 0; steps < 200000; steps++) {
		if (h->nq > 0) {
			deliver(h);
			continue;
		}
		side = earliest(h, &idx);
		if (side == -1 || h->s[side].timers[idx].at > deadline)
			break;
		fire(h, side, idx);
	}
}

/* Described in header. */
void
h_step(struct harness *h, size_t n)
{
	while (n-- > 0 && h->nq > 0)
		deliver(h);
}

/* Described in header. */
void
h_truncate_queue(struct harness *h, size_t n)
{
	while (h->nq > n)
		free(h->q[--h->nq].data);
}

/* Described in header. */
void
h_drop_queue(struct harness *h)
{
	h_truncate_queue(h, 0);
}

/* Described in header. */
void
h_inject(struct harness *h, int side, const struct ike_addr *src,
    const struct ike_addr *dst, const uint8_t *data, size_t len)
{
	struct ike_event	ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = IKE_EV_DATAGRAM;
	ev.local = *dst;
	ev.remote = *src;
	ev.data = data;
	ev.len = len;
	input(h, side, &ev);
}

/* Described in header. */
void
h_advance(struct harness *h, uint64_t to_ms)
{
	size_t	idx = 0, steps;
	int	side;

	for (steps = 0; steps < 200000; steps++) {
		if (h->nq > 0) {
			deliver(h);
			continue;
		}
		side = earliest(h, &idx);
		if (side == -1 || h->s[side].timers[idx].at > to_ms)
			break;
		fire(h, side, idx);
	}
	if (h->now < to_ms)
		h->now = to_ms;
}

/* Described in header. */
size_t
h_ike_count(struct harness *h, int side, size_t *up)
{
	struct ike_sa_info	*v;
	size_t			 n, i;

	if (up != NULL)
		*up = 0;
	if (ike_engine_snapshot(h->s[side].eng, &v, &n) == -1)
		return 0;
	for (i = 0; i < n && up != NULL; i++)
		if (v[i].state == IKE_SA_ESTABLISHED)
			(*up)++;
	free(v);
	return n;
}

static int
keys_equal(const struct ike_keys_export *a, const struct ike_keys_export *b,
    int esp)
{
	if (a->encr != b->encr || a->encr_keylen != b->encr_keylen ||
	    a->integ != b->integ || a->e_len != b->e_len ||
	    a->a_len != b->a_len)
		return 0;
	if (esp)
		/* a's outbound is b's inbound and the other way round. */
		return memcmp(a->encr_i, b->encr_r, a->e_len) == 0 &&
		    memcmp(a->encr_r, b->encr_i, a->e_len) == 0 &&
		    memcmp(a->integ_i, b->integ_r, a->a_len) == 0 &&
		    memcmp(a->integ_r, b->integ_i, a->a_len) == 0;
	return a->prf == b->prf && a->p_len == b->p_len &&
	    memcmp(a->encr_i, b->encr_i, a->e_len) == 0 &&
	    memcmp(a->encr_r, b->encr_r, a->e_len) == 0 &&
	    memcmp(a->integ_i, b->integ_i, a->a_len) == 0 &&
	    memcmp(a->integ_r, b->integ_r, a->a_len) == 0 &&
	    memcmp(a->sk_d, b->sk_d, a->p_len) == 0 &&
	    memcmp(a->sk_pi, b->sk_pi, a->p_len) == 0 &&
	    memcmp(a->sk_pr, b->sk_pr, a->p_len) == 0;
}

/* Described in header. */
int
h_check_keys(struct harness *h, char *why, size_t whylen)
{
	size_t	i, j;
	int	k, found;

	for (k = 0; k < 2; k++) {
		struct h_side *a = &h->s[k], *b = &h->s[!k];

		for (i = 0; i < a->n_keys; i++) {
			const struct ike_keys_export *x = &a->keys[i];

			found = 0;
			for (j = 0; j < b->n_keys && !found; j++) {
				const struct ike_keys_export *y = &b->keys[j];

				if (x->esp != y->esp)
					continue;
				if (x->esp ? (x->spi_out == y->spi_in &&
				    x->spi_in == y->spi_out) :
				    (x->spi_i == y->spi_i &&
				    x->spi_r == y->spi_r)) {
					if (!keys_equal(x, y, x->esp))
						goto differ;
					found = 1;
				}
			}
			if (!found) {
				snprintf(why, whylen, "side %c: %s SA "
				    "%016llx/%016llx %08x/%08x has no "
				    "counterpart", 'A' + k, x->esp ? "ESP" :
				    "IKE", (unsigned long long)x->spi_i,
				    (unsigned long long)x->spi_r, x->spi_in,
				    x->spi_out);
				return -1;
			}
		}
	}
	return 0;
differ:
	snprintf(why, whylen, "side %c: keys differ from the peer's",
	    'A' + k);
	return -1;
}

/* The recorder's SAs of a side must be exactly one in/out pair and match
 * the other side's with the same keys. */
static int
check_dp(struct harness *h, char *why, size_t whylen)
{
	size_t	i, k;

	for (k = 0; k < 2; k++) {
		struct dp_record *a = h->s[k].dp, *b = h->s[!k].dp;

		if (dp_record_count(a, DP_DIR_IN) != 1 ||
		    dp_record_count(a, DP_DIR_OUT) != 1) {
			snprintf(why, whylen, "side %c: data plane holds %zu "
			    "inbound and %zu outbound SAs", (int)('A' + k),
			    dp_record_count(a, DP_DIR_IN),
			    dp_record_count(a, DP_DIR_OUT));
			return -1;
		}
		for (i = 0; i < a->n_sas; i++) {
			const struct dp_sa	*x = &a->sas[i].sa;
			struct dp_rec_sa	*y = dp_record_find(b, x->spi);

			if (y == NULL || y->sa.dir == x->dir ||
			    y->sa.src.s_addr != x->src.s_addr ||
			    y->sa.dst.s_addr != x->dst.s_addr ||
			    y->sa.encr_alg != x->encr_alg ||
			    y->sa.encr_keylen != x->encr_keylen ||
			    y->sa.integ_alg != x->integ_alg ||
			    y->sa.encr_key_len != x->encr_key_len ||
			    y->sa.integ_key_len != x->integ_key_len ||
			    memcmp(y->sa.encr_key, x->encr_key,
			    x->encr_key_len) != 0 ||
			    memcmp(y->sa.integ_key, x->integ_key,
			    x->integ_key_len) != 0 ||
			    y->sa.encap != x->encap) {
				snprintf(why, whylen, "side %c: SA %08x has no "
				    "matching SA on the other side", 'A' +
				    (int)k, x->spi);
				return -1;
			}
		}
	}
	return 0;
}

/* Described in header. */
int
h_check_one_sa(struct harness *h, char *why, size_t whylen)
{
	struct ike_sa_info	*v[2] = { NULL, NULL };
	size_t			 n[2] = { 0, 0 };
	int			 k, rc = -1;

	for (k = 0; k < 2; k++)
		if (ike_engine_snapshot(h->s[k].eng, &v[k], &n[k]) == -1)
			goto out;
	for (k = 0; k < 2; k++) {
		if (n[k] != 1) {
			snprintf(why, whylen, "side %c has %zu IKE SAs",
			    'A' + k, n[k]);
			goto out;
		}
		if (v[k][0].state != IKE_SA_ESTABLISHED) {
			snprintf(why, whylen, "side %c: IKE SA is %s", 'A' + k,
			    ike_sa_state_name(v[k][0].state));
			goto out;
		}
		if (v[k][0].n_children != 1 ||
		    strcmp(v[k][0].children[0].state, "INSTALLED") != 0) {
			snprintf(why, whylen, "side %c has %zu Child SAs (%s)",
			    'A' + k, v[k][0].n_children,
			    v[k][0].n_children ? v[k][0].children[0].state :
			    "-");
			goto out;
		}
	}
	if (v[0][0].spi_local != v[1][0].spi_remote ||
	    v[0][0].spi_remote != v[1][0].spi_local) {
		snprintf(why, whylen, "IKE SPIs do not match");
		goto out;
	}
	if (v[0][0].children[0].spi_in != v[1][0].children[0].spi_out ||
	    v[0][0].children[0].spi_out != v[1][0].children[0].spi_in) {
		snprintf(why, whylen, "Child SA SPIs do not cross");
		goto out;
	}
	if (check_dp(h, why, whylen) == -1 || h_check_keys(h, why, whylen) ==
	    -1)
		goto out;
	rc = 0;
out:
	free(v[0]);
	free(v[1]);
	return rc;
}

/* Described in header. */
int
h_check_none(struct harness *h, char *why, size_t whylen)
{
	int	k;

	for (k = 0; k < 2; k++) {
		if (h_ike_count(h, k, NULL) != 0) {
			snprintf(why, whylen, "side %c still has %zu IKE SAs",
			    'A' + k, h_ike_count(h, k, NULL));
			return -1;
		}
		if (h->s[k].dp->n_sas != 0) {
			snprintf(why, whylen, "side %c still has %zu ESP SAs",
			    'A' + k, h->s[k].dp->n_sas);
			return -1;
		}
	}
	return 0;
}

/* Described in header. */
int
h_has_fail(struct harness *h, int side, enum ike_fail why, const char *needle)
{
	size_t	i;

	for (i = 0; i < h->s[side].n_fails; i++)
		if (h->s[side].fail_codes[i] == why && (needle == NULL ||
		    strstr(h->s[side].fails[i], needle) != NULL))
			return 1;
	return 0;
}
