/*
 * The exec-command table (everything that is not a configuration line),
 * declared like the configuration schema: tokens with help text, typed
 * arguments, optional tokens and any-order option groups (`commit`).
 * The matcher (cli/match.c) walks this table and cfgdb/schema.c
 * together, so `?`, TAB, abbreviations and errors work the same for both.
 */
#include "config.h"

#include "cli/cmdtab.h"

#define E	CLI_MODE_EXEC
#define C	CLI_MODE_CONFIG
#define TS	CMD_F_TS
#define FL	CMD_F_FILTER

#define KW	CFG_KW
#define KWF	CFG_KWF
#define KWG	CFG_KWG
#define ARG	CFG_ARG
#define ARGF	CFG_ARGF
#define ARGG	CFG_ARGG
#define TOKS	CFG_TOKS
#define OPT	CFG_TF_OPT

static const struct cfg_argdef a_termlen = { .type = CFG_T_RANGE, .min = 0,
	.max = 512 };
static const struct cfg_argdef a_count = { .type = CFG_T_RANGE, .min = 1,
	.max = 100 };
static const struct cfg_argdef a_commitid = { .type = CFG_T_RANGE,
	.min = 1000000001u, .max = 4294967295u };
static const struct cfg_argdef a_confirm_s = { .type = CFG_T_RANGE,
	.min = 30, .max = 65535 };
static const struct cfg_argdef a_confirm_m = { .type = CFG_T_RANGE,
	.min = 1, .max = 65535 };
static const struct cfg_argdef a_label = { .type = CFG_T_NAME, .min = 1,
	.max = 30 };
static const struct cfg_argdef a_comment = { .type = CFG_T_TEXT, .min = 1,
	.max = 256 };
static const struct cfg_argdef a_line = { .type = CFG_T_TEXT, .min = 1,
	.max = 4095 };
static const struct cfg_argdef a_file = { .type = CFG_T_PATH, .min = 1,
	.max = 1024 };
static const struct cfg_argdef a_ifname = { .type = CFG_T_IFNAME, .min = 0,
	.max = 65535 };
static const struct cfg_argdef a_ipv4 = { .type = CFG_T_IPV4 };

#define H_SHOW		"Show running system information"
#define H_CONFIGURATION	"Contents of the configuration"
#define H_COMMIT_HIST	"Commit database"
#define H_IKEV2		"IKEv2 state"
#define H_IPSEC		"IPsec state"
#define H_DETAIL	"Detailed information"
#define H_CLEAR		"Reset functions"
#define H_ROLLBACK	"Show the changes a rollback would make"
#define H_CHANGES	"Display the changes of commits"
#define H_TERMINAL	"Set terminal line parameters"
#define H_SA		"Security associations"
#define H_COMMITID	"Commit ID"
#define H_LAST		"Changes made in the most recent <n> commits"

const struct cmd_def cli_cmds[] = {
	/* Entering and leaving modes. */
	{ "configure", E, TS, TOKS(
	    KW("configure", "Enter configuration mode"),
	    KWF("terminal", "Configure from the terminal", OPT)),
	    cmd_configure },
	{ "configure exclusive", E, TS, TOKS(
	    KW("configure", "Enter configuration mode"),
	    KW("exclusive", "Configure exclusively (lock out other "
		"sessions' commits)")),
	    cmd_configure },
	{ "exit (exec)", E, 0, TOKS(
	    KW("exit", "Exit from the EXEC")), cmd_quit },
	{ "exit", C, 0, TOKS(
	    KW("exit", "Exit from this submode")), cmd_exit },
	{ "end", C, 0, TOKS(
	    KW("end", "Exit from configure mode")), cmd_end },
	{ "root", C, 0, TOKS(
	    KW("root", "Exit to the global configuration mode")), cmd_root },
	{ "abort", C, 0, TOKS(
	    KW("abort", "Discard uncommitted changes and exit from "
		"configure mode")), cmd_abort },
	{ "do", C, 0, TOKS(
	    KW("do", "Run an EXEC command"),
	    ARG("LINE", "EXEC command", a_line)), cmd_do },
	{ "no", C, 0, TOKS(
	    KW("no", "Negate a command or set its defaults"),
	    CFG_CONFIG(CFG_TF_NEG)), cmd_no },

	/* Commit and its variants (options in any order). */
	{ "commit", C, TS, TOKS(
	    KW("commit", "Commit the configuration changes to running"),
	    KWG("label", "Assign a label to this commit", 1),
	    ARGG("LABEL", "Commit label", a_label, 0, 1),
	    KWG("comment", "Assign a comment to this commit", 2),
	    ARGG("COMMENT", "Comment (the rest of the line)", a_comment, 0,
		2),
	    KWG("confirmed", "Rollback this commit unless there is a "
		"confirming commit", 3),
	    ARGG("SECONDS", "Seconds until rollback unless there is a "
		"confirming commit", a_confirm_s, OPT, 3),
	    KWG("confirmed", "Rollback this commit unless there is a "
		"confirming commit", 4),
	    KWG("minutes", "Specify the rollback timer in minutes", 4),
	    ARGG("MINUTES", "Minutes until rollback unless there is a "
		"confirming commit", a_confirm_m, 0, 4),
	    KWG("replace", "Replace the contents of running configuration",
		5),
	    KWG("best-effort", "Commit the configuration changes that are "
		"valid (best effort)", 6),
	    KWG("check", "Validate the changes without committing them", 7),
	    KWG("show-error", "Show the errors if the commit fails", 8),
	    KWG("force", "Override the memory checks", 9)),
	    cmd_commit },

	/* Loading and saving. */
	{ "load", C, TS, TOKS(
	    KW("load", "Merge configuration from a file"),
	    ARG("FILE", "File name", a_file)), cmd_load },
	{ "save configuration", E | C, TS, TOKS(
	    KW("save", "Save configuration to a file"),
	    KW("configuration", "Save the configuration"),
	    ARG("FILE", "File name", a_file)), cmd_save },

	/* Terminal. */
	{ "terminal length", E, 0, TOKS(
	    KW("terminal", H_TERMINAL),
	    KW("length", "Set number of lines on a screen"),
	    ARG("LINES", "Number of lines on screen (0 for no pausing)",
		a_termlen)), cmd_terminal },
	{ "terminal width", E, 0, TOKS(
	    KW("terminal", H_TERMINAL),
	    KW("width", "Set width of the display terminal"),
	    ARG("COLUMNS", "Number of characters on a screen line",
		a_termlen)), cmd_terminal },
	{ "terminal exec prompt no-timestamp", E, 0, TOKS(
	    KW("terminal", H_TERMINAL),
	    KW("exec", "Configure EXEC"),
	    KW("prompt", "EXEC prompt"),
	    KW("no-timestamp", "Do not print a timestamp line before "
		"each command")), cmd_terminal },
	{ "terminal exec prompt timestamp", E, 0, TOKS(
	    KW("terminal", H_TERMINAL),
	    KW("exec", "Configure EXEC"),
	    KW("prompt", "EXEC prompt"),
	    KW("timestamp", "Print a timestamp line before each command")),
	    cmd_terminal },

	/* Configuration display. */
	{ "show", C, TS | FL, TOKS(
	    KW("show", H_SHOW)), cmd_show_candidate },
	{ "show running-config", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("running-config", "Current operating configuration"),
	    CFG_CONFIG(CFG_TF_PATH | CFG_TF_OPT)), cmd_show_running },
	{ "show configuration", C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("configuration", H_CONFIGURATION)), cmd_show_candidate },
	{ "show configuration running", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("configuration", H_CONFIGURATION),
	    KW("running", "Running configuration")), cmd_show_running },
	{ "show configuration merge", C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("configuration", H_CONFIGURATION),
	    KW("merge", "Running configuration merged with this session's "
		"changes")), cmd_show_merge },
	{ "show configuration failed", C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("configuration", H_CONFIGURATION),
	    KW("failed", "Configuration that failed the last commit"),
	    KWF("inheritance", "Show the failed items with their parents",
		OPT)), cmd_show_failed },
	{ "show configuration failed load", C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("configuration", H_CONFIGURATION),
	    KW("failed", "Configuration that failed the last commit"),
	    KW("load", "Lines the last load could not parse"),
	    KWF("detail", H_DETAIL, OPT)), cmd_show_failed_load },
	{ "show commit changes diff", C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("commit", "Show commit information"),
	    KW("changes", "The changes this commit would make"),
	    KW("diff", "Running configuration with the changes marked")),
	    cmd_show_diff },
	{ "show configuration commit list", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("configuration", H_CONFIGURATION),
	    KW("commit", H_COMMIT_HIST),
	    KW("list", "List the commits in the database"),
	    ARGF("COUNT", "Number of commits to list", a_count, OPT),
	    KWF("detail", H_DETAIL, OPT)), cmd_show_commit_list },
	{ "show configuration commit changes", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("configuration", H_CONFIGURATION),
	    KW("commit", H_COMMIT_HIST),
	    KW("changes", H_CHANGES),
	    ARG("ID", H_COMMITID, a_commitid)), cmd_show_commit_changes },
	{ "show configuration commit changes last", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("configuration", H_CONFIGURATION),
	    KW("commit", H_COMMIT_HIST),
	    KW("changes", H_CHANGES),
	    KW("last", H_LAST),
	    ARG("COUNT", "Number of commits", a_count)),
	    cmd_show_commit_changes },
	{ "show configuration rollback changes last", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("configuration", H_CONFIGURATION),
	    KW("rollback", "Rollback information"),
	    KW("changes", H_ROLLBACK),
	    KW("last", "Rollback the most recent <n> commits"),
	    ARG("COUNT", "Number of commits", a_count)),
	    cmd_show_rollback_changes },
	{ "show configuration rollback changes to", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("configuration", H_CONFIGURATION),
	    KW("rollback", "Rollback information"),
	    KW("changes", H_ROLLBACK),
	    KW("to", "Rollback to the configuration of a commit"),
	    ARG("ID", H_COMMITID, a_commitid)), cmd_show_rollback_changes },
	{ "show configuration sessions", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("configuration", H_CONFIGURATION),
	    KW("sessions", "Open configuration sessions")), cmd_show_sessions },
	{ "show version", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("version", "Software version")), cmd_show_version },

	{ "show configuration history", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("configuration", H_CONFIGURATION),
	    KW("history", "Configuration events (commits)"),
	    KWF("commit", "Commit events only", OPT),
	    KWF("detail", H_DETAIL, OPT)), cmd_show_history },
	{ "show users", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("users", "Shell sessions (console, SSH)")), cmd_show_users },
	{ "show memory summary", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("memory", "Memory usage"),
	    KW("summary", "Physical memory and this router's processes")),
	    cmd_show_memory },
	{ "show lldp", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("lldp", "Link Layer Discovery Protocol (LLDP)")),
	    cmd_show_lldp },
	{ "show lldp neighbors", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("lldp", "Link Layer Discovery Protocol (LLDP)"),
	    KW("neighbors", "LLDP neighbor entries"),
	    KWF("detail", H_DETAIL, OPT)), cmd_show_lldp },
	{ "dir", E | C, TS | FL, TOKS(
	    KW("dir", "List files on a filesystem"),
	    KWF("/all", "List all files", OPT),
	    KWF("harddisk:", "The harddisk: filesystem", OPT)), cmd_dir },
	{ "copy running-config", E, TS, TOKS(
	    KW("copy", "Copy data from source to destination"),
	    KW("running-config", "Copy from the current system configuration"),
	    ARG("FILE", "Destination: harddisk:NAME or a path", a_file)),
	    cmd_copy_running },

	/* Interfaces: the daemon's tunnel-ip interfaces, as the data plane
	 * has them. */
	{ "show interfaces", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("interfaces", "Interface status and information"),
	    ARGF("IFNAME", "Tunnel-IP interface", a_ifname, OPT),
	    KWF("brief", "Brief interface status", OPT)), cmd_show_interfaces },
	{ "show ipv4 interface", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("ipv4", "IPv4 information"),
	    KW("interface", "IPv4 interface status and configuration"),
	    ARGF("IFNAME", "Tunnel-IP interface", a_ifname, OPT),
	    KWF("brief", "Brief summary of IPv4 status and configuration",
		OPT)), cmd_show_interfaces },
	{ "show ipv6 interface", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("ipv6", "IPv6 information"),
	    KW("interface", "IPv6 interface status and configuration"),
	    ARGF("IFNAME", "Tunnel-IP interface", a_ifname, OPT),
	    KWF("brief", "Brief summary of IPv6 status and configuration",
		OPT)), cmd_show_interfaces },

	/* Live state from the daemon. */
	{ "show ikev2 session", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("ikev2", H_IKEV2),
	    KW("session", "IKEv2 sessions"),
	    KWF("detail", H_DETAIL, OPT)), cmd_live_show },
	{ "show ikev2 sa", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("ikev2", H_IKEV2),
	    KW("sa", "IKE security associations"),
	    KWF("detail", H_DETAIL, OPT)), cmd_live_show },
	{ "show ikev2 summary", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("ikev2", H_IKEV2),
	    KW("summary", "Summary of IKEv2 sessions")), cmd_live_show },
	{ "show ikev2 statistics", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("ikev2", H_IKEV2),
	    KW("statistics", "IKEv2 exchange counters")), cmd_live_show },
	{ "show ipsec sa", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("ipsec", H_IPSEC),
	    KW("sa", "IPsec security associations"),
	    KWF("detail", H_DETAIL, OPT)), cmd_live_show },
	{ "show ipsec sa interface", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("ipsec", H_IPSEC),
	    KW("sa", "IPsec security associations"),
	    KW("interface", "Security associations of one interface"),
	    ARG("IFNAME", "Tunnel-IP interface", a_ifname),
	    KWF("detail", H_DETAIL, OPT)), cmd_live_show },
	{ "show ipsec dataplane", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("ipsec", H_IPSEC),
	    KW("dataplane", "Which data plane carries ESP, and why")),
	    cmd_live_show },
	{ "show crypto ca certificates", E | C, TS | FL, TOKS(
	    KW("show", H_SHOW),
	    KW("crypto", "Cryptography"),
	    KW("ca", "Certification authority"),
	    KW("certificates", "Trustpoints' CA and router certificates")),
	    cmd_live_show },
	{ "clear ikev2 sa", E, TS, TOKS(
	    KW("clear", H_CLEAR),
	    KW("ikev2", "IKEv2"),
	    KW("sa", H_SA),
	    KWF("all", "All IKE SAs", OPT)), cmd_live_clear },
	{ "clear ikev2 sa remote", E, TS, TOKS(
	    KW("clear", H_CLEAR),
	    KW("ikev2", "IKEv2"),
	    KW("sa", H_SA),
	    KW("remote", "IKE SAs with one peer"),
	    ARG("A.B.C.D", "Peer address", a_ipv4)), cmd_live_clear },
	{ "clear ipsec sa", E, TS, TOKS(
	    KW("clear", H_CLEAR),
	    KW("ipsec", "IPsec"),
	    KW("sa", H_SA),
	    KWF("all", "All IPsec SAs", OPT)), cmd_live_clear },
	{ "clear ipsec sa interface", E, TS, TOKS(
	    KW("clear", H_CLEAR),
	    KW("ipsec", "IPsec"),
	    KW("sa", H_SA),
	    KW("interface", "IPsec SAs of one interface"),
	    ARG("IFNAME", "Tunnel-IP interface", a_ifname)), cmd_live_clear },

	/* Commit database. */
	{ "clear configuration commits oldest", E, TS, TOKS(
	    KW("clear", H_CLEAR),
	    KW("configuration", "Configuration"),
	    KW("commits", "Commit database"),
	    KW("oldest", "Remove the oldest <n> commits"),
	    ARG("COUNT", "Number of commits", a_count)), cmd_clear_commits },
	{ "rollback configuration last", E, TS, TOKS(
	    KW("rollback", "Roll back configuration changes"),
	    KW("configuration", "Configuration"),
	    KW("last", "Roll back the last <n> commits"),
	    ARG("COUNT", "Number of commits", a_count)), cmd_rollback },
	{ "rollback configuration to", E, TS, TOKS(
	    KW("rollback", "Roll back configuration changes"),
	    KW("configuration", "Configuration"),
	    KW("to", "Roll back to the configuration right after a commit"),
	    ARG("ID", H_COMMITID, a_commitid)), cmd_rollback },
	{ "rollback configuration", E, TS, TOKS(
	    KW("rollback", "Roll back configuration changes"),
	    KW("configuration", "Configuration"),
	    ARG("ID", "Commit ID: undo this commit and every later one",
		a_commitid)), cmd_rollback },
};

const size_t cli_ncmds = sizeof(cli_cmds) / sizeof(cli_cmds[0]);
