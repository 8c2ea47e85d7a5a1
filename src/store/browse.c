/* browse.c -- the admin pages' read-only views, shaped as JSON by PostgreSQL. */
#include <stdio.h>

#include "store/browse.h"
#include "store/pgjson.h"

#define ADVERTISERS_WHERE                                                                          \
	"WHERE $1::text IS NULL OR strpos(lower(a.name), lower($1)) > 0 "                          \
	"   OR a.advertiser_id::text LIKE lower($1) || '%' "

/* An advertiser's campaign counters (their spend is exact: sql/021_counters_spend.sql). */
#define ADVERTISER_COUNTERS                                                                        \
	"FROM campaign_counters k JOIN campaigns c USING (campaign_id) "                           \
	"WHERE c.advertiser_id = a.advertiser_id"

static const struct db_stmt count_stmt = {
	"browse_advertisers_count",
	"SELECT count(*) FROM advertisers a " ADVERTISERS_WHERE,
};

/* Money keeps its exact decimal value; trim_scale drops the trailing zeros of numeric(26,6). */
static const struct db_stmt page_stmt = {
	"browse_advertisers_page",
	"SELECT json_build_object('advertiser_id', a.advertiser_id, 'name', a.name, "
	"  'campaigns', (SELECT count(*) FROM campaigns c "
	"                 WHERE c.advertiser_id = a.advertiser_id AND c.deleted_at IS NULL), "
	"  'blocked_campaigns', (SELECT count(*) FROM campaigns c WHERE c.advertiser_id = "
	"                 a.advertiser_id AND c.deleted_at IS NULL AND c.blocked_at IS NOT NULL), "
	"  'impressions', (SELECT coalesce(sum(k.impressions), 0) " ADVERTISER_COUNTERS "), "
	"  'clicks', (SELECT coalesce(sum(k.clicks), 0) " ADVERTISER_COUNTERS "), "
	"  'spent_total', trim_scale((SELECT coalesce(sum(k.spend), 0) " ADVERTISER_COUNTERS "))) "
	"FROM advertisers a " ADVERTISERS_WHERE
	"ORDER BY a.name, a.advertiser_id LIMIT $2 OFFSET $3",
};

/*
 * Fill rate needs the number of ad requests, which nothing stores in PostgreSQL: it is null
 * here, and the handler fills it from the workers' shared counters (those of GET /metrics).
 */
static const struct db_stmt overview_stmt = {
	"browse_overview",
	"WITH d AS (SELECT current_day AS day FROM platform_clock) "
	"SELECT json_build_object('current_date', d.day, "
	"  'today', json_build_object("
	"    'impressions', (SELECT count(*) FROM impressions WHERE day = d.day), "
	"    'clicks', (SELECT count(*) FROM clicks WHERE day = d.day), "
	"    'spent_total', trim_scale((SELECT coalesce(sum(price), 0) FROM impressions "
	"                                WHERE day = d.day) + "
	"                   (SELECT coalesce(sum(price), 0) FROM clicks WHERE day = d.day))), "
	"  'overall', json_build_object("
	"    'impressions', (SELECT coalesce(sum(impressions), 0) FROM campaign_counters), "
	"    'clicks', (SELECT coalesce(sum(clicks), 0) FROM campaign_counters), "
	"    'spent_total', trim_scale((SELECT coalesce(sum(spend), 0) FROM campaign_counters))), "
	"  'fill_rate', NULL, "
	"  'campaigns', json_build_object("
	"    'total', (SELECT count(*) FROM campaigns WHERE deleted_at IS NULL), "
	"    'running', (SELECT count(*) FROM campaigns WHERE deleted_at IS NULL "
	"                  AND blocked_at IS NULL AND start_date <= d.day AND end_date >= d.day), "
	"    'blocked', (SELECT count(*) FROM campaigns WHERE deleted_at IS NULL "
	"                  AND blocked_at IS NOT NULL))) "
	"FROM d",
};

/*
 * The platform's last $1 days up to the current day, zero-filled, ascending, each shaped as
 * the daily stat object of section 5. Each side is grouped before the join so a day's
 * impressions are not multiplied by its clicks.
 */
static const struct db_stmt daily_stmt = {
	"browse_daily",
	"WITH d AS (SELECT greatest(0, current_day - $1::int + 1) AS first, current_day AS last "
	"             FROM platform_clock), "
	"  i AS (SELECT day, count(*) AS n, sum(price) AS s FROM impressions, d "
	"         WHERE day BETWEEN d.first AND d.last GROUP BY day), "
	"  k AS (SELECT day, count(*) AS n, sum(price) AS s FROM clicks, d "
	"         WHERE day BETWEEN d.first AND d.last GROUP BY day) "
	"SELECT json_build_object('date', g.day, "
	"  'impressions_count', coalesce(i.n, 0), 'clicks_count', coalesce(k.n, 0), "
	"  'conversion', CASE WHEN coalesce(i.n, 0) = 0 THEN 0 "
	"                     ELSE trim_scale(round(coalesce(k.n, 0) * 100.0 / i.n, 2)) END, "
	"  'spent_impressions', trim_scale(coalesce(i.s, 0)), "
	"  'spent_clicks', trim_scale(coalesce(k.s, 0)), "
	"  'spent_total', trim_scale(coalesce(i.s, 0) + coalesce(k.s, 0))) "
	"FROM d, generate_series(d.first, d.last) AS g(day) "
	"LEFT JOIN i ON i.day = g.day LEFT JOIN k ON k.day = g.day "
	"ORDER BY g.day",
};

static const struct db_stmt accounts_count_stmt = {
	"browse_accounts_count",
	"SELECT count(*) FROM accounts",
};

/* Never the password hash. */
static const struct db_stmt accounts_page_stmt = {
	"browse_accounts_page",
	"SELECT json_build_object('login', login, 'role', role, 'created_at', created_at) "
	"FROM accounts ORDER BY login LIMIT $1 OFFSET $2",
};

int
browse_advertisers(struct store *s, const char *search, int64_t size, int64_t page,
    struct json_object **out, long long *total)
{
	const char *params[] = { search };

	return pgjson_page(s->db, &count_stmt, &page_stmt, 1, params, size, page, out, total);
}

int
browse_overview(struct store *s, struct json_object **out)
{
	return pgjson_one(s->db, &overview_stmt, 0, NULL, out) == 1 ? 0 : -1;
}

int
browse_daily(struct store *s, int64_t days, struct json_object **out)
{
	char n[24];
	const char *params[] = { n };

	snprintf(n, sizeof(n), "%lld", (long long)days);
	return pgjson_rows(s->db, &daily_stmt, 1, params, out);
}

int
browse_accounts(
    struct store *s, long long size, long long page, struct json_object **out, long long *total)
{
	return pgjson_page(
	    s->db, &accounts_count_stmt, &accounts_page_stmt, 0, NULL, size, page, out, total);
}
