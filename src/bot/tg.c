/*
 * tg.c -- Bot API calls over src/store/http.c. The URL is api_url/bot<token>/<method>; every
 * error text passes through scrub() before anyone sees it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bot/tg.h"
#include "core/jv.h"
#include "core/log.h"
#include "store/http.h"

/* The first wait after a transient failure of a sending method; it doubles each time. */
#define TG_BACKOFF_FIRST_MS 500
/* api_url + "/bot" + token + "/" + method; Telegram tokens are about 46 bytes. */
#define TG_URL_MAX 1024
/* A sleep is cut into slices this long so a stop request is seen soon. */
#define TG_SLEEP_SLICE_MS 100

struct tg {
	struct http *http;
	char *token;
	char base[TG_URL_MAX]; /* ends with "/bot<token>/" */
	const volatile sig_atomic_t *stop;
};

struct tg *
tg_new(const char *api_url, const char *token, const volatile sig_atomic_t *stop)
{
	struct tg *t = calloc(1, sizeof(*t));
	size_t len = strlen(api_url);

	if (t == NULL)
		return NULL;
	while (len > 0 && api_url[len - 1] == '/')
		len--;
	if (snprintf(t->base, sizeof(t->base), "%.*s/bot%s/", (int)len, api_url, token) + 64 >=
	        (int)sizeof(t->base) ||
	    (t->token = strdup(token)) == NULL || (t->http = http_new()) == NULL) {
		tg_free(t);
		return NULL;
	}
	t->stop = stop;
	return t;
}

void
tg_free(struct tg *t)
{
	if (t == NULL)
		return;
	http_free(t->http);
	free(t->token);
	free(t);
}

/* Replaces every copy of the token in s (NUL-terminated) with "<token>". */
static void
scrub(const struct tg *t, char *s)
{
	size_t tlen = strlen(t->token);
	char *p;

	if (tlen == 0)
		return;
	while ((p = strstr(s, t->token)) != NULL) {
		size_t rest = strlen(p + tlen);

		if (tlen >= 7) { /* the text only shrinks */
			memcpy(p, "<token>", 7);
			memmove(p + 7, p + tlen, rest + 1);
		} else {
			memset(p, '*', tlen);
		}
	}
}

void
tg_sleep_ms(const struct tg *t, long ms)
{
	while (ms > 0 && (t->stop == NULL || !*t->stop)) {
		long slice = ms < TG_SLEEP_SLICE_MS ? ms : TG_SLEEP_SLICE_MS;
		struct timespec ts = { slice / 1000, (slice % 1000) * 1000000L };

		nanosleep(&ts, NULL);
		ms -= slice;
	}
}

/*
 * What an error status means for a retry: only 400 (this request is wrong) and 403 (the
 * person blocked the bot, the chat is gone) are for good. 401 and 404 say the token or the
 * API URL is wrong, which the operator mends: nothing may be dropped meanwhile.
 */
static enum tg_status
status_of(long code)
{
	return code == 400 || code == 403 ? TG_REFUSED : TG_TRANSIENT;
}

enum tg_status
tg_call(struct tg *t, const char *method, const char *body, long timeout_ms,
    struct tg_envelope *env, struct json_object **result, char *err, size_t errlen)
{
	char url[TG_URL_MAX];
	struct http_answer a;
	enum tg_status st = TG_TRANSIENT;

	env->ok = false;
	env->error_code = 0;
	env->retry_after_s = -1;
	env->description[0] = '\0';
	if (result != NULL)
		*result = NULL;
	if (snprintf(url, sizeof(url), "%s%s", t->base, method) >= (int)sizeof(url)) {
		snprintf(err, errlen, "%s: method name too long", method);
		return TG_REFUSED;
	}
	/*
	 * Only a long poll is cut by a stop request: a message being sent is let through, so a
	 * stopping bot never sends an answer without committing it as handled.
	 */
	http_set_abort(t->http, strcmp(method, "getUpdates") == 0 ? t->stop : NULL);
	http_answer_init(&a);
	if (http_post_json(t->http, url, NULL, body != NULL ? body : "{}", TG_CONNECT_TIMEOUT_MS,
	        timeout_ms, TG_ANSWER_MAX, &a, err, errlen) != 0) {
		scrub(t, err);
		goto done;
	}
	if (tg_envelope_parse(a.body.data != NULL ? a.body.data : "", a.body.len, env, result) !=
	    0) {
		snprintf(err, errlen, "%s: HTTP %ld without a Bot API answer", method, a.status);
		st = status_of(a.status);
		goto done;
	}
	if (env->ok) {
		st = TG_OK;
		goto done;
	}
	if (env->retry_after_s < 0)
		env->retry_after_s = a.retry_after_s;
	if (env->error_code == 0)
		env->error_code = a.status;
	snprintf(err, errlen, "%s: %ld %s", method, env->error_code, env->description);
	scrub(t, err);
	st = status_of(env->error_code);
done:
	http_answer_free(&a);
	return st;
}

enum tg_status
tg_send(struct tg *t, const char *method, const char *body, char *err, size_t errlen)
{
	long backoff = TG_BACKOFF_FIRST_MS;
	struct tg_envelope env;
	enum tg_status st = TG_TRANSIENT;
	int attempt;

	for (attempt = 1; attempt <= TG_SEND_ATTEMPTS; attempt++) {
		long wait;

		st = tg_call(t, method, body, TG_CALL_TIMEOUT_MS, &env, NULL, err, errlen);
		if (st != TG_TRANSIENT || attempt == TG_SEND_ATTEMPTS || (t->stop && *t->stop))
			break;
		wait = env.retry_after_s >= 0 ? env.retry_after_s * 1000 : backoff;
		if (wait > TG_BACKOFF_MAX_MS)
			wait = TG_BACKOFF_MAX_MS;
		log_warn("bot: %s (attempt %d); retrying in %ld ms", err, attempt, wait);
		tg_sleep_ms(t, wait);
		backoff *= 2;
	}
	return st;
}

/* The body of sendMessage / editMessageText; takes keyboard over. NULL when out of memory. */
static struct json_object *
message_body(int64_t chat, int64_t message, const char *html, struct json_object *keyboard)
{
	struct json_object *o = json_object_new_object(), *markup = NULL;

	if (o == NULL || !jv_add_int(o, "chat_id", chat) ||
	    (message > 0 && !jv_add_int(o, "message_id", message)) ||
	    !jv_add_str(o, "text", html, strlen(html)) || !jv_add_str(o, "parse_mode", "HTML", 4))
		goto fail;
	if (keyboard != NULL) {
		markup = json_object_new_object();
		if (markup == NULL || !jv_add(markup, "inline_keyboard", keyboard)) {
			keyboard = NULL;
			goto fail;
		}
		keyboard = NULL;
		if (!jv_add(o, "reply_markup", markup)) {
			markup = NULL;
			goto fail;
		}
	}
	return o;
fail:
	json_object_put(keyboard);
	json_object_put(markup);
	json_object_put(o);
	return NULL;
}

static enum tg_status
send_body(struct tg *t, const char *method, struct json_object *body, char *err, size_t errlen)
{
	enum tg_status st;

	if (body == NULL) {
		snprintf(err, errlen, "%s: out of memory", method);
		return TG_TRANSIENT;
	}
	st = tg_send(
	    t, method, json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN), err, errlen);
	json_object_put(body);
	return st;
}

enum tg_status
tg_send_message(struct tg *t, int64_t chat, const char *html, struct json_object *keyboard,
    char *err, size_t errlen)
{
	return send_body(t, "sendMessage", message_body(chat, 0, html, keyboard), err, errlen);
}

enum tg_status
tg_edit_message(struct tg *t, int64_t chat, int64_t message, const char *html,
    struct json_object *keyboard, char *err, size_t errlen)
{
	return send_body(
	    t, "editMessageText", message_body(chat, message, html, keyboard), err, errlen);
}

enum tg_status
tg_answer_callback(struct tg *t, const char *id, char *err, size_t errlen)
{
	struct json_object *o = json_object_new_object();

	if (o != NULL && !jv_add_str(o, "callback_query_id", id, strlen(id))) {
		json_object_put(o);
		o = NULL;
	}
	return send_body(t, "answerCallbackQuery", o, err, errlen);
}
