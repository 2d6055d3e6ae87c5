/*
 * Unit tests for cli/match.c and cli/cfgedit.c, driven by tables: each
 * line is matched in a mode and checked for its status, the word the
 * caret points at, the command it selects, and the item edits it makes.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgdb/items.h"
#include "cli/cfgedit.h"
#include "cli/cmdtab.h"
#include "cli/match.h"
#include "common/buf.h"

#define X	CLI_MODE_EXEC
#define C	CLI_MODE_CONFIG
#define OK	CLI_M_OK
#define INC	CLI_M_INCOMPLETE
#define AMB	CLI_M_AMBIGUOUS
#define BAD	CLI_M_NOMATCH

struct mcase {
	unsigned	 mode;
	int		 parent;	/* submode row (config), or 0 */
	const char	*line;
	int		 status;
	size_t		 errtok;	/* for AMB and BAD */
	const char	*cmd;		/* exec command, or NULL */
	const char	*edits;		/* what the line does to an empty
					 * configuration (NULL: no check) */
};

static const struct mcase cases[] = {
	/* Abbreviation and case of keywords. */
	{ X, 0, "conf t", OK, 0, "configure", NULL },
	{ X, 0, "CONFIGURE TERMINAL", OK, 0, "configure", NULL },
	{ X, 0, "conf", OK, 0, "configure", NULL },
	{ X, 0, "configure excl", OK, 0, "configure exclusive", NULL },
	{ X, 0, "sh run", OK, 0, "show running-config", NULL },
	{ X, 0, "sh conf com li 5 det", OK, 0,
	    "show configuration commit list", NULL },
	{ X, 0, "show configuration commit list detail", OK, 0,
	    "show configuration commit list", NULL },
	{ X, 0, "term len 0", OK, 0, "terminal length", NULL },
	{ X, 0, "terminal exec prompt no-timestamp", OK, 0,
	    "terminal exec prompt no-timestamp", NULL },
	{ X, 0, "rollback configuration last 2", OK, 0,
	    "rollback configuration last", NULL },
	{ X, 0, "rollback configuration 1000000003", OK, 0,
	    "rollback configuration", NULL },
	{ X, 0, "show ipsec sa interface Tunnel-IP 1 detail", OK, 0,
	    "show ipsec sa interface", NULL },
	{ X, 0, "clear ikev2 sa remote 198.51.100.21", OK, 0,
	    "clear ikev2 sa remote", NULL },
	/* Errors in EXEC mode, with the word the caret points at. */
	{ X, 0, "how running-config", BAD, 0, NULL, NULL },
	{ X, 0, "show runnin-config", BAD, 1, NULL, NULL },
	{ X, 0, "s", AMB, 0, NULL, NULL },
	{ X, 0, "show", INC, 0, NULL, NULL },
	{ X, 0, "show ikev2", INC, 0, NULL, NULL },
	{ X, 0, "show ikev2 s", AMB, 2, NULL, NULL },
	{ X, 0, "terminal length 513", BAD, 2, NULL, NULL },
	{ X, 0, "commit", BAD, 0, NULL, NULL },
	{ X, 0, "hostname r1", BAD, 0, NULL, NULL },
	{ X, 0, "rollback configuration 999", BAD, 2, NULL, NULL },
	/* show running-config PATH walks the schema, heads only. */
	{ X, 0, "show running-config ikev2 proposal P1", OK, 0,
	    "show running-config", NULL },
	{ X, 0, "show running-config ikev2 proposal", OK, 0,
	    "show running-config", NULL },
	{ X, 0, "show run interface tunnel-ip1 tunnel destination", OK, 0,
	    "show running-config", NULL },
	{ X, 0, "show run ikev2", INC, 0, NULL, NULL },
	{ X, 0, "show run ikev2 proposal P1 prf sha-1", BAD, 6, NULL, NULL },
	{ X, 0, "show run logging console", BAD, 2, NULL, NULL },

	/* The seed's one-line commands from (config)#. */
	{ C, 0, "ikev2 proposal ikev2_proposal_P1 prf sha-256", OK, 0, NULL,
	    "set ikev2 proposal ikev2_proposal_P1=;"
	    "set ikev2 proposal ikev2_proposal_P1/prf=sha-256;" },
	{ C, 0, "ikev2 policy ikev2_policy_P1 match fvr any", OK, 0, NULL,
	    "set ikev2 policy ikev2_policy_P1=;"
	    "set ikev2 policy ikev2_policy_P1/match fvrf=any;" },
	{ C, 0, "keyring key_mgmt_P1 peer ACADIA-2 address 198.51.100.21 "
	    "255.255.255.0", OK, 0, NULL,
	    "set keyring key_mgmt_P1=;set keyring key_mgmt_P1/peer ACADIA-2=;"
	    "set keyring key_mgmt_P1/peer ACADIA-2/address=198.51.100.21 "
	    "255.255.255.0;" },
	{ C, 0, "ikev2 profile X match identity remote address 198.51.100.21 "
	    "255.255.255.0", OK, 0, NULL,
	    "set ikev2 profile X=;set ikev2 profile X/match identity remote "
	    "address 198.51.100.21=255.255.255.0;" },
	{ C, 0, "ipsec transform-set T transform esp-256-aes esp-hmac-sha-1",
	    OK, 0, NULL, "set ipsec transform-set T=;"
	    "set ipsec transform-set T/transform=esp-256-aes esp-hmac-sha1;" },
	/* An AEAD cipher stands alone; AUTH after it is left to validation. */
	{ C, 0, "ipsec transform-set T transform esp-gcm-128", OK, 0, NULL,
	    "set ipsec transform-set T=;"
	    "set ipsec transform-set T/transform=esp-gcm-128;" },
	{ C, 0, "ipsec transform-set T transform esp-gcm-256 esp-hmac-sha1",
	    OK, 0, NULL, "set ipsec transform-set T=;"
	    "set ipsec transform-set T/transform=esp-gcm-256 esp-hmac-sha1;" },
	{ C, 0, "ipsec profile I set security-association lifetime seconds 600",
	    OK, 0, NULL, "set ipsec profile I=;"
	    "set ipsec profile I/set security-association lifetime seconds="
	    "600;" },
	{ C, 0, "interface Tunnel-IP 1 ipv4 address 192.0.2.1/24", OK, 0, NULL,
	    "set interface tunnel-ip1=;"
	    "set interface tunnel-ip1/ipv4 address=192.0.2.1 255.255.255.0;" },
	{ C, 0, "int tunnel-ip1 tunnel source mgmteth0/rp0/cpu0/0", OK, 0,
	    NULL, "set interface tunnel-ip1=;"
	    "set interface tunnel-ip1/tunnel source=MgmtEth0/RP0/CPU0/0;" },
	{ C, 0, "interface tunnel-ip1 description to r2  via  eth0", OK, 0,
	    NULL, "set interface tunnel-ip1=;"
	    "set interface tunnel-ip1/description=to r2  via  eth0;" },
	{ C, 0, "router static address-family ipv4 unicast 10.0.0.0/8 "
	    "tunnel-ip1 192.0.2.2", OK, 0, NULL,
	    "set router static=;set router static/address-family ipv4 "
	    "unicast=;set router static/address-family ipv4 unicast/10.0.0.0/8 "
	    "tunnel-ip1=192.0.2.2;" },
	{ C, 0, "crypto ca trustpoint TP ca-certificate /etc/ca.pem", OK, 0,
	    NULL, "set crypto ca trustpoint TP=;"
	    "set crypto ca trustpoint TP/ca-certificate=/etc/ca.pem;" },
	{ C, 0, "platform interface-map MgmtEth0/RP0/CPU0/0 eth0", OK, 0, NULL,
	    "set platform interface-map MgmtEth0/RP0/CPU0/0=eth0;" },
	{ C, 0, "hostname R1", OK, 0, NULL, "set hostname=R1;" },
	/* Pre-shared key forms: keywords win over a key only by prefix. */
	{ C, CFG_R_PEER, "pre-shared-key cisco123", OK, 0, NULL,
	    "set pre-shared-key=cisco123;" },
	{ C, CFG_R_PEER, "pre-shared-key lo k1", OK, 0, NULL,
	    "set pre-shared-key local=k1;" },
	{ C, CFG_R_PEER, "pre-shared-key password 1511021F0725", OK, 0, NULL,
	    "set pre-shared-key=password 1511021F0725;" },
	/* Multi-valued items: lines add, in order, without repeats. */
	{ C, CFG_R_PROPOSAL, "encryption aes-cbc-256 aes-cbc-128 aes-cbc-256",
	    OK, 0, NULL, "set encryption=aes-cbc-256 aes-cbc-128;" },
	{ C, CFG_R_PROPOSAL, "dh-group 19 21", OK, 0, NULL,
	    "set dh-group=19 21;" },
	/* Objects enter their submode; noops do nothing. */
	{ C, 0, "ikev2 proposal P2", OK, 0, NULL,
	    "set ikev2 proposal P2=;" },
	{ C, 0, "no logging console", OK, 0, "no", "" },
	{ C, 0, "logging console disable", OK, 0, NULL, "" },
	{ C, 0, "exec-timeout 0 0", OK, 0, NULL, "" },
	{ C, 0, "line default", OK, 0, NULL, "" },
	/* `no` forms: any command, values optional. */
	{ C, 0, "no ikev2 proposal P1", OK, 0, "no",
	    "del ikev2 proposal P1;" },
	{ C, 0, "no keyring K peer A pre-shared-key", OK, 0, "no",
	    "del keyring K/peer A/pre-shared-key;" },
	{ C, CFG_R_INTERFACE, "no shutdown", OK, 0, "no", "del shutdown;" },
	{ C, CFG_R_INTERFACE, "no tunnel destination 1.2.3.4", OK, 0, "no",
	    "del tunnel destination;" },
	{ C, 0, "no ikev2 proposal", INC, 0, NULL, NULL },
	/* Commit options in any order. */
	{ C, 0, "commit", OK, 0, "commit", NULL },
	{ C, 0, "commit label L1 confirmed minutes 5 comment the rest",
	    OK, 0, "commit", NULL },
	{ C, 0, "commit replace best-effort", OK, 0, "commit", NULL },
	{ C, 0, "commit confirmed", OK, 0, "commit", NULL },
	{ C, 0, "commit confirmed 29", BAD, 2, NULL, NULL },
	{ C, 0, "commit label", INC, 0, NULL, NULL },
	{ C, 0, "commit label a label b", BAD, 3, NULL, NULL },
	/* Config errors, and where the caret goes. */
	{ C, 0, "ikev2 proposl P1", BAD, 1, NULL, NULL },
	{ C, 0, "ikev2 p P1", AMB, 1, NULL, NULL },
	{ C, 0, "ikev2 proposal P1 prf sha-257", BAD, 4, NULL, NULL },
	{ C, 0, "ikev2 proposal P1 prf", INC, 0, NULL, NULL },
	{ C, 0, "ikev2 proposal P1 dh-group 1", BAD, 4, NULL, NULL },
	{ C, 0, "ikev2 proposal bad/name", BAD, 2, NULL, NULL },
	{ C, 0, "ikev2 profile P lifetime 119", BAD, 4, NULL, NULL },
	{ C, 0, "ikev2 profile P dpd 10", INC, 0, NULL, NULL },
	{ C, 0, "interface tunnel-ip 70000", BAD, 2, NULL, NULL },
	{ C, 0, "interface tunnel-ip1 ipv4 address 192.0.2.1", INC, 0, NULL,
	    NULL },
	{ C, 0, "ipsec profile set ikev2 profile X", BAD, 3, NULL, NULL },
	{ C, 0, "crypto ikev2 proposal P", BAD, 1, NULL, NULL },
	/* Names are case-sensitive, keywords are not. */
	{ C, 0, "IKEV2 PROPOSAL Mixed_Case PRF SHA-1", OK, 0, NULL,
	    "set ikev2 proposal Mixed_Case=;"
	    "set ikev2 proposal Mixed_Case/prf=sha-1;" },
	/* Submode-only lines do not match at the top. */
	{ C, 0, "prf sha-1", BAD, 0, NULL, NULL },
	{ C, CFG_R_PROPOSAL, "prf sha-1", OK, 0, NULL, "set prf=sha-1;" },
	{ C, CFG_R_PROPOSAL, "exit", OK, 0, "exit", NULL },
	{ C, CFG_R_PROPOSAL, "do show run", OK, 0, "do", NULL },
	{ C, 0, "show", OK, 0, "show", NULL },
	{ C, 0, "show commit changes diff", OK, 0, "show commit changes diff",
	    NULL },
};

/* Records edits as text: "set KEY=VALUE;" / "del KEY;", '/' for the
 * separator. */
static void
put_key(struct buf *b, const char *k)
{
	for (; *k; k++)
		buf_add(b, *k == CFG_KEY_SEP ? "/" : k, 1);
}

static int
rec_set(void *arg, const char *key, const char *value)
{
	buf_printf(arg, "set ");
	put_key(arg, key);
	buf_printf(arg, "=%s;", value);
	return 0;
}

static int
rec_del(void *arg, const char *key)
{
	buf_printf(arg, "del ");
	put_key(arg, key);
	buf_printf(arg, ";");
	return 0;
}

START_TEST(test_match_table)
{
	const struct mcase	*c = &cases[_i];
	struct cli_match	*m = cli_match_new();
	struct cli_tokens	 tk;
	struct cli_scope	 sc;
	struct buf		 b = { 0 };
	struct cfg_edit_ops	 ops = { rec_set, rec_del, &b, 0 };
	size_t			 erroff;
	int			 st, neg;

	ck_assert_int_eq(cli_tokenize(c->line, strlen(c->line), &tk,
	    &erroff), 0);
	sc.cmds = cli_cmds;
	sc.ncmds = cli_ncmds;
	sc.mode = c->mode;
	sc.cfg_parent = c->mode == C ? c->parent : -1;
	sc.items = NULL;
	st = cli_match_line(m, &sc, &tk);
	ck_assert_msg(st == c->status, "'%s': status %d, want %d (errtok %zu)",
	    c->line, st, c->status, m->errtok);
	if (st == BAD || st == AMB)
		ck_assert_msg(m->errtok == c->errtok, "'%s': caret at word %zu, "
		    "want %zu", c->line, m->errtok, c->errtok);
	if (st != OK)
		goto out;
	if (c->cmd)
		ck_assert_msg(m->cmd && strcmp(m->cmd->name, c->cmd) == 0,
		    "'%s': command %s, want %s", c->line,
		    m->cmd ? m->cmd->name : "(config line)", c->cmd);
	else
		ck_assert_msg(m->cmd == NULL, "'%s': matched command %s",
		    c->line, m->cmd->name);
	if (c->edits) {
		neg = m->cmd && strcmp(m->cmd->name, "no") == 0;
		ck_assert_int_eq(cli_cfgline_apply(m, "", neg, NULL, &ops, NULL),
		    0);
		ck_assert_str_eq(b.data ? (char *)b.data : "", c->edits);
	}
out:
	buf_free(&b);
	cli_match_free(m);
}
END_TEST

START_TEST(test_tokenizer_offsets_and_limits)
{
	struct cli_tokens	tk;
	char			line[600];
	size_t			erroff, i;

	ck_assert_int_eq(cli_tokenize("  sh\trun  ", 10, &tk, &erroff), 0);
	ck_assert_uint_eq(tk.n, 2);
	ck_assert_uint_eq(tk.t[0].off, 2);
	ck_assert_uint_eq(tk.t[0].len, 2);
	ck_assert_uint_eq(tk.t[1].off, 5);
	ck_assert_int_eq(tk.trailing, 1);
	for (i = 0; i < 300; i++) {
		line[2 * i] = 'a';
		line[2 * i + 1] = ' ';
	}
	ck_assert_int_eq(cli_tokenize(line, 600, &tk, &erroff), -1);
	ck_assert_uint_eq(erroff, 2 * CLI_MAX_TOKENS);
}
END_TEST

/*
 * Matches line in the proposal submode with m and returns the edits it
 * makes to it, as text, applied as a `no` form when neg is set.
 */
static const char *
proposal_line(struct cli_match *m, struct cfg_items *it, const char *line,
    int neg, struct buf *b)
{
	struct cli_scope	 sc = { cli_cmds, cli_ncmds, C, CFG_R_PROPOSAL,
				    NULL };
	struct cfg_edit_ops	 ops = { rec_set, rec_del, b, 0 };
	struct cli_tokens	 tk;
	size_t			 e;

	buf_reset(b);
	cli_tokenize(line, strlen(line), &tk, &e);
	ck_assert_int_eq(cli_match_line(m, &sc, &tk), OK);
	ck_assert_int_eq(cli_cfgline_apply(m, "", neg, it, &ops, NULL), 0);
	return (const char *)b->data;
}

START_TEST(test_multi_merge_and_negation_of_values)
{
	struct cfg_items	*it = cfg_items_new();
	struct cli_match	*m = cli_match_new();
	struct buf		 b = { 0 };

	cfg_items_set(it, "encryption", "aes-cbc-256 aes-cbc-192");
	ck_assert_str_eq(proposal_line(m, it, "encryption aes-cbc-128", 0, &b),
	    "set encryption=aes-cbc-256 aes-cbc-192 aes-cbc-128;");
	ck_assert_str_eq(proposal_line(m, it, "no encryption aes-cbc-256", 1,
	    &b), "set encryption=aes-cbc-192;");
	cfg_items_set(it, "encryption", "aes-cbc-128");
	ck_assert_str_eq(proposal_line(m, it, "no encryption aes-cbc-128", 1,
	    &b), "del encryption;");
	buf_free(&b);
	cli_match_free(m);
	cfg_items_free(it);
}
END_TEST

/*
 * Matches line from the keyring peer submode (config > keyring > peer)
 * and returns the status; *lvl is the level of the mode that matched
 * (0: config).
 */
static int
peer_mode_line(struct cli_match **m, struct cli_match **m2,
    const char *line, size_t *lvl)
{
	const struct cfg_row	*rows[3] = { cfg_row(CFG_R_ROOT),
				    cfg_row(CFG_R_KEYRING), cfg_row(CFG_R_PEER) };
	struct cli_tokens	 tk;
	size_t			 e;

	cli_tokenize(line, strlen(line), &tk, &e);
	return cli_match_config(m, m2, &tk, rows, 3, cli_cmds, cli_ncmds,
	    NULL, lvl);
}

START_TEST(test_submode_fallback_to_enclosing_modes)
{
	struct cli_match	*m = cli_match_new(), *m2 = cli_match_new();
	size_t			 lvl;

	ck_assert_int_eq(peer_mode_line(&m, &m2, "ikev2 profile P keyring K",
	    &lvl), OK);
	ck_assert_uint_eq(lvl, 0);
	ck_assert_int_eq(peer_mode_line(&m, &m2, "peer B", &lvl), OK);
	ck_assert_uint_eq(lvl, 1);
	/* Incomplete in the peer mode beats "no match" further out. */
	ck_assert_int_eq(peer_mode_line(&m, &m2, "address 1.2.3.4", &lvl),
	    INC);
	cli_match_free(m);
	cli_match_free(m2);
}
END_TEST

START_TEST(test_parse_text_pastes_running_config)
{
	struct cfg_items	*it = cfg_items_new();
	char			 err[128];
	const char		*text =
	    "hostname r9\n"
	    "keyring K\n"
	    " peer A\n"
	    "  pre-shared-key k\n"
	    "  address 198.51.100.1 255.255.255.255\n"
	    " !\n"
	    "!\n"
	    "ikev2 proposal P\n"
	    " prf sha-1\n"
	    "exit\n"
	    "interface tunnel-ip2\n"
	    " shutdown\n"
	    " no shutdown\n"
	    " description x\n"
	    "end\n";

	ck_assert_int_eq(cli_cfg_parse_text(text, it, err, sizeof(err)), 0);
	ck_assert_str_eq(cfg_items_get(it, "hostname"), "r9");
	ck_assert_str_eq(cfg_items_get(it, "keyring K" CFG_KEY_SEP_STR
	    "peer A" CFG_KEY_SEP_STR "pre-shared-key"), "k");
	ck_assert_str_eq(cfg_items_get(it, "ikev2 proposal P" CFG_KEY_SEP_STR
	    "prf"), "sha-1");
	ck_assert_ptr_null(cfg_items_get(it, "interface tunnel-ip2"
	    CFG_KEY_SEP_STR "shutdown"));
	ck_assert_uint_eq(cfg_items_count(it), 9);
	ck_assert_int_eq(cli_cfg_parse_text("hostname a\nprf sha-1\n", it, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "line 2: invalid input at word 1");
	cfg_items_free(it);
}
END_TEST

static Suite *
match_suite(void)
{
	Suite	*s = suite_create("match");
	TCase	*tc = tcase_create("match");

	tcase_add_loop_test(tc, test_match_table, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_tokenizer_offsets_and_limits);
	tcase_add_test(tc, test_multi_merge_and_negation_of_values);
	tcase_add_test(tc, test_submode_fallback_to_enclosing_modes);
	tcase_add_test(tc, test_parse_text_pastes_running_config);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(match_suite());
	int	 nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? 0 : 1;
}
