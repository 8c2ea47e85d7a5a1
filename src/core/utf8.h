/* utf8.h -- decoding UTF-8 one code point at a time, strictly (RFC 3629). */
#ifndef BB_UTF8_H
#define BB_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Replaces what cannot be decoded. */
#define UTF8_INVALID 0xFFFD

/*
 * Decodes the code point at s[*i] (i < n) and moves *i past it; an invalid or truncated
 * sequence yields UTF8_INVALID and moves past one byte.
 */
uint32_t utf8_next(const char *s, size_t n, size_t *i);
/* Whether s[0..n) is well-formed UTF-8 (no overlong forms, surrogates or values > U+10FFFF). */
bool utf8_valid(const char *s, size_t n);
/* Appends the encoding of cp to out (room for 4 bytes); the number of bytes written. */
size_t utf8_put(uint32_t cp, char *out);

#endif
