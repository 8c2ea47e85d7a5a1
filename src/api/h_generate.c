/*
 * h_generate.c -- ad-text generation (API.md section 8): POST /generate/ad_text stores a job
 * and answers 202 at once; GET /generate/ad_text/{task_id}/result reads it. The work itself
 * runs in `billboard-batch jobs` (src/batch/run_jobs.c), never in a FastCGI worker.
 */
#include <stdio.h>
#include <string.h>

#include "api/handlers.h"
#include "core/adtext.h"
#include "store/jobq.h"

/* Jobs one advertiser (or advertiser name) may have pending or running at once. */
#define IN_FLIGHT_MAX 5
/* A job takes seconds: the Retry-After of a 429. */
#define BUSY_RETRY_AFTER_S "5"
/* Idempotency keys are UUIDs or similar tokens; 200 visible ASCII bytes is ample. */
#define IDEM_KEY_MAX 200

static bool
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strchr(" \t\r\n", s[i]) == NULL)
			return false;
	return true;
}

/* The Idempotency-Key header: NULL when absent; false after answering 400. */
static bool
idem_key(struct req *r, const char **out)
{
	const char *k = r->idempotency_key ? r->idempotency_key : "";
	size_t i, n = strlen(k);

	*out = NULL;
	if (n == 0)
		return true;
	if (n > IDEM_KEY_MAX) {
		resp_error(r, 400, "Idempotency-Key must be at most %d bytes long", IDEM_KEY_MAX);
		return false;
	}
	for (i = 0; i < n; i++)
		if (k[i] < 0x21 || k[i] > 0x7E) {
			resp_error(r, 400, "Idempotency-Key must be visible ASCII characters only");
			return false;
		}
	*out = k;
	return true;
}

static void
answer_task(struct req *r, int status, const struct uuid_str *id, const char *job_status)
{
	struct json_object *o = json_object_new_object();

	if (o == NULL || !jv_add_str(o, "task_id", id->s, UUID_STR_LEN) ||
	    !jv_add_str(o, "status", job_status, strlen(job_status))) {
		json_object_put(o);
		resp_internal(r);
		return;
	}
	resp_json(r, status, o);
}

void
h_generate_ad_text(struct req *r)
{
	struct json_object *body;
	struct jobq_new j;
	struct uuid_str adv_id;
	struct advertiser adv;
	const char *name = NULL, *title = NULL;
	size_t name_len = 0, title_len = 0;
	int has_id;
	struct buf input, owner;
	struct jv v;

	if ((body = req_json_body(r)) == NULL || !idem_key(r, &j.idem_key))
		return;
	jv_init(&v);
	if (!jv_is_object(&v, body, "body") ||
	    (has_id = jv_uuid(&v, body, "advertiser_id", JV_NULLABLE, &adv_id)) < 0 ||
	    jv_str(&v, body, "advertiser_name", JV_NULLABLE, ADTEXT_NAME_MAX, &name, &name_len) <
	        0 ||
	    jv_str(&v, body, "ad_title", JV_REQUIRED, ADTEXT_TITLE_MAX, &title, &title_len) < 0) {
		resp_error(r, 400, "%s", v.detail);
		return;
	}
	if ((has_id == 1) == (name != NULL)) {
		resp_error(r, 400, "give exactly one of advertiser_name and advertiser_id");
		return;
	}
	if (name != NULL && blank(name, name_len)) {
		resp_error(r, 400, "advertiser_name must not be blank");
		return;
	}
	if (blank(title, title_len)) {
		resp_error(r, 400, "ad_title must not be blank");
		return;
	}
	if (has_id == 1) {
		switch (advertisers_get(r->store, &adv_id, r->arena, &adv)) {
		case 1:
			break;
		case 0:
			resp_error(r, 404, "advertiser %s not found", adv_id.s);
			return;
		default:
			resp_internal(r);
			return;
		}
	}
	buf_init(&input);
	buf_init(&owner);
	if (has_id == 1) {
		buf_printf(&input, "{\"advertiser_id\":\"%s\"", adv_id.s);
		buf_puts(&owner, adv_id.s);
	} else {
		buf_puts(&input, "{\"advertiser_name\":");
		buf_json_str(&input, name, name_len);
		buf_puts(&owner, "name:");
		buf_append(&owner, name, name_len);
	}
	buf_puts(&input, ",\"ad_title\":");
	buf_json_str(&input, title, title_len);
	buf_putc(&input, '}');
	j.input_json = input.data;
	j.owner = owner.data;
	j.advertiser_name = has_id == 1 ? adv.name : arena_strndup(r->arena, name, name_len);
	j.ad_title = arena_strndup(r->arena, title, title_len);
	j.in_flight_max = IN_FLIGHT_MAX;
	if (input.failed || owner.failed || j.advertiser_name == NULL || j.ad_title == NULL ||
	    uuid_generate(&j.id) != 0) {
		resp_internal(r);
		goto done;
	}
	switch (jobq_submit(r->store, &j)) {
	case JOBQ_STORED:
	case JOBQ_EXISTING:
		answer_task(r, 202, &j.id, j.status);
		break;
	case JOBQ_KEY_CONFLICT:
		resp_error(r, 422,
		    "this Idempotency-Key was already used with a different request body; "
		    "use a new key for a new request");
		break;
	case JOBQ_BUSY:
		resp_header(r, "Retry-After", BUSY_RETRY_AFTER_S);
		resp_error(r, 429,
		    "this advertiser already has %d ad texts in progress; retry later",
		    IN_FLIGHT_MAX);
		break;
	default:
		resp_internal(r);
	}
done:
	buf_free(&input);
	buf_free(&owner);
}

void
h_generate_result(struct req *r)
{
	struct jobq_view view;
	struct uuid_str id;
	struct json_object *o;

	if (!req_path_uuid(r, "task_id", &id))
		return;
	switch (jobq_get(r->store, &id, r->arena, &view)) {
	case 1:
		break;
	case 0:
		resp_error(r, 404, "task %s not found", id.s);
		return;
	default:
		resp_internal(r);
		return;
	}
	o = json_object_new_object();
	if (o == NULL || !jv_add_str(o, "task_id", id.s, UUID_STR_LEN) ||
	    !jv_add_str(o, "status", view.status, strlen(view.status)) ||
	    !jv_add_str(o, "result", view.result, view.result ? strlen(view.result) : 0) ||
	    !jv_add_str(o, "error", view.error, view.error ? strlen(view.error) : 0) ||
	    !jv_add_str(
	        o, "generator", view.generator, view.generator ? strlen(view.generator) : 0)) {
		json_object_put(o);
		resp_internal(r);
		return;
	}
	resp_json(r, 200, o);
}
