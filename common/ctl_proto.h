/*
 * The control protocol between the shell (mgmtsec) and the daemon
 * (mgmtsecd): a pure codec over buffers, shared by both sides.  Socket
 * I/O lives in ctl_client.h.
 *
 * Transport: AF_UNIX stream socket.  Every message is one frame:
 *
 *	 0                   1                   2                   3
 *	+-------------------------------+-------------------------------+
 *	|                     length (of the payload)                   |
 *	+-------------------------------+-------------------------------+
 *	|             type              |             flags (0)         |
 *	+-------------------------------+-------------------------------+
 *	|                      seq (request number)                     |
 *	+-------------------------------+-------------------------------+
 *	|                   payload: a record (below)                   |
 *
 * All integers are big-endian.  length <= CTL_MAX_PAYLOAD; flags must be
 * 0 in this version.  The client numbers its requests (seq); each reply
 * frame repeats the seq of its request.
 *
 * Conversation: the first request on a connection is CTL_HELLO.  Each
 * request is answered by zero or more CTL_RECORD frames and exactly one
 * CTL_END frame whose record holds "status" (u32, enum ctl_status) and
 * "message" (str, may be empty).  The daemon never parses CLI text: show
 * and clear requests are typed, and replies are structured records that
 * the shell formats.
 *
 * Record: a sequence of named, typed fields, possibly repeated (a list is
 * the same name several times) and nested (a field of type CTL_FT_REC
 * holds a record), at most CTL_MAX_DEPTH levels deep:
 *
 *	field := u8 type | u8 namelen | name | value
 *	value := u32 (CTL_FT_U32) | u64 (CTL_FT_U64)
 *	       | u32 len, len bytes (CTL_FT_STR, CTL_FT_BYTES, CTL_FT_REC)
 *
 * Names are 1..CTL_NAME_MAX characters of [a-z0-9-].  Strings hold no
 * NUL byte (the decoder rejects one) and are not otherwise trusted: the
 * shell prints them through its own escaping.  The decoder checks every
 * length against what is left before reading and rejects trailing bytes,
 * so decode(encode(r)) == r and encode(decode(b)) == b for every b it
 * accepts.
 */
#ifndef COMMON_CTL_PROTO_H
#define COMMON_CTL_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

#define CTL_PROTO_VERSION	1
#define CTL_HDR_LEN		12
#define CTL_MAX_PAYLOAD		(256 * 1024)
#define CTL_NAME_MAX		31
#define CTL_MAX_DEPTH		8
#define CTL_MAX_FIELDS		65536	/* per record */

/*
 * Frame types.  Parameters (request record fields) and reply records are
 * listed with each; "[x]" marks an optional field.
 */
enum ctl_type {
	/* -> "version" u32 (CTL_PROTO_VERSION), "client" str ("mgmtsec").
	 * <- one record: "version" u32, "daemon" str (version string),
	 *    "pid" u32, "generation" u64 (running generation it applied);
	 *    END with CTL_ST_VERSION if the version is not spoken. */
	CTL_HELLO = 1,
	/* "Running is now generation N": the daemon re-reads running from
	 * the store and reconciles before it answers.
	 * -> "generation" u64, [ "commit-id" u64 ].
	 * <- zero or more records, one per object touched: "object" str
	 *    (e.g. "interface tunnel-ip1"), "action" str ("created",
	 *    "updated", "deleted", "restarted", "failed"), [ "error" str ];
	 *    END: CTL_ST_OK with "applied generation N", or CTL_ST_APPLY
	 *    with the reason it could not. */
	CTL_COMMIT_NOTIFY = 2,

	/* Show requests: parameters [ "detail" u32 (1 = detail) ].
	 * CTL_SHOW_IKEV2_SESSION replies one record per session, nesting
	 * IKE SAs and child SAs:
	 *   "session-id" u32, "status" str, "ike-count" u32,
	 *   "child-count" u32, "ike-sa" rec (repeated):
	 *     "ike-sa-id" u32, "local" str, "local-port" u32, "remote" str,
	 *     "remote-port" u32, "ike-status" str, "role" str, detail
	 *     fields ..., "child-sa" rec (repeated):
	 *       "local-selector" str, "remote-selector" str, "spi-in" u32,
	 *       "spi-out" u32, detail fields ...
	 * The daemon's issue fixes the remaining field lists in this
	 * header; the nesting rule stays. */
	CTL_SHOW_IKEV2_SESSION = 16,
	CTL_SHOW_IKEV2_SA = 17,
	CTL_SHOW_IKEV2_SUMMARY = 18,
	CTL_SHOW_IKEV2_STATISTICS = 19,
	/* [ "interface" str ], [ "detail" u32 ] */
	CTL_SHOW_IPSEC_SA = 20,
	CTL_SHOW_IPSEC_DATAPLANE = 21,
	/* show crypto ca certificates: no parameters. */
	CTL_SHOW_CRYPTO_CA = 22,
	/* [ "interface" str ]: the tunnel-ip interfaces (ctl_records.h) */
	CTL_SHOW_INTERFACES = 23,

	/* Clear requests: [ "all" u32 ] or [ "remote" str A.B.C.D ]
	 * (IKE) / [ "interface" str ] (IPsec).  END says what happened. */
	CTL_CLEAR_IKEV2_SA = 32,
	CTL_CLEAR_IPSEC_SA = 33,

	/* Replies. */
	CTL_RECORD = 64,
	CTL_END = 65
};

/* CTL_END "status". */
enum ctl_status {
	CTL_ST_OK = 0,
	CTL_ST_UNKNOWN = 1,	/* request type not known */
	CTL_ST_BAD_REQUEST = 2,	/* missing or malformed parameter */
	CTL_ST_VERSION = 3,	/* protocol version not spoken */
	CTL_ST_NOT_FOUND = 4,	/* no such interface, peer, ... */
	CTL_ST_APPLY = 5,	/* configuration could not be applied */
	CTL_ST_BUSY = 6,
	CTL_ST_INTERNAL = 7
};

/* Parameter and reply field names used by more than one request. */
#define CTL_K_VERSION		"version"
#define CTL_K_CLIENT		"client"
#define CTL_K_DAEMON		"daemon"
#define CTL_K_PID		"pid"
#define CTL_K_GENERATION	"generation"
#define CTL_K_COMMIT_ID		"commit-id"
#define CTL_K_DETAIL		"detail"
#define CTL_K_INTERFACE		"interface"
#define CTL_K_REMOTE		"remote"
#define CTL_K_ALL		"all"
#define CTL_K_STATUS		"status"
#define CTL_K_MESSAGE		"message"
#define CTL_K_OBJECT		"object"
#define CTL_K_ACTION		"action"
#define CTL_K_ERROR		"error"

enum ctl_ftype {
	CTL_FT_STR = 1,
	CTL_FT_U32 = 2,
	CTL_FT_U64 = 3,
	CTL_FT_BYTES = 4,
	CTL_FT_REC = 5
};

struct ctl_rec;

/* One field, read-only for users of the API. */
struct ctl_field {
	enum ctl_ftype	 type;
	char		 name[CTL_NAME_MAX + 1];
	uint32_t	 u32;
	uint64_t	 u64;
	uint8_t		*data;	/* STR (NUL-terminated) and BYTES */
	size_t		 len;	/* data length, without the NUL */
	struct ctl_rec	*rec;	/* REC */
};

struct ctl_hdr {
	uint32_t	len;	/* payload length */
	uint16_t	type;
	uint16_t	flags;
	uint32_t	seq;
};

/* Records.  A nested record is owned by its parent. */
struct ctl_rec	*ctl_rec_new(void);
/* Frees the record and everything nested; wipes byte values.  NULL ok. */
void		 ctl_rec_free(struct ctl_rec *);
/* Appends a field (values cloned).  Names must be valid (see above); a
 * string must not contain NUL.  Each returns 0 or -1. */
int		 ctl_rec_add_str(struct ctl_rec *, const char *name,
		    const char *s);
int		 ctl_rec_add_u32(struct ctl_rec *, const char *name,
		    uint32_t v);
int		 ctl_rec_add_u64(struct ctl_rec *, const char *name,
		    uint64_t v);
int		 ctl_rec_add_bytes(struct ctl_rec *, const char *name,
		    const void *p, size_t len);
/* Appends an empty nested record and returns it (owned by the parent,
 * borrowed by the caller to fill), or NULL. */
struct ctl_rec	*ctl_rec_add_rec(struct ctl_rec *, const char *name);

size_t		 ctl_rec_count(const struct ctl_rec *);
/* The i-th field (borrowed) or NULL. */
const struct ctl_field *ctl_rec_field(const struct ctl_rec *, size_t i);
/* The first field called name of the given type (borrowed), or NULL. */
const struct ctl_field *ctl_rec_find(const struct ctl_rec *,
		    const char *name, enum ctl_ftype type);
/* Conveniences over ctl_rec_find(): a string (borrowed) or NULL; a
 * number into *v with 0, or -1 when absent. */
const char	*ctl_rec_str(const struct ctl_rec *, const char *name);
int		 ctl_rec_u32(const struct ctl_rec *, const char *name,
		    uint32_t *v);
int		 ctl_rec_u64(const struct ctl_rec *, const char *name,
		    uint64_t *v);
/*
 * Iterates over the nested records called name: start with *iter = 0;
 * returns the next one (borrowed) or NULL at the end.
 */
const struct ctl_rec *ctl_rec_next(const struct ctl_rec *, const char *name,
		    size_t *iter);
/* 1 when both records hold the same fields in the same order. */
int		 ctl_rec_equal(const struct ctl_rec *, const struct ctl_rec *);

/* Appends the record's encoding.  0, or -1 when it would exceed
 * CTL_MAX_PAYLOAD or memory runs out. */
int		 ctl_rec_encode(const struct ctl_rec *, struct buf *);
/* Decodes a record from exactly len bytes.  NULL (err says why) on any
 * malformation. */
struct ctl_rec	*ctl_rec_decode(const uint8_t *p, size_t len, char *err,
		    size_t errlen);

/* Appends a whole frame; payload NULL = empty record.  0 or -1. */
int	ctl_frame_encode(struct buf *, uint16_t type, uint32_t seq,
	    const struct ctl_rec *payload);
/* Appends an END frame with status and message (NULL = ""). */
int	ctl_frame_encode_end(struct buf *, uint32_t seq, uint32_t status,
	    const char *message);
/*
 * Looks at the start of a byte stream: returns 1 when a whole frame is
 * there (*h filled, *framelenp = CTL_HDR_LEN + h->len), 0 when more bytes
 * are needed, -1 when the header is invalid (length over CTL_MAX_PAYLOAD,
 * flags not 0): the connection must then be closed.
 */
int	ctl_frame_split(const uint8_t *p, size_t len, struct ctl_hdr *h,
	    size_t *framelenp);
/*
 * Decodes one whole frame of exactly len bytes: header into *h, payload
 * record into *recp (caller frees).  0 or -1 (err says why).
 */
int	ctl_frame_decode(const uint8_t *p, size_t len, struct ctl_hdr *h,
	    struct ctl_rec **recp, char *err, size_t errlen);

/* Names for logs and messages ("CTL_HELLO", "unknown"). */
const char	*ctl_type_name(uint16_t type);
const char	*ctl_status_name(uint32_t status);

#endif
