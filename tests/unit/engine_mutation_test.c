/*
 * Deterministic mutation of real engine traffic: every request two engines
 * exchange while they set up, rekey (Child and IKE SA), probe and delete a
 * tunnel, and every protected response, is fed to its receiver, before
 * the real one is delivered, in every 1-bit flip, every 2-bit flip within
 * its 28-octet header and of each pair of neighbouring bits, and every
 * truncation (about 440,000 datagrams per run).  Nothing may crash or leak
 * (ASan/UBSan), answers to garbage are discarded, and the tunnel must
 * still come up, work and go down exactly as without the garbage.
 * (IKE_SA_INIT responses are not mutated: they are unauthenticated by
 * design, so a forged one that parses can always derail a handshake.)
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/engine_harness.h"

#define PAIR_WINDOW	28

static struct harness	h;
static char		why[512];
static size_t		fed;

static void
feed(const struct h_pkt *p, const uint8_t *data, size_t len)
{
	size_t	keep = h.nq, keys = h.s[p->to].n_keys;

	h_inject(&h, p->to, &p->src, &p->dst, data, len);
	h_truncate_queue(&h, keep);	/* answers to garbage go nowhere */
	h.s[p->to].n_keys = keys;	/* keys of garbage half-open SAs */
	fed++;
}

static void
mutate(const struct h_pkt *p)
{
	uint8_t	*m;
	size_t	 bits = p->len * 8, i, j, lim;

	if ((m = malloc(p->len)) == NULL)
		ck_abort_msg("out of memory");
	memcpy(m, p->data, p->len);
	for (i = 0; i < bits; i++) {
		m[i / 8] ^= 0x80 >> (i % 8);
		feed(p, m, p->len);
		/* The neighbour bit too. */
		if (i + 1 < bits) {
			m[(i + 1) / 8] ^= 0x80 >> ((i + 1) % 8);
			feed(p, m, p->len);
			m[(i + 1) / 8] ^= 0x80 >> ((i + 1) % 8);
		}
		m[i / 8] ^= 0x80 >> (i % 8);
	}
	lim = (p->len < PAIR_WINDOW ? p->len : PAIR_WINDOW) * 8;
	for (i = 0; i < lim; i++)
		for (j = i + 2; j < lim; j++) {
			m[i / 8] ^= 0x80 >> (i % 8);
			m[j / 8] ^= 0x80 >> (j % 8);
			feed(p, m, p->len);
			m[i / 8] ^= 0x80 >> (i % 8);
			m[j / 8] ^= 0x80 >> (j % 8);
		}
	for (i = 0; i < p->len; i++) {
		/* Exactly-sized copies so ASan sees any overread. */
		uint8_t *t = malloc(i ? i : 1);

		memcpy(t, p->data, i);
		feed(p, t, i);
		free(t);
	}
	free(m);
}

/* Delivers everything queued, garbage first for each datagram. */
static void
run_mutated(void)
{
	size_t	steps;

	for (steps = 0; steps < 64 && h.nq > 0; steps++) {
		const struct h_pkt	*p = &h.q[0];
		size_t			 off = p->dst.port == 4500 ? 4 : 0;

		if (p->len < off + 28 || p->data[off + 18] != 34 ||
		    !(p->data[off + 19] & 0x20))
			mutate(p);
		h_step(&h, 1);
	}
	/* Let retransmissions settle anything the garbage disturbed. */
	h_run(&h, 60000);
}

START_TEST(test_garbage_does_not_hurt)
{
	fed = 0;
	h_init(&h, 600 + (uint64_t)_i);
	if (_i == 1) {
		h.nat = 1;
		h_set_ike(&h, IKE_ENCR_AES_GCM_16, 128, 0,
		    IKE_PRF_HMAC_SHA2_512, IKE_DH_ECP_384);
		h_set_esp(&h, IKE_ENCR_AES_CBC, 256,
		    IKE_INTEG_HMAC_SHA2_256_128, IKE_DH_ECP_256);
	}
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	run_mutated();
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s after "
	    "the handshake", why);
	h_admin(&h, 0, IKE_EV_REKEY_CHILD);
	run_mutated();
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s after "
	    "a Child SA rekey", why);
	h_admin(&h, 1, IKE_EV_REKEY_IKE);
	run_mutated();
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s after "
	    "an IKE SA rekey", why);
	h_admin(&h, 0, IKE_EV_DPD);
	run_mutated();
	ck_assert_msg(h_check_one_sa(&h, why, sizeof(why)) == 0, "%s after "
	    "a liveness check", why);
	h_admin(&h, 1, IKE_EV_TERMINATE);
	run_mutated();
	ck_assert_msg(h_check_none(&h, why, sizeof(why)) == 0, "%s after "
	    "Delete", why);
	ck_assert(fed > 100000);
	if (getenv("HARNESS_VERBOSE") != NULL)
		fprintf(stderr, "%zu mutated datagrams\n", fed);
	h_free(&h);
}
END_TEST

static Suite *
mutation_suite(void)
{
	Suite	*s = suite_create("engine_mutation");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, test_garbage_does_not_hurt, 0, 2);
	tcase_set_timeout(tc, 300);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(mutation_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
