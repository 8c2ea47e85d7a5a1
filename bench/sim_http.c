/* sim_http.c -- the simulator's HTTP client over libcurl (see sim_http.h). */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "core/buf.h"
#include "core/jv.h"
#include "sim_http.h"

/* A local server answers in milliseconds; this only stops a hung run. */
#define HTTP_TIMEOUT_S 30L
/* Base URL and path together; ours are short. */
#define URL_MAX 512

struct sim_http {
	CURL *curl;
	struct curl_slist *json_headers;
	char base[URL_MAX];
	struct buf answer;
	char error[CURL_ERROR_SIZE + 64];
};

static size_t
on_data(char *p, size_t size, size_t n, void *ctx)
{
	struct buf *b = ctx;

	buf_append(b, p, size * n);
	return b->failed ? 0 : size * n;
}

struct sim_http *
sim_http_open(const char *base_url)
{
	struct sim_http *h;
	size_t n = strlen(base_url);

	while (n > 0 && base_url[n - 1] == '/')
		n--;
	if (n >= URL_MAX || curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		return NULL;
	if ((h = calloc(1, sizeof(*h))) == NULL) {
		curl_global_cleanup();
		return NULL;
	}
	memcpy(h->base, base_url, n);
	buf_init(&h->answer);
	h->curl = curl_easy_init();
	h->json_headers = curl_slist_append(NULL, "Content-Type: application/json");
	if (h->curl == NULL || h->json_headers == NULL) {
		sim_http_close(h);
		return NULL;
	}
	curl_easy_setopt(h->curl, CURLOPT_TIMEOUT, HTTP_TIMEOUT_S);
	curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, h->error);
	curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, &h->answer);
	return h;
}

void
sim_http_close(struct sim_http *h)
{
	if (h == NULL)
		return;
	if (h->curl != NULL)
		curl_easy_cleanup(h->curl);
	curl_slist_free_all(h->json_headers);
	buf_free(&h->answer);
	free(h);
	curl_global_cleanup();
}

int
sim_http_call(struct sim_http *h, const char *method, const char *path, struct json_object *body,
    struct json_object **answer)
{
	char url[URL_MAX * 2], err[128];
	const char *text = NULL;
	long status = 0;
	int n;
	CURLcode rc;

	*answer = NULL;
	n = snprintf(url, sizeof(url), "%s%s", h->base, path);
	if (n < 0 || (size_t)n >= sizeof(url)) {
		snprintf(h->error, sizeof(h->error), "URL too long for path %.100s", path);
		return -1;
	}
	if (body != NULL &&
	    (text = json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN)) == NULL) {
		snprintf(h->error, sizeof(h->error), "out of memory");
		return -1;
	}
	buf_reset(&h->answer);
	h->error[0] = '\0';
	curl_easy_setopt(h->curl, CURLOPT_URL, url);
	curl_easy_setopt(h->curl, CURLOPT_HTTPGET, 1L); /* resets the body of the last call */
	curl_easy_setopt(h->curl, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, text != NULL ? h->json_headers : NULL);
	if (text != NULL) {
		curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, text);
		curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(text));
	}
	rc = curl_easy_perform(h->curl);
	if (rc != CURLE_OK) {
		if (h->error[0] == '\0')
			snprintf(h->error, sizeof(h->error), "%s", curl_easy_strerror(rc));
		return -1;
	}
	if (h->answer.failed) {
		snprintf(h->error, sizeof(h->error), "out of memory");
		return -1;
	}
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
	if (h->answer.len > 0)
		*answer = jv_parse(h->answer.data, h->answer.len, err, sizeof(err));
	return (int)status;
}

const char *
sim_http_error(const struct sim_http *h)
{
	return h->error;
}
