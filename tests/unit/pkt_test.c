/*
 * The data plane's IPv4 header reader and selector matching
 * (platform/pkt.c): well-formed headers, every kind of malformed one, and
 * selectors with addresses, protocols, ports and fragments.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "platform/pkt.h"

/* A 20-octet header plus 8 octets of TCP/UDP-like payload. */
static size_t
mk(uint8_t *p, uint8_t proto, const char *src, const char *dst,
    uint16_t sport, uint16_t dport, uint16_t frag)
{
	memset(p, 0, 28);
	p[0] = 0x45;
	p[3] = 28;
	p[6] = (uint8_t)(frag >> 8);
	p[7] = (uint8_t)frag;
	p[8] = 64;
	p[9] = proto;
	inet_pton(AF_INET, src, p + 12);
	inet_pton(AF_INET, dst, p + 16);
	p[20] = (uint8_t)(sport >> 8);
	p[21] = (uint8_t)sport;
	p[22] = (uint8_t)(dport >> 8);
	p[23] = (uint8_t)dport;
	return 28;
}

static struct dp_ts
ts(const char *lo, const char *hi, uint8_t proto, uint16_t p0, uint16_t p1)
{
	struct dp_ts	t;

	memset(&t, 0, sizeof(t));
	inet_pton(AF_INET, lo, &t.addr_start);
	inet_pton(AF_INET, hi, &t.addr_end);
	t.proto = proto;
	t.port_start = p0;
	t.port_end = p1;
	return t;
}

START_TEST(test_parse_good)
{
	uint8_t		p[64];
	struct dp_pkt	h;
	char		a[16];
	size_t		n = mk(p, 6, "192.0.2.1", "192.0.2.2", 40000, 22, 0);

	ck_assert_int_eq(dp_pkt_parse(p, n, &h), 0);
	ck_assert_uint_eq(h.proto, 6);
	ck_assert_uint_eq(h.hlen, 20);
	ck_assert_uint_eq(h.len, 28);
	ck_assert_uint_eq(h.sport, 40000);
	ck_assert_uint_eq(h.dport, 22);
	ck_assert_int_eq(h.later_frag, 0);
	inet_ntop(AF_INET, &h.dst, a, sizeof(a));
	ck_assert_str_eq(a, "192.0.2.2");
	/* Trailing octets past the total length are not the packet's. */
	ck_assert_int_eq(dp_pkt_parse(p, n + 10, &h), 0);
	ck_assert_uint_eq(h.len, 28);
	/* ICMP has no ports. */
	mk(p, 1, "192.0.2.1", "192.0.2.2", 0x0800, 0, 0);
	ck_assert_int_eq(dp_pkt_parse(p, n, &h), 0);
	ck_assert_uint_eq(h.sport, 0);
}
END_TEST

START_TEST(test_parse_bad)
{
	uint8_t		p[64];
	struct dp_pkt	h;
	size_t		n = mk(p, 17, "192.0.2.1", "192.0.2.2", 1, 2, 0), i;

	for (i = 0; i < 20; i++)
		ck_assert_int_eq(dp_pkt_parse(p, i, &h), -1);
	p[0] = 0x65;			/* version 6 */
	ck_assert_int_eq(dp_pkt_parse(p, n, &h), -1);
	p[0] = 0x44;			/* IHL 4 */
	ck_assert_int_eq(dp_pkt_parse(p, n, &h), -1);
	p[0] = 0x4f;			/* IHL 15: 60 > total length */
	ck_assert_int_eq(dp_pkt_parse(p, n, &h), -1);
	p[0] = 0x45;
	p[3] = 29;			/* longer than the buffer */
	ck_assert_int_eq(dp_pkt_parse(p, n, &h), -1);
	p[3] = 19;			/* shorter than its header */
	ck_assert_int_eq(dp_pkt_parse(p, n, &h), -1);
}
END_TEST

START_TEST(test_selectors)
{
	uint8_t		p[64];
	struct dp_pkt	h;
	struct dp_ts	any, a1, a2, ssh, udp;

	memset(&any, 0, sizeof(any));
	a1 = ts("192.0.2.1", "192.0.2.1", 0, 0, 65535);
	a2 = ts("192.0.2.0", "192.0.2.255", 0, 0, 65535);
	ssh = ts("192.0.2.2", "192.0.2.2", 6, 22, 22);
	udp = ts("0.0.0.0", "255.255.255.255", 17, 0, 65535);
	mk(p, 6, "192.0.2.1", "192.0.2.2", 40000, 22, 0);
	ck_assert_int_eq(dp_pkt_parse(p, 28, &h), 0);
	ck_assert_int_eq(dp_pkt_ts_match(&h, &any, &any), 1);
	ck_assert_int_eq(dp_pkt_ts_match(&h, &a1, &a2), 1);
	ck_assert_int_eq(dp_pkt_ts_match(&h, &a2, &a1), 0);
	ck_assert_int_eq(dp_pkt_ts_match(&h, &a1, &ssh), 1);
	ck_assert_int_eq(dp_pkt_ts_match(&h, &a1, &udp), 0);
	/* Port 23 is not ssh. */
	mk(p, 6, "192.0.2.1", "192.0.2.2", 40000, 23, 0);
	ck_assert_int_eq(dp_pkt_parse(p, 28, &h), 0);
	ck_assert_int_eq(dp_pkt_ts_match(&h, &a1, &ssh), 0);
	/* A later fragment has no ports: it cannot match a port range,
	 * but matches the all-ports one (RFC 4301 section 4.4.1.1). */
	mk(p, 6, "192.0.2.1", "192.0.2.2", 40000, 22, 0x00b9);
	ck_assert_int_eq(dp_pkt_parse(p, 28, &h), 0);
	ck_assert_int_eq(h.later_frag, 1);
	ck_assert_int_eq(dp_pkt_ts_match(&h, &a1, &ssh), 0);
	ck_assert_int_eq(dp_pkt_ts_match(&h, &a1, &a2), 1);
	/* The first fragment (MF set, offset 0) still has them. */
	mk(p, 6, "192.0.2.1", "192.0.2.2", 40000, 22, 0x2000);
	ck_assert_int_eq(dp_pkt_parse(p, 28, &h), 0);
	ck_assert_int_eq(h.later_frag, 0);
	ck_assert_int_eq(dp_pkt_ts_match(&h, &a1, &ssh), 1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("pkt");
	TCase	*tc = tcase_create("ipv4");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_parse_good);
	tcase_add_test(tc, test_parse_bad);
	tcase_add_test(tc, test_selectors);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
