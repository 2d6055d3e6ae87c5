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

#endif
