/*
 * Commit (see commit.h): turning a session's candidate into running in
 * one SQLite transaction, with validation (always: the store's own
 * validator), best-effort, replace, check and confirmed ("trial") commits,
 * plus the validation-error list type.
 *
 * The write itself (commit_write) stores only the delta into `running`,
 * so a one-line change to a 10,000-line configuration writes one row, and
 * the same delta, encoded once, is the history record (delta.c).  The
 * trial commit's deadline lives in the `state` row, so whichever process
 * next opens the store after the deadline rolls it back.
 *
 * Nothing is read back that the process already knows: the session's
 * edits come from its own copy in memory (the ones not written yet are
 * never written; the transaction checks that the written ones are still
 * there, and deletes them), and running from the store's copy when no
 * other commit came in between (store_priv.h).
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "common/buf.h"
#include "cfgdb/commit.h"
#include "cfgdb/history.h"
#include "cfgdb/items.h"
#include "cfgdb/store.h"
#include "cfgdb/store_priv.h"
#include "cfgdb/validate.h"

struct cfg_errors {
	struct cfg_error	*v;
	size_t			 n, cap;
};

/* Described in header. */
struct cfg_errors *
cfg_errors_new(void)
{
	return calloc(1, sizeof(struct cfg_errors));
}

void
cfg_errors_clear(struct cfg_errors *e)
{
	size_t	i;

	for (i = 0; i < e->n; i++) {
		free((char *)(uintptr_t)e->v[i].key);
		free((char *)(uintptr_t)e->v[i].msg);
	}
	e->n = 0;
}

void
cfg_errors_free(struct cfg_errors *e)
{
	if (e == NULL)
		return;
	cfg_errors_clear(e);
	free(e->v);
	free(e);
}

static int
errors_push(struct cfg_errors *e, const char *key, char *msg)
{
	struct cfg_error	*v;
	char			*k;
	size_t			 cap;

	if (e->n == e->cap) {
		cap = e->cap ? e->cap * 2 : 16;
		if ((v = realloc(e->v, cap * sizeof(*v))) == NULL)
			return -1;
		e->v = v;
		e->cap = cap;
	}
	if ((k = strdup(key ? key : "")) == NULL)
		return -1;
	e->v[e->n].key = k;
	e->v[e->n].msg = msg;
	e->n++;
	return 0;
}

int
cfg_errors_add(struct cfg_errors *e, const char *key, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;
	int	 n;

	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if (errors_push(e, key, msg) == -1) {
		free(msg);
		return -1;
	}
	return 0;
}

size_t
cfg_errors_count(const struct cfg_errors *e)
{
	return e ? e->n : 0;
}

const struct cfg_error *
cfg_errors_get(const struct cfg_errors *e, size_t i)
{
	return e && i < e->n ? &e->v[i] : NULL;
}

int
cfg_errors_append(struct cfg_errors *dst, const struct cfg_errors *src)
{
	size_t	i;

	for (i = 0; i < src->n; i++)
		if (cfg_errors_add(dst, src->v[i].key, "%s", src->v[i].msg) ==
		    -1)
			return -1;
	return 0;
}

/* Writing running: the two statements, fetched once for every row. */
struct write_ctx {
	sqlite3_stmt	*put, *del;
};

static int
write_cb(void *arg, const char *key, const char *o, const char *n)
{
	struct write_ctx	*w = arg;
	sqlite3_stmt		*q = n ? w->put : w->del;
	int			 rc;

	(void)o;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	if (n)
		sqlite3_bind_text(q, 2, n, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void
bind_opt_text(sqlite3_stmt *q, int col, const char *s)
{
	if (s)
		sqlite3_bind_text(q, col, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, col);
}

/* Described in store_priv.h. */
uint64_t
commit_write(struct cfg_store *st, struct st_state *state,
    const struct cfg_items *old, const struct cfg_items *new,
    const struct commit_meta *m, struct delta_counts *counts, char *err,
    size_t errlen)
{
	struct buf	 blob = { 0 };
	struct write_ctx w;
	sqlite3_stmt	*q;
	uint64_t	 id = state->next_id, gen = state->generation + 1;
	char		 sum[ST_RUNSUM_LEN + 1];
	int		 rc;

	if (delta_encode(old, new, &blob, counts) == -1) {
		errbuf_set(err, errlen, "out of memory");
		goto fail;
	}
	if ((w.put = st_stmt(st, Q_RUNNING_PUT, err, errlen)) == NULL ||
	    (w.del = st_stmt(st, Q_RUNNING_DEL, err, errlen)) == NULL)
		goto fail;
	if (cfg_items_diff(old, new, write_cb, &w) != 0) {
		st_dberr(st, err, errlen, "write running");
		goto fail;
	}
	if ((q = st_stmt(st, Q_STATE_SET_COMMIT, err, errlen)) == NULL)
		goto fail;
	if (st_running_sum(st->db_id, new, sum) == -1) {
		errbuf_set(err, errlen, "out of memory");
		goto fail;
	}
	sqlite3_bind_int64(q, 1, (int64_t)gen);
	sqlite3_bind_int64(q, 2, (int64_t)(id + 1));
	sqlite3_bind_text(q, 3, sum, -1, SQLITE_TRANSIENT);
	if (st_run(st, q, "write state", err, errlen) == -1)
		goto fail;
	if ((q = st_stmt(st, Q_HIST_INS, err, errlen)) == NULL)
		goto fail;
	sqlite3_bind_int64(q, 1, (int64_t)id);
	sqlite3_bind_int64(q, 2, (int64_t)gen);
	sqlite3_bind_text(q, 3, m->user ? m->user : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, m->line ? m->line : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, m->client ? m->client : CFG_CLIENT_CLI, -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, st_now(st));
	bind_opt_text(q, 7, m->label);
	bind_opt_text(q, 8, m->comment);
	sqlite3_bind_int64(q, 9, (int64_t)(counts->added + counts->changed +
	    counts->removed));
	sqlite3_bind_blob64(q, 10, blob.data, blob.len, SQLITE_STATIC);
	rc = st_run(st, q, "write history", err, errlen);
	/* The blob is bound in place and freed below. */
	sqlite3_clear_bindings(q);
	if (rc == -1)
		goto fail;
	state->generation = gen;
	state->next_id = id + 1;
	if (hist_prune(st, state, err, errlen) == -1)
		goto fail;
	buf_free(&blob);
	return id;
fail:
	buf_free(&blob);
	return 0;
}

static int
set_trial(struct cfg_store *st, uint64_t first, uint64_t last,
    int64_t deadline, char *err, size_t errlen)
{
	sqlite3_stmt	*q;

	if ((q = st_stmt(st, Q_STATE_SET_TRIAL, err, errlen)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, (int64_t)first);
	sqlite3_bind_int64(q, 2, (int64_t)last);
	sqlite3_bind_int64(q, 3, deadline);
	return st_run(st, q, "write state", err, errlen);
}

/* Described in header. */
int
cfg_commit_trial(struct cfg_store *st, struct cfg_trial *out, char *err,
    size_t errlen)
{
	struct st_state	s;

	if (st_state_get(st, &s, err, errlen) == -1)
		return -1;
	if (s.trial_first == 0)
		return 0;
	out->first_id = s.trial_first;
	out->last_id = s.trial_last;
	out->deadline = s.trial_deadline;
	return 1;
}

/* Described in header. */
int
cfg_commit_confirm_expire(struct cfg_store *st, int64_t now, uint64_t *idp,
    char *err, size_t errlen)
{
	struct cfg_items	*old = NULL, *target = NULL;
	struct cfg_commit_info	 info;
	struct commit_meta	 m;
	struct delta_counts	 counts;
	struct st_state		 s;
	uint64_t		 id = 0;
	int			 rc = -1;

	memset(&info, 0, sizeof(info));
	/* The common case, nothing pending, costs one read. */
	if (st_state_get(st, &s, err, errlen) == -1)
		return -1;
	if (s.trial_first == 0 || s.trial_deadline > now)
		return 0;
	if (st_begin(st, 1, err, errlen) == -1)
		return -1;
	/* Another process may have done it while we waited for the lock. */
	if (st_state_get(st, &s, err, errlen) == -1)
		goto fail;
	if (s.trial_first == 0 || s.trial_deadline > now) {
		rc = 0;
		goto done;
	}
	if ((old = cfg_items_new()) == NULL ||
	    (target = cfg_items_new()) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		goto fail;
	}
	if (st_running_read(st, old, err, errlen) == -1 ||
	    cfg_items_copy(target, old) == -1 ||
	    hist_undo_newer(st, s.trial_first - 1, target, err, errlen) ==
	    -1 ||
	    cfg_history_get(st, s.trial_first, &info, err, errlen) == -1)
		goto fail;
	if (!cfg_items_equal(old, target)) {
		m.user = info.user;
		m.line = info.line;
		m.client = CFG_CLIENT_ROLLBACK;
		m.label = NULL;
		m.comment = "commit confirmed not confirmed in time: rolled"
		    " back";
		if ((id = commit_write(st, &s, old, target, &m, &counts, err,
		    errlen)) == 0)
			goto fail;
	}
	if (set_trial(st, 0, 0, 0, err, errlen) == -1)
		goto fail;
	rc = 1;
done:
	if (st_commit(st, err, errlen) == -1)
		rc = -1;
	else if (rc == 1 && idp)
		*idp = id;
	goto out;
fail:
	st_rollback(st);
out:
	cfg_commit_info_clear(&info);
	cfg_items_free(old);
	cfg_items_free(target);
	return rc;
}

/* Described in header. */
const struct cfg_errors *
cfg_session_failed(const struct cfg_session *s, const struct cfg_items **ip)
{
	static const struct cfg_errors	empty;

	if (ip)
		*ip = s->failed_items;
	return s->failed ? s->failed : &empty;
}

/*
 * Best-effort: marks every edit an error points at (the error's key is
 * the edit's key, above it or below it).  Returns how many it marked.
 */
static size_t
mark_edits(const struct edits *e, const struct cfg_errors *errs,
    unsigned char *skip)
{
	size_t	i, j, n = 0;

	for (i = 0; i < e->n; i++) {
		if (skip[i])
			continue;
		for (j = 0; j < errs->n; j++) {
			if (cfg_key_within(e->v[i].key, errs->v[j].key) ||
			    cfg_key_within(errs->v[j].key, e->v[i].key)) {
				skip[i] = 1;
				n++;
				break;
			}
		}
	}
	return n;
}

/*
 * The store's validator: the grammar's (certificates must be valid at the
 * store's clock), or the one its own tests put in (store_priv.h).  No
 * commit goes without it.
 */
static int
run_validate(struct cfg_store *st, const struct cfg_items *new,
    const struct cfg_items *old, struct cfg_errors *errs)
{
	struct cfg_validate_env	env;

	cfg_errors_clear(errs);
	if (st->validate != NULL)
		return st->validate(st->validate_arg, new, old, errs);
	memset(&env, 0, sizeof(env));
	env.now = st_now(st);
	return cfg_validate(&env, new, old, errs);
}

struct commit_ctx {
	struct cfg_session		*s;
	struct cfg_store		*st;
	const struct cfg_commit_opts	*o;
	struct cfg_commit_result	*res;
	struct st_state			 state;
	/* Both borrowed: running from the store, edits from the session. */
	const struct cfg_items		*old;
	const struct edits		*e;
	struct cfg_items		*new;
	unsigned char			*skip;
	struct cfg_errors		*errs;
};

/*
 * Validates c->new; with best-effort, leaves out the edits in error until
 * what remains validates.  Returns 0 when c->new may be committed, 1 when
 * it may not (status set), -1 on failure.
 */
static int
commit_validate(struct commit_ctx *c, char *err, size_t errlen)
{
	int	replace = c->o->flags & CFG_COMMIT_REPLACE;
	size_t	i, round;

	for (round = 0; round <= c->e->n; round++) {
		if (run_validate(c->st, c->new, c->old, c->errs) == -1) {
			errbuf_set(err, errlen, "validation failed to run");
			return -1;
		}
		if (cfg_errors_count(c->errs) == 0) {
			for (i = 0; i < c->e->n; i++)
				c->res->skipped += c->skip[i];
			return 0;
		}
		if (c->s->failed == NULL &&
		    (c->s->failed = cfg_errors_new()) == NULL)
			goto oom;
		if (cfg_errors_append(c->s->failed, c->errs) == -1)
			goto oom;
		if (c->s->failed_items == NULL &&
		    (c->s->failed_items = cfg_items_dup(c->new)) == NULL)
			goto oom;
		if (!(c->o->flags & CFG_COMMIT_BEST_EFFORT) ||
		    mark_edits(c->e, c->errs, c->skip) == 0)
			break;
		if (edits_apply(replace ? NULL : c->old, c->e, c->skip,
		    c->new) == -1)
			goto oom;
		if (cfg_items_equal(c->old, c->new))
			break;
	}
	c->res->status = CFG_COMMIT_INVALID;
	for (i = 0; i < c->e->n; i++)
		c->res->skipped += c->skip[i];
	errbuf_set(err, errlen, "%zu configuration error%s",
	    cfg_errors_count(c->s->failed),
	    cfg_errors_count(c->s->failed) == 1 ? "" : "s");
	return 1;
oom:
	errbuf_set(err, errlen, "out of memory");
	return -1;
}

static int
session_row_exists(struct cfg_store *st, uint64_t id, char *err,
    size_t errlen)
{
	return st_row_exists(st, Q_SESS_GET, id, "read session", err, errlen,
	    "configuration session %" PRIu64 " no longer exists", id);
}

static int
set_base(struct cfg_store *st, uint64_t session, uint64_t gen, char *err,
    size_t errlen)
{
	sqlite3_stmt	*q;

	if ((q = st_stmt(st, Q_SESS_SET_BASE, err, errlen)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, (int64_t)session);
	sqlite3_bind_int64(q, 2, (int64_t)gen);
	return st_run(st, q, "write session", err, errlen);
}

/* Inside the transaction: everything after the candidate is built. */
static int
commit_txn(struct commit_ctx *c, char *err, size_t errlen)
{
	const struct cfg_commit_opts	*o = c->o;
	struct cfg_commit_result	*res = c->res;
	struct commit_meta		 m;
	struct delta_counts		 counts;
	int				 plain, rc;
	uint64_t			 id;

	plain = !(o->flags & CFG_COMMIT_CHECK) && o->confirm_secs == 0;
	if (cfg_items_equal(c->old, c->new)) {
		if (o->flags & CFG_COMMIT_CHECK) {
			res->status = CFG_COMMIT_NOCHANGE;
			return 0;
		}
		res->status = CFG_COMMIT_NOCHANGE;
		if (c->state.trial_first && plain) {
			if (set_trial(c->st, 0, 0, 0, err, errlen) == -1)
				return -1;
			res->status = CFG_COMMIT_CONFIRMED;
			res->confirmed = 1;
		}
		/* The edits changed nothing: drop them. */
		return c->s->nstored ? sess_edits_clear(c->st, c->s->id, err,
		    errlen) : 0;
	}
	if ((rc = commit_validate(c, err, errlen)) != 0)
		return rc;
	if (o->flags & CFG_COMMIT_CHECK) {
		res->status = CFG_COMMIT_CHECKED;
		return 0;
	}
	/*
	 * The edits go first: with secure_delete every page they free is
	 * overwritten, and running and the history record then reuse those
	 * pages, so the transaction writes each page once.  Edits not
	 * written yet never are.
	 */
	if (c->s->nstored && sess_edits_clear(c->st, c->s->id, err,
	    errlen) == -1)
		return -1;
	m.user = c->s->user;
	m.line = c->s->line;
	m.client = o->client;
	m.label = o->label;
	m.comment = o->comment;
	id = commit_write(c->st, &c->state, c->old, c->new, &m, &counts, err,
	    errlen);
	if (id == 0)
		return -1;
	if (o->confirm_secs) {
		res->deadline = st_now(c->st) + o->confirm_secs;
		if (set_trial(c->st, c->state.trial_first ?
		    c->state.trial_first : id, id, res->deadline, err,
		    errlen) == -1)
			return -1;
	} else if (c->state.trial_first) {
		if (set_trial(c->st, 0, 0, 0, err, errlen) == -1)
			return -1;
		res->confirmed = 1;
	}
	if (set_base(c->st, c->s->id, c->state.generation, err, errlen) == -1)
		return -1;
	res->status = CFG_COMMIT_DONE;
	res->id = id;
	res->added = counts.added;
	res->changed = counts.changed;
	res->removed = counts.removed;
	return 0;
}

/* Described in header. */
int
cfg_commit(struct cfg_session *s, const struct cfg_commit_opts *opts,
    struct cfg_commit_result *res, char *err, size_t errlen)
{
	static const struct cfg_commit_opts	 plain;
	struct commit_ctx			 c;
	int					 rc, ret = -1;

	memset(res, 0, sizeof(*res));
	memset(&c, 0, sizeof(c));
	res->status = CFG_COMMIT_ERROR;
	c.s = s;
	c.st = s->st;
	c.o = opts ? opts : &plain;
	c.res = res;

	cfg_errors_free(s->failed);
	s->failed = NULL;
	cfg_items_free(s->failed_items);
	s->failed_items = NULL;
	if ((rc = cfg_commit_confirm_expire(c.st, st_now(c.st), NULL, err,
	    errlen)) == -1)
		return -1;
	res->expired = rc;
	if ((c.new = cfg_items_new()) == NULL ||
	    (c.errs = cfg_errors_new()) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		goto out;
	}
	if (st_begin(c.st, 1, err, errlen) == -1)
		goto out;
	/* A dead shell's exclusive lock must not outlive it. */
	if (sess_reap_stale(c.st, err, errlen) == -1 ||
	    session_row_exists(c.st, s->id, err, errlen) != 1)
		goto fail;
	if ((rc = sess_exclusive_holder(c.st, s->id, err, errlen, err,
	    errlen)) != 0) {
		if (rc == 1)
			res->status = CFG_COMMIT_LOCKED;
		goto fail;
	}
	/*
	 * The session's edits are its own copy in memory, unwritten ones
	 * included; the database must still hold the written ones.
	 */
	c.e = &s->edits;
	if (sess_edits_verify(s, err, errlen) == -1 ||
	    st_state_get(c.st, &c.state, err, errlen) == -1 ||
	    (c.old = st_running_get(c.st, c.state.generation, err,
	    errlen)) == NULL)
		goto fail;
	if ((c.skip = calloc(c.e->n + 1, 1)) == NULL ||
	    edits_apply((c.o->flags & CFG_COMMIT_REPLACE) ? NULL : c.old,
	    c.e, NULL, c.new) == -1) {
		errbuf_set(err, errlen, "out of memory");
		goto fail;
	}
	if (commit_txn(&c, err, errlen) != 0)
		goto fail;
	if (c.o->flags & CFG_COMMIT_CHECK) {
		/* commit check writes nothing. */
		st_rollback(c.st);
	} else {
		if (st_commit(c.st, err, errlen) == -1) {
			res->status = CFG_COMMIT_ERROR;
			goto out;
		}
		/* Committed or dropped: the transaction deleted them. */
		sess_edits_forget(s);
		/* The new running is known: no need to read it back. */
		if (res->status == CFG_COMMIT_DONE) {
			st_running_keep(c.st, c.new, c.state.generation);
			c.new = NULL;
		}
	}
	res->generation = c.state.generation;
	ret = 0;
	goto out;
fail:
	st_rollback(c.st);
	if (res->status != CFG_COMMIT_INVALID &&
	    res->status != CFG_COMMIT_LOCKED)
		res->status = CFG_COMMIT_ERROR;
out:
	if (res->status != CFG_COMMIT_DONE) {
		res->id = 0;
		res->added = res->changed = res->removed = 0;
	}
	/*
	 * A check or a refused candidate stays the session's: its buffered
	 * edits are written now, as before any commit.  Failing that they
	 * stay buffered for the next batch; the outcome above stands.  (Not
	 * after an error: the database may be locked or failing.)
	 */
	if ((res->status == CFG_COMMIT_CHECKED ||
	    res->status == CFG_COMMIT_INVALID) && s->nstored < s->edits.n)
		(void)cfg_session_flush(s, NULL, 0);
	free(c.skip);
	cfg_errors_free(c.errs);
	cfg_items_free(c.new);
	return ret;
}
