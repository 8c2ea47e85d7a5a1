/*
 * telegram.h -- what the Telegram bot keeps in PostgreSQL (sql/015_telegram.sql): its
 * getUpdates offset, one-time link codes (only their SHA-256), linked chats and the outbox of
 * notifications. Lookups return 1 found, 0 not found, -1 error.
 */
#ifndef BB_TELEGRAM_H
#define BB_TELEGRAM_H

#include <stdint.h>

#include "core/compat.h"
#include "core/uuid.h"
#include "store/store.h"

/* How long a link code may wait to be typed into Telegram. */
#define TELEGRAM_CODE_TTL_S 900
/* 10 characters of a 32-letter alphabet: 50 bits, typed once within TELEGRAM_CODE_TTL_S. */
#define TELEGRAM_CODE_LEN 10
/* "2026-11-30T18:00:00Z" and a NUL, with room to spare. */
#define TELEGRAM_TIME_MAX 40

enum telegram_link {
	TELEGRAM_LINKED,
	TELEGRAM_UNKNOWN, /* no such code (or not a code at all) */
	TELEGRAM_EXPIRED,
	TELEGRAM_USED,
	TELEGRAM_ERROR,
};

/*
 * A new code for advertiser: code gets it (upper-case letters and digits), expires_at its
 * expiry in UTC. 1 created, 0 no such advertiser, -1 error.
 */
int telegram_code_create(struct store *s, const struct uuid_str *advertiser,
    char code[TELEGRAM_CODE_LEN + 1], char expires_at[TELEGRAM_TIME_MAX]) WUR;
/* Consumes code (as typed: case and surrounding spaces do not matter) for chat. */
enum telegram_link telegram_link(struct store *s, const char *code, int64_t chat) WUR;
/* 1 unlinked, 0 the chat was not linked, -1 error. */
int telegram_unlink(struct store *s, int64_t chat) WUR;
/* The advertiser chat follows. */
int telegram_chat_advertiser(struct store *s, int64_t chat, struct uuid_str *advertiser) WUR;

/* The next update_id to ask for. 0 or -1. */
int telegram_offset_get(struct store *s, int64_t *offset) WUR;
int telegram_offset_set(struct store *s, int64_t offset) WUR;

struct telegram_notice {
	long long id;
	int64_t chat_id;
	struct uuid_str campaign_id;
	char kind[24];
	int attempts;
};
/*
 * Opens a transaction and locks the oldest notice not sent yet (other bots skip it): 1 with n
 * set and the transaction open (end it with telegram_notice_finish), 0 none, -1 error.
 */
int telegram_notice_claim(struct store *s, struct telegram_notice *n) WUR;
enum telegram_notice_outcome {
	TELEGRAM_NOTICE_SENT,
	TELEGRAM_NOTICE_RETRY, /* counted as an attempt, left for a later pass */
	TELEGRAM_NOTICE_DROP, /* never to be sent: the chat is gone */
};
/* Records the outcome of the claimed notice and commits. 0 or -1. */
int telegram_notice_finish(
    struct store *s, long long id, enum telegram_notice_outcome o, const char *why) WUR;

#endif
