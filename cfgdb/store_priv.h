/*
 * Internals shared by the store's source files (store.c, session.c,
 * delta.c, commit.c, history.c).  Not for use outside cfgdb/ except by
 * the store's own tests and fuzz target.
 */
#ifndef CFGDB_STORE_PRIV_H
#define CFGDB_STORE_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "common/buf.h"
#include "common/errbuf.h"
#include "cfgdb/commit.h"
#include "cfgdb/items.h"
#include "cfgdb/store.h"

/* Every SQL statement the store runs more than once, prepared once. */
enum st_stmt {
	Q_STATE_GET,
	Q_STATE_SET_COMMIT,
	Q_STATE_SET_TRIAL,
	Q_STATE_SUM,
	Q_RUNNING_ALL,
	Q_RUNNING_PUT,
	Q_RUNNING_DEL,
	Q_EDIT_INS,
	Q_EDITS_DEL,
	Q_EDITS_OTHER,
	Q_EDITS_TRUNCATE,
	Q_EDITS_SPAN,
	Q_SESS_INS,
	Q_SESS_DEL,
	Q_SESS_ALL,
	Q_SESS_GET,
	Q_SESS_SET_BASE,
	Q_SESS_PIDS,
	Q_SESS_EXCL,
	Q_HIST_INS,
	Q_HIST_PRUNE,
	Q_HIST_LIST,
	Q_HIST_GET,
	Q_HIST_NEWER,
	Q_HIST_COUNT,
	Q_HIST_NTH,
	Q_HIST_NTH_OLDEST,
	Q_HIST_DEL_UPTO,
	Q_MAX
};

struct cfg_store {
	sqlite3		*db;
	char		*path;
	int64_t		(*now)(void *);
	void		*now_arg;
	sqlite3_stmt	*stmt[Q_MAX];
	/*
	 * Running as of generation run_gen (NULL: not known).  Only a commit
	 * changes running, and every commit bumps the generation in the same
	 * transaction, so the copy is good while the generation stays.
	 */
	struct cfg_items *run;
	uint64_t	 run_gen;
	/* The database's random name (table ident), read at open. */
	char		 db_id[40];
	/* The validator every commit runs (NULL: the grammar's). */
	cfg_validate_fn	*validate;
	void		*validate_arg;
};

/* Edit operations, as stored in edits.op. */
#define EDIT_SET	1
#define EDIT_DELETE	2

struct edit {
	int	 op;
	char	*key;		/* both in the list's string blocks */
	char	*value;		/* EDIT_SET only */
};

/*
 * An ordered edit list.  Its strings live in a chain of large blocks, the
 * newest first, so a batch of tens of thousands of edits costs a few
 * allocations, and clearing it wipes and frees a few blocks.
 */
struct edit_blk;
struct edits {
	struct edit	*v;
	size_t		 n, cap;
	struct edit_blk	*blk;
};

struct cfg_session {
	struct cfg_store	*st;
	uint64_t		 id;
	char			*user;
	char			*line;
	int			 exclusive;
	/*
	 * Every edit of the candidate, in order: the store's own copy, so
	 * that a commit or a candidate read need not read them back.  The
	 * first nstored are in the database, with seq numbers next_seq -
	 * nstored .. next_seq - 1; the rest are not written yet.
	 */
	struct edits		 edits;
	size_t			 nstored;
	uint64_t		 next_seq;
	struct cfg_errors	*failed;
	struct cfg_items	*failed_items;
};

/* The one-row state table. */
struct st_state {
	uint64_t	generation;
	uint64_t	next_id;
	uint64_t	trial_first;	/* 0: no trial pending */
	uint64_t	trial_last;
	int64_t		trial_deadline;
};

/* runsum.c: the SHA-256 of a configuration (the database's name, then
 * every key and value in key order) as lowercase hex into out
 * (ST_RUNSUM_LEN + 1 octets); -1 when the digest cannot be made. */
#define ST_RUNSUM_LEN	64
int	 st_running_sum(const char *db_id, const struct cfg_items *,
	    char *out);

/* store.c */
void	 st_dberr(struct cfg_store *, char *err, size_t errlen,
	    const char *what);
sqlite3_stmt *st_stmt(struct cfg_store *, enum st_stmt, char *err,
	    size_t errlen);
int	 st_exec(struct cfg_store *, const char *sql, char *err,
	    size_t errlen);
/*
 * Runs q, a prepared statement that returns no rows, once, and resets it
 * for the next use (its bindings stay).  On failure fills err as st_dberr
 * does, with what, and returns -1.
 */
int	 st_run(struct cfg_store *, sqlite3_stmt *q, const char *what,
	    char *err, size_t errlen);
/*
 * Whether the row that statement which (one integer parameter, id) looks
 * up exists: 1 when it does; 0 when not, with the message missing
 * (formatted with the arguments after it) in err; -1 on a database error,
 * err saying what failed.
 */
int	 st_row_exists(struct cfg_store *, enum st_stmt which, uint64_t id,
	    const char *what, char *err, size_t errlen, const char *missing,
	    ...) __attribute__((format(printf, 7, 8)));
int	 st_begin(struct cfg_store *, int immediate, char *err,
	    size_t errlen);
int	 st_commit(struct cfg_store *, char *err, size_t errlen);
void	 st_rollback(struct cfg_store *);
int	 st_state_get(struct cfg_store *, struct st_state *, char *err,
	    size_t errlen);
int	 st_running_read(struct cfg_store *, struct cfg_items *, char *err,
	    size_t errlen);
/*
 * Running at generation gen, which the caller read in the same
 * transaction: the store's copy when it is of that generation, else read
 * (and kept).  Borrowed until the next call that may replace the copy
 * (st_running_get, st_running_keep, cfg_store_close).  NULL on error.
 */
const struct cfg_items *st_running_get(struct cfg_store *, uint64_t gen,
	    char *err, size_t errlen);
/*
 * After the transaction that made items running at generation gen
 * committed: the store keeps them as its copy (adopted).
 */
void	 st_running_keep(struct cfg_store *, struct cfg_items *,
	    uint64_t gen);
int64_t	 st_now(struct cfg_store *);
/*
 * Replaces the validator the store's commits run, the grammar's
 * cfg_validate (validate.h) at the store's clock, by fn(arg, ...); NULL
 * puts the grammar's back.  For the store's own tests, whose toy items
 * are not the grammar's: commits still validate, with their toy rules.
 */
void	 st_set_validator(struct cfg_store *, cfg_validate_fn *fn, void *arg);
char	*st_column_strdup(sqlite3_stmt *, int col);

/* session.c */
int	 sess_reap_stale(struct cfg_store *, char *err, size_t errlen);
/*
 * Checks that the database holds exactly the session's written edits
 * (s->edits[0..nstored)), so its in-memory copy may stand for them: 0,
 * or -1 with err.  Two index lookups.  In a transaction.
 */
int	 sess_edits_verify(struct cfg_session *, char *err, size_t errlen);
/* Deletes the session's edits from the database.  In a transaction. */
int	 sess_edits_clear(struct cfg_store *, uint64_t session, char *err,
	    size_t errlen);
/*
 * After the transaction that deleted the session's edits committed: the
 * in-memory copy goes too.
 */
void	 sess_edits_forget(struct cfg_session *);
/* The exclusive session other than self (0: none): 1 with a message
 * naming it in msg, 0 when none, -1 on error.  In a transaction. */
int	 sess_exclusive_holder(struct cfg_store *, uint64_t self, char *msg,
	    size_t msglen, char *err, size_t errlen);

/* delta.c: pure functions over item sets and edit lists. */
void	 edits_clear(struct edits *);
int	 edits_add(struct edits *, int op, const char *key,
	    const char *value);
/* Moves every edit of src to the end of dst; src is left empty.  0 or -1
 * (out of memory: both unchanged). */
int	 edits_take(struct edits *dst, struct edits *src);
/*
 * out := base (NULL: empty) with the edits applied in order, leaving out
 * the edits whose skip[i] is set (skip may be NULL).  O(n + m * depth).
 */
int	 edits_apply(const struct cfg_items *base, const struct edits *,
	    const unsigned char *skip, struct cfg_items *out);
/*
 * A commit's changes as a blob: per change, in strictly increasing key
 * order, flags (1 = old value present, 2 = new value present, at least
 * one), the key (front-coded against the one before), and each value
 * present.  No string may hold a NUL.  delta.c has the byte layouts: the
 * encoder writes layout 2, the decoder reads layouts 1 and 2.
 */
struct delta_counts {
	size_t	added, changed, removed;
};
int	 delta_encode(const struct cfg_items *old, const struct cfg_items *new,
	    struct buf *out, struct delta_counts *);
/*
 * Decodes a blob, calling cb(arg, key, old, new) per change (strings
 * borrowed for the call).  Returns 0, -1 on a malformed blob, or the
 * callback's non-zero value.
 */
int	 delta_decode(const uint8_t *p, size_t len,
	    int (*cb)(void *, const char *, const char *, const char *),
	    void *arg);
/* Undoes a decoded blob on cfg: each key gets its old value back. */
int	 delta_undo(struct cfg_items *cfg, const uint8_t *p, size_t len);

/* history.c */
/* Undoes on cfg (running) every commit newer than after_id, newest first. */
int	 hist_undo_newer(struct cfg_store *, uint64_t after_id,
	    struct cfg_items *cfg, char *err, size_t errlen);
/* Prunes beyond CFG_HISTORY_KEEP, sparing a pending trial's records. */
int	 hist_prune(struct cfg_store *, const struct st_state *, char *err,
	    size_t errlen);

/* commit.c */
struct commit_meta {
	const char	*user;
	const char	*line;
	const char	*client;
	const char	*label;
	const char	*comment;
};
/*
 * Writes new as running (the delta against old), bumps the generation,
 * appends the history record and prunes.  In a write transaction; *state
 * is updated.  Returns the new commit ID, or 0 on error.
 */
uint64_t commit_write(struct cfg_store *, struct st_state *,
	    const struct cfg_items *old, const struct cfg_items *new,
	    const struct commit_meta *, struct delta_counts *, char *err,
	    size_t errlen);

#endif
