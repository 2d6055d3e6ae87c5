/*
 * Growable buffers and bounds-checked readers (see buf.h).  Memory that held
 * bytes is wiped before it is released, because the same buffers carry keys,
 * nonces and pre-shared secrets.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "common/buf.h"

/* Described in header. */
int
buf_reserve(struct buf *b, size_t n)
{
	size_t	 cap;
	uint8_t	*p;

	if (b->oom)
		return -1;
	if (n <= b->cap - b->len)
		return 0;
	if (n > SIZE_MAX / 2 - b->len)
		goto fail;
	cap = b->cap ? b->cap : 64;
	while (cap - b->len < n)
		cap *= 2;
	/* Grow by copying so the old bytes can be wiped, never realloc. */
	if ((p = malloc(cap)) == NULL)
		goto fail;
	if (b->len)
		memcpy(p, b->data, b->len);
	if (b->data) {
		OPENSSL_cleanse(b->data, b->cap);
		free(b->data);
	}
	b->data = p;
	b->cap = cap;
	return 0;
fail:
	b->oom = 1;
	return -1;
}

/* Described in header. */
int
buf_add(struct buf *b, const void *p, size_t n)
{
	if (buf_reserve(b, n + 1) == -1)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = 0;	/* keeps text NUL-terminated for free */
	return 0;
}

int
buf_add_u8(struct buf *b, uint8_t v)
{
	return buf_add(b, &v, 1);
}

int
buf_add_u16(struct buf *b, uint16_t v)
{
	uint8_t	x[2] = { v >> 8, v };

	return buf_add(b, x, sizeof(x));
}

int
buf_add_u32(struct buf *b, uint32_t v)
{
	uint8_t	x[4] = { v >> 24, v >> 16, v >> 8, v };

	return buf_add(b, x, sizeof(x));
}

int
buf_add_u64(struct buf *b, uint64_t v)
{
	if (buf_add_u32(b, v >> 32) == -1)
		return -1;
	return buf_add_u32(b, (uint32_t)v);
}

int
buf_add_zero(struct buf *b, size_t n)
{
	if (buf_reserve(b, n + 1) == -1)
		return -1;
	memset(b->data + b->len, 0, n + 1);
	b->len += n;
	return 0;
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_reserve(b, (size_t)n + 1) == -1)
		return -1;
	va_start(ap, fmt);
	vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void
buf_put_u16_at(struct buf *b, size_t off, uint16_t v)
{
	if (off + 2 <= b->len) {
		b->data[off] = v >> 8;
		b->data[off + 1] = v;
	}
}

void
buf_put_u32_at(struct buf *b, size_t off, uint32_t v)
{
	if (off + 4 <= b->len) {
		b->data[off] = v >> 24;
		b->data[off + 1] = v >> 16;
		b->data[off + 2] = v >> 8;
		b->data[off + 3] = v;
	}
}

void
buf_reset(struct buf *b)
{
	if (b->data)
		OPENSSL_cleanse(b->data, b->cap);
	b->len = 0;
	b->oom = 0;
}

void
buf_free(struct buf *b)
{
	if (b->data) {
		OPENSSL_cleanse(b->data, b->cap);
		free(b->data);
	}
	memset(b, 0, sizeof(*b));
}

uint8_t *
buf_steal(struct buf *b, size_t *lenp)
{
	uint8_t	*p = b->data;

	if (lenp)
		*lenp = b->len;
	memset(b, 0, sizeof(*b));
	return p;
}

uint8_t *
mem_dup(const void *p, size_t n)
{
	uint8_t	*q;

	if ((q = malloc(n ? n : 1)) == NULL)
		return NULL;
	if (n)
		memcpy(q, p, n);
	return q;
}

void
mem_free_secret(void *p, size_t n)
{
	if (p == NULL)
		return;
	OPENSSL_cleanse(p, n);
	free(p);
}

int
rd_u8(struct rd *r, uint8_t *v)
{
	if (rd_left(r) < 1)
		return -1;
	*v = r->p[r->off++];
	return 0;
}

int
rd_u16(struct rd *r, uint16_t *v)
{
	if (rd_left(r) < 2)
		return -1;
	*v = (uint16_t)(r->p[r->off] << 8 | r->p[r->off + 1]);
	r->off += 2;
	return 0;
}

int
rd_u32(struct rd *r, uint32_t *v)
{
	const uint8_t	*p;

	if (rd_left(r) < 4)
		return -1;
	p = r->p + r->off;
	*v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
	r->off += 4;
	return 0;
}

int
rd_u64(struct rd *r, uint64_t *v)
{
	uint32_t	hi, lo;

	if (rd_left(r) < 8)
		return -1;
	rd_u32(r, &hi);
	rd_u32(r, &lo);
	*v = (uint64_t)hi << 32 | lo;
	return 0;
}

int
rd_copy(struct rd *r, void *dst, size_t n)
{
	if (rd_left(r) < n)
		return -1;
	if (n)
		memcpy(dst, r->p + r->off, n);
	r->off += n;
	return 0;
}

int
rd_take(struct rd *r, const uint8_t **pp, size_t n)
{
	if (rd_left(r) < n)
		return -1;
	*pp = r->p + r->off;
	r->off += n;
	return 0;
}

int
rd_skip(struct rd *r, size_t n)
{
	if (rd_left(r) < n)
		return -1;
	r->off += n;
	return 0;
}

int
rd_sub(struct rd *r, struct rd *sub, size_t n)
{
	const uint8_t	*p;

	if (rd_take(r, &p, n) == -1)
		return -1;
	rd_init(sub, p, n);
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long
hex_decode(const char *hex, uint8_t *out, size_t outlen)
{
	size_t	n = strlen(hex), i;
	int	hi, lo;

	if (n % 2 || n / 2 > outlen)
		return -1;
	for (i = 0; i < n / 2; i++) {
		hi = hexval((unsigned char)hex[2 * i]);
		lo = hexval((unsigned char)hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return (long)(n / 2);
}

void
hex_encode(const uint8_t *p, size_t n, char *out)
{
	static const char	digits[] = "0123456789abcdef";
	size_t			i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = 0;
}
