/*
 * h_admin_queue.c -- the review queue of the admin API (API.md section 11): list, one item,
 * claim, release, decision, and unblocking a campaign. Moderators and admins work the queue;
 * escalated items and unblocking are for admins.
 */
#include <string.h>

#include "api/auth.h"
#include "api/handlers.h"
#include "core/campaign.h"
#include "core/query.h"
#include "store/reports.h"
#include "store/review.h"

/* A screenful of items; the pages ask for more when they need it. */
#define QUEUE_PAGE_DEFAULT 20
#define QUEUE_PAGE_MAX 100

/* Adds the campaign object to an item (taking nothing over); false when it cannot. */
static bool
add_campaign(struct req *r, struct json_object *item)
{
	struct json_object *idj = json_object_object_get(item, "campaign_id");
	const char *id = json_object_get_string(idj);
	struct uuid_str campaign_id;
	struct campaign c;

	if (id == NULL || !uuid_parse(id, strlen(id), &campaign_id) ||
	    campaigns_get_by_id(r->store, &campaign_id, r->arena, &c) != 1)
		return false;
	return jv_add(item, "campaign", campaign_to_json(&c));
}

/* Answers status with the item of campaign_id (its reports and history when detail). */
static void
answer_item(struct req *r, int status, const struct uuid_str *campaign_id, bool detail)
{
	struct json_object *item = NULL;

	switch (review_item(r->store, campaign_id, detail, &item)) {
	case 1:
		if (add_campaign(r, item)) {
			resp_json(r, status, item);
			return;
		}
		break;
	case 0:
		resp_error(r, 404, "campaign %s is not in the review queue", campaign_id->s);
		return;
	default:
		break;
	}
	json_object_put(item);
	resp_internal(r);
}

/* Reads an optional query parameter that must be one of names; false after answering 400. */
static bool
query_choice(struct req *r, const char *name, const char *const *names, int n, int *out)
{
	char *val;
	size_t len;
	int i;

	switch (query_get(r->query, name, r->arena, &val, &len)) {
	case QUERY_ABSENT:
		*out = -1;
		return true;
	case QUERY_NOMEM:
		resp_internal(r);
		return false;
	case QUERY_FOUND:
		for (i = 0; i < n; i++)
			if (strlen(names[i]) == len && memcmp(names[i], val, len) == 0) {
				*out = i;
				return true;
			}
		break;
	case QUERY_BAD:
		break;
	}
	resp_error(r, 400, "%s: must be one of %s%s%s%s%s%s%s", name, names[0], n > 1 ? ", " : "",
	    n > 1 ? names[1] : "", n > 2 ? ", " : "", n > 2 ? names[2] : "", n > 3 ? ", " : "",
	    n > 3 ? names[3] : "");
	return false;
}

void
h_admin_queue_list(struct req *r)
{
	static const char *const booleans[] = { "false", "true" };
	struct json_object *items = NULL;
	int64_t size, page;
	long long total;
	struct account who;
	int status, flagged;
	size_t i;

	if (!auth_require(r, ROLE_MODERATOR, &who) ||
	    !query_choice(r, "status", review_status_names, REVIEW_STATUS_COUNT, &status) ||
	    !query_choice(r, "flagged", booleans, 2, &flagged) ||
	    !req_page(r, QUEUE_PAGE_DEFAULT, QUEUE_PAGE_MAX, &size, &page))
		return;
	if (review_list(r->store, status, flagged, size, page, &items, &total) != 0)
		goto fail;
	for (i = 0; i < json_object_array_length(items); i++)
		if (!add_campaign(r, json_object_array_get_idx(items, i)))
			goto fail;
	resp_total(r, total);
	resp_json(r, 200, items);
	return;
fail:
	json_object_put(items);
	resp_internal(r);
}

void
h_admin_queue_get(struct req *r)
{
	struct uuid_str campaign_id;
	struct account who;

	if (auth_require(r, ROLE_MODERATOR, &who) && req_path_uuid(r, "campaign_id", &campaign_id))
		answer_item(r, 200, &campaign_id, true);
}

/* Answers the refusals every transition shares; false when result is not one of them. */
static bool
refused(struct req *r, enum review_result result, const struct uuid_str *id)
{
	switch (result) {
	case REVIEW_NOT_FOUND:
		resp_error(r, 404, "campaign %s is not in the review queue", id->s);
		return true;
	case REVIEW_TAKEN:
		resp_error(r, 409, "another reviewer holds a live claim on campaign %s", id->s);
		return true;
	case REVIEW_DECIDED_BEFORE:
		resp_error(r, 403, "the review of campaign %s is decided", id->s);
		return true;
	case REVIEW_ADMIN_ONLY:
		resp_error(r, 403, "campaign %s is escalated: only an admin decides it", id->s);
		return true;
	case REVIEW_REVIEWED:
		resp_error(r, 403,
		    "you gave the first decision on campaign %s; another reviewer "
		    "gives the second",
		    id->s);
		return true;
	case REVIEW_NOT_HOLDER:
		resp_error(r, 403,
		    "claim campaign %s first: only the holder of a live claim may do this", id->s);
		return true;
	case REVIEW_ERROR:
		resp_internal(r);
		return true;
	default:
		return false;
	}
}

void
h_admin_queue_claim(struct req *r)
{
	struct uuid_str campaign_id;
	enum review_result result;
	struct account who;

	if (!auth_require(r, ROLE_MODERATOR, &who) ||
	    !req_path_uuid(r, "campaign_id", &campaign_id))
		return;
	result = review_claim(r->store, &campaign_id, &who, r->worker->cfg->review_lease_s);
	if (!refused(r, result, &campaign_id))
		answer_item(r, 200, &campaign_id, false);
}

void
h_admin_queue_release(struct req *r)
{
	struct uuid_str campaign_id;
	struct account who;

	if (!auth_require(r, ROLE_MODERATOR, &who) ||
	    !req_path_uuid(r, "campaign_id", &campaign_id))
		return;
	if (!refused(r, review_release(r->store, &campaign_id, &who), &campaign_id))
		resp_no_content(r);
}

void
h_admin_queue_decision(struct req *r)
{
	struct uuid_str campaign_id;
	struct json_object *body;
	enum review_result result;
	const char *note = NULL;
	size_t note_len = 0;
	struct account who;
	int decision;
	struct jv v;

	if (!auth_require(r, ROLE_MODERATOR, &who) ||
	    !req_path_uuid(r, "campaign_id", &campaign_id) || (body = req_json_body(r)) == NULL)
		return;
	jv_init(&v);
	if (!jv_is_object(&v, body, "body") ||
	    jv_enum(&v, body, "decision", JV_REQUIRED, review_decision_names, DECISION_COUNT,
	        &decision) < 0 ||
	    jv_str(&v, body, "note", JV_NULLABLE, REPORT_MESSAGE_MAX, &note, &note_len) < 0) {
		resp_error(r, 400, "%s", v.detail);
		return;
	}
	if (note != NULL && (note = arena_strndup(r->arena, note, note_len)) == NULL) {
		resp_internal(r);
		return;
	}
	result = review_decide(r->store, &campaign_id, &who, (enum review_decision)decision, note,
	    r->worker->cfg->review_sample);
	if (refused(r, result, &campaign_id))
		return;
	if (result == REVIEW_DECIDED)
		campaigns_publish(r->store); /* a block is seen by every worker from now on */
	answer_item(r, 200, &campaign_id, false);
}

void
h_admin_campaign_unblock(struct req *r)
{
	struct uuid_str campaign_id;
	struct account who;
	struct campaign c;

	if (!auth_require(r, ROLE_ADMIN, &who) || !req_path_uuid(r, "campaign_id", &campaign_id))
		return;
	switch (review_unblock(r->store, &campaign_id, &who)) {
	case REVIEW_OK:
		campaigns_publish(r->store);
		/* fall through */
	case REVIEW_NOT_BLOCKED:
		break;
	case REVIEW_NOT_FOUND:
		resp_error(r, 404, "campaign %s not found", campaign_id.s);
		return;
	default:
		resp_internal(r);
		return;
	}
	if (campaigns_get_by_id(r->store, &campaign_id, r->arena, &c) != 1) {
		resp_internal(r);
		return;
	}
	resp_json(r, 200, campaign_to_json(&c));
}
