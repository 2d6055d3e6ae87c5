/*
 * The per-exchange payload rules (rules.c): every sample message passes;
 * missing, repeated, misplaced and unexpected payloads, wrong flags and
 * wrong proposal numbering fail, with the answer RFC 7296 asks for
 * (INVALID_SYNTAX only for an authenticated request).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ikev2/msg.h"
#include "tests/unit/codec_util.h"

/*
 * A message as the engine would hold it after receipt: unprotected
 * exchanges encoded and decoded; protected ones with their payloads
 * decoded from an SK plaintext and the SK marked authenticated (the SK
 * crypto has its own tests).
 */
static struct ike_msg *
received(const struct ike_msg *m, int protect)
{
	struct ike_msg	*d = ike_msg_new();
	struct buf	 b = { 0 };
	uint8_t		 first;

	if (!protect) {
		ck_assert_int_eq(ike_msg_encode(m, &b, NULL), 0);
		ck_assert_int_eq(ike_msg_decode(d, b.data, b.len, NULL), 0);
	} else {
		ck_assert_int_eq(ike_msg_encode_chain(m, &b, &first, NULL), 0);
		d->hdr = m->hdr;
		d->has_sk = 1;
		d->sk_open = 1;
		ck_assert_int_eq(ike_msg_decode_inner(d, b.data, b.len, first,
		    NULL), 0);
	}
	buf_free(&b);
	return d;
}

/* Checks m (received as protect says); returns the rc, e filled. */
static int
check(const struct ike_msg *m, int protect, struct ike_derr *e)
{
	struct ike_msg	*d = received(m, protect);
	int		 rc = ike_rules_check(d, e);

	ike_msg_free(d);
	return rc;
}

START_TEST(test_every_sample_passes)
{
	struct ike_msg	*m = cu_build((enum cu_kind)_i);
	struct ike_derr	 e;

	if (_i != CU_EVERYTHING)
		ck_assert_msg(check(m, cu_kind_protected(_i), &e) == 0,
		    "%s: %s", cu_kind_name(_i), e.why);
	ike_msg_free(m);
}
END_TEST

/* Removes the first payload of a type (and notify type, if given). */
static void
drop(struct ike_msg *m, uint8_t type, uint16_t notify)
{
	size_t	i;

	for (i = 0; i < m->npl; i++)
		if (m->pl[i].type == type && (type != IKE_PL_NOTIFY ||
		    notify == 0 || m->pl[i].n.type == notify)) {
			memmove(&m->pl[i], &m->pl[i + 1],
			    (m->npl - i - 1) * sizeof(m->pl[0]));
			m->npl--;
			return;
		}
	ck_abort_msg("no payload %u to drop", type);
}

static void
expect_violation(const struct ike_msg *m, int protect, uint16_t notify,
    const char *why)
{
	struct ike_derr	e;

	ck_assert_int_eq(check(m, protect, &e), -1);
	ck_assert_int_eq(e.code, IKE_DERR_INVALID_SYNTAX);
	ck_assert_uint_eq(e.notify, notify);
	ck_assert_str_eq(e.why, why);
}

START_TEST(test_required_payloads)
{
	struct ike_msg	*m;

	/* IKE_SA_INIT request without KE: unauthenticated, so dropped. */
	m = cu_build(CU_INIT_I);
	drop(m, IKE_PL_KE, 0);
	expect_violation(m, 0, 0, "required payload missing");
	ike_msg_free(m);
	/* IKE_SA_INIT response without Nr: a response, never answered. */
	m = cu_build(CU_INIT_R);
	drop(m, IKE_PL_NONCE, 0);
	expect_violation(m, 0, 0, "required payload missing");
	ike_msg_free(m);
	/* IKE_AUTH request without IDi: authenticated request, answered. */
	m = cu_build(CU_AUTH_I);
	drop(m, IKE_PL_IDI, 0);
	expect_violation(m, 1, IKE_N_INVALID_SYNTAX,
	    "required payload missing");
	ike_msg_free(m);
	/* IKE_AUTH response without AUTH. */
	m = cu_build(CU_AUTH_R);
	drop(m, IKE_PL_AUTH, 0);
	expect_violation(m, 1, 0, "required payload missing");
	ike_msg_free(m);
	/* CREATE_CHILD_SA request without a nonce. */
	m = cu_build(CU_CHILD_I);
	drop(m, IKE_PL_NONCE, 0);
	expect_violation(m, 1, IKE_N_INVALID_SYNTAX,
	    "required payload missing");
	ike_msg_free(m);
}
END_TEST

/* Error notifies (and COOKIE) stand in for a response's contents. */
START_TEST(test_error_responses_are_complete)
{
	static const uint16_t	errs[] = { IKE_N_NO_PROPOSAL_CHOSEN,
				    IKE_N_INVALID_KE_PAYLOAD,
				    IKE_N_AUTHENTICATION_FAILED,
				    IKE_N_TS_UNACCEPTABLE };
	struct ike_msg		*m;
	struct ike_derr		 e;
	size_t			 i;
	static const uint8_t	 grp[2] = { 0, 20 };

	m = cu_build(CU_INIT_R_COOKIE);
	ck_assert_int_eq(check(m, 0, &e), 0);
	ike_msg_free(m);
	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		m = ike_msg_new();
		ike_msg_set_hdr(m, 1, 2, IKE_EXCH_IKE_SA_INIT, 0, IKE_FLAG_R);
		ike_msg_add_notify(m, 0, NULL, 0, errs[i], grp,
		    errs[i] == IKE_N_INVALID_KE_PAYLOAD ? 2 : 0);
		ck_assert_int_eq(check(m, 0, &e), 0);
		m->hdr.exchange = IKE_EXCH_IKE_AUTH;
		ck_assert_int_eq(check(m, 1, &e), 0);
		m->hdr.exchange = IKE_EXCH_CREATE_CHILD_SA;
		ck_assert_int_eq(check(m, 1, &e), 0);
		ike_msg_free(m);
	}
	/* IKE_AUTH response: IDr and AUTH but no Child SA, with
	 * TS_UNACCEPTABLE (§1.2 / §2.21.2). */
	m = cu_build(CU_AUTH_R);
	drop(m, IKE_PL_SA, 0);
	drop(m, IKE_PL_TSI, 0);
	drop(m, IKE_PL_TSR, 0);
	ike_msg_add_notify(m, 0, NULL, 0, IKE_N_TS_UNACCEPTABLE, NULL, 0);
	ck_assert_int_eq(check(m, 1, &e), 0);
	ike_msg_free(m);
	/* A status notify does not excuse a missing payload. */
	m = cu_build(CU_INIT_R);
	drop(m, IKE_PL_SA, 0);
	expect_violation(m, 0, 0, "required payload missing");
	ike_msg_free(m);
}
END_TEST

START_TEST(test_counts_and_groups)
{
	struct ike_msg	*m;
	struct ike_pl	*pl;
	struct ike_derr	 e;
	int		 i;

	/* Two SA payloads. */
	m = cu_build(CU_AUTH_I);
	pl = ike_msg_get(m, IKE_PL_SA);
	ike_msg_add_sa(m, pl->sa.prop, pl->sa.nprop);
	expect_violation(m, 1, IKE_N_INVALID_SYNTAX,
	    "payload occurs too often");
	ike_msg_free(m);
	/* 33 notifies (32 allowed). */
	m = cu_build(CU_INFO_EMPTY);
	m->hdr.flags = IKE_FLAG_I;
	for (i = 0; i < 32; i++)
		ike_msg_add_notify(m, 0, NULL, 0, 40000, NULL, 0);
	ck_assert_int_eq(check(m, 1, &e), 0);
	ike_msg_add_notify(m, 0, NULL, 0, 40000, NULL, 0);
	expect_violation(m, 1, IKE_N_INVALID_SYNTAX,
	    "payload occurs too often");
	ike_msg_free(m);
	/* SA without TSi/TSr in IKE_AUTH. */
	m = cu_build(CU_AUTH_I);
	drop(m, IKE_PL_TSI, 0);
	expect_violation(m, 1, IKE_N_INVALID_SYNTAX,
	    "SA/TSi/TSr must come together");
	drop(m, IKE_PL_TSR, 0);
	drop(m, IKE_PL_SA, 0);
	ck_assert_int_eq(check(m, 1, &e), 0);	/* childless: fine */
	ike_msg_free(m);
	/* CREATE_CHILD_SA: TSi without TSr. */
	m = cu_build(CU_CHILD_I);
	drop(m, IKE_PL_TSR, 0);
	expect_violation(m, 1, IKE_N_INVALID_SYNTAX,
	    "SA/TSi/TSr must come together");
	ike_msg_free(m);
}
END_TEST

START_TEST(test_placement)
{
	struct ike_msg	*m, *d;
	struct buf	 b = { 0 };
	struct ike_derr	 e;

	/* A payload of a protected exchange in the clear (before SK). */
	m = cu_build(CU_INFO_DELETE);
	d = received(m, 1);
	d->pl[0].in_sk = 0;
	ck_assert_int_eq(ike_rules_check(d, &e), -1);
	ck_assert_str_eq(e.why, "payload must be inside SK");
	ck_assert_uint_eq(e.notify, IKE_N_INVALID_SYNTAX);
	ike_msg_free(d);
	/* A protected exchange without SK at all: not authenticated. */
	ck_assert_int_eq(ike_msg_encode(m, &b, NULL), 0);
	d = ike_msg_new();
	ck_assert_int_eq(ike_msg_decode(d, b.data, b.len, NULL), 0);
	ck_assert_int_eq(ike_rules_check(d, &e), -1);
	ck_assert_str_eq(e.why, "exchange must be protected by an SK payload");
	ck_assert_uint_eq(e.notify, 0);
	/* ... and with an SK payload that was not opened. */
	d->has_sk = 1;
	ck_assert_int_eq(ike_rules_check(d, &e), -1);
	ck_assert_int_eq(e.code, IKE_DERR_DROP);
	ike_msg_free(d);
	ike_msg_free(m);
	buf_free(&b);
	/* IKE_SA_INIT with an SK payload. */
	m = cu_build(CU_INIT_I);
	d = received(m, 0);
	d->has_sk = 1;
	d->sk_open = 1;
	ck_assert_int_eq(ike_rules_check(d, &e), -1);
	ck_assert_str_eq(e.why, "SK payload in an unprotected exchange");
	ike_msg_free(d);
	ike_msg_free(m);
}
END_TEST

/* Known payloads a message does not use: ignored inside SK (a Nonce in an
 * IKE_AUTH response, as in the Wireshark sample), refused in the clear. */
START_TEST(test_unexpected_payloads)
{
	struct ike_msg	*m;
	struct ike_derr	 e;
	uint8_t		 nonce[32] = { 1 };

	m = cu_build(CU_AUTH_R);
	ike_msg_add_nonce(m, nonce, sizeof(nonce));
	ike_msg_add_delete(m, IKE_PROTO_IKE, 0, NULL, 0);
	ck_assert_int_eq(check(m, 1, &e), 0);
	ike_msg_free(m);
	m = cu_build(CU_INIT_I);
	ike_msg_add_id(m, IKE_PL_IDI, IKE_ID_FQDN, "a", 1);
	expect_violation(m, 0, 0, "payload not allowed in this message");
	ike_msg_free(m);
	/* Unknown non-critical payloads are ignored anywhere. */
	m = cu_build(CU_INIT_I);
	ike_msg_add_raw(m, 222, 0, "x", 1);
	ck_assert_int_eq(check(m, 0, &e), 0);
	ike_msg_free(m);
}
END_TEST

START_TEST(test_header_rules)
{
	struct ike_msg	*m;

	/* IKE_SA_INIT/IKE_AUTH requests come from the original initiator. */
	m = cu_build(CU_INIT_I);
	m->hdr.flags = 0;
	expect_violation(m, 0, 0, "I flag wrong for the direction");
	ike_msg_free(m);
	m = cu_build(CU_AUTH_R);
	m->hdr.flags = IKE_FLAG_R | IKE_FLAG_I;
	expect_violation(m, 1, 0, "I flag wrong for the direction");
	ike_msg_free(m);
	/* CREATE_CHILD_SA and INFORMATIONAL may come from either side. */
	m = cu_build(CU_CHILD_I);
	m->hdr.flags = 0;
	ck_assert_int_eq(check(m, 1, NULL), 0);
	ike_msg_free(m);
	/* IKE_SA_INIT request: message ID 0, responder SPI 0. */
	m = cu_build(CU_INIT_I);
	m->hdr.msgid = 1;
	expect_violation(m, 0, 0, "IKE_SA_INIT request with a message ID or "
	    "responder SPI other than 0");
	m->hdr.msgid = 0;
	m->hdr.spi_r = 5;
	expect_violation(m, 0, 0, "IKE_SA_INIT request with a message ID or "
	    "responder SPI other than 0");
	ike_msg_free(m);
	/* Exchange types without rules (unknown, IKE_SESSION_RESUME). */
	m = cu_build(CU_INFO_EMPTY);
	m->hdr.exchange = 99;
	expect_violation(m, 1, 0, "no rules for this exchange type");
	m->hdr.flags = IKE_FLAG_I;
	expect_violation(m, 1, IKE_N_INVALID_SYNTAX,
	    "no rules for this exchange type");
	ike_msg_free(m);
}
END_TEST

START_TEST(test_proposal_rules)
{
	struct ike_msg	*m;
	struct ike_pl	*pl;
	struct ike_derr	 e;

	/* Requests number proposals 1, 2, ... */
	m = cu_build(CU_INIT_I);
	pl = ike_msg_get(m, IKE_PL_SA);
	pl->sa.prop[1].num = 3;
	expect_violation(m, 0, 0, "proposals not numbered 1, 2, ...");
	pl->sa.prop[0].num = 2;
	pl->sa.prop[1].num = 1;
	expect_violation(m, 0, 0, "proposals not numbered 1, 2, ...");
	ike_msg_free(m);
	/* A response carries exactly the accepted proposal, any number. */
	m = cu_build(CU_CHILD_R);
	pl = ike_msg_get(m, IKE_PL_SA);
	pl->sa.prop[0].num = 7;
	ck_assert_int_eq(check(m, 1, &e), 0);
	ike_msg_free(m);
	m = cu_build(CU_INIT_I);
	m->hdr.flags = IKE_FLAG_R;
	m->hdr.spi_r = 9;
	expect_violation(m, 0, 0,
	    "SA in a response must carry exactly one proposal");
	ike_msg_free(m);
	/* IKE proposals: SPI size 0 in IKE_SA_INIT, 8 when rekeying, none in
	 * IKE_AUTH. */
	m = cu_build(CU_REKEY_IKE_I);
	ck_assert_int_eq(check(m, 1, &e), 0);
	pl = ike_msg_get(m, IKE_PL_SA);
	pl->sa.prop[0].spi_len = 0;
	expect_violation(m, 1, IKE_N_INVALID_SYNTAX,
	    "IKE proposal with the wrong SPI size here");
	m->hdr.exchange = IKE_EXCH_IKE_AUTH;
	m->hdr.flags = IKE_FLAG_I;
	ike_msg_add_id(m, IKE_PL_IDI, IKE_ID_FQDN, "a", 1);
	drop(m, IKE_PL_NONCE, 0);
	drop(m, IKE_PL_KE, 0);
	ike_msg_add_ts(m, IKE_PL_TSI, NULL, 0);
	ike_msg_add_ts(m, IKE_PL_TSR, NULL, 0);
	expect_violation(m, 1, IKE_N_INVALID_SYNTAX,
	    "IKE proposal in a Child SA negotiation");
	ike_msg_free(m);
}
END_TEST

/* The rules also rank payloads for the encoder: REKEY_SA first in a
 * CREATE_CHILD_SA request, NAT detection after the nonce, V last. */
START_TEST(test_emission_order)
{
	struct ike_msg	*m = cu_build(CU_CHILD_I), *d;
	char		 line[256];

	ike_msg_add_vendor(m, "v", 1);
	ike_msg_add_notify(m, IKE_PROTO_ESP, "\1\2\3\4", 4, IKE_N_REKEY_SA,
	    NULL, 0);
	ike_msg_add_notify(m, 0, NULL, 0, IKE_N_USE_TRANSPORT_MODE, NULL, 0);
	d = received(m, 1);
	ike_msg_describe(d, line, sizeof(line));
	ck_assert_str_eq(line, "CREATE_CHILD_SA request 2 [ SK{ "
	    "N(REKEY_SA) N(REKEY_SA) N(USE_TRANSPORT_MODE) SA Ni KE TSi TSr "
	    "V } ]");
	ike_msg_free(d);
	ike_msg_free(m);
}
END_TEST

static Suite *
rules_suite(void)
{
	Suite	*s = suite_create("codec_rules");
	TCase	*tc = tcase_create("rules");

	tcase_add_loop_test(tc, test_every_sample_passes, 0, CU_NKINDS);
	tcase_add_test(tc, test_required_payloads);
	tcase_add_test(tc, test_error_responses_are_complete);
	tcase_add_test(tc, test_counts_and_groups);
	tcase_add_test(tc, test_placement);
	tcase_add_test(tc, test_unexpected_payloads);
	tcase_add_test(tc, test_header_rules);
	tcase_add_test(tc, test_proposal_rules);
	tcase_add_test(tc, test_emission_order);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(rules_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
