/*
 * Commands that move between modes or change the candidate: configure,
 * exit, end, root, abort, do, no, commit (with its questions and IOS XR
 * messages), load, save, and the terminal settings.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "cli/shell_priv.h"
#include "common/ctl_client.h"

/* The table of open sessions IOS XR prints when configure starts. */
static void
session_table(struct cli_shell *sh)
{
	struct cfg_session_info	*v = NULL;
	size_t			 n = 0, i, others = 0;
	char			 err[256], date[64];
	struct tm		 tm;
	time_t			 t;

	if (cfg_session_list(sh->store, &v, &n, err, sizeof(err)) == -1)
		return;
	for (i = 0; i < n; i++)
		if (v[i].id != cfg_session_id(sh->sess))
			others++;
	if (others > 0) {
		sh_printf(sh, "%-31s%-11s%-9s%-25s%s\n",
		    "Current Configuration Session", "Line", "User", "Date",
		    "Lock");
		for (i = 0; i < n; i++) {
			t = (time_t)v[i].started;
			localtime_r(&t, &tm);
			strftime(date, sizeof(date), "%a %b %e %H:%M:%S %Y", &tm);
			sh_printf(sh, "%08llx-%08x-%08llx     %-11.10s%-9.8s%-25s"
			    "%s\n", (unsigned long long)v[i].id,
			    (unsigned)v[i].pid,
			    (unsigned long long)v[i].base_gen, v[i].line,
			    v[i].user, date, v[i].exclusive ? "*" : "");
		}
	}
	cfg_session_info_free(v, n);
}

CMD_HANDLER(cmd_configure)
{
	int	excl = cli_match_arg(m, "exclusive") != NULL;

	if (sh_config_enter(sh, excl) == -1)
		return -1;
	session_table(sh);
	return 0;
}

CMD_HANDLER(cmd_quit)
{
	(void)m;
	sh->done = 1;
	return 0;
}

CMD_HANDLER(cmd_exit)
{
	(void)m;
	if (sh->depth > 1) {
		sh_pop_to(sh, sh->depth - 1);
		return 0;
	}
	return sh_leave_ask(sh);
}

CMD_HANDLER(cmd_end)
{
	(void)m;
	return sh_leave_ask(sh);
}

CMD_HANDLER(cmd_root)
{
	(void)m;
	sh_pop_to(sh, 1);
	return 0;
}

CMD_HANDLER(cmd_abort)
{
	char	err[256];
	int	rc = 0;

	(void)m;
	if (cfg_session_discard(sh->sess, err, sizeof(err)) == -1)
		rc = sh_error(sh, "%s", err);
	sh_config_leave(sh);
	return rc;
}

CMD_HANDLER(cmd_do)
{
	size_t	i;

	for (i = 0; i < m->nb; i++)
		if (m->b[i].tok->type == CFG_TT_ARG &&
		    strcmp(m->b[i].tok->word, "LINE") == 0)
			return sh_run_exec(sh, m->b[i].tokidx);
	return sh_error(sh, "Incomplete command.");
}

CMD_HANDLER(cmd_no)
{
	return sh_apply_config(sh, m, sh->match_level, 1);
}

/* The running configuration's header (`show running-config`). */
void
sh_config_header(struct cli_shell *sh, int last_change)
{
	struct cfg_commit_info	*v = NULL;
	size_t			 n = 0;
	char			 err[256], date[64];
	struct tm		 tm;
	time_t			 t;

	sh_puts(sh, "Building configuration...\n");
	sh_puts(sh, "!! IOS XR Configuration " CFG_IOSXR_VERSION "\n");
	if (!last_change)
		return;
	if (cfg_history_list(sh->store, 1, &v, &n, err, sizeof(err)) == 0 &&
	    n > 0) {
		t = (time_t)v[0].time;
		localtime_r(&t, &tm);
		strftime(date, sizeof(date), "%a %b %e %H:%M:%S %Y", &tm);
		sh_printf(sh, "!! Last configuration change at %s by %s\n", date,
		    v[0].user);
	} else
		sh_puts(sh, "!! No configuration change since last restart\n");
	cfg_history_list_free(v, n);
	sh_puts(sh, "!\n");
}

void
sh_notify(struct cli_shell *sh, uint64_t gen, uint64_t id)
{
	struct ctl_reply	 reply;
	const char		*obj, *err;
	char			 e[256];
	size_t			 i;
	int			 rc;

	memset(&reply, 0, sizeof(reply));
	rc = ctl_notify_commit(sh->sockpath, gen, id, &reply, e, sizeof(e));
	if (rc == CTL_NOT_RUNNING)
		return;
	if (rc == -1) {
		sh_printf(sh, "%% Warning: mgmtsecd was not told about this "
		    "commit: %s\n", e);
		return;
	}
	for (i = 0; i < reply.nrecs; i++) {
		obj = ctl_rec_str(reply.recs[i], CTL_K_OBJECT);
		err = ctl_rec_str(reply.recs[i], CTL_K_ERROR);
		if (err)
			sh_printf(sh, "%% Warning: mgmtsecd: %s: %s\n",
			    obj ? obj : "?", err);
	}
	if (reply.status != CTL_ST_OK)
		sh_printf(sh, "%% Warning: mgmtsecd did not apply the "
		    "configuration: %s\n", reply.message);
	ctl_reply_clear(&reply);
}

static void
show_failed(struct cli_shell *sh)
{
	const struct cfg_errors	*errs;
	const struct cfg_items	*items = NULL;

	errs = cfg_session_failed(sh->sess, &items);
	if (errs == NULL || items == NULL || cfg_errors_count(errs) == 0)
		return;
	sh_puts(sh, "!! SEMANTIC ERRORS: This configuration was rejected by\n"
	    "!! the system due to semantic errors. The individual\n"
	    "!! errors with each failed configuration command can be\n"
	    "!! found below.\n\n");
	cfg_render_errors(items, errs, &sh->out);
	sh_puts(sh, "end\n");
}

int
sh_commit(struct cli_shell *sh, const struct cfg_commit_opts *in,
    int show_error)
{
	struct cfg_commit_opts		opts = *in;
	struct cfg_commit_result	res;
	char				ans[64], err[512];
	uint64_t			gen0 = 0;
	int				rc, conflict;

	if ((conflict = cfg_session_conflict(sh->sess, err,
	    sizeof(err))) == -1 || cfg_store_generation(sh->store, &gen0, err,
	    sizeof(err)) == -1)
		return sh_error(sh, "%s", err);
	if (conflict == 1) {
		sh_puts(sh, "One or more commits have occurred from other "
		    "configuration sessions since this session started or since "
		    "the last commit was made from this session. You can use the "
		    "'show configuration commit changes' command to browse the "
		    "changes.\n");
		if (sh_ask(sh, "Do you wish to proceed with this commit anyway? "
		    "[no]:", ans, sizeof(ans)) == -1 ||
		    (strcmp(ans, "yes") != 0 && strcmp(ans, "y") != 0))
			return 0;
	}
	rc = cfg_commit(sh->sess, &opts, &res, err, sizeof(err));
	if (res.expired)
		sh_puts(sh, "% A confirmed commit was not confirmed in time and "
		    "was rolled back before this commit\n");
	switch (res.status) {
	case CFG_COMMIT_DONE:
		if (res.skipped)
			sh_printf(sh, "%% %zu change(s) were left out (best effort): "
			    "'show configuration failed' says why\n", res.skipped);
		break;
	case CFG_COMMIT_NOCHANGE:
		sh_puts(sh, "% No configuration changes to commit.\n");
		break;
	case CFG_COMMIT_CONFIRMED:
	case CFG_COMMIT_CHECKED:
		break;
	case CFG_COMMIT_INVALID:
		sh_puts(sh, "\n");
		rc = sh_error(sh, "Failed to commit one or more configuration "
		    "items during a pseudo-atomic operation. All changes made "
		    "have been reverted. Please issue 'show configuration failed "
		    "[inheritance]' from this session to view the errors");
		if (show_error)
			show_failed(sh);
		return rc;
	default:
		return sh_error(sh, "%s", err);
	}
	if (res.status == CFG_COMMIT_DONE || res.expired) {
		/*
		 * Right after a commit the candidate is running.  When this
		 * commit was the only one since the last read, with every
		 * edit taken, the mirror already holds it; else one read
		 * refreshes it.
		 */
		if (conflict || res.expired || res.skipped ||
		    (opts.flags & CFG_COMMIT_REPLACE) ||
		    res.generation != gen0 + 1)
			sh_cand_refresh(sh);
		sh_hostname_from(sh, sh->cand);
		sh_notify(sh, res.generation, res.id);
	}
	return rc == -1 ? -1 : 0;
}

CMD_HANDLER(cmd_commit)
{
	struct cfg_commit_opts	 opts;
	const char		*s;
	char			 ans[64];

	memset(&opts, 0, sizeof(opts));
	opts.label = cli_match_arg(m, "LABEL");
	opts.comment = cli_match_arg(m, "COMMENT");
	if (cli_match_arg(m, "confirmed")) {
		opts.confirm_secs = CFG_CONFIRM_DEFAULT_SECS;
		if ((s = cli_match_arg(m, "SECONDS")) != NULL)
			opts.confirm_secs = (uint32_t)strtoul(s, NULL, 10);
		if ((s = cli_match_arg(m, "MINUTES")) != NULL)
			opts.confirm_secs = (uint32_t)strtoul(s, NULL, 10) * 60;
	}
	if (cli_match_arg(m, "best-effort"))
		opts.flags |= CFG_COMMIT_BEST_EFFORT;
	if (cli_match_arg(m, "check"))
		opts.flags |= CFG_COMMIT_CHECK;
	if (cli_match_arg(m, "replace")) {
		sh_puts(sh, "This commit will replace or remove the entire "
		    "running configuration. This\noperation can be service "
		    "affecting.\n");
		if (sh_ask(sh, "Do you wish to proceed? [no]:", ans,
		    sizeof(ans)) == -1 || (strcmp(ans, "yes") != 0 &&
		    strcmp(ans, "y") != 0))
			return 0;
		opts.flags |= CFG_COMMIT_REPLACE;
	}
	return sh_commit(sh, &opts, cli_match_arg(m, "show-error") != NULL);
}

CMD_HANDLER(cmd_terminal)
{
	const char	*v;

	if ((v = cli_match_arg(m, "LINES")) != NULL)
		sh->term_len = (unsigned)strtoul(v, NULL, 10);
	else if ((v = cli_match_arg(m, "COLUMNS")) != NULL)
		sh->term_width = (unsigned)strtoul(v, NULL, 10);
	else if (cli_match_arg(m, "no-timestamp"))
		sh->timestamps = 0;
	else if (cli_match_arg(m, "timestamp"))
		sh->timestamps = 1;
	return 0;
}

/* `load FILE`: merges a file's lines into the candidate. */
CMD_HANDLER(cmd_load)
{
	const char	*p = cli_match_arg(m, "FILE");
	char		*path, *line = NULL, *save_err, full[4352], err[512];
	size_t		 cap = 0, lineno = 0, bytes = 0, bad = 0, depth;
	struct cli_level saved[CLI_MAX_DEPTH];
	ssize_t		 n;
	FILE		*f;
	int		 rc = 0;

	if (p == NULL)
		return sh_error(sh, "Out of memory");
	if (cli_hd_resolve(sh->hddir, p, full, sizeof(full), err,
	    sizeof(err)) == -1)
		return sh_error(sh, "%s", err);
	if ((path = strdup(p)) == NULL)
		return sh_error(sh, "Out of memory");
	if ((f = fopen(full, "r")) == NULL) {
		rc = sh_error(sh, "Cannot open %s: %s", path, strerror(errno));
		free(path);
		return rc;
	}
	sh_puts(sh, "Loading.\n");
	sh_flush(sh);
	buf_reset(&sh->loadfail);
	/* The file loads from (config)#, whatever submode we are in. */
	depth = sh->depth;
	memcpy(saved, sh->lev, sizeof(saved));
	sh->depth = 1;
	sh->loading = 1;
	if ((save_err = malloc(sizeof(sh->lasterr))) == NULL) {
		fclose(f);
		free(path);
		return sh_error(sh, "Out of memory");
	}
	while ((n = getline(&line, &cap, f)) != -1) {
		lineno++;
		bytes += (size_t)n;
		/* Quiet: the file's errors go to `show configuration failed
		 * load`, not to the terminal. */
		buf_reset(&sh->out);
		if (sh_run_text(sh, line, (size_t)n) == -1) {
			bad++;
			buf_printf(&sh->loadfail, "%.*s", (int)n, line);
			if (n == 0 || line[n - 1] != '\n')
				buf_add(&sh->loadfail, "\n", 1);
		}
		buf_reset(&sh->out);
	}
	free(line);
	fclose(f);
	free(save_err);
	sh->loading = 0;
	/* Back to the submode we loaded from (the file's own mode changes
	 * are the file's business). */
	sh_pop_to(sh, 1);
	sh->depth = depth;
	memcpy(sh->lev, saved, sizeof(saved));
	sh_printf(sh, "%zu bytes parsed in 1 sec (%zu)bytes/sec\n", bytes,
	    bytes);
	if (bad > 0)
		rc = sh_error(sh, "Syntax/Authorization errors in one or more "
		    "commands. Please use 'show configuration failed load "
		    "[detail]' to view errors.");
	free(path);
	return rc;
}

/*
 * Writes running (running != 0) or this session's candidate to the file
 * arg names (a path, or harddisk:NAME), in the form `load` reads back.
 */
int
sh_save_config(struct cli_shell *sh, int running, const char *arg)
{
	struct cfg_items	*cfg = NULL;
	struct buf		 b = { 0 };
	char			 path[4352], err[512];
	int			 fd, rc = -1;

	if (cli_hd_resolve(sh->hddir, arg, path, sizeof(path), err,
	    sizeof(err)) == -1)
		return sh_error(sh, "%s", err);
	if (strncmp(arg, CLI_HD_PREFIX, strlen(CLI_HD_PREFIX)) == 0 &&
	    cli_hd_mkdir(sh->hddir, err, sizeof(err)) == -1)
		return sh_error(sh, "%s", err);
	if (!running)
		rc = sh_cand_refresh(sh);
	else if ((cfg = cfg_items_new()) == NULL)
		rc = sh_error(sh, "Out of memory");
	else
		rc = sh_running(sh, cfg);
	if (rc == -1)
		goto out;
	buf_printf(&b, "!! IOS XR Configuration " CFG_IOSXR_VERSION "\n!\n");
	if (cfg_render(running ? cfg : sh->cand, NULL, &b, NULL) == -1 ||
	    buf_add(&b, "end\n", 4) == -1) {
		rc = sh_error(sh, "Out of memory");
		goto out;
	}
	/* The file may hold pre-shared keys: not for other users. */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || write(fd, b.data, b.len) != (ssize_t)b.len) {
		rc = sh_error(sh, "Cannot write %s: %s", arg, strerror(errno));
		if (fd != -1)
			close(fd);
		goto out;
	}
	if (close(fd) == -1) {
		rc = sh_error(sh, "Cannot write %s: %s", arg, strerror(errno));
		goto out;
	}
	sh_printf(sh, "Wrote %zu bytes to %s\n", b.len, arg);
	rc = 0;
out:
	buf_free(&b);
	cfg_items_free(cfg);
	return rc;
}

/* `save configuration FILE`: running (EXEC) or the candidate. */
CMD_HANDLER(cmd_save)
{
	return sh_save_config(sh, sh->sess == NULL, cli_match_arg(m, "FILE"));
}

/* `copy running-config FILE` (EXEC): what automation saves to harddisk:. */
CMD_HANDLER(cmd_copy_running)
{
	return sh_save_config(sh, 1, cli_match_arg(m, "FILE"));
}
