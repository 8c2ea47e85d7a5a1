/* money.c -- exact money amounts. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "money.h"

/*
 * Exponents are clamped here: far beyond any digit count a body can hold (24 MiB), so a
 * clamped exponent still puts every digit on the right side of the range.
 */
#define EXP_CLAMP 1000000000000L

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

enum money_parse_result
money_parse(const char *s, size_t n, int64_t *micros)
{
	size_t i = 0, int_start, int_end, frac_start = 0, frac_end = 0, k;
	size_t first_sig, ndigits = 0;
	long exp = 0, shift, intdigits;
	bool neg = false, exp_neg = false;
	int64_t result = 0;
	int round_digit = 0;

	if (i < n && s[i] == '-') {
		neg = true;
		i++;
	}
	int_start = i;
	while (i < n && is_digit(s[i]))
		i++;
	int_end = i;
	if (int_end == int_start)
		return MONEY_SYNTAX;
	if (i < n && s[i] == '.') {
		frac_start = ++i;
		while (i < n && is_digit(s[i]))
			i++;
		frac_end = i;
		if (frac_end == frac_start)
			return MONEY_SYNTAX;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			exp_neg = s[i++] == '-';
		if (i == n || !is_digit(s[i]))
			return MONEY_SYNTAX;
		for (; i < n && is_digit(s[i]); i++)
			if (exp < EXP_CLAMP)
				exp = exp * 10 + (s[i] - '0');
		if (exp_neg)
			exp = -exp;
	}
	if (i != n)
		return MONEY_SYNTAX;

		/* The digits as one sequence: integer part then fraction, leading zeros skipped. */
#define DIGIT_AT(j)                                                                                \
	((j) < int_end - int_start ? s[int_start + (j)]                                            \
	                           : s[frac_start + (j) - (int_end - int_start)])
	ndigits = (int_end - int_start) + (frac_end - frac_start);
	for (first_sig = 0; first_sig < ndigits && DIGIT_AT(first_sig) == '0'; first_sig++)
		;
	if (first_sig == ndigits) {
		*micros = 0;
		return MONEY_OK;
	}
	if (neg)
		return MONEY_NEGATIVE;

	/* value = digits[first_sig..] x 10^shift micros */
	shift = exp - (long)(frac_end - frac_start) + 6;
	intdigits = (long)(ndigits - first_sig) + shift;
	if (intdigits > 19)
		return MONEY_RANGE;
	for (k = 0; (long)k < intdigits; k++) {
		size_t j = first_sig + k;
		int d = j < ndigits ? DIGIT_AT(j) - '0' : 0;

		if (result > (MONEY_MAX_MICROS - d) / 10)
			return MONEY_RANGE;
		result = result * 10 + d;
	}
	if (intdigits >= 0 && first_sig + (size_t)intdigits < ndigits)
		round_digit = DIGIT_AT(first_sig + (size_t)intdigits) - '0';
#undef DIGIT_AT
	if (round_digit >= 5)
		result++;
	if (result > MONEY_MAX_MICROS)
		return MONEY_RANGE;
	*micros = result;
	return MONEY_OK;
}

void
money_format(int64_t micros, char out[MONEY_STR_MAX])
{
	const char *sign = micros < 0 ? "-" : "";
	uint64_t v = micros < 0 ? (uint64_t)0 - (uint64_t)micros : (uint64_t)micros;
	uint64_t whole = v / MONEY_SCALE, frac = v % MONEY_SCALE;
	int n, digits = 6;

	if (frac == 0) {
		snprintf(out, MONEY_STR_MAX, "%s%llu", sign, (unsigned long long)whole);
		return;
	}
	while (frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	n = snprintf(out, MONEY_STR_MAX, "%s%llu.%0*llu", sign, (unsigned long long)whole, digits,
	    (unsigned long long)frac);
	(void)n;
}

bool
money_decimal(const char *in, char *out, size_t outlen)
{
	const char *p = in, *dot, *end;
	size_t n;

	while (*p == '0' && p[1] >= '0' && p[1] <= '9')
		p++; /* leading zeros, keeping the one before the point */
	for (end = p; *end >= '0' && *end <= '9'; end++)
		;
	if (end == p)
		return false;
	dot = end;
	if (*end == '.') {
		for (end++; *end >= '0' && *end <= '9'; end++)
			;
		if (end == dot + 1)
			return false;
	}
	if (*end != '\0')
		return false;
	if (*dot == '.') {
		while (end[-1] == '0')
			end--;
		if (end[-1] == '.')
			end--;
	}
	n = (size_t)(end - p);
	if (n + 1 > outlen)
		return false;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}
