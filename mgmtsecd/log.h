/*
 * mgmtsecd's log: one line per event, to stderr (foreground, `-d`) with a
 * monotonic-free wall-clock stamp, or to syslog (daemon facility).  Lines
 * are meant for an operator: which tunnel, which side, which exchange, why.
 */
#ifndef MGMTSECD_LOG_H
#define MGMTSECD_LOG_H

#define DMN_LOG_ERR	0
#define DMN_LOG_WARN	1
#define DMN_LOG_INFO	2
#define DMN_LOG_DEBUG	3

/* to_stderr: 1 stderr, 0 syslog; level: the most verbose level shown. */
void	dmn_log_init(int to_stderr, int level);
void	dmn_log_close(void);
int	dmn_log_enabled(int level);
void	dmn_log(int level, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Errors, warnings and information lines are rate-limited by kind and
 * source (mgmtsecd/logrl.h): the first few of each window are logged, the
 * rest counted and summed up in one line.  Debug lines, asked for by the
 * operator, are not limited.  dmn_log_tick() (from a periodic timer)
 * logs the summaries of floods that have stopped.
 */
void	dmn_log_tick(void);
/* Lines left out so far. */
unsigned long long dmn_log_suppressed(void);

#endif
