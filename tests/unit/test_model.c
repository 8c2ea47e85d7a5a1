/* test_model.c -- unit tests for entity parsing and JSON output (core/model). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_helpers.h"
#include "core/jv.h"
#include "core/model.h"

#define ID1 "123e4567-e89b-12d3-a456-426614174000"
#define ID2 "abcdef01-2345-6789-abcd-ef0123456789"
#define ID1_UPPER "123E4567-E89B-12D3-A456-426614174000"

/* A body that must be refused, and the detail that says why. */
struct bad_case {
	const char *body;
	const char *detail;
};

/* --- clients --------------------------------------------------------------------------------- */

static void
test_client_good(void **state)
{
	struct json_object *o = parse_ok("{\"client_id\":\"" ID1_UPPER "\",\"login\":\"alice\","
	                                 "\"age\":25,\"location\":\"Moscow\",\"gender\":\"FEMALE\","
	                                 "\"extra\":[1,{\"x\":null}],\"age_next\":\"x\"}");
	struct client c;
	struct jv v;

	memset(&c, 0, sizeof(c));
	jv_init(&v);
	assert_int_equal(client_parse(&v, o, &c), 0);
	assert_false(v.failed);
	assert_string_equal(c.id.s, ID1);
	assert_int_equal(c.login_len, 5);
	assert_memory_equal(c.login, "alice", 5);
	assert_int_equal(c.age, 25);
	assert_int_equal(c.location_len, 6);
	assert_memory_equal(c.location, "Moscow", 6);
	assert_int_equal(c.gender, GENDER_FEMALE);
	json_object_put(o);
}

/* Accepted edges: the age bounds, an integral float, MALE, UTF-8 and a space-only login. */
static void
test_client_good_variants(void **state)
{
	static const struct {
		const char *body;
		int age;
		enum gender gender;
		const char *login;
	} cases[] = {
		{ "{\"client_id\":\"" ID1 "\",\"login\":\"a\",\"age\":0,\"location\":\"x\","
		  "\"gender\":\"MALE\"}",
		    0, GENDER_MALE, "a" },
		{ "{\"client_id\":\"" ID1 "\",\"login\":\"a\",\"age\":100,\"location\":\"x\","
		  "\"gender\":\"MALE\"}",
		    100, GENDER_MALE, "a" },
		{ "{\"client_id\":\"" ID1 "\",\"login\":\"a\",\"age\":25.0,\"location\":\"x\","
		  "\"gender\":\"FEMALE\"}",
		    25, GENDER_FEMALE, "a" },
		{ "{\"gender\":\"MALE\",\"location\":\"x\",\"age\":7,\"login\":\"\xd0\xaf\","
		  "\"client_id\":\"" ID1 "\"}",
		    7, GENDER_MALE, "\xd0\xaf" },
		{ "{\"client_id\":\"" ID1 "\",\"login\":\" \",\"age\":1,\"location\":\"x\","
		  "\"gender\":\"MALE\"}",
		    1, GENDER_MALE, " " },
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		struct json_object *o = parse_ok(cases[i].body);
		struct client c;
		struct jv v;

		jv_init(&v);
		if (client_parse(&v, o, &c) != 0)
			fail_msg("client_parse(%s): %s", cases[i].body, v.detail);
		assert_int_equal(c.age, cases[i].age);
		assert_int_equal(c.gender, cases[i].gender);
		assert_int_equal(c.login_len, strlen(cases[i].login));
		assert_memory_equal(c.login, cases[i].login, c.login_len);
		json_object_put(o);
	}
}

#define CLIENT_WITH(fields) "{" fields "}"
#define GOOD_ID "\"client_id\":\"" ID1 "\""
#define GOOD_LOGIN "\"login\":\"alice\""
#define GOOD_AGE "\"age\":25"
#define GOOD_LOC "\"location\":\"Moscow\""
#define GOOD_GENDER "\"gender\":\"MALE\""
#define ALL_BUT_ID GOOD_LOGIN "," GOOD_AGE "," GOOD_LOC "," GOOD_GENDER
#define ALL_BUT_LOGIN GOOD_ID "," GOOD_AGE "," GOOD_LOC "," GOOD_GENDER
#define ALL_BUT_AGE GOOD_ID "," GOOD_LOGIN "," GOOD_LOC "," GOOD_GENDER
#define ALL_BUT_LOC GOOD_ID "," GOOD_LOGIN "," GOOD_AGE "," GOOD_GENDER
#define ALL_BUT_GENDER GOOD_ID "," GOOD_LOGIN "," GOOD_AGE "," GOOD_LOC

static const struct bad_case client_bad[] = {
	{ "[]", "body: must be a JSON object" },
	{ "\"client\"", "body: must be a JSON object" },
	{ "{}", "client_id: is required" },
	/* client_id */
	{ CLIENT_WITH(ALL_BUT_ID), "client_id: is required" },
	{ CLIENT_WITH("\"client_id\":\"not-a-uuid\"," ALL_BUT_ID),
	    "client_id: must be a UUID in 8-4-4-4-12 hex form" },
	{ CLIENT_WITH("\"client_id\":\"{" ID1 "}\"," ALL_BUT_ID),
	    "client_id: must be a UUID in 8-4-4-4-12 hex form" },
	{ CLIENT_WITH("\"client_id\":5," ALL_BUT_ID),
	    "client_id: must be a UUID string, not an integer" },
	{ CLIENT_WITH("\"client_id\":null," ALL_BUT_ID),
	    "client_id: must be a UUID string, not null" },
	/* login */
	{ CLIENT_WITH(ALL_BUT_LOGIN), "login: is required" },
	{ CLIENT_WITH("\"login\":\"\"," ALL_BUT_LOGIN), "login: must not be empty" },
	{ CLIENT_WITH("\"login\":5," ALL_BUT_LOGIN), "login: must be a string, not an integer" },
	{ CLIENT_WITH("\"login\":null," ALL_BUT_LOGIN), "login: must be a string, not null" },
	{ CLIENT_WITH("\"login\":[\"a\"]," ALL_BUT_LOGIN),
	    "login: must be a string, not an array" },
	{ CLIENT_WITH("\"login\":\"a\\u0000b\"," ALL_BUT_LOGIN),
	    "login: must not contain NUL characters" },
	{ CLIENT_WITH("\"login\":\"\xc0\xaf\"," ALL_BUT_LOGIN), "login: must be valid UTF-8 text" },
	/* age */
	{ CLIENT_WITH(ALL_BUT_AGE), "age: is required" },
	{ CLIENT_WITH("\"age\":-1," ALL_BUT_AGE), "age: must be an integer between 0 and 100" },
	{ CLIENT_WITH("\"age\":101," ALL_BUT_AGE), "age: must be an integer between 0 and 100" },
	{ CLIENT_WITH("\"age\":99999999999999999999999," ALL_BUT_AGE),
	    "age: must be an integer between 0 and 100" },
	{ CLIENT_WITH("\"age\":-99999999999999999999999," ALL_BUT_AGE),
	    "age: must be an integer between 0 and 100" },
	{ CLIENT_WITH("\"age\":4294967321," ALL_BUT_AGE),
	    "age: must be an integer between 0 and 100" },
	{ CLIENT_WITH("\"age\":\"25\"," ALL_BUT_AGE), "age: must be an integer, not a string" },
	{ CLIENT_WITH("\"age\":25.5," ALL_BUT_AGE),
	    "age: must be an integer, not a fractional number" },
	{ CLIENT_WITH("\"age\":null," ALL_BUT_AGE), "age: must be an integer, not null" },
	{ CLIENT_WITH("\"age\":true," ALL_BUT_AGE), "age: must be an integer, not a boolean" },
	{ CLIENT_WITH("\"age\":{}," ALL_BUT_AGE), "age: must be an integer, not an object" },
	/* location */
	{ CLIENT_WITH(ALL_BUT_LOC), "location: is required" },
	{ CLIENT_WITH("\"location\":\"\"," ALL_BUT_LOC), "location: must not be empty" },
	{ CLIENT_WITH("\"location\":1," ALL_BUT_LOC),
	    "location: must be a string, not an integer" },
	/* gender */
	{ CLIENT_WITH(ALL_BUT_GENDER), "gender: is required" },
	{ CLIENT_WITH("\"gender\":\"ALL\"," ALL_BUT_GENDER),
	    "gender: must be one of MALE, FEMALE" },
	{ CLIENT_WITH("\"gender\":\"female\"," ALL_BUT_GENDER),
	    "gender: must be one of MALE, FEMALE" },
	{ CLIENT_WITH("\"gender\":\"\"," ALL_BUT_GENDER), "gender: must be one of MALE, FEMALE" },
	{ CLIENT_WITH("\"gender\":null," ALL_BUT_GENDER), "gender: must be a string, not null" },
	{ CLIENT_WITH("\"gender\":0," ALL_BUT_GENDER), "gender: must be a string, not an integer" },
	/* several faults: the first field in schema order is named */
	{ "{\"gender\":\"X\",\"age\":-1,\"login\":\"\",\"client_id\":\"" ID1 "\"}",
	    "login: must not be empty" },
	{ "{\"gender\":\"X\",\"age\":-1,\"login\":\"a\",\"location\":\"b\"}",
	    "client_id: is required" },
	{ "{\"gender\":\"X\",\"age\":-1,\"login\":\"a\",\"client_id\":\"" ID1 "\"}",
	    "age: must be an integer between 0 and 100" },
};

static void
test_client_bad(void **state)
{
	size_t i;

	for (i = 0; i < NELEM(client_bad); i++) {
		struct json_object *o = parse_ok(client_bad[i].body);
		struct client c;
		struct jv v;

		jv_init(&v);
		if (client_parse(&v, o, &c) != -1)
			fail_msg("client_parse(%s) accepted it", client_bad[i].body);
		assert_true(v.failed);
		if (strcmp(v.detail, client_bad[i].detail) != 0)
			fail_msg("client_parse(%s): \"%s\", want \"%s\"", client_bad[i].body,
			    v.detail, client_bad[i].detail);
		json_object_put(o);
	}
}

/* Builds {"client_id":..., "login":"<n x's>", ...}. */
static char *
client_with_login_len(size_t n)
{
	static const char head[] = "{\"client_id\":\"" ID1 "\",\"login\":\"";
	static const char tail[] = "\",\"age\":1,\"location\":\"x\",\"gender\":\"MALE\"}";
	char *s = malloc(sizeof(head) + n + sizeof(tail));

	assert_non_null(s);
	memcpy(s, head, sizeof(head) - 1);
	memset(s + sizeof(head) - 1, 'x', n);
	memcpy(s + sizeof(head) - 1 + n, tail, sizeof(tail));
	return s;
}

static void
test_client_login_length(void **state)
{
	struct json_object *o;
	struct client c;
	struct jv v;
	char *s;

	s = client_with_login_len(MODEL_NAME_MAX);
	o = parse_ok(s);
	jv_init(&v);
	assert_int_equal(client_parse(&v, o, &c), 0);
	assert_int_equal(c.login_len, MODEL_NAME_MAX);
	json_object_put(o);
	free(s);

	s = client_with_login_len(MODEL_NAME_MAX + 1);
	o = parse_ok(s);
	jv_init(&v);
	assert_int_equal(client_parse(&v, o, &c), -1);
	assert_string_equal(v.detail, "login: must be at most 1000 bytes long");
	json_object_put(o);
	free(s);
}

/* Inside a bulk body the detail names the item. */
static void
test_client_bulk_prefix(void **state)
{
	struct json_object *o = parse_ok(CLIENT_WITH("\"age\":101," ALL_BUT_AGE));
	struct client c;
	struct jv v;

	jv_init(&v);
	jv_set_index(&v, 3);
	assert_int_equal(client_parse(&v, o, &c), -1);
	assert_string_equal(v.detail, "[3].age: must be an integer between 0 and 100");
	json_object_put(o);
}

/*
 * An item of a bulk that is not an object: the detail names the item once, e.g. "[3]: must be
 * a JSON object" -- not "[3].[3].: ..." (the prefix used both as prefix and as field name).
 */
static void
test_bulk_item_not_object_detail(void **state)
{
	static const char *const items[] = { "1", "\"client\"", "[]", "true" };
	struct json_object *arr = parse_ok("[1,\"client\",[],true]");
	size_t i;
	int bad = 0;

	for (i = 0; i < NELEM(items); i++) {
		struct json_object *item = json_object_array_get_idx(arr, i);
		struct advertiser a;
		struct client c;
		struct jv v;
		int r;

		jv_init(&v);
		jv_set_index(&v, 3);
		r = client_parse(&v, item, &c);
		if (r != -1 || strncmp(v.detail, "[3]", 3) != 0 ||
		    strstr(v.detail, "[3].[3]") != NULL ||
		    strstr(v.detail, "must be a JSON object") == NULL) {
			print_error(
			    "client_parse(%s) as item 3: %d \"%s\"\n", items[i], r, v.detail);
			bad++;
		}

		jv_init(&v);
		jv_set_index(&v, 3);
		r = advertiser_parse(&v, item, &a);
		if (r != -1 || strncmp(v.detail, "[3]", 3) != 0 ||
		    strstr(v.detail, "[3].[3]") != NULL ||
		    strstr(v.detail, "must be a JSON object") == NULL) {
			print_error(
			    "advertiser_parse(%s) as item 3: %d \"%s\"\n", items[i], r, v.detail);
			bad++;
		}
	}
	json_object_put(arr);
	assert_int_equal(bad, 0);
}

/* --- advertisers ----------------------------------------------------------------------------- */

static void
test_advertiser_good(void **state)
{
	struct json_object *o =
	    parse_ok("{\"name\":\"Acme \\\"Ads\\\"\",\"advertiser_id\":\"" ID1_UPPER "\",\"x\":1}");
	struct advertiser a;
	struct jv v;

	jv_init(&v);
	assert_int_equal(advertiser_parse(&v, o, &a), 0);
	assert_false(v.failed);
	assert_string_equal(a.id.s, ID1);
	assert_int_equal(a.name_len, 10);
	assert_memory_equal(a.name, "Acme \"Ads\"", 10);
	json_object_put(o);
}

static const struct bad_case advertiser_bad[] = {
	{ "[]", "body: must be a JSON object" },
	{ "{}", "advertiser_id: is required" },
	{ "{\"name\":\"Acme\"}", "advertiser_id: is required" },
	{ "{\"advertiser_id\":\"" ID1 "\"}", "name: is required" },
	{ "{\"advertiser_id\":\"x\",\"name\":\"Acme\"}",
	    "advertiser_id: must be a UUID in 8-4-4-4-12 hex form" },
	{ "{\"advertiser_id\":[],\"name\":\"Acme\"}",
	    "advertiser_id: must be a UUID string, not an array" },
	{ "{\"advertiser_id\":\"" ID1 "\",\"name\":\"\"}", "name: must not be empty" },
	{ "{\"advertiser_id\":\"" ID1 "\",\"name\":null}", "name: must be a string, not null" },
	{ "{\"advertiser_id\":\"" ID1 "\",\"name\":1.5}",
	    "name: must be a string, not a fractional number" },
	{ "{\"advertiser_id\":\"" ID1 "\",\"name\":\"\\u0000\"}",
	    "name: must not contain NUL characters" },
	{ "{\"advertiser_id\":\"" ID1 "\",\"name\":\"\xed\xa0\x80\"}",
	    "name: must be valid UTF-8 text" },
};

static void
test_advertiser_bad(void **state)
{
	size_t i;

	for (i = 0; i < NELEM(advertiser_bad); i++) {
		struct json_object *o = parse_ok(advertiser_bad[i].body);
		struct advertiser a;
		struct jv v;

		jv_init(&v);
		if (advertiser_parse(&v, o, &a) != -1)
			fail_msg("advertiser_parse(%s) accepted it", advertiser_bad[i].body);
		if (strcmp(v.detail, advertiser_bad[i].detail) != 0)
			fail_msg("advertiser_parse(%s): \"%s\", want \"%s\"",
			    advertiser_bad[i].body, v.detail, advertiser_bad[i].detail);
		json_object_put(o);
	}
}

/* --- ML scores ------------------------------------------------------------------------------- */

static void
test_ml_score_good(void **state)
{
	static const struct {
		const char *score;
		int64_t want;
	} cases[] = {
		{ "0", 0 },
		{ "7", 7 },
		{ "25.0", 25 },
		{ "9223372036854775807", INT64_MAX },
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		char body[256];
		struct json_object *o;
		struct ml_score s;
		struct jv v;
		int n = snprintf(body, sizeof(body),
		    "{\"client_id\":\"%s\",\"advertiser_id\":\"%s\",\"score\":%s}", ID1_UPPER, ID2,
		    cases[i].score);

		assert_true(n > 0 && (size_t)n < sizeof(body));
		o = parse_ok(body);
		jv_init(&v);
		if (ml_score_parse(&v, o, &s) != 0)
			fail_msg("ml_score_parse(%s): %s", body, v.detail);
		assert_string_equal(s.client_id.s, ID1);
		assert_string_equal(s.advertiser_id.s, ID2);
		assert_int_equal(s.score, cases[i].want);
		json_object_put(o);
	}
}

#define SCORE_IDS "\"client_id\":\"" ID1 "\",\"advertiser_id\":\"" ID2 "\""

static const struct bad_case ml_score_bad[] = {
	{ "[]", "body: must be a JSON object" },
	{ "{}", "client_id: is required" },
	{ "{\"advertiser_id\":\"" ID2 "\",\"score\":1}", "client_id: is required" },
	{ "{\"client_id\":\"" ID1 "\",\"score\":1}", "advertiser_id: is required" },
	{ "{\"client_id\":\"" ID1 "\",\"advertiser_id\":\"zz\",\"score\":1}",
	    "advertiser_id: must be a UUID in 8-4-4-4-12 hex form" },
	{ "{" SCORE_IDS "}", "score: is required" },
	{ "{" SCORE_IDS ",\"score\":-1}", "score: must be an integer >= 0" },
	{ "{" SCORE_IDS ",\"score\":1.5}", "score: must be an integer, not a fractional number" },
	{ "{" SCORE_IDS ",\"score\":\"1\"}", "score: must be an integer, not a string" },
	{ "{" SCORE_IDS ",\"score\":null}", "score: must be an integer, not null" },
	{ "{" SCORE_IDS ",\"score\":[1]}", "score: must be an integer, not an array" },
	{ "{" SCORE_IDS ",\"score\":9223372036854775808}", "score: must be an integer >= 0" },
	{ "{" SCORE_IDS ",\"score\":99999999999999999999999}", "score: must be an integer >= 0" },
	{ "{" SCORE_IDS ",\"score\":1e300}", "score: must be an integer >= 0" },
};

static void
test_ml_score_bad(void **state)
{
	size_t i;

	for (i = 0; i < NELEM(ml_score_bad); i++) {
		struct json_object *o = parse_ok(ml_score_bad[i].body);
		struct ml_score s;
		struct jv v;

		jv_init(&v);
		if (ml_score_parse(&v, o, &s) != -1)
			fail_msg("ml_score_parse(%s) accepted it", ml_score_bad[i].body);
		if (strcmp(v.detail, ml_score_bad[i].detail) != 0)
			fail_msg("ml_score_parse(%s): \"%s\", want \"%s\"", ml_score_bad[i].body,
			    v.detail, ml_score_bad[i].detail);
		json_object_put(o);
	}
}

/* --- output and round trips ------------------------------------------------------------------ */

static void
test_client_to_json(void **state)
{
	/* login and location are (pointer, length): the bytes after length are not output */
	static const char login[] = "alice-and-more";
	static const char location[] =
	    "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0 \"centre\"";
	struct client c = { .login = login,
		.login_len = 5,
		.age = 42,
		.location = location,
		.location_len = sizeof(location) - 1,
		.gender = GENDER_MALE };
	struct json_object *o, *back;
	struct client r;
	struct jv v;

	memcpy(c.id.s, ID1, sizeof(c.id.s));
	o = client_to_json(&c);
	assert_non_null(o);
	assert_string_equal(plain(o),
	    "{\"client_id\":\"" ID1 "\",\"login\":\"alice\",\"age\":42,"
	    "\"location\":\"\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0 \\\"centre\\\"\","
	    "\"gender\":\"MALE\"}");

	back = parse_ok(plain(o));
	jv_init(&v);
	assert_int_equal(client_parse(&v, back, &r), 0);
	assert_string_equal(r.id.s, c.id.s);
	assert_int_equal(r.login_len, c.login_len);
	assert_memory_equal(r.login, c.login, c.login_len);
	assert_int_equal(r.age, c.age);
	assert_int_equal(r.location_len, c.location_len);
	assert_memory_equal(r.location, c.location, c.location_len);
	assert_int_equal(r.gender, c.gender);
	json_object_put(back);
	json_object_put(o);
}

/* Whatever client_parse accepts, client_to_json writes back the same values. */
static void
test_client_round_trip(void **state)
{
	static const char *const bodies[] = {
		"{\"client_id\":\"" ID1 "\",\"login\":\"a\",\"age\":0,\"location\":\"b\","
		"\"gender\":\"FEMALE\"}",
		"{\"client_id\":\"" ID1_UPPER "\",\"login\":\"a/b\\\\c\\n\\t\\u0001\","
		"\"age\":100,\"location\":\"\xe2\x82\xac \\u00e9\",\"gender\":\"MALE\"}",
	};
	size_t i;

	for (i = 0; i < NELEM(bodies); i++) {
		struct json_object *in = parse_ok(bodies[i]), *out, *back;
		struct client a, b;
		struct jv v;

		jv_init(&v);
		assert_int_equal(client_parse(&v, in, &a), 0);
		out = client_to_json(&a);
		assert_non_null(out);
		back = parse_ok(plain(out));
		assert_int_equal(client_parse(&v, back, &b), 0);
		assert_string_equal(a.id.s, b.id.s);
		assert_int_equal(a.login_len, b.login_len);
		assert_memory_equal(a.login, b.login, a.login_len);
		assert_int_equal(a.age, b.age);
		assert_int_equal(a.location_len, b.location_len);
		assert_memory_equal(a.location, b.location, a.location_len);
		assert_int_equal(a.gender, b.gender);
		json_object_put(back);
		json_object_put(out);
		json_object_put(in);
	}
}

static void
test_advertiser_to_json(void **state)
{
	static const char name[] = "Acme \"Ads\" \xe2\x84\xa2";
	struct advertiser a = { .name = name, .name_len = sizeof(name) - 1 };
	struct json_object *o, *back;
	struct advertiser r;
	struct jv v;

	memcpy(a.id.s, ID2, sizeof(a.id.s));
	o = advertiser_to_json(&a);
	assert_non_null(o);
	assert_string_equal(
	    plain(o), "{\"advertiser_id\":\"" ID2 "\",\"name\":\"Acme \\\"Ads\\\" \xe2\x84\xa2\"}");
	back = parse_ok(plain(o));
	jv_init(&v);
	assert_int_equal(advertiser_parse(&v, back, &r), 0);
	assert_string_equal(r.id.s, ID2);
	assert_int_equal(r.name_len, a.name_len);
	assert_memory_equal(r.name, name, a.name_len);
	json_object_put(back);
	json_object_put(o);
}

static void
test_ml_score_to_json(void **state)
{
	static const int64_t scores[] = { 0, 1, 123456789012LL, INT64_MAX };
	static const char *const want[] = {
		"{\"client_id\":\"" ID1 "\",\"advertiser_id\":\"" ID2 "\",\"score\":0}",
		"{\"client_id\":\"" ID1 "\",\"advertiser_id\":\"" ID2 "\",\"score\":1}",
		"{\"client_id\":\"" ID1 "\",\"advertiser_id\":\"" ID2 "\",\"score\":123456789012}",
		"{\"client_id\":\"" ID1 "\",\"advertiser_id\":\"" ID2
		"\",\"score\":9223372036854775807}",
	};
	size_t i;

	for (i = 0; i < NELEM(scores); i++) {
		struct ml_score s = { .score = scores[i] }, r;
		struct json_object *o, *back;
		struct jv v;

		memcpy(s.client_id.s, ID1, sizeof(s.client_id.s));
		memcpy(s.advertiser_id.s, ID2, sizeof(s.advertiser_id.s));
		o = ml_score_to_json(&s);
		assert_non_null(o);
		assert_string_equal(plain(o), want[i]);
		back = parse_ok(plain(o));
		jv_init(&v);
		assert_int_equal(ml_score_parse(&v, back, &r), 0);
		assert_string_equal(r.client_id.s, ID1);
		assert_string_equal(r.advertiser_id.s, ID2);
		assert_int_equal(r.score, scores[i]);
		json_object_put(back);
		json_object_put(o);
	}
}

static void
test_gender_names(void **state)
{
	assert_string_equal(gender_names[GENDER_MALE], "MALE");
	assert_string_equal(gender_names[GENDER_FEMALE], "FEMALE");
	assert_string_equal(gender_names[GENDER_ALL], "ALL");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_client_good),
		cmocka_unit_test(test_client_good_variants),
		cmocka_unit_test(test_client_bad),
		cmocka_unit_test(test_client_login_length),
		cmocka_unit_test(test_client_bulk_prefix),
		cmocka_unit_test(test_bulk_item_not_object_detail),
		cmocka_unit_test(test_advertiser_good),
		cmocka_unit_test(test_advertiser_bad),
		cmocka_unit_test(test_ml_score_good),
		cmocka_unit_test(test_ml_score_bad),
		cmocka_unit_test(test_client_to_json),
		cmocka_unit_test(test_client_round_trip),
		cmocka_unit_test(test_advertiser_to_json),
		cmocka_unit_test(test_ml_score_to_json),
		cmocka_unit_test(test_gender_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
