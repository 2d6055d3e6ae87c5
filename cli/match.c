/*
 * The line matcher over the two declarative tables (cfgdb/schema.h rows
 * and cli/cmdtab.c rows).  It simulates every row at once: a state is a
 * position inside one row's token sequence; each input word advances the
 * states it fits, by priority
 *
 *	keyword typed in full  >  unique keyword prefix  >  typed argument
 *
 * (several keywords sharing the prefix is "ambiguous").  Optional and
 * repeated tokens, any-order option groups (commit), arguments spanning
 * two words ("Tunnel-IP 1", "A.B.C.D M.M.M.M"), rest-of-line text and the
 * descent from an object's head into its submode rows (the one-line form
 * `ikev2 proposal P prf sha-256`) are all state transitions.  Every
 * state keeps a back-pointer into a history of matched words, so the
 * winning path yields the typed bindings the caller applies.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfgdb/items.h"
#include "cli/match.h"

#define S_NEG	0x01	/* inside a `no` line: values optional */
#define S_PATH	0x02	/* inside an object path: heads only */
#define S_REST	0x04	/* a rest-of-line argument took every word */
#define S_RPT	0x08	/* toks[pos - 1] repeats and may match again */
#define S_SCOPE	0x10	/* the scope itself: offers the rows of row */
#define S_AEAD	0x20	/* an AEAD value took its token: the tokens after
			 * it are optional, and not offered (schema.h,
			 * CFG_EF_AEAD) */

#define MAX_STATES	256

struct mst {
	const struct cfg_tok	*toks;
	uint8_t			 ntoks;
	uint8_t			 pos;
	uint8_t			 sub;
	uint8_t			 flags;
	uint8_t			 grp;
	uint8_t			 row;
	uint16_t		 cmd;		/* 1 + index into scope cmds */
	uint32_t		 used;		/* option groups used */
	int32_t			 hist;
};

struct hist {
	int32_t			 prev;
	const struct cfg_tok	*tok;
	uint8_t			 row;
	uint8_t			 sub;
	uint16_t		 tokidx;
	size_t			 voff;		/* canonical text in the arena */
};

enum mclass {
	MC_NONE = 0,
	MC_ARG,
	MC_PREFIX,
	MC_EXACT,
};

struct hit;

struct cand {
	struct mst		 st;		/* positioned at the token */
	const struct cfg_tok	*tok;
};

struct priv {
	struct mst	 cur[MAX_STATES], nxt[MAX_STATES];
	size_t		 ncur, nnxt;
	struct cand	*cands;
	size_t		 ncands, capcands;
	struct hist	*hist;
	size_t		 nhist, caphist;
	char		*arena;
	size_t		 alen, acap;
	struct hit	*hits;
	size_t		 nhits, caphits;
	int		 oom;
};

/* Described in header. */
int
cli_tokenize(const char *line, size_t len, struct cli_tokens *tk,
    size_t *erroff)
{
	size_t	i = 0, s;

	tk->line = line;
	tk->len = len;
	tk->n = 0;
	tk->trailing = 0;
	for (;;) {
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i >= len)
			break;
		if (tk->n == CLI_MAX_TOKENS) {
			*erroff = i;
			return -1;
		}
		s = i;
		while (i < len && line[i] != ' ' && line[i] != '\t')
			i++;
		tk->t[tk->n].s = line + s;
		tk->t[tk->n].len = i - s;
		tk->t[tk->n].off = s;
		tk->n++;
	}
	tk->trailing = len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t');
	return 0;
}

struct cli_match *
cli_match_new(void)
{
	struct cli_match	*m;
	struct priv		*p;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		free(m);
		return NULL;
	}
	m->priv = p;
	return m;
}

void
cli_match_free(struct cli_match *m)
{
	struct priv	*p;

	if (m == NULL)
		return;
	p = m->priv;
	free(p->cands);
	free(p->hist);
	free(p->arena);
	free(p->hits);
	free(p);
	free(m);
}

static size_t
arena_add(struct priv *p, const char *s, size_t len)
{
	size_t	off, ncap;
	char	*n;

	if (p->alen + len + 1 > p->acap) {
		ncap = p->acap ? p->acap : 4096;
		while (ncap < p->alen + len + 1)
			ncap *= 2;
		if ((n = realloc(p->arena, ncap)) == NULL) {
			p->oom = 1;
			return 0;
		}
		p->arena = n;
		p->acap = ncap;
	}
	off = p->alen;
	memcpy(p->arena + off, s, len);
	p->arena[off + len] = 0;
	p->alen += len + 1;
	return off;
}

static int32_t
hist_add(struct priv *p, int32_t prev, const struct cfg_tok *tok,
    uint8_t row, uint8_t sub, size_t tokidx, size_t voff)
{
	struct hist	*n;
	size_t		 ncap;

	if (p->nhist == p->caphist) {
		ncap = p->caphist ? p->caphist * 2 : 1024;
		if ((n = realloc(p->hist, ncap * sizeof(*n))) == NULL) {
			p->oom = 1;
			return -1;
		}
		p->hist = n;
		p->caphist = ncap;
	}
	n = &p->hist[p->nhist];
	n->prev = prev;
	n->tok = tok;
	n->row = row;
	n->sub = sub;
	n->tokidx = (uint16_t)tokidx;
	n->voff = voff;
	return (int32_t)p->nhist++;
}

static void
cand_push(struct priv *p, const struct mst *st, const struct cfg_tok *tok)
{
	struct cand	*n;
	size_t		 ncap;

	if (p->ncands == p->capcands) {
		ncap = p->capcands ? p->capcands * 2 : 256;
		if ((n = realloc(p->cands, ncap * sizeof(*n))) == NULL) {
			p->oom = 1;
			return;
		}
		p->cands = n;
		p->capcands = ncap;
	}
	p->cands[p->ncands].st = *st;
	p->cands[p->ncands].tok = tok;
	p->ncands++;
}

/* Number of tokens a schema row offers in the given state flags. */
static uint8_t
row_ntoks(const struct cfg_row *r, unsigned flags)
{
	return (flags & S_PATH) ? (uint8_t)cfg_row_nhead(r) : r->ntoks;
}

static int
tok_opt(const struct mst *s, size_t p)
{
	if ((s->toks[p].flags & CFG_TF_OPT) || (s->flags & S_AEAD))
		return 1;
	if ((s->flags & S_NEG) && s->row &&
	    p >= cfg_row_nhead(cfg_row(s->row)))
		return 1;
	return 0;
}

static void expand_from(struct priv *, const struct cli_scope *,
    struct mst, int depth);

/* Offers the rows of a schema object (the submode) as fresh states. */
static void
expand_children(struct priv *p, const struct cli_scope *sc, unsigned parent,
    const struct mst *from, unsigned flags, int depth)
{
	const struct cfg_row	*r;
	struct mst		 c;
	unsigned		 i;

	for (i = 1; i < CFG_R_COUNT; i++) {
		r = &cfg_schema[i];
		if (r->parent != parent || (r->rflags & CFG_RF_ALIAS))
			continue;
		if ((flags & S_PATH) && r->kind == CFG_K_NOOP)
			continue;
		memset(&c, 0, sizeof(c));
		c.toks = r->toks;
		c.ntoks = row_ntoks(r, flags);
		c.row = r->id;
		c.flags = (uint8_t)flags;
		c.cmd = from ? from->cmd : 0;
		c.hist = from ? from->hist : -1;
		expand_from(p, sc, c, depth + 1);
	}
}

/* Pushes every token state s can match next. */
static void
expand_from(struct priv *p, const struct cli_scope *sc, struct mst s,
    int depth)
{
	const struct cfg_tok	*t;
	const struct cfg_row	*r;
	size_t			 i;
	uint32_t		 seen;
	struct mst		 g;

	if (depth > 8)
		return;
	if (s.flags & S_SCOPE) {
		expand_children(p, sc, s.row, &s, 0, depth);
		return;
	}
	for (;;) {
		t = s.pos < s.ntoks ? &s.toks[s.pos] : NULL;
		if (s.grp && (t == NULL || t->grp != s.grp)) {
			s.grp = 0;		/* group done: back to the hub */
			break;
		}
		if (t == NULL) {
			r = s.row ? cfg_row(s.row) : NULL;
			if (r && (r->kind == CFG_K_LIST ||
			    r->kind == CFG_K_CONTAINER || r->kind == CFG_K_ROOT))
				expand_children(p, sc, r->id, &s,
				    s.flags & (S_NEG | S_PATH), depth);
			return;
		}
		if (t->grp && !s.grp)
			break;
		if (t->type == CFG_TT_CONFIG) {
			expand_children(p, sc, (t->flags & CFG_TF_PATH) ? 0 :
			    (sc->cfg_parent < 0 ? 0 : (unsigned)sc->cfg_parent),
			    &s, (t->flags & CFG_TF_PATH) ? S_PATH : S_NEG,
			    depth);
			return;
		}
		cand_push(p, &s, t);
		if (!tok_opt(&s, s.pos))
			return;
		s.pos++;
	}
	/* The hub of the option groups: the first token of every unused
	 * group, wherever it sits in the row. */
	seen = s.used;
	for (i = 0; i < s.ntoks; i++) {
		if (s.toks[i].grp == 0 || s.toks[i].grp > 31 ||
		    (seen & (1u << s.toks[i].grp)))
			continue;
		seen |= 1u << s.toks[i].grp;
		g = s;
		g.pos = (uint8_t)i;
		g.grp = s.toks[i].grp;
		g.used |= 1u << s.toks[i].grp;
		cand_push(p, &g, &s.toks[i]);
	}
}

static void
expand(struct priv *p, const struct cli_scope *sc, const struct mst *s)
{
	struct mst	r;

	if (s->sub) {
		cand_push(p, s, &s->toks[s->pos]);
		return;
	}
	if (s->flags & S_RPT) {
		r = *s;
		r.pos--;
		r.flags &= ~S_RPT;
		cand_push(p, &r, &r.toks[r.pos]);
	}
	r = *s;
	r.flags &= ~S_RPT;
	expand_from(p, sc, r, 0);
}

/* Whether the command may end in state s (every remaining token
 * optional, or an object head complete). */
static int
can_end(const struct mst *s)
{
	const struct cfg_tok	*t;
	const struct cfg_row	*r;
	size_t			 p = s->pos;
	uint8_t			 grp = s->grp;

	if (s->sub || (s->flags & S_SCOPE))
		return 0;
	if (s->flags & S_REST)
		return 1;
	for (;;) {
		if (grp && (p == s->ntoks || s->toks[p].grp != grp))
			return 1;		/* the hub: groups are optional */
		if (p == s->ntoks)
			return 1;
		t = &s->toks[p];
		if (t->grp && !grp)
			return 1;
		if (t->type == CFG_TT_CONFIG)
			return (t->flags & CFG_TF_OPT) != 0;
		if (tok_opt(s, p)) {
			p++;
			continue;
		}
		/* `show running-config ikev2 proposal` without a name. */
		r = s->row ? cfg_row(s->row) : NULL;
		if ((s->flags & S_PATH) && r && r->kind == CFG_K_LIST &&
		    p + 1 == s->ntoks)
			return 1;
		return 0;
	}
}

static int
same_state(const struct mst *a, const struct mst *b)
{
	return a->toks == b->toks && a->pos == b->pos && a->sub == b->sub &&
	    a->flags == b->flags && a->grp == b->grp && a->row == b->row &&
	    a->used == b->used && a->cmd == b->cmd;
}

static void
next_add(struct priv *p, const struct mst *s)
{
	size_t	i;

	for (i = 0; i < p->nnxt; i++)
		if (same_state(&p->nxt[i], s))
			return;
	if (p->nnxt < MAX_STATES)
		p->nxt[p->nnxt++] = *s;
}

static void
start_states(struct priv *p, const struct cli_scope *sc)
{
	struct mst	s;
	size_t		i;

	p->ncur = 0;
	for (i = 0; sc->cmds && i < sc->ncmds; i++) {
		if (!(sc->cmds[i].modes & sc->mode))
			continue;
		memset(&s, 0, sizeof(s));
		s.toks = sc->cmds[i].toks;
		s.ntoks = sc->cmds[i].ntoks;
		s.cmd = (uint16_t)(i + 1);
		s.hist = -1;
		p->cur[p->ncur++] = s;
		if (p->ncur == MAX_STATES)
			return;
	}
	if (sc->cfg_parent >= 0) {
		/* A root "state" whose end expands into the submode rows. */
		memset(&s, 0, sizeof(s));
		s.toks = NULL;
		s.ntoks = 0;
		s.row = (uint8_t)sc->cfg_parent;
		s.flags = S_SCOPE;
		s.hist = -1;
		if (p->ncur < MAX_STATES)
			p->cur[p->ncur++] = s;
	}
}

static int
is_prefix(const char *word, const char *s, size_t len)
{
	return len <= strlen(word) && strncasecmp(word, s, len) == 0;
}

struct hit {
	size_t		 cand;
	enum mclass	 cls;
	const char	*word;		/* keyword/enum word, for ambiguity */
	const struct cfg_enum *ent;	/* the enum value matched, or NULL */
	const char	*val;		/* classify(): the canonical text */
	size_t		 vlen;
	size_t		 voff;		/* step(): the text in the arena */
	int		 more;		/* argument continues (sub 1) */
	int		 rest;		/* took the rest of the line */
};

/*
 * Classifies how candidate c fits word wi; fills up to maxh hits (an enum
 * token may fit several of its values by prefix).  buf holds canonical
 * text for arguments.
 */
static size_t
classify(const struct cand *c, const struct cli_tokens *tk, size_t wi,
    struct hit *h, size_t maxh, char *buf, size_t bufsz)
{
	const struct cfg_tok	*t = c->tok;
	const struct cfg_enum	*e;
	const char		*w = tk->t[wi].s;
	size_t			 wl = tk->t[wi].len, n = 0;
	int			 acc;

	memset(h, 0, sizeof(*h));
	if (t->type == CFG_TT_KW) {
		if (strlen(t->word) == wl && strncasecmp(t->word, w, wl) == 0)
			h[0].cls = MC_EXACT;
		else if (is_prefix(t->word, w, wl))
			h[0].cls = MC_PREFIX;
		else
			return 0;
		h[0].word = t->word;
		h[0].val = t->word;
		h[0].vlen = strlen(t->word);
		return 1;
	}
	if (t->type != CFG_TT_ARG)
		return 0;
	if (t->arg->type == CFG_T_ENUM && !c->st.sub) {
		for (e = t->arg->vals; e->word && n < maxh; e++) {
			memset(&h[n], 0, sizeof(h[n]));
			if (strlen(e->word) == wl &&
			    strncasecmp(e->word, w, wl) == 0)
				h[n].cls = MC_EXACT;
			else if (!t->arg->exact && is_prefix(e->word, w, wl))
				h[n].cls = MC_PREFIX;
			else
				continue;
			h[n].word = e->word;
			h[n].ent = e;
			h[n].val = cfg_enum_canon(e);
			h[n].vlen = strlen(h[n].val);
			n++;
		}
		return n;
	}
	if (t->arg->type == CFG_T_TEXT) {
		acc = cfg_arg_accept(t->arg, 0, w, tk->len - tk->t[wi].off,
		    buf, bufsz);
		h[0].rest = 1;
	} else
		acc = cfg_arg_accept(t->arg, c->st.sub, w, wl, buf, bufsz);
	if (acc == CFG_ACC_NO)
		return 0;
	h[0].cls = MC_ARG;
	h[0].val = buf;
	h[0].vlen = strlen(buf);
	h[0].more = acc == CFG_ACC_MORE;
	return 1;
}

static struct hit *
hit_slot(struct priv *p)
{
	struct hit	*n;
	size_t		 ncap;

	if (p->nhits == p->caphits) {
		ncap = p->caphits ? p->caphits * 2 : 64;
		if ((n = realloc(p->hits, ncap * sizeof(*n))) == NULL) {
			p->oom = 1;
			return NULL;
		}
		p->hits = n;
		p->caphits = ncap;
	}
	return &p->hits[p->nhits++];
}

/*
 * Advances the states over word wi.  Returns CLI_M_OK, or the error
 * status for this word.
 */
static enum cli_mstatus
step(struct priv *p, const struct cli_scope *sc, const struct cli_tokens *tk,
    size_t wi)
{
	struct hit	 h[16], *s;
	char		 buf[CLI_MAX_LINE + 64];
	size_t		 i, k, nh;
	enum mclass	 best = MC_NONE;
	const char	*w1 = NULL;
	const struct cand *c;
	struct mst	 ns;

	p->ncands = 0;
	p->nnxt = 0;
	p->nhits = 0;
	/* Rest-of-line states swallow every later word unchanged. */
	for (i = 0; i < p->ncur; i++)
		if (p->cur[i].flags & S_REST)
			next_add(p, &p->cur[i]);
	if (p->nnxt > 0) {
		memcpy(p->cur, p->nxt, p->nnxt * sizeof(p->nxt[0]));
		p->ncur = p->nnxt;
		return CLI_M_OK;
	}
	for (i = 0; i < p->ncur; i++)
		expand(p, sc, &p->cur[i]);
	for (i = 0; i < p->ncands && !p->oom; i++) {
		nh = classify(&p->cands[i], tk, wi, h, 16, buf, sizeof(buf));
		for (k = 0; k < nh; k++) {
			if ((s = hit_slot(p)) == NULL)
				break;
			*s = h[k];
			s->cand = i;
			s->voff = arena_add(p, h[k].val, h[k].vlen);
			if (s->cls > best)
				best = s->cls;
		}
	}
	if (p->oom || best == MC_NONE)
		return CLI_M_NOMATCH;
	if (best == MC_PREFIX) {
		for (i = 0; i < p->nhits; i++) {
			if (p->hits[i].cls != MC_PREFIX)
				continue;
			if (w1 == NULL)
				w1 = p->hits[i].word;
			else if (strcasecmp(w1, p->hits[i].word) != 0)
				return CLI_M_AMBIGUOUS;
		}
	}
	for (i = 0; i < p->nhits; i++) {
		s = &p->hits[i];
		if (s->cls != best)
			continue;
		c = &p->cands[s->cand];
		ns = c->st;
		ns.hist = hist_add(p, ns.hist, c->tok, ns.row, ns.sub, wi,
		    s->voff);
		if (p->oom)
			return CLI_M_NOMATCH;
		if (s->rest) {
			ns.flags |= S_REST;
		} else if (s->more) {
			ns.sub = 1;
		} else {
			ns.sub = 0;
			ns.pos++;
			if (c->tok->flags & CFG_TF_REPEAT)
				ns.flags |= S_RPT;
			else if (s->ent && (s->ent->flags & CFG_EF_AEAD))
				ns.flags |= S_AEAD;
		}
		next_add(p, &ns);
	}
	memcpy(p->cur, p->nxt, p->nnxt * sizeof(p->nxt[0]));
	p->ncur = p->nnxt;
	return CLI_M_OK;
}

static void
collect(struct cli_match *m, const struct mst *win)
{
	struct priv	*p = m->priv;
	int32_t		 h;
	size_t		 n = 0, i;
	struct cli_bind	 tmp;

	for (h = win->hist; h >= 0 && n < CLI_MAX_TOKENS * 2;
	    h = p->hist[h].prev) {
		m->b[n].tok = p->hist[h].tok;
		m->b[n].row = p->hist[h].row;
		m->b[n].sub = p->hist[h].sub;
		m->b[n].tokidx = p->hist[h].tokidx;
		m->b[n].val = p->arena + p->hist[h].voff;
		n++;
	}
	for (i = 0; i < n / 2; i++) {
		tmp = m->b[i];
		m->b[i] = m->b[n - 1 - i];
		m->b[n - 1 - i] = tmp;
	}
	m->nb = n;
}

static enum cli_mstatus
run(struct cli_match *m, const struct cli_scope *sc,
    const struct cli_tokens *tk, size_t nwords)
{
	struct priv		*p = m->priv;
	enum cli_mstatus	 rc;
	size_t			 i;

	p->nhist = 0;
	p->alen = 0;
	p->oom = 0;
	m->nb = 0;
	m->cmd = NULL;
	m->errtok = 0;
	start_states(p, sc);
	for (i = 0; i < nwords; i++) {
		rc = step(p, sc, tk, i);
		if (rc != CLI_M_OK) {
			/* Keep the path of the first state that got this far,
			 * so the caller can explain the failure. */
			if (p->ncur > 0 && !p->oom)
				collect(m, &p->cur[0]);
			m->errtok = i;
			return rc;
		}
	}
	return CLI_M_OK;
}

/* Described in header. */
enum cli_mstatus
cli_match_line(struct cli_match *m, const struct cli_scope *sc,
    const struct cli_tokens *tk)
{
	struct priv	*p = m->priv;
	size_t		 i;

	if (tk->n == 0)
		return m->status = CLI_M_EMPTY;
	if ((m->status = run(m, sc, tk, tk->n)) != CLI_M_OK)
		return m->status;
	for (i = 0; i < p->ncur; i++) {
		if (can_end(&p->cur[i])) {
			collect(m, &p->cur[i]);
			m->cmd = p->cur[i].cmd ? &sc->cmds[p->cur[i].cmd - 1] :
			    NULL;
			return m->status = CLI_M_OK;
		}
	}
	m->errtok = tk->n;
	return m->status = CLI_M_INCOMPLETE;
}

const char *
cli_match_arg(const struct cli_match *m, const char *name)
{
	size_t	i;

	for (i = 0; i < m->nb; i++)
		if (m->b[i].row == 0 && strcmp(m->b[i].tok->word, name) == 0)
			return m->b[i].val;
	return NULL;
}

/* Help and completion. */

static void
help_add(struct cli_helplist *hl, const char *word, const char *help,
    int kind, int nospace)
{
	size_t	i;

	for (i = 0; i < hl->n; i++)
		if (strcmp(hl->e[i].word, word) == 0)
			return;
	if (hl->n == sizeof(hl->e) / sizeof(hl->e[0]))
		return;
	strncpy(hl->e[hl->n].word, word, sizeof(hl->e[0].word) - 1);
	hl->e[hl->n].word[sizeof(hl->e[0].word) - 1] = 0;
	hl->e[hl->n].help = help ? help : "";
	hl->e[hl->n].kind = kind;
	hl->e[hl->n].nospace = nospace;
	hl->n++;
}

/* Names of existing objects of a row, for completing references. */
static void
add_refs(struct cli_helplist *hl, const struct cli_scope *sc,
    unsigned refrow, const char *part, size_t plen)
{
	const struct cfg_item	*v;
	const struct cfg_row	*r;
	size_t			 n, i;
	const char		*name;

	if (sc->items == NULL || (v = cfg_items_sorted(sc->items, &n)) == NULL)
		return;
	for (i = 0; i < n; i++) {
		if (strchr(v[i].key, CFG_KEY_SEP) != NULL)
			continue;
		if (cfg_schema_lookup(0, v[i].key, strlen(v[i].key), &r) == -1 ||
		    r->id != refrow)
			continue;
		name = cfg_comp_name(r, v[i].key);
		if (strncmp(name, part, plen) == 0)
			help_add(hl, name, "", 1, 0);
	}
}

static int
help_cmp(const void *a, const void *b)
{
	const struct cli_help	*x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind - y->kind;
	if (x->kind == 0)
		return 0;
	return strcmp(x->word, y->word);
}

/* Stable sort (qsort is not stable; arguments keep table order). */
static void
help_sort(struct cli_helplist *hl)
{
	size_t		i, j;
	struct cli_help	t;

	for (i = 1; i < hl->n; i++) {
		t = hl->e[i];
		for (j = i; j > 0 && help_cmp(&hl->e[j - 1], &t) > 0; j--)
			hl->e[j] = hl->e[j - 1];
		hl->e[j] = t;
	}
}

/*
 * Lists what may follow the words before the last one (partial) or after
 * all words.  complete: keywords/names only, for TAB.
 */
static enum cli_mstatus
describe(struct cli_match *m, const struct cli_scope *sc,
    const struct cli_tokens *tk, struct cli_helplist *hl, int complete)
{
	struct priv		*p = m->priv;
	const struct cfg_tok	*t;
	const struct cfg_enum	*e;
	const struct cand	*c;
	enum cli_mstatus	 rc;
	const char		*part = "", *disp;
	size_t			 plen = 0, nwords = tk->n, i;
	char			 dbuf[48], abuf[CLI_MAX_LINE + 64];
	int			 partial = 0, acc, endok = 0;

	hl->n = 0;
	if (tk->n > 0 && !tk->trailing) {
		partial = 1;
		nwords = tk->n - 1;
		part = tk->t[tk->n - 1].s;
		plen = tk->t[tk->n - 1].len;
	}
	if ((rc = m->status = run(m, sc, tk, nwords)) != CLI_M_OK)
		return rc;
	p->ncands = 0;
	for (i = 0; i < p->ncur; i++) {
		if (can_end(&p->cur[i]))
			endok = 1;
		if (p->cur[i].flags & S_REST)
			continue;
		expand(p, sc, &p->cur[i]);
	}
	for (i = 0; i < p->ncands; i++) {
		c = &p->cands[i];
		t = c->tok;
		if ((t->flags & CFG_TF_HIDDEN) || (c->st.flags & S_AEAD))
			continue;
		if (t->type == CFG_TT_KW) {
			if (is_prefix(t->word, part, plen))
				help_add(hl, t->word, t->help, 1, 0);
			continue;
		}
		if (t->arg->type == CFG_T_ENUM && !c->st.sub) {
			for (e = t->arg->vals; e->word; e++)
				if (is_prefix(e->word, part, plen))
					help_add(hl, e->word, e->help, 1, 0);
			continue;
		}
		if (t->arg->type == CFG_T_IFNAME && !c->st.sub) {
			if (plen <= 9 && is_prefix("tunnel-ip", part, plen)) {
				help_add(hl, "tunnel-ip", t->help, 1, 1);
				continue;
			}
		}
		if (complete) {
			if (t->arg->ref && t->arg->type == CFG_T_NAME)
				add_refs(hl, sc, t->arg->ref, part, plen);
			continue;
		}
		if (partial) {
			acc = cfg_arg_accept(t->arg, c->st.sub, part,
			    t->arg->type == CFG_T_TEXT ?
			    tk->len - tk->t[tk->n - 1].off : plen,
			    abuf, sizeof(abuf));
			if (acc == CFG_ACC_NO)
				continue;
		}
		disp = cfg_arg_display(t->arg, c->st.sub, dbuf, sizeof(dbuf));
		help_add(hl, disp, c->st.sub ? cfg_arg_subhelp(t->arg) :
		    t->help, 0, 0);
	}
	if (endok && !partial && !complete)
		help_add(hl, "<cr>", "", 2, 0);
	help_sort(hl);
	return m->status = CLI_M_OK;
}

enum cli_mstatus
cli_match_help(struct cli_match *m, const struct cli_scope *sc,
    const struct cli_tokens *tk, struct cli_helplist *hl)
{
	return describe(m, sc, tk, hl, 0);
}

enum cli_mstatus
cli_match_complete(struct cli_match *m, const struct cli_scope *sc,
    const struct cli_tokens *tk, struct cli_helplist *hl, size_t *startp)
{
	*startp = (tk->n > 0 && !tk->trailing) ? tk->t[tk->n - 1].off :
	    tk->len;
	return describe(m, sc, tk, hl, 1);
}

int
cli_help_format(const struct cli_helplist *hl, char *out, size_t outsz)
{
	size_t	i, w = 0, l, n = 0;
	int	r;

	for (i = 0; i < hl->n; i++)
		if ((l = strlen(hl->e[i].word)) > w)
			w = l;
	*out = 0;
	for (i = 0; i < hl->n; i++) {
		if (hl->e[i].kind == 2 || hl->e[i].help[0] == 0)
			r = snprintf(out + n, outsz - n, "  %s\n",
			    hl->e[i].word);
		else
			r = snprintf(out + n, outsz - n, "  %-*s%s\n",
			    (int)(w + 2), hl->e[i].word, hl->e[i].help);
		if (r < 0 || (size_t)r >= outsz - n)
			return -1;
		n += (size_t)r;
	}
	return 0;
}
