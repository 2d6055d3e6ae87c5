/*
 * The live-state records of the control protocol: which fields each reply
 * of a CTL_SHOW_* request carries (common/ctl_proto.h frames and types
 * them; this file names them).  mgmtsecd fills them (mgmtsecd/show_*.c)
 * and the shell renders them (cli/show_live.c), so both sides take every
 * field name from here and neither depends on the other's code.
 *
 * Numbers are u32 unless marked u64; algorithms travel as IKEv2 transform
 * IDs (RFC 7296 section 3.3.2).  A reader ignores fields it does not know
 * and treats a missing field as 0 or "", so old shells keep working with
 * newer daemons.
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
 *	    with certificates: "sig-local" str, "sig-remote" str (the
 *	    signature schemes we signed and the peer signed with, e.g.
 *	    "RSASSA-PSS SHA-512"), "peer-cert" str (the subject of the
 *	    peer's certificate, RFC 2253),
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
 * CTL_SHOW_CRYPTO_CA: one record per trustpoint: "trustpoint" str,
 *	"error" str (empty: usable; else why it is not), and "cert" rec
 *	repeated, the CA's first, then ours, then the intermediates:
 *	"role" str (CA, Router, Intermediate), "subject" str, "issuer" str
 *	(RFC 2253), "serial" str (hex), "not-before" str, "not-after" str
 *	("2026-12-07 13:00:00 UTC"), "key-bits".
 * CTL_SHOW_IPSEC_SA (parameters [ "interface" str ] [ "detail" ]): one
 *	record per Child SA: "interface" str, "if-handle", "sa-id",
 *	"state" str, "local" str, "remote" str (outer addresses), "encap"
 *	(1: ESP in UDP), "pfs", and "in" and "out" recs each holding "spi",
 *	"encr", "encr-keylen", "integ", "rekey-in", "expire-in", "lifetime"
 *	(seconds), "bytes" u64, "packets" u64, "errors" u64,
 *	"replay-drops" u64.
 * CTL_SHOW_IPSEC_DATAPLANE: one record: "backend" str, "reason" str,
 *	"mode" str, "tunnels", "child-sas", "esp-received" u64 (ESP in UDP
 *	on the IKE sockets), "esp-dropped" u64 (of those, no data plane took
 *	them), and the backend's u64 counters "packets-out", "packets-in",
 *	"drops-no-sa", "drops-bad", "drops-io".
 * CTL_SHOW_INTERFACES (parameters [ "interface" str ]): one record per
 *	tunnel-ip interface of the running configuration, in unit order:
 *	"interface" str, "shutdown" (configured), "exists" (0: the data
 *	plane has no kernel interface for it, e.g. --dataplane none; the
 *	kernel fields are then 0), "admin-up", "oper-up", "if-index",
 *	"mtu", "address" str and "prefix-len" (the kernel's IPv4 address,
 *	"" when none), "local" str and "remote" str (outer addresses),
 *	"child-sas" (Child SAs installed), u64 counters "rx-packets",
 *	"rx-bytes", "rx-errors", "rx-dropped", "tx-packets", "tx-bytes",
 *	"tx-errors", "tx-dropped".
 */
#ifndef COMMON_CTL_RECORDS_H
#define COMMON_CTL_RECORDS_H

#include <stddef.h>

#define CTL_F_SESSION_ID	"session-id"
#define CTL_F_TUNNEL		"tunnel"
#define CTL_F_STATUS		"status"
#define CTL_F_IKE_COUNT		"ike-count"
#define CTL_F_CHILD_COUNT	"child-count"
#define CTL_F_IKE_SA		"ike-sa"
#define CTL_F_IKE_SA_ID		"ike-sa-id"
#define CTL_F_LOCAL		"local"
#define CTL_F_LOCAL_PORT	"local-port"
#define CTL_F_REMOTE		"remote"
#define CTL_F_REMOTE_PORT	"remote-port"
#define CTL_F_IKE_STATUS	"ike-status"
#define CTL_F_IKE_STATUS_DESC	"ike-status-desc"
#define CTL_F_ROLE		"role"
#define CTL_F_ENCR		"encr"
#define CTL_F_ENCR_KEYLEN	"encr-keylen"
#define CTL_F_PRF		"prf"
#define CTL_F_INTEG		"integ"
#define CTL_F_DH_GROUP		"dh-group"
#define CTL_F_AUTH_LOCAL	"auth-local"
#define CTL_F_AUTH_REMOTE	"auth-remote"
#define CTL_F_LIFETIME		"lifetime"
#define CTL_F_ACTIVE_TIME	"active-time"
#define CTL_F_LOCAL_SPI		"local-spi"
#define CTL_F_REMOTE_SPI	"remote-spi"
#define CTL_F_LOCAL_ID		"local-id"
#define CTL_F_REMOTE_ID		"remote-id"
#define CTL_F_CHILD_SA		"child-sa"
#define CTL_F_SA_ID		"sa-id"
#define CTL_F_LOCAL_SEL		"local-selector"
#define CTL_F_REMOTE_SEL	"remote-selector"
#define CTL_F_SPI_IN		"spi-in"
#define CTL_F_SPI_OUT		"spi-out"
#define CTL_F_PFS		"pfs"
#define CTL_F_OUT_ACTIVE	"out-active"
#define CTL_F_OUT_NEG		"out-negotiating"
#define CTL_F_IN_ACTIVE		"in-active"
#define CTL_F_IN_NEG		"in-negotiating"
#define CTL_F_EXCHANGE		"exchange"
#define CTL_F_NAME		"name"
#define CTL_F_SENT		"sent"
#define CTL_F_RECEIVED		"received"
#define CTL_F_FAILURE		"failure"
#define CTL_F_REASON		"reason"
#define CTL_F_COUNT		"count"
#define CTL_F_INTERFACE		"interface"
#define CTL_F_IF_HANDLE		"if-handle"
#define CTL_F_STATE		"state"
#define CTL_F_ENCAP		"encap"
#define CTL_F_IN		"in"
#define CTL_F_OUT		"out"
#define CTL_F_SPI		"spi"
#define CTL_F_REKEY_IN		"rekey-in"
#define CTL_F_EXPIRE_IN		"expire-in"
#define CTL_F_BYTES		"bytes"
#define CTL_F_PACKETS		"packets"
#define CTL_F_ERRORS		"errors"
#define CTL_F_REPLAY_DROPS	"replay-drops"
#define CTL_F_BACKEND		"backend"
#define CTL_F_TUNNELS		"tunnels"
#define CTL_F_CHILD_SAS		"child-sas"
#define CTL_F_ESP_RECEIVED	"esp-received"
#define CTL_F_MODE		"mode"
#define CTL_F_PACKETS_OUT	"packets-out"
#define CTL_F_PACKETS_IN	"packets-in"
#define CTL_F_DROPS_NO_SA	"drops-no-sa"
#define CTL_F_DROPS_BAD		"drops-bad"
#define CTL_F_DROPS_IO		"drops-io"
#define CTL_F_ESP_DROPPED	"esp-dropped"
#define CTL_F_SIG_LOCAL		"sig-local"
#define CTL_F_SIG_REMOTE	"sig-remote"
#define CTL_F_PEER_CERT		"peer-cert"
#define CTL_F_TRUSTPOINT	"trustpoint"
#define CTL_F_ERROR		"error"
#define CTL_F_CERT		"cert"
#define CTL_F_CERT_ROLE		"role"
#define CTL_F_SUBJECT		"subject"
#define CTL_F_ISSUER		"issuer"
#define CTL_F_SERIAL		"serial"
#define CTL_F_NOT_BEFORE	"not-before"
#define CTL_F_NOT_AFTER		"not-after"
#define CTL_F_KEY_BITS		"key-bits"
#define CTL_F_SHUTDOWN		"shutdown"
#define CTL_F_EXISTS		"exists"
#define CTL_F_ADMIN_UP		"admin-up"
#define CTL_F_OPER_UP		"oper-up"
#define CTL_F_MTU		"mtu"
#define CTL_F_ADDRESS		"address"
#define CTL_F_PREFIX_LEN	"prefix-len"
#define CTL_F_RX_PACKETS	"rx-packets"
#define CTL_F_RX_BYTES		"rx-bytes"
#define CTL_F_RX_ERRORS		"rx-errors"
#define CTL_F_RX_DROPPED	"rx-dropped"
#define CTL_F_TX_PACKETS	"tx-packets"
#define CTL_F_TX_BYTES		"tx-bytes"
#define CTL_F_TX_ERRORS		"tx-errors"
#define CTL_F_TX_DROPPED	"tx-dropped"

/*
 * The u64 counters of CTL_SHOW_IKEV2_STATISTICS, by index: the daemon
 * fills vals[CTL_IKEC_X], the shell shows them in this order with these
 * labels.
 */
enum ctl_ike_counter {
	CTL_IKEC_RETRANSMITS = 0,
	CTL_IKEC_RESPONSES_RESENT,
	CTL_IKEC_RETRANSMIT_MISMATCH,
	CTL_IKEC_RESEND_LIMITED,
	CTL_IKEC_DROPPED,
	CTL_IKEC_COOKIES_SENT,
	CTL_IKEC_INVALID_KE_SENT,
	CTL_IKEC_IKE_ESTABLISHED,
	CTL_IKEC_CHILD_INSTALLED,
	CTL_IKEC_IKE_REKEYS,
	CTL_IKEC_CHILD_REKEYS,
	CTL_IKEC_HALF_OPEN,
	CTL_IKEC_FRAG_SENT,		/* RFC 7383 fragments */
	CTL_IKEC_FRAG_REASSEMBLED,
	CTL_IKEC_FRAG_DROPPED,
	CTL_IKEC_HALF_OPEN_BAD,
	CTL_IKEC_UNAUTH_WITHHELD,
	CTL_IKEC_DATAGRAMS_RECEIVED,
	CTL_IKEC_DATAGRAMS_SENT,
	CTL_IKEC_SEND_ERRORS,
	CTL_IKEC_ESP_RECEIVED,
	CTL_IKEC_HEAP_IN_USE,
	CTL_IKEC_LOG_SUPPRESSED,
	CTL_IKEC_MAX
};

struct ctl_counter {
	const char	*field;
	const char	*label;
};
extern const struct ctl_counter	ctl_ike_counters[CTL_IKEC_MAX];

#endif
