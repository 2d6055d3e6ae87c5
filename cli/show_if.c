/*
 * Interface renderers (cli/show_if.h).  The states follow IOS XR's words:
 * "administratively down" when the configuration shuts the interface,
 * else the kernel's admin flag and carrier; a tunnel the data plane has
 * not created is down.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/show_if.h"
#include "common/ctl_records.h"

struct ifv {
	const char	*name, *addr, *local, *remote;
	uint32_t	 shut, exists, admin, oper, mtu, plen, idx, children;
	uint64_t	 rxp, rxb, rxe, rxd, txp, txb, txe, txd;
};

static void
ifv_get(const struct ctl_rec *r, struct ifv *v)
{
	memset(v, 0, sizeof(*v));
	v->name = ctl_rec_str(r, CTL_F_INTERFACE);
	v->addr = ctl_rec_str(r, CTL_F_ADDRESS);
	v->local = ctl_rec_str(r, CTL_F_LOCAL);
	v->remote = ctl_rec_str(r, CTL_F_REMOTE);
	if (v->name == NULL)
		v->name = "";
	if (v->addr == NULL)
		v->addr = "";
	if (v->local == NULL)
		v->local = "";
	if (v->remote == NULL)
		v->remote = "";
	(void)ctl_rec_u32(r, CTL_F_SHUTDOWN, &v->shut);
	(void)ctl_rec_u32(r, CTL_F_EXISTS, &v->exists);
	(void)ctl_rec_u32(r, CTL_F_ADMIN_UP, &v->admin);
	(void)ctl_rec_u32(r, CTL_F_OPER_UP, &v->oper);
	(void)ctl_rec_u32(r, CTL_F_MTU, &v->mtu);
	(void)ctl_rec_u32(r, CTL_F_PREFIX_LEN, &v->plen);
	(void)ctl_rec_u32(r, CTL_F_IF_HANDLE, &v->idx);
	(void)ctl_rec_u32(r, CTL_F_CHILD_SAS, &v->children);
	(void)ctl_rec_u64(r, CTL_F_RX_PACKETS, &v->rxp);
	(void)ctl_rec_u64(r, CTL_F_RX_BYTES, &v->rxb);
	(void)ctl_rec_u64(r, CTL_F_RX_ERRORS, &v->rxe);
	(void)ctl_rec_u64(r, CTL_F_RX_DROPPED, &v->rxd);
	(void)ctl_rec_u64(r, CTL_F_TX_PACKETS, &v->txp);
	(void)ctl_rec_u64(r, CTL_F_TX_BYTES, &v->txb);
	(void)ctl_rec_u64(r, CTL_F_TX_ERRORS, &v->txe);
	(void)ctl_rec_u64(r, CTL_F_TX_DROPPED, &v->txd);
}

/* Interface state and line protocol, lower case ("up"). */
static const char *
if_state(const struct ifv *v)
{
	if (v->shut)
		return "administratively down";
	return v->exists && v->admin ? "up" : "down";
}

static const char *
line_state(const struct ifv *v)
{
	return !v->shut && v->exists && v->admin && v->oper ? "up" : "down";
}

static int
up_word(const char *s, char *out, size_t outsz)
{
	/* "up" -> "Up", "administratively down" -> "Shutdown" (XR's brief
	 * tables say so). */
	if (strcmp(s, "administratively down") == 0)
		return snprintf(out, outsz, "Shutdown");
	return snprintf(out, outsz, "%c%s", s[0] - 'a' + 'A', s + 1);
}

static void
detail(struct buf *out, const struct ifv *v)
{
	buf_printf(out, "%s is %s, line protocol is %s\n", v->name,
	    if_state(v), line_state(v));
	buf_printf(out, "  Hardware is Tunnel\n");
	if (v->addr[0])
		buf_printf(out, "  Internet address is %s/%" PRIu32 "\n",
		    v->addr, v->plen);
	else
		buf_printf(out, "  Internet address is Unknown\n");
	buf_printf(out, "  MTU %" PRIu32 " bytes\n", v->mtu);
	buf_printf(out, "  Encapsulation TUNNEL_IP\n");
	buf_printf(out, "  Tunnel mode IPsec, %" PRIu32 " Child SA%s\n",
	    v->children, v->children == 1 ? "" : "s");
	buf_printf(out, "  Tunnel source %s, destination %s\n",
	    v->local[0] ? v->local : "unknown",
	    v->remote[0] ? v->remote : "unknown");
	buf_printf(out, "  Keepalive is disabled.\n");
	buf_printf(out, "     %" PRIu64 " packets input, %" PRIu64 " bytes, %"
	    PRIu64 " total input drops\n", v->rxp, v->rxb, v->rxd);
	buf_printf(out, "     %" PRIu64 " input errors\n", v->rxe);
	buf_printf(out, "     %" PRIu64 " packets output, %" PRIu64 " bytes, %"
	    PRIu64 " total output drops\n", v->txp, v->txb, v->txd);
	buf_printf(out, "     %" PRIu64 " output errors\n", v->txe);
	buf_add(out, "\n", 1);
}

static void
ipv4(struct buf *out, const struct ifv *v, int brief)
{
	char	s[32], p[32];

	up_word(if_state(v), s, sizeof(s));
	up_word(line_state(v), p, sizeof(p));
	if (brief) {
		buf_printf(out, "%-31s%-16s%-16s%-9s%s\n", v->name,
		    v->addr[0] ? v->addr : "unassigned", s, p, "default");
		return;
	}
	buf_printf(out, "%s is %s, ipv4 protocol is %s\n", v->name, s, p);
	buf_printf(out, "  Vrf is default (vrfid 0x60000000)\n");
	if (v->addr[0])
		buf_printf(out, "  Internet address is %s/%" PRIu32 "\n",
		    v->addr, v->plen);
	else
		buf_printf(out, "  Internet protocol processing disabled\n");
	buf_printf(out, "  MTU is %" PRIu32 " (%" PRIu32 " is available to "
	    "IP)\n", v->mtu, v->mtu);
	buf_printf(out, "  Secondary address list is empty\n\n");
}

static void
ipv6(struct buf *out, const struct ifv *v, int brief)
{
	char	s[32];

	up_word(if_state(v), s, sizeof(s));
	if (brief) {
		buf_printf(out, "%-24s[%s/Down]\n    unassigned\n", v->name, s);
		return;
	}
	buf_printf(out, "%s is %s, ipv6 protocol is Down, Vrfid is default "
	    "(0x60000000)\n", v->name, s);
	buf_printf(out, "  IPv6 is disabled, link-local address unassigned\n"
	    "  No global unicast address is configured\n\n");
}

int
sl_render_interfaces(struct buf *out, struct ctl_rec *const *recs, size_t n,
    enum sl_if_view view, int brief)
{
	struct ifv	v;
	char		s[32], p[32];
	size_t		i;

	if (n == 0)
		return buf_add(out, "\n", 1);
	if (view == SL_IF_INTERFACES && brief) {
		buf_printf(out, "%19s %11s %11s %18s %5s\n", "Intf", "Intf",
		    "LineP", "Encap", "MTU");
		buf_printf(out, "%19s %11s %11s %18s %5s\n", "Name", "State",
		    "State", "Type", "(byte)");
		buf_printf(out, "%s\n", "--------------------------------------"
		    "----------------------------------------");
	}
	if (view == SL_IF_IPV4 && brief)
		buf_printf(out, "\n%-31s%-16s%-16s%-9s%s\n", "Interface",
		    "IP-Address", "Status", "Protocol", "Vrf-Name");
	for (i = 0; i < n; i++) {
		ifv_get(recs[i], &v);
		switch (view) {
		case SL_IF_INTERFACES:
			if (!brief) {
				detail(out, &v);
				break;
			}
			snprintf(s, sizeof(s), "%s", strcmp(if_state(&v),
			    "administratively down") == 0 ? "admin-down" :
			    if_state(&v));
			snprintf(p, sizeof(p), "%s", strcmp(if_state(&v),
			    "administratively down") == 0 ? "admin-down" :
			    line_state(&v));
			buf_printf(out, "%19s %11s %11s %18s %5" PRIu32 "\n",
			    v.name, s, p, "TUNNEL_IP", v.mtu);
			break;
		case SL_IF_IPV4:
			ipv4(out, &v, brief);
			break;
		case SL_IF_IPV6:
			ipv6(out, &v, brief);
			break;
		}
	}
	return out->oom ? -1 : 0;
}

const char *
sl_if_state(const struct ctl_rec *r)
{
	struct ifv	v;

	ifv_get(r, &v);
	return if_state(&v);
}

const char *
sl_if_line_state(const struct ctl_rec *r)
{
	struct ifv	v;

	ifv_get(r, &v);
	return line_state(&v);
}
