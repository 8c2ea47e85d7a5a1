/*
 * image.h -- what an uploaded file is, decided by its bytes alone: JPEG, PNG, GIF or WebP,
 * with the width and height its header declares. The name and declared type of an upload
 * are never consulted. Pure: no I/O.
 */
#ifndef BB_IMAGE_H
#define BB_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "compat.h"

/* API.md section 7: an ad image is smaller than 10 MiB. */
#define IMAGE_SIZE_MAX (10 * 1024 * 1024)
/* Widest or tallest image accepted; far beyond any ad, small enough to decode safely. */
#define IMAGE_DIM_MAX 16384

enum image_type { IMAGE_JPEG, IMAGE_PNG, IMAGE_GIF, IMAGE_WEBP };

struct image_info {
	enum image_type type;
	uint32_t width;
	uint32_t height;
	const char *ext; /* "jpg", "png", "gif", "webp" */
	const char *mime; /* "image/jpeg", ... */
};

/*
 * Recognises a whole file of len bytes (len < IMAGE_SIZE_MAX is the caller's rule). 0, or
 * -1 with the reason in *why (not an image, truncated, or dimensions out of range).
 */
int image_sniff(
    const unsigned char *data, size_t len, struct image_info *out, const char **why) WUR;

#endif
