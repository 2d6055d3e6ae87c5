/*
 * IKEv2 message codec (RFC 7296 §3): an IKE message as a plain C struct,
 * decoded from and encoded to wire bytes, plus the per-exchange payload
 * rules.  Pure code: no I/O, no clock, no globals.
 *
 * Life of a received datagram (the engine's view):
 *
 *	struct ike_msg *m = ike_msg_new();
 *	struct ike_derr e;
 *	if (ike_msg_decode(m, dgram, len, &e) == -1)	 header, outer
 *		goto bad;				 payloads (m->hdr
 *							 valid if e.hdr_ok)
 *	if (m->has_sk &&
 *	    ike_sk_unprotect(m, &sk_in, &e) == -1)	 ICV, decrypt, inner
 *		goto bad;				 payloads (sk.h)
 *	if (ike_rules_check(m, &e) == -1)		 which payloads may be
 *		goto bad;				 in this message
 *	sa = ike_msg_get(m, IKE_PL_SA);
 *	n = ike_msg_notify(m, IKE_N_COOKIE); ...
 *   bad:
 *	e.notify != 0: answer the request with that notify (e.data for
 *	UNSUPPORTED_CRITICAL_PAYLOAD); 0: drop silently.  Log e.why.
 *	ike_msg_free(m);
 *
 * Building one:
 *
 *	m = ike_msg_new();
 *	ike_msg_set_hdr(m, spi_i, spi_r, IKE_EXCH_IKE_SA_INIT, 0, IKE_FLAG_I);
 *	ike_msg_add_sa(m, props, nprops);
 *	ike_msg_add_ke(m, IKE_DH_ECP_256, pub, publen);
 *	ike_msg_add_nonce(m, ni, nilen);
 *	ike_msg_add_notify(m, 0, NULL, 0, IKE_N_NAT_DETECTION_SOURCE_IP, h, 20);
 *	ike_msg_encode(m, &out)			 plaintext (IKE_SA_INIT)
 *	ike_sk_encode(m, &sk_out, iv, &out)	 everything inside SK (sk.h)
 *
 * Ownership: a message owns every byte its payloads point to (a private
 * arena, wiped and freed by ike_msg_free).  Decoding copies the datagram;
 * the ike_msg_add_* builders clone what they are given.  So the caller's
 * buffers can be freed right after the call, and pointers into a message
 * stay valid until ike_msg_free.
 *
 * AUTH (RFC 7296 §2.15) needs exact bytes, all available here:
 * RealMessage1/2 is the IKE_SA_INIT message as sent (ike_msg_encode's
 * output) or as received (m->raw, m->rawlen); NonceRData/NonceIData is the
 * peer's or our Nonce payload body (pl->body); RestOfIDPayload is the
 * received ID payload's body (pl->body, reserved octets as received) or,
 * for our own ID, ike_id_body().
 *
 * The encoder writes payloads in the fixed order of the rules table for
 * the message's exchange and direction (COOKIE first, SA before KE, ...),
 * keeping the caller's order among equals; set m->keep_order to emit them
 * exactly as added.  Reserved fields are sent as zero and ignored on
 * receipt, as are the V flag and the critical bit of known payloads.
 */
#ifndef IKEV2_MSG_H
#define IKEV2_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "ikev2/ikev2_const.h"

/* Upper bound on payloads per message (outer plus inner); real messages
 * carry about 20.  More is INVALID_SYNTAX, so a hostile message cannot make
 * the decoder allocate more than a small multiple of its own size. */
#define IKE_MSG_MAX_PAYLOADS	128

/* Bytes owned by a message (or, in builder arguments, borrowed). */
struct ike_data {
	const uint8_t	*p;
	size_t		 len;
};

/*
 * IKE header (RFC 7296 §3.1).
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       IKE SA Initiator's SPI                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       IKE SA Responder's SPI                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Payload | MjVer | MnVer | Exchange Type |     Flags     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Message ID                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            Length                             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * SPIs are the 8 wire octets read as a big-endian number, so "%016llx"
 * prints them as on the wire.
 */
struct ike_hdr {
	uint64_t	spi_i;
	uint64_t	spi_r;
	uint8_t		next;		/* decoded: as received; encode
					 * sets it */
	uint8_t		version;	/* MjVer << 4 | MnVer; encode sends
					 * 0x20 */
	uint8_t		exchange;	/* IKE_EXCH_* */
	uint8_t		flags;		/* IKE_FLAG_I / IKE_FLAG_R (decoded:
					 * all bits as received; encode
					 * sends I and R only) */
	uint32_t	msgid;
	uint32_t	length;		/* decoded: as received; encode
					 * sets it */
};

#define ike_hdr_is_response(h)	(((h)->flags & IKE_FLAG_R) != 0)
#define ike_hdr_from_initiator(h) (((h)->flags & IKE_FLAG_I) != 0)

/*
 * Transform attribute (RFC 7296 §3.3.5).
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |A|       Attribute Type        |    AF=0  Attribute Length     |
 * |F|                             |    AF=1  Attribute Value      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   AF=0  Attribute Value                       |
 * |                   AF=1  Not Transmitted                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * The Key Length attribute (14, TV) is lifted into ike_xform.keylen; only
 * other attributes appear here (a negotiator must reject a transform that
 * carries one it does not know, RFC 7296 §3.3.6).
 */
struct ike_attr {
	uint16_t	type;		/* without the AF bit */
	uint8_t		tv;		/* 1: TV format, value in val */
	uint16_t	val;
	struct ike_data	data;		/* TLV value */
};

/*
 * Transform substructure (RFC 7296 §3.3.2).
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Last Substruc |   RESERVED    |        Transform Length       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Transform Type |   RESERVED    |          Transform ID         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                      Transform Attributes                     ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
struct ike_xform {
	uint8_t		 type;		/* IKE_TT_* */
	uint16_t	 id;		/* IKE_ENCR_* / IKE_PRF_* / ... */
	uint16_t	 keylen;	/* Key Length attribute in bits;
					 * 0: none */
	struct ike_attr	*attr;		/* other attributes */
	size_t		 nattr;
};

/*
 * Proposal substructure (RFC 7296 §3.3.1).
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Last Substruc |   RESERVED    |         Proposal Length       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Proposal Num  |  Protocol ID  |    SPI Size   |Num  Transforms|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                        SPI (variable)                         ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                        <Transforms>                           ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * The decoder enforces the SPI sizes of §3.3.1: IKE 0 or 8, AH/ESP 4,
 * anything else at most 8.
 */
struct ike_prop {
	uint8_t		 num;		/* Proposal Num */
	uint8_t		 proto;		/* IKE_PROTO_* */
	uint8_t		 spi_len;
	uint8_t		 spi[8];	/* wire order */
	struct ike_xform *xf;
	size_t		 nxf;
};

/* SA payload (RFC 7296 §3.3): one or more proposals. */
struct ike_pl_sa {
	struct ike_prop	*prop;
	size_t		 nprop;
};

/*
 * KE payload (RFC 7296 §3.4).
 * | Diffie-Hellman Group Num      |           RESERVED            |
 * ~                       Key Exchange Data                       ~
 */
struct ike_pl_ke {
	uint16_t	group;		/* IKE_DH_* */
	struct ike_data	data;
};

/*
 * IDi / IDr payload (RFC 7296 §3.5).
 * |   ID Type     |                 RESERVED                      |
 * ~                   Identification Data                         ~
 * For AUTH (§2.15) use the payload body as received, ike_pl.body; for an
 * ID we send, ike_id_body() gives the same bytes.  ID_IPV4_ADDR must be 4
 * octets and ID_IPV6_ADDR 16 (else INVALID_SYNTAX).
 */
struct ike_pl_id {
	uint8_t		type;		/* IKE_ID_* */
	struct ike_data	data;
};

/*
 * CERT (§3.6) and CERTREQ (§3.7) payloads.
 * | Cert Encoding |                                               |
 * +-+-+-+-+-+-+-+-+                                               +
 * ~       Certificate Data / Certification Authority              ~
 * For CERTREQ with X.509 the data is a list of 20-octet SHA-1 hashes.
 */
struct ike_pl_cert {
	uint8_t		encoding;	/* IKE_CERT_* */
	struct ike_data	data;
};

/*
 * AUTH payload (RFC 7296 §3.8).
 * | Auth Method   |                RESERVED                       |
 * ~                      Authentication Data                      ~
 */
struct ike_pl_auth {
	uint8_t		method;		/* IKE_AUTHM_* */
	struct ike_data	data;
};

/*
 * Notify payload (RFC 7296 §3.10).
 * |  Protocol ID  |   SPI Size    |      Notify Message Type      |
 * ~                Security Parameter Index (SPI)                 ~
 * ~                       Notification Data                       ~
 * With an empty SPI the protocol ID means nothing (sent as 0, ignored).
 */
struct ike_pl_notify {
	uint8_t		proto;		/* IKE_PROTO_*, or 0 */
	uint16_t	type;		/* IKE_N_* */
	struct ike_data	spi;
	struct ike_data	data;
};

/*
 * Delete payload (RFC 7296 §3.11).
 * | Protocol ID   |   SPI Size    |          Num of SPIs          |
 * ~               Security Parameter Index(es) (SPI)              ~
 * IKE: SPI size 0 and no SPIs; AH/ESP: SPI size 4 (else INVALID_SYNTAX).
 */
struct ike_pl_delete {
	uint8_t		 proto;
	uint8_t		 spi_len;
	uint16_t	 nspi;
	const uint8_t	*spis;		/* nspi * spi_len octets, wire order */
};

/*
 * Traffic selector (RFC 7296 §3.13.1).
 * |   TS Type     |IP Protocol ID*|       Selector Length         |
 * |           Start Port*         |           End Port*           |
 * ~                         Starting Address*                     ~
 * ~                         Ending Address*                       ~
 * TS_IPV4_ADDR_RANGE uses 4 octets of start/end, TS_IPV6_ADDR_RANGE 16.
 * Other types are kept opaque: proto holds the second octet and opaque
 * everything after the 4-octet type/length header.
 */
struct ike_ts {
	uint8_t		type;		/* IKE_TS_* */
	uint8_t		proto;		/* IP protocol, 0: any */
	uint16_t	sport;
	uint16_t	eport;
	uint8_t		start[16];
	uint8_t		end[16];
	struct ike_data	opaque;
};

/*
 * TSi / TSr payload (RFC 7296 §3.13).
 * | Number of TSs |                 RESERVED                      |
 * ~                       <Traffic Selectors>                     ~
 */
struct ike_pl_ts {
	struct ike_ts	*ts;
	size_t		 nts;
};

/*
 * Configuration payload (RFC 7296 §3.15) and its attributes (§3.15.1).
 * |   CFG Type    |                    RESERVED                   |
 * ~                   Configuration Attributes                    ~
 * |R|         Attribute Type      |            Length             |
 * ~                             Value                             ~
 */
struct ike_cfg_attr {
	uint16_t	type;		/* IKE_CFGA_*, 15 bits */
	struct ike_data	val;
};

struct ike_pl_cp {
	uint8_t		     type;	/* IKE_CFG_* */
	struct ike_cfg_attr *attr;
	size_t		     nattr;
};

/*
 * Where a received SK payload (RFC 7296 §3.14) sits in the datagram.
 * |                     Initialization Vector                     |
 * ~                    Encrypted IKE Payloads                     ~
 * |               |             Padding (0-255 octets)            |
 * |                                               |  Pad Length   |
 * ~                    Integrity Checksum Data                    ~
 * The SK payload's Next Payload field names the first inner payload.
 */
struct ike_pl_sk {
	uint8_t		first;		/* type of the first inner payload */
	size_t		off;		/* offset of its generic header in
					 * raw */
	struct ike_data	body;		/* IV | ciphertext | ICV */
};

/*
 * Where a received Encrypted Fragment payload (SKF, RFC 7383 §2.5) sits:
 * an SK payload with two more header fields.
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * |        Fragment Number        |        Total Fragments        |
 * |                     Initialization Vector                     |
 * ~                      Encrypted content                        ~
 * |               |             Padding (0-255 octets)            |
 * |                                               |  Pad Length   |
 * ~                    Integrity Checksum Data                    ~
 * Next Payload names the first inner payload of the whole message in
 * fragment 1 (0 in the others, ignored).  The decoder checks lengths
 * only; the reassembly (frag.h) checks 1 <= number <= total.
 */
struct ike_pl_skf {
	uint8_t		first;		/* Next Payload field */
	uint16_t	number;		/* Fragment Number, from 1 */
	uint16_t	total;		/* Total Fragments */
	size_t		off;		/* offset of its generic header in
					 * raw */
	struct ike_data	body;		/* IV | ciphertext | ICV */
};

/*
 * One payload.  type is an IKE_PL_* value for the payloads decoded here
 * (ike_pl_is_known()); for any other type only body and critical matter.
 * Nonce, Vendor ID and EAP payloads carry their whole body in body.
 */
struct ike_pl {
	uint8_t		type;
	uint8_t		critical;	/* critical bit (sent only for
					 * unknown types) */
	uint8_t		in_sk;		/* decoded from inside the SK payload */
	struct ike_data	body;		/* body after the generic header, as
					 * received (decoded messages only) */
	union {
		struct ike_pl_sa	sa;
		struct ike_pl_ke	ke;
		struct ike_pl_id	id;	/* IDi, IDr */
		struct ike_pl_cert	cert;	/* CERT, CERTREQ */
		struct ike_pl_auth	auth;
		struct ike_pl_notify	n;
		struct ike_pl_delete	d;
		struct ike_pl_ts	ts;	/* TSi, TSr */
		struct ike_pl_cp	cp;
	};
};

struct ike_arena;

struct ike_msg {
	struct ike_hdr	 hdr;
	struct ike_pl	*pl;		/* wire order; inner ones after outer */
	size_t		 npl;
	int		 has_sk;	/* decoded: an SK payload was present */
	int		 sk_open;	/* ... and ike_sk_unprotect
					 * accepted it */
	struct ike_pl_sk sk;
	int		 has_skf;	/* decoded: an SKF payload instead of
					 * SK (one fragment; frag.h) */
	struct ike_pl_skf skf;
	const uint8_t	*raw;		/* decoded: copy of the datagram */
	size_t		 rawlen;
	int		 keep_order;	/* encode: payloads in the order
					 * added */
	int		 oom;		/* a builder failed; encode will fail */
	/* private */
	size_t		 plcap;
	struct ike_arena *arena;
};

/*
 * Decode errors, and what RFC 7296 says to do about each.  ike_derr.notify
 * is the notify type to answer with (in the response to this request; the
 * caller protects it when the request was protected), or 0 to drop the
 * message silently.  The decoder fills it by these rules:
 * - DROP: never answered.  Truncated or inconsistent header (§3.1), ICV
 *   failure (§2.21, checked by ike_sk_unprotect), IKEv1 or older, SPIi 0.
 * - INVALID_MAJOR_VERSION: major version above 2 (§2.5); answered with
 *   INVALID_MAJOR_VERSION in a request, unauthenticated.
 * - UNSUPPORTED_CRITICAL_PAYLOAD: unknown payload type with the critical
 *   bit (§2.5); answered with the payload type as data (e.data) when the
 *   message is a request and either its SK opened or it is IKE_SA_INIT.
 * - INVALID_SYNTAX: any other malformation, or a rules violation; answered
 *   only in a request whose SK payload was authenticated (§3.10.1: "only
 *   ... if the Message ID and cryptographic checksum were valid").
 * Responses are never answered (§2.21).
 */
enum ike_derr_code {
	IKE_DERR_NONE = 0,
	IKE_DERR_DROP,
	IKE_DERR_INVALID_MAJOR_VERSION,
	IKE_DERR_UNSUPPORTED_CRITICAL,
	IKE_DERR_INVALID_SYNTAX,
	IKE_DERR_NOMEM,			/* allocation failed: drop */
};

struct ike_derr {
	enum ike_derr_code code;
	uint16_t	 notify;	/* IKE_N_* to answer with, 0: drop */
	uint8_t		 data;		/* UNSUPPORTED_CRITICAL_PAYLOAD data */
	uint8_t		 pltype;	/* payload being decoded, 0: header */
	uint8_t		 in_sk;		/* offset is into the SK plaintext */
	uint8_t		 hdr_ok;	/* m->hdr was decoded */
	size_t		 off;		/* where the problem is */
	const char	*why;		/* static text for the log */
};

const char	*ike_derr_name(enum ike_derr_code code);

/* A new, empty message (caller frees with ike_msg_free); NULL on ENOMEM. */
struct ike_msg	*ike_msg_new(void);
/* Wipes and frees the message and everything it owns; NULL is a no-op. */
void		 ike_msg_free(struct ike_msg *m);

/*
 * Decodes a datagram (the IKE message itself, after any non-ESP marker)
 * into m, which must be fresh from ike_msg_new.  The bytes are copied
 * (cloned).  Checks, before touching any field: datagram >= 28 octets,
 * version, header Length == datagram length, every generic payload length
 * (>= 4, <= bytes left), each payload's own minimum and inner lengths and
 * counts, and that SK (if any) is last and fills the message.  An SK
 * payload is only located (m->has_sk, m->sk); ike_sk_unprotect opens it.
 * So is an SKF payload (m->has_skf, m->skf: the only payload of the
 * datagram); ike_skf_unprotect opens it.
 * Returns 0, or -1 with err filled (m keeps what was decoded so far;
 * err->hdr_ok says whether m->hdr is usable for an answer).
 */
int	ike_msg_decode(struct ike_msg *m, const void *data, size_t len,
	    struct ike_derr *err);

/*
 * Decodes a chain of payloads found inside an SK payload (plaintext without
 * padding), starting with type first, appending them to m with in_sk set.
 * The bytes are copied.  Errors are treated as authenticated (INVALID_SYNTAX
 * is answered in a request; m->hdr says whether it is one, so set it
 * first).  ike_sk_unprotect calls this; tests and the fuzzer may call it
 * directly.  Returns 0 or -1 with err filled.
 */
int	ike_msg_decode_inner(struct ike_msg *m, const void *plain, size_t len,
	    uint8_t first, struct ike_derr *err);

/*
 * Checks a decoded message against the rules table of its exchange and
 * direction (after ike_sk_unprotect for protected exchanges): payloads
 * that must or must not be inside SK, min/max counts, the I flag of
 * IKE_SA_INIT/IKE_AUTH, message ID 0 and SPIr 0 of an IKE_SA_INIT
 * request, proposal numbering (1, 2, ... in a request; one proposal in a
 * response), all-or-none of SA/TSi/TSr in IKE_AUTH.  A known payload that
 * the table does not list is ignored inside SK (strongSwan does the same)
 * and an error outside it; unknown non-critical payloads are ignored.
 * An error notify in a response satisfies the minimums (RFC 7296 §2.21).
 * Returns 0 or -1 with err filled.
 */
int	ike_rules_check(const struct ike_msg *m, struct ike_derr *err);

/*
 * Encodes a message whose payloads all travel in the clear (IKE_SA_INIT,
 * or unprotected notifies) and appends it to out.  Fails (-1) on a builder
 * allocation failure (m->oom) or a field that does not fit its wire field
 * (err may be NULL; err->why says which).
 */
int	ike_msg_encode(const struct ike_msg *m, struct buf *out,
	    struct ike_derr *err);

/*
 * Encodes only the payload chain (sorted unless keep_order) and appends it
 * to out; *first gets the type of the first payload (IKE_PL_NONE if none).
 * This is the plaintext of an SK payload (sk.c uses it).
 */
int	ike_msg_encode_chain(const struct ike_msg *m, struct buf *out,
	    uint8_t *first, struct ike_derr *err);

/* Appends the 28-octet header with the given Next Payload and Length. */
int	ike_hdr_encode(const struct ike_hdr *h, uint8_t next, uint32_t length,
	    struct buf *out);

/* Sets the header of a message being built.  flags: IKE_FLAG_I and/or
 * IKE_FLAG_R. */
void	ike_msg_set_hdr(struct ike_msg *m, uint64_t spi_i, uint64_t spi_r,
	    uint8_t exchange, uint32_t msgid, uint8_t flags);

/*
 * Builders.  Each appends one payload, cloning every byte it is given, and
 * returns it, or NULL (and sets m->oom) when memory runs out or the message
 * already has IKE_MSG_MAX_PAYLOADS.  The returned pointer (like any pointer
 * into m->pl) is valid until the next payload is added; the bytes payloads
 * point to stay valid until ike_msg_free.  Arguments out of range for the
 * wire format are caught by the encoder.
 */
struct ike_pl	*ike_msg_add_sa(struct ike_msg *m, const struct ike_prop *p,
		    size_t nprop);
struct ike_pl	*ike_msg_add_ke(struct ike_msg *m, uint16_t group,
		    const void *data, size_t len);
struct ike_pl	*ike_msg_add_nonce(struct ike_msg *m, const void *nonce,
		    size_t len);
/* pltype: IKE_PL_IDI or IKE_PL_IDR. */
struct ike_pl	*ike_msg_add_id(struct ike_msg *m, uint8_t pltype,
		    uint8_t idtype, const void *data, size_t len);
/* pltype: IKE_PL_CERT or IKE_PL_CERTREQ. */
struct ike_pl	*ike_msg_add_cert(struct ike_msg *m, uint8_t pltype,
		    uint8_t encoding, const void *data, size_t len);
struct ike_pl	*ike_msg_add_auth(struct ike_msg *m, uint8_t method,
		    const void *data, size_t len);
/* proto is sent as 0 when spilen is 0 (§3.10). */
struct ike_pl	*ike_msg_add_notify(struct ike_msg *m, uint8_t proto,
		    const void *spi, size_t spilen, uint16_t type,
		    const void *data, size_t len);
/* spis: nspi * spilen octets in wire order (IKE: 0, 0, NULL). */
struct ike_pl	*ike_msg_add_delete(struct ike_msg *m, uint8_t proto,
		    uint8_t spilen, const void *spis, size_t nspi);
struct ike_pl	*ike_msg_add_vendor(struct ike_msg *m, const void *data,
		    size_t len);
/* pltype: IKE_PL_TSI or IKE_PL_TSR. */
struct ike_pl	*ike_msg_add_ts(struct ike_msg *m, uint8_t pltype,
		    const struct ike_ts *ts, size_t nts);
struct ike_pl	*ike_msg_add_cp(struct ike_msg *m, uint8_t cfgtype,
		    const struct ike_cfg_attr *attr, size_t nattr);
struct ike_pl	*ike_msg_add_eap(struct ike_msg *m, const void *data,
		    size_t len);
/* Any payload type, body sent as given (tests: unknown payloads). */
struct ike_pl	*ike_msg_add_raw(struct ike_msg *m, uint8_t type, int critical,
		    const void *body, size_t len);

/* Clones n bytes into the message's arena (NULL, m->oom set, on ENOMEM;
 * n may be 0).  The copy lives until ike_msg_free. */
void		*ike_msg_dup(struct ike_msg *m, const void *p, size_t n);

/* Fills a TS_IPV4_ADDR_RANGE selector; addresses in host order. */
void		 ike_ts_set_v4(struct ike_ts *ts, uint8_t proto, uint16_t sport,
		    uint16_t eport, uint32_t start, uint32_t end);
/* Reads back the IPv4 range of a TS_IPV4_ADDR_RANGE, host order. */
uint32_t	 ike_ts_v4_start(const struct ike_ts *ts);
uint32_t	 ike_ts_v4_end(const struct ike_ts *ts);

/* Appends ID Type | RESERVED | data: the "RestOfIDPayload" of §2.15. */
int		 ike_id_body(const struct ike_pl_id *id, struct buf *out);

/* 1 for the payload types this codec decodes (SA .. EAP). */
int		 ike_pl_is_known(unsigned type);

/*
 * Accessors.  ike_msg_get: the first payload of that type, or NULL.
 * ike_msg_next: the next one after prev (prev NULL: the first).
 * ike_msg_count: how many.  ike_msg_notify: first Notify of that type.
 * ike_msg_error_notify: first Notify whose type is an error (< 16384).
 */
struct ike_pl		*ike_msg_get(const struct ike_msg *m, uint8_t type);
struct ike_pl		*ike_msg_next(const struct ike_msg *m, uint8_t type,
			    const struct ike_pl *prev);
size_t			 ike_msg_count(const struct ike_msg *m, uint8_t type);
struct ike_pl_notify	*ike_msg_notify(const struct ike_msg *m,
			    uint16_t type);
struct ike_pl_notify	*ike_msg_error_notify(const struct ike_msg *m);

/* SPI i of a Delete payload with 4-octet SPIs, host order. */
uint32_t	 ike_delete_spi32(const struct ike_pl_delete *d, size_t i);
/* The 4-octet SPI of a proposal or notify, host order (0 if not 4). */
uint32_t	 ike_prop_spi32(const struct ike_prop *p);
uint32_t	 ike_notify_spi32(const struct ike_pl_notify *n);

/*
 * One-line summary for logs, strongSwan style:
 * "IKE_AUTH request 1 [ SK{ IDi CERT N(INITIAL_CONTACT) AUTH SA TSi TSr } ]".
 * Always NUL-terminates; returns out.
 */
char		*ike_msg_describe(const struct ike_msg *m, char *out,
		    size_t len);

#endif
