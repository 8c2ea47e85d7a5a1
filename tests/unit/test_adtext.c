/* test_adtext.c -- unit tests for core/adtext: the built-in generator (language, variety,
 * determinism), the prompt template and the cleaning of model answers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/adtext.h"
#include "core/utf8.h"

static void
builtin(const char *name, const char *title, struct buf *out)
{
	buf_reset(out);
	adtext_builtin(name, strlen(name), title, strlen(title), out);
	assert_false(out->failed);
	assert_non_null(out->data);
}

static void
test_lang(void **state)
{
	static const struct {
		const char *title;
		enum adtext_lang want;
	} cases[] = {
		{ "Fresh bread", ADTEXT_EN },
		{ "Свежий хлеб", ADTEXT_RU },
		{ "iPhone 15 со скидкой", ADTEXT_RU },
		{ "Sale на iPhone", ADTEXT_EN },
		{ "12345", ADTEXT_EN },
		{ "", ADTEXT_EN },
		{ "Ёлки и ели", ADTEXT_RU },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++)
		assert_int_equal(
		    adtext_lang(cases[i].title, strlen(cases[i].title)), cases[i].want);
	assert_string_equal(adtext_lang_name(ADTEXT_RU), "Russian");
	assert_string_equal(adtext_lang_name(ADTEXT_EN), "English");
}

static void
test_builtin_weaves_inputs(void **state)
{
	static const char *const titles[] = { "Fresh bread", "Winter tyres", "Свежий хлеб",
		"Зимние шины", "Yoga classes", "Курсы английского" };
	static const char *const names[] = { "Acme", "Пекарня №1", "Bob's Garage" };
	struct buf b;
	size_t i, k;

	(void)state;
	buf_init(&b);
	for (i = 0; i < NELEM(titles); i++)
		for (k = 0; k < NELEM(names); k++) {
			builtin(names[k], titles[i], &b);
			assert_non_null(strstr(b.data, titles[i]));
			assert_non_null(strstr(b.data, names[k]));
			assert_null(strstr(b.data, "{{"));
			assert_true(utf8_valid(b.data, b.len));
			/* In the title's language: the Russian texts carry Cyrillic words of ours. */
			assert_int_equal(adtext_lang(b.data, b.len) == ADTEXT_RU,
			    adtext_lang(titles[i], strlen(titles[i])) == ADTEXT_RU);
		}
	buf_free(&b);
}

static void
test_builtin_deterministic_and_varied(void **state)
{
	char first[512];
	struct buf b;
	size_t i, distinct_en = 0, distinct_ru = 0;
	char seen_en[8][64], seen_ru[8][64];

	(void)state;
	buf_init(&b);
	builtin("Acme", "Fresh bread", &b);
	snprintf(first, sizeof(first), "%s", b.data);
	builtin("Acme", "Fresh bread", &b);
	assert_string_equal(first, b.data);
	/* Different campaigns get different structures: the first 12 bytes after the title. */
	for (i = 0; i < 40; i++) {
		char title[32], key[64];
		size_t k;

		snprintf(title, sizeof(title), "Product %zu", i);
		builtin("Acme", title, &b);
		snprintf(
		    key, sizeof(key), "%.20s", b.data[0] == 'P' ? b.data + strlen(title) : b.data);
		for (k = 0; k < distinct_en && strcmp(seen_en[k], key) != 0; k++)
			;
		if (k == distinct_en && distinct_en < 8)
			snprintf(seen_en[distinct_en++], 64, "%s", key);
		snprintf(title, sizeof(title), "Товар %zu", i);
		builtin("Acme", title, &b);
		snprintf(key, sizeof(key), "%.20s",
		    b.data[0] == (char)0xD0 ? b.data + strlen(title) : b.data);
		for (k = 0; k < distinct_ru && strcmp(seen_ru[k], key) != 0; k++)
			;
		if (k == distinct_ru && distinct_ru < 8)
			snprintf(seen_ru[distinct_ru++], 64, "%s", key);
	}
	assert_true(distinct_en >= 4);
	assert_true(distinct_ru >= 4);
	buf_free(&b);
}

static void
test_builtin_trims(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	builtin("  Acme ", " Fresh bread. ", &b);
	assert_null(strstr(b.data, "  "));
	assert_null(strstr(b.data, ".."));
	assert_null(strstr(b.data, "bread. "));
	buf_free(&b);
}

static void
test_prompt(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	adtext_prompt("For {{advertiser}}: {{title}} in {{language}}. {{unknown}} {{", "Acme", 4,
	    "Свежий хлеб", strlen("Свежий хлеб"), &b);
	assert_string_equal(b.data, "For Acme: Свежий хлеб in Russian. {{unknown}} {{");
	buf_reset(&b);
	adtext_prompt("{{title}}{{title}}", "", 0, "Tea", 3, &b);
	assert_string_equal(b.data, "TeaTea");
	buf_free(&b);
}

static const struct {
	const char *in;
	const char *want; /* NULL: nothing left */
} clean_cases[] = {
	{ "Buy fresh bread today!", "Buy fresh bread today!" },
	{ "  \"Buy fresh bread today!\"  ", "Buy fresh bread today!" },
	{ "«Свежий хлеб каждый день. Заходите!»", "Свежий хлеб каждый день. Заходите!" },
	{ "“Quoted” text and “more”", "“Quoted” text and “more”" },
	{ "\"'Nested quotes'\"", "Nested quotes" },
	{ "**Fresh bread** from _Acme_. Order __now__!", "Fresh bread from _Acme_. Order now!" },
	{ "# Fresh bread\n\nOrder now!", "Fresh bread Order now!" },
	{ "- one\n- two\n* three", "one two three" },
	{ "Ad text: Fresh bread. Order now!", "Fresh bread. Order now!" },
	{ "Рекламный текст: «Хлеб». Купите!", "«Хлеб». Купите!" },
	{ "Text: \"Fresh bread\"", "Fresh bread" },
	{ "`Fresh` bread", "Fresh bread" },
	{ "a\t\tb\r\n\r\nc", "a b c" },
	{ "Price - 5 euros", "Price - 5 euros" },
	{ "bad \xff\xfe bytes", "bad bytes" },
	{ "\"\"", NULL },
	{ "   ", NULL },
	{ "***", NULL },
	{ "", NULL },
};

static void
test_clean_table(void **state)
{
	struct buf b;
	size_t i;

	(void)state;
	buf_init(&b);
	for (i = 0; i < NELEM(clean_cases); i++) {
		bool ok;

		buf_reset(&b);
		ok = adtext_clean(clean_cases[i].in, strlen(clean_cases[i].in), &b);
		if (clean_cases[i].want == NULL) {
			assert_false(ok);
		} else {
			assert_true(ok);
			assert_string_equal(b.data, clean_cases[i].want);
		}
	}
	buf_free(&b);
}

static size_t
code_points(const char *s, size_t n)
{
	size_t i = 0, k = 0;

	while (i < n) {
		(void)utf8_next(s, n, &i);
		k++;
	}
	return k;
}

static void
test_clean_bounds_length(void **state)
{
	static char in[8192];
	struct buf b;
	size_t i, n = 0;

	(void)state;
	for (i = 0; n + 20 < sizeof(in); i++)
		n += (size_t)snprintf(in + n, sizeof(in) - n, "слово%zu word ", i);
	buf_init(&b);
	assert_true(adtext_clean(in, n, &b));
	assert_true(code_points(b.data, b.len) <= ADTEXT_RESULT_MAX);
	assert_true(code_points(b.data, b.len) > ADTEXT_RESULT_MAX - 40);
	assert_true(utf8_valid(b.data, b.len));
	/* Cut at a word boundary, with an ellipsis. */
	assert_string_equal(b.data + b.len - 3, "\xe2\x80\xa6");
	assert_true(b.data[b.len - 4] != ' ');
	/* One endless word: cut inside it, still bounded and valid. */
	memset(in, 'x', 5000);
	buf_reset(&b);
	assert_true(adtext_clean(in, 5000, &b));
	assert_int_equal(code_points(b.data, b.len), ADTEXT_RESULT_MAX);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lang),
		cmocka_unit_test(test_builtin_weaves_inputs),
		cmocka_unit_test(test_builtin_deterministic_and_varied),
		cmocka_unit_test(test_builtin_trims),
		cmocka_unit_test(test_prompt),
		cmocka_unit_test(test_clean_table),
		cmocka_unit_test(test_clean_bounds_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
