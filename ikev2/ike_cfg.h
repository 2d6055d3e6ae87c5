/*
 * The engine's own configuration: what a tunnel (peer) and a policy mean to
 * the IKE engine, flattened from the SQLite running config by the daemon
 * (SPEC sections 3 and 6).  Everything is plain data with fixed-size arrays
 * so the engine copies a peer with one assignment; it never points back
 * into the caller's structs.  It keeps one copy per version of a tunnel,
 * shared by the SAs that run with it (sa.h, struct ike_peer), so these
 * sizes cost once per tunnel, not once per SA.
 *
 * Algorithm identifiers are IKEv2 transform IDs (RFC 7296 §3.3.2, the
 * IKE_ENCR_* / IKE_PRF_* / IKE_INTEG_* / IKE_DH_* constants of proposal.h).
 * Addresses are struct in_addr (network order), durations seconds.
 */
#ifndef IKEV2_IKE_CFG_H
#define IKEV2_IKE_CFG_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "common/iana.h"

#define IKE_CFG_NAME_MAX	64
#define IKE_CFG_PSK_MAX		128	/* SPEC: 1-128 printable characters */
#define IKE_CFG_ALGS_MAX	8	/* algorithms of a type per proposal */
#define IKE_CFG_PROPOSALS_MAX	8
#define IKE_CFG_ID_MAX		255
#define IKE_CFG_LOCAL_MAX	8	/* local addresses of one policy */

/* An encryption algorithm with its key length in bits. */
struct ike_cfg_encr {
	uint16_t	id;		/* ENCR_AES_CBC, ENCR_AES_GCM_16 */
	uint16_t	keylen;		/* 128, 192, 256 */
};

/*
 * One proposal, as `ikev2 proposal NAME` (IKE) or a transform set plus PFS
 * group (ESP): each list in order of preference.  For ESP, prf is unused,
 * and dh holds the PFS group (n_dh 0: no PFS).
 */
struct ike_cfg_proposal {
	char			name[IKE_CFG_NAME_MAX];
	struct ike_cfg_encr	encr[IKE_CFG_ALGS_MAX];
	uint8_t			n_encr;
	uint16_t		integ[IKE_CFG_ALGS_MAX]; /* not with GCM */
	uint8_t			n_integ;
	uint16_t		prf[IKE_CFG_ALGS_MAX];
	uint8_t			n_prf;
	uint16_t		dh[IKE_CFG_ALGS_MAX];
	uint8_t			n_dh;
};

/* Authentication methods (RFC 7296 §3.8; 14 is RFC 7427), the IANA
 * numbers of common/iana.h. */
enum ike_cfg_auth {
	IKE_CFG_AUTH_PSK = IANA_AUTH_SHARED_KEY_MIC,
	IKE_CFG_AUTH_RSA = IANA_AUTH_RSA_SIG,
	IKE_CFG_AUTH_DIGSIG = IANA_AUTH_DIGITAL_SIGNATURE,
};

/* An identity as sent in IDi/IDr (RFC 7296 §3.5). */
struct ike_cfg_id {
	uint8_t		type;		/* 0: ID_IPV4_ADDR of local */
	uint8_t		len;
	uint8_t		data[IKE_CFG_ID_MAX];
};

/* A traffic selector range (addresses host order; proto 0 = any). */
struct ike_cfg_ts {
	uint32_t	addr_start;
	uint32_t	addr_end;
	uint8_t		proto;
	uint16_t	port_start;
	uint16_t	port_end;
};
#define IKE_CFG_TS_MAX		4

/* `match identity remote ...`. */
struct ike_cfg_id_match {
	int		any;		/* match identity remote any */
	struct in_addr	addr;		/* else ID_IPV4_ADDR in addr/mask */
	struct in_addr	mask;
};

/*
 * One tunnel: an interface with `tunnel protection`, resolved through its
 * ipsec profile, ikev2 profile, keyring and the ikev2 policy matching its
 * source.  The engine initiates for it on IKE_EV_INITIATE and, as
 * responder, picks it when a request comes from `remote` to `local`.
 */
struct ike_cfg_peer {
	uint32_t		id;		/* daemon's handle (non-zero) */
	char			name[IKE_CFG_NAME_MAX];	/* "tunnel-ip1" */
	uint32_t		if_id;		/* data-plane interface id */
	struct in_addr		local;		/* tunnel source */
	struct in_addr		remote;		/* tunnel destination */

	/* IKE SA: proposals in order (from the ikev2 policy). */
	struct ike_cfg_proposal	ike[IKE_CFG_PROPOSALS_MAX];
	uint8_t			n_ike;
	uint32_t		ike_lifetime;	/* 120-86400, default 86400 */

	/* Authentication (ikev2 profile + keyring). */
	enum ike_cfg_auth	auth_local;
	enum ike_cfg_auth	auth_remote;
	char			psk_local[IKE_CFG_PSK_MAX + 1];	 /* we sign */
	char			psk_remote[IKE_CFG_PSK_MAX + 1]; /* we verify */
	struct ike_cfg_id	local_id;
	struct ike_cfg_id_match	remote_id;
	int			send_idr;	/* add IDr to IKE_AUTH */
	/* rsa-signature: `pki trustpoint` (ikev2/pki.h), and the signature
	 * schemes we may sign with (IKE_SIG_BIT()s; 0: all of them). */
	char			trustpoint[IKE_CFG_NAME_MAX];
	uint32_t		sig_allow;

	/* Liveness (`dpd INTERVAL RETRY`; 0 = off). */
	uint32_t		dpd_interval;
	uint32_t		dpd_retry;

	/* Child SA selectors: what we propose as initiator and allow as
	 * responder (ours = local).  None: 0.0.0.0/0 both ways, the
	 * route-based VTI default of SPEC section 6. */
	struct ike_cfg_ts	ts_local[IKE_CFG_TS_MAX];
	uint8_t			n_ts_local;
	struct ike_cfg_ts	ts_remote[IKE_CFG_TS_MAX];
	uint8_t			n_ts_remote;

	/* Child SA (ipsec profile): ESP proposals with the PFS group. */
	struct ike_cfg_proposal	esp[IKE_CFG_PROPOSALS_MAX];
	uint8_t			n_esp;
	uint32_t		child_lifetime;	/* 120-86400, default 3600 */
};

/* `ikev2 policy NAME`: proposals offered to requests arriving on these
 * local addresses (any_local: every address). */
struct ike_cfg_policy {
	char			name[IKE_CFG_NAME_MAX];
	struct in_addr		local[IKE_CFG_LOCAL_MAX];
	uint8_t			n_local;
	int			any_local;
	struct ike_cfg_proposal	ike[IKE_CFG_PROPOSALS_MAX];
	uint8_t			n_ike;
};

/* Engine-wide tunables; 0 means "the default" shown in brackets. */
struct ike_cfg_limits {
	uint32_t	retransmit_base_ms;	/* [500] first timeout */
	uint32_t	retransmit_tries;	/* [5] sends before giving up */
	uint32_t	half_open_timeout;	/* [30 s] responder half-open */
	uint32_t	cookie_threshold;	/* [30] half-open SAs, total */
	uint32_t	cookie_threshold_ip;	/* [3] half-open SAs, one IP */
	uint32_t	block_threshold_ip;	/* [5] one IP: drop silently */
	int		cookie_always;		/* demand COOKIE (tests) */
	uint32_t	unauth_rate;		/* [100] unauthenticated
						 * answers per second (burst
						 * as many) */
	uint32_t	soft_pct;		/* [90] rekey at % of life */
	uint32_t	jitter_pct;		/* [5] minus up to % of life */
	uint32_t	rekey_retry;		/* [10 s] retry delay */
	uint32_t	keepalive;		/* [20 s] NAT keepalives when we
						 * are behind a NAT */
	uint32_t	delete_timeout;		/* [10 s] wait for a Delete */
	uint32_t	nonce_len;		/* [32] octets */
	uint16_t	ike_port;		/* [500] */
	uint16_t	natt_port;		/* [4500] */
	int		log_level;		/* [1] IKE_ACT_LOG up to it
						 * (0 error, 1 info, 2 debug) */
	int		export_keys;		/* emit IKE_ACT_KEYS */
	int		force_encap;		/* fake a NAT so ESP goes in UDP
						 * (strongSwan's encap=yes) */
	/* IKE fragmentation (RFC 7383): announced in IKE_SA_INIT unless
	 * frag_off; once both sides did, a protected message whose IP packet
	 * (20 + 8 + marker + IKE) would exceed frag_size goes in fragments
	 * that each fit it.  The peer's are reassembled within these caps. */
	int		frag_off;		/* neither announce nor use it */
	uint32_t	frag_size;		/* [1280] IPv4 packet octets; at
						 * least 576 (smaller: 576) */
	uint32_t	frag_max;		/* [32] fragments of a message */
	uint32_t	frag_msg_bytes;		/* [65535] plaintext of one
						 * reassembled message */
	uint32_t	frag_mem;		/* [1048576] octets held for
						 * reassembly, all SAs */
	uint32_t	frag_timeout;		/* [30 s] to complete one */
};

/* The whole configuration; ike_engine_set_config() deep-copies it. */
struct ike_cfg {
	const struct ike_cfg_peer	*peers;
	size_t				 n_peers;
	const struct ike_cfg_policy	*policies;
	size_t				 n_policies;
	struct ike_cfg_limits		 limits;
};

#endif
