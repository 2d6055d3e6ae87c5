/*
 * The store on a failing disk: an SQLite VFS shim in front of the default
 * one fails the Nth write, sync or truncate (ENOSPC as SQLITE_FULL, EIO as
 * SQLITE_IOERR) of a commit, for every N until the commit gets through
 * without reaching the fault.  After every injected fault: the commit
 * reports an error (or succeeded before the fault mattered), the running
 * configuration is exactly the old or exactly the new one and its
 * generation says which, the newest history record agrees with it, and
 * once the fault clears the next commit works.  The same for a rollback,
 * a `commit confirmed` (pending exactly when it stands) and the rollback
 * of an overdue confirmed commit, and for failing reads (EIO).  The
 * number of I/O points and of faults injected is printed.
 */
#include "config.h"

#include <sqlite3.h>
#include <time.h>

#include "tests/unit/store_fixture.h"

enum fault_op { F_WRITE, F_SYNC, F_TRUNCATE, F_READ, F_MAX };

/* What the fault strikes: a commit, a rollback (to the previous commit),
 * a `commit confirmed`, the rollback of an overdue one, or an open (the
 * open's integrity check reads every page, so a commit after it reads
 * from the cache: failing reads are met at the open). */
enum fault_mode { M_COMMIT, M_ROLLBACK, M_CONFIRMED, M_EXPIRE, M_OPEN,
    M_MAX };

static struct {
	sqlite3_vfs	*real;
	sqlite3_vfs	 vfs;
	int		 armed;
	enum fault_op	 op;
	int		 code;		/* SQLITE_FULL or SQLITE_IOERR_* */
	unsigned	 at;		/* fail the at-th op (1-based) */
	unsigned	 seen[F_MAX];
	int		 fired;
} fl;

struct ffile {
	sqlite3_file	 base;
	sqlite3_file	*real;
};

static int
fault_here(enum fault_op op)
{
	if (!fl.armed)
		return 0;
	fl.seen[op]++;
	if (op == fl.op && fl.seen[op] == fl.at) {
		fl.fired = 1;
		return 1;
	}
	return 0;
}

#define REAL(f)	(((struct ffile *)(f))->real)

static int
f_close(sqlite3_file *f)
{
	int	rc = REAL(f)->pMethods->xClose(REAL(f));

	sqlite3_free(REAL(f));
	return rc;
}

static int
f_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{
	if (fault_here(F_READ))
		return SQLITE_IOERR_READ;
	return REAL(f)->pMethods->xRead(REAL(f), b, n, o);
}

static int
f_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
	if (fault_here(F_WRITE))
		return fl.code == SQLITE_FULL ? SQLITE_FULL :
		    SQLITE_IOERR_WRITE;
	return REAL(f)->pMethods->xWrite(REAL(f), b, n, o);
}

static int
f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	if (fault_here(F_TRUNCATE))
		return SQLITE_IOERR_TRUNCATE;
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int
f_sync(sqlite3_file *f, int flags)
{
	if (fault_here(F_SYNC))
		return SQLITE_IOERR_FSYNC;
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int
f_size(sqlite3_file *f, sqlite3_int64 *s)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), s);
}

static int
f_lock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xLock(REAL(f), l);
}

static int
f_unlock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), l);
}

static int
f_check(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int
f_fctl(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int
f_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int
f_devchar(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int
f_shmmap(sqlite3_file *f, int pg, int sz, int extend, void volatile **pp)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, extend, pp);
}

static int
f_shmlock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}

static void
f_shmbarrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int
f_shmunmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static const sqlite3_io_methods f_methods = {
	2, f_close, f_read, f_write, f_truncate, f_sync, f_size, f_lock,
	f_unlock, f_check, f_fctl, f_sector, f_devchar, f_shmmap, f_shmlock,
	f_shmbarrier, f_shmunmap, NULL, NULL
};

static int
v_open(sqlite3_vfs *v, const char *name, sqlite3_file *f, int flags,
    int *out)
{
	struct ffile	*ff = (struct ffile *)f;
	int		 rc;

	(void)v;
	ff->base.pMethods = NULL;
	if ((ff->real = sqlite3_malloc(fl.real->szOsFile)) == NULL)
		return SQLITE_NOMEM;
	memset(ff->real, 0, (size_t)fl.real->szOsFile);
	rc = fl.real->xOpen(fl.real, name, ff->real, flags, out);
	if (rc != SQLITE_OK || ff->real->pMethods == NULL) {
		if (ff->real->pMethods != NULL)
			ff->real->pMethods->xClose(ff->real);
		sqlite3_free(ff->real);
		return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
	}
	ff->base.pMethods = &f_methods;
	return SQLITE_OK;
}

static int
v_delete(sqlite3_vfs *v, const char *name, int sync)
{
	(void)v;
	return fl.real->xDelete(fl.real, name, sync);
}

static int
v_access(sqlite3_vfs *v, const char *name, int flags, int *out)
{
	(void)v;
	return fl.real->xAccess(fl.real, name, flags, out);
}

static int
v_full(sqlite3_vfs *v, const char *name, int n, char *out)
{
	(void)v;
	return fl.real->xFullPathname(fl.real, name, n, out);
}

static int
v_rand(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return fl.real->xRandomness(fl.real, n, out);
}

static int
v_sleep(sqlite3_vfs *v, int us)
{
	(void)v;
	return fl.real->xSleep(fl.real, us);
}

static int
v_time(sqlite3_vfs *v, double *t)
{
	(void)v;
	return fl.real->xCurrentTime(fl.real, t);
}

static int
v_lasterr(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return fl.real->xGetLastError(fl.real, n, out);
}

static int
v_time64(sqlite3_vfs *v, sqlite3_int64 *t)
{
	(void)v;
	return fl.real->xCurrentTimeInt64(fl.real, t);
}

static void
vfs_install(void)
{
	if (fl.real != NULL)
		return;
	fl.real = sqlite3_vfs_find(NULL);
	ck_assert_ptr_nonnull(fl.real);
	memset(&fl.vfs, 0, sizeof(fl.vfs));
	fl.vfs.iVersion = 2;
	fl.vfs.szOsFile = (int)sizeof(struct ffile);
	fl.vfs.mxPathname = fl.real->mxPathname;
	fl.vfs.zName = "faulty";
	fl.vfs.xOpen = v_open;
	fl.vfs.xDelete = v_delete;
	fl.vfs.xAccess = v_access;
	fl.vfs.xFullPathname = v_full;
	fl.vfs.xRandomness = v_rand;
	fl.vfs.xSleep = v_sleep;
	fl.vfs.xCurrentTime = v_time;
	fl.vfs.xGetLastError = v_lasterr;
	fl.vfs.xCurrentTimeInt64 = v_time64;
	/* The default VFS from now on: the store opens through it. */
	ck_assert_int_eq(sqlite3_vfs_register(&fl.vfs, 1), SQLITE_OK);
}

static void
arm(enum fault_op op, int code, unsigned at)
{
	memset(fl.seen, 0, sizeof(fl.seen));
	fl.op = op;
	fl.code = code;
	fl.at = at;
	fl.fired = 0;
	fl.armed = 1;
}

static const char *const op_name[F_MAX] = { "write", "sync", "truncate",
    "read" };
static const char *const mode_name[M_MAX] = { "commit", "rollback",
    "commit confirmed", "confirmed expiry", "open" };

/* The newest history record's configuration is running. */
static void
history_agrees(struct cfg_store *st, const char *run, const char *what)
{
	struct cfg_commit_info	*list = NULL;
	struct cfg_items	*it = cfg_items_new();
	const struct cfg_item	*v;
	char			 buf[256] = "";
	size_t			 n = 0, i, k = 0;

	ck_assert_ptr_nonnull(it);
	ck_assert_int_eq(cfg_history_list(st, 1, &list, &n, fx.err,
	    sizeof(fx.err)), 0);
	ck_assert_msg(n == 1, "%s: no history", what);
	ck_assert_int_eq(cfg_history_config_at(st, list[0].id, it, fx.err,
	    sizeof(fx.err)), 0);
	v = cfg_items_sorted(it, &n);
	for (i = 0; i < n; i++)
		k += (size_t)snprintf(buf + k, k < sizeof(buf) ?
		    sizeof(buf) - k : 0, "%s=%s;", v[i].key, v[i].value);
	ck_assert_msg(strcmp(buf, run) == 0, "%s: history says %s, running "
	    "is %s", what, buf, run);
	cfg_history_list_free(list, 1);
	cfg_items_free(it);
}

/* 1 when a confirmed commit awaits confirmation. */
static int
trial_pending(struct cfg_store *st)
{
	struct cfg_trial	t;
	int			r = cfg_commit_trial(st, &t, fx.err,
				    sizeof(fx.err));

	ck_assert_int_ge(r, 0);
	return r;
}

static unsigned	points_total, faults_total;

/*
 * Changes hostname=r1 (or r2) into the other with fault (op, code) at
 * every I/O point in turn, the change made as mode says.
 */
static void
sweep(enum fault_op op, int code, enum fault_mode mode)
{
	struct cfg_store	*st;
	struct cfg_session	*s;
	struct cfg_commit_opts	 co;
	enum cfg_commit_status	 rc;
	const char		*want_old, *want_new;
	char			 run[256], err[512], what[96];
	uint64_t		 g0, g1;
	unsigned		 at;
	int			 r;

	memset(&co, 0, sizeof(co));
	co.confirm_secs = 60;
	for (at = 1; at < 500; at++) {
		fx_setup();
		/* The store's clock is the real one's time: an open (which
		 * uses the real clock until the fixture sets its own) must
		 * not find the confirmed commit overdue. */
		fx.now = (int64_t)time(NULL);
		st = fx_open();
		s = fx_session(st, "alice", 0);
		fx_set(s, "hostname", "r1");
		ck_assert_int_eq(fx_commit(s, NULL, NULL), CFG_COMMIT_DONE);
		want_old = "hostname=r1;";
		want_new = "hostname=r2;";
		if (mode == M_ROLLBACK || mode == M_EXPIRE) {
			fx_set(s, "hostname", "r2");
			ck_assert_int_eq(fx_commit(s, mode == M_EXPIRE ? &co :
			    NULL, NULL), CFG_COMMIT_DONE);
			want_old = "hostname=r2;";
			want_new = "hostname=r1;";
		}
		g0 = fx_gen(st);
		fx.err[0] = '\0';
		snprintf(what, sizeof(what), "%s, %s fault %u",
		    mode_name[mode], op_name[op], at);
		if (mode == M_OPEN) {
			cfg_session_close(s);
			cfg_store_close(st);
			want_new = want_old;
		}
		arm(op, code, at);
		if (mode == M_OPEN) {
			st = cfg_store_open(fx.path, 0, err, sizeof(err));
			rc = st != NULL ? CFG_COMMIT_DONE : CFG_COMMIT_ERROR;
			if (st == NULL)
				snprintf(fx.err, sizeof(fx.err), "%s", err);
			else
				s = fx_session(st, "alice", 0);
			if (st == NULL) {
				/* Keep the close calls below harmless. */
				fl.armed = 0;
				st = fx_open();
				s = fx_session(st, "alice", 0);
			}
		} else if (mode == M_ROLLBACK) {
			r = cfg_history_rollback_load(s, CFG_ROLLBACK_LAST, 1,
			    err, sizeof(err));
			rc = CFG_COMMIT_ERROR;
			if (r == 0)
				rc = fx_commit(s, NULL, NULL);
			else
				snprintf(fx.err, sizeof(fx.err), "%s", err);
		} else if (mode == M_EXPIRE) {
			/* The deadline has passed (the store's clock is the
			 * fixture's; the call says when "now" is). */
			r = cfg_commit_confirm_expire(st, cfg_store_now(st) +
			    120, NULL, err, sizeof(err));
			rc = r == 1 ? CFG_COMMIT_DONE : CFG_COMMIT_ERROR;
			if (r == -1)
				snprintf(fx.err, sizeof(fx.err), "%s", err);
			else if (r == 0)
				snprintf(fx.err, sizeof(fx.err), "nothing due");
		} else {
			fx_set(s, "hostname", "r2");
			rc = fx_commit(s, mode == M_CONFIRMED ? &co : NULL,
			    NULL);
		}
		fl.armed = 0;
		if (!fl.fired) {
			/* Past the last I/O point of this operation. */
			ck_assert_int_eq(rc, CFG_COMMIT_DONE);
			points_total += at - 1;
			fprintf(stderr, "%s %s: %u %s points\n",
			    mode_name[mode], code == SQLITE_FULL ? "ENOSPC" :
			    "EIO", at - 1, op_name[op]);
			cfg_session_close(s);
			cfg_store_close(st);
			fx_teardown();
			return;
		}
		faults_total++;
		/* A fault may strike after the commit point (a checkpoint,
		 * a sync of the WAL's end); then the commit stands. */
		if (rc != CFG_COMMIT_DONE) {
			ck_assert_msg(rc == CFG_COMMIT_ERROR && fx.err[0] !=
			    '\0', "%s: status %d, no error text", what, rc);
			if (at == 1)
				fprintf(stderr, "  e.g. %% %s\n", fx.err);
		}
		cfg_session_close(s);
		cfg_store_close(st);
		/* What a fresh process sees (its open does not expire the
		 * trial: the fixture's clock is before the deadline). */
		st = fx_open();
		snprintf(run, sizeof(run), "%s", fx_running(st));
		g1 = fx_gen(st);
		ck_assert_msg(strcmp(run, want_old) == 0 ||
		    strcmp(run, want_new) == 0, "%s: running is %s", what,
		    run);
		ck_assert_msg(strcmp(run, want_new) == 0 && mode != M_OPEN ?
		    g1 == g0 + 1 : g1 == g0, "%s: generation %llu after %llu for %s", what,
		    (unsigned long long)g1, (unsigned long long)g0, run);
		/* Said is done: an error leaves the old, success the new. */
		ck_assert_msg(strcmp(run, rc == CFG_COMMIT_DONE ? want_new :
		    want_old) == 0, "%s: status %d but running %s", what, rc,
		    run);
		history_agrees(st, run, what);
		/* A confirmed commit is pending exactly while it stands. */
		if (mode == M_CONFIRMED)
			ck_assert_msg(trial_pending(st) ==
			    (strcmp(run, want_new) == 0), "%s: trial %s", what,
			    run);
		else if (mode == M_EXPIRE)
			ck_assert_msg(trial_pending(st) ==
			    (strcmp(run, want_old) == 0), "%s: trial %s", what,
			    run);
		/* The fault has cleared: the next commit works. */
		s = fx_session(st, "bob", 0);
		fx_set(s, "hostname", "r3");
		ck_assert_int_eq(fx_commit(s, NULL, NULL), CFG_COMMIT_DONE);
		ck_assert_str_eq(fx_running(st), "hostname=r3;");
		ck_assert_int_eq(trial_pending(st), 0);
		history_agrees(st, "hostname=r3;", what);
		cfg_session_close(s);
		cfg_store_close(st);
		fx_teardown();
	}
	ck_abort_msg("more than 500 %s points", op_name[op]);
}

START_TEST(test_commit_write_enospc)
{
	vfs_install();
	sweep(F_WRITE, SQLITE_FULL, M_COMMIT);
}
END_TEST

START_TEST(test_commit_write_eio)
{
	vfs_install();
	sweep(F_WRITE, SQLITE_IOERR, M_COMMIT);
}
END_TEST

START_TEST(test_commit_sync_eio)
{
	vfs_install();
	sweep(F_SYNC, SQLITE_IOERR, M_COMMIT);
}
END_TEST

START_TEST(test_commit_truncate_eio)
{
	vfs_install();
	sweep(F_TRUNCATE, SQLITE_IOERR, M_COMMIT);
}
END_TEST

START_TEST(test_commit_read_eio)
{
	vfs_install();
	sweep(F_READ, SQLITE_IOERR, M_COMMIT);
}
END_TEST

START_TEST(test_rollback_write_eio)
{
	vfs_install();
	sweep(F_WRITE, SQLITE_IOERR, M_ROLLBACK);
}
END_TEST

START_TEST(test_rollback_sync_eio)
{
	vfs_install();
	sweep(F_SYNC, SQLITE_IOERR, M_ROLLBACK);
}
END_TEST

START_TEST(test_rollback_read_eio)
{
	vfs_install();
	sweep(F_READ, SQLITE_IOERR, M_ROLLBACK);
}
END_TEST

START_TEST(test_confirmed_write_enospc)
{
	vfs_install();
	sweep(F_WRITE, SQLITE_FULL, M_CONFIRMED);
}
END_TEST

START_TEST(test_confirmed_sync_eio)
{
	vfs_install();
	sweep(F_SYNC, SQLITE_IOERR, M_CONFIRMED);
}
END_TEST

START_TEST(test_confirmed_read_eio)
{
	vfs_install();
	sweep(F_READ, SQLITE_IOERR, M_CONFIRMED);
}
END_TEST

START_TEST(test_expire_write_eio)
{
	vfs_install();
	sweep(F_WRITE, SQLITE_IOERR, M_EXPIRE);
}
END_TEST

START_TEST(test_expire_sync_eio)
{
	vfs_install();
	sweep(F_SYNC, SQLITE_IOERR, M_EXPIRE);
}
END_TEST

START_TEST(test_expire_read_eio)
{
	vfs_install();
	sweep(F_READ, SQLITE_IOERR, M_EXPIRE);
}
END_TEST

START_TEST(test_open_read_eio)
{
	vfs_install();
	sweep(F_READ, SQLITE_IOERR, M_OPEN);
}
END_TEST

START_TEST(test_totals)
{
	fprintf(stderr, "store faults: %u I/O points, %u faults injected\n",
	    points_total, faults_total);
	ck_assert_uint_gt(faults_total, 0);
}
END_TEST

static Suite *
fault_suite(void)
{
	Suite	*s = suite_create("store_fault");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_commit_write_enospc);
	tcase_add_test(tc, test_commit_write_eio);
	tcase_add_test(tc, test_commit_sync_eio);
	tcase_add_test(tc, test_commit_truncate_eio);
	tcase_add_test(tc, test_commit_read_eio);
	tcase_add_test(tc, test_rollback_write_eio);
	tcase_add_test(tc, test_rollback_sync_eio);
	tcase_add_test(tc, test_rollback_read_eio);
	tcase_add_test(tc, test_confirmed_write_enospc);
	tcase_add_test(tc, test_confirmed_sync_eio);
	tcase_add_test(tc, test_confirmed_read_eio);
	tcase_add_test(tc, test_expire_write_eio);
	tcase_add_test(tc, test_expire_sync_eio);
	tcase_add_test(tc, test_expire_read_eio);
	tcase_add_test(tc, test_open_read_eio);
	tcase_add_test(tc, test_totals);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(fault_suite());
	int	 failed;

	/* One process: the counters add up across the cases. */
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
