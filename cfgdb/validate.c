/*
 * Commit-time semantic validation (SPEC 3.1).  The new configuration is
 * read through the schema view (view.h): each item comes with its row,
 * and the rules read an object's items by row id:
 *
 *  - references: every argument the schema marks as naming another object
 *    must name an existing one; when the object existed before and was
 *    deleted, the error is keyed to the deletion;
 *  - values the schema refuses (transport mode, GRE, IPv6), with the
 *    reason the schema gives;
 *  - proposal completeness and the AEAD/integrity rules, for IKE
 *    proposals and ESP transforms alike (cfg_algs_check);
 *  - keyring peers have an address and a key, and are not this router;
 *  - ikev2 profiles: pre-shared needs a keyring, rsa-signature a trustpoint
 *    (whose files are checked through a hook);
 *  - transform sets: a transform;
 *  - tunnel-ip interfaces: complete, source differs from destination, no
 *    two with the same source and destination, the PSK keyring (and the
 *    profile's remote identities) cover the destination, the IPsec
 *    profile they use is complete, at most three distinct IPsec profiles
 *    in use.
 *
 * The rules the daemon's mapping shares (validate.h, at the end) are
 * here too.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfgdb/schema.h"
#include "cfgdb/validate.h"
#include "cfgdb/view.h"

#define KEYMAX	1024

struct tunnel {
	long		 node;		/* the interface */
	const char	*key;
	long		 unit;
	const char	*src, *dst, *prot;
	const char	*dstkey, *protkey;
};

struct local {
	uint32_t	 addr;
	const char	*key;		/* the policy's match address item */
};

struct vctx {
	struct local			*local;	/* sorted by address */
	size_t				 nlocal;
	const struct cfg_items		*cfg, *old;
	struct cfg_errors		*errs;
	struct cfg_validate_env		 env;
	struct cfg_view			*v;
	struct tunnel			*tun;
	size_t				 ntun;
	struct chain			*chain;
	size_t				 nchain;
	int				 oom;
};

#define ERR(c, key, ...) do {						\
	if (cfg_errors_add((c)->errs, (key), __VA_ARGS__) == -1)	\
		(c)->oom = 1;						\
} while (0)

/* The GCM rule, for IKE proposals and ESP transforms alike. */
#define MSG_AEAD_INTEG	"No integrity algorithm may be configured with " \
			"AES-GCM encryption (GCM authenticates by itself)"

/*
 * The value of node i's child of row, or NULL; *keyp its key (NULL when
 * there is no such child) when keyp is not NULL.
 */
static const char *
vchild(const struct vctx *c, long i, unsigned row, const char **keyp)
{
	long	j = i < 0 ? CFG_NODE_NONE : cfg_view_child(c->v, i, row);

	if (keyp)
		*keyp = cfg_view_key(c->v, j);
	return cfg_view_value(c->v, j);
}

/*
 * Shared rules (validate.h)
 */

void
cfg_algs_add(struct cfg_algs *a, const struct cfg_row *r, const char *value)
{
	struct cfg_words		 w;
	const struct cfg_enum		*e;
	const struct cfg_meaning	*m;

	if (r == NULL || value == NULL)
		return;
	cfg_words_init(&w, r, value);
	while (cfg_words_enum(&w, &e, &m)) {
		if (e == NULL || m == NULL || m->kind > CFG_MK_DH) {
			a->unknown++;
			continue;
		}
		a->n[m->kind]++;
		if (m->kind == CFG_MK_ENCR && (e->flags & CFG_EF_AEAD))
			a->aead++;
	}
}

unsigned
cfg_algs_check(const struct cfg_algs *a, int ike)
{
	unsigned	bits = 0, encr = a->n[CFG_MK_ENCR];

	if (encr == 0)
		bits |= CFG_ALGS_NO_ENCR;
	if (ike && a->n[CFG_MK_PRF] == 0)
		bits |= CFG_ALGS_NO_PRF;
	if (ike && a->n[CFG_MK_DH] == 0)
		bits |= CFG_ALGS_NO_DH;
	if (encr == 0)
		return bits;
	if (a->aead > 0 && a->aead < encr)
		bits |= CFG_ALGS_MIXED;
	else if (a->aead < encr && a->n[CFG_MK_INTEG] == 0)
		bits |= CFG_ALGS_NEEDS_INTEG;
	else if (a->aead > 0 && a->n[CFG_MK_INTEG] > 0)
		bits |= CFG_ALGS_AEAD_INTEG;
	return bits;
}

void
cfg_algs_proposal(const struct cfg_view *v, long prop, struct cfg_algs *a)
{
	static const unsigned	rows[] = { CFG_R_PROP_ENC, CFG_R_PROP_PRF,
				    CFG_R_PROP_INTEG, CFG_R_PROP_DH };
	size_t			i;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		cfg_algs_add(a, cfg_row(rows[i]), cfg_view_get(v, prop,
		    rows[i]));
}

void
cfg_algs_transform(const struct cfg_view *v, long ts, struct cfg_algs *a)
{
	memset(a, 0, sizeof(*a));
	cfg_algs_add(a, cfg_row(CFG_R_TS_TRANSFORM), cfg_view_get(v, ts,
	    CFG_R_TS_TRANSFORM));
}

void
cfg_profile_auth(const struct cfg_view *v, long prof,
    const struct cfg_meaning **local, const struct cfg_meaning **remote)
{
	(void)cfg_view_enum(v, prof, CFG_R_PROF_AUTH_LOCAL, local);
	if (cfg_view_child(v, prof, CFG_R_PROF_AUTH_REMOTE) == CFG_NODE_NONE)
		*remote = *local;
	else
		(void)cfg_view_enum(v, prof, CFG_R_PROF_AUTH_REMOTE, remote);
}

const char *
cfg_peer_psk(const struct cfg_view *v, long peer, int remote)
{
	const char	*k = cfg_view_get(v, peer, remote ?
			    CFG_R_PEER_PSK_REMOTE : CFG_R_PEER_PSK_LOCAL);

	return k != NULL ? k : cfg_view_get(v, peer, CFG_R_PEER_PSK);
}

long
cfg_keyring_peer(const struct cfg_view *v, long kr, uint32_t addr)
{
	long		 p, best = CFG_NODE_NONE;
	uint32_t	 a, m;
	unsigned	 plen;
	int		 bestlen = -1;

	if (kr < 0)
		return CFG_NODE_NONE;
	for (p = cfg_view_child(v, kr, CFG_R_PEER); p != CFG_NODE_NONE;
	    p = cfg_view_next(v, kr, CFG_R_PEER, p)) {
		if (cfg_view_addr(v, cfg_view_child(v, p, CFG_R_PEER_ADDRESS),
		    &a, &plen) == -1)
			continue;
		m = cfg_plen_mask(plen);
		if ((a & m) == (addr & m) && (int)plen > bestlen) {
			bestlen = (int)plen;
			best = p;
		}
	}
	return best;
}

static int
auth_is(const struct cfg_meaning *m, unsigned method)
{
	return m != NULL && m->id == method;
}

/*
 * The rules
 */

/* References: an argument naming another object. */
static void
check_refs(struct vctx *c, long i)
{
	const struct cfg_row	*r = cfg_view_row(c->v, i), *target;
	const struct cfg_tok	*t;
	const char		*key = cfg_view_key(c->v, i);
	const char		*value = cfg_view_value(c->v, i);
	const char		*w;
	struct cfg_words	 ws;
	char			 name[64], okey[KEYMAX];
	size_t			 wl;

	cfg_words_init(&ws, r, value);
	while (cfg_words_next(&ws, &w, &wl, &t)) {
		if (t == NULL || t->type != CFG_TT_ARG || t->arg->ref == 0 ||
		    t->arg->type != CFG_T_NAME || wl >= sizeof(name))
			continue;
		target = cfg_row(t->arg->ref);
		memcpy(name, w, wl);
		name[wl] = 0;
		if (cfg_comp_make(target, name, okey, sizeof(okey)) == -1)
			continue;
		if (cfg_items_get(c->cfg, okey) != NULL)
			continue;
		if (c->old && cfg_items_get(c->old, okey) != NULL)
			ERR(c, okey, "Cannot delete %s '%s': %.*s uses it (%s %s)",
			    target->what, name, (int)cfg_key_parent_len(key), key,
			    cfg_key_last(key), value);
		else
			ERR(c, key, "%s '%s' is not configured", target->what,
			    name);
	}
}

/* A value the schema accepts but refuses to commit. */
static void
check_refused(struct vctx *c, long i)
{
	const char	*why = cfg_value_refused(cfg_view_row(c->v, i),
			    cfg_view_value(c->v, i));

	if (why != NULL)
		ERR(c, cfg_view_key(c->v, i), "%s", why);
}

static void
check_proposal(struct vctx *c, long i)
{
	const char	*key = cfg_view_key(c->v, i), *ekey, *ikey;
	struct cfg_algs	 a;
	unsigned	 bits;

	(void)vchild(c, i, CFG_R_PROP_ENC, &ekey);
	(void)vchild(c, i, CFG_R_PROP_INTEG, &ikey);
	cfg_algs_proposal(c->v, i, &a);
	bits = cfg_algs_check(&a, 1);
	if (bits & CFG_ALGS_NO_ENCR)
		ERR(c, key, "Proposal is incomplete: no encryption algorithm "
		    "(encryption ALG)");
	if (bits & CFG_ALGS_NO_PRF)
		ERR(c, key, "Proposal is incomplete: no pseudo-random "
		    "function (prf ALG)");
	if (bits & CFG_ALGS_NO_DH)
		ERR(c, key, "Proposal is incomplete: no Diffie-Hellman group "
		    "(dh-group GROUP)");
	if (bits & CFG_ALGS_MIXED)
		ERR(c, ekey, "AES-GCM and AES-CBC cannot be mixed in one "
		    "proposal");
	else if (bits & CFG_ALGS_NEEDS_INTEG)
		ERR(c, key, "Proposal is incomplete: AES-CBC encryption needs "
		    "an integrity algorithm (integrity ALG)");
	else if (bits & CFG_ALGS_AEAD_INTEG)
		ERR(c, ikey, MSG_AEAD_INTEG);
}

static void
check_policy(struct vctx *c, long i)
{
	if (vchild(c, i, CFG_R_POL_PROPOSAL, NULL) == NULL)
		ERR(c, cfg_view_key(c->v, i), "Policy is incomplete: no "
		    "proposal (proposal NAME)");
}

static int
local_cmp(const void *a, const void *b)
{
	const struct local	*x = a, *y = b;

	return (x->addr > y->addr) - (x->addr < y->addr);
}

/* Gathers every local address the policies serve, once per validation. */
static int
locals_build(struct vctx *c)
{
	const struct cfg_tok	*t;
	struct cfg_words	 ws;
	const char		*w;
	size_t			 i, wl, cap = 0;
	uint32_t		 a;
	struct local		*n;

	for (i = 0; i < cfg_view_count(c->v); i++) {
		if (cfg_view_row_id(c->v, (long)i) != CFG_R_POL_LOCAL)
			continue;
		cfg_words_init(&ws, cfg_row(CFG_R_POL_LOCAL),
		    cfg_view_value(c->v, (long)i));
		while (cfg_words_next(&ws, &w, &wl, &t)) {
			if (cfg_ipv4_parse(w, wl, &a) == -1)
				continue;
			if (c->nlocal == cap) {
				cap = cap ? cap * 2 : 16;
				if ((n = realloc(c->local, cap *
				    sizeof(*n))) == NULL)
					return -1;
				c->local = n;
			}
			c->local[c->nlocal].addr = a;
			c->local[c->nlocal++].key = cfg_view_key(c->v,
			    (long)i);
		}
	}
	if (c->nlocal > 1)
		qsort(c->local, c->nlocal, sizeof(*c->local), local_cmp);
	return 0;
}

/* The match-address item of a policy serving addr, or NULL. */
static const char *
local_address_policy(const struct vctx *c, uint32_t addr)
{
	struct local	 k, *f;

	if (c->nlocal == 0)
		return NULL;
	k.addr = addr;
	f = bsearch(&k, c->local, c->nlocal, sizeof(*c->local), local_cmp);
	return f ? f->key : NULL;
}

static void
check_peer(struct vctx *c, long idx)
{
	static const unsigned	 psks[] = { CFG_R_PEER_PSK,
				    CFG_R_PEER_PSK_LOCAL, CFG_R_PEER_PSK_REMOTE };
	const char		*key = cfg_view_key(c->v, idx);
	const char		*akey, *pkey, *addr, *v, *pk;
	char			 plain[256], pol[KEYMAX];
	uint32_t		 a;
	unsigned		 plen;
	size_t			 i;
	long			 an = cfg_view_child(c->v, idx,
				    CFG_R_PEER_ADDRESS);

	addr = cfg_view_value(c->v, an);
	akey = cfg_view_key(c->v, an);
	if (addr == NULL)
		ERR(c, key, "Peer is incomplete: no address "
		    "(address A.B.C.D M.M.M.M)");
	if (cfg_peer_psk(c->v, idx, 0) == NULL ||
	    cfg_peer_psk(c->v, idx, 1) == NULL)
		ERR(c, key, "Peer is incomplete: no pre-shared key "
		    "(pre-shared-key KEY, or both pre-shared-key local and "
		    "pre-shared-key remote)");
	for (i = 0; i < sizeof(psks) / sizeof(psks[0]); i++) {
		if ((v = vchild(c, idx, psks[i], &pkey)) == NULL)
			continue;
		if (cfg_psk_plain(v, plain, sizeof(plain)) < 0)
			ERR(c, pkey, "The encrypted pre-shared key cannot be "
			    "decoded");
		memset(plain, 0, sizeof(plain));
	}
	if (addr != NULL && cfg_view_addr(c->v, an, &a, &plen) == 0 &&
	    (pk = local_address_policy(c, a)) != NULL) {
		snprintf(pol, sizeof(pol), "%.*s",
		    (int)cfg_key_parent_len(pk), pk);
		ERR(c, akey, "Peer address %.*s is a local address of this "
		    "router (%s: match address local)",
		    (int)strcspn(addr, " "), addr, pol);
	}
}

/* Which authentication methods a profile uses (remote defaults to
 * local). */
static void
profile_auth(const struct vctx *c, long i, int *psk, int *rsa,
    int *local_rsa)
{
	const struct cfg_meaning	*l, *r;

	cfg_profile_auth(c->v, i, &l, &r);
	*psk = auth_is(l, IANA_AUTH_SHARED_KEY_MIC) ||
	    auth_is(r, IANA_AUTH_SHARED_KEY_MIC);
	*rsa = auth_is(l, IANA_AUTH_RSA_SIG) || auth_is(r, IANA_AUTH_RSA_SIG);
	if (local_rsa)
		*local_rsa = auth_is(l, IANA_AUTH_RSA_SIG);
}

static void
check_profile(struct vctx *c, long i)
{
	int	psk, rsa;

	profile_auth(c, i, &psk, &rsa, NULL);
	if (psk && vchild(c, i, CFG_R_PROF_KEYRING, NULL) == NULL)
		ERR(c, cfg_view_key(c->v, i), "Pre-shared key authentication "
		    "needs a keyring (keyring NAME)");
	if (rsa && vchild(c, i, CFG_R_PROF_PKI, NULL) == NULL)
		ERR(c, cfg_view_key(c->v, i), "RSA signature authentication "
		    "needs a trustpoint (pki trustpoint NAME)");
}

/* Whether some profile authenticates this system with trustpoint name. */
static int
trustpoint_signs(const struct vctx *c, const char *name)
{
	long		 i;
	int		 psk, rsa, lrsa;
	const char	*tp;

	for (i = cfg_view_child(c->v, CFG_NODE_NONE, CFG_R_PROFILE);
	    i != CFG_NODE_NONE;
	    i = cfg_view_next(c->v, CFG_NODE_NONE, CFG_R_PROFILE, i)) {
		profile_auth(c, i, &psk, &rsa, &lrsa);
		tp = vchild(c, i, CFG_R_PROF_PKI, NULL);
		if (lrsa && tp && strcmp(tp, name) == 0)
			return 1;
	}
	return 0;
}

static void
check_trustpoint(struct vctx *c, long idx)
{
	struct cfg_pki_files	 f;
	enum cfg_pki_item	 which = CFG_PKI_CA;
	char			 msg[512];
	const char		*key = cfg_view_key(c->v, idx), *k;
	unsigned		 row;
	int			 signs;
	cfg_pki_check_fn	*fn = c->env.pki_check ? c->env.pki_check :
				    cfg_pki_check;

	f.ca = vchild(c, idx, CFG_R_TP_CA, NULL);
	f.cert = vchild(c, idx, CFG_R_TP_CERT, NULL);
	f.key = vchild(c, idx, CFG_R_TP_KEY, NULL);
	f.subject = vchild(c, idx, CFG_R_TP_SUBJECT, NULL);
	signs = trustpoint_signs(c, cfg_view_name(c->v, idx));
	if (f.ca == NULL)
		ERR(c, key, "Trustpoint is incomplete: no CA certificate "
		    "(ca-certificate PATH)");
	if (signs && f.cert == NULL)
		ERR(c, key, "Trustpoint is used for rsa-signature "
		    "authentication but has no certificate (certificate PATH)");
	if (signs && f.key == NULL)
		ERR(c, key, "Trustpoint is used for rsa-signature "
		    "authentication but has no private key (private-key PATH)");
	if (f.ca == NULL || (f.cert == NULL) != (f.key == NULL))
		return;
	msg[0] = 0;
	if (fn(c->env.pki_arg, &f, c->env.now, &which, msg, sizeof(msg)) == 0)
		return;
	switch (which) {
	case CFG_PKI_CERT:
		row = CFG_R_TP_CERT;
		break;
	case CFG_PKI_KEY:
		row = CFG_R_TP_KEY;
		break;
	case CFG_PKI_SUBJECT:
		row = CFG_R_TP_SUBJECT;
		break;
	default:
		row = CFG_R_TP_CA;
		break;
	}
	if (vchild(c, idx, row, &k) == NULL)
		k = key;
	ERR(c, k, "%s", msg);
}

static void
check_tset(struct vctx *c, long i)
{
	const char	*tkey;
	struct cfg_algs	 a;
	unsigned	 bits;

	if (vchild(c, i, CFG_R_TS_TRANSFORM, &tkey) == NULL) {
		ERR(c, cfg_view_key(c->v, i), "Transform set is incomplete: "
		    "no transform (transform ENC AUTH)");
		return;
	}
	cfg_algs_transform(c->v, i, &a);
	bits = cfg_algs_check(&a, 0);
	if (bits & CFG_ALGS_NEEDS_INTEG)
		ERR(c, tkey, "Transform is incomplete: AES-CBC encryption "
		    "needs an integrity algorithm (transform ENC AUTH)");
	else if (bits & CFG_ALGS_AEAD_INTEG)
		ERR(c, tkey, MSG_AEAD_INTEG);
}

static int
tunnel_add(struct vctx *c, struct tunnel *t)
{
	struct tunnel	*n;

	if ((n = realloc(c->tun, (c->ntun + 1) * sizeof(*n))) == NULL) {
		c->oom = 1;
		return -1;
	}
	c->tun = n;
	c->tun[c->ntun++] = *t;
	return 0;
}

static void
check_interface(struct vctx *c, long idx)
{
	struct tunnel	 t;
	const char	*key = cfg_view_key(c->v, idx), *addr;
	const char	*mode = vchild(c, idx, CFG_R_IF_TMODE, NULL);

	/* Only IPsec tunnels are checked (a refused mode is reported with
	 * the item). */
	if (mode == NULL || cfg_value_refused(cfg_row(CFG_R_IF_TMODE),
	    mode) != NULL || !cfg_value_ok(cfg_row(CFG_R_IF_TMODE), mode))
		return;
	memset(&t, 0, sizeof(t));
	t.node = idx;
	t.key = key;
	t.unit = cfg_ifname_unit(cfg_view_name(c->v, idx));
	t.src = vchild(c, idx, CFG_R_IF_TSRC, NULL);
	t.dst = vchild(c, idx, CFG_R_IF_TDST, &t.dstkey);
	t.prot = vchild(c, idx, CFG_R_IF_TPROT, &t.protkey);
	addr = vchild(c, idx, CFG_R_IF_IPV4, NULL);
	if (addr == NULL)
		ERR(c, key, "IPsec tunnel is incomplete: no IPv4 address "
		    "(ipv4 address A.B.C.D M.M.M.M)");
	if (t.src == NULL)
		ERR(c, key, "IPsec tunnel is incomplete: no tunnel source "
		    "(tunnel source IFNAME|A.B.C.D)");
	if (t.dst == NULL)
		ERR(c, key, "IPsec tunnel is incomplete: no tunnel "
		    "destination (tunnel destination A.B.C.D)");
	if (t.prot == NULL)
		ERR(c, key, "IPsec tunnel is incomplete: no protection "
		    "(tunnel protection ipsec profile NAME)");
	if (t.src && t.dst && strcmp(t.src, t.dst) == 0)
		ERR(c, t.dstkey, "Tunnel destination %s is the tunnel source",
		    t.dst);
	tunnel_add(c, &t);
}

static int
tunnel_cmp(const void *a, const void *b)
{
	const struct tunnel	*x = a, *y = b;

	return (x->unit > y->unit) - (x->unit < y->unit);
}

/* 1 covered, 0 not, -1 no `match identity remote address` at all (the
 * profile at node i). */
static int
identity_covers(const struct vctx *c, long i, uint32_t dst)
{
	long		 j;
	uint32_t	 a, m;
	unsigned	 plen;
	int		 any = 0;

	if (i < 0)
		return -1;
	if (cfg_view_child(c->v, i, CFG_R_PROF_MATCH_ANY) != CFG_NODE_NONE)
		return 1;
	for (j = cfg_view_child(c->v, i, CFG_R_PROF_MATCH_ADDR);
	    j != CFG_NODE_NONE;
	    j = cfg_view_next(c->v, i, CFG_R_PROF_MATCH_ADDR, j)) {
		any = 1;
		if (cfg_view_addr(c->v, j, &a, &plen) == -1)
			continue;
		m = cfg_plen_mask(plen);
		if ((a & m) == (dst & m))
			return 1;
	}
	return any ? 0 : -1;
}

/* What a tunnel's IPsec profile leads to; worked out once per profile. */
struct chain {
	const char	*prot;		/* the IPsec profile's name */
	long		 pri;		/* its ikev2 profile's node, or -1 */
	const char	*ik2;
	long		 kri;		/* the PSK keyring's node, or -1 */
	const char	*kr;
};

static const struct chain *
chain_of(struct vctx *c, const struct tunnel *t)
{
	struct chain	*ch, *n;
	const char	*ifname, *ipk;
	long		 ipi;
	size_t		 i;
	int		 psk, rsa;

	for (i = 0; i < c->nchain; i++)
		if (strcmp(c->chain[i].prot, t->prot) == 0)
			return &c->chain[i];
	if ((ipi = cfg_view_object(c->v, CFG_R_IPSECPROF, t->prot)) < 0)
		return NULL;
	ipk = cfg_view_key(c->v, ipi);
	if ((n = realloc(c->chain, (c->nchain + 1) * sizeof(*n))) == NULL) {
		c->oom = 1;
		return NULL;
	}
	c->chain = n;
	ch = &c->chain[c->nchain++];
	memset(ch, 0, sizeof(*ch));
	ch->prot = t->prot;
	ch->pri = ch->kri = CFG_NODE_NONE;
	/* An incomplete IPsec profile is reported here, once. */
	ifname = cfg_view_name(c->v, t->node);
	ch->ik2 = vchild(c, ipi, CFG_R_IP_IKEV2PROF, NULL);
	if (vchild(c, ipi, CFG_R_IP_TSET, NULL) == NULL)
		ERR(c, ipk, "IPsec profile is incomplete: it is used by "
		    "interface %s but has no transform set "
		    "(set transform-set NAME)", ifname);
	if (ch->ik2 == NULL)
		ERR(c, ipk, "IPsec profile is incomplete: it is used by "
		    "interface %s but has no IKEv2 profile "
		    "(set ikev2-profile NAME)", ifname);
	if (ch->ik2 == NULL || (ch->pri = cfg_view_object(c->v,
	    CFG_R_PROFILE, ch->ik2)) < 0)
		return ch;
	profile_auth(c, ch->pri, &psk, &rsa, NULL);
	ch->kr = vchild(c, ch->pri, CFG_R_PROF_KEYRING, NULL);
	if (psk && ch->kr)
		ch->kri = cfg_view_object(c->v, CFG_R_KEYRING, ch->kr);
	return ch;
}

/* The tunnel's chain: ipsec profile -> ikev2 profile -> keyring. */
static void
check_tunnel_chain(struct vctx *c, const struct tunnel *t)
{
	const struct chain	*ch;
	uint32_t		 dst;

	if (t->prot == NULL || (ch = chain_of(c, t)) == NULL ||
	    ch->pri < 0 || t->dst == NULL ||
	    cfg_ipv4_parse(t->dst, strlen(t->dst), &dst) == -1)
		return;
	if (identity_covers(c, ch->pri, dst) == 0)
		ERR(c, t->dstkey, "Tunnel destination %s does not match any "
		    "'match identity remote address' of ikev2 profile %s",
		    t->dst, ch->ik2);
	if (ch->kri >= 0 && cfg_keyring_peer(c->v, ch->kri, dst) ==
	    CFG_NODE_NONE)
		ERR(c, t->dstkey, "Tunnel destination %s is not covered by any "
		    "peer address of keyring %s (pre-shared key authentication "
		    "of ikev2 profile %s)", t->dst, ch->kr, ch->ik2);
}

/* Orders tunnels by source, destination, then interface number. */
static int
srcdst_cmp(const void *a, const void *b)
{
	const struct tunnel	*x = *(const struct tunnel *const *)a;
	const struct tunnel	*y = *(const struct tunnel *const *)b;
	int			 c;

	if ((c = strcmp(x->src, y->src)) != 0 ||
	    (c = strcmp(x->dst, y->dst)) != 0)
		return c;
	return (x->unit > y->unit) - (x->unit < y->unit);
}

static void
check_tunnels(struct vctx *c)
{
	const char	*used[CFG_MAX_IPSEC_PROFILES];
	struct tunnel	**v;
	size_t		 i, nused = 0, k, nv = 0, first = 0;

	if (c->ntun > 1)
		qsort(c->tun, c->ntun, sizeof(*c->tun), tunnel_cmp);
	for (i = 0; i < c->ntun; i++) {
		struct tunnel	*t = &c->tun[i];

		check_tunnel_chain(c, t);
		if (t->prot == NULL)
			continue;
		for (k = 0; k < nused; k++)
			if (strcmp(used[k], t->prot) == 0)
				break;
		if (k < nused)
			continue;
		if (nused < CFG_MAX_IPSEC_PROFILES) {
			used[nused++] = t->prot;
			continue;
		}
		ERR(c, t->protkey, "At most %d distinct IPsec profiles may be "
		    "used by interfaces: %s would be one more (%s, %s and %s "
		    "are in use)", CFG_MAX_IPSEC_PROFILES, t->prot, used[0],
		    used[1], used[2]);
	}
	/* Two tunnels with one source and destination: sorted, they are
	 * neighbours; the lower interface number is the one kept. */
	if ((v = calloc(c->ntun + 1, sizeof(*v))) == NULL) {
		c->oom = 1;
		return;
	}
	for (i = 0; i < c->ntun; i++)
		if (c->tun[i].src && c->tun[i].dst)
			v[nv++] = &c->tun[i];
	if (nv > 1)
		qsort(v, nv, sizeof(*v), srcdst_cmp);
	for (i = 1; i < nv; i++) {
		if (strcmp(v[i]->src, v[first]->src) != 0 ||
		    strcmp(v[i]->dst, v[first]->dst) != 0) {
			first = i;
			continue;
		}
		ERR(c, v[i]->dstkey, "Interface %s already has tunnel source %s "
		    "and destination %s", cfg_view_name(c->v, v[first]->node),
		    v[i]->src, v[i]->dst);
	}
	free(v);
}

/* Described in header. */
int
cfg_validate(void *arg, const struct cfg_items *new_cfg,
    const struct cfg_items *old_cfg, struct cfg_errors *errs)
{
	struct vctx	 c;
	size_t		 i, n;
	long		 x;

	memset(&c, 0, sizeof(c));
	c.cfg = new_cfg;
	c.old = old_cfg;
	c.errs = errs;
	if (arg)
		c.env = *(const struct cfg_validate_env *)arg;
	else
		c.env.now = (int64_t)time(NULL);
	if ((c.v = cfg_view_new(new_cfg)) == NULL || locals_build(&c) == -1) {
		cfg_view_free(c.v);
		free(c.local);
		return -1;
	}
	n = cfg_view_count(c.v);
	for (i = 0; i < n && !c.oom; i++) {
		x = (long)i;
		if (cfg_view_row(c.v, x) == NULL) {
			ERR(&c, cfg_view_key(c.v, x), "Unknown configuration "
			    "item");
			continue;
		}
		check_refs(&c, x);
		check_refused(&c, x);
		switch (cfg_view_row_id(c.v, x)) {
		case CFG_R_PROPOSAL:
			check_proposal(&c, x);
			break;
		case CFG_R_POLICY:
			check_policy(&c, x);
			break;
		case CFG_R_PEER:
			check_peer(&c, x);
			break;
		case CFG_R_PROFILE:
			check_profile(&c, x);
			break;
		case CFG_R_TRUSTPOINT:
			check_trustpoint(&c, x);
			break;
		case CFG_R_TSET:
			check_tset(&c, x);
			break;
		case CFG_R_INTERFACE:
			check_interface(&c, x);
			break;
		}
	}
	if (!c.oom)
		check_tunnels(&c);
	cfg_view_free(c.v);
	free(c.tun);
	free(c.local);
	free(c.chain);
	return c.oom ? -1 : 0;
}
