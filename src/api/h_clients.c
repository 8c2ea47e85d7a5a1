/* h_clients.c -- POST /clients/bulk, GET /clients/{client_id}. */
#include "api/bulk.h"
#include "api/handlers.h"

static int
parse(struct jv *v, struct json_object *obj, void *item, struct arena *a)
{
	struct client *c = item;

	if (client_parse(v, obj, c) < 0)
		return -1;
	c->login = arena_strndup(a, c->login, c->login_len);
	c->location = arena_strndup(a, c->location, c->location_len);
	return c->login != NULL && c->location != NULL ? 0 : BULK_NOMEM;
}

static const char *
key(const void *item)
{
	return ((const struct client *)item)->id.s;
}

static enum db_status
upsert(struct store *s, const void *items, const size_t *keep, size_t n)
{
	return clients_upsert(s, items, keep, n);
}

static struct json_object *
to_json(const void *item)
{
	return client_to_json(item);
}

static const struct bulk_kind clients_bulk = {
	"clients",
	sizeof(struct client),
	parse,
	key,
	upsert,
	to_json,
	true,
};

void
h_clients_bulk(struct req *r)
{
	bulk_upsert(r, &clients_bulk);
}

void
h_clients_get(struct req *r)
{
	struct uuid_str id;
	struct client c;

	if (!req_path_uuid(r, "client_id", &id))
		return;
	switch (clients_get(r->store, &id, r->arena, &c)) {
	case 1:
		resp_json(r, 200, client_to_json(&c));
		break;
	case 0:
		resp_error(r, 404, "client %s not found", id.s);
		break;
	default:
		resp_internal(r);
	}
}
