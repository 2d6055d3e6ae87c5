/*
 * mgmtsec: the operator's shell.  This file is the I/O edge only:
 * options, the batch loop (stdin, -f FILE, -c CMD), and on a terminal the
 * libedit glue (prompt, history, `?` and TAB bound to the shell's help
 * and completion, Ctrl-C clears the line, Ctrl-Z ends configuration) and
 * the --More-- pager.  Everything else is in cli/shell.c.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <histedit.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <termios.h>
#include <unistd.h>

#include "cli/harddisk.h"
#include "cli/sftp_jail.h"
#include "cli/shell.h"
#include "cli/ssh_cmd.h"

struct ctx {
	struct cli_shell	*sh;
	FILE			*in;		/* batch input */
	size_t			 lineno;
	int			 interactive;
	char			*cmds[64];	/* -c */
	size_t			 ncmds, nextcmd;
	int			 use_cmds;
	/* pager state, reset before each prompt */
	size_t			 paged;
	int			 quiet;
	EditLine		*el;
	int			 ctrlz;
	struct termios		 tio;		/* the terminal as we found it */
	int			 have_tio;
};

/*
 * Between two lines libedit leaves the terminal in its own mode (echo
 * on): keys typed ahead, or a pasted block, would be echoed by the
 * terminal and again by libedit, and a Ctrl-Z or Ctrl-C typed ahead
 * would become a signal instead of a key.  So echo and signals are off
 * while a command runs; a question gets the terminal as we found it.
 */
static void
tty_echo(struct ctx *c, int on)
{
	struct termios	t;

	if (!c->have_tio)
		return;
	t = c->tio;
	if (!on)
		t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ISIG);
	tcsetattr(0, TCSANOW, &t);
}

static int64_t
now_ms(void *arg)
{
	struct timeval	tv;

	(void)arg;
	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static void
write_all(int fd, const char *s, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		n = write(fd, s, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		s += n;
		len -= (size_t)n;
	}
}

/* One key from the terminal, raw. */
static int
read_key(void)
{
	struct termios	old, raw;
	unsigned char	c = 'q';

	if (tcgetattr(0, &old) == -1)
		return 'q';
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(0, TCSANOW, &raw);
	if (read(0, &c, 1) != 1)
		c = 'q';
	tcsetattr(0, TCSANOW, &old);
	return c;
}

static void
out_cb(void *arg, const char *s, size_t len)
{
	struct ctx	*c = arg;
	unsigned	 rows;
	const char	*nl;
	size_t		 ll;
	int		 k;

	if (!c->interactive) {
		fwrite(s, 1, len, stdout);
		return;
	}
	rows = c->sh ? cli_shell_term_length(c->sh) : 0;
	while (len > 0) {
		if (c->quiet)
			return;
		nl = memchr(s, '\n', len);
		ll = nl ? (size_t)(nl - s) + 1 : len;
		if (rows > 1 && c->paged >= rows - 1) {
			write_all(1, " --More-- ", 10);
			k = read_key();
			write_all(1, "\r          \r", 12);
			if (k == 'q' || k == 'Q' || k == 3) {
				c->quiet = 1;
				return;
			}
			if (k == '\r' || k == '\n')
				c->paged--;
			else
				c->paged = 0;
		}
		write_all(1, s, ll);
		if (nl)
			c->paged++;
		s += ll;
		len -= ll;
	}
}

static void
diag_cb(void *arg, const char *line)
{
	(void)arg;
	fflush(stdout);
	fprintf(stderr, "%s\n", line);
	fflush(stderr);
}

/*
 * Reads one input line of any length; keeps at most cap-1 bytes (NULs
 * included) and reports the real length, so an over-long line is seen
 * and rejected without holding it all.  Returns -1 at end of input.
 */
static ssize_t
read_line(FILE *f, char *buf, size_t cap, size_t *realp)
{
	size_t	n = 0, real = 0;
	int	ch, any = 0;

	while ((ch = getc_unlocked(f)) != EOF) {
		any = 1;
		if (ch == '\n')
			break;
		if (n + 1 < cap)
			buf[n++] = (char)ch;
		real++;
	}
	buf[n] = 0;
	*realp = real;
	if (!any)
		return -1;
	return (ssize_t)n;
}

static int
ask_cb(void *arg, char *ans, size_t anssz)
{
	struct ctx	*c = arg;
	size_t		 n = 0, real;
	char		 ch;
	ssize_t		 r;

	fflush(stdout);
	if (c->use_cmds) {
		if (c->nextcmd >= c->ncmds)
			return -1;
		snprintf(ans, anssz, "%s", c->cmds[c->nextcmd++]);
		printf("%s\n", ans);
		return 0;
	}
	if (!c->interactive) {
		if (read_line(c->in, ans, anssz, &real) == -1)
			return -1;
		c->lineno++;
		printf("%s\n", ans);
		return 0;
	}
	/* On the terminal, in cooked mode between two el_gets(). */
	tty_echo(c, 1);
	for (;;) {
		r = read(0, &ch, 1);
		if (r <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			tty_echo(c, 0);
			return -1;
		}
		if (ch == '\n')
			break;
		if (n + 1 < anssz)
			ans[n++] = ch;
	}
	ans[n] = 0;
	tty_echo(c, 0);
	return 0;
}

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: mgmtsec [--db PATH] [--socket PATH] [--no-timestamp]\n"
	    "               [--stop-on-error] [-f FILE | -c CMD ...]\n"
	    "\n"
	    "The IOS XR style shell of mgmtsec (IPsec for management traffic).\n"
	    "Interactive on a terminal; batch when standard input is not a\n"
	    "terminal or with -f; one command per -c (repeatable).\n"
	    "\n"
	    "  -f, --file FILE      read commands from FILE\n"
	    "  -c, --command CMD    run CMD (repeatable, in order)\n"
	    "      --db PATH        configuration database (default: "
	    "$MGMTSEC_DB, ...)\n"
	    "      --socket PATH    mgmtsecd control socket (default: beside "
	    "the database)\n"
	    "      --no-timestamp   no timestamp line before command output\n"
	    "      --stop-on-error  stop at the first line that fails\n"
	    "      --new            the database file may be empty (a new "
	    "database)\n"
	    "      --harddisk DIR   the folder called harddisk: (default: "
	    "beside the database)\n"
	    "      --ssh            an SSH login (sshd ForceCommand): "
	    "SSH_ORIGINAL_COMMAND,\n"
	    "                       scp and sftp to harddisk:, show users\n"
	    "  -h, --help           this text\n"
	    "  -V, --version        the version\n"
	    "\n"
	    "Exit status: 0 when every line worked, 1 when any line failed,\n"
	    "2 on a usage error.  See mgmtsec(1).\n");
}

/* libedit glue. */

static struct ctx	*g_ctx;		/* for the libedit callbacks only */

static char *
prompt_fn(EditLine *el)
{
	(void)el;
	return (char *)cli_shell_prompt(g_ctx->sh);
}

static unsigned char
help_fn(EditLine *el, int ch)
{
	const LineInfo	*li = el_line(el);

	(void)ch;
	write_all(1, "?\n", 2);
	g_ctx->paged = 0;
	g_ctx->quiet = 0;
	cli_shell_help(g_ctx->sh, li->buffer, (size_t)(li->cursor -
	    li->buffer));
	return CC_REDISPLAY;
}

static unsigned char
complete_fn(EditLine *el, int ch)
{
	const LineInfo		*li = el_line(el);
	struct cli_helplist	*hl;
	size_t			 start, n, cur, i, w = 0, l, cols, col;
	char			 word[80];

	(void)ch;
	if ((hl = malloc(sizeof(*hl))) == NULL)
		return CC_ERROR;
	cur = (size_t)(li->cursor - li->buffer);
	n = cli_shell_complete(g_ctx->sh, li->buffer, cur, hl, &start);
	if (n == 0) {
		free(hl);
		return CC_REFRESH_BEEP;
	}
	if (n == 1) {
		el_deletestr(el, (int)(cur - start));
		snprintf(word, sizeof(word), "%s%s", hl->e[0].word,
		    hl->e[0].nospace ? "" : " ");
		el_insertstr(el, word);
		free(hl);
		return CC_REFRESH;
	}
	/* Several: list them in columns, then redraw the line. */
	for (i = 0; i < n; i++)
		if ((l = strlen(hl->e[i].word)) > w)
			w = l;
	cols = 78 / (w + 2);
	if (cols == 0)
		cols = 1;
	write_all(1, "\n", 1);
	for (i = 0, col = 0; i < n; i++) {
		printf("%-*s", (int)(w + 2), hl->e[i].word);
		if (++col == cols || i + 1 == n) {
			printf("\n");
			col = 0;
		}
	}
	fflush(stdout);
	free(hl);
	return CC_REDISPLAY;
}

static unsigned char
clear_fn(EditLine *el, int ch)
{
	const LineInfo	*li = el_line(el);

	(void)ch;
	/* Ctrl-C: the line is dropped, a fresh prompt follows. */
	el_cursor(el, (int)(li->lastchar - li->cursor));
	el_deletestr(el, (int)(li->lastchar - li->buffer));
	write_all(1, "^C\n", 3);
	return CC_REDISPLAY;
}

static unsigned char
ctrlz_fn(EditLine *el, int ch)
{
	const LineInfo	*li = el_line(el);

	(void)ch;
	el_cursor(el, (int)(li->lastchar - li->cursor));
	el_deletestr(el, (int)(li->lastchar - li->buffer));
	g_ctx->ctrlz = 1;
	return CC_EOF;
}

static void
sigint_ignore(int sig)
{
	(void)sig;
}

static void
history_path(char *out, size_t outsz)
{
	const char	*xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char		 dir[4096];
	struct passwd	*pw;

	out[0] = 0;
	if (home == NULL && (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	if (xdg && xdg[0] == '/')
		snprintf(dir, sizeof(dir), "%s/mgmtsec", xdg);
	else if (home)
		snprintf(dir, sizeof(dir), "%s/.local/state/mgmtsec", home);
	else
		return;
	/* Best effort: without the folder there is just no history. */
	if (mkdir(dir, 0700) == -1 && errno == ENOENT && home) {
		char	p[4096];

		snprintf(p, sizeof(p), "%s/.local", home);
		mkdir(p, 0700);
		snprintf(p, sizeof(p), "%s/.local/state", home);
		mkdir(p, 0700);
		mkdir(dir, 0700);
	}
	if (strlen(dir) + 9 < outsz)
		snprintf(out, outsz, "%.*s/history", (int)(outsz - 9), dir);
}

/*
 * `terminal width N` (0: no wrapping) for the line editor: libedit takes
 * the terminal's size from the kernel before every line, so the size of
 * the terminal (the pty of an SSH session, the console) is set, as IOS XR
 * sets the line's width, and libedit is told too.
 */
static void
set_columns(EditLine *el, unsigned w, const struct winsize *ws0, int have)
{
	struct winsize	ws;
	char		cols[16];

	if (w == 0 || w > 4096)
		w = 4096;
	if (have) {
		ws = *ws0;
		ws.ws_col = (unsigned short)w;
		(void)ioctl(1, TIOCSWINSZ, &ws);
	}
	snprintf(cols, sizeof(cols), "%u", w);
	el_set(el, EL_SETTC, "co", cols, NULL);
}

static int
run_interactive(struct ctx *c)
{
	EditLine	*el;
	History		*hist;
	HistEvent	 ev;
	const char	*line;
	char		 hpath[4096];
	int		 count, have_ws0, resized = 0;
	size_t		 len;
	unsigned	 w, width;
	struct winsize	 ws0;

	g_ctx = c;
	have_ws0 = ioctl(1, TIOCGWINSZ, &ws0) == 0;
	width = have_ws0 ? ws0.ws_col : 80;
	c->have_tio = tcgetattr(0, &c->tio) == 0;
	if ((el = el_init("mgmtsec", stdin, stdout, stderr)) == NULL) {
		fprintf(stderr, "%% Cannot set up line editing\n");
		return 1;
	}
	c->el = el;
	tty_echo(c, 0);
	/* ^Z means `end` and ^C clears the line: neither stops the shell,
	 * also while a command runs. */
	signal(SIGTSTP, SIG_IGN);
	signal(SIGINT, sigint_ignore);
	hist = history_init();
	history(hist, &ev, H_SETSIZE, 1000);
	history(hist, &ev, H_SETUNIQUE, 1);
	history_path(hpath, sizeof(hpath));
	if (hpath[0])
		history(hist, &ev, H_LOAD, hpath);
	el_set(el, EL_HIST, history, hist);
	el_set(el, EL_PROMPT, prompt_fn);
	el_set(el, EL_EDITOR, "emacs");
	/* ^C and ^Z reach the editor as keys, not signals. */
	el_set(el, EL_SETTY, "-d", "-isig", NULL);
	el_set(el, EL_ADDFN, "mgmtsec-help", "Show help", help_fn);
	el_set(el, EL_ADDFN, "mgmtsec-complete", "Complete", complete_fn);
	el_set(el, EL_ADDFN, "mgmtsec-clear", "Clear the line", clear_fn);
	el_set(el, EL_ADDFN, "mgmtsec-end", "End configuration", ctrlz_fn);
	el_set(el, EL_BIND, "?", "mgmtsec-help", NULL);
	el_set(el, EL_BIND, "^I", "mgmtsec-complete", NULL);
	el_set(el, EL_BIND, "^C", "mgmtsec-clear", NULL);
	el_set(el, EL_BIND, "^Z", "mgmtsec-end", NULL);
	while (!cli_shell_done(c->sh)) {
		/* `terminal width N`: libedit wraps at N columns (0: as
		 * good as never), so automation that sends long commands
		 * gets them echoed back whole, not folded with backspaces. */
		if ((w = cli_shell_term_width(c->sh)) != width) {
			width = w;
			set_columns(el, w, &ws0, have_ws0);
			resized = 1;
		}
		c->paged = 0;
		c->quiet = 0;
		c->ctrlz = 0;
		line = el_gets(el, &count);
		tty_echo(c, 0);
		if (c->ctrlz) {
			/* Ctrl-Z: like `end` (the line was dropped). */
			write_all(1, "\n", 1);
			cli_shell_ctrl_z(c->sh);
			continue;
		}
		if (line == NULL)
			break;		/* Ctrl-D */
		len = strlen(line);
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			len--;
		if (len > 0) {
			char	*h = strndup(line, len);

			if (h) {
				history(hist, &ev, H_ENTER, h);
				free(h);
			}
		}
		c->lineno++;
		/* At the terminal, a failed line is seen there: the exit
		 * status only tells a script about batch input. */
		cli_shell_line(c->sh, line, len, c->lineno);
		fflush(stdout);
	}
	if (!cli_shell_done(c->sh))
		write_all(1, "\n", 1);
	cli_shell_eof(c->sh);
	if (hpath[0])
		history(hist, &ev, H_SAVE, hpath);
	history_end(hist);
	el_end(el);
	tty_echo(c, 1);
	/* The terminal's own size back, as it was before `terminal width`. */
	if (have_ws0 && resized)
		(void)ioctl(1, TIOCSWINSZ, &ws0);
	return 0;
}

static const char *
user_name(void)
{
	struct passwd	*pw = getpwuid(getuid());
	const char	*u = getenv("USER");

	if (pw && pw->pw_name)
		return pw->pw_name;
	return u ? u : "unknown";
}

static void
line_name(int interactive, char *out, size_t outsz)
{
	const char	*tty = interactive ? ttyname(0) : NULL;
	const char	*d;

	if (tty == NULL) {
		snprintf(out, outsz, "%s", interactive ? "con0_RP0_CPU0" :
		    "batch");
		return;
	}
	for (d = tty + strlen(tty); d > tty && d[-1] >= '0' && d[-1] <= '9';
	    d--)
		;
	snprintf(out, outsz, "vty%s:node0_RP0_CPU0", *d ? d : "0");
}

#ifndef SFTP_SERVER
#define SFTP_SERVER	"/usr/lib/openssh/sftp-server"
#endif

/*
 * SSH_ORIGINAL_COMMAND: scp and sftp are run here (exec: returns only on
 * failure, 1); a shell command becomes the one -c command (returns 0
 * with c->ncmds 1).  A refused one prints why and returns 1.
 */
static int
run_ssh_command(struct ctx *c, const char *cmd)
{
	static struct cli_ssh_cmd	sc;
	static char			 hd[4096];
	char				 err[512];

	/* Kept: the shell (and its copy) is freed before an exec. */
	snprintf(hd, sizeof(hd), "%s", cli_shell_harddisk(c->sh));

	switch (cli_ssh_cmd_parse(cmd, strlen(cmd), hd, &sc)) {
	case CLI_SSH_CLI:
		c->cmds[0] = (char *)cmd;
		c->ncmds = 1;
		c->use_cmds = 1;
		return 0;
	case CLI_SSH_SCP:
	case CLI_SSH_SFTP:
		if (cli_hd_mkdir(hd, err, sizeof(err)) == -1) {
			fprintf(stderr, "%% %s\n", err);
			return 1;
		}
		/* The store stays closed for the transfer's length. */
		cli_shell_free(c->sh);
		c->sh = NULL;
		if (sc.kind == CLI_SSH_SCP)
			execvp("scp", sc.argv);
		else
			(void)cli_sftp_exec(hd, SFTP_SERVER);
		fprintf(stderr, "%% Cannot run %s: %s\n", sc.kind ==
		    CLI_SSH_SCP ? "scp" : SFTP_SERVER, strerror(errno));
		return 1;
	default:
		fprintf(stderr, "%% %s\n", sc.err);
		return 1;
	}
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "command", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "socket", required_argument, NULL, 's' },
		{ "no-timestamp", no_argument, NULL, 'T' },
		{ "stop-on-error", no_argument, NULL, 'E' },
		{ "new", no_argument, NULL, 'N' },
		{ "harddisk", required_argument, NULL, 'H' },
		{ "ssh", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ctx	 c;
	struct cli_opts	 o;
	struct cli_io	 io;
	struct winsize	 ws;
	const char	*file = NULL;
	char		 err[512], lname[64], where[64], *buf = NULL;
	const char	*sshcmd = NULL, *cl;
	int		 ch, stop = 0, failed = 0, interactive, ssh = 0;
	ssize_t		 n;
	size_t		 real;

	memset(&c, 0, sizeof(c));
	memset(&o, 0, sizeof(o));
	o.timestamps = 1;
	while ((ch = getopt_long(argc, argv, "f:c:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			file = optarg;
			break;
		case 'c':
			if (c.ncmds == sizeof(c.cmds) / sizeof(c.cmds[0])) {
				fprintf(stderr, "%% Too many -c commands\n");
				return 2;
			}
			c.cmds[c.ncmds++] = optarg;
			break;
		case 'd':
			o.dbpath = optarg;
			break;
		case 's':
			o.sockpath = optarg;
			break;
		case 'T':
			o.timestamps = 0;
			break;
		case 'E':
			stop = 1;
			break;
		case 'N':
			o.new_db = 1;
			break;
		case 'H':
			o.harddisk = optarg;
			break;
		case 'S':
			ssh = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("mgmtsec %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc || (file && c.ncmds)) {
		usage(stderr);
		return 2;
	}
	/* An SSH login that asked for a command (ssh router 'show version',
	 * scp, sftp) runs that instead of the prompt. */
	if (ssh && (sshcmd = getenv("SSH_ORIGINAL_COMMAND")) != NULL &&
	    *sshcmd == 0)
		sshcmd = NULL;
	if (sshcmd != NULL && (file || c.ncmds)) {
		usage(stderr);
		return 2;
	}
	interactive = !file && c.ncmds == 0 && sshcmd == NULL && isatty(0) &&
	    isatty(1);
	c.interactive = interactive;
	c.use_cmds = c.ncmds > 0;
	line_name(interactive, lname, sizeof(lname));
	o.user = user_name();
	o.line = lname;
	o.interactive = interactive;
	where[0] = 0;
	if (ssh && (cl = getenv("SSH_CLIENT")) != NULL)
		snprintf(where, sizeof(where), "%.*s", (int)strcspn(cl, " "),
		    cl);
	if (interactive) {
		o.service = ssh ? "ssh" : "console";
		o.location = where;
	}
	o.term_length = 0;
	o.term_width = 80;
	if (interactive) {
		o.term_length = 24;
		if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0) {
			o.term_length = ws.ws_row;
			o.term_width = ws.ws_col;
		}
	}
	if (file) {
		if ((c.in = fopen(file, "r")) == NULL) {
			fprintf(stderr, "%% Cannot open %s: %s\n", file,
			    strerror(errno));
			return 1;
		}
	} else
		c.in = stdin;
	io.out = out_cb;
	io.diag = diag_cb;
	io.ask = ask_cb;
	io.now_ms = now_ms;
	io.arg = &c;
	/* A broken pipe ends output, not the process, mid-commit. */
	signal(SIGPIPE, SIG_IGN);
	if ((c.sh = cli_shell_new(&o, &io, err, sizeof(err))) == NULL) {
		fprintf(stderr, "%% %s\n", err);
		if (file)
			fclose(c.in);
		return 1;
	}
	if (sshcmd != NULL) {
		if ((failed = run_ssh_command(&c, sshcmd)) != 0)
			goto done;
	}
	if (interactive) {
		failed = run_interactive(&c);
		goto done;
	}
	if ((buf = malloc(CLI_MAX_LINE + 2)) == NULL) {
		fprintf(stderr, "%% Out of memory\n");
		failed = 1;
		goto done;
	}
	for (;;) {
		if (cli_shell_done(c.sh))
			break;
		if (c.use_cmds) {
			if (c.nextcmd >= c.ncmds)
				break;
			snprintf(buf, CLI_MAX_LINE + 2, "%s",
			    c.cmds[c.nextcmd++]);
			n = (ssize_t)strlen(buf);
			real = strlen(c.cmds[c.nextcmd - 1]);
		} else if ((n = read_line(c.in, buf, CLI_MAX_LINE + 2,
		    &real)) == -1)
			break;
		c.lineno++;
		/* An over-long line arrives cut: it is rejected whole
		 * rather than run cut. */
		if ((real > (size_t)n ? cli_shell_overlong(c.sh, real,
		    c.lineno) : cli_shell_line(c.sh, buf, (size_t)n,
		    c.lineno)) == -1) {
			failed = 1;
			if (stop)
				break;
		}
		/* A no-op unless the line printed something: lets a script
		 * follow a session through a pipe. */
		fflush(stdout);
	}
	cli_shell_eof(c.sh);
done:
	fflush(stdout);
	free(buf);
	cli_shell_free(c.sh);
	if (file && c.in)
		fclose(c.in);
	return failed ? 1 : 0;
}
