/*
 * log.h -- log records on stderr, one JSON object per line: {"ts", "pid", "level",
 * "request_id" (while a request is served), "msg"}. The message is first passed through
 * log_escape, so a client's bytes can never start a line or fake an escape.
 */
#ifndef BB_LOG_H
#define BB_LOG_H

#include <stddef.h>

#include "compat.h"

/* The request id put on every line until the next call; NULL clears it. */
void log_set_request(const char *request_id);
/*
 * Copies src[0..n) to dst (cap bytes, NUL-terminated) with control bytes written as \xNN and
 * backslashes doubled, cutting at a whole character; returns the length written.
 */
size_t log_escape(char *dst, size_t cap, const char *src, size_t n);

/* A message longer than this is cut (a log line is read by people and by line-based tools). */
#define LOG_LINE_MAX 1024

struct log_fields {
	const char *ts; /* RFC 3339 UTC time */
	long pid;
	const char *level;
	const char *request_id; /* NULL or "" when there is none */
	const char *msg;
	size_t msg_len;
};
/*
 * Writes the JSON object of one record to dst (cap bytes, NUL-terminated, no newline); the
 * message is cut at a whole character to fit. Returns the length, 0 when even the fixed
 * fields do not fit.
 */
size_t log_format(char *dst, size_t cap, const struct log_fields *f);

void log_info(const char *fmt, ...) PRINTF_LIKE(1, 2);
void log_warn(const char *fmt, ...) PRINTF_LIKE(1, 2);
void log_error(const char *fmt, ...) PRINTF_LIKE(1, 2);

#endif
