/*
 * A small JSON reader for the known-answer vector files (RFC 8259 syntax):
 * parses a whole document into a tree of values.  Input is untrusted: every
 * byte is read through a bounds-checked reader, nesting is limited, strings
 * with control characters or broken escapes are refused, and a failure
 * frees everything and reports the byte offset.
 */
#ifndef TESTS_KAT_JSON_H
#define TESTS_KAT_JSON_H

#include <stddef.h>

/* Deepest nesting of arrays and objects accepted. */
#define KAT_JSON_MAX_DEPTH	64

enum kat_json_type {
	KAT_JSON_NULL,
	KAT_JSON_BOOL,
	KAT_JSON_NUMBER,
	KAT_JSON_STRING,
	KAT_JSON_ARRAY,
	KAT_JSON_OBJECT,
};

struct kat_json {
	enum kat_json_type	  type;
	int			  boolean;	/* BOOL */
	double			  number;	/* NUMBER */
	int			  is_int;	/* NUMBER without fraction or
						 * exponent that fits */
	long long		  integer;	/* valid when is_int */
	char			 *str;		/* STRING, NUL-terminated */
	size_t			  str_len;	/* may hold NULs (\u0000) */
	size_t			  n;		/* ARRAY/OBJECT members */
	struct kat_json		**items;
	char			**keys;		/* OBJECT: key of items[i] */
};

/*
 * Parses len bytes of text.  Returns the root (caller frees with
 * kat_json_free) or NULL with a message in err (size errlen, may be 0).
 */
struct kat_json	*kat_json_parse(const char *text, size_t len, char *err,
		    size_t errlen);
void		 kat_json_free(struct kat_json *v);

/* The member named key of an object (the first if repeated), or NULL. */
const struct kat_json *kat_json_get(const struct kat_json *obj,
		    const char *key);
/* The text of a string value (borrowed), or NULL for other types. */
const char	*kat_json_str(const struct kat_json *v);
/* 0 and the value if v is an integral number, else -1. */
int		 kat_json_int(const struct kat_json *v, long long *out);
/* Members of an array or object (0 for other types) and access by index. */
size_t		 kat_json_count(const struct kat_json *v);
const struct kat_json *kat_json_at(const struct kat_json *v, size_t i);
const char	*kat_json_key(const struct kat_json *v, size_t i);

#endif
