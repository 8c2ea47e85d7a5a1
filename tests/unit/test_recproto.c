/* test_recproto.c -- unit tests for the recorder's wire format (core/recproto). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/compat.h"
#include "core/recproto.h"

#define CAMPAIGN "0a1b2c3d-0000-4000-8000-00000000000a"
#define CLIENT "ffffffff-0000-4000-9000-00000000000b"

static void
test_request_round_trip(void **state)
{
	struct uuid_str campaign, client, c2, k2;
	char req[RECPROTO_REQUEST_LEN];

	(void)state;
	assert_true(uuid_parse(CAMPAIGN, UUID_STR_LEN, &campaign));
	assert_true(uuid_parse(CLIENT, UUID_STR_LEN, &client));
	recproto_request(req, &campaign, &client);
	assert_memory_equal(req, CAMPAIGN " " CLIENT "\n", RECPROTO_REQUEST_LEN);
	assert_true(recproto_parse_request(req, &c2, &k2));
	assert_string_equal(c2.s, CAMPAIGN);
	assert_string_equal(k2.s, CLIENT);
}

static void
test_bad_requests(void **state)
{
	static const char *const bad[] = {
		CAMPAIGN "\t" CLIENT "\n",
		CAMPAIGN " " CLIENT " ",
		"0a1b2c3d-0000-4000-8000-00000000000x " CLIENT "\n",
		CAMPAIGN " ffffffff-0000-4000-9000_00000000000b\n",
	};
	struct uuid_str a, b;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		assert_int_equal(strlen(bad[i]), RECPROTO_REQUEST_LEN);
		if (recproto_parse_request(bad[i], &a, &b))
			fail_msg("accepted %s", bad[i]);
	}
}

static void
test_replies(void **state)
{
	static const struct {
		const char *in;
		const char *word; /* NULL: no whole reply yet, or a malformed one */
	} cases[] = {
		{ "ok\n", "ok" },
		{ "no_client\nok\n", "no_client" },
		{ "seen", NULL },
		{ "\n", NULL },
		{ "OK\n", NULL },
		{ "o k\n", NULL },
		{ "abcdefghijklmnopqrstuvwxyz\n", NULL },
	};
	char word[RECPROTO_REPLY_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		bool ok = recproto_parse_reply(cases[i].in, strlen(cases[i].in), word);

		if (ok != (cases[i].word != NULL) || (ok && strcmp(word, cases[i].word) != 0))
			fail_msg("reply %zu: %d %s", i, ok, ok ? word : "");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_round_trip),
		cmocka_unit_test(test_bad_requests),
		cmocka_unit_test(test_replies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
