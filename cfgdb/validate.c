/*
 * Commit-time semantic validation (SPEC 3.1).  One pass over the new
 * configuration's sorted items finds each object's row (schema.h); the
 * rules then read the object's items by key:
 *
 *  - references: every argument the schema marks as naming another object
 *    must name an existing one; when the object existed before and was
 *    deleted, the error is keyed to the deletion;
 *  - proposal completeness and the GCM/CBC/integrity rules;
 *  - keyring peers have an address and a key, and are not this router;
 *  - ikev2 profiles: pre-shared needs a keyring, rsa-signature a trustpoint
 *    (whose files are checked through a hook);
 *  - transform sets: tunnel mode only, a transform;
 *  - tunnel-ip interfaces: complete, IPv4 only, source differs from
 *    destination, no two with the same source and destination, the PSK
 *    keyring (and the profile's remote identities) cover the destination,
 *    the IPsec profile they use is complete, at most three distinct IPsec
 *    profiles in use.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfgdb/schema.h"
#include "cfgdb/validate.h"

#define KEYMAX	1024

struct vitem {
	const char		*key;
	const char		*comp;		/* the last component */
	size_t			 keylen;
	const char		*value;
	const struct cfg_row	*row;
	size_t			 depth;
	size_t			 end;		/* index after its subtree */
};

struct tunnel {
	const char	*key;		/* interface key */
	long		 unit;
	const char	*src, *dst, *prot;
	char		 dstkey[KEYMAX], protkey[KEYMAX];
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
	struct vitem			*v;
	size_t				 n;
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

static int
kjoin(char *out, const char *obj, const char *comp)
{
	size_t	lo = strlen(obj), lc = strlen(comp);

	/* Called for every rule on every object: no printf here. */
	if (lo + lc + 2 > KEYMAX)
		return -1;
	memcpy(out, obj, lo);
	out[lo] = CFG_KEY_SEP;
	memcpy(out + lo + 1, comp, lc + 1);
	return 0;
}

static long	vfind(const struct vctx *, const char *);

/*
 * The value of the direct child comp of the object at index i, or NULL;
 * its key into kbuf when given.  Objects have a handful of children,
 * next to them in the sorted items: a scan beats hashing a built key.
 */
static const char *
vchild(const struct vctx *c, long i, const char *comp, char *kbuf)
{
	size_t	j, end;

	if (i < 0)
		return NULL;
	end = c->v[i].end;
	for (j = (size_t)i + 1; j < end; j = c->v[j].end > j ? c->v[j].end :
	    j + 1) {
		if (c->v[j].depth != c->v[i].depth + 1 ||
		    strcmp(c->v[j].comp, comp) != 0)
			continue;
		if (kbuf && c->v[j].keylen < KEYMAX)
			memcpy(kbuf, c->v[j].key, c->v[j].keylen + 1);
		return c->v[j].value;
	}
	return NULL;
}

static long
vfind(const struct vctx *c, const char *key)
{
	size_t	lo = 0, hi = c->n, mid;
	int	r;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		r = strcmp(c->v[mid].key, key);
		if (r == 0)
			return (long)mid;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int
build(struct vctx *c)
{
	const struct cfg_item	*it;
	size_t			 n, i, sp = 0, *stack;

	if ((it = cfg_items_sorted(c->cfg, &n)) == NULL)
		return -1;
	if ((c->v = calloc(n + 1, sizeof(*c->v))) == NULL)
		return -1;
	if ((stack = calloc(n + 1, sizeof(*stack))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		c->v[i].key = it[i].key;
		c->v[i].keylen = strlen(it[i].key);
		c->v[i].comp = cfg_key_last(it[i].key);
		c->v[i].value = it[i].value;
		while (sp > 0 && !cfg_key_within(it[i].key,
		    c->v[stack[sp - 1]].key))
			c->v[stack[--sp]].end = i;
		/* Below its parent item: look up one component only. */
		if (sp > 0 && c->v[stack[sp - 1]].row &&
		    cfg_row_is_object(c->v[stack[sp - 1]].row) &&
		    (size_t)(c->v[i].comp - it[i].key) ==
		    c->v[stack[sp - 1]].keylen + 1) {
			const char	*comp = c->v[i].comp;

			if (cfg_schema_lookup(c->v[stack[sp - 1]].row->id, comp,
			    c->v[i].keylen - (size_t)(comp - it[i].key),
			    &c->v[i].row) == -1)
				c->v[i].row = NULL;
			c->v[i].depth = c->v[stack[sp - 1]].depth + 1;
		} else
			c->v[i].row = cfg_schema_key_row(it[i].key, NULL, 0,
			    &c->v[i].depth);
		stack[sp++] = i;
	}
	while (sp > 0)
		c->v[stack[--sp]].end = n;
	free(stack);
	c->n = n;
	return 0;
}

/* Word iteration over multi-valued values. */
static const char *
word(const char **pp, size_t *lenp)
{
	const char	*p = *pp, *w;

	while (*p == ' ')
		p++;
	if (*p == 0)
		return NULL;
	w = p;
	while (*p && *p != ' ')
		p++;
	*lenp = (size_t)(p - w);
	*pp = p;
	return w;
}

static int
parse_addrmask(const char *v, uint32_t *addr, uint32_t *mask)
{
	const char	*sp = strchr(v, ' ');
	unsigned	 plen;

	if (sp == NULL) {
		if (cfg_ipv4_parse(v, strlen(v), addr) == -1)
			return -1;
		*mask = 0xffffffffu;
		return 0;
	}
	if (cfg_ipv4_parse(v, (size_t)(sp - v), addr) == -1 ||
	    cfg_mask_parse(sp + 1, strlen(sp + 1), &plen) == -1)
		return -1;
	*mask = plen ? 0xffffffffu << (32 - plen) : 0;
	return 0;
}

/* References: an argument naming another object. */
static void
check_refs(struct vctx *c, const struct vitem *it)
{
	const struct cfg_row	*r = it->row, *target;
	const struct cfg_tok	*t;
	const char		*p, *w, *comp;
	char			 name[64], okey[KEYMAX];
	size_t			 i, wl;

	for (i = 0; i < r->ntoks; i++) {
		t = &r->toks[i];
		if (t->type != CFG_TT_ARG || t->arg->ref == 0 ||
		    t->arg->type != CFG_T_NAME || (t->flags & CFG_TF_KEY))
			continue;
		target = cfg_row(t->arg->ref);
		p = it->value;
		while ((w = word(&p, &wl)) != NULL) {
			if (wl >= sizeof(name))
				continue;
			memcpy(name, w, wl);
			name[wl] = 0;
			if (cfg_comp_make(target, name, okey, sizeof(okey)) == -1)
				continue;
			if (cfg_items_get(c->cfg, okey) != NULL)
				continue;
			comp = cfg_key_last(it->key);
			if (c->old && cfg_items_get(c->old, okey) != NULL)
				ERR(c, okey, "Cannot delete %s '%s': %.*s "
				    "uses it (%s %s)", target->what, name,
				    (int)cfg_key_parent_len(it->key), it->key,
				    comp, it->value);
			else
				ERR(c, it->key, "%s '%s' is not configured",
				    target->what, name);
		}
	}
}

static int
has_word_prefix(const char *value, const char *pfx)
{
	const char	*p = value, *w;
	size_t		 wl, n = strlen(pfx);

	while ((w = word(&p, &wl)) != NULL)
		if (wl >= n && strncmp(w, pfx, n) == 0)
			return 1;
	return 0;
}

static void
check_proposal(struct vctx *c, long i)
{
	const char	*key = c->v[i].key;
	char		 ekey[KEYMAX], ikey[KEYMAX];
	const char	*enc = vchild(c, i, "encryption", ekey);
	const char	*integ = vchild(c, i, "integrity", ikey);
	int		 gcm, cbc;

	if (enc == NULL)
		ERR(c, key, "Proposal is incomplete: no encryption algorithm "
		    "(encryption ALG)");
	if (vchild(c, i, "prf", NULL) == NULL)
		ERR(c, key, "Proposal is incomplete: no pseudo-random "
		    "function (prf ALG)");
	if (vchild(c, i, "dh-group", NULL) == NULL)
		ERR(c, key, "Proposal is incomplete: no Diffie-Hellman group "
		    "(dh-group GROUP)");
	if (enc == NULL)
		return;
	gcm = has_word_prefix(enc, "aes-gcm");
	cbc = has_word_prefix(enc, "aes-cbc");
	if (gcm && cbc)
		ERR(c, ekey, "AES-GCM and AES-CBC cannot be mixed in one "
		    "proposal");
	else if (cbc && integ == NULL)
		ERR(c, key, "Proposal is incomplete: AES-CBC encryption needs "
		    "an integrity algorithm (integrity ALG)");
	else if (gcm && integ != NULL)
		ERR(c, ikey, "No integrity algorithm may be configured with "
		    "AES-GCM encryption (GCM authenticates by itself)");
}

static void
check_policy(struct vctx *c, long i)
{
	if (vchild(c, i, "proposal", NULL) == NULL)
		ERR(c, c->v[i].key, "Policy is incomplete: no proposal "
		    "(proposal NAME)");
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
	const char	*p, *w;
	size_t		 i, wl, cap = 0;
	uint32_t	 a;
	struct local	*n;

	for (i = 0; i < c->n; i++) {
		if (c->v[i].row == NULL || c->v[i].row->id != CFG_R_POL_LOCAL)
			continue;
		p = c->v[i].value;
		while ((w = word(&p, &wl)) != NULL) {
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
			c->local[c->nlocal++].key = c->v[i].key;
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
	const char	*key = c->v[idx].key;
	static const char *const psks[] = {
		"pre-shared-key", "pre-shared-key local",
		"pre-shared-key remote"
	};
	char		 akey[KEYMAX], pkey[KEYMAX], plain[256], pol[KEYMAX];
	const char	*addr = vchild(c, idx, "address", akey), *v, *pk;
	uint32_t	 a, m;
	size_t		 i;

	if (addr == NULL)
		ERR(c, key, "Peer is incomplete: no address "
		    "(address A.B.C.D M.M.M.M)");
	if (vchild(c, idx, psks[0], NULL) == NULL &&
	    (vchild(c, idx, psks[1], NULL) == NULL ||
	    vchild(c, idx, psks[2], NULL) == NULL))
		ERR(c, key, "Peer is incomplete: no pre-shared key "
		    "(pre-shared-key KEY, or both pre-shared-key local and "
		    "pre-shared-key remote)");
	for (i = 0; i < 3; i++) {
		if ((v = vchild(c, idx, psks[i], pkey)) == NULL)
			continue;
		if (cfg_psk_plain(v, plain, sizeof(plain)) < 0)
			ERR(c, pkey, "The encrypted pre-shared key cannot be "
			    "decoded");
		memset(plain, 0, sizeof(plain));
	}
	if (addr != NULL && parse_addrmask(addr, &a, &m) == 0 &&
	    (pk = local_address_policy(c, a)) != NULL) {
		snprintf(pol, sizeof(pol), "%.*s",
		    (int)cfg_key_parent_len(pk), pk);
		ERR(c, akey, "Peer address %.*s is a local address of this "
		    "router (%s: match address local)",
		    (int)strcspn(addr, " "), addr, pol);
	}
}

/* Authentication methods of a profile (remote defaults to local). */
static void
profile_auth(const struct vctx *c, long i, int *psk, int *rsa,
    int *local_rsa)
{
	const char	*al = vchild(c, i, "authentication local", NULL);
	const char	*ar = vchild(c, i, "authentication remote", NULL);

	if (al == NULL)
		al = "pre-shared";
	if (ar == NULL)
		ar = al;
	*psk = strcmp(al, "pre-shared") == 0 || strcmp(ar, "pre-shared") == 0;
	*rsa = strcmp(al, "rsa-signature") == 0 ||
	    strcmp(ar, "rsa-signature") == 0;
	if (local_rsa)
		*local_rsa = strcmp(al, "rsa-signature") == 0;
}

static void
check_profile(struct vctx *c, long i)
{
	int	psk, rsa;

	profile_auth(c, i, &psk, &rsa, NULL);
	if (psk && vchild(c, i, "keyring", NULL) == NULL)
		ERR(c, c->v[i].key, "Pre-shared key authentication needs a "
		    "keyring (keyring NAME)");
	if (rsa && vchild(c, i, "pki trustpoint", NULL) == NULL)
		ERR(c, c->v[i].key, "RSA signature authentication needs a trustpoint "
		    "(pki trustpoint NAME)");
}

/* Whether some profile authenticates this system with trustpoint name. */
static int
trustpoint_signs(const struct vctx *c, const char *name)
{
	size_t		 i;
	int		 psk, rsa, lrsa;
	const char	*tp;

	for (i = 0; i < c->n; i++) {
		if (c->v[i].row == NULL || c->v[i].row->id != CFG_R_PROFILE)
			continue;
		profile_auth(c, (long)i, &psk, &rsa, &lrsa);
		tp = vchild(c, (long)i, "pki trustpoint", NULL);
		if (lrsa && tp && strcmp(tp, name) == 0)
			return 1;
	}
	return 0;
}

static void
check_trustpoint(struct vctx *c, const struct vitem *it)
{
	struct cfg_pki_files	 f;
	enum cfg_pki_item	 which = CFG_PKI_CA;
	char			 msg[512], k[KEYMAX];
	const char		*item;
	int			 signs;
	cfg_pki_check_fn	*fn = c->env.pki_check ? c->env.pki_check :
				    cfg_pki_check;

	long			 idx = it - c->v;

	f.ca = vchild(c, idx, "ca-certificate", NULL);
	f.cert = vchild(c, idx, "certificate", NULL);
	f.key = vchild(c, idx, "private-key", NULL);
	f.subject = vchild(c, idx, "subject-name", NULL);
	signs = trustpoint_signs(c, cfg_comp_name(it->row, it->key));
	if (f.ca == NULL)
		ERR(c, it->key, "Trustpoint is incomplete: no CA certificate "
		    "(ca-certificate PATH)");
	if (signs && f.cert == NULL)
		ERR(c, it->key, "Trustpoint is used for rsa-signature "
		    "authentication but has no certificate (certificate PATH)");
	if (signs && f.key == NULL)
		ERR(c, it->key, "Trustpoint is used for rsa-signature "
		    "authentication but has no private key (private-key PATH)");
	if (f.ca == NULL || (f.cert == NULL) != (f.key == NULL))
		return;
	msg[0] = 0;
	if (fn(c->env.pki_arg, &f, c->env.now, &which, msg, sizeof(msg)) == 0)
		return;
	switch (which) {
	case CFG_PKI_CERT:
		item = "certificate";
		break;
	case CFG_PKI_KEY:
		item = "private-key";
		break;
	case CFG_PKI_SUBJECT:
		item = "subject-name";
		break;
	default:
		item = "ca-certificate";
		break;
	}
	if (kjoin(k, it->key, item) == -1 || cfg_items_get(c->cfg, k) == NULL)
		snprintf(k, sizeof(k), "%s", it->key);
	ERR(c, k, "%s", msg);
}

static void
check_tset(struct vctx *c, long i)
{
	const char	*key = c->v[i].key;
	char		 mkey[KEYMAX];
	const char	*mode = vchild(c, i, "mode", mkey);

	if (mode && strcmp(mode, "tunnel") != 0)
		ERR(c, mkey, "Transport mode is not supported: IPsec for "
		    "management traffic uses tunnel mode only (mode tunnel)");
	if (vchild(c, i, "transform", NULL) == NULL)
		ERR(c, key, "Transform set is incomplete: no transform "
		    "(transform ENC AUTH)");
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
check_interface(struct vctx *c, const struct vitem *it)
{
	struct tunnel	 t;
	char		 mkey[KEYMAX];
	long		 idx = it - c->v;
	const char	*mode = vchild(c, idx, "tunnel mode", mkey);
	const char	*addr;

	if (mode == NULL)
		return;
	if (strncmp(mode, "gre", 3) == 0) {
		ERR(c, mkey, "GRE tunnels are not supported (tunnel mode "
		    "ipsec ipv4)");
		return;
	}
	if (strcmp(mode, "ipsec ipv4") != 0) {
		ERR(c, mkey, "Only IPv4 transport is supported (tunnel mode "
		    "ipsec ipv4)");
		return;
	}
	memset(&t, 0, sizeof(t));
	t.key = it->key;
	t.unit = cfg_ifname_unit(cfg_comp_name(it->row, it->key));
	t.src = vchild(c, idx, "tunnel source", NULL);
	t.dst = vchild(c, idx, "tunnel destination", t.dstkey);
	t.prot = vchild(c, idx, "tunnel protection ipsec profile", t.protkey);
	addr = vchild(c, idx, "ipv4 address", NULL);
	if (addr == NULL)
		ERR(c, it->key, "IPsec tunnel is incomplete: no IPv4 address "
		    "(ipv4 address A.B.C.D M.M.M.M)");
	if (t.src == NULL)
		ERR(c, it->key, "IPsec tunnel is incomplete: no tunnel source "
		    "(tunnel source IFNAME|A.B.C.D)");
	if (t.dst == NULL)
		ERR(c, it->key, "IPsec tunnel is incomplete: no tunnel "
		    "destination (tunnel destination A.B.C.D)");
	if (t.prot == NULL)
		ERR(c, it->key, "IPsec tunnel is incomplete: no protection "
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

/* Whether the keyring at index i has a peer whose address covers dst. */
static int
keyring_covers(const struct vctx *c, long i, uint32_t dst)
{
	size_t		 j;
	uint32_t	 a, m;

	if (i < 0)
		return -1;
	for (j = (size_t)i + 1; j < c->v[i].end; j++) {
		if (c->v[j].row == NULL ||
		    c->v[j].row->id != CFG_R_PEER_ADDRESS)
			continue;
		if (parse_addrmask(c->v[j].value, &a, &m) == 0 &&
		    (a & m) == (dst & m))
			return 1;
	}
	return 0;
}

/* 1 covered, 0 not, -1 no `match identity remote address` at all (the
 * profile at index i). */
static int
identity_covers(const struct vctx *c, long i, uint32_t dst)
{
	size_t		 j;
	uint32_t	 a, m;
	int		 any = 0;
	const char	*w;
	unsigned	 plen;

	if (i < 0)
		return -1;
	for (j = (size_t)i + 1; j < c->v[i].end; j++) {
		if (c->v[j].row == NULL)
			continue;
		if (c->v[j].row->id == CFG_R_PROF_MATCH_ANY)
			return 1;
		if (c->v[j].row->id != CFG_R_PROF_MATCH_ADDR)
			continue;
		any = 1;
		w = cfg_comp_name(c->v[j].row, cfg_key_last(c->v[j].key));
		if (cfg_ipv4_parse(w, strlen(w), &a) == -1)
			continue;
		m = 0xffffffffu;
		if (c->v[j].value[0] &&
		    cfg_mask_parse(c->v[j].value, strlen(c->v[j].value),
		    &plen) == 0)
			m = plen ? 0xffffffffu << (32 - plen) : 0;
		if ((a & m) == (dst & m))
			return 1;
	}
	return any ? 0 : -1;
}

/* What a tunnel's IPsec profile leads to; worked out once per profile. */
struct chain {
	const char	*prot;		/* the IPsec profile's name */
	long		 pri;		/* its ikev2 profile's index, or -1 */
	const char	*ik2;
	long		 kri;		/* the PSK keyring's index, or -1 */
	const char	*kr;
};

static const struct chain *
chain_of(struct vctx *c, const struct tunnel *t)
{
	struct chain	*ch, *n;
	char		 ipk[KEYMAX], prk[KEYMAX], krk[KEYMAX];
	const char	*ifname;
	long		 ipi;
	size_t		 i;
	int		 psk, rsa;

	for (i = 0; i < c->nchain; i++)
		if (strcmp(c->chain[i].prot, t->prot) == 0)
			return &c->chain[i];
	if (cfg_comp_make(cfg_row(CFG_R_IPSECPROF), t->prot, ipk,
	    sizeof(ipk)) == -1 || (ipi = vfind(c, ipk)) < 0)
		return NULL;
	if ((n = realloc(c->chain, (c->nchain + 1) * sizeof(*n))) == NULL) {
		c->oom = 1;
		return NULL;
	}
	c->chain = n;
	ch = &c->chain[c->nchain++];
	memset(ch, 0, sizeof(*ch));
	ch->prot = t->prot;
	ch->pri = ch->kri = -1;
	/* An incomplete IPsec profile is reported here, once. */
	ifname = cfg_comp_name(cfg_row(CFG_R_INTERFACE), t->key);
	ch->ik2 = vchild(c, ipi, "set ikev2-profile", NULL);
	if (vchild(c, ipi, "set transform-set", NULL) == NULL)
		ERR(c, ipk, "IPsec profile is incomplete: it is used by "
		    "interface %s but has no transform set "
		    "(set transform-set NAME)", ifname);
	if (ch->ik2 == NULL)
		ERR(c, ipk, "IPsec profile is incomplete: it is used by "
		    "interface %s but has no IKEv2 profile "
		    "(set ikev2-profile NAME)", ifname);
	if (ch->ik2 == NULL || cfg_comp_make(cfg_row(CFG_R_PROFILE), ch->ik2,
	    prk, sizeof(prk)) == -1 || (ch->pri = vfind(c, prk)) < 0)
		return ch;
	profile_auth(c, ch->pri, &psk, &rsa, NULL);
	ch->kr = vchild(c, ch->pri, "keyring", NULL);
	if (psk && ch->kr && cfg_comp_make(cfg_row(CFG_R_KEYRING), ch->kr,
	    krk, sizeof(krk)) == 0)
		ch->kri = vfind(c, krk);
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
	if (ch->kri >= 0 && keyring_covers(c, ch->kri, dst) == 0)
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
		    "and destination %s", cfg_comp_name(cfg_row(CFG_R_INTERFACE),
		    v[first]->key), v[i]->src, v[i]->dst);
	}
	free(v);
}

/* Described in header. */
int
cfg_validate(void *arg, const struct cfg_items *new_cfg,
    const struct cfg_items *old_cfg, struct cfg_errors *errs)
{
	struct vctx	 c;
	size_t		 i;
	const struct vitem *it;

	memset(&c, 0, sizeof(c));
	c.cfg = new_cfg;
	c.old = old_cfg;
	c.errs = errs;
	if (arg)
		c.env = *(const struct cfg_validate_env *)arg;
	else
		c.env.now = (int64_t)time(NULL);
	if (build(&c) == -1 || locals_build(&c) == -1) {
		free(c.v);
		free(c.local);
		return -1;
	}
	for (i = 0; i < c.n && !c.oom; i++) {
		it = &c.v[i];
		if (it->row == NULL) {
			ERR(&c, it->key, "Unknown configuration item");
			continue;
		}
		check_refs(&c, it);
		switch (it->row->id) {
		case CFG_R_PROPOSAL:
			check_proposal(&c, (long)i);
			break;
		case CFG_R_POLICY:
			check_policy(&c, (long)i);
			break;
		case CFG_R_PEER:
			check_peer(&c, (long)i);
			break;
		case CFG_R_PROFILE:
			check_profile(&c, (long)i);
			break;
		case CFG_R_TRUSTPOINT:
			check_trustpoint(&c, it);
			break;
		case CFG_R_TSET:
			check_tset(&c, (long)i);
			break;
		case CFG_R_INTERFACE:
			check_interface(&c, it);
			break;
		}
	}
	if (!c.oom)
		check_tunnels(&c);
	free(c.v);
	free(c.tun);
	free(c.local);
	free(c.chain);
	return c.oom ? -1 : 0;
}
