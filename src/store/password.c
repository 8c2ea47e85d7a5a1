/* password.c -- argon2id password hashes through libargon2. */
#include <string.h>
#include <sys/random.h>

#include <argon2.h>

#include "core/log.h"
#include "store/password.h"

/*
 * Costs: 19 MiB of memory, 2 passes, one lane -- the smallest setting OWASP recommends for
 * argon2id; a login costs a few tens of milliseconds, and the login throttle bounds how many.
 */
#define HASH_MEMORY_KIB 19456
#define HASH_PASSES 2
#define HASH_LANES 1
#define HASH_SALT_LEN 16
#define HASH_LEN 32

int
password_hash(const char *pw, size_t len, char out[PASSWORD_HASH_MAX])
{
	unsigned char salt[HASH_SALT_LEN];
	int rc;

	if (len > PASSWORD_MAX || getrandom(salt, sizeof(salt), 0) != (ssize_t)sizeof(salt))
		return -1;
	rc = argon2id_hash_encoded(HASH_PASSES, HASH_MEMORY_KIB, HASH_LANES, pw, len, salt,
	    sizeof(salt), HASH_LEN, out, PASSWORD_HASH_MAX);
	if (rc != ARGON2_OK) {
		log_error("password: cannot hash: %s", argon2_error_message(rc));
		return -1;
	}
	return 0;
}

bool
password_verify(const char *encoded, const char *pw, size_t len)
{
	if (len > PASSWORD_MAX || strncmp(encoded, "$argon2id$", 10) != 0)
		return false;
	return argon2id_verify(encoded, pw, len) == ARGON2_OK;
}

void
password_waste(const char *pw, size_t len)
{
	char scratch[PASSWORD_HASH_MAX];

	if (password_hash(pw, len, scratch) != 0)
		log_warn("password: the decoy hash failed");
}
