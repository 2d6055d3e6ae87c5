/*
 * Two IKE engines in one process (strongSwan's exchange_tests idea): side 0
 * at 198.51.100.1, side 1 at 198.51.100.2, each with a recording data plane,
 * deterministic randomness and a simulated clock.  Datagrams go through a
 * FIFO queue that a test can filter (drop, duplicate, hold back) and an
 * optional port-translating "NAT" in front of side 0.  Used by the
 * engine_*_test programs and by bench/ike.
 */
#ifndef TESTS_ENGINE_HARNESS_H
#define TESTS_ENGINE_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "ikev2/engine.h"
#include "platform/dp_record.h"

#define H_TIMERS	64
#define H_FAILS		32
#define H_KEYS		256
#define H_NONCE_FIX	16

struct h_pkt {
	int		 to;		/* receiving side */
	struct ike_addr	 src;
	struct ike_addr	 dst;
	uint8_t		*data;
	size_t		 len;
	unsigned	 seq;		/* sending order, from 1 */
};

struct h_side {
	struct ike_engine	*eng;
	struct dp_record	*dp;
	struct ike_cfg_peer	 peer;		/* edit before h_start() */
	struct ike_cfg_limits	 limits;
	const struct ike_pki	*pki;		/* certificates (borrowed) */
	struct ike_actions	 acts;
	uint64_t		 rng;
	int			 rand_fail;	/* > 0: fail that many draws */
	/* First octet of the next nonces drawn (queue), for collisions. */
	int			 nonce_fix[H_NONCE_FIX];
	size_t			 n_nonce_fix;
	struct {
		uint64_t	 id;
		uint64_t	 at;
	}			 timers[H_TIMERS];
	size_t			 n_timers;
	char			 fails[H_FAILS][384];
	enum ike_fail		 fail_codes[H_FAILS];
	size_t			 n_fails;
	struct ike_keys_export	 keys[H_KEYS];
	size_t			 n_keys;
	size_t			 sent;		/* datagrams sent */
	uint64_t		 send_times[64];	/* of the first 64 */
};

/* What the filter decides for a packet about to be delivered. */
enum h_verdict {
	H_DELIVER = 0,
	H_DROP,
	H_DUPLICATE,	/* deliver twice */
};

struct harness {
	struct h_side	 s[2];
	uint64_t	 now;
	struct h_pkt	*q;
	size_t		 nq;
	size_t		 capq;
	unsigned	 seq;
	int		 nat;		/* translate side 0's ports */
	int		 verbose;	/* print logs (env HARNESS_VERBOSE) */
	/* May also rewrite p->data in place (same length). */
	enum h_verdict	(*filter)(struct harness *h, struct h_pkt *p,
			    void *arg);
	void		*filter_arg;
	size_t		 delivered;
};

/* Fills both sides with a mirrored default tunnel (AES-CBC-256,
 * SHA2-256, PRF SHA2-256, ECP-256; ESP AES-CBC-128/SHA1, no PFS; PSK
 * "cisco123"); edit h->s[i].peer and .limits, then h_start(). */
void	h_init(struct harness *h, uint64_t seed);
/* Creates the engines from the sides' settings. */
void	h_start(struct harness *h);
/* Creates one side's engine (and its recorder unless it has one). */
void	h_start_side(struct harness *h, int side);
void	h_free(struct harness *h);

/* Sets the IKE proposal of both sides to one suite. */
void	h_set_ike(struct harness *h, uint16_t encr, uint16_t keylen,
	    uint16_t integ, uint16_t prf, uint16_t dh);
/* Sets the ESP proposal (and PFS group, 0 none) of both sides. */
void	h_set_esp(struct harness *h, uint16_t encr, uint16_t keylen,
	    uint16_t integ, uint16_t pfs);

/* Feeds an admin event to a side (peer 1). */
void	h_admin(struct harness *h, int side, enum ike_ev_type type);
/* Delivers queued datagrams and fires timers, in time order, until the
 * queue is empty and no timer is due within max_ms (or max_steps). */
void	h_run(struct harness *h, uint64_t max_ms);
/* Delivers only the first n queued datagrams (no timers). */
void	h_step(struct harness *h, size_t n);
/* Delivers the queued datagram at index idx (0 = oldest) now. */
void	h_deliver_at(struct harness *h, size_t idx);
/* Feeds a datagram to a side as if it came from src to dst. */
void	h_inject(struct harness *h, int side, const struct ike_addr *src,
	    const struct ike_addr *dst, const uint8_t *data, size_t len);
/* Removes (and frees) queued datagrams from index n on. */
void	h_truncate_queue(struct harness *h, size_t n);
/* Drops every queued datagram. */
void	h_drop_queue(struct harness *h);
/* Advances the clock to `at`, firing every timer due on the way and
 * delivering what they send. */
void	h_advance(struct harness *h, uint64_t to_ms);

/* Number of live IKE SAs of a side, and how many are up (READY). */
size_t	h_ike_count(struct harness *h, int side, size_t *up);
/*
 * The end state every scenario wants: each side has exactly one IKE SA,
 * established, with matching SPIs; exactly one Child SA each, installed,
 * whose SPIs cross; the recorders hold exactly that pair with the same
 * keys and algorithms in each direction; every exported key agrees.
 * Returns 0, or -1 with the reason in why.
 */
int	h_check_one_sa(struct harness *h, char *why, size_t whylen);
/* Both sides have no IKE SA and no installed ESP SA. */
int	h_check_none(struct harness *h, char *why, size_t whylen);
/* Every exported IKE/ESP key has an equal counterpart on the other side. */
int	h_check_keys(struct harness *h, char *why, size_t whylen);
/* Whether a side reported a FAIL of that kind whose text has `needle`. */
int	h_has_fail(struct harness *h, int side, enum ike_fail why,
	    const char *needle);

#endif
