/*
 * Renderers for the live show commands of SPEC section 8: pure functions
 * from the structured records mgmtsecd sends on the control socket
 * (common/ctl_proto.h) to the exact text the shell prints after its
 * timestamp line.  No sockets, no clock: every time value (lifetimes,
 * seconds until rekey, active time) arrives already computed by the daemon,
 * so the same records always give the same text (golden unit tests).
 *
 * This header also fixes the record fields of each reply (ctl_proto.h
 * leaves them to the daemon's issue).  Numbers are u32 unless marked u64;
 * algorithms travel as IKEv2 transform IDs (RFC 7296 section 3.3.2) and are
 * named here, in the spellings of the seed's Verification section.  A
 * renderer ignores fields it does not know and treats a missing field as 0
 * or "", so old shells keep working with newer daemons.
 *
 * CTL_SHOW_IKEV2_SESSION: one record per session (a configured tunnel with
 * at least one IKE SA):
 *	"session-id", "tunnel" str, "status" str (UP-ACTIVE, UP-IDLE,
 *	DOWN-NEGOTIATING, DOWN), "ike-count", "child-count",
 *	"ike-sa" rec, repeated:
 *	    "ike-sa-id", "local" str, "local-port", "remote" str,
 *	    "remote-port", "ike-status" str (READY, IN-NEG, DELETE),
 *	    "ike-status-desc" str, "role" str (Initiator, Responder),
 *	    "encr", "encr-keylen", "prf", "integ", "dh-group",
 *	    "auth-local", "auth-remote" (auth methods: 2 PSK, 1 and 14 RSA),
 *	    "lifetime", "active-time" (seconds), "local-spi" u64,
 *	    "remote-spi" u64, "local-id" str, "remote-id" str,
 *	    "child-sa" rec, repeated:
 *		"sa-id", "local-selector" str (repeated), "remote-selector"
 *		str (repeated), "spi-in", "spi-out", "encr", "encr-keylen",
 *		"integ", "pfs"
 * CTL_SHOW_IKEV2_SA: one record per IKE SA, with the fields of "ike-sa"
 *	above plus "session-id" and "tunnel".
 * CTL_SHOW_IKEV2_SUMMARY: one record: "out-active", "out-negotiating",
 *	"in-active", "in-negotiating" (outgoing = we initiated).
 * CTL_SHOW_IKEV2_STATISTICS: one record: "exchange" rec repeated
 *	("name" str, "sent" u64, "received" u64: requests we sent and
 *	requests we answered), u64 counters "retransmits",
 *	"responses-resent", "dropped", "cookies-sent", "invalid-ke-sent",
 *	"ike-established", "child-installed", "ike-rekeys", "child-rekeys",
 *	"half-open", "datagrams-received", "datagrams-sent", "send-errors",
 *	"esp-received", "heap-in-use" (the daemon's malloc heap), and
 *	"failure" rec repeated ("reason" str, "count"
 *	u64), one per failure reason (zero counts included).
 * CTL_SHOW_IPSEC_SA (parameters [ "interface" str ] [ "detail" ]): one
 *	record per Child SA: "interface" str, "if-handle", "sa-id",
 *	"state" str, "local" str, "remote" str (outer addresses), "encap"
 *	(1: ESP in UDP), "pfs", and "in" and "out" recs each holding "spi",
 *	"encr", "encr-keylen", "integ", "rekey-in", "expire-in", "lifetime"
 *	(seconds), "bytes" u64, "packets" u64, "errors" u64,
 *	"replay-drops" u64.
 * CTL_SHOW_IPSEC_DATAPLANE: one record: "backend" str, "reason" str,
 *	"tunnels", "child-sas", "esp-received" u64, "esp-dropped" u64.
 */
#ifndef CLI_SHOW_LIVE_H
#define CLI_SHOW_LIVE_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/ctl_proto.h"

/* Field names shared by the daemon (ikev2/daemon/show.c) and renderers. */
#define SL_SESSION_ID		"session-id"
#define SL_TUNNEL		"tunnel"
#define SL_STATUS		"status"
#define SL_IKE_COUNT		"ike-count"
#define SL_CHILD_COUNT		"child-count"
#define SL_IKE_SA		"ike-sa"
#define SL_IKE_SA_ID		"ike-sa-id"
#define SL_LOCAL		"local"
#define SL_LOCAL_PORT		"local-port"
#define SL_REMOTE		"remote"
#define SL_REMOTE_PORT		"remote-port"
#define SL_IKE_STATUS		"ike-status"
#define SL_IKE_STATUS_DESC	"ike-status-desc"
#define SL_ROLE			"role"
#define SL_ENCR			"encr"
#define SL_ENCR_KEYLEN		"encr-keylen"
#define SL_PRF			"prf"
#define SL_INTEG		"integ"
#define SL_DH_GROUP		"dh-group"
#define SL_AUTH_LOCAL		"auth-local"
#define SL_AUTH_REMOTE		"auth-remote"
#define SL_LIFETIME		"lifetime"
#define SL_ACTIVE_TIME		"active-time"
#define SL_LOCAL_SPI		"local-spi"
#define SL_REMOTE_SPI		"remote-spi"
#define SL_LOCAL_ID		"local-id"
#define SL_REMOTE_ID		"remote-id"
#define SL_CHILD_SA		"child-sa"
#define SL_SA_ID		"sa-id"
#define SL_LOCAL_SEL		"local-selector"
#define SL_REMOTE_SEL		"remote-selector"
#define SL_SPI_IN		"spi-in"
#define SL_SPI_OUT		"spi-out"
#define SL_PFS			"pfs"
#define SL_OUT_ACTIVE		"out-active"
#define SL_OUT_NEG		"out-negotiating"
#define SL_IN_ACTIVE		"in-active"
#define SL_IN_NEG		"in-negotiating"
#define SL_EXCHANGE		"exchange"
#define SL_NAME			"name"
#define SL_SENT			"sent"
#define SL_RECEIVED		"received"
#define SL_FAILURE		"failure"
#define SL_REASON		"reason"
#define SL_COUNT		"count"
#define SL_INTERFACE		"interface"
#define SL_IF_HANDLE		"if-handle"
#define SL_STATE		"state"
#define SL_ENCAP		"encap"
#define SL_IN			"in"
#define SL_OUT			"out"
#define SL_SPI			"spi"
#define SL_REKEY_IN		"rekey-in"
#define SL_EXPIRE_IN		"expire-in"
#define SL_BYTES		"bytes"
#define SL_PACKETS		"packets"
#define SL_ERRORS		"errors"
#define SL_REPLAY_DROPS		"replay-drops"
#define SL_BACKEND		"backend"
#define SL_TUNNELS		"tunnels"
#define SL_CHILD_SAS		"child-sas"
#define SL_ESP_RECEIVED		"esp-received"
#define SL_ESP_DROPPED		"esp-dropped"

/* The u64 counters of CTL_SHOW_IKEV2_STATISTICS, in display order, with
 * their labels (the daemon fills the same names). */
struct sl_counter {
	const char	*field;
	const char	*label;
};
extern const struct sl_counter	sl_ike_counters[];
extern const size_t		sl_ike_ncounters;

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

#endif
