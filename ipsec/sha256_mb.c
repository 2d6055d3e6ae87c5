/*
 * Multi-buffer SHA-256 (see sha256_mb.h).  The plain C compression serves
 * key blocks, tests and CPUs without AVX-512; the AVX-512 one runs sixteen
 * messages, one per 32-bit lane.  Only functions marked AVX512 execute
 * AVX-512 instructions, and only after sha256_mb_available() said yes.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "ipsec/sha256_mb.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_AVX512_CODE	1
#include <immintrin.h>
#define AVX512	__attribute__((target("avx512f,avx512bw")))
#endif

/* FIPS 180-4 section 4.2.2. */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b,
	0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
	0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7,
	0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152,
	0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
	0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
	0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
	0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* Described in header. */
int
sha256_mb_available(void)
{
#ifdef HAVE_AVX512_CODE
	static int	known = -1;

	if (known == -1) {
		__builtin_cpu_init();
		known = __builtin_cpu_supports("avx512f") &&
		    __builtin_cpu_supports("avx512bw") ? 1 : 0;
	}
	return known;
#else
	return 0;
#endif
}

/* Described in header. */
void
sha256_mb_init(uint32_t h[8])
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372,
	    0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

	memcpy(h, iv, sizeof(iv));
}

static inline uint32_t
ror(uint32_t x, unsigned n)
{
	return x >> n | x << (32 - n);
}

static inline uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Described in header (FIPS 180-4 section 6.2.2). */
void
sha256_mb_block(uint32_t h[8], const uint8_t block[SHA256_MB_BLOCK])
{
	uint32_t	w[64], a, b, c, d, e, f, g, hh, t1, t2;
	unsigned	t;

	for (t = 0; t < 16; t++)
		w[t] = be32(block + 4 * t);
	for (t = 16; t < 64; t++)
		w[t] = (ror(w[t - 2], 17) ^ ror(w[t - 2], 19) ^
		    (w[t - 2] >> 10)) + w[t - 7] + (ror(w[t - 15], 7) ^
		    ror(w[t - 15], 18) ^ (w[t - 15] >> 3)) + w[t - 16];
	a = h[0], b = h[1], c = h[2], d = h[3];
	e = h[4], f = h[5], g = h[6], hh = h[7];
	for (t = 0; t < 64; t++) {
		t1 = hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) +
		    ((e & f) ^ (~e & g)) + K[t] + w[t];
		t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) +
		    ((a & b) ^ (a & c) ^ (b & c));
		hh = g, g = f, f = e, e = d + t1;
		d = c, c = b, b = a, a = t1 + t2;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d;
	h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

/* Described in header. */
void
sha256_mb_digest(const uint32_t h[8], uint8_t out[SHA256_MB_DIGEST])
{
	unsigned	i;

	for (i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(h[i] >> 8);
		out[4 * i + 3] = (uint8_t)h[i];
	}
}

/*
 * The padded end of a message (section 5.1.1): the octets after its last
 * whole block, 0x80, zeros, and the length in bits; 1 or 2 blocks.
 */
static size_t
tail_make(const struct sha256_mb_job *j, uint8_t tail[2 * SHA256_MB_BLOCK])
{
	size_t		rest = j->len % SHA256_MB_BLOCK, n, i;
	uint64_t	bits = (j->before + j->len) * 8;

	n = rest + 9 <= SHA256_MB_BLOCK ? 1 : 2;
	memset(tail, 0, n * SHA256_MB_BLOCK);
	memcpy(tail, j->data + j->len - rest, rest);
	tail[rest] = 0x80;
	for (i = 0; i < 8; i++)
		tail[n * SHA256_MB_BLOCK - 1 - i] = (uint8_t)(bits >> (8 * i));
	return n;
}

/* One message in plain C. */
static void
final_one(struct sha256_mb_job *j)
{
	uint8_t	tail[2 * SHA256_MB_BLOCK];
	size_t	full = j->len / SHA256_MB_BLOCK, n, k;

	for (k = 0; k < full; k++)
		sha256_mb_block(j->h, j->data + k * SHA256_MB_BLOCK);
	n = tail_make(j, tail);
	for (k = 0; k < n; k++)
		sha256_mb_block(j->h, tail + k * SHA256_MB_BLOCK);
}

#ifdef HAVE_AVX512_CODE

/* One lane: its job, its padded end, where its next block is and how
 * many follow there in a row. */
struct lane {
	struct sha256_mb_job	*job;
	const uint8_t		*p;
	size_t			 run;		/* blocks left at p */
	size_t			 ntail;		/* tail blocks not started */
	uint8_t			 tail[2 * SHA256_MB_BLOCK];
};

#define LANES16(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) \
	X(10) X(11) X(12) X(13) X(14) X(15)

/*
 * A 16 x 16 transpose of 32-bit words: r[l] holds block l's words, and
 * afterwards r[t] holds word t of every block.  At each scale d (8, 4, 2,
 * 1) the two off-diagonal d x d squares of every 2d x 2d square swap.
 */
static AVX512 void
transpose16(__m512i r[16])
{
	unsigned	d, i, c;
	__m512i		lo, hi, x, y;
	uint32_t	il[16], ih[16];

	for (d = 8; d >= 1; d /= 2) {
		for (c = 0; c < 16; c++) {
			il[c] = (c & d) == 0 ? c : 16 + c - d;
			ih[c] = (c & d) == 0 ? c + d : 16 + c;
		}
		lo = _mm512_loadu_si512(il);
		hi = _mm512_loadu_si512(ih);
		for (i = 0; i < 16; i++) {
			if (i & d)
				continue;
			x = _mm512_permutex2var_epi32(r[i], lo, r[i + d]);
			y = _mm512_permutex2var_epi32(r[i], hi, r[i + d]);
			r[i] = x;
			r[i + d] = y;
		}
	}
}

#define ROR(x, n)	_mm512_ror_epi32((x), (n))
#define XOR3(x, y, z)	_mm512_ternarylogic_epi32((x), (y), (z), 0x96)
#define CH(e, f, g)	_mm512_ternarylogic_epi32((e), (f), (g), 0xca)
#define MAJ(a, b, c)	_mm512_ternarylogic_epi32((a), (b), (c), 0xe8)

/*
 * m compressions in each lane of mask; s[8] are the sixteen lanes' states
 * word by word.  Lane l reads its blocks at p[l], p[l] + 64, ...
 */
static AVX512 void
compress16(__m512i s[8], const uint8_t *p[16], __mmask16 mask, size_t m)
{
	const __m512i	 swap = _mm512_set_epi8(
	    12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3,
	    12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3,
	    12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3,
	    12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
	__m512i		 w[16], a, b, c, d, e, f, g, h, t1, t2;
	size_t		 k;
	unsigned	 t, l;

	for (k = 0; k < m; k++) {
		for (l = 0; l < 16; l++)
			w[l] = _mm512_loadu_si512(p[l] + k * SHA256_MB_BLOCK);
		transpose16(w);
		for (t = 0; t < 16; t++)
			w[t] = _mm512_shuffle_epi8(w[t], swap);
		a = s[0], b = s[1], c = s[2], d = s[3];
		e = s[4], f = s[5], g = s[6], h = s[7];
		for (t = 0; t < 64; t++) {
			if (t >= 16) {
				__m512i w2 = w[(t - 2) & 15];
				__m512i w15 = w[(t - 15) & 15];

				w[t & 15] = _mm512_add_epi32(
				    _mm512_add_epi32(w[t & 15],
				    w[(t - 7) & 15]), _mm512_add_epi32(
				    XOR3(ROR(w2, 17), ROR(w2, 19),
				    _mm512_srli_epi32(w2, 10)),
				    XOR3(ROR(w15, 7), ROR(w15, 18),
				    _mm512_srli_epi32(w15, 3))));
			}
			t1 = _mm512_add_epi32(_mm512_add_epi32(h,
			    XOR3(ROR(e, 6), ROR(e, 11), ROR(e, 25))),
			    _mm512_add_epi32(_mm512_add_epi32(CH(e, f, g),
			    _mm512_set1_epi32((int)K[t])), w[t & 15]));
			t2 = _mm512_add_epi32(XOR3(ROR(a, 2), ROR(a, 13),
			    ROR(a, 22)), MAJ(a, b, c));
			h = g, g = f, f = e;
			e = _mm512_add_epi32(d, t1);
			d = c, c = b, b = a;
			a = _mm512_add_epi32(t1, t2);
		}
		/* Lanes outside mask keep their state. */
		s[0] = _mm512_mask_add_epi32(s[0], mask, s[0], a);
		s[1] = _mm512_mask_add_epi32(s[1], mask, s[1], b);
		s[2] = _mm512_mask_add_epi32(s[2], mask, s[2], c);
		s[3] = _mm512_mask_add_epi32(s[3], mask, s[3], d);
		s[4] = _mm512_mask_add_epi32(s[4], mask, s[4], e);
		s[5] = _mm512_mask_add_epi32(s[5], mask, s[5], f);
		s[6] = _mm512_mask_add_epi32(s[6], mask, s[6], g);
		s[7] = _mm512_mask_add_epi32(s[7], mask, s[7], h);
	}
}

/* Moves lane l to its next run of blocks (the tail after the data), or
 * to the next job; 0 when it has nothing left to do. */
static int
lane_next(struct lane *ln, struct sha256_mb_job *j, size_t n, size_t *next)
{
	size_t	full;

	if (ln->job != NULL && ln->ntail > 0) {
		ln->p = ln->tail;
		ln->run = ln->ntail;
		ln->ntail = 0;
		return 1;
	}
	if (*next >= n) {
		ln->job = NULL;
		return 0;
	}
	ln->job = &j[(*next)++];
	ln->ntail = tail_make(ln->job, ln->tail);
	full = ln->job->len / SHA256_MB_BLOCK;
	if (full > 0) {
		ln->p = ln->job->data;
		ln->run = full;
	} else {
		ln->p = ln->tail;
		ln->run = ln->ntail;
		ln->ntail = 0;
	}
	return 1;
}

static AVX512 void
final_avx512(struct sha256_mb_job *j, size_t n)
{
	static const uint8_t	 idle[SHA256_MB_BLOCK];
	struct lane		 ln[SHA256_MB_LANES];
	_Alignas(64) uint32_t	 st[8][SHA256_MB_LANES];
	const uint8_t		*p[SHA256_MB_LANES];
	__m512i			 s[8];
	__mmask16		 mask;
	size_t			 next = 0, m;
	unsigned		 l, i;
	int			 busy = 0;

	memset(ln, 0, sizeof(ln));
	memset(st, 0, sizeof(st));
	for (l = 0; l < SHA256_MB_LANES; l++)
		if (lane_next(&ln[l], j, n, &next)) {
			busy++;
			for (i = 0; i < 8; i++)
				st[i][l] = ln[l].job->h[i];
		}
	while (busy > 0) {
		m = SIZE_MAX;
		mask = 0;
		for (l = 0; l < SHA256_MB_LANES; l++) {
			if (ln[l].job == NULL) {
				/* It reads its one block: one step at a
				 * time, or it would walk off it. */
				p[l] = idle;
				m = 1;
				continue;
			}
			p[l] = ln[l].p;
			mask |= (__mmask16)(1u << l);
			if (ln[l].run < m)
				m = ln[l].run;
		}
		for (i = 0; i < 8; i++)
			s[i] = _mm512_load_si512(st[i]);
		compress16(s, p, mask, m);
		for (i = 0; i < 8; i++)
			_mm512_store_si512(st[i], s[i]);
		for (l = 0; l < SHA256_MB_LANES; l++) {
			if (ln[l].job == NULL)
				continue;
			ln[l].p += m * SHA256_MB_BLOCK;
			ln[l].run -= m;
			if (ln[l].run > 0)
				continue;
			if (ln[l].ntail > 0) {
				(void)lane_next(&ln[l], j, n, &next);
				continue;
			}
			for (i = 0; i < 8; i++)
				ln[l].job->h[i] = st[i][l];
			if (lane_next(&ln[l], j, n, &next)) {
				for (i = 0; i < 8; i++)
					st[i][l] = ln[l].job->h[i];
			} else
				busy--;
		}
	}
	explicit_bzero(ln, sizeof(ln));
	explicit_bzero(st, sizeof(st));
}

#endif /* HAVE_AVX512_CODE */

/* Described in header. */
void
sha256_mb_final(struct sha256_mb_job *j, size_t n)
{
	size_t	k;

#ifdef HAVE_AVX512_CODE
	if (n > 1 && sha256_mb_available()) {
		final_avx512(j, n);
		return;
	}
#endif
	for (k = 0; k < n; k++)
		final_one(&j[k]);
}
