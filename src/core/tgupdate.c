/* tgupdate.c -- the Bot API's envelopes, updates, commands and button data (see tgupdate.h). */
#include <ctype.h>
#include <string.h>

#include "core/jv.h"
#include "core/tgupdate.h"

/* Copies a string field of obj into dst (cap bytes with the NUL), cut; false when absent. */
static bool
copy_str(struct json_object *obj, const char *key, char *dst, size_t cap)
{
	struct json_object *v;
	size_t len;

	if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_string))
		return false;
	len = (size_t)json_object_get_string_len(v);
	if (len > cap - 1)
		len = cap - 1;
	memcpy(dst, json_object_get_string(v), len);
	dst[len] = '\0';
	return strlen(dst) == len; /* a NUL inside is not text of ours */
}

static bool
get_int(struct json_object *obj, const char *key, int64_t *out)
{
	struct json_object *v;

	if (obj == NULL || !json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_int))
		return false;
	*out = json_object_get_int64(v);
	return true;
}

static struct json_object *
get_obj(struct json_object *obj, const char *key)
{
	struct json_object *v;

	if (obj == NULL || !json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_object))
		return NULL;
	return v;
}

int
tg_envelope_parse(const char *s, size_t n, struct tg_envelope *env, struct json_object **result)
{
	struct json_object *root, *ok, *res;
	char err[JV_DETAIL_MAX];
	int64_t i;

	env->ok = false;
	env->error_code = 0;
	env->retry_after_s = -1;
	env->description[0] = '\0';
	if (result != NULL)
		*result = NULL;
	root = jv_parse(s, n, err, sizeof(err));
	if (root == NULL || !json_object_is_type(root, json_type_object) ||
	    !json_object_object_get_ex(root, "ok", &ok) ||
	    !json_object_is_type(ok, json_type_boolean)) {
		json_object_put(root);
		return -1;
	}
	env->ok = json_object_get_boolean(ok);
	if (get_int(root, "error_code", &i) && i >= 0 && i < 1000)
		env->error_code = (long)i;
	if (get_int(get_obj(root, "parameters"), "retry_after", &i) && i >= 0 && i <= 86400)
		env->retry_after_s = (long)i;
	(void)copy_str(root, "description", env->description, sizeof(env->description));
	if (env->ok && result != NULL && json_object_object_get_ex(root, "result", &res))
		*result = json_object_get(res);
	json_object_put(root);
	return 0;
}

static void
read_one(struct json_object *u, struct tg_update *out)
{
	struct json_object *m, *cb, *chat;

	out->kind = TG_OTHER;
	out->chat_id = 0;
	out->message_id = 0;
	out->text[0] = out->data[0] = out->callback_id[0] = '\0';
	if ((m = get_obj(u, "message")) != NULL) {
		if ((chat = get_obj(m, "chat")) != NULL && get_int(chat, "id", &out->chat_id) &&
		    copy_str(m, "text", out->text, sizeof(out->text)))
			out->kind = TG_MESSAGE;
	} else if ((cb = get_obj(u, "callback_query")) != NULL) {
		m = get_obj(cb, "message");
		chat = get_obj(m, "chat");
		if (copy_str(cb, "id", out->callback_id, sizeof(out->callback_id)) &&
		    get_int(chat, "id", &out->chat_id) &&
		    get_int(m, "message_id", &out->message_id))
			out->kind = TG_CALLBACK;
		if (out->kind == TG_CALLBACK && !copy_str(cb, "data", out->data, sizeof(out->data)))
			out->data[0] = '\0';
	}
}

int
tg_updates_read(struct json_object *result, struct tg_update *out, size_t max, size_t *count)
{
	size_t i, n;

	*count = 0;
	if (result == NULL || !json_object_is_type(result, json_type_array))
		return -1;
	n = json_object_array_length(result);
	if (n > max)
		n = max;
	for (i = 0; i < n; i++) {
		struct json_object *u = json_object_array_get_idx(result, i);

		if (!json_object_is_type(u, json_type_object) ||
		    !get_int(u, "update_id", &out[i].update_id) || out[i].update_id < 0)
			return -1;
		read_one(u, &out[i]);
	}
	*count = n;
	return 0;
}

bool
tg_command(const char *text, char *cmd, size_t cmdmax, const char **arg)
{
	size_t i = 0;
	const char *p = text;

	if (*p != '/')
		return false;
	p++;
	while ((isalnum((unsigned char)*p) || *p == '_') && i + 1 < cmdmax)
		cmd[i++] = (char)tolower((unsigned char)*p++);
	cmd[i] = '\0';
	if (i == 0)
		return false;
	if (*p == '@') /* "/start@billboard_bot": the bot's own name */
		while (*p != '\0' && *p != ' ' && *p != '\n' && *p != '\t')
			p++;
	if (*p != '\0' && *p != ' ' && *p != '\n' && *p != '\t')
		return false; /* "/starts" is not "/start" */
	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	*arg = p;
	return true;
}

int64_t
tg_number(const char *s)
{
	int64_t n = 0;
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i >= 9 || s[i] < '0' || s[i] > '9')
			return -1;
		n = n * 10 + (s[i] - '0');
	}
	return i > 0 && n >= 1 ? n : -1;
}

enum tg_button
tg_button_parse(const char *data, int64_t *page, struct uuid_str *campaign)
{
	if (data[0] == 'p' && data[1] == ':' && (*page = tg_number(data + 2)) >= 1)
		return TG_BUTTON_PAGE;
	if (data[0] == 'c' && data[1] == ':' && uuid_parse(data + 2, strlen(data + 2), campaign))
		return TG_BUTTON_CAMPAIGN;
	return TG_BUTTON_NONE;
}
