/* cookie.c -- one cookie out of a Cookie header. */
#include <string.h>

#include "core/cookie.h"

bool
cookie_get(const char *header, const char *name, const char **val, size_t *len)
{
	size_t nlen = strlen(name);
	const char *p = header;

	while (*p != '\0') {
		const char *end;

		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		end = strchr(p, ';');
		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) > nlen && memcmp(p, name, nlen) == 0 && p[nlen] == '=') {
			*val = p + nlen + 1;
			*len = (size_t)(end - *val);
			while (*len > 0 && ((*val)[*len - 1] == ' ' || (*val)[*len - 1] == '\t'))
				(*len)--;
			return true;
		}
		p = end;
	}
	return false;
}
