/*
 * Crash safety of the store (SPEC section 4, research/reliability.md F16):
 * a child process commits large changes back and forth between two known
 * configurations A and B and is killed with SIGKILL at a random instant,
 * many times; after each kill the database is opened again and must hold
 * exactly A or B (never a mix), the generation and the newest history
 * record must agree with it, and PRAGMA integrity_check must pass.
 *
 * The child writes 'S' to a pipe just before cfg_commit() and 'D' just
 * after it returns; the parent waits for 'S', sleeps a random time drawn
 * from a seeded PRNG and bounded by about one measured commit, and kills.
 * So most kills land inside the commit, and the summary says how many.
 *
 * Environment: MGMTSEC_CRASH_ITER (default 200), MGMTSEC_CRASH_SEED,
 * MGMTSEC_CRASH_ITEMS (items per configuration, default 3000), TMPDIR.
 */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cfgdb/commit.h"
#include "cfgdb/history.h"
#include "cfgdb/items.h"
#include "cfgdb/store.h"
#include "cfgdb/store_priv.h"

static char			 dir[256], path[300];
static struct cfg_items		*cfg[2];	/* A and B */
static const char *const	 label[2] = { "A", "B" };

/* Fails, keeping the database for a post-mortem. */
#define FAIL(...)	do {						\
	fprintf(stderr, "crash_commit: FAIL: " __VA_ARGS__);		\
	fprintf(stderr, " (database kept in %s)\n", dir);		\
	exit(1);							\
} while (0)

static uint64_t
splitmix(uint64_t *s)
{
	uint64_t	z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int64_t
now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static unsigned long
env_num(const char *name, unsigned long def)
{
	const char	*v = getenv(name);

	return v && *v ? strtoul(v, NULL, 0) : def;
}

/*
 * A and B overlap by half: going from one to the other removes a third of
 * the keys, changes a third and adds a third, with objects and leaves.
 */
static void
make_configs(size_t n)
{
	char	k[64], v[64];
	size_t	i, w;

	for (w = 0; w < 2; w++) {
		if ((cfg[w] = cfg_items_new()) == NULL)
			FAIL("out of memory");
		for (i = w * n / 2; i < n + w * n / 2; i++) {
			snprintf(k, sizeof(k), "object %06zu", i / 4);
			cfg_items_set(cfg[w], k, "");
			snprintf(k, sizeof(k), "object %06zu" CFG_KEY_SEP_STR
			    "leaf %zu", i / 4, i % 4);
			snprintf(v, sizeof(v), "%s-value-%zu", label[w], i);
			if (cfg_items_set(cfg[w], k, v) == -1)
				FAIL("out of memory");
		}
	}
}

/*
 * The store's validator for this test's toy items ("object N", "leaf N"),
 * which are not the grammar's: every item is valid.  Commits still run
 * it, so what is measured includes a validation pass.
 */
static int
toy_validate(void *arg, const struct cfg_items *new,
    const struct cfg_items *old, struct cfg_errors *errs)
{
	(void)arg;
	(void)new;
	(void)old;
	(void)errs;
	return 0;
}

/* Makes running the other one of A/B through a session; 0 or -1. */
static int
commit_to(struct cfg_session *s, int w, int sig_fd, char *err, size_t len)
{
	struct cfg_commit_opts		o = { 0 };
	struct cfg_commit_result	r;

	o.label = label[w];
	o.comment = "crash test";
	if (cfg_session_load(s, cfg[w], err, len) == -1)
		return -1;
	if (sig_fd >= 0 && write(sig_fd, "S", 1) != 1)
		return -1;
	if (cfg_commit(s, &o, &r, err, len) == -1 ||
	    r.status != CFG_COMMIT_DONE)
		return -1;
	if (sig_fd >= 0 && write(sig_fd, "D", 1) != 1)
		return -1;
	return 0;
}

/* Which of A/B running is: 0, 1, or -1 for neither. */
static int
which(const struct cfg_items *run)
{
	if (cfg_items_equal(run, cfg[0]))
		return 0;
	if (cfg_items_equal(run, cfg[1]))
		return 1;
	return -1;
}

/* The child: alternate commits until killed. */
static void
child(int sig_fd, int start)
{
	struct cfg_store	*st;
	struct cfg_session	*s;
	char			 err[256];
	int			 w = start;

	if ((st = cfg_store_open(path, CFG_STORE_NOCREATE, err,
	    sizeof(err))) == NULL ||
	    (s = cfg_session_open(st, "crash", "child", 0, err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "crash_commit: child: %s\n", err);
		_exit(2);
	}
	st_set_validator(st, toy_validate, NULL);
	for (;;) {
		w = !w;
		if (commit_to(s, w, sig_fd, err, sizeof(err)) == -1) {
			fprintf(stderr, "crash_commit: child: %s\n", err);
			_exit(2);
		}
	}
}

/*
 * Opens the store after a kill and checks everything.  Returns which
 * configuration running is.
 */
static int
verify(uint64_t *genp)
{
	struct cfg_store	*st;
	struct cfg_items	*run, *at;
	struct cfg_commit_info	*v;
	char			 err[512];
	uint64_t		 gen;
	size_t			 n;
	int			 w;

	if ((st = cfg_store_open(path, CFG_STORE_NOCREATE, err,
	    sizeof(err))) == NULL)
		FAIL("reopen: %s", err);
	if (cfg_store_check(st, err, sizeof(err)) == -1)
		FAIL("integrity: %s", err);
	run = cfg_items_new();
	at = cfg_items_new();
	if (cfg_store_running(st, run, &gen, err, sizeof(err)) == -1)
		FAIL("read running: %s", err);
	if ((w = which(run)) == -1)
		FAIL("running is neither A nor B (%zu items)",
		    cfg_items_count(run));
	if (cfg_history_list(st, 2, &v, &n, err, sizeof(err)) == -1 ||
	    n == 0)
		FAIL("history: %s", n ? err : "empty");
	if (v[0].generation != gen)
		FAIL("newest history record %" PRIu64 " has generation %"
		    PRIu64 ", running %" PRIu64, v[0].id, v[0].generation,
		    gen);
	if (v[0].label == NULL || strcmp(v[0].label, label[w]) != 0)
		FAIL("newest history record %" PRIu64 " says %s, running is"
		    " %s", v[0].id, v[0].label ? v[0].label : "nothing",
		    label[w]);
	if (v[0].id != CFG_COMMIT_FIRST_ID + gen - 1)
		FAIL("commit ID %" PRIu64 " for generation %" PRIu64,
		    v[0].id, gen);
	/* The history rebuilds the previous configuration too. */
	if (n == 2) {
		if (cfg_history_config_at(st, v[1].id, at, err,
		    sizeof(err)) == -1)
			FAIL("config at %" PRIu64 ": %s", v[1].id, err);
		if (which(at) != !w)
			FAIL("config at %" PRIu64 " is not %s", v[1].id,
			    label[!w]);
	}
	cfg_history_list_free(v, n);
	cfg_items_free(run);
	cfg_items_free(at);
	cfg_store_close(st);
	*genp = gen;
	return w;
}

/* Median duration of a commit between A and B, in microseconds. */
static int64_t
measure(void)
{
	struct cfg_store		*st;
	struct cfg_session		*s;
	struct cfg_commit_opts		 o = { 0 };
	struct cfg_commit_result	 r;
	char				 err[256];
	int64_t				 t[5], x;
	int				 i, j, w = 0;

	if ((st = cfg_store_open(path, 0, err, sizeof(err))) == NULL ||
	    (s = cfg_session_open(st, "crash", "parent", 0, err,
	    sizeof(err))) == NULL)
		FAIL("setup: %s", err);
	st_set_validator(st, toy_validate, NULL);
	if (commit_to(s, 0, -1, err, sizeof(err)) == -1)
		FAIL("first commit: %s", err);
	for (i = 0; i < 5; i++) {
		w = !w;
		o.label = label[w];
		if (cfg_session_load(s, cfg[w], err, sizeof(err)) == -1)
			FAIL("load: %s", err);
		t[i] = now_us();
		if (cfg_commit(s, &o, &r, err, sizeof(err)) == -1)
			FAIL("commit: %s", err);
		t[i] = now_us() - t[i];
	}
	/* Ends on B after an odd number of flips from A: one more. */
	if (commit_to(s, 0, -1, err, sizeof(err)) == -1)
		FAIL("commit: %s", err);
	for (i = 1; i < 5; i++)
		for (j = i; j > 0 && t[j - 1] > t[j]; j--) {
			x = t[j];
			t[j] = t[j - 1];
			t[j - 1] = x;
		}
	cfg_session_close(s);
	cfg_store_close(st);
	return t[2];
}

static int
rm_cb(const char *p, const struct stat *sb, int type, struct FTW *f)
{
	(void)sb;
	(void)f;
	return type == FTW_DP ? rmdir(p) : unlink(p);
}

int
main(void)
{
	unsigned long	 iters = env_num("MGMTSEC_CRASH_ITER", 200);
	unsigned long	 items = env_num("MGMTSEC_CRASH_ITEMS", 3000);
	uint64_t	 seed = env_num("MGMTSEC_CRASH_SEED", 20240607);
	uint64_t	 rng = seed, gen, prev_gen;
	const char	*tmp = getenv("TMPDIR");
	unsigned long	 i, in_commit = 0, in_old = 0, in_new = 0;
	unsigned long	 outside = 0, flips = 0;
	struct pollfd	 pfd;
	struct timespec	 ts;
	int64_t		 t_commit, delay, t0 = now_us();
	char		 bytes[256];
	ssize_t		 nr, k;
	pid_t		 pid;
	int		 p[2], w, status, started, done;

	snprintf(dir, sizeof(dir), "%s/mgmtsec-crash.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		FAIL("mkdtemp: %s", strerror(errno));
	snprintf(path, sizeof(path), "%s/config.db", dir);
	make_configs(items);
	t_commit = measure();
	w = verify(&prev_gen);
	if (w != 0)
		FAIL("setup left %s running", label[w]);

	for (i = 0; i < iters; i++) {
		if (pipe(p) == -1)
			FAIL("pipe: %s", strerror(errno));
		fflush(NULL);
		if ((pid = fork()) == -1)
			FAIL("fork: %s", strerror(errno));
		if (pid == 0) {
			close(p[0]);
			child(p[1], w);
		}
		close(p[1]);
		/* Wait for the child to enter its first commit. */
		pfd.fd = p[0];
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 60000) != 1)
			FAIL("iteration %lu: the child never committed", i);
		/* Up to 1.25 commit durations: most kills land inside. */
		delay = (int64_t)(splitmix(&rng) % (uint64_t)(t_commit * 5 /
		    4 + 1));
		ts.tv_sec = delay / 1000000;
		ts.tv_nsec = (delay % 1000000) * 1000;
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		if (waitpid(pid, &status, 0) != pid)
			FAIL("waitpid: %s", strerror(errno));
		if (!WIFSIGNALED(status))
			FAIL("iteration %lu: the child exited by itself", i);
		started = done = 0;
		while ((nr = read(p[0], bytes, sizeof(bytes))) > 0)
			for (k = 0; k < nr; k++) {
				if (bytes[k] == 'S')
					started++;
				else
					done++;
			}
		close(p[0]);

		k = verify(&gen);
		/* Each finished commit flipped A/B once; an unfinished one
		 * may or may not have (it did iff the generation says so). */
		if (gen < prev_gen + (uint64_t)done ||
		    gen > prev_gen + (uint64_t)started)
			FAIL("iteration %lu: generation %" PRIu64 " after %d"
			    " started and %d finished commits from %" PRIu64,
			    i, gen, started, done, prev_gen);
		if ((int)k != (w ^ (int)((gen - prev_gen) & 1)))
			FAIL("iteration %lu: running is %s, generation says"
			    " otherwise", i, label[k]);
		if (started > done) {
			in_commit++;
			if (gen == prev_gen + (uint64_t)done)
				in_old++;
			else
				in_new++;
		} else
			outside++;
		flips += gen - prev_gen;
		prev_gen = gen;
		w = (int)k;
	}
	printf("crash_commit: seed %" PRIu64 ", %lu items per config, commit"
	    " median %.1f ms\n", seed, items, (double)t_commit / 1000);
	printf("crash_commit: %lu kills: %lu inside cfg_commit (%lu before it"
	    " was durable: old config kept; %lu after: new config), %lu"
	    " between commits; %lu commits completed\n", iters, in_commit,
	    in_old, in_new, outside, flips);
	printf("crash_commit: 0 mixed configs, 0 integrity failures, history"
	    " agreed every time (%.1f s)\n", (double)(now_us() - t0) / 1e6);
	cfg_items_free(cfg[0]);
	cfg_items_free(cfg[1]);
	nftw(dir, rm_cb, 8, FTW_DEPTH | FTW_PHYS);
	return 0;
}
