/*
 * test_select.c -- unit tests for choosing the ad for a client (core/select): the pruned walk
 * of catalog_best must find an entry of the same value as a brute-force scan of every
 * matching entry, for many generated catalogues, relevance weights and clients; and the
 * percentile relevance of a view, worked out by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/catalog.h"
#include "core/rank.h"
#include "core/select.h"

#define NCAMPAIGNS 300
#define NADVERTISERS 8
#define NCLIENTS 400

static const char *const cities[] = { "A", "B", "C" };

static uint32_t
rnd(uint64_t *seed)
{
	/* xorshift64*: deterministic, so a failure can be replayed */
	*seed ^= *seed >> 12;
	*seed ^= *seed << 25;
	*seed ^= *seed >> 27;
	return (uint32_t)((*seed * 2685821657736338717ULL) >> 32);
}

static void
set_id(struct uuid_str *id, const char *variant, size_t serial)
{
	int n = snprintf(id->s, sizeof(id->s), "00000000-0000-4000-%s-%012zx", variant, serial);

	assert_int_equal(n, UUID_STR_LEN);
}

/* A campaign of random prices, limits, counters and targeting; some prices are zero. */
static void
gen_entry(struct catalog_entry *e, size_t serial, uint64_t *seed)
{
	struct targeting *t = &e->c.targeting;

	memset(e, 0, sizeof(*e));
	set_id(&e->c.id, "8000", serial);
	set_id(&e->c.advertiser_id, "9000", rnd(seed) % NADVERTISERS);
	e->c.impressions_limit = 1 + rnd(seed) % 100;
	e->c.clicks_limit = rnd(seed) % (e->c.impressions_limit + 1);
	e->c.cost_per_impression = rnd(seed) % 4 == 0 ? 0 : rnd(seed) % 3000000;
	e->c.cost_per_click = rnd(seed) % 4 == 0 ? 0 : rnd(seed) % 30000000;
	e->c.ad_title = (struct opt_str){ "t", 1 };
	e->c.ad_text = (struct opt_str){ "x", 1 };
	e->c.start_date = 0;
	e->c.end_date = 1 + rnd(seed) % 10;
	e->impressions = rnd(seed) % (e->c.impressions_limit + 1);
	e->clicks = rnd(seed) % (e->c.clicks_limit + 1);
	e->day_impressions = rnd(seed) % (e->impressions + 1);
	targeting_clear(t);
	t->gender = (int)(rnd(seed) % 4) - 1; /* none, MALE, FEMALE, ALL */
	if (rnd(seed) % 2)
		t->age_from = (int)(rnd(seed) % 60);
	if (rnd(seed) % 2)
		t->age_to = 40 + (int)(rnd(seed) % 61);
	if (rnd(seed) % 3) {
		t->location.s = cities[rnd(seed) % 3];
		t->location.len = 1;
	}
}

/* The best value among every entry matching the client, by brute force. */
static double
brute_best(const struct select_view *v, int age, enum gender g, const char *loc)
{
	double best = RANK_NEVER;
	size_t i;

	for (i = 0; i < v->cat->n; i++) {
		double x;

		if (!targeting_matches(&v->cat->entries[i].c.targeting, age, g, loc, 1))
			continue;
		x = select_value(v, (uint32_t)i);
		if (x > best)
			best = x;
	}
	return best;
}

static void
test_best_matches_brute_force(void **state)
{
	static const uint64_t seeds[] = { 7, 0x9e3779b97f4a7c15ULL, 20261121, 42 };
	/* the built-in weight, none, and one where relevance outweighs most prices */
	static const double weights[] = { RANK_RELEVANCE_WEIGHT, 0.0, 3.0, RANK_RELEVANCE_WEIGHT };
	size_t s, k, i;

	for (s = 0; s < NELEM(seeds); s++) {
		uint64_t seed = seeds[s];
		struct catalog cat;
		struct arena a;

		catalog_init(&cat);
		cat.relevance_weight = weights[s];
		arena_init(&a);
		catalog_reset(&cat, 1, 1);
		for (i = 0; i < NCAMPAIGNS; i++) {
			struct catalog_entry e;

			gen_entry(&e, i, &seed);
			assert_int_equal(catalog_add(&cat, &e), 0);
		}
		assert_int_equal(catalog_build(&cat), 0);
		for (k = 0; k < NCLIENTS; k++) {
			struct select_view v;
			int age = (int)(rnd(&seed) % 101);
			enum gender g = rnd(&seed) % 2 ? GENDER_MALE : GENDER_FEMALE;
			const char *loc = cities[rnd(&seed) % 3];
			struct uuid_str adv;
			double want, got;
			long best;

			assert_int_equal(select_view_init(&v, &cat, 1, 2 * NADVERTISERS, &a), 0);
			/* Scores for a few advertisers (some of them zero, some without campaigns),
			 * some campaigns seen, clicked or excluded. */
			for (i = 0; i < 2 * NADVERTISERS; i++) {
				if (rnd(&seed) % 3 != 0)
					continue;
				set_id(&adv, i < NADVERTISERS ? "9000" : "9001", i);
				select_view_score(
				    &v, adv.s, rnd(&seed) % 4 == 0 ? 0 : rnd(&seed) % 1000);
			}
			select_view_rank(&v);
			for (i = 0; i < cat.n; i++) {
				uint32_t r = rnd(&seed) % 20;

				if (r < 3)
					v.state[i] =
					    (uint8_t)(r + 1); /* seen, clicked or excluded */
			}
			best = select_best(&v, age, g, loc, 1);
			want = brute_best(&v, age, g, loc);
			if (want <= RANK_NEVER) {
				assert_int_equal(best, -1);
			} else {
				assert_true(best >= 0);
				assert_true(targeting_matches(
				    &cat.entries[best].c.targeting, age, g, loc, 1));
				got = select_value(&v, (uint32_t)best);
				if (got != want)
					fail_msg(
					    "seed %zu client %zu: picked value %.17g, best %.17g",
					    s, k, got, want);
			}
			arena_reset(&a);
		}
		arena_free(&a);
		catalog_free(&cat);
	}
}

/* A view starts empty: nothing seen, no scores; events keep the larger state. */
static void
test_view(void **state)
{
	uint64_t seed = 3;
	struct catalog cat;
	struct catalog_entry e;
	struct select_view v;
	struct arena a;

	catalog_init(&cat);
	arena_init(&a);
	catalog_reset(&cat, 1, 1);
	gen_entry(&e, 0, &seed);
	assert_int_equal(catalog_add(&cat, &e), 0);
	assert_int_equal(catalog_build(&cat), 0);
	assert_int_equal(select_view_init(&v, &cat, 1, 4, &a), 0);
	assert_int_equal(v.state[0], SELECT_UNSEEN);
	assert_int_equal(v.max_score, 0);
	select_view_event(&v, e.c.id.s, SELECT_CLICKED);
	select_view_event(&v, e.c.id.s, SELECT_SEEN);
	assert_int_equal(v.state[0], SELECT_CLICKED);
	/* Unknown campaigns and advertisers are ignored, but a score still counts for the max. */
	select_view_event(&v, "00000000-0000-4000-7000-000000000000", SELECT_SEEN);
	select_view_score(&v, "00000000-0000-4000-7000-000000000000", 500);
	select_view_score(&v, e.c.advertiser_id.s, 250);
	assert_int_equal(v.max_score, 500);
	assert_int_equal(v.score[cat.entries[0].advertiser], 250);
	arena_free(&a);
	catalog_free(&cat);
}

/* A campaign marked full is never picked for a first show again; repeats stay possible. */
static void
test_marked_full_is_skipped(void **state)
{
	uint64_t seed = 5;
	struct catalog cat;
	struct catalog_entry e;
	struct select_view v;
	struct arena a;

	catalog_init(&cat);
	arena_init(&a);
	catalog_reset(&cat, 1, 1);
	gen_entry(&e, 0, &seed);
	targeting_clear(&e.c.targeting);
	e.c.impressions_limit = 10;
	e.c.clicks_limit = 10;
	e.impressions = e.clicks = e.day_impressions = 0;
	e.c.cost_per_impression = 1000000;
	e.c.cost_per_click = 1000000;
	assert_int_equal(catalog_add(&cat, &e), 0);
	assert_int_equal(catalog_build(&cat), 0);
	assert_int_equal(select_view_init(&v, &cat, 1, 0, &a), 0);
	assert_int_equal(select_best(&v, 30, GENDER_FEMALE, "A", 1), 0);

	catalog_mark_full(&cat.entries[0]);
	assert_int_equal(select_view_init(&v, &cat, 1, 0, &a), 0);
	assert_int_equal(select_best(&v, 30, GENDER_FEMALE, "A", 1), -1);
	arena_free(&a);
	catalog_free(&cat);
}

/* A catalogue of one campaign for each of advertisers 0 .. n - 1. */
static void
make_catalog(struct catalog *cat, size_t n)
{
	uint64_t seed = 5;
	size_t i;

	catalog_init(cat);
	catalog_reset(cat, 1, 1);
	for (i = 0; i < n; i++) {
		struct catalog_entry e;

		gen_entry(&e, i, &seed);
		set_id(&e.c.advertiser_id, "9000", i);
		assert_int_equal(catalog_add(cat, &e), 0);
	}
	assert_int_equal(catalog_build(cat), 0);
}

static void
give_score(struct select_view *v, const char *variant, size_t advertiser, int64_t score)
{
	struct uuid_str id;

	set_id(&id, variant, advertiser);
	select_view_score(v, id.s, score);
}

/* No score given. */
#define NONE INT64_MIN

/*
 * Relevance is the percentile rank among all of the client's scores: (below + ties / 2) /
 * (n - 1), 1 for a lone score, 0 without one; the scale of the scores does not matter.
 * Scores are given for advertisers 0..4 (with campaigns) and 5 (without), in that order.
 */
static void
test_percentile(void **state)
{
	static const struct {
		const char *what;
		size_t room;
		int64_t score[6];
		double want[5];
	} cases[] = {
		/* sorted 10 20 30 30: two below and one tie for 30 */
		{ "ties and an advertiser without campaigns", 8, { 10, 30, 30, NONE, NONE, 20 },
		    { 0.0, 2.5 / 3.0, 2.5 / 3.0, 0.0, 0.0 } },
		{ "heavy-tailed scores rank like any others", 8, { 3, 100000, 1, 2, NONE, NONE },
		    { 2.0 / 3.0, 1.0, 0.0, 1.0 / 3.0, 0.0 } },
		{ "a lone score is the top one, even 0", 8, { NONE, NONE, NONE, NONE, 0, NONE },
		    { 0.0, 0.0, 0.0, 0.0, 1.0 } },
		{ "all equal: one half each", 8, { 7, 7, 7, NONE, NONE, NONE },
		    { 0.5, 0.5, 0.5, 0.0, 0.0 } },
		/* -4 is ignored, and 50 finds no room left */
		{ "negative and beyond the room", 2, { -4, 5, 9, 50, NONE, NONE },
		    { 0.0, 0.0, 1.0, 0.0, 0.0 } },
		{ "no scores", 0, { NONE, NONE, NONE, NONE, NONE, NONE },
		    { 0.0, 0.0, 0.0, 0.0, 0.0 } },
	};
	struct catalog cat;
	struct select_view v;
	struct arena a;
	size_t c, k;

	make_catalog(&cat, 5);
	arena_init(&a);
	for (c = 0; c < NELEM(cases); c++) {
		assert_int_equal(select_view_init(&v, &cat, 1, cases[c].room, &a), 0);
		for (k = 0; k < 6; k++)
			if (cases[c].score[k] != NONE)
				give_score(&v, k < 5 ? "9000" : "9001", k, cases[c].score[k]);
		select_view_rank(&v);
		for (k = 0; k < 5; k++) {
			struct uuid_str id;
			long ix;
			double got;

			set_id(&id, "9000", k);
			ix = catalog_advertiser(&cat, id.s);
			assert_true(ix >= 0);
			got = v.relevance[ix];
			if (got < cases[c].want[k] - 1e-12 || got > cases[c].want[k] + 1e-12)
				fail_msg("%s: advertiser %zu: relevance %.17g, want %.17g",
				    cases[c].what, k, got, cases[c].want[k]);
		}
		arena_reset(&a);
	}
	arena_free(&a);
	catalog_free(&cat);
}

/*
 * The relevance term reaches select_best: two campaigns of equal prices, the one of the more
 * relevant advertiser wins; and the catalogue's worth is its weight times the mean scale.
 */
static void
test_relevance_wins(void **state)
{
	struct catalog cat;
	struct select_view v;
	struct arena a;
	size_t i;
	long best;
	double scale = 0;

	catalog_init(&cat);
	catalog_reset(&cat, 1, 1);
	for (i = 0; i < 2; i++) {
		struct catalog_entry e;

		memset(&e, 0, sizeof(e));
		set_id(&e.c.id, "8000", i);
		set_id(&e.c.advertiser_id, "9000", i);
		e.c.impressions_limit = 100;
		e.c.clicks_limit = 100;
		e.c.cost_per_impression = 1000000;
		e.c.cost_per_click = 0;
		e.c.end_date = 5;
		targeting_clear(&e.c.targeting);
		assert_int_equal(catalog_add(&cat, &e), 0);
		scale += rank_scale(e.c.cost_per_impression, e.c.cost_per_click);
	}
	assert_int_equal(catalog_build(&cat), 0);
	if (cat.relevance_worth != RANK_RELEVANCE_WEIGHT * scale / 2)
		fail_msg("worth %.17g, want %.17g", cat.relevance_worth,
		    RANK_RELEVANCE_WEIGHT * scale / 2);
	arena_init(&a);
	/* the advertiser of the higher score wins, either way round */
	for (i = 0; i < 2; i++) {
		assert_int_equal(select_view_init(&v, &cat, 1, 2, &a), 0);
		give_score(&v, "9000", 0, i == 0 ? 1 : 2);
		give_score(&v, "9000", 1, i == 0 ? 2 : 1);
		select_view_rank(&v);
		best = select_best(&v, 30, GENDER_MALE, "A", 1);
		assert_int_equal(best,
		    catalog_index(&cat,
		        i == 0 ? "00000000-0000-4000-8000-000000000001"
		               : "00000000-0000-4000-8000-000000000000"));
		arena_reset(&a);
	}
	arena_free(&a);
	catalog_free(&cat);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_best_matches_brute_force),
		cmocka_unit_test(test_view),
		cmocka_unit_test(test_marked_full_is_skipped),
		cmocka_unit_test(test_percentile),
		cmocka_unit_test(test_relevance_wins),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
