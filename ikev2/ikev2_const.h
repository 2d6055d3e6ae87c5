/*
 * IKEv2 protocol numbers (IANA "Internet Key Exchange Version 2 (IKEv2)
 * Parameters"), declared once as X-macro lists so that the enums and the
 * name tables used in logs cannot drift apart.  Every constant keeps its RFC
 * name behind a module prefix; the comment after a list says where it is
 * defined.
 *
 * Each list entry is X(ENUM_NAME, value, "RFC name").  The name functions
 * at the bottom never return NULL: an unassigned value gives "UNKNOWN", so
 * a log line can always print "%s(%u)".
 *
 * This is the only place in the engine these numbers are declared: crypto.h
 * and dh.h include it for the transform IDs they implement.  The numbers a
 * configuration can name are common/iana.h's (the vocabulary the schema
 * and the shell share): those entries below take their values from there.
 */
#ifndef IKEV2_CONST_H
#define IKEV2_CONST_H

#include <stdint.h>

#include "common/iana.h"

#define IKE_ENUM_ITEM(name, val, str)	name = (val),

/* IKE header (RFC 7296 §3.1). */
#define IKE_HDR_LEN		28
#define IKE_VERSION_2		0x20	/* major 2, minor 0 */
#define IKE_FLAG_I		0x08	/* sent by the original initiator */
#define IKE_FLAG_V		0x10	/* "higher version"; cleared, ignored */
#define IKE_FLAG_R		0x20	/* response */
#define IKE_GEN_HDR_LEN		4	/* generic payload header (§3.2) */
#define IKE_CRITICAL		0x80	/* critical bit in the generic header */
#define IKE_NON_ESP_MARKER_LEN	4	/* RFC 3948 §2.2, on port 4500 */
#define IKE_NONCE_MIN		16	/* RFC 7296 §3.9 */
#define IKE_NONCE_MAX		256

/* Exchange types (RFC 7296 §3.1). */
#define IKE_EXCHANGE_LIST(X) \
	X(IKE_EXCH_IKE_SA_INIT,		34, "IKE_SA_INIT") \
	X(IKE_EXCH_IKE_AUTH,		35, "IKE_AUTH") \
	X(IKE_EXCH_CREATE_CHILD_SA,	36, "CREATE_CHILD_SA") \
	X(IKE_EXCH_INFORMATIONAL,	37, "INFORMATIONAL") \
	/* RFC 5723 */ \
	X(IKE_EXCH_IKE_SESSION_RESUME, 38, "IKE_SESSION_RESUME") \
	X(IKE_EXCH_IKE_INTERMEDIATE,	43, "IKE_INTERMEDIATE") /* RFC 9242 */
enum ike_exchange { IKE_EXCHANGE_LIST(IKE_ENUM_ITEM) };

/*
 * Payload types (RFC 7296 §3.2).  33..48 are the ones this codec decodes;
 * the others are known by name only and are carried as unknown payloads.
 */
#define IKE_PAYLOAD_LIST(X) \
	X(IKE_PL_NONE,		0,  "NONE") \
	X(IKE_PL_SA,		33, "SA")	/* §3.3 */ \
	X(IKE_PL_KE,		34, "KE")	/* §3.4 */ \
	X(IKE_PL_IDI,		35, "IDi")	/* §3.5 */ \
	X(IKE_PL_IDR,		36, "IDr")	/* §3.5 */ \
	X(IKE_PL_CERT,		37, "CERT")	/* §3.6 */ \
	X(IKE_PL_CERTREQ,	38, "CERTREQ")	/* §3.7 */ \
	X(IKE_PL_AUTH,		39, "AUTH")	/* §3.8 */ \
	X(IKE_PL_NONCE,		40, "Ni/Nr")	/* §3.9 */ \
	X(IKE_PL_NOTIFY,	41, "N")	/* §3.10 */ \
	X(IKE_PL_DELETE,	42, "D")	/* §3.11 */ \
	X(IKE_PL_VENDOR,	43, "V")	/* §3.12 */ \
	X(IKE_PL_TSI,		44, "TSi")	/* §3.13 */ \
	X(IKE_PL_TSR,		45, "TSr")	/* §3.13 */ \
	X(IKE_PL_SK,		46, "SK")	/* §3.14 */ \
	X(IKE_PL_CP,		47, "CP")	/* §3.15 */ \
	X(IKE_PL_EAP,		48, "EAP")	/* §3.16 */ \
	X(IKE_PL_GSPM,		49, "GSPM")	/* RFC 6467 */ \
	X(IKE_PL_SKF,		53, "SKF")	/* RFC 7383 */
enum ike_payload { IKE_PAYLOAD_LIST(IKE_ENUM_ITEM) };

/* Security protocol IDs (RFC 7296 §3.3.1). */
#define IKE_PROTO_LIST(X) \
	X(IKE_PROTO_NONE,	0, "NONE") \
	X(IKE_PROTO_IKE,	1, "IKE") \
	X(IKE_PROTO_AH,		2, "AH") \
	X(IKE_PROTO_ESP,	3, "ESP")
enum ike_proto { IKE_PROTO_LIST(IKE_ENUM_ITEM) };

/* Transform types (RFC 7296 §3.3.2). */
#define IKE_XFORM_TYPE_LIST(X) \
	X(IKE_TT_ENCR,		IANA_TT_ENCR, "ENCR") \
	X(IKE_TT_PRF,		IANA_TT_PRF, "PRF") \
	X(IKE_TT_INTEG,		IANA_TT_INTEG, "INTEG") \
	X(IKE_TT_DH,		IANA_TT_DH, "D-H") \
	X(IKE_TT_ESN,		5, "ESN")
enum ike_xform_type { IKE_XFORM_TYPE_LIST(IKE_ENUM_ITEM) };

/* Transform type 1, encryption algorithms (RFC 7296 §3.3.2, RFC 5282). */
#define IKE_ENCR_LIST(X) \
	X(IKE_ENCR_DES_IV64,		1,  "ENCR_DES_IV64") \
	X(IKE_ENCR_DES,			2,  "ENCR_DES") \
	X(IKE_ENCR_3DES,		3,  "ENCR_3DES") \
	X(IKE_ENCR_RC5,			4,  "ENCR_RC5") \
	X(IKE_ENCR_IDEA,		5,  "ENCR_IDEA") \
	X(IKE_ENCR_CAST,		6,  "ENCR_CAST") \
	X(IKE_ENCR_BLOWFISH,		7,  "ENCR_BLOWFISH") \
	X(IKE_ENCR_3IDEA,		8,  "ENCR_3IDEA") \
	X(IKE_ENCR_DES_IV32,		9,  "ENCR_DES_IV32") \
	X(IKE_ENCR_NULL,		11, "ENCR_NULL") \
	/* RFC 3602 */ \
	X(IKE_ENCR_AES_CBC,		IANA_ENCR_AES_CBC, "ENCR_AES_CBC") \
	X(IKE_ENCR_AES_CTR,		13, "ENCR_AES_CTR") /* RFC 5930 */ \
	X(IKE_ENCR_AES_CCM_8,		14, "ENCR_AES_CCM_8") /* RFC 5282 */ \
	X(IKE_ENCR_AES_CCM_12,		15, "ENCR_AES_CCM_12") \
	X(IKE_ENCR_AES_CCM_16,		16, "ENCR_AES_CCM_16") \
	X(IKE_ENCR_AES_GCM_8,		18, "ENCR_AES_GCM_8") /* RFC 5282 */ \
	X(IKE_ENCR_AES_GCM_12,		19, "ENCR_AES_GCM_12") \
	X(IKE_ENCR_AES_GCM_16,	IANA_ENCR_AES_GCM_16, "ENCR_AES_GCM_16") \
	X(IKE_ENCR_NULL_AUTH_AES_GMAC,	21, "ENCR_NULL_AUTH_AES_GMAC") \
	X(IKE_ENCR_CAMELLIA_CBC,	23, "ENCR_CAMELLIA_CBC") \
	/* RFC 7634 */ \
	X(IKE_ENCR_CHACHA20_POLY1305, 28, "ENCR_CHACHA20_POLY1305")
enum ike_encr_id { IKE_ENCR_LIST(IKE_ENUM_ITEM) };

/* Transform type 2, pseudorandom functions (RFC 7296 §3.3.2, RFC 4868). */
#define IKE_PRF_LIST(X) \
	X(IKE_PRF_HMAC_MD5,		1, "PRF_HMAC_MD5") \
	X(IKE_PRF_HMAC_SHA1,		IANA_PRF_HMAC_SHA1, "PRF_HMAC_SHA1") \
	X(IKE_PRF_HMAC_TIGER,		3, "PRF_HMAC_TIGER") \
	X(IKE_PRF_AES128_XCBC,		4, "PRF_AES128_XCBC") \
	X(IKE_PRF_HMAC_SHA2_256, IANA_PRF_HMAC_SHA2_256, "PRF_HMAC_SHA2_256") \
	X(IKE_PRF_HMAC_SHA2_384, IANA_PRF_HMAC_SHA2_384, "PRF_HMAC_SHA2_384") \
	X(IKE_PRF_HMAC_SHA2_512, IANA_PRF_HMAC_SHA2_512, "PRF_HMAC_SHA2_512") \
	X(IKE_PRF_AES128_CMAC,		8, "PRF_AES128_CMAC")
enum ike_prf_id { IKE_PRF_LIST(IKE_ENUM_ITEM) };

/* Transform type 3, integrity algorithms (RFC 7296 §3.3.2, RFC 4868);
 * the RFC names them AUTH_*, the prefix here is IKE_INTEG_ to keep them
 * apart from the authentication methods. */
#define IKE_INTEG_LIST(X) \
	X(IKE_INTEG_NONE,		IANA_INTEG_NONE, "NONE") \
	X(IKE_INTEG_HMAC_MD5_96,		1,  "AUTH_HMAC_MD5_96") \
	X(IKE_INTEG_HMAC_SHA1_96,	IANA_INTEG_HMAC_SHA1_96, \
	    "AUTH_HMAC_SHA1_96") \
	X(IKE_INTEG_DES_MAC,		3,  "AUTH_DES_MAC") \
	X(IKE_INTEG_KPDK_MD5,		4,  "AUTH_KPDK_MD5") \
	X(IKE_INTEG_AES_XCBC_96,		5,  "AUTH_AES_XCBC_96") \
	X(IKE_INTEG_HMAC_MD5_128,	6,  "AUTH_HMAC_MD5_128") \
	X(IKE_INTEG_HMAC_SHA1_160,	7,  "AUTH_HMAC_SHA1_160") \
	X(IKE_INTEG_AES_CMAC_96,		8,  "AUTH_AES_CMAC_96") \
	X(IKE_INTEG_AES_128_GMAC,	9,  "AUTH_AES_128_GMAC") \
	X(IKE_INTEG_AES_192_GMAC,	10, "AUTH_AES_192_GMAC") \
	X(IKE_INTEG_AES_256_GMAC,	11, "AUTH_AES_256_GMAC") \
	X(IKE_INTEG_HMAC_SHA2_256_128,	IANA_INTEG_HMAC_SHA2_256_128, \
	    "AUTH_HMAC_SHA2_256_128") \
	X(IKE_INTEG_HMAC_SHA2_384_192,	IANA_INTEG_HMAC_SHA2_384_192, \
	    "AUTH_HMAC_SHA2_384_192") \
	X(IKE_INTEG_HMAC_SHA2_512_256,	IANA_INTEG_HMAC_SHA2_512_256, \
	    "AUTH_HMAC_SHA2_512_256")
enum ike_integ_id { IKE_INTEG_LIST(IKE_ENUM_ITEM) };

/* Transform type 4, Diffie-Hellman groups (RFC 7296 §3.3.2, RFC 5903...). */
#define IKE_DH_LIST(X) \
	X(IKE_DH_NONE,			0,  "NONE") \
	X(IKE_DH_MODP_768,		1,  "MODP_768") \
	X(IKE_DH_MODP_1024,		2,  "MODP_1024") \
	X(IKE_DH_MODP_1536,		5,  "MODP_1536") /* RFC 3526 */ \
	X(IKE_DH_MODP_2048,		14, "MODP_2048") \
	X(IKE_DH_MODP_3072,		15, "MODP_3072") \
	X(IKE_DH_MODP_4096,		16, "MODP_4096") \
	X(IKE_DH_MODP_6144,		17, "MODP_6144") \
	X(IKE_DH_MODP_8192,		18, "MODP_8192") \
	/* RFC 5903 */ \
	X(IKE_DH_ECP_256,		IANA_DH_ECP_256, "ECP_256") \
	X(IKE_DH_ECP_384,		IANA_DH_ECP_384, "ECP_384") \
	X(IKE_DH_ECP_521,		IANA_DH_ECP_521, "ECP_521") \
	X(IKE_DH_MODP_1024_160,		22, "MODP_1024_160") /* RFC 5114 */ \
	X(IKE_DH_MODP_2048_224,		23, "MODP_2048_224") \
	X(IKE_DH_MODP_2048_256,		24, "MODP_2048_256") \
	X(IKE_DH_ECP_192,		25, "ECP_192") \
	X(IKE_DH_ECP_224,		26, "ECP_224") \
	X(IKE_DH_BRAINPOOL_P224R1,	27, "ECP_224_BP") /* RFC 6954 */ \
	X(IKE_DH_BRAINPOOL_P256R1,	28, "ECP_256_BP") \
	X(IKE_DH_BRAINPOOL_P384R1,	29, "ECP_384_BP") \
	X(IKE_DH_BRAINPOOL_P512R1,	30, "ECP_512_BP") \
	X(IKE_DH_CURVE25519,		31, "CURVE_25519") /* RFC 8031 */ \
	X(IKE_DH_CURVE448,		32, "CURVE_448")
enum ike_dh_id { IKE_DH_LIST(IKE_ENUM_ITEM) };

/* Transform type 5, extended sequence numbers (RFC 7296 §3.3.2). */
#define IKE_ESN_LIST(X) \
	X(IKE_ESN_NO,	0, "NO_ESN") \
	X(IKE_ESN_YES,	1, "ESN")
enum ike_esn_id { IKE_ESN_LIST(IKE_ENUM_ITEM) };

/* Transform attribute types (RFC 7296 §3.3.5). */
#define IKE_ATTR_KEY_LENGTH	14	/* TV format, value in bits */
#define IKE_ATTR_AF		0x8000	/* attribute format bit: TV */

/* Identification types (RFC 7296 §3.5). */
#define IKE_ID_LIST(X) \
	X(IKE_ID_IPV4_ADDR,	1,  "ID_IPV4_ADDR") \
	X(IKE_ID_FQDN,		2,  "ID_FQDN") \
	X(IKE_ID_RFC822_ADDR,	3,  "ID_RFC822_ADDR") \
	X(IKE_ID_IPV6_ADDR,	5,  "ID_IPV6_ADDR") \
	X(IKE_ID_DER_ASN1_DN,	9,  "ID_DER_ASN1_DN") \
	X(IKE_ID_DER_ASN1_GN,	10, "ID_DER_ASN1_GN") \
	X(IKE_ID_KEY_ID,	11, "ID_KEY_ID") \
	X(IKE_ID_FC_NAME,	12, "ID_FC_NAME") /* RFC 4595 */ \
	X(IKE_ID_NULL,		13, "ID_NULL") /* RFC 7619 */
enum ike_id_type { IKE_ID_LIST(IKE_ENUM_ITEM) };

/* Certificate encodings (RFC 7296 §3.6). */
#define IKE_CERT_LIST(X) \
	X(IKE_CERT_PKCS7_X509, 1, "PKCS #7 wrapped X.509 certificate") \
	X(IKE_CERT_PGP,			2,  "PGP Certificate") \
	X(IKE_CERT_DNS_SIGNED_KEY,	3,  "DNS Signed Key") \
	X(IKE_CERT_X509_SIG,		4,  "X.509 Certificate - Signature") \
	X(IKE_CERT_KERBEROS,		6,  "Kerberos Token") \
	X(IKE_CERT_CRL, 7, "Certificate Revocation List (CRL)") \
	X(IKE_CERT_ARL,			8,  "Authority Revocation List (ARL)") \
	X(IKE_CERT_SPKI,		9,  "SPKI Certificate") \
	X(IKE_CERT_X509_ATTR,		10, "X.509 Certificate - Attribute") \
	X(IKE_CERT_RAW_RSA,		11, "Raw RSA Key") \
	X(IKE_CERT_HASH_URL_X509, 12, "Hash and URL of X.509 certificate") \
	X(IKE_CERT_HASH_URL_BUNDLE,	13, "Hash and URL of X.509 bundle") \
	X(IKE_CERT_OCSP,		14, "OCSP Content") /* RFC 4806 */ \
	X(IKE_CERT_RAW_PUBKEY,		15, "Raw Public Key") /* RFC 7670 */
enum ike_cert_encoding { IKE_CERT_LIST(IKE_ENUM_ITEM) };

/* Authentication methods (RFC 7296 §3.8, RFC 4754, RFC 7427). */
#define IKE_AUTHM_LIST(X) \
	X(IKE_AUTHM_RSA_SIG, IANA_AUTH_RSA_SIG, "RSA Digital Signature") \
	X(IKE_AUTHM_SHARED_KEY_MIC, IANA_AUTH_SHARED_KEY_MIC, \
	    "Shared Key Message Integrity Code") \
	X(IKE_AUTHM_DSS_SIG,		3,  "DSS Digital Signature") \
	X(IKE_AUTHM_ECDSA_SHA256_P256, 9, \
	    "ECDSA with SHA-256 on the P-256 curve") \
	X(IKE_AUTHM_ECDSA_SHA384_P384, 10, \
	    "ECDSA with SHA-384 on the P-384 curve") \
	X(IKE_AUTHM_ECDSA_SHA512_P521, 11, \
	    "ECDSA with SHA-512 on the P-521 curve") \
	X(IKE_AUTHM_GSPAM, 12, \
	    "Generic Secure Password Authentication Method") \
	X(IKE_AUTHM_NULL, 13, "NULL Authentication") /* RFC 7619 */ \
	X(IKE_AUTHM_DIGITAL_SIGNATURE,	IANA_AUTH_DIGITAL_SIGNATURE, \
	    "Digital Signature") /* RFC 7427 */
enum ike_auth_method { IKE_AUTHM_LIST(IKE_ENUM_ITEM) };

/*
 * Notify message types (RFC 7296 §3.10.1; later RFCs where marked).
 * Types below 16384 are errors, the rest status (IKE_N_IS_ERROR).
 */
#define IKE_NOTIFY_LIST(X) \
	X(IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD, 1, \
	    "UNSUPPORTED_CRITICAL_PAYLOAD") \
	X(IKE_N_INVALID_IKE_SPI,		4,  "INVALID_IKE_SPI") \
	X(IKE_N_INVALID_MAJOR_VERSION,		5,  "INVALID_MAJOR_VERSION") \
	X(IKE_N_INVALID_SYNTAX,			7,  "INVALID_SYNTAX") \
	X(IKE_N_INVALID_MESSAGE_ID,		9,  "INVALID_MESSAGE_ID") \
	X(IKE_N_INVALID_SPI,			11, "INVALID_SPI") \
	X(IKE_N_NO_PROPOSAL_CHOSEN,		14, "NO_PROPOSAL_CHOSEN") \
	X(IKE_N_INVALID_KE_PAYLOAD,		17, "INVALID_KE_PAYLOAD") \
	X(IKE_N_AUTHENTICATION_FAILED,		24, "AUTHENTICATION_FAILED") \
	X(IKE_N_SINGLE_PAIR_REQUIRED,		34, "SINGLE_PAIR_REQUIRED") \
	X(IKE_N_NO_ADDITIONAL_SAS,		35, "NO_ADDITIONAL_SAS") \
	X(IKE_N_INTERNAL_ADDRESS_FAILURE, 36, "INTERNAL_ADDRESS_FAILURE") \
	X(IKE_N_FAILED_CP_REQUIRED,		37, "FAILED_CP_REQUIRED") \
	X(IKE_N_TS_UNACCEPTABLE,		38, "TS_UNACCEPTABLE") \
	X(IKE_N_INVALID_SELECTORS,		39, "INVALID_SELECTORS") \
	/* RFC 4555 */ \
	X(IKE_N_UNACCEPTABLE_ADDRESSES, 40, "UNACCEPTABLE_ADDRESSES") \
	/* RFC 4555 */ \
	X(IKE_N_UNEXPECTED_NAT_DETECTED, 41, "UNEXPECTED_NAT_DETECTED") \
	X(IKE_N_USE_ASSIGNED_HOA, 42, "USE_ASSIGNED_HoA") /* RFC 5026 */ \
	X(IKE_N_TEMPORARY_FAILURE,		43, "TEMPORARY_FAILURE") \
	X(IKE_N_CHILD_SA_NOT_FOUND,		44, "CHILD_SA_NOT_FOUND") \
	X(IKE_N_INITIAL_CONTACT,		16384, "INITIAL_CONTACT") \
	X(IKE_N_SET_WINDOW_SIZE,		16385, "SET_WINDOW_SIZE") \
	X(IKE_N_ADDITIONAL_TS_POSSIBLE, 16386, "ADDITIONAL_TS_POSSIBLE") \
	X(IKE_N_IPCOMP_SUPPORTED,		16387, "IPCOMP_SUPPORTED") \
	X(IKE_N_NAT_DETECTION_SOURCE_IP, 16388, "NAT_DETECTION_SOURCE_IP") \
	X(IKE_N_NAT_DETECTION_DESTINATION_IP, 16389, \
	    "NAT_DETECTION_DESTINATION_IP") \
	X(IKE_N_COOKIE,				16390, "COOKIE") \
	X(IKE_N_USE_TRANSPORT_MODE,		16391, "USE_TRANSPORT_MODE") \
	X(IKE_N_HTTP_CERT_LOOKUP_SUPPORTED, 16392, \
	    "HTTP_CERT_LOOKUP_SUPPORTED") \
	X(IKE_N_REKEY_SA,			16393, "REKEY_SA") \
	X(IKE_N_ESP_TFC_PADDING_NOT_SUPPORTED, 16394, \
	    "ESP_TFC_PADDING_NOT_SUPPORTED") \
	X(IKE_N_NON_FIRST_FRAGMENTS_ALSO, 16395, "NON_FIRST_FRAGMENTS_ALSO") \
	X(IKE_N_MOBIKE_SUPPORTED, 16396, "MOBIKE_SUPPORTED") /* RFC 4555 */ \
	X(IKE_N_ADDITIONAL_IP4_ADDRESS, 16397, "ADDITIONAL_IP4_ADDRESS") \
	X(IKE_N_ADDITIONAL_IP6_ADDRESS, 16398, "ADDITIONAL_IP6_ADDRESS") \
	X(IKE_N_NO_ADDITIONAL_ADDRESSES, 16399, "NO_ADDITIONAL_ADDRESSES") \
	X(IKE_N_UPDATE_SA_ADDRESSES,		16400, "UPDATE_SA_ADDRESSES") \
	X(IKE_N_COOKIE2,			16401, "COOKIE2") \
	X(IKE_N_NO_NATS_ALLOWED,		16402, "NO_NATS_ALLOWED") \
	X(IKE_N_AUTH_LIFETIME, 16403, "AUTH_LIFETIME") /* RFC 4478 */ \
	/* RFC 4739 */ \
	X(IKE_N_MULTIPLE_AUTH_SUPPORTED, 16404, "MULTIPLE_AUTH_SUPPORTED") \
	X(IKE_N_ANOTHER_AUTH_FOLLOWS,		16405, "ANOTHER_AUTH_FOLLOWS") \
	/* RFC 5685 */ \
	X(IKE_N_REDIRECT_SUPPORTED, 16406, "REDIRECT_SUPPORTED") \
	X(IKE_N_REDIRECT,			16407, "REDIRECT") \
	X(IKE_N_REDIRECTED_FROM,		16408, "REDIRECTED_FROM") \
	/* RFC 5998 */ \
	X(IKE_N_EAP_ONLY_AUTHENTICATION, 16417, "EAP_ONLY_AUTHENTICATION") \
	/* RFC 6023 */ \
	X(IKE_N_CHILDLESS_IKEV2_SUPPORTED, 16418, "CHILDLESS_IKEV2_SUPPORTED") \
	/* RFC 6311 */ \
	X(IKE_N_IKEV2_MESSAGE_ID_SYNC_SUPPORTED, 16420, \
	    "IKEV2_MESSAGE_ID_SYNC_SUPPORTED") \
	/* RFC 7383 */ \
	X(IKE_N_IKEV2_FRAGMENTATION_SUPPORTED, 16430, \
	    "IKEV2_FRAGMENTATION_SUPPORTED") \
	/* RFC 7427 */ \
	X(IKE_N_SIGNATURE_HASH_ALGORITHMS, 16431, "SIGNATURE_HASH_ALGORITHMS")
enum ike_notify_type { IKE_NOTIFY_LIST(IKE_ENUM_ITEM) };
#define IKE_N_IS_ERROR(t)	((t) < 16384)

/* Traffic selector types (RFC 7296 §3.13.1). */
#define IKE_TS_LIST(X) \
	X(IKE_TS_IPV4_ADDR_RANGE,	7, "TS_IPV4_ADDR_RANGE") \
	X(IKE_TS_IPV6_ADDR_RANGE,	8, "TS_IPV6_ADDR_RANGE") \
	X(IKE_TS_FC_ADDR_RANGE,		9, "TS_FC_ADDR_RANGE") /* RFC 4595 */
enum ike_ts_type { IKE_TS_LIST(IKE_ENUM_ITEM) };
#define IKE_TS_HDR_LEN		8	/* type, proto, length, ports */
#define IKE_TS_IPV4_LEN		16
#define IKE_TS_IPV6_LEN		40

/* Configuration payload types and attributes (RFC 7296 §3.15). */
#define IKE_CFG_LIST(X) \
	X(IKE_CFG_REQUEST,	1, "CFG_REQUEST") \
	X(IKE_CFG_REPLY,	2, "CFG_REPLY") \
	X(IKE_CFG_SET,		3, "CFG_SET") \
	X(IKE_CFG_ACK,		4, "CFG_ACK")
enum ike_cfg_type { IKE_CFG_LIST(IKE_ENUM_ITEM) };

#define IKE_CFGA_LIST(X) \
	X(IKE_CFGA_INTERNAL_IP4_ADDRESS,	1,  "INTERNAL_IP4_ADDRESS") \
	X(IKE_CFGA_INTERNAL_IP4_NETMASK,	2,  "INTERNAL_IP4_NETMASK") \
	X(IKE_CFGA_INTERNAL_IP4_DNS,		3,  "INTERNAL_IP4_DNS") \
	X(IKE_CFGA_INTERNAL_IP4_NBNS,		4,  "INTERNAL_IP4_NBNS") \
	X(IKE_CFGA_INTERNAL_IP4_DHCP,		6,  "INTERNAL_IP4_DHCP") \
	X(IKE_CFGA_APPLICATION_VERSION,		7,  "APPLICATION_VERSION") \
	X(IKE_CFGA_INTERNAL_IP6_ADDRESS,	8,  "INTERNAL_IP6_ADDRESS") \
	X(IKE_CFGA_INTERNAL_IP6_DNS,		10, "INTERNAL_IP6_DNS") \
	X(IKE_CFGA_INTERNAL_IP6_DHCP,		12, "INTERNAL_IP6_DHCP") \
	X(IKE_CFGA_INTERNAL_IP4_SUBNET,		13, "INTERNAL_IP4_SUBNET") \
	X(IKE_CFGA_SUPPORTED_ATTRIBUTES,	14, "SUPPORTED_ATTRIBUTES") \
	X(IKE_CFGA_INTERNAL_IP6_SUBNET,		15, "INTERNAL_IP6_SUBNET")
enum ike_cfg_attr_type { IKE_CFGA_LIST(IKE_ENUM_ITEM) };

/* Name lookups for logs; never NULL ("UNKNOWN" for unassigned values). */
const char	*ike_exchange_name(unsigned v);
const char	*ike_payload_name(unsigned v);
const char	*ike_proto_name(unsigned v);
const char	*ike_xform_type_name(unsigned v);
/* Transform ID name within its type (ENCR, PRF, INTEG, D-H, ESN). */
const char	*ike_xform_id_name(unsigned type, unsigned id);
const char	*ike_id_type_name(unsigned v);
const char	*ike_cert_encoding_name(unsigned v);
const char	*ike_auth_method_name(unsigned v);
const char	*ike_notify_name(unsigned v);
const char	*ike_ts_type_name(unsigned v);
const char	*ike_cfg_type_name(unsigned v);
const char	*ike_cfg_attr_name(unsigned v);

#endif
