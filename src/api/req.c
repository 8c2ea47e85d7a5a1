/* req.c -- answering requests and reading validated input. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "api/req.h"
#include "core/jv.h"
#include "core/log.h"
#include "core/query.h"

/* Appends obj serialised to b and releases obj; false when out of memory. */
static bool
append_json(struct buf *b, struct json_object *obj)
{
	const char *text;
	size_t len;

	if (obj == NULL)
		return false;
	text = json_object_to_json_string_length(
	    obj, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	if (text != NULL)
		buf_append(b, text, len);
	json_object_put(obj);
	return text != NULL && !b->failed;
}

void
resp_json(struct req *r, int status, struct json_object *obj)
{
	buf_reset(&r->resp.body);
	if (!append_json(&r->resp.body, obj)) {
		log_error("out of memory building a response");
		resp_internal(r);
		return;
	}
	r->resp.status = status;
	r->resp.content_type = "application/json";
}

bool
resp_array_add(struct req *r, size_t i, struct json_object *obj)
{
	if (i == 0) {
		buf_reset(&r->resp.body);
		buf_putc(&r->resp.body, '[');
	} else {
		buf_putc(&r->resp.body, ',');
	}
	return append_json(&r->resp.body, obj);
}

void
resp_array_end(struct req *r, int status, size_t n)
{
	if (n == 0) {
		buf_reset(&r->resp.body);
		buf_puts(&r->resp.body, "[]");
	} else {
		buf_putc(&r->resp.body, ']');
	}
	if (r->resp.body.failed) {
		log_error("out of memory building a response");
		resp_internal(r);
		return;
	}
	r->resp.status = status;
	r->resp.content_type = "application/json";
}

static void
error_body(struct req *r, int status, const char *detail)
{
	buf_reset(&r->resp.body);
	buf_puts(&r->resp.body, "{\"detail\":");
	buf_json_str(&r->resp.body, detail, strlen(detail));
	buf_putc(&r->resp.body, '}');
	r->resp.status = status;
	r->resp.content_type = "application/json";
}

void
resp_error(struct req *r, int status, const char *fmt, ...)
{
	char detail[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	error_body(r, status, detail);
}

void
resp_internal(struct req *r)
{
	const char *down = store_outage(r->store);

	if (down == NULL) {
		error_body(r, 500, "internal error");
		return;
	}
	/* An outage is expected to end: say which dependency and when to come back. */
	resp_header(r, "Retry-After", REQ_RETRY_AFTER);
	resp_error(r, 503, "%s is unavailable; retry in a moment", down);
}

void
resp_no_content(struct req *r)
{
	buf_reset(&r->resp.body);
	r->resp.status = 204;
	r->resp.content_type = NULL;
}

void
resp_header(struct req *r, const char *name, const char *value)
{
	buf_puts(&r->resp.headers, name);
	buf_puts(&r->resp.headers, ": ");
	buf_puts(&r->resp.headers, value);
	buf_puts(&r->resp.headers, "\r\n");
}

struct json_object *
req_json_body(struct req *r)
{
	char err[200];

	if (r->json != NULL)
		return r->json;
	r->json = jv_parse(r->body, r->body_len, err, sizeof(err));
	if (r->json == NULL)
		resp_error(r, 400, "%s", err);
	return r->json;
}

bool
req_path_uuid(struct req *r, const char *name, struct uuid_str *out)
{
	size_t len;
	const char *val = route_param(&r->params, name, &len);

	if (uuid_parse(val, len, out))
		return true;
	resp_error(r, 400, "%s: must be a UUID in 8-4-4-4-12 hex form", name);
	return false;
}

bool
req_query_int(struct req *r, const char *name, int64_t min, int64_t max, int64_t *out)
{
	char *val, *end;
	size_t len;
	long long n;

	switch (query_get(r->query, name, r->arena, &val, &len)) {
	case QUERY_ABSENT:
		return true;
	case QUERY_FOUND:
		break;
	case QUERY_NOMEM:
		resp_internal(r);
		return false;
	case QUERY_BAD:
		resp_error(r, 400, "%s: malformed query parameter", name);
		return false;
	}
	errno = 0;
	n = len > 0 && val[0] >= '0' && val[0] <= '9' ? strtoll(val, &end, 10) : -1;
	if (n < 0 || errno != 0 || *end != '\0' || n < min || n > max) {
		resp_error(r, 400, "%s: must be an integer between %lld and %lld", name,
		    (long long)min, (long long)max);
		return false;
	}
	*out = n;
	return true;
}

bool
req_page(struct req *r, int64_t size_default, int64_t size_max, int64_t *size, int64_t *page)
{
	*size = size_default;
	*page = 1;
	return req_query_int(r, "size", 0, size_max, size) &&
	    req_query_int(r, "page", 1, REQ_PAGE_MAX, page);
}

void
resp_total(struct req *r, long long total)
{
	char text[24];

	snprintf(text, sizeof(text), "%lld", total);
	resp_header(r, "X-Total-Count", text);
}
