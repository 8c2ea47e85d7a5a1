/*
 * adtext.c -- the built-in ad-text generator, the prompt template and the cleaning of model
 * answers. Pure: no I/O, unit-tested in tests/unit/test_adtext.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/adtext.h"
#include "core/utf8.h"

/* How far back from the cut a word boundary is looked for before cutting inside a word. */
#define CUT_LOOKBACK 40
#define ELLIPSIS 0x2026

/* Several structures per language, so neighbouring campaigns do not read alike. */
static const char *const templates_en[] = {
	"{{title}} from {{advertiser}}: made for the way you live. Try it today!",
	"Looking for {{title}}? {{advertiser}} has you covered. Order now!",
	"{{advertiser}} presents {{title}}. Discover it today and see the difference.",
	"Meet {{title}} by {{advertiser}}. Don't miss out: get yours now!",
	"Why wait? {{title}} from {{advertiser}} is ready for you. Shop now!",
};

static const char *const templates_ru[] = {
	"{{title}} от {{advertiser}}: создано для вас. Попробуйте уже сегодня!",
	"{{advertiser}} представляет: {{title}}. Узнайте больше уже сегодня!",
	"Знакомьтесь: {{title}} от {{advertiser}}. Не упустите, оформите заказ сейчас!",
	"Ищете «{{title}}»? {{advertiser}} знает, что вам нужно. Закажите прямо сейчас!",
	"Почему не сегодня? {{title}} от {{advertiser}} ждёт вас. Покупайте сейчас!",
};

/* Labels a model may put before its text. */
static const char *const labels[] = {
	"ad text:",
	"advertisement:",
	"ad:",
	"text:",
	"рекламный текст:",
	"текст рекламы:",
	"текст:",
	"реклама:",
};

static bool
is_cyrillic(uint32_t c)
{
	return c >= 0x0400 && c <= 0x04FF;
}

static bool
is_latin(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F);
}

enum adtext_lang
adtext_lang(const char *title, size_t len)
{
	size_t i = 0, cyr = 0, lat = 0;

	while (i < len) {
		uint32_t c = utf8_next(title, len, &i);

		cyr += is_cyrillic(c);
		lat += is_latin(c);
	}
	return cyr > lat ? ADTEXT_RU : ADTEXT_EN;
}

const char *
adtext_lang_name(enum adtext_lang lang)
{
	return lang == ADTEXT_RU ? "Russian" : "English";
}

struct slot {
	const char *key;
	const char *val;
	size_t len;
};

/* tmpl with every {{key}} of slots replaced by its value. */
static void
fill(const char *tmpl, const struct slot *slots, size_t nslots, struct buf *out)
{
	const char *p = tmpl;

	while (*p != '\0') {
		const char *open = strstr(p, "{{");
		size_t i;

		if (open == NULL) {
			buf_puts(out, p);
			return;
		}
		buf_append(out, p, (size_t)(open - p));
		p = open;
		for (i = 0; i < nslots; i++) {
			size_t k = strlen(slots[i].key);

			if (strncmp(open + 2, slots[i].key, k) == 0 &&
			    strncmp(open + 2 + k, "}}", 2) == 0) {
				buf_append(out, slots[i].val, slots[i].len);
				p = open + 4 + k;
				break;
			}
		}
		if (i == nslots) {
			buf_append(out, "{{", 2);
			p = open + 2;
		}
	}
}

static bool
is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
	    c == 0xA0;
}

/* s[0..*n) without surrounding spaces and trailing full stops (a title, a name). */
static const char *
trim(const char *s, size_t *n)
{
	while (*n > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r')) {
		s++;
		(*n)--;
	}
	while (*n > 0 && strchr(" \t\r\n.", s[*n - 1]) != NULL)
		(*n)--;
	return s;
}

void
adtext_builtin(
    const char *name, size_t name_len, const char *title, size_t title_len, struct buf *out)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	const char *const *set;
	struct slot slots[2];
	size_t i, nset;

	name = trim(name, &name_len);
	title = trim(title, &title_len);
	for (i = 0; i < name_len; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	h = (h ^ 0xFFu) * 16777619u;
	for (i = 0; i < title_len; i++)
		h = (h ^ (unsigned char)title[i]) * 16777619u;
	if (adtext_lang(title, title_len) == ADTEXT_RU) {
		set = templates_ru;
		nset = NELEM(templates_ru);
	} else {
		set = templates_en;
		nset = NELEM(templates_en);
	}
	slots[0] = (struct slot){ "advertiser", name, name_len };
	slots[1] = (struct slot){ "title", title, title_len };
	fill(set[h % nset], slots, NELEM(slots), out);
}

void
adtext_prompt(const char *tmpl, const char *name, size_t name_len, const char *title,
    size_t title_len, struct buf *out)
{
	const char *lang = adtext_lang_name(adtext_lang(title, title_len));
	struct slot slots[] = {
		{ "advertiser", name, name_len },
		{ "title", title, title_len },
		{ "language", lang, strlen(lang) },
	};

	fill(tmpl, slots, NELEM(slots), out);
}

/* Quote pairs a model wraps its whole answer in. */
static bool
quote_pair(uint32_t open, uint32_t close)
{
	static const uint32_t pairs[][2] = {
		{ '"', '"' }, { '\'', '\'' }, { 0x00AB, 0x00BB }, /* « » */
		{ 0x201C, 0x201D }, /* “ ” */
		{ 0x201E, 0x201C }, /* „ “ */
		{ 0x2018, 0x2019 }, /* ‘ ’ */
	};
	size_t i;

	for (i = 0; i < NELEM(pairs); i++)
		if (open == pairs[i][0] && close == pairs[i][1])
			return true;
	return false;
}

/* Whether the quote marks of cp[lo] and cp[hi - 1] also occur between them ("a" and "b"). */
static bool
quoted_inside(const uint32_t *cp, size_t lo, size_t hi)
{
	size_t i;

	for (i = lo + 1; i + 1 < hi; i++)
		if (cp[i] == cp[lo] || cp[i] == cp[hi - 1])
			return true;
	return false;
}

static uint32_t
lower(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0x0410 && c <= 0x042F)
		return c + 32;
	return c;
}

/* The length of the label cp[0..n) starts with (case-insensitive), or 0. */
static size_t
label_len(const uint32_t *cp, size_t n)
{
	size_t i;

	for (i = 0; i < NELEM(labels); i++) {
		const char *l = labels[i];
		size_t len = strlen(l), j = 0, k = 0;

		while (j < len && k < n) {
			if (utf8_next(l, len, &j) != lower(cp[k]))
				break;
			k++;
		}
		if (j == len)
			return k;
	}
	return 0;
}

/*
 * Decodes s into code points with markdown marks dropped and whitespace runs made one space;
 * returns the count.
 */
static size_t
decode_plain(const char *s, size_t n, uint32_t *cp)
{
	size_t i = 0, m = 0;
	bool line_start = true, space = false;

	while (i < n) {
		uint32_t c = utf8_next(s, n, &i);

		if (c == UTF8_INVALID || (c < 0x20 && !is_space(c)) || c == 0x7F)
			continue;
		if (c == '\n')
			line_start = true;
		if (is_space(c)) {
			space = true;
			continue;
		}
		if (line_start && (c == '-' || c == '+' || c == 0x2022 || c == '>') && i < n &&
		    s[i] == ' ')
			continue; /* a bullet or a quote mark of a markdown line */
		if (c == '_' && i < n && s[i] == '_') {
			i++; /* "__" is bold; a single "_" may be part of a name */
			continue;
		}
		if (c == '*' || c == '`' || c == '#')
			continue;
		line_start = false;
		if (space && m > 0)
			cp[m++] = ' ';
		space = false;
		cp[m++] = c;
	}
	return m;
}

bool
adtext_clean(const char *s, size_t n, struct buf *out)
{
	uint32_t *cp = malloc((n + 1) * sizeof(*cp));
	size_t lo = 0, hi, i, k;
	char enc[4];

	if (cp == NULL) {
		out->failed = true;
		return false;
	}
	hi = decode_plain(s, n, cp);
	for (;;) {
		size_t before = hi - lo, l = label_len(cp + lo, hi - lo);

		lo += l;
		while (lo < hi && cp[lo] == ' ')
			lo++;
		while (hi > lo && cp[hi - 1] == ' ')
			hi--;
		if (hi - lo >= 2 && quote_pair(cp[lo], cp[hi - 1]) && !quoted_inside(cp, lo, hi)) {
			lo++;
			hi--;
		}
		if (hi - lo == before)
			break;
	}
	if (hi - lo > ADTEXT_RESULT_MAX) {
		size_t cut = lo + ADTEXT_RESULT_MAX - 1; /* room for the ellipsis */

		for (k = cut; k > lo && k + CUT_LOOKBACK > cut; k--)
			if (cp[k] == ' ') {
				cut = k;
				break;
			}
		while (cut > lo &&
		    (cp[cut - 1] == ' ' || cp[cut - 1] == ',' || cp[cut - 1] == '.' ||
		        cp[cut - 1] == ':' || cp[cut - 1] == ';'))
			cut--;
		hi = cut;
		cp[hi++] = ELLIPSIS;
	}
	for (i = lo; i < hi; i++)
		buf_append(out, enc, utf8_put(cp[i], enc));
	free(cp);
	return hi > lo && !out->failed;
}
