/*
 * SA proposal negotiation (RFC 7296 §2.7, §3.3): builds offers from the
 * configuration, picks a suite as responder and checks the responder's
 * pick as initiator.  Pure functions over the structs of proposal.h; the
 * reasons they return are meant for the log line an operator reads when a
 * tunnel does not come up, so they say what each side had.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ikev2/proposal.h"

/* Described in header. */
int
ike_encr_is_aead(uint16_t encr)
{
	return encr == IKE_ENCR_AES_GCM_16;
}

/* Described in header. */
const struct ike_prop *
ike_offer_props(struct ike_offer *o)
{
	size_t	i;

	for (i = 0; i < IKE_PROPS_MAX; i++)
		o->p[i].xf = o->xf[i];
	return o->p;
}

static void
props_add_xf(struct ike_prop *p, uint8_t type, uint16_t id, uint16_t keylen)
{
	if (p->nxf >= IKE_PROP_XF_MAX)
		return;		/* cannot happen with IKE_CFG_ALGS_MAX */
	p->xf[p->nxf].type = type;
	p->xf[p->nxf].id = id;
	p->xf[p->nxf].keylen = keylen;
	p->xf[p->nxf].attr = NULL;
	p->xf[p->nxf].nattr = 0;
	p->nxf++;
}

/* Described in header. */
void
ike_props_from_cfg(const struct ike_cfg_proposal *cfg, size_t n,
    uint8_t proto, const uint8_t *spi, size_t spi_len, enum ike_prop_dh dh,
    uint16_t first_dh, struct ike_offer *out)
{
	size_t	i, k;

	memset(out, 0, sizeof(*out));
	ike_offer_props(out);
	if (spi_len > IKE_SPI_MAX)
		spi_len = IKE_SPI_MAX;
	for (i = 0; i < n && out->n < IKE_PROPS_MAX; i++) {
		const struct ike_cfg_proposal	*c = &cfg[i];
		struct ike_prop			*p = &out->p[out->n];

		p->num = out->n + 1;
		p->proto = proto;
		p->spi_len = (uint8_t)spi_len;
		if (spi_len)
			memcpy(p->spi, spi, spi_len);
		p->nxf = 0;
		for (k = 0; k < c->n_encr; k++)
			props_add_xf(p, IKE_TT_ENCR, c->encr[k].id,
			    c->encr[k].keylen);
		if (proto == IKE_PROTO_IKE)
			for (k = 0; k < c->n_prf; k++)
				props_add_xf(p, IKE_TT_PRF, c->prf[k], 0);
		for (k = 0; k < c->n_integ; k++)
			props_add_xf(p, IKE_TT_INTEG, c->integ[k], 0);
		if (dh == IKE_PROP_DH_USE) {
			/* Our KE group goes first where it is listed. */
			for (k = 0; k < c->n_dh; k++)
				if (c->dh[k] == first_dh)
					props_add_xf(p, IKE_TT_DH, first_dh, 0);
			for (k = 0; k < c->n_dh; k++)
				if (c->dh[k] != first_dh)
					props_add_xf(p, IKE_TT_DH, c->dh[k], 0);
		}
		if (proto == IKE_PROTO_ESP)
			props_add_xf(p, IKE_TT_ESN, IKE_ESN_NO, 0);
		out->n++;
	}
}

static int
prop_has(const struct ike_prop *p, uint8_t type, uint16_t id, uint16_t keylen)
{
	size_t	i;

	/* A transform with an attribute we do not know is unusable. */
	for (i = 0; i < p->nxf; i++)
		if (p->xf[i].type == type && p->xf[i].id == id &&
		    p->xf[i].keylen == keylen && p->xf[i].nattr == 0)
			return 1;
	return 0;
}

static int
prop_has_type(const struct ike_prop *p, uint8_t type)
{
	size_t	i;

	for (i = 0; i < p->nxf; i++)
		if (p->xf[i].type == type)
			return 1;
	return 0;
}

/* Transform types that belong in a proposal for this protocol. */
static int
type_allowed(uint8_t proto, uint8_t type)
{
	switch (type) {
	case IKE_TT_ENCR:
	case IKE_TT_INTEG:
	case IKE_TT_DH:
		return 1;
	case IKE_TT_PRF:
		return proto == IKE_PROTO_IKE;
	case IKE_TT_ESN:
		return proto == IKE_PROTO_ESP;
	default:
		return 0;
	}
}

/* Picks a DH group: ke_group when both allow it, else our first. */
static int
pick_dh(const struct ike_prop *p, const struct ike_cfg_proposal *c,
    uint16_t ke_group, uint16_t *dh)
{
	size_t	k;

	if (ke_group != IKE_DH_NONE && prop_has(p, IKE_TT_DH, ke_group, 0))
		for (k = 0; k < c->n_dh; k++)
			if (c->dh[k] == ke_group) {
				*dh = ke_group;
				return 0;
			}
	for (k = 0; k < c->n_dh; k++)
		if (prop_has(p, IKE_TT_DH, c->dh[k], 0)) {
			*dh = c->dh[k];
			return 0;
		}
	return -1;
}

/* Matches one peer proposal against one of ours. */
static int
match_one(const struct ike_prop *p, const struct ike_cfg_proposal *c,
    uint8_t proto, enum ike_prop_dh dh, uint16_t ke_group,
    struct ike_suite *s)
{
	size_t	k;

	if (p->proto != proto)
		return -1;
	if (proto == IKE_PROTO_ESP && p->spi_len != 4)
		return -1;
	if (proto == IKE_PROTO_IKE && p->spi_len != 0 && p->spi_len != 8)
		return -1;
	for (k = 0; k < p->nxf; k++)
		if (!type_allowed(proto, p->xf[k].type))
			return -1;	/* RFC 7296 §3.3.6: unknown type */
	memset(s, 0, sizeof(*s));
	s->proto = proto;
	s->num = p->num;
	s->spi_len = p->spi_len;
	memcpy(s->spi, p->spi, p->spi_len);

	for (k = 0; k < c->n_encr; k++)
		if (prop_has(p, IKE_TT_ENCR, c->encr[k].id,
		    c->encr[k].keylen))
			break;
	if (k == c->n_encr)
		return -1;
	s->encr = c->encr[k].id;
	s->encr_keylen = c->encr[k].keylen;

	/* An AEAD cipher carries its own integrity (RFC 5282 §8). */
	if (!ike_encr_is_aead(s->encr)) {
		for (k = 0; k < c->n_integ; k++)
			if (prop_has(p, IKE_TT_INTEG, c->integ[k], 0))
				break;
		if (k == c->n_integ)
			return -1;
		s->integ = c->integ[k];
	}

	if (proto == IKE_PROTO_IKE) {
		for (k = 0; k < c->n_prf; k++)
			if (prop_has(p, IKE_TT_PRF, c->prf[k], 0))
				break;
		if (k == c->n_prf)
			return -1;
		s->prf = c->prf[k];
	}

	if (dh == IKE_PROP_DH_USE) {
		if (c->n_dh == 0) {
			/* No PFS here: fine unless the peer insists. */
			if (prop_has_type(p, IKE_TT_DH) &&
			    !prop_has(p, IKE_TT_DH, IKE_DH_NONE, 0))
				return -1;
			s->dh = IKE_DH_NONE;
		} else if (pick_dh(p, c, ke_group, &s->dh) == -1)
			return -1;
	}

	if (proto == IKE_PROTO_ESP) {
		if (prop_has_type(p, IKE_TT_ESN) &&
		    !prop_has(p, IKE_TT_ESN, IKE_ESN_NO, 0))
			return -1;	/* we only do 32-bit sequence numbers */
		s->esn = IKE_ESN_NO;
	}
	return 0;
}

/* Described in header. */
int
ike_props_select(const struct ike_prop *offer, size_t noffer,
    const struct ike_cfg_proposal *ours, size_t n, uint8_t proto,
    enum ike_prop_dh dh, uint16_t ke_group, struct ike_suite *out,
    char *reason, size_t reasonlen)
{
	char	got[512], want[512];
	size_t	i, j;

	for (j = 0; j < n; j++)
		for (i = 0; i < noffer; i++)
			if (match_one(&offer[i], &ours[j], proto, dh,
			    ke_group, out) == 0)
				return 0;
	if (reason != NULL && reasonlen > 0) {
		ike_props_str(offer, noffer, got, sizeof(got));
		ike_cfg_props_str(ours, n, proto, dh, want, sizeof(want));
		snprintf(reason, reasonlen,
		    "no acceptable proposal: peer offered %s; we accept %s",
		    noffer ? got : "nothing", n ? want : "nothing");
	}
	return -1;
}

/* Described in header. */
int
ike_props_check_reply(const struct ike_offer *offered,
    const struct ike_prop *reply, size_t nreply, enum ike_prop_dh dh,
    struct ike_suite *out, char *reason, size_t reasonlen)
{
	const struct ike_prop	*r, *o = NULL;
	int			 seen[6] = { 0 };
	size_t			 i;
	char			 got[256];

	if (nreply != 1) {
		snprintf(reason, reasonlen,
		    "peer chose %zu proposals instead of one", nreply);
		return -1;
	}
	r = &reply[0];
	for (i = 0; i < offered->n; i++)
		if (offered->p[i].num == r->num &&
		    offered->p[i].proto == r->proto)
			o = &offered->p[i];
	ike_props_str(reply, 1, got, sizeof(got));
	if (o == NULL) {
		snprintf(reason, reasonlen,
		    "peer chose proposal %u (%s), which we did not offer",
		    r->num, got);
		return -1;
	}
	memset(out, 0, sizeof(*out));
	out->proto = r->proto;
	out->num = r->num;
	out->spi_len = r->spi_len;
	memcpy(out->spi, r->spi, r->spi_len);
	for (i = 0; i < r->nxf; i++) {
		const struct ike_xform *x = &r->xf[i];

		if (x->type < 1 || x->type > 5 || !prop_has(o, x->type, x->id,
		    x->keylen) || seen[x->type]++) {
			snprintf(reason, reasonlen,
			    "peer's choice %s does not match our proposal %u",
			    got, r->num);
			return -1;
		}
		switch (x->type) {
		case IKE_TT_ENCR:
			out->encr = x->id;
			out->encr_keylen = x->keylen;
			break;
		case IKE_TT_PRF:
			out->prf = x->id;
			break;
		case IKE_TT_INTEG:
			out->integ = x->id;
			break;
		case IKE_TT_DH:
			out->dh = dh == IKE_PROP_DH_USE ? x->id : IKE_DH_NONE;
			break;
		case IKE_TT_ESN:
			out->esn = x->id;
			break;
		}
	}
	if (!seen[IKE_TT_ENCR] ||
	    (!ike_encr_is_aead(out->encr) && !seen[IKE_TT_INTEG]) ||
	    (r->proto == IKE_PROTO_IKE && !seen[IKE_TT_PRF]) ||
	    (dh == IKE_PROP_DH_USE && !seen[IKE_TT_DH] &&
	    prop_has_type(o, IKE_TT_DH) && !prop_has(o, IKE_TT_DH,
	    IKE_DH_NONE, 0))) {
		snprintf(reason, reasonlen,
		    "peer's choice %s lacks a transform type", got);
		return -1;
	}
	if (ike_encr_is_aead(out->encr))
		out->integ = IKE_INTEG_NONE;
	return 0;
}

/* Described in header. */
void
ike_suite_to_props(const struct ike_suite *s, const uint8_t *spi,
    size_t spi_len, struct ike_offer *out)
{
	struct ike_prop	*p = &out->p[0];

	memset(out, 0, sizeof(*out));
	ike_offer_props(out);
	out->n = 1;
	p->num = s->num;
	p->proto = s->proto;
	if (spi_len > IKE_SPI_MAX)
		spi_len = IKE_SPI_MAX;
	p->spi_len = (uint8_t)spi_len;
	if (spi_len)
		memcpy(p->spi, spi, spi_len);
	props_add_xf(p, IKE_TT_ENCR, s->encr, s->encr_keylen);
	if (s->proto == IKE_PROTO_IKE)
		props_add_xf(p, IKE_TT_PRF, s->prf, 0);
	if (!ike_encr_is_aead(s->encr))
		props_add_xf(p, IKE_TT_INTEG, s->integ, 0);
	if (s->dh != IKE_DH_NONE)
		props_add_xf(p, IKE_TT_DH, s->dh, 0);
	if (s->proto == IKE_PROTO_ESP)
		props_add_xf(p, IKE_TT_ESN, s->esn, 0);
}

/* Described in header.  An offer is large (every transform of every
 * proposal it could hold), hence on the heap. */
int
ike_suite_add_sa(struct ike_msg *m, const struct ike_suite *s,
    const uint8_t *spi, size_t spi_len)
{
	struct ike_offer	*o;

	if ((o = malloc(sizeof(*o))) == NULL)
		return -1;
	ike_suite_to_props(s, spi, spi_len, o);
	ike_msg_add_sa(m, ike_offer_props(o), o->n);
	free(o);
	return 0;
}

/* Described in header. */
int
ike_cfg_props_have_group(const struct ike_cfg_proposal *cfg, size_t n,
    uint16_t group)
{
	size_t	i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < cfg[i].n_dh; k++)
			if (cfg[i].dh[k] == group)
				return 1;
	return 0;
}

/* Described in header. */
const char *
ike_xf_name(uint8_t type, uint16_t id, uint16_t keylen, char *buf,
    size_t len)
{
	const char	*n = NULL;

	switch (type) {
	case IKE_TT_ENCR:
		if (id == IKE_ENCR_AES_CBC)
			snprintf(buf, len, "AES_CBC_%u", keylen);
		else if (id == IKE_ENCR_AES_GCM_16)
			snprintf(buf, len, "AES_GCM_16_%u", keylen);
		else
			snprintf(buf, len, "ENCR_%u", id);
		return buf;
	case IKE_TT_PRF:
		n = id == IKE_PRF_HMAC_SHA1 ? "PRF_HMAC_SHA1" :
		    id == IKE_PRF_HMAC_SHA2_256 ? "PRF_HMAC_SHA2_256" :
		    id == IKE_PRF_HMAC_SHA2_384 ? "PRF_HMAC_SHA2_384" :
		    id == IKE_PRF_HMAC_SHA2_512 ? "PRF_HMAC_SHA2_512" : NULL;
		break;
	case IKE_TT_INTEG:
		n = id == IKE_INTEG_NONE ? "NONE" :
		    id == IKE_INTEG_HMAC_SHA1_96 ? "HMAC_SHA1_96" :
		    id == IKE_INTEG_HMAC_SHA2_256_128 ? "HMAC_SHA2_256_128" :
		    id == IKE_INTEG_HMAC_SHA2_384_192 ? "HMAC_SHA2_384_192" :
		    id == IKE_INTEG_HMAC_SHA2_512_256 ? "HMAC_SHA2_512_256" :
		    NULL;
		break;
	case IKE_TT_DH:
		n = id == IKE_DH_NONE ? "NO_DH" :
		    id == IKE_DH_ECP_256 ? "ECP_256" :
		    id == IKE_DH_ECP_384 ? "ECP_384" :
		    id == IKE_DH_ECP_521 ? "ECP_521" : NULL;
		break;
	case IKE_TT_ESN:
		n = id == IKE_ESN_NO ? "NO_EXT_SEQ" :
		    id == IKE_ESN_YES ? "EXT_SEQ" : NULL;
		break;
	}
	if (n == NULL) {
		static const char *const tn[] = { "T0", "ENCR", "PRF",
		    "INTEG", "DH", "ESN" };

		snprintf(buf, len, "%s_%u", type < 6 ? tn[type] : "T", id);
		return buf;
	}
	snprintf(buf, len, "%s", n);
	return buf;
}

/* Appends text to buf (always NUL-terminated, truncates quietly). */
static void
cat(char *buf, size_t len, const char *s)
{
	size_t	 used = strnlen(buf, len);

	if (used + 1 >= len)
		return;
	snprintf(buf + used, len - used, "%s", s);
}

static const char *
proto_name(uint8_t proto)
{
	return proto == IKE_PROTO_IKE ? "IKE" : proto == IKE_PROTO_ESP ?
	    "ESP" : proto == IKE_PROTO_AH ? "AH" : "PROTO?";
}

/* Described in header. */
void
ike_suite_str(const struct ike_suite *s, char *buf, size_t len)
{
	char	n[32];

	if (len == 0)
		return;
	buf[0] = '\0';
	cat(buf, len, ike_xf_name(IKE_TT_ENCR, s->encr, s->encr_keylen, n,
	    sizeof(n)));
	if (!ike_encr_is_aead(s->encr)) {
		cat(buf, len, "/");
		cat(buf, len, ike_xf_name(IKE_TT_INTEG, s->integ, 0, n,
		    sizeof(n)));
	}
	if (s->proto == IKE_PROTO_IKE) {
		cat(buf, len, "/");
		cat(buf, len, ike_xf_name(IKE_TT_PRF, s->prf, 0, n,
		    sizeof(n)));
	}
	if (s->dh != IKE_DH_NONE) {
		cat(buf, len, "/");
		cat(buf, len, ike_xf_name(IKE_TT_DH, s->dh, 0, n, sizeof(n)));
	}
}

/* Described in header. */
void
ike_props_str(const struct ike_prop *p, size_t np, char *buf, size_t len)
{
	char	n[32];
	size_t	i, k;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < np; i++) {
		if (i)
			cat(buf, len, ", ");
		cat(buf, len, proto_name(p[i].proto));
		cat(buf, len, ":");
		for (k = 0; k < p[i].nxf; k++) {
			const struct ike_xform *x = &p[i].xf[k];

			if (k)
				cat(buf, len, "/");
			cat(buf, len, ike_xf_name(x->type, x->id, x->keylen,
			    n, sizeof(n)));
		}
	}
}

/* Described in header. */
void
ike_cfg_props_str(const struct ike_cfg_proposal *cfg, size_t n,
    uint8_t proto, enum ike_prop_dh dh, char *buf, size_t len)
{
	static const uint8_t	 zero[IKE_SPI_MAX];
	struct ike_offer	*o;

	/* The offer is large for the stack of a deep call chain. */
	if ((o = malloc(sizeof(*o))) == NULL) {
		snprintf(buf, len, "(out of memory)");
		return;
	}
	ike_props_from_cfg(cfg, n, proto, zero, proto == IKE_PROTO_ESP ? 4 : 0,
	    dh, 0, o);
	ike_props_str(o->p, o->n, buf, len);
	free(o);
}
