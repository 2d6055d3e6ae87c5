/*
 * Commit history and rollback.  Each commit record keeps who, when, how
 * (client "CLI" or "Rollback"), label, comment and the changes it made,
 * as (key, old value, new value) triples.  The configuration as of any
 * kept commit is running with the changes of every newer commit undone,
 * newest first, so clearing the oldest records never loses a newer one.
 *
 * Everything that shows changes returns two complete configurations,
 * before and after, for the renderer to diff with their parents:
 *
 *   show configuration commit changes ID    cfg_history_changes()
 *   show configuration commit changes last N cfg_history_changes_last()
 *   show configuration rollback changes ...  running vs
 *                                            cfg_history_rollback_target()
 *
 * A rollback is a commit: cfg_history_rollback_load() puts the edits that
 * turn running into the target into a session's candidate, and the shell
 * commits it with client CFG_CLIENT_ROLLBACK (commit.h).  From exec mode
 * it opens a session for that, and closes it after.
 */
#ifndef CFGDB_HISTORY_H
#define CFGDB_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "cfgdb/items.h"
#include "cfgdb/store.h"

#define CFG_COMMIT_FIRST_ID	1000000001ULL
/* Records kept; older ones are pruned by each commit. */
#define CFG_HISTORY_KEEP	100

struct cfg_commit_info {
	uint64_t	 id;
	uint64_t	 generation;	/* running generation it made */
	char		*user;
	char		*line;
	char		*client;
	char		*label;		/* NULL: none */
	char		*comment;	/* NULL: none */
	int64_t		 time;		/* Epoch seconds */
	size_t		 nchanges;	/* items added, changed or removed */
};

/*
 * The newest max records (0: all), newest first, for `show configuration
 * commit list [N] [detail]`.  *out is an array of *countp records (NULL
 * when there are none); free it with cfg_history_list_free().  0 or -1.
 */
int	cfg_history_list(struct cfg_store *, size_t max,
	    struct cfg_commit_info **out, size_t *countp, char *err,
	    size_t errlen);
void	cfg_history_list_free(struct cfg_commit_info *, size_t count);
/* One record by ID into *out; free its strings with
 * cfg_commit_info_clear().  -1 ("No such commit ID") if it is not kept. */
int	cfg_history_get(struct cfg_store *, uint64_t id,
	    struct cfg_commit_info *out, char *err, size_t errlen);
void	cfg_commit_info_clear(struct cfg_commit_info *);

/* The running configuration right after commit id, into out.  -1 (with
 * "No such commit ID" in err) when id is not kept. */
int	cfg_history_config_at(struct cfg_store *, uint64_t id,
	    struct cfg_items *out, char *err, size_t errlen);
/* The configuration before and after commit id. */
int	cfg_history_changes(struct cfg_store *, uint64_t id,
	    struct cfg_items *before, struct cfg_items *after, char *err,
	    size_t errlen);
/* Before the newest n commits, and running now.  -1 when fewer than n
 * (or n == 0) records are kept. */
int	cfg_history_changes_last(struct cfg_store *, size_t n,
	    struct cfg_items *before, struct cfg_items *after, char *err,
	    size_t errlen);

/*
 * Rollback targets:
 *   CFG_ROLLBACK_LAST    arg = N: undo the newest N commits
 *                        (`rollback configuration last N`);
 *   CFG_ROLLBACK_TO      arg = ID: the configuration right after commit
 *                        ID, undoing every newer one
 *                        (`rollback configuration to ID`);
 *   CFG_ROLLBACK_BEFORE  arg = ID: the configuration right before commit
 *                        ID, undoing it and every newer one.
 * The shell maps `rollback configuration ID` to the one it documents.
 */
enum cfg_rollback_kind {
	CFG_ROLLBACK_LAST,
	CFG_ROLLBACK_TO,
	CFG_ROLLBACK_BEFORE
};
/* The target configuration into out.  -1 when the commits are not kept. */
int	cfg_history_rollback_target(struct cfg_store *,
	    enum cfg_rollback_kind, uint64_t arg, struct cfg_items *out,
	    char *err, size_t errlen);
/* Replaces the session's edits so its candidate is that target
 * (cfg_session_load()).  0 or -1. */
int	cfg_history_rollback_load(struct cfg_session *,
	    enum cfg_rollback_kind, uint64_t arg, char *err, size_t errlen);

/*
 * `clear configuration commits oldest N`: removes the n oldest records
 * (fewer if fewer are kept; *removedp says how many).  Refuses to remove
 * a record a pending confirmed commit needs for its rollback.  0 or -1.
 */
int	cfg_history_clear_oldest(struct cfg_store *, size_t n,
	    size_t *removedp, char *err, size_t errlen);

#endif
