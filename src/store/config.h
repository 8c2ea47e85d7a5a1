/* config.h -- settings shared by the worker and the batch binary, read from the environment. */
#ifndef BB_CONFIG_H
#define BB_CONFIG_H

struct config {
	const char *pg_dsn; /* BILLBOARD_PG_DSN: a libpq conninfo string */
	const char *redis_socket; /* BILLBOARD_REDIS_SOCKET: unix socket path, wins over host */
	const char *redis_host; /* BILLBOARD_REDIS_HOST */
	int redis_port; /* BILLBOARD_REDIS_PORT */
	const char *sql_dir; /* BILLBOARD_SQL_DIR: migrations */
	int review_lease_s; /* BILLBOARD_REVIEW_LEASE_S: how long a claim on a queue item lasts */
	double review_sample; /* BILLBOARD_REVIEW_SAMPLE: share of items reviewed twice, 0..1 */
};

/* The variables and their defaults, one per line, for --help. */
extern const char config_help[];

void config_from_env(struct config *cfg);

#endif
