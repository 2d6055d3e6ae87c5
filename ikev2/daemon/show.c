/*
 * The control requests after HELLO: the commit notification (reconcile
 * and say what was applied), the live show requests (one engine snapshot
 * turned into the records cli/show_live.h defines; the shell renders
 * them), and the clear requests.  Every parameter is checked; a bad one
 * gets CTL_ST_BAD_REQUEST, never a crash.
 */
#include "config.h"

#include <arpa/inet.h>
#include <malloc.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/show_live.h"
#include "ikev2/daemon/daemon.h"
#include "ikev2/daemon/log.h"
#include "ikev2/ts.h"
#include "platform/dp_none.h"

/* A snapshot with the SAs bucketed by tunnel. */
struct snap {
	struct ike_sa_info	*v;
	size_t			 n;
	uint64_t		 now;
};

static int
snap_take(struct dmn *d, struct snap *s)
{
	memset(s, 0, sizeof(*s));
	s->now = dmn_now();
	return ike_engine_snapshot(d->eng, &s->v, &s->n);
}

static uint32_t
secs_until(uint64_t at, uint64_t now)
{
	return at > now ? (uint32_t)((at - now + 999) / 1000) : 0;
}

static const char *
ip(struct in_addr a, char *buf)
{
	inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
	return buf;
}

/* Adds the "ike-sa" fields of one IKE SA to r; 0 or -1. */
static int
ike_fields(struct ctl_rec *r, const struct ike_sa_info *i, uint64_t now,
    int children)
{
	char			 a[INET_ADDRSTRLEN], sel[96];
	const struct ike_child_info *c;
	struct ctl_rec		*cr;
	size_t			 k, j;
	int			 rc = 0;

	rc |= ctl_rec_add_u32(r, SL_IKE_SA_ID, i->id);
	rc |= ctl_rec_add_str(r, SL_LOCAL, ip(i->local.ip, a));
	rc |= ctl_rec_add_u32(r, SL_LOCAL_PORT, i->local.port);
	rc |= ctl_rec_add_str(r, SL_REMOTE, ip(i->remote.ip, a));
	rc |= ctl_rec_add_u32(r, SL_REMOTE_PORT, i->remote.port);
	rc |= ctl_rec_add_str(r, SL_IKE_STATUS, i->status);
	rc |= ctl_rec_add_str(r, SL_IKE_STATUS_DESC, i->status_desc);
	rc |= ctl_rec_add_str(r, SL_ROLE, i->initiator ? "Initiator" :
	    "Responder");
	rc |= ctl_rec_add_u32(r, SL_ENCR, i->suite.encr);
	rc |= ctl_rec_add_u32(r, SL_ENCR_KEYLEN, i->suite.encr_keylen);
	rc |= ctl_rec_add_u32(r, SL_PRF, i->suite.prf);
	rc |= ctl_rec_add_u32(r, SL_INTEG, i->suite.integ);
	rc |= ctl_rec_add_u32(r, SL_DH_GROUP, i->suite.dh);
	rc |= ctl_rec_add_u32(r, SL_AUTH_LOCAL, i->auth_local);
	rc |= ctl_rec_add_u32(r, SL_AUTH_REMOTE, i->auth_remote);
	rc |= ctl_rec_add_u32(r, SL_LIFETIME, i->lifetime);
	rc |= ctl_rec_add_u32(r, SL_ACTIVE_TIME, i->established_ms != 0 &&
	    now > i->established_ms ?
	    (uint32_t)((now - i->established_ms) / 1000) : 0);
	rc |= ctl_rec_add_u64(r, SL_LOCAL_SPI, i->spi_local);
	rc |= ctl_rec_add_u64(r, SL_REMOTE_SPI, i->spi_remote);
	rc |= ctl_rec_add_str(r, SL_LOCAL_ID, i->id_local);
	rc |= ctl_rec_add_str(r, SL_REMOTE_ID, i->id_remote);
	for (k = 0; children && k < i->n_children; k++) {
		c = &i->children[k];
		if ((cr = ctl_rec_add_rec(r, SL_CHILD_SA)) == NULL)
			return -1;
		rc |= ctl_rec_add_u32(cr, SL_SA_ID, c->id);
		for (j = 0; j < c->n_ts_local; j++) {
			ike_ts_str(&c->ts_local[j], sel, sizeof(sel));
			rc |= ctl_rec_add_str(cr, SL_LOCAL_SEL, sel);
		}
		for (j = 0; j < c->n_ts_remote; j++) {
			ike_ts_str(&c->ts_remote[j], sel, sizeof(sel));
			rc |= ctl_rec_add_str(cr, SL_REMOTE_SEL, sel);
		}
		rc |= ctl_rec_add_u32(cr, SL_SPI_IN, c->spi_in);
		rc |= ctl_rec_add_u32(cr, SL_SPI_OUT, c->spi_out);
		rc |= ctl_rec_add_u32(cr, SL_ENCR, c->encr);
		rc |= ctl_rec_add_u32(cr, SL_ENCR_KEYLEN, c->encr_keylen);
		rc |= ctl_rec_add_u32(cr, SL_INTEG, c->integ);
		rc |= ctl_rec_add_u32(cr, SL_PFS, c->pfs);
	}
	return rc ? -1 : 0;
}

static int
is_ready(const struct ike_sa_info *i)
{
	return i->state == IKE_SA_ESTABLISHED || i->state == IKE_SA_REKEYING;
}

/* Sends r (consumed) as one record; 0 or -1. */
static int
send_rec(struct dmn_conn *c, uint32_t seq, struct ctl_rec *r)
{
	int	rc = r != NULL ? dmn_reply_rec(c, seq, r) : -1;

	ctl_rec_free(r);
	return rc;
}

/*
 * show ikev2 session
 */

static void
show_session(struct dmn *d, struct dmn_conn *c, uint32_t seq)
{
	struct snap		 s;
	struct ctl_rec		*r, *ike;
	const struct dmn_tunnel	*t;
	uint32_t		 ikes, children;
	size_t			 i, k;
	int			 ready, active, err = 0;

	if (snap_take(d, &s) == -1) {
		(void)dmn_reply_end(c, seq, CTL_ST_INTERNAL, "out of memory");
		return;
	}
	for (i = 0; i < d->n_tunnels && !err; i++) {
		t = d->tunnels[i];
		ikes = children = 0;
		ready = active = 0;
		for (k = 0; k < s.n; k++) {
			if (s.v[k].peer_id != t->id)
				continue;
			ikes++;
			children += (uint32_t)s.v[k].n_children;
			if (is_ready(&s.v[k])) {
				ready = 1;
				if (s.v[k].n_children > 0)
					active = 1;
			}
		}
		if ((r = ctl_rec_new()) == NULL) {
			err = 1;
			break;
		}
		err |= ctl_rec_add_u32(r, SL_SESSION_ID, t->id) != 0;
		err |= ctl_rec_add_str(r, SL_TUNNEL, t->name) != 0;
		err |= ctl_rec_add_str(r, SL_STATUS, active ? "UP-ACTIVE" :
		    ready ? "UP-IDLE" : ikes > 0 ? "DOWN-NEGOTIATING" :
		    "DOWN") != 0;
		err |= ctl_rec_add_u32(r, SL_IKE_COUNT, ikes) != 0;
		err |= ctl_rec_add_u32(r, SL_CHILD_COUNT, children) != 0;
		for (k = 0; k < s.n && !err; k++) {
			if (s.v[k].peer_id != t->id)
				continue;
			if ((ike = ctl_rec_add_rec(r, SL_IKE_SA)) == NULL ||
			    ike_fields(ike, &s.v[k], s.now, 1) == -1)
				err = 1;
		}
		if (err || send_rec(c, seq, r) == -1) {
			if (err)
				ctl_rec_free(r);
			err = 1;
		}
	}
	free(s.v);
	(void)dmn_reply_end(c, seq, err ? CTL_ST_INTERNAL : CTL_ST_OK,
	    err ? "out of memory" : NULL);
}

/*
 * show ikev2 sa
 */

static void
show_ike_sa(struct dmn *d, struct dmn_conn *c, uint32_t seq)
{
	struct snap		 s;
	struct ctl_rec		*r;
	const struct dmn_tunnel	*t;
	size_t			 k;
	int			 err = 0;

	if (snap_take(d, &s) == -1) {
		(void)dmn_reply_end(c, seq, CTL_ST_INTERNAL, "out of memory");
		return;
	}
	for (k = 0; k < s.n && !err; k++) {
		t = dmn_tunnel_by_id(d, s.v[k].peer_id);
		if ((r = ctl_rec_new()) == NULL ||
		    ike_fields(r, &s.v[k], s.now, 0) == -1 ||
		    ctl_rec_add_u32(r, SL_SESSION_ID, s.v[k].peer_id) == -1 ||
		    ctl_rec_add_str(r, SL_TUNNEL, t != NULL ? t->name :
		    s.v[k].peer_name) == -1) {
			ctl_rec_free(r);
			err = 1;
			break;
		}
		err = send_rec(c, seq, r) == -1;
	}
	free(s.v);
	(void)dmn_reply_end(c, seq, err ? CTL_ST_INTERNAL : CTL_ST_OK,
	    err ? "out of memory" : NULL);
}

/*
 * show ikev2 summary, show ikev2 statistics
 */

/* SAs of one role up (as is_ready() says) or still negotiating. */
static uint32_t
count_of(const struct ike_sa_counts *n, int initiator, int ready)
{
	const size_t	*v = n->n[initiator];

	return (uint32_t)(ready ? v[IKE_SA_ESTABLISHED] + v[IKE_SA_REKEYING] :
	    v[IKE_SA_NEW] + v[IKE_SA_INIT_SENT] + v[IKE_SA_HALF_OPEN] +
	    v[IKE_SA_AUTH_SENT]);
}

/* Counts only: no snapshot of every SA (a poller asks often). */
static void
show_summary(struct dmn *d, struct dmn_conn *c, uint32_t seq)
{
	struct ike_sa_counts	 n;
	struct ctl_rec		*r;
	uint32_t		 oa, on, ia, in;

	if ((r = ctl_rec_new()) == NULL) {
		(void)dmn_reply_end(c, seq, CTL_ST_INTERNAL, "out of memory");
		return;
	}
	ike_engine_counts(d->eng, &n);
	oa = count_of(&n, 1, 1);
	on = count_of(&n, 1, 0);
	ia = count_of(&n, 0, 1);
	in = count_of(&n, 0, 0);
	if (ctl_rec_add_u32(r, SL_OUT_ACTIVE, oa) == -1 ||
	    ctl_rec_add_u32(r, SL_OUT_NEG, on) == -1 ||
	    ctl_rec_add_u32(r, SL_IN_ACTIVE, ia) == -1 ||
	    ctl_rec_add_u32(r, SL_IN_NEG, in) == -1 ||
	    send_rec(c, seq, r) == -1) {
		(void)dmn_reply_end(c, seq, CTL_ST_INTERNAL, "out of memory");
		return;
	}
	(void)dmn_reply_end(c, seq, CTL_ST_OK, NULL);
}

static void
show_statistics(struct dmn *d, struct dmn_conn *c, uint32_t seq)
{
	static const char *const exch[4] = { "IKE_SA_INIT", "IKE_AUTH",
	    "CREATE_CHILD_SA", "INFORMATIONAL" };
	struct ike_stats	 st;
	struct mallinfo2	 mi = mallinfo2();
	struct ctl_rec		*r, *x;
	uint64_t		 vals[15];
	size_t			 i;
	int			 rc = 0;

	ike_engine_stats(d->eng, &st);
	if ((r = ctl_rec_new()) == NULL) {
		(void)dmn_reply_end(c, seq, CTL_ST_INTERNAL, "out of memory");
		return;
	}
	for (i = 0; i < 4; i++) {
		if ((x = ctl_rec_add_rec(r, SL_EXCHANGE)) == NULL) {
			rc = -1;
			break;
		}
		rc |= ctl_rec_add_str(x, SL_NAME, exch[i]);
		rc |= ctl_rec_add_u64(x, SL_SENT, st.exch_init[i]);
		rc |= ctl_rec_add_u64(x, SL_RECEIVED, st.exch_resp[i]);
	}
	/* In the order of sl_ike_counters[]. */
	vals[0] = st.retransmits;
	vals[1] = st.resp_resent;
	vals[2] = st.dropped + d->stats.garbage;
	vals[3] = st.cookies_sent;
	vals[4] = st.invalid_ke_sent;
	vals[5] = st.ike_up;
	vals[6] = st.child_up;
	vals[7] = st.ike_rekeys;
	vals[8] = st.child_rekeys;
	vals[9] = st.half_open;
	vals[10] = d->stats.rx;
	vals[11] = d->stats.tx;
	vals[12] = d->stats.tx_errors;
	vals[13] = d->stats.esp_rx;
	vals[14] = mi.uordblks + mi.hblkhd;
	for (i = 0; i < sl_ike_ncounters && i < 15; i++)
		rc |= ctl_rec_add_u64(r, sl_ike_counters[i].field, vals[i]);
	for (i = IKE_FAIL_NONE + 1; i < IKE_FAIL_MAX; i++) {
		if ((x = ctl_rec_add_rec(r, SL_FAILURE)) == NULL) {
			rc = -1;
			break;
		}
		rc |= ctl_rec_add_str(x, SL_REASON, ike_fail_name(i));
		rc |= ctl_rec_add_u64(x, SL_COUNT, st.fail[i]);
	}
	if (rc != 0 || send_rec(c, seq, r) == -1) {
		if (rc != 0)
			ctl_rec_free(r);
		(void)dmn_reply_end(c, seq, CTL_ST_INTERNAL, "out of memory");
		return;
	}
	(void)dmn_reply_end(c, seq, CTL_ST_OK, NULL);
}

/*
 * show ipsec sa, show ipsec dataplane
 */

static int
ipsec_dir(struct dmn *d, struct ctl_rec *r, const char *name,
    const struct ike_child_info *ci, struct in_addr dst, uint32_t spi,
    uint64_t now)
{
	struct ctl_rec		*x = ctl_rec_add_rec(r, name);
	struct dp_sa_stats	 st;
	struct dp_sa_key	 k;
	uint64_t		 rekey = ci->rekey_ms ? ci->rekey_ms :
				    ci->expire_ms;
	int			 rc = 0;

	if (x == NULL)
		return -1;
	memset(&st, 0, sizeof(st));
	k.dst = dst;
	k.spi = spi;
	k.proto = DP_PROTO_ESP;
	if (d->dp->query_sa != NULL)
		(void)d->dp->query_sa(d->dp, &k, &st, NULL, 0);
	rc |= ctl_rec_add_u32(x, SL_SPI, spi);
	rc |= ctl_rec_add_u32(x, SL_ENCR, ci->encr);
	rc |= ctl_rec_add_u32(x, SL_ENCR_KEYLEN, ci->encr_keylen);
	rc |= ctl_rec_add_u32(x, SL_INTEG, ci->integ);
	rc |= ctl_rec_add_u32(x, SL_REKEY_IN, secs_until(rekey, now));
	rc |= ctl_rec_add_u32(x, SL_EXPIRE_IN, secs_until(ci->expire_ms, now));
	rc |= ctl_rec_add_u32(x, SL_LIFETIME, ci->lifetime);
	rc |= ctl_rec_add_u64(x, SL_BYTES, st.bytes);
	rc |= ctl_rec_add_u64(x, SL_PACKETS, st.packets);
	rc |= ctl_rec_add_u64(x, SL_ERRORS, st.errors);
	rc |= ctl_rec_add_u64(x, SL_REPLAY_DROPS, st.replay_drops);
	return rc ? -1 : 0;
}

static void
show_ipsec_sa(struct dmn *d, struct dmn_conn *c, uint32_t seq,
    const struct ctl_rec *req)
{
	const char		*ifname = ctl_rec_str(req, CTL_K_INTERFACE);
	struct snap		 s;
	struct ctl_rec		*r;
	const struct dmn_tunnel	*t;
	const struct ike_child_info *ci;
	char			 a[INET_ADDRSTRLEN];
	size_t			 i, k, j;
	int			 err = 0;

	if (ifname != NULL && dmn_tunnel_by_name(d, ifname) == NULL) {
		(void)dmn_reply_end(c, seq, CTL_ST_NOT_FOUND,
		    "no IPsec tunnel interface by that name");
		return;
	}
	if (snap_take(d, &s) == -1) {
		(void)dmn_reply_end(c, seq, CTL_ST_INTERNAL, "out of memory");
		return;
	}
	for (i = 0; i < d->n_tunnels && !err; i++) {
		t = d->tunnels[i];
		if (ifname != NULL && strcmp(ifname, t->name) != 0)
			continue;
		for (k = 0; k < s.n && !err; k++) {
			if (s.v[k].peer_id != t->id)
				continue;
			for (j = 0; j < s.v[k].n_children && !err; j++) {
				ci = &s.v[k].children[j];
				if ((r = ctl_rec_new()) == NULL) {
					err = 1;
					break;
				}
				err |= ctl_rec_add_str(r, SL_INTERFACE,
				    t->name) != 0;
				err |= ctl_rec_add_u32(r, SL_IF_HANDLE,
				    if_nametoindex(t->name)) != 0;
				err |= ctl_rec_add_u32(r, SL_SA_ID,
				    ci->id) != 0;
				err |= ctl_rec_add_str(r, SL_STATE,
				    ci->state != NULL ? ci->state : "") != 0;
				err |= ctl_rec_add_str(r, SL_LOCAL,
				    ip(s.v[k].local.ip, a)) != 0;
				err |= ctl_rec_add_str(r, SL_REMOTE,
				    ip(s.v[k].remote.ip, a)) != 0;
				err |= ctl_rec_add_u32(r, SL_ENCAP,
				    (uint32_t)ci->encap) != 0;
				err |= ctl_rec_add_u32(r, SL_PFS, ci->pfs) != 0;
				err |= ipsec_dir(d, r, SL_IN, ci,
				    s.v[k].local.ip, ci->spi_in, s.now) != 0;
				err |= ipsec_dir(d, r, SL_OUT, ci,
				    s.v[k].remote.ip, ci->spi_out, s.now) != 0;
				if (err)
					ctl_rec_free(r);
				else
					err = send_rec(c, seq, r) == -1;
			}
		}
	}
	free(s.v);
	(void)dmn_reply_end(c, seq, err ? CTL_ST_INTERNAL : CTL_ST_OK,
	    err ? "out of memory" : NULL);
}

static void
show_dataplane(struct dmn *d, struct dmn_conn *c, uint32_t seq)
{
	struct dp_none_counts	 n;
	struct ctl_rec		*r;

	dp_none_counts(d->dp, &n);
	if ((r = ctl_rec_new()) == NULL ||
	    ctl_rec_add_str(r, SL_BACKEND, d->dp->name) == -1 ||
	    ctl_rec_add_str(r, SL_REASON, d->dp_reason) == -1 ||
	    ctl_rec_add_u32(r, SL_TUNNELS, (uint32_t)n.tunnels) == -1 ||
	    ctl_rec_add_u32(r, SL_CHILD_SAS, (uint32_t)(n.sas / 2)) == -1 ||
	    ctl_rec_add_u64(r, SL_ESP_RECEIVED, d->stats.esp_rx) == -1 ||
	    ctl_rec_add_u64(r, SL_ESP_DROPPED, d->stats.esp_dropped) == -1) {
		ctl_rec_free(r);
		(void)dmn_reply_end(c, seq, CTL_ST_INTERNAL, "out of memory");
		return;
	}
	(void)send_rec(c, seq, r);
	(void)dmn_reply_end(c, seq, CTL_ST_OK, NULL);
}

/*
 * clear ikev2 sa, clear ipsec sa
 */

static void
clear_ike(struct dmn *d, struct dmn_conn *c, uint32_t seq,
    const struct ctl_rec *req)
{
	const char		*remote = ctl_rec_str(req, CTL_K_REMOTE);
	struct in_addr		 a;
	struct snap		 s;
	struct ike_sa_counts	 cnt;
	size_t			 k, i, n = 0, tunnels = 0;

	if (remote != NULL && inet_pton(AF_INET, remote, &a) != 1) {
		(void)dmn_reply_end(c, seq, CTL_ST_BAD_REQUEST,
		    "remote must be an IPv4 address");
		return;
	}
	memset(&s, 0, sizeof(s));
	/* All of them: counting is enough (no copy of every SA). */
	if (remote != NULL && snap_take(d, &s) == -1) {
		(void)dmn_reply_end(c, seq, CTL_ST_INTERNAL, "out of memory");
		return;
	}
	if (remote == NULL) {
		ike_engine_counts(d->eng, &cnt);
		for (k = 0; k < IKE_SA_STATE_MAX; k++)
			n += cnt.n[0][k] + cnt.n[1][k];
		dmn_log(DMN_LOG_INFO, "clear ikev2 sa: all %zu IKE SA(s)", n);
		/* Delete everything, then set every tunnel up again through
		 * the initiation window (not all at once).  One event per
		 * tunnel, so the actions of one are done before the next
		 * (a single event for thousands of SAs would build all
		 * their Deletes at once); then one for SAs of no tunnel. */
		for (i = 0; i < d->n_tunnels; i++)
			dmn_engine_admin(d, IKE_EV_TERMINATE,
			    d->tunnels[i]->id, 0);
		dmn_engine_admin(d, IKE_EV_TERMINATE, 0, 0);
		for (i = 0; i < d->n_tunnels; i++)
			if (d->tunnels[i]->ok) {
				dmn_initiate_forget(d, d->tunnels[i]);
				dmn_initiate(d, d->tunnels[i]);
			}
	} else {
		/* Tunnels to that peer are torn down and initiated again;
		 * other SAs with it are just deleted. */
		for (k = 0; k < s.n; k++) {
			if (s.v[k].remote.ip.s_addr != a.s_addr)
				continue;
			n++;
			if (dmn_tunnel_by_id(d, s.v[k].peer_id) == NULL)
				dmn_engine_admin(d, IKE_EV_TERMINATE, 0,
				    s.v[k].id);
		}
		for (i = 0; i < d->n_tunnels; i++)
			if (d->tunnels[i]->ok &&
			    d->tunnels[i]->remote.s_addr == a.s_addr) {
				tunnels++;
				dmn_engine_admin(d, IKE_EV_CLEAR,
				    d->tunnels[i]->id, 0);
			}
		dmn_log(DMN_LOG_INFO, "clear ikev2 sa remote %s: %zu IKE "
		    "SA(s)", remote, n);
	}
	free(s.v);
	if (remote != NULL && n == 0 && tunnels == 0) {
		(void)dmn_reply_end(c, seq, CTL_ST_NOT_FOUND,
		    "no IKE SA with that peer");
		return;
	}
	/* Like IOS XR's clear commands: success says nothing. */
	(void)dmn_reply_end(c, seq, CTL_ST_OK, NULL);
}

static void
clear_ipsec(struct dmn *d, struct dmn_conn *c, uint32_t seq,
    const struct ctl_rec *req)
{
	const char		*ifname = ctl_rec_str(req, CTL_K_INTERFACE);
	const struct dmn_tunnel	*t = NULL;

	if (ifname != NULL && (t = dmn_tunnel_by_name(d, ifname)) == NULL) {
		(void)dmn_reply_end(c, seq, CTL_ST_NOT_FOUND,
		    "no IPsec tunnel interface by that name");
		return;
	}
	dmn_log(DMN_LOG_INFO, "clear ipsec sa %s", t != NULL ? t->name :
	    "all");
	dmn_engine_admin(d, IKE_EV_CLEAR_CHILD, t != NULL ? t->id : 0, 0);
	(void)dmn_reply_end(c, seq, CTL_ST_OK, NULL);
}

/*
 * Commit notification
 */

static void
commit_notify(struct dmn *d, struct dmn_conn *c, uint32_t seq,
    const struct ctl_rec *req)
{
	struct ctl_rec	**recs = NULL;
	size_t		  n = 0, i;
	uint32_t	  status = CTL_ST_INTERNAL;
	uint64_t	  gen;
	char		  msg[DMN_ERR_MAX + 64] = "";

	if (ctl_rec_u64(req, CTL_K_GENERATION, &gen) == -1) {
		(void)dmn_reply_end(c, seq, CTL_ST_BAD_REQUEST,
		    "generation missing");
		return;
	}
	if (dmn_reconcile(d, &recs, &n, &status, msg, sizeof(msg)) == -1)
		status = CTL_ST_APPLY;
	for (i = 0; i < n; i++) {
		(void)dmn_reply_rec(c, seq, recs[i]);
		ctl_rec_free(recs[i]);
	}
	free(recs);
	(void)dmn_reply_end(c, seq, status, msg);
}

/* Described in daemon.h. */
void
dmn_handle_request(struct dmn *d, struct dmn_conn *c, const struct ctl_hdr *h,
    const struct ctl_rec *req)
{
	if (d->stopping) {
		(void)dmn_reply_end(c, h->seq, CTL_ST_BUSY,
		    "mgmtsecd is shutting down");
		return;
	}
	switch (h->type) {
	case CTL_COMMIT_NOTIFY:
		commit_notify(d, c, h->seq, req);
		break;
	case CTL_SHOW_IKEV2_SESSION:
		show_session(d, c, h->seq);
		break;
	case CTL_SHOW_IKEV2_SA:
		show_ike_sa(d, c, h->seq);
		break;
	case CTL_SHOW_IKEV2_SUMMARY:
		show_summary(d, c, h->seq);
		break;
	case CTL_SHOW_IKEV2_STATISTICS:
		show_statistics(d, c, h->seq);
		break;
	case CTL_SHOW_IPSEC_SA:
		show_ipsec_sa(d, c, h->seq, req);
		break;
	case CTL_SHOW_IPSEC_DATAPLANE:
		show_dataplane(d, c, h->seq);
		break;
	case CTL_CLEAR_IKEV2_SA:
		clear_ike(d, c, h->seq, req);
		break;
	case CTL_CLEAR_IPSEC_SA:
		clear_ipsec(d, c, h->seq, req);
		break;
	default:
		(void)dmn_reply_end(c, h->seq, CTL_ST_UNKNOWN,
		    "unknown request type");
	}
}
