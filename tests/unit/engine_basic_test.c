/*
 * Unit tests for the IKE engine with two engines in one process: the
 * handshake, Child and IKE SA rekeys, Delete, the IKE_SA_INIT special cases
 * (INVALID_KE_PAYLOAD, COOKIE), failures with their reasons, NAT traversal,
 * retransmission, liveness and lifetimes.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/engine_harness.h"

static struct harness	h;
static char		why[512];

#define ASSERT_ONE_SA() \
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s", why)

/* IKE_SA_INIT { SA, KE, Ni, N(NATD) } --> <-- { SA, KE, Nr, N(NATD) }
 * IKE_AUTH SK{ IDi, AUTH, N(INITIAL_CONTACT), SA, TSi, TSr } -->
 *          <-- SK{ IDr, AUTH, SA, TSi, TSr } */
START_TEST(test_handshake_establishes_one_sa_each)
{
	struct ike_sa_info	*v;
	size_t			 n;
	char			 ts[64];

	h_init(&h, 1);
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_run(&h, 1000);
	ASSERT_ONE_SA();
	ck_assert_uint_eq(h.delivered, 4);
	ck_assert_int_eq(ike_engine_snapshot(h.s[0].eng, &v, &n), 0);
	ck_assert_str_eq(v[0].status, "READY");
	ck_assert_int_eq(v[0].initiator, 1);
	ck_assert_str_eq(v[0].id_local, "198.51.100.1");
	ck_assert_str_eq(v[0].id_remote, "198.51.100.2");
	ck_assert_uint_eq(v[0].suite.dh, IKE_DH_ECP_256);
	ck_assert_uint_eq(v[0].local.port, 500);
	ike_ts_str(&v[0].children[0].ts_local[0], ts, sizeof(ts));
	ck_assert_str_eq(ts, "0.0.0.0/0 - 255.255.255.255/65535");
	free(v);
	h_free(&h);
}
END_TEST

static Suite *
engine_suite(void)
{
	Suite	*s = suite_create("engine_basic");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_handshake_establishes_one_sa_each);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(engine_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
