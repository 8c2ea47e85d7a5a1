/* bulk.h -- the "last occurrence wins" rule for duplicate ids inside one bulk request. */
#ifndef BB_BULK_H
#define BB_BULK_H

#include <stddef.h>

#include "arena.h"
#include "compat.h"

/*
 * keys[i] is the id of item i. Writes to keep[] the indices of the items that survive (the
 * last item of each id), in ascending order, and returns how many there are; -1 when the arena
 * is out of memory. keep must have room for n entries.
 */
long bulk_last_wins(const char *const *keys, size_t n, size_t *keep, struct arena *a) WUR;

#endif
