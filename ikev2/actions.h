/*
 * Appending to the current event's action list (engine.h): one helper per
 * kind of action the engine emits, and the text helpers its lines use.
 * Every file of the engine that emits something includes this header.
 *
 * The leaf of the engine: actions.c reads the ids it stamps on an action
 * from the engine, SA and Child SA objects (sa.h) and calls nothing else
 * of the engine, so any file may use it without making a circle.
 *
 * An allocation failure drops the action (and for SEND the protocol's
 * retransmission makes up for it); the helpers never fail otherwise.
 */
#ifndef IKEV2_ACTIONS_H
#define IKEV2_ACTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "ikev2/engine.h"

struct ike_engine;
struct ike_sa;
struct ike_child;

/* Dotted-quad text of an address, usable twice in one printf. */
struct ike_ipstr {
	char	s[16];
};
struct ike_ipstr ike_ipstr(struct in_addr a);
#define IPS(a)	(ike_ipstr(a).s)

/* Whether log lines of that level are wanted (formatting them costs). */
#define ike_log_on(e, level) \
	((level) <= ((e)->cfg.limits.log_level ? (e)->cfg.limits.log_level : \
	    IKE_LOG_INFO))

/* SEND: a copy of data, from local to remote.  An empty datagram is not
 * sent. */
void	ike_act_send(struct ike_engine *e, const struct ike_sa *sa,
	    const struct ike_addr *local, const struct ike_addr *remote,
	    const uint8_t *data, size_t len);
/* LOG, when ike_log_on() wants the level. */
void	ike_act_log(struct ike_engine *e, const struct ike_sa *sa, int level,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* FAIL (always; also counted in e->stats.fail[why]). */
void	ike_act_fail(struct ike_engine *e, const struct ike_sa *sa,
	    enum ike_fail why, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
/* CHILD_UP (up) or CHILD_DOWN for Child SA c of sa. */
void	ike_act_child(struct ike_engine *e, const struct ike_sa *sa,
	    const struct ike_child *c, int up);
/* KEYS: a copy of k (wiped when the list is cleared). */
void	ike_act_keys(struct ike_engine *e, const struct ike_sa *sa,
	    const struct ike_keys_export *k);
/* STATE: sa went from state old to new_state. */
void	ike_act_state(struct ike_engine *e, const struct ike_sa *sa, int old,
	    int new_state);
/* TIMER for sa's timer (its id) at `at`, or TIMER_CANCEL when at is 0.
 * 0, or -1 when there was no memory for it. */
int	ike_act_timer(struct ike_engine *e, const struct ike_sa *sa,
	    uint64_t at);

#endif
