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
#include "mgmtsecd/logrl.h"

static int		log_stderr = 1;
static int		log_level = DMN_LOG_INFO;
static struct logrl	log_rl;

static uint64_t
mono_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

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

/* One line out, as it is. */
static void
emit(int level, const char *msg)
{
	static const char *const tag[] = { "error", "warning", "info",
	    "debug" };
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO,
	    LOG_DEBUG };
	char		 ts[32];
	struct timeval	 tv;
	struct tm	 tm;

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

void
dmn_log(int level, const char *fmt, ...)
{
	char		 msg[1024], sum[128];
	va_list		 ap;

	if (level > log_level || level < 0 || level > DMN_LOG_DEBUG)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (level < DMN_LOG_DEBUG) {
		if (!logrl_check(&log_rl, msg, mono_ms(), sum, sizeof(sum))) {
			if (sum[0] != '\0')
				emit(DMN_LOG_INFO, sum);
			return;
		}
		if (sum[0] != '\0')
			emit(DMN_LOG_INFO, sum);
	}
	emit(level, msg);
}

void
dmn_log_tick(void)
{
	char	sum[128];
	int	n = 0;

	while (n++ < LOGRL_SLOTS &&
	    logrl_flush(&log_rl, mono_ms(), sum, sizeof(sum)))
		emit(DMN_LOG_INFO, sum);
}

unsigned long long
dmn_log_suppressed(void)
{
	return log_rl.suppressed_total;
}
