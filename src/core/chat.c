/* chat.c -- the envelope of chat-completions answers (see chat.h), read strictly. */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "core/chat.h"
#include "core/jv.h"

int
chat_content(const char *body, size_t len, struct buf *out, char *err, size_t errlen)
{
	struct json_object *o, *choices, *first, *msg, *content;
	char perr[64];
	int ret = -1;

	o = jv_parse(body ? body : "", len, perr, sizeof(perr));
	if (o == NULL) {
		snprintf(err, errlen, "the answer is not JSON (%s)", perr);
		return -1;
	}
	if (!json_object_object_get_ex(o, "choices", &choices) ||
	    !json_object_is_type(choices, json_type_array) ||
	    json_object_array_length(choices) < 1 ||
	    (first = json_object_array_get_idx(choices, 0)) == NULL ||
	    !json_object_object_get_ex(first, "message", &msg) ||
	    !json_object_object_get_ex(msg, "content", &content) ||
	    !json_object_is_type(content, json_type_string)) {
		snprintf(err, errlen, "the answer is not a chat completion");
		goto done;
	}
	buf_append(
	    out, json_object_get_string(content), (size_t)json_object_get_string_len(content));
	ret = out->failed ? -1 : 0;
	if (ret != 0)
		snprintf(err, errlen, "out of memory");
done:
	json_object_put(o);
	return ret;
}

static bool
field_is(struct json_object *o, const char *key, const char *want)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string) &&
	    strcmp(json_object_get_string(v), want) == 0;
}

bool
chat_quota_exhausted(const char *body, size_t len)
{
	struct json_object *o, *e;
	char perr[64];
	bool ret = false;

	o = jv_parse(body ? body : "", len, perr, sizeof(perr));
	if (o != NULL && json_object_object_get_ex(o, "error", &e) &&
	    json_object_is_type(e, json_type_object))
		ret = field_is(e, "code", "insufficient_quota") ||
		    field_is(e, "type", "insufficient_quota");
	json_object_put(o);
	return ret;
}
