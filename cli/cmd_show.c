/*
 * Configuration show commands (SPEC sections 4 and 5): running-config
 * and its object paths, the candidate's changes, the merge, the failed
 * commit, the marker diff, the commit list and each commit's changes,
 * what a rollback would change, the open sessions, plus rollback itself
 * and pruning of the commit database.
 */
#include "config.h"

#include <sys/sysinfo.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/shell_priv.h"

/* Builds the object path of `show running-config PATH` from the match. */
void
sh_config_path(const struct cli_match *m, struct cfg_path *p,
    char comps[][128])
{
	const struct cfg_row	*r;
	struct buf		 head = { 0 };
	size_t			 i = 0, nh, k;
	int			 named;

	p->n = 0;
	while (i < m->nb && m->b[i].row == 0)
		i++;
	while (i < m->nb && p->n < CFG_RENDER_MAXDEPTH) {
		r = cfg_row(m->b[i].row);
		nh = cfg_row_nhead(r);
		buf_reset(&head);
		named = 0;
		for (k = i; k < m->nb && m->b[k].row == r->id; k++) {
			if (!m->b[k].sub && head.len)
				buf_add(&head, " ", 1);
			buf_add(&head, m->b[k].val, strlen(m->b[k].val));
			if ((size_t)(m->b[k].tok - r->toks) + 1 == nh)
				named = 1;
		}
		p->row[p->n] = r;
		if (named && head.data) {
			snprintf(comps[p->n], 128, "%s", (const char *)head.data);
			p->comp[p->n] = comps[p->n];
		} else
			p->comp[p->n] = NULL;
		p->n++;
		i = k;
	}
	buf_free(&head);
}

CMD_HANDLER(cmd_show_running)
{
	struct cfg_items	*run;
	struct cfg_path		 path;
	char			 comps[CFG_RENDER_MAXDEPTH][128];
	size_t			 nl = 0;
	int			 rc = 0;

	if ((run = cfg_items_new()) == NULL)
		return sh_error(sh, "Out of memory");
	if (sh_running(sh, run) == -1) {
		cfg_items_free(run);
		return -1;
	}
	sh_config_path(m, &path, comps);
	if (path.n == 0) {
		sh_config_header(sh, 1);
		if (cfg_render(run, NULL, &sh->out, &nl) == -1)
			rc = sh_error(sh, "Out of memory");
		sh_puts(sh, "end\n\n");
	} else {
		if (cfg_render(run, &path, &sh->out, &nl) == -1)
			rc = sh_error(sh, "Out of memory");
		else if (nl == 0)
			sh_puts(sh, "% No such configuration item(s)\n\n");
	}
	cfg_items_free(run);
	return rc;
}

/*
 * `show configuration` and `show configuration diff`: the candidate
 * against the running it is based on, both from one snapshot, as render
 * draws the pair.
 */
static int
show_against_running(struct cli_shell *sh,
    int (*render)(const struct cfg_items *, const struct cfg_items *,
    struct buf *))
{
	struct cfg_items	*run;
	char			 err[256];
	int			 rc = 0;

	if ((run = cfg_items_new()) == NULL)
		return sh_error(sh, "Out of memory");
	if (cfg_session_candidate(sh->sess, sh->cand, run, err,
	    sizeof(err)) == -1) {
		rc = sh_error(sh, "%s", err);
		goto out;
	}
	sh_config_header(sh, 0);
	if (render(run, sh->cand, &sh->out) == -1)
		rc = sh_error(sh, "Out of memory");
	sh_puts(sh, "end\n");
out:
	cfg_items_free(run);
	return rc;
}

CMD_HANDLER(cmd_show_candidate)
{
	(void)m;
	return show_against_running(sh, cfg_render_changes);
}

CMD_HANDLER(cmd_show_merge)
{
	(void)m;
	if (sh_cand_refresh(sh) == -1)
		return -1;
	sh_config_header(sh, 0);
	if (cfg_render(sh->cand, NULL, &sh->out, NULL) == -1)
		return sh_error(sh, "Out of memory");
	sh_puts(sh, "end\n");
	return 0;
}

CMD_HANDLER(cmd_show_diff)
{
	(void)m;
	return show_against_running(sh, cfg_render_diff);
}

CMD_HANDLER(cmd_show_failed)
{
	const struct cfg_errors	*errs;
	const struct cfg_items	*items = NULL;

	(void)m;
	errs = cfg_session_failed(sh->sess, &items);
	if (errs == NULL || items == NULL || cfg_errors_count(errs) == 0)
		return 0;
	sh_puts(sh, "!! SEMANTIC ERRORS: This configuration was rejected by\n"
	    "!! the system due to semantic errors. The individual\n"
	    "!! errors with each failed configuration command can be\n"
	    "!! found below.\n\n");
	if (cfg_render_errors(items, errs, &sh->out) == -1)
		return sh_error(sh, "Out of memory");
	sh_puts(sh, "end\n");
	return 0;
}

CMD_HANDLER(cmd_show_failed_load)
{
	(void)m;
	if (sh->loadfail.len == 0)
		return 0;
	sh_puts(sh, "!! SYNTAX/AUTHORIZATION ERRORS: This configuration failed "
	    "due to\n!! one or more of the following reasons:\n"
	    "!!  - the entered commands do not exist,\n"
	    "!!  - the entered commands have errors in their syntax,\n"
	    "!!  - the software packages containing the commands are not "
	    "active,\n"
	    "!!  - the current user is not a member of a task-group that has\n"
	    "!!    permissions to use the commands.\n\n");
	buf_add(&sh->out, sh->loadfail.data, sh->loadfail.len);
	return 0;
}

void
sh_fmt_time(int64_t t, char *out, size_t outsz)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	localtime_r(&tt, &tm);
	strftime(out, outsz, "%a %b %e %H:%M:%S %Y", &tm);
}

CMD_HANDLER(cmd_show_commit_list)
{
	struct cfg_commit_info	*v = NULL;
	const char		*s = cli_match_arg(m, "COUNT");
	size_t			 n = 0, i, max = s ? strtoul(s, NULL, 10) : 0;
	char			 err[256], date[64], idb[24];
	const char		*lid;

	if (cfg_history_list(sh->store, max, &v, &n, err, sizeof(err)) == -1)
		return sh_error(sh, "%s", err);
	if (cli_match_arg(m, "detail")) {
		for (i = 0; i < n; i++) {
			sh_fmt_time(v[i].time, date, sizeof(date));
			snprintf(idb, sizeof(idb), "%llu",
			    (unsigned long long)v[i].id);
			sh_printf(sh, "%4zu) %-10s%-27s%-7s%s\n", i + 1,
			    "CommitId:", idb, "Label:",
			    v[i].label ? v[i].label : "NONE");
			sh_printf(sh, "      %-10s%-27s%-7s%s\n", "UserId:",
			    v[i].user, "Line:", v[i].line);
			sh_printf(sh, "      %-10s%-27s%-7s%s\n", "Client:",
			    v[i].client, "Time:", date);
			if (v[i].comment)
				sh_printf(sh, "      %-10s%s\n", "Comment:",
				    v[i].comment);
			sh_puts(sh, "\n");
		}
	} else {
		sh_printf(sh, "%-5s%-22s%-10s%-20s%-12s%s\n", "SNo.", "Label/ID",
		    "User", "Line", "Client", "Time Stamp");
		sh_printf(sh, "%-5s%-22s%-10s%-20s%-12s%s\n", "~~~~", "~~~~~~~~",
		    "~~~~", "~~~~", "~~~~~~", "~~~~~~~~~~");
		for (i = 0; i < n; i++) {
			sh_fmt_time(v[i].time, date, sizeof(date));
			snprintf(idb, sizeof(idb), "%llu",
			    (unsigned long long)v[i].id);
			lid = v[i].label ? v[i].label : idb;
			sh_printf(sh, "%-5zu%-22s%-10.9s%-20.18s%-12s%s\n", i + 1,
			    lid, v[i].user, v[i].line, v[i].client, date);
		}
	}
	cfg_history_list_free(v, n);
	return 0;
}

static int
show_pair(struct cli_shell *sh, struct cfg_items *before,
    struct cfg_items *after)
{
	sh_config_header(sh, 0);
	if (cfg_render_changes(before, after, &sh->out) == -1)
		return sh_error(sh, "Out of memory");
	sh_puts(sh, "end\n");
	return 0;
}

/*
 * The two configurations a change view compares, for the table and for
 * | json alike: SH_PAIR_COMMIT, before and after commit ID (or the last
 * COUNT commits); SH_PAIR_ROLLBACK, running and what `rollback
 * configuration to ID` (or `last COUNT`) would make it.  0 with both
 * the caller's to free, or -1 (printed, nothing to free).
 */
int
sh_change_pair(struct cli_shell *sh, const struct cli_match *m,
    enum sh_pair kind, struct cfg_items **beforep, struct cfg_items **afterp)
{
	struct cfg_items	*a = cfg_items_new(), *b = cfg_items_new();
	const char		*id = cli_match_arg(m, "ID");
	const char		*cnt = cli_match_arg(m, "COUNT");
	char			 err[256];
	int			 rc = 0;

	if (a == NULL || b == NULL)
		rc = sh_error(sh, "Out of memory");
	else if (kind == SH_PAIR_COMMIT) {
		if ((id && cfg_history_changes(sh->store, strtoull(id, NULL,
		    10), a, b, err, sizeof(err)) == -1) || (cnt &&
		    cfg_history_changes_last(sh->store, strtoul(cnt, NULL, 10),
		    a, b, err, sizeof(err)) == -1))
			rc = sh_error(sh, "%s", err);
	} else if (sh_running(sh, a) == -1)
		rc = -1;
	else if (cfg_history_rollback_target(sh->store, id ? CFG_ROLLBACK_TO :
	    CFG_ROLLBACK_LAST, strtoull(id ? id : cnt, NULL, 10), b, err,
	    sizeof(err)) == -1)
		rc = sh_error(sh, "%s", err);
	if (rc == -1) {
		cfg_items_free(a);
		cfg_items_free(b);
		return -1;
	}
	*beforep = a;
	*afterp = b;
	return 0;
}

static int
show_change_pair(struct cli_shell *sh, const struct cli_match *m,
    enum sh_pair kind)
{
	struct cfg_items	*a, *b;
	int			 rc;

	if (sh_change_pair(sh, m, kind, &a, &b) == -1)
		return -1;
	rc = show_pair(sh, a, b);
	cfg_items_free(a);
	cfg_items_free(b);
	return rc;
}

CMD_HANDLER(cmd_show_commit_changes)
{
	return show_change_pair(sh, m, SH_PAIR_COMMIT);
}

CMD_HANDLER(cmd_show_rollback_changes)
{
	return show_change_pair(sh, m, SH_PAIR_ROLLBACK);
}

CMD_HANDLER(cmd_show_sessions)
{
	struct cfg_session_info	*v = NULL;
	size_t			 n = 0, i;
	char			 err[256], date[64];

	(void)m;
	if (cfg_session_list(sh->store, &v, &n, err, sizeof(err)) == -1)
		return sh_error(sh, "%s", err);
	sh_printf(sh, "%-31s%-11s%-9s%-25s%s\n", "Session", "Line", "User",
	    "Date", "Lock");
	for (i = 0; i < n; i++) {
		sh_fmt_time(v[i].started, date, sizeof(date));
		sh_printf(sh, "%-31llu%-11.10s%-9.8s%-25s%s\n",
		    (unsigned long long)v[i].id, v[i].line, v[i].user, date,
		    v[i].exclusive ? "*" : "");
	}
	cfg_session_info_free(v, n);
	return 0;
}

/*
 * IOS XR's layout, which automation parses (../shared/research/iosxr-cli.md:
 * Ansible matches `Version (\S+)$` and `^cisco (.+) \(\) processor`,
 * NAPALM-style parsers `uptime is`), saying what this really is.
 */
CMD_HANDLER(cmd_show_version)
{
	struct sysinfo	si;
	long		up = 0, mb = 0;

	(void)m;
	if (sysinfo(&si) == 0) {
		up = si.uptime;
		mb = (long)((unsigned long long)si.totalram * si.mem_unit >>
		    20);
	}
	sh_printf(sh, "Cisco IOS XR Software, Version %s\n"
	    "mgmtsec %s: IPsec for management traffic in the IOS XR %s "
	    "style; not Cisco software\n\n"
	    "Build Information:\n"
	    " Built By     : mgmtsec\n"
	    " Version      : %s\n"
	    " Label        : mgmtsec-%s\n\n"
	    "cisco mgmtsec () processor with %ldM bytes of memory.\n"
	    "%s uptime is %ld day%s, %ld hour%s, %ld minute%s\n"
	    "Database       : %s\n"
	    "Control socket : %s\n", CFG_IOSXR_VERSION, PACKAGE_VERSION,
	    CFG_IOSXR_VERSION, CFG_IOSXR_VERSION, PACKAGE_VERSION, mb,
	    sh->hostname, up / 86400, up / 86400 == 1 ? "" : "s",
	    up / 3600 % 24, up / 3600 % 24 == 1 ? "" : "s", up / 60 % 60,
	    up / 60 % 60 == 1 ? "" : "s", sh->dbpath, sh->sockpath);
	return 0;
}

CMD_HANDLER(cmd_rollback)
{
	struct cfg_session		*save = sh->sess, *s;
	struct cfg_commit_opts		 opts;
	struct cfg_commit_result	 res;
	struct cfg_items		*run;
	enum cfg_rollback_kind		 kind;
	const char			*id = cli_match_arg(m, "ID");
	const char			*cnt = cli_match_arg(m, "COUNT");
	char				 err[512];
	uint64_t			 arg;
	size_t				 items;
	int64_t				 t0, t1, secs;
	int				 rc = 0;

	if (cnt) {
		kind = CFG_ROLLBACK_LAST;
		arg = strtoull(cnt, NULL, 10);
	} else {
		kind = cli_match_arg(m, "to") ? CFG_ROLLBACK_TO :
		    CFG_ROLLBACK_BEFORE;
		arg = strtoull(id, NULL, 10);
	}
	if ((s = cfg_session_open(sh->store, sh->user, sh->line, 0, err,
	    sizeof(err))) == NULL)
		return sh_error(sh, "%s", err);
	t0 = sh->io.now_ms(sh->io.arg);
	if (cfg_history_rollback_load(s, kind, arg, err, sizeof(err)) == -1) {
		rc = sh_error(sh, "%s", err);
		goto out;
	}
	sh_puts(sh, "\nLoading Rollback Changes.\n");
	t1 = sh->io.now_ms(sh->io.arg);
	secs = (t1 - t0 + 999) / 1000;
	sh_printf(sh, "Loaded Rollback Changes in %lld sec\nCommitting.\n",
	    (long long)(secs < 1 ? 1 : secs));
	memset(&opts, 0, sizeof(opts));
	opts.client = CFG_CLIENT_ROLLBACK;
	/* The commit routine of this shell works on sh->sess. */
	sh->sess = s;
	if (cfg_commit(s, &opts, &res, err, sizeof(err)) == -1) {
		if (res.status == CFG_COMMIT_INVALID) {
			rc = sh_error(sh, "Failed to complete rollback operation: "
			    "the configuration it restores fails validation");
		} else
			rc = sh_error(sh, "Failed to complete rollback "
			    "operation: %s", err);
		goto out;
	}
	if (res.status == CFG_COMMIT_NOCHANGE) {
		sh_puts(sh, "% No configuration changes to roll back.\n");
		goto out;
	}
	items = res.added + res.changed + res.removed;
	secs = (sh->io.now_ms(sh->io.arg) - t1 + 999) / 1000;
	if (secs < 1)
		secs = 1;
	sh_printf(sh, "%zu items committed in %lld sec (%lld)items/sec\n"
	    "Updating.\nUpdated Commit database in 1 sec\n", items,
	    (long long)secs, (long long)(items / (size_t)secs));
	if (kind == CFG_ROLLBACK_LAST)
		sh_printf(sh, "Configuration successfully rolled back %llu "
		    "commits.\n", (unsigned long long)arg);
	else if (kind == CFG_ROLLBACK_TO)
		sh_printf(sh, "Configuration successfully rolled back to "
		    "'%llu'.\n", (unsigned long long)arg);
	else
		sh_printf(sh, "Configuration successfully rolled back commit "
		    "'%llu'.\n", (unsigned long long)arg);
	if ((run = cfg_items_new()) != NULL) {
		sh_running(sh, run);
		cfg_items_free(run);
	}
	sh_notify(sh, res.generation, res.id);
out:
	sh->sess = save;
	cfg_session_close(s);
	return rc;
}

CMD_HANDLER(cmd_clear_commits)
{
	const char	*cnt = cli_match_arg(m, "COUNT");
	size_t		 removed = 0;
	char		 err[256];

	if (cfg_history_clear_oldest(sh->store, strtoul(cnt, NULL, 10),
	    &removed, err, sizeof(err)) == -1)
		return sh_error(sh, "%s", err);
	sh_printf(sh, "Deleted %zu rollback point(s)\n", removed);
	return 0;
}
