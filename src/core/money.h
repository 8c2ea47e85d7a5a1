/* money.h -- exact money amounts as integer millionths ("micros"), parsed from decimal text. */
#ifndef BB_MONEY_H
#define BB_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compat.h"

/* Six decimals are what the API emits; amounts are kept exactly at that precision. */
#define MONEY_SCALE 1000000LL
/* A trillion per price keeps every sum of a campaign's events far from int64 overflow. */
#define MONEY_MAX_MICROS (1000000000000LL * MONEY_SCALE)
/* Enough for "-1000000000000.000000" and the NUL. */
#define MONEY_STR_MAX 32

enum money_parse_result {
	MONEY_OK = 0,
	MONEY_SYNTAX, /* not a JSON number */
	MONEY_NEGATIVE, /* below zero */
	MONEY_RANGE, /* above MONEY_MAX_MICROS */
};

/*
 * Parses a JSON number's text (e.g. "0.1", "12", "1.5e2") into micros, rounding half up past
 * the sixth decimal.
 */
enum money_parse_result money_parse(const char *s, size_t n, int64_t *micros) WUR;
/*
 * Copies a non-negative decimal as PostgreSQL prints numeric ("12.500000") to out in the
 * API's form ("12.5"): no trailing fractional zeros, no needless leading zeros. Any size is
 * kept exactly. False when in is not such a decimal or out is too small.
 */
bool money_decimal(const char *in, char *out, size_t outlen) WUR;
/* Writes micros as a plain decimal with at most six decimals and no trailing zeros. */
void money_format(int64_t micros, char out[MONEY_STR_MAX]);

#endif
