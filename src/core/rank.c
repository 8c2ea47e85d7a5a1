/* rank.c -- ranking v3 (see rank.h for the model). */
#include "rank.h"

/* Campaigns the client saw and clicked (or that may take no more clicks) rank below all. */
#define TIER_CLICKED (-1e6)

double
rank_click_probability(double relevance)
{
	return RANK_P_CLICK_MIN + (RANK_P_CLICK_MAX - RANK_P_CLICK_MIN) * relevance * relevance;
}

double
rank_scale(int64_t cost_per_impression, int64_t cost_per_click)
{
	return (double)cost_per_impression + (double)cost_per_click * rank_click_probability(0.5);
}

int64_t
rank_daily_quota(const struct rank_candidate *c)
{
	int64_t left = c->impressions_limit - (c->impressions - c->day_impressions);
	int64_t days = c->days_left > 0 ? c->days_left : 1;

	if (left <= 0)
		return 0;
	return left / days + (left % days != 0); /* ceil, without overflow near INT64_MAX */
}

/*
 * What is kept of a first show's value: pacing, and the click budget (clicks it may still take
 * per impression it may still sell, against the client's p(click)).
 */
static double
first_show_factor(const struct rank_candidate *c, double p)
{
	double f = 1.0, click_rate;

	if (c->day_impressions >= rank_daily_quota(c))
		f *= RANK_PACE_FACTOR;
	click_rate =
	    (double)(c->clicks_limit - c->clicks) / (double)(c->impressions_limit - c->impressions);
	if (p > click_rate)
		f *= click_rate / p;
	return f;
}

double
rank_value(const struct rank_candidate *c)
{
	bool at_click_limit = c->clicks >= c->clicks_limit;
	double p = rank_click_probability(c->relevance), term = c->worth * c->relevance;

	if (!c->seen) {
		/* A first show takes an impression: only within both limits. */
		if (c->impressions >= c->impressions_limit || at_click_limit)
			return RANK_NEVER;
		return ((double)c->cost_per_impression + (double)c->cost_per_click * p + term) *
		    first_show_factor(c, p);
	}
	if (c->clicked || at_click_limit)
		/* Nothing to earn (or a click the campaign may not take): last resort. */
		return TIER_CLICKED + c->relevance - (at_click_limit && !c->clicked ? 2.0 : 0.0);
	/* A free repeat earns only through a click, which a repeat rarely brings. */
	return (double)c->cost_per_click * p * RANK_REPEAT_CLICK_FACTOR + term;
}

double
rank_bound(int64_t cost_per_impression, int64_t cost_per_click, double worth)
{
	return (double)cost_per_impression + (double)cost_per_click * RANK_P_CLICK_MAX + worth;
}

double
rank_bound_unscored(int64_t cost_per_impression, int64_t cost_per_click)
{
	return (double)cost_per_impression + (double)cost_per_click * RANK_P_CLICK_MIN;
}
