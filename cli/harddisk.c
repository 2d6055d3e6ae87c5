/*
 * harddisk: paths and the session register (cli/harddisk.h).
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/harddisk.h"

#ifndef MGMTSEC_DB_PATH
#define MGMTSEC_DB_PATH		"/var/lib/mgmtsec/config.db"
#endif
#ifndef MGMTSEC_HARDDISK_PATH
#define MGMTSEC_HARDDISK_PATH	"/var/lib/mgmtsec/harddisk"
#endif

/* The folder of path (without the last component) into out. */
static int
dir_of(const char *path, char *out, size_t outsz)
{
	const char	*sl = strrchr(path, '/');

	if (sl == NULL)
		return snprintf(out, outsz, ".") >= (int)outsz ? -1 : 0;
	if (sl == path)
		return snprintf(out, outsz, "/") >= (int)outsz ? -1 : 0;
	return snprintf(out, outsz, "%.*s", (int)(sl - path), path) >=
	    (int)outsz ? -1 : 0;
}

int
cli_hd_dir(const char *explicit_dir, const char *dbpath, char *out,
    size_t outsz)
{
	char	d[4096];

	if (explicit_dir == NULL || *explicit_dir == 0)
		explicit_dir = getenv("MGMTSEC_HARDDISK");
	if (explicit_dir != NULL && *explicit_dir != 0)
		return snprintf(out, outsz, "%s", explicit_dir) >= (int)outsz ?
		    -1 : 0;
	if (strcmp(dbpath, MGMTSEC_DB_PATH) == 0)
		return snprintf(out, outsz, "%s", MGMTSEC_HARDDISK_PATH) >=
		    (int)outsz ? -1 : 0;
	if (dir_of(dbpath, d, sizeof(d)) == -1)
		return -1;
	return snprintf(out, outsz, "%s/harddisk", d) >= (int)outsz ? -1 : 0;
}

int
cli_hd_resolve(const char *dir, const char *arg, char *out, size_t outsz,
    char *err, size_t errsz)
{
	const char	*name, *p;
	size_t		 n;

	if (strncmp(arg, CLI_HD_PREFIX, strlen(CLI_HD_PREFIX)) != 0) {
		if (snprintf(out, outsz, "%s", arg) >= (int)outsz) {
			snprintf(err, errsz, "File name too long");
			return -1;
		}
		return 0;
	}
	name = arg + strlen(CLI_HD_PREFIX);
	while (*name == '/')
		name++;
	if (*name == 0) {
		snprintf(err, errsz, "No file name after %s", CLI_HD_PREFIX);
		return -1;
	}
	/* No way out of the folder: every ".." component is refused. */
	for (p = name; *p; p += n) {
		n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			snprintf(err, errsz, "%s: '..' is not allowed in a "
			    "harddisk: path", arg);
			return -1;
		}
		while (p[n] == '/')
			n++;
	}
	if (snprintf(out, outsz, "%s/%s", dir, name) >= (int)outsz) {
		snprintf(err, errsz, "File name too long");
		return -1;
	}
	return 0;
}

int
cli_hd_mkdir(const char *dir, char *err, size_t errsz)
{
	struct stat	st;

	if (stat(dir, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		snprintf(err, errsz, "%s is not a folder", dir);
		return -1;
	}
	/* Group-shared when the folder above is (./dev ssh-setup). */
	if (mkdir(dir, 0770) == -1 && errno != EEXIST) {
		snprintf(err, errsz, "Cannot create %s: %s", dir,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The session register
 */

static int
users_dir(const char *dbpath, char *out, size_t outsz)
{
	char	d[4096];

	if (dir_of(dbpath, d, sizeof(d)) == -1)
		return -1;
	return snprintf(out, outsz, "%s/users", d) >= (int)outsz ? -1 : 0;
}

/* Fields are tab-separated; a tab or newline in a value would split it. */
static void
clean(char *s)
{
	for (; *s; s++)
		if (*s == '\t' || *s == '\n' || *s == '\r')
			*s = ' ';
}

int
cli_users_add(const char *dbpath, const struct cli_user *u, char *entry,
    size_t entrysz)
{
	struct cli_user	 c = *u;
	char		 d[4096], err[256];
	FILE		*f;
	int		 fd;

	entry[0] = 0;
	if (users_dir(dbpath, d, sizeof(d)) == -1 ||
	    cli_hd_mkdir(d, err, sizeof(err)) == -1 ||
	    snprintf(entry, entrysz, "%s/%d", d, (int)getpid()) >=
	    (int)entrysz) {
		entry[0] = 0;
		return -1;
	}
	clean(c.line);
	clean(c.user);
	clean(c.service);
	clean(c.location);
	if ((fd = open(entry, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0660)) == -1 || (f = fdopen(fd, "w")) == NULL) {
		if (fd != -1)
			close(fd);
		entry[0] = 0;
		return -1;
	}
	fprintf(f, "%s\t%s\t%s\t%s\t%lld\n", c.line, c.user, c.service,
	    c.location, (long long)c.started);
	if (fclose(f) != 0) {
		unlink(entry);
		entry[0] = 0;
		return -1;
	}
	return 0;
}

void
cli_users_touch(const char *entry)
{
	if (entry[0])
		(void)utimensat(AT_FDCWD, entry, NULL, 0);
}

/* One entry file into u.  0, or -1 when it is not one. */
static int
read_entry(const char *path, int pid, struct cli_user *u)
{
	struct stat	 st;
	char		 b[512], *f[5], *s = b;
	FILE		*fp;
	size_t		 i;

	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	if (fstat(fileno(fp), &st) == -1 || fgets(b, sizeof(b), fp) == NULL) {
		fclose(fp);
		return -1;
	}
	fclose(fp);
	b[strcspn(b, "\n")] = 0;
	for (i = 0; i < 5; i++) {
		f[i] = s;
		if (i < 4) {
			if ((s = strchr(s, '\t')) == NULL)
				return -1;
			*s++ = 0;
		}
	}
	memset(u, 0, sizeof(*u));
	u->pid = pid;
	snprintf(u->line, sizeof(u->line), "%s", f[0]);
	snprintf(u->user, sizeof(u->user), "%s", f[1]);
	snprintf(u->service, sizeof(u->service), "%s", f[2]);
	snprintf(u->location, sizeof(u->location), "%s", f[3]);
	u->started = strtoll(f[4], NULL, 10);
	u->active = (int64_t)st.st_mtime;
	return 0;
}

size_t
cli_users_list(const char *dbpath, struct cli_user *out, size_t max)
{
	struct cli_user	 u, t;
	struct dirent	*de;
	char		 d[4096], p[4352], *end;
	DIR		*dp;
	size_t		 n = 0, i;
	long		 pid;

	if (users_dir(dbpath, d, sizeof(d)) == -1 || (dp = opendir(d)) == NULL)
		return 0;
	while ((de = readdir(dp)) != NULL) {
		pid = strtol(de->d_name, &end, 10);
		if (*end != 0 || pid <= 0 || pid > 0x7fffffffL)
			continue;
		snprintf(p, sizeof(p), "%s/%s", d, de->d_name);
		/* A session whose process is gone (killed, crashed). */
		if (kill((pid_t)pid, 0) == -1 && errno == ESRCH) {
			(void)unlink(p);
			continue;
		}
		if (read_entry(p, (int)pid, &u) == -1)
			continue;
		if (n < max)
			out[n++] = u;
	}
	closedir(dp);
	/* Oldest first (insertion sort: a handful of sessions). */
	for (i = 1; i < n; i++) {
		size_t	j = i;

		t = out[i];
		while (j > 0 && (out[j - 1].started > t.started ||
		    (out[j - 1].started == t.started && out[j - 1].pid >
		    t.pid))) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = t;
	}
	return n;
}
