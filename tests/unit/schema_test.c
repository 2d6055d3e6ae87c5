/*
 * Unit tests for cfgdb/schema.c: the invariants of THE grammar table (the
 * matcher, renderer and validation rely on them), the typed-argument
 * checks with their canonical forms, key lookups and the small helpers.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "cfgdb/schema.h"

#define K(a, b)	a CFG_KEY_SEP_STR b

START_TEST(test_table_rows_are_indexed_by_id_with_object_parents)
{
	unsigned		 i, j;
	const struct cfg_row	*r, *p;
	size_t			 nh;

	for (i = 0; i < CFG_R_COUNT; i++) {
		r = &cfg_schema[i];
		ck_assert_uint_eq(r->id, i);
		if (i == CFG_R_ROOT)
			continue;
		p = cfg_row(r->parent);
		ck_assert_ptr_nonnull(p);
		ck_assert_msg(cfg_row_is_object(p), "row %u: parent %u is not "
		    "an object", i, r->parent);
		ck_assert_uint_gt(r->ntoks, 0);
		/* Keywords and key arguments come first, values after. */
		nh = cfg_row_nhead(r);
		ck_assert_uint_gt(nh, 0);
		for (j = (unsigned)nh; j < r->ntoks; j++)
			ck_assert_msg(!(r->toks[j].flags & CFG_TF_KEY), "row %u "
			    "has a key argument after a value", i);
		/* Objects are named by their head only. */
		if (cfg_row_is_object(r)) {
			ck_assert_uint_eq(nh, r->ntoks);
			ck_assert_ptr_nonnull(r->prompt);
			ck_assert_ptr_nonnull(r->what);
		}
		for (j = 0; j < r->ntoks; j++) {
			ck_assert_ptr_nonnull(r->toks[j].word);
			ck_assert_ptr_nonnull(r->toks[j].help);
			if (r->toks[j].type == CFG_TT_ARG)
				ck_assert_ptr_nonnull(r->toks[j].arg);
		}
	}
}
END_TEST

START_TEST(test_descendants_follow_their_row)
{
	unsigned	i, j, p;
	int		inside, left;

	/* cfg_schema_lookup() relies on it: the rows below an object come
	 * right after it, before any row outside it. */
	for (i = 1; i < CFG_R_COUNT; i++) {
		left = 0;
		for (j = i + 1; j < CFG_R_COUNT; j++) {
			for (inside = 0, p = cfg_schema[j].parent; p != 0;
			    p = cfg_schema[p].parent)
				if (p == i)
					inside = 1;
			if (!inside)
				left = 1;
			ck_assert_msg(!(inside && left), "row %u below row %u "
			    "comes after a row outside it", j, i);
			if (inside)
				ck_assert_uint_ge(cfg_schema[j].parent, i);
		}
	}
}
END_TEST

START_TEST(test_references_are_the_only_value_of_their_row)
{
	unsigned	i, j, refs;

	/* Validation reads every word of such a value as a name. */
	for (i = 1; i < CFG_R_COUNT; i++) {
		const struct cfg_row	*r = &cfg_schema[i];

		refs = 0;
		for (j = 0; j < r->ntoks; j++) {
			if (r->toks[j].type != CFG_TT_ARG ||
			    r->toks[j].arg->ref == 0 ||
			    r->toks[j].arg->type != CFG_T_NAME)
				continue;
			refs++;
			ck_assert_uint_eq(j + 1, r->ntoks);
			ck_assert_uint_eq(cfg_row_nhead(r), r->ntoks - 1);
			ck_assert_int_eq(cfg_row(r->toks[j].arg->ref)->kind,
			    CFG_K_LIST);
		}
		ck_assert_uint_le(refs, 1);
	}
}
END_TEST

START_TEST(test_seed_order_inside_objects)
{
	/* SPEC 5: prf, dh-group, integrity, encryption. */
	ck_assert_uint_lt(cfg_row(CFG_R_PROP_PRF)->order,
	    cfg_row(CFG_R_PROP_DH)->order);
	ck_assert_uint_lt(cfg_row(CFG_R_PROP_DH)->order,
	    cfg_row(CFG_R_PROP_INTEG)->order);
	ck_assert_uint_lt(cfg_row(CFG_R_PROP_INTEG)->order,
	    cfg_row(CFG_R_PROP_ENC)->order);
	ck_assert_uint_lt(cfg_row(CFG_R_PEER_PSK)->order,
	    cfg_row(CFG_R_PEER_ADDRESS)->order);
	ck_assert_uint_lt(cfg_row(CFG_R_PROF_AUTH_LOCAL)->order,
	    cfg_row(CFG_R_PROF_KEYRING)->order);
	ck_assert_uint_lt(cfg_row(CFG_R_IF_TSRC)->order,
	    cfg_row(CFG_R_IF_TDST)->order);
	/* Kinds: hostname first, router static after interfaces. */
	ck_assert_uint_lt(cfg_row(CFG_R_HOSTNAME)->order,
	    cfg_row(CFG_R_PROPOSAL)->order);
	ck_assert_uint_lt(cfg_row(CFG_R_TRUSTPOINT)->order,
	    cfg_row(CFG_R_TSET)->order);
	ck_assert_uint_lt(cfg_row(CFG_R_INTERFACE)->order,
	    cfg_row(CFG_R_RSTATIC)->order);
	ck_assert(cfg_row(CFG_R_POL_FVRF)->rflags & CFG_RF_NEVER);
}
END_TEST

static const struct cfg_argdef *
argof(unsigned row, unsigned tok)
{
	return cfg_row(row)->toks[tok].arg;
}

/* accept() of one word: the result and the canonical text. */
static int
acc(const struct cfg_argdef *a, int sub, const char *s, char *out)
{
	return cfg_arg_accept(a, sub, s, strlen(s), out, 128);
}

START_TEST(test_names_are_checked_and_kept_as_typed)
{
	const struct cfg_argdef	*a = argof(CFG_R_PROPOSAL, 2);
	char			 o[128];

	ck_assert_int_eq(acc(a, 0, "Prop_1.a-b", o), CFG_ACC_DONE);
	ck_assert_str_eq(o, "Prop_1.a-b");
	ck_assert_int_eq(acc(a, 0, "01234567890123456789012345678901", o),
	    CFG_ACC_DONE);
	ck_assert_int_eq(acc(a, 0, "012345678901234567890123456789012", o),
	    CFG_ACC_NO);
	ck_assert_int_eq(acc(a, 0, "bad/name", o), CFG_ACC_NO);
	ck_assert_int_eq(acc(a, 0, "na\303\251", o), CFG_ACC_NO);
}
END_TEST

START_TEST(test_ipv4_and_masks)
{
	const struct cfg_argdef	*ip = argof(CFG_R_IF_TDST, 2);
	const struct cfg_argdef	*am = argof(CFG_R_IF_IPV4, 2);
	const struct cfg_argdef	*mk = argof(CFG_R_PROF_MATCH_ADDR, 5);
	const struct cfg_argdef	*px = argof(CFG_R_RS_ROUTE, 0);
	char			 o[128];

	ck_assert_int_eq(acc(ip, 0, "198.051.100.5", o), CFG_ACC_DONE);
	ck_assert_str_eq(o, "198.51.100.5");
	ck_assert_int_eq(acc(ip, 0, "198.51.100.256", o), CFG_ACC_NO);
	ck_assert_int_eq(acc(ip, 0, "198.51.100", o), CFG_ACC_NO);
	ck_assert_int_eq(acc(ip, 0, "198.51.100.5.", o), CFG_ACC_NO);
	ck_assert_int_eq(acc(ip, 0, "1.2.3.4/24", o), CFG_ACC_NO);
	ck_assert_int_eq(acc(mk, 0, "255.255.255.0", o), CFG_ACC_DONE);
	ck_assert_int_eq(acc(mk, 0, "255.0.255.0", o), CFG_ACC_NO);
	/* A.B.C.D M.M.M.M over two words, or A.B.C.D/LEN in one. */
	ck_assert_int_eq(acc(am, 0, "192.0.2.1", o), CFG_ACC_MORE);
	ck_assert_str_eq(o, "192.0.2.1");
	ck_assert_int_eq(acc(am, 1, "255.255.255.0", o), CFG_ACC_DONE);
	ck_assert_str_eq(o, " 255.255.255.0");
	ck_assert_int_eq(acc(am, 0, "192.0.2.1/24", o), CFG_ACC_DONE);
	ck_assert_str_eq(o, "192.0.2.1 255.255.255.0");
	ck_assert_int_eq(acc(am, 0, "192.0.2.1/33", o), CFG_ACC_NO);
	ck_assert_int_eq(acc(px, 0, "10.0.0.0/8", o), CFG_ACC_DONE);
	ck_assert_str_eq(o, "10.0.0.0/8");
	ck_assert_int_eq(acc(px, 0, "10.0.0.1/8", o), CFG_ACC_NO);
	ck_assert_int_eq(acc(px, 0, "0.0.0.0/0", o), CFG_ACC_DONE);
}
END_TEST

START_TEST(test_ranges)
{
	const struct cfg_argdef	*a = argof(CFG_R_PROF_LIFETIME, 1);
	char			 o[128], d[32];

	ck_assert_int_eq(acc(a, 0, "120", o), CFG_ACC_DONE);
	ck_assert_int_eq(acc(a, 0, "0600", o), CFG_ACC_DONE);
	ck_assert_str_eq(o, "600");
	ck_assert_int_eq(acc(a, 0, "86400", o), CFG_ACC_DONE);
	ck_assert_int_eq(acc(a, 0, "119", o), CFG_ACC_NO);
	ck_assert_int_eq(acc(a, 0, "86401", o), CFG_ACC_NO);
	ck_assert_int_eq(acc(a, 0, "-1", o), CFG_ACC_NO);
	ck_assert_int_eq(acc(a, 0, "99999999999", o), CFG_ACC_NO);
	ck_assert_str_eq(cfg_arg_display(a, 0, d, sizeof(d)), "<120-86400>");
}
END_TEST

START_TEST(test_interface_names_canonical)
{
	const struct cfg_argdef	*a = argof(CFG_R_INTERFACE, 1);
	const struct cfg_argdef	*s = argof(CFG_R_IF_TSRC, 2);
	char			 o[128];

	ck_assert_int_eq(acc(a, 0, "tunnel-ip1", o), CFG_ACC_DONE);
	ck_assert_str_eq(o, "tunnel-ip1");
	ck_assert_int_eq(acc(a, 0, "Tunnel-IP01", o), CFG_ACC_DONE);
	ck_assert_str_eq(o, "tunnel-ip1");
	ck_assert_int_eq(acc(a, 0, "tun7", o), CFG_ACC_DONE);
	ck_assert_str_eq(o, "tunnel-ip7");
	/* "Tunnel-IP 1": the type, then the number as its own word. */
	ck_assert_int_eq(acc(a, 0, "Tunnel-IP", o), CFG_ACC_MORE);
	ck_assert_str_eq(o, "tunnel-ip");
	ck_assert_int_eq(acc(a, 1, "1", o), CFG_ACC_DONE);
	ck_assert_str_eq(o, "1");
	ck_assert_int_eq(acc(a, 1, "65536", o), CFG_ACC_NO);
	ck_assert_int_eq(acc(a, 0, "gigabitethernet0", o), CFG_ACC_NO);
	ck_assert_int_eq(cfg_ifname_unit("tunnel-ip42"), 42);
	ck_assert_int_eq(cfg_ifname_unit("eth0"), -1);
	/* Tunnel sources: addresses, Linux names, Cisco names. */
	ck_assert_int_eq(acc(s, 0, "198.51.100.5", o), CFG_ACC_DONE);
	ck_assert_int_eq(acc(s, 0, "eth0", o), CFG_ACC_DONE);
	ck_assert_str_eq(o, "eth0");
	ck_assert_int_eq(acc(s, 0, "mgmteth0/RP0/CPU0/0", o), CFG_ACC_DONE);
	ck_assert_str_eq(o, "MgmtEth0/RP0/CPU0/0");
	ck_assert_int_eq(acc(s, 0, "1.2.3.400", o), CFG_ACC_NO);
}
END_TEST

START_TEST(test_keys_text_and_enums)
{
	const struct cfg_argdef	*k = argof(CFG_R_PEER_PSK, 2);
	const struct cfg_argdef	*t = argof(CFG_R_IF_DESC, 1);
	const struct cfg_argdef	*e = argof(CFG_R_TS_TRANSFORM, 2);
	char			 o[512], big[300];

	ck_assert_int_eq(acc(k, 0, "cisco123!@#", o), CFG_ACC_DONE);
	memset(big, 'k', 129);
	big[129] = 0;
	ck_assert_int_eq(acc(k, 0, big, o), CFG_ACC_NO);
	ck_assert_int_eq(cfg_arg_accept(t, 0, "to r2  ", 7, o, sizeof(o)),
	    CFG_ACC_DONE);
	ck_assert_str_eq(o, "to r2");
	ck_assert_int_eq(acc(t, 0, "caf\303\251", o), CFG_ACC_DONE);
	ck_assert_int_eq(acc(t, 0, "bad\377", o), CFG_ACC_NO);
	ck_assert_int_eq(acc(t, 0, "\300\257", o), CFG_ACC_NO);
	/* The alias is stored in its canonical spelling. */
	ck_assert_int_eq(acc(e, 0, "ESP-HMAC-SHA-1", o), CFG_ACC_DONE);
	ck_assert_str_eq(o, "esp-hmac-sha1");
	ck_assert_ptr_null(cfg_enum_exact(e, "esp-hmac", 8));
}
END_TEST

START_TEST(test_key_lookup_walks_the_schema)
{
	const struct cfg_row	*rows[4], *r;
	size_t			 depth;

	r = cfg_schema_key_row(K(K("keyring K", "peer A"), "address"), rows,
	    4, &depth);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->id, CFG_R_PEER_ADDRESS);
	ck_assert_uint_eq(depth, 3);
	ck_assert_uint_eq(rows[0]->id, CFG_R_KEYRING);
	ck_assert_uint_eq(rows[1]->id, CFG_R_PEER);
	r = cfg_schema_key_row(K("keyring K", "peer A") CFG_KEY_SEP_STR
	    "pre-shared-key local", NULL, 0, NULL);
	ck_assert_uint_eq(r->id, CFG_R_PEER_PSK_LOCAL);
	r = cfg_schema_key_row(K("ikev2 profile P",
	    "match identity remote address 198.51.100.21"), NULL, 0, NULL);
	ck_assert_uint_eq(r->id, CFG_R_PROF_MATCH_ADDR);
	r = cfg_schema_key_row(K(K("router static",
	    "address-family ipv4 unicast"), "10.0.0.0/8 tunnel-ip1"), NULL, 0,
	    NULL);
	ck_assert_uint_eq(r->id, CFG_R_RS_ROUTE);
	ck_assert_ptr_null(cfg_schema_key_row("ikev2 proposal", NULL, 0,
	    NULL));
	ck_assert_ptr_null(cfg_schema_key_row(K("hostname", "x"), NULL, 0,
	    NULL));
	ck_assert_ptr_null(cfg_schema_key_row("interface Tunnel-IP1", NULL,
	    0, NULL));
}
END_TEST

START_TEST(test_components_names_and_prompts)
{
	char	c[128], p[128];

	ck_assert_str_eq(cfg_comp_name(cfg_row(CFG_R_TRUSTPOINT),
	    "crypto ca trustpoint TP1"), "TP1");
	ck_assert_int_eq(cfg_comp_make(cfg_row(CFG_R_IPSECPROF), "X", c,
	    sizeof(c)), 0);
	ck_assert_str_eq(c, "ipsec profile X");
	ck_assert_int_eq(cfg_prompt_format(cfg_row(CFG_R_PEER), "peer ACADIA-2",
	    p, sizeof(p)), 0);
	ck_assert_str_eq(p, "ikev2-keyring-peer-ACADIA-2");
	ck_assert_int_eq(cfg_prompt_format(cfg_row(CFG_R_INTERFACE),
	    "interface tunnel-ip1", p, sizeof(p)), 0);
	ck_assert_str_eq(p, "if");
	ck_assert_int_eq(cfg_prompt_format(cfg_row(CFG_R_TRUSTPOINT),
	    "crypto ca trustpoint T", p, sizeof(p)), 0);
	ck_assert_str_eq(p, "trustpoint-T");
}
END_TEST

START_TEST(test_psk_forms_decode)
{
	char	o[64];

	ck_assert_int_eq(cfg_psk_plain("cisco123", o, sizeof(o)), 8);
	ck_assert_str_eq(o, "cisco123");
	ck_assert_int_eq(cfg_psk_plain("clear cisco123", o, sizeof(o)), 8);
	ck_assert_str_eq(o, "cisco123");
	/* Type 7: offset 15, then "cisco" XORed with the table. */
	ck_assert_int_eq(cfg_psk_plain("password 1511021F0725", o,
	    sizeof(o)), 5);
	ck_assert_str_eq(o, "cisco");
	ck_assert_int_eq(cfg_psk_plain("password zz", o, sizeof(o)), -1);
	ck_assert_int_eq(cfg_psk_plain("password 99AB", o, sizeof(o)), -1);
	ck_assert_int_eq(cfg_psk_plain("password 1511021F072", o, sizeof(o)),
	    -1);
}
END_TEST

START_TEST(test_multi_words)
{
	ck_assert_int_eq(cfg_multi_has("aes-cbc-256 aes-cbc-128",
	    "aes-cbc-128", 11), 1);
	ck_assert_int_eq(cfg_multi_has("aes-cbc-256 aes-cbc-128", "aes-cbc",
	    7), 0);
	ck_assert_int_eq(cfg_multi_has("", "x", 1), 0);
}
END_TEST

static Suite *
schema_suite(void)
{
	Suite	*s = suite_create("schema");
	TCase	*tc = tcase_create("schema");

	tcase_add_test(tc, test_table_rows_are_indexed_by_id_with_object_parents);
	tcase_add_test(tc, test_descendants_follow_their_row);
	tcase_add_test(tc, test_references_are_the_only_value_of_their_row);
	tcase_add_test(tc, test_seed_order_inside_objects);
	tcase_add_test(tc, test_names_are_checked_and_kept_as_typed);
	tcase_add_test(tc, test_ipv4_and_masks);
	tcase_add_test(tc, test_ranges);
	tcase_add_test(tc, test_interface_names_canonical);
	tcase_add_test(tc, test_keys_text_and_enums);
	tcase_add_test(tc, test_key_lookup_walks_the_schema);
	tcase_add_test(tc, test_components_names_and_prompts);
	tcase_add_test(tc, test_psk_forms_decode);
	tcase_add_test(tc, test_multi_words);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(schema_suite());
	int	 nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? 0 : 1;
}
