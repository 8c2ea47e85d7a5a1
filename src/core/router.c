/* router.c -- matching requests against the route table. */
#include <stdbool.h>
#include <string.h>

#include "router.h"

/* Matches path against pattern; returns the number of captures or -1 when it does not match. */
static int
match(const char *pattern, const char *path, size_t path_len, struct route_params *params)
{
	const char *pp = pattern, *p = path, *end = path + path_len;
	int captures = 0;

	params->n = 0;
	while (*pp != '\0') {
		const char *seg, *pseg_end;
		size_t seg_len, pseg_len;

		if (*pp != '/' || p >= end || *p != '/')
			return -1;
		pp++;
		p++;
		pseg_end = strchr(pp, '/');
		if (pseg_end == NULL)
			pseg_end = pp + strlen(pp);
		pseg_len = (size_t)(pseg_end - pp);
		seg = p;
		while (p < end && *p != '/')
			p++;
		seg_len = (size_t)(p - seg);
		if (pseg_len >= 2 && pp[0] == '{' && pp[pseg_len - 1] == '}') {
			if (seg_len == 0 || params->n == ROUTE_MAX_PARAMS)
				return -1;
			params->p[params->n].name = pp + 1;
			params->p[params->n].name_len = pseg_len - 2;
			params->p[params->n].val = seg;
			params->p[params->n].len = seg_len;
			params->n++;
			captures++;
		} else if (pseg_len != seg_len || memcmp(pp, seg, seg_len) != 0) {
			return -1;
		}
		pp = pseg_end;
	}
	return p == end ? captures : -1;
}

/* Adds method to the comma-separated list unless it is there already. */
static void
allow_add(char *allow, size_t allow_len, const char *method)
{
	size_t used = strlen(allow), mlen = strlen(method);
	const char *p;

	for (p = strstr(allow, method); p != NULL; p = strstr(p + 1, method))
		if ((p == allow || p[-1] == ' ') && (p[mlen] == ',' || p[mlen] == '\0'))
			return;

	if (used + mlen + 3 > allow_len)
		return;
	if (used > 0) {
		memcpy(allow + used, ", ", 2);
		used += 2;
	}
	memcpy(allow + used, method, mlen + 1);
}

enum route_match
router_find(const struct route *routes, size_t nroutes, const char *method, const char *path,
    size_t path_len, const struct route **found, struct route_params *params, char *allow,
    size_t allow_len)
{
	struct route_params tmp;
	bool path_known = false;
	int best = -1;
	size_t i;

	if (allow_len > 0)
		allow[0] = '\0';
	for (i = 0; i < nroutes; i++) {
		int c = match(routes[i].pattern, path, path_len, &tmp);

		if (c < 0)
			continue;
		path_known = true;
		if (strcmp(routes[i].method, method) != 0) {
			allow_add(allow, allow_len, routes[i].method);
			continue;
		}
		/* The most specific pattern wins: fewest captures. */
		if (best < 0 || c < best) {
			best = c;
			*found = &routes[i];
			*params = tmp;
		}
	}
	if (best >= 0)
		return ROUTE_OK;
	return path_known ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}

const char *
route_param(const struct route_params *params, const char *name, size_t *len)
{
	size_t i, nlen = strlen(name);

	for (i = 0; i < params->n; i++) {
		if (params->p[i].name_len == nlen && memcmp(params->p[i].name, name, nlen) == 0) {
			*len = params->p[i].len;
			return params->p[i].val;
		}
	}
	*len = 0;
	return NULL;
}
