/*
 * h_admin_browse.c -- read-only admin endpoints: the audit log, the queue's metrics, the
 * advertisers with their totals, the platform overview and its daily series, the accounts
 * (API.md section 11).
 */
#include <string.h>

#include "api/auth.h"
#include "api/handlers.h"
#include "core/metrics.h"
#include "core/query.h"
#include "core/utf8.h"
#include "store/audit.h"
#include "store/browse.h"
#include "store/review.h"

#define AUDIT_PAGE_DEFAULT 50
#define AUDIT_PAGE_MAX 500
#define ADVERTISERS_PAGE_DEFAULT 20
#define ADVERTISERS_PAGE_MAX 100
#define ACCOUNTS_PAGE_DEFAULT 50
#define ACCOUNTS_PAGE_MAX 500
/* A month of daily points: what the overview's charts show unless asked for more. */
#define DAILY_DAYS_DEFAULT 30

/* Answers a page (taking items over) with its X-Total-Count; 500 when items is NULL. */
static void
answer_page(struct req *r, int rc, struct json_object *items, long long total)
{
	if (rc != 0) {
		json_object_put(items);
		resp_internal(r);
		return;
	}
	resp_total(r, total);
	resp_json(r, 200, items);
}

/* Answers one document (taking it over). */
static void
answer_doc(struct req *r, int rc, struct json_object *doc)
{
	if (rc != 0) {
		json_object_put(doc);
		resp_internal(r);
		return;
	}
	resp_json(r, 200, doc);
}

/* A store call that lists one page of something, with the total. */
typedef int (*lister)(
    struct store *s, long long size, long long page, struct json_object **out, long long *total);

/* The role's check, page and size, then one page of list. */
static void
answer_listing(struct req *r, enum role min, int64_t size_default, int64_t size_max, lister list)
{
	struct json_object *items = NULL;
	int64_t size, page;
	long long total = 0;
	struct account who;
	int rc;

	if (!auth_require(r, min, &who) || !req_page(r, size_default, size_max, &size, &page))
		return;
	rc = list(r->store, size, page, &items, &total);
	answer_page(r, rc, items, total);
}

void
h_admin_audit(struct req *r)
{
	answer_listing(r, ROLE_MODERATOR, AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX, audit_page);
}

void
h_admin_metrics(struct req *r)
{
	struct json_object *doc = NULL;
	struct account who;
	int rc;

	if (!auth_require(r, ROLE_MODERATOR, &who))
		return;
	rc = review_metrics(r->store, &doc);
	answer_doc(r, rc, doc);
}

void
h_admin_advertisers(struct req *r)
{
	struct json_object *items = NULL;
	int64_t size, page;
	long long total = 0;
	struct account who;
	char *search = NULL;
	size_t len = 0;
	int rc;

	if (!auth_require(r, ROLE_MODERATOR, &who) ||
	    !req_page(r, ADVERTISERS_PAGE_DEFAULT, ADVERTISERS_PAGE_MAX, &size, &page))
		return;
	switch (query_get(r->query, "search", r->arena, &search, &len)) {
	case QUERY_ABSENT:
		search = NULL;
		break;
	case QUERY_FOUND:
		if (len <= BROWSE_SEARCH_MAX && utf8_valid(search, len))
			break;
		/* fall through */
	case QUERY_BAD:
		resp_error(r, 400, "search: at most %d bytes of UTF-8 text", BROWSE_SEARCH_MAX);
		return;
	case QUERY_NOMEM:
		resp_internal(r);
		return;
	}
	if (search != NULL && len == 0)
		search = NULL;
	rc = browse_advertisers(r->store, search, size, page, &items, &total);
	answer_page(r, rc, items, total);
}

/*
 * The share of GET /ads answered with an ad, from the workers' shared counters (GET /metrics):
 * since those counters were made, null before the first request. Nothing stores ad requests
 * in PostgreSQL, so this is the one figure of the overview that is not per day.
 */
static void
set_fill_rate(struct req *r, struct json_object *doc)
{
	uint64_t requests, no_ad;

	if (r->worker->metrics.shm == NULL)
		return;
	metrics_ads(&r->worker->metrics, &requests, &no_ad);
	if (requests == 0 || no_ad > requests)
		return;
	json_object_object_add(doc, "fill_rate",
	    json_object_new_double((double)(requests - no_ad) / (double)requests));
}

void
h_admin_overview(struct req *r)
{
	struct json_object *doc = NULL;
	struct account who;
	int rc;

	if (!auth_require(r, ROLE_MODERATOR, &who))
		return;
	rc = browse_overview(r->store, &doc);
	if (rc == 0)
		set_fill_rate(r, doc);
	answer_doc(r, rc, doc);
}

void
h_admin_daily(struct req *r)
{
	struct json_object *rows = NULL;
	int64_t days = DAILY_DAYS_DEFAULT;
	struct account who;
	int rc;

	if (!auth_require(r, ROLE_MODERATOR, &who) ||
	    !req_query_int(r, "days", 1, BROWSE_DAILY_DAYS_MAX, &days))
		return;
	rc = browse_daily(r->store, days, &rows);
	answer_doc(r, rc, rows);
}

void
h_admin_users_list(struct req *r)
{
	answer_listing(r, ROLE_ADMIN, ACCOUNTS_PAGE_DEFAULT, ACCOUNTS_PAGE_MAX, browse_accounts);
}
