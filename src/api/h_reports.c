/* h_reports.c -- POST /report/{campaign_id}: a client complains about an ad it was shown. */
#include <string.h>

#include "api/handlers.h"
#include "store/reports.h"

static struct json_object *
report_json(const struct report *rep)
{
	struct json_object *o = json_object_new_object();

	if (o == NULL || !jv_add_str(o, "report_id", rep->id.s, UUID_STR_LEN) ||
	    !jv_add_str(o, "campaign_id", rep->campaign_id.s, UUID_STR_LEN) ||
	    !jv_add_str(o, "client_id", rep->client_id.s, UUID_STR_LEN) ||
	    !jv_add_str(o, "state", "sent", 4) ||
	    !jv_add_str(o, "message", rep->message, rep->message ? strlen(rep->message) : 0) ||
	    json_object_object_add(o, "flagged", NULL) != 0 ||
	    !jv_add_str(o, "created_at", rep->created_at, strlen(rep->created_at))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

void
h_report_create(struct req *r)
{
	struct json_object *body;
	struct report rep;
	const char *msg = NULL;
	size_t msg_len = 0;
	struct jv v;

	if (!req_path_uuid(r, "campaign_id", &rep.campaign_id) || (body = req_json_body(r)) == NULL)
		return;
	jv_init(&v);
	if (!jv_is_object(&v, body, "body") ||
	    jv_uuid(&v, body, "client_id", JV_REQUIRED, &rep.client_id) < 0 ||
	    jv_str(&v, body, "message", JV_NULLABLE, REPORT_MESSAGE_MAX, &msg, &msg_len) < 0) {
		resp_error(r, 400, "%s", v.detail);
		return;
	}
	rep.message = msg ? arena_strndup(r->arena, msg, msg_len) : NULL;
	if ((msg != NULL && rep.message == NULL) || uuid_generate(&rep.id) != 0) {
		resp_internal(r);
		return;
	}
	switch (reports_submit(r->store, &rep)) {
	case REPORT_OK:
		resp_json(r, 201, report_json(&rep));
		break;
	case REPORT_NO_CAMPAIGN:
		resp_error(r, 404, "campaign %s not found", rep.campaign_id.s);
		break;
	case REPORT_NO_CLIENT:
		resp_error(r, 404, "client %s not found", rep.client_id.s);
		break;
	case REPORT_NOT_SHOWN:
		resp_error(r, 403, "client %s was never shown campaign %s", rep.client_id.s,
		    rep.campaign_id.s);
		break;
	case REPORT_DUPLICATE:
		resp_error(r, 409, "client %s already reported campaign %s", rep.client_id.s,
		    rep.campaign_id.s);
		break;
	default:
		resp_internal(r);
	}
}
