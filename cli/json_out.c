/*
 * json-c helpers of `| json` (json_out.h).  Counters are unsigned 64-bit
 * on the wire, so numbers go in as json-c's uint64 (printed exactly, not
 * through a double).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli/json_out.h"

struct json_object *
jo_doc(const char *schema, int version)
{
	struct json_object	*o;

	if ((o = json_object_new_object()) == NULL)
		return NULL;
	if (jo_str(o, "schema", schema) == -1 ||
	    jo_i64(o, "version", version) == -1) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* Adds v (consumed) under key; -1 if v is NULL or the add failed. */
static int
put(struct json_object *o, const char *key, struct json_object *v)
{
	if (v == NULL)
		return -1;
	if (json_object_object_add(o, key, v) != 0) {
		json_object_put(v);
		return -1;
	}
	return 0;
}

struct json_object *
jo_array(struct json_object *o, const char *key)
{
	struct json_object	*a = json_object_new_array();

	return put(o, key, a) == 0 ? a : NULL;
}

struct json_object *
jo_object(struct json_object *o, const char *key)
{
	struct json_object	*v = json_object_new_object();

	return put(o, key, v) == 0 ? v : NULL;
}

struct json_object *
jo_push_object(struct json_object *a)
{
	struct json_object	*v;

	if ((v = json_object_new_object()) == NULL)
		return NULL;
	if (json_object_array_add(a, v) != 0) {
		json_object_put(v);
		return NULL;
	}
	return v;
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629), or 0. */
static size_t
utf8_len(const unsigned char *s)
{
	size_t	n, k;

	if (s[0] < 0x80)
		return 1;
	n = s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ?
	    3 : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
	for (k = 1; k < n; k++)
		if ((s[k] & 0xc0) != 0x80)	/* also stops at the NUL */
			return 0;
	/* Overlong forms, surrogates, beyond U+10FFFF. */
	if ((n == 3 && s[0] == 0xe0 && s[1] < 0xa0) ||
	    (n == 3 && s[0] == 0xed && s[1] >= 0xa0) ||
	    (n == 4 && s[0] == 0xf0 && s[1] < 0x90) ||
	    (n == 4 && s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return n;
}

char *
jo_utf8_clean(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			*out, *q;
	size_t			 n;

	/* At worst every byte becomes the three bytes of U+FFFD. */
	if ((out = malloc(strlen(s) * 3 + 1)) == NULL)
		return NULL;
	for (q = out; *p != '\0'; p += n) {
		if ((n = utf8_len(p)) == 0) {
			memcpy(q, "\xef\xbf\xbd", 3);
			q += 3;
			n = 1;
		} else {
			memcpy(q, p, n);
			q += n;
		}
	}
	*q = '\0';
	return out;
}

static struct json_object *
new_str(const char *s)
{
	struct json_object	*v;
	char			*c;

	if ((c = jo_utf8_clean(s)) == NULL)
		return NULL;
	v = json_object_new_string(c);
	free(c);
	return v;
}

int
jo_str(struct json_object *o, const char *key, const char *s)
{
	struct json_object	*v;

	/* json_object_new_null() is NULL itself: add it directly. */
	if (s == NULL)
		return json_object_object_add(o, key, NULL) == 0 ? 0 : -1;
	if ((v = new_str(s)) == NULL)
		return -1;
	return put(o, key, v);
}

int
jo_push_str(struct json_object *a, const char *s)
{
	struct json_object	*v;

	if ((v = new_str(s != NULL ? s : "")) == NULL)
		return -1;
	if (json_object_array_add(a, v) != 0) {
		json_object_put(v);
		return -1;
	}
	return 0;
}

int
jo_u64(struct json_object *o, const char *key, uint64_t v)
{
	return put(o, key, json_object_new_uint64(v));
}

int
jo_i64(struct json_object *o, const char *key, int64_t v)
{
	return put(o, key, json_object_new_int64(v));
}

int
jo_bool(struct json_object *o, const char *key, int v)
{
	return put(o, key, json_object_new_boolean(v != 0));
}

int
jo_write(struct json_object *doc, int pretty, struct buf *out)
{
	const char	*s;
	int		 flags = JSON_C_TO_STRING_NOSLASHESCAPE;

	if (pretty)
		flags |= JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED;
	if ((s = json_object_to_json_string_ext(doc, flags)) == NULL)
		return -1;
	if (buf_add(out, s, strlen(s)) == -1 || buf_add(out, "\n", 1) == -1)
		return -1;
	return 0;
}
