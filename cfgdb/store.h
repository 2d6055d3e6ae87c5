/*
 * The configuration store: one SQLite database (WAL) holding the running
 * configuration and its generation number, the open configuration
 * sessions with their candidate edits, and the commit history.  Commit
 * is in commit.h, history and rollback in history.h.
 *
 * Model.  A configuration is a struct cfg_items (items.h).  A session's
 * candidate is not a copy: it is running (as it is NOW) plus the
 * session's ordered edits, each "set KEY = VALUE" or "delete KEY and
 * everything below it".  So a candidate mirrors running until edited, and
 * a commit applies this session's changes on top of the current running
 * without reverting what another session committed meanwhile.
 *
 * Threads and processes.  A struct cfg_store is one SQLite connection:
 * use it from one thread at a time, never across fork() (open a new one
 * in the child).  Any number of processes may open the same database;
 * writers are serialised by SQLite (BEGIN IMMEDIATE, busy timeout).
 *
 * Errors.  Fallible calls return -1 (or NULL) and, when the caller passes
 * a buffer, write a one-line message without a leading "% " (the shell
 * adds it).  err may be NULL.
 *
 * Time.  Timestamps are seconds since the Epoch (int64_t).  They come
 * from the store's clock (time(NULL) unless cfg_store_set_clock() says
 * otherwise), so tests can drive confirmed-commit timeouts.
 */
#ifndef CFGDB_STORE_H
#define CFGDB_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "cfgdb/items.h"

/* SPEC section 1: root's database. */
#define CFG_STORE_ROOT_PATH	MGMTSEC_DB_PATH	/* from configure */

/* Flags for cfg_store_open(). */
#define CFG_STORE_NOCREATE	0x01	/* fail if the database is missing */
/* The operator asks for a new database: an existing file that holds no
 * mgmtsec schema at all (zero bytes, or SQLite without tables) is made
 * one.  Without it such a file is refused (it is more likely a damaged or
 * truncated database than a wish for an empty configuration). */
#define CFG_STORE_NEW		0x02

struct cfg_store;
struct cfg_session;

/*
 * The default database path (SPEC section 1): $MGMTSEC_DB if set and not
 * empty; else CFG_STORE_ROOT_PATH when running as root; else
 * $XDG_STATE_HOME/mgmtsec/config.db when XDG_STATE_HOME is an absolute
 * path; else $HOME/.local/state/mgmtsec/config.db (HOME from the password
 * database when unset).  Writes it into out; returns 0, or -1 when it does
 * not fit or no home directory is known.
 */
int	cfg_store_default_path(char *out, size_t outlen, char *err,
	    size_t errlen);
/* The same rule as a pure function of its inputs (any may be NULL). */
int	cfg_store_path_rule(int is_root, const char *mgmtsec_db,
	    const char *xdg_state_home, const char *home, char *out,
	    size_t outlen);

/*
 * Opens (and on first use creates) the database at path.  Creating makes
 * the missing parent folders (mode 0700) and the file (mode 0600).  The
 * store refuses, with a message saying why and how to fix it, to run on a
 * database that is not a regular file, that other users can read or write
 * (any "other" permission bit on the file, its -wal or -shm), that lives
 * in a world-writable folder without the sticky bit, on a network file
 * system where locks are unreliable (NFS, SMB/CIFS, 9p, AFS, Ceph), where
 * WAL mode cannot be enabled, or that a newer mgmtsec created (its schema
 * version is higher than this build knows).  Older schemas are migrated.
 * An overdue confirmed-commit rollback is carried out here (commit.h).
 * Returns the store (free with cfg_store_close) or NULL.
 */
struct cfg_store *cfg_store_open(const char *path, int flags, char *err,
		    size_t errlen);
/* Closes the connection.  Free every session of this store first.  NULL
 * is a no-op. */
void		 cfg_store_close(struct cfg_store *);
/* The path it was opened with (borrowed). */
const char	*cfg_store_path(const struct cfg_store *);

/* Replaces the clock (for tests); now(arg) returns Epoch seconds.  NULL
 * restores time(NULL). */
void	cfg_store_set_clock(struct cfg_store *, int64_t (*now)(void *arg),
	    void *arg);
int64_t	cfg_store_now(struct cfg_store *);

/* The running generation: 0 for an empty new store, +1 per commit. */
int	cfg_store_generation(struct cfg_store *, uint64_t *genp, char *err,
	    size_t errlen);
/*
 * Reads running into out (cleared first) and its generation (genp may be
 * NULL), from one consistent snapshot.  This is what the daemon reads
 * after a commit notification.  Returns 0 or -1.
 */
int	cfg_store_running(struct cfg_store *, struct cfg_items *out,
	    uint64_t *genp, char *err, size_t errlen);
/* PRAGMA integrity_check; returns 0 when it says "ok", else -1 with the
 * first problem in err. */
int	cfg_store_check(struct cfg_store *, char *err, size_t errlen);

/*
 * Configuration sessions.
 *
 * cfg_session_open() starts a session for (user, line), e.g. ("alice",
 * "vty0") or ("root", "batch").  Sessions left behind by dead processes
 * are removed first (each session row records its pid and the process
 * start time, so a reused pid is not mistaken for the owner).  With
 * exclusive set (`configure exclusive`) it refuses while another live
 * exclusive session exists, naming its holder in err; while it lasts, no
 * other session can commit (cfg_commit() reports CFG_COMMIT_LOCKED, also
 * naming the holder).  Returns the session, or NULL.
 *
 * cfg_session_close() ends the session: its edits are thrown away and
 * its row removed, which also releases an exclusive lock.  NULL is a
 * no-op.  A session must be closed before its store.
 */
struct cfg_session *cfg_session_open(struct cfg_store *, const char *user,
		    const char *line, int exclusive, char *err,
		    size_t errlen);
void		 cfg_session_close(struct cfg_session *);
uint64_t	 cfg_session_id(const struct cfg_session *);
struct cfg_store *cfg_session_store(const struct cfg_session *);
int		 cfg_session_exclusive(const struct cfg_session *);

/*
 * Candidate edits.  set adds or replaces one item; delete removes KEY and
 * every key below it (an absent key is not an error: `no` of something
 * not configured changes nothing).  The session keeps every edit in
 * memory and writes them to the database in one transaction every
 * CFG_SESSION_BATCH edits, before any read of the candidate, after a
 * commit check or a refused commit, and on cfg_session_flush(), so a
 * batch of 100,000 lines costs a few transactions.  A commit that goes
 * through takes the edits not written yet from memory and never writes
 * them.  key and value are cloned.  Returns 0 or -1.
 */
#define CFG_SESSION_BATCH	4096
int	cfg_session_set(struct cfg_session *, const char *key,
	    const char *value, char *err, size_t errlen);
int	cfg_session_delete(struct cfg_session *, const char *key, char *err,
	    size_t errlen);
int	cfg_session_flush(struct cfg_session *, char *err, size_t errlen);

/* The number of edits the session holds (written and buffered). */
size_t	cfg_session_edit_count(const struct cfg_session *);

/*
 * The effective candidate: current running with this session's edits
 * applied, into out (cleared first).  Also returns the running it was
 * built on in running_out when not NULL, so `show configuration` can
 * diff the two from one snapshot.  Returns 0 or -1.
 */
int	cfg_session_candidate(struct cfg_session *, struct cfg_items *out,
	    struct cfg_items *running_out, char *err, size_t errlen);
/* 1 when the candidate differs from running, 0 when not, -1 on error. */
int	cfg_session_has_changes(struct cfg_session *, char *err,
	    size_t errlen);
/* Throws the session's edits away (`abort`, `clear`, answer "no"). */
int	cfg_session_discard(struct cfg_session *, char *err, size_t errlen);
/*
 * Replaces the session's edits by the ones that turn current running into
 * target (deletions first, then sets), so the candidate equals target.
 * Used by rollback (history.h); target is borrowed.  Returns 0 or -1.
 */
int	cfg_session_load(struct cfg_session *,
	    const struct cfg_items *target, char *err, size_t errlen);

/*
 * 1 when another session (or a confirmed-commit timeout) committed since
 * this session started or last committed: the shell then prints the IOS XR
 * warning and asks before committing.  0 when not, -1 on error.
 */
int	cfg_session_conflict(struct cfg_session *, char *err, size_t errlen);

/* What every session row says, for the `configure` session table. */
struct cfg_session_info {
	uint64_t	 id;
	char		*user;
	char		*line;
	int64_t		 started;	/* Epoch seconds */
	int		 exclusive;
	int		 pid;
	uint64_t	 base_gen;	/* generation it last synced with */
	size_t		 edits;		/* edits written to the database */
};
/*
 * Lists the live sessions, oldest first (stale ones are removed first).
 * *out is an array of *countp entries; free it with
 * cfg_session_info_free().  Returns 0 or -1.
 */
int	cfg_session_list(struct cfg_store *, struct cfg_session_info **out,
	    size_t *countp, char *err, size_t errlen);
void	cfg_session_info_free(struct cfg_session_info *, size_t count);

#endif
