/*
 * req.h -- the one request struct every handler takes, and the ways to answer it.
 *
 * A handler reads validated input through the req_* getters (each answers 400 itself and
 * returns false when the input is wrong) and answers exactly once through a resp_* call.
 */
#ifndef BB_REQ_H
#define BB_REQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/catalog.h"
#include "core/compat.h"
#include "core/metrics.h"
#include "core/router.h"
#include "core/uuid.h"
#include "store/store.h"

/* What a worker process keeps between requests. */
struct worker {
	struct store store;
	struct catalog catalog; /* the campaigns running today (see h_ads.c) */
	int64_t counters_loaded_ms; /* monotonic time the catalogue's counters were read */
	const struct config *cfg; /* the settings read at start */
	struct metrics metrics; /* this worker's slot of the shared counters (GET /metrics) */
};

struct resp {
	int status; /* 0 until a handler answers */
	struct buf headers; /* extra "Name: value\r\n" lines */
	struct buf body;
	const char *content_type;
};

struct req {
	const char *method;
	const char *path; /* decoded, normalised by nginx */
	size_t path_len;
	const char *query; /* raw query string, "" when none */
	const char *request_id;
	const char *content_type; /* the request's Content-Type, "" when none */
	const char *body;
	size_t body_len;
	struct route_params params;
	struct arena *arena; /* request-scoped memory, reset after the answer */
	struct store *store;
	struct worker *worker;
	struct json_object *json; /* the parsed body, released after the answer */
	const char *cookie; /* the Cookie header, "" when none */
	const char *remote_addr; /* the client's address as nginx saw it */
	const char *idempotency_key; /* the Idempotency-Key header, "" when none */
	struct resp resp;
};

/* Answers with obj serialised (takes ownership of obj; NULL answers 500). */
void resp_json(struct req *r, int status, struct json_object *obj);
/*
 * An array answer written item by item, so that a long one never exists as a json-c tree:
 * resp_array_add(r, i, obj) for i = 0, 1, ... (takes obj over; false when out of memory, and
 * then the answer must be resp_internal), then resp_array_end(r, status, n).
 */
bool resp_array_add(struct req *r, size_t i, struct json_object *obj) WUR;
void resp_array_end(struct req *r, int status, size_t n);
/* Answers {"detail": "..."} with the given status. */
void resp_error(struct req *r, int status, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* Seconds a client should wait before retrying a 503 (an outage is usually this short). */
#define REQ_RETRY_AFTER "1"

/*
 * Answers 500 {"detail":"internal error"}, or 503 with Retry-After naming the dependency when
 * one was out of reach during the request; the cause was logged where it happened.
 */
void resp_internal(struct req *r);
void resp_no_content(struct req *r);
void resp_header(struct req *r, const char *name, const char *value);

/* The parsed JSON body (owned by r), or NULL after answering 400. */
struct json_object *req_json_body(struct req *r) WUR;
/* The path capture `name` as a UUID, or false after answering 400. */
bool req_path_uuid(struct req *r, const char *name, struct uuid_str *out) WUR;
/*
 * The query parameter `name` as an integer in min..max; false after answering 400 (or 500).
 * An absent parameter leaves *out alone.
 */
bool req_query_int(struct req *r, const char *name, int64_t min, int64_t max, int64_t *out) WUR;
/* Far beyond any real listing; keeps (page - 1) * size inside int64. */
#define REQ_PAGE_MAX 1000000000LL
/* The page (>= 1, default 1) and size (0..size_max, default size_default) parameters. */
bool req_page(
    struct req *r, int64_t size_default, int64_t size_max, int64_t *size, int64_t *page) WUR;
/* Sets X-Total-Count. */
void resp_total(struct req *r, long long total);

#endif
