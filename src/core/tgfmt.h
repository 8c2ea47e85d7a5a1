/*
 * tgfmt.h -- the bot's messages in Telegram's HTML parse mode: every value from the database
 * or the user is escaped (&, <, >, "), only our own tags remain. Pure: text into a buf.
 */
#ifndef BB_TGFMT_H
#define BB_TGFMT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/campaign.h"
#include "core/stats.h"

/* Campaigns listed on one page of /campaigns (one button each, plus the page buttons). */
#define TGFMT_PAGE_SIZE 5
/* Days in /stats's table: the last week, today included. */
#define TGFMT_STATS_DAYS 7

/* What a notification announces (the outbox's kind column). */
enum tgfmt_notice { TGFMT_BLOCKED, TGFMT_IMPRESSIONS_LIMIT, TGFMT_CLICKS_LIMIT };

/* Appends s[0..n) with the characters HTML gives a meaning escaped. */
void tgfmt_escape(struct buf *b, const char *s, size_t n);
void tgfmt_help(struct buf *b);
/* The title line of /campaigns page `page` of `pages`, for `total` campaigns. */
void tgfmt_list_head(struct buf *b, int64_t page, int64_t pages, int64_t total);
/* One line of the list: "N. title" plus a marker when blocked. */
void tgfmt_list_line(struct buf *b, int64_t number, const struct campaign *c);
/* A button's label for campaign number N: plain text (Telegram shows it as is). */
void tgfmt_button_label(struct buf *b, int64_t number, const struct campaign *c);
/* /campaign N (number 0: opened by its button, no number shown): limits, prices, dates, targeting, moderation status and totals. */
void tgfmt_campaign(struct buf *b, int64_t number, const struct campaign *c, int64_t today,
    const struct stat_row *totals);
/*
 * /stats: the advertiser's totals, then a table of the daily rows given (oldest first, at
 * most TGFMT_STATS_DAYS of them, the last ones of rows[0..n)).
 */
void tgfmt_stats(
    struct buf *b, const struct stat_row *totals, const struct stat_row *rows, size_t n);
/* A notification about campaign c. */
void tgfmt_notice(struct buf *b, enum tgfmt_notice kind, const struct campaign *c);
/* The notice kind named by the outbox ("blocked", ...); -1 when unknown. */
int tgfmt_notice_kind(const char *name);

#endif
