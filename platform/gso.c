/*
 * TCP segmentation and coalescing (see gso.h).  Every offset read from a
 * packet or a virtio-net header is compared with the octets at hand
 * before it is used.
 */
#include "config.h"

#include <string.h>

#include "platform/gso.h"

#define IP_MIN		20
#define TCP_MIN		20
#define TCP_FIN		0x01
#define TCP_SYN		0x02
#define TCP_RST		0x04
#define TCP_PSH		0x08
#define TCP_ACK		0x10
#define TCP_URG		0x20
#define TCP_ECE		0x40
#define TCP_CWR		0x80

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Described in gso.h (host byte order: the TUN ABI on this host). */
void
dp_vnet_decode(const uint8_t b[DP_VNET_LEN], struct dp_vnet *v)
{
	v->flags = b[0];
	v->gso_type = b[1];
	memcpy(&v->hdr_len, b + 2, 2);
	memcpy(&v->gso_size, b + 4, 2);
	memcpy(&v->csum_start, b + 6, 2);
	memcpy(&v->csum_offset, b + 8, 2);
}

/* Described in gso.h. */
void
dp_vnet_encode(const struct dp_vnet *v, uint8_t b[DP_VNET_LEN])
{
	b[0] = v->flags;
	b[1] = v->gso_type;
	memcpy(b + 2, &v->hdr_len, 2);
	memcpy(b + 4, &v->gso_size, 2);
	memcpy(b + 6, &v->csum_start, 2);
	memcpy(b + 8, &v->csum_offset, 2);
}

/*
 * Described in gso.h.  RFC 1071 section 2 (B): the sum does not depend on
 * the byte order, so the octets are summed as native 32-bit words, four
 * at a time, into 64 bits, and the folded result is swapped into network
 * order once at the end (on a little-endian host).  This runs once over
 * every segment the data plane cuts, so it is worth the care.
 */
uint32_t
dp_csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	uint64_t	acc = 0;
	uint32_t	w[4];
	uint16_t	h;

	while (len >= 16) {
		memcpy(w, p, 16);
		acc += (uint64_t)w[0] + w[1] + w[2] + w[3];
		p += 16;
		len -= 16;
	}
	while (len >= 4) {
		memcpy(w, p, 4);
		acc += w[0];
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		memcpy(&h, p, 2);
		acc += h;
		p += 2;
		len -= 2;
	}
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (len)
		acc += p[0];		/* the high octet of a zero-padded word */
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	acc = (acc >> 8 | acc << 8) & 0xffff;
#else
	if (len)
		acc += (uint32_t)p[0] << 8;
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
#endif
	acc += sum;
	while (acc >> 32)
		acc = (acc & 0xffffffffu) + (acc >> 32);
	return (uint32_t)acc;
}

/* Described in gso.h. */
uint16_t
dp_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* The IPv4 pseudo-header's sum for a transport segment of tlen octets. */
static uint32_t
pseudo_sum(const uint8_t *ip, uint8_t proto, size_t tlen)
{
	uint32_t	sum;

	sum = dp_csum_add(0, ip + 12, 8);	/* source, destination */
	return sum + proto + (uint32_t)tlen;
}

static void
ip_checksum(uint8_t *ip, size_t ihl)
{
	put16(ip + 10, 0);
	put16(ip + 10, (uint16_t)~dp_csum_fold(dp_csum_add(0, ip, ihl)));
}

/* Described in gso.h. */
int
dp_csum_complete(uint8_t *pkt, size_t len, const struct dp_vnet *v)
{
	size_t	start = v->csum_start, at = start + v->csum_offset;

	if (!(v->flags & DP_VNET_NEEDS_CSUM))
		return 0;
	if (start >= len || at + 2 > len)
		return -1;
	/* The field holds the pseudo-header's sum already. */
	put16(pkt + at, (uint16_t)~dp_csum_fold(dp_csum_add(0, pkt + start,
	    len - start)));
	return 0;
}

/* Header lengths of a TCP/IPv4 packet that fills pkt[0 .. len) exactly:
 * 0, or -1. */
static int
tcp4_headers(const uint8_t *pkt, size_t len, size_t *ihl, size_t *hlen)
{
	size_t	ih, th;

	if (len < IP_MIN + TCP_MIN || (pkt[0] >> 4) != 4)
		return -1;
	ih = (size_t)(pkt[0] & 0x0f) * 4;
	if (ih < IP_MIN || pkt[9] != 6 || get16(pkt + 2) != len ||
	    (get16(pkt + 6) & 0x3fff) != 0)	/* MF or an offset */
		return -1;
	if (len < ih + TCP_MIN)
		return -1;
	th = (size_t)(pkt[ih + 12] >> 4) * 4;
	if (th < TCP_MIN || ih + th > len)
		return -1;
	*ihl = ih;
	*hlen = ih + th;
	return 0;
}

/* Described in gso.h.  The IPv4 total length of a super-packet is the
 * whole of it (at most 65535 octets), as the kernel builds it. */
int
dp_gso_count(const uint8_t *pkt, size_t len, const struct dp_vnet *v,
    size_t *nseg, size_t *seglen_max)
{
	size_t	ihl, hlen, pay, n;

	if ((v->gso_type & ~DP_VNET_GSO_ECN) != DP_VNET_GSO_TCPV4 ||
	    v->gso_size == 0 || tcp4_headers(pkt, len, &ihl, &hlen) == -1)
		return -1;
	pay = len - hlen;
	if (pay == 0)
		return -1;
	n = (pay + v->gso_size - 1) / v->gso_size;
	if (n > DP_GSO_MAX_SEGS)
		return -1;
	*nseg = n;
	*seglen_max = hlen + (pay < v->gso_size ? pay : v->gso_size);
	return 0;
}

/* Described in gso.h. */
size_t
dp_gso_segment(const uint8_t *pkt, size_t len, const struct dp_vnet *v,
    size_t k, uint8_t *out, size_t cap)
{
	size_t		ihl, hlen, pay, off, plen, n, mx, tlen;
	uint8_t		flags;

	if (dp_gso_count(pkt, len, v, &n, &mx) == -1 || k >= n)
		return 0;
	(void)tcp4_headers(pkt, len, &ihl, &hlen);
	pay = len - hlen;
	off = k * v->gso_size;
	plen = pay - off < v->gso_size ? pay - off : v->gso_size;
	if (hlen + plen > cap)
		return 0;
	memcpy(out, pkt, hlen);
	memcpy(out + hlen, pkt + hlen + off, plen);
	put16(out + 2, (uint16_t)(hlen + plen));
	put16(out + 4, (uint16_t)(get16(pkt + 4) + k));
	ip_checksum(out, ihl);
	put32(out + ihl + 4, get32(pkt + ihl + 4) + (uint32_t)off);
	flags = pkt[ihl + 13];
	if (k + 1 < n)
		flags &= (uint8_t)~(TCP_FIN | TCP_PSH);
	if (k > 0)
		flags &= (uint8_t)~TCP_CWR;
	out[ihl + 13] = flags;
	tlen = hlen - ihl + plen;
	put16(out + ihl + 16, 0);
	put16(out + ihl + 16, (uint16_t)~dp_csum_fold(dp_csum_add(
	    pseudo_sum(out, 6, tlen), out + ihl, tlen)));
	return hlen + plen;
}

/* Described in gso.h. */
void
dp_gro_init(struct dp_gro *g, uint8_t *buf, size_t cap)
{
	memset(g, 0, sizeof(*g));
	g->buf = buf;
	g->cap = cap;
}

/* 1 when segment p (headers hlen, payload plen) may follow what g holds. */
static int
gro_fits(const struct dp_gro *g, const uint8_t *p, size_t ihl, size_t hlen,
    size_t plen)
{
	const uint8_t	*q = g->buf;
	size_t		 qihl = (size_t)(q[0] & 0x0f) * 4;

	if (g->closed || hlen != g->hlen || ihl != qihl || plen == 0 ||
	    plen > g->seg || g->len + plen > g->cap || g->len + plen > 65535 ||
	    g->nseg >= DP_GSO_MAX_SEGS)
		return 0;
	/* IPv4: version/IHL, TOS, flags (DF), TTL, protocol, addresses and
	 * any options alike; length, ID and checksum may differ. */
	if (p[0] != q[0] || p[1] != q[1] || p[6] != q[6] || p[8] != q[8] ||
	    memcmp(p + 12, q + 12, ihl - 12) != 0)
		return 0;
	/* TCP: ports, acknowledgement, window, options alike; the sequence
	 * number follows on. */
	if (memcmp(p + ihl, q + ihl, 4) != 0 ||
	    memcmp(p + ihl + 8, q + ihl + 8, 5) != 0 ||	/* ack, offset */
	    memcmp(p + ihl + 14, q + ihl + 14, 2) != 0 ||	/* window */
	    memcmp(p + ihl + 18, q + ihl + 18, hlen - ihl - 18) != 0)
		return 0;
	return get32(p + ihl + 4) ==
	    get32(q + ihl + 4) + (uint32_t)(g->len - g->hlen);
}

/* Described in gso.h. */
int
dp_gro_add(struct dp_gro *g, const uint8_t *pkt, size_t len)
{
	size_t		ihl, hlen, plen;
	uint8_t		fl;

	if (tcp4_headers(pkt, len, &ihl, &hlen) == -1) {
		/* Anything but plain TCP/IPv4 travels alone. */
		if (g->len != 0 || len > g->cap)
			return 0;
		memcpy(g->buf, pkt, len);
		g->len = len;
		g->hlen = 0;
		g->nseg = 1;
		g->closed = 1;
		return 1;
	}
	plen = len - hlen;
	fl = pkt[ihl + 13];
	if (g->len == 0) {
		if (len > g->cap)
			return 0;
		memcpy(g->buf, pkt, len);
		g->len = len;
		g->hlen = hlen;
		g->seg = plen;
		g->nseg = 1;
		/* Only a plain ACK segment with data may be followed. */
		g->closed = plen == 0 || fl != TCP_ACK;
		return 1;
	}
	if ((fl & ~TCP_PSH) != TCP_ACK || !gro_fits(g, pkt, ihl, hlen, plen))
		return 0;
	memcpy(g->buf + g->len, pkt + hlen, plen);
	g->len += plen;
	g->nseg++;
	if (fl & TCP_PSH) {
		g->buf[ihl + 13] |= TCP_PSH;
		g->closed = 1;
	}
	if (plen < g->seg)
		g->closed = 1;
	return 1;
}

/* Described in gso.h. */
size_t
dp_gro_finish(struct dp_gro *g, struct dp_vnet *v)
{
	size_t	len = g->len, ihl;

	memset(v, 0, sizeof(*v));
	if (len == 0)
		return 0;
	if (g->nseg > 1) {
		ihl = (size_t)(g->buf[0] & 0x0f) * 4;
		put16(g->buf + 2, (uint16_t)len);
		ip_checksum(g->buf, ihl);
		/* A partial checksum: the pseudo-header's sum, which the
		 * receiving stack trusts (CHECKSUM_PARTIAL). */
		put16(g->buf + ihl + 16, dp_csum_fold(pseudo_sum(g->buf, 6,
		    len - ihl)));
		v->flags = DP_VNET_NEEDS_CSUM;
		v->gso_type = DP_VNET_GSO_TCPV4;
		v->hdr_len = (uint16_t)g->hlen;
		v->gso_size = (uint16_t)g->seg;
		v->csum_start = (uint16_t)ihl;
		v->csum_offset = 16;
	}
	g->len = 0;
	g->nseg = 0;
	g->closed = 0;
	return len;
}

/* Described in header. */
size_t
dp_udp_gso_run(const size_t *len, size_t n, size_t max_count,
    size_t max_bytes)
{
	size_t	k, sum;

	if (n == 0)
		return 0;
	sum = len[0];
	for (k = 1; k < n && k < max_count; k++) {
		if (len[k] > len[0] || sum > max_bytes ||
		    len[k] > max_bytes - sum)
			break;
		sum += len[k];
		if (len[k] < len[0])
			return k + 1;	/* a shorter one ends the run */
	}
	return k;
}
