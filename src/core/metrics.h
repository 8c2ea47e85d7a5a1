/*
 * metrics.h -- counters every worker process adds to and any of them reads, for GET /metrics.
 *
 * The counters live in one file mapped MAP_SHARED by every worker (the workers are forked by
 * multiwatch, not by us, so there is no common parent to make an anonymous mapping). The file
 * holds one slot per worker; a worker writes only its own slot and the reader sums them all,
 * so a request costs a few relaxed atomic adds and no round trip. A slot left by a dead
 * worker is taken over by its replacement and keeps its counts: totals never go down while
 * the file lives.
 */
#ifndef BB_METRICS_H
#define BB_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "compat.h"
#include "router.h"

/* More than any worker pool on one machine; a worker finding none free shares slot 0. */
#define METRICS_SLOTS 64
/* Routes in the table (today about 50); one more slot counts requests no route matched. */
#define METRICS_ROUTES_MAX 128
/* Latency buckets, fixed, in microseconds (Prometheus shows them in seconds). */
#define METRICS_BUCKETS 12

enum metrics_counter {
	METRICS_ADS_SHOWN, /* GET /ads answered with an ad */
	METRICS_ADS_EMPTY, /* GET /ads answered 404 "no ad available" */
	METRICS_LIMIT_REFUSALS, /* a first show refused because the campaign reached a limit */
	METRICS_CATALOG_LOADS, /* the worker's catalogue of today's campaigns rebuilt */
	METRICS_DEP_POSTGRES, /* requests that found PostgreSQL out of reach */
	METRICS_DEP_REDIS, /* requests that found Redis out of reach */
	METRICS_DEP_S3, /* requests that found object storage out of reach */
	METRICS_COUNTERS
};

struct metrics_shm;

struct metrics {
	struct metrics_shm *shm;
	size_t size; /* of the mapping */
	size_t slot; /* this process's slot */
	size_t nroutes;
};

/*
 * Maps the counters file at path (created when missing, replaced by a new file when it was
 * made for another layout or route count: processes mapping the old one keep it) and claims a
 * slot; with path NULL or "", a private mapping (this process only). -1 when the file cannot
 * be used; m is then unusable.
 */
int metrics_open(struct metrics *m, const char *path, size_t nroutes) WUR;
/* Unmaps; the file and the slot's counts stay. Accepts a zeroed m. */
void metrics_close(struct metrics *m);

/* One answered request: route index (nroutes for "no route"), status, duration in µs. */
void metrics_request(struct metrics *m, size_t route, int status, int64_t micros);
void metrics_add(struct metrics *m, enum metrics_counter c, uint64_t n);
/* The sum of counter c over every slot. */
uint64_t metrics_total(const struct metrics *m, enum metrics_counter c);
/* GET /ads answered since the file was made, and those answered without an ad. */
void metrics_ads(const struct metrics *m, uint64_t *requests, uint64_t *no_ad);
/*
 * Appends the counters in Prometheus text format; routes[0..m->nroutes) name the route
 * indexes (method and pattern labels). Routes nobody called are left out.
 */
void metrics_render(const struct metrics *m, const struct route *routes, struct buf *out);

#endif
