/*
 * Renderers for the live show commands of SPEC section 8: pure functions
 * from the structured records mgmtsecd sends on the control socket
 * (common/ctl_proto.h) to the exact text the shell prints after its
 * timestamp line.  No sockets, no clock: every time value (lifetimes,
 * seconds until rekey, active time) arrives already computed by the daemon,
 * so the same records always give the same text (golden unit tests).
 *
 * The records and their fields are common/ctl_records.h's; display names
 * of algorithms are in the spellings of the seed's Verification section.
 */
#ifndef CLI_SHOW_LIVE_H
#define CLI_SHOW_LIVE_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/ctl_proto.h"
#include "common/ctl_records.h"

/* Render flags. */
#define SL_F_DETAIL	0x01	/* `detail` */
#define SL_F_INTERFACE	0x02	/* ipsec sa interface X: blocks */

/*
 * Each renderer appends the command's output for the n records of one
 * reply (borrowed) to out.  With no records, the output is one empty line
 * (SPEC section 8: the timestamp line, which the shell prints, and an
 * empty line).  Returns 0, or -1 when memory runs out.
 */
int	sl_render_ikev2_session(struct buf *out,
	    struct ctl_rec *const *recs, size_t n, unsigned flags);
int	sl_render_ikev2_sa(struct buf *out, struct ctl_rec *const *recs,
	    size_t n, unsigned flags);
int	sl_render_ikev2_summary(struct buf *out,
	    struct ctl_rec *const *recs, size_t n, unsigned flags);
int	sl_render_ikev2_statistics(struct buf *out,
	    struct ctl_rec *const *recs, size_t n, unsigned flags);
int	sl_render_ipsec_sa(struct buf *out, struct ctl_rec *const *recs,
	    size_t n, unsigned flags);
int	sl_render_ipsec_dataplane(struct buf *out,
	    struct ctl_rec *const *recs, size_t n, unsigned flags);
int	sl_render_crypto_ca(struct buf *out, struct ctl_rec *const *recs,
	    size_t n, unsigned flags);

/*
 * Dispatch by request type (CTL_SHOW_*): what the shell's exec table
 * calls.  -1 also for a type that is not a show request.
 */
int	sl_render(uint16_t type, struct buf *out,
	    struct ctl_rec *const *recs, size_t n, unsigned flags);

/* Display names (static strings; "Unknown" for IDs we do not know). */
const char	*sl_ike_encr_name(uint32_t encr);	/* "AES-CBC" */
const char	*sl_hash_name(uint32_t integ_or_prf, int prf); /* "SHA256" */
const char	*sl_auth_name(uint32_t method);	/* "PSK", "RSA" */
/* ESP_256_AES, HMAC_SHA_256 (show ipsec sa). */
const char	*sl_esp_encr_name(uint32_t encr, uint32_t keylen, char *buf,
		    size_t len);
const char	*sl_esp_auth_name(uint32_t integ);

/* A record's field, or 0 / "" where the record or the field is missing
 * (the renderers of the tables and of | json read through these). */
uint32_t	 sl_u32(const struct ctl_rec *r, const char *name);
uint64_t	 sl_u64(const struct ctl_rec *r, const char *name);
const char	*sl_str(const struct ctl_rec *r, const char *name);

#endif
