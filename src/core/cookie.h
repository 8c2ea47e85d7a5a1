/* cookie.h -- reading one cookie from a Cookie request header (RFC 6265 section 5.4 syntax). */
#ifndef BB_COOKIE_H
#define BB_COOKIE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Finds the first cookie called name in header ("a=1; b=2"); *val points into header.
 * False when there is none.
 */
bool cookie_get(const char *header, const char *name, const char **val, size_t *len);

#endif
