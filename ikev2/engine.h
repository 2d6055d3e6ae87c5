/*
 * The IKEv2 engine: events in, actions out (STYLE.md section D).
 *
 * The engine owns every IKE SA and Child SA and runs every exchange of
 * RFC 7296 that SPEC section 6 needs, but does no I/O of its own: no
 * sockets, no clock, no global state, no randomness of its own.  The
 * daemon feeds it events (a datagram arrived, a timer fired, an operator
 * asked for something), each with the current time, and performs the
 * actions it appends to a list (send this datagram, arm this timer, ...).
 * Randomness comes from a callback; the data plane is called through the
 * struct dp interface (platform/dp.h), which the daemon provides.
 *
 *	struct ike_env env = { .rand = my_rand, .dp = my_dp };
 *	struct ike_engine *e = ike_engine_new(&env, &cfg, now);
 *	struct ike_actions acts = { 0 };
 *	struct ike_event ev = { .type = IKE_EV_INITIATE, .peer_id = 1 };
 *	ike_engine_input(e, now, &ev, &acts);
 *	for (i = 0; i < acts.n; i++) perform(&acts.v[i]);
 *	ike_actions_clear(&acts);
 *
 * Time is a monotonic clock in milliseconds chosen by the caller (only
 * differences matter).  Timers: the engine keeps at most one timer per
 * IKE SA; IKE_ACT_TIMER (re)arms timer `timer` to fire at `at`,
 * IKE_ACT_TIMER_CANCEL drops it.  When it fires, pass IKE_EV_TIMER with
 * that id; a late or stale timer is harmless.
 *
 * IPv4 only.  All functions return 0 or -1 (NULL for constructors).
 */
#ifndef IKEV2_ENGINE_H
#define IKEV2_ENGINE_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "ikev2/ike_cfg.h"
#include "ikev2/pki.h"
#include "ikev2/proposal.h"
#include "ikev2/ts.h"
#include "platform/dp.h"

/* An IPv4 address and UDP port (host order). */
struct ike_addr {
	struct in_addr	ip;
	uint16_t	port;
};

/* What a random draw is for; the daemon can ignore it, tests use it to
 * order nonces. */
enum ike_rand_use {
	IKE_RAND_NONCE = 1,	/* Ni / Nr */
	IKE_RAND_SPI,		/* IKE SPIs */
	IKE_RAND_DH,		/* private DH scalars (crypto's ike_dh_new) */
	IKE_RAND_IV,		/* SK payload IVs */
	IKE_RAND_SECRET,	/* the COOKIE secret */
	IKE_RAND_JITTER,	/* rekey time jitter */
};

/* What the engine borrows from its caller. */
struct ike_env {
	/* Fills buf with len random octets; 0, or -1 on failure. */
	int		(*rand)(void *arg, enum ike_rand_use use, void *buf,
			    size_t len);
	void		 *rand_arg;
	struct dp	 *dp;		/* data plane (borrowed) */
	/* Certificates and signatures (ikev2/pki.h, borrowed); NULL:
	 * rsa-signature authentication fails with a clear reason. */
	const struct ike_pki *pki;
};

enum ike_ev_type {
	IKE_EV_DATAGRAM = 1,	/* a UDP datagram for port 500 or 4500 */
	IKE_EV_TIMER,		/* a timer the engine armed fired */
	IKE_EV_INITIATE,	/* bring the tunnel up (no-op if it is) */
	IKE_EV_TERMINATE,	/* delete its IKE SA (sends Delete) */
	IKE_EV_CLEAR,		/* clear ikev2 sa: delete and re-initiate */
	IKE_EV_CLEAR_CHILD,	/* clear ipsec sa: replace the Child SAs */
	IKE_EV_REKEY_IKE,	/* rekey the IKE SA now */
	IKE_EV_REKEY_CHILD,	/* rekey the Child SAs now */
	IKE_EV_DPD,		/* send a liveness check now */
};

struct ike_event {
	enum ike_ev_type	 type;
	/* IKE_EV_DATAGRAM: the UDP payload exactly as received (with the
	 * non-ESP marker on port 4500); local = where it arrived. */
	struct ike_addr		 local;
	struct ike_addr		 remote;
	const uint8_t		*data;		/* (borrowed) */
	size_t			 len;
	/* IKE_EV_TIMER */
	uint64_t		 timer;
	/* Admin events: a tunnel (ike_cfg_peer.id, 0 = every tunnel) or
	 * one IKE SA (sa_id from the snapshot, wins when non-zero). */
	uint32_t		 peer_id;
	uint32_t		 sa_id;
};

enum ike_act_type {
	IKE_ACT_SEND = 1,	/* send data from local to remote */
	IKE_ACT_TIMER,		/* arm timer `timer` at `at` */
	IKE_ACT_TIMER_CANCEL,	/* cancel timer `timer` */
	IKE_ACT_STATE,		/* an IKE SA changed state */
	IKE_ACT_CHILD_UP,	/* a Child SA was installed (via dp) */
	IKE_ACT_CHILD_DOWN,	/* a Child SA was removed (via dp) */
	IKE_ACT_FAIL,		/* a negotiation failed: fail + text */
	IKE_ACT_LOG,		/* a log line: level + text */
	IKE_ACT_KEYS,		/* key material (only with export_keys) */
};

/* Why something failed; also the index of ike_stats.fail[]. */
enum ike_fail {
	IKE_FAIL_NONE = 0,
	IKE_FAIL_NO_PROPOSAL,	/* NO_PROPOSAL_CHOSEN (either side) */
	IKE_FAIL_AUTH,		/* AUTHENTICATION_FAILED (either side) */
	IKE_FAIL_TS,		/* TS_UNACCEPTABLE */
	IKE_FAIL_TIMEOUT,	/* retransmissions exhausted */
	IKE_FAIL_INVALID_KE,	/* INVALID_KE_PAYLOAD we cannot satisfy */
	IKE_FAIL_PEER_ERROR,	/* another error notify from the peer */
	IKE_FAIL_NO_CONFIG,	/* no tunnel matches the request */
	IKE_FAIL_DATAPLANE,	/* the data plane refused an SA */
	IKE_FAIL_INTERNAL,	/* crypto or memory failure */
	IKE_FAIL_MAX
};

/* Log levels of IKE_ACT_LOG. */
#define IKE_LOG_ERR	0
#define IKE_LOG_INFO	1
#define IKE_LOG_DEBUG	2

/* Keys for Wireshark's tables (--save-keys) and for tests. */
struct ike_keys_export {
	int		esp;		/* 0: IKE SA, 1: Child SA */
	uint64_t	spi_i;		/* IKE: SPIs as on the wire */
	uint64_t	spi_r;
	uint32_t	spi_in;		/* ESP: our inbound / outbound SPI */
	uint32_t	spi_out;
	struct in_addr	local;
	struct in_addr	remote;
	uint16_t	encr;
	uint16_t	encr_keylen;
	uint16_t	integ;
	uint16_t	prf;
	size_t		e_len;		/* bytes of each encryption key */
	size_t		a_len;		/* bytes of each integrity key */
	size_t		p_len;		/* IKE: SK_d/SK_pi/SK_pr */
	/* IKE: SK_ei/SK_er, SK_ai/SK_ar (i = original initiator), SK_d,
	 * SK_pi, SK_pr.  ESP: enc/integ of our outbound and inbound SA. */
	uint8_t		encr_i[36];
	uint8_t		encr_r[36];
	uint8_t		integ_i[64];
	uint8_t		integ_r[64];
	uint8_t		sk_d[64];
	uint8_t		sk_pi[64];
	uint8_t		sk_pr[64];
};

struct ike_action {
	enum ike_act_type	 type;
	uint32_t		 peer_id;
	uint32_t		 sa_id;
	/* SEND (data owned by the list) */
	struct ike_addr		 local;
	struct ike_addr		 remote;
	uint8_t			*data;
	size_t			 len;
	/* TIMER, TIMER_CANCEL */
	uint64_t		 timer;
	uint64_t		 at;
	/* STATE: enum ike_sa_state values (ike_sa_state_name()) */
	int			 old_state;
	int			 new_state;
	/* CHILD_UP / CHILD_DOWN */
	uint32_t		 child_id;
	uint32_t		 spi_in;
	uint32_t		 spi_out;
	/* FAIL */
	enum ike_fail		 fail;
	/* LOG, FAIL, STATE, CHILD_*: a human-readable line */
	int			 level;
	char			 text[384];
	/* KEYS (owned by the list, wiped when cleared) */
	struct ike_keys_export	*keys;
};

/* A growable action list; zero-initialised is empty. */
struct ike_actions {
	struct ike_action	*v;
	size_t			 n;
	size_t			 cap;
};

/* Frees every action's contents and empties the list (keeps memory). */
void	ike_actions_clear(struct ike_actions *a);
/* Clears and releases the list's memory. */
void	ike_actions_free(struct ike_actions *a);

/* Why a fragment of the peer's (RFC 7383) was dropped; the index of
 * ike_stats.frag_drop[]. */
enum ike_frag_drop {
	IKE_FRAGD_MALFORMED = 0,	/* SKF payload undecodable */
	IKE_FRAGD_UNSOLICITED,		/* fragmentation not negotiated */
	IKE_FRAGD_RANGE,		/* number 0 or above the total, or
					 * a total above frag_max */
	IKE_FRAGD_DUPLICATE,		/* that number is already held */
	IKE_FRAGD_TOTAL,		/* fewer Total Fragments than the
					 * ones held */
	IKE_FRAGD_ICV,			/* integrity check failed */
	IKE_FRAGD_MEMORY,		/* over frag_msg_bytes / frag_mem */
	IKE_FRAGD_TIMEOUT,		/* held ones given up (frag_timeout,
					 * or a new message), each counted */
	IKE_FRAGD_REASSEMBLY,		/* the whole did not decode */
	IKE_FRAGD_MAX
};

const char *ike_frag_drop_name(enum ike_frag_drop d);

/* Engine-wide counters (show ikev2 statistics). */
struct ike_stats {
	uint64_t	exch_init[4];	/* requests we sent, by exchange:
					 * 0 IKE_SA_INIT, 1 IKE_AUTH,
					 * 2 CREATE_CHILD_SA, 3 INFORMATIONAL */
	uint64_t	exch_resp[4];	/* requests we answered, same index */
	uint64_t	retransmits;	/* requests sent again */
	uint64_t	resp_resent;	/* cached responses sent again */
	uint64_t	retrans_mismatch; /* a Message ID answered, other
					 * bytes: not a retransmission */
	uint64_t	resend_limited;	/* retransmissions not answered:
					 * too soon after the last resend */
	uint64_t	dropped;	/* datagrams dropped (malformed, bad
					 * ICV, unknown SPI, stale) */
	uint64_t	cookies_sent;
	uint64_t	invalid_ke_sent;
	uint64_t	ike_up;		/* IKE SAs established */
	uint64_t	child_up;	/* Child SAs installed */
	uint64_t	ike_rekeys;
	uint64_t	child_rekeys;
	uint64_t	half_open;	/* current responder half-open SAs */
	uint64_t	frag_sent;	/* fragments sent (each time) */
	uint64_t	frag_msgs_sent;	/* messages sent as fragments */
	uint64_t	frag_kept;	/* peer's fragments verified, kept */
	uint64_t	frag_reassembled; /* peer's messages put together */
	uint64_t	frag_drop[IKE_FRAGD_MAX];
	uint64_t	half_open_bad;	/* half-open SAs deleted after
					 * IKE_HALFOPEN_BAD_MAX IKE_AUTH
					 * requests that did not open */
	uint64_t	unauth_withheld; /* unauthenticated answers not
					 * sent: larger than the request,
					 * or over the rate */
	uint64_t	fail[IKE_FAIL_MAX];
};

/* IKE SA states (sa.c holds the table of allowed transitions). */
enum ike_sa_state {
	IKE_SA_NEW = 0,		/* created, nothing sent */
	IKE_SA_INIT_SENT,	/* initiator: IKE_SA_INIT sent */
	IKE_SA_HALF_OPEN,	/* responder: IKE_SA_INIT answered */
	IKE_SA_AUTH_SENT,	/* initiator: IKE_AUTH sent */
	IKE_SA_ESTABLISHED,
	IKE_SA_REKEYING,	/* our rekey of this IKE SA is in flight */
	IKE_SA_REKEYED,		/* replaced; waiting for its deletion */
	IKE_SA_DELETING,	/* our Delete of it is in flight */
	IKE_SA_DEAD,		/* gone; freed once the event ends */
	IKE_SA_STATE_MAX
};

const char	*ike_sa_state_name(int state);

/* Snapshot of one Child SA (show ipsec sa, show ikev2 session). */
#define IKE_INFO_TS_MAX		4
struct ike_child_info {
	uint32_t	id;		/* reqid; "SA id" */
	const char	*state;		/* "INSTALLED", "REKEYED", ... */
	uint32_t	spi_in;
	uint32_t	spi_out;
	uint16_t	encr;
	uint16_t	encr_keylen;
	uint16_t	integ;
	uint16_t	pfs;		/* DH group of its exchange, 0: none */
	int		encap;		/* UDP-encapsulated */
	uint8_t		n_ts_local;
	uint8_t		n_ts_remote;
	struct ike_ts_sel ts_local[IKE_INFO_TS_MAX];
	struct ike_ts_sel ts_remote[IKE_INFO_TS_MAX];
	uint32_t	lifetime;	/* configured hard lifetime, s */
	uint64_t	installed_ms;
	uint64_t	rekey_ms;	/* when we rekey it (0: not us) */
	uint64_t	expire_ms;
};

/* Snapshot of one IKE SA (show ikev2 session/sa [detail]). */
#define IKE_INFO_CHILD_MAX	8
struct ike_sa_info {
	uint32_t		id;		/* IKE SA ID / Session ID */
	uint32_t		peer_id;
	char			peer_name[IKE_CFG_NAME_MAX];
	struct ike_addr		local;
	struct ike_addr		remote;
	int			state;		/* enum ike_sa_state */
	const char		*status;	/* READY, IN-NEG, DELETE */
	const char		*status_desc;	/* "Negotiation done", ... */
	int			initiator;
	struct ike_suite	suite;		/* negotiated IKE algorithms */
	uint8_t			auth_local;	/* IKE_AUTHM_* */
	uint8_t			auth_remote;
	uint8_t			sig_local;	/* enum ike_sig, 0: none */
	uint8_t			sig_remote;
	char			peer_subject[256]; /* its certificate's */
	uint32_t		lifetime;	/* configured, s */
	uint64_t		created_ms;
	uint64_t		established_ms;	/* 0: not yet */
	uint64_t		rekey_ms;
	uint64_t		expire_ms;
	uint64_t		spi_local;	/* as on the wire */
	uint64_t		spi_remote;
	char			id_local[64];	/* "198.51.100.1" */
	char			id_remote[64];
	int			natt;		/* IKE on port 4500 */
	int			nat_local;	/* we are behind a NAT */
	int			nat_remote;	/* the peer is (or fakes it) */
	size_t			n_children;
	struct ike_child_info	children[IKE_INFO_CHILD_MAX];
};

struct ike_engine;

/*
 * A new engine with a copy of cfg (cloned).  env is copied; env->dp is
 * borrowed for the engine's life.  Draws the COOKIE secret from env->rand.
 */
struct ike_engine *ike_engine_new(const struct ike_env *env,
		    const struct ike_cfg *cfg, uint64_t now);
/*
 * Frees the engine and every SA without sending anything; Child SAs it
 * installed are removed from the data plane.  NULL is a no-op.
 */
void	ike_engine_free(struct ike_engine *e);

/*
 * Replaces the configuration (cloned).  Live SAs keep the peer settings
 * they started with; the daemon decides what to tear down (reconcile).
 */
int	ike_engine_set_config(struct ike_engine *e, const struct ike_cfg *cfg);

/*
 * Processes one event at time now, appending actions to out.  Returns 0,
 * or -1 when the event itself is unusable (unknown type, allocation
 * failure); protocol errors are not -1 but actions (FAIL, LOG).
 */
int	ike_engine_input(struct ike_engine *e, uint64_t now,
	    const struct ike_event *ev, struct ike_actions *out);

/*
 * A snapshot of every IKE SA (caller frees *out with free()); *n may be 0
 * with *out NULL.
 */
int	ike_engine_snapshot(const struct ike_engine *e,
	    struct ike_sa_info **out, size_t *n);

/* Live IKE SAs by role (0 responder, 1 original initiator) and state. */
struct ike_sa_counts {
	size_t	n[2][IKE_SA_STATE_MAX];
};

/*
 * Counts the live IKE SAs (show ikev2 summary): what a snapshot would
 * list, without copying each SA.
 */
void	ike_engine_counts(const struct ike_engine *e, struct ike_sa_counts *c);

/* The counters (copied). */
void	ike_engine_stats(const struct ike_engine *e, struct ike_stats *st);

/* "NO_PROPOSAL_CHOSEN", "AUTHENTICATION_FAILED", ... for statistics. */
const char *ike_fail_name(enum ike_fail f);

#endif
