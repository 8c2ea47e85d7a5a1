/* test_classify.c -- unit tests for the built-in classifier (core/classify): tables of clean
 * and offensive texts in Russian and English, each evasion, and innocent words that contain
 * offensive pieces. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/classify.h"

struct case_ {
	const char *text;
	enum classify_category want;
};

static const struct case_ clean[] = {
	{ "Fresh bread every morning, delivered to your door", CLASSIFY_CLEAN },
	{ "Свежий хлеб каждое утро с доставкой до двери", CLASSIFY_CLEAN },
	{ "Visit Scunthorpe: the best steel town in England", CLASSIFY_CLEAN },
	{ "Assassin's Creed: the new game, now 30% off", CLASSIFY_CLEAN },
	{ "Скипидар живичный, 0.5 л, для красок и лаков", CLASSIFY_CLEAN },
	{ "Cumin and other spices for your kitchen", CLASSIFY_CLEAN },
	{ "Classic cocktail bar in the city centre", CLASSIFY_CLEAN },
	{ "Butter croissants, baked daily", CLASSIFY_CLEAN },
	{ "Spicy chicken wings: killer deals this week", CLASSIFY_CLEAN },
	{ "Kill your thirst with our lemonade", CLASSIFY_CLEAN },
	{ "You will love it or your money back", CLASSIFY_CLEAN },
	{ "Анализы крови за один день", CLASSIFY_CLEAN },
	{ "Облако для ваших файлов: 1 ТБ бесплатно", CLASSIFY_CLEAN },
	{ "Бляха для ремня из латуни", CLASSIFY_CLEAN },
	{ "Therapist appointments online, no waiting", CLASSIFY_CLEAN },
	{ "Grapes from Sussex and Essex farms", CLASSIFY_CLEAN },
	{ "Hancock & Dickens bookshop: classics on sale", CLASSIFY_CLEAN },
	{ "Сдам квартиру без животных, центр города", CLASSIFY_CLEAN },
	{ "Available in white only, sizes S to XL", CLASSIFY_CLEAN },
	{ "Sale!!! 50% off!!! $100 gift cards", CLASSIFY_CLEAN },
	{ "Мы найдём вам квартиру за один день", CLASSIFY_CLEAN },
	{ "", CLASSIFY_CLEAN },
};

static const struct case_ offensive[] = {
	{ "This is fucking great", CLASSIFY_OBSCENE },
	{ "what a piece of shit", CLASSIFY_OBSCENE },
	{ "Ну ты и сука", CLASSIFY_OBSCENE },
	{ "Иди нахуй со своей рекламой", CLASSIFY_OBSCENE },
	{ "Полный пиздец, а не товар", CLASSIFY_OBSCENE },
	{ "I will kill you", CLASSIFY_THREAT },
	{ "I know where you live", CLASSIFY_THREAT },
	{ "Я тебя убью", CLASSIFY_THREAT },
	{ "Сдохни, тварь", CLASSIFY_THREAT },
	{ "Тебе конец, понял?", CLASSIFY_THREAT },
	{ "No blacks, no dogs", CLASSIFY_DISCRIMINATION },
	{ "Immigrants are animals", CLASSIFY_DISCRIMINATION },
	{ "Сдам квартиру только славянам", CLASSIFY_DISCRIMINATION },
	{ "Кавказцам просьба не звонить", CLASSIFY_DISCRIMINATION },
	{ "Мигранты - это паразиты", CLASSIFY_DISCRIMINATION },
};

/* The same words behind each evasion the normaliser undoes. */
static const struct case_ evasions[] = {
	/* case */
	{ "FUCK this", CLASSIFY_OBSCENE },
	{ "СУКА", CLASSIFY_OBSCENE },
	/* repeated letters */
	{ "fuuuuuck", CLASSIFY_OBSCENE },
	{ "shiiiit happens", CLASSIFY_OBSCENE },
	{ "сууукааа", CLASSIFY_OBSCENE },
	/* Latin look-alikes inside Cyrillic words, and Cyrillic words in Latin letters */
	{ "xyй", CLASSIFY_OBSCENE },
	{ "cyka", CLASSIFY_OBSCENE },
	{ "пизdец", CLASSIFY_OBSCENE },
	/* digits and symbols for letters */
	{ "sh1t", CLASSIFY_OBSCENE },
	{ "a$$hole", CLASSIFY_OBSCENE },
	{ "пи3да", CLASSIFY_OBSCENE },
	{ "bitches", CLASSIFY_OBSCENE },
	{ "b1tch", CLASSIFY_OBSCENE },
	/* separators inside words */
	{ "f.u.c.k you", CLASSIFY_OBSCENE },
	{ "f u c k", CLASSIFY_OBSCENE },
	{ "х-у-й", CLASSIFY_OBSCENE },
	{ "s_h_i_t", CLASSIFY_OBSCENE },
	/* masked letters */
	{ "f*ck off", CLASSIFY_OBSCENE },
	/* transliterated Russian */
	{ "pizdets", CLASSIFY_OBSCENE },
	/* evasions inside threats */
	{ "i will K1LL Y0U", CLASSIFY_THREAT },
	{ "я тебя уб-ью", CLASSIFY_THREAT },
};

static struct classifier *cls;

static int
setup(void **state)
{
	(void)state;
	cls = classifier_new();
	return cls == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	classifier_free(cls);
	return 0;
}

static void
run_table(const struct case_ *cases, size_t n)
{
	size_t i, bad = 0;

	for (i = 0; i < n; i++) {
		struct classify_verdict v;

		assert_int_equal(classify_text(cls, cases[i].text, strlen(cases[i].text), &v), 0);
		if (v.category != cases[i].want) {
			printf("# %s: want %s, got %s (%s)\n", cases[i].text,
			    classify_category_name(cases[i].want),
			    classify_category_name(v.category), v.match);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void
test_clean(void **state)
{
	(void)state;
	run_table(clean, sizeof(clean) / sizeof(clean[0]));
}

static void
test_offensive(void **state)
{
	(void)state;
	run_table(offensive, sizeof(offensive) / sizeof(offensive[0]));
}

static void
test_evasions(void **state)
{
	(void)state;
	run_table(evasions, sizeof(evasions) / sizeof(evasions[0]));
}

static void
test_match_names_the_word(void **state)
{
	struct classify_verdict v;

	(void)state;
	assert_int_equal(classify_text(cls, "fuuuck", 6, &v), 0);
	assert_int_equal(v.category, CLASSIFY_OBSCENE);
	assert_string_equal(v.match, "fuck");
}

static void
test_hostile_input(void **state)
{
	static const char junk[] = "\xff\xfe\xc3\x28 \xe2\x82 sh\xc0\xaf"
	                           "it \x00 fu\x80"
	                           "ck";
	char big[40000];
	struct classify_verdict v;
	size_t i;

	(void)state;
	assert_int_equal(classify_text(cls, junk, sizeof(junk) - 1, &v), 0);
	for (i = 0; i < sizeof(big); i++)
		big[i] = "a a a a*"[i % 8];
	assert_int_equal(classify_text(cls, big, sizeof(big), &v), 0);
	memset(big, 'b', sizeof(big));
	assert_int_equal(classify_text(cls, big, sizeof(big), &v), 0);
	assert_int_equal(v.category, CLASSIFY_CLEAN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_offensive),
		cmocka_unit_test(test_evasions),
		cmocka_unit_test(test_match_names_the_word),
		cmocka_unit_test(test_hostile_input),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
