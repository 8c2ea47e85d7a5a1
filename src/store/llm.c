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

#include <json-c/json.h>

#include "core/chat.h"
#include "core/jv.h"
#include "core/log.h"
#include "store/config.h"
#include "store/http.h"
#include "store/llm.h"

#define BACKOFF_FIRST_MS 500

struct llm {
	struct llm_config cfg;
	struct http *http;
	char url[1024];
};

void
llm_config_from_env(struct llm_config *cfg)
{
	const char *url = getenv("BILLBOARD_LLM_BASE_URL");
	const char *key = getenv("BILLBOARD_LLM_API_KEY");
	const char *model = getenv("BILLBOARD_LLM_MODEL");

	cfg->base_url = url != NULL && *url != '\0' ? url : NULL;
	cfg->api_key = key != NULL && *key != '\0' ? key : NULL;
	cfg->model = model != NULL && *model != '\0' ? model : "gpt-4o-mini";
	cfg->connect_timeout_ms =
	    config_env_long("BILLBOARD_LLM_CONNECT_TIMEOUT_MS", 3000, 1, 600000);
	cfg->total_timeout_ms = config_env_long("BILLBOARD_LLM_TIMEOUT_MS", 30000, 1, 3600000);
	cfg->max_attempts = (int)config_env_long("BILLBOARD_LLM_ATTEMPTS", 4, 1, 20);
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
	    (l->http = http_new()) == NULL) {
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
	http_free(l->http);
	free(l);
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
	long backoff = BACKOFF_FIRST_MS;
	struct http_answer a;
	struct timespec start;
	char *body;
	int attempt, ret = -1;

	clock_gettime(CLOCK_MONOTONIC, &start);

	body = request_body(l, system, user);
	if (body == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	http_answer_init(&a);
	for (attempt = 1; attempt <= l->cfg.max_attempts; attempt++) {
		long wait, timeout = l->cfg.total_timeout_ms;
		int rc;

		if (deadline_ms > 0) {
			long left = deadline_ms - elapsed_ms(&start);

			if (left <= 0)
				break; /* err says why the last attempt failed */
			if (left < timeout)
				timeout = left;
		}

		rc = http_post_json(l->http, l->url, l->cfg.api_key, body,
		    l->cfg.connect_timeout_ms, timeout, LLM_ANSWER_MAX, &a, err, errlen);
		if (a.too_big)
			break; /* the same question gets the same long answer: not retried */
		if (rc == 0 && a.status == 200) {
			ret = read_content(&a.body, answer, err, errlen);
			break;
		}
		if (rc == 0)
			snprintf(err, errlen, "HTTP status %ld", a.status);
		if (rc == 0 && !retryable(a.status))
			break; /* the request itself is wrong: retrying cannot help */
		if (rc == 0 && chat_quota_exhausted(a.body.data, a.body.len)) {
			snprintf(err, errlen, "HTTP status %ld: insufficient quota", a.status);
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
	http_answer_free(&a);
	free(body);
	return ret;
}
