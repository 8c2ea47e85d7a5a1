/* test_rank.c -- unit tests for ranking v1: values, pacing, limits, best candidate (core/rank). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>

#include "core/compat.h"
#include "core/rank.h"

#define EPS 1e-9

/* An unseen campaign far from its limits and its daily quota (10 a day for 100 days). */
static struct rank_candidate
cand(int64_t cpi, int64_t cpc, double relevance)
{
	struct rank_candidate c = {
		.cost_per_impression = cpi,
		.cost_per_click = cpc,
		.seen = false,
		.clicked = false,
		.relevance = relevance,
		.impressions = 0,
		.impressions_limit = 1000,
		.clicks = 0,
		.clicks_limit = 100,
		.day_impressions = 0,
		.days_left = 100,
	};

	return c;
}

static void
check_best(const char *what, const struct rank_candidate *c, size_t n, size_t want)
{
	size_t got = rank_best(c, n);

	if (got != want)
		fail_msg("%s: rank_best = %zu, want %zu", what, got, want);
}

/* --- the building blocks --------------------------------------------------------------------- */

static void
test_relevance(void **state)
{
	static const struct {
		int64_t score, max;
		double want;
	} cases[] = {
		{ 0, 10, 0.0 },
		{ -5, 10, 0.0 },
		{ 5, 0, 0.0 },
		{ 5, -1, 0.0 },
		{ 0, 0, 0.0 },
		{ 10, 10, 1.0 },
		{ 15, 10, 1.0 },
		{ 5, 10, 0.5 },
		{ 1, 4, 0.25 },
		{ 3, 4, 0.75 },
		{ 1, 1000000, 0.000001 },
		{ INT64_MAX, INT64_MAX, 1.0 },
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		double got = rank_relevance(cases[i].score, cases[i].max);

		if (got < cases[i].want - EPS || got > cases[i].want + EPS)
			fail_msg("rank_relevance(%lld, %lld) = %g, want %g",
			    (long long)cases[i].score, (long long)cases[i].max, got, cases[i].want);
	}
}

static void
test_click_probability(void **state)
{
	assert_float_equal(rank_click_probability(0.0), 0.02, EPS);
	assert_float_equal(rank_click_probability(1.0), 0.20, EPS);
	assert_float_equal(rank_click_probability(0.5), 0.11, EPS);
	assert_float_equal(rank_click_probability(0.25), 0.065, EPS);
}

struct quota_case {
	int64_t limit, impressions, day_impressions, days_left, want;
};

/* ceil(what was left of the limit at the start of today / days left); at least one day. */
static const struct quota_case quota_cases[] = {
	{ 10, 0, 0, 3, 4 },
	{ 9, 0, 0, 3, 3 },
	{ 10, 0, 0, 1, 10 },
	{ 1, 0, 0, 100, 1 },
	{ 100, 0, 0, 10, 10 },
	/* today's impressions do not shrink today's quota */
	{ 10, 3, 3, 3, 4 },
	{ 10, 4, 4, 3, 4 },
	/* earlier days' do */
	{ 10, 5, 2, 3, 3 },
	{ 10, 9, 0, 3, 1 },
	{ 1000, 400, 100, 7, 100 },
	/* nothing left */
	{ 10, 10, 0, 3, 0 },
	{ 10, 12, 0, 2, 0 },
	{ 0, 0, 0, 5, 0 },
	/* the last day, or past it, counts as one day */
	{ 10, 4, 0, 0, 6 },
	{ 10, 4, 0, -5, 6 },
	/* large, but far enough from INT64_MAX */
	{ 4611686018427387904LL, 0, 0, 2, 2305843009213693952LL },
	{ INT64_MAX - 1, 0, 0, 1, INT64_MAX - 1 },
};

/* Limits as large as the API accepts (CAMPAIGN_LIMIT_MAX is INT64_MAX): no overflow. */
static const struct quota_case huge_quota_cases[] = {
	{ INT64_MAX, 0, 0, 1, INT64_MAX },
	{ INT64_MAX, 0, 0, 2, 4611686018427387904LL },
	{ INT64_MAX, 1, 0, 3, 3074457345618258602LL },
	{ INT64_MAX - 1, 0, 0, 2147483647, 4294967298LL },
};

static void
run_quota_table(const struct quota_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct rank_candidate c = cand(0, 0, 0.0);
		int64_t got;

		c.impressions_limit = cases[i].limit;
		c.impressions = cases[i].impressions;
		c.day_impressions = cases[i].day_impressions;
		c.days_left = cases[i].days_left;
		got = rank_daily_quota(&c);
		if (got != cases[i].want)
			fail_msg("rank_daily_quota(limit %lld, impressions %lld, today %lld, days "
			         "%lld) = %lld, want %lld",
			    (long long)cases[i].limit, (long long)cases[i].impressions,
			    (long long)cases[i].day_impressions, (long long)cases[i].days_left,
			    (long long)got, (long long)cases[i].want);
	}
}

static void
test_daily_quota(void **state)
{
	run_quota_table(quota_cases, NELEM(quota_cases));
}

static void
test_daily_quota_huge_limit(void **state)
{
	run_quota_table(huge_quota_cases, NELEM(huge_quota_cases));
}

/* The value of one candidate, worked out by hand from the formula in rank.h. */
static void
test_value(void **state)
{
	struct rank_candidate c;

	/* unseen: (cpi + cpc * p) * (1 + 0.25 * relevance) */
	c = cand(1000000, 0, 0.0);
	assert_float_equal(rank_value(&c), 1000000.0, EPS);
	c = cand(0, 1000000, 1.0);
	assert_float_equal(rank_value(&c), 250000.0, 1e-6);
	c = cand(1000000, 1000000, 0.5);
	assert_float_equal(rank_value(&c), (1000000.0 + 110000.0) * 1.125, 1e-6);
	c = cand(0, 0, 0.7);
	assert_float_equal(rank_value(&c), 0.0, EPS);
	/* past today's quota (10): a fifth */
	c = cand(1000000, 0, 0.0);
	c.impressions = 10;
	c.day_impressions = 10;
	assert_float_equal(rank_value(&c), 200000.0, 1e-6);
	/* seen, not clicked: the click only */
	c = cand(1000000, 1000000, 1.0);
	c.seen = true;
	assert_float_equal(rank_value(&c), 250000.0, 1e-6);
	/* a free repeat is not paced and needs no impression left */
	c.day_impressions = 1000;
	c.impressions = 1000;
	assert_float_equal(rank_value(&c), 250000.0, 1e-6);
	/* unseen at a limit: never */
	c = cand(1000000, 0, 0.0);
	c.impressions = 1000;
	assert_true(rank_value(&c) <= RANK_NEVER);
	c = cand(1000000, 0, 0.0);
	c.clicks = 100;
	assert_true(rank_value(&c) <= RANK_NEVER);
	/* seen and clicked: below any revenue, but shown */
	c = cand(1000000000, 1000000000, 1.0);
	c.seen = true;
	c.clicked = true;
	assert_true(rank_value(&c) < 0.0);
	assert_true(rank_value(&c) > RANK_NEVER);
}

/* --- rank_best ------------------------------------------------------------------------------- */

/* Among unseen campaigns with nothing else to tell them apart, the higher price wins. */
static void
test_profit_order(void **state)
{
	struct rank_candidate c[4];

	c[0] = cand(1000000, 0, 0.0);
	c[1] = cand(2000000, 0, 0.0);
	c[2] = cand(1500000, 0, 0.0);
	c[3] = cand(1999999, 0, 0.0);
	check_best("cost_per_impression", c, 4, 1);
	c[1] = cand(0, 0, 0.0);
	check_best("second highest", c, 4, 3);
	/* and the value behind it: price plus expected click revenue */
	c[0] = cand(1000000, 10000000, 0.0); /* 1.0 + 10.0 * 0.02 = 1.2 */
	c[1] = cand(1100000, 0, 0.0); /* 1.1 */
	check_best("click revenue counts", c, 2, 0);
}

/* Equal prices: the client's ML score decides. */
static void
test_ml_order(void **state)
{
	struct rank_candidate c[3];

	c[0] = cand(1000000, 1000000, 0.2);
	c[1] = cand(1000000, 1000000, 0.9);
	c[2] = cand(1000000, 1000000, 0.5);
	check_best("relevance", c, 3, 1);
	/* without click prices, relevance still weighs the impression price */
	c[0] = cand(1000000, 0, 0.1);
	c[1] = cand(1000000, 0, 0.0);
	c[2] = cand(1000000, 0, 0.3);
	check_best("relevance weight", c, 3, 2);
	/* from scores */
	c[0] = cand(1000000, 1000000, rank_relevance(40, 80));
	c[1] = cand(1000000, 1000000, rank_relevance(80, 80));
	check_best("relevance from scores", c, 2, 1);
}

/* A high click price with a relevant client beats a slightly higher impression price. */
static void
test_click_value(void **state)
{
	struct rank_candidate c[2];

	/* (1.0 + 5.0 * 0.20) * 1.25 = 2.5 against 1.1 * 1.25 = 1.375 */
	c[0] = cand(1100000, 0, 1.0);
	c[1] = cand(1000000, 5000000, 1.0);
	check_best("click value", c, 2, 1);
	assert_float_equal(rank_value(&c[1]), 2500000.0, 1e-6);
	/* with an irrelevant client the click is unlikely: 1.0 + 5.0 * 0.02 = 1.1 < 1.2 */
	c[0] = cand(1200000, 0, 0.0);
	c[1] = cand(1000000, 5000000, 0.0);
	check_best("unlikely click", c, 2, 0);
}

/* A campaign past its share of today yields to a slightly worse one, but not to nothing. */
static void
test_pacing(void **state)
{
	struct rank_candidate c[2];

	/* 1000 impressions over 100 days: 10 a day */
	c[0] = cand(1000000, 0, 0.0);
	c[1] = cand(1100000, 0, 0.0);
	c[1].day_impressions = 10;
	c[1].impressions = 10;
	assert_int_equal(rank_daily_quota(&c[1]), 10);
	check_best("past quota", c, 2, 0);
	check_best("past quota, alone", &c[1], 1, 0);
	/* one below the quota it still leads */
	c[1].day_impressions = 9;
	c[1].impressions = 9;
	check_best("below quota", c, 2, 1);
	/* the quota grows when days run out: 990 left over 10 days is 99 a day */
	c[1].impressions = 10;
	c[1].day_impressions = 0;
	c[1].days_left = 10;
	check_best("quota of 99", c, 2, 1);
	c[1].impressions = 109;
	c[1].day_impressions = 99;
	check_best("99 today", c, 2, 0);
	/* paced campaigns among themselves: still by value */
	c[0].day_impressions = 10;
	c[0].impressions = 10;
	check_best("both paced", c, 2, 1);
}

/* A limit as large as the API takes leaves a large quota: a fresh campaign is not paced. */
static void
test_pacing_huge_limit(void **state)
{
	struct rank_candidate c[2];

	c[0] = cand(1000000, 0, 0.0);
	c[0].impressions_limit = INT64_MAX;
	c[0].clicks_limit = INT64_MAX;
	c[0].days_left = 30;
	assert_float_equal(rank_value(&c[0]), 1000000.0, 1e-6);
	c[1] = cand(900000, 0, 0.0);
	check_best("huge limit vs a cheaper one", c, 2, 0);
}

/* At a limit a campaign is not shown to a new client; with nothing eligible, n. */
static void
test_limits(void **state)
{
	struct rank_candidate c[2];

	c[0] = cand(1000000, 0, 0.0);
	c[1] = cand(9000000, 0, 1.0);
	c[1].impressions = 1000;
	check_best("impressions at limit", c, 2, 0);
	check_best("impressions at limit, alone", &c[1], 1, 1);
	c[1].impressions = 999;
	check_best("one impression left", c, 2, 1);
	c[1].impressions = 1001;
	check_best("impressions past limit", c, 2, 0);

	c[1] = cand(9000000, 0, 1.0);
	c[1].clicks = 100;
	check_best("clicks at limit", c, 2, 0);
	check_best("clicks at limit, alone", &c[1], 1, 1);
	c[1].clicks = 101;
	check_best("clicks past limit", c, 2, 0);
	c[1].clicks = 99;
	check_best("one click left", c, 2, 1);

	/* nothing eligible */
	c[0].impressions = 1000;
	c[1].clicks = 100;
	check_best("none eligible", c, 2, 2);
	check_best("empty", c, 0, 0);
}

/* Seen and clicked: only when nothing else is there. */
static void
test_clicked_last(void **state)
{
	struct rank_candidate c[3];

	c[0] = cand(1000000000, 1000000000, 1.0);
	c[0].seen = true;
	c[0].clicked = true;
	c[1] = cand(0, 0, 0.0); /* unseen, earns nothing */
	check_best("clicked vs free unseen", c, 2, 1);
	c[1].seen = true; /* a free repeat that earns nothing */
	check_best("clicked vs free repeat", c, 2, 1);
	check_best("clicked alone", c, 1, 0);

	/* a free repeat ranks by its click value */
	c[1] = cand(1000000, 10000000, 1.0);
	c[1].seen = true; /* 10.0 * 0.20 * 1.25 = 2.5 */
	c[2] = cand(2000000, 0, 0.0); /* unseen, 2.0 */
	check_best("free repeat with a valuable click", c, 3, 1);
	c[1].cost_per_click = 5000000; /* 1.25 */
	check_best("free repeat with a cheap click", c, 3, 2);

	/* among clicked ones, the more relevant */
	c[1] = c[0];
	c[1].relevance = 0.5;
	c[2] = c[0];
	c[2].relevance = 0.9;
	c[0].relevance = 0.1;
	check_best("clicked by relevance", c, 3, 2);

	/* seen but at the click limit: after the clicked ones */
	c[0] = cand(1000000, 1000000, 1.0);
	c[0].seen = true;
	c[0].clicks = 100;
	c[1] = cand(1000000, 1000000, 0.0);
	c[1].seen = true;
	c[1].clicked = true;
	check_best("seen at click limit vs clicked", c, 2, 1);
	check_best("seen at click limit, alone", c, 1, 0);
}

/* Equal values: the more relevant, then the lower index. */
static void
test_ties(void **state)
{
	struct rank_candidate c[3];

	c[0] = cand(1000000, 1000000, 0.5);
	c[1] = c[0];
	c[2] = c[0];
	check_best("identical", c, 3, 0);

	/* 1.0 * 1.0 = 0.8 * 1.25: equal values, the second more relevant */
	c[0] = cand(1000000, 0, 0.0);
	c[1] = cand(800000, 0, 1.0);
	assert_true(rank_value(&c[0]) == rank_value(&c[1]));
	check_best("equal value, more relevant", c, 2, 1);

	/* nothing to earn at all: relevance, then index */
	c[0] = cand(0, 0, 0.3);
	c[1] = cand(0, 0, 0.7);
	c[2] = cand(0, 0, 0.7);
	check_best("zero value", c, 3, 1);
	c[0].seen = true;
	c[1].seen = true;
	c[2].seen = true;
	check_best("zero value repeats", c, 3, 1);

	/* an ineligible candidate with a high relevance does not win a tie */
	c[0] = cand(1000000, 0, 1.0);
	c[0].impressions = 1000;
	c[1] = cand(0, 0, 0.0);
	c[2] = cand(0, 0, 0.0);
	check_best("ineligible first", c, 3, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relevance),
		cmocka_unit_test(test_click_probability),
		cmocka_unit_test(test_daily_quota),
		cmocka_unit_test(test_value),
		cmocka_unit_test(test_profit_order),
		cmocka_unit_test(test_ml_order),
		cmocka_unit_test(test_click_value),
		cmocka_unit_test(test_pacing),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_clicked_last),
		cmocka_unit_test(test_ties),
		/* last: they overflow in rank_daily_quota, which UBSan turns into an abort */
		cmocka_unit_test(test_daily_quota_huge_limit),
		cmocka_unit_test(test_pacing_huge_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
