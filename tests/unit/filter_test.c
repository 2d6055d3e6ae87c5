/*
 * Unit tests for cli/filter.c: parsing `| include/exclude/begin/count/
 * file`, json's place (prefixes, chains, regular expressions with spaces and bars, the
 * word an error points at) and applying them to output text.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/filter.h"

static const char text[] =
    "hostname r1\n"
    "ikev2 proposal P1\n"
    " prf sha-256\n"
    "!\n"
    "ikev2 policy Q\n"
    " proposal P1\n"
    "!\n"
    "end\n";

/* Parses the filters of line and applies them to text. */
static char *
filt(const char *line, int *rc, size_t *errtok)
{
	struct cli_tokens	tk;
	struct cli_filter	f;
	struct buf		o = { 0 };
	char			err[256], *s;
	size_t			e;

	cli_tokenize(line, strlen(line), &tk, &e);
	*rc = cli_filter_parse(&f, &tk, cli_filter_find(&tk), errtok, err,
	    sizeof(err));
	if (*rc == -1)
		return strdup(err);
	ck_assert_int_eq(cli_filter_apply(&f, text, strlen(text), &o, err,
	    sizeof(err)), 0);
	s = strdup(o.data ? (char *)o.data : "");
	buf_free(&o);
	cli_filter_clear(&f);
	return s;
}

/* Checks what line's filters leave of text. */
static void
check_filter(const char *line, const char *want)
{
	int	rc;
	size_t	et;
	char	*s = filt(line, &rc, &et);

	ck_assert_str_eq(s, want);
	free(s);
}

START_TEST(test_filters)
{
	check_filter("show run | include ^ikev2",
	    "ikev2 proposal P1\nikev2 policy Q\n");
	check_filter("show run | inc proposal P1|hostname",
	    "hostname r1\nikev2 proposal P1\n proposal P1\n");
	check_filter("show run | exclude ^ |!",
	    "hostname r1\nikev2 proposal P1\nikev2 policy Q\nend\n");
	check_filter("show run | begin policy",
	    "ikev2 policy Q\n proposal P1\n!\nend\n");
	check_filter("show run | count",
	    "Number of lines which match regexp = 8\n");
	check_filter("show run | include P1 | count",
	    "Number of lines which match regexp = 2\n");
	check_filter("show run | cou ^ [a-z]",
	    "Number of lines which match regexp = 2\n");
}
END_TEST

START_TEST(test_filter_errors)
{
	int	rc;
	size_t	et;
	char	*s;

	s = filt("show run | frob x", &rc, &et);
	ck_assert_int_eq(rc, -1);
	ck_assert_uint_eq(et, 3);
	free(s);
	s = filt("show run | include", &rc, &et);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(s, "Incomplete command.");
	free(s);
	s = filt("show run | include (", &rc, &et);
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_nonnull(strstr(s, "Invalid regular expression"));
	ck_assert_uint_eq(et, 4);
	free(s);
	s = filt("show run | file a b", &rc, &et);
	ck_assert_int_eq(rc, -1);
	ck_assert_uint_eq(et, 5);
	free(s);
	s = filt("show run |", &rc, &et);
	ck_assert_int_eq(rc, -1);
	free(s);
}
END_TEST

START_TEST(test_filter_file_writes_and_shows_nothing)
{
	char	path[] = "/tmp/mgmtsec-filter.XXXXXX", line[128], buf[256];
	int	fd = mkstemp(path), rc;
	size_t	et;
	char	*s;
	FILE	*f;

	ck_assert_int_ne(fd, -1);
	close(fd);
	snprintf(line, sizeof(line), "show run | include ikev2 | file %s",
	    path);
	s = filt(line, &rc, &et);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(s, "");
	free(s);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	buf[fread(buf, 1, sizeof(buf) - 1, f)] = 0;
	fclose(f);
	unlink(path);
	ck_assert_str_eq(buf, "ikev2 proposal P1\nikev2 policy Q\n");
}
END_TEST

/* Parses line's filters: rc, the word an error points at, json. */
static int
parse_json(const char *line, size_t *errtok, size_t *json, size_t *n)
{
	struct cli_tokens	tk;
	struct cli_filter	f;
	char			err[256];
	size_t			e;
	int			rc;

	cli_tokenize(line, strlen(line), &tk, &e);
	rc = cli_filter_parse(&f, &tk, cli_filter_find(&tk), errtok, err,
	    sizeof(err));
	*json = rc == 0 ? f.json : 0;
	*n = rc == 0 ? f.n : 0;
	if (rc == 0)
		cli_filter_clear(&f);
	return rc;
}

START_TEST(test_json_first_and_only_file_after)
{
	size_t	et = 0, js = 0, n = 0;

	ck_assert_int_eq(parse_json("show ikev2 sa | json", &et, &js, &n), 0);
	ck_assert_uint_eq(js, 4);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(parse_json("show ikev2 sa | j", &et, &js, &n), 0);
	ck_assert_uint_eq(js, 4);
	ck_assert_int_eq(parse_json("show run | json | file /tmp/x", &et, &js,
	    &n), 0);
	ck_assert_uint_eq(js, 3);
	ck_assert_uint_eq(n, 1);
	/* Not first: the caret goes under json. */
	ck_assert_int_eq(parse_json("show run | include x | json", &et, &js,
	    &n), -1);
	ck_assert_uint_eq(et, 6);
	/* A line filter after it would cut the document. */
	ck_assert_int_eq(parse_json("show run | json | include x", &et, &js,
	    &n), -1);
	ck_assert_uint_eq(et, 5);
	ck_assert_int_eq(parse_json("show run | json | utility head", &et,
	    &js, &n), -1);
	ck_assert_uint_eq(et, 5);
	ck_assert_int_eq(parse_json("show run | json | json", &et, &js, &n),
	    -1);
	ck_assert_uint_eq(et, 5);
	/* No argument. */
	ck_assert_int_eq(parse_json("show run | json pretty", &et, &js, &n),
	    -1);
	ck_assert_uint_eq(et, 4);
	/* Without json, none is asked. */
	ck_assert_int_eq(parse_json("show run | include x", &et, &js, &n), 0);
	ck_assert_uint_eq(js, 0);
}
END_TEST

static Suite *
filter_suite(void)
{
	Suite	*s = suite_create("filter");
	TCase	*tc = tcase_create("filter");

	tcase_add_test(tc, test_filters);
	tcase_add_test(tc, test_filter_errors);
	tcase_add_test(tc, test_filter_file_writes_and_shows_nothing);
	tcase_add_test(tc, test_json_first_and_only_file_after);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(filter_suite());
	int	 nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? 0 : 1;
}
