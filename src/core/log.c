/* log.c -- one-line log records on stderr. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

/* Request ids come from nginx ($request_id, 32 hex digits); longer ones are cut. */
static char current_request[40];

void
log_set_request(const char *request_id)
{
	if (request_id == NULL) {
		current_request[0] = '\0';
		return;
	}
	snprintf(current_request, sizeof(current_request), "%s", request_id);
}

size_t
log_escape(char *dst, size_t cap, const char *src, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	if (cap == 0)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)src[i];

		if (c >= 0x20 && c != 0x7f && c != '\\') {
			if (o + 1 >= cap)
				break;
			dst[o++] = (char)c;
		} else if (c == '\\') {
			if (o + 2 >= cap)
				break;
			dst[o++] = '\\';
			dst[o++] = '\\';
		} else {
			if (o + 4 >= cap)
				break;
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = hex[c >> 4];
			dst[o++] = hex[c & 15];
		}
	}
	dst[o] = '\0';
	return o;
}

static void
vlog(const char *level, const char *fmt, va_list ap)
{
	char line[1024], msg[1024];
	struct timespec ts;
	struct tm tm;
	int n, m;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = snprintf(line, sizeof(line), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ [%ld] %s%s%s ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    ts.tv_nsec / 1000000, (long)getpid(), level, current_request[0] ? " req=" : "",
	    current_request);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	m = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (m < 0)
		return;
	m = (size_t)m >= sizeof(msg) ? (int)sizeof(msg) - 1 : m;
	/* Library messages often end in a newline of their own. */
	while (m > 0 && (msg[m - 1] == '\n' || msg[m - 1] == '\r'))
		m--;
	/* A client's bytes (a path, a field) can never start a line of their own. */
	n += (int)log_escape(line + n, sizeof(line) - (size_t)n - 1, msg, (size_t)m);
	line[n++] = '\n';
	fwrite(line, 1, (size_t)n, stderr);
	fflush(stderr);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("info", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("warn", fmt, ap);
	va_end(ap);
}

void
log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("error", fmt, ap);
	va_end(ap);
}
