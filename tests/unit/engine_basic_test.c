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
#include <arpa/inet.h>

#include "ikev2/sa.h"
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


/* Brings the default tunnel up, initiated by side `who`. */
static void
up(int who)
{
	h_admin(&h, who, IKE_EV_INITIATE);
	h_run(&h, 1000);
	ASSERT_ONE_SA();
}

static uint32_t
child_spi_in(int side)
{
	struct ike_sa_info	*v;
	size_t			 n;
	uint32_t		 spi = 0;

	if (ike_engine_snapshot(h.s[side].eng, &v, &n) == 0 && n > 0 &&
	    v[0].n_children > 0)
		spi = v[0].children[0].spi_in;
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

/* CREATE_CHILD_SA SK{ N(REKEY_SA), SA, Ni, TSi, TSr } -->, then Delete of
 * the old Child SA; from either end, with and without PFS. */
START_TEST(test_child_rekey_replaces_the_child_sa)
{
	int		who = _i % 2, pfs = _i / 2;
	uint32_t	old0, old1;

	h_init(&h, 2);
	if (pfs)
		h_set_esp(&h, IKE_ENCR_AES_CBC, 256,
		    IKE_INTEG_HMAC_SHA2_512_256, IKE_DH_ECP_384);
	h_start(&h);
	up(0);
	old0 = child_spi_in(0);
	old1 = child_spi_in(1);
	h_admin(&h, who, IKE_EV_REKEY_CHILD);
	h_run(&h, 1000);
	ASSERT_ONE_SA();
	ck_assert_uint_ne(child_spi_in(0), old0);
	ck_assert_uint_ne(child_spi_in(1), old1);
	ck_assert_ptr_null(dp_record_find(h.s[0].dp, old0));
	ck_assert_ptr_null(dp_record_find(h.s[1].dp, old1));
	h_free(&h);
}
END_TEST

/* CREATE_CHILD_SA SK{ SA(IKE, new SPI), Ni, KEi } -->; the Child SA moves
 * to the new IKE SA and the old one is deleted. */
START_TEST(test_ike_rekey_moves_children_and_deletes_old)
{
	int		who = _i;
	uint64_t	old0, old1;
	uint32_t	child0;

	h_init(&h, 3);
	h_start(&h);
	up(0);
	old0 = ike_spi(0);
	old1 = ike_spi(1);
	child0 = child_spi_in(0);
	h_admin(&h, who, IKE_EV_REKEY_IKE);
	h_run(&h, 1000);
	ASSERT_ONE_SA();
	ck_assert(ike_spi(0) != old0);
	ck_assert(ike_spi(1) != old1);
	ck_assert_uint_eq(child_spi_in(0), child0);
	/* The rekeyed SA works: rekey the Child SA under it. */
	h_admin(&h, !who, IKE_EV_REKEY_CHILD);
	h_run(&h, 1000);
	ASSERT_ONE_SA();
	ck_assert_uint_ne(child_spi_in(0), child0);
	h_free(&h);
}
END_TEST

/* INFORMATIONAL SK{ D(IKE) } --> <-- SK{} */
START_TEST(test_delete_removes_everything)
{
	h_init(&h, 4);
	h_start(&h);
	up(0);
	h_admin(&h, _i, IKE_EV_TERMINATE);
	h_run(&h, 1000);
	ck_assert_msg(h_check_none(&h, why, sizeof(why)) == 0, "%s", why);
	h_free(&h);
}
END_TEST

/* IKE_SA_INIT { SA(19, 20), KE(19) } --> <-- { N(INVALID_KE_PAYLOAD(20)) }
 * IKE_SA_INIT { SA, KE(20) } --> ... */
START_TEST(test_invalid_ke_round_trip)
{
	struct ike_sa_info	*v;
	size_t			 n;
	struct ike_stats	 st;

	h_init(&h, 5);
	h.s[0].peer.ike[0].dh[1] = IKE_DH_ECP_384;
	h.s[0].peer.ike[0].n_dh = 2;
	h.s[1].peer.ike[0].dh[0] = IKE_DH_ECP_384;
	h_start(&h);
	up(0);
	ck_assert_uint_eq(h.delivered, 6);
	ike_engine_stats(h.s[1].eng, &st);
	ck_assert_uint_eq(st.invalid_ke_sent, 1);
	ck_assert_int_eq(ike_engine_snapshot(h.s[0].eng, &v, &n), 0);
	ck_assert_uint_eq(v[0].suite.dh, IKE_DH_ECP_384);
	free(v);
	h_free(&h);
}
END_TEST

/* IKE_SA_INIT { SA, KE, Ni } --> <-- { N(COOKIE) }
 * IKE_SA_INIT { N(COOKIE), SA, KE, Ni } --> ... */
START_TEST(test_cookie_round_trip)
{
	struct ike_stats	st;

	h_init(&h, 6);
	h.s[1].limits.cookie_always = 1;
	h_start(&h);
	up(0);
	ck_assert_uint_eq(h.delivered, 6);
	ike_engine_stats(h.s[1].eng, &st);
	ck_assert_uint_eq(st.cookies_sent, 1);
	h_free(&h);
}
END_TEST

/* COOKIE and INVALID_KE_PAYLOAD together (RFC 7296 §2.6.1). */
START_TEST(test_cookie_then_invalid_ke)
{
	h_init(&h, 7);
	h.s[1].limits.cookie_always = 1;
	h.s[0].peer.ike[0].dh[1] = IKE_DH_ECP_521;
	h.s[0].peer.ike[0].n_dh = 2;
	h.s[1].peer.ike[0].dh[0] = IKE_DH_ECP_521;
	h_start(&h);
	up(0);
	ck_assert_uint_eq(h.delivered, 8);
	h_free(&h);
}
END_TEST

/* The COOKIE threshold counts half-open SAs per peer address. */
START_TEST(test_cookie_demanded_past_half_open_threshold)
{
	struct ike_stats	st;
	int			i;

	h_init(&h, 8);
	h.s[1].limits.cookie_threshold_ip = 2;
	h.s[1].limits.block_threshold_ip = 10;
	h_start(&h);
	/* Three IKE_SA_INITs whose answers never reach side A. */
	for (i = 0; i < 3; i++) {
		h_admin(&h, 0, IKE_EV_CLEAR);
		h_step(&h, 1);
		h_drop_queue(&h);
	}
	ike_engine_stats(h.s[1].eng, &st);
	ck_assert_uint_eq(st.half_open, 2);
	ck_assert_uint_eq(st.cookies_sent, 1);
	h_free(&h);
}
END_TEST

START_TEST(test_wrong_psk_fails_on_both_sides)
{
	h_init(&h, 9);
	snprintf(h.s[1].peer.psk_remote, sizeof(h.s[1].peer.psk_remote),
	    "cisco124");
	snprintf(h.s[1].peer.psk_local, sizeof(h.s[1].peer.psk_local),
	    "cisco124");
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_run(&h, 1000);
	ck_assert(h_has_fail(&h, 1, IKE_FAIL_AUTH, "does not match the "
	    "pre-shared key of tunnel tunnel-ip1"));
	ck_assert(h_has_fail(&h, 0, IKE_FAIL_AUTH, "rejected our "
	    "authentication (AUTHENTICATION_FAILED)"));
	ck_assert_msg(h_check_none(&h, why, sizeof(why)) == 0, "%s", why);
	h_free(&h);
}
END_TEST

/* Only the responder's check of the initiator's AUTH passes: the
 * initiator refuses the responder and tells it. */
START_TEST(test_wrong_psk_of_the_responder_fails_on_both_sides)
{
	h_init(&h, 10);
	snprintf(h.s[1].peer.psk_local, sizeof(h.s[1].peer.psk_local),
	    "other");
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_run(&h, 1000);
	ck_assert(h_has_fail(&h, 0, IKE_FAIL_AUTH, "AUTH payload from "
	    "198.51.100.2 does not match"));
	ck_assert(h_has_fail(&h, 1, IKE_FAIL_AUTH, "could not authenticate "
	    "us"));
	ck_assert_msg(h_check_none(&h, why, sizeof(why)) == 0, "%s", why);
	h_free(&h);
}
END_TEST

START_TEST(test_identity_mismatch_fails_authentication)
{
	h_init(&h, 11);
	h.s[1].peer.remote_id.addr.s_addr = htonl(0xcb007101);
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_run(&h, 1000);
	ck_assert(h_has_fail(&h, 1, IKE_FAIL_AUTH, "peer identity "
	    "198.51.100.1 does not match `match identity remote address "
	    "203.0.113.1/255.255.255.255`"));
	ck_assert(h_has_fail(&h, 0, IKE_FAIL_AUTH, NULL));
	h_free(&h);
}
END_TEST

START_TEST(test_ike_proposal_mismatch_names_both_sides)
{
	h_init(&h, 12);
	h.s[1].peer.ike[0].encr[0].keylen = 128;
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_run(&h, 1000);
	ck_assert(h_has_fail(&h, 1, IKE_FAIL_NO_PROPOSAL, "peer offered "
	    "IKE:AES_CBC_256/PRF_HMAC_SHA2_256/HMAC_SHA2_256_128/ECP_256; we "
	    "accept IKE:AES_CBC_128/PRF_HMAC_SHA2_256/HMAC_SHA2_256_128/"
	    "ECP_256"));
	ck_assert(h_has_fail(&h, 0, IKE_FAIL_NO_PROPOSAL, "(NO_PROPOSAL_"
	    "CHOSEN); we offered IKE:AES_CBC_256/PRF_HMAC_SHA2_256/"
	    "HMAC_SHA2_256_128/ECP_256"));
	ck_assert_msg(h_check_none(&h, why, sizeof(why)) == 0, "%s", why);
	h_free(&h);
}
END_TEST

START_TEST(test_esp_proposal_mismatch_names_both_sides)
{
	h_init(&h, 13);
	h.s[1].peer.esp[0].integ[0] = IKE_INTEG_HMAC_SHA2_256_128;
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_run(&h, 1000);
	ck_assert(h_has_fail(&h, 1, IKE_FAIL_NO_PROPOSAL, "peer offered "
	    "ESP:AES_CBC_128/HMAC_SHA1_96/NO_EXT_SEQ; we accept "
	    "ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ"));
	ck_assert(h_has_fail(&h, 0, IKE_FAIL_NO_PROPOSAL, "accepted none of "
	    "our ESP proposals (NO_PROPOSAL_CHOSEN); we offered "
	    "ESP:AES_CBC_128/HMAC_SHA1_96/NO_EXT_SEQ"));
	ck_assert_msg(h_check_none(&h, why, sizeof(why)) == 0, "%s", why);
	h_free(&h);
}
END_TEST

static enum h_verdict
drop_to_b(struct harness *hh, struct h_pkt *p, void *arg)
{
	return p->to == 1 ? H_DROP : H_DELIVER;
}

/* RFC 7296 §2.1/§2.4: bitwise identical retransmissions at 0.5, 1, 2, 4
 * and 8 s intervals, then the SA is given up. */
START_TEST(test_silent_peer_retransmits_then_down)
{
	static const uint64_t	 want[] = { 0, 500, 1500, 3500, 7500, 15500 };
	struct ike_stats	 st;
	uint64_t		 t0;
	size_t			 i;

	h_init(&h, 14);
	h_start(&h);
	h.filter = drop_to_b;
	t0 = h.now;
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_run(&h, 60000);
	ck_assert_uint_eq(h.s[0].sent, 6);
	for (i = 0; i < 6; i++)
		ck_assert_uint_eq(h.s[0].send_times[i] - t0, want[i]);
	ck_assert(h_has_fail(&h, 0, IKE_FAIL_TIMEOUT, "after 6 "
	    "transmissions"));
	ck_assert_uint_eq(h.now - t0, 31500);
	ck_assert_uint_eq(h_ike_count(&h, 0, NULL), 0);
	ike_engine_stats(h.s[0].eng, &st);
	ck_assert_uint_eq(st.retransmits, 5);
	h_free(&h);
}
END_TEST

/* An established SA whose peer stops answering goes down too. */
START_TEST(test_silent_peer_after_establishment)
{
	h_init(&h, 15);
	h_start(&h);
	up(0);
	h.filter = drop_to_b;
	h_admin(&h, 0, IKE_EV_DPD);
	h_run(&h, 60000);
	ck_assert(h_has_fail(&h, 0, IKE_FAIL_TIMEOUT, "INFORMATIONAL"));
	ck_assert_uint_eq(h_ike_count(&h, 0, NULL), 0);
	ck_assert_uint_eq(h.s[0].dp->n_sas, 0);
	h_free(&h);
}
END_TEST

/* Side A behind a NAT: the NAT is detected, IKE moves to 4500 with the
 * non-ESP marker, and the Child SA is UDP-encapsulated.  When B starts,
 * A's NAT forwards ports 500/4500 to it, so only B sees the NAT and A
 * follows B to 4500. */
static enum h_verdict
count_keepalives(struct harness *hh, struct h_pkt *p, void *arg)
{
	if (p->len == 1 && p->data[0] == 0xff && p->to == 1)
		(*(size_t *)arg)++;
	return H_DELIVER;
}

START_TEST(test_nat_moves_to_4500)
{
	struct ike_sa_info	*v;
	size_t			 n, keepalives;
	uint64_t		 spi;
	uint32_t		 child;
	int			 k;

	h_init(&h, 16);
	h.nat = 1;
	h_start(&h);
	up(_i);
	for (k = 0; k < 2; k++) {
		ck_assert_int_eq(ike_engine_snapshot(h.s[k].eng, &v, &n), 0);
		ck_assert_int_eq(v[0].natt, 1);
		ck_assert_uint_eq(v[0].local.port, 4500);
		ck_assert_uint_eq(v[0].remote.port, k == 0 ? 4500 : 14500);
		ck_assert_int_eq(v[0].nat_local, k == 0 && _i == 0);
		ck_assert_int_eq(v[0].nat_remote, k == 1);
		ck_assert_int_eq(v[0].children[0].encap, 1);
		free(v);
		ck_assert_int_eq(h.s[k].dp->sas[0].sa.encap, 1);
	}
	ck_assert_uint_eq(h.s[1].dp->sas[0].sa.encap_sport +
	    h.s[1].dp->sas[0].sa.encap_dport, 14500 + 4500);
	/* Only the side that knows it is behind the NAT keeps it open. */
	keepalives = 0;
	h.filter = count_keepalives;
	h.filter_arg = &keepalives;
	h_advance(&h, h.now + 61000);
	ck_assert_uint_eq(keepalives, _i == 0 ? 3 : 0);
	h.filter = NULL;
	/* Everything keeps working over 4500, even two rekeys at once
	 * (each refuses the other with TEMPORARY_FAILURE, then retries). */
	spi = ike_spi(0);
	child = child_spi_in(0);
	h_admin(&h, 0, IKE_EV_REKEY_IKE);
	h_admin(&h, 1, IKE_EV_REKEY_CHILD);
	h_run(&h, 60000);
	ASSERT_ONE_SA();
	ck_assert(ike_spi(0) != spi);
	ck_assert_uint_ne(child_spi_in(0), child);
	h_free(&h);
}
END_TEST

START_TEST(test_peer_faking_nat_moves_us_to_4500)
{
	struct ike_sa_info	*v;
	size_t			 n;

	/* B fakes a NAT like strongSwan's libipsec (force_encap). */
	h_init(&h, 23);
	h.s[1].limits.force_encap = 1;
	h_start(&h);
	up(0);
	ck_assert_int_eq(ike_engine_snapshot(h.s[0].eng, &v, &n), 0);
	ck_assert_int_eq(v[0].nat_remote, 1);
	ck_assert_int_eq(v[0].nat_local, 0);
	ck_assert_uint_eq(v[0].local.port, 4500);
	ck_assert_uint_eq(v[0].remote.port, 4500);
	free(v);
	ck_assert_int_eq(ike_engine_snapshot(h.s[1].eng, &v, &n), 0);
	ck_assert_int_eq(v[0].natt, 1);
	ck_assert_uint_eq(v[0].remote.port, 4500);
	free(v);
	ck_assert_int_eq(h.s[1].dp->sas[0].sa.encap, 1);
	h_free(&h);
}
END_TEST

/* Soft lifetime rekeys, hard lifetime deletes (with rekeys off). */
START_TEST(test_lifetimes_rekey_before_expiry)
{
	uint32_t	child;
	uint64_t	spi;

	h_init(&h, 17);
	h.s[0].peer.child_lifetime = h.s[1].peer.child_lifetime = 600;
	h.s[0].peer.ike_lifetime = h.s[1].peer.ike_lifetime = 1200;
	h_start(&h);
	up(0);
	child = child_spi_in(0);
	spi = ike_spi(0);
	/* Past 90% of the Child SA lifetime: it was rekeyed. */
	h_advance(&h, h.now + 541000);
	ASSERT_ONE_SA();
	ck_assert_uint_ne(child_spi_in(0), child);
	ck_assert(ike_spi(0) == spi);
	/* Past 90% of the IKE SA lifetime: the IKE SA was rekeyed too. */
	h_advance(&h, h.now + 600000);
	ASSERT_ONE_SA();
	ck_assert(ike_spi(0) != spi);
	/* And it keeps going for hours. */
	h_advance(&h, h.now + 3 * 3600 * 1000);
	ASSERT_ONE_SA();
	h_free(&h);
}
END_TEST

static enum h_verdict
drop_rekeys(struct harness *hh, struct h_pkt *p, void *arg)
{
	/* Exchange type octet 18: CREATE_CHILD_SA is 36 (marker: +4). */
	size_t	off = p->dst.port == 4500 ? 22 : 18;

	return p->len > off && p->data[off] == 36 ? H_DROP : H_DELIVER;
}

START_TEST(test_hard_lifetime_deletes)
{
	h_init(&h, 18);
	h.s[0].peer.child_lifetime = h.s[1].peer.child_lifetime = 600;
	h_start(&h);
	up(0);
	h.filter = drop_rekeys;
	/* Rekeys fail (never answered); at 600 s the Child SA expires. */
	h_advance(&h, h.now + 601000);
	ck_assert_uint_eq(h.s[0].dp->n_sas + h.s[1].dp->n_sas, 0);
	h_free(&h);
}
END_TEST

/* DPD: empty INFORMATIONAL after the idle interval, answered. */
START_TEST(test_dpd_probes_when_idle)
{
	struct ike_stats	st;
	int			i;

	h_init(&h, 19);
	h.s[0].peer.dpd_interval = 10;
	h.s[0].peer.dpd_retry = 2;
	h_start(&h);
	up(0);
	h_advance(&h, h.now + 35000);
	ike_engine_stats(h.s[0].eng, &st);
	ck_assert_uint_eq(st.exch_init[3], 3);
	ASSERT_ONE_SA();
	/* Traffic arriving on the Child SA counts as life: no probe. */
	for (i = 0; i < 10; i++) {
		h.s[0].dp->sas[0].stats.last_use_ms = h.now;
		h.s[0].dp->sas[1].stats.last_use_ms = h.now;
		h_advance(&h, h.now + 5000);
	}
	ike_engine_stats(h.s[0].eng, &st);
	ck_assert_uint_eq(st.exch_init[3], 3);
	h_free(&h);
}
END_TEST

/* clear ikev2 sa: tear down and set up again. */
START_TEST(test_clear_reestablishes)
{
	uint64_t	spi;

	h_init(&h, 20);
	h_start(&h);
	up(0);
	spi = ike_spi(1);
	h_admin(&h, _i, IKE_EV_CLEAR);
	h_run(&h, 1000);
	ASSERT_ONE_SA();
	ck_assert(ike_spi(1) != spi);
	/* clear ipsec sa: new Child SA under the same IKE SA. */
	spi = ike_spi(1);
	h_admin(&h, !_i, IKE_EV_CLEAR_CHILD);
	h_run(&h, 1000);
	ASSERT_ONE_SA();
	ck_assert(ike_spi(1) == spi);
	h_free(&h);
}
END_TEST

/* A restarted peer (fresh engine, INITIAL_CONTACT) replaces the old SA. */
START_TEST(test_initial_contact_after_restart)
{
	h_init(&h, 21);
	h_start(&h);
	up(0);
	/* Side A restarts: new engine and data plane, nothing sent. */
	ike_engine_free(h.s[0].eng);
	dp_record_free(h.s[0].dp);
	h.s[0].n_timers = 0;
	h.s[0].n_keys = 0;
	h.s[1].n_keys = 0;
	h.s[0].dp = dp_record_new(0xc0000000u);
	h_start_side(&h, 0);
	h_advance(&h, h.now + 1000);
	up(0);
	h_free(&h);
}
END_TEST

START_TEST(test_snapshot_and_stats_describe_the_sa)
{
	struct ike_sa_info	*v;
	struct ike_stats	 st;
	size_t			 n;

	h_init(&h, 22);
	h.s[0].peer.ike_lifetime = 600;
	h_start(&h);
	up(0);
	ck_assert_int_eq(ike_engine_snapshot(h.s[1].eng, &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(v[0].initiator, 0);
	ck_assert_str_eq(v[0].peer_name, "tunnel-ip1");
	ck_assert_uint_eq(v[0].suite.encr, IKE_ENCR_AES_CBC);
	ck_assert_uint_eq(v[0].suite.encr_keylen, 256);
	ck_assert_uint_eq(v[0].suite.prf, IKE_PRF_HMAC_SHA2_256);
	ck_assert_uint_eq(v[0].auth_remote, IKE_AUTHM_SHARED_KEY_MIC);
	ck_assert_uint_eq(v[0].children[0].encr_keylen, 128);
	ck_assert_uint_eq(v[0].children[0].integ, IKE_INTEG_HMAC_SHA1_96);
	ck_assert_uint_eq(v[0].children[0].lifetime, 3600);
	ck_assert(v[0].children[0].rekey_ms > h.now);
	ck_assert(v[0].children[0].expire_ms == h.now + 3600000);
	free(v);
	ck_assert_int_eq(ike_engine_snapshot(h.s[0].eng, &v, &n), 0);
	ck_assert_uint_eq(v[0].lifetime, 600);
	ck_assert(v[0].rekey_ms <= h.now + 540000 &&
	    v[0].rekey_ms >= h.now + 510000);
	free(v);
	ike_engine_stats(h.s[0].eng, &st);
	ck_assert_uint_eq(st.exch_init[0], 1);
	ck_assert_uint_eq(st.exch_init[1], 1);
	ck_assert_uint_eq(st.ike_up, 1);
	ck_assert_uint_eq(st.child_up, 1);
	ike_engine_stats(h.s[1].eng, &st);
	ck_assert_uint_eq(st.exch_resp[0], 1);
	ck_assert_uint_eq(st.exch_resp[1], 1);
	h_free(&h);
}
END_TEST


/* The responder narrows 0.0.0.0/0 to the tunnel's inner addresses, as
 * strongSwan peers do; the initiator accepts it. */
START_TEST(test_initiator_accepts_narrowed_selectors)
{
	struct ike_sa_info	*v;
	size_t			 n;
	char			 a[64], b[64];

	h_init(&h, 24);
	h.s[1].peer.ts_local[0] = (struct ike_cfg_ts){ 0xc0000202,
	    0xc0000202, 0, 0, 65535 };
	h.s[1].peer.n_ts_local = 1;
	h.s[1].peer.ts_remote[0] = (struct ike_cfg_ts){ 0xc0000201,
	    0xc0000201, 0, 0, 65535 };
	h.s[1].peer.n_ts_remote = 1;
	h_start(&h);
	up(0);
	ck_assert_int_eq(ike_engine_snapshot(h.s[0].eng, &v, &n), 0);
	ike_ts_str(&v[0].children[0].ts_local[0], a, sizeof(a));
	ike_ts_str(&v[0].children[0].ts_remote[0], b, sizeof(b));
	ck_assert_str_eq(a, "192.0.2.1/0 - 192.0.2.1/65535");
	ck_assert_str_eq(b, "192.0.2.2/0 - 192.0.2.2/65535");
	free(v);
	/* The narrowed SA rekeys like any other. */
	h_admin(&h, 0, IKE_EV_REKEY_CHILD);
	h_run(&h, 1000);
	ASSERT_ONE_SA();
	h_free(&h);
}
END_TEST

START_TEST(test_ts_unacceptable_names_the_selectors)
{
	h_init(&h, 25);
	h.s[0].peer.ts_local[0] = (struct ike_cfg_ts){ 0x0a000000,
	    0x0affffff, 0, 0, 65535 };
	h.s[0].peer.n_ts_local = 1;
	h.s[1].peer.ts_remote[0] = (struct ike_cfg_ts){ 0xc0000200,
	    0xc00002ff, 0, 0, 65535 };
	h.s[1].peer.n_ts_remote = 1;
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_run(&h, 1000);
	ck_assert(h_has_fail(&h, 1, IKE_FAIL_TS, "traffic selectors "
	    "10.0.0.0/0 - 10.255.255.255/65535 are outside what we allow"));
	ck_assert(h_has_fail(&h, 0, IKE_FAIL_TS, "(TS_UNACCEPTABLE)"));
	ck_assert_msg(h_check_none(&h, why, sizeof(why)) == 0, "%s", why);
	h_free(&h);
}
END_TEST

/* CREATE_CHILD_SA { SA, Ni, KE(19) } --> <-- { N(INVALID_KE_PAYLOAD(20)) }
 * CREATE_CHILD_SA { SA, Ni, KE(20) } --> ... */
START_TEST(test_child_rekey_invalid_ke_round_trip)
{
	struct ike_sa_info	*v;
	size_t			 n;
	struct ike_stats	 st;

	h_init(&h, 26);
	h_set_esp(&h, IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_256_128,
	    IKE_DH_ECP_256);
	h.s[0].peer.esp[0].dh[1] = IKE_DH_ECP_384;
	h.s[0].peer.esp[0].n_dh = 2;
	h.s[1].peer.esp[0].dh[0] = IKE_DH_ECP_384;
	h_start(&h);
	up(0);
	h_admin(&h, 0, IKE_EV_REKEY_CHILD);
	h_run(&h, 1000);
	ASSERT_ONE_SA();
	ike_engine_stats(h.s[1].eng, &st);
	ck_assert_uint_eq(st.invalid_ke_sent, 1);
	ck_assert_int_eq(ike_engine_snapshot(h.s[0].eng, &v, &n), 0);
	ck_assert_uint_eq(v[0].children[0].pfs, IKE_DH_ECP_384);
	free(v);
	h_free(&h);
}
END_TEST

START_TEST(test_unknown_peer_gets_no_proposal_chosen)
{
	h_init(&h, 27);
	h.s[1].peer.remote.s_addr = htonl(0xcb007102);
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_run(&h, 1000);
	ck_assert(h_has_fail(&h, 1, IKE_FAIL_NO_CONFIG, "IKE_SA_INIT from "
	    "198.51.100.1: no tunnel is configured for this peer"));
	ck_assert(h_has_fail(&h, 0, IKE_FAIL_NO_PROPOSAL, NULL));
	ck_assert_msg(h_check_none(&h, why, sizeof(why)) == 0, "%s", why);
	h_free(&h);
}
END_TEST

/* A new configuration applies to new SAs; live ones keep theirs. */
START_TEST(test_new_config_applies_to_new_sas)
{
	struct ike_cfg		 cfg;
	struct ike_sa_info	*v;
	size_t			 n;
	int			 k;

	h_init(&h, 28);
	h_start(&h);
	up(0);
	for (k = 0; k < 2; k++) {
		h.s[k].peer.ike[0].dh[0] = IKE_DH_ECP_521;
		memset(&cfg, 0, sizeof(cfg));
		cfg.peers = &h.s[k].peer;
		cfg.n_peers = 1;
		cfg.limits = h.s[k].limits;
		ck_assert_int_eq(ike_engine_set_config(h.s[k].eng, &cfg), 0);
	}
	h.s[0].peer.ike[0].dh[0] = IKE_DH_ECP_256;	/* copied: no effect */
	ck_assert_int_eq(ike_engine_snapshot(h.s[0].eng, &v, &n), 0);
	ck_assert_uint_eq(v[0].suite.dh, IKE_DH_ECP_256);
	free(v);
	h_admin(&h, 0, IKE_EV_CLEAR);
	h_run(&h, 1000);
	ASSERT_ONE_SA();
	ck_assert_int_eq(ike_engine_snapshot(h.s[0].eng, &v, &n), 0);
	ck_assert_uint_eq(v[0].suite.dh, IKE_DH_ECP_521);
	free(v);
	h_free(&h);
}
END_TEST

/* The live IKE SA of a side (the first one not dead). */
static struct ike_sa *
live_sa(int side)
{
	struct ike_sa	*sa;

	for (sa = h.s[side].eng->sas; sa != NULL; sa = sa->next)
		if (sa->state != IKE_SA_DEAD)
			return sa;
	return NULL;
}

static void
push_config(int side)
{
	struct ike_cfg	cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.peers = &h.s[side].peer;
	cfg.n_peers = 1;
	cfg.limits = h.s[side].limits;
	ck_assert_int_eq(ike_engine_set_config(h.s[side].eng, &cfg), 0);
}

/*
 * One settings object per tunnel version: a configuration that leaves the
 * tunnel as it was shares it with the live SA; after a change the SA, and
 * the IKE SA its rekey makes, keep the version they began with.
 */
START_TEST(test_tunnel_settings_are_shared_per_version)
{
	struct ike_sa_info	*v;
	size_t			 n;
	uint32_t		 life;

	h_init(&h, 29);
	h_start(&h);
	up(0);
	life = h.s[0].peer.ike_lifetime;
	ck_assert_ptr_eq(live_sa(0)->peer, ike_engine_peer(h.s[0].eng, 1));
	push_config(0);
	ck_assert_ptr_eq(live_sa(0)->peer, ike_engine_peer(h.s[0].eng, 1));
	h.s[0].peer.ike_lifetime = life + 600;
	push_config(0);
	ck_assert_ptr_ne(live_sa(0)->peer, ike_engine_peer(h.s[0].eng, 1));
	ck_assert_uint_eq(live_sa(0)->peer->ike_lifetime, life);
	ck_assert_uint_eq(ike_engine_peer(h.s[0].eng, 1)->ike_lifetime,
	    life + 600);
	h_admin(&h, 0, IKE_EV_REKEY_IKE);
	h_run(&h, 1000);
	ASSERT_ONE_SA();
	ck_assert_int_eq(ike_engine_snapshot(h.s[0].eng, &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(v[0].lifetime, life);
	free(v);
	h_admin(&h, 0, IKE_EV_CLEAR);
	h_run(&h, 1000);
	ASSERT_ONE_SA();
	ck_assert_ptr_eq(live_sa(0)->peer, ike_engine_peer(h.s[0].eng, 1));
	ck_assert_uint_eq(live_sa(0)->peer->ike_lifetime, life + 600);
	h_free(&h);
}
END_TEST

/*
 * The IKE_SA_INIT material (nonces, both messages) lives until IKE_AUTH is
 * done and no longer; the response to IKE_AUTH stays cached, so a lost
 * one is still answered with the same bytes.  The counts by role and
 * state follow along.
 */
START_TEST(test_handshake_state_goes_once_established)
{
	struct ike_sa_counts	n;
	int			k;

	h_init(&h, 30);
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_step(&h, 2);			/* IKE_SA_INIT both ways */
	for (k = 0; k < 2; k++)
		ck_assert_ptr_nonnull(live_sa(k)->hs);
	ike_engine_counts(h.s[0].eng, &n);
	ck_assert_uint_eq(n.n[1][IKE_SA_AUTH_SENT], 1);
	ike_engine_counts(h.s[1].eng, &n);
	ck_assert_uint_eq(n.n[0][IKE_SA_HALF_OPEN], 1);
	ck_assert_uint_eq(n.n[1][IKE_SA_HALF_OPEN], 0);
	ck_assert_uint_eq(h.nq, 1);	/* our IKE_AUTH request */
	h_step(&h, 1);
	ck_assert_ptr_null(live_sa(1)->hs);
	ck_assert_uint_eq(h.nq, 1);	/* its answer, which we lose */
	h_drop_queue(&h);
	ck_assert_ptr_nonnull(live_sa(0)->hs);
	h_run(&h, 5000);		/* we resend, it answers again */
	ASSERT_ONE_SA();
	for (k = 0; k < 2; k++) {
		ck_assert_ptr_null(live_sa(k)->hs);
		ck_assert_uint_gt(live_sa(k)->nonce_lo.len, 0);
	}
	ck_assert_uint_gt(live_sa(1)->resp.len, 0);
	/* The shared cipher, HMAC and PRFs keep no SA's key between
	 * events. */
	for (k = 0; k < 2; k++)
		ck_assert_int_eq(h.s[k].eng->keyed, 0);
	ike_engine_counts(h.s[0].eng, &n);
	ck_assert_uint_eq(n.n[1][IKE_SA_ESTABLISHED], 1);
	ck_assert_uint_eq(n.n[1][IKE_SA_AUTH_SENT], 0);
	ike_engine_counts(h.s[1].eng, &n);
	ck_assert_uint_eq(n.n[0][IKE_SA_ESTABLISHED], 1);
	h_admin(&h, 0, IKE_EV_TERMINATE);
	h_run(&h, 1000);
	ike_engine_counts(h.s[0].eng, &n);
	ck_assert_uint_eq(n.n[1][IKE_SA_ESTABLISHED], 0);
	ck_assert_uint_eq(n.n[1][IKE_SA_DEAD], 0);
	h_free(&h);
}
END_TEST

/*
 * An unauthenticated IKE_SA_INIT answer we ignore (INVALID_KE_PAYLOAD for a
 * group we did not offer: forged) leaves the request outstanding, and its
 * retransmissions still carry it, so the handshake completes.
 */
START_TEST(test_ignored_forged_answer_keeps_retransmitting)
{
	struct ike_addr	 from = { .port = 500 }, to = { .port = 500 };
	struct ike_msg	*m;
	struct buf	 enc = { 0 };
	uint8_t		 grp[2] = { 0, IKE_DH_MODP_2048 };

	h_init(&h, 31);
	h_start(&h);
	h_admin(&h, 0, IKE_EV_INITIATE);
	h_drop_queue(&h);		/* the first IKE_SA_INIT is lost */
	ck_assert_ptr_nonnull(m = ike_msg_new());
	ike_msg_set_hdr(m, live_sa(0)->spi_i, 0, IKE_EXCH_IKE_SA_INIT, 0,
	    IKE_FLAG_R);
	ike_msg_add_notify(m, 0, NULL, 0, IKE_N_INVALID_KE_PAYLOAD, grp, 2);
	ck_assert_int_eq(ike_msg_encode(m, &enc, NULL), 0);
	from.ip = h.s[1].peer.local;
	to.ip = h.s[0].peer.local;
	h_inject(&h, 0, &from, &to, enc.data, enc.len);
	buf_free(&enc);
	ike_msg_free(m);
	h_run(&h, 10000);
	ASSERT_ONE_SA();
	h_free(&h);
}
END_TEST

static int
null_rand(void *arg, enum ike_rand_use use, void *buf, size_t len)
{
	memset(buf, 0x5a, len);
	return 0;
}

/* The transition table refuses what it does not list, and says so. */
START_TEST(test_state_table_refuses_invalid_transitions)
{
	struct ike_env		 env;
	struct ike_cfg		 cfg;
	struct ike_engine	*e;
	struct ike_sa		*sa;
	struct ike_actions	 acts = { 0 };
	size_t			 i;
	int			 logged = 0;

	memset(&env, 0, sizeof(env));
	env.rand = null_rand;
	memset(&cfg, 0, sizeof(cfg));
	ck_assert_ptr_nonnull(e = ike_engine_new(&env, &cfg, 0));
	e->out = &acts;
	ck_assert_ptr_nonnull(sa = ike_sa_new(e, 1, NULL, 1, 0));
	ck_assert_int_eq(ike_sa_set_state(sa, IKE_SA_AUTH_SENT), -1);
	ck_assert_int_eq(sa->state, IKE_SA_NEW);
	for (i = 0; i < acts.n; i++)
		if (acts.v[i].type == IKE_ACT_LOG && strstr(acts.v[i].text,
		    "refused invalid state transition NEW -> AUTH_SENT"))
			logged = 1;
	ck_assert(logged);
	ck_assert_int_eq(ike_sa_set_state(sa, IKE_SA_INIT_SENT), 0);
	ck_assert_int_eq(ike_sa_set_state(sa, IKE_SA_HALF_OPEN), -1);
	ck_assert_int_eq(ike_sa_set_state(sa, IKE_SA_AUTH_SENT), 0);
	ck_assert_int_eq(ike_sa_set_state(sa, IKE_SA_REKEYING), -1);
	ck_assert_int_eq(ike_sa_set_state(sa, IKE_SA_ESTABLISHED), 0);
	ck_assert_int_eq(acts.v[acts.n - 1].type, IKE_ACT_STATE);
	ck_assert_int_eq(acts.v[acts.n - 1].old_state, IKE_SA_AUTH_SENT);
	ck_assert_int_eq(ike_sa_set_state(sa, IKE_SA_DELETING), 0);
	ck_assert_int_eq(ike_sa_set_state(sa, IKE_SA_ESTABLISHED), -1);
	ck_assert_int_eq(ike_sa_set_state(sa, IKE_SA_DEAD), 0);
	ck_assert_int_eq(ike_sa_set_state(sa, IKE_SA_NEW), -1);
	e->out = NULL;
	ike_actions_free(&acts);
	ike_engine_free(e);
}
END_TEST

/*
 * The indexes find every SA by id, by our SPI (in its role only), by the
 * initiator's SPI (responder SAs) and by tunnel, newest first, through
 * their growth from 16 buckets; SAs that die leave them when the event
 * ends.
 */
START_TEST(test_sa_indexes_find_every_sa)
{
	struct ike_cfg_peer	 peers[3];
	struct ike_env		 env;
	struct ike_cfg		 cfg;
	struct ike_engine	*e;
	struct ike_sa		*v[300], *sa;
	struct ike_actions	 acts = { 0 };
	uint32_t		 last;
	size_t			 i, n, want;

	memset(&env, 0, sizeof(env));
	env.rand = null_rand;
	memset(peers, 0, sizeof(peers));
	for (i = 0; i < 3; i++)
		peers[i].id = (uint32_t)i + 1;
	memset(&cfg, 0, sizeof(cfg));
	cfg.peers = peers;
	cfg.n_peers = 3;
	ck_assert_ptr_nonnull(e = ike_engine_new(&env, &cfg, 0));
	e->out = &acts;
	for (i = 0; i < 300; i++)
		ck_assert_ptr_nonnull(v[i] = ike_sa_new(e, (int)(i % 2),
		    ike_engine_peer(e, (uint32_t)(i % 3) + 1), 1000 + i,
		    i % 2 ? 0 : 5000 + i));
	for (i = 0; i < 300; i++) {
		ck_assert_ptr_eq(ike_sa_by_id(e, v[i]->id), v[i]);
		ck_assert_ptr_eq(ike_sa_by_spi(e, ike_sa_my_spi(v[i]),
		    v[i]->initiator), v[i]);
		ck_assert_ptr_eq(ike_sa_by_spi(e, ike_sa_my_spi(v[i]), -1),
		    v[i]);
		ck_assert_ptr_null(ike_sa_by_spi(e, ike_sa_my_spi(v[i]),
		    !v[i]->initiator));
		if (!v[i]->initiator)
			ck_assert_ptr_eq(ike_sa_idx_first(e, IKE_IDX_PSPI,
			    1000 + i), v[i]);
	}
	/* Tunnel 1: every third SA, newest first. */
	n = 0;
	last = UINT32_MAX;
	for (sa = ike_sa_idx_first(e, IKE_IDX_PEER, 1); sa != NULL;
	    sa = ike_sa_idx_next(sa, IKE_IDX_PEER)) {
		ck_assert_uint_eq(sa->peer->id, 1);
		ck_assert_uint_lt(sa->id, last);
		last = sa->id;
		n++;
	}
	ck_assert_uint_eq(n, 100);
	/* The even ones die (ids are 1, 2, ... in order of making). */
	for (i = 0; i < 300; i += 2)
		ike_sa_kill(v[i], NULL);
	ike_sa_flush(e);
	want = 0;
	for (i = 0; i < 300; i++) {
		if (i % 2 == 0) {
			ck_assert_ptr_null(ike_sa_by_id(e, 1 + (uint32_t)i));
			continue;
		}
		ck_assert_ptr_eq(ike_sa_by_id(e, v[i]->id), v[i]);
		if (i % 3 == 0)
			want++;
	}
	n = 0;
	for (sa = ike_sa_idx_first(e, IKE_IDX_PEER, 1); sa != NULL;
	    sa = ike_sa_idx_next(sa, IKE_IDX_PEER))
		n++;
	ck_assert_uint_eq(n, want);
	e->out = NULL;
	ike_actions_free(&acts);
	ike_engine_free(e);
}
END_TEST

/* The exchange x state matrix for requests (RFC 7296 §2.25). */
START_TEST(test_exchange_state_matrix)
{
	static const struct {
		enum ike_sa_state	st;
		enum ike_accept		auth, child, info;
	} want[] = {
		{ IKE_SA_NEW, IKE_ACC_DROP, IKE_ACC_DROP, IKE_ACC_DROP },
		{ IKE_SA_INIT_SENT, IKE_ACC_DROP, IKE_ACC_DROP, IKE_ACC_DROP },
		{ IKE_SA_HALF_OPEN, IKE_ACC_OK, IKE_ACC_DROP, IKE_ACC_DROP },
		{ IKE_SA_AUTH_SENT, IKE_ACC_DROP, IKE_ACC_DROP, IKE_ACC_DROP },
		{ IKE_SA_ESTABLISHED, IKE_ACC_DROP, IKE_ACC_OK, IKE_ACC_OK },
		{ IKE_SA_REKEYING, IKE_ACC_DROP, IKE_ACC_OK, IKE_ACC_OK },
		{ IKE_SA_REKEYED, IKE_ACC_DROP, IKE_ACC_TEMPFAIL, IKE_ACC_OK },
		{ IKE_SA_DELETING, IKE_ACC_DROP, IKE_ACC_TEMPFAIL, IKE_ACC_OK },
		{ IKE_SA_DEAD, IKE_ACC_DROP, IKE_ACC_DROP, IKE_ACC_DROP },
	};
	struct ike_sa	sa;
	size_t		i;

	memset(&sa, 0, sizeof(sa));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		sa.state = want[i].st;
		ck_assert_int_eq(ike_sa_accepts(&sa, IKE_EXCH_IKE_SA_INIT),
		    IKE_ACC_DROP);
		ck_assert_int_eq(ike_sa_accepts(&sa, IKE_EXCH_IKE_AUTH),
		    want[i].auth);
		ck_assert_int_eq(ike_sa_accepts(&sa, IKE_EXCH_CREATE_CHILD_SA),
		    want[i].child);
		ck_assert_int_eq(ike_sa_accepts(&sa, IKE_EXCH_INFORMATIONAL),
		    want[i].info);
		ck_assert_int_eq(ike_sa_accepts(&sa, 99), IKE_ACC_DROP);
	}
	/* A rekey-made SA (NEW with keys) takes the peer's Delete. */
	sa.state = IKE_SA_NEW;
	sa.km = (struct ike_sa_keymat *)&sa;
	ck_assert_int_eq(ike_sa_accepts(&sa, IKE_EXCH_INFORMATIONAL),
	    IKE_ACC_OK);
}
END_TEST

/* One test case per test, so CK_RUN_CASE=name runs just that one. */
#define T(fn) do {							\
	TCase *tc_ = tcase_create(#fn);					\
	tcase_add_test(tc_, fn);					\
	suite_add_tcase(s, tc_);					\
} while (0)
#define TL(fn, lo, hi) do {						\
	TCase *tc_ = tcase_create(#fn);					\
	tcase_add_loop_test(tc_, fn, lo, hi);				\
	suite_add_tcase(s, tc_);					\
} while (0)

static Suite *
engine_suite(void)
{
	Suite	*s = suite_create("engine_basic");

	T(test_handshake_establishes_one_sa_each);
	TL(test_child_rekey_replaces_the_child_sa, 0, 4);
	TL(test_ike_rekey_moves_children_and_deletes_old, 0, 2);
	TL(test_delete_removes_everything, 0, 2);
	T(test_invalid_ke_round_trip);
	T(test_cookie_round_trip);
	T(test_cookie_then_invalid_ke);
	T(test_cookie_demanded_past_half_open_threshold);
	T(test_wrong_psk_fails_on_both_sides);
	T(test_wrong_psk_of_the_responder_fails_on_both_sides);
	T(test_identity_mismatch_fails_authentication);
	T(test_ike_proposal_mismatch_names_both_sides);
	T(test_esp_proposal_mismatch_names_both_sides);
	T(test_silent_peer_retransmits_then_down);
	T(test_silent_peer_after_establishment);
	TL(test_nat_moves_to_4500, 0, 2);
	T(test_peer_faking_nat_moves_us_to_4500);
	T(test_lifetimes_rekey_before_expiry);
	T(test_hard_lifetime_deletes);
	T(test_dpd_probes_when_idle);
	TL(test_clear_reestablishes, 0, 2);
	T(test_initial_contact_after_restart);
	T(test_snapshot_and_stats_describe_the_sa);
	T(test_initiator_accepts_narrowed_selectors);
	T(test_ts_unacceptable_names_the_selectors);
	T(test_child_rekey_invalid_ke_round_trip);
	T(test_unknown_peer_gets_no_proposal_chosen);
	T(test_new_config_applies_to_new_sas);
	T(test_tunnel_settings_are_shared_per_version);
	T(test_handshake_state_goes_once_established);
	T(test_ignored_forged_answer_keeps_retransmitting);
	T(test_state_table_refuses_invalid_transitions);
	T(test_exchange_state_matrix);
	T(test_sa_indexes_find_every_sa);
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
