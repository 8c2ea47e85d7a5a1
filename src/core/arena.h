/* arena.h -- bump allocator for request-scoped memory, reset after each request. */
#ifndef BB_ARENA_H
#define BB_ARENA_H

#include <stddef.h>

#include "compat.h"

struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* newest chunk first */
};

void arena_init(struct arena *a);
/* Returns 16-byte aligned memory owned by the arena, or NULL when out of memory. */
void *arena_alloc(struct arena *a, size_t n) WUR;
/* Copies n bytes of s and adds a NUL; the copy belongs to the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n) WUR;
/* Releases everything but the first chunk, which is kept for the next request. */
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

#endif
