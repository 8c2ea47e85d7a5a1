/* bulk.c -- the shared body of the POST /…/bulk upsert endpoints. */
#include "api/bulk.h"
#include "core/bulk.h"
#include "core/log.h"

void
bulk_upsert(struct req *r, const struct bulk_kind *kind)
{
	struct json_object *body, *out;
	struct jv v;
	unsigned char *items;
	const char **keys;
	size_t *keep, n, i;
	long kept;

	if ((body = req_json_body(r)) == NULL)
		return;
	if (json_object_get_type(body) != json_type_array) {
		resp_error(r, 400, "body: must be a JSON array of %s", kind->what);
		return;
	}
	n = json_object_array_length(body);
	items = arena_alloc(r->arena, n * kind->item_size);
	keys = arena_alloc(r->arena, n * sizeof(*keys));
	keep = arena_alloc(r->arena, n * sizeof(*keep));
	if (n > 0 && (items == NULL || keys == NULL || keep == NULL)) {
		log_error("bulk: out of memory for %zu %s", n, kind->what);
		resp_internal(r);
		return;
	}
	jv_init(&v);
	for (i = 0; i < n; i++) {
		void *item = items + i * kind->item_size;

		jv_set_index(&v, i);
		if (kind->parse(&v, json_object_array_get_idx(body, i), item) < 0) {
			resp_error(r, 400, "%s", v.detail);
			return;
		}
		keys[i] = kind->key(item);
	}
	kept = bulk_last_wins(keys, n, keep, r->arena);
	if (kept < 0) {
		resp_internal(r);
		return;
	}
	if (kind->upsert(r->store, items, keep, (size_t)kept) != DB_OK) {
		resp_internal(r);
		return;
	}
	if (kind->forget_audience)
		audience_forget(r->store, keys, n, r->arena);
	out = json_object_new_array_ext((int)kept);
	for (i = 0; out != NULL && i < (size_t)kept; i++) {
		struct json_object *o = kind->to_json(items + keep[i] * kind->item_size);

		if (o == NULL || json_object_array_add(out, o) != 0) {
			json_object_put(o);
			json_object_put(out);
			out = NULL;
		}
	}
	resp_json(r, 201, out);
}
