/*
 * Decoding of the IKE header and of every RFC 7296 payload.  Each length is
 * checked before the bytes it covers are used, in this order: the generic
 * payload header (length >= 4 and within what is left), the payload's own
 * minimum, then every nested length and count (proposals, transforms,
 * attributes, selectors, configuration attributes).  All reads go through
 * struct rd, so a wrong length can only produce an error, never a read
 * outside the datagram.  Counts that the framing contradicts are errors
 * rather than guesses.
 *
 * Arrays are allocated only after their framing has been walked and
 * counted, so the memory a message costs is bounded by a small multiple of
 * its size.
 */
#include "config.h"

#include <string.h>

#include "ikev2/codec_int.h"

/* One decode in progress. */
struct dec {
	struct ike_msg	*m;
	struct ike_derr	*err;
	uint8_t		 pltype;	/* payload being decoded */
	int		 inner;		/* inside SK */
};

/* Error at an offset of the buffer being decoded (datagram or plaintext). */
static int
fail(struct dec *d, size_t off, const char *why)
{
	return ike_derr_set(d->err, IKE_DERR_INVALID_SYNTAX, d->pltype, off,
	    why);
}

static int
nomem(struct dec *d, size_t off)
{
	return ike_derr_set(d->err, IKE_DERR_NOMEM, d->pltype, off,
	    "out of memory");
}

/* The rest of r as a data reference (r is consumed). */
static void
take_rest(struct rd *r, struct ike_data *out)
{
	out->len = rd_left(r);
	out->p = r->p + r->off;
	r->off = r->len;
}

/* Absolute offset of a sub-reader position. */
#define AT(base, r)	((base) + (r)->off)

/*
 * Transform attributes (RFC 7296 §3.3.5): the framing is walked once to
 * count, then decoded.  Key Length (14, TV) goes to xf->keylen.
 */
static int
dec_attrs(struct dec *d, struct ike_xform *xf, struct rd *r, size_t base)
{
	struct rd	 w = *r;
	uint16_t	 t, lv;
	size_t		 n = 0, i = 0;
	int		 have_keylen = 0;

	while (rd_left(&w) > 0) {
		if (rd_left(&w) < 4)
			return fail(d, AT(base, &w),
			    "transform attribute header truncated");
		(void)rd_u16(&w, &t);
		(void)rd_u16(&w, &lv);
		if (!(t & IKE_ATTR_AF) && rd_skip(&w, lv) == -1)
			return fail(d, AT(base, &w) - 4,
			    "transform attribute length beyond transform");
		if (!(t & IKE_ATTR_AF) || (t & ~IKE_ATTR_AF) !=
		    IKE_ATTR_KEY_LENGTH)
			n++;
	}
	if (n > 0 && (xf->attr = ike_msg_alloc(d->m,
	    n * sizeof(*xf->attr))) == NULL)
		return nomem(d, AT(base, r));
	while (rd_left(r) > 0) {
		(void)rd_u16(r, &t);
		(void)rd_u16(r, &lv);
		if ((t & IKE_ATTR_AF) &&
		    (t & ~IKE_ATTR_AF) == IKE_ATTR_KEY_LENGTH) {
			if (have_keylen)
				return fail(d, AT(base, r) - 4,
				    "Key Length attribute twice");
			have_keylen = 1;
			xf->keylen = lv;
			continue;
		}
		xf->attr[i].type = t & ~IKE_ATTR_AF;
		if (t & IKE_ATTR_AF) {
			xf->attr[i].tv = 1;
			xf->attr[i].val = lv;
		} else {
			xf->attr[i].data.p = r->p + r->off;
			xf->attr[i].data.len = lv;
			(void)rd_skip(r, lv);
		}
		i++;
	}
	xf->nattr = n;
	return 0;
}

/*
 * Transforms of one proposal (RFC 7296 §3.3.2).  Num Transforms must match
 * the framing: exactly that many transforms, each flagged 3 ("more") but
 * the last flagged 0, filling the proposal exactly.
 */
static int
dec_xforms(struct dec *d, struct ike_prop *p, uint8_t count, struct rd *r,
    size_t base)
{
	struct rd	 body;
	uint8_t		 last, rsv, type;
	uint16_t	 len, id;
	size_t		 i, at;

	if ((size_t)count * 8 > rd_left(r))
		return fail(d, AT(base, r),
		    "Num Transforms larger than the proposal can hold");
	if (count > 0 && (p->xf = ike_msg_alloc(d->m,
	    count * sizeof(*p->xf))) == NULL)
		return nomem(d, AT(base, r));
	p->nxf = count;
	for (i = 0; i < count; i++) {
		at = AT(base, r);
		if (rd_left(r) < 8)
			return fail(d, at, "transform header truncated");
		(void)rd_u8(r, &last);
		(void)rd_u8(r, &rsv);
		(void)rd_u16(r, &len);
		if (len < 8)
			return fail(d, at, "transform length below 8");
		if (rd_sub(r, &body, len - 4) == -1)
			return fail(d, at, "transform length beyond proposal");
		if (last != (i + 1 == count ? 0 : 3))
			return fail(d, at, i + 1 == count ?
			    "Num Transforms says last, Last Substruc more" :
			    "Last Substruc says last before Num Transforms");
		(void)rd_u8(&body, &type);
		(void)rd_u8(&body, &rsv);
		(void)rd_u16(&body, &id);
		p->xf[i].type = type;
		p->xf[i].id = id;
		if (dec_attrs(d, &p->xf[i], &body, at + 4) == -1)
			return -1;
	}
	if (rd_left(r) != 0)
		return fail(d, AT(base, r),
		    "bytes after the last transform of a proposal");
	return 0;
}

/* One proposal body (after its 4-octet Last/RESERVED/Length header). */
static int
dec_prop(struct dec *d, struct ike_prop *p, struct rd *r, size_t base)
{
	uint8_t	count;

	(void)rd_u8(r, &p->num);
	(void)rd_u8(r, &p->proto);
	(void)rd_u8(r, &p->spi_len);
	(void)rd_u8(r, &count);
	switch (p->proto) {
	case IKE_PROTO_IKE:
		if (p->spi_len != 0 && p->spi_len != 8)
			return fail(d, base + 2, "IKE proposal SPI size "
			    "neither 0 nor 8");
		break;
	case IKE_PROTO_AH:
	case IKE_PROTO_ESP:
		if (p->spi_len != 4)
			return fail(d, base + 2, "AH/ESP proposal SPI size "
			    "not 4");
		break;
	default:
		if (p->spi_len > sizeof(p->spi))
			return fail(d, base + 2, "proposal SPI size above 8");
		break;
	}
	if (rd_copy(r, p->spi, p->spi_len) == -1)
		return fail(d, base + 2, "proposal SPI beyond proposal");
	return dec_xforms(d, p, count, r, base);
}

/*
 * SA payload (RFC 7296 §3.3).  Proposals carry no count, so their framing
 * is walked first: each at least 8 octets, Last Substruc 2 ("more") on all
 * but the last, 0 on the last, together filling the payload.
 */
static int
dec_sa(struct dec *d, struct ike_pl *pl, struct rd *r, size_t base)
{
	struct rd	 w = *r, body;
	uint8_t		 last, rsv;
	uint16_t	 len;
	size_t		 n = 0, i, at;

	while (rd_left(&w) > 0) {
		at = AT(base, &w);
		if (rd_left(&w) < 8)
			return fail(d, at, "proposal header truncated");
		(void)rd_u8(&w, &last);
		(void)rd_u8(&w, &rsv);
		(void)rd_u16(&w, &len);
		if (last != 0 && last != 2)
			return fail(d, at, "proposal Last Substruc "
			    "neither 0 nor 2");
		if (len < 8)
			return fail(d, at, "proposal length below 8");
		if (rd_skip(&w, len - 4) == -1)
			return fail(d, at, "proposal length beyond SA payload");
		n++;
		if (last == 0 && rd_left(&w) > 0)
			return fail(d, AT(base, &w),
			    "bytes after the last proposal");
		if (last == 2 && rd_left(&w) == 0)
			return fail(d, at, "Last Substruc says more "
			    "proposals follow, none does");
	}
	if (n == 0)
		return fail(d, base, "SA payload without proposals");
	if ((pl->sa.prop = ike_msg_alloc(d->m, n * sizeof(*pl->sa.prop)))
	    == NULL)
		return nomem(d, base);
	pl->sa.nprop = n;
	for (i = 0; i < n; i++) {
		at = AT(base, r);
		(void)rd_skip(r, 2);
		(void)rd_u16(r, &len);
		(void)rd_sub(r, &body, len - 4);
		if (dec_prop(d, &pl->sa.prop[i], &body, at + 4) == -1)
			return -1;
	}
	return 0;
}

/* Public value lengths fixed by the group (RFC 7296 §3.4, RFC 5903 §7,
 * RFC 8031); 0 for groups we do not know. */
static size_t
ke_len(uint16_t group)
{
	switch (group) {
	case IKE_DH_MODP_768:		return 96;
	case IKE_DH_MODP_1024:		return 128;
	case IKE_DH_MODP_1536:		return 192;
	case IKE_DH_MODP_2048:		return 256;
	case IKE_DH_MODP_3072:		return 384;
	case IKE_DH_MODP_4096:		return 512;
	case IKE_DH_MODP_6144:		return 768;
	case IKE_DH_MODP_8192:		return 1024;
	case IKE_DH_ECP_256:		return 64;
	case IKE_DH_ECP_384:		return 96;
	case IKE_DH_ECP_521:		return 132;
	case IKE_DH_ECP_192:		return 48;
	case IKE_DH_ECP_224:		return 56;
	case IKE_DH_CURVE25519:		return 32;
	case IKE_DH_CURVE448:		return 56;
	default:			return 0;
	}
}

static int
dec_ke(struct dec *d, struct ike_pl *pl, struct rd *r, size_t base)
{
	size_t	want;

	if (rd_left(r) < 4)
		return fail(d, base, "KE payload shorter than 4");
	(void)rd_u16(r, &pl->ke.group);
	(void)rd_skip(r, 2);
	take_rest(r, &pl->ke.data);
	want = ke_len(pl->ke.group);
	if (want != 0 && pl->ke.data.len != want)
		return fail(d, base + 4, "KE data length wrong for its group");
	return 0;
}

static int
dec_id(struct dec *d, struct ike_pl *pl, struct rd *r, size_t base)
{
	if (rd_left(r) < 4)
		return fail(d, base, "ID payload shorter than 4");
	(void)rd_u8(r, &pl->id.type);
	(void)rd_skip(r, 3);
	take_rest(r, &pl->id.data);
	if (pl->id.type == IKE_ID_IPV4_ADDR && pl->id.data.len != 4)
		return fail(d, base + 4, "ID_IPV4_ADDR not 4 octets");
	if (pl->id.type == IKE_ID_IPV6_ADDR && pl->id.data.len != 16)
		return fail(d, base + 4, "ID_IPV6_ADDR not 16 octets");
	return 0;
}

static int
dec_cert(struct dec *d, struct ike_pl *pl, struct rd *r, size_t base)
{
	if (rd_u8(r, &pl->cert.encoding) == -1)
		return fail(d, base, "CERT/CERTREQ payload empty");
	take_rest(r, &pl->cert.data);
	/* §3.7: for X.509 the authorities are 20-octet SHA-1 key hashes. */
	if (pl->type == IKE_PL_CERTREQ &&
	    pl->cert.encoding == IKE_CERT_X509_SIG &&
	    pl->cert.data.len % 20 != 0)
		return fail(d, base + 1, "CERTREQ X.509 authorities not a "
		    "list of 20-octet hashes");
	return 0;
}

static int
dec_auth(struct dec *d, struct ike_pl *pl, struct rd *r, size_t base)
{
	if (rd_left(r) < 4)
		return fail(d, base, "AUTH payload shorter than 4");
	(void)rd_u8(r, &pl->auth.method);
	(void)rd_skip(r, 3);
	take_rest(r, &pl->auth.data);
	return 0;
}

/*
 * Notification data sizes that RFC 7296 fixes (§2.6 COOKIE 1..64, §2.23
 * NAT detection SHA-1 hashes, §1.3 INVALID_KE_PAYLOAD group number, §1.3.3
 * REKEY_SA's SPI).
 */
static int
check_notify(struct dec *d, const struct ike_pl_notify *n, size_t base)
{
	switch (n->type) {
	case IKE_N_COOKIE:
		if (n->data.len < 1 || n->data.len > 64)
			return fail(d, base, "COOKIE data not 1..64 octets");
		break;
	case IKE_N_NAT_DETECTION_SOURCE_IP:
	case IKE_N_NAT_DETECTION_DESTINATION_IP:
		if (n->data.len != 20)
			return fail(d, base, "NAT detection data not 20 "
			    "octets");
		break;
	case IKE_N_INVALID_KE_PAYLOAD:
		if (n->data.len != 2)
			return fail(d, base, "INVALID_KE_PAYLOAD data not a "
			    "2-octet group");
		break;
	case IKE_N_REKEY_SA:
		if (n->spi.len == 0)
			return fail(d, base, "REKEY_SA without an SPI");
		break;
	default:
		break;
	}
	return 0;
}

static int
dec_notify(struct dec *d, struct ike_pl *pl, struct rd *r, size_t base)
{
	uint8_t	spilen;

	if (rd_left(r) < 4)
		return fail(d, base, "Notify payload shorter than 4");
	(void)rd_u8(r, &pl->n.proto);
	(void)rd_u8(r, &spilen);
	(void)rd_u16(r, &pl->n.type);
	pl->n.spi.p = r->p + r->off;
	pl->n.spi.len = spilen;
	if (rd_skip(r, spilen) == -1)
		return fail(d, base + 1, "Notify SPI size beyond payload");
	take_rest(r, &pl->n.data);
	return check_notify(d, &pl->n, base);
}

static int
dec_delete(struct dec *d, struct ike_pl *pl, struct rd *r, size_t base)
{
	if (rd_left(r) < 4)
		return fail(d, base, "Delete payload shorter than 4");
	(void)rd_u8(r, &pl->d.proto);
	(void)rd_u8(r, &pl->d.spi_len);
	(void)rd_u16(r, &pl->d.nspi);
	if (pl->d.proto == IKE_PROTO_IKE && pl->d.spi_len != 0)
		return fail(d, base + 1, "Delete of the IKE SA with an SPI");
	if ((pl->d.proto == IKE_PROTO_AH || pl->d.proto == IKE_PROTO_ESP) &&
	    pl->d.spi_len != 4)
		return fail(d, base + 1, "Delete AH/ESP SPI size not 4");
	if ((size_t)pl->d.nspi * pl->d.spi_len != rd_left(r))
		return fail(d, base + 2, "Delete Num of SPIs does not match "
		    "its length");
	pl->d.spis = r->p + r->off;
	r->off = r->len;
	return 0;
}

/* One traffic selector (RFC 7296 §3.13.1). */
static int
dec_one_ts(struct dec *d, struct ike_ts *ts, struct rd *r, size_t base)
{
	struct rd	 s;
	uint16_t	 len;
	size_t		 alen;

	if (rd_left(r) < 4)
		return fail(d, base, "traffic selector header truncated");
	(void)rd_u8(r, &ts->type);
	(void)rd_u8(r, &ts->proto);
	(void)rd_u16(r, &len);
	if (len < 4)
		return fail(d, base, "traffic selector length below 4");
	if (rd_sub(r, &s, len - 4) == -1)
		return fail(d, base, "traffic selector length beyond payload");
	switch (ts->type) {
	case IKE_TS_IPV4_ADDR_RANGE:
		if (len != IKE_TS_IPV4_LEN)
			return fail(d, base,
			    "TS_IPV4_ADDR_RANGE length not 16");
		alen = 4;
		break;
	case IKE_TS_IPV6_ADDR_RANGE:
		if (len != IKE_TS_IPV6_LEN)
			return fail(d, base,
			    "TS_IPV6_ADDR_RANGE length not 40");
		alen = 16;
		break;
	default:
		take_rest(&s, &ts->opaque);
		return 0;
	}
	(void)rd_u16(&s, &ts->sport);
	(void)rd_u16(&s, &ts->eport);
	(void)rd_copy(&s, ts->start, alen);
	(void)rd_copy(&s, ts->end, alen);
	return 0;
}

static int
dec_ts(struct dec *d, struct ike_pl *pl, struct rd *r, size_t base)
{
	uint8_t	count;
	size_t	i;

	if (rd_left(r) < 4)
		return fail(d, base, "TS payload shorter than 4");
	(void)rd_u8(r, &count);
	(void)rd_skip(r, 3);
	if ((size_t)count * 4 > rd_left(r))
		return fail(d, base, "Number of TSs larger than the payload "
		    "can hold");
	if (count > 0 && (pl->ts.ts = ike_msg_alloc(d->m,
	    count * sizeof(*pl->ts.ts))) == NULL)
		return nomem(d, base);
	pl->ts.nts = count;
	for (i = 0; i < count; i++)
		if (dec_one_ts(d, &pl->ts.ts[i], r, AT(base, r)) == -1)
			return -1;
	if (rd_left(r) != 0)
		return fail(d, AT(base, r), "bytes after the last traffic "
		    "selector (Number of TSs too small)");
	return 0;
}

static int
dec_cp(struct dec *d, struct ike_pl *pl, struct rd *r, size_t base)
{
	struct rd	w;
	uint16_t	t, len;
	size_t		n = 0, i;

	if (rd_left(r) < 4)
		return fail(d, base, "CP payload shorter than 4");
	(void)rd_u8(r, &pl->cp.type);
	(void)rd_skip(r, 3);
	w = *r;
	while (rd_left(&w) > 0) {
		if (rd_left(&w) < 4)
			return fail(d, AT(base, &w), "configuration attribute "
			    "header truncated");
		(void)rd_u16(&w, &t);
		(void)rd_u16(&w, &len);
		if (rd_skip(&w, len) == -1)
			return fail(d, AT(base, &w) - 4, "configuration "
			    "attribute length beyond payload");
		n++;
	}
	if (n > 0 && (pl->cp.attr = ike_msg_alloc(d->m,
	    n * sizeof(*pl->cp.attr))) == NULL)
		return nomem(d, base);
	for (i = 0; i < n; i++) {
		(void)rd_u16(r, &t);
		(void)rd_u16(r, &len);
		pl->cp.attr[i].type = t & 0x7fff;	/* R bit ignored */
		pl->cp.attr[i].val.p = r->p + r->off;
		pl->cp.attr[i].val.len = len;
		(void)rd_skip(r, len);
	}
	pl->cp.nattr = n;
	return 0;
}

static int
dec_nonce(struct dec *d, struct ike_pl *pl, struct rd *r, size_t base)
{
	if (rd_left(r) < IKE_NONCE_MIN || rd_left(r) > IKE_NONCE_MAX)
		return fail(d, base, "nonce not 16..256 octets");
	return 0;
}

/* EAP (RFC 7296 §3.16): the EAP message's own length must match. */
static int
dec_eap(struct dec *d, struct ike_pl *pl, struct rd *r, size_t base)
{
	uint16_t	len;

	if (rd_left(r) < 4)
		return fail(d, base, "EAP message shorter than 4");
	len = (uint16_t)(r->p[r->off + 2] << 8 | r->p[r->off + 3]);
	if (len != rd_left(r))
		return fail(d, base + 2, "EAP Length does not match payload");
	return 0;
}

/* Decodes one known payload's body. */
static int
dec_body(struct dec *d, struct ike_pl *pl, struct rd *r, size_t base)
{
	switch (pl->type) {
	case IKE_PL_SA:
		return dec_sa(d, pl, r, base);
	case IKE_PL_KE:
		return dec_ke(d, pl, r, base);
	case IKE_PL_IDI:
	case IKE_PL_IDR:
		return dec_id(d, pl, r, base);
	case IKE_PL_CERT:
	case IKE_PL_CERTREQ:
		return dec_cert(d, pl, r, base);
	case IKE_PL_AUTH:
		return dec_auth(d, pl, r, base);
	case IKE_PL_NONCE:
		return dec_nonce(d, pl, r, base);
	case IKE_PL_NOTIFY:
		return dec_notify(d, pl, r, base);
	case IKE_PL_DELETE:
		return dec_delete(d, pl, r, base);
	case IKE_PL_TSI:
	case IKE_PL_TSR:
		return dec_ts(d, pl, r, base);
	case IKE_PL_CP:
		return dec_cp(d, pl, r, base);
	case IKE_PL_EAP:
		return dec_eap(d, pl, r, base);
	default:	/* IKE_PL_VENDOR: opaque */
		return 0;
	}
}

/*
 * An Encrypted Fragment payload (RFC 7383 §2.5) that is the first payload
 * of a datagram ends the chain as SK does: last, filling the message.  We
 * send nothing beside it, and anywhere else (after other payloads, inside
 * SK) it is skipped as an unknown payload, so such a message lacks its SK
 * and the rules drop it.  Only located:
 * whether its two fragment fields make sense is for the reassembly to
 * say (frag.c), which counts each kind of bad fragment.
 */
static int
dec_skf(struct dec *d, struct rd *body, struct rd *r, uint8_t np, size_t at)
{
	struct ike_pl_skf	*f = &d->m->skf;

	if (rd_left(r) != 0)
		return fail(d, at, "SKF payload not last");
	if (rd_u16(body, &f->number) == -1 || rd_u16(body, &f->total) == -1)
		return fail(d, at, "SKF payload shorter than its fragment "
		    "fields");
	d->m->has_skf = 1;
	f->first = np;
	f->off = at;
	take_rest(body, &f->body);
	return 0;
}

/*
 * Walks a payload chain (RFC 7296 §3.2).  Outside SK, an SK payload ends
 * the chain: it must be the last payload and fill the rest of the message
 * (§3.14); it is only located here.
 */
static int
dec_chain(struct dec *d, struct rd *r, uint8_t next)
{
	struct ike_pl	*pl;
	struct rd	 body;
	uint8_t		 np, flags;
	uint16_t	 len;
	size_t		 at;

	while (next != IKE_PL_NONE) {
		at = r->off;
		d->pltype = next;
		if (rd_left(r) < IKE_GEN_HDR_LEN)
			return fail(d, at, "payload header truncated "
			    "(Next Payload names one, none follows)");
		(void)rd_u8(r, &np);
		(void)rd_u8(r, &flags);
		(void)rd_u16(r, &len);
		if (len < IKE_GEN_HDR_LEN)
			return fail(d, at, "payload length below 4");
		if (rd_sub(r, &body, len - IKE_GEN_HDR_LEN) == -1)
			return fail(d, at, "payload length beyond message");
		if (next == IKE_PL_SK) {
			if (d->inner)
				return fail(d, at, "SK payload inside SK");
			if (rd_left(r) != 0)
				return fail(d, at, "SK payload not last");
			d->m->has_sk = 1;
			d->m->sk.first = np;
			d->m->sk.off = at;
			take_rest(&body, &d->m->sk.body);
			return 0;
		}
		if (next == IKE_PL_SKF && !d->inner && d->m->npl == 0)
			return dec_skf(d, &body, r, np, at);
		if (!ike_pl_is_known(next) && (flags & IKE_CRITICAL))
			return ike_derr_set(d->err,
			    IKE_DERR_UNSUPPORTED_CRITICAL, next, at,
			    "unknown payload with the critical bit");
		if (d->m->npl >= IKE_MSG_MAX_PAYLOADS)
			return fail(d, at, "too many payloads");
		if ((pl = ike_msg_push(d->m, next)) == NULL)
			return nomem(d, at);
		pl->critical = (flags & IKE_CRITICAL) ? 1 : 0;
		pl->in_sk = d->inner ? 1 : 0;
		pl->body.p = body.p;
		pl->body.len = body.len;
		if (ike_pl_is_known(next) &&
		    dec_body(d, pl, &body, at + IKE_GEN_HDR_LEN) == -1)
			return -1;
		next = np;
	}
	if (rd_left(r) != 0) {
		d->pltype = IKE_PL_NONE;
		return fail(d, r->off, "bytes after the last payload");
	}
	return 0;
}

/* Described in header. */
int
ike_msg_decode(struct ike_msg *m, const void *data, size_t len,
    struct ike_derr *err)
{
	struct ike_derr	 tmp;
	struct dec	 d;
	struct rd	 r;
	uint8_t		*copy;

	if (err == NULL)
		err = &tmp;
	memset(err, 0, sizeof(*err));
	d.m = m;
	d.err = err;
	d.pltype = IKE_PL_NONE;
	d.inner = 0;
	if (m->raw != NULL || m->npl != 0)
		return ike_derr_set(err, IKE_DERR_DROP, 0, 0,
		    "message already holds a decoded datagram");
	if (len < IKE_HDR_LEN)
		return ike_derr_set(err, IKE_DERR_DROP, 0, len,
		    "datagram shorter than the IKE header");
	if (len > UINT32_MAX)
		return ike_derr_set(err, IKE_DERR_DROP, 0, 0,
		    "datagram too long");
	if ((copy = ike_msg_alloc_exact(m, len)) == NULL)
		return ike_derr_set(err, IKE_DERR_NOMEM, 0, 0,
		    "out of memory");
	memcpy(copy, data, len);
	m->raw = copy;
	m->rawlen = len;
	rd_init(&r, copy, len);
	(void)rd_u64(&r, &m->hdr.spi_i);
	(void)rd_u64(&r, &m->hdr.spi_r);
	(void)rd_u8(&r, &m->hdr.next);
	(void)rd_u8(&r, &m->hdr.version);
	(void)rd_u8(&r, &m->hdr.exchange);
	(void)rd_u8(&r, &m->hdr.flags);
	(void)rd_u32(&r, &m->hdr.msgid);
	(void)rd_u32(&r, &m->hdr.length);
	err->hdr_ok = 1;
	/* §2.5: a higher major version is answered, a lower one is not ours.
	 * Checked before the length so that a future format still gets its
	 * INVALID_MAJOR_VERSION. */
	if ((m->hdr.version >> 4) > 2) {
		ike_derr_set(err, IKE_DERR_INVALID_MAJOR_VERSION, 0, 17,
		    "major version above 2");
		goto out;
	}
	if ((m->hdr.version >> 4) < 2) {
		ike_derr_set(err, IKE_DERR_DROP, 0, 17,
		    "major version below 2 (not IKEv2)");
		goto out;
	}
	if (m->hdr.length != len) {
		ike_derr_set(err, IKE_DERR_DROP, 0, 24,
		    "IKE header Length differs from the datagram length");
		goto out;
	}
	if (m->hdr.spi_i == 0) {
		ike_derr_set(err, IKE_DERR_DROP, 0, 0,
		    "initiator SPI is zero");
		goto out;
	}
	if (dec_chain(&d, &r, m->hdr.next) == -1)
		goto out;
	return 0;
out:
	ike_derr_finish(err, m, 0);
	return -1;
}

/* Described in codec_int.h. */
int
ike_msg_decode_owned(struct ike_msg *m, const uint8_t *plain, size_t len,
    uint8_t first, struct ike_derr *err)
{
	struct ike_derr	 tmp;
	struct dec	 d;
	struct rd	 r;

	if (err == NULL)
		err = &tmp;
	memset(err, 0, sizeof(*err));
	err->hdr_ok = 1;
	err->in_sk = 1;
	d.m = m;
	d.err = err;
	d.pltype = IKE_PL_NONE;
	d.inner = 1;
	rd_init(&r, plain, len);
	if (dec_chain(&d, &r, first) == -1) {
		ike_derr_finish(err, m, 1);
		return -1;
	}
	return 0;
}

/* Described in header. */
int
ike_msg_decode_inner(struct ike_msg *m, const void *plain, size_t len,
    uint8_t first, struct ike_derr *err)
{
	uint8_t	*copy;

	if ((copy = ike_msg_alloc_exact(m, len)) == NULL) {
		if (err != NULL) {
			memset(err, 0, sizeof(*err));
			err->hdr_ok = 1;
		}
		return ike_derr_set(err, IKE_DERR_NOMEM, 0, 0,
		    "out of memory");
	}
	if (len > 0)
		memcpy(copy, plain, len);
	return ike_msg_decode_owned(m, copy, len, first, err);
}
