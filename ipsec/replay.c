/*
 * The anti-replay window (see replay.h): the bitmap ring, the check that
 * only reads it, the update that slides it, and the high-half inference
 * for extended sequence numbers.  It knows nothing of packets or keys;
 * esp.c decides when a packet has earned an update.
 */
#include "config.h"

#include <string.h>

#include "ipsec/replay.h"

/* Described in header. */
size_t
esp_replay_words(uint32_t window)
{
	size_t	need, words = 1;

	/*
	 * The window (top - window, top] can touch ceil(window / 64) + 1
	 * words when it does not start on a word boundary; a power of two
	 * at least that large lets the ring index be a mask.
	 */
	need = ((size_t)window + 63) / 64 + 1;
	while (words < need)
		words <<= 1;
	return words;
}

/* Described in header. */
void
esp_replay_init(struct esp_replay *r, uint64_t *ring, uint32_t window,
    int esn)
{
	size_t	words = esp_replay_words(window);

	r->top = 0;
	r->window = window;
	r->mask = (uint32_t)(words - 1);
	r->esn = esn;
	r->ring = ring;
	memset(ring, 0, words * sizeof(*ring));
}

/*
 * RFC 4303 Appendix A2.2: the high 32 bits of a 64-bit sequence number
 * whose low half is s.  When the whole window lies in one 2^32 block, a
 * low half below the window's bottom must belong to the next block; when
 * the window straddles two blocks, a low half at or above the bottom
 * belongs to the previous one.  -1 when the answer would fall outside
 * 0..2^64-1 (before the first packet, or past the last).
 */
static int
esn_high(const struct esp_replay *r, uint32_t s, uint32_t *hi)
{
	uint32_t	tl = (uint32_t)r->top, th = (uint32_t)(r->top >> 32);
	uint32_t	bottom = tl - (r->window - 1);	/* mod 2^32 */

	if (tl >= r->window - 1) {
		if (s >= bottom) {
			*hi = th;
			return 0;
		}
		if (th == UINT32_MAX)
			return -1;
		*hi = th + 1;
		return 0;
	}
	if (s >= bottom) {
		if (th == 0)
			return -1;
		*hi = th - 1;
		return 0;
	}
	*hi = th;
	return 0;
}

/* Described in header. */
int
esp_replay_check(const struct esp_replay *r, uint32_t seq_lo, uint64_t *seq)
{
	uint64_t	s = seq_lo;
	uint32_t	hi;

	if (r->esn) {
		if (esn_high(r, seq_lo, &hi) == -1)
			return -1;
		s |= (uint64_t)hi << 32;
	}
	if (s == 0)
		return -1;
	*seq = s;
	if (s > r->top)
		return 0;
	if (r->top - s >= r->window)
		return -1;
	if (r->ring[(s >> 6) & r->mask] & ((uint64_t)1 << (s & 63)))
		return -1;
	return 0;
}

/* Described in header. */
void
esp_replay_update(struct esp_replay *r, uint64_t seq)
{
	uint64_t	from, to, n, i;

	if (seq > r->top) {
		/*
		 * Clear the words the window slides into.  A jump of a
		 * whole ring or more clears it all, so a far-ahead packet
		 * costs the same as a small step.
		 */
		from = r->top >> 6;
		to = seq >> 6;
		n = to - from;
		if (n > (uint64_t)r->mask + 1)
			n = (uint64_t)r->mask + 1;
		for (i = 1; i <= n; i++)
			r->ring[(from + i) & r->mask] = 0;
		r->top = seq;
	}
	r->ring[(seq >> 6) & r->mask] |= (uint64_t)1 << (seq & 63);
}

/* Described in header. */
void
esp_replay_reset(struct esp_replay *r, uint64_t top)
{
	memset(r->ring, 0, ((size_t)r->mask + 1) * sizeof(*r->ring));
	r->top = top;
	r->ring[(top >> 6) & r->mask] |= (uint64_t)1 << (top & 63);
}
