/* h_advertisers.c -- POST /advertisers/bulk, GET /advertisers/{advertiser_id}. */
#include "api/bulk.h"
#include "api/handlers.h"

static int
parse(struct jv *v, struct json_object *obj, void *item, struct arena *a)
{
	struct advertiser *adv = item;

	if (advertiser_parse(v, obj, adv) < 0)
		return -1;
	adv->name = arena_strndup(a, adv->name, adv->name_len);
	return adv->name != NULL ? 0 : BULK_NOMEM;
}

static const char *
key(const void *item)
{
	return ((const struct advertiser *)item)->id.s;
}

static enum db_status
upsert(struct store *s, const void *items, const size_t *keep, size_t n)
{
	return advertisers_upsert(s, items, keep, n);
}

static struct json_object *
to_json(const void *item)
{
	return advertiser_to_json(item);
}

static const struct bulk_kind advertisers_bulk = {
	"advertisers",
	sizeof(struct advertiser),
	parse,
	key,
	upsert,
	to_json,
	false,
};

void
h_advertisers_bulk(struct req *r)
{
	bulk_upsert(r, &advertisers_bulk);
}

void
h_advertisers_get(struct req *r)
{
	struct uuid_str id;
	struct advertiser a;

	if (!req_path_uuid(r, "advertiser_id", &id))
		return;
	switch (advertisers_get(r->store, &id, r->arena, &a)) {
	case 1:
		resp_json(r, 200, advertiser_to_json(&a));
		break;
	case 0:
		resp_error(r, 404, "advertiser %s not found", id.s);
		break;
	default:
		resp_internal(r);
	}
}
