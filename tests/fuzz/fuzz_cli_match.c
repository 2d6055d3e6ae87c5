/*
 * libFuzzer target for the shell's parser of untrusted text: the
 * tokenizer and matcher (cli/match.c), help and completion, the line to
 * item-edit mapping (cli/cfgedit.c), then rendering and validation of
 * what was built (cfgdb/render.c, cfgdb/validate.c).
 *
 * The input is lines; the first byte of each line picks the mode (EXEC,
 * or a configuration submode).  Invariants checked: positions reported
 * lie inside the line, and the running-config text of what the lines
 * built parses back to exactly the same items.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cfgdb/commit.h"
#include "cfgdb/render.h"
#include "cfgdb/validate.h"
#include "cli/cfgedit.h"
#include "cli/cmdtab.h"
#include "cli/match.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
set_cb(void *arg, const char *key, const char *value)
{
	return cfg_items_set(arg, key, value);
}

static int
del_cb(void *arg, const char *key)
{
	cfg_items_del_tree(arg, key);
	return 0;
}

/* Validation must not read files the input names. */
static int
pki_stub(void *arg, const struct cfg_pki_files *f, int64_t now,
    enum cfg_pki_item *which, char *msg, size_t msgsz)
{
	(void)arg;
	(void)f;
	(void)now;
	*which = CFG_PKI_CA;
	msg[0] = 0;
	return 0;
}

static void
one_line(struct cli_match *m, struct cli_helplist *hl, struct cli_tokens *tk,
    const char *line, size_t len, unsigned sel, struct cfg_items *cfg)
{
	struct cfg_edit_ops	 ops = { set_cb, del_cb, cfg, 0 };
	struct cli_scope	 sc;
	struct cli_cfgline	 l;
	size_t			 erroff, start, i;
	unsigned		 parent = sel % CFG_R_COUNT;

	if (cli_tokenize(line, len, tk, &erroff) == -1) {
		if (erroff > len)
			abort();
		return;
	}
	sc.cmds = cli_cmds;
	sc.ncmds = cli_ncmds;
	sc.items = cfg;
	if (sel & 0x80) {
		sc.mode = CLI_MODE_EXEC;
		sc.cfg_parent = -1;
	} else {
		sc.mode = CLI_MODE_CONFIG;
		while (!cfg_row_is_object(cfg_row(parent)))
			parent = cfg_row(parent)->parent;
		sc.cfg_parent = (int)parent;
	}
	if (cli_match_line(m, &sc, tk) == CLI_M_OK) {
		for (i = 0; i < m->nb; i++)
			if (m->b[i].tokidx >= tk->n || m->b[i].val == NULL)
				abort();
		/* Edits are made at the top only: the keys must be whole. */
		if (m->cmd == NULL && sc.mode == CLI_MODE_CONFIG &&
		    parent == CFG_R_ROOT) {
			if (cli_cfgline_apply(m, "", 0, cfg, &ops, &l) == 0)
				cli_cfgline_clear(&l);
		} else if (m->cmd && m->cmd->handler == cmd_no &&
		    parent == CFG_R_ROOT)
			cli_cfgline_apply(m, "", 1, cfg, &ops, NULL);
	} else if ((m->status == CLI_M_NOMATCH ||
	    m->status == CLI_M_AMBIGUOUS) && m->errtok >= tk->n)
		abort();
	cli_match_help(m, &sc, tk, hl);
	if (hl->n > sizeof(hl->e) / sizeof(hl->e[0]))
		abort();
	cli_match_complete(m, &sc, tk, hl, &start);
	if (start > len)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cli_match	*m = cli_match_new();
	struct cli_helplist	*hl = malloc(sizeof(*hl));
	struct cli_tokens	*tk = malloc(sizeof(*tk));
	struct cfg_items	*cfg = cfg_items_new(), *back = cfg_items_new();
	struct cfg_errors	*errs = cfg_errors_new();
	struct cfg_validate_env	 env = { pki_stub, NULL, 0 };
	struct buf		 text = { 0 };
	const char		*p = (const char *)data, *end = p + size, *nl;
	char			 err[256];
	size_t			 len;
	unsigned		 sel;

	if (m == NULL || hl == NULL || tk == NULL || cfg == NULL ||
	    back == NULL || errs == NULL)
		goto out;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (len > 0 && len <= CLI_MAX_LINE + 1) {
			sel = (unsigned char)p[0];
			one_line(m, hl, tk, p + 1, len - 1, sel, cfg);
		}
		p += len + (nl != NULL);
	}
	/* What was built renders, validates, and renders back the same. */
	cfg_validate(&env, cfg, NULL, errs);
	if (cfg_render(cfg, NULL, &text, NULL) == -1)
		goto out;
	if (cli_cfg_parse_text(text.data ? (const char *)text.data : "", back,
	    err, sizeof(err)) == -1)
		abort();
	/* `match fvrf any` is never shown, so it cannot come back. */
	{
		const struct cfg_item	*v;
		size_t			 n, i;
		struct cfg_items	*drop = cfg_items_new();

		if (drop == NULL || (v = cfg_items_sorted(cfg, &n)) == NULL) {
			cfg_items_free(drop);
			goto out;
		}
		for (i = 0; i < n; i++) {
			const struct cfg_row *r = cfg_schema_key_row(v[i].key,
			    NULL, 0, NULL);

			if (r && (r->rflags & CFG_RF_NEVER))
				cfg_items_set(drop, v[i].key, "");
		}
		v = cfg_items_sorted(drop, &n);
		for (i = 0; v && i < n; i++)
			cfg_items_del(cfg, v[i].key);
		cfg_items_free(drop);
	}
	if (!cfg_items_equal(cfg, back))
		abort();
out:
	buf_free(&text);
	cfg_errors_free(errs);
	cfg_items_free(back);
	cfg_items_free(cfg);
	free(tk);
	free(hl);
	cli_match_free(m);
	return 0;
}
