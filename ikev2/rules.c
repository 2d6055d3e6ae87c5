/*
 * Which payloads each IKEv2 message may carry, and in which order we emit
 * them: one table per exchange and direction (strongSwan's payload_rule_t
 * idea, written as data), checked by ike_rules_check after the SK payload
 * has been opened, and ranked by ike_rules_rank for the encoder.
 *
 * The message layouts are RFC 7296 §1.2 (IKE_SA_INIT, IKE_AUTH), §1.3
 * (CREATE_CHILD_SA) and §1.4 (INFORMATIONAL).  IKE_SA_INIT and IKE_AUTH
 * requests always come from the original initiator, so those rows also pin
 * the I flag (§3.1); CREATE_CHILD_SA and INFORMATIONAL may be sent by either
 * side and share one row per direction.
 */
#include "config.h"

#include <string.h>

#include "ikev2/codec_int.h"

#define MAX_N		32	/* notifies per message */
#define MAX_V		32	/* vendor IDs */
#define MAX_D		32	/* delete payloads */
#define MAX_CERT	8

/* ike_rule.flags */
#define R_SK		0x01	/* must travel inside SK */
#define R_SUFFICIENT	0x02	/* present: the minimums no longer apply */

/* ike_msg_rules.iflag */
#define I_ANY		0
#define I_SET		1
#define I_CLEAR		2

/* ike_msg_rules.ike_spi: SPI size of IKE proposals in an SA payload. */
#define IKE_SPI_NONE	0xff	/* IKE proposals not expected at all */

struct ike_rule {
	uint8_t		type;
	uint8_t		min;
	uint8_t		max;
	uint8_t		flags;
	uint8_t		group;	/* non-zero: all of the group or none */
};

struct ike_order {
	uint8_t		type;
	uint16_t	notify;	/* for IKE_PL_NOTIFY: this type only; 0: any */
};

struct ike_msg_rules {
	uint8_t			 exchange;
	uint8_t			 response;
	uint8_t			 iflag;
	uint8_t			 protect;	/* SK required */
	uint8_t			 ike_spi;
	const struct ike_rule	*rule;
	size_t			 nrule;
	const struct ike_order	*order;
	size_t			 norder;
};

#define N(x)	(sizeof(x) / sizeof((x)[0]))
#define MAX_RULES	16	/* longest rule list; see the asserts below */

/* HDR, [N(COOKIE),] SAi1, KEi, Ni, [N+], [V+] */
static const struct ike_rule init_i_rules[] = {
	{ IKE_PL_NOTIFY,	0, MAX_N, 0, 0 },
	{ IKE_PL_SA,		1, 1, 0, 0 },
	{ IKE_PL_KE,		1, 1, 0, 0 },
	{ IKE_PL_NONCE,		1, 1, 0, 0 },
	{ IKE_PL_VENDOR,	0, MAX_V, 0, 0 },
};
static const struct ike_order init_i_order[] = {
	{ IKE_PL_NOTIFY,	IKE_N_COOKIE },	/* §2.6: first payload */
	{ IKE_PL_SA,		0 },
	{ IKE_PL_KE,		0 },
	{ IKE_PL_NONCE,		0 },
	{ IKE_PL_NOTIFY,	IKE_N_NAT_DETECTION_SOURCE_IP },
	{ IKE_PL_NOTIFY,	IKE_N_NAT_DETECTION_DESTINATION_IP },
	{ IKE_PL_NOTIFY,	0 },
	{ IKE_PL_VENDOR,	0 },
};

/* HDR, SAr1, KEr, Nr, [CERTREQ+], [N+], [V+]  or  HDR, N */
static const struct ike_rule init_r_rules[] = {
	{ IKE_PL_NOTIFY,	0, MAX_N, 0, 0 },
	{ IKE_PL_SA,		1, 1, 0, 0 },
	{ IKE_PL_KE,		1, 1, 0, 0 },
	{ IKE_PL_NONCE,		1, 1, 0, 0 },
	{ IKE_PL_CERTREQ,	0, MAX_CERT, 0, 0 },
	{ IKE_PL_VENDOR,	0, MAX_V, 0, 0 },
};
static const struct ike_order init_r_order[] = {
	{ IKE_PL_SA,		0 },
	{ IKE_PL_KE,		0 },
	{ IKE_PL_NONCE,		0 },
	{ IKE_PL_NOTIFY,	IKE_N_NAT_DETECTION_SOURCE_IP },
	{ IKE_PL_NOTIFY,	IKE_N_NAT_DETECTION_DESTINATION_IP },
	{ IKE_PL_CERTREQ,	0 },
	{ IKE_PL_NOTIFY,	0 },
	{ IKE_PL_VENDOR,	0 },
};

/* HDR, SK {IDi, [CERT+,] [N(INITIAL_CONTACT),] [CERTREQ+,] [IDr,] AUTH,
 *	    [CP,] [N+,] SAi2, TSi, TSr, [N+], [V+]}
 * AUTH may be absent when EAP follows (§2.16); SA, TSi, TSr come together
 * or not at all (RFC 6023 childless). */
static const struct ike_rule auth_i_rules[] = {
	{ IKE_PL_NOTIFY,	0, MAX_N, R_SK, 0 },
	{ IKE_PL_EAP,		0, 1, R_SK | R_SUFFICIENT, 0 },
	{ IKE_PL_IDI,		1, 1, R_SK, 0 },
	{ IKE_PL_CERT,		0, MAX_CERT, R_SK, 0 },
	{ IKE_PL_CERTREQ,	0, MAX_CERT, R_SK, 0 },
	{ IKE_PL_IDR,		0, 1, R_SK, 0 },
	{ IKE_PL_AUTH,		0, 1, R_SK, 0 },
	{ IKE_PL_CP,		0, 1, R_SK, 0 },
	{ IKE_PL_SA,		0, 1, R_SK, 1 },
	{ IKE_PL_TSI,		0, 1, R_SK, 1 },
	{ IKE_PL_TSR,		0, 1, R_SK, 1 },
	{ IKE_PL_VENDOR,	0, MAX_V, R_SK, 0 },
};
static const struct ike_order auth_i_order[] = {
	{ IKE_PL_IDI,		0 },
	{ IKE_PL_CERT,		0 },
	{ IKE_PL_NOTIFY,	IKE_N_INITIAL_CONTACT },
	{ IKE_PL_CERTREQ,	0 },
	{ IKE_PL_IDR,		0 },
	{ IKE_PL_AUTH,		0 },
	{ IKE_PL_EAP,		0 },
	{ IKE_PL_CP,		0 },
	{ IKE_PL_NOTIFY,	IKE_N_USE_TRANSPORT_MODE },
	{ IKE_PL_NOTIFY,	IKE_N_ESP_TFC_PADDING_NOT_SUPPORTED },
	{ IKE_PL_NOTIFY,	IKE_N_NON_FIRST_FRAGMENTS_ALSO },
	{ IKE_PL_SA,		0 },
	{ IKE_PL_TSI,		0 },
	{ IKE_PL_TSR,		0 },
	{ IKE_PL_NOTIFY,	0 },
	{ IKE_PL_VENDOR,	0 },
};

/* HDR, SK {IDr, [CERT+,] AUTH, [CP,] [N+,] SAr2, TSi, TSr, [N+], [V+]}
 * or an error notify (with or without IDr/AUTH, §2.21.2). */
static const struct ike_rule auth_r_rules[] = {
	{ IKE_PL_NOTIFY,	0, MAX_N, R_SK, 0 },
	{ IKE_PL_EAP,		0, 1, R_SK | R_SUFFICIENT, 0 },
	{ IKE_PL_IDR,		1, 1, R_SK, 0 },
	{ IKE_PL_CERT,		0, MAX_CERT, R_SK, 0 },
	{ IKE_PL_AUTH,		1, 1, R_SK, 0 },
	{ IKE_PL_CP,		0, 1, R_SK, 0 },
	{ IKE_PL_SA,		0, 1, R_SK, 1 },
	{ IKE_PL_TSI,		0, 1, R_SK, 1 },
	{ IKE_PL_TSR,		0, 1, R_SK, 1 },
	{ IKE_PL_VENDOR,	0, MAX_V, R_SK, 0 },
};
static const struct ike_order auth_r_order[] = {
	{ IKE_PL_IDR,		0 },
	{ IKE_PL_CERT,		0 },
	{ IKE_PL_AUTH,		0 },
	{ IKE_PL_EAP,		0 },
	{ IKE_PL_CP,		0 },
	{ IKE_PL_NOTIFY,	IKE_N_USE_TRANSPORT_MODE },
	{ IKE_PL_NOTIFY,	IKE_N_ESP_TFC_PADDING_NOT_SUPPORTED },
	{ IKE_PL_NOTIFY,	IKE_N_NON_FIRST_FRAGMENTS_ALSO },
	{ IKE_PL_SA,		0 },
	{ IKE_PL_TSI,		0 },
	{ IKE_PL_TSR,		0 },
	{ IKE_PL_NOTIFY,	0 },
	{ IKE_PL_VENDOR,	0 },
};

/* HDR, SK {[N(REKEY_SA)], [N+], SA, Ni, [KEi], [TSi, TSr]} (§1.3.1-3) */
static const struct ike_rule child_i_rules[] = {
	{ IKE_PL_NOTIFY,	0, MAX_N, R_SK, 0 },
	{ IKE_PL_SA,		1, 1, R_SK, 0 },
	{ IKE_PL_NONCE,		1, 1, R_SK, 0 },
	{ IKE_PL_KE,		0, 1, R_SK, 0 },
	{ IKE_PL_TSI,		0, 1, R_SK, 1 },
	{ IKE_PL_TSR,		0, 1, R_SK, 1 },
	{ IKE_PL_CP,		0, 1, R_SK, 0 },
	{ IKE_PL_VENDOR,	0, MAX_V, R_SK, 0 },
};
static const struct ike_order child_i_order[] = {
	{ IKE_PL_NOTIFY,	IKE_N_REKEY_SA },
	{ IKE_PL_NOTIFY,	IKE_N_USE_TRANSPORT_MODE },
	{ IKE_PL_NOTIFY,	IKE_N_ESP_TFC_PADDING_NOT_SUPPORTED },
	{ IKE_PL_NOTIFY,	IKE_N_NON_FIRST_FRAGMENTS_ALSO },
	{ IKE_PL_SA,		0 },
	{ IKE_PL_NONCE,		0 },
	{ IKE_PL_KE,		0 },
	{ IKE_PL_TSI,		0 },
	{ IKE_PL_TSR,		0 },
	{ IKE_PL_NOTIFY,	0 },
	{ IKE_PL_VENDOR,	0 },
};

/* HDR, SK {[N+], SA, Nr, [KEr], [TSi, TSr]}  or  HDR, SK {N} */
static const struct ike_rule child_r_rules[] = {
	{ IKE_PL_NOTIFY,	0, MAX_N, R_SK, 0 },
	{ IKE_PL_SA,		1, 1, R_SK, 0 },
	{ IKE_PL_NONCE,		1, 1, R_SK, 0 },
	{ IKE_PL_KE,		0, 1, R_SK, 0 },
	{ IKE_PL_TSI,		0, 1, R_SK, 1 },
	{ IKE_PL_TSR,		0, 1, R_SK, 1 },
	{ IKE_PL_CP,		0, 1, R_SK, 0 },
	{ IKE_PL_VENDOR,	0, MAX_V, R_SK, 0 },
};
static const struct ike_order child_r_order[] = {
	{ IKE_PL_NOTIFY,	IKE_N_USE_TRANSPORT_MODE },
	{ IKE_PL_NOTIFY,	IKE_N_ESP_TFC_PADDING_NOT_SUPPORTED },
	{ IKE_PL_NOTIFY,	IKE_N_NON_FIRST_FRAGMENTS_ALSO },
	{ IKE_PL_SA,		0 },
	{ IKE_PL_NONCE,		0 },
	{ IKE_PL_KE,		0 },
	{ IKE_PL_TSI,		0 },
	{ IKE_PL_TSR,		0 },
	{ IKE_PL_NOTIFY,	IKE_N_ADDITIONAL_TS_POSSIBLE },
	{ IKE_PL_NOTIFY,	0 },
	{ IKE_PL_VENDOR,	0 },
};

/* HDR, SK {[N,] [D,] [CP,] ...}; empty is a liveness check (§1.4). */
static const struct ike_rule info_rules[] = {
	{ IKE_PL_NOTIFY,	0, MAX_N, R_SK, 0 },
	{ IKE_PL_DELETE,	0, MAX_D, R_SK, 0 },
	{ IKE_PL_CP,		0, 1, R_SK, 0 },
	{ IKE_PL_VENDOR,	0, MAX_V, R_SK, 0 },
};
static const struct ike_order info_order[] = {
	{ IKE_PL_NOTIFY,	0 },
	{ IKE_PL_DELETE,	0 },
	{ IKE_PL_CP,		0 },
	{ IKE_PL_VENDOR,	0 },
};

#define ROW(ex, resp, iflag, prot, spi, r, o) \
	{ ex, resp, iflag, prot, spi, r, N(r), o, N(o) }

static const struct ike_msg_rules msg_rules[] = {
	ROW(IKE_EXCH_IKE_SA_INIT, 0, I_SET, 0, 0, init_i_rules, init_i_order),
	ROW(IKE_EXCH_IKE_SA_INIT, 1, I_CLEAR, 0, 0, init_r_rules,
	    init_r_order),
	ROW(IKE_EXCH_IKE_AUTH, 0, I_SET, 1, IKE_SPI_NONE, auth_i_rules,
	    auth_i_order),
	ROW(IKE_EXCH_IKE_AUTH, 1, I_CLEAR, 1, IKE_SPI_NONE, auth_r_rules,
	    auth_r_order),
	ROW(IKE_EXCH_CREATE_CHILD_SA, 0, I_ANY, 1, 8, child_i_rules,
	    child_i_order),
	ROW(IKE_EXCH_CREATE_CHILD_SA, 1, I_ANY, 1, 8, child_r_rules,
	    child_r_order),
	ROW(IKE_EXCH_INFORMATIONAL, 0, I_ANY, 1, IKE_SPI_NONE, info_rules,
	    info_order),
	ROW(IKE_EXCH_INFORMATIONAL, 1, I_ANY, 1, IKE_SPI_NONE, info_rules,
	    info_order),
};

_Static_assert(N(init_i_rules) <= MAX_RULES && N(init_r_rules) <= MAX_RULES &&
    N(auth_i_rules) <= MAX_RULES && N(auth_r_rules) <= MAX_RULES &&
    N(child_i_rules) <= MAX_RULES && N(child_r_rules) <= MAX_RULES &&
    N(info_rules) <= MAX_RULES, "rule list longer than MAX_RULES");

static const struct ike_msg_rules *
find_rules(const struct ike_msg *m)
{
	size_t	i;
	int	resp = ike_hdr_is_response(&m->hdr);

	for (i = 0; i < N(msg_rules); i++)
		if (msg_rules[i].exchange == m->hdr.exchange &&
		    msg_rules[i].response == resp)
			return &msg_rules[i];
	return NULL;
}

/* Described in codec_int.h. */
unsigned
ike_rules_rank(const struct ike_msg *m, const struct ike_pl *pl)
{
	const struct ike_msg_rules	*mr;
	size_t				 i;

	if ((mr = find_rules(m)) == NULL)
		return 0;
	for (i = 0; i < mr->norder; i++) {
		if (mr->order[i].type != pl->type)
			continue;
		if (pl->type == IKE_PL_NOTIFY && mr->order[i].notify != 0 &&
		    mr->order[i].notify != pl->n.type)
			continue;
		return (unsigned)i;
	}
	return (unsigned)mr->norder;
}

static const struct ike_rule *
find_rule(const struct ike_msg_rules *mr, uint8_t type)
{
	size_t	i;

	for (i = 0; i < mr->nrule; i++)
		if (mr->rule[i].type == type)
			return &mr->rule[i];
	return NULL;
}

/* Fails a rules check: authenticated when the message's SK opened. */
static int
violation(const struct ike_msg *m, struct ike_derr *err, uint8_t pltype,
    const char *why)
{
	ike_derr_set(err, IKE_DERR_INVALID_SYNTAX, pltype, 0, why);
	ike_derr_finish(err, m, m->sk_open);
	return -1;
}

/*
 * Proposal numbering (§3.3.1): a request numbers its proposals 1, 2, ...;
 * a response carries the one accepted proposal (§2.7).  IKE proposals must
 * have the SPI size of their exchange (0 in IKE_SA_INIT, 8 when rekeying).
 */
static int
check_sa(const struct ike_msg *m, const struct ike_msg_rules *mr,
    const struct ike_pl_sa *sa, struct ike_derr *err)
{
	size_t	i;

	if (mr->response && sa->nprop != 1)
		return violation(m, err, IKE_PL_SA,
		    "SA in a response must carry exactly one proposal");
	for (i = 0; i < sa->nprop; i++) {
		if (!mr->response && sa->prop[i].num != i + 1)
			return violation(m, err, IKE_PL_SA,
			    "proposals not numbered 1, 2, ...");
		if (sa->prop[i].proto != IKE_PROTO_IKE)
			continue;
		if (mr->ike_spi == IKE_SPI_NONE)
			return violation(m, err, IKE_PL_SA,
			    "IKE proposal in a Child SA negotiation");
		if (sa->prop[i].spi_len != mr->ike_spi)
			return violation(m, err, IKE_PL_SA,
			    "IKE proposal with the wrong SPI size here");
	}
	return 0;
}

/* Described in header. */
int
ike_rules_check(const struct ike_msg *m, struct ike_derr *err)
{
	const struct ike_msg_rules	*mr;
	const struct ike_rule		*rule;
	const struct ike_pl		*pl;
	unsigned			 count[MAX_RULES];
	unsigned			 gseen[2] = { 0, 0 };
	unsigned			 gsize[2] = { 0, 0 };
	int				 sufficient = 0;
	size_t				 i;

	if (err != NULL) {
		memset(err, 0, sizeof(*err));
		err->hdr_ok = 1;
	}
	memset(count, 0, sizeof(count));
	if ((mr = find_rules(m)) == NULL)
		return violation(m, err, 0, "no rules for this exchange type");
	if (mr->protect && !m->has_sk)
		return violation(m, err, 0, "exchange must be protected by "
		    "an SK payload");
	if (!mr->protect && m->has_sk)
		return violation(m, err, IKE_PL_SK,
		    "SK payload in an unprotected exchange");
	if (m->has_skf) {
		/* One fragment is never a message (frag.c reassembles). */
		ike_derr_set(err, IKE_DERR_DROP, IKE_PL_SKF, 0,
		    "a fragment (SKF), not a reassembled message");
		return -1;
	}
	if (m->has_sk && !m->sk_open) {
		ike_derr_set(err, IKE_DERR_DROP, IKE_PL_SK, 0,
		    "SK payload not opened (call ike_sk_unprotect first)");
		return -1;
	}
	if ((mr->iflag == I_SET && !ike_hdr_from_initiator(&m->hdr)) ||
	    (mr->iflag == I_CLEAR && ike_hdr_from_initiator(&m->hdr)))
		return violation(m, err, 0, "I flag wrong for the direction");
	if (m->hdr.exchange == IKE_EXCH_IKE_SA_INIT && !mr->response &&
	    (m->hdr.msgid != 0 || m->hdr.spi_r != 0))
		return violation(m, err, 0, "IKE_SA_INIT request with a "
		    "message ID or responder SPI other than 0");

	for (i = 0; i < m->npl; i++) {
		pl = &m->pl[i];
		if ((rule = find_rule(mr, pl->type)) == NULL) {
			/* Unknown types were vetted by the decoder; a known
			 * type this message does not use is ignored when it
			 * was authenticated, refused in the clear. */
			if (ike_pl_is_known(pl->type) && !pl->in_sk)
				return violation(m, err, pl->type, "payload "
				    "not allowed in this message");
			continue;
		}
		if ((rule->flags & R_SK) && !pl->in_sk)
			return violation(m, err, pl->type,
			    "payload must be inside SK");
		if (++count[rule - mr->rule] > rule->max)
			return violation(m, err, pl->type,
			    "payload occurs too often");
		if (rule->flags & R_SUFFICIENT)
			sufficient = 1;
		if (mr->response && pl->type == IKE_PL_NOTIFY &&
		    (IKE_N_IS_ERROR(pl->n.type) || pl->n.type == IKE_N_COOKIE))
			sufficient = 1;
		if (pl->type == IKE_PL_SA &&
		    check_sa(m, mr, &pl->sa, err) == -1)
			return -1;
	}
	for (i = 0; i < mr->nrule; i++) {
		rule = &mr->rule[i];
		if (!sufficient && count[i] < rule->min)
			return violation(m, err, rule->type,
			    "required payload missing");
		if (rule->group != 0) {
			gsize[rule->group - 1]++;
			if (count[i] > 0)
				gseen[rule->group - 1]++;
		}
	}
	for (i = 0; i < 2; i++)
		if (gseen[i] != 0 && gseen[i] != gsize[i])
			return violation(m, err, 0, "SA/TSi/TSr must come "
			    "together");
	return 0;
}
