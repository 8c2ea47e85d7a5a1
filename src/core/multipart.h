/*
 * multipart.h -- a streaming multipart/form-data parser (RFC 7578, RFC 2046 section 5.1).
 *
 * Bytes go in by multipart_feed in chunks of any size, split anywhere; the handler hears of
 * each part's start (with its Content-Disposition name and Content-Type), of its data in
 * pieces, and of its end. Memory is fixed: one part's header block at most. A part's
 * content is never interpreted, so a nested multipart body is only data. Pure: no I/O.
 */
#ifndef BB_MULTIPART_H
#define BB_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#include "compat.h"

/* RFC 2046 limits a boundary to 70 characters. */
#define MULTIPART_BOUNDARY_MAX 70
/* One part's header block; browsers send a few hundred bytes. */
#define MULTIPART_HEADERS_MAX 8192
/* A field name or a Content-Type value kept from the headers. */
#define MULTIPART_VALUE_MAX 255
/* Spaces and tabs allowed after a boundary ("transport padding"). */
#define MULTIPART_PADDING_MAX 64

struct multipart_part {
	char name[MULTIPART_VALUE_MAX + 1]; /* the form field */
	bool has_filename; /* a file field: Content-Disposition had a filename */
	char content_type[MULTIPART_VALUE_MAX + 1]; /* as declared, "" when absent */
};

/* Each callback returns 0 to go on or -1 to stop: multipart_feed then answers STOPPED. */
struct multipart_handler {
	int (*begin)(void *arg, const struct multipart_part *part);
	int (*data)(void *arg, const char *p, size_t n);
	int (*end)(void *arg);
};

enum multipart_status {
	MULTIPART_MORE = 0, /* fine so far; more input expected */
	MULTIPART_DONE = 1, /* the closing boundary was read; the rest is ignored */
	MULTIPART_BAD = -1, /* malformed: multipart_error says why */
	MULTIPART_STOPPED = -2, /* a callback asked to stop */
};

struct multipart {
	const struct multipart_handler *h;
	void *arg;
	char delim[4 + MULTIPART_BOUNDARY_MAX]; /* CRLF "--" boundary */
	size_t delim_len;
	unsigned char fail[4 + MULTIPART_BOUNDARY_MAX]; /* KMP failure function of delim */
	int state;
	size_t matched; /* bytes of delim matched so far */
	size_t padding;
	char headers[MULTIPART_HEADERS_MAX];
	size_t headers_len;
	struct multipart_part part;
	const char *error;
};

/*
 * The boundary of a Content-Type header value "multipart/form-data; boundary=...", copied to
 * out as a C string. 0, or -1 with the reason in *error.
 */
int multipart_boundary(
    const char *content_type, char out[MULTIPART_BOUNDARY_MAX + 1], const char **error) WUR;

/* boundary: from multipart_boundary (1 to MULTIPART_BOUNDARY_MAX characters). */
void multipart_init(
    struct multipart *m, const char *boundary, const struct multipart_handler *h, void *arg);
enum multipart_status multipart_feed(struct multipart *m, const char *p, size_t n) WUR;
/* After the last chunk: DONE when the closing boundary was read, BAD otherwise. */
enum multipart_status multipart_finish(struct multipart *m) WUR;
/* Why the body was refused, in words for a client. */
const char *multipart_error(const struct multipart *m);

#endif
