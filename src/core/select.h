/*
 * select.h -- choosing the ad for one client: what the client has seen and how relevant each
 * advertiser is, laid out by catalogue index, and the best running campaign for it under
 * the ranking of rank.h. Shared by the worker (GET /ads) and the simulator (bench/).
 *
 * Relevance is the percentile rank of an advertiser's score among every score of the client
 * (advertisers without campaigns today included): with n scores, b of them below s and t
 * others equal to s, (b + t / 2) / (n - 1), 1 when n = 1, 0 without a score. It costs one
 * sort of the client's scores per request (select_view_rank): O(n log n) for n scores.
 */
#ifndef BB_SELECT_H
#define BB_SELECT_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "catalog.h"
#include "compat.h"
#include "model.h"

/* Per-entry states of a view. */
enum select_state {
	SELECT_UNSEEN = 0,
	SELECT_SEEN = 1,
	SELECT_CLICKED = 2,
	SELECT_EXCLUDED = 3, /* refused during this request: at a limit, or gone */
};

struct select_view {
	const struct catalog *cat;
	int64_t *score; /* by advertiser index; -1: none */
	double *relevance; /* by advertiser index: the percentile rank, once select_view_rank ran */
	int64_t *all; /* every score of the client, sorted by select_view_rank */
	size_t nall;
	size_t capall;
	uint8_t *state; /* by entry index, enum select_state */
	int64_t max_score; /* the client's highest score, over every advertiser */
	int64_t day;
};

/*
 * An empty view (no scores, nothing seen) of cat on day with room for nscores scores; -1
 * when the arena is exhausted.
 */
int select_view_init(struct select_view *v, const struct catalog *cat, int64_t day, size_t nscores,
    struct arena *a) WUR;
/*
 * The client's ML score for an advertiser (negative scores and those beyond the view's room
 * are ignored; advertisers without campaigns today count only towards the percentiles).
 */
void select_view_score(struct select_view *v, const char *advertiser_id, int64_t score);
/* Computes the relevance of every advertiser from the scores given; call it once, after them. */
void select_view_rank(struct select_view *v);
/* The client saw (or clicked) a campaign; the larger state wins. */
void select_view_event(struct select_view *v, const char *campaign_id, enum select_state state);
/* The value of entry i for the view's client (RANK_NEVER when excluded or at a limit). */
double select_value(const struct select_view *v, uint32_t i);
/* The best entry for a client of this profile, or -1 when nothing can be shown. */
long select_best(const struct select_view *v, int age, enum gender gender, const char *location,
    size_t location_len);

#endif
