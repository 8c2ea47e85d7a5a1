/*
 * sim_play.h -- playing a world in-process with a policy, the way the server would: each day
 * the running campaigns form a catalogue (core/catalog.h), each request a client view
 * (core/select.h), a first show is taken only within both limits (as PostgreSQL does) and a
 * refused pick is replaced by the next best up to PICK_ATTEMPTS times (as src/api/h_ads.c).
 * Also the metrics of a play, which the play over HTTP fills in too.
 */
#ifndef BB_SIM_PLAY_H
#define BB_SIM_PLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/compat.h"
#include "sim_world.h"

enum sim_policy {
	SIM_OURS, /* our ranking: select_best of the core library */
	SIM_V2, /* ranking v2, the reference (sim_v2.h) */
	SIM_PRICE, /* highest cost_per_impression + cost_per_click first */
	SIM_SCORE, /* highest ML score first, ties by price */
	SIM_RELEVANT, /* most relevant (percentile) first, ties unseen first, then by price */
	SIM_NPOLICIES,
};

/* "ours", "v2", "price", "score", "relevant". */
const char *sim_policy_name(enum sim_policy p);
/* The policy of that name, or -1. */
int sim_policy_parse(const char *name);

/* What one play of a world yielded. */
struct sim_metrics {
	int64_t requests;
	int64_t served; /* requests answered with an ad */
	int64_t first_shows; /* impressions: first shows of a campaign to a client */
	int64_t clicks;
	int64_t clicks_refused; /* clicks beyond clicks_limit: answered, not charged */
	int64_t revenue; /* micros: prices of the impressions and of the clicks */
	/*
	 * micros: per campaign, its impressions' cost_per_impression plus cost_per_click times
	 * its expected clicks (the click chances of its shows) capped at clicks_limit,
	 * as the server charges no click beyond it and the LP bound counts none.
	 */
	double expected;
	double relevance_sum; /* r of the shown ad's advertiser, over served requests */
	double percentile_sum; /* q of the shown ad's advertiser, over served requests */
	double repeat_percentile_sum; /* the same over repeats (served, not a first show) */
	double max_overshoot; /* over campaigns: max(impr/limit, clicks/limit) - 1, or 0 */
	uint32_t over5; /* campaigns over a limit by more than 5% */
};

/*
 * Takes campaign k's final counters into the overshoot metrics and the expected revenue;
 * expected_clicks is the sum of the click chances of its shows (sim_people_see).
 */
void sim_metrics_campaign(struct sim_metrics *m, const struct sim_campaign *k, int64_t impressions,
    int64_t clicks, double expected_clicks);

/*
 * Counts an answer of campaign k to client i (repeat: not its first show to i) into the
 * relevance sums; served is counted by the caller.
 */
void sim_metrics_answer(
    struct sim_metrics *m, const struct sim_world *w, uint32_t i, uint32_t k, bool repeat);

/*
 * Plays world w with the policy; weight, when not negative, replaces RANK_RELEVANCE_WEIGHT
 * for ours. -1 when out of memory.
 */
int sim_play(
    const struct sim_world *w, enum sim_policy policy, double weight, struct sim_metrics *m) WUR;

#endif
