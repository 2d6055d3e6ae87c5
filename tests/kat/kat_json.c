/*
 * JSON reader for tests/kat (see kat_json.h).  A recursive-descent parser
 * over struct rd: each character is taken with a length check, so no input
 * can make it read past the end; recursion is capped at KAT_JSON_MAX_DEPTH
 * so no input can exhaust the stack; and every value consumes at least one
 * input byte, so memory stays proportional to the input.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "tests/kat/kat_json.h"

struct parser {
	struct rd	 r;
	char		*err;
	size_t		 errlen;
	int		 failed;
};

static struct kat_json *parse_value(struct parser *, int);
static void	fail(struct parser *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static void
fail(struct parser *ps, const char *fmt, ...)
{
	va_list	ap;
	char	msg[128];

	if (ps->failed)
		return;		/* keep the first, innermost reason */
	ps->failed = 1;
	if (ps->errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(ps->err, ps->errlen, "offset %zu: %s", ps->r.off, msg);
}

/* The next byte without taking it, or -1 at the end. */
static int
peek(const struct parser *ps)
{
	return rd_left(&ps->r) ? ps->r.p[ps->r.off] : -1;
}

/* Takes the next byte, or returns -1 at the end. */
static int
next(struct parser *ps)
{
	uint8_t	c;

	if (rd_u8(&ps->r, &c) == -1)
		return -1;
	return c;
}

static void
skip_ws(struct parser *ps)
{
	int	c;

	while ((c = peek(ps)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		(void)next(ps);
}

/* Takes the literal word (true/false/null) or fails. */
static int
expect_word(struct parser *ps, const char *w)
{
	for (; *w; w++)
		if (next(ps) != (unsigned char)*w) {
			fail(ps, "bad literal");
			return -1;
		}
	return 0;
}

static struct kat_json *
node_new(struct parser *ps, enum kat_json_type t)
{
	struct kat_json	*v;

	if ((v = calloc(1, sizeof(*v))) == NULL) {
		fail(ps, "out of memory");
		return NULL;
	}
	v->type = t;
	return v;
}

/* Described in header. */
void
kat_json_free(struct kat_json *v)
{
	size_t	i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		kat_json_free(v->items[i]);
		if (v->keys != NULL)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

static int
hex4(struct parser *ps, unsigned *out)
{
	unsigned	v = 0;
	int		i, c;

	for (i = 0; i < 4; i++) {
		c = next(ps);
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else if (c >= 'A' && c <= 'F')
			c -= 'A' - 10;
		else {
			fail(ps, "bad \\u escape");
			return -1;
		}
		v = v << 4 | (unsigned)c;
	}
	*out = v;
	return 0;
}

/* Appends code point cp as UTF-8. */
static int
put_utf8(struct buf *b, unsigned cp)
{
	uint8_t	u[4];
	size_t	n;

	if (cp < 0x80) {
		u[0] = (uint8_t)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (uint8_t)(0xc0 | cp >> 6);
		u[1] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (uint8_t)(0xe0 | cp >> 12);
		u[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (uint8_t)(0xf0 | cp >> 18);
		u[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (uint8_t)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return buf_add(b, u, n);
}

/* A \uXXXX escape (the backslash and 'u' taken), surrogate pairs joined. */
static int
parse_u_escape(struct parser *ps, struct buf *b)
{
	unsigned	hi, lo;

	if (hex4(ps, &hi) == -1)
		return -1;
	if (hi >= 0xdc00 && hi <= 0xdfff) {
		fail(ps, "lone low surrogate");
		return -1;
	}
	if (hi >= 0xd800 && hi <= 0xdbff) {
		if (next(ps) != '\\' || next(ps) != 'u' ||
		    hex4(ps, &lo) == -1 || lo < 0xdc00 || lo > 0xdfff) {
			fail(ps, "unpaired high surrogate");
			return -1;
		}
		hi = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
	}
	return put_utf8(b, hi);
}

/* A string after its opening quote; the text goes into b. */
static int
parse_string_into(struct parser *ps, struct buf *b)
{
	int	c;
	uint8_t	ch;

	for (;;) {
		if ((c = next(ps)) == -1) {
			fail(ps, "unterminated string");
			return -1;
		}
		if (c == '"')
			break;
		if (c < 0x20) {
			fail(ps, "control character in string");
			return -1;
		}
		if (c == '\\') {
			switch ((c = next(ps))) {
			case '"': case '\\': case '/':
				ch = (uint8_t)c;
				break;
			case 'b': ch = '\b'; break;
			case 'f': ch = '\f'; break;
			case 'n': ch = '\n'; break;
			case 'r': ch = '\r'; break;
			case 't': ch = '\t'; break;
			case 'u':
				if (parse_u_escape(ps, b) == -1)
					return -1;
				continue;
			default:
				fail(ps, "bad escape");
				return -1;
			}
		} else
			ch = (uint8_t)c;
		if (buf_add_u8(b, ch) == -1) {
			fail(ps, "out of memory");
			return -1;
		}
	}
	/* An empty string still needs its terminator. */
	if (buf_reserve(b, 1) == -1) {
		fail(ps, "out of memory");
		return -1;
	}
	b->data[b->len] = 0;
	return 0;
}

/* A string value (or key) after its opening quote, as a fresh C string. */
static char *
parse_cstring(struct parser *ps, size_t *lenp)
{
	struct buf	 b = { 0 };
	char		*s;

	if (parse_string_into(ps, &b) == -1) {
		buf_free(&b);
		return NULL;
	}
	*lenp = b.len;
	s = (char *)buf_steal(&b, lenp);
	if (s == NULL)
		fail(ps, "out of memory");
	return s;
}

/*
 * A number, checked against the JSON grammar before it is converted:
 * -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
 */
static struct kat_json *
parse_number(struct parser *ps)
{
	struct kat_json	*v;
	char		 txt[64], *end;
	size_t		 n = 0;
	int		 c, integral = 1, digits;

#define TAKE() do {							\
		if (n + 1 >= sizeof(txt)) {				\
			fail(ps, "number too long");			\
			return NULL;					\
		}							\
		txt[n++] = (char)next(ps);				\
	} while (0)
#define DIGITS() do {							\
		digits = 0;						\
		while ((c = peek(ps)) >= '0' && c <= '9') {		\
			TAKE();						\
			digits++;					\
		}							\
		if (digits == 0) {					\
			fail(ps, "bad number");				\
			return NULL;					\
		}							\
	} while (0)

	if (peek(ps) == '-')
		TAKE();
	if (peek(ps) == '0') {
		TAKE();
		if ((c = peek(ps)) >= '0' && c <= '9') {
			fail(ps, "leading zero");
			return NULL;
		}
	} else
		DIGITS();
	if (peek(ps) == '.') {
		integral = 0;
		TAKE();
		DIGITS();
	}
	if ((c = peek(ps)) == 'e' || c == 'E') {
		integral = 0;
		TAKE();
		if ((c = peek(ps)) == '+' || c == '-')
			TAKE();
		DIGITS();
	}
#undef DIGITS
#undef TAKE
	txt[n] = 0;
	if ((v = node_new(ps, KAT_JSON_NUMBER)) == NULL)
		return NULL;
	v->number = strtod(txt, NULL);
	if (integral) {
		errno = 0;
		v->integer = strtoll(txt, &end, 10);
		v->is_int = errno == 0 && *end == 0;
	}
	return v;
}

/* Appends an item (and key) to an array or object node. */
static int
node_add(struct parser *ps, struct kat_json *v, struct kat_json *item,
    char *key)
{
	struct kat_json	**ni;
	char		**nk;
	size_t		  cap;

	/* Grow at powers of two: n is a power of two when full. */
	if (v->n == 0 || (v->n & (v->n - 1)) == 0) {
		cap = v->n ? v->n * 2 : 4;
		if (cap > SIZE_MAX / sizeof(*ni))
			goto oom;
		if ((ni = realloc(v->items, cap * sizeof(*ni))) == NULL)
			goto oom;
		v->items = ni;
		if (v->type == KAT_JSON_OBJECT) {
			if ((nk = realloc(v->keys, cap * sizeof(*nk))) == NULL)
				goto oom;
			v->keys = nk;
		}
	}
	v->items[v->n] = item;
	if (v->type == KAT_JSON_OBJECT)
		v->keys[v->n] = key;
	v->n++;
	return 0;
oom:
	fail(ps, "out of memory");
	return -1;
}

static struct kat_json *
parse_array(struct parser *ps, int depth)
{
	struct kat_json	*v, *item;

	if ((v = node_new(ps, KAT_JSON_ARRAY)) == NULL)
		return NULL;
	skip_ws(ps);
	if (peek(ps) == ']') {
		(void)next(ps);
		return v;
	}
	for (;;) {
		if ((item = parse_value(ps, depth + 1)) == NULL)
			goto err;
		if (node_add(ps, v, item, NULL) == -1) {
			kat_json_free(item);
			goto err;
		}
		skip_ws(ps);
		switch (next(ps)) {
		case ',':
			continue;
		case ']':
			return v;
		default:
			fail(ps, "expected ',' or ']'");
			goto err;
		}
	}
err:
	kat_json_free(v);
	return NULL;
}

static struct kat_json *
parse_object(struct parser *ps, int depth)
{
	struct kat_json	*v, *item;
	char		*key;
	size_t		 klen;

	if ((v = node_new(ps, KAT_JSON_OBJECT)) == NULL)
		return NULL;
	skip_ws(ps);
	if (peek(ps) == '}') {
		(void)next(ps);
		return v;
	}
	for (;;) {
		skip_ws(ps);
		if (next(ps) != '"') {
			fail(ps, "expected a key");
			goto err;
		}
		if ((key = parse_cstring(ps, &klen)) == NULL)
			goto err;
		skip_ws(ps);
		if (next(ps) != ':') {
			free(key);
			fail(ps, "expected ':'");
			goto err;
		}
		if ((item = parse_value(ps, depth + 1)) == NULL) {
			free(key);
			goto err;
		}
		if (node_add(ps, v, item, key) == -1) {
			free(key);
			kat_json_free(item);
			goto err;
		}
		skip_ws(ps);
		switch (next(ps)) {
		case ',':
			continue;
		case '}':
			return v;
		default:
			fail(ps, "expected ',' or '}'");
			goto err;
		}
	}
err:
	kat_json_free(v);
	return NULL;
}

static struct kat_json *
parse_value(struct parser *ps, int depth)
{
	struct kat_json	*v;
	int		 c;

	if (depth > KAT_JSON_MAX_DEPTH) {
		fail(ps, "nested too deeply");
		return NULL;
	}
	skip_ws(ps);
	switch ((c = peek(ps))) {
	case '{':
		(void)next(ps);
		return parse_object(ps, depth);
	case '[':
		(void)next(ps);
		return parse_array(ps, depth);
	case '"':
		(void)next(ps);
		if ((v = node_new(ps, KAT_JSON_STRING)) == NULL)
			return NULL;
		if ((v->str = parse_cstring(ps, &v->str_len)) == NULL) {
			free(v);
			return NULL;
		}
		return v;
	case 't':
	case 'f':
		if (expect_word(ps, c == 't' ? "true" : "false") == -1)
			return NULL;
		if ((v = node_new(ps, KAT_JSON_BOOL)) != NULL)
			v->boolean = c == 't';
		return v;
	case 'n':
		if (expect_word(ps, "null") == -1)
			return NULL;
		return node_new(ps, KAT_JSON_NULL);
	case -1:
		fail(ps, "unexpected end of input");
		return NULL;
	default:
		if (c == '-' || (c >= '0' && c <= '9'))
			return parse_number(ps);
		fail(ps, "unexpected character 0x%02x", (unsigned)c);
		return NULL;
	}
}

/* Described in header. */
struct kat_json *
kat_json_parse(const char *text, size_t len, char *err, size_t errlen)
{
	struct parser	 ps;
	struct kat_json	*v;

	memset(&ps, 0, sizeof(ps));
	rd_init(&ps.r, text, text ? len : 0);
	ps.err = err;
	ps.errlen = errlen;
	if (errlen)
		err[0] = 0;
	if ((v = parse_value(&ps, 0)) == NULL)
		return NULL;
	skip_ws(&ps);
	if (rd_left(&ps.r)) {
		fail(&ps, "trailing data");
		kat_json_free(v);
		return NULL;
	}
	return v;
}

/* Described in header. */
const struct kat_json *
kat_json_get(const struct kat_json *obj, const char *key)
{
	size_t	i;

	if (obj == NULL || obj->type != KAT_JSON_OBJECT || key == NULL)
		return NULL;
	for (i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return obj->items[i];
	return NULL;
}

/* Described in header. */
const char *
kat_json_str(const struct kat_json *v)
{
	return v != NULL && v->type == KAT_JSON_STRING ? v->str : NULL;
}

/* Described in header. */
int
kat_json_int(const struct kat_json *v, long long *out)
{
	if (v == NULL || v->type != KAT_JSON_NUMBER || !v->is_int)
		return -1;
	*out = v->integer;
	return 0;
}

/* Described in header. */
size_t
kat_json_count(const struct kat_json *v)
{
	if (v == NULL ||
	    (v->type != KAT_JSON_ARRAY && v->type != KAT_JSON_OBJECT))
		return 0;
	return v->n;
}

/* Described in header. */
const struct kat_json *
kat_json_at(const struct kat_json *v, size_t i)
{
	return i < kat_json_count(v) ? v->items[i] : NULL;
}

/* Described in header. */
const char *
kat_json_key(const struct kat_json *v, size_t i)
{
	if (v == NULL || v->type != KAT_JSON_OBJECT || i >= v->n)
		return NULL;
	return v->keys[i];
}
