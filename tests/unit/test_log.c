/* test_log.c -- unit tests for log_escape: a client's bytes never break a log line (core/log). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/compat.h"
#include "core/log.h"

struct escape_case {
	const char *in;
	size_t n;
	size_t cap;
	const char *want;
};

#define S(lit) lit, sizeof(lit) - 1

static const struct escape_case cases[] = {
	{ S("GET /clients/x"), 64, "GET /clients/x" },
	{ S("/a\nforged line"), 64, "/a\\x0aforged line" },
	{ S("\r\n\t\x1b[31m"), 64, "\\x0d\\x0a\\x09\\x1b[31m" },
	{ S("a\\x0a"), 64, "a\\\\x0a" }, /* a literal backslash cannot fake an escape */
	{ S("del\x7f"), 64, "del\\x7f" },
	{ S("nul\0after"), 64, "nul\\x00after" },
	{ S("utf-8 \xd0\xbf\xd1\x80\xd0\xb8"), 64, "utf-8 \xd0\xbf\xd1\x80\xd0\xb8" },
	/* cut at a whole character: never half an escape */
	{ S("ab\ncd"), 5, "ab" },
	{ S("ab\ncd"), 7, "ab\\x0a" },
	{ S("abcdef"), 4, "abc" },
	{ S("x"), 1, "" },
};

static void
test_escape_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		char out[64];
		size_t n = log_escape(out, cases[i].cap, cases[i].in, cases[i].n);

		if (strcmp(out, cases[i].want) != 0 || n != strlen(cases[i].want))
			fail_msg(
			    "case %zu: got \"%s\" (%zu), want \"%s\"", i, out, n, cases[i].want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
