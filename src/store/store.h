/*
 * store.h -- persistence of every aggregate, behind one handle.
 *
 * PostgreSQL holds the facts; Redis holds what the hot path needs fast and can always be
 * rebuilt. Functions return DB_OK (0) or a negative enum db_status; lookups return 1 found,
 * 0 not found, -1 error.
 */
#ifndef BB_STORE_H
#define BB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/campaign.h"
#include "core/catalog.h"
#include "core/compat.h"
#include "core/stats.h"
#include "core/model.h"
#include "store/cache.h"
#include "store/config.h"
#include "store/db.h"
#include "store/s3.h"

struct recorder;

struct store {
	struct db *db;
	struct cache *cache;
	struct recorder *recorder; /* the group-commit recorder, when configured */
	struct s3 *s3; /* ad images */
	const char *public_url; /* BILLBOARD_PUBLIC_URL, for image URLs */
};

struct config;

/*
 * How long a cached day or catalogue version lives: the most it can lag PostgreSQL when a
 * publish to Redis is lost. Every worker re-reads it from PostgreSQL after that.
 */
#define STORE_GROWING_TTL_MS 1000

/* store.c: connects both; a server that is down now is retried on later calls. */
int store_open(struct store *s, const struct config *cfg) WUR;
void store_close(struct store *s);
/* Forgets the outages of the previous request. */
void store_request_start(struct store *s);
/*
 * The dependency that was out of reach during this request ("postgres", "redis",
 * "object storage"), or NULL:
 * a request that failed because of it answers 503.
 */
const char *store_outage(const struct store *s);
/*
 * A number that only grows (the day, the catalogue version): PostgreSQL's stmt returns it as
 * one integer, Redis caches it under key. Read from the cache unless fresh is set or it is
 * missing; a value read from PostgreSQL is published. 0 or -1.
 */
int store_growing_get(
    struct store *s, const char *key, const struct db_stmt *stmt, bool fresh, long long *out) WUR;
/* Raises the cached copy of key to v; drops it when that fails, so it never lags behind. */
void store_growing_publish(struct store *s, const char *key, long long v);

/* clients.c: items[keep[i]] for i < n are written in one statement (all or nothing). */
enum db_status clients_upsert(
    struct store *s, const struct client *items, const size_t *keep, size_t n) WUR;
int clients_get(
    struct store *s, const struct uuid_str *id, struct arena *a, struct client *out) WUR;

/* Up to limit client ids greater than after, in order (for batch jobs). 0 or -1. */
int clients_ids_after(struct store *s, const struct uuid_str *after, size_t limit,
    struct uuid_str *out, size_t *n) WUR;

/* advertisers.c */
enum db_status advertisers_upsert(
    struct store *s, const struct advertiser *items, const size_t *keep, size_t n) WUR;
int advertisers_get(
    struct store *s, const struct uuid_str *id, struct arena *a, struct advertiser *out) WUR;

int advertisers_exists(struct store *s, const struct uuid_str *id) WUR;

/* scores.c: 0 stored; 1 unknown client; 2 unknown advertiser; -1 error. */
int scores_put(struct store *s, const struct ml_score *score) WUR;

/* campaigns.c: every read hides deleted campaigns and those of other advertisers. */
enum db_status campaigns_create(struct store *s, const struct campaign *c, struct arena *a) WUR;
int campaigns_get(struct store *s, const struct uuid_str *advertiser_id,
    const struct uuid_str *campaign_id, struct arena *a, struct campaign *out) WUR;
/*
 * One page, newest first, and the advertiser's number of campaigns; page >= 1, size >= 0,
 * (page - 1) * size must not overflow. 0 or -1.
 */
int campaigns_list(struct store *s, const struct uuid_str *advertiser_id, int64_t size,
    int64_t page, struct arena *a, struct campaign **out, size_t *n, int64_t *total) WUR;
/*
 * Decides an update with the stored campaign locked: decide() gets the stored values and a
 * copy to change, and returns 0 to write the copy, 1 to refuse (nothing is written), -1 on
 * error. Returns 1 updated, 0 no such campaign, 2 refused, -1 error.
 */
typedef int (*campaign_update_fn)(
    void *arg, const struct campaign *stored, struct campaign *updated);
int campaigns_update(struct store *s, const struct uuid_str *advertiser_id,
    const struct uuid_str *campaign_id, struct arena *a, campaign_update_fn decide, void *arg) WUR;
/* Soft delete: 1 deleted, 0 no such campaign, -1 error. */
int campaigns_delete(
    struct store *s, const struct uuid_str *advertiser_id, const struct uuid_str *campaign_id) WUR;
/* Any campaign by id, deleted or blocked ones too. 1 found, 0 none, -1 error. */
int campaigns_get_by_id(
    struct store *s, const struct uuid_str *campaign_id, struct arena *a, struct campaign *out) WUR;
/* After a commit that changed campaigns elsewhere (moderation): tells every worker. */
void campaigns_publish(struct store *s);
/* The catalogue version: changes whenever any campaign changes. 0 or -1. */
int campaigns_catalog_version(struct store *s, long long *version) WUR;

/* campaigns.c, for ad selection: the campaigns running on day, with their counters. */
int campaigns_load_running(
    struct store *s, struct catalog *cat, int64_t day, long long version) WUR;
/* Re-reads the counters of the catalogue's campaigns. 0 or -1. */
int campaigns_refresh_counters(struct store *s, struct catalog *cat) WUR;

/*
 * campaigns.c, images: the object key of a campaign's image (NULL when it has none). 1 found,
 * 0 no such campaign, -1 error.
 */
int campaigns_image_key(struct store *s, const struct uuid_str *advertiser_id,
    const struct uuid_str *campaign_id, struct arena *a, char **key) WUR;
/*
 * Sets (or, with key and url NULL, clears) a campaign's image; *old_key gets the key it
 * replaced (NULL when none). 1 set, 0 no such campaign, -1 error.
 */
int campaigns_set_image(struct store *s, const struct uuid_str *advertiser_id,
    const struct uuid_str *campaign_id, const char *key, const char *url, struct arena *a,
    char **old_key) WUR;
/* Whether a campaign that is not deleted shows the image at key: 1 yes, 0 no, -1 error. */
int campaigns_image_in_use(struct store *s, const char *key) WUR;

/* audience.c: what ad selection knows of one client. */
struct audience_item {
	struct uuid_str id;
	int64_t value;
};

#define AUDIENCE_SEEN 1
#define AUDIENCE_CLICKED 2

struct audience {
	struct client client; /* login is not loaded */
	struct audience_item *scores; /* advertiser id, ML score */
	size_t nscores;
	struct audience_item *events; /* campaign id, AUDIENCE_SEEN or AUDIENCE_CLICKED */
	size_t nevents;
	int64_t day; /* the current day */
	long long version; /* the catalogue version */
};
/* One Redis round trip, PostgreSQL when Redis lacks it. 1 found, 0 no such client, -1 error. */
int audience_load(
    struct store *s, const struct uuid_str *id, struct arena *a, struct audience *au) WUR;
/* Drops the cached state of clients whose profile or scores changed (after the commit). */
void audience_forget(struct store *s, const char *const *ids, size_t n, struct arena *a);
/* Records in the cache that client saw (or clicked) campaign (after the commit). */
void audience_note(
    struct store *s, const struct uuid_str *client, const struct uuid_str *campaign, bool clicked);

/* events.c: impressions and clicks, recorded durably before the API answers. */
enum event_result {
	EVENT_OK, /* recorded and charged */
	EVENT_REPEAT, /* seen or clicked before: nothing charged */
	EVENT_FULL, /* refused: the campaign is at its limit (a click: kept unbilled) */
	EVENT_GONE, /* impression refused: deleted or not running that day */
	EVENT_NOT_SHOWN, /* click refused: the client never saw the ad */
	EVENT_NO_CAMPAIGN, /* click refused: unknown or deleted campaign */
	EVENT_NO_CLIENT, /* click refused: unknown client */
	EVENT_ERROR,
};
/*
 * Both are dated by PostgreSQL's current day, which may be ahead of a cached one. A first show
 * goes through the recorder (one transaction for many) when it answers, else straight to
 * PostgreSQL; either way the answer comes after the commit.
 */
enum event_result events_impression(
    struct store *s, const struct uuid_str *campaign, const struct uuid_str *client) WUR;
/*
 * The recorder's side: records n first shows in one transaction, in order; out[i] is the
 * outcome of campaigns[i] for clients[i]. 0, or -1 when nothing was recorded.
 */
int events_impressions(struct store *s, size_t n, const struct uuid_str *const *campaigns,
    const struct uuid_str *const *clients, enum event_result *out) WUR;
/* The outcome word of the recorder's protocol for r ("ok", "seen", ...; "error"). */
const char *events_word(enum event_result r);
enum event_result events_click(
    struct store *s, const struct uuid_str *campaign, const struct uuid_str *client) WUR;

/*
 * stats.c: totals (one row) or daily rows of a campaign (not deleted) or an advertiser (all
 * its campaigns). Daily rows span the campaign's days up to today, or days 0..today for an
 * advertiser. 1 found, 0 no such campaign or advertiser, -1 error.
 */
int stats_campaign(struct store *s, const struct uuid_str *campaign, bool daily, int64_t today,
    struct arena *a, struct stat_row **rows, size_t *n) WUR;
int stats_advertiser(struct store *s, const struct uuid_str *advertiser, bool daily, int64_t today,
    struct arena *a, struct stat_row **rows, size_t *n) WUR;

/* clock.c: the platform's current day. */
int clock_get(struct store *s, int64_t *day) WUR;
/* 0 set (or unchanged), 1 refused because day is before the current day, -1 error. */
int clock_advance(struct store *s, int64_t day) WUR;

#endif
