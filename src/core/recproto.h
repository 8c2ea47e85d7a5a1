/*
 * recproto.h -- the recorder's wire format between a worker and billboard-batch recorder.
 *
 * A worker sends one request per first show, "<campaign uuid> <client uuid>\n", and reads one
 * reply line: the outcome word of record_impression ("ok", "seen", "full", "gone",
 * "no_client"), or "error" when the group could not be written (the worker then records the
 * impression itself, which is safe: recording is idempotent by the event's key).
 */
#ifndef BB_RECPROTO_H
#define BB_RECPROTO_H

#include <stdbool.h>
#include <stddef.h>

#include "compat.h"
#include "uuid.h"

#define RECPROTO_REQUEST_LEN (2 * UUID_STR_LEN + 2)
/* The longest reply line, newline included ("no_client\n"). */
#define RECPROTO_REPLY_MAX 16

/* Writes the request for (campaign, client) into out (exactly RECPROTO_REQUEST_LEN bytes). */
void recproto_request(
    char out[RECPROTO_REQUEST_LEN], const struct uuid_str *campaign, const struct uuid_str *client);
/* Reads one request of RECPROTO_REQUEST_LEN bytes; false when it is malformed. */
bool recproto_parse_request(const char *s, struct uuid_str *campaign, struct uuid_str *client) WUR;
/*
 * Finds a reply line in s[0..n): true with its word (without the newline) in word when a
 * whole line of a known shape is there.
 */
bool recproto_parse_reply(const char *s, size_t n, char word[RECPROTO_REPLY_MAX]) WUR;

#endif
