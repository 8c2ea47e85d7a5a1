/* test_tgfmt.c -- unit tests for core/tgfmt: the bot's HTML messages, every value escaped. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/tgfmt.h"

#define EVIL "<b>&\"x</b>"
#define EVIL_ESCAPED "&lt;b&gt;&amp;&quot;x&lt;/b&gt;"

static void
sample(struct campaign *c)
{
	memset(c, 0, sizeof(*c));
	c->impressions_limit = 1000;
	c->clicks_limit = 10;
	c->cost_per_impression = 1500000; /* 1.5 */
	c->cost_per_click = 250000; /* 0.25 */
	c->ad_title.s = EVIL;
	c->ad_title.len = strlen(EVIL);
	c->ad_text.s = "Buy <now> & save";
	c->ad_text.len = strlen(c->ad_text.s);
	c->start_date = 3;
	c->end_date = 9;
	c->targeting.gender = GENDER_FEMALE;
	c->targeting.age_from = 18;
	c->targeting.age_to = -1;
	c->targeting.location.s = "Saint <Petersburg>";
	c->targeting.location.len = strlen(c->targeting.location.s);
}

static void
test_escape(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "", "" },
		{ "plain", "plain" },
		{ EVIL, EVIL_ESCAPED },
		{ "a&&b", "a&amp;&amp;b" },
		{ "'single' stays", "'single' stays" },
		{ "Привет <мир>", "Привет &lt;мир&gt;" },
	};
	struct buf b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_init(&b);
		buf_puts(&b, ""); /* an empty result is still a string */
		tgfmt_escape(&b, cases[i].in, strlen(cases[i].in));
		assert_string_equal(b.data, cases[i].out);
		buf_free(&b);
	}
}

static void
test_campaign(void **state)
{
	struct stat_row totals = { 0, 120, 4, "180", "1", "181" };
	struct campaign c;
	struct buf b;

	(void)state;
	sample(&c);
	buf_init(&b);
	tgfmt_campaign(&b, 2, &c, 5, &totals);
	assert_non_null(strstr(b.data, "<b>2. " EVIL_ESCAPED "</b>\n"));
	assert_null(strstr(b.data, EVIL));
	assert_non_null(strstr(b.data, "Buy &lt;now&gt; &amp; save"));
	assert_non_null(strstr(b.data, "Status: running"));
	assert_non_null(strstr(b.data, "Limits: 1000 impressions, 10 clicks"));
	assert_non_null(strstr(b.data, "Prices: 1.5 per impression, 0.25 per click"));
	assert_non_null(
	    strstr(b.data, "gender female, age 18+, location Saint &lt;Petersburg&gt;"));
	assert_non_null(strstr(b.data, "Shown 120 times, clicked 4 times, spent 181"));
	buf_reset(&b);
	c.blocked = true;
	tgfmt_campaign(&b, 0, &c, 5, &totals);
	assert_true(
	    strncmp(b.data, "<b>" EVIL_ESCAPED "</b>", strlen("<b>" EVIL_ESCAPED "</b>")) == 0);
	assert_non_null(strstr(b.data, "Status: blocked by moderation"));
	buf_reset(&b);
	c.blocked = false;
	c.targeting.gender = -1;
	c.targeting.age_from = -1;
	c.targeting.location.s = NULL;
	tgfmt_campaign(&b, 1, &c, 10, &totals);
	assert_non_null(strstr(b.data, "Status: finished"));
	assert_non_null(strstr(b.data, "Targeting: everyone"));
	/* One of a thing is singular. */
	buf_reset(&b);
	c.impressions_limit = 1;
	c.clicks_limit = 1;
	totals.impressions = 1;
	totals.clicks = 1;
	tgfmt_campaign(&b, 1, &c, 10, &totals);
	assert_non_null(strstr(b.data, "Limits: 1 impression, 1 click\n"));
	assert_non_null(strstr(b.data, "Shown 1 time, clicked 1 time, spent "));
	buf_free(&b);
}

static void
test_list_and_buttons(void **state)
{
	struct campaign c;
	struct buf b;
	char title[100];

	(void)state;
	sample(&c);
	buf_init(&b);
	tgfmt_list_head(&b, 2, 3, 12);
	tgfmt_list_line(&b, 6, &c);
	assert_string_equal(
	    b.data, "<b>Campaigns</b> (12 in all), page 2 of 3:\n6. " EVIL_ESCAPED "\n");
	buf_reset(&b);
	/* Button labels are plain text: not escaped, and cut at a whole character. */
	tgfmt_button_label(&b, 6, &c);
	assert_string_equal(b.data, "6. " EVIL);
	buf_reset(&b);
	memset(title, 0, sizeof(title));
	for (size_t i = 0; i + 2 < 90; i += 2)
		memcpy(title + i, "\xD0\xAF", 2); /* Я */
	c.ad_title.s = title;
	c.ad_title.len = strlen(title);
	tgfmt_button_label(&b, 1, &c);
	assert_int_equal(b.len, 3 + 40 + 3);
	buf_reset(&b);
	tgfmt_list_head(&b, 1, 1, 0);
	assert_string_equal(b.data, "You have no campaigns yet.");
	buf_free(&b);
}

static void
test_stats(void **state)
{
	struct stat_row totals = { 0, 30, 2, "3", "1", "4.500000" };
	struct stat_row rows[9];
	struct buf b;
	size_t i;
	const char *p;
	int lines = 0;

	(void)state;
	for (i = 0; i < 9; i++) {
		memset(&rows[i], 0, sizeof(rows[i]));
		rows[i].date = (int64_t)i;
		rows[i].impressions = (int64_t)i * 10;
		strcpy(rows[i].spent_total, i == 8 ? "12.750000" : "0.000000");
	}
	buf_init(&b);
	tgfmt_stats(&b, &totals, rows, 9);
	assert_non_null(strstr(b.data, "Impressions: 30\nClicks: 2\nSpent: 4.5\n"));
	/* The last 7 days only: 2..8, oldest first. */
	assert_null(strstr(b.data, "\n    1 "));
	assert_non_null(strstr(b.data, "\n    2      20       0            0\n"));
	assert_non_null(strstr(b.data, "\n    8      80       0        12.75\n"));
	for (p = strstr(b.data, "<pre>"); p != NULL && (p = strchr(p + 1, '\n')) != NULL;)
		lines++;
	assert_int_equal(lines, 1 + 1 + 7); /* after <pre>, the header, the days */
	assert_non_null(strstr(b.data, "</pre>"));
	buf_free(&b);
}

static void
test_notice(void **state)
{
	struct campaign c;
	struct buf b;

	(void)state;
	sample(&c);
	buf_init(&b);
	assert_int_equal(tgfmt_notice_kind("blocked"), TGFMT_BLOCKED);
	assert_int_equal(tgfmt_notice_kind("clicks_limit"), TGFMT_CLICKS_LIMIT);
	assert_int_equal(tgfmt_notice_kind("other"), -1);
	tgfmt_notice(&b, TGFMT_BLOCKED, &c);
	assert_string_equal(b.data,
	    "Campaign <b>" EVIL_ESCAPED "</b> was blocked by moderation: it is no longer shown.");
	buf_reset(&b);
	tgfmt_notice(&b, TGFMT_IMPRESSIONS_LIMIT, &c);
	assert_non_null(strstr(b.data, "reached its impressions limit (1000)"));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_campaign),
		cmocka_unit_test(test_list_and_buttons),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_notice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
