/*
 * mgmtsecd's log (see log.h).  Process-wide state is fine here: this is
 * the daemon's edge, never linked into pure code.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <sys/time.h>
#include <time.h>

#include "mgmtsecd/log.h"

static int	log_stderr = 1;
static int	log_level = DMN_LOG_INFO;

void
dmn_log_init(int to_stderr, int level)
{
	log_stderr = to_stderr;
	log_level = level;
	if (!to_stderr)
		openlog("mgmtsecd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void
dmn_log_close(void)
{
	if (!log_stderr)
		closelog();
}

int
dmn_log_enabled(int level)
{
	return level <= log_level;
}

void
dmn_log(int level, const char *fmt, ...)
{
	static const char *const tag[] = { "error", "warning", "info",
	    "debug" };
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO,
	    LOG_DEBUG };
	char		 msg[1024], ts[32];
	struct timeval	 tv;
	struct tm	 tm;
	va_list		 ap;

	if (level > log_level || level < 0 || level > DMN_LOG_DEBUG)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!log_stderr) {
		syslog(prio[level], "%s", msg);
		return;
	}
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%H:%M:%S", &tm);
	fprintf(stderr, "%s.%03ld mgmtsecd %s: %s\n", ts,
	    (long)(tv.tv_usec / 1000), tag[level], msg);
}
