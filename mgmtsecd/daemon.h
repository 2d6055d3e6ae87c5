/*
 * mgmtsecd's state and the parts of it the daemon's files share.  The
 * daemon is one thread and one event loop (loop.c: epoll over the UDP
 * sockets, the control socket and its connections, a signalfd and a
 * timerfd); everything below is touched only from that loop.
 *
 *	main.c		options, start-up, shutdown
 *	loop.c		the event loop, signals, timers, UDP input
 *	engine_io.c	engine events in, actions out; tunnel supervision
 *			(retries with back-off), --save-keys, statistics
 *	reconcile.c	running config -> tunnels, sockets, engine config
 *	ctl_srv.c	the control socket server (framing, connections)
 *	requests.c	the request dispatcher: commit notification, clears
 *	show_ike.c	show ikev2 ... (records out)
 *	show_ipsec.c	show ipsec ... (records out)
 *	dataplane.c	backend choice, NAT-T sockets, data-plane events
 *	cfgmap.c	config -> negotiation mapping (pure)
 *	resolve.c	tunnel source resolution
 *	timers.c	the timer heap (pure)
 *	savekeys.c	Wireshark key tables
 *	log.c		logging
 *
 * The UDP sockets and the data plane are platform/'s (udp.h, dp.h).
 */
#ifndef MGMTSECD_DAEMON_H
#define MGMTSECD_DAEMON_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <net/if.h>
#include <netinet/in.h>

#include "cfgdb/store.h"
#include "common/buf.h"
#include "common/ctl_proto.h"
#include "mgmtsecd/cfgmap.h"
#include "mgmtsecd/timers.h"
#include "platform/udp.h"
#include "ikev2/engine.h"
#include "platform/dp.h"

#define DMN_VERSION		PACKAGE_VERSION
#define DMN_HOUSEKEEP_MS	2000	/* periodic checks */
#define DMN_RETRY_MIN_MS	1000	/* first re-initiation delay */
#define DMN_RETRY_MAX_MS	60000	/* back-off cap */
#define DMN_SHUTDOWN_MS		3000	/* wait for Delete answers */
#define DMN_CONN_MAX		64	/* control connections */
#define DMN_CONN_IDLE_MS	120000
#define DMN_CONN_SLOW_MS	5000	/* to say HELLO, to end a frame */
#define DMN_CONN_OUT_MAX	(64u * 1024 * 1024)
#define DMN_INIT_WINDOW		64	/* IKE SAs we set up at once */
#define DMN_INIT_STALE_MS	40000	/* forget a setup after this */

/* What an epoll event belongs to. */
enum dmn_evtype {
	DMN_EV_SIGNAL = 1,
	DMN_EV_TIMER,
	DMN_EV_LISTEN,
	DMN_EV_CONN,
	DMN_EV_UDP,
	DMN_EV_DP,		/* the data plane has events */
};

struct dmn_ev {
	enum dmn_evtype	 type;
	void		*obj;
};

/* Options (main.c). */
enum dmn_dataplane {
	DMN_DP_AUTO = 0,
	DMN_DP_KERNEL,
	DMN_DP_USERSPACE,
	DMN_DP_NONE,
};

struct dmn_opts {
	char			 db[4096];
	char			 sock[108];
	int			 foreground;
	int			 verbose;
	int			 passive;	/* never initiates */
	int			 force_encap;	/* fake a NAT: ESP in UDP */
	enum dmn_dataplane	 dataplane;
	const char		*save_keys;	/* NULL: off */
	uint32_t		 cookie_threshold_ip; /* 0: default */
	uint32_t		 block_threshold_ip;
	uint32_t		 cookie_threshold;
	uint16_t		 ike_port;	/* 0: 500 */
	uint16_t		 natt_port;	/* 0: 4500 */
	uint32_t		 frag_size;	/* 0: the engine's 1280 */
	int			 frag_off;	/* --ike-fragment-size off */
};

/* One configured tunnel as the daemon runs it. */
struct dmn_tunnel {
	uint32_t	 id;		/* engine peer id == Session ID */
	char		 name[DMN_IFNAME_MAX];
	uint32_t	 unit;
	uint32_t	 if_id;
	int		 ok;		/* in the engine's config */
	int		 shutdown;
	struct in_addr	 local;		/* resolved source */
	struct in_addr	 remote;
	char		 srcif[IFNAMSIZ];	/* Linux interface of it */
	char		 why[DMN_ERR_MAX];	/* why it is not ok */
	uint8_t		 digest[32];	/* of the engine peer */
	uint8_t		 dp_digest[32];	/* of the interface */
	int		 dp_created;
	unsigned	 live;		/* IKE SAs not yet dead */
	unsigned	 fails;		/* attempts since a Child SA */
	int		 queued;	/* waiting for an initiation slot */
	uint64_t	 pending;	/* our setup in flight since (ms) */
	int		 seen;		/* reconcile mark */
};

/* IKE SA id -> tunnel (kept from the engine's STATE actions). */
struct dmn_saidx {
	uint32_t	*sa;		/* id; 0 empty, ~0 deleted */
	uint32_t	*peer;
	size_t		 cap, used, tombs;
};

/* Daemon-level counters (the engine keeps its own). */
struct dmn_stats {
	uint64_t	rx;		/* datagrams received */
	uint64_t	tx;
	uint64_t	tx_errors;
	uint64_t	esp_rx;		/* ESP in UDP received */
	uint64_t	esp_dropped;	/* ... no data plane took it */
	uint64_t	keepalives;
	uint64_t	garbage;
	uint64_t	reconciles;
};

struct dmn_conn;
struct dmn_pki;

/* A static route the daemon put into a tunnel interface. */
struct dmn_iroute {
	struct dmn_route	r;
	uint32_t		if_id;
};

/* One bound IKE socket (platform/udp.h opens it). */
struct dmn_usock {
	struct in_addr	addr;
	uint16_t	port;
	int		fd;
	uint64_t	unused_since;	/* ms; 0 while needed */
};

struct dmn {
	struct dmn_opts		 opts;
	struct cfg_store	*store;
	struct ike_engine	*eng;
	struct dmn_pki		*pki;		/* trustpoints (pki.h) */
	struct dp		*dp;
	char			 dp_why[640];	/* which backend and why */
	struct ike_actions	 acts;

	int			 epfd, sigfd, tfd, lfd;
	struct dmn_ev		 ev_sig, ev_timer, ev_listen, ev_dp;
	uint64_t		 armed_at;	/* timerfd deadline, 0 none */
	struct dmn_timers	 timers;

	struct dmn_usock	**socks;
	size_t			 n_socks;

	struct dmn_conn		*conns;
	size_t			 n_conns;

	struct dmn_cfg		 cfg;		/* mapped running */
	uint64_t		 generation;	/* of cfg */
	struct dmn_tunnel	**tunnels;	/* sorted by unit */
	size_t			 n_tunnels;
	struct dmn_tunnel	**by_id;	/* index: peer id */
	size_t			 n_by_id;
	uint32_t		 next_id;
	struct dmn_saidx	 saidx;
	struct dmn_iroute	*iroutes;	/* routes installed */
	size_t			 n_iroutes;
	/* Initiations are paced: at most DMN_INIT_WINDOW in flight, the
	 * rest wait in a FIFO of tunnel ids (bulk start, clear, retries). */
	uint32_t		*initq;
	size_t			 initq_head, initq_len, initq_cap;
	unsigned		 inflight;
	uint8_t			 snap_digest[32]; /* interfaces */

	struct dmn_stats	 stats;
	int			 stopping;	/* SIGTERM seen */
	uint64_t		 stop_deadline;
	int			 reload;	/* SIGHUP seen */
	int			 quit;		/* leave the loop */
	int			 keys_warned;
};

/* loop.c */
uint64_t	dmn_now(void);
int		dmn_loop_init(struct dmn *d, char *err, size_t errlen);
int		dmn_loop_run(struct dmn *d);
void		dmn_loop_free(struct dmn *d);
int		dmn_epoll_add(struct dmn *d, int fd, uint32_t events,
		    struct dmn_ev *ev);
int		dmn_epoll_mod(struct dmn *d, int fd, uint32_t events,
		    struct dmn_ev *ev);
void		dmn_epoll_del(struct dmn *d, int fd);
/* Socket for (addr, port), opening it if needed; NULL with a log line. */
struct dmn_usock *dmn_sock_get(struct dmn *d, struct in_addr addr,
		    uint16_t port, int open);
/* Closes sockets of addresses nothing needs any more (after a grace). */
void		dmn_socks_sweep(struct dmn *d, uint64_t now);

/* engine_io.c */
int		dmn_engine_init(struct dmn *d, char *err, size_t errlen);
void		dmn_engine_free(struct dmn *d);
/* Feeds one event to the engine and performs its actions. */
void		dmn_engine_event(struct dmn *d, const struct ike_event *ev);
void		dmn_engine_admin(struct dmn *d, enum ike_ev_type type,
		    uint32_t peer_id, uint32_t sa_id);
/* Re-initiation supervision of one tunnel / all tunnels. */
void		dmn_tunnel_check(struct dmn *d, struct dmn_tunnel *t);
void		dmn_tunnel_retry(struct dmn *d, uint32_t peer_id);
/* Initiates tunnel t now, or as soon as the window has room. */
void		dmn_initiate(struct dmn *d, struct dmn_tunnel *t);
/* Drops t's place in the window and the queue (t goes away). */
void		dmn_initiate_forget(struct dmn *d, struct dmn_tunnel *t);
/* Forgets setups that neither finished nor failed in time. */
void		dmn_initiate_sweep(struct dmn *d, uint64_t now);
struct dmn_tunnel *dmn_tunnel_by_id(const struct dmn *d, uint32_t id);
struct dmn_tunnel *dmn_tunnel_by_name(const struct dmn *d,
		    const char *name);
void		dmn_saidx_free(struct dmn_saidx *x);
uint16_t	dmn_ike_port(const struct dmn *d);
uint16_t	dmn_natt_port(const struct dmn *d);

/* dataplane.c */
/* Picks and starts the backend --dataplane asks for (fills d->dp and
 * d->dp_why).  0, or -1 with err. */
int		dmn_dp_init(struct dmn *d, char *err, size_t errlen);
/* Flushes and frees the backend. */
void		dmn_dp_free(struct dmn *d);
/* Tells the backend a NAT-T socket opened (open 1) or is closing. */
void		dmn_dp_socket(struct dmn *d, const struct dmn_usock *s,
		    int open);
/* Drains the backend's events into engine events. */
void		dmn_dp_events(struct dmn *d);

/* reconcile.c */
/*
 * Reads running from the store and reconciles.  When reply is not NULL
 * (a commit notification), appends one record per touched object and
 * fills *status / msg (CTL_ST_OK or CTL_ST_APPLY and why).  0 or -1.
 */
int		dmn_reconcile(struct dmn *d, struct ctl_rec ***recs,
		    size_t *nrecs, uint32_t *status, char *msg, size_t msglen);
/* Periodic: re-resolves tunnel sources, notices missed commits. */
void		dmn_housekeep(struct dmn *d, uint64_t now);
/* Pushes the tunnels' peers to the engine. 0 or -1. */
int		dmn_push_config(struct dmn *d);
/* Removes the data-plane interfaces of every tunnel (shutdown). */
void		dmn_tunnels_down(struct dmn *d);
void		dmn_tunnels_free(struct dmn *d);

/* share.c: the control group's id, or -1 when the group does not exist. */
gid_t		dmn_ctl_group(void);
/* share.c: the database at the installed place (and its folder, -wal,
 * -shm) to root:MGMTSEC_GROUP, 0660 (folder 02770), when the daemon is
 * root and the group exists; otherwise nothing.  Failures are logged. */
void		dmn_share_db(const char *db);

/* ctl_srv.c */
int		dmn_ctl_init(struct dmn *d, char *err, size_t errlen);
void		dmn_ctl_accept(struct dmn *d);
/* sd_notify(3) by hand: sends state (e.g. "READY=1") to $NOTIFY_SOCKET
 * when set (notify.c).  Returns 0 (also when unset), -1 with errno. */
int		dmn_notify(const char *state);
void		dmn_ctl_io(struct dmn *d, struct dmn_conn *c,
		    uint32_t events);
void		dmn_ctl_sweep(struct dmn *d, uint64_t now);
void		dmn_ctl_free(struct dmn *d);
/* Reply frames for the request being handled. */
int		dmn_reply_rec(struct dmn_conn *c, uint32_t seq,
		    const struct ctl_rec *rec);
int		dmn_reply_end(struct dmn_conn *c, uint32_t seq,
		    uint32_t status, const char *msg);

/* Sends r (consumed, may be NULL) as one reply record; 0 or -1. */
int		dmn_reply_rec_take(struct dmn_conn *c, uint32_t seq,
		    struct ctl_rec *r);

/* requests.c: answers one request (not HELLO) on c. */
void		dmn_handle_request(struct dmn *d, struct dmn_conn *c,
		    const struct ctl_hdr *h, const struct ctl_rec *req);
/* A snapshot of every IKE SA at one instant (free s->v). */
struct dmn_snap {
	struct ike_sa_info	*v;
	size_t			 n;
	uint64_t		 now;
};
int		dmn_snap_take(struct dmn *d, struct dmn_snap *s);
/* Whole seconds from now until at (rounded up), 0 when past. */
uint32_t	dmn_secs_until(uint64_t at, uint64_t now);
/* Dotted quad of a into buf (INET_ADDRSTRLEN); returns buf. */
const char	*dmn_ip(struct in_addr a, char *buf);

/* show_ike.c, show_ipsec.c: the live show requests. */
void		dmn_show_ike_session(struct dmn *d, struct dmn_conn *c,
		    uint32_t seq);
void		dmn_show_ike_sa(struct dmn *d, struct dmn_conn *c,
		    uint32_t seq);
void		dmn_show_ike_summary(struct dmn *d, struct dmn_conn *c,
		    uint32_t seq);
void		dmn_show_ike_statistics(struct dmn *d, struct dmn_conn *c,
		    uint32_t seq);
void		dmn_show_ipsec_sa(struct dmn *d, struct dmn_conn *c,
		    uint32_t seq, const struct ctl_rec *req);
void		dmn_show_ipsec_dataplane(struct dmn *d, struct dmn_conn *c,
		    uint32_t seq);
/* show_pki.c: show crypto ca certificates. */
void		dmn_show_crypto_ca(struct dmn *d, struct dmn_conn *c,
		    uint32_t seq);
void		dmn_show_interfaces(struct dmn *d, struct dmn_conn *c,
		    uint32_t seq, const struct ctl_rec *req);

#endif
