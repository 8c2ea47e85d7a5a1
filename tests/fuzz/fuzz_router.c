/*
 * fuzz_router.c -- libFuzzer target for routing: routes_match and routes_run (src/api/routes.c, the real
 * route table) and router_find behind it, on a method and a path from the client.
 *
 * Input: "METHOD PATH" (bytes up to the first space, at most 15, are the method), or a PATH
 * alone for GET. The handlers are stubs, generated from src/api/handlers.h by run.sh, that
 * call fuzz_router_hit; resp_* are stubs below.
 *
 * Invariants: the answer is 200 (a handler ran), 404 or 405; a handler's captures are
 * non-empty segments of the path; the same path with every capture replaced reaches the
 * same handler; a 405 lists each method once, never the request's.
 */
#include "api/routes.h"
#include "fuzz.h"

#define FUZZ_METHOD_MAX 15

void fuzz_router_hit(struct req *r, const char *handler);

static const char *hit_handler; /* the stub that ran last */
static char allow_seen[128];

void
fuzz_router_hit(struct req *r, const char *handler)
{
	const char *end = r->path + r->path_len;
	size_t i, len;

	check(r->params.n <= ROUTE_MAX_PARAMS);
	for (i = 0; i < r->params.n; i++) {
		const struct route_param *p = &r->params.p[i];
		char name[64];

		check(p->name_len > 0 && p->name_len < sizeof(name) && p->len > 0);
		check(p->val > r->path && p->val + p->len <= end && p->val[-1] == '/');
		check(memchr(p->val, '/', p->len) == NULL);
		check(p->val + p->len == end || p->val[p->len] == '/');
		memcpy(name, p->name, p->name_len);
		name[p->name_len] = '\0';
		check(route_param(&r->params, name, &len) == p->val && len == p->len);
	}
	hit_handler = handler;
	r->resp.status = 200;
}

void
resp_header(struct req *r, const char *name, const char *value)
{
	check(strcmp(name, "Allow") == 0);
	check(strlen(value) < sizeof(allow_seen));
	strcpy(allow_seen, value);
}

void
resp_error(struct req *r, int status, const char *fmt, ...)
{
	check(fmt != NULL);
	r->resp.status = status;
}

void
resp_internal(struct req *r)
{
	r->resp.status = 500;
}

static void
dispatch(struct req *r, const char *method, const char *path, size_t path_len)
{
	const struct route *route;

	memset(r, 0, sizeof(*r));
	r->method = method;
	r->path = path;
	r->path_len = path_len;
	r->query = "";
	hit_handler = NULL;
	allow_seen[0] = '\0';
	route = routes_match(r); /* as src/api/fcgi.c: match, then (body) then run */
	if (route != NULL) {
		check(routes_body_max(route) > 0);
		routes_run(route, r);
	}
}

/* Each method of a 405's Allow list once, none of them the request's. */
static void
check_allow(const char *method)
{
	char list[sizeof(allow_seen)], *save = NULL, *m;
	const char *seen[16];
	size_t n = 0, i;

	check(allow_seen[0] != '\0');
	strcpy(list, allow_seen);
	for (m = strtok_r(list, ", ", &save); m != NULL; m = strtok_r(NULL, ", ", &save)) {
		check(strcmp(m, method) != 0);
		for (i = 0; i < n; i++)
			check(strcmp(seen[i], m) != 0);
		check(n < sizeof(seen) / sizeof(seen[0]));
		seen[n++] = m;
	}
}

/* The path with every capture replaced by "x" reaches the same handler. */
static void
check_captures(const struct req *r)
{
	const char *handler = hit_handler, *from = r->path;
	char *path;
	struct req again;
	size_t i, o = 0;

	path = malloc(r->path_len + 2);
	if (path == NULL)
		return;
	for (i = 0; i < r->params.n; i++) {
		const struct route_param *p = &r->params.p[i];

		memcpy(path + o, from, (size_t)(p->val - from));
		o += (size_t)(p->val - from);
		path[o++] = 'x';
		from = p->val + p->len;
	}
	memcpy(path + o, from, (size_t)(r->path + r->path_len - from));
	o += (size_t)(r->path + r->path_len - from);
	path[o] = '\0';
	dispatch(&again, r->method, path, o);
	check(again.resp.status == 200 && hit_handler == handler);
	free(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, method[FUZZ_METHOD_MAX + 1] = "GET";
	const char *path;
	const uint8_t *sp;
	struct req r;

	sp = memchr(data, ' ', size <= FUZZ_METHOD_MAX ? size : FUZZ_METHOD_MAX + 1);
	if (sp != NULL) {
		memcpy(method, data, (size_t)(sp - data));
		method[sp - data] = '\0';
	}
	text = fuzz_cstr(data, size);
	if (text == NULL)
		return 0;
	path = sp != NULL ? text + (sp - data) + 1 : text;
	dispatch(&r, method, path, size - (size_t)(path - text));
	switch (r.resp.status) {
	case 200:
		check(hit_handler != NULL);
		check_captures(&r);
		break;
	case 404:
		check(hit_handler == NULL);
		break;
	case 405:
		check(hit_handler == NULL);
		check_allow(method);
		break;
	default:
		check(false);
	}
	free(text);
	return 0;
}
