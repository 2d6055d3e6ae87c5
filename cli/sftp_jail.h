/*
 * SFTP for an SSH login: runs the SFTP server so that "/harddisk:" is the
 * harddisk: folder (cli/sftp_jail.c says how).
 */
#ifndef CLI_SFTP_JAIL_H
#define CLI_SFTP_JAIL_H

/* Execs server (e.g. /usr/lib/openssh/sftp-server); returns -1 (errno)
 * only when it could not be run. */
int	cli_sftp_exec(const char *hddir, const char *server);

#endif
