/*
 * The schema view of a configuration (see view.h): one pass over the
 * sorted items finds each item's row and the end of its subtree, and the
 * readers then walk an object's children, which sit right after it in
 * key order.  Objects have a handful of children, so a scan that hops
 * over each child's subtree beats building and hashing a key.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cfgdb/view.h"

struct vnode {
	const char		*key;
	const char		*comp;		/* the last component */
	size_t			 keylen;
	const char		*value;
	const struct cfg_row	*row;
	size_t			 depth;		/* components */
	size_t			 end;		/* index after its subtree */
};

struct cfg_view {
	struct vnode	*v;
	size_t		 n;
};

/* Described in header. */
struct cfg_view *
cfg_view_new(const struct cfg_items *items)
{
	const struct cfg_item	*it;
	struct cfg_view		*cv;
	struct vnode		*v, *up;
	size_t			 n, i, sp = 0, *stack;

	if ((it = cfg_items_sorted(items, &n)) == NULL)
		return NULL;
	if ((cv = calloc(1, sizeof(*cv))) == NULL)
		return NULL;
	if ((cv->v = v = calloc(n + 1, sizeof(*v))) == NULL ||
	    (stack = calloc(n + 1, sizeof(*stack))) == NULL) {
		cfg_view_free(cv);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		v[i].key = it[i].key;
		v[i].keylen = strlen(it[i].key);
		v[i].comp = cfg_key_last(it[i].key);
		v[i].value = it[i].value;
		v[i].depth = cfg_key_depth(it[i].key);
		while (sp > 0 && !cfg_key_within(it[i].key, v[stack[sp - 1]].key))
			v[stack[--sp]].end = i;
		up = sp > 0 ? &v[stack[sp - 1]] : NULL;
		/* Right below a known object: look up one component only. */
		if (up && up->row && cfg_row_is_object(up->row) &&
		    v[i].depth == up->depth + 1) {
			if (cfg_schema_lookup(up->row->id, v[i].comp,
			    v[i].keylen - (size_t)(v[i].comp - v[i].key),
			    &v[i].row) == -1)
				v[i].row = NULL;
		} else
			v[i].row = cfg_schema_key_row(it[i].key, NULL, 0, NULL);
		stack[sp++] = i;
	}
	while (sp > 0)
		v[stack[--sp]].end = n;
	free(stack);
	cv->n = n;
	return cv;
}

void
cfg_view_free(struct cfg_view *cv)
{
	if (cv == NULL)
		return;
	free(cv->v);
	free(cv);
}

static const struct vnode *
node(const struct cfg_view *cv, long i)
{
	return i >= 0 && (size_t)i < cv->n ? &cv->v[i] : NULL;
}

size_t
cfg_view_count(const struct cfg_view *cv)
{
	return cv->n;
}

const char *
cfg_view_key(const struct cfg_view *cv, long i)
{
	const struct vnode	*x = node(cv, i);

	return x ? x->key : NULL;
}

const char *
cfg_view_value(const struct cfg_view *cv, long i)
{
	const struct vnode	*x = node(cv, i);

	return x ? x->value : NULL;
}

const struct cfg_row *
cfg_view_row(const struct cfg_view *cv, long i)
{
	const struct vnode	*x = node(cv, i);

	return x ? x->row : NULL;
}

unsigned
cfg_view_row_id(const struct cfg_view *cv, long i)
{
	const struct cfg_row	*r = cfg_view_row(cv, i);

	return r ? r->id : CFG_R_ROOT;
}

const char *
cfg_view_name(const struct cfg_view *cv, long i)
{
	const struct vnode	*x = node(cv, i);

	if (x == NULL)
		return NULL;
	return x->row ? cfg_comp_name(x->row, x->comp) : x->comp;
}

long
cfg_view_find(const struct cfg_view *cv, const char *key)
{
	size_t	lo = 0, hi = cv->n, mid;
	int	r;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		r = strcmp(cv->v[mid].key, key);
		if (r == 0)
			return (long)mid;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return CFG_NODE_NONE;
}

long
cfg_view_object(const struct cfg_view *cv, unsigned row, const char *name)
{
	const struct cfg_row	*r = cfg_row(row);
	char			 key[512];
	long			 i;

	if (r == NULL || r->parent != CFG_R_ROOT ||
	    cfg_comp_make(r, name, key, sizeof(key)) == -1 ||
	    (i = cfg_view_find(cv, key)) < 0 || cv->v[i].row != r)
		return CFG_NODE_NONE;
	return i;
}

long
cfg_view_next(const struct cfg_view *cv, long parent, unsigned row,
    long after)
{
	const struct vnode	*p = node(cv, parent);
	size_t			 j, end, depth;

	if (parent != CFG_NODE_NONE && p == NULL)
		return CFG_NODE_NONE;
	end = p ? p->end : cv->n;
	depth = p ? p->depth + 1 : 1;
	if (after == CFG_NODE_NONE)
		j = p ? (size_t)parent + 1 : 0;
	else if (node(cv, after) == NULL)
		return CFG_NODE_NONE;
	else
		j = cv->v[after].end > (size_t)after ? cv->v[after].end :
		    (size_t)after + 1;
	for (; j < end; j = cv->v[j].end > j ? cv->v[j].end : j + 1)
		if (cv->v[j].depth == depth && cv->v[j].row &&
		    cv->v[j].row->id == row)
			return (long)j;
	return CFG_NODE_NONE;
}

long
cfg_view_child(const struct cfg_view *cv, long parent, unsigned row)
{
	return cfg_view_next(cv, parent, row, CFG_NODE_NONE);
}

const char *
cfg_view_get(const struct cfg_view *cv, long parent, unsigned row)
{
	return cfg_view_value(cv, cfg_view_child(cv, parent, row));
}

/* The child's value, else the row's default (NULL: neither). */
static const char *
value_or_default(const struct cfg_view *cv, long parent, unsigned row)
{
	const char		*v = cfg_view_get(cv, parent, row);
	const struct cfg_row	*r = cfg_row(row);

	return v != NULL ? v : r ? r->defval : NULL;
}

/* The first value word of v as a number of row's range; 0 or -1. */
static int
value_uint(unsigned row, const char *v, uint32_t *out)
{
	const struct cfg_tok	*t;
	struct cfg_words	 ws;
	const char		*w;
	char			 buf[16];
	size_t			 len;

	if (v == NULL)
		return -1;
	cfg_words_init(&ws, cfg_row(row), v);
	if (!cfg_words_next(&ws, &w, &len, &t) || t == NULL ||
	    t->type != CFG_TT_ARG || t->arg->type != CFG_T_RANGE ||
	    cfg_arg_accept(t->arg, 0, w, len, buf, sizeof(buf)) !=
	    CFG_ACC_DONE)
		return -1;
	*out = (uint32_t)strtoul(buf, NULL, 10);
	return 0;
}

int
cfg_view_uint(const struct cfg_view *cv, long parent, unsigned row,
    uint32_t *out)
{
	const struct cfg_row	*r = cfg_row(row);

	if (value_uint(row, cfg_view_get(cv, parent, row), out) == 0)
		return 0;
	return value_uint(row, r ? r->defval : NULL, out);
}

const struct cfg_enum *
cfg_view_enum(const struct cfg_view *cv, long parent, unsigned row,
    const struct cfg_meaning **mp)
{
	const char		*v = value_or_default(cv, parent, row);
	const struct cfg_enum	*e = NULL;
	const struct cfg_meaning *m = NULL;
	struct cfg_words	 ws;

	if (v != NULL) {
		cfg_words_init(&ws, cfg_row(row), v);
		if (!cfg_words_enum(&ws, &e, &m))
			e = NULL;
	}
	if (mp)
		*mp = e ? m : NULL;
	return e;
}

uint32_t
cfg_plen_mask(unsigned plen)
{
	return plen == 0 ? 0 : plen >= 32 ? 0xffffffffu :
	    0xffffffffu << (32 - plen);
}

int
cfg_view_addr(const struct cfg_view *cv, long i, uint32_t *addr,
    unsigned *plen)
{
	const struct vnode	*x = node(cv, i);
	const struct cfg_tok	*last;
	const char		*a, *m, *sp;
	size_t			 alen, nh;

	if (x == NULL || x->row == NULL)
		return -1;
	nh = cfg_row_nhead(x->row);
	last = nh > 0 ? &x->row->toks[nh - 1] : NULL;
	*plen = 32;
	if (last && last->type == CFG_TT_ARG &&
	    last->arg->type == CFG_T_IPV4) {
		/* The address is the key's argument, the mask (if any) the
		 * value. */
		a = cfg_comp_name(x->row, x->comp);
		if (cfg_ipv4_parse(a, strlen(a), addr) == -1)
			return -1;
		if (x->value[0] != 0 && cfg_mask_parse(x->value,
		    strlen(x->value), plen) == -1)
			*plen = 32;
		return 0;
	}
	a = x->value;
	sp = strchr(a, ' ');
	alen = sp ? (size_t)(sp - a) : strlen(a);
	m = sp ? sp + 1 : NULL;
	if (cfg_ipv4_parse(a, alen, addr) == -1 ||
	    (m != NULL && cfg_mask_parse(m, strlen(m), plen) == -1))
		return -1;
	return 0;
}
