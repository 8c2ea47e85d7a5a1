/* sim_v2.c -- ranking v2, the reference (see sim_v2.h). */
#include "core/rank.h"
#include "sim_v2.h"

#define V2_P_CLICK_MIN 0.01
#define V2_P_CLICK_MAX 0.30
#define V2_RELEVANCE_WEIGHT 0.25
#define V2_REPEAT_CLICK_FACTOR 0.05
#define V2_PACE_FACTOR 0.2
#define V2_TIER_CLICKED (-1e6)

double
sim_v2_value(const struct select_view *v, uint32_t i)
{
	const struct catalog_entry *e = &v->cat->entries[i];
	struct rank_candidate c;
	int64_t score = v->score[e->advertiser];
	double r = 0.0, p, value, click_rate;
	bool at_click_limit = e->clicks >= e->c.clicks_limit;
	uint8_t st = v->state[i];

	if (st == SELECT_EXCLUDED)
		return RANK_NEVER;
	if (score > 0 && v->max_score > 0)
		r = score >= v->max_score ? 1.0 : (double)score / (double)v->max_score;
	p = V2_P_CLICK_MIN + (V2_P_CLICK_MAX - V2_P_CLICK_MIN) * r;
	if (st == SELECT_UNSEEN) {
		if (e->impressions >= e->c.impressions_limit || at_click_limit)
			return RANK_NEVER;
		value = ((double)e->c.cost_per_impression + (double)e->c.cost_per_click * p) *
		    (1.0 + V2_RELEVANCE_WEIGHT * r);
		c.impressions = e->impressions;
		c.impressions_limit = e->c.impressions_limit;
		c.day_impressions = e->day_impressions;
		c.days_left = e->c.end_date - v->day + 1;
		if (e->day_impressions >= rank_daily_quota(&c))
			value *= V2_PACE_FACTOR;
		click_rate = (double)(e->c.clicks_limit - e->clicks) /
		    (double)(e->c.impressions_limit - e->impressions);
		if (p > click_rate)
			value *= click_rate / p;
		return value;
	}
	if (st == SELECT_CLICKED || at_click_limit)
		return V2_TIER_CLICKED + r - (at_click_limit && st != SELECT_CLICKED ? 2.0 : 0.0);
	return (double)e->c.cost_per_click * p * V2_REPEAT_CLICK_FACTOR *
	    (1.0 + V2_RELEVANCE_WEIGHT * r);
}
