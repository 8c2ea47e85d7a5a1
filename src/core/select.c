/* select.c -- choosing the ad for one client (see select.h). */
#include <string.h>

#include "rank.h"
#include "select.h"

int
select_view_init(struct select_view *v, const struct catalog *cat, int64_t day, struct arena *a)
{
	v->cat = cat;
	v->max_score = 0;
	v->day = day;
	v->score = arena_alloc(a, (cat->nadvertisers + 1) * sizeof(*v->score));
	v->state = arena_alloc(a, cat->n + 1);
	if (v->score == NULL || v->state == NULL)
		return -1;
	memset(v->score, 0, (cat->nadvertisers + 1) * sizeof(*v->score));
	memset(v->state, 0, cat->n + 1);
	return 0;
}

void
select_view_score(struct select_view *v, const char *advertiser_id, int64_t score)
{
	long k = catalog_advertiser(v->cat, advertiser_id);

	if (score > v->max_score)
		v->max_score = score;
	if (k >= 0)
		v->score[k] = score;
}

void
select_view_event(struct select_view *v, const char *campaign_id, enum select_state state)
{
	long k = catalog_index(v->cat, campaign_id);

	if (k >= 0 && v->state[k] < state)
		v->state[k] = (uint8_t)state;
}

double
select_value(const struct select_view *v, uint32_t i)
{
	const struct catalog_entry *e = &v->cat->entries[i];
	struct rank_candidate rc;

	if (v->state[i] == SELECT_EXCLUDED)
		return RANK_NEVER;
	rc.cost_per_impression = e->c.cost_per_impression;
	rc.cost_per_click = e->c.cost_per_click;
	rc.seen = v->state[i] == SELECT_SEEN || v->state[i] == SELECT_CLICKED;
	rc.clicked = v->state[i] == SELECT_CLICKED;
	rc.relevance = rank_relevance(v->score[e->advertiser], v->max_score);
	rc.impressions = e->impressions;
	rc.impressions_limit = e->c.impressions_limit;
	rc.clicks = e->clicks;
	rc.clicks_limit = e->c.clicks_limit;
	rc.day_impressions = e->day_impressions;
	rc.days_left = e->c.end_date - v->day + 1;
	return rank_value(&rc);
}

static double
value_cb(void *ctx, uint32_t i)
{
	return select_value(ctx, i);
}

long
select_best(const struct select_view *v, int age, enum gender gender, const char *location,
    size_t location_len)
{
	return catalog_best(
	    v->cat, age, gender, location, location_len, v->score, value_cb, (void *)v);
}
