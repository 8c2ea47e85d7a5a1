/* bulk.c -- duplicate ids inside one bulk request: the last occurrence wins. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bulk.h"

struct keyed {
	const char *key;
	size_t idx;
};

static int
cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

long
bulk_last_wins(const char *const *keys, size_t n, size_t *keep, struct arena *a)
{
	struct keyed *k;
	size_t i, kept = 0;

	if (n == 0)
		return 0;
	if (n > SIZE_MAX / sizeof(*k))
		return -1;
	k = arena_alloc(a, n * sizeof(*k));
	if (k == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		k[i].key = keys[i];
		k[i].idx = i;
	}
	qsort(k, n, sizeof(*k), cmp_keyed);
	for (i = 0; i < n; i++)
		if (i + 1 == n || strcmp(k[i].key, k[i + 1].key) != 0)
			keep[kept++] = k[i].idx;
	qsort(keep, kept, sizeof(*keep), cmp_size);
	return (long)kept;
}
