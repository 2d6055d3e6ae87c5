/*
 * The IKE show requests (show ikev2 session, sa, summary, statistics):
 * one engine snapshot, or its counters, turned into the records that
 * common/ctl_records.h defines; the shell renders them.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>

#include "common/ctl_records.h"
#include "ikev2/pki.h"
#include "ikev2/ts.h"
#include "mgmtsecd/daemon.h"
#include "mgmtsecd/log.h"

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

	rc |= ctl_rec_add_u32(r, CTL_F_IKE_SA_ID, i->id);
	rc |= ctl_rec_add_str(r, CTL_F_LOCAL, dmn_ip(i->local.ip, a));
	rc |= ctl_rec_add_u32(r, CTL_F_LOCAL_PORT, i->local.port);
	rc |= ctl_rec_add_str(r, CTL_F_REMOTE, dmn_ip(i->remote.ip, a));
	rc |= ctl_rec_add_u32(r, CTL_F_REMOTE_PORT, i->remote.port);
	rc |= ctl_rec_add_str(r, CTL_F_IKE_STATUS, i->status);
	rc |= ctl_rec_add_str(r, CTL_F_IKE_STATUS_DESC, i->status_desc);
	rc |= ctl_rec_add_str(r, CTL_F_ROLE, i->initiator ? "Initiator" :
	    "Responder");
	rc |= ctl_rec_add_u32(r, CTL_F_ENCR, i->suite.encr);
	rc |= ctl_rec_add_u32(r, CTL_F_ENCR_KEYLEN, i->suite.encr_keylen);
	rc |= ctl_rec_add_u32(r, CTL_F_PRF, i->suite.prf);
	rc |= ctl_rec_add_u32(r, CTL_F_INTEG, i->suite.integ);
	rc |= ctl_rec_add_u32(r, CTL_F_DH_GROUP, i->suite.dh);
	rc |= ctl_rec_add_u32(r, CTL_F_AUTH_LOCAL, i->auth_local);
	rc |= ctl_rec_add_u32(r, CTL_F_AUTH_REMOTE, i->auth_remote);
	rc |= ctl_rec_add_u32(r, CTL_F_LIFETIME, i->lifetime);
	rc |= ctl_rec_add_u32(r, CTL_F_ACTIVE_TIME, i->established_ms != 0 &&
	    now > i->established_ms ?
	    (uint32_t)((now - i->established_ms) / 1000) : 0);
	rc |= ctl_rec_add_u64(r, CTL_F_LOCAL_SPI, i->spi_local);
	rc |= ctl_rec_add_u64(r, CTL_F_REMOTE_SPI, i->spi_remote);
	rc |= ctl_rec_add_str(r, CTL_F_LOCAL_ID, i->id_local);
	rc |= ctl_rec_add_str(r, CTL_F_REMOTE_ID, i->id_remote);
	/* Only what certificates were used for: PSK SAs carry none. */
	if (i->sig_local != IKE_SIG_NONE)
		rc |= ctl_rec_add_str(r, CTL_F_SIG_LOCAL,
		    ike_sig_name((enum ike_sig)i->sig_local));
	if (i->sig_remote != IKE_SIG_NONE) {
		rc |= ctl_rec_add_str(r, CTL_F_SIG_REMOTE,
		    ike_sig_name((enum ike_sig)i->sig_remote));
		rc |= ctl_rec_add_str(r, CTL_F_PEER_CERT, i->peer_subject);
	}
	for (k = 0; children && k < i->n_children; k++) {
		c = &i->children[k];
		if ((cr = ctl_rec_add_rec(r, CTL_F_CHILD_SA)) == NULL)
			return -1;
		rc |= ctl_rec_add_u32(cr, CTL_F_SA_ID, c->id);
		for (j = 0; j < c->n_ts_local; j++) {
			ike_ts_str(&c->ts_local[j], sel, sizeof(sel));
			rc |= ctl_rec_add_str(cr, CTL_F_LOCAL_SEL, sel);
		}
		for (j = 0; j < c->n_ts_remote; j++) {
			ike_ts_str(&c->ts_remote[j], sel, sizeof(sel));
			rc |= ctl_rec_add_str(cr, CTL_F_REMOTE_SEL, sel);
		}
		rc |= ctl_rec_add_u32(cr, CTL_F_SPI_IN, c->spi_in);
		rc |= ctl_rec_add_u32(cr, CTL_F_SPI_OUT, c->spi_out);
		rc |= ctl_rec_add_u32(cr, CTL_F_ENCR, c->encr);
		rc |= ctl_rec_add_u32(cr, CTL_F_ENCR_KEYLEN, c->encr_keylen);
		rc |= ctl_rec_add_u32(cr, CTL_F_INTEG, c->integ);
		rc |= ctl_rec_add_u32(cr, CTL_F_PFS, c->pfs);
	}
	return rc ? -1 : 0;
}

static int
is_ready(const struct ike_sa_info *i)
{
	return i->state == IKE_SA_ESTABLISHED || i->state == IKE_SA_REKEYING;
}

/*
 * show ikev2 session
 */

/* Described in daemon.h. */
void
dmn_show_ike_session(struct dmn *d, struct dmn_conn *c, uint32_t seq)
{
	struct dmn_snap		 s;
	struct ctl_rec		*r, *ike;
	const struct dmn_tunnel	*t;
	uint32_t		 ikes, children;
	size_t			 i, k;
	int			 ready, active, err = 0;

	if (dmn_snap_take(d, &s) == -1) {
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
		err |= ctl_rec_add_u32(r, CTL_F_SESSION_ID, t->id) != 0;
		err |= ctl_rec_add_str(r, CTL_F_TUNNEL, t->name) != 0;
		err |= ctl_rec_add_str(r, CTL_F_STATUS, active ? "UP-ACTIVE" :
		    ready ? "UP-IDLE" : ikes > 0 ? "DOWN-NEGOTIATING" :
		    "DOWN") != 0;
		err |= ctl_rec_add_u32(r, CTL_F_IKE_COUNT, ikes) != 0;
		err |= ctl_rec_add_u32(r, CTL_F_CHILD_COUNT, children) != 0;
		for (k = 0; k < s.n && !err; k++) {
			if (s.v[k].peer_id != t->id)
				continue;
			if ((ike = ctl_rec_add_rec(r, CTL_F_IKE_SA)) == NULL ||
			    ike_fields(ike, &s.v[k], s.now, 1) == -1)
				err = 1;
		}
		if (err || dmn_reply_rec_take(c, seq, r) == -1) {
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

/* Described in daemon.h. */
void
dmn_show_ike_sa(struct dmn *d, struct dmn_conn *c, uint32_t seq)
{
	struct dmn_snap		 s;
	struct ctl_rec		*r;
	const struct dmn_tunnel	*t;
	size_t			 k;
	int			 err = 0;

	if (dmn_snap_take(d, &s) == -1) {
		(void)dmn_reply_end(c, seq, CTL_ST_INTERNAL, "out of memory");
		return;
	}
	for (k = 0; k < s.n && !err; k++) {
		t = dmn_tunnel_by_id(d, s.v[k].peer_id);
		if ((r = ctl_rec_new()) == NULL ||
		    ike_fields(r, &s.v[k], s.now, 0) == -1 ||
		    ctl_rec_add_u32(r, CTL_F_SESSION_ID, s.v[k].peer_id) == -1 ||
		    ctl_rec_add_str(r, CTL_F_TUNNEL, t != NULL ? t->name :
		    s.v[k].peer_name) == -1) {
			ctl_rec_free(r);
			err = 1;
			break;
		}
		err = dmn_reply_rec_take(c, seq, r) == -1;
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
/* Described in daemon.h. */
void
dmn_show_ike_summary(struct dmn *d, struct dmn_conn *c, uint32_t seq)
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
	if (ctl_rec_add_u32(r, CTL_F_OUT_ACTIVE, oa) == -1 ||
	    ctl_rec_add_u32(r, CTL_F_OUT_NEG, on) == -1 ||
	    ctl_rec_add_u32(r, CTL_F_IN_ACTIVE, ia) == -1 ||
	    ctl_rec_add_u32(r, CTL_F_IN_NEG, in) == -1 ||
	    dmn_reply_rec_take(c, seq, r) == -1) {
		(void)dmn_reply_end(c, seq, CTL_ST_INTERNAL, "out of memory");
		return;
	}
	(void)dmn_reply_end(c, seq, CTL_ST_OK, NULL);
}

/* Described in daemon.h. */
void
dmn_show_ike_statistics(struct dmn *d, struct dmn_conn *c, uint32_t seq)
{
	static const char *const exch[4] = { "IKE_SA_INIT", "IKE_AUTH",
	    "CREATE_CHILD_SA", "INFORMATIONAL" };
	struct ike_stats	 st;
	struct mallinfo2	 mi = mallinfo2();
	struct ctl_rec		*r, *x;
	uint64_t		 vals[CTL_IKEC_MAX];
	size_t			 i;
	int			 rc = 0;

	ike_engine_stats(d->eng, &st);
	if ((r = ctl_rec_new()) == NULL) {
		(void)dmn_reply_end(c, seq, CTL_ST_INTERNAL, "out of memory");
		return;
	}
	for (i = 0; i < 4; i++) {
		if ((x = ctl_rec_add_rec(r, CTL_F_EXCHANGE)) == NULL) {
			rc = -1;
			break;
		}
		rc |= ctl_rec_add_str(x, CTL_F_NAME, exch[i]);
		rc |= ctl_rec_add_u64(x, CTL_F_SENT, st.exch_init[i]);
		rc |= ctl_rec_add_u64(x, CTL_F_RECEIVED, st.exch_resp[i]);
	}
	vals[CTL_IKEC_RETRANSMITS] = st.retransmits;
	vals[CTL_IKEC_RESPONSES_RESENT] = st.resp_resent;
	vals[CTL_IKEC_RETRANSMIT_MISMATCH] = st.retrans_mismatch;
	vals[CTL_IKEC_RESEND_LIMITED] = st.resend_limited;
	vals[CTL_IKEC_LOG_SUPPRESSED] = dmn_log_suppressed();
	vals[CTL_IKEC_DROPPED] = st.dropped + d->stats.garbage;
	vals[CTL_IKEC_COOKIES_SENT] = st.cookies_sent;
	vals[CTL_IKEC_INVALID_KE_SENT] = st.invalid_ke_sent;
	vals[CTL_IKEC_IKE_ESTABLISHED] = st.ike_up;
	vals[CTL_IKEC_CHILD_INSTALLED] = st.child_up;
	vals[CTL_IKEC_IKE_REKEYS] = st.ike_rekeys;
	vals[CTL_IKEC_CHILD_REKEYS] = st.child_rekeys;
	vals[CTL_IKEC_HALF_OPEN] = st.half_open;
	vals[CTL_IKEC_FRAG_SENT] = st.frag_sent;
	vals[CTL_IKEC_FRAG_REASSEMBLED] = st.frag_reassembled;
	vals[CTL_IKEC_FRAG_DROPPED] = 0;
	for (i = 0; i < IKE_FRAGD_MAX; i++)
		vals[CTL_IKEC_FRAG_DROPPED] += st.frag_drop[i];
	vals[CTL_IKEC_HALF_OPEN_BAD] = st.half_open_bad;
	vals[CTL_IKEC_UNAUTH_WITHHELD] = st.unauth_withheld;
	vals[CTL_IKEC_DATAGRAMS_RECEIVED] = d->stats.rx;
	vals[CTL_IKEC_DATAGRAMS_SENT] = d->stats.tx;
	vals[CTL_IKEC_SEND_ERRORS] = d->stats.tx_errors;
	vals[CTL_IKEC_ESP_RECEIVED] = d->stats.esp_rx;
	vals[CTL_IKEC_HEAP_IN_USE] = mi.uordblks + mi.hblkhd;
	for (i = 0; i < CTL_IKEC_MAX; i++)
		rc |= ctl_rec_add_u64(r, ctl_ike_counters[i].field, vals[i]);
	for (i = IKE_FAIL_NONE + 1; i < IKE_FAIL_MAX; i++) {
		if ((x = ctl_rec_add_rec(r, CTL_F_FAILURE)) == NULL) {
			rc = -1;
			break;
		}
		rc |= ctl_rec_add_str(x, CTL_F_REASON, ike_fail_name(i));
		rc |= ctl_rec_add_u64(x, CTL_F_COUNT, st.fail[i]);
	}
	if (rc != 0 || dmn_reply_rec_take(c, seq, r) == -1) {
		if (rc != 0)
			ctl_rec_free(r);
		(void)dmn_reply_end(c, seq, CTL_ST_INTERNAL, "out of memory");
		return;
	}
	(void)dmn_reply_end(c, seq, CTL_ST_OK, NULL);
}
