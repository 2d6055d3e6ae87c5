/*
 * The store's database: where it lives, the safety checks before it is
 * used, opening it in WAL mode, its schema and migrations (versioned with
 * PRAGMA user_version), the cache of prepared statements, and reading
 * running.  Sessions are in session.c, commits in commit.c, history in
 * history.c; they share the helpers declared in store_priv.h.
 *
 * Durability: WAL with synchronous=FULL, so a commit that returned is on
 * disk, and a process killed mid-commit leaves the previous state (SQLite
 * rolls the unfinished transaction back on the next open).  secure_delete
 * overwrites freed pages, since values hold pre-shared keys.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cfgdb/commit.h"
#include "cfgdb/store.h"
#include "cfgdb/store_priv.h"

#define BUSY_TIMEOUT_MS	10000

/*
 * Schema migrations: entry i takes user_version i to i + 1, in the same
 * transaction that sets the new version.  Append, never edit.
 */
static const char *const migrations[] = {
	/* 0 -> 1: the first schema. */
	"CREATE TABLE state ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  generation INTEGER NOT NULL,"
	"  next_id INTEGER NOT NULL,"
	"  trial_first INTEGER NOT NULL DEFAULT 0,"
	"  trial_last INTEGER NOT NULL DEFAULT 0,"
	"  trial_deadline INTEGER NOT NULL DEFAULT 0);"
	"INSERT INTO state (id, generation, next_id) VALUES (1, 0, 1000000001);"
	"CREATE TABLE running ("
	"  key TEXT PRIMARY KEY NOT NULL,"
	"  value TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE sessions ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  user TEXT NOT NULL,"
	"  line TEXT NOT NULL,"
	"  started INTEGER NOT NULL,"
	"  base_gen INTEGER NOT NULL,"
	"  exclusive INTEGER NOT NULL DEFAULT 0,"
	"  pid INTEGER NOT NULL,"
	"  pid_start INTEGER NOT NULL DEFAULT 0);"
	/* At most one exclusive session, enforced by the database too. */
	"CREATE UNIQUE INDEX sessions_exclusive ON sessions (exclusive)"
	"  WHERE exclusive = 1;"
	/*
	 * No foreign key to sessions: with one, SQLite checks every row
	 * of a commit's edit deletion and loses its truncate shortcut (4x
	 * slower).  session.c deletes a session's edits with the session.
	 */
	"CREATE TABLE edits ("
	"  session INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  op INTEGER NOT NULL CHECK (op IN (1, 2)),"
	"  key TEXT NOT NULL,"
	"  value TEXT,"
	"  PRIMARY KEY (session, seq)) WITHOUT ROWID;"
	"CREATE TABLE commits ("
	"  id INTEGER PRIMARY KEY,"
	"  generation INTEGER NOT NULL,"
	"  user TEXT NOT NULL,"
	"  line TEXT NOT NULL,"
	"  client TEXT NOT NULL,"
	"  time INTEGER NOT NULL,"
	"  label TEXT,"
	"  comment TEXT,"
	"  nchanges INTEGER NOT NULL,"
	"  changes BLOB NOT NULL);",
	/*
	 * 1 -> 2: SQLite checks its own structure, not the bytes of a row,
	 * so a flipped octet in a value would read back as another
	 * configuration.  Each commit stores the SHA-256 of the running
	 * configuration it wrote (runsum.c); '' until the first commit
	 * after this migration.  The sum covers the database's own random
	 * name, written once here and never again, so a -wal file of
	 * another database (whose frames would replace the state and
	 * running pages with its own, consistent ones) does not match it.
	 */
	"ALTER TABLE state ADD COLUMN running_sum TEXT NOT NULL DEFAULT '';"
	"CREATE TABLE ident ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  db_id TEXT NOT NULL);"
	"INSERT INTO ident (id, db_id) VALUES (1, lower(hex(randomblob(16))));",
};
#define SCHEMA_VERSION	((int)(sizeof(migrations) / sizeof(migrations[0])))

static const char *const stmt_sql[Q_MAX] = {
	[Q_STATE_GET] = "SELECT generation, next_id, trial_first, trial_last,"
	    " trial_deadline FROM state WHERE id = 1",
	[Q_STATE_SET_COMMIT] = "UPDATE state SET generation = ?1,"
	    " next_id = ?2, running_sum = ?3 WHERE id = 1",
	[Q_STATE_SUM] = "SELECT running_sum FROM state WHERE id = 1",
	[Q_STATE_SET_TRIAL] = "UPDATE state SET trial_first = ?1,"
	    " trial_last = ?2, trial_deadline = ?3 WHERE id = 1",
	[Q_RUNNING_ALL] = "SELECT key, value FROM running ORDER BY key",
	[Q_RUNNING_PUT] = "INSERT INTO running (key, value) VALUES (?1, ?2)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	[Q_RUNNING_DEL] = "DELETE FROM running WHERE key = ?1",
	[Q_EDIT_INS] = "INSERT INTO edits (session, seq, op, key, value)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)",
	[Q_EDITS_DEL] = "DELETE FROM edits WHERE session = ?1",
	/* Two range seeks: `session <> ?1` would scan this session's rows. */
	[Q_EDITS_OTHER] = "SELECT EXISTS (SELECT 1 FROM edits WHERE"
	    " session < ?1) OR EXISTS (SELECT 1 FROM edits WHERE session > ?1)",
	[Q_EDITS_TRUNCATE] = "DELETE FROM edits",
	/* Two index lookups (min and max together would scan the range). */
	[Q_EDITS_SPAN] = "SELECT (SELECT min(seq) FROM edits WHERE"
	    " session = ?1), (SELECT max(seq) FROM edits WHERE session = ?1)",
	[Q_SESS_INS] = "INSERT INTO sessions (user, line, started, base_gen,"
	    " exclusive, pid, pid_start) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_SESS_DEL] = "DELETE FROM sessions WHERE id = ?1",
	[Q_SESS_ALL] = "SELECT id, user, line, started, exclusive, pid,"
	    " pid_start, base_gen, (SELECT count(*) FROM edits"
	    " WHERE edits.session = sessions.id) FROM sessions ORDER BY id",
	[Q_SESS_GET] = "SELECT base_gen, exclusive FROM sessions"
	    " WHERE id = ?1",
	[Q_SESS_SET_BASE] = "UPDATE sessions SET base_gen = ?2 WHERE id = ?1",
	[Q_SESS_PIDS] = "SELECT id, pid, pid_start FROM sessions",
	[Q_SESS_EXCL] = "SELECT id, user, line, started, pid FROM sessions"
	    " WHERE exclusive = 1 AND id <> ?1",
	[Q_HIST_INS] = "INSERT INTO commits (id, generation, user, line,"
	    " client, time, label, comment, nchanges, changes)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[Q_HIST_PRUNE] = "DELETE FROM commits WHERE id < ?1",
	[Q_HIST_LIST] = "SELECT id, generation, user, line, client, time,"
	    " label, comment, nchanges FROM commits ORDER BY id DESC"
	    " LIMIT ?1",
	[Q_HIST_GET] = "SELECT id, generation, user, line, client, time,"
	    " label, comment, nchanges FROM commits WHERE id = ?1",
	[Q_HIST_NEWER] = "SELECT id, changes FROM commits WHERE id > ?1"
	    " ORDER BY id DESC",
	[Q_HIST_COUNT] = "SELECT count(*), coalesce(min(id), 0),"
	    " coalesce(max(id), 0) FROM commits",
	[Q_HIST_NTH] = "SELECT id FROM commits ORDER BY id DESC LIMIT 1"
	    " OFFSET ?1",
	[Q_HIST_NTH_OLDEST] = "SELECT id FROM commits ORDER BY id ASC"
	    " LIMIT 1 OFFSET ?1",
	[Q_HIST_DEL_UPTO] = "DELETE FROM commits WHERE id <= ?1",
};

/* What an operator does about a database that cannot be used as it is. */
#define RECOVER_HINT \
	"left as it is. To recover: put back its last good copy, or make a" \
	" new database (mgmtsec --db FILE --new) and load a saved" \
	" configuration into it (load FILE, commit)"

/*
 * A database found damaged is left exactly as it is: without this, the
 * last connection to close would checkpoint the -wal into the file (a
 * -wal of another database included), and the copy the operator might
 * still save would be gone.
 */
static void
st_damaged(struct cfg_store *st)
{
	(void)sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1,
	    (int *)NULL);
}

void
st_dberr(struct cfg_store *st, char *err, size_t errlen, const char *what)
{
	int	code = sqlite3_extended_errcode(st->db);

	if ((code & 0xff) == SQLITE_BUSY)
		errbuf_set(err, errlen, "%s: database %s is busy (locked by"
		    " another process)", what, st->path);
	else if ((code & 0xff) == SQLITE_CORRUPT ||
	    (code & 0xff) == SQLITE_NOTADB) {
		st_damaged(st);
		errbuf_set(err, errlen, "%s: database %s is damaged (%s): "
		    RECOVER_HINT, what, st->path, sqlite3_errmsg(st->db));
	} else if ((code & 0xff) == SQLITE_READONLY)
		errbuf_set(err, errlen, "%s: database %s is read-only (%s): it"
		    " needs a writable file on a writable file system", what,
		    st->path, sqlite3_errmsg(st->db));
	else if ((code & 0xff) == SQLITE_FULL)
		errbuf_set(err, errlen, "%s: %s: the disk is full"
		    " (%s); free some space and try again", what, st->path,
		    sqlite3_errmsg(st->db));
	else if ((code & 0xff) == SQLITE_IOERR)
		errbuf_set(err, errlen, "%s: %s: the disk failed (%s%s%s);"
		    " nothing was changed: check the disk (dmesg) and try"
		    " again", what, st->path, sqlite3_errmsg(st->db),
		    sqlite3_system_errno(st->db) ? ": " : "",
		    sqlite3_system_errno(st->db) ?
		    strerror(sqlite3_system_errno(st->db)) : "");
	else
		errbuf_set(err, errlen, "%s: %s: %s", what, st->path,
		    sqlite3_errmsg(st->db));
}

sqlite3_stmt *
st_stmt(struct cfg_store *st, enum st_stmt q, char *err, size_t errlen)
{
	sqlite3_stmt	*s = st->stmt[q];

	if (s == NULL) {
		if (sqlite3_prepare_v3(st->db, stmt_sql[q], -1,
		    SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
			st_dberr(st, err, errlen, "prepare");
			return NULL;
		}
		st->stmt[q] = s;
	}
	/* A statement left stepping would pin an old read snapshot. */
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

int
st_exec(struct cfg_store *st, const char *sql, char *err, size_t errlen)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		st_dberr(st, err, errlen, "database");
		return -1;
	}
	return 0;
}

int
st_run(struct cfg_store *st, sqlite3_stmt *q, const char *what, char *err,
    size_t errlen)
{
	int	rc = sqlite3_step(q);

	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		st_dberr(st, err, errlen, what);
		return -1;
	}
	return 0;
}

int
st_row_exists(struct cfg_store *st, enum st_stmt which, uint64_t id,
    const char *what, char *err, size_t errlen, const char *missing, ...)
{
	sqlite3_stmt	*q;
	va_list		 ap;
	int		 rc;

	if ((q = st_stmt(st, which, err, errlen)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, (int64_t)id);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE) {
		st_dberr(st, err, errlen, what);
		return -1;
	}
	if (err != NULL && errlen > 0) {
		va_start(ap, missing);
		vsnprintf(err, errlen, missing, ap);
		va_end(ap);
	}
	return 0;
}

int
st_begin(struct cfg_store *st, int immediate, char *err, size_t errlen)
{
	return st_exec(st, immediate ? "BEGIN IMMEDIATE" : "BEGIN", err,
	    errlen);
}

int
st_commit(struct cfg_store *st, char *err, size_t errlen)
{
	if (st_exec(st, "COMMIT", err, errlen) == -1) {
		st_rollback(st);
		return -1;
	}
	return 0;
}

void
st_rollback(struct cfg_store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int
st_state_get(struct cfg_store *st, struct st_state *s, char *err,
    size_t errlen)
{
	sqlite3_stmt	*q;
	int		 rc;

	if ((q = st_stmt(st, Q_STATE_GET, err, errlen)) == NULL)
		return -1;
	rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			errbuf_set(err, errlen, "%s: the state row is missing",
			    st->path);
		else
			st_dberr(st, err, errlen, "read state");
		sqlite3_reset(q);
		return -1;
	}
	s->generation = (uint64_t)sqlite3_column_int64(q, 0);
	s->next_id = (uint64_t)sqlite3_column_int64(q, 1);
	s->trial_first = (uint64_t)sqlite3_column_int64(q, 2);
	s->trial_last = (uint64_t)sqlite3_column_int64(q, 3);
	s->trial_deadline = sqlite3_column_int64(q, 4);
	sqlite3_reset(q);
	return 0;
}

/* The running rows just read against the checksum the last commit
 * stored: a mismatch is damage SQLite cannot see. */
static int
running_sum_check(struct cfg_store *st, const struct cfg_items *run,
    char *err, size_t errlen)
{
	sqlite3_stmt	*q;
	char		 want[ST_RUNSUM_LEN + 1], got[ST_RUNSUM_LEN + 1];
	const char	*v;
	int		 rc;

	if ((q = st_stmt(st, Q_STATE_SUM, err, errlen)) == NULL)
		return -1;
	if ((rc = sqlite3_step(q)) != SQLITE_ROW) {
		sqlite3_reset(q);
		if (rc == SQLITE_DONE)
			errbuf_set(err, errlen, "%s: the state row is missing",
			    st->path);
		else
			st_dberr(st, err, errlen, "read state");
		return -1;
	}
	v = (const char *)sqlite3_column_text(q, 0);
	snprintf(want, sizeof(want), "%s", v != NULL ? v : "");
	sqlite3_reset(q);
	if (want[0] == '\0')
		return 0;	/* no commit since the migration */
	if (st_running_sum(st->db_id, run, got) == -1) {
		errbuf_set(err, errlen, "read running: out of memory");
		return -1;
	}
	if (strcmp(got, want) != 0) {
		st_damaged(st);
		errbuf_set(err, errlen, "read running: database %s is damaged"
		    " (the running configuration does not match the checksum"
		    " its last commit stored): " RECOVER_HINT, st->path);
		return -1;
	}
	return 0;
}

int
st_running_read(struct cfg_store *st, struct cfg_items *out, char *err,
    size_t errlen)
{
	sqlite3_stmt	*q;
	const char	*k, *v;
	int		 rc;

	cfg_items_clear(out);
	if ((q = st_stmt(st, Q_RUNNING_ALL, err, errlen)) == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		k = (const char *)sqlite3_column_text(q, 0);
		v = (const char *)sqlite3_column_text(q, 1);
		if (k == NULL || v == NULL || cfg_items_set(out, k, v) == -1) {
			errbuf_set(err, errlen, "read running: out of memory");
			sqlite3_reset(q);
			return -1;
		}
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		st_dberr(st, err, errlen, "read running");
		return -1;
	}
	return running_sum_check(st, out, err, errlen);
}

const struct cfg_items *
st_running_get(struct cfg_store *st, uint64_t gen, char *err, size_t errlen)
{
	if (st->run && st->run_gen == gen)
		return st->run;
	if (st->run == NULL && (st->run = cfg_items_new()) == NULL) {
		errbuf_set(err, errlen, "read running: out of memory");
		return NULL;
	}
	if (st_running_read(st, st->run, err, errlen) == -1) {
		cfg_items_free(st->run);
		st->run = NULL;
		return NULL;
	}
	st->run_gen = gen;
	return st->run;
}

void
st_running_keep(struct cfg_store *st, struct cfg_items *items, uint64_t gen)
{
	cfg_items_free(st->run);
	st->run = items;
	st->run_gen = gen;
}

int64_t
st_now(struct cfg_store *st)
{
	return st->now ? st->now(st->now_arg) : (int64_t)time(NULL);
}

char *
st_column_strdup(sqlite3_stmt *q, int col)
{
	const unsigned char	*s = sqlite3_column_text(q, col);

	return s ? strdup((const char *)s) : NULL;
}

/* Described in header. */
int
cfg_store_path_rule(int is_root, const char *mgmtsec_db,
    const char *xdg_state_home, const char *home, char *out, size_t outlen)
{
	int	n;

	if (mgmtsec_db && *mgmtsec_db)
		n = snprintf(out, outlen, "%s", mgmtsec_db);
	else if (is_root)
		n = snprintf(out, outlen, "%s", CFG_STORE_ROOT_PATH);
	else if (xdg_state_home && xdg_state_home[0] == '/')
		/* The XDG spec says to ignore a relative value. */
		n = snprintf(out, outlen, "%s/mgmtsec/config.db",
		    xdg_state_home);
	else if (home && *home)
		n = snprintf(out, outlen, "%s/.local/state/mgmtsec/config.db",
		    home);
	else
		return -1;
	if (n < 0 || (size_t)n >= outlen)
		return -1;
	return 0;
}

/* Described in header. */
int
cfg_store_default_path(char *out, size_t outlen, char *err, size_t errlen)
{
	const char	*home = getenv("HOME");
	struct passwd	*pw;

	if ((home == NULL || *home == 0) &&
	    (pw = getpwuid(geteuid())) != NULL)
		home = pw->pw_dir;
	if (cfg_store_path_rule(geteuid() == 0, getenv("MGMTSEC_DB"),
	    getenv("XDG_STATE_HOME"), home, out, outlen) == -1) {
		errbuf_set(err, errlen, "no database path: set MGMTSEC_DB or"
		    " HOME, or use --db PATH");
		return -1;
	}
	return 0;
}

/*
 * File systems where POSIX advisory locks or shared memory are not
 * reliable enough for SQLite (its "how to corrupt" page).
 */
static const char *
netfs_name(long type)
{
	switch ((unsigned long)type & 0xffffffffUL) {
	case 0x6969UL:		return "NFS";
	case 0x517bUL:		return "SMB";
	case 0xff534d42UL:	return "CIFS";
	case 0xfe534d42UL:	return "SMB2";
	case 0x01021997UL:	return "9p";
	case 0x5346414fUL:	return "AFS";
	case 0x00c36400UL:	return "Ceph";
	case 0x73757245UL:	return "Coda";
	default:		return NULL;
	}
}

/* Splits path into its folder (into dir). */
static int
dir_of(const char *path, char *dir, size_t dirlen)
{
	const char	*slash = strrchr(path, '/');
	size_t		 n;

	if (slash == NULL) {
		snprintf(dir, dirlen, ".");
		return 0;
	}
	n = slash == path ? 1 : (size_t)(slash - path);
	if (n >= dirlen)
		return -1;
	memcpy(dir, path, n);
	dir[n] = 0;
	return 0;
}

/* mkdir -p with mode 0700 for each folder it creates. */
static int
make_dirs(const char *dir, char *err, size_t errlen)
{
	char		 tmp[PATH_MAX];
	struct stat	 sb;
	size_t		 i, n = strlen(dir);

	if (n >= sizeof(tmp)) {
		errbuf_set(err, errlen, "path too long: %s", dir);
		return -1;
	}
	memcpy(tmp, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (tmp[i] != '/' && tmp[i] != 0)
			continue;
		tmp[i] = 0;
		if (stat(tmp, &sb) == -1) {
			if (errno != ENOENT || (mkdir(tmp, 0700) == -1 &&
			    errno != EEXIST)) {
				errbuf_set(err, errlen, "cannot create folder"
				    " %s: %s", tmp, strerror(errno));
				return -1;
			}
		} else if (!S_ISDIR(sb.st_mode)) {
			errbuf_set(err, errlen, "%s is not a folder", tmp);
			return -1;
		}
		if (i < n)
			tmp[i] = '/';
	}
	return 0;
}


/* A user's name for messages ("uid N" when it has none). */
static const char *
owner_name(uid_t uid)
{
	static char	 buf[32];
	struct passwd	*pw = getpwuid(uid);

	if (pw != NULL)
		return pw->pw_name;
	snprintf(buf, sizeof(buf), "uid %u", (unsigned)uid);
	return buf;
}

/*
 * The checks on an existing file (the database, its -wal or -shm): 1 when
 * it exists and is safe, 0 when it does not exist, -1 (err) when unsafe.
 */
static int
check_file(const char *path, char *err, size_t errlen)
{
	struct stat	sb;

	if (lstat(path, &sb) == -1) {
		if (errno == ENOENT)
			return 0;
		errbuf_set(err, errlen, "cannot use database %s: %s%s", path,
		    strerror(errno), errno == EACCES ? " (its folder is"
		    " closed to this user; run mgmtsec as root, e.g. with"
		    " sudo, or as a member of group " MGMTSEC_GROUP ")" : "");
		return -1;
	}
	if (S_ISLNK(sb.st_mode)) {
		errbuf_set(err, errlen, "refusing database %s: it is a symbolic"
		    " link; give the real path", path);
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		errbuf_set(err, errlen, "refusing database %s: not a regular"
		    " file", path);
		return -1;
	}
	if (sb.st_mode & S_IRWXO) {
		errbuf_set(err, errlen, "refusing database %s: other users can"
		    " access it (mode %04o); fix with: chmod o-rwx %s", path,
		    (unsigned)(sb.st_mode & 07777), path);
		return -1;
	}
	if (access(path, R_OK | W_OK) == -1 && (errno == EACCES ||
	    errno == EPERM)) {
		errbuf_set(err, errlen, "permission denied: database %s belongs"
		    " to %s (mode %04o); run mgmtsec as %s (e.g. with sudo)",
		    path, owner_name(sb.st_uid), (unsigned)(sb.st_mode & 07777),
		    owner_name(sb.st_uid));
		return -1;
	}
	return 1;
}

/*
 * An existing database file of zero bytes: SQLite would take it for a new,
 * empty database, and the daemon would tear every tunnel down.  1 (err)
 * when it is refused, 0 when it may be used.
 */
static int
empty_refused(const char *path, int flags, char *err, size_t errlen)
{
	struct stat	sb;

	if (flags & CFG_STORE_NEW || stat(path, &sb) == -1 || sb.st_size > 0)
		return 0;
	errbuf_set(err, errlen, "%s is empty (0 bytes), not an mgmtsec"
	    " database: refused (SQLite would start it as a new one, with no"
	    " configuration). If a new database is meant: mgmtsec --db %s"
	    " --new. Otherwise it is " RECOVER_HINT, path, path);
	return 1;
}

static int
check_dir(const char *dir, char *err, size_t errlen)
{
	struct stat	sb;
	struct statfs	fs;
	const char	*name;

	if (stat(dir, &sb) == -1) {
		errbuf_set(err, errlen, "cannot use folder %s: %s", dir,
		    strerror(errno));
		return -1;
	}
	if ((sb.st_mode & S_IWOTH) && !(sb.st_mode & S_ISVTX)) {
		errbuf_set(err, errlen, "refusing database folder %s: every"
		    " user can write to it (mode %04o)", dir,
		    (unsigned)(sb.st_mode & 07777));
		return -1;
	}
	if (statfs(dir, &fs) == 0 && (name = netfs_name(fs.f_type))) {
		errbuf_set(err, errlen, "refusing database folder %s: it is on"
		    " %s, where file locks are not reliable; use a local file"
		    " system", dir, name);
		return -1;
	}
	return 0;
}

static int
create_file(const char *path, char *err, size_t errlen)
{
	int	fd;

	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		if (errno == EEXIST)	/* another process won the race */
			return 0;
		errbuf_set(err, errlen, "cannot create database %s: %s", path,
		    strerror(errno));
		return -1;
	}
	/* The umask may only have removed bits; make it exactly 0600. */
	if (fchmod(fd, 0600) == -1) {
		errbuf_set(err, errlen, "cannot chmod %s: %s", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int
pragma_text(struct cfg_store *st, const char *sql, char *out, size_t outlen)
{
	sqlite3_stmt	*q;
	const char	*v;
	int		 rc = -1;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW) {
		v = (const char *)sqlite3_column_text(q, 0);
		snprintf(out, outlen, "%s", v ? v : "");
		rc = 0;
	}
	sqlite3_finalize(q);
	return rc;
}


/*
 * The true cause of a failed open, read or lock, by SQLite's code (and
 * errno underneath), with what to do about it.
 */
static int
lock_failure(struct cfg_store *st, char *err, size_t errlen)
{
	int	code = sqlite3_extended_errcode(st->db);
	int	sys = sqlite3_system_errno(st->db);

	switch (code & 0xff) {
	case SQLITE_BUSY:
		st_dberr(st, err, errlen, "open");
		break;
	case SQLITE_NOTADB:
		st_damaged(st);
		errbuf_set(err, errlen, "%s is not an mgmtsec database (%s): "
		    RECOVER_HINT, st->path, sqlite3_errmsg(st->db));
		break;
	case SQLITE_CORRUPT:
		st_damaged(st);
		errbuf_set(err, errlen, "database %s is damaged (%s): "
		    RECOVER_HINT, st->path, sqlite3_errmsg(st->db));
		break;
	case SQLITE_READONLY:
		errbuf_set(err, errlen, "database %s is read-only (%s): it needs"
		    " a writable file on a writable file system", st->path,
		    sqlite3_errmsg(st->db));
		break;
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		errbuf_set(err, errlen, "cannot open database %s: %s%s",
		    st->path, sys ? strerror(sys) : sqlite3_errmsg(st->db),
		    sys == EACCES || sys == EPERM ? "; it is root's (or its"
		    " owner's): run mgmtsec as root, e.g. with sudo" : "");
		break;
	case SQLITE_FULL:
		errbuf_set(err, errlen, "database %s: the disk is full (%s);"
		    " free some space and try again", st->path,
		    sqlite3_errmsg(st->db));
		break;
	case SQLITE_IOERR:
		if (code == SQLITE_IOERR_LOCK || sys == EROFS)
			goto lock;
		/* A failed read or write, not a lock: errno may be stale. */
		errbuf_set(err, errlen, "database %s: the disk failed (%s);"
		    " nothing was changed: check the disk (dmesg) and try"
		    " again", st->path, sqlite3_errmsg(st->db));
		break;
	default:
	lock:
		if (sys == EROFS) {
			errbuf_set(err, errlen, "database %s is on a read-only"
			    " file system", st->path);
			break;
		}
		errbuf_set(err, errlen, "cannot lock database %s (%s%s%s)",
		    st->path, sqlite3_errmsg(st->db), sys ? ": " : "",
		    sys ? strerror(sys) : "");
		break;
	}
	return -1;
}

/*
 * Before SQLite writes anything to a database that was there already (the
 * switch to WAL rewrites its header): it must hold mgmtsec's schema, or
 * the operator must have asked for a new database.  0, or -1 with err.
 */
static int
existing_is_ours(struct cfg_store *st, int flags, char *err, size_t errlen)
{
	char	v[64];
	int	version, ntables;

	if (pragma_text(st, "PRAGMA user_version", v, sizeof(v)) == -1)
		return lock_failure(st, err, errlen);
	version = atoi(v);
	if (pragma_text(st, "SELECT count(*) FROM sqlite_schema", v,
	    sizeof(v)) == -1)
		return lock_failure(st, err, errlen);
	ntables = atoi(v);
	if (version == 0 && ntables == 0 && !(flags & CFG_STORE_NEW)) {
		errbuf_set(err, errlen, "%s holds no mgmtsec schema (an SQLite"
		    " file without tables): refused. If a new database is"
		    " meant: mgmtsec --db %s --new. Otherwise it is "
		    RECOVER_HINT, st->path, st->path);
		return -1;
	}
	return 0;
}

/* What PRAGMA quick_check puts before its findings. */
#define QC_BANNER	"*** in database main *** "

static int
migrate(struct cfg_store *st, char *err, size_t errlen)
{
	char	v[64], chk[256], *p;
	int	version, ntables;

	/* Taking the write lock here also proves locking works. */
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return lock_failure(st, err, errlen);
	if (pragma_text(st, "PRAGMA user_version", v, sizeof(v)) == -1) {
		lock_failure(st, err, errlen);
		goto fail;
	}
	version = atoi(v);
	if (pragma_text(st, "SELECT count(*) FROM sqlite_schema", v,
	    sizeof(v)) == -1) {
		lock_failure(st, err, errlen);
		goto fail;
	}
	ntables = atoi(v);
	if (version > SCHEMA_VERSION) {
		errbuf_set(err, errlen, "database %s has schema version %d;"
		    " this mgmtsec knows up to %d: use a newer mgmtsec",
		    st->path, version, SCHEMA_VERSION);
		goto fail;
	}
	if (version == 0 && ntables != 0) {
		errbuf_set(err, errlen, "%s holds tables that are not"
		    " mgmtsec's; refusing to touch it", st->path);
		goto fail;
	}
	for (; version < SCHEMA_VERSION; version++) {
		snprintf(v, sizeof(v), "PRAGMA user_version = %d",
		    version + 1);
		if (st_exec(st, migrations[version], err, errlen) == -1 ||
		    st_exec(st, v, err, errlen) == -1)
			goto fail;
	}
	/* Damage in pages nothing reads yet (history, sessions) is found
	 * now, not in the middle of a commit. */
	if (pragma_text(st, "PRAGMA quick_check", chk, sizeof(chk)) == -1) {
		lock_failure(st, err, errlen);
		goto fail;
	}
	if (strcmp(chk, "ok") != 0) {
		/* One line: SQLite's first finding, without its banner. */
		for (p = chk; (p = strchr(p, '\n')) != NULL; )
			*p = ' ';
		st_damaged(st);
		p = strncmp(chk, QC_BANNER, strlen(QC_BANNER)) == 0 ?
		    chk + strlen(QC_BANNER) : chk;
		errbuf_set(err, errlen, "database %s is damaged (%s): "
		    RECOVER_HINT, st->path, p);
		goto fail;
	}
	if (pragma_text(st, "SELECT db_id FROM ident WHERE id = 1",
	    st->db_id, sizeof(st->db_id)) == -1 || st->db_id[0] == '\0') {
		st_damaged(st);
		errbuf_set(err, errlen, "database %s is damaged (its identity"
		    " row is missing): " RECOVER_HINT, st->path);
		goto fail;
	}
	return st_commit(st, err, errlen);
fail:
	st_rollback(st);
	return -1;
}

/* Described in header. */
struct cfg_store *
cfg_store_open(const char *path, int flags, char *err, size_t errlen)
{
	struct cfg_store	*st;
	char			 dir[PATH_MAX], aux[PATH_MAX + 8], mode[16];
	int			 i, rc, existed;

	if (path == NULL || *path == 0) {
		errbuf_set(err, errlen, "no database path");
		return NULL;
	}
	if (dir_of(path, dir, sizeof(dir)) == -1) {
		errbuf_set(err, errlen, "path too long: %s", path);
		return NULL;
	}
	if ((rc = check_file(path, err, errlen)) == -1)
		return NULL;
	existed = rc == 1;
	if (existed && empty_refused(path, flags, err, errlen))
		return NULL;
	if (rc == 0) {
		if (flags & CFG_STORE_NOCREATE) {
			errbuf_set(err, errlen, "no database at %s", path);
			return NULL;
		}
		if (make_dirs(dir, err, errlen) == -1 ||
		    check_dir(dir, err, errlen) == -1 ||
		    create_file(path, err, errlen) == -1 ||
		    check_file(path, err, errlen) != 1)
			return NULL;
	} else if (check_dir(dir, err, errlen) == -1)
		return NULL;
	for (i = 0; i < 2; i++) {
		snprintf(aux, sizeof(aux), "%s%s", path, i ? "-shm" : "-wal");
		if (check_file(aux, err, errlen) == -1)
			return NULL;
	}

	if ((st = calloc(1, sizeof(*st))) == NULL ||
	    (st->path = strdup(path)) == NULL) {
		free(st);
		errbuf_set(err, errlen, "out of memory");
		return NULL;
	}
	/* No SQLITE_OPEN_CREATE: the file was created above, mode 0600. */
	rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		if (st->db != NULL)
			lock_failure(st, err, errlen);
		else
			errbuf_set(err, errlen, "cannot open database %s: %s",
			    path, sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	if (existed && existing_is_ours(st, flags, err, errlen) == -1)
		goto fail;
	if (pragma_text(st, "PRAGMA journal_mode = WAL", mode,
	    sizeof(mode)) == -1) {
		lock_failure(st, err, errlen);
		goto fail;
	}
	if (strcmp(mode, "wal") != 0) {
		errbuf_set(err, errlen, "cannot use WAL mode on %s (journal"
		    " mode stays \"%s\"); is it on a network file system?",
		    path, mode);
		goto fail;
	}
	if (st_exec(st, "PRAGMA synchronous = FULL;"
	    "PRAGMA secure_delete = ON", err, errlen) == -1)
		goto fail;
	if (migrate(st, err, errlen) == -1)
		goto fail;
	if (cfg_commit_confirm_expire(st, st_now(st), NULL, err,
	    errlen) == -1)
		goto fail;
	return st;
fail:
	cfg_store_close(st);
	return NULL;
}

/* Described in header. */
void
cfg_store_close(struct cfg_store *st)
{
	int	i;

	if (st == NULL)
		return;
	for (i = 0; i < Q_MAX; i++)
		sqlite3_finalize(st->stmt[i]);
	cfg_items_free(st->run);
	if (st->db)
		sqlite3_close(st->db);
	free(st->path);
	free(st);
}

const char *
cfg_store_path(const struct cfg_store *st)
{
	return st->path;
}

void
cfg_store_set_clock(struct cfg_store *st, int64_t (*now)(void *), void *arg)
{
	st->now = now;
	st->now_arg = arg;
}

int64_t
cfg_store_now(struct cfg_store *st)
{
	return st_now(st);
}

void
st_set_validator(struct cfg_store *st, cfg_validate_fn *fn, void *arg)
{
	st->validate = fn;
	st->validate_arg = arg;
}

/* Described in header. */
int
cfg_store_generation(struct cfg_store *st, uint64_t *genp, char *err,
    size_t errlen)
{
	struct st_state	s;

	if (st_state_get(st, &s, err, errlen) == -1)
		return -1;
	*genp = s.generation;
	return 0;
}

/* Described in header. */
int
cfg_store_running(struct cfg_store *st, struct cfg_items *out,
    uint64_t *genp, char *err, size_t errlen)
{
	struct st_state	s;
	int		rc;

	/* One read transaction: the generation matches the items. */
	if (st_begin(st, 0, err, errlen) == -1)
		return -1;
	if ((rc = st_state_get(st, &s, err, errlen)) == 0) {
		/* A copy in memory beats reading every row again. */
		if (st->run && st->run_gen == s.generation) {
			if ((rc = cfg_items_copy(out, st->run)) == -1)
				errbuf_set(err, errlen, "out of memory");
		} else
			rc = st_running_read(st, out, err, errlen);
	}
	if (rc == -1) {
		st_rollback(st);
		return -1;
	}
	if (genp)
		*genp = s.generation;
	return st_commit(st, err, errlen);
}

/* Described in header. */
int
cfg_store_check(struct cfg_store *st, char *err, size_t errlen)
{
	char	res[256];

	if (pragma_text(st, "PRAGMA integrity_check", res, sizeof(res)) ==
	    -1) {
		st_dberr(st, err, errlen, "integrity check");
		return -1;
	}
	if (strcmp(res, "ok") != 0) {
		errbuf_set(err, errlen, "database %s is damaged: %s", st->path,
		    res);
		return -1;
	}
	return 0;
}
