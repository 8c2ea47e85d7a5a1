/*
 * fuzz_money.c -- libFuzzer target for money_parse, the parser of every price in a body (the
 * text of a JSON number), and for money_format and money_decimal, which write amounts back.
 *
 * Invariants: an accepted amount is within range and agrees with strtod to half a micro (plus
 * the double's own error); money_format writes text that parses back to the same micros; a
 * refused amount is refused for a reason strtod agrees with; trailing fractional zeros and an
 * "e0" exponent change nothing; money_decimal keeps the value and drops only zeros.
 */
#include <math.h>

#include "core/money.h"
#include "fuzz.h"

/* Decimal places a double of this size cannot hold, in micros, plus the half-micro rounding. */
static double
tolerance(int64_t micros)
{
	return 0.5 + 1e-9 + 1e-12 * (double)micros;
}

static void
check_parse(const char *s, size_t n)
{
	enum money_parse_result r;
	int64_t micros = -1;
	double d;

	r = money_parse(s, n, &micros);
	if (r == MONEY_SYNTAX)
		return;
	d = strtod(s, NULL);
	switch (r) {
	case MONEY_OK: {
		char text[MONEY_STR_MAX];
		int64_t again = -1;

		check(micros >= 0 && micros <= MONEY_MAX_MICROS);
		check(fabs(d * 1e6 - (double)micros) <= tolerance(micros));
		money_format(micros, text);
		check(money_parse(text, strlen(text), &again) == MONEY_OK && again == micros);
		break;
	}
	case MONEY_NEGATIVE:
		check(d <= 0 && s[0] == '-'); /* strtod may underflow to -0 */
		break;
	case MONEY_RANGE:
		check(d >= 1e12 * (1 - 1e-12));
		break;
	case MONEY_SYNTAX:
		break;
	}
}

/* A number s with suffix appended parses exactly as s does (same result, same micros). */
static void
check_same(const char *s, size_t n, const char *suffix)
{
	size_t slen = strlen(suffix);
	enum money_parse_result r;
	int64_t a = -1, b = -1;
	char *t;

	r = money_parse(s, n, &a);
	if (r == MONEY_SYNTAX)
		return;
	t = malloc(n + slen + 1);
	if (t == NULL)
		return;
	memcpy(t, s, n);
	memcpy(t + n, suffix, slen + 1);
	check(money_parse(t, n + slen, &b) == r);
	check(a == b);
	free(t);
}

static void
check_decimal(const char *s, size_t n)
{
	char out[64];
	size_t olen;

	if (!money_decimal(s, out, sizeof(out)))
		return;
	olen = strlen(out);
	check(olen >= 1 && olen <= n);
	check(out[0] != '.' && out[olen - 1] != '.');
	check(strchr(out, '.') == NULL || out[olen - 1] != '0');
	check(olen == 1 || out[0] != '0' || out[1] == '.');
	check(strtod(s, NULL) == strtod(out, NULL));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	/* money_parse takes a length; the checks around it need a C string without NUL. */
	if (memchr(data, '\0', size) != NULL)
		return 0;
	s = fuzz_cstr(data, size);
	if (s == NULL)
		return 0;
	check_parse(s, size);
	if (strpbrk(s, "eE") == NULL) {
		check_same(s, size, strchr(s, '.') != NULL ? "000" : "e0");
		check_same(s, size, strchr(s, '.') != NULL ? "0e0" : "e-0");
	}
	check_decimal(s, size);
	free(s);
	return 0;
}
