/* uuid.c -- canonical UUID text. */
#include <sys/random.h>

#include <stdint.h>

#include "uuid.h"

static bool
is_dash_pos(size_t i)
{
	return i == 8 || i == 13 || i == 18 || i == 23;
}

bool
uuid_parse(const char *in, size_t len, struct uuid_str *out)
{
	size_t i;

	if (in == NULL || len != UUID_STR_LEN)
		return false;
	for (i = 0; i < UUID_STR_LEN; i++) {
		char c = in[i];

		if (is_dash_pos(i)) {
			if (c != '-')
				return false;
		} else if (c >= '0' && c <= '9') {
			/* keep */
		} else if (c >= 'a' && c <= 'f') {
			/* keep */
		} else if (c >= 'A' && c <= 'F') {
			c = (char)(c - 'A' + 'a');
		} else {
			return false;
		}
		out->s[i] = c;
	}
	out->s[UUID_STR_LEN] = '\0';
	return true;
}

int
uuid_generate(struct uuid_str *out)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t b[16];
	size_t i, j = 0;

	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
		return -1;
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	for (i = 0; i < 16; i++) {
		if (is_dash_pos(j))
			out->s[j++] = '-';
		out->s[j++] = hex[b[i] >> 4];
		out->s[j++] = hex[b[i] & 0xf];
	}
	out->s[UUID_STR_LEN] = '\0';
	return 0;
}
