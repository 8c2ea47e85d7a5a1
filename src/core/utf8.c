/* utf8.c -- a strict UTF-8 decoder and encoder. */
#include "core/utf8.h"

uint32_t
utf8_next(const char *s, size_t n, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	size_t left = n - *i, len, k;
	uint32_t cp, min;

	if (p[0] < 0x80) {
		*i += 1;
		return p[0];
	}
	if ((p[0] & 0xE0) == 0xC0) {
		len = 2, cp = p[0] & 0x1F, min = 0x80;
	} else if ((p[0] & 0xF0) == 0xE0) {
		len = 3, cp = p[0] & 0x0F, min = 0x800;
	} else if ((p[0] & 0xF8) == 0xF0) {
		len = 4, cp = p[0] & 0x07, min = 0x10000;
	} else {
		*i += 1;
		return UTF8_INVALID;
	}
	if (left < len) {
		*i += 1;
		return UTF8_INVALID;
	}
	for (k = 1; k < len; k++) {
		if ((p[k] & 0xC0) != 0x80) {
			*i += 1;
			return UTF8_INVALID;
		}
		cp = (cp << 6) | (p[k] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
		*i += 1;
		return UTF8_INVALID;
	}
	*i += len;
	return cp;
}

bool
utf8_valid(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t at = i;

		if (utf8_next(s, n, &i) == UTF8_INVALID &&
		    !(i - at == 3 && (unsigned char)s[at] == 0xEF))
			return false;
	}
	return true;
}

size_t
utf8_put(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}
