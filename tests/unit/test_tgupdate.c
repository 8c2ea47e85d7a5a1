/*
 * test_tgupdate.c -- unit tests for core/tgupdate: the Bot API's envelopes, getUpdates
 * results, command lines and our buttons' data.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/compat.h"
#include "core/tgupdate.h"

static void
parse_updates(const char *text, struct tg_update *out, size_t max, size_t *n, int want)
{
	struct tg_envelope env;
	struct json_object *result = NULL;

	assert_int_equal(tg_envelope_parse(text, strlen(text), &env, &result), 0);
	assert_true(env.ok);
	assert_int_equal(tg_updates_read(result, out, max, n), want);
	json_object_put(result);
}

static void
test_updates(void **state)
{
	/* A chat id beyond 32 bits (supergroups are -100...), a button, an edit, a photo. */
	static const char text[] =
	    "{\"ok\":true,\"result\":["
	    "{\"update_id\":900000001,\"message\":{\"message_id\":5,\"chat\":{\"id\":"
	    "-1001234567890123,\"type\":\"supergroup\"},\"text\":\"/start ABC\"}},"
	    "{\"update_id\":900000002,\"callback_query\":{\"id\":\"4382\",\"data\":\"p:2\","
	    "\"message\":{\"message_id\":77,\"chat\":{\"id\":42}}}},"
	    "{\"update_id\":900000003,\"edited_message\":{\"text\":\"x\"}},"
	    "{\"update_id\":900000004,\"message\":{\"chat\":{\"id\":1},\"photo\":[]}}]}";
	struct tg_update u[8];
	size_t n;

	(void)state;
	parse_updates(text, u, NELEM(u), &n, 0);
	assert_int_equal(n, 4);
	assert_int_equal(u[0].update_id, 900000001);
	assert_int_equal(u[0].kind, TG_MESSAGE);
	assert_true(u[0].chat_id == -1001234567890123LL);
	assert_string_equal(u[0].text, "/start ABC");
	assert_int_equal(u[1].kind, TG_CALLBACK);
	assert_int_equal(u[1].chat_id, 42);
	assert_int_equal(u[1].message_id, 77);
	assert_string_equal(u[1].callback_id, "4382");
	assert_string_equal(u[1].data, "p:2");
	assert_int_equal(u[2].kind, TG_OTHER);
	assert_int_equal(u[3].kind, TG_OTHER);
	assert_int_equal(u[3].update_id, 900000004);
}

static void
test_updates_limits(void **state)
{
	char text[2048];
	struct tg_update u[2];
	size_t n, i;

	(void)state;
	/* More updates than room: the first ones only. */
	parse_updates("{\"ok\":true,\"result\":[{\"update_id\":1},{\"update_id\":2},"
	              "{\"update_id\":3}]}",
	    u, 2, &n, 0);
	assert_int_equal(n, 2);
	assert_int_equal(u[1].update_id, 2);
	/* A long text is cut, never overflowing. */
	strcpy(text,
	    "{\"ok\":true,\"result\":[{\"update_id\":1,\"message\":{\"chat\":{\"id\":7},"
	    "\"text\":\"");
	for (i = 0; i < 600; i++)
		strcat(text, "a");
	strcat(text, "\"}}]}");
	parse_updates(text, u, 2, &n, 0);
	assert_int_equal(n, 1);
	assert_int_equal(strlen(u[0].text), TG_TEXT_MAX);
	/* Not updates at all. */
	parse_updates("{\"ok\":true,\"result\":{}}", u, 2, &n, -1);
	parse_updates("{\"ok\":true,\"result\":[{\"update_id\":\"1\"}]}", u, 2, &n, -1);
	parse_updates("{\"ok\":true,\"result\":[{\"update_id\":-5}]}", u, 2, &n, -1);
	parse_updates("{\"ok\":true,\"result\":[1]}", u, 2, &n, -1);
	/* A text with a NUL inside is not a command. */
	parse_updates("{\"ok\":true,\"result\":[{\"update_id\":1,\"message\":{\"chat\":{\"id\":7},"
	              "\"text\":\"/start\\u0000x\"}}]}",
	    u, 2, &n, 0);
	assert_int_equal(u[0].kind, TG_OTHER);
}

static void
test_envelope(void **state)
{
	static const struct {
		const char *text;
		int rc;
		bool ok;
		long code, retry_after;
		const char *description;
	} cases[] = {
		{ "{\"ok\":true,\"result\":true}", 0, true, 0, -1, "" },
		{ "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry "
		  "after "
		  "3\",\"parameters\":{\"retry_after\":3}}",
		    0, false, 429, 3, "Too Many Requests: retry after 3" },
		{ "{\"ok\":false,\"error_code\":409,\"description\":\"Conflict: terminated by "
		  "other "
		  "getUpdates request\"}",
		    0, false, 409, -1, "Conflict: terminated by other getUpdates request" },
		{ "{\"ok\":false,\"error_code\":429,\"parameters\":{\"retry_after\":-1}}", 0, false,
		    429, -1, "" },
		{ "<html>Bad Gateway</html>", -1, false, 0, -1, "" },
		{ "{\"ok\":\"yes\"}", -1, false, 0, -1, "" },
		{ "[]", -1, false, 0, -1, "" },
		{ "", -1, false, 0, -1, "" },
	};
	struct tg_envelope env;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		assert_int_equal(
		    tg_envelope_parse(cases[i].text, strlen(cases[i].text), &env, NULL),
		    cases[i].rc);
		if (cases[i].rc != 0)
			continue;
		assert_int_equal(env.ok, cases[i].ok);
		assert_int_equal(env.error_code, cases[i].code);
		assert_int_equal(env.retry_after_s, cases[i].retry_after);
		assert_string_equal(env.description, cases[i].description);
	}
}

static void
test_command(void **state)
{
	static const struct {
		const char *text, *cmd, *arg; /* cmd NULL: not a command */
	} cases[] = {
		{ "/start ABCD", "start", "ABCD" },
		{ "/start", "start", "" },
		{ "/START@billboard_bot  abcd ", "start", "abcd " },
		{ "/campaign\n3", "campaign", "3" },
		{ "/help@bot", "help", "" },
		{ "/starts", "starts", "" },
		{ "/st-art", NULL, NULL },
		{ "hello", NULL, NULL },
		{ "/", NULL, NULL },
		{ "", NULL, NULL },
		{ " /help", NULL, NULL },
	};
	char cmd[16];
	const char *arg;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		bool is = tg_command(cases[i].text, cmd, sizeof(cmd), &arg);

		assert_int_equal(is, cases[i].cmd != NULL);
		if (!is)
			continue;
		assert_string_equal(cmd, cases[i].cmd);
		assert_string_equal(arg, cases[i].arg);
	}
	/* A name longer than the buffer is cut and then refused, never overflowing it. */
	assert_false(tg_command("/campaignsandmore", cmd, 8, &arg));
}

static void
test_buttons(void **state)
{
	struct uuid_str id;
	int64_t page = 0;

	(void)state;
	assert_int_equal(tg_button_parse("p:3", &page, &id), TG_BUTTON_PAGE);
	assert_int_equal(page, 3);
	assert_int_equal(tg_button_parse("c:0b8e4c1a-7f52-4c39-9d3e-2a51f0e0c001", &page, &id),
	    TG_BUTTON_CAMPAIGN);
	assert_string_equal(id.s, "0b8e4c1a-7f52-4c39-9d3e-2a51f0e0c001");
	assert_int_equal(tg_button_parse("p:0", &page, &id), TG_BUTTON_NONE);
	assert_int_equal(tg_button_parse("p:-1", &page, &id), TG_BUTTON_NONE);
	assert_int_equal(tg_button_parse("p:1234567890", &page, &id), TG_BUTTON_NONE);
	assert_int_equal(tg_button_parse("c:nope", &page, &id), TG_BUTTON_NONE);
	assert_int_equal(tg_button_parse("x:1", &page, &id), TG_BUTTON_NONE);
	assert_int_equal(tg_button_parse("", &page, &id), TG_BUTTON_NONE);
	assert_int_equal(tg_number("12"), 12);
	assert_int_equal(tg_number(""), -1);
	assert_int_equal(tg_number("1x"), -1);
	assert_int_equal(tg_number("0"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_updates),
		cmocka_unit_test(test_updates_limits),
		cmocka_unit_test(test_envelope),
		cmocka_unit_test(test_command),
		cmocka_unit_test(test_buttons),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
