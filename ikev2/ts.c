/*
 * Traffic-selector narrowing and checks (RFC 7296 §2.9), pure.  A selector
 * is a box of (protocol, port range, address range); narrowing is box
 * intersection, checking a reply is box containment.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ikev2/ts.h"

/* Described in header. */
void
ike_ts_from_pl(const struct ike_pl_ts *pl, struct ike_ts_list *out)
{
	size_t	i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < pl->nts && out->n < IKE_TS_MAX; i++) {
		struct ike_ts_sel	*t = &out->v[out->n++];
		const struct ike_ts	*w = &pl->ts[i];

		t->type = w->type;
		t->proto = w->proto;
		t->port_start = w->sport;
		t->port_end = w->eport;
		if (w->type == IKE_TS_IPV4_ADDR_RANGE) {
			t->addr_start = ike_ts_v4_start(w);
			t->addr_end = ike_ts_v4_end(w);
		}
	}
}

/* Described in header. */
void
ike_ts_to_wire(const struct ike_ts_list *l, struct ike_ts *out)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		ike_ts_set_v4(&out[i], l->v[i].proto, l->v[i].port_start,
		    l->v[i].port_end, l->v[i].addr_start, l->v[i].addr_end);
	}
}

/* Described in header. */
void
ike_ts_any(struct ike_ts_list *out)
{
	memset(out, 0, sizeof(*out));
	out->n = 1;
	out->v[0].type = IKE_TS_IPV4_ADDR_RANGE;
	out->v[0].proto = 0;
	out->v[0].port_start = 0;
	out->v[0].port_end = 65535;
	out->v[0].addr_start = 0;
	out->v[0].addr_end = 0xffffffffu;
}

/* Described in header. */
void
ike_ts_from_cfg(const struct ike_cfg_ts *cfg, size_t n,
    struct ike_ts_list *out)
{
	size_t	i;

	if (n == 0) {
		ike_ts_any(out);
		return;
	}
	memset(out, 0, sizeof(*out));
	for (i = 0; i < n && i < IKE_TS_MAX; i++) {
		out->v[i].type = IKE_TS_IPV4_ADDR_RANGE;
		out->v[i].proto = cfg[i].proto;
		out->v[i].port_start = cfg[i].port_start;
		out->v[i].port_end = cfg[i].port_end;
		out->v[i].addr_start = cfg[i].addr_start;
		out->v[i].addr_end = cfg[i].addr_end;
		out->n++;
	}
}

static int
ts_valid(const struct ike_ts_sel *t)
{
	return t->type == IKE_TS_IPV4_ADDR_RANGE &&
	    t->port_start <= t->port_end && t->addr_start <= t->addr_end;
}

/* Intersects a with b into out; returns 0, or -1 when they are disjoint. */
static int
ts_intersect(const struct ike_ts_sel *a, const struct ike_ts_sel *b,
    struct ike_ts_sel *out)
{
	if (!ts_valid(a) || !ts_valid(b))
		return -1;
	if (a->proto != 0 && b->proto != 0 && a->proto != b->proto)
		return -1;
	out->type = IKE_TS_IPV4_ADDR_RANGE;
	out->proto = a->proto ? a->proto : b->proto;
	out->port_start = a->port_start > b->port_start ? a->port_start :
	    b->port_start;
	out->port_end = a->port_end < b->port_end ? a->port_end : b->port_end;
	out->addr_start = a->addr_start > b->addr_start ? a->addr_start :
	    b->addr_start;
	out->addr_end = a->addr_end < b->addr_end ? a->addr_end : b->addr_end;
	if (out->port_start > out->port_end || out->addr_start > out->addr_end)
		return -1;
	return 0;
}

/* True when a lies inside b. */
static int
ts_within(const struct ike_ts_sel *a, const struct ike_ts_sel *b)
{
	return ts_valid(a) && ts_valid(b) &&
	    (b->proto == 0 || a->proto == b->proto) &&
	    a->port_start >= b->port_start && a->port_end <= b->port_end &&
	    a->addr_start >= b->addr_start && a->addr_end <= b->addr_end;
}

/* Described in header. */
int
ike_ts_narrow(const struct ike_ts_list *offered,
    const struct ike_ts_list *allowed, struct ike_ts_list *out,
    char *reason, size_t reasonlen)
{
	struct ike_ts_sel	t;
	size_t		i, j, k;
	char		got[256];

	memset(out, 0, sizeof(*out));
	for (i = 0; i < offered->n; i++)
		for (j = 0; j < allowed->n; j++) {
			if (ts_intersect(&offered->v[i], &allowed->v[j], &t))
				continue;
			for (k = 0; k < out->n; k++)
				if (memcmp(&out->v[k], &t, sizeof(t)) == 0)
					break;
			if (k == out->n && out->n < IKE_TS_MAX)
				out->v[out->n++] = t;
		}
	if (out->n == 0) {
		ike_ts_list_str(offered, got, sizeof(got));
		snprintf(reason, reasonlen,
		    "traffic selectors %s are outside what we allow",
		    offered->n ? got : "(none)");
		return -1;
	}
	return 0;
}

/* Described in header. */
int
ike_ts_check_reply(const struct ike_ts_list *proposed,
    const struct ike_ts_list *got, char *reason, size_t reasonlen)
{
	char	s[64];
	size_t	i, j;

	if (got->n == 0) {
		snprintf(reason, reasonlen, "peer returned no selector");
		return -1;
	}
	for (i = 0; i < got->n; i++) {
		for (j = 0; j < proposed->n; j++)
			if (ts_within(&got->v[i], &proposed->v[j]))
				break;
		if (j == proposed->n) {
			ike_ts_str(&got->v[i], s, sizeof(s));
			snprintf(reason, reasonlen, "peer's traffic selector "
			    "%s is not inside what we proposed", s);
			return -1;
		}
	}
	return 0;
}

static void
addr_str(uint32_t a, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
	    (a >> 8) & 0xff, a & 0xff);
}

/* Described in header. */
void
ike_ts_str(const struct ike_ts_sel *ts, char *buf, size_t len)
{
	char	a[16], b[16];

	if (ts->type != IKE_TS_IPV4_ADDR_RANGE) {
		snprintf(buf, len, "(TS type %u)", ts->type);
		return;
	}
	addr_str(ts->addr_start, a, sizeof(a));
	addr_str(ts->addr_end, b, sizeof(b));
	snprintf(buf, len, "%s/%u - %s/%u", a, ts->port_start, b,
	    ts->port_end);
}

/* Described in header. */
void
ike_ts_list_str(const struct ike_ts_list *l, char *buf, size_t len)
{
	char	s[64];
	size_t	i, used;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < l->n; i++) {
		used = strnlen(buf, len);
		ike_ts_str(&l->v[i], s, sizeof(s));
		snprintf(buf + used, len - used, "%s%s", i ? ", " : "", s);
	}
}
