/*
 * verdict.h -- reading a language model's moderation verdict strictly: the whole answer must
 * be one JSON object {"flagged": true|false, "category": "none"|"obscenity"|"threat"|
 * "discrimination"} (a flagged verdict names a category, a clean one says "none"); anything
 * else is refused rather than guessed at.
 */
#ifndef BB_VERDICT_H
#define BB_VERDICT_H

#include <stddef.h>

#include "core/classify.h"
#include "core/compat.h"

/* Answers longer than this are not a verdict. */
#define VERDICT_MAX 1024

/* The instructions given to the model with each text. */
extern const char verdict_prompt[];

/* Parses s[0..len) into out (match gets "llm"). 0, or -1 when it is not a valid verdict. */
int verdict_parse(const char *s, size_t len, struct classify_verdict *out) WUR;

#endif
