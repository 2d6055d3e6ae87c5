/*
 * The engine's edge: events in with the monotonic clock, actions out
 * (datagrams sent, timers armed, log lines, Wireshark keys), and the one
 * policy the engine leaves to its caller: keeping every configured tunnel
 * up.  A tunnel with no IKE SA left (failed, deleted by the peer, timed
 * out) is initiated again after a back-off that doubles from 1 s to 60 s,
 * with jitter, and starts over once a Child SA comes up.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include <openssl/rand.h>

#include "mgmtsecd/daemon.h"
#include "mgmtsecd/log.h"
#include "mgmtsecd/pki.h"
#include "mgmtsecd/savekeys.h"

#define SAIDX_EMPTY	0u
#define SAIDX_TOMB	UINT32_MAX
/* High bits of saidx.peer: the SA's role, when its first state told. */
#define SAIDX_ROLE	0x80000000u	/* role known */
#define SAIDX_INIT	0x40000000u	/* we are the original initiator */
#define SAIDX_PEER(v)	((v) & ~(SAIDX_ROLE | SAIDX_INIT))
#define TOUCHED_MAX	64
#define DMN_ACTS_KEEP	64	/* actions' room kept between events */

uint16_t
dmn_ike_port(const struct dmn *d)
{
	return d->opts.ike_port ? d->opts.ike_port : 500;
}

uint16_t
dmn_natt_port(const struct dmn *d)
{
	return d->opts.natt_port ? d->opts.natt_port : 4500;
}

static int
rand_cb(void *arg, enum ike_rand_use use, void *buf, size_t len)
{
	return RAND_bytes(buf, (int)len) == 1 ? 0 : -1;
}

/*
 * IKE SA -> tunnel index
 */

static size_t
sa_hash(uint32_t id)
{
	return (size_t)(id * 2654435761u);
}

static ssize_t
saidx_find(const struct dmn_saidx *x, uint32_t id)
{
	size_t	i, mask;

	if (x->cap == 0)
		return -1;
	mask = x->cap - 1;
	for (i = sa_hash(id) & mask; x->sa[i] != SAIDX_EMPTY;
	    i = (i + 1) & mask)
		if (x->sa[i] == id)
			return (ssize_t)i;
	return -1;
}

static int
saidx_grow(struct dmn_saidx *x)
{
	uint32_t	*sa, *peer;
	size_t		 cap, i, j;

	cap = x->cap == 0 ? 64 : (x->used + 1) * 4 > x->cap ? x->cap * 2 :
	    x->cap;
	sa = calloc(cap, sizeof(*sa));
	peer = calloc(cap, sizeof(*peer));
	if (sa == NULL || peer == NULL) {
		free(sa);
		free(peer);
		return -1;
	}
	for (i = 0; i < x->cap; i++) {
		if (x->sa[i] == SAIDX_EMPTY || x->sa[i] == SAIDX_TOMB)
			continue;
		for (j = sa_hash(x->sa[i]) & (cap - 1); sa[j] != SAIDX_EMPTY;
		    j = (j + 1) & (cap - 1))
			;
		sa[j] = x->sa[i];
		peer[j] = x->peer[i];
	}
	free(x->sa);
	free(x->peer);
	x->sa = sa;
	x->peer = peer;
	x->cap = cap;
	x->tombs = 0;
	return 0;
}

static int
saidx_put(struct dmn_saidx *x, uint32_t id, uint32_t peer)
{
	size_t	i, mask;

	if ((x->used + x->tombs + 1) * 2 > x->cap && saidx_grow(x) == -1)
		return -1;
	mask = x->cap - 1;
	for (i = sa_hash(id) & mask; x->sa[i] != SAIDX_EMPTY &&
	    x->sa[i] != SAIDX_TOMB; i = (i + 1) & mask)
		;
	if (x->sa[i] == SAIDX_TOMB)
		x->tombs--;
	x->sa[i] = id;
	x->peer[i] = peer;
	x->used++;
	return 0;
}

void
dmn_saidx_free(struct dmn_saidx *x)
{
	free(x->sa);
	free(x->peer);
	memset(x, 0, sizeof(*x));
}

/*
 * Tunnels
 */

struct dmn_tunnel *
dmn_tunnel_by_id(const struct dmn *d, uint32_t id)
{
	return id < d->n_by_id ? d->by_id[id] : NULL;
}

struct dmn_tunnel *
dmn_tunnel_by_name(const struct dmn *d, const char *name)
{
	size_t	i;

	for (i = 0; i < d->n_tunnels; i++)
		if (strcmp(d->tunnels[i]->name, name) == 0)
			return d->tunnels[i];
	return NULL;
}

static uint64_t
backoff_ms(unsigned fails)
{
	uint64_t	ms = DMN_RETRY_MIN_MS;
	uint32_t	r = 0;

	while (fails-- > 0 && ms < DMN_RETRY_MAX_MS)
		ms *= 2;
	if (ms > DMN_RETRY_MAX_MS)
		ms = DMN_RETRY_MAX_MS;
	/* Up to a quarter more, so two routers do not retry in step. */
	(void)RAND_bytes((unsigned char *)&r, sizeof(r));
	return ms + r % (ms / 4 + 1);
}

/* Described in daemon.h. */
void
dmn_tunnel_check(struct dmn *d, struct dmn_tunnel *t)
{
	uint64_t	at, delay;

	if (!t->ok || d->stopping || t->live > 0 || d->opts.passive) {
		dmn_timer_cancel(&d->timers, DMN_T_TUNNEL, t->id);
		return;
	}
	if (dmn_timer_get(&d->timers, DMN_T_TUNNEL, t->id, &at))
		return;
	delay = backoff_ms(t->fails);
	t->fails++;
	dmn_log(DMN_LOG_INFO, "%s: no IKE SA; initiating again in %.1f s "
	    "(attempt %u)", t->name, (double)delay / 1000.0, t->fails + 1);
	(void)dmn_timer_set(&d->timers, DMN_T_TUNNEL, t->id,
	    dmn_now() + delay);
}

/* Described in daemon.h. */
void
dmn_tunnel_retry(struct dmn *d, uint32_t peer_id)
{
	struct dmn_tunnel	*t = dmn_tunnel_by_id(d, peer_id);

	if (t == NULL || !t->ok || t->live > 0 || d->stopping)
		return;
	dmn_initiate(d, t);
}

/*
 * Initiation pacing.  A thousand tunnels started at once would put a
 * thousand IKE_SA_INITs (and as many DH key pairs) on the peer in one
 * burst, longer than the first retransmission timeout to work through;
 * the retransmissions then cost more work still.  A window of
 * DMN_INIT_WINDOW setups in flight keeps the peer's queue short.
 */

static void
setup_done(struct dmn *d, struct dmn_tunnel *t)
{
	if (t->pending == 0)
		return;
	t->pending = 0;
	if (d->inflight > 0)
		d->inflight--;
}

static void
pump(struct dmn *d)
{
	struct dmn_tunnel	*t;
	uint32_t		 id;

	while (d->inflight < DMN_INIT_WINDOW && d->initq_len > 0 &&
	    !d->stopping) {
		id = d->initq[d->initq_head];
		d->initq_head = (d->initq_head + 1) % d->initq_cap;
		d->initq_len--;
		if ((t = dmn_tunnel_by_id(d, id)) == NULL || !t->queued)
			continue;
		t->queued = 0;
		if (!t->ok || t->pending)
			continue;
		t->pending = dmn_now();
		d->inflight++;
		dmn_engine_admin(d, IKE_EV_INITIATE, t->id, 0);
	}
}

/* Described in daemon.h. */
void
dmn_initiate(struct dmn *d, struct dmn_tunnel *t)
{
	uint32_t	*v;
	size_t		 cap, i;

	if (t->queued || t->pending || d->stopping)
		return;
	if (d->initq_len == d->initq_cap) {
		cap = d->initq_cap ? d->initq_cap * 2 : 64;
		if ((v = malloc(cap * sizeof(*v))) == NULL) {
			/* No room to wait: initiate outside the window. */
			dmn_engine_admin(d, IKE_EV_INITIATE, t->id, 0);
			return;
		}
		for (i = 0; i < d->initq_len; i++)
			v[i] = d->initq[(d->initq_head + i) % d->initq_cap];
		free(d->initq);
		d->initq = v;
		d->initq_cap = cap;
		d->initq_head = 0;
	}
	d->initq[(d->initq_head + d->initq_len) % d->initq_cap] = t->id;
	d->initq_len++;
	t->queued = 1;
	pump(d);
}

/* Described in daemon.h. */
void
dmn_initiate_forget(struct dmn *d, struct dmn_tunnel *t)
{
	t->queued = 0;		/* its queue entry is skipped */
	setup_done(d, t);
	pump(d);
}

/* Described in daemon.h. */
void
dmn_initiate_sweep(struct dmn *d, uint64_t now)
{
	size_t	i;

	for (i = 0; i < d->n_tunnels; i++)
		if (d->tunnels[i]->pending != 0 &&
		    now - d->tunnels[i]->pending > DMN_INIT_STALE_MS)
			setup_done(d, d->tunnels[i]);
	pump(d);
}

/* " (initiator)", " (responder)" or "" for log lines. */
static const char *
sa_role(const struct dmn *d, uint32_t sa_id)
{
	ssize_t	i = sa_id != 0 ? saidx_find(&d->saidx, sa_id) : -1;

	if (i < 0 || !(d->saidx.peer[i] & SAIDX_ROLE))
		return "";
	return d->saidx.peer[i] & SAIDX_INIT ? " (initiator)" :
	    " (responder)";
}

static void	setup_done(struct dmn *d, struct dmn_tunnel *t);
static void	pump(struct dmn *d);

/*
 * Actions
 */

static const char *
tname(const struct dmn *d, uint32_t peer_id)
{
	const struct dmn_tunnel	*t = dmn_tunnel_by_id(d, peer_id);

	return t != NULL ? t->name : NULL;
}

static void
act_state(struct dmn *d, const struct ike_action *a)
{
	struct dmn_tunnel	*t;
	ssize_t			 i;
	uint32_t		 old_peer, role;
	const char		*n = tname(d, a->peer_id);

	i = saidx_find(&d->saidx, a->sa_id);
	if (a->new_state == IKE_SA_DEAD) {
		if (i < 0)
			return;
		old_peer = SAIDX_PEER(d->saidx.peer[i]);
		d->saidx.sa[i] = SAIDX_TOMB;
		d->saidx.used--;
		d->saidx.tombs++;
		if ((t = dmn_tunnel_by_id(d, old_peer)) != NULL && t->live > 0)
			t->live--;
		if (t != NULL && t->live == 0)
			setup_done(d, t);
		return;
	}
	if (i < 0) {
		role = a->new_state == IKE_SA_INIT_SENT ?
		    SAIDX_ROLE | SAIDX_INIT : a->new_state == IKE_SA_HALF_OPEN ?
		    SAIDX_ROLE : 0;
		if (saidx_put(&d->saidx, a->sa_id, a->peer_id | role) == -1)
			dmn_log(DMN_LOG_ERR, "out of memory tracking IKE SA %u",
			    a->sa_id);
		else if ((t = dmn_tunnel_by_id(d, a->peer_id)) != NULL)
			t->live++;
	} else if (SAIDX_PEER(d->saidx.peer[i]) == 0 && a->peer_id != 0) {
		d->saidx.peer[i] |= a->peer_id;
		if ((t = dmn_tunnel_by_id(d, a->peer_id)) != NULL)
			t->live++;
	}
	if (a->new_state == IKE_SA_ESTABLISHED &&
	    (t = dmn_tunnel_by_id(d, a->peer_id)) != NULL)
		setup_done(d, t);
	/* The engine logs establishment itself, with the addresses. */
	if (dmn_log_enabled(DMN_LOG_DEBUG))
		dmn_log(DMN_LOG_DEBUG, "%s%s%s", n != NULL ? n : "",
		    n != NULL ? ": " : "", a->text);
}

static void
act_send(struct dmn *d, const struct ike_action *a)
{
	struct dmn_usock	*s;
	char			 l[INET_ADDRSTRLEN], r[INET_ADDRSTRLEN];

	s = dmn_sock_get(d, a->local.ip, a->local.port, 1);
	if (s != NULL && dp_udp_send(s->fd, a->remote.ip, a->remote.port,
	    a->data, a->len) == 0) {
		d->stats.tx++;
		return;
	}
	d->stats.tx_errors++;
	if (dmn_log_enabled(DMN_LOG_DEBUG)) {
		inet_ntop(AF_INET, &a->local.ip, l, sizeof(l));
		inet_ntop(AF_INET, &a->remote.ip, r, sizeof(r));
		dmn_log(DMN_LOG_DEBUG, "cannot send %zu bytes %s:%u -> %s:%u",
		    a->len, l, a->local.port, r, a->remote.port);
	}
}

static void
act_keys(struct dmn *d, const struct ike_action *a)
{
	char	err[256];

	if (d->opts.save_keys == NULL || a->keys == NULL)
		return;
	if (!d->keys_warned) {
		dmn_log(DMN_LOG_WARN, "WARNING: writing IKE and ESP keys to "
		    "%s (--save-keys): anyone who can read these files can "
		    "decrypt this traffic", d->opts.save_keys);
		d->keys_warned = 1;
	}
	if (dmn_savekeys_write(d->opts.save_keys, a->keys, err,
	    sizeof(err)) == -1)
		dmn_log(DMN_LOG_ERR, "--save-keys: %s", err);
}

static void
perform(struct dmn *d, const struct ike_action *a)
{
	const char		*n;
	struct dmn_tunnel	*t;
	int			 lvl;

	switch (a->type) {
	case IKE_ACT_SEND:
		act_send(d, a);
		break;
	case IKE_ACT_TIMER:
		if (dmn_timer_set(&d->timers, DMN_T_ENGINE, a->timer,
		    a->at) == -1)
			dmn_log(DMN_LOG_ERR, "out of memory arming a timer");
		break;
	case IKE_ACT_TIMER_CANCEL:
		dmn_timer_cancel(&d->timers, DMN_T_ENGINE, a->timer);
		break;
	case IKE_ACT_STATE:
		act_state(d, a);
		break;
	case IKE_ACT_CHILD_UP:
		if ((t = dmn_tunnel_by_id(d, a->peer_id)) != NULL) {
			t->fails = 0;
			dmn_timer_cancel(&d->timers, DMN_T_TUNNEL, t->id);
		}
		n = tname(d, a->peer_id);
		dmn_log(DMN_LOG_INFO, "%s: %s", n != NULL ? n : "(no tunnel)",
		    a->text);
		break;
	case IKE_ACT_CHILD_DOWN:
		/* The engine logs the removal with its reason. */
		break;
	case IKE_ACT_FAIL:
		n = tname(d, a->peer_id);
		dmn_log(DMN_LOG_ERR, "%s%s%s%s: %s", n != NULL ? n : "",
		    sa_role(d, a->sa_id), n != NULL ? ": " : "",
		    ike_fail_name(a->fail), a->text);
		break;
	case IKE_ACT_LOG:
		lvl = a->level == IKE_LOG_ERR ? DMN_LOG_ERR :
		    a->level == IKE_LOG_INFO ? DMN_LOG_INFO : DMN_LOG_DEBUG;
		if (!dmn_log_enabled(lvl))
			break;
		n = tname(d, a->peer_id);
		dmn_log(lvl, "%s%s%s", n != NULL ? n : "",
		    n != NULL ? ": " : "", a->text);
		break;
	case IKE_ACT_KEYS:
		act_keys(d, a);
		break;
	}
}

/* Described in daemon.h. */
void
dmn_engine_event(struct dmn *d, const struct ike_event *ev)
{
	uint32_t		 touched[TOUCHED_MAX];
	size_t			 nt = 0, i;
	int			 all = 0;
	struct dmn_tunnel	*t;
	const struct ike_action	*a;

	if (d->eng == NULL)
		return;
	if (ike_engine_input(d->eng, dmn_now(), ev, &d->acts) == -1)
		dmn_log(DMN_LOG_ERR, "engine refused event %d", ev->type);
	for (i = 0; i < d->acts.n; i++) {
		a = &d->acts.v[i];
		perform(d, a);
		/* Tunnels that may have lost their last SA. */
		if ((a->type == IKE_ACT_STATE &&
		    a->new_state == IKE_SA_DEAD) || a->type == IKE_ACT_FAIL ||
		    a->type == IKE_ACT_CHILD_DOWN) {
			if (a->peer_id == 0)
				continue;
			if (nt < TOUCHED_MAX)
				touched[nt++] = a->peer_id;
			else
				all = 1;
		}
	}
	ike_actions_clear(&d->acts);
	/* One event can act for every SA at once (clear, shutdown): do not
	 * keep a list that size (half a kilobyte an action) for the small
	 * ones that follow. */
	if (d->acts.cap > DMN_ACTS_KEEP)
		ike_actions_free(&d->acts);
	pump(d);
	if (all) {
		for (i = 0; i < d->n_tunnels; i++)
			dmn_tunnel_check(d, d->tunnels[i]);
		return;
	}
	for (i = 0; i < nt; i++)
		if ((t = dmn_tunnel_by_id(d, touched[i])) != NULL)
			dmn_tunnel_check(d, t);
}

/* Described in daemon.h. */
void
dmn_engine_admin(struct dmn *d, enum ike_ev_type type, uint32_t peer_id,
    uint32_t sa_id)
{
	struct ike_event	ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.peer_id = peer_id;
	ev.sa_id = sa_id;
	dmn_engine_event(d, &ev);
}

/* Described in daemon.h. */
int
dmn_engine_init(struct dmn *d, char *err, size_t errlen)
{
	struct ike_env	env;
	struct ike_cfg	cfg;

	if (dmn_dp_init(d, err, errlen) == -1)
		return -1;
	if (d->dp->event_fd != -1) {
		d->ev_dp.type = DMN_EV_DP;
		if (dmn_epoll_add(d, d->dp->event_fd, EPOLLIN, &d->ev_dp) ==
		    -1) {
			snprintf(err, errlen, "epoll: %s", strerror(errno));
			return -1;
		}
	}
	if ((d->pki = dmn_pki_new()) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memset(&env, 0, sizeof(env));
	env.rand = rand_cb;
	env.dp = d->dp;
	env.pki = dmn_pki_iface(d->pki);
	memset(&cfg, 0, sizeof(cfg));
	if ((d->eng = ike_engine_new(&env, &cfg, dmn_now())) == NULL) {
		snprintf(err, errlen, "cannot start the IKE engine");
		return -1;
	}
	dmn_log(DMN_LOG_INFO, "data plane: %s (%s)", d->dp->name, d->dp_why);
	return 0;
}

/* Described in daemon.h. */
void
dmn_engine_free(struct dmn *d)
{
	ike_engine_free(d->eng);
	d->eng = NULL;
	dmn_pki_free(d->pki);
	d->pki = NULL;
	ike_actions_free(&d->acts);
	if (d->dp != NULL && d->dp->event_fd != -1)
		dmn_epoll_del(d, d->dp->event_fd);
	dmn_dp_free(d);
	dmn_saidx_free(&d->saidx);
	free(d->initq);
	d->initq = NULL;
	d->initq_len = d->initq_cap = d->initq_head = 0;
}
