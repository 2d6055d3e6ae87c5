/*
 * Commit history (see history.h): listing records, rebuilding the
 * configuration as of a commit by undoing newer commits' changes on
 * running, the before/after pairs the renderer diffs, rollback targets,
 * and trimming the oldest records.
 *
 * Every read that combines running with history runs in one read
 * transaction, so a commit by another process cannot slip between them.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "cfgdb/commit.h"
#include "cfgdb/history.h"
#include "cfgdb/items.h"
#include "cfgdb/store.h"
#include "cfgdb/store_priv.h"

/* Described in store_priv.h. */
int
hist_prune(struct cfg_store *st, const struct st_state *s, char *err,
    size_t errlen)
{
	sqlite3_stmt	*q;
	uint64_t	 newest = s->next_id - 1, cutoff;

	if (newest < CFG_COMMIT_FIRST_ID + CFG_HISTORY_KEEP)
		return 0;
	cutoff = newest - CFG_HISTORY_KEEP + 1;
	/* A pending trial commit needs its records to roll back. */
	if (s->trial_first && s->trial_first < cutoff)
		cutoff = s->trial_first;
	if ((q = st_stmt(st, Q_HIST_PRUNE, err, errlen)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, (int64_t)cutoff);
	return st_run(st, q, "prune history", err, errlen);
}

/* Described in store_priv.h. */
int
hist_undo_newer(struct cfg_store *st, uint64_t after_id,
    struct cfg_items *cfg, char *err, size_t errlen)
{
	sqlite3_stmt	*q;
	const void	*blob;
	int		 rc;

	if ((q = st_stmt(st, Q_HIST_NEWER, err, errlen)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, (int64_t)after_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		blob = sqlite3_column_blob(q, 1);
		if (delta_undo(cfg, blob, (size_t)sqlite3_column_bytes(q,
		    1)) == -1) {
			errbuf_set(err, errlen, "history record %" PRId64 " is"
			    " damaged", (int64_t)sqlite3_column_int64(q, 0));
			sqlite3_reset(q);
			return -1;
		}
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		st_dberr(st, err, errlen, "read history");
		return -1;
	}
	return 0;
}

static int
info_read(sqlite3_stmt *q, struct cfg_commit_info *i)
{
	memset(i, 0, sizeof(*i));
	i->id = (uint64_t)sqlite3_column_int64(q, 0);
	i->generation = (uint64_t)sqlite3_column_int64(q, 1);
	i->time = sqlite3_column_int64(q, 5);
	i->nchanges = (size_t)sqlite3_column_int64(q, 8);
	if ((i->user = st_column_strdup(q, 2)) == NULL ||
	    (i->line = st_column_strdup(q, 3)) == NULL ||
	    (i->client = st_column_strdup(q, 4)) == NULL)
		return -1;
	if (sqlite3_column_type(q, 6) != SQLITE_NULL &&
	    (i->label = st_column_strdup(q, 6)) == NULL)
		return -1;
	if (sqlite3_column_type(q, 7) != SQLITE_NULL &&
	    (i->comment = st_column_strdup(q, 7)) == NULL)
		return -1;
	return 0;
}

/* Described in header. */
void
cfg_commit_info_clear(struct cfg_commit_info *i)
{
	free(i->user);
	free(i->line);
	free(i->client);
	free(i->label);
	free(i->comment);
	memset(i, 0, sizeof(*i));
}

void
cfg_history_list_free(struct cfg_commit_info *v, size_t n)
{
	size_t	i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		cfg_commit_info_clear(&v[i]);
	free(v);
}

/* Described in header. */
int
cfg_history_list(struct cfg_store *st, size_t max,
    struct cfg_commit_info **out, size_t *countp, char *err, size_t errlen)
{
	struct cfg_commit_info	*v = NULL, *nv;
	sqlite3_stmt		*q;
	size_t			 n = 0, cap = 0;
	int			 rc;

	*out = NULL;
	*countp = 0;
	if ((q = st_stmt(st, Q_HIST_LIST, err, errlen)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, max ? (int64_t)max : -1);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL)
				goto oom;
			v = nv;
		}
		if (info_read(q, &v[n++]) == -1)
			goto oom;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		st_dberr(st, err, errlen, "read history");
		cfg_history_list_free(v, n);
		return -1;
	}
	*out = v;
	*countp = n;
	return 0;
oom:
	sqlite3_reset(q);
	cfg_history_list_free(v, n);
	errbuf_set(err, errlen, "out of memory");
	return -1;
}

/* Described in header. */
int
cfg_history_get(struct cfg_store *st, uint64_t id,
    struct cfg_commit_info *out, char *err, size_t errlen)
{
	sqlite3_stmt	*q;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if ((q = st_stmt(st, Q_HIST_GET, err, errlen)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, (int64_t)id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		rc = info_read(q, out);
		sqlite3_reset(q);
		if (rc == -1) {
			cfg_commit_info_clear(out);
			errbuf_set(err, errlen, "out of memory");
		}
		return rc;
	}
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		errbuf_set(err, errlen, "No such commit ID %" PRIu64, id);
	else
		st_dberr(st, err, errlen, "read history");
	return -1;
}

/* 1 when commit id is kept, 0 (err says) when not, -1 on error. */
static int
hist_has(struct cfg_store *st, uint64_t id, char *err, size_t errlen)
{
	return st_row_exists(st, Q_HIST_GET, id, "read history", err, errlen,
	    "No such commit ID %" PRIu64, id);
}

/* The id of the n-th newest (n >= 1) record, or 0 (err says). */
static uint64_t
hist_nth(struct cfg_store *st, size_t n, char *err, size_t errlen)
{
	sqlite3_stmt	*q;
	uint64_t	 id = 0;
	int		 rc;

	if (n == 0) {
		errbuf_set(err, errlen, "the number of commits must be at"
		    " least 1");
		return 0;
	}
	if ((q = st_stmt(st, Q_HIST_NTH, err, errlen)) == NULL)
		return 0;
	sqlite3_bind_int64(q, 1, (int64_t)(n - 1));
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		id = (uint64_t)sqlite3_column_int64(q, 0);
	else if (rc == SQLITE_DONE)
		errbuf_set(err, errlen, "the history holds fewer than %zu"
		    " commits", n);
	else
		st_dberr(st, err, errlen, "read history");
	sqlite3_reset(q);
	return id;
}

/*
 * The heart of every history read: running with the commits newer than
 * after_id undone, into out; when at is not 0, also the configuration
 * right after commit `at` (> after_id) into at_out on the way down.
 * In a read transaction.
 */
static int
rebuild(struct cfg_store *st, uint64_t after_id, uint64_t at,
    struct cfg_items *at_out, struct cfg_items *out, char *err,
    size_t errlen)
{
	sqlite3_stmt	*q;
	uint64_t	 id;
	int		 rc;

	if (st_running_read(st, out, err, errlen) == -1)
		return -1;
	if (at == 0)
		return hist_undo_newer(st, after_id, out, err, errlen);
	if ((q = st_stmt(st, Q_HIST_NEWER, err, errlen)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, (int64_t)after_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		id = (uint64_t)sqlite3_column_int64(q, 0);
		if (id == at && cfg_items_copy(at_out, out) == -1) {
			errbuf_set(err, errlen, "out of memory");
			sqlite3_reset(q);
			return -1;
		}
		if (delta_undo(out, sqlite3_column_blob(q, 1),
		    (size_t)sqlite3_column_bytes(q, 1)) == -1) {
			errbuf_set(err, errlen, "history record %" PRIu64 " is"
			    " damaged", id);
			sqlite3_reset(q);
			return -1;
		}
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		st_dberr(st, err, errlen, "read history");
		return -1;
	}
	return 0;
}

/* Described in header. */
int
cfg_history_config_at(struct cfg_store *st, uint64_t id,
    struct cfg_items *out, char *err, size_t errlen)
{
	if (st_begin(st, 0, err, errlen) == -1)
		return -1;
	if (hist_has(st, id, err, errlen) != 1 ||
	    rebuild(st, id, 0, NULL, out, err, errlen) == -1) {
		st_rollback(st);
		return -1;
	}
	return st_commit(st, err, errlen);
}

/* Described in header. */
int
cfg_history_changes(struct cfg_store *st, uint64_t id,
    struct cfg_items *before, struct cfg_items *after, char *err,
    size_t errlen)
{
	if (st_begin(st, 0, err, errlen) == -1)
		return -1;
	if (hist_has(st, id, err, errlen) != 1 ||
	    rebuild(st, id - 1, id, after, before, err, errlen) == -1) {
		st_rollback(st);
		return -1;
	}
	return st_commit(st, err, errlen);
}

/* Described in header. */
int
cfg_history_changes_last(struct cfg_store *st, size_t n,
    struct cfg_items *before, struct cfg_items *after, char *err,
    size_t errlen)
{
	uint64_t	id;

	if (st_begin(st, 0, err, errlen) == -1)
		return -1;
	if ((id = hist_nth(st, n, err, errlen)) == 0 ||
	    st_running_read(st, after, err, errlen) == -1 ||
	    rebuild(st, id - 1, 0, NULL, before, err, errlen) == -1) {
		st_rollback(st);
		return -1;
	}
	return st_commit(st, err, errlen);
}

/* Described in header. */
int
cfg_history_rollback_target(struct cfg_store *st,
    enum cfg_rollback_kind kind, uint64_t arg, struct cfg_items *out,
    char *err, size_t errlen)
{
	uint64_t	after;

	if (st_begin(st, 0, err, errlen) == -1)
		return -1;
	switch (kind) {
	case CFG_ROLLBACK_LAST:
		if (arg > SIZE_MAX || (after = hist_nth(st, (size_t)arg, err,
		    errlen)) == 0)
			goto fail;
		after--;
		break;
	case CFG_ROLLBACK_TO:
		if (hist_has(st, arg, err, errlen) != 1)
			goto fail;
		after = arg;
		break;
	case CFG_ROLLBACK_BEFORE:
		if (hist_has(st, arg, err, errlen) != 1)
			goto fail;
		after = arg - 1;
		break;
	default:
		errbuf_set(err, errlen, "unknown rollback kind");
		goto fail;
	}
	if (rebuild(st, after, 0, NULL, out, err, errlen) == -1)
		goto fail;
	return st_commit(st, err, errlen);
fail:
	st_rollback(st);
	return -1;
}

/* Described in header. */
int
cfg_history_rollback_load(struct cfg_session *s, enum cfg_rollback_kind kind,
    uint64_t arg, char *err, size_t errlen)
{
	struct cfg_items	*target;
	int			 rc = -1;

	if ((target = cfg_items_new()) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return -1;
	}
	if (cfg_history_rollback_target(s->st, kind, arg, target, err,
	    errlen) == 0)
		rc = cfg_session_load(s, target, err, errlen);
	cfg_items_free(target);
	return rc;
}

/* Described in header. */
int
cfg_history_clear_oldest(struct cfg_store *st, size_t n, size_t *removedp,
    char *err, size_t errlen)
{
	struct st_state	 s;
	sqlite3_stmt	*q;
	uint64_t	 upto = 0;
	size_t		 kept = 0;

	*removedp = 0;
	if (n == 0)
		return 0;
	if (st_begin(st, 1, err, errlen) == -1)
		return -1;
	if (st_state_get(st, &s, err, errlen) == -1 ||
	    (q = st_stmt(st, Q_HIST_COUNT, err, errlen)) == NULL)
		goto fail;
	if (sqlite3_step(q) == SQLITE_ROW)
		kept = (size_t)sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (kept == 0)
		return st_commit(st, err, errlen);
	if (n > kept)
		n = kept;
	if ((q = st_stmt(st, Q_HIST_NTH_OLDEST, err, errlen)) == NULL)
		goto fail;
	sqlite3_bind_int64(q, 1, (int64_t)(n - 1));
	if (sqlite3_step(q) == SQLITE_ROW)
		upto = (uint64_t)sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (upto == 0) {
		st_dberr(st, err, errlen, "read history");
		goto fail;
	}
	if (s.trial_first && upto >= s.trial_first) {
		errbuf_set(err, errlen, "commit %" PRIu64 " awaits confirmation"
		    " (commit confirmed): cannot clear it or newer commits"
		    " until it is confirmed or rolled back", s.trial_first);
		goto fail;
	}
	if ((q = st_stmt(st, Q_HIST_DEL_UPTO, err, errlen)) == NULL)
		goto fail;
	sqlite3_bind_int64(q, 1, (int64_t)upto);
	if (st_run(st, q, "clear history", err, errlen) == -1)
		goto fail;
	*removedp = (size_t)sqlite3_changes(st->db);
	return st_commit(st, err, errlen);
fail:
	st_rollback(st);
	return -1;
}
