/*
 * bot.h -- billboard-bot's parts: the commands (commands.c) and the notifications of the
 * outbox (notices.c), both over one store and one Bot API client.
 */
#ifndef BB_BOT_BOT_H
#define BB_BOT_BOT_H

#include "bot/tg.h"
#include "core/arena.h"
#include "core/tgupdate.h"
#include "store/store.h"

struct bot {
	struct store *store;
	struct tg *tg;
	struct arena arena; /* reset after each update and each notice */
};

enum bot_result {
	BOT_DONE, /* handled (answered, or the answer was refused for good): move past it */
	BOT_AGAIN, /* PostgreSQL or the Bot API is out of reach: handle it again later */
};

/* commands.c: one update (a message or a button) handled and answered. */
enum bot_result bot_handle(struct bot *b, const struct tg_update *u) WUR;

/* notices.c: sends the outbox's pending notices, at most max of them; BOT_AGAIN on an outage. */
enum bot_result bot_send_notices(struct bot *b, int max) WUR;

#endif
