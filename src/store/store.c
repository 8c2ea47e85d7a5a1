/* store.c -- opening and closing the store's connections. */
#include "store/config.h"
#include "store/store.h"

int
store_open(struct store *s, const struct config *cfg)
{
	s->db = db_open(cfg->pg_dsn);
	s->cache = cache_open(cfg->redis_socket, cfg->redis_host, cfg->redis_port);
	if (s->db == NULL || s->cache == NULL) {
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
	s->db = NULL;
	s->cache = NULL;
}
