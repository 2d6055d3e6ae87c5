/*
 * The caller's error buffer (HACKING.md: user-facing failures fill a
 * caller's error buffer).  One definition for every module that fills
 * one, so that a NULL or zero-sized buffer means "no text wanted"
 * everywhere.
 */
#ifndef COMMON_ERRBUF_H
#define COMMON_ERRBUF_H

#include <stddef.h>

/*
 * Formats into err (errlen bytes, always terminated, truncated if need
 * be); does nothing when err is NULL or errlen is 0.
 */
void	errbuf_set(char *err, size_t errlen, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
