/*
 * Engine internals shared by the engine's files: the IKE SA and Child SA
 * objects and the engine object, the queue of exchanges we want to start
 * ("tasks"), and the API of the layer under the exchanges: the SA
 * life, message IDs, the window of one outstanding request,
 * retransmission and cached responses (sa.c, sa_index.c), Child SAs
 * (child.c), and what the engine lends (engine_env.c, engine_cfg.c).
 * Not a public interface: the daemon uses engine.h only.
 */
#ifndef IKEV2_SA_H
#define IKEV2_SA_H

#include <stddef.h>
#include <stdint.h>

#include "ikev2/msg.h"
#include "ikev2/crypto.h"
#include "ikev2/dh.h"
#include "ikev2/keys.h"
#include "ikev2/engine.h"
#include "ikev2/proposal.h"
#include "ikev2/sk.h"
#include "ikev2/ts.h"
#include "common/buf.h"

#include <openssl/evp.h>

struct ike_engine;
struct ike_sa;

/*
 * A tunnel's settings as the engine keeps them: one object per version,
 * shared read-only by the configuration that lists it and by every IKE SA
 * that runs with it.  A new configuration that leaves a tunnel unchanged
 * keeps its object; a changed tunnel gets a new one, and the old version
 * lives on until the last SA using it is gone (refs counts both).
 */
struct ike_peer {
	unsigned		refs;
	struct ike_cfg_peer	cfg;
};

struct ike_child_out;

/* Child SA states. */
enum ike_child_state {
	IKE_CHILD_INSTALLED = 1,	/* in the data plane, in use */
	IKE_CHILD_REKEYING,		/* our rekey of it is in flight */
	IKE_CHILD_REKEYED,		/* replaced; kept for inbound until
					 * deleted */
	IKE_CHILD_DELETING,		/* our Delete of it is in flight */
	IKE_CHILD_DEAD,
};

/*
 * A Child SA.  Its traffic selectors and the lower nonce of the exchange
 * that made it (for rekey collisions, RFC 7296 §2.8.1) follow it in the
 * same allocation, each as long as it is: ts[] holds the n_ts_local local
 * selectors, then the remote ones, then the nonce (ike_child_nonce).
 */
struct ike_child {
	struct ike_child	*next;
	uint32_t		 id;		/* engine-unique; dp reqid */
	uint32_t		 spi_in;	/* ours: the peer sends to it */
	uint32_t		 spi_out;	/* the peer's */
	/* REKEYING: the Child SA the peer created by rekeying this one
	 * while our own rekey was in flight (0: none). */
	uint32_t		 collided;
	enum ike_child_state	 state;
	uint8_t			 installed;	/* in the data plane */
	uint8_t			 out_gone;	/* outbound SA removed (our
						 * Delete of it is out) */
	uint8_t			 encap;		/* UDP-encapsulated */
	uint8_t			 n_ts_local;
	uint8_t			 n_ts_remote;
	uint16_t		 nonce_lo_len;
	struct ike_suite	 suite;		/* ESP algorithms; dh = PFS */
	uint64_t		 installed_ms;
	uint64_t		 rekey_ms;	/* soft lifetime (0: none) */
	uint64_t		 expire_ms;	/* hard lifetime */
	uint64_t		 delete_ms;	/* REKEYED: delete it ourselves
						 * if the peer has not */
	/*
	 * Made by the peer's rekey of Child SA `replaces` (0: none): our
	 * outbound SA waits in out_pending (keys and all) until that one
	 * is deleted, for the peer installs its inbound SA only when our
	 * answer arrives (RFC 7296 §2.8, make-before-break).
	 */
	uint32_t		 replaces;
	struct ike_child_out	*out_pending;
	struct ike_ts_sel	 ts[];
};

static inline const uint8_t *
ike_child_nonce(const struct ike_child *c)
{
	return (const uint8_t *)(c->ts + c->n_ts_local + c->n_ts_remote);
}

/* Exchanges we start. */
enum ike_task_type {
	IKE_TASK_INIT = 1,	/* IKE_SA_INIT */
	IKE_TASK_AUTH,		/* IKE_AUTH with the first Child SA */
	IKE_TASK_CHILD_CREATE,	/* CREATE_CHILD_SA, new Child SA */
	IKE_TASK_CHILD_REKEY,	/* CREATE_CHILD_SA with REKEY_SA */
	IKE_TASK_IKE_REKEY,	/* CREATE_CHILD_SA rekeying the IKE SA */
	IKE_TASK_CHILD_DELETE,	/* INFORMATIONAL with Delete(ESP) */
	IKE_TASK_IKE_DELETE,	/* INFORMATIONAL with Delete(IKE) */
	IKE_TASK_DPD,		/* empty INFORMATIONAL */
	IKE_TASK_AUTH_FAILED,	/* INFORMATIONAL N(AUTHENTICATION_FAILED) */
};

/*
 * What an exchange that negotiates keeps until it is answered: our key
 * pair and nonce, what we offered.  Only those tasks have one (a Delete
 * or a liveness check does not), made by ike_task_x().
 */
struct ike_task_x {
	struct ike_dh		*dh;
	uint8_t			 nonce[IKE_NONCE_MAX];
	size_t			 nonce_len;
	struct ike_offer	*offer;		/* what we proposed */
	struct ike_ts_list	 tsi;		/* proposed selectors */
	struct ike_ts_list	 tsr;
};

struct ike_task {
	struct ike_task		*next;
	enum ike_task_type	 type;
	uint32_t		 child_id;	/* CHILD_REKEY, CHILD_DELETE */
	uint32_t		 spi;		/* CHILD_DELETE: our SPI */
	int			 recreate;	/* CHILD_DELETE: then anew */
	uint64_t		 not_before;	/* queued until (retry delay) */
	/* State of the exchange once started. */
	uint16_t		 dh_group;
	uint32_t		 spi_in;	/* new Child SA: our SPI */
	uint64_t		 new_spi;	/* IKE rekey: our new SPI */
	unsigned		 ke_retries;	/* INVALID_KE round trips */
	unsigned		 cookie_retries;
	struct ike_task_x	*x;		/* see ike_task_x() */
};

/* Octets an SA keeps, allocated to the octet: it may keep them for its
 * whole life, so there is no slack.  Wiped when freed. */
struct ike_bytes {
	uint8_t		*p;
	size_t		 len;
};

/* Sets b to a copy of p (replacing what it held); 0, or -1 and b empty. */
int	ike_bytes_set(struct ike_bytes *b, const void *p, size_t len);
void	ike_bytes_free(struct ike_bytes *b);

/*
 * What only the IKE_SA_INIT and IKE_AUTH exchanges need (RFC 7296 §2.6,
 * §2.15, §2.17): the nonces, both IKE_SA_INIT messages as sent and a
 * COOKIE to echo.  An SA made by IKE_SA_INIT has it until it is
 * established; one made by a rekey never does.
 */
struct ike_sa_hs {
	uint8_t			 ni[IKE_NONCE_MAX];
	size_t			 ni_len;
	uint8_t			 nr[IKE_NONCE_MAX];
	size_t			 nr_len;
	struct buf		 msg1;		/* IKE_SA_INIT request */
	struct buf		 msg2;		/* IKE_SA_INIT response */
	struct buf		 cookie;	/* initiator: COOKIE to echo */
	/* SK_pi, SK_pr: only the AUTH payloads use them (§2.15). */
	uint8_t			 sk_pi[IKE_PRF_MAX_KEY];
	uint8_t			 sk_pr[IKE_PRF_MAX_KEY];
	size_t			 p_len;
};

/*
 * The keys an IKE SA keeps for its life (RFC 7296 §2.14), each exactly as
 * long as the negotiated transforms want: SK_d (Child SA keys, rekeying)
 * and SK_ai, SK_ar, SK_ei, SK_er (its messages).  No cipher or HMAC
 * context is kept per SA: the engine keys its own from these for each
 * message (ike_engine_sk), IKE messages being rare once an SA is up.
 * Wiped when freed.
 */
struct ike_sa_keymat {
	uint8_t			 d_len;
	uint8_t			 a_len;		/* 0 with an AEAD cipher */
	uint8_t			 e_len;
	uint8_t			 k[];		/* SK_d | SK_ai | SK_ar |
						 * SK_ei | SK_er */
};

static inline const uint8_t *
ike_km_d(const struct ike_sa_keymat *k)
{
	return k->k;
}

/* SK_a and SK_e of the original initiator's (i) or responder's side. */
static inline const uint8_t *
ike_km_a(const struct ike_sa_keymat *k, int i)
{
	return k->k + k->d_len + (i ? 0 : k->a_len);
}

static inline const uint8_t *
ike_km_e(const struct ike_sa_keymat *k, int i)
{
	return k->k + k->d_len + 2 * (size_t)k->a_len + (i ? 0 : k->e_len);
}

#define IKE_REQ_DIGEST_LEN	32	/* SHA-256 of a request datagram */
/* A retransmitted request is answered at most once in this time (a peer
 * backs off for longer; a flood of copies gets one answer). */
#define IKE_RESEND_GAP_MS	200

/* The one request we have outstanding (window size 1, RFC 7296 §2.3). */
struct ike_req {
	int			 active;
	uint32_t		 msgid;
	uint8_t			 exchange;
	struct ike_bytes	 pkt;		/* train as sent (see
						 * ike_sa_send_train): resent
						 * verbatim */
	unsigned		 sent;		/* transmissions so far */
	uint64_t		 next_ms;	/* next retransmission or, after
						 * the last, giving up */
	struct ike_task		*task;
};

/* The engine's indexes of its SAs (sa_index.c), by what they key on. */
enum ike_sa_idx {
	IKE_IDX_ID = 0,		/* sa->id (timers, admin requests) */
	IKE_IDX_SPI,		/* our SPI, ike_sa_my_spi() (datagrams) */
	IKE_IDX_PSPI,		/* responder SAs: the initiator's SPI */
	IKE_IDX_PEER,		/* the tunnel, sa->peer->id */
	IKE_IDX_HALFOPEN,	/* responder half-open SAs: peer address */
	IKE_IDX_MAX
};

struct ike_sa_table {
	struct ike_sa	**b;		/* buckets (power of 2) */
	size_t		  nb;
	size_t		  n;		/* SAs in it */
};

struct ike_sa {
	struct ike_sa		*next;		/* e->sas, newest first */
	struct ike_sa		*prev;
	struct ike_sa		*hnext[IKE_IDX_MAX];	/* index chains */
	struct ike_sa		*dirty_next;	/* e->dirty */
	struct ike_engine	*eng;
	uint32_t		 id;		/* engine-unique, timer id */
	enum ike_sa_state	 state;
	int			 initiator;	/* original initiator */
	int			 natt;		/* IKE on 4500 with marker */
	int			 nat_local;	/* we are behind a NAT */
	int			 nat_remote;	/* the peer is (or fakes it) */
	/* Message IDs (RFC 7296 §2.2). */
	uint32_t		 my_msgid;	/* next request we send */
	uint32_t		 peer_msgid;	/* next request we expect */
	uint32_t		 resp_msgid;	/* of resp */
	uint8_t			 resp_valid;
	/* RFC 7296 §2.1: only the very request resp answers is answered
	 * again: its digest, and that of the request being processed. */
	uint8_t			 resp_req_digest[IKE_REQ_DIGEST_LEN];
	uint8_t			 cur_req_digest[IKE_REQ_DIGEST_LEN];
	uint64_t		 resend_ms;	/* last resend of resp */
	uint8_t			 in_idx;	/* bit per index it is in */
	uint8_t			 dirty;		/* on e->dirty */
	uint8_t			 auth_remote;	/* method the peer used */
	uint8_t			 half_open_counted;
	uint8_t			 half_open_bad;	/* requests that did not
						 * open (half-open only) */
	uint8_t			 initial_contact_sent;
	uint8_t			 frag;		/* RFC 7383 negotiated */
	uint64_t		 spi_i;		/* as on the wire */
	uint64_t		 spi_r;
	/* The tunnel settings it runs with (a reference, see struct
	 * ike_peer): a later configuration does not change them. */
	const struct ike_cfg_peer *peer;
	struct ike_addr		 local;
	struct ike_addr		 remote;

	/* Negotiated suite and keys (NULL until IKE_SA_INIT is done). */
	struct ike_suite	 suite;
	struct ike_sa_keymat	*km;

	struct ike_sa_hs	*hs;		/* handshake only, else NULL */
	/* Certificate authentication state (auth.h), NULL without. */
	struct ike_sa_pki	*pki;
	/* Identities (ID type | RESERVED | data, the AUTH body form). */
	struct ike_bytes	 id_local;
	struct ike_bytes	 id_remote;

	/* Fragments of the peer's request (0) and of the response to ours
	 * (1) being reassembled (frag.c), NULL: none. */
	struct ike_frag_rx	*frag_rx[2];
	struct ike_req		 req;		/* our outstanding request */
	struct ike_task		*queue;		/* exchanges waiting to start */
	struct ike_bytes	 resp;		/* last response (train) */
	uint64_t		 last_in_ms;	/* last authenticated message */
	uint64_t		 last_out_ms;	/* last IKE message we sent */

	struct ike_child	*children;

	/* Times (ms; 0: none). */
	uint64_t		 created_ms;
	uint64_t		 established_ms;
	uint64_t		 rekey_ms;
	uint64_t		 expire_ms;
	uint64_t		 dpd_ms;
	uint64_t		 keepalive_ms;	/* NAT keepalive (RFC 3948) */
	uint64_t		 halfopen_ms;	/* responder: give up at */
	uint64_t		 delete_ms;	/* REKEYED: delete it if the
						 * peer has not by then */
	uint64_t		 armed;		/* deadline of our timer */

	/* IKE rekey collisions (RFC 7296 §2.8.2): the IKE SA the peer made
	 * by rekeying this one while our own rekey was in flight. */
	struct ike_sa		*collided;
	struct ike_bytes	 nonce_lo;	/* lower nonce of the exchange
						 * that created it */
};

/*
 * The last response of a recently deleted IKE SA, so a retransmitted
 * request (the peer lost our answer to its Delete) is answered instead of
 * left to time out.
 */
#define IKE_ZOMBIES	8
#define IKE_ZOMBIE_MS	30000
struct ike_zombie {
	uint64_t	spi_i;
	uint64_t	spi_r;
	uint32_t	msgid;
	uint64_t	until;
	struct ike_addr	local;
	struct ike_addr	remote;
	struct ike_bytes resp;		/* train */
	uint8_t		req_digest[IKE_REQ_DIGEST_LEN];	/* what it answers */
};

/*
 * The engine object, shared with the exchange files.  `now` and `out` are
 * the current event's time and action list, set by ike_engine_input().
 */
struct ike_engine {
	struct ike_env		 env;
	struct ike_cfg		 cfg;		/* limits, counts; peers and
						 * policies are below */
	struct ike_peer		**peers;	/* in configuration order */
	struct ike_peer		**peer_by_id;	/* open addressing, by id */
	struct ike_peer		**peer_by_addr;	/* ... by (local, remote) */
	size_t			 peer_cap;	/* slots of each (power of 2) */
	struct ike_cfg_policy	*policies;
	struct ike_sa		*sas;
	struct ike_sa_table	 idx[IKE_IDX_MAX];
	/* SAs the current event touched: their timers are re-armed, and
	 * the dead ones freed, when it ends. */
	struct ike_sa		*dirty;
	uint32_t		 next_sa_id;
	uint32_t		 next_child_id;
	uint64_t		 now;
	struct ike_actions	*out;
	/* Starts a task (its exchange's build_i): ike_exchange_start() of
	 * the exchange table above this layer, set by ike_engine_new; the
	 * SA layer starts what it queues through it alone. */
	int			(*start)(struct ike_sa *sa, struct ike_task *t);
	/* Where the current datagram came from and arrived (NAT-D). */
	struct ike_addr		 cur_local;
	struct ike_addr		 cur_remote;
	struct ike_stats	 stats;
	/* COOKIE secrets (RFC 7296 §2.6): the current and the previous. */
	uint8_t			 secret[2][32];
	uint8_t			 secret_ver;	/* version of secret[0] */
	uint64_t		 secret_ms;	/* when secret[0] was made */
	struct ike_prf		*cookie_prf;	/* HMAC-SHA2-256 */
	/* Crypto objects every SA borrows for one operation at a time: a
	 * PRF per transform (keyed per call), and one cipher and one HMAC
	 * keyed per message from the SA's keys (ike_engine_sk). */
	struct ike_prf		*prfs[4];
	struct ike_encr		*sk_encr;
	struct ike_integ	*sk_integ;
	int			 keyed;		/* one of them holds an SA's
						 * key: wipe it when the event
						 * ends */
	EVP_MD			*sha1;		/* NAT-D hashes, fetched once */
	EVP_MD			*sha256;	/* request digests */
	size_t			 frag_mem;	/* octets all SAs hold for
						 * reassembly (frag.c) */
	struct ike_zombie	 zombies[IKE_ZOMBIES];
	size_t			 next_zombie;
	/* Token bucket of the unauthenticated answers (unauth.c), in
	 * thousandths of an answer, and when it was last filled. */
	uint64_t		 unauth_credit;
	uint64_t		 unauth_ms;
};

/*
 * A half-open SA (responder, IKE_AUTH not yet arrived) is deleted after
 * this many requests to it that fail to open (bad ICV, bad SK payload):
 * an honest initiator sends one IKE_AUTH and retransmits the same bytes,
 * so a handful of failures is someone who knows the SPIs but not the
 * keys, and each failure costs us an HMAC.
 */
#define IKE_HALFOPEN_BAD_MAX	5

/*
 * Sends an answer that nothing authenticates (the IKE_SA_INIT notifies:
 * COOKIE, NO_PROPOSAL_CHOSEN, INVALID_KE_PAYLOAD, INVALID_SYNTAX, ...) of
 * ans_len octets of IKE message (dg, dg_len: the datagram, with the
 * non-ESP marker if any) to a request of req_len octets of IKE message.
 * Withheld (counted in stats.unauth_withheld) when it is larger than the
 * request, so that no one can use us to amplify traffic towards a forged
 * source, or when the token bucket of limits.unauth_rate per second is
 * empty.  Returns 1 when sent, 0 when withheld.
 */
int	ike_unauth_send(struct ike_engine *e, const struct ike_addr *local,
	    const struct ike_addr *remote, size_t req_len, size_t ans_len,
	    const uint8_t *dg, size_t dg_len);
/* Fills the bucket for a new engine. */
void	ike_unauth_init(struct ike_engine *e);

/*
 * What the engine lends (engine_env.c).
 */
/* Random octets through env->rand; -1 (logged) on failure. */
int	ike_rand(struct ike_engine *e, enum ike_rand_use use, void *buf,
	    size_t len);
/* A fresh DH key pair of group from injected randomness (caller frees
 * with ike_dh_free), or NULL. */
struct ike_dh *ike_dh_fresh(struct ike_engine *e, uint16_t group);
/* Our nonce (IKE_NONCE_MAX octets at out) of the configured size, clamp
 * saying how a size out of range is handled; its length, or 0 without
 * randomness. */
size_t	ike_nonce_fresh(struct ike_engine *e, uint8_t *out, int clamp);
/* Limits with their defaults filled in. */
uint32_t ike_lim_retransmit_base(const struct ike_engine *e);
uint32_t ike_lim_retransmit_tries(const struct ike_engine *e);

/* The SHA-256 digest of a request datagram p[0 .. len) into out (all
 * zero if the digest fails: it then matches nothing real). */
void	ike_req_digest(struct ike_engine *e, const uint8_t *p, size_t len,
	    uint8_t out[IKE_REQ_DIGEST_LEN]);
/* How long a replaced SA lingers before we delete it (ms). */
uint64_t ike_delete_wait_ms(const struct ike_engine *e);
/* A retry delay after TEMPORARY_FAILURE or a failed rekey: the
 * configured one minus up to half of it at random, so two peers that
 * collided once do not collide again (RFC 7296 §2.25). */
uint64_t ike_retry_delay(struct ike_engine *e);
/* Sets the soft (rekey, with jitter) and hard (expire) deadlines of a
 * lifetime of life_s seconds starting at e->now. */
void	ike_lifetime_schedule(struct ike_engine *e, uint32_t life_s,
	    uint64_t *rekey_ms, uint64_t *expire_ms);
/* The engine's PRF object for a transform, made on first use, or NULL
 * (borrowed; the key is given per call). */
struct ike_prf *ike_engine_prf(struct ike_engine *e, uint16_t id);
/* Keys the engine's cipher and HMAC with one direction's SK_e and SK_a
 * (akey NULL with AEAD) of suite s and points sk at them: valid until
 * the next call.  0 or -1. */
int	ike_engine_sk(struct ike_engine *e, const struct ike_suite *s,
	    const uint8_t *ekey, size_t elen, const uint8_t *akey,
	    size_t alen, struct ike_sk_keys *sk);
/* Overwrites the keys the shared objects hold (the end of each event). */
void	ike_engine_crypto_wipe(struct ike_engine *e);

/*
 * The configuration (engine_cfg.c; ike_engine_set_config is in
 * engine.h).
 */
/* A tunnel's configuration by id, or NULL (borrowed). */
const struct ike_cfg_peer *ike_engine_peer(const struct ike_engine *e,
	    uint32_t id);
/* The configured tunnel from local to remote (the first one in
 * configuration order), or NULL (borrowed). */
const struct ike_cfg_peer *ike_engine_peer_by_addr(const struct ike_engine *e,
	    struct in_addr local, struct in_addr remote);
/* Takes a reference to settings of the engine's (returns p), or drops one
 * (the last wipes and frees them); NULL is a no-op for both. */
const struct ike_cfg_peer *ike_peer_get(const struct ike_cfg_peer *p);
void	ike_peer_put(const struct ike_cfg_peer *p);
/* Drops the engine's peers and policies (ike_engine_free). */
void	ike_engine_cfg_release(struct ike_engine *e);

/*
 * IKE SA life (sa.c).
 */
/* Whether one of the SA's tunnel IKE proposals lists the DH group. */
int	ike_sa_offers_group(const struct ike_sa *sa, uint16_t group);
/* A new SA, indexed by its id, our SPI (spi_i when we initiate, else
 * spi_r: non-zero), the initiator's SPI and its tunnel (peer: a reference
 * is taken; NULL for none).  These never change afterwards. */
struct ike_sa	*ike_sa_new(struct ike_engine *e, int initiator,
		    const struct ike_cfg_peer *peer, uint64_t spi_i,
		    uint64_t spi_r);
/* Moves the SA to a new state if the transition table allows it; an
 * invalid transition is refused (-1) and logged. */
int		 ike_sa_set_state(struct ike_sa *sa, enum ike_sa_state st);
/* Kills an SA now: removes its Child SAs from the data plane; its timer is
 * cancelled and it is freed at the end of the event. */
void		 ike_sa_kill(struct ike_sa *sa, const char *why);
void		 ike_sa_free(struct ike_sa *sa);
/* The live SA whose SPI of ours is spi: mine_i 1 among SAs we initiated,
 * 0 among the others, -1 either. */
struct ike_sa	*ike_sa_by_spi(struct ike_engine *e, uint64_t spi, int mine_i);
/* The SA with this id, dead or alive, or NULL. */
struct ike_sa	*ike_sa_by_id(struct ike_engine *e, uint32_t id);
/* It no longer counts as half-open (established or dead). */
void		 ike_sa_half_open_end(struct ike_sa *sa);
/* Removes an SA from the engine's list and indexes and frees it. */
void		 ike_sa_unlink_free(struct ike_sa *sa);

/*
 * Indexes (sa_index.c).  An SA is in IKE_IDX_ID, _SPI, _PSPI (responder
 * SAs) and _PEER (SAs with a tunnel) from ike_sa_new to its free, and in
 * IKE_IDX_HALFOPEN while it counts as half-open.  first/next walk the SAs
 * with one key (dead ones included) in no particular order.
 */
uint64_t	 ike_sa_idx_key(const struct ike_sa *sa, enum ike_sa_idx i);
void		 ike_sa_idx_add(struct ike_sa *sa, enum ike_sa_idx i);
void		 ike_sa_idx_del(struct ike_sa *sa, enum ike_sa_idx i);
struct ike_sa	*ike_sa_idx_first(const struct ike_engine *e,
		    enum ike_sa_idx i, uint64_t key);
struct ike_sa	*ike_sa_idx_next(const struct ike_sa *sa, enum ike_sa_idx i);
void		 ike_sa_idx_free(struct ike_engine *e);
/* Our SPI of an SA (the one that indexes it here). */
uint64_t	 ike_sa_my_spi(const struct ike_sa *sa);
/* A fresh random IKE SPI unused by this engine; 0 on failure. */
uint64_t	 ike_sa_new_spi(struct ike_engine *e);
/* Keys the SA from its suite and the derived keys (IKE_SA_INIT or
 * rekey): it keeps SK_d/a/e, its handshake SK_pi/SK_pr.  keys is
 * adopted (wiped and freed here).  0 or -1. */
int		 ike_sa_set_keys(struct ike_sa *sa, struct ike_sa_keys *keys);
/* The SA's PRF (the engine's object for its transform), or NULL. */
struct ike_prf	*ike_sa_prf(struct ike_sa *sa);
/* True when the SA still runs for its peer (not being replaced/torn). */
int		 ike_sa_is_up(const struct ike_sa *sa);
/* What an SA does with a request of an exchange type in its state. */
enum ike_accept {
	IKE_ACC_DROP,		/* ignore it (no answer) */
	IKE_ACC_OK,		/* process it */
	IKE_ACC_TEMPFAIL,	/* answer TEMPORARY_FAILURE (§2.25) */
};
enum ike_accept	 ike_sa_accepts(const struct ike_sa *sa, uint8_t exchange);
/* Notes that the SA's deadlines may have changed: its timer is armed or
 * cancelled (one action) when the event ends. */
void		 ike_sa_rearm(struct ike_sa *sa);
/* Ends an event: arms the timers of the SAs it touched and frees the ones
 * that died. */
void		 ike_sa_flush(struct ike_engine *e);
/* Handles everything due at e->now (timer event). */
void		 ike_sa_timer(struct ike_sa *sa);
/* Sets soft/hard lifetimes from peer.ike_lifetime at e->now. */
void		 ike_sa_schedule_lifetime(struct ike_sa *sa);
/* Sends a NAT keepalive if due and schedules the next (only when we
 * are behind a NAT ourselves). */
void		 ike_sa_keepalive(struct ike_sa *sa);
/* After an IKE SA came up: of two up for one tunnel (simultaneous
 * initiation), the one whose exchange had the lower nonce goes. */
void		 ike_sa_settle_duplicates(struct ike_sa *sa);
/* INITIAL_CONTACT from the peer of sa: its older SAs are gone. */
void		 ike_sa_initial_contact(struct ike_sa *sa);
/* Records an authenticated message from the peer (DPD, NAT mapping). */
void		 ike_sa_peer_alive(struct ike_sa *sa);

/*
 * Requests and responses (sa.c).
 */
/* Builds a message for this SA: header (SPIs, I flag, exchange). */
struct ike_msg	*ike_sa_msg(struct ike_sa *sa, uint8_t exchange, int response,
		    uint32_t msgid);
/* Encodes (and protects, unless IKE_SA_INIT) m, then sends it as our new
 * request for task (adopted).  Frees m. */
int		 ike_sa_send_request(struct ike_sa *sa, struct ike_msg *m,
		    struct ike_task *task);
/* Encodes/protects a response, caches it and sends it.  Frees m. */
int		 ike_sa_send_response(struct ike_sa *sa, struct ike_msg *m);
/* Answers the request req with one (protected) notify of that type;
 * about SPI spi of protocol proto when spi is not 0. */
void		 ike_sa_respond_notify(struct ike_sa *sa,
		    const struct ike_msg *req, uint16_t type, uint8_t proto,
		    uint32_t spi);
/* Answers req with INVALID_KE_PAYLOAD naming the group we want (RFC 7296
 * §1.2, §1.3), and counts it. */
void		 ike_sa_respond_invalid_ke(struct ike_sa *sa,
		    const struct ike_msg *req, uint16_t group);
/*
 * A message as an SA keeps it to send again is a train: one datagram, or
 * the fragments of one message (RFC 7383), each as a 2-octet length and
 * then the datagram (non-ESP marker included).  Sends every datagram of
 * it (each one SEND action).
 */
void		 ike_sa_send_train(struct ike_engine *e,
		    const struct ike_sa *sa, const struct ike_addr *local,
		    const struct ike_addr *remote,
		    const struct ike_bytes *train);
/* Appends one datagram (len octets, after mk zero octets of marker) to a
 * train being built; 0 or -1. */
int		 ike_train_add(struct buf *train, size_t mk, const uint8_t *p,
		    size_t len);
/* Opens the SKF payload of one fragment with the peer's keys (sk.h). */
int		 ike_sa_unprotect_frag(struct ike_sa *sa, struct ike_msg *m,
		    const uint8_t **plain, size_t *len, struct ike_derr *err);
/* Resends our outstanding request now (same bytes). */
void		 ike_sa_resend(struct ike_sa *sa);
/* Opens the SK payload of a received message with the peer's keys. */
int		 ike_sa_unprotect(struct ike_sa *sa, struct ike_msg *m,
		    struct ike_derr *err);
/* Gives an SA made by IKE_SA_INIT its handshake state; 0 or -1. */
int		 ike_sa_hs_new(struct ike_sa *sa);
/* Drops it (the SA is established): wiped and freed. */
void		 ike_sa_hs_free(struct ike_sa *sa);

/* Tasks (sa.c). */
struct ike_task	*ike_task_new(enum ike_task_type type);
/* The task's exchange state, made on first use; NULL without memory. */
struct ike_task_x *ike_task_x(struct ike_task *t);
void		 ike_task_free(struct ike_task *t);
/* Queues a task (adopted); starts it if nothing is outstanding. */
void		 ike_sa_queue(struct ike_sa *sa, struct ike_task *t);
/* Starts the next queued task if the window is free. */
void		 ike_sa_kick(struct ike_sa *sa);
/* True when a task of that type (and child, if non-zero) is queued or
 * running. */
int		 ike_sa_has_task(const struct ike_sa *sa, enum ike_task_type t,
		    uint32_t child_id);
/* Ends the outstanding request (its response arrived or it gave up). */
void		 ike_sa_req_done(struct ike_sa *sa);

/*
 * Child SAs (child.c).
 */
/* A new Child SA of sa (last in its list) with these selectors and the
 * lower of the two nonces of the exchange making it. */
struct ike_child *ike_child_new(struct ike_sa *sa,
		    const struct ike_ts_list *local,
		    const struct ike_ts_list *remote, const uint8_t *ni,
		    size_t ni_len, const uint8_t *nr, size_t nr_len);
struct ike_child *ike_child_by_id(const struct ike_sa *sa, uint32_t id);
struct ike_child *ike_child_by_spi_out(const struct ike_sa *sa, uint32_t spi);
struct ike_child *ike_child_by_spi_in(const struct ike_sa *sa, uint32_t spi);
/* Number of Child SAs in the given state (0: any live one). */
size_t		 ike_child_count(const struct ike_sa *sa,
		    enum ike_child_state st);
/* Derives KEYMAT and installs both directions; gir may be NULL.
 * exch_initiator: we started the exchange that made it. */
int		 ike_child_install(struct ike_sa *sa, struct ike_child *c,
		    int exch_initiator, const uint8_t *gir, size_t gir_len,
		    const uint8_t *ni, size_t ni_len, const uint8_t *nr,
		    size_t nr_len);
/* Installs c's held-back outbound SA (see struct ike_child), if any. */
void		 ike_child_install_out(struct ike_sa *sa, struct ike_child *c);
/* Stops sending on c: installs the outbound SA of a Child SA that
 * replaces it, then removes c's (its inbound SA stays). */
void		 ike_child_stop_out(struct ike_sa *sa, struct ike_child *c);
/* Drops c's held-back outbound SA without installing it. */
void		 ike_child_drop_out(struct ike_child *c);
/* Removes it from the data plane and frees it; first installs the
 * outbound SA of a Child SA that replaces it. */
void		 ike_child_delete(struct ike_sa *sa, struct ike_child *c,
		    const char *why);
/* Frees every Child SA of sa, removing them from the data plane. */
void		 ike_child_delete_all(struct ike_sa *sa, const char *why);
/* Sets soft/hard lifetimes from peer.child_lifetime at e->now. */
void		 ike_child_schedule(struct ike_sa *sa, struct ike_child *c);
/* Reserves an inbound SPI through the data plane; 0 on failure. */
uint32_t	 ike_child_get_spi(struct ike_sa *sa);
/* Releases a reserved SPI that never got an SA. */
void		 ike_child_release_spi(struct ike_sa *sa, uint32_t spi);
/* Handles a Child SA's timers (soft/hard lifetime, delete wait). */
void		 ike_child_timers(struct ike_sa *sa);
/* Updates the UDP encapsulation of installed SAs after a port change. */
void		 ike_child_update_encap(struct ike_sa *sa);

/*
 * Lowest-nonce comparison of RFC 7296 §2.8.1: octet by octet, a shorter
 * nonce that is a prefix of the other being the lower.
 */
int		 ike_nonce_cmp(const uint8_t *a, size_t alen, const uint8_t *b,
		    size_t blen);
/* Keeps the lower of two nonces as the SA's nonce_lo; 0 or -1. */
int		 ike_sa_set_nonce_lo(struct ike_sa *sa, const uint8_t *a,
		    size_t alen, const uint8_t *b, size_t blen);
/* Copies the lower of two nonces into out (IKE_NONCE_MAX). */
size_t		 ike_nonce_lower(const uint8_t *a, size_t alen,
		    const uint8_t *b, size_t blen, uint8_t *out);

#endif
