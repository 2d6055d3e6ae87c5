/*
 * The shell's files: the `harddisk:` filesystem (a folder the operator
 * chooses, SCP and SFTP write into it) and the register of shell sessions
 * that `show users` reads.  Both live on the local disk, beside the
 * database unless told otherwise, so every session of one router sees
 * the same ones.
 */
#ifndef CLI_HARDDISK_H
#define CLI_HARDDISK_H

#include <stddef.h>
#include <stdint.h>

#define CLI_HD_PREFIX	"harddisk:"

/*
 * The harddisk: folder for a database: explicit (option or
 * $MGMTSEC_HARDDISK) if given, the configured default when dbpath is the
 * configured default database, else "harddisk" beside the database.
 * 0, or -1 when it does not fit.
 */
int	cli_hd_dir(const char *explicit_dir, const char *dbpath, char *out,
	    size_t outsz);

/*
 * A file argument as a local path: "harddisk:NAME" and "harddisk:/NAME"
 * name NAME inside dir (no ".." component, not empty); any other text is
 * a path of its own.  0, or -1 with err set.
 */
int	cli_hd_resolve(const char *dir, const char *arg, char *out,
	    size_t outsz, char *err, size_t errsz);

/* Makes dir (one level) if it is missing.  0, or -1 with err set. */
int	cli_hd_mkdir(const char *dir, char *err, size_t errsz);

/* One shell session of the register. */
struct cli_user {
	int		pid;
	char		line[64];
	char		user[64];
	char		service[16];	/* "ssh", "console", "batch" */
	char		location[64];	/* the SSH client's address */
	int64_t		started;	/* Epoch seconds */
	int64_t		active;		/* last line typed */
};

/*
 * The register is the folder "users" beside the database: one file per
 * live session, named by its pid.  cli_users_add writes this process's
 * entry (path of it into entry), cli_users_touch marks it active,
 * cli_users_list returns the live ones (entries of processes that are
 * gone are removed), oldest first, at most max.
 */
int	cli_users_add(const char *dbpath, const struct cli_user *,
	    char *entry, size_t entrysz);
void	cli_users_touch(const char *entry);
size_t	cli_users_list(const char *dbpath, struct cli_user *out, size_t max);

#endif
