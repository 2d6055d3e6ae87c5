/*
 * The impairing peer's cases on an established IKE SA of its own: a
 * scratch negotiation comes up (a second IKE SA of the tunnel, the
 * redundant one by its all-zero nonce), its engine is dropped, and the
 * peer sends the next request itself, protected with the SA's keys:
 * Delete and Notify payloads with bad SPI sizes and counts, unknown SPIs,
 * a Delete of the IKE SA followed by payloads about what it deleted, a
 * CREATE_CHILD_SA without its SA.  The Message ID is the SA's next one,
 * so the request is processed, not dropped as stale.
 */
#include "config.h"

#include <string.h>

#include "tests/hostile/peer.h"

/* A new request of the scratch SA, empty (the cases add payloads). */
static struct ike_msg *
est_msg(struct peer *p, uint8_t exch)
{
	struct ike_msg	*m = ike_msg_new();

	if (m != NULL)
		ike_msg_set_hdr(m, p->est_spi_i, p->est_spi_r, exch,
		    p->est_msgid, IKE_FLAG_I);
	return m;
}

static size_t
est_seal(struct peer *p, struct ike_msg *m, uint8_t *d, size_t cap)
{
	size_t	n = m->oom ? 0 : keys_reseal(p, m, 0, -1, d, cap);

	ike_msg_free(m);
	return n;
}

/* Delete of an ESP SA with 8-octet SPIs (ESP has 4, §3.11). */
static size_t
e_delete_spi_size(struct peer *p, uint8_t *d, size_t cap)
{
	struct ike_msg	*m = est_msg(p, IKE_EXCH_INFORMATIONAL);
	uint8_t		 spi[8] = { 0, 0, 0, 0, 0, 0, 0, 1 };

	if (m == NULL)
		return 0;
	put32(spi, p->est_child_in);
	ike_msg_add_delete(m, IKE_PROTO_ESP, 8, spi, 1);
	return est_seal(p, m, d, cap);
}

/* Delete of an ESP SA nobody has: answered empty (§1.4.1), nothing
 * else deleted. */
static size_t
e_delete_unknown(struct peer *p, uint8_t *d, size_t cap)
{
	struct ike_msg	*m = est_msg(p, IKE_EXCH_INFORMATIONAL);
	uint8_t		 spi[4] = { 0xde, 0xad, 0xbe, 0xef };

	if (m == NULL)
		return 0;
	ike_msg_add_delete(m, IKE_PROTO_ESP, 4, spi, 1);
	return est_seal(p, m, d, cap);
}

/* Num of SPIs 3 with one SPI behind it: only the bytes can say it, so
 * the plaintext is built, patched and sealed by hand. */
static size_t
e_delete_count(struct peer *p, uint8_t *d, size_t cap)
{
	struct ike_msg	*m = est_msg(p, IKE_EXCH_INFORMATIONAL);
	struct buf	 b = { 0 };
	uint8_t		 spi[4], first;
	size_t		 n = 0;

	if (m == NULL)
		return 0;
	put32(spi, p->est_child_in);
	ike_msg_add_delete(m, IKE_PROTO_ESP, 4, spi, 1);
	if (ike_msg_encode_chain(m, &b, &first, NULL) == 0 && b.len == 12) {
		b.data[7] = 3;		/* Num of SPIs */
		n = keys_seal(p, &m->hdr, first, b.data, b.len, 0, -1, d,
		    cap);
	}
	buf_free(&b);
	ike_msg_free(m);
	return n;
}

/* A Notify about an ESP SA with a 3-octet SPI. */
static size_t
e_notify_spi_size(struct peer *p, uint8_t *d, size_t cap)
{
	struct ike_msg	*m = est_msg(p, IKE_EXCH_INFORMATIONAL);
	uint8_t		 spi[3] = { 1, 2, 3 };

	if (m == NULL)
		return 0;
	ike_msg_add_notify(m, IKE_PROTO_ESP, spi, sizeof(spi),
	    IKE_N_REKEY_SA, NULL, 0);
	return est_seal(p, m, d, cap);
}

/* Delete of the IKE SA, then a Delete of its Child SA and a Notify about
 * that Child SA, in the same message: whatever the order of processing,
 * nothing may touch the SA after it is gone. */
static size_t
e_delete_then_more(struct peer *p, uint8_t *d, size_t cap)
{
	struct ike_msg	*m = est_msg(p, IKE_EXCH_INFORMATIONAL);
	uint8_t		 spi[4];

	if (m == NULL)
		return 0;
	put32(spi, p->est_child_in);
	m->keep_order = 1;
	ike_msg_add_delete(m, IKE_PROTO_IKE, 0, NULL, 0);
	ike_msg_add_delete(m, IKE_PROTO_ESP, 4, spi, 1);
	ike_msg_add_notify(m, IKE_PROTO_ESP, spi, 4, IKE_N_REKEY_SA, NULL,
	    0);
	p->est_gone = 1;
	return est_seal(p, m, d, cap);
}

/* Deletes of the same Child SA twice, then of the IKE SA. */
static size_t
e_delete_twice(struct peer *p, uint8_t *d, size_t cap)
{
	struct ike_msg	*m = est_msg(p, IKE_EXCH_INFORMATIONAL);
	uint8_t		 spi[8];

	if (m == NULL)
		return 0;
	put32(spi, p->est_child_in);
	put32(spi + 4, p->est_child_in);
	m->keep_order = 1;
	ike_msg_add_delete(m, IKE_PROTO_ESP, 4, spi, 2);
	ike_msg_add_delete(m, IKE_PROTO_ESP, 4, spi, 1);
	ike_msg_add_delete(m, IKE_PROTO_IKE, 0, NULL, 0);
	p->est_gone = 1;
	return est_seal(p, m, d, cap);
}

/* CREATE_CHILD_SA with a nonce and nothing else: no SA (§1.3). */
static size_t
e_child_no_sa(struct peer *p, uint8_t *d, size_t cap)
{
	struct ike_msg	*m = est_msg(p, IKE_EXCH_CREATE_CHILD_SA);
	uint8_t		 nonce[32];

	if (m == NULL)
		return 0;
	memset(nonce, 0x99, sizeof(nonce));
	ike_msg_add_nonce(m, nonce, sizeof(nonce));
	return est_seal(p, m, d, cap);
}

/* An empty INFORMATIONAL (a liveness check): the reference answer. */
static size_t
e_empty(struct peer *p, uint8_t *d, size_t cap)
{
	struct ike_msg	*m = est_msg(p, IKE_EXCH_INFORMATIONAL);

	if (m == NULL)
		return 0;
	return est_seal(p, m, d, cap);
}

const struct impair impairs_est[] = {
	{ "est-empty", CASE_EST, e_empty, NULL, 0 },
	{ "delete-spi-size", CASE_EST, e_delete_spi_size, NULL, 0 },
	{ "delete-unknown-spi", CASE_EST, e_delete_unknown, NULL, 0 },
	{ "delete-count", CASE_EST, e_delete_count, NULL, 0 },
	{ "notify-spi-size", CASE_EST, e_notify_spi_size, NULL, 0 },
	{ "delete-ike-then-child", CASE_EST, e_delete_then_more, NULL, 0 },
	{ "delete-child-twice", CASE_EST, e_delete_twice, NULL, 0 },
	{ "child-no-sa", CASE_EST, e_child_no_sa, NULL, 0 },
};
const size_t n_impairs_est = sizeof(impairs_est) / sizeof(impairs_est[0]);
