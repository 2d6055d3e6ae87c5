/*
 * Output filters (SPEC 2.4).  A filter's argument is the raw text up to
 * the next word that is exactly "|", so a regular expression may hold
 * spaces and "|" inside a word (`| include ikev2|ipsec`).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/filter.h"

static const struct {
	const char		*word;
	enum cli_filter_kind	 kind;
	int			 arg;	/* 0 none, 1 required, 2 optional */
} kinds[] = {
	{ "begin", CLI_FILTER_BEGIN, 1 },
	{ "count", CLI_FILTER_COUNT, 2 },
	{ "exclude", CLI_FILTER_EXCLUDE, 1 },
	{ "file", CLI_FILTER_FILE, 1 },
	{ "include", CLI_FILTER_INCLUDE, 1 },
	{ "json", CLI_FILTER_JSON, 0 },
	{ "utility", 0, 1 },
};

/* `| utility TOOL ...`: the tools IOS XR offers that scripts use. */
static const struct {
	const char		*word;
	enum cli_filter_kind	 kind;
} tools[] = {
	{ "egrep", CLI_FILTER_INCLUDE },
	{ "head", CLI_FILTER_HEAD },
	{ "tail", CLI_FILTER_TAIL },
	{ "wc", CLI_FILTER_WC },
};

#define UTIL_LINES_DEFAULT	10

/* The word w of length len as a count of lines: 0, or -1. */
static int
lines_arg(const char *w, size_t len, unsigned long *n)
{
	char		buf[16], *end;
	unsigned long	v;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, w, len);
	buf[len] = '\0';
	errno = 0;
	v = strtoul(buf, &end, 10);
	if (*end != '\0' || errno != 0 || buf[0] == '-' || v > 1000000)
		return -1;
	*n = v;
	return 0;
}

static int
word_is(const struct cli_tokens *tk, size_t i, const char *w)
{
	return tk->t[i].len == strlen(w) && memcmp(tk->t[i].s, w,
	    tk->t[i].len) == 0;
}

/*
 * `utility TOOL [OPTIONS]` in words i .. end-1 (i is "utility") into
 * filter f, the regular expression of egrep excepted (the caller compiles
 * what follows as for include).  Returns the index of egrep's first
 * argument word, end when done, or 0 with *errtok and err set.
 */
static size_t
utility_parse(const struct cli_tokens *tk, size_t i, size_t end,
    enum cli_filter_kind *kind, unsigned long *n, size_t *errtok, char *err,
    size_t errsz)
{
	size_t	k, found = sizeof(tools) / sizeof(tools[0]), j;

	if (i + 1 >= end) {
		*errtok = end;
		snprintf(err, errsz, "Incomplete command.");
		return 0;
	}
	for (k = 0; k < sizeof(tools) / sizeof(tools[0]); k++)
		if (tk->t[i + 1].len <= strlen(tools[k].word) &&
		    strncasecmp(tools[k].word, tk->t[i + 1].s,
		    tk->t[i + 1].len) == 0) {
			if (found != sizeof(tools) / sizeof(tools[0])) {
				*errtok = i + 1;
				snprintf(err, errsz, "Ambiguous command");
				return 0;
			}
			found = k;
		}
	if (found == sizeof(tools) / sizeof(tools[0])) {
		*errtok = i + 1;
		snprintf(err, errsz, "Invalid input detected at '^' marker.");
		return 0;
	}
	*kind = tools[found].kind;
	j = i + 2;
	switch (*kind) {
	case CLI_FILTER_INCLUDE:	/* egrep REGEX */
		if (j >= end) {
			*errtok = end;
			snprintf(err, errsz, "Incomplete command.");
			return 0;
		}
		return j;
	case CLI_FILTER_WC:
		*n = 0;
		if (j < end && word_is(tk, j, "-l")) {
			*n = 1;
			j++;
		}
		break;
	default:			/* head, tail */
		*n = UTIL_LINES_DEFAULT;
		if (j < end && word_is(tk, j, "-n")) {
			if (j + 1 >= end) {
				*errtok = end;
				snprintf(err, errsz, "Incomplete command.");
				return 0;
			}
			if (lines_arg(tk->t[j + 1].s, tk->t[j + 1].len,
			    n) == -1) {
				*errtok = j + 1;
				snprintf(err, errsz, "Invalid input detected "
				    "at '^' marker.");
				return 0;
			}
			j += 2;
		} else if (j < end && tk->t[j].len > 1 && tk->t[j].s[0] ==
		    '-' && lines_arg(tk->t[j].s + 1, tk->t[j].len - 1,
		    n) == 0)
			j++;		/* head -20 */
		break;
	}
	if (j < end) {
		*errtok = j;
		snprintf(err, errsz, "Invalid input detected at '^' marker.");
		return 0;
	}
	return end;
}

size_t
cli_filter_find(const struct cli_tokens *tk)
{
	size_t	i;

	for (i = 0; i < tk->n; i++)
		if (tk->t[i].len == 1 && tk->t[i].s[0] == '|')
			return i;
	return tk->n;
}

void
cli_filter_clear(struct cli_filter *fl)
{
	size_t	i;

	for (i = 0; i < fl->n; i++) {
		if (fl->f[i].has_re)
			regfree(&fl->f[i].re);
		free(fl->f[i].path);
	}
	memset(fl, 0, sizeof(*fl));
}

int
cli_filter_parse(struct cli_filter *fl, const struct cli_tokens *tk,
    size_t from, size_t *errtok, char *err, size_t errsz)
{
	size_t		 i = from, j, k, found, end, alen;
	const char	*a;
	char		*text;
	int		 rc;

	memset(fl, 0, sizeof(*fl));
	while (i < tk->n) {
		/* tk->t[i] is "|" */
		if (fl->n == CLI_FILTER_MAX) {
			*errtok = i;
			snprintf(err, errsz, "Too many output filters");
			goto fail;
		}
		if (++i >= tk->n) {
			*errtok = i;
			snprintf(err, errsz, "Incomplete command.");
			goto fail;
		}
		found = sizeof(kinds) / sizeof(kinds[0]);
		for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			if (tk->t[i].len > strlen(kinds[k].word) ||
			    strncasecmp(kinds[k].word, tk->t[i].s,
			    tk->t[i].len) != 0)
				continue;
			if (found != sizeof(kinds) / sizeof(kinds[0])) {
				*errtok = i;
				snprintf(err, errsz, "Ambiguous command");
				goto fail;
			}
			found = k;
		}
		if (found == sizeof(kinds) / sizeof(kinds[0])) {
			*errtok = i;
			snprintf(err, errsz, "Invalid input detected at '^' "
			    "marker.");
			goto fail;
		}
		for (end = i + 1; end < tk->n; end++)
			if (tk->t[end].len == 1 && tk->t[end].s[0] == '|')
				break;
		/* json first and alone, or followed by file (filter.h). */
		if ((kinds[found].kind == CLI_FILTER_JSON && i != from + 1) ||
		    (fl->json && kinds[found].kind != CLI_FILTER_FILE)) {
			*errtok = i;
			snprintf(err, errsz, "Invalid input detected at '^' "
			    "marker.");
			goto fail;
		}
		if (kinds[found].kind == CLI_FILTER_JSON) {
			if (end != i + 1) {
				*errtok = i + 1;
				snprintf(err, errsz, "Invalid input detected "
				    "at '^' marker.");
				goto fail;
			}
			fl->json = i;
			i = end;
			continue;
		}
		fl->f[fl->n].kind = kinds[found].kind;
		if (kinds[found].kind == 0) {
			j = utility_parse(tk, i, end, &fl->f[fl->n].kind,
			    &fl->f[fl->n].n, errtok, err, errsz);
			if (j == 0)
				goto fail;
			if (j == end) {
				fl->n++;
				i = end;
				continue;
			}
			i = j - 1;	/* egrep: its REGEX as include's */
		}
		if (end == i + 1) {
			if (kinds[found].arg == 1) {
				*errtok = end;
				snprintf(err, errsz, "Incomplete command.");
				goto fail;
			}
			fl->n++;
			i = end;
			continue;
		}
		a = tk->t[i + 1].s;
		alen = (size_t)(tk->t[end - 1].s + tk->t[end - 1].len - a);
		if ((text = strndup(a, alen)) == NULL) {
			snprintf(err, errsz, "Out of memory");
			*errtok = i;
			goto fail;
		}
		if (kinds[found].kind == CLI_FILTER_FILE) {
			if (end != i + 2) {
				free(text);
				*errtok = i + 2;
				snprintf(err, errsz, "Invalid input detected at "
				    "'^' marker.");
				goto fail;
			}
			fl->f[fl->n++].path = text;
		} else {
			rc = regcomp(&fl->f[fl->n].re, text, REG_EXTENDED |
			    REG_NOSUB);
			free(text);
			if (rc != 0) {
				*errtok = i + 1;
				j = (size_t)snprintf(err, errsz, "Invalid regular "
				    "expression: ");
				if (j < errsz)
					regerror(rc, &fl->f[fl->n].re, err + j,
					    errsz - j);
				regfree(&fl->f[fl->n].re);
				goto fail;
			}
			fl->f[fl->n++].has_re = 1;
		}
		i = end;
	}
	return 0;
fail:
	cli_filter_clear(fl);
	return -1;
}

static int
matches(const regex_t *re, const char *s, size_t len)
{
	char	 small[512], *l = small;
	int	 rc;

	/* regexec wants a string: copy the line (without newline). */
	if (len >= sizeof(small) && (l = malloc(len + 1)) == NULL)
		return 0;
	memcpy(l, s, len);
	l[len] = 0;
	rc = regexec(re, l, 0, NULL, 0) == 0;
	if (l != small)
		free(l);
	return rc;
}

/* Words (runs of non-blanks) in p[0 .. len). */
static size_t
count_words(const char *p, size_t len)
{
	size_t	i, n = 0;
	int	in = 0;

	for (i = 0; i < len; i++) {
		if (p[i] == ' ' || p[i] == '\t' || p[i] == '\r') {
			in = 0;
		} else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

/* The last want of the total lines of text into out. */
static int
tail(const char *text, size_t len, size_t total, unsigned long want,
    struct buf *out)
{
	const char	*p = text, *end = text + len, *nl;
	size_t		 skip = total > want ? total - want : 0;

	while (skip > 0 && p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
		skip--;
	}
	return buf_add(out, p, (size_t)(end - p));
}

/* One filter stage: text -> out. */
static int
stage(const struct cli_filter *fl, size_t k, const char *text, size_t len,
    struct buf *out, char *err, size_t errsz)
{
	const char	*p = text, *end = text + len, *nl;
	size_t		 ll, count = 0, words = 0;
	int		 began = 0, keep;
	FILE		*f;

	if (fl->f[k].kind == CLI_FILTER_FILE) {
		if ((f = fopen(fl->f[k].path, "w")) == NULL ||
		    fwrite(text, 1, len, f) != len) {
			snprintf(err, errsz, "Cannot write %s: %s",
			    fl->f[k].path, strerror(errno));
			if (f)
				fclose(f);
			return -1;
		}
		if (fclose(f) != 0) {
			snprintf(err, errsz, "Cannot write %s: %s",
			    fl->f[k].path, strerror(errno));
			return -1;
		}
		return 0;
	}
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
		switch (fl->f[k].kind) {
		case CLI_FILTER_INCLUDE:
			keep = matches(&fl->f[k].re, p, ll);
			break;
		case CLI_FILTER_EXCLUDE:
			keep = !matches(&fl->f[k].re, p, ll);
			break;
		case CLI_FILTER_BEGIN:
			if (!began)
				began = matches(&fl->f[k].re, p, ll);
			keep = began;
			break;
		case CLI_FILTER_HEAD:
			keep = count++ < fl->f[k].n;
			break;
		case CLI_FILTER_TAIL:
		case CLI_FILTER_WC:
			count++;
			words += count_words(p, ll);
			keep = 0;
			break;
		default:	/* COUNT */
			if (!fl->f[k].has_re || matches(&fl->f[k].re, p, ll))
				count++;
			keep = 0;
			break;
		}
		if (keep && (buf_add(out, p, ll) == -1 ||
		    buf_add(out, "\n", 1) == -1))
			return -1;
		p += ll + (nl != NULL);
	}
	if (fl->f[k].kind == CLI_FILTER_COUNT &&
	    buf_printf(out, "Number of lines which match regexp = %zu\n",
	    count) == -1)
		return -1;
	if (fl->f[k].kind == CLI_FILTER_WC)
		return (fl->f[k].n ? buf_printf(out, "%zu\n", count) :
		    buf_printf(out, "%7zu %7zu %7zu\n", count, words, len)) ==
		    -1 ? -1 : 0;
	if (fl->f[k].kind == CLI_FILTER_TAIL)
		return tail(text, len, count, fl->f[k].n, out);
	return 0;
}

int
cli_filter_apply(const struct cli_filter *fl, const char *text, size_t len,
    struct buf *out, char *err, size_t errsz)
{
	struct buf	a = { 0 }, b = { 0 };
	size_t		k;
	int		rc = 0;

	if (fl->n == 0)
		return buf_add(out, text, len);
	if (buf_add(&a, text, len) == -1)
		return -1;
	for (k = 0; k < fl->n && rc == 0; k++) {
		buf_reset(&b);
		rc = stage(fl, k, a.data ? (const char *)a.data : "", a.len,
		    &b, err, errsz);
		buf_reset(&a);
		if (rc == 0 && buf_add(&a, b.data ? b.data : (uint8_t *)"",
		    b.len) == -1)
			rc = -1;
	}
	if (rc == 0 && buf_add(out, a.data ? a.data : (uint8_t *)"",
	    a.len) == -1)
		rc = -1;
	buf_free(&a);
	buf_free(&b);
	return rc;
}
