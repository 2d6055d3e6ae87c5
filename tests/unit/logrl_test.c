/*
 * The log's rate limiter (mgmtsecd/logrl.c): a flood of 10,000 lines of
 * one kind from one source logs a burst and summaries, lines from another
 * source or of another kind are not silenced by it, the window reopens,
 * a flood that stops is summed up by the flush, and the table's bound
 * holds under many kinds.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mgmtsecd/logrl.h"

static struct logrl	rl;

START_TEST(test_flood_bounded)
{
	char		line[128], sum[128];
	unsigned	logged = 0, summaries = 0, i;
	uint64_t	now = 1000;

	logrl_init(&rl);
	/* 10,000 IKE_SA_INIT lines from one peer over 30 s, SPIs and
	 * ports varying. */
	for (i = 0; i < 10000; i++, now += 3) {
		snprintf(line, sizeof(line), "NO_PROPOSAL_CHOSEN: IKE_SA_INIT "
		    "from 198.51.100.77:%u SPI %08x: no acceptable proposal",
		    1024 + i % 5000, i * 2654435761u);
		logged += logrl_check(&rl, line, now, sum, sizeof(sum));
		if (sum[0] != '\0') {
			summaries++;
			ck_assert_ptr_nonnull(strstr(sum, "suppressed "));
			ck_assert_ptr_nonnull(strstr(sum,
			    "similar messages from 198.51.100.77 in the last "));
		}
	}
	/* 30 s = 3 windows (and the start of a fourth): a burst each. */
	ck_assert_uint_le(logged, 4 * LOGRL_BURST);
	ck_assert_uint_ge(logged, LOGRL_BURST);
	ck_assert_uint_ge(summaries, 2);
	ck_assert_uint_eq(rl.suppressed_total, 10000 - logged);
	/* The flood stops: the flush sums up the last window. */
	ck_assert_int_eq(logrl_flush(&rl, now, sum, sizeof(sum)), 0);
	now += LOGRL_WINDOW_MS;
	ck_assert_int_eq(logrl_flush(&rl, now, sum, sizeof(sum)), 1);
	ck_assert_ptr_nonnull(strstr(sum, "from 198.51.100.77"));
	ck_assert_int_eq(logrl_flush(&rl, now, sum, sizeof(sum)), 0);
}
END_TEST

START_TEST(test_other_source_and_kind)
{
	char		sum[128];
	unsigned	i;

	logrl_init(&rl);
	for (i = 0; i < 100; i++)
		(void)logrl_check(&rl, "IKE_SA_INIT from 198.51.100.77: bad",
		    10, sum, sizeof(sum));
	/* Another peer, same kind: its own allowance. */
	ck_assert_int_eq(logrl_check(&rl, "IKE_SA_INIT from 198.51.100.5: "
	    "bad", 10, sum, sizeof(sum)), 1);
	/* Another kind, same peer. */
	ck_assert_int_eq(logrl_check(&rl, "tunnel-ip1: IKE SA up with "
	    "198.51.100.77", 10, sum, sizeof(sum)), 1);
	/* Only the numbers of a kind may vary. */
	ck_assert_int_eq(logrl_check(&rl, "IKE_SA_INIT from 198.51.100.77: "
	    "worse", 10, sum, sizeof(sum)), 1);
	/* The window ends: allowed again, after the summary. */
	ck_assert_int_eq(logrl_check(&rl, "IKE_SA_INIT from 198.51.100.77: "
	    "bad", 10 + LOGRL_WINDOW_MS, sum, sizeof(sum)), 1);
	ck_assert_str_eq(sum, "suppressed 95 similar messages from "
	    "198.51.100.77 in the last 10 s");
}
END_TEST

START_TEST(test_many_sources)
{
	char		line[128], sum[128];
	unsigned	i, logged = 0;

	logrl_init(&rl);
	/* One kind from 1,000 addresses in one window: the kind's own
	 * allowance bounds it. */
	for (i = 0; i < 1000; i++) {
		snprintf(line, sizeof(line), "IKE_SA_INIT from 203.0.%u.%u: no "
		    "tunnel is configured for this peer", i / 250, i % 250 + 1);
		logged += logrl_check(&rl, line, 100 + i, sum, sizeof(sum));
	}
	ck_assert_uint_le(logged, LOGRL_KIND_BURST);
	ck_assert_uint_eq(rl.suppressed_total, 1000 - logged);
	/* A line of another kind still gets through. */
	ck_assert_int_eq(logrl_check(&rl, "tunnel-ip1: IKE SA up with "
	    "198.51.100.21", 2000, sum, sizeof(sum)), 1);
}
END_TEST

START_TEST(test_many_kinds)
{
	char		line[64], sum[128];
	unsigned	i, logged = 0;

	logrl_init(&rl);
	/* More kinds than slots: each new kind is logged (its slot taken
	 * from the least recently used), nothing overflows. */
	for (i = 0; i < 10 * LOGRL_SLOTS; i++) {
		snprintf(line, sizeof(line), "kind %c%c from 192.0.2.%u",
		    'a' + i % 26, 'a' + (i / 26) % 26, i % 250);
		logged += logrl_check(&rl, line, i, sum, sizeof(sum));
	}
	ck_assert_uint_eq(logged, 10 * LOGRL_SLOTS);
}
END_TEST

static Suite *
logrl_suite(void)
{
	Suite	*s = suite_create("logrl");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_flood_bounded);
	tcase_add_test(tc, test_other_source_and_kind);
	tcase_add_test(tc, test_many_sources);
	tcase_add_test(tc, test_many_kinds);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(logrl_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
