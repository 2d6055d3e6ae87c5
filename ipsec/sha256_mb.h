/*
 * SHA-256 (FIPS 180-4) of up to sixteen messages at once (AVX-512), for
 * the HMACs of a burst of ESP packets.
 *
 * Why: HMAC-SHA-256 over a 1,432-octet ESP packet is 24 compressions.
 * With the SHA extensions one compression is a chain of dependent
 * instructions; with AVX-512 each 32-bit lane of a 512-bit register runs
 * the compression of another packet, and AVX-512's rotate and three-input
 * logic instructions make each round a handful of instructions for all
 * sixteen.  Lanes that run out of blocks are masked off.
 *
 * Every message starts from a given state (HMAC's inner or outer state
 * after its key block) with a count of the octets hashed before it, and
 * ends with SHA-256's padding.  Without AVX-512 (sha256_mb_available()
 * says), sha256_mb_final() still works, one message at a time in plain C.
 */
#ifndef IPSEC_SHA256_MB_H
#define IPSEC_SHA256_MB_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_MB_LANES		16
#define SHA256_MB_BLOCK		64
#define SHA256_MB_DIGEST	32

struct sha256_mb_job {
	uint32_t	 h[8];		/* in: the state; out: the final one */
	const uint8_t	*data;		/* the rest of the message */
	size_t		 len;
	uint64_t	 before;	/* octets hashed into h already (a
					 * multiple of 64) */
};

/* 1 when this CPU (and this build) has AVX-512 F and BW. */
int	sha256_mb_available(void);

/* The initial state (FIPS 180-4 section 5.3.3). */
void	sha256_mb_init(uint32_t h[8]);

/* One compression of a 64-octet block into h (plain C: for key blocks). */
void	sha256_mb_block(uint32_t h[8], const uint8_t block[SHA256_MB_BLOCK]);

/* Finishes n jobs: each job's h becomes the state after its data and
 * padding. */
void	sha256_mb_final(struct sha256_mb_job *j, size_t n);

/* A state as the digest's octets (big-endian words). */
void	sha256_mb_digest(const uint32_t h[8],
	    uint8_t out[SHA256_MB_DIGEST]);

#endif
