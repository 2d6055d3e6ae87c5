/*
 * Codec test helpers (see codec_util.h).  The sample messages follow the
 * RFC 7296 §1.2-§1.4 ladders with documentation addresses; their byte
 * contents are fixed patterns so that every run builds the same bytes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ikev2/sk.h"
#include "tests/unit/codec_util.h"

#define SPI_I	0x1122334455667788ULL
#define SPI_R	0x99aabbccddeeff00ULL

static void
fill(uint8_t *p, size_t n, uint8_t seed)
{
	size_t	i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + 7 * i);
}

/* An IKE proposal: AES-CBC-256 or AES-GCM-16-256 (no INTEG), SHA-256. */
static void
ike_prop(struct ike_prop *p, struct ike_xform *xf, uint8_t num, int gcm,
    const uint8_t *spi8)
{
	size_t	n = 0;

	memset(p, 0, sizeof(*p));
	memset(xf, 0, 5 * sizeof(*xf));
	xf[n].type = IKE_TT_ENCR;
	xf[n].id = gcm ? IKE_ENCR_AES_GCM_16 : IKE_ENCR_AES_CBC;
	xf[n++].keylen = 256;
	if (!gcm) {
		xf[n].type = IKE_TT_INTEG;
		xf[n++].id = IKE_INTEG_HMAC_SHA2_256_128;
	}
	xf[n].type = IKE_TT_PRF;
	xf[n++].id = IKE_PRF_HMAC_SHA2_256;
	xf[n].type = IKE_TT_DH;
	xf[n++].id = gcm ? IKE_DH_ECP_384 : IKE_DH_ECP_256;
	p->num = num;
	p->proto = IKE_PROTO_IKE;
	if (spi8 != NULL) {
		p->spi_len = 8;
		memcpy(p->spi, spi8, 8);
	}
	p->xf = xf;
	p->nxf = n;
}

/* An ESP proposal: AES-CBC-128 + SHA-256, optional PFS group, no ESN. */
static void
esp_prop(struct ike_prop *p, struct ike_xform *xf, uint8_t num, uint32_t spi,
    uint16_t dh)
{
	size_t	n = 0;

	memset(p, 0, sizeof(*p));
	memset(xf, 0, 4 * sizeof(*xf));
	xf[n].type = IKE_TT_ENCR;
	xf[n].id = IKE_ENCR_AES_CBC;
	xf[n++].keylen = 128;
	xf[n].type = IKE_TT_INTEG;
	xf[n++].id = IKE_INTEG_HMAC_SHA2_256_128;
	if (dh != 0) {
		xf[n].type = IKE_TT_DH;
		xf[n++].id = dh;
	}
	xf[n].type = IKE_TT_ESN;
	xf[n++].id = IKE_ESN_NO;
	p->num = num;
	p->proto = IKE_PROTO_ESP;
	p->spi_len = 4;
	p->spi[0] = spi >> 24;
	p->spi[1] = spi >> 16;
	p->spi[2] = spi >> 8;
	p->spi[3] = spi;
	p->xf = xf;
	p->nxf = n;
}

static void
add_ts_any(struct ike_msg *m)
{
	struct ike_ts	ts;

	ike_ts_set_v4(&ts, 0, 0, 65535, 0, 0xffffffff);
	ike_msg_add_ts(m, IKE_PL_TSI, &ts, 1);
	ike_msg_add_ts(m, IKE_PL_TSR, &ts, 1);
}

static void
add_ts_narrow(struct ike_msg *m)
{
	struct ike_ts	ts[2];

	/* 192.0.2.1/32 and 192.0.2.2/32, as strongSwan narrows them. */
	ike_ts_set_v4(&ts[0], 0, 0, 65535, 0xc0000201, 0xc0000201);
	ike_ts_set_v4(&ts[1], 17, 500, 500, 0xc0000200, 0xc00002ff);
	ike_msg_add_ts(m, IKE_PL_TSI, ts, 2);
	ike_ts_set_v4(&ts[0], 0, 0, 65535, 0xc0000202, 0xc0000202);
	ike_msg_add_ts(m, IKE_PL_TSR, ts, 1);
}

static void
build_init_i(struct ike_msg *m, int cookie)
{
	struct ike_prop		p[2];
	struct ike_xform	xf[2][5];
	uint8_t			ke[64], nonce[32], natd[20], ck[32];

	ike_msg_set_hdr(m, SPI_I, 0, IKE_EXCH_IKE_SA_INIT, 0, IKE_FLAG_I);
	ike_prop(&p[0], xf[0], 1, 0, NULL);
	ike_prop(&p[1], xf[1], 2, 1, NULL);
	fill(ke, sizeof(ke), 1);
	fill(nonce, sizeof(nonce), 2);
	fill(natd, sizeof(natd), 3);
	fill(ck, sizeof(ck), 4);
	/* Added out of order on purpose: the encoder sorts. */
	ike_msg_add_notify(m, 0, NULL, 0, IKE_N_NAT_DETECTION_SOURCE_IP,
	    natd, sizeof(natd));
	ike_msg_add_sa(m, p, 2);
	ike_msg_add_ke(m, IKE_DH_ECP_256, ke, sizeof(ke));
	ike_msg_add_nonce(m, nonce, sizeof(nonce));
	natd[0] ^= 0xff;
	ike_msg_add_notify(m, 0, NULL, 0, IKE_N_NAT_DETECTION_DESTINATION_IP,
	    natd, sizeof(natd));
	if (cookie)
		ike_msg_add_notify(m, 0, NULL, 0, IKE_N_COOKIE, ck,
		    sizeof(ck));
	ike_msg_add_vendor(m, "mgmtsec", 7);
}

static void
build_init_r(struct ike_msg *m)
{
	struct ike_prop		p;
	struct ike_xform	xf[5];
	uint8_t			ke[64], nonce[32], natd[20], ca[40];

	ike_msg_set_hdr(m, SPI_I, SPI_R, IKE_EXCH_IKE_SA_INIT, 0, IKE_FLAG_R);
	ike_prop(&p, xf, 1, 0, NULL);
	fill(ke, sizeof(ke), 11);
	fill(nonce, sizeof(nonce), 12);
	fill(natd, sizeof(natd), 13);
	fill(ca, sizeof(ca), 14);
	ike_msg_add_sa(m, &p, 1);
	ike_msg_add_ke(m, IKE_DH_ECP_256, ke, sizeof(ke));
	ike_msg_add_nonce(m, nonce, sizeof(nonce));
	ike_msg_add_notify(m, 0, NULL, 0, IKE_N_NAT_DETECTION_SOURCE_IP,
	    natd, sizeof(natd));
	ike_msg_add_notify(m, 0, NULL, 0, IKE_N_NAT_DETECTION_DESTINATION_IP,
	    natd, sizeof(natd));
	ike_msg_add_cert(m, IKE_PL_CERTREQ, IKE_CERT_X509_SIG, ca, sizeof(ca));
	ike_msg_add_notify(m, 0, NULL, 0, IKE_N_MULTIPLE_AUTH_SUPPORTED,
	    NULL, 0);
}

static void
build_auth_i(struct ike_msg *m)
{
	struct ike_prop		p;
	struct ike_xform	xf[4];
	static const uint8_t	idi[4] = { 198, 51, 100, 1 };
	static const uint8_t	idr[4] = { 198, 51, 100, 2 };
	uint8_t			auth[32];

	ike_msg_set_hdr(m, SPI_I, SPI_R, IKE_EXCH_IKE_AUTH, 1, IKE_FLAG_I);
	fill(auth, sizeof(auth), 21);
	esp_prop(&p, xf, 1, 0xce2cddb6, 0);
	ike_msg_add_id(m, IKE_PL_IDI, IKE_ID_IPV4_ADDR, idi, 4);
	ike_msg_add_notify(m, 0, NULL, 0, IKE_N_INITIAL_CONTACT, NULL, 0);
	ike_msg_add_id(m, IKE_PL_IDR, IKE_ID_IPV4_ADDR, idr, 4);
	ike_msg_add_auth(m, IKE_AUTHM_SHARED_KEY_MIC, auth, sizeof(auth));
	ike_msg_add_sa(m, &p, 1);
	add_ts_any(m);
	ike_msg_add_notify(m, 0, NULL, 0, IKE_N_ESP_TFC_PADDING_NOT_SUPPORTED,
	    NULL, 0);
}

static void
build_auth_r(struct ike_msg *m)
{
	struct ike_prop		p;
	struct ike_xform	xf[4];
	static const uint8_t	idr[4] = { 198, 51, 100, 2 };
	uint8_t			auth[32];

	ike_msg_set_hdr(m, SPI_I, SPI_R, IKE_EXCH_IKE_AUTH, 1, IKE_FLAG_R);
	fill(auth, sizeof(auth), 31);
	esp_prop(&p, xf, 1, 0x9c6c80cf, 0);
	ike_msg_add_id(m, IKE_PL_IDR, IKE_ID_IPV4_ADDR, idr, 4);
	ike_msg_add_auth(m, IKE_AUTHM_SHARED_KEY_MIC, auth, sizeof(auth));
	ike_msg_add_sa(m, &p, 1);
	add_ts_narrow(m);
	ike_msg_add_notify(m, 0, NULL, 0, IKE_N_AUTH_LIFETIME,
	    "\x00\x00\x0e\x10", 4);
}

static void
build_child(struct ike_msg *m, int resp)
{
	struct ike_prop		p[2];
	struct ike_xform	xf[2][4];
	uint8_t			ke[96], nonce[32], oldspi[4] = { 1, 2, 3, 4 };

	ike_msg_set_hdr(m, SPI_I, SPI_R, IKE_EXCH_CREATE_CHILD_SA, 2,
	    resp ? IKE_FLAG_R : IKE_FLAG_I);
	fill(ke, sizeof(ke), resp ? 41 : 42);
	fill(nonce, sizeof(nonce), resp ? 43 : 44);
	if (!resp) {
		ike_msg_add_notify(m, IKE_PROTO_ESP, oldspi, 4,
		    IKE_N_REKEY_SA, NULL, 0);
		esp_prop(&p[0], xf[0], 1, 0x01020304, IKE_DH_ECP_384);
		esp_prop(&p[1], xf[1], 2, 0x01020304, IKE_DH_ECP_256);
		ike_msg_add_sa(m, p, 2);
	} else {
		esp_prop(&p[0], xf[0], 2, 0x0a0b0c0d, IKE_DH_ECP_384);
		ike_msg_add_sa(m, p, 1);
	}
	ike_msg_add_nonce(m, nonce, sizeof(nonce));
	ike_msg_add_ke(m, IKE_DH_ECP_384, ke, sizeof(ke));
	add_ts_any(m);
}

static void
build_rekey_ike(struct ike_msg *m)
{
	struct ike_prop		p;
	struct ike_xform	xf[5];
	static const uint8_t	spi[8] = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4 };
	uint8_t			ke[64], nonce[48];

	ike_msg_set_hdr(m, SPI_I, SPI_R, IKE_EXCH_CREATE_CHILD_SA, 7, 0);
	ike_prop(&p, xf, 1, 0, spi);
	fill(ke, sizeof(ke), 51);
	fill(nonce, sizeof(nonce), 52);
	ike_msg_add_sa(m, &p, 1);
	ike_msg_add_nonce(m, nonce, sizeof(nonce));
	ike_msg_add_ke(m, IKE_DH_ECP_256, ke, sizeof(ke));
}

static void
build_info_delete(struct ike_msg *m)
{
	static const uint8_t	spis[8] = { 0xc1, 0xd7, 0x17, 0xe8,
					    0xb6, 0xb5, 0xf2, 0x96 };

	ike_msg_set_hdr(m, SPI_I, SPI_R, IKE_EXCH_INFORMATIONAL, 3,
	    IKE_FLAG_I);
	ike_msg_add_delete(m, IKE_PROTO_ESP, 4, spis, 2);
	ike_msg_add_delete(m, IKE_PROTO_IKE, 0, NULL, 0);
}

static void
build_everything(struct ike_msg *m)
{
	struct ike_prop		p[2];
	struct ike_xform	xf[2][5];
	struct ike_attr		attr[2];
	struct ike_ts		ts[3];
	struct ike_cfg_attr	ca[3];
	static const uint8_t	v6s[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	static const uint8_t	eap[5] = { 1, 7, 0, 5, 1 };
	uint8_t			blob[80];

	ike_msg_set_hdr(m, SPI_I, SPI_R, IKE_EXCH_INFORMATIONAL, 9,
	    IKE_FLAG_I);
	m->keep_order = 1;
	fill(blob, sizeof(blob), 61);
	ike_prop(&p[0], xf[0], 1, 0, NULL);
	esp_prop(&p[1], xf[1], 2, 0xfeedf00d, IKE_DH_ECP_521);
	/* An unknown TV and an unknown TLV attribute on one transform. */
	attr[0].type = 16;
	attr[0].tv = 1;
	attr[0].val = 0x1234;
	attr[0].data.p = NULL;
	attr[0].data.len = 0;
	attr[1].type = 17;
	attr[1].tv = 0;
	attr[1].val = 0;
	attr[1].data.p = blob;
	attr[1].data.len = 5;
	xf[0][1].attr = attr;
	xf[0][1].nattr = 2;
	ike_msg_add_sa(m, p, 2);
	ike_msg_add_ke(m, IKE_DH_ECP_521, blob, 0);	/* KE data empty */
	m->pl[m->npl - 1].ke.group = 999;	/* unknown group: any size */
	ike_msg_add_id(m, IKE_PL_IDI, IKE_ID_FQDN, "gw.example.net", 14);
	ike_msg_add_id(m, IKE_PL_IDR, IKE_ID_IPV6_ADDR, v6s, 16);
	ike_msg_add_cert(m, IKE_PL_CERT, IKE_CERT_X509_SIG, blob, 80);
	ike_msg_add_cert(m, IKE_PL_CERTREQ, IKE_CERT_X509_SIG, blob, 60);
	ike_msg_add_auth(m, IKE_AUTHM_DIGITAL_SIGNATURE, blob, 33);
	ike_msg_add_nonce(m, blob, 16);
	ike_msg_add_notify(m, IKE_PROTO_ESP, "\x01\x02\x03\x04", 4,
	    IKE_N_INVALID_SELECTORS, blob, 10);
	ike_msg_add_notify(m, 0, NULL, 0, 40000, NULL, 0);
	ike_msg_add_delete(m, IKE_PROTO_ESP, 4, blob, 3);
	ike_msg_add_vendor(m, blob, 16);
	ike_ts_set_v4(&ts[0], 6, 22, 22, 0xc6336401, 0xc63364ff);
	memset(&ts[1], 0, sizeof(ts[1]));
	ts[1].type = IKE_TS_IPV6_ADDR_RANGE;
	ts[1].proto = 58;
	ts[1].eport = 0xffff;
	memcpy(ts[1].start, v6s, 16);
	memcpy(ts[1].end, v6s, 16);
	ts[1].end[15] = 0xff;
	memset(&ts[2], 0, sizeof(ts[2]));
	ts[2].type = IKE_TS_FC_ADDR_RANGE;	/* kept opaque */
	ts[2].opaque.p = blob;
	ts[2].opaque.len = 20;
	ike_msg_add_ts(m, IKE_PL_TSI, ts, 3);
	ike_msg_add_ts(m, IKE_PL_TSR, ts, 1);
	ca[0].type = IKE_CFGA_INTERNAL_IP4_ADDRESS;
	ca[0].val.p = NULL;
	ca[0].val.len = 0;
	ca[1].type = IKE_CFGA_INTERNAL_IP4_DNS;
	ca[1].val.p = blob;
	ca[1].val.len = 4;
	ca[2].type = 20000;
	ca[2].val.p = blob;
	ca[2].val.len = 9;
	ike_msg_add_cp(m, IKE_CFG_REQUEST, ca, 3);
	ike_msg_add_eap(m, eap, sizeof(eap));
	ike_msg_add_raw(m, 200, 0, blob, 7);	/* unknown, not critical */
	ike_msg_add_raw(m, IKE_PL_SKF, 0, blob, 0);
}

/* Described in header. */
struct ike_msg *
cu_build(enum cu_kind kind)
{
	struct ike_msg	*m;

	if ((m = ike_msg_new()) == NULL)
		return NULL;
	switch (kind) {
	case CU_INIT_I:
		build_init_i(m, 0);
		break;
	case CU_INIT_I_COOKIE:
		build_init_i(m, 1);
		break;
	case CU_INIT_R:
		build_init_r(m);
		break;
	case CU_INIT_R_COOKIE:
		ike_msg_set_hdr(m, SPI_I, 0, IKE_EXCH_IKE_SA_INIT, 0,
		    IKE_FLAG_R);
		ike_msg_add_notify(m, 0, NULL, 0, IKE_N_COOKIE,
		    "0123456789abcdef0123", 20);
		break;
	case CU_AUTH_I:
		build_auth_i(m);
		break;
	case CU_AUTH_R:
		build_auth_r(m);
		break;
	case CU_CHILD_I:
		build_child(m, 0);
		break;
	case CU_CHILD_R:
		build_child(m, 1);
		break;
	case CU_REKEY_IKE_I:
		build_rekey_ike(m);
		break;
	case CU_INFO_DELETE:
		build_info_delete(m);
		break;
	case CU_INFO_EMPTY:
		ike_msg_set_hdr(m, SPI_I, SPI_R, IKE_EXCH_INFORMATIONAL, 4,
		    IKE_FLAG_R);
		break;
	case CU_EVERYTHING:
		build_everything(m);
		break;
	default:
		break;
	}
	if (m->oom) {
		ike_msg_free(m);
		return NULL;
	}
	return m;
}

/* Described in header. */
const char *
cu_kind_name(enum cu_kind kind)
{
	static const char *const names[CU_NKINDS] = {
		"init_i", "init_r", "init_r_cookie", "init_i_cookie",
		"auth_i", "auth_r", "child_i", "child_r", "rekey_ike_i",
		"info_delete", "info_empty", "everything",
	};

	return kind < CU_NKINDS ? names[kind] : "?";
}

/* Described in header. */
int
cu_kind_protected(enum cu_kind kind)
{
	switch (kind) {
	case CU_INIT_I:
	case CU_INIT_R:
	case CU_INIT_R_COOKIE:
	case CU_INIT_I_COOKIE:
		return 0;
	default:
		return 1;
	}
}

static int
data_eq(const struct ike_data *a, const struct ike_data *b)
{
	return a->len == b->len &&
	    (a->len == 0 || memcmp(a->p, b->p, a->len) == 0);
}

static int
attr_eq(const struct ike_attr *a, const struct ike_attr *b)
{
	if (a->type != b->type || a->tv != b->tv)
		return 0;
	return a->tv ? a->val == b->val : data_eq(&a->data, &b->data);
}

#define DIFF(...) do {					\
	snprintf(why, whylen, __VA_ARGS__);		\
	return 0;					\
} while (0)

static int
sa_equal(const struct ike_pl_sa *a, const struct ike_pl_sa *b, char *why,
    size_t whylen)
{
	const struct ike_prop	*pa, *pb;
	const struct ike_xform	*xa, *xb;
	size_t			 i, j, k;

	if (a->nprop != b->nprop)
		DIFF("SA: %zu vs %zu proposals", a->nprop, b->nprop);
	for (i = 0; i < a->nprop; i++) {
		pa = &a->prop[i];
		pb = &b->prop[i];
		if (pa->num != pb->num || pa->proto != pb->proto ||
		    pa->spi_len != pb->spi_len || pa->nxf != pb->nxf ||
		    memcmp(pa->spi, pb->spi, pa->spi_len) != 0)
			DIFF("SA: proposal %zu header differs", i);
		for (j = 0; j < pa->nxf; j++) {
			xa = &pa->xf[j];
			xb = &pb->xf[j];
			if (xa->type != xb->type || xa->id != xb->id ||
			    xa->keylen != xb->keylen || xa->nattr != xb->nattr)
				DIFF("SA: proposal %zu transform %zu differs",
				    i, j);
			for (k = 0; k < xa->nattr; k++)
				if (!attr_eq(&xa->attr[k], &xb->attr[k]))
					DIFF("SA: attribute %zu/%zu/%zu "
					    "differs", i, j, k);
		}
	}
	return 1;
}

static int
ts_equal(const struct ike_pl_ts *a, const struct ike_pl_ts *b, char *why,
    size_t whylen)
{
	const struct ike_ts	*x, *y;
	size_t			 i, alen;

	if (a->nts != b->nts)
		DIFF("TS: %zu vs %zu selectors", a->nts, b->nts);
	for (i = 0; i < a->nts; i++) {
		x = &a->ts[i];
		y = &b->ts[i];
		if (x->type != y->type || x->proto != y->proto)
			DIFF("TS %zu: type/protocol differ", i);
		if (x->type == IKE_TS_IPV4_ADDR_RANGE)
			alen = 4;
		else if (x->type == IKE_TS_IPV6_ADDR_RANGE)
			alen = 16;
		else if (!data_eq(&x->opaque, &y->opaque))
			DIFF("TS %zu: opaque selector differs", i);
		else
			continue;
		if (x->sport != y->sport || x->eport != y->eport ||
		    memcmp(x->start, y->start, alen) != 0 ||
		    memcmp(x->end, y->end, alen) != 0)
			DIFF("TS %zu: ranges differ", i);
	}
	return 1;
}

static int
pl_equal(const struct ike_pl *a, const struct ike_pl *b, char *why,
    size_t whylen)
{
	size_t	i;

	if (a->type != b->type)
		DIFF("type %u vs %u", a->type, b->type);
	switch (a->type) {
	case IKE_PL_SA:
		return sa_equal(&a->sa, &b->sa, why, whylen);
	case IKE_PL_KE:
		if (a->ke.group != b->ke.group ||
		    !data_eq(&a->ke.data, &b->ke.data))
			DIFF("KE differs");
		return 1;
	case IKE_PL_IDI:
	case IKE_PL_IDR:
		if (a->id.type != b->id.type || !data_eq(&a->id.data,
		    &b->id.data))
			DIFF("ID differs");
		return 1;
	case IKE_PL_CERT:
	case IKE_PL_CERTREQ:
		if (a->cert.encoding != b->cert.encoding ||
		    !data_eq(&a->cert.data, &b->cert.data))
			DIFF("CERT/CERTREQ differs");
		return 1;
	case IKE_PL_AUTH:
		if (a->auth.method != b->auth.method ||
		    !data_eq(&a->auth.data, &b->auth.data))
			DIFF("AUTH differs");
		return 1;
	case IKE_PL_NOTIFY:
		/* The protocol ID means nothing without an SPI. */
		if (a->n.type != b->n.type || !data_eq(&a->n.spi, &b->n.spi) ||
		    (a->n.spi.len && a->n.proto != b->n.proto) ||
		    !data_eq(&a->n.data, &b->n.data))
			DIFF("N(%u) differs", a->n.type);
		return 1;
	case IKE_PL_DELETE:
		if (a->d.proto != b->d.proto || a->d.spi_len != b->d.spi_len ||
		    a->d.nspi != b->d.nspi ||
		    (a->d.nspi != 0 && a->d.spi_len != 0 &&
		    memcmp(a->d.spis, b->d.spis,
		    (size_t)a->d.nspi * a->d.spi_len) != 0))
			DIFF("D differs");
		return 1;
	case IKE_PL_TSI:
	case IKE_PL_TSR:
		return ts_equal(&a->ts, &b->ts, why, whylen);
	case IKE_PL_CP:
		if (a->cp.type != b->cp.type || a->cp.nattr != b->cp.nattr)
			DIFF("CP differs");
		for (i = 0; i < a->cp.nattr; i++)
			if (a->cp.attr[i].type != b->cp.attr[i].type ||
			    !data_eq(&a->cp.attr[i].val, &b->cp.attr[i].val))
				DIFF("CP attribute %zu differs", i);
		return 1;
	default:	/* Nonce, V, EAP, unknown */
		if (!ike_pl_is_known(a->type) && a->critical != b->critical)
			DIFF("critical bit of type %u differs", a->type);
		if (!data_eq(&a->body, &b->body))
			DIFF("body of type %u differs", a->type);
		return 1;
	}
}

/* Described in header. */
int
cu_msg_equal(const struct ike_msg *a, const struct ike_msg *b, char *why,
    size_t whylen)
{
	char	sub[128];
	size_t	i;

	if (a->hdr.spi_i != b->hdr.spi_i || a->hdr.spi_r != b->hdr.spi_r)
		DIFF("SPIs differ");
	if (a->hdr.exchange != b->hdr.exchange || a->hdr.msgid != b->hdr.msgid)
		DIFF("exchange or message ID differ");
	if ((a->hdr.flags & (IKE_FLAG_I | IKE_FLAG_R)) !=
	    (b->hdr.flags & (IKE_FLAG_I | IKE_FLAG_R)))
		DIFF("flags differ");
	if (a->npl != b->npl)
		DIFF("%zu vs %zu payloads", a->npl, b->npl);
	for (i = 0; i < a->npl; i++)
		if (!pl_equal(&a->pl[i], &b->pl[i], sub, sizeof(sub)))
			DIFF("payload %zu: %s", i, sub);
	return 1;
}

/* Described in header. */
uint8_t *
cu_load(const char *path, size_t *len)
{
	FILE	*f;
	uint8_t	*p = NULL;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == -1 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) == -1)
		goto out;
	if ((p = malloc(n ? (size_t)n : 1)) == NULL)
		goto out;
	if (fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
		goto out;
	}
	*len = (size_t)n;
out:
	fclose(f);
	return p;
}

/* Described in header. */
const char *
cu_shared_dir(void)
{
	struct stat	 st;
	const char	*d = getenv("SHARED_DIR");

	if (d == NULL || *d == '\0')
		d = SHARED_DIR;
	if (stat(d, &st) == -1 || !S_ISDIR(st.st_mode))
		return NULL;
	return d;
}

/* Invariant failures in cu_ike_one: loud, and a crash for libFuzzer. */
#define INVARIANT(c, ...) do {						\
	if (!(c)) {							\
		fprintf(stderr, "cu_ike_one: " __VA_ARGS__);		\
		fputc('\n', stderr);					\
		abort();						\
	}								\
} while (0)

/* Described in header. */
const struct ike_sk_keys *
cu_fuzz_keys(int which)
{
	static struct ike_sk_keys	 keys[CU_FUZZ_KEYSETS];
	static int			 ready;
	uint8_t				 k[36];
	size_t				 i;

	if (!ready) {
		for (i = 0; i < sizeof(k); i++)
			k[i] = (uint8_t)(0xa0 + i);
		keys[0].encr = ike_encr_new(IKE_ENCR_AES_CBC, 256, k, 32);
		keys[0].integ = ike_integ_new(IKE_INTEG_HMAC_SHA2_256_128, k,
		    32);
		keys[1].encr = ike_encr_new(IKE_ENCR_AES_GCM_16, 256, k, 36);
		keys[1].integ = NULL;
		INVARIANT(keys[0].encr && keys[0].integ && keys[1].encr,
		    "cannot create the fuzz keys");
		ready = 1;
	}
	return &keys[which];
}

/* An error must say what it is and ask only for an answer RFC 7296 has. */
static void
check_err(const struct ike_derr *e)
{
	INVARIANT(e->code != IKE_DERR_NONE && e->why != NULL,
	    "error without code or reason");
	INVARIANT(e->notify == 0 || e->notify == IKE_N_INVALID_SYNTAX ||
	    e->notify == IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD ||
	    e->notify == IKE_N_INVALID_MAJOR_VERSION, "odd notify %u",
	    e->notify);
	INVARIANT(e->code != IKE_DERR_UNSUPPORTED_CRITICAL ||
	    (e->data == e->pltype && !ike_pl_is_known(e->data)),
	    "UNSUPPORTED_CRITICAL_PAYLOAD data %u for type %u", e->data,
	    e->pltype);
}

/* Decodes again what was re-encoded and compares; returns the encoding
 * of the second decode (caller frees) for the idempotence check. */
static void
recheck(const struct ike_msg *m, const struct buf *b, int inner,
    uint8_t first, const struct ike_sk_keys *k)
{
	struct ike_msg	*d = ike_msg_new();
	struct ike_derr	 e;
	struct buf	 b2 = { 0 };
	uint8_t		 first2, iv[16] = { 0 };
	char		 why[256];

	INVARIANT(d != NULL, "out of memory");
	buf_reserve(&b2, b->len + 512);
	if (inner) {
		d->hdr = m->hdr;
		INVARIANT(ike_msg_decode_inner(d, b->data, b->len, first,
		    &e) == 0, "re-encoded chain refused: %s", e.why);
	} else {
		INVARIANT(ike_msg_decode(d, b->data, b->len, &e) == 0,
		    "re-encoded message refused: %s", e.why);
		if (k != NULL)
			INVARIANT(ike_sk_unprotect(d, k, &e) == 0,
			    "re-protected message refused: %s", e.why);
	}
	INVARIANT(cu_msg_equal(m, d, why, sizeof(why)),
	    "re-encoded message differs: %s", why);
	d->keep_order = 1;
	if (inner) {
		INVARIANT(ike_msg_encode_chain(d, &b2, &first2, NULL) == 0,
		    "second encoding failed");
		INVARIANT(first2 == first, "first payload changed");
	} else if (k != NULL)
		INVARIANT(ike_sk_encode(d, k, iv, ike_sk_iv_len(k), &b2,
		    NULL) == 0, "second protection failed");
	else
		INVARIANT(ike_msg_encode(d, &b2, NULL) == 0,
		    "second encoding failed");
	INVARIANT(b2.len == b->len && (b->len == 0 ||
	    memcmp(b2.data, b->data, b->len) == 0),
	    "encoding is not idempotent");
	buf_free(&b2);
	ike_msg_free(d);
}

/*
 * One Encrypted Fragment (RFC 7383): opened with each fuzz key set; what
 * opens must be shorter than its payload, protect again with the same
 * fields to a fragment that opens to the same piece, and a fragment 1 of
 * 1 is a whole message whose chain decodes or says why.
 */
static void
one_fragment(struct ike_msg *m)
{
	const struct ike_sk_keys	*k;
	const uint8_t			*plain, *plain2;
	struct ike_msg			*d, *w;
	struct ike_derr			 e;
	struct buf			 b = { 0 };
	uint8_t				 iv[16] = { 0 };
	size_t				 len, len2;
	int				 i;

	for (i = 0; i < CU_FUZZ_KEYSETS; i++) {
		k = cu_fuzz_keys(i);
		if (ike_skf_unprotect(m, k, &plain, &len, &e) == -1) {
			check_err(&e);
			if (m->sk_open)
				return;	/* authentic, bad padding */
			continue;
		}
		INVARIANT(len < m->skf.body.len, "fragment plaintext longer "
		    "than its payload");
		if (m->skf.number == 0 || m->skf.number > m->skf.total) {
			INVARIANT(ike_skf_protect(&m->hdr, m->skf.first,
			    m->skf.number, m->skf.total, plain, len, k, iv,
			    ike_sk_iv_len(k), &b, &e) == -1,
			    "protected a fragment number out of range");
			break;
		}
		INVARIANT(ike_skf_protect(&m->hdr, m->skf.first,
		    m->skf.number, m->skf.total, plain, len, k, iv,
		    ike_sk_iv_len(k), &b, &e) == 0,
		    "protecting an opened fragment failed: %s", e.why);
		d = ike_msg_new();
		INVARIANT(d != NULL, "out of memory");
		INVARIANT(ike_msg_decode(d, b.data, b.len, &e) == 0 &&
		    d->has_skf, "re-protected fragment refused: %s", e.why);
		INVARIANT(d->skf.number == m->skf.number &&
		    d->skf.total == m->skf.total &&
		    (m->skf.number != 1 || d->skf.first == m->skf.first),
		    "fragment fields changed");
		INVARIANT(ike_skf_unprotect(d, k, &plain2, &len2, &e) == 0 &&
		    len2 == len && (len == 0 ||
		    memcmp(plain2, plain, len) == 0),
		    "re-protected fragment opens to other bytes");
		ike_msg_free(d);
		if (m->skf.total == 1) {
			w = ike_msg_new();
			INVARIANT(w != NULL, "out of memory");
			w->hdr = m->hdr;
			if (ike_msg_decode_inner(w, plain, len, m->skf.first,
			    &e) == -1)
				check_err(&e);
			ike_msg_free(w);
		}
		break;
	}
	buf_free(&b);
}

static int
one_outer(const uint8_t *p, size_t len)
{
	const struct ike_sk_keys	*k = NULL;
	struct ike_msg			*m = ike_msg_new();
	struct ike_derr			 e;
	struct buf			 b = { 0 };
	uint8_t				 iv[16] = { 0 };
	char				 line[512];
	int				 i, rc = CU_REJECTED;

	INVARIANT(m != NULL, "out of memory");
	buf_reserve(&b, len + 512);
	if (ike_msg_decode(m, p, len, &e) == -1) {
		check_err(&e);
		goto out;
	}
	INVARIANT(m->hdr.length == len, "accepted a lying header length");
	INVARIANT(!(m->has_sk && m->has_skf), "both SK and SKF");
	if (m->has_skf) {
		INVARIANT(m->npl == 0, "payloads beside a fragment");
		INVARIANT(ike_rules_check(m, &e) == -1,
		    "rules accepted a lone fragment");
		check_err(&e);
		one_fragment(m);
		rc = CU_DECODED;
		goto out;
	}
	if (m->has_sk) {
		for (i = 0; i < CU_FUZZ_KEYSETS && !m->sk_open; i++)
			if (ike_sk_unprotect(m, cu_fuzz_keys(i), &e) == 0)
				k = cu_fuzz_keys(i);
			else
				check_err(&e);
		if (m->sk_open && k == NULL)
			goto out;	/* authentic, but a bad inner chain */
		INVARIANT(!m->sk_open || k != NULL, "open without keys");
	}
	rc = CU_DECODED;
	if (ike_rules_check(m, &e) == 0)
		rc = CU_VALID;
	else
		check_err(&e);
	ike_msg_describe(m, line, sizeof(line));
	if (m->has_sk && k == NULL)
		goto out;		/* nothing more to check */
	m->keep_order = 1;
	if (k != NULL)
		INVARIANT(ike_sk_encode(m, k, iv, ike_sk_iv_len(k), &b,
		    &e) == 0, "protecting a decoded message failed: %s",
		    e.why);
	else
		INVARIANT(ike_msg_encode(m, &b, &e) == 0,
		    "encoding a decoded message failed: %s", e.why);
	recheck(m, &b, 0, 0, k);
out:
	buf_free(&b);
	ike_msg_free(m);
	return rc;
}

static int
one_inner(const uint8_t *p, size_t len)
{
	struct ike_msg	*m;
	struct ike_derr	 e;
	struct buf	 b = { 0 };
	uint8_t		 first;
	int		 rc = CU_REJECTED;

	if (len < 3)
		return rc;
	m = ike_msg_new();
	INVARIANT(m != NULL, "out of memory");
	buf_reserve(&b, len + 512);
	m->hdr.spi_i = 1;
	m->hdr.spi_r = 2;
	m->hdr.exchange = p[1];
	m->hdr.flags = p[2];
	m->hdr.msgid = 1;
	m->has_sk = 1;
	m->sk_open = 1;
	if (ike_msg_decode_inner(m, p + 3, len - 3, p[0], &e) == -1) {
		check_err(&e);
		goto out;
	}
	rc = CU_DECODED;
	if (ike_rules_check(m, &e) == 0)
		rc = CU_VALID;
	else
		check_err(&e);
	m->keep_order = 1;
	INVARIANT(ike_msg_encode_chain(m, &b, &first, &e) == 0,
	    "encoding a decoded chain failed: %s", e.why);
	INVARIANT(first == (m->npl ? p[0] : IKE_PL_NONE),
	    "first payload changed");
	recheck(m, &b, 1, first, NULL);
out:
	buf_free(&b);
	ike_msg_free(m);
	return rc;
}

/* Described in header. */
int
cu_ike_one(const uint8_t *data, size_t len)
{
	if (len < 1)
		return CU_REJECTED;
	if (data[0] & 1)
		return one_inner(data + 1, len - 1);
	return one_outer(data + 1, len - 1);
}

static int
write_seed(const char *dir, const char *name, uint8_t mode,
    const uint8_t *hdr3, const uint8_t *p, size_t len)
{
	char	 path[1024];
	FILE	*f;
	int	 ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL)
		return -1;
	ok = fwrite(&mode, 1, 1, f) == 1 &&
	    (hdr3 == NULL || fwrite(hdr3, 1, 3, f) == 3) &&
	    (len == 0 || fwrite(p, 1, len, f) == len);
	return (fclose(f) == 0 && ok) ? 0 : -1;
}

/*
 * Seeds for the SKF path: m's chain cut in two Encrypted Fragments (RFC
 * 7383) protected with fuzz key set ks, and the whole chain as fragment 1
 * of 1.  Returns how many were written, or -1.
 */
static int
write_fragments(const char *dir, const struct ike_msg *m, int kind, int ks)
{
	const struct ike_sk_keys	*k = cu_fuzz_keys(ks);
	struct buf			 chain = { 0 }, b = { 0 };
	uint8_t				 first, iv[16];
	size_t				 half, off, len;
	char				 name[128];
	int				 f, n = -1;

	if (ike_msg_encode_chain(m, &chain, &first, NULL) == -1)
		goto out;
	half = chain.len / 2;
	for (f = 0; f < 3; f++) {
		off = f == 1 ? half : 0;
		len = f == 0 ? half : f == 1 ? chain.len - half : chain.len;
		memset(iv, 0x40 + kind * 3 + f, sizeof(iv));
		buf_reset(&b);
		if (ike_skf_protect(&m->hdr, first, f == 2 ? 1 : f + 1,
		    f == 2 ? 1 : 2, chain.data + off, len, k, iv,
		    ike_sk_iv_len(k), &b, NULL) == -1)
			goto out;
		snprintf(name, sizeof(name), "built_%s_%s_skf%s",
		    cu_kind_name(kind), ks ? "gcm" : "cbc",
		    f == 0 ? "1of2" : f == 1 ? "2of2" : "1of1");
		if (write_seed(dir, name, 0, NULL, b.data, b.len) == -1)
			goto out;
	}
	n = 3;
out:
	buf_free(&chain);
	buf_free(&b);
	return n;
}

static const char *const corpus_fixtures[] = {
	"ss_01_init_i_req_mid0", "ss_02_init_r_resp_mid0",
	"ss_03_auth_i_req_mid1", "ss_04_auth_r_resp_mid1",
	"ss_11_info_i_req_mid2", "ss_12_info_r_resp_mid2",
	"ws_01_init_i_req_mid0", "ws_02_init_r_resp_mid0",
	"ws_03_auth_i_req_mid1", "ws_04_auth_r_resp_mid1",
	"ws_13_info_i_req_mid2", "ws_14_info_r_resp_mid2",
	"ws_15_info_r_req_mid0", "ws_16_info_i_resp_mid0",
	"ws_17_info_i_req_mid3", "ws_18_info_r_resp_mid3",
};

/* Described in header. */
int
cu_write_corpus(const char *dir, const char *top)
{
	struct ike_msg	*m;
	struct buf	 b = { 0 };
	uint8_t		*p, *q, hdr3[3], first, iv[16];
	size_t		 len, qlen, i;
	char		 name[128], path[1024];
	int		 kind, ks, n = 0;

	for (kind = 0; kind < CU_NKINDS; kind++) {
		if ((m = cu_build(kind)) == NULL)
			return -1;
		buf_reset(&b);
		if (ike_msg_encode(m, &b, NULL) == -1)
			goto fail;
		snprintf(name, sizeof(name), "built_%s_clear",
		    cu_kind_name(kind));
		if (write_seed(dir, name, 0, NULL, b.data, b.len) == -1)
			goto fail;
		n++;
		buf_reset(&b);
		if (ike_msg_encode_chain(m, &b, &first, NULL) == -1)
			goto fail;
		hdr3[0] = first;
		hdr3[1] = m->hdr.exchange;
		hdr3[2] = m->hdr.flags;
		snprintf(name, sizeof(name), "built_%s_inner",
		    cu_kind_name(kind));
		if (write_seed(dir, name, 1, hdr3, b.data, b.len) == -1)
			goto fail;
		n++;
		for (ks = 0; cu_kind_protected(kind) && ks < CU_FUZZ_KEYSETS;
		    ks++) {
			memset(iv, 0x10 + kind, sizeof(iv));
			buf_reset(&b);
			if (ike_sk_encode(m, cu_fuzz_keys(ks), iv,
			    ike_sk_iv_len(cu_fuzz_keys(ks)), &b, NULL) == -1)
				goto fail;
			snprintf(name, sizeof(name), "built_%s_%s",
			    cu_kind_name(kind), ks ? "gcm" : "cbc");
			if (write_seed(dir, name, 0, NULL, b.data, b.len) ==
			    -1)
				goto fail;
			n++;
			if ((i = (size_t)write_fragments(dir, m, kind, ks)) ==
			    (size_t)-1)
				goto fail;
			n += (int)i;
		}
		ike_msg_free(m);
	}
	m = NULL;
	for (i = 0; i < sizeof(corpus_fixtures) / sizeof(corpus_fixtures[0]);
	    i++) {
		snprintf(path, sizeof(path), "%s/tests/data/ike/%s.bin", top,
		    corpus_fixtures[i]);
		if ((p = cu_load(path, &len)) == NULL)
			goto fail;
		snprintf(name, sizeof(name), "capture_%s", corpus_fixtures[i]);
		if (write_seed(dir, name, 0, NULL, p, len) == -1) {
			free(p);
			goto fail;
		}
		n++;
		snprintf(path, sizeof(path), "%s/tests/data/ike/%s.plain", top,
		    corpus_fixtures[i]);
		if (len >= IKE_HDR_LEN &&
		    (q = cu_load(path, &qlen)) != NULL) {
			hdr3[0] = q[0];
			hdr3[1] = p[18];
			hdr3[2] = p[19];
			snprintf(name, sizeof(name), "capture_%s_inner",
			    corpus_fixtures[i]);
			if (write_seed(dir, name, 1, hdr3, q + 1, qlen - 1) ==
			    -1) {
				free(q);
				free(p);
				goto fail;
			}
			free(q);
			n++;
		}
		free(p);
	}
	buf_free(&b);
	return n;
fail:
	ike_msg_free(m);
	buf_free(&b);
	return -1;
}
