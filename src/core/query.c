/* query.c -- reading parameters from a URL query string. */
#include <string.h>

#include "query.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes n bytes of s into out (room for n + 1); false on a bad escape or a NUL byte. */
static bool
decode(const char *s, size_t n, char *out, size_t *outlen)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			int hi, lo;

			if (i + 2 >= n)
				return false;
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return false;
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (c == '\0')
			return false;
		out[o++] = c;
	}
	out[o] = '\0';
	*outlen = o;
	return true;
}

enum query_result
query_get(const char *qs, const char *name, struct arena *a, char **val, size_t *len)
{
	size_t nlen = strlen(name);
	const char *p = qs;

	if (qs == NULL)
		return QUERY_ABSENT;
	while (*p != '\0') {
		const char *amp = strchr(p, '&');
		const char *end = amp ? amp : p + strlen(p);
		const char *eq = memchr(p, '=', (size_t)(end - p));
		const char *key_end = eq ? eq : end;

		if ((size_t)(key_end - p) == nlen && memcmp(p, name, nlen) == 0) {
			const char *v = eq ? eq + 1 : end;
			size_t vlen = (size_t)(end - v);

			*val = arena_alloc(a, vlen + 1);
			if (*val == NULL)
				return QUERY_NOMEM;
			if (!decode(v, vlen, *val, len))
				return QUERY_BAD;
			return QUERY_FOUND;
		}
		p = amp ? amp + 1 : end;
	}
	return QUERY_ABSENT;
}
