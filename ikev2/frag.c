/*
 * IKE fragmentation (frag.h, RFC 7383): cutting our large protected
 * messages into SKF fragments, and reassembling the peer's within caps of
 * count, octets (per message and engine-wide) and time.  Beside sa.c in
 * the SA layer: sa.c sends through ike_frag_encode, engine.c routes
 * fragments here, and this file uses only the SA layer's key helper and
 * what the engine lends.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "ikev2/actions.h"
#include "ikev2/frag.h"

/* One message being put back together. */
struct ike_frag_rx {
	uint32_t		 msgid;
	uint8_t			 exchange;	/* and flags: every fragment
						 * of it has the same header */
	uint8_t			 flags;
	uint16_t		 total;
	uint16_t		 have;
	uint8_t			 first;		/* from fragment 1 */
	size_t			 bytes;		/* held, raw1 included */
	uint64_t		 deadline;
	struct ike_bytes	 raw1;		/* fragment 1's datagram */
	struct ike_bytes	 piece[];	/* total of them */
};

/* Described in engine.h. */
const char *
ike_frag_drop_name(enum ike_frag_drop d)
{
	static const char *const names[IKE_FRAGD_MAX] = {
		[IKE_FRAGD_MALFORMED] = "malformed",
		[IKE_FRAGD_UNSOLICITED] = "unsolicited",
		[IKE_FRAGD_RANGE] = "out of range",
		[IKE_FRAGD_DUPLICATE] = "duplicate",
		[IKE_FRAGD_TOTAL] = "other total",
		[IKE_FRAGD_ICV] = "integrity",
		[IKE_FRAGD_MEMORY] = "memory cap",
		[IKE_FRAGD_TIMEOUT] = "given up",
		[IKE_FRAGD_REASSEMBLY] = "reassembled undecodable",
	};

	return d < IKE_FRAGD_MAX ? names[d] : "?";
}

/* Described in frag.h. */
int
ike_frag_announce(struct ike_sa *sa, struct ike_msg *m)
{
	if (sa->eng->cfg.limits.frag_off || (!sa->initiator && !sa->frag))
		return 0;
	return ike_msg_add_notify(m, 0, NULL, 0,
	    IKE_N_IKEV2_FRAGMENTATION_SUPPORTED, NULL, 0) == NULL ? -1 : 0;
}

/* Described in frag.h. */
void
ike_frag_seen(struct ike_sa *sa, const struct ike_msg *m)
{
	sa->frag = !sa->eng->cfg.limits.frag_off &&
	    ike_msg_notify(m, IKE_N_IKEV2_FRAGMENTATION_SUPPORTED) != NULL;
}

/* Described in frag.h. */
uint32_t
ike_frag_size(const struct ike_engine *e)
{
	uint32_t	s = e->cfg.limits.frag_size;

	if (s == 0)
		return IKE_FRAG_SIZE_DEFAULT;
	return s < IKE_FRAG_SIZE_MIN ? IKE_FRAG_SIZE_MIN : s;
}

static uint32_t
lim(uint32_t v, uint32_t def)
{
	return v ? v : def;
}

/* Described in frag.h. */
int
ike_frag_wanted(const struct ike_sa *sa, const struct ike_msg *m, size_t len)
{
	return sa->frag && !sa->eng->cfg.limits.frag_off &&
	    m->hdr.exchange != IKE_EXCH_IKE_SA_INIT &&
	    len + IKE_FRAG_IPUDP > ike_frag_size(sa->eng);
}

/* Described in frag.h. */
int
ike_frag_encode(struct ike_sa *sa, const struct ike_msg *m,
    const struct ike_sk_keys *k, size_t mk, struct buf *train, size_t *n)
{
	struct ike_engine	*e = sa->eng;
	struct buf		 chain = { 0 }, one = { 0 };
	struct ike_derr		 err;
	uint8_t			 iv[IKE_ENCR_MAX_IV], first;
	size_t			 piece, total, i, off, len, ivlen;
	int			 rc = -1;

	*n = 0;
	ivlen = ike_sk_iv_len(k);
	/* What of the path's packet is left for one SKF message. */
	piece = ike_skf_max_plain(k, ike_frag_size(e) - IKE_FRAG_IPUDP - mk);
	if (piece == 0 || ivlen > sizeof(iv) ||
	    ike_msg_encode_chain(m, &chain, &first, &err) == -1)
		goto out;
	total = (chain.len + piece - 1) / piece;
	if (total == 0)
		total = 1;
	if (total > UINT16_MAX)
		goto out;
	for (i = 0; i < total; i++) {
		off = i * piece;
		len = chain.len - off < piece ? chain.len - off : piece;
		buf_reset(&one);
		if (ike_rand(e, IKE_RAND_IV, iv, ivlen) == -1 ||
		    ike_skf_protect(&m->hdr, first, (uint16_t)(i + 1),
		    (uint16_t)total, chain.data + off, len, k, iv, ivlen, &one,
		    &err) == -1 ||
		    ike_train_add(train, mk, one.data, one.len) == -1)
			goto out;
	}
	*n = total;
	rc = 0;
out:
	buf_free(&chain);	/* wipes the plaintext */
	buf_free(&one);
	return rc;
}

static void
rx_release(struct ike_engine *e, struct ike_frag_rx *rx)
{
	uint16_t	i;

	for (i = 0; i < rx->total; i++)
		ike_bytes_free(&rx->piece[i]);
	ike_bytes_free(&rx->raw1);
	e->frag_mem -= rx->bytes < e->frag_mem ? rx->bytes : e->frag_mem;
	free(rx);
}

/* Gives up a reassembly: what it held counts as dropped. */
static void
rx_abandon(struct ike_sa *sa, int dir, const char *why)
{
	struct ike_engine	*e = sa->eng;
	struct ike_frag_rx	*rx = sa->frag_rx[dir];

	if (rx == NULL)
		return;
	e->stats.frag_drop[IKE_FRAGD_TIMEOUT] += rx->have;
	ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: giving up message %u "
	    "with %u of %u fragments: %s", sa->id, rx->msgid, rx->have,
	    rx->total, why);
	sa->frag_rx[dir] = NULL;
	rx_release(e, rx);
}

/* Described in frag.h. */
void
ike_frag_rx_free(struct ike_sa *sa, int response)
{
	struct ike_frag_rx	*rx = sa->frag_rx[response != 0];

	if (rx == NULL)
		return;
	sa->frag_rx[response != 0] = NULL;
	rx_release(sa->eng, rx);
}

/* Described in frag.h. */
uint64_t
ike_frag_deadline(const struct ike_sa *sa)
{
	uint64_t	at = 0;
	int		i;

	for (i = 0; i < 2; i++)
		if (sa->frag_rx[i] != NULL && (at == 0 ||
		    sa->frag_rx[i]->deadline < at))
			at = sa->frag_rx[i]->deadline;
	return at;
}

/* Described in frag.h. */
void
ike_frag_expire(struct ike_sa *sa)
{
	int	i;

	for (i = 0; i < 2; i++)
		if (sa->frag_rx[i] != NULL &&
		    sa->frag_rx[i]->deadline <= sa->eng->now)
			rx_abandon(sa, i, "not completed in time");
}

static struct ike_msg *
drop(struct ike_sa *sa, const struct ike_msg *m, enum ike_frag_drop why,
    const char *text)
{
	struct ike_engine	*e = sa->eng;

	e->stats.frag_drop[why]++;
	e->stats.dropped++;
	ike_act_log(e, sa, IKE_LOG_DEBUG, "IKE SA %u: dropping fragment %u/%u "
	    "of %s %s %u: %s", sa->id, m->skf.number, m->skf.total,
	    ike_exchange_name(m->hdr.exchange),
	    ike_hdr_is_response(&m->hdr) ? "response" : "request",
	    m->hdr.msgid, text);
	return NULL;
}

static struct ike_frag_rx *
rx_new(const struct ike_msg *m, uint64_t deadline)
{
	struct ike_frag_rx	*rx;

	rx = calloc(1, sizeof(*rx) + m->skf.total * sizeof(rx->piece[0]));
	if (rx == NULL)
		return NULL;
	rx->msgid = m->hdr.msgid;
	rx->exchange = m->hdr.exchange;
	rx->flags = m->hdr.flags;
	rx->total = m->skf.total;
	rx->deadline = deadline;
	return rx;
}

/* The message the held fragments make (all present), or NULL: its
 * plaintext chain decoded into the message's arena as an opened SK's. */
static struct ike_msg *
rx_whole(struct ike_sa *sa, struct ike_frag_rx *rx, const struct ike_msg *m)
{
	struct ike_engine	*e = sa->eng;
	struct ike_msg		*w;
	struct ike_derr		 err;
	struct buf		 b = { 0 };
	uint8_t			*raw;
	const char		*why = "out of memory";
	uint16_t		 i;

	if ((w = ike_msg_new()) == NULL)
		return NULL;
	if ((raw = ike_msg_dup(w, rx->raw1.p, rx->raw1.len)) == NULL)
		goto fail;
	w->hdr = m->hdr;
	w->hdr.next = IKE_PL_SK;
	w->hdr.length = (uint32_t)rx->raw1.len;
	w->raw = raw;
	w->rawlen = rx->raw1.len;
	w->has_sk = 1;
	w->sk_open = 1;
	w->sk.first = rx->first;
	for (i = 0; i < rx->total; i++)
		buf_add(&b, rx->piece[i].p, rx->piece[i].len);
	if (b.oom)
		goto fail;
	if (ike_msg_decode_inner(w, b.data, b.len, rx->first, &err) == -1) {
		why = err.why ? err.why : "malformed";
		goto fail;
	}
	buf_free(&b);		/* wipes the plaintext */
	return w;
fail:
	buf_free(&b);
	e->stats.frag_drop[IKE_FRAGD_REASSEMBLY]++;
	e->stats.dropped++;
	ike_act_log(e, sa, IKE_LOG_INFO, "IKE SA %u: message %u reassembled "
	    "from %u fragments is unusable: %s", sa->id, rx->msgid, rx->total,
	    why);
	ike_msg_free(w);
	return NULL;
}

/* Described in frag.h. */
struct ike_msg *
ike_frag_input(struct ike_sa *sa, struct ike_msg *m, int response)
{
	struct ike_engine	*e = sa->eng;
	const struct ike_pl_skf	*f = &m->skf;
	struct ike_frag_rx	*rx;
	struct ike_msg		*w;
	struct ike_derr		 err;
	const uint8_t		*plain;
	size_t			 len, cost;
	uint32_t		 max_n = lim(e->cfg.limits.frag_max,
				    IKE_FRAG_MAX_DEFAULT);
	uint32_t		 max_b = lim(e->cfg.limits.frag_msg_bytes,
				    IKE_FRAG_MSG_DEFAULT);
	uint32_t		 max_mem = lim(e->cfg.limits.frag_mem,
				    IKE_FRAG_MEM_DEFAULT);
	int			 dir = response != 0;

	if (!sa->frag || e->cfg.limits.frag_off)
		return drop(sa, m, IKE_FRAGD_UNSOLICITED, "fragmentation was "
		    "not negotiated");
	if (f->number == 0 || f->total == 0 || f->number > f->total ||
	    f->total > max_n)
		return drop(sa, m, IKE_FRAGD_RANGE, "fragment number or total "
		    "out of range");
	ike_frag_expire(sa);
	rx = sa->frag_rx[dir];
	if (rx != NULL && rx->msgid != m->hdr.msgid) {
		rx_abandon(sa, dir, "a fragment of another message came");
		rx = NULL;
	}
	if (rx != NULL && (m->hdr.exchange != rx->exchange ||
	    m->hdr.flags != rx->flags))
		return drop(sa, m, IKE_FRAGD_MALFORMED, "exchange or flags "
		    "differ from the fragments held");
	if (rx != NULL && f->total < rx->total)
		return drop(sa, m, IKE_FRAGD_TOTAL, "fewer Total Fragments "
		    "than the ones held");
	if (rx != NULL && f->total == rx->total &&
	    rx->piece[f->number - 1].p != NULL)
		return drop(sa, m, IKE_FRAGD_DUPLICATE, "already held");
	/* Nothing is kept, or thrown away, for a fragment that does not
	 * verify. */
	if (ike_sa_unprotect_frag(sa, m, &plain, &len, &err) == -1)
		return drop(sa, m, err.code == IKE_DERR_DROP ||
		    err.code == IKE_DERR_NOMEM ? IKE_FRAGD_ICV :
		    IKE_FRAGD_MALFORMED, err.why ? err.why : "cannot open it");
	if (len == 0)
		return drop(sa, m, IKE_FRAGD_MALFORMED, "no plaintext in it");
	if (rx != NULL && f->total > rx->total) {
		/* RFC 7383: the sender cut it again, smaller: anew. */
		rx_abandon(sa, dir, "the peer fragmented it again");
		rx = NULL;
	}
	cost = len + (f->number == 1 ? m->rawlen : 0);
	if ((rx != NULL ? rx->bytes : 0) + cost > max_b) {
		if (rx != NULL)
			rx_abandon(sa, dir, "message larger than we "
			    "reassemble");
		return drop(sa, m, IKE_FRAGD_MEMORY, "message larger than we "
		    "reassemble");
	}
	if (e->frag_mem + cost > max_mem)
		return drop(sa, m, IKE_FRAGD_MEMORY, "reassembly memory of "
		    "all IKE SAs full");
	if (rx == NULL) {
		if ((rx = rx_new(m, e->now + 1000ull * lim(
		    e->cfg.limits.frag_timeout, IKE_FRAG_TIMEOUT_DEFAULT))) ==
		    NULL)
			return drop(sa, m, IKE_FRAGD_MEMORY, "out of memory");
		sa->frag_rx[dir] = rx;
	}
	if (ike_bytes_set(&rx->piece[f->number - 1], plain, len) == -1 ||
	    (f->number == 1 && ike_bytes_set(&rx->raw1, m->raw,
	    m->rawlen) == -1)) {
		ike_bytes_free(&rx->piece[f->number - 1]);
		return drop(sa, m, IKE_FRAGD_MEMORY, "out of memory");
	}
	if (f->number == 1)
		rx->first = f->first;
	rx->bytes += cost;
	e->frag_mem += cost;
	rx->have++;
	e->stats.frag_kept++;
	ike_sa_rearm(sa);		/* its deadline */
	if (rx->have < rx->total)
		return NULL;
	w = rx_whole(sa, rx, m);
	ike_frag_rx_free(sa, dir);
	if (w != NULL) {
		e->stats.frag_reassembled++;
		ike_act_log(e, sa, IKE_LOG_DEBUG, "IKE SA %u: %s %s %u "
		    "reassembled from %u fragments", sa->id,
		    ike_exchange_name(w->hdr.exchange),
		    dir ? "response" : "request", w->hdr.msgid, f->total);
	}
	return w;
}
