/*
 * fuzz_query.c -- libFuzzer target for query_get, the parser of every query string.
 *
 * Input: a parameter name, a newline, then the query string (a name-less input looks the
 * usual names up). Each answer is compared with a plain restatement of the rule: the first
 * "&"-separated pair whose key is the name, its value percent-decoded with "+" as a space;
 * a bad escape or a decoded NUL is QUERY_BAD.
 */
#include "core/arena.h"
#include "core/query.h"
#include "fuzz.h"

static int
hex(char c)
{
	static const char digits[] = "0123456789abcdef";
	const char *p;

	if (c == '\0')
		return -1;
	p = strchr(digits, c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
	return p == NULL ? -1 : (int)(p - digits);
}

/* The expected answer for name in qs; on QUERY_FOUND the decoded value is in out/outlen. */
static enum query_result
expect(const char *qs, const char *name, char *out, size_t *outlen)
{
	size_t nlen = strlen(name);
	const char *pair = qs;

	for (;;) {
		size_t plen = strcspn(pair, "&"), klen = strcspn(pair, "=&"), i, o = 0;

		if (*pair == '\0')
			return QUERY_ABSENT;
		if (klen == nlen && strncmp(pair, name, nlen) == 0) {
			for (i = klen < plen ? klen + 1 : plen; i < plen; i++) {
				int hi, lo;

				if (pair[i] != '%') {
					out[o++] = pair[i] == '+' ? ' ' : pair[i];
					continue;
				}
				if (i + 2 >= plen)
					return QUERY_BAD;
				hi = hex(pair[i + 1]);
				lo = hex(pair[i + 2]);
				if (hi < 0 || lo < 0 || hi * 16 + lo == 0)
					return QUERY_BAD;
				out[o++] = (char)(hi * 16 + lo);
				i += 2;
			}
			*outlen = o;
			return QUERY_FOUND;
		}
		pair += plen;
		if (*pair == '&')
			pair++;
	}
}

static void
one(const char *qs, const char *name, size_t qslen)
{
	enum query_result r, want;
	struct arena a;
	char *val = NULL, *ref;
	size_t len = 0, reflen = 0;

	ref = malloc(qslen + 1);
	if (ref == NULL)
		return;
	arena_init(&a);
	r = query_get(qs, name, &a, &val, &len);
	want = expect(qs, name, ref, &reflen);
	check(r == want);
	if (r == QUERY_FOUND) {
		check(val != NULL && val[len] == '\0' && strlen(val) == len);
		check(len == reflen && memcmp(val, ref, len) == 0);
	}
	arena_free(&a);
	free(ref);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "client_id", "size", "page", "a", "x y", "" };
	char *text, *nl, *qs;
	size_t i;

	text = fuzz_cstr(data, size);
	if (text == NULL)
		return 0;
	nl = strchr(text, '\n');
	if (nl != NULL) {
		*nl = '\0';
		qs = nl + 1;
		one(qs, text, strlen(qs));
	} else {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			one(text, names[i], strlen(text));
	}
	free(text);
	return 0;
}
