/* arena.c -- bump allocator for request-scoped memory. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* A first chunk of 64 KiB holds a typical request without further malloc calls. */
#define ARENA_CHUNK_SIZE (64 * 1024)
#define ARENA_ALIGN 16

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;
	size_t used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

void
arena_init(struct arena *a)
{
	a->head = NULL;
}

static struct arena_chunk *
chunk_new(size_t want)
{
	size_t size = want > ARENA_CHUNK_SIZE ? want : ARENA_CHUNK_SIZE;
	struct arena_chunk *c;

	if (size > SIZE_MAX - sizeof(*c))
		return NULL;
	c = malloc(sizeof(*c) + size);
	if (c == NULL)
		return NULL;
	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t need;

	if (n > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need == 0)
		need = ARENA_ALIGN;
	if (c == NULL || c->size - c->used < need) {
		c = chunk_new(need);
		if (c == NULL)
			return NULL;
		c->next = a->head;
		a->head = c;
	}
	c->used += need;
	return c->data + c->used - need;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		return NULL;
	p = arena_alloc(a, n + 1);
	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
arena_reset(struct arena *a)
{
	struct arena_chunk *c = a->head, *next;

	if (c == NULL)
		return;
	/* Keep the oldest chunk (the last in the list) if it is a standard one. */
	while (c->next != NULL) {
		next = c->next;
		free(c);
		c = next;
	}
	if (c->size != ARENA_CHUNK_SIZE) {
		free(c);
		a->head = NULL;
		return;
	}
	c->used = 0;
	a->head = c;
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head, *next;

	while (c != NULL) {
		next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
}
