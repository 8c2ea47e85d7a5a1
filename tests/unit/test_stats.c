/* test_stats.c -- unit tests for conversion arithmetic and the stat objects (core/stats). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/compat.h"
#include "core/stats.h"

/* clicks / impressions x 100 in hundredths, half up; each want worked out by hand. */
static const struct {
	int64_t clicks, impressions, want;
} conversion_cases[] = {
	/* no impressions, no clicks */
	{ 0, 0, 0 },
	{ 5, 0, 0 },
	{ 0, 10, 0 },
	{ 0, INT64_MAX, 0 },
	{ 3, -1, 0 },
	{ -1, 3, 0 },
	/* exact */
	{ 1, 1, 10000 },
	{ 7, 7, 10000 },
	{ 1, 2, 5000 },
	{ 1, 4, 2500 },
	{ 1, 8, 1250 }, /* 12.5% */
	{ 1, 16, 625 }, /* 6.25% */
	{ 1, 10000, 1 }, /* 0.01% */
	{ 5, 2, 25000 }, /* more clicks than impressions: printed as it is */
	/* rounded down */
	{ 1, 3, 3333 }, /* 3333.33 */
	{ 5, 6, 8333 }, /* 8333.33 */
	{ 1, 12, 833 }, /* 833.33 */
	{ 1, 48, 208 }, /* 208.33 */
	{ 1, 96, 104 }, /* 104.17 */
	{ 1, 64, 156 }, /* 156.25 */
	{ 1, 128, 78 }, /* 78.125 */
	{ 1, 20001, 0 }, /* 0.49998 */
	{ 1, 40000, 0 }, /* 0.25 */
	{ 1, 80000, 0 }, /* 0.125 */
	{ 1, 200000, 0 }, /* 0.05 */
	{ 1, 1000000, 0 }, /* 0.01 */
	/* rounded up */
	{ 2, 3, 6667 }, /* 6666.67 */
	{ 1, 6, 1667 }, /* 1666.67 */
	{ 1, 7, 1429 }, /* 1428.57 */
	{ 1, 24, 417 }, /* 416.67 */
	{ 3, 64, 469 }, /* 468.75 */
	{ 1, 19999, 1 }, /* 0.50003 */
	{ 3, 40000, 1 }, /* 0.75 */
	/* exactly half: up */
	{ 1, 32, 313 }, /* 312.5 */
	{ 1, 160, 63 }, /* 62.5 */
	{ 1, 20000, 1 }, /* 0.5 */
	{ 3, 20000, 2 }, /* 1.5 */
	{ 1, 2000000, 0 }, /* 0.005: the half of the next digit does not count */
	{ 199999, 400000, 5000 }, /* 4999.975 */
	{ 99999, 200000, 5000 }, /* 4999.95 */
	{ 99991, 200000, 5000 }, /* 4999.55 */
	{ 99990, 200000, 5000 }, /* 4999.5 */
	{ 99989, 200000, 4999 }, /* 4999.45: down */
	/* large counts: no overflow */
	{ INT64_MAX, INT64_MAX, 10000 },
	{ INT64_MAX / 3, INT64_MAX, 3333 },
	{ 1, INT64_MAX, 0 },
	{ 4611686018427387904LL, INT64_MAX, 5000 },
};

static void
test_conversion(void **state)
{
	size_t i;

	for (i = 0; i < NELEM(conversion_cases); i++) {
		int64_t got = stats_conversion_centi(
		    conversion_cases[i].clicks, conversion_cases[i].impressions);

		if (got != conversion_cases[i].want)
			fail_msg("stats_conversion_centi(%lld, %lld) = %lld, want %lld",
			    (long long)conversion_cases[i].clicks,
			    (long long)conversion_cases[i].impressions, (long long)got,
			    (long long)conversion_cases[i].want);
	}
}

static const struct {
	struct stat_row row;
	bool with_date;
	const char *want;
} json_cases[] = {
	{ { 0, 0, 0, "0.000000", "0.000000", "0.000000" }, false,
	    "{\"impressions_count\":0,\"clicks_count\":0,\"conversion\":0,"
	    "\"spent_impressions\":0,\"spent_clicks\":0,\"spent_total\":0}" },
	{ { 0, 0, 0, "0.000000", "0.000000", "0.000000" }, true,
	    "{\"impressions_count\":0,\"clicks_count\":0,\"conversion\":0,"
	    "\"spent_impressions\":0,\"spent_clicks\":0,\"spent_total\":0,\"date\":0}" },
	{ { 5, 3, 1, "0.300000", "1.500000", "1.800000" }, false,
	    "{\"impressions_count\":3,\"clicks_count\":1,\"conversion\":33.33,"
	    "\"spent_impressions\":0.3,\"spent_clicks\":1.5,\"spent_total\":1.8}" },
	{ { 5, 3, 1, "0.300000", "1.500000", "1.800000" }, true,
	    "{\"impressions_count\":3,\"clicks_count\":1,\"conversion\":33.33,"
	    "\"spent_impressions\":0.3,\"spent_clicks\":1.5,\"spent_total\":1.8,\"date\":5}" },
	/* 0.1 + 0.2 is 0.3 exactly */
	{ { 12, 3, 2, "0.100000", "0.200000", "0.300000" }, true,
	    "{\"impressions_count\":3,\"clicks_count\":2,\"conversion\":66.67,"
	    "\"spent_impressions\":0.1,\"spent_clicks\":0.2,\"spent_total\":0.3,\"date\":12}" },
	{ { 0, 8, 1, "8.000000", "0.000000", "8.000000" }, false,
	    "{\"impressions_count\":8,\"clicks_count\":1,\"conversion\":12.5,"
	    "\"spent_impressions\":8,\"spent_clicks\":0,\"spent_total\":8}" },
	{ { 0, 4, 4, "0.000001", "0.999999", "1.000000" }, false,
	    "{\"impressions_count\":4,\"clicks_count\":4,\"conversion\":100,"
	    "\"spent_impressions\":0.000001,\"spent_clicks\":0.999999,\"spent_total\":1}" },
	{ { 0, 10000, 1, "123.456789", "0.000010", "123.456799" }, false,
	    "{\"impressions_count\":10000,\"clicks_count\":1,\"conversion\":0.01,"
	    "\"spent_impressions\":123.456789,\"spent_clicks\":0.00001,"
	    "\"spent_total\":123.456799}" },
	{ { 0, 32, 1, "0.000000", "0.000000", "0.000000" }, false,
	    "{\"impressions_count\":32,\"clicks_count\":1,\"conversion\":3.13,"
	    "\"spent_impressions\":0,\"spent_clicks\":0,\"spent_total\":0}" },
	/* a campaign at the largest prices for a long time */
	{ { 2147483647, 5000000, 1000000, "5000000000000.000000", "4000000000000.000000",
	      "9000000000000.000000" },
	    true,
	    "{\"impressions_count\":5000000,\"clicks_count\":1000000,\"conversion\":20,"
	    "\"spent_impressions\":5000000000000,\"spent_clicks\":4000000000000,"
	    "\"spent_total\":9000000000000,\"date\":2147483647}" },
};

static void
test_to_json(void **state)
{
	size_t i;

	for (i = 0; i < NELEM(json_cases); i++) {
		struct json_object *o = stats_to_json(&json_cases[i].row, json_cases[i].with_date);
		const char *got;

		assert_non_null(o);
		got = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
		if (strcmp(got, json_cases[i].want) != 0)
			fail_msg("case %zu:\n got %s\nwant %s", i, got, json_cases[i].want);
		json_object_put(o);
	}
}

/* "date" is there only for daily rows; the other keys always. */
static void
test_to_json_keys(void **state)
{
	static const char *const keys[] = { "impressions_count", "clicks_count", "conversion",
		"spent_impressions", "spent_clicks", "spent_total" };
	struct stat_row row = { 77, 10, 3, "1.000000", "2.000000", "3.000000" };
	struct json_object *daily = stats_to_json(&row, true);
	struct json_object *total = stats_to_json(&row, false);
	struct json_object *val;
	size_t i;

	assert_non_null(daily);
	assert_non_null(total);
	for (i = 0; i < NELEM(keys); i++) {
		assert_true(json_object_object_get_ex(daily, keys[i], NULL));
		assert_true(json_object_object_get_ex(total, keys[i], NULL));
	}
	assert_int_equal(json_object_object_length(daily), NELEM(keys) + 1);
	assert_int_equal(json_object_object_length(total), NELEM(keys));
	assert_true(json_object_object_get_ex(daily, "date", &val));
	assert_int_equal(json_object_get_type(val), json_type_int);
	assert_int_equal(json_object_get_int64(val), 77);
	assert_false(json_object_object_get_ex(total, "date", NULL));
	assert_true(json_object_object_get_ex(total, "spent_total", &val));
	assert_int_equal(json_object_get_type(val), json_type_double);
	assert_float_equal(json_object_get_double(val), 3.0, 1e-12);
	assert_true(json_object_object_get_ex(total, "conversion", &val));
	assert_float_equal(json_object_get_double(val), 30.0, 1e-12);
	json_object_put(daily);
	json_object_put(total);
}

/* Daily campaign rows: start_date .. min(end_date, today), none before the start. */
static const struct {
	int64_t start, end, today;
	bool rows;
	int64_t from, to;
} day_cases[] = {
	{ 5, 10, 4, false, 0, 0 }, /* the day before the start */
	{ 5, 10, 5, true, 5, 5 }, /* the first day */
	{ 5, 10, 7, true, 5, 7 }, /* running */
	{ 5, 10, 10, true, 5, 10 }, /* the last day */
	{ 5, 10, 11, true, 5, 10 }, /* finished: stops at the end */
	{ 5, 10, 1000, true, 5, 10 },
	{ 0, 0, 0, true, 0, 0 }, /* a one-day campaign on day 0 */
	{ 3, 3, 2, false, 0, 0 },
	{ 3, 3, 3, true, 3, 3 },
	{ 0, 2147483647, 2147483647, true, 0, 2147483647 },
};

static void
test_campaign_days(void **state)
{
	size_t i;

	for (i = 0; i < NELEM(day_cases); i++) {
		int64_t from = -1, to = -1;
		bool rows = stats_campaign_days(
		    day_cases[i].start, day_cases[i].end, day_cases[i].today, &from, &to);

		if (rows != day_cases[i].rows)
			fail_msg("case %zu: rows %d, want %d", i, rows, day_cases[i].rows);
		if (rows && (from != day_cases[i].from || to != day_cases[i].to))
			fail_msg("case %zu: %lld..%lld, want %lld..%lld", i, (long long)from,
			    (long long)to, (long long)day_cases[i].from,
			    (long long)day_cases[i].to);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conversion),
		cmocka_unit_test(test_to_json),
		cmocka_unit_test(test_to_json_keys),
		cmocka_unit_test(test_campaign_days),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
