/*
 * The shell core: one input line at a time, independent of the terminal.
 * It checks the raw bytes, splits words, matches them against the exec
 * table and the configuration schema of the current mode (falling back to
 * the enclosing modes, so a pasted running-config with `!` and without
 * `exit` loads), prints IOS XR errors with the caret, runs the command,
 * and turns configuration lines into candidate edits (item sets, through
 * the store's session).  The mode stack, prompt, timestamps, output
 * filters and questions live here too; cli/main.c only moves bytes.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cfgedit.h"
#include "cli/json_cmds.h"
#include "cli/shell_priv.h"
#include "common/ctl_client.h"

void
cli_timestamp(int64_t ms, char *out, size_t outsz)
{
	time_t		t = (time_t)(ms / 1000);
	struct tm	tm;
	char		a[64], z[16];

	localtime_r(&t, &tm);
	strftime(a, sizeof(a), "%a %b %e %H:%M:%S", &tm);
	strftime(z, sizeof(z), "%Z", &tm);
	snprintf(out, outsz, "%s.%03d %s", a, (int)(ms % 1000), z);
}

void
sh_printf(struct cli_shell *sh, const char *fmt, ...)
{
	va_list	ap;
	char	small[512], *big;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		buf_add(&sh->out, small, (size_t)n);
		return;
	}
	if ((big = malloc((size_t)n + 1)) == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	buf_add(&sh->out, big, (size_t)n);
	free(big);
}

void
sh_puts(struct cli_shell *sh, const char *s)
{
	buf_add(&sh->out, s, strlen(s));
}

int
sh_error(struct cli_shell *sh, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(sh->lasterr, sizeof(sh->lasterr), fmt, ap);
	va_end(ap);
	sh_printf(sh, "%% %s\n", sh->lasterr);
	return -1;
}

/* Output that bypasses the filter (timestamps, errors, questions). */
static void
raw_out(struct cli_shell *sh, const char *s, size_t len)
{
	if (len)
		sh->io.out(sh->io.arg, s, len);
}

void
sh_flush(struct cli_shell *sh)
{
	struct buf	f = { 0 };
	char		err[256];

	if (sh->out.len == 0)
		return;
	if (sh->filter.n == 0) {
		raw_out(sh, (const char *)sh->out.data, sh->out.len);
	} else if (cli_filter_apply(&sh->filter, (const char *)sh->out.data,
	    sh->out.len, &f, err, sizeof(err)) == -1) {
		buf_reset(&sh->out);
		snprintf(sh->lasterr, sizeof(sh->lasterr), "%s", err);
		sh_printf(sh, "%% %s\n", err);
		raw_out(sh, (const char *)sh->out.data, sh->out.len);
	} else
		raw_out(sh, f.data ? (const char *)f.data : "", f.len);
	buf_free(&f);
	buf_reset(&sh->out);
}

void
sh_timestamp(struct cli_shell *sh)
{
	char	ts[80];

	if (!sh->timestamps)
		return;
	sh_flush(sh);
	cli_timestamp(sh->io.now_ms(sh->io.arg), ts, sizeof(ts));
	strcat(ts, "\n");
	raw_out(sh, ts, strlen(ts));
}

int
sh_ask(struct cli_shell *sh, const char *question, char *ans, size_t anssz)
{
	size_t	i, j = 0;
	int	rc;

	sh_flush(sh);
	raw_out(sh, question, strlen(question));
	rc = sh->io.ask(sh->io.arg, ans, anssz);
	if (rc == -1) {
		raw_out(sh, "\n", 1);
		ans[0] = 0;
		return -1;
	}
	for (i = 0; ans[i]; i++)
		if (!isspace((unsigned char)ans[i]))
			ans[j++] = (char)tolower((unsigned char)ans[i]);
	ans[j] = 0;
	return 0;
}

/* Prompt and mode stack. */

static void
prompt_update(struct cli_shell *sh)
{
	const char	*sub = sh->depth > 1 ? sh->lev[sh->depth - 1].prompt : "";

	if (sh->sess == NULL)
		snprintf(sh->prompt, sizeof(sh->prompt), "RP/0/RP0/CPU0:%s#",
		    sh->hostname);
	else
		snprintf(sh->prompt, sizeof(sh->prompt),
		    "RP/0/RP0/CPU0:%s(config%s%s)#", sh->hostname,
		    *sub ? "-" : "", sub);
}

const char *
cli_shell_prompt(struct cli_shell *sh)
{
	prompt_update(sh);
	return sh->prompt;
}

void
sh_pop_to(struct cli_shell *sh, size_t depth)
{
	while (sh->depth > depth && sh->depth > 1) {
		sh->depth--;
		free(sh->lev[sh->depth].key);
		sh->lev[sh->depth].key = NULL;
	}
}

int
sh_push(struct cli_shell *sh, const struct cfg_row *r, const char *key)
{
	struct cli_level	*l;

	if (sh->depth >= CLI_MAX_DEPTH)
		return -1;
	l = &sh->lev[sh->depth];
	if ((l->key = strdup(key)) == NULL)
		return -1;
	l->row = r;
	if (cfg_prompt_format(r, cfg_key_last(key), l->prompt,
	    sizeof(l->prompt)) == -1)
		l->prompt[0] = 0;
	sh->depth++;
	return 0;
}

void
sh_hostname_from(struct cli_shell *sh, const struct cfg_items *running)
{
	const char	*h = cfg_items_get(running, "hostname");

	snprintf(sh->hostname, sizeof(sh->hostname), "%s",
	    h && *h ? h : cfg_row(CFG_R_HOSTNAME)->defval);
}

int
sh_running(struct cli_shell *sh, struct cfg_items *out)
{
	char	err[256];

	if (cfg_store_running(sh->store, out, NULL, err, sizeof(err)) == -1)
		return sh_error(sh, "%s", err);
	sh_hostname_from(sh, out);
	return 0;
}

int
sh_cand_refresh(struct cli_shell *sh)
{
	char	err[256];

	if (sh->sess == NULL)
		return 0;
	if (cfg_session_candidate(sh->sess, sh->cand, NULL, err,
	    sizeof(err)) == -1)
		return sh_error(sh, "%s", err);
	return 0;
}

int
sh_config_enter(struct cli_shell *sh, int exclusive)
{
	char	err[256];

	sh->sess = cfg_session_open(sh->store, sh->user, sh->line, exclusive,
	    err, sizeof(err));
	if (sh->sess == NULL)
		return sh_error(sh, "%s", err);
	sh->depth = 1;
	sh->lev[0].row = cfg_row(CFG_R_ROOT);
	sh->lev[0].key = NULL;
	sh->lev[0].prompt[0] = 0;
	if (sh_cand_refresh(sh) == -1) {
		cfg_session_close(sh->sess);
		sh->sess = NULL;
		return -1;
	}
	return 0;
}

void
sh_config_leave(struct cli_shell *sh)
{
	sh_pop_to(sh, 1);
	cfg_session_close(sh->sess);
	sh->sess = NULL;
	cfg_items_clear(sh->cand);
	buf_reset(&sh->loadfail);
}

int
sh_leave_ask(struct cli_shell *sh)
{
	char	ans[64], err[256];
	int	changes, tries;
	struct cfg_commit_opts opts;

	if ((changes = cfg_session_has_changes(sh->sess, err,
	    sizeof(err))) == -1)
		return sh_error(sh, "%s", err);
	if (changes == 0) {
		sh_config_leave(sh);
		return 0;
	}
	for (tries = 0; tries < 3; tries++) {
		if (sh_ask(sh, "Uncommitted changes found, commit them before "
		    "exiting(yes/no/cancel)? [cancel]:", ans, sizeof(ans)) == -1) {
			sh->io.diag(sh->io.arg, "% Uncommitted changes were "
			    "discarded at the end of the input");
			sh_config_leave(sh);
			return 0;
		}
		if (ans[0] == 0 || strcmp(ans, "cancel") == 0 ||
		    strcmp(ans, "c") == 0)
			return 0;
		if (strcmp(ans, "no") == 0 || strcmp(ans, "n") == 0) {
			sh_config_leave(sh);
			return 0;
		}
		if (strcmp(ans, "yes") == 0 || strcmp(ans, "y") == 0) {
			memset(&opts, 0, sizeof(opts));
			if (sh_commit(sh, &opts, 0) == -1)
				return -1;
			sh_config_leave(sh);
			return 0;
		}
		sh_error(sh, "Please answer 'yes', 'no' or 'cancel'.");
	}
	return 0;
}

/* Configuration lines: edits go to the session and to its mirror. */

static int
edit_set(void *arg, const char *key, const char *value)
{
	struct cli_shell	*sh = arg;
	char			 err[256];

	if (cfg_session_set(sh->sess, key, value, err, sizeof(err)) == -1)
		return sh_error(sh, "%s", err);
	if (cfg_items_set(sh->cand, key, value) == -1)
		return sh_error(sh, "Out of memory");
	return 0;
}

static int
edit_delete(void *arg, const char *key)
{
	struct cli_shell	*sh = arg;
	char			 err[256];

	if (cfg_session_delete(sh->sess, key, err, sizeof(err)) == -1)
		return sh_error(sh, "%s", err);
	cfg_items_del_tree(sh->cand, key);
	return 0;
}

int
sh_apply_config(struct cli_shell *sh, const struct cli_match *m, size_t lvl,
    int neg)
{
	struct cfg_edit_ops	ops = { edit_set, edit_delete, sh, 0 };
	struct cli_cfgline	l;
	size_t			k;

	ops.keep_same = sh->loading;
	sh->lasterr[0] = 0;
	if (cli_cfgline_apply(m, sh->lev[lvl].key ? sh->lev[lvl].key : "",
	    neg, sh->cand, &ops, &l) == -1)
		return sh->lasterr[0] ? -1 : sh_error(sh, "Out of memory");
	/* The mode: the level the line matched at, plus the objects it
	 * opened when it ended on an object head. */
	sh_pop_to(sh, lvl + 1);
	for (k = 0; k < l.nobj; k++)
		if (sh_push(sh, l.obj[k], l.objkey[k]) == -1)
			break;
	cli_cfgline_clear(&l);
	return 0;
}

/* Matching with the fallback to enclosing modes. */

static void
scope_for(struct cli_shell *sh, size_t lvl, unsigned mode,
    struct cli_scope *sc)
{
	sc->cmds = cli_cmds;
	sc->ncmds = cli_ncmds;
	sc->mode = mode;
	sc->cfg_parent = mode == CLI_MODE_CONFIG ? sh->lev[lvl].row->id : -1;
	sc->items = sh->sess ? sh->cand : NULL;
}

static enum cli_mstatus
match_modes(struct cli_shell *sh, const struct cli_tokens *tk, unsigned mode,
    size_t *lvlp)
{
	const struct cfg_row	*rows[CLI_MAX_DEPTH];
	struct cli_scope	 sc;
	size_t			 i;

	if (mode == CLI_MODE_CONFIG) {
		for (i = 0; i < sh->depth; i++)
			rows[i] = sh->lev[i].row;
		return cli_match_config(&sh->m, &sh->m2, tk, rows, sh->depth,
		    cli_cmds, cli_ncmds, sh->cand, lvlp);
	}
	*lvlp = 0;
	scope_for(sh, 0, mode, &sc);
	return cli_match_line(sh->m, &sc, tk);
}

/* The SPEC 9 case: a keyword read as the object name before it. */
static void
name_hint(struct cli_shell *sh, const struct cli_tokens *tk)
{
	const struct cli_match	*m = sh->m;
	const struct cli_bind	*b;
	const struct cfg_row	*r, *c;
	unsigned		 i;

	if (m->nb == 0 || m->errtok == 0)
		return;
	b = &m->b[m->nb - 1];
	if (b->row == 0 || (size_t)b->tokidx + 1 != m->errtok ||
	    !(b->tok->flags & CFG_TF_KEY))
		return;
	r = cfg_row(b->row);
	if (r->kind != CFG_K_LIST)
		return;
	for (i = 1; i < CFG_R_COUNT; i++) {
		c = cfg_row(i);
		if (c->parent != r->id || c->toks[0].type != CFG_TT_KW ||
		    strcasecmp(c->toks[0].word, b->val) != 0)
			continue;
		sh_printf(sh, "%% '%s' was read as the name of the %s: the "
		    "name is required (%s NAME %s ...)\n", b->val, r->what,
		    r->what, c->toks[0].word);
		return;
	}
	(void)tk;
}

static int
match_error(struct cli_shell *sh, enum cli_mstatus st,
    const struct cli_tokens *tk)
{
	size_t	col, plen, i;
	char	word[64];

	switch (st) {
	case CLI_M_INCOMPLETE:
		sh_printf(sh, "%% Incomplete command.\n");
		snprintf(sh->lasterr, sizeof(sh->lasterr),
		    "Incomplete command.");
		break;
	case CLI_M_AMBIGUOUS:
		sh_printf(sh, "%% Ambiguous command: \"%.*s\"\n", (int)tk->len,
		    tk->line);
		snprintf(sh->lasterr, sizeof(sh->lasterr),
		    "Ambiguous command: \"%.*s\"", (int)(tk->len > 200 ? 200 :
		    tk->len), tk->line);
		break;
	default:
		col = sh->m->errtok < tk->n ? tk->t[sh->m->errtok].off :
		    tk->len;
		if (sh->opt.interactive) {
			plen = strlen(cli_shell_prompt(sh));
		} else {
			plen = 0;
			sh_printf(sh, "%.*s\n", (int)tk->len, tk->line);
		}
		for (i = 0; i < plen + col + 1; i++)
			sh_puts(sh, " ");
		sh_puts(sh, "^\n");
		sh_printf(sh, "%% Invalid input detected at '^' marker.\n");
		word[0] = 0;
		if (sh->m->errtok < tk->n)
			snprintf(word, sizeof(word), "%.*s",
			    (int)(tk->t[sh->m->errtok].len > 40 ? 40 :
			    tk->t[sh->m->errtok].len), tk->t[sh->m->errtok].s);
		snprintf(sh->lasterr, sizeof(sh->lasterr), "Invalid input "
		    "detected at '^' marker (at '%s')", word);
		name_hint(sh, tk);
		break;
	}
	return -1;
}

/*
 * Matches and runs one tokenised line in the given mode (CLI_MODE_EXEC
 * for `do`).  Returns 0 or -1.
 */
static int
dispatch(struct cli_shell *sh, struct cli_tokens *tk, unsigned mode,
    int from_do)
{
	struct cli_tokens	*head = NULL;
	enum cli_mstatus	 st;
	size_t			 lvl = 0, bar, errtok;
	char			 err[256];
	int			 rc;

	cli_filter_clear(&sh->filter);
	st = match_modes(sh, tk, mode, &lvl);
	bar = cli_filter_find(tk);
	if ((st != CLI_M_OK || (sh->m->cmd &&
	    (sh->m->cmd->flags & CMD_F_FILTER))) && bar < tk->n) {
		/* `show ... | include RE`: match the part before the bar. */
		if ((head = malloc(sizeof(*head))) == NULL)
			return sh_error(sh, "Out of memory");
		*head = *tk;
		head->n = bar;
		head->len = tk->t[bar].off;
		head->trailing = 1;
		st = match_modes(sh, head, mode, &lvl);
		if (st == CLI_M_OK && (sh->m->cmd == NULL ||
		    !(sh->m->cmd->flags & CMD_F_FILTER))) {
			sh->m->errtok = bar;
			st = CLI_M_NOMATCH;
		}
		if (st == CLI_M_OK && cli_filter_parse(&sh->filter, tk, bar,
		    &errtok, err, sizeof(err)) == -1) {
			free(head);
			if (strcmp(err, "Incomplete command.") == 0)
				return match_error(sh, CLI_M_INCOMPLETE, tk);
			if (strncmp(err, "Invalid input", 13) == 0) {
				sh->m->errtok = errtok;
				sh->m->nb = 0;
				return match_error(sh, CLI_M_NOMATCH, tk);
			}
			return sh_error(sh, "%s", err);
		}
		if (st != CLI_M_OK) {
			free(head);
			return match_error(sh, st, tk);
		}
		free(head);
		if (sh->filter.json && cli_json_find(sh->m->cmd->name) ==
		    NULL) {
			/* No JSON form: the caret under `json`. */
			sh->m->errtok = sh->filter.json;
			sh->m->nb = 0;
			cli_filter_clear(&sh->filter);
			return match_error(sh, CLI_M_NOMATCH, tk);
		}
	} else if (st != CLI_M_OK)
		return match_error(sh, st, tk);

	sh->match_level = lvl;
	sh->cur_tk = tk;
	if (sh->m->cmd == NULL)
		return sh_apply_config(sh, sh->m, lvl, 0);
	if (sh->loading && sh->m->cmd->handler != cmd_no &&
	    sh->m->cmd->handler != cmd_root && sh->m->cmd->handler != cmd_exit)
		return sh_error(sh, "Not allowed in a configuration file");
	if (sh->loading && sh->m->cmd->handler == cmd_exit && sh->depth == 1)
		return 0;
	if (from_do && (sh->m->cmd->handler == cmd_configure ||
	    sh->m->cmd->handler == cmd_quit)) {
		sh->m->errtok = 0;
		sh->m->nb = 0;
		return match_error(sh, CLI_M_NOMATCH, tk);
	}
	if (sh->filter.json) {
		/* One JSON document and nothing else: no timestamp line. */
		rc = cli_json_run(sh, sh->m);
	} else {
		if (sh->m->cmd->flags & CMD_F_TS)
			sh_timestamp(sh);
		rc = sh->m->cmd->handler(sh, sh->m);
	}
	sh_flush(sh);
	cli_filter_clear(&sh->filter);
	return rc;
}

/* Checks the raw bytes of a line: no control characters, no NUL, well-
 * formed UTF-8.  Returns 0, or -1 with *badp the offending offset. */
static int
bytes_ok(const unsigned char *s, size_t len, size_t *badp, const char **why)
{
	size_t	i = 0, n, k;

	while (i < len) {
		if (s[i] < 0x80) {
			if ((s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f) {
				*badp = i;
				*why = "control character";
				return -1;
			}
			i++;
			continue;
		}
		n = s[i] >= 0xc2 && s[i] <= 0xdf ? 1 :
		    s[i] >= 0xe0 && s[i] <= 0xef ? 2 :
		    s[i] >= 0xf0 && s[i] <= 0xf4 ? 3 : 0;
		for (k = 1; n && k <= n; k++)
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				n = 0;
		if (n == 2 && ((s[i] == 0xe0 && s[i + 1] < 0xa0) ||
		    (s[i] == 0xed && s[i + 1] >= 0xa0)))
			n = 0;
		if (n == 3 && ((s[i] == 0xf0 && s[i + 1] < 0x90) ||
		    (s[i] == 0xf4 && s[i + 1] >= 0x90)))
			n = 0;
		if (n == 0) {
			*badp = i;
			*why = "malformed UTF-8";
			return -1;
		}
		i += n + 1;
	}
	return 0;
}

static void
diag(struct cli_shell *sh)
{
	char	d[400];

	if (sh->opt.interactive || sh->lasterr[0] == 0)
		return;
	snprintf(d, sizeof(d), "%% line %zu: %s", sh->lineno, sh->lasterr);
	sh_flush(sh);
	sh->io.diag(sh->io.arg, d);
}

int
cli_shell_line(struct cli_shell *sh, const char *line, size_t len,
    size_t lineno)
{
	const char	*why;
	size_t		 bad, erroff;
	int		 rc;

	sh->lineno = lineno;
	sh->lasterr[0] = 0;
	cli_users_touch(sh->userent);	/* the Idle column of show users */
	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n'))
		len--;
	if (len > CLI_MAX_LINE) {
		rc = sh_error(sh, "Input line too long (%zu bytes; at most %d)",
		    len, CLI_MAX_LINE);
		goto done;
	}
	if (bytes_ok((const unsigned char *)line, len, &bad, &why) == -1) {
		rc = sh_error(sh, "Invalid input: %s (0x%02x) at column %zu",
		    why, (unsigned char)line[bad], bad + 1);
		goto done;
	}
	if (cli_tokenize(line, len, &sh->tk, &erroff) == -1) {
		rc = sh_error(sh, "Too many words in one line (at most %d)",
		    CLI_MAX_TOKENS);
		goto done;
	}
	/* Empty lines and comments (`!`, `!! IOS XR ...`) do nothing. */
	if (sh->tk.n == 0 || sh->tk.t[0].s[0] == '!') {
		rc = 0;
		goto done;
	}
	rc = dispatch(sh, &sh->tk, sh->sess ? CLI_MODE_CONFIG : CLI_MODE_EXEC,
	    0);
done:
	sh_flush(sh);
	if (rc == -1)
		diag(sh);
	return rc;
}

int
cli_shell_overlong(struct cli_shell *sh, size_t len, size_t lineno)
{
	sh->lineno = lineno;
	sh_error(sh, "Input line too long (%zu bytes; at most %d)", len,
	    CLI_MAX_LINE);
	sh_flush(sh);
	diag(sh);
	return -1;
}

/* Runs the words from index first of the current line in EXEC scope
 * (`do`); errors point into the whole line. */
int
sh_run_exec(struct cli_shell *sh, size_t first)
{
	struct cli_tokens	*tk;
	int			 rc;

	if (sh->cur_tk == NULL || first >= sh->cur_tk->n)
		return sh_error(sh, "Incomplete command.");
	if ((tk = malloc(sizeof(*tk))) == NULL)
		return sh_error(sh, "Out of memory");
	*tk = *sh->cur_tk;
	tk->n -= first;
	memmove(tk->t, tk->t + first, tk->n * sizeof(tk->t[0]));
	rc = dispatch(sh, tk, CLI_MODE_EXEC, 1);
	free(tk);
	return rc;
}

/* Runs one configuration line (load): like a typed line, quietly. */
int
sh_run_text(struct cli_shell *sh, const char *line, size_t len)
{
	struct cli_tokens	*tk;
	size_t			 erroff, bad;
	const char		*why;
	int			 rc;

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len > CLI_MAX_LINE || bytes_ok((const unsigned char *)line, len,
	    &bad, &why) == -1)
		return -1;
	if ((tk = malloc(sizeof(*tk))) == NULL)
		return -1;
	if (cli_tokenize(line, len, tk, &erroff) == -1)
		rc = -1;
	else if (tk->n == 0 || tk->t[0].s[0] == '!' ||
	    (tk->n == 1 && tk->t[0].len == 3 && strncmp(tk->t[0].s, "end",
	    3) == 0))
		rc = 0;
	else
		rc = dispatch(sh, tk, CLI_MODE_CONFIG, 0);
	free(tk);
	return rc;
}

void
cli_shell_help(struct cli_shell *sh, const char *text, size_t len)
{
	struct cli_tokens	*tk;
	struct cli_helplist	*hl;
	struct cli_scope	 sc;
	enum cli_mstatus	 st;
	char			*out;
	size_t			 erroff, lvl;

	tk = malloc(sizeof(*tk));
	hl = malloc(sizeof(*hl));
	out = malloc(65536);
	if (tk == NULL || hl == NULL || out == NULL)
		goto done;
	if (cli_tokenize(text, len, tk, &erroff) == -1)
		goto done;
	/* Help lists the current mode; if the words only make sense in an
	 * enclosing mode (as they would when run), use that one. */
	lvl = sh->sess ? sh->depth - 1 : 0;
	for (;;) {
		scope_for(sh, lvl, sh->sess ? CLI_MODE_CONFIG : CLI_MODE_EXEC,
		    &sc);
		st = cli_match_help(sh->m, &sc, tk, hl);
		if (st == CLI_M_OK || lvl == 0)
			break;
		lvl--;
	}
	if (st != CLI_M_OK) {
		lvl = sh->sess ? sh->depth - 1 : 0;
		scope_for(sh, lvl, sh->sess ? CLI_MODE_CONFIG : CLI_MODE_EXEC,
		    &sc);
		st = cli_match_help(sh->m, &sc, tk, hl);
		match_error(sh, st, tk);
	} else if (hl->n == 0) {
		sh->m->errtok = tk->n > 0 ? tk->n - 1 : 0;
		match_error(sh, CLI_M_NOMATCH, tk);
	} else if (cli_help_format(hl, out, 65536) == 0)
		sh_puts(sh, out);
done:
	sh_flush(sh);
	free(tk);
	free(hl);
	free(out);
}

size_t
cli_shell_complete(struct cli_shell *sh, const char *text, size_t len,
    struct cli_helplist *hl, size_t *startp)
{
	struct cli_tokens	*tk;
	struct cli_scope	 sc;
	size_t			 erroff, lvl;

	hl->n = 0;
	*startp = len;
	if ((tk = malloc(sizeof(*tk))) == NULL)
		return 0;
	if (cli_tokenize(text, len, tk, &erroff) == 0) {
		lvl = sh->sess ? sh->depth - 1 : 0;
		for (;;) {
			scope_for(sh, lvl, sh->sess ? CLI_MODE_CONFIG :
			    CLI_MODE_EXEC, &sc);
			if (cli_match_complete(sh->m, &sc, tk, hl, startp) ==
			    CLI_M_OK && hl->n > 0)
				break;
			if (lvl == 0)
				break;
			lvl--;
		}
	}
	free(tk);
	return hl->n;
}

int
cli_shell_ctrl_z(struct cli_shell *sh)
{
	int	rc;

	if (sh->sess == NULL)
		return 0;
	rc = sh_leave_ask(sh);
	sh_flush(sh);
	return rc;
}

void
cli_shell_eof(struct cli_shell *sh)
{
	char	err[256];

	if (sh->sess == NULL)
		return;
	if (cfg_session_has_changes(sh->sess, err, sizeof(err)) == 1)
		sh->io.diag(sh->io.arg, "% Uncommitted changes were discarded "
		    "at the end of the input");
	sh_config_leave(sh);
	sh_flush(sh);
}

int
cli_shell_done(const struct cli_shell *sh)
{
	return sh->done;
}

int
cli_shell_configuring(const struct cli_shell *sh)
{
	return sh->sess != NULL;
}

unsigned
cli_shell_term_length(const struct cli_shell *sh)
{
	return sh->term_len;
}

unsigned
cli_shell_term_width(const struct cli_shell *sh)
{
	return sh->term_width;
}

struct cli_shell *
cli_shell_new(const struct cli_opts *opt, const struct cli_io *io, char *err,
    size_t errsz)
{
	struct cli_shell	*sh;
	struct cfg_items	*run = NULL;
	char			 path[4096];

	if ((sh = calloc(1, sizeof(*sh))) == NULL) {
		snprintf(err, errsz, "Out of memory");
		return NULL;
	}
	sh->opt = *opt;
	sh->io = *io;
	sh->timestamps = opt->timestamps;
	sh->term_len = opt->term_length;
	sh->term_width = opt->term_width;
	snprintf(sh->user, sizeof(sh->user), "%s", opt->user ? opt->user :
	    "unknown");
	snprintf(sh->line, sizeof(sh->line), "%s", opt->line ? opt->line :
	    "batch");
	if (opt->dbpath == NULL) {
		if (cfg_store_default_path(path, sizeof(path), err, errsz) == -1)
			goto fail;
		sh->dbpath = strdup(path);
	} else
		sh->dbpath = strdup(opt->dbpath);
	if (opt->sockpath)
		sh->sockpath = strdup(opt->sockpath);
	else if (ctl_sock_default_path(sh->dbpath, path, sizeof(path)) == 0)
		sh->sockpath = strdup(path);
	if (sh->dbpath == NULL || sh->sockpath == NULL) {
		snprintf(err, errsz, "Out of memory or path too long");
		goto fail;
	}
	if (cli_hd_dir(opt->harddisk, sh->dbpath, sh->hddir,
	    sizeof(sh->hddir)) == -1) {
		snprintf(err, errsz, "harddisk: folder name too long");
		goto fail;
	}
	if ((sh->m = cli_match_new()) == NULL ||
	    (sh->m2 = cli_match_new()) == NULL ||
	    (sh->cand = cfg_items_new()) == NULL ||
	    (run = cfg_items_new()) == NULL) {
		snprintf(err, errsz, "Out of memory");
		goto fail;
	}
	if ((sh->store = cfg_store_open(sh->dbpath, opt->new_db ? CFG_STORE_NEW :
	    0, err, errsz)) == NULL)
		goto fail;
	if (cfg_store_running(sh->store, run, NULL, err, errsz) == -1)
		goto fail;
	sh_hostname_from(sh, run);
	cfg_items_free(run);
	if (opt->service != NULL) {
		struct cli_user	u;

		memset(&u, 0, sizeof(u));
		snprintf(u.line, sizeof(u.line), "%s", sh->line);
		snprintf(u.user, sizeof(u.user), "%s", sh->user);
		snprintf(u.service, sizeof(u.service), "%s", opt->service);
		snprintf(u.location, sizeof(u.location), "%s",
		    opt->location ? opt->location : "");
		u.started = sh->io.now_ms(sh->io.arg) / 1000;
		/* Best effort: a shell without its entry still works. */
		(void)cli_users_add(sh->dbpath, &u, sh->userent,
		    sizeof(sh->userent));
	}
	sh->depth = 1;
	sh->lev[0].row = cfg_row(CFG_R_ROOT);
	prompt_update(sh);
	return sh;
fail:
	cfg_items_free(run);
	cli_shell_free(sh);
	return NULL;
}

const char *
cli_shell_harddisk(const struct cli_shell *sh)
{
	return sh->hddir;
}

void
cli_shell_free(struct cli_shell *sh)
{
	if (sh == NULL)
		return;
	if (sh->sess)
		sh_config_leave(sh);
	if (sh->userent[0])
		(void)unlink(sh->userent);
	cfg_store_close(sh->store);
	cli_match_free(sh->m);
	cli_match_free(sh->m2);
	cfg_items_free(sh->cand);
	cli_filter_clear(&sh->filter);
	buf_free(&sh->out);
	buf_free(&sh->loadfail);
	free(sh->dbpath);
	free(sh->sockpath);
	free(sh);
}
