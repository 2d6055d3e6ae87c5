/*
 * Lost and duplicated datagrams (RFC 7296 §2.1): for each scenario (the
 * handshake, the handshake through COOKIE and INVALID_KE_PAYLOAD, a Child
 * SA rekey with PFS, an IKE SA rekey, a Delete) every datagram of it is
 * dropped once, then duplicated once, in separate runs; retransmission
 * and the cached responses must bring both ends to the same end state as
 * a clean run, with every key agreeing.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/engine_harness.h"

enum scenario {
	S_HANDSHAKE,
	S_HANDSHAKE_COOKIE_KE,
	S_CHILD_REKEY,
	S_IKE_REKEY,
	S_DELETE,
	S_MAX
};

/* Datagrams each scenario exchanges in a clean run. */
static const unsigned msgs[S_MAX] = { 4, 8, 4, 4, 2 };

struct fault {
	unsigned	base;		/* h.seq before the scenario */
	unsigned	target;		/* 1-based index within it */
	enum h_verdict	verdict;
	int		done;
};

static struct harness	h;
static char		why[512];

static enum h_verdict
inject(struct harness *hh, struct h_pkt *p, void *arg)
{
	struct fault	*f = arg;

	if (!f->done && p->seq == f->base + f->target) {
		f->done = 1;
		return f->verdict;
	}
	return H_DELIVER;
}

static uint64_t
spi_of(int side, int child)
{
	struct ike_sa_info	*v;
	size_t			 n;
	uint64_t		 spi = 0;

	if (ike_engine_snapshot(h.s[side].eng, &v, &n) == 0 && n > 0)
		spi = child ? (v[0].n_children ? v[0].children[0].spi_in : 0) :
		    v[0].spi_local;
	free(v);
	return spi;
}

/* Runs scenario sc with fault f (target 0: none); returns delivered
 * datagrams of the scenario. */
static void
run(enum scenario sc, struct fault *f, uint64_t seed)
{
	uint64_t	old_ike = 0, old_child = 0;

	h_init(&h, seed);
	if (sc == S_HANDSHAKE_COOKIE_KE) {
		h.s[1].limits.cookie_always = 1;
		h.s[0].peer.ike[0].dh[1] = IKE_DH_ECP_384;
		h.s[0].peer.ike[0].n_dh = 2;
		h.s[1].peer.ike[0].dh[0] = IKE_DH_ECP_384;
	}
	if (sc == S_CHILD_REKEY)
		h_set_esp(&h, IKE_ENCR_AES_CBC, 192,
		    IKE_INTEG_HMAC_SHA2_384_192, IKE_DH_ECP_521);
	h_start(&h);
	if (sc > S_HANDSHAKE_COOKIE_KE) {
		h_admin(&h, 0, IKE_EV_INITIATE);
		h_run(&h, 1000);
		ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s",
		    why);
		old_ike = spi_of(1, 0);
		old_child = spi_of(1, 1);
	}
	f->base = h.seq;
	h.filter = inject;
	h.filter_arg = f;
	switch (sc) {
	case S_HANDSHAKE:
	case S_HANDSHAKE_COOKIE_KE:
		h_admin(&h, 0, IKE_EV_INITIATE);
		break;
	case S_CHILD_REKEY:
		h_admin(&h, 1, IKE_EV_REKEY_CHILD);
		break;
	case S_IKE_REKEY:
		h_admin(&h, 0, IKE_EV_REKEY_IKE);
		break;
	case S_DELETE:
		h_admin(&h, 1, IKE_EV_TERMINATE);
		break;
	default:
		break;
	}
	h_run(&h, 120000);
	if (sc == S_DELETE) {
		ck_assert_msg(h_check_none(&h, why, sizeof(why)) == 0, "%s",
		    why);
		return;
	}
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s", why);
	if (sc == S_CHILD_REKEY)
		ck_assert(spi_of(1, 1) != old_child);
	if (sc == S_IKE_REKEY)
		ck_assert(spi_of(1, 0) != old_ike);
}

/* _i: scenario * 16 + message index (1-based; 0 = clean run). */
static void
fault_run(int i, enum h_verdict v)
{
	struct fault	f;
	enum scenario	sc = (enum scenario)(i / 16);
	unsigned	k = (unsigned)(i % 16);

	if (k > msgs[sc])
		return;		/* past the scenario's datagrams */
	memset(&f, 0, sizeof(f));
	f.target = k;
	f.verdict = v;
	run(sc, &f, 500 + (uint64_t)i);
	if (k > 0)
		ck_assert_msg(f.done, "datagram %u of scenario %d never sent",
		    k, (int)sc);
	h_free(&h);
}

START_TEST(test_clean_runs_send_the_expected_datagrams)
{
	struct fault	f;
	enum scenario	sc = (enum scenario)_i;
	unsigned	before;

	memset(&f, 0, sizeof(f));
	run(sc, &f, 400 + (uint64_t)_i);
	before = f.base;
	ck_assert_uint_eq(h.seq - before, msgs[sc]);
	h_free(&h);
}
END_TEST

START_TEST(test_each_datagram_lost_once)
{
	fault_run(_i, H_DROP);
}
END_TEST

START_TEST(test_each_datagram_duplicated_once)
{
	fault_run(_i, H_DUPLICATE);
}
END_TEST

static Suite *
loss_suite(void)
{
	Suite	*s = suite_create("engine_loss");
	TCase	*tc;

	tc = tcase_create("clean");
	tcase_add_loop_test(tc, test_clean_runs_send_the_expected_datagrams,
	    0, S_MAX);
	suite_add_tcase(s, tc);
	tc = tcase_create("lost");
	tcase_add_loop_test(tc, test_each_datagram_lost_once, 0, S_MAX * 16);
	suite_add_tcase(s, tc);
	tc = tcase_create("duplicated");
	tcase_add_loop_test(tc, test_each_datagram_duplicated_once, 0,
	    S_MAX * 16);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(loss_suite());
	int	 failed;

	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
