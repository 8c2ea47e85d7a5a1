/* model.c -- validation and JSON output of clients, advertisers and ML scores. */
#include "model.h"

const char *const gender_names[] = { "MALE", "FEMALE", "ALL" };

int
client_parse(struct jv *v, struct json_object *obj, struct client *out)
{
	int64_t age;
	int gender;

	if (!jv_is_object(v, obj, v->prefix[0] ? v->prefix : "body"))
		return -1;
	if (jv_uuid(v, obj, "client_id", JV_REQUIRED, &out->id) < 0 ||
	    jv_str(v, obj, "login", JV_REQUIRED, MODEL_NAME_MAX, &out->login, &out->login_len) <
	        0 ||
	    jv_int(v, obj, "age", JV_REQUIRED, MODEL_AGE_MIN, MODEL_AGE_MAX, &age) < 0 ||
	    jv_str(v, obj, "location", JV_REQUIRED, MODEL_NAME_MAX, &out->location,
	        &out->location_len) < 0 ||
	    jv_enum(v, obj, "gender", JV_REQUIRED, gender_names, 2, &gender) < 0)
		return -1;
	out->age = (int)age;
	out->gender = (enum gender)gender;
	return 0;
}

int
advertiser_parse(struct jv *v, struct json_object *obj, struct advertiser *out)
{
	if (!jv_is_object(v, obj, v->prefix[0] ? v->prefix : "body"))
		return -1;
	if (jv_uuid(v, obj, "advertiser_id", JV_REQUIRED, &out->id) < 0 ||
	    jv_str(v, obj, "name", JV_REQUIRED, MODEL_NAME_MAX, &out->name, &out->name_len) < 0)
		return -1;
	return 0;
}

int
ml_score_parse(struct jv *v, struct json_object *obj, struct ml_score *out)
{
	if (!jv_is_object(v, obj, "body"))
		return -1;
	if (jv_uuid(v, obj, "client_id", JV_REQUIRED, &out->client_id) < 0 ||
	    jv_uuid(v, obj, "advertiser_id", JV_REQUIRED, &out->advertiser_id) < 0 ||
	    jv_int(v, obj, "score", JV_REQUIRED, 0, INT64_MAX, &out->score) < 0)
		return -1;
	return 0;
}

/* Adds key: value to obj, taking ownership of value; false (and value freed) on failure. */
static bool
put(struct json_object *obj, const char *key, struct json_object *value)
{
	if (value == NULL)
		return false;
	if (json_object_object_add(obj, key, value) != 0) {
		json_object_put(value);
		return false;
	}
	return true;
}

static struct json_object *
str_len(const char *s, size_t n)
{
	return json_object_new_string_len(s, (int)n);
}

struct json_object *
client_to_json(const struct client *c)
{
	struct json_object *o = json_object_new_object();

	if (o == NULL)
		return NULL;
	if (!put(o, "client_id", json_object_new_string(c->id.s)) ||
	    !put(o, "login", str_len(c->login, c->login_len)) ||
	    !put(o, "age", json_object_new_int(c->age)) ||
	    !put(o, "location", str_len(c->location, c->location_len)) ||
	    !put(o, "gender", json_object_new_string(gender_names[c->gender]))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

struct json_object *
advertiser_to_json(const struct advertiser *a)
{
	struct json_object *o = json_object_new_object();

	if (o == NULL)
		return NULL;
	if (!put(o, "advertiser_id", json_object_new_string(a->id.s)) ||
	    !put(o, "name", str_len(a->name, a->name_len))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

struct json_object *
ml_score_to_json(const struct ml_score *s)
{
	struct json_object *o = json_object_new_object();

	if (o == NULL)
		return NULL;
	if (!put(o, "client_id", json_object_new_string(s->client_id.s)) ||
	    !put(o, "advertiser_id", json_object_new_string(s->advertiser_id.s)) ||
	    !put(o, "score", json_object_new_int64(s->score))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}
