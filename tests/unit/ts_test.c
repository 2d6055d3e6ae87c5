/* Unit tests for ikev2/ts.c: narrowing, reply checks, rendering. */
#include "config.h"

#include <check.h>
#include <string.h>

#include "ikev2/ts.h"

static struct ike_ts_sel
ts4(uint32_t a, uint32_t b, uint8_t proto, uint16_t p0, uint16_t p1)
{
	return (struct ike_ts_sel){ IKE_TS_IPV4_ADDR_RANGE, proto, p0, p1, a,
	    b };
}

#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

START_TEST(test_any_renders_like_show_ikev2_session)
{
	struct ike_ts_list	l;
	char			s[64];

	ike_ts_any(&l);
	ike_ts_str(&l.v[0], s, sizeof(s));
	ck_assert_str_eq(s, "0.0.0.0/0 - 255.255.255.255/65535");
}
END_TEST

START_TEST(test_responder_accepts_anything_inside_any)
{
	struct ike_ts_list	any, off, out;
	char			why[256];

	ike_ts_any(&any);
	memset(&off, 0, sizeof(off));
	off.v[off.n++] = ts4(IP(192, 0, 2, 1), IP(192, 0, 2, 1), 1, 0, 65535);
	off.v[off.n++] = ts4(IP(198, 51, 100, 0), IP(198, 51, 100, 255), 6,
	    22, 22);
	ck_assert_int_eq(ike_ts_narrow(&off, &any, &out, why, sizeof(why)), 0);
	ck_assert_uint_eq(out.n, 2);
	ck_assert_mem_eq(&out.v[0], &off.v[0], sizeof(off.v[0]));
	ck_assert_mem_eq(&out.v[1], &off.v[1], sizeof(off.v[1]));
}
END_TEST

START_TEST(test_narrowing_intersects)
{
	struct ike_ts_list	a, b, out;
	char			why[256], s[64];

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.v[a.n++] = ts4(IP(10, 0, 0, 0), IP(10, 0, 255, 255), 0, 0, 65535);
	b.v[b.n++] = ts4(IP(10, 0, 1, 0), IP(10, 1, 0, 0), 17, 500, 4500);
	ck_assert_int_eq(ike_ts_narrow(&a, &b, &out, why, sizeof(why)), 0);
	ck_assert_uint_eq(out.n, 1);
	ike_ts_str(&out.v[0], s, sizeof(s));
	ck_assert_str_eq(s, "10.0.1.0/500 - 10.0.255.255/4500");
	ck_assert_uint_eq(out.v[0].proto, 17);
}
END_TEST

START_TEST(test_ipv6_only_is_unacceptable)
{
	struct ike_ts_list	any, off, out;
	char			why[256];

	ike_ts_any(&any);
	memset(&off, 0, sizeof(off));
	off.v[off.n] = ts4(0, 0, 0, 0, 65535);
	off.v[off.n++].type = IKE_TS_IPV6_ADDR_RANGE;
	ck_assert_int_eq(ike_ts_narrow(&off, &any, &out, why, sizeof(why)),
	    -1);
	ck_assert_str_eq(why, "traffic selectors (TS type 8) are outside "
	    "what we allow");
	/* Disjoint protocols are unacceptable too. */
	memset(&off, 0, sizeof(off));
	off.v[off.n++] = ts4(0, 10, 6, 0, 65535);
	any.v[0].proto = 17;
	ck_assert_int_eq(ike_ts_narrow(&off, &any, &out, why, sizeof(why)),
	    -1);
}
END_TEST

START_TEST(test_initiator_accepts_narrowing_but_not_widening)
{
	struct ike_ts_list	any, got;
	char			why[256];

	ike_ts_any(&any);
	memset(&got, 0, sizeof(got));
	got.v[got.n++] = ts4(IP(192, 0, 2, 2), IP(192, 0, 2, 2), 0, 0, 65535);
	ck_assert_int_eq(ike_ts_check_reply(&any, &got, why, sizeof(why)), 0);
	/* Proposed a /24, got more. */
	memset(&any, 0, sizeof(any));
	any.v[any.n++] = ts4(IP(192, 0, 2, 0), IP(192, 0, 2, 255), 0, 0,
	    65535);
	got.v[0] = ts4(IP(192, 0, 2, 0), IP(192, 0, 3, 0), 0, 0, 65535);
	ck_assert_int_eq(ike_ts_check_reply(&any, &got, why, sizeof(why)),
	    -1);
	ck_assert_str_eq(why, "peer's traffic selector 192.0.2.0/0 - "
	    "192.0.3.0/65535 is not inside what we proposed");
	got.n = 0;
	ck_assert_int_eq(ike_ts_check_reply(&any, &got, why, sizeof(why)),
	    -1);
}
END_TEST

static Suite *
ts_suite(void)
{
	Suite	*s = suite_create("ts");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_any_renders_like_show_ikev2_session);
	tcase_add_test(tc, test_responder_accepts_anything_inside_any);
	tcase_add_test(tc, test_narrowing_intersects);
	tcase_add_test(tc, test_ipv6_only_is_unacceptable);
	tcase_add_test(tc, test_initiator_accepts_narrowing_but_not_widening);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(ts_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
