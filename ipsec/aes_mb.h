/*
 * AES-CBC encryption of several packets at once (x86-64 AES-NI).
 *
 * Why: CBC encryption is a chain (each block needs the previous block's
 * ciphertext), so one packet keeps the AES unit waiting on its latency:
 * here OpenSSL encrypts AES-256-CBC at 1.0 GB/s but decrypts, which runs
 * blocks side by side, at 7.5 GB/s.  A burst of outbound packets of one
 * SA has no chain between packets, so eight of them are encrypted in
 * step, one block of each per round of instructions, and the eight cost
 * about what one did (Intel's multi-buffer method).  A lane whose packet
 * ends takes the next packet of the burst; lanes with nothing left keep
 * encrypting a scratch block, which costs no time in a latency-bound
 * loop.
 *
 * The key schedule is FIPS 197 section 5.2 with SubWord done by the
 * AESKEYGENASSIST instruction, so no table is indexed by key bytes.
 * Every function here works without AES-NI too (aes_mb_available() says
 * whether it is there): callers fall back to their usual cipher.
 */
#ifndef IPSEC_AES_MB_H
#define IPSEC_AES_MB_H

#include <stddef.h>
#include <stdint.h>

#define AES_MB_LANES	8
#define AES_MB_BLOCK	16

struct aes_mb_key {
	/* Round keys, 16-octet aligned for the instructions. */
	_Alignas(16) uint8_t	rk[15][AES_MB_BLOCK];
	unsigned		rounds;		/* 10, 12 or 14 */
};

/* One packet's part of a burst: len octets (a multiple of 16) at buf,
 * encrypted in place from iv. */
struct aes_mb_job {
	uint8_t		*buf;
	size_t		 len;
	const uint8_t	*iv;
};

/* 1 when this CPU (and this build) has AES-NI. */
int	aes_mb_available(void);

/* Expands a 16-, 24- or 32-octet key.  0, or -1 for another length or
 * without AES-NI. */
int	aes_mb_set_key(struct aes_mb_key *k, const uint8_t *key, size_t len);

/* Wipes the round keys. */
void	aes_mb_clear(struct aes_mb_key *k);

/*
 * AES-CBC encryption of n jobs, as if each were encrypted alone.  Jobs
 * whose length is not a multiple of 16 are skipped (left as they are)
 * and make the return value -1; 0 otherwise.  Needs aes_mb_available().
 */
int	aes_mb_cbc_encrypt(const struct aes_mb_key *k, struct aes_mb_job *j,
	    size_t n);

/* One block (ECB), for IVs made from a counter. */
void	aes_mb_encrypt_block(const struct aes_mb_key *k,
	    const uint8_t in[AES_MB_BLOCK], uint8_t out[AES_MB_BLOCK]);

#endif
