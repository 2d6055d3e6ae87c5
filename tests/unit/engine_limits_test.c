/*
 * The engine's limits against hostile peers (issue 9), on the two-engine
 * harness: a half-open SA is deleted after IKE_HALFOPEN_BAD_MAX requests
 * that do not open (and the honest IKE_AUTH after that finds nothing);
 * unauthenticated answers share a bucket of 100 a second; a refusal
 * larger than its request is not sent.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ikev2/sa.h"
#include "tests/unit/engine_harness.h"

#define EXCH_INIT	34
#define EXCH_AUTH	35

static struct ike_stats
stats(struct harness *h, int side)
{
	struct ike_stats	st;

	ike_engine_stats(h->s[side].eng, &st);
	return st;
}

/* Side 0's first IKE_SA_INIT request, copied out; the queue emptied. */
static uint8_t *
first_init(struct harness *h, size_t *len, struct ike_addr *src,
    struct ike_addr *dst)
{
	uint8_t	*d;

	h_admin(h, 0, IKE_EV_INITIATE);
	ck_assert_uint_ge(h->nq, 1);
	ck_assert_uint_eq(h->q[0].data[18], EXCH_INIT);
	d = malloc(h->q[0].len);
	ck_assert_ptr_nonnull(d);
	memcpy(d, h->q[0].data, h->q[0].len);
	*len = h->q[0].len;
	*src = h->q[0].src;
	*dst = h->q[0].dst;
	h_drop_queue(h);
	return d;
}

START_TEST(test_halfopen_deleted_after_bad_auth)
{
	struct harness		 h;
	struct ike_addr		 src, dst;
	uint8_t			*auth, *bad;
	size_t			 len;
	int			 i;

	h_init(&h, 7);
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_step(&h, 1);		/* IKE_SA_INIT to side 1 */
	h_step(&h, 1);		/* its answer to side 0 */
	ck_assert_uint_eq(h.nq, 1);
	ck_assert_uint_eq(h.q[0].data[18], EXCH_AUTH);
	ck_assert_uint_eq(stats(&h, 1).half_open, 1);
	len = h.q[0].len;
	src = h.q[0].src;
	dst = h.q[0].dst;
	auth = malloc(len);
	bad = malloc(len);
	ck_assert_ptr_nonnull(auth);
	ck_assert_ptr_nonnull(bad);
	memcpy(auth, h.q[0].data, len);
	h_drop_queue(&h);
	for (i = 0; i < IKE_HALFOPEN_BAD_MAX; i++) {
		ck_assert_uint_eq(stats(&h, 1).half_open, 1);
		memcpy(bad, auth, len);
		bad[len - 1 - (size_t)i] ^= 0x01;	/* the ICV */
		h_inject(&h, 1, &src, &dst, bad, len);
		ck_assert_uint_eq(h.nq, 0);		/* never answered */
	}
	ck_assert_uint_eq(stats(&h, 1).half_open, 0);
	ck_assert_uint_eq(stats(&h, 1).half_open_bad, 1);
	/* The honest one now finds no SA: no answer. */
	h_inject(&h, 1, &src, &dst, auth, len);
	ck_assert_uint_eq(h.nq, 0);
	free(auth);
	free(bad);
	h_free(&h);
}
END_TEST

/* Fewer failures than the limit leave the SA, and the real IKE_AUTH
 * completes the handshake. */
START_TEST(test_halfopen_survives_few_bad)
{
	struct harness		 h;
	struct ike_addr		 src, dst;
	uint8_t			*bad;
	size_t			 len;
	int			 i;
	char			 why[256];

	h_init(&h, 8);
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_step(&h, 2);
	ck_assert_uint_eq(h.nq, 1);
	len = h.q[0].len;
	src = h.q[0].src;
	dst = h.q[0].dst;
	bad = malloc(len);
	ck_assert_ptr_nonnull(bad);
	for (i = 0; i < IKE_HALFOPEN_BAD_MAX - 1; i++) {
		memcpy(bad, h.q[0].data, len);
		bad[len / 2] ^= 0x80;
		h_inject(&h, 1, &src, &dst, bad, len);
	}
	free(bad);
	ck_assert_uint_eq(stats(&h, 1).half_open_bad, 0);
	h_run(&h, 5000);
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s", why);
	h_free(&h);
}
END_TEST

START_TEST(test_unauth_rate)
{
	struct harness		 h;
	struct ike_addr		 src, dst;
	uint8_t			*init;
	size_t			 len;
	uint64_t		 w0;
	int			 i;

	h_init(&h, 9);
	h_start(&h);
	init = first_init(&h, &len, &src, &dst);
	/* From an address no tunnel names: each copy earns a
	 * NO_PROPOSAL_CHOSEN, 100 at once at most. */
	src.ip.s_addr = htonl(0xcb007109);	/* 203.0.113.9 */
	w0 = stats(&h, 1).unauth_withheld;
	for (i = 0; i < 300; i++) {
		init[7] = (uint8_t)i;
		init[6] = (uint8_t)(i >> 8);
		h_inject(&h, 1, &src, &dst, init, len);
	}
	ck_assert_uint_eq(stats(&h, 1).unauth_withheld - w0, 200);
	/* Half a second later: 50 more. */
	h.now += 500;
	for (i = 300; i < 600; i++) {
		init[7] = (uint8_t)i;
		init[6] = (uint8_t)(i >> 8);
		h_inject(&h, 1, &src, &dst, init, len);
	}
	ck_assert_uint_eq(stats(&h, 1).unauth_withheld - w0, 450);
	free(init);
	h_free(&h);
}
END_TEST

START_TEST(test_unauth_not_larger)
{
	struct harness		 h;
	struct ike_addr		 src, dst;
	uint8_t			*init, msg[28 + 16];
	size_t			 len;
	uint64_t		 w0;

	h_init(&h, 10);
	h_start(&h);
	init = first_init(&h, &len, &src, &dst);
	/* The header and an empty unknown critical payload: 32 octets; the
	 * refusal (UNSUPPORTED_CRITICAL_PAYLOAD, one octet of data) 37. */
	memset(msg, 0, sizeof(msg));
	memcpy(msg, init, 24);
	msg[16] = 0xfd;
	msg[27] = 32;
	msg[28 + 1] = 0x80;
	msg[28 + 3] = 4;
	w0 = stats(&h, 1).unauth_withheld;
	h_inject(&h, 1, &src, &dst, msg, 32);
	ck_assert_uint_eq(h.nq, 0);
	ck_assert_uint_eq(stats(&h, 1).unauth_withheld - w0, 1);
	/* With 12 octets of body it is 44: the answer goes. */
	msg[27] = 44;
	msg[28 + 3] = 16;
	h_inject(&h, 1, &src, &dst, msg, 44);
	ck_assert_uint_eq(h.nq, 1);
	ck_assert_uint_le(h.q[0].len, 44);
	ck_assert_uint_eq(stats(&h, 1).unauth_withheld - w0, 1);
	free(init);
	h_free(&h);
}
END_TEST

static Suite *
limits_suite(void)
{
	Suite	*s = suite_create("engine_limits");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_halfopen_deleted_after_bad_auth);
	tcase_add_test(tc, test_halfopen_survives_few_bad);
	tcase_add_test(tc, test_unauth_rate);
	tcase_add_test(tc, test_unauth_not_larger);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(limits_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
