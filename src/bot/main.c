/*
 * main.c -- billboard-bot: the Telegram bot for advertisers (API.md section 12). Long polling
 * of getUpdates; each update is handled, answered, and only then its offset committed in
 * PostgreSQL, so a restart neither loses nor repeats one. Between polls, the outbox's
 * notifications are sent. SIGTERM or SIGINT: the update in hand is finished, then it exits.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/bot.h"
#include "core/jv.h"
#include "core/log.h"
#include "store/config.h"
#include "store/telegram.h"

/* getUpdates' own timeout by default; the HTTP timeout is this plus TG_CALL_TIMEOUT_MS. */
#define BOT_POLL_S_DEFAULT 25
#define BOT_POLL_S_MAX 50
/*
 * The longest wait a 429's retry_after may impose on the loop: while it waits no update is
 * answered and no notice sent, so a huge value is not taken at its word.
 */
#define BOT_RETRY_AFTER_MAX_S 300
/* After a 409 (another getUpdates or a webhook holds the token): wait this long by default. */
#define BOT_CONFLICT_WAIT_S_DEFAULT 30
/* Back-off of getUpdates after network errors and 5xx: from 1 s, doubling, up to 60 s. */
#define BOT_BACKOFF_FIRST_MS 1000
#define BOT_BACKOFF_MAX_MS 60000
/* Notices sent between two polls at most, so answers to people are never held up long. */
#define BOT_NOTICES_PER_PASS 20

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static const char commands_body[] =
    "{\"commands\":["
    "{\"command\":\"campaigns\",\"description\":\"your campaigns, a page at a time\"},"
    "{\"command\":\"campaign\",\"description\":\"one campaign: /campaign N\"},"
    "{\"command\":\"stats\",\"description\":\"totals and the last 7 days\"},"
    "{\"command\":\"logout\",\"description\":\"unlink this chat\"},"
    "{\"command\":\"help\",\"description\":\"what the bot does\"}]}";

/* deleteWebhook (long polling and a webhook exclude each other), then setMyCommands. */
static void
start_up(struct tg *tg)
{
	long backoff = BOT_BACKOFF_FIRST_MS;
	char err[256];

	while (!stop &&
	    tg_send(tg, "deleteWebhook", "{\"drop_pending_updates\":false}", err, sizeof(err)) ==
	        TG_TRANSIENT) {
		log_warn("bot: deleteWebhook failed (%s); retrying in %ld ms", err, backoff);
		tg_sleep_ms(tg, backoff);
		backoff = backoff * 2 > BOT_BACKOFF_MAX_MS ? BOT_BACKOFF_MAX_MS : backoff * 2;
	}
	if (!stop && tg_send(tg, "setMyCommands", commands_body, err, sizeof(err)) != TG_OK)
		log_warn("bot: setMyCommands failed: %s", err);
}

/* The getUpdates body: offset, timeout, only the kinds of update we act on. */
static void
poll_body(char *out, size_t cap, int64_t offset, long poll_s)
{
	snprintf(out, cap,
	    "{\"offset\":%lld,\"timeout\":%ld,\"limit\":%d,"
	    "\"allowed_updates\":[\"message\",\"callback_query\"]}",
	    (long long)offset, poll_s, TG_UPDATES_MAX);
}

/* Handles a batch in order, committing each offset; false when one must be handled again. */
static bool
handle_all(struct bot *b, const struct tg_update *u, size_t n, int64_t *offset)
{
	size_t i;

	for (i = 0; i < n && !stop; i++) {
		if (u[i].update_id < *offset)
			continue; /* already handled (a server repeating itself) */
		if (bot_handle(b, &u[i]) != BOT_DONE)
			return false;
		if (telegram_offset_set(b->store, u[i].update_id + 1) != 0)
			return false; /* handled again after the outage: answered twice, not lost */
		*offset = u[i].update_id + 1;
	}
	return true;
}

static int
run(struct bot *b, long poll_s, long conflict_wait_s)
{
	static struct tg_update updates[TG_UPDATES_MAX];
	long backoff = BOT_BACKOFF_FIRST_MS;
	int64_t offset;

	while (!stop && telegram_offset_get(b->store, &offset) != 0) {
		log_warn("bot: cannot read the offset from PostgreSQL; retrying");
		tg_sleep_ms(b->tg, backoff);
	}
	start_up(b->tg);
	while (!stop) {
		struct json_object *result = NULL;
		struct tg_envelope env;
		enum tg_status st;
		char body[256], err[256];
		size_t n = 0;
		long wait = 0;
		bool failed = false; /* a failure that grows the back-off */

		if (bot_send_notices(b, BOT_NOTICES_PER_PASS) != BOT_DONE)
			failed = true;
		poll_body(body, sizeof(body), offset, poll_s);
		st = tg_call(b->tg, "getUpdates", body, poll_s * 1000 + TG_CALL_TIMEOUT_MS, &env,
		    &result, err, sizeof(err));
		if (stop) {
			json_object_put(result);
			break;
		}
		if (st == TG_OK && tg_updates_read(result, updates, TG_UPDATES_MAX, &n) != 0) {
			log_error(
			    "bot: getUpdates answered something that is not a list of updates");
			failed = true;
		} else if (st == TG_OK) {
			if (!handle_all(b, updates, n, &offset))
				failed = true;
		} else if (env.error_code == 409) {
			log_error("bot: getUpdates conflict (%s): another bot process or a webhook "
			          "uses this token; trying again in %ld s",
			    err, conflict_wait_s);
			wait = conflict_wait_s * 1000;
		} else if (env.error_code == 429 && env.retry_after_s >= 0) {
			log_warn("bot: getUpdates rate-limited; retrying after %ld s",
			    env.retry_after_s);
			wait = (env.retry_after_s < BOT_RETRY_AFTER_MAX_S ? env.retry_after_s
			                                                  : BOT_RETRY_AFTER_MAX_S) *
			    1000;
		} else {
			log_warn("bot: getUpdates failed (%s); retrying in %ld ms", err, backoff);
			failed = true;
		}
		json_object_put(result);
		if (failed) { /* network, 5xx, PostgreSQL: wait longer each time in a row */
			wait = wait > backoff ? wait : backoff;
			backoff =
			    backoff * 2 > BOT_BACKOFF_MAX_MS ? BOT_BACKOFF_MAX_MS : backoff * 2;
		} else if (wait == 0) {
			backoff = BOT_BACKOFF_FIRST_MS;
		}
		tg_sleep_ms(b->tg, wait);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *token = getenv("BILLBOARD_TELEGRAM_TOKEN");
	const char *api_url = getenv("BILLBOARD_TELEGRAM_API_URL");
	struct sigaction sa;
	struct store store;
	struct config cfg;
	struct bot b;
	long poll_s, conflict_wait_s;
	int ret;

	if (argc > 1) {
		printf("usage: billboard-bot (no arguments)\n\n"
		       "environment:\n"
		       "  BILLBOARD_TELEGRAM_TOKEN      the bot's token (required; never logged)\n"
		       "  BILLBOARD_TELEGRAM_API_URL    default https://api.telegram.org\n"
		       "  BILLBOARD_TELEGRAM_POLL_S     getUpdates timeout (default %d)\n"
		       "  BILLBOARD_TELEGRAM_CONFLICT_WAIT_S  wait after a 409 (default %d)\n%s",
		    BOT_POLL_S_DEFAULT, BOT_CONFLICT_WAIT_S_DEFAULT, config_help);
		return strcmp(argv[1], "--help") == 0 ? 0 : 2;
	}
	if (token == NULL || *token == '\0') {
		log_error("bot: BILLBOARD_TELEGRAM_TOKEN is not set");
		return 2;
	}
	if (api_url == NULL || *api_url == '\0')
		api_url = "https://api.telegram.org";
	poll_s =
	    config_env_long("BILLBOARD_TELEGRAM_POLL_S", BOT_POLL_S_DEFAULT, 0, BOT_POLL_S_MAX);
	conflict_wait_s = config_env_long(
	    "BILLBOARD_TELEGRAM_CONFLICT_WAIT_S", BOT_CONFLICT_WAIT_S_DEFAULT, 1, 3600);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	config_from_env(&cfg);
	if (store_open(&store, &cfg) != 0) {
		log_error("bot: cannot set up the store");
		return 1;
	}
	b.store = &store;
	arena_init(&b.arena);
	b.tg = tg_new(api_url, token, &stop);
	if (b.tg == NULL) {
		log_error("bot: cannot set up the Bot API client (URL too long, or out of memory)");
		ret = 1;
	} else {
		log_info("bot: long polling %s (timeout %ld s)", api_url, poll_s);
		ret = run(&b, poll_s, conflict_wait_s);
		log_info("bot: stopped");
	}
	tg_free(b.tg);
	arena_free(&b.arena);
	store_close(&store);
	return ret;
}
