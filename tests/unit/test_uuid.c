/* test_uuid.c -- unit tests for canonical UUID parsing and v4 generation (core/uuid). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/uuid.h"

struct parse_case {
	const char *in;
	const char *want; /* lower-case form, or NULL when the input must be rejected */
};

static const struct parse_case parse_cases[] = {
	/* accepted, normalised to lower case */
	{ "123e4567-e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456-426614174000" },
	{ "00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000" },
	{ "ffffffff-ffff-ffff-ffff-ffffffffffff", "ffffffff-ffff-ffff-ffff-ffffffffffff" },
	{ "ABCDEF01-2345-6789-ABCD-EF0123456789", "abcdef01-2345-6789-abcd-ef0123456789" },
	{ "aBcDeF01-23a5-6B89-AbCd-eF0123456789", "abcdef01-23a5-6b89-abcd-ef0123456789" },
	/* wrong length */
	{ "", NULL },
	{ "123e4567-e89b-12d3-a456-42661417400", NULL },
	{ "123e4567-e89b-12d3-a456-4266141740000", NULL },
	{ "123e4567-e89b-12d3-a456-426614174000 ", NULL },
	{ " 123e4567-e89b-12d3-a456-426614174000", NULL },
	/* dashes missing or misplaced */
	{ "123e4567e89b12d3a456426614174000", NULL },
	{ "123e4567e89b-12d3-a456-4266141740000", NULL },
	{ "123e456-7e89b-12d3-a456-426614174000", NULL },
	{ "123e4567-e89b1-2d3-a456-426614174000", NULL },
	{ "123e4567-e89b-12d3a-456-426614174000", NULL },
	{ "123e4567-e89b-12d3-a4564-26614174000", NULL },
	{ "123e4567-e89b-12d3-a456_426614174000", NULL },
	{ "-23e4567-e89b-12d3-a456-426614174000", NULL },
	{ "123e4567-e89b-12d3-a456-42661417400-", NULL },
	/* characters that are not hex digits */
	{ "123e4567-e89b-12d3-a456-42661417400g", NULL },
	{ "g23e4567-e89b-12d3-a456-426614174000", NULL },
	{ "123e4567-e89b-12d3-a456-42661417400G", NULL },
	{ "123e4567-e89b-12d3-a456-4266141 4000", NULL },
	{ "123e4567-e89b-12d3-a456-42661417400:", NULL },
	{ "123e4567-e89b-12d3-a456-42661417400@", NULL },
	{ "123e4567-e89b-12d3-a456-42661417400`", NULL },
	{ "123e4567-e89b-+2d3-a456-426614174000", NULL },
	{ "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", NULL },
	{ "------------------------------------", NULL },
	/* other spellings of a UUID */
	{ "{123e4567-e89b-12d3-a456-426614174000}", NULL },
	{ "{23e4567-e89b-12d3-a456-42661417400}", NULL },
	{ "urn:uuid:123e4567-e89b-12d3-a456-426614174000", NULL },
};

static void
test_parse_table(void **state)
{
	size_t i;

	for (i = 0; i < NELEM(parse_cases); i++) {
		const struct parse_case *c = &parse_cases[i];
		struct uuid_str out;
		bool ok;

		memset(&out, 'X', sizeof(out));
		ok = uuid_parse(c->in, strlen(c->in), &out);
		if (ok != (c->want != NULL))
			fail_msg("uuid_parse(\"%s\") returned %d", c->in, ok);
		if (c->want != NULL)
			assert_string_equal(out.s, c->want);
	}
}

static void
test_parse_null(void **state)
{
	struct uuid_str out;

	assert_false(uuid_parse(NULL, 0, &out));
	assert_false(uuid_parse(NULL, UUID_STR_LEN, &out));
}

/* The length argument is what counts, not a terminating NUL. */
static void
test_parse_uses_len(void **state)
{
	static const char longer[] = "123e4567-e89b-12d3-a456-426614174000trailing";
	struct uuid_str out;

	assert_true(uuid_parse(longer, UUID_STR_LEN, &out));
	assert_string_equal(out.s, "123e4567-e89b-12d3-a456-426614174000");
	assert_false(uuid_parse(longer, strlen(longer), &out));
	assert_false(uuid_parse(longer, UUID_STR_LEN - 1, &out));
}

static void
test_parse_embedded_nul(void **state)
{
	static const char in[] = "123e4567-e89b-12d3-a456-42661417\000000"; /* NUL, then 000 */
	struct uuid_str out;

	assert_int_equal(sizeof(in) - 1, UUID_STR_LEN);
	assert_false(uuid_parse(in, sizeof(in) - 1, &out));
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static void
test_generate_format(void **state)
{
	int round;

	/* Random bits: check many so that every variant nibble value is likely seen. */
	for (round = 0; round < 256; round++) {
		struct uuid_str u, again;
		size_t i;
		int variant;

		memset(&u, 'X', sizeof(u));
		assert_int_equal(uuid_generate(&u), 0);
		assert_int_equal(strlen(u.s), UUID_STR_LEN);
		for (i = 0; i < UUID_STR_LEN; i++) {
			if (i == 8 || i == 13 || i == 18 || i == 23)
				assert_int_equal(u.s[i], '-');
			else
				assert_true(hexval(u.s[i]) >= 0); /* lower-case hex only */
		}
		/* xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx with V in 8, 9, a, b */
		assert_int_equal(u.s[14], '4');
		variant = hexval(u.s[19]);
		assert_int_equal(variant & 0xc, 0x8);
		/* What we generate, we accept unchanged. */
		assert_true(uuid_parse(u.s, UUID_STR_LEN, &again));
		assert_string_equal(again.s, u.s);
	}
}

static void
test_generate_differs(void **state)
{
	struct uuid_str a, b, c;

	assert_int_equal(uuid_generate(&a), 0);
	assert_int_equal(uuid_generate(&b), 0);
	assert_int_equal(uuid_generate(&c), 0);
	assert_string_not_equal(a.s, b.s);
	assert_string_not_equal(b.s, c.s);
	assert_string_not_equal(a.s, c.s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_parse_null),
		cmocka_unit_test(test_parse_uses_len),
		cmocka_unit_test(test_parse_embedded_nul),
		cmocka_unit_test(test_generate_format),
		cmocka_unit_test(test_generate_differs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
