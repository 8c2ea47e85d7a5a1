/*
 * h_admin_auth.c -- /admin/api/login, logout, me and users: sessions for operators, and
 * accounts created by admins. Failed logins are counted per login and per address; past a
 * limit, logins are refused with 429 for a while, whether the password is right or not.
 */
#include <stdio.h>
#include <string.h>

#include "api/auth.h"
#include "api/handlers.h"
#include "store/audit.h"

/* A working day; after it the moderator logs in again. */
#define SESSION_TTL_S (8 * 3600)
/* Failed logins are remembered this long for the throttle... */
#define LOGIN_WINDOW_S (15 * 60)
/* ...and past this many for one login, or this many from one address, logins wait. */
#define LOGIN_FAILURES_PER_LOGIN 5
#define LOGIN_FAILURES_PER_ADDRESS 30
/* Logins longer than this are not ours: 400 rather than a lookup. */
#define LOGIN_INPUT_MAX 256
#define BAD_CREDENTIALS "wrong login or password"

static void
set_cookie(struct req *r, const char *token, int max_age)
{
	char cookie[SESSION_TOKEN_LEN + 128];

	snprintf(cookie, sizeof(cookie),
	    "%s=%s; Max-Age=%d; Path=/admin; HttpOnly; SameSite=Strict", AUTH_COOKIE, token,
	    max_age);
	resp_header(r, "Set-Cookie", cookie);
}

static void
answer_account(struct req *r, int status, const struct account *a)
{
	struct json_object *o = json_object_new_object();

	if (o == NULL || !jv_add_str(o, "login", a->login, strlen(a->login)) ||
	    !jv_add_str(o, "role", role_names[a->role], strlen(role_names[a->role]))) {
		json_object_put(o);
		o = NULL;
	}
	resp_json(r, status, o);
}

/* Whether this login or address failed too often lately; answers 429 (or 500) when so. */
static bool
throttled(struct req *r, const char *login)
{
	long long by_login, by_address;
	char retry[16];

	if (login_failures_count(
	        r->store, login, r->remote_addr, LOGIN_WINDOW_S, &by_login, &by_address) != 0) {
		resp_internal(r);
		return true;
	}
	if (by_login < LOGIN_FAILURES_PER_LOGIN && by_address < LOGIN_FAILURES_PER_ADDRESS)
		return false;
	snprintf(retry, sizeof(retry), "%d", LOGIN_WINDOW_S);
	resp_header(r, "Retry-After", retry);
	resp_error(r, 429, "too many failed logins; try again later");
	return true;
}

void
h_admin_login(struct req *r)
{
	struct json_object *body;
	const char *login_in, *pw;
	size_t login_len, pw_len;
	char hash[PASSWORD_HASH_MAX], token[SESSION_TOKEN_LEN + 1];
	struct account a;
	char *login;
	bool ok = false;
	int found;
	struct jv v;

	if ((body = req_json_body(r)) == NULL)
		return;
	jv_init(&v);
	if (!jv_is_object(&v, body, "body") ||
	    jv_str(&v, body, "login", JV_REQUIRED, LOGIN_INPUT_MAX, &login_in, &login_len) < 0 ||
	    jv_str(&v, body, "password", JV_REQUIRED, PASSWORD_MAX, &pw, &pw_len) < 0) {
		resp_error(r, 400, "%s", v.detail);
		return;
	}
	if ((login = arena_strndup(r->arena, login_in, login_len)) == NULL) {
		resp_internal(r);
		return;
	}
	if (throttled(r, login))
		return;
	found = account_login_valid(login, login_len) ? accounts_get(r->store, login, &a, hash) : 0;
	if (found < 0) {
		resp_internal(r);
		return;
	}
	if (found == 1)
		ok = password_verify(hash, pw, pw_len);
	else
		password_waste(pw, pw_len);
	if (!ok) {
		if (login_failures_note(r->store, login, r->remote_addr) != 0) {
			resp_internal(r);
			return;
		}
		resp_error(r, 401, BAD_CREDENTIALS);
		return;
	}
	if (login_failures_clear(r->store, login) != 0 ||
	    sessions_create(r->store, a.login, SESSION_TTL_S, token) != 0 ||
	    audit_append(r->store, a.login, "login", NULL, r->remote_addr) != 0) {
		resp_internal(r);
		return;
	}
	set_cookie(r, token, SESSION_TTL_S);
	answer_account(r, 200, &a);
}

void
h_admin_logout(struct req *r)
{
	struct account who;
	const char *token;

	if (!auth_require(r, ROLE_MODERATOR, &who))
		return;
	token = auth_token(r);
	if (token == NULL || sessions_revoke(r->store, token) != 0 ||
	    audit_append(r->store, who.login, "logout", NULL, NULL) != 0) {
		resp_internal(r);
		return;
	}
	set_cookie(r, "", 0);
	resp_no_content(r);
}

void
h_admin_me(struct req *r)
{
	struct account who;

	if (auth_require(r, ROLE_MODERATOR, &who))
		answer_account(r, 200, &who);
}

void
h_admin_users_create(struct req *r)
{
	struct json_object *body;
	const char *login, *pw;
	size_t login_len, pw_len;
	char hash[PASSWORD_HASH_MAX];
	struct account who, a;
	int role;
	struct jv v;

	if (!auth_require(r, ROLE_ADMIN, &who) || (body = req_json_body(r)) == NULL)
		return;
	jv_init(&v);
	if (!jv_is_object(&v, body, "body") ||
	    jv_str(&v, body, "login", JV_REQUIRED, ACCOUNT_LOGIN_MAX, &login, &login_len) < 0 ||
	    jv_str(&v, body, "password", JV_REQUIRED, PASSWORD_MAX, &pw, &pw_len) < 0 ||
	    jv_enum(&v, body, "role", JV_REQUIRED, role_names, ROLE_COUNT, &role) < 0) {
		resp_error(r, 400, "%s", v.detail);
		return;
	}
	if (!account_login_valid(login, login_len)) {
		resp_error(r, 400, "login: use 1 to %d letters, digits, '.', '_' or '-'",
		    ACCOUNT_LOGIN_MAX);
		return;
	}
	if (pw_len < PASSWORD_MIN) {
		resp_error(r, 400, "password: must be at least %d bytes long", PASSWORD_MIN);
		return;
	}
	memcpy(a.login, login, login_len);
	a.login[login_len] = '\0';
	a.role = (enum role)role;
	if (password_hash(pw, pw_len, hash) != 0) {
		resp_internal(r);
		return;
	}
	switch (accounts_create(r->store, &a, hash, who.login)) {
	case 1:
		answer_account(r, 201, &a);
		break;
	case 0:
		resp_error(r, 409, "login %s is taken", a.login);
		break;
	default:
		resp_internal(r);
	}
}
