/* h_ml_scores.c -- POST /ml-scores. */
#include "api/handlers.h"

void
h_ml_scores_put(struct req *r)
{
	struct json_object *body;
	struct ml_score s;
	struct jv v;

	if ((body = req_json_body(r)) == NULL)
		return;
	jv_init(&v);
	if (ml_score_parse(&v, body, &s) < 0) {
		resp_error(r, 400, "%s", v.detail);
		return;
	}
	switch (scores_put(r->store, &s)) {
	case 0: {
		const char *ids[] = { s.client_id.s };

		/* Visible to ad selection at once: the client's cached scores go. */
		audience_forget(r->store, ids, 1, r->arena);
		resp_json(r, 200, ml_score_to_json(&s));
		break;
	}
	case 1:
		resp_error(r, 404, "client %s not found", s.client_id.s);
		break;
	case 2:
		resp_error(r, 404, "advertiser %s not found", s.advertiser_id.s);
		break;
	default:
		resp_internal(r);
	}
}
