/*
 * The shell's state, shared by the cli/ files that implement commands.
 * Not for use outside cli/.
 */
#ifndef CLI_SHELL_PRIV_H
#define CLI_SHELL_PRIV_H

#include <sys/stat.h>
#include <sys/types.h>
#include <stdarg.h>

#include "cfgdb/commit.h"
#include "cfgdb/history.h"
#include "cfgdb/items.h"
#include "cfgdb/render.h"
#include "cfgdb/store.h"
#include "cli/cmdtab.h"
#include "cli/filter.h"
#include "cli/harddisk.h"
#include "cli/shell.h"
#include "common/buf.h"

#define CLI_MAX_DEPTH	CFG_RENDER_MAXDEPTH

/* One level of the configuration mode stack. */
struct cli_level {
	const struct cfg_row	*row;		/* schema row (ROOT at [0]) */
	char			*key;		/* its item key ("" at [0]) */
	char			 prompt[96];	/* "ikev2-proposal-P1" */
};

struct cli_shell {
	struct cli_opts		 opt;
	struct cli_io		 io;
	char			*dbpath;
	char			*sockpath;
	char			 hddir[4096];	/* harddisk: */
	char			 userent[4352];	/* register entry, or "" */
	char			 user[64];
	char			 line[64];
	struct cfg_store	*store;
	struct cfg_session	*sess;		/* while configuring */
	struct cfg_items	*cand;		/* mirror of the candidate */
	size_t			 depth;		/* levels in use (>= 1) */
	struct cli_level	 lev[CLI_MAX_DEPTH];
	char			 hostname[64];
	char			 prompt[256];
	int			 timestamps;
	unsigned		 term_len, term_width;
	int			 done;
	/* the line being run */
	struct cli_match	*m;
	struct cli_match	*m2;		/* scratch for fallback scopes */
	struct cli_tokens	 tk;
	const struct cli_tokens	*cur_tk;	/* words of the running line */
	size_t			 lineno;
	size_t			 match_level;	/* level the line matched at */
	struct buf		 out;		/* this command's output */
	struct cli_filter	 filter;
	char			 lasterr[256];	/* for the batch diagnostic */
	/* `load` errors, for `show configuration failed load` */
	struct buf		 loadfail;
	int			 loading;	/* running a file's lines */
};

/* Output helpers (append to sh->out). */
void	sh_printf(struct cli_shell *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	sh_puts(struct cli_shell *, const char *s);
/* Prints "% msg" and remembers msg for the batch diagnostic; returns -1. */
int	sh_error(struct cli_shell *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Sends sh->out through the filter to the terminal and empties it. */
void	sh_flush(struct cli_shell *);
/* Prints the timestamp line (when timestamps are on). */
void	sh_timestamp(struct cli_shell *);
/*
 * Asks a question; the answer is lowered and trimmed into ans.  Returns 0,
 * or -1 at the end of the input.
 */
int	sh_ask(struct cli_shell *, const char *question, char *ans,
	    size_t anssz);

/* Mode changes. */
int	sh_config_enter(struct cli_shell *, int exclusive);
void	sh_config_leave(struct cli_shell *);
void	sh_pop_to(struct cli_shell *, size_t depth);
int	sh_push(struct cli_shell *, const struct cfg_row *, const char *key);
/* Leaves configuration mode, asking about uncommitted changes first.
 * Returns 0 when it left (or stayed by choice), -1 on failure. */
int	sh_leave_ask(struct cli_shell *);

/* Reloads the candidate mirror from the store.  0 or -1 (printed). */
int	sh_cand_refresh(struct cli_shell *);
/* Takes the prompt's hostname from a configuration. */
void	sh_hostname_from(struct cli_shell *, const struct cfg_items *);
/* Reads running (into out) with the hostname refreshed.  0 or -1. */
int	sh_running(struct cli_shell *, struct cfg_items *out);
/* Applies a matched configuration line at mode level lvl.  0 or -1. */
int	sh_apply_config(struct cli_shell *, const struct cli_match *,
	    size_t lvl, int neg);
/* Runs one configuration line text at the given mode stack (load). */
int	sh_run_text(struct cli_shell *, const char *line, size_t len);

/* Commit with the IOS XR questions and messages.  0 or -1. */
int	sh_commit(struct cli_shell *, const struct cfg_commit_opts *,
	    int show_error);
/* Runs the current line's words from index first as an EXEC command
 * (`do`).  0 or -1. */
int	sh_run_exec(struct cli_shell *, size_t first);
/* Tells the daemon about a new running generation (quiet if absent). */
void	sh_notify(struct cli_shell *, uint64_t gen, uint64_t id);

/*
 * A live show's request (type and render flags from the matched command)
 * sent to the daemon; the reply is the caller's to clear.  0, or -1
 * (printed).  Text and `| json` both render what this returns.
 */
struct ctl_reply;
int	sh_live_fetch(struct cli_shell *, const struct cli_match *,
	    uint16_t *type, unsigned *flags, struct ctl_reply *reply);

/* The object path of `show running-config PATH` from the match, its
 * components kept in comps. */
void	sh_config_path(const struct cli_match *, struct cfg_path *,
	    char comps[][128]);
/* A commit or session time as the tables print it (local time). */
void	sh_fmt_time(int64_t t, char *out, size_t outsz);
/* Writes running or the candidate to a file or harddisk:NAME.  0 or -1. */
int	sh_save_config(struct cli_shell *, int running, const char *arg);

/* The running-config header ("Building configuration..." ...). */
void	sh_config_header(struct cli_shell *, int last_change);

/* A "Key:   N kB" line of a /proc file, in kB; -1 when it is missing
 * (show memory summary and its | json). */
long long	sh_proc_kb(const char *file, const char *key);

/* What a change view compares (sh_change_pair, cmd_show.c). */
enum sh_pair {
	SH_PAIR_COMMIT,		/* before and after commit ID / last COUNT */
	SH_PAIR_ROLLBACK	/* running and the rollback's target */
};
struct cfg_items;
int	sh_change_pair(struct cli_shell *, const struct cli_match *,
	    enum sh_pair, struct cfg_items **before, struct cfg_items **after);

/* One entry of the harddisk: folder, as dir and dir | json show it. */
struct sh_dent {
	char		name[256];
	struct stat	st;
};
/* The folder's entries in name order (all: with dot names); the count,
 * *v the caller's to free, or -1 (printed). */
ssize_t	sh_hd_list(struct cli_shell *, int all, struct sh_dent **v);

/* One control request to the daemon (params consumed); -1 with the error
 * printed.  The live shows and their | json. */
struct ctl_rec;
struct ctl_reply;
int	sh_ctl_call(struct cli_shell *, uint16_t type, struct ctl_rec *params,
	    struct ctl_reply *reply);

#endif
