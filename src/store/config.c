/* config.c -- settings from the environment. */
#include <stdlib.h>

#include "store/config.h"

const char config_help[] =
    "  BILLBOARD_PG_DSN        libpq conninfo (default \"dbname=billboard\")\n"
    "  BILLBOARD_REDIS_SOCKET  Redis unix socket; when unset, host and port are used\n"
    "  BILLBOARD_REDIS_HOST    Redis host (default 127.0.0.1)\n"
    "  BILLBOARD_REDIS_PORT    Redis port (default 6379)\n"
    "  BILLBOARD_SQL_DIR       directory of the numbered SQL migrations (default \"sql\")\n"
    "  BILLBOARD_RECORDER_SOCKET  unix socket of billboard-batch recorder, which writes the\n"
    "                          workers' first shows in groups (unset: each worker writes its "
    "own)\n"
    "  BILLBOARD_S3_ENDPOINT   object store for ad images (default http://127.0.0.1:4569)\n"
    "  BILLBOARD_S3_BUCKET     its bucket (default \"billboard\")\n"
    "  BILLBOARD_S3_REGION     the SigV4 region (default us-east-1)\n"
    "  BILLBOARD_S3_ACCESS_KEY, BILLBOARD_S3_SECRET_KEY  its credentials\n"
    "  BILLBOARD_PUBLIC_URL    base of image URLs, <this>/media/<key> (default\n"
    "                          http://127.0.0.1:8080)\n"
    "  BILLBOARD_REVIEW_LEASE_S  seconds a moderator's claim on a queue item lasts (600)\n"
    "  BILLBOARD_REVIEW_SAMPLE   share of queue items decided twice, 0..1 (0.1; flagged: all)\n"
    "  BILLBOARD_METRICS_FILE  the workers' shared counters for GET /metrics (unset: each\n"
    "                          worker counts only its own requests)\n";

static const char *
env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : fallback;
}

/* A claim lasts 10 minutes unless told otherwise; a day at most. */
#define REVIEW_LEASE_DEFAULT_S 600
#define REVIEW_LEASE_MAX_S 86400
#define REVIEW_SAMPLE_DEFAULT 0.1

static void
config_review(struct config *cfg)
{
	long lease = strtol(env_or("BILLBOARD_REVIEW_LEASE_S", "600"), NULL, 10);
	double share = strtod(env_or("BILLBOARD_REVIEW_SAMPLE", "0.1"), NULL);

	cfg->review_lease_s =
	    lease > 0 && lease <= REVIEW_LEASE_MAX_S ? (int)lease : REVIEW_LEASE_DEFAULT_S;
	cfg->review_sample = share >= 0 && share <= 1 ? share : REVIEW_SAMPLE_DEFAULT;
}

void
config_from_env(struct config *cfg)
{
	long port = strtol(env_or("BILLBOARD_REDIS_PORT", "6379"), NULL, 10);

	cfg->pg_dsn = env_or("BILLBOARD_PG_DSN", "dbname=billboard");
	cfg->redis_socket = env_or("BILLBOARD_REDIS_SOCKET", NULL);
	cfg->redis_host = env_or("BILLBOARD_REDIS_HOST", "127.0.0.1");
	cfg->redis_port = port > 0 && port < 65536 ? (int)port : 6379;
	cfg->sql_dir = env_or("BILLBOARD_SQL_DIR", "sql");
	cfg->recorder_socket = env_or("BILLBOARD_RECORDER_SOCKET", NULL);
	cfg->s3_endpoint = env_or("BILLBOARD_S3_ENDPOINT", "http://127.0.0.1:4569");
	cfg->s3_bucket = env_or("BILLBOARD_S3_BUCKET", "billboard");
	cfg->s3_region = env_or("BILLBOARD_S3_REGION", "us-east-1");
	cfg->s3_access_key = env_or("BILLBOARD_S3_ACCESS_KEY", "");
	cfg->s3_secret_key = env_or("BILLBOARD_S3_SECRET_KEY", "");
	cfg->public_url = env_or("BILLBOARD_PUBLIC_URL", "http://127.0.0.1:8080");
	config_review(cfg);
	cfg->metrics_file = env_or("BILLBOARD_METRICS_FILE", NULL);
}

long
config_env_long(const char *name, long fallback, long min, long max)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (v == NULL || *v == '\0')
		return fallback;
	n = strtol(v, &end, 10);
	return *end == '\0' && n >= min && n <= max ? n : fallback;
}
