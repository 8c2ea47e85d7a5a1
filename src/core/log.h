/* log.h -- one-line log records on stderr, tagged with the process and the current request. */
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

void log_info(const char *fmt, ...) PRINTF_LIKE(1, 2);
void log_warn(const char *fmt, ...) PRINTF_LIKE(1, 2);
void log_error(const char *fmt, ...) PRINTF_LIKE(1, 2);

#endif
