/*
 * rank.h -- ranking v3: which eligible campaign to show a client (pure; used by the worker and
 * by the simulator, bench/README.md has the numbers behind each rule).
 *
 * Relevance is rank-based: the percentile rank of the campaign's advertiser among the
 * advertisers the client scored (1 = the client's top score, ties counted half, 0 without a
 * score; select.h computes it). Only the order of a client's ML scores is trusted: their
 * scale differs between clients and their distribution is unknown (often heavy-tailed).
 *
 * A first show's value is its expected revenue plus an explicit relevance term:
 *   value = (ev [* RANK_PACE_FACTOR when paced] + worth * relevance) [* budget],
 *   worth = RANK_RELEVANCE_WEIGHT * scale,
 *   ev    = cost_per_impression + cost_per_click * p(click),
 *   p(click) = RANK_P_CLICK_MIN + (RANK_P_CLICK_MAX - RANK_P_CLICK_MIN) * relevance^2,
 * where scale is the mean ev of a first show at relevance 1/2 over today's campaigns (the
 * catalogue's; it makes the weight a plain number: 0.2 means a fully relevant ad is worth 20%
 * of a typical first show more than an irrelevant one).
 * - Paced: a campaign that already had its share of today's impressions (what is left of its
 *   limit spread over its remaining days) has its revenue weighed down, so it yields to the
 *   others, but keeps its relevance term: it may wait for the clients it suits.
 * - Budget: a show that would spend the campaign's clicks faster than its impressions (with c
 *   clicks and i impressions left, a client of p(click) > c / i) costs the campaign
 *   impressions it could have sold, so the whole value, term included (a relevant client is
 *   the likeliest clicker), is scaled by (c / i) / p(click).
 * A repeat is worth the term alone,
 *   value = worth * relevance,
 * clicked or not, at the click limit or not: it costs nothing and earns only through a click,
 * which people mostly decide at first sight; more than a third of all answers are repeats, so
 * they are where relevance is cheapest. A repeat wins over a first show only when that first
 * show earns little.
 * Campaigns at a limit are not shown unseen.
 */
#ifndef BB_RANK_H
#define BB_RANK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Click likelihood at relevance 0 and 1; between them it follows relevance^2. */
#define RANK_P_CLICK_MIN 0.01
#define RANK_P_CLICK_MAX 0.30
/* The relevance term's weight, in units of the catalogue's scale (bench/README.md). */
#define RANK_RELEVANCE_WEIGHT 0.2
/* Value kept by a campaign past its share of today's impressions. */
#define RANK_PACE_FACTOR 0.2
/* Value below which a campaign is not shown at all. */
#define RANK_NEVER (-1e300)

struct rank_candidate {
	int64_t cost_per_impression; /* micros */
	int64_t cost_per_click; /* micros */
	bool seen; /* the client was shown it before */
	double relevance; /* 0..1: the percentile rank of its advertiser for the client */
	double worth; /* micros: what relevance 1 adds (RANK_RELEVANCE_WEIGHT * scale) */
	int64_t impressions; /* recorded so far */
	int64_t impressions_limit;
	int64_t clicks;
	int64_t clicks_limit;
	int64_t day_impressions; /* recorded today */
	int64_t days_left; /* end_date - today + 1 */
};

double rank_click_probability(double relevance);
/* The ev of a first show of a campaign with these prices at relevance 1/2, in micros. */
double rank_scale(int64_t cost_per_impression, int64_t cost_per_click);
/* Today's share of what is left of the limit: ceil(left at the start of today / days left). */
int64_t rank_daily_quota(const struct rank_candidate *c);
/* The value of showing c; RANK_NEVER when it must not be shown. */
double rank_value(const struct rank_candidate *c);
/*
 * An upper bound of rank_value for a campaign with these prices and relevance worth, whatever
 * the client and the counters: candidates visited in decreasing order of it can stop at the
 * first bound below the best value found.
 */
double rank_bound(int64_t cost_per_impression, int64_t cost_per_click, double worth);
/* The same bound for a client to whom the campaign's advertiser has relevance 0. */
double rank_bound_unscored(int64_t cost_per_impression, int64_t cost_per_click);

#endif
