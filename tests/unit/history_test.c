/*
 * Unit tests for cfgdb/history.c and the changes codec in cfgdb/delta.c:
 * the commit list, the configuration as of each commit, the changes of a
 * commit or of the last N, rollback targets and rollback commits, the
 * history limit and `clear configuration commits oldest N`, and hostile
 * or damaged change records.
 */
#include "config.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "cfgdb/commit.h"
#include "cfgdb/history.h"
#include "cfgdb/store_priv.h"
#include "tests/unit/store_fixture.h"

#define NSNAP	12

/* Commits NSNAP pseudo-random changes, keeping running after each. */
static struct cfg_items *snaps[NSNAP];
static uint64_t		 ids[NSNAP];

static void
make_history(struct cfg_store *st, struct cfg_session *s)
{
	struct cfg_commit_result	r;
	char				k[32], v[32];
	unsigned			seed = 7;
	int				i, j;

	for (i = 0; i < NSNAP; i++) {
		for (j = 0; j < 6; j++) {
			seed = seed * 1103515245 + 12345;
			snprintf(k, sizeof(k), "obj %u", (seed >> 8) % 9);
			snprintf(v, sizeof(v), "%u", (seed >> 4) % 5);
			switch ((seed >> 16) % 4) {
			case 0:
				fx_del(s, k);
				break;
			case 1:
				fx_set(s, k, "");
				strcat(k, CFG_KEY_SEP_STR "leaf");
				fx_set(s, k, v);
				break;
			default:
				fx_set(s, k, v);
			}
		}
		/* Never an empty commit. */
		snprintf(v, sizeof(v), "%d", i);
		fx_set(s, "seq", v);
		fx.now++;
		ck_assert_int_eq(fx_commit(s, NULL, &r), CFG_COMMIT_DONE);
		ids[i] = r.id;
		snaps[i] = cfg_items_new();
		ck_assert_int_eq(cfg_store_running(st, snaps[i], NULL, NULL, 0),
		    0);
	}
}

static void
free_history(void)
{
	int	i;

	for (i = 0; i < NSNAP; i++)
		cfg_items_free(snaps[i]);
}

START_TEST(test_list_is_newest_first_with_limit)
{
	struct cfg_store	*st = fx_open();
	struct cfg_session	*s = fx_session(st, "alice", 0);
	struct cfg_commit_info	*v;
	size_t			 n;

	ck_assert_int_eq(cfg_history_list(st, 0, &v, &n, NULL, 0), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(v);
	make_history(st, s);
	ck_assert_int_eq(cfg_history_list(st, 5, &v, &n, NULL, 0), 0);
	ck_assert_uint_eq(n, 5);
	ck_assert_uint_eq(v[0].id, 1000000000ULL + NSNAP);
	ck_assert_uint_eq(v[4].id, 1000000000ULL + NSNAP - 4);
	ck_assert_uint_eq(v[0].generation, NSNAP);
	ck_assert_int_gt(v[0].time, v[1].time);
	cfg_history_list_free(v, n);
	free_history();
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_config_at_every_commit_matches_its_snapshot)
{
	struct cfg_store	*st = fx_open();
	struct cfg_session	*s = fx_session(st, "alice", 0);
	struct cfg_items	*it = cfg_items_new(), *b = cfg_items_new();
	int			 i;

	make_history(st, s);
	for (i = 0; i < NSNAP; i++) {
		ck_assert_int_eq(cfg_history_config_at(st, ids[i], it, NULL,
		    0), 0);
		ck_assert_msg(cfg_items_equal(it, snaps[i]), "commit %d", i);
		ck_assert_int_eq(cfg_history_changes(st, ids[i], b, it, NULL,
		    0), 0);
		ck_assert(cfg_items_equal(it, snaps[i]));
		if (i == 0)
			ck_assert_uint_eq(cfg_items_count(b), 0);
		else
			ck_assert(cfg_items_equal(b, snaps[i - 1]));
	}
	ck_assert_int_eq(cfg_history_config_at(st, 1000000999ULL, it, fx.err,
	    sizeof(fx.err)), -1);
	ck_assert_str_eq(fx.err, "No such commit ID 1000000999");
	cfg_items_free(it);
	cfg_items_free(b);
	free_history();
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_changes_of_last_n_commits)
{
	struct cfg_store	*st = fx_open();
	struct cfg_session	*s = fx_session(st, "alice", 0);
	struct cfg_items	*a = cfg_items_new(), *b = cfg_items_new();

	make_history(st, s);
	ck_assert_int_eq(cfg_history_changes_last(st, 3, b, a, NULL, 0), 0);
	ck_assert(cfg_items_equal(a, snaps[NSNAP - 1]));
	ck_assert(cfg_items_equal(b, snaps[NSNAP - 4]));
	ck_assert_int_eq(cfg_history_changes_last(st, NSNAP, b, a, NULL, 0),
	    0);
	ck_assert_uint_eq(cfg_items_count(b), 0);
	ck_assert_int_eq(cfg_history_changes_last(st, NSNAP + 1, b, a,
	    fx.err, sizeof(fx.err)), -1);
	ck_assert_ptr_nonnull(strstr(fx.err, "fewer than"));
	ck_assert_int_eq(cfg_history_changes_last(st, 0, b, a, NULL, 0), -1);
	cfg_items_free(a);
	cfg_items_free(b);
	free_history();
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

static void
rollback_and_check(struct cfg_store *st, struct cfg_session *s,
    enum cfg_rollback_kind kind, uint64_t arg, const struct cfg_items *want)
{
	struct cfg_commit_opts		 o = { .client = CFG_CLIENT_ROLLBACK };
	struct cfg_commit_result	 r;
	struct cfg_items		*it = cfg_items_new();
	struct cfg_commit_info		 info;

	ck_assert_int_eq(cfg_history_rollback_target(st, kind, arg, it,
	    NULL, 0), 0);
	ck_assert(cfg_items_equal(it, want));
	ck_assert_int_eq(cfg_history_rollback_load(s, kind, arg, fx.err,
	    sizeof(fx.err)), 0);
	ck_assert_int_eq(fx_commit(s, &o, &r), CFG_COMMIT_DONE);
	ck_assert_int_eq(cfg_store_running(st, it, NULL, NULL, 0), 0);
	ck_assert(cfg_items_equal(it, want));
	ck_assert_int_eq(cfg_history_get(st, r.id, &info, NULL, 0), 0);
	ck_assert_str_eq(info.client, "Rollback");
	cfg_commit_info_clear(&info);
	cfg_items_free(it);
}

START_TEST(test_rollback_last_to_and_before)
{
	struct cfg_store	*st = fx_open();
	struct cfg_session	*s = fx_session(st, "alice", 0);
	struct cfg_items	*it = cfg_items_new();

	make_history(st, s);
	rollback_and_check(st, s, CFG_ROLLBACK_LAST, 2, snaps[NSNAP - 3]);
	/* The rollback was a commit: last 1 undoes the rollback. */
	rollback_and_check(st, s, CFG_ROLLBACK_LAST, 1, snaps[NSNAP - 1]);
	rollback_and_check(st, s, CFG_ROLLBACK_TO, ids[4], snaps[4]);
	rollback_and_check(st, s, CFG_ROLLBACK_BEFORE, ids[4], snaps[3]);
	/* Each rollback is one record; the rolled-back ones stay. */
	ck_assert_int_eq(cfg_history_config_at(st, ids[NSNAP - 1], it, NULL,
	    0), 0);
	ck_assert(cfg_items_equal(it, snaps[NSNAP - 1]));
	ck_assert_int_eq(cfg_history_rollback_target(st, CFG_ROLLBACK_TO, 5,
	    it, fx.err, sizeof(fx.err)), -1);
	ck_assert_str_eq(fx.err, "No such commit ID 5");
	ck_assert_int_eq(cfg_history_rollback_load(s, CFG_ROLLBACK_LAST, 999,
	    NULL, 0), -1);
	cfg_items_free(it);
	free_history();
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_history_keeps_the_last_hundred)
{
	struct cfg_store		*st = fx_open();
	struct cfg_session		*s = fx_session(st, "alice", 0);
	struct cfg_items		*it = cfg_items_new();
	struct cfg_commit_info		*v;
	char				 val[16];
	size_t				 n;
	int				 i;

	for (i = 1; i <= CFG_HISTORY_KEEP + 20; i++) {
		snprintf(val, sizeof(val), "%d", i);
		fx_set(s, "counter", val);
		ck_assert_int_eq(fx_commit(s, NULL, NULL), CFG_COMMIT_DONE);
	}
	ck_assert_int_eq(cfg_history_list(st, 0, &v, &n, NULL, 0), 0);
	ck_assert_uint_eq(n, CFG_HISTORY_KEEP);
	ck_assert_uint_eq(v[n - 1].id, 1000000021ULL);
	cfg_history_list_free(v, n);
	ck_assert_int_eq(cfg_history_config_at(st, 1000000021ULL, it, NULL,
	    0), 0);
	ck_assert_str_eq(cfg_items_get(it, "counter"), "21");
	ck_assert_int_eq(cfg_history_config_at(st, 1000000020ULL, it, NULL,
	    0), -1);
	cfg_items_free(it);
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_clear_oldest_n)
{
	struct cfg_store	*st = fx_open();
	struct cfg_session	*s = fx_session(st, "alice", 0);
	struct cfg_items	*it = cfg_items_new();
	struct cfg_commit_info	*v;
	size_t			 n, removed;

	make_history(st, s);
	ck_assert_int_eq(cfg_history_clear_oldest(st, 5, &removed, NULL, 0),
	    0);
	ck_assert_uint_eq(removed, 5);
	ck_assert_int_eq(cfg_history_list(st, 0, &v, &n, NULL, 0), 0);
	ck_assert_uint_eq(n, NSNAP - 5);
	ck_assert_uint_eq(v[n - 1].id, ids[5]);
	cfg_history_list_free(v, n);
	/* What is left still rebuilds exactly. */
	ck_assert_int_eq(cfg_history_config_at(st, ids[5], it, NULL, 0), 0);
	ck_assert(cfg_items_equal(it, snaps[5]));
	ck_assert_int_eq(cfg_history_config_at(st, ids[4], it, NULL, 0), -1);
	/* More than kept: all go; running stays. */
	ck_assert_int_eq(cfg_history_clear_oldest(st, 1000, &removed, NULL,
	    0), 0);
	ck_assert_uint_eq(removed, NSNAP - 5);
	ck_assert_int_eq(cfg_history_clear_oldest(st, 1, &removed, NULL, 0),
	    0);
	ck_assert_uint_eq(removed, 0);
	ck_assert_int_eq(cfg_store_running(st, it, NULL, NULL, 0), 0);
	ck_assert(cfg_items_equal(it, snaps[NSNAP - 1]));
	/* IDs keep counting. */
	fx_set(s, "new", "1");
	ck_assert_int_eq(fx_commit(s, NULL, NULL), CFG_COMMIT_DONE);
	ck_assert_int_eq(cfg_history_list(st, 0, &v, &n, NULL, 0), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(v[0].id, 1000000001ULL + NSNAP);
	cfg_history_list_free(v, n);
	cfg_items_free(it);
	free_history();
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_damaged_history_record_is_reported)
{
	struct cfg_store	*st = fx_open();
	struct cfg_session	*s = fx_session(st, "alice", 0);
	struct cfg_items	*it = cfg_items_new();
	sqlite3			*db;

	make_history(st, s);
	ck_assert_int_eq(sqlite3_open(fx.path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "UPDATE commits SET changes ="
	    " x'0000000501' WHERE id = 1000000010", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(cfg_history_config_at(st, ids[8], it, fx.err,
	    sizeof(fx.err)), -1);
	ck_assert_str_eq(fx.err, "history record 1000000010 is damaged");
	/* Newer commits are not affected. */
	ck_assert_int_eq(cfg_history_config_at(st, ids[10], it, NULL, 0), 0);
	ck_assert(cfg_items_equal(it, snaps[10]));
	cfg_items_free(it);
	free_history();
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

static int
count_cb(void *arg, const char *k, const char *o, const char *n)
{
	(void)k;
	(void)o;
	(void)n;
	(*(int *)arg)++;
	return 0;
}

/* Expects a blob to be refused. */
#define BAD(arr)	do {						\
	n = 0;								\
	ck_assert_int_eq(delta_decode(arr, sizeof(arr), count_cb, &n), -1); \
} while (0)

START_TEST(test_changes_codec_round_trip_and_hostile_input)
{
	struct cfg_items	*a = cfg_items_new(), *b = cfg_items_new();
	struct cfg_items	*c;
	struct delta_counts	 counts;
	struct buf		 blob = { 0 };
	uint8_t			*bad;
	size_t			 i;
	int			 n;
	/* Layout 1 (older databases): flags 0, NUL inside a string, keys
	 * out of order, empty key, a length past the end. */
	static const uint8_t	 v1_nul_key[] = { 0, 0, 0, 1, 2, 0, 0, 0, 2,
	    'a', 0, 0, 0, 0, 1, 'x' };
	static const uint8_t	 v1_unsorted[] = { 0, 0, 0, 2,
	    2, 0, 0, 0, 1, 'b', 0, 0, 0, 0,
	    2, 0, 0, 0, 1, 'a', 0, 0, 0, 0 };
	static const uint8_t	 v1_empty_key[] = { 0, 0, 0, 1, 2, 0, 0, 0,
	    0, 0, 0, 0, 0 };
	static const uint8_t	 v1_huge_len[] = { 0, 0, 0, 1, 2, 0xff,
	    0xff, 0xff, 0xff, 'a' };
	static const uint8_t	 v1_flags0[] = { 0, 0, 0, 1, 0, 0, 0, 0, 1,
	    'a', 0, 0, 0, 0 };
	/* Layout 1 as written before: "a" added as "1", "b" removed. */
	static const uint8_t	 v1_good[] = { 0, 0, 0, 2,
	    2, 0, 0, 0, 1, 'a', 0, 0, 0, 1, '1',
	    1, 0, 0, 0, 1, 'b', 0, 0, 0, 2, 'o', 'k' };
	/* Layout 2: obj added, then obj/x and obj/y sharing its name. */
	static const uint8_t	 v2_good[] = { 0xff, 0xff, 0xff, 0xff, 2,
	    0, 0, 0, 3,
	    2, 0, 3, 'o', 'b', 'j', 0,
	    2, 3, 2, CFG_KEY_SEP, 'x', 1, '1',
	    2, 4, 1, 'y', 1, '2' };
#define V2(...)	{ 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 2,		\
	    2, 0, 2, 'a', 'b', 0, __VA_ARGS__ }
	/* After "ab": a shared prefix not the longest, a smaller key, more
	 * shared than there is, an empty suffix, a NUL, an overlong length,
	 * a length past 32 bits; then an unknown layout, a first key that
	 * shares, flags 4. */
	static const uint8_t	 v2_short_share[] = V2(2, 0, 2, 'a', 'c',
	    0);
	static const uint8_t	 v2_smaller[] = V2(2, 1, 1, 'a', 0);
	static const uint8_t	 v2_overshare[] = V2(2, 3, 1, 'c', 0);
	static const uint8_t	 v2_empty_suffix[] = V2(2, 2, 0, 0);
	static const uint8_t	 v2_nul[] = V2(2, 2, 1, 0, 0);
	static const uint8_t	 v2_overlong[] = V2(2, 2, 0x81, 0x00, 'c',
	    0);
	static const uint8_t	 v2_33bits[] = V2(2, 2, 1, 'c',
	    0x80, 0x80, 0x80, 0x80, 0x10);
	static const uint8_t	 v2_layout3[] = { 0xff, 0xff, 0xff, 0xff, 3,
	    0, 0, 0, 0 };
	static const uint8_t	 v2_first_shares[] = { 0xff, 0xff, 0xff,
	    0xff, 2, 0, 0, 0, 1, 2, 1, 1, 'a', 0 };
	static const uint8_t	 v2_flags4[] = { 0xff, 0xff, 0xff, 0xff, 2,
	    0, 0, 0, 1, 4, 0, 1, 'a', 0 };
	static const uint8_t	 v2_ok_after_ab[] = V2(2, 1, 1, 'c', 0);
#undef V2

	cfg_items_set(a, "keep", "1");
	cfg_items_set(a, "change", "old");
	cfg_items_set(a, "remove", "gone");
	cfg_items_set(b, "keep", "1");
	cfg_items_set(b, "change", "new");
	cfg_items_set(b, "add", "");
	ck_assert_int_eq(delta_encode(a, b, &blob, &counts), 0);
	ck_assert_uint_eq(counts.added, 1);
	ck_assert_uint_eq(counts.changed, 1);
	ck_assert_uint_eq(counts.removed, 1);
	n = 0;
	ck_assert_int_eq(delta_decode(blob.data, blob.len, count_cb, &n), 0);
	ck_assert_int_eq(n, 3);
	c = cfg_items_dup(b);
	ck_assert_int_eq(delta_undo(c, blob.data, blob.len), 0);
	ck_assert(cfg_items_equal(c, a));
	/* Every truncation and one extra byte are refused. */
	for (i = 0; i < blob.len; i++) {
		bad = malloc(i ? i : 1);
		memcpy(bad, blob.data, i);
		ck_assert_int_eq(delta_decode(bad, i, count_cb, &n), -1);
		free(bad);
	}
	buf_add_u8(&blob, 0);
	ck_assert_int_eq(delta_decode(blob.data, blob.len, count_cb, &n), -1);

	/* The layout, byte for byte, with keys sharing a prefix. */
	cfg_items_clear(a);
	cfg_items_clear(b);
	cfg_items_set(b, "obj", "");
	cfg_items_set(b, K2("obj", "x"), "1");
	cfg_items_set(b, K2("obj", "y"), "2");
	buf_reset(&blob);
	ck_assert_int_eq(delta_encode(a, b, &blob, &counts), 0);
	ck_assert_uint_eq(blob.len, sizeof(v2_good));
	ck_assert_mem_eq(blob.data, v2_good, sizeof(v2_good));
	cfg_items_clear(c);
	ck_assert_int_eq(delta_decode(v2_good, sizeof(v2_good), count_cb, &n),
	    0);
	n = 0;
	ck_assert_int_eq(delta_decode(v2_ok_after_ab, sizeof(v2_ok_after_ab),
	    count_cb, &n), 0);
	ck_assert_int_eq(n, 2);

	/* Records of older databases still read. */
	cfg_items_set(c, "a", "1");
	ck_assert_int_eq(delta_undo(c, v1_good, sizeof(v1_good)), 0);
	ck_assert_str_eq(fx_dump(c), "b=ok;");
	BAD(v1_nul_key);
	BAD(v1_unsorted);
	BAD(v1_empty_key);
	BAD(v1_huge_len);
	BAD(v1_flags0);
	BAD(v2_short_share);
	BAD(v2_smaller);
	BAD(v2_overshare);
	BAD(v2_empty_suffix);
	BAD(v2_nul);
	BAD(v2_overlong);
	BAD(v2_33bits);
	BAD(v2_layout3);
	BAD(v2_first_shares);
	BAD(v2_flags4);
	buf_free(&blob);
	cfg_items_free(a);
	cfg_items_free(b);
	cfg_items_free(c);
}
END_TEST

START_TEST(test_edits_apply_order_semantics)
{
	struct cfg_items	*base = cfg_items_new(), *out = cfg_items_new();
	struct edits		 e = { 0 };
	unsigned char		 skip[8] = { 0 };

	cfg_items_set(base, "a", "");
	cfg_items_set(base, K2("a", "x"), "1");
	cfg_items_set(base, "ab", "2");
	edits_add(&e, EDIT_SET, K2("a", "y"), "set-before-delete");
	edits_add(&e, EDIT_DELETE, "a", NULL);
	edits_add(&e, EDIT_SET, "a", "");
	edits_add(&e, EDIT_SET, K2("a", "z"), "3");
	edits_add(&e, EDIT_SET, K2("a", "z"), "4");
	ck_assert_int_eq(edits_apply(base, &e, NULL, out), 0);
	ck_assert_str_eq(fx_dump(out), "a=;a/z=4;ab=2;");
	/* Among the sets after the last delete, the later one wins unless
	 * it is skipped. */
	skip[4] = 1;
	ck_assert_int_eq(edits_apply(base, &e, skip, out), 0);
	ck_assert_str_eq(fx_dump(out), "a=;a/z=3;ab=2;");
	skip[4] = 0;
	/* Skipping the delete brings back what it removed. */
	skip[1] = 1;
	ck_assert_int_eq(edits_apply(base, &e, skip, out), 0);
	ck_assert_str_eq(fx_dump(out),
	    "a=;a/x=1;a/y=set-before-delete;a/z=4;ab=2;");
	/* Without a base (commit replace). */
	ck_assert_int_eq(edits_apply(NULL, &e, NULL, out), 0);
	ck_assert_str_eq(fx_dump(out), "a=;a/z=4;");
	edits_clear(&e);
	cfg_items_free(base);
	cfg_items_free(out);
}
END_TEST

START_TEST(test_edit_lists_move_and_keep_their_strings)
{
	struct edits	 a = { 0 }, b = { 0 }, empty = { 0 };
	char		*big, k[32];
	size_t		 i;

	/* A value larger than a string block gets a block of its own. */
	big = malloc(200000);
	memset(big, 'v', 199999);
	big[199999] = 0;
	for (i = 0; i < 3000; i++) {
		snprintf(k, sizeof(k), "a%04zu", i);
		ck_assert_int_eq(edits_add(&a, EDIT_SET, k, "x"), 0);
	}
	ck_assert_int_eq(edits_add(&b, EDIT_DELETE, "b0", NULL), 0);
	ck_assert_int_eq(edits_add(&b, EDIT_SET, "b1", big), 0);
	ck_assert_int_eq(edits_add(&b, EDIT_SET, "b2", ""), 0);
	ck_assert_int_eq(edits_take(&a, &b), 0);
	ck_assert_uint_eq(b.n, 0);
	ck_assert_ptr_null(b.v);
	edits_clear(&b);
	ck_assert_uint_eq(a.n, 3003);
	ck_assert_str_eq(a.v[2999].key, "a2999");
	ck_assert_str_eq(a.v[2999].value, "x");
	ck_assert_str_eq(a.v[3000].key, "b0");
	ck_assert_ptr_null(a.v[3000].value);
	ck_assert_str_eq(a.v[3001].value, big);
	ck_assert_str_eq(a.v[3002].value, "");
	/* New edits still find room after the move. */
	ck_assert_int_eq(edits_add(&a, EDIT_SET, "c", "y"), 0);
	ck_assert_str_eq(a.v[3003].value, "y");
	ck_assert_str_eq(a.v[0].key, "a0000");
	/* Into an empty list, and from one. */
	ck_assert_int_eq(edits_take(&empty, &a), 0);
	ck_assert_uint_eq(empty.n, 3004);
	ck_assert_int_eq(edits_take(&empty, &a), 0);
	ck_assert_uint_eq(empty.n, 3004);
	ck_assert_str_eq(empty.v[3001].value, big);
	edits_clear(&empty);
	edits_clear(&a);
	free(big);
}
END_TEST

static Suite *
history_suite(void)
{
	Suite	*s = suite_create("history");
	TCase	*tc = tcase_create("history");

	tcase_add_checked_fixture(tc, fx_setup, fx_teardown);
	tcase_add_test(tc, test_list_is_newest_first_with_limit);
	tcase_add_test(tc, test_config_at_every_commit_matches_its_snapshot);
	tcase_add_test(tc, test_changes_of_last_n_commits);
	tcase_add_test(tc, test_rollback_last_to_and_before);
	tcase_add_test(tc, test_history_keeps_the_last_hundred);
	tcase_add_test(tc, test_clear_oldest_n);
	tcase_add_test(tc, test_damaged_history_record_is_reported);
	tcase_add_test(tc, test_changes_codec_round_trip_and_hostile_input);
	tcase_add_test(tc, test_edits_apply_order_semantics);
	tcase_add_test(tc, test_edit_lists_move_and_keep_their_strings);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(history_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
