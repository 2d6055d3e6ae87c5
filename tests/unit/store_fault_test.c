/*
 * The store on a failing disk: an SQLite VFS shim in front of the default
 * one fails the Nth write, sync or truncate (ENOSPC as SQLITE_FULL, EIO as
 * SQLITE_IOERR) of a commit, for every N until the commit gets through
 * without reaching the fault.  After every injected fault: the commit
 * reports an error (or succeeded before the fault mattered), the running
 * configuration is exactly the old or exactly the new one and its
 * generation says which, and once the fault clears the next commit works.
 * The same for a rollback.  The number of I/O points and of faults
 * injected is printed.
 */
#include "config.h"

#include <sqlite3.h>

#include "tests/unit/store_fixture.h"

enum fault_op { F_WRITE, F_SYNC, F_TRUNCATE, F_MAX };

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

static const char *const op_name[F_MAX] = { "write", "sync", "truncate" };

static unsigned	points_total, faults_total;

/*
 * Commits hostname=new over hostname=old with fault (op, code) at every
 * I/O point in turn.  with_rollback: the operation is a rollback to the
 * previous commit instead.
 */
static void
sweep(enum fault_op op, int code, int with_rollback)
{
	struct cfg_store	*st;
	struct cfg_session	*s;
	enum cfg_commit_status	 rc;
	const char		*want_old, *want_new;
	char			 run[256], err[512];
	uint64_t		 g0, g1;
	unsigned		 at;
	int			 r;

	for (at = 1; at < 500; at++) {
		fx_setup();
		st = fx_open();
		s = fx_session(st, "alice", 0);
		fx_set(s, "hostname", "r1");
		ck_assert_int_eq(fx_commit(s, NULL, NULL), CFG_COMMIT_DONE);
		if (with_rollback) {
			fx_set(s, "hostname", "r2");
			ck_assert_int_eq(fx_commit(s, NULL, NULL),
			    CFG_COMMIT_DONE);
			want_old = "hostname=r2;";
			want_new = "hostname=r1;";
		} else {
			want_old = "hostname=r1;";
			want_new = "hostname=r2;";
		}
		g0 = fx_gen(st);
		fx.err[0] = '\0';
		arm(op, code, at);
		if (with_rollback) {
			r = cfg_history_rollback_load(s, CFG_ROLLBACK_LAST, 1,
			    err, sizeof(err));
			rc = CFG_COMMIT_ERROR;
			if (r == 0)
				rc = fx_commit(s, NULL, NULL);
			else
				snprintf(fx.err, sizeof(fx.err), "%s", err);
		} else {
			fx_set(s, "hostname", "r2");
			rc = fx_commit(s, NULL, NULL);
		}
		fl.armed = 0;
		if (!fl.fired) {
			/* Past the last I/O point of this operation. */
			ck_assert_int_eq(rc, CFG_COMMIT_DONE);
			points_total += at - 1;
			fprintf(stderr, "%s %s: %u %s points\n",
			    with_rollback ? "rollback" : "commit",
			    code == SQLITE_FULL ? "ENOSPC" : "EIO", at - 1,
			    op_name[op]);
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
			    '\0', "%s fault %u: status %d, no error text",
			    op_name[op], at, rc);
			if (at == 1)
				fprintf(stderr, "  e.g. %% %s\n", fx.err);
		}
		cfg_session_close(s);
		cfg_store_close(st);
		/* What a fresh process sees. */
		st = fx_open();
		snprintf(run, sizeof(run), "%s", fx_running(st));
		g1 = fx_gen(st);
		ck_assert_msg(strcmp(run, want_old) == 0 ||
		    strcmp(run, want_new) == 0, "%s fault %u: running is %s",
		    op_name[op], at, run);
		ck_assert_msg(strcmp(run, want_new) == 0 ? g1 == g0 + 1 :
		    g1 == g0, "%s fault %u: generation %llu after %llu for "
		    "%s", op_name[op], at, (unsigned long long)g1,
		    (unsigned long long)g0, run);
		/* Said is done: an error leaves the old, success the new. */
		ck_assert_msg(strcmp(run, rc == CFG_COMMIT_DONE ? want_new :
		    want_old) == 0, "%s fault %u: status %d but running %s",
		    op_name[op], at, rc, run);
		/* The fault has cleared: the next commit works. */
		s = fx_session(st, "bob", 0);
		fx_set(s, "hostname", "r3");
		ck_assert_int_eq(fx_commit(s, NULL, NULL), CFG_COMMIT_DONE);
		ck_assert_str_eq(fx_running(st), "hostname=r3;");
		cfg_session_close(s);
		cfg_store_close(st);
		fx_teardown();
	}
	ck_abort_msg("more than 500 %s points", op_name[op]);
}

START_TEST(test_commit_write_enospc)
{
	vfs_install();
	sweep(F_WRITE, SQLITE_FULL, 0);
}
END_TEST

START_TEST(test_commit_write_eio)
{
	vfs_install();
	sweep(F_WRITE, SQLITE_IOERR, 0);
}
END_TEST

START_TEST(test_commit_sync_eio)
{
	vfs_install();
	sweep(F_SYNC, SQLITE_IOERR, 0);
}
END_TEST

START_TEST(test_commit_truncate_eio)
{
	vfs_install();
	sweep(F_TRUNCATE, SQLITE_IOERR, 0);
}
END_TEST

START_TEST(test_rollback_write_eio)
{
	vfs_install();
	sweep(F_WRITE, SQLITE_IOERR, 1);
}
END_TEST

START_TEST(test_rollback_sync_eio)
{
	vfs_install();
	sweep(F_SYNC, SQLITE_IOERR, 1);
	fprintf(stderr, "store faults: %u I/O points, %u faults injected\n",
	    points_total, faults_total);
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
	tcase_add_test(tc, test_rollback_write_eio);
	tcase_add_test(tc, test_rollback_sync_eio);
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
