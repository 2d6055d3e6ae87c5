/*
 * SSH_ORIGINAL_COMMAND (cli/ssh_cmd.h).  The text comes from the SSH
 * client: every byte is checked, words are split on blanks only (no
 * quoting is interpreted), and the path that reaches scp is one this
 * file built inside the harddisk: folder.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/harddisk.h"
#include "cli/ssh_cmd.h"

#define MAXWORDS	16

static enum cli_ssh_kind
refuse(struct cli_ssh_cmd *o, const char *msg)
{
	o->kind = CLI_SSH_REFUSE;
	snprintf(o->err, sizeof(o->err), "%s", msg);
	return o->kind;
}

static int
is_word(const char *w, size_t n, const char *s)
{
	return n == strlen(s) && memcmp(w, s, n) == 0;
}

enum cli_ssh_kind
cli_ssh_cmd_parse(const char *cmd, size_t len, const char *hddir,
    struct cli_ssh_cmd *o)
{
	const char	*w[MAXWORDS];
	size_t		 wl[MAXWORDS], nw = 0, i, k, no = 0;
	char		 name[4352];
	int		 dir = 0, updown = 0;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < len; i++)
		if ((unsigned char)cmd[i] < 0x20 && cmd[i] != '\t')
			return refuse(o, "control characters in the command");
		else if ((unsigned char)cmd[i] >= 0x7f)
			return refuse(o, "non-ASCII bytes in the command");
	for (i = 0; i < len && nw <= MAXWORDS;) {
		while (i < len && (cmd[i] == ' ' || cmd[i] == '\t'))
			i++;
		if (i == len)
			break;
		if (nw == MAXWORDS) {
			nw++;
			break;
		}
		w[nw] = cmd + i;
		while (i < len && cmd[i] != ' ' && cmd[i] != '\t')
			i++;
		wl[nw] = (size_t)(cmd + i - w[nw]);
		nw++;
	}
	if (nw == 0)
		return refuse(o, "empty command");
	if (is_word(w[0], wl[0], "sftp") || is_word(w[0], wl[0],
	    "internal-sftp") || (wl[0] > 12 && memcmp(w[0] + wl[0] - 12,
	    "/sftp-server", 12) == 0)) {
		if (nw != 1)
			return refuse(o, "sftp takes no arguments here");
		o->kind = CLI_SSH_SFTP;
		return o->kind;
	}
	if (!is_word(w[0], wl[0], "scp")) {
		/* Programs a client may try instead of the shell. */
		static const char *const progs[] = { "sh", "bash", "rsync",
		    "/bin/sh", "/bin/bash", "exec", "env", NULL };

		for (k = 0; progs[k]; k++)
			if (is_word(w[0], wl[0], progs[k]))
				return refuse(o, "only shell commands, scp and "
				    "sftp are allowed");
		o->kind = CLI_SSH_CLI;
		return o->kind;
	}
	if (nw > MAXWORDS)
		return refuse(o, "scp: too many arguments");
	o->argv[0] = (char *)"scp";
	for (i = 1; i + 1 < nw; i++) {
		if (is_word(w[i], wl[i], "--"))
			continue;
		if (wl[i] < 2 || w[i][0] != '-')
			return refuse(o, "scp: one file only");
		for (k = 1; k < wl[i]; k++) {
			switch (w[i][k]) {
			case 't':
			case 'f':
				if (updown)
					return refuse(o, "scp: -t or -f, once");
				updown = w[i][k];
				break;
			case 'd':
				dir = 1;
				break;
			case 'p':
			case 'v':
				break;
			default:
				return refuse(o, "scp: only -t, -f, -d, -p "
				    "and -v are allowed (no -r)");
			}
			if (no == CLI_SSH_MAXARGS - 3)
				return refuse(o, "scp: too many options");
			o->opts[no][0] = '-';
			o->opts[no][1] = w[i][k];
			o->opts[no][2] = 0;
			o->argv[1 + no] = o->opts[no];
			no++;
		}
	}
	if (!updown)
		return refuse(o, "scp: not a transfer (-t or -f)");
	if (nw < 2 || (wl[nw - 1] > 0 && w[nw - 1][0] == '-'))
		return refuse(o, "scp: no file");
	/* "/harddisk:/F" as Ansible and Netmiko name it, or "harddisk:F". */
	k = nw - 1;
	i = 0;
	while (i < wl[k] && w[k][i] == '/')
		i++;
	if (wl[k] - i < strlen(CLI_HD_PREFIX) || memcmp(w[k] + i,
	    CLI_HD_PREFIX, strlen(CLI_HD_PREFIX)) != 0)
		return refuse(o, "scp: only harddisk: files can be copied");
	if (wl[k] - i >= sizeof(name))
		return refuse(o, "scp: file name too long");
	memcpy(name, w[k] + i, wl[k] - i);
	name[wl[k] - i] = 0;
	if (strspn(name + strlen(CLI_HD_PREFIX), "/") ==
	    strlen(name + strlen(CLI_HD_PREFIX))) {
		/* harddisk: itself: only as the folder of an upload. */
		if (!(dir && updown == 't'))
			return refuse(o, "scp: no file name after harddisk:");
		if (snprintf(o->path, sizeof(o->path), "%s", hddir) >=
		    (int)sizeof(o->path))
			return refuse(o, "scp: folder name too long");
	} else if (cli_hd_resolve(hddir, name, o->path, sizeof(o->path),
	    o->err, sizeof(o->err)) == -1) {
		o->kind = CLI_SSH_REFUSE;
		return o->kind;
	}
	o->argv[1 + no] = (char *)"--";
	o->argv[2 + no] = o->path;
	o->argv[3 + no] = NULL;
	o->kind = CLI_SSH_SCP;
	return o->kind;
}
