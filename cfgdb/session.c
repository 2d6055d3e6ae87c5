/*
 * Configuration sessions and their candidate edits (see store.h).  A
 * session is a row in `sessions` (who, where, since when, the generation
 * it last synced with, the exclusive flag, and the owning process) and
 * its ordered edits in `edits`.  Edits are buffered in memory and written
 * in batches, each batch one transaction, because batch mode may send a
 * hundred thousand lines a second.
 *
 * Stale sessions: a shell that was killed leaves its row behind.  Each
 * row records the pid and the process start time from /proc, so a row
 * whose process is gone (or whose pid now belongs to another process) is
 * removed before anything looks at sessions or the exclusive lock.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cfgdb/commit.h"
#include "cfgdb/store.h"
#include "cfgdb/store_priv.h"

/*
 * The start time of a process (field 22 of /proc/PID/stat, in clock ticks
 * since boot): 0 when /proc cannot say.  *gone is set when the process
 * does not exist or is a zombie.
 */
static uint64_t
proc_start(int pid, int *gone)
{
	char		 path[64], buf[1024], *p, *tok, *save = NULL;
	unsigned long long v = 0;
	ssize_t		 n;
	int		 fd, i;

	*gone = 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		/* Without /proc, fall back on kill(pid, 0). */
		if (errno == ENOENT && access("/proc/self/stat", R_OK) == 0)
			*gone = 1;
		else if (kill(pid, 0) == -1 && errno == ESRCH)
			*gone = 1;
		return 0;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	/* The command name may hold spaces and parentheses: skip to the
	 * last ')'. */
	if ((p = strrchr(buf, ')')) == NULL)
		return 0;
	for (i = 0, tok = strtok_r(p + 1, " ", &save); tok;
	    i++, tok = strtok_r(NULL, " ", &save)) {
		if (i == 0 && (tok[0] == 'Z' || tok[0] == 'X'))
			*gone = 1;
		if (i == 19) {
			v = strtoull(tok, NULL, 10);
			break;
		}
	}
	return v;
}

static int
session_alive(int pid, uint64_t start)
{
	uint64_t	now;
	int		gone;

	if (pid <= 0)
		return 0;
	now = proc_start(pid, &gone);
	if (gone)
		return 0;
	/* Same pid, another process: the owner is gone. */
	if (start && now && start != now)
		return 0;
	return 1;
}

/* Removes a session row and its edits.  In a write transaction. */
static int
sess_remove(struct cfg_store *st, uint64_t id, char *err, size_t errlen)
{
	static const enum st_stmt	 qs[] = { Q_EDITS_DEL, Q_SESS_DEL };
	sqlite3_stmt			*q;
	size_t				 i;

	for (i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		if ((q = st_stmt(st, qs[i], err, errlen)) == NULL)
			return -1;
		sqlite3_bind_int64(q, 1, (int64_t)id);
		if (st_run(st, q, "remove session", err, errlen) == -1)
			return -1;
	}
	return 0;
}

/* Described in store_priv.h. */
int
sess_reap_stale(struct cfg_store *st, char *err, size_t errlen)
{
	sqlite3_stmt	*q;
	int64_t		*dead = NULL, *nd;
	size_t		 n = 0, cap = 0, i;
	int		 rc, ret = -1;

	if ((q = st_stmt(st, Q_SESS_PIDS, err, errlen)) == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (session_alive(sqlite3_column_int(q, 1),
		    (uint64_t)sqlite3_column_int64(q, 2)))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((nd = realloc(dead, cap * sizeof(*dead))) == NULL) {
				errbuf_set(err, errlen, "out of memory");
				goto out;
			}
			dead = nd;
		}
		dead[n++] = sqlite3_column_int64(q, 0);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		st_dberr(st, err, errlen, "list sessions");
		goto out;
	}
	for (i = 0; i < n; i++)
		if (sess_remove(st, (uint64_t)dead[i], err, errlen) == -1)
			goto out;
	ret = 0;
out:
	sqlite3_reset(st->stmt[Q_SESS_PIDS]);
	free(dead);
	return ret;
}

static void
fmt_time(int64_t t, char *out, size_t outlen)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(out, outlen, "%a %b %e %H:%M:%S %Y", &tm) == 0)
		snprintf(out, outlen, "%" PRId64, t);
}

/* Described in store_priv.h. */
int
sess_exclusive_holder(struct cfg_store *st, uint64_t self, char *msg,
    size_t msglen, char *err, size_t errlen)
{
	sqlite3_stmt	*q;
	char		 when[64];
	int		 rc;

	if ((q = st_stmt(st, Q_SESS_EXCL, err, errlen)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, (int64_t)self);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		fmt_time(sqlite3_column_int64(q, 3), when, sizeof(when));
		errbuf_set(msg, msglen, "the configuration is locked"
		    " exclusively by user '%s' on line '%s' (session %" PRId64
		    ", pid %d, since %s)", sqlite3_column_text(q, 1),
		    sqlite3_column_text(q, 2),
		    (int64_t)sqlite3_column_int64(q, 0),
		    sqlite3_column_int(q, 4), when);
		sqlite3_reset(q);
		return 1;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		st_dberr(st, err, errlen, "read sessions");
		return -1;
	}
	return 0;
}

/* Described in header. */
struct cfg_session *
cfg_session_open(struct cfg_store *st, const char *user, const char *line,
    int exclusive, char *err, size_t errlen)
{
	struct cfg_session	*s;
	struct st_state		 state;
	sqlite3_stmt		*q;
	uint64_t		 start;
	int			 gone, rc;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return NULL;
	}
	s->st = st;
	s->exclusive = exclusive != 0;
	if ((s->user = strdup(user ? user : "")) == NULL ||
	    (s->line = strdup(line ? line : "")) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		goto fail;
	}
	s->next_seq = 1;
	if (cfg_commit_confirm_expire(st, st_now(st), NULL, err, errlen) ==
	    -1)
		goto fail;
	if (st_begin(st, 1, err, errlen) == -1)
		goto fail;
	if (sess_reap_stale(st, err, errlen) == -1)
		goto fail_txn;
	if (exclusive) {
		rc = sess_exclusive_holder(st, 0, err, errlen, err, errlen);
		if (rc != 0)
			goto fail_txn;
	}
	if (st_state_get(st, &state, err, errlen) == -1 ||
	    (q = st_stmt(st, Q_SESS_INS, err, errlen)) == NULL)
		goto fail_txn;
	start = proc_start((int)getpid(), &gone);
	sqlite3_bind_text(q, 1, s->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, s->line, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, st_now(st));
	sqlite3_bind_int64(q, 4, (int64_t)state.generation);
	sqlite3_bind_int(q, 5, s->exclusive);
	sqlite3_bind_int(q, 6, (int)getpid());
	sqlite3_bind_int64(q, 7, (int64_t)start);
	if (st_run(st, q, "open session", err, errlen) == -1)
		goto fail_txn;
	s->id = (uint64_t)sqlite3_last_insert_rowid(st->db);
	if (st_commit(st, err, errlen) == -1)
		goto fail;
	return s;
fail_txn:
	st_rollback(st);
fail:
	free(s->user);
	free(s->line);
	free(s);
	return NULL;
}

/* Described in header. */
void
cfg_session_close(struct cfg_session *s)
{
	if (s == NULL)
		return;
	edits_clear(&s->edits);
	/* Best effort: if this fails the row is reaped as stale later. */
	if (st_begin(s->st, 1, NULL, 0) == 0) {
		if (sess_remove(s->st, s->id, NULL, 0) == 0)
			st_commit(s->st, NULL, 0);
		else
			st_rollback(s->st);
	}
	cfg_errors_free(s->failed);
	cfg_items_free(s->failed_items);
	free(s->user);
	free(s->line);
	free(s);
}

uint64_t
cfg_session_id(const struct cfg_session *s)
{
	return s->id;
}

struct cfg_store *
cfg_session_store(const struct cfg_session *s)
{
	return s->st;
}

int
cfg_session_exclusive(const struct cfg_session *s)
{
	return s->exclusive;
}

static int
add_edit(struct cfg_session *s, int op, const char *key, const char *value,
    char *err, size_t errlen)
{
	if (key == NULL || *key == 0) {
		errbuf_set(err, errlen, "empty configuration key");
		return -1;
	}
	if (edits_add(&s->edits, op, key, value) == -1) {
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	if (s->edits.n - s->nstored >= CFG_SESSION_BATCH)
		return cfg_session_flush(s, err, errlen);
	return 0;
}

/* Described in header. */
int
cfg_session_set(struct cfg_session *s, const char *key, const char *value,
    char *err, size_t errlen)
{
	return add_edit(s, EDIT_SET, key, value ? value : "", err, errlen);
}

int
cfg_session_delete(struct cfg_session *s, const char *key, char *err,
    size_t errlen)
{
	return add_edit(s, EDIT_DELETE, key, NULL, err, errlen);
}

/* Writes v[0..n) with seq numbers from seq on.  In a transaction. */
static int
write_edits(struct cfg_session *s, uint64_t seq, const struct edit *v,
    size_t n, char *err, size_t errlen)
{
	sqlite3_stmt	*q;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if ((q = st_stmt(s->st, Q_EDIT_INS, err, errlen)) == NULL)
			return -1;
		sqlite3_bind_int64(q, 1, (int64_t)s->id);
		sqlite3_bind_int64(q, 2, (int64_t)(seq + i));
		sqlite3_bind_int(q, 3, v[i].op);
		sqlite3_bind_text(q, 4, v[i].key, -1, SQLITE_STATIC);
		if (v[i].value)
			sqlite3_bind_text(q, 5, v[i].value, -1,
			    SQLITE_STATIC);
		if (st_run(s->st, q, "write edits", err, errlen) == -1)
			return -1;
	}
	return 0;
}

/* Described in header. */
int
cfg_session_flush(struct cfg_session *s, char *err, size_t errlen)
{
	size_t	n = s->edits.n - s->nstored;

	if (n == 0)
		return 0;
	if (st_begin(s->st, 1, err, errlen) == -1)
		return -1;
	if (write_edits(s, s->next_seq, s->edits.v + s->nstored, n, err,
	    errlen) == -1) {
		st_rollback(s->st);
		return -1;
	}
	if (st_commit(s->st, err, errlen) == -1)
		return -1;
	s->next_seq += n;
	s->nstored += n;
	return 0;
}

size_t
cfg_session_edit_count(const struct cfg_session *s)
{
	return s->edits.n;
}

/* Described in store_priv.h. */
int
sess_edits_verify(struct cfg_session *s, char *err, size_t errlen)
{
	sqlite3_stmt	*q;
	uint64_t	 first = s->next_seq - s->nstored;
	uint64_t	 last = s->next_seq - 1;
	int		 ok;

	/*
	 * Only this session writes its edits, in seq order, and the store
	 * deletes them all at once (commit, discard, load, a stale session's
	 * removal), so the span of seq numbers tells whether the database
	 * still holds exactly the ones written.
	 */
	if ((q = st_stmt(s->st, Q_EDITS_SPAN, err, errlen)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, (int64_t)s->id);
	if (sqlite3_step(q) != SQLITE_ROW) {
		sqlite3_reset(q);
		st_dberr(s->st, err, errlen, "read edits");
		return -1;
	}
	if (s->nstored == 0)
		ok = sqlite3_column_type(q, 0) == SQLITE_NULL;
	else
		ok = sqlite3_column_type(q, 0) == SQLITE_INTEGER &&
		    (uint64_t)sqlite3_column_int64(q, 0) == first &&
		    (uint64_t)sqlite3_column_int64(q, 1) == last;
	sqlite3_reset(q);
	if (!ok) {
		errbuf_set(err, errlen, "configuration session %" PRIu64 ":"
		    " its edits in %s changed behind its back", s->id,
		    s->st->path);
		return -1;
	}
	return 0;
}

/* Described in store_priv.h. */
int
sess_edits_clear(struct cfg_store *st, uint64_t session, char *err,
    size_t errlen)
{
	sqlite3_stmt	*q;
	int		 rc, others;

	/*
	 * When no other session has edits, an unqualified DELETE lets SQLite
	 * drop the table's pages at once instead of row by row.
	 */
	if ((q = st_stmt(st, Q_EDITS_OTHER, err, errlen)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, (int64_t)session);
	rc = sqlite3_step(q);
	others = sqlite3_column_int(q, 0);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW) {
		st_dberr(st, err, errlen, "read edits");
		return -1;
	}
	if ((q = st_stmt(st, others ? Q_EDITS_DEL : Q_EDITS_TRUNCATE, err,
	    errlen)) == NULL)
		return -1;
	if (others)
		sqlite3_bind_int64(q, 1, (int64_t)session);
	return st_run(st, q, "clear edits", err, errlen);
}

/* Described in store_priv.h. */
void
sess_edits_forget(struct cfg_session *s)
{
	edits_clear(&s->edits);
	s->nstored = 0;
}

/* Described in header. */
int
cfg_session_candidate(struct cfg_session *s, struct cfg_items *out,
    struct cfg_items *running_out, char *err, size_t errlen)
{
	const struct cfg_items	*run;
	struct st_state		 state;

	if (cfg_session_flush(s, err, errlen) == -1)
		return -1;
	/* The edits are the session's own: only running is read. */
	if (st_begin(s->st, 0, err, errlen) == -1)
		return -1;
	if (st_state_get(s->st, &state, err, errlen) == -1 ||
	    (run = st_running_get(s->st, state.generation, err,
	    errlen)) == NULL) {
		st_rollback(s->st);
		return -1;
	}
	if (st_commit(s->st, err, errlen) == -1)
		return -1;
	if ((running_out && cfg_items_copy(running_out, run) == -1) ||
	    edits_apply(run, &s->edits, NULL, out) == -1) {
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* Described in header. */
int
cfg_session_has_changes(struct cfg_session *s, char *err, size_t errlen)
{
	struct cfg_items	*cand, *run;
	int			 rc = -1;

	if (cfg_session_edit_count(s) == 0)
		return 0;
	cand = cfg_items_new();
	run = cfg_items_new();
	if (cand == NULL || run == NULL)
		errbuf_set(err, errlen, "out of memory");
	else if (cfg_session_candidate(s, cand, run, err, errlen) == 0)
		rc = !cfg_items_equal(cand, run);
	cfg_items_free(cand);
	cfg_items_free(run);
	return rc;
}

/* Described in header. */
int
cfg_session_discard(struct cfg_session *s, char *err, size_t errlen)
{
	sqlite3_stmt	*q;

	if (st_begin(s->st, 1, err, errlen) == -1)
		return -1;
	if ((q = st_stmt(s->st, Q_EDITS_DEL, err, errlen)) == NULL) {
		st_rollback(s->st);
		return -1;
	}
	sqlite3_bind_int64(q, 1, (int64_t)s->id);
	if (st_run(s->st, q, "discard edits", err, errlen) == -1) {
		st_rollback(s->st);
		return -1;
	}
	if (st_commit(s->st, err, errlen) == -1)
		return -1;
	sess_edits_forget(s);
	return 0;
}

struct load_ctx {
	struct edits	dels, sets;
};

static int
load_cb(void *arg, const char *key, const char *o, const char *n)
{
	struct load_ctx	*c = arg;

	if (n == NULL)
		return edits_add(&c->dels, EDIT_DELETE, key, NULL);
	return edits_add(&c->sets, EDIT_SET, key, n);
}

/* Described in header. */
int
cfg_session_load(struct cfg_session *s, const struct cfg_items *target,
    char *err, size_t errlen)
{
	const struct cfg_items	*run;
	struct st_state		 state;
	struct load_ctx		 c;
	sqlite3_stmt		*q;
	int			 rc = -1;

	memset(&c, 0, sizeof(c));
	if (st_begin(s->st, 1, err, errlen) == -1)
		goto out;
	if (st_state_get(s->st, &state, err, errlen) == -1 ||
	    (run = st_running_get(s->st, state.generation, err,
	    errlen)) == NULL)
		goto fail;
	if (cfg_items_diff(run, target, load_cb, &c) != 0) {
		errbuf_set(err, errlen, "out of memory");
		goto fail;
	}
	if ((q = st_stmt(s->st, Q_EDITS_DEL, err, errlen)) == NULL)
		goto fail;
	sqlite3_bind_int64(q, 1, (int64_t)s->id);
	if (st_run(s->st, q, "load edits", err, errlen) == -1)
		goto fail;
	/* Deletions first: a set below a deleted key comes back after. */
	if (write_edits(s, s->next_seq, c.dels.v, c.dels.n, err,
	    errlen) == -1 ||
	    write_edits(s, s->next_seq + c.dels.n, c.sets.v, c.sets.n, err,
	    errlen) == -1)
		goto fail;
	/* Memory first, so that a failure leaves nothing to undo. */
	if (edits_take(&c.dels, &c.sets) == -1) {
		errbuf_set(err, errlen, "out of memory");
		goto fail;
	}
	if (st_commit(s->st, err, errlen) == -1)
		goto out;
	edits_clear(&s->edits);
	s->edits = c.dels;
	memset(&c.dels, 0, sizeof(c.dels));
	s->nstored = s->edits.n;
	s->next_seq += s->edits.n;
	rc = 0;
	goto out;
fail:
	st_rollback(s->st);
out:
	edits_clear(&c.dels);
	edits_clear(&c.sets);
	return rc;
}

/* Described in header. */
int
cfg_session_conflict(struct cfg_session *s, char *err, size_t errlen)
{
	struct st_state	 state;
	sqlite3_stmt	*q;
	uint64_t	 base;
	int		 rc;

	if (st_begin(s->st, 0, err, errlen) == -1)
		return -1;
	if (st_state_get(s->st, &state, err, errlen) == -1 ||
	    (q = st_stmt(s->st, Q_SESS_GET, err, errlen)) == NULL)
		goto fail;
	sqlite3_bind_int64(q, 1, (int64_t)s->id);
	rc = sqlite3_step(q);
	base = (uint64_t)sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			errbuf_set(err, errlen, "configuration session %" PRIu64
			    " no longer exists", s->id);
		else
			st_dberr(s->st, err, errlen, "read session");
		goto fail;
	}
	if (st_commit(s->st, err, errlen) == -1)
		return -1;
	return state.generation != base;
fail:
	st_rollback(s->st);
	return -1;
}

/* Described in header. */
int
cfg_session_list(struct cfg_store *st, struct cfg_session_info **out,
    size_t *countp, char *err, size_t errlen)
{
	struct cfg_session_info	*v = NULL, *nv, *i;
	sqlite3_stmt		*q;
	size_t			 n = 0, cap = 0;
	int			 rc;

	*out = NULL;
	*countp = 0;
	if (st_begin(st, 1, err, errlen) == -1)
		return -1;
	if (sess_reap_stale(st, err, errlen) == -1 ||
	    (q = st_stmt(st, Q_SESS_ALL, err, errlen)) == NULL)
		goto fail;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL)
				goto oom;
			v = nv;
		}
		i = &v[n];
		memset(i, 0, sizeof(*i));
		n++;
		i->id = (uint64_t)sqlite3_column_int64(q, 0);
		if ((i->user = st_column_strdup(q, 1)) == NULL ||
		    (i->line = st_column_strdup(q, 2)) == NULL)
			goto oom;
		i->started = sqlite3_column_int64(q, 3);
		i->exclusive = sqlite3_column_int(q, 4);
		i->pid = sqlite3_column_int(q, 5);
		i->base_gen = (uint64_t)sqlite3_column_int64(q, 7);
		i->edits = (size_t)sqlite3_column_int64(q, 8);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		st_dberr(st, err, errlen, "list sessions");
		goto fail;
	}
	if (st_commit(st, err, errlen) == -1)
		goto fail;
	*out = v;
	*countp = n;
	return 0;
oom:
	sqlite3_reset(q);
	errbuf_set(err, errlen, "out of memory");
fail:
	st_rollback(st);
	cfg_session_info_free(v, n);
	return -1;
}

void
cfg_session_info_free(struct cfg_session_info *v, size_t n)
{
	size_t	i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(v[i].user);
		free(v[i].line);
	}
	free(v);
}
