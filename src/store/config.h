/* config.h -- settings shared by the worker and the batch binary, read from the environment. */
#ifndef BB_CONFIG_H
#define BB_CONFIG_H

struct config {
	const char *pg_dsn; /* BILLBOARD_PG_DSN: a libpq conninfo string */
	const char *redis_socket; /* BILLBOARD_REDIS_SOCKET: unix socket path, wins over host */
	const char *redis_host; /* BILLBOARD_REDIS_HOST */
	int redis_port; /* BILLBOARD_REDIS_PORT */
	const char *sql_dir; /* BILLBOARD_SQL_DIR: migrations */
	const char *recorder_socket; /* BILLBOARD_RECORDER_SOCKET: group commit of first shows */
	const char *s3_endpoint; /* BILLBOARD_S3_ENDPOINT: "http://host:port" of the object store */
	const char *s3_bucket; /* BILLBOARD_S3_BUCKET */
	const char *s3_region; /* BILLBOARD_S3_REGION: signed into every request */
	const char *s3_access_key; /* BILLBOARD_S3_ACCESS_KEY */
	const char *s3_secret_key; /* BILLBOARD_S3_SECRET_KEY */
	const char *public_url; /* BILLBOARD_PUBLIC_URL: what browsers reach nginx at */
	int review_lease_s; /* BILLBOARD_REVIEW_LEASE_S: how long a claim on a queue item lasts */
	double review_sample; /* BILLBOARD_REVIEW_SAMPLE: share of items reviewed twice, 0..1 */
	const char *metrics_file; /* BILLBOARD_METRICS_FILE: counters shared by the workers */
};

/* The variables and their defaults, one per line, for --help. */
extern const char config_help[];

void config_from_env(struct config *cfg);

/* An integer setting: fallback when name is unset, not a number, or outside min..max. */
long config_env_long(const char *name, long fallback, long min, long max);

#endif
