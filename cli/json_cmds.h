/*
 * `show ... | json`: which commands have a JSON form, and running one.
 * The table in cli/cmd_json.c maps an exec command's name (cmd_def.name)
 * to the function that builds its document; giving a new show command a
 * JSON form is one function and one row there.
 */
#ifndef CLI_JSON_CMDS_H
#define CLI_JSON_CMDS_H

#include <json-c/json.h>

#include "cli/match.h"

struct cli_shell;

/*
 * Builds the document of the matched command into *doc (the caller puts
 * it).  0, or -1 with the error printed (sh_error()).
 */
typedef int	(*cli_json_fn)(struct cli_shell *, const struct cli_match *,
		    struct json_object **doc);

/* The builder of the command called name, or NULL when it has none. */
cli_json_fn	cli_json_find(const char *name);
/* The i-th command name of the table, or NULL past its end (tests). */
const char	*cli_json_name(size_t i);
/* Runs the matched command's JSON form into the shell's output.  0 or -1. */
int		cli_json_run(struct cli_shell *, const struct cli_match *);

#endif
