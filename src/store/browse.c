/* browse.c -- the admin pages' read-only views, shaped as JSON by PostgreSQL. */
#include "store/browse.h"
#include "store/pgjson.h"

#define ADVERTISERS_WHERE                                                                          \
	"WHERE $1::text IS NULL OR strpos(lower(a.name), lower($1)) > 0 "                          \
	"   OR a.advertiser_id::text LIKE lower($1) || '%' "

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
	"  'impressions', (SELECT count(*) FROM impressions i JOIN campaigns c USING (campaign_id) "
	"                   WHERE c.advertiser_id = a.advertiser_id), "
	"  'clicks', (SELECT count(*) FROM clicks k JOIN campaigns c USING (campaign_id) "
	"              WHERE c.advertiser_id = a.advertiser_id), "
	"  'spent_total', trim_scale("
	"      (SELECT coalesce(sum(i.price), 0) FROM impressions i JOIN campaigns c "
	"         USING (campaign_id) WHERE c.advertiser_id = a.advertiser_id) + "
	"      (SELECT coalesce(sum(k.price), 0) FROM clicks k JOIN campaigns c "
	"         USING (campaign_id) WHERE c.advertiser_id = a.advertiser_id))) "
	"FROM advertisers a " ADVERTISERS_WHERE
	"ORDER BY a.name, a.advertiser_id LIMIT $2 OFFSET $3",
};

/*
 * Fill rate needs the number of ad requests, which nothing stores in PostgreSQL: it is null
 * here (the request counters belong to /metrics).
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
	"    'impressions', (SELECT count(*) FROM impressions), "
	"    'clicks', (SELECT count(*) FROM clicks), "
	"    'spent_total', trim_scale((SELECT coalesce(sum(price), 0) FROM impressions) + "
	"                   (SELECT coalesce(sum(price), 0) FROM clicks))), "
	"  'fill_rate', NULL, "
	"  'campaigns', json_build_object("
	"    'total', (SELECT count(*) FROM campaigns WHERE deleted_at IS NULL), "
	"    'running', (SELECT count(*) FROM campaigns WHERE deleted_at IS NULL "
	"                  AND blocked_at IS NULL AND start_date <= d.day AND end_date >= d.day), "
	"    'blocked', (SELECT count(*) FROM campaigns WHERE deleted_at IS NULL "
	"                  AND blocked_at IS NOT NULL))) "
	"FROM d",
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
