/* test_money.c -- unit tests for exact decimal money parsing and formatting (core/money). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/money.h"

#define MAX MONEY_MAX_MICROS

struct parse_case {
	const char *in;
	enum money_parse_result want;
	int64_t micros; /* expected when want is MONEY_OK */
};

static const char *const result_names[] = { "OK", "SYNTAX", "NEGATIVE", "RANGE" };

/* Long inputs are shown by their length, first and last bytes. */
static void
check_parse(const char *in, size_t n, enum money_parse_result want, int64_t micros)
{
	int64_t got = -12345;
	enum money_parse_result r = money_parse(in, n, &got);
	int head = n > 60 ? 40 : (int)n;
	const char *tail = n > 60 ? in + n - 12 : "";

	if (r != want)
		fail_msg("money_parse(\"%.*s%s%s\", %zu) = %s, want %s", head, in,
		    n > 60 ? "..." : "", tail, n, result_names[r], result_names[want]);
	if (want == MONEY_OK && got != micros)
		fail_msg("money_parse(\"%.*s%s%s\", %zu) = %lld micros, want %lld", head, in,
		    n > 60 ? "..." : "", tail, n, (long long)got, (long long)micros);
}

static const struct parse_case ok_cases[] = {
	{ "0", MONEY_OK, 0 },
	{ "-0", MONEY_OK, 0 },
	{ "0.0", MONEY_OK, 0 },
	{ "-0.0", MONEY_OK, 0 },
	{ "0e5", MONEY_OK, 0 },
	{ "0.000e-9", MONEY_OK, 0 },
	{ "1", MONEY_OK, 1000000 },
	{ "12", MONEY_OK, 12000000 },
	{ "0.1", MONEY_OK, 100000 },
	{ "0.30000000000000004", MONEY_OK, 300000 },
	{ "1.5", MONEY_OK, 1500000 },
	{ "123.456789", MONEY_OK, 123456789 },
	{ "0.000001", MONEY_OK, 1 },
	{ "1.50", MONEY_OK, 1500000 },
	{ "1e-1", MONEY_OK, 100000 },
	{ "1E+2", MONEY_OK, 100000000 },
	{ "1e2", MONEY_OK, 100000000 },
	{ "1e0", MONEY_OK, 1000000 },
	{ "1e+0", MONEY_OK, 1000000 },
	{ "1e-0", MONEY_OK, 1000000 },
	{ "1.5e2", MONEY_OK, 150000000 },
	{ "1.5E-3", MONEY_OK, 1500 },
	{ "100e-2", MONEY_OK, 1000000 },
	{ "0.00001e5", MONEY_OK, 1000000 },
	{ "1e-6", MONEY_OK, 1 },
	/* exponent digits: leading zeros do not trip the clamp */
	{ "1e0000000000000000000002", MONEY_OK, 100000000 },
	/* leading zeros in the integer part are accepted (JSON forbids them; json-c rejects them
	 * before money_parse sees the text) */
	{ "01", MONEY_OK, 1000000 },
	{ "007.50", MONEY_OK, 7500000 },
	{ "-00", MONEY_OK, 0 },
};

/* Past the sixth decimal: half up. */
static const struct parse_case round_cases[] = {
	{ "0.0000005", MONEY_OK, 1 },
	{ "0.00000049", MONEY_OK, 0 },
	{ "0.00000049999999", MONEY_OK, 0 },
	{ "0.00000050000000", MONEY_OK, 1 },
	{ "0.0000001", MONEY_OK, 0 },
	{ "0.00000005", MONEY_OK, 0 },
	{ "0.00000095", MONEY_OK, 1 },
	{ "0.0000015", MONEY_OK, 2 },
	{ "0.0000014999", MONEY_OK, 1 },
	{ "2.5000005", MONEY_OK, 2500001 },
	{ "2.5000004", MONEY_OK, 2500000 },
	{ "0.9999995", MONEY_OK, 1000000 },
	{ "0.99999949", MONEY_OK, 999999 },
	{ "9.9999999", MONEY_OK, 10000000 },
	{ "5e-7", MONEY_OK, 1 },
	{ "4.9e-7", MONEY_OK, 0 },
	{ "1e-7", MONEY_OK, 0 },
	{ "1e-400", MONEY_OK, 0 },
	{ "15e-7", MONEY_OK, 2 },
	{ "0.12345649", MONEY_OK, 123456 },
	{ "0.1234565", MONEY_OK, 123457 },
};

/* MONEY_MAX_MICROS is 10^12 whole units; exactly it is fine, one micro more is not. */
static const struct parse_case bound_cases[] = {
	{ "1000000000000", MONEY_OK, MAX },
	{ "1e12", MONEY_OK, MAX },
	{ "1000000000000.0", MONEY_OK, MAX },
	{ "1000000000000.000000", MONEY_OK, MAX },
	{ "1000000000000.0000004", MONEY_OK, MAX },
	{ "0.000001e18", MONEY_OK, MAX },
	{ "999999999999.999999", MONEY_OK, MAX - 1 },
	{ "999999999999.9999995", MONEY_OK, MAX },
	{ "999999999999.99999949", MONEY_OK, MAX - 1 },
	{ "1000000000000.000001", MONEY_RANGE, 0 },
	{ "1000000000000.0000005", MONEY_RANGE, 0 },
	{ "1000000000001", MONEY_RANGE, 0 },
	{ "1.000000000001e12", MONEY_RANGE, 0 },
	{ "1e13", MONEY_RANGE, 0 },
	{ "0.1e14", MONEY_RANGE, 0 },
	{ "9223372036854", MONEY_RANGE, 0 },
	{ "9223372036854775807", MONEY_RANGE, 0 },
	{ "9223372036854775808", MONEY_RANGE, 0 },
	{ "18446744073709551616", MONEY_RANGE, 0 },
	{ "99999999999999999999999999999", MONEY_RANGE, 0 },
	{ "1e400", MONEY_RANGE, 0 },
	{ "1E400", MONEY_RANGE, 0 },
	{ "1e99999999999999999999", MONEY_RANGE, 0 },
	{ "0.5e99999999999999999999", MONEY_RANGE, 0 },
};

/* Below zero is refused before anything else, even when it would round to zero. */
static const struct parse_case negative_cases[] = {
	{ "-1", MONEY_NEGATIVE, 0 },
	{ "-0.000001", MONEY_NEGATIVE, 0 },
	{ "-0.0000001", MONEY_NEGATIVE, 0 },
	{ "-1e-400", MONEY_NEGATIVE, 0 },
	{ "-1e400", MONEY_NEGATIVE, 0 },
	{ "-99999999999999999999999", MONEY_NEGATIVE, 0 },
	{ "-0.30000000000000004", MONEY_NEGATIVE, 0 },
	/* found by tests/fuzz/fuzz_money.c: strtod gives -0, the amount is still below zero */
	{ "-001.30400500000e-00900000414", MONEY_NEGATIVE, 0 },
};

static const struct parse_case syntax_cases[] = {
	{ "", MONEY_SYNTAX, 0 },
	{ "-", MONEY_SYNTAX, 0 },
	{ ".5", MONEY_SYNTAX, 0 },
	{ "-.5", MONEY_SYNTAX, 0 },
	{ "1.", MONEY_SYNTAX, 0 },
	{ "1.e5", MONEY_SYNTAX, 0 },
	{ "1e", MONEY_SYNTAX, 0 },
	{ "1e+", MONEY_SYNTAX, 0 },
	{ "1E-", MONEY_SYNTAX, 0 },
	{ "1e+-1", MONEY_SYNTAX, 0 },
	{ "e5", MONEY_SYNTAX, 0 },
	{ "abc", MONEY_SYNTAX, 0 },
	{ "1.2.3", MONEY_SYNTAX, 0 },
	{ "+1", MONEY_SYNTAX, 0 },
	{ "--1", MONEY_SYNTAX, 0 },
	{ "1-", MONEY_SYNTAX, 0 },
	{ " 1", MONEY_SYNTAX, 0 },
	{ "1 ", MONEY_SYNTAX, 0 },
	{ "1,5", MONEY_SYNTAX, 0 },
	{ "0x10", MONEY_SYNTAX, 0 },
	{ "1e5.5", MONEY_SYNTAX, 0 },
	{ "Infinity", MONEY_SYNTAX, 0 },
	{ "NaN", MONEY_SYNTAX, 0 },
	{ "\"1\"", MONEY_SYNTAX, 0 },
	{ "1\xd9\xa1", MONEY_SYNTAX, 0 },
};

static void
run_table(const struct parse_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		check_parse(cases[i].in, strlen(cases[i].in), cases[i].want, cases[i].micros);
}

static void
test_parse_ok(void **state)
{
	run_table(ok_cases, NELEM(ok_cases));
}

static void
test_parse_leading_zero_01_is_accepted_as_1(void **state)
{
	check_parse("01", 2, MONEY_OK, 1000000);
}

static void
test_parse_rounding(void **state)
{
	run_table(round_cases, NELEM(round_cases));
}

static void
test_parse_bounds(void **state)
{
	run_table(bound_cases, NELEM(bound_cases));
}

static void
test_parse_negative(void **state)
{
	run_table(negative_cases, NELEM(negative_cases));
}

static void
test_parse_syntax(void **state)
{
	run_table(syntax_cases, NELEM(syntax_cases));
}

/* Only n bytes are read; s[n] need not be a NUL. */
static void
test_parse_uses_len(void **state)
{
	check_parse("12abc", 2, MONEY_OK, 12000000);
	check_parse("1.5", 1, MONEY_OK, 1000000);
	check_parse("1.5", 2, MONEY_SYNTAX, 0);
	check_parse("1e5", 2, MONEY_SYNTAX, 0);
	check_parse("-1", 1, MONEY_SYNTAX, 0);
	check_parse("7\0005", 3, MONEY_SYNTAX, 0); /* 7, NUL, 5 */
}

/* The result is left alone when parsing fails. */
static void
test_parse_failure_keeps_output(void **state)
{
	int64_t got = 42;

	assert_int_equal(money_parse("abc", 3, &got), MONEY_SYNTAX);
	assert_int_equal(got, 42);
	assert_int_equal(money_parse("-1", 2, &got), MONEY_NEGATIVE);
	assert_int_equal(got, 42);
	assert_int_equal(money_parse("1e13", 4, &got), MONEY_RANGE);
	assert_int_equal(got, 42);
}

/* Builds prefix, then `count` copies of fill, then suffix, in a malloc'ed string. */
static char *
build(const char *prefix, char fill, size_t count, const char *suffix, size_t *len)
{
	size_t pl = strlen(prefix), sl = strlen(suffix);
	char *s = malloc(pl + count + sl + 1);

	assert_non_null(s);
	memcpy(s, prefix, pl);
	memset(s + pl, fill, count);
	memcpy(s + pl + count, suffix, sl + 1);
	*len = pl + count + sl;
	return s;
}

/* Many digits: the value, not the text's length, decides. */
static void
test_parse_long_digit_strings(void **state)
{
	size_t len;
	char *s;

	s = build("", '9', 400, "", &len);
	check_parse(s, len, MONEY_RANGE, 0);
	free(s);

	s = build("0.", '0', 5, "1", &len);
	check_parse(s, len, MONEY_OK, 1);
	free(s);

	s = build("0.", '0', 400, "1", &len);
	check_parse(s, len, MONEY_OK, 0);
	free(s);

	s = build("1.", '0', 10000, "", &len);
	check_parse(s, len, MONEY_OK, 1000000);
	free(s);

	s = build("0.999999", '9', 1000, "", &len);
	check_parse(s, len, MONEY_OK, 1000000);
	free(s);

	s = build("", '0', 10000, "3.5", &len);
	check_parse(s, len, MONEY_OK, 3500000);
	free(s);

	/* 1 followed by 400 zeros, times 10^-394: 10^6 units */
	s = build("1", '0', 400, "e-394", &len);
	check_parse(s, len, MONEY_OK, 1000000 * MONEY_SCALE);
	free(s);

	/* 10^-400 times 10^400: 1 */
	s = build("0.", '0', 399, "1e400", &len);
	check_parse(s, len, MONEY_OK, 1000000);
	free(s);
}

/*
 * The exponent is clamped (EXP_CLAMP), which is only harmless while the number of digits is
 * small next to the clamp. 0.<100000 zeros>1e1000000 is 10^899999: over the range.
 */
static void
test_parse_long_fraction_huge_exponent_is_range(void **state)
{
	size_t len;
	char *s = build("0.", '0', 100000, "1e1000000", &len);
	int64_t micros = -1;
	enum money_parse_result r = money_parse(s, len, &micros);

	free(s);
	if (r != MONEY_RANGE)
		fail_msg("0.<100000 zeros>1e1000000: %s (%lld micros), want RANGE", result_names[r],
		    (long long)micros);
}

/* 1<200000 zeros>e-1000000 is 10^-800000: rounds to zero. */
static void
test_parse_long_integer_huge_negative_exponent_is_zero(void **state)
{
	size_t len;
	char *s = build("1", '0', 200000, "e-1000000", &len);
	int64_t micros = -1;
	enum money_parse_result r = money_parse(s, len, &micros);

	free(s);
	if (r != MONEY_OK || micros != 0)
		fail_msg("1<200000 zeros>e-1000000: %s (%lld micros), want OK (0 micros)",
		    result_names[r], (long long)micros);
}

struct format_case {
	int64_t micros;
	const char *want;
};

static const struct format_case format_cases[] = {
	{ 0, "0" },
	{ 1, "0.000001" },
	{ 10, "0.00001" },
	{ 1010, "0.00101" },
	{ 100000, "0.1" },
	{ 300000, "0.3" },
	{ 1000000, "1" },
	{ 1500000, "1.5" },
	{ 12000000, "12" },
	{ 120000000, "120" },
	{ 123456789, "123.456789" },
	{ 100000000000LL, "100000" },
	{ MAX - 1, "999999999999.999999" },
	{ MAX, "1000000000000" },
	{ INT64_MAX, "9223372036854.775807" },
	{ -1, "-0.000001" },
	{ -100000, "-0.1" },
	{ -1000000, "-1" },
	{ -1500000, "-1.5" },
	{ -123456789, "-123.456789" },
	{ INT64_MIN, "-9223372036854.775808" },
};

static void
test_format_table(void **state)
{
	size_t i;

	for (i = 0; i < NELEM(format_cases); i++) {
		char out[MONEY_STR_MAX];

		memset(out, 'X', sizeof(out));
		money_format(format_cases[i].micros, out);
		if (strcmp(out, format_cases[i].want) != 0)
			fail_msg("money_format(%lld) = \"%s\", want \"%s\"",
			    (long long)format_cases[i].micros, out, format_cases[i].want);
	}
}

/* Whatever money_format writes for an amount in range, money_parse reads back exactly. */
static void
test_format_parse_round_trip(void **state)
{
	static const int64_t values[] = { 0, 1, 9, 10, 99, 100001, 999999, 1000000, 1000001,
		1234567, 50000000, 987654321012LL, MAX - 1, MAX };
	size_t i;

	for (i = 0; i < NELEM(values); i++) {
		char out[MONEY_STR_MAX];

		money_format(values[i], out);
		check_parse(out, strlen(out), MONEY_OK, values[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_leading_zero_01_is_accepted_as_1),
		cmocka_unit_test(test_parse_rounding),
		cmocka_unit_test(test_parse_bounds),
		cmocka_unit_test(test_parse_negative),
		cmocka_unit_test(test_parse_syntax),
		cmocka_unit_test(test_parse_uses_len),
		cmocka_unit_test(test_parse_failure_keeps_output),
		cmocka_unit_test(test_parse_long_digit_strings),
		cmocka_unit_test(test_parse_long_fraction_huge_exponent_is_range),
		cmocka_unit_test(test_parse_long_integer_huge_negative_exponent_is_zero),
		cmocka_unit_test(test_format_table),
		cmocka_unit_test(test_format_parse_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
