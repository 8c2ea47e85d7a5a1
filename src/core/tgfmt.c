/* tgfmt.c -- the bot's messages, HTML-escaped (see tgfmt.h). */
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "core/tgfmt.h"

void
tgfmt_escape(struct buf *b, const char *s, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		const char *rep;

		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		default:
			continue;
		}
		buf_append(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_append(b, s + start, n - start);
}

/* An amount as PostgreSQL prints numeric ("3.500000"), written as the API does ("3.5"). */
static void
amount(struct buf *b, const char *numeric)
{
	char out[STATS_MONEY_MAX];
	const char *s = money_decimal(numeric, out, sizeof(out)) ? out : numeric;

	tgfmt_escape(b, s, strlen(s));
}

static void
escape_opt(struct buf *b, const struct opt_str *s)
{
	tgfmt_escape(b, s->s != NULL ? s->s : "", s->s != NULL ? s->len : 0);
}

void
tgfmt_help(struct buf *b)
{
	buf_puts(b,
	    "<b>Billboard bot</b>\n"
	    "/campaigns - your campaigns, a page at a time\n"
	    "/campaign N - campaign number N of that list\n"
	    "/stats - your totals and the last 7 days\n"
	    "/logout - stop following this advertiser here\n"
	    "/help - this message\n\n"
	    "You are told here when a campaign is blocked by moderation or reaches a "
	    "limit.");
}

void
tgfmt_list_head(struct buf *b, int64_t page, int64_t pages, int64_t total)
{
	if (total == 0) {
		buf_puts(b, "You have no campaigns yet.");
		return;
	}
	buf_printf(b, "<b>Campaigns</b> (%lld in all), page %lld of %lld:\n", (long long)total,
	    (long long)page, (long long)pages);
}

void
tgfmt_list_line(struct buf *b, int64_t number, const struct campaign *c)
{
	buf_printf(b, "%lld. ", (long long)number);
	escape_opt(b, &c->ad_title);
	if (c->blocked)
		buf_puts(b, " (blocked)");
	buf_putc(b, '\n');
}

/* Button labels are plain text; a long title is cut at a whole UTF-8 character. */
#define TGFMT_LABEL_TITLE_MAX 40

void
tgfmt_button_label(struct buf *b, int64_t number, const struct campaign *c)
{
	size_t len = c->ad_title.s != NULL ? c->ad_title.len : 0;

	buf_printf(b, "%lld. ", (long long)number);
	if (len > TGFMT_LABEL_TITLE_MAX) {
		len = TGFMT_LABEL_TITLE_MAX;
		while (len > 0 && ((unsigned char)c->ad_title.s[len] & 0xC0) == 0x80)
			len--;
		buf_append(b, c->ad_title.s, len);
		buf_puts(b, "\xE2\x80\xA6"); /* an ellipsis */
	} else if (len > 0) {
		buf_append(b, c->ad_title.s, len);
	}
}

/* The word for n of something: "1 click", "2 clicks". */
static const char *
plural(int64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static const char *
status_of(const struct campaign *c, int64_t today)
{
	if (c->blocked)
		return "blocked by moderation";
	if (today < c->start_date)
		return "scheduled";
	if (today > c->end_date)
		return "finished";
	return "running";
}

static void
targeting(struct buf *b, const struct targeting *t)
{
	static const char *const genders[] = { "male", "female", "all" };
	bool any = false;

	if (t->gender >= 0 && t->gender <= GENDER_ALL) {
		buf_printf(b, "gender %s", genders[t->gender]);
		any = true;
	}
	if (t->age_from >= 0 || t->age_to >= 0) {
		buf_puts(b, any ? ", " : "");
		if (t->age_from >= 0 && t->age_to >= 0)
			buf_printf(b, "age %d-%d", t->age_from, t->age_to);
		else if (t->age_from >= 0)
			buf_printf(b, "age %d+", t->age_from);
		else
			buf_printf(b, "age up to %d", t->age_to);
		any = true;
	}
	if (t->location.s != NULL) {
		buf_puts(b, any ? ", location " : "location ");
		escape_opt(b, &t->location);
		any = true;
	}
	if (!any)
		buf_puts(b, "everyone");
}

void
tgfmt_campaign(struct buf *b, int64_t number, const struct campaign *c, int64_t today,
    const struct stat_row *totals)
{
	char cpi[MONEY_STR_MAX], cpc[MONEY_STR_MAX];

	money_format(c->cost_per_impression, cpi);
	money_format(c->cost_per_click, cpc);
	buf_puts(b, "<b>");
	if (number > 0)
		buf_printf(b, "%lld. ", (long long)number);
	escape_opt(b, &c->ad_title);
	buf_puts(b, "</b>\n");
	escape_opt(b, &c->ad_text);
	buf_printf(b, "\n\nStatus: %s\n", status_of(c, today));
	buf_printf(b, "Days: %lld to %lld (today is %lld)\n", (long long)c->start_date,
	    (long long)c->end_date, (long long)today);
	buf_printf(b, "Limits: %lld %s, %lld %s\n", (long long)c->impressions_limit,
	    plural(c->impressions_limit, "impression", "impressions"), (long long)c->clicks_limit,
	    plural(c->clicks_limit, "click", "clicks"));
	buf_printf(b, "Prices: %s per impression, %s per click\n", cpi, cpc);
	buf_puts(b, "Targeting: ");
	targeting(b, &c->targeting);
	buf_printf(b, "\nShown %lld %s, clicked %lld %s, spent ", (long long)totals->impressions,
	    plural(totals->impressions, "time", "times"), (long long)totals->clicks,
	    plural(totals->clicks, "time", "times"));
	amount(b, totals->spent_total);
}

/* The spent column is right-aligned to this width (wider amounts push it out). */
#define TGFMT_SPENT_WIDTH 12

void
tgfmt_stats(struct buf *b, const struct stat_row *totals, const struct stat_row *rows, size_t n)
{
	size_t i = n > TGFMT_STATS_DAYS ? n - TGFMT_STATS_DAYS : 0;

	buf_printf(b, "<b>All campaigns</b>\nImpressions: %lld\nClicks: %lld\nSpent: ",
	    (long long)totals->impressions, (long long)totals->clicks);
	amount(b, totals->spent_total);
	buf_printf(b, "\n\n<b>Last 7 days</b>\n<pre>\n%5s %7s %7s %*s\n", "day", "shows", "clicks",
	    TGFMT_SPENT_WIDTH, "spent");
	for (; i < n; i++) {
		char spent[STATS_MONEY_MAX];
		size_t len;

		if (!money_decimal(rows[i].spent_total, spent, sizeof(spent)))
			snprintf(spent, sizeof(spent), "%s", rows[i].spent_total);
		len = strlen(spent);

		buf_printf(b, "%5lld %7lld %7lld %*s", (long long)rows[i].date,
		    (long long)rows[i].impressions, (long long)rows[i].clicks,
		    len < TGFMT_SPENT_WIDTH ? (int)(TGFMT_SPENT_WIDTH - len) : 0, "");
		tgfmt_escape(b, spent, len);
		buf_putc(b, '\n');
	}
	buf_puts(b, "</pre>");
}

static const char *const notice_names[] = { "blocked", "impressions_limit", "clicks_limit" };

int
tgfmt_notice_kind(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(notice_names) / sizeof(notice_names[0]); i++)
		if (strcmp(name, notice_names[i]) == 0)
			return (int)i;
	return -1;
}

void
tgfmt_notice(struct buf *b, enum tgfmt_notice kind, const struct campaign *c)
{
	buf_puts(b, "Campaign <b>");
	escape_opt(b, &c->ad_title);
	buf_puts(b, "</b> ");
	switch (kind) {
	case TGFMT_BLOCKED:
		buf_puts(b, "was blocked by moderation: it is no longer shown.");
		break;
	case TGFMT_IMPRESSIONS_LIMIT:
		buf_printf(b, "reached its impressions limit (%lld): it is no longer shown.",
		    (long long)c->impressions_limit);
		break;
	case TGFMT_CLICKS_LIMIT:
		buf_printf(b, "reached its clicks limit (%lld): it is no longer shown.",
		    (long long)c->clicks_limit);
		break;
	}
}
