/*
 * Network-order loads and stores of what the exchanges put into and take
 * out of payloads: a DH group in INVALID_KE_PAYLOAD (2 octets, RFC 7296
 * §3.10.1), SPIs of 4 octets for ESP (RFC 4303) and 8 for IKE (§3.3.1).
 * One copy for every engine file instead of one per file.
 */
#ifndef IKEV2_BYTEORDER_H
#define IKEV2_BYTEORDER_H

#include <stdint.h>

static inline void
ike_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline uint16_t
ike_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline void
ike_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline uint32_t
ike_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static inline void
ike_put64(uint8_t *p, uint64_t v)
{
	ike_put32(p, (uint32_t)(v >> 32));
	ike_put32(p + 4, (uint32_t)v);
}

static inline uint64_t
ike_get64(const uint8_t *p)
{
	return (uint64_t)ike_get32(p) << 32 | ike_get32(p + 4);
}

#endif
