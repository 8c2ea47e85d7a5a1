/*
 * h_telegram.c -- POST /admin/api/advertisers/{advertiser_id}/telegram-code (API.md section
 * 12): a one-time code an advertiser types into the bot (/start CODE) to link a chat.
 */
#include <string.h>

#include "api/auth.h"
#include "api/handlers.h"
#include "store/telegram.h"

void
h_admin_telegram_code(struct req *r)
{
	char code[TELEGRAM_CODE_LEN + 1], expires_at[TELEGRAM_TIME_MAX];
	struct json_object *doc;
	struct uuid_str id;
	struct account who;

	if (!auth_require(r, ROLE_MODERATOR, &who) || !req_path_uuid(r, "advertiser_id", &id))
		return;
	switch (telegram_code_create(r->store, &id, code, expires_at)) {
	case 1:
		break;
	case 0:
		resp_error(r, 404, "advertiser %s not found", id.s);
		return;
	default:
		resp_internal(r);
		return;
	}
	doc = json_object_new_object();
	if (doc == NULL || !jv_add_str(doc, "code", code, TELEGRAM_CODE_LEN) ||
	    !jv_add_str(doc, "expires_at", expires_at, strlen(expires_at))) {
		json_object_put(doc);
		resp_internal(r);
		return;
	}
	resp_json(r, 201, doc);
}
