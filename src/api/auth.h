/*
 * auth.h -- who is calling an admin endpoint: the session cookie, its account and role.
 * Every /admin/api/ handler except login starts with auth_require.
 */
#ifndef BB_AUTH_H
#define BB_AUTH_H

#include "api/req.h"
#include "store/accounts.h"

#define AUTH_COOKIE "bb_session"

/*
 * The caller's account when its session is live and its role is at least min; otherwise
 * false after answering 401 (no or dead session) or 403 (role too low), or 500.
 */
bool auth_require(struct req *r, enum role min, struct account *who) WUR;
/* The session token of the request's cookie, NUL-terminated in the arena, or NULL. */
const char *auth_token(struct req *r);

#endif
