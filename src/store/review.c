/* review.c -- the review queue: thin calls of the functions of sql/008_review.sql. */
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "store/pgjson.h"
#include "store/review.h"

const char *const review_decision_names[] = { "took_action", "skipped" };
const char *const review_status_names[] = { "open", "claimed", "escalated", "decided" };

#define QUEUE_WHERE                                                                                \
	"WHERE ($1::text IS NULL OR review_status(state, claimed_by, claim_expires_at) = $1) "     \
	"  AND ($2::boolean IS NULL OR flagged = $2) "

static const struct db_stmt count_stmt = {
	"review_count",
	"SELECT count(*) FROM review_items " QUEUE_WHERE,
};

static const struct db_stmt page_stmt = {
	"review_page",
	"SELECT review_item_json(campaign_id, false) FROM review_items r " QUEUE_WHERE
	"ORDER BY state = 'decided', flagged DESC, "
	"  (SELECT count(*) FROM reports p WHERE p.campaign_id = r.campaign_id "
	"     AND p.state IN ('sent', 'under_review')) DESC, "
	"  coalesce(first_reported_at, opened_at), campaign_id "
	"LIMIT $3 OFFSET $4",
};

static const struct db_stmt item_stmt = {
	"review_item",
	"SELECT review_item_json($1, $2)",
};

static const struct db_stmt claim_stmt = {
	"review_claim",
	"SELECT review_claim($1, $2, $3, $4)",
};

static const struct db_stmt release_stmt = {
	"review_release",
	"SELECT review_release($1, $2)",
};

static const struct db_stmt decide_stmt = {
	"review_decide",
	"SELECT review_decide($1, $2, $3, $4, $5, $6)",
};

static const struct db_stmt unblock_stmt = {
	"review_unblock",
	"SELECT campaign_unblock($1, $2)",
};

static const struct db_stmt metrics_stmt = {
	"review_metrics",
	"SELECT review_metrics()",
};

static const struct {
	const char *word;
	enum review_result result;
} outcomes[] = {
	{ "ok", REVIEW_OK },
	{ "decided", REVIEW_DECIDED },
	{ "pending", REVIEW_PENDING },
	{ "escalated", REVIEW_ESCALATED },
	{ "not_found", REVIEW_NOT_FOUND },
	{ "taken", REVIEW_TAKEN },
	{ "decided_before", REVIEW_DECIDED_BEFORE },
	{ "admin_only", REVIEW_ADMIN_ONLY },
	{ "reviewed", REVIEW_REVIEWED },
	{ "not_holder", REVIEW_NOT_HOLDER },
	{ "not_blocked", REVIEW_NOT_BLOCKED },
};

/* Runs a transition function and reads the word it returns. */
static enum review_result
transition(struct store *s, const struct db_stmt *stmt, int nparams, const char *const *params)
{
	struct db_res *res = NULL;
	enum review_result r = REVIEW_ERROR;
	size_t i;

	if (db_exec(s->db, stmt, nparams, params, &res) == DB_OK && db_rows(res) == 1)
		for (i = 0; i < NELEM(outcomes); i++)
			if (strcmp(db_val(res, 0, 0), outcomes[i].word) == 0)
				r = outcomes[i].result;
	db_res_free(res);
	return r;
}

int
review_list(struct store *s, int status, int flagged, int64_t size, int64_t page,
    struct json_object **out, long long *total)
{
	const char *params[] = {
		status >= 0 ? review_status_names[status] : NULL,
		flagged < 0   ? NULL
		    : flagged ? "true"
		              : "false",
	};

	return pgjson_page(s->db, &count_stmt, &page_stmt, 2, params, size, page, out, total);
}

int
review_item(
    struct store *s, const struct uuid_str *campaign_id, bool detail, struct json_object **out)
{
	const char *params[] = { campaign_id->s, detail ? "true" : "false" };

	return pgjson_one(s->db, &item_stmt, 2, params, out);
}

enum review_result
review_claim(
    struct store *s, const struct uuid_str *campaign_id, const struct account *who, int lease_s)
{
	char lease[16];
	const char *params[] = { campaign_id->s, who->login, role_names[who->role], lease };

	snprintf(lease, sizeof(lease), "%d", lease_s);
	return transition(s, &claim_stmt, 4, params);
}

enum review_result
review_release(struct store *s, const struct uuid_str *campaign_id, const struct account *who)
{
	const char *params[] = { campaign_id->s, who->login };

	return transition(s, &release_stmt, 2, params);
}

enum review_result
review_decide(struct store *s, const struct uuid_str *campaign_id, const struct account *who,
    enum review_decision d, const char *note, double share)
{
	char share_text[32];
	const char *params[] = { campaign_id->s, who->login, role_names[who->role],
		review_decision_names[d], note, share_text };

	snprintf(share_text, sizeof(share_text), "%.6f", share);
	return transition(s, &decide_stmt, 6, params);
}

enum review_result
review_unblock(struct store *s, const struct uuid_str *campaign_id, const struct account *who)
{
	const char *params[] = { campaign_id->s, who->login };

	return transition(s, &unblock_stmt, 2, params);
}

int
review_metrics(struct store *s, struct json_object **out)
{
	return pgjson_one(s->db, &metrics_stmt, 0, NULL, out) == 1 ? 0 : -1;
}
