/*
 * Exchange collisions between two engines (RFC 7296 §2.8.1, §2.8.2,
 * §2.25): both ends initiating the tunnel at once, both rekeying the same
 * Child SA, a rekey crossing a delete, both rekeying the IKE SA, an IKE
 * rekey crossing a Child SA rekey, deletes crossing.  Each runs in every
 * nonce order (which of the four nonces is the lowest) and in three
 * delivery orders (the two requests cross; A's request and its answer
 * complete before B's request arrives; the other way round), and must
 * end with exactly one IKE SA and one Child SA pair (or none, for the
 * deletes), with every key agreeing.
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

/*
 * Nonce order n (0-3) says which nonce is the lowest: 0 A's request,
 * 1 B's answer to it, 2 B's request, 3 A's answer to it.  Each side draws
 * its request nonce first, then its answer's.
 */
static void
set_nonce_order(int n)
{
	static const int vals[4][4] = {
		/* A_i   B_r   B_i   A_r */
		{ 0x00, 0x40, 0x80, 0xc0 },
		{ 0x40, 0x00, 0x80, 0xc0 },
		{ 0x80, 0xc0, 0x00, 0x40 },
		{ 0x80, 0xc0, 0x40, 0x00 },
	};

	h.s[0].nonce_fix[0] = vals[n][0];
	h.s[0].nonce_fix[1] = vals[n][3];
	h.s[0].n_nonce_fix = 2;
	h.s[1].nonce_fix[0] = vals[n][2];
	h.s[1].nonce_fix[1] = vals[n][1];
	h.s[1].n_nonce_fix = 2;
}

/*
 * Delivery order d: 0 both requests cross (FIFO); 1 A's request is
 * answered and the answer delivered before B's request arrives; 2 the
 * same with B first.
 */
static void
deliver_in_order(int d)
{
	switch (d) {
	case 1:
		h_deliver_at(&h, 0);	/* A's request to B */
		h_deliver_at(&h, 1);	/* B's answer to A */
		break;
	case 2:
		h_deliver_at(&h, 1);	/* B's request to A */
		h_deliver_at(&h, 1);	/* A's answer to B */
		break;
	}
	h_run(&h, 120000);
}

static void
up(void)
{
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_run(&h, 1000);
	ASSERT_ONE_SA();
	h.s[0].n_keys = h.s[1].n_keys = 0;
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

/*
 * Removes side k's IKE keys that the other side has no counterpart for
 * (an exchange only one end derived keys for); returns how many.
 */
static size_t
drop_orphan_ike_keys(int k)
{
	struct h_side	*a = &h.s[k], *b = &h.s[!k];
	size_t		 i, j, n = 0;
	int		 found;

	for (i = 0; i < a->n_keys; ) {
		found = a->keys[i].esp;
		for (j = 0; j < b->n_keys && !found; j++)
			found = !b->keys[j].esp &&
			    b->keys[j].spi_i == a->keys[i].spi_i &&
			    b->keys[j].spi_r == a->keys[i].spi_r;
		if (found) {
			i++;
			continue;
		}
		a->keys[i] = a->keys[--a->n_keys];
		n++;
	}
	return n;
}

/*
 * IKE_SA_INIT --> and <-- IKE_SA_INIT at once.  When both cross (delivery
 * 0), both complete IKE_AUTH and the SA with the lowest nonce is deleted
 * by its initiator.  When one end's exchange completes before its peer's
 * request arrives (1, 2), that peer gives up its own initiation, still
 * unanswered, as its tunnel came up: no second SA is established.  Its
 * request still arrives and is answered, so the answering end alone has
 * IKE keys for that exchange (and a half-open SA that times out).
 */
START_TEST(test_simultaneous_initiation)
{
	size_t	orphans;

	h_init(&h, 40 + (uint64_t)_i);
	h_start(&h);
	set_nonce_order(_i % 4);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_admin(&h, 1, IKE_EV_INITIATE);
	deliver_in_order(_i / 4);
	orphans = drop_orphan_ike_keys(0) + drop_orphan_ike_keys(1);
	ck_assert_uint_eq(orphans, _i / 4 == 0 ? 0 : 1);
	ASSERT_ONE_SA();
	h_free(&h);
}
END_TEST

/* CREATE_CHILD_SA(REKEY_SA) from both ends for the same Child SA. */
START_TEST(test_both_rekey_the_child_sa)
{
	uint32_t	old0, old1;

	h_init(&h, 50 + (uint64_t)_i);
	if (_i >= 12)
		h_set_esp(&h, IKE_ENCR_AES_CBC, 256,
		    IKE_INTEG_HMAC_SHA2_256_128, IKE_DH_ECP_256);
	h_start(&h);
	up();
	old0 = (uint32_t)spi_of(0, 1);
	old1 = (uint32_t)spi_of(1, 1);
	set_nonce_order(_i % 4);
	h_admin(&h, 0, IKE_EV_REKEY_CHILD);
	h_admin(&h, 1, IKE_EV_REKEY_CHILD);
	deliver_in_order((_i / 4) % 3);
	ASSERT_ONE_SA();
	ck_assert_uint_ne(spi_of(0, 1), old0);
	ck_assert_uint_ne(spi_of(1, 1), old1);
	h_free(&h);
}
END_TEST

/* A rekeys the Child SA while B replaces it (clear ipsec sa: Delete, then
 * a new one): the Delete wins, one Child SA remains. */
START_TEST(test_child_rekey_crosses_child_delete)
{
	h_init(&h, 70 + (uint64_t)_i);
	h_start(&h);
	up();
	set_nonce_order(_i % 4);
	h_admin(&h, 0, IKE_EV_REKEY_CHILD);
	h_admin(&h, 1, IKE_EV_CLEAR_CHILD);
	deliver_in_order((_i / 4) % 3);
	ASSERT_ONE_SA();
	h_free(&h);
}
END_TEST

/* A rekeys the Child SA while B deletes the IKE SA: everything goes. */
START_TEST(test_child_rekey_crosses_ike_delete)
{
	h_init(&h, 80 + (uint64_t)_i);
	h_start(&h);
	up();
	set_nonce_order(_i % 4);
	h_admin(&h, _i >= 12, IKE_EV_REKEY_CHILD);
	h_admin(&h, _i < 12, IKE_EV_TERMINATE);
	deliver_in_order((_i / 4) % 3);
	ck_assert_msg(h_check_none(&h, why, sizeof(why)) == 0, "%s", why);
	h_free(&h);
}
END_TEST

/* CREATE_CHILD_SA(SA(IKE)) from both ends at once (§2.8.2). */
START_TEST(test_both_rekey_the_ike_sa)
{
	uint64_t	old0, old1;
	uint32_t	child;

	h_init(&h, 90 + (uint64_t)_i);
	h_start(&h);
	up();
	old0 = spi_of(0, 0);
	old1 = spi_of(1, 0);
	child = (uint32_t)spi_of(0, 1);
	set_nonce_order(_i % 4);
	h_admin(&h, 0, IKE_EV_REKEY_IKE);
	h_admin(&h, 1, IKE_EV_REKEY_IKE);
	deliver_in_order(_i / 4);
	ASSERT_ONE_SA();
	ck_assert(spi_of(0, 0) != old0);
	ck_assert(spi_of(1, 0) != old1);
	ck_assert_uint_eq(spi_of(0, 1), child);
	/* The survivor works. */
	h_admin(&h, 1, IKE_EV_REKEY_CHILD);
	h_run(&h, 1000);
	ASSERT_ONE_SA();
	h_free(&h);
}
END_TEST

/* An IKE SA rekey crossing a Child SA rekey: both answer
 * TEMPORARY_FAILURE (§2.25.2), retry after a random delay, succeed. */
START_TEST(test_ike_rekey_crosses_child_rekey)
{
	uint64_t	old;
	uint32_t	child;

	h_init(&h, 100 + (uint64_t)_i);
	h_start(&h);
	up();
	old = spi_of(0, 0);
	child = (uint32_t)spi_of(0, 1);
	h_admin(&h, _i % 2, IKE_EV_REKEY_IKE);
	h_admin(&h, !(_i % 2), IKE_EV_REKEY_CHILD);
	deliver_in_order(_i / 2);
	ASSERT_ONE_SA();
	ck_assert(spi_of(0, 0) != old);
	ck_assert_uint_ne(spi_of(0, 1), child);
	h_free(&h);
}
END_TEST

/* IKE rekey against IKE delete, and delete against delete. */
START_TEST(test_ike_rekey_or_delete_crosses_ike_delete)
{
	h_init(&h, 110 + (uint64_t)_i);
	h_start(&h);
	up();
	set_nonce_order(_i % 4);
	h_admin(&h, 0, _i < 12 ? IKE_EV_REKEY_IKE : IKE_EV_TERMINATE);
	h_admin(&h, 1, IKE_EV_TERMINATE);
	deliver_in_order((_i / 4) % 3);
	ck_assert_msg(h_check_none(&h, why, sizeof(why)) == 0, "%s", why);
	h_free(&h);
}
END_TEST

/* Both ends clear (delete and re-initiate) at once. */
START_TEST(test_both_clear_at_once)
{
	h_init(&h, 130 + (uint64_t)_i);
	h_start(&h);
	up();
	h_admin(&h, 0, IKE_EV_CLEAR);
	h_admin(&h, 1, IKE_EV_CLEAR);
	deliver_in_order(_i);
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
collision_suite(void)
{
	Suite	*s = suite_create("engine_collision");

	TL(test_simultaneous_initiation, 0, 12);
	TL(test_both_rekey_the_child_sa, 0, 24);
	TL(test_child_rekey_crosses_child_delete, 0, 12);
	TL(test_child_rekey_crosses_ike_delete, 0, 24);
	TL(test_both_rekey_the_ike_sa, 0, 12);
	TL(test_ike_rekey_crosses_child_rekey, 0, 6);
	TL(test_ike_rekey_or_delete_crosses_ike_delete, 0, 24);
	TL(test_both_clear_at_once, 0, 3);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(collision_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
