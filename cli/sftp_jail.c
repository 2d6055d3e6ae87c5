/*
 * The SFTP server of an SSH login (mgmtsec --ssh), in a view of the file
 * system where harddisk: is the folder "/harddisk:", as on IOS XR: Ansible
 * sends its configuration to "/harddisk:/ansible_config.txt".  The view
 * is a mount namespace of an unprivileged user namespace (no privilege
 * needed, none gained: the user keeps its own ids and loses the
 * namespace's capabilities at exec): a tmpfs root with harddisk: and the
 * system folders the server's program needs, bound in.  Where the kernel
 * allows no user namespaces the server runs in the folder itself, so
 * relative names still work; a namespace that could not be completed
 * runs nothing.
 */
#include "config.h"

#include <sys/mount.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/sftp_jail.h"

/* Folders the tmpfs may cover (the first that exists and neither holds
 * nor is inside harddisk:). */
static const char *const points[] = { "/mnt", "/media", "/srv", "/opt",
    "/tmp", "/run", NULL };
static char	jroot[64];
#define JAIL	jroot

static int
write_file(const char *path, const char *s)
{
	int	fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t	n;

	if (fd == -1)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

/* /name of the real root inside the jail: bound when a folder, the same
 * symbolic link when one (merged /usr), nothing when missing. */
static int
system_dir(const char *name)
{
	char		dst[256], link[256];
	struct stat	st;
	ssize_t		n;

	snprintf(dst, sizeof(dst), "%s%s", JAIL, name);
	if (lstat(name, &st) == -1)
		return 0;
	if (S_ISLNK(st.st_mode)) {
		if ((n = readlink(name, link, sizeof(link) - 1)) <= 0)
			return -1;
		link[n] = 0;
		return symlink(link, dst);
	}
	if (!S_ISDIR(st.st_mode))
		return 0;
	if (mkdir(dst, 0755) == -1)
		return -1;
	return mount(name, dst, NULL, MS_BIND | MS_REC, NULL);
}

/* Whether dir is p or inside it. */
static int
under(const char *dir, const char *p)
{
	size_t	n = strlen(p);

	return strncmp(dir, p, n) == 0 && (dir[n] == 0 || dir[n] == '/');
}

/* 1 in the jail, 0 when no user namespace could be made (nothing
 * changed), -1 when a step after it failed. */
static int
jail(const char *hddir)
{
	static const char *const sys[] = { "/usr", "/lib", "/lib64", "/bin",
	    "/sbin", "/etc", "/dev", NULL };
	struct stat	st;
	char		map[64], hdin[96];
	uid_t		uid = getuid();
	gid_t		gid = getgid();
	int		i;

	jroot[0] = 0;
	for (i = 0; points[i] != NULL && jroot[0] == 0; i++)
		if (stat(points[i], &st) == 0 && S_ISDIR(st.st_mode) &&
		    !under(hddir, points[i]) && !under(points[i], hddir))
			snprintf(jroot, sizeof(jroot), "%s", points[i]);
	if (jroot[0] == 0 || hddir[0] != '/')
		return 0;
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) == -1)
		return 0;
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)uid, (unsigned)uid);
	if (write_file("/proc/self/setgroups", "deny") == -1 ||
	    write_file("/proc/self/uid_map", map) == -1)
		return -1;
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)gid, (unsigned)gid);
	snprintf(hdin, sizeof(hdin), "%s/harddisk:", jroot);
	if (write_file("/proc/self/gid_map", map) == -1 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1 ||
	    mount("mgmtsec-sftp", jroot, "tmpfs", MS_NOSUID | MS_NODEV,
	    "mode=0755") == -1 ||
	    mkdir(hdin, 0755) == -1 ||
	    mount(hddir, hdin, NULL, MS_BIND, NULL) == -1)
		return -1;
	for (i = 0; sys[i] != NULL; i++)
		if (system_dir(sys[i]) == -1)
			return -1;
	if (chroot(jroot) == -1 || chdir("/harddisk:") == -1)
		return -1;
	return 1;
}

int
cli_sftp_exec(const char *hddir, const char *server)
{
	switch (jail(hddir)) {
	case 1:
		execl(server, "sftp-server", "-d", "/harddisk:", (char *)NULL);
		return -1;
	case 0:
		/* No namespace: the same server in the folder itself. */
		execl(server, "sftp-server", "-d", hddir, (char *)NULL);
		return -1;
	default:
		return -1;
	}
}
