/*
 * The IKE SA object: its state machine (a table of allowed transitions,
 * OpenIKED's sa_state()/sa_stateok() idea), its SPIs and keys, and the
 * request/response bookkeeping of RFC 7296 §2.1-§2.3: message IDs, the
 * window of one outstanding request, retransmission with exponential
 * back-off, the cached response resent for a retransmitted request, and
 * the queue of exchanges waiting for the window (strongSwan's
 * task_manager_v2 in miniature).  Timers are per IKE SA: the SA's next
 * deadline is armed as one timer whose id is the SA id.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "ikev2/auth.h"
#include "ikev2/actions.h"
#include "ikev2/byteorder.h"
#include "ikev2/frag.h"
#include "ikev2/sa.h"
#include "ikev2/sk.h"

/*
 * The allowed transitions: allowed[from] is a bit set of "to" states.
 * Everything may die.  A rekey creates the new SA in NEW and adopts it
 * (ESTABLISHED), keeps it as redundant (REKEYED) or deletes it (DELETING).
 */
#define B(s)	(1u << (s))
static const unsigned allowed[IKE_SA_STATE_MAX] = {
	[IKE_SA_NEW] = B(IKE_SA_INIT_SENT) | B(IKE_SA_HALF_OPEN) |
	    B(IKE_SA_ESTABLISHED) | B(IKE_SA_REKEYED) | B(IKE_SA_DELETING) |
	    B(IKE_SA_DEAD),
	[IKE_SA_INIT_SENT] = B(IKE_SA_INIT_SENT) | B(IKE_SA_AUTH_SENT) |
	    B(IKE_SA_DEAD),
	[IKE_SA_HALF_OPEN] = B(IKE_SA_ESTABLISHED) | B(IKE_SA_DEAD),
	[IKE_SA_AUTH_SENT] = B(IKE_SA_ESTABLISHED) | B(IKE_SA_DELETING) |
	    B(IKE_SA_DEAD),
	[IKE_SA_ESTABLISHED] = B(IKE_SA_REKEYING) | B(IKE_SA_REKEYED) |
	    B(IKE_SA_DELETING) | B(IKE_SA_DEAD),
	[IKE_SA_REKEYING] = B(IKE_SA_ESTABLISHED) | B(IKE_SA_REKEYED) |
	    B(IKE_SA_DELETING) | B(IKE_SA_DEAD),
	[IKE_SA_REKEYED] = B(IKE_SA_DELETING) | B(IKE_SA_DEAD),
	[IKE_SA_DELETING] = B(IKE_SA_DEAD),
	[IKE_SA_DEAD] = 0,
};
#undef B

/* Described in sa.h. */
int
ike_sa_offers_group(const struct ike_sa *sa, uint16_t group)
{
	return ike_cfg_props_have_group(sa->peer->ike, sa->peer->n_ike, group);
}

/* Described in sa.h. */
int
ike_sa_set_state(struct ike_sa *sa, enum ike_sa_state st)
{
	struct ike_engine	*e = sa->eng;
	enum ike_sa_state	 old = sa->state;

	if (st >= IKE_SA_STATE_MAX || !(allowed[old] & (1u << st))) {
		ike_act_log(e, sa, IKE_LOG_ERR, "IKE SA %u: refused invalid "
		    "state transition %s -> %s", sa->id,
		    ike_sa_state_name(old), ike_sa_state_name(st));
		return -1;
	}
	if (old == st)
		return 0;
	sa->state = st;
	ike_sa_rearm(sa);
	ike_act_state(e, sa, old, st);
	if (st == IKE_SA_ESTABLISHED && sa->established_ms == 0)
		sa->established_ms = e->now;
	return 0;
}

/*
 * Described in sa.h.  The exchange x state matrix for requests: IKE_AUTH
 * only half-open; CREATE_CHILD_SA when up, refused with TEMPORARY_FAILURE
 * while the SA is being replaced or closed (RFC 7296 §2.25);
 * INFORMATIONAL whenever it has keys (a rekey-made SA not yet adopted
 * must still take the peer's Delete).  IKE_SA_INIT never reaches an SA.
 */
enum ike_accept
ike_sa_accepts(const struct ike_sa *sa, uint8_t exchange)
{
	switch (exchange) {
	case IKE_EXCH_IKE_AUTH:
		return sa->state == IKE_SA_HALF_OPEN ? IKE_ACC_OK :
		    IKE_ACC_DROP;
	case IKE_EXCH_CREATE_CHILD_SA:
		switch (sa->state) {
		case IKE_SA_ESTABLISHED:
		case IKE_SA_REKEYING:
			return IKE_ACC_OK;
		case IKE_SA_REKEYED:
		case IKE_SA_DELETING:
			return IKE_ACC_TEMPFAIL;
		default:
			return IKE_ACC_DROP;
		}
	case IKE_EXCH_INFORMATIONAL:
		switch (sa->state) {
		case IKE_SA_NEW:
			return sa->km != NULL ? IKE_ACC_OK : IKE_ACC_DROP;
		case IKE_SA_ESTABLISHED:
		case IKE_SA_REKEYING:
		case IKE_SA_REKEYED:
		case IKE_SA_DELETING:
			return IKE_ACC_OK;
		default:
			return IKE_ACC_DROP;
		}
	default:
		return IKE_ACC_DROP;
	}
}

/* Described in sa.h. */
uint64_t
ike_sa_new_spi(struct ike_engine *e)
{
	uint8_t		b[8];
	uint64_t	spi;
	int		tries, i;

	for (tries = 0; tries < 8; tries++) {
		if (ike_rand(e, IKE_RAND_SPI, b, sizeof(b)) == -1)
			return 0;
		spi = 0;
		for (i = 0; i < 8; i++)
			spi = spi << 8 | b[i];
		if (spi != 0 && ike_sa_by_spi(e, spi, -1) == NULL)
			return spi;
	}
	return 0;
}

/* Described in sa.h. */
struct ike_sa *
ike_sa_new(struct ike_engine *e, int initiator,
    const struct ike_cfg_peer *peer, uint64_t spi_i, uint64_t spi_r)
{
	struct ike_sa	*sa;

	if ((sa = calloc(1, sizeof(*sa))) == NULL)
		return NULL;
	sa->eng = e;
	if (++e->next_sa_id == 0)
		e->next_sa_id = 1;
	sa->id = e->next_sa_id;
	sa->initiator = initiator;
	sa->peer = ike_peer_get(peer);
	sa->spi_i = spi_i;
	sa->spi_r = spi_r;
	sa->state = IKE_SA_NEW;
	sa->created_ms = e->now;
	sa->last_in_ms = e->now;
	sa->next = e->sas;
	if (e->sas != NULL)
		e->sas->prev = sa;
	e->sas = sa;
	ike_sa_idx_add(sa, IKE_IDX_ID);
	ike_sa_idx_add(sa, IKE_IDX_SPI);
	if (!initiator)
		ike_sa_idx_add(sa, IKE_IDX_PSPI);
	if (peer != NULL)
		ike_sa_idx_add(sa, IKE_IDX_PEER);
	ike_sa_rearm(sa);
	return sa;
}

/* Described in sa.h. */
void
ike_sa_unlink_free(struct ike_sa *sa)
{
	struct ike_engine	*e = sa->eng;
	int			 i;

	if (sa->prev != NULL)
		sa->prev->next = sa->next;
	else
		e->sas = sa->next;
	if (sa->next != NULL)
		sa->next->prev = sa->prev;
	for (i = 0; i < IKE_IDX_MAX; i++)
		ike_sa_idx_del(sa, (enum ike_sa_idx)i);
	ike_sa_free(sa);
}

static void
keymat_free(struct ike_sa_keymat *km)
{
	if (km == NULL)
		return;
	OPENSSL_cleanse(km, sizeof(*km) + km->d_len + 2 * (size_t)km->a_len +
	    2 * (size_t)km->e_len);
	free(km);
}

/* Described in sa.h. */
void
ike_sa_free(struct ike_sa *sa)
{
	struct ike_task	*t, *n;

	if (sa == NULL)
		return;
	for (t = sa->queue; t != NULL; t = n) {
		n = t->next;
		ike_task_free(t);
	}
	ike_task_free(sa->req.task);
	ike_bytes_free(&sa->req.pkt);
	ike_bytes_free(&sa->resp);
	ike_frag_rx_free(sa, 0);
	ike_frag_rx_free(sa, 1);
	ike_sa_hs_free(sa);
	ike_auth_rsa_free(sa);
	ike_bytes_free(&sa->id_local);
	ike_bytes_free(&sa->id_remote);
	ike_bytes_free(&sa->nonce_lo);
	ike_child_delete_all(sa, NULL);
	ike_peer_put(sa->peer);
	keymat_free(sa->km);
	OPENSSL_cleanse(sa, sizeof(*sa));
	free(sa);
}

/* Described in sa.h. */
void
ike_sa_kill(struct ike_sa *sa, const char *why)
{
	struct ike_engine	*e = sa->eng;
	struct ike_sa		*o;

	if (sa->state == IKE_SA_DEAD)
		return;
	if (why != NULL)
		ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u (%s) down: %s",
		    sa->id, sa->peer != NULL ? sa->peer->name : "no tunnel",
		    why);
	if (sa->resp_valid && sa->resp_msgid + 1 == sa->peer_msgid) {
		struct ike_zombie *z = &e->zombies[e->next_zombie++ %
		    IKE_ZOMBIES];

		/* Keep our last answer (to the peer's Delete, or the
		 * AUTHENTICATION_FAILED that ended it). */
		z->spi_i = sa->spi_i;
		z->spi_r = sa->spi_r;
		z->msgid = sa->resp_msgid;
		memcpy(z->req_digest, sa->resp_req_digest,
		    sizeof(z->req_digest));
		z->until = e->now + IKE_ZOMBIE_MS;
		z->local = sa->local;
		z->remote = sa->remote;
		ike_bytes_free(&z->resp);
		z->resp = sa->resp;		/* the SA no longer answers */
		sa->resp.p = NULL;
		sa->resp.len = 0;
	}
	ike_child_delete_all(sa, why);
	ike_sa_set_state(sa, IKE_SA_DEAD);
	sa->req.active = 0;
	ike_sa_half_open_end(sa);
	/* Nobody may point at a dead SA: only the SA a rekey of the peer's
	 * was to replace (same tunnel) can. */
	for (o = ike_sa_idx_first(e, IKE_IDX_PEER, ike_sa_idx_key(sa,
	    IKE_IDX_PEER)); o != NULL; o = ike_sa_idx_next(o, IKE_IDX_PEER))
		if (o->collided == sa)
			o->collided = NULL;
	if (sa->collided != NULL && sa->collided->state == IKE_SA_NEW)
		ike_sa_kill(sa->collided, "the IKE SA it was to replace went");
	sa->collided = NULL;
	ike_sa_rearm(sa);
}

/*
 * Described in sa.h.  mine_i: 1 to match SAs where spi is our SPIi (we
 * initiated), 0 where it is our SPIr, -1 either way.
 */
struct ike_sa *
ike_sa_by_spi(struct ike_engine *e, uint64_t spi, int mine_i)
{
	struct ike_sa	*sa;

	for (sa = ike_sa_idx_first(e, IKE_IDX_SPI, spi); sa != NULL;
	    sa = ike_sa_idx_next(sa, IKE_IDX_SPI)) {
		if (sa->state == IKE_SA_DEAD)
			continue;
		if (mine_i == -1 || mine_i == (sa->initiator != 0))
			return sa;
	}
	return NULL;
}

/* Described in sa.h. */
struct ike_sa *
ike_sa_by_id(struct ike_engine *e, uint32_t id)
{
	return ike_sa_idx_first(e, IKE_IDX_ID, id);
}

/* Described in sa.h. */
void
ike_sa_half_open_end(struct ike_sa *sa)
{
	if (!sa->half_open_counted)
		return;
	sa->half_open_counted = 0;
	sa->eng->stats.half_open--;
	ike_sa_idx_del(sa, IKE_IDX_HALFOPEN);
}

/* Described in sa.h. */
int
ike_sa_set_keys(struct ike_sa *sa, struct ike_sa_keys *keys)
{
	const struct ike_suite	*s = &sa->suite;
	const struct ike_encr_alg *ea;
	struct ike_sa_keymat	*km;
	size_t			 a_len;
	int			 rc = -1;

	/* What the per-message contexts will need must be there. */
	ea = ike_encr_alg_get(s->encr, s->encr_keylen);
	a_len = ea != NULL && ea->aead ? 0 : keys->a_len;
	if (ea == NULL || keys->e_len != ea->keymat_len ||
	    (!ea->aead && (ike_integ_alg_get(s->integ) == NULL ||
	    ike_integ_key_len(s->integ) != a_len)) ||
	    keys->d_len > UINT8_MAX || a_len > UINT8_MAX ||
	    keys->e_len > UINT8_MAX ||
	    (km = malloc(sizeof(*km) + keys->d_len + 2 * a_len +
	    2 * keys->e_len)) == NULL)
		goto out;
	km->d_len = (uint8_t)keys->d_len;
	km->a_len = (uint8_t)a_len;
	km->e_len = (uint8_t)keys->e_len;
	memcpy(km->k, keys->sk_d, keys->d_len);
	memcpy((uint8_t *)ike_km_a(km, 1), keys->sk_ai, a_len);
	memcpy((uint8_t *)ike_km_a(km, 0), keys->sk_ar, a_len);
	memcpy((uint8_t *)ike_km_e(km, 1), keys->sk_ei, keys->e_len);
	memcpy((uint8_t *)ike_km_e(km, 0), keys->sk_er, keys->e_len);
	keymat_free(sa->km);
	sa->km = km;
	if (sa->hs != NULL) {
		memcpy(sa->hs->sk_pi, keys->sk_pi, keys->p_len);
		memcpy(sa->hs->sk_pr, keys->sk_pr, keys->p_len);
		sa->hs->p_len = keys->p_len;
	}
	rc = 0;
	if (sa->eng->cfg.limits.export_keys) {
		struct ike_keys_export	*k;

		if ((k = calloc(1, sizeof(*k))) == NULL)
			goto out;
		k->spi_i = sa->spi_i;
		k->spi_r = sa->spi_r;
		k->local = sa->local.ip;
		k->remote = sa->remote.ip;
		k->encr = s->encr;
		k->encr_keylen = s->encr_keylen;
		k->integ = s->integ;
		k->prf = s->prf;
		k->e_len = keys->e_len;
		k->a_len = keys->a_len;
		k->p_len = keys->p_len;
		memcpy(k->encr_i, keys->sk_ei, keys->e_len);
		memcpy(k->encr_r, keys->sk_er, keys->e_len);
		memcpy(k->integ_i, keys->sk_ai, keys->a_len);
		memcpy(k->integ_r, keys->sk_ar, keys->a_len);
		memcpy(k->sk_d, keys->sk_d, keys->d_len);
		memcpy(k->sk_pi, keys->sk_pi, keys->p_len);
		memcpy(k->sk_pr, keys->sk_pr, keys->p_len);
		ike_act_keys(sa->eng, sa, k);
		OPENSSL_cleanse(k, sizeof(*k));
		free(k);
	}
out:
	ike_sa_keys_free(keys);
	return rc;
}

/* Described in sa.h. */
struct ike_prf *
ike_sa_prf(struct ike_sa *sa)
{
	return ike_engine_prf(sa->eng, sa->suite.prf);
}

/* Described in sa.h. */
int
ike_sa_is_up(const struct ike_sa *sa)
{
	return sa->state == IKE_SA_ESTABLISHED ||
	    sa->state == IKE_SA_REKEYING;
}

/*
 * Duplicates of a tunnel
 */

/* Described in sa.h.  Simultaneous initiation: both ends set up an IKE SA
 * for the tunnel at once.  Like §2.8.1 for rekeys, the SA whose IKE_SA_INIT
 * holds the lowest nonce goes, deleted by its initiator; if that is the
 * peer and it does not, we do after a while.  One of ours still waiting
 * for its IKE_SA_INIT answer just stops (the peer has no state for it, or
 * a half-open one that times out). */
void
ike_sa_settle_duplicates(struct ike_sa *sa)
{
	struct ike_engine	*e = sa->eng;
	struct ike_sa		*o, *loser;
	struct ike_task		*t;

	if (sa->peer == NULL)
		return;
	/* Our own initiation that no answer has reached yet is given up:
	 * it could only make a duplicate to settle.  This is the usual
	 * start of two routers: our first IKE_SA_INIT found no listener,
	 * the peer's came through before our retransmission. */
	for (o = ike_sa_idx_first(e, IKE_IDX_PEER, sa->peer->id); o != NULL;
	    o = ike_sa_idx_next(o, IKE_IDX_PEER))
		if (o != sa && o->initiator && o->state == IKE_SA_INIT_SENT)
			ike_sa_kill(o, "unanswered; the tunnel is up on "
			    "another IKE SA");
	for (o = ike_sa_idx_first(e, IKE_IDX_PEER, sa->peer->id); o != NULL;
	    o = ike_sa_idx_next(o, IKE_IDX_PEER)) {
		if (o == sa || !ike_sa_is_up(o) || o->established_ms == 0)
			continue;
		loser = ike_nonce_cmp(sa->nonce_lo.p, sa->nonce_lo.len,
		    o->nonce_lo.p, o->nonce_lo.len) < 0 ? sa : o;
		ike_act_log(e, sa, IKE_LOG_INFO, "tunnel %s has IKE SAs %u and "
		    "%u: %u is redundant", sa->peer->name, sa->id, o->id,
		    loser->id);
		if (loser->initiator) {
			if ((t = ike_task_new(IKE_TASK_IKE_DELETE)) != NULL)
				ike_sa_queue(loser, t);
		} else {
			loser->delete_ms = e->now + ike_delete_wait_ms(e);
			loser->rekey_ms = 0;
			ike_sa_rearm(loser);
		}
		if (loser == sa)
			return;
	}
}

/* Described in sa.h.  RFC 7296 §2.4: the peer restarted, so the SAs it
 * had with us before this one are gone on its side. */
void
ike_sa_initial_contact(struct ike_sa *sa)
{
	struct ike_engine	*e = sa->eng;
	struct ike_sa		*o;

	if (sa->peer == NULL)
		return;
	for (o = ike_sa_idx_first(e, IKE_IDX_PEER, sa->peer->id); o != NULL;
	    o = ike_sa_idx_next(o, IKE_IDX_PEER)) {
		if (o == sa || o->state == IKE_SA_DEAD ||
		    o->established_ms == 0 ||
		    o->established_ms >= sa->created_ms)
			continue;
		ike_sa_kill(o, "peer restarted (INITIAL_CONTACT)");
	}
}

/*
 * Messages
 */

/* Described in sa.h. */
struct ike_msg *
ike_sa_msg(struct ike_sa *sa, uint8_t exchange, int response, uint32_t msgid)
{
	struct ike_msg	*m;
	uint8_t		 flags = 0;

	if ((m = ike_msg_new()) == NULL)
		return NULL;
	if (sa->initiator)
		flags |= IKE_FLAG_I;
	if (response)
		flags |= IKE_FLAG_R;
	ike_msg_set_hdr(m, sa->spi_i, sa->spi_r, exchange, msgid, flags);
	return m;
}

/* The SK keys of one direction, ours when out, the peer's otherwise, in
 * the engine's cipher and HMAC (valid until the next call).  0 or -1. */
static int
sa_sk(struct ike_sa *sa, int out, struct ike_sk_keys *sk)
{
	/* The original initiator sends with the _i keys (RFC 7296 §2.14). */
	int				 use_i = out ? sa->initiator :
					    !sa->initiator;
	const struct ike_sa_keymat	*km = sa->km;

	memset(sk, 0, sizeof(*sk));
	if (km == NULL)
		return -1;
	return ike_engine_sk(sa->eng, &sa->suite, ike_km_e(km, use_i),
	    km->e_len, km->a_len ? ike_km_a(km, use_i) : NULL, km->a_len, sk);
}

/* Encodes m as this SA sends it: plain for IKE_SA_INIT, else in SK. */
static int
sa_encode(struct ike_sa *sa, struct ike_msg *m, struct buf *out)
{
	struct ike_derr	 err;
	struct ike_sk_keys	 sk;
	uint8_t		 iv[IKE_ENCR_MAX_IV];
	size_t		 ivlen;

	if (m->hdr.exchange == IKE_EXCH_IKE_SA_INIT)
		return ike_msg_encode(m, out, &err);
	if (sa_sk(sa, 1, &sk) == -1)
		return -1;
	ivlen = ike_encr_get_alg(sk.encr)->iv_len;
	if (ike_rand(sa->eng, IKE_RAND_IV, iv, ivlen) == -1)
		return -1;
	return ike_sk_encode(m, &sk, iv, ivlen, out, &err);
}

/* Described in sa.h. */
int
ike_bytes_set(struct ike_bytes *b, const void *p, size_t len)
{
	uint8_t	*d = NULL;

	if (len > 0 && (d = malloc(len)) == NULL) {
		ike_bytes_free(b);
		return -1;
	}
	if (len > 0)
		memcpy(d, p, len);
	ike_bytes_free(b);
	b->p = d;
	b->len = len;
	return 0;
}

/* Described in sa.h. */
void
ike_bytes_free(struct ike_bytes *b)
{
	if (b->p != NULL) {
		OPENSSL_cleanse(b->p, b->len);
		free(b->p);
	}
	b->p = NULL;
	b->len = 0;
}

/* Described in sa.h. */
int
ike_sa_hs_new(struct ike_sa *sa)
{
	if (sa->hs == NULL && (sa->hs = calloc(1, sizeof(*sa->hs))) == NULL)
		return -1;
	return 0;
}

/* Described in sa.h. */
void
ike_sa_hs_free(struct ike_sa *sa)
{
	struct ike_sa_hs	*hs = sa->hs;

	if (hs == NULL)
		return;
	buf_free(&hs->msg1);
	buf_free(&hs->msg2);
	buf_free(&hs->cookie);
	OPENSSL_cleanse(hs, sizeof(*hs));
	free(hs);
	sa->hs = NULL;
}

/* Described in sa.h. */
int
ike_train_add(struct buf *train, size_t mk, const uint8_t *p, size_t len)
{
	if (mk + len > UINT16_MAX)
		return -1;
	buf_add_u16(train, (uint16_t)(mk + len));
	buf_add_zero(train, mk);
	buf_add(train, p, len);
	return train->oom ? -1 : 0;
}

/* Described in sa.h. */
void
ike_sa_send_train(struct ike_engine *e, const struct ike_sa *sa,
    const struct ike_addr *local, const struct ike_addr *remote,
    const struct ike_bytes *train)
{
	size_t	off = 0, len, n = 0;

	while (train->len - off >= 2) {
		len = (size_t)train->p[off] << 8 | train->p[off + 1];
		off += 2;
		if (len > train->len - off)
			break;		/* cannot happen: we built it */
		ike_act_send(e, sa, local, remote, train->p + off, len);
		off += len;
		n++;
	}
	if (n > 1)
		e->stats.frag_sent += n;
}

/*
 * The train of an encoded message at sa's current ports (with the non-ESP
 * marker on 4500), allocated to the octet: the one datagram, or, when it
 * is too large for the path and the peer reassembles, its fragments.
 */
static int
sa_frame(struct ike_sa *sa, const struct ike_msg *m, const struct buf *msg,
    struct ike_bytes *out)
{
	struct ike_sk_keys	 sk;
	struct buf		 train = { 0 };
	size_t			 mk = sa->natt ? 4 : 0, n = 0;
	int			 rc = -1;

	if (ike_frag_wanted(sa, m, mk + msg->len)) {
		if (sa_sk(sa, 1, &sk) == -1 ||
		    ike_frag_encode(sa, m, &sk, mk, &train, &n) == -1)
			goto out;
		sa->eng->stats.frag_msgs_sent++;
		ike_act_log(sa->eng, sa, IKE_LOG_DEBUG, "IKE SA %u: %s of %zu "
		    "octets sent as %zu fragments", sa->id,
		    ike_exchange_name(m->hdr.exchange), msg->len, n);
	} else if (ike_train_add(&train, mk, msg->data, msg->len) == -1)
		goto out;
	rc = ike_bytes_set(out, train.data, train.len);
out:
	buf_free(&train);
	if (rc == -1)
		ike_bytes_free(out);
	return rc;
}

static int
exch_index(uint8_t exchange)
{
	if (exchange >= IKE_EXCH_IKE_SA_INIT &&
	    exchange <= IKE_EXCH_INFORMATIONAL)
		return exchange - IKE_EXCH_IKE_SA_INIT;
	return -1;
}

/*
 * What sending a request and sending a response share: m encoded (and
 * protected, but for IKE_SA_INIT, which is kept for the AUTH payloads of
 * RFC 7296 §2.15: msg1 is the request, msg2 the response), framed into
 * the datagram the SA keeps for sending again (our request, or the cached
 * response), sent and counted.  0 or -1; m stays the caller's.
 */
static int
sa_send(struct ike_sa *sa, struct ike_msg *m, int response)
{
	struct ike_engine	*e = sa->eng;
	struct ike_bytes	*pkt = response ? &sa->resp : &sa->req.pkt;
	struct buf		*kept;
	struct buf		 enc = { 0 };
	char			 desc[256];
	int			 i, rc = -1;

	if (sa_encode(sa, m, &enc) == -1) {
		ike_act_log(e, sa, IKE_LOG_ERR, "IKE SA %u: cannot encode "
		    "%s %s", sa->id, ike_exchange_name(m->hdr.exchange),
		    response ? "response" : "request");
		goto out;
	}
	if (m->hdr.exchange == IKE_EXCH_IKE_SA_INIT) {
		if (sa->hs == NULL)
			goto out;
		kept = response ? &sa->hs->msg2 : &sa->hs->msg1;
		buf_reset(kept);
		if (buf_add(kept, enc.data, enc.len) == -1)
			goto out;
	}
	if (sa_frame(sa, m, &enc, pkt) == -1)
		goto out;
	if (ike_log_on(e, IKE_LOG_DEBUG))
		ike_act_log(e, sa, IKE_LOG_DEBUG, "IKE SA %u: sending %s",
		    sa->id, ike_msg_describe(m, desc, sizeof(desc)));
	ike_sa_send_train(e, sa, &sa->local, &sa->remote, pkt);
	sa->last_out_ms = e->now;
	if ((i = exch_index(m->hdr.exchange)) >= 0)
		(response ? e->stats.exch_resp : e->stats.exch_init)[i]++;
	rc = 0;
out:
	buf_free(&enc);
	return rc;
}

/* Described in sa.h. */
void
ike_req_digest(struct ike_engine *e, const uint8_t *p, size_t len,
    uint8_t out[IKE_REQ_DIGEST_LEN])
{
	unsigned int	n = 0;

	if (p == NULL || EVP_Digest(p, len, out, &n, e->sha256, NULL) != 1 ||
	    n != IKE_REQ_DIGEST_LEN)
		memset(out, 0, IKE_REQ_DIGEST_LEN);
}

/* Described in sa.h. */
int
ike_sa_send_request(struct ike_sa *sa, struct ike_msg *m, struct ike_task *t)
{
	struct ike_engine	*e = sa->eng;
	int			 rc;

	if ((rc = sa_send(sa, m, 0)) == 0) {
		/* The window of one (§2.3): this is now our request. */
		if (sa->req.task != NULL && sa->req.task != t)
			ike_task_free(sa->req.task);
		sa->req.task = t;
		sa->req.active = 1;
		sa->req.msgid = m->hdr.msgid;
		sa->req.exchange = m->hdr.exchange;
		sa->req.sent = 1;
		sa->req.next_ms = e->now + ike_lim_retransmit_base(e);
		if (t != NULL && t->type == IKE_TASK_DPD &&
		    sa->peer->dpd_retry)
			sa->req.next_ms = e->now +
			    sa->peer->dpd_retry * 1000ull;
	}
	ike_msg_free(m);
	ike_sa_rearm(sa);
	return rc;
}

/* Described in sa.h. */
int
ike_sa_send_response(struct ike_sa *sa, struct ike_msg *m)
{
	int	rc;

	if ((rc = sa_send(sa, m, 1)) == 0) {
		/* Answered: a retransmission of it gets the same bytes. */
		sa->resp_msgid = m->hdr.msgid;
		sa->resp_valid = 1;
		memcpy(sa->resp_req_digest, sa->cur_req_digest,
		    sizeof(sa->resp_req_digest));
		sa->resend_ms = 0;
		sa->peer_msgid = m->hdr.msgid + 1;
	}
	ike_msg_free(m);
	return rc;
}

/* An encrypted response to req with one notify: about SPI spi of
 * protocol proto when spi is not 0, with len octets of data. */
static void
respond_notify(struct ike_sa *sa, const struct ike_msg *req, uint16_t type,
    uint8_t proto, uint32_t spi, const uint8_t *data, size_t len)
{
	struct ike_msg	*r;
	uint8_t		 b[4];

	if ((r = ike_sa_msg(sa, req->hdr.exchange, 1, req->hdr.msgid)) == NULL)
		return;
	if (spi != 0) {
		ike_put32(b, spi);
		ike_msg_add_notify(r, proto, b, 4, type, data, len);
	} else
		ike_msg_add_notify(r, 0, NULL, 0, type, data, len);
	ike_sa_send_response(sa, r);
}

/* Described in sa.h. */
void
ike_sa_respond_notify(struct ike_sa *sa, const struct ike_msg *req,
    uint16_t type, uint8_t proto, uint32_t spi)
{
	respond_notify(sa, req, type, proto, spi, NULL, 0);
}

/* Described in sa.h. */
void
ike_sa_respond_invalid_ke(struct ike_sa *sa, const struct ike_msg *req,
    uint16_t group)
{
	uint8_t	b[2];

	ike_put16(b, group);
	sa->eng->stats.invalid_ke_sent++;
	respond_notify(sa, req, IKE_N_INVALID_KE_PAYLOAD, 0, 0, b, sizeof(b));
}

/* Described in sa.h. */
void
ike_sa_resend(struct ike_sa *sa)
{
	if (!sa->req.active)
		return;
	ike_sa_send_train(sa->eng, sa, &sa->local, &sa->remote, &sa->req.pkt);
}

/* Described in sa.h. */
int
ike_sa_unprotect(struct ike_sa *sa, struct ike_msg *m, struct ike_derr *err)
{
	struct ike_sk_keys	sk;

	if (sa_sk(sa, 0, &sk) == -1) {
		memset(err, 0, sizeof(*err));
		err->code = IKE_DERR_DROP;
		err->why = sa->km == NULL ? "no keys yet" : "cannot key the "
		    "cipher";
		return -1;
	}
	return ike_sk_unprotect(m, &sk, err);
}

/* Described in sa.h. */
int
ike_sa_unprotect_frag(struct ike_sa *sa, struct ike_msg *m,
    const uint8_t **plain, size_t *len, struct ike_derr *err)
{
	struct ike_sk_keys	sk;

	if (sa_sk(sa, 0, &sk) == -1) {
		memset(err, 0, sizeof(*err));
		err->code = IKE_DERR_DROP;
		err->why = sa->km == NULL ? "no keys yet" : "cannot key the "
		    "cipher";
		return -1;
	}
	return ike_skf_unprotect(m, &sk, plain, len, err);
}

/*
 * Tasks and the window
 */

/* Described in sa.h. */
struct ike_task *
ike_task_new(enum ike_task_type type)
{
	struct ike_task	*t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->type = type;
	return t;
}

/* Described in sa.h. */
struct ike_task_x *
ike_task_x(struct ike_task *t)
{
	if (t->x == NULL)
		t->x = calloc(1, sizeof(*t->x));
	return t->x;
}

/* Described in sa.h. */
void
ike_task_free(struct ike_task *t)
{
	if (t == NULL)
		return;
	if (t->x != NULL) {
		ike_dh_free(t->x->dh);
		free(t->x->offer);
		OPENSSL_cleanse(t->x, sizeof(*t->x));
		free(t->x);
	}
	OPENSSL_cleanse(t, sizeof(*t));
	free(t);
}

/* Described in sa.h. */
void
ike_sa_queue(struct ike_sa *sa, struct ike_task *t)
{
	struct ike_task	**pp;

	if (t == NULL)
		return;
	t->next = NULL;
	/* Deletes go first: nothing else matters for an SA going away. */
	if (t->type == IKE_TASK_IKE_DELETE) {
		t->next = sa->queue;
		sa->queue = t;
	} else {
		for (pp = &sa->queue; *pp != NULL; pp = &(*pp)->next)
			;
		*pp = t;
	}
	ike_sa_kick(sa);
}

/* Described in sa.h. */
int
ike_sa_has_task(const struct ike_sa *sa, enum ike_task_type type,
    uint32_t child_id)
{
	const struct ike_task	*t;

	if (sa->req.active && sa->req.task != NULL &&
	    sa->req.task->type == type && (child_id == 0 ||
	    sa->req.task->child_id == child_id))
		return 1;
	for (t = sa->queue; t != NULL; t = t->next)
		if (t->type == type && (child_id == 0 ||
		    t->child_id == child_id))
			return 1;
	return 0;
}

/* Whether a queued task may start in the SA's current state. */
static int
task_startable(const struct ike_sa *sa, const struct ike_task *t)
{
	switch (t->type) {
	case IKE_TASK_INIT:
		return sa->state == IKE_SA_NEW ||
		    sa->state == IKE_SA_INIT_SENT;
	case IKE_TASK_AUTH:
		return sa->state == IKE_SA_INIT_SENT;
	case IKE_TASK_IKE_DELETE:
		return sa->state != IKE_SA_DEAD &&
		    sa->state != IKE_SA_DELETING;
	default:
		return sa->state == IKE_SA_ESTABLISHED;
	}
}

/* Whether a queued task can never start (so it is dropped). */
static int
task_hopeless(const struct ike_sa *sa, const struct ike_task *t)
{
	if (sa->state == IKE_SA_DEAD || sa->state == IKE_SA_DELETING)
		return 1;
	if (t->type == IKE_TASK_IKE_DELETE)
		return 0;
	return sa->state == IKE_SA_REKEYED;
}

/* Described in sa.h. */
void
ike_sa_kick(struct ike_sa *sa)
{
	struct ike_task	**pp, *t;
	unsigned	  guard;

	for (guard = 0; guard < 64 && !sa->req.active; guard++) {
		for (pp = &sa->queue; (t = *pp) != NULL; pp = &t->next) {
			if (task_hopeless(sa, t)) {
				*pp = t->next;
				ike_task_free(t);
				break;
			}
			if (t->not_before <= sa->eng->now &&
			    task_startable(sa, t))
				break;
		}
		if (t == NULL)
			break;
		if (*pp != t)
			continue;	/* freed a hopeless one: rescan */
		*pp = t->next;
		t->next = NULL;
		/* build_i sends and adopts t, or declines (t is ours). */
		if (sa->eng->start(sa, t) == -1 && sa->req.task != t)
			ike_task_free(t);
	}
	ike_sa_rearm(sa);
}

/* Described in sa.h. */
void
ike_sa_req_done(struct ike_sa *sa)
{
	if (!sa->req.active)
		return;
	sa->req.active = 0;
	sa->my_msgid = sa->req.msgid + 1;
	ike_bytes_free(&sa->req.pkt);
	ike_frag_rx_free(sa, 1);	/* nothing waits for its answer */
}

/*
 * Timers
 */

static void
consider(uint64_t *best, uint64_t t)
{
	if (t != 0 && (*best == 0 || t < *best))
		*best = t;
}

/* Described in sa.h. */
void
ike_sa_rearm(struct ike_sa *sa)
{
	struct ike_engine	*e = sa->eng;

	if (sa->dirty)
		return;
	sa->dirty = 1;
	sa->dirty_next = e->dirty;
	e->dirty = sa;
}

/* Computes the SA's next deadline and arms or cancels its timer; -1 when
 * there was no memory for the action (the timer stays as it was). */
static int
sa_arm(struct ike_sa *sa)
{
	struct ike_engine	*e = sa->eng;
	struct ike_child	*c;
	struct ike_task		*t;
	uint64_t		 at = 0;

	if (sa->state != IKE_SA_DEAD) {
		if (sa->req.active)
			consider(&at, sa->req.next_ms);
		consider(&at, sa->halfopen_ms);
		consider(&at, sa->rekey_ms);
		consider(&at, sa->expire_ms);
		consider(&at, sa->dpd_ms);
		consider(&at, sa->keepalive_ms);
		consider(&at, sa->delete_ms);
		consider(&at, ike_frag_deadline(sa));
		if (!sa->req.active)
			for (t = sa->queue; t != NULL; t = t->next)
				if (t->not_before > e->now)
					consider(&at, t->not_before);
		for (c = sa->children; c != NULL; c = c->next) {
			consider(&at, c->rekey_ms);
			consider(&at, c->expire_ms);
			consider(&at, c->delete_ms);
		}
	}
	if (at == sa->armed || e->out == NULL)
		return 0;
	if (ike_act_timer(e, sa, at) == -1)
		return -1;	/* stays armed as it was */
	sa->armed = at;
	return 0;
}

/* Described in sa.h. */
void
ike_sa_flush(struct ike_engine *e)
{
	struct ike_sa	*sa, *retry = NULL;

	while ((sa = e->dirty) != NULL) {
		e->dirty = sa->dirty_next;
		sa->dirty_next = NULL;
		sa->dirty = 0;
		if (sa_arm(sa) == -1 && sa->state != IKE_SA_DEAD) {
			/* Out of memory: try again when the next event ends
			 * (a dead SA's stale timer is harmless). */
			sa->dirty = 1;
			sa->dirty_next = retry;
			retry = sa;
			continue;
		}
		if (sa->state == IKE_SA_DEAD)
			ike_sa_unlink_free(sa);
	}
	e->dirty = retry;
}

/* Described in sa.h. */
void
ike_sa_schedule_lifetime(struct ike_sa *sa)
{
	ike_lifetime_schedule(sa->eng, sa->peer->ike_lifetime ?
	    sa->peer->ike_lifetime : 86400, &sa->rekey_ms, &sa->expire_ms);
}

/* Described in sa.h. */
void
ike_sa_peer_alive(struct ike_sa *sa)
{
	sa->last_in_ms = sa->eng->now;
	if (sa->peer->dpd_interval && sa->dpd_ms)
		sa->dpd_ms = sa->last_in_ms + sa->peer->dpd_interval * 1000ull;
}

/* Whether traffic came in on one of the SA's Child SAs lately. */
static uint64_t
children_last_use(struct ike_sa *sa)
{
	struct dp		*dp = sa->eng->env.dp;
	struct ike_child	*c;
	struct dp_sa_stats	 st;
	struct dp_sa_key	 k;
	uint64_t		 last = 0;

	if (dp == NULL || dp->query_sa == NULL)
		return 0;
	for (c = sa->children; c != NULL; c = c->next) {
		if (!c->installed)
			continue;
		memset(&k, 0, sizeof(k));
		k.dst = sa->local.ip;
		k.spi = c->spi_in;
		k.proto = DP_PROTO_ESP;
		memset(&st, 0, sizeof(st));
		if (dp->query_sa(dp, &k, &st, NULL, 0) == 0 &&
		    st.last_use_ms > last)
			last = st.last_use_ms;
	}
	return last;
}

static void
retransmit_timer(struct ike_sa *sa)
{
	struct ike_engine	*e = sa->eng;
	uint32_t		 base = ike_lim_retransmit_base(e);
	unsigned		 tries = ike_lim_retransmit_tries(e);
	struct ike_task		*t = sa->req.task;
	int			 shift;

	if (t != NULL && t->type == IKE_TASK_DPD && sa->peer->dpd_retry)
		base = sa->peer->dpd_retry * 1000;
	if (sa->req.sent <= tries) {
		/* RFC 7296 §2.1, §2.4: same bytes, exponentially later. */
		shift = sa->req.sent < 30 ? (int)sa->req.sent : 30;
		sa->req.sent++;
		sa->req.next_ms = e->now + ((uint64_t)base << shift);
		e->stats.retransmits++;
		ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: retransmit %u of "
		    "%s request %u", sa->id, sa->req.sent - 1,
		    ike_exchange_name(sa->req.exchange), sa->req.msgid);
		ike_sa_resend(sa);
		return;
	}
	sa->req.active = 0;
	if (t != NULL && (t->type == IKE_TASK_IKE_DELETE ||
	    t->type == IKE_TASK_AUTH_FAILED)) {
		ike_sa_kill(sa, "no answer to our Delete; removed anyway");
		return;
	}
	ike_act_fail(e, sa, IKE_FAIL_TIMEOUT, "no response from %s:%u to "
	    "%s request %u after %u transmissions: peer is down",
	    IPS(sa->remote.ip), sa->remote.port,
	    ike_exchange_name(sa->req.exchange), sa->req.msgid, sa->req.sent);
	ike_sa_kill(sa, "peer did not answer (retransmissions exhausted)");
}

/* Described in sa.h. */
void
ike_sa_timer(struct ike_sa *sa)
{
	struct ike_engine	*e = sa->eng;
	struct ike_task		*t;
	uint64_t		 now = e->now, last;

	if (sa->state == IKE_SA_DEAD)
		return;
	if (sa->req.active && sa->req.next_ms && sa->req.next_ms <= now) {
		retransmit_timer(sa);
		if (sa->state == IKE_SA_DEAD)
			return;
	}
	if (sa->halfopen_ms && sa->halfopen_ms <= now) {
		sa->halfopen_ms = 0;
		ike_sa_kill(sa, "half-open IKE SA timed out (no IKE_AUTH)");
		return;
	}
	if (sa->expire_ms && sa->expire_ms <= now) {
		sa->expire_ms = 0;
		sa->rekey_ms = 0;
		ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: hard lifetime "
		    "reached", sa->id);
		if (sa->req.active || sa->state == IKE_SA_NEW) {
			ike_sa_kill(sa, "hard lifetime expired");
			return;
		}
		if ((t = ike_task_new(IKE_TASK_IKE_DELETE)) != NULL)
			ike_sa_queue(sa, t);
		else
			ike_sa_kill(sa, "hard lifetime expired");
		if (sa->state == IKE_SA_DEAD)
			return;
	}
	if (sa->delete_ms && sa->delete_ms <= now) {
		sa->delete_ms = 0;
		if (sa->state == IKE_SA_REKEYED || sa->state == IKE_SA_NEW) {
			ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: the peer "
			    "did not delete it; deleting it ourselves", sa->id);
			if ((t = ike_task_new(IKE_TASK_IKE_DELETE)) != NULL)
				ike_sa_queue(sa, t);
			if (sa->state == IKE_SA_DEAD)
				return;
		}
	}
	if (sa->rekey_ms && sa->rekey_ms <= now) {
		sa->rekey_ms = 0;
		if (sa->state == IKE_SA_ESTABLISHED &&
		    !ike_sa_has_task(sa, IKE_TASK_IKE_REKEY, 0) &&
		    (t = ike_task_new(IKE_TASK_IKE_REKEY)) != NULL)
			ike_sa_queue(sa, t);
		if (sa->state == IKE_SA_DEAD)
			return;
	}
	if (sa->dpd_ms && sa->dpd_ms <= now) {
		sa->dpd_ms = 0;
		last = children_last_use(sa);
		if (last < sa->last_in_ms)
			last = sa->last_in_ms;
		if (last > now)
			last = now;	/* another clock: trust it no further */
		if (now - last < sa->peer->dpd_interval * 1000ull) {
			sa->dpd_ms = last + sa->peer->dpd_interval * 1000ull;
		} else if (ike_sa_is_up(sa)) {
			if (!sa->req.active && !ike_sa_has_task(sa,
			    IKE_TASK_DPD, 0) &&
			    (t = ike_task_new(IKE_TASK_DPD)) != NULL)
				ike_sa_queue(sa, t);
			sa->dpd_ms = now + sa->peer->dpd_interval * 1000ull;
		}
		if (sa->state == IKE_SA_DEAD)
			return;
	}
	if (sa->keepalive_ms && sa->keepalive_ms <= now)
		ike_sa_keepalive(sa);
	ike_frag_expire(sa);
	ike_child_timers(sa);
	if (sa->state != IKE_SA_DEAD)
		ike_sa_kick(sa);
	ike_sa_rearm(sa);
}

/* Described in sa.h. */
void
ike_sa_keepalive(struct ike_sa *sa)
{
	struct ike_engine	*e = sa->eng;
	static const uint8_t	 ka = 0xff;
	uint64_t		 every = (e->cfg.limits.keepalive ?
				    e->cfg.limits.keepalive : 20) * 1000ull;

	sa->keepalive_ms = 0;
	if (!sa->natt || !sa->nat_local || e->cfg.limits.force_encap ||
	    sa->state == IKE_SA_DEAD)
		return;
	/* RFC 3948 §2.3: one 0xFF octet keeps our NAT mapping open. */
	if (sa->last_out_ms + every <= e->now)
		ike_act_send(e, sa, &sa->local, &sa->remote, &ka, 1);
	sa->keepalive_ms = (sa->last_out_ms + every > e->now ?
	    sa->last_out_ms : e->now) + every;
}

/*
 * Nonces
 */

/* Described in sa.h. */
int
ike_nonce_cmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	size_t	n = alen < blen ? alen : blen;
	int	c;

	if ((c = memcmp(a, b, n)) != 0)
		return c < 0 ? -1 : 1;
	return alen < blen ? -1 : alen > blen ? 1 : 0;
}

/* Described in sa.h. */
size_t
ike_nonce_lower(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
    uint8_t *out)
{
	if (ike_nonce_cmp(a, alen, b, blen) <= 0) {
		memcpy(out, a, alen);
		return alen;
	}
	memcpy(out, b, blen);
	return blen;
}

/* Described in sa.h. */
int
ike_sa_set_nonce_lo(struct ike_sa *sa, const uint8_t *a, size_t alen,
    const uint8_t *b, size_t blen)
{
	if (ike_nonce_cmp(a, alen, b, blen) <= 0)
		return ike_bytes_set(&sa->nonce_lo, a, alen);
	return ike_bytes_set(&sa->nonce_lo, b, blen);
}
