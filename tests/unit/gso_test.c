/*
 * TCP segmentation and coalescing for TUN offloads (platform/gso.c):
 * checksums (RFC 1071's example), a super-packet cut into segments whose
 * checksums, sequence numbers, IDs and flags each verify on their own,
 * the segments glued back into the original, and every reason two
 * segments must not be glued.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "platform/gso.h"

#define TCP_FIN	0x01
#define TCP_SYN	0x02
#define TCP_PSH	0x08
#define TCP_ACK	0x10

static uint16_t
g16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
g32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* A TCP/IPv4 packet of plen payload octets (byte i of the stream is
 * (seq + i) & 0xff), 12 octets of options (timestamps). */
static size_t
mk_tcp(uint8_t *p, uint32_t seq, size_t plen, uint8_t flags,
    uint16_t sport)
{
	size_t	hl = 20 + 32, i, len = hl + plen;

	memset(p, 0, hl);
	p[0] = 0x45;
	p[2] = (uint8_t)(len >> 8);
	p[3] = (uint8_t)len;
	p[4] = 0x12;
	p[5] = 0x34;
	p[6] = 0x40;			/* DF */
	p[8] = 64;
	p[9] = 6;
	inet_pton(AF_INET, "192.0.2.1", p + 12);
	inet_pton(AF_INET, "192.0.2.2", p + 16);
	p[20] = (uint8_t)(sport >> 8);
	p[21] = (uint8_t)sport;
	p[22] = 0x14;			/* port 5201 */
	p[23] = 0x51;
	p[24] = (uint8_t)(seq >> 24);
	p[25] = (uint8_t)(seq >> 16);
	p[26] = (uint8_t)(seq >> 8);
	p[27] = (uint8_t)seq;
	p[28] = 0xaa;			/* ack */
	p[32] = 8 << 4;			/* 32-octet header */
	p[33] = flags;
	p[34] = 0x01;			/* window */
	p[40] = 1;
	p[41] = 1;
	p[42] = 8;			/* timestamps */
	p[43] = 10;
	p[47] = 7;
	for (i = 0; i < plen; i++)
		p[hl + i] = (uint8_t)(seq + i);
	return len;
}

/* 1 when the IPv4 header checksum and the TCP checksum verify. */
static int
sums_ok(const uint8_t *p, size_t len)
{
	uint32_t	s;
	size_t		tl = len - 20;

	if (dp_csum_fold(dp_csum_add(0, p, 20)) != 0xffff)
		return 0;
	s = dp_csum_add(0, p + 12, 8) + 6 + (uint32_t)tl;
	return dp_csum_fold(dp_csum_add(s, p + 20, tl)) == 0xffff;
}

START_TEST(test_checksum_rfc1071)
{
	/* RFC 1071 section 3's example: the sum is 0xddf2. */
	static const uint8_t b[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5,
	    0xf6, 0xf7 };

	ck_assert_uint_eq(dp_csum_fold(dp_csum_add(0, b, sizeof(b))), 0xddf2);
	/* Odd lengths pad with a zero octet. */
	ck_assert_uint_eq(dp_csum_fold(dp_csum_add(0, b, 3)), 0xf201 + 0);
	ck_assert_uint_eq(dp_csum_fold(dp_csum_add(0, b, 0)), 0);
}
END_TEST

/* The word-at-a-time sum against the definition, 16-bit big-endian words
 * one by one: every length 0..300 at every alignment, starting sums of
 * all sizes, all-0xff data. */
static uint16_t
csum_ref(uint32_t sum, const uint8_t *p, size_t len)
{
	uint64_t	acc = sum;
	size_t		i;

	for (i = 0; i + 1 < len; i += 2)
		acc += (uint32_t)p[i] << 8 | p[i + 1];
	if (len % 2)
		acc += (uint32_t)p[len - 1] << 8;
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)acc;
}

START_TEST(test_checksum_matches_definition)
{
	static const uint32_t	 sums[] = { 0, 1, 0xffff, 0x12345,
				    0xfffffffe, 0xffffffff };
	uint8_t			 buf[320];
	size_t			 len, off, k, i;
	uint32_t		 st = 99;

	for (i = 0; i < sizeof(buf); i++) {
		st = st * 1103515245 + 12345;
		buf[i] = (uint8_t)(st >> 16);
	}
	for (k = 0; k < sizeof(sums) / sizeof(sums[0]); k++)
		for (off = 0; off < 8; off++)
			for (len = 0; len <= 300; len++)
				if (dp_csum_fold(dp_csum_add(sums[k],
				    buf + off, len)) !=
				    csum_ref(sums[k], buf + off, len))
					ck_abort_msg("sum %#x off %zu len %zu",
					    sums[k], off, len);
	memset(buf, 0xff, sizeof(buf));
	for (len = 0; len <= 300; len++)
		ck_assert_uint_eq(dp_csum_fold(dp_csum_add(0, buf, len)),
		    csum_ref(0, buf, len));
}
END_TEST

START_TEST(test_vnet_round_trip)
{
	struct dp_vnet	v = { DP_VNET_NEEDS_CSUM, DP_VNET_GSO_TCPV4, 52, 1348,
	    20, 16 }, w;
	uint8_t		b[DP_VNET_LEN];

	dp_vnet_encode(&v, b);
	dp_vnet_decode(b, &w);
	ck_assert_int_eq(memcmp(&v, &w, sizeof(v)), 0);
}
END_TEST

START_TEST(test_segment)
{
	static uint8_t	big[65536], seg[4096];
	struct dp_vnet	v = { DP_VNET_NEEDS_CSUM, DP_VNET_GSO_TCPV4, 52, 1000,
	    20, 16 };
	size_t		len = mk_tcp(big, 1000000, 2500, TCP_ACK | TCP_PSH |
	    TCP_FIN, 40000), n, mx, k, sl, i;

	ck_assert_int_eq(dp_gso_count(big, len, &v, &n, &mx), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(mx, 52 + 1000);
	for (k = 0; k < n; k++) {
		sl = dp_gso_segment(big, len, &v, k, seg, sizeof(seg));
		ck_assert_uint_eq(sl, 52 + (k < 2 ? 1000 : 500));
		ck_assert_uint_eq(g16(seg + 2), sl);
		ck_assert_uint_eq(g16(seg + 4), 0x1234 + k);
		ck_assert_uint_eq(g32(seg + 24), 1000000 + k * 1000);
		ck_assert_uint_eq(seg[33], k < 2 ? TCP_ACK :
		    (TCP_ACK | TCP_PSH | TCP_FIN));
		ck_assert_msg(sums_ok(seg, sl), "segment %zu checksums", k);
		for (i = 52; i < sl; i++)
			ck_assert_uint_eq(seg[i],
			    (uint8_t)(1000000 + k * 1000 + i - 52));
	}
	ck_assert_uint_eq(dp_gso_segment(big, len, &v, 3, seg, sizeof(seg)),
	    0);
	ck_assert_uint_eq(dp_gso_segment(big, len, &v, 0, seg, 100), 0);
}
END_TEST

START_TEST(test_segment_refused)
{
	static uint8_t	big[65536];
	struct dp_vnet	v = { 0, DP_VNET_GSO_TCPV4, 52, 1000, 20, 16 };
	size_t		len = mk_tcp(big, 1, 3000, TCP_ACK, 1), n, mx;

	v.gso_size = 0;
	ck_assert_int_eq(dp_gso_count(big, len, &v, &n, &mx), -1);
	v.gso_size = 10;	/* 300 segments */
	ck_assert_int_eq(dp_gso_count(big, len, &v, &n, &mx), -1);
	v.gso_size = 1000;
	v.gso_type = 4;		/* UDP, not offered */
	ck_assert_int_eq(dp_gso_count(big, len, &v, &n, &mx), -1);
	v.gso_type = DP_VNET_GSO_TCPV4;
	ck_assert_int_eq(dp_gso_count(big, len - 1, &v, &n, &mx), -1);
	ck_assert_int_eq(dp_gso_count(big, 40, &v, &n, &mx), -1);
	big[32] = 15 << 4;	/* a TCP header longer than the packet? no */
	ck_assert_int_eq(dp_gso_count(big, len, &v, &n, &mx), 0);
	big[32] = 2 << 4;	/* shorter than 20 */
	ck_assert_int_eq(dp_gso_count(big, len, &v, &n, &mx), -1);
	len = mk_tcp(big, 1, 0, TCP_ACK, 1);
	big[32] = 8 << 4;
	ck_assert_int_eq(dp_gso_count(big, len, &v, &n, &mx), -1);
	len = mk_tcp(big, 1, 100, TCP_ACK, 1);
	big[9] = 17;
	ck_assert_int_eq(dp_gso_count(big, len, &v, &n, &mx), -1);
	big[9] = 6;
	big[6] = 0x20;		/* more fragments */
	ck_assert_int_eq(dp_gso_count(big, len, &v, &n, &mx), -1);
}
END_TEST

START_TEST(test_csum_complete)
{
	uint8_t		p[256];
	struct dp_vnet	v = { DP_VNET_NEEDS_CSUM, 0, 0, 0, 20, 16 };
	size_t		len = mk_tcp(p, 77, 100, TCP_ACK, 9);
	uint32_t	ps = dp_csum_add(0, p + 12, 8) + 6 + (uint32_t)(len - 20);

	p[10] = p[11] = 0;
	{
		uint16_t c = (uint16_t)~dp_csum_fold(dp_csum_add(0, p, 20));

		p[10] = (uint8_t)(c >> 8);
		p[11] = (uint8_t)c;
	}
	/* What the kernel leaves: the pseudo-header's sum in the field. */
	p[36] = (uint8_t)(dp_csum_fold(ps) >> 8);
	p[37] = (uint8_t)dp_csum_fold(ps);
	ck_assert(!sums_ok(p, len));
	ck_assert_int_eq(dp_csum_complete(p, len, &v), 0);
	ck_assert(sums_ok(p, len));
	v.csum_offset = (uint16_t)len;
	ck_assert_int_eq(dp_csum_complete(p, len, &v), -1);
	v.csum_start = (uint16_t)len;
	v.csum_offset = 0;
	ck_assert_int_eq(dp_csum_complete(p, len, &v), -1);
	v.flags = 0;		/* nothing to do */
	ck_assert_int_eq(dp_csum_complete(p, len, &v), 0);
}
END_TEST

START_TEST(test_gro_round_trip)
{
	static uint8_t	big[65536], seg[3][2048], out[65536 + 64];
	struct dp_vnet	v = { DP_VNET_NEEDS_CSUM, DP_VNET_GSO_TCPV4, 52, 1000,
	    20, 16 }, w;
	struct dp_gro	g;
	size_t		len = mk_tcp(big, 5, 2500, TCP_ACK | TCP_PSH, 40000);
	size_t		sl[3], k, ol;
	uint32_t	ps;

	for (k = 0; k < 3; k++)
		sl[k] = dp_gso_segment(big, len, &v, k, seg[k], sizeof(seg[k]));
	dp_gro_init(&g, out, sizeof(out));
	for (k = 0; k < 3; k++)
		ck_assert_int_eq(dp_gro_add(&g, seg[k], sl[k]), 1);
	ck_assert_uint_eq(g.nseg, 3);
	ol = dp_gro_finish(&g, &w);
	ck_assert_uint_eq(ol, len);
	ck_assert_uint_eq(w.gso_type, DP_VNET_GSO_TCPV4);
	ck_assert_uint_eq(w.flags, DP_VNET_NEEDS_CSUM);
	ck_assert_uint_eq(w.gso_size, 1000);
	ck_assert_uint_eq(w.hdr_len, 52);
	ck_assert_uint_eq(w.csum_start, 20);
	ck_assert_uint_eq(w.csum_offset, 16);
	ck_assert_uint_eq(out[33], TCP_ACK | TCP_PSH);
	ck_assert_uint_eq(g16(out + 2), len);
	ck_assert_uint_eq(dp_csum_fold(dp_csum_add(0, out, 20)), 0xffff);
	ck_assert_int_eq(memcmp(out + 52, big + 52, 2500), 0);
	/* The partial checksum: the pseudo-header over the whole. */
	ps = dp_csum_add(0, out + 12, 8) + 6 + (uint32_t)(len - 20);
	ck_assert_uint_eq(g16(out + 36), dp_csum_fold(ps));
	/* Completing it as a device would gives a valid packet. */
	ck_assert_int_eq(dp_csum_complete(out, ol, &w), 0);
	ck_assert(sums_ok(out, ol));
	ck_assert_uint_eq(dp_gro_finish(&g, &w), 0);
}
END_TEST

START_TEST(test_gro_single)
{
	uint8_t		p[2048], out[4096];
	struct dp_vnet	w;
	struct dp_gro	g;
	size_t		len = mk_tcp(p, 5, 100, TCP_ACK, 1);

	dp_gro_init(&g, out, sizeof(out));
	ck_assert_int_eq(dp_gro_add(&g, p, len), 1);
	ck_assert_uint_eq(dp_gro_finish(&g, &w), len);
	/* Alone: unchanged, no offload asked for. */
	ck_assert_int_eq(memcmp(out, p, len), 0);
	ck_assert_uint_eq(w.flags, 0);
	ck_assert_uint_eq(w.gso_type, DP_VNET_GSO_NONE);
}
END_TEST

/* g holds segment seq 0 (1000 octets); does the next packet join? */
static int
joins(uint8_t *q, size_t qlen)
{
	static uint8_t	out[65536];
	uint8_t		p[2048];
	struct dp_gro	g;
	size_t		len = mk_tcp(p, 0, 1000, TCP_ACK, 1);

	dp_gro_init(&g, out, sizeof(out));
	ck_assert_int_eq(dp_gro_add(&g, p, len), 1);
	return dp_gro_add(&g, q, qlen);
}

START_TEST(test_gro_refusals)
{
	uint8_t		q[2048], p[2048], out[8192];
	struct dp_gro	g;
	size_t		len;

	len = mk_tcp(q, 1000, 1000, TCP_ACK, 1);
	ck_assert_int_eq(joins(q, len), 1);		/* the control */
	len = mk_tcp(q, 1000, 400, TCP_ACK | TCP_PSH, 1);
	ck_assert_int_eq(joins(q, len), 1);		/* a short last one */
	len = mk_tcp(q, 1001, 1000, TCP_ACK, 1);
	ck_assert_int_eq(joins(q, len), 0);		/* a gap */
	len = mk_tcp(q, 1000, 1000, TCP_ACK, 2);
	ck_assert_int_eq(joins(q, len), 0);		/* another stream */
	len = mk_tcp(q, 1000, 1000, TCP_ACK | TCP_SYN, 1);
	ck_assert_int_eq(joins(q, len), 0);
	len = mk_tcp(q, 1000, 1000, TCP_ACK | TCP_FIN, 1);
	ck_assert_int_eq(joins(q, len), 0);
	len = mk_tcp(q, 1000, 1001, TCP_ACK, 1);
	ck_assert_int_eq(joins(q, len), 0);		/* longer than the first */
	len = mk_tcp(q, 1000, 0, TCP_ACK, 1);
	ck_assert_int_eq(joins(q, len), 0);		/* no data */
	len = mk_tcp(q, 1000, 1000, TCP_ACK, 1);
	q[47] = 8;					/* other timestamps */
	ck_assert_int_eq(joins(q, len), 0);
	len = mk_tcp(q, 1000, 1000, TCP_ACK, 1);
	q[31] = 1;					/* other ack */
	ck_assert_int_eq(joins(q, len), 0);
	len = mk_tcp(q, 1000, 1000, TCP_ACK, 1);
	q[35] = 9;					/* other window */
	ck_assert_int_eq(joins(q, len), 0);
	len = mk_tcp(q, 1000, 1000, TCP_ACK, 1);
	q[8] = 63;					/* other TTL */
	ck_assert_int_eq(joins(q, len), 0);
	len = mk_tcp(q, 1000, 1000, TCP_ACK, 1);
	q[1] = 4;					/* other TOS */
	ck_assert_int_eq(joins(q, len), 0);
	len = mk_tcp(q, 1000, 1000, TCP_ACK, 1);
	q[9] = 17;					/* not TCP */
	ck_assert_int_eq(joins(q, len), 0);

	/* After a short segment, or a PSH, nothing more joins. */
	dp_gro_init(&g, out, sizeof(out));
	len = mk_tcp(p, 0, 1000, TCP_ACK, 1);
	ck_assert_int_eq(dp_gro_add(&g, p, len), 1);
	len = mk_tcp(p, 1000, 500, TCP_ACK, 1);
	ck_assert_int_eq(dp_gro_add(&g, p, len), 1);
	len = mk_tcp(p, 1500, 500, TCP_ACK, 1);
	ck_assert_int_eq(dp_gro_add(&g, p, len), 0);
	/* A first packet that is not plain ACK with data stands alone. */
	dp_gro_init(&g, out, sizeof(out));
	len = mk_tcp(p, 0, 1000, TCP_ACK | TCP_PSH, 1);
	ck_assert_int_eq(dp_gro_add(&g, p, len), 1);
	len = mk_tcp(p, 1000, 1000, TCP_ACK, 1);
	ck_assert_int_eq(dp_gro_add(&g, p, len), 0);
	/* The buffer bounds what joins. */
	dp_gro_init(&g, out, 1500);
	len = mk_tcp(p, 0, 1000, TCP_ACK, 1);
	ck_assert_int_eq(dp_gro_add(&g, p, len), 1);
	len = mk_tcp(p, 1000, 1000, TCP_ACK, 1);
	ck_assert_int_eq(dp_gro_add(&g, p, len), 0);
	/* A packet that is not TCP travels alone, and only into an empty
	 * coalescer. */
	dp_gro_init(&g, out, sizeof(out));
	len = mk_tcp(p, 0, 100, TCP_ACK, 1);
	p[9] = 1;
	ck_assert_int_eq(dp_gro_add(&g, p, len), 1);
	ck_assert_int_eq(dp_gro_add(&g, p, len), 0);
}
END_TEST

/* Runs for UDP_SEGMENT: equal sizes, a shorter last one, the caps. */
START_TEST(test_udp_gso_run)
{
	size_t	eq[70], mix[] = { 1450, 1450, 1450, 900, 1450, 1450 };
	size_t	grow[] = { 900, 1450, 1450 }, big[] = { 70000, 10 };
	size_t	k;

	for (k = 0; k < 70; k++)
		eq[k] = 1000;
	ck_assert_uint_eq(dp_udp_gso_run(eq, 0, 64, 65000), 0);
	ck_assert_uint_eq(dp_udp_gso_run(eq, 1, 64, 65000), 1);
	ck_assert_uint_eq(dp_udp_gso_run(eq, 10, 64, 65000), 10);
	/* The count cap, then the byte cap (65 x 1000 > 65000). */
	ck_assert_uint_eq(dp_udp_gso_run(eq, 70, 64, 65000), 64);
	ck_assert_uint_eq(dp_udp_gso_run(eq, 70, 128, 65000), 65);
	ck_assert_uint_eq(dp_udp_gso_run(eq, 70, 128, 64999), 64);
	/* A shorter datagram ends its run, and is in it. */
	ck_assert_uint_eq(dp_udp_gso_run(mix, 6, 64, 65000), 4);
	ck_assert_uint_eq(dp_udp_gso_run(mix + 4, 2, 64, 65000), 2);
	/* A longer one starts the next run. */
	ck_assert_uint_eq(dp_udp_gso_run(grow, 3, 64, 65000), 1);
	ck_assert_uint_eq(dp_udp_gso_run(grow + 1, 2, 64, 65000), 2);
	/* One datagram over the byte cap is still a run of its own. */
	ck_assert_uint_eq(dp_udp_gso_run(big, 2, 64, 65000), 1);
	ck_assert_uint_eq(dp_udp_gso_run(eq, 5, 1, 65000), 1);
}
END_TEST

static Suite *
gso_suite(void)
{
	Suite	*s = suite_create("gso");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_checksum_rfc1071);
	tcase_add_test(tc, test_checksum_matches_definition);
	tcase_add_test(tc, test_vnet_round_trip);
	tcase_add_test(tc, test_segment);
	tcase_add_test(tc, test_segment_refused);
	tcase_add_test(tc, test_csum_complete);
	tcase_add_test(tc, test_gro_round_trip);
	tcase_add_test(tc, test_gro_single);
	tcase_add_test(tc, test_gro_refusals);
	tcase_add_test(tc, test_udp_gso_run);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(gso_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
