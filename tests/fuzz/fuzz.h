/*
 * fuzz.h -- what every libFuzzer target under tests/fuzz shares: the entry point's prototype,
 * an invariant check that traps (libFuzzer then keeps the input as a crash), and the input as
 * a NUL-terminated copy for the APIs that take C strings.
 */
#ifndef BB_FUZZ_H
#define BB_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void
check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

/* A malloc'd copy of data with a NUL after it, or NULL when out of memory. */
static inline char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s != NULL) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

#endif
