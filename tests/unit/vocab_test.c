/*
 * One configuration vocabulary: the places that must agree about an
 * algorithm or a command do.
 *
 *  - Every value of an algorithm argument in the schema (cfgdb/schema.c)
 *    means something: its IANA number is one common/iana.h names, the
 *    crypto backend (ikev2/crypto.h, ikev2/dh.h) implements it with that
 *    key length (and agrees on AEAD), it has display names, and the
 *    shell's renderers (cli/show_live.c) find exactly those names by the
 *    number the daemon reports.
 *  - The other way: every transform ID the engine can negotiate (every ID
 *    its tables implement, of each type) has a configuration word, in
 *    the IKE proposal and, for ESP, in the transform set and PFS group.
 *  - Every command of the shell (cli/cmdtab.c's exec table and every
 *    configuration row of the schema) is documented in man/mgmtsec.1.
 *
 * "Documented" means, in the mdoc source: an exec command's keywords
 * appear, in order, among the words of the `Ic` macros of one `.It` line
 * of EXEC COMMANDS or CONFIGURATION MODE COMMANDS.  A configuration row
 * is documented by an `.It` line L of CONFIGURATION whose `Ic` words hold
 * the row's own keywords in order, and whose `Ic` words together with
 * those of the `.It` lines L is nested in (its enclosing lists) hold the
 * keywords of the row's whole path (`ikev2 proposal` ... `prf`) in
 * order; and every value of the row's enumerated arguments appears on L
 * or in L's body (an item without a body shares the next item's, as mdoc
 * prints it).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgdb/schema.h"
#include "cli/cmdtab.h"
#include "cli/show_live.h"
#include "common/iana.h"
#include "ikev2/crypto.h"
#include "ikev2/dh.h"

/*
 * Algorithms, word to number to backend and names
 */

static int
backend_has(const struct cfg_meaning *m, const struct cfg_enum *e)
{
	const struct ike_encr_alg	*a;

	switch (m->kind) {
	case CFG_MK_ENCR:
		a = ike_encr_alg_get(m->id, m->keylen);
		return a != NULL && (a->aead != 0) ==
		    ((e->flags & CFG_EF_AEAD) != 0);
	case CFG_MK_PRF:
		return ike_prf_alg_get(m->id) != NULL;
	case CFG_MK_INTEG:
		return ike_integ_alg_get(m->id) != NULL;
	case CFG_MK_DH:
		return ike_dh_alg_get(m->id) != NULL;
	default:
		return 1;	/* methods: no transform backend */
	}
}

static const char *
iana_of(const struct cfg_meaning *m)
{
	if (m->kind == CFG_MK_AUTH)
		return iana_auth_name(m->id);
	return iana_xform_name(m->kind, m->id);
}

/* What the shell shows for a meaning of a value of row, or NULL when the
 * row's values are not shown. */
static const char *
shell_name(unsigned row, const struct cfg_meaning *m, int ipsec, char *buf,
    size_t len)
{
	switch (m->kind) {
	case CFG_MK_ENCR:
		return ipsec ? sl_esp_encr_name(m->id, m->keylen, buf, len) :
		    sl_ike_encr_name(m->id);
	case CFG_MK_PRF:
		return sl_hash_name(m->id, 1);
	case CFG_MK_INTEG:
		return ipsec ? sl_esp_auth_name(m->id) : sl_hash_name(m->id, 0);
	case CFG_MK_AUTH:
		return sl_auth_name(m->id);
	default:
		(void)row;
		return NULL;	/* DH groups show as numbers */
	}
}

/* The rows whose values `show ipsec sa` names. */
static int
shown_by_ipsec_sa(unsigned row)
{
	return row == CFG_R_TS_TRANSFORM || row == CFG_R_IP_PFS;
}

START_TEST(test_every_algorithm_word_has_number_backend_and_names)
{
	const struct cfg_row		*r;
	const struct cfg_argdef		*a;
	const struct cfg_enum		*e;
	const struct cfg_meaning	*m;
	const char			*n;
	char				 buf[32];
	unsigned			 id;
	size_t				 t, i, nwords = 0;

	for (id = 0; id < CFG_R_COUNT; id++) {
		r = cfg_row(id);
		for (t = 0; t < r->ntoks; t++) {
			if (r->toks[t].type != CFG_TT_ARG)
				continue;
			a = r->toks[t].arg;
			if (a->type != CFG_T_ENUM || a->mkind == CFG_MK_NONE)
				continue;
			for (e = a->vals; e->word; e++) {
				nwords++;
				ck_assert_msg(cfg_enum_meaning(a, e) != NULL,
				    "'%s' means nothing to its argument",
				    e->word);
				for (i = 0; i < CFG_ENUM_MEANS; i++) {
					m = &e->mean[i];
					if (m->kind == CFG_MK_NONE)
						continue;
					ck_assert_msg(iana_of(m) != NULL,
					    "'%s': %u/%u is not in common/"
					    "iana.h", e->word, m->kind, m->id);
					ck_assert_msg(backend_has(m, e),
					    "'%s': the crypto backend lacks "
					    "%s (key length %u)", e->word,
					    iana_of(m), m->keylen);
					ck_assert_msg(m->show != NULL,
					    "'%s' has no display name",
					    e->word);
					ck_assert_msg(!shown_by_ipsec_sa(id) ||
					    m->show_ipsec != NULL, "'%s' has no "
					    "show ipsec sa name", e->word);
					n = shell_name(id, m,
					    shown_by_ipsec_sa(id), buf,
					    sizeof(buf));
					ck_assert_msg(n == NULL || strcmp(n,
					    shown_by_ipsec_sa(id) ?
					    m->show_ipsec : m->show) == 0,
					    "the shell shows '%s' as %s", e->word,
					    n);
				}
			}
		}
	}
	ck_assert_uint_gt(nwords, 20);
}
END_TEST

/* Whether some value of row means (kind, id). */
static int
has_word(unsigned row, unsigned kind, unsigned id)
{
	return cfg_meaning_find(row, kind, id, CFG_KEYLEN_ANY) != NULL;
}

START_TEST(test_every_negotiable_id_has_a_word)
{
	unsigned	id, kl, n = 0;

	/* The engine's tables, probed over the whole ID range in use. */
	for (id = 0; id < 1024; id++) {
		for (kl = 0; kl <= 512; kl += 8) {
			if (ike_encr_alg_get(id, kl) == NULL)
				continue;
			n++;
			ck_assert_msg(has_word(CFG_R_PROP_ENC, CFG_MK_ENCR, id),
			    "ENCR %u has no encryption word", id);
			ck_assert_msg(has_word(CFG_R_TS_TRANSFORM, CFG_MK_ENCR,
			    id), "ENCR %u has no transform word", id);
		}
		if (ike_prf_alg_get(id) != NULL) {
			n++;
			ck_assert_msg(has_word(CFG_R_PROP_PRF, CFG_MK_PRF, id),
			    "PRF %u has no prf word", id);
		}
		if (ike_integ_alg_get(id) != NULL) {
			n++;
			ck_assert_msg(has_word(CFG_R_PROP_INTEG, CFG_MK_INTEG,
			    id), "INTEG %u has no integrity word", id);
			ck_assert_msg(has_word(CFG_R_TS_TRANSFORM,
			    CFG_MK_INTEG, id), "INTEG %u has no transform "
			    "word", id);
		}
		if (ike_dh_alg_get(id) != NULL) {
			n++;
			ck_assert_msg(has_word(CFG_R_PROP_DH, CFG_MK_DH, id),
			    "D-H %u has no dh-group word", id);
			ck_assert_msg(has_word(CFG_R_IP_PFS, CFG_MK_DH, id),
			    "D-H %u has no set pfs word", id);
		}
	}
	ck_assert_uint_gt(n, 10);
}
END_TEST

/*
 * The manual
 */

#define MAXW	512
#define MAXI	1024

struct mwords {
	char	*w[MAXW];
	size_t	 n;
};

struct mitem {
	char		 sect[64];
	int		 parent;	/* enclosing .It, or -1 */
	int		 list;		/* which .Bl it is in */
	struct mwords	 ic;		/* words of its Ic macros */
	struct mwords	 line;		/* every word of the .It line */
	struct mwords	 body;		/* every word of its body */
};

static struct mitem	*items;
static size_t		 nitems;

static void
add(struct mwords *m, const char *w, size_t len)
{
	if (m->n < MAXW && (m->w[m->n] = strndup(w, len)) != NULL)
		m->n++;
}

static int
is_macro(const char *w, size_t len)
{
	static const char *const macros[] = { "It", "Ic", "Ar", "Op", "Oo",
	    "Oc", "Ta", "Ns", "No", "Pq", "Ql", "Fl", "Cm", "Dq", "Xr", "Pa",
	    "Ev", "Li", "Sy", "Em", "Dl", "Bd", "Ed", "Pp", "Nm", "Sq", "Qq",
	    "Aq", "Va", "Dv", "Cd", "Er", "Bl", "El", "Sh", "Ss", NULL };
	size_t	i;

	for (i = 0; macros[i]; i++)
		if (strlen(macros[i]) == len && memcmp(macros[i], w, len) == 0)
			return 1;
	return 0;
}

/* Splits a line into words: into all, and the Ic ones into ic. */
static void
words_of(const char *line, struct mwords *all, struct mwords *ic)
{
	const char	*p = line, *w;
	char		 kept[128];
	size_t		 len;
	int		 in_ic = 0;

	if (*p == '.')
		p++;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == 0 || *p == '\n')
			break;
		w = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		len = (size_t)(p - w);
		if (is_macro(w, len)) {
			in_ic = len == 2 && memcmp(w, "Ic", 2) == 0;
			continue;
		}
		/* Punctuation around a word: "(also", "any)", "sha-512;". */
		while (len > 0 && strchr("(\"'", *w) != NULL) {
			w++;
			len--;
		}
		/* "harddisk\\&:": mdoc's zero-width escape keeps the colon
		 * of a keyword that ends in one. */
		if (len > 3 && w[len - 3] == '\\' && w[len - 2] == '&' &&
		    len < sizeof(kept)) {
			memcpy(kept, w, len - 3);
			kept[len - 3] = w[len - 1];
			w = kept;
			len -= 2;
		} else
			while (len > 0 && strchr("),;:\"'.", w[len - 1]) != NULL)
				len--;
		if (len == 0 || (len == 1 && w[0] == '|'))
			continue;
		add(all, w, len);
		if (in_ic && ic)
			add(ic, w, len);
	}
}

/* Reads the manual into items (.It entries with their nesting). */
static void
man_read(const char *path)
{
	struct {
		int	owner, last, id;
	}		 st[16];
	char		 line[4096], sect[64] = "";
	FILE		*f;
	int		 depth = 0, lists = 0;
	struct mitem	*it;

	ck_assert_msg((f = fopen(path, "r")) != NULL, "cannot read %s", path);
	items = calloc(MAXI, sizeof(*items));
	ck_assert_ptr_nonnull(items);
	nitems = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = 0;
		if (strncmp(line, ".\\\"", 3) == 0)
			continue;
		if (strncmp(line, ".Sh ", 4) == 0) {
			snprintf(sect, sizeof(sect), "%.63s", line + 4);
			depth = 0;
			continue;
		}
		if (strncmp(line, ".Bl", 3) == 0) {
			ck_assert_int_lt(depth, 16);
			st[depth].owner = depth > 0 ? st[depth - 1].last : -1;
			st[depth].last = -1;
			st[depth].id = lists++;
			depth++;
			continue;
		}
		if (strncmp(line, ".El", 3) == 0) {
			if (depth > 0)
				depth--;
			continue;
		}
		if (depth == 0)
			continue;
		if (strncmp(line, ".It", 3) == 0) {
			ck_assert_uint_lt(nitems, MAXI);
			it = &items[nitems];
			snprintf(it->sect, sizeof(it->sect), "%s", sect);
			it->parent = st[depth - 1].owner;
			it->list = st[depth - 1].id;
			words_of(line, &it->line, &it->ic);
			st[depth - 1].last = (int)nitems++;
			continue;
		}
		if (st[depth - 1].last >= 0)
			words_of(line, &items[st[depth - 1].last].body, NULL);
	}
	fclose(f);
}

static void
man_free(void)
{
	size_t	i, k;

	for (i = 0; i < nitems; i++)
		for (k = 0; k < MAXW; k++) {
			free(items[i].ic.w[k]);
			free(items[i].line.w[k]);
			free(items[i].body.w[k]);
		}
	free(items);
	items = NULL;
}

/* The body an item prints with: its own, else the next item's of its
 * list (mdoc: items without a body share the next body). */
static const struct mwords *
body_of(size_t i)
{
	size_t	j;

	for (j = i; j < nitems; j++) {
		if (items[j].list != items[i].list)
			continue;
		if (items[j].body.n > 0)
			return &items[j].body;
	}
	return &items[i].body;
}

/* Whether needle (n words) is a subsequence of hay (h words). */
static int
subseq(char *const *needle, size_t n, char *const *hay, size_t h)
{
	size_t	i = 0, j;

	for (j = 0; j < h && i < n; j++)
		if (strcmp(needle[i], hay[j]) == 0)
			i++;
	return i == n;
}

static int
has(const struct mwords *m, const char *w)
{
	size_t	i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->w[i], w) == 0)
			return 1;
	return 0;
}

/* The keywords of a token list, each once, in order. */
static void
keywords(const struct cfg_tok *t, size_t n, struct mwords *out)
{
	size_t	i, k;

	for (i = 0; i < n; i++) {
		if (t[i].type != CFG_TT_KW)
			continue;
		for (k = 0; k < out->n; k++)
			if (strcmp(out->w[k], t[i].word) == 0)
				break;
		if (k == out->n && out->n < MAXW)
			out->w[out->n++] = (char *)(uintptr_t)t[i].word;
	}
}

static const char *
man_path(void)
{
	static char	p[1024];
	const char	*top = getenv("top_srcdir");

	snprintf(p, sizeof(p), "%s/man/mgmtsec.1", top && *top ? top : ".");
	return p;
}

/* Notes a command the manual lacks; the test lists them all. */
static void
missing(char *buf, size_t len, const char *what)
{
	size_t	n = strlen(buf);

	snprintf(buf + n, len - n, "%s'%s'", n ? ", " : "", what);
}

START_TEST(test_every_exec_command_is_in_the_manual)
{
	struct mwords	kw;
	char		miss[4096] = "";
	size_t		c, i;
	int		found;

	man_read(man_path());
	for (c = 0; c < cli_ncmds; c++) {
		memset(&kw, 0, sizeof(kw));
		keywords(cli_cmds[c].toks, cli_cmds[c].ntoks, &kw);
		found = 0;
		for (i = 0; i < nitems && !found; i++)
			found = (strcmp(items[i].sect, "EXEC COMMANDS") == 0 ||
			    strcmp(items[i].sect,
			    "CONFIGURATION MODE COMMANDS") == 0) &&
			    subseq(kw.w, kw.n, items[i].ic.w, items[i].ic.n);
		if (!found)
			missing(miss, sizeof(miss), cli_cmds[c].name);
	}
	man_free();
	ck_assert_msg(miss[0] == 0, "man/mgmtsec.1 does not document %s",
	    miss);
}
END_TEST

/* The keywords of a row's path, outermost object first. */
static void
path_keywords(const struct cfg_row *r, struct mwords *out)
{
	const struct cfg_row	*chain[8];
	size_t			 n = 0, i;

	for (; r && r->id != CFG_R_ROOT && n < 8; r = cfg_row(r->parent))
		chain[n++] = r;
	while (n > 0) {
		r = chain[--n];
		for (i = 0; i < r->ntoks; i++)
			if (r->toks[i].type == CFG_TT_KW && out->n < MAXW)
				out->w[out->n++] =
				    (char *)(uintptr_t)r->toks[i].word;
	}
}

/* Whether item i documents row r (see the top of this file). */
static int
documents(size_t i, const struct cfg_row *r)
{
	struct mwords		 own, path, w;
	const struct mwords	*body;
	const struct cfg_enum	*e;
	int			 chain[8], nchain = 0, p, k;
	size_t			 t, x;

	memset(&own, 0, sizeof(own));
	memset(&path, 0, sizeof(path));
	memset(&w, 0, sizeof(w));
	keywords(r->toks, r->ntoks, &own);
	if (!subseq(own.w, own.n, items[i].ic.w, items[i].ic.n))
		return 0;
	path_keywords(r, &path);
	for (p = (int)i; p >= 0 && nchain < 8; p = items[p].parent)
		chain[nchain++] = p;
	for (k = nchain - 1; k >= 0; k--)
		for (x = 0; x < items[chain[k]].ic.n && w.n < MAXW; x++)
			w.w[w.n++] = items[chain[k]].ic.w[x];
	if (!subseq(path.w, path.n, w.w, w.n))
		return 0;
	body = body_of(i);
	for (t = 0; t < r->ntoks; t++) {
		if (r->toks[t].type != CFG_TT_ARG ||
		    r->toks[t].arg->type != CFG_T_ENUM)
			continue;
		for (e = r->toks[t].arg->vals; e->word; e++)
			if (!has(&items[i].line, e->word) && !has(body, e->word))
				return 0;
	}
	return 1;
}

START_TEST(test_every_configuration_command_is_in_the_manual)
{
	const struct cfg_row	*r;
	char			 miss[4096] = "", what[96];
	unsigned		 id;
	size_t			 i;
	int			 found;

	man_read(man_path());
	for (id = 1; id < CFG_R_COUNT; id++) {
		r = cfg_row(id);
		found = 0;
		for (i = 0; i < nitems && !found; i++)
			found = strcmp(items[i].sect, "CONFIGURATION") == 0 &&
			    documents(i, r);
		if (!found) {
			snprintf(what, sizeof(what), "%s ... (row %u)",
			    r->toks[0].word, id);
			missing(miss, sizeof(miss), what);
		}
	}
	man_free();
	ck_assert_msg(miss[0] == 0, "man/mgmtsec.1 does not document, with "
	    "the values of its arguments, %s", miss);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("vocab");
	TCase	*alg = tcase_create("algorithms");
	TCase	*man = tcase_create("manual");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(alg, test_every_algorithm_word_has_number_backend_and_names);
	tcase_add_test(alg, test_every_negotiable_id_has_a_word);
	suite_add_tcase(s, alg);
	tcase_add_test(man, test_every_exec_command_is_in_the_manual);
	tcase_add_test(man, test_every_configuration_command_is_in_the_manual);
	suite_add_tcase(s, man);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
