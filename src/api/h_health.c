/* h_health.c -- GET /health (are PostgreSQL and Redis reachable?) and GET /ping. */
#include "api/handlers.h"

static bool
add_check(struct json_object *checks, const char *name, bool ok)
{
	return json_object_object_add(checks, name, json_object_new_string(ok ? "ok" : "down")) ==
	    0;
}

void
h_health(struct req *r)
{
	bool pg = db_ping(r->store->db);
	bool redis = cache_ping(r->store->cache);
	struct json_object *o = json_object_new_object();
	struct json_object *checks = json_object_new_object();
	const char *failing = !pg
	    ? (!redis ? "postgres and redis are unavailable" : "postgres is unavailable")
	    : (!redis ? "redis is unavailable" : NULL);

	if (o == NULL || checks == NULL || !add_check(checks, "postgres", pg) ||
	    !add_check(checks, "redis", redis) ||
	    json_object_object_add(o, "status", json_object_new_string(failing ? "error" : "ok")) ||
	    json_object_object_add(o, "checks", checks)) {
		json_object_put(checks);
		json_object_put(o);
		resp_internal(r);
		return;
	}
	if (failing != NULL &&
	    json_object_object_add(o, "detail", json_object_new_string(failing)) != 0) {
		json_object_put(o);
		resp_internal(r);
		return;
	}
	resp_json(r, failing ? 503 : 200, o);
}

/* GET /ping: answers without touching PostgreSQL or Redis (liveness, and the benchmarks'
 * ceiling for the worker pool). */
void
h_ping(struct req *r)
{
	buf_reset(&r->resp.body);
	buf_puts(&r->resp.body, "{\"status\":\"ok\"}");
	r->resp.status = 200;
	r->resp.content_type = "application/json";
}
