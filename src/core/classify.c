/*
 * classify.c -- normalising texts into words and matching them against the word lists and
 * the rules (see classify.h for what is caught and why).
 *
 * A word is kept as code points, lower case, with two readings: Latin (digits and symbols
 * read as the Latin letters they stand for) and Cyrillic (Latin look-alikes read as
 * Cyrillic). A listed word in Latin letters is compared with the Latin reading, a Cyrillic
 * one with the Cyrillic reading.
 */
#include <stdlib.h>
#include <string.h>

#include "core/classify.h"
#include "core/utf8.h"

/* A letter hidden behind "*" stands for any one letter. */
#define WILDCARD '*'
/* At least this many words of single letters in a row are read as one ("f u c k"). */
#define SPACED_MIN 3
/* A known ending is only accepted after a stem at least this long ("cum" + "in" stays). */
#define STEM_MIN 4
/* The longest Russian ending or prefix, in letters. */
#define AFFIX_MAX 8

struct word {
	uint32_t lat[CLASSIFY_TOKEN_MAX];
	uint32_t cyr[CLASSIFY_TOKEN_MAX];
	uint8_t len;
	bool has_cyr; /* the text had Cyrillic letters: only the Cyrillic reading is meaningful */
	bool lat_ok; /* every character has a Latin reading */
	bool cyr_ok; /* every character has a Cyrillic reading */
};

struct text {
	struct word *w;
	size_t n;
};

struct entry {
	struct word *w; /* the listed phrase, one word or several */
	size_t n;
	bool cyrillic;
	enum classify_category category;
};

/* How much of a text word may follow a listed word. */
enum tail {
	TAIL_NONE, /* the whole word (rule words) */
	TAIL_ENDINGS, /* a known ending or Russian prefix (listed words) */
	TAIL_ANY, /* anything (rule stems written with "~") */
};

struct alt {
	struct word w;
	bool cyrillic;
	enum tail tail;
};

struct slot {
	struct alt *alts;
	size_t n;
};

struct rule {
	const struct classify_rule *src;
	struct slot *slots;
	size_t n;
};

struct classifier {
	struct entry *e;
	size_t n;
	struct rule *rules;
	size_t nrules;
};

static const uint32_t en_endings[][5] = {
	{ 's' },
	{ 'e', 's' },
	{ 'e', 'd' },
	{ 'i', 'n', 'g' },
	{ 'i', 'n', 'g', 's' },
	{ 'i', 'n' },
	{ 'h', 'e', 'a', 'd' },
	{ 'h', 'o', 'l', 'e' },
	{ 'f', 'a', 'c', 'e' },
};

/* Russian endings, as UTF-8 (they are read once into code points). */
static const char *const ru_endings[] = {
	"а",
	"у",
	"е",
	"ы",
	"и",
	"о",
	"ой",
	"ом",
	"ам",
	"ами",
	"ах",
	"ях",
	"ь",
	"я",
	"ю",
	"ей",
	"ий",
	"ого",
	"ому",
	"ая",
	"ое",
	"ые",
	"ых",
	"им",
	"ыми",
	"ем",
	"ет",
	"ут",
	"ют",
	"ать",
	"ять",
	"ить",
	"ла",
	"ли",
	"ся",
	"сь",
	"ка",
	"ки",
	"ку",
	"ник",
	"ники",
	"ство",
	"ище",
};
static const char *const ru_prefixes[] = {
	"на",
	"о",
	"об",
	"от",
	"по",
	"за",
	"вы",
	"до",
	"под",
	"при",
	"про",
	"раз",
	"рас",
	"у",
	"пере",
	"недо",
	"ни",
};

static const char *const category_names[] = { "clean", "obscenity", "threat", "discrimination" };

const char *
classify_category_name(enum classify_category cat)
{
	return category_names[cat];
}

/* --- characters --------------------------------------------------------------------------- */

static bool
is_cyr(uint32_t cp)
{
	return cp >= 0x430 && cp <= 0x44F;
}

static bool
is_lat(uint32_t cp)
{
	return cp >= 'a' && cp <= 'z';
}

/* Lower case, ё as е, common accented Latin letters as plain ones. */
static uint32_t
fold(uint32_t cp)
{
	static const char accents[] = "aaaaaaaceeeeiiiidnooooo/ouuuuyby"; /* U+00E0..U+00FF */

	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if (cp >= 0x410 && cp <= 0x42F)
		return cp + 32;
	if (cp == 0x401 || cp == 0x451)
		return 0x435;
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		cp += 32;
	if (cp >= 0xE0 && cp <= 0xFF && accents[cp - 0xE0] != '/')
		return (uint32_t)accents[cp - 0xE0];
	return cp;
}

/* Characters written inside words in place of letters. */
static bool
is_symbol(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || cp == '@' || cp == '$' || cp == '!' || cp == '|' ||
	    cp == '+' || cp == WILDCARD;
}

/* Characters put inside words to split them; dropped. */
static bool
is_joiner(uint32_t cp)
{
	return cp == '.' || cp == '-' || cp == '_' || cp == '\'' || cp == '`' || cp == '"' ||
	    cp == '~' || cp == '^' || cp == 0x2019 || cp == 0xAD || cp == 0x200B;
}

static uint32_t
latin_reading(uint32_t cp)
{
	static const char from[] = "01345789@$!|+";
	static const char to[] = "oieastbgasilt";
	const char *p;

	if (is_lat(cp) || cp == WILDCARD)
		return cp;
	if (cp < 128 && cp != 0 && (p = strchr(from, (int)cp)) != NULL)
		return (uint32_t)to[p - from];
	return 0;
}

static uint32_t
cyrillic_reading(uint32_t cp)
{
	/*
	 * Latin letters and digits that look like Cyrillic ones, then Latin letters that only
	 * sound like them (used when a word mixes both scripts: "пизdец").
	 */
	static const char from[] = "aceopxykmthbun30469@dglizfsvrj";
	static const uint32_t to[] = { 0x430, 0x441, 0x435, 0x43E, 0x440, 0x445, 0x443, 0x43A,
		0x43C, 0x442, 0x43D, 0x432, 0x438, 0x43F, 0x437, 0x43E, 0x447, 0x431, 0x44F, 0x430,
		0x434, 0x433, 0x43B, 0x438, 0x437, 0x444, 0x441, 0x432, 0x440, 0x439 };
	const char *p;

	if (is_cyr(cp) || cp == WILDCARD)
		return cp;
	if (cp < 128 && cp != 0 && (p = strchr(from, (int)cp)) != NULL)
		return to[p - from];
	return 0;
}

/* --- words -------------------------------------------------------------------------------- */

static void
word_add(struct word *w, uint32_t cp)
{
	uint32_t l = latin_reading(cp), c = cyrillic_reading(cp);

	if (w->len >= CLASSIFY_TOKEN_MAX)
		return;
	if (is_cyr(cp))
		w->has_cyr = true;
	if (l == 0)
		w->lat_ok = false;
	if (c == 0)
		w->cyr_ok = false;
	w->lat[w->len] = l ? l : cp;
	w->cyr[w->len] = c ? c : cp;
	w->len++;
}

static void
word_start(struct word *w)
{
	w->len = 0;
	w->has_cyr = false;
	w->lat_ok = true;
	w->cyr_ok = true;
}

/* Drops symbols at the ends of a word ("shit!", "$100"): there they are punctuation. */
static bool
word_trim(struct word *w, const uint32_t *raw)
{
	size_t a = 0, b = w->len, i;
	struct word t;

	while (a < b && is_symbol(raw[a]) && raw[a] != WILDCARD)
		a++;
	while (b > a && is_symbol(raw[b - 1]))
		b--;
	if (a == b)
		return false;
	word_start(&t);
	for (i = a; i < b; i++)
		word_add(&t, raw[i]);
	*w = t;
	for (i = 0; i < w->len; i++)
		if (is_lat(w->lat[i]) || is_cyr(w->cyr[i]))
			return true;
	return false; /* digits only: a number */
}

static int
text_push(struct text *t, const struct word *w, size_t *cap)
{
	if (t->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct word *nw = realloc(t->w, ncap * sizeof(*nw));

		if (nw == NULL)
			return -1;
		t->w = nw;
		*cap = ncap;
	}
	t->w[t->n++] = *w;
	return 0;
}

/* Merges runs of SPACED_MIN or more one-letter words into one word. */
static void
join_spaced(struct text *t)
{
	size_t i = 0, out = 0;

	while (i < t->n) {
		size_t j = i;

		while (j < t->n && t->w[j].len == 1)
			j++;
		if (j - i >= SPACED_MIN) {
			struct word m = t->w[i];
			size_t k;

			for (k = i + 1; k < j && m.len < CLASSIFY_TOKEN_MAX; k++) {
				m.lat[m.len] = t->w[k].lat[0];
				m.cyr[m.len] = t->w[k].cyr[0];
				m.has_cyr |= t->w[k].has_cyr;
				m.lat_ok &= t->w[k].lat_ok;
				m.cyr_ok &= t->w[k].cyr_ok;
				m.len++;
			}
			t->w[out++] = m;
			i = j;
		} else {
			t->w[out++] = t->w[i++];
		}
	}
	t->n = out;
}

/* Splits s into words; 0 or -1 (out of memory). t->w is to be freed. */
static int
tokenize(const char *s, size_t n, bool join, struct text *t)
{
	uint32_t raw[CLASSIFY_TOKEN_MAX];
	size_t i = 0, cap = 0;
	struct word w;

	t->w = NULL;
	t->n = 0;
	word_start(&w);
	while (i <= n && t->n < CLASSIFY_TOKENS_MAX) {
		uint32_t cp = i < n ? fold(utf8_next(s, n, &i)) : ' ';

		if (is_lat(cp) || is_cyr(cp) || is_symbol(cp)) {
			if (w.len < CLASSIFY_TOKEN_MAX)
				raw[w.len] = cp;
			word_add(&w, cp);
		} else if (!is_joiner(cp) || w.len == 0) {
			if (w.len > 0 && word_trim(&w, raw) && text_push(t, &w, &cap) != 0)
				return -1;
			word_start(&w);
		}
		if (i >= n) {
			if (w.len > 0 && word_trim(&w, raw) && text_push(t, &w, &cap) != 0)
				return -1;
			break;
		}
	}
	if (join)
		join_spaced(t);
	return 0;
}

/* --- matching ----------------------------------------------------------------------------- */

/*
 * Matches the listed word p against the start of the text word q, letter runs against letter
 * runs ("fuuuck" has every run of "fuck", at least as long). Returns the number of q's
 * characters used, or -1.
 */
static int
match_prefix(const uint32_t *p, size_t pn, const uint32_t *q, size_t qn)
{
	size_t i = 0, j = 0, hidden = 0;

	while (i < pn) {
		size_t rp = 1, rq = 0;

		if (j >= qn)
			return -1;
		if (q[j] == WILDCARD) {
			i++, j++, hidden++;
			continue;
		}
		if (q[j] != p[i])
			return -1;
		while (i + rp < pn && p[i + rp] == p[i])
			rp++;
		while (j + rq < qn && q[j + rq] == p[i])
			rq++;
		if (rq < rp)
			return -1;
		i += rp;
		j += rq;
	}
	return hidden * 2 > pn ? -1 : (int)j;
}

static bool
same(const uint32_t *a, size_t an, const uint32_t *b, size_t bn)
{
	return an == bn && memcmp(a, b, an * sizeof(*a)) == 0;
}

/* A short UTF-8 affix as code points (at most AFFIX_MAX); the number of them. */
static size_t
affix(const char *s, uint32_t out[AFFIX_MAX])
{
	size_t n = 0, i = 0, len = strlen(s);

	while (i < len && n < AFFIX_MAX)
		out[n++] = utf8_next(s, len, &i);
	return n;
}

static bool
ru_ending(const uint32_t *q, size_t n)
{
	uint32_t e[AFFIX_MAX];
	size_t k;

	for (k = 0; k < NELEM(ru_endings); k++)
		if (same(e, affix(ru_endings[k], e), q, n))
			return true;
	return false;
}

static bool
en_ending(const uint32_t *q, size_t n)
{
	size_t k, len;

	for (k = 0; k < NELEM(en_endings); k++) {
		for (len = 0; len < 5 && en_endings[k][len] != 0; len++)
			;
		if (same(en_endings[k], len, q, n))
			return true;
	}
	return false;
}

/* Whether the listed word p matches the text word q, with what may follow it. */
static bool
match_word(const uint32_t *p, size_t pn, const uint32_t *q, size_t qn, bool cyr, enum tail tail)
{
	int used = match_prefix(p, pn, q, qn);
	size_t rest;

	if (used < 0)
		return false;
	rest = qn - (size_t)used;
	if (rest == 0 || tail == TAIL_ANY)
		return true;
	if (tail == TAIL_NONE)
		return false;
	if (cyr)
		return pn >= 3 && ru_ending(q + used, rest);
	if (rest == 1 && q[used] == 's')
		return pn >= 3; /* -s */
	if (rest == 2 && q[used] == 'e' && q[used + 1] == 's')
		return pn >= 3 &&
		    strchr("sxzh", (int)p[pn - 1]) != NULL; /* -es after a hiss only */
	return pn >= STEM_MIN && en_ending(q + used, rest);
}

/* The text word's reading in the entry's script, or NULL when it has none. */
static const uint32_t *
reading(const struct word *w, bool cyrillic)
{
	if (cyrillic)
		return w->cyr_ok || w->has_cyr ? w->cyr : NULL;
	return !w->has_cyr && w->lat_ok ? w->lat : NULL;
}

static bool
match_one(const struct word *p, const struct word *q, bool cyrillic, enum tail tail)
{
	const uint32_t *pr = cyrillic ? p->cyr : p->lat, *qr = reading(q, cyrillic);
	size_t k;

	if (qr == NULL)
		return false;
	if (match_word(pr, p->len, qr, q->len, cyrillic, tail))
		return true;
	if (!cyrillic || tail != TAIL_ENDINGS)
		return false;
	/* Russian prefixes: "на" + "хуй", "от" + "пиздить". */
	for (k = 0; k < NELEM(ru_prefixes); k++) {
		uint32_t pre[AFFIX_MAX];
		size_t pn = affix(ru_prefixes[k], pre);

		if (q->len > pn + 2 && memcmp(qr, pre, pn * sizeof(*pre)) == 0 &&
		    match_word(pr, p->len, qr + pn, q->len - pn, true, tail))
			return true;
	}
	return false;
}

static void
verdict(struct classify_verdict *out, enum classify_category cat, const struct word *w, size_t n,
    bool cyrillic)
{
	size_t i, k, at = 0;
	char buf[4];

	out->category = cat;
	for (i = 0; i < n; i++)
		for (k = 0; k < w[i].len; k++) {
			size_t len = utf8_put(cyrillic ? w[i].cyr[k] : w[i].lat[k], buf);

			if (at + len + 2 > sizeof(out->match))
				goto done;
			memcpy(out->match + at, buf, len);
			at += len;
			if (k + 1 == w[i].len && i + 1 < n)
				out->match[at++] = ' ';
		}
done:
	out->match[at] = '\0';
}

/* Whether the entry (a phrase of e->n words) occurs at word i of the text. */
static bool
entry_at(const struct entry *e, const struct text *t, size_t i)
{
	size_t k;

	if (i + e->n > t->n)
		return false;
	for (k = 0; k < e->n; k++)
		if (!match_one(&e->w[k], &t->w[i + k], e->cyrillic, TAIL_ENDINGS))
			return false;
	return true;
}

/* --- rules -------------------------------------------------------------------------------- */

/* Prepares one alternative ("word" or "stem~"); false when it is not one word. */
static bool
compile_alt(const char *s, size_t len, struct alt *out)
{
	struct text t;
	bool ok;

	out->tail = len > 0 && s[len - 1] == '~' ? TAIL_ANY : TAIL_NONE;
	if (out->tail == TAIL_ANY)
		len--;
	if (tokenize(s, len, false, &t) != 0)
		return false;
	ok = t.n == 1;
	if (ok) {
		out->w = t.w[0];
		out->cyrillic = t.w[0].has_cyr;
	}
	free(t.w);
	return ok;
}

/* Prepares the slots of rule src into r; -1 when out of memory or malformed. */
static int
compile_rule(const struct classify_rule *src, struct rule *r)
{
	const char *p = src->slots;

	r->src = src;
	r->n = 0;
	r->slots = NULL;
	while (*p != '\0') {
		const char *end = strstr(p, " / ");
		size_t len = end ? (size_t)(end - p) : strlen(p), a = 0, nalts = 1, i;
		struct slot *ns = realloc(r->slots, (r->n + 1) * sizeof(*ns));

		if (ns == NULL)
			return -1;
		r->slots = ns;
		for (i = 0; i < len; i++)
			nalts += p[i] == '|';
		ns[r->n].alts = calloc(nalts, sizeof(struct alt));
		ns[r->n].n = 0;
		if (ns[r->n].alts == NULL)
			return -1;
		r->n++;
		while (a < len) {
			size_t b = a;

			while (b < len && p[b] != '|')
				b++;
			if (!compile_alt(p + a, b - a, &ns[r->n - 1].alts[ns[r->n - 1].n++]))
				return -1;
			a = b + 1;
		}
		p = end ? end + 3 : p + len;
	}
	return 0;
}

static bool
slot_matches(const struct slot *sl, const struct word *q)
{
	size_t k;

	for (k = 0; k < sl->n; k++)
		if (match_one(&sl->alts[k].w, q, sl->alts[k].cyrillic, sl->alts[k].tail))
			return true;
	return false;
}

/* Whether slots s.. of rule r match from text word i on. */
static bool
rule_from(const struct rule *r, size_t s, const struct text *t, size_t i)
{
	size_t j;

	if (!slot_matches(&r->slots[s], &t->w[i]))
		return false;
	if (s + 1 == r->n)
		return true;
	for (j = i + 1; j < t->n && j <= i + 1 + (size_t)r->src->gap; j++)
		if (rule_from(r, s + 1, t, j))
			return true;
	return false;
}

/* --- the classifier ----------------------------------------------------------------------- */

static bool
ignored(const char *word)
{
	size_t i;

	for (i = 0; i < classify_nignored; i++)
		if (strcmp(classify_ignored[i], word) == 0)
			return true;
	return false;
}

struct classifier *
classifier_new(void)
{
	struct classifier *c = calloc(1, sizeof(*c));
	size_t i;

	if (c == NULL || (c->e = calloc(classify_nwords, sizeof(*c->e))) == NULL)
		goto fail;
	for (i = 0; i < classify_nwords; i++) {
		struct text t;
		struct entry *e = &c->e[c->n];
		size_t k;

		if (ignored(classify_words[i]))
			continue;
		if (tokenize(classify_words[i], strlen(classify_words[i]), false, &t) != 0)
			goto fail;
		if (t.n == 0) {
			free(t.w);
			continue;
		}
		e->w = t.w;
		e->n = t.n;
		e->cyrillic = false;
		for (k = 0; k < t.n; k++)
			e->cyrillic |= t.w[k].has_cyr;
		e->category = CLASSIFY_OBSCENE;
		c->n++;
	}
	if ((c->rules = calloc(classify_nrules, sizeof(*c->rules))) == NULL)
		goto fail;
	for (i = 0; i < classify_nrules; i++) {
		c->nrules++;
		if (compile_rule(&classify_rules[i], &c->rules[i]) != 0)
			goto fail;
	}
	return c;
fail:
	classifier_free(c);
	return NULL;
}

void
classifier_free(struct classifier *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		free(c->e[i].w);
	free(c->e);
	for (i = 0; i < c->nrules; i++) {
		size_t k;

		for (k = 0; k < c->rules[i].n; k++)
			free(c->rules[i].slots[k].alts);
		free(c->rules[i].slots);
	}
	free(c->rules);
	free(c);
}

int
classify_text(
    const struct classifier *c, const char *text, size_t len, struct classify_verdict *out)
{
	struct text t;
	size_t i, k;

	out->category = CLASSIFY_CLEAN;
	out->match[0] = '\0';
	if (tokenize(text, len, true, &t) != 0)
		return -1;
	for (i = 0; i < t.n; i++) {
		for (k = 0; k < c->nrules; k++)
			if (rule_from(&c->rules[k], 0, &t, i)) {
				verdict(out, c->rules[k].src->category, &t.w[i], 1, t.w[i].has_cyr);
				goto done;
			}
		for (k = 0; k < c->n; k++)
			if (entry_at(&c->e[k], &t, i)) {
				verdict(
				    out, c->e[k].category, c->e[k].w, c->e[k].n, c->e[k].cyrillic);
				goto done;
			}
	}
done:
	free(t.w);
	return 0;
}
