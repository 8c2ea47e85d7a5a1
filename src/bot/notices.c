/*
 * notices.c -- sends the outbox (sql/015_telegram.sql): each notice is locked while it is
 * sent and marked sent in the same transaction, so two bots never send one notice. Delivery
 * is at least once: when Telegram delivered a notice but its "sent" mark was not committed
 * (the bot killed, PostgreSQL lost, or a send that timed out after Telegram took it and was
 * retried), that notice goes out again. A notice is dropped only when Telegram refuses it for
 * good (400, 403); a wrong token or API URL (401, 404) keeps it for later.
 */
#include <stdio.h>

#include "bot/bot.h"
#include "core/log.h"
#include "core/tgfmt.h"
#include "store/telegram.h"

/* A notice Telegram keeps failing (5xx, timeouts) is given up after this many passes. */
#define NOTICE_ATTEMPTS_MAX 20

/* Sends one claimed notice; the outcome to record. BOT_AGAIN in *res when the API is down. */
static enum telegram_notice_outcome
send_one(
    struct bot *b, const struct telegram_notice *n, enum bot_result *res, char *why, size_t whylen)
{
	struct campaign c;
	struct buf text;
	enum tg_status st;
	int kind = tgfmt_notice_kind(n->kind), rc;

	*res = BOT_DONE;
	rc = campaigns_get_by_id(b->store, &n->campaign_id, &b->arena, &c);
	if (rc < 0) {
		*res = BOT_AGAIN;
		snprintf(why, whylen, "postgres");
		return TELEGRAM_NOTICE_RETRY;
	}
	if (rc == 0 || kind < 0) {
		snprintf(why, whylen, rc == 0 ? "no such campaign" : "unknown kind");
		return TELEGRAM_NOTICE_DROP;
	}
	buf_init(&text);
	tgfmt_notice(&text, (enum tgfmt_notice)kind, &c);
	if (text.failed) {
		buf_free(&text);
		snprintf(why, whylen, "out of memory");
		return TELEGRAM_NOTICE_RETRY;
	}
	st = tg_send_message(b->tg, n->chat_id, text.data, NULL, why, whylen);
	buf_free(&text);
	if (st == TG_OK)
		return TELEGRAM_NOTICE_SENT;
	if (st == TG_REFUSED) /* the chat is gone or blocked the bot: never deliverable */
		return TELEGRAM_NOTICE_DROP;
	*res = BOT_AGAIN;
	return n->attempts + 1 >= NOTICE_ATTEMPTS_MAX ? TELEGRAM_NOTICE_DROP
	                                              : TELEGRAM_NOTICE_RETRY;
}

enum bot_result
bot_send_notices(struct bot *b, int max)
{
	enum bot_result res = BOT_DONE;
	int i;

	for (i = 0; i < max && res == BOT_DONE; i++) {
		struct telegram_notice n;
		enum telegram_notice_outcome o;
		char why[256];
		int rc;

		store_request_start(b->store);
		rc = telegram_notice_claim(b->store, &n);
		if (rc == 0)
			break;
		if (rc < 0)
			return BOT_AGAIN;
		why[0] = '\0';
		o = send_one(b, &n, &res, why, sizeof(why));
		if (o == TELEGRAM_NOTICE_SENT)
			log_info("bot: notice %lld (%s) sent to chat %lld", n.id, n.kind,
			    (long long)n.chat_id);
		else
			log_warn("bot: notice %lld to chat %lld %s: %s", n.id, (long long)n.chat_id,
			    o == TELEGRAM_NOTICE_DROP ? "dropped" : "not sent yet", why);
		if (telegram_notice_finish(b->store, n.id, o, why) != 0)
			res = BOT_AGAIN;
		arena_reset(&b->arena);
	}
	return res;
}
