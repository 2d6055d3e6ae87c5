/*
 * A configuration read through the schema: the items of a struct
 * cfg_items (items.h) in key order, each with the schema row it is an
 * instance of (schema.h), so that the code interpreting a configuration
 * (commit validation, the daemon's mapping to the engine) asks for "the
 * dh-group item of this proposal" by row id, typed, and never spells a
 * key.
 *
 * A node is an index into the view (a long); CFG_NODE_NONE is "none",
 * and as a parent, the top level.  Strings are borrowed from the items,
 * which must outlive the view and not change meanwhile.  Items the schema
 * does not know (a damaged or foreign database) are nodes without a row:
 * the typed readers pass them over.  Pure.
 */
#ifndef CFGDB_VIEW_H
#define CFGDB_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "cfgdb/items.h"
#include "cfgdb/schema.h"

#define CFG_NODE_NONE	(-1L)

struct cfg_view;

/* Builds the view of items (borrowed).  NULL when memory runs out. */
struct cfg_view	*cfg_view_new(const struct cfg_items *items);
/* NULL is a no-op. */
void		 cfg_view_free(struct cfg_view *);

/* The number of nodes; nodes are 0 .. count - 1, in key order. */
size_t			 cfg_view_count(const struct cfg_view *);
const char		*cfg_view_key(const struct cfg_view *, long node);
const char		*cfg_view_value(const struct cfg_view *, long node);
/* The node's row, or NULL for an item the schema does not know. */
const struct cfg_row	*cfg_view_row(const struct cfg_view *, long node);
/* The row id, or CFG_R_ROOT for an item the schema does not know. */
unsigned		 cfg_view_row_id(const struct cfg_view *, long node);
/* The name in a node's key: its last head word ("P1" of "ikev2 proposal
 * P1", "198.51.100.21" of "match identity remote address 198.51.100.21"). */
const char		*cfg_view_name(const struct cfg_view *, long node);

/* The node of a full key, or CFG_NODE_NONE. */
long	cfg_view_find(const struct cfg_view *, const char *key);
/* The top-level object of list row `row` called name, or CFG_NODE_NONE. */
long	cfg_view_object(const struct cfg_view *, unsigned row,
	    const char *name);
/*
 * The direct children of parent (CFG_NODE_NONE: the top level) that are
 * instances of row, in key order: the first one after node after
 * (CFG_NODE_NONE: the first of all), or CFG_NODE_NONE.
 */
long	cfg_view_next(const struct cfg_view *, long parent, unsigned row,
	    long after);
/* The first such child. */
long	cfg_view_child(const struct cfg_view *, long parent, unsigned row);
/* Its value, or NULL when parent has no such child. */
const char *cfg_view_get(const struct cfg_view *, long parent, unsigned row);

/*
 * Typed readers of parent's child of row.  Where the child is missing,
 * the row's default (schema.h, defval) stands in.
 */
/* A number: 0 with *out, or -1 when neither the item nor a default gives
 * one in the argument's range. */
int	cfg_view_uint(const struct cfg_view *, long parent, unsigned row,
	    uint32_t *out);
/* An enumerated value (the first value word), with its meaning to its
 * argument in *mp when mp is not NULL (NULL: none); NULL when there is
 * neither an item nor a default, or the word is not a value the schema
 * knows. */
const struct cfg_enum *cfg_view_enum(const struct cfg_view *, long parent,
	    unsigned row, const struct cfg_meaning **mp);
/*
 * The IPv4 address and prefix length a node holds: an "A.B.C.D M.M.M.M"
 * value (a mask left out is /32), or an address in its key with the mask
 * as its value (`match identity remote address`).  0, or -1 when it holds
 * none.  Host byte order.
 */
int	cfg_view_addr(const struct cfg_view *, long node, uint32_t *addr,
	    unsigned *plen);

/* The mask of a prefix length, host byte order. */
uint32_t cfg_plen_mask(unsigned plen);

#endif
