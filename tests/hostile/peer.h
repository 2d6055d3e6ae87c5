/*
 * The impairing peer's shared state (tests/hostile/peer.c describes the
 * program and its commands).  One process runs up to two instances of the
 * project's engine: the main one, which keeps the long-lived tunnel with
 * the daemon (initiator with `up`, responder when the daemon initiates),
 * and a scratch one per case that needs a fresh negotiation, whose
 * messages the case rewrites on their way out.
 */
#ifndef HOSTILE_PEER_H
#define HOSTILE_PEER_H

#include <stddef.h>
#include <stdint.h>

#include "ikev2/engine.h"
#include "ikev2/msg.h"
#include "ikev2/sk.h"
#include "platform/dp_record.h"

#define HDR		28
#define NAT_MARKER	4	/* the non-ESP marker on 4500 */
#define TIMERS		64
#define KEYSETS		8

/* The keys of one IKE SA, as its engine exported them (IKE_ACT_KEYS),
 * keyed for both directions. */
struct keyset {
	int			used;
	uint64_t		spi_i, spi_r;
	struct ike_encr		*e_i, *e_r;
	struct ike_integ	*a_i, *a_r;
};

/* One engine and what the peer does for it. */
struct side {
	struct ike_engine	*eng;
	struct dp_record	*dp;
	struct {
		uint64_t	id, at;
	}			 timer[TIMERS];
	size_t			 n_timers;
	int			 ike_up, child_up, failed;
	uint64_t		 spi_i;		/* scratch: our IKE_SA_INIT's */
	uint32_t		 child_spi_in;	/* its first Child SA's */
};

struct peer;

/*
 * A rewrite of one outgoing message of an engine: gets the datagram
 * (without any non-ESP marker) and returns the one to send instead in
 * out (its length; 0 to send nothing).  It may send more on its own.
 */
typedef size_t (*rewrite_fn)(struct peer *, const uint8_t *, size_t,
    uint8_t *, size_t);

struct peer {
	struct side		 main, scratch;
	int			 fd, fd_natt;	/* UDP 500 and 4500 */
	struct ike_addr		 local, remote;
	uint16_t		 natt_port;	/* local and remote 4500 */
	int			 natt;		/* new negotiations on 4500 */
	int			 force_encap;	/* main engine fakes a NAT */
	struct keyset		 keys[KEYSETS];
	/* What we sent first: our IKE_SA_INIT and IKE_AUTH requests, and
	 * the daemon's IKE_AUTH response (replayed by cases). */
	uint8_t			 init[4096], auth[8192], auth_resp[8192];
	size_t			 init_len, auth_len, auth_resp_len;
	/* Responder role: our last IKE_AUTH response (replayed). */
	uint8_t			 my_auth_resp[8192];
	size_t			 my_auth_resp_len;
	const char		*impair;	/* being reported */
	long			 rx, rx_bytes;	/* datagrams received */
	long			 replies;	/* ... and reported */
	long			 replies_at_rw;	/* when the rewrite went */
	int			 mute;		/* count, do not answer */
	/* The rewrite armed for the next matching message an engine sends:
	 * its exchange and whether it is a response. */
	rewrite_fn		 rw;
	const char		*rw_name;
	uint8_t			 rw_exch;
	int			 rw_resp;
	uint16_t		 rw_port;	/* where it is going */
	int			 rw_done;
	/* CASE_EST: the scratch IKE SA, taken over from its engine. */
	uint64_t		 est_spi_i, est_spi_r;
	uint32_t		 est_msgid;	/* our next request's */
	uint32_t		 est_child_in;	/* its Child SA, our SPI */
	int			 est_gone;	/* a case deleted it */
};

uint64_t	now_ms(void);
void		put32(uint8_t *d, uint32_t v);
uint32_t	get32(const uint8_t *d);
uint64_t	get64(const uint8_t *d);

/* Sends an IKE message (no marker) toward the daemon: on 500, or with the
 * non-ESP marker on 4500 when port is the NAT-T port. */
void		send_ike(struct peer *p, uint16_t port, const uint8_t *d,
		    size_t len);
/* The port new negotiations use (500, or 4500 after `port 4500`). */
uint16_t	case_port(const struct peer *p);
/* Runs both engines and reports what arrives, for ms milliseconds. */
void		pump(struct peer *p, int ms, int watch_stdin);

/* Keys (sa_keys.c): the set of an IKE SA, NULL when not known. */
struct keyset	*keys_find(struct peer *p, uint64_t spi_i, uint64_t spi_r);
void		 keys_take(struct peer *p, const struct ike_keys_export *k);
void		 keys_free_all(struct peer *p);
/* Opens a protected message into a decoded m (keys of the sender: the I
 * flag says which); 0 or -1. */
int		 keys_open(struct peer *p, const uint8_t *d, size_t len,
		    struct ike_msg *m);
/*
 * Protects the payload chain plain (first payload `first`) under hdr
 * with the keys of its sender (hdr->flags' I bit), into out.  extra_pad
 * adds that many whole blocks of padding; pad_len >= 0 writes that value
 * into the Pad Length octet instead of the true one.  Returns the length,
 * 0 on failure.
 */
size_t		 keys_seal(struct peer *p, const struct ike_hdr *hdr,
		    uint8_t first, const uint8_t *plain, size_t len,
		    int extra_pad, int pad_len, uint8_t *out, size_t cap);
/* Re-protects a decoded message's inner payloads as they now are (in
 * m->pl order), with the header m->hdr; extra_pad and pad_len as for
 * keys_seal. */
size_t		 keys_reseal(struct peer *p, const struct ike_msg *m,
		    int extra_pad, int pad_len, uint8_t *out, size_t cap);
/* n zeroed octets in m's arena (n <= 1024), NULL if not. */
void		*msg_zalloc(struct ike_msg *m, size_t n);

/* Removes every payload of that type (and, for notifies, of that notify
 * type when ntype is non-zero) from m; how many. */
size_t		 msg_drop(struct ike_msg *m, uint8_t type, uint16_t ntype);

/* Case tables.  kind: what a case starts from. */
enum case_kind {
	CASE_RAW = 1,	/* a recorded datagram of the main tunnel, edited */
	CASE_INIT,	/* our IKE_SA_INIT, fresh SPI, decoded and edited */
	CASE_NEG,	/* a scratch negotiation, one message rewritten */
	CASE_EST,	/* a scratch IKE SA, established, then a request */
	CASE_RESP,	/* the main engine's next response rewritten (the
			 * daemon initiates) */
};

typedef size_t (*impair_fn)(struct peer *, uint8_t *, size_t);

struct impair {
	const char	*name;
	enum case_kind	 kind;
	impair_fn	 fn;		/* RAW, INIT, EST: builds what to send */
	rewrite_fn	 rw;		/* NEG, RESP: the rewrite */
	uint8_t		 exch;		/* NEG, RESP: of which message */
};

extern const struct impair impairs_raw[], impairs_init[], impairs_auth[],
    impairs_est[], impairs_resp_init[], impairs_resp_auth[];
extern const size_t n_impairs_raw, n_impairs_init, n_impairs_auth,
    n_impairs_est, n_impairs_resp_init, n_impairs_resp_auth;

/* Our IKE_AUTH request without INITIAL_CONTACT, nothing else changed
 * (impair_auth.c): how every scratch IKE SA comes up. */
size_t		 auth_clean(struct peer *p, const uint8_t *d, size_t len,
		    uint8_t *out, size_t cap);

/* The raw cases' sources (impair_raw.c). */
size_t		 from_auth(struct peer *p, uint8_t *d);
size_t		 from_init(struct peer *p, uint8_t *d);


#endif
