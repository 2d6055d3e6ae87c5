/*
 * The control-protocol codec (see ctl_proto.h): records of named, typed,
 * possibly nested fields, and the frames that carry them.  Pure code over
 * buffers: no sockets, no clock.  Decoding reads everything through
 * struct rd, checks each length against what is left before using it,
 * bounds the nesting depth and the field count, and rejects anything it
 * would not itself have encoded, so the encoding is canonical.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "common/buf.h"
#include "common/errbuf.h"
#include "common/ctl_proto.h"

struct ctl_rec {
	struct ctl_field	*v;
	size_t			 n, cap;
};

static int
name_ok(const char *p, size_t n)
{
	size_t	i;

	if (n == 0 || n > CTL_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= '0' && p[i] <= '9') || p[i] == '-'))
			return 0;
	return 1;
}

/* Described in header. */
struct ctl_rec *
ctl_rec_new(void)
{
	return calloc(1, sizeof(struct ctl_rec));
}

static void
field_clear(struct ctl_field *f)
{
	if (f->data) {
		OPENSSL_cleanse(f->data, f->len);
		free(f->data);
	}
	ctl_rec_free(f->rec);
}

void
ctl_rec_free(struct ctl_rec *r)
{
	size_t	i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		field_clear(&r->v[i]);
	free(r->v);
	free(r);
}

/* A new zeroed field at the end, or NULL. */
static struct ctl_field *
field_push(struct ctl_rec *r, const char *name, size_t namelen,
    enum ctl_ftype type)
{
	struct ctl_field	*v;
	size_t			 cap;

	if (!name_ok(name, namelen) || r->n >= CTL_MAX_FIELDS)
		return NULL;
	if (r->n == r->cap) {
		cap = r->cap ? r->cap * 2 : 8;
		if ((v = realloc(r->v, cap * sizeof(*v))) == NULL)
			return NULL;
		r->v = v;
		r->cap = cap;
	}
	v = &r->v[r->n];
	memset(v, 0, sizeof(*v));
	v->type = type;
	memcpy(v->name, name, namelen);
	v->name[namelen] = 0;
	return v;
}

/* Copies len bytes plus a NUL into f. */
static int
field_data(struct ctl_field *f, const void *p, size_t len)
{
	if ((f->data = malloc(len + 1)) == NULL)
		return -1;
	if (len)
		memcpy(f->data, p, len);
	f->data[len] = 0;
	f->len = len;
	return 0;
}

int
ctl_rec_add_str(struct ctl_rec *r, const char *name, const char *s)
{
	struct ctl_field	*f;

	if ((f = field_push(r, name, strlen(name), CTL_FT_STR)) == NULL ||
	    field_data(f, s, strlen(s)) == -1)
		return -1;
	r->n++;
	return 0;
}

int
ctl_rec_add_u32(struct ctl_rec *r, const char *name, uint32_t v)
{
	struct ctl_field	*f;

	if ((f = field_push(r, name, strlen(name), CTL_FT_U32)) == NULL)
		return -1;
	f->u32 = v;
	r->n++;
	return 0;
}

int
ctl_rec_add_u64(struct ctl_rec *r, const char *name, uint64_t v)
{
	struct ctl_field	*f;

	if ((f = field_push(r, name, strlen(name), CTL_FT_U64)) == NULL)
		return -1;
	f->u64 = v;
	r->n++;
	return 0;
}

int
ctl_rec_add_bytes(struct ctl_rec *r, const char *name, const void *p,
    size_t len)
{
	struct ctl_field	*f;

	if ((f = field_push(r, name, strlen(name), CTL_FT_BYTES)) == NULL ||
	    field_data(f, p, len) == -1)
		return -1;
	r->n++;
	return 0;
}

struct ctl_rec *
ctl_rec_add_rec(struct ctl_rec *r, const char *name)
{
	struct ctl_field	*f;

	if ((f = field_push(r, name, strlen(name), CTL_FT_REC)) == NULL ||
	    (f->rec = ctl_rec_new()) == NULL)
		return NULL;
	r->n++;
	return f->rec;
}

size_t
ctl_rec_count(const struct ctl_rec *r)
{
	return r->n;
}

const struct ctl_field *
ctl_rec_field(const struct ctl_rec *r, size_t i)
{
	return i < r->n ? &r->v[i] : NULL;
}

const struct ctl_field *
ctl_rec_find(const struct ctl_rec *r, const char *name, enum ctl_ftype type)
{
	size_t	i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].type == type && strcmp(r->v[i].name, name) == 0)
			return &r->v[i];
	return NULL;
}

const char *
ctl_rec_str(const struct ctl_rec *r, const char *name)
{
	const struct ctl_field	*f = ctl_rec_find(r, name, CTL_FT_STR);

	return f ? (const char *)f->data : NULL;
}

int
ctl_rec_u32(const struct ctl_rec *r, const char *name, uint32_t *v)
{
	const struct ctl_field	*f = ctl_rec_find(r, name, CTL_FT_U32);

	if (f == NULL)
		return -1;
	*v = f->u32;
	return 0;
}

int
ctl_rec_u64(const struct ctl_rec *r, const char *name, uint64_t *v)
{
	const struct ctl_field	*f = ctl_rec_find(r, name, CTL_FT_U64);

	if (f == NULL)
		return -1;
	*v = f->u64;
	return 0;
}

const struct ctl_rec *
ctl_rec_next(const struct ctl_rec *r, const char *name, size_t *iter)
{
	for (; *iter < r->n; (*iter)++) {
		if (r->v[*iter].type == CTL_FT_REC &&
		    strcmp(r->v[*iter].name, name) == 0)
			return r->v[(*iter)++].rec;
	}
	return NULL;
}

int
ctl_rec_equal(const struct ctl_rec *a, const struct ctl_rec *b)
{
	const struct ctl_field	*x, *y;
	size_t			 i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		x = &a->v[i];
		y = &b->v[i];
		if (x->type != y->type || strcmp(x->name, y->name) != 0)
			return 0;
		switch (x->type) {
		case CTL_FT_U32:
			if (x->u32 != y->u32)
				return 0;
			break;
		case CTL_FT_U64:
			if (x->u64 != y->u64)
				return 0;
			break;
		case CTL_FT_STR:
		case CTL_FT_BYTES:
			if (x->len != y->len ||
			    (x->len && memcmp(x->data, y->data, x->len) != 0))
				return 0;
			break;
		case CTL_FT_REC:
			if (!ctl_rec_equal(x->rec, y->rec))
				return 0;
			break;
		}
	}
	return 1;
}

static int
rec_encode(const struct ctl_rec *r, struct buf *b, size_t start, int depth)
{
	const struct ctl_field	*f;
	size_t			 i, at, nl;

	if (depth > CTL_MAX_DEPTH)
		return -1;
	for (i = 0; i < r->n; i++) {
		f = &r->v[i];
		nl = strlen(f->name);
		if (buf_add_u8(b, (uint8_t)f->type) == -1 ||
		    buf_add_u8(b, (uint8_t)nl) == -1 ||
		    buf_add(b, f->name, nl) == -1)
			return -1;
		switch (f->type) {
		case CTL_FT_U32:
			if (buf_add_u32(b, f->u32) == -1)
				return -1;
			break;
		case CTL_FT_U64:
			if (buf_add_u64(b, f->u64) == -1)
				return -1;
			break;
		case CTL_FT_STR:
		case CTL_FT_BYTES:
			if (f->len > CTL_MAX_PAYLOAD ||
			    buf_add_u32(b, (uint32_t)f->len) == -1 ||
			    buf_add(b, f->data, f->len) == -1)
				return -1;
			break;
		case CTL_FT_REC:
			at = b->len;
			if (buf_add_u32(b, 0) == -1 ||
			    rec_encode(f->rec, b, start, depth + 1) == -1)
				return -1;
			buf_put_u32_at(b, at, (uint32_t)(b->len - at - 4));
			break;
		default:
			return -1;
		}
		if (b->len - start > CTL_MAX_PAYLOAD)
			return -1;
	}
	return 0;
}

/* Described in header. */
int
ctl_rec_encode(const struct ctl_rec *r, struct buf *b)
{
	size_t	start = b->len;

	if (rec_encode(r, b, start, 1) == -1) {
		/* Leave the buffer as it was. */
		if (!b->oom)
			b->len = start;
		return -1;
	}
	return 0;
}

static struct ctl_rec *
rec_decode(struct rd *r, int depth, char *err, size_t errlen)
{
	struct ctl_rec		*rec;
	struct ctl_field	*f;
	struct rd		 sub;
	const uint8_t		*name, *p;
	uint8_t			 type, nl;
	uint32_t		 len;

	if (depth > CTL_MAX_DEPTH) {
		errbuf_set(err, errlen, "records nested deeper than %d",
		    CTL_MAX_DEPTH);
		return NULL;
	}
	if ((rec = ctl_rec_new()) == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return NULL;
	}
	while (rd_left(r) > 0) {
		if (rd_u8(r, &type) == -1 || rd_u8(r, &nl) == -1 ||
		    rd_take(r, &name, nl) == -1) {
			errbuf_set(err, errlen, "truncated field header");
			goto fail;
		}
		if (type < CTL_FT_STR || type > CTL_FT_REC) {
			errbuf_set(err, errlen, "unknown field type %u", type);
			goto fail;
		}
		if (rec->n >= CTL_MAX_FIELDS) {
			errbuf_set(err, errlen, "more than %d fields",
			    CTL_MAX_FIELDS);
			goto fail;
		}
		if ((f = field_push(rec, (const char *)name, nl,
		    (enum ctl_ftype)type)) == NULL) {
			errbuf_set(err, errlen, "bad field name");
			goto fail;
		}
		/* Counted now, so a failure below frees what it holds. */
		rec->n++;
		switch (type) {
		case CTL_FT_U32:
			if (rd_u32(r, &f->u32) == -1)
				goto truncated;
			break;
		case CTL_FT_U64:
			if (rd_u64(r, &f->u64) == -1)
				goto truncated;
			break;
		default:
			if (rd_u32(r, &len) == -1 || rd_take(r, &p, len) == -1)
				goto truncated;
			if (type == CTL_FT_REC) {
				rd_init(&sub, p, len);
				if ((f->rec = rec_decode(&sub, depth + 1, err,
				    errlen)) == NULL)
					goto fail;
				break;
			}
			if (type == CTL_FT_STR && len &&
			    memchr(p, 0, len) != NULL) {
				errbuf_set(err, errlen, "NUL byte in string %s",
				    f->name);
				goto fail;
			}
			if (field_data(f, p, len) == -1) {
				errbuf_set(err, errlen, "out of memory");
				goto fail;
			}
		}
	}
	return rec;
truncated:
	errbuf_set(err, errlen, "truncated value of field %s",
	    rec->v[rec->n - 1].name);
fail:
	ctl_rec_free(rec);
	return NULL;
}

/* Described in header. */
struct ctl_rec *
ctl_rec_decode(const uint8_t *p, size_t len, char *err, size_t errlen)
{
	struct rd	r;

	if (len > CTL_MAX_PAYLOAD) {
		errbuf_set(err, errlen, "record of %zu bytes is over the limit",
		    len);
		return NULL;
	}
	rd_init(&r, p, len);
	return rec_decode(&r, 1, err, errlen);
}

/* Described in header. */
int
ctl_frame_encode(struct buf *b, uint16_t type, uint32_t seq,
    const struct ctl_rec *payload)
{
	size_t	start = b->len;

	if (buf_add_u32(b, 0) == -1 || buf_add_u16(b, type) == -1 ||
	    buf_add_u16(b, 0) == -1 || buf_add_u32(b, seq) == -1)
		goto fail;
	if (payload && ctl_rec_encode(payload, b) == -1)
		goto fail;
	buf_put_u32_at(b, start, (uint32_t)(b->len - start - CTL_HDR_LEN));
	return 0;
fail:
	if (!b->oom)
		b->len = start;
	return -1;
}

int
ctl_frame_encode_end(struct buf *b, uint32_t seq, uint32_t status,
    const char *message)
{
	struct ctl_rec	*r;
	int		 rc = -1;

	if ((r = ctl_rec_new()) == NULL)
		return -1;
	if (ctl_rec_add_u32(r, CTL_K_STATUS, status) == 0 &&
	    ctl_rec_add_str(r, CTL_K_MESSAGE, message ? message : "") == 0)
		rc = ctl_frame_encode(b, CTL_END, seq, r);
	ctl_rec_free(r);
	return rc;
}

int
ctl_frame_split(const uint8_t *p, size_t len, struct ctl_hdr *h,
    size_t *framelenp)
{
	struct rd	r;

	if (len < CTL_HDR_LEN)
		return 0;
	rd_init(&r, p, len);
	rd_u32(&r, &h->len);
	rd_u16(&r, &h->type);
	rd_u16(&r, &h->flags);
	rd_u32(&r, &h->seq);
	if (h->len > CTL_MAX_PAYLOAD || h->flags != 0)
		return -1;
	if (len - CTL_HDR_LEN < h->len)
		return 0;
	*framelenp = CTL_HDR_LEN + (size_t)h->len;
	return 1;
}

int
ctl_frame_decode(const uint8_t *p, size_t len, struct ctl_hdr *h,
    struct ctl_rec **recp, char *err, size_t errlen)
{
	size_t	flen;
	int	rc;

	*recp = NULL;
	rc = ctl_frame_split(p, len, h, &flen);
	if (rc == -1) {
		errbuf_set(err, errlen, "bad frame header (length %u, flags "
		    "%#x)", h->len, h->flags);
		return -1;
	}
	if (rc == 0 || flen != len) {
		errbuf_set(err, errlen, "frame length does not match its "
		    "header");
		return -1;
	}
	if ((*recp = ctl_rec_decode(p + CTL_HDR_LEN, h->len, err,
	    errlen)) == NULL)
		return -1;
	return 0;
}

const char *
ctl_type_name(uint16_t type)
{
	switch (type) {
	case CTL_HELLO:			return "CTL_HELLO";
	case CTL_COMMIT_NOTIFY:		return "CTL_COMMIT_NOTIFY";
	case CTL_SHOW_IKEV2_SESSION:	return "CTL_SHOW_IKEV2_SESSION";
	case CTL_SHOW_IKEV2_SA:		return "CTL_SHOW_IKEV2_SA";
	case CTL_SHOW_IKEV2_SUMMARY:	return "CTL_SHOW_IKEV2_SUMMARY";
	case CTL_SHOW_IKEV2_STATISTICS:	return "CTL_SHOW_IKEV2_STATISTICS";
	case CTL_SHOW_IPSEC_SA:		return "CTL_SHOW_IPSEC_SA";
	case CTL_SHOW_IPSEC_DATAPLANE:	return "CTL_SHOW_IPSEC_DATAPLANE";
	case CTL_SHOW_CRYPTO_CA:	return "CTL_SHOW_CRYPTO_CA";
	case CTL_CLEAR_IKEV2_SA:	return "CTL_CLEAR_IKEV2_SA";
	case CTL_CLEAR_IPSEC_SA:	return "CTL_CLEAR_IPSEC_SA";
	case CTL_RECORD:		return "CTL_RECORD";
	case CTL_END:			return "CTL_END";
	default:			return "unknown";
	}
}

const char *
ctl_status_name(uint32_t status)
{
	switch (status) {
	case CTL_ST_OK:			return "ok";
	case CTL_ST_UNKNOWN:		return "unknown request";
	case CTL_ST_BAD_REQUEST:	return "bad request";
	case CTL_ST_VERSION:		return "protocol version not supported";
	case CTL_ST_NOT_FOUND:		return "not found";
	case CTL_ST_APPLY:		return "could not apply";
	case CTL_ST_BUSY:		return "busy";
	case CTL_ST_INTERNAL:		return "internal error";
	default:			return "unknown status";
	}
}
