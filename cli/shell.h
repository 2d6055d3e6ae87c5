/*
 * The shell's line-level API, independent of the terminal: one call per
 * input line, `?` help and TAB completion on a line buffer, the prompt
 * of the current mode.  The program (cli/main.c) supplies the I/O edges:
 * where output goes (it pages on a terminal), where batch diagnostics go,
 * how a question is answered, and the clock.
 */
#ifndef CLI_SHELL_H
#define CLI_SHELL_H

#include <stddef.h>
#include <stdint.h>

#include "cli/match.h"

struct cli_io {
	/* Command output, already filtered. */
	void	(*out)(void *arg, const char *s, size_t len);
	/* Batch diagnostics ("% line N: ..."), one line without newline. */
	void	(*diag)(void *arg, const char *line);
	/*
	 * Asks a question (already printed through out without a newline)
	 * and reads one answer line into ans.  Returns 0, or -1 at the end
	 * of the input.
	 */
	int	(*ask)(void *arg, char *ans, size_t anssz);
	/* Wall-clock time in milliseconds since the Epoch. */
	int64_t	(*now_ms)(void *arg);
	void	*arg;
};

struct cli_opts {
	const char	*dbpath;	/* NULL: the default (store.h) */
	const char	*sockpath;	/* NULL: beside the database */
	const char	*user;
	const char	*line;		/* "vty0", "batch" ... */
	int		 interactive;	/* a terminal: echo, caret rules */
	int		 timestamps;	/* print timestamp lines */
	unsigned	 term_length;	/* rows; 0: no pager */
	unsigned	 term_width;
	int		 new_db;	/* --new: an empty file may become
					 * the database (CFG_STORE_NEW) */
	const char	*harddisk;	/* NULL: cli_hd_dir()'s default */
	/* For `show users`: a session that registers itself ("ssh",
	 * "console"; NULL: none, e.g. a script), and where from. */
	const char	*service;
	const char	*location;
};

struct cli_shell;

/* Opens the store and starts in EXEC mode.  NULL with err set. */
struct cli_shell *cli_shell_new(const struct cli_opts *, const struct cli_io *,
		    char *err, size_t errsz);
/* Closes the session (discarding uncommitted edits) and the store. */
void	cli_shell_free(struct cli_shell *);

/*
 * Runs one input line (lineno counts lines for batch diagnostics).
 * Returns 0 when it worked, -1 when it failed (the error is printed).
 */
int	cli_shell_line(struct cli_shell *, const char *line, size_t len,
	    size_t lineno);
/* Rejects a line of len bytes that was too long to keep.  Returns -1. */
int	cli_shell_overlong(struct cli_shell *, size_t len, size_t lineno);
/* `?` typed after text: prints the help listing (or the error). */
void	cli_shell_help(struct cli_shell *, const char *text, size_t len);
/*
 * TAB after text: candidates for the last word in *hl, the offset where
 * that word starts in *startp.  Returns the number of candidates.
 */
size_t	cli_shell_complete(struct cli_shell *, const char *text, size_t len,
	    struct cli_helplist *hl, size_t *startp);
/* Ctrl-Z: like `end`. */
int	cli_shell_ctrl_z(struct cli_shell *);
/* End of input: uncommitted changes are discarded with a warning. */
void	cli_shell_eof(struct cli_shell *);

/* The prompt ("RP/0/RP0/CPU0:ios(config-if)#"), borrowed. */
const char *cli_shell_prompt(struct cli_shell *);
/* 1 once `exit` in EXEC mode asked to leave. */
int	cli_shell_done(const struct cli_shell *);
/* 1 when in a configuration mode. */
int	cli_shell_configuring(const struct cli_shell *);
/* The terminal length the shell was told (`terminal length`). */
unsigned cli_shell_term_length(const struct cli_shell *);
/* `terminal width`: columns the line editor wraps at (0: never). */
unsigned cli_shell_term_width(const struct cli_shell *);

/* The harddisk: folder of this shell (cli/harddisk.h), borrowed. */
const char *cli_shell_harddisk(const struct cli_shell *);

/* Formats the IOS XR timestamp line ("Tue Oct  5 15:45:55.597 UTC"). */
void	cli_timestamp(int64_t ms, char *out, size_t outsz);

#endif
