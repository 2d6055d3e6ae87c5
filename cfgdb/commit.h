/*
 * Commit: a session's candidate becomes running, in ONE SQLite
 * transaction (BEGIN IMMEDIATE ... COMMIT), so a process killed at any
 * instant leaves either the old or the new running configuration, with a
 * matching generation and history.  Also the validation-error list the
 * grammar layer fills, and confirmed commits with their deadline.
 *
 * Order of a commit (SPEC section 4):
 *   1. an overdue confirmed commit is rolled back first (its own commit);
 *   2. another session holding `configure exclusive` -> CFG_COMMIT_LOCKED;
 *   3. new = current running + this session's edits (or, with
 *      CFG_COMMIT_REPLACE, nothing + the edits);
 *   4. new == running -> CFG_COMMIT_NOCHANGE (the no-op edits are
 *      dropped), unless it confirms a pending confirmed commit;
 *   5. validation of new against running -> errors; any error ->
 *      CFG_COMMIT_INVALID and nothing changes (best-effort: the edits the
 *      errors point at are left out and the rest is validated again).
 *      The store owns the validator, the grammar's cfg_validate
 *      (validate.h): every commit runs it and no caller can skip it;
 *   6. CFG_COMMIT_CHECK stops here (CFG_COMMIT_CHECKED);
 *   7. running gets the delta, generation + 1, a history record (IDs
 *      from 1000000001 up) with the changes, the session's edits go, the
 *      session's conflict base becomes the new generation; history beyond
 *      CFG_HISTORY_KEEP records is pruned.
 */
#ifndef CFGDB_COMMIT_H
#define CFGDB_COMMIT_H

#include <stddef.h>
#include <stdint.h>

#include "cfgdb/items.h"
#include "cfgdb/store.h"

/*
 * A list of validation errors, each {key, message}.  key is the item at
 * fault in the NEW configuration; for a deletion that breaks something,
 * the deleted key (so best-effort can tell which edit to leave out).
 * The shell prints each with its parents under `show configuration
 * failed`, as "!!% message".
 */
struct cfg_error {
	const char	*key;
	const char	*msg;
};
struct cfg_errors;

struct cfg_errors	*cfg_errors_new(void);
void			 cfg_errors_free(struct cfg_errors *);	/* NULL ok */
void			 cfg_errors_clear(struct cfg_errors *);
/* Adds one error; key and the formatted message are cloned.  0 or -1. */
int			 cfg_errors_add(struct cfg_errors *, const char *key,
			    const char *fmt, ...)
			    __attribute__((format(printf, 3, 4)));
size_t			 cfg_errors_count(const struct cfg_errors *);
/* The i-th error, in the order added (borrowed; valid until the list
 * changes), or NULL past the end. */
const struct cfg_error	*cfg_errors_get(const struct cfg_errors *, size_t i);
/* Appends copies of every error of src.  0 or -1. */
int			 cfg_errors_append(struct cfg_errors *dst,
			    const struct cfg_errors *src);

/*
 * A validator: a pure function of the grammar layer (cfg_validate in
 * validate.h is the store's).  It looks at the configuration about to
 * become running (new) and the current running (old, for rules about
 * deletions), and adds one error per problem.  It returns 0 when it ran
 * (whatever it found), -1 when it could not run (out of memory), which
 * aborts the commit as CFG_COMMIT_ERROR.
 */
typedef int	cfg_validate_fn(void *arg, const struct cfg_items *new_cfg,
		    const struct cfg_items *old_cfg, struct cfg_errors *errs);

/* Commit option flags. */
#define CFG_COMMIT_CHECK	0x01	/* `commit check`: validate only */
#define CFG_COMMIT_BEST_EFFORT	0x02	/* apply the edits not in error */
#define CFG_COMMIT_REPLACE	0x04	/* running := the session's edits
					 * applied to an EMPTY config */

#define CFG_CONFIRM_DEFAULT_SECS	600
#define CFG_CLIENT_CLI			"CLI"
#define CFG_CLIENT_ROLLBACK		"Rollback"

struct cfg_commit_opts {
	unsigned	 flags;
	const char	*label;		/* NULL: none */
	const char	*comment;	/* NULL: none */
	const char	*client;	/* NULL: CFG_CLIENT_CLI */
	/*
	 * Non-zero: `commit confirmed`.  Running rolls back automatically
	 * to what it was before the FIRST pending confirmed commit unless a
	 * plain commit (from any session, with or without changes) confirms
	 * it within confirm_secs.  A further confirmed commit meanwhile
	 * keeps that rollback point and sets a new deadline.
	 */
	uint32_t	 confirm_secs;
};

enum cfg_commit_status {
	CFG_COMMIT_DONE = 0,	/* committed: id, generation, counts */
	CFG_COMMIT_NOCHANGE,	/* nothing to commit */
	CFG_COMMIT_CONFIRMED,	/* nothing to commit, but it confirmed a
				 * pending confirmed commit */
	CFG_COMMIT_CHECKED,	/* CFG_COMMIT_CHECK and validation passed */
	CFG_COMMIT_INVALID,	/* validation failed; nothing changed; the
				 * errors are in cfg_session_failed() */
	CFG_COMMIT_LOCKED,	/* another session holds the exclusive lock;
				 * err names it */
	CFG_COMMIT_ERROR	/* database or memory failure; err says */
};

struct cfg_commit_result {
	enum cfg_commit_status	 status;
	uint64_t		 id;		/* new commit ID, or 0 */
	uint64_t		 generation;	/* running generation after */
	size_t			 added, changed, removed;	/* items */
	size_t			 skipped;	/* best-effort: edits left out */
	int			 confirmed;	/* confirmed a pending trial */
	int			 expired;	/* an overdue trial was rolled
						 * back before this commit */
	int64_t			 deadline;	/* confirmed: rollback time */
};

/*
 * Commits the session's candidate as described at the top of this file.
 * opts may be NULL (a plain commit).  res is always
 * filled.  Returns 0 for DONE, NOCHANGE, CONFIRMED and CHECKED; -1 for
 * INVALID, LOCKED and ERROR, with err saying why for LOCKED and ERROR
 * (for INVALID, err gets the count of errors; the shell prints the IOS XR
 * failed-commit line).
 */
int	cfg_commit(struct cfg_session *, const struct cfg_commit_opts *opts,
	    struct cfg_commit_result *res, char *err, size_t errlen);

/*
 * The errors of this session's last failed or best-effort commit and the
 * configuration they were found in (both borrowed, valid until the next
 * commit of this session), for `show configuration failed`.  Returns the
 * error list (empty when the last commit had none); *itemsp is NULL when
 * there is no failed configuration.
 */
const struct cfg_errors *cfg_session_failed(const struct cfg_session *,
			    const struct cfg_items **itemsp);

/* A pending confirmed ("trial") commit. */
struct cfg_trial {
	uint64_t	first_id;	/* rollback point: before this commit */
	uint64_t	last_id;	/* newest confirmed commit */
	int64_t		deadline;	/* Epoch seconds */
};
/* 1 and *out filled when a confirmed commit awaits confirmation, 0 when
 * none, -1 on error.  The daemon arms a timer from deadline. */
int	cfg_commit_trial(struct cfg_store *, struct cfg_trial *out,
	    char *err, size_t errlen);
/*
 * Carries out an overdue confirmed-commit rollback: when a trial is
 * pending and its deadline <= now, running goes back to the rollback
 * point as a new commit (client "Rollback"; no validation: that config
 * was running before) and the trial ends.  Any process that opens the
 * store may call it; cfg_store_open(), cfg_session_open() and cfg_commit()
 * call it with the store's clock.  Returns 1 when it rolled back (*idp =
 * the rollback's commit ID if idp is not NULL), 0 when nothing was due,
 * -1 on error.
 */
int	cfg_commit_confirm_expire(struct cfg_store *, int64_t now,
	    uint64_t *idp, char *err, size_t errlen);

#endif
