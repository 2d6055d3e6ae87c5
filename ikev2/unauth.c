/*
 * Unauthenticated answers (RFC 7296 §2.6, §2.21): whatever we send before
 * the peer has proved anything goes to a source address anyone can forge.
 * Two rules keep us from being a reflector: an answer is never larger than
 * the request that caused it (amplification at most 1), and all such
 * answers together share one token bucket (limits.unauth_rate per second,
 * the same number as burst), so a flood of forged requests is answered at
 * a bounded rate whatever its size.
 */
#include "config.h"

#include "ikev2/actions.h"
#include "ikev2/sa.h"

#define UNAUTH_RATE_DEFAULT	100
#define UNIT			1000	/* credit of one answer */

static uint64_t
rate(const struct ike_engine *e)
{
	return e->cfg.limits.unauth_rate ? e->cfg.limits.unauth_rate :
	    UNAUTH_RATE_DEFAULT;
}

/* Described in sa.h. */
void
ike_unauth_init(struct ike_engine *e)
{
	e->unauth_credit = rate(e) * UNIT;
	e->unauth_ms = e->now;
}

/* Described in sa.h. */
int
ike_unauth_send(struct ike_engine *e, const struct ike_addr *local,
    const struct ike_addr *remote, size_t req_len, size_t ans_len,
    const uint8_t *dg, size_t dg_len)
{
	uint64_t	cap = rate(e) * UNIT;

	if (ans_len > req_len) {
		e->stats.unauth_withheld++;
		return 0;
	}
	/* rate() answers per 1000 ms: rate() thousandths per ms. */
	if (e->now > e->unauth_ms) {
		uint64_t add = (e->now - e->unauth_ms) * rate(e);

		e->unauth_credit = add >= cap || e->unauth_credit + add > cap ?
		    cap : e->unauth_credit + add;
	}
	e->unauth_ms = e->now;
	if (e->unauth_credit < UNIT) {
		e->stats.unauth_withheld++;
		return 0;
	}
	e->unauth_credit -= UNIT;
	ike_act_send(e, NULL, local, remote, dg, dg_len);
	return 1;
}
