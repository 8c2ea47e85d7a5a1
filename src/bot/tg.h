/*
 * tg.h -- the Telegram Bot API client of billboard-bot: one method call, with retries for
 * the methods that send (429 honours retry_after, 5xx and network errors back off). The
 * token is part of every URL; no error or log line ever shows it.
 */
#ifndef BB_BOT_TG_H
#define BB_BOT_TG_H

#include <signal.h>
#include <stddef.h>

#include <json-c/json.h>

#include "core/compat.h"
#include "core/tgupdate.h"

/* An answer of the Bot API bigger than this is not one we asked for (100 updates fit). */
#define TG_ANSWER_MAX (1024 * 1024)
/* Connecting to the Bot API: longer means it is unreachable for now. */
#define TG_CONNECT_TIMEOUT_MS 5000
/* A method other than getUpdates: Telegram answers these in well under a second. */
#define TG_CALL_TIMEOUT_MS 15000
/* Sending methods try this many times before giving up on a message. */
#define TG_SEND_ATTEMPTS 5
/* The longest wait between two attempts, retry_after included. */
#define TG_BACKOFF_MAX_MS 60000

struct tg;

/* api_url: e.g. https://api.telegram.org; NULL when out of memory or the URL is too long. */
struct tg *tg_new(const char *api_url, const char *token, const volatile sig_atomic_t *stop) WUR;
void tg_free(struct tg *t);

enum tg_status {
	TG_OK = 0,
	TG_TRANSIENT = -1, /* network, timeout, 5xx, 429, 401/404 (token, URL): retry later */
	TG_REFUSED = -2, /* the API answered 400 or 403 (request wrong, chat gone): do not retry */
};

/*
 * One call of method with a JSON body (NULL: {}), waiting at most timeout_ms. env gets the
 * envelope (error_code, retry_after); *result (when result is not NULL) the result on
 * TG_OK, a new reference. err a reason without the token.
 */
enum tg_status tg_call(struct tg *t, const char *method, const char *body, long timeout_ms,
    struct tg_envelope *env, struct json_object **result, char *err, size_t errlen) WUR;
/*
 * tg_call for a method that sends something: retried up to TG_SEND_ATTEMPTS times while
 * transient, after retry_after when a 429 gives one, else a doubling back-off.
 */
enum tg_status tg_send(
    struct tg *t, const char *method, const char *body, char *err, size_t errlen) WUR;

/* Sleeps ms milliseconds, or less when *stop becomes non-zero. */
void tg_sleep_ms(const struct tg *t, long ms);

/* sendMessage (HTML) to chat, with an inline keyboard (a JSON array of rows) or NULL. */
enum tg_status tg_send_message(struct tg *t, int64_t chat, const char *html,
    struct json_object *keyboard, char *err, size_t errlen) WUR;
/* editMessageText of message in chat, with keyboard or NULL. */
enum tg_status tg_edit_message(struct tg *t, int64_t chat, int64_t message, const char *html,
    struct json_object *keyboard, char *err, size_t errlen) WUR;
/* answerCallbackQuery: stops the button's spinner. */
enum tg_status tg_answer_callback(struct tg *t, const char *id, char *err, size_t errlen) WUR;

#endif
