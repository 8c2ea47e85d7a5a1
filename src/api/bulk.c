/*
 * bulk.c -- the shared body of the POST /…/bulk upsert endpoints.
 *
 * A bulk body is never held as one JSON tree: json-c spends up to ~1 KiB on every value, so
 * 20 MB of `[{},{},…]` would cost gigabytes. Each array element is parsed, validated into a
 * compact C value (its strings copied into the arena) and released before the next one, and
 * the answer is written item by item.
 */
#include "api/bulk.h"
#include "core/bulk.h"
#include "core/log.h"

void
bulk_upsert(struct req *r, const struct bulk_kind *kind)
{
	struct jv_items it;
	struct jv v;
	unsigned char *items;
	const char **keys;
	const char *text;
	size_t *keep, n, i, len;
	char err[200];
	long kept;

	switch (jv_items_open(&it, r->body, r->body_len, err, sizeof(err))) {
	case 0:
		break;
	case 1:
		resp_error(r, 400, "body: must be a JSON array of %s", kind->what);
		return;
	default:
		resp_error(r, 400, "%s", err);
		return;
	}
	n = it.count;
	if (n > BULK_MAX_ITEMS) {
		resp_error(r, 400, "body: at most %d %s per request, got %zu", BULK_MAX_ITEMS,
		    kind->what, n);
		return;
	}
	items = arena_alloc(r->arena, n * kind->item_size);
	keys = arena_alloc(r->arena, n * sizeof(*keys));
	keep = arena_alloc(r->arena, n * sizeof(*keep));
	if (n > 0 && (items == NULL || keys == NULL || keep == NULL)) {
		log_error("bulk: out of memory for %zu %s", n, kind->what);
		resp_internal(r);
		return;
	}
	jv_init(&v);
	for (i = 0; i < n && jv_items_next(&it, &text, &len); i++) {
		void *item = items + i * kind->item_size;
		struct json_object *obj = NULL;
		int ok;

		/* A null element is no object to json-c: the item's parser names it. */
		if (!jv_is_null_text(text, len) &&
		    (obj = jv_parse(text, len, err, sizeof(err))) == NULL) {
			resp_error(r, 400, "[%zu]: %s", i, err);
			return;
		}
		jv_set_index(&v, i);
		ok = kind->parse(&v, obj, item, r->arena);
		json_object_put(obj);
		if (ok == BULK_NOMEM) {
			log_error("bulk: out of memory copying item %zu", i);
			resp_internal(r);
			return;
		}
		if (ok < 0) {
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
	for (i = 0; i < (size_t)kept; i++) {
		if (!resp_array_add(r, i, kind->to_json(items + keep[i] * kind->item_size))) {
			log_error("bulk: out of memory writing the answer");
			resp_internal(r);
			return;
		}
	}
	resp_array_end(r, 201, (size_t)kept);
}
