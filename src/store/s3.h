/*
 * s3.h -- the object store (S3-compatible: MinIO in production, s3rver locally), through its
 * HTTP API with AWS Signature Version 4. The only module that sees libcurl in the server.
 *
 * Objects are addressed path-style (<endpoint>/<bucket>/<key>); keys are restricted to
 * [A-Za-z0-9._-/] so that they need no encoding. Every call has a connect and a total
 * timeout; the store's own error text is logged here, once.
 */
#ifndef BB_S3_H
#define BB_S3_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/buf.h"
#include "core/compat.h"

struct config;
struct s3;

/* S3's own largest page of a listing. */
#define S3_LIST_PAGE_MAX 1000

enum s3_status {
	S3_OK = 0,
	S3_NOT_FOUND = 1,
	S3_UNAVAILABLE = -1, /* unreachable, timed out or answering 5xx: try again later */
	S3_ERROR = -2, /* the store refused the request (credentials, bucket, bad key) */
};

/* From BILLBOARD_S3_*; NULL only when out of memory. Calls fail while it is unconfigured. */
struct s3 *s3_open(const struct config *cfg) WUR;
void s3_close(struct s3 *s);
/* Whether a call answered S3_UNAVAILABLE since the last s3_clear_outage. */
bool s3_outage(const struct s3 *s);
void s3_clear_outage(struct s3 *s);

enum s3_status s3_put(
    struct s3 *s, const char *key, const void *data, size_t len, const char *content_type) WUR;
/* Appends the object to out; S3_ERROR when it is larger than max bytes. */
enum s3_status s3_get(struct s3 *s, const char *key, size_t max, struct buf *out) WUR;
enum s3_status s3_head(struct s3 *s, const char *key) WUR;
/* S3_OK also when there was no such object (S3's DELETE is idempotent). */
enum s3_status s3_delete(struct s3 *s, const char *key) WUR;

/* Called for each listed object; returns 0 to go on, -1 to stop the listing (S3_ERROR). */
typedef int (*s3_list_fn)(void *arg, const char *key, time_t last_modified);
/*
 * Every object whose key starts with prefix, page after page of at most page_keys (1 to
 * S3_LIST_PAGE_MAX) keys (ListObjectsV2).
 */
enum s3_status s3_list(
    struct s3 *s, const char *prefix, int page_keys, s3_list_fn fn, void *arg) WUR;

#endif
