/*
 * show interfaces / show ipv4 interface: each tunnel-ip interface of the
 * running configuration with what the kernel has for it right now (the
 * data plane made it: a TUN device or a vti link), as the records of
 * common/ctl_records.h (CTL_SHOW_INTERFACES).
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "common/ctl_records.h"
#include "mgmtsecd/daemon.h"
#include "platform/ifstat.h"

static int
if_rec(struct ctl_rec *r, const struct dmn_tunnel *t,
    const struct dp_ifstat *st, uint32_t children)
{
	char	a[INET_ADDRSTRLEN];
	int	rc = 0;

	rc |= ctl_rec_add_str(r, CTL_F_INTERFACE, t->name);
	rc |= ctl_rec_add_u32(r, CTL_F_SHUTDOWN, t->shutdown != 0);
	rc |= ctl_rec_add_u32(r, CTL_F_EXISTS, (uint32_t)st->exists);
	rc |= ctl_rec_add_u32(r, CTL_F_ADMIN_UP, (uint32_t)st->admin_up);
	rc |= ctl_rec_add_u32(r, CTL_F_OPER_UP, (uint32_t)st->oper_up);
	rc |= ctl_rec_add_u32(r, CTL_F_IF_HANDLE, st->ifindex);
	rc |= ctl_rec_add_u32(r, CTL_F_MTU, st->mtu);
	rc |= ctl_rec_add_str(r, CTL_F_ADDRESS, st->addr.s_addr ?
	    dmn_ip(st->addr, a) : "");
	rc |= ctl_rec_add_u32(r, CTL_F_PREFIX_LEN, st->plen);
	rc |= ctl_rec_add_str(r, CTL_F_LOCAL, t->local.s_addr ?
	    dmn_ip(t->local, a) : "");
	rc |= ctl_rec_add_str(r, CTL_F_REMOTE, t->remote.s_addr ?
	    dmn_ip(t->remote, a) : "");
	rc |= ctl_rec_add_u32(r, CTL_F_CHILD_SAS, children);
	rc |= ctl_rec_add_u64(r, CTL_F_RX_PACKETS, st->rx_packets);
	rc |= ctl_rec_add_u64(r, CTL_F_RX_BYTES, st->rx_bytes);
	rc |= ctl_rec_add_u64(r, CTL_F_RX_ERRORS, st->rx_errors);
	rc |= ctl_rec_add_u64(r, CTL_F_RX_DROPPED, st->rx_dropped);
	rc |= ctl_rec_add_u64(r, CTL_F_TX_PACKETS, st->tx_packets);
	rc |= ctl_rec_add_u64(r, CTL_F_TX_BYTES, st->tx_bytes);
	rc |= ctl_rec_add_u64(r, CTL_F_TX_ERRORS, st->tx_errors);
	rc |= ctl_rec_add_u64(r, CTL_F_TX_DROPPED, st->tx_dropped);
	return rc ? -1 : 0;
}

/* Described in daemon.h. */
void
dmn_show_interfaces(struct dmn *d, struct dmn_conn *c, uint32_t seq,
    const struct ctl_rec *req)
{
	const char		*ifname = ctl_rec_str(req, CTL_K_INTERFACE);
	const struct dmn_tunnel	*t, *next;
	struct dmn_snap		 s;
	struct dp_ifstat	 st;
	struct ctl_rec		*r;
	uint32_t		 children, last = 0;
	size_t			 i, k, done;
	int			 err = 0, first = 1;

	if (ifname != NULL && dmn_tunnel_by_name(d, ifname) == NULL) {
		(void)dmn_reply_end(c, seq, CTL_ST_NOT_FOUND,
		    "no tunnel-ip interface by that name");
		return;
	}
	if (dmn_snap_take(d, &s) == -1) {
		(void)dmn_reply_end(c, seq, CTL_ST_INTERNAL, "out of memory");
		return;
	}
	/* In unit order: the next unit above the last one shown. */
	for (done = 0; done < d->n_tunnels && !err; done++) {
		next = NULL;
		for (i = 0; i < d->n_tunnels; i++) {
			t = d->tunnels[i];
			if ((first || t->unit > last) &&
			    (next == NULL || t->unit < next->unit))
				next = t;
		}
		if (next == NULL)
			break;
		first = 0;
		last = next->unit;
		if (ifname != NULL && strcmp(ifname, next->name) != 0)
			continue;
		children = 0;
		for (k = 0; k < s.n; k++)
			if (s.v[k].peer_id == next->id)
				children += (uint32_t)s.v[k].n_children;
		if (dp_ifstat_get(next->name, &st) == -1)
			memset(&st, 0, sizeof(st));
		if ((r = ctl_rec_new()) == NULL || if_rec(r, next, &st,
		    children) == -1) {
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
