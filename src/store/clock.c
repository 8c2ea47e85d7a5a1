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
	true,
};

static const struct db_stmt advance_stmt = {
	"clock_advance",
	"UPDATE platform_clock SET current_day = $1 WHERE current_day <= $1 RETURNING current_day",
	true,
};

int
clock_get(struct store *s, int64_t *day)
{
	long long v;

	if (store_growing_get(s, CLOCK_KEY, &get_stmt, false, &v) != 0)
		return -1;
	*day = v;
	return 0;
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
	store_growing_publish(s, CLOCK_KEY, day);
	ret = 0;
done:
	db_res_free(res);
	return ret;
}
