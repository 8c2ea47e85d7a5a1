/* log.c -- log records on stderr, one JSON object per line. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "utf8.h"

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

/* Appends c to dst[*o] when room is left (one byte kept for the NUL). */
static bool
put(char *dst, size_t cap, size_t *o, const char *s, size_t n)
{
	if (*o + n >= cap)
		return false;
	memcpy(dst + *o, s, n);
	*o += n;
	return true;
}

/*
 * Appends s[0..n) as the inside of a JSON string: quotes and backslashes escaped, a byte that
 * is not part of well-formed UTF-8 written as the text \xNN (as log_escape writes control
 * bytes). The input never holds control bytes (log_escape removed them). Cuts at a whole
 * character.
 */
static bool
put_json_text(char *dst, size_t cap, size_t *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;

	while (i < n) {
		size_t start = i;
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			char esc[2] = { '\\', (char)c };

			if (!put(dst, cap, o, esc, 2))
				return false;
			i++;
		} else if (c < 0x80) {
			if (!put(dst, cap, o, s + i, 1))
				return false;
			i++;
		} else if (utf8_next(s, n, &i) != UTF8_INVALID || i - start > 1) {
			if (!put(dst, cap, o, s + start, i - start))
				return false;
		} else {
			char esc[5] = { '\\', '\\', 'x', hex[c >> 4], hex[c & 15] };

			if (!put(dst, cap, o, esc, 5))
				return false;
		}
	}
	return true;
}

size_t
log_format(char *dst, size_t cap, const struct log_fields *f)
{
	char pid[24], escaped[LOG_LINE_MAX];
	size_t o = 0, n;

	if (cap == 0)
		return 0;
	snprintf(pid, sizeof(pid), "%ld", f->pid);
	n = log_escape(escaped, sizeof(escaped), f->msg, f->msg_len);
	/* The fixed fields first: a message too long is cut, never the line's shape. */
	if (!put(dst, cap, &o, "{\"ts\":\"", 7) ||
	    !put_json_text(dst, cap, &o, f->ts, strlen(f->ts)) ||
	    !put(dst, cap, &o, "\",\"pid\":", 8) || !put(dst, cap, &o, pid, strlen(pid)) ||
	    !put(dst, cap, &o, ",\"level\":\"", 10) ||
	    !put_json_text(dst, cap, &o, f->level, strlen(f->level)) || !put(dst, cap, &o, "\"", 1))
		goto cut;
	if (f->request_id != NULL && f->request_id[0] != '\0' &&
	    (!put(dst, cap, &o, ",\"request_id\":\"", 15) ||
	        !put_json_text(dst, cap, &o, f->request_id, strlen(f->request_id)) ||
	        !put(dst, cap, &o, "\"", 1)))
		goto cut;
	if (!put(dst, cap, &o, ",\"msg\":\"", 8))
		goto cut;
	/* Room for the closing quote and brace: cut the message short if need be. */
	if (cap - o > 2)
		put_json_text(dst, cap - 2, &o, escaped, n);
	put(dst, cap, &o, "\"}", 2);
	dst[o] = '\0';
	return o;
cut:
	dst[0] = '\0';
	return 0;
}

static void
vlog(const char *level, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX + 256], msg[LOG_LINE_MAX], ts[80];
	struct log_fields f;
	struct timespec ts_now;
	struct tm tm;
	size_t n;
	int m;

	clock_gettime(CLOCK_REALTIME, &ts_now);
	gmtime_r(&ts_now.tv_sec, &tm);
	snprintf(ts, sizeof(ts), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts_now.tv_nsec / 1000000);
	m = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (m < 0)
		return;
	m = (size_t)m >= sizeof(msg) ? (int)sizeof(msg) - 1 : m;
	/* Library messages often end in a newline of their own. */
	while (m > 0 && (msg[m - 1] == '\n' || msg[m - 1] == '\r'))
		m--;
	f.ts = ts;
	f.pid = (long)getpid();
	f.level = level;
	f.request_id = current_request;
	f.msg = msg;
	f.msg_len = (size_t)m;
	/* A client's bytes (a path, a field) can never start a line of their own. */
	n = log_format(line, sizeof(line) - 1, &f);
	if (n == 0)
		return;
	line[n++] = '\n';
	fwrite(line, 1, n, stderr);
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
