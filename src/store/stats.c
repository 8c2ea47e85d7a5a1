/*
 * stats.c -- statistics from the event rows themselves: counts and exact sums of the prices
 * recorded with each event, per campaign or per advertiser (deleted campaigns included), in
 * total or per day with the days without events filled with zeros.
 */
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "store/store.h"

#define CAMPAIGN_SCOPE "campaign_id = $1"
#define ADVERTISER_SCOPE                                                                           \
	"campaign_id IN (SELECT campaign_id FROM campaigns WHERE advertiser_id = $1)"

#define TOTALS_SQL(scope)                                                                          \
	"SELECT 0, (SELECT count(*) FROM impressions WHERE " scope "), "                           \
	"  (SELECT count(*) FROM clicks WHERE " scope "), "                                        \
	"  (SELECT coalesce(sum(price), 0) FROM impressions WHERE " scope "), "                    \
	"  (SELECT coalesce(sum(price), 0) FROM clicks WHERE " scope "), "                         \
	"  (SELECT coalesce(sum(price), 0) FROM impressions WHERE " scope ") + "                   \
	"  (SELECT coalesce(sum(price), 0) FROM clicks WHERE " scope ")"

#define DAILY_SQL(scope)                                                                           \
	"SELECT d, coalesce(i.n, 0), coalesce(k.n, 0), coalesce(i.s, 0), coalesce(k.s, 0), "       \
	"  coalesce(i.s, 0) + coalesce(k.s, 0) "                                                   \
	"FROM generate_series($2::integer, $3::integer) AS d "                                     \
	"LEFT JOIN (SELECT day, count(*) AS n, sum(price) AS s FROM impressions "                  \
	"           WHERE " scope " GROUP BY day) i ON i.day = d "                                 \
	"LEFT JOIN (SELECT day, count(*) AS n, sum(price) AS s FROM clicks "                       \
	"           WHERE " scope " GROUP BY day) k ON k.day = d "                                 \
	"ORDER BY d"

static const struct db_stmt campaign_totals = {
	"stats_campaign",
	TOTALS_SQL(CAMPAIGN_SCOPE),
	true,
};
static const struct db_stmt campaign_daily = {
	"stats_campaign_daily",
	DAILY_SQL(CAMPAIGN_SCOPE),
	true,
};
static const struct db_stmt advertiser_totals = {
	"stats_advertiser",
	TOTALS_SQL(ADVERTISER_SCOPE),
	true,
};
static const struct db_stmt advertiser_daily = {
	"stats_advertiser_daily",
	DAILY_SQL(ADVERTISER_SCOPE),
	true,
};

static const struct db_stmt campaign_days = {
	"stats_campaign_days",
	"SELECT start_date, end_date FROM campaigns WHERE campaign_id = $1 AND deleted_at IS NULL",
	true,
};

static bool
copy_sum(const struct db_res *res, int row, int col, char out[STATS_MONEY_MAX])
{
	size_t n = db_len(res, row, col);

	if (n >= STATS_MONEY_MAX)
		return false;
	memcpy(out, db_val(res, row, col), n + 1);
	return true;
}

static bool
read_row(const struct db_res *res, int row, struct stat_row *out)
{
	long long v[3];

	if (!db_i64(res, row, 0, &v[0]) || !db_i64(res, row, 1, &v[1]) ||
	    !db_i64(res, row, 2, &v[2]) || !copy_sum(res, row, 3, out->spent_impressions) ||
	    !copy_sum(res, row, 4, out->spent_clicks) || !copy_sum(res, row, 5, out->spent_total)) {
		log_error("stats: unreadable row");
		return false;
	}
	out->date = v[0];
	out->impressions = v[1];
	out->clicks = v[2];
	return true;
}

/* Runs a statistics statement; rows land in the arena. 0 or -1. */
static int
run(struct store *s, const struct db_stmt *stmt, const char *id, int64_t from, int64_t to,
    struct arena *a, struct stat_row **rows, size_t *n)
{
	char from_str[24], to_str[24];
	const char *params[] = { id, from_str, to_str };
	struct db_res *res = NULL;
	int i, ret = -1;

	snprintf(from_str, sizeof(from_str), "%lld", (long long)from);
	snprintf(to_str, sizeof(to_str), "%lld", (long long)to);
	*n = 0;
	if (db_exec(s->db, stmt, stmt == &campaign_totals || stmt == &advertiser_totals ? 1 : 3,
	        params, &res) != DB_OK)
		goto done;
	*rows = arena_alloc(a, ((size_t)db_rows(res) + 1) * sizeof(**rows));
	if (*rows == NULL)
		goto done;
	for (i = 0; i < db_rows(res); i++)
		if (!read_row(res, i, &(*rows)[i]))
			goto done;
	*n = (size_t)db_rows(res);
	ret = 0;
done:
	db_res_free(res);
	return ret;
}

/* The campaign's days, 1 found (not deleted), 0 not found, -1 error. */
static int
days_of(struct store *s, const struct uuid_str *campaign, long long *start, long long *end)
{
	const char *params[] = { campaign->s };
	struct db_res *res = NULL;
	int ret = -1;

	if (db_exec(s->db, &campaign_days, 1, params, &res) != DB_OK)
		goto done;
	if (db_rows(res) == 0)
		ret = 0;
	else if (db_i64(res, 0, 0, start) && db_i64(res, 0, 1, end))
		ret = 1;
done:
	db_res_free(res);
	return ret;
}

int
stats_campaign(struct store *s, const struct uuid_str *campaign, bool daily, int64_t today,
    struct arena *a, struct stat_row **rows, size_t *n)
{
	long long start, end;
	int64_t from, to;
	int r = days_of(s, campaign, &start, &end);

	*n = 0;
	if (r <= 0)
		return r;
	if (!daily)
		return run(s, &campaign_totals, campaign->s, 0, 0, a, rows, n) == 0 ? 1 : -1;
	if (!stats_campaign_days(start, end, today, &from, &to))
		return 1; /* not started: no rows */
	return run(s, &campaign_daily, campaign->s, from, to, a, rows, n) == 0 ? 1 : -1;
}

int
stats_advertiser(struct store *s, const struct uuid_str *advertiser, bool daily, int64_t today,
    struct arena *a, struct stat_row **rows, size_t *n)
{
	int r = advertisers_exists(s, advertiser);

	*n = 0;
	if (r <= 0)
		return r;
	if (!daily)
		return run(s, &advertiser_totals, advertiser->s, 0, 0, a, rows, n) == 0 ? 1 : -1;
	return run(s, &advertiser_daily, advertiser->s, 0, today, a, rows, n) == 0 ? 1 : -1;
}
