/*
 * Hostile input for the decoder (payload_dec.c).  A small walker, written
 * independently of the decoder, lists every length and count field of a
 * well-formed message; each one is then made one too small, one too large,
 * zero and all-ones, and the message must be refused (with the error RFC
 * 7296 asks for), never misread.  Also: every truncation point, header
 * checks, unknown critical and non-critical payloads, nested counts and
 * Last Substruc flags that lie, and each payload's own minimums.
 *
 * The messages are the encoder's samples and the real captured messages
 * in tests/data/ike (their SK plaintexts as inner chains).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ikev2/msg.h"
#include "tests/unit/codec_util.h"

#define M_MINUS	0x01
#define M_PLUS	0x02
#define M_ZERO	0x04
#define M_MAX	0x08
#define M_ALL	0x0f

struct field {
	size_t		off;
	uint8_t		size;		/* 1 or 2 octets, big-endian */
	uint8_t		must_fail;	/* M_* changes that must be refused */
	const char	*what;
};

#define MAX_FIELDS	512

struct walk {
	struct field	f[MAX_FIELDS];
	size_t		n;
};

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void
add(struct walk *w, size_t off, uint8_t size, uint8_t must, const char *what)
{
	ck_assert_uint_lt(w->n, MAX_FIELDS);
	w->f[w->n].off = off;
	w->f[w->n].size = size;
	w->f[w->n].must_fail = must;
	w->f[w->n].what = what;
	w->n++;
}

/* Transform attributes: TLV lengths. */
static void
walk_attrs(struct walk *w, const uint8_t *p, size_t o, size_t end)
{
	while (o + 4 <= end) {
		if (p[o] & 0x80) {
			o += 4;
			continue;
		}
		add(w, o + 2, 2, M_MINUS | M_PLUS | M_MAX,
		    "attribute length");
		o += 4 + get16(p + o + 2);
	}
}

static void
walk_sa(struct walk *w, const uint8_t *p, size_t o, size_t end)
{
	size_t	plen, q, tlen, t, i;
	uint8_t	spisz, ntr;

	for (q = o; q + 8 <= end; q += plen) {
		plen = get16(p + q + 2);
		spisz = p[q + 6];
		ntr = p[q + 7];
		add(w, q + 2, 2, M_ALL, "proposal length");
		add(w, q + 6, 1, M_MINUS | M_PLUS | M_MAX, "proposal SPI size");
		add(w, q + 7, 1, M_ALL, "Num Transforms");
		t = q + 8 + spisz;
		for (i = 0; i < ntr; i++, t += tlen) {
			tlen = get16(p + t + 2);
			add(w, t + 2, 2, M_ALL, "transform length");
			walk_attrs(w, p, t + 8, t + tlen);
		}
	}
}

static void
walk_ts(struct walk *w, const uint8_t *p, size_t o, size_t end)
{
	size_t	s, n, i;

	n = p[o];
	add(w, o, 1, M_ALL, "Number of TSs");
	for (s = o + 4, i = 0; i < n && s + 4 <= end; i++) {
		add(w, s + 2, 2, M_ALL, "selector length");
		s += get16(p + s + 2);
	}
}

static void
walk_cp(struct walk *w, const uint8_t *p, size_t o, size_t end)
{
	size_t	a;

	for (a = o + 4; a + 4 <= end; a += 4 + get16(p + a + 2))
		add(w, a + 2, 2, M_MINUS | M_PLUS | M_MAX,
		    "configuration attribute length");
}

/* Lists the fields of a payload chain starting at o with type next. */
static void
walk_chain(struct walk *w, const uint8_t *p, size_t len, size_t o,
    uint8_t next)
{
	size_t	plen, b, end;
	uint8_t	np;

	while (next != 0 && o + 4 <= len) {
		np = p[o];
		plen = get16(p + o + 2);
		add(w, o + 2, 2, M_ALL, "payload length");
		b = o + 4;
		end = o + plen;
		switch (next) {
		case IKE_PL_SA:
			walk_sa(w, p, b, end);
			break;
		case IKE_PL_DELETE:
			add(w, b + 1, 1, M_MINUS | M_PLUS | M_MAX,
			    "Delete SPI size");
			add(w, b + 2, 2, M_ALL & ~(p[b + 1] ? 0 : M_ALL),
			    "Num of SPIs");
			break;
		case IKE_PL_TSI:
		case IKE_PL_TSR:
			walk_ts(w, p, b, end);
			break;
		case IKE_PL_CP:
			walk_cp(w, p, b, end);
			break;
		case IKE_PL_EAP:
			add(w, b + 2, 2, M_ALL, "EAP Length");
			break;
		case IKE_PL_NOTIFY:
			/* A Notify's SPI size can move octets between SPI and
			 * data and still be well-formed: no must_fail. */
			add(w, b + 1, 1, 0, "Notify SPI size");
			break;
		case IKE_PL_SK:
			return;
		default:
			break;
		}
		o = end;
		next = np;
	}
}

/* A test message: raw bytes, outer (datagram) or inner (SK plaintext). */
struct sample {
	uint8_t		*p;
	size_t		 len;
	uint8_t		 first;		/* inner: first payload type */
	int		 inner;
	char		 name[64];
};

#define MAX_SAMPLES	64

static struct sample	samples[MAX_SAMPLES];
static size_t		nsamples;

/* Setup failures outside a test: say so and fail the program. */
static void
need(int ok)
{
	if (!ok) {
		fprintf(stderr, "codec_hostile_test: setup failed\n");
		exit(EXIT_FAILURE);
	}
}

static void
add_sample(const uint8_t *p, size_t len, uint8_t first, int inner,
    const char *name)
{
	struct sample	*s;

	need(nsamples < MAX_SAMPLES);
	s = &samples[nsamples++];
	s->p = malloc(len ? len : 1);
	memcpy(s->p, p, len);
	s->len = len;
	s->first = first;
	s->inner = inner;
	snprintf(s->name, sizeof(s->name), "%s", name);
}

static const char *const fixture_names[] = {
	"ss_01_init_i_req_mid0", "ss_02_init_r_resp_mid0",
	"ss_03_auth_i_req_mid1", "ss_04_auth_r_resp_mid1",
	"ss_11_info_i_req_mid2", "ws_01_init_i_req_mid0",
	"ws_02_init_r_resp_mid0", "ws_03_auth_i_req_mid1",
	"ws_04_auth_r_resp_mid1", "ws_13_info_i_req_mid2",
};

/* Built once per test process (Check forks each test from it). */
static void
load_samples(void)
{
	const char	*top = getenv("top_srcdir");
	struct ike_msg	*m;
	struct buf	 b = { 0 };
	uint8_t		*p, first;
	size_t		 len, i;
	char		 path[1024], name[64];
	int		 k;

	for (k = 0; k < CU_NKINDS; k++) {
		m = cu_build(k);
		need(m != NULL);
		buf_reset(&b);
		need(ike_msg_encode(m, &b, NULL) == 0);
		snprintf(name, sizeof(name), "%s (clear)", cu_kind_name(k));
		add_sample(b.data, b.len, 0, 0, name);
		buf_reset(&b);
		need(ike_msg_encode_chain(m, &b, &first, NULL) == 0);
		snprintf(name, sizeof(name), "%s (inner)", cu_kind_name(k));
		add_sample(b.data, b.len, first, 1, name);
		ike_msg_free(m);
	}
	buf_free(&b);
	for (i = 0; i < sizeof(fixture_names) / sizeof(fixture_names[0]);
	    i++) {
		snprintf(path, sizeof(path), "%s/tests/data/ike/%s.bin",
		    top ? top : ".", fixture_names[i]);
		p = cu_load(path, &len);
		need(p != NULL);
		add_sample(p, len, 0, 0, fixture_names[i]);
		free(p);
		snprintf(path, sizeof(path), "%s/tests/data/ike/%s.plain",
		    top ? top : ".", fixture_names[i]);
		if ((p = cu_load(path, &len)) != NULL) {
			add_sample(p + 1, len - 1, p[0], 1, fixture_names[i]);
			free(p);
		}
	}
}

/* Decodes a sample's (possibly mutated) bytes from an exactly sized copy,
 * so ASan sees any overread. */
static int
try_decode(const struct sample *s, const uint8_t *p, size_t len,
    struct ike_derr *e)
{
	struct ike_msg	*m = ike_msg_new();
	uint8_t		*copy = malloc(len ? len : 1);
	int		 rc;

	memcpy(copy, p, len);
	if (s->inner) {
		m->hdr.flags = IKE_FLAG_I;
		rc = ike_msg_decode_inner(m, copy, len, s->first, e);
	} else
		rc = ike_msg_decode(m, copy, len, e);
	free(copy);
	ike_msg_free(m);
	return rc;
}

static void
put(uint8_t *p, const struct field *f, unsigned v)
{
	if (f->size == 1)
		p[f->off] = (uint8_t)v;
	else {
		p[f->off] = (uint8_t)(v >> 8);
		p[f->off + 1] = (uint8_t)v;
	}
}

/* Every length and count field: too short, too long, zero, maximal. */
START_TEST(test_every_length_field_lies)
{
	const struct sample	*s = &samples[_i];
	struct walk		 w;
	struct ike_derr		 e;
	uint8_t			*p;
	unsigned		 v, max, nv[4];
	size_t			 i, j, refused = 0;

	w.n = 0;
	if (s->inner)
		walk_chain(&w, s->p, s->len, 0, s->first);
	else
		walk_chain(&w, s->p, s->len, IKE_HDR_LEN, s->p[16]);
	ck_assert_int_eq(try_decode(s, s->p, s->len, &e), 0);
	p = malloc(s->len ? s->len : 1);
	for (i = 0; i < w.n; i++) {
		const struct field *f = &w.f[i];

		max = f->size == 1 ? 0xff : 0xffff;
		v = f->size == 1 ? s->p[f->off] : get16(s->p + f->off);
		nv[0] = v - 1;
		nv[1] = v + 1;
		nv[2] = 0;
		nv[3] = max;
		for (j = 0; j < 4; j++) {
			if ((j == 0 && v == 0) || (j == 1 && v == max) ||
			    nv[j] == v)
				continue;
			memcpy(p, s->p, s->len);
			put(p, f, nv[j]);
			if (try_decode(s, p, s->len, &e) == -1) {
				refused++;
				if (f->must_fail & (1 << j))
					ck_assert_msg(e.code ==
					    IKE_DERR_INVALID_SYNTAX,
					    "%s: %s at %zu: %s",
					    s->name, f->what, f->off, e.why);
				continue;
			}
			ck_assert_msg(!(f->must_fail & (1 << j)),
			    "%s: %s at %zu set to %u was accepted", s->name,
			    f->what, f->off, nv[j]);
		}
	}
	ck_assert_uint_ge(refused, w.n);
	free(p);
}
END_TEST

/* Every truncation point: as received (IKE header Length now lies, a
 * silent drop) and with the header Length adjusted to match (the payload
 * chain is cut, INVALID_SYNTAX). */
START_TEST(test_every_truncation_point)
{
	const struct sample	*s = &samples[_i];
	struct ike_derr		 e;
	uint8_t			*p = malloc(s->len ? s->len : 1);
	size_t			 n;

	for (n = 0; n < s->len; n++) {
		memcpy(p, s->p, n);
		if (s->inner) {
			ck_assert_int_eq(try_decode(s, p, n, &e), -1);
			ck_assert_int_eq(e.code, IKE_DERR_INVALID_SYNTAX);
			ck_assert(e.in_sk);
			continue;
		}
		ck_assert_int_eq(try_decode(s, p, n, &e), -1);
		ck_assert_int_eq(e.code, IKE_DERR_DROP);
		ck_assert_uint_eq(e.notify, 0);
		if (n < IKE_HDR_LEN) {
			ck_assert(!e.hdr_ok);
			continue;
		}
		p[24] = (uint8_t)(n >> 24);
		p[25] = (uint8_t)(n >> 16);
		p[26] = (uint8_t)(n >> 8);
		p[27] = (uint8_t)n;
		ck_assert_int_eq(try_decode(s, p, n, &e), -1);
		ck_assert_msg(e.code == IKE_DERR_INVALID_SYNTAX ||
		    (s->p[16] == 0 && n == IKE_HDR_LEN), "%s cut at %zu: %s",
		    s->name, n, e.why);
	}
	free(p);
}
END_TEST

static struct buf
encode_init_request(void)
{
	struct ike_msg	*m = cu_build(CU_INIT_I);
	struct buf	 b = { 0 };

	ck_assert_int_eq(ike_msg_encode(m, &b, NULL), 0);
	ike_msg_free(m);
	return b;
}

static int
decode(const struct buf *b, struct ike_derr *e)
{
	struct ike_msg	*m = ike_msg_new();
	int		 rc = ike_msg_decode(m, b->data, b->len, e);

	ike_msg_free(m);
	return rc;
}

START_TEST(test_header_checks)
{
	struct buf	b = encode_init_request();
	struct ike_derr	e;

	/* Major version 3: answered with INVALID_MAJOR_VERSION (§2.5),
	 * whatever follows; not in a response. */
	b.data[17] = 0x30;
	ck_assert_int_eq(decode(&b, &e), -1);
	ck_assert_int_eq(e.code, IKE_DERR_INVALID_MAJOR_VERSION);
	ck_assert_uint_eq(e.notify, IKE_N_INVALID_MAJOR_VERSION);
	ck_assert(e.hdr_ok);
	b.data[26] ^= 0x40;		/* even with a bad length */
	ck_assert_int_eq(decode(&b, &e), -1);
	ck_assert_int_eq(e.code, IKE_DERR_INVALID_MAJOR_VERSION);
	b.data[26] ^= 0x40;
	b.data[19] |= IKE_FLAG_R;
	ck_assert_int_eq(decode(&b, &e), -1);
	ck_assert_int_eq(e.code, IKE_DERR_INVALID_MAJOR_VERSION);
	ck_assert_uint_eq(e.notify, 0);
	b.data[19] &= ~IKE_FLAG_R;
	/* IKEv1 (1.0): not ours, dropped. */
	b.data[17] = 0x10;
	ck_assert_int_eq(decode(&b, &e), -1);
	ck_assert_int_eq(e.code, IKE_DERR_DROP);
	/* Minor version and the V and reserved flag bits are ignored. */
	b.data[17] = 0x2f;
	b.data[19] |= IKE_FLAG_V | 0x07 | 0xc0;
	ck_assert_int_eq(decode(&b, &e), 0);
	b.data[17] = 0x20;
	/* Header Length one off either way: dropped. */
	b.data[27] += 1;
	ck_assert_int_eq(decode(&b, &e), -1);
	ck_assert_int_eq(e.code, IKE_DERR_DROP);
	b.data[27] -= 2;
	ck_assert_int_eq(decode(&b, &e), -1);
	ck_assert_int_eq(e.code, IKE_DERR_DROP);
	b.data[27] += 1;
	/* Initiator SPI zero: dropped (§3.1). */
	memset(b.data, 0, 8);
	ck_assert_int_eq(decode(&b, &e), -1);
	ck_assert_int_eq(e.code, IKE_DERR_DROP);
	buf_free(&b);
}
END_TEST

/* Bytes after the last payload, or after SK, are INVALID_SYNTAX. */
START_TEST(test_trailing_bytes_refused)
{
	struct buf	b = encode_init_request();
	struct ike_derr	e;

	buf_add_u8(&b, 0);
	buf_put_u32_at(&b, 24, (uint32_t)b.len);
	ck_assert_int_eq(decode(&b, &e), -1);
	ck_assert_int_eq(e.code, IKE_DERR_INVALID_SYNTAX);
	ck_assert_str_eq(e.why, "bytes after the last payload");
	ck_assert_uint_eq(e.notify, 0);		/* unauthenticated */
	buf_free(&b);
}
END_TEST

/* Appends a generic payload to a message's chain (the last payload's Next
 * Payload is patched), fixing the header length. */
static void
append_payload(struct buf *b, uint8_t type, uint8_t flags,
    const uint8_t *body, size_t len)
{
	size_t	o = IKE_HDR_LEN, last = 16;

	while (b->data[last] != 0) {
		last = o;
		o += get16(b->data + o + 2);
	}
	b->data[last] = type;
	buf_add_u8(b, 0);
	buf_add_u8(b, flags);
	buf_add_u16(b, (uint16_t)(4 + len));
	buf_add(b, body, len);
	buf_put_u32_at(b, 24, (uint32_t)b->len);
}

/* Every unassigned payload type, critical: refused with that type as the
 * notification data (§2.5); answered in an IKE_SA_INIT request, not in a
 * response.  Not critical: skipped, and the message still passes. */
START_TEST(test_unknown_payloads_honour_critical_bit)
{
	struct buf	 b0 = encode_init_request(), b = { 0 };
	struct ike_msg	*m;
	struct ike_derr	 e;
	unsigned	 t;

	for (t = 1; t < 256; t++) {
		if (ike_pl_is_known(t))
			continue;
		buf_reset(&b);
		buf_add(&b, b0.data, b0.len);
		append_payload(&b, (uint8_t)t, IKE_CRITICAL, (const uint8_t *)
		    "data", 4);
		ck_assert_int_eq(decode(&b, &e), -1);
		ck_assert_int_eq(e.code, IKE_DERR_UNSUPPORTED_CRITICAL);
		ck_assert_uint_eq(e.data, t);
		ck_assert_uint_eq(e.notify, IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD);
		b.data[19] |= IKE_FLAG_R;
		ck_assert_int_eq(decode(&b, &e), -1);
		ck_assert_uint_eq(e.notify, 0);

		buf_reset(&b);
		buf_add(&b, b0.data, b0.len);
		append_payload(&b, (uint8_t)t, 0x7f, (const uint8_t *)"data",
		    4);
		m = ike_msg_new();
		ck_assert_int_eq(ike_msg_decode(m, b.data, b.len, &e), 0);
		ck_assert_uint_eq(m->pl[m->npl - 1].type, t);
		ck_assert_int_eq(ike_rules_check(m, &e), 0);
		ike_msg_free(m);
	}
	/* A known type with the critical bit: the bit is ignored. */
	buf_reset(&b);
	buf_add(&b, b0.data, b0.len);
	append_payload(&b, IKE_PL_VENDOR, IKE_CRITICAL, (const uint8_t *)"v",
	    1);
	ck_assert_int_eq(decode(&b, &e), 0);
	buf_free(&b);
	buf_free(&b0);
}
END_TEST

/* Unknown critical payload in the clear part of a protected exchange: it
 * cannot be authenticated, so it is not answered. */
START_TEST(test_unknown_critical_outside_sk_not_answered)
{
	struct ike_msg	*m = cu_build(CU_INFO_EMPTY);
	struct buf	 b = { 0 };
	struct ike_derr	 e;

	m->hdr.flags = IKE_FLAG_I;
	ike_msg_add_raw(m, 99, 1, "x", 1);
	ck_assert_int_eq(ike_msg_encode(m, &b, NULL), 0);
	ck_assert_int_eq(decode(&b, &e), -1);
	ck_assert_int_eq(e.code, IKE_DERR_UNSUPPORTED_CRITICAL);
	ck_assert_uint_eq(e.notify, 0);
	ike_msg_free(m);
	buf_free(&b);
}
END_TEST

/* The inner chain of an IKE_AUTH request with one SA of three proposals,
 * each with transforms; returns it encoded with keep_order. */
static struct buf
three_proposals(uint8_t *first)
{
	struct ike_xform	xf[3] = {
		{ IKE_TT_ENCR, IKE_ENCR_AES_CBC, 128, NULL, 0 },
		{ IKE_TT_INTEG, IKE_INTEG_HMAC_SHA1_96, 0, NULL, 0 },
		{ IKE_TT_ESN, IKE_ESN_NO, 0, NULL, 0 },
	};
	struct ike_prop		p[3] = {
		{ 1, IKE_PROTO_ESP, 4, { 1, 1, 1, 1 }, xf, 3 },
		{ 2, IKE_PROTO_ESP, 4, { 1, 1, 1, 1 }, xf, 2 },
		{ 3, IKE_PROTO_ESP, 4, { 1, 1, 1, 1 }, xf, 1 },
	};
	struct ike_msg		*m = ike_msg_new();
	struct buf		 b = { 0 };

	ike_msg_add_sa(m, p, 3);
	ck_assert_int_eq(ike_msg_encode_chain(m, &b, first, NULL), 0);
	ike_msg_free(m);
	return b;
}

static int
decode_inner(const struct buf *b, uint8_t first, struct ike_derr *e)
{
	struct ike_msg	*m = ike_msg_new();
	int		 rc;

	m->hdr.exchange = IKE_EXCH_IKE_AUTH;
	m->hdr.flags = IKE_FLAG_I;
	rc = ike_msg_decode_inner(m, b->data, b->len, first, e);
	ike_msg_free(m);
	return rc;
}

/* Proposal offsets in three_proposals(): the SA body starts at 4; the
 * proposals take 8+4+12+8+8, 8+4+12+8 and 8+4+12 octets. */
#define P1	4
#define P2	(P1 + 40)
#define P3	(P2 + 32)

START_TEST(test_nested_counts_that_lie)
{
	struct buf	b;
	struct ike_derr	e;
	uint8_t		first;
	int		d;

	b = three_proposals(&first);
	ck_assert_uint_eq(b.len, P3 + 24);
	ck_assert_int_eq(decode_inner(&b, first, &e), 0);
	ck_assert_uint_eq(b.data[P1 + 7], 3);
	ck_assert_uint_eq(b.data[P3 + 7], 1);
	/* Num Transforms of each proposal, from 0 to 255 except the truth. */
	for (d = 0; d < 256; d++) {
		if (d != 3) {
			b.data[P1 + 7] = (uint8_t)d;
			ck_assert_int_eq(decode_inner(&b, first, &e), -1);
			ck_assert_int_eq(e.code, IKE_DERR_INVALID_SYNTAX);
			ck_assert_uint_eq(e.notify, IKE_N_INVALID_SYNTAX);
			b.data[P1 + 7] = 3;
		}
		if (d != 2) {
			b.data[P2 + 7] = (uint8_t)d;
			ck_assert_int_eq(decode_inner(&b, first, &e), -1);
			b.data[P2 + 7] = 2;
		}
		if (d != 1) {
			b.data[P3 + 7] = (uint8_t)d;
			ck_assert_int_eq(decode_inner(&b, first, &e), -1);
			b.data[P3 + 7] = 1;
		}
	}
	/* Last Substruc of proposals: "last" too early, "more" on the last,
	 * and values that are neither. */
	b.data[P2] = 0;
	ck_assert_int_eq(decode_inner(&b, first, &e), -1);
	ck_assert_str_eq(e.why, "bytes after the last proposal");
	b.data[P2] = 2;
	b.data[P3] = 2;
	ck_assert_int_eq(decode_inner(&b, first, &e), -1);
	b.data[P3] = 0;
	b.data[P1] = 3;
	ck_assert_int_eq(decode_inner(&b, first, &e), -1);
	b.data[P1] = 2;
	/* Last Substruc of transforms: first transform says last. */
	b.data[P1 + 12] = 0;
	ck_assert_int_eq(decode_inner(&b, first, &e), -1);
	b.data[P1 + 12] = 3;
	/* Last transform says more. */
	b.data[P3 + 12] = 3;
	ck_assert_int_eq(decode_inner(&b, first, &e), -1);
	b.data[P3 + 12] = 0;
	/* Last Substruc 2 (a proposal's value) on a transform. */
	b.data[P2 + 12] = 2;
	ck_assert_int_eq(decode_inner(&b, first, &e), -1);
	b.data[P2 + 12] = 3;
	ck_assert_int_eq(decode_inner(&b, first, &e), 0);
	buf_free(&b);
}
END_TEST

/* Each payload's own minimum and shape (one message per case). */
struct shape {
	const char	*why;
	uint8_t		 type;
	uint8_t		 body[48];
	size_t		 len;
};

static const struct shape bad_shapes[] = {
	{ "KE payload shorter than 4", IKE_PL_KE, { 0, 19, 0 }, 3 },
	{ "KE data length wrong for its group", IKE_PL_KE, { 0, 19, 0, 0, 1 },
	  5 },
	{ "ID payload shorter than 4", IKE_PL_IDI, { 1, 0, 0 }, 3 },
	{ "ID_IPV4_ADDR not 4 octets", IKE_PL_IDR, { 1, 0, 0, 0, 1, 2, 3 },
	  7 },
	{ "ID_IPV6_ADDR not 16 octets", IKE_PL_IDI, { 5, 0, 0, 0, 1, 2, 3, 4 },
	  8 },
	{ "CERT/CERTREQ payload empty", IKE_PL_CERT, { 0 }, 0 },
	{ "CERTREQ X.509 authorities not a list of 20-octet hashes",
	  IKE_PL_CERTREQ, { 4, 1, 2, 3 }, 4 },
	{ "AUTH payload shorter than 4", IKE_PL_AUTH, { 2, 0, 0 }, 3 },
	{ "nonce not 16..256 octets", IKE_PL_NONCE, { 1, 2, 3 }, 15 },
	{ "Notify payload shorter than 4", IKE_PL_NOTIFY, { 0, 0, 0x40 }, 3 },
	{ "Notify SPI size beyond payload", IKE_PL_NOTIFY,
	  { 3, 4, 0x40, 0x09, 1, 2, 3 }, 7 },
	{ "COOKIE data not 1..64 octets", IKE_PL_NOTIFY, { 0, 0, 0x40, 0x06 },
	  4 },
	{ "NAT detection data not 20 octets", IKE_PL_NOTIFY,
	  { 0, 0, 0x40, 0x04, 1, 2, 3 }, 7 },
	{ "INVALID_KE_PAYLOAD data not a 2-octet group", IKE_PL_NOTIFY,
	  { 0, 0, 0, 17, 0, 19, 0 }, 7 },
	{ "REKEY_SA without an SPI", IKE_PL_NOTIFY, { 3, 0, 0x40, 0x09 }, 4 },
	{ "Delete payload shorter than 4", IKE_PL_DELETE, { 3, 4, 0 }, 3 },
	{ "Delete of the IKE SA with an SPI", IKE_PL_DELETE,
	  { 1, 8, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8 }, 12 },
	{ "Delete AH/ESP SPI size not 4", IKE_PL_DELETE,
	  { 3, 8, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8 }, 12 },
	{ "TS payload shorter than 4", IKE_PL_TSI, { 1, 0, 0 }, 3 },
	{ "TS_IPV4_ADDR_RANGE length not 16", IKE_PL_TSR,
	  { 1, 0, 0, 0, 7, 0, 0, 17, 0, 0, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 7, 8,
	    9 }, 21 },
	{ "TS_IPV6_ADDR_RANGE length not 40", IKE_PL_TSR,
	  { 1, 0, 0, 0, 8, 0, 0, 16, 0, 0, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 7,
	    8 }, 20 },
	{ "traffic selector length below 4", IKE_PL_TSI,
	  { 1, 0, 0, 0, 9, 0, 0, 3 }, 8 },
	{ "CP payload shorter than 4", IKE_PL_CP, { 1, 0, 0 }, 3 },
	{ "EAP message shorter than 4", IKE_PL_EAP, { 1, 1, 0 }, 3 },
	{ "EAP Length does not match payload", IKE_PL_EAP, { 1, 1, 0, 6, 1 },
	  5 },
	{ "SA payload without proposals", IKE_PL_SA, { 0 }, 0 },
	{ "proposal header truncated", IKE_PL_SA, { 0, 0, 0, 8, 1, 1 }, 6 },
	{ "IKE proposal SPI size neither 0 nor 8", IKE_PL_SA,
	  { 0, 0, 0, 12, 1, 1, 4, 0, 1, 2, 3, 4 }, 12 },
	{ "AH/ESP proposal SPI size not 4", IKE_PL_SA,
	  { 0, 0, 0, 8, 1, 3, 0, 0 }, 8 },
	{ "proposal SPI size above 8", IKE_PL_SA,
	  { 0, 0, 0, 17, 1, 9, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, 17 },
	{ "Key Length attribute twice", IKE_PL_SA,
	  { 0, 0, 0, 24, 1, 1, 0, 1, 0, 0, 0, 16, 1, 0, 0, 12,
	    0x80, 14, 0, 128, 0x80, 14, 1, 0 }, 24 },
	{ "transform attribute header truncated", IKE_PL_SA,
	  { 0, 0, 0, 18, 1, 1, 0, 1, 0, 0, 0, 10, 1, 0, 0, 12, 0x80, 14 },
	  18 },
	{ "transform attribute length beyond transform", IKE_PL_SA,
	  { 0, 0, 0, 22, 1, 1, 0, 1, 0, 0, 0, 14, 1, 0, 0, 12, 0, 99, 0, 3,
	    1, 2 }, 22 },
};

START_TEST(test_payload_shapes)
{
	const struct shape	*s = &bad_shapes[_i];
	struct ike_msg		*m = ike_msg_new();
	struct buf		 b = { 0 };
	struct ike_derr		 e;
	uint8_t			 body[300];

	memset(body, 0x5a, sizeof(body));
	memcpy(body, s->body, s->len > sizeof(s->body) ? sizeof(s->body) :
	    s->len);
	ike_msg_set_hdr(m, 1, 2, IKE_EXCH_IKE_AUTH, 1, IKE_FLAG_I);
	m->keep_order = 1;
	/* Sent as an unknown type carrying the raw body, then renamed. */
	ike_msg_add_raw(m, 200, 0, body, s->len);
	ck_assert_int_eq(ike_msg_encode(m, &b, NULL), 0);
	b.data[16] = s->type;
	ck_assert_int_eq(decode(&b, &e), -1);
	ck_assert_int_eq(e.code, IKE_DERR_INVALID_SYNTAX);
	ck_assert_str_eq(e.why, s->why);
	ck_assert_uint_eq(e.pltype, s->type);
	ike_msg_free(m);
	buf_free(&b);
}
END_TEST

/* Nonces of 16 and 256 octets are fine; 257 is not. */
START_TEST(test_nonce_bounds)
{
	struct ike_msg	*m;
	struct buf	 b = { 0 };
	struct ike_derr	 e;
	uint8_t		 n[257];
	size_t		 sizes[3] = { 16, 256, 257 }, i;

	memset(n, 7, sizeof(n));
	for (i = 0; i < 3; i++) {
		m = ike_msg_new();
		ike_msg_set_hdr(m, 1, 0, IKE_EXCH_IKE_SA_INIT, 0, IKE_FLAG_I);
		ike_msg_add_nonce(m, n, sizes[i]);
		buf_reset(&b);
		ck_assert_int_eq(ike_msg_encode(m, &b, NULL), 0);
		ck_assert_int_eq(decode(&b, &e), i < 2 ? 0 : -1);
		ike_msg_free(m);
	}
	buf_free(&b);
}
END_TEST

/* SK must be last, may not nest, and caps on payload counts hold. */
START_TEST(test_sk_placement_and_payload_cap)
{
	struct ike_msg	*m;
	struct buf	 b = { 0 };
	struct ike_derr	 e;
	size_t		 i;
	uint8_t		 sk[] = { 0, 0, 0, 8, 1, 2, 3, 4 };

	/* SK followed by a Vendor ID. */
	m = ike_msg_new();
	ike_msg_set_hdr(m, 1, 2, IKE_EXCH_INFORMATIONAL, 1, IKE_FLAG_I);
	m->keep_order = 1;
	ike_msg_add_raw(m, 200, 0, sk, 4);
	ike_msg_add_vendor(m, "v", 1);
	ck_assert_int_eq(ike_msg_encode(m, &b, NULL), 0);
	b.data[16] = IKE_PL_SK;	/* the unknown payload becomes SK */
	ck_assert_int_eq(decode(&b, &e), -1);
	ck_assert_str_eq(e.why, "SK payload not last");
	ike_msg_free(m);

	/* SK inside SK. */
	m = ike_msg_new();
	m->hdr.flags = IKE_FLAG_I;
	ck_assert_int_eq(ike_msg_decode_inner(m, sk, sizeof(sk), IKE_PL_SK,
	    &e), -1);
	ck_assert_str_eq(e.why, "SK payload inside SK");
	ike_msg_free(m);

	/* More payloads than IKE_MSG_MAX_PAYLOADS. */
	buf_reset(&b);
	for (i = 0; i <= IKE_MSG_MAX_PAYLOADS; i++) {
		buf_add_u8(&b, i < IKE_MSG_MAX_PAYLOADS ? IKE_PL_VENDOR : 0);
		buf_add_u8(&b, 0);
		buf_add_u16(&b, 4);
	}
	m = ike_msg_new();
	m->hdr.flags = IKE_FLAG_I;
	ck_assert_int_eq(ike_msg_decode_inner(m, b.data, b.len,
	    IKE_PL_VENDOR, &e), -1);
	ck_assert_str_eq(e.why, "too many payloads");
	ck_assert_uint_eq(m->npl, IKE_MSG_MAX_PAYLOADS);
	ike_msg_free(m);
	buf_free(&b);
}
END_TEST

static Suite *
hostile_suite(void)
{
	Suite	*s = suite_create("codec_hostile");
	TCase	*tc = tcase_create("hostile");

	tcase_add_loop_test(tc, test_every_length_field_lies, 0, nsamples);
	tcase_add_loop_test(tc, test_every_truncation_point, 0, nsamples);
	tcase_add_test(tc, test_header_checks);
	tcase_add_test(tc, test_trailing_bytes_refused);
	tcase_add_test(tc, test_unknown_payloads_honour_critical_bit);
	tcase_add_test(tc, test_unknown_critical_outside_sk_not_answered);
	tcase_add_test(tc, test_nested_counts_that_lie);
	tcase_add_loop_test(tc, test_payload_shapes, 0,
	    sizeof(bad_shapes) / sizeof(bad_shapes[0]));
	tcase_add_test(tc, test_nonce_bounds);
	tcase_add_test(tc, test_sk_placement_and_payload_cap);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	size_t	 i;
	int	 failed;

	load_samples();
	sr = srunner_create(hostile_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	for (i = 0; i < nsamples; i++)
		free(samples[i].p);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
