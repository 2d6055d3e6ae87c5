/*
 * Helpers of the shell's `| json` output over json-c: a document is one
 * object with "schema" (which shape) and "version" (of that shape) first,
 * then the command's keys.  Every string goes in through jo_str(), which
 * makes it valid UTF-8 (daemon strings are untrusted bytes; json-c would
 * pass bad sequences through), and json-c does all the escaping.
 *
 * The add helpers return 0, or -1 when memory runs out (the object is then
 * left without the key); callers OR the results and check once.
 */
#ifndef CLI_JSON_OUT_H
#define CLI_JSON_OUT_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "common/buf.h"

/* A new document {"schema": schema, "version": version}, or NULL. */
struct json_object	*jo_doc(const char *schema, int version);
/* A new array added to o under key (borrowed), or NULL. */
struct json_object	*jo_array(struct json_object *o, const char *key);
/* A new object added to o under key (borrowed), or NULL. */
struct json_object	*jo_object(struct json_object *o, const char *key);
/* A new object appended to array a (borrowed), or NULL. */
struct json_object	*jo_push_object(struct json_object *a);

/* s NULL adds JSON null. */
int	jo_str(struct json_object *o, const char *key, const char *s);
int	jo_u64(struct json_object *o, const char *key, uint64_t v);
int	jo_i64(struct json_object *o, const char *key, int64_t v);
int	jo_bool(struct json_object *o, const char *key, int v);
/* Appends a string (made valid UTF-8) to array a. */
int	jo_push_str(struct json_object *a, const char *s);

/*
 * A copy of s with every byte that is not part of a well-formed UTF-8
 * sequence replaced by U+FFFD.  Caller frees; NULL when out of memory.
 */
char	*jo_utf8_clean(const char *s);

/* JO_PRETTY: indented as the shell prints it; 0: compact. */
#define JO_PRETTY	1
/* Appends the document and a newline to out.  0, or -1. */
int	jo_write(struct json_object *doc, int pretty, struct buf *out);

#endif
