/*
 * Unit tests for cfgdb/commit.c: commit and its variants (label, comment,
 * confirmed with timeout through the injected clock, replace,
 * best-effort, check), "no changes", failed commits leaving everything
 * unchanged, conflict detection and the exclusive lock between sessions
 * on one database, in one process and in two; what a commit writes (the
 * session's edits from memory, running kept in memory by generation).
 */
#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cfgdb/commit.h"
#include "cfgdb/history.h"
#include "cfgdb/store_priv.h"
#include "tests/unit/store_fixture.h"

/* Every commit validates, with the store's validator (the fixture's toy
 * rules, fx_open); this is a plain commit that expects it to. */
static const struct cfg_commit_opts	validated = { .flags = 0 };

static size_t
history_len(struct cfg_store *st)
{
	struct cfg_commit_info	*v;
	size_t			 n;

	ck_assert_int_eq(cfg_history_list(st, 0, &v, &n, NULL, 0), 0);
	cfg_history_list_free(v, n);
	return n;
}

START_TEST(test_commit_writes_running_generation_and_history)
{
	struct cfg_store		*st = fx_open();
	struct cfg_session		*s = fx_session(st, "alice", 0);
	struct cfg_commit_result	 r;
	struct cfg_commit_info		 info;

	fx_set(s, "hostname", "r1");
	fx_set(s, "banner", "hello");
	ck_assert_int_eq(cfg_commit(s, &validated, &r, fx.err,
	    sizeof(fx.err)), 0);
	ck_assert_int_eq(r.status, CFG_COMMIT_DONE);
	ck_assert_uint_eq(r.id, 1000000001ULL);
	ck_assert_uint_eq(r.generation, 1);
	ck_assert_uint_eq(r.added, 2);
	ck_assert_str_eq(fx_running(st), "banner=hello;hostname=r1;");
	ck_assert_uint_eq(cfg_session_edit_count(s), 0);
	ck_assert_int_eq(cfg_session_has_changes(s, NULL, 0), 0);

	fx.now += 60;
	fx_set(s, "hostname", "r2");
	fx_del(s, "banner");
	ck_assert_int_eq(fx_commit(s, &validated, &r), CFG_COMMIT_DONE);
	ck_assert_uint_eq(r.id, 1000000002ULL);
	ck_assert_uint_eq(r.changed, 1);
	ck_assert_uint_eq(r.removed, 1);
	ck_assert_int_eq(cfg_history_get(st, r.id, &info, NULL, 0), 0);
	ck_assert_str_eq(info.user, "alice");
	ck_assert_str_eq(info.line, "vty0");
	ck_assert_str_eq(info.client, "CLI");
	ck_assert_int_eq(info.time, fx.now);
	ck_assert_uint_eq(info.generation, 2);
	ck_assert_uint_eq(info.nchanges, 2);
	ck_assert_ptr_null(info.label);
	ck_assert_ptr_null(info.comment);
	cfg_commit_info_clear(&info);
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_label_comment_and_client_are_recorded)
{
	struct cfg_store		*st = fx_open();
	struct cfg_session		*s = fx_session(st, "alice", 0);
	struct cfg_commit_opts		 o = { 0 };
	struct cfg_commit_result	 r;
	struct cfg_commit_info		*v;
	size_t				 n;

	o.label = "before-tunnels";
	o.comment = "first cut of the tunnels";
	fx_set(s, "a", "1");
	ck_assert_int_eq(fx_commit(s, &o, &r), CFG_COMMIT_DONE);
	o.label = NULL;
	o.comment = NULL;
	o.client = CFG_CLIENT_ROLLBACK;
	fx_set(s, "a", "2");
	ck_assert_int_eq(fx_commit(s, &o, &r), CFG_COMMIT_DONE);
	ck_assert_int_eq(cfg_history_list(st, 0, &v, &n, NULL, 0), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0].client, "Rollback");
	ck_assert_str_eq(v[1].client, "CLI");
	ck_assert_str_eq(v[1].label, "before-tunnels");
	ck_assert_str_eq(v[1].comment, "first cut of the tunnels");
	cfg_history_list_free(v, n);
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_no_changes_commits_nothing_and_drops_no_op_edits)
{
	struct cfg_store		*st = fx_open();
	struct cfg_session		*s = fx_session(st, "alice", 0);
	struct cfg_commit_result	 r;

	ck_assert_int_eq(cfg_commit(s, NULL, &r, NULL, 0), 0);
	ck_assert_int_eq(r.status, CFG_COMMIT_NOCHANGE);
	fx_set(s, "a", "1");
	ck_assert_int_eq(fx_commit(s, NULL, NULL), CFG_COMMIT_DONE);
	fx_set(s, "a", "1");
	fx_del(s, "absent");
	ck_assert_int_eq(fx_commit(s, NULL, &r), CFG_COMMIT_NOCHANGE);
	ck_assert_uint_eq(r.id, 0);
	ck_assert_uint_eq(cfg_session_edit_count(s), 0);
	ck_assert_uint_eq(fx_gen(st), 1);
	ck_assert_uint_eq(history_len(st), 1);
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_failed_commit_changes_nothing_and_keeps_errors)
{
	struct cfg_store		*st = fx_open();
	struct cfg_session		*s = fx_session(st, "alice", 0);
	struct cfg_commit_result	 r;
	const struct cfg_errors		*errs;
	const struct cfg_items		*failed;
	const struct cfg_error		*e;

	fx_set(s, "good", "1");
	ck_assert_int_eq(fx_commit(s, &validated, NULL), CFG_COMMIT_DONE);
	fx_set(s, "good", "2");
	fx_set(s, K2("obj", "value"), "bad");
	fx_set(s, K2("obj", "ref"), "missing");
	ck_assert_int_eq(cfg_commit(s, &validated, &r, fx.err,
	    sizeof(fx.err)), -1);
	ck_assert_int_eq(r.status, CFG_COMMIT_INVALID);
	ck_assert_str_eq(fx.err, "2 configuration errors");
	ck_assert_uint_eq(r.id, 0);
	ck_assert_str_eq(fx_running(st), "good=1;");
	ck_assert_uint_eq(fx_gen(st), 1);
	ck_assert_uint_eq(history_len(st), 1);
	/* show configuration failed: errors and the config they are in. */
	errs = cfg_session_failed(s, &failed);
	ck_assert_uint_eq(cfg_errors_count(errs), 2);
	e = cfg_errors_get(errs, 0);
	ck_assert_str_eq(e->key, K2("obj", "ref"));
	ck_assert_str_eq(e->msg, "missing does not exist");
	ck_assert_str_eq(cfg_errors_get(errs, 1)->msg, "value is bad");
	ck_assert_ptr_null(cfg_errors_get(errs, 2));
	ck_assert_ptr_nonnull(failed);
	ck_assert_str_eq(cfg_items_get(failed, K2("obj", "value")), "bad");
	/* The candidate is kept for the operator to fix. */
	ck_assert_int_eq(cfg_session_has_changes(s, NULL, 0), 1);
	fx_del(s, "obj");
	ck_assert_int_eq(fx_commit(s, &validated, NULL), CFG_COMMIT_DONE);
	ck_assert_str_eq(fx_running(st), "good=2;");
	/* The next commit forgets the old failure. */
	errs = cfg_session_failed(s, &failed);
	ck_assert_uint_eq(cfg_errors_count(errs), 0);
	ck_assert_ptr_null(failed);
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

static int
failing_validator(void *arg, const struct cfg_items *n,
    const struct cfg_items *o, struct cfg_errors *e)
{
	(void)arg;
	(void)n;
	(void)o;
	(void)e;
	return -1;
}

START_TEST(test_validator_failure_aborts_the_commit)
{
	struct cfg_store		*st = fx_open();
	struct cfg_session		*s = fx_session(st, "alice", 0);
	struct cfg_commit_result	 r;

	st_set_validator(st, failing_validator, NULL);
	fx_set(s, "a", "1");
	ck_assert_int_eq(cfg_commit(s, NULL, &r, NULL, 0), -1);
	ck_assert_int_eq(r.status, CFG_COMMIT_ERROR);
	ck_assert_str_eq(fx_running(st), "");
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_best_effort_applies_edits_not_in_error)
{
	struct cfg_store		*st = fx_open();
	struct cfg_session		*s = fx_session(st, "alice", 0);
	struct cfg_commit_opts		 o = validated;
	struct cfg_commit_result	 r;

	o.flags = CFG_COMMIT_BEST_EFFORT;
	fx_set(s, "target", "");
	fx_set(s, K2("user", "ref"), "target");
	ck_assert_int_eq(fx_commit(s, &validated, NULL), CFG_COMMIT_DONE);
	fx_set(s, "hostname", "r1");
	fx_set(s, K2("obj", "value"), "bad");
	fx_set(s, K2("obj2", "ref"), "nowhere");
	/* Deleting a referenced object is flagged at the deleted key. */
	fx_del(s, "target");
	ck_assert_int_eq(cfg_commit(s, &o, &r, fx.err, sizeof(fx.err)), 0);
	ck_assert_int_eq(r.status, CFG_COMMIT_DONE);
	ck_assert_uint_eq(r.skipped, 3);
	ck_assert_uint_eq(r.added, 1);
	ck_assert_str_eq(fx_running(st), "hostname=r1;target=;user/ref=target;");
	ck_assert_uint_eq(cfg_errors_count(cfg_session_failed(s, NULL)), 3);
	ck_assert_uint_eq(cfg_session_edit_count(s), 0);
	/* Nothing left that is valid: it fails as a whole. */
	fx_set(s, "x", "bad");
	ck_assert_int_eq(cfg_commit(s, &o, &r, NULL, 0), -1);
	ck_assert_int_eq(r.status, CFG_COMMIT_INVALID);
	ck_assert_uint_eq(fx_gen(st), 2);
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_replace_makes_running_exactly_the_edits)
{
	struct cfg_store		*st = fx_open();
	struct cfg_session		*s = fx_session(st, "alice", 0);
	struct cfg_commit_opts		 o = { .flags = CFG_COMMIT_REPLACE };
	struct cfg_commit_result	 r;

	fx_set(s, "a", "1");
	fx_set(s, "b", "2");
	fx_set(s, "c", "3");
	ck_assert_int_eq(fx_commit(s, NULL, NULL), CFG_COMMIT_DONE);
	fx_set(s, "b", "2");
	fx_set(s, "d", "4");
	ck_assert_int_eq(fx_commit(s, &o, &r), CFG_COMMIT_DONE);
	ck_assert_uint_eq(r.removed, 2);
	ck_assert_uint_eq(r.added, 1);
	ck_assert_str_eq(fx_running(st), "b=2;d=4;");
	/* Replace with no edits at all empties running. */
	ck_assert_int_eq(fx_commit(s, &o, &r), CFG_COMMIT_DONE);
	ck_assert_str_eq(fx_running(st), "");
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_check_validates_without_writing)
{
	struct cfg_store		*st = fx_open();
	struct cfg_session		*s = fx_session(st, "alice", 0);
	struct cfg_commit_opts		 o = validated;
	struct cfg_commit_result	 r;

	o.flags = CFG_COMMIT_CHECK;
	fx_set(s, "a", "1");
	ck_assert_int_eq(cfg_commit(s, &o, &r, NULL, 0), 0);
	ck_assert_int_eq(r.status, CFG_COMMIT_CHECKED);
	ck_assert_str_eq(fx_running(st), "");
	ck_assert_uint_eq(fx_gen(st), 0);
	ck_assert_uint_eq(history_len(st), 0);
	ck_assert_uint_eq(cfg_session_edit_count(s), 1);
	fx_set(s, "b", "bad");
	ck_assert_int_eq(cfg_commit(s, &o, &r, NULL, 0), -1);
	ck_assert_int_eq(r.status, CFG_COMMIT_INVALID);
	ck_assert_uint_eq(cfg_errors_count(cfg_session_failed(s, NULL)), 1);
	fx_del(s, "b");
	ck_assert_int_eq(fx_commit(s, &validated, NULL), CFG_COMMIT_DONE);
	ck_assert_str_eq(fx_running(st), "a=1;");
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_sessions_commit_on_top_of_each_other)
{
	struct cfg_store	*st1 = fx_open(), *st2 = fx_open();
	struct cfg_session	*a = fx_session(st1, "alice", 0);
	struct cfg_session	*b = fx_session(st2, "bob", 0);

	fx_set(a, "a", "1");
	fx_set(b, "b", "2");
	ck_assert_int_eq(cfg_session_conflict(a, NULL, 0), 0);
	ck_assert_int_eq(fx_commit(b, NULL, NULL), CFG_COMMIT_DONE);
	/* a's base is older than running now: the IOS XR warning. */
	ck_assert_int_eq(cfg_session_conflict(a, NULL, 0), 1);
	ck_assert_int_eq(cfg_session_conflict(b, NULL, 0), 0);
	ck_assert_int_eq(fx_commit(a, NULL, NULL), CFG_COMMIT_DONE);
	/* a's commit does not revert b's. */
	ck_assert_str_eq(fx_running(st1), "a=1;b=2;");
	ck_assert_int_eq(cfg_session_conflict(a, NULL, 0), 0);
	ck_assert_int_eq(cfg_session_conflict(b, NULL, 0), 1);
	cfg_session_close(a);
	cfg_session_close(b);
	cfg_store_close(st1);
	cfg_store_close(st2);
}
END_TEST

START_TEST(test_confirmed_commit_rolls_back_at_deadline)
{
	struct cfg_store		*st = fx_open();
	struct cfg_session		*s = fx_session(st, "alice", 0);
	struct cfg_commit_opts		 o = { .confirm_secs = 60 };
	struct cfg_commit_result	 r;
	struct cfg_commit_info		*v;
	struct cfg_trial		 t;
	uint64_t			 id = 0;
	size_t				 n;

	fx_set(s, "a", "1");
	ck_assert_int_eq(fx_commit(s, NULL, NULL), CFG_COMMIT_DONE);
	fx_set(s, "a", "2");
	fx_set(s, "b", "3");
	ck_assert_int_eq(fx_commit(s, &o, &r), CFG_COMMIT_DONE);
	ck_assert_int_eq(r.deadline, fx.now + 60);
	ck_assert_int_eq(cfg_commit_trial(st, &t, NULL, 0), 1);
	ck_assert_uint_eq(t.first_id, r.id);
	ck_assert_int_eq(t.deadline, fx.now + 60);
	ck_assert_str_eq(fx_running(st), "a=2;b=3;");
	/* One second early: nothing happens. */
	ck_assert_int_eq(cfg_commit_confirm_expire(st, fx.now + 59, &id,
	    NULL, 0), 0);
	ck_assert_str_eq(fx_running(st), "a=2;b=3;");
	/* At the deadline: back to the config before the trial. */
	fx.now += 60;
	ck_assert_int_eq(cfg_commit_confirm_expire(st, fx.now, &id, NULL, 0),
	    1);
	ck_assert_uint_eq(id, 1000000003ULL);
	ck_assert_str_eq(fx_running(st), "a=1;");
	ck_assert_int_eq(cfg_commit_trial(st, &t, NULL, 0), 0);
	ck_assert_int_eq(cfg_commit_confirm_expire(st, fx.now + 999, NULL,
	    NULL, 0), 0);
	ck_assert_int_eq(cfg_history_list(st, 1, &v, &n, NULL, 0), 0);
	ck_assert_str_eq(v[0].client, "Rollback");
	ck_assert_str_eq(v[0].user, "alice");
	ck_assert_int_eq(v[0].time, fx.now);
	cfg_history_list_free(v, n);
	/* The session sees the rollback as another commit. */
	ck_assert_int_eq(cfg_session_conflict(s, NULL, 0), 1);
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_plain_commit_confirms_a_trial)
{
	struct cfg_store		*st1 = fx_open(), *st2 = fx_open();
	struct cfg_session		*a = fx_session(st1, "alice", 0);
	struct cfg_session		*b = fx_session(st2, "bob", 0);
	struct cfg_commit_opts		 o = { .confirm_secs = 30 };
	struct cfg_commit_result	 r;
	struct cfg_trial		 t;

	fx_set(a, "a", "1");
	ck_assert_int_eq(fx_commit(a, &o, &r), CFG_COMMIT_DONE);
	/* Without edits, a plain commit only confirms. */
	ck_assert_int_eq(cfg_commit(a, NULL, &r, NULL, 0), 0);
	ck_assert_int_eq(r.status, CFG_COMMIT_CONFIRMED);
	ck_assert_int_eq(r.confirmed, 1);
	ck_assert_int_eq(cfg_commit_trial(st1, &t, NULL, 0), 0);
	fx.now += 3600;
	ck_assert_int_eq(cfg_commit_confirm_expire(st1, fx.now, NULL, NULL,
	    0), 0);
	ck_assert_str_eq(fx_running(st1), "a=1;");
	/* Another session's plain commit with changes confirms too. */
	fx_set(a, "a", "2");
	ck_assert_int_eq(fx_commit(a, &o, &r), CFG_COMMIT_DONE);
	fx_set(b, "b", "1");
	ck_assert_int_eq(fx_commit(b, NULL, &r), CFG_COMMIT_DONE);
	ck_assert_int_eq(r.confirmed, 1);
	fx.now += 3600;
	ck_assert_int_eq(cfg_commit_confirm_expire(st1, fx.now, NULL, NULL,
	    0), 0);
	ck_assert_str_eq(fx_running(st1), "a=2;b=1;");
	cfg_session_close(a);
	cfg_session_close(b);
	cfg_store_close(st1);
	cfg_store_close(st2);
}
END_TEST

START_TEST(test_repeated_trial_keeps_first_rollback_point)
{
	struct cfg_store		*st = fx_open();
	struct cfg_session		*s = fx_session(st, "alice", 0);
	struct cfg_commit_opts		 o = { .confirm_secs = 60 };
	struct cfg_commit_result	 r;
	struct cfg_trial		 t;
	size_t				 removed;

	fx_set(s, "a", "0");
	fx_commit(s, NULL, NULL);
	fx_set(s, "a", "1");
	ck_assert_int_eq(fx_commit(s, &o, &r), CFG_COMMIT_DONE);
	fx.now += 50;
	fx_set(s, "a", "2");
	ck_assert_int_eq(fx_commit(s, &o, &r), CFG_COMMIT_DONE);
	ck_assert_int_eq(cfg_commit_trial(st, &t, NULL, 0), 1);
	ck_assert_uint_eq(t.first_id, 1000000002ULL);
	ck_assert_uint_eq(t.last_id, 1000000003ULL);
	ck_assert_int_eq(t.deadline, fx.now + 60);
	/* The trial's records cannot be cleared while it is pending. */
	ck_assert_int_eq(cfg_history_clear_oldest(st, 3, &removed, fx.err,
	    sizeof(fx.err)), -1);
	ck_assert_ptr_nonnull(strstr(fx.err, "awaits confirmation"));
	ck_assert_int_eq(cfg_history_clear_oldest(st, 1, &removed, NULL, 0),
	    0);
	ck_assert_uint_eq(removed, 1);
	/* The first deadline has passed; the second has not. */
	fx.now += 20;
	ck_assert_int_eq(cfg_commit_confirm_expire(st, fx.now, NULL, NULL,
	    0), 0);
	fx.now += 40;
	ck_assert_int_eq(cfg_commit_confirm_expire(st, fx.now, NULL, NULL,
	    0), 1);
	ck_assert_str_eq(fx_running(st), "a=0;");
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_overdue_trial_is_rolled_back_by_next_commit_or_open)
{
	struct cfg_store		*st = fx_open(), *st2;
	struct cfg_session		*s = fx_session(st, "alice", 0);
	struct cfg_commit_opts		 o = { .confirm_secs = 10 };
	struct cfg_commit_result	 r;

	fx_set(s, "a", "1");
	ck_assert_int_eq(fx_commit(s, &o, &r), CFG_COMMIT_DONE);
	/* Too late to confirm: the commit rolls back first. */
	fx.now += 11;
	ck_assert_int_eq(fx_commit(s, NULL, &r), CFG_COMMIT_NOCHANGE);
	ck_assert_int_eq(r.expired, 1);
	ck_assert_str_eq(fx_running(st), "");
	/* Any process that opens the store does it (here the real clock
	 * is years past the fixture's). */
	fx_set(s, "b", "2");
	ck_assert_int_eq(fx_commit(s, &o, &r), CFG_COMMIT_DONE);
	st2 = cfg_store_open(fx.path, CFG_STORE_NOCREATE, fx.err,
	    sizeof(fx.err));
	ck_assert_ptr_nonnull(st2);
	ck_assert_str_eq(fx_running(st2), "");
	ck_assert_uint_eq(fx_gen(st2), 4);
	cfg_store_close(st2);
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

/*
 * A second process: waits for a byte on `go`, runs its step, reports one
 * byte on `done`.  step 'x': hold an exclusive session until killed; 'c':
 * commit "child=1".
 */
static pid_t
child_start(char step, int *go_w, int *done_r)
{
	struct cfg_store		*st;
	struct cfg_session		*s;
	struct cfg_commit_result	 r;
	int				 go[2], done[2];
	char				 c = 'n';
	pid_t				 pid;

	ck_assert_int_eq(pipe(go), 0);
	ck_assert_int_eq(pipe(done), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid > 0) {
		close(go[0]);
		close(done[1]);
		*go_w = go[1];
		*done_r = done[0];
		return pid;
	}
	close(go[1]);
	close(done[0]);
	if (read(go[0], &c, 1) != 1)
		_exit(1);
	/* A fresh connection: never one carried across fork(). */
	st = cfg_store_open(fx.path, 0, NULL, 0);
	if (st)
		st_set_validator(st, fx_validate, NULL);
	s = st ? cfg_session_open(st, "child", "vty7", step == 'x', NULL, 0) :
	    NULL;
	c = 'n';
	if (s && step == 'x')
		c = 'y';
	if (s && step == 'c' && cfg_session_set(s, "child", "1", NULL,
	    0) == 0 && cfg_commit(s, NULL, &r, NULL, 0) == 0)
		c = 'y';
	if (write(done[1], &c, 1) != 1)
		_exit(1);
	if (step == 'x')
		for (;;)
			pause();
	cfg_session_close(s);
	cfg_store_close(st);
	_exit(c == 'y' ? 0 : 1);
}

static char
child_step(int go_w, int done_r)
{
	char	c = 'g';

	ck_assert_int_eq(write(go_w, &c, 1), 1);
	ck_assert_int_eq(read(done_r, &c, 1), 1);
	return c;
}

START_TEST(test_two_processes_conflict_and_exclusive_lock)
{
	struct cfg_store		*st = fx_open();
	struct cfg_session		*s = fx_session(st, "parent", 0);
	struct cfg_commit_result	 r;
	int				 go, done, status;
	pid_t				 pid;

	/* Another process commits: this session is warned. */
	pid = child_start('c', &go, &done);
	ck_assert_int_eq(child_step(go, done), 'y');
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	close(go);
	close(done);
	ck_assert_int_eq(cfg_session_conflict(s, NULL, 0), 1);

	/* Another process holds configure exclusive: our commit is refused
	 * with its name. */
	pid = child_start('x', &go, &done);
	ck_assert_int_eq(child_step(go, done), 'y');
	fx_set(s, "parent", "1");
	ck_assert_int_eq(cfg_commit(s, NULL, &r, fx.err, sizeof(fx.err)),
	    -1);
	ck_assert_int_eq(r.status, CFG_COMMIT_LOCKED);
	ck_assert_ptr_nonnull(strstr(fx.err, "user 'child' on line 'vty7'"));
	/* It dies without ending its session: the lock goes with it. */
	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	close(go);
	close(done);
	ck_assert_int_eq(fx_commit(s, NULL, &r), CFG_COMMIT_DONE);
	ck_assert_str_eq(fx_running(st), "child=1;parent=1;");
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

/*
 * Counts the edit rows a store's handle writes, by the statements it
 * runs (the update hook does not see WITHOUT ROWID tables).
 */
static int
count_edit_writes(unsigned type, void *arg, void *stmt, void *sql)
{
	(void)type;
	(void)stmt;
	if (strncmp(sql, "INSERT INTO edits", 17) == 0)
		(*(int *)arg)++;
	return 0;
}

/* The session's edit rows, through a connection of the test's own. */
static int
edit_rows(void)
{
	sqlite3		*db;
	sqlite3_stmt	*q;
	int		 n = -1;

	ck_assert_int_eq(sqlite3_open(fx.path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM edits",
	    -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return n;
}

static void
raw_sql(const char *sql)
{
	sqlite3	*db;

	ck_assert_int_eq(sqlite3_open(fx.path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

START_TEST(test_commit_takes_unwritten_edits_from_memory)
{
	struct cfg_store		*st = fx_open();
	struct cfg_session		*s = fx_session(st, "alice", 0);
	struct cfg_commit_result	 r;
	char				 k[32];
	int				 writes = 0, i;

	sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, count_edit_writes,
	    &writes);
	/* A full batch goes to the database; the rest stays in memory. */
	for (i = 0; i < CFG_SESSION_BATCH + 10; i++) {
		snprintf(k, sizeof(k), "item %05d", i);
		fx_set(s, k, "v");
	}
	ck_assert_int_eq(writes, CFG_SESSION_BATCH);
	ck_assert_int_eq(edit_rows(), CFG_SESSION_BATCH);
	/* The commit writes none of the other 10, and drops the batch. */
	ck_assert_int_eq(cfg_commit(s, &validated, &r, fx.err,
	    sizeof(fx.err)), 0);
	ck_assert_int_eq(r.status, CFG_COMMIT_DONE);
	ck_assert_uint_eq(r.added, CFG_SESSION_BATCH + 10);
	ck_assert_int_eq(writes, CFG_SESSION_BATCH);
	ck_assert_int_eq(edit_rows(), 0);
	ck_assert_uint_eq(cfg_session_edit_count(s), 0);

	/* A failed commit keeps the edits, written down as before. */
	fx_set(s, "item 00000", "bad");
	fx_set(s, "item 00001", "w");
	ck_assert_int_eq(fx_commit(s, &validated, NULL), CFG_COMMIT_INVALID);
	ck_assert_int_eq(edit_rows(), 2);
	ck_assert_uint_eq(cfg_session_edit_count(s), 2);
	/* So does commit check; fixed, the edits then commit. */
	fx_set(s, "item 00000", "u");
	ck_assert_int_eq(fx_commit(s, &(struct cfg_commit_opts){
	    .flags = CFG_COMMIT_CHECK }, NULL),
	    CFG_COMMIT_CHECKED);
	ck_assert_int_eq(edit_rows(), 3);
	ck_assert_int_eq(fx_commit(s, &validated, &r), CFG_COMMIT_DONE);
	ck_assert_uint_eq(r.changed, 2);
	ck_assert_int_eq(edit_rows(), 0);
	sqlite3_trace_v2(st->db, 0, NULL, NULL);
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_commit_refuses_edits_changed_behind_its_back)
{
	struct cfg_store		*st = fx_open();
	struct cfg_session		*s = fx_session(st, "alice", 0);
	struct cfg_commit_result	 r;
	char				 sql[160];

	/* Deleted: the in-memory copy no longer matches the database. */
	fx_set(s, "a", "1");
	ck_assert_int_eq(cfg_session_flush(s, NULL, 0), 0);
	raw_sql("DELETE FROM edits");
	ck_assert_int_eq(cfg_commit(s, NULL, &r, fx.err, sizeof(fx.err)), -1);
	ck_assert_int_eq(r.status, CFG_COMMIT_ERROR);
	ck_assert_ptr_nonnull(strstr(fx.err, "changed behind its back"));
	ck_assert_str_eq(fx_running(st), "");
	ck_assert_uint_eq(fx_gen(st), 0);
	cfg_session_close(s);

	/* Added: one row more than the session wrote. */
	s = fx_session(st, "alice", 0);
	fx_set(s, "a", "1");
	ck_assert_int_eq(cfg_session_flush(s, NULL, 0), 0);
	snprintf(sql, sizeof(sql), "INSERT INTO edits (session, seq, op, key,"
	    " value) VALUES (%llu, 1000, 1, 'b', '2')",
	    (unsigned long long)cfg_session_id(s));
	raw_sql(sql);
	ck_assert_int_eq(cfg_commit(s, NULL, &r, fx.err, sizeof(fx.err)), -1);
	ck_assert_int_eq(r.status, CFG_COMMIT_ERROR);
	ck_assert_str_eq(fx_running(st), "");
	cfg_session_close(s);
	cfg_store_close(st);
}
END_TEST

START_TEST(test_running_in_memory_follows_other_handles_commits)
{
	struct cfg_store		*st1 = fx_open(), *st2 = fx_open();
	struct cfg_session		*a = fx_session(st1, "alice", 0);
	struct cfg_session		*b = fx_session(st2, "bob", 0);
	struct cfg_items		*cand = cfg_items_new();
	struct cfg_commit_result	 r;

	/* st1 knows running after its own commit... */
	fx_set(a, "a", "1");
	ck_assert_int_eq(fx_commit(a, NULL, NULL), CFG_COMMIT_DONE);
	ck_assert_str_eq(fx_running(st1), "a=1;");
	/* ...and sees another handle's commit after it. */
	fx_set(b, "b", "2");
	ck_assert_int_eq(fx_commit(b, NULL, NULL), CFG_COMMIT_DONE);
	ck_assert_str_eq(fx_running(st1), "a=1;b=2;");
	fx_set(a, "c", "3");
	ck_assert_int_eq(cfg_session_candidate(a, cand, NULL, NULL, 0), 0);
	ck_assert_str_eq(fx_dump(cand), "a=1;b=2;c=3;");
	ck_assert_int_eq(fx_commit(a, NULL, &r), CFG_COMMIT_DONE);
	ck_assert_uint_eq(r.added, 1);
	ck_assert_uint_eq(r.removed, 0);
	ck_assert_str_eq(fx_running(st2), "a=1;b=2;c=3;");
	/* A failed commit leaves what st1 knows as it was. */
	fx_set(a, "c", "bad");
	ck_assert_int_eq(fx_commit(a, &validated, NULL), CFG_COMMIT_INVALID);
	ck_assert_str_eq(fx_running(st1), "a=1;b=2;c=3;");
	/* A rollback in st2 goes through history: st1 sees it too. */
	ck_assert_int_eq(cfg_session_discard(a, NULL, 0), 0);
	ck_assert_int_eq(cfg_history_rollback_load(b, CFG_ROLLBACK_LAST, 1,
	    fx.err, sizeof(fx.err)), 0);
	ck_assert_int_eq(fx_commit(b, NULL, NULL), CFG_COMMIT_DONE);
	ck_assert_str_eq(fx_running(st1), "a=1;b=2;");
	ck_assert_int_eq(cfg_session_candidate(a, cand, NULL, NULL, 0), 0);
	ck_assert_str_eq(fx_dump(cand), "a=1;b=2;");
	cfg_items_free(cand);
	cfg_session_close(a);
	cfg_session_close(b);
	cfg_store_close(st1);
	cfg_store_close(st2);
}
END_TEST

static Suite *
commit_suite(void)
{
	Suite	*s = suite_create("commit");
	TCase	*tc = tcase_create("commit");

	tcase_add_checked_fixture(tc, fx_setup, fx_teardown);
	tcase_add_test(tc, test_commit_writes_running_generation_and_history);
	tcase_add_test(tc, test_label_comment_and_client_are_recorded);
	tcase_add_test(tc,
	    test_no_changes_commits_nothing_and_drops_no_op_edits);
	tcase_add_test(tc, test_failed_commit_changes_nothing_and_keeps_errors);
	tcase_add_test(tc, test_validator_failure_aborts_the_commit);
	tcase_add_test(tc, test_best_effort_applies_edits_not_in_error);
	tcase_add_test(tc, test_replace_makes_running_exactly_the_edits);
	tcase_add_test(tc, test_check_validates_without_writing);
	tcase_add_test(tc, test_sessions_commit_on_top_of_each_other);
	tcase_add_test(tc, test_confirmed_commit_rolls_back_at_deadline);
	tcase_add_test(tc, test_plain_commit_confirms_a_trial);
	tcase_add_test(tc, test_repeated_trial_keeps_first_rollback_point);
	tcase_add_test(tc,
	    test_overdue_trial_is_rolled_back_by_next_commit_or_open);
	tcase_add_test(tc, test_two_processes_conflict_and_exclusive_lock);
	tcase_add_test(tc, test_commit_takes_unwritten_edits_from_memory);
	tcase_add_test(tc, test_commit_refuses_edits_changed_behind_its_back);
	tcase_add_test(tc,
	    test_running_in_memory_follows_other_handles_commits);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(commit_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
