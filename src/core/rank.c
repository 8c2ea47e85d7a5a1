/* rank.c -- ranking v2 (see rank.h for the model). */
#include "rank.h"

/* Campaigns the client saw and clicked (or that may take no more clicks) rank below all. */
#define TIER_CLICKED (-1e6)

double
rank_relevance(int64_t score, int64_t client_max_score)
{
	if (score <= 0 || client_max_score <= 0)
		return 0.0;
	if (score >= client_max_score)
		return 1.0;
	return (double)score / (double)client_max_score;
}

double
rank_click_probability(double relevance)
{
	return RANK_P_CLICK_MIN + (RANK_P_CLICK_MAX - RANK_P_CLICK_MIN) * relevance;
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

double
rank_value(const struct rank_candidate *c)
{
	bool at_click_limit = c->clicks >= c->clicks_limit;
	double revenue, value, p, click_rate;

	if (!c->seen) {
		/* A first show takes an impression: only within both limits. */
		if (c->impressions >= c->impressions_limit || at_click_limit)
			return RANK_NEVER;
		p = rank_click_probability(c->relevance);
		revenue = (double)c->cost_per_impression + (double)c->cost_per_click * p;
		value = revenue * (1.0 + RANK_RELEVANCE_WEIGHT * c->relevance);
		if (c->day_impressions >= rank_daily_quota(c))
			value *= RANK_PACE_FACTOR;
		/* Clicks it may still take per impression it may still sell. */
		click_rate = (double)(c->clicks_limit - c->clicks) /
		    (double)(c->impressions_limit - c->impressions);
		if (p > click_rate)
			value *= click_rate / p;
		return value;
	}
	if (c->clicked || at_click_limit)
		/* Nothing to earn (or a click the campaign may not take): last resort. */
		return TIER_CLICKED + c->relevance - (at_click_limit && !c->clicked ? 2.0 : 0.0);
	/* A free repeat earns only through a click, which a repeat rarely brings. */
	revenue = (double)c->cost_per_click * rank_click_probability(c->relevance) *
	    RANK_REPEAT_CLICK_FACTOR;
	return revenue * (1.0 + RANK_RELEVANCE_WEIGHT * c->relevance);
}

double
rank_bound(int64_t cost_per_impression, int64_t cost_per_click)
{
	return ((double)cost_per_impression + (double)cost_per_click * RANK_P_CLICK_MAX) *
	    (1.0 + RANK_RELEVANCE_WEIGHT);
}

double
rank_bound_unscored(int64_t cost_per_impression, int64_t cost_per_click)
{
	return (double)cost_per_impression + (double)cost_per_click * RANK_P_CLICK_MIN;
}
