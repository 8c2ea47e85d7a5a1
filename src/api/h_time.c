/* h_time.c -- GET /time, POST /time/advance: the simulated current day. */
#include <stdint.h>

#include "api/handlers.h"

static void
answer_day(struct req *r, int64_t day)
{
	struct json_object *o = json_object_new_object();

	if (o != NULL &&
	    json_object_object_add(o, "current_date", json_object_new_int64(day)) != 0) {
		json_object_put(o);
		o = NULL;
	}
	resp_json(r, 200, o);
}

void
h_time_get(struct req *r)
{
	int64_t day;

	if (clock_get(r->store, &day) != 0) {
		resp_internal(r);
		return;
	}
	answer_day(r, day);
}

void
h_time_advance(struct req *r)
{
	struct json_object *body;
	int64_t day, now;
	struct jv v;

	if ((body = req_json_body(r)) == NULL)
		return;
	jv_init(&v);
	if (!jv_is_object(&v, body, "body") ||
	    jv_int(&v, body, "current_date", JV_REQUIRED, 0, MODEL_CLOCK_DAY_MAX, &day) < 0) {
		resp_error(r, 400, "%s", v.detail);
		return;
	}
	switch (clock_advance(r->store, day)) {
	case 0:
		answer_day(r, day);
		break;
	case 1:
		if (clock_get(r->store, &now) != 0)
			resp_internal(r);
		else
			resp_error(r, 400,
			    "current_date: time cannot go backwards (the current day is %lld)",
			    (long long)now);
		break;
	default:
		resp_internal(r);
	}
}
