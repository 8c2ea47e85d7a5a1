/* auth.c -- sessions and roles for the admin API. */
#include "api/auth.h"
#include "core/cookie.h"

const char *
auth_token(struct req *r)
{
	const char *val;
	size_t len;

	if (!cookie_get(r->cookie, AUTH_COOKIE, &val, &len) || len != SESSION_TOKEN_LEN)
		return NULL;
	return arena_strndup(r->arena, val, len);
}

bool
auth_require(struct req *r, enum role min, struct account *who)
{
	const char *token = auth_token(r);

	switch (token != NULL ? sessions_lookup(r->store, token, who) : 0) {
	case 1:
		break;
	case 0:
		resp_error(r, 401, "authentication required: log in at POST /admin/api/login");
		return false;
	default:
		resp_internal(r);
		return false;
	}
	if (who->role < min) {
		resp_error(r, 403, "the %s role may not do this; it needs the %s role",
		    role_names[who->role], role_names[min]);
		return false;
	}
	return true;
}
