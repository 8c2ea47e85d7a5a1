/*
 * classify.h -- the built-in offline classifier of ad texts and reports: obscenity (word lists
 * of maintained npm packages, generated into classify_words.c at build time), threats and
 * discrimination (our rules, classify_rules.c), in Russian and English.
 *
 * Texts are normalised against the usual evasions before matching: case, repeated letters
 * ("fuuuck"), Latin/Cyrillic look-alikes ("xyй", "cyka"), digits and symbols for letters
 * ("sh1t", "a$$", "су4ка"), separators inside words ("f.u.c.k", "f u c k", "х-у-й") and
 * masked letters ("f*ck"). Words match whole, or with a known ending ("fucking"), never as a
 * piece of another word, so "Scunthorpe", "assassin" and "скипидар" stay clean.
 */
#ifndef BB_CLASSIFY_H
#define BB_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compat.h"

/* Longer words are cut to this many letters: no listed word is longer. */
#define CLASSIFY_TOKEN_MAX 48
/* Past this many words a text is not read further (ad texts and reports are far shorter). */
#define CLASSIFY_TOKENS_MAX 4096
#define CLASSIFY_MATCH_MAX 64

enum classify_category {
	CLASSIFY_CLEAN,
	CLASSIFY_OBSCENE,
	CLASSIFY_THREAT,
	CLASSIFY_DISCRIMINATION,
};

struct classify_verdict {
	enum classify_category category;
	char match[CLASSIFY_MATCH_MAX]; /* what matched, normalised (UTF-8), "" when clean */
};

struct classifier;

/* The generated word lists (classify_words.c). */
extern const char *const classify_words[];
extern const size_t classify_nwords;

/* Prepares the lists (normalised once). NULL when out of memory. */
struct classifier *classifier_new(void) WUR;
void classifier_free(struct classifier *c);

/* Classifies text[0..len) (UTF-8; invalid bytes are ignored). 0, or -1 out of memory. */
int classify_text(
    const struct classifier *c, const char *text, size_t len, struct classify_verdict *out) WUR;

/* "clean", "obscenity", "threat", "discrimination" */
const char *classify_category_name(enum classify_category cat);

/* --- rules (classify_rules.c) --------------------------------------------------------------- */

/*
 * A rule is a sequence of slots separated by " / "; a slot lists alternatives separated by
 * "|"; an alternative ending in "~" matches any word it begins (else the word itself, with
 * repeated letters). Each slot must follow the previous one within gap words.
 */
struct classify_rule {
	enum classify_category category;
	int gap;
	const char *slots;
};

extern const struct classify_rule classify_rules[];
extern const size_t classify_nrules;
/* Listed words that are ordinary in ads (anatomy, medicine, fashion): not matched. */
extern const char *const classify_ignored[];
extern const size_t classify_nignored;

#endif
