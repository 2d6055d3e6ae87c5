/*
 * The IANA "Internet Key Exchange Version 2 (IKEv2) Parameters" numbers
 * that a configuration can name, with their registry names: transform
 * types 1-4 (RFC 7296 §3.3.2) with the algorithms of SPEC section 3, and
 * the authentication methods (RFC 7296 §3.8, RFC 7427).
 *
 * This is the vocabulary the programs share: the configuration schema
 * gives each algorithm word its number from here (cfgdb/schema.c), the
 * shell looks those words up by the numbers the daemon reports, and the
 * engine's full registry lists (ikev2/ikev2_const.h) take these values.
 * The engine knows more of each registry than this file, for its logs;
 * only what can be configured is here.
 *
 * Each list entry is X(ENUM_NAME, value, "registry name").
 */
#ifndef COMMON_IANA_H
#define COMMON_IANA_H

#define IANA_ENUM_ITEM(name, val, str)	name = (val),

/* Transform types (RFC 7296 §3.3.2). */
#define IANA_TT_LIST(X) \
	X(IANA_TT_ENCR,			1,  "ENCR") \
	X(IANA_TT_PRF,			2,  "PRF") \
	X(IANA_TT_INTEG,		3,  "INTEG") \
	X(IANA_TT_DH,			4,  "D-H")
enum iana_xform_type { IANA_TT_LIST(IANA_ENUM_ITEM) };

/* Transform type 1, encryption algorithms. */
#define IANA_ENCR_LIST(X) \
	X(IANA_ENCR_AES_CBC,		12, "ENCR_AES_CBC")	/* RFC 3602 */ \
	X(IANA_ENCR_AES_GCM_16,		20, "ENCR_AES_GCM_16")	/* RFC 5282 */
enum iana_encr { IANA_ENCR_LIST(IANA_ENUM_ITEM) };

/* Transform type 2, pseudorandom functions (RFC 4868). */
#define IANA_PRF_LIST(X) \
	X(IANA_PRF_HMAC_SHA1,		2,  "PRF_HMAC_SHA1") \
	X(IANA_PRF_HMAC_SHA2_256,	5,  "PRF_HMAC_SHA2_256") \
	X(IANA_PRF_HMAC_SHA2_384,	6,  "PRF_HMAC_SHA2_384") \
	X(IANA_PRF_HMAC_SHA2_512,	7,  "PRF_HMAC_SHA2_512")
enum iana_prf { IANA_PRF_LIST(IANA_ENUM_ITEM) };

/* Transform type 3, integrity algorithms (RFC 4868); NONE goes with an
 * AEAD cipher. */
#define IANA_INTEG_LIST(X) \
	X(IANA_INTEG_NONE,		0,  "NONE") \
	X(IANA_INTEG_HMAC_SHA1_96,	2,  "AUTH_HMAC_SHA1_96") \
	X(IANA_INTEG_HMAC_SHA2_256_128,	12, "AUTH_HMAC_SHA2_256_128") \
	X(IANA_INTEG_HMAC_SHA2_384_192,	13, "AUTH_HMAC_SHA2_384_192") \
	X(IANA_INTEG_HMAC_SHA2_512_256,	14, "AUTH_HMAC_SHA2_512_256")
enum iana_integ { IANA_INTEG_LIST(IANA_ENUM_ITEM) };

/* Transform type 4, Diffie-Hellman groups (RFC 5903). */
#define IANA_DH_LIST(X) \
	X(IANA_DH_ECP_256,		19, "ECP_256") \
	X(IANA_DH_ECP_384,		20, "ECP_384") \
	X(IANA_DH_ECP_521,		21, "ECP_521")
enum iana_dh { IANA_DH_LIST(IANA_ENUM_ITEM) };

/* Authentication methods (RFC 7296 §3.8; 14 is RFC 7427). */
#define IANA_AUTH_LIST(X) \
	X(IANA_AUTH_RSA_SIG,		1,  "RSA Digital Signature") \
	X(IANA_AUTH_SHARED_KEY_MIC,	2, \
	    "Shared Key Message Integrity Code") \
	X(IANA_AUTH_DIGITAL_SIGNATURE,	14, "Digital Signature")
enum iana_auth { IANA_AUTH_LIST(IANA_ENUM_ITEM) };

/* The registry name of a transform type, or NULL for one not listed. */
const char	*iana_xform_type_name(unsigned type);
/* The registry name of a transform ID within its type, or NULL when this
 * file does not list it. */
const char	*iana_xform_name(unsigned type, unsigned id);
/* The registry name of an authentication method, or NULL. */
const char	*iana_auth_name(unsigned method);

#endif
