/* test_verdict.c -- unit tests for the strict reading of a model's verdict (core/verdict). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/verdict.h"

struct verdict_case {
	const char *answer;
	int want; /* 0 accepted, -1 refused */
	enum classify_category category;
};

static const struct verdict_case cases[] = {
	{ "{\"flagged\": true, \"category\": \"threat\"}", 0, CLASSIFY_THREAT },
	{ "{\"flagged\":false,\"category\":\"none\"}", 0, CLASSIFY_CLEAN },
	{ " {\"category\": \"obscenity\", \"flagged\": true} \n", 0, CLASSIFY_OBSCENE },
	{ "{\"flagged\": true, \"category\": \"discrimination\"}", 0, CLASSIFY_DISCRIMINATION },
	/* refused: not exactly the two fields with their types and a consistent pair */
	{ "", -1, CLASSIFY_CLEAN },
	{ "yes", -1, CLASSIFY_CLEAN },
	{ "```json\n{\"flagged\": true, \"category\": \"threat\"}\n```", -1, CLASSIFY_CLEAN },
	{ "{\"flagged\": \"true\", \"category\": \"threat\"}", -1, CLASSIFY_CLEAN },
	{ "{\"flagged\": 1, \"category\": \"threat\"}", -1, CLASSIFY_CLEAN },
	{ "{\"flagged\": true}", -1, CLASSIFY_CLEAN },
	{ "{\"flagged\": true, \"category\": \"spam\"}", -1, CLASSIFY_CLEAN },
	{ "{\"flagged\": true, \"category\": \"none\"}", -1, CLASSIFY_CLEAN },
	{ "{\"flagged\": false, \"category\": \"threat\"}", -1, CLASSIFY_CLEAN },
	{ "{\"flagged\": true, \"category\": \"threat\", \"why\": \"x\"}", -1, CLASSIFY_CLEAN },
	{ "[{\"flagged\": true, \"category\": \"threat\"}]", -1, CLASSIFY_CLEAN },
	{ "{\"flagged\": true, \"category\": \"threat\"} trailing", -1, CLASSIFY_CLEAN },
};

static void
test_verdicts(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct classify_verdict v;
		int rc = verdict_parse(cases[i].answer, strlen(cases[i].answer), &v);

		assert_int_equal(rc, cases[i].want);
		if (rc == 0)
			assert_int_equal(v.category, cases[i].category);
	}
}

static void
test_long_answer_refused(void **state)
{
	char big[VERDICT_MAX + 64];
	struct classify_verdict v;

	(void)state;
	memset(big, ' ', sizeof(big));
	memcpy(big + sizeof(big) - 40, "{\"flagged\":false,\"category\":\"none\"}", 36);
	assert_int_equal(verdict_parse(big, sizeof(big) - 4, &v), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_long_answer_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
