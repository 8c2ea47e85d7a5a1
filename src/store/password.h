/*
 * password.h -- salted slow password hashes (argon2id); the only user of libargon2.
 * Passwords are bytes; nothing here keeps them.
 */
#ifndef BB_PASSWORD_H
#define BB_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/compat.h"

/* Longer passwords are refused: the cost of hashing stays bounded. */
#define PASSWORD_MAX 1024
/* Shorter ones are too easy to guess. */
#define PASSWORD_MIN 8
/* Room for an encoded argon2id hash ($argon2id$v=19$m=...,t=...,p=...$salt$hash). */
#define PASSWORD_HASH_MAX 128

/* Hashes pw with a fresh random salt into out (NUL-terminated). 0 or -1. */
int password_hash(const char *pw, size_t len, char out[PASSWORD_HASH_MAX]) WUR;
/* Whether pw matches the encoded hash; a malformed hash never matches. */
bool password_verify(const char *encoded, const char *pw, size_t len) WUR;
/*
 * Spends the time of one verification and matches nothing: a login that does not exist
 * costs as much as a wrong password, so timing does not tell which logins exist.
 */
void password_waste(const char *pw, size_t len);

#endif
