/*
 * Renderers of the interface show commands, pure functions from the
 * CTL_SHOW_INTERFACES records (common/ctl_records.h) to IOS XR's layouts:
 * `show interfaces [brief]`, `show ipv4 interface [brief]`, `show ipv6
 * interface [brief]` (tunnel-ip interfaces carry no IPv6).
 */
#ifndef CLI_SHOW_IF_H
#define CLI_SHOW_IF_H

#include <stddef.h>

#include "common/buf.h"
#include "common/ctl_proto.h"

enum sl_if_view {
	SL_IF_INTERFACES,	/* show interfaces */
	SL_IF_IPV4,		/* show ipv4 interface */
	SL_IF_IPV6		/* show ipv6 interface */
};

/* Appends the output for n records to out.  0, or -1 out of memory. */
int	sl_render_interfaces(struct buf *out, struct ctl_rec *const *recs,
	    size_t n, enum sl_if_view view, int brief);

/* The interface state and line protocol words the tables print ("up",
 * "down", "administratively down"), so `| json` says the same. */
const char	*sl_if_state(const struct ctl_rec *);
const char	*sl_if_line_state(const struct ctl_rec *);

#endif
