/*
 * Byte buffers shared by every module: a growable output buffer (struct buf)
 * and a bounds-checked reader (struct rd) for untrusted input.  Every read
 * through struct rd checks the remaining length first, so a parser built on
 * it cannot run past the end of its input.
 */
#ifndef COMMON_BUF_H
#define COMMON_BUF_H

#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer.  Zero-initialised is a valid empty buffer. */
struct buf {
	uint8_t	*data;
	size_t	 len;
	size_t	 cap;
	int	 oom;		/* set once an allocation failed; sticky */
};

/* Ensures room for n more bytes.  Returns 0, or -1 (and sets oom). */
int	buf_reserve(struct buf *b, size_t n);
/* Appends bytes; returns 0 or -1 on allocation failure. */
int	buf_add(struct buf *b, const void *p, size_t n);
int	buf_add_u8(struct buf *b, uint8_t v);
int	buf_add_u16(struct buf *b, uint16_t v);	/* network order */
int	buf_add_u32(struct buf *b, uint32_t v);	/* network order */
int	buf_add_u64(struct buf *b, uint64_t v);	/* network order */
int	buf_add_zero(struct buf *b, size_t n);
/* Appends printf-formatted text (no NUL is counted in len, one is kept). */
int	buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Overwrites a big-endian u16/u32 at an offset already written. */
void	buf_put_u16_at(struct buf *b, size_t off, uint16_t v);
void	buf_put_u32_at(struct buf *b, size_t off, uint32_t v);
/* Empties the buffer but keeps its memory (contents are wiped). */
void	buf_reset(struct buf *b);
/* Wipes and frees the memory; the buffer is empty and reusable after. */
void	buf_free(struct buf *b);
/* Hands the bytes to the caller (caller frees); the buffer becomes empty. */
uint8_t	*buf_steal(struct buf *b, size_t *lenp);

/* Copies n bytes into fresh memory (caller frees with mem_free_secret or
 * free).  Returns NULL on allocation failure or when n is 0 and p NULL. */
uint8_t	*mem_dup(const void *p, size_t n);
/* Wipes n bytes and frees p; NULL is a no-op. */
void	 mem_free_secret(void *p, size_t n);

/* A bounds-checked reader over borrowed bytes. */
struct rd {
	const uint8_t	*p;
	size_t		 len;
	size_t		 off;
};

static inline void
rd_init(struct rd *r, const void *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->off = 0;
}

static inline size_t
rd_left(const struct rd *r)
{
	return r->len - r->off;
}

/* Each returns 0, or -1 without moving when too few bytes are left. */
int	rd_u8(struct rd *r, uint8_t *v);
int	rd_u16(struct rd *r, uint16_t *v);
int	rd_u32(struct rd *r, uint32_t *v);
int	rd_u64(struct rd *r, uint64_t *v);
int	rd_copy(struct rd *r, void *dst, size_t n);
/* Points *pp at the next n bytes (borrowed) and skips them. */
int	rd_take(struct rd *r, const uint8_t **pp, size_t n);
int	rd_skip(struct rd *r, size_t n);
/* Splits off the next n bytes as a reader of their own. */
int	rd_sub(struct rd *r, struct rd *sub, size_t n);

/* Hex helpers: hex_decode returns the byte count or -1 on a bad string. */
long	hex_decode(const char *hex, uint8_t *out, size_t outlen);
/* Writes 2*n lowercase hex digits and a NUL into out (size >= 2n+1). */
void	hex_encode(const uint8_t *p, size_t n, char *out);

#endif
