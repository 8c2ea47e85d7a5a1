/*
 * adtext.h -- ad texts (API.md section 8) without I/O: the built-in template generator, the
 * language of a title, the prompt template filled in, and the cleaning of a model's answer
 * into a short plain text.
 */
#ifndef BB_ADTEXT_H
#define BB_ADTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/compat.h"

/* An advertiser's name and a campaign title are a line each; 200 bytes bound the prompt. */
#define ADTEXT_NAME_MAX 200
#define ADTEXT_TITLE_MAX 200
/* A finished ad text is a sentence or three: at most this many characters (code points). */
#define ADTEXT_RESULT_MAX 400

enum adtext_lang {
	ADTEXT_EN,
	ADTEXT_RU,
};

/* Russian when the title has more Cyrillic letters than Latin ones, English otherwise. */
enum adtext_lang adtext_lang(const char *title, size_t len);
/* The language's English name, for the prompt ("English", "Russian"). */
const char *adtext_lang_name(enum adtext_lang lang);

/*
 * The built-in generator: one of several sentence structures in the title's language, chosen
 * by a hash of both inputs (the same inputs give the same text), with the name and the title
 * woven in. Appends to out.
 */
void adtext_builtin(
    const char *name, size_t name_len, const char *title, size_t title_len, struct buf *out);

/*
 * The prompt: tmpl with {{advertiser}}, {{title}} and {{language}} replaced (other text kept
 * as is). Appends to out.
 */
void adtext_prompt(const char *tmpl, const char *name, size_t name_len, const char *title,
    size_t title_len, struct buf *out);

/*
 * A model's answer made into an ad text: whitespace runs (newlines too) become one space,
 * markdown emphasis, headings, bullets and code marks go, surrounding quotes go, a "Text:"-style
 * label goes, and the text is cut to ADTEXT_RESULT_MAX characters at a word boundary with an
 * ellipsis. Invalid UTF-8 is dropped. Appends to out; false when nothing is left.
 */
bool adtext_clean(const char *s, size_t n, struct buf *out) WUR;

#endif
