/*
 * The configuration grammar of SPEC section 3 as ONE declarative table.
 *
 * Every configuration command is a row: its parent object, its kind, its
 * token sequence (keywords with their help text, typed arguments), the
 * submode prompt it enters, where it renders inside its parent, how it
 * renders and its default.  The same rows drive the line matcher (cli/),
 * `?` help, TAB completion, `no` forms, running-config rendering and the
 * reference checks of validation; nothing else lists the grammar.
 *
 * Item keys (cfgdb/items.h): a row's head (its keywords and its TF_KEY
 * arguments, canonical, joined by one space) is one key component; the
 * value is the canonical text of the row's remaining (value) arguments.
 * List objects and containers have an empty value.  Multi-valued items
 * hold their values, in order, separated by one space.
 */
#ifndef CFGDB_SCHEMA_H
#define CFGDB_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "cfgdb/items.h"
#include "common/iana.h"

/* Typed arguments. */
enum cfg_type {
	CFG_T_NAME = 1,		/* 1-32 of [A-Za-z0-9_.-] (case-sensitive) */
	CFG_T_HOST,		/* hostname: 1-63 of [A-Za-z0-9_.-] */
	CFG_T_IPV4,		/* A.B.C.D */
	CFG_T_MASK,		/* M.M.M.M, contiguous */
	CFG_T_ADDRMASK,		/* A.B.C.D M.M.M.M or A.B.C.D/LEN -> "A M" */
	CFG_T_PREFIX,		/* A.B.C.D/LEN, no host bits */
	CFG_T_RANGE,		/* decimal min..max */
	CFG_T_ENUM,		/* one of vals[] (matched like keywords) */
	CFG_T_PSK,		/* 1-128 printable, no spaces */
	CFG_T_IFNAME,		/* tunnel-ipN, also "Tunnel-IP N" -> tunnel-ipN */
	CFG_T_SRCIF,		/* A.B.C.D or an interface name */
	CFG_T_TEXT,		/* the rest of the line */
	CFG_T_PATH,		/* a file name (one word) */
	CFG_T_WORD,		/* any printable word (labels and such) */
};

/*
 * What an enumerated value means: the IKEv2 transform (RFC 7296 §3.3.2)
 * or authentication method (§3.8) it names, by its IANA number
 * (common/iana.h), and how the shell shows that number when the daemon
 * reports it.  This is the one place a configuration word, its number and
 * its display name meet: the daemon maps words to numbers with it, the
 * shell numbers to names.
 */
enum cfg_mkind {
	CFG_MK_NONE = 0,
	CFG_MK_ENCR = IANA_TT_ENCR,
	CFG_MK_PRF = IANA_TT_PRF,
	CFG_MK_INTEG = IANA_TT_INTEG,
	CFG_MK_DH = IANA_TT_DH,
	CFG_MK_AUTH = 16,	/* an authentication method, not a transform */
};

struct cfg_meaning {
	uint8_t		 kind;		/* enum cfg_mkind; CFG_MK_NONE: unused */
	uint16_t	 id;		/* the IANA number */
	uint16_t	 keylen;	/* ENCR: Key Length attribute (bits) */
	const char	*show;		/* show ikev2 session/sa: "AES-CBC",
					 * "SHA256", "20", "PSK" */
	const char	*show_ipsec;	/* show ipsec sa: "ESP_256_AES",
					 * "HMAC_SHA_256", "group20"; NULL
					 * where it does not show the value */
};

/* Meanings one value may have: a hash names a PRF and an integrity
 * algorithm, rsa-signature two authentication methods. */
#define CFG_ENUM_MEANS	2

/* Value flags. */
/*
 * An AEAD cipher (RFC 5282, RFC 4106): it authenticates by itself, so no
 * integrity algorithm goes with it.  On a line, the arguments after such
 * a value may be left out (a transform set's AUTH).
 */
#define CFG_EF_AEAD	0x01

/* A value of an enumerated argument. */
struct cfg_enum {
	const char		*word;
	const char		*help;
	const char		*canon;		/* stored instead of word (alias),
						 * or NULL */
	uint8_t			 flags;		/* CFG_EF_* */
	/* Accepted by the grammar but refused by commit validation: the
	 * reason it gives (SPEC 3.1: transport mode, GRE, IPv6). */
	const char		*refused;
	struct cfg_meaning	 mean[CFG_ENUM_MEANS];
};

struct cfg_argdef {
	uint8_t			 type;		/* enum cfg_type */
	uint8_t			 exact;		/* ENUM: no prefix matching */
	uint8_t			 ref;		/* row id of the object named */
	uint8_t			 mkind;		/* ENUM: the meaning of its values
						 * it takes (enum cfg_mkind) */
	uint32_t		 min, max;	/* RANGE bounds; string lengths */
	const struct cfg_enum	*vals;		/* ENUM, ends with word NULL */
};

/* Token kinds. */
enum cfg_toktype {
	CFG_TT_KW = 1,		/* keyword: word, help */
	CFG_TT_ARG,		/* typed argument: word names it, arg types it */
	CFG_TT_CONFIG,		/* a configuration line from the schema */
};

/* Token flags. */
#define CFG_TF_OPT	0x01	/* may be left out */
#define CFG_TF_REPEAT	0x02	/* argument repeats (one or more) */
#define CFG_TF_KEY	0x04	/* argument belongs to the item key */
#define CFG_TF_NEG	0x08	/* CONFIG: a negated line (`no ...`) */
#define CFG_TF_PATH	0x10	/* CONFIG: an object path (show running) */
#define CFG_TF_HIDDEN	0x20	/* matched, but not offered by ? and TAB */

struct cfg_tok {
	uint8_t			 type;		/* enum cfg_toktype */
	uint8_t			 flags;		/* CFG_TF_* */
	uint8_t			 grp;		/* any-order option group, 0: none */
	const char		*word;		/* keyword, or argument name */
	const char		*help;
	const struct cfg_argdef	*arg;
};

/* Builders for static token tables (used by schema.c and cli/cmdtab.c). */
#define CFG_KW(w, h)	{ .type = CFG_TT_KW, .word = (w), .help = (h) }
#define CFG_KWF(w, h, f) { .type = CFG_TT_KW, .word = (w), .help = (h), \
			  .flags = (f) }
#define CFG_KWG(w, h, g) { .type = CFG_TT_KW, .word = (w), .help = (h), \
			  .grp = (g) }
#define CFG_ARG(n, h, a) { .type = CFG_TT_ARG, .word = (n), .help = (h), \
			  .arg = &(a) }
#define CFG_ARGF(n, h, a, f) { .type = CFG_TT_ARG, .word = (n), \
			  .help = (h), .arg = &(a), .flags = (f) }
#define CFG_ARGG(n, h, a, f, g) { .type = CFG_TT_ARG, .word = (n), \
			  .help = (h), .arg = &(a), .flags = (f), .grp = (g) }
#define CFG_CONFIG(f)	{ .type = CFG_TT_CONFIG, .word = "CONFIG", \
			  .flags = (f) }
#define CFG_TOKS(...)	.toks = (const struct cfg_tok[]){ __VA_ARGS__ }, \
			.ntoks = sizeof((const struct cfg_tok[]){ __VA_ARGS__ }) \
			    / sizeof(struct cfg_tok)

/* Row kinds. */
enum cfg_kind {
	CFG_K_ROOT = 0,		/* the pseudo-row of (config)# */
	CFG_K_LIST,		/* named object with a submode */
	CFG_K_CONTAINER,	/* unnamed object with a submode */
	CFG_K_LEAF,		/* single value; re-entering replaces */
	CFG_K_MULTI,		/* values in order; lines add */
	CFG_K_FLAG,		/* present or not */
	CFG_K_NOOP,		/* accepted and ignored (automation) */
};

/* Render flags. */
#define CFG_RF_PER_VALUE 0x01	/* MULTI: one line per value */
#define CFG_RF_NEVER	 0x02	/* never rendered (match fvrf any) */
#define CFG_RF_ALIAS	 0x04	/* syntax alias of another row (same item) */
#define CFG_RF_SORTNUM	 0x08	/* LIST: sort by type, then number */

/* Row ids; the table is indexed by them. */
enum cfg_row_id {
	CFG_R_ROOT = 0,
	CFG_R_HOSTNAME,
	CFG_R_PROPOSAL,
	CFG_R_PROP_PRF,
	CFG_R_PROP_DH,
	CFG_R_PROP_INTEG,
	CFG_R_PROP_ENC,
	CFG_R_POLICY,
	CFG_R_POL_LOCAL,
	CFG_R_POL_PROPOSAL,
	CFG_R_POL_FVRF,
	CFG_R_KEYRING,
	CFG_R_PEER,
	CFG_R_PEER_PSK,
	CFG_R_PEER_ADDRESS,
	CFG_R_PEER_PSK_LOCAL,
	CFG_R_PEER_PSK_REMOTE,
	CFG_R_PROFILE,
	CFG_R_PROF_AUTH_LOCAL,
	CFG_R_PROF_KEYRING,
	CFG_R_PROF_LIFETIME,
	CFG_R_PROF_MATCH_ADDR,
	CFG_R_PROF_AUTH_REMOTE,
	CFG_R_PROF_MATCH_ANY,
	CFG_R_PROF_PKI,
	CFG_R_PROF_DPD,
	CFG_R_TRUSTPOINT,
	CFG_R_TP_CA,
	CFG_R_TP_CERT,
	CFG_R_TP_KEY,
	CFG_R_TP_SUBJECT,
	CFG_R_TSET,
	CFG_R_TS_MODE,
	CFG_R_TS_TRANSFORM,
	CFG_R_IPSECPROF,
	CFG_R_IP_IKEV2PROF,
	CFG_R_IP_PFS,
	CFG_R_IP_LIFETIME,
	CFG_R_IP_TSET,
	CFG_R_INTERFACE,
	CFG_R_IF_IPV4,
	CFG_R_IF_TMODE,
	CFG_R_IF_TSRC,
	CFG_R_IF_TDST,
	CFG_R_IF_TPROT,
	CFG_R_IF_SHUTDOWN,
	CFG_R_IF_DESC,
	CFG_R_IF_MTU,
	CFG_R_RSTATIC,
	CFG_R_RS_AF,
	CFG_R_RS_ROUTE,
	CFG_R_IFMAP,
	CFG_R_NOOP_LOGGING,
	CFG_R_NOOP_LINE,
	CFG_R_NOOP_EXECTO,
	CFG_R_NOOP_ABSTO,
	CFG_R_NOOP_SESSTO,
	CFG_R_COUNT
};

struct cfg_row {
	uint8_t			 id;		/* enum cfg_row_id (== index) */
	uint8_t			 parent;	/* row id of the enclosing object */
	uint8_t			 kind;		/* enum cfg_kind */
	uint8_t			 order;		/* render position in the parent */
	uint8_t			 rflags;	/* CFG_RF_* */
	uint8_t			 ntoks;
	const struct cfg_tok	*toks;
	const char		*prompt;	/* submode: "ikev2-proposal-%s" */
	const char		*defval;	/* default value text, or NULL */
	const char		*what;		/* object noun for messages */
};

/* The table (CFG_R_COUNT rows, indexed by id). */
extern const struct cfg_row	cfg_schema[CFG_R_COUNT];

static inline const struct cfg_row *
cfg_row(unsigned id)
{
	return id < CFG_R_COUNT ? &cfg_schema[id] : NULL;
}

/* 1 for rows that are objects (LIST, CONTAINER, ROOT). */
int	cfg_row_is_object(const struct cfg_row *);
/* Number of head tokens (keywords and TF_KEY arguments). */
size_t	cfg_row_nhead(const struct cfg_row *);

/*
 * Typed-argument checks.  accept() looks at one token; sub is 0 for the
 * first token of an argument and 1 for its continuation (interface number
 * after "tunnel-ip", mask after a bare address).  It appends the canonical
 * text to out (NUL-terminated, truncated at outsz) and returns:
 */
enum cfg_acc {
	CFG_ACC_NO = 0,		/* not this argument */
	CFG_ACC_DONE,		/* accepted, argument complete */
	CFG_ACC_MORE,		/* accepted, needs the next token (sub 1) */
};
int	cfg_arg_accept(const struct cfg_argdef *, int sub, const char *s,
	    size_t len, char *out, size_t outsz);
/* How ? shows the argument: "A.B.C.D", "<120-86400>", "WORD", "LINE". */
const char *cfg_arg_display(const struct cfg_argdef *, int sub, char *buf,
	    size_t bufsz);
/* The help text ? shows for the continuation token (sub 1). */
const char *cfg_arg_subhelp(const struct cfg_argdef *);

/* Enumerated values: the entry for a word typed in full (any case). */
const struct cfg_enum *cfg_enum_exact(const struct cfg_argdef *,
	    const char *s, size_t len);
/* The entry for a word as a configuration holds it (exact spelling,
 * aliases included), or NULL. */
const struct cfg_enum *cfg_enum_word(const struct cfg_argdef *,
	    const char *s, size_t len);
/* The stored spelling of an enum value. */
const char *cfg_enum_canon(const struct cfg_enum *);
/* What value e means to argument a (its mkind), or NULL. */
const struct cfg_meaning *cfg_enum_meaning(const struct cfg_argdef *a,
	    const struct cfg_enum *e);
/*
 * The other way, for display: the first value (in table order) of an
 * enumerated argument of row whose meaning is (kind, id) with key length
 * keylen (CFG_KEYLEN_ANY: any), or NULL when the row has none.
 */
#define CFG_KEYLEN_ANY	(~0u)
const struct cfg_meaning *cfg_meaning_find(unsigned row, unsigned kind,
	    unsigned id, unsigned keylen);

/*
 * The value words of an item, each with the argument token it fills: the
 * row's tokens after its head, in order.  An optional token the word does
 * not fit is passed over; a repeated token takes every word left; in a
 * multi-valued item, each value starts over at the first.
 */
struct cfg_words {
	const struct cfg_row	*row;
	const char		*p;
	size_t			 tok;	/* the token the next word fills */
	size_t			 took;	/* words a repeated token has taken */
	int			 sub;	/* the word returned last is an
					 * argument's second ("M.M.M.M") */
	int			 more;	/* the next word will be one */
};
void	cfg_words_init(struct cfg_words *, const struct cfg_row *,
	    const char *value);
/* The next word: 1 with *w, *len and its token (*tokp NULL when the row
 * has no token left for it), 0 at the end. */
int	cfg_words_next(struct cfg_words *, const char **w, size_t *len,
	    const struct cfg_tok **tokp);
/*
 * The next word as an enumerated value: 1 with *ep (NULL when the word is
 * not a value of its token's argument) and, when mp is not NULL, *mp its
 * meaning to that argument (or NULL); 0 at the end.
 */
int	cfg_words_enum(struct cfg_words *, const struct cfg_enum **ep,
	    const struct cfg_meaning **mp);
/* The reason the first refused word of an item's value gives, or NULL. */
const char *cfg_value_refused(const struct cfg_row *, const char *value);
/*
 * 1 when an item's value holds exactly the row's value arguments: a word
 * its token accepts for every one that is not optional (nothing more
 * after an AEAD value, CFG_EF_AEAD), and no word left over; else 0 (a
 * value no line of the grammar stores, from a damaged database).
 */
int	cfg_value_ok(const struct cfg_row *, const char *value);

/* Simple value helpers (pure). */
int	cfg_ipv4_parse(const char *s, size_t len, uint32_t *addr);
int	cfg_mask_parse(const char *s, size_t len, unsigned *prefixlen);
void	cfg_ipv4_format(uint32_t addr, char buf[16]);
/* Canonical interface name ("Tunnel-IP1" -> "tunnel-ip1"); 0 or -1. */
int	cfg_ifname_canon(const char *s, size_t len, char *out, size_t outsz);
/* Interface number of a canonical tunnel-ipN name, or -1. */
long	cfg_ifname_unit(const char *);

/*
 * Looks up the row of one key component below a parent row.  Fills
 * *rowp; returns 0, or -1 when no row of that parent has this head.
 */
int	cfg_schema_lookup(unsigned parent, const char *comp, size_t len,
	    const struct cfg_row **rowp);
/*
 * The row of a full item key (walks its components), or NULL.  The
 * rows of every level are stored in rows[] when rows is not NULL
 * (at most maxdepth); *depthp gets the depth.
 */
const struct cfg_row *cfg_schema_key_row(const char *key,
	    const struct cfg_row **rows, size_t maxdepth, size_t *depthp);

/* The name argument of a LIST component ("ikev2 proposal P1" -> "P1"). */
const char *cfg_comp_name(const struct cfg_row *, const char *comp);
/* Builds the component of a LIST row for a name into out.  0 or -1. */
int	cfg_comp_make(const struct cfg_row *, const char *name, char *out,
	    size_t outsz);

/* Submode prompt text for an object component ("ikev2-proposal-P1"). */
int	cfg_prompt_format(const struct cfg_row *, const char *comp, char *out,
	    size_t outsz);

/*
 * Pre-shared keys are stored as typed: "KEY", "clear KEY" or
 * "password ENC" (Cisco type 7).  Writes the plain key into out; returns
 * its length, or -1 when the value is malformed.
 */
int	cfg_psk_plain(const char *value, char *out, size_t outsz);

/* Multi-valued items: 1 when value (space separated) holds word. */
int	cfg_multi_has(const char *value, const char *word, size_t wlen);

#endif
