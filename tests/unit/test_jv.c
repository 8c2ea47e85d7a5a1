/* test_jv.c -- unit tests for body parsing and the typed field getters (core/jv). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/jv.h"
#include "core/money.h"

#define S(lit) lit, sizeof(lit) - 1

/* Parses text that must be valid; the caller releases the result. */
static struct json_object *
parse_ok(const char *text, size_t n)
{
	char err[128] = "";
	struct json_object *o = jv_parse(text, n, err, sizeof(err));

	if (o == NULL)
		fail_msg("jv_parse(%.*s): NULL, %s", (int)n, text, err);
	return o;
}

static const char *
plain(struct json_object *o)
{
	return json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
}

/* --- jv_parse ------------------------------------------------------------------------------ */

struct parse_case {
	const char *in;
	size_t n;
	enum json_type type;
	const char *out; /* plain serialisation of the result */
};

static const struct parse_case valid_cases[] = {
	{ S("{}"), json_type_object, "{}" },
	{ S("[]"), json_type_array, "[]" },
	{ S("{\"a\":1}"), json_type_object, "{\"a\":1}" },
	{ S("{\"a\":[1,2.5,{\"b\":null}],\"c\":\"d\"}"), json_type_object,
	    "{\"a\":[1,2.5,{\"b\":null}],\"c\":\"d\"}" },
	{ S(" \t\r\n{ \"a\" : [ true , false ] } \n\t "), json_type_object,
	    "{\"a\":[true,false]}" },
	{ S("[\"x\",-1,0,1e2,-0.5E-3]"), json_type_array, "[\"x\",-1,0,1e2,-0.5E-3]" },
	{ S("{\"\":\"\"}"), json_type_object, "{\"\":\"\"}" },
	{ S("\"s\""), json_type_string, "\"s\"" },
	{ S(" 12 "), json_type_int, "12" },
	{ S("\"caf\xc3\xa9\""), json_type_string, "\"caf\xc3\xa9\"" },
	{ S("\"\\u00e9\\n\\\"\\/\""), json_type_string, "\"\xc3\xa9\\n\\\"\\/\"" },
	{ S("{\"big\":99999999999999999999999}"), json_type_object,
	    "{\"big\":18446744073709551615}" },
	/* only n bytes are read: what follows does not count */
	{ "{}garbage", 2, json_type_object, "{}" },
	{ "[1]]", 3, json_type_array, "[1]" },
};

static void
test_parse_valid(void **state)
{
	size_t i;

	for (i = 0; i < NELEM(valid_cases); i++) {
		const struct parse_case *c = &valid_cases[i];
		struct json_object *o = parse_ok(c->in, c->n);

		if (json_object_get_type(o) != c->type || strcmp(plain(o), c->out) != 0)
			fail_msg("jv_parse(%.*s): type %d %s, want type %d %s", (int)c->n, c->in,
			    json_object_get_type(o), plain(o), c->type, c->out);
		json_object_put(o);
	}
}

/* A string with an escaped NUL parses; jv_str refuses it later (see test_str_table). */
static void
test_parse_escaped_nul(void **state)
{
	struct json_object *o = parse_ok(S("\"a\\u0000b\""));

	assert_int_equal(json_object_get_type(o), json_type_string);
	assert_int_equal(json_object_get_string_len(o), 3);
	assert_memory_equal(json_object_get_string(o), "a\0b", 3);
	json_object_put(o);
}

struct bad_case {
	const char *in;
	size_t n;
};

static const struct bad_case invalid_cases[] = {
	/* empty */
	{ S("") },
	{ S("   ") },
	{ S("\n") },
	/* unfinished or unbalanced */
	{ S("{") },
	{ S("}") },
	{ S("[") },
	{ S("[1") },
	{ S("{\"a\":1") },
	{ S("{\"a\":") },
	{ S("\"abc") },
	{ S("{\"a\":1}}") },
	{ S("[1]]") },
	/* trailing garbage */
	{ S("{} x") },
	{ S("{}{}") },
	{ S("[]0") },
	{ S("\"a\"\"b\"") },
	{ S("1 2") },
	{ S("{}\0") },
	{ S("{}\x0b") },
	/* not JSON syntax */
	{ S("[1,]") },
	{ S("[,1]") },
	{ S("[1 2]") },
	{ S("{\"a\":1,}") },
	{ S("{,}") },
	{ S("{\"a\" 1}") },
	{ S("{\"a\":}") },
	{ S("{'a':1}") },
	{ S("{\"a\":'b'}") },
	{ S("{a:1}") },
	{ S("{1:1}") },
	{ S("/* c */ {}") },
	{ S("// c\n{}") },
	{ S("{} // c") },
	{ S("\xef\xbb\xbf{}") },
	/* literals and numbers */
	{ S("tru") },
	{ S("nul") },
	{ S("True") },
	{ S("NULL") },
	{ S("NaN") },
	{ S("Infinity") },
	{ S("-Infinity") },
	{ S("[NaN]") },
	{ S("[01]") },
	{ S("[-01]") },
	{ S("[1.]") },
	{ S("[.5]") },
	{ S("[+1]") },
	{ S("[-]") },
	{ S("[1e]") },
	{ S("[1e+]") },
	{ S("[--1]") },
	{ S("[0x10]") },
	{ S("01") },
	{ S(".5") },
	{ S("+1") },
	{ S("-") },
	/* strings */
	{ S("\"\t\"") },
	{ S("\"a\nb\"") },
	{ S("\"\x01\"") },
	{ S("\"\x1f\"") },
	{ S("\"\\a\"") },
	{ S("\"\\x41\"") },
	{ S("\"\\u12\"") },
	{ S("\"\\u12g4\"") },
	{ S("\"\\\"") },
	{ S("\"a\0b\"") },
	/* invalid UTF-8 */
	{ S("\"\xff\"") },
	{ S("{\"a\":\"\xc3\x28\"}") },
	{ S("{\"\xff\":1}") },
	{ S("[\"\xc3\"]") },
	{ S("[\"\xe2\x82\"]") },
	{ S("[\"\x80\"]") },
};

static void
test_parse_invalid(void **state)
{
	size_t i;

	for (i = 0; i < NELEM(invalid_cases); i++) {
		const struct bad_case *c = &invalid_cases[i];
		char err[128];
		struct json_object *o;

		memset(err, 0, sizeof(err));
		o = jv_parse(c->in, c->n, err, sizeof(err));
		if (o != NULL) {
			fail_msg("case %zu: jv_parse(%.*s) accepted it as %s", i, (int)c->n, c->in,
			    plain(o));
		}
		if (strncmp(err, "malformed JSON", 14) != 0)
			fail_msg("case %zu: jv_parse(%.*s): err \"%s\"", i, (int)c->n, c->in, err);
	}
}

static void
test_parse_empty_message(void **state)
{
	char err[128] = "";

	assert_null(jv_parse("", 0, err, sizeof(err)));
	assert_string_equal(err, "malformed JSON: the body is empty");
}

/* The message is cut to the buffer and stays NUL-terminated. */
static void
test_parse_small_err_buffer(void **state)
{
	char err[8];

	memset(err, 'X', sizeof(err));
	assert_null(jv_parse(S("{x}"), err, sizeof(err)));
	assert_string_equal(err, "malform");
}

/* Builds depth nested containers: "[[...]]" or {"a":{"a":...1}}. */
static char *
nest(int depth, bool objects, size_t *len)
{
	char *s = malloc((size_t)depth * 6 + 2);
	size_t i = 0;
	int k;

	assert_non_null(s);
	for (k = 0; k < depth; k++) {
		if (objects) {
			memcpy(s + i, "{\"a\":", 5);
			i += 5;
		} else {
			s[i++] = '[';
		}
	}
	if (objects)
		s[i++] = '1';
	for (k = 0; k < depth; k++)
		s[i++] = objects ? '}' : ']';
	s[i] = '\0';
	*len = i;
	return s;
}

/* JV_MAX_DEPTH levels of nesting are fine; one more is refused, whatever the containers. */
static void
test_parse_depth(void **state)
{
	int objects;

	for (objects = 0; objects <= 1; objects++) {
		struct json_object *o;
		char err[128];
		size_t len;
		char *s;

		s = nest(JV_MAX_DEPTH, objects, &len);
		o = parse_ok(s, len);
		json_object_put(o);
		free(s);

		s = nest(JV_MAX_DEPTH + 1, objects, &len);
		err[0] = '\0';
		assert_null(jv_parse(s, len, err, sizeof(err)));
		assert_true(strncmp(err, "malformed JSON", 14) == 0);
		free(s);
	}
}

/* Far deeper than any stack should take: refused, and quickly. */
static void
test_parse_very_deep(void **state)
{
	enum { N = 200000 };
	char *s = malloc(N);
	char err[128] = "";

	assert_non_null(s);
	memset(s, '[', N);
	assert_null(jv_parse(s, N, err, sizeof(err)));
	assert_true(strncmp(err, "malformed JSON", 14) == 0);
	free(s);
}

/*
 * A JSON text may be any value (RFC 8259 section 2), and jv_parse means to accept a bare
 * number ("end of input ends a bare number"); scalar bodies reach jv_value_int this way.
 */
static void
test_parse_bare_scalars(void **state)
{
	static const struct parse_case cases[] = {
		{ S("1"), json_type_int, "1" },
		{ S("0"), json_type_int, "0" },
		{ S("-1"), json_type_int, "-1" },
		{ S("25"), json_type_int, "25" },
		{ S("1.5"), json_type_double, "1.5" },
		{ S("1e2"), json_type_double, "1e2" },
		{ S("true"), json_type_boolean, "true" },
		{ S("false"), json_type_boolean, "false" },
		{ S(" 12"), json_type_int, "12" },
		{ S("12 "), json_type_int, "12" },
	};
	size_t i;
	int bad = 0;

	for (i = 0; i < NELEM(cases); i++) {
		char err[128] = "";
		struct json_object *o = jv_parse(cases[i].in, cases[i].n, err, sizeof(err));

		if (o == NULL) {
			print_error("jv_parse(\"%s\"): NULL, %s\n", cases[i].in, err);
			bad++;
			continue;
		}
		if (json_object_get_type(o) != cases[i].type ||
		    strcmp(plain(o), cases[i].out) != 0) {
			print_error("jv_parse(\"%s\"): %s\n", cases[i].in, plain(o));
			bad++;
		}
		json_object_put(o);
	}
	assert_int_equal(bad, 0);
}

/* "null" is valid JSON that json-c represents as NULL: refused, but with a sensible reason. */
static void
test_parse_null_body(void **state)
{
	char err[128] = "";

	assert_null(jv_parse(S("null"), err, sizeof(err)));
	assert_true(err[0] != '\0');
	if (strstr(err, "success") != NULL)
		fail_msg("jv_parse(\"null\"): err \"%s\"", err);
}

/* --- jv_fail, jv_set_index, jv_is_object ---------------------------------------------------- */

static void
test_fail_format(void **state)
{
	struct jv v;

	jv_init(&v);
	assert_false(v.failed);
	assert_string_equal(v.detail, "");
	assert_int_equal(jv_fail(&v, "field", "is %s (%d)", "wrong", 7), -1);
	assert_true(v.failed);
	assert_string_equal(v.detail, "field: is wrong (7)");
	/* The first failure is the one kept. */
	assert_int_equal(jv_fail(&v, "other", "is also wrong"), -1);
	assert_string_equal(v.detail, "field: is wrong (7)");
	jv_init(&v);
	assert_false(v.failed);
	assert_string_equal(v.detail, "");
}

static void
test_fail_truncates(void **state)
{
	char field[400], msg[400];
	struct jv v;

	memset(field, 'f', sizeof(field) - 1);
	field[sizeof(field) - 1] = '\0';
	memset(msg, 'm', sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = '\0';

	jv_init(&v);
	assert_int_equal(jv_fail(&v, field, "x"), -1);
	assert_true(v.failed);
	assert_int_equal(strlen(v.detail), JV_DETAIL_MAX - 1);
	assert_memory_equal(v.detail, field, JV_DETAIL_MAX - 1);

	jv_init(&v);
	assert_int_equal(jv_fail(&v, "f", "%s", msg), -1);
	assert_int_equal(strlen(v.detail), JV_DETAIL_MAX - 1);
	assert_memory_equal(v.detail, "f: mmm", 6);
}

static void
test_set_index(void **state)
{
	static const struct {
		size_t index;
		const char *want;
	} cases[] = {
		{ 0, "[0].f: bad" },
		{ 3, "[3].f: bad" },
		{ 12345, "[12345].f: bad" },
		{ SIZE_MAX, "[18446744073709551615].f: bad" },
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		struct jv v;

		jv_init(&v);
		jv_set_index(&v, cases[i].index);
		assert_int_equal(jv_fail(&v, "f", "bad"), -1);
		assert_string_equal(v.detail, cases[i].want);
	}
}

static void
test_is_object(void **state)
{
	struct json_object *o = parse_ok(S("{\"obj\":{},\"arr\":[],\"str\":\"x\",\"n\":null}"));
	struct json_object *val;
	struct jv v;

	jv_init(&v);
	assert_true(jv_is_object(&v, o, "body"));
	assert_true(json_object_object_get_ex(o, "obj", &val));
	assert_true(jv_is_object(&v, val, "obj"));
	assert_false(v.failed);

	assert_true(json_object_object_get_ex(o, "arr", &val));
	assert_false(jv_is_object(&v, val, "body"));
	assert_string_equal(v.detail, "body: must be a JSON object");

	jv_init(&v);
	assert_true(json_object_object_get_ex(o, "str", &val));
	assert_false(jv_is_object(&v, val, "item"));
	assert_string_equal(v.detail, "item: must be a JSON object");

	jv_init(&v);
	assert_false(jv_is_object(&v, NULL, "body"));
	assert_string_equal(v.detail, "body: must be a JSON object");

	jv_init(&v);
	jv_set_index(&v, 2);
	assert_false(jv_is_object(&v, NULL, "item"));
	assert_string_equal(v.detail, "[2].item: must be a JSON object");
	json_object_put(o);
}

/* --- jv_int ---------------------------------------------------------------------------------- */

static const char int_body[] = "{"
                               "\"i\":25,\"zero\":0,\"neg\":-5,"
                               "\"f\":25.0,\"e\":1E+2,\"nzf\":-0.0,\"frac\":25.5,\"tiny\":1e-300,"
                               "\"s\":\"25\",\"b\":true,\"n\":null,\"a\":[1],\"o\":{},"
                               "\"big\":99999999999999999999999,"
                               "\"imax\":9223372036854775807,\"imin\":-9223372036854775808,"
                               "\"over\":9223372036854775808,\"u64\":18446744073709551615,"
                               "\"hugef\":1e300,\"inff\":1e400,\"f92\":9.2e18,\"f93\":9.3e18,"
                               "\"nf92\":-9.2e18"
                               "}";

struct int_case {
	const char *key;
	unsigned flags;
	int64_t min, max;
	int ret;
	int64_t value; /* when ret is 1 */
	const char *detail; /* when ret is -1 */
};

#define REQ JV_REQUIRED
#define OPT JV_OPTIONAL
#define NULLABLE JV_NULLABLE

static const struct int_case int_cases[] = {
	{ "i", REQ, 0, 100, 1, 25, NULL },
	{ "i", OPT, 0, 100, 1, 25, NULL },
	{ "i", REQ | NULLABLE, 0, 100, 1, 25, NULL },
	{ "i", REQ, 0, 25, 1, 25, NULL },
	{ "i", REQ, 25, 25, 1, 25, NULL },
	{ "i", REQ, 0, INT64_MAX, 1, 25, NULL },
	{ "i", REQ, 26, 100, -1, 0, "i: must be an integer between 26 and 100" },
	{ "i", REQ, 0, 24, -1, 0, "i: must be an integer between 0 and 24" },
	{ "i", REQ, 26, INT64_MAX, -1, 0, "i: must be an integer >= 26" },
	{ "zero", REQ, 0, 100, 1, 0, NULL },
	{ "zero", REQ, 1, 100, -1, 0, "zero: must be an integer between 1 and 100" },
	{ "neg", REQ, -5, 0, 1, -5, NULL },
	{ "neg", REQ, -4, 0, -1, 0, "neg: must be an integer between -4 and 0" },
	{ "neg", REQ, 0, INT64_MAX, -1, 0, "neg: must be an integer >= 0" },
	/* integral floats are the integers they spell */
	{ "f", REQ, 0, 100, 1, 25, NULL },
	{ "f", REQ, 0, 24, -1, 0, "f: must be an integer between 0 and 24" },
	{ "e", REQ, 0, 1000, 1, 100, NULL },
	{ "nzf", REQ, 0, 10, 1, 0, NULL },
	{ "f92", REQ, 0, INT64_MAX, 1, 9200000000000000000LL, NULL },
	{ "nf92", REQ, INT64_MIN, 0, 1, -9200000000000000000LL, NULL },
	{ "f93", REQ, 0, INT64_MAX, -1, 0, "f93: must be an integer >= 0" },
	{ "hugef", REQ, 0, INT64_MAX, -1, 0, "hugef: must be an integer >= 0" },
	/* wrong types */
	{ "frac", REQ, 0, 100, -1, 0, "frac: must be an integer, not a fractional number" },
	{ "tiny", REQ, 0, 100, -1, 0, "tiny: must be an integer, not a fractional number" },
	{ "inff", REQ, 0, 100, -1, 0, "inff: must be an integer, not a fractional number" },
	{ "s", REQ, 0, 100, -1, 0, "s: must be an integer, not a string" },
	{ "s", OPT, 0, 100, -1, 0, "s: must be an integer, not a string" },
	{ "b", REQ, 0, 100, -1, 0, "b: must be an integer, not a boolean" },
	{ "a", REQ, 0, 100, -1, 0, "a: must be an integer, not an array" },
	{ "o", REQ, 0, 100, -1, 0, "o: must be an integer, not an object" },
	/* null and absence */
	{ "n", REQ, 0, 100, -1, 0, "n: must be an integer, not null" },
	{ "n", OPT, 0, 100, -1, 0, "n: must be an integer, not null" },
	{ "n", NULLABLE, 0, 100, 0, 0, NULL },
	{ "n", REQ | NULLABLE, 0, 100, 0, 0, NULL },
	{ "missing", REQ, 0, 100, -1, 0, "missing: is required" },
	{ "missing", REQ | NULLABLE, 0, 100, -1, 0, "missing: is required" },
	{ "missing", OPT, 0, 100, 0, 0, NULL },
	{ "missing", NULLABLE, 0, 100, 0, 0, NULL },
	{ "I", OPT, 0, 100, 0, 0, NULL },
	/* the ends of int64 */
	{ "imax", REQ, 0, INT64_MAX, 1, INT64_MAX, NULL },
	{ "imax", REQ, 0, INT64_MAX - 1, -1, 0,
	    "imax: must be an integer between 0 and 9223372036854775806" },
	/* json-c saturates below int64 to INT64_MIN, so INT64_MIN itself counts as overflow */
	{ "imin", REQ, INT64_MIN, INT64_MAX, -1, 0,
	    "imin: must be an integer >= -9223372036854775808" },
	{ "imin", REQ, INT64_MIN + 1, INT64_MAX, -1, 0,
	    "imin: must be an integer >= -9223372036854775807" },
	/* beyond int64: out of range, never saturated to INT64_MAX */
	{ "over", REQ, INT64_MIN, INT64_MAX, -1, 0,
	    "over: must be an integer >= -9223372036854775808" },
	{ "u64", REQ, 0, INT64_MAX, -1, 0, "u64: must be an integer >= 0" },
	{ "big", REQ, 0, INT64_MAX, -1, 0, "big: must be an integer >= 0" },
	{ "big", REQ, INT64_MIN, INT64_MAX, -1, 0,
	    "big: must be an integer >= -9223372036854775808" },
	{ "big", REQ, 0, 100, -1, 0, "big: must be an integer between 0 and 100" },
};

/* Runs one jv_int case against obj; reports and counts each mismatch. */
static int
check_int_case(struct json_object *obj, const struct int_case *c)
{
	struct jv v;
	int64_t out = 777;
	int r, bad = 0;

	jv_init(&v);
	r = jv_int(&v, obj, c->key, c->flags, c->min, c->max, &out);
	if (r != c->ret) {
		print_error("jv_int(%s, flags %u, %lld..%lld) = %d (stored %lld), want %d (%s)\n",
		    c->key, c->flags, (long long)c->min, (long long)c->max, r, (long long)out,
		    c->ret, c->detail ? c->detail : "");
		return 1;
	}
	if (r == 1 && out != c->value) {
		print_error("jv_int(%s) stored %lld, want %lld\n", c->key, (long long)out,
		    (long long)c->value);
		bad++;
	}
	if (r != 1 && out != 777) {
		print_error("jv_int(%s) = %d but stored %lld\n", c->key, r, (long long)out);
		bad++;
	}
	if (r == -1 && strcmp(v.detail, c->detail) != 0) {
		print_error(
		    "jv_int(%s): detail \"%s\", want \"%s\"\n", c->key, v.detail, c->detail);
		bad++;
	}
	if ((r == -1) != v.failed) {
		print_error("jv_int(%s) = %d with failed = %d\n", c->key, r, v.failed);
		bad++;
	}
	return bad;
}

static void
test_int_table(void **state)
{
	struct json_object *obj = parse_ok(S(int_body));
	size_t i;
	int bad = 0;

	for (i = 0; i < NELEM(int_cases); i++)
		bad += check_int_case(obj, &int_cases[i]);
	json_object_put(obj);
	assert_int_equal(bad, 0);
}

/* -99999999999999999999999 saturates to INT64_MIN in json-c; it must not pass as INT64_MIN. */
static void
test_int_negative_huge_is_out_of_range(void **state)
{
	static const struct int_case cases[] = {
		{ "nbig", REQ, INT64_MIN, INT64_MAX, -1, 0,
		    "nbig: must be an integer >= -9223372036854775808" },
		{ "under", REQ, INT64_MIN, INT64_MAX, -1, 0,
		    "under: must be an integer >= -9223372036854775808" },
		{ "nbig", REQ, INT64_MIN, 0, -1, 0,
		    "nbig: must be an integer between -9223372036854775808 and 0" },
	};
	struct json_object *obj =
	    parse_ok(S("{\"nbig\":-99999999999999999999999,\"under\":-9223372036854775809}"));
	size_t i;
	int bad = 0;

	for (i = 0; i < NELEM(cases); i++)
		bad += check_int_case(obj, &cases[i]);
	json_object_put(obj);
	assert_int_equal(bad, 0);
}

/* jv_value_int on values that JSON text cannot spell. */
static void
test_value_int_constructed(void **state)
{
	struct json_object *vals[] = {
		json_object_new_double(NAN),
		json_object_new_double(INFINITY),
		json_object_new_double(-INFINITY),
		json_object_new_uint64(UINT64_MAX),
		json_object_new_uint64((uint64_t)INT64_MAX + 1),
		json_object_new_int64(INT64_MAX),
		json_object_new_double(-25.0),
	};
	static const char *const want[] = {
		"x: must be an integer, not a fractional number",
		"x: must be an integer, not a fractional number",
		"x: must be an integer, not a fractional number",
		"x: must be an integer >= 0",
		"x: must be an integer >= 0",
		NULL,
		NULL,
	};
	static const int64_t want_value[] = { 0, 0, 0, 0, 0, INT64_MAX, -25 };
	size_t i;

	for (i = 0; i < NELEM(vals); i++) {
		struct jv v;
		int64_t out = 777;
		int r;

		assert_non_null(vals[i]);
		jv_init(&v);
		r = jv_value_int(&v, vals[i], "x", i == 6 ? -100 : 0, INT64_MAX, &out);
		if (want[i] == NULL) {
			assert_int_equal(r, 1);
			assert_int_equal(out, want_value[i]);
		} else {
			assert_int_equal(r, -1);
			assert_int_equal(out, 777);
			assert_string_equal(v.detail, want[i]);
		}
		json_object_put(vals[i]);
	}
}

/* The first failure is kept; later getters still work and do not overwrite it. */
static void
test_first_error_kept(void **state)
{
	struct json_object *obj = parse_ok(S(int_body));
	struct jv v;
	int64_t out = 0;

	jv_init(&v);
	assert_int_equal(jv_int(&v, obj, "s", REQ, 0, 100, &out), -1);
	assert_int_equal(jv_int(&v, obj, "b", REQ, 0, 100, &out), -1);
	assert_int_equal(jv_int(&v, obj, "missing", REQ, 0, 100, &out), -1);
	assert_int_equal(jv_int(&v, obj, "i", REQ, 0, 100, &out), 1);
	assert_int_equal(out, 25);
	assert_true(v.failed);
	assert_string_equal(v.detail, "s: must be an integer, not a string");
	json_object_put(obj);
}

/* Inside a bulk, the item's index comes before the field name. */
static void
test_index_prefix(void **state)
{
	struct json_object *obj = parse_ok(S(int_body));
	const char *s;
	size_t len;
	int64_t out;
	struct jv v;

	jv_init(&v);
	jv_set_index(&v, 3);
	assert_int_equal(jv_int(&v, obj, "s", REQ, 0, 100, &out), -1);
	assert_string_equal(v.detail, "[3].s: must be an integer, not a string");

	jv_init(&v);
	jv_set_index(&v, 3);
	assert_int_equal(jv_str(&v, obj, "missing", REQ, 10, &s, &len), -1);
	assert_string_equal(v.detail, "[3].missing: is required");

	jv_init(&v);
	jv_set_index(&v, 3);
	assert_int_equal(jv_money(&v, obj, "neg", REQ, &out), -1);
	assert_string_equal(v.detail, "[3].neg: must be >= 0");

	/* jv_init clears the prefix */
	jv_init(&v);
	assert_int_equal(jv_int(&v, obj, "i", REQ, 0, 10, &out), -1);
	assert_string_equal(v.detail, "i: must be an integer between 0 and 10");
	json_object_put(obj);
}

/* --- jv_str ---------------------------------------------------------------------------------- */

static const char str_body[] = "{\"s\":\"abc\",\"e\":\"\",\"sp\":\" \",\"nul\":\"a\\u0000b\","
                               "\"nul_end\":\"abc\\u0000\",\"num\":5,\"b\":false,\"n\":null,"
                               "\"arr\":[\"abc\"],"
                               "\"utf\":\"caf\xc3\xa9\",\"esc\":\"caf\\u00e9\","
                               "\"emoji\":\"\xf0\x9f\x98\x80\",\"pair\":\"\\ud83d\\ude00\","
                               "\"overlong\":\"\xc0\xaf\",\"surrogate\":\"\xed\xa0\x80\","
                               "\"above\":\"\xf4\x90\x80\x80\",\"quote\":\"\\\"\\\\\"}";

struct str_case {
	const char *key;
	unsigned flags;
	size_t maxlen;
	int ret;
	const char *value; /* when ret is 1 */
	size_t len;
	const char *detail; /* when ret is -1 */
};

static const struct str_case str_cases[] = {
	{ "s", REQ, 10, 1, "abc", 3, NULL },
	{ "s", OPT, 3, 1, "abc", 3, NULL },
	{ "s", REQ, 2, -1, NULL, 0, "s: must be at most 2 bytes long" },
	{ "s", REQ, 1, -1, NULL, 0, "s: must be at most 1 bytes long" },
	{ "sp", REQ, 10, 1, " ", 1, NULL },
	{ "quote", REQ, 10, 1, "\"\\", 2, NULL },
	{ "e", REQ, 10, -1, NULL, 0, "e: must not be empty" },
	{ "e", OPT, 10, -1, NULL, 0, "e: must not be empty" },
	{ "nul", REQ, 10, -1, NULL, 0, "nul: must not contain NUL characters" },
	{ "nul_end", REQ, 10, -1, NULL, 0, "nul_end: must not contain NUL characters" },
	{ "num", REQ, 10, -1, NULL, 0, "num: must be a string, not an integer" },
	{ "b", REQ, 10, -1, NULL, 0, "b: must be a string, not a boolean" },
	{ "arr", REQ, 10, -1, NULL, 0, "arr: must be a string, not an array" },
	{ "n", REQ, 10, -1, NULL, 0, "n: must be a string, not null" },
	{ "n", NULLABLE, 10, 0, NULL, 0, NULL },
	{ "missing", REQ, 10, -1, NULL, 0, "missing: is required" },
	{ "missing", OPT, 10, 0, NULL, 0, NULL },
	/* maxlen counts bytes, not characters */
	{ "utf", REQ, 5, 1, "caf\xc3\xa9", 5, NULL },
	{ "utf", REQ, 4, -1, NULL, 0, "utf: must be at most 4 bytes long" },
	{ "esc", REQ, 5, 1, "caf\xc3\xa9", 5, NULL },
	{ "emoji", REQ, 4, 1, "\xf0\x9f\x98\x80", 4, NULL },
	{ "pair", REQ, 4, 1, "\xf0\x9f\x98\x80", 4, NULL },
	/* json-c lets these through; the getter does not */
	{ "overlong", REQ, 10, -1, NULL, 0, "overlong: must be valid UTF-8 text" },
	{ "surrogate", REQ, 10, -1, NULL, 0, "surrogate: must be valid UTF-8 text" },
	{ "above", REQ, 10, -1, NULL, 0, "above: must be valid UTF-8 text" },
};

static void
test_str_table(void **state)
{
	struct json_object *obj = parse_ok(S(str_body));
	size_t i;

	for (i = 0; i < NELEM(str_cases); i++) {
		const struct str_case *c = &str_cases[i];
		const char *s = NULL;
		size_t len = 777;
		struct jv v;
		int r;

		jv_init(&v);
		r = jv_str(&v, obj, c->key, c->flags, c->maxlen, &s, &len);
		if (r != c->ret)
			fail_msg("jv_str(%s, max %zu) = %d, want %d (%s)", c->key, c->maxlen, r,
			    c->ret, v.detail);
		if (r == 1) {
			struct json_object *val;

			assert_int_equal(len, c->len);
			assert_memory_equal(s, c->value, len);
			/* the string points into the object */
			assert_true(json_object_object_get_ex(obj, c->key, &val));
			assert_ptr_equal(s, json_object_get_string(val));
		} else {
			assert_null(s);
			assert_int_equal(len, 777);
		}
		if (r == -1 && strcmp(v.detail, c->detail) != 0)
			fail_msg(
			    "jv_str(%s): detail \"%s\", want \"%s\"", c->key, v.detail, c->detail);
	}
	json_object_put(obj);
}

/* A name of exactly MODEL_NAME_MAX-like length passes, one byte more does not. */
static void
test_str_long(void **state)
{
	enum { N = 1000 };
	char *text = malloc(N + 16);
	struct json_object *obj;
	const char *s;
	size_t len;
	struct jv v;

	assert_non_null(text);
	memcpy(text, "{\"k\":\"", 6);
	memset(text + 6, 'x', N);
	memcpy(text + 6 + N, "\"}", 3);
	obj = parse_ok(text, strlen(text));
	jv_init(&v);
	assert_int_equal(jv_str(&v, obj, "k", REQ, N, &s, &len), 1);
	assert_int_equal(len, N);
	assert_int_equal(jv_str(&v, obj, "k", REQ, N - 1, &s, &len), -1);
	assert_string_equal(v.detail, "k: must be at most 999 bytes long");
	json_object_put(obj);
	free(text);
}

/* --- jv_uuid --------------------------------------------------------------------------------- */

static void
test_uuid_table(void **state)
{
	static const struct {
		const char *key;
		unsigned flags;
		int ret;
		const char *value_or_detail;
	} cases[] = {
		{ "lower", REQ, 1, "123e4567-e89b-12d3-a456-426614174000" },
		{ "upper", REQ, 1, "abcdef01-2345-6789-abcd-ef0123456789" },
		{ "mixed", OPT, 1, "abcdef01-2345-6789-abcd-ef0123456789" },
		{ "short", REQ, -1, "short: must be a UUID in 8-4-4-4-12 hex form" },
		{ "brace", REQ, -1, "brace: must be a UUID in 8-4-4-4-12 hex form" },
		{ "nodash", REQ, -1, "nodash: must be a UUID in 8-4-4-4-12 hex form" },
		{ "nonhex", REQ, -1, "nonhex: must be a UUID in 8-4-4-4-12 hex form" },
		{ "nul", REQ, -1, "nul: must be a UUID in 8-4-4-4-12 hex form" },
		{ "empty", REQ, -1, "empty: must be a UUID in 8-4-4-4-12 hex form" },
		{ "num", REQ, -1, "num: must be a UUID string, not an integer" },
		{ "obj", REQ, -1, "obj: must be a UUID string, not an object" },
		{ "n", REQ, -1, "n: must be a UUID string, not null" },
		{ "n", NULLABLE, 0, NULL },
		{ "missing", REQ, -1, "missing: is required" },
		{ "missing", OPT, 0, NULL },
	};
	struct json_object *obj =
	    parse_ok(S("{\"lower\":\"123e4567-e89b-12d3-a456-426614174000\","
	               "\"upper\":\"ABCDEF01-2345-6789-ABCD-EF0123456789\","
	               "\"mixed\":\"AbCdEf01-2345-6789-aBcD-eF0123456789\","
	               "\"short\":\"123e4567-e89b-12d3-a456-42661417400\","
	               "\"brace\":\"{123e4567-e89b-12d3-a456-426614174000}\","
	               "\"nodash\":\"123e4567e89b12d3a456426614174000\","
	               "\"nonhex\":\"123e4567-e89b-12d3-a456-42661417400g\","
	               "\"nul\":\"123e4567-e89b-12d3-a456-42661417400\\u0000\","
	               "\"empty\":\"\",\"num\":1,\"obj\":{},\"n\":null}"));
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		struct uuid_str out;
		struct jv v;
		int r;

		memset(&out, 'X', sizeof(out));
		jv_init(&v);
		r = jv_uuid(&v, obj, cases[i].key, cases[i].flags, &out);
		if (r != cases[i].ret)
			fail_msg("jv_uuid(%s) = %d, want %d (%s)", cases[i].key, r, cases[i].ret,
			    v.detail);
		if (r == 1)
			assert_string_equal(out.s, cases[i].value_or_detail);
		if (r == -1)
			assert_string_equal(v.detail, cases[i].value_or_detail);
		if (r == 0)
			assert_false(v.failed);
	}
	json_object_put(obj);
}

/* --- jv_enum --------------------------------------------------------------------------------- */

static void
test_enum_table(void **state)
{
	static const char *const names[] = { "MALE", "FEMALE", "ALL" };
	static const struct {
		const char *key;
		unsigned flags;
		size_t n;
		int ret;
		int index;
		const char *detail;
	} cases[] = {
		{ "m", REQ, 3, 1, 0, NULL },
		{ "f", REQ, 3, 1, 1, NULL },
		{ "a", REQ, 3, 1, 2, NULL },
		{ "a", REQ, 2, -1, 0, "a: must be one of MALE, FEMALE" },
		{ "m", REQ, 1, 1, 0, NULL },
		{ "f", REQ, 1, -1, 0, "f: must be one of MALE" },
		{ "low", REQ, 3, -1, 0, "low: must be one of MALE, FEMALE, ALL" },
		{ "title", REQ, 3, -1, 0, "title: must be one of MALE, FEMALE, ALL" },
		{ "space", REQ, 3, -1, 0, "space: must be one of MALE, FEMALE, ALL" },
		{ "prefix", REQ, 3, -1, 0, "prefix: must be one of MALE, FEMALE, ALL" },
		{ "longer", REQ, 3, -1, 0, "longer: must be one of MALE, FEMALE, ALL" },
		{ "nul", REQ, 3, -1, 0, "nul: must be one of MALE, FEMALE, ALL" },
		{ "empty", REQ, 3, -1, 0, "empty: must be one of MALE, FEMALE, ALL" },
		{ "num", REQ, 3, -1, 0, "num: must be a string, not an integer" },
		{ "arr", REQ, 3, -1, 0, "arr: must be a string, not an array" },
		{ "n", REQ, 3, -1, 0, "n: must be a string, not null" },
		{ "n", NULLABLE, 3, 0, 0, NULL },
		{ "missing", REQ, 3, -1, 0, "missing: is required" },
		{ "missing", OPT, 3, 0, 0, NULL },
	};
	struct json_object *obj = parse_ok(
	    S("{\"m\":\"MALE\",\"f\":\"FEMALE\",\"a\":\"ALL\",\"low\":\"male\","
	      "\"title\":\"Male\",\"space\":\"MALE \",\"prefix\":\"MAL\",\"longer\":\"MALES\","
	      "\"nul\":\"MALE\\u0000\",\"empty\":\"\",\"num\":1,\"arr\":[\"MALE\"],\"n\":null}"));
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		struct jv v;
		int out = 77, r;

		jv_init(&v);
		r = jv_enum(&v, obj, cases[i].key, cases[i].flags, names, cases[i].n, &out);
		if (r != cases[i].ret)
			fail_msg("jv_enum(%s) = %d, want %d (%s)", cases[i].key, r, cases[i].ret,
			    v.detail);
		if (r == 1)
			assert_int_equal(out, cases[i].index);
		else
			assert_int_equal(out, 77);
		if (r == -1)
			assert_string_equal(v.detail, cases[i].detail);
	}
	json_object_put(obj);
}

/* --- jv_money -------------------------------------------------------------------------------- */

static void
test_money_table(void **state)
{
	static const struct {
		const char *key;
		unsigned flags;
		int ret;
		int64_t micros;
		const char *detail;
	} cases[] = {
		{ "a", REQ, 1, 100000, NULL },
		{ "b", REQ, 1, 300000, NULL },
		{ "c", REQ, 1, 12000000, NULL },
		{ "d", REQ, 1, 0, NULL },
		{ "e", REQ, 1, 100000, NULL },
		{ "f", REQ, 1, 100000000, NULL },
		{ "g", REQ, 1, MONEY_MAX_MICROS, NULL },
		{ "h", REQ, -1, 0, "h: must be at most 1000000000000" },
		{ "i", REQ, -1, 0, "i: must be >= 0" },
		{ "j", REQ, 1, 0, NULL },
		{ "k", REQ, -1, 0, "k: must be a number, not a string" },
		{ "l", REQ, -1, 0, "l: must be a number, not a boolean" },
		{ "n", REQ, -1, 0, "n: must be a number, not null" },
		{ "n", NULLABLE, 0, 0, NULL },
		{ "o", REQ, -1, 0, "o: must be at most 1000000000000" },
		{ "p", REQ, -1, 0, "p: must be at most 1000000000000" },
		{ "q", REQ, -1, 0, "q: must be >= 0" },
		{ "r", REQ, 1, 1, NULL },
		{ "s", REQ, -1, 0, "s: must be a number, not an array" },
		{ "t", REQ, 1, 1000000, NULL },
		{ "u", REQ, 1, 0, NULL },
		{ "v", REQ, 1, 0, NULL },
		{ "w", REQ, 1, 123456789, NULL },
		{ "x", REQ, -1, 0, "x: must be a number, not an object" },
		{ "y", REQ, -1, 0, "y: must be >= 0" },
		{ "missing", REQ, -1, 0, "missing: is required" },
		{ "missing", OPT, 0, 0, NULL },
	};
	struct json_object *obj = parse_ok(
	    S("{\"a\":0.1,\"b\":0.30000000000000004,\"c\":12,\"d\":0,\"e\":1e-1,\"f\":1E+2,"
	      "\"g\":1000000000000,\"h\":1000000000000.000001,\"i\":-1,\"j\":-0.0,\"k\":\"1\","
	      "\"l\":true,\"n\":null,\"o\":1e400,\"p\":99999999999999999999999,"
	      "\"q\":-99999999999999999999999,\"r\":0.0000005,\"s\":[1],\"t\":1.0,\"u\":-0,"
	      "\"v\":0.00000049,\"w\":123.456789,\"x\":{},\"y\":-0.000001}"));
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		int64_t out = 777;
		struct jv v;
		int r;

		jv_init(&v);
		r = jv_money(&v, obj, cases[i].key, cases[i].flags, &out);
		if (r != cases[i].ret)
			fail_msg("jv_money(%s) = %d, want %d (%s)", cases[i].key, r, cases[i].ret,
			    v.detail);
		if (r == 1 && out != cases[i].micros)
			fail_msg("jv_money(%s) = %lld micros, want %lld", cases[i].key,
			    (long long)out, (long long)cases[i].micros);
		if (r == 0)
			assert_int_equal(out, 777);
		if (r == -1)
			assert_string_equal(v.detail, cases[i].detail);
	}
	json_object_put(obj);
}

/* The values cap counts every value, nested or not; a text of exactly the cap parses. */
static void
test_parse_values_cap(void **state)
{
	struct buf b;
	char err[128];
	struct json_object *o;
	size_t i;

	buf_init(&b);
	buf_putc(&b, '[');
	for (i = 0; i + 1 < JV_MAX_VALUES; i++)
		buf_puts(&b, i ? ",0" : "0");
	buf_putc(&b, ']');
	o = jv_parse(b.data, b.len, err, sizeof(err));
	assert_non_null(o);
	json_object_put(o);
	/* one more value (in a nested object) is refused, and says so */
	b.len--;
	buf_puts(&b, ",{}]");
	assert_null(jv_parse(b.data, b.len, err, sizeof(err)));
	assert_string_equal(err, "body: more than 10000 JSON values");
	buf_free(&b);
}

struct items_case {
	const char *in;
	int want; /* jv_items_open's result */
	size_t count;
	const char *items[4]; /* the elements' texts */
};

static const struct items_case items_cases[] = {
	{ "[]", 0, 0, { NULL } },
	{ " [ ] ", 0, 0, { NULL } },
	{ "[1]", 0, 1, { "1" } },
	{ "[ {\"a\": [1, 2]} ,\"x,]\" , null,[]]", 0, 4,
	    { "{\"a\": [1, 2]}", "\"x,]\"", "null", "[]" } },
	{ "{}", 1, 0, { NULL } },
	{ "\"[1]\"", 1, 0, { NULL } },
	{ "[1,]", -1, 0, { NULL } },
	{ "[1", -1, 0, { NULL } },
	{ "[1] [2]", -1, 0, { NULL } },
	{ "", -1, 0, { NULL } },
};

static void
test_items(void **state)
{
	size_t i, k;

	for (i = 0; i < NELEM(items_cases); i++) {
		const struct items_case *c = &items_cases[i];
		struct jv_items it;
		char err[128];
		const char *s;
		size_t n;
		int r = jv_items_open(&it, c->in, strlen(c->in), err, sizeof(err));

		if (r != c->want)
			fail_msg("jv_items_open(%s) = %d, want %d", c->in, r, c->want);
		if (r != 0)
			continue;
		assert_int_equal(it.count, c->count);
		for (k = 0; k < c->count; k++) {
			assert_true(jv_items_next(&it, &s, &n));
			if (n != strlen(c->items[k]) || memcmp(s, c->items[k], n) != 0)
				fail_msg("%s: item %zu is %.*s, want %s", c->in, k, (int)n, s,
				    c->items[k]);
		}
		assert_false(jv_items_next(&it, &s, &n));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_escaped_nul),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_parse_empty_message),
		cmocka_unit_test(test_parse_small_err_buffer),
		cmocka_unit_test(test_parse_depth),
		cmocka_unit_test(test_parse_very_deep),
		cmocka_unit_test(test_parse_bare_scalars),
		cmocka_unit_test(test_parse_null_body),
		cmocka_unit_test(test_fail_format),
		cmocka_unit_test(test_fail_truncates),
		cmocka_unit_test(test_set_index),
		cmocka_unit_test(test_is_object),
		cmocka_unit_test(test_int_table),
		cmocka_unit_test(test_int_negative_huge_is_out_of_range),
		cmocka_unit_test(test_value_int_constructed),
		cmocka_unit_test(test_first_error_kept),
		cmocka_unit_test(test_index_prefix),
		cmocka_unit_test(test_str_table),
		cmocka_unit_test(test_str_long),
		cmocka_unit_test(test_uuid_table),
		cmocka_unit_test(test_enum_table),
		cmocka_unit_test(test_money_table),
		cmocka_unit_test(test_parse_values_cap),
		cmocka_unit_test(test_items),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
