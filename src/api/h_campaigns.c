/* h_campaigns.c -- /advertisers/{advertiser_id}/campaigns: create, list, get, update, delete. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "api/handlers.h"
#include "core/campaign.h"
#include "core/query.h"

/* Page sizes of the list endpoint (API.md section 3). */
#define PAGE_SIZE_DEFAULT 100
#define PAGE_SIZE_MAX 1000
/* Far beyond any advertiser's campaigns; keeps (page - 1) * size inside int64. */
#define PAGE_MAX 1000000000LL

/* The advertiser and campaign ids of the path; false after answering 400. */
static bool
path_ids(struct req *r, struct uuid_str *advertiser_id, struct uuid_str *campaign_id)
{
	return req_path_uuid(r, "advertiser_id", advertiser_id) &&
	    (campaign_id == NULL || req_path_uuid(r, "campaign_id", campaign_id));
}

static void
not_found(struct req *r, const struct uuid_str *advertiser_id, const struct uuid_str *campaign_id)
{
	resp_error(
	    r, 404, "campaign %s not found for advertiser %s", campaign_id->s, advertiser_id->s);
}

/* Whether the advertiser exists; false after answering 404 or 500. */
static bool
advertiser_known(struct req *r, const struct uuid_str *advertiser_id)
{
	switch (advertisers_exists(r->store, advertiser_id)) {
	case 1:
		return true;
	case 0:
		resp_error(r, 404, "advertiser %s not found", advertiser_id->s);
		return false;
	default:
		resp_internal(r);
		return false;
	}
}

void
h_campaigns_create(struct req *r)
{
	struct uuid_str advertiser_id;
	struct json_object *body;
	struct campaign_patch p;
	struct campaign *c = &p.values;
	int64_t today;
	struct jv v;

	if (!path_ids(r, &advertiser_id, NULL) || (body = req_json_body(r)) == NULL)
		return;
	jv_init(&v);
	if (campaign_parse(&v, body, true, &p) < 0) {
		resp_error(r, 400, "%s", v.detail);
		return;
	}
	if (!advertiser_known(r, &advertiser_id))
		return;
	if (clock_get(r->store, &today) != 0) {
		resp_internal(r);
		return;
	}
	if (campaign_check(&v, c, true, today) != CAMPAIGN_VALID) {
		resp_error(r, 400, "%s", v.detail);
		return;
	}
	c->advertiser_id = advertiser_id;
	c->ad_image.s = NULL;
	if (uuid_generate(&c->id) != 0 || campaigns_create(r->store, c, r->arena) != DB_OK) {
		resp_internal(r);
		return;
	}
	resp_json(r, 201, campaign_to_json(c));
}

void
h_campaigns_list(struct req *r)
{
	struct uuid_str advertiser_id;
	int64_t size = PAGE_SIZE_DEFAULT, page = 1, total = 0;
	struct campaign *items;
	struct json_object *out;
	char total_str[24];
	size_t n, i;

	if (!path_ids(r, &advertiser_id, NULL) ||
	    !req_query_int(r, "size", 0, PAGE_SIZE_MAX, &size) ||
	    !req_query_int(r, "page", 1, PAGE_MAX, &page) || !advertiser_known(r, &advertiser_id))
		return;
	if (campaigns_list(r->store, &advertiser_id, size, page, r->arena, &items, &n, &total) !=
	    0) {
		resp_internal(r);
		return;
	}
	out = json_object_new_array_ext((int)n);
	for (i = 0; out != NULL && i < n; i++) {
		struct json_object *o = campaign_to_json(&items[i]);

		if (o == NULL || json_object_array_add(out, o) != 0) {
			json_object_put(o);
			json_object_put(out);
			out = NULL;
		}
	}
	snprintf(total_str, sizeof(total_str), "%lld", (long long)total);
	resp_header(r, "X-Total-Count", total_str);
	resp_json(r, 200, out);
}

void
h_campaigns_get(struct req *r)
{
	struct uuid_str advertiser_id, campaign_id;
	struct campaign c;

	if (!path_ids(r, &advertiser_id, &campaign_id))
		return;
	switch (campaigns_get(r->store, &advertiser_id, &campaign_id, r->arena, &c)) {
	case 1:
		resp_json(r, 200, campaign_to_json(&c));
		break;
	case 0:
		not_found(r, &advertiser_id, &campaign_id);
		break;
	default:
		resp_internal(r);
	}
}

struct update {
	struct req *r;
	const struct campaign_patch *patch;
	int64_t today;
	struct campaign result;
};

/* The rules of an update, run with the stored campaign locked (see campaigns_update). */
static int
decide_update(void *arg, const struct campaign *stored, struct campaign *updated)
{
	struct update *u = arg;
	bool start_changed;
	struct jv v;

	jv_init(&v);
	if (campaign_check_update(&v, stored, u->patch, u->today) != CAMPAIGN_VALID) {
		resp_error(u->r, 403, "%s", v.detail);
		return 1;
	}
	campaign_apply(updated, u->patch);
	start_changed = updated->start_date != stored->start_date;
	if (campaign_check(&v, updated, start_changed, u->today) != CAMPAIGN_VALID) {
		resp_error(u->r, 400, "%s", v.detail);
		return 1;
	}
	u->result = *updated;
	return 0;
}

void
h_campaigns_update(struct req *r)
{
	struct uuid_str advertiser_id, campaign_id;
	struct json_object *body;
	struct campaign_patch p;
	struct update u;
	struct jv v;

	if (!path_ids(r, &advertiser_id, &campaign_id) || (body = req_json_body(r)) == NULL)
		return;
	jv_init(&v);
	if (campaign_parse(&v, body, false, &p) < 0) {
		resp_error(r, 400, "%s", v.detail);
		return;
	}
	u.r = r;
	u.patch = &p;
	if (clock_get(r->store, &u.today) != 0) {
		resp_internal(r);
		return;
	}
	switch (
	    campaigns_update(r->store, &advertiser_id, &campaign_id, r->arena, decide_update, &u)) {
	case 1:
		resp_json(r, 200, campaign_to_json(&u.result));
		break;
	case 0:
		not_found(r, &advertiser_id, &campaign_id);
		break;
	case 2:
		break; /* decide_update answered */
	default:
		resp_internal(r);
	}
}

void
h_campaigns_delete(struct req *r)
{
	struct uuid_str advertiser_id, campaign_id;
	char *image = NULL;

	if (!path_ids(r, &advertiser_id, &campaign_id))
		return;
	/* The image goes with the campaign; one missed here is left to images-gc. */
	if (campaigns_image_key(r->store, &advertiser_id, &campaign_id, r->arena, &image) < 0) {
		resp_internal(r);
		return;
	}
	switch (campaigns_delete(r->store, &advertiser_id, &campaign_id)) {
	case 1:
		h_images_discard(r, image);
		resp_no_content(r);
		break;
	case 0:
		not_found(r, &advertiser_id, &campaign_id);
		break;
	default:
		resp_internal(r);
	}
}
