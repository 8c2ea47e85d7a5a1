/* store.c -- opening and closing the store's connections. */
#include "core/log.h"
#include "store/config.h"
#include "store/recorder.h"
#include "store/store.h"

int
store_open(struct store *s, const struct config *cfg)
{
	s->db = db_open(cfg->pg_dsn);
	s->cache = cache_open(cfg->redis_socket, cfg->redis_host, cfg->redis_port);
	s->recorder = recorder_open(cfg->recorder_socket);
	s->s3 = s3_open(cfg);
	s->public_url = cfg->public_url;
	if (s->db == NULL || s->cache == NULL || s->recorder == NULL || s->s3 == NULL) {
		store_close(s);
		return -1;
	}
	return 0;
}

void
store_close(struct store *s)
{
	db_close(s->db);
	cache_close(s->cache);
	recorder_close(s->recorder);
	s3_close(s->s3);
	s->db = NULL;
	s->cache = NULL;
	s->recorder = NULL;
	s->s3 = NULL;
}

void
store_request_start(struct store *s)
{
	db_clear_outage(s->db);
	cache_clear_outage(s->cache);
	s3_clear_outage(s->s3);
}

const char *
store_outage(const struct store *s)
{
	if (db_outage(s->db))
		return "postgres";
	if (cache_outage(s->cache))
		return "redis";
	if (s3_outage(s->s3))
		return "object storage";
	return NULL;
}

void
store_growing_publish(struct store *s, const char *key, long long v)
{
	/*
	 * A value the cache could not take must not linger there older than PostgreSQL's: it
	 * is dropped, and when even that fails (Redis out of reach) it expires soon anyway.
	 */
	if (cache_raise_i64(s->cache, key, v, STORE_GROWING_TTL_MS) != 0 &&
	    cache_del(s->cache, key) != 0)
		log_warn("cache: cannot publish %s = %lld", key, v);
}

int
store_growing_get(
    struct store *s, const char *key, const struct db_stmt *stmt, bool fresh, long long *out)
{
	struct db_res *res = NULL;
	int ret = -1;

	if (!fresh && cache_get_i64(s->cache, key, out) == 1)
		return 0;
	if (db_exec(s->db, stmt, 0, NULL, &res) == DB_OK && db_rows(res) == 1 &&
	    db_i64(res, 0, 0, out)) {
		store_growing_publish(s, key, *out);
		ret = 0;
	}
	db_res_free(res);
	return ret;
}
