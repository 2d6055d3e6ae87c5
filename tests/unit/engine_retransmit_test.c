/*
 * Retransmitted requests (RFC 7296 §2.1) as a responder sees them: the
 * very same datagram gets the cached response again, at most once per
 * IKE_RESEND_GAP_MS; a datagram with the answered Message ID and any other
 * bytes gets nothing and is counted; the tunnel is untouched throughout.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/engine_harness.h"

static struct harness	h;
static char		why[512];
static uint8_t		*auth_req;	/* side 0's IKE_AUTH request */
static size_t		 auth_len;
static struct ike_addr	 auth_src, auth_dst;

/* Keeps a copy of the third datagram (the IKE_AUTH request). */
static enum h_verdict
keep_auth(struct harness *hh, struct h_pkt *p, void *arg)
{
	(void)hh;
	(void)arg;
	if (p->seq == 3 && p->to == 1 && auth_req == NULL) {
		auth_req = malloc(p->len);
		ck_assert_ptr_nonnull(auth_req);
		memcpy(auth_req, p->data, p->len);
		auth_len = p->len;
		auth_src = p->src;
		auth_dst = p->dst;
	}
	return H_DELIVER;
}

static struct ike_stats
stats(int side)
{
	struct ike_stats	st;

	ike_engine_stats(h.s[side].eng, &st);
	return st;
}

static void
up(void)
{
	auth_req = NULL;
	h_init(&h, 7);
	h.filter = keep_auth;
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_run(&h, 5000);
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s", why);
	ck_assert_ptr_nonnull(auth_req);
	h.filter = NULL;
}

static void
down(void)
{
	free(auth_req);
	auth_req = NULL;
	h_free(&h);
}

START_TEST(test_same_bytes_answered)
{
	struct ike_stats	before, after;
	size_t			sent;

	up();
	before = stats(1);
	sent = h.s[1].sent;
	h_inject(&h, 1, &auth_src, &auth_dst, auth_req, auth_len);
	after = stats(1);
	ck_assert_uint_eq(after.resp_resent, before.resp_resent + 1);
	ck_assert_uint_eq(h.s[1].sent, sent + 1);
	h_drop_queue(&h);
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s", why);
	down();
}
END_TEST

START_TEST(test_resend_rate_limited)
{
	struct ike_stats	before, after;
	size_t			sent, i;

	up();
	before = stats(1);
	sent = h.s[1].sent;
	/* A burst of 50 copies at one instant: one answer. */
	for (i = 0; i < 50; i++)
		h_inject(&h, 1, &auth_src, &auth_dst, auth_req, auth_len);
	after = stats(1);
	ck_assert_uint_eq(h.s[1].sent, sent + 1);
	ck_assert_uint_eq(after.resp_resent, before.resp_resent + 1);
	ck_assert_uint_eq(after.resend_limited, before.resend_limited + 49);
	/* After the gap, the next copy is answered again. */
	h_drop_queue(&h);
	h_advance(&h, h.now + 300);
	h_inject(&h, 1, &auth_src, &auth_dst, auth_req, auth_len);
	ck_assert_uint_eq(h.s[1].sent, sent + 2);
	h_drop_queue(&h);
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s", why);
	down();
}
END_TEST

START_TEST(test_other_bytes_not_answered)
{
	struct ike_stats	before, after;
	uint8_t			*bad;
	size_t			sent, at, n = 0;

	up();
	before = stats(1);
	sent = h.s[1].sent;
	bad = malloc(auth_len);
	ck_assert_ptr_nonnull(bad);
	/* The same headers (IKE, and SK's generic header), one octet of
	 * the IV, ciphertext or ICV changed at several places: never a
	 * retransmission. */
	for (at = 32; at < auth_len; at += auth_len / 7 + 1) {
		memcpy(bad, auth_req, auth_len);
		bad[at] ^= 0x01;
		h_inject(&h, 1, &auth_src, &auth_dst, bad, auth_len);
		n++;
	}
	/* A truncated copy and one with a trailing octet (length field
	 * adjusted by no one: the codec may drop it earlier, fine). */
	h_inject(&h, 1, &auth_src, &auth_dst, auth_req, auth_len - 1);
	after = stats(1);
	ck_assert_uint_eq(h.s[1].sent, sent);
	ck_assert_uint_eq(after.resp_resent, before.resp_resent);
	ck_assert_uint_ge(n, 6);
	ck_assert_uint_ge(after.retrans_mismatch, before.retrans_mismatch + n);
	ck_assert_uint_gt(after.dropped, before.dropped);
	free(bad);
	/* The real one still works. */
	h_inject(&h, 1, &auth_src, &auth_dst, auth_req, auth_len);
	ck_assert_uint_eq(h.s[1].sent, sent + 1);
	h_drop_queue(&h);
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s", why);
	down();
}
END_TEST

static Suite *
retransmit_suite(void)
{
	Suite	*s = suite_create("engine_retransmit");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_same_bytes_answered);
	tcase_add_test(tc, test_resend_rate_limited);
	tcase_add_test(tc, test_other_bytes_not_answered);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(retransmit_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
