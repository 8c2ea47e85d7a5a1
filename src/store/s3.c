/*
 * s3.c -- S3 requests over libcurl. Signing is libcurl's (CURLOPT_AWS_SIGV4); libcurl 7.88
 * neither adds x-amz-content-sha256 nor sorts the query string, so both are done here: the
 * header carries the payload's SHA-256 (and is signed with the other headers), and the only
 * query this module sends (ListObjectsV2) is built in sorted, encoded form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "core/log.h"
#include "core/sha256.h"
#include "store/config.h"
#include "store/s3.h"

/* The store sits on the local network: a connection takes milliseconds or is not coming. */
#define S3_CONNECT_TIMEOUT_MS 2000L
/* A 10 MiB image needs about a second at 100 Mbit/s; a stuck call must not hold a worker. */
#define S3_TIMEOUT_MS 20000L
/* A ListObjectsV2 page of 1000 keys is ~300 KB of XML. */
#define S3_LIST_BODY_MAX (4 * 1024 * 1024)
/* Error bodies are logged, cut to this length. */
#define S3_ERROR_BODY_MAX 400
/* S3's own limit on key length. */
#define S3_KEY_MAX 1024
/* Continuation tokens are opaque but short; a longer one is refused. */
#define S3_TOKEN_MAX 1024

struct s3 {
	CURL *curl;
	char *endpoint; /* "http://host:port", no trailing slash */
	char *bucket;
	char *userpwd; /* "access:secret" */
	char sigv4[128]; /* "aws:amz:REGION:s3" */
	char errbuf[CURL_ERROR_SIZE];
	bool outage; /* a call found the store out of reach (see store_outage) */
};

/* Where a response body goes: appended to buf up to max bytes, the rest counted as overflow. */
struct sink {
	struct buf *buf;
	size_t max;
	bool overflow;
};

static size_t
sink_write(char *p, size_t size, size_t n, void *arg)
{
	struct sink *k = arg;
	size_t len = size * n;

	if (k->buf->len + len > k->max) {
		k->overflow = true;
		return len; /* keep reading: the status still matters */
	}
	buf_append(k->buf, p, len);
	return len;
}

static char *
dup_env(const char *v)
{
	return strdup(v != NULL ? v : "");
}

struct s3 *
s3_open(const struct config *cfg)
{
	struct s3 *s = calloc(1, sizeof(*s));
	size_t n;

	if (s == NULL)
		return NULL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		goto fail;
	s->curl = curl_easy_init();
	s->endpoint = dup_env(cfg->s3_endpoint);
	s->bucket = dup_env(cfg->s3_bucket);
	n = strlen(cfg->s3_access_key) + strlen(cfg->s3_secret_key) + 2;
	s->userpwd = malloc(n);
	if (s->curl == NULL || s->endpoint == NULL || s->bucket == NULL || s->userpwd == NULL)
		goto fail;
	snprintf(s->userpwd, n, "%s:%s", cfg->s3_access_key, cfg->s3_secret_key);
	n = strlen(s->endpoint);
	while (n > 0 && s->endpoint[n - 1] == '/')
		s->endpoint[--n] = '\0';
	/* Region and service spelled out: libcurl 7.88 would guess them from the host name. */
	if ((size_t)snprintf(s->sigv4, sizeof(s->sigv4), "aws:amz:%s:s3", cfg->s3_region) >=
	    sizeof(s->sigv4)) {
		log_error("s3: region name too long: %s", cfg->s3_region);
		goto fail;
	}
	return s;
fail:
	s3_close(s);
	return NULL;
}

void
s3_close(struct s3 *s)
{
	if (s == NULL)
		return;
	if (s->curl != NULL)
		curl_easy_cleanup(s->curl);
	free(s->endpoint);
	free(s->bucket);
	free(s->userpwd);
	free(s);
}

bool
s3_outage(const struct s3 *s)
{
	return s->outage;
}

void
s3_clear_outage(struct s3 *s)
{
	s->outage = false;
}

/* Keys this module sends: plain path characters only, so the URL needs no encoding. */
static bool
key_ok(const char *key)
{
	size_t i, n = strlen(key);

	if (n == 0 || n > S3_KEY_MAX || key[0] == '/' || strstr(key, "//") != NULL ||
	    strstr(key, "..") != NULL)
		return false;
	for (i = 0; i < n; i++) {
		char c = key[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		        c == '/' || c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

struct call {
	const char *method; /* GET, HEAD, PUT, DELETE */
	const char *key; /* "" for the bucket itself */
	const char *query; /* canonical (sorted, encoded) or NULL */
	const void *body;
	size_t body_len;
	const char *content_type;
	struct buf *out; /* response body, or NULL */
	size_t out_max;
};

/* Runs one signed request; the HTTP status decides the answer. */
static enum s3_status
perform(struct s3 *s, const struct call *c)
{
	struct curl_slist *headers = NULL, *h;
	char hash[SHA256_HEX_LEN + 1], line[128];
	struct buf url, errbody;
	struct sink sink;
	enum s3_status st = S3_ERROR;
	long code = 0;
	CURLcode rc;

	buf_init(&url);
	buf_init(&errbody);
	if (s->endpoint[0] == '\0' || s->bucket[0] == '\0') {
		log_error("s3: not configured (BILLBOARD_S3_ENDPOINT, BILLBOARD_S3_BUCKET)");
		st = S3_UNAVAILABLE;
		goto done;
	}
	/* The bucket itself is "/bucket", without a slash: that is the path every store signs. */
	buf_printf(&url, "%s/%s%s%s", s->endpoint, s->bucket, c->key[0] != '\0' ? "/" : "", c->key);
	if (c->query != NULL)
		buf_printf(&url, "?%s", c->query);
	sha256_hex(c->body != NULL ? c->body : "", c->body_len, hash);
	snprintf(line, sizeof(line), "x-amz-content-sha256: %s", hash);
	h = curl_slist_append(headers, line);
	if (h != NULL && c->content_type != NULL) {
		headers = h;
		if ((size_t)snprintf(line, sizeof(line), "Content-Type: %s", c->content_type) >=
		    sizeof(line)) {
			log_error("s3: content type too long: %s", c->content_type);
			goto done;
		}
		h = curl_slist_append(headers, line);
	}
	if (h == NULL || url.failed) {
		log_error("s3: out of memory");
		goto done;
	}
	headers = h;

	sink.buf = c->out != NULL ? c->out : &errbody;
	sink.max = c->out != NULL ? c->out_max : S3_ERROR_BODY_MAX;
	sink.overflow = false;
	curl_easy_reset(s->curl);
	s->errbuf[0] = '\0';
	curl_easy_setopt(s->curl, CURLOPT_URL, url.data);
	curl_easy_setopt(s->curl, CURLOPT_AWS_SIGV4, s->sigv4);
	curl_easy_setopt(s->curl, CURLOPT_USERPWD, s->userpwd);
	curl_easy_setopt(s->curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(s->curl, CURLOPT_CONNECTTIMEOUT_MS, S3_CONNECT_TIMEOUT_MS);
	curl_easy_setopt(s->curl, CURLOPT_TIMEOUT_MS, S3_TIMEOUT_MS);
	curl_easy_setopt(s->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(s->curl, CURLOPT_ERRORBUFFER, s->errbuf);
	curl_easy_setopt(s->curl, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(s->curl, CURLOPT_WRITEDATA, &sink);
	if (strcmp(c->method, "HEAD") == 0) {
		curl_easy_setopt(s->curl, CURLOPT_NOBODY, 1L);
	} else if (strcmp(c->method, "PUT") == 0) {
		/* A PUT with the body in memory: libcurl hashes POSTFIELDS for the signature. */
		curl_easy_setopt(s->curl, CURLOPT_CUSTOMREQUEST, "PUT");
		curl_easy_setopt(s->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)c->body_len);
		curl_easy_setopt(s->curl, CURLOPT_POSTFIELDS, c->body_len > 0 ? c->body : "");
	} else if (strcmp(c->method, "DELETE") == 0) {
		curl_easy_setopt(s->curl, CURLOPT_CUSTOMREQUEST, "DELETE");
	}
	rc = curl_easy_perform(s->curl);
	if (rc != CURLE_OK) {
		log_error("s3: %s %s: %s", c->method, c->key,
		    s->errbuf[0] != '\0' ? s->errbuf : curl_easy_strerror(rc));
		st = S3_UNAVAILABLE;
		goto done;
	}
	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code);
	if (code >= 200 && code < 300 && !sink.overflow) {
		st = S3_OK;
	} else if (code >= 200 && code < 300) {
		log_error(
		    "s3: %s %s: the answer is larger than %zu bytes", c->method, c->key, sink.max);
	} else if (code == 404) {
		st = S3_NOT_FOUND;
	} else {
		st = code >= 500 || code == 408 || code == 429 ? S3_UNAVAILABLE : S3_ERROR;
		log_error("s3: %s %s: HTTP %ld %.*s", c->method, c->key, code,
		    (int)(sink.buf->len < S3_ERROR_BODY_MAX ? sink.buf->len : S3_ERROR_BODY_MAX),
		    sink.buf->data != NULL ? sink.buf->data : "");
	}
done:
	curl_slist_free_all(headers);
	buf_free(&url);
	buf_free(&errbody);
	if (st == S3_UNAVAILABLE)
		s->outage = true;
	return st;
}

static enum s3_status
object_call(struct s3 *s, const char *method, const char *key, struct call *c)
{
	if (!key_ok(key)) {
		log_error("s3: %s: refusing key '%s'", method, key);
		return S3_ERROR;
	}
	c->method = method;
	c->key = key;
	return perform(s, c);
}

enum s3_status
s3_put(struct s3 *s, const char *key, const void *data, size_t len, const char *content_type)
{
	struct call c = { .body = data, .body_len = len, .content_type = content_type };

	return object_call(s, "PUT", key, &c);
}

enum s3_status
s3_get(struct s3 *s, const char *key, size_t max, struct buf *out)
{
	struct call c = { .out = out, .out_max = out->len + max };

	return object_call(s, "GET", key, &c);
}

enum s3_status
s3_head(struct s3 *s, const char *key)
{
	struct call c = { 0 };

	return object_call(s, "HEAD", key, &c);
}

enum s3_status
s3_delete(struct s3 *s, const char *key)
{
	struct call c = { 0 };
	enum s3_status st = object_call(s, "DELETE", key, &c);

	return st == S3_NOT_FOUND ? S3_OK : st;
}

/* Appends v percent-encoded as SigV4 wants a query value (RFC 3986 unreserved kept). */
static void
query_encode(struct buf *b, const char *v)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *v != '\0'; v++) {
		unsigned char c = (unsigned char)*v;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
}

/* The text of the first <tag>...</tag> in [p, end), entities decoded, into out. */
static bool
xml_text(const char *p, const char *end, const char *tag, struct buf *out)
{
	static const struct {
		const char *entity;
		char c;
	} entities[] = { { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' },
		{ "&apos;", '\'' } };
	char open[40], close[40];
	const char *a, *b;
	size_t i;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	a = memmem(p, (size_t)(end - p), open, strlen(open));
	if (a == NULL)
		return false;
	a += strlen(open);
	b = memmem(a, (size_t)(end - a), close, strlen(close));
	if (b == NULL)
		return false;
	buf_reset(out);
	while (a < b) {
		size_t n = 0;

		for (i = 0; *a == '&' && i < NELEM(entities); i++) {
			n = strlen(entities[i].entity);
			if ((size_t)(b - a) >= n && memcmp(a, entities[i].entity, n) == 0)
				break;
		}
		if (*a == '&' && i < NELEM(entities)) {
			buf_putc(out, entities[i].c);
			a += n;
		} else {
			buf_putc(out, *a++);
		}
	}
	buf_putc(out, '\0');
	out->len--;
	return !out->failed;
}

/* "2026-11-30T15:17:51.000Z" as seconds since the epoch; -1 when unreadable. */
static time_t
iso_time(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
	        &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

/* Calls fn for each <Contents> of one page; the next token goes to token ("" at the end). */
static enum s3_status
list_page(const struct buf *page, s3_list_fn fn, void *arg, struct buf *token)
{
	const char *p = page->data, *end = page->data + page->len;
	struct buf key, when, truncated;
	enum s3_status st = S3_ERROR;

	buf_init(&key);
	buf_init(&when);
	buf_init(&truncated);
	for (;;) {
		const char *a = memmem(p, (size_t)(end - p), "<Contents>", 10);
		const char *b = a != NULL ? memmem(a, (size_t)(end - a), "</Contents>", 11) : NULL;
		time_t t;

		if (a == NULL)
			break;
		if (b == NULL || !xml_text(a, b, "Key", &key) ||
		    !xml_text(a, b, "LastModified", &when) || (t = iso_time(when.data)) < 0) {
			log_error("s3: unreadable ListObjectsV2 answer");
			goto done;
		}
		if (fn(arg, key.data, t) != 0)
			goto done;
		p = b + 11;
	}
	buf_reset(token);
	if (xml_text(page->data, end, "IsTruncated", &truncated) &&
	    strcmp(truncated.data, "true") == 0 &&
	    (!xml_text(page->data, end, "NextContinuationToken", token) || token->len == 0 ||
	        token->len > S3_TOKEN_MAX)) {
		log_error("s3: a truncated listing without a usable continuation token");
		goto done;
	}
	st = S3_OK;
done:
	buf_free(&key);
	buf_free(&when);
	buf_free(&truncated);
	return st;
}

enum s3_status
s3_list(struct s3 *s, const char *prefix, int page_keys, s3_list_fn fn, void *arg)
{
	struct buf query, page, token, last;
	enum s3_status st = S3_OK;

	buf_init(&query);
	buf_init(&page);
	buf_init(&token);
	buf_init(&last);
	do {
		struct call c = {
			.method = "GET", .key = "", .out = &page, .out_max = S3_LIST_BODY_MAX
		};

		/* Parameters in sorted order: the canonical query string of SigV4. */
		buf_reset(&query);
		if (token.len > 0) {
			buf_puts(&query, "continuation-token=");
			query_encode(&query, token.data);
			buf_putc(&query, '&');
		}
		buf_printf(&query, "list-type=2&max-keys=%d&prefix=",
		    page_keys >= 1 && page_keys <= S3_LIST_PAGE_MAX ? page_keys : S3_LIST_PAGE_MAX);
		query_encode(&query, prefix);
		if (query.failed) {
			st = S3_ERROR;
			break;
		}
		c.query = query.data;
		buf_reset(&page);
		buf_reset(&last);
		buf_append(&last, token.data != NULL ? token.data : "", token.len);
		st = perform(s, &c);
		if (st == S3_NOT_FOUND)
			st = S3_ERROR; /* no such bucket */
		if (st == S3_OK)
			st = list_page(&page, fn, arg, &token);
		if (st == S3_OK && token.len > 0 && last.len == token.len &&
		    memcmp(last.data, token.data, token.len) == 0) {
			log_error("s3: the listing repeats its continuation token");
			st = S3_ERROR;
		}
	} while (st == S3_OK && token.len > 0);
	buf_free(&query);
	buf_free(&page);
	buf_free(&token);
	buf_free(&last);
	return st;
}
