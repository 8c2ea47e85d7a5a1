/*
 * fuzz_multipart.c -- libFuzzer target for the upload parsers: multipart_boundary on the input
 * as a Content-Type, the multipart parser on the input as a body (whole, then in chunks cut
 * where the input's first bytes say), and image_sniff on the body and on each part's data.
 *
 * Besides the sanitizers, it checks invariants and traps when one breaks: chunking changes
 * neither the events nor the verdict; events nest (data only inside a part, an end only after
 * a begin); a part never yields more bytes than the body holds; a refused body has a reason;
 * an accepted boundary is 1 to 70 allowed characters; an accepted image has sane dimensions.
 * Build and run: see tests/fuzz/README.md.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/compat.h"
#include "core/image.h"
#include "core/multipart.h"

/* Chunks a body is cut into at most (the input's first byte says how many). */
#define FUZZ_MAX_CUTS 16
/* Part data kept for image_sniff; beyond it a part is only counted. */
#define FUZZ_PART_MAX 65536

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

struct events {
	struct buf log; /* "[name|F|type]" per begin, data bytes, "." per end */
	struct buf part; /* the current part's data, up to FUZZ_PART_MAX */
	bool in_part;
	size_t data_total;
};

static void
sniff(const char *p, size_t n)
{
	struct image_info info;
	const char *why = NULL;

	if (image_sniff((const unsigned char *)p, n, &info, &why) == 0) {
		check(why == NULL && info.ext != NULL && info.mime != NULL);
		check(info.width >= 1 && info.width <= IMAGE_DIM_MAX);
		check(info.height >= 1 && info.height <= IMAGE_DIM_MAX);
	} else {
		check(why != NULL && why[0] != '\0');
	}
}

static int
on_begin(void *arg, const struct multipart_part *p)
{
	struct events *e = arg;

	check(!e->in_part);
	check(memchr(p->name, '\0', sizeof(p->name)) != NULL);
	check(memchr(p->content_type, '\0', sizeof(p->content_type)) != NULL);
	e->in_part = true;
	buf_reset(&e->part);
	buf_printf(&e->log, "[%s|%s|%s]", p->name, p->has_filename ? "F" : "-", p->content_type);
	return 0;
}

static int
on_data(void *arg, const char *p, size_t n)
{
	struct events *e = arg;

	check(e->in_part && n > 0);
	e->data_total += n;
	buf_append(&e->log, p, n);
	if (e->part.len + n <= FUZZ_PART_MAX)
		buf_append(&e->part, p, n);
	return 0;
}

static int
on_end(void *arg)
{
	struct events *e = arg;

	check(e->in_part);
	e->in_part = false;
	buf_putc(&e->log, '.');
	if (e->part.len > 0)
		sniff(e->part.data, e->part.len);
	return 0;
}

static const struct multipart_handler handler = { on_begin, on_data, on_end };

/* Parses body cut at cuts[0..ncuts) (increasing); the events go to e. */
static enum multipart_status
parse(const char *boundary, const char *body, size_t len, const size_t *cuts, size_t ncuts,
    struct events *e, const char **error)
{
	enum multipart_status st = MULTIPART_MORE;
	struct multipart m;
	size_t i, from = 0;

	multipart_init(&m, boundary, &handler, e);
	for (i = 0; i <= ncuts && st == MULTIPART_MORE; i++) {
		size_t to = i < ncuts ? cuts[i] : len;

		st = multipart_feed(&m, body + from, to - from);
		from = to;
	}
	if (st == MULTIPART_MORE)
		st = multipart_finish(&m);
	check(st != MULTIPART_MORE && st != MULTIPART_STOPPED);
	check(e->data_total <= len);
	if (st == MULTIPART_DONE)
		check(!e->in_part);
	*error = st == MULTIPART_BAD ? multipart_error(&m) : NULL;
	check(st != MULTIPART_BAD || (*error != NULL && (*error)[0] != '\0'));
	return st;
}

static void
fuzz_boundary(const uint8_t *data, size_t size)
{
	char *ct = malloc(size + 1), out[MULTIPART_BOUNDARY_MAX + 1];
	const char *why = NULL;
	size_t n, i;

	check(ct != NULL);
	memcpy(ct, data, size);
	ct[size] = '\0';
	if (multipart_boundary(ct, out, &why) == 0) {
		n = strnlen(out, sizeof(out));
		check(n >= 1 && n <= MULTIPART_BOUNDARY_MAX && out[n - 1] != ' ');
		for (i = 0; i < n; i++)
			check(out[i] >= ' ' && out[i] <= '~');
	} else {
		check(why != NULL && why[0] != '\0');
	}
	free(ct);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const boundaries[] = { "XyZ", "a", "--",
		"----WebKitFormBoundary7MA4YWxk" };
	struct events whole, split;
	size_t cuts[FUZZ_MAX_CUTS], ncuts, i, len;
	const char *body, *boundary, *e1, *e2;
	enum multipart_status s1, s2;

	fuzz_boundary(data, size);
	if (size < 2)
		return 0;
	/* Byte 0: the boundary and the number of cuts; byte 1 seeds where they fall. */
	boundary = boundaries[data[0] & 3];
	ncuts = (size_t)(data[0] >> 4) % FUZZ_MAX_CUTS;
	body = (const char *)data + 2;
	len = size - 2;
	for (i = 0; i < ncuts; i++) {
		size_t prev = i > 0 ? cuts[i - 1] : 0;

		cuts[i] = len > prev ? prev + ((size_t)data[1] * (i + 7)) % (len - prev + 1) : prev;
	}
	sniff(body, len);

	memset(&whole, 0, sizeof(whole));
	memset(&split, 0, sizeof(split));
	buf_init(&whole.log);
	buf_init(&whole.part);
	buf_init(&split.log);
	buf_init(&split.part);
	s1 = parse(boundary, body, len, NULL, 0, &whole, &e1);
	s2 = parse(boundary, body, len, cuts, ncuts, &split, &e2);
	check(s1 == s2);
	check(whole.log.len == split.log.len);
	check(whole.log.len == 0 || memcmp(whole.log.data, split.log.data, whole.log.len) == 0);
	check((e1 == NULL) == (e2 == NULL) && (e1 == NULL || strcmp(e1, e2) == 0));
	buf_free(&whole.log);
	buf_free(&whole.part);
	buf_free(&split.log);
	buf_free(&split.part);
	return 0;
}
