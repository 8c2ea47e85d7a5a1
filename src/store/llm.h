/*
 * llm.h -- a client of an OpenAI-compatible chat-completions API (BILLBOARD_LLM_BASE_URL),
 * the only place that talks to a language model: bounded connect and total timeouts,
 * retries with exponential back-off that honour Retry-After, a cap on the answer's size, and
 * a strict reading of the answer's envelope. Used by moderation and by ad-text generation.
 */
#ifndef BB_LLM_H
#define BB_LLM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/compat.h"

/* The API's whole answer (envelope included) may not exceed this many bytes. */
#define LLM_ANSWER_MAX (256 * 1024)

struct llm_config {
	const char *base_url; /* BILLBOARD_LLM_BASE_URL, e.g. http://host/v1; NULL: no LLM */
	const char *api_key; /* BILLBOARD_LLM_API_KEY, sent as a bearer token when set */
	const char *model; /* BILLBOARD_LLM_MODEL (default "gpt-4o-mini") */
	long connect_timeout_ms; /* BILLBOARD_LLM_CONNECT_TIMEOUT_MS (default 3000) */
	long total_timeout_ms; /* BILLBOARD_LLM_TIMEOUT_MS: one attempt, all in (default 30000) */
	int max_attempts; /* BILLBOARD_LLM_ATTEMPTS (default 4) */
	long max_backoff_ms; /* the longest wait between attempts, Retry-After included (30 s) */
};

struct llm;

/* Reads the BILLBOARD_LLM_* variables; base_url stays NULL when the LLM is not configured. */
void llm_config_from_env(struct llm_config *cfg);
/* NULL when out of memory or libcurl cannot start. */
struct llm *llm_new(const struct llm_config *cfg) WUR;
void llm_free(struct llm *l);

/*
 * One chat completion: system and user messages in, the first choice's message content out
 * (appended to answer). 0, or -1 with a reason in err after the last attempt failed.
 */
int llm_chat(struct llm *l, const char *system, const char *user, struct buf *answer, char *err,
    size_t errlen) WUR;
/*
 * llm_chat with an overall deadline: no attempt runs, and no back-off waits, past deadline_ms
 * after the call began (0: no deadline). A failure's reason names the last attempt's error.
 */
int llm_chat_until(struct llm *l, const char *system, const char *user, long deadline_ms,
    struct buf *answer, char *err, size_t errlen) WUR;

#endif
