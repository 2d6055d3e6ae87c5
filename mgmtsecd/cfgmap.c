/*
 * Config -> negotiation mapping (see cfgmap.h).  The running
 * configuration is read through the schema view (cfgdb/view.h): objects
 * and their items by row id, values typed, and each algorithm word turned
 * into its IANA number by the meaning its schema value carries
 * (cfgdb/schema.h).  No key or keyword is spelled here, and no rule of
 * validation is restated: the ones the mapping needs (what a proposal
 * lacks, which key a peer uses, which peer covers an address) are
 * validation's own (cfgdb/validate.h).  Everything here is pure.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "cfgdb/schema.h"
#include "cfgdb/validate.h"
#include "cfgdb/view.h"
#include "mgmtsecd/cfgmap.h"

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL || errlen == 0 || err[0] != '\0')
		return;		/* keep the first reason */
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* "ikev2 profile NAME does not exist": the schema's noun for the row. */
static void
no_object(char *err, size_t errlen, unsigned row, const char *name)
{
	seterr(err, errlen, "%s %s does not exist", cfg_row(row)->what, name);
}

static struct in_addr
in4(uint32_t host)
{
	struct in_addr	a;

	a.s_addr = htonl(host);
	return a;
}

/*
 * Algorithms
 */

/* Adds one algorithm, by what it means, to a proposal. */
static void
prop_add(struct ike_cfg_proposal *p, const struct cfg_meaning *m)
{
	switch (m->kind) {
	case CFG_MK_ENCR:
		if (p->n_encr < IKE_CFG_ALGS_MAX) {
			p->encr[p->n_encr].id = m->id;
			p->encr[p->n_encr++].keylen = m->keylen;
		}
		break;
	case CFG_MK_INTEG:
		if (p->n_integ < IKE_CFG_ALGS_MAX)
			p->integ[p->n_integ++] = m->id;
		break;
	case CFG_MK_PRF:
		if (p->n_prf < IKE_CFG_ALGS_MAX)
			p->prf[p->n_prf++] = m->id;
		break;
	case CFG_MK_DH:
		if (p->n_dh < IKE_CFG_ALGS_MAX)
			p->dh[p->n_dh++] = m->id;
		break;
	}
}

/* Adds the algorithms of an item of row to p; -1 when a word means no
 * algorithm the schema knows. */
static int
prop_add_words(struct ike_cfg_proposal *p, unsigned row, const char *value)
{
	struct cfg_words		 w;
	const struct cfg_enum		*e;
	const struct cfg_meaning	*m;
	int				 rc = 0;

	cfg_words_init(&w, cfg_row(row), value);
	while (cfg_words_enum(&w, &e, &m)) {
		if (m == NULL || m->kind == CFG_MK_AUTH)
			rc = -1;
		else
			prop_add(p, m);
	}
	return rc;
}

/* The meaning of one word to row's argument, or NULL. */
static const struct cfg_meaning *
word_meaning(unsigned row, const char *word)
{
	struct cfg_words		 w;
	const struct cfg_enum		*e;
	const struct cfg_meaning	*m;

	cfg_words_init(&w, cfg_row(row), word);
	return cfg_words_enum(&w, &e, &m) ? m : NULL;
}

/* Described in cfgmap.h. */
int
dmn_map_encr(const char *w, struct ike_cfg_encr *out)
{
	const struct cfg_meaning	*m = word_meaning(CFG_R_PROP_ENC, w);

	if (m == NULL)
		return -1;
	out->id = m->id;
	out->keylen = m->keylen;
	return 0;
}

/* Described in cfgmap.h. */
int
dmn_map_hash(const char *w, int prf)
{
	const struct cfg_meaning	*m = word_meaning(prf ?
					    CFG_R_PROP_PRF : CFG_R_PROP_INTEG, w);

	return m != NULL ? m->id : -1;
}

/* The ESP algorithms of a `transform` value into e; -1 when it is not a
 * usable transform (validation's rule, cfg_algs_check). */
static int
map_transform(const char *value, struct ike_cfg_proposal *e)
{
	struct cfg_algs	a;

	memset(&a, 0, sizeof(a));
	cfg_algs_add(&a, cfg_row(CFG_R_TS_TRANSFORM), value);
	if (value == NULL || !cfg_value_ok(cfg_row(CFG_R_TS_TRANSFORM), value) ||
	    a.unknown > 0 || (cfg_algs_check(&a, 0) & (CFG_ALGS_NO_ENCR |
	    CFG_ALGS_NEEDS_INTEG | CFG_ALGS_AEAD_INTEG)))
		return -1;
	return prop_add_words(e, CFG_R_TS_TRANSFORM, value);
}

/* Described in cfgmap.h. */
int
dmn_map_esp(const char *enc, const char *auth, struct ike_cfg_proposal *out)
{
	char	v[128];
	int	n;

	n = snprintf(v, sizeof(v), "%s%s%s", enc, auth ? " " : "",
	    auth ? auth : "");
	if (n < 0 || (size_t)n >= sizeof(v))
		return -1;
	return map_transform(v, out);
}

/*
 * Pre-shared keys
 */

/* Described in cfgmap.h.  The shell's decoder (cfgdb/schema.c), so both
 * read "password ENC" (Cisco type 7) alike; a key never holds a space. */
int
dmn_psk_plain(const char *value, char *out, size_t outlen)
{
	int	n;

	if (value == NULL || outlen == 0)
		return -1;
	n = cfg_psk_plain(value, out, outlen);
	if (n > 0 && strchr(out, ' ') == NULL)
		return n;
	OPENSSL_cleanse(out, outlen);
	return -1;
}

/*
 * Proposals and policies
 */

/* `ikev2 proposal NAME` into p; 0, or -1 with err. */
static int
map_proposal(const struct cfg_view *v, const char *name,
    struct ike_cfg_proposal *p, char *err, size_t errlen)
{
	static const unsigned	 rows[] = { CFG_R_PROP_ENC, CFG_R_PROP_INTEG,
				    CFG_R_PROP_PRF, CFG_R_PROP_DH };
	struct cfg_algs		 a;
	long			 obj;
	size_t			 i;

	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	if ((obj = cfg_view_object(v, CFG_R_PROPOSAL, name)) == CFG_NODE_NONE) {
		no_object(err, errlen, CFG_R_PROPOSAL, name);
		return -1;
	}
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (prop_add_words(p, rows[i], cfg_view_get(v, obj,
		    rows[i])) == -1) {
			seterr(err, errlen, "%s %s has an unknown %s",
			    cfg_row(CFG_R_PROPOSAL)->what, name,
			    cfg_row(rows[i])->toks[0].word);
			return -1;
		}
	}
	cfg_algs_proposal(v, obj, &a);
	if (cfg_algs_check(&a, 1) & CFG_ALGS_INCOMPLETE) {
		seterr(err, errlen, "%s %s lacks encryption, prf or dh-group",
		    cfg_row(CFG_R_PROPOSAL)->what, name);
		return -1;
	}
	return 0;
}

struct map_ctx {
	struct cfg_view		*v;
	struct dmn_cfg		*cfg;
	int			 oom;
};

static void
map_policy(struct map_ctx *m, long obj)
{
	struct dmn_cfg		*c = m->cfg;
	struct ike_cfg_policy	*nv, *pol;
	const struct cfg_tok	*t;
	struct cfg_words	 w;
	const char		*s;
	char			 word[64], err[DMN_ERR_MAX] = "";
	size_t			 len;

	if ((nv = realloc(c->policies, (c->n_policies + 1) *
	    sizeof(*nv))) == NULL) {
		m->oom = 1;
		return;
	}
	c->policies = nv;
	pol = &nv[c->n_policies];
	memset(pol, 0, sizeof(*pol));
	snprintf(pol->name, sizeof(pol->name), "%s", cfg_view_name(m->v, obj));
	cfg_words_init(&w, cfg_row(CFG_R_POL_LOCAL), cfg_view_get(m->v, obj,
	    CFG_R_POL_LOCAL));
	while (cfg_words_next(&w, &s, &len, &t)) {
		uint32_t	a;

		if (pol->n_local < IKE_CFG_LOCAL_MAX &&
		    cfg_ipv4_parse(s, len, &a) == 0)
			pol->local[pol->n_local++] = in4(a);
	}
	cfg_words_init(&w, cfg_row(CFG_R_POL_PROPOSAL), cfg_view_get(m->v, obj,
	    CFG_R_POL_PROPOSAL));
	while (cfg_words_next(&w, &s, &len, &t)) {
		if (pol->n_ike >= IKE_CFG_PROPOSALS_MAX || len >= sizeof(word))
			continue;
		memcpy(word, s, len);
		word[len] = '\0';
		if (map_proposal(m->v, word, &pol->ike[pol->n_ike], err,
		    sizeof(err)) == 0)
			pol->n_ike++;
	}
	pol->any_local = pol->n_local == 0;
	/* A policy whose proposals all failed to map offers nothing; the
	 * tunnels it serves report that (dmn_cfg_peer). */
	c->n_policies++;
}

/* `crypto ca trustpoint NAME`: its files, for the daemon's store. */
static void
map_trustpoint(struct map_ctx *m, long obj)
{
	struct dmn_cfg		*c = m->cfg;
	struct dmn_trustpoint	*v, *tp;
	const char		*s;

	if ((v = realloc(c->trustpoints, (c->n_trustpoints + 1) *
	    sizeof(*v))) == NULL) {
		m->oom = 1;
		return;
	}
	c->trustpoints = v;
	tp = &v[c->n_trustpoints++];
	memset(tp, 0, sizeof(*tp));
	snprintf(tp->name, sizeof(tp->name), "%s", cfg_view_name(m->v, obj));
	if ((s = cfg_view_get(m->v, obj, CFG_R_TP_CA)) != NULL)
		snprintf(tp->ca, sizeof(tp->ca), "%s", s);
	if ((s = cfg_view_get(m->v, obj, CFG_R_TP_CERT)) != NULL)
		snprintf(tp->cert, sizeof(tp->cert), "%s", s);
	if ((s = cfg_view_get(m->v, obj, CFG_R_TP_KEY)) != NULL)
		snprintf(tp->key, sizeof(tp->key), "%s", s);
}

static void
map_ifmap(struct map_ctx *m, long node)
{
	struct dmn_cfg		*c = m->cfg;
	struct dmn_ifmap	*v;

	if ((v = realloc(c->ifmap, (c->n_ifmap + 1) * sizeof(*v))) == NULL) {
		m->oom = 1;
		return;
	}
	c->ifmap = v;
	memset(&v[c->n_ifmap], 0, sizeof(v[0]));
	snprintf(v[c->n_ifmap].cisco, sizeof(v[0].cisco), "%s",
	    cfg_view_name(m->v, node));
	snprintf(v[c->n_ifmap].linux_name, sizeof(v[0].linux_name), "%s",
	    cfg_view_value(m->v, node));
	c->n_ifmap++;
}

/*
 * Static routes into tunnels
 */

/* "A.B.C.D/LEN" (len octets of s) to a host-order address and length. */
static int
prefix_parse(const char *s, size_t len, uint32_t *a, unsigned *plen)
{
	const char	*slash = memchr(s, '/', len);
	size_t		 i, nl;
	unsigned	 n = 0;

	if (slash == NULL || cfg_ipv4_parse(s, (size_t)(slash - s), a) == -1)
		return -1;
	nl = len - (size_t)(slash - s) - 1;
	if (nl == 0 || nl > 2)
		return -1;
	for (i = 0; i < nl; i++) {
		if (slash[1 + i] < '0' || slash[1 + i] > '9')
			return -1;
		n = n * 10 + (unsigned)(slash[1 + i] - '0');
	}
	if (n > 32)
		return -1;
	*plen = n;
	return 0;
}

static void
map_route(struct map_ctx *m, long node)
{
	struct dmn_cfg		*c = m->cfg;
	struct dmn_route	 r, *v;
	const char		*key = cfg_view_key(m->v, node), *comp, *sp;
	const char		*gw = cfg_view_value(m->v, node);
	uint32_t		 a;
	unsigned		 plen;

	/* The route's own component is "A.B.C.D/LEN IFNAME", as the
	 * schema's row keys it; a damaged one is passed over. */
	if (key == NULL || (comp = strrchr(key, CFG_KEY_SEP)) == NULL)
		return;
	comp++;
	if ((sp = strchr(comp, ' ')) == NULL ||
	    strlen(sp + 1) >= sizeof(r.ifname))
		return;
	memset(&r, 0, sizeof(r));
	if (prefix_parse(comp, (size_t)(sp - comp), &a, &plen) == -1)
		return;
	r.prefix = in4(a);
	r.plen = (uint8_t)plen;
	snprintf(r.ifname, sizeof(r.ifname), "%s", sp + 1);
	if (gw != NULL && gw[0] != '\0') {
		if (cfg_ipv4_parse(gw, strlen(gw), &a) == -1)
			return;
		r.gateway = in4(a);
	}
	if ((v = realloc(c->routes, (c->n_routes + 1) * sizeof(*v))) == NULL) {
		m->oom = 1;
		return;
	}
	c->routes = v;
	c->routes[c->n_routes++] = r;
}

static void
map_static(struct map_ctx *m, long obj)
{
	long	af, r;

	for (af = cfg_view_child(m->v, obj, CFG_R_RS_AF); af != CFG_NODE_NONE;
	    af = cfg_view_next(m->v, obj, CFG_R_RS_AF, af))
		for (r = cfg_view_child(m->v, af, CFG_R_RS_ROUTE);
		    r != CFG_NODE_NONE;
		    r = cfg_view_next(m->v, af, CFG_R_RS_ROUTE, r))
			map_route(m, r);
}

/*
 * Tunnels
 */

static int
psk_into(const char *value, char *out, size_t outlen)
{
	return value != NULL && dmn_psk_plain(value, out, outlen) > 0 ? 0 : -1;
}

/* The peer's identity: `match identity remote any`, the first `match
 * identity remote address`, or by default the tunnel's destination. */
static void
map_identity(const struct cfg_view *v, long prof, struct dmn_tcfg *t)
{
	struct ike_cfg_id_match	*id = &t->peer.remote_id;
	uint32_t		 a;
	unsigned		 plen;
	long			 n;

	if (cfg_view_child(v, prof, CFG_R_PROF_MATCH_ANY) != CFG_NODE_NONE) {
		id->any = 1;
		return;
	}
	for (n = cfg_view_child(v, prof, CFG_R_PROF_MATCH_ADDR);
	    n != CFG_NODE_NONE;
	    n = cfg_view_next(v, prof, CFG_R_PROF_MATCH_ADDR, n)) {
		if (cfg_view_addr(v, n, &a, &plen) == 0) {
			id->addr = in4(a);
			id->mask = in4(cfg_plen_mask(plen));
			return;
		}
	}
	id->addr = t->dest;
	id->mask.s_addr = htonl(0xffffffffu);
}

/* The keys of the keyring peer whose address covers the destination. */
static void
map_keys(const struct cfg_view *v, long prof, struct dmn_tcfg *t,
    const char *name)
{
	struct ike_cfg_peer	*p = &t->peer;
	const char		*kr, *peer;
	char			 krtext[96];
	long			 kn, pn;

	if ((kr = cfg_view_get(v, prof, CFG_R_PROF_KEYRING)) == NULL) {
		seterr(t->error, sizeof(t->error), "%s %s has no keyring",
		    cfg_row(CFG_R_PROFILE)->what, name);
		return;
	}
	if ((kn = cfg_view_object(v, CFG_R_KEYRING, kr)) == CFG_NODE_NONE) {
		no_object(t->error, sizeof(t->error), CFG_R_KEYRING, kr);
		return;
	}
	snprintf(krtext, sizeof(krtext), "%s %s", cfg_row(CFG_R_KEYRING)->what,
	    kr);
	if ((pn = cfg_keyring_peer(v, kn, ntohl(t->dest.s_addr))) ==
	    CFG_NODE_NONE) {
		seterr(t->error, sizeof(t->error), "%s has no peer whose "
		    "address covers %s", krtext, inet_ntoa(t->dest));
		return;
	}
	peer = cfg_key_last(cfg_view_key(v, pn));
	if (psk_into(cfg_peer_psk(v, pn, 0), p->psk_local,
	    sizeof(p->psk_local)) == -1)
		seterr(t->error, sizeof(t->error), "%s %s has no usable local "
		    "pre-shared key", krtext, peer);
	if (psk_into(cfg_peer_psk(v, pn, 1), p->psk_remote,
	    sizeof(p->psk_remote)) == -1)
		seterr(t->error, sizeof(t->error), "%s %s has no usable remote "
		    "pre-shared key", krtext, peer);
}

/* Authentication, identity, keys, DPD and lifetime from `ikev2 profile`. */
static void
map_profile(const struct cfg_view *v, struct dmn_tcfg *t, const char *name)
{
	struct ike_cfg_peer		*p = &t->peer;
	const struct cfg_meaning	*al, *ar;
	const struct cfg_tok		*tok;
	struct cfg_words		 w;
	const char			*s;
	char				 buf[16];
	uint32_t			 dpd[2];
	size_t				 len, n = 0;
	long				 prof;

	if ((prof = cfg_view_object(v, CFG_R_PROFILE, name)) == CFG_NODE_NONE) {
		no_object(t->error, sizeof(t->error), CFG_R_PROFILE, name);
		return;
	}
	(void)cfg_view_uint(v, prof, CFG_R_PROF_LIFETIME, &p->ike_lifetime);
	cfg_profile_auth(v, prof, &al, &ar);
	if (al == NULL || ar == NULL)
		seterr(t->error, sizeof(t->error), "%s %s has an unknown "
		    "authentication method", cfg_row(CFG_R_PROFILE)->what, name);
	p->auth_local = al ? (enum ike_cfg_auth)al->id : IKE_CFG_AUTH_PSK;
	p->auth_remote = ar ? (enum ike_cfg_auth)ar->id : IKE_CFG_AUTH_PSK;
	if (p->auth_local != IKE_CFG_AUTH_PSK ||
	    p->auth_remote != IKE_CFG_AUTH_PSK) {
		/* Certificates: the trustpoint's files are the daemon's to
		 * load (pki.h); the engine knows it by name. */
		if ((s = cfg_view_get(v, prof, CFG_R_PROF_PKI)) == NULL)
			seterr(t->error, sizeof(t->error), "%s %s "
			    "authenticates with rsa-signature but has no pki "
			    "trustpoint", cfg_row(CFG_R_PROFILE)->what, name);
		else if (cfg_view_object(v, CFG_R_TRUSTPOINT, s) ==
		    CFG_NODE_NONE)
			no_object(t->error, sizeof(t->error), CFG_R_TRUSTPOINT,
			    s);
		else
			snprintf(p->trustpoint, sizeof(p->trustpoint), "%s", s);
	}
	/* `dpd INTERVAL RETRY`: both, or off. */
	cfg_words_init(&w, cfg_row(CFG_R_PROF_DPD), cfg_view_get(v, prof,
	    CFG_R_PROF_DPD));
	while (n < 2 && cfg_words_next(&w, &s, &len, &tok) && tok != NULL &&
	    tok->type == CFG_TT_ARG && cfg_arg_accept(tok->arg, 0, s, len, buf,
	    sizeof(buf)) == CFG_ACC_DONE)
		dpd[n++] = (uint32_t)strtoul(buf, NULL, 10);
	if (n == 2) {
		p->dpd_interval = dpd[0];
		p->dpd_retry = dpd[1];
	}
	map_identity(v, prof, t);
	/* A keyring only matters where a pre-shared key does. */
	if (p->auth_local == IKE_CFG_AUTH_PSK ||
	    p->auth_remote == IKE_CFG_AUTH_PSK)
		map_keys(v, prof, t, name);
}

/* ESP proposal, PFS and Child SA lifetime from `ipsec profile`. */
static void
map_ipsec_profile(const struct cfg_view *v, struct dmn_tcfg *t,
    const char *name)
{
	struct ike_cfg_proposal		*e = &t->peer.esp[0];
	const struct cfg_meaning	*pfs;
	const char			*ts, *ik;
	long				 obj, tn;

	if ((obj = cfg_view_object(v, CFG_R_IPSECPROF, name)) ==
	    CFG_NODE_NONE) {
		no_object(t->error, sizeof(t->error), CFG_R_IPSECPROF, name);
		return;
	}
	(void)cfg_view_uint(v, obj, CFG_R_IP_LIFETIME, &t->peer.child_lifetime);
	if ((ts = cfg_view_get(v, obj, CFG_R_IP_TSET)) == NULL) {
		seterr(t->error, sizeof(t->error), "%s %s has no transform-set",
		    cfg_row(CFG_R_IPSECPROF)->what, name);
	} else {
		snprintf(e->name, sizeof(e->name), "%s", ts);
		if ((tn = cfg_view_object(v, CFG_R_TSET, ts)) == CFG_NODE_NONE)
			no_object(t->error, sizeof(t->error), CFG_R_TSET, ts);
		else if (map_transform(cfg_view_get(v, tn, CFG_R_TS_TRANSFORM),
		    e) == -1)
			seterr(t->error, sizeof(t->error), "%s %s has no usable "
			    "transform", cfg_row(CFG_R_TSET)->what, ts);
		else
			t->peer.n_esp = 1;
	}
	if (cfg_view_enum(v, obj, CFG_R_IP_PFS, &pfs) != NULL && pfs != NULL)
		prop_add(e, pfs);
	if ((ik = cfg_view_get(v, obj, CFG_R_IP_IKEV2PROF)) == NULL)
		seterr(t->error, sizeof(t->error), "%s %s has no ikev2-profile",
		    cfg_row(CFG_R_IPSECPROF)->what, name);
	else
		map_profile(v, t, ik);
}

/* Whether a tunnel's `tunnel mode` is one the schema does not refuse. */
static int
mode_usable(const char *value)
{
	const struct cfg_row	*r = cfg_row(CFG_R_IF_TMODE);

	return value != NULL && cfg_value_ok(r, value) &&
	    cfg_value_refused(r, value) == NULL;
}

static void
map_interface(struct map_ctx *m, long obj)
{
	const struct cfg_view	*v = m->v;
	struct dmn_cfg		*c = m->cfg;
	const char		*name = cfg_view_name(v, obj);
	const char		*prot, *s;
	struct dmn_tcfg		*tv, *t;
	uint32_t		 a;
	unsigned		 plen;
	long			 unit;

	if ((unit = cfg_ifname_unit(name)) < 0 ||
	    strlen(name) >= DMN_IFNAME_MAX)
		return;
	/* Only protected tunnels are negotiated. */
	if ((prot = cfg_view_get(v, obj, CFG_R_IF_TPROT)) == NULL)
		return;
	if ((tv = realloc(c->tunnels, (c->n_tunnels + 1) *
	    sizeof(*tv))) == NULL) {
		m->oom = 1;
		return;
	}
	c->tunnels = tv;
	t = &tv[c->n_tunnels++];
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->unit = (uint32_t)unit;
	snprintf(t->peer.name, sizeof(t->peer.name), "%s", name);
	t->peer.if_id = (uint32_t)unit + 1;
	t->shutdown = cfg_view_child(v, obj, CFG_R_IF_SHUTDOWN) !=
	    CFG_NODE_NONE;
	(void)cfg_view_uint(v, obj, CFG_R_IF_MTU, &t->mtu);
	if (cfg_view_addr(v, cfg_view_child(v, obj, CFG_R_IF_IPV4), &a,
	    &plen) == 0) {
		t->inner = in4(a);
		t->inner_plen = (uint8_t)plen;
	}
	if (!mode_usable(cfg_view_get(v, obj, CFG_R_IF_TMODE)))
		seterr(t->error, sizeof(t->error), "%s is not in tunnel mode "
		    "ipsec ipv4", name);
	if ((s = cfg_view_get(v, obj, CFG_R_IF_TSRC)) == NULL)
		seterr(t->error, sizeof(t->error), "%s has no tunnel source",
		    name);
	else
		snprintf(t->source, sizeof(t->source), "%s", s);
	s = cfg_view_get(v, obj, CFG_R_IF_TDST);
	if (s == NULL || cfg_ipv4_parse(s, strlen(s), &a) == -1)
		seterr(t->error, sizeof(t->error), "%s has no tunnel "
		    "destination", name);
	else
		t->dest = in4(a);
	t->peer.remote = t->dest;
	map_ipsec_profile(v, t, prot);
}

static int
tunnel_cmp(const void *a, const void *b)
{
	const struct dmn_tcfg	*x = a, *y = b;

	return x->unit < y->unit ? -1 : x->unit > y->unit;
}

static int
policy_cmp(const void *a, const void *b)
{
	const struct ike_cfg_policy	*x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Calls fn for every top-level node of row, in key order. */
static void
each_top(struct map_ctx *m, unsigned row,
    void (*fn)(struct map_ctx *, long))
{
	long	n;

	for (n = cfg_view_child(m->v, CFG_NODE_NONE, row); n != CFG_NODE_NONE;
	    n = cfg_view_next(m->v, CFG_NODE_NONE, row, n))
		fn(m, n);
}

/* Described in cfgmap.h. */
int
dmn_cfg_map(const struct cfg_items *items, struct dmn_cfg *out)
{
	struct map_ctx	m = { .cfg = out };

	memset(out, 0, sizeof(*out));
	if ((m.v = cfg_view_new(items)) == NULL)
		return -1;
	each_top(&m, CFG_R_POLICY, map_policy);
	each_top(&m, CFG_R_IFMAP, map_ifmap);
	each_top(&m, CFG_R_TRUSTPOINT, map_trustpoint);
	each_top(&m, CFG_R_INTERFACE, map_interface);
	each_top(&m, CFG_R_RSTATIC, map_static);
	cfg_view_free(m.v);
	if (m.oom) {
		dmn_cfg_clear(out);
		return -1;
	}
	if (out->n_tunnels > 1)
		qsort(out->tunnels, out->n_tunnels, sizeof(*out->tunnels),
		    tunnel_cmp);
	if (out->n_policies > 1)
		qsort(out->policies, out->n_policies, sizeof(*out->policies),
		    policy_cmp);
	return 0;
}

/* Described in cfgmap.h. */
void
dmn_cfg_clear(struct dmn_cfg *cfg)
{
	if (cfg->tunnels != NULL) {
		OPENSSL_cleanse(cfg->tunnels,
		    cfg->n_tunnels * sizeof(*cfg->tunnels));
		free(cfg->tunnels);
	}
	free(cfg->policies);
	free(cfg->ifmap);
	free(cfg->routes);
	free(cfg->trustpoints);
	memset(cfg, 0, sizeof(*cfg));
}

/* Described in cfgmap.h. */
const struct dmn_tcfg *
dmn_cfg_tunnel(const struct dmn_cfg *cfg, const char *name)
{
	size_t	i;

	for (i = 0; i < cfg->n_tunnels; i++)
		if (strcmp(cfg->tunnels[i].name, name) == 0)
			return &cfg->tunnels[i];
	return NULL;
}

/* Described in cfgmap.h. */
int
dmn_cfg_peer(const struct dmn_cfg *cfg, const struct dmn_tcfg *t,
    struct in_addr local, uint32_t id, struct ike_cfg_peer *out, char *why,
    size_t whylen)
{
	const struct ike_cfg_policy	*pol = NULL;
	size_t				 i, j;

	/* A policy naming the address wins over one that names none. */
	for (i = 0; i < cfg->n_policies && pol == NULL; i++)
		for (j = 0; j < cfg->policies[i].n_local; j++)
			if (cfg->policies[i].local[j].s_addr == local.s_addr)
				pol = &cfg->policies[i];
	for (i = 0; i < cfg->n_policies && pol == NULL; i++)
		if (cfg->policies[i].any_local)
			pol = &cfg->policies[i];
	if (why != NULL && whylen > 0)
		why[0] = '\0';
	if (pol == NULL) {
		seterr(why, whylen, "no %s matches local address %s",
		    cfg_row(CFG_R_POLICY)->what, inet_ntoa(local));
		return -1;
	}
	if (pol->n_ike == 0) {
		seterr(why, whylen, "%s %s has no usable proposal",
		    cfg_row(CFG_R_POLICY)->what, pol->name);
		return -1;
	}
	*out = t->peer;
	out->id = id;
	out->local = local;
	memcpy(out->ike, pol->ike, sizeof(out->ike));
	out->n_ike = pol->n_ike;
	return 0;
}
