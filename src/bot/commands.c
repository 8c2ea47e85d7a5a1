/*
 * commands.c -- what the bot answers: /start CODE, /help, /campaigns (paged, with buttons),
 * /campaign N, /stats, /logout, and the buttons of /campaigns. Each answer is HTML built by
 * src/core/tgfmt.c, every value escaped.
 */
#include <stdio.h>
#include <string.h>

#include "bot/bot.h"
#include "core/jv.h"
#include "core/log.h"
#include "core/tgfmt.h"
#include "store/telegram.h"

/* The longest command name we know is 9 bytes; anything longer is unknown anyway. */
#define BOT_CMD_MAX 16

struct answer {
	struct buf text;
	struct json_object *keyboard; /* inline keyboard rows, or NULL */
};

static const char not_linked[] =
    "This chat is not linked to an advertiser. Ask your account manager for a code, then send "
    "<code>/start CODE</code>.";
static const char store_down[] = "The service is busy; please try again in a moment.";

/* A button as Telegram wants it: {text, callback_data}; NULL when out of memory. */
static struct json_object *
button(const char *label, size_t len, const char *data)
{
	struct json_object *o = json_object_new_object();

	if (o == NULL || !jv_add_str(o, "text", label, len) ||
	    !jv_add_str(o, "callback_data", data, strlen(data))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* Appends a row holding the given buttons (taken over) to rows; false when one is NULL. */
static bool
add_row(struct json_object *rows, struct json_object **buttons, size_t n)
{
	struct json_object *row = json_object_new_array();
	bool ok = row != NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (ok && buttons[i] != NULL && json_object_array_add(row, buttons[i]) == 0)
			continue;
		ok = false;
		json_object_put(buttons[i]);
	}
	if (ok && n > 0 && json_object_array_add(rows, row) == 0)
		return true;
	json_object_put(row);
	return ok && n == 0;
}

/* A page of the campaigns with a button for each and the page buttons. -1 on a store error. */
static int
campaigns_page(struct bot *b, const struct uuid_str *adv, int64_t page, struct answer *ans)
{
	struct campaign *items = NULL;
	struct json_object *nav[2];
	int64_t total = 0, pages;
	size_t n = 0, i, k = 0;
	char data[TG_DATA_MAX + 1];

	if (campaigns_list(b->store, adv, TGFMT_PAGE_SIZE, page, &b->arena, &items, &n, &total) !=
	    0)
		return -1;
	pages = total == 0 ? 1 : (total + TGFMT_PAGE_SIZE - 1) / TGFMT_PAGE_SIZE;
	if (page > pages && total > 0) {
		buf_printf(&ans->text, "There is no page %lld: the last one is %lld.",
		    (long long)page, (long long)pages);
		return 0;
	}
	tgfmt_list_head(&ans->text, page, pages, total);
	if (total == 0)
		return 0;
	ans->keyboard = json_object_new_array();
	for (i = 0; i < n; i++) {
		int64_t number = (page - 1) * TGFMT_PAGE_SIZE + (int64_t)i + 1;
		struct json_object *btn;
		struct buf label;

		tgfmt_list_line(&ans->text, number, &items[i]);
		buf_init(&label);
		tgfmt_button_label(&label, number, &items[i]);
		snprintf(data, sizeof(data), "c:%s", items[i].id.s);
		btn = label.failed ? NULL : button(label.data, label.len, data);
		buf_free(&label);
		if (ans->keyboard == NULL) {
			json_object_put(btn);
			return -1;
		}
		if (!add_row(ans->keyboard, &btn, 1))
			return -1;
	}
	if (page > 1) {
		snprintf(data, sizeof(data), "p:%lld", (long long)page - 1);
		nav[k++] = button("\xC2\xAB Previous", strlen("\xC2\xAB Previous"), data);
	}
	if (page < pages) {
		snprintf(data, sizeof(data), "p:%lld", (long long)page + 1);
		nav[k++] = button("Next \xC2\xBB", strlen("Next \xC2\xBB"), data);
	}
	return add_row(ans->keyboard, nav, k) ? 0 : -1;
}

/* One campaign's card (number 0: opened by a button). 1 shown, 0 no such campaign, -1. */
static int
campaign_card(struct bot *b, const struct uuid_str *adv, const struct campaign *c, int64_t number,
    struct answer *ans)
{
	struct stat_row *rows = NULL;
	size_t n = 0;
	int64_t today;

	if (clock_get(b->store, &today) != 0 ||
	    stats_campaign(b->store, &c->id, false, today, &b->arena, &rows, &n) < 0)
		return -1;
	(void)adv;
	if (n != 1) /* deleted meanwhile */
		return 0;
	tgfmt_campaign(&ans->text, number, c, today, &rows[0]);
	return 1;
}

static int
cmd_campaign(struct bot *b, const struct uuid_str *adv, const char *arg, struct answer *ans)
{
	int64_t number = tg_number(arg), total = 0;
	struct campaign *items = NULL;
	size_t n = 0;
	int rc;

	if (number < 1) {
		buf_puts(&ans->text,
		    "Send <code>/campaign N</code> with N a number from "
		    "/campaigns, for example <code>/campaign 1</code>.");
		return 0;
	}
	if (campaigns_list(b->store, adv, 1, number, &b->arena, &items, &n, &total) != 0)
		return -1;
	rc = n == 1 ? campaign_card(b, adv, &items[0], number, ans) : 0;
	if (rc == 0)
		buf_printf(&ans->text, "There is no campaign %lld: you have %lld.",
		    (long long)number, (long long)total);
	return rc < 0 ? -1 : 0;
}

static int
cmd_stats(struct bot *b, const struct uuid_str *adv, struct answer *ans)
{
	struct stat_row *totals = NULL, *days = NULL;
	size_t nt = 0, nd = 0;
	int64_t today;

	if (clock_get(b->store, &today) != 0 ||
	    stats_advertiser(b->store, adv, false, today, &b->arena, &totals, &nt) < 0 ||
	    stats_advertiser(b->store, adv, true, today, &b->arena, &days, &nd) < 0)
		return -1;
	if (nt != 1) {
		buf_puts(&ans->text, not_linked); /* the advertiser is gone */
		return 0;
	}
	tgfmt_stats(&ans->text, &totals[0], days, nd);
	return 0;
}

static int
cmd_start(struct bot *b, int64_t chat, const char *arg, bool linked, struct answer *ans)
{
	if (*arg == '\0') {
		if (linked)
			tgfmt_help(&ans->text);
		else
			buf_puts(&ans->text, not_linked);
		return 0;
	}
	switch (telegram_link(b->store, arg, chat)) {
	case TELEGRAM_LINKED:
		buf_puts(&ans->text, "Linked: this chat now follows your campaigns.\n\n");
		tgfmt_help(&ans->text);
		return 0;
	case TELEGRAM_UNKNOWN:
		buf_puts(&ans->text, "That code is wrong. Check it, or ask for a new one.");
		return 0;
	case TELEGRAM_EXPIRED:
		buf_puts(&ans->text, "That code has expired. Ask for a new one.");
		return 0;
	case TELEGRAM_USED:
		buf_puts(&ans->text, "That code was already used. Ask for a new one.");
		return 0;
	case TELEGRAM_ERROR:
		break;
	}
	return -1;
}

/* Fills ans for a message; -1 when the store failed. */
static int
on_message(struct bot *b, const struct tg_update *u, struct answer *ans)
{
	char cmd[BOT_CMD_MAX];
	const char *arg = "";
	struct uuid_str adv;
	int linked;

	if (!tg_command(u->text, cmd, sizeof(cmd), &arg)) {
		buf_puts(&ans->text, "Send /help to see what I can do.");
		return 0;
	}
	if ((linked = telegram_chat_advertiser(b->store, u->chat_id, &adv)) < 0)
		return -1;
	if (strcmp(cmd, "start") == 0)
		return cmd_start(b, u->chat_id, arg, linked == 1, ans);
	if (strcmp(cmd, "help") == 0) {
		tgfmt_help(&ans->text);
		return 0;
	}
	if (strcmp(cmd, "logout") == 0) {
		if (linked == 1 && telegram_unlink(b->store, u->chat_id) < 0)
			return -1;
		buf_puts(&ans->text,
		    linked == 1 ? "Unlinked: this chat no longer follows "
		                  "the advertiser."
		                : "This chat was not linked.");
		return 0;
	}
	if (strcmp(cmd, "campaigns") != 0 && strcmp(cmd, "campaign") != 0 &&
	    strcmp(cmd, "stats") != 0) {
		buf_puts(&ans->text, "Unknown command. Send /help to see the commands.");
		return 0;
	}
	if (linked == 0) {
		buf_puts(&ans->text, not_linked);
		return 0;
	}
	if (strcmp(cmd, "campaigns") == 0)
		return campaigns_page(b, &adv, 1, ans);
	if (strcmp(cmd, "campaign") == 0)
		return cmd_campaign(b, &adv, arg, ans);
	return cmd_stats(b, &adv, ans);
}

/* A button: a page replaces the message it belongs to, a campaign is sent as a new one. */
static int
on_button(struct bot *b, const struct tg_update *u, struct answer *ans, bool *edit)
{
	struct uuid_str adv, id;
	struct campaign c;
	int64_t page;
	int rc;

	*edit = false;
	if ((rc = telegram_chat_advertiser(b->store, u->chat_id, &adv)) <= 0) {
		if (rc == 0)
			buf_puts(&ans->text, not_linked);
		return rc;
	}
	switch (tg_button_parse(u->data, &page, &id)) {
	case TG_BUTTON_PAGE:
		*edit = true;
		return campaigns_page(b, &adv, page, ans);
	case TG_BUTTON_CAMPAIGN:
		rc = campaigns_get(b->store, &adv, &id, &b->arena, &c);
		if (rc == 1)
			rc = campaign_card(b, &adv, &c, 0, ans);
		if (rc == 0)
			buf_puts(&ans->text, "That campaign no longer exists.");
		return rc < 0 ? -1 : 0;
	case TG_BUTTON_NONE:
		break;
	}
	buf_puts(&ans->text, "That button is out of date: send /campaigns again.");
	return 0;
}

enum bot_result
bot_handle(struct bot *b, const struct tg_update *u)
{
	struct answer ans = { { NULL, 0, 0, false }, NULL };
	enum tg_status st = TG_OK;
	enum bot_result ret = BOT_AGAIN;
	char err[256];
	bool edit = false;
	int rc;

	buf_init(&ans.text);
	if (u->kind == TG_OTHER) {
		ret = BOT_DONE;
		goto done;
	}
	store_request_start(b->store);
	rc = u->kind == TG_MESSAGE ? on_message(b, u, &ans) : on_button(b, u, &ans, &edit);
	if (rc < 0) {
		if (store_outage(b->store) != NULL)
			goto done; /* handled again once PostgreSQL answers */
		buf_reset(&ans.text);
		json_object_put(ans.keyboard);
		ans.keyboard = NULL;
		buf_puts(&ans.text, store_down);
	}
	if (ans.text.failed)
		goto done;
	if (u->kind == TG_CALLBACK &&
	    tg_answer_callback(b->tg, u->callback_id, err, sizeof(err)) == TG_TRANSIENT)
		log_warn("bot: %s", err); /* only a spinner: the answer below matters */
	if (edit)
		st = tg_edit_message(b->tg, u->chat_id, u->message_id, ans.text.data, ans.keyboard,
		    err, sizeof(err));
	else
		st = tg_send_message(
		    b->tg, u->chat_id, ans.text.data, ans.keyboard, err, sizeof(err));
	ans.keyboard = NULL; /* taken over */
	if (st == TG_REFUSED)
		log_warn("bot: update %lld: answer refused: %s", (long long)u->update_id, err);
	else if (st == TG_TRANSIENT)
		log_warn("bot: update %lld: cannot answer yet: %s", (long long)u->update_id, err);
	ret = st == TG_TRANSIENT ? BOT_AGAIN : BOT_DONE;
done:
	json_object_put(ans.keyboard);
	buf_free(&ans.text);
	arena_reset(&b->arena);
	return ret;
}
