/*
 * accounts.h -- operator accounts, their server-side sessions and the failed-login record
 * behind the login throttle (API.md section 11). Returns are 0 or -1 unless said otherwise.
 */
#ifndef BB_ACCOUNTS_H
#define BB_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/compat.h"
#include "store/password.h"
#include "store/store.h"

/* Logins are short names of [A-Za-z0-9._-] (the table's CHECK says the same). */
#define ACCOUNT_LOGIN_MAX 64
/* A session token: 32 random bytes, as 64 hex digits. */
#define SESSION_TOKEN_BYTES 32
#define SESSION_TOKEN_LEN (2 * SESSION_TOKEN_BYTES)

enum role {
	ROLE_MODERATOR,
	ROLE_ADMIN,
};
#define ROLE_COUNT 2

extern const char *const role_names[]; /* "moderator", "admin" */

struct account {
	char login[ACCOUNT_LOGIN_MAX + 1];
	enum role role;
};

/* Whether s[0..len) is a valid login. */
bool account_login_valid(const char *s, size_t len);
/* The role named s, or -1. */
int account_role_parse(const char *s, size_t len);

/* Creates an account, audited as done by actor. 1 created, 0 the login exists, -1 error. */
int accounts_create(
    struct store *s, const struct account *a, const char *password_hash, const char *actor) WUR;
/* The account and its hash. 1 found, 0 no such login, -1 error. */
int accounts_get(
    struct store *s, const char *login, struct account *out, char hash[PASSWORD_HASH_MAX]) WUR;

/* A new random session token for login, valid ttl_s seconds; token gets 64 hex digits. */
int sessions_create(
    struct store *s, const char *login, int ttl_s, char token[SESSION_TOKEN_LEN + 1]) WUR;
/* The account of a live (unexpired, unrevoked) session. 1 found, 0 none, -1 error. */
int sessions_lookup(struct store *s, const char *token, struct account *out) WUR;
/* Revokes the session (a no-op when it is not live). */
int sessions_revoke(struct store *s, const char *token) WUR;

/* Failed logins in the last window_s seconds for login and from address. */
int login_failures_count(struct store *s, const char *login, const char *address, int window_s,
    long long *by_login, long long *by_address) WUR;
int login_failures_note(struct store *s, const char *login, const char *address) WUR;
/* After a successful login: that login's failures are forgotten. */
int login_failures_clear(struct store *s, const char *login) WUR;

#endif
