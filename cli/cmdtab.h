/*
 * The exec-command table: every command that is not a configuration line
 * (show, commit, rollback, configure, terminal, clear, load, save, exit,
 * ...), declared the same way as the configuration schema (tokens with
 * per-token help, typed arguments, any-order option groups), with the
 * modes it is valid in, flags, and its handler.
 */
#ifndef CLI_CMDTAB_H
#define CLI_CMDTAB_H

#include "cli/match.h"

/* Command flags. */
#define CMD_F_TS	0x01	/* prints the timestamp line first */
#define CMD_F_FILTER	0x02	/* output may be filtered with | */

extern const struct cmd_def	cli_cmds[];
extern const size_t		cli_ncmds;

/* Handlers: 0 on success, -1 when the command failed (error printed). */
#define CMD_HANDLER(n)	int n(struct cli_shell *sh, const struct cli_match *m)
CMD_HANDLER(cmd_configure);
CMD_HANDLER(cmd_exit);
CMD_HANDLER(cmd_quit);
CMD_HANDLER(cmd_end);
CMD_HANDLER(cmd_root);
CMD_HANDLER(cmd_abort);
CMD_HANDLER(cmd_do);
CMD_HANDLER(cmd_no);
CMD_HANDLER(cmd_commit);
CMD_HANDLER(cmd_load);
CMD_HANDLER(cmd_save);
CMD_HANDLER(cmd_terminal);
CMD_HANDLER(cmd_show_running);
CMD_HANDLER(cmd_show_candidate);
CMD_HANDLER(cmd_show_merge);
CMD_HANDLER(cmd_show_failed);
CMD_HANDLER(cmd_show_failed_load);
CMD_HANDLER(cmd_show_diff);
CMD_HANDLER(cmd_show_commit_list);
CMD_HANDLER(cmd_show_commit_changes);
CMD_HANDLER(cmd_show_rollback_changes);
CMD_HANDLER(cmd_show_sessions);
CMD_HANDLER(cmd_show_version);
CMD_HANDLER(cmd_rollback);
CMD_HANDLER(cmd_clear_commits);
CMD_HANDLER(cmd_live_show);
CMD_HANDLER(cmd_live_clear);
CMD_HANDLER(cmd_show_history);
CMD_HANDLER(cmd_show_users);
CMD_HANDLER(cmd_show_memory);
CMD_HANDLER(cmd_show_lldp);
CMD_HANDLER(cmd_dir);
CMD_HANDLER(cmd_copy_running);
CMD_HANDLER(cmd_show_interfaces);

#endif
