/* jv.c -- typed getters for fields of parsed JSON bodies. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

/*
 * A strict RFC 8259 syntax check run before json-c, which accepts single quotes and raw
 * control characters in strings even in its strict mode. True when the whole text is one
 * valid JSON value; otherwise *end is where it went wrong.
 */
struct scan {
	const char *s;
	size_t n, i;
	size_t values, max_values; /* values seen, and how many are allowed */
};

static void
skip_ws(struct scan *sc)
{
	while (sc->i < sc->n && strchr(" \t\r\n", sc->s[sc->i]) != NULL && sc->s[sc->i] != '\0')
		sc->i++;
}

static bool
scan_lit(struct scan *sc, const char *lit)
{
	size_t len = strlen(lit);

	if (sc->n - sc->i < len || memcmp(sc->s + sc->i, lit, len) != 0)
		return false;
	sc->i += len;
	return true;
}

static bool
scan_digits(struct scan *sc)
{
	size_t start = sc->i;

	while (sc->i < sc->n && sc->s[sc->i] >= '0' && sc->s[sc->i] <= '9')
		sc->i++;
	return sc->i > start;
}

static bool
scan_number(struct scan *sc)
{
	if (sc->i < sc->n && sc->s[sc->i] == '-')
		sc->i++;
	if (sc->i < sc->n && sc->s[sc->i] == '0')
		sc->i++;
	else if (!scan_digits(sc))
		return false;
	if (sc->i < sc->n && sc->s[sc->i] == '.') {
		sc->i++;
		if (!scan_digits(sc))
			return false;
	}
	if (sc->i < sc->n && (sc->s[sc->i] == 'e' || sc->s[sc->i] == 'E')) {
		sc->i++;
		if (sc->i < sc->n && (sc->s[sc->i] == '+' || sc->s[sc->i] == '-'))
			sc->i++;
		if (!scan_digits(sc))
			return false;
	}
	return true;
}

static bool
scan_string(struct scan *sc)
{
	if (sc->i >= sc->n || sc->s[sc->i] != '"')
		return false;
	for (sc->i++; sc->i < sc->n; sc->i++) {
		unsigned char c = (unsigned char)sc->s[sc->i];

		if (c == '"') {
			sc->i++;
			return true;
		}
		if (c < 0x20)
			return false;
		if (c == '\\') {
			int k;

			if (++sc->i >= sc->n)
				return false;
			c = (unsigned char)sc->s[sc->i];
			if (c == 'u') {
				for (k = 0; k < 4; k++)
					if (++sc->i >= sc->n ||
					    !isxdigit((unsigned char)sc->s[sc->i]))
						return false;
			} else if (strchr("\"\\/bfnrt", c) == NULL || c == '\0') {
				return false;
			}
		}
	}
	return false;
}

static bool
scan_value(struct scan *sc, int depth)
{
	char c;

	skip_ws(sc);
	if (sc->i >= sc->n || ++sc->values > sc->max_values)
		return false;
	c = sc->s[sc->i];
	if (c == '{' || c == '[') {
		char close = c == '{' ? '}' : ']';

		if (depth >= JV_MAX_DEPTH)
			return false;
		sc->i++;
		skip_ws(sc);
		if (sc->i < sc->n && sc->s[sc->i] == close) {
			sc->i++;
			return true;
		}
		for (;;) {
			if (c == '{') {
				skip_ws(sc);
				if (!scan_string(sc))
					return false;
				skip_ws(sc);
				if (sc->i >= sc->n || sc->s[sc->i] != ':')
					return false;
				sc->i++;
			}
			if (!scan_value(sc, depth + 1))
				return false;
			skip_ws(sc);
			if (sc->i < sc->n && sc->s[sc->i] == ',') {
				sc->i++;
				continue;
			}
			if (sc->i < sc->n && sc->s[sc->i] == close) {
				sc->i++;
				return true;
			}
			return false;
		}
	}
	if (c == '"')
		return scan_string(sc);
	if (c == 't')
		return scan_lit(sc, "true");
	if (c == 'f')
		return scan_lit(sc, "false");
	if (c == 'n')
		return scan_lit(sc, "null");
	return scan_number(sc);
}

/* Describes why a strict check stopped at sc->i, for a 400 detail. */
static void
scan_error(const struct scan *sc, char *err, size_t errlen)
{
	if (sc->values > sc->max_values)
		snprintf(err, errlen, "body: more than %zu JSON values", sc->max_values);
	else if (sc->n == 0)
		snprintf(err, errlen, "malformed JSON: the body is empty");
	else
		snprintf(err, errlen, "malformed JSON at offset %zu", sc->i);
}

static bool
strict_check(const char *s, size_t n, size_t max_values, char *err, size_t errlen)
{
	struct scan sc = { s, n, 0, 0, max_values };
	bool ok = scan_value(&sc, 0);

	if (ok)
		skip_ws(&sc);
	if (ok && sc.i == n)
		return true;
	scan_error(&sc, err, errlen);
	return false;
}

int
jv_items_open(struct jv_items *it, const char *s, size_t n, char *err, size_t errlen)
{
	struct scan sc = { s, n, 0, 0, SIZE_MAX };

	it->s = s;
	it->n = n;
	it->count = 0;
	if (!strict_check(s, n, SIZE_MAX, err, errlen))
		return -1;
	skip_ws(&sc);
	if (s[sc.i] != '[')
		return 1;
	sc.i++;
	it->start = sc.i;
	/* The text is valid: count the elements by skipping over each one. */
	for (;;) {
		skip_ws(&sc);
		if (s[sc.i] == ']')
			break;
		(void)scan_value(&sc, 1);
		it->count++;
		skip_ws(&sc);
		if (s[sc.i] == ',')
			sc.i++;
	}
	it->i = it->start;
	return 0;
}

bool
jv_items_next(struct jv_items *it, const char **s, size_t *n)
{
	struct scan sc = { it->s, it->n, it->i, 0, SIZE_MAX };
	size_t start;

	skip_ws(&sc);
	if (sc.i >= sc.n || sc.s[sc.i] == ']')
		return false;
	start = sc.i;
	(void)scan_value(&sc, 1);
	*s = it->s + start;
	*n = sc.i - start;
	skip_ws(&sc);
	if (sc.i < sc.n && sc.s[sc.i] == ',')
		sc.i++;
	it->i = sc.i;
	return true;
}

bool
jv_is_null_text(const char *s, size_t n)
{
	return n == 4 && memcmp(s, "null", 4) == 0;
}

struct json_object *
jv_parse(const char *s, size_t n, char *err, size_t errlen)
{
	struct json_tokener *tok;
	struct json_object *obj;
	enum json_tokener_error e;

	if (!strict_check(s, n, JV_MAX_VALUES, err, errlen))
		return NULL;
	/* json-c counts the outermost container as one level more than the check above. */
	tok = json_tokener_new_ex(JV_MAX_DEPTH + 1);
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
	if (e == json_tokener_continue) {
		obj = json_tokener_parse_ex(tok, "", 1); /* end of input ends a bare number */
		e = json_tokener_get_error(tok);
	}
	/* strict_check saw exactly one value, so only json-c's own limits can fail here. */
	if (e != json_tokener_success) {
		snprintf(err, errlen, "malformed JSON: %s", json_tokener_error_desc(e));
		json_object_put(obj);
		obj = NULL;
	} else if (obj == NULL) {
		snprintf(err, errlen, "body: must be a JSON object or array, not null");
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
		/* json-c saturates what int64 cannot hold: the extremes are taken as overflow. */
		if (i == INT64_MIN ||
		    (i == INT64_MAX && json_object_get_uint64(val) > (uint64_t)INT64_MAX))
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

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
static bool
utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t len, k;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (n - i < len)
			return false;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
			return false;
		i += len;
	}
	return true;
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
	if (!utf8_valid((const unsigned char *)p, n))
		return jv_fail(v, key, "must be valid UTF-8 text");
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

bool
jv_add(struct json_object *obj, const char *key, struct json_object *value)
{
	if (value == NULL)
		return false;
	if (json_object_object_add(obj, key, value) != 0) {
		json_object_put(value);
		return false;
	}
	return true;
}

bool
jv_add_str(struct json_object *obj, const char *key, const char *s, size_t n)
{
	if (s == NULL)
		return json_object_object_add(obj, key, NULL) == 0; /* NULL is JSON null */
	return jv_add(obj, key, json_object_new_string_len(s, (int)n));
}

bool
jv_add_int(struct json_object *obj, const char *key, int64_t i)
{
	return jv_add(obj, key, json_object_new_int64(i));
}

bool
jv_add_opt_int(struct json_object *obj, const char *key, int64_t i)
{
	if (i < 0)
		return json_object_object_add(obj, key, NULL) == 0;
	return jv_add_int(obj, key, i);
}

bool
jv_add_decimal(struct json_object *obj, const char *key, const char *text)
{
	/* The text is what gets serialised; the double only serves readers of the object. */
	return jv_add(obj, key, json_object_new_double_s(strtod(text, NULL), text));
}

bool
jv_add_money(struct json_object *obj, const char *key, int64_t micros)
{
	char text[MONEY_STR_MAX];

	money_format(micros, text);
	/* The text is what gets serialised; the double only serves readers of the object. */
	return jv_add(obj, key, json_object_new_double_s((double)micros / MONEY_SCALE, text));
}
