/*
 * Fuzz target: SSH_ORIGINAL_COMMAND as an SSH client may send it.  Checks
 * what must hold for any input: a transfer's path is inside the harddisk:
 * folder with no ".." component, argv is NULL-terminated and starts with
 * scp, and a refusal says why.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/ssh_cmd.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HD	"/hd/harddisk"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cli_ssh_cmd	o;
	const char		*p;
	size_t			i;

	switch (cli_ssh_cmd_parse((const char *)data, size, HD, &o)) {
	case CLI_SSH_SCP:
		if (strcmp(o.argv[0], "scp") != 0)
			abort();
		for (i = 0; o.argv[i] != NULL; i++)
			if (i >= CLI_SSH_MAXARGS)
				abort();
		if (strncmp(o.path, HD, strlen(HD)) != 0 ||
		    (o.path[strlen(HD)] != 0 && o.path[strlen(HD)] != '/'))
			abort();
		for (p = o.path; (p = strstr(p, "..")) != NULL; p += 2)
			if (p[-1] == '/' && (p[2] == '/' || p[2] == 0))
				abort();
		break;
	case CLI_SSH_REFUSE:
		if (o.err[0] == 0)
			abort();
		break;
	default:
		break;
	}
	return 0;
}
