/* sim_play.c -- playing a world in-process with ranking v1 or a baseline (see sim_play.h). */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/catalog.h"
#include "core/select.h"
#include "core/rank.h"
#include "sim_people.h"
#include "sim_play.h"
#include "sim_v2.h"

/* As the worker: a pick refused at a limit is replaced by the next best this many times. */
#define PICK_ATTEMPTS 8
/* A campaign over a limit by more than this fraction breaks the 5% rule. */
#define OVERSHOOT_TOLERANCE 0.05

static const char *const policy_names[SIM_NPOLICIES] = { "ours", "v2", "price", "score",
	"relevant" };

/* The state of one play: the server's side (catalogue, counters) and the people's. */
struct play {
	const struct sim_world *w;
	enum sim_policy policy;
	struct sim_metrics *m;
	struct catalog cat;
	struct arena arena; /* one request's view */
	struct sim_people people;
	int64_t *impressions; /* by world campaign, across days */
	int64_t *clicks;
	double *expected_clicks; /* by world campaign: click chances summed over shows */
	long *entry_of; /* by world campaign: its catalogue entry today, or -1 */
	uint32_t *world_of; /* by catalogue entry: the world campaign */
	uint32_t *cand; /* room for every entry: a client's candidates */
	uint64_t now; /* requests played so far */
};

const char *
sim_policy_name(enum sim_policy p)
{
	return p < SIM_NPOLICIES ? policy_names[p] : "?";
}

int
sim_policy_parse(const char *name)
{
	int p;

	for (p = 0; p < SIM_NPOLICIES; p++)
		if (strcmp(name, policy_names[p]) == 0)
			return p;
	return -1;
}

void
sim_metrics_campaign(struct sim_metrics *m, const struct sim_campaign *k, int64_t impressions,
    int64_t clicks, double expected_clicks)
{
	double over = 0, x;

	if (expected_clicks > (double)k->clicks_limit)
		expected_clicks = (double)k->clicks_limit;
	m->expected += (double)k->cost_per_impression * (double)impressions +
	    (double)k->cost_per_click * expected_clicks;
	if (k->impressions_limit > 0 &&
	    (x = (double)impressions / (double)k->impressions_limit - 1) > over)
		over = x;
	if (k->clicks_limit > 0 && (x = (double)clicks / (double)k->clicks_limit - 1) > over)
		over = x;
	if (over > m->max_overshoot)
		m->max_overshoot = over;
	if (over > OVERSHOOT_TOLERANCE)
		m->over5++;
}

void
sim_metrics_answer(
    struct sim_metrics *m, const struct sim_world *w, uint32_t i, uint32_t k, bool repeat)
{
	double q = sim_world_percentile(w, i, w->campaigns[k].advertiser);

	m->relevance_sum += sim_world_relevance(w, i, w->campaigns[k].advertiser);
	m->percentile_sum += q;
	if (repeat)
		m->repeat_percentile_sum += q;
}

/* The catalogue of the campaigns running on day d, with the counters so far. */
static int
build_day(struct play *pl, uint32_t d)
{
	const struct sim_world *w = pl->w;
	struct catalog_entry e;
	uint32_t k;
	size_t i;

	catalog_reset(&pl->cat, d, d);
	for (k = 0; k < w->p.campaigns; k++) {
		pl->entry_of[k] = -1;
		if (w->campaigns[k].start > d || w->campaigns[k].end < d)
			continue;
		memset(&e, 0, sizeof(e));
		sim_world_campaign(w, k, 0, &e.c);
		e.impressions = pl->impressions[k];
		e.clicks = pl->clicks[k];
		if (catalog_add(&pl->cat, &e) != 0)
			return -1;
	}
	if (catalog_build(&pl->cat) != 0)
		return -1;
	for (k = 0; k < w->p.campaigns; k++) {
		if (w->campaigns[k].start > d || w->campaigns[k].end < d)
			continue;
		pl->entry_of[k] = catalog_index(&pl->cat, w->campaigns[k].id.s);
		if (pl->entry_of[k] < 0)
			return -1;
		pl->world_of[pl->entry_of[k]] = k;
	}
	for (i = 0; i < pl->cat.n; i++)
		pl->cat.entries[i].day_impressions = 0;
	return 0;
}

/* Delivers the clicks due before the current request (all of them when all is set). */
static void
deliver_clicks(struct play *pl, bool all)
{
	struct sim_click c;

	while (sim_people_next_click(&pl->people, all ? UINT64_MAX : pl->now, &c)) {
		/* PostgreSQL's record_click: nothing is recorded beyond clicks_limit. */
		if (pl->clicks[c.campaign] >= pl->w->campaigns[c.campaign].clicks_limit) {
			pl->m->clicks_refused++;
			continue;
		}
		sim_people_clicked(&pl->people, c.client, c.campaign);
		pl->clicks[c.campaign]++;
		if (pl->entry_of[c.campaign] >= 0)
			pl->cat.entries[pl->entry_of[c.campaign]].clicks++;
		pl->m->clicks++;
		pl->m->revenue += pl->w->campaigns[c.campaign].cost_per_click;
	}
}

/* The client's view: its scores and what it saw, as the worker builds it from Redis. */
static int
make_view(struct play *pl, uint32_t i, struct select_view *v)
{
	const struct sim_world *w = pl->w;
	const struct sim_client *c = &w->clients[i];
	const struct sim_person *p = &pl->people.person[i];
	size_t j;

	arena_reset(&pl->arena);
	if (select_view_init(v, &pl->cat, pl->cat.day, c->nscores, &pl->arena) != 0)
		return -1;
	for (j = 0; j < c->nscores; j++) {
		const struct sim_score *s = &w->scores[c->first_score + j];

		select_view_score(v, w->advertisers[s->advertiser].s, s->score);
	}
	select_view_rank(v);
	for (j = 0; j < p->n; j++)
		select_view_event(v, w->campaigns[p->seen[j].campaign].id.s,
		    p->seen[j].clicked ? SELECT_CLICKED : SELECT_SEEN);
	return 0;
}

/* Whether baseline candidate a beats b (lexicographic keys; -1 for b means none yet). */
static bool
baseline_beats(const struct play *pl, const struct select_view *v, uint32_t a, long b)
{
	const struct catalog_entry *x = &pl->cat.entries[a], *y;
	bool xu = v->state[a] == SELECT_UNSEEN, yu;
	int64_t xp = x->c.cost_per_impression + x->c.cost_per_click, yp;

	if (b < 0)
		return true;
	y = &pl->cat.entries[b];
	yu = v->state[b] == SELECT_UNSEEN;
	yp = y->c.cost_per_impression + y->c.cost_per_click;
	if (pl->policy == SIM_V2)
		return sim_v2_value(v, a) > sim_v2_value(v, (uint32_t)b);
	if (pl->policy == SIM_RELEVANT &&
	    v->relevance[x->advertiser] != v->relevance[y->advertiser])
		return v->relevance[x->advertiser] > v->relevance[y->advertiser];
	if (xu != yu)
		return xu; /* seen ones only when nothing unseen is left */
	if (pl->policy == SIM_SCORE && v->score[x->advertiser] != v->score[y->advertiser])
		return v->score[x->advertiser] > v->score[y->advertiser];
	return xp > yp;
}

/*
 * A baseline's (or v2's) pick among all matching entries. (catalog_best would stop early on
 * rank_bound, which bounds only our ranking's values, so these scan.)
 */
static long
pick_baseline(struct play *pl, const struct select_view *v, const struct sim_client *c)
{
	const char *city = sim_city(c->location);
	size_t n = catalog_candidates(&pl->cat, c->age, c->gender, city, strlen(city), pl->cand);
	long best = -1;
	size_t j;

	for (j = 0; j < n; j++) {
		uint32_t i = pl->cand[j];
		const struct catalog_entry *e = &pl->cat.entries[i];

		if (v->state[i] == SELECT_EXCLUDED ||
		    (pl->policy == SIM_V2 && sim_v2_value(v, i) <= RANK_NEVER))
			continue;
		if (v->state[i] == SELECT_UNSEEN &&
		    (e->impressions >= e->c.impressions_limit || e->clicks >= e->c.clicks_limit))
			continue; /* a first show would be refused */
		if (baseline_beats(pl, v, i, best))
			best = (long)i;
	}
	return best;
}

static long
pick(struct play *pl, const struct select_view *v, const struct sim_client *c)
{
	const char *city = sim_city(c->location);

	if (pl->policy == SIM_OURS)
		return select_best(v, c->age, c->gender, city, strlen(city));
	return pick_baseline(pl, v, c);
}

/* A first show of entry i (world campaign k): the impression. */
static void
first_show(struct play *pl, long i, uint32_t k)
{
	struct catalog_entry *e = &pl->cat.entries[i];

	e->impressions++;
	e->day_impressions++;
	pl->impressions[k]++;
	pl->m->first_shows++;
	pl->m->revenue += pl->w->campaigns[k].cost_per_impression;
}

/* One GET /ads of client ci. */
static int
request(struct play *pl, uint32_t ci)
{
	const struct sim_client *c = &pl->w->clients[ci];
	struct select_view v;
	int attempt;

	pl->m->requests++;
	if (make_view(pl, ci, &v) != 0)
		return -1;
	for (attempt = 0; attempt < PICK_ATTEMPTS; attempt++) {
		long i = pick(pl, &v, c);
		const struct catalog_entry *e;
		uint32_t k;

		if (i < 0)
			return 0;
		e = &pl->cat.entries[i];
		k = pl->world_of[i];
		if (v.state[i] == SELECT_UNSEEN) {
			/* PostgreSQL's record_impression: within both limits, or refused. */
			if (e->impressions >= e->c.impressions_limit ||
			    e->clicks >= e->c.clicks_limit) {
				v.state[i] = SELECT_EXCLUDED;
				continue;
			}
			first_show(pl, i, k);
		}
		pl->m->served++;
		sim_metrics_answer(pl->m, pl->w, ci, k, v.state[i] != SELECT_UNSEEN);
		return sim_people_see(&pl->people, pl->w, ci, k, pl->now, &pl->expected_clicks[k]);
	}
	return 0;
}

static int
play_days(struct play *pl)
{
	const struct sim_world *w = pl->w;
	uint32_t d, k;
	size_t q;

	for (d = 0; d < w->p.days; d++) {
		if (build_day(pl, d) != 0)
			return -1;
		free(pl->cand);
		pl->cand = calloc(pl->cat.n + 1, sizeof(*pl->cand));
		if (pl->cand == NULL)
			return -1;
		for (q = w->day_start[d]; q < w->day_start[d + 1]; q++) {
			deliver_clicks(pl, false);
			if (request(pl, w->requests[q]) != 0)
				return -1;
			pl->now++;
		}
		deliver_clicks(pl, true); /* the day's clicks arrive before the day ends */
	}
	for (k = 0; k < w->p.campaigns; k++)
		sim_metrics_campaign(pl->m, &w->campaigns[k], pl->impressions[k], pl->clicks[k],
		    pl->expected_clicks[k]);
	return 0;
}

int
sim_play(const struct sim_world *w, enum sim_policy policy, double weight, struct sim_metrics *m)
{
	size_t nk = (size_t)w->p.campaigns + 1;
	struct play pl;
	int rc = -1;

	memset(m, 0, sizeof(*m));
	memset(&pl, 0, sizeof(pl));
	pl.w = w;
	pl.policy = policy;
	pl.m = m;
	catalog_init(&pl.cat);
	if (weight >= 0)
		pl.cat.relevance_weight = weight;
	arena_init(&pl.arena);
	pl.impressions = calloc(nk, sizeof(*pl.impressions));
	pl.clicks = calloc(nk, sizeof(*pl.clicks));
	pl.expected_clicks = calloc(nk, sizeof(*pl.expected_clicks));
	pl.entry_of = calloc(nk, sizeof(*pl.entry_of));
	pl.world_of = calloc(nk, sizeof(*pl.world_of));
	if (pl.impressions == NULL || pl.clicks == NULL || pl.expected_clicks == NULL ||
	    pl.entry_of == NULL || pl.world_of == NULL ||
	    sim_people_init(&pl.people, w->p.clients) != 0)
		goto done;
	rc = play_days(&pl);
done:
	sim_people_free(&pl.people);
	free(pl.impressions);
	free(pl.clicks);
	free(pl.expected_clicks);
	free(pl.entry_of);
	free(pl.world_of);
	free(pl.cand);
	arena_free(&pl.arena);
	catalog_free(&pl.cat);
	return rc;
}
