/* json_helpers.h -- small helpers shared by the unit tests that build or read JSON. */
#ifndef BB_TEST_JSON_HELPERS_H
#define BB_TEST_JSON_HELPERS_H

#include <string.h>

#include <json-c/json.h>

#include "core/jv.h"

/* Parses text that must be valid JSON (the test fails otherwise); the caller releases it. */
static inline struct json_object *
parse_ok(const char *text)
{
	char err[128] = "";
	struct json_object *o = jv_parse(text, strlen(text), err, sizeof(err));

	if (o == NULL)
		fail_msg("jv_parse(%s): %s", text, err);
	return o;
}

/* o as compact JSON text, owned by o. */
static inline const char *
plain(struct json_object *o)
{
	return json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
}

#endif
