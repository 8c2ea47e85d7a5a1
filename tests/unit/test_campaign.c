/* test_campaign.c -- unit tests for campaign parsing, patches, rules, targeting (core/campaign). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_helpers.h"
#include "core/campaign.h"
#include "core/jv.h"
#include "core/model.h"

#define ID1 "123e4567-e89b-12d3-a456-426614174000"
#define ID2 "abcdef01-2345-6789-abcd-ef0123456789"
#define BODY_MAX 1024

/* Whether an optional string holds exactly want (NULL: JSON null). */
static bool
opt_str_is(const struct opt_str *s, const char *want)
{
	if (want == NULL)
		return s->s == NULL;
	return s->s != NULL && s->len == strlen(want) && memcmp(s->s, want, s->len) == 0;
}

static void
check_targeting(const char *what, const struct targeting *t, int gender, int age_from, int age_to,
    const char *location)
{
	if (t->gender != gender || t->age_from != age_from || t->age_to != age_to ||
	    !opt_str_is(&t->location, location))
		fail_msg("%s: targeting {%d, %d, %d, %.*s}, want {%d, %d, %d, %s}", what, t->gender,
		    t->age_from, t->age_to, t->location.s ? (int)t->location.len : 4,
		    t->location.s ? t->location.s : "NULL", gender, age_from, age_to,
		    location ? location : "NULL");
}

/* --- bodies ---------------------------------------------------------------------------------- */

struct field {
	const char *key;
	const char *json;
};

/* A good create body, in the order of the API's schema. */
static const struct field good_fields[] = {
	{ "impressions_limit", "1000" },
	{ "clicks_limit", "100" },
	{ "cost_per_impression", "0.1" },
	{ "cost_per_click", "1.5" },
	{ "ad_title", "\"Sale\"" },
	{ "ad_text", "\"Everything must go\"" },
	{ "start_date", "5" },
	{ "end_date", "10" },
};

static void append(char *out, size_t *used, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void
append(char *out, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out + *used, BODY_MAX - *used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= BODY_MAX - *used)
		fail_msg("test body too long");
	*used += (size_t)n;
}

/*
 * Writes the good create body with key's value replaced by json (the key left out when json is
 * NULL); a key that is not one of the eight scalars is added at the end.
 */
static void
build_body(char out[BODY_MAX], const char *key, const char *json)
{
	size_t i, used = 0;
	bool replaced = false;
	const char *sep = "";

	append(out, &used, "{");
	for (i = 0; i < NELEM(good_fields); i++) {
		const char *val = good_fields[i].json;

		if (key != NULL && strcmp(key, good_fields[i].key) == 0) {
			replaced = true;
			if (json == NULL)
				continue;
			val = json;
		}
		append(out, &used, "%s\"%s\":%s", sep, good_fields[i].key, val);
		sep = ",";
	}
	if (key != NULL && !replaced && json != NULL)
		append(out, &used, ",\"%s\":%s", key, json);
	append(out, &used, "}");
}

/* Parses body; fails the test unless campaign_parse returns 0. The caller releases *obj. */
static void
parse_good(const char *body, bool create, struct campaign_patch *p, struct json_object **obj)
{
	struct jv v;

	*obj = parse_ok(body);
	jv_init(&v);
	if (campaign_parse(&v, *obj, create, p) != 0)
		fail_msg("campaign_parse(%s, create=%d): %s", body, create, v.detail);
	assert_false(v.failed);
}

static void
expect_parse_error(const char *body, bool create, const char *detail)
{
	struct json_object *o = parse_ok(body);
	struct campaign_patch p;
	struct jv v;

	jv_init(&v);
	if (campaign_parse(&v, o, create, &p) != -1)
		fail_msg("campaign_parse(%s, create=%d) accepted it", body, create);
	assert_true(v.failed);
	if (strcmp(v.detail, detail) != 0)
		fail_msg("campaign_parse(%s, create=%d): \"%s\", want \"%s\"", body, create,
		    v.detail, detail);
	json_object_put(o);
}

/* --- campaign_parse: create -------------------------------------------------------------------- */

static void
test_parse_create_good(void **state)
{
	char body[BODY_MAX];
	struct campaign_patch p;
	struct json_object *o;
	const struct campaign *c = &p.values;

	build_body(body, "targeting",
	    "{\"gender\":\"FEMALE\",\"age_from\":18,\"age_to\":35,\"location\":\"Moscow\"}");
	parse_good(body, true, &p, &o);
	assert_int_equal(p.present, CF_SCALARS | CF_TARGETING);
	assert_int_equal(c->impressions_limit, 1000);
	assert_int_equal(c->clicks_limit, 100);
	assert_int_equal(c->cost_per_impression, 100000);
	assert_int_equal(c->cost_per_click, 1500000);
	assert_true(opt_str_is(&c->ad_title, "Sale"));
	assert_true(opt_str_is(&c->ad_text, "Everything must go"));
	assert_null(c->ad_image.s);
	assert_int_equal(c->start_date, 5);
	assert_int_equal(c->end_date, 10);
	check_targeting(body, &c->targeting, GENDER_FEMALE, 18, 35, "Moscow");
	json_object_put(o);

	/* Without targeting: the eight scalars only, no targeting. */
	build_body(body, NULL, NULL);
	parse_good(body, true, &p, &o);
	assert_int_equal(p.present, CF_SCALARS);
	check_targeting(body, &c->targeting, -1, -1, -1, NULL);
	json_object_put(o);
}

/* Accepted edges of the scalars. */
static void
test_parse_create_edges(void **state)
{
	static const struct {
		const char *key;
		const char *json;
		int64_t want;
	} cases[] = {
		{ "impressions_limit", "0", 0 },
		{ "impressions_limit", "9223372036854775807", INT64_MAX },
		{ "impressions_limit", "7.0", 7 },
		{ "clicks_limit", "0", 0 },
		{ "cost_per_impression", "0", 0 },
		{ "cost_per_impression", "0.000001", 1 },
		{ "cost_per_impression", "0.30000000000000004", 300000 },
		{ "cost_per_impression", "1000000000000", 1000000000000LL * 1000000 },
		{ "cost_per_click", "2", 2000000 },
		{ "cost_per_click", "1.5e2", 150000000 },
		{ "start_date", "0", 0 },
		{ "start_date", "2147483647", 2147483647 },
		{ "end_date", "2147483647", 2147483647 },
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		char body[BODY_MAX];
		struct campaign_patch p;
		struct json_object *o;
		int64_t got;

		build_body(body, cases[i].key, cases[i].json);
		parse_good(body, true, &p, &o);
		if (strcmp(cases[i].key, "impressions_limit") == 0)
			got = p.values.impressions_limit;
		else if (strcmp(cases[i].key, "clicks_limit") == 0)
			got = p.values.clicks_limit;
		else if (strcmp(cases[i].key, "cost_per_impression") == 0)
			got = p.values.cost_per_impression;
		else if (strcmp(cases[i].key, "cost_per_click") == 0)
			got = p.values.cost_per_click;
		else if (strcmp(cases[i].key, "start_date") == 0)
			got = p.values.start_date;
		else
			got = p.values.end_date;
		if (got != cases[i].want)
			fail_msg("%s = %s: got %lld, want %lld", cases[i].key, cases[i].json,
			    (long long)got, (long long)cases[i].want);
		assert_int_equal(p.present, CF_SCALARS);
		json_object_put(o);
	}
}

/* One field of a good create body changed (json NULL: left out), and the detail expected. */
static const struct {
	const char *key;
	const char *json;
	const char *detail;
} create_bad[] = {
	/* every scalar is required */
	{ "impressions_limit", NULL, "impressions_limit: is required" },
	{ "clicks_limit", NULL, "clicks_limit: is required" },
	{ "cost_per_impression", NULL, "cost_per_impression: is required" },
	{ "cost_per_click", NULL, "cost_per_click: is required" },
	{ "ad_title", NULL, "ad_title: is required" },
	{ "ad_text", NULL, "ad_text: is required" },
	{ "start_date", NULL, "start_date: is required" },
	{ "end_date", NULL, "end_date: is required" },
	/* and none is nullable */
	{ "impressions_limit", "null", "impressions_limit: must be an integer, not null" },
	{ "cost_per_click", "null", "cost_per_click: must be a number, not null" },
	{ "ad_title", "null", "ad_title: must be a string, not null" },
	{ "end_date", "null", "end_date: must be an integer, not null" },
	/* limits */
	{ "impressions_limit", "-1", "impressions_limit: must be an integer >= 0" },
	{ "impressions_limit", "9223372036854775808",
	    "impressions_limit: must be an integer >= 0" },
	{ "impressions_limit", "\"5\"", "impressions_limit: must be an integer, not a string" },
	{ "impressions_limit", "1.5",
	    "impressions_limit: must be an integer, not a fractional number" },
	{ "clicks_limit", "-1", "clicks_limit: must be an integer >= 0" },
	{ "clicks_limit", "true", "clicks_limit: must be an integer, not a boolean" },
	/* money */
	{ "cost_per_impression", "-0.1", "cost_per_impression: must be >= 0" },
	{ "cost_per_impression", "\"1\"", "cost_per_impression: must be a number, not a string" },
	{ "cost_per_click", "1e13", "cost_per_click: must be at most 1000000000000" },
	{ "cost_per_click", "[1]", "cost_per_click: must be a number, not an array" },
	/* texts */
	{ "ad_title", "\"\"", "ad_title: must not be empty" },
	{ "ad_text", "5", "ad_text: must be a string, not an integer" },
	{ "ad_text", "\"a\\u0000b\"", "ad_text: must not contain NUL characters" },
	/* days */
	{ "start_date", "-1", "start_date: must be an integer between 0 and 2147483647" },
	{ "end_date", "2147483648", "end_date: must be an integer between 0 and 2147483647" },
	{ "end_date", "{}", "end_date: must be an integer, not an object" },
	/* targeting: an object or null */
	{ "targeting", "\"MALE\"", "targeting: must be an object or null" },
	{ "targeting", "[]", "targeting: must be an object or null" },
	{ "targeting", "5", "targeting: must be an object or null" },
	{ "targeting", "false", "targeting: must be an object or null" },
	/* targeting.gender: exact, case-sensitive */
	{ "targeting", "{\"gender\":\"male\"}",
	    "targeting.gender: must be one of MALE, FEMALE, ALL" },
	{ "targeting", "{\"gender\":\"All\"}",
	    "targeting.gender: must be one of MALE, FEMALE, ALL" },
	{ "targeting", "{\"gender\":\"\"}", "targeting.gender: must be one of MALE, FEMALE, ALL" },
	{ "targeting", "{\"gender\":\"MALE \"}",
	    "targeting.gender: must be one of MALE, FEMALE, ALL" },
	{ "targeting", "{\"gender\":1}", "targeting.gender: must be a string, not an integer" },
	/* targeting ages: 0..100 */
	{ "targeting", "{\"age_from\":-1}",
	    "targeting.age_from: must be an integer between 0 and 100" },
	{ "targeting", "{\"age_from\":101}",
	    "targeting.age_from: must be an integer between 0 and 100" },
	{ "targeting", "{\"age_to\":-1}",
	    "targeting.age_to: must be an integer between 0 and 100" },
	{ "targeting", "{\"age_to\":101}",
	    "targeting.age_to: must be an integer between 0 and 100" },
	{ "targeting", "{\"age_to\":\"5\"}", "targeting.age_to: must be an integer, not a string" },
	{ "targeting", "{\"age_from\":20.5}",
	    "targeting.age_from: must be an integer, not a fractional number" },
	/* targeting.location: a non-empty string */
	{ "targeting", "{\"location\":\"\"}", "targeting.location: must not be empty" },
	{ "targeting", "{\"location\":7}", "targeting.location: must be a string, not an integer" },
	/* inside targeting, the first key in schema order is named */
	{ "targeting", "{\"location\":\"\",\"age_to\":200,\"gender\":\"x\"}",
	    "targeting.gender: must be one of MALE, FEMALE, ALL" },
	{ "targeting", "{\"location\":\"\",\"age_to\":200}",
	    "targeting.age_to: must be an integer between 0 and 100" },
};

static void
test_parse_create_bad(void **state)
{
	size_t i;

	for (i = 0; i < NELEM(create_bad); i++) {
		char body[BODY_MAX];

		build_body(body, create_bad[i].key, create_bad[i].json);
		expect_parse_error(body, true, create_bad[i].detail);
	}
}

/* Whole bodies: not an object, and several faults at once (the first in schema order wins). */
static void
test_parse_bad_bodies(void **state)
{
	static const struct {
		const char *body;
		bool create;
		const char *detail;
	} cases[] = {
		{ "[]", true, "body: must be a JSON object" },
		{ "\"campaign\"", false, "body: must be a JSON object" },
		{ "{}", true, "impressions_limit: is required" },
		{ "{\"targeting\":5,\"end_date\":-1,\"clicks_limit\":-1}", true,
		    "impressions_limit: is required" },
		{ "{\"targeting\":5,\"end_date\":-1,\"clicks_limit\":-1}", false,
		    "clicks_limit: must be an integer >= 0" },
		{ "{\"ad_title\":\"\",\"start_date\":-1}", false, "ad_title: must not be empty" },
		{ "{\"end_date\":-1,\"cost_per_click\":-1}", false,
		    "cost_per_click: must be >= 0" },
		{ "{\"targeting\":{\"age_from\":-5},\"end_date\":-1}", false,
		    "end_date: must be an integer between 0 and 2147483647" },
		/* an update may leave anything out, but what it sends must be valid and not null */
		{ "{\"impressions_limit\":null}", false,
		    "impressions_limit: must be an integer, not null" },
		{ "{\"ad_text\":null}", false, "ad_text: must be a string, not null" },
		{ "{\"targeting\":{\"gender\":\"FEMALE \"}}", false,
		    "targeting.gender: must be one of MALE, FEMALE, ALL" },
		{ "{\"targeting\":[null]}", false, "targeting: must be an object or null" },
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++)
		expect_parse_error(cases[i].body, cases[i].create, cases[i].detail);
}

/* Inside a bulk, the item's prefix comes first and survives the targeting's own prefix. */
static void
test_parse_prefix(void **state)
{
	struct json_object *o = parse_ok("{\"targeting\":{\"age_to\":101}}");
	struct json_object *good = parse_ok("{\"targeting\":{\"gender\":\"MALE\"}}");
	struct campaign_patch p;
	struct jv v;

	jv_init(&v);
	jv_set_index(&v, 3);
	assert_int_equal(campaign_parse(&v, o, false, &p), -1);
	assert_string_equal(v.detail, "[3].targeting.age_to: must be an integer between 0 and 100");
	assert_string_equal(v.prefix, "[3].");

	jv_init(&v);
	jv_set_index(&v, 12);
	assert_int_equal(campaign_parse(&v, good, false, &p), 0);
	assert_string_equal(v.prefix, "[12].");
	jv_fail(&v, "end_date", "x");
	assert_string_equal(v.detail, "[12].end_date: x");
	json_object_put(o);
	json_object_put(good);
}

/* --- campaign_parse: targeting ---------------------------------------------------------------- */

static void
test_parse_targeting(void **state)
{
	static const struct {
		const char *body;
		unsigned present;
		int gender, age_from, age_to;
		const char *location;
	} cases[] = {
		/* absent, null and {} are all "no targeting"; only absent leaves it unchanged */
		{ "{}", 0, -1, -1, -1, NULL },
		{ "{\"targeting\":null}", CF_TARGETING, -1, -1, -1, NULL },
		{ "{\"targeting\":{}}", CF_TARGETING, -1, -1, -1, NULL },
		{ "{\"targeting\":{\"gender\":null,\"age_from\":null,\"age_to\":null,"
		  "\"location\":null}}",
		    CF_TARGETING, -1, -1, -1, NULL },
		{ "{\"targeting\":{\"unknown\":1}}", CF_TARGETING, -1, -1, -1, NULL },
		{ "{\"targeting\":{\"gender\":\"MALE\"}}", CF_TARGETING, GENDER_MALE, -1, -1,
		    NULL },
		{ "{\"targeting\":{\"gender\":\"FEMALE\"}}", CF_TARGETING, GENDER_FEMALE, -1, -1,
		    NULL },
		{ "{\"targeting\":{\"gender\":\"ALL\"}}", CF_TARGETING, GENDER_ALL, -1, -1, NULL },
		{ "{\"targeting\":{\"age_from\":0,\"age_to\":100}}", CF_TARGETING, -1, 0, 100,
		    NULL },
		{ "{\"targeting\":{\"age_from\":100,\"age_to\":0}}", CF_TARGETING, -1, 100, 0,
		    NULL },
		{ "{\"targeting\":{\"age_to\":25.0}}", CF_TARGETING, -1, -1, 25, NULL },
		{ "{\"targeting\":{\"location\":\"Moscow\"}}", CF_TARGETING, -1, -1, -1, "Moscow" },
		{ "{\"targeting\":{\"location\":\"\xd0\x9c\xd0\xa1\xd0\x9a\"}}", CF_TARGETING, -1,
		    -1, -1, "\xd0\x9c\xd0\xa1\xd0\x9a" },
		{ "{\"targeting\":{\"location\":\" \"}}", CF_TARGETING, -1, -1, -1, " " },
		{ "{\"targeting\":{\"location\":\"Kazan\",\"age_to\":40,\"gender\":\"ALL\","
		  "\"age_from\":18}}",
		    CF_TARGETING, GENDER_ALL, 18, 40, "Kazan" },
		{ "{\"targeting\":{\"gender\":null,\"age_from\":7,\"age_to\":null,"
		  "\"location\":\"B\"}}",
		    CF_TARGETING, -1, 7, -1, "B" },
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		struct campaign_patch p;
		struct json_object *o;

		parse_good(cases[i].body, false, &p, &o);
		if (p.present != cases[i].present)
			fail_msg("%s: present %#x, want %#x", cases[i].body, p.present,
			    cases[i].present);
		check_targeting(cases[i].body, &p.values.targeting, cases[i].gender,
		    cases[i].age_from, cases[i].age_to, cases[i].location);
		json_object_put(o);
	}
}

/* --- campaign_parse: update ----------------------------------------------------------------- */

static void
test_parse_update(void **state)
{
	static const struct {
		const char *body;
		unsigned present;
		int64_t imp, clk, cpi, cpc, start, end; /* checked when present */
		const char *title, *text;
	} cases[] = {
		{ "{}", 0, 0, 0, 0, 0, 0, 0, NULL, NULL },
		{ "{\"impressions_limit\":5}", CF_IMPRESSIONS_LIMIT, 5, 0, 0, 0, 0, 0, NULL, NULL },
		{ "{\"clicks_limit\":0}", CF_CLICKS_LIMIT, 0, 0, 0, 0, 0, 0, NULL, NULL },
		{ "{\"cost_per_click\":0}", CF_COST_PER_CLICK, 0, 0, 0, 0, 0, 0, NULL, NULL },
		{ "{\"cost_per_impression\":2.25}", CF_COST_PER_IMPRESSION, 0, 0, 2250000, 0, 0, 0,
		    NULL, NULL },
		{ "{\"end_date\":7,\"ad_text\":\"t\"}", CF_END_DATE | CF_AD_TEXT, 0, 0, 0, 0, 0, 7,
		    NULL, "t" },
		{ "{\"start_date\":3,\"ad_title\":\"T\"}", CF_START_DATE | CF_AD_TITLE, 0, 0, 0, 0,
		    3, 0, "T", NULL },
		{ "{\"unknown\":1,\"clicks_limit\":9}", CF_CLICKS_LIMIT, 0, 9, 0, 0, 0, 0, NULL,
		    NULL },
		{ "{\"impressions_limit\":1,\"clicks_limit\":2,\"cost_per_impression\":3,"
		  "\"cost_per_click\":4,\"ad_title\":\"a\",\"ad_text\":\"b\",\"start_date\":5,"
		  "\"end_date\":6,\"targeting\":null}",
		    CF_SCALARS | CF_TARGETING, 1, 2, 3000000, 4000000, 5, 6, "a", "b" },
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		struct campaign_patch p;
		struct json_object *o;
		const struct campaign *c = &p.values;
		unsigned pr = cases[i].present;

		parse_good(cases[i].body, false, &p, &o);
		if (p.present != pr)
			fail_msg("%s: present %#x, want %#x", cases[i].body, p.present, pr);
		if (((pr & CF_IMPRESSIONS_LIMIT) && c->impressions_limit != cases[i].imp) ||
		    ((pr & CF_CLICKS_LIMIT) && c->clicks_limit != cases[i].clk) ||
		    ((pr & CF_COST_PER_IMPRESSION) && c->cost_per_impression != cases[i].cpi) ||
		    ((pr & CF_COST_PER_CLICK) && c->cost_per_click != cases[i].cpc) ||
		    ((pr & CF_START_DATE) && c->start_date != cases[i].start) ||
		    ((pr & CF_END_DATE) && c->end_date != cases[i].end) ||
		    ((pr & CF_AD_TITLE) && !opt_str_is(&c->ad_title, cases[i].title)) ||
		    ((pr & CF_AD_TEXT) && !opt_str_is(&c->ad_text, cases[i].text)))
			fail_msg("%s: wrong values", cases[i].body);
		json_object_put(o);
	}
}

/* --- campaign_apply -------------------------------------------------------------------------- */

static void
stored_campaign(struct campaign *c)
{
	memset(c, 0, sizeof(*c));
	memcpy(c->id.s, ID1, sizeof(c->id.s));
	memcpy(c->advertiser_id.s, ID2, sizeof(c->advertiser_id.s));
	c->impressions_limit = 1000;
	c->clicks_limit = 100;
	c->cost_per_impression = 100000;
	c->cost_per_click = 1500000;
	c->ad_title = (struct opt_str){ "Old title", 9 };
	c->ad_text = (struct opt_str){ "Old text", 8 };
	c->ad_image = (struct opt_str){ "img.png", 7 };
	c->start_date = 10;
	c->end_date = 20;
	c->targeting.gender = GENDER_MALE;
	c->targeting.age_from = 18;
	c->targeting.age_to = 35;
	c->targeting.location = (struct opt_str){ "Moscow", 6 };
}

static void
check_campaign(const char *what, const struct campaign *got, const struct campaign *want)
{
	if (strcmp(got->id.s, want->id.s) != 0 ||
	    strcmp(got->advertiser_id.s, want->advertiser_id.s) != 0)
		fail_msg("%s: ids changed", what);
	if (got->impressions_limit != want->impressions_limit ||
	    got->clicks_limit != want->clicks_limit ||
	    got->cost_per_impression != want->cost_per_impression ||
	    got->cost_per_click != want->cost_per_click || got->start_date != want->start_date ||
	    got->end_date != want->end_date)
		fail_msg("%s: numbers {%lld %lld %lld %lld %lld %lld}, want {%lld %lld %lld %lld "
		         "%lld %lld}",
		    what, (long long)got->impressions_limit, (long long)got->clicks_limit,
		    (long long)got->cost_per_impression, (long long)got->cost_per_click,
		    (long long)got->start_date, (long long)got->end_date,
		    (long long)want->impressions_limit, (long long)want->clicks_limit,
		    (long long)want->cost_per_impression, (long long)want->cost_per_click,
		    (long long)want->start_date, (long long)want->end_date);
	if (!opt_str_is(&got->ad_title, want->ad_title.s) ||
	    !opt_str_is(&got->ad_text, want->ad_text.s) ||
	    !opt_str_is(&got->ad_image, want->ad_image.s))
		fail_msg("%s: texts differ", what);
	check_targeting(what, &got->targeting, want->targeting.gender, want->targeting.age_from,
	    want->targeting.age_to, want->targeting.location.s);
}

static void
test_apply(void **state)
{
	struct campaign c, want;
	struct campaign_patch p;
	struct json_object *o;

	/* nothing present: nothing changes */
	stored_campaign(&c);
	stored_campaign(&want);
	parse_good("{}", false, &p, &o);
	campaign_apply(&c, &p);
	check_campaign("{}", &c, &want);
	json_object_put(o);

	/* some scalars: those change, the rest (targeting, image) stays */
	stored_campaign(&c);
	parse_good("{\"clicks_limit\":50,\"ad_title\":\"New\",\"end_date\":12,"
	           "\"cost_per_click\":0.25}",
	    false, &p, &o);
	campaign_apply(&c, &p);
	want.clicks_limit = 50;
	want.ad_title = (struct opt_str){ "New", 3 };
	want.end_date = 12;
	want.cost_per_click = 250000;
	check_campaign("some scalars", &c, &want);
	json_object_put(o);

	/* every scalar */
	stored_campaign(&c);
	parse_good("{\"impressions_limit\":7,\"clicks_limit\":6,\"cost_per_impression\":5,"
	           "\"cost_per_click\":4,\"ad_title\":\"t\",\"ad_text\":\"x\",\"start_date\":3,"
	           "\"end_date\":2}",
	    false, &p, &o);
	campaign_apply(&c, &p);
	stored_campaign(&want);
	want.impressions_limit = 7;
	want.clicks_limit = 6;
	want.cost_per_impression = 5000000;
	want.cost_per_click = 4000000;
	want.ad_title = (struct opt_str){ "t", 1 };
	want.ad_text = (struct opt_str){ "x", 1 };
	want.start_date = 3;
	want.end_date = 2;
	check_campaign("every scalar", &c, &want);
	json_object_put(o);
}

/* A targeting in the patch replaces the stored one as a whole; keys left out become null. */
static void
test_apply_targeting_replaces(void **state)
{
	static const struct {
		const char *body;
		int gender, age_from, age_to;
		const char *location;
	} cases[] = {
		{ "{\"ad_text\":\"x\"}", GENDER_MALE, 18, 35, "Moscow" },
		{ "{\"targeting\":{\"gender\":\"FEMALE\"}}", GENDER_FEMALE, -1, -1, NULL },
		{ "{\"targeting\":{\"age_to\":40}}", -1, -1, 40, NULL },
		{ "{\"targeting\":{\"location\":\"Kazan\"}}", -1, -1, -1, "Kazan" },
		{ "{\"targeting\":null}", -1, -1, -1, NULL },
		{ "{\"targeting\":{}}", -1, -1, -1, NULL },
		{ "{\"targeting\":{\"gender\":\"ALL\",\"age_from\":1,\"age_to\":2,"
		  "\"location\":\"B\"}}",
		    GENDER_ALL, 1, 2, "B" },
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		struct campaign c;
		struct campaign_patch p;
		struct json_object *o;

		stored_campaign(&c);
		parse_good(cases[i].body, false, &p, &o);
		campaign_apply(&c, &p);
		check_targeting(cases[i].body, &c.targeting, cases[i].gender, cases[i].age_from,
		    cases[i].age_to, cases[i].location);
		assert_int_equal(c.impressions_limit, 1000);
		json_object_put(o);
	}
}

/* --- campaign_check_update ------------------------------------------------------------------- */

/* The stored campaign runs from day 10 to day 20 with limits 1000 and 100. */
static const struct {
	int64_t today;
	const char *body;
	enum campaign_verdict want;
	const char *detail;
} update_cases[] = {
	/* before the start anything goes */
	{ 9, "{\"impressions_limit\":5,\"clicks_limit\":1,\"start_date\":11,\"end_date\":30}",
	    CAMPAIGN_VALID, NULL },
	{ 0, "{\"start_date\":0,\"end_date\":0}", CAMPAIGN_VALID, NULL },
	{ 9, "{}", CAMPAIGN_VALID, NULL },
	/* from the start day on, the limits and dates keep their values */
	{ 10, "{\"impressions_limit\":1001}", CAMPAIGN_FORBIDDEN,
	    "impressions_limit: cannot change once the campaign has started (start_date 10, "
	    "current day 10)" },
	{ 10, "{\"clicks_limit\":99}", CAMPAIGN_FORBIDDEN,
	    "clicks_limit: cannot change once the campaign has started (start_date 10, current "
	    "day 10)" },
	{ 15, "{\"start_date\":11}", CAMPAIGN_FORBIDDEN,
	    "start_date: cannot change once the campaign has started (start_date 10, current day "
	    "15)" },
	{ 15, "{\"start_date\":16}", CAMPAIGN_FORBIDDEN,
	    "start_date: cannot change once the campaign has started (start_date 10, current day "
	    "15)" },
	{ 15, "{\"end_date\":21}", CAMPAIGN_FORBIDDEN,
	    "end_date: cannot change once the campaign has started (start_date 10, current day "
	    "15)" },
	{ 25, "{\"end_date\":30}", CAMPAIGN_FORBIDDEN,
	    "end_date: cannot change once the campaign has started (start_date 10, current day "
	    "25)" },
	{ 10, "{\"impressions_limit\":0}", CAMPAIGN_FORBIDDEN,
	    "impressions_limit: cannot change once the campaign has started (start_date 10, "
	    "current day 10)" },
	/* the same values are fine */
	{ 10, "{\"impressions_limit\":1000}", CAMPAIGN_VALID, NULL },
	{ 15,
	    "{\"impressions_limit\":1000,\"clicks_limit\":100,\"start_date\":10,"
	    "\"end_date\":20}",
	    CAMPAIGN_VALID, NULL },
	/* the other fields may change */
	{ 15,
	    "{\"cost_per_impression\":9,\"cost_per_click\":9,\"ad_title\":\"x\","
	    "\"ad_text\":\"y\",\"targeting\":{\"gender\":\"FEMALE\"}}",
	    CAMPAIGN_VALID, NULL },
	{ 15, "{\"targeting\":null}", CAMPAIGN_VALID, NULL },
	/* several changes: the first field of the schema is named */
	{ 15, "{\"end_date\":30,\"clicks_limit\":5}", CAMPAIGN_FORBIDDEN,
	    "clicks_limit: cannot change once the campaign has started (start_date 10, current "
	    "day 15)" },
	{ 15, "{\"end_date\":20,\"start_date\":9,\"impressions_limit\":1000}", CAMPAIGN_FORBIDDEN,
	    "start_date: cannot change once the campaign has started (start_date 10, current day "
	    "15)" },
};

static void
test_check_update(void **state)
{
	size_t i;

	for (i = 0; i < NELEM(update_cases); i++) {
		struct campaign stored;
		struct campaign_patch p;
		struct json_object *o;
		enum campaign_verdict got;
		struct jv v;

		stored_campaign(&stored);
		parse_good(update_cases[i].body, false, &p, &o);
		jv_init(&v);
		got = campaign_check_update(&v, &stored, &p, update_cases[i].today);
		if (got != update_cases[i].want)
			fail_msg("today %lld, %s: verdict %d, want %d (%s)",
			    (long long)update_cases[i].today, update_cases[i].body, got,
			    update_cases[i].want, v.detail);
		if (update_cases[i].detail == NULL)
			assert_false(v.failed);
		else if (strcmp(v.detail, update_cases[i].detail) != 0)
			fail_msg("today %lld, %s: \"%s\", want \"%s\"",
			    (long long)update_cases[i].today, update_cases[i].body, v.detail,
			    update_cases[i].detail);
		json_object_put(o);
	}
}

/* --- campaign_check -------------------------------------------------------------------------- */

static const struct {
	int64_t imp, clk, start, end;
	int age_from, age_to;
	bool check_start;
	int64_t today;
	enum campaign_verdict want;
	const char *detail;
} check_cases[] = {
	{ 10, 10, 5, 5, -1, -1, true, 5, CAMPAIGN_VALID, NULL },
	{ 0, 0, 5, 9, -1, -1, true, 5, CAMPAIGN_VALID, NULL },
	{ INT64_MAX, INT64_MAX, 0, 2147483647, -1, -1, true, 0, CAMPAIGN_VALID, NULL },
	/* clicks_limit <= impressions_limit */
	{ 10, 11, 5, 5, -1, -1, true, 5, CAMPAIGN_INVALID,
	    "clicks_limit: must not exceed impressions_limit (11 > 10)" },
	{ 0, 1, 5, 5, -1, -1, false, 5, CAMPAIGN_INVALID,
	    "clicks_limit: must not exceed impressions_limit (1 > 0)" },
	/* start_date <= end_date */
	{ 10, 0, 6, 5, -1, -1, true, 5, CAMPAIGN_INVALID,
	    "end_date: must not be before start_date (5 < 6)" },
	{ 10, 0, 5, 6, -1, -1, true, 5, CAMPAIGN_VALID, NULL },
	/* start_date >= today, only when asked */
	{ 10, 0, 5, 9, -1, -1, true, 6, CAMPAIGN_INVALID,
	    "start_date: must not be before the current day (5 < 6)" },
	{ 10, 0, 5, 9, -1, -1, false, 6, CAMPAIGN_VALID, NULL },
	{ 10, 0, 5, 9, -1, -1, true, 4, CAMPAIGN_VALID, NULL },
	/* age_from <= age_to when both are set */
	{ 10, 0, 5, 9, 30, 20, true, 5, CAMPAIGN_INVALID,
	    "targeting.age_from: must not exceed targeting.age_to (30 > 20)" },
	{ 10, 0, 5, 9, 1, 0, false, 5, CAMPAIGN_INVALID,
	    "targeting.age_from: must not exceed targeting.age_to (1 > 0)" },
	{ 10, 0, 5, 9, 20, 20, true, 5, CAMPAIGN_VALID, NULL },
	{ 10, 0, 5, 9, 0, 100, true, 5, CAMPAIGN_VALID, NULL },
	{ 10, 0, 5, 9, 100, -1, true, 5, CAMPAIGN_VALID, NULL },
	{ 10, 0, 5, 9, -1, 0, true, 5, CAMPAIGN_VALID, NULL },
	/* several faults: limits, then dates, then the start, then the ages */
	{ 10, 11, 6, 5, 30, 20, true, 9, CAMPAIGN_INVALID,
	    "clicks_limit: must not exceed impressions_limit (11 > 10)" },
	{ 10, 1, 6, 5, 30, 20, true, 9, CAMPAIGN_INVALID,
	    "end_date: must not be before start_date (5 < 6)" },
	{ 10, 1, 6, 7, 30, 20, true, 9, CAMPAIGN_INVALID,
	    "start_date: must not be before the current day (6 < 9)" },
};

static void
test_check(void **state)
{
	size_t i;

	for (i = 0; i < NELEM(check_cases); i++) {
		struct campaign c;
		enum campaign_verdict got;
		struct jv v;

		stored_campaign(&c);
		c.impressions_limit = check_cases[i].imp;
		c.clicks_limit = check_cases[i].clk;
		c.start_date = check_cases[i].start;
		c.end_date = check_cases[i].end;
		c.targeting.age_from = check_cases[i].age_from;
		c.targeting.age_to = check_cases[i].age_to;
		jv_init(&v);
		got = campaign_check(&v, &c, check_cases[i].check_start, check_cases[i].today);
		if (got != check_cases[i].want)
			fail_msg("case %zu: verdict %d, want %d (%s)", i, got, check_cases[i].want,
			    v.detail);
		if (check_cases[i].detail == NULL)
			assert_false(v.failed);
		else if (strcmp(v.detail, check_cases[i].detail) != 0)
			fail_msg(
			    "case %zu: \"%s\", want \"%s\"", i, v.detail, check_cases[i].detail);
	}
}

/* --- targeting_matches ----------------------------------------------------------------------- */

static const struct {
	int gender, age_from, age_to;
	const char *location;
	int age;
	enum gender client_gender;
	const char *client_location;
	bool want;
} match_cases[] = {
	/* no targeting: everyone */
	{ -1, -1, -1, NULL, 0, GENDER_MALE, "Moscow", true },
	{ -1, -1, -1, NULL, 100, GENDER_FEMALE, "x", true },
	/* gender */
	{ GENDER_MALE, -1, -1, NULL, 30, GENDER_MALE, "Moscow", true },
	{ GENDER_MALE, -1, -1, NULL, 30, GENDER_FEMALE, "Moscow", false },
	{ GENDER_FEMALE, -1, -1, NULL, 30, GENDER_FEMALE, "Moscow", true },
	{ GENDER_FEMALE, -1, -1, NULL, 30, GENDER_MALE, "Moscow", false },
	{ GENDER_ALL, -1, -1, NULL, 30, GENDER_MALE, "Moscow", true },
	{ GENDER_ALL, -1, -1, NULL, 30, GENDER_FEMALE, "Moscow", true },
	/* ages, inclusive */
	{ -1, 18, -1, NULL, 17, GENDER_MALE, "Moscow", false },
	{ -1, 18, -1, NULL, 18, GENDER_MALE, "Moscow", true },
	{ -1, 18, -1, NULL, 100, GENDER_MALE, "Moscow", true },
	{ -1, -1, 35, NULL, 0, GENDER_MALE, "Moscow", true },
	{ -1, -1, 35, NULL, 35, GENDER_MALE, "Moscow", true },
	{ -1, -1, 35, NULL, 36, GENDER_MALE, "Moscow", false },
	{ -1, 18, 35, NULL, 17, GENDER_MALE, "Moscow", false },
	{ -1, 18, 35, NULL, 18, GENDER_MALE, "Moscow", true },
	{ -1, 18, 35, NULL, 35, GENDER_MALE, "Moscow", true },
	{ -1, 18, 35, NULL, 36, GENDER_MALE, "Moscow", false },
	{ -1, 0, 0, NULL, 0, GENDER_MALE, "Moscow", true },
	{ -1, 0, 0, NULL, 1, GENDER_MALE, "Moscow", false },
	{ -1, 100, 100, NULL, 100, GENDER_FEMALE, "Moscow", true },
	{ -1, 100, 100, NULL, 99, GENDER_FEMALE, "Moscow", false },
	/* location: exact, case-sensitive */
	{ -1, -1, -1, "Moscow", 30, GENDER_MALE, "Moscow", true },
	{ -1, -1, -1, "Moscow", 30, GENDER_MALE, "moscow", false },
	{ -1, -1, -1, "Moscow", 30, GENDER_MALE, "MOSCOW", false },
	{ -1, -1, -1, "Moscow", 30, GENDER_MALE, "Mosco", false },
	{ -1, -1, -1, "Moscow", 30, GENDER_MALE, "Moscow ", false },
	{ -1, -1, -1, "Moscow", 30, GENDER_MALE, "Kazan", false },
	{ -1, -1, -1, "Moscow", 30, GENDER_MALE, "", false },
	/* everything together */
	{ GENDER_FEMALE, 18, 35, "Moscow", 25, GENDER_FEMALE, "Moscow", true },
	{ GENDER_FEMALE, 18, 35, "Moscow", 25, GENDER_MALE, "Moscow", false },
	{ GENDER_FEMALE, 18, 35, "Moscow", 40, GENDER_FEMALE, "Moscow", false },
	{ GENDER_FEMALE, 18, 35, "Moscow", 25, GENDER_FEMALE, "Kazan", false },
	{ GENDER_ALL, 18, 35, "Moscow", 35, GENDER_MALE, "Moscow", true },
};

static void
test_targeting_matches(void **state)
{
	size_t i;

	for (i = 0; i < NELEM(match_cases); i++) {
		struct targeting t;
		const char *loc = match_cases[i].client_location;
		bool got;

		t.gender = match_cases[i].gender;
		t.age_from = match_cases[i].age_from;
		t.age_to = match_cases[i].age_to;
		t.location.s = match_cases[i].location;
		t.location.len = t.location.s ? strlen(t.location.s) : 0;
		got = targeting_matches(
		    &t, match_cases[i].age, match_cases[i].client_gender, loc, strlen(loc));
		if (got != match_cases[i].want)
			fail_msg("case %zu: {%d, %d, %d, %s} vs (%d, %d, \"%s\"): %d, want %d", i,
			    t.gender, t.age_from, t.age_to, t.location.s ? t.location.s : "NULL",
			    match_cases[i].age, match_cases[i].client_gender, loc, got,
			    match_cases[i].want);
	}
}

/* Both locations are compared by their lengths; neither needs a NUL after it. */
static void
test_targeting_matches_lengths(void **state)
{
	struct targeting t;

	targeting_clear(&t);
	t.location = (struct opt_str){ "MoscowXYZ", 6 };
	assert_true(targeting_matches(&t, 30, GENDER_MALE, "Moscow", 6));
	assert_true(targeting_matches(&t, 30, GENDER_MALE, "Moscow-on-sea", 6));
	assert_false(targeting_matches(&t, 30, GENDER_MALE, "MoscowXYZ", 9));
	assert_false(targeting_matches(&t, 30, GENDER_MALE, "Moscow", 5));
	t.location = (struct opt_str){ "a\0b", 3 };
	assert_true(targeting_matches(&t, 30, GENDER_MALE, "a\0b", 3));
	assert_false(targeting_matches(&t, 30, GENDER_MALE, "a\0c", 3));
	assert_false(targeting_matches(&t, 30, GENDER_MALE, "a", 1));
}

static void
test_targeting_clear(void **state)
{
	struct targeting t;

	memset(&t, 0x55, sizeof(t));
	targeting_clear(&t);
	assert_int_equal(t.gender, -1);
	assert_int_equal(t.age_from, -1);
	assert_int_equal(t.age_to, -1);
	assert_null(t.location.s);
	assert_int_equal(t.location.len, 0);
}

/* --- campaign_to_json ------------------------------------------------------------------------ */

static void
test_to_json(void **state)
{
	struct campaign c;
	struct json_object *o;

	/* no targeting, no image: every key is there, with nulls */
	stored_campaign(&c);
	c.ad_text = (struct opt_str){ "All \"in\"", 8 };
	c.ad_image = (struct opt_str){ NULL, 0 };
	targeting_clear(&c.targeting);
	o = campaign_to_json(&c);
	assert_non_null(o);
	assert_string_equal(plain(o),
	    "{\"campaign_id\":\"" ID1 "\",\"advertiser_id\":\"" ID2 "\","
	    "\"impressions_limit\":1000,\"clicks_limit\":100,\"cost_per_impression\":0.1,"
	    "\"cost_per_click\":1.5,\"ad_title\":\"Old title\",\"ad_text\":\"All \\\"in\\\"\","
	    "\"ad_image\":null,\"start_date\":10,\"end_date\":20,\"moderation\":\"ok\","
	    "\"targeting\":{\"gender\":null,"
	    "\"age_from\":null,\"age_to\":null,\"location\":null}}");
	json_object_put(o);

	/* full targeting, money at its edges */
	stored_campaign(&c);
	c.cost_per_impression = 0;
	c.cost_per_click = 123456789;
	c.targeting.gender = GENDER_FEMALE;
	c.targeting.age_from = 0;
	c.targeting.age_to = 100;
	o = campaign_to_json(&c);
	assert_non_null(o);
	assert_string_equal(plain(o),
	    "{\"campaign_id\":\"" ID1 "\",\"advertiser_id\":\"" ID2 "\","
	    "\"impressions_limit\":1000,\"clicks_limit\":100,\"cost_per_impression\":0,"
	    "\"cost_per_click\":123.456789,\"ad_title\":\"Old title\",\"ad_text\":\"Old text\","
	    "\"ad_image\":\"img.png\",\"start_date\":10,\"end_date\":20,\"moderation\":\"ok\","
	    "\"targeting\":{"
	    "\"gender\":\"FEMALE\",\"age_from\":0,\"age_to\":100,\"location\":\"Moscow\"}}");
	json_object_put(o);

	/* large limits, the smallest amount, ALL, only some targeting keys */
	stored_campaign(&c);
	c.impressions_limit = INT64_MAX;
	c.clicks_limit = 0;
	c.cost_per_impression = 1;
	c.cost_per_click = 300000;
	c.start_date = 0;
	c.end_date = 2147483647;
	c.targeting.gender = GENDER_ALL;
	c.targeting.age_from = -1;
	c.targeting.location = (struct opt_str){ NULL, 0 };
	c.blocked = true;
	o = campaign_to_json(&c);
	assert_non_null(o);
	assert_string_equal(plain(o),
	    "{\"campaign_id\":\"" ID1 "\",\"advertiser_id\":\"" ID2 "\","
	    "\"impressions_limit\":9223372036854775807,\"clicks_limit\":0,"
	    "\"cost_per_impression\":0.000001,\"cost_per_click\":0.3,\"ad_title\":\"Old title\","
	    "\"ad_text\":\"Old text\",\"ad_image\":\"img.png\",\"start_date\":0,"
	    "\"end_date\":2147483647,\"moderation\":\"blocked\",\"targeting\":{\"gender\":\"ALL\","
	    "\"age_from\":null,"
	    "\"age_to\":35,\"location\":null}}");
	json_object_put(o);
}

/* A created campaign's JSON shows the amounts exactly as they were sent. */
static void
test_parse_apply_to_json(void **state)
{
	struct campaign c;
	struct campaign_patch p;
	struct json_object *body, *o;

	stored_campaign(&c);
	c.ad_image = (struct opt_str){ NULL, 0 };
	parse_good("{\"impressions_limit\":10,\"clicks_limit\":3,\"cost_per_impression\":0.1,"
	           "\"cost_per_click\":0.30000000000000004,\"ad_title\":\"T\",\"ad_text\":\"X\","
	           "\"start_date\":1,\"end_date\":2,\"targeting\":{\"location\":\"B\"}}",
	    true, &p, &body);
	campaign_apply(&c, &p);
	o = campaign_to_json(&c);
	assert_non_null(o);
	assert_string_equal(plain(o),
	    "{\"campaign_id\":\"" ID1 "\",\"advertiser_id\":\"" ID2 "\","
	    "\"impressions_limit\":10,\"clicks_limit\":3,\"cost_per_impression\":0.1,"
	    "\"cost_per_click\":0.3,\"ad_title\":\"T\",\"ad_text\":\"X\",\"ad_image\":null,"
	    "\"start_date\":1,\"end_date\":2,\"moderation\":\"ok\",\"targeting\":{\"gender\":null,"
	    "\"age_from\":null,"
	    "\"age_to\":null,\"location\":\"B\"}}");
	json_object_put(o);
	json_object_put(body);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_create_good),
		cmocka_unit_test(test_parse_create_edges),
		cmocka_unit_test(test_parse_create_bad),
		cmocka_unit_test(test_parse_bad_bodies),
		cmocka_unit_test(test_parse_prefix),
		cmocka_unit_test(test_parse_targeting),
		cmocka_unit_test(test_parse_update),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_apply_targeting_replaces),
		cmocka_unit_test(test_check_update),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_targeting_matches),
		cmocka_unit_test(test_targeting_matches_lengths),
		cmocka_unit_test(test_targeting_clear),
		cmocka_unit_test(test_to_json),
		cmocka_unit_test(test_parse_apply_to_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
