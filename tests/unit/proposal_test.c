/* Unit tests for ikev2/proposal.c: offers, responder choice, reply checks. */
#include "config.h"

#include <check.h>
#include <string.h>

#include "ikev2/proposal.h"

static struct ike_cfg_proposal
ike_prop(uint16_t encr, uint16_t keylen, uint16_t integ, uint16_t prf,
    uint16_t dh)
{
	struct ike_cfg_proposal p;

	memset(&p, 0, sizeof(p));
	p.encr[p.n_encr++] = (struct ike_cfg_encr){ encr, keylen };
	if (integ)
		p.integ[p.n_integ++] = integ;
	if (prf)
		p.prf[p.n_prf++] = prf;
	if (dh)
		p.dh[p.n_dh++] = dh;
	return p;
}

START_TEST(test_offer_lists_every_transform_with_ke_group_first)
{
	struct ike_cfg_proposal	c = ike_prop(IKE_ENCR_AES_CBC, 256,
	    IKE_INTEG_HMAC_SHA2_256_128, IKE_PRF_HMAC_SHA2_256, IKE_DH_ECP_256);
	static struct ike_offer	o;
	char			s[256];

	c.dh[c.n_dh++] = IKE_DH_ECP_384;
	ike_props_from_cfg(&c, 1, IKE_PROTO_IKE, NULL, 0, IKE_PROP_DH_USE,
	    IKE_DH_ECP_384, &o);
	ck_assert_uint_eq(o.n, 1);
	ck_assert_uint_eq(o.p[0].num, 1);
	ike_props_str(o.p, o.n, s, sizeof(s));
	ck_assert_str_eq(s, "IKE:AES_CBC_256/PRF_HMAC_SHA2_256/"
	    "HMAC_SHA2_256_128/ECP_384/ECP_256");
}
END_TEST

START_TEST(test_esp_offer_has_esn_and_no_dh_in_ike_auth)
{
	struct ike_cfg_proposal	c = ike_prop(IKE_ENCR_AES_CBC, 128,
	    IKE_INTEG_HMAC_SHA1_96, 0, IKE_DH_ECP_521);
	static struct ike_offer	o;
	uint8_t			spi[4] = { 1, 2, 3, 4 };
	char			s[256];

	ike_props_from_cfg(&c, 1, IKE_PROTO_ESP, spi, 4, IKE_PROP_DH_IGNORE,
	    0, &o);
	ike_props_str(o.p, o.n, s, sizeof(s));
	ck_assert_str_eq(s, "ESP:AES_CBC_128/HMAC_SHA1_96/NO_EXT_SEQ");
	ck_assert_mem_eq(o.p[0].spi, spi, 4);
	ike_props_from_cfg(&c, 1, IKE_PROTO_ESP, spi, 4, IKE_PROP_DH_USE,
	    0, &o);
	ike_props_str(o.p, o.n, s, sizeof(s));
	ck_assert_str_eq(s, "ESP:AES_CBC_128/HMAC_SHA1_96/ECP_521/NO_EXT_SEQ");
}
END_TEST

START_TEST(test_responder_walks_our_order_first)
{
	struct ike_cfg_proposal	peer[2], ours[2];
	static struct ike_offer	o;
	struct ike_suite	s;
	char			why[512];

	peer[0] = ike_prop(IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96,
	    IKE_PRF_HMAC_SHA1, IKE_DH_ECP_256);
	peer[1] = ike_prop(IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_256_128,
	    IKE_PRF_HMAC_SHA2_256, IKE_DH_ECP_384);
	ours[0] = peer[1];
	ours[1] = peer[0];
	ike_props_from_cfg(peer, 2, IKE_PROTO_IKE, NULL, 0, IKE_PROP_DH_USE,
	    IKE_DH_ECP_256, &o);
	ck_assert_int_eq(ike_props_select(o.p, o.n, ours, 2, IKE_PROTO_IKE,
	    IKE_PROP_DH_USE, IKE_DH_ECP_256, &s, why, sizeof(why)), 0);
	ck_assert_uint_eq(s.num, 2);
	ck_assert_uint_eq(s.encr_keylen, 256);
	ck_assert_uint_eq(s.integ, IKE_INTEG_HMAC_SHA2_256_128);
	ck_assert_uint_eq(s.prf, IKE_PRF_HMAC_SHA2_256);
	ck_assert_uint_eq(s.dh, IKE_DH_ECP_384);
}
END_TEST

START_TEST(test_responder_takes_its_preferred_algorithm_in_a_proposal)
{
	struct ike_cfg_proposal	peer, ours;
	static struct ike_offer	o;
	struct ike_suite	s;
	char			why[512];

	peer = ike_prop(IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96,
	    IKE_PRF_HMAC_SHA1, IKE_DH_ECP_256);
	peer.encr[peer.n_encr++] = (struct ike_cfg_encr){ IKE_ENCR_AES_CBC,
	    256 };
	peer.integ[peer.n_integ++] = IKE_INTEG_HMAC_SHA2_512_256;
	peer.dh[peer.n_dh++] = IKE_DH_ECP_521;
	ours = ike_prop(IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_512_256,
	    IKE_PRF_HMAC_SHA1, IKE_DH_ECP_521);
	ours.dh[ours.n_dh++] = IKE_DH_ECP_256;
	ike_props_from_cfg(&peer, 1, IKE_PROTO_IKE, NULL, 0, IKE_PROP_DH_USE,
	    IKE_DH_ECP_256, &o);
	/* Without a usable KE hint our first group wins ... */
	ck_assert_int_eq(ike_props_select(o.p, o.n, &ours, 1, IKE_PROTO_IKE,
	    IKE_PROP_DH_USE, 0, &s, why, sizeof(why)), 0);
	ck_assert_uint_eq(s.encr_keylen, 256);
	ck_assert_uint_eq(s.integ, IKE_INTEG_HMAC_SHA2_512_256);
	ck_assert_uint_eq(s.dh, IKE_DH_ECP_521);
	/* ... but the group of the peer's KE is kept when both allow it. */
	ck_assert_int_eq(ike_props_select(o.p, o.n, &ours, 1, IKE_PROTO_IKE,
	    IKE_PROP_DH_USE, IKE_DH_ECP_256, &s, why, sizeof(why)), 0);
	ck_assert_uint_eq(s.dh, IKE_DH_ECP_256);
}
END_TEST

START_TEST(test_gcm_needs_no_integrity)
{
	struct ike_cfg_proposal	c = ike_prop(IKE_ENCR_AES_GCM_16, 256, 0,
	    IKE_PRF_HMAC_SHA2_384, IKE_DH_ECP_384);
	static struct ike_offer	o;
	struct ike_suite	s;
	char			why[512], str[128];

	ike_props_from_cfg(&c, 1, IKE_PROTO_IKE, NULL, 0, IKE_PROP_DH_USE,
	    IKE_DH_ECP_384, &o);
	ck_assert_int_eq(ike_props_select(o.p, o.n, &c, 1, IKE_PROTO_IKE,
	    IKE_PROP_DH_USE, IKE_DH_ECP_384, &s, why, sizeof(why)), 0);
	ck_assert_uint_eq(s.integ, IKE_INTEG_NONE);
	ike_suite_str(&s, str, sizeof(str));
	ck_assert_str_eq(str, "AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384");
}
END_TEST

START_TEST(test_mismatch_reason_names_both_sides)
{
	struct ike_cfg_proposal	peer = ike_prop(IKE_ENCR_AES_CBC, 128,
	    IKE_INTEG_HMAC_SHA1_96, IKE_PRF_HMAC_SHA1, IKE_DH_ECP_256);
	struct ike_cfg_proposal	ours = ike_prop(IKE_ENCR_AES_CBC, 256,
	    IKE_INTEG_HMAC_SHA1_96, IKE_PRF_HMAC_SHA1, IKE_DH_ECP_256);
	static struct ike_offer	o;
	struct ike_suite	s;
	char			why[512];

	ike_props_from_cfg(&peer, 1, IKE_PROTO_IKE, NULL, 0, IKE_PROP_DH_USE,
	    IKE_DH_ECP_256, &o);
	ck_assert_int_eq(ike_props_select(o.p, o.n, &ours, 1, IKE_PROTO_IKE,
	    IKE_PROP_DH_USE, IKE_DH_ECP_256, &s, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "no acceptable proposal: peer offered "
	    "IKE:AES_CBC_128/PRF_HMAC_SHA1/HMAC_SHA1_96/ECP_256; we accept "
	    "IKE:AES_CBC_256/PRF_HMAC_SHA1/HMAC_SHA1_96/ECP_256");
}
END_TEST

START_TEST(test_esp_pfs_must_agree)
{
	struct ike_cfg_proposal	pfs = ike_prop(IKE_ENCR_AES_CBC, 128,
	    IKE_INTEG_HMAC_SHA1_96, 0, IKE_DH_ECP_256);
	struct ike_cfg_proposal	nopfs = ike_prop(IKE_ENCR_AES_CBC, 128,
	    IKE_INTEG_HMAC_SHA1_96, 0, 0);
	static struct ike_offer	o;
	struct ike_suite	s;
	uint8_t			spi[4] = { 0, 0, 1, 0 };
	char			why[512];

	/* Peer wants PFS, we have none: refused. */
	ike_props_from_cfg(&pfs, 1, IKE_PROTO_ESP, spi, 4, IKE_PROP_DH_USE,
	    0, &o);
	ck_assert_int_eq(ike_props_select(o.p, o.n, &nopfs, 1, IKE_PROTO_ESP,
	    IKE_PROP_DH_USE, IKE_DH_ECP_256, &s, why, sizeof(why)), -1);
	/* Same offer in IKE_AUTH: the DH transform is not considered. */
	ck_assert_int_eq(ike_props_select(o.p, o.n, &nopfs, 1, IKE_PROTO_ESP,
	    IKE_PROP_DH_IGNORE, 0, &s, why, sizeof(why)), 0);
	ck_assert_uint_eq(s.dh, IKE_DH_NONE);
	ck_assert_mem_eq(s.spi, spi, 4);
	/* We want PFS, the peer offers none: refused. */
	ike_props_from_cfg(&nopfs, 1, IKE_PROTO_ESP, spi, 4, IKE_PROP_DH_USE,
	    0, &o);
	ck_assert_int_eq(ike_props_select(o.p, o.n, &pfs, 1, IKE_PROTO_ESP,
	    IKE_PROP_DH_USE, 0, &s, why, sizeof(why)), -1);
	/* Both want it. */
	ike_props_from_cfg(&pfs, 1, IKE_PROTO_ESP, spi, 4, IKE_PROP_DH_USE,
	    0, &o);
	ck_assert_int_eq(ike_props_select(o.p, o.n, &pfs, 1, IKE_PROTO_ESP,
	    IKE_PROP_DH_USE, IKE_DH_ECP_256, &s, why, sizeof(why)), 0);
	ck_assert_uint_eq(s.dh, IKE_DH_ECP_256);
}
END_TEST

START_TEST(test_unknown_transform_type_or_esn_refuses_proposal)
{
	struct ike_cfg_proposal	c = ike_prop(IKE_ENCR_AES_CBC, 128,
	    IKE_INTEG_HMAC_SHA1_96, 0, 0);
	static struct ike_offer	o;
	struct ike_suite	s;
	uint8_t			spi[4] = { 0, 0, 1, 0 };
	char			why[512];

	ike_props_from_cfg(&c, 1, IKE_PROTO_ESP, spi, 4, IKE_PROP_DH_USE, 0,
	    &o);
	o.xf[0][o.p[0].nxf++] = (struct ike_xform){ .type = 9, .id = 1 };
	ck_assert_int_eq(ike_props_select(o.p, o.n, &c, 1, IKE_PROTO_ESP,
	    IKE_PROP_DH_USE, 0, &s, why, sizeof(why)), -1);
	ike_props_from_cfg(&c, 1, IKE_PROTO_ESP, spi, 4, IKE_PROP_DH_USE, 0,
	    &o);
	o.xf[0][o.p[0].nxf - 1].id = IKE_ESN_YES;
	ck_assert_int_eq(ike_props_select(o.p, o.n, &c, 1, IKE_PROTO_ESP,
	    IKE_PROP_DH_USE, 0, &s, why, sizeof(why)), -1);
	/* A transform with an unknown attribute is unusable. */
	{
		struct ike_attr	a = { .type = 99, .tv = 1, .val = 1 };

		ike_props_from_cfg(&c, 1, IKE_PROTO_ESP, spi, 4,
		    IKE_PROP_DH_USE, 0, &o);
		o.xf[0][0].attr = &a;
		o.xf[0][0].nattr = 1;
		ck_assert_int_eq(ike_props_select(o.p, o.n, &c, 1,
		    IKE_PROTO_ESP, IKE_PROP_DH_USE, 0, &s, why, sizeof(why)),
		    -1);
	}
	/* A wrong SPI size is refused as well. */
	ike_props_from_cfg(&c, 1, IKE_PROTO_ESP, spi, 3, IKE_PROP_DH_USE, 0,
	    &o);
	ck_assert_int_eq(ike_props_select(o.p, o.n, &c, 1, IKE_PROTO_ESP,
	    IKE_PROP_DH_USE, 0, &s, why, sizeof(why)), -1);
}
END_TEST

START_TEST(test_reply_check_accepts_a_true_choice_only)
{
	struct ike_cfg_proposal	c[2];
	static struct ike_offer	o, r;
	struct ike_suite	chosen, s;
	uint8_t			spi[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	char			why[512];

	c[0] = ike_prop(IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96,
	    IKE_PRF_HMAC_SHA1, IKE_DH_ECP_256);
	c[1] = ike_prop(IKE_ENCR_AES_GCM_16, 256, 0, IKE_PRF_HMAC_SHA2_512,
	    IKE_DH_ECP_521);
	ike_props_from_cfg(c, 2, IKE_PROTO_IKE, NULL, 0, IKE_PROP_DH_USE,
	    IKE_DH_ECP_256, &o);
	ck_assert_int_eq(ike_props_select(o.p, o.n, &c[1], 1, IKE_PROTO_IKE,
	    IKE_PROP_DH_USE, IKE_DH_ECP_256, &chosen, why, sizeof(why)), 0);
	ike_suite_to_props(&chosen, spi, 8, &r);
	ck_assert_int_eq(ike_props_check_reply(&o, r.p, r.n,
	    IKE_PROP_DH_USE, &s, why, sizeof(why)), 0);
	ck_assert_uint_eq(s.num, 2);
	ck_assert_uint_eq(s.encr, IKE_ENCR_AES_GCM_16);
	ck_assert_uint_eq(s.dh, IKE_DH_ECP_521);
	ck_assert_mem_eq(s.spi, spi, 8);

	/* A transform from another proposal. */
	r.xf[0][0].keylen = 128;
	ck_assert_int_eq(ike_props_check_reply(&o, r.p, r.n,
	    IKE_PROP_DH_USE, &s, why, sizeof(why)), -1);
	/* A proposal number we never used. */
	ike_suite_to_props(&chosen, spi, 8, &r);
	r.p[0].num = 7;
	ck_assert_int_eq(ike_props_check_reply(&o, r.p, r.n,
	    IKE_PROP_DH_USE, &s, why, sizeof(why)), -1);
	/* Two of one type. */
	ike_suite_to_props(&chosen, spi, 8, &r);
	r.xf[0][r.p[0].nxf++] = r.xf[0][0];
	ck_assert_int_eq(ike_props_check_reply(&o, r.p, r.n,
	    IKE_PROP_DH_USE, &s, why, sizeof(why)), -1);
	/* A missing PRF. */
	ike_suite_to_props(&chosen, spi, 8, &r);
	r.xf[0][1] = r.xf[0][--r.p[0].nxf];
	ck_assert_int_eq(ike_props_check_reply(&o, r.p, r.n,
	    IKE_PROP_DH_USE, &s, why, sizeof(why)), -1);
	/* Two proposals. */
	ike_suite_to_props(&chosen, spi, 8, &r);
	r.p[1] = r.p[0];
	r.p[1].num = 2;
	r.n = 2;
	ck_assert_int_eq(ike_props_check_reply(&o, r.p, r.n,
	    IKE_PROP_DH_USE, &s, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "peer chose 2 proposals instead of one");
}
END_TEST

START_TEST(test_names)
{
	char	b[32];

	ck_assert_str_eq(ike_xf_name(IKE_TT_ENCR, IKE_ENCR_AES_GCM_16, 128,
	    b, sizeof(b)), "AES_GCM_16_128");
	ck_assert_str_eq(ike_xf_name(IKE_TT_DH, IKE_DH_ECP_521, 0, b,
	    sizeof(b)), "ECP_521");
	ck_assert_str_eq(ike_xf_name(IKE_TT_DH, 14, 0, b, sizeof(b)),
	    "DH_14");
	ck_assert_str_eq(ike_xf_name(9, 3, 0, b, sizeof(b)), "T_3");
}
END_TEST

static Suite *
proposal_suite(void)
{
	Suite	*s = suite_create("proposal");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc,
	    test_offer_lists_every_transform_with_ke_group_first);
	tcase_add_test(tc, test_esp_offer_has_esn_and_no_dh_in_ike_auth);
	tcase_add_test(tc, test_responder_walks_our_order_first);
	tcase_add_test(tc,
	    test_responder_takes_its_preferred_algorithm_in_a_proposal);
	tcase_add_test(tc, test_gcm_needs_no_integrity);
	tcase_add_test(tc, test_mismatch_reason_names_both_sides);
	tcase_add_test(tc, test_esp_pfs_must_agree);
	tcase_add_test(tc, test_unknown_transform_type_or_esn_refuses_proposal);
	tcase_add_test(tc, test_reply_check_accepts_a_true_choice_only);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(proposal_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
