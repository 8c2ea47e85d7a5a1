/*
 * rank.h -- ranking v2: which eligible campaign to show a client (pure; used by the worker and
 * by the simulator, bench/README.md has the numbers behind each rule).
 *
 * A campaign's value is the platform's expected revenue from this show,
 *   (seen ? 0 : cost_per_impression) + (clicked ? 0 : cost_per_click * p(click)),
 * where p(click) rises with the client's ML score for the advertiser, normalised per client
 * (score / the client's highest score: only relative sizes matter and scales differ between
 * clients), and is much lower on a repeat (people mostly decide at first sight). It is then
 * - weighed up by relevance;
 * - weighed down by pacing: a campaign that already had its share of today's impressions
 *   (what is left of its limit spread over its remaining days) yields to the others;
 * - weighed down when the show would spend the campaign's clicks faster than its impressions:
 *   with c clicks and i impressions left, a client of p(click) > c / i costs the campaign
 *   impressions it could have sold, so the value is scaled by (c / i) / p(click).
 * Campaigns at a limit are not shown unseen; a campaign the client saw and clicked comes
 * only when nothing else is left.
 */
#ifndef BB_RANK_H
#define BB_RANK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Click likelihood at relevance 0 and 1; between them it is linear. */
#define RANK_P_CLICK_MIN 0.01
#define RANK_P_CLICK_MAX 0.30
/* How much a fully relevant ad is preferred over an irrelevant one of equal revenue. */
#define RANK_RELEVANCE_WEIGHT 0.25
/*
 * A person who saw an ad without clicking it clicks a later show of it this many times as
 * often as a first show: people mostly decide at first sight, so a free repeat is worth
 * little and yields to almost any first show.
 */
#define RANK_REPEAT_CLICK_FACTOR 0.05
/* Value kept by a campaign past its share of today's impressions. */
#define RANK_PACE_FACTOR 0.2
/* Value below which a campaign is not shown at all. */
#define RANK_NEVER (-1e300)

struct rank_candidate {
	int64_t cost_per_impression; /* micros */
	int64_t cost_per_click; /* micros */
	bool seen; /* the client was shown it before */
	bool clicked; /* the client clicked it before */
	double relevance; /* 0..1, see rank_relevance */
	int64_t impressions; /* recorded so far */
	int64_t impressions_limit;
	int64_t clicks;
	int64_t clicks_limit;
	int64_t day_impressions; /* recorded today */
	int64_t days_left; /* end_date - today + 1 */
};

/* The client's score for an advertiser relative to the client's highest score: 0..1. */
double rank_relevance(int64_t score, int64_t client_max_score);
double rank_click_probability(double relevance);
/* Today's share of what is left of the limit: ceil(left at the start of today / days left). */
int64_t rank_daily_quota(const struct rank_candidate *c);
/* The value of showing c; RANK_NEVER when it must not be shown. */
double rank_value(const struct rank_candidate *c);
/*
 * An upper bound of rank_value for a campaign with these prices, whatever the client and the
 * counters: candidates visited in decreasing order of it can stop at the first bound below
 * the best value found.
 */
double rank_bound(int64_t cost_per_impression, int64_t cost_per_click);
/* The same bound for a client without an ML score for the campaign's advertiser. */
double rank_bound_unscored(int64_t cost_per_impression, int64_t cost_per_click);

#endif
