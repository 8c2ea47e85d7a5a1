/* test_catalog.c -- unit tests for the targeting-indexed catalogue of campaigns (core/catalog). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/campaign.h"
#include "core/catalog.h"
#include "core/model.h"

/* Ids the generator never makes: their fourth group is "9000". */
#define UNKNOWN_LOW "00000000-0000-4000-9000-000000000000"
#define UNKNOWN_HIGH "ffffffff-ffff-4fff-9fff-ffffffffffff"

/* Campaign locations, and client locations that only look like them. */
static const char *const locations[] = { "A", "B", "a", "AB", "Moscow", "moscow", "Kazan",
	"\xd0\x9c\xd0\xa1\xd0\x9a", "Saint Petersburg", "L9", "L10", "L11" };
static const char *const other_locations[] = { "C", "", "A ", " A", "BA", "Mosco", "Moscow ", "L1",
	"\xd0\x9c\xd0\xa1" };

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
set_id(struct uuid_str *id, uint32_t head, const char *variant, size_t serial)
{
	int n = snprintf(id->s, sizeof(id->s), "%08x-0000-4000-%s-%012zx", head, variant, serial);

	assert_int_equal(n, UUID_STR_LEN);
}

/*
 * A campaign with random targeting: no location a third of the time, any of the genders or
 * none, an age range that is open, half-open or closed.
 */
static void
gen_entry(struct catalog_entry *e, size_t serial, const char *variant, uint64_t *seed)
{
	struct targeting *t = &e->c.targeting;
	int a, b;

	memset(e, 0, sizeof(*e));
	set_id(&e->c.id, rnd(seed), variant, serial);
	set_id(&e->c.advertiser_id, rnd(seed), "8000", serial % 17);
	e->c.impressions_limit = 1000 + rnd(seed) % 1000;
	e->c.clicks_limit = rnd(seed) % 1000;
	e->c.cost_per_impression = rnd(seed);
	e->c.cost_per_click = rnd(seed);
	e->c.ad_title = (struct opt_str){ "Title", 5 };
	e->c.ad_text = (struct opt_str){ "Text", 4 };
	e->c.ad_image = (struct opt_str){ NULL, 0 };
	e->c.start_date = 1;
	e->c.end_date = 1 + rnd(seed) % 30;
	e->impressions = rnd(seed) % 1000;
	e->clicks = rnd(seed) % 100;
	e->day_impressions = rnd(seed) % 50;
	targeting_clear(t);
	switch (rnd(seed) % 4) {
	case 0:
		break;
	case 1:
		t->gender = GENDER_MALE;
		break;
	case 2:
		t->gender = GENDER_FEMALE;
		break;
	default:
		t->gender = GENDER_ALL;
		break;
	}
	a = (int)(rnd(seed) % 101);
	b = (int)(rnd(seed) % 101);
	if (a > b) {
		int tmp = a;

		a = b;
		b = tmp;
	}
	switch (rnd(seed) % 4) {
	case 0:
		break;
	case 1:
		t->age_from = a;
		break;
	case 2:
		t->age_to = b;
		break;
	default:
		t->age_from = a;
		t->age_to = b;
		break;
	}
	if (rnd(seed) % 3 != 0) {
		t->location.s = locations[rnd(seed) % NELEM(locations)];
		t->location.len = strlen(t->location.s);
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Checks catalog_candidates for one client against a brute-force filter of src with
 * targeting_matches: the same campaigns, each once.
 */
static void
check_client(const struct catalog *cat, const struct catalog_entry *src, size_t nsrc, int age,
    enum gender gender, const char *loc)
{
	size_t len = strlen(loc), k, i, nwant = 0;
	uint32_t *out = calloc(cat->n + 1, sizeof(*out));
	const char **got = calloc(cat->n + 1, sizeof(*got));
	const char **want = calloc(nsrc + 1, sizeof(*want));

	assert_non_null(out);
	assert_non_null(got);
	assert_non_null(want);
	k = catalog_candidates(cat, age, gender, loc, len, out);
	if (k > cat->n)
		fail_msg("(%d, %s, \"%s\"): %zu candidates of %zu", age, gender_names[gender], loc,
		    k, cat->n);
	for (i = 0; i < k; i++) {
		if (out[i] >= cat->n)
			fail_msg("(%d, %s, \"%s\"): index %u of %zu", age, gender_names[gender],
			    loc, out[i], cat->n);
		got[i] = cat->entries[out[i]].c.id.s;
	}
	for (i = 0; i < nsrc; i++)
		if (targeting_matches(&src[i].c.targeting, age, gender, loc, len))
			want[nwant++] = src[i].c.id.s;
	qsort(got, k, sizeof(*got), cmp_str);
	qsort(want, nwant, sizeof(*want), cmp_str);
	if (k != nwant)
		fail_msg("(%d, %s, \"%s\"): %zu candidates, want %zu", age, gender_names[gender],
		    loc, k, nwant);
	for (i = 0; i < k; i++)
		if (strcmp(got[i], want[i]) != 0)
			fail_msg("(%d, %s, \"%s\"): candidate %s, want %s", age,
			    gender_names[gender], loc, got[i], want[i]);
	free(out);
	free(got);
	free(want);
}

/* Every age, both genders, every location and some that are not any campaign's. */
static void
check_all_clients(const struct catalog *cat, const struct catalog_entry *src, size_t nsrc)
{
	static const enum gender genders[] = { GENDER_MALE, GENDER_FEMALE };
	size_t g, l;
	int age;

	for (age = MODEL_AGE_MIN; age <= MODEL_AGE_MAX; age++) {
		for (g = 0; g < NELEM(genders); g++) {
			for (l = 0; l < NELEM(locations); l++)
				check_client(cat, src, nsrc, age, genders[g], locations[l]);
			for (l = 0; l < NELEM(other_locations); l++)
				check_client(cat, src, nsrc, age, genders[g], other_locations[l]);
		}
	}
}

/* Every campaign is found with its values; ids the generator never made are not. */
static void
check_find(const struct catalog *cat, const struct catalog_entry *src, size_t nsrc)
{
	size_t i;

	for (i = 0; i < nsrc; i++) {
		const struct catalog_entry *e = catalog_find(cat, src[i].c.id.s);
		struct uuid_str other = src[i].c.id;

		if (e == NULL)
			fail_msg("catalog_find(%s): NULL", src[i].c.id.s);
		assert_string_equal(e->c.id.s, src[i].c.id.s);
		assert_string_equal(e->c.advertiser_id.s, src[i].c.advertiser_id.s);
		assert_int_equal(e->c.impressions_limit, src[i].c.impressions_limit);
		assert_int_equal(e->c.clicks_limit, src[i].c.clicks_limit);
		assert_int_equal(e->c.cost_per_impression, src[i].c.cost_per_impression);
		assert_int_equal(e->c.cost_per_click, src[i].c.cost_per_click);
		assert_int_equal(e->c.end_date, src[i].c.end_date);
		assert_int_equal(e->impressions, src[i].impressions);
		assert_int_equal(e->clicks, src[i].clicks);
		assert_int_equal(e->day_impressions, src[i].day_impressions);
		assert_int_equal(e->c.targeting.gender, src[i].c.targeting.gender);
		assert_int_equal(e->c.targeting.age_from, src[i].c.targeting.age_from);
		assert_int_equal(e->c.targeting.age_to, src[i].c.targeting.age_to);
		if (src[i].c.targeting.location.s == NULL)
			assert_null(e->c.targeting.location.s);
		else
			assert_string_equal(
			    e->c.targeting.location.s, src[i].c.targeting.location.s);
		/* the same id with another variant group is not there */
		memcpy(other.s + 19, "9000", 4);
		if (catalog_find(cat, other.s) != NULL)
			fail_msg("catalog_find(%s): found, want NULL", other.s);
	}
	assert_null(catalog_find(cat, UNKNOWN_LOW));
	assert_null(catalog_find(cat, UNKNOWN_HIGH));
}

static void
fill(struct catalog *cat, struct catalog_entry *src, size_t n, const char *variant, uint64_t seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		gen_entry(&src[i], i, variant, &seed);
		assert_int_equal(catalog_add(cat, &src[i]), 0);
	}
	assert_int_equal(cat->n, n);
	assert_int_equal(catalog_build(cat), 0);
	assert_true(cat->ready);
}

/* --- a small catalogue written out ------------------------------------------------------------ */

/* Campaigns named '1'..'9'; the name is the id's last character. */
static const struct {
	char name;
	int gender, age_from, age_to;
	const char *location;
} small[] = {
	{ '1', -1, -1, -1, NULL },
	{ '2', -1, -1, -1, "A" },
	{ '3', -1, -1, -1, "B" },
	{ '4', GENDER_MALE, -1, -1, NULL },
	{ '5', GENDER_FEMALE, -1, -1, "A" },
	{ '6', GENDER_ALL, 18, 35, "B" },
	{ '7', -1, 50, -1, NULL },
	{ '8', GENDER_MALE, -1, 17, "A" },
	{ '9', GENDER_FEMALE, 30, 30, NULL },
};

static const struct {
	int age;
	enum gender gender;
	const char *location;
	const char *want; /* names, sorted */
} small_clients[] = {
	{ 25, GENDER_MALE, "A", "124" },
	{ 17, GENDER_MALE, "A", "1248" },
	{ 30, GENDER_FEMALE, "A", "1259" },
	{ 30, GENDER_FEMALE, "B", "1369" },
	{ 35, GENDER_MALE, "B", "1346" },
	{ 36, GENDER_MALE, "B", "134" },
	{ 18, GENDER_FEMALE, "B", "136" },
	{ 60, GENDER_FEMALE, "C", "17" },
	{ 50, GENDER_MALE, "a", "147" },
	{ 0, GENDER_FEMALE, "A", "125" },
	{ 100, GENDER_MALE, "B", "1347" },
	{ 29, GENDER_FEMALE, "", "1" },
	{ 30, GENDER_MALE, "AB", "14" },
};

static int
cmp_char(const void *a, const void *b)
{
	return *(const char *)a - *(const char *)b;
}

static void
test_small_catalogue(void **state)
{
	struct catalog cat;
	struct catalog_entry src[NELEM(small)];
	uint32_t out[NELEM(small)];
	size_t i, j;

	catalog_init(&cat);
	catalog_reset(&cat, 3, 1);
	/* added last to first: the build sorts */
	for (i = NELEM(small); i-- > 0;) {
		struct catalog_entry *e = &src[i];

		memset(e, 0, sizeof(*e));
		snprintf(e->c.id.s, sizeof(e->c.id.s), "00000000-0000-4000-8000-00000000000%c",
		    small[i].name);
		e->c.targeting.gender = small[i].gender;
		e->c.targeting.age_from = small[i].age_from;
		e->c.targeting.age_to = small[i].age_to;
		e->c.targeting.location.s = small[i].location;
		e->c.targeting.location.len = small[i].location ? strlen(small[i].location) : 0;
		assert_int_equal(catalog_add(&cat, e), 0);
	}
	assert_int_equal(catalog_build(&cat), 0);
	for (i = 0; i < NELEM(small_clients); i++) {
		char names[NELEM(small) + 1];
		size_t k = catalog_candidates(&cat, small_clients[i].age, small_clients[i].gender,
		    small_clients[i].location, strlen(small_clients[i].location), out);

		assert_true(k <= NELEM(small));
		for (j = 0; j < k; j++)
			names[j] = cat.entries[out[j]].c.id.s[UUID_STR_LEN - 1];
		names[k] = '\0';
		qsort(names, k, 1, cmp_char);
		if (strcmp(names, small_clients[i].want) != 0)
			fail_msg("(%d, %s, \"%s\"): \"%s\", want \"%s\"", small_clients[i].age,
			    gender_names[small_clients[i].gender], small_clients[i].location, names,
			    small_clients[i].want);
	}
	check_all_clients(&cat, src, NELEM(small));
	check_find(&cat, src, NELEM(small));
	catalog_free(&cat);
}

/* --- generated catalogues ---------------------------------------------------------------------- */

#define NGEN 200

static void
test_generated_candidates(void **state)
{
	static const uint64_t seeds[] = { 1, 0x9e3779b97f4a7c15ULL, 20240229 };
	size_t s;

	for (s = 0; s < NELEM(seeds); s++) {
		struct catalog cat;
		struct catalog_entry *src = calloc(NGEN, sizeof(*src));

		assert_non_null(src);
		catalog_init(&cat);
		catalog_reset(&cat, 7, 1);
		fill(&cat, src, NGEN, "8000", seeds[s]);
		check_all_clients(&cat, src, NGEN);
		check_find(&cat, src, NGEN);
		catalog_free(&cat);
		free(src);
	}
}

/* The entries end up sorted by id, whatever the order they were added in. */
static void
test_build_sorts(void **state)
{
	struct catalog cat;
	struct catalog_entry *src = calloc(NGEN, sizeof(*src));
	size_t i;

	assert_non_null(src);
	catalog_init(&cat);
	catalog_reset(&cat, 7, 1);
	fill(&cat, src, NGEN, "8000", 42);
	for (i = 1; i < cat.n; i++)
		if (strcmp(cat.entries[i - 1].c.id.s, cat.entries[i].c.id.s) >= 0)
			fail_msg("entries %zu and %zu out of order: %s, %s", i - 1, i,
			    cat.entries[i - 1].c.id.s, cat.entries[i].c.id.s);
	catalog_free(&cat);
	free(src);
}

/* A reset empties the catalogue; a rebuild (bigger than the first) holds only the new set. */
static void
test_reset_rebuild(void **state)
{
	enum { NSECOND = 600 };
	struct catalog cat;
	struct catalog_entry *first = calloc(NGEN, sizeof(*first));
	struct catalog_entry *second = calloc(NSECOND, sizeof(*second));
	uint32_t out[1];
	size_t i;

	assert_non_null(first);
	assert_non_null(second);
	catalog_init(&cat);
	catalog_reset(&cat, 7, 1);
	fill(&cat, first, NGEN, "8000", 5);
	assert_int_equal(cat.day, 7);
	assert_int_equal(cat.version, 1);

	catalog_reset(&cat, 8, 2);
	assert_int_equal(cat.day, 8);
	assert_int_equal(cat.version, 2);
	assert_false(cat.ready);
	assert_int_equal(cat.n, 0);
	assert_int_equal(catalog_candidates(&cat, 30, GENDER_MALE, "A", 1, out), 0);

	fill(&cat, second, NSECOND, "a000", 6);
	assert_int_equal(cat.n, NSECOND);
	check_all_clients(&cat, second, NSECOND);
	check_find(&cat, second, NSECOND);
	for (i = 0; i < NGEN; i++)
		if (catalog_find(&cat, first[i].c.id.s) != NULL)
			fail_msg(
			    "catalog_find(%s): an id of the old build was found", first[i].c.id.s);

	/* and back to a small one */
	catalog_reset(&cat, 9, 3);
	fill(&cat, first, NGEN, "8000", 5);
	check_all_clients(&cat, first, NGEN);
	check_find(&cat, first, NGEN);
	for (i = 0; i < NSECOND; i++)
		assert_null(catalog_find(&cat, second[i].c.id.s));
	catalog_free(&cat);
	free(first);
	free(second);
}

/* An empty build is ready and matches nothing. */
static void
test_empty(void **state)
{
	struct catalog cat;
	uint32_t out[1] = { 12345 };

	catalog_init(&cat);
	catalog_reset(&cat, 1, 1);
	assert_int_equal(catalog_build(&cat), 0);
	assert_true(cat.ready);
	assert_int_equal(cat.n, 0);
	assert_int_equal(catalog_candidates(&cat, 30, GENDER_FEMALE, "A", 1, out), 0);
	assert_int_equal(out[0], 12345);
	assert_null(catalog_find(&cat, UNKNOWN_LOW));
	catalog_free(&cat);
}

/* The catalogue keeps its own copies: overwriting the source strings changes nothing. */
static void
test_strings_copied(void **state)
{
	char loc[32], title[32], text[32], image[32];
	struct catalog cat;
	struct catalog_entry e;
	const struct catalog_entry *found;
	uint32_t out[2];
	size_t k;

	catalog_init(&cat);
	catalog_reset(&cat, 1, 1);

	memset(&e, 0, sizeof(e));
	set_id(&e.c.id, 0x11111111, "8000", 1);
	targeting_clear(&e.c.targeting);
	strcpy(loc, "Paris");
	strcpy(title, "Sale");
	strcpy(text, "Everything");
	strcpy(image, "img.png");
	e.c.targeting.location = (struct opt_str){ loc, 5 };
	e.c.ad_title = (struct opt_str){ title, 4 };
	e.c.ad_text = (struct opt_str){ text, 10 };
	e.c.ad_image = (struct opt_str){ image, 7 };
	assert_int_equal(catalog_add(&cat, &e), 0);

	/* the same buffers, rewritten, for a second campaign */
	set_id(&e.c.id, 0x22222222, "8000", 2);
	strcpy(loc, "Rome");
	strcpy(title, "Gift");
	strcpy(text, "Nothing");
	e.c.targeting.location.len = 4;
	e.c.ad_text.len = 7;
	e.c.ad_image = (struct opt_str){ NULL, 0 };
	assert_int_equal(catalog_add(&cat, &e), 0);

	memset(loc, 'X', sizeof(loc));
	memset(title, 'X', sizeof(title));
	memset(text, 'X', sizeof(text));
	memset(image, 'X', sizeof(image));
	assert_int_equal(catalog_build(&cat), 0);

	k = catalog_candidates(&cat, 30, GENDER_MALE, "Paris", 5, out);
	assert_int_equal(k, 1);
	found = &cat.entries[out[0]];
	assert_string_equal(found->c.id.s, "11111111-0000-4000-8000-000000000001");
	assert_int_equal(found->c.targeting.location.len, 5);
	assert_string_equal(found->c.targeting.location.s, "Paris");
	assert_int_equal(found->c.ad_title.len, 4);
	assert_string_equal(found->c.ad_title.s, "Sale");
	assert_string_equal(found->c.ad_text.s, "Everything");
	assert_string_equal(found->c.ad_image.s, "img.png");
	assert_ptr_not_equal(found->c.targeting.location.s, loc);

	k = catalog_candidates(&cat, 30, GENDER_FEMALE, "Rome", 4, out);
	assert_int_equal(k, 1);
	found = &cat.entries[out[0]];
	assert_string_equal(found->c.id.s, "22222222-0000-4000-8000-000000000002");
	assert_string_equal(found->c.targeting.location.s, "Rome");
	assert_string_equal(found->c.ad_title.s, "Gift");
	assert_string_equal(found->c.ad_text.s, "Nothing");
	assert_null(found->c.ad_image.s);

	assert_int_equal(catalog_candidates(&cat, 30, GENDER_MALE, "XXXX", 4, out), 0);
	assert_int_equal(catalog_candidates(&cat, 30, GENDER_MALE, "XXXXX", 5, out), 0);
	found = catalog_find(&cat, "11111111-0000-4000-8000-000000000001");
	assert_non_null(found);
	assert_string_equal(found->c.ad_title.s, "Sale");
	catalog_free(&cat);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_catalogue),
		cmocka_unit_test(test_generated_candidates),
		cmocka_unit_test(test_build_sorts),
		cmocka_unit_test(test_reset_rebuild),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_strings_copied),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
