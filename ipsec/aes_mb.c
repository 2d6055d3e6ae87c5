/*
 * Multi-buffer AES-CBC encryption with AES-NI (see aes_mb.h).  Only the
 * functions marked AESNI execute AES instructions, and only after
 * aes_mb_available() said yes; the rest of the file is plain C.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "ipsec/aes_mb.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_AESNI_CODE	1
#include <immintrin.h>
#define AESNI	__attribute__((target("aes,sse2")))
#endif

#define MAX_BLOCKS	(SIZE_MAX / AES_MB_BLOCK)

/* Described in header. */
int
aes_mb_available(void)
{
#ifdef HAVE_AESNI_CODE
	static int	known = -1;

	if (known == -1) {
		__builtin_cpu_init();
		known = __builtin_cpu_supports("aes") ? 1 : 0;
	}
	return known;
#else
	return 0;
#endif
}

/* Described in header. */
void
aes_mb_clear(struct aes_mb_key *k)
{
	explicit_bzero(k, sizeof(*k));
}

#ifdef HAVE_AESNI_CODE

/* FIPS 197 SubWord: the S-box on each octet of w (in memory order). */
static AESNI uint32_t
sub_word(uint32_t w)
{
	__m128i	x = _mm_set_epi32(0, 0, (int)w, 0);

	/* AESKEYGENASSIST puts SubWord of the second dword in the first. */
	x = _mm_aeskeygenassist_si128(x, 0);
	return (uint32_t)_mm_cvtsi128_si32(x);
}

/* Described in header. */
int
aes_mb_set_key(struct aes_mb_key *k, const uint8_t *key, size_t len)
{
	static const uint8_t rcon[] = { 0x01, 0x02, 0x04, 0x08, 0x10, 0x20,
	    0x40, 0x80, 0x1b, 0x36 };
	uint32_t	w[60], t;
	size_t		nk = len / 4, i, total;

	if (!aes_mb_available() || (len != 16 && len != 24 && len != 32))
		return -1;
	k->rounds = (unsigned)nk + 6;
	total = 4 * (k->rounds + 1);
	/* Words are kept in memory order (the octet that comes first in
	 * the key is the low octet on this little-endian CPU). */
	memcpy(w, key, len);
	for (i = nk; i < total; i++) {
		t = w[i - 1];
		if (i % nk == 0)
			t = sub_word(t >> 8 | t << 24) ^ rcon[i / nk - 1];
		else if (nk > 6 && i % nk == 4)
			t = sub_word(t);
		w[i] = w[i - nk] ^ t;
	}
	memcpy(k->rk, w, total * 4);
	explicit_bzero(w, sizeof(w));
	return 0;
}

static AESNI __m128i
encrypt1(const struct aes_mb_key *k, __m128i s)
{
	unsigned	r;

	s = _mm_xor_si128(s, _mm_load_si128((const __m128i *)k->rk[0]));
	for (r = 1; r < k->rounds; r++)
		s = _mm_aesenc_si128(s, _mm_load_si128(
		    (const __m128i *)k->rk[r]));
	return _mm_aesenclast_si128(s, _mm_load_si128(
	    (const __m128i *)k->rk[k->rounds]));
}

/* Described in header. */
void AESNI
aes_mb_encrypt_block(const struct aes_mb_key *k,
    const uint8_t in[AES_MB_BLOCK], uint8_t out[AES_MB_BLOCK])
{
	_mm_storeu_si128((__m128i *)out, encrypt1(k,
	    _mm_loadu_si128((const __m128i *)in)));
}

/* One lane: where its next block is, how many are left, how far the
 * pointer moves per block (0 for a lane that only idles), its chain. */
struct lane {
	uint8_t		*p;
	size_t		 left;
	size_t		 step;
	_Alignas(16) uint8_t chain[AES_MB_BLOCK];
};

#define LANES(X)	X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)

/*
 * m blocks of CBC in each of the eight lanes, in step: per round, one
 * AESENC of each lane under the same round key, so eight independent
 * chains fill the unit's pipeline.
 */
static AESNI void
cbc8(const struct aes_mb_key *k, struct lane *ln, size_t m)
{
	const __m128i	*rk = (const __m128i *)k->rk;
	__m128i		 key;
	size_t		 b;
	unsigned	 r;
#define DECL(i)	__m128i s##i = _mm_load_si128((const __m128i *)ln[i].chain); \
	uint8_t *p##i = ln[i].p; const size_t d##i = ln[i].step;
	LANES(DECL)
#undef DECL

	for (b = 0; b < m; b++) {
		key = _mm_load_si128(rk);
#define LOAD(i)	s##i = _mm_xor_si128(_mm_xor_si128(s##i, key), \
	    _mm_loadu_si128((const __m128i *)p##i));
		LANES(LOAD)
#undef LOAD
		for (r = 1; r < k->rounds; r++) {
			key = _mm_load_si128(rk + r);
#define ROUND(i) s##i = _mm_aesenc_si128(s##i, key);
			LANES(ROUND)
#undef ROUND
		}
		key = _mm_load_si128(rk + k->rounds);
#define LAST(i)	s##i = _mm_aesenclast_si128(s##i, key); \
	_mm_storeu_si128((__m128i *)p##i, s##i); p##i += d##i;
		LANES(LAST)
#undef LAST
	}
#define SAVE(i)	_mm_store_si128((__m128i *)ln[i].chain, s##i); ln[i].p = p##i;
	LANES(SAVE)
#undef SAVE
}

/* Gives lane l the next job with work in it, or makes it idle on its
 * scratch block.  1 when it got a job. */
static int
lane_fill(struct lane *l, uint8_t *scratch, struct aes_mb_job *j, size_t n,
    size_t *next, int *rc)
{
	while (*next < n) {
		struct aes_mb_job *x = &j[(*next)++];

		if (x->len % AES_MB_BLOCK != 0) {
			*rc = -1;
			continue;
		}
		if (x->len == 0)
			continue;
		l->p = x->buf;
		l->left = x->len / AES_MB_BLOCK;
		l->step = AES_MB_BLOCK;
		memcpy(l->chain, x->iv, AES_MB_BLOCK);
		return 1;
	}
	l->p = scratch;
	l->left = MAX_BLOCKS;
	l->step = 0;
	memset(l->chain, 0, AES_MB_BLOCK);
	return 0;
}

/* Described in header. */
int
aes_mb_cbc_encrypt(const struct aes_mb_key *k, struct aes_mb_job *j,
    size_t n)
{
	struct lane	ln[AES_MB_LANES];
	_Alignas(16) uint8_t scratch[AES_MB_LANES][AES_MB_BLOCK];
	size_t		next = 0, m;
	int		rc = 0, busy = 0, l;

	for (l = 0; l < AES_MB_LANES; l++)
		busy += lane_fill(&ln[l], scratch[l], j, n, &next, &rc);
	while (busy > 0) {
		/* As far as the lane that ends first. */
		m = MAX_BLOCKS;
		for (l = 0; l < AES_MB_LANES; l++)
			if (ln[l].step != 0 && ln[l].left < m)
				m = ln[l].left;
		cbc8(k, ln, m);
		for (l = 0; l < AES_MB_LANES; l++) {
			if (ln[l].step == 0)
				continue;
			ln[l].left -= m;
			if (ln[l].left == 0 &&
			    !lane_fill(&ln[l], scratch[l], j, n, &next, &rc))
				busy--;
		}
	}
	explicit_bzero(ln, sizeof(ln));
	explicit_bzero(scratch, sizeof(scratch));
	return rc;
}

#else /* no AES-NI code */

int
aes_mb_set_key(struct aes_mb_key *k, const uint8_t *key, size_t len)
{
	(void)k;
	(void)key;
	(void)len;
	return -1;
}

void
aes_mb_encrypt_block(const struct aes_mb_key *k,
    const uint8_t in[AES_MB_BLOCK], uint8_t out[AES_MB_BLOCK])
{
	(void)k;
	memcpy(out, in, AES_MB_BLOCK);
}

int
aes_mb_cbc_encrypt(const struct aes_mb_key *k, struct aes_mb_job *j,
    size_t n)
{
	(void)k;
	(void)j;
	(void)n;
	return -1;
}

#endif
