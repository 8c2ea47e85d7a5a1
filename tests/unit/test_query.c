/* test_query.c -- unit tests for query-string lookup and percent-decoding (core/query). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/arena.h"
#include "core/query.h"

struct query_case {
	const char *qs;
	const char *name;
	enum query_result want;
	const char *val; /* expected decoded value when want is QUERY_FOUND */
};

static const char *const result_names[] = { "ABSENT", "FOUND", "BAD", "NOMEM" };

static const struct query_case cases[] = {
	/* found / absent */
	{ "a=1", "a", QUERY_FOUND, "1" },
	{ "a=1&b=2", "a", QUERY_FOUND, "1" },
	{ "a=1&b=2", "b", QUERY_FOUND, "2" },
	{ "limit=10&offset=20", "offset", QUERY_FOUND, "20" },
	{ "a=1&b=2", "c", QUERY_ABSENT, NULL },
	{ "", "a", QUERY_ABSENT, NULL },
	{ "A=1", "a", QUERY_ABSENT, NULL },
	{ "a=1", "A", QUERY_ABSENT, NULL },
	/* empty values */
	{ "a=", "a", QUERY_FOUND, "" },
	{ "a", "a", QUERY_FOUND, "" },
	{ "a&b=2", "a", QUERY_FOUND, "" },
	{ "b=2&a", "a", QUERY_FOUND, "" },
	{ "a=&b=2", "a", QUERY_FOUND, "" },
	/* duplicates: the first wins */
	{ "a=1&a=2", "a", QUERY_FOUND, "1" },
	{ "a=&a=2", "a", QUERY_FOUND, "" },
	{ "b=0&a=first&b=1&a=second", "a", QUERY_FOUND, "first" },
	/* a key that is a prefix (or extension) of another */
	{ "ab=1&a=2", "a", QUERY_FOUND, "2" },
	{ "a=1&ab=2", "ab", QUERY_FOUND, "2" },
	{ "abc=1", "ab", QUERY_ABSENT, NULL },
	{ "ab=1", "abc", QUERY_ABSENT, NULL },
	{ "xa=1", "a", QUERY_ABSENT, NULL },
	{ "b=a=1", "b", QUERY_FOUND, "a=1" },
	{ "b=a=1", "a", QUERY_ABSENT, NULL },
	{ "b=x&c=a", "a", QUERY_ABSENT, NULL },
	/* stray separators */
	{ "&&a=1&", "a", QUERY_FOUND, "1" },
	{ "=1&a=2", "a", QUERY_FOUND, "2" },
	{ "&", "a", QUERY_ABSENT, NULL },
	/* percent-decoding and '+' */
	{ "x=hello%20world", "x", QUERY_FOUND, "hello world" },
	{ "x=a+b", "x", QUERY_FOUND, "a b" },
	{ "x=+%2B+", "x", QUERY_FOUND, " + " },
	{ "x=a%2bb", "x", QUERY_FOUND, "a+b" },
	{ "x=%41%62%7A", "x", QUERY_FOUND, "Abz" },
	{ "x=%26", "x", QUERY_FOUND, "&" },
	{ "x=%3D%3d", "x", QUERY_FOUND, "==" },
	{ "x=%25", "x", QUERY_FOUND, "%" },
	{ "x=%2541", "x", QUERY_FOUND, "%41" },
	{ "x=caf%C3%A9", "x", QUERY_FOUND, "caf\xc3\xa9" },
	{ "x=%e2%82%ac", "x", QUERY_FOUND, "\xe2\x82\xac" },
	{ "x=%FF", "x", QUERY_FOUND, "\xff" },
	{ "x=%01", "x", QUERY_FOUND, "\x01" },
	{ "x=caf\xc3\xa9", "x", QUERY_FOUND, "caf\xc3\xa9" },
	{ "x=123e4567-e89b-12d3-a456-426614174000", "x", QUERY_FOUND,
	    "123e4567-e89b-12d3-a456-426614174000" },
	/* keys are matched as they are written, not decoded */
	{ "a%62=1", "ab", QUERY_ABSENT, NULL },
	{ "a+b=1", "a b", QUERY_ABSENT, NULL },
	{ "a+b=1", "a+b", QUERY_FOUND, "1" },
	/* malformed escapes */
	{ "x=%", "x", QUERY_BAD, NULL },
	{ "x=%4", "x", QUERY_BAD, NULL },
	{ "x=ab%", "x", QUERY_BAD, NULL },
	{ "x=ab%4", "x", QUERY_BAD, NULL },
	{ "x=%zz", "x", QUERY_BAD, NULL },
	{ "x=%4g", "x", QUERY_BAD, NULL },
	{ "x=%g4", "x", QUERY_BAD, NULL },
	{ "x=%+1", "x", QUERY_BAD, NULL },
	{ "x=% 1", "x", QUERY_BAD, NULL },
	{ "x=%-1", "x", QUERY_BAD, NULL },
	/* an escape is not completed by what follows the '&' */
	{ "x=%&y=1", "x", QUERY_BAD, NULL },
	{ "x=%4&y=1", "x", QUERY_BAD, NULL },
	{ "x=%4&1=1", "x", QUERY_BAD, NULL },
	/* NUL bytes are refused */
	{ "x=%00", "x", QUERY_BAD, NULL },
	{ "x=a%00b", "x", QUERY_BAD, NULL },
	/* a bad value elsewhere does not matter */
	{ "x=ok&y=%", "x", QUERY_FOUND, "ok" },
	{ "y=%zz&x=ok", "x", QUERY_FOUND, "ok" },
	{ "x=ok&x=%", "x", QUERY_FOUND, "ok" },
	/* but the first occurrence is the one that is read */
	{ "x=%&x=ok", "x", QUERY_BAD, NULL },
};

static void
test_query_table(void **state)
{
	struct arena a;
	size_t i;

	arena_init(&a);
	for (i = 0; i < NELEM(cases); i++) {
		const struct query_case *c = &cases[i];
		char *val = NULL;
		size_t len = 12345;
		enum query_result r = query_get(c->qs, c->name, &a, &val, &len);

		if (r != c->want)
			fail_msg("query_get(\"%s\", \"%s\") = %s, want %s", c->qs, c->name,
			    result_names[r], result_names[c->want]);
		if (r != QUERY_FOUND)
			continue;
		assert_non_null(val);
		if (len != strlen(c->val) || memcmp(val, c->val, len + 1) != 0)
			fail_msg("query_get(\"%s\", \"%s\") = \"%s\" (%zu bytes), want \"%s\"",
			    c->qs, c->name, val, len, c->val);
	}
	arena_free(&a);
}

static void
test_null_query_string(void **state)
{
	struct arena a;
	char *val = NULL;
	size_t len = 0;

	arena_init(&a);
	assert_int_equal(query_get(NULL, "a", &a, &val, &len), QUERY_ABSENT);
	assert_null(val);
	arena_free(&a);
}

/* The value is a copy in the arena: the query string is not modified and not referenced. */
static void
test_value_is_arena_copy(void **state)
{
	char qs[] = "a=x%20y&b=2";
	struct arena a;
	char *val = NULL;
	size_t len = 0;

	arena_init(&a);
	assert_int_equal(query_get(qs, "a", &a, &val, &len), QUERY_FOUND);
	assert_string_equal(qs, "a=x%20y&b=2");
	memset(qs, 'Z', sizeof(qs) - 1);
	assert_int_equal(len, 3);
	assert_string_equal(val, "x y");
	arena_free(&a);
}

/* A long value, decoded in full. */
static void
test_long_value(void **state)
{
	enum { N = 3000 };
	static char qs[2 + 3 * N + 1], want[N + 1];
	struct arena a;
	char *val = NULL;
	size_t i, len = 0;

	memcpy(qs, "v=", 2);
	for (i = 0; i < N; i++) {
		memcpy(qs + 2 + 3 * i, "%41", 3);
		want[i] = 'A';
	}
	arena_init(&a);
	assert_int_equal(query_get(qs, "v", &a, &val, &len), QUERY_FOUND);
	assert_int_equal(len, N);
	assert_string_equal(val, want);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query_table),
		cmocka_unit_test(test_null_query_string),
		cmocka_unit_test(test_value_is_arena_copy),
		cmocka_unit_test(test_long_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
