/*
 * Traffic selectors (RFC 7296 §2.9, §3.13), IPv4 only, pure.  The engine's
 * policy is route-based VTI (SPEC section 6): the initiator proposes
 * 0.0.0.0/0 both ways and accepts any narrowing inside it; the responder
 * accepts whatever the initiator proposes within 0.0.0.0/0.
 */
#ifndef IKEV2_TS_H
#define IKEV2_TS_H

#include <stddef.h>
#include <stdint.h>

#include "ikev2/ike_cfg.h"
#include "ikev2/ikev2_const.h"
#include "ikev2/msg.h"

#define IKE_TS_MAX		16	/* selectors kept per payload */

/* One selector; addresses in host order for easy comparison.  A selector
 * of another type (IPv6) is kept with its type so it can be skipped. */
struct ike_ts_sel {
	uint8_t		type;
	uint8_t		proto;		/* 0 = any */
	uint16_t	port_start;
	uint16_t	port_end;
	uint32_t	addr_start;
	uint32_t	addr_end;
};

struct ike_ts_list {
	uint8_t		n;
	struct ike_ts_sel	v[IKE_TS_MAX];
};

/* Reads a received TSi/TSr payload (at most IKE_TS_MAX selectors; other
 * types are kept by type only, so narrowing skips them). */
void	ike_ts_from_pl(const struct ike_pl_ts *pl, struct ike_ts_list *out);
/* Writes a list as the codec's selectors (out has room for l->n). */
void	ike_ts_to_wire(const struct ike_ts_list *l, struct ike_ts *out);

/* The whole IPv4 space, any protocol and port: 0.0.0.0/0. */
void	ike_ts_any(struct ike_ts_list *out);
/* Configured selectors (ike_cfg.h), or 0.0.0.0/0 when there are none. */
void	ike_ts_from_cfg(const struct ike_cfg_ts *cfg, size_t n,
	    struct ike_ts_list *out);

/*
 * Responder narrowing: every offered IPv4 selector intersected with every
 * allowed one; empty intersections are dropped.  Returns 0 with at least
 * one selector in out, or -1 (TS_UNACCEPTABLE) with a reason.
 */
int	ike_ts_narrow(const struct ike_ts_list *offered,
	    const struct ike_ts_list *allowed, struct ike_ts_list *out,
	    char *reason, size_t reasonlen);

/* Initiator check: every selector the responder returned lies inside one
 * we proposed.  Returns 0, or -1 with a reason. */
int	ike_ts_check_reply(const struct ike_ts_list *proposed,
	    const struct ike_ts_list *got, char *reason, size_t reasonlen);

/* "0.0.0.0/0 - 255.255.255.255/65535" (start addr/port - end addr/port),
 * the layout of `show ikev2 session`. */
void	ike_ts_str(const struct ike_ts_sel *ts, char *buf, size_t len);
/* Every selector of a list, ", "-separated. */
void	ike_ts_list_str(const struct ike_ts_list *l, char *buf, size_t len);

#endif
