/*
 * review.h -- the review queue of API.md section 11: items, claims with a lease, decisions,
 * escalation, blocking, metrics. Each transition is one PostgreSQL function (sql/008) that
 * locks the item's row, so concurrent reviewers see one order of events.
 */
#ifndef BB_REVIEW_H
#define BB_REVIEW_H

#include <stdint.h>

#include <json-c/json.h>

#include "core/compat.h"
#include "core/uuid.h"
#include "store/accounts.h"
#include "store/store.h"

enum review_result {
	REVIEW_OK, /* claimed, released, unblocked */
	REVIEW_DECIDED, /* the decision ended the round */
	REVIEW_PENDING, /* a second reviewer must decide too */
	REVIEW_ESCALATED, /* two reviewers disagreed: an admin decides */
	REVIEW_NOT_FOUND,
	REVIEW_TAKEN, /* another reviewer's lease is live */
	REVIEW_DECIDED_BEFORE, /* the item is decided already */
	REVIEW_ADMIN_ONLY, /* escalated: admins only */
	REVIEW_REVIEWED, /* the caller gave this round's first decision */
	REVIEW_NOT_HOLDER, /* no live claim of the caller's */
	REVIEW_NOT_BLOCKED,
	REVIEW_ERROR,
};

enum review_decision {
	DECISION_TOOK_ACTION,
	DECISION_SKIPPED,
};
#define DECISION_COUNT 2
extern const char *const review_decision_names[]; /* "took_action", "skipped" */

/* Item statuses for filtering; "claimed" means a live claim. */
#define REVIEW_STATUS_COUNT 4
extern const char *const review_status_names[]; /* open, claimed, escalated, decided */

/*
 * One page of items, most urgent first (flagged, more open reports, older), as a JSON array
 * without their campaign objects; status < 0 and flagged < 0 mean any. 0 or -1.
 */
int review_list(struct store *s, int status, int flagged, int64_t size, int64_t page,
    struct json_object **out, long long *total) WUR;
/* One item (with its reports and history when detail). 1 found, 0 none, -1 error. */
int review_item(
    struct store *s, const struct uuid_str *campaign_id, bool detail, struct json_object **out) WUR;

enum review_result review_claim(struct store *s, const struct uuid_str *campaign_id,
    const struct account *who, int lease_s) WUR;
enum review_result review_release(
    struct store *s, const struct uuid_str *campaign_id, const struct account *who) WUR;
enum review_result review_decide(struct store *s, const struct uuid_str *campaign_id,
    const struct account *who, enum review_decision d, const char *note, double share) WUR;
enum review_result review_unblock(
    struct store *s, const struct uuid_str *campaign_id, const struct account *who) WUR;

/* The queue's metrics object. 0 or -1. */
int review_metrics(struct store *s, struct json_object **out) WUR;

#endif
