/* sim_world.c -- generating the simulator's world from a seed (see sim_world.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim_world.h"

/* Cities clients live in, and how many of them live in each (in percent). */
static const char *const cities[] = { "Moscow", "Berlin", "Lisbon", "Osaka", "Lima" };
static const unsigned city_weight[] = { 35, 25, 20, 12, 8 };
#define NCITIES 5

/* Independent streams of the PRNG, one per part of the world. */
enum stream { S_IDS = 1, S_CAMPAIGNS, S_CLIENTS, S_SCORES, S_REQUESTS, S_CLICKS, S_DELAYS };

/* Default sizes: the LP bound of such a world solves in seconds. */
#define DEFAULT_ADVERTISERS 8
#define DEFAULT_CAMPAIGNS 40
#define DEFAULT_CLIENTS 400
#define DEFAULT_DAYS 10
#define DEFAULT_CLICK_DELAY 30
/* Sum of impression limits over the number of requests: supply and demand are comparable. */
#define DEMAND_PERCENT 100
/* Chance (in percent) that a client has a score for a given advertiser. */
#define SCORE_PERCENT 50
/* Lognormal scores: exp(N(0, LOGNORMAL_SIGMA)) times LOGNORMAL_MEDIAN. */
#define LOGNORMAL_SIGMA 2.0
#define LOGNORMAL_MEDIAN 100.0
/* Share (in percent) of the dominant kind of buyer in the cheap and clicks mixes. */
#define MIX_DOMINANT_PERCENT 70

struct rng {
	uint64_t s[4];
};

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
rng_seed(struct rng *r, uint64_t seed, enum stream stream)
{
	uint64_t x = seed ^ ((uint64_t)stream << 56);
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
static uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Uniform in [0, 1). */
static double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [0, n); n > 0. */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static bool
rng_percent(struct rng *r, unsigned percent)
{
	return rng_below(r, 100) < percent;
}

/* Standard normal (Box-Muller). */
static double
rng_normal(struct rng *r)
{
	double u = 1.0 - rng_unit(r), v = rng_unit(r);

	return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

/* A per-(stream, client, campaign) draw in [0, 1) that does not depend on any order of play. */
static double
hash_unit(uint64_t seed, enum stream stream, uint32_t i, uint32_t k)
{
	uint64_t x = seed ^ ((uint64_t)stream << 56) ^ ((uint64_t)i << 24) ^ k;

	x = splitmix64(&x) ^ ((uint64_t)k << 40);
	return (double)(splitmix64(&x) >> 11) * 0x1.0p-53;
}

static void
rng_uuid(struct rng *r, struct uuid_str *out)
{
	static const char hex[] = "0123456789abcdef";
	uint64_t hi = rng_next(r), lo = rng_next(r);
	uint8_t b[16];
	size_t i, j = 0;

	for (i = 0; i < 8; i++) {
		b[i] = (uint8_t)(hi >> (8 * i));
		b[8 + i] = (uint8_t)(lo >> (8 * i));
	}
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out->s[j++] = '-';
		out->s[j++] = hex[b[i] >> 4];
		out->s[j++] = hex[b[i] & 0xf];
	}
	out->s[UUID_STR_LEN] = '\0';
}

static int
rng_city(struct rng *r)
{
	unsigned x = rng_below(r, 100), i;

	for (i = 0; i < NCITIES - 1; i++) {
		if (x < city_weight[i])
			return (int)i;
		x -= city_weight[i];
	}
	return NCITIES - 1;
}

/* A price in micros, uniform in [lo, hi] units, rounded to cents. */
static int64_t
rng_price(struct rng *r, double lo, double hi)
{
	return (int64_t)(lo * 100 + rng_unit(r) * (hi - lo) * 100 + 0.5) * 10000;
}

void
sim_params_default(struct sim_params *p)
{
	memset(p, 0, sizeof(*p));
	p->seed = 1;
	p->advertisers = DEFAULT_ADVERTISERS;
	p->campaigns = DEFAULT_CAMPAIGNS;
	p->clients = DEFAULT_CLIENTS;
	p->days = DEFAULT_DAYS;
	p->click_delay = DEFAULT_CLICK_DELAY;
}

const char *
sim_city(int i)
{
	return i >= 0 && i < NCITIES ? cities[i] : NULL;
}

static void
make_clients(struct sim_world *w, struct rng *ids)
{
	struct rng r;
	uint32_t i;

	rng_seed(&r, w->p.seed, S_CLIENTS);
	for (i = 0; i < w->p.clients; i++) {
		struct sim_client *c = &w->clients[i];

		rng_uuid(ids, &c->id);
		c->age = 16 + (int)((rng_unit(&r) + rng_unit(&r)) * 30); /* triangular 16..75 */
		c->gender = rng_percent(&r, 50) ? GENDER_MALE : GENDER_FEMALE;
		c->location = rng_city(&r);
	}
}

/* One score: u is a uniform draw already made (today's family uses only it). */
static int64_t
draw_score(const struct sim_family *f, struct rng *r, double appeal, double u)
{
	switch (f->scores) {
	case SIM_SCORES_LOGNORMAL:
		return (int64_t)(LOGNORMAL_MEDIAN * exp(LOGNORMAL_SIGMA * rng_normal(r)) + 0.5);
	case SIM_SCORES_UNIFORM:
		return (int64_t)(u * (SIM_SCORE_MAX + 1));
	case SIM_SCORES_TODAY:
		break;
	}
	return (int64_t)(SIM_SCORE_MAX * appeal * u * u);
}

/* Each client scores about half the advertisers, drawn as the family says. */
static int
make_scores(struct sim_world *w)
{
	struct rng r;
	double *appeal;
	uint32_t i, a;

	w->scores = calloc((size_t)w->p.clients * w->p.advertisers + 1, sizeof(*w->scores));
	appeal = calloc(w->p.advertisers + 1, sizeof(*appeal));
	if (w->scores == NULL || appeal == NULL) {
		free(appeal);
		return -1;
	}
	rng_seed(&r, w->p.seed, S_SCORES);
	for (a = 0; a < w->p.advertisers; a++)
		appeal[a] = 0.3 + 0.7 * rng_unit(&r);
	for (i = 0; i < w->p.clients; i++) {
		struct sim_client *c = &w->clients[i];

		c->first_score = w->nscores;
		for (a = 0; a < w->p.advertisers; a++) {
			double u;

			if (!rng_percent(&r, SCORE_PERCENT))
				continue;
			u = rng_unit(&r);
			w->scores[w->nscores].advertiser = a;
			w->scores[w->nscores].score = draw_score(&w->p.f, &r, appeal[a], u);
			if (w->scores[w->nscores].score > c->max_score)
				c->max_score = w->scores[w->nscores].score;
			w->nscores++;
		}
		c->nscores = w->nscores - c->first_score;
	}
	free(appeal);
	return 0;
}

static void
make_targeting(struct sim_campaign *k, struct rng *r)
{
	k->gender = -1;
	k->age_from = -1;
	k->age_to = -1;
	k->location = -1;
	if (rng_percent(r, 25))
		k->gender = rng_percent(r, 50) ? GENDER_MALE : GENDER_FEMALE;
	else if (rng_percent(r, 5))
		k->gender = GENDER_ALL;
	if (rng_percent(r, 30)) {
		k->age_from = 18 + (int)rng_below(r, 36);
		k->age_to = k->age_from + 8 + (int)rng_below(r, 26);
	}
	if (rng_percent(r, 30))
		k->location = rng_city(r);
}

/* The kind of buyer: 0 by impressions, 1 by clicks, 2 a mix; in the proportions of the mix. */
static uint32_t
buyer_kind(enum sim_mix mix, struct rng *r)
{
	uint32_t x;

	switch (mix) {
	case SIM_MIX_CHEAP:
	case SIM_MIX_CLICKS:
		x = rng_below(r, 100);
		if (x < MIX_DOMINANT_PERCENT)
			return mix == SIM_MIX_CHEAP ? 0 : 1;
		return x % 2 ? 2 : (mix == SIM_MIX_CHEAP ? 1 : 0);
	case SIM_MIX_TODAY:
		break;
	}
	return rng_below(r, 3);
}

/* Three kinds of buyers: by impressions, by clicks, and a mix. */
static void
make_prices(struct sim_campaign *k, enum sim_mix mix, struct rng *r)
{
	switch (buyer_kind(mix, r)) {
	case 0:
		k->cost_per_impression = rng_price(r, 0.5, 3.0);
		k->cost_per_click = rng_price(r, 0.0, 2.0);
		break;
	case 1:
		k->cost_per_impression = rng_price(r, 0.0, 0.3);
		k->cost_per_click = rng_price(r, 5.0, 40.0);
		break;
	default:
		k->cost_per_impression = rng_price(r, 0.2, 1.5);
		k->cost_per_click = rng_price(r, 1.0, 15.0);
	}
}

/*
 * Campaigns with their dates, targeting and prices; limits share the requests of the whole
 * world in proportion to each campaign's length (times a random factor), but never above the
 * number of clients it can reach.
 */
static int
make_campaigns(struct sim_world *w, struct rng *ids)
{
	double *weight, total = 0;
	int64_t requests = (int64_t)w->p.days * w->p.requests_per_day;
	struct rng r;
	uint32_t k, i;

	weight = calloc(w->p.campaigns + 1, sizeof(*weight));
	if (weight == NULL)
		return -1;
	rng_seed(&r, w->p.seed, S_CAMPAIGNS);
	for (k = 0; k < w->p.campaigns; k++) {
		struct sim_campaign *c = &w->campaigns[k];
		uint32_t left;

		rng_uuid(ids, &c->id);
		c->advertiser = rng_below(&r, w->p.advertisers);
		c->start = rng_below(&r, w->p.days);
		left = w->p.days - c->start;
		c->end = c->start + (left > 1 ? left / 2 + rng_below(&r, (left + 1) / 2) : 0);
		make_targeting(c, &r);
		make_prices(c, w->p.f.mix, &r);
		weight[k] = (double)(c->end - c->start + 1) * (0.5 + rng_unit(&r));
		total += weight[k];
	}
	for (k = 0; k < w->p.campaigns; k++) {
		struct sim_campaign *c = &w->campaigns[k];
		int64_t reach = 0;

		for (i = 0; i < w->p.clients; i++)
			reach += sim_world_targets(w, k, i);
		c->impressions_limit =
		    (int64_t)((double)requests * DEMAND_PERCENT / 100 * weight[k] / total + 0.5);
		if (c->impressions_limit > reach)
			c->impressions_limit = reach;
		if (c->impressions_limit < 1)
			c->impressions_limit = 1;
		c->clicks_limit =
		    (int64_t)((double)c->impressions_limit * (0.03 + 0.12 * rng_unit(&r)) + 0.5);
		if (c->clicks_limit < 1)
			c->clicks_limit = 1;
	}
	free(weight);
	return 0;
}

/* Requests: each day, clients drawn in proportion to how active they are. */
static int
make_requests(struct sim_world *w)
{
	size_t n = (size_t)w->p.days * w->p.requests_per_day, j = 0;
	double *cumulative;
	struct rng r;
	uint32_t i, d, q;

	w->requests = calloc(n + 1, sizeof(*w->requests));
	w->day_start = calloc((size_t)w->p.days + 1, sizeof(*w->day_start));
	cumulative = calloc((size_t)w->p.clients + 1, sizeof(*cumulative));
	if (w->requests == NULL || w->day_start == NULL || cumulative == NULL) {
		free(cumulative);
		return -1;
	}
	rng_seed(&r, w->p.seed, S_REQUESTS);
	for (i = 0; i < w->p.clients; i++)
		cumulative[i + 1] = cumulative[i] + 0.5 + rng_unit(&r);
	for (d = 0; d < w->p.days; d++) {
		w->day_start[d] = j;
		for (q = 0; q < w->p.requests_per_day; q++) {
			double x = rng_unit(&r) * cumulative[w->p.clients];
			uint32_t lo = 0, hi = w->p.clients - 1;

			while (lo < hi) { /* the first client whose cumulative weight passes x */
				uint32_t mid = lo + (hi - lo) / 2;

				if (cumulative[mid + 1] > x)
					hi = mid;
				else
					lo = mid + 1;
			}
			w->requests[j++] = lo;
		}
	}
	w->day_start[w->p.days] = j;
	free(cumulative);
	return 0;
}

int
sim_world_make(struct sim_world *w, const struct sim_params *p)
{
	struct rng ids;
	uint32_t a;

	memset(w, 0, sizeof(*w));
	w->p = *p;
	if (w->p.traffic > 0)
		w->p.requests_per_day = w->p.traffic * w->p.clients;
	if (w->p.requests_per_day == 0)
		w->p.requests_per_day = w->p.clients + w->p.clients / 2;
	if (w->p.advertisers == 0 || w->p.clients == 0 || w->p.days == 0)
		return -1;
	w->advertisers = calloc(w->p.advertisers, sizeof(*w->advertisers));
	w->campaigns = calloc(w->p.campaigns + 1, sizeof(*w->campaigns));
	w->clients = calloc(w->p.clients, sizeof(*w->clients));
	if (w->advertisers == NULL || w->campaigns == NULL || w->clients == NULL)
		goto fail;
	rng_seed(&ids, w->p.seed, S_IDS);
	for (a = 0; a < w->p.advertisers; a++)
		rng_uuid(&ids, &w->advertisers[a]);
	make_clients(w, &ids);
	if (make_scores(w) != 0 || make_campaigns(w, &ids) != 0 || make_requests(w) != 0)
		goto fail;
	return 0;
fail:
	sim_world_free(w);
	return -1;
}

void
sim_world_free(struct sim_world *w)
{
	free(w->advertisers);
	free(w->campaigns);
	free(w->clients);
	free(w->scores);
	free(w->requests);
	free(w->day_start);
	memset(w, 0, sizeof(*w));
}

bool
sim_world_targets(const struct sim_world *w, uint32_t k, uint32_t i)
{
	const struct sim_campaign *c = &w->campaigns[k];
	const struct sim_client *p = &w->clients[i];

	if ((c->gender == GENDER_MALE || c->gender == GENDER_FEMALE) &&
	    p->gender != (enum gender)c->gender)
		return false;
	if ((c->age_from >= 0 && p->age < c->age_from) || (c->age_to >= 0 && p->age > c->age_to))
		return false;
	return c->location < 0 || c->location == p->location;
}

double
sim_world_relevance(const struct sim_world *w, uint32_t i, uint32_t a)
{
	const struct sim_client *c = &w->clients[i];
	const struct sim_score *s = &w->scores[c->first_score];
	size_t j;

	if (c->max_score <= 0)
		return 0.0;
	for (j = 0; j < c->nscores; j++)
		if (s[j].advertiser == a)
			return (double)s[j].score / (double)c->max_score;
	return 0.0;
}

double
sim_world_percentile(const struct sim_world *w, uint32_t i, uint32_t a)
{
	const struct sim_client *c = &w->clients[i];
	const struct sim_score *s = &w->scores[c->first_score];
	size_t j, below = 0, ties = 0;
	int64_t mine = -1;

	for (j = 0; j < c->nscores; j++)
		if (s[j].advertiser == a)
			mine = s[j].score;
	if (mine < 0)
		return 0.0;
	if (c->nscores == 1)
		return 1.0;
	for (j = 0; j < c->nscores; j++) {
		below += s[j].score < mine;
		ties += s[j].score == mine;
	}
	return ((double)below + 0.5 * (double)(ties - 1)) / (double)(c->nscores - 1);
}

double
sim_world_p_click(const struct sim_world *w, uint32_t i, uint32_t k)
{
	uint32_t a = w->campaigns[k].advertiser;
	double x = w->p.f.click_by == SIM_CLICK_PERCENTILE ? sim_world_percentile(w, i, a)
	                                                   : sim_world_relevance(w, i, a);

	return SIM_P_CLICK_BASE + SIM_P_CLICK_RISE * x * x;
}

double
sim_world_p_show(const struct sim_world *w, uint32_t i, uint32_t k, uint32_t show)
{
	double p = sim_world_p_click(w, i, k);

	return show == 0 ? p : p * w->p.f.repeat_factor;
}

bool
sim_world_clicks(const struct sim_world *w, uint32_t i, uint32_t k, uint32_t show)
{
	/* Show 0 keeps today's draw; later shows draw from the stream of their number. */
	uint64_t seed = w->p.seed + (uint64_t)show * 0x9e3779b97f4a7c15ULL;

	return hash_unit(seed, S_CLICKS, i, k) < sim_world_p_show(w, i, k, show);
}

uint32_t
sim_world_click_delay(const struct sim_world *w, uint32_t i, uint32_t k)
{
	return (uint32_t)(hash_unit(w->p.seed, S_DELAYS, i, k) * (w->p.click_delay + 1.0));
}

void
sim_world_campaign(const struct sim_world *w, uint32_t k, int64_t day0, struct campaign *out)
{
	static const char title[] = "Simulated ad";
	static const char text[] = "An ad of the simulated world.";
	const struct sim_campaign *c = &w->campaigns[k];
	const char *city = sim_city(c->location);

	memset(out, 0, sizeof(*out));
	out->id = c->id;
	out->advertiser_id = w->advertisers[c->advertiser];
	out->impressions_limit = c->impressions_limit;
	out->clicks_limit = c->clicks_limit;
	out->cost_per_impression = c->cost_per_impression;
	out->cost_per_click = c->cost_per_click;
	out->ad_title.s = title;
	out->ad_title.len = sizeof(title) - 1;
	out->ad_text.s = text;
	out->ad_text.len = sizeof(text) - 1;
	out->start_date = day0 + c->start;
	out->end_date = day0 + c->end;
	out->targeting.gender = c->gender;
	out->targeting.age_from = c->age_from;
	out->targeting.age_to = c->age_to;
	out->targeting.location.s = city;
	out->targeting.location.len = city == NULL ? 0 : strlen(city);
}
