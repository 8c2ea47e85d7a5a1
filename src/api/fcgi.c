/* fcgi.c -- the FastCGI accept loop: FCGX_Request in, struct req through the routes, answer out. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>

#include "api/fcgi.h"
#include "api/req.h"
#include "api/routes.h"
#include "core/log.h"
#include "core/mono.h"

/*
 * After a request body this large (a bulk upload), the heap is handed back to the system:
 * its many small JSON objects would otherwise keep the worker's memory high for good.
 */
#define TRIM_AFTER_BODY (1024 * 1024)
/*
 * A worker still this large after giving its heap back finishes and is replaced by
 * multiwatch: a healthy one stays near 20 MiB, and four of them must never hold the machine.
 */
#define RECYCLE_RSS_BYTES (256L * 1024 * 1024)

static const char *
reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 202:
		return "Accepted";
	case 204:
		return "No Content";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 413:
		return "Payload Too Large";
	case 429:
		return "Too Many Requests";
	case 503:
		return "Service Unavailable";
	default:
		return "Internal Server Error";
	}
}

static const char *
param(FCGX_Request *fr, const char *name)
{
	const char *v = FCGX_GetParam(name, fr->envp);

	return v != NULL ? v : "";
}

/* Reads a body of at most max bytes into the arena; false after answering 413 or 500. */
static bool
read_body(FCGX_Request *fr, struct req *r, size_t max)
{
	const char *cl = param(fr, "CONTENT_LENGTH");
	unsigned long long want;
	char *end, *body;
	size_t got = 0;

	r->body = "";
	r->body_len = 0;
	if (*cl == '\0')
		return true;
	errno = 0;
	want = strtoull(cl, &end, 10);
	if (errno != 0 || *end != '\0' || want > max) {
		resp_error(r, 413, "request body too large (the limit here is %zu bytes)", max);
		return false;
	}
	body = arena_alloc(r->arena, (size_t)want + 1);
	if (body == NULL) {
		log_error("out of memory for a body of %llu bytes", want);
		resp_internal(r);
		return false;
	}
	while (got < want) {
		int n = FCGX_GetStr(body + got, (int)(want - got), fr->in);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	body[got] = '\0';
	r->body = body;
	r->body_len = got;
	return true;
}

static void
write_answer(FCGX_Request *fr, struct req *r)
{
	struct buf head;

	buf_init(&head);
	buf_printf(&head, "Status: %d %s\r\n", r->resp.status, reason(r->resp.status));
	if (r->resp.content_type != NULL)
		buf_printf(&head, "Content-Type: %s\r\n", r->resp.content_type);
	if (r->resp.headers.len > 0)
		buf_append(&head, r->resp.headers.data, r->resp.headers.len);
	buf_puts(&head, "\r\n");
	if (head.failed) {
		/* Out of memory: a fixed answer needs none. */
		FCGX_PutS("Status: 500 Internal Server Error\r\n"
		          "Content-Type: application/json\r\n\r\n{\"detail\":\"internal error\"}",
		    fr->out);
	} else {
		FCGX_PutStr(head.data, (int)head.len, fr->out);
		if (r->resp.body.len > 0)
			FCGX_PutStr(r->resp.body.data, (int)r->resp.body.len, fr->out);
	}
	buf_free(&head);
}

/* Counts the dependencies this request found out of reach (GET /metrics). */
static void
count_outages(struct worker *w)
{
	if (db_outage(w->store.db))
		metrics_add(&w->metrics, METRICS_DEP_POSTGRES, 1);
	if (cache_outage(w->store.cache))
		metrics_add(&w->metrics, METRICS_DEP_REDIS, 1);
	if (s3_outage(w->store.s3))
		metrics_add(&w->metrics, METRICS_DEP_S3, 1);
}

static void
handle(FCGX_Request *fr, struct req *r)
{
	const struct route *route;
	int64_t started = mono_us();

	r->method = param(fr, "REQUEST_METHOD");
	r->path = param(fr, "DOCUMENT_URI");
	r->path_len = strlen(r->path);
	r->query = param(fr, "QUERY_STRING");
	r->request_id = param(fr, "REQUEST_ID");
	r->content_type = param(fr, "CONTENT_TYPE");
	r->cookie = param(fr, "HTTP_COOKIE");
	r->remote_addr = param(fr, "REMOTE_ADDR");
	r->idempotency_key = param(fr, "HTTP_IDEMPOTENCY_KEY");
	log_set_request(r->request_id);
	route = routes_match(r);
	if (route != NULL && read_body(fr, r, routes_body_max(route)))
		routes_run(route, r);
	if (r->resp.status >= 500)
		log_error("%s %s -> %d", r->method, r->path, r->resp.status);
	write_answer(fr, r);
	metrics_request(
	    &r->worker->metrics, routes_index(route), r->resp.status, mono_us() - started);
	count_outages(r->worker);
}

/* The resident set size in bytes, or -1 when /proc cannot tell. */
static long
resident_bytes(void)
{
	long pages = -1, resident = -1;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f == NULL)
		return -1;
	if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
		resident = -1;
	fclose(f);
	return resident < 0 ? -1 : resident * sysconf(_SC_PAGESIZE);
}

/*
 * Hands the heap back after an exceptional request; false when the worker stayed too large
 * and should make way for a fresh one.
 */
static bool
give_back_memory(void)
{
	long rss;

	malloc_trim(0);
	rss = resident_bytes();
	if (rss < RECYCLE_RSS_BYTES)
		return true;
	log_warn("worker holds %ld MiB after a large request; exiting to be replaced",
	    rss / (1024 * 1024));
	return false;
}

int
fcgi_run(struct worker *w, volatile sig_atomic_t *stop)
{
	FCGX_Request fr;
	struct arena arena;
	struct req r;
	int ret = 0;

	if (FCGX_Init() != 0 || FCGX_InitRequest(&fr, 0, 0) != 0) {
		log_error("fastcgi: cannot initialise");
		return -1;
	}
	arena_init(&arena);
	memset(&r, 0, sizeof(r));
	buf_init(&r.resp.headers);
	buf_init(&r.resp.body);
	while (!*stop) {
		if (FCGX_Accept_r(&fr) < 0) {
			if (!*stop) {
				log_error("fastcgi: accept failed");
				ret = -1;
			}
			break;
		}
		r.arena = &arena;
		r.store = &w->store;
		r.worker = w;
		r.json = NULL;
		r.resp.status = 0;
		r.resp.content_type = NULL;
		memset(&r.params, 0, sizeof(r.params));
		buf_reset(&r.resp.headers);
		buf_reset(&r.resp.body);
		store_request_start(&w->store);
		handle(&fr, &r);
		FCGX_Finish_r(&fr);
		json_object_put(r.json);
		r.json = NULL;
		arena_reset(&arena);
		if (r.body_len >= TRIM_AFTER_BODY && !give_back_memory()) {
			log_set_request(NULL);
			break;
		}
		log_set_request(NULL);
	}
	FCGX_Free(&fr, 1);
	buf_free(&r.resp.headers);
	buf_free(&r.resp.body);
	arena_free(&arena);
	return ret;
}
