/*
 * IPv4 header reading and selector matching (see pkt.h).
 */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "platform/pkt.h"

/* Described in pkt.h. */
int
dp_pkt_parse(const uint8_t *p, size_t len, struct dp_pkt *h)
{
	size_t		hl, tl;
	uint16_t	frag;

	memset(h, 0, sizeof(*h));
	if (len < 20 || (p[0] >> 4) != 4)
		return -1;
	hl = (size_t)(p[0] & 0x0f) * 4;
	tl = (size_t)p[2] << 8 | p[3];
	if (hl < 20 || tl < hl || tl > len)
		return -1;
	frag = (uint16_t)((p[6] & 0x3f) << 8 | p[7]);
	h->proto = p[9];
	h->hlen = (uint8_t)hl;
	h->len = (uint16_t)tl;
	h->later_frag = (frag & 0x1fff) != 0;
	memcpy(&h->src, p + 12, 4);
	memcpy(&h->dst, p + 16, 4);
	/* RFC 4301 section 4.4.1.1: ports only from first fragments. */
	if ((frag & 0x1fff) == 0 && tl - hl >= 4 &&
	    (h->proto == IPPROTO_TCP || h->proto == IPPROTO_UDP ||
	    h->proto == IPPROTO_SCTP)) {
		h->sport = (uint16_t)(p[hl] << 8 | p[hl + 1]);
		h->dport = (uint16_t)(p[hl + 2] << 8 | p[hl + 3]);
	}
	return 0;
}

static int
ts_empty(const struct dp_ts *t)
{
	return t->proto == 0 && t->port_start == 0 && t->port_end == 0 &&
	    t->addr_start.s_addr == 0 && t->addr_end.s_addr == 0;
}

static int
one(const struct dp_ts *t, const struct dp_pkt *h, struct in_addr a,
    uint16_t port)
{
	uint32_t	x = ntohl(a.s_addr);

	if (ts_empty(t))
		return 1;
	if (x < ntohl(t->addr_start.s_addr) || x > ntohl(t->addr_end.s_addr))
		return 0;
	if (t->proto != 0 && t->proto != h->proto)
		return 0;
	/* A range narrower than all ports needs the port (not a later
	 * fragment, not a protocol without ports). */
	if (t->port_start == 0 && t->port_end == 0xffff)
		return 1;
	if (t->port_start == 0 && t->port_end == 0 && t->proto == 0)
		return 1;
	return port >= t->port_start && port <= t->port_end &&
	    !h->later_frag;
}

/* Described in pkt.h. */
int
dp_pkt_ts_match(const struct dp_pkt *h, const struct dp_ts *ts_src,
    const struct dp_ts *ts_dst)
{
	return one(ts_src, h, h->src, h->sport) &&
	    one(ts_dst, h, h->dst, h->dport);
}
