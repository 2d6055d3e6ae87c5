/*
 * Config -> negotiation mapping (see cfgmap.h).  Reads item keys as the
 * schema builds them: each key component is a config line head
 * ("interface tunnel-ip1", "tunnel source", "set pfs"), joined by
 * CFG_KEY_SEP, and multi-valued items hold their words space-separated in
 * preference order.  Everything here is pure.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "cfgdb/schema.h"
#include "ikev2/crypto.h"
#include "mgmtsecd/cfgmap.h"

#define KEY_MAX		512

/*
 * Item access
 */

/* The value of the key made of the given components (NULL-terminated). */
static const char *
getv(const struct cfg_items *items, const char *first, ...)
{
	char		 key[KEY_MAX];
	const char	*c;
	size_t		 len = 0;
	int		 n;
	va_list		 ap;

	va_start(ap, first);
	for (c = first; c != NULL; c = va_arg(ap, const char *)) {
		n = snprintf(key + len, sizeof(key) - len, "%s%s",
		    len ? CFG_KEY_SEP_STR : "", c);
		if (n < 0 || (size_t)n >= sizeof(key) - len) {
			va_end(ap);
			return NULL;
		}
		len += (size_t)n;
	}
	va_end(ap);
	return cfg_items_get(items, key);
}

/*
 * Calls cb for each direct child component of parent (a full key) that
 * starts with prefix, in key order.
 */
static void
children(const struct cfg_items *items, const char *parent,
    const char *prefix, void (*cb)(void *arg, const char *comp,
    const char *value), void *arg)
{
	const struct cfg_item	*v;
	size_t			 n, i, plen = strlen(parent);
	size_t			 pre = strlen(prefix);
	const char		*comp;

	v = cfg_items_sorted(items, &n);
	for (i = 0; i < n; i++) {
		if (plen > 0 && (strncmp(v[i].key, parent, plen) != 0 ||
		    v[i].key[plen] != CFG_KEY_SEP))
			continue;
		comp = plen > 0 ? v[i].key + plen + 1 : v[i].key;
		if (strchr(comp, CFG_KEY_SEP) != NULL ||
		    strncmp(comp, prefix, pre) != 0)
			continue;
		cb(arg, comp, v[i].value);
	}
}

static int
parse_ip(const char *s, struct in_addr *out)
{
	return inet_pton(AF_INET, s, out) == 1 ? 0 : -1;
}

/* "A.B.C.D M.M.M.M" into address and mask. */
static int
parse_addrmask(const char *s, struct in_addr *addr, struct in_addr *mask)
{
	char	a[32], m[32];

	if (s == NULL || sscanf(s, "%31s %31s", a, m) != 2)
		return -1;
	return parse_ip(a, addr) == -1 || parse_ip(m, mask) == -1 ? -1 : 0;
}

static int
mask_len(struct in_addr mask)
{
	uint32_t	m = ntohl(mask.s_addr);
	int		n = 0;

	while (m & 0x80000000u) {
		n++;
		m <<= 1;
	}
	return n;
}

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

/*
 * Algorithms
 */

/* Described in cfgmap.h. */
int
dmn_map_encr(const char *w, struct ike_cfg_encr *out)
{
	static const struct {
		const char	*word;
		uint16_t	 id, keylen;
	} t[] = {
		{ "aes-cbc-128", IKE_ENCR_AES_CBC, 128 },
		{ "aes-cbc-192", IKE_ENCR_AES_CBC, 192 },
		{ "aes-cbc-256", IKE_ENCR_AES_CBC, 256 },
		{ "aes-gcm-128", IKE_ENCR_AES_GCM_16, 128 },
		{ "aes-gcm-256", IKE_ENCR_AES_GCM_16, 256 },
	};
	size_t	i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(w, t[i].word) == 0) {
			out->id = t[i].id;
			out->keylen = t[i].keylen;
			return 0;
		}
	return -1;
}

/* Described in cfgmap.h. */
int
dmn_map_hash(const char *w, int prf)
{
	static const struct {
		const char	*word;
		int		 integ, prf;
	} t[] = {
		{ "sha-1", IKE_INTEG_HMAC_SHA1_96, IKE_PRF_HMAC_SHA1 },
		{ "sha-256", IKE_INTEG_HMAC_SHA2_256_128,
		    IKE_PRF_HMAC_SHA2_256 },
		{ "sha-384", IKE_INTEG_HMAC_SHA2_384_192,
		    IKE_PRF_HMAC_SHA2_384 },
		{ "sha-512", IKE_INTEG_HMAC_SHA2_512_256,
		    IKE_PRF_HMAC_SHA2_512 },
	};
	size_t	i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(w, t[i].word) == 0)
			return prf ? t[i].prf : t[i].integ;
	return -1;
}

/* Described in cfgmap.h. */
int
dmn_map_esp(const char *enc, const char *auth, struct ike_cfg_proposal *out)
{
	static const struct {
		const char	*word;
		uint16_t	 keylen;
	} e[] = {
		{ "esp-128-aes", 128 }, { "esp-192-aes", 192 },
		{ "esp-256-aes", 256 },
	};
	static const struct {
		const char	*word;
		uint16_t	 id;
	} a[] = {
		{ "esp-hmac-sha1", IKE_INTEG_HMAC_SHA1_96 },
		{ "esp-hmac-sha-1", IKE_INTEG_HMAC_SHA1_96 },
		{ "esp-hmac-sha-256", IKE_INTEG_HMAC_SHA2_256_128 },
		{ "esp-hmac-sha-384", IKE_INTEG_HMAC_SHA2_384_192 },
		{ "esp-hmac-sha-512", IKE_INTEG_HMAC_SHA2_512_256 },
	};
	size_t	i;
	int	ok = 0;

	for (i = 0; i < sizeof(e) / sizeof(e[0]); i++)
		if (strcmp(enc, e[i].word) == 0) {
			out->encr[0].id = IKE_ENCR_AES_CBC;
			out->encr[0].keylen = e[i].keylen;
			out->n_encr = 1;
			ok |= 1;
		}
	for (i = 0; i < sizeof(a) / sizeof(a[0]); i++)
		if (strcmp(auth, a[i].word) == 0) {
			out->integ[0] = a[i].id;
			out->n_integ = 1;
			ok |= 2;
		}
	return ok == 3 ? 0 : -1;
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

/* Space-separated words of v, each passed to cb; stops on -1. */
static int
words(const char *v, int (*cb)(void *arg, const char *w), void *arg)
{
	char		 w[64];
	const char	*p = v, *q;
	size_t		 n;

	while (p != NULL && *p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		for (q = p; *q != '\0' && *q != ' '; q++)
			;
		n = (size_t)(q - p);
		if (n >= sizeof(w))
			return -1;
		memcpy(w, p, n);
		w[n] = '\0';
		if (cb(arg, w) == -1)
			return -1;
		p = q;
	}
	return 0;
}

struct prop_fill {
	struct ike_cfg_proposal	*p;
	int			 what;	/* encr, integ, prf, dh */
	int			 bad;
};

static int
prop_word(void *arg, const char *w)
{
	struct prop_fill	*f = arg;
	struct ike_cfg_proposal	*p = f->p;
	int			 v;

	switch (f->what) {
	case 0:
		if (p->n_encr >= IKE_CFG_ALGS_MAX ||
		    dmn_map_encr(w, &p->encr[p->n_encr]) == -1)
			f->bad = 1;
		else
			p->n_encr++;
		break;
	case 1:
	case 2:
		if ((v = dmn_map_hash(w, f->what == 2)) == -1) {
			f->bad = 1;
			break;
		}
		if (f->what == 1 && p->n_integ < IKE_CFG_ALGS_MAX)
			p->integ[p->n_integ++] = (uint16_t)v;
		else if (f->what == 2 && p->n_prf < IKE_CFG_ALGS_MAX)
			p->prf[p->n_prf++] = (uint16_t)v;
		break;
	default:
		v = atoi(w);
		if ((v != 19 && v != 20 && v != 21) ||
		    p->n_dh >= IKE_CFG_ALGS_MAX)
			f->bad = 1;
		else
			p->dh[p->n_dh++] = (uint16_t)v;
	}
	return 0;
}

/* `ikev2 proposal NAME` into p; 0, or -1 with err. */
static int
map_proposal(const struct cfg_items *items, const char *name,
    struct ike_cfg_proposal *p, char *err, size_t errlen)
{
	static const char	*const leaf[4] = {
		"encryption", "integrity", "prf", "dh-group"
	};
	char			 obj[KEY_MAX];
	struct prop_fill	 f;
	int			 i;

	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	snprintf(obj, sizeof(obj), "ikev2 proposal %s", name);
	if (cfg_items_get(items, obj) == NULL) {
		seterr(err, errlen, "ikev2 proposal %s does not exist", name);
		return -1;
	}
	for (i = 0; i < 4; i++) {
		f.p = p;
		f.what = i;
		f.bad = 0;
		(void)words(getv(items, obj, leaf[i], (char *)NULL),
		    prop_word, &f);
		if (f.bad) {
			seterr(err, errlen, "ikev2 proposal %s has an unknown "
			    "%s", name, leaf[i]);
			return -1;
		}
	}
	if (p->n_encr == 0 || p->n_prf == 0 || p->n_dh == 0) {
		seterr(err, errlen, "ikev2 proposal %s lacks encryption, prf "
		    "or dh-group", name);
		return -1;
	}
	return 0;
}

struct pol_fill {
	const struct cfg_items	*items;
	struct ike_cfg_policy	*pol;
	char			*err;
	size_t			 errlen;
	int			 bad;
};

static int
pol_local(void *arg, const char *w)
{
	struct pol_fill	*f = arg;

	if (f->pol->n_local < IKE_CFG_LOCAL_MAX &&
	    parse_ip(w, &f->pol->local[f->pol->n_local]) == 0)
		f->pol->n_local++;
	return 0;
}

static int
pol_proposal(void *arg, const char *w)
{
	struct pol_fill	*f = arg;

	if (f->pol->n_ike >= IKE_CFG_PROPOSALS_MAX)
		return 0;
	if (map_proposal(f->items, w, &f->pol->ike[f->pol->n_ike], f->err,
	    f->errlen) == -1)
		f->bad = 1;
	else
		f->pol->n_ike++;
	return 0;
}

struct map_ctx {
	const struct cfg_items	*items;
	struct dmn_cfg		*cfg;
	int			 oom;
};

static void
map_policy(void *arg, const char *comp, const char *value)
{
	struct map_ctx		*m = arg;
	struct dmn_cfg		*c = m->cfg;
	struct ike_cfg_policy	*v, *pol;
	struct pol_fill		 f;
	char			 err[DMN_ERR_MAX] = "";

	if ((v = realloc(c->policies, (c->n_policies + 1) *
	    sizeof(*v))) == NULL) {
		m->oom = 1;
		return;
	}
	c->policies = v;
	pol = &v[c->n_policies];
	memset(pol, 0, sizeof(*pol));
	snprintf(pol->name, sizeof(pol->name), "%s",
	    comp + strlen("ikev2 policy "));
	f.items = m->items;
	f.pol = pol;
	f.err = err;
	f.errlen = sizeof(err);
	f.bad = 0;
	(void)words(getv(m->items, comp, "match address local", (char *)NULL),
	    pol_local, &f);
	(void)words(getv(m->items, comp, "proposal", (char *)NULL),
	    pol_proposal, &f);
	pol->any_local = pol->n_local == 0;
	/* A policy whose proposals all failed to map offers nothing; the
	 * tunnels it serves report the first reason. */
	c->n_policies++;
}

static void
map_ifmap(void *arg, const char *comp, const char *value)
{
	struct map_ctx		*m = arg;
	struct dmn_cfg		*c = m->cfg;
	struct dmn_ifmap	*v;

	if ((v = realloc(c->ifmap, (c->n_ifmap + 1) * sizeof(*v))) == NULL) {
		m->oom = 1;
		return;
	}
	c->ifmap = v;
	memset(&v[c->n_ifmap], 0, sizeof(v[0]));
	snprintf(v[c->n_ifmap].cisco, sizeof(v[0].cisco), "%s",
	    comp + strlen("platform interface-map "));
	snprintf(v[c->n_ifmap].linux_name, sizeof(v[0].linux_name), "%s",
	    value);
	c->n_ifmap++;
}

/*
 * Tunnels
 */

struct kr_pick {
	const struct cfg_items	*items;
	const char		*keyring;	/* full key of the keyring */
	struct in_addr		 dest;
	int			 best_len;
	char			 best[KEY_MAX];	/* the peer's key */
};

static void
kr_peer(void *arg, const char *comp, const char *value)
{
	struct kr_pick	*k = arg;
	struct in_addr	 a, m;
	char		 key[KEY_MAX];
	int		 len;

	snprintf(key, sizeof(key), "%s%c%s", k->keyring, CFG_KEY_SEP, comp);
	if (parse_addrmask(getv(k->items, key, "address", (char *)NULL), &a,
	    &m) == -1)
		return;
	if ((a.s_addr & m.s_addr) != (k->dest.s_addr & m.s_addr))
		return;
	len = mask_len(m);
	if (len > k->best_len) {
		k->best_len = len;
		snprintf(k->best, sizeof(k->best), "%s", key);
	}
}

struct id_pick {
	struct ike_cfg_id_match	*m;
	int			 found;
};

static void
id_addr(void *arg, const char *comp, const char *value)
{
	struct id_pick	*p = arg;
	const char	*a = comp + strlen("match identity remote address ");

	if (p->found || parse_ip(a, &p->m->addr) == -1)
		return;
	if (value == NULL || value[0] == '\0' ||
	    parse_ip(value, &p->m->mask) == -1)
		p->m->mask.s_addr = htonl(0xffffffffu);
	p->found = 1;
}

static int
psk_into(const char *value, char *out, size_t outlen)
{
	return value != NULL && dmn_psk_plain(value, out, outlen) > 0 ? 0 : -1;
}

/* Authentication, identity, keys, DPD and lifetime from `ikev2 profile`. */
static void
map_profile(const struct cfg_items *items, struct dmn_tcfg *t,
    const char *name)
{
	struct ike_cfg_peer	*p = &t->peer;
	struct kr_pick		 k;
	struct id_pick		 id;
	char			 obj[KEY_MAX], kr[KEY_MAX];
	const char		*v, *both;
	unsigned		 a, b;

	snprintf(obj, sizeof(obj), "ikev2 profile %s", name);
	if (cfg_items_get(items, obj) == NULL) {
		seterr(t->error, sizeof(t->error), "ikev2 profile %s does not "
		    "exist", name);
		return;
	}
	v = getv(items, obj, "lifetime", (char *)NULL);
	p->ike_lifetime = v != NULL ? (uint32_t)strtoul(v, NULL, 10) : 86400;
	v = getv(items, obj, "authentication local", (char *)NULL);
	p->auth_local = v != NULL && strcmp(v, "rsa-signature") == 0 ?
	    IKE_CFG_AUTH_RSA : IKE_CFG_AUTH_PSK;
	v = getv(items, obj, "authentication remote", (char *)NULL);
	p->auth_remote = v == NULL ? p->auth_local :
	    strcmp(v, "rsa-signature") == 0 ? IKE_CFG_AUTH_RSA :
	    IKE_CFG_AUTH_PSK;
	if (p->auth_local != IKE_CFG_AUTH_PSK ||
	    p->auth_remote != IKE_CFG_AUTH_PSK)
		seterr(t->error, sizeof(t->error), "ikev2 profile %s: "
		    "rsa-signature authentication is not available in this "
		    "build", name);
	v = getv(items, obj, "dpd", (char *)NULL);
	if (v != NULL && sscanf(v, "%u %u", &a, &b) == 2) {
		p->dpd_interval = a;
		p->dpd_retry = b;
	}
	/* Identity: any, an address (mask), or by default the peer's
	 * address exactly. */
	if (getv(items, obj, "match identity remote any", (char *)NULL))
		p->remote_id.any = 1;
	else {
		id.m = &p->remote_id;
		id.found = 0;
		children(items, obj, "match identity remote address ", id_addr,
		    &id);
		if (!id.found) {
			p->remote_id.addr = t->dest;
			p->remote_id.mask.s_addr = htonl(0xffffffffu);
		}
	}
	/* Keys: the keyring peer whose address covers the destination,
	 * most specific first. */
	if ((v = getv(items, obj, "keyring", (char *)NULL)) == NULL) {
		seterr(t->error, sizeof(t->error), "ikev2 profile %s has no "
		    "keyring", name);
		return;
	}
	snprintf(kr, sizeof(kr), "keyring %s", v);
	if (cfg_items_get(items, kr) == NULL) {
		seterr(t->error, sizeof(t->error), "keyring %s does not exist",
		    v);
		return;
	}
	memset(&k, 0, sizeof(k));
	k.items = items;
	k.keyring = kr;
	k.dest = t->dest;
	k.best_len = -1;
	children(items, kr, "peer ", kr_peer, &k);
	if (k.best_len < 0) {
		seterr(t->error, sizeof(t->error), "%s has no peer whose "
		    "address covers %s", kr, inet_ntoa(t->dest));
		return;
	}
	both = getv(items, k.best, "pre-shared-key", (char *)NULL);
	v = getv(items, k.best, "pre-shared-key local", (char *)NULL);
	if (psk_into(v != NULL ? v : both, p->psk_local,
	    sizeof(p->psk_local)) == -1)
		seterr(t->error, sizeof(t->error), "%s %s has no usable local "
		    "pre-shared key", kr, k.best + strlen(kr) + 1);
	v = getv(items, k.best, "pre-shared-key remote", (char *)NULL);
	if (psk_into(v != NULL ? v : both, p->psk_remote,
	    sizeof(p->psk_remote)) == -1)
		seterr(t->error, sizeof(t->error), "%s %s has no usable remote "
		    "pre-shared key", kr, k.best + strlen(kr) + 1);
}

/* ESP proposal, PFS and Child SA lifetime from `ipsec profile`. */
static void
map_ipsec_profile(const struct cfg_items *items, struct dmn_tcfg *t,
    const char *name)
{
	struct ike_cfg_proposal	*e = &t->peer.esp[0];
	char			 obj[KEY_MAX], ts[KEY_MAX];
	char			 enc[64], auth[64];
	const char		*v;

	snprintf(obj, sizeof(obj), "ipsec profile %s", name);
	if (cfg_items_get(items, obj) == NULL) {
		seterr(t->error, sizeof(t->error), "ipsec profile %s does not "
		    "exist", name);
		return;
	}
	v = getv(items, obj, "set security-association lifetime seconds",
	    (char *)NULL);
	t->peer.child_lifetime = v != NULL ?
	    (uint32_t)strtoul(v, NULL, 10) : 3600;
	if ((v = getv(items, obj, "set transform-set", (char *)NULL)) == NULL) {
		seterr(t->error, sizeof(t->error), "ipsec profile %s has no "
		    "transform-set", name);
	} else {
		snprintf(ts, sizeof(ts), "ipsec transform-set %s", v);
		snprintf(e->name, sizeof(e->name), "%s", v);
		v = getv(items, ts, "transform", (char *)NULL);
		if (cfg_items_get(items, ts) == NULL)
			seterr(t->error, sizeof(t->error), "%s does not exist",
			    ts);
		else if (v == NULL || sscanf(v, "%63s %63s", enc, auth) != 2 ||
		    dmn_map_esp(enc, auth, e) == -1)
			seterr(t->error, sizeof(t->error), "%s has no usable "
			    "transform", ts);
		else
			t->peer.n_esp = 1;
	}
	if ((v = getv(items, obj, "set pfs", (char *)NULL)) != NULL &&
	    strncmp(v, "group", 5) == 0) {
		e->dh[0] = (uint16_t)atoi(v + 5);
		e->n_dh = 1;
	}
	if ((v = getv(items, obj, "set ikev2-profile", (char *)NULL)) == NULL)
		seterr(t->error, sizeof(t->error), "ipsec profile %s has no "
		    "ikev2-profile", name);
	else
		map_profile(items, t, v);
}

static void
map_interface(void *arg, const char *comp, const char *value)
{
	struct map_ctx		*m = arg;
	struct dmn_cfg		*c = m->cfg;
	const struct cfg_items	*items = m->items;
	const char		*name = comp + strlen("interface ");
	const char		*prot, *v;
	struct dmn_tcfg		*tv, *t;
	struct in_addr		 mask;
	char			*end;
	unsigned long		 unit;

	if (strncmp(name, "tunnel-ip", 9) != 0)
		return;
	unit = strtoul(name + 9, &end, 10);
	if (*end != '\0' || end == name + 9 || unit > 65535 ||
	    strlen(name) >= DMN_IFNAME_MAX)
		return;
	/* Only protected tunnels are negotiated. */
	prot = getv(items, comp, "tunnel protection ipsec profile",
	    (char *)NULL);
	if (prot == NULL)
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
	t->shutdown = getv(items, comp, "shutdown", (char *)NULL) != NULL;
	if ((v = getv(items, comp, "mtu", (char *)NULL)) != NULL)
		t->mtu = (uint32_t)strtoul(v, NULL, 10);
	if (parse_addrmask(getv(items, comp, "ipv4 address", (char *)NULL),
	    &t->inner, &mask) == 0)
		t->inner_plen = (uint8_t)mask_len(mask);
	v = getv(items, comp, "tunnel mode", (char *)NULL);
	if (v == NULL || strcmp(v, "ipsec ipv4") != 0)
		seterr(t->error, sizeof(t->error), "%s is not in tunnel mode "
		    "ipsec ipv4", name);
	if ((v = getv(items, comp, "tunnel source", (char *)NULL)) == NULL)
		seterr(t->error, sizeof(t->error), "%s has no tunnel source",
		    name);
	else
		snprintf(t->source, sizeof(t->source), "%s", v);
	v = getv(items, comp, "tunnel destination", (char *)NULL);
	if (v == NULL || parse_ip(v, &t->dest) == -1)
		seterr(t->error, sizeof(t->error), "%s has no tunnel "
		    "destination", name);
	t->peer.remote = t->dest;
	map_ipsec_profile(items, t, prot);
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

/* Described in cfgmap.h. */
int
dmn_cfg_map(const struct cfg_items *items, struct dmn_cfg *out)
{
	struct map_ctx	m = { .items = items, .cfg = out };

	memset(out, 0, sizeof(*out));
	children(items, "", "ikev2 policy ", map_policy, &m);
	children(items, "", "platform interface-map ", map_ifmap, &m);
	children(items, "", "interface ", map_interface, &m);
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
		seterr(why, whylen, "no ikev2 policy matches local address %s",
		    inet_ntoa(local));
		return -1;
	}
	if (pol->n_ike == 0) {
		seterr(why, whylen, "ikev2 policy %s has no usable proposal",
		    pol->name);
		return -1;
	}
	*out = t->peer;
	out->id = id;
	out->local = local;
	memcpy(out->ike, pol->ike, sizeof(out->ike));
	out->n_ike = pol->n_ike;
	return 0;
}
