/* sim_remote.c -- playing a world over HTTP against a running Billboard (see sim_remote.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jv.h"
#include "core/model.h"
#include "sim_http.h"
#include "sim_people.h"
#include "sim_remote.h"

/* Items per bulk body: far below the server's body limit. */
#define BULK_CHUNK 1000
/* Paths we build: a prefix, two UUIDs and a suffix. */
#define PATH_MAX_LEN 160

/* A campaign id given by the server, and the world campaign it is. */
struct ad {
	struct uuid_str id;
	uint32_t k;
};

struct remote {
	const struct sim_world *w;
	struct sim_http *http;
	struct sim_metrics *m;
	bool quiet;
	int64_t day0; /* the server's day of the world's day 0 */
	struct uuid_str *advertisers; /* fresh ids, by world index */
	struct uuid_str *clients;
	struct ad *ads; /* by world campaign; a sorted copy in by_id */
	struct ad *by_id;
	double *expected_clicks; /* by world campaign: click chances summed over shows */
	struct sim_people people;
	uint64_t now; /* requests sent so far */
	int64_t foreign; /* ads served from campaigns outside the world */
	char *err;
	size_t errlen;
};

static int fail(struct remote *r, const char *fmt, ...) PRINTF_LIKE(2, 3);

static int
fail(struct remote *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, r->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* One call that must answer `want`; the answer (if any) is left in *answer or released. */
static int
call(struct remote *r, const char *method, const char *path, struct json_object *body, int want,
    struct json_object **answer)
{
	struct json_object *a = NULL;
	int status = sim_http_call(r->http, method, path, body, &a);

	if (status < 0)
		return fail(r, "%s %s: %s", method, path, sim_http_error(r->http));
	if (status != want) {
		fail(r, "%s %s: HTTP %d instead of %d: %s", method, path, status, want,
		    a != NULL ? json_object_to_json_string(a) : "(no JSON body)");
		json_object_put(a);
		return -1;
	}
	if (answer != NULL)
		*answer = a;
	else
		json_object_put(a);
	return 0;
}

/* An integer field of an answer, or -1 with the reason in err. */
static int
answer_int(struct remote *r, struct json_object *a, const char *key, int64_t *out)
{
	struct jv v;

	jv_init(&v);
	if (a == NULL || jv_int(&v, a, key, JV_REQUIRED, 0, INT64_MAX, out) < 0)
		return fail(r, "unexpected answer: %s", a == NULL ? "none" : v.detail);
	return 0;
}

static int
set_day(struct remote *r, int64_t day)
{
	struct json_object *body = json_object_new_object();
	int rc;

	if (body == NULL || !jv_add_int(body, "current_date", day))
		rc = fail(r, "out of memory");
	else
		rc = call(r, "POST", "/time/advance", body, 200, NULL);
	json_object_put(body);
	return rc;
}

/* POST path with items [from, to) of a bulk, each made by item(). */
static int
post_bulk(struct remote *r, const char *path, uint32_t n,
    struct json_object *(*item)(struct remote *, uint32_t))
{
	uint32_t from, i;

	for (from = 0; from < n; from += BULK_CHUNK) {
		struct json_object *arr = json_object_new_array();
		int rc = arr == NULL ? -1 : 0;

		for (i = from; rc == 0 && i < n && i < from + BULK_CHUNK; i++) {
			struct json_object *o = item(r, i);

			if (o == NULL || json_object_array_add(arr, o) != 0) {
				json_object_put(o);
				rc = -1;
			}
		}
		rc = rc != 0 ? fail(r, "out of memory") : call(r, "POST", path, arr, 201, NULL);
		json_object_put(arr);
		if (rc != 0)
			return -1;
	}
	return 0;
}

static struct json_object *
advertiser_item(struct remote *r, uint32_t a)
{
	struct advertiser adv;
	char name[64];

	snprintf(name, sizeof(name), "sim advertiser %u", a);
	adv.id = r->advertisers[a];
	adv.name = name;
	adv.name_len = strlen(name);
	return advertiser_to_json(&adv);
}

static struct json_object *
client_item(struct remote *r, uint32_t i)
{
	const struct sim_client *c = &r->w->clients[i];
	struct client cl;
	char login[64];

	snprintf(login, sizeof(login), "sim-%llu-%u", (unsigned long long)r->w->p.seed, i);
	cl.id = r->clients[i];
	cl.login = login;
	cl.login_len = strlen(login);
	cl.age = c->age;
	cl.gender = c->gender;
	cl.location = sim_city(c->location);
	cl.location_len = strlen(cl.location);
	return client_to_json(&cl);
}

static int
post_scores(struct remote *r)
{
	const struct sim_world *w = r->w;
	uint32_t i;
	size_t j;

	for (i = 0; i < w->p.clients; i++) {
		for (j = 0; j < w->clients[i].nscores; j++) {
			const struct sim_score *s = &w->scores[w->clients[i].first_score + j];
			struct ml_score ms = { r->clients[i], r->advertisers[s->advertiser],
				s->score };
			struct json_object *o = ml_score_to_json(&ms);
			int rc = o == NULL ? fail(r, "out of memory")
			                   : call(r, "POST", "/ml-scores", o, 200, NULL);

			json_object_put(o);
			if (rc != 0)
				return -1;
		}
	}
	return 0;
}

static int
cmp_ad(const void *a, const void *b)
{
	return memcmp(((const struct ad *)a)->id.s, ((const struct ad *)b)->id.s, UUID_STR_LEN);
}

/* The world's campaigns, days shifted to the server's; the server names them. */
static int
post_campaigns(struct remote *r)
{
	const struct sim_world *w = r->w;
	char path[PATH_MAX_LEN];
	uint32_t k;

	for (k = 0; k < w->p.campaigns; k++) {
		struct json_object *o, *a = NULL;
		struct campaign c;
		struct jv v;
		int rc;

		sim_world_campaign(w, k, r->day0, &c);
		c.advertiser_id = r->advertisers[w->campaigns[k].advertiser];
		if ((o = campaign_to_json(&c)) == NULL)
			return fail(r, "out of memory");
		json_object_object_del(o, "campaign_id");
		json_object_object_del(o, "advertiser_id");
		json_object_object_del(o, "ad_image");
		snprintf(path, sizeof(path), "/advertisers/%s/campaigns", c.advertiser_id.s);
		rc = call(r, "POST", path, o, 201, &a);
		json_object_put(o);
		if (rc != 0)
			return -1;
		jv_init(&v);
		rc = jv_uuid(&v, a, "campaign_id", JV_REQUIRED, &r->ads[k].id);
		json_object_put(a);
		if (rc < 0)
			return fail(r, "campaign answer: %s", v.detail);
		r->ads[k].k = k;
	}
	memcpy(r->by_id, r->ads, w->p.campaigns * sizeof(*r->ads));
	qsort(r->by_id, w->p.campaigns, sizeof(*r->by_id), cmp_ad);
	return 0;
}

/* Sends the clicks due before the current request (all of them when all is set). */
static int
send_clicks(struct remote *r, bool all)
{
	char path[PATH_MAX_LEN];
	struct sim_click c;

	while (sim_people_next_click(&r->people, all ? UINT64_MAX : r->now, &c)) {
		struct json_object *body = json_object_new_object();
		int rc;

		snprintf(path, sizeof(path), "/ads/%s/click", r->ads[c.campaign].id.s);
		if (body == NULL ||
		    !jv_add_str(body, "client_id", r->clients[c.client].s, UUID_STR_LEN))
			rc = fail(r, "out of memory");
		else
			rc = call(r, "POST", path, body, 204, NULL);
		json_object_put(body);
		if (rc != 0)
			return -1;
		sim_people_clicked(&r->people, c.client, c.campaign);
		r->m->clicks++;
	}
	return 0;
}

/* One GET /ads of client i, and what the person does with the ad. */
static int
request(struct remote *r, uint32_t i)
{
	const struct sim_world *w = r->w;
	char path[PATH_MAX_LEN];
	struct json_object *a = NULL;
	struct ad key, *ad;
	struct jv v;
	int status, rc;
	bool repeat;
	uint32_t k;

	snprintf(path, sizeof(path), "/ads?client_id=%s", r->clients[i].s);
	r->m->requests++;
	if ((status = sim_http_call(r->http, "GET", path, NULL, &a)) < 0)
		return fail(r, "GET %s: %s", path, sim_http_error(r->http));
	if (status == 404) {
		json_object_put(a);
		return 0; /* no ad available */
	}
	jv_init(&v);
	rc = status == 200 ? jv_uuid(&v, a, "ad_id", JV_REQUIRED, &key.id) : -1;
	json_object_put(a);
	if (rc < 0)
		return fail(r, "GET %s: HTTP %d, %s", path, status, v.detail);
	r->m->served++;
	if ((ad = bsearch(&key, r->by_id, w->p.campaigns, sizeof(*ad), cmp_ad)) == NULL) {
		/* Another campaign running on that server: of no relevance, never clicked. */
		r->foreign++;
		return 0;
	}
	k = ad->k;
	repeat = sim_people_state(&r->people, i, k) != SELECT_UNSEEN;
	sim_metrics_answer(r->m, w, i, k, repeat);
	if (!repeat)
		r->m->first_shows++;
	if (sim_people_see(&r->people, w, i, k, r->now, &r->expected_clicks[k]) != 0)
		return fail(r, "out of memory");
	return 0;
}

static int
play_days(struct remote *r)
{
	const struct sim_world *w = r->w;
	uint32_t d;
	size_t q;

	for (d = 0; d < w->p.days; d++) {
		int64_t served = r->m->served;

		if (set_day(r, r->day0 + d) != 0)
			return -1;
		for (q = w->day_start[d]; q < w->day_start[d + 1]; q++) {
			if (send_clicks(r, false) != 0 || request(r, w->requests[q]) != 0)
				return -1;
			r->now++;
		}
		if (send_clicks(r, true) != 0)
			return -1;
		if (!r->quiet)
			fprintf(stderr,
			    "# http: day %u (server day %lld): %lld of %zu requests served, "
			    "%lld ads from outside the world so far\n",
			    d, (long long)(r->day0 + d), (long long)(r->m->served - served),
			    w->day_start[d + 1] - w->day_start[d], (long long)r->foreign);
	}
	return 0;
}

/* Revenue from the advertisers' statistics, overshoot from the campaigns'. */
static int
read_stats(struct remote *r)
{
	const struct sim_world *w = r->w;
	char path[PATH_MAX_LEN];
	uint32_t a, k;

	for (a = 0; a < w->p.advertisers; a++) {
		struct json_object *o = NULL;
		int64_t spent;
		struct jv v;
		int rc;

		snprintf(path, sizeof(path), "/stats/advertisers/%s", r->advertisers[a].s);
		if (call(r, "GET", path, NULL, 200, &o) != 0)
			return -1;
		jv_init(&v);
		rc = o == NULL ? jv_fail(&v, "answer", "is not JSON")
		               : jv_money(&v, o, "spent_total", JV_REQUIRED, &spent);
		json_object_put(o);
		if (rc < 0)
			return fail(r, "GET %s: %s", path, v.detail);
		r->m->revenue += spent;
	}
	for (k = 0; k < w->p.campaigns; k++) {
		struct json_object *o = NULL;
		int64_t impressions, clicks;
		int rc;

		snprintf(path, sizeof(path), "/stats/campaigns/%s", r->ads[k].id.s);
		if (call(r, "GET", path, NULL, 200, &o) != 0)
			return -1;
		rc = answer_int(r, o, "impressions_count", &impressions) != 0 ||
		    answer_int(r, o, "clicks_count", &clicks) != 0;
		json_object_put(o);
		if (rc != 0)
			return -1;
		sim_metrics_campaign(
		    r->m, &w->campaigns[k], impressions, clicks, r->expected_clicks[k]);
	}
	return 0;
}

/* Sets up the world on the server: fresh ids, then advertisers, clients, scores, campaigns. */
static int
set_up(struct remote *r)
{
	const struct sim_world *w = r->w;
	struct json_object *o = NULL;
	uint32_t i;
	int rc;

	for (i = 0; i < w->p.advertisers; i++)
		if (uuid_generate(&r->advertisers[i]) != 0)
			return fail(r, "no randomness for ids");
	for (i = 0; i < w->p.clients; i++)
		if (uuid_generate(&r->clients[i]) != 0)
			return fail(r, "no randomness for ids");
	if (call(r, "GET", "/time", NULL, 200, &o) != 0)
		return -1;
	rc = answer_int(r, o, "current_date", &r->day0);
	json_object_put(o);
	if (rc != 0)
		return -1;
	return post_bulk(r, "/advertisers/bulk", w->p.advertisers, advertiser_item) != 0 ||
	        post_bulk(r, "/clients/bulk", w->p.clients, client_item) != 0 ||
	        post_scores(r) != 0 || post_campaigns(r) != 0
	    ? -1
	    : 0;
}

int
sim_remote_play(const struct sim_world *w, const char *url, bool quiet, struct sim_metrics *m,
    char *err, size_t errlen)
{
	struct remote r;
	int rc = -1;

	memset(m, 0, sizeof(*m));
	memset(&r, 0, sizeof(r));
	r.w = w;
	r.m = m;
	r.quiet = quiet;
	r.err = err;
	r.errlen = errlen;
	r.advertisers = calloc(w->p.advertisers + 1, sizeof(*r.advertisers));
	r.clients = calloc(w->p.clients + 1, sizeof(*r.clients));
	r.ads = calloc(w->p.campaigns + 1, sizeof(*r.ads));
	r.by_id = calloc(w->p.campaigns + 1, sizeof(*r.by_id));
	r.expected_clicks = calloc(w->p.campaigns + 1, sizeof(*r.expected_clicks));
	if (r.advertisers == NULL || r.clients == NULL || r.ads == NULL || r.by_id == NULL ||
	    r.expected_clicks == NULL || sim_people_init(&r.people, w->p.clients) != 0) {
		fail(&r, "out of memory");
		goto done;
	}
	if ((r.http = sim_http_open(url)) == NULL) {
		fail(&r, "cannot set up an HTTP client for %s", url);
		goto done;
	}
	if (set_up(&r) != 0)
		goto done;
	if (!quiet)
		fprintf(stderr, "# http: world set up at %s, day 0 = server day %lld\n", url,
		    (long long)r.day0);
	if (play_days(&r) != 0 || read_stats(&r) != 0)
		goto done;
	rc = 0;
done:
	sim_http_close(r.http);
	sim_people_free(&r.people);
	free(r.advertisers);
	free(r.clients);
	free(r.expected_clicks);
	free(r.ads);
	free(r.by_id);
	return rc;
}
