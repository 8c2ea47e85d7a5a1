/* rank.c -- ranking v3 (see rank.h for the model). */
#include "rank.h"

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

/* What is kept of a first show's revenue by pacing: a campaign past today's share yields. */
static double
pace_factor(const struct rank_candidate *c)
{
	return c->day_impressions >= rank_daily_quota(c) ? RANK_PACE_FACTOR : 1.0;
}

/*
 * What is kept of a first show's whole value by the click budget: clicks it may still take per
 * impression it may still sell, against the client's p(click).
 */
static double
budget_factor(const struct rank_candidate *c, double p)
{
	double click_rate =
	    (double)(c->clicks_limit - c->clicks) / (double)(c->impressions_limit - c->impressions);

	return p > click_rate ? click_rate / p : 1.0;
}

double
rank_value(const struct rank_candidate *c)
{
	double p = rank_click_probability(c->relevance), term = c->worth * c->relevance, ev;

	if (!c->seen) {
		/* A first show takes an impression: only within both limits. */
		if (c->impressions >= c->impressions_limit || c->clicks >= c->clicks_limit)
			return RANK_NEVER;
		ev = (double)c->cost_per_impression + (double)c->cost_per_click * p;
		return (ev * pace_factor(c) + term) * budget_factor(c, p);
	}
	/* A repeat is free and rarely clicked: only its relevance counts, clicked or not. */
	return term;
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
