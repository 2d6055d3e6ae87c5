/*
 * bench/commit: the configuration path at scale (SPEC section 11, issue
 * 2).  A generated 10,000-line configuration (proposals, policies,
 * keyrings, profiles, transform sets, IPsec profiles, interfaces; valid,
 * so the commit goes through validation) is fed through the shell in
 * batch mode, on a fresh database per run:
 *
 *   parse   the lines into the session's candidate (lines/s)
 *   commit  the `commit` command (validation, the store's transaction,
 *           re-reading running)
 *   show    `show running-config`
 *   bare    one SQLite transaction writing the same number of rows into
 *           a table like the store's, with the store's pragmas, measured
 *           in the same run: the floor a commit cannot beat
 *
 * It prints the median of each over the runs, and the ratios to the
 * targets (parsing at least 100,000 lines/s; commit within 3x bare).
 * Not a test: nothing here fails on a slow machine.
 *
 * usage: bench/commit [RUNS]   (default 5)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cfgdb/items.h"
#include "cli/cfgedit.h"
#include "cli/shell.h"
#include "common/buf.h"

#define LINES		10000
#define MAXRUNS		50

static size_t	outbytes;
static struct buf captured;
static int	capture;

static void
out_cb(void *arg, const char *s, size_t len)
{
	(void)arg;
	outbytes += len;
	if (capture)
		buf_add(&captured, s, len);
}

static void
diag_cb(void *arg, const char *line)
{
	(void)arg;
	fprintf(stderr, "%s\n", line);
}

static int
ask_cb(void *arg, char *ans, size_t anssz)
{
	(void)arg;
	(void)ans;
	(void)anssz;
	return -1;
}

static int64_t
now_ms(void *arg)
{
	struct timespec	ts;

	(void)arg;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double
mono(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * The configuration, one-line commands.  Tunnels use the benchmarking
 * range 198.18.0.0/15 (RFC 2544) and three IPsec profiles (the seed's
 * limit); every ikev2 profile's keyring and identity cover them.
 */
static void
generate(struct buf *b)
{
	int	i, n = 0;

#define L(...)	do { buf_printf(b, __VA_ARGS__); buf_add(b, "\n", 1); \
		    n++; } while (0)
	for (i = 0; i < 400; i++) {
		L("ikev2 proposal prop%d prf sha-256", i);
		L("ikev2 proposal prop%d dh-group %d", i, 19 + i % 3);
		L("ikev2 proposal prop%d integrity sha-256", i);
		L("ikev2 proposal prop%d encryption aes-cbc-256 aes-cbc-128", i);
	}
	for (i = 0; i < 400; i++) {
		L("ikev2 policy pol%d match address local 192.0.2.%d", i,
		    1 + i % 250);
		L("ikev2 policy pol%d proposal prop%d", i, i);
	}
	for (i = 0; i < 400; i++) {
		L("keyring kr%d peer peer%d address 198.18.0.0 255.254.0.0", i,
		    i);
		L("keyring kr%d peer peer%d pre-shared-key key-%08d", i, i,
		    i * 7919);
	}
	for (i = 0; i < 400; i++) {
		L("ikev2 profile prof%d keyring kr%d", i, i);
		L("ikev2 profile prof%d lifetime %d", i, 600 + i);
		L("ikev2 profile prof%d authentication local pre-shared", i);
		L("ikev2 profile prof%d match identity remote address "
		    "198.18.0.0 255.254.0.0", i);
	}
	for (i = 0; i < 200; i++) {
		L("ipsec transform-set ts%d mode tunnel", i);
		L("ipsec transform-set ts%d transform esp-256-aes "
		    "esp-hmac-sha-256", i);
	}
	for (i = 0; i < 200; i++) {
		L("ipsec profile ips%d set ikev2-profile prof%d", i, i);
		L("ipsec profile ips%d set pfs group%d", i, 19 + i % 3);
		L("ipsec profile ips%d set security-association lifetime "
		    "seconds %d", i, 600 + i);
		L("ipsec profile ips%d set transform-set ts%d", i, i);
	}
	for (i = 0; i < 800; i++) {
		L("interface tunnel-ip%d ipv4 address 10.%d.%d.1/30", i, i / 64,
		    (i % 64) * 4);
		L("interface tunnel-ip%d tunnel mode ipsec ipv4", i);
		L("interface tunnel-ip%d tunnel source MgmtEth0/RP0/CPU0/0", i);
		L("interface tunnel-ip%d tunnel destination 198.18.%d.%d", i,
		    i / 200, 1 + i % 200);
		L("interface tunnel-ip%d tunnel protection ipsec profile ips%d",
		    i, i % 3);
	}
#undef L
	if (n != LINES) {
		fprintf(stderr, "bench/commit: generated %d lines\n", n);
		exit(1);
	}
}

static int
dcmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), dcmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
die_sql(sqlite3 *db, const char *what)
{
	fprintf(stderr, "bench/commit: %s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

/* One transaction writing the items as rows, the store's way. */
static double
bare(const char *path, const struct cfg_items *items)
{
	const struct cfg_item	*v;
	sqlite3			*db;
	sqlite3_stmt		*ins;
	size_t			 n, i;
	double			 t0, t;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		die_sql(db, "open");
	if (sqlite3_exec(db, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;"
	    "CREATE TABLE running (key TEXT PRIMARY KEY NOT NULL,"
	    " value TEXT NOT NULL) WITHOUT ROWID;", NULL, NULL, NULL) !=
	    SQLITE_OK)
		die_sql(db, "setup");
	if (sqlite3_prepare_v2(db, "INSERT INTO running (key, value) "
	    "VALUES (?, ?)", -1, &ins, NULL) != SQLITE_OK)
		die_sql(db, "prepare");
	v = cfg_items_sorted(items, &n);
	t0 = mono();
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		die_sql(db, "begin");
	for (i = 0; i < n; i++) {
		sqlite3_bind_text(ins, 1, v[i].key, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, v[i].value, -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die_sql(db, "insert");
		sqlite3_reset(ins);
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		die_sql(db, "commit");
	t = mono() - t0;
	sqlite3_finalize(ins);
	sqlite3_close(db);
	return t;
}

static void
line(struct cli_shell *sh, const char *l, size_t len, size_t no)
{
	if (cli_shell_line(sh, l, len, no) == -1) {
		fprintf(stderr, "bench/commit: line %zu failed: %.*s\n%.*s", no,
		    (int)len, l, (int)captured.len,
		    captured.data ? (char *)captured.data : "");
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	struct buf		 cfg = { 0 };
	struct cli_opts		 o;
	struct cli_io		 io = { out_cb, diag_cb, ask_cb, now_ms, NULL };
	struct cli_shell	*sh;
	struct cfg_items	*items;
	double			 tp[MAXRUNS], tc[MAXRUNS], ts[MAXRUNS], tb[MAXRUNS];
	double			 mp, mc, msh, mb;
	char			 dir[] = "/tmp/mgmtsec-bench.XXXXXX";
	char			 db[256], bdb[256], err[256], cmd[300];
	const char		*p, *nl;
	size_t			 no, nitems, showbytes = 0;
	int			 runs = argc > 1 ? atoi(argv[1]) : 5, r;

	if (runs < 1 || runs > MAXRUNS) {
		fprintf(stderr, "usage: bench/commit [RUNS (1-%d)]\n", MAXRUNS);
		return 2;
	}
	generate(&cfg);
	/* The item count, from the same grammar layer. */
	if ((items = cfg_items_new()) == NULL ||
	    cli_cfg_parse_text((char *)cfg.data, items, err, sizeof(err)) ==
	    -1) {
		fprintf(stderr, "bench/commit: %s\n", err);
		return 1;
	}
	nitems = cfg_items_count(items);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	for (r = 0; r < runs; r++) {
		snprintf(db, sizeof(db), "%s/config%d.db", dir, r);
		snprintf(bdb, sizeof(bdb), "%s/bare%d.db", dir, r);
		memset(&o, 0, sizeof(o));
		o.dbpath = db;
		o.user = "bench";
		o.line = "batch";
		if ((sh = cli_shell_new(&o, &io, err, sizeof(err))) == NULL) {
			fprintf(stderr, "bench/commit: %s\n", err);
			return 1;
		}
		capture = 1;
		line(sh, "configure", 9, 0);
		buf_reset(&captured);
		tp[r] = mono();
		for (p = (char *)cfg.data, no = 1; *p; p = nl + 1, no++) {
			nl = strchr(p, '\n');
			line(sh, p, (size_t)(nl - p), no);
		}
		tp[r] = mono() - tp[r];
		tc[r] = mono();
		line(sh, "commit", 6, no);
		tc[r] = mono() - tc[r];
		if (captured.len) {
			fprintf(stderr, "bench/commit: the commit said:\n%.*s",
			    (int)captured.len, (char *)captured.data);
			return 1;
		}
		line(sh, "end", 3, no + 1);
		capture = 0;
		outbytes = 0;
		ts[r] = mono();
		line(sh, "show running-config", 19, no + 2);
		ts[r] = mono() - ts[r];
		showbytes = outbytes;
		cli_shell_free(sh);
		tb[r] = bare(bdb, items);
	}
	mp = median(tp, runs);
	mc = median(tc, runs);
	msh = median(ts, runs);
	mb = median(tb, runs);
	printf("bench/commit: %d lines -> %zu items, median of %d runs\n",
	    LINES, nitems, runs);
	printf("  parse into the candidate  %8.1f ms  %9.0f lines/s  "
	    "(target >= 100000: %.2fx)\n", mp * 1e3, LINES / mp,
	    LINES / mp / 100000.0);
	printf("  commit                    %8.1f ms\n", mc * 1e3);
	printf("  bare SQLite transaction   %8.1f ms  (%zu rows, same "
	    "pragmas)\n", mb * 1e3, nitems);
	printf("  commit / bare             %8.2f      (target <= 3)\n",
	    mc / mb);
	printf("  show running-config       %8.1f ms  (%zu bytes)\n", msh * 1e3,
	    showbytes);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench/commit: could not remove %s\n", dir);
	cfg_items_free(items);
	buf_free(&cfg);
	buf_free(&captured);
	return 0;
}
