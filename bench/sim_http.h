/*
 * sim_http.h -- the simulator's HTTP client: one kept-alive connection to a running Billboard,
 * JSON in and out (the only user of libcurl in bench/).
 */
#ifndef BB_SIM_HTTP_H
#define BB_SIM_HTTP_H

#include <json-c/json.h>

#include "core/compat.h"

struct sim_http;

/* A client of the server at base_url (e.g. "http://127.0.0.1:8080"); NULL when out of memory. */
struct sim_http *sim_http_open(const char *base_url) WUR;
void sim_http_close(struct sim_http *h);

/*
 * Sends method path (put after the base URL) with body as JSON (none when NULL). Returns the
 * HTTP status and, in *answer, the parsed answer (NULL when empty or not JSON; the caller
 * releases it with json_object_put); -1 on a transport failure, see sim_http_error.
 */
int sim_http_call(struct sim_http *h, const char *method, const char *path,
    struct json_object *body, struct json_object **answer) WUR;
/* What went wrong in the last failed call. */
const char *sim_http_error(const struct sim_http *h);

#endif
