/*
 * test_rank.c -- unit tests for ranking v3: values, the relevance term, pacing, the click
 * budget, repeats, limits, the bound, best candidate (core/rank).
 *
 * Expected values are worked out by hand from the formulas in rank.h, in units of 1.0 = 1000000
 * micros in the comments (w = the candidate's relevance worth, 0 unless a test sets it):
 *   p(r)    = 0.01 + (0.30 - 0.01) * r^2
 *   unseen  = ((cpi + cpc * p) [* 0.2 when paced] + w * r)
 *             [* (clicks left / impressions left) / p when p > clicks left / impressions left]
 *   repeat  = w * r                    (seen, clicked or not)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>

#include "core/compat.h"
#include "core/money.h"
#include "core/rank.h"

/*
 * An unseen campaign far from its limits and its daily quota (1000 impressions over 100 days:
 * 10 a day), without a relevance term (worth 0). It may take as many clicks as impressions (click rate 1000 / 1000 = 1 >= any
 * p(click)), so the click-budget rule stays out of the way unless a test tightens clicks_limit.
 */
static struct rank_candidate
cand(int64_t cpi, int64_t cpc, double relevance)
{
	struct rank_candidate c = {
		.cost_per_impression = cpi,
		.cost_per_click = cpc,
		.seen = false,
		.relevance = relevance,
		.worth = 0.0,
		.impressions = 0,
		.impressions_limit = 1000,
		.clicks = 0,
		.clicks_limit = 1000,
		.day_impressions = 0,
		.days_left = 100,
	};

	return c;
}

static struct rank_candidate
repeat(int64_t cpi, int64_t cpc, double relevance)
{
	struct rank_candidate c = cand(cpi, cpc, relevance);

	c.seen = true;
	return c;
}

/*
 * The index of the highest rank_value above RANK_NEVER, or n; ties go to the first, as in
 * catalog_best (which visits candidates in order of their bound).
 */
static size_t
best_of(const struct rank_candidate *c, size_t n)
{
	double best_value = RANK_NEVER;
	size_t i, best = n;

	for (i = 0; i < n; i++) {
		double v = rank_value(&c[i]);

		if (v > best_value) {
			best_value = v;
			best = i;
		}
	}
	return best;
}

static void
check_best(const char *what, const struct rank_candidate *c, size_t n, size_t want)
{
	size_t got = best_of(c, n);

	if (got != want)
		fail_msg("%s: best = %zu, want %zu", what, got, want);
}

/* got is want up to rounding, relative 1e-12 (cmocka's assert_float_equal rounds to float). */
static void
check_double(const char *what, double got, double want)
{
	double tol = (want < 0.0 ? -want : want) * 1e-12;

	if (got < want - tol || got > want + tol)
		fail_msg("%s: %.17g, want %.17g", what, got, want);
}

static void
check_value(const char *what, const struct rank_candidate *c, double want)
{
	check_double(what, rank_value(c), want);
}

/* --- the building blocks --------------------------------------------------------------------- */

static void
test_click_probability(void **state)
{
	/* 0.01 + 0.29 r^2 */
	check_double("p(0)", rank_click_probability(0.0), 0.01);
	check_double("p(1)", rank_click_probability(1.0), 0.30);
	check_double("p(0.5)", rank_click_probability(0.5), 0.01 + 0.29 * 0.25); /* 0.0825 */
	check_double("p(0.2)", rank_click_probability(0.2), 0.01 + 0.29 * 0.04); /* 0.0216 */
	/* the ends are the constants themselves, which rank_bound relies on */
	assert_true(rank_click_probability(0.0) == RANK_P_CLICK_MIN);
	assert_true(rank_click_probability(1.0) == RANK_P_CLICK_MAX);
	/* rising */
	assert_true(rank_click_probability(0.3) < rank_click_probability(0.31));
}

static void
test_scale(void **state)
{
	/* cpi + cpc * p(1/2) = cpi + cpc * 0.0825 */
	check_double("impressions", rank_scale(1000000, 0), 1000000.0);
	check_double("clicks", rank_scale(0, 10000000), 10000000.0 * 0.0825);
	check_double("both", rank_scale(500000, 2000000), 500000.0 + 2000000.0 * 0.0825);
	check_double("free", rank_scale(0, 0), 0.0);
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

/* The value of one candidate, worked out by hand from the formulas in rank.h. */
static void
test_value(void **state)
{
	struct rank_candidate c;

	/* unseen: cpi + cpc * p */
	c = cand(1000000, 0, 0.0);
	check_value("price only", &c, 1000000.0);
	c = cand(0, 1000000, 1.0);
	check_value("click only", &c, 1000000.0 * 0.30);
	c = cand(1000000, 1000000, 0.5);
	check_value("both prices", &c, 1000000.0 + 1000000.0 * 0.0825); /* 1.0825 */
	c = cand(0, 0, 0.7);
	check_value("free", &c, 0.0);
	/* past today's quota (10): a fifth, 1.0 * 0.2 */
	c = cand(1000000, 0, 0.0);
	c.impressions = 10;
	c.day_impressions = 10;
	check_value("paced", &c, 1000000.0 * 0.2);
	/* seen: the relevance term only (worth 0 here), whatever the prices */
	c = repeat(1000000, 1000000, 1.0);
	check_value("free repeat", &c, 0.0);
	/* a free repeat is not paced and needs no impression left: 0.5 * 1 */
	c.worth = 500000.0;
	c.day_impressions = 1000;
	c.impressions = 1000;
	check_value("free repeat at the impression limit", &c, 500000.0);
	/* nor a click left (a click on it would not be charged) */
	c.clicks = 1000;
	check_value("free repeat at the click limit", &c, 500000.0);
	/* unseen at a limit: never */
	c = cand(1000000, 0, 0.0);
	c.impressions = 1000;
	assert_true(rank_value(&c) <= RANK_NEVER);
	c = cand(1000000, 0, 0.0);
	c.clicks = 1000;
	assert_true(rank_value(&c) <= RANK_NEVER);
}

/* The relevance term: worth * r added to the expected revenue, budgeted with it, not paced. */
static void
test_relevance_term(void **state)
{
	struct rank_candidate c, c2[2];

	/* worth 0.5: 1.0 + 0.5 * 0.6 */
	c = cand(1000000, 0, 0.6);
	c.worth = 500000.0;
	check_value("unseen", &c, 1000000.0 + 500000.0 * 0.6);
	/* paced: the revenue shrinks, not the term, 1.0 * 0.2 + 0.5 * 0.6 */
	c.impressions = 10;
	c.day_impressions = 10;
	check_value("paced", &c, 1000000.0 * 0.2 + 500000.0 * 0.6);
	/* so a paced campaign still wins a client it suits over an unpaced one, 0.5 > 0.4 ... */
	c2[0] = c;
	c2[1] = cand(400000, 0, 0.0);
	c2[1].worth = 500000.0;
	check_best("paced, relevant client", c2, 2, 0);
	/* ... but not over one earning more, 0.6 > 0.5 */
	c2[1].cost_per_impression = 600000;
	check_best("paced, relevant client, a richer rival", c2, 2, 1);
	/* tight click budget (10 for 1000, 0.01 < p(1) 0.30): (1.0 + 1.0 * 0.30 + 0.5) * 0.01 / 0.30 */
	c = cand(1000000, 1000000, 1.0);
	c.worth = 500000.0;
	c.clicks_limit = 10;
	check_value("tight budget", &c, (1000000.0 + 1000000.0 * 0.30 + 500000.0) * (0.01 / 0.30));
	/* so a relevant client does not spend a tight click budget for the term's sake: an
	 * irrelevant one (p 0.01 <= 0.01, not scaled) is worth more, 1.01 against 0.06 */
	c.relevance = 0.0;
	check_value("tight budget, irrelevant", &c, 1000000.0 + 1000000.0 * 0.01);
	/* a repeat: 0.5 * 0.5, its click price aside */
	c = repeat(1000000, 10000000, 0.5);
	c.worth = 500000.0;
	check_value("repeat", &c, 500000.0 * 0.5);
	/* no term at relevance 0 */
	c = cand(1000000, 0, 0.0);
	c.worth = 500000.0;
	check_value("irrelevant", &c, 1000000.0);
}

/* --- choosing among candidates ------------------------------------------------------------------------------- */

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
	c[0] = cand(1000000, 20000000, 0.0); /* 1.0 + 20.0 * 0.01 = 1.2 */
	c[1] = cand(1100000, 0, 0.0); /* 1.1 */
	check_value("click revenue", &c[0], 1000000.0 + 20000000.0 * 0.01);
	check_best("click revenue counts", c, 2, 0);
}

/* Equal prices: relevance decides, through p(click) and through the relevance term. */
static void
test_relevance_order(void **state)
{
	struct rank_candidate c[3];
	size_t i;

	/* 1.0 + 1.0 * p: r 0.2: 1.0216, r 0.9: 1.2449, r 0.5: 1.0825 */
	c[0] = cand(1000000, 1000000, 0.2);
	c[1] = cand(1000000, 1000000, 0.9);
	c[2] = cand(1000000, 1000000, 0.5);
	check_value("r 0.9", &c[1], 1000000.0 + 1000000.0 * (0.01 + 0.29 * 0.81));
	check_best("relevance through p", c, 3, 1);
	/* without click prices only the term tells them apart: 1.0 + 0.1 * r */
	c[0] = cand(1000000, 0, 0.1);
	c[1] = cand(1000000, 0, 0.0);
	c[2] = cand(1000000, 0, 0.3);
	for (i = 0; i < 3; i++)
		c[i].worth = 100000.0;
	check_value("relevance term", &c[2], 1000000.0 + 100000.0 * 0.3);
	check_best("relevance term", c, 3, 2);
	/* without a worth they tie: the first */
	for (i = 0; i < 3; i++)
		c[i].worth = 0.0;
	check_best("no worth", c, 3, 0);
	/* the term trades revenue for relevance: 1.0 + 0.5 * 1 = 1.5 against 1.4 + 0 */
	c[0] = cand(1000000, 0, 1.0);
	c[1] = cand(1400000, 0, 0.0);
	c[0].worth = c[1].worth = 500000.0;
	check_best("relevant beats richer", c, 2, 0);
	c[1].cost_per_impression = 1600000; /* 1.6 > 1.5 */
	check_best("much richer beats relevant", c, 2, 1);
}

/* A high click price with a relevant client beats a slightly higher impression price. */
static void
test_click_value(void **state)
{
	struct rank_candidate c[2];

	/* 1.0 + 5.0 * 0.30 = 2.5 against 1.1 */
	c[0] = cand(1100000, 0, 1.0);
	c[1] = cand(1000000, 5000000, 1.0);
	check_best("click value", c, 2, 1);
	check_value("click value", &c[1], 1000000.0 + 5000000.0 * 0.30);
	/* with an irrelevant client the click is unlikely: 1.0 + 5.0 * 0.01 = 1.05 < 1.06 */
	c[0] = cand(1060000, 0, 0.0);
	c[1] = cand(1000000, 5000000, 0.0);
	check_value("unlikely click", &c[1], 1000000.0 + 5000000.0 * 0.01);
	check_best("unlikely click", c, 2, 0);
}

/* A campaign past its share of today yields to a slightly worse one, but not to nothing. */
static void
test_pacing(void **state)
{
	struct rank_candidate c[2];

	/* 1000 impressions over 100 days: 10 a day; 1.0 against 1.1 * 0.2 = 0.22 */
	c[0] = cand(1000000, 0, 0.0);
	c[1] = cand(1100000, 0, 0.0);
	c[1].day_impressions = 10;
	c[1].impressions = 10;
	assert_int_equal(rank_daily_quota(&c[1]), 10);
	check_value("past quota", &c[1], 1100000.0 * 0.2);
	check_best("past quota", c, 2, 0);
	check_best("past quota, alone", &c[1], 1, 0);
	/* one below the quota it still leads: 1.1 */
	c[1].day_impressions = 9;
	c[1].impressions = 9;
	check_value("below quota", &c[1], 1100000.0);
	check_best("below quota", c, 2, 1);
	/* the quota grows when days run out: 990 left over 10 days is 99 a day */
	c[1].impressions = 10;
	c[1].day_impressions = 0;
	c[1].days_left = 10;
	assert_int_equal(rank_daily_quota(&c[1]), 99);
	check_best("quota of 99", c, 2, 1);
	c[1].impressions = 109;
	c[1].day_impressions = 99;
	check_best("99 today", c, 2, 0);
	/* paced campaigns among themselves: still by value, 1.0 * 0.2 < 1.1 * 0.2 */
	c[0].day_impressions = 10;
	c[0].impressions = 10;
	check_best("both paced", c, 2, 1);
}

/*
 * A limit as large as the API takes leaves a large quota and a sane click rate: a fresh
 * campaign is not paced, and nothing overflows.
 */
static void
test_pacing_huge_limit(void **state)
{
	struct rank_candidate c[2];

	c[0] = cand(1000000, 0, 0.0);
	c[0].impressions_limit = INT64_MAX;
	c[0].clicks_limit = INT64_MAX;
	c[0].days_left = 30;
	/* click rate INT64_MAX / INT64_MAX = 1 >= p: 1.0 */
	check_value("huge limits", &c[0], 1000000.0);
	c[1] = cand(900000, 0, 0.0);
	check_best("huge limit vs a cheaper one", c, 2, 0);
	/* one impression left of INT64_MAX: quota 1, click rate INT64_MAX / 1 */
	c[0].impressions = INT64_MAX - 1;
	assert_int_equal(rank_daily_quota(&c[0]), 1);
	check_value("huge limits, one impression left", &c[0], 1000000.0);
	/* 1000 clicks for INT64_MAX impressions: rate 1000 / 2^63, so 1.0 * (1000 / 2^63) / 0.01 */
	c[0].impressions = 0;
	c[0].clicks_limit = 1000;
	check_value("huge impression limit, few clicks", &c[0],
	    1000000.0 * ((1000.0 / 9223372036854775808.0) / 0.01));
	check_best("huge impression limit, few clicks", c, 2, 1);
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
	/* one left: quota 1, not used today; click rate 1000 / 1: 9.0 */
	c[1].impressions = 999;
	check_value("one impression left", &c[1], 9000000.0);
	check_best("one impression left", c, 2, 1);
	c[1].impressions = 1001;
	check_best("impressions past limit", c, 2, 0);

	c[1] = cand(9000000, 0, 1.0);
	c[1].clicks = 1000;
	check_best("clicks at limit", c, 2, 0);
	check_best("clicks at limit, alone", &c[1], 1, 1);
	c[1].clicks = 1001;
	check_best("clicks past limit", c, 2, 0);
	/*
	 * One click left is still eligible, but for 1000 impressions: click rate 1 / 1000 < 0.30,
	 * 9.0 * (0.001 / 0.30) = 0.03 < 1.0
	 */
	c[1].clicks = 999;
	check_value("one click left", &c[1], 9000000.0 * (0.001 / 0.30));
	check_best("one click left, alone", &c[1], 1, 0);
	check_best("one click left", c, 2, 0);
	/* one click for one impression: rate 1, the full 9.0 */
	c[1].impressions = 999;
	check_value("one click, one impression left", &c[1], 9000000.0);
	check_best("one click, one impression left", c, 2, 1);

	/* nothing eligible */
	c[0].impressions = 1000;
	c[1].clicks = 1000;
	check_best("none eligible", c, 2, 2);
	check_best("empty", c, 0, 0);
}

/* A repeat at its campaign's click limit is a repeat like any other; an unseen one is never shown. */
static void
test_repeat_at_click_limit(void **state)
{
	struct rank_candidate c[3];
	size_t i;

	c[0] = repeat(1000000, 1000000, 0.9);
	c[0].clicks = c[0].clicks_limit;
	c[1] = repeat(1000000, 1000000, 0.5);
	c[2] = repeat(1000000, 1000000, 0.1);
	for (i = 0; i < NELEM(c); i++)
		c[i].worth = 500000.0;
	check_value("at the click limit", &c[0], 500000.0 * 0.9);
	check_best("the most relevant, at its click limit", c, 3, 0);
	c[0].relevance = 0.3;
	check_best("the most relevant, not at its click limit", c, 3, 1);
	c[1] = cand(1000000, 1000000, 1.0);
	c[1].clicks = c[1].clicks_limit;
	c[1].worth = 500000.0;
	check_best("unseen at the click limit", c, 2, 0);
}

/* Equal values: the first candidate wins (catalog_best visits in order of bound). */
static void
test_ties(void **state)
{
	struct rank_candidate c[3];

	c[0] = cand(1000000, 1000000, 0.5);
	c[1] = c[0];
	c[2] = c[0];
	check_best("identical", c, 3, 0);

	/* 1.0 + 0 = 0.75 + 0.25 * 1: equal values (exactly); the first wins, relevance aside */
	c[0] = cand(1000000, 0, 0.0);
	c[1] = cand(750000, 0, 1.0);
	c[0].worth = c[1].worth = 250000.0;
	assert_true(rank_value(&c[0]) == rank_value(&c[1]));
	check_best("equal value", c, 2, 0);

	/* nothing to earn at all: still shown, the first one */
	c[0] = cand(0, 0, 0.3);
	c[1] = cand(0, 0, 0.7);
	c[2] = cand(0, 0, 0.7);
	check_best("zero value", c, 3, 0);
	c[0].seen = true;
	c[1].seen = true;
	c[2].seen = true;
	check_best("zero value repeats", c, 3, 0);

	/* an ineligible candidate with a high relevance does not win a tie */
	c[0] = cand(1000000, 0, 1.0);
	c[0].impressions = 1000;
	c[1] = cand(0, 0, 0.0);
	c[2] = cand(0, 0, 0.0);
	check_best("ineligible first", c, 3, 1);
}

/* --- the click budget ------------------------------------------------------------------------ */

/*
 * With c clicks and i impressions left, a first show to a client of p(click) > c / i is scaled
 * by (c / i) / p: the campaign would run out of clicks before it sold its impressions.
 */
static void
test_click_budget(void **state)
{
	struct rank_candidate c[2];

	/* 50 clicks for 1000 impressions: click rate 50 / 1000 = 0.05 */
	c[0] = cand(1000000, 1000000, 1.0);
	c[0].clicks_limit = 50;
	/* a relevant client, p 0.30 > 0.05: (1.0 + 1.0 * 0.30) * (0.05 / 0.30) = 0.2166667 */
	check_value(
	    "tight, relevant client", &c[0], (1000000.0 + 1000000.0 * 0.30) * (0.05 / 0.30));
	/* r 0.5, p 0.0825 > 0.05: (1.0 + 1.0 * 0.0825) * (0.05 / 0.0825) = 0.6560606 */
	c[1] = c[0];
	c[1].relevance = 0.5;
	check_value("tight, half relevant client", &c[1],
	    (1000000.0 + 1000000.0 * 0.0825) * (0.05 / 0.0825));
	assert_true(rank_value(&c[1]) > rank_value(&c[0]));
	/* an irrelevant client, p 0.01 <= 0.05: not scaled, 1.0 + 1.0 * 0.01 = 1.01 */
	c[1].relevance = 0.0;
	check_value("tight, irrelevant client", &c[1], 1000000.0 + 1000000.0 * 0.01);
	/* so the campaign is worth more to the least relevant client */
	assert_true(rank_value(&c[1]) > rank_value(&c[0]));

	/*
	 * p == click rate: not scaled (it would be by 0.01 / 0.01 = 1 anyway, the rule is continuous):
	 * 10 clicks for 1000 impressions, 10 / 1000 = 0.01 = p(0)
	 */
	c[0] = cand(1000000, 1000000, 0.0);
	c[0].clicks_limit = 10;
	check_value("p at the click rate", &c[0], 1000000.0 + 1000000.0 * 0.01);
	/* one click fewer, 9 / 1000 = 0.009 < 0.01: 1.01 * (0.009 / 0.01) = 0.909 */
	c[0].clicks = 1;
	check_value(
	    "p just above the click rate", &c[0], (1000000.0 + 1000000.0 * 0.01) * (0.009 / 0.01));

	/* what is left counts, not the limits: (100 - 90) / (1000 - 800) = 0.05 */
	c[0] = cand(1000000, 1000000, 1.0);
	c[0].clicks_limit = 100;
	c[0].clicks = 90;
	c[0].impressions = 800; /* quota ceil(200 / 100) = 2, none today: not paced */
	check_value("what is left", &c[0], (1000000.0 + 1000000.0 * 0.30) * (0.05 / 0.30));
	/* 10 clicks for 10 impressions: rate 1, not scaled, 1.0 + 0.30 */
	c[0].impressions = 990;
	check_value("as many clicks as impressions left", &c[0], 1000000.0 + 1000000.0 * 0.30);

	/* a click spends the budget whatever it pays: 1.0 * (0.05 / 0.30) = 0.1666667 */
	c[0] = cand(1000000, 0, 1.0);
	c[0].clicks_limit = 50;
	check_value("no click price", &c[0], 1000000.0 * (0.05 / 0.30));

	/* with pacing both apply: 50 / 990 left, 10 today of a quota of 10 */
	c[0] = cand(1000000, 1000000, 1.0);
	c[0].clicks_limit = 50;
	c[0].impressions = 10;
	c[0].day_impressions = 10;
	check_value("paced and tight", &c[0],
	    (1000000.0 + 1000000.0 * 0.30) * 0.2 * ((50.0 / 990.0) / 0.30));

	/* equal prices and client: the campaign with clicks to spare wins, 1.3 against 0.2167 */
	c[0] = cand(1000000, 1000000, 1.0);
	c[0].clicks_limit = 50;
	c[1] = cand(1000000, 1000000, 1.0);
	check_value("plenty of clicks", &c[1], 1000000.0 + 1000000.0 * 0.30);
	check_best("tight budget loses", c, 2, 1);
	/* ... as it does to a cheaper one, 0.3 */
	c[1] = cand(300000, 0, 1.0);
	check_best("tight budget loses to a cheaper one", c, 2, 1);
	/* for an irrelevant client the rule does not apply: 1.01 each, a tie, the lower index */
	c[1] = cand(1000000, 1000000, 0.0);
	c[0].relevance = 0.0;
	assert_true(rank_value(&c[0]) == rank_value(&c[1]));
	check_best("irrelevant client", c, 2, 0);
}

/* --- repeats --------------------------------------------------------------------------------- */

/*
 * A repeat (seen, clicked or not) is worth its relevance term alone, w * r, whatever its prices:
 * it loses to any first show worth more and beats one worth less.
 */
static void
test_repeat(void **state)
{
	static const double rel[] = { 0.0, 0.5, 1.0 };
	struct rank_candidate c[2];
	size_t i, j;

	/* a big click price counts for nothing */
	c[0] = repeat(1000000, 100000000, 1.0);
	check_value("repeat, worth 0", &c[0], 0.0);
	c[0].worth = 1500000.0;
	check_value("repeat, r 1", &c[0], 1500000.0);
	c[0].relevance = 0.5;
	check_value("repeat, r 0.5", &c[0], 750000.0);
	c[0].relevance = 0.0;
	check_value("repeat, r 0", &c[0], 0.0);
	/* against the first show: 1.0 + 100.0 * 0.30 + 1.5 = 32.5 */
	c[1] = cand(1000000, 100000000, 1.0);
	c[1].worth = 1500000.0;
	check_value("first show", &c[1], 1000000.0 + 100000000.0 * 0.30 + 1500000.0);

	/*
	 * At most w = 1.5: it loses to any unseen campaign worth more, 1.6 per impression with
	 * any client, though listed first ...
	 */
	for (i = 0; i < NELEM(rel); i++)
		for (j = 0; j < NELEM(rel); j++) {
			c[0] = repeat(1000000, 100000000, rel[i]);
			c[0].worth = 1500000.0;
			c[1] = cand(1600000, 0, rel[j]);
			if (best_of(c, 2) != 1)
				fail_msg("repeat r %g vs unseen 1.6 r %g: the repeat won", rel[i],
				    rel[j]);
		}
	/* ... and a relevant one beats an unseen one worth less, 1.4 */
	c[0] = repeat(1000000, 100000000, 1.0);
	c[0].worth = 1500000.0;
	c[1] = cand(1400000, 0, 0.0);
	check_best("relevant repeat vs unseen 1.4", c, 2, 0);
	/* an irrelevant repeat is worth nothing: a first show of any price wins */
	c[0].relevance = 0.0;
	c[1] = cand(1, 0, 0.0);
	check_best("irrelevant repeat vs unseen 1 micro", c, 2, 1);
}

/* Repeats are chosen for relevance alone (worth 0.5 here), prices aside. */
static void
test_repeat_relevance(void **state)
{
	struct rank_candidate c[4];
	size_t i;

	c[0] = repeat(3000000, 5000000, 0.0); /* 0 */
	c[1] = repeat(0, 1000000, 2.0 / 3.0); /* 0.5 * 2/3 */
	c[2] = repeat(0, 0, 1.0); /* 0.5 */
	c[3] = repeat(100000, 2000000, 1.0 / 3.0);
	for (i = 0; i < 4; i++)
		c[i].worth = 500000.0;
	check_value("r 2/3", &c[1], 500000.0 * (2.0 / 3.0));
	check_best("the most relevant repeat", c, 4, 2);
	/* a rich click price does not move a less relevant repeat ahead */
	c[1].cost_per_click = 100000000;
	check_best("prices aside", c, 4, 2);
	/* a first show of an irrelevant campaign earning more wins: 0.6 > 0.5 * 2/3 */
	c[2] = cand(600000, 0, 0.0);
	c[2].worth = 500000.0;
	check_best("a first show worth more", c, 4, 2);
	/* one earning less yields to the relevant repeat: 0.3 < 0.5 * 2/3 */
	c[2].cost_per_impression = 300000;
	check_best("a first show worth less", c, 4, 1);
}

/* --- the bound ------------------------------------------------------------------------------- */

/*
 * rank_bound(cpi, cpc, w) = cpi + cpc * 0.30 + w bounds rank_value of every candidate with
 * those prices and worth, and is reached by an unseen one at relevance 1 with room to spare;
 * rank_bound_unscored(cpi, cpc) = cpi + cpc * 0.01 bounds those at relevance 0.
 */
static void
test_bound(void **state)
{
	static const struct {
		int64_t cpi, cpc;
	} prices[] = {
		{ 0, 0 },
		{ 1, 0 },
		{ 0, 1 },
		{ 1000000, 0 },
		{ 0, 1000000 },
		{ 1000000, 5000000 },
		{ 123456789, 987654321 },
		{ MONEY_MAX_MICROS, 0 },
		{ 0, MONEY_MAX_MICROS },
		{ MONEY_MAX_MICROS, MONEY_MAX_MICROS },
	};
	static const double worths[] = { 0.0, 1.0, 250000.0, 3e9 };
	static const bool seen[] = { false, true };
	static const double rel[] = { 0.0, 0.000001, 0.1, 0.31, 0.5, 0.9, 0.999999, 1.0 };
	static const struct {
		const char *what;
		int64_t impressions, impressions_limit, clicks, clicks_limit, day_impressions;
		int64_t days_left;
	} counters[] = {
		{ "fresh", 0, 1000, 0, 1000, 0, 100 },
		{ "below quota", 9, 1000, 0, 1000, 9, 100 },
		{ "paced", 10, 1000, 0, 1000, 10, 100 },
		{ "last day", 990, 1000, 5, 1000, 0, 1 },
		{ "tight clicks", 0, 1000, 0, 50, 0, 100 },
		{ "paced, tight clicks", 10, 1000, 0, 50, 10, 100 },
		{ "one click left", 0, 1000, 999, 1000, 0, 100 },
		{ "one of each left", 999, 1000, 999, 1000, 0, 100 },
		{ "at the impression limit", 1000, 1000, 0, 1000, 0, 100 },
		{ "at the click limit", 0, 1000, 1000, 1000, 0, 100 },
		{ "huge limits", 0, INT64_MAX, 0, INT64_MAX, 0, 30 },
		{ "huge, few clicks", 0, INT64_MAX, 0, 1000, 0, 30 },
		/* quota ceil((2^63 - 1) / 1000) = 9223372036854776 < 10^16 today */
		{ "huge, paced", 10000000000000000LL, INT64_MAX, 0, INT64_MAX, 10000000000000000LL,
		    1000 },
	};
	size_t p, q, s, r, k;

	for (p = 0; p < NELEM(prices); p++)
		for (q = 0; q < NELEM(worths); q++) {
			double bound = rank_bound(prices[p].cpi, prices[p].cpc, worths[q]);
			double unscored = rank_bound_unscored(prices[p].cpi, prices[p].cpc);
			double top = RANK_NEVER;
			struct rank_candidate c;

			check_double("rank_bound", bound,
			    (double)prices[p].cpi + (double)prices[p].cpc * 0.30 + worths[q]);
			check_double("rank_bound_unscored", unscored,
			    (double)prices[p].cpi + (double)prices[p].cpc * 0.01);
			for (s = 0; s < NELEM(seen); s++)
				for (r = 0; r < NELEM(rel); r++)
					for (k = 0; k < NELEM(counters); k++) {
						double v;

						c = cand(prices[p].cpi, prices[p].cpc, rel[r]);
						c.worth = worths[q];
						c.seen = seen[s];
						c.impressions = counters[k].impressions;
						c.impressions_limit = counters[k].impressions_limit;
						c.clicks = counters[k].clicks;
						c.clicks_limit = counters[k].clicks_limit;
						c.day_impressions = counters[k].day_impressions;
						c.days_left = counters[k].days_left;
						v = rank_value(&c);
						if (v > bound || (rel[r] == 0.0 && v > unscored))
							fail_msg("cpi %lld cpc %lld w %g, seen %d, "
							         "r %g, %s: rank_value "
							         "%.17g > bound %.17g (unscored "
							         "%.17g)",
							    (long long)prices[p].cpi,
							    (long long)prices[p].cpc, worths[q],
							    (int)c.seen, rel[r], counters[k].what,
							    v, bound, unscored);
						if (v > top)
							top = v;
					}
			/* the bound is tight: an unseen, fresh campaign and a client of relevance 1 */
			c = cand(prices[p].cpi, prices[p].cpc, 1.0);
			c.worth = worths[q];
			check_double("fresh at relevance 1", rank_value(&c), bound);
			check_double("the highest value", top, bound);
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_click_probability),
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_daily_quota),
		cmocka_unit_test(test_value),
		cmocka_unit_test(test_relevance_term),
		cmocka_unit_test(test_profit_order),
		cmocka_unit_test(test_relevance_order),
		cmocka_unit_test(test_click_value),
		cmocka_unit_test(test_pacing),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_repeat_at_click_limit),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_click_budget),
		cmocka_unit_test(test_repeat),
		cmocka_unit_test(test_repeat_relevance),
		/* last: limits near INT64_MAX, where an overflow would abort the run under UBSan */
		cmocka_unit_test(test_daily_quota_huge_limit),
		cmocka_unit_test(test_pacing_huge_limit),
		cmocka_unit_test(test_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
