/*
 * Unit tests for cfgdb/store.c and cfgdb/session.c: where the database
 * lives, the safety checks on open, schema versions, sessions, candidate
 * edits, stale-session cleanup and the exclusive lock.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cfgdb/store.h"
#include "tests/unit/store_fixture.h"

START_TEST(test_default_path_follows_spec_order)
{
	char	p[256];

	ck_assert_int_eq(cfg_store_path_rule(1, "/x/db", "/s", "/h", p,
	    sizeof(p)), 0);
	ck_assert_str_eq(p, "/x/db");
	ck_assert_int_eq(cfg_store_path_rule(1, "", "/s", "/h", p,
	    sizeof(p)), 0);
	ck_assert_str_eq(p, "/var/lib/mgmtsec/config.db");
	ck_assert_int_eq(cfg_store_path_rule(0, NULL, "/s", "/h", p,
	    sizeof(p)), 0);
	ck_assert_str_eq(p, "/s/mgmtsec/config.db");
	/* A relative XDG_STATE_HOME is ignored, as the XDG spec says. */
	ck_assert_int_eq(cfg_store_path_rule(0, NULL, "rel", "/h", p,
	    sizeof(p)), 0);
	ck_assert_str_eq(p, "/h/.local/state/mgmtsec/config.db");
	ck_assert_int_eq(cfg_store_path_rule(0, NULL, NULL, NULL, p,
	    sizeof(p)), -1);
	ck_assert_int_eq(cfg_store_path_rule(0, "/a/very/long/path", NULL,
	    NULL, p, 8), -1);
}
END_TEST

START_TEST(test_default_path_reads_environment)
{
	char	p[256];

	setenv("MGMTSEC_DB", "/tmp/elsewhere.db", 1);
	ck_assert_int_eq(cfg_store_default_path(p, sizeof(p), NULL, 0), 0);
	ck_assert_str_eq(p, "/tmp/elsewhere.db");
	unsetenv("MGMTSEC_DB");
	ck_assert_int_eq(cfg_store_default_path(p, sizeof(p), NULL, 0), 0);
	if (geteuid() == 0)
		ck_assert_str_eq(p, CFG_STORE_ROOT_PATH);
	else
		ck_assert_ptr_nonnull(strstr(p, "mgmtsec/config.db"));
}
END_TEST

START_TEST(test_open_creates_private_file_and_folders)
{
	struct cfg_store	*st;
	struct stat		 sb;
	mode_t			 old = umask(0);

	snprintf(fx.path, sizeof(fx.path), "%s/a/b/config.db", fx.dir);
	st = fx_open();
	umask(old);
	ck_assert_int_eq(stat(fx.path, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0600);
	snprintf(fx.err, sizeof(fx.err), "%s/a/b", fx.dir);
	ck_assert_int_eq(stat(fx.err, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0700);
	ck_assert_str_eq(cfg_store_path(st), fx.path);
	ck_assert_uint_eq(fx_gen(st), 0);
	ck_assert_int_eq(cfg_store_check(st, fx.err, sizeof(fx.err)), 0);
	cfg_store_close(st);
}
END_TEST

static void
sql_get(const char *path, const char *sql, char *out, size_t outlen)
{
	sqlite3		*db;
	sqlite3_stmt	*q;

	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE,
	    NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &q, NULL),
	    SQLITE_OK);
	out[0] = 0;
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
		snprintf(out, outlen, "%s", sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(db);
}

START_TEST(test_open_uses_wal_and_schema_version)
{
	struct cfg_store	*st = fx_open();
	char			 v[64];

	cfg_store_close(st);
	sql_get(fx.path, "PRAGMA journal_mode", v, sizeof(v));
	ck_assert_str_eq(v, "wal");
	sql_get(fx.path, "PRAGMA user_version", v, sizeof(v));
	ck_assert_str_eq(v, "2");
	/* Opening again neither fails nor migrates twice. */
	st = fx_open();
	cfg_store_close(st);
	sql_get(fx.path, "PRAGMA user_version", v, sizeof(v));
	ck_assert_str_eq(v, "2");
}
END_TEST

static void
expect_refusal(int flags, const char *needle)
{
	struct cfg_store	*st;

	fx.err[0] = 0;
	st = cfg_store_open(fx.path, flags, fx.err, sizeof(fx.err));
	ck_assert_ptr_null(st);
	ck_assert_msg(strstr(fx.err, needle) != NULL, "message '%s' lacks"
	    " '%s'", fx.err, needle);
}

START_TEST(test_open_refuses_world_accessible_database)
{
	struct cfg_store	*st = fx_open();

	cfg_store_close(st);
	ck_assert_int_eq(chmod(fx.path, 0644), 0);
	expect_refusal(0, "other users can access it (mode 0644)");
	ck_assert_ptr_nonnull(strstr(fx.err, "chmod o-rwx"));
	ck_assert_int_eq(chmod(fx.path, 0602), 0);
	expect_refusal(0, "other users");
	/* Group access is allowed: the socket is 0660 too. */
	ck_assert_int_eq(chmod(fx.path, 0660), 0);
	st = fx_open();
	cfg_store_close(st);
}
END_TEST

START_TEST(test_open_refuses_world_readable_wal)
{
	char	wal[1100];
	int	fd;

	snprintf(wal, sizeof(wal), "%s-wal", fx.path);
	fd = open(wal, O_CREAT | O_WRONLY, 0644);
	ck_assert_int_ge(fd, 0);
	fchmod(fd, 0644);
	close(fd);
	expect_refusal(0, "-wal: other users");
}
END_TEST

START_TEST(test_open_refuses_unsafe_places_and_files)
{
	char	dir[512], link[512];
	int	fd;

	/* A folder every user can write to, without the sticky bit. */
	snprintf(dir, sizeof(dir), "%s/open", fx.dir);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	ck_assert_int_eq(chmod(dir, 0777), 0);
	snprintf(fx.path, sizeof(fx.path), "%s/config.db", dir);
	expect_refusal(0, "every user can write to it");
	/* With the sticky bit (like /tmp) it is fine. */
	ck_assert_int_eq(chmod(dir, 01777), 0);
	cfg_store_close(fx_open());

	/* Not a regular file. */
	snprintf(fx.path, sizeof(fx.path), "%s", dir);
	expect_refusal(0, "not a regular file");

	/* A symbolic link. */
	snprintf(link, sizeof(link), "%s/link.db", fx.dir);
	snprintf(fx.path, sizeof(fx.path), "%s/config.db", dir);
	ck_assert_int_eq(symlink(fx.path, link), 0);
	snprintf(fx.path, sizeof(fx.path), "%s", link);
	expect_refusal(0, "symbolic link");

	/* Missing, with NOCREATE (the daemon). */
	snprintf(fx.path, sizeof(fx.path), "%s/none.db", fx.dir);
	expect_refusal(CFG_STORE_NOCREATE, "no database at");

	/* A file that is not a database. */
	snprintf(fx.path, sizeof(fx.path), "%s/text.db", fx.dir);
	fd = open(fx.path, O_CREAT | O_WRONLY, 0600);
	ck_assert_int_eq(write(fd, "hello, this is not sqlite at all, no"
	    " no no no no no no no no no no no no no no no no no no no no no"
	    " no no no no no no no no no no no no no no", 120), 120);
	close(fd);
	expect_refusal(0, "not an mgmtsec database");
}
END_TEST

static void
sql_run(const char *path, const char *sql)
{
	sqlite3	*db;
	int	 fd;

	fd = open(path, O_CREAT | O_WRONLY, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE,
	    NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

START_TEST(test_open_refuses_foreign_and_newer_schemas)
{
	struct cfg_store	*st;

	sql_run(fx.path, "CREATE TABLE t (x)");
	expect_refusal(0, "not mgmtsec's");
	unlink(fx.path);
	st = fx_open();
	cfg_store_close(st);
	sql_run(fx.path, "PRAGMA user_version = 99");
	expect_refusal(0, "schema version 99");
}
END_TEST

START_TEST(test_candidate_mirrors_running_until_edited)
{
	struct cfg_store	*st = fx_open();
	struct cfg_session	*a = fx_session(st, "alice", 0);
	struct cfg_session	*b = fx_session(st, "bob", 0);
	struct cfg_items	*cand = cfg_items_new(), *run = cfg_items_new();

	fx_set(a, "hostname", "r1");
	ck_assert_int_eq(fx_commit(a, NULL, NULL), CFG_COMMIT_DONE);
	/* b never edited: its candidate is running. */
	ck_assert_int_eq(cfg_session_candidate(b, cand, run, NULL, 0), 0);
	ck_assert_str_eq(fx_dump(cand), "hostname=r1;");
	ck_assert_int_eq(cfg_items_equal(cand, run), 1);
	ck_assert_int_eq(cfg_session_has_changes(b, NULL, 0), 0);
	/* b edits; a commits something else; b sees both. */
	fx_set(b, "banner", "hi");
	fx_set(a, "hostname", "r2");
	ck_assert_int_eq(fx_commit(a, NULL, NULL), CFG_COMMIT_DONE);
	ck_assert_int_eq(cfg_session_candidate(b, cand, NULL, NULL, 0), 0);
	ck_assert_str_eq(fx_dump(cand), "banner=hi;hostname=r2;");
	ck_assert_int_eq(cfg_session_has_changes(b, NULL, 0), 1);
	cfg_items_free(cand);
	cfg_items_free(run);
	cfg_session_close(a);
	cfg_session_close(b);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_delete_removes_subtree_only)
{
	struct cfg_store	*st = fx_open();
	struct cfg_session	*s = fx_session(st, "alice", 0);
	struct cfg_items	*cand = cfg_items_new();

	fx_set(s, "proposal P1", "");
	fx_set(s, K2("proposal P1", "prf"), "sha-256");
	fx_set(s, "proposal P10", "");
	fx_set(s, K2("proposal P10", "prf"), "sha-1");
	ck_assert_int_eq(fx_commit(s, NULL, NULL), CFG_COMMIT_DONE);
	fx_del(s, "proposal P1");
	fx_del(s, "not configured");	/* `no` of nothing: harmless */
	ck_assert_int_eq(cfg_session_candidate(s, cand, NULL, NULL, 0), 0);
	ck_assert_str_eq(fx_dump(cand),
	    "proposal P10=;proposal P10/prf=sha-1;");
	/* A set after the delete brings a child back alone. */
	fx_set(s, K2("proposal P1", "dh"), "19");
	ck_assert_int_eq(cfg_session_candidate(s, cand, NULL, NULL, 0), 0);
	ck_assert_str_eq(fx_dump(cand), "proposal P1/dh=19;"
	    "proposal P10=;proposal P10/prf=sha-1;");
	ck_assert_int_eq(cfg_session_delete(s, "", fx.err, sizeof(fx.err)),
	    -1);
	cfg_items_free(cand);
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_edits_are_batched_and_survive_flush_boundaries)
{
	struct cfg_store	*st = fx_open();
	struct cfg_session	*s = fx_session(st, "batch", 0);
	struct cfg_items	*cand = cfg_items_new();
	struct cfg_session_info	*info;
	char			 k[64];
	size_t			 i, n, total = 2 * CFG_SESSION_BATCH + 7;

	for (i = 0; i < total; i++) {
		snprintf(k, sizeof(k), "item %05zu", i);
		fx_set(s, k, "v");
	}
	ck_assert_uint_eq(cfg_session_edit_count(s), total);
	/* Two full batches were written; the rest is still buffered. */
	ck_assert_int_eq(cfg_session_list(st, &info, &n, NULL, 0), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(info[0].edits, 2 * CFG_SESSION_BATCH);
	cfg_session_info_free(info, n);
	ck_assert_int_eq(cfg_session_candidate(s, cand, NULL, NULL, 0), 0);
	ck_assert_uint_eq(cfg_items_count(cand), total);
	ck_assert_int_eq(cfg_session_list(st, &info, &n, NULL, 0), 0);
	ck_assert_uint_eq(info[0].edits, total);
	cfg_session_info_free(info, n);
	cfg_items_free(cand);
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_has_changes_ignores_no_op_edits_and_discard_clears)
{
	struct cfg_store	*st = fx_open();
	struct cfg_session	*s = fx_session(st, "alice", 0);

	fx_set(s, "hostname", "r1");
	ck_assert_int_eq(fx_commit(s, NULL, NULL), CFG_COMMIT_DONE);
	ck_assert_int_eq(cfg_session_has_changes(s, NULL, 0), 0);
	fx_set(s, "hostname", "r1");
	ck_assert_int_eq(cfg_session_has_changes(s, NULL, 0), 0);
	fx_set(s, "hostname", "r2");
	ck_assert_int_eq(cfg_session_has_changes(s, NULL, 0), 1);
	ck_assert_int_eq(cfg_session_discard(s, NULL, 0), 0);
	ck_assert_int_eq(cfg_session_has_changes(s, NULL, 0), 0);
	ck_assert_uint_eq(cfg_session_edit_count(s), 0);
	ck_assert_str_eq(fx_running(st), "hostname=r1;");
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_load_makes_candidate_equal_target)
{
	struct cfg_store	*st = fx_open();
	struct cfg_session	*s = fx_session(st, "alice", 0);
	struct cfg_items	*t = cfg_items_new(), *cand = cfg_items_new();

	fx_set(s, "a", "");
	fx_set(s, K2("a", "x"), "1");
	fx_set(s, K2("a", "y"), "2");
	fx_set(s, "b", "3");
	ck_assert_int_eq(fx_commit(s, NULL, NULL), CFG_COMMIT_DONE);
	fx_set(s, "junk", "edit to be replaced");
	cfg_items_set(t, "a", "");
	cfg_items_set(t, K2("a", "y"), "22");
	cfg_items_set(t, "c", "4");
	ck_assert_int_eq(cfg_session_load(s, t, NULL, 0), 0);
	ck_assert_int_eq(cfg_session_candidate(s, cand, NULL, NULL, 0), 0);
	ck_assert_int_eq(cfg_items_equal(cand, t), 1);
	ck_assert_int_eq(fx_commit(s, NULL, NULL), CFG_COMMIT_DONE);
	ck_assert_str_eq(fx_running(st), "a=;a/y=22;c=4;");
	cfg_items_free(t);
	cfg_items_free(cand);
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

/* Forks a child that opens a session (exclusive or not) and is then
 * killed without closing it. */
static void
leave_stale_session(int exclusive)
{
	struct cfg_store	*st;
	struct cfg_session	*s;
	int			 p[2], status;
	char			 c;
	pid_t			 pid;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(p[0]);
		st = cfg_store_open(fx.path, 0, NULL, 0);
		s = st ? cfg_session_open(st, "ghost", "vty9", exclusive,
		    NULL, 0) : NULL;
		c = s ? 'y' : 'n';
		if (write(p[1], &c, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	ck_assert_int_eq(read(p[0], &c, 1), 1);
	close(p[0]);
	ck_assert_int_eq(c, 'y');
	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
}

START_TEST(test_stale_sessions_of_dead_processes_are_removed)
{
	struct cfg_store	*st = fx_open();
	struct cfg_session	*s;
	struct cfg_session_info	*info;
	size_t			 n;

	cfg_store_close(st);
	leave_stale_session(1);
	st = fx_open();
	/* The dead exclusive holder blocks nobody. */
	s = fx_session(st, "alice", 1);
	ck_assert_int_eq(cfg_session_list(st, &info, &n, NULL, 0), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(info[0].user, "alice");
	ck_assert_int_eq(info[0].exclusive, 1);
	ck_assert_int_eq(info[0].pid, (int)getpid());
	cfg_session_info_free(info, n);
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_exclusive_session_refuses_second_and_locks_commits)
{
	struct cfg_store	*st1 = fx_open(), *st2 = fx_open();
	struct cfg_session	*ex, *other;
	struct cfg_commit_result r;

	ex = cfg_session_open(st1, "alice", "vty1", 1, fx.err,
	    sizeof(fx.err));
	ck_assert_ptr_nonnull(ex);
	ck_assert_int_eq(cfg_session_exclusive(ex), 1);
	/* A second exclusive session is refused, naming the holder. */
	ck_assert_ptr_null(cfg_session_open(st2, "bob", "vty2", 1, fx.err,
	    sizeof(fx.err)));
	ck_assert_ptr_nonnull(strstr(fx.err, "locked exclusively by user"
	    " 'alice' on line 'vty1'"));
	/* A plain session may open and edit, but not commit. */
	other = fx_session(st2, "bob", 0);
	fx_set(other, "hostname", "bob");
	ck_assert_int_eq(cfg_commit(other, NULL, &r, fx.err,
	    sizeof(fx.err)), -1);
	ck_assert_int_eq(r.status, CFG_COMMIT_LOCKED);
	ck_assert_ptr_nonnull(strstr(fx.err, "'alice'"));
	ck_assert_str_eq(fx_running(st2), "");
	/* The holder commits. */
	fx_set(ex, "hostname", "alice");
	ck_assert_int_eq(fx_commit(ex, NULL, NULL), CFG_COMMIT_DONE);
	/* Once it ends, the other commits. */
	cfg_session_close(ex);
	ck_assert_int_eq(fx_commit(other, NULL, &r), CFG_COMMIT_DONE);
	ck_assert_str_eq(fx_running(st1), "hostname=bob;");
	cfg_session_close(other);
	cfg_store_close(st1);
	cfg_store_close(st2);
}
END_TEST

START_TEST(test_running_snapshot_reports_generation)
{
	struct cfg_store	*st = fx_open();
	struct cfg_session	*s = fx_session(st, "alice", 0);
	struct cfg_items	*it = cfg_items_new();
	uint64_t		 gen = 99;

	ck_assert_int_eq(cfg_store_running(st, it, &gen, NULL, 0), 0);
	ck_assert_uint_eq(gen, 0);
	fx_set(s, "x", "1");
	fx_commit(s, NULL, NULL);
	fx_set(s, "y", "2");
	fx_commit(s, NULL, NULL);
	ck_assert_int_eq(cfg_store_running(st, it, &gen, NULL, 0), 0);
	ck_assert_uint_eq(gen, 2);
	ck_assert_str_eq(fx_dump(it), "x=1;y=2;");
	cfg_items_free(it);
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

static Suite *
store_suite(void)
{
	Suite	*s = suite_create("store");
	TCase	*tc = tcase_create("store");

	tcase_add_checked_fixture(tc, fx_setup, fx_teardown);
	tcase_add_test(tc, test_default_path_follows_spec_order);
	tcase_add_test(tc, test_default_path_reads_environment);
	tcase_add_test(tc, test_open_creates_private_file_and_folders);
	tcase_add_test(tc, test_open_uses_wal_and_schema_version);
	tcase_add_test(tc, test_open_refuses_world_accessible_database);
	tcase_add_test(tc, test_open_refuses_world_readable_wal);
	tcase_add_test(tc, test_open_refuses_unsafe_places_and_files);
	tcase_add_test(tc, test_open_refuses_foreign_and_newer_schemas);
	tcase_add_test(tc, test_candidate_mirrors_running_until_edited);
	tcase_add_test(tc, test_delete_removes_subtree_only);
	tcase_add_test(tc, test_edits_are_batched_and_survive_flush_boundaries);
	tcase_add_test(tc,
	    test_has_changes_ignores_no_op_edits_and_discard_clears);
	tcase_add_test(tc, test_load_makes_candidate_equal_target);
	tcase_add_test(tc, test_stale_sessions_of_dead_processes_are_removed);
	tcase_add_test(tc,
	    test_exclusive_session_refuses_second_and_locks_commits);
	tcase_add_test(tc, test_running_snapshot_reports_generation);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(store_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
