/*
 * http.h -- one HTTP request at a time over libcurl for the JSON APIs we call (the Telegram
 * Bot API, the chat-completions API of llm.c): bounded connect and total timeouts, a cap on the answer's size, the server's
 * Retry-After. No retries here: each caller has its own policy.
 */
#ifndef BB_HTTP_H
#define BB_HTTP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/compat.h"

struct http;

struct http_answer {
	long status; /* the HTTP status; 0 when the transfer failed */
	struct buf body; /* owned by the caller: http_answer_init / http_answer_free */
	bool too_big; /* the body exceeded the cap: the transfer was cut */
	long retry_after_s; /* the Retry-After header in seconds, -1 when absent */
};

/* NULL when out of memory or libcurl cannot start. */
struct http *http_new(void) WUR;
void http_free(struct http *h);
/*
 * While *flag is non-zero (a signal handler sets it), a transfer in progress is cut within
 * about a second and fails: a long poll does not hold up a shutdown. NULL: never cut.
 */
void http_set_abort(struct http *h, const volatile sig_atomic_t *flag);

void http_answer_init(struct http_answer *a);
void http_answer_free(struct http_answer *a);

/*
 * POSTs body (application/json) to url, with "Authorization: Bearer <bearer>" unless bearer
 * is NULL, and waits at most timeout_ms in all. 0 when an answer came (any status, in
 * a->status), -1 with curl's reason in err when the transfer failed. The reason may contain
 * the URL: a caller whose URL holds a secret must scrub it.
 */
int http_post_json(struct http *h, const char *url, const char *bearer, const char *body,
    long connect_timeout_ms, long timeout_ms, size_t max_answer, struct http_answer *a, char *err,
    size_t errlen) WUR;

#endif
