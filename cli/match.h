/*
 * The line matcher: tokenizer with column offsets, and matching of a
 * token list against the two declarative tables (the configuration
 * schema, cfgdb/schema.h, and the exec-command table, cli/cmdtab.h),
 * with unique-prefix abbreviation, case-insensitive keywords, typed
 * arguments, `?` help and TAB completion.  Pure: no I/O, no globals.
 */
#ifndef CLI_MATCH_H
#define CLI_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "cfgdb/items.h"
#include "cfgdb/schema.h"

#define CLI_MAX_LINE	4095	/* bytes in one input line */
#define CLI_MAX_TOKENS	128	/* words in one input line */

struct cli_shell;
struct cli_match;

/* Modes a command is valid in. */
#define CLI_MODE_EXEC	0x01
#define CLI_MODE_CONFIG	0x02	/* (config)# and every submode */

/* One exec-command row (cli/cmdtab.c). */
struct cmd_def {
	const char		*name;		/* for tests and the manual */
	uint8_t			 modes;		/* CLI_MODE_* */
	uint8_t			 flags;		/* CMD_F_* (cmdtab.h) */
	const struct cfg_tok	*toks;		/* (CFG_TOKS sets both) */
	uint8_t			 ntoks;
	int			(*handler)(struct cli_shell *,
				    const struct cli_match *);
};

struct cli_token {
	const char	*s;		/* into the line (borrowed) */
	size_t		 len;
	size_t		 off;		/* byte column in the line */
};

struct cli_tokens {
	const char		*line;
	size_t			 len;
	size_t			 n;
	int			 trailing;	/* line ends in white space */
	struct cli_token	 t[CLI_MAX_TOKENS];
};

/*
 * Splits a line into words (space and tab separate them).  Returns 0, or
 * -1 with *erroff set when the line has more than CLI_MAX_TOKENS words.
 */
int	cli_tokenize(const char *line, size_t len, struct cli_tokens *,
	    size_t *erroff);

/* Where a line is matched: commands of a mode plus config lines. */
struct cli_scope {
	const struct cmd_def	*cmds;		/* NULL: none */
	size_t			 ncmds;
	unsigned		 mode;		/* CLI_MODE_* the cmds must have */
	int			 cfg_parent;	/* schema row of the submode, or
						   -1 for no config lines */
	const struct cfg_items	*items;		/* names for completion; may
						   be NULL */
};

enum cli_mstatus {
	CLI_M_OK = 0,
	CLI_M_INCOMPLETE,
	CLI_M_AMBIGUOUS,
	CLI_M_NOMATCH,
	CLI_M_EMPTY,		/* no words */
};

/* One matched token of the winning path. */
struct cli_bind {
	const struct cfg_tok	*tok;
	uint8_t			 row;		/* schema row id, 0 for exec */
	uint8_t			 sub;		/* continuation of the arg */
	uint16_t		 tokidx;	/* input word index */
	const char		*val;		/* canonical text (owned by the
						   match) */
};

struct cli_match {
	enum cli_mstatus	 status;
	size_t			 errtok;	/* failing word (caret) */
	const struct cmd_def	*cmd;		/* exec command, or NULL */
	size_t			 nb;
	struct cli_bind		 b[CLI_MAX_TOKENS * 2];
	/* private scratch, reused between calls */
	void			*priv;
};

struct cli_match *cli_match_new(void);
void	cli_match_free(struct cli_match *);

/* Matches every token.  Returns the status (also in m->status). */
enum cli_mstatus cli_match_line(struct cli_match *m, const struct cli_scope *,
	    const struct cli_tokens *);

/* Canonical value of the exec argument (or keyword) named name, or NULL. */
const char	*cli_match_arg(const struct cli_match *, const char *name);

/* A help (?) or completion entry. */
struct cli_help {
	char		 word[64];	/* "prf", "<120-86400>", "<cr>" */
	const char	*help;
	int		 kind;		/* 0 arg, 1 keyword, 2 <cr> */
	int		 nospace;	/* completion: no space after it */
};

struct cli_helplist {
	size_t		 n;
	struct cli_help	 e[256];
};

/*
 * `?` help for the text before the cursor.  With a partial last word,
 * lists only what starts with it.  Returns CLI_M_OK with the list, or the
 * error (and m->errtok) when the words before fail to match.
 */
enum cli_mstatus cli_match_help(struct cli_match *m, const struct cli_scope *,
	    const struct cli_tokens *, struct cli_helplist *);
/* Formats a help list the IOS XR way (two-space indent, padded). */
int	cli_help_format(const struct cli_helplist *, char *out, size_t outsz);

/*
 * TAB completion candidates for the last (partial, possibly empty) word:
 * keywords, enum values and names of referenced objects.  *startp gets
 * the byte offset where the partial word starts.
 */
enum cli_mstatus cli_match_complete(struct cli_match *m,
	    const struct cli_scope *, const struct cli_tokens *,
	    struct cli_helplist *, size_t *startp);

#endif
