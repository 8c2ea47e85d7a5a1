/*
 * jv.h -- typed, bounds-checked getters for fields of parsed JSON bodies.
 *
 * Every getter returns 1 when it stored a value, 0 when the field is absent (or null and
 * JV_NULLABLE) and that is allowed, and -1 when the field is wrong; the first failure is kept
 * in the jv as a client-facing sentence naming the field.
 */
#ifndef BB_JV_H
#define BB_JV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "compat.h"
#include "uuid.h"

/* Nesting deeper than this is not a request body of ours. */
#define JV_MAX_DEPTH 32
#define JV_DETAIL_MAX 256
/*
 * Values (of any kind) in one parsed text: json-c spends up to ~1 KiB on each, and no body of
 * ours that is parsed whole needs more than a few dozen (bulk bodies go item by item).
 */
#define JV_MAX_VALUES 10000

enum jv_flags {
	JV_OPTIONAL = 0,
	JV_REQUIRED = 1 << 0,
	JV_NULLABLE = 1 << 1, /* an explicit null counts as absent */
};

struct jv {
	char prefix[24]; /* put before field names, e.g. "[3]." inside a bulk */
	char detail[JV_DETAIL_MAX];
	bool failed;
};

void jv_init(struct jv *v);
/* Sets the field-name prefix, e.g. for item i of a bulk body: "[i].". */
void jv_set_index(struct jv *v, size_t index);
/* Records a failure about `field` unless one is already recorded. Always returns -1. */
int jv_fail(struct jv *v, const char *field, const char *fmt, ...) PRINTF_LIKE(3, 4);

/*
 * Parses a complete JSON text (s[n] need not be NUL). Returns a new reference, or NULL with
 * a description of the syntax error in err.
 */
struct json_object *jv_parse(const char *s, size_t n, char *err, size_t errlen) WUR;

/*
 * The elements of a JSON array body, handed out one at a time as text, so that a large bulk
 * body is never parsed into one tree.
 */
struct jv_items {
	const char *s;
	size_t n, start, i;
	size_t count; /* the number of elements, counted by jv_items_open */
};

/*
 * Checks the whole text strictly (any number of values) and counts the elements of the array
 * it holds. 0 when it is an array; 1 when it is valid JSON but not an array; -1 with the
 * syntax error in err.
 */
int jv_items_open(struct jv_items *it, const char *s, size_t n, char *err, size_t errlen) WUR;
/* The next element's text (to give to jv_parse); false after the last one. */
bool jv_items_next(struct jv_items *it, const char **s, size_t *n) WUR;
/* True when an element's text is the literal null (which jv_parse refuses as a body). */
bool jv_is_null_text(const char *s, size_t n);

/* Checks that obj is a JSON object; `what` names it in the error. */
bool jv_is_object(struct jv *v, const struct json_object *obj, const char *what) WUR;

int jv_int(struct jv *v, struct json_object *obj, const char *key, unsigned flags, int64_t min,
    int64_t max, int64_t *out) WUR;
/* Money: a JSON number >= 0, kept exactly as micros (see money.h). */
int jv_money(
    struct jv *v, struct json_object *obj, const char *key, unsigned flags, int64_t *micros) WUR;
/* A string of 1..maxlen bytes without NUL characters; *s points into obj. */
int jv_str(struct jv *v, struct json_object *obj, const char *key, unsigned flags, size_t maxlen,
    const char **s, size_t *len) WUR;
int jv_uuid(struct jv *v, struct json_object *obj, const char *key, unsigned flags,
    struct uuid_str *out) WUR;
/* One of names[0..n-1] exactly (case-sensitive); *out is its index. */
int jv_enum(struct jv *v, struct json_object *obj, const char *key, unsigned flags,
    const char *const *names, size_t n, int *out) WUR;

/* Adds key: value to obj, taking value over; false (value released) when out of memory. */
bool jv_add(struct json_object *obj, const char *key, struct json_object *value) WUR;
/* Adds a string of n bytes, or null when s is NULL. */
bool jv_add_str(struct json_object *obj, const char *key, const char *s, size_t n) WUR;
bool jv_add_int(struct json_object *obj, const char *key, int64_t i) WUR;
/* Adds an integer, or null when i < 0. */
bool jv_add_opt_int(struct json_object *obj, const char *key, int64_t i) WUR;
/* Adds a number printed exactly as the decimal text given (see money_decimal). */
bool jv_add_decimal(struct json_object *obj, const char *key, const char *text) WUR;
/* Adds a number printed exactly from micros (at most six decimals). */
bool jv_add_money(struct json_object *obj, const char *key, int64_t micros) WUR;

/* Checks one JSON value (not a field) as an integer; used for scalar bodies and tests. */
int jv_value_int(struct jv *v, struct json_object *val, const char *field, int64_t min, int64_t max,
    int64_t *out) WUR;

#endif
