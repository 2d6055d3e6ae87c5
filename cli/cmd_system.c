/*
 * System commands automation sends to an IOS XR router (iosxr_facts,
 * the label check of iosxr_config, replace: config): the configuration
 * event history, the shell sessions, memory, LLDP, the harddisk:
 * filesystem.  Each renders from records it reads first (commit records,
 * register entries, /proc figures, directory entries), so another output
 * form can be added beside the table.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/statvfs.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/shell_priv.h"

/* long: "Mon Dec  7 15:00:00 2026" (commit lists); else "Dec  7 15:00"
 * (dir). */
static void
fmt_date(int64_t t, int longform, char *out, size_t outsz)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	localtime_r(&tt, &tm);
	if (longform)
		strftime(out, outsz, "%a %b %e %H:%M:%S %Y", &tm);
	else
		strftime(out, outsz, "%b %e %H:%M", &tm);
}

/*
 * show configuration history [commit] [detail]: the configuration events,
 * newest first.  mgmtsec's only events are commits (a rollback is a
 * commit whose client is Rollback), so `commit` selects the same ones.
 */
CMD_HANDLER(cmd_show_history)
{
	struct cfg_commit_info	*v = NULL;
	size_t			 n = 0, i;
	char			 err[256], date[64], info[64], idb[24];

	if (cfg_history_list(sh->store, 0, &v, &n, err, sizeof(err)) == -1)
		return sh_error(sh, "%s", err);
	if (cli_match_arg(m, "detail") == NULL) {
		sh_printf(sh, "%-6s%-11s%-33s%s\n", "Sno.", "Event", "Info",
		    "Time Stamp");
		sh_printf(sh, "%-6s%-11s%-33s%s\n", "~~~~", "~~~~~", "~~~~",
		    "~~~~~~~~~~");
	}
	for (i = 0; i < n; i++) {
		fmt_date(v[i].time, 1, date, sizeof(date));
		snprintf(idb, sizeof(idb), "%llu", (unsigned long long)v[i].id);
		if (cli_match_arg(m, "detail") == NULL) {
			if (v[i].label)
				snprintf(info, sizeof(info), "id %s (%s)", idb,
				    v[i].label);
			else
				snprintf(info, sizeof(info), "id %s", idb);
			sh_printf(sh, "%-6zu%-11s%-33s%s\n", i + 1, "commit",
			    info, date);
			continue;
		}
		sh_printf(sh, "%4zu) %-11s%-20s%-9s%s\n", i + 1, "Event:",
		    "commit", "Time:", date);
		sh_printf(sh, "      %-11s%-20s%-9s%s\n", "Commit ID:", idb,
		    "Label:", v[i].label ? v[i].label : "NONE");
		sh_printf(sh, "      %-11s%-20.19s%-9s%s\n", "User:", v[i].user,
		    "Line:", v[i].line);
		sh_printf(sh, "      %-11s%-20s%-9s%s\n\n", "Client:",
		    v[i].client, "Comment:", v[i].comment ? v[i].comment :
		    "NONE");
	}
	cfg_history_list_free(v, n);
	return 0;
}

/* "vty3:node0_RP0_CPU0" -> "vty3", "con0_RP0_CPU0" -> "con0/RP0/CPU0". */
static void
line_short(const char *l, char *out, size_t outsz)
{
	size_t	i;

	snprintf(out, outsz, "%.*s", (int)strcspn(l, ":"), l);
	if (strncmp(out, "con", 3) == 0)
		for (i = 0; out[i]; i++)
			if (out[i] == '_')
				out[i] = '/';
}

/* show users: every live shell session of this router, * for this one. */
CMD_HANDLER(cmd_show_users)
{
	struct cli_user	 v[64];
	size_t		 n, i;
	int64_t		 now = sh->io.now_ms(sh->io.arg) / 1000, idle;
	char		 l[64];

	(void)m;
	n = cli_users_list(sh->dbpath, v, sizeof(v) / sizeof(v[0]));
	sh_printf(sh, "   %-16s%-21s%-9s%5s  %-12s%s\n", "Line", "User",
	    "Service", "Conns", " Idle", "Location");
	for (i = 0; i < n; i++) {
		idle = now - v[i].active;
		if (idle < 0)
			idle = 0;
		line_short(v[i].line, l, sizeof(l));
		sh_printf(sh, "%-3s%-16.15s%-21.20s%-9.8s%5d  %02lld:%02lld:%02lld    "
		    "%s\n", v[i].pid == (int)getpid() ? "*" : "", l,
		    v[i].user, v[i].service, 0, (long long)(idle / 3600),
		    (long long)(idle / 60 % 60), (long long)(idle % 60),
		    v[i].location);
	}
	return 0;
}

long long
sh_proc_kb(const char *file, const char *key)
{
	char		 b[256];
	size_t		 kl = strlen(key);
	long long	 v = -1;
	FILE		*f;

	if ((f = fopen(file, "r")) == NULL)
		return -1;
	while (fgets(b, sizeof(b), f) != NULL)
		if (strncmp(b, key, kl) == 0 && b[kl] == ':') {
			v = strtoll(b + kl + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/*
 * show memory summary in IOS XR's layout (iosxr_facts reads
 * `Physical Memory: (\d+)M total \((\d+)`): the machine's memory from
 * /proc/meminfo and this shell process's own figures.
 */
CMD_HANDLER(cmd_show_memory)
{
	long long	total = sh_proc_kb("/proc/meminfo", "MemTotal"),
			avail = sh_proc_kb("/proc/meminfo", "MemAvailable"),
			shm = sh_proc_kb("/proc/meminfo", "Shmem"),
			rss = sh_proc_kb("/proc/self/status", "VmRSS"),
			hwm = sh_proc_kb("/proc/self/status", "VmHWM"),
			vsz = sh_proc_kb("/proc/self/status", "VmSize");
	struct stat	st;
	long long	image = 0;
	char		exe[4096];
	ssize_t		k;

	(void)m;
	if (total < 0 || avail < 0)
		return sh_error(sh, "Cannot read /proc/meminfo");
	/* Image: the size of this program's file. */
	if ((k = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[k] = 0;
		if (stat(exe, &st) == 0)
			image = (long long)st.st_size >> 20;
	}
	sh_printf(sh, "node:      node0_RP0_CPU0\n"
	    "------------------------------------------------------------------"
	    "\n\n"
	    "Physical Memory: %lldM total (%lldM available)\n"
	    " Application Memory : %lldM (%lldM available)\n"
	    " Image: %lldM (bootram: 0M)\n"
	    " Reserved: 0M, IOMem: 0M, flashfsys: 0M\n"
	    " Total shared window: %lldM\n\n", total >> 10, avail >> 10,
	    total >> 10, avail >> 10, image, shm < 0 ? 0 : shm >> 10);
	sh_printf(sh, "Process: mgmtsec (pid %d)\n"
	    " Resident: %lldK (peak %lldK)\n Virtual: %lldK\n", (int)getpid(),
	    rss < 0 ? 0 : rss, hwm < 0 ? 0 : hwm, vsz < 0 ? 0 : vsz);
	return 0;
}

/* show lldp [neighbors [detail]]: mgmtsec runs no LLDP, and says so as
 * IOS XR does where it is not enabled (iosxr_facts looks for this). */
CMD_HANDLER(cmd_show_lldp)
{
	(void)m;
	sh_puts(sh, "% LLDP is not enabled\n");
	return 0;
}

static int
dent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sh_dent *)a)->name,
	    ((const struct sh_dent *)b)->name);
}

/*
 * The entries of the harddisk: folder in name order, from lstat(); with
 * all, also the names that start with a dot.  dir and dir | json both
 * show this list.  The count, *vp the caller's to free; or -1 (printed).
 */
ssize_t
sh_hd_list(struct cli_shell *sh, int all, struct sh_dent **vp)
{
	struct sh_dent	*v = NULL, *nv;
	struct dirent	*de;
	char		 err[512], p[8192];
	size_t		 n = 0, cap = 0;
	DIR		*dp;

	*vp = NULL;
	if (cli_hd_mkdir(sh->hddir, err, sizeof(err)) == -1)
		return sh_error(sh, "%s", err);
	if ((dp = opendir(sh->hddir)) == NULL)
		return sh_error(sh, "Cannot open harddisk: (%s): %s",
		    sh->hddir, strerror(errno));
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    (!all && de->d_name[0] == '.'))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
				free(v);
				closedir(dp);
				return sh_error(sh, "Out of memory");
			}
			v = nv;
		}
		snprintf(v[n].name, sizeof(v[n].name), "%s", de->d_name);
		snprintf(p, sizeof(p), "%s/%s", sh->hddir, de->d_name);
		if (lstat(p, &v[n].st) == -1)
			continue;	/* removed meanwhile */
		n++;
	}
	closedir(dp);
	if (n > 1)
		qsort(v, n, sizeof(*v), dent_cmp);
	*vp = v;
	return (ssize_t)n;
}

static void
mode_str(mode_t md, char *o)
{
	static const char	rwx[] = "rwxrwxrwx";
	int			i;

	o[0] = S_ISDIR(md) ? 'd' : S_ISLNK(md) ? 'l' : '-';
	for (i = 0; i < 9; i++)
		o[i + 1] = (md & (0400 >> i)) ? rwx[i] : '-';
	o[10] = 0;
}

/*
 * dir [/all] [harddisk:]: the harddisk: folder, names in order; /all
 * also shows the names that start with a dot.
 */
CMD_HANDLER(cmd_dir)
{
	struct sh_dent	*v;
	struct statvfs	 fs;
	char		 mode[11], date[32];
	ssize_t		 n, i;

	if ((n = sh_hd_list(sh, cli_match_arg(m, "/all") != NULL, &v)) < 0)
		return -1;
	sh_puts(sh, "\nDirectory of " CLI_HD_PREFIX "\n\n");
	for (i = 0; i < n; i++) {
		mode_str(v[i].st.st_mode, mode);
		fmt_date((int64_t)v[i].st.st_mtime, 0, date,
		    sizeof(date));
		sh_printf(sh, "%10llu %s %2lu %10lld %s %s\n",
		    (unsigned long long)v[i].st.st_ino, mode,
		    (unsigned long)v[i].st.st_nlink,
		    (long long)v[i].st.st_size, date, v[i].name);
	}
	free(v);
	if (statvfs(sh->hddir, &fs) == 0)
		sh_printf(sh, "\n%llu kbytes total (%llu kbytes free)\n",
		    (unsigned long long)fs.f_blocks * fs.f_frsize / 1024,
		    (unsigned long long)fs.f_bavail * fs.f_frsize / 1024);
	return 0;
}
