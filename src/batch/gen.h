/*
 * gen.h -- ad-text generators behind one interface: the language model of
 * BILLBOARD_LLM_BASE_URL (store/llm.c, the prompt from prompts/ad_text.txt), or the built-in
 * template generator (core/adtext.c) when no model is configured.
 */
#ifndef BB_GEN_H
#define BB_GEN_H

#include <stddef.h>

#include "core/buf.h"
#include "core/compat.h"

/* A prompt template is a paragraph; anything larger is not ours. */
#define GEN_PROMPT_MAX (16 * 1024)

struct gen;

/* From the environment; NULL (logged) when the model is configured but cannot be set up. */
struct gen *gen_new(void) WUR;
void gen_free(struct gen *g);
/* "builtin" or the model's name: what the job's answer reports as its generator. */
const char *gen_name(const struct gen *g);
/*
 * Writes the ad text for name and title into out (cleaned, bounded), within deadline_ms:
 * 0, or -1 with a readable reason in err.
 */
int gen_write(struct gen *g, const char *name, const char *title, long deadline_ms, struct buf *out,
    char *err, size_t errlen) WUR;

#endif
