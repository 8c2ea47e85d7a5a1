/* log.h -- one-line log records on stderr, tagged with the process and the current request. */
#ifndef BB_LOG_H
#define BB_LOG_H

#include "compat.h"

/* The request id put on every line until the next call; NULL clears it. */
void log_set_request(const char *request_id);
void log_info(const char *fmt, ...) PRINTF_LIKE(1, 2);
void log_warn(const char *fmt, ...) PRINTF_LIKE(1, 2);
void log_error(const char *fmt, ...) PRINTF_LIKE(1, 2);

#endif
