/*
 * The IPsec show requests (show ipsec sa [interface X] [detail], show
 * ipsec dataplane): the engine's Child SAs with the data plane's counters,
 * as the records common/ctl_records.h defines.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>

#include "common/ctl_records.h"
#include "mgmtsecd/daemon.h"

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
	rc |= ctl_rec_add_u32(x, CTL_F_SPI, spi);
	rc |= ctl_rec_add_u32(x, CTL_F_ENCR, ci->encr);
	rc |= ctl_rec_add_u32(x, CTL_F_ENCR_KEYLEN, ci->encr_keylen);
	rc |= ctl_rec_add_u32(x, CTL_F_INTEG, ci->integ);
	rc |= ctl_rec_add_u32(x, CTL_F_REKEY_IN, dmn_secs_until(rekey, now));
	rc |= ctl_rec_add_u32(x, CTL_F_EXPIRE_IN, dmn_secs_until(ci->expire_ms, now));
	rc |= ctl_rec_add_u32(x, CTL_F_LIFETIME, ci->lifetime);
	rc |= ctl_rec_add_u64(x, CTL_F_BYTES, st.bytes);
	rc |= ctl_rec_add_u64(x, CTL_F_PACKETS, st.packets);
	rc |= ctl_rec_add_u64(x, CTL_F_ERRORS, st.errors);
	rc |= ctl_rec_add_u64(x, CTL_F_REPLAY_DROPS, st.replay_drops);
	return rc ? -1 : 0;
}

/* Described in daemon.h. */
void
dmn_show_ipsec_sa(struct dmn *d, struct dmn_conn *c, uint32_t seq,
    const struct ctl_rec *req)
{
	const char		*ifname = ctl_rec_str(req, CTL_K_INTERFACE);
	struct dmn_snap		 s;
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
	if (dmn_snap_take(d, &s) == -1) {
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
				err |= ctl_rec_add_str(r, CTL_F_INTERFACE,
				    t->name) != 0;
				err |= ctl_rec_add_u32(r, CTL_F_IF_HANDLE,
				    d->dp->tunnel_if_index != NULL ?
				    d->dp->tunnel_if_index(d->dp, t->if_id) :
				    if_nametoindex(t->name)) != 0;
				err |= ctl_rec_add_u32(r, CTL_F_SA_ID,
				    ci->id) != 0;
				err |= ctl_rec_add_str(r, CTL_F_STATE,
				    ci->state != NULL ? ci->state : "") != 0;
				err |= ctl_rec_add_str(r, CTL_F_LOCAL,
				    dmn_ip(s.v[k].local.ip, a)) != 0;
				err |= ctl_rec_add_str(r, CTL_F_REMOTE,
				    dmn_ip(s.v[k].remote.ip, a)) != 0;
				err |= ctl_rec_add_u32(r, CTL_F_ENCAP,
				    (uint32_t)ci->encap) != 0;
				err |= ctl_rec_add_u32(r, CTL_F_PFS, ci->pfs) != 0;
				err |= ipsec_dir(d, r, CTL_F_IN, ci,
				    s.v[k].local.ip, ci->spi_in, s.now) != 0;
				err |= ipsec_dir(d, r, CTL_F_OUT, ci,
				    s.v[k].remote.ip, ci->spi_out, s.now) != 0;
				if (err)
					ctl_rec_free(r);
				else
					err = dmn_reply_rec_take(c, seq, r) == -1;
			}
		}
	}
	free(s.v);
	(void)dmn_reply_end(c, seq, err ? CTL_ST_INTERNAL : CTL_ST_OK,
	    err ? "out of memory" : NULL);
}

/* Described in daemon.h. */
void
dmn_show_ipsec_dataplane(struct dmn *d, struct dmn_conn *c, uint32_t seq)
{
	struct dp_info	 i;
	struct ctl_rec	*r;

	memset(&i, 0, sizeof(i));
	if (d->dp->info != NULL)
		d->dp->info(d->dp, &i);
	if ((r = ctl_rec_new()) == NULL ||
	    ctl_rec_add_str(r, CTL_F_BACKEND, d->dp->name) == -1 ||
	    ctl_rec_add_str(r, CTL_F_REASON, d->dp_why) == -1 ||
	    ctl_rec_add_str(r, CTL_F_MODE, i.mode) == -1 ||
	    ctl_rec_add_u32(r, CTL_F_TUNNELS, (uint32_t)i.tunnels) == -1 ||
	    ctl_rec_add_u32(r, CTL_F_CHILD_SAS, (uint32_t)(i.sas / 2)) == -1 ||
	    ctl_rec_add_u64(r, CTL_F_PACKETS_OUT, i.packets_out) == -1 ||
	    ctl_rec_add_u64(r, CTL_F_PACKETS_IN, i.packets_in) == -1 ||
	    ctl_rec_add_u64(r, CTL_F_DROPS_NO_SA, i.drops_no_sa) == -1 ||
	    ctl_rec_add_u64(r, CTL_F_DROPS_BAD, i.drops_bad) == -1 ||
	    ctl_rec_add_u64(r, CTL_F_DROPS_IO, i.drops_io) == -1 ||
	    ctl_rec_add_u64(r, CTL_F_ESP_RECEIVED, d->stats.esp_rx) == -1 ||
	    ctl_rec_add_u64(r, CTL_F_ESP_DROPPED, d->stats.esp_dropped) == -1) {
		ctl_rec_free(r);
		(void)dmn_reply_end(c, seq, CTL_ST_INTERNAL, "out of memory");
		return;
	}
	(void)dmn_reply_rec_take(c, seq, r);
	(void)dmn_reply_end(c, seq, CTL_ST_OK, NULL);
}
