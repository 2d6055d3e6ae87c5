/*
 * Configuration text from item sets, driven by the schema table:
 * running-config bodies (SPEC section 5), candidate changes as
 * `show configuration` prints them, `show commit changes diff` with its
 * marker column, and the `show configuration failed` listing.  Pure:
 * callers add timestamps and headers.
 */
#ifndef CFGDB_RENDER_H
#define CFGDB_RENDER_H

#include <stddef.h>

#include "cfgdb/items.h"
#include "cfgdb/schema.h"
#include "common/buf.h"

struct cfg_errors;

#define CFG_IOSXR_VERSION	"7.8.1"
#define CFG_RENDER_MAXDEPTH	8

/*
 * An object path (`show running-config ikev2 proposal P1`): per level a
 * row and the canonical key component, or NULL for "every entry of this
 * row".
 */
struct cfg_path {
	size_t			 n;
	const struct cfg_row	*row[CFG_RENDER_MAXDEPTH];
	const char		*comp[CFG_RENDER_MAXDEPTH];
};

/*
 * Appends the configuration body: every object and command in running-
 * config order, one space of indent per level, `!` closing blocks, no
 * header and no `end`.  With a path, only what lies on it (with its
 * parents).  *nlines (may be NULL) gets the number of lines written.
 * Returns 0, or -1 when memory ran out.
 */
int	cfg_render(const struct cfg_items *, const struct cfg_path *path,
	    struct buf *out, size_t *nlines);

/*
 * The structure cfg_render() prints, as calls instead of text, for output
 * built from the same tree (the shell's `| json`): same order, same path
 * filter, same line of each item.  open() starts an object block with its
 * head line ("ikev2 proposal P1"), leaf() is one command line inside the
 * innermost open block, close() ends the block: keep 0 says to drop it
 * (a path below it matched nothing inside, so the text leaves it out
 * too).  Lines are without indent or newline.  A callback's non-zero
 * return stops the walk and is returned; -1 also when memory runs out.
 */
struct cfg_render_ops {
	int	(*open)(void *arg, const char *line);
	int	(*leaf)(void *arg, const char *line);
	int	(*close)(void *arg, int keep);
};
int	cfg_render_walk(const struct cfg_items *, const struct cfg_path *path,
	    const struct cfg_render_ops *ops, void *arg);

/*
 * Appends what turns old into new as configuration lines (`show
 * configuration`, `show configuration commit changes`): changed items
 * with their parents, removals as `no ...`.  Nothing when equal.
 */
int	cfg_render_changes(const struct cfg_items *old,
	    const struct cfg_items *new, struct buf *out);

/*
 * Appends `show commit changes diff`: changed objects with a three-column
 * marker ("+  " added, "-  " removed, "<- " old and "+> " new value of a
 * changed line, three spaces for context).
 */
int	cfg_render_diff(const struct cfg_items *old,
	    const struct cfg_items *new, struct buf *out);

/*
 * Appends the `show configuration failed` body (after its header): each
 * failing item with its parents and "!!% reason" under it, then `!`
 * closers.  Keys that cfg does not hold are shown as `no ...` (a
 * deletion).
 */
int	cfg_render_errors(const struct cfg_items *cfg,
	    const struct cfg_errors *errs, struct buf *out);

/* The config line of one item without indent ("prf sha-256"); for
 * messages.  Returns 0 or -1. */
int	cfg_render_item_line(const struct cfg_items *cfg, const char *key,
	    char *out, size_t outsz);

#endif
