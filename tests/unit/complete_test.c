/*
 * Unit tests for TAB completion (cli_match_complete): unique and several
 * candidates, keywords, enum values, interface types without a trailing
 * space, and names of existing objects for references.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgdb/items.h"
#include "cli/cmdtab.h"
#include "cli/match.h"

struct ccase {
	unsigned	 mode;
	int		 parent;
	const char	*text;
	const char	*want;		/* candidates, space separated */
	size_t		 start;		/* offset of the word completed */
};

static const struct ccase cases[] = {
	{ CLI_MODE_EXEC, 0, "conf", "configure", 0 },
	{ CLI_MODE_EXEC, 0, "configure t", "terminal", 10 },
	{ CLI_MODE_EXEC, 0, "configure ", "exclusive terminal", 10 },
	{ CLI_MODE_EXEC, 0, "sh", "show", 0 },
	{ CLI_MODE_EXEC, 0, "show ip", "ipsec ipv4 ipv6", 5 },
	{ CLI_MODE_EXEC, 0, "show ips", "ipsec", 5 },
	{ CLI_MODE_EXEC, 0, "show int", "interfaces", 5 },
	{ CLI_MODE_EXEC, 0, "show configuration h", "history", 19 },
	{ CLI_MODE_EXEC, 0, "dir ", "/all harddisk:", 4 },
	{ CLI_MODE_EXEC, 0, "show ikev2 s", "sa session statistics summary",
	    11 },
	{ CLI_MODE_EXEC, 0, "te", "terminal", 0 },
	{ CLI_MODE_EXEC, 0, "show running-config ikev2 pro",
	    "profile proposal", 26 },
	{ CLI_MODE_CONFIG, 0, "ikev2 pro", "profile proposal", 6 },
	{ CLI_MODE_CONFIG, 0, "ikev2 prop", "proposal", 6 },
	{ CLI_MODE_CONFIG, 0, "i", "ikev2 interface ipsec", 0 },
	{ CLI_MODE_CONFIG, 0, "int", "interface", 0 },
	{ CLI_MODE_CONFIG, 0, "interface tun", "tunnel-ip", 10 },
	{ CLI_MODE_CONFIG, CFG_R_PROPOSAL, "encryption aes-c",
	    "aes-cbc-128 aes-cbc-192 aes-cbc-256", 11 },
	{ CLI_MODE_CONFIG, CFG_R_PROPOSAL, "dh", "dh-group", 0 },
	{ CLI_MODE_CONFIG, CFG_R_IPSECPROF, "set p", "pfs", 4 },
	{ CLI_MODE_CONFIG, CFG_R_IPSECPROF, "set pfs ",
	    "group19 group20 group21", 8 },
	/* References offer the names that exist. */
	{ CLI_MODE_CONFIG, CFG_R_PROFILE, "keyring ", "KR1 KR2", 8 },
	{ CLI_MODE_CONFIG, CFG_R_PROFILE, "keyring KR1", "KR1", 8 },
	{ CLI_MODE_CONFIG, CFG_R_POLICY, "proposal ", "PROP_A", 9 },
	{ CLI_MODE_CONFIG, CFG_R_INTERFACE, "tunnel protection ipsec profile ",
	    "IPS", 32 },
	/* Nothing to offer. */
	{ CLI_MODE_CONFIG, 0, "zz", "", 0 },
	{ CLI_MODE_CONFIG, 0, "hostname ", "", 9 },
};

START_TEST(test_complete_table)
{
	const struct ccase	*c = &cases[_i];
	struct cli_match	*m = cli_match_new();
	struct cli_helplist	*hl = malloc(sizeof(*hl));
	struct cfg_items	*it = cfg_items_new();
	struct cli_tokens	 tk;
	struct cli_scope	 sc;
	char			 got[1024];
	size_t			 e, start, i, n = 0;

	cfg_items_set(it, "keyring KR1", "");
	cfg_items_set(it, "keyring KR2", "");
	cfg_items_set(it, "keyring KR2" CFG_KEY_SEP_STR "peer P", "");
	cfg_items_set(it, "ikev2 proposal PROP_A", "");
	cfg_items_set(it, "ipsec profile IPS", "");
	cli_tokenize(c->text, strlen(c->text), &tk, &e);
	sc.cmds = cli_cmds;
	sc.ncmds = cli_ncmds;
	sc.mode = c->mode;
	sc.cfg_parent = c->mode == CLI_MODE_CONFIG ? c->parent : -1;
	sc.items = it;
	ck_assert_int_eq(cli_match_complete(m, &sc, &tk, hl, &start),
	    CLI_M_OK);
	got[0] = 0;
	for (i = 0; i < hl->n; i++)
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s",
		    i ? " " : "", hl->e[i].word);
	ck_assert_msg(strcmp(got, c->want) == 0, "'%s<TAB>': '%s', want '%s'",
	    c->text, got, c->want);
	ck_assert_uint_eq(start, c->start);
	if (strcmp(c->want, "tunnel-ip") == 0)
		ck_assert_int_eq(hl->e[0].nospace, 1);
	else if (hl->n == 1)
		ck_assert_int_eq(hl->e[0].nospace, 0);
	cfg_items_free(it);
	free(hl);
	cli_match_free(m);
}
END_TEST

static Suite *
complete_suite(void)
{
	Suite	*s = suite_create("complete");
	TCase	*tc = tcase_create("complete");

	tcase_add_loop_test(tc, test_complete_table, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(complete_suite());
	int	 nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? 0 : 1;
}
