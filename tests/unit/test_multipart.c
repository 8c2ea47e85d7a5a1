/*
 * test_multipart.c -- unit tests for the streaming multipart/form-data parser (core/multipart):
 * a table of bodies, each fed whole, split at every point into two chunks, and byte by byte;
 * the events (part begins, data, ends) and the verdict must be the same every time.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/compat.h"
#include "core/multipart.h"

/* The events as text: "[name|F|type]" per part begin (F: has a filename), data, "." per end. */
struct log {
	struct buf text;
	int stop_at_begin; /* stop at the nth begin (1-based), 0 never */
	int begins;
};

static int
on_begin(void *arg, const struct multipart_part *p)
{
	struct log *l = arg;

	buf_printf(&l->text, "[%s|%s|%s]", p->name, p->has_filename ? "F" : "-", p->content_type);
	return ++l->begins == l->stop_at_begin ? -1 : 0;
}

static int
on_data(void *arg, const char *p, size_t n)
{
	struct log *l = arg;

	assert_true(n > 0);
	buf_append(&l->text, p, n);
	return 0;
}

static int
on_end(void *arg)
{
	struct log *l = arg;

	buf_putc(&l->text, '.');
	return 0;
}

static const struct multipart_handler handler = { on_begin, on_data, on_end };

struct mp_case {
	const char *name;
	const char *body;
	enum multipart_status want;
	const char *events; /* for DONE and for what came before an error */
	const char *error; /* a fragment of the error, for BAD */
};

#define B "XyZ"
#define CD "Content-Disposition: form-data; "

static const struct mp_case cases[] = {
	{ "one file",
	    "--" B "\r\n" CD "name=\"ad_image\"; filename=\"a.png\"\r\n"
	    "Content-Type: image/png\r\n\r\nPNGDATA\r\n--" B "--\r\n",
	    MULTIPART_DONE, "[ad_image|F|image/png]PNGDATA.", NULL },
	{ "two parts, preamble and epilogue",
	    "preamble\r\n--" B "\r\n" CD "name=a\r\n\r\n1\r\n--" B "\r\n" CD
	    "name=\"b\"; filename=\"x\"\r\n\r\n22\r\n--" B "--\r\nepilogue --" B " junk",
	    MULTIPART_DONE, "[a|-|]1.[b|F|]22.", NULL },
	{ "empty data and padding after a boundary",
	    "--" B " \t\r\n" CD "name=e\r\n\r\n\r\n--" B "--", MULTIPART_DONE, "[e|-|].", NULL },
	{ "data that almost holds the delimiter",
	    "--" B "\r\n" CD "name=d\r\n\r\n\r\n-\r\n--X\r\n--Xy\r\r\n--" B "--", MULTIPART_DONE,
	    "[d|-|]\r\n-\r\n--X\r\n--Xy\r.", NULL },
	{ "data of CRs before the delimiter", "--" B "\r\n" CD "name=z\r\n\r\n\r\r\r\n--" B "--",
	    MULTIPART_DONE, "[z|-|]\r\r.", NULL },
	{ "delimiter without its CR is data",
	    "--" B "\r\n" CD "name=z\r\n\r\n\n--" B "\r\n--" B "--", MULTIPART_DONE,
	    "[z|-|]\n--" B ".", NULL },
	{ "nested multipart is data",
	    "--" B "\r\n" CD "name=n\r\nContent-Type: multipart/mixed; boundary=in\r\n\r\n"
	    "--in\r\nContent-Type: text/plain\r\n\r\nx\r\n--in--\r\n--" B "--",
	    MULTIPART_DONE,
	    "[n|-|multipart/mixed; boundary=in]--in\r\nContent-Type: "
	    "text/plain\r\n\r\nx\r\n--in--.",
	    NULL },
	{ "header names in any case, quoted escapes, unknown headers",
	    "--" B "\r\ncontent-disposition: FORM-DATA; NAME=\"q\\\"x\"\r\nX-Other: 1\r\n"
	    "CONTENT-TYPE:  text/plain  \r\n\r\nv\r\n--" B "--",
	    MULTIPART_DONE, "[q\"x|-|text/plain]v.", NULL },
	{ "two files in one field",
	    "--" B "\r\n" CD "name=f; filename=a\r\n\r\n1\r\n--" B "\r\n" CD
	    "name=f; filename=b\r\n\r\n2\r\n--" B "--",
	    MULTIPART_DONE, "[f|F|]1.[f|F|]2.", NULL },
	/* refused */
	{ "no boundary at all", "just text", MULTIPART_BAD, "", "no multipart boundary" },
	{ "no closing boundary", "--" B "\r\n" CD "name=a\r\n\r\nabc", MULTIPART_BAD, "[a|-|]abc",
	    "ends before" },
	{ "body ends in the headers", "--" B "\r\n" CD "name=a\r\n", MULTIPART_BAD, "",
	    "ends before" },
	{ "boundary without CRLF", "--" B "x\r\n" CD "name=a\r\n\r\n1\r\n--" B "--", MULTIPART_BAD,
	    "", "not followed by CRLF" },
	{ "bare LF after a boundary", "--" B "\n" CD "name=a\r\n\r\n1\r\n--" B "--", MULTIPART_BAD,
	    "", "not followed by CRLF" },
	{ "CR without LF after a boundary", "--" B "\rX", MULTIPART_BAD, "", "CRLF" },
	{ "bare LF between headers",
	    "--" B "\r\n" CD "name=a\nContent-Type: x\r\n\r\n1\r\n--" B "--", MULTIPART_BAD, "",
	    "CRLF" },
	{ "no Content-Disposition", "--" B "\r\nContent-Type: text/plain\r\n\r\n1\r\n--" B "--",
	    MULTIPART_BAD, "", "no Content-Disposition" },
	{ "no headers at all", "--" B "\r\n\r\n1\r\n--" B "--", MULTIPART_BAD, "",
	    "no Content-Disposition" },
	{ "not form-data",
	    "--" B "\r\nContent-Disposition: attachment; name=a\r\n\r\n1\r\n--" B "--",
	    MULTIPART_BAD, "", "not form-data" },
	{ "no name", "--" B "\r\n" CD "filename=a\r\n\r\n1\r\n--" B "--", MULTIPART_BAD, "",
	    "no name" },
	{ "two names", "--" B "\r\n" CD "name=a; name=b\r\n\r\n1\r\n--" B "--", MULTIPART_BAD, "",
	    "two names" },
	{ "unterminated quote", "--" B "\r\n" CD "name=\"a\r\n\r\n1\r\n--" B "--", MULTIPART_BAD,
	    "", "malformed" },
	{ "header without a colon", "--" B "\r\n" CD "name=a\r\nJunk\r\n\r\n1\r\n--" B "--",
	    MULTIPART_BAD, "", "no colon" },
	{ "folded header", "--" B "\r\n" CD "name=a\r\n x\r\n\r\n1\r\n--" B "--", MULTIPART_BAD, "",
	    "folded" },
	{ "two dispositions", "--" B "\r\n" CD "name=a\r\n" CD "name=b\r\n\r\n1\r\n--" B "--",
	    MULTIPART_BAD, "", "two Content-Disposition" },
	{ "one dash after the last boundary", "--" B "\r\n" CD "name=a\r\n\r\n1\r\n--" B "-x",
	    MULTIPART_BAD, "[a|-|]1.", "not followed" },
};

static void
run(const struct mp_case *c, const size_t *cuts, size_t ncuts)
{
	struct multipart m;
	struct log l;
	size_t len = strlen(c->body), from = 0, i;
	enum multipart_status st = MULTIPART_MORE;

	memset(&l, 0, sizeof(l));
	buf_init(&l.text);
	buf_puts(&l.text, "");
	multipart_init(&m, B, &handler, &l);
	for (i = 0; i <= ncuts && st == MULTIPART_MORE; i++) {
		size_t to = i < ncuts ? cuts[i] : len;

		st = multipart_feed(&m, c->body + from, to - from);
		from = to;
	}
	if (st == MULTIPART_MORE)
		st = multipart_finish(&m);
	if (st != c->want || strcmp(l.text.data, c->events) != 0)
		fail_msg("%s (cut at %zu of %zu): status %d, events \"%s\"", c->name,
		    ncuts > 0 ? cuts[0] : len, len, st, l.text.data);
	if (c->error != NULL && strstr(multipart_error(&m), c->error) == NULL)
		fail_msg("%s: error \"%s\" lacks \"%s\"", c->name, multipart_error(&m), c->error);
	buf_free(&l.text);
}

static void
test_whole_and_split(void **state)
{
	size_t i, cut;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		size_t len = strlen(cases[i].body);

		run(&cases[i], NULL, 0);
		for (cut = 0; cut <= len; cut++)
			run(&cases[i], &cut, 1);
	}
}

static void
test_byte_by_byte(void **state)
{
	size_t cuts[512], i, j;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		size_t len = strlen(cases[i].body);

		assert_true(len < NELEM(cuts));
		for (j = 0; j < len; j++)
			cuts[j] = j + 1;
		run(&cases[i], cuts, len);
	}
}

static void
test_headers_too_large(void **state)
{
	static char body[MULTIPART_HEADERS_MAX + 200];
	struct multipart m;
	struct log l;
	int n;

	(void)state;
	memset(&l, 0, sizeof(l));
	buf_init(&l.text);
	n = snprintf(body, sizeof(body), "--" B "\r\n" CD "name=a\r\nX-Pad: ");
	memset(body + n, 'p', sizeof(body) - (size_t)n);
	multipart_init(&m, B, &handler, &l);
	assert_int_equal(multipart_feed(&m, body, sizeof(body)), MULTIPART_BAD);
	assert_non_null(strstr(multipart_error(&m), "too large"));
	/* a refused parser stays refused */
	assert_int_equal(multipart_feed(&m, "\r\n\r\n", 4), MULTIPART_BAD);
	assert_int_equal(multipart_finish(&m), MULTIPART_BAD);
	buf_free(&l.text);
}

static void
test_callback_stops(void **state)
{
	const char *body = "--" B "\r\n" CD "name=a\r\n\r\n1\r\n--" B "--";
	struct multipart m;
	struct log l;

	(void)state;
	memset(&l, 0, sizeof(l));
	buf_init(&l.text);
	l.stop_at_begin = 1;
	multipart_init(&m, B, &handler, &l);
	assert_int_equal(multipart_feed(&m, body, strlen(body)), MULTIPART_STOPPED);
	assert_int_equal(multipart_feed(&m, "x", 1), MULTIPART_STOPPED);
	assert_int_equal(multipart_finish(&m), MULTIPART_STOPPED);
	buf_free(&l.text);
}

struct boundary_case {
	const char *content_type;
	const char *want; /* NULL: refused */
};

static const struct boundary_case boundary_cases[] = {
	{ "multipart/form-data; boundary=abc", "abc" },
	{ "Multipart/Form-Data;boundary=\"a b:c\"", "a b:c" },
	{ "multipart/form-data; charset=utf-8; boundary=----WebKitFormBoundary7MA4YWxk",
	    "----WebKitFormBoundary7MA4YWxk" },
	{ "multipart/form-data; BOUNDARY=x", "x" },
	{ "multipart/form-data ; boundary=x", "x" },
	{ "multipart/form-data", NULL },
	{ "multipart/form-data; boundary=", NULL },
	{ "multipart/form-data; boundary=\"\"", NULL },
	{ "multipart/form-data; boundary=\"ends with space \"", NULL },
	{ "multipart/form-data; boundary=a; boundary=b", NULL },
	{ "multipart/form-data; boundary=\"bad\\\"quote\"", NULL },
	{ "multipart/form-data; boundary=12345678901234567890123456789012345678901234567890"
	  "123456789012345678901",
	    NULL },
	{ "multipart/form-data; boundary=1234567890123456789012345678901234567890123456789012"
	  "345678901234567890",
	    "1234567890123456789012345678901234567890123456789012345678901234567890" },
	{ "multipart/mixed; boundary=x", NULL },
	{ "multipart/form-dataX; boundary=x", NULL },
	{ "application/json", NULL },
	{ "", NULL },
	{ "multipart/form-data; boundary", NULL },
	{ "multipart/form-data boundary=x", NULL },
};

static void
test_boundary(void **state)
{
	char out[MULTIPART_BOUNDARY_MAX + 1];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(boundary_cases); i++) {
		const char *why = NULL;
		int r = multipart_boundary(boundary_cases[i].content_type, out, &why);

		if (boundary_cases[i].want == NULL) {
			if (r == 0)
				fail_msg("accepted: %s", boundary_cases[i].content_type);
			assert_non_null(why);
		} else {
			if (r != 0)
				fail_msg("refused: %s (%s)", boundary_cases[i].content_type, why);
			assert_string_equal(out, boundary_cases[i].want);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_and_split),
		cmocka_unit_test(test_byte_by_byte),
		cmocka_unit_test(test_headers_too_large),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_boundary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
