/*
 * chat.h -- reading the JSON answers of an OpenAI-compatible chat-completions API, without I/O
 * (store/llm.c does the HTTP): the first choice's text of a success, and the error code of a
 * refusal.
 */
#ifndef BB_CHAT_H
#define BB_CHAT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/compat.h"

/*
 * Appends choices[0].message.content of a 200 answer to out: 0, or -1 with a reason in err
 * (not JSON, not a chat completion, content not a string).
 */
int chat_content(const char *body, size_t len, struct buf *out, char *err, size_t errlen) WUR;
/*
 * Whether an error answer says the account has no quota left ("insufficient_quota" as
 * error.code or error.type): a 429 that waiting does not cure.
 */
bool chat_quota_exhausted(const char *body, size_t len);

#endif
