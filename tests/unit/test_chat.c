/* test_chat.c -- unit tests for core/chat: reading chat-completions answers and quota errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/chat.h"

static const char *const good =
    "{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
    "\"content\":\"Fresh bread. Order now!\"}},{\"message\":{\"content\":\"second\"}}]}";

static void
test_content_ok(void **state)
{
	struct buf b;
	char err[128];

	(void)state;
	buf_init(&b);
	assert_int_equal(chat_content(good, strlen(good), &b, err, sizeof(err)), 0);
	assert_string_equal(b.data, "Fresh bread. Order now!");
	buf_free(&b);
}

static void
test_content_rejects(void **state)
{
	static const struct {
		const char *body;
		const char *err; /* a piece of the reason */
	} cases[] = {
		{ "", "not JSON" },
		{ "{\"choices\":[", "not JSON" },
		{ "<html>busy</html>", "not JSON" },
		{ "[]", "not a chat completion" },
		{ "{}", "not a chat completion" },
		{ "{\"choices\":[]}", "not a chat completion" },
		{ "{\"choices\":{}}", "not a chat completion" },
		{ "{\"choices\":[{\"text\":\"legacy\"}]}", "not a chat completion" },
		{ "{\"choices\":[{\"message\":{}}]}", "not a chat completion" },
		{ "{\"choices\":[{\"message\":{\"content\":null}}]}", "not a chat completion" },
		{ "{\"choices\":[{\"message\":{\"content\":42}}]}", "not a chat completion" },
		{ "{\"choices\":[{\"message\":{\"content\":\"ok\"}}]} trailing", "not JSON" },
	};
	struct buf b;
	char err[128];
	size_t i;

	(void)state;
	buf_init(&b);
	for (i = 0; i < NELEM(cases); i++) {
		buf_reset(&b);
		err[0] = '\0';
		assert_int_equal(
		    chat_content(cases[i].body, strlen(cases[i].body), &b, err, sizeof(err)), -1);
		assert_non_null(strstr(err, cases[i].err));
		assert_int_equal(b.len, 0);
	}
	buf_free(&b);
}

static void
test_quota(void **state)
{
	static const struct {
		const char *body;
		bool want;
	} cases[] = {
		{ "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":"
		  "\"insufficient_quota\",\"code\":\"insufficient_quota\"}}",
		    true },
		{ "{\"error\":{\"type\":\"insufficient_quota\"}}", true },
		{ "{\"error\":{\"code\":\"rate_limit_exceeded\"}}", false },
		{ "{\"error\":\"insufficient_quota\"}", false },
		{ "insufficient_quota", false },
		{ "", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++)
		assert_int_equal(
		    chat_quota_exhausted(cases[i].body, strlen(cases[i].body)), cases[i].want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_content_ok),
		cmocka_unit_test(test_content_rejects),
		cmocka_unit_test(test_quota),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
