/*
 * Rendering of item sets as IOS XR configuration text (SPEC section 5).
 *
 * An item set is viewed as a tree: the byte-sorted items keep every
 * subtree contiguous right after its head (items.h), so a node's children
 * are the items one level deeper inside its range.  Each item's schema
 * row says how it prints (object block, leaf, one line per value) and
 * where among its siblings (row order, then entries sorted by name,
 * interfaces by number, addresses numerically).  Running-config, the
 * change listing, the marker diff and the failed-commit listing all walk
 * this tree.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgdb/commit.h"
#include "cfgdb/render.h"

struct rnode {
	const char		*key;
	const char		*comp;		/* last component */
	const char		*value;
	const struct cfg_row	*row;		/* NULL: not in the schema */
	size_t			 depth;
	size_t			 end;		/* index after its subtree */
};

struct rtree {
	struct rnode	*n;
	size_t		 count;
};

static void
rtree_free(struct rtree *t)
{
	free(t->n);
	t->n = NULL;
	t->count = 0;
}

static int
rtree_build(struct rtree *t, const struct cfg_items *items)
{
	const struct cfg_item	*v;
	const struct cfg_row	*rows[CFG_RENDER_MAXDEPTH];
	size_t			 n, i, sp = 0, depth;
	size_t			*stack;

	t->n = NULL;
	t->count = 0;
	if ((v = cfg_items_sorted(items, &n)) == NULL)
		return -1;
	if ((t->n = calloc(n + 1, sizeof(*t->n))) == NULL)
		return -1;
	if ((stack = calloc(n + 1, sizeof(*stack))) == NULL) {
		free(t->n);
		t->n = NULL;
		return -1;
	}
	for (i = 0; i < n; i++) {
		t->n[i].key = v[i].key;
		t->n[i].value = v[i].value;
		t->n[i].comp = cfg_key_last(v[i].key);
		/* Close the open subtrees this key is not inside of. */
		while (sp > 0 && !cfg_key_within(v[i].key,
		    t->n[stack[sp - 1]].key))
			t->n[stack[--sp]].end = i;
		/* Right below its parent item: one lookup in its rows. */
		if (sp > 0 && t->n[stack[sp - 1]].row &&
		    cfg_row_is_object(t->n[stack[sp - 1]].row) &&
		    cfg_key_parent_len(v[i].key) ==
		    strlen(t->n[stack[sp - 1]].key)) {
			if (cfg_schema_lookup(t->n[stack[sp - 1]].row->id,
			    t->n[i].comp, strlen(t->n[i].comp),
			    &t->n[i].row) == -1)
				t->n[i].row = NULL;
			t->n[i].depth = t->n[stack[sp - 1]].depth + 1;
		} else {
			t->n[i].row = cfg_schema_key_row(v[i].key, rows,
			    CFG_RENDER_MAXDEPTH, &depth);
			t->n[i].depth = t->n[i].row ? depth :
			    cfg_key_depth(v[i].key);
		}
		stack[sp++] = i;
	}
	while (sp > 0)
		t->n[stack[--sp]].end = n;
	free(stack);
	t->count = n;
	return 0;
}

/* Compares two words of one typed argument for sorting. */
static int
arg_cmp(const struct cfg_argdef *a, const char *x, size_t xl, const char *y,
    size_t yl)
{
	uint32_t	ax, ay;
	long		ux, uy;
	char		bx[64], by[64];
	const char	*sx, *sy;
	int		c;

	switch (a->type) {
	case CFG_T_IPV4:
	case CFG_T_PREFIX:
		sx = memchr(x, '/', xl);
		sy = memchr(y, '/', yl);
		if (cfg_ipv4_parse(x, sx ? (size_t)(sx - x) : xl, &ax) == 0 &&
		    cfg_ipv4_parse(y, sy ? (size_t)(sy - y) : yl, &ay) == 0) {
			if (ax != ay)
				return ax < ay ? -1 : 1;
			if (sx && sy)
				return atoi(sx + 1) - atoi(sy + 1);
		}
		break;
	case CFG_T_IFNAME:
		if (xl < sizeof(bx) && yl < sizeof(by)) {
			memcpy(bx, x, xl);
			bx[xl] = 0;
			memcpy(by, y, yl);
			by[yl] = 0;
			ux = cfg_ifname_unit(bx);
			uy = cfg_ifname_unit(by);
			if (ux != uy)
				return ux < uy ? -1 : 1;
		}
		break;
	case CFG_T_RANGE:
		if (xl != yl)
			return xl < yl ? -1 : 1;
		break;
	}
	c = memcmp(x, y, xl < yl ? xl : yl);
	if (c)
		return c;
	return xl < yl ? -1 : xl > yl;
}

static const char *
word_at(const char *s, size_t *lenp)
{
	while (*s == ' ')
		s++;
	*lenp = strcspn(s, " ");
	return s;
}

static int
node_cmp(const struct rnode *a, const struct rnode *b)
{
	const struct cfg_row	*r;
	const char		*pa, *pb, *wa, *wb;
	size_t			 i, nh, la, lb;
	int			 c;

	if (a->row == NULL || b->row == NULL) {
		if (a->row != b->row)
			return a->row == NULL ? 1 : -1;
		return strcmp(a->comp, b->comp);
	}
	if (a->row->order != b->row->order)
		return a->row->order < b->row->order ? -1 : 1;
	if (a->row != b->row)
		return a->row->id < b->row->id ? -1 : 1;
	r = a->row;
	nh = cfg_row_nhead(r);
	pa = a->comp;
	pb = b->comp;
	for (i = 0; i < nh; i++) {
		wa = word_at(pa, &la);
		wb = word_at(pb, &lb);
		pa = wa + la;
		pb = wb + lb;
		if (r->toks[i].type != CFG_TT_ARG)
			continue;
		if ((c = arg_cmp(r->toks[i].arg, wa, la, wb, lb)) != 0)
			return c;
	}
	return strcmp(a->comp, b->comp);
}

/* Indices of the direct children of node p (or of the root, p = -1). */
static size_t *
children(const struct rtree *t, long p, size_t *np)
{
	size_t	 from, to, depth, i, n = 0, j, k;
	size_t	*v;

	if (p < 0) {
		from = 0;
		to = t->count;
		depth = 1;
	} else {
		from = (size_t)p + 1;
		to = t->n[p].end;
		depth = t->n[p].depth + 1;
	}
	if ((v = calloc(to - from + 1, sizeof(*v))) == NULL)
		return NULL;
	for (i = from; i < to; i = t->n[i].end > i ? t->n[i].end : i + 1) {
		if (t->n[i].depth == depth && t->n[i].row != NULL)
			v[n++] = i;
		else if (t->n[i].depth != depth) {
			/* An orphan (its parent item is missing): skip it. */
			continue;
		}
	}
	/* Insertion sort is fine for siblings of one config; use a merge
	 * friendly simple sort for large lists. */
	for (i = 1; i < n; i++) {
		k = v[i];
		for (j = i; j > 0 && node_cmp(&t->n[v[j - 1]], &t->n[k]) > 0;
		    j--)
			v[j] = v[j - 1];
		v[j] = k;
	}
	*np = n;
	return v;
}

static int
indent(struct buf *b, size_t n)
{
	static const char	sp[] = "                ";

	while (n > 0) {
		size_t	k = n < sizeof(sp) - 1 ? n : sizeof(sp) - 1;

		if (buf_add(b, sp, k) == -1)
			return -1;
		n -= k;
	}
	return 0;
}

/* One output line: marker, indent, text, newline. */
static int
line(struct buf *b, const char *mark, size_t ind, const char *a,
    const char *sep, const char *c, size_t clen, size_t *nlines)
{
	if (mark && buf_add(b, mark, 3) == -1)
		return -1;
	if (indent(b, ind) == -1 || buf_add(b, a, strlen(a)) == -1)
		return -1;
	if (sep && (buf_add(b, sep, strlen(sep)) == -1 ||
	    buf_add(b, c, clen) == -1))
		return -1;
	if (nlines)
		(*nlines)++;
	return buf_add(b, "\n", 1);
}

static int
is_object(const struct rnode *n)
{
	return n->row && cfg_row_is_object(n->row);
}

/* Starts a line: marker and indent. */
static int
lstart(struct buf *b, const char *mark, size_t ind)
{
	if (mark && buf_add(b, mark, 3) == -1)
		return -1;
	return indent(b, ind);
}

/* The lines of one non-object item (several for one-line-per-value),
 * each as mark, indent, prefix ("no " or ""), head, values. */
static int
leaf_lines(struct buf *b, const char *mark, size_t ind, const struct rnode *n,
    const char *prefix, size_t *nlines)
{
	const char	*p, *w;
	size_t		 wl, cl = strlen(n->comp), pl = strlen(prefix);

	if (n->row->rflags & CFG_RF_NEVER)
		return 0;
	if (n->row->kind == CFG_K_MULTI &&
	    (n->row->rflags & CFG_RF_PER_VALUE)) {
		for (p = n->value; (w = word_at(p, &wl)), wl > 0; p = w + wl) {
			if (lstart(b, mark, ind) == -1 ||
			    buf_add(b, prefix, pl) == -1 ||
			    buf_add(b, n->comp, cl) == -1 ||
			    buf_add(b, " ", 1) == -1 || buf_add(b, w, wl) == -1 ||
			    buf_add(b, "\n", 1) == -1)
				return -1;
			if (nlines)
				(*nlines)++;
		}
		return 0;
	}
	if (lstart(b, mark, ind) == -1 || buf_add(b, prefix, pl) == -1 ||
	    buf_add(b, n->comp, cl) == -1)
		return -1;
	if (n->value[0] && n->row->kind != CFG_K_FLAG &&
	    (buf_add(b, " ", 1) == -1 ||
	    buf_add(b, n->value, strlen(n->value)) == -1))
		return -1;
	if (nlines)
		(*nlines)++;
	return buf_add(b, "\n", 1);
}

/* Path filter: whether child c at level lvl lies on the path. */
static int
on_path(const struct cfg_path *path, size_t lvl, const struct rnode *c)
{
	if (path == NULL || lvl >= path->n)
		return 1;
	if (c->row != path->row[lvl])
		return 0;
	return path->comp[lvl] == NULL || strcmp(path->comp[lvl], c->comp) == 0;
}

static int
render_node(const struct rtree *t, long p, const struct cfg_path *path,
    size_t lvl, const char *mark, struct buf *b, size_t *nlines)
{
	size_t		*kids, nk, i, before, head;
	const struct rnode *c;
	int		 rc = 0;

	if ((kids = children(t, p, &nk)) == NULL)
		return -1;
	for (i = 0; i < nk && rc == 0; i++) {
		c = &t->n[kids[i]];
		if (!on_path(path, lvl, c))
			continue;
		if (!is_object(c)) {
			rc = leaf_lines(b, mark, c->depth - 1, c, "", nlines);
			continue;
		}
		before = b->len;
		if (line(b, mark, c->depth - 1, c->comp, NULL, NULL, 0,
		    nlines) == -1) {
			rc = -1;
			break;
		}
		head = b->len;
		if (render_node(t, (long)kids[i], path, lvl + 1, mark, b,
		    nlines) == -1) {
			rc = -1;
			break;
		}
		/* A path below this object that matched nothing inside. */
		if (path && lvl + 1 < path->n && b->len == head) {
			b->len = before;
			if (b->data)
				b->data[b->len] = 0;
			if (nlines)
				(*nlines)--;
			continue;
		}
		rc = line(b, mark, c->depth - 1, "!", NULL, NULL, 0, nlines);
	}
	free(kids);
	return rc;
}

/* Described in header. */
int
cfg_render(const struct cfg_items *items, const struct cfg_path *path,
    struct buf *out, size_t *nlines)
{
	struct rtree	t;
	int		rc;

	if (nlines)
		*nlines = 0;
	if (rtree_build(&t, items) == -1)
		return -1;
	rc = render_node(&t, -1, path, 0, NULL, out, nlines);
	rtree_free(&t);
	return rc == -1 || out->oom ? -1 : 0;
}

/*
 * cfg_render_walk(): render_node()'s walk with calls for lines.  *nout
 * counts what was reported inside, for the empty-path rule.
 */
static int
walk_node(const struct rtree *t, long p, const struct cfg_path *path,
    size_t lvl, const struct cfg_render_ops *ops, void *arg, size_t *nout)
{
	struct buf		 lb = { 0 };
	size_t			*kids, nk, i, inside;
	const struct rnode	*c;
	char			*s, *nl;
	int			 rc = 0;

	if ((kids = children(t, p, &nk)) == NULL)
		return -1;
	for (i = 0; i < nk && rc == 0; i++) {
		c = &t->n[kids[i]];
		if (!on_path(path, lvl, c))
			continue;
		if (!is_object(c)) {
			/* leaf_lines() says how the item prints (one line per
			 * value for some); report each of its lines. */
			buf_reset(&lb);
			if (leaf_lines(&lb, NULL, 0, c, "", NULL) == -1 ||
			    buf_add_u8(&lb, 0) == -1) {
				rc = -1;
				break;
			}
			for (s = (char *)lb.data; rc == 0 &&
			    (nl = strchr(s, '\n')) != NULL; s = nl + 1) {
				*nl = '\0';
				rc = ops->leaf(arg, s);
				(*nout)++;
			}
			continue;
		}
		if ((rc = ops->open(arg, c->comp)) != 0)
			break;
		inside = 0;
		if ((rc = walk_node(t, (long)kids[i], path, lvl + 1, ops, arg,
		    &inside)) != 0)
			break;
		/* A path below this object that matched nothing inside. */
		if (path && lvl + 1 < path->n && inside == 0) {
			rc = ops->close(arg, 0);
			continue;
		}
		(*nout)++;
		rc = ops->close(arg, 1);
	}
	buf_free(&lb);
	free(kids);
	return rc;
}

/* Described in header. */
int
cfg_render_walk(const struct cfg_items *items, const struct cfg_path *path,
    const struct cfg_render_ops *ops, void *arg)
{
	struct rtree	t;
	size_t		n = 0;
	int		rc;

	if (rtree_build(&t, items) == -1)
		return -1;
	rc = walk_node(&t, -1, path, 0, ops, arg, &n);
	rtree_free(&t);
	return rc;
}

/*
 * Changes and diffs: a merge walk over the trees of old and new.
 */
struct pair {
	const struct rnode	*o, *n;
	long			 oi, ni;
};

static int
pair_cmp(const struct pair *a, const struct pair *b)
{
	return node_cmp(a->n ? a->n : a->o, b->n ? b->n : b->o);
}

/* Pairs the children of o (in old) and n (in new) by key. */
static struct pair *
pair_children(const struct rtree *to, long oi, const struct rtree *tn,
    long ni, size_t *np)
{
	size_t		*ko = NULL, *kn = NULL, no = 0, nn = 0, i = 0, j = 0, k;
	struct pair	*v = NULL, tmp;
	int		 c;

	if (oi != -2 && (ko = children(to, oi, &no)) == NULL)
		goto fail;
	if (ni != -2 && (kn = children(tn, ni, &nn)) == NULL)
		goto fail;
	if ((v = calloc(no + nn + 1, sizeof(*v))) == NULL)
		goto fail;
	/* Children come sorted for rendering, not by key: match by key. */
	*np = 0;
	for (i = 0; i < no; i++) {
		v[*np].o = &to->n[ko[i]];
		v[*np].oi = (long)ko[i];
		v[*np].ni = -2;
		for (j = 0; j < nn; j++) {
			if (kn[j] != (size_t)-1 &&
			    strcmp(tn->n[kn[j]].key, to->n[ko[i]].key) == 0) {
				v[*np].n = &tn->n[kn[j]];
				v[*np].ni = (long)kn[j];
				kn[j] = (size_t)-1;
				break;
			}
		}
		(*np)++;
	}
	for (j = 0; j < nn; j++) {
		if (kn[j] == (size_t)-1)
			continue;
		v[*np].n = &tn->n[kn[j]];
		v[*np].ni = (long)kn[j];
		v[*np].oi = -2;
		(*np)++;
	}
	for (i = 1; i < *np; i++) {
		tmp = v[i];
		for (k = i; k > 0 && pair_cmp(&v[k - 1], &tmp) > 0; k--)
			v[k] = v[k - 1];
		v[k] = tmp;
	}
	(void)c;
	free(ko);
	free(kn);
	return v;
fail:
	free(ko);
	free(kn);
	free(v);
	return NULL;
}

enum { MODE_CHANGES, MODE_DIFF };

/* Multi-valued item change: the words of a not in b. */
static int
words_minus(const char *a, const char *b, struct buf *out)
{
	const char	*p, *w;
	size_t		 wl;

	for (p = a; (w = word_at(p, &wl)), wl > 0; p = w + wl) {
		if (cfg_multi_has(b, w, wl))
			continue;
		if ((out->len && buf_add(out, " ", 1) == -1) ||
		    buf_add(out, w, wl) == -1)
			return -1;
	}
	return 0;
}

static int
has_prefix_words(const char *value, const char *prefix)
{
	size_t	n = strlen(prefix);

	return strncmp(value, prefix, n) == 0 &&
	    (value[n] == 0 || value[n] == ' ');
}

/*
 * For a one-line-per-value item: the lines of the values of a that other
 * lacks, as leaf_lines draws them with mark and prefix (none if none).
 */
static int
values_not_in(struct buf *b, const char *mark, size_t ind,
    const struct rnode *a, const struct rnode *other, const char *prefix)
{
	struct buf	w = { 0 };
	struct rnode	tmp = *a;
	int		rc = 0;

	if (words_minus(a->value, other->value, &w) == -1)
		rc = -1;
	else if (w.len) {
		tmp.value = (char *)w.data;
		rc = leaf_lines(b, mark, ind, &tmp, prefix, NULL);
	}
	buf_free(&w);
	return rc;
}

static int
leaf_change(struct buf *b, int mode, const struct rnode *o,
    const struct rnode *n)
{
	const struct rnode	*x = n ? n : o;
	size_t			 ind = x->depth - 1;
	struct rnode		 tmp;

	if (x->row->rflags & CFG_RF_NEVER)
		return 0;
	if (o && n && strcmp(o->value, n->value) == 0)
		return 0;
	if (mode == MODE_DIFF) {
		if (o && n && x->row->kind == CFG_K_MULTI &&
		    (x->row->rflags & CFG_RF_PER_VALUE))
			return values_not_in(b, "-  ", ind, o, n, "") == -1 ||
			    values_not_in(b, "+  ", ind, n, o, "") == -1 ?
			    -1 : 0;
		if (o && n)
			return leaf_lines(b, "<- ", ind, o, "", NULL) == -1 ||
			    leaf_lines(b, "+> ", ind, n, "", NULL) == -1 ? -1 : 0;
		return leaf_lines(b, n ? "+  " : "-  ", ind, x, "", NULL);
	}
	/* MODE_CHANGES */
	if (n == NULL)
		return line(b, NULL, ind, "no ", "", o->comp, strlen(o->comp),
		    NULL);
	if (o == NULL || x->row->kind != CFG_K_MULTI)
		return leaf_lines(b, NULL, ind, n, "", NULL);
	if (x->row->rflags & CFG_RF_PER_VALUE)
		return values_not_in(b, NULL, ind, o, n, "no ") == -1 ||
		    values_not_in(b, NULL, ind, n, o, "") == -1 ? -1 : 0;
	/* One line of values: appended ones show as an added line (lines
	 * add); anything else as `no` then the whole new list. */
	if (has_prefix_words(n->value, o->value)) {
		tmp = *n;
		tmp.value = n->value + strlen(o->value) +
		    (n->value[strlen(o->value)] == ' ');
		return leaf_lines(b, NULL, ind, &tmp, "", NULL);
	}
	if (line(b, NULL, ind, "no ", "", o->comp, strlen(o->comp), NULL) ==
	    -1)
		return -1;
	return leaf_lines(b, NULL, ind, n, "", NULL);
}

static int
subtree_all(const struct rtree *t, long i, const char *mark, struct buf *b)
{
	const struct rnode	*c = &t->n[i];

	if (!is_object(c))
		return leaf_lines(b, mark, c->depth - 1, c, "", NULL);
	if (line(b, mark, c->depth - 1, c->comp, NULL, NULL, 0, NULL) == -1 ||
	    render_node(t, i, NULL, 0, mark, b, NULL) == -1)
		return -1;
	return line(b, mark, c->depth - 1, "!", NULL, NULL, 0, NULL);
}

static int
changes_node(const struct rtree *to, long oi, const struct rtree *tn, long ni,
    int mode, struct buf *b)
{
	struct pair	*v;
	size_t		 np, i, before;
	const struct rnode *x;
	const char	*ctx = mode == MODE_DIFF ? "   " : NULL;
	int		 rc = 0;

	if ((v = pair_children(to, oi, tn, ni, &np)) == NULL)
		return -1;
	for (i = 0; i < np && rc == 0; i++) {
		x = v[i].n ? v[i].n : v[i].o;
		if (!is_object(x)) {
			rc = leaf_change(b, mode, v[i].o, v[i].n);
			continue;
		}
		if (v[i].o == NULL) {
			rc = subtree_all(tn, v[i].ni, mode == MODE_DIFF ?
			    "+  " : NULL, b);
			continue;
		}
		if (v[i].n == NULL) {
			if (mode == MODE_DIFF)
				rc = subtree_all(to, v[i].oi, "-  ", b);
			else
				rc = line(b, NULL, x->depth - 1, "no ", "",
				    x->comp, strlen(x->comp), NULL);
			continue;
		}
		/* In both: show it only when something below changed. */
		before = b->len;
		if (line(b, ctx, x->depth - 1, x->comp, NULL, NULL, 0, NULL) ==
		    -1)
			return -1;
		{
			size_t	head = b->len;

			if (changes_node(to, v[i].oi, tn, v[i].ni, mode, b) ==
			    -1) {
				rc = -1;
				break;
			}
			if (b->len == head) {
				b->len = before;
				if (b->data)
					b->data[b->len] = 0;
				continue;
			}
		}
		rc = line(b, ctx, x->depth - 1, "!", NULL, NULL, 0, NULL);
	}
	free(v);
	return rc;
}

static int
render_pair(const struct cfg_items *old, const struct cfg_items *new,
    int mode, struct buf *out)
{
	struct rtree	to, tn;
	int		rc;

	if (rtree_build(&to, old) == -1)
		return -1;
	if (rtree_build(&tn, new) == -1) {
		rtree_free(&to);
		return -1;
	}
	rc = changes_node(&to, -1, &tn, -1, mode, out);
	rtree_free(&to);
	rtree_free(&tn);
	return rc == -1 || out->oom ? -1 : 0;
}

int
cfg_render_changes(const struct cfg_items *old, const struct cfg_items *new,
    struct buf *out)
{
	return render_pair(old, new, MODE_CHANGES, out);
}

int
cfg_render_diff(const struct cfg_items *old, const struct cfg_items *new,
    struct buf *out)
{
	return render_pair(old, new, MODE_DIFF, out);
}

/* Text of one item without indent (several lines joined for per-value
 * multi items are not needed here: the first is enough). */
int
cfg_render_item_line(const struct cfg_items *cfg, const char *key, char *out,
    size_t outsz)
{
	const struct cfg_row	*r;
	const char		*v = cfg_items_get(cfg, key);
	const char		*comp = cfg_key_last(key);
	int			 n;

	r = cfg_schema_key_row(key, NULL, 0, NULL);
	if (v == NULL)
		n = snprintf(out, outsz, "no %s", comp);
	else if (r == NULL || cfg_row_is_object(r) || v[0] == 0)
		n = snprintf(out, outsz, "%s", comp);
	else
		n = snprintf(out, outsz, "%s %s", comp, v);
	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}

/* Orders keys as running-config prints them: level by level, by row
 * order, then by the component. */
static int
key_order_cmp(const char *a, const char *b)
{
	const struct cfg_row	*ra[CFG_RENDER_MAXDEPTH], *rb[CFG_RENDER_MAXDEPTH];
	size_t			 da = 0, db = 0, i, la, lb;
	struct rnode		 x, y;
	int			 c;

	if (cfg_schema_key_row(a, ra, CFG_RENDER_MAXDEPTH, &da) == NULL ||
	    cfg_schema_key_row(b, rb, CFG_RENDER_MAXDEPTH, &db) == NULL)
		return strcmp(a, b);
	for (i = 0; i < da && i < db && i < CFG_RENDER_MAXDEPTH; i++) {
		la = strcspn(a, CFG_KEY_SEP_STR);
		lb = strcspn(b, CFG_KEY_SEP_STR);
		if (la != lb || memcmp(a, b, la) != 0) {
			char	ca[256], cb[256];

			snprintf(ca, sizeof(ca), "%.*s", (int)la, a);
			snprintf(cb, sizeof(cb), "%.*s", (int)lb, b);
			memset(&x, 0, sizeof(x));
			memset(&y, 0, sizeof(y));
			x.row = ra[i];
			x.comp = ca;
			y.row = rb[i];
			y.comp = cb;
			if ((c = node_cmp(&x, &y)) != 0)
				return c;
		}
		a += la + (a[la] != 0);
		b += lb + (b[lb] != 0);
	}
	return (da > db) - (da < db);
}

static int
err_key_cmp(const void *pa, const void *pb)
{
	const struct cfg_error	*x = *(const struct cfg_error *const *)pa;
	const struct cfg_error	*y = *(const struct cfg_error *const *)pb;
	int			 c = key_order_cmp(x->key, y->key);

	/* Same key: keep the order the errors were found in. */
	if (c == 0)
		return x < y ? -1 : x > y;
	return c;
}

/* Length of the common leading components of two keys. */
static size_t
common_depth(const char *a, const char *b)
{
	size_t	d = 0, i = 0;

	for (;;) {
		size_t	la = strcspn(a + i, CFG_KEY_SEP_STR);
		size_t	lb = strcspn(b + i, CFG_KEY_SEP_STR);

		if (la != lb || memcmp(a + i, b + i, la) != 0)
			return d;
		d++;
		if (a[i + la] == 0 || b[i + lb] == 0)
			return d;
		i += la + 1;
	}
}

static const char *
comp_at(const char *key, size_t lvl, size_t *lenp)
{
	size_t	i;

	*lenp = 0;
	for (i = 0; i < lvl; i++) {
		key = strchr(key, CFG_KEY_SEP);
		if (key == NULL)
			return NULL;
		key++;
	}
	*lenp = strcspn(key, CFG_KEY_SEP_STR);
	return key;
}

int
cfg_render_errors(const struct cfg_items *cfg, const struct cfg_errors *errs,
    struct buf *out)
{
	const struct cfg_error	**v;
	const struct cfg_row	*r;
	const char		*prev = NULL, *c, *val;
	size_t			 n = cfg_errors_count(errs), i, k, depth, open = 0;
	size_t			 common, cl;
	struct rnode		 tmp;
	int			 rc = 0;

	if ((v = calloc(n + 1, sizeof(*v))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		v[i] = cfg_errors_get(errs, i);
	qsort(v, n, sizeof(*v), err_key_cmp);
	for (i = 0; i < n && rc == 0; i++) {
		/* Another reason for the same item: just the reason. */
		if (prev && strcmp(prev, v[i]->key) == 0) {
			rc |= line(out, NULL, 0, "!!% ", "", v[i]->msg,
			    strlen(v[i]->msg), NULL);
			continue;
		}
		depth = cfg_key_depth(v[i]->key);
		common = prev ? common_depth(prev, v[i]->key) : 0;
		if (common > depth - 1)
			common = depth - 1;
		/* Close the blocks of the previous error not shared. */
		while (open > common) {
			open--;
			rc |= line(out, NULL, open, "!", NULL, NULL, 0, NULL);
		}
		/* Open the parents not printed yet. */
		for (k = open; k + 1 < depth; k++) {
			c = comp_at(v[i]->key, k, &cl);
			rc |= line(out, NULL, k, "", "", c, cl, NULL);
			open++;
		}
		/* The failing item itself. */
		r = cfg_schema_key_row(v[i]->key, NULL, 0, NULL);
		val = cfg_items_get(cfg, v[i]->key);
		c = cfg_key_last(v[i]->key);
		if (val == NULL)
			rc |= line(out, NULL, depth - 1, "no ", "", c, strlen(c),
			    NULL);
		else if (r == NULL || cfg_row_is_object(r) ||
		    r->kind == CFG_K_FLAG || val[0] == 0)
			rc |= line(out, NULL, depth - 1, c, NULL, NULL, 0, NULL);
		else {
			tmp.comp = c;
			tmp.value = val;
			tmp.row = r;
			tmp.depth = depth;
			rc |= leaf_lines(out, NULL, depth - 1, &tmp, "", NULL);
		}
		rc |= line(out, NULL, 0, "!!% ", "", v[i]->msg,
		    strlen(v[i]->msg), NULL);
		/* An object in error stays open for errors below it. */
		if (val != NULL && r != NULL && cfg_row_is_object(r))
			open = depth;
		else if (open > depth - 1)
			open = depth - 1;
		prev = v[i]->key;
	}
	while (open > 0) {
		open--;
		rc |= line(out, NULL, open, "!", NULL, NULL, 0, NULL);
	}
	free(v);
	return rc || out->oom ? -1 : 0;
}
