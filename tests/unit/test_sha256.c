/* test_sha256.c -- unit tests for SHA-256 (core/sha256): FIPS 180-4 vectors, chunked input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/compat.h"
#include "core/sha256.h"

struct vector {
	const char *in;
	const char *hex;
};

static const struct vector vectors[] = {
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	/* 55, 56 and 64 bytes: the padding fits, spills into a second block, or fills one */
	{ "0123456789012345678901234567890123456789012345678901234",
	    "f34d5a0f80c0cbf84c8c0b90218c22637abd199965249da736a20143c8c9c9d9" },
	{ "01234567890123456789012345678901234567890123456789012345",
	    "83aa034bda83e458a0dc9cbce0d4e354716aa0ff770ed37ac0ed2b292052e4af" },
	{ "0123456789012345678901234567890123456789012345678901234567890123",
	    "9674d9e078535b7cec43284387a6ee39956188e735a85452b0050b55341cda56" },
};

static void
test_vectors(void **state)
{
	char hex[SHA256_HEX_LEN + 1];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(vectors); i++) {
		sha256_hex(vectors[i].in, strlen(vectors[i].in), hex);
		assert_string_equal(hex, vectors[i].hex);
	}
}

static void
test_million_a(void **state)
{
	char *a = malloc(1000000), hex[SHA256_HEX_LEN + 1];

	(void)state;
	assert_non_null(a);
	memset(a, 'a', 1000000);
	sha256_hex(a, 1000000, hex);
	assert_string_equal(
	    hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);
}

/* Any split of the input into two updates gives the one-shot digest, at every length. */
static void
test_chunked_matches_one_shot(void **state)
{
	unsigned char data[200], one[SHA256_LEN], two[SHA256_LEN];
	size_t len, cut, i;

	(void)state;
	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 31 + 7);
	for (len = 0; len <= sizeof(data); len++) {
		struct sha256 s;

		sha256_init(&s);
		sha256_update(&s, data, len);
		sha256_final(&s, one);
		for (cut = 0; cut <= len; cut++) {
			sha256_init(&s);
			sha256_update(&s, data, cut);
			sha256_update(&s, data + cut, len - cut);
			sha256_final(&s, two);
			assert_memory_equal(one, two, SHA256_LEN);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_million_a),
		cmocka_unit_test(test_chunked_matches_one_shot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
