/*
 * h_ads.c -- GET /ads (choose an ad for a client and record the impression) and
 * POST /ads/{ad_id}/click.
 *
 * Anatomy of GET /ads: one Redis round trip gives the day, the catalogue version and the
 * client's bundle (audience.c); the worker's catalogue of today's campaigns is rebuilt when
 * either changed and its counters are re-read at most every COUNTERS_TTL_MS; the client's
 * candidates come from the catalogue's targeting index; ranking picks one (core/rank.c); a
 * first show is recorded in PostgreSQL, which enforces the limits, before the answer.
 */
#include "api/handlers.h"
#include "core/log.h"
#include "core/mono.h"
#include "core/query.h"
#include "core/select.h"

/*
 * Counters older than this are re-read (only those changed since the last read): pacing needs
 * them fresh, limits are PostgreSQL's.
 */
#define COUNTERS_TTL_MS 1000
/* A pick refused for a limit or a deletion is replaced by the next best this many times. */
#define PICK_ATTEMPTS 8

/* Brings the worker's catalogue up to the day and version; false after answering 500. */
static bool
fresh_catalog(struct req *r, const struct audience *au)
{
	struct worker *w = r->worker;
	struct catalog *cat = &w->catalog;
	int64_t now = mono_ms();

	if (!cat->ready || cat->day != au->day || cat->version != au->version) {
		if (campaigns_load_running(r->store, cat, au->day, au->version) != 0) {
			resp_internal(r);
			return false;
		}
		metrics_add(&w->metrics, METRICS_CATALOG_LOADS, 1);
		w->counters_loaded_ms = now;
	} else if (now - w->counters_loaded_ms >= COUNTERS_TTL_MS) {
		if (campaigns_refresh_counters(r->store, cat) != 0)
			log_warn("ads: counters not refreshed; ranking on older ones");
		w->counters_loaded_ms = now;
	}
	return true;
}

/* The client as ranking sees it: its scores and what it saw, by catalogue index. */
static bool
make_view(
    struct select_view *v, const struct catalog *cat, const struct audience *au, struct arena *a)
{
	size_t i;

	if (select_view_init(v, cat, au->day, au->nscores, a) != 0)
		return false;
	for (i = 0; i < au->nscores; i++)
		select_view_score(v, au->scores[i].id.s, au->scores[i].value);
	select_view_rank(v);
	for (i = 0; i < au->nevents; i++)
		select_view_event(v, au->events[i].id.s,
		    au->events[i].value == AUDIENCE_CLICKED ? SELECT_CLICKED : SELECT_SEEN);
	return true;
}

static void
answer_ad(struct req *r, const struct campaign *c)
{
	struct json_object *o = json_object_new_object();

	if (o == NULL || !jv_add_str(o, "ad_id", c->id.s, UUID_STR_LEN) ||
	    !jv_add_str(o, "advertiser_id", c->advertiser_id.s, UUID_STR_LEN) ||
	    !jv_add_str(o, "ad_title", c->ad_title.s, c->ad_title.len) ||
	    !jv_add_str(o, "ad_text", c->ad_text.s, c->ad_text.len) ||
	    !jv_add_str(o, "ad_image", c->ad_image.s, c->ad_image.len)) {
		json_object_put(o);
		o = NULL;
	}
	resp_json(r, 200, o);
	if (r->resp.status == 200)
		metrics_add(&r->worker->metrics, METRICS_ADS_SHOWN, 1);
}

/* The client_id query parameter; false after answering 400. */
static bool
query_client(struct req *r, struct uuid_str *id)
{
	char *val;
	size_t len;

	switch (query_get(r->query, "client_id", r->arena, &val, &len)) {
	case QUERY_FOUND:
		if (uuid_parse(val, len, id))
			return true;
		break;
	case QUERY_ABSENT:
		resp_error(r, 400, "client_id: query parameter is required");
		return false;
	case QUERY_NOMEM:
		resp_internal(r);
		return false;
	case QUERY_BAD:
		break;
	}
	resp_error(r, 400, "client_id: must be a UUID in 8-4-4-4-12 hex form");
	return false;
}

void
h_ads_get(struct req *r)
{
	struct catalog *cat = &r->worker->catalog;
	struct audience au;
	struct uuid_str client_id;
	struct select_view v;
	int attempt;

	if (!query_client(r, &client_id))
		return;
	switch (audience_load(r->store, &client_id, r->arena, &au)) {
	case 1:
		break;
	case 0:
		resp_error(r, 404, "client %s not found", client_id.s);
		return;
	default:
		resp_internal(r);
		return;
	}
	if (!fresh_catalog(r, &au))
		return;
	if (!make_view(&v, cat, &au, r->arena)) {
		resp_internal(r);
		return;
	}
	for (attempt = 0; attempt < PICK_ATTEMPTS; attempt++) {
		long best = select_best(&v, au.client.age, au.client.gender, au.client.location,
		    au.client.location_len);
		struct catalog_entry *e;

		if (best < 0)
			break;
		e = &cat->entries[best];
		if (v.state[best] != SELECT_UNSEEN) {
			answer_ad(r, &e->c); /* a repeat: free, nothing to record */
			return;
		}
		switch (events_impression(r->store, &e->c.id, &client_id)) {
		case EVENT_OK:
			e->impressions++;
			e->day_impressions++;
			/* fall through */
		case EVENT_REPEAT:
			audience_note(r->store, &client_id, &e->c.id, false);
			answer_ad(r, &e->c);
			return;
		case EVENT_NO_CLIENT:
			resp_error(r, 404, "client %s not found", client_id.s);
			return;
		case EVENT_FULL:
			/*
			 * Taken meanwhile by other workers: no request of this worker tries it
			 * again before its counters change in PostgreSQL (or the catalogue is
			 * reloaded).
			 */
			catalog_mark_full(e);
			metrics_add(&r->worker->metrics, METRICS_LIMIT_REFUSALS, 1);
			v.state[best] = SELECT_EXCLUDED;
			break;
		case EVENT_GONE:
			/* Deleted, or not running on PostgreSQL's day: the next best one. */
			v.state[best] = SELECT_EXCLUDED;
			break;
		default:
			resp_internal(r);
			return;
		}
	}
	resp_error(r, 404, "no ad available");
	metrics_add(&r->worker->metrics, METRICS_ADS_EMPTY, 1);
}

void
h_ads_click(struct req *r)
{
	struct uuid_str campaign_id, client_id;
	struct json_object *body;
	struct jv v;

	if (!req_path_uuid(r, "ad_id", &campaign_id) || (body = req_json_body(r)) == NULL)
		return;
	jv_init(&v);
	if (!jv_is_object(&v, body, "body") ||
	    jv_uuid(&v, body, "client_id", JV_REQUIRED, &client_id) < 0) {
		resp_error(r, 400, "%s", v.detail);
		return;
	}
	switch (events_click(r->store, &campaign_id, &client_id)) {
	case EVENT_OK:
		audience_note(r->store, &client_id, &campaign_id, true);
		/* fall through */
	case EVENT_REPEAT:
	case EVENT_FULL: /* beyond clicks_limit: kept as an unbilled click, not charged */
		resp_no_content(r);
		break;
	case EVENT_NO_CAMPAIGN:
		resp_error(r, 404, "ad %s not found", campaign_id.s);
		break;
	case EVENT_NO_CLIENT:
		resp_error(r, 404, "client %s not found", client_id.s);
		break;
	case EVENT_NOT_SHOWN:
		resp_error(r, 403, "client %s was never shown ad %s", client_id.s, campaign_id.s);
		break;
	default:
		resp_internal(r);
	}
}
