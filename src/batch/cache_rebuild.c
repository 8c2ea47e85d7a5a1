/*
 * cache_rebuild.c -- `billboard-batch cache-rebuild`: empties Billboard's keys in Redis and
 * fills them again from PostgreSQL (the day, the catalogue version, every client's bundle).
 * The API rebuilds missing entries by itself; this warms a fresh or flushed Redis at once.
 */
#include <stdio.h>
#include <string.h>

#include "batch/jobs.h"
#include "core/log.h"

/* Clients read from PostgreSQL per page. */
#define PAGE 1000
/* A progress line every this many clients. */
#define PROGRESS_EVERY 10000

int
job_cache_rebuild(struct store *s, const struct config *cfg, int argc, char **argv)
{
	static struct uuid_str ids[PAGE];
	struct uuid_str after;
	struct arena a;
	long long deleted, version;
	int64_t day;
	size_t n, i, done = 0;
	int ret = 1;

	(void)cfg;
	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: billboard-batch cache-rebuild\n");
		return 2;
	}
	arena_init(&a);
	if (cache_delete_matching(s->cache, "bb:*", &deleted) != 0) {
		log_error("cache-rebuild: cannot empty Redis");
		goto done;
	}
	log_info("cache-rebuild: %lld keys deleted", deleted);
	if (clock_get(s, &day) != 0 || campaigns_catalog_version(s, &version) != 0)
		goto done;
	log_info("cache-rebuild: day %lld, catalogue version %lld", (long long)day, version);
	memset(after.s, '0', UUID_STR_LEN);
	after.s[8] = after.s[13] = after.s[18] = after.s[23] = '-';
	after.s[UUID_STR_LEN] = '\0';
	for (;;) {
		if (clients_ids_after(s, &after, PAGE, ids, &n) != 0)
			goto done;
		if (n == 0)
			break;
		for (i = 0; i < n; i++) {
			struct audience au;

			if (audience_load(s, &ids[i], &a, &au) < 0)
				goto done;
			arena_reset(&a);
			if (++done % PROGRESS_EVERY == 0)
				log_info("cache-rebuild: %zu clients", done);
		}
		after = ids[n - 1];
	}
	log_info("cache-rebuild: done, %zu clients cached", done);
	ret = 0;
done:
	arena_free(&a);
	return ret;
}
