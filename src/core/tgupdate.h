/*
 * tgupdate.h -- reading the Telegram Bot API's answers: the envelope every method returns
 * ({ok, result, error_code, description, parameters.retry_after}), the updates of getUpdates
 * (messages and button presses), a command line ("/start@bot CODE") and our buttons' data.
 * Pure functions: the bot's I/O lives in src/bot.
 */
#ifndef BB_TGUPDATE_H
#define BB_TGUPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "core/compat.h"
#include "core/uuid.h"

/* Commands and codes are short: a longer text is kept cut to this many bytes. */
#define TG_TEXT_MAX 256
/* Telegram caps callback_data at 64 bytes and a callback query id is a short number. */
#define TG_DATA_MAX 64
#define TG_CALLBACK_ID_MAX 64
/* getUpdates is asked for at most this many updates at once. */
#define TG_UPDATES_MAX 100
#define TG_DESCRIPTION_MAX 200

struct tg_envelope {
	bool ok;
	long error_code; /* 0 when ok */
	long retry_after_s; /* parameters.retry_after, -1 when absent */
	char description[TG_DESCRIPTION_MAX + 1];
};

enum tg_kind {
	TG_OTHER, /* an update we do not act on (edits, joins, ...): only its offset counts */
	TG_MESSAGE, /* a message with text */
	TG_CALLBACK, /* an inline button pressed */
};

struct tg_update {
	int64_t update_id;
	enum tg_kind kind;
	int64_t chat_id;
	int64_t message_id; /* TG_CALLBACK: the message the button belongs to */
	char text[TG_TEXT_MAX + 1]; /* TG_MESSAGE: the text, cut at TG_TEXT_MAX bytes */
	char data[TG_DATA_MAX + 1]; /* TG_CALLBACK */
	char callback_id[TG_CALLBACK_ID_MAX + 1]; /* TG_CALLBACK */
};

/*
 * Parses an answer's text: 0 with env filled (and *result a new reference to "result" when
 * result is not NULL and ok); -1 when it is not an envelope of the Bot API.
 */
int tg_envelope_parse(
    const char *s, size_t n, struct tg_envelope *env, struct json_object **result) WUR;

/*
 * The updates of a getUpdates result (an array), at most max: 0 with *count set, -1 when the
 * result is not an array of updates (an element without an integer update_id). Elements we
 * cannot read in detail become TG_OTHER, so their offset still moves on.
 */
int tg_updates_read(
    struct json_object *result, struct tg_update *out, size_t max, size_t *count) WUR;

/*
 * A command: "/name[@bot] [arg]" -> name (lower case, at most cmdmax-1 bytes) and the
 * argument with surrounding spaces trimmed (a pointer into text). False for text that is
 * not a command.
 */
bool tg_command(const char *text, char *cmd, size_t cmdmax, const char **arg);

/*
 * Our buttons' data: "p:N" (page N >= 1 of the campaigns, in *page) or "c:UUID" (one
 * campaign, in *campaign).
 */
enum tg_button { TG_BUTTON_NONE, TG_BUTTON_PAGE, TG_BUTTON_CAMPAIGN };
enum tg_button tg_button_parse(const char *data, int64_t *page, struct uuid_str *campaign);

/* A positive decimal number of at most 9 digits (a campaign's or page's number), else -1. */
int64_t tg_number(const char *s);

#endif
