/*
 * The engine entry point (engine.h): takes one event with the current
 * time, routes it to the IKE SA it concerns (or to IKE_SA_INIT handling
 * for a new one) and collects the actions.  Datagram routing follows RFC
 * 7296 §2.1-§2.3 and §3.1: the non-ESP marker on port 4500, the I and R
 * flags, our SPI, the message ID window, the cached response for a
 * retransmitted request, and which exchange each SA state accepts; the
 * exchange table (exchange.c) then names the code that answers a request
 * or takes a response.  Also here: admin requests, the snapshot for the
 * show commands and the counters.  This is the top of the engine: nothing
 * of it calls back into this file (exchange.c shows the order).
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "ikev2/auth.h"
#include "ikev2/actions.h"
#include "ikev2/exchange.h"
#include "ikev2/frag.h"
#include "ikev2/sa.h"

/* Described in engine.h. */
const char *
ike_fail_name(enum ike_fail f)
{
	static const char *const names[IKE_FAIL_MAX] = {
		[IKE_FAIL_NONE] = "none",
		[IKE_FAIL_NO_PROPOSAL] = "NO_PROPOSAL_CHOSEN",
		[IKE_FAIL_AUTH] = "AUTHENTICATION_FAILED",
		[IKE_FAIL_TS] = "TS_UNACCEPTABLE",
		[IKE_FAIL_TIMEOUT] = "peer not responding",
		[IKE_FAIL_INVALID_KE] = "INVALID_KE_PAYLOAD",
		[IKE_FAIL_PEER_ERROR] = "error notify from peer",
		[IKE_FAIL_NO_CONFIG] = "no matching tunnel",
		[IKE_FAIL_DATAPLANE] = "data plane error",
		[IKE_FAIL_INTERNAL] = "internal error",
	};

	return f < IKE_FAIL_MAX ? names[f] : "?";
}

/* Described in engine.h. */
struct ike_engine *
ike_engine_new(const struct ike_env *env, const struct ike_cfg *cfg,
    uint64_t now)
{
	struct ike_engine	*e;

	if ((e = calloc(1, sizeof(*e))) == NULL)
		return NULL;
	e->env = *env;
	e->now = now;
	e->start = ike_exchange_start;
	if (ike_engine_set_config(e, cfg) == -1 ||
	    (e->cookie_prf = ike_prf_new(IKE_PRF_HMAC_SHA2_256)) == NULL ||
	    (e->sha1 = EVP_MD_fetch(NULL, "SHA1", NULL)) == NULL ||
	    (e->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL)) == NULL ||
	    ike_rand(e, IKE_RAND_SECRET, e->secret[0],
	    sizeof(e->secret[0])) == -1) {
		ike_engine_free(e);
		return NULL;
	}
	e->secret_ms = now;
	ike_unauth_init(e);
	return e;
}

/* Described in engine.h. */
void
ike_engine_free(struct ike_engine *e)
{
	struct ike_sa	*sa, *n;

	if (e == NULL)
		return;
	e->out = NULL;
	for (sa = e->sas; sa != NULL; sa = n) {
		n = sa->next;
		ike_sa_free(sa);
	}
	ike_sa_idx_free(e);
	ike_engine_cfg_release(e);
	ike_prf_free(e->cookie_prf);
	for (size_t i = 0; i < sizeof(e->prfs) / sizeof(e->prfs[0]); i++)
		ike_prf_free(e->prfs[i]);
	ike_encr_free(e->sk_encr);
	ike_integ_free(e->sk_integ);
	EVP_MD_free(e->sha1);
	EVP_MD_free(e->sha256);
	for (size_t i = 0; i < IKE_ZOMBIES; i++)
		ike_bytes_free(&e->zombies[i].resp);
	OPENSSL_cleanse(e, sizeof(*e));
	free(e);
}

/*
 * Datagrams
 */

/* After an authenticated message: follow the peer's ports (NAT mapping
 * changes, the float to 4500; RFC 7296 §2.23). */
static void
follow_ports(struct ike_sa *sa, const struct ike_addr *local,
    const struct ike_addr *remote)
{
	struct ike_engine	*e = sa->eng;
	uint16_t		 natt = e->cfg.limits.natt_port ?
				    e->cfg.limits.natt_port : 4500;

	if (sa->local.port == local->port && sa->remote.port == remote->port)
		return;
	if (local->port != natt && sa->natt)
		return;		/* never back from 4500 to 500 */
	ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: peer now at %s:%u "
	    "(was %u), us at port %u", sa->id, IPS(remote->ip), remote->port,
	    sa->remote.port, local->port);
	sa->local.port = local->port;
	sa->remote.port = remote->port;
	sa->natt = local->port == natt;
	ike_child_update_encap(sa);
}

/*
 * A half-open SA whose IKE_AUTH request we answered with an error notify
 * (INVALID_SYNTAX after its SK opened): its Message ID 1 is spent, so it
 * can never be authenticated (RFC 7296 §2.21.2: "the IKE SA is not
 * created").  It goes now rather than at the half-open timeout, where it
 * would hold a slot that counts toward COOKIE and the per-address limit.
 * A retransmission of that request is answered from the zombie cache.
 */
static void
auth_refused(struct ike_sa *sa, const struct ike_msg *m, uint16_t notify)
{
	if (sa->state != IKE_SA_HALF_OPEN ||
	    m->hdr.exchange != IKE_EXCH_IKE_AUTH)
		return;
	ike_act_log(sa->eng, sa, IKE_LOG_INFO, "IKE SA %u: IKE_AUTH from %s "
	    "refused with %s: half-open SA closed", sa->id,
	    IPS(sa->remote.ip), ike_notify_name(notify));
	ike_sa_kill(sa, "IKE_AUTH refused");
}

/* A response to our outstanding request (a whole message: not a
 * fragment, or reassembled with its SK open). */
static void
response_msg(struct ike_sa *sa, struct ike_msg *m,
    const struct ike_addr *local, const struct ike_addr *remote)
{
	struct ike_engine	*e = sa->eng;
	const struct ike_exch_row *x;
	struct ike_task		*t;
	struct ike_derr		 err;
	struct ike_bytes	 pkt;
	uint32_t		 msgid = sa->req.msgid;
	char			 desc[256];

	if (!sa->req.active || m->hdr.msgid != sa->req.msgid ||
	    m->hdr.exchange != sa->req.exchange) {
		e->stats.dropped++;
		return;		/* late or duplicate: nothing waits for it */
	}
	if (m->hdr.exchange != IKE_EXCH_IKE_SA_INIT && !m->sk_open &&
	    ike_sa_unprotect(sa, m, &err) == -1) {
		e->stats.dropped++;
		ike_act_log(e, sa, IKE_LOG_DEBUG, "IKE SA %u: dropping %s "
		    "response: %s", sa->id, ike_exchange_name(m->hdr.exchange),
		    err.why ? err.why : "cannot open it");
		return;
	}
	if (ike_rules_check(m, &err) == -1) {
		e->stats.dropped++;
		ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: dropping "
		    "malformed %s response: %s", sa->id,
		    ike_exchange_name(m->hdr.exchange),
		    err.why ? err.why : "rules");
		return;
	}
	if (ike_log_on(e, IKE_LOG_DEBUG))
		ike_act_log(e, sa, IKE_LOG_DEBUG, "IKE SA %u: received %s",
		    sa->id, ike_msg_describe(m, desc, sizeof(desc)));
	if (m->hdr.exchange != IKE_EXCH_IKE_SA_INIT) {
		ike_sa_peer_alive(sa);
		follow_ports(sa, local, remote);
	}
	t = sa->req.task;
	sa->req.task = NULL;
	pkt = sa->req.pkt;		/* in case the answer is ignored */
	sa->req.pkt.p = NULL;
	sa->req.pkt.len = 0;
	ike_sa_req_done(sa);
	if (t == NULL) {
		ike_bytes_free(&pkt);
		return;
	}
	x = ike_exchange_of_task(t->type);
	if (x != NULL && x->process_i(sa, t, m) == 1 &&
	    sa->state != IKE_SA_DEAD &&
	    !sa->req.active) {
		/* Ignored (possibly forged): keep waiting for the real one,
		 * retransmitting the request as before. */
		sa->req.active = 1;
		sa->my_msgid = msgid;
		sa->req.task = t;
		sa->req.pkt = pkt;
		return;
	}
	ike_bytes_free(&pkt);
	if (sa->req.task != t)
		ike_task_free(t);
}

/* A response, or a fragment of one (RFC 7383). */
static void
input_response(struct ike_sa *sa, struct ike_msg *m,
    const struct ike_addr *local, const struct ike_addr *remote)
{
	struct ike_msg	*whole;

	if (!m->has_skf) {
		response_msg(sa, m, local, remote);
		return;
	}
	if (!sa->req.active || m->hdr.msgid != sa->req.msgid ||
	    m->hdr.exchange != sa->req.exchange) {
		sa->eng->stats.dropped++;
		return;		/* late or duplicate: nothing waits for it */
	}
	/* Kept until the last one makes the whole message. */
	if ((whole = ike_frag_input(sa, m, 1)) == NULL)
		return;
	response_msg(sa, whole, local, remote);
	ike_msg_free(whole);
}

/*
 * RFC 7296 §2.1: the request with the Message ID we answered last.  Only
 * the very same datagram is a retransmission and gets the same bytes
 * again, at most once per IKE_RESEND_GAP_MS; anything else with that
 * Message ID is counted and dropped, so no one can make us send the
 * cached response for garbage.
 */
static void
answer_again(struct ike_sa *sa, const struct ike_msg *m)
{
	struct ike_engine	*e = sa->eng;
	uint8_t			 d[IKE_REQ_DIGEST_LEN];

	if (m->has_skf && m->skf.number != 1) {
		/* RFC 7383 §2.6.1: a retransmitted fragmented request is
		 * answered on its fragment 1 (which the digest covers). */
		e->stats.dropped++;
		return;
	}
	ike_req_digest(e, m->raw, m->rawlen, d);
	if (memcmp(d, sa->resp_req_digest, sizeof(d)) != 0) {
		e->stats.retrans_mismatch++;
		e->stats.dropped++;
		ike_act_log(e, sa, IKE_LOG_DEBUG, "IKE SA %u: message ID %u "
		    "again with other contents: not a retransmission, "
		    "dropped", sa->id, m->hdr.msgid);
		return;
	}
	if (sa->resend_ms != 0 && e->now < sa->resend_ms + IKE_RESEND_GAP_MS) {
		e->stats.resend_limited++;
		return;
	}
	sa->resend_ms = e->now;
	e->stats.resp_resent++;
	ike_sa_send_train(e, sa, &sa->local, &sa->remote, &sa->resp);
}

/* A request from the peer (a whole message: not a fragment, or
 * reassembled with its SK open) that the window and the SA's state take. */
static void
request_msg(struct ike_sa *sa, struct ike_msg *m, enum ike_accept acc,
    const struct ike_addr *local, const struct ike_addr *remote)
{
	struct ike_engine	*e = sa->eng;
	const struct ike_exch_row *x;
	struct ike_derr		 err;
	char			 desc[256];

	/* The response this request gets will answer only these bytes (of
	 * a fragmented one: its fragment 1, RFC 7383 §2.6.1). */
	ike_req_digest(e, m->raw, m->rawlen, sa->cur_req_digest);
	if (!m->sk_open && ike_sa_unprotect(sa, m, &err) == -1) {
		e->stats.dropped++;
		ike_act_log(e, sa, IKE_LOG_DEBUG, "IKE SA %u: dropping %s "
		    "request: %s", sa->id, ike_exchange_name(m->hdr.exchange),
		    err.why ? err.why : "cannot open it");
		if (err.notify != 0 && m->sk_open) {
			ike_sa_respond_notify(sa, m, err.notify, 0, 0);
			auth_refused(sa, m, err.notify);
			return;
		}
		if (sa->state == IKE_SA_HALF_OPEN &&
		    ++sa->half_open_bad >= IKE_HALFOPEN_BAD_MAX) {
			e->stats.half_open_bad++;
			ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: %d "
			    "requests from %s did not open: whoever sends "
			    "them lacks the keys", sa->id,
			    IKE_HALFOPEN_BAD_MAX, IPS(remote->ip));
			ike_sa_kill(sa, "half-open IKE SA deleted after "
			    "requests that did not open");
		}
		return;
	}
	ike_sa_peer_alive(sa);
	follow_ports(sa, local, remote);
	if (ike_rules_check(m, &err) == -1) {
		e->stats.dropped++;
		ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: malformed %s "
		    "request: %s", sa->id, ike_exchange_name(m->hdr.exchange),
		    err.why ? err.why : "rules");
		if (err.notify != 0) {
			ike_sa_respond_notify(sa, m, err.notify, 0, 0);
			auth_refused(sa, m, err.notify);
		}
		return;
	}
	if (ike_log_on(e, IKE_LOG_DEBUG))
		ike_act_log(e, sa, IKE_LOG_DEBUG, "IKE SA %u: received %s",
		    sa->id, ike_msg_describe(m, desc, sizeof(desc)));
	if (acc == IKE_ACC_TEMPFAIL) {
		ike_sa_respond_notify(sa, m, IKE_N_TEMPORARY_FAILURE, 0, 0);
		return;
	}
	if ((x = ike_exchange_of_request(m)) != NULL)
		ike_exchange_answer(sa, x, m);
}

/* A request from the peer, or a fragment of one (RFC 7383). */
static void
input_request(struct ike_sa *sa, struct ike_msg *m,
    const struct ike_addr *local, const struct ike_addr *remote)
{
	struct ike_engine	*e = sa->eng;
	struct ike_msg		*whole;
	enum ike_accept		 acc;

	if (sa->resp_valid && m->hdr.msgid == sa->resp_msgid &&
	    sa->peer_msgid == m->hdr.msgid + 1) {
		answer_again(sa, m);
		return;
	}
	if (m->hdr.msgid != sa->peer_msgid) {
		e->stats.dropped++;
		return;		/* outside the window: never answered */
	}
	if ((acc = ike_sa_accepts(sa, m->hdr.exchange)) == IKE_ACC_DROP) {
		e->stats.dropped++;
		ike_act_log(e, sa, IKE_LOG_DEBUG, "IKE SA %u: %s request not "
		    "accepted in state %s", sa->id,
		    ike_exchange_name(m->hdr.exchange),
		    ike_sa_state_name(sa->state));
		return;
	}
	if (!m->has_skf) {
		request_msg(sa, m, acc, local, remote);
		return;
	}
	/* Kept until the last one makes the whole message. */
	if ((whole = ike_frag_input(sa, m, 0)) == NULL)
		return;
	request_msg(sa, whole, acc, local, remote);
	ike_msg_free(whole);
}

/* A retransmitted request to an IKE SA deleted moments ago: answer it
 * with the same bytes as before (§2.1), nothing else. */
static int
zombie_answer(struct ike_engine *e, const struct ike_msg *m)
{
	struct ike_zombie	*z;
	uint8_t			 d[IKE_REQ_DIGEST_LEN];
	size_t			 i;

	for (i = 0; i < IKE_ZOMBIES; i++) {
		z = &e->zombies[i];
		if (z->until <= e->now || z->resp.len == 0 ||
		    z->spi_i != m->hdr.spi_i || z->spi_r != m->hdr.spi_r ||
		    z->msgid != m->hdr.msgid)
			continue;
		if (m->has_skf && m->skf.number != 1) {
			e->stats.dropped++;	/* answered on fragment 1 */
			return 1;
		}
		ike_req_digest(e, m->raw, m->rawlen, d);
		if (memcmp(d, z->req_digest, sizeof(d)) != 0) {
			e->stats.retrans_mismatch++;
			e->stats.dropped++;
			return 1;
		}
		e->stats.resp_resent++;
		ike_sa_send_train(e, NULL, &z->local, &z->remote, &z->resp);
		return 1;
	}
	return 0;
}

static void
input_datagram(struct ike_engine *e, const struct ike_event *ev)
{
	const struct ike_exch_row *x;
	struct ike_msg		*m;
	struct ike_sa		*sa;
	struct ike_derr		 err;
	const uint8_t		*p = ev->data;
	size_t			 len = ev->len;
	uint16_t		 natt = e->cfg.limits.natt_port ?
				    e->cfg.limits.natt_port : 4500;
	uint64_t		 spi;
	int			 response, mine_i;

	if (p == NULL)
		return;
	e->cur_local = ev->local;
	e->cur_remote = ev->remote;
	if (ev->local.port == natt) {
		/* RFC 3948 §2.2: NAT keepalive, ESP, or IKE behind a
		 * four-zero-octet non-ESP marker. */
		if (len < 4 || p[0] || p[1] || p[2] || p[3]) {
			if (!(len == 1 && p[0] == 0xff))
				e->stats.dropped++;
			return;
		}
		p += 4;
		len -= 4;
	}
	if ((m = ike_msg_new()) == NULL)
		return;
	if (ike_msg_decode(m, p, len, &err) == -1) {
		e->stats.dropped++;
		if (err.pltype == IKE_PL_SKF)
			e->stats.frag_drop[IKE_FRAGD_MALFORMED]++;
		if (err.hdr_ok && err.notify != 0 &&
		    !ike_hdr_is_response(&m->hdr) &&
		    m->hdr.exchange == IKE_EXCH_IKE_SA_INIT) {
			struct ike_msg *r = ike_msg_new();
			struct buf enc = { 0 }, dg = { 0 };

			/* §2.5: unauthenticated, for IKE_SA_INIT only. */
			if (r != NULL) {
				ike_msg_set_hdr(r, m->hdr.spi_i, 0,
				    IKE_EXCH_IKE_SA_INIT, 0, IKE_FLAG_R);
				ike_msg_add_notify(r, 0, NULL, 0, err.notify,
				    &err.data, err.notify ==
				    IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD ? 1 : 0);
				if (ike_msg_encode(r, &enc, NULL) == 0 &&
				    (ev->local.port != natt ||
				    buf_add_u32(&dg, 0) == 0) &&
				    buf_add(&dg, enc.data, enc.len) == 0)
					(void)ike_unauth_send(e, &ev->local,
					    &ev->remote, len, enc.len,
					    dg.data, dg.len);
				buf_free(&enc);
				buf_free(&dg);
				ike_msg_free(r);
			}
		}
		ike_act_log(e, NULL, IKE_LOG_DEBUG, "dropping datagram from "
		    "%s:%u: %s", IPS(ev->remote.ip), ev->remote.port,
		    err.why ? err.why : "undecodable");
		goto out;
	}
	response = ike_hdr_is_response(&m->hdr);
	if (m->hdr.exchange == IKE_EXCH_IKE_SA_INIT && !response) {
		if (ike_rules_check(m, &err) == -1) {
			e->stats.dropped++;
			ike_act_log(e, NULL, IKE_LOG_INFO, "dropping malformed "
			    "IKE_SA_INIT from %s: %s", IPS(ev->remote.ip),
			    err.why ? err.why : "rules");
			goto out;
		}
		/* RFC 7296 §2.6: no state until the stateless checks pass. */
		if ((sa = ex_init_admit(e, m, &ev->local, &ev->remote)) !=
		    NULL && (x = ike_exchange_of_request(m)) != NULL)
			x->process_r(sa, m);
		goto out;
	}
	/* The I flag says who sent it: its SPI is the sender's side. */
	mine_i = !ike_hdr_from_initiator(&m->hdr);
	spi = mine_i ? m->hdr.spi_i : m->hdr.spi_r;
	sa = ike_sa_by_spi(e, spi, mine_i);
	if (sa == NULL && !response && zombie_answer(e, m))
		goto out;
	if (sa == NULL || (m->hdr.exchange != IKE_EXCH_IKE_SA_INIT &&
	    (mine_i ? sa->spi_r : sa->spi_i) !=
	    (mine_i ? m->hdr.spi_r : m->hdr.spi_i))) {
		e->stats.dropped++;
		ike_act_log(e, NULL, IKE_LOG_DEBUG, "dropping %s from %s: no "
		    "IKE SA with SPI %016llx", ike_exchange_name(
		    m->hdr.exchange), IPS(ev->remote.ip),
		    (unsigned long long)spi);
		goto out;
	}
	if (response)
		input_response(sa, m, &ev->local, &ev->remote);
	else
		input_request(sa, m, &ev->local, &ev->remote);
	if (sa->state != IKE_SA_DEAD)
		ike_sa_kick(sa);
	ike_sa_rearm(sa);
out:
	ike_msg_free(m);
}

/*
 * Admin requests
 */

static int
targets(const struct ike_sa *sa, const struct ike_event *ev)
{
	if (sa->state == IKE_SA_DEAD)
		return 0;
	if (ev->sa_id)
		return sa->id == ev->sa_id;
	return sa->peer != NULL && (ev->peer_id == 0 ||
	    sa->peer->id == ev->peer_id);
}

/* The SA after sa among those an event may name: the one SA of its id,
 * its tunnel's SAs, or every SA. */
static struct ike_sa *
target_step(struct ike_sa *sa, const struct ike_event *ev)
{
	if (ev->sa_id)
		return NULL;
	if (ev->peer_id)
		return ike_sa_idx_next(sa, IKE_IDX_PEER);
	return sa->next;
}

/* sa, or the first one after it, that the event targets. */
static struct ike_sa *
target_from(struct ike_sa *sa, const struct ike_event *ev)
{
	for (; sa != NULL; sa = target_step(sa, ev))
		if (targets(sa, ev))
			return sa;
	return NULL;
}

static struct ike_sa *
target_first(struct ike_engine *e, const struct ike_event *ev)
{
	return target_from(ev->sa_id ? ike_sa_by_id(e, ev->sa_id) :
	    ev->peer_id ? ike_sa_idx_first(e, IKE_IDX_PEER, ev->peer_id) :
	    e->sas, ev);
}

/* Every live SA the event targets, newest first. */
#define FOREACH_TARGET(sa, e, ev)					\
	for ((sa) = target_first((e), (ev)); (sa) != NULL;		\
	    (sa) = target_from(target_step((sa), (ev)), (ev)))

static void
queue_task(struct ike_sa *sa, enum ike_task_type type, uint32_t child_id,
    int recreate)
{
	struct ike_task	*t;

	if (ike_sa_has_task(sa, type, child_id))
		return;
	if ((t = ike_task_new(type)) == NULL)
		return;
	t->child_id = child_id;
	t->recreate = recreate;
	ike_sa_queue(sa, t);
}

/* Tears an SA down: a Delete when it has keys, else at once. */
static void
terminate(struct ike_sa *sa)
{
	switch (sa->state) {
	case IKE_SA_ESTABLISHED:
	case IKE_SA_REKEYING:
	case IKE_SA_REKEYED:
		if (sa->req.active && sa->req.task != NULL &&
		    sa->req.task->type != IKE_TASK_IKE_DELETE) {
			/* Window 1: our Delete waits behind the request. */
			queue_task(sa, IKE_TASK_IKE_DELETE, 0, 0);
			return;
		}
		queue_task(sa, IKE_TASK_IKE_DELETE, 0, 0);
		return;
	case IKE_SA_DELETING:
		return;
	default:
		ike_sa_kill(sa, "terminated by the operator");
	}
}

static void
initiate(struct ike_engine *e, const struct ike_cfg_peer *peer, int force)
{
	struct ike_sa	*sa;

	if (!force)
		for (sa = ike_sa_idx_first(e, IKE_IDX_PEER, peer->id);
		    sa != NULL; sa = ike_sa_idx_next(sa, IKE_IDX_PEER)) {
			if (sa->state == IKE_SA_DEAD ||
			    sa->state == IKE_SA_DELETING ||
			    sa->state == IKE_SA_REKEYED)
				continue;
			/* Up without a Child SA (e.g. the peer deleted it). */
			if (ike_sa_is_up(sa) && ike_child_count(sa, 0) == 0)
				queue_task(sa, IKE_TASK_CHILD_CREATE, 0, 0);
			return;
		}
	ex_init_start(e, peer);
}

static void
input_admin(struct ike_engine *e, const struct ike_event *ev)
{
	const struct ike_cfg_peer *peer;
	struct ike_sa		*sa;
	struct ike_child	*c;
	size_t			 i;

	switch (ev->type) {
	case IKE_EV_INITIATE:
	case IKE_EV_CLEAR:
		if (ev->type == IKE_EV_CLEAR)
			FOREACH_TARGET(sa, e, ev)
				terminate(sa);
		if (ev->peer_id != 0) {
			if ((peer = ike_engine_peer(e, ev->peer_id)) != NULL)
				initiate(e, peer, ev->type == IKE_EV_CLEAR);
			break;
		}
		for (i = 0; i < e->cfg.n_peers; i++)
			initiate(e, &e->peers[i]->cfg,
			    ev->type == IKE_EV_CLEAR);
		break;
	case IKE_EV_TERMINATE:
		FOREACH_TARGET(sa, e, ev)
			terminate(sa);
		break;
	case IKE_EV_CLEAR_CHILD:
	case IKE_EV_REKEY_CHILD:
		FOREACH_TARGET(sa, e, ev) {
			if (!ike_sa_is_up(sa))
				continue;
			for (c = sa->children; c != NULL; c = c->next)
				if (c->state == IKE_CHILD_INSTALLED)
					queue_task(sa, ev->type ==
					    IKE_EV_REKEY_CHILD ?
					    IKE_TASK_CHILD_REKEY :
					    IKE_TASK_CHILD_DELETE, c->id,
					    ev->type == IKE_EV_CLEAR_CHILD);
		}
		break;
	case IKE_EV_REKEY_IKE:
		FOREACH_TARGET(sa, e, ev)
			if (sa->state == IKE_SA_ESTABLISHED)
				queue_task(sa, IKE_TASK_IKE_REKEY, 0, 0);
		break;
	case IKE_EV_DPD:
		FOREACH_TARGET(sa, e, ev)
			if (ike_sa_is_up(sa))
				queue_task(sa, IKE_TASK_DPD, 0, 0);
		break;
	default:
		break;
	}
}

/* Described in engine.h. */
int
ike_engine_input(struct ike_engine *e, uint64_t now,
    const struct ike_event *ev, struct ike_actions *out)
{
	struct ike_sa	*sa;
	int		 rc = 0;

	e->now = now;
	e->out = out;
	switch (ev->type) {
	case IKE_EV_DATAGRAM:
		input_datagram(e, ev);
		break;
	case IKE_EV_TIMER:
		if (ev->timer <= UINT32_MAX &&
		    (sa = ike_sa_by_id(e, (uint32_t)ev->timer)) != NULL) {
			sa->armed = 0;	/* it fired */
			ike_sa_timer(sa);
			ike_sa_rearm(sa);
		}
		break;
	case IKE_EV_INITIATE:
	case IKE_EV_TERMINATE:
	case IKE_EV_CLEAR:
	case IKE_EV_CLEAR_CHILD:
	case IKE_EV_REKEY_IKE:
	case IKE_EV_REKEY_CHILD:
	case IKE_EV_DPD:
		input_admin(e, ev);
		break;
	default:
		rc = -1;
	}
	/* Timers of the SAs it touched; the dead ones go. */
	ike_sa_flush(e);
	ike_engine_crypto_wipe(e);
	e->out = NULL;
	return rc;
}

/*
 * Snapshot
 */

static void
id_text(const struct ike_bytes *b, char *out, size_t len)
{
	if (b->len == 8 && b->p[0] == IKE_ID_IPV4_ADDR)
		snprintf(out, len, "%u.%u.%u.%u", b->p[4], b->p[5], b->p[6],
		    b->p[7]);
	else if (b->len > 4)
		snprintf(out, len, "(%s)", ike_id_type_name(b->p[0]));
	else
		snprintf(out, len, "%s", "");
}

static const char *
child_state_name(enum ike_child_state st)
{
	switch (st) {
	case IKE_CHILD_INSTALLED:
		return "INSTALLED";
	case IKE_CHILD_REKEYING:
		return "REKEYING";
	case IKE_CHILD_REKEYED:
		return "REKEYED";
	case IKE_CHILD_DELETING:
		return "DELETING";
	default:
		return "DEAD";
	}
}

/* Described in engine.h. */
int
ike_engine_snapshot(const struct ike_engine *e, struct ike_sa_info **out,
    size_t *n)
{
	static const struct ike_cfg_peer none;
	const struct ike_cfg_peer *p;
	const struct ike_sa	*sa;
	const struct ike_child	*c;
	struct ike_sa_info	*v, *i;
	size_t			 count = 0, k;

	*out = NULL;
	*n = 0;
	for (sa = e->sas; sa != NULL; sa = sa->next)
		if (sa->state != IKE_SA_DEAD)
			count++;
	if (count == 0)
		return 0;
	if ((v = calloc(count, sizeof(*v))) == NULL)
		return -1;
	i = v;
	for (sa = e->sas; sa != NULL; sa = sa->next) {
		if (sa->state == IKE_SA_DEAD)
			continue;
		p = sa->peer != NULL ? sa->peer : &none;
		i->id = sa->id;
		i->peer_id = p->id;
		snprintf(i->peer_name, sizeof(i->peer_name), "%s", p->name);
		i->local = sa->local;
		i->remote = sa->remote;
		i->state = sa->state;
		switch (sa->state) {
		case IKE_SA_ESTABLISHED:
		case IKE_SA_REKEYING:
			i->status = "READY";
			i->status_desc = "Negotiation done";
			break;
		case IKE_SA_REKEYED:
		case IKE_SA_DELETING:
			i->status = "DELETE";
			i->status_desc = "Deleting";
			break;
		default:
			i->status = "IN-NEG";
			i->status_desc = "Negotiating";
		}
		i->initiator = sa->initiator;
		i->suite = sa->suite;
		i->auth_local = p->auth_local == IKE_CFG_AUTH_PSK ?
		    IKE_AUTHM_SHARED_KEY_MIC : (uint8_t)p->auth_local;
		i->auth_remote = sa->auth_remote;
		if (sa->pki != NULL) {
			i->sig_local = sa->pki->sig_local;
			i->sig_remote = sa->pki->sig_remote;
			snprintf(i->peer_subject, sizeof(i->peer_subject),
			    "%s", sa->pki->subject);
		}
		i->lifetime = p->ike_lifetime ? p->ike_lifetime :
		    86400;
		i->created_ms = sa->created_ms;
		i->established_ms = sa->established_ms;
		i->rekey_ms = sa->rekey_ms;
		i->expire_ms = sa->expire_ms;
		i->spi_local = ike_sa_my_spi(sa);
		i->spi_remote = sa->initiator ? sa->spi_r : sa->spi_i;
		id_text(&sa->id_local, i->id_local, sizeof(i->id_local));
		id_text(&sa->id_remote, i->id_remote, sizeof(i->id_remote));
		i->natt = sa->natt;
		i->nat_local = sa->nat_local;
		i->nat_remote = sa->nat_remote;
		for (c = sa->children; c != NULL &&
		    i->n_children < IKE_INFO_CHILD_MAX; c = c->next) {
			struct ike_child_info *ci;

			ci = &i->children[i->n_children++];

			ci->id = c->id;
			ci->state = child_state_name(c->state);
			ci->spi_in = c->spi_in;
			ci->spi_out = c->spi_out;
			ci->encr = c->suite.encr;
			ci->encr_keylen = c->suite.encr_keylen;
			ci->integ = c->suite.integ;
			ci->pfs = c->suite.dh;
			ci->encap = c->encap;
			for (k = 0; k < c->n_ts_local && k < IKE_INFO_TS_MAX;
			    k++)
				ci->ts_local[k] = c->ts[k];
			ci->n_ts_local = (uint8_t)k;
			for (k = 0; k < c->n_ts_remote && k < IKE_INFO_TS_MAX;
			    k++)
				ci->ts_remote[k] = c->ts[c->n_ts_local + k];
			ci->n_ts_remote = (uint8_t)k;
			ci->lifetime = p->child_lifetime ?
			    p->child_lifetime : 3600;
			ci->installed_ms = c->installed_ms;
			ci->rekey_ms = c->rekey_ms;
			ci->expire_ms = c->expire_ms;
		}
		i++;
	}
	*out = v;
	*n = count;
	return 0;
}

/* Described in engine.h. */
void
ike_engine_counts(const struct ike_engine *e, struct ike_sa_counts *c)
{
	const struct ike_sa	*sa;

	memset(c, 0, sizeof(*c));
	for (sa = e->sas; sa != NULL; sa = sa->next)
		if (sa->state != IKE_SA_DEAD && sa->state < IKE_SA_STATE_MAX)
			c->n[sa->initiator != 0][sa->state]++;
}

/* Described in engine.h. */
void
ike_engine_stats(const struct ike_engine *e, struct ike_stats *st)
{
	*st = e->stats;
}
