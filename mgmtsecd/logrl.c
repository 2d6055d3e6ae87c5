/*
 * The log's rate limiter (see logrl.h).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "mgmtsecd/logrl.h"

/* A word: letters and digits (an SPI in hex, a port, "ip1"). */
static int
wordch(char c)
{
	return isalnum((unsigned char)c);
}

/*
 * FNV-1a over the line with every word that holds a digit as one '#'
 * (numbers, hex SPIs, "ip1": the kind stays, the values go); the source,
 * the first dotted quad, is copied out on the way and hashed in whole.
 */
static uint64_t
kind_of(const char *line, char *source, size_t cap, uint64_t *kind_only)
{
	uint64_t	 h = 0xcbf29ce484222325ull;
	const char	*p, *q, *w;
	size_t		 n;
	int		 dots, digit;

	source[0] = '\0';
	for (p = line; *p != '\0'; p++) {
		if (source[0] == '\0' && isdigit((unsigned char)*p) &&
		    (p == line || !wordch(p[-1]))) {
			for (q = p, dots = 0; isdigit((unsigned char)*q) ||
			    (*q == '.' && isdigit((unsigned char)q[1])); q++)
				dots += *q == '.';
			if (dots == 3 && !wordch(*q) &&
			    (n = (size_t)(q - p)) < cap) {
				memcpy(source, p, n);
				source[n] = '\0';
			}
		}
		if (wordch(*p)) {
			for (w = p, digit = 0; wordch(*w); w++)
				digit |= isdigit((unsigned char)*w);
			if (digit) {
				h = (h ^ '#') * 0x100000001b3ull;
				p = w - 1;
				continue;
			}
		}
		h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	}
	/* The kind over every source: another key of the same table. */
	*kind_only = ((h ^ 0x5a) * 0x100000001b3ull) | 1;
	for (p = source; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	return h ? h : 1;
}

/* Described in logrl.h. */
void
logrl_init(struct logrl *r)
{
	memset(r, 0, sizeof(*r));
}

static void
summarize(const struct logrl_slot *s, uint64_t now_ms, char *out, size_t cap)
{
	snprintf(out, cap, "suppressed %u similar message%s%s%s in the "
	    "last %llu s", s->suppressed, s->suppressed == 1 ? "" : "s",
	    s->source[0] ? " from " : "", s->source,
	    (unsigned long long)((now_ms - s->start_ms + 999) / 1000));
}

/* The slot of key (a new one from the least recently used, whose summary,
 * if any, goes to summary first), its window rolled over if it ended. */
static struct logrl_slot *
slot_for(struct logrl *r, uint64_t key, const char *src, uint64_t now_ms,
    char *summary, size_t cap)
{
	struct logrl_slot	*s = NULL, *lru = &r->slot[0];
	size_t			 i;

	for (i = 0; i < LOGRL_SLOTS; i++) {
		if (r->slot[i].key == key) {
			s = &r->slot[i];
			break;
		}
		if (r->slot[i].key == 0 ||
		    (lru->key != 0 && r->slot[i].used_ms < lru->used_ms))
			lru = &r->slot[i];
	}
	if (s == NULL) {
		s = lru;
		if (s->key != 0 && s->suppressed > 0 && cap > 0 &&
		    summary[0] == '\0')
			summarize(s, now_ms, summary, cap);
		memset(s, 0, sizeof(*s));
		s->key = key;
		s->start_ms = now_ms;
		snprintf(s->source, sizeof(s->source), "%s", src);
	}
	s->used_ms = now_ms;
	if (now_ms >= s->start_ms + LOGRL_WINDOW_MS) {
		if (s->suppressed > 0 && cap > 0 && summary[0] == '\0')
			summarize(s, now_ms, summary, cap);
		s->start_ms = now_ms;
		s->logged = 0;
		s->suppressed = 0;
	}
	return s;
}

/* Described in logrl.h.  A line is logged while both its kind-and-source
 * allowance and its kind's allowance over all sources last, so a flood
 * from many addresses is bounded too. */
int
logrl_check(struct logrl *r, const char *line, uint64_t now_ms,
    char *summary, size_t cap)
{
	struct logrl_slot	*s, *k = NULL;
	char			 src[16];
	uint64_t		 kind, key = kind_of(line, src, sizeof(src), &kind);

	if (cap > 0)
		summary[0] = '\0';
	s = slot_for(r, key, src, now_ms, summary, cap);
	if (src[0] != '\0')
		k = slot_for(r, kind, "", now_ms, summary, cap);
	if (s->logged < LOGRL_BURST &&
	    (k == NULL || k->logged < LOGRL_KIND_BURST)) {
		s->logged++;
		if (k != NULL)
			k->logged++;
		return 1;
	}
	if (s->logged >= LOGRL_BURST)
		s->suppressed++;
	else
		k->suppressed++;
	r->suppressed_total++;
	return 0;
}

/* Described in logrl.h. */
int
logrl_flush(struct logrl *r, uint64_t now_ms, char *summary, size_t cap)
{
	struct logrl_slot	*s;
	size_t			 i;

	for (i = 0; i < LOGRL_SLOTS; i++) {
		s = &r->slot[i];
		if (s->key == 0 || s->suppressed == 0 ||
		    now_ms < s->start_ms + LOGRL_WINDOW_MS)
			continue;
		summarize(s, now_ms, summary, cap);
		s->start_ms = now_ms;
		s->logged = 0;
		s->suppressed = 0;
		return 1;
	}
	return 0;
}
