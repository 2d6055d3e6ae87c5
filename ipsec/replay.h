/*
 * The inbound anti-replay window of one ESP SA (RFC 4303 section 3.4.3
 * and Appendix A): a bitmap of the last `window` sequence numbers below
 * the highest authenticated one, kept as a ring of 64-bit words so that
 * sliding it costs one cleared word per 64 packets (RFC 6479), whatever
 * the window size.
 *
 * The two halves are separate on purpose: esp_replay_check() only reads,
 * and the caller calls esp_replay_update() after the packet authenticated,
 * so a forged packet never moves the window.
 *
 * With extended sequence numbers the packet carries the low 32 bits only;
 * esp_replay_check() infers the high half from the window as RFC 4303
 * Appendix A2.2 describes.
 */
#ifndef IPSEC_REPLAY_H
#define IPSEC_REPLAY_H

#include <stddef.h>
#include <stdint.h>

struct esp_replay {
	uint64_t	 top;		/* highest authenticated; 0 = none */
	uint32_t	 window;	/* packets, >= 1 */
	uint32_t	 mask;		/* ring words - 1 (a power of two) */
	int		 esn;		/* 64-bit sequence numbers */
	uint64_t	*ring;		/* (borrowed) mask + 1 words */
};

/* Ring words a window of this many packets needs (a power of two). */
size_t	esp_replay_words(uint32_t window);

/*
 * Starts an empty window over ring (borrowed, esp_replay_words(window)
 * words; the caller keeps it alive as long as r).  window >= 1.
 */
void	esp_replay_init(struct esp_replay *r, uint64_t *ring, uint32_t window,
	    int esn);

/*
 * 0 when the packet whose sequence number field is seq_lo may be new (it
 * is ahead of the window, or in it and not seen), with the full sequence
 * number in *seq; -1 for a duplicate, a number left of the window, or 0
 * (RFC 4303 section 3.3.3: the first packet is number 1).  Reads only.
 */
int	esp_replay_check(const struct esp_replay *r, uint32_t seq_lo,
	    uint64_t *seq);

/* Marks seq (a value esp_replay_check() gave) as received, sliding the
 * window if it is ahead.  Call only once the packet authenticated. */
void	esp_replay_update(struct esp_replay *r, uint64_t seq);

/* Empties the window but for top, the highest number seen (tests). */
void	esp_replay_reset(struct esp_replay *r, uint64_t top);

#endif
