/* jv.c -- typed getters for fields of parsed JSON bodies. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jv.h"
#include "money.h"

void
jv_init(struct jv *v)
{
	v->prefix[0] = '\0';
	v->detail[0] = '\0';
	v->failed = false;
}

void
jv_set_index(struct jv *v, size_t index)
{
	snprintf(v->prefix, sizeof(v->prefix), "[%zu].", index);
}

int
jv_fail(struct jv *v, const char *field, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (v->failed)
		return -1;
	v->failed = true;
	n = snprintf(v->detail, sizeof(v->detail), "%s%s: ", v->prefix, field);
	if (n < 0 || (size_t)n >= sizeof(v->detail))
		return -1;
	va_start(ap, fmt);
	vsnprintf(v->detail + n, sizeof(v->detail) - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

struct json_object *
jv_parse(const char *s, size_t n, char *err, size_t errlen)
{
	struct json_tokener *tok;
	struct json_object *obj;
	enum json_tokener_error e;
	size_t end;

	tok = json_tokener_new_ex(JV_MAX_DEPTH);
	if (tok == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	if (n > INT32_MAX) {
		snprintf(err, errlen, "body too large");
		json_tokener_free(tok);
		return NULL;
	}
	obj = json_tokener_parse_ex(tok, s, (int)n);
	e = json_tokener_get_error(tok);
	if (e == json_tokener_continue)
		obj = json_tokener_parse_ex(tok, "", 1); /* end of input ends a bare number */
	e = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	if (obj != NULL && e == json_tokener_success) {
		/* Only whitespace may follow the value. */
		for (; end < n; end++)
			if (!strchr(" \t\r\n", s[end]))
				break;
		if (end < n) {
			snprintf(err, errlen, "malformed JSON: unexpected data at offset %zu", end);
			json_object_put(obj);
			obj = NULL;
		}
	} else {
		if (n == 0)
			snprintf(err, errlen, "malformed JSON: the body is empty");
		else
			snprintf(err, errlen, "malformed JSON at offset %zu: %s", end,
			    json_tokener_error_desc(e));
		json_object_put(obj);
		obj = NULL;
	}
	json_tokener_free(tok);
	return obj;
}

bool
jv_is_object(struct jv *v, const struct json_object *obj, const char *what)
{
	if (json_object_get_type(obj) == json_type_object)
		return true;
	jv_fail(v, what, "must be a JSON object");
	return false;
}

static const char *
type_name(const struct json_object *val)
{
	switch (json_object_get_type(val)) {
	case json_type_null:
		return "null";
	case json_type_boolean:
		return "a boolean";
	case json_type_double:
		return "a fractional number";
	case json_type_int:
		return "an integer";
	case json_type_object:
		return "an object";
	case json_type_array:
		return "an array";
	case json_type_string:
		return "a string";
	}
	return "of an unknown type";
}

/*
 * Looks key up in obj. Returns 1 with *val set when present and not a permitted null, 0 when
 * absence is allowed, -1 when a required field is missing or null.
 */
static int
lookup(struct jv *v, struct json_object *obj, const char *key, unsigned flags, const char *expected,
    struct json_object **val)
{
	if (!json_object_object_get_ex(obj, key, val)) {
		if (flags & JV_REQUIRED)
			return jv_fail(v, key, "is required");
		return 0;
	}
	if (json_object_get_type(*val) == json_type_null) {
		if (flags & JV_NULLABLE)
			return 0;
		return jv_fail(v, key, "must be %s, not null", expected);
	}
	return 1;
}

int
jv_value_int(struct jv *v, struct json_object *val, const char *field, int64_t min, int64_t max,
    int64_t *out)
{
	int64_t i;

	switch (json_object_get_type(val)) {
	case json_type_int:
		i = json_object_get_int64(val);
		if (i == INT64_MAX && json_object_get_uint64(val) > (uint64_t)INT64_MAX)
			goto range;
		break;
	case json_type_double: {
		double d = json_object_get_double(val);

		/* An integral float such as 25.0 is accepted as the integer it spells. */
		if (!isfinite(d) || d != floor(d))
			return jv_fail(v, field, "must be an integer, not %s", type_name(val));
		if (d < -9.2e18 || d > 9.2e18)
			goto range;
		i = (int64_t)d;
		break;
	}
	default:
		return jv_fail(v, field, "must be an integer, not %s", type_name(val));
	}
	if (i < min || i > max)
		goto range;
	*out = i;
	return 1;
range:
	if (max == INT64_MAX)
		return jv_fail(v, field, "must be an integer >= %lld", (long long)min);
	return jv_fail(
	    v, field, "must be an integer between %lld and %lld", (long long)min, (long long)max);
}

int
jv_int(struct jv *v, struct json_object *obj, const char *key, unsigned flags, int64_t min,
    int64_t max, int64_t *out)
{
	struct json_object *val;
	int r = lookup(v, obj, key, flags, "an integer", &val);

	if (r <= 0)
		return r;
	return jv_value_int(v, val, key, min, max, out);
}

int
jv_money(struct jv *v, struct json_object *obj, const char *key, unsigned flags, int64_t *micros)
{
	struct json_object *val;
	const char *text;
	int r = lookup(v, obj, key, flags, "a number", &val);

	if (r <= 0)
		return r;
	if (json_object_get_type(val) != json_type_int &&
	    json_object_get_type(val) != json_type_double)
		return jv_fail(v, key, "must be a number, not %s", type_name(val));
	/* The tokener keeps a number's original text, so no binary rounding happens here. */
	text = json_object_get_string(val);
	switch (money_parse(text, strlen(text), micros)) {
	case MONEY_OK:
		return 1;
	case MONEY_NEGATIVE:
		return jv_fail(v, key, "must be >= 0");
	case MONEY_RANGE:
		return jv_fail(v, key, "must be at most %lld", MONEY_MAX_MICROS / MONEY_SCALE);
	case MONEY_SYNTAX:
		break;
	}
	return jv_fail(v, key, "must be a finite number");
}

int
jv_str(struct jv *v, struct json_object *obj, const char *key, unsigned flags, size_t maxlen,
    const char **s, size_t *len)
{
	struct json_object *val;
	int r = lookup(v, obj, key, flags, "a string", &val);
	size_t n;
	const char *p;

	if (r <= 0)
		return r;
	if (json_object_get_type(val) != json_type_string)
		return jv_fail(v, key, "must be a string, not %s", type_name(val));
	p = json_object_get_string(val);
	n = (size_t)json_object_get_string_len(val);
	if (n == 0)
		return jv_fail(v, key, "must not be empty");
	if (n > maxlen)
		return jv_fail(v, key, "must be at most %zu bytes long", maxlen);
	if (memchr(p, '\0', n) != NULL)
		return jv_fail(v, key, "must not contain NUL characters");
	*s = p;
	*len = n;
	return 1;
}

int
jv_uuid(
    struct jv *v, struct json_object *obj, const char *key, unsigned flags, struct uuid_str *out)
{
	struct json_object *val;
	int r = lookup(v, obj, key, flags, "a UUID string", &val);

	if (r <= 0)
		return r;
	if (json_object_get_type(val) != json_type_string)
		return jv_fail(v, key, "must be a UUID string, not %s", type_name(val));
	if (!uuid_parse(json_object_get_string(val), (size_t)json_object_get_string_len(val), out))
		return jv_fail(v, key, "must be a UUID in 8-4-4-4-12 hex form");
	return 1;
}

int
jv_enum(struct jv *v, struct json_object *obj, const char *key, unsigned flags,
    const char *const *names, size_t n, int *out)
{
	struct json_object *val;
	const char *s;
	size_t i, len;
	char allowed[128];
	int r = lookup(v, obj, key, flags, "a string", &val);

	if (r <= 0)
		return r;
	if (json_object_get_type(val) != json_type_string)
		return jv_fail(v, key, "must be a string, not %s", type_name(val));
	s = json_object_get_string(val);
	len = (size_t)json_object_get_string_len(val);
	for (i = 0; i < n; i++) {
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0) {
			*out = (int)i;
			return 1;
		}
	}
	allowed[0] = '\0';
	for (i = 0; i < n; i++) {
		size_t used = strlen(allowed);

		snprintf(allowed + used, sizeof(allowed) - used, "%s%s", i ? ", " : "", names[i]);
	}
	return jv_fail(v, key, "must be one of %s", allowed);
}
