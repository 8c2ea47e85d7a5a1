/*
 * router.h -- matching a request's method and path against a const route table.
 *
 * Patterns are '/'-separated segments; a segment "{name}" captures one non-empty path
 * segment. Among the routes whose pattern matches the path and whose method is the
 * request's, the one with the fewest captures wins ("POST /clients/bulk" is not taken for
 * "/clients/{client_id}"); when none has the method, the answer is 405 with the methods of
 * every matching pattern.
 */
#ifndef BB_ROUTER_H
#define BB_ROUTER_H

#include <stddef.h>

#include "compat.h"

struct req;

/* No route of ours captures more than three ids. */
#define ROUTE_MAX_PARAMS 4

struct route {
	const char *method;
	const char *pattern;
	void (*handler)(struct req *r);
	size_t body_max; /* the largest request body it takes; 0: the table's default */
};

struct route_param {
	const char *name; /* points into the pattern, not NUL-terminated at the end */
	size_t name_len;
	const char *val; /* points into the path */
	size_t len;
};

struct route_params {
	size_t n;
	struct route_param p[ROUTE_MAX_PARAMS];
};

enum route_match {
	ROUTE_OK,
	ROUTE_NO_PATH, /* 404 */
	ROUTE_NO_METHOD, /* 405; allow lists the methods of the path */
};

/*
 * Finds the route for method and path. On ROUTE_OK, *found and *params are set; on
 * ROUTE_NO_METHOD, allow holds a comma-separated list of methods for the Allow header.
 */
enum route_match router_find(const struct route *routes, size_t nroutes, const char *method,
    const char *path, size_t path_len, const struct route **found, struct route_params *params,
    char *allow, size_t allow_len) WUR;

/* The value of the capture called name, or NULL (and *len 0) when there is none. */
const char *route_param(const struct route_params *params, const char *name, size_t *len);

#endif
