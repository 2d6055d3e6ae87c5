/*
 * The daemon's timer heap (mgmtsecd/timers.c): deadlines fire in
 * order, moves and cancels are honoured, stale entries never fire, and a
 * storm of re-arms stays compact.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>

#include "mgmtsecd/timers.h"

START_TEST(test_fire_in_deadline_order)
{
	struct dmn_timers	t;
	uint64_t		id, at;
	int			kind;

	dmn_timers_init(&t);
	ck_assert_int_eq(dmn_timer_set(&t, DMN_T_ENGINE, 3, 300), 0);
	ck_assert_int_eq(dmn_timer_set(&t, DMN_T_ENGINE, 1, 100), 0);
	ck_assert_int_eq(dmn_timer_set(&t, DMN_T_TUNNEL, 1, 200), 0);
	ck_assert_int_eq(dmn_timer_next(&t, &at), 1);
	ck_assert_uint_eq(at, 100);
	ck_assert_int_eq(dmn_timer_pop(&t, 99, &kind, &id), 0);
	ck_assert_int_eq(dmn_timer_pop(&t, 1000, &kind, &id), 1);
	ck_assert_int_eq(kind, DMN_T_ENGINE);
	ck_assert_uint_eq(id, 1);
	ck_assert_int_eq(dmn_timer_pop(&t, 1000, &kind, &id), 1);
	ck_assert_int_eq(kind, DMN_T_TUNNEL);	/* same id, other kind */
	ck_assert_uint_eq(id, 1);
	ck_assert_int_eq(dmn_timer_pop(&t, 1000, &kind, &id), 1);
	ck_assert_uint_eq(id, 3);
	ck_assert_int_eq(dmn_timer_pop(&t, 1000, &kind, &id), 0);
	ck_assert_int_eq(dmn_timer_next(&t, &at), 0);
	dmn_timers_free(&t);
}
END_TEST

START_TEST(test_move_and_cancel)
{
	struct dmn_timers	t;
	uint64_t		id, at;
	int			kind;

	dmn_timers_init(&t);
	dmn_timer_set(&t, DMN_T_ENGINE, 7, 100);
	dmn_timer_set(&t, DMN_T_ENGINE, 7, 500);	/* moved later */
	dmn_timer_set(&t, DMN_T_ENGINE, 8, 200);
	dmn_timer_cancel(&t, DMN_T_ENGINE, 8);
	ck_assert_int_eq(dmn_timer_get(&t, DMN_T_ENGINE, 7, &at), 1);
	ck_assert_uint_eq(at, 500);
	ck_assert_int_eq(dmn_timer_get(&t, DMN_T_ENGINE, 8, &at), 0);
	ck_assert_int_eq(dmn_timer_pop(&t, 400, &kind, &id), 0);
	ck_assert_int_eq(dmn_timer_pop(&t, 500, &kind, &id), 1);
	ck_assert_uint_eq(id, 7);
	ck_assert_uint_eq(dmn_timers_live(&t), 0);
	dmn_timers_free(&t);
}
END_TEST

START_TEST(test_rearm_storm_stays_compact)
{
	struct dmn_timers	t;
	uint64_t		id, prev = 0, i;
	int			kind, n = 0;

	dmn_timers_init(&t);
	for (i = 0; i < 200000; i++)
		ck_assert_int_eq(dmn_timer_set(&t, DMN_T_ENGINE, i % 1000,
		    1000 + (i * 7919) % 100000), 0);
	ck_assert_uint_eq(dmn_timers_live(&t), 1000);
	ck_assert_uint_le(t.n, 4 * 1000 + 64);
	while (dmn_timer_pop(&t, UINT64_MAX, &kind, &id)) {
		uint64_t at = 1000 + ((199000 + id) * 7919) % 100000;

		ck_assert_uint_ge(at, prev);	/* the last arm counts */
		prev = at;
		n++;
	}
	ck_assert_int_eq(n, 1000);
	dmn_timers_free(&t);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("timers");
	TCase	*tc = tcase_create("heap");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_fire_in_deadline_order);
	tcase_add_test(tc, test_move_and_cancel);
	tcase_add_test(tc, test_rearm_storm_stays_compact);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
