/*
 * ESP packets (RFC 4303), tunnel mode: the SA object, the packet layout,
 * padding, sequence numbers, lifetime limits and counters, and the order
 * of the inbound checks.  The window lives in replay.c and the EVP calls
 * in esp_crypto.c; this file decides what happens to a packet and counts
 * it.
 *
 * Per packet there is no allocation and no system call: the buffer is the
 * caller's, every context was keyed in esp_sa_new(), and the counters
 * other threads read are relaxed atomics that only this SA's packet thread
 * writes (a load and a store, never a locked read-modify-write).
 */
#include "config.h"

#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "common/errbuf.h"
#include "ipsec/esp.h"
#include "ipsec/esp_crypto.h"
#include "ipsec/replay.h"

#define ESP_SPI_SEQ_LEN	8		/* SPI and sequence number */
#define ESP_TRAILER_LEN	2		/* pad length, next header */
#define ESP_PKT_MAX	((size_t)INT_MAX / 4)

struct esp_counters {
	_Atomic uint64_t	packets;
	_Atomic uint64_t	bytes;
	_Atomic uint64_t	auth_errors;
	_Atomic uint64_t	replay_drops;
	_Atomic uint64_t	other_drops;
	_Atomic uint64_t	seq;
};

struct esp_sa {
	uint32_t		 spi;
	int			 outbound;
	int			 esn;
	size_t			 hdr_len;	/* SPI, seq, IV */
	struct esp_crypto	 c;
	uint64_t		 seq_out;	/* last used; 0 = none yet */
	uint64_t		 seq_max;	/* last usable */
	uint64_t		 seq_soft;
	uint64_t		 soft_bytes, hard_bytes;
	uint64_t		 soft_packets, hard_packets;
	unsigned		 raised;	/* ESP_EV_* raised already */
	struct esp_replay	 replay;
	struct esp_counters	 st;
	uint64_t		 ring[];	/* the replay window's words */
};

/* The only writer adds with a plain load and store (see the top). */
static inline void
ctr_add(_Atomic uint64_t *c, uint64_t n)
{
	atomic_store_explicit(c, atomic_load_explicit(c,
	    memory_order_relaxed) + n, memory_order_relaxed);
}

static inline uint64_t
ctr_get(const _Atomic uint64_t *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

static inline void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Described in header. */
struct esp_sa *
esp_sa_new(const struct esp_sa_params *p, char *err, size_t errlen)
{
	struct esp_sa	*sa;
	uint32_t	 window = 0;
	size_t		 words = 0;

	if (!p->outbound) {
		window = p->replay_window ? p->replay_window : ESP_REPLAY_MIN;
		if (window < ESP_REPLAY_MIN || window > ESP_REPLAY_MAX) {
			errbuf_set(err, errlen, "replay window %u is not in "
			    "%u..%u", window, ESP_REPLAY_MIN, ESP_REPLAY_MAX);
			return NULL;
		}
		words = esp_replay_words(window);
	}
	if ((sa = calloc(1, sizeof(*sa) + words * sizeof(uint64_t))) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return NULL;
	}
	if (esp_crypto_init(&sa->c, p, err, errlen) == -1) {
		free(sa);
		return NULL;
	}
	sa->spi = p->spi;
	sa->outbound = p->outbound != 0;
	sa->esn = p->esn != 0;
	sa->hdr_len = ESP_SPI_SEQ_LEN + sa->c.iv_len;
	/* RFC 4303 section 3.3.3: the counter must never cycle. */
	sa->seq_max = sa->esn ? UINT64_MAX : UINT32_MAX;
	sa->seq_soft = sa->esn ? ESP_SEQ_SOFT_64 : ESP_SEQ_SOFT_32;
	sa->soft_bytes = p->soft_bytes;
	sa->hard_bytes = p->hard_bytes;
	sa->soft_packets = p->soft_packets;
	sa->hard_packets = p->hard_packets;
	if (!sa->outbound)
		esp_replay_init(&sa->replay, sa->ring, window, sa->esn);
	return sa;
}

/* Described in header. */
void
esp_sa_free(struct esp_sa *sa)
{
	if (sa == NULL)
		return;
	esp_crypto_clear(&sa->c);
	OPENSSL_cleanse(sa, sizeof(*sa));
	free(sa);
}

/* Described in header. */
size_t
esp_header_len(const struct esp_sa *sa)
{
	return sa->hdr_len;
}

/* Described in header. */
size_t
esp_trailer_max(const struct esp_sa *sa)
{
	return sa->c.align - 1 + ESP_TRAILER_LEN + sa->c.icv_len;
}

/*
 * RFC 4303 section 2.4: the padding that makes payload + trailer a whole
 * number of cipher blocks (CBC) or of 4-octet words (GCM, which has no
 * block of its own).
 */
static inline size_t
pad_len(const struct esp_sa *sa, size_t len)
{
	return (sa->c.align - (len + ESP_TRAILER_LEN) % sa->c.align) %
	    sa->c.align;
}

/* Described in header. */
size_t
esp_overhead(const struct esp_sa *sa, size_t len)
{
	return sa->hdr_len + pad_len(sa, len) + ESP_TRAILER_LEN +
	    sa->c.icv_len;
}

/* Described in header. */
uint32_t
esp_packet_spi(const uint8_t *buf, size_t len)
{
	return len < ESP_SPI_SEQ_LEN ? 0 : get32(buf);
}

/*
 * The total length of the IPv4 packet at p (len octets there), or 0 when
 * it is not a plausible IPv4 packet: version 4, a header of at least 20
 * octets inside the total length, the total length inside len.
 */
static size_t
ipv4_len(const uint8_t *p, size_t len)
{
	size_t	ihl, tot;

	if (len < 20 || p[0] >> 4 != 4)
		return 0;
	ihl = (size_t)(p[0] & 0x0f) * 4;
	tot = (size_t)p[2] << 8 | p[3];
	if (ihl < 20 || tot < ihl || tot > len)
		return 0;
	return tot;
}

/*
 * The hard limits, before a packet of len inner octets is carried or
 * accepted: ESP_OK, or ESP_E_EXPIRED (raising ESP_EV_HARD if nothing
 * raised it yet) when it would take the SA past one.
 */
static enum esp_verdict
limits_check(struct esp_sa *sa, size_t len, unsigned *events)
{
	uint64_t	pk = ctr_get(&sa->st.packets);
	uint64_t	by = ctr_get(&sa->st.bytes);

	if ((sa->hard_packets && pk >= sa->hard_packets) ||
	    (sa->hard_bytes && (by > sa->hard_bytes ||
	    len > sa->hard_bytes - by))) {
		if (!(sa->raised & ESP_EV_HARD)) {
			sa->raised |= ESP_EV_HARD;
			*events |= ESP_EV_HARD;
		}
		ctr_add(&sa->st.other_drops, 1);
		return ESP_E_EXPIRED;
	}
	return ESP_OK;
}

/* Counts a packet that was carried or accepted and raises its events. */
static void
account(struct esp_sa *sa, size_t len, uint64_t seq, unsigned *events)
{
	uint64_t	pk = ctr_get(&sa->st.packets) + 1;
	uint64_t	by = ctr_get(&sa->st.bytes) + len;
	unsigned	ev = 0;

	atomic_store_explicit(&sa->st.packets, pk, memory_order_relaxed);
	atomic_store_explicit(&sa->st.bytes, by, memory_order_relaxed);
	if ((sa->soft_packets && pk >= sa->soft_packets) ||
	    (sa->soft_bytes && by >= sa->soft_bytes))
		ev |= ESP_EV_SOFT;
	if ((sa->hard_packets && pk >= sa->hard_packets) ||
	    (sa->hard_bytes && by >= sa->hard_bytes))
		ev |= ESP_EV_HARD;
	if (sa->outbound) {
		if (seq >= sa->seq_soft)
			ev |= ESP_EV_SEQ_SOFT;
		if (seq >= sa->seq_max)
			ev |= ESP_EV_HARD;
	}
	ev &= ~sa->raised;
	sa->raised |= ev;
	*events |= ev;
}

static enum esp_verdict
drop(struct esp_sa *sa, enum esp_verdict v)
{
	ctr_add(&sa->st.other_drops, 1);
	return v;
}

/*
 * The AAD of AES-GCM (RFC 4106 section 5): the packet's SPI and 32-bit
 * sequence number, or its SPI and the whole 64-bit number with ESN.
 * Returns its length.
 */
static size_t
gcm_aad(const struct esp_sa *sa, const uint8_t *pkt, uint64_t seq,
    uint8_t aad[12])
{
	memcpy(aad, pkt, 4);
	if (!sa->esn) {
		memcpy(aad + 4, pkt + 4, 4);
		return 8;
	}
	put32(aad + 4, (uint32_t)(seq >> 32));
	memcpy(aad + 8, pkt + 4, 4);
	return 12;
}

/*
 * Outbound, for esp_encap() (iv NULL: the next counter value and a
 * generated IV, an IPv4 check), esp_encap_with_iv() and
 * esp_encap_burst(): everything but the cipher and the ICV.  The checks,
 * the sequence number, the header, the padding and the IV; the packet is
 * counted here, so the next one's limits see it (encap_undo() takes it
 * back if the crypto library fails).  On ESP_OK the caller encrypts
 * buf[hdr_len .. hdr_len + *ctlen) and the ESP packet is *total octets.
 */
static enum esp_verdict
encap_begin(struct esp_sa *sa, uint8_t *buf, size_t cap, size_t len,
    uint64_t kat_seq, const uint8_t *kat_iv, uint8_t nh, size_t *ctlen_out,
    size_t *total_out, uint64_t *seq_out, unsigned *events)
{
	enum esp_verdict v;
	uint8_t		*p;
	size_t		 pad, ctlen, total, i;
	uint64_t	 seq;

	if (!sa->outbound)
		return drop(sa, ESP_E_CRYPTO);
	if (kat_iv == NULL && sa->seq_out >= sa->seq_max) {
		/* RFC 4303 section 3.3.3: no wrap; a new SA is needed. */
		if (!(sa->raised & ESP_EV_HARD)) {
			sa->raised |= ESP_EV_HARD;
			*events |= ESP_EV_HARD;
		}
		return drop(sa, ESP_E_SEQ);
	}
	if ((v = limits_check(sa, len, events)) != ESP_OK)
		return v;
	if (len > ESP_PKT_MAX || len > cap || cap - len < sa->hdr_len)
		return drop(sa, ESP_E_SPACE);
	if (kat_iv == NULL && ipv4_len(buf + sa->hdr_len, len) == 0)
		return drop(sa, ESP_E_PROTO);
	pad = pad_len(sa, len);
	ctlen = len + pad + ESP_TRAILER_LEN;
	total = sa->hdr_len + ctlen + sa->c.icv_len;
	if (total > cap)
		return drop(sa, ESP_E_SPACE);

	seq = kat_iv != NULL ? kat_seq : sa->seq_out + 1;
	sa->seq_out = seq;
	put32(buf, sa->spi);
	put32(buf + 4, (uint32_t)seq);
	/* RFC 4303 section 2.4: default padding 1, 2, 3, ... */
	p = buf + sa->hdr_len + len;
	for (i = 0; i < pad; i++)
		p[i] = (uint8_t)(i + 1);
	p[pad] = (uint8_t)pad;
	p[pad + 1] = kat_iv != NULL ? nh : ESP_NH_IPV4;
	if (sa->c.aead) {
		/* RFC 4106 section 3.1: the counter is a fine IV; it never
		 * repeats under one key. */
		if (kat_iv != NULL)
			memcpy(buf + ESP_SPI_SEQ_LEN, kat_iv, ESP_GCM_IV_LEN);
		else {
			put32(buf + ESP_SPI_SEQ_LEN, (uint32_t)(seq >> 32));
			put32(buf + ESP_SPI_SEQ_LEN + 4, (uint32_t)seq);
		}
	} else if (kat_iv != NULL)
		memcpy(buf + ESP_SPI_SEQ_LEN, kat_iv, ESP_CBC_IV_LEN);
	else if (esp_crypto_cbc_iv(&sa->c, seq, buf + ESP_SPI_SEQ_LEN) == -1)
		return drop(sa, ESP_E_CRYPTO);
	account(sa, len, seq, events);
	atomic_store_explicit(&sa->st.seq, seq, memory_order_relaxed);
	*ctlen_out = ctlen;
	*total_out = total;
	*seq_out = seq;
	return ESP_OK;
}

/* A packet encap_begin() counted that the crypto library then failed. */
static enum esp_verdict
encap_undo(struct esp_sa *sa, size_t len)
{
	atomic_store_explicit(&sa->st.packets, ctr_get(&sa->st.packets) - 1,
	    memory_order_relaxed);
	atomic_store_explicit(&sa->st.bytes, ctr_get(&sa->st.bytes) - len,
	    memory_order_relaxed);
	return drop(sa, ESP_E_CRYPTO);
}

/* The ICV of a CBC packet whose ciphertext (ctlen octets) is in place.
 * RFC 4303 section 2.2.1: with ESN the high half of the sequence number
 * is part of the ICV input, after the payload, but is never sent. */
static int
encap_icv(struct esp_sa *sa, uint8_t *buf, size_t ctlen, uint64_t seq)
{
	uint8_t	hi[4];

	put32(hi, (uint32_t)(seq >> 32));
	return esp_crypto_icv(&sa->c, buf, sa->hdr_len + ctlen, hi,
	    sa->esn ? sizeof(hi) : 0, buf + sa->hdr_len + ctlen);
}

static enum esp_verdict
encap(struct esp_sa *sa, uint8_t *buf, size_t cap, size_t len,
    uint64_t kat_seq, const uint8_t *kat_iv, uint8_t nh, size_t *out_len,
    unsigned *events)
{
	enum esp_verdict v;
	uint8_t		*ct, aad[12];
	size_t		 ctlen, total;
	uint64_t	 seq;
	int		 rc;

	*events = 0;
	*out_len = 0;
	v = encap_begin(sa, buf, cap, len, kat_seq, kat_iv, nh, &ctlen,
	    &total, &seq, events);
	if (v != ESP_OK)
		return v;
	ct = buf + sa->hdr_len;
	if (sa->c.aead)
		rc = esp_crypto_gcm(&sa->c, buf + ESP_SPI_SEQ_LEN, aad,
		    gcm_aad(sa, buf, seq, aad), ct, ctlen, ct + ctlen);
	else
		rc = esp_crypto_cbc(&sa->c, buf + ESP_SPI_SEQ_LEN, ct,
		    ctlen) == -1 ? -1 : encap_icv(sa, buf, ctlen, seq);
	if (rc == -1)
		return encap_undo(sa, len);
	*out_len = total;
	return ESP_OK;
}

/* esp_encap_burst() of at most ESP_BURST_MAX packets. */
static size_t
encap_burst(struct esp_sa *sa, struct esp_burst *p, size_t n,
    unsigned *events)
{
	struct aes_mb_job	 jobs[ESP_BURST_MAX];
	struct esp_icv_job	 icvs[ESP_BURST_MAX];
	uint64_t		 seqs[ESP_BURST_MAX];
	size_t			 ctl[ESP_BURST_MAX], k, ok = 0, nj = 0;
	int			 failed;

	if (sa->c.aead) {
		/* GCM has no chain to interleave: one at a time. */
		for (k = 0; k < n; k++) {
			unsigned ev;

			p[k].v = encap(sa, p[k].buf, p[k].cap, p[k].len, 0,
			    NULL, ESP_NH_IPV4, &p[k].out_len, &ev);
			*events |= ev;
			ok += p[k].v == ESP_OK;
		}
		return ok;
	}
	for (k = 0; k < n; k++) {
		p[k].out_len = 0;
		p[k].v = encap_begin(sa, p[k].buf, p[k].cap, p[k].len, 0, NULL,
		    ESP_NH_IPV4, &ctl[k], &p[k].out_len, &seqs[k], events);
		if (p[k].v != ESP_OK)
			continue;
		jobs[nj].buf = p[k].buf + sa->hdr_len;
		jobs[nj].len = ctl[k];
		jobs[nj].iv = p[k].buf + ESP_SPI_SEQ_LEN;
		nj++;
	}
	/* Every job is a whole number of blocks (encap_begin padded it):
	 * a failure is the library's, and then no job is trusted. */
	failed = esp_crypto_cbc_burst(&sa->c, jobs, nj) == -1;
	if (!failed && !sa->esn) {
		/* The ICVs side by side too (ESN's hidden high half is
		 * hashed after the packet: one at a time below). */
		for (k = 0, nj = 0; k < n; k++) {
			if (p[k].v != ESP_OK)
				continue;
			icvs[nj].data = p[k].buf;
			icvs[nj].len = sa->hdr_len + ctl[k];
			icvs[nj].icv = p[k].buf + sa->hdr_len + ctl[k];
			nj++;
		}
		failed = esp_crypto_icv_burst(&sa->c, icvs, nj) == -1;
	}
	for (k = 0; k < n; k++) {
		if (p[k].v != ESP_OK)
			continue;
		if (failed || (sa->esn && encap_icv(sa, p[k].buf, ctl[k],
		    seqs[k]) == -1)) {
			p[k].v = encap_undo(sa, p[k].len);
			p[k].out_len = 0;
			continue;
		}
		ok++;
	}
	return ok;
}

/* Described in header. */
size_t
esp_encap_burst(struct esp_sa *sa, struct esp_burst *p, size_t n,
    unsigned *events)
{
	size_t	done, m, ok = 0;

	*events = 0;
	for (done = 0; done < n; done += m) {
		m = n - done < ESP_BURST_MAX ? n - done : ESP_BURST_MAX;
		ok += encap_burst(sa, p + done, m, events);
	}
	return ok;
}

/* Described in header. */
enum esp_verdict
esp_encap(struct esp_sa *sa, uint8_t *buf, size_t cap, size_t len,
    size_t *out_len, unsigned *events)
{
	return encap(sa, buf, cap, len, 0, NULL, ESP_NH_IPV4, out_len,
	    events);
}

/* Described in header. */
enum esp_verdict
esp_encap_with_iv(struct esp_sa *sa, uint8_t *buf, size_t cap, size_t len,
    uint64_t seq, const uint8_t *iv, uint8_t next_header, size_t *out_len,
    unsigned *events)
{
	if (iv == NULL) {
		*events = 0;
		*out_len = 0;
		return drop(sa, ESP_E_CRYPTO);
	}
	return encap(sa, buf, cap, len, seq, iv, next_header, out_len,
	    events);
}

/*
 * Inbound up to the trailer, in the order RFC 4303 section 3.4 gives and
 * strongSwan's libipsec keeps: lengths; the window check (3.4.3), which
 * costs nothing and stops replays before any crypto; the ICV (3.4.4) and
 * only then decryption (CBC) or both at once (GCM); the window update;
 * the padding.  On ESP_OK the payload is buf[hdr_len .. hdr_len + *plen).
 */
/*
 * The ciphertext length of an inbound packet of len octets, or -1 when
 * the lengths are malformed.  CBC needs whole blocks.  GCM needs at least
 * the trailer; RFC 4303 section 2.4 asks senders for 4-octet alignment
 * but receivers need not check it, and Linux does not either.
 */
static int
decap_ctlen(const struct esp_sa *sa, size_t len, size_t *ctlen)
{
	if (len > ESP_PKT_MAX || len < sa->hdr_len + sa->c.icv_len)
		return -1;
	*ctlen = len - sa->hdr_len - sa->c.icv_len;
	if (*ctlen < ESP_TRAILER_LEN ||
	    (!sa->c.aead && *ctlen % sa->c.align != 0))
		return -1;
	return 0;
}

static enum esp_verdict
decap_payload(struct esp_sa *sa, uint8_t *buf, size_t len,
    const uint8_t *pre_icv, size_t *plen, uint8_t *nh)
{
	uint8_t		 aad[12], hi[4], icv[ESP_ICV_MAX], *ct;
	size_t		 ctlen, pad, i;
	uint64_t	 seq;

	if (sa->outbound)
		return drop(sa, ESP_E_CRYPTO);
	if (decap_ctlen(sa, len, &ctlen) == -1)
		return drop(sa, ESP_E_MALFORMED);
	if (esp_replay_check(&sa->replay, get32(buf + 4), &seq) == -1) {
		ctr_add(&sa->st.replay_drops, 1);
		return ESP_E_REPLAY;
	}
	ct = buf + sa->hdr_len;
	if (sa->c.aead) {
		if (esp_crypto_gcm(&sa->c, buf + ESP_SPI_SEQ_LEN, aad,
		    gcm_aad(sa, buf, seq, aad), ct, ctlen, ct + ctlen) == -1) {
			ctr_add(&sa->st.auth_errors, 1);
			return ESP_E_AUTH;
		}
	} else {
		put32(hi, (uint32_t)(seq >> 32));
		if (pre_icv != NULL)
			memcpy(icv, pre_icv, sa->c.icv_len);
		else if (esp_crypto_icv(&sa->c, buf, sa->hdr_len + ctlen, hi,
		    sa->esn ? sizeof(hi) : 0, icv) == -1)
			return drop(sa, ESP_E_CRYPTO);
		if (CRYPTO_memcmp(icv, ct + ctlen, sa->c.icv_len) != 0) {
			ctr_add(&sa->st.auth_errors, 1);
			return ESP_E_AUTH;
		}
		if (esp_crypto_cbc(&sa->c, buf + ESP_SPI_SEQ_LEN, ct,
		    ctlen) == -1)
			return drop(sa, ESP_E_CRYPTO);
	}
	esp_replay_update(&sa->replay, seq);
	atomic_store_explicit(&sa->st.seq, sa->replay.top,
	    memory_order_relaxed);

	/* RFC 4303 section 2.4: a receiver using the default padding
	 * should check it. */
	pad = ct[ctlen - 2];
	*nh = ct[ctlen - 1];
	if (pad > ctlen - ESP_TRAILER_LEN)
		return drop(sa, ESP_E_MALFORMED);
	*plen = ctlen - ESP_TRAILER_LEN - pad;
	for (i = 0; i < pad; i++)
		if (ct[*plen + i] != (uint8_t)(i + 1))
			return drop(sa, ESP_E_MALFORMED);
	return ESP_OK;
}

/* Described in header. */
enum esp_verdict
esp_decap_payload(struct esp_sa *sa, uint8_t *buf, size_t len, size_t *off,
    size_t *plen, uint8_t *next_header, unsigned *events)
{
	enum esp_verdict v;

	*events = 0;
	*off = *plen = 0;
	if ((v = decap_payload(sa, buf, len, NULL, plen, next_header)) !=
	    ESP_OK ||
	    (v = limits_check(sa, *plen, events)) != ESP_OK) {
		*plen = 0;
		return v;
	}
	account(sa, *plen, 0, events);
	*off = sa->hdr_len;
	return ESP_OK;
}

/* esp_decap(), with the ICV the packet should carry computed already
 * (pre_icv) or not (NULL); *events is added to. */
static enum esp_verdict
decap(struct esp_sa *sa, uint8_t *buf, size_t len, const uint8_t *pre_icv,
    size_t *inner_off, size_t *inner_len, unsigned *events)
{
	enum esp_verdict v;
	size_t		 plen = 0, tot;
	uint8_t		 nh = 0;

	*inner_off = *inner_len = 0;
	if ((v = decap_payload(sa, buf, len, pre_icv, &plen, &nh)) != ESP_OK)
		return v;
	/* RFC 4303 section 2.6: a dummy packet is dropped quietly. */
	if (nh == ESP_NH_DUMMY)
		return ESP_E_DUMMY;
	/* RFC 4303 section 2.7: octets after the inner packet's total
	 * length are TFC padding. */
	if (nh != ESP_NH_IPV4 ||
	    (tot = ipv4_len(buf + sa->hdr_len, plen)) == 0)
		return drop(sa, ESP_E_PROTO);
	if ((v = limits_check(sa, tot, events)) != ESP_OK)
		return v;
	account(sa, tot, 0, events);
	*inner_off = sa->hdr_len;
	*inner_len = tot;
	return ESP_OK;
}

/* Described in header. */
enum esp_verdict
esp_decap(struct esp_sa *sa, uint8_t *buf, size_t len, size_t *inner_off,
    size_t *inner_len, unsigned *events)
{
	*events = 0;
	return decap(sa, buf, len, NULL, inner_off, inner_len, events);
}

/*
 * esp_decap_burst() of at most ESP_BURST_MAX packets.  The ICVs of the
 * packets whose lengths allow one are computed first, side by side (they
 * depend on nothing but the packet); then each packet goes through the
 * inbound checks in order,
 * comparing with its ICV where the one-by-one path would compute it, so
 * the window, the verdicts and the counters come out the same.
 */
static size_t
decap_burst(struct esp_sa *sa, struct esp_rx *p, size_t n, unsigned *events)
{
	struct esp_icv_job	 jobs[ESP_BURST_MAX];
	uint8_t			 icv[ESP_BURST_MAX][ESP_ICV_MAX];
	int			 pre[ESP_BURST_MAX];
	size_t			 k, nj = 0, ok = 0, ctlen;

	memset(pre, 0, sizeof(pre));
	if (!sa->outbound && !sa->c.aead && !sa->esn && sa->c.mb_sha &&
	    n > 1) {
		for (k = 0; k < n; k++) {
			if (decap_ctlen(sa, p[k].len, &ctlen) == -1)
				continue;
			jobs[nj].data = p[k].buf;
			jobs[nj].len = sa->hdr_len + ctlen;
			jobs[nj].icv = icv[k];
			pre[k] = 1;
			nj++;
		}
		if (esp_crypto_icv_burst(&sa->c, jobs, nj) == -1)
			memset(pre, 0, sizeof(pre));
	}
	for (k = 0; k < n; k++) {
		p[k].v = decap(sa, p[k].buf, p[k].len, pre[k] ? icv[k] : NULL,
		    &p[k].inner_off, &p[k].inner_len, events);
		ok += p[k].v == ESP_OK;
	}
	OPENSSL_cleanse(icv, sizeof(icv));
	return ok;
}

/* Described in header (ESP_BURST_MAX packets at a time). */
size_t
esp_decap_burst(struct esp_sa *sa, struct esp_rx *p, size_t n,
    unsigned *events)
{
	size_t	done, m, ok = 0;

	*events = 0;
	for (done = 0; done < n; done += m) {
		m = n - done < ESP_BURST_MAX ? n - done : ESP_BURST_MAX;
		ok += decap_burst(sa, p + done, m, events);
	}
	return ok;
}

/* Described in header. */
void
esp_sa_stats(const struct esp_sa *sa, struct esp_sa_stats *st)
{
	st->packets = ctr_get(&sa->st.packets);
	st->bytes = ctr_get(&sa->st.bytes);
	st->auth_errors = ctr_get(&sa->st.auth_errors);
	st->replay_drops = ctr_get(&sa->st.replay_drops);
	st->other_drops = ctr_get(&sa->st.other_drops);
	st->seq = ctr_get(&sa->st.seq);
}

/* Described in header. */
void
esp_sa_set_seq(struct esp_sa *sa, uint64_t seq)
{
	if (sa->outbound)
		sa->seq_out = seq;
	else
		esp_replay_reset(&sa->replay, seq);
	atomic_store_explicit(&sa->st.seq, seq, memory_order_relaxed);
}

/* Described in header. */
const char *
esp_verdict_name(enum esp_verdict v)
{
	switch (v) {
	case ESP_OK:
		return "ok";
	case ESP_E_MALFORMED:
		return "malformed";
	case ESP_E_REPLAY:
		return "replay";
	case ESP_E_AUTH:
		return "authentication failed";
	case ESP_E_PROTO:
		return "not IPv4";
	case ESP_E_DUMMY:
		return "dummy packet";
	case ESP_E_EXPIRED:
		return "lifetime expired";
	case ESP_E_SEQ:
		return "sequence numbers exhausted";
	case ESP_E_SPACE:
		return "no room in buffer";
	case ESP_E_CRYPTO:
		return "crypto failure";
	}
	return "unknown";
}
