/* bulk.h -- the shared body of the POST /…/bulk upsert endpoints. */
#ifndef BB_API_BULK_H
#define BB_API_BULK_H

#include "api/req.h"
#include "core/jv.h"

/*
 * Items in one bulk request: each costs ~150 bytes while the request runs, and a 24 MiB body
 * of real clients holds about 160 000.
 */
#define BULK_MAX_ITEMS 200000

#define BULK_NOMEM (-2)

/* What differs between one kind of bulk upsert and another; items are item_size bytes each. */
struct bulk_kind {
	const char *what; /* plural noun for messages, e.g. "clients" */
	size_t item_size;
	/*
	 * Validates obj into item, copying its strings into a (obj is released after): 0, -1
	 * with the reason in v, or BULK_NOMEM.
	 */
	int (*parse)(struct jv *v, struct json_object *obj, void *item, struct arena *a);
	const char *(*key)(const void *item);
	enum db_status (*upsert)(struct store *s, const void *items, const size_t *keep, size_t n);
	struct json_object *(*to_json)(const void *item);
	bool forget_audience; /* the items are clients: drop their cached ad-selection state */
};

/*
 * Validates every item of the JSON array body first (one bad item answers 400 and writes
 * nothing), applies "last occurrence wins" to duplicate ids, writes all items at once and
 * answers 201 with the stored items.
 */
void bulk_upsert(struct req *r, const struct bulk_kind *kind);

#endif
