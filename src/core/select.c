/* select.c -- choosing the ad for one client (see select.h). */
#include <stdlib.h>
#include <string.h>

#include "rank.h"
#include "select.h"

int
select_view_init(
    struct select_view *v, const struct catalog *cat, int64_t day, size_t nscores, struct arena *a)
{
	size_t i;

	v->cat = cat;
	v->max_score = 0;
	v->day = day;
	v->nall = 0;
	v->capall = nscores;
	v->score = arena_alloc(a, (cat->nadvertisers + 1) * sizeof(*v->score));
	v->relevance = arena_alloc(a, (cat->nadvertisers + 1) * sizeof(*v->relevance));
	v->all = arena_alloc(a, (nscores + 1) * sizeof(*v->all));
	v->state = arena_alloc(a, cat->n + 1);
	if (v->score == NULL || v->relevance == NULL || v->all == NULL || v->state == NULL)
		return -1;
	for (i = 0; i <= cat->nadvertisers; i++) {
		v->score[i] = -1;
		v->relevance[i] = 0.0;
	}
	memset(v->state, 0, cat->n + 1);
	return 0;
}

void
select_view_score(struct select_view *v, const char *advertiser_id, int64_t score)
{
	long k;

	if (score < 0 || v->nall == v->capall)
		return;
	k = catalog_advertiser(v->cat, advertiser_id);
	v->all[v->nall++] = score;
	if (score > v->max_score)
		v->max_score = score;
	if (k >= 0)
		v->score[k] = score;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The number of sorted scores below s (strictly when !or_equal). */
static size_t
count_below(const int64_t *all, size_t n, int64_t s, bool or_equal)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (all[mid] < s || (or_equal && all[mid] == s))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void
select_view_rank(struct select_view *v)
{
	size_t a;

	if (v->nall > 1)
		qsort(v->all, v->nall, sizeof(*v->all), cmp_i64);
	for (a = 0; a < v->cat->nadvertisers; a++) {
		size_t below, ties;

		if (v->score[a] < 0)
			continue;
		if (v->nall <= 1) {
			v->relevance[a] = 1.0;
			continue;
		}
		below = count_below(v->all, v->nall, v->score[a], false);
		ties = count_below(v->all, v->nall, v->score[a], true) - below - 1;
		v->relevance[a] = ((double)below + 0.5 * (double)ties) / (double)(v->nall - 1);
	}
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
	rc.relevance = v->relevance[e->advertiser];
	rc.worth = v->cat->relevance_worth;
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
	    v->cat, age, gender, location, location_len, v->relevance, value_cb, (void *)v);
}
