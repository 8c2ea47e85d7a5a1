/*
 * jobq.h -- the queue of background jobs (table jobs, sql/012_jobs.sql): stored by the API,
 * claimed, leased and finished by `billboard-batch jobs`. Functions return 0 or -1 unless
 * said otherwise.
 */
#ifndef BB_JOBQ_H
#define BB_JOBQ_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/compat.h"
#include "core/uuid.h"
#include "store/store.h"

/* The NOTIFY channel runners LISTEN on. */
#define JOBQ_CHANNEL "billboard_jobs"
/* "SUCCESS" and its NUL, and so on. */
#define JOBQ_STATUS_MAX 8

enum jobq_outcome {
	JOBQ_STORED, /* a new job */
	JOBQ_EXISTING, /* the Idempotency-Key's job, same input */
	JOBQ_KEY_CONFLICT, /* the Idempotency-Key was used with another input */
	JOBQ_BUSY, /* the owner has its limit of jobs in flight */
	JOBQ_ERROR,
};

struct jobq_new {
	struct uuid_str id; /* set by the caller; replaced by the existing job's on JOBQ_EXISTING */
	const char *input_json; /* the request's fields as a JSON object */
	const char *advertiser_name;
	const char *ad_title;
	const char *owner; /* the in-flight limit counts per owner */
	const char *idem_key; /* NULL: none */
	int in_flight_max;
	char status[JOBQ_STATUS_MAX]; /* the job's status after the call */
};

/* Stores an ad_text job (see job_submit in sql/012_jobs.sql). */
enum jobq_outcome jobq_submit(struct store *s, struct jobq_new *j) WUR;

struct jobq_view {
	char status[JOBQ_STATUS_MAX];
	const char *result; /* NULL until SUCCESS */
	const char *error; /* NULL unless FAILURE */
	const char *generator; /* NULL until finished */
};
/* 1 found, 0 no such job, -1 error; strings in a. */
int jobq_get(
    struct store *s, const struct uuid_str *id, struct arena *a, struct jobq_view *out) WUR;

struct jobq_claim {
	struct uuid_str id;
	const char *advertiser_name; /* in the arena given */
	const char *ad_title;
	long attempt; /* 1 for the first run */
};
/*
 * Claims the oldest job that is pending, or running with an expired lease and fewer than
 * max_attempts attempts, for runner (a uuid) for lease_s seconds. 1 claimed, 0 none, -1 error.
 */
int jobq_claim(struct store *s, const struct uuid_str *runner, int lease_s, int max_attempts,
    struct arena *a, struct jobq_claim *out) WUR;
/*
 * Finishes a claimed job (success: result set, error NULL; failure: the reverse). 1 written,
 * 0 the claim was lost (its lease expired and another runner took it), -1 error.
 */
int jobq_finish(struct store *s, const struct jobq_claim *c, const struct uuid_str *runner,
    bool success, const char *text, const char *generator) WUR;
/* Fails the jobs whose lease expired after max_attempts attempts; *n of them. */
int jobq_expire(struct store *s, int max_attempts, long *n) WUR;
/* Deletes jobs finished more than retention_s seconds ago; *n of them. */
int jobq_purge(struct store *s, long retention_s, long *n) WUR;

#endif
