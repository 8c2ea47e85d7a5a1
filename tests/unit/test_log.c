/*
 * test_log.c -- unit tests for log_escape and log_format: a client's bytes never break a log
 * line, and every line is one JSON object (core/log).
 */
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

struct format_case {
	const char *request_id;
	const char *msg;
	size_t n;
	size_t cap;
	const char *want;
};

#define HEAD "{\"ts\":\"2026-01-02T03:04:05.006Z\",\"pid\":42,\"level\":\"info\""

static const struct format_case format_cases[] = {
	{ NULL, S("worker ready"), 256, HEAD ",\"msg\":\"worker ready\"}" },
	{ "", S("x"), 256, HEAD ",\"msg\":\"x\"}" },
	{ "0123abcd", S("GET /ads -> 503"), 256,
	    HEAD ",\"request_id\":\"0123abcd\",\"msg\":\"GET /ads -> 503\"}" },
	/* quotes and backslashes cannot close the string; control bytes stay log_escape's */
	{ NULL, S("say \"hi\"\\n"), 256, HEAD ",\"msg\":\"say \\\"hi\\\"\\\\\\\\n\"}" },
	{ NULL, S("a\nb"), 256, HEAD ",\"msg\":\"a\\\\x0ab\"}" },
	{ "id\"}", S("m"), 256, HEAD ",\"request_id\":\"id\\\"}\",\"msg\":\"m\"}" },
	/* UTF-8 kept, a byte outside it written as text */
	{ NULL, S("\xd0\xbf \xff"), 256, HEAD ",\"msg\":\"\xd0\xbf \\\\xff\"}" },
	/* a long message is cut at a whole character, the object still closed */
	{ NULL, S("abcdef"), sizeof(HEAD ",\"msg\":\"abc\"}"), HEAD ",\"msg\":\"abc\"}" },
	{ NULL, S("\xd0\xbf\xd0\xbf"), sizeof(HEAD ",\"msg\":\"\xd0\xbf\x01\"}"),
	    HEAD ",\"msg\":\"\xd0\xbf\"}" },
	/* too small for the fixed fields: nothing */
	{ NULL, S("m"), 10, "" },
};

static void
test_format_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(format_cases); i++) {
		const struct format_case *c = &format_cases[i];
		struct log_fields f = { "2026-01-02T03:04:05.006Z", 42, "info", c->request_id,
			c->msg, c->n };
		char out[256];
		size_t n = log_format(out, c->cap, &f);

		if (strcmp(out, c->want) != 0 || n != strlen(c->want))
			fail_msg("case %zu: got '%s' (%zu), want '%s'", i, out, n, c->want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_table),
		cmocka_unit_test(test_format_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
