/* test_cookie.c -- unit tests for reading one cookie from a Cookie header (core/cookie). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/cookie.h"

struct cookie_case {
	const char *header;
	const char *want; /* the value of "bb", or NULL when absent */
};

static const struct cookie_case cases[] = {
	{ "", NULL },
	{ "bb=1", "1" },
	{ "a=2; bb=xyz", "xyz" },
	{ "a=2;bb=xyz;c=3", "xyz" },
	{ "bbb=1; xbb=2", NULL },
	{ "bb", NULL },
	{ "bb=", "" },
	{ "  bb=v  ", "v" },
	{ "bb=first; bb=second", "first" },
	{ ";;; bb=v", "v" },
	{ "a=bb=v", NULL },
};

static void
test_cookie_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *val = NULL;
		size_t len = 0;
		bool found = cookie_get(cases[i].header, "bb", &val, &len);

		if (cases[i].want == NULL) {
			assert_false(found);
			continue;
		}
		assert_true(found);
		assert_int_equal(len, strlen(cases[i].want));
		assert_memory_equal(val, cases[i].want, len);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cookie_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
