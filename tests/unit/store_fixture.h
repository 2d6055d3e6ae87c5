/*
 * Test fixture for the store's unit tests: a fresh private folder per
 * test holding the database, removed afterwards; a settable clock; and a
 * toy validator standing in for the grammar layer as the store's
 * validator.
 */
#ifndef TESTS_UNIT_STORE_FIXTURE_H
#define TESTS_UNIT_STORE_FIXTURE_H

#include <check.h>
#include <ftw.h>
#include <stdint.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfgdb/commit.h"
#include "cfgdb/history.h"
#include "cfgdb/items.h"
#include "cfgdb/store.h"
#include "cfgdb/store_priv.h"

#define K2(a, b)	a CFG_KEY_SEP_STR b
#define K3(a, b, c)	a CFG_KEY_SEP_STR b CFG_KEY_SEP_STR c

#define FX_UNUSED	__attribute__((unused))

struct fx {
	char	dir[256];
	char	path[1024];
	char	err[512];
	int64_t	now;
};

static struct fx	fx;

static FX_UNUSED int
fx_rm(const char *p, const struct stat *sb, int type, struct FTW *f)
{
	(void)sb;
	(void)f;
	if (type == FTW_DP)
		return rmdir(p);
	return unlink(p);
}

static FX_UNUSED void
fx_setup(void)
{
	const char	*tmp = getenv("TMPDIR");

	memset(&fx, 0, sizeof(fx));
	snprintf(fx.dir, sizeof(fx.dir), "%s/mgmtsec-store.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(fx.dir));
	snprintf(fx.path, sizeof(fx.path), "%s/config.db", fx.dir);
	fx.now = 1700000000;
}

static FX_UNUSED void
fx_teardown(void)
{
	nftw(fx.dir, fx_rm, 8, FTW_DEPTH | FTW_PHYS);
}

static FX_UNUSED int64_t
fx_clock(void *arg)
{
	return *(int64_t *)arg;
}

static int	fx_validate(void *, const struct cfg_items *,
		    const struct cfg_items *, struct cfg_errors *);

/*
 * Opens the fixture's database with the fixture's clock; its commits
 * validate with the toy grammar's rules (fx_validate).
 */
static FX_UNUSED struct cfg_store *
fx_open(void)
{
	struct cfg_store	*st;

	st = cfg_store_open(fx.path, 0, fx.err, sizeof(fx.err));
	ck_assert_msg(st != NULL, "open: %s", fx.err);
	cfg_store_set_clock(st, fx_clock, &fx.now);
	st_set_validator(st, fx_validate, NULL);
	return st;
}

static FX_UNUSED struct cfg_session *
fx_session(struct cfg_store *st, const char *user, int exclusive)
{
	struct cfg_session	*s;

	s = cfg_session_open(st, user, "vty0", exclusive, fx.err,
	    sizeof(fx.err));
	ck_assert_msg(s != NULL, "session: %s", fx.err);
	return s;
}

static FX_UNUSED void
fx_set(struct cfg_session *s, const char *k, const char *v)
{
	ck_assert_msg(cfg_session_set(s, k, v, fx.err, sizeof(fx.err)) == 0,
	    "set: %s", fx.err);
}

static FX_UNUSED void
fx_del(struct cfg_session *s, const char *k)
{
	ck_assert_msg(cfg_session_delete(s, k, fx.err, sizeof(fx.err)) == 0,
	    "delete: %s", fx.err);
}

/* Commits with opts (may be NULL) and returns the result status. */
static FX_UNUSED enum cfg_commit_status
fx_commit(struct cfg_session *s, const struct cfg_commit_opts *o,
    struct cfg_commit_result *r)
{
	struct cfg_commit_result	tmp;

	if (r == NULL)
		r = &tmp;
	cfg_commit(s, o, r, fx.err, sizeof(fx.err));
	return r->status;
}

/* Running as "k=v;k=v;" in key order, with CFG_KEY_SEP shown as '/'. */
static FX_UNUSED char *
fx_dump(const struct cfg_items *it)
{
	static char		 out[8192];
	const struct cfg_item	*v;
	size_t			 n, i, l = 0;
	char			*p;

	out[0] = 0;
	v = cfg_items_sorted(it, &n);
	for (i = 0; i < n && l < sizeof(out) - 1; i++)
		l += (size_t)snprintf(out + l, sizeof(out) - l, "%s=%s;",
		    v[i].key, v[i].value);
	for (p = out; *p; p++)
		if (*p == CFG_KEY_SEP)
			*p = '/';
	return out;
}

static FX_UNUSED char *
fx_running(struct cfg_store *st)
{
	struct cfg_items	*it = cfg_items_new();
	char			*s;

	ck_assert_int_eq(cfg_store_running(st, it, NULL, fx.err,
	    sizeof(fx.err)), 0);
	s = fx_dump(it);
	cfg_items_free(it);
	return s;
}

static FX_UNUSED uint64_t
fx_gen(struct cfg_store *st)
{
	uint64_t	gen = 0;

	ck_assert_int_eq(cfg_store_generation(st, &gen, fx.err,
	    sizeof(fx.err)), 0);
	return gen;
}

/*
 * The toy grammar's rules: a value "bad" is an error at its key; an item
 * "ref" must name an existing top-level key; deleting a key a "ref"
 * points at is an error at the deleted key.
 */
static FX_UNUSED int
fx_validate(void *arg, const struct cfg_items *new, const struct cfg_items *old,
    struct cfg_errors *errs)
{
	const struct cfg_item	*v;
	size_t			 n, i;

	(void)arg;
	v = cfg_items_sorted(new, &n);
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].value, "bad") == 0 &&
		    cfg_errors_add(errs, v[i].key, "value is bad") == -1)
			return -1;
		if (strcmp(cfg_key_last(v[i].key), "ref") == 0 &&
		    cfg_items_get(new, v[i].value) == NULL) {
			if (cfg_items_get(old, v[i].value) != NULL) {
				if (cfg_errors_add(errs, v[i].value,
				    "%s is still referenced", v[i].value) == -1)
					return -1;
			} else if (cfg_errors_add(errs, v[i].key,
			    "%s does not exist", v[i].value) == -1)
				return -1;
		}
	}
	return 0;
}

#endif
