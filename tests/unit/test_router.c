/* test_router.c -- unit tests for route matching, 404/405 and specificity (core/router). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/router.h"

static void
h_health(struct req *r)
{
}

static void
h_clients_bulk(struct req *r)
{
}

static void
h_clients_get(struct req *r)
{
}

static void
h_ab_get(struct req *r)
{
}

static void
h_ab_post(struct req *r)
{
}

static void
h_ab_latest_put(struct req *r)
{
}

static void
h_ab_latest_get(struct req *r)
{
}

/*
 * Shaped like the API's own table (src/api/routes.c). The literal /a/{x}/b/latest routes come
 * after /a/{x}/b/{y} on purpose: specificity, not table order, decides.
 */
static const struct route routes[] = {
	{ "GET", "/health", h_health },
	{ "POST", "/clients/bulk", h_clients_bulk },
	{ "GET", "/clients/{client_id}", h_clients_get },
	{ "GET", "/a/{x}/b/{y}", h_ab_get },
	{ "POST", "/a/{x}/b/{y}", h_ab_post },
	{ "PUT", "/a/{x}/b/latest", h_ab_latest_put },
	{ "GET", "/a/{x}/b/latest", h_ab_latest_get },
};

enum { R_HEALTH, R_BULK, R_CLIENT, R_AB_GET, R_AB_POST, R_AB_LATEST_PUT, R_AB_LATEST_GET };

struct kv {
	const char *name;
	const char *val;
};

struct route_case {
	const char *method;
	const char *path;
	enum route_match want;
	int route; /* index into routes on ROUTE_OK */
	struct kv params[2]; /* captures on ROUTE_OK, in pattern order */
	const char *allow; /* on ROUTE_NO_METHOD */
};

/* clang-format off */
#define OK(m, p, r) { m, p, ROUTE_OK, r, { { NULL, NULL } }, NULL }
#define OK1(m, p, r, n1, v1) { m, p, ROUTE_OK, r, { { n1, v1 } }, NULL }
#define OK2(m, p, r, n1, v1, n2, v2) { m, p, ROUTE_OK, r, { { n1, v1 }, { n2, v2 } }, NULL }
#define NO_PATH(m, p) { m, p, ROUTE_NO_PATH, -1, { { NULL, NULL } }, NULL }
#define NO_METHOD(m, p, a) { m, p, ROUTE_NO_METHOD, -1, { { NULL, NULL } }, a }
/* clang-format on */

static const struct route_case general_cases[] = {
	OK("GET", "/health", R_HEALTH),
	NO_METHOD("POST", "/health", "GET"),
	NO_METHOD("HEAD", "/health", "GET"),
	NO_METHOD("get", "/health", "GET"),
	NO_PATH("GET", "/health/"),
	NO_PATH("GET", "/health/x"),
	NO_PATH("GET", "/healthz"),
	NO_PATH("GET", "/healt"),
	NO_PATH("GET", "/Health"),
	NO_PATH("GET", "//health"),
	NO_PATH("GET", "health"),
	NO_PATH("GET", ""),
	NO_PATH("GET", "/"),
	NO_PATH("GET", "/nope"),
	NO_PATH("POST", "/nope"),

	OK("POST", "/clients/bulk", R_BULK),
	NO_PATH("POST", "/clients/bulk/"),
	NO_PATH("GET", "/clients/bulk/"),
	OK1("GET", "/clients/abc", R_CLIENT, "client_id", "abc"),
	OK1("GET", "/clients/123e4567-e89b-12d3-a456-426614174000", R_CLIENT, "client_id",
	    "123e4567-e89b-12d3-a456-426614174000"),
	OK1("GET", "/clients/bulkx", R_CLIENT, "client_id", "bulkx"),
	OK1("GET", "/clients/BULK", R_CLIENT, "client_id", "BULK"),
	OK1("GET", "/clients/x", R_CLIENT, "client_id", "x"),
	OK1("GET", "/clients/%2F", R_CLIENT, "client_id", "%2F"),
	NO_METHOD("POST", "/clients/abc", "GET"),
	NO_METHOD("DELETE", "/clients/abc", "GET"),
	NO_PATH("GET", "/clients"),
	NO_PATH("GET", "/clients/"),
	NO_PATH("GET", "/clients//"),
	NO_PATH("GET", "/clients//abc"),
	NO_PATH("GET", "/clients/abc/"),
	NO_PATH("GET", "/clients/abc/def"),
	NO_PATH("GET", "/Clients/abc"),

	/* two captures; two methods on one pattern */
	OK2("GET", "/a/1/b/2", R_AB_GET, "x", "1", "y", "2"),
	OK2("POST", "/a/1/b/2", R_AB_POST, "x", "1", "y", "2"),
	OK2("GET", "/a/some-x/b/some-y", R_AB_GET, "x", "some-x", "y", "some-y"),
	OK2("GET", "/a/b/b/a", R_AB_GET, "x", "b", "y", "a"),
	NO_METHOD("DELETE", "/a/1/b/2", "GET, POST"),
	NO_PATH("GET", "/a/1/b/"),
	NO_PATH("GET", "/a//b/2"),
	NO_PATH("GET", "/a/1/b/2/"),
	NO_PATH("GET", "/a/1/b/2/3"),
	NO_PATH("GET", "/a/1/c/2"),
	NO_PATH("GET", "/a/1/b"),
	NO_PATH("GET", "/a/1"),
	NO_PATH("GET", "/a"),
};

/*
 * The rule of router.h: among the routes whose pattern matches the path and whose method is
 * the request's, the fewest captures win; without such a route the answer is 405 listing the
 * methods of every matching pattern, each once, in table order. So GET /clients/bulk reaches
 * GET /clients/{client_id} (a malformed id, 400 in the handler; tests/e2e/test_errors.py).
 */
static const struct route_case specific_cases[] = {
	OK("POST", "/clients/bulk", R_BULK),
	OK1("GET", "/clients/bulk", R_CLIENT, "client_id", "bulk"),
	NO_METHOD("PUT", "/clients/bulk", "POST, GET"),
	NO_METHOD("DELETE", "/clients/bulk", "POST, GET"),
	OK1("GET", "/a/xyz/b/latest", R_AB_LATEST_GET, "x", "xyz"),
	OK1("PUT", "/a/xyz/b/latest", R_AB_LATEST_PUT, "x", "xyz"),
	OK2("POST", "/a/xyz/b/latest", R_AB_POST, "x", "xyz", "y", "latest"),
	NO_METHOD("DELETE", "/a/xyz/b/latest", "GET, POST, PUT"),
	OK2("GET", "/a/xyz/b/latest2", R_AB_GET, "x", "xyz", "y", "latest2"),
	NO_METHOD("PUT", "/a/xyz/b/latest2", "GET, POST"),
};

/* Returns the number of mismatches between the captures and the case, each reported. */
static int
check_params(const struct route_case *c, const struct route_params *params)
{
	size_t i, want_n = 0, len;
	int bad = 0;

	for (i = 0; i < NELEM(c->params) && c->params[i].name != NULL; i++) {
		const struct kv *kv = &c->params[i];
		const char *v = route_param(params, kv->name, &len);

		if (v == NULL || len != strlen(kv->val) || memcmp(v, kv->val, len) != 0) {
			print_error("%s %s: param %s = \"%.*s\", want \"%s\"\n", c->method, c->path,
			    kv->name, v ? (int)len : 6, v ? v : "(none)", kv->val);
			bad++;
		}
		/* captures come in pattern order and name their own segment */
		if (i < params->n &&
		    (params->p[i].name_len != strlen(kv->name) ||
		        memcmp(params->p[i].name, kv->name, strlen(kv->name)) != 0)) {
			print_error(
			    "%s %s: capture %zu is not %s\n", c->method, c->path, i, kv->name);
			bad++;
		}
		want_n++;
	}
	if (params->n != want_n) {
		print_error(
		    "%s %s: %zu captures, want %zu\n", c->method, c->path, params->n, want_n);
		bad++;
	}
	return bad;
}

/* Runs every case, reports each mismatch, and fails when there was any. */
static void
run_cases(const struct route_case *cases, size_t ncases)
{
	static const char *const names[] = { "OK", "NO_PATH", "NO_METHOD" };
	size_t i;
	int bad = 0;

	for (i = 0; i < ncases; i++) {
		const struct route_case *c = &cases[i];
		const struct route *found = NULL;
		struct route_params params;
		char allow[64];
		enum route_match m;

		memset(&params, 0, sizeof(params));
		memset(allow, 'X', sizeof(allow));
		m = router_find(routes, NELEM(routes), c->method, c->path, strlen(c->path), &found,
		    &params, allow, sizeof(allow));
		if (m != c->want) {
			print_error(
			    "%s %s: %s, want %s\n", c->method, c->path, names[m], names[c->want]);
			bad++;
			continue;
		}
		switch (m) {
		case ROUTE_OK:
			if (found != &routes[c->route]) {
				print_error("%s %s: took route %td, want %d\n", c->method, c->path,
				    found ? found - routes : -1, c->route);
				bad++;
			}
			bad += check_params(c, &params);
			break;
		case ROUTE_NO_METHOD:
			if (strcmp(allow, c->allow) != 0) {
				print_error("%s %s: Allow \"%s\", want \"%s\"\n", c->method,
				    c->path, allow, c->allow);
				bad++;
			}
			break;
		case ROUTE_NO_PATH:
			break;
		}
	}
	assert_int_equal(bad, 0);
}

static void
test_route_table(void **state)
{
	run_cases(general_cases, NELEM(general_cases));
}

static void
test_most_specific_pattern_wins(void **state)
{
	run_cases(specific_cases, NELEM(specific_cases));
}

/* Only path_len bytes are the path: a query string or other bytes after it do not count. */
static void
test_path_len(void **state)
{
	const struct route *found = NULL;
	struct route_params params;
	const char *v;
	char allow[64];
	size_t len;

	assert_int_equal(router_find(routes, NELEM(routes), "GET", "/health?verbose=1", 7, &found,
	                     &params, allow, sizeof(allow)),
	    ROUTE_OK);
	assert_ptr_equal(found, &routes[R_HEALTH]);

	assert_int_equal(router_find(routes, NELEM(routes), "GET", "/clients/abc?x=/y", 12, &found,
	                     &params, allow, sizeof(allow)),
	    ROUTE_OK);
	assert_ptr_equal(found, &routes[R_CLIENT]);
	v = route_param(&params, "client_id", &len);
	assert_non_null(v);
	assert_int_equal(len, 3);
	assert_memory_equal(v, "abc", 3);

	assert_int_equal(router_find(routes, NELEM(routes), "GET", "/health", 5, &found, &params,
	                     allow, sizeof(allow)),
	    ROUTE_NO_PATH);
	assert_int_equal(router_find(routes, NELEM(routes), "GET", "/health", 0, &found, &params,
	                     allow, sizeof(allow)),
	    ROUTE_NO_PATH);
}

/* The Allow list is never cut inside a method name, and always NUL-terminated. */
static void
test_allow_buffer_size(void **state)
{
	static const struct {
		size_t size;
		const char *want;
	} sizes[] = {
		{ 64, "GET, POST" },
		{ 10, "GET, POST" },
		{ 9, "GET" },
		{ 6, "GET" },
		{ 5, "" },
		{ 1, "" },
	};
	size_t i;

	for (i = 0; i < NELEM(sizes); i++) {
		const struct route *found = NULL;
		struct route_params params;
		char allow[80];

		memset(allow, 'X', sizeof(allow));
		assert_int_equal(router_find(routes, NELEM(routes), "PATCH", "/a/1/b/2", 8, &found,
		                     &params, allow, sizes[i].size),
		    ROUTE_NO_METHOD);
		if (strcmp(allow, sizes[i].want) != 0)
			fail_msg("allow_len %zu: \"%s\", want \"%s\"", sizes[i].size, allow,
			    sizes[i].want);
		assert_int_equal(allow[sizes[i].size], 'X');
	}
}

static void
test_route_param_absent(void **state)
{
	const struct route *found = NULL;
	struct route_params params;
	char allow[64];
	size_t len = 99;

	assert_int_equal(router_find(routes, NELEM(routes), "GET", "/a/1/b/2", 8, &found, &params,
	                     allow, sizeof(allow)),
	    ROUTE_OK);
	assert_null(route_param(&params, "z", &len));
	assert_int_equal(len, 0);
	len = 99;
	assert_null(route_param(&params, "", &len));
	assert_int_equal(len, 0);
	/* a name is matched whole, not as a prefix */
	assert_null(route_param(&params, "xy", &len));
	assert_null(route_param(&params, "{x}", &len));

	assert_int_equal(router_find(routes, NELEM(routes), "GET", "/health", 7, &found, &params,
	                     allow, sizeof(allow)),
	    ROUTE_OK);
	assert_int_equal(params.n, 0);
	len = 99;
	assert_null(route_param(&params, "client_id", &len));
	assert_int_equal(len, 0);
}

/* At most ROUTE_MAX_PARAMS captures: a pattern with more never matches. */
static void
test_max_params(void **state)
{
	static const struct route many[] = {
		{ "GET", "/{a}/{b}/{c}/{d}", h_health },
		{ "GET", "/{a}/{b}/{c}/{d}/{e}", h_health },
	};
	const struct route *found = NULL;
	struct route_params params;
	char allow[64];
	const char *v;
	size_t len;

	assert_int_equal(ROUTE_MAX_PARAMS, 4);
	assert_int_equal(router_find(many, NELEM(many), "GET", "/1/2/3/4", 8, &found, &params,
	                     allow, sizeof(allow)),
	    ROUTE_OK);
	assert_ptr_equal(found, &many[0]);
	assert_int_equal(params.n, 4);
	v = route_param(&params, "d", &len);
	assert_non_null(v);
	assert_int_equal(len, 1);
	assert_int_equal(v[0], '4');
	assert_int_equal(router_find(many, NELEM(many), "GET", "/1/2/3/4/5", 10, &found, &params,
	                     allow, sizeof(allow)),
	    ROUTE_NO_PATH);
}

/* An empty table has no paths at all. */
static void
test_empty_table(void **state)
{
	const struct route *found = NULL;
	struct route_params params;
	char allow[8];

	assert_int_equal(
	    router_find(routes, 0, "GET", "/health", 7, &found, &params, allow, sizeof(allow)),
	    ROUTE_NO_PATH);
	assert_null(found);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_table),
		cmocka_unit_test(test_most_specific_pattern_wins),
		cmocka_unit_test(test_path_len),
		cmocka_unit_test(test_allow_buffer_size),
		cmocka_unit_test(test_route_param_absent),
		cmocka_unit_test(test_max_params),
		cmocka_unit_test(test_empty_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
