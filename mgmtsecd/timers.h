/*
 * The daemon's timers: one binary min-heap of deadlines for everything
 * that waits (the engine's per-SA timers, tunnel retries, housekeeping),
 * driven by one timerfd.  Each timer is named by (kind, id); arming it
 * again moves it, cancelling forgets it.  Moves and cancels leave stale
 * heap entries behind, recognised by a sequence number when they come up
 * and compacted away when they outnumber the live ones.
 */
#ifndef MGMTSECD_TIMERS_H
#define MGMTSECD_TIMERS_H

#include <stddef.h>
#include <stdint.h>

enum dmn_timer_kind {
	DMN_T_ENGINE = 1,	/* id: the engine's timer id */
	DMN_T_TUNNEL,		/* id: a tunnel's peer id (retry) */
	DMN_T_HOUSEKEEP,	/* id 0: periodic checks */
};

struct dmn_tentry {
	uint64_t	at;
	uint64_t	id;
	uint64_t	seq;
	uint8_t		kind;
};

/* id -> (seq, at) of the live timer, open addressing. */
struct dmn_tslot {
	uint64_t	id;
	uint64_t	seq;		/* 0: empty */
	uint64_t	at;
	uint8_t		kind;
	uint8_t		tomb;
};

struct dmn_timers {
	struct dmn_tentry	*heap;
	size_t			 n, cap;
	struct dmn_tslot	*map;
	size_t			 mapcap, live, tombs;
	uint64_t		 seq;
};

void	dmn_timers_init(struct dmn_timers *t);
void	dmn_timers_free(struct dmn_timers *t);
/* Arms (or moves) timer (kind, id) to fire at `at` (ms).  0 or -1. */
int	dmn_timer_set(struct dmn_timers *t, int kind, uint64_t id,
	    uint64_t at);
void	dmn_timer_cancel(struct dmn_timers *t, int kind, uint64_t id);
/* 1 and the deadline in *at when (kind, id) is armed, else 0. */
int	dmn_timer_get(const struct dmn_timers *t, int kind, uint64_t id,
	    uint64_t *at);
/* The earliest live deadline into *at: 1, or 0 when nothing is armed. */
int	dmn_timer_next(struct dmn_timers *t, uint64_t *at);
/* Pops one timer due at or before now into *kind, *id: 1, or 0. */
int	dmn_timer_pop(struct dmn_timers *t, uint64_t now, int *kind,
	    uint64_t *id);
size_t	dmn_timers_live(const struct dmn_timers *t);

#endif
