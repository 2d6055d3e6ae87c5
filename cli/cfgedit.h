/*
 * The grammar layer's output: a matched configuration line (cli/match.h)
 * becomes item edits (cfgdb/items.h): "set KEY = VALUE" and "delete KEY
 * and everything below it".  Pure: the edits go to callbacks, the
 * configuration they apply to is only read.  Also the mode-stack matching
 * shared by the shell and by text parsing (a line that does not fit the
 * current submode is tried in the enclosing ones, as IOS XR does, so a
 * pasted running-config loads without `exit` lines).
 */
#ifndef CLI_CFGEDIT_H
#define CLI_CFGEDIT_H

#include <stddef.h>

#include "cfgdb/items.h"
#include "cfgdb/schema.h"
#include "cli/match.h"

#define CLI_CFG_MAXDEPTH	8

struct cfg_edit_ops {
	int	(*set)(void *arg, const char *key, const char *value);
	int	(*del)(void *arg, const char *key);	/* key and below */
	void	*arg;
	/* Record a set even when cur already holds that value: a file
	 * `load`ed for `commit replace` is the whole target, and a line
	 * equal to running must stay part of it. */
	int	keep_same;
};

/* What a line did to the mode: the objects it opened when it ended on an
 * object head (`ikev2 proposal P1` enters its submode). */
struct cli_cfgline {
	size_t			 nobj;
	const struct cfg_row	*obj[CLI_CFG_MAXDEPTH];
	char			*objkey[CLI_CFG_MAXDEPTH];	/* owned */
};

/*
 * Applies the configuration line in m (its bindings after any exec words
 * such as `no`) below the object base ("" at the top).  neg: the `no`
 * form.  cur is read to merge multi-valued items and to skip edits that
 * change nothing; ops gets the edits (it should also update cur when the
 * caller wants later lines to see them).  out (may be NULL) gets the
 * objects opened.  Returns 0, or -1 (an edit callback failed or memory
 * ran out).
 */
int	cli_cfgline_apply(const struct cli_match *m, const char *base, int neg,
	    const struct cfg_items *cur, const struct cfg_edit_ops *ops,
	    struct cli_cfgline *out);
void	cli_cfgline_clear(struct cli_cfgline *);

/*
 * Matches tk in a configuration mode stack rows[0..depth-1] (rows[0] is
 * the root): innermost mode first, then each enclosing one.  The first
 * that matches wins (*lvlp = its level); else the error of the mode that
 * got furthest.  *m holds the result (m and m2 are swapped as needed).
 * cmds (may be NULL) are offered too, with mode CLI_MODE_CONFIG.
 */
enum cli_mstatus cli_match_config(struct cli_match **m,
	    struct cli_match **m2, const struct cli_tokens *tk,
	    const struct cfg_row *const *rows, size_t depth,
	    const struct cmd_def *cmds, size_t ncmds,
	    const struct cfg_items *items, size_t *lvlp);

/*
 * Parses configuration text (running-config style or one-line commands;
 * `!`, `exit`, `root`, `end`, `no` understood) into items: a convenience
 * for tests and tools.  Returns 0, or -1 with err naming the first line
 * that failed ("line 3: ...").
 */
int	cli_cfg_parse_text(const char *text, struct cfg_items *out, char *err,
	    size_t errsz);

#endif
