/*
 * Output filters after a `|` (SPEC 2.4): include, exclude, begin (POSIX
 * extended regular expressions), count and file, and IOS XR's `utility`
 * tools: head and tail [-n N], wc [-l], egrep REGEX.  Several may be chained
 * (`show running-config | include ikev2 | count`).  Pure except `file`,
 * which writes the output to a file instead of the terminal.
 *
 * `| json` is not a text filter: it asks the command for its JSON form
 * (cli/json_cmds.h), so it must come first, and only `| file PATH` may
 * follow it (a line filter would cut the document apart).
 */
#ifndef CLI_FILTER_H
#define CLI_FILTER_H

#include <regex.h>
#include <stddef.h>

#include "cli/match.h"
#include "common/buf.h"

#define CLI_FILTER_MAX	4

enum cli_filter_kind {
	CLI_FILTER_INCLUDE = 1,
	CLI_FILTER_EXCLUDE,
	CLI_FILTER_BEGIN,
	CLI_FILTER_COUNT,
	CLI_FILTER_FILE,
	CLI_FILTER_HEAD,	/* utility head [-n N] */
	CLI_FILTER_TAIL,	/* utility tail [-n N] */
	CLI_FILTER_WC,		/* utility wc [-l] */
	CLI_FILTER_JSON,	/* parsed into cli_filter.json, not f[] */
};

struct cli_filter {
	size_t	json;		/* word index of `json`; 0: not asked */
	size_t	n;
	struct {
		enum cli_filter_kind	 kind;
		int			 has_re;
		regex_t			 re;
		char			*path;
		unsigned long		 n;	/* head, tail: lines;
						 * wc: 1 = lines only */
	} f[CLI_FILTER_MAX];
};

/*
 * Parses the filters in words from..n-1 of tk (from is the first "|").
 * Returns 0, or -1 with *errtok (the word to point at) and err set.
 */
int	cli_filter_parse(struct cli_filter *, const struct cli_tokens *tk,
	    size_t from, size_t *errtok, char *err, size_t errsz);
/*
 * Filters text into out.  Returns 0, or -1 with err set (a `file` that
 * cannot be written).
 */
int	cli_filter_apply(const struct cli_filter *, const char *text,
	    size_t len, struct buf *out, char *err, size_t errsz);
/* Frees what the filters hold; the filter is empty after. */
void	cli_filter_clear(struct cli_filter *);

/* Index of the first word that is exactly "|", or tk->n. */
size_t	cli_filter_find(const struct cli_tokens *tk);

#endif
