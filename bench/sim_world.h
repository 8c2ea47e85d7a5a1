/*
 * sim_world.h -- the simulator's synthetic world, generated from a seed: advertisers,
 * campaigns, clients, ML scores, the stream of ad requests day by day, and the hidden model
 * by which the simulated people click.
 *
 * Everything is drawn from the simulator's own PRNG (splitmix64 seeding xoshiro256**, integer
 * and plain IEEE arithmetic only), so a seed gives the same world on every machine.
 *
 * A world belongs to a family, set by flags (struct sim_family): how ML scores are
 * distributed, how people click, how often clients ask for an ad, which buyers dominate.
 *
 * Hidden click model (known to the simulator, never to the policies):
 *   r(i, a)      = score(i, a) / the highest score of client i (0 without a score),
 *   q(i, a)      = the percentile rank of a among the advertisers i scored (1 = i's top score,
 *                  ties counted half, 0 without a score),
 *   p_true(i, a) = 0.02 + 0.28 * x^2, x = r (SIM_CLICK_RATIO) or q (SIM_CLICK_PERCENTILE).
 * A person decides whether to click a campaign the first time it is shown to them (with
 * probability p_true of its advertiser); each later show of it, until they clicked, brings a
 * click with probability repeat_factor * p_true (0 in today's family: people decide at first
 * sight). Draws are fixed per person, campaign and show number, so every policy faces the same
 * people. A decided click reaches the server a few requests later (sim_world_click_delay), so
 * clicks can arrive after a campaign spent its clicks_limit; like the real server, the
 * simulator then charges nothing for them.
 */
#ifndef BB_SIM_WORLD_H
#define BB_SIM_WORLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/campaign.h"
#include "core/compat.h"
#include "core/model.h"
#include "core/uuid.h"

/* Click likelihood of an ad of no relevance, and its rise up to full relevance. */
#define SIM_P_CLICK_BASE 0.02
#define SIM_P_CLICK_RISE 0.28
/* ML scores lie in 0..SIM_SCORE_MAX. */
#define SIM_SCORE_MAX 1000

/* How ML scores are drawn. */
enum sim_scores {
	SIM_SCORES_TODAY, /* 1000 * appeal(a) * u^2: bounded, skewed towards 0 */
	SIM_SCORES_LOGNORMAL, /* exp(N(0, 2)) * 100: a few scores a hundred times the median */
	SIM_SCORES_UNIFORM, /* uniform in 0..1000 */
};

/* What the click chance follows. */
enum sim_click_by {
	SIM_CLICK_RATIO, /* r: score / the client's highest score */
	SIM_CLICK_PERCENTILE, /* q: the percentile rank among the client's scores */
};

/* Which buyers dominate. */
enum sim_mix {
	SIM_MIX_TODAY, /* a third each: by impressions, by clicks, mixed */
	SIM_MIX_CHEAP, /* 70% buy impressions cheaply */
	SIM_MIX_CLICKS, /* 70% buy expensive clicks */
};

/* A family of worlds; all zero is today's family. */
struct sim_family {
	enum sim_scores scores;
	enum sim_click_by click_by;
	double repeat_factor; /* a repeat's click chance relative to a first show's */
	enum sim_mix mix;
};

/*
 * Sizes of a world; requests_per_day is traffic times the number of clients when traffic is
 * set, else 3/2 of the number of clients when it is 0.
 */
struct sim_params {
	struct sim_family f;
	uint32_t traffic; /* requests per client per day, on average */
	uint64_t seed;
	uint32_t advertisers;
	uint32_t campaigns;
	uint32_t clients;
	uint32_t days;
	uint32_t requests_per_day;
	uint32_t click_delay; /* a click arrives up to this many requests after its show */
};

struct sim_campaign {
	struct uuid_str id;
	uint32_t advertiser;
	int64_t impressions_limit;
	int64_t clicks_limit;
	int64_t cost_per_impression; /* micros */
	int64_t cost_per_click; /* micros */
	uint32_t start; /* first day, inclusive */
	uint32_t end; /* last day, inclusive */
	int gender; /* enum gender, or -1: no gender targeting */
	int age_from; /* -1: none */
	int age_to; /* -1: none */
	int location; /* index of a city, or -1: none */
};

struct sim_client {
	struct uuid_str id;
	int age;
	enum gender gender;
	int location; /* index of a city */
	size_t first_score; /* its scores are scores[first_score .. first_score + nscores) */
	size_t nscores;
	int64_t max_score;
};

/* One ML score of a client, for an advertiser. */
struct sim_score {
	uint32_t advertiser;
	int64_t score;
};

struct sim_world {
	struct sim_params p;
	struct uuid_str *advertisers;
	struct sim_campaign *campaigns;
	struct sim_client *clients;
	struct sim_score *scores; /* grouped by client, by advertiser inside */
	size_t nscores;
	uint32_t *requests; /* client indices, day after day */
	size_t *day_start; /* requests of day d: [day_start[d], day_start[d + 1]) */
};

/* The sizes used when no flag says otherwise. */
void sim_params_default(struct sim_params *p);

/* Generates the world of p (p->seed included); -1 when out of memory. Free with sim_world_free. */
int sim_world_make(struct sim_world *w, const struct sim_params *p) WUR;
void sim_world_free(struct sim_world *w);

/* The name of city i (a static string). */
const char *sim_city(int i);

/* Whether client i matches the targeting of campaign k (dates aside). */
bool sim_world_targets(const struct sim_world *w, uint32_t k, uint32_t i);
/* r(i, a): client i's score of advertiser a relative to its highest score, 0..1. */
double sim_world_relevance(const struct sim_world *w, uint32_t i, uint32_t a);
/* q(i, a): the percentile rank of advertiser a among client i's scored advertisers, 0..1. */
double sim_world_percentile(const struct sim_world *w, uint32_t i, uint32_t a);
/* p_true(i, advertiser of k): the click chance of a first show. */
double sim_world_p_click(const struct sim_world *w, uint32_t i, uint32_t k);
/* The click chance of show number `show` (0: the first) of k to i, who has not clicked it. */
double sim_world_p_show(const struct sim_world *w, uint32_t i, uint32_t k, uint32_t show);
/* Whether client i clicks show number `show` of campaign k (having not clicked before). */
bool sim_world_clicks(const struct sim_world *w, uint32_t i, uint32_t k, uint32_t show);
/* How many requests after the first show of k to i the click arrives: 0..click_delay. */
uint32_t sim_world_click_delay(const struct sim_world *w, uint32_t i, uint32_t k);

/*
 * Campaign k as the core library sees it, with days shifted by day0; its strings are static
 * or point into the world.
 */
void sim_world_campaign(const struct sim_world *w, uint32_t k, int64_t day0, struct campaign *out);

#endif
