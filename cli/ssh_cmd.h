/*
 * What an SSH client asked the login shell to run (SSH_ORIGINAL_COMMAND
 * under sshd's ForceCommand): a file transfer to or from harddisk:, or a
 * shell command.  Pure: text in, decision out; cli/main.c carries it out.
 */
#ifndef CLI_SSH_CMD_H
#define CLI_SSH_CMD_H

#include <stddef.h>

enum cli_ssh_kind {
	CLI_SSH_REFUSE = 0,	/* err says why */
	CLI_SSH_CLI,		/* run the text as one shell command */
	CLI_SSH_SCP,		/* run scp with argv (server side) */
	CLI_SSH_SFTP		/* run the SFTP server in harddisk: */
};

#define CLI_SSH_MAXARGS	8

struct cli_ssh_cmd {
	enum cli_ssh_kind	 kind;
	/* CLI_SSH_SCP: "scp", its options, "--", the local path; NULL
	 * ended.  The strings point into path and opts. */
	char			*argv[CLI_SSH_MAXARGS + 1];
	char			 opts[CLI_SSH_MAXARGS][4];
	char			 path[4352];
	char			 err[256];
};

/*
 * Decides what cmd (len bytes, not NUL-terminated, may hold anything)
 * asks for, with harddisk: names mapped into the folder hddir.  SCP is
 * allowed only in server mode (-t to upload, -f to download) with the
 * plain options -p -v -d, and only to a harddisk: name (`harddisk:F`,
 * `/harddisk:/F`, or `harddisk:` itself for -d); anything else that
 * looks like a program (scp otherwise, rsync, a shell) is refused.
 * Returns out->kind.
 */
enum cli_ssh_kind cli_ssh_cmd_parse(const char *cmd, size_t len,
		    const char *hddir, struct cli_ssh_cmd *out);

#endif
