/*
 * The IKE message object: its arena, the payload builders, the accessors
 * the engine uses on decoded messages, error bookkeeping and the one-line
 * log summary.  Decoding lives in payload_dec.c, encoding in payload_enc.c.
 *
 * Every byte a message points to lives in its arena, a list of blocks that
 * ike_msg_free wipes (SK plaintext and AUTH data pass through here) and
 * frees.  The payload array grows as payloads are added (up to
 * IKE_MSG_MAX_PAYLOADS), so a payload pointer is valid until the next
 * payload is added.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "ikev2/codec_int.h"

#define ARENA_BLOCK	2048
#define ARENA_ALIGN	16

struct ike_arena {
	struct ike_arena *next;
	size_t		  size;
	size_t		  used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

/* Described in header. */
struct ike_msg *
ike_msg_new(void)
{
	return calloc(1, sizeof(struct ike_msg));
}

/* Described in header. */
void
ike_msg_free(struct ike_msg *m)
{
	struct ike_arena *a, *next;

	if (m == NULL)
		return;
	for (a = m->arena; a != NULL; a = next) {
		next = a->next;
		OPENSSL_cleanse(a->data, a->used);
		free(a);
	}
	if (m->pl != NULL) {
		OPENSSL_cleanse(m->pl, m->npl * sizeof(*m->pl));
		free(m->pl);
	}
	OPENSSL_cleanse(m, sizeof(*m));
	free(m);
}

/* Described in codec_int.h. */
void *
ike_msg_alloc(struct ike_msg *m, size_t n)
{
	struct ike_arena *a;
	size_t		  need, size;
	void		 *p;

	if (n > SIZE_MAX / 2)
		goto oom;
	need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need == 0)
		need = ARENA_ALIGN;
	a = m->arena;
	if (a != NULL && a->size - a->used >= need) {
		p = a->data + a->used;
		a->used += need;
		memset(p, 0, need);
		return p;
	}
	/* Blocks are zeroed piecemeal as they are handed out: most messages
	 * use a fraction of a block. */
	size = need > ARENA_BLOCK ? need : ARENA_BLOCK;
	if ((a = malloc(sizeof(*a) + size)) == NULL)
		goto oom;
	memset(a->data, 0, need);
	a->size = size;
	a->used = need;
	/* A big one-off block goes behind the head so the head's free space
	 * keeps serving the small allocations that follow. */
	if (need > ARENA_BLOCK / 2 && m->arena != NULL) {
		a->next = m->arena->next;
		m->arena->next = a;
	} else {
		a->next = m->arena;
		m->arena = a;
	}
	return a->data;
oom:
	m->oom = 1;
	return NULL;
}

/* Described in codec_int.h. */
void *
ike_msg_alloc_exact(struct ike_msg *m, size_t n)
{
	struct ike_arena *a;

	if (n > SIZE_MAX / 2 || (a = calloc(1, sizeof(*a) + n)) == NULL) {
		m->oom = 1;
		return NULL;
	}
	a->size = n;
	a->used = n;	/* full: never serves other allocations */
	if (m->arena != NULL) {
		a->next = m->arena->next;
		m->arena->next = a;
	} else
		m->arena = a;
	return a->data;
}

/* Described in header. */
void *
ike_msg_dup(struct ike_msg *m, const void *p, size_t n)
{
	void	*q;

	if ((q = ike_msg_alloc(m, n)) != NULL && n > 0)
		memcpy(q, p, n);
	return q;
}

/* Described in codec_int.h. */
struct ike_pl *
ike_msg_push(struct ike_msg *m, uint8_t type)
{
	struct ike_pl	*pl;
	size_t		 cap;

	if (m->npl >= IKE_MSG_MAX_PAYLOADS) {
		m->oom = 1;
		return NULL;
	}
	if (m->npl == m->plcap) {
		/* Grown by copying (the old array is wiped) rather than
		 * realloc: payloads point at secrets only through the arena,
		 * but the habit is cheap. */
		cap = m->plcap ? 2 * m->plcap : 16;
		if (cap > IKE_MSG_MAX_PAYLOADS)
			cap = IKE_MSG_MAX_PAYLOADS;
		if ((pl = malloc(cap * sizeof(*pl))) == NULL) {
			m->oom = 1;
			return NULL;
		}
		if (m->npl > 0) {
			memcpy(pl, m->pl, m->npl * sizeof(*pl));
			OPENSSL_cleanse(m->pl, m->npl * sizeof(*pl));
		}
		free(m->pl);
		m->pl = pl;
		m->plcap = cap;
	}
	pl = &m->pl[m->npl++];
	memset(pl, 0, sizeof(*pl));
	pl->type = type;
	return pl;
}

/* Clones len bytes into d; returns 0 or -1. */
static int
data_set(struct ike_msg *m, struct ike_data *d, const void *p, size_t len)
{
	if (len > 0 && p == NULL) {
		m->oom = 1;	/* a caller bug; make encode fail loudly */
		return -1;
	}
	if ((d->p = ike_msg_dup(m, p, len)) == NULL)
		return -1;
	d->len = len;
	return 0;
}

/* Described in header. */
void
ike_msg_set_hdr(struct ike_msg *m, uint64_t spi_i, uint64_t spi_r,
    uint8_t exchange, uint32_t msgid, uint8_t flags)
{
	memset(&m->hdr, 0, sizeof(m->hdr));
	m->hdr.spi_i = spi_i;
	m->hdr.spi_r = spi_r;
	m->hdr.version = IKE_VERSION_2;
	m->hdr.exchange = exchange;
	m->hdr.msgid = msgid;
	m->hdr.flags = flags & (IKE_FLAG_I | IKE_FLAG_R);
}

/* Deep-copies one transform's attributes into the arena. */
static int
xform_clone(struct ike_msg *m, struct ike_xform *dst,
    const struct ike_xform *src)
{
	size_t	i;

	*dst = *src;
	dst->attr = NULL;
	if (src->nattr == 0)
		return 0;
	if (src->attr == NULL ||
	    (dst->attr = ike_msg_alloc(m, src->nattr * sizeof(*dst->attr)))
	    == NULL) {
		m->oom = 1;
		return -1;
	}
	for (i = 0; i < src->nattr; i++) {
		dst->attr[i] = src->attr[i];
		if (!src->attr[i].tv && data_set(m, &dst->attr[i].data,
		    src->attr[i].data.p, src->attr[i].data.len) == -1)
			return -1;
	}
	return 0;
}

/* Described in header. */
struct ike_pl *
ike_msg_add_sa(struct ike_msg *m, const struct ike_prop *p, size_t nprop)
{
	struct ike_pl	*pl;
	struct ike_prop	*dp;
	size_t		 i, j;

	if ((pl = ike_msg_push(m, IKE_PL_SA)) == NULL)
		return NULL;
	if (nprop == 0)
		return pl;
	if (p == NULL || (dp = ike_msg_alloc(m, nprop * sizeof(*dp))) == NULL)
		goto fail;
	for (i = 0; i < nprop; i++) {
		dp[i] = p[i];
		dp[i].xf = NULL;
		if (p[i].nxf == 0)
			continue;
		if (p[i].xf == NULL || (dp[i].xf = ike_msg_alloc(m,
		    p[i].nxf * sizeof(*dp[i].xf))) == NULL)
			goto fail;
		for (j = 0; j < p[i].nxf; j++)
			if (xform_clone(m, &dp[i].xf[j], &p[i].xf[j]) == -1)
				goto fail;
	}
	pl->sa.prop = dp;
	pl->sa.nprop = nprop;
	return pl;
fail:
	m->oom = 1;
	return NULL;
}

/* Described in header. */
struct ike_pl *
ike_msg_add_ke(struct ike_msg *m, uint16_t group, const void *data,
    size_t len)
{
	struct ike_pl	*pl;

	if ((pl = ike_msg_push(m, IKE_PL_KE)) == NULL)
		return NULL;
	pl->ke.group = group;
	if (data_set(m, &pl->ke.data, data, len) == -1)
		return NULL;
	return pl;
}

/* Payloads whose whole body is one opaque value (Nonce, V, EAP). */
static struct ike_pl *
add_body(struct ike_msg *m, uint8_t type, const void *data, size_t len)
{
	struct ike_pl	*pl;

	if ((pl = ike_msg_push(m, type)) == NULL)
		return NULL;
	if (data_set(m, &pl->body, data, len) == -1)
		return NULL;
	return pl;
}

/* Described in header. */
struct ike_pl *
ike_msg_add_nonce(struct ike_msg *m, const void *nonce, size_t len)
{
	return add_body(m, IKE_PL_NONCE, nonce, len);
}

/* Described in header. */
struct ike_pl *
ike_msg_add_vendor(struct ike_msg *m, const void *data, size_t len)
{
	return add_body(m, IKE_PL_VENDOR, data, len);
}

/* Described in header. */
struct ike_pl *
ike_msg_add_eap(struct ike_msg *m, const void *data, size_t len)
{
	return add_body(m, IKE_PL_EAP, data, len);
}

/* Described in header. */
struct ike_pl *
ike_msg_add_raw(struct ike_msg *m, uint8_t type, int critical,
    const void *body, size_t len)
{
	struct ike_pl	*pl;

	if ((pl = add_body(m, type, body, len)) != NULL)
		pl->critical = critical ? 1 : 0;
	return pl;
}

/* Described in header. */
struct ike_pl *
ike_msg_add_id(struct ike_msg *m, uint8_t pltype, uint8_t idtype,
    const void *data, size_t len)
{
	struct ike_pl	*pl;

	if ((pl = ike_msg_push(m, pltype)) == NULL)
		return NULL;
	pl->id.type = idtype;
	if (data_set(m, &pl->id.data, data, len) == -1)
		return NULL;
	return pl;
}

/* Described in header. */
struct ike_pl *
ike_msg_add_cert(struct ike_msg *m, uint8_t pltype, uint8_t encoding,
    const void *data, size_t len)
{
	struct ike_pl	*pl;

	if ((pl = ike_msg_push(m, pltype)) == NULL)
		return NULL;
	pl->cert.encoding = encoding;
	if (data_set(m, &pl->cert.data, data, len) == -1)
		return NULL;
	return pl;
}

/* Described in header. */
struct ike_pl *
ike_msg_add_auth(struct ike_msg *m, uint8_t method, const void *data,
    size_t len)
{
	struct ike_pl	*pl;

	if ((pl = ike_msg_push(m, IKE_PL_AUTH)) == NULL)
		return NULL;
	pl->auth.method = method;
	if (data_set(m, &pl->auth.data, data, len) == -1)
		return NULL;
	return pl;
}

/* Described in header. */
struct ike_pl *
ike_msg_add_notify(struct ike_msg *m, uint8_t proto, const void *spi,
    size_t spilen, uint16_t type, const void *data, size_t len)
{
	struct ike_pl	*pl;

	if ((pl = ike_msg_push(m, IKE_PL_NOTIFY)) == NULL)
		return NULL;
	pl->n.proto = spilen ? proto : 0;
	pl->n.type = type;
	if (data_set(m, &pl->n.spi, spi, spilen) == -1 ||
	    data_set(m, &pl->n.data, data, len) == -1)
		return NULL;
	return pl;
}

/* Described in header. */
struct ike_pl *
ike_msg_add_delete(struct ike_msg *m, uint8_t proto, uint8_t spilen,
    const void *spis, size_t nspi)
{
	struct ike_pl	*pl;
	struct ike_data	 d;

	if ((pl = ike_msg_push(m, IKE_PL_DELETE)) == NULL)
		return NULL;
	if (nspi > UINT16_MAX) {
		m->oom = 1;
		return NULL;
	}
	pl->d.proto = proto;
	pl->d.spi_len = spilen;
	pl->d.nspi = (uint16_t)nspi;
	if (data_set(m, &d, spis, nspi * spilen) == -1)
		return NULL;
	pl->d.spis = d.p;
	return pl;
}

/* Described in header. */
struct ike_pl *
ike_msg_add_ts(struct ike_msg *m, uint8_t pltype, const struct ike_ts *ts,
    size_t nts)
{
	struct ike_pl	*pl;
	size_t		 i;

	if ((pl = ike_msg_push(m, pltype)) == NULL)
		return NULL;
	if (nts == 0)
		return pl;
	if (ts == NULL ||
	    (pl->ts.ts = ike_msg_alloc(m, nts * sizeof(*ts))) == NULL) {
		m->oom = 1;
		return NULL;
	}
	for (i = 0; i < nts; i++) {
		pl->ts.ts[i] = ts[i];
		if (data_set(m, &pl->ts.ts[i].opaque, ts[i].opaque.p,
		    ts[i].opaque.len) == -1)
			return NULL;
	}
	pl->ts.nts = nts;
	return pl;
}

/* Described in header. */
struct ike_pl *
ike_msg_add_cp(struct ike_msg *m, uint8_t cfgtype,
    const struct ike_cfg_attr *attr, size_t nattr)
{
	struct ike_pl	*pl;
	size_t		 i;

	if ((pl = ike_msg_push(m, IKE_PL_CP)) == NULL)
		return NULL;
	pl->cp.type = cfgtype;
	if (nattr == 0)
		return pl;
	if (attr == NULL ||
	    (pl->cp.attr = ike_msg_alloc(m, nattr * sizeof(*attr))) == NULL) {
		m->oom = 1;
		return NULL;
	}
	for (i = 0; i < nattr; i++) {
		pl->cp.attr[i].type = attr[i].type;
		if (data_set(m, &pl->cp.attr[i].val, attr[i].val.p,
		    attr[i].val.len) == -1)
			return NULL;
	}
	pl->cp.nattr = nattr;
	return pl;
}

/* Described in header. */
void
ike_ts_set_v4(struct ike_ts *ts, uint8_t proto, uint16_t sport,
    uint16_t eport, uint32_t start, uint32_t end)
{
	memset(ts, 0, sizeof(*ts));
	ts->type = IKE_TS_IPV4_ADDR_RANGE;
	ts->proto = proto;
	ts->sport = sport;
	ts->eport = eport;
	ts->start[0] = start >> 24;
	ts->start[1] = start >> 16;
	ts->start[2] = start >> 8;
	ts->start[3] = start;
	ts->end[0] = end >> 24;
	ts->end[1] = end >> 16;
	ts->end[2] = end >> 8;
	ts->end[3] = end;
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Described in header. */
uint32_t
ike_ts_v4_start(const struct ike_ts *ts)
{
	return get32(ts->start);
}

/* Described in header. */
uint32_t
ike_ts_v4_end(const struct ike_ts *ts)
{
	return get32(ts->end);
}

/* Described in header. */
int
ike_id_body(const struct ike_pl_id *id, struct buf *out)
{
	if (buf_add_u8(out, id->type) == -1 || buf_add_zero(out, 3) == -1)
		return -1;
	return buf_add(out, id->data.p, id->data.len);
}

/* Described in header. */
int
ike_pl_is_known(unsigned type)
{
	return type >= IKE_PL_SA && type <= IKE_PL_EAP;
}

/* Described in header. */
struct ike_pl *
ike_msg_next(const struct ike_msg *m, uint8_t type, const struct ike_pl *prev)
{
	size_t	i;

	i = prev == NULL ? 0 : (size_t)(prev - m->pl) + 1;
	for (; i < m->npl; i++)
		if (m->pl[i].type == type)
			return &m->pl[i];
	return NULL;
}

/* Described in header. */
struct ike_pl *
ike_msg_get(const struct ike_msg *m, uint8_t type)
{
	return ike_msg_next(m, type, NULL);
}

/* Described in header. */
size_t
ike_msg_count(const struct ike_msg *m, uint8_t type)
{
	size_t	i, n = 0;

	for (i = 0; i < m->npl; i++)
		if (m->pl[i].type == type)
			n++;
	return n;
}

/* Described in header. */
struct ike_pl_notify *
ike_msg_notify(const struct ike_msg *m, uint16_t type)
{
	size_t	i;

	for (i = 0; i < m->npl; i++)
		if (m->pl[i].type == IKE_PL_NOTIFY && m->pl[i].n.type == type)
			return &m->pl[i].n;
	return NULL;
}

/* Described in header. */
struct ike_pl_notify *
ike_msg_error_notify(const struct ike_msg *m)
{
	size_t	i;

	for (i = 0; i < m->npl; i++)
		if (m->pl[i].type == IKE_PL_NOTIFY &&
		    IKE_N_IS_ERROR(m->pl[i].n.type))
			return &m->pl[i].n;
	return NULL;
}

/* Described in header. */
uint32_t
ike_delete_spi32(const struct ike_pl_delete *d, size_t i)
{
	if (d->spi_len != 4 || i >= d->nspi)
		return 0;
	return get32(d->spis + 4 * i);
}

/* Described in header. */
uint32_t
ike_prop_spi32(const struct ike_prop *p)
{
	return p->spi_len == 4 ? get32(p->spi) : 0;
}

/* Described in header. */
uint32_t
ike_notify_spi32(const struct ike_pl_notify *n)
{
	return n->spi.len == 4 ? get32(n->spi.p) : 0;
}

/* Described in header. */
const char *
ike_derr_name(enum ike_derr_code code)
{
	switch (code) {
	case IKE_DERR_NONE:
		return "ok";
	case IKE_DERR_DROP:
		return "drop";
	case IKE_DERR_INVALID_MAJOR_VERSION:
		return "INVALID_MAJOR_VERSION";
	case IKE_DERR_UNSUPPORTED_CRITICAL:
		return "UNSUPPORTED_CRITICAL_PAYLOAD";
	case IKE_DERR_INVALID_SYNTAX:
		return "INVALID_SYNTAX";
	case IKE_DERR_NOMEM:
		return "out of memory";
	}
	return "UNKNOWN";
}

/* Described in codec_int.h. */
int
ike_derr_set(struct ike_derr *err, enum ike_derr_code code, uint8_t pltype,
    size_t off, const char *why)
{
	uint8_t	hdr_ok, in_sk;

	if (err == NULL)
		return -1;
	/* hdr_ok and in_sk describe the decode in progress; keep them. */
	hdr_ok = err->hdr_ok;
	in_sk = err->in_sk;
	memset(err, 0, sizeof(*err));
	err->code = code;
	err->pltype = pltype;
	err->off = off;
	err->why = why;
	err->hdr_ok = hdr_ok;
	err->in_sk = in_sk;
	if (code == IKE_DERR_UNSUPPORTED_CRITICAL)
		err->data = pltype;
	return -1;
}

/* Described in codec_int.h. */
void
ike_derr_finish(struct ike_derr *err, const struct ike_msg *m,
    int authenticated)
{
	int	request;

	if (err == NULL)
		return;
	err->notify = 0;
	if (!err->hdr_ok)
		return;
	request = !ike_hdr_is_response(&m->hdr);
	if (!request)
		return;		/* never answer a response (§2.21) */
	switch (err->code) {
	case IKE_DERR_INVALID_MAJOR_VERSION:
		err->notify = IKE_N_INVALID_MAJOR_VERSION;
		break;
	case IKE_DERR_UNSUPPORTED_CRITICAL:
		if (authenticated ||
		    m->hdr.exchange == IKE_EXCH_IKE_SA_INIT)
			err->notify = IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD;
		break;
	case IKE_DERR_INVALID_SYNTAX:
		if (authenticated)
			err->notify = IKE_N_INVALID_SYNTAX;
		break;
	default:
		break;
	}
}

/* Appends formatted text to out[*pos..len), truncating quietly. */
static void put(char *out, size_t len, size_t *pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
put(char *out, size_t len, size_t *pos, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	if (*pos >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(out + *pos, len - *pos, fmt, ap);
	va_end(ap);
	if (n > 0)
		*pos += (size_t)n;
	if (*pos >= len)
		*pos = len - 1;
}

static void
describe_pl(const struct ike_msg *m, const struct ike_pl *pl, char *out,
    size_t len, size_t *pos)
{
	const char	*name;

	switch (pl->type) {
	case IKE_PL_NOTIFY:
		name = ike_notify_name(pl->n.type);
		if (strcmp(name, "UNKNOWN") == 0)
			put(out, len, pos, " N(%u)", pl->n.type);
		else
			put(out, len, pos, " N(%s)", name);
		break;
	case IKE_PL_NONCE:
		put(out, len, pos, " %s",
		    ike_hdr_from_initiator(&m->hdr) ? "Ni" : "Nr");
		break;
	case IKE_PL_DELETE:
		put(out, len, pos, " D(%s)", ike_proto_name(pl->d.proto));
		break;
	default:
		if (ike_pl_is_known(pl->type))
			put(out, len, pos, " %s", ike_payload_name(pl->type));
		else
			put(out, len, pos, " UNKNOWN(%s%u)",
			    pl->critical ? "critical " : "", pl->type);
		break;
	}
}

/* Described in header. */
char *
ike_msg_describe(const struct ike_msg *m, char *out, size_t len)
{
	const char	*name;
	size_t		 pos = 0, i;
	int		 insk = 0;

	if (len == 0)
		return out;
	out[0] = '\0';
	name = ike_exchange_name(m->hdr.exchange);
	if (strcmp(name, "UNKNOWN") == 0)
		put(out, len, &pos, "exchange(%u)", m->hdr.exchange);
	else
		put(out, len, &pos, "%s", name);
	put(out, len, &pos, " %s %u [",
	    ike_hdr_is_response(&m->hdr) ? "response" : "request",
	    m->hdr.msgid);
	for (i = 0; i < m->npl; i++) {
		if (m->pl[i].in_sk && !insk) {
			put(out, len, &pos, " SK{");
			insk = 1;
		}
		describe_pl(m, &m->pl[i], out, len, &pos);
	}
	if (insk)
		put(out, len, &pos, " }");
	else if (m->has_sk)
		put(out, len, &pos, " SK");
	else if (m->has_skf)
		put(out, len, &pos, " SKF(%u/%u)", m->skf.number, m->skf.total);
	put(out, len, &pos, " ]");
	return out;
}
