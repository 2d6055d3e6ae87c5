/*
 * A configuration as a set of items: the contract between the grammar
 * layer (schema, parser, validation, rendering) and the SQLite store.
 *
 * An item is a (key, value) pair of NUL-terminated strings.  The key is a
 * path of components joined by CFG_KEY_SEP, each component being one
 * canonical config line head as typed in the schema, e.g.
 *
 *	"ikev2 proposal P1"                      value ""   (the object)
 *	"ikev2 proposal P1\x1f" "encryption"     value "aes-cbc-256 aes-cbc-128"
 *	"keyring K\x1f" "peer A\x1f" "address"   value "198.51.100.21 255.255.255.0"
 *
 * Objects (list entries, containers) are items with an empty value, so an
 * empty object still exists.  Multi-valued items keep all their values, in
 * order, in one value string.  The store treats keys and values as opaque
 * except for CFG_KEY_SEP, which gives "this key and everything below it".
 * Values may hold secrets (pre-shared keys): they are wiped when freed.
 */
#ifndef CFGDB_ITEMS_H
#define CFGDB_ITEMS_H

#include <stddef.h>

#define CFG_KEY_SEP	'\x1f'
#define CFG_KEY_SEP_STR	"\x1f"

struct cfg_item {
	const char	*key;
	const char	*value;
};

struct cfg_items;

struct cfg_items	*cfg_items_new(void);
/* Frees the set and wipes every value; NULL is a no-op. */
void			 cfg_items_free(struct cfg_items *);
/* A deep copy, or NULL on allocation failure. */
struct cfg_items	*cfg_items_dup(const struct cfg_items *);
/* Makes dst an exact copy of src.  Returns 0 or -1. */
int			 cfg_items_copy(struct cfg_items *dst,
			    const struct cfg_items *src);
/* Removes every item. */
void			 cfg_items_clear(struct cfg_items *);

/* Adds or replaces an item (key and value are cloned).  Returns 0 or -1. */
int		 cfg_items_set(struct cfg_items *, const char *key,
		    const char *value);
/* The value of a key (borrowed, valid until the set changes), or NULL. */
const char	*cfg_items_get(const struct cfg_items *, const char *key);
/* Removes one key; returns 1 if it existed, else 0. */
int		 cfg_items_del(struct cfg_items *, const char *key);
/* Removes a key and every key below it; returns how many went. */
size_t		 cfg_items_del_tree(struct cfg_items *, const char *key);
/* Whether the key or anything below it exists. */
int		 cfg_items_has_tree(const struct cfg_items *, const char *key);
size_t		 cfg_items_count(const struct cfg_items *);

/*
 * All items sorted by key (byte order, so every key sorts right after its
 * parent and before its parent's later siblings).  The array is owned by
 * the set and valid until the set changes.
 */
const struct cfg_item	*cfg_items_sorted(const struct cfg_items *,
			    size_t *countp);

/* 1 when both sets hold exactly the same items. */
int	cfg_items_equal(const struct cfg_items *, const struct cfg_items *);

/*
 * Calls cb once per difference, in key order: old_value NULL = added,
 * new_value NULL = removed, both set = changed.  Stops and returns the
 * callback's value when it is non-zero; else returns 0.
 */
int	cfg_items_diff(const struct cfg_items *old, const struct cfg_items *new,
	    int (*cb)(void *arg, const char *key, const char *old_value,
	    const char *new_value), void *arg);

/* Key helpers.  Components never contain CFG_KEY_SEP. */
/* Number of components (0 for ""). */
size_t	cfg_key_depth(const char *key);
/* Length of the parent key (0 at top level). */
size_t	cfg_key_parent_len(const char *key);
/* The last component (a pointer into key). */
const char *cfg_key_last(const char *key);
/* 1 if key equals prefix or lies below it. */
int	cfg_key_within(const char *key, const char *prefix);

#endif
