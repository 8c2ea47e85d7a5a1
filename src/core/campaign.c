/* campaign.c -- campaign validation, update rules and JSON output (API.md section 3). */
#include <string.h>

#include "campaign.h"

void
targeting_clear(struct targeting *t)
{
	t->gender = -1;
	t->age_from = -1;
	t->age_to = -1;
	t->location.s = NULL;
	t->location.len = 0;
}

/* absent, null and {} all mean "no targeting"; each key is optional and nullable. */
static int
parse_targeting(struct jv *v, struct json_object *obj, struct targeting *t)
{
	struct json_object *val;
	char saved[sizeof(v->prefix)];
	int64_t age;
	int gender, ret = -1;

	targeting_clear(t);
	if (!json_object_object_get_ex(obj, "targeting", &val) || val == NULL)
		return 0;
	if (json_object_get_type(val) != json_type_object)
		return jv_fail(v, "targeting", "must be an object or null");
	memcpy(saved, v->prefix, sizeof(saved));
	strncat(v->prefix, "targeting.", sizeof(v->prefix) - strlen(v->prefix) - 1);
	switch (jv_enum(v, val, "gender", JV_NULLABLE, gender_names, 3, &gender)) {
	case 1:
		t->gender = gender;
		break;
	case -1:
		goto done;
	}
	switch (jv_int(v, val, "age_from", JV_NULLABLE, MODEL_AGE_MIN, MODEL_AGE_MAX, &age)) {
	case 1:
		t->age_from = (int)age;
		break;
	case -1:
		goto done;
	}
	switch (jv_int(v, val, "age_to", JV_NULLABLE, MODEL_AGE_MIN, MODEL_AGE_MAX, &age)) {
	case 1:
		t->age_to = (int)age;
		break;
	case -1:
		goto done;
	}
	if (jv_str(v, val, "location", JV_NULLABLE, MODEL_NAME_MAX, &t->location.s,
	        &t->location.len) < 0)
		goto done;
	ret = 0;
done:
	memcpy(v->prefix, saved, sizeof(saved));
	return ret;
}

/* Marks bit present when a getter stored a value (r > 0); false when it failed (r < 0). */
static bool
took(int r, unsigned bit, struct campaign_patch *out)
{
	if (r > 0)
		out->present |= bit;
	return r >= 0;
}

int
campaign_parse(struct jv *v, struct json_object *obj, bool create, struct campaign_patch *out)
{
	unsigned flags = create ? JV_REQUIRED : JV_OPTIONAL;
	struct campaign *c = &out->values;

	memset(out, 0, sizeof(*out));
	targeting_clear(&c->targeting);
	if (!jv_is_object(v, obj, "body"))
		return -1;
	/* Fields in the order of the API's schema, so the first error is the first field. */
	if (!took(jv_int(v, obj, "impressions_limit", flags, 0, CAMPAIGN_LIMIT_MAX,
	              &c->impressions_limit),
	        CF_IMPRESSIONS_LIMIT, out) ||
	    !took(jv_int(v, obj, "clicks_limit", flags, 0, CAMPAIGN_LIMIT_MAX, &c->clicks_limit),
	        CF_CLICKS_LIMIT, out) ||
	    !took(jv_money(v, obj, "cost_per_impression", flags, &c->cost_per_impression),
	        CF_COST_PER_IMPRESSION, out) ||
	    !took(jv_money(v, obj, "cost_per_click", flags, &c->cost_per_click), CF_COST_PER_CLICK,
	        out) ||
	    !took(jv_str(v, obj, "ad_title", flags, CAMPAIGN_TEXT_MAX, &c->ad_title.s,
	              &c->ad_title.len),
	        CF_AD_TITLE, out) ||
	    !took(
	        jv_str(v, obj, "ad_text", flags, CAMPAIGN_TEXT_MAX, &c->ad_text.s, &c->ad_text.len),
	        CF_AD_TEXT, out) ||
	    !took(jv_int(v, obj, "start_date", flags, 0, CAMPAIGN_DAY_MAX, &c->start_date),
	        CF_START_DATE, out) ||
	    !took(jv_int(v, obj, "end_date", flags, 0, CAMPAIGN_DAY_MAX, &c->end_date), CF_END_DATE,
	        out))
		return -1;
	if (json_object_object_get_ex(obj, "targeting", NULL)) {
		if (parse_targeting(v, obj, &c->targeting) < 0)
			return -1;
		out->present |= CF_TARGETING;
	}
	return 0;
}

void
campaign_apply(struct campaign *c, const struct campaign_patch *p)
{
	const struct campaign *n = &p->values;

	if (p->present & CF_IMPRESSIONS_LIMIT)
		c->impressions_limit = n->impressions_limit;
	if (p->present & CF_CLICKS_LIMIT)
		c->clicks_limit = n->clicks_limit;
	if (p->present & CF_COST_PER_IMPRESSION)
		c->cost_per_impression = n->cost_per_impression;
	if (p->present & CF_COST_PER_CLICK)
		c->cost_per_click = n->cost_per_click;
	if (p->present & CF_AD_TITLE)
		c->ad_title = n->ad_title;
	if (p->present & CF_AD_TEXT)
		c->ad_text = n->ad_text;
	if (p->present & CF_START_DATE)
		c->start_date = n->start_date;
	if (p->present & CF_END_DATE)
		c->end_date = n->end_date;
	if (p->present & CF_TARGETING)
		c->targeting = n->targeting;
}

enum campaign_verdict
campaign_check_update(
    struct jv *v, const struct campaign *stored, const struct campaign_patch *p, int64_t today)
{
	const struct campaign *n = &p->values;
	const struct {
		const char *key;
		unsigned bit;
		int64_t stored, requested;
	} locked[] = {
		{ "impressions_limit", CF_IMPRESSIONS_LIMIT, stored->impressions_limit,
		    n->impressions_limit },
		{ "clicks_limit", CF_CLICKS_LIMIT, stored->clicks_limit, n->clicks_limit },
		{ "start_date", CF_START_DATE, stored->start_date, n->start_date },
		{ "end_date", CF_END_DATE, stored->end_date, n->end_date },
	};
	size_t i;

	if (stored->start_date > today)
		return CAMPAIGN_VALID;
	for (i = 0; i < NELEM(locked); i++) {
		if ((p->present & locked[i].bit) && locked[i].stored != locked[i].requested) {
			jv_fail(v, locked[i].key,
			    "cannot change once the campaign has started (start_date %lld, current "
			    "day %lld)",
			    (long long)stored->start_date, (long long)today);
			return CAMPAIGN_FORBIDDEN;
		}
	}
	return CAMPAIGN_VALID;
}

enum campaign_verdict
campaign_check(struct jv *v, const struct campaign *c, bool check_start, int64_t today)
{
	const struct targeting *t = &c->targeting;

	if (c->clicks_limit > c->impressions_limit)
		jv_fail(v, "clicks_limit", "must not exceed impressions_limit (%lld > %lld)",
		    (long long)c->clicks_limit, (long long)c->impressions_limit);
	else if (c->start_date > c->end_date)
		jv_fail(v, "end_date", "must not be before start_date (%lld < %lld)",
		    (long long)c->end_date, (long long)c->start_date);
	else if (check_start && c->start_date < today)
		jv_fail(v, "start_date", "must not be before the current day (%lld < %lld)",
		    (long long)c->start_date, (long long)today);
	else if (t->age_from >= 0 && t->age_to >= 0 && t->age_from > t->age_to)
		jv_fail(v, "targeting.age_from", "must not exceed targeting.age_to (%d > %d)",
		    t->age_from, t->age_to);
	else
		return CAMPAIGN_VALID;
	return CAMPAIGN_INVALID;
}

bool
targeting_matches(const struct targeting *t, int age, enum gender gender, const char *location,
    size_t location_len)
{
	if (t->gender >= 0 && t->gender != GENDER_ALL && t->gender != (int)gender)
		return false;
	if (t->age_from >= 0 && age < t->age_from)
		return false;
	if (t->age_to >= 0 && age > t->age_to)
		return false;
	if (t->location.s != NULL &&
	    (t->location.len != location_len || memcmp(t->location.s, location, location_len) != 0))
		return false;
	return true;
}

struct json_object *
campaign_to_json(const struct campaign *c)
{
	const struct targeting *t = &c->targeting;
	struct json_object *o = json_object_new_object();
	struct json_object *tj = json_object_new_object();

	if (o == NULL || tj == NULL)
		goto fail;
	if (!jv_add_str(tj, "gender", t->gender >= 0 ? gender_names[t->gender] : NULL,
	        t->gender >= 0 ? strlen(gender_names[t->gender]) : 0) ||
	    !jv_add_opt_int(tj, "age_from", t->age_from) ||
	    !jv_add_opt_int(tj, "age_to", t->age_to) ||
	    !jv_add_str(tj, "location", t->location.s, t->location.len))
		goto fail;
	if (!jv_add_str(o, "campaign_id", c->id.s, UUID_STR_LEN) ||
	    !jv_add_str(o, "advertiser_id", c->advertiser_id.s, UUID_STR_LEN) ||
	    !jv_add_int(o, "impressions_limit", c->impressions_limit) ||
	    !jv_add_int(o, "clicks_limit", c->clicks_limit) ||
	    !jv_add_money(o, "cost_per_impression", c->cost_per_impression) ||
	    !jv_add_money(o, "cost_per_click", c->cost_per_click) ||
	    !jv_add_str(o, "ad_title", c->ad_title.s, c->ad_title.len) ||
	    !jv_add_str(o, "ad_text", c->ad_text.s, c->ad_text.len) ||
	    !jv_add_str(o, "ad_image", c->ad_image.s, c->ad_image.len) ||
	    !jv_add_int(o, "start_date", c->start_date) ||
	    !jv_add_int(o, "end_date", c->end_date) ||
	    !jv_add_str(o, "moderation", c->blocked ? "blocked" : "ok", c->blocked ? 7 : 2))
		goto fail;
	if (!jv_add(o, "targeting", tj)) {
		tj = NULL;
		goto fail;
	}
	return o;
fail:
	json_object_put(tj);
	json_object_put(o);
	return NULL;
}
