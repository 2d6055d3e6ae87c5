/*
 * mgmtsec: the operator's shell.  Placeholder entry point of the project
 * skeleton; the shell proper arrives with the shell/store work.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("mgmtsec %s\n", PACKAGE_VERSION);
		return 0;
	}
	fprintf(stderr, "%% mgmtsec: shell not built yet\n");
	return 1;
}
