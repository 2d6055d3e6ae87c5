/*
 * Make-before-break (RFC 7296 §2.8): two engines with recording data
 * planes rekey their Child SA (and their IKE SA) while a model of the
 * tunnel's traffic runs between every two IKE datagrams.  Each side sends
 * on the outbound SA the data plane would pick (the newest one added),
 * and each such packet must find its inbound SA, with the same keys, at
 * the other side both at once (it overtakes the IKE datagram in flight)
 * and one datagram later (the IKE datagram overtakes it).  An end that
 * starts sending on a new SA before its peer installed the inbound half,
 * or removes an inbound SA its peer may still send on, fails here.  The
 * recorders' call logs are checked for the order too: the new inbound SA
 * goes in before the new outbound one, both before the old SA goes.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/engine_harness.h"

#define MAX_STEPS	64

static struct harness	h;
static char		why[512];

#define ASSERT_ONE_SA() \
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s", why)

static uint32_t
child_spi(int side, int out)
{
	struct ike_sa_info	*v;
	size_t			 n;
	uint32_t		 spi = 0;

	if (ike_engine_snapshot(h.s[side].eng, &v, &n) == 0 && n > 0 &&
	    v[0].n_children > 0)
		spi = out ? v[0].children[0].spi_out : v[0].children[0].spi_in;
	free(v);
	return spi;
}

static uint64_t
ike_spi(int side)
{
	struct ike_sa_info	*v;
	size_t			 n;
	uint64_t		 spi = 0;

	if (ike_engine_snapshot(h.s[side].eng, &v, &n) == 0 && n > 0)
		spi = v[0].spi_local;
	free(v);
	return spi;
}

/* A packet a side sends now: the SPI and keys of its newest outbound SA. */
struct pkt {
	uint32_t	spi;
	uint8_t		key[DP_REC_KEY_MAX];
	size_t		key_len;
};

static void
emit(int side, struct pkt *p)
{
	struct dp_rec_sa	*o = dp_record_newest(h.s[side].dp, DP_DIR_OUT);

	memset(p, 0, sizeof(*p));
	if (o == NULL)
		return;
	p->spi = o->sa.spi;
	p->key_len = o->sa.encr_key_len;
	memcpy(p->key, o->sa.encr_key, p->key_len);
}

/* Side `to` receives p: it must have that inbound SA with those keys. */
static void
receive(int to, const struct pkt *p, int step, const char *when)
{
	struct dp_rec_sa	*in;

	ck_assert_msg(p->spi != 0, "step %d: side %d had no outbound SA to "
	    "send on", step, !to);
	in = dp_record_find(h.s[to].dp, p->spi);
	ck_assert_msg(in != NULL && in->sa.dir == DP_DIR_IN, "step %d: side "
	    "%d sent on SPI %08x, which side %d has no inbound SA for (%s)",
	    step, !to, p->spi, to, when);
	ck_assert_msg(in->sa.encr_key_len == p->key_len &&
	    memcmp(in->sa.encr_key, p->key, p->key_len) == 0, "step %d: SPI "
	    "%08x: keys differ between the ends", step, p->spi);
}

/*
 * Delivers the queued IKE datagrams one at a time with traffic both ways
 * around each, then lets the timers run.  Returns the steps taken.
 */
static int
run_with_traffic(void)
{
	struct pkt	p[2];
	int		step, side;

	for (step = 0; step < MAX_STEPS && h.nq > 0; step++) {
		for (side = 0; side < 2; side++) {
			emit(side, &p[side]);
			receive(!side, &p[side], step, "ahead of the IKE "
			    "datagram in flight");
		}
		h_step(&h, 1);
		for (side = 0; side < 2; side++)
			receive(!side, &p[side], step, "behind the IKE "
			    "datagram in flight");
	}
	ck_assert_int_lt(step, MAX_STEPS);
	h_run(&h, 1000);
	for (side = 0; side < 2; side++) {
		emit(side, &p[side]);
		receive(!side, &p[side], step, "after the exchanges");
	}
	return step;
}

/* The index in side's call log (from `from`) of op on spi, or -1. */
static long
call_at(int side, size_t from, enum dp_rec_op op, uint32_t spi)
{
	const struct dp_record	*r = h.s[side].dp;
	size_t			 i, n = r->n_log < DP_REC_LOG_MAX ? r->n_log :
				    DP_REC_LOG_MAX;

	for (i = from; i < n; i++)
		if (r->log[i].op == op && r->log[i].spi == spi &&
		    !r->log[i].failed)
			return (long)i;
	return -1;
}

/*
 * The order on one side after a rekey that replaced old_in/old_out by
 * new_in/new_out: add(new in) < add(new out) < del(old out), del(old in)
 * after both adds, and nothing removed twice or left behind.
 */
static void
check_order(int side, size_t from, uint32_t old_in, uint32_t old_out,
    uint32_t new_in, uint32_t new_out)
{
	long	a_in, a_out, d_in, d_out;

	ck_assert_uint_lt(h.s[side].dp->n_log, DP_REC_LOG_MAX);
	a_in = call_at(side, from, DP_REC_ADD_SA, new_in);
	a_out = call_at(side, from, DP_REC_ADD_SA, new_out);
	d_in = call_at(side, from, DP_REC_DEL_SA, old_in);
	d_out = call_at(side, from, DP_REC_DEL_SA, old_out);
	ck_assert_msg(a_in >= 0 && a_out >= 0 && d_in >= 0 && d_out >= 0,
	    "side %d: calls missing (add in %ld, add out %ld, del in %ld, "
	    "del out %ld)", side, a_in, a_out, d_in, d_out);
	ck_assert_msg(a_in < a_out, "side %d: new outbound SA before the "
	    "new inbound one", side);
	ck_assert_msg(a_out < d_out, "side %d: old outbound SA removed "
	    "before the new one was added", side);
	ck_assert_msg(a_out < d_in && a_in < d_in, "side %d: old inbound SA "
	    "removed before the new pair was in", side);
	ck_assert_ptr_null(dp_record_find(h.s[side].dp, old_in));
	ck_assert_ptr_null(dp_record_find(h.s[side].dp, old_out));
}

static void
up(void)
{
	struct pkt	p;

	h_admin(&h, 0, IKE_EV_INITIATE);
	h_run(&h, 1000);
	ASSERT_ONE_SA();
	emit(0, &p);
	receive(1, &p, 0, "once up");
	emit(1, &p);
	receive(0, &p, 0, "once up");
}

/*
 * CREATE_CHILD_SA(REKEY_SA) from either end, with and without PFS, then
 * the initiator's Delete of the old Child SA: traffic flows throughout.
 * The responder keeps sending on the old SA until that Delete comes.
 */
START_TEST(test_child_rekey_loses_no_packet)
{
	int		who = _i % 2, pfs = _i / 2, side;
	uint32_t	oin[2], oout[2];
	size_t		from[2];

	h_init(&h, 200 + (uint64_t)_i);
	if (pfs)
		h_set_esp(&h, IKE_ENCR_AES_GCM_16, 256, IKE_INTEG_NONE,
		    IKE_DH_ECP_256);
	h_start(&h);
	up();
	for (side = 0; side < 2; side++) {
		oin[side] = child_spi(side, 0);
		oout[side] = child_spi(side, 1);
		from[side] = h.s[side].dp->n_log;
	}
	h_admin(&h, who, IKE_EV_REKEY_CHILD);
	/* Request, answer, Delete, its answer. */
	ck_assert_int_eq(run_with_traffic(), 4);
	ASSERT_ONE_SA();
	for (side = 0; side < 2; side++) {
		ck_assert_uint_ne(child_spi(side, 0), oin[side]);
		check_order(side, from[side], oin[side], oout[side],
		    child_spi(side, 0), child_spi(side, 1));
	}
	/* And again, the other end first, over the new SAs. */
	for (side = 0; side < 2; side++) {
		oin[side] = child_spi(side, 0);
		oout[side] = child_spi(side, 1);
		from[side] = h.s[side].dp->n_log;
	}
	h_admin(&h, !who, IKE_EV_REKEY_CHILD);
	ck_assert_int_eq(run_with_traffic(), 4);
	ASSERT_ONE_SA();
	for (side = 0; side < 2; side++)
		check_order(side, from[side], oin[side], oout[side],
		    child_spi(side, 0), child_spi(side, 1));
	h_free(&h);
}
END_TEST

/* The responder's outbound SA goes in only with the peer's Delete of
 * the old Child SA (explicitly: not when it answers the rekey). */
START_TEST(test_responder_switches_on_delete)
{
	uint32_t	old_out, new_out;

	h_init(&h, 210);
	h_start(&h);
	up();
	old_out = child_spi(1, 1);
	h_admin(&h, 0, IKE_EV_REKEY_CHILD);
	h_step(&h, 1);			/* side 1 answers the rekey */
	ck_assert_uint_eq(dp_record_newest(h.s[1].dp, DP_DIR_OUT)->sa.spi,
	    old_out);
	ck_assert_uint_eq(dp_record_count(h.s[1].dp, DP_DIR_IN), 2);
	h_step(&h, 1);			/* side 0 installs, sends Delete */
	ck_assert_uint_eq(dp_record_count(h.s[0].dp, DP_DIR_IN), 2);
	new_out = dp_record_newest(h.s[0].dp, DP_DIR_OUT)->sa.spi;
	ck_assert_ptr_nonnull(dp_record_find(h.s[1].dp, new_out));
	h_step(&h, 1);			/* side 1 takes the Delete */
	ck_assert_uint_ne(dp_record_newest(h.s[1].dp, DP_DIR_OUT)->sa.spi,
	    old_out);
	ck_assert_ptr_null(dp_record_find(h.s[1].dp, old_out));
	/* Side 0 still takes the old SA's traffic until the answer. */
	ck_assert_uint_eq(dp_record_count(h.s[0].dp, DP_DIR_IN), 2);
	h_step(&h, 1);
	ck_assert_uint_eq(dp_record_count(h.s[0].dp, DP_DIR_IN), 1);
	h_run(&h, 1000);
	ASSERT_ONE_SA();
	h_free(&h);
}
END_TEST

/* Drops every datagram side 0 sends before *arg (ms). */
static enum h_verdict
mute_side0(struct harness *hh, struct h_pkt *p, void *arg)
{
	return p->to == 1 && hh->now < *(uint64_t *)arg ? H_DROP : H_DELIVER;
}

/*
 * The peer never deletes the old Child SA after its rekey (its Delete is
 * lost for a while): the responder deletes it itself after the delete
 * timeout, and its new outbound SA goes in first.  Traffic is checked
 * every 100 ms of simulated time (each packet delivered at once).
 */
START_TEST(test_responder_deletes_old_when_peer_does_not)
{
	struct pkt	p[2];
	uint64_t	until;
	uint32_t	old_out;
	int		step, side;

	h_init(&h, 250);
	h.s[1].limits.delete_timeout = 2;
	h_start(&h);
	up();
	old_out = child_spi(1, 1);
	h_admin(&h, 0, IKE_EV_REKEY_CHILD);
	h_step(&h, 2);		/* the request, the answer */
	until = h.now + 2500;	/* side 0's Delete and two retransmits */
	h.filter = mute_side0;
	h.filter_arg = &until;
	for (step = 0; step < 60; step++) {
		for (side = 0; side < 2; side++) {
			emit(side, &p[side]);
			receive(!side, &p[side], step, "at once");
		}
		if (step == 15)		/* 1.5 s: side 1 still on the old */
			ck_assert_uint_eq(dp_record_newest(h.s[1].dp,
			    DP_DIR_OUT)->sa.spi, old_out);
		/* Several datagrams may pass here: only the packets sent
		 * between them are checked (no "behind" case). */
		h_advance(&h, h.now + 100);
	}
	h.filter = NULL;
	h_run(&h, 1000);
	ASSERT_ONE_SA();
	ck_assert_ptr_null(dp_record_find(h.s[1].dp, old_out));
	h_free(&h);
}
END_TEST

/* Both ends rekey the same Child SA at once (§2.8.1), in every nonce
 * order: whichever SA survives, no packet finds no SA. */
START_TEST(test_child_rekey_collision_loses_no_packet)
{
	static const int vals[4][4] = {
		{ 0x00, 0x40, 0x80, 0xc0 },
		{ 0x40, 0x00, 0x80, 0xc0 },
		{ 0x80, 0xc0, 0x00, 0x40 },
		{ 0x80, 0xc0, 0x40, 0x00 },
	};
	int		n = _i % 4;
	uint32_t	old0;

	h_init(&h, 220 + (uint64_t)_i);
	h_start(&h);
	up();
	old0 = child_spi(0, 0);
	h.s[0].nonce_fix[0] = vals[n][0];
	h.s[0].nonce_fix[1] = vals[n][3];
	h.s[0].n_nonce_fix = 2;
	h.s[1].nonce_fix[0] = vals[n][2];
	h.s[1].nonce_fix[1] = vals[n][1];
	h.s[1].n_nonce_fix = 2;
	h_admin(&h, 0, IKE_EV_REKEY_CHILD);
	h_admin(&h, 1, IKE_EV_REKEY_CHILD);
	run_with_traffic();
	ASSERT_ONE_SA();
	ck_assert_uint_ne(child_spi(0, 0), old0);
	h_free(&h);
}
END_TEST

/* CREATE_CHILD_SA rekeying the IKE SA, then Delete of the old one: the
 * Child SA moves to the new IKE SA untouched (no data-plane call). */
START_TEST(test_ike_rekey_leaves_the_child_sa_alone)
{
	int		who = _i;
	uint64_t	old_ike;
	uint32_t	in0, in1;
	size_t		calls0, calls1;

	h_init(&h, 230 + (uint64_t)_i);
	h_start(&h);
	up();
	old_ike = ike_spi(0);
	in0 = child_spi(0, 0);
	in1 = child_spi(1, 0);
	calls0 = h.s[0].dp->n_log;
	calls1 = h.s[1].dp->n_log;
	h_admin(&h, who, IKE_EV_REKEY_IKE);
	ck_assert_int_eq(run_with_traffic(), 4);
	ASSERT_ONE_SA();
	ck_assert(ike_spi(0) != old_ike);
	ck_assert_uint_eq(child_spi(0, 0), in0);
	ck_assert_uint_eq(child_spi(1, 0), in1);
	ck_assert_uint_eq(h.s[0].dp->n_log, calls0);
	ck_assert_uint_eq(h.s[1].dp->n_log, calls1);
	/* A Child SA rekey under the new IKE SA is make-before-break too. */
	h_admin(&h, !who, IKE_EV_REKEY_CHILD);
	ck_assert_int_eq(run_with_traffic(), 4);
	ASSERT_ONE_SA();
	h_free(&h);
}
END_TEST

/* A Child SA rekey crossing an IKE SA rekey (§2.25.2). */
START_TEST(test_ike_rekey_crossing_child_rekey_loses_no_packet)
{
	h_init(&h, 240 + (uint64_t)_i);
	h_start(&h);
	up();
	h_admin(&h, _i, IKE_EV_REKEY_IKE);
	h_admin(&h, !_i, IKE_EV_REKEY_CHILD);
	run_with_traffic();
	/* A refused Child SA rekey is retried later: let it. */
	h_advance(&h, h.now + 30000);
	ASSERT_ONE_SA();
	h_free(&h);
}
END_TEST

#define TL(fn, lo, hi) do {						\
	TCase *tc_ = tcase_create(#fn);					\
	tcase_add_loop_test(tc_, fn, lo, hi);				\
	suite_add_tcase(s, tc_);					\
} while (0)

static Suite *
mbb_suite(void)
{
	Suite	*s = suite_create("engine_mbb");

	TL(test_child_rekey_loses_no_packet, 0, 4);
	TL(test_responder_switches_on_delete, 0, 1);
	TL(test_responder_deletes_old_when_peer_does_not, 0, 1);
	TL(test_child_rekey_collision_loses_no_packet, 0, 4);
	TL(test_ike_rekey_leaves_the_child_sa_alone, 0, 2);
	TL(test_ike_rekey_crossing_child_rekey_loses_no_packet, 0, 2);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(mbb_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
