/*
 * ESP (RFC 4303) in tunnel mode, as pure code: an SA context keyed once,
 * then packets in and packets out, in place, with a verdict.  No sockets,
 * no clock, no globals, no allocation and no randomness per packet: the
 * caller gives the keys, a random IV key and the limits when it creates
 * the SA, and turns the events an operation raises into IKE work (rekey
 * at a soft limit, delete at a hard one).
 *
 * Algorithms are IKEv2 transform IDs (RFC 7296 section 3.3.2): encr 12
 * AES-CBC (128/192/256) with integ 2, 12, 13, 14 (HMAC-SHA1-96,
 * HMAC-SHA2-256-128, -384-192, -512-256), or encr 20 AES-GCM-16 (128/256,
 * RFC 4106; the key is followed by its 4-octet salt, integ 0).
 *
 * Layout of a packet buffer (buf, cap octets):
 *
 *	encap:  [ room for esp_header_len() | inner IPv4 packet | room for
 *	        esp_trailer_max() ]  ->  [ SPI | seq | IV | ciphertext |
 *	        ICV ] from buf[0]
 *	decap:  [ SPI | seq | IV | ciphertext | ICV ] from buf[0]  ->  the
 *	        inner IPv4 packet at buf + *inner_off, *inner_len octets
 *
 * Inbound order (RFC 4303 section 3.4.3, strongSwan's libipsec): the
 * sequence number is checked against the replay window first, then the
 * ICV is verified and the payload decrypted, and only then is the window
 * advanced; a packet that fails authentication never moves it.
 *
 * Threads: one thread at a time uses an SA for packets; the counters may
 * be read from another thread at any time (esp_sa_stats()).
 */
#ifndef IPSEC_ESP_H
#define IPSEC_ESP_H

#include <stddef.h>
#include <stdint.h>

#define ESP_ENCR_AES_CBC	12
#define ESP_ENCR_AES_GCM_16	20
#define ESP_INTEG_NONE		0
#define ESP_INTEG_SHA1_96	2
#define ESP_INTEG_SHA256_128	12
#define ESP_INTEG_SHA384_192	13
#define ESP_INTEG_SHA512_256	14

#define ESP_NH_IPV4		4	/* next header of tunnel mode */
#define ESP_NH_DUMMY		59	/* dummy packet (RFC 4303 2.6) */

#define ESP_REPLAY_MIN		64	/* window, packets */
#define ESP_REPLAY_MAX		4096
#define ESP_IV_KEY_LEN		16

enum esp_verdict {
	ESP_OK = 0,
	ESP_E_MALFORMED,	/* too short, bad lengths, bad padding */
	ESP_E_REPLAY,		/* duplicate, or left of the window */
	ESP_E_AUTH,		/* ICV or GCM tag mismatch */
	ESP_E_PROTO,		/* next header not IPv4, or inner not IPv4 */
	ESP_E_DUMMY,		/* a dummy packet: drop, nothing is wrong */
	ESP_E_EXPIRED,		/* the hard lifetime is reached */
	ESP_E_SEQ,		/* outbound sequence numbers used up */
	ESP_E_SPACE,		/* the buffer has no room for the result */
	ESP_E_CRYPTO,		/* the crypto library failed */
};

/*
 * Events raised once each, the first time an operation crosses them.
 * Limits count the packets and inner octets an SA carried (outbound) or
 * accepted (inbound).  ESP_EV_SOFT comes with the packet that reaches a
 * soft limit.  ESP_EV_HARD comes with the packet that reaches a hard
 * limit (that packet is still carried) or, if none reached it exactly,
 * with the first packet refused for it (ESP_E_EXPIRED): a packet that
 * would take the SA past a hard limit is never carried.  Outbound, the
 * last sequence number (2^32-1, or 2^64-1 with ESN) counts as a hard
 * limit too, and ESP_EV_SEQ_SOFT comes with number ESP_SEQ_SOFT_32
 * (ESP_SEQ_SOFT_64 with ESN).
 */
#define ESP_EV_SOFT		0x01	/* soft byte/packet limit: rekey */
#define ESP_EV_HARD		0x02	/* hard limit: the SA is done */
#define ESP_EV_SEQ_SOFT		0x04	/* sequence numbers near the end */

/*
 * Where ESP_EV_SEQ_SOFT fires: 2^24 (16.7 million) packets before the
 * 32-bit counter runs out, which is 40 s at this machine's single-core
 * AES-CBC rate and still over 10 s at 1.5 Mpps of AES-GCM, ample for an
 * IKE rekey (two round trips).  With ESN the margin is 2^32 packets.
 */
#define ESP_SEQ_SOFT_32		(UINT64_C(0xffffffff) - (UINT64_C(1) << 24) + 1)
#define ESP_SEQ_SOFT_64		(UINT64_MAX - (UINT64_C(1) << 32) + 1)

struct esp_sa_params {
	uint32_t	 spi;		/* host order */
	int		 outbound;	/* 1: encap; 0: decap */
	uint16_t	 encr_alg;
	uint16_t	 encr_keylen;	/* bits, salt excluded */
	const uint8_t	*encr_key;	/* (borrowed) key [+ 4-octet salt] */
	size_t		 encr_key_len;	/* octets, salt included */
	uint16_t	 integ_alg;	/* ESP_INTEG_NONE with GCM */
	const uint8_t	*integ_key;	/* (borrowed) */
	size_t		 integ_key_len;
	int		 esn;		/* 64-bit sequence numbers */
	uint32_t	 replay_window;	/* inbound: 0 = ESP_REPLAY_MIN */
	/* Outbound CBC IVs are AES(iv_key, counter): unpredictable and
	 * never repeated without a DRBG call per packet.  (borrowed) */
	const uint8_t	*iv_key;	/* ESP_IV_KEY_LEN octets */
	/* Limits, 0 = none.  Outbound sequence numbers add their own: soft
	 * near 2^32 (2^64 with ESN), hard before they would wrap. */
	uint64_t	 soft_bytes, hard_bytes;
	uint64_t	 soft_packets, hard_packets;
};

struct esp_sa_stats {
	uint64_t	packets;	/* carried (encap) or accepted (decap) */
	uint64_t	bytes;		/* inner octets of those */
	uint64_t	auth_errors;	/* ICV/tag failures */
	uint64_t	replay_drops;
	uint64_t	other_drops;	/* malformed, proto, space, expired */
	uint64_t	seq;		/* outbound: last sequence number used;
					 * inbound: highest authenticated */
};

struct esp_sa;

/*
 * A new SA keyed from p (the key bytes are copied and wiped when the SA
 * is freed).  NULL with the reason in err on unknown algorithms, bad key
 * lengths or a crypto library failure.
 */
struct esp_sa	*esp_sa_new(const struct esp_sa_params *p, char *err,
		    size_t errlen);
/* Wipes and frees; NULL is a no-op. */
void		 esp_sa_free(struct esp_sa *sa);

/* Octets esp_encap() needs in front of the inner packet (SPI, sequence
 * number, IV) and at most after it (padding, pad length, next header,
 * ICV). */
size_t		 esp_header_len(const struct esp_sa *sa);
size_t		 esp_trailer_max(const struct esp_sa *sa);
/* Total octets added to an inner packet of len octets. */
size_t		 esp_overhead(const struct esp_sa *sa, size_t len);

/*
 * Encapsulates the inner IPv4 packet at buf + esp_header_len(sa) (len
 * octets) in place; the ESP packet is then buf[0 .. *out_len).  *events
 * gets the ESP_EV_* this packet raised (0 usually).  The inner packet
 * must look like IPv4 (version 4, IHL >= 5, header length <= total
 * length <= len; octets past the total length travel as TFC padding),
 * else ESP_E_PROTO.  ESP_E_CRYPTO also when sa is inbound.
 */
enum esp_verdict esp_encap(struct esp_sa *sa, uint8_t *buf, size_t cap,
		    size_t len, size_t *out_len, unsigned *events);

/*
 * A burst of outbound packets of one SA, each as for esp_encap(): buf,
 * cap and len in; out_len and the verdict v out.
 */
struct esp_burst {
	uint8_t		*buf;
	size_t		 cap;
	size_t		 len;
	size_t		 out_len;
	enum esp_verdict v;
};
#define ESP_BURST_MAX	128	/* packets worked side by side (a longer
				 * burst is taken this many at a time) */

/*
 * esp_encap() of p[0 .. n) in order: the same sequence numbers, IVs,
 * verdicts, counters and events as n calls (*events gets them all), but
 * with the AES-CBC and HMAC-SHA-256 work of the burst done side by side
 * where the CPU allows (ipsec/aes_mb.h, ipsec/sha256_mb.h).  Returns how
 * many are ESP_OK.
 */
size_t		 esp_encap_burst(struct esp_sa *sa, struct esp_burst *p,
		    size_t n, unsigned *events);

/*
 * Decapsulates the ESP packet buf[0 .. len) (from the SPI on) in place:
 * on ESP_OK the inner IPv4 packet is at buf + *inner_off, *inner_len
 * octets (its total length: TFC padding is cut off).  The SPI must be
 * this SA's (the caller looked it up).  Every packet that authenticates
 * moves the window, whatever the verdict after that (bad padding, not
 * IPv4, a dummy, a hard limit).  The buffer's content is undefined after
 * any verdict but ESP_OK.  ESP_E_CRYPTO also when sa is outbound.
 */
enum esp_verdict esp_decap(struct esp_sa *sa, uint8_t *buf, size_t len,
		    size_t *inner_off, size_t *inner_len, unsigned *events);

/*
 * A burst of inbound packets of one SA, each as for esp_decap(): buf and
 * len in; the verdict v and, on ESP_OK, inner_off and inner_len out.
 */
struct esp_rx {
	uint8_t		*buf;
	size_t		 len;
	size_t		 inner_off;
	size_t		 inner_len;
	enum esp_verdict v;
};

/*
 * esp_decap() of p[0 .. n) in order: the same verdicts, window, counters
 * and events as n calls (*events gets them all), with the HMAC-SHA-256
 * work of the burst done side by side where the CPU allows
 * (ipsec/sha256_mb.h).  Returns how many are ESP_OK.
 */
size_t		 esp_decap_burst(struct esp_sa *sa, struct esp_rx *p,
		    size_t n, unsigned *events);

/* The SPI of an ESP packet (host order), or 0 when len < 8. */
uint32_t	 esp_packet_spi(const uint8_t *buf, size_t len);

/* The counters (a consistent-enough copy; any thread). */
void		 esp_sa_stats(const struct esp_sa *sa, struct esp_sa_stats *st);

/* "replay", "authentication failed", ... for logs and counters. */
const char	*esp_verdict_name(enum esp_verdict v);

/*
 * For known-answer tests (published vectors fix the IV, the sequence
 * number and sometimes a transport-mode next header), and for nothing
 * else: the data plane must not call these.
 */

/*
 * esp_encap() with sequence number seq and the IV iv (16 octets for CBC,
 * 8 for GCM) instead of the next counter value and a generated IV, and
 * next_header in the trailer; the inner packet is not checked.  The
 * counter is left at seq, so the next esp_encap() uses seq + 1.
 */
enum esp_verdict esp_encap_with_iv(struct esp_sa *sa, uint8_t *buf,
		    size_t cap, size_t len, uint64_t seq, const uint8_t *iv,
		    uint8_t next_header, size_t *out_len, unsigned *events);

/*
 * esp_decap() up to the ESP trailer: the replay check, the ICV, the
 * decryption, the window and the padding check, then the payload (before
 * the padding) at buf + *off, *len octets and its next header, whatever
 * it is (the limits count the payload's octets).
 */
enum esp_verdict esp_decap_payload(struct esp_sa *sa, uint8_t *buf,
		    size_t len, size_t *off, size_t *plen,
		    uint8_t *next_header, unsigned *events);

/*
 * Outbound: the last sequence number used becomes seq.  Inbound: the
 * window is emptied and seq becomes the highest (and only) number seen.
 */
void		 esp_sa_set_seq(struct esp_sa *sa, uint64_t seq);

#endif
