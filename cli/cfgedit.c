/*
 * From a matched configuration line to item edits (SPEC section 3:
 * re-entering replaces a single-valued item, lines add to a multi-valued
 * one, `no` removes an item, a value of a multi-valued item, or a whole
 * object), and the mode-stack matching the shell and text parsing share.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cfgedit.h"
#include "cli/cmdtab.h"
#include "common/buf.h"

/* Builds one segment (the words of one schema row) of a matched line:
 * its head (the key component) and its value text. */
static int
segment(const struct cli_match *m, size_t *ip, const struct cfg_row **rowp,
    struct buf *head, struct buf *val, int *hasval)
{
	size_t			 i = *ip, nh;
	const struct cfg_row	*r = cfg_row(m->b[i].row);
	struct buf		*b;
	int			 inhead;

	*rowp = r;
	*hasval = 0;
	buf_reset(head);
	buf_reset(val);
	nh = cfg_row_nhead(r);
	for (; i < m->nb && m->b[i].row == r->id; i++) {
		inhead = (size_t)(m->b[i].tok - r->toks) < nh;
		b = inhead ? head : val;
		if (!inhead)
			*hasval = 1;
		/* A continuation ("1" of "Tunnel-IP 1", " M.M.M.M" of an
		 * address) carries its own separator. */
		if (!m->b[i].sub && b->len > 0 && buf_add(b, " ", 1) == -1)
			return -1;
		if (buf_add(b, m->b[i].val, strlen(m->b[i].val)) == -1)
			return -1;
	}
	*ip = i;
	return head->len > 0 ? 0 : -1;
}

/* The words of cur plus (or minus) those of add, in order. */
static int
multi_merge(const char *cur, const char *add, int remove, struct buf *out)
{
	const char	*p, *w, *src[2] = { cur, add };
	size_t		 wl, k;

	buf_reset(out);
	for (k = 0; k < (remove ? 1u : 2u); k++) {
		for (p = src[k]; *p;) {
			while (*p == ' ')
				p++;
			if (*p == 0)
				break;
			w = p;
			while (*p && *p != ' ')
				p++;
			wl = (size_t)(p - w);
			if (remove ? cfg_multi_has(add, w, wl) :
			    (k == 1 && cfg_multi_has(cur, w, wl)))
				continue;
			/* Repeated words within the added list. */
			if (k == 1 && out->len && cfg_multi_has(
			    (const char *)out->data, w, wl))
				continue;
			if ((out->len && buf_add(out, " ", 1) == -1) ||
			    buf_add(out, w, wl) == -1)
				return -1;
		}
	}
	if (out->data == NULL && buf_add(out, "", 0) == -1)
		return -1;
	return 0;
}

static int
do_set(const struct cfg_items *cur, const struct cfg_edit_ops *ops,
    const char *key, const char *value)
{
	const char	*v = cur ? cfg_items_get(cur, key) : NULL;

	if (v && strcmp(v, value) == 0 && !ops->keep_same)
		return 0;
	return ops->set(ops->arg, key, value);
}

static int
do_del(const struct cfg_items *cur, const struct cfg_edit_ops *ops,
    const char *key)
{
	if (cur && !cfg_items_has_tree(cur, key))
		return 0;
	return ops->del(ops->arg, key);
}

void
cli_cfgline_clear(struct cli_cfgline *l)
{
	size_t	i;

	for (i = 0; i < l->nobj; i++)
		free(l->objkey[i]);
	l->nobj = 0;
}

/* Described in header. */
int
cli_cfgline_apply(const struct cli_match *m, const char *base, int neg,
    const struct cfg_items *cur, const struct cfg_edit_ops *ops,
    struct cli_cfgline *out)
{
	struct buf		 key = { 0 }, head = { 0 }, val = { 0 },
				 tmp = { 0 };
	struct cli_cfgline	 l;
	const struct cfg_row	*r = NULL;
	const char		*v, *k;
	size_t			 i = 0;
	int			 hasval = 0, rc = -1, last_obj = 0;

	memset(&l, 0, sizeof(l));
	while (i < m->nb && m->b[i].row == 0)
		i++;		/* exec words: `no` */
	if (buf_add(&key, base, strlen(base)) == -1)
		goto out;
	while (i < m->nb) {
		if (segment(m, &i, &r, &head, &val, &hasval) == -1)
			goto out;
		if (r->kind == CFG_K_NOOP) {
			rc = 0;
			goto out;
		}
		if ((key.len && buf_add(&key, CFG_KEY_SEP_STR, 1) == -1) ||
		    buf_add(&key, head.data, head.len) == -1)
			goto out;
		k = (const char *)key.data;
		if (!(last_obj = cfg_row_is_object(r)))
			break;
		if (l.nobj < CLI_CFG_MAXDEPTH) {
			if ((l.objkey[l.nobj] = strdup(k)) == NULL)
				goto out;
			l.obj[l.nobj++] = r;
		}
		/* The one-line form makes its objects exist. */
		if (!neg && (cur == NULL || cfg_items_get(cur, k) == NULL ||
		    (ops->keep_same && cfg_items_get(cur, k)[0] == 0)) &&
		    ops->set(ops->arg, k, "") == -1)
			goto out;
	}
	if (r == NULL) {
		rc = 0;
		goto out;
	}
	k = (const char *)key.data;
	if (neg) {
		if (last_obj || r->kind != CFG_K_MULTI || !hasval)
			rc = do_del(cur, ops, k);
		else if ((v = cur ? cfg_items_get(cur, k) : NULL) == NULL)
			rc = 0;
		else if (multi_merge(v, (const char *)val.data, 1, &tmp) == -1)
			goto out;
		else
			rc = tmp.len == 0 ? do_del(cur, ops, k) :
			    do_set(cur, ops, k, (const char *)tmp.data);
	} else if (last_obj) {
		rc = 0;
	} else if (r->kind == CFG_K_MULTI) {
		v = cur ? cfg_items_get(cur, k) : NULL;
		if (multi_merge(v ? v : "", val.data ? (const char *)val.data :
		    "", 0, &tmp) == -1)
			goto out;
		rc = do_set(cur, ops, k, (const char *)tmp.data);
	} else {
		rc = do_set(cur, ops, k, r->kind == CFG_K_FLAG ||
		    val.data == NULL ? "" : (const char *)val.data);
	}
out:
	if (rc == 0 && out && !neg && last_obj) {
		*out = l;
		memset(&l, 0, sizeof(l));
	} else if (out)
		memset(out, 0, sizeof(*out));
	cli_cfgline_clear(&l);
	buf_free(&key);
	buf_free(&head);
	buf_free(&val);
	buf_free(&tmp);
	return rc;
}

enum cli_mstatus
cli_match_config(struct cli_match **m, struct cli_match **m2,
    const struct cli_tokens *tk, const struct cfg_row *const *rows,
    size_t depth, const struct cmd_def *cmds, size_t ncmds,
    const struct cfg_items *items, size_t *lvlp)
{
	struct cli_scope	 sc;
	struct cli_match	*t;
	enum cli_mstatus	 best = CLI_M_NOMATCH, st;
	size_t			 lvl = depth - 1, besterr = 0;
	int			 have = 0;

	sc.cmds = cmds;
	sc.ncmds = ncmds;
	sc.mode = CLI_MODE_CONFIG;
	sc.items = items;
	for (;;) {
		sc.cfg_parent = rows[lvl]->id;
		st = cli_match_line(have ? *m2 : *m, &sc, tk);
		if (st == CLI_M_OK) {
			if (have) {
				t = *m;
				*m = *m2;
				*m2 = t;
			}
			*lvlp = lvl;
			return st;
		}
		if (!have) {
			best = st;
			besterr = (*m)->errtok;
			have = 1;
		} else if ((*m2)->errtok > besterr) {
			/* This mode got further: report its error. */
			t = *m;
			*m = *m2;
			*m2 = t;
			best = st;
			besterr = (*m)->errtok;
		}
		if (lvl == 0)
			break;
		lvl--;
	}
	*lvlp = depth - 1;
	return best;
}

/* Text parsing: edits go straight into the item set. */
static int
items_set(void *arg, const char *key, const char *value)
{
	return cfg_items_set(arg, key, value);
}

static int
items_del(void *arg, const char *key)
{
	cfg_items_del_tree(arg, key);
	return 0;
}

int
cli_cfg_parse_text(const char *text, struct cfg_items *out, char *err,
    size_t errsz)
{
	struct cfg_edit_ops	 ops = { items_set, items_del, out, 0 };
	struct cli_match	*m = cli_match_new(), *m2 = cli_match_new();
	struct cli_tokens	*tk = malloc(sizeof(*tk));
	const struct cfg_row	*rows[CLI_CFG_MAXDEPTH];
	char			*keys[CLI_CFG_MAXDEPTH];
	struct cli_cfgline	 l;
	const char		*p = text, *nl;
	size_t			 depth = 1, lvl, len, lineno = 0, erroff, i;
	enum cli_mstatus	 st;
	int			 rc = -1, neg;

	rows[0] = cfg_row(CFG_R_ROOT);
	keys[0] = NULL;
	if (m == NULL || m2 == NULL || tk == NULL) {
		snprintf(err, errsz, "out of memory");
		goto out;
	}
	for (; *p; p = nl ? nl + 1 : p + len) {
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		lineno++;
		while (len > 0 && p[len - 1] == '\r')
			len--;
		if (len > CLI_MAX_LINE || cli_tokenize(p, len, tk,
		    &erroff) == -1) {
			snprintf(err, errsz, "line %zu: too long", lineno);
			goto out;
		}
		if (tk->n == 0 || tk->t[0].s[0] == '!' || (tk->n == 1 &&
		    tk->t[0].len == 3 && strncmp(tk->t[0].s, "end", 3) == 0))
			continue;
		st = cli_match_config(&m, &m2, tk, rows, depth, cli_cmds,
		    cli_ncmds, out, &lvl);
		if (st != CLI_M_OK) {
			snprintf(err, errsz, "line %zu: %s at word %zu", lineno,
			    st == CLI_M_INCOMPLETE ? "incomplete command" :
			    st == CLI_M_AMBIGUOUS ? "ambiguous command" :
			    "invalid input", m->errtok + 1);
			goto out;
		}
		neg = 0;
		if (m->cmd && m->cmd->handler == cmd_exit) {
			if (depth > 1)
				free(keys[--depth]);
			continue;
		}
		if (m->cmd && m->cmd->handler == cmd_root) {
			while (depth > 1)
				free(keys[--depth]);
			continue;
		}
		if (m->cmd && m->cmd->handler == cmd_no)
			neg = 1;
		else if (m->cmd) {
			snprintf(err, errsz, "line %zu: not a configuration "
			    "line", lineno);
			goto out;
		}
		if (cli_cfgline_apply(m, keys[lvl] ? keys[lvl] : "", neg, out,
		    &ops, &l) == -1) {
			snprintf(err, errsz, "line %zu: out of memory", lineno);
			goto out;
		}
		while (depth > lvl + 1)
			free(keys[--depth]);
		for (i = 0; i < l.nobj && depth < CLI_CFG_MAXDEPTH; i++) {
			rows[depth] = l.obj[i];
			keys[depth++] = l.objkey[i];
			l.objkey[i] = NULL;
		}
		cli_cfgline_clear(&l);
	}
	rc = 0;
out:
	while (depth > 1)
		free(keys[--depth]);
	free(tk);
	cli_match_free(m);
	cli_match_free(m2);
	return rc;
}
