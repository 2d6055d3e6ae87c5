/*
 * The data-plane seam: what the IKE engine needs from whoever carries ESP.
 *
 * A backend is a struct of function pointers in the shape of strongSwan's
 * kernel_ipsec_t: the backend embeds struct dp as its first member and every
 * call gets the struct back as its first argument.  Backends: the kernel's
 * XFRM with xfrm interfaces or VTI through libnl (dp_xfrm), userspace ESP
 * over TUN (dp_tun), SAs recorded without packets (dp_none) and, for
 * tests, a recorder (dp_record).
 *
 * Two callers: the IKE engine reserves SPIs and adds, updates, queries and
 * deletes SAs; the daemon creates and deletes the tunnel interfaces and
 * their routes, hands over the NAT-T sockets, feeds ESP that arrived in
 * UDP on them, and collects events (lifetimes reached).  The engine never
 * sees interfaces; the daemon never builds SAs.
 *
 * Traffic of a tunnel: everything routed into its interface leaves through
 * the outbound SA with that if_id that was added last (the kernel's XFRM
 * picks the newest state the same way), so a rekey switches the outbound
 * direction when the engine adds the new outbound SA; inbound SAs are
 * found by SPI, old and new side by side until the old one is deleted
 * (make-before-break).
 *
 * Ownership and lifetime: the engine borrows a struct dp; the daemon creates
 * and destroys it.  Key bytes passed in struct dp_sa are borrowed for the
 * duration of the call only: a backend that keeps them copies them (and
 * wipes its copy when the SA goes).  Every hook runs on the daemon's
 * thread; a backend with threads of its own hides them.
 *
 * IPv4 only (SPEC section 3).  Addresses are struct in_addr (network order);
 * ports and SPIs are host order.
 */
#ifndef PLATFORM_DP_H
#define PLATFORM_DP_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define DP_PROTO_ESP	50	/* IP protocol number of ESP */

enum dp_dir {
	DP_DIR_IN = 1,		/* we decrypt: src = peer, dst = us */
	DP_DIR_OUT = 2,		/* we encrypt: src = us, dst = peer */
};

/* One traffic selector range (RFC 7296 §3.13.1, IPv4 only). */
struct dp_ts {
	uint8_t		proto;		/* 0 = any */
	uint16_t	port_start;
	uint16_t	port_end;
	struct in_addr	addr_start;
	struct in_addr	addr_end;
};

/*
 * One unidirectional ESP SA, tunnel mode.  Algorithm identifiers are the
 * IKEv2 transform IDs (RFC 7296 §3.3.2): encr_alg 12 = AES-CBC, 20 =
 * AES-GCM-16; integ_alg 2, 12, 13, 14 = HMAC-SHA1-96, SHA2-256-128,
 * SHA2-384-192, SHA2-512-256 (0 with GCM).  For GCM the encryption key is
 * followed by its 4-byte salt (RFC 4106), as it comes out of KEYMAT.
 */
struct dp_sa {
	enum dp_dir	 dir;
	struct in_addr	 src;		/* outer source of ESP packets */
	struct in_addr	 dst;		/* outer destination */
	uint32_t	 spi;		/* SPI of this direction */
	uint8_t		 proto;		/* DP_PROTO_ESP */
	uint32_t	 if_id;		/* tunnel interface (VTI/xfrmi) */
	uint32_t	 reqid;		/* Child SA handle (in and out) */
	uint16_t	 encr_alg;
	uint16_t	 encr_keylen;	/* bits of cipher key, salt excluded */
	const uint8_t	*encr_key;	/* (borrowed) key [+ salt] */
	size_t		 encr_key_len;	/* bytes, salt included */
	uint16_t	 integ_alg;
	const uint8_t	*integ_key;	/* (borrowed) */
	size_t		 integ_key_len;
	int		 encap;		/* ESP in UDP (RFC 3948) */
	uint16_t	 encap_sport;	/* UDP ports when encap */
	uint16_t	 encap_dport;
	int		 esn;		/* extended sequence numbers (off) */
	uint32_t	 replay_window;	/* packets; inbound only */
	uint32_t	 lifetime_soft;	/* seconds, informational: the engine */
	uint32_t	 lifetime_hard;	/* rekeys and deletes by itself */
	/* Volume limits, 0 = none: reaching one raises DP_EV_SOFT or
	 * DP_EV_HARD.  Outbound sequence numbers add their own limits (soft
	 * near the end, hard before they would wrap). */
	uint64_t	 bytes_soft;
	uint64_t	 bytes_hard;
	uint64_t	 packets_soft;
	uint64_t	 packets_hard;
	struct dp_ts	 ts_src;	/* selectors, from its sender */
	struct dp_ts	 ts_dst;
};

/* Identifies an installed SA the way the kernel does. */
struct dp_sa_key {
	struct in_addr	dst;
	uint32_t	spi;
	uint8_t		proto;
};

/* Counters a backend keeps per SA (for show ipsec sa detail and DPD). */
struct dp_sa_stats {
	uint64_t	bytes;
	uint64_t	packets;
	uint64_t	errors;		/* authentication/decryption failures */
	uint64_t	replay_drops;
	uint64_t	last_use_ms;	/* caller's clock; 0 = never used */
	int		seq_exhausted;	/* outbound counter near its end */
	uint64_t	drops;		/* other drops (malformed, expired) */
	uint64_t	seq;		/* out: last sent; in: highest seen */
};

/* A policy (SPD entry) bound to a tunnel interface; route-based VTI
 * tunnels use one wildcard pair per interface. */
struct dp_policy {
	enum dp_dir	dir;
	uint32_t	if_id;
	uint32_t	reqid;
	struct dp_ts	ts_src;
	struct dp_ts	ts_dst;
	struct in_addr	tun_src;	/* outer addresses of the tunnel */
	struct in_addr	tun_dst;
};

/* A route-based tunnel interface (tunnel-ipN). */
struct dp_tunnel {
	uint32_t	if_id;
	char		name[16];	/* IFNAMSIZ */
	struct in_addr	local;		/* outer addresses */
	struct in_addr	remote;
	struct in_addr	inner_addr;	/* configured ipv4 address */
	uint8_t		inner_plen;
	uint32_t	mtu;		/* 0 = default */
	int		up;		/* admin state (shutdown = 0) */
};

/* A static route into a tunnel (`router static ... tunnel-ipN`). */
struct dp_route {
	uint32_t	if_id;
	struct in_addr	prefix;
	uint8_t		plen;
	struct in_addr	gateway;	/* 0.0.0.0: none (on link) */
};

/* What a backend tells the daemon (DP_EV_*), one at a time. */
enum dp_ev_type {
	DP_EV_SOFT = 1,		/* an SA reached a soft limit: rekey it */
	DP_EV_HARD,		/* an SA reached a hard limit: it is dead */
};

struct dp_event {
	enum dp_ev_type		type;
	struct dp_sa_key	key;
	uint32_t		reqid;
	enum dp_dir		dir;
};

/* For `show ipsec dataplane`. */
struct dp_info {
	char		mode[64];	/* "userspace (TUN)", "kernel (xfrm)" */
	size_t		tunnels;
	size_t		sas;		/* installed, each direction */
	uint64_t	packets_out;	/* encapsulated and sent */
	uint64_t	packets_in;	/* decapsulated and delivered */
	uint64_t	drops_no_sa;	/* ESP for an SPI we do not have, or
					 * traffic into a tunnel with no SA */
	uint64_t	drops_bad;	/* replay, authentication, malformed */
	uint64_t	drops_io;	/* the operating system refused */
};

/*
 * The interface.  Each returns 0, or -1 with the reason in err (errlen
 * bytes, may be NULL).  A backend may leave a hook NULL when it has nothing
 * to do for it (the engine checks add_sa, del_sa and get_spi only).
 */
struct dp {
	/* Short backend name for `show ipsec dataplane` ("xfrm", "tun"). */
	const char *name;
	/* Reserves a fresh inbound SPI (>= 256) for an SA from src to dst. */
	int	(*get_spi)(struct dp *dp, struct in_addr src,
		    struct in_addr dst, uint8_t proto, uint32_t reqid,
		    uint32_t *spi, char *err, size_t errlen);
	/* Installs one direction of a Child SA. */
	int	(*add_sa)(struct dp *dp, const struct dp_sa *sa, char *err,
		    size_t errlen);
	/* Moves an SA to new UDP encapsulation ports (NAT mapping change). */
	int	(*update_sa)(struct dp *dp, const struct dp_sa_key *key,
		    int encap, uint16_t sport, uint16_t dport, char *err,
		    size_t errlen);
	/* Removes an SA; removing one that is not there is not an error. */
	int	(*del_sa)(struct dp *dp, const struct dp_sa_key *key, char *err,
		    size_t errlen);
	/* Reads an SA's counters. */
	int	(*query_sa)(struct dp *dp, const struct dp_sa_key *key,
		    struct dp_sa_stats *st, char *err, size_t errlen);
	int	(*add_policy)(struct dp *dp, const struct dp_policy *pol,
		    char *err, size_t errlen);
	int	(*del_policy)(struct dp *dp, const struct dp_policy *pol,
		    char *err, size_t errlen);
	/* Removes every SA and policy this backend installed. */
	int	(*flush)(struct dp *dp, char *err, size_t errlen);
	/* Creates the tunnel interface with its address, MTU and state,
	 * and the route of its connected subnet. */
	int	(*tunnel_if_create)(struct dp *dp, const struct dp_tunnel *t,
		    char *err, size_t errlen);
	/* Removes the interface, its routes and the SAs bound to it. */
	int	(*tunnel_if_delete)(struct dp *dp, uint32_t if_id, char *err,
		    size_t errlen);
	/* The interface index of a tunnel (0 when it has none). */
	uint32_t (*tunnel_if_index)(struct dp *dp, uint32_t if_id);
	int	(*route_add)(struct dp *dp, const struct dp_route *r,
		    char *err, size_t errlen);
	int	(*route_del)(struct dp *dp, const struct dp_route *r,
		    char *err, size_t errlen);
	/*
	 * The daemon's UDP socket on local:port (the NAT-T port) that ESP
	 * in UDP (RFC 3948) travels on: the backend sends on it (userspace)
	 * or has the kernel decapsulate what arrives on it.  fd -1: gone.
	 */
	int	(*udp_socket)(struct dp *dp, struct in_addr local,
		    uint16_t port, int fd, char *err, size_t errlen);
	/* ESP in UDP that arrived on such a socket (the payload from the
	 * SPI on; borrowed until the next udp_flush, and the backend may
	 * decapsulate it in place).  The userspace backend decapsulates
	 * it, and may hold it (to decapsulate a burst at once) and what
	 * came out (to hand a TCP stream's segments to the interface as
	 * one) until udp_flush, which the daemon calls after each batch of
	 * udp_input calls, before it reuses the buffers or does anything
	 * else.  NULL: none. */
	void	(*udp_input)(struct dp *dp, struct in_addr local,
		    uint16_t lport, struct in_addr remote, uint16_t rport,
		    uint8_t *esp, size_t len);
	void	(*udp_flush)(struct dp *dp);
	/* A descriptor that is readable while events wait (-1: none), and
	 * the next event: 1 with *ev filled, 0 when there is none. */
	int	  event_fd;
	int	(*next_event)(struct dp *dp, struct dp_event *ev);
	/* Fills *info. */
	void	(*info)(struct dp *dp, struct dp_info *info);
	/* Frees the backend (removing nothing: call flush first). */
	void	(*destroy)(struct dp *dp);
};

#endif
