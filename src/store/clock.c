/*
 * clock.c -- the platform's current day. PostgreSQL holds it; Redis caches it for the hot
 * path. The day only moves forward, so the cache is only ever raised ("set if greater"),
 * which keeps a slow reader from writing back an older day.
 */
#include <stdio.h>

#include "core/log.h"
#include "store/store.h"

#define CLOCK_KEY "bb:day"

static const struct db_stmt get_stmt = {
	"clock_get",
	"SELECT current_day FROM platform_clock",
};

static const struct db_stmt advance_stmt = {
	"clock_advance",
	"UPDATE platform_clock SET current_day = $1 WHERE current_day <= $1 RETURNING current_day",
};

static void
cache_raise(struct store *s, long long day)
{
	/* A day the cache could not take must not linger there older than PostgreSQL's. */
	if (cache_raise_i64(s->cache, CLOCK_KEY, day) != 0 && cache_del(s->cache, CLOCK_KEY) != 0)
		log_warn("clock: cannot cache day %lld", day);
}

int
clock_get(struct store *s, int64_t *day)
{
	struct db_res *res = NULL;
	long long v;
	int ret = -1;

	if (cache_get_i64(s->cache, CLOCK_KEY, &v) == 1) {
		*day = v;
		return 0;
	}
	if (db_exec(s->db, &get_stmt, 0, NULL, &res) != DB_OK || db_rows(res) != 1 ||
	    !db_i64(res, 0, 0, &v))
		goto done;
	*day = v;
	cache_raise(s, v);
	ret = 0;
done:
	db_res_free(res);
	return ret;
}

int
clock_advance(struct store *s, int64_t day)
{
	char num[24];
	const char *params[] = { num };
	struct db_res *res = NULL;
	int ret = -1;

	snprintf(num, sizeof(num), "%lld", (long long)day);
	if (db_exec(s->db, &advance_stmt, 1, params, &res) != DB_OK)
		goto done;
	if (db_rows(res) == 0) {
		ret = 1;
		goto done;
	}
	cache_raise(s, day);
	ret = 0;
done:
	db_res_free(res);
	return ret;
}
