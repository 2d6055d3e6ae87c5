/*
 * The log's rate limiter, pure (no clock, no output of its own): lines of
 * one kind from one source are logged up to a burst per window, then
 * counted, and a summary says how many were left out.  A kind is the line
 * with its numbers blanked ("IKE_SA_INIT from #.#.#.#: no proposal" is
 * one kind, whatever the SPI or port); the source is the first IPv4
 * address in the line, kept as it is, so one noisy peer cannot silence
 * the lines about another; a kind is also held to LOGRL_KIND_BURST lines
 * over all sources, so neither can many.  The table is bounded; a kind
 * that no longer fits takes the slot least recently used.
 */
#ifndef MGMTSECD_LOGRL_H
#define MGMTSECD_LOGRL_H

#include <stddef.h>
#include <stdint.h>

#define LOGRL_SLOTS	64
#define LOGRL_BURST	5	/* lines per kind and source per window */
#define LOGRL_KIND_BURST 20	/* lines per kind, all sources together */
#define LOGRL_WINDOW_MS	10000

struct logrl_slot {
	uint64_t	key;		/* 0: free */
	uint64_t	start_ms;	/* the window's start */
	uint64_t	used_ms;
	uint32_t	logged;		/* in this window */
	uint32_t	suppressed;	/* in this window */
	char		source[16];	/* "A.B.C.D" or "" */
};

struct logrl {
	struct logrl_slot	slot[LOGRL_SLOTS];
	uint64_t		suppressed_total;
};

void	logrl_init(struct logrl *r);

/*
 * Line `line` at now_ms: 1 to log it, 0 when it is left out (counted).
 * When the line's window has ended with lines left out, *summary (cap
 * octets) receives the summary to log before it; otherwise it is "".
 */
int	logrl_check(struct logrl *r, const char *line, uint64_t now_ms,
	    char *summary, size_t cap);

/*
 * The summary of one window that has ended with lines left out, into
 * summary (cap octets), the window then closed: 1, or 0 when there is
 * none.  Call it until it returns 0 (from a periodic timer), so a flood
 * that stops is still summed up.
 */
int	logrl_flush(struct logrl *r, uint64_t now_ms, char *summary,
	    size_t cap);

#endif
