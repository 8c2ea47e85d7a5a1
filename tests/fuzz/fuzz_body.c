/*
 * fuzz_body.c -- libFuzzer target for request bodies: jv_parse (the strict RFC 8259 check,
 * then json-c) on the raw bytes, the entity parsers on what it returns (the body and each
 * array item, as in a bulk), and the typed getters on every field.
 *
 * Besides the sanitizers, it checks invariants and traps when one breaks: a refused body has a
 * message; an accepted body written out again parses back to the same text; a detail is set
 * exactly when a getter fails; an accepted entity written out by *_to_json parses back to the
 * same values. Build and run: see tests/fuzz/README.md.
 */
#include "core/campaign.h"
#include "core/jv.h"
#include "core/model.h"
#include "core/money.h"
#include "fuzz.h"

/* Bulk bodies can be long; the first items exercise everything the rest would. */
#define FUZZ_MAX_ITEMS 64

/* A jv after a parser or getter returned r: failed, with a detail, exactly when r < 0. */
static void
check_jv(const struct jv *v, int r)
{
	check(memchr(v->detail, '\0', sizeof(v->detail)) != NULL);
	check(v->failed == (r < 0));
	check(!v->failed || v->detail[0] != '\0');
}

static struct json_object *
reparse(struct json_object *o)
{
	const char *text;
	char err[128];
	struct json_object *back;

	check(o != NULL);
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	check(text != NULL);
	back = jv_parse(text, strlen(text), err, sizeof(err));
	check(back != NULL);
	return back;
}

static bool
same_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && memcmp(a, b, alen) == 0;
}

static void
fuzz_client(struct json_object *obj, size_t index, bool indexed)
{
	struct json_object *o, *back;
	struct client a, b;
	struct jv v;
	int r;

	jv_init(&v);
	if (indexed)
		jv_set_index(&v, index);
	r = client_parse(&v, obj, &a);
	check_jv(&v, r);
	if (r < 0)
		return;
	check(a.age >= MODEL_AGE_MIN && a.age <= MODEL_AGE_MAX);
	check(a.gender == GENDER_MALE || a.gender == GENDER_FEMALE);
	check(a.login_len >= 1 && a.login_len <= MODEL_NAME_MAX);
	o = client_to_json(&a);
	back = reparse(o);
	jv_init(&v);
	check(client_parse(&v, back, &b) == 0);
	check(strcmp(a.id.s, b.id.s) == 0 && a.age == b.age && a.gender == b.gender);
	check(same_bytes(a.login, a.login_len, b.login, b.login_len));
	check(same_bytes(a.location, a.location_len, b.location, b.location_len));
	json_object_put(back);
	json_object_put(o);
}

static void
fuzz_advertiser(struct json_object *obj, size_t index, bool indexed)
{
	struct json_object *o, *back;
	struct advertiser a, b;
	struct jv v;
	int r;

	jv_init(&v);
	if (indexed)
		jv_set_index(&v, index);
	r = advertiser_parse(&v, obj, &a);
	check_jv(&v, r);
	if (r < 0)
		return;
	o = advertiser_to_json(&a);
	back = reparse(o);
	jv_init(&v);
	check(advertiser_parse(&v, back, &b) == 0);
	check(strcmp(a.id.s, b.id.s) == 0);
	check(same_bytes(a.name, a.name_len, b.name, b.name_len));
	json_object_put(back);
	json_object_put(o);
}

static void
fuzz_ml_score(struct json_object *obj)
{
	struct json_object *o, *back;
	struct ml_score a, b;
	struct jv v;
	int r;

	jv_init(&v);
	r = ml_score_parse(&v, obj, &a);
	check_jv(&v, r);
	if (r < 0)
		return;
	check(a.score >= 0);
	o = ml_score_to_json(&a);
	back = reparse(o);
	jv_init(&v);
	check(ml_score_parse(&v, back, &b) == 0);
	check(strcmp(a.client_id.s, b.client_id.s) == 0);
	check(strcmp(a.advertiser_id.s, b.advertiser_id.s) == 0);
	check(a.score == b.score);
	json_object_put(back);
	json_object_put(o);
}

static void
fuzz_campaign(struct json_object *obj, bool create)
{
	struct campaign_patch p;
	struct json_object *o;
	struct campaign c;
	struct jv v;
	int r;

	jv_init(&v);
	r = campaign_parse(&v, obj, create, &p);
	check_jv(&v, r);
	if (r < 0)
		return;
	memset(&c, 0, sizeof(c));
	targeting_clear(&c.targeting);
	memcpy(c.id.s, "123e4567-e89b-12d3-a456-426614174000", sizeof(c.id.s));
	memcpy(c.advertiser_id.s, "abcdef01-2345-6789-abcd-ef0123456789", sizeof(c.id.s));
	campaign_apply(&c, &p);
	jv_init(&v);
	(void)campaign_check(&v, &c, true, 5);
	o = campaign_to_json(&c);
	check(o != NULL);
	json_object_put(o);
}

/* Every typed getter on one field: no crash, and the jv protocol holds. */
static void
fuzz_getters(struct json_object *obj, const char *key)
{
	static const char *const names[] = { "MALE", "FEMALE", "ALL" };
	struct uuid_str u;
	const char *s;
	size_t len;
	int64_t i;
	struct jv v;
	int r, e;

	jv_init(&v);
	r = jv_int(&v, obj, key, JV_REQUIRED, 0, 100, &i);
	check_jv(&v, r);
	check(r != 1 || (i >= 0 && i <= 100));
	jv_init(&v);
	r = jv_int(&v, obj, key, JV_NULLABLE, INT64_MIN, INT64_MAX, &i);
	check_jv(&v, r);
	jv_init(&v);
	r = jv_money(&v, obj, key, JV_REQUIRED, &i);
	check_jv(&v, r);
	check(r != 1 || (i >= 0 && i <= MONEY_MAX_MICROS));
	jv_init(&v);
	r = jv_str(&v, obj, key, JV_REQUIRED, 16, &s, &len);
	check_jv(&v, r);
	check(r != 1 || (len >= 1 && len <= 16 && memchr(s, '\0', len) == NULL));
	jv_init(&v);
	r = jv_uuid(&v, obj, key, JV_NULLABLE, &u);
	check_jv(&v, r);
	check(r != 1 || strlen(u.s) == UUID_STR_LEN);
	jv_init(&v);
	r = jv_enum(&v, obj, key, JV_REQUIRED, names, 3, &e);
	check_jv(&v, r);
	check(r != 1 || (e >= 0 && e < 3));
}

static void
fuzz_value(struct json_object *obj, size_t index, bool indexed)
{
	fuzz_client(obj, index, indexed);
	fuzz_advertiser(obj, index, indexed);
	fuzz_ml_score(obj);
	fuzz_campaign(obj, true);
	fuzz_campaign(obj, false);
	if (json_object_get_type(obj) == json_type_object) {
		json_object_object_foreach(obj, key, val)
		{
			(void)val;
			fuzz_getters(obj, key);
		}
	}
}

/* An accepted body, written out by json-c, is accepted again and written out the same. */
static void
check_round_trip(struct json_object *obj)
{
	struct json_object *back;
	const char *text;
	char *copy;

	text = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN);
	check(text != NULL);
	copy = strdup(text);
	if (copy == NULL)
		return;
	back = reparse(obj);
	check(strcmp(copy, json_object_to_json_string_ext(back, JSON_C_TO_STRING_PLAIN)) == 0);
	json_object_put(back);
	free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_object *obj;
	char err[128];

	err[0] = '\0';
	obj = jv_parse((const char *)data, size, err, sizeof(err));
	if (obj == NULL) {
		check(err[0] != '\0');
		return 0;
	}
	check_round_trip(obj);
	fuzz_value(obj, 0, false);
	if (json_object_get_type(obj) == json_type_array) {
		size_t i, n = json_object_array_length(obj);

		for (i = 0; i < n && i < FUZZ_MAX_ITEMS; i++)
			fuzz_value(json_object_array_get_idx(obj, i), i, true);
	}
	json_object_put(obj);
	return 0;
}
