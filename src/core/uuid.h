/* uuid.h -- canonical UUID text: parsing, normalising to lower case, generating v4. */
#ifndef BB_UUID_H
#define BB_UUID_H

#include <stdbool.h>
#include <stddef.h>

#include "compat.h"

#define UUID_STR_LEN 36

/* Text form, lower case, NUL-terminated. */
struct uuid_str {
	char s[UUID_STR_LEN + 1];
};

/* Accepts exactly the 8-4-4-4-12 hex form, any case; writes the lower-case form to out. */
bool uuid_parse(const char *in, size_t len, struct uuid_str *out) WUR;
/* Fills out with a random (version 4) UUID; -1 when the system has no randomness to give. */
int uuid_generate(struct uuid_str *out) WUR;

#endif
