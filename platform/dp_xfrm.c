/*
 * The kernel data plane (see dp_xfrm.h): vti links through nl_link.c,
 * XFRM states and policies through libnl-xfrm-3, and the kernel's expire
 * notifications on a second netlink socket.  The backend keeps its own
 * table of the SAs it installed (key, mark, direction), because deleting
 * or querying a marked state needs its mark, and because flush must
 * remove only what this daemon made.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/udp.h>
#include <linux/xfrm.h>

#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/xfrm/lifetime.h>
#include <netlink/xfrm/sa.h>
#include <netlink/xfrm/selector.h>
#include <netlink/xfrm/sp.h>
#include <netlink/xfrm/template.h>

#include "ipsec/esp.h"
#include "platform/dp_xfrm.h"
#include "platform/nl_link.h"

#define EVQ_MAX		128
#define PROBE_NAME	"mgmtsec-probe"
#define XFRM_DEFAULT_MTU 1400	/* 1500 less the largest ESP overhead */
#define REPLAY_MAX	1024	/* packets of inbound replay window */

struct xsa {
	struct dp_sa_key	key;
	struct in_addr		src;
	enum dp_dir		dir;
	uint32_t		if_id;
	uint32_t		reqid;
	uint32_t		mark;
	int			larval;
	int			encap;		/* ESP in UDP */
};

struct xtun {
	uint32_t	if_id;
	uint32_t	ifindex;
	char		name[16];
	struct in_addr	local, remote;
};

struct dp_xfrm {
	struct dp		 dp;		/* first: the interface */
	int			(*rand)(void *, void *, size_t);
	void			*rand_arg;
	struct nl_sock		*xs;		/* requests */
	struct nl_sock		*es;		/* expire notifications */
	struct dp_nl		*nl;
	struct xsa		*sas;
	size_t			 n_sas, cap_sas;
	struct xtun		*tuns;
	size_t			 n_tuns, cap_tuns;
	struct dp_event		 evq[EVQ_MAX];
	size_t			 evhead, evlen;
	uint64_t		 expires;
	uint64_t		 gone_in;	/* packets of deleted SAs */
	uint64_t		 gone_out;
};

static void	retire(struct dp_xfrm *, const struct xsa *);

static void
seterr(char *err, size_t errlen, const char *what, const char *why)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s: %s", what, why);
}

static uint32_t
mark_of(uint32_t if_id)
{
	return DP_XFRM_MARK_BASE + if_id;
}

static struct nl_addr *
v4(struct in_addr a)
{
	return nl_addr_build(AF_INET, &a, sizeof(a));
}

/*
 * Our SA table
 */

static struct xsa *
xsa_find(struct dp_xfrm *x, struct in_addr dst, uint32_t spi)
{
	size_t	i;

	for (i = 0; i < x->n_sas; i++)
		if (x->sas[i].key.spi == spi &&
		    x->sas[i].key.dst.s_addr == dst.s_addr)
			return &x->sas[i];
	return NULL;
}

static struct xsa *
xsa_add(struct dp_xfrm *x)
{
	struct xsa	*v;
	size_t		 cap;

	if (x->n_sas == x->cap_sas) {
		cap = x->cap_sas ? x->cap_sas * 2 : 64;
		if ((v = realloc(x->sas, cap * sizeof(*v))) == NULL)
			return NULL;
		x->sas = v;
		x->cap_sas = cap;
	}
	memset(&x->sas[x->n_sas], 0, sizeof(x->sas[0]));
	return &x->sas[x->n_sas++];
}

static void
xsa_drop(struct dp_xfrm *x, struct xsa *s)
{
	*s = x->sas[--x->n_sas];
}

static struct xtun *
xtun_find(struct dp_xfrm *x, uint32_t if_id)
{
	size_t	i;

	for (i = 0; i < x->n_tuns; i++)
		if (x->tuns[i].if_id == if_id)
			return &x->tuns[i];
	return NULL;
}

/*
 * Kernel objects
 */

static int
kernel_sa_delete(struct dp_xfrm *x, struct in_addr dst, uint32_t spi,
    uint8_t proto, uint32_t mark)
{
	struct xfrmnl_sa	*sa;
	struct nl_addr		*d;
	int			 rc = -NLE_NOMEM;

	if ((sa = xfrmnl_sa_alloc()) == NULL || (d = v4(dst)) == NULL)
		goto out;
	xfrmnl_sa_set_daddr(sa, d);
	nl_addr_put(d);
	xfrmnl_sa_set_spi(sa, spi);	/* libnl: host order */
	xfrmnl_sa_set_proto(sa, proto);
	xfrmnl_sa_set_family(sa, AF_INET);
	if (mark != 0)
		xfrmnl_sa_set_mark(sa, mark, 0xffffffffu);
	rc = xfrmnl_sa_delete(x->xs, sa, 0);
out:
	if (sa != NULL)
		xfrmnl_sa_put(sa);
	return rc;
}

/* The kernel's name of an ESP algorithm. */
static const char *
integ_name(uint16_t alg, unsigned *trunc)
{
	switch (alg) {
	case 2:
		*trunc = 96;
		return "hmac(sha1)";
	case 12:
		*trunc = 128;
		return "hmac(sha256)";
	case 13:
		*trunc = 192;
		return "hmac(sha384)";
	case 14:
		*trunc = 256;
		return "hmac(sha512)";
	}
	return NULL;
}

static uint64_t
limit(uint64_t want, uint64_t cap)
{
	return want != 0 && want < cap ? want : cap;
}

static struct xfrmnl_ltime_cfg *
lifetimes(const struct dp_sa *s)
{
	struct xfrmnl_ltime_cfg	*l = xfrmnl_ltime_cfg_alloc();
	uint64_t		 psoft = XFRM_INF, phard = XFRM_INF;

	if (l == NULL)
		return NULL;
	/* The kernel's outbound sequence number is 32 bits (no ESN) and it
	 * only refuses to wrap it, silently: packet limits make that a
	 * soft expire (rekey) 2^24 packets before the end and a hard one
	 * at the last number. */
	if (s->dir == DP_DIR_OUT) {
		psoft = ESP_SEQ_SOFT_32;
		phard = UINT64_C(0xffffffff);
	}
	/* 0 in the kernel's limits means "expired at once": unset limits
	 * must be XFRM_INF.  Time is the engine's business. */
	xfrmnl_ltime_cfg_set_soft_bytelimit(l, limit(s->bytes_soft, XFRM_INF));
	xfrmnl_ltime_cfg_set_hard_bytelimit(l, limit(s->bytes_hard, XFRM_INF));
	xfrmnl_ltime_cfg_set_soft_packetlimit(l, limit(s->packets_soft,
	    psoft));
	xfrmnl_ltime_cfg_set_hard_packetlimit(l, limit(s->packets_hard,
	    phard));
	xfrmnl_ltime_cfg_set_soft_addexpires(l, 0);
	xfrmnl_ltime_cfg_set_hard_addexpires(l, 0);
	xfrmnl_ltime_cfg_set_soft_useexpires(l, 0);
	xfrmnl_ltime_cfg_set_hard_useexpires(l, 0);
	return l;
}

static struct xfrmnl_sel *
sel_any(void)
{
	struct xfrmnl_sel	*sel = xfrmnl_sel_alloc();
	struct in_addr		 zero = { 0 };
	struct nl_addr		*a;

	if (sel == NULL)
		return NULL;
	xfrmnl_sel_set_family(sel, AF_INET);
	if ((a = v4(zero)) != NULL) {
		nl_addr_set_prefixlen(a, 0);
		xfrmnl_sel_set_daddr(sel, a);
		xfrmnl_sel_set_saddr(sel, a);
		nl_addr_put(a);
	}
	xfrmnl_sel_set_prefixlen_d(sel, 0);
	xfrmnl_sel_set_prefixlen_s(sel, 0);
	return sel;
}

/* Builds the state for s with mark; -NLE_* on failure. */
static int
build_sa(const struct dp_sa *s, uint32_t mark, struct xfrmnl_sa **out,
    const char **why)
{
	struct xfrmnl_sa	*sa;
	struct xfrmnl_ltime_cfg	*l = NULL;
	struct xfrmnl_sel	*sel = NULL;
	struct nl_addr		*d = NULL, *sr = NULL;
	const char		*iname;
	unsigned		 trunc = 0;
	int			 rc = -NLE_NOMEM;

	*why = "out of memory";
	if ((sa = xfrmnl_sa_alloc()) == NULL || (d = v4(s->dst)) == NULL ||
	    (sr = v4(s->src)) == NULL || (l = lifetimes(s)) == NULL ||
	    (sel = sel_any()) == NULL)
		goto out;
	xfrmnl_sa_set_daddr(sa, d);
	xfrmnl_sa_set_saddr(sa, sr);
	xfrmnl_sa_set_spi(sa, s->spi);	/* libnl: host order */
	xfrmnl_sa_set_proto(sa, IPPROTO_ESP);
	xfrmnl_sa_set_family(sa, AF_INET);
	xfrmnl_sa_set_mode(sa, XFRM_MODE_TUNNEL);
	/* The kernel's reqid is the tunnel's, not the Child SA's: an
	 * outbound state is only picked for a policy template whose reqid
	 * equals its own, and every Child SA of the tunnel (old and new
	 * across a rekey) serves the same template.  The engine's reqid
	 * stays in our table. */
	xfrmnl_sa_set_reqid(sa, mark);
	if (s->dir == DP_DIR_IN) {
		/* The legacy replay state (struct xfrm_replay_state) has a
		 * 32-packet bitmap whatever replay_window says; a larger
		 * window needs the ESN-style state, which without the ESN
		 * flag is a plain 32-bit bitmap window (and then the
		 * legacy field must be 0). */
		uint32_t	bmp[REPLAY_MAX / 32] = { 0 };
		unsigned	w = s->replay_window ? s->replay_window : 64;

		if (w > REPLAY_MAX)
			w = REPLAY_MAX;
		w = (w + 31) / 32 * 32;
		xfrmnl_sa_set_replay_window(sa, 0);
		if (xfrmnl_sa_set_replay_state_esn(sa, 0, 0, 0, 0, w, w / 32,
		    bmp) != 0)
			goto out;
	} else
		xfrmnl_sa_set_replay_window(sa, 0);
	xfrmnl_sa_set_mark(sa, mark, 0xffffffffu);
	xfrmnl_sa_set_lifetime_cfg(sa, l);
	xfrmnl_sa_set_sel(sa, sel);
	if (s->encr_alg == 20) {
		/* RFC 4106: key and salt, a 16-octet ICV. */
		rc = xfrmnl_sa_set_aead_params(sa, "rfc4106(gcm(aes))",
		    (unsigned)(s->encr_key_len * 8), 128,
		    (const char *)s->encr_key);
	} else if (s->encr_alg == 12 &&
	    (iname = integ_name(s->integ_alg, &trunc)) != NULL) {
		rc = xfrmnl_sa_set_crypto_params(sa, "cbc(aes)",
		    (unsigned)(s->encr_key_len * 8),
		    (const char *)s->encr_key);
		if (rc == 0)
			rc = xfrmnl_sa_set_auth_params(sa, iname,
			    (unsigned)(s->integ_key_len * 8), trunc,
			    (const char *)s->integ_key);
	} else {
		*why = "algorithm not supported";
		rc = -NLE_OPNOTSUPP;
		goto out;
	}
	if (rc == 0 && s->encap) {
		struct in_addr	zero = { 0 };
		struct nl_addr	*oa = v4(zero);

		rc = xfrmnl_sa_set_encap_tmpl(sa, UDP_ENCAP_ESPINUDP,
		    s->encap_sport, s->encap_dport, oa);	/* host order */
		nl_addr_put(oa);
	}
	if (rc != 0)
		*why = nl_geterror(rc);
out:
	nl_addr_put(d);
	nl_addr_put(sr);
	if (l != NULL)
		xfrmnl_ltime_cfg_put(l);
	if (sel != NULL)
		xfrmnl_sel_put(sel);
	if (rc != 0 && sa != NULL) {
		xfrmnl_sa_put(sa);
		sa = NULL;
	}
	*out = sa;
	return rc;
}

/* Adds (add 1) or removes the in or out policy of a tunnel. */
static int
policy(struct dp_xfrm *x, int add, const struct xtun *t, int dir,
    const char **why)
{
	struct xfrmnl_sp	*sp;
	struct xfrmnl_sel	*sel = NULL;
	struct xfrmnl_user_tmpl	*tm = NULL;
	struct nl_addr		*d = NULL, *s = NULL;
	int			 rc = -NLE_NOMEM;

	*why = "out of memory";
	if ((sp = xfrmnl_sp_alloc()) == NULL || (sel = sel_any()) == NULL)
		goto out;
	xfrmnl_sp_set_sel(sp, sel);
	xfrmnl_sp_set_dir(sp, (unsigned)dir);
	xfrmnl_sp_set_mark(sp, mark_of(t->if_id), 0xffffffffu);
	if (add) {
		if ((tm = xfrmnl_user_tmpl_alloc()) == NULL ||
		    (d = v4(dir == XFRM_POLICY_OUT ? t->remote :
		    t->local)) == NULL ||
		    (s = v4(dir == XFRM_POLICY_OUT ? t->local :
		    t->remote)) == NULL)
			goto out;
		xfrmnl_sp_set_action(sp, XFRM_POLICY_ALLOW);
		xfrmnl_sp_set_priority(sp, 0);
		xfrmnl_user_tmpl_set_family(tm, AF_INET);
		xfrmnl_user_tmpl_set_daddr(tm, d);
		xfrmnl_user_tmpl_set_saddr(tm, s);
		xfrmnl_user_tmpl_set_proto(tm, IPPROTO_ESP);
		xfrmnl_user_tmpl_set_mode(tm, XFRM_MODE_TUNNEL);
		xfrmnl_user_tmpl_set_reqid(tm, mark_of(t->if_id));
		xfrmnl_user_tmpl_set_aalgos(tm, 0xffffffffu);
		xfrmnl_user_tmpl_set_ealgos(tm, 0xffffffffu);
		xfrmnl_user_tmpl_set_calgos(tm, 0xffffffffu);
		xfrmnl_sp_add_usertemplate(sp, tm);
		tm = NULL;	/* the policy owns it */
		/* XFRM_MSG_NEWPOLICY refuses to replace whatever the
		 * flags say; UPDPOLICY adds or replaces. */
		rc = xfrmnl_sp_update(x->xs, sp, NLM_F_CREATE | NLM_F_REPLACE);
	} else {
		rc = xfrmnl_sp_delete(x->xs, sp, 0);
		if (rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NOADDR)
			rc = 0;
	}
	if (rc != 0)
		*why = nl_geterror(rc);
out:
	nl_addr_put(d);
	nl_addr_put(s);
	if (tm != NULL)
		xfrmnl_user_tmpl_free(tm);
	if (sel != NULL)
		xfrmnl_sel_put(sel);
	if (sp != NULL)
		xfrmnl_sp_put(sp);
	return rc;
}

/*
 * struct dp hooks
 */

/* Whether the kernel has a state without a mark for dst/spi. */
static int
unmarked_state(struct dp_xfrm *x, struct in_addr dst, uint32_t spi,
    uint8_t proto)
{
	struct xfrmnl_sa	*k = NULL;
	struct nl_addr		*d;
	int			 rc;

	if ((d = v4(dst)) == NULL)
		return 0;
	/* Mark 0/0: libnl then sends no mark and the kernel looks up
	 * with mark 0, which only unmarked states match. */
	rc = xfrmnl_sa_get_kernel(x->xs, d, spi, proto, 0, 0, &k);
	nl_addr_put(d);
	if (rc < 0 || k == NULL)
		return 0;
	xfrmnl_sa_put(k);
	return 1;
}

static int
x_get_spi(struct dp *dp, struct in_addr src, struct in_addr dst,
    uint8_t proto, uint32_t reqid, uint32_t *spi, char *err, size_t errlen)
{
	struct dp_xfrm	*x = (struct dp_xfrm *)dp;
	struct xsa	*s;
	uint32_t	 v = 0;
	int		 tries;

	/* Chosen here rather than with XFRM_MSG_ALLOCSPI: the larval state
	 * that makes would need the tunnel's mark, which is only known
	 * when the SA is added.  This daemon owns the mark range, so a
	 * random SPI that none of its SAs has is free there; an unmarked
	 * state of other software (which would match any mark) is looked
	 * for in the kernel too. */
	for (tries = 0; tries < 64; tries++) {
		if (x->rand(x->rand_arg, &v, sizeof(v)) == -1)
			break;
		if (v >= 256 && xsa_find(x, dst, v) == NULL &&
		    !unmarked_state(x, dst, v, proto))
			break;
		v = 0;
	}
	if (v == 0 || (s = xsa_add(x)) == NULL) {
		seterr(err, errlen, "SPI", "none free");
		return -1;
	}
	s->key.dst = dst;
	s->key.spi = v;
	s->key.proto = proto;
	s->src = src;
	s->dir = DP_DIR_IN;
	s->reqid = reqid;
	s->larval = 1;
	*spi = v;
	return 0;
}

static int
x_add_sa(struct dp *dp, const struct dp_sa *sa, char *err, size_t errlen)
{
	struct dp_xfrm		*x = (struct dp_xfrm *)dp;
	struct xfrmnl_sa	*k = NULL;
	struct xsa		*s;
	const char		*why = "";
	uint32_t		 mark = mark_of(sa->if_id);
	int			 rc;

	if (sa->if_id == 0 || sa->proto != DP_PROTO_ESP) {
		seterr(err, errlen, "SA", "no tunnel interface");
		return -1;
	}
	s = xsa_find(x, sa->dst, sa->spi);
	if (s != NULL && !s->larval) {
		seterr(err, errlen, "SA", "that SPI is installed");
		return -1;
	}
	if ((rc = build_sa(sa, mark, &k, &why)) != 0) {
		seterr(err, errlen, "SA", why);
		return -1;
	}
	rc = xfrmnl_sa_add(x->xs, k, NLM_F_CREATE | NLM_F_EXCL);
	xfrmnl_sa_put(k);
	if (rc < 0) {
		seterr(err, errlen, "XFRM state", nl_geterror(rc));
		return -1;
	}
	if (s == NULL && (s = xsa_add(x)) == NULL) {
		(void)kernel_sa_delete(x, sa->dst, sa->spi, sa->proto, mark);
		seterr(err, errlen, "SA", "out of memory");
		return -1;
	}
	s->key.dst = sa->dst;
	s->key.spi = sa->spi;
	s->key.proto = sa->proto;
	s->src = sa->src;
	s->dir = sa->dir;
	s->if_id = sa->if_id;
	s->reqid = sa->reqid;
	s->mark = mark;
	s->larval = 0;
	s->encap = sa->encap != 0;
	return 0;
}

static int
x_update_sa(struct dp *dp, const struct dp_sa_key *key, int encap,
    uint16_t sport, uint16_t dport, char *err, size_t errlen)
{
	struct dp_xfrm		*x = (struct dp_xfrm *)dp;
	struct xsa		*s = xsa_find(x, key->dst, key->spi);
	struct xfrmnl_sa	*k = NULL;
	struct nl_addr		*d, *oa;
	struct in_addr		 zero = { 0 };
	int			 rc;

	if (s == NULL || s->larval) {
		seterr(err, errlen, "SA", "not installed");
		return -1;
	}
	if (!encap && !s->encap)
		return 0;
	/* The kernel changes the ports of an encapsulated state in place
	 * (XFRM_MSG_UPDSA keeps its counters and replay state) but cannot
	 * add or remove the encapsulation itself. */
	if (!encap != !s->encap) {
		seterr(err, errlen, "XFRM state", encap ? "cannot start UDP "
		    "encapsulation on an installed SA" : "cannot stop UDP "
		    "encapsulation on an installed SA");
		return -1;
	}
	if ((d = v4(key->dst)) == NULL)
		return -1;
	rc = xfrmnl_sa_get_kernel(x->xs, d, key->spi, key->proto, s->mark,
	    0xffffffffu, &k);
	nl_addr_put(d);
	if (rc < 0 || k == NULL) {
		seterr(err, errlen, "XFRM state", rc < 0 ? nl_geterror(rc) :
		    "not found");
		return -1;
	}
	if ((oa = v4(zero)) == NULL ||
	    xfrmnl_sa_set_encap_tmpl(k, UDP_ENCAP_ESPINUDP, sport, dport,
	    oa) != 0)
		rc = -NLE_NOMEM;
	else
		rc = xfrmnl_sa_update(x->xs, k, 0);
	nl_addr_put(oa);
	xfrmnl_sa_put(k);
	if (rc < 0) {
		seterr(err, errlen, "XFRM state", nl_geterror(rc));
		return -1;
	}
	return 0;
}

static int
x_del_sa(struct dp *dp, const struct dp_sa_key *key, char *err,
    size_t errlen)
{
	struct dp_xfrm	*x = (struct dp_xfrm *)dp;
	struct xsa	*s = xsa_find(x, key->dst, key->spi);
	int		 rc;

	if (s == NULL)
		return 0;
	if (!s->larval) {
		retire(x, s);
		rc = kernel_sa_delete(x, key->dst, key->spi, key->proto,
		    s->mark);
		if (rc < 0 && rc != -NLE_OBJ_NOTFOUND && rc != -NLE_NOADDR) {
			seterr(err, errlen, "XFRM state", nl_geterror(rc));
			xsa_drop(x, s);
			return -1;
		}
	}
	xsa_drop(x, s);
	return 0;
}

static uint64_t
mono_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int
x_query_sa(struct dp *dp, const struct dp_sa_key *key,
    struct dp_sa_stats *st, char *err, size_t errlen)
{
	struct dp_xfrm		*x = (struct dp_xfrm *)dp;
	struct xsa		*s = xsa_find(x, key->dst, key->spi);
	struct xfrmnl_sa	*k = NULL;
	struct nl_addr		*d;
	unsigned long long	 bytes = 0, pkts = 0, add = 0, use = 0;
	unsigned long long	 rw = 0, replay = 0, integ = 0;
	time_t			 now = time(NULL);
	int			 rc;

	memset(st, 0, sizeof(*st));
	if (s == NULL || s->larval) {
		seterr(err, errlen, "SA", "not installed");
		return -1;
	}
	if ((d = v4(key->dst)) == NULL)
		return -1;
	rc = xfrmnl_sa_get_kernel(x->xs, d, key->spi, key->proto,
	    s->mark, 0xffffffffu, &k);
	nl_addr_put(d);
	if (rc < 0 || k == NULL) {
		seterr(err, errlen, "XFRM state", nl_geterror(rc));
		return -1;
	}
	(void)xfrmnl_sa_get_curlifetime(k, &bytes, &pkts, &add, &use);
	(void)xfrmnl_sa_get_stats(k, &rw, &replay, &integ);
	xfrmnl_sa_put(k);
	st->bytes = bytes;
	st->packets = pkts;
	st->errors = integ;
	st->replay_drops = replay;
	/* Without ESN the outbound sequence number is the packet count. */
	st->seq_exhausted = s->dir == DP_DIR_OUT && pkts >= ESP_SEQ_SOFT_32;
	if (s->dir == DP_DIR_OUT)
		st->seq = pkts;
	/* The kernel keeps the last use in wall-clock seconds. */
	if (use != 0 && (time_t)use <= now)
		st->last_use_ms = mono_ms() - (uint64_t)(now - (time_t)use) *
		    1000;
	return 0;
}

static int
x_flush(struct dp *dp, char *err, size_t errlen)
{
	struct dp_xfrm	*x = (struct dp_xfrm *)dp;
	size_t		 i;

	for (i = 0; i < x->n_sas; i++)
		if (!x->sas[i].larval)
			(void)kernel_sa_delete(x, x->sas[i].key.dst,
			    x->sas[i].key.spi, x->sas[i].key.proto,
			    x->sas[i].mark);
	x->n_sas = 0;
	return 0;
}

static void
set_disable_policy(const char *name)
{
	char	path[96];
	int	fd;

	/* Policies are checked on the vti link by mark already; without
	 * this the kernel would also look for a policy for the inner
	 * packets routed into it (strongSwan's route-based VPN notes). */
	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/"
	    "disable_policy", name);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1)
		return;
	if (write(fd, "1", 1) != 1) {
		/* Not fatal: traffic still flows, with one lookup more. */
	}
	close(fd);
}

static int
x_if_delete(struct dp *dp, uint32_t if_id, char *err, size_t errlen)
{
	struct dp_xfrm	*x = (struct dp_xfrm *)dp;
	struct xtun	*t = xtun_find(x, if_id);
	const char	*why;
	size_t		 i;
	int		 rc = 0;

	if (t == NULL)
		return 0;
	(void)policy(x, 0, t, XFRM_POLICY_OUT, &why);
	(void)policy(x, 0, t, XFRM_POLICY_IN, &why);
	/* The SAs bound to it go with it. */
	for (i = 0; i < x->n_sas;)
		if (x->sas[i].if_id == if_id && !x->sas[i].larval) {
			retire(x, &x->sas[i]);
			(void)kernel_sa_delete(x, x->sas[i].key.dst,
			    x->sas[i].key.spi, x->sas[i].key.proto,
			    x->sas[i].mark);
			xsa_drop(x, &x->sas[i]);
		} else
			i++;
	if (dp_nl_link_delete(x->nl, t->ifindex, err, errlen) == -1)
		rc = -1;
	*t = x->tuns[--x->n_tuns];
	return rc;
}

static int
x_if_create(struct dp *dp, const struct dp_tunnel *dt, char *err,
    size_t errlen)
{
	struct dp_xfrm	*x = (struct dp_xfrm *)dp;
	struct xtun	*t, *v;
	const char	*why;
	size_t		 cap;
	int		 rc;

	if (dt->if_id == 0 || xtun_find(x, dt->if_id) != NULL) {
		seterr(err, errlen, "tunnel interface", "exists");
		return -1;
	}
	if (x->n_tuns == x->cap_tuns) {
		cap = x->cap_tuns ? x->cap_tuns * 2 : 16;
		if ((v = realloc(x->tuns, cap * sizeof(*v))) == NULL) {
			seterr(err, errlen, "tunnel interface",
			    "out of memory");
			return -1;
		}
		x->tuns = v;
		x->cap_tuns = cap;
	}
	t = &x->tuns[x->n_tuns];
	memset(t, 0, sizeof(*t));
	t->if_id = dt->if_id;
	snprintf(t->name, sizeof(t->name), "%s", dt->name);
	t->local = dt->local;
	t->remote = dt->remote;
	if (dp_nl_vti_create(x->nl, dt->name, dt->local, dt->remote,
	    mark_of(dt->if_id), &t->ifindex, err, errlen) == -1)
		return -1;
	x->n_tuns++;
	set_disable_policy(dt->name);
	if ((rc = policy(x, 1, t, XFRM_POLICY_OUT, &why)) != 0 ||
	    (rc = policy(x, 1, t, XFRM_POLICY_IN, &why)) != 0) {
		seterr(err, errlen, "XFRM policy", why);
		goto fail;
	}
	/* The default MTU is the userspace backend's, not the vti link's
	 * own 1480, which takes no account of the ESP overhead. */
	if (dp_nl_link_set(x->nl, t->ifindex, dt->mtu ? dt->mtu :
	    XFRM_DEFAULT_MTU, 0, err, errlen) == -1 ||
	    dp_nl_addr_set(x->nl, t->ifindex, dt->inner_addr, dt->inner_plen,
	    err, errlen) == -1 ||
	    (dt->up && dp_nl_link_set(x->nl, t->ifindex, 0, 1, err,
	    errlen) == -1))
		goto fail;
	return 0;
fail:
	(void)x_if_delete(dp, dt->if_id, NULL, 0);
	return -1;
}

static uint32_t
x_if_index(struct dp *dp, uint32_t if_id)
{
	struct xtun	*t = xtun_find((struct dp_xfrm *)dp, if_id);

	return t != NULL ? t->ifindex : 0;
}

static int
x_route(struct dp *dp, int add, const struct dp_route *r, char *err,
    size_t errlen)
{
	struct dp_xfrm	*x = (struct dp_xfrm *)dp;
	struct xtun	*t = xtun_find(x, r->if_id);

	if (t == NULL) {
		if (add)
			seterr(err, errlen, "route", "no such tunnel");
		return add ? -1 : 0;
	}
	return dp_nl_route(x->nl, add, t->ifindex, r->prefix, r->plen,
	    r->gateway, err, errlen);
}

static int
x_route_add(struct dp *dp, const struct dp_route *r, char *err,
    size_t errlen)
{
	return x_route(dp, 1, r, err, errlen);
}

static int
x_route_del(struct dp *dp, const struct dp_route *r, char *err,
    size_t errlen)
{
	return x_route(dp, 0, r, err, errlen);
}

static int
x_udp_socket(struct dp *dp, struct in_addr local, uint16_t port, int fd,
    char *err, size_t errlen)
{
	int	type = UDP_ENCAP_ESPINUDP;

	/* The kernel then takes ESP in UDP off this socket itself and
	 * leaves IKE (behind its non-ESP marker) to the daemon. */
	if (fd != -1 && setsockopt(fd, IPPROTO_UDP, UDP_ENCAP, &type,
	    sizeof(type)) == -1) {
		seterr(err, errlen, "UDP_ENCAP", strerror(errno));
		return -1;
	}
	return 0;
}

static void
queue_expire(struct dp_xfrm *x, const struct xfrm_user_expire *ue)
{
	struct in_addr	 dst;
	struct xsa	*s;
	struct dp_event	*e;

	memcpy(&dst, &ue->state.id.daddr.a4, sizeof(dst));
	if ((s = xsa_find(x, dst, ntohl(ue->state.id.spi))) == NULL ||
	    s->larval || x->evlen == EVQ_MAX)
		return;		/* not ours, or too many at once */
	e = &x->evq[(x->evhead + x->evlen++) % EVQ_MAX];
	memset(e, 0, sizeof(*e));
	e->type = ue->hard ? DP_EV_HARD : DP_EV_SOFT;
	e->key = s->key;
	e->reqid = s->reqid;
	e->dir = s->dir;
	x->expires++;
}

static int
x_next_event(struct dp *dp, struct dp_event *ev)
{
	struct dp_xfrm		*x = (struct dp_xfrm *)dp;
	struct sockaddr_nl	 from;
	struct nlmsghdr		*h;
	unsigned char		*buf = NULL;
	int			 n, tries = 0;

	while (x->evlen == 0 && tries++ < 16) {
		n = nl_recv(x->es, &from, &buf, NULL);
		if (n <= 0)
			break;
		for (h = (struct nlmsghdr *)buf; nlmsg_ok(h, n);
		    h = nlmsg_next(h, &n))
			if (h->nlmsg_type == XFRM_MSG_EXPIRE &&
			    nlmsg_datalen(h) >= (int)sizeof(struct
			    xfrm_user_expire)) {
				struct xfrm_user_expire	ue;

				/* Copied: the message is only 4-aligned. */
				memcpy(&ue, nlmsg_data(h), sizeof(ue));
				queue_expire(x, &ue);
			}
		free(buf);
		buf = NULL;
	}
	if (x->evlen == 0)
		return 0;
	*ev = x->evq[x->evhead];
	x->evhead = (x->evhead + 1) % EVQ_MAX;
	x->evlen--;
	return 1;
}

/*
 * Drops from the kernel's XFRM statistics (/proc/net/xfrm_stat, of this
 * network namespace, whoever's SAs they concern).
 */
static void
xfrm_stat(struct dp_info *info)
{
	static const struct {
		const char	*name;
		int		 kind;	/* 0 no SA, 1 invalid, 2 system */
	} map[] = {
		{ "XfrmInNoStates", 0 }, { "XfrmOutNoStates", 0 },
		{ "XfrmInHdrError", 1 }, { "XfrmInStateProtoError", 1 },
		{ "XfrmInStateSeqError", 1 }, { "XfrmInStateExpired", 1 },
		{ "XfrmInStateMismatch", 1 }, { "XfrmInStateInvalid", 1 },
		{ "XfrmInTmplMismatch", 1 }, { "XfrmInNoPols", 1 },
		{ "XfrmInPolBlock", 1 }, { "XfrmOutStateExpired", 1 },
		{ "XfrmOutPolBlock", 1 },
		{ "XfrmInError", 2 }, { "XfrmInBufferError", 2 },
		{ "XfrmInPolError", 2 }, { "XfrmOutError", 2 },
		{ "XfrmOutBundleGenError", 2 }, { "XfrmOutBundleCheckError", 2 },
		{ "XfrmOutStateProtoError", 2 }, { "XfrmOutStateModeError", 2 },
		{ "XfrmOutStateSeqError", 2 }, { "XfrmOutPolDead", 2 },
		{ "XfrmOutPolError", 2 }, { "XfrmOutStateInvalid", 2 },
		{ "XfrmAcquireError", 2 },
	};
	FILE			*f;
	char			 name[64];
	unsigned long long	 v;
	size_t			 i, lines = 0;

	if ((f = fopen("/proc/net/xfrm_stat", "re")) == NULL)
		return;
	while (lines++ < 128 && fscanf(f, "%63s %llu", name, &v) == 2)
		for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (strcmp(name, map[i].name) == 0) {
				if (map[i].kind == 0)
					info->drops_no_sa += v;
				else if (map[i].kind == 1)
					info->drops_bad += v;
				else
					info->drops_io += v;
			}
	fclose(f);
}

/* Adds an SA's packets to the totals of deleted SAs (before it goes). */
static void
retire(struct dp_xfrm *x, const struct xsa *s)
{
	struct dp_sa_stats	st;

	if (s->larval ||
	    x->dp.query_sa(&x->dp, &s->key, &st, NULL, 0) == -1)
		return;
	if (s->dir == DP_DIR_IN)
		x->gone_in += st.packets;
	else
		x->gone_out += st.packets;
}

static void
x_info(struct dp *dp, struct dp_info *info)
{
	struct dp_xfrm		*x = (struct dp_xfrm *)dp;
	struct dp_sa_stats	 st;
	size_t			 i;

	memset(info, 0, sizeof(*info));
	snprintf(info->mode, sizeof(info->mode), "kernel (XFRM, vti links)");
	info->tunnels = x->n_tuns;
	info->packets_in = x->gone_in;
	info->packets_out = x->gone_out;
	for (i = 0; i < x->n_sas; i++) {
		if (x->sas[i].larval)
			continue;
		info->sas++;
		if (x_query_sa(dp, &x->sas[i].key, &st, NULL, 0) == -1)
			continue;
		if (x->sas[i].dir == DP_DIR_IN)
			info->packets_in += st.packets;
		else
			info->packets_out += st.packets;
	}
	xfrm_stat(info);
}

static void
x_destroy(struct dp *dp)
{
	struct dp_xfrm	*x = (struct dp_xfrm *)dp;

	if (x == NULL)
		return;
	while (x->n_tuns > 0)
		(void)x_if_delete(dp, x->tuns[0].if_id, NULL, 0);
	(void)x_flush(dp, NULL, 0);
	if (x->xs != NULL)
		nl_socket_free(x->xs);
	if (x->es != NULL)
		nl_socket_free(x->es);
	dp_nl_close(x->nl);
	free(x->sas);
	free(x->tuns);
	free(x);
}

/*
 * Leftovers of an earlier daemon
 */

static void
drop_link(void *arg, uint32_t ifindex, const char *name)
{
	(void)dp_nl_link_delete(arg, ifindex, NULL, 0);
}

static int
ours(uint32_t mark, uint32_t mask)
{
	return mask == 0xffffffffu && mark >= DP_XFRM_MARK_BASE &&
	    mark < DP_XFRM_MARK_BASE + DP_XFRM_MARK_SPAN;
}

/* One state or policy of an earlier daemon, from a raw dump. */
struct leftover {
	struct in_addr	dst;		/* states */
	uint32_t	spi;
	uint8_t		proto;
	uint32_t	index;		/* policies */
	uint8_t		dir;
	uint32_t	mark;
};

#define LEFTOVER_MAX	1024

/* The XFRMA_MARK of a state or policy message (hdr: its fixed part). */
static int
msg_mark(struct nlmsghdr *h, int hdr, uint32_t *mark)
{
	struct nlattr		*tb[XFRMA_MAX + 1];
	struct xfrm_mark	 m;

	if (nlmsg_parse(h, hdr, tb, XFRMA_MAX, NULL) < 0 ||
	    tb[XFRMA_MARK] == NULL ||
	    nla_len(tb[XFRMA_MARK]) < (int)sizeof(m))
		return 0;
	memcpy(&m, nla_data(tb[XFRMA_MARK]), sizeof(m));
	*mark = m.v;
	return ours(m.v, m.m);
}

/*
 * Dumps the states (XFRM_MSG_GETSA) or policies (GETPOLICY) on a socket
 * of its own and collects those with our marks.  Raw messages rather
 * than libnl's caches: libnl 3.7's policy parser leaks the addresses it
 * builds.  Returns how many were collected.
 */
static size_t
dump_ours(int type, struct leftover *v, size_t max)
{
	struct nl_sock		*sk;
	struct sockaddr_nl	 from;
	struct nlmsghdr		*h;
	unsigned char		*buf = NULL;
	size_t			 n = 0;
	int			 len, rounds, done = 0;

	if ((sk = nl_socket_alloc()) == NULL)
		return 0;
	nl_socket_enable_msg_peek(sk);	/* whole messages, however long */
	if (nl_connect(sk, NETLINK_XFRM) < 0 ||
	    nl_send_simple(sk, type, NLM_F_DUMP, NULL, 0) < 0) {
		nl_socket_free(sk);
		return 0;
	}
	for (rounds = 0; !done && rounds < 4096; rounds++) {
		if ((len = nl_recv(sk, &from, &buf, NULL)) <= 0)
			break;
		for (h = (struct nlmsghdr *)buf; nlmsg_ok(h, len);
		    h = nlmsg_next(h, &len)) {
			struct leftover	lo;

			if (h->nlmsg_type == NLMSG_DONE ||
			    h->nlmsg_type == NLMSG_ERROR) {
				done = 1;
				break;
			}
			memset(&lo, 0, sizeof(lo));
			if (type == XFRM_MSG_GETSA &&
			    h->nlmsg_type == XFRM_MSG_NEWSA &&
			    nlmsg_datalen(h) >= (int)sizeof(struct
			    xfrm_usersa_info)) {
				struct xfrm_usersa_info i;

				/* Copied: netlink aligns to 4 octets, the
				 * struct wants 8. */
				memcpy(&i, nlmsg_data(h), sizeof(i));
				if (i.family != AF_INET || !msg_mark(h,
				    sizeof(i), &lo.mark))
					continue;
				memcpy(&lo.dst, &i.id.daddr.a4,
				    sizeof(lo.dst));
				lo.spi = ntohl(i.id.spi);
				lo.proto = i.id.proto;
			} else if (type == XFRM_MSG_GETPOLICY &&
			    h->nlmsg_type == XFRM_MSG_NEWPOLICY &&
			    nlmsg_datalen(h) >= (int)sizeof(struct
			    xfrm_userpolicy_info)) {
				struct xfrm_userpolicy_info i;

				memcpy(&i, nlmsg_data(h), sizeof(i));
				if (!msg_mark(h, sizeof(i), &lo.mark))
					continue;
				lo.index = i.index;
				lo.dir = i.dir;
			} else
				continue;
			if (n < max)
				v[n++] = lo;
		}
		free(buf);
		buf = NULL;
	}
	free(buf);
	nl_socket_free(sk);
	return n;
}

static void
sweep(struct dp_xfrm *x)
{
	struct leftover		*v;
	struct xfrmnl_sp	*sp;
	size_t			 i, n;

	(void)dp_nl_links_foreach(x->nl, "tunnel-ip", "vti", drop_link,
	    x->nl);
	if ((v = calloc(LEFTOVER_MAX, sizeof(*v))) == NULL)
		return;
	n = dump_ours(XFRM_MSG_GETSA, v, LEFTOVER_MAX);
	for (i = 0; i < n; i++)
		(void)kernel_sa_delete(x, v[i].dst, v[i].spi, v[i].proto,
		    v[i].mark);
	n = dump_ours(XFRM_MSG_GETPOLICY, v, LEFTOVER_MAX);
	for (i = 0; i < n; i++) {
		if ((sp = xfrmnl_sp_alloc()) == NULL)
			break;
		xfrmnl_sp_set_index(sp, v[i].index);
		xfrmnl_sp_set_dir(sp, v[i].dir);
		xfrmnl_sp_set_mark(sp, v[i].mark, 0xffffffffu);
		(void)xfrmnl_sp_delete(x->xs, sp, 0);
		xfrmnl_sp_put(sp);
	}
	free(v);
}

static struct nl_sock *
xfrm_socket(int events, char *err, size_t errlen)
{
	struct nl_sock	*sk = nl_socket_alloc();
	int		 rc;

	if (sk == NULL) {
		seterr(err, errlen, "netlink", "out of memory");
		return NULL;
	}
	if (events)
		nl_socket_disable_seq_check(sk);
	if ((rc = nl_connect(sk, NETLINK_XFRM)) < 0 ||
	    (events && ((rc = nl_socket_add_membership(sk,
	    XFRMNLGRP_EXPIRE)) < 0 ||
	    (rc = nl_socket_set_nonblocking(sk)) < 0))) {
		seterr(err, errlen, "NETLINK_XFRM", nl_geterror(rc));
		nl_socket_free(sk);
		return NULL;
	}
	return sk;
}

/* Described in dp_xfrm.h. */
struct dp *
dp_xfrm_new(int (*rand)(void *, void *, size_t), void *rand_arg, char *err,
    size_t errlen)
{
	struct dp_xfrm	*x;

	if ((x = calloc(1, sizeof(*x))) == NULL) {
		seterr(err, errlen, "kernel data plane", "out of memory");
		return NULL;
	}
	x->rand = rand;
	x->rand_arg = rand_arg;
	x->dp.name = "kernel";
	x->dp.event_fd = -1;
	x->dp.get_spi = x_get_spi;
	x->dp.add_sa = x_add_sa;
	x->dp.update_sa = x_update_sa;
	x->dp.del_sa = x_del_sa;
	x->dp.query_sa = x_query_sa;
	x->dp.flush = x_flush;
	x->dp.tunnel_if_create = x_if_create;
	x->dp.tunnel_if_delete = x_if_delete;
	x->dp.tunnel_if_index = x_if_index;
	x->dp.route_add = x_route_add;
	x->dp.route_del = x_route_del;
	x->dp.udp_socket = x_udp_socket;
	x->dp.next_event = x_next_event;
	x->dp.info = x_info;
	x->dp.destroy = x_destroy;
	if (rand == NULL || (x->nl = dp_nl_open(err, errlen)) == NULL ||
	    (x->xs = xfrm_socket(0, err, errlen)) == NULL ||
	    (x->es = xfrm_socket(1, err, errlen)) == NULL) {
		if (rand == NULL)
			seterr(err, errlen, "kernel data plane",
			    "no random source");
		x_destroy(&x->dp);
		return NULL;
	}
	x->dp.event_fd = nl_socket_get_fd(x->es);
	sweep(x);
	return &x->dp;
}

/* Described in dp_xfrm.h. */
int
dp_xfrm_probe(char *err, size_t errlen)
{
	struct dp_nl		*nl;
	struct nl_sock		*xs;
	struct xfrmnl_sa	*k = NULL;
	struct dp_sa		 sa;
	struct in_addr		 lo;
	uint8_t			 ek[32] = { 0 }, ak[32] = { 0 };
	uint32_t		 idx = 0, old;
	const char		*why = "";
	int			 rc = -1;

	if ((nl = dp_nl_open(err, errlen)) == NULL)
		return -1;
	if ((old = dp_nl_link_index(nl, PROBE_NAME)) != 0)
		(void)dp_nl_link_delete(nl, old, NULL, 0);
	lo.s_addr = htonl(0x7f000001);
	if (dp_nl_vti_create(nl, PROBE_NAME, lo, lo, DP_XFRM_MARK_BASE, &idx,
	    err, errlen) == -1)
		goto out;
	(void)dp_nl_link_delete(nl, idx, NULL, 0);
	if ((xs = xfrm_socket(0, err, errlen)) == NULL)
		goto out;
	/* An ESP state with the seed's algorithms, then gone again. */
	memset(&sa, 0, sizeof(sa));
	sa.dir = DP_DIR_IN;
	sa.src = sa.dst = lo;
	sa.spi = 0x6d70;
	sa.proto = DP_PROTO_ESP;
	sa.encr_alg = 12;
	sa.encr_keylen = 256;
	sa.encr_key = ek;
	sa.encr_key_len = sizeof(ek);
	sa.integ_alg = 12;
	sa.integ_key = ak;
	sa.integ_key_len = sizeof(ak);
	if (build_sa(&sa, DP_XFRM_MARK_BASE, &k, &why) != 0) {
		seterr(err, errlen, "XFRM state", why);
	} else if ((rc = xfrmnl_sa_add(xs, k, NLM_F_CREATE)) < 0 &&
	    rc != -NLE_EXIST) {
		/* (EEXIST: a probe killed half-way left its state, which
		 * the kernel accepted then.) */
		seterr(err, errlen, "ESP with cbc(aes) and hmac(sha256)",
		    nl_geterror(rc));
		rc = -1;
	} else {
		(void)xfrmnl_sa_delete(xs, k, 0);
		rc = 0;
	}
	if (k != NULL)
		xfrmnl_sa_put(k);
	nl_socket_free(xs);
out:
	dp_nl_close(nl);
	return rc;
}
