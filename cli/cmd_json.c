/*
 * `show ... | json` (json_cmds.h): one builder per command, each reading
 * the same data as the command's text handler (the daemon's records, the
 * store's item sets and commit records) and giving it a versioned shape
 * (man/mgmtsec.1, JSON OUTPUT).  Configuration trees come from
 * cfg_render_walk(), the walk running-config's text is printed by, so
 * the lines are the text's lines; change lists come from cfg_items_diff()
 * over the pair the text renders.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysinfo.h>

#include <dirent.h>
#include <errno.h>
#include <unistd.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/json_cmds.h"
#include "cli/json_out.h"
#include "cli/shell_priv.h"
#include "cli/show_if.h"
#include "cli/show_json.h"
#include "common/ctl_client.h"

/* The version of the configuration and system shapes of this file. */
#define CJ_VERSION	1

static int
oom(struct cli_shell *sh, struct json_object *doc)
{
	json_object_put(doc);
	return sh_error(sh, "Out of memory");
}

/*
 * Configuration trees: {"line": "...", "config": [...]} for an object
 * block, {"line": "..."} for a command.
 */

#define TREE_DEPTH	(CFG_RENDER_MAXDEPTH + 2)

struct tree {
	struct json_object	*arr[TREE_DEPTH];	/* "config" arrays */
	size_t			 n;	/* levels open */
	int			 oom;
};

static int
tree_line(struct tree *t, const char *line, int object)
{
	struct json_object	*o;

	if (t->n >= TREE_DEPTH || (o = jo_push_object(t->arr[t->n - 1])) ==
	    NULL || jo_str(o, "line", line) == -1)
		return t->oom = -1;
	if (object && (t->arr[t->n++] = jo_array(o, "config")) == NULL)
		return t->oom = -1;
	return 0;
}

static int
tree_open(void *arg, const char *line)
{
	return tree_line(arg, line, 1);
}

static int
tree_leaf(void *arg, const char *line)
{
	return tree_line(arg, line, 0);
}

static int
tree_close(void *arg, int keep)
{
	struct tree	*t = arg;
	size_t		 last;

	if (t->n <= 1)
		return t->oom = -1;
	t->n--;
	if (!keep) {
		/* The block just opened is the parent array's last entry. */
		last = json_object_array_length(t->arr[t->n - 1]) - 1;
		if (json_object_array_del_idx(t->arr[t->n - 1], last, 1) != 0)
			return t->oom = -1;
	}
	return 0;
}

static const struct cfg_render_ops tree_ops = {
	tree_open, tree_leaf, tree_close
};

/* The configuration of items (on path, may be NULL) as doc's "config". */
static int
config_tree(struct json_object *doc, const struct cfg_items *items,
    const struct cfg_path *path)
{
	struct tree	t;

	memset(&t, 0, sizeof(t));
	if ((t.arr[0] = jo_array(doc, "config")) == NULL)
		return -1;
	t.n = 1;
	if (cfg_render_walk(items, path, &tree_ops, &t) != 0 || t.oom)
		return -1;
	return 0;
}

/* A key's components as an array. */
static int
key_path(struct json_object *o, const char *jkey, const char *key)
{
	struct json_object	*a;
	const char		*p = key, *e;
	char			*c;
	int			 rc = 0;

	if ((a = jo_array(o, jkey)) == NULL)
		return -1;
	while (rc == 0 && *p != '\0') {
		e = strchr(p, CFG_KEY_SEP);
		if (e == NULL)
			e = p + strlen(p);
		if ((c = strndup(p, (size_t)(e - p))) == NULL)
			return -1;
		rc = jo_push_str(a, c);
		free(c);
		p = *e ? e + 1 : e;
	}
	return rc;
}

/*
 * Change lists: {"action": "added"|"removed"|"changed", "path": [...],
 * "value": new or null, "old-value": old or null}, in item key order
 * (parents before children).  Items the text never shows are left out.
 */

struct changes {
	struct json_object	*arr;
};

static int
change_cb(void *arg, const char *key, const char *ov, const char *nv)
{
	struct changes		*c = arg;
	const struct cfg_row	*r = cfg_schema_key_row(key, NULL, 0, NULL);
	struct json_object	*o;
	int			 rc = 0;

	if (r != NULL && (r->rflags & CFG_RF_NEVER))
		return 0;
	if ((o = jo_push_object(c->arr)) == NULL)
		return -1;
	rc |= jo_str(o, "action", ov == NULL ? "added" : nv == NULL ?
	    "removed" : "changed");
	rc |= key_path(o, "path", key);
	rc |= jo_str(o, "value", nv);
	rc |= jo_str(o, "old-value", ov);
	return rc;
}

static int
changes_doc(struct cli_shell *sh, const struct cfg_items *before,
    const struct cfg_items *after, struct json_object **docp)
{
	struct json_object	*doc;
	struct changes		 c;

	if ((doc = jo_doc("config-changes", CJ_VERSION)) == NULL ||
	    (c.arr = jo_array(doc, "changes")) == NULL ||
	    cfg_items_diff(before, after, change_cb, &c) != 0)
		return oom(sh, doc);
	*docp = doc;
	return 0;
}

/*
 * The builders
 */

static int
js_running(struct cli_shell *sh, const struct cli_match *m,
    struct json_object **docp)
{
	struct cfg_items	*run;
	struct json_object	*doc = NULL, *p;
	struct cfg_path		 path;
	char			 comps[CFG_RENDER_MAXDEPTH][128];
	size_t			 i;
	int			 rc = 0;

	if ((run = cfg_items_new()) == NULL)
		return sh_error(sh, "Out of memory");
	if (sh_running(sh, run) == -1) {
		cfg_items_free(run);
		return -1;
	}
	sh_config_path(m, &path, comps);
	if ((doc = jo_doc("running-config", CJ_VERSION)) == NULL ||
	    (p = jo_array(doc, "path")) == NULL)
		rc = -1;
	for (i = 0; rc == 0 && i < path.n; i++)
		rc = jo_push_str(p, path.comp[i] ? path.comp[i] : "*");
	if (rc == 0)
		rc = config_tree(doc, run, path.n ? &path : NULL);
	cfg_items_free(run);
	if (rc != 0)
		return oom(sh, doc);
	*docp = doc;
	return 0;
}

static int
js_merge(struct cli_shell *sh, const struct cli_match *m,
    struct json_object **docp)
{
	struct json_object	*doc;

	(void)m;
	if (sh_cand_refresh(sh) == -1)
		return -1;
	if ((doc = jo_doc("config-merge", CJ_VERSION)) == NULL ||
	    config_tree(doc, sh->cand, NULL) != 0)
		return oom(sh, doc);
	*docp = doc;
	return 0;
}

/* `show configuration`, `show`, `show commit changes diff`. */
static int
js_candidate(struct cli_shell *sh, const struct cli_match *m,
    struct json_object **docp)
{
	struct cfg_items	*run;
	char			 err[256];
	int			 rc;

	(void)m;
	if ((run = cfg_items_new()) == NULL)
		return sh_error(sh, "Out of memory");
	if (cfg_session_candidate(sh->sess, sh->cand, run, err,
	    sizeof(err)) == -1)
		rc = sh_error(sh, "%s", err);
	else
		rc = changes_doc(sh, run, sh->cand, docp);
	cfg_items_free(run);
	return rc;
}

static int
js_change_pair(struct cli_shell *sh, const struct cli_match *m,
    enum sh_pair kind, struct json_object **docp)
{
	struct cfg_items	*a, *b;
	int			 rc;

	if (sh_change_pair(sh, m, kind, &a, &b) == -1)
		return -1;
	rc = changes_doc(sh, a, b, docp);
	cfg_items_free(a);
	cfg_items_free(b);
	return rc;
}

static int
js_commit_changes(struct cli_shell *sh, const struct cli_match *m,
    struct json_object **docp)
{
	return js_change_pair(sh, m, SH_PAIR_COMMIT, docp);
}

static int
js_rollback_changes(struct cli_shell *sh, const struct cli_match *m,
    struct json_object **docp)
{
	return js_change_pair(sh, m, SH_PAIR_ROLLBACK, docp);
}

static int
js_failed(struct cli_shell *sh, const struct cli_match *m,
    struct json_object **docp)
{
	const struct cfg_errors	*errs;
	const struct cfg_items	*items = NULL;
	const struct cfg_error	*e;
	struct json_object	*doc, *a, *o;
	char			 line[1024];
	size_t			 i;
	int			 rc = 0;

	(void)m;
	if ((doc = jo_doc("config-failed", CJ_VERSION)) == NULL ||
	    (a = jo_array(doc, "errors")) == NULL)
		return oom(sh, doc);
	errs = cfg_session_failed(sh->sess, &items);
	for (i = 0; errs != NULL && items != NULL &&
	    (e = cfg_errors_get(errs, i)) != NULL; i++) {
		if ((o = jo_push_object(a)) == NULL)
			return oom(sh, doc);
		rc |= key_path(o, "path", e->key);
		if (cfg_render_item_line(items, e->key, line, sizeof(line)) ==
		    -1)
			line[0] = '\0';
		rc |= jo_str(o, "line", line);
		rc |= jo_str(o, "error", e->msg);
	}
	if (rc != 0)
		return oom(sh, doc);
	*docp = doc;
	return 0;
}

static int
js_failed_load(struct cli_shell *sh, const struct cli_match *m,
    struct json_object **docp)
{
	struct json_object	*doc, *a;
	const char		*p, *e, *end;
	char			*l;
	int			 rc = 0;

	(void)m;
	if ((doc = jo_doc("config-failed-load", CJ_VERSION)) == NULL ||
	    (a = jo_array(doc, "lines")) == NULL)
		return oom(sh, doc);
	p = (const char *)sh->loadfail.data;
	end = p + sh->loadfail.len;
	/* The lines the last load could not use, one a line (cmd_load). */
	while (rc == 0 && p != NULL && p < end) {
		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			e = end;
		if ((l = strndup(p, (size_t)(e - p))) == NULL)
			return oom(sh, doc);
		rc = jo_push_str(a, l);
		free(l);
		p = e + 1;
	}
	if (rc != 0)
		return oom(sh, doc);
	*docp = doc;
	return 0;
}

static int
js_commit_list(struct cli_shell *sh, const struct cli_match *m,
    struct json_object **docp)
{
	struct cfg_commit_info	*v = NULL;
	struct json_object	*doc, *a, *o;
	const char		*s = cli_match_arg(m, "COUNT");
	size_t			 n = 0, i;
	size_t			 max = s ? strtoul(s, NULL, 10) : 0;
	char			 err[256], date[64];
	int			 rc = 0;

	if (cfg_history_list(sh->store, max, &v, &n, err, sizeof(err)) == -1)
		return sh_error(sh, "%s", err);
	if ((doc = jo_doc("commit-list", CJ_VERSION)) == NULL ||
	    (a = jo_array(doc, "commits")) == NULL)
		rc = -1;
	/* One shape with or without detail: the table's columns and the
	 * detail's lines are the same record. */
	for (i = 0; rc == 0 && i < n; i++) {
		if ((o = jo_push_object(a)) == NULL) {
			rc = -1;
			break;
		}
		sh_fmt_time(v[i].time, date, sizeof(date));
		rc |= jo_u64(o, "number", i + 1);
		rc |= jo_u64(o, "commit-id", v[i].id);
		rc |= jo_str(o, "label", v[i].label);
		rc |= jo_str(o, "user", v[i].user);
		rc |= jo_str(o, "line", v[i].line);
		rc |= jo_str(o, "client", v[i].client);
		rc |= jo_i64(o, "time", v[i].time);
		rc |= jo_str(o, "time-text", date);
		rc |= jo_str(o, "comment", v[i].comment);
		rc |= jo_u64(o, "changes", v[i].nchanges);
		rc |= jo_u64(o, "generation", v[i].generation);
	}
	cfg_history_list_free(v, n);
	if (rc != 0)
		return oom(sh, doc);
	*docp = doc;
	return 0;
}

static int
js_sessions(struct cli_shell *sh, const struct cli_match *m,
    struct json_object **docp)
{
	struct cfg_session_info	*v = NULL;
	struct json_object	*doc, *a, *o;
	size_t			 n = 0, i;
	char			 err[256], date[64];
	int			 rc = 0;

	(void)m;
	if (cfg_session_list(sh->store, &v, &n, err, sizeof(err)) == -1)
		return sh_error(sh, "%s", err);
	if ((doc = jo_doc("config-sessions", CJ_VERSION)) == NULL ||
	    (a = jo_array(doc, "sessions")) == NULL)
		rc = -1;
	for (i = 0; rc == 0 && i < n; i++) {
		if ((o = jo_push_object(a)) == NULL) {
			rc = -1;
			break;
		}
		sh_fmt_time(v[i].started, date, sizeof(date));
		rc |= jo_u64(o, "session-id", v[i].id);
		rc |= jo_str(o, "line", v[i].line);
		rc |= jo_str(o, "user", v[i].user);
		rc |= jo_i64(o, "started", v[i].started);
		rc |= jo_str(o, "started-text", date);
		rc |= jo_bool(o, "exclusive", v[i].exclusive);
		rc |= jo_i64(o, "pid", v[i].pid);
		rc |= jo_u64(o, "base-generation", v[i].base_gen);
		rc |= jo_u64(o, "edits", v[i].edits);
	}
	cfg_session_info_free(v, n);
	if (rc != 0)
		return oom(sh, doc);
	*docp = doc;
	return 0;
}

static int
js_version(struct cli_shell *sh, const struct cli_match *m,
    struct json_object **docp)
{
	struct json_object	*doc;
	struct sysinfo		 si;
	uint64_t		 up = 0, mem = 0;
	int			 rc = 0;

	(void)m;
	if (sysinfo(&si) == 0) {
		up = (uint64_t)si.uptime;
		mem = (uint64_t)si.totalram * si.mem_unit;
	}
	if ((doc = jo_doc("version", CJ_VERSION)) == NULL)
		return oom(sh, doc);
	rc |= jo_str(doc, "iosxr-version", CFG_IOSXR_VERSION);
	rc |= jo_str(doc, "mgmtsec-version", PACKAGE_VERSION);
	rc |= jo_str(doc, "hostname", sh->hostname);
	rc |= jo_u64(doc, "uptime", up);
	rc |= jo_u64(doc, "memory-bytes", mem);
	rc |= jo_str(doc, "database", sh->dbpath);
	rc |= jo_str(doc, "control-socket", sh->sockpath);
	if (rc != 0)
		return oom(sh, doc);
	*docp = doc;
	return 0;
}

static int
js_live(struct cli_shell *sh, const struct cli_match *m,
    struct json_object **docp)
{
	struct ctl_reply	 reply;
	unsigned		 flags;
	uint16_t		 type;

	if (sh_live_fetch(sh, m, &type, &flags, &reply) == -1)
		return -1;
	*docp = sj_render(type, reply.recs, reply.nrecs, flags);
	ctl_reply_clear(&reply);
	return *docp != NULL ? 0 : sh_error(sh, "Out of memory");
}

/* show configuration history [commit] [detail]: the commit records the
 * table lists, newest first; one shape with or without detail. */
static int
js_history(struct cli_shell *sh, const struct cli_match *m,
    struct json_object **docp)
{
	struct cfg_commit_info	*v = NULL;
	struct json_object	*doc, *a, *o;
	size_t			 n = 0, i;
	char			 err[256], date[64];
	int			 rc = 0;

	(void)m;
	if (cfg_history_list(sh->store, 0, &v, &n, err, sizeof(err)) == -1)
		return sh_error(sh, "%s", err);
	if ((doc = jo_doc("config-history", CJ_VERSION)) == NULL ||
	    (a = jo_array(doc, "events")) == NULL)
		rc = -1;
	for (i = 0; rc == 0 && i < n; i++) {
		if ((o = jo_push_object(a)) == NULL) {
			rc = -1;
			break;
		}
		sh_fmt_time(v[i].time, date, sizeof(date));
		rc |= jo_u64(o, "number", i + 1);
		rc |= jo_str(o, "event", "commit");
		rc |= jo_u64(o, "commit-id", v[i].id);
		rc |= jo_str(o, "label", v[i].label);
		rc |= jo_str(o, "user", v[i].user);
		rc |= jo_str(o, "line", v[i].line);
		rc |= jo_str(o, "client", v[i].client);
		rc |= jo_str(o, "comment", v[i].comment);
		rc |= jo_i64(o, "time", v[i].time);
		rc |= jo_str(o, "time-text", date);
	}
	cfg_history_list_free(v, n);
	if (rc != 0)
		return oom(sh, doc);
	*docp = doc;
	return 0;
}

/* show users: the same register entries as the table. */
static int
js_users(struct cli_shell *sh, const struct cli_match *m,
    struct json_object **docp)
{
	struct cli_user		 v[64];
	struct json_object	*doc, *a, *o;
	int64_t			 now = sh->io.now_ms(sh->io.arg) / 1000;
	size_t			 n, i;
	int			 rc = 0;

	(void)m;
	n = cli_users_list(sh->dbpath, v, sizeof(v) / sizeof(v[0]));
	if ((doc = jo_doc("users", CJ_VERSION)) == NULL ||
	    (a = jo_array(doc, "users")) == NULL)
		return oom(sh, doc);
	for (i = 0; rc == 0 && i < n; i++) {
		if ((o = jo_push_object(a)) == NULL)
			return oom(sh, doc);
		rc |= jo_bool(o, "current", v[i].pid == (int)getpid());
		rc |= jo_str(o, "line", v[i].line);
		rc |= jo_str(o, "user", v[i].user);
		rc |= jo_str(o, "service", v[i].service);
		rc |= jo_str(o, "location", v[i].location);
		rc |= jo_i64(o, "pid", v[i].pid);
		rc |= jo_i64(o, "started", v[i].started);
		rc |= jo_i64(o, "idle-seconds", now > v[i].active ?
		    now - v[i].active : 0);
	}
	if (rc != 0)
		return oom(sh, doc);
	*docp = doc;
	return 0;
}

/* show memory summary: the /proc figures of the table, in kB. */
static int
js_memory(struct cli_shell *sh, const struct cli_match *m,
    struct json_object **docp)
{
	long long		 total = sh_proc_kb("/proc/meminfo", "MemTotal"),
				 avail = sh_proc_kb("/proc/meminfo",
				     "MemAvailable");
	struct json_object	*doc;
	int			 rc = 0;

	(void)m;
	if (total < 0 || avail < 0)
		return sh_error(sh, "Cannot read /proc/meminfo");
	if ((doc = jo_doc("memory-summary", CJ_VERSION)) == NULL)
		return oom(sh, doc);
	rc |= jo_str(doc, "node", "node0_RP0_CPU0");
	rc |= jo_i64(doc, "total-kb", total);
	rc |= jo_i64(doc, "available-kb", avail);
	rc |= jo_i64(doc, "shared-kb", sh_proc_kb("/proc/meminfo", "Shmem"));
	rc |= jo_i64(doc, "pid", (int64_t)getpid());
	rc |= jo_i64(doc, "resident-kb", sh_proc_kb("/proc/self/status",
	    "VmRSS"));
	rc |= jo_i64(doc, "peak-resident-kb", sh_proc_kb("/proc/self/status",
	    "VmHWM"));
	rc |= jo_i64(doc, "virtual-kb", sh_proc_kb("/proc/self/status",
	    "VmSize"));
	if (rc != 0)
		return oom(sh, doc);
	*docp = doc;
	return 0;
}

/* show lldp [neighbors [detail]]: mgmtsec runs no LLDP ("% LLDP is not
 * enabled"): not enabled, no neighbors. */
static int
js_lldp(struct cli_shell *sh, const struct cli_match *m,
    struct json_object **docp)
{
	struct json_object	*doc;

	(void)m;
	if ((doc = jo_doc("lldp", CJ_VERSION)) == NULL ||
	    jo_bool(doc, "enabled", 0) == -1 ||
	    jo_array(doc, "neighbors") == NULL)
		return oom(sh, doc);
	*docp = doc;
	return 0;
}

/* dir [/all] [harddisk:]: the entries of the harddisk: folder, in name
 * order, from the list the table shows (sh_hd_list). */
static int
js_dir(struct cli_shell *sh, const struct cli_match *m,
    struct json_object **docp)
{
	struct json_object	*doc = NULL, *a = NULL, *o;
	struct sh_dent		*v;
	struct statvfs		 fs;
	ssize_t			 n, i;
	int			 rc = 0;

	if ((n = sh_hd_list(sh, cli_match_arg(m, "/all") != NULL, &v)) < 0)
		return -1;
	if ((doc = jo_doc("dir", CJ_VERSION)) == NULL ||
	    jo_str(doc, "filesystem", CLI_HD_PREFIX) == -1 ||
	    (a = jo_array(doc, "entries")) == NULL)
		rc = -1;
	for (i = 0; rc == 0 && i < n; i++) {
		const struct stat *st = &v[i].st;

		if ((o = jo_push_object(a)) == NULL) {
			rc = -1;
			break;
		}
		rc |= jo_str(o, "name", v[i].name);
		rc |= jo_str(o, "type", S_ISDIR(st->st_mode) ? "directory" :
		    S_ISLNK(st->st_mode) ? "link" : "file");
		rc |= jo_u64(o, "inode", (uint64_t)st->st_ino);
		rc |= jo_u64(o, "mode", (uint64_t)(st->st_mode & 07777));
		rc |= jo_u64(o, "links", (uint64_t)st->st_nlink);
		rc |= jo_i64(o, "size", (int64_t)st->st_size);
		rc |= jo_i64(o, "mtime", (int64_t)st->st_mtime);
	}
	free(v);
	if (rc == 0 && statvfs(sh->hddir, &fs) == 0) {
		rc |= jo_u64(doc, "total-kb", (uint64_t)fs.f_blocks *
		    fs.f_frsize / 1024);
		rc |= jo_u64(doc, "free-kb", (uint64_t)fs.f_bavail *
		    fs.f_frsize / 1024);
	}
	if (rc != 0)
		return oom(sh, doc);
	*docp = doc;
	return 0;
}

/* show interfaces / show ipv4 interface / show ipv6 interface: the
 * CTL_SHOW_INTERFACES records the tables render (sj_render_interfaces). */
static int
js_interfaces(struct cli_shell *sh, const struct cli_match *m,
    struct json_object **docp)
{
	struct ctl_reply	 reply;
	struct ctl_rec		*p = ctl_rec_new();
	const char		*name = m->cmd->name, *ifn;
	int			 view = SL_IF_INTERFACES;

	if (p == NULL)
		return sh_error(sh, "Out of memory");
	if (strcmp(name, "show ipv4 interface") == 0)
		view = SL_IF_IPV4;
	else if (strcmp(name, "show ipv6 interface") == 0)
		view = SL_IF_IPV6;
	if ((ifn = cli_match_arg(m, "IFNAME")) != NULL)
		ctl_rec_add_str(p, CTL_K_INTERFACE, ifn);
	if (sh_ctl_call(sh, CTL_SHOW_INTERFACES, p, &reply) == -1)
		return -1;
	*docp = sj_render_interfaces(reply.recs, reply.nrecs, view);
	ctl_reply_clear(&reply);
	return *docp != NULL ? 0 : sh_error(sh, "Out of memory");
}

/* Exec command name (cmdtab.c) -> its JSON builder. */
static const struct {
	const char	*name;
	cli_json_fn	 fn;
} json_cmds[] = {
	{ "show", js_candidate },
	{ "show running-config", js_running },
	{ "show configuration", js_candidate },
	{ "show configuration running", js_running },
	{ "show configuration merge", js_merge },
	{ "show configuration failed", js_failed },
	{ "show configuration failed load", js_failed_load },
	{ "show commit changes diff", js_candidate },
	{ "show configuration commit list", js_commit_list },
	{ "show configuration commit changes", js_commit_changes },
	{ "show configuration commit changes last", js_commit_changes },
	{ "show configuration rollback changes last", js_rollback_changes },
	{ "show configuration rollback changes to", js_rollback_changes },
	{ "show configuration sessions", js_sessions },
	{ "show version", js_version },
	{ "show ikev2 session", js_live },
	{ "show ikev2 sa", js_live },
	{ "show ikev2 summary", js_live },
	{ "show ikev2 statistics", js_live },
	{ "show ipsec sa", js_live },
	{ "show ipsec sa interface", js_live },
	{ "show ipsec dataplane", js_live },
	{ "show configuration history", js_history },
	{ "show users", js_users },
	{ "show memory summary", js_memory },
	{ "show lldp", js_lldp },
	{ "show lldp neighbors", js_lldp },
	{ "dir", js_dir },
	{ "show interfaces", js_interfaces },
	{ "show ipv4 interface", js_interfaces },
	{ "show ipv6 interface", js_interfaces },
	{ "show crypto ca certificates", js_live },
};

cli_json_fn
cli_json_find(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(json_cmds) / sizeof(json_cmds[0]); i++)
		if (strcmp(json_cmds[i].name, name) == 0)
			return json_cmds[i].fn;
	return NULL;
}

const char *
cli_json_name(size_t i)
{
	return i < sizeof(json_cmds) / sizeof(json_cmds[0]) ?
	    json_cmds[i].name : NULL;
}

int
cli_json_run(struct cli_shell *sh, const struct cli_match *m)
{
	struct json_object	*doc = NULL;
	cli_json_fn		 fn = cli_json_find(m->cmd->name);

	if (fn == NULL)
		return sh_error(sh, "No JSON form for this command");
	if (fn(sh, m, &doc) == -1)
		return -1;
	if (jo_write(doc, JO_PRETTY, &sh->out) == -1)
		return oom(sh, doc);
	json_object_put(doc);
	return 0;
}
