/* test_buf.c -- unit tests for the growing buffer and its JSON string escaping (core/buf). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/buf.h"

/* The first allocation holds 1 KiB (BUF_MIN_CAP in buf.c). */
#define FIRST_CAP 1024

static void
assert_buf(const struct buf *b, const char *want, size_t want_len)
{
	assert_false(b->failed);
	assert_int_equal(b->len, want_len);
	assert_non_null(b->data);
	assert_true(b->cap > b->len);
	assert_memory_equal(b->data, want, want_len);
	assert_int_equal(b->data[b->len], '\0');
}

static void
test_init(void **state)
{
	struct buf b;

	memset(&b, 0x5a, sizeof(b));
	buf_init(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_false(b.failed);
	buf_free(&b);
}

static void
test_append_puts_putc(void **state)
{
	struct buf b;

	buf_init(&b);
	buf_append(&b, "abcdef", 3);
	assert_buf(&b, "abc", 3);
	assert_int_equal(b.cap, FIRST_CAP);
	buf_puts(&b, "-de");
	buf_putc(&b, '!');
	buf_append(&b, "", 0);
	buf_puts(&b, "");
	assert_buf(&b, "abc-de!", 7);
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
}

/* Appending nothing to a fresh buffer still gives a NUL-terminated empty string. */
static void
test_append_empty_terminates(void **state)
{
	struct buf b;

	buf_init(&b);
	buf_append(&b, "", 0);
	assert_buf(&b, "", 0);
	buf_free(&b);
}

/* Bytes are copied as they are, NUL included. */
static void
test_append_binary(void **state)
{
	static const char bin[] = { 'a', '\0', 'b', '\xff', '\n' };
	struct buf b;

	buf_init(&b);
	buf_append(&b, bin, sizeof(bin));
	buf_putc(&b, '\0');
	assert_int_equal(b.len, 6);
	assert_memory_equal(b.data, bin, sizeof(bin));
	assert_int_equal(b.data[5], '\0');
	assert_int_equal(b.data[6], '\0');
	buf_free(&b);
}

/* The terminating NUL needs room too: filling the first allocation exactly grows it. */
static void
test_growth_at_capacity(void **state)
{
	char block[FIRST_CAP + 1];
	struct buf b;

	memset(block, 'q', sizeof(block));
	buf_init(&b);
	buf_append(&b, block, FIRST_CAP - 1);
	assert_int_equal(b.cap, FIRST_CAP);
	assert_buf(&b, block, FIRST_CAP - 1);
	buf_putc(&b, 'q');
	assert_int_equal(b.cap, 2 * FIRST_CAP);
	assert_buf(&b, block, FIRST_CAP);
	buf_free(&b);

	buf_init(&b);
	buf_append(&b, block, FIRST_CAP);
	assert_int_equal(b.cap, 2 * FIRST_CAP);
	assert_buf(&b, block, FIRST_CAP);
	buf_free(&b);
}

/* Many small appends and one big one: contents intact across every reallocation. */
static void
test_growth_many_appends(void **state)
{
	enum { TOTAL = 100003 };
	char *want = malloc(TOTAL);
	struct buf b;
	size_t i;

	assert_non_null(want);
	for (i = 0; i < TOTAL; i++)
		want[i] = (char)('a' + i % 26);
	buf_init(&b);
	for (i = 0; i + 7 <= TOTAL; i += 7)
		buf_append(&b, want + i, 7);
	buf_append(&b, want + i, TOTAL - i);
	assert_buf(&b, want, TOTAL);
	assert_int_equal(b.cap, 128 * FIRST_CAP);
	buf_free(&b);

	buf_init(&b);
	buf_append(&b, want, TOTAL);
	assert_buf(&b, want, TOTAL);
	buf_free(&b);
	free(want);
}

static void
test_printf(void **state)
{
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "%d-%s-%c", 42, "x", 'y');
	assert_buf(&b, "42-x-y", 6);
	buf_printf(&b, " %05.1f|%-3s|", 2.5, "a");
	assert_buf(&b, "42-x-y 002.5|a  |", 17);
	buf_printf(&b, "%s", "");
	assert_buf(&b, "42-x-y 002.5|a  |", 17);
	buf_free(&b);
}

static void
test_printf_empty_fresh(void **state)
{
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "%s", "");
	assert_buf(&b, "", 0);
	buf_free(&b);
}

/* One printf larger than the first allocation, then one that crosses the next boundary. */
static void
test_printf_growth(void **state)
{
	char big[3001], want[3001 + 2000 + 3];
	struct buf b;

	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_init(&b);
	buf_printf(&b, "<%s>", big);
	assert_int_equal(b.len, 3002);
	assert_int_equal(b.cap, 4 * FIRST_CAP);
	assert_int_equal(b.data[0], '<');
	assert_memory_equal(b.data + 1, big, 3000);
	assert_int_equal(b.data[3001], '>');
	assert_int_equal(b.data[3002], '\0');

	buf_printf(&b, "%.*s!", 1100, big);
	assert_int_equal(b.len, 4103);
	assert_int_equal(b.cap, 8 * FIRST_CAP);
	memcpy(want, "<", 1);
	memcpy(want + 1, big, 3000);
	memcpy(want + 3001, ">", 1);
	memcpy(want + 3002, big, 1100);
	memcpy(want + 4102, "!", 1);
	assert_buf(&b, want, 4103);
	buf_free(&b);
}

struct i64_case {
	int64_t v;
	const char *want;
};

static const struct i64_case i64_cases[] = {
	{ 0, "0" },
	{ 7, "7" },
	{ -1, "-1" },
	{ 1234567890123LL, "1234567890123" },
	{ INT64_MAX, "9223372036854775807" },
	{ INT64_MIN, "-9223372036854775808" },
};

static void
test_put_i64(void **state)
{
	size_t i;

	for (i = 0; i < NELEM(i64_cases); i++) {
		struct buf b;

		buf_init(&b);
		buf_puts(&b, "n=");
		buf_put_i64(&b, i64_cases[i].v);
		assert_string_equal(b.data + 2, i64_cases[i].want);
		assert_int_equal(b.len, 2 + strlen(i64_cases[i].want));
		buf_free(&b);
	}
}

static void
test_reset(void **state)
{
	struct buf b;
	size_t cap;

	buf_init(&b);
	buf_reset(&b); /* nothing allocated yet */
	assert_null(b.data);
	assert_int_equal(b.len, 0);

	buf_puts(&b, "hello");
	buf_append(&b, "x", SIZE_MAX); /* impossible size: marks the buffer failed */
	assert_true(b.failed);
	cap = b.cap;
	buf_reset(&b);
	assert_false(b.failed);
	assert_int_equal(b.cap, cap);
	assert_buf(&b, "", 0);
	buf_puts(&b, "again");
	assert_buf(&b, "again", 5);
	buf_free(&b);
}

/* Once an allocation failed, the buffer ignores everything until reset. */
static void
test_failure_is_sticky(void **state)
{
	struct buf b;

	buf_init(&b);
	buf_puts(&b, "ok");
	buf_append(&b, "x", SIZE_MAX / 2);
	assert_true(b.failed);
	assert_int_equal(b.len, 2);
	buf_puts(&b, "more");
	buf_putc(&b, 'c');
	buf_printf(&b, "%d", 5);
	buf_put_i64(&b, 9);
	buf_json_str(&b, "s", 1);
	assert_true(b.failed);
	assert_int_equal(b.len, 2);
	assert_string_equal(b.data, "ok");
	buf_free(&b);
	assert_false(b.failed);
}

struct json_case {
	const char *in;
	size_t n;
	const char *want;
};

#define S(lit) lit, sizeof(lit) - 1

static const struct json_case json_cases[] = {
	{ S(""), "\"\"" },
	{ S("abc"), "\"abc\"" },
	{ S("a\"b"), "\"a\\\"b\"" },
	{ S("\"\""), "\"\\\"\\\"\"" },
	{ S("a\\b"), "\"a\\\\b\"" },
	{ S("\\"), "\"\\\\\"" },
	{ S("\\\""), "\"\\\\\\\"\"" },
	{ S("\n"), "\"\\n\"" },
	{ S("\r\n\t\b\f"), "\"\\r\\n\\t\\b\\f\"" },
	{ S("\x01"), "\"\\u0001\"" },
	{ S("a\037b"), "\"a\\u001fb\"" },
	{ S("\x10"), "\"\\u0010\"" },
	{ S("\x0b"), "\"\\u000b\"" },
	{ S("\x1b[0m"), "\"\\u001b[0m\"" },
	{ S("a\0b"), "\"a\\u0000b\"" },
	{ S("\0"), "\"\\u0000\"" },
	/* not required by JSON: left alone */
	{ S("/"), "\"/\"" },
	{ S("\x7f"), "\"\x7f\"" },
	{ S(" ~'<>&"), "\" ~'<>&\"" },
	/* UTF-8 passes through byte for byte */
	{ S("caf\xc3\xa9"), "\"caf\xc3\xa9\"" },
	{ S("\xe2\x82\xac 5"), "\"\xe2\x82\xac 5\"" },
	{ S("\xf0\x9f\x98\x80"), "\"\xf0\x9f\x98\x80\"" },
	{ S("\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0"),
	    "\"\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0\"" },
	/* only n bytes are read */
	{ "abcdef", 3, "\"abc\"" },
	{ "\"\"\"", 1, "\"\\\"\"" },
};

static void
test_json_str_table(void **state)
{
	size_t i;

	for (i = 0; i < NELEM(json_cases); i++) {
		const struct json_case *c = &json_cases[i];
		struct buf b;

		buf_init(&b);
		buf_json_str(&b, c->in, c->n);
		if (b.len != strlen(c->want) || strcmp(b.data, c->want) != 0)
			fail_msg("case %zu: got [%s], want [%s]", i, b.data, c->want);
		buf_free(&b);
	}
}

/* After other output; the buffer's earlier contents are kept. */
static void
test_json_str_appends(void **state)
{
	struct buf b;

	buf_init(&b);
	buf_puts(&b, "{\"detail\":");
	buf_json_str(&b, S("bad \"x\""));
	buf_putc(&b, '}');
	assert_string_equal(b.data, "{\"detail\":\"bad \\\"x\\\"\"}");
	buf_free(&b);
}

/* Every byte 0x00..0x7f, then UTF-8: json-c reads back exactly the input. */
static void
test_json_str_round_trip(void **state)
{
	char in[128 + 8];
	struct json_object *o;
	struct buf b;
	size_t i;

	for (i = 0; i < 128; i++)
		in[i] = (char)i;
	memcpy(in + 128, "\xc3\xa9\xe2\x82\xac\xc3\xb1", 7);
	in[135] = 'Z';
	buf_init(&b);
	buf_json_str(&b, in, sizeof(in));
	o = json_tokener_parse(b.data);
	assert_non_null(o);
	assert_int_equal(json_object_get_type(o), json_type_string);
	assert_int_equal(json_object_get_string_len(o), sizeof(in));
	assert_memory_equal(json_object_get_string(o), in, sizeof(in));
	json_object_put(o);
	buf_free(&b);
}

/* Escapes that outgrow the first allocation several times over. */
static void
test_json_str_growth(void **state)
{
	enum { N = 3000 };
	char in[N];
	struct buf b;
	size_t i;

	for (i = 0; i < N; i++)
		in[i] = i % 3 == 0 ? '"' : i % 3 == 1 ? '\x02' : 'k';
	buf_init(&b);
	buf_json_str(&b, in, N);
	/* 1000 x (2 + 6 + 1) bytes and the quotes */
	assert_int_equal(b.len, 9002);
	assert_int_equal(b.data[0], '"');
	assert_memory_equal(b.data + 1, "\\\"\\u0002k\\\"\\u0002k", 18);
	assert_memory_equal(b.data + 9001 - 9, "\\\"\\u0002k\"", 10);
	assert_int_equal(b.data[9002], '\0');
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_append_puts_putc),
		cmocka_unit_test(test_append_empty_terminates),
		cmocka_unit_test(test_append_binary),
		cmocka_unit_test(test_growth_at_capacity),
		cmocka_unit_test(test_growth_many_appends),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_printf_empty_fresh),
		cmocka_unit_test(test_printf_growth),
		cmocka_unit_test(test_put_i64),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_failure_is_sticky),
		cmocka_unit_test(test_json_str_table),
		cmocka_unit_test(test_json_str_appends),
		cmocka_unit_test(test_json_str_round_trip),
		cmocka_unit_test(test_json_str_growth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
