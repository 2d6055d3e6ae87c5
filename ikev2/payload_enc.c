/*
 * Encoding of the IKE header and of every RFC 7296 payload.  Payloads are
 * emitted in the fixed order of the rules table (rules.c) unless the
 * message asks to keep the caller's order; every length is computed here,
 * and a value that does not fit its wire field is an error rather than a
 * silent truncation.  Reserved fields go out as zero; the critical bit is
 * sent only on payload types this codec does not know (RFC 7296 §3.2).
 */
#include "config.h"

#include <string.h>

#include "ikev2/codec_int.h"

/* Error helper: records why and returns -1. */
static int
bad(struct ike_derr *err, uint8_t pltype, const char *why)
{
	return ike_derr_set(err, IKE_DERR_INVALID_SYNTAX, pltype, 0, why);
}

/* Fills in a 16-bit length at start, checking it fits. */
static int
close_len16(struct buf *out, size_t start, struct ike_derr *err,
    uint8_t pltype, const char *why)
{
	size_t	len = out->len - start;

	if (len > UINT16_MAX)
		return bad(err, pltype, why);
	buf_put_u16_at(out, start + 2, (uint16_t)len);
	return 0;
}

static int
enc_xform(const struct ike_xform *xf, int last, struct buf *out,
    struct ike_derr *err)
{
	const struct ike_attr	*a;
	size_t			 start = out->len, i;

	buf_add_u8(out, last ? 0 : 3);
	buf_add_u8(out, 0);
	buf_add_u16(out, 0);
	buf_add_u8(out, xf->type);
	buf_add_u8(out, 0);
	buf_add_u16(out, xf->id);
	if (xf->keylen != 0) {
		buf_add_u16(out, IKE_ATTR_AF | IKE_ATTR_KEY_LENGTH);
		buf_add_u16(out, xf->keylen);
	}
	for (i = 0; i < xf->nattr; i++) {
		a = &xf->attr[i];
		if (a->type & IKE_ATTR_AF)
			return bad(err, IKE_PL_SA, "attribute type above 15 "
			    "bits");
		if (a->tv) {
			buf_add_u16(out, IKE_ATTR_AF | a->type);
			buf_add_u16(out, a->val);
			continue;
		}
		if (a->data.len > UINT16_MAX)
			return bad(err, IKE_PL_SA, "attribute value too long");
		buf_add_u16(out, a->type);
		buf_add_u16(out, (uint16_t)a->data.len);
		buf_add(out, a->data.p, a->data.len);
	}
	return close_len16(out, start, err, IKE_PL_SA, "transform too long");
}

static int
enc_sa(const struct ike_pl_sa *sa, struct buf *out, struct ike_derr *err)
{
	const struct ike_prop	*p;
	size_t			 i, j, start;

	for (i = 0; i < sa->nprop; i++) {
		p = &sa->prop[i];
		if (p->nxf > UINT8_MAX)
			return bad(err, IKE_PL_SA, "more than 255 transforms");
		if (p->spi_len > sizeof(p->spi))
			return bad(err, IKE_PL_SA, "proposal SPI above 8");
		start = out->len;
		buf_add_u8(out, i + 1 == sa->nprop ? 0 : 2);
		buf_add_u8(out, 0);
		buf_add_u16(out, 0);
		buf_add_u8(out, p->num);
		buf_add_u8(out, p->proto);
		buf_add_u8(out, p->spi_len);
		buf_add_u8(out, (uint8_t)p->nxf);
		buf_add(out, p->spi, p->spi_len);
		for (j = 0; j < p->nxf; j++)
			if (enc_xform(&p->xf[j], j + 1 == p->nxf, out,
			    err) == -1)
				return -1;
		if (close_len16(out, start, err, IKE_PL_SA,
		    "proposal too long") == -1)
			return -1;
	}
	return 0;
}

static int
enc_ts(const struct ike_pl_ts *t, uint8_t pltype, struct buf *out,
    struct ike_derr *err)
{
	const struct ike_ts	*ts;
	size_t			 i, alen, start;

	if (t->nts > UINT8_MAX)
		return bad(err, pltype, "more than 255 traffic selectors");
	buf_add_u8(out, (uint8_t)t->nts);
	buf_add_zero(out, 3);
	for (i = 0; i < t->nts; i++) {
		ts = &t->ts[i];
		start = out->len;
		buf_add_u8(out, ts->type);
		buf_add_u8(out, ts->proto);
		buf_add_u16(out, 0);
		switch (ts->type) {
		case IKE_TS_IPV4_ADDR_RANGE:
			alen = 4;
			break;
		case IKE_TS_IPV6_ADDR_RANGE:
			alen = 16;
			break;
		default:
			buf_add(out, ts->opaque.p, ts->opaque.len);
			if (close_len16(out, start, err, pltype,
			    "traffic selector too long") == -1)
				return -1;
			continue;
		}
		buf_add_u16(out, ts->sport);
		buf_add_u16(out, ts->eport);
		buf_add(out, ts->start, alen);
		buf_add(out, ts->end, alen);
		buf_put_u16_at(out, start + 2, (uint16_t)(out->len - start));
	}
	return 0;
}

static int
enc_cp(const struct ike_pl_cp *cp, struct buf *out, struct ike_derr *err)
{
	size_t	i;

	buf_add_u8(out, cp->type);
	buf_add_zero(out, 3);
	for (i = 0; i < cp->nattr; i++) {
		if (cp->attr[i].type > 0x7fff)
			return bad(err, IKE_PL_CP, "configuration attribute "
			    "type above 15 bits");
		if (cp->attr[i].val.len > UINT16_MAX)
			return bad(err, IKE_PL_CP, "configuration attribute "
			    "too long");
		buf_add_u16(out, cp->attr[i].type);
		buf_add_u16(out, (uint16_t)cp->attr[i].val.len);
		buf_add(out, cp->attr[i].val.p, cp->attr[i].val.len);
	}
	return 0;
}

/* One payload with its generic header; next is the following type. */
static int
enc_pl(const struct ike_pl *pl, uint8_t next, struct buf *out,
    struct ike_derr *err)
{
	size_t	start = out->len;
	int	known = ike_pl_is_known(pl->type);

	buf_add_u8(out, next);
	buf_add_u8(out, (!known && pl->critical) ? IKE_CRITICAL : 0);
	buf_add_u16(out, 0);
	switch (pl->type) {
	case IKE_PL_SA:
		if (enc_sa(&pl->sa, out, err) == -1)
			return -1;
		break;
	case IKE_PL_KE:
		buf_add_u16(out, pl->ke.group);
		buf_add_zero(out, 2);
		buf_add(out, pl->ke.data.p, pl->ke.data.len);
		break;
	case IKE_PL_IDI:
	case IKE_PL_IDR:
		ike_id_body(&pl->id, out);
		break;
	case IKE_PL_CERT:
	case IKE_PL_CERTREQ:
		buf_add_u8(out, pl->cert.encoding);
		buf_add(out, pl->cert.data.p, pl->cert.data.len);
		break;
	case IKE_PL_AUTH:
		buf_add_u8(out, pl->auth.method);
		buf_add_zero(out, 3);
		buf_add(out, pl->auth.data.p, pl->auth.data.len);
		break;
	case IKE_PL_NOTIFY:
		if (pl->n.spi.len > UINT8_MAX)
			return bad(err, pl->type, "notify SPI too long");
		/* §3.10: with no SPI the protocol ID is sent as zero. */
		buf_add_u8(out, pl->n.spi.len ? pl->n.proto : 0);
		buf_add_u8(out, (uint8_t)pl->n.spi.len);
		buf_add_u16(out, pl->n.type);
		buf_add(out, pl->n.spi.p, pl->n.spi.len);
		buf_add(out, pl->n.data.p, pl->n.data.len);
		break;
	case IKE_PL_DELETE:
		buf_add_u8(out, pl->d.proto);
		buf_add_u8(out, pl->d.spi_len);
		buf_add_u16(out, pl->d.nspi);
		buf_add(out, pl->d.spis, (size_t)pl->d.nspi * pl->d.spi_len);
		break;
	case IKE_PL_TSI:
	case IKE_PL_TSR:
		if (enc_ts(&pl->ts, pl->type, out, err) == -1)
			return -1;
		break;
	case IKE_PL_CP:
		if (enc_cp(&pl->cp, out, err) == -1)
			return -1;
		break;
	case IKE_PL_SK:
		return bad(err, pl->type, "SK is built by ike_sk_encode");
	default:	/* Nonce, V, EAP and unknown types: the body */
		buf_add(out, pl->body.p, pl->body.len);
		break;
	}
	return close_len16(out, start, err, pl->type, "payload too long");
}

/* Emission order: indices of m->pl, stably sorted by rank. */
static void
order(const struct ike_msg *m, size_t *idx)
{
	unsigned	rank[IKE_MSG_MAX_PAYLOADS];
	size_t		i, j, t;

	for (i = 0; i < m->npl; i++) {
		idx[i] = i;
		rank[i] = m->keep_order ? 0 : ike_rules_rank(m, &m->pl[i]);
	}
	for (i = 1; i < m->npl; i++) {
		t = idx[i];
		for (j = i; j > 0 && rank[idx[j - 1]] > rank[t]; j--)
			idx[j] = idx[j - 1];
		idx[j] = t;
	}
}

/* Described in header. */
int
ike_msg_encode_chain(const struct ike_msg *m, struct buf *out,
    uint8_t *first, struct ike_derr *err)
{
	size_t	idx[IKE_MSG_MAX_PAYLOADS], i;
	uint8_t	next;

	if (err != NULL)
		memset(err, 0, sizeof(*err));
	*first = IKE_PL_NONE;
	if (m->oom)
		return ike_derr_set(err, IKE_DERR_NOMEM, 0, 0,
		    "a payload builder ran out of memory");
	if (m->npl > IKE_MSG_MAX_PAYLOADS)
		return bad(err, 0, "too many payloads");
	order(m, idx);
	for (i = 0; i < m->npl; i++) {
		next = i + 1 < m->npl ? m->pl[idx[i + 1]].type : IKE_PL_NONE;
		if (enc_pl(&m->pl[idx[i]], next, out, err) == -1)
			return -1;
	}
	if (out->oom)
		return ike_derr_set(err, IKE_DERR_NOMEM, 0, 0,
		    "out of memory");
	if (m->npl > 0)
		*first = m->pl[idx[0]].type;
	return 0;
}

/* Described in header. */
int
ike_hdr_encode(const struct ike_hdr *h, uint8_t next, uint32_t length,
    struct buf *out)
{
	buf_add_u64(out, h->spi_i);
	buf_add_u64(out, h->spi_r);
	buf_add_u8(out, next);
	buf_add_u8(out, IKE_VERSION_2);
	buf_add_u8(out, h->exchange);
	buf_add_u8(out, h->flags & (IKE_FLAG_I | IKE_FLAG_R));
	buf_add_u32(out, h->msgid);
	return buf_add_u32(out, length);
}

/* Described in header. */
int
ike_msg_encode(const struct ike_msg *m, struct buf *out, struct ike_derr *err)
{
	size_t	start = out->len;
	uint8_t	first;

	if (ike_hdr_encode(&m->hdr, 0, 0, out) == -1 ||
	    ike_msg_encode_chain(m, out, &first, err) == -1)
		goto fail;
	if (out->len - start > UINT32_MAX) {
		bad(err, 0, "message too long");
		goto fail;
	}
	out->data[start + 16] = first;
	buf_put_u32_at(out, start + 24, (uint32_t)(out->len - start));
	return 0;
fail:
	if (err != NULL && err->code == IKE_DERR_NONE)
		ike_derr_set(err, IKE_DERR_NOMEM, 0, 0, "out of memory");
	out->len = start;	/* leave no half message behind */
	return -1;
}
