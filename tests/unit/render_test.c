/*
 * Unit tests for cfgdb/render.c: the running-config text of SPEC section 5
 * (Router 1 exactly as the SPEC prints it), ordering and line rules,
 * object paths, the change listing (`show configuration`), the marker
 * diff and the failed-commit listing.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgdb/commit.h"
#include "cfgdb/render.h"
#include "cli/cfgedit.h"

#define S	CFG_KEY_SEP_STR

/* The seed's Router 1 one-line commands, corrected per SPEC 9. */
static const char router1_lines[] =
    "ikev2 proposal ikev2_proposal_P1 prf sha-256\n"
    "ikev2 proposal ikev2_proposal_P1 dh-group 20\n"
    "ikev2 proposal ikev2_proposal_P1 integrity sha-256\n"
    "ikev2 proposal ikev2_proposal_P1 encryption aes-cbc-256\n"
    "ikev2 policy ikev2_policy_P1 match address local 198.51.100.5\n"
    "ikev2 policy ikev2_policy_P1 match fvr any\n"
    "ikev2 policy ikev2_policy_P1 proposal ikev2_proposal_P1\n"
    "keyring key_mgmt_P1 peer ACADIA-2 address 198.51.100.21 255.255.255.0\n"
    "keyring key_mgmt_P1 peer ACADIA-2 pre-shared-key cisco123\n"
    "ikev2 profile ikev2_prof_mgmt_P1 keyring key_mgmt_P1\n"
    "ikev2 profile ikev2_prof_mgmt_P1 lifetime 600\n"
    "ikev2 profile ikev2_prof_mgmt_P1 authentication local pre-shared\n"
    "ikev2 profile ikev2_prof_mgmt_P1 match identity remote address "
    "198.51.100.21 255.255.255.0\n"
    "ipsec transform-set ts_mgmt_P1 mode tunnel\n"
    "ipsec transform-set ts_mgmt_P1 transform esp-256-aes esp-hmac-sha-256\n"
    "ipsec profile ipsec_prof_mgmt_P1 set ikev2-profile ikev2_prof_mgmt_P1\n"
    "ipsec profile ipsec_prof_mgmt_P1 set pfs group19\n"
    "ipsec profile ipsec_prof_mgmt_P1 set security-association lifetime "
    "seconds 600\n"
    "ipsec profile ipsec_prof_mgmt_P1 set transform-set ts_mgmt_P1\n"
    "interface tunnel-ip1 ipv4 address 192.0.2.1 255.255.255.0\n"
    "interface tunnel-ip1 tunnel mode ipsec ipv4\n"
    "interface tunnel-ip1 tunnel source MgmtEth0/RP0/CPU0/0\n"
    "interface tunnel-ip1 tunnel destination 198.51.100.21\n"
    "interface tunnel-ip1 tunnel protection ipsec profile "
    "ipsec_prof_mgmt_P1\n";

/* SPEC section 5, after the header. */
static const char router1_text[] =
    "ikev2 proposal ikev2_proposal_P1\n"
    " prf sha-256\n"
    " dh-group 20\n"
    " integrity sha-256\n"
    " encryption aes-cbc-256\n"
    "!\n"
    "ikev2 policy ikev2_policy_P1\n"
    " match address local 198.51.100.5\n"
    " proposal ikev2_proposal_P1\n"
    "!\n"
    "keyring key_mgmt_P1\n"
    " peer ACADIA-2\n"
    "  pre-shared-key cisco123\n"
    "  address 198.51.100.21 255.255.255.0\n"
    " !\n"
    "!\n"
    "ikev2 profile ikev2_prof_mgmt_P1\n"
    " authentication local pre-shared\n"
    " keyring key_mgmt_P1\n"
    " lifetime 600\n"
    " match identity remote address 198.51.100.21 255.255.255.0\n"
    "!\n"
    "ipsec transform-set ts_mgmt_P1\n"
    " mode tunnel\n"
    " transform esp-256-aes esp-hmac-sha-256\n"
    "!\n"
    "ipsec profile ipsec_prof_mgmt_P1\n"
    " set ikev2-profile ikev2_prof_mgmt_P1\n"
    " set pfs group19\n"
    " set security-association lifetime seconds 600\n"
    " set transform-set ts_mgmt_P1\n"
    "!\n"
    "interface tunnel-ip1\n"
    " ipv4 address 192.0.2.1 255.255.255.0\n"
    " tunnel mode ipsec ipv4\n"
    " tunnel source MgmtEth0/RP0/CPU0/0\n"
    " tunnel destination 198.51.100.21\n"
    " tunnel protection ipsec profile ipsec_prof_mgmt_P1\n"
    "!\n";

static struct cfg_items *
parse(const char *text)
{
	struct cfg_items	*it = cfg_items_new();
	char			 err[256];

	if (cli_cfg_parse_text(text, it, err, sizeof(err)) == -1)
		ck_abort_msg("parse: %s", err);
	return it;
}

/* Renders cfg (with an optional path) into a fresh string. */
static char *
render(const struct cfg_items *cfg, const struct cfg_path *path,
    size_t *nlines)
{
	struct buf	b = { 0 };
	char		*s;

	ck_assert_int_eq(cfg_render(cfg, path, &b, nlines), 0);
	s = strdup(b.data ? (char *)b.data : "");
	buf_free(&b);
	return s;
}

START_TEST(test_router1_renders_exactly_as_spec_section_5)
{
	struct cfg_items	*it = parse(router1_lines);
	char			*got = render(it, NULL, NULL);

	ck_assert_str_eq(got, router1_text);
	free(got);
	cfg_items_free(it);
}
END_TEST

START_TEST(test_expected_text_is_the_specs)
{
	FILE	*f;
	char	 path[1024], line[512];
	struct buf b = { 0 };
	int	 in = 0;

	/* The text above must stay the SPEC's: compare when it is there. */
	snprintf(path, sizeof(path), "%s/SPEC.md", getenv("SHARED_DIR") ?
	    getenv("SHARED_DIR") : SHARED_DIR);
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strcmp(line, "ikev2 proposal ikev2_proposal_P1\n") == 0)
			in = 1;
		if (in && strcmp(line, "end\n") == 0)
			break;
		if (in)
			buf_add(&b, line, strlen(line));
	}
	fclose(f);
	ck_assert_ptr_nonnull(b.data);
	ck_assert_str_eq((char *)b.data, router1_text);
	buf_free(&b);
}
END_TEST

START_TEST(test_kinds_order_and_sorting)
{
	struct cfg_items	*it = parse(
	    "platform interface-map MgmtEth0/RP0/CPU0/0 eth0\n"
	    "router static address-family ipv4 unicast 10.0.0.0/8 tunnel-ip10\n"
	    "router static address-family ipv4 unicast 9.0.0.0/8 tunnel-ip2\n"
	    "interface tunnel-ip10 shutdown\n"
	    "interface tunnel-ip2 description two\n"
	    "interface tunnel-ip2 mtu 1400\n"
	    "interface tunnel-ip2 tunnel destination 198.51.100.9\n"
	    "ipsec transform-set b transform esp-128-aes esp-hmac-sha1\n"
	    "ipsec transform-set a mode tunnel\n"
	    "crypto ca trustpoint TP ca-certificate /x.pem\n"
	    "ikev2 profile P match identity remote address 198.51.100.21\n"
	    "ikev2 profile P match identity remote address 198.51.100.3\n"
	    "ikev2 profile P dpd 10 2\n"
	    "ikev2 policy Z proposal p2 p1\n"
	    "ikev2 policy Z match address local 198.51.100.9\n"
	    "ikev2 policy Z match address local 198.51.100.10\n"
	    "ikev2 proposal B prf sha-1\n"
	    "ikev2 proposal A encryption aes-cbc-128\n"
	    "ikev2 proposal A encryption aes-cbc-256\n"
	    "hostname r1\n");
	char			*got = render(it, NULL, NULL);

	ck_assert_str_eq(got,
	    "hostname r1\n"
	    "ikev2 proposal A\n encryption aes-cbc-128 aes-cbc-256\n!\n"
	    "ikev2 proposal B\n prf sha-1\n!\n"
	    "ikev2 policy Z\n"
	    " match address local 198.51.100.9\n"
	    " match address local 198.51.100.10\n"
	    " proposal p2\n proposal p1\n!\n"
	    "ikev2 profile P\n"
	    " match identity remote address 198.51.100.3\n"
	    " match identity remote address 198.51.100.21\n"
	    " dpd 10 2\n!\n"
	    "crypto ca trustpoint TP\n ca-certificate /x.pem\n!\n"
	    "ipsec transform-set a\n mode tunnel\n!\n"
	    "ipsec transform-set b\n transform esp-128-aes esp-hmac-sha1\n!\n"
	    "interface tunnel-ip2\n tunnel destination 198.51.100.9\n"
	    " description two\n mtu 1400\n!\n"
	    "interface tunnel-ip10\n shutdown\n!\n"
	    "router static\n address-family ipv4 unicast\n"
	    "  9.0.0.0/8 tunnel-ip2\n  10.0.0.0/8 tunnel-ip10\n !\n!\n"
	    "platform interface-map MgmtEth0/RP0/CPU0/0 eth0\n");
	free(got);
	cfg_items_free(it);
}
END_TEST

START_TEST(test_paths)
{
	struct cfg_items	*it = parse(router1_lines);
	struct cfg_path		 p;
	char			*got;
	size_t			 n;

	p.n = 1;
	p.row[0] = cfg_row(CFG_R_PROPOSAL);
	p.comp[0] = "ikev2 proposal ikev2_proposal_P1";
	got = render(it, &p, &n);
	ck_assert_str_eq(got, "ikev2 proposal ikev2_proposal_P1\n prf sha-256\n"
	    " dh-group 20\n integrity sha-256\n encryption aes-cbc-256\n!\n");
	ck_assert_uint_eq(n, 6);
	free(got);
	/* All interfaces; one leaf with its parent. */
	p.row[0] = cfg_row(CFG_R_INTERFACE);
	p.comp[0] = NULL;
	got = render(it, &p, &n);
	ck_assert_uint_eq(n, 7);
	free(got);
	p.n = 2;
	p.comp[0] = "interface tunnel-ip1";
	p.row[1] = cfg_row(CFG_R_IF_TDST);
	p.comp[1] = "tunnel destination";
	got = render(it, &p, &n);
	ck_assert_str_eq(got, "interface tunnel-ip1\n"
	    " tunnel destination 198.51.100.21\n!\n");
	free(got);
	/* Nothing there: nothing printed. */
	p.row[1] = cfg_row(CFG_R_IF_DESC);
	p.comp[1] = "description";
	got = render(it, &p, &n);
	ck_assert_str_eq(got, "");
	ck_assert_uint_eq(n, 0);
	free(got);
	p.n = 1;
	p.row[0] = cfg_row(CFG_R_PROPOSAL);
	p.comp[0] = "ikev2 proposal nope";
	got = render(it, &p, &n);
	ck_assert_uint_eq(n, 0);
	free(got);
	cfg_items_free(it);
}
END_TEST

/*
 * cfg_render_walk() drawn back as text (indent per level, `!` closing a
 * block it keeps) must give cfg_render()'s text: same lines, same order,
 * same path rule.  Dropped blocks are unwound from the buffer.
 */
struct redraw {
	struct buf	b;
	size_t		depth;
	size_t		start[16];	/* b.len where each open block began */
	size_t		opens, drops;
};

static void
redraw_line(struct redraw *r, const char *line)
{
	size_t	i;

	for (i = 0; i < r->depth; i++)
		buf_add(&r->b, " ", 1);
	buf_printf(&r->b, "%s\n", line);
}

static int
redraw_open(void *arg, const char *line)
{
	struct redraw	*r = arg;

	ck_assert_uint_lt(r->depth, 16);
	r->start[r->depth] = r->b.len;
	redraw_line(r, line);
	r->depth++;
	r->opens++;
	return 0;
}

static int
redraw_leaf(void *arg, const char *line)
{
	ck_assert_ptr_null(strchr(line, '\n'));
	redraw_line(arg, line);
	return 0;
}

static int
redraw_close(void *arg, int keep)
{
	struct redraw	*r = arg;

	ck_assert_uint_gt(r->depth, 0);
	r->depth--;
	if (!keep) {
		r->b.len = r->start[r->depth];
		r->drops++;
	} else
		redraw_line(r, "!");
	return 0;
}

static const struct cfg_render_ops redraw_ops = {
	redraw_open, redraw_leaf, redraw_close
};

/* The walk of cfg on path redrawn; *drops gets the dropped blocks. */
static char *
walk(const struct cfg_items *cfg, const struct cfg_path *path, size_t *drops)
{
	struct redraw	r;
	char		*s;

	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(cfg_render_walk(cfg, path, &redraw_ops, &r), 0);
	ck_assert_uint_eq(r.depth, 0);
	buf_add_u8(&r.b, 0);
	s = strdup((char *)r.b.data);
	buf_free(&r.b);
	if (drops)
		*drops = r.drops;
	return s;
}

START_TEST(test_walk_is_the_text)
{
	struct cfg_items	*it = parse(router1_lines);
	struct cfg_path		 p;
	char			*a, *b;
	size_t			 drops;

	a = walk(it, NULL, NULL);
	ck_assert_str_eq(a, router1_text);
	free(a);
	/* Paths: all interfaces, one leaf, one that matches nothing. */
	p.n = 1;
	p.row[0] = cfg_row(CFG_R_INTERFACE);
	p.comp[0] = NULL;
	a = walk(it, &p, NULL);
	b = render(it, &p, NULL);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	p.n = 2;
	p.comp[0] = "interface tunnel-ip1";
	p.row[1] = cfg_row(CFG_R_IF_DESC);
	p.comp[1] = "description";
	a = walk(it, &p, &drops);
	ck_assert_str_eq(a, "");
	ck_assert_uint_eq(drops, 1);
	free(a);
	cfg_items_free(it);
	/* One line per value, nested blocks. */
	it = parse("ikev2 policy Z proposal p2 p1\n"
	    "router static address-family ipv4 unicast 10.0.0.0/8 tunnel-ip10\n"
	    "hostname r1\n");
	a = walk(it, NULL, NULL);
	b = render(it, NULL, NULL);
	ck_assert_str_eq(a, b);
	ck_assert_ptr_nonnull(strstr(a, " proposal p2\n proposal p1\n"));
	free(a);
	free(b);
	cfg_items_free(it);
}
END_TEST

static char *
changes(const char *old, const char *new, int diff)
{
	struct cfg_items	*a = parse(old), *b = parse(new);
	struct buf		 o = { 0 };
	char			*s;

	if (diff)
		ck_assert_int_eq(cfg_render_diff(a, b, &o), 0);
	else
		ck_assert_int_eq(cfg_render_changes(a, b, &o), 0);
	s = strdup(o.data ? (char *)o.data : "");
	buf_free(&o);
	cfg_items_free(a);
	cfg_items_free(b);
	return s;
}

START_TEST(test_changes_are_lines_that_reapply)
{
	char	*s;

	s = changes(router1_lines, router1_lines, 0);
	ck_assert_str_eq(s, "");
	free(s);
	s = changes("hostname a\nikev2 proposal P prf sha-1\n"
	    "ikev2 proposal P encryption aes-cbc-128\n"
	    "ikev2 policy Q match address local 198.51.100.1\n"
	    "ikev2 policy Q match address local 198.51.100.2\n"
	    "keyring K peer A address 198.51.100.7 255.255.255.255\n"
	    "interface tunnel-ip1 shutdown\n",
	    "hostname b\nikev2 proposal P prf sha-1 sha-256\n"
	    "ikev2 policy Q match address local 198.51.100.2\n"
	    "ikev2 policy Q match address local 198.51.100.3\n"
	    "interface tunnel-ip1 description x\n"
	    "ikev2 proposal N dh-group 19\n", 0);
	ck_assert_str_eq(s,
	    "hostname b\n"
	    "ikev2 proposal N\n dh-group 19\n!\n"
	    "ikev2 proposal P\n prf sha-256\n no encryption\n!\n"
	    "ikev2 policy Q\n no match address local 198.51.100.1\n"
	    " match address local 198.51.100.3\n!\n"
	    "no keyring K\n"
	    "interface tunnel-ip1\n no shutdown\n description x\n!\n");
	free(s);
	/* A reordered one-line list: no, then the whole list. */
	s = changes("ikev2 proposal P prf sha-1 sha-256\n",
	    "ikev2 proposal P prf sha-256 sha-1\n", 0);
	ck_assert_str_eq(s, "ikev2 proposal P\n no prf\n prf sha-256 sha-1\n!\n");
	free(s);
}
END_TEST

START_TEST(test_diff_markers)
{
	char	*s;

	s = changes("hostname a\nikev2 proposal P prf sha-1\n"
	    "ikev2 proposal P encryption aes-cbc-128\n"
	    "ikev2 policy Q match address local 198.51.100.1\n"
	    "keyring K peer A address 198.51.100.7 255.255.255.255\n",
	    "hostname b\nikev2 proposal P prf sha-256\n"
	    "ikev2 proposal P encryption aes-cbc-128\n"
	    "ikev2 policy Q match address local 198.51.100.1\n"
	    "ikev2 policy Q match address local 198.51.100.3\n"
	    "interface tunnel-ip1 shutdown\n", 1);
	ck_assert_str_eq(s,
	    "<- hostname a\n"
	    "+> hostname b\n"
	    "   ikev2 proposal P\n"
	    "<-  prf sha-1\n"
	    "+>  prf sha-256\n"
	    "   !\n"
	    "   ikev2 policy Q\n"
	    "+   match address local 198.51.100.3\n"
	    "   !\n"
	    "-  keyring K\n"
	    "-   peer A\n"
	    "-    address 198.51.100.7 255.255.255.255\n"
	    "-   !\n"
	    "-  !\n"
	    "+  interface tunnel-ip1\n"
	    "+   shutdown\n"
	    "+  !\n");
	free(s);
}
END_TEST

START_TEST(test_failed_listing_with_parents)
{
	struct cfg_items	*it = parse(router1_lines);
	struct cfg_errors	*e = cfg_errors_new();
	struct buf		 o = { 0 };

	cfg_errors_add(e, "interface tunnel-ip1" S "tunnel destination",
	    "second reason");
	cfg_errors_add(e, "keyring key_mgmt_P1" S "peer ACADIA-2" S "address",
	    "peer reason");
	cfg_errors_add(e, "interface tunnel-ip1" S "tunnel destination",
	    "third reason");
	cfg_errors_add(e, "ikev2 proposal gone", "deleted reason");
	cfg_errors_add(e, "ikev2 profile ikev2_prof_mgmt_P1", "object reason");
	ck_assert_int_eq(cfg_render_errors(it, e, &o), 0);
	ck_assert_str_eq((char *)o.data,
	    "no ikev2 proposal gone\n"
	    "!!% deleted reason\n"
	    "keyring key_mgmt_P1\n"
	    " peer ACADIA-2\n"
	    "  address 198.51.100.21 255.255.255.0\n"
	    "!!% peer reason\n"
	    " !\n"
	    "!\n"
	    "ikev2 profile ikev2_prof_mgmt_P1\n"
	    "!!% object reason\n"
	    "!\n"
	    "interface tunnel-ip1\n"
	    " tunnel destination 198.51.100.21\n"
	    "!!% second reason\n"
	    "!!% third reason\n"
	    "!\n");
	buf_free(&o);
	cfg_errors_free(e);
	cfg_items_free(it);
}
END_TEST

START_TEST(test_item_line)
{
	struct cfg_items	*it = parse(router1_lines);
	char			 l[256];

	ck_assert_int_eq(cfg_render_item_line(it, "ikev2 proposal "
	    "ikev2_proposal_P1" S "prf", l, sizeof(l)), 0);
	ck_assert_str_eq(l, "prf sha-256");
	ck_assert_int_eq(cfg_render_item_line(it, "keyring gone", l,
	    sizeof(l)), 0);
	ck_assert_str_eq(l, "no keyring gone");
	cfg_items_free(it);
}
END_TEST

static Suite *
render_suite(void)
{
	Suite	*s = suite_create("render");
	TCase	*tc = tcase_create("render");

	tcase_add_test(tc, test_router1_renders_exactly_as_spec_section_5);
	tcase_add_test(tc, test_expected_text_is_the_specs);
	tcase_add_test(tc, test_kinds_order_and_sorting);
	tcase_add_test(tc, test_paths);
	tcase_add_test(tc, test_walk_is_the_text);
	tcase_add_test(tc, test_changes_are_lines_that_reapply);
	tcase_add_test(tc, test_diff_markers);
	tcase_add_test(tc, test_failed_listing_with_parents);
	tcase_add_test(tc, test_item_line);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(render_suite());
	int	 nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? 0 : 1;
}
