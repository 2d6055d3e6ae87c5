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
	int			 arg;	/* 1 required, 2 optional */
} kinds[] = {
	{ "begin", CLI_FILTER_BEGIN, 1 },
	{ "count", CLI_FILTER_COUNT, 2 },
	{ "exclude", CLI_FILTER_EXCLUDE, 1 },
	{ "file", CLI_FILTER_FILE, 1 },
	{ "include", CLI_FILTER_INCLUDE, 1 },
};

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
		fl->f[fl->n].kind = kinds[found].kind;
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

/* One filter stage: text -> out. */
static int
stage(const struct cli_filter *fl, size_t k, const char *text, size_t len,
    struct buf *out, char *err, size_t errsz)
{
	const char	*p = text, *end = text + len, *nl;
	size_t		 ll, count = 0;
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
