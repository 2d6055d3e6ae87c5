/*
 * Unit tests for `?` help (cli_match_help, cli_help_format): the IOS XR
 * listing format (two-space indent, keyword padded to the longest + 2,
 * arguments first, keywords sorted, <cr> last, ranges as <lo-hi>), the
 * `word?` form, and errors before the `?`.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmdtab.h"
#include "cli/match.h"

struct hcase {
	unsigned	 mode;
	int		 parent;
	const char	*text;		/* what is typed before the ? */
	int		 status;
	const char	*want;		/* the listing */
};

static const struct hcase cases[] = {
	{ CLI_MODE_CONFIG, CFG_R_PROPOSAL, "prf ",
	  CLI_M_OK,
	  "  sha-1    SHA-1 (HMAC)\n"
	  "  sha-256  SHA-256 (HMAC)\n"
	  "  sha-384  SHA-384 (HMAC)\n"
	  "  sha-512  SHA-512 (HMAC)\n" },
	{ CLI_MODE_CONFIG, CFG_R_PROPOSAL, "prf sha-256 ",
	  CLI_M_OK,
	  "  sha-1    SHA-1 (HMAC)\n"
	  "  sha-256  SHA-256 (HMAC)\n"
	  "  sha-384  SHA-384 (HMAC)\n"
	  "  sha-512  SHA-512 (HMAC)\n"
	  "  <cr>\n" },
	{ CLI_MODE_CONFIG, 0, "ikev2 ",
	  CLI_M_OK,
	  "  policy    Configure an IKEv2 policy\n"
	  "  profile   Configure an IKEv2 profile\n"
	  "  proposal  Configure an IKEv2 proposal\n" },
	{ CLI_MODE_CONFIG, 0, "ikev2 pro",
	  CLI_M_OK,
	  "  profile   Configure an IKEv2 profile\n"
	  "  proposal  Configure an IKEv2 proposal\n" },
	{ CLI_MODE_CONFIG, 0, "ikev2 profile P lifetime ",
	  CLI_M_OK,
	  "  <120-86400>  Lifetime in seconds\n" },
	{ CLI_MODE_CONFIG, 0, "ikev2 profile P dpd 10 ",
	  CLI_M_OK,
	  "  <2-60>  Seconds between retries\n" },
	{ CLI_MODE_CONFIG, 0, "ikev2 proposal P1 ",
	  CLI_M_OK,
	  "  dh-group    Diffie-Hellman group(s), in preference order\n"
	  "  encryption  Encryption algorithm(s), in preference order\n"
	  "  integrity   Integrity algorithm(s), in preference order\n"
	  "  prf         Pseudo-random function(s), in preference order\n"
	  "  <cr>\n" },
	{ CLI_MODE_CONFIG, 0, "interface ",
	  CLI_M_OK,
	  "  tunnel-ip  Tunnel-IP interface\n" },
	{ CLI_MODE_CONFIG, 0, "interface Tunnel-IP ",
	  CLI_M_OK,
	  "  <0-65535>  Tunnel-IP interface number\n" },
	{ CLI_MODE_CONFIG, CFG_R_INTERFACE, "ipv4 address 192.0.2.1 ",
	  CLI_M_OK,
	  "  A.B.C.D  IPv4 subnet mask\n" },
	{ CLI_MODE_CONFIG, CFG_R_INTERFACE, "tunnel ",
	  CLI_M_OK,
	  "  destination  Destination of the tunnel\n"
	  "  mode         Tunnel encapsulation\n"
	  "  protection   Protect the tunnel\n"
	  "  source       Source of the tunnel\n" },
	{ CLI_MODE_CONFIG, CFG_R_PEER, "pre-shared-key ",
	  CLI_M_OK,
	  "  WORD      The pre-shared key (1-128 characters)\n"
	  "  clear     The key that follows is in clear text\n"
	  "  local     Key this system authenticates with\n"
	  "  password  The key that follows is encrypted (type 7)\n"
	  "  remote    Key the peer authenticates with\n" },
	{ CLI_MODE_CONFIG, 0, "ipsec transform-set T transform esp-256-aes ",
	  CLI_M_OK,
	  "  esp-hmac-sha-1    ESP with HMAC-SHA1-96\n"
	  "  esp-hmac-sha-256  ESP with HMAC-SHA256-128\n"
	  "  esp-hmac-sha-384  ESP with HMAC-SHA384-192\n"
	  "  esp-hmac-sha-512  ESP with HMAC-SHA512-256\n"
	  "  esp-hmac-sha1     ESP with HMAC-SHA1-96\n" },
	{ CLI_MODE_EXEC, 0, "sh",
	  CLI_M_OK,
	  "  show  Show running system information\n" },
	{ CLI_MODE_EXEC, 0, "show ikev2 session ",
	  CLI_M_OK,
	  "  detail  Detailed information\n"
	  "  <cr>\n" },
	{ CLI_MODE_EXEC, 0, "terminal length ",
	  CLI_M_OK,
	  "  <0-512>  Number of lines on screen (0 for no pausing)\n" },
	{ CLI_MODE_EXEC, 0, "configure ",
	  CLI_M_OK,
	  "  exclusive  Configure exclusively (lock out other sessions' "
	  "commits)\n"
	  "  terminal   Configure from the terminal\n"
	  "  <cr>\n" },
	{ CLI_MODE_CONFIG, 0, "commit label L ",
	  CLI_M_OK,
	  "  best-effort  Commit the configuration changes that are valid "
	  "(best effort)\n"
	  "  check        Validate the changes without committing them\n"
	  "  comment      Assign a comment to this commit\n"
	  "  confirmed    Rollback this commit unless there is a confirming "
	  "commit\n"
	  "  force        Override the memory checks\n"
	  "  replace      Replace the contents of running configuration\n"
	  "  show-error   Show the errors if the commit fails\n"
	  "  <cr>\n" },
	{ CLI_MODE_CONFIG, 0, "interface tunnel-ip1 description ",
	  CLI_M_OK,
	  "  LINE  Description (up to 240 characters)\n" },
	/* After an AEAD cipher the line may end; nothing else is offered. */
	{ CLI_MODE_CONFIG, 0, "ipsec transform-set T transform esp-g",
	  CLI_M_OK,
	  "  esp-gcm-128  ESP with 128-bit AES-GCM (16-octet ICV)\n"
	  "  esp-gcm-256  ESP with 256-bit AES-GCM (16-octet ICV)\n" },
	{ CLI_MODE_CONFIG, 0, "ipsec transform-set T transform esp-gcm-128 ",
	  CLI_M_OK,
	  "  <cr>\n" },
	/* Errors before the ? are reported, not listed. */
	{ CLI_MODE_EXEC, 0, "shw ", CLI_M_NOMATCH, NULL },
	{ CLI_MODE_CONFIG, 0, "ikev2 p ", CLI_M_AMBIGUOUS, NULL },
	{ CLI_MODE_CONFIG, 0, "zz", CLI_M_OK, "" },
};

START_TEST(test_help_table)
{
	const struct hcase	*c = &cases[_i];
	struct cli_match	*m = cli_match_new();
	struct cli_helplist	*hl = malloc(sizeof(*hl));
	struct cli_tokens	 tk;
	struct cli_scope	 sc;
	char			 out[4096];
	size_t			 e;
	int			 st;

	cli_tokenize(c->text, strlen(c->text), &tk, &e);
	sc.cmds = cli_cmds;
	sc.ncmds = cli_ncmds;
	sc.mode = c->mode;
	sc.cfg_parent = c->mode == CLI_MODE_CONFIG ? c->parent : -1;
	sc.items = NULL;
	st = cli_match_help(m, &sc, &tk, hl);
	ck_assert_msg(st == c->status, "'%s?': status %d", c->text, st);
	if (c->want) {
		ck_assert_int_eq(cli_help_format(hl, out, sizeof(out)), 0);
		ck_assert_msg(strcmp(out, c->want) == 0, "'%s?' lists:\n%s",
		    c->text, out);
	}
	free(hl);
	cli_match_free(m);
}
END_TEST

START_TEST(test_top_level_config_help_lists_every_command)
{
	struct cli_match	*m = cli_match_new();
	struct cli_helplist	*hl = malloc(sizeof(*hl));
	struct cli_tokens	 tk;
	struct cli_scope	 sc = { cli_cmds, cli_ncmds, CLI_MODE_CONFIG, 0,
				    NULL };
	const char		*want[] = { "commit", "crypto", "do", "end",
				    "exit", "hostname", "ikev2", "interface",
				    "ipsec", "keyring", "no", "platform", "root",
				    "router", "show", "abort", "load", "line",
				    "logging" };
	size_t			 e, i, j;

	cli_tokenize("", 0, &tk, &e);
	ck_assert_int_eq(cli_match_help(m, &sc, &tk, hl), CLI_M_OK);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		for (j = 0; j < hl->n; j++)
			if (strcmp(hl->e[j].word, want[i]) == 0)
				break;
		ck_assert_msg(j < hl->n, "no '%s' in the help", want[i]);
	}
	/* No <cr> on an empty line; sorted. */
	for (j = 1; j < hl->n; j++)
		ck_assert_int_lt(strcmp(hl->e[j - 1].word, hl->e[j].word), 0);
	free(hl);
	cli_match_free(m);
}
END_TEST

static Suite *
help_suite(void)
{
	Suite	*s = suite_create("help");
	TCase	*tc = tcase_create("help");

	tcase_add_loop_test(tc, test_help_table, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_top_level_config_help_lists_every_command);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(help_suite());
	int	 nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? 0 : 1;
}
