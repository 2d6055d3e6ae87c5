/*
 * The control requests after HELLO, dispatched by type: the commit
 * notification (reconcile and say what was applied), the clear requests,
 * and the live show requests, which show_ike.c and show_ipsec.c answer
 * with the records common/ctl_records.h defines.  Every parameter is
 * checked; a bad one gets CTL_ST_BAD_REQUEST, never a crash.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mgmtsecd/daemon.h"
#include "mgmtsecd/log.h"

/* Described in daemon.h. */
int
dmn_snap_take(struct dmn *d, struct dmn_snap *s)
{
	memset(s, 0, sizeof(*s));
	s->now = dmn_now();
	return ike_engine_snapshot(d->eng, &s->v, &s->n);
}

/* Described in daemon.h. */
uint32_t
dmn_secs_until(uint64_t at, uint64_t now)
{
	return at > now ? (uint32_t)((at - now + 999) / 1000) : 0;
}

/* Described in daemon.h. */
const char *
dmn_ip(struct in_addr a, char *buf)
{
	inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
	return buf;
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
	struct dmn_snap		 s;
	struct ike_sa_counts	 cnt;
	size_t			 k, i, n = 0, tunnels = 0;

	if (remote != NULL && inet_pton(AF_INET, remote, &a) != 1) {
		(void)dmn_reply_end(c, seq, CTL_ST_BAD_REQUEST,
		    "remote must be an IPv4 address");
		return;
	}
	memset(&s, 0, sizeof(s));
	/* All of them: counting is enough (no copy of every SA). */
	if (remote != NULL && dmn_snap_take(d, &s) == -1) {
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
		dmn_show_ike_session(d, c, h->seq);
		break;
	case CTL_SHOW_IKEV2_SA:
		dmn_show_ike_sa(d, c, h->seq);
		break;
	case CTL_SHOW_IKEV2_SUMMARY:
		dmn_show_ike_summary(d, c, h->seq);
		break;
	case CTL_SHOW_IKEV2_STATISTICS:
		dmn_show_ike_statistics(d, c, h->seq);
		break;
	case CTL_SHOW_IPSEC_SA:
		dmn_show_ipsec_sa(d, c, h->seq, req);
		break;
	case CTL_SHOW_IPSEC_DATAPLANE:
		dmn_show_ipsec_dataplane(d, c, h->seq);
		break;
	case CTL_SHOW_CRYPTO_CA:
		dmn_show_crypto_ca(d, c, h->seq);
		break;
	case CTL_SHOW_INTERFACES:
		dmn_show_interfaces(d, c, h->seq, req);
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
