/*
 * image.c -- image type sniffing from magic bytes and headers. Each format's check reads only
 * within len; a file must also be complete (a PNG ends with IEND, a GIF's blocks run to its
 * trailer, a JPEG ends with EOI, a WebP fills exactly its RIFF size).
 */
#include <stdbool.h>
#include <string.h>

#include "image.h"

static const char NOT_IMAGE[] = "ad_image: not a JPEG, PNG, GIF or WebP image";
static const char TRUNCATED[] = "ad_image: the image file is truncated or damaged";

static uint32_t
be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t
le16(const unsigned char *p)
{
	return (uint32_t)p[1] << 8 | p[0];
}

static uint32_t
le24(const unsigned char *p)
{
	return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | le24(p);
}

static const char *
png(const unsigned char *d, size_t len, struct image_info *out)
{
	static const unsigned char iend[12] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60,
		0x82 };

	/* signature, then IHDR first: length 13, type, width, height, 5 bytes, CRC */
	if (len < 8 + 25 + 12 || be32(d + 8) != 13 || memcmp(d + 12, "IHDR", 4) != 0)
		return TRUNCATED;
	if (memcmp(d + len - 12, iend, 12) != 0)
		return TRUNCATED;
	out->width = be32(d + 16);
	out->height = be32(d + 20);
	return NULL;
}

/* Skips a run of GIF data sub-blocks and its terminator; false when the file ends first. */
static bool
gif_sub_blocks(const unsigned char *d, size_t len, size_t *i)
{
	while (*i < len && d[*i] != 0)
		*i += 1 + (size_t)d[*i];
	if (*i >= len)
		return false;
	(*i)++;
	return true;
}

static const char *
gif(const unsigned char *d, size_t len, struct image_info *out)
{
	size_t i = 13; /* header and logical screen descriptor */

	if (len < i + 1)
		return TRUNCATED;
	out->width = le16(d + 6);
	out->height = le16(d + 8);
	if (d[10] & 0x80) /* global colour table */
		i += (size_t)3 << ((d[10] & 7) + 1);
	/* Extensions and images up to the trailer; what follows the trailer is ignored. */
	for (;;) {
		if (i >= len)
			return TRUNCATED;
		if (d[i] == 0x3b)
			return NULL;
		if (d[i] == 0x21) {
			i += 2; /* introducer, label */
		} else if (d[i] == 0x2c) {
			unsigned char flags;

			if (i + 11 > len)
				return TRUNCATED;
			flags = d[i + 9];
			i += 10;
			if (flags & 0x80) /* local colour table */
				i += (size_t)3 << ((flags & 7) + 1);
			i++; /* LZW minimum code size */
		} else {
			return TRUNCATED;
		}
		if (!gif_sub_blocks(d, len, &i))
			return TRUNCATED;
	}
}

/* SOFn markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) are not frames. */
static int
is_sof(unsigned char m)
{
	return m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc;
}

static const char *
jpeg(const unsigned char *d, size_t len, struct image_info *out)
{
	size_t i = 2;

	if (len < 4 || d[len - 2] != 0xff || d[len - 1] != 0xd9)
		return TRUNCATED;
	while (i + 4 <= len) {
		unsigned char m;
		size_t seg;

		if (d[i] != 0xff)
			return TRUNCATED;
		m = d[i + 1];
		if (m == 0xff) { /* fill byte */
			i++;
			continue;
		}
		if (m == 0x01 || (m >= 0xd0 && m <= 0xd7)) { /* markers without a length */
			i += 2;
			continue;
		}
		if (m == 0xd8 || m == 0xd9 || m == 0xda)
			return TRUNCATED; /* no frame header before the image data or the end */
		seg = be16(d + i + 2);
		if (seg < 2 || i + 2 + seg > len)
			return TRUNCATED;
		if (is_sof(m)) {
			/* length, precision, height, width, components */
			if (seg < 8)
				return TRUNCATED;
			out->height = be16(d + i + 5);
			out->width = be16(d + i + 7);
			return NULL;
		}
		i += 2 + seg;
	}
	return TRUNCATED;
}

static const char *
webp(const unsigned char *d, size_t len, struct image_info *out)
{
	const unsigned char *c = d + 12; /* the first chunk */
	uint32_t riff = le32(d + 4);

	if (len < 30 || (size_t)riff + 8 != len)
		return TRUNCATED;
	if (memcmp(c, "VP8 ", 4) == 0) {
		/* frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height */
		if (c[11] != 0x9d || c[12] != 0x01 || c[13] != 0x2a)
			return TRUNCATED;
		out->width = le16(c + 14) & 0x3fff;
		out->height = le16(c + 16) & 0x3fff;
	} else if (memcmp(c, "VP8L", 4) == 0) {
		/* signature 0x2f, then 14 bits of width - 1 and 14 of height - 1 */
		uint32_t bits = le32(c + 9);

		if (c[8] != 0x2f)
			return TRUNCATED;
		out->width = (bits & 0x3fff) + 1;
		out->height = ((bits >> 14) & 0x3fff) + 1;
	} else if (memcmp(c, "VP8X", 4) == 0) {
		/* flags and reserved (4 bytes), then 24 bits of width - 1 and of height - 1 */
		out->width = le24(c + 12) + 1;
		out->height = le24(c + 15) + 1;
	} else {
		return TRUNCATED;
	}
	return NULL;
}

int
image_sniff(const unsigned char *d, size_t len, struct image_info *out, const char **why)
{
	static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	const char *err;

	memset(out, 0, sizeof(*out));
	if (len >= 8 && memcmp(d, png_sig, 8) == 0) {
		out->type = IMAGE_PNG, out->ext = "png", out->mime = "image/png";
		err = png(d, len, out);
	} else if (len >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0)) {
		out->type = IMAGE_GIF, out->ext = "gif", out->mime = "image/gif";
		err = gif(d, len, out);
	} else if (len >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff) {
		out->type = IMAGE_JPEG, out->ext = "jpg", out->mime = "image/jpeg";
		err = jpeg(d, len, out);
	} else if (len >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0) {
		out->type = IMAGE_WEBP, out->ext = "webp", out->mime = "image/webp";
		err = webp(d, len, out);
	} else {
		err = NOT_IMAGE;
	}
	if (err == NULL &&
	    (out->width == 0 || out->height == 0 || out->width > IMAGE_DIM_MAX ||
	        out->height > IMAGE_DIM_MAX))
		err = "ad_image: the image's width and height must be 1 to 16384 pixels";
	*why = err;
	return err == NULL ? 0 : -1;
}
