/* model.c -- validation and JSON output of clients, advertisers and ML scores. */
#include "model.h"

const char *const gender_names[] = { "MALE", "FEMALE", "ALL" };

int
client_parse(struct jv *v, struct json_object *obj, struct client *out)
{
	int64_t age;
	int gender;

	if (!jv_is_object(v, obj, v->prefix[0] ? "item" : "body"))
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
	if (!jv_is_object(v, obj, v->prefix[0] ? "item" : "body"))
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

struct json_object *
client_to_json(const struct client *c)
{
	struct json_object *o = json_object_new_object();

	if (o == NULL)
		return NULL;
	if (!jv_add_str(o, "client_id", c->id.s, UUID_STR_LEN) ||
	    !jv_add_str(o, "login", c->login, c->login_len) || !jv_add_int(o, "age", c->age) ||
	    !jv_add_str(o, "location", c->location, c->location_len) ||
	    !jv_add(o, "gender", json_object_new_string(gender_names[c->gender]))) {
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
	if (!jv_add_str(o, "advertiser_id", a->id.s, UUID_STR_LEN) ||
	    !jv_add_str(o, "name", a->name, a->name_len)) {
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
	if (!jv_add_str(o, "client_id", s->client_id.s, UUID_STR_LEN) ||
	    !jv_add_str(o, "advertiser_id", s->advertiser_id.s, UUID_STR_LEN) ||
	    !jv_add_int(o, "score", s->score)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}
