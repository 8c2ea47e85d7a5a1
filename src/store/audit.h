/*
 * audit.h -- the append-only log of moderation and account actions. Nothing in the code
 * updates or deletes it (and a trigger refuses both).
 */
#ifndef BB_AUDIT_H
#define BB_AUDIT_H

#include <json-c/json.h>
#include <stdint.h>

#include "core/compat.h"
#include "store/store.h"

/* Appends one entry (campaign_id and detail may be NULL); inside the caller's transaction. */
int audit_append(struct store *s, const char *actor, const char *action, const char *campaign_id,
    const char *detail) WUR;
/*
 * One page of the log, newest first, as a JSON array of {at, actor, action, campaign_id,
 * detail} (*out owned by the caller), and the total count. 0 or -1.
 */
int audit_page(struct store *s, long long size, long long page, struct json_object **out,
    long long *total) WUR;

#endif
