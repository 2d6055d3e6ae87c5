/* Unit tests for cfgdb/items.c: the item-set contract of store and grammar. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgdb/items.h"

#define K(a, b)	a CFG_KEY_SEP_STR b

START_TEST(test_set_get_replace_delete)
{
	struct cfg_items	*it = cfg_items_new();

	ck_assert_int_eq(cfg_items_set(it, "hostname", "r1"), 0);
	ck_assert_str_eq(cfg_items_get(it, "hostname"), "r1");
	cfg_items_set(it, "hostname", "r2");
	ck_assert_str_eq(cfg_items_get(it, "hostname"), "r2");
	ck_assert_uint_eq(cfg_items_count(it), 1);
	ck_assert_int_eq(cfg_items_del(it, "hostname"), 1);
	ck_assert_int_eq(cfg_items_del(it, "hostname"), 0);
	ck_assert_ptr_null(cfg_items_get(it, "hostname"));
	ck_assert_uint_eq(cfg_items_count(it), 0);
	cfg_items_free(it);
}
END_TEST

START_TEST(test_sorted_keeps_children_under_parent)
{
	struct cfg_items	*it = cfg_items_new();
	const struct cfg_item	*v;
	size_t			 n;

	cfg_items_set(it, "ikev2 proposal P10", "");
	cfg_items_set(it, K("ikev2 proposal P1", "prf"), "sha-256");
	cfg_items_set(it, "ikev2 proposal P1", "");
	cfg_items_set(it, "ikev2 proposal P1 x", "");
	v = cfg_items_sorted(it, &n);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(v[0].key, "ikev2 proposal P1");
	ck_assert_str_eq(v[1].key, K("ikev2 proposal P1", "prf"));
	ck_assert_str_eq(v[2].key, "ikev2 proposal P1 x");
	ck_assert_str_eq(v[3].key, "ikev2 proposal P10");
	cfg_items_free(it);
}
END_TEST

START_TEST(test_del_tree_removes_only_the_subtree)
{
	struct cfg_items	*it = cfg_items_new();

	cfg_items_set(it, "keyring K", "");
	cfg_items_set(it, K("keyring K", "peer A"), "");
	cfg_items_set(it, K(K("keyring K", "peer A"), "address"), "1");
	cfg_items_set(it, "keyring K2", "");
	ck_assert_int_eq(cfg_items_has_tree(it, K("keyring K", "peer A")), 1);
	ck_assert_uint_eq(cfg_items_del_tree(it, "keyring K"), 3);
	ck_assert_uint_eq(cfg_items_count(it), 1);
	ck_assert_ptr_nonnull(cfg_items_get(it, "keyring K2"));
	ck_assert_int_eq(cfg_items_has_tree(it, "keyring K"), 0);
	cfg_items_free(it);
}
END_TEST

struct diffrec {
	char	out[512];
};

static int
diff_cb(void *arg, const char *key, const char *o, const char *n)
{
	struct diffrec	*d = arg;
	size_t		 l = strlen(d->out);

	snprintf(d->out + l, sizeof(d->out) - l, "%s:%s>%s;", key,
	    o ? o : "-", n ? n : "-");
	return 0;
}

START_TEST(test_diff_and_equal)
{
	struct cfg_items	*a = cfg_items_new(), *b;
	struct diffrec		 d = { "" };

	cfg_items_set(a, "a", "1");
	cfg_items_set(a, "b", "2");
	b = cfg_items_dup(a);
	ck_assert_int_eq(cfg_items_equal(a, b), 1);
	cfg_items_set(b, "b", "3");
	cfg_items_del(b, "a");
	cfg_items_set(b, "c", "4");
	ck_assert_int_eq(cfg_items_equal(a, b), 0);
	cfg_items_diff(a, b, diff_cb, &d);
	ck_assert_str_eq(d.out, "a:1>-;b:2>3;c:->4;");
	cfg_items_free(a);
	cfg_items_free(b);
}
END_TEST

START_TEST(test_many_items_and_churn)
{
	struct cfg_items	*it = cfg_items_new();
	char			 key[32];
	int			 i, round;

	/* Set/delete churn must not grow the table without bound. */
	for (round = 0; round < 20; round++) {
		for (i = 0; i < 5000; i++) {
			snprintf(key, sizeof(key), "k%d-%d", round, i);
			ck_assert_int_eq(cfg_items_set(it, key, "v"), 0);
		}
		for (i = 0; i < 5000; i++) {
			snprintf(key, sizeof(key), "k%d-%d", round, i);
			ck_assert_int_eq(cfg_items_del(it, key), 1);
		}
	}
	ck_assert_uint_eq(cfg_items_count(it), 0);
	cfg_items_free(it);
}
END_TEST

START_TEST(test_key_helpers)
{
	const char	*k = K(K("keyring K", "peer A"), "address");

	ck_assert_uint_eq(cfg_key_depth(""), 0);
	ck_assert_uint_eq(cfg_key_depth(k), 3);
	ck_assert_str_eq(cfg_key_last(k), "address");
	ck_assert_uint_eq(cfg_key_parent_len(k), strlen("keyring K") + 1 +
	    strlen("peer A"));
	ck_assert_uint_eq(cfg_key_parent_len("hostname"), 0);
	ck_assert_int_eq(cfg_key_within(k, "keyring K"), 1);
	ck_assert_int_eq(cfg_key_within("keyring K2", "keyring K"), 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("items");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_set_get_replace_delete);
	tcase_add_test(tc, test_sorted_keeps_children_under_parent);
	tcase_add_test(tc, test_del_tree_removes_only_the_subtree);
	tcase_add_test(tc, test_diff_and_equal);
	tcase_add_test(tc, test_many_items_and_churn);
	tcase_add_test(tc, test_key_helpers);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
