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

static void
allow_add(char *allow, size_t allow_len, const char *method)
{
	size_t used = strlen(allow), mlen = strlen(method);

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
	const char *best_pattern = NULL;
	int best = -1;
	size_t i;

	if (allow_len > 0)
		allow[0] = '\0';
	/* First pass: the most specific pattern that matches the path. */
	for (i = 0; i < nroutes; i++) {
		int c = match(routes[i].pattern, path, path_len, &tmp);

		if (c >= 0 && (best < 0 || c < best)) {
			best = c;
			best_pattern = routes[i].pattern;
		}
	}
	if (best_pattern == NULL)
		return ROUTE_NO_PATH;
	/* Second pass: the method among the routes of that pattern. */
	for (i = 0; i < nroutes; i++) {
		if (strcmp(routes[i].pattern, best_pattern) != 0)
			continue;
		if (strcmp(routes[i].method, method) == 0) {
			if (match(routes[i].pattern, path, path_len, params) < 0)
				return ROUTE_NO_PATH;
			*found = &routes[i];
			return ROUTE_OK;
		}
		allow_add(allow, allow_len, routes[i].method);
	}
	return ROUTE_NO_METHOD;
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
