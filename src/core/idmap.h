/*
 * idmap.h -- a small hash map from UUID text to an integer, allocated in an arena: a client's
 * ML scores by advertiser and seen/clicked state by campaign, looked up per candidate in O(1).
 */
#ifndef BB_IDMAP_H
#define BB_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "compat.h"
#include "uuid.h"

struct idmap_slot;

struct idmap {
	struct idmap_slot *slots;
	size_t cap; /* a power of two, at least twice the capacity asked for */
	size_t n;
};

/* Room for up to max entries; -1 when the arena is out of memory. */
int idmap_init(struct idmap *m, size_t max, struct arena *a) WUR;
/* Inserts or replaces; -1 when full (more than max entries). */
int idmap_put(struct idmap *m, const char *id, int64_t value) WUR;
/* Whether id is present, with its value in *value. */
bool idmap_get(const struct idmap *m, const char *id, int64_t *value);
/* Hash of a 36-byte UUID text, shared with other id-keyed tables. */
uint64_t idmap_hash(const char *id);

#endif
