/*
 * test_image.c -- unit tests for image type sniffing (core/image): real sample files of each
 * type (tests/unit/images, made by tests/e2e/image_samples.py), every truncation of them,
 * files whose first bytes lie, and dimensions out of range.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/compat.h"
#include "core/image.h"

struct sample {
	const char *file;
	enum image_type type;
	uint32_t width, height;
	const char *ext, *mime;
};

static const struct sample samples[] = {
	{ "sample.png", IMAGE_PNG, 3, 2, "png", "image/png" },
	{ "sample.gif", IMAGE_GIF, 4, 3, "gif", "image/gif" },
	{ "sample.jpg", IMAGE_JPEG, 16, 8, "jpg", "image/jpeg" },
	{ "sample.webp", IMAGE_WEBP, 5, 7, "webp", "image/webp" },
	{ "sample-vp8x.webp", IMAGE_WEBP, 300, 200, "webp", "image/webp" },
};

/* The whole file, malloc'd; *len its size. */
static unsigned char *
load(const char *name, size_t *len)
{
	char path[512];
	unsigned char *data;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", IMAGES_DIR, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	data = malloc((size_t)n);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return data;
}

/* Sniffs a copy of exactly len bytes, so that ASan sees any read past the end. */
static int
sniff(const unsigned char *data, size_t len, struct image_info *info, const char **why)
{
	unsigned char *copy = malloc(len + 1);
	int r;

	assert_non_null(copy);
	memcpy(copy, data, len);
	r = image_sniff(copy, len, info, why);
	free(copy);
	return r;
}

static void
test_samples_are_recognised(void **state)
{
	size_t i, len;

	(void)state;
	for (i = 0; i < NELEM(samples); i++) {
		unsigned char *d = load(samples[i].file, &len);
		struct image_info info;
		const char *why = "unset";

		assert_int_equal(sniff(d, len, &info, &why), 0);
		assert_null(why);
		assert_int_equal(info.type, samples[i].type);
		assert_int_equal(info.width, samples[i].width);
		assert_int_equal(info.height, samples[i].height);
		assert_string_equal(info.ext, samples[i].ext);
		assert_string_equal(info.mime, samples[i].mime);
		free(d);
	}
}

/* Every proper prefix of every sample is refused as truncated or not an image. */
static void
test_truncated_samples_are_refused(void **state)
{
	size_t i, len, cut;

	(void)state;
	for (i = 0; i < NELEM(samples); i++) {
		unsigned char *d = load(samples[i].file, &len);

		for (cut = 0; cut < len; cut++) {
			struct image_info info;
			const char *why = NULL;

			if (sniff(d, cut, &info, &why) == 0)
				fail_msg("%s cut to %zu bytes was accepted", samples[i].file, cut);
			assert_non_null(why);
			assert_non_null(strstr(why, "ad_image"));
		}
		free(d);
	}
}

struct lie {
	const char *what;
	const char *bytes;
	size_t len;
};

/* A lie spelled as a string literal: its bytes without the terminating NUL. */
#define LIE(what, bytes)                                                                           \
	{                                                                                          \
		what, bytes, sizeof(bytes) - 1                                                     \
	}

static const struct lie lies[] = {
	LIE("text", "hello, this is not an image\n"),
	LIE("empty", ""),
	LIE("PNG signature only", "\x89PNG\r\n\x1a\n"),
	LIE("PNG signature, then text",
	    "\x89PNG\r\n\x1a\nnot really a png at all, no IHDR or IEND"),
	LIE("JPEG SOI, then text", "\xff\xd8\xff this is text \xff\xd9"),
	LIE("JPEG without a frame header", "\xff\xd8\xff\xe0\x00\x04JF\xff\xda\x00\x02\xff\xd9"),
	LIE("GIF header only", "GIF89a\x01\x00\x01\x00"),
	LIE("GIF with a stray byte before the trailer",
	    "GIF89a\x01\x00\x01\x00\x00\x00\x00\x01\x3b"),
	LIE("RIFF that is not WebP",
	    "RIFF\x1c\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x00\x00\x00\x00"),
	LIE("WebP with an unknown chunk",
	    "RIFF\x16\x00\x00\x00WEBPABCD\x0a\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"),
	LIE("HTML", "<html><body><img src=x></body></html>"),
	LIE("SVG", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
};

static void
test_lying_files_are_refused(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(lies); i++) {
		struct image_info info;
		const char *why = NULL;

		if (sniff((const unsigned char *)lies[i].bytes, lies[i].len, &info, &why) == 0)
			fail_msg("%s was accepted", lies[i].what);
		assert_non_null(why);
	}
}

/*
 * Rewrites a sample's declared width and height (stored as the value minus bias) and checks
 * that the dimensions are read back, or refused when out of range.
 */
static void
check_dims(const char *file, size_t w_at, size_t h_at, int width_bytes, bool little, uint32_t bias,
    uint32_t w, uint32_t h, bool ok)
{
	size_t len, i;
	unsigned char *d = load(file, &len);
	struct image_info info;
	const char *why;

	for (i = 0; i < (size_t)width_bytes; i++) {
		int shift = little ? 8 * (int)i : 8 * (width_bytes - 1 - (int)i);

		d[w_at + i] = (unsigned char)((w - bias) >> shift);
		d[h_at + i] = (unsigned char)((h - bias) >> shift);
	}
	assert_int_equal(sniff(d, len, &info, &why), ok ? 0 : -1);
	if (ok) {
		assert_int_equal(info.width, w);
		assert_int_equal(info.height, h);
	} else {
		assert_non_null(strstr(why, "width and height"));
	}
	free(d);
}

static void
test_dimensions(void **state)
{
	(void)state;
	/* PNG: IHDR width and height, big-endian 32-bit at 16 and 20 */
	check_dims("sample.png", 16, 20, 4, false, 0, 16384, 1, true);
	check_dims("sample.png", 16, 20, 4, false, 0, 16385, 1, false);
	check_dims("sample.png", 16, 20, 4, false, 0, 1, 0, false);
	check_dims("sample.png", 16, 20, 4, false, 0, 0x80000000u, 5, false);
	/* GIF: logical screen, little-endian 16-bit at 6 and 8 */
	check_dims("sample.gif", 6, 8, 2, true, 0, 640, 480, true);
	check_dims("sample.gif", 6, 8, 2, true, 0, 0, 480, false);
	check_dims("sample.gif", 6, 8, 2, true, 0, 65535, 2, false);
	/* JPEG: SOF0 (after SOI, APP0 of 18 bytes, COM of 22, DQT of 69) height then width */
	check_dims(
	    "sample.jpg", 2 + 18 + 22 + 69 + 7, 2 + 18 + 22 + 69 + 5, 2, false, 0, 1024, 768, true);
	check_dims(
	    "sample.jpg", 2 + 18 + 22 + 69 + 7, 2 + 18 + 22 + 69 + 5, 2, false, 0, 20000, 8, false);
	/* WebP VP8X: canvas width - 1 and height - 1, little-endian 24-bit at 24 and 27 */
	check_dims("sample-vp8x.webp", 24, 27, 3, true, 1, 100, 50, true);
	check_dims("sample-vp8x.webp", 24, 27, 3, true, 1, 16385, 50, false);
}

/* A lossy WebP (VP8) frame header: the 14-bit sizes after the start code. */
static void
test_webp_lossy_header(void **state)
{
	unsigned char d[40] = "RIFF\x20\x00\x00\x00WEBPVP8 \x14\x00\x00\x00"
	                      "\x00\x00\x00\x9d\x01\x2a\x40\x01\xf0\x00";
	struct image_info info;
	const char *why;

	(void)state;
	assert_int_equal(sniff(d, sizeof(d), &info, &why), 0);
	assert_int_equal(info.type, IMAGE_WEBP);
	assert_int_equal(info.width, 320);
	assert_int_equal(info.height, 240);
	d[23] = 0x9c; /* a broken start code */
	assert_int_equal(sniff(d, sizeof(d), &info, &why), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples_are_recognised),
		cmocka_unit_test(test_truncated_samples_are_refused),
		cmocka_unit_test(test_lying_files_are_refused),
		cmocka_unit_test(test_dimensions),
		cmocka_unit_test(test_webp_lossy_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
