/* http.c -- JSON over HTTP with libcurl, for the API clients that need no signing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "store/http.h"

/* A Retry-After longer than this is not believed (it would stall a client for hours). */
#define HTTP_RETRY_AFTER_MAX_S 3600

struct http {
	CURL *curl;
	const volatile sig_atomic_t *abort;
};

struct sink {
	struct http_answer *a;
	size_t max;
};

struct http *
http_new(void)
{
	struct http *h = calloc(1, sizeof(*h));

	if (h == NULL)
		return NULL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (h->curl = curl_easy_init()) == NULL) {
		free(h);
		return NULL;
	}
	return h;
}

void
http_free(struct http *h)
{
	if (h == NULL)
		return;
	curl_easy_cleanup(h->curl);
	free(h);
}

void
http_set_abort(struct http *h, const volatile sig_atomic_t *flag)
{
	h->abort = flag;
}

/* libcurl calls this about once a second during a transfer; non-zero cuts it. */
static int
on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	const struct http *h = arg;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return h->abort != NULL && *h->abort != 0;
}

void
http_answer_init(struct http_answer *a)
{
	a->status = 0;
	buf_init(&a->body);
	a->too_big = false;
	a->retry_after_s = -1;
}

void
http_answer_free(struct http_answer *a)
{
	buf_free(&a->body);
}

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;

	if (s->a->body.len + size * n > s->max) {
		s->a->too_big = true;
		return 0; /* aborts the transfer */
	}
	buf_append(&s->a->body, data, size * n);
	return s->a->body.failed ? 0 : size * n;
}

static size_t
on_header(char *data, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = size * n;

	if (len > 12 && strncasecmp(data, "Retry-After:", 12) == 0) {
		char tmp[32], *end;
		size_t k = len - 12 < sizeof(tmp) - 1 ? len - 12 : sizeof(tmp) - 1;
		long v;

		memcpy(tmp, data + 12, k);
		tmp[k] = '\0';
		v = strtol(tmp, &end, 10);
		if (end != tmp && v >= 0 && v <= HTTP_RETRY_AFTER_MAX_S)
			s->a->retry_after_s = v; /* an HTTP date is left to the caller's back-off */
	}
	return len;
}

/* "Authorization: Bearer " and an API key: keys are a few hundred bytes at most. */
#define HTTP_AUTH_MAX 512

int
http_post_json(struct http *h, const char *url, const char *bearer, const char *body,
    long connect_timeout_ms, long timeout_ms, size_t max_answer, struct http_answer *a, char *err,
    size_t errlen)
{
	char curl_err[CURL_ERROR_SIZE], auth[HTTP_AUTH_MAX];
	struct curl_slist *headers = NULL;
	struct sink s = { a, max_answer };
	CURLcode rc;
	int ret = -1;

	buf_reset(&a->body);
	a->status = 0;
	a->too_big = false;
	a->retry_after_s = -1;
	headers = curl_slist_append(NULL, "Content-Type: application/json");
	if (headers != NULL && bearer != NULL) {
		struct curl_slist *more;

		if (snprintf(auth, sizeof(auth), "Authorization: Bearer %s", bearer) >=
		    (int)sizeof(auth)) {
			curl_slist_free_all(headers);
			snprintf(err, errlen, "the API key is too long");
			return -1;
		}
		more = curl_slist_append(headers, auth);
		if (more == NULL)
			curl_slist_free_all(headers);
		headers = more;
	}
	if (headers == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	curl_easy_reset(h->curl);
	curl_easy_setopt(h->curl, CURLOPT_URL, url);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms);
	curl_easy_setopt(h->curl, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, curl_err);
	curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(h->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h->curl, CURLOPT_HEADERDATA, &s);
	curl_easy_setopt(h->curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h->curl, CURLOPT_XFERINFODATA, h);
	curl_easy_setopt(h->curl, CURLOPT_NOPROGRESS, 0L);
	curl_err[0] = '\0';
	rc = curl_easy_perform(h->curl);
	if (a->too_big)
		snprintf(err, errlen, "the answer exceeds %zu bytes", max_answer);
	else if (rc != CURLE_OK)
		snprintf(
		    err, errlen, "%s", curl_err[0] != '\0' ? curl_err : curl_easy_strerror(rc));
	else {
		curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &a->status);
		ret = 0;
	}
	curl_slist_free_all(headers);
	return ret;
}
