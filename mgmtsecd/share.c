/*
 * The control group's share of the installed places.  Membership of
 * MGMTSEC_GROUP lets an operator use the shell without root: the shell
 * writes the database itself (a commit is an SQLite transaction) and then
 * tells the daemon, so the database at the installed place must be the
 * group's to read and write, and files the shell creates there (-wal,
 * -shm) must stay the group's (the setgid bit on the folder).  Other
 * users get nothing: the store refuses a database with any "other" bit.
 *
 * Only the installed place (MGMTSEC_DB_PATH) is shared, and only when the
 * daemon runs as root and the group exists; a database given with --db
 * elsewhere keeps the store's 0600.  The unit runs the daemon with
 * Group=MGMTSEC_GROUP, so changing a file's group needs no CAP_CHOWN.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mgmtsecd/daemon.h"
#include "mgmtsecd/log.h"

/* Described in daemon.h. */
gid_t
dmn_ctl_group(void)
{
	struct group	*gr;

	gr = getgrnam(MGMTSEC_GROUP);
	return gr == NULL ? (gid_t)-1 : gr->gr_gid;
}

/* Gives one file or folder to gid with mode; a missing file is fine. */
static void
share_one(const char *path, gid_t gid, mode_t mode, int is_dir)
{
	int	fd;

	fd = open(path, (is_dir ? O_RDONLY | O_DIRECTORY : O_RDWR) |
	    O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		if (errno != ENOENT)
			dmn_log(DMN_LOG_WARN, "cannot give %s to group %s: %s",
			    path, MGMTSEC_GROUP, strerror(errno));
		return;
	}
	if (fchown(fd, (uid_t)-1, gid) == -1 || fchmod(fd, mode) == -1)
		dmn_log(DMN_LOG_WARN, "cannot give %s to group %s: %s", path,
		    MGMTSEC_GROUP, strerror(errno));
	close(fd);
}

/* Described in daemon.h. */
void
dmn_share_db(const char *db)
{
	char		 path[sizeof(MGMTSEC_DB_PATH) + 8], *slash;
	gid_t		 gid;
	const char	*sfx[] = { "", "-wal", "-shm" };
	size_t		 i;

	if (strcmp(db, MGMTSEC_DB_PATH) != 0 || geteuid() != 0 ||
	    (gid = dmn_ctl_group()) == (gid_t)-1)
		return;
	snprintf(path, sizeof(path), "%s", db);
	if ((slash = strrchr(path, '/')) != NULL && slash != path) {
		*slash = 0;
		share_one(path, gid, 02770, 1);
	}
	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", db, sfx[i]);
		share_one(path, gid, 0660, 0);
	}
}
