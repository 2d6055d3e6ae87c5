/*
 * The caller's error buffer (see errbuf.h).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "common/errbuf.h"

/* Described in header. */
void
errbuf_set(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}
