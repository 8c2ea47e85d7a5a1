/*
 * model.h -- the entities of the API as validated C values, their JSON schemas, and their
 * JSON output. Strings point into the parsed request or into a result; they are not owned.
 */
#ifndef BB_MODEL_H
#define BB_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "compat.h"
#include "jv.h"
#include "uuid.h"

/* Long enough for any login, name or place; a longer value is a client bug, answered 400. */
#define MODEL_NAME_MAX 1000
/*
 * The latest day the platform's clock may reach: 270 years of simulated days. Each daily
 * statistics answer has a row per day up to the current one, so this bounds their size.
 */
#define MODEL_CLOCK_DAY_MAX 100000
/* The API's ages. */
#define MODEL_AGE_MIN 0
#define MODEL_AGE_MAX 100

enum gender {
	GENDER_MALE,
	GENDER_FEMALE,
	GENDER_ALL, /* targeting only */
};

extern const char *const gender_names[]; /* "MALE", "FEMALE", "ALL" */

struct client {
	struct uuid_str id;
	const char *login;
	size_t login_len;
	int age;
	const char *location;
	size_t location_len;
	enum gender gender;
};

struct advertiser {
	struct uuid_str id;
	const char *name;
	size_t name_len;
};

struct ml_score {
	struct uuid_str client_id;
	struct uuid_str advertiser_id;
	int64_t score;
};

/* Each parser validates one JSON object; -1 with the reason in v when it is wrong. */
int client_parse(struct jv *v, struct json_object *obj, struct client *out) WUR;
int advertiser_parse(struct jv *v, struct json_object *obj, struct advertiser *out) WUR;
int ml_score_parse(struct jv *v, struct json_object *obj, struct ml_score *out) WUR;

/* JSON output; NULL when out of memory. */
struct json_object *client_to_json(const struct client *c) WUR;
struct json_object *advertiser_to_json(const struct advertiser *a) WUR;
struct json_object *ml_score_to_json(const struct ml_score *s) WUR;

#endif
