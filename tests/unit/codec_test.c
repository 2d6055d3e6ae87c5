/*
 * Codec unit tests: round trips of every payload type and every sample
 * message, wire bytes checked against hand-assembled RFC 7296 layouts, the
 * header checks, the fixed emission order, the rules table and the name
 * tables.  Hostile input lives in codec_hostile_test.c.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ikev2/msg.h"
#include "tests/unit/codec_util.h"

/* Encodes m in the clear; fails the test on error. */
static struct buf
enc(const struct ike_msg *m)
{
	struct buf	b = { 0 };
	struct ike_derr	e;

	ck_assert_msg(ike_msg_encode(m, &b, &e) == 0, "encode: %s",
	    e.why ? e.why : "?");
	return b;
}

/* Decodes bytes that must be valid; caller frees. */
static struct ike_msg *
dec(const struct buf *b)
{
	struct ike_msg	*m = ike_msg_new();
	struct ike_derr	 e;

	ck_assert_ptr_nonnull(m);
	ck_assert_msg(ike_msg_decode(m, b->data, b->len, &e) == 0,
	    "decode: %s at %zu", e.why ? e.why : "?", e.off);
	return m;
}

static void
assert_equal(const struct ike_msg *a, const struct ike_msg *b)
{
	char	why[256];

	ck_assert_msg(cu_msg_equal(a, b, why, sizeof(why)), "%s", why);
}

/* Every sample message survives encode -> decode unchanged, in the clear
 * and (for protected exchanges) as an SK plaintext chain. */
START_TEST(test_roundtrip_every_sample_message)
{
	struct ike_msg	*m, *d, *in;
	struct buf	 b, chain = { 0 };
	struct ike_derr	 e;
	uint8_t		 first;

	m = cu_build((enum cu_kind)_i);
	ck_assert_ptr_nonnull(m);
	m->keep_order = 1;
	b = enc(m);
	d = dec(&b);
	assert_equal(m, d);
	ck_assert_uint_eq(d->hdr.length, b.len);
	ck_assert_uint_eq(d->hdr.version, IKE_VERSION_2);

	ck_assert_int_eq(ike_msg_encode_chain(m, &chain, &first, &e), 0);
	in = ike_msg_new();
	in->hdr = m->hdr;
	ck_assert_int_eq(ike_msg_decode_inner(in, chain.data, chain.len,
	    first, &e), 0);
	assert_equal(m, in);
	ck_assert(in->npl == 0 || in->pl[0].in_sk);

	ike_msg_free(in);
	ike_msg_free(d);
	ike_msg_free(m);
	buf_free(&b);
	buf_free(&chain);
}
END_TEST

/* Each payload type on its own: a message with just that payload decodes
 * to the same content, and re-encoding gives the same bytes. */
START_TEST(test_roundtrip_each_payload_type)
{
	struct ike_msg	*all, *one, *d, *d2;
	struct buf	 b, b2;
	size_t		 i;
	unsigned	 seen[256] = { 0 };

	all = cu_build(CU_EVERYTHING);
	ck_assert_ptr_nonnull(all);
	for (i = 0; i < all->npl; i++) {
		/* Alone, SKF is a fragment, not an opaque payload: its
		 * decoding is tested in frag_test. */
		if (all->pl[i].type == IKE_PL_SKF) {
			seen[IKE_PL_SKF]++;
			continue;
		}
		one = ike_msg_new();
		one->hdr = all->hdr;
		one->pl = all->pl + i;	/* borrow one payload */
		one->npl = 1;
		b = enc(one);
		d = dec(&b);
		assert_equal(one, d);
		d->keep_order = 1;
		b2 = enc(d);
		ck_assert_uint_eq(b.len, b2.len);
		ck_assert_mem_eq(b.data, b2.data, b.len);
		d2 = dec(&b2);
		assert_equal(d, d2);
		seen[all->pl[i].type]++;
		one->pl = NULL;
		one->npl = 0;
		ike_msg_free(one);
		ike_msg_free(d);
		ike_msg_free(d2);
		buf_free(&b);
		buf_free(&b2);
	}
	/* SA .. EAP except SK, which has its own tests, plus unknowns. */
	for (i = IKE_PL_SA; i <= IKE_PL_EAP; i++)
		if (i != IKE_PL_SK)
			ck_assert_msg(seen[i] > 0, "no %s payload tested",
			    ike_payload_name((unsigned)i));
	ck_assert(seen[200] > 0 && seen[IKE_PL_SKF] > 0);
	ike_msg_free(all);
}
END_TEST

/* Wire layout of an SA with one IKE proposal, byte by byte (§3.3). */
START_TEST(test_sa_wire_bytes)
{
	static const uint8_t	want[] = {
		0x00, 0x00, 0x00, 0x30,		/* generic: no next, 48 */
		0x00, 0x00, 0x00, 0x2c,		/* last proposal, length 44 */
		0x01, 0x01, 0x00, 0x04,		/* #1, IKE, SPI 0, 4 xforms */
		0x03, 0x00, 0x00, 0x0c,		/* more, length 12 */
		0x01, 0x00, 0x00, 0x0c,		/* ENCR AES_CBC */
		0x80, 0x0e, 0x01, 0x00,		/* Key Length 256 (TV) */
		0x03, 0x00, 0x00, 0x08,
		0x03, 0x00, 0x00, 0x0c,		/* INTEG SHA2_256_128 */
		0x03, 0x00, 0x00, 0x08,
		0x02, 0x00, 0x00, 0x05,		/* PRF SHA2_256 */
		0x00, 0x00, 0x00, 0x08,		/* last transform */
		0x04, 0x00, 0x00, 0x13,		/* D-H 19 */
	};
	struct ike_xform	xf[4] = {
		{ IKE_TT_ENCR, IKE_ENCR_AES_CBC, 256, NULL, 0 },
		{ IKE_TT_INTEG, IKE_INTEG_HMAC_SHA2_256_128, 0, NULL, 0 },
		{ IKE_TT_PRF, IKE_PRF_HMAC_SHA2_256, 0, NULL, 0 },
		{ IKE_TT_DH, IKE_DH_ECP_256, 0, NULL, 0 },
	};
	struct ike_prop		p = { 1, IKE_PROTO_IKE, 0, { 0 }, xf, 4 };
	struct ike_msg		*m = ike_msg_new();
	struct buf		 b = { 0 };
	struct ike_derr		 e;
	uint8_t			 first;

	ike_msg_add_sa(m, &p, 1);
	ck_assert_int_eq(ike_msg_encode_chain(m, &b, &first, &e), 0);
	ck_assert_uint_eq(first, IKE_PL_SA);
	ck_assert_uint_eq(b.len, sizeof(want));
	ck_assert_mem_eq(b.data, want, sizeof(want));
	ike_msg_free(m);
	buf_free(&b);
}
END_TEST

/* Notify, TS, Delete and ID layouts (§3.10, §3.13, §3.11, §3.5). */
START_TEST(test_small_payload_wire_bytes)
{
	static const uint8_t	want[] = {
		/* N(REKEY_SA) ESP SPI 01020304 */
		0x2c, 0x00, 0x00, 0x0c, 0x03, 0x04, 0x40, 0x09,
		0x01, 0x02, 0x03, 0x04,
		/* TSi: 1 selector, 192.0.2.0-192.0.2.255 UDP 500 */
		0x2a, 0x00, 0x00, 0x18, 0x01, 0x00, 0x00, 0x00,
		0x07, 0x11, 0x00, 0x10, 0x01, 0xf4, 0x01, 0xf4,
		0xc0, 0x00, 0x02, 0x00, 0xc0, 0x00, 0x02, 0xff,
		/* D: ESP, SPI size 4, 1 SPI */
		0x23, 0x00, 0x00, 0x0c, 0x03, 0x04, 0x00, 0x01,
		0xaa, 0xbb, 0xcc, 0xdd,
		/* IDi: ID_IPV4_ADDR 198.51.100.1 */
		0x00, 0x00, 0x00, 0x0c, 0x01, 0x00, 0x00, 0x00,
		0xc6, 0x33, 0x64, 0x01,
	};
	static const uint8_t	spi[4] = { 1, 2, 3, 4 };
	static const uint8_t	dspi[4] = { 0xaa, 0xbb, 0xcc, 0xdd };
	static const uint8_t	id[4] = { 198, 51, 100, 1 };
	struct ike_ts		ts;
	struct ike_msg		*m = ike_msg_new();
	struct buf		 b = { 0 };
	uint8_t			 first;

	m->keep_order = 1;
	ike_msg_add_notify(m, IKE_PROTO_ESP, spi, 4, IKE_N_REKEY_SA, NULL, 0);
	ike_ts_set_v4(&ts, 17, 500, 500, 0xc0000200, 0xc00002ff);
	ike_msg_add_ts(m, IKE_PL_TSI, &ts, 1);
	ike_msg_add_delete(m, IKE_PROTO_ESP, 4, dspi, 1);
	ike_msg_add_id(m, IKE_PL_IDI, IKE_ID_IPV4_ADDR, id, 4);
	ck_assert_int_eq(ike_msg_encode_chain(m, &b, &first, NULL), 0);
	ck_assert_uint_eq(first, IKE_PL_NOTIFY);
	ck_assert_uint_eq(b.len, sizeof(want));
	ck_assert_mem_eq(b.data, want, sizeof(want));
	ike_msg_free(m);
	buf_free(&b);
}
END_TEST

/* The header: SPIs, version 2.0, flags, message ID, total length. */
START_TEST(test_header_wire_bytes)
{
	static const uint8_t	want[] = {
		0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
		0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00,
		0x00, 0x20, 0x25, 0x20, 0x00, 0x00, 0x00, 0x04,
		0x00, 0x00, 0x00, 0x1c,
	};
	struct ike_msg	*m = cu_build(CU_INFO_EMPTY);
	struct buf	 b;

	m->hdr.flags |= IKE_FLAG_V | 0x01;	/* never sent */
	b = enc(m);
	ck_assert_uint_eq(b.len, sizeof(want));
	ck_assert_mem_eq(b.data, want, sizeof(want));
	ike_msg_free(m);
	buf_free(&b);
}
END_TEST

/* The encoder's fixed order: COOKIE first, then SA, KE, Ni, NAT-D
 * notifies, other notifies, V (RFC 7296 §1.2, §2.6). */
START_TEST(test_encoder_sorts_payloads)
{
	struct ike_msg	*m = cu_build(CU_INIT_I_COOKIE), *d;
	struct buf	 b;
	char		 line[256];

	b = enc(m);
	d = dec(&b);
	ike_msg_describe(d, line, sizeof(line));
	ck_assert_str_eq(line, "IKE_SA_INIT request 0 [ N(COOKIE) SA KE Ni "
	    "N(NAT_DETECTION_SOURCE_IP) N(NAT_DETECTION_DESTINATION_IP) V ]");
	/* Same order from a message that was already sorted. */
	buf_free(&b);
	b = enc(d);
	ike_msg_free(d);
	d = dec(&b);
	ike_msg_describe(d, line, sizeof(line));
	ck_assert_str_eq(line, "IKE_SA_INIT request 0 [ N(COOKIE) SA KE Ni "
	    "N(NAT_DETECTION_SOURCE_IP) N(NAT_DETECTION_DESTINATION_IP) V ]");
	ike_msg_free(d);
	ike_msg_free(m);
	buf_free(&b);
}
END_TEST

/* keep_order emits payloads exactly as added. */
START_TEST(test_keep_order_is_honoured)
{
	struct ike_msg	*m = cu_build(CU_INIT_I), *d;
	struct buf	 b;
	char		 line[256];

	m->keep_order = 1;
	b = enc(m);
	d = dec(&b);
	ike_msg_describe(d, line, sizeof(line));
	ck_assert_str_eq(line, "IKE_SA_INIT request 0 [ "
	    "N(NAT_DETECTION_SOURCE_IP) SA KE Ni "
	    "N(NAT_DETECTION_DESTINATION_IP) V ]");
	ike_msg_free(d);
	ike_msg_free(m);
	buf_free(&b);
}
END_TEST

START_TEST(test_decode_fills_accessors)
{
	struct ike_msg		*m = cu_build(CU_INIT_R), *d;
	struct ike_pl		*pl, *sa;
	struct ike_pl_notify	*n;
	struct buf		 b;

	b = enc(m);
	d = dec(&b);
	ck_assert_uint_eq(d->hdr.spi_i, 0x1122334455667788ULL);
	ck_assert_uint_eq(d->hdr.spi_r, 0x99aabbccddeeff00ULL);
	ck_assert(ike_hdr_is_response(&d->hdr));
	ck_assert(!ike_hdr_from_initiator(&d->hdr));
	ck_assert_ptr_nonnull(d->raw);
	ck_assert_uint_eq(d->rawlen, b.len);
	ck_assert_mem_eq(d->raw, b.data, b.len);
	sa = ike_msg_get(d, IKE_PL_SA);
	ck_assert_ptr_nonnull(sa);
	ck_assert_uint_eq(sa->sa.nprop, 1);
	ck_assert_uint_eq(sa->sa.prop[0].nxf, 4);
	ck_assert_uint_eq(sa->sa.prop[0].xf[0].keylen, 256);
	ck_assert_uint_eq(ike_msg_count(d, IKE_PL_NOTIFY), 3);
	n = ike_msg_notify(d, IKE_N_NAT_DETECTION_DESTINATION_IP);
	ck_assert_ptr_nonnull(n);
	ck_assert_uint_eq(n->data.len, 20);
	ck_assert_ptr_null(ike_msg_notify(d, IKE_N_COOKIE));
	ck_assert_ptr_null(ike_msg_error_notify(d));
	pl = ike_msg_next(d, IKE_PL_NOTIFY, NULL);
	ck_assert_ptr_nonnull(pl);
	pl = ike_msg_next(d, IKE_PL_NOTIFY, pl);
	ck_assert_ptr_nonnull(pl);
	pl = ike_msg_next(d, IKE_PL_NOTIFY, pl);
	ck_assert_ptr_nonnull(pl);
	ck_assert_ptr_null(ike_msg_next(d, IKE_PL_NOTIFY, pl));
	pl = ike_msg_get(d, IKE_PL_CERTREQ);
	ck_assert_ptr_nonnull(pl);
	ck_assert_uint_eq(pl->cert.data.len, 40);
	/* A message decodes one datagram only. */
	ck_assert_int_eq(ike_msg_decode(d, b.data, b.len, NULL), -1);
	/* The decoded message owns its bytes: the input may go away. */
	memset(b.data, 0xee, b.len);
	ck_assert_uint_eq(ike_msg_get(d, IKE_PL_KE)->ke.group, IKE_DH_ECP_256);
	ike_msg_free(d);
	ike_msg_free(m);
	buf_free(&b);
}
END_TEST

START_TEST(test_spi_helpers_and_ts_helpers)
{
	struct ike_msg	*m = cu_build(CU_INFO_DELETE), *d;
	struct ike_pl	*pl;
	struct ike_ts	 ts;
	struct buf	 b;

	b = enc(m);
	d = dec(&b);
	pl = ike_msg_get(d, IKE_PL_DELETE);
	ck_assert_uint_eq(pl->d.nspi, 2);
	ck_assert_uint_eq(ike_delete_spi32(&pl->d, 0), 0xc1d717e8);
	ck_assert_uint_eq(ike_delete_spi32(&pl->d, 1), 0xb6b5f296);
	ck_assert_uint_eq(ike_delete_spi32(&pl->d, 2), 0);
	pl = ike_msg_next(d, IKE_PL_DELETE, pl);
	ck_assert_uint_eq(pl->d.proto, IKE_PROTO_IKE);
	ck_assert_uint_eq(pl->d.nspi, 0);
	ike_ts_set_v4(&ts, 1, 2, 3, 0xc0000201, 0xc00002fe);
	ck_assert_uint_eq(ike_ts_v4_start(&ts), 0xc0000201);
	ck_assert_uint_eq(ike_ts_v4_end(&ts), 0xc00002fe);
	ck_assert_uint_eq(ts.start[0], 192);
	ike_msg_free(d);
	ike_msg_free(m);
	buf_free(&b);

	m = cu_build(CU_CHILD_I);
	pl = ike_msg_get(m, IKE_PL_SA);
	ck_assert_uint_eq(ike_prop_spi32(&pl->sa.prop[0]), 0x01020304);
	ck_assert_uint_eq(ike_notify_spi32(ike_msg_notify(m, IKE_N_REKEY_SA)),
	    0x01020304);
	ike_msg_free(m);
}
END_TEST

/* ike_id_body gives the RestOfIDPayload of §2.15, the same bytes as the
 * decoded payload body. */
START_TEST(test_id_body_matches_wire)
{
	struct ike_msg	*m = cu_build(CU_AUTH_I), *d;
	struct buf	 b, idb = { 0 };
	struct ike_pl	*pl;

	b = enc(m);
	d = dec(&b);
	pl = ike_msg_get(d, IKE_PL_IDI);
	ck_assert_int_eq(ike_id_body(&pl->id, &idb), 0);
	ck_assert_uint_eq(idb.len, pl->body.len);
	ck_assert_mem_eq(idb.data, pl->body.p, idb.len);
	ck_assert_uint_eq(idb.len, 8);
	ike_msg_free(d);
	ike_msg_free(m);
	buf_free(&b);
	buf_free(&idb);
}
END_TEST

/* Unknown non-critical payloads are skipped but kept (with their critical
 * bit) so they re-encode; known payloads never carry the critical bit. */
START_TEST(test_unknown_noncritical_kept)
{
	struct ike_msg	*m = ike_msg_new(), *d;
	struct buf	 b;
	struct ike_pl	*pl;

	ike_msg_set_hdr(m, 1, 2, IKE_EXCH_INFORMATIONAL, 1, IKE_FLAG_I);
	m->keep_order = 1;
	ike_msg_add_raw(m, 150, 0, "abc", 3);
	pl = ike_msg_add_vendor(m, "v", 1);
	pl->critical = 1;
	b = enc(m);
	ck_assert_uint_eq(b.data[IKE_HDR_LEN + 1], 0);	/* unknown: C=0 */
	ck_assert_uint_eq(b.data[IKE_HDR_LEN + 7 + 1], 0); /* known: C=0 */
	b.data[IKE_HDR_LEN + 7 + 1] = IKE_CRITICAL;	/* ignored on receipt */
	d = dec(&b);
	ck_assert_uint_eq(d->npl, 2);
	ck_assert_uint_eq(d->pl[0].type, 150);
	ck_assert(!ike_pl_is_known(d->pl[0].type));
	ck_assert_uint_eq(d->pl[0].body.len, 3);
	ck_assert_uint_eq(d->pl[1].type, IKE_PL_VENDOR);
	ike_msg_free(d);
	ike_msg_free(m);
	buf_free(&b);
}
END_TEST

START_TEST(test_describe_summarises)
{
	struct ike_msg	*m = cu_build(CU_AUTH_I), *in;
	struct buf	 chain = { 0 };
	uint8_t		 first;
	char		 line[256], tiny[12];

	ike_msg_encode_chain(m, &chain, &first, NULL);
	in = ike_msg_new();
	in->hdr = m->hdr;
	in->has_sk = 1;
	ck_assert_int_eq(ike_msg_decode_inner(in, chain.data, chain.len,
	    first, NULL), 0);
	ike_msg_describe(in, line, sizeof(line));
	ck_assert_str_eq(line, "IKE_AUTH request 1 [ SK{ IDi "
	    "N(INITIAL_CONTACT) IDr AUTH N(ESP_TFC_PADDING_NOT_SUPPORTED) SA "
	    "TSi TSr } ]");
	ike_msg_describe(in, tiny, sizeof(tiny));
	ck_assert_str_eq(tiny, "IKE_AUTH re");
	in->hdr.exchange = 99;
	ike_msg_describe(in, line, sizeof(line));
	ck_assert(strncmp(line, "exchange(99) request 1", 22) == 0);
	ike_msg_free(in);
	ike_msg_free(m);
	buf_free(&chain);
}
END_TEST

START_TEST(test_name_tables)
{
	ck_assert_str_eq(ike_exchange_name(IKE_EXCH_CREATE_CHILD_SA),
	    "CREATE_CHILD_SA");
	ck_assert_str_eq(ike_payload_name(IKE_PL_TSR), "TSr");
	ck_assert_str_eq(ike_notify_name(IKE_N_NAT_DETECTION_SOURCE_IP),
	    "NAT_DETECTION_SOURCE_IP");
	ck_assert_str_eq(ike_notify_name(16431), "SIGNATURE_HASH_ALGORITHMS");
	ck_assert_str_eq(ike_notify_name(12345), "UNKNOWN");
	ck_assert_str_eq(ike_xform_id_name(IKE_TT_ENCR, 20),
	    "ENCR_AES_GCM_16");
	ck_assert_str_eq(ike_xform_id_name(IKE_TT_INTEG, 14),
	    "AUTH_HMAC_SHA2_512_256");
	ck_assert_str_eq(ike_xform_id_name(IKE_TT_PRF, 7),
	    "PRF_HMAC_SHA2_512");
	ck_assert_str_eq(ike_xform_id_name(IKE_TT_DH, 21), "ECP_521");
	ck_assert_str_eq(ike_xform_id_name(IKE_TT_ESN, 0), "NO_ESN");
	ck_assert_str_eq(ike_xform_id_name(9, 1), "UNKNOWN");
	ck_assert_str_eq(ike_xform_type_name(IKE_TT_DH), "D-H");
	ck_assert_str_eq(ike_proto_name(IKE_PROTO_ESP), "ESP");
	ck_assert_str_eq(ike_id_type_name(IKE_ID_FQDN), "ID_FQDN");
	ck_assert_str_eq(ike_auth_method_name(2),
	    "Shared Key Message Integrity Code");
	ck_assert_str_eq(ike_cert_encoding_name(4),
	    "X.509 Certificate - Signature");
	ck_assert_str_eq(ike_ts_type_name(7), "TS_IPV4_ADDR_RANGE");
	ck_assert_str_eq(ike_cfg_type_name(2), "CFG_REPLY");
	ck_assert_str_eq(ike_cfg_attr_name(3), "INTERNAL_IP4_DNS");
	ck_assert_str_eq(ike_derr_name(IKE_DERR_INVALID_SYNTAX),
	    "INVALID_SYNTAX");
}
END_TEST

/* Builders that cannot allocate leave m->oom set and encode refuses. */
START_TEST(test_builder_failure_fails_encode)
{
	struct ike_msg	*m = ike_msg_new();
	struct buf	 b = { 0 };
	struct ike_derr	 e;
	size_t		 i;

	ike_msg_set_hdr(m, 1, 0, IKE_EXCH_IKE_SA_INIT, 0, IKE_FLAG_I);
	for (i = 0; i < IKE_MSG_MAX_PAYLOADS; i++)
		ck_assert_ptr_nonnull(ike_msg_add_vendor(m, "x", 1));
	ck_assert_ptr_null(ike_msg_add_vendor(m, "x", 1));
	ck_assert(m->oom);
	ck_assert_int_eq(ike_msg_encode(m, &b, &e), -1);
	ck_assert_int_eq(e.code, IKE_DERR_NOMEM);
	ck_assert_uint_eq(b.len, 0);
	ike_msg_free(m);

	/* A NULL pointer with a length is a caller bug, caught the same. */
	m = ike_msg_new();
	ck_assert_ptr_null(ike_msg_add_nonce(m, NULL, 32));
	ck_assert_int_eq(ike_msg_encode(m, &b, NULL), -1);
	ike_msg_free(m);
	buf_free(&b);
	ike_msg_free(NULL);
}
END_TEST

/* Values too large for their wire fields are refused, not truncated. */
START_TEST(test_encoder_refuses_oversized_fields)
{
	static uint8_t	 big[70000];
	struct ike_msg	*m = ike_msg_new();
	struct buf	 b = { 0 };
	struct ike_derr	 e;

	ike_msg_set_hdr(m, 1, 2, IKE_EXCH_INFORMATIONAL, 1, IKE_FLAG_I);
	ike_msg_add_vendor(m, big, sizeof(big));
	ck_assert_int_eq(ike_msg_encode(m, &b, &e), -1);
	ck_assert_str_eq(e.why, "payload too long");
	ike_msg_free(m);

	m = ike_msg_new();
	ike_msg_set_hdr(m, 1, 2, IKE_EXCH_INFORMATIONAL, 1, IKE_FLAG_I);
	ike_msg_add_raw(m, IKE_PL_SK, 0, "x", 1);
	ck_assert_int_eq(ike_msg_encode(m, &b, &e), -1);
	ike_msg_free(m);
	buf_free(&b);
}
END_TEST

static Suite *
codec_suite(void)
{
	Suite	*s = suite_create("codec");
	TCase	*tc = tcase_create("roundtrip");

	tcase_add_loop_test(tc, test_roundtrip_every_sample_message, 0,
	    CU_NKINDS);
	tcase_add_test(tc, test_roundtrip_each_payload_type);
	tcase_add_test(tc, test_sa_wire_bytes);
	tcase_add_test(tc, test_small_payload_wire_bytes);
	tcase_add_test(tc, test_header_wire_bytes);
	tcase_add_test(tc, test_encoder_sorts_payloads);
	tcase_add_test(tc, test_keep_order_is_honoured);
	tcase_add_test(tc, test_decode_fills_accessors);
	tcase_add_test(tc, test_spi_helpers_and_ts_helpers);
	tcase_add_test(tc, test_id_body_matches_wire);
	tcase_add_test(tc, test_unknown_noncritical_kept);
	tcase_add_test(tc, test_describe_summarises);
	tcase_add_test(tc, test_name_tables);
	tcase_add_test(tc, test_builder_failure_fails_encode);
	tcase_add_test(tc, test_encoder_refuses_oversized_fields);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(codec_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
