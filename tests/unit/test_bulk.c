/* test_bulk.c -- unit tests for the "last occurrence wins" dedupe of bulk requests (core/bulk). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/bulk.h"

#define MAX_KEYS 16

struct dedupe_case {
	const char *name;
	const char *keys[MAX_KEYS];
	size_t n;
	size_t want[MAX_KEYS]; /* surviving indices, ascending */
	long nwant;
};

static const struct dedupe_case cases[] = {
	{ "one", { "a" }, 1, { 0 }, 1 },
	{ "no dups", { "a", "b", "c", "d" }, 4, { 0, 1, 2, 3 }, 4 },
	{ "no dups, unsorted keys", { "d", "b", "a", "c" }, 4, { 0, 1, 2, 3 }, 4 },
	{ "all dups", { "x", "x", "x", "x", "x" }, 5, { 4 }, 1 },
	{ "pair", { "a", "a" }, 2, { 1 }, 1 },
	{ "adjacent dups", { "a", "a", "b", "b" }, 4, { 1, 3 }, 2 },
	{ "interleaved", { "a", "b", "a", "c", "b" }, 5, { 2, 3, 4 }, 3 },
	{ "interleaved, first key last", { "a", "b", "c", "b", "a" }, 5, { 2, 3, 4 }, 3 },
	{ "interleaved, three times", { "b", "a", "b", "a", "b", "a", "c" }, 7, { 4, 5, 6 }, 3 },
	{ "dup of the first at the end", { "z", "y", "x", "z" }, 4, { 1, 2, 3 }, 3 },
	{ "dup of the last at the start", { "m", "n", "o", "m", "p" }, 5, { 1, 2, 3, 4 }, 4 },
	{ "prefixes are distinct keys", { "ab", "a", "abc", "a", "ab" }, 5, { 2, 3, 4 }, 3 },
	{ "case-sensitive", { "A", "a", "A" }, 3, { 1, 2 }, 2 },
	{ "empty key", { "", "x", "" }, 3, { 1, 2 }, 2 },
	{ "uuids",
	    { "123e4567-e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456-426614174001",
	        "123e4567-e89b-12d3-a456-426614174000" },
	    3, { 1, 2 }, 2 },
};

static void
test_dedupe_table(void **state)
{
	size_t i, j;

	for (i = 0; i < NELEM(cases); i++) {
		const struct dedupe_case *c = &cases[i];
		size_t keep[MAX_KEYS];
		struct arena a;
		long got;

		arena_init(&a);
		memset(keep, 0xff, sizeof(keep));
		got = bulk_last_wins(c->keys, c->n, keep, &a);
		if (got != c->nwant)
			fail_msg("%s: kept %ld, want %ld", c->name, got, c->nwant);
		for (j = 0; j < (size_t)got; j++)
			if (keep[j] != c->want[j])
				fail_msg("%s: keep[%zu] = %zu, want %zu", c->name, j, keep[j],
				    c->want[j]);
		/* Nothing is written past the survivors. */
		for (j = (size_t)got; j < MAX_KEYS; j++)
			assert_int_equal(keep[j], SIZE_MAX);
		arena_free(&a);
	}
}

static void
test_empty(void **state)
{
	size_t keep[1] = { 7 };
	struct arena a;

	arena_init(&a);
	assert_int_equal(bulk_last_wins(NULL, 0, keep, &a), 0);
	assert_int_equal(keep[0], 7);
	arena_free(&a);
}

/* Keys are compared by content, not by pointer. */
static void
test_equal_content_distinct_pointers(void **state)
{
	char k0[] = "same", k1[] = "other", k2[] = "same";
	const char *keys[] = { k0, k1, k2 };
	size_t keep[3];
	struct arena a;

	arena_init(&a);
	assert_int_equal(bulk_last_wins(keys, 3, keep, &a), 2);
	assert_int_equal(keep[0], 1);
	assert_int_equal(keep[1], 2);
	arena_free(&a);
}

/* A bulk of many items, every id three times: the last third survives, in order. */
static void
test_large(void **state)
{
	enum { IDS = 500, N = 3 * IDS };
	static char names[IDS][24];
	static const char *keys[N];
	static size_t keep[N];
	struct arena a;
	size_t i;

	for (i = 0; i < IDS; i++)
		snprintf(names[i], sizeof(names[i]), "id%zu", (IDS - 1 - i) * 7 % IDS);
	for (i = 0; i < N; i++)
		keys[i] = names[i % IDS];
	arena_init(&a);
	assert_int_equal(bulk_last_wins(keys, N, keep, &a), IDS);
	for (i = 0; i < IDS; i++)
		assert_int_equal(keep[i], 2 * IDS + i);
	arena_free(&a);
}

/* The arena can be reused across calls, as it is across requests. */
static void
test_arena_reset_between_calls(void **state)
{
	const char *keys[] = { "a", "b", "a" };
	size_t keep[3];
	struct arena a;
	int round;

	arena_init(&a);
	for (round = 0; round < 3; round++) {
		assert_int_equal(bulk_last_wins(keys, 3, keep, &a), 2);
		assert_int_equal(keep[0], 1);
		assert_int_equal(keep[1], 2);
		arena_reset(&a);
	}
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dedupe_table),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_equal_content_distinct_pointers),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_arena_reset_between_calls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
