/* query.h -- reading parameters from a URL query string. */
#ifndef BB_QUERY_H
#define BB_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "compat.h"

enum query_result {
	QUERY_ABSENT,
	QUERY_FOUND,
	QUERY_BAD, /* malformed percent-encoding or a NUL byte */
	QUERY_NOMEM,
};

/*
 * Finds the first parameter called name in qs (without the '?') and percent-decodes its value
 * ('+' is a space) into a NUL-terminated copy in the arena.
 */
enum query_result query_get(
    const char *qs, const char *name, struct arena *a, char **val, size_t *len) WUR;

#endif
