/*
 * The impairing peer's raw cases: each takes a copy of one of the main
 * tunnel's recorded messages (our IKE_SA_INIT and IKE_AUTH requests, the
 * daemon's IKE_AUTH response, our own IKE_AUTH response as responder)
 * and breaks one thing in its bytes; the header and the SK payload as a
 * whole, where no key is needed.  Returns the length to send, 0 when
 * there is nothing to start from.
 */
#include "config.h"

#include <string.h>
#include <sys/random.h>

#include "tests/hostile/peer.h"

#define EXCH_INIT	34
#define EXCH_INFO	37
#define FLAG_I		0x08
#define FLAG_R		0x20
#define PL_DELETE	42

size_t
from_auth(struct peer *p, uint8_t *d)
{
	memcpy(d, p->auth, p->auth_len);
	return p->auth_len;
}

size_t
from_init(struct peer *p, uint8_t *d)
{
	uint32_t	r;

	if (p->init_len == 0)
		return 0;
	memcpy(d, p->init, p->init_len);
	/* A fresh initiator SPI: a new negotiation, not a retransmission. */
	if (getrandom(&r, sizeof(r), 0) == sizeof(r))
		put32(d + 4, r | 0x01000000u);
	return p->init_len;
}

static size_t
i_auth_replay(struct peer *p, uint8_t *d, size_t cap)
{
	(void)cap;
	return from_auth(p, d);
}

static size_t
i_auth_icv(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	if (n == 0)
		return 0;

	(void)cap;
	d[n - 1] ^= 0x01;
	return n;
}

static size_t
i_auth_ciphertext(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	if (n == 0)
		return 0;

	(void)cap;
	d[n / 2] ^= 0x80;
	return n;
}

static size_t
i_msgid_ahead(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	if (n == 0)
		return 0;

	(void)cap;
	put32(d + 20, get32(d + 20) + 7);
	return n;
}

static size_t
i_msgid_huge(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	if (n == 0)
		return 0;

	(void)cap;
	put32(d + 20, 0xffffffffu);
	return n;
}

static size_t
i_version(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	if (n == 0)
		return 0;

	(void)cap;
	d[17] = 0x30;		/* IKE 3.0 */
	return n;
}

static size_t
i_minor_version(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	if (n == 0)
		return 0;

	(void)cap;
	d[17] = 0x21;		/* 2.1: must be accepted as 2.0 would be */
	return n;
}

static size_t
i_length_short(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	if (n == 0)
		return 0;

	(void)cap;
	put32(d + 24, (uint32_t)n - 1);
	return n;
}

static size_t
i_length_long(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	if (n == 0)
		return 0;

	(void)cap;
	put32(d + 24, (uint32_t)n + 100);
	return n;
}

static size_t
i_trailing(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	if (n == 0)
		return 0;

	if (n + 3 > cap)
		return 0;
	memcpy(d + n, "\x00\x01\x02", 3);
	return n + 3;
}

static size_t
i_response_flag(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	if (n == 0)
		return 0;

	(void)cap;
	d[19] |= FLAG_R;
	return n;
}

static size_t
i_exchange_unknown(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	if (n == 0)
		return 0;

	(void)cap;
	d[18] = 99;
	return n;
}

static size_t
i_exchange_init(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	if (n == 0)
		return 0;

	(void)cap;
	d[18] = EXCH_INIT;	/* IKE_SA_INIT on an established SA */
	return n;
}

static size_t
i_spi_unknown(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	if (n == 0)
		return 0;

	(void)cap;
	d[8] ^= 0x5a;		/* no such responder SPI */
	return n;
}

static size_t
i_sk_truncated(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_auth(p, d);

	if (n == 0)
		return 0;

	(void)cap;
	/* One octet less, both lengths agreeing: the ciphertext is no
	 * longer whole blocks. */
	n--;
	put32(d + 24, (uint32_t)n);
	d[HDR + 2] = (uint8_t)((n - HDR) >> 8);
	d[HDR + 3] = (uint8_t)(n - HDR);
	return n;
}

static size_t
i_sk_empty(struct peer *p, uint8_t *d, size_t cap)
{
	(void)cap;
	if (from_auth(p, d) == 0)
		return 0;
	/* An SK payload of its generic header alone. */
	put32(d + 24, HDR + 4);
	d[HDR + 2] = 0;
	d[HDR + 3] = 4;
	return HDR + 4;
}

static size_t
i_info_plain(struct peer *p, uint8_t *d, size_t cap)
{
	(void)cap;
	if (from_auth(p, d) == 0)
		return 0;
	/* An unprotected INFORMATIONAL with a Delete of the IKE SA: the
	 * next Message ID, no SK. */
	d[16] = PL_DELETE;
	d[18] = EXCH_INFO;
	d[19] = FLAG_I;
	put32(d + 20, 2);
	memset(d + HDR, 0, 8);
	d[HDR + 3] = 8;		/* length */
	d[HDR + 4] = 1;		/* protocol IKE */
	put32(d + 24, HDR + 8);
	return HDR + 8;
}

static size_t
i_init_critical(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_init(p, d);

	if (n == 0)
		return 0;

	(void)cap;
	/* The first payload becomes an unknown type marked critical. */
	d[16] = 200;
	d[HDR + 1] |= 0x80;
	return n;
}

static size_t
i_init_unknown_noncritical(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_init(p, d);

	if (n == 0)
		return 0;

	if (n + 8 > cap)
		return 0;
	/* An unknown, non-critical payload in front: skipped, the rest
	 * answered as usual. */
	memmove(d + HDR + 8, d + HDR, n - HDR);
	d[HDR] = d[16];
	d[HDR + 1] = 0;
	d[HDR + 2] = 0;
	d[HDR + 3] = 8;
	memset(d + HDR + 4, 0xee, 4);
	d[16] = 201;
	put32(d + 24, (uint32_t)n + 8);
	return n + 8;
}

static size_t
i_init_truncated(struct peer *p, uint8_t *d, size_t cap)
{
	(void)cap;
	if (from_init(p, d) == 0)
		return 0;
	put32(d + 24, 40);
	return 40;
}

static size_t
i_init_payload_overrun(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_init(p, d);

	if (n == 0)
		return 0;

	(void)cap;
	/* The first payload claims more than the message holds. */
	d[HDR + 2] = 0xff;
	d[HDR + 3] = 0xff;
	return n;
}

static size_t
i_init_nonzero_rspi(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_init(p, d);

	if (n == 0)
		return 0;

	(void)cap;
	memset(d + 8, 0x11, 8);	/* IKE_SA_INIT with a responder SPI */
	return n;
}

static size_t
i_init_msgid(struct peer *p, uint8_t *d, size_t cap)
{
	size_t	n = from_init(p, d);

	if (n == 0)
		return 0;

	(void)cap;
	put32(d + 20, 1);	/* IKE_SA_INIT must be Message ID 0 */
	return n;
}

/* The daemon's IKE_AUTH response, sent back to it: a response to a request
 * it never made (RFC 7296 §2.21: dropped). */
static size_t
i_replay_daemon_response(struct peer *p, uint8_t *d, size_t cap)
{
	(void)cap;
	memcpy(d, p->auth_resp, p->auth_resp_len);
	return p->auth_resp_len;
}

/* Responder role: our IKE_AUTH response again, long after the daemon
 * took it (an old response: dropped, the SA unchanged). */
static size_t
i_replay_own_response(struct peer *p, uint8_t *d, size_t cap)
{
	(void)cap;
	memcpy(d, p->my_auth_resp, p->my_auth_resp_len);
	return p->my_auth_resp_len;
}

const struct impair impairs_raw[] = {
	{ "auth-replay", CASE_RAW, i_auth_replay, NULL, 0 },
	{ "auth-icv", CASE_RAW, i_auth_icv, NULL, 0 },
	{ "auth-ciphertext", CASE_RAW, i_auth_ciphertext, NULL, 0 },
	{ "msgid-ahead", CASE_RAW, i_msgid_ahead, NULL, 0 },
	{ "msgid-huge", CASE_RAW, i_msgid_huge, NULL, 0 },
	{ "version-major", CASE_RAW, i_version, NULL, 0 },
	{ "version-minor", CASE_RAW, i_minor_version, NULL, 0 },
	{ "length-short", CASE_RAW, i_length_short, NULL, 0 },
	{ "length-long", CASE_RAW, i_length_long, NULL, 0 },
	{ "trailing-bytes", CASE_RAW, i_trailing, NULL, 0 },
	{ "response-flag", CASE_RAW, i_response_flag, NULL, 0 },
	{ "exchange-unknown", CASE_RAW, i_exchange_unknown, NULL, 0 },
	{ "exchange-init-on-sa", CASE_RAW, i_exchange_init, NULL, 0 },
	{ "spi-unknown", CASE_RAW, i_spi_unknown, NULL, 0 },
	{ "sk-truncated", CASE_RAW, i_sk_truncated, NULL, 0 },
	{ "sk-empty", CASE_RAW, i_sk_empty, NULL, 0 },
	{ "info-unprotected", CASE_RAW, i_info_plain, NULL, 0 },
	{ "init-critical-unknown", CASE_INIT, i_init_critical, NULL, 0 },
	{ "init-unknown-noncritical", CASE_INIT, i_init_unknown_noncritical,
	    NULL, 0 },
	{ "init-truncated", CASE_INIT, i_init_truncated, NULL, 0 },
	{ "init-payload-overrun", CASE_INIT, i_init_payload_overrun, NULL,
	    0 },
	{ "init-responder-spi", CASE_INIT, i_init_nonzero_rspi, NULL, 0 },
	{ "init-msgid", CASE_INIT, i_init_msgid, NULL, 0 },
	{ "replay-daemon-response", CASE_RAW, i_replay_daemon_response, NULL,
	    0 },
	{ "replay-own-response", CASE_RAW, i_replay_own_response, NULL, 0 },
};
const size_t n_impairs_raw = sizeof(impairs_raw) / sizeof(impairs_raw[0]);
