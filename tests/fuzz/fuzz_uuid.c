/*
 * fuzz_uuid.c -- libFuzzer target for uuid_parse, the check of every id in a path, a query or
 * a body. Each input is compared with a plain restatement of the rule: exactly 36 bytes, dashes
 * at 8, 13, 18 and 23, hex digits elsewhere; the output is the input in lower case.
 */
#include <ctype.h>

#include "core/uuid.h"
#include "fuzz.h"

static bool
expect_uuid(const uint8_t *data, size_t size)
{
	size_t i;

	if (size != UUID_STR_LEN)
		return false;
	for (i = 0; i < size; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? data[i] != '-' : !isxdigit(data[i]))
			return false;
	}
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct uuid_str u;
	bool ok;
	size_t i;

	memset(&u, 'x', sizeof(u));
	ok = uuid_parse((const char *)data, size, &u);
	check(ok == expect_uuid(data, size));
	if (!ok)
		return 0;
	check(u.s[UUID_STR_LEN] == '\0');
	for (i = 0; i < UUID_STR_LEN; i++)
		check(u.s[i] == tolower(data[i]));
	return 0;
}
