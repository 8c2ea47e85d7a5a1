/*
 * llm.c -- chat completions over HTTP with libcurl. An attempt that fails on the network,
 * times out, or gets 429 or 5xx is retried after a back-off (doubling from BACKOFF_FIRST_MS,
 * with jitter) or after the server's Retry-After when it says so; other answers are final.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "core/chat.h"
#include "core/jv.h"
#include "core/log.h"
#include "store/llm.h"

#define BACKOFF_FIRST_MS 500
#define RETRY_AFTER_MAX_S 3600

struct llm {
	struct llm_config cfg;
	CURL *curl;
	char url[1024];
};

struct answer {
	struct buf body;
	bool too_big;
	long retry_after_s; /* -1: not given */
};

static long
env_long(const char *name, long fallback, long min, long max)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (v == NULL || *v == '\0')
		return fallback;
	n = strtol(v, &end, 10);
	return *end == '\0' && n >= min && n <= max ? n : fallback;
}

void
llm_config_from_env(struct llm_config *cfg)
{
	const char *url = getenv("BILLBOARD_LLM_BASE_URL");
	const char *key = getenv("BILLBOARD_LLM_API_KEY");
	const char *model = getenv("BILLBOARD_LLM_MODEL");

	cfg->base_url = url != NULL && *url != '\0' ? url : NULL;
	cfg->api_key = key != NULL && *key != '\0' ? key : NULL;
	cfg->model = model != NULL && *model != '\0' ? model : "gpt-4o-mini";
	cfg->connect_timeout_ms = env_long("BILLBOARD_LLM_CONNECT_TIMEOUT_MS", 3000, 1, 600000);
	cfg->total_timeout_ms = env_long("BILLBOARD_LLM_TIMEOUT_MS", 30000, 1, 3600000);
	cfg->max_attempts = (int)env_long("BILLBOARD_LLM_ATTEMPTS", 4, 1, 20);
	cfg->max_backoff_ms = 30000;
}

struct llm *
llm_new(const struct llm_config *cfg)
{
	struct llm *l = calloc(1, sizeof(*l));
	size_t len;

	if (l == NULL)
		return NULL;
	l->cfg = *cfg;
	len = strlen(cfg->base_url);
	while (len > 0 && cfg->base_url[len - 1] == '/')
		len--;
	if (snprintf(l->url, sizeof(l->url), "%.*s/chat/completions", (int)len, cfg->base_url) >=
	        (int)sizeof(l->url) ||
	    (l->curl = curl_easy_init()) == NULL) {
		free(l);
		return NULL;
	}
	return l;
}

void
llm_free(struct llm *l)
{
	if (l == NULL)
		return;
	curl_easy_cleanup(l->curl);
	free(l);
}

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct answer *a = arg;

	if (a->body.len + size * n > LLM_ANSWER_MAX) {
		a->too_big = true;
		return 0; /* aborts the transfer */
	}
	buf_append(&a->body, data, size * n);
	return a->body.failed ? 0 : size * n;
}

static size_t
on_header(char *data, size_t size, size_t n, void *arg)
{
	struct answer *a = arg;
	size_t len = size * n;

	if (len > 12 && strncasecmp(data, "Retry-After:", 12) == 0) {
		char tmp[32];
		size_t k = len - 12 < sizeof(tmp) - 1 ? len - 12 : sizeof(tmp) - 1;
		char *end;
		long s;

		memcpy(tmp, data + 12, k);
		tmp[k] = '\0';
		s = strtol(tmp, &end, 10);
		if (end != tmp && s >= 0 && s <= RETRY_AFTER_MAX_S)
			a->retry_after_s =
			    s; /* an HTTP date is not honoured: the back-off applies */
	}
	return len;
}

/* The request body: the model, the two messages, a deterministic temperature. */
static char *
request_body(const struct llm *l, const char *system, const char *user)
{
	struct json_object *o = json_object_new_object(), *msgs = json_object_new_array();
	struct json_object *m[2] = { json_object_new_object(), json_object_new_object() };
	char *out = NULL;

	if (o == NULL || msgs == NULL || m[0] == NULL || m[1] == NULL ||
	    !jv_add_str(m[0], "role", "system", 6) ||
	    !jv_add_str(m[0], "content", system, strlen(system)) ||
	    !jv_add_str(m[1], "role", "user", 4) ||
	    !jv_add_str(m[1], "content", user, strlen(user)) ||
	    json_object_array_add(msgs, m[0]) != 0) {
		json_object_put(m[0]);
		json_object_put(m[1]);
		goto done;
	}
	if (json_object_array_add(msgs, m[1]) != 0) {
		json_object_put(m[1]);
		goto done;
	}
	if (!jv_add_str(o, "model", l->cfg.model, strlen(l->cfg.model)) ||
	    !jv_add(o, "messages", msgs)) {
		msgs = NULL;
		goto done;
	}
	msgs = NULL;
	if (!jv_add(o, "temperature", json_object_new_double(0)))
		goto done;
	out = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
done:
	json_object_put(msgs);
	json_object_put(o);
	return out;
}

/* Reads choices[0].message.content of a 200 answer into out (core/chat.c). */
static int
read_content(const struct buf *body, struct buf *out, char *err, size_t errlen)
{
	return chat_content(body->data, body->len, out, err, errlen);
}

static long
elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* 408, 409, 429 and 5xx may pass: the same request is sent again after a back-off. */
static bool
retryable(long status)
{
	return status == 408 || status == 409 || status == 429 || status >= 500;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

int
llm_chat(struct llm *l, const char *system, const char *user, struct buf *answer, char *err,
    size_t errlen)
{
	return llm_chat_until(l, system, user, 0, answer, err, errlen);
}

int
llm_chat_until(struct llm *l, const char *system, const char *user, long deadline_ms,
    struct buf *answer, char *err, size_t errlen)
{
	char curl_err[CURL_ERROR_SIZE], auth[512];
	struct curl_slist *headers = NULL;
	long backoff = BACKOFF_FIRST_MS;
	struct answer a;
	struct timespec start;
	char *body;
	int attempt, ret = -1;

	clock_gettime(CLOCK_MONOTONIC, &start);

	body = request_body(l, system, user);
	headers = curl_slist_append(headers, "Content-Type: application/json");
	if (l->cfg.api_key != NULL) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", l->cfg.api_key);
		headers = curl_slist_append(headers, auth);
	}
	if (body == NULL || headers == NULL) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	buf_init(&a.body);
	for (attempt = 1; attempt <= l->cfg.max_attempts; attempt++) {
		long status = 0, wait, timeout = l->cfg.total_timeout_ms;
		CURLcode rc;

		if (deadline_ms > 0) {
			long left = deadline_ms - elapsed_ms(&start);

			if (left <= 0)
				break; /* err says why the last attempt failed */
			if (left < timeout)
				timeout = left;
		}

		buf_reset(&a.body);
		a.too_big = false;
		a.retry_after_s = -1;
		curl_easy_reset(l->curl);
		curl_easy_setopt(l->curl, CURLOPT_URL, l->url);
		curl_easy_setopt(l->curl, CURLOPT_HTTPHEADER, headers);
		curl_easy_setopt(l->curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(l->curl, CURLOPT_CONNECTTIMEOUT_MS, l->cfg.connect_timeout_ms);
		curl_easy_setopt(l->curl, CURLOPT_TIMEOUT_MS, timeout);
		curl_easy_setopt(l->curl, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(l->curl, CURLOPT_ERRORBUFFER, curl_err);
		curl_easy_setopt(l->curl, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(l->curl, CURLOPT_WRITEDATA, &a);
		curl_easy_setopt(l->curl, CURLOPT_HEADERFUNCTION, on_header);
		curl_easy_setopt(l->curl, CURLOPT_HEADERDATA, &a);
		curl_err[0] = '\0';
		rc = curl_easy_perform(l->curl);
		if (rc == CURLE_OK)
			curl_easy_getinfo(l->curl, CURLINFO_RESPONSE_CODE, &status);
		if (a.too_big) {
			snprintf(err, errlen, "the answer exceeds %d bytes", LLM_ANSWER_MAX);
			break; /* the same question gets the same long answer: not retried */
		}
		if (rc == CURLE_OK && status == 200) {
			ret = read_content(&a.body, answer, err, errlen);
			break;
		}
		if (rc != CURLE_OK)
			snprintf(
			    err, errlen, "%s", curl_err[0] ? curl_err : curl_easy_strerror(rc));
		else
			snprintf(err, errlen, "HTTP status %ld", status);
		if (rc == CURLE_OK && !retryable(status))
			break; /* the request itself is wrong: retrying cannot help */
		if (rc == CURLE_OK && chat_quota_exhausted(a.body.data, a.body.len)) {
			snprintf(err, errlen, "HTTP status %ld: insufficient quota", status);
			break; /* no quota left: waiting does not bring it back */
		}
		if (attempt == l->cfg.max_attempts)
			break;
		wait = a.retry_after_s >= 0 ? a.retry_after_s * 1000
		                            : backoff + rand() % (backoff / 2 + 1);
		if (wait > l->cfg.max_backoff_ms)
			wait = l->cfg.max_backoff_ms;
		if (deadline_ms > 0 && elapsed_ms(&start) + wait >= deadline_ms) {
			snprintf(err + strlen(err), errlen - strlen(err),
			    "; no time left for another attempt");
			break;
		}
		log_warn("llm: attempt %d failed (%s); retrying in %ld ms", attempt, err, wait);
		sleep_ms(wait);
		backoff *= 2;
	}
	buf_free(&a.body);
done:
	curl_slist_free_all(headers);
	free(body);
	return ret;
}
