/* idmap.c -- open-addressing hash map from UUID text to an integer. */
#include <string.h>

#include "idmap.h"

struct idmap_slot {
	char id[UUID_STR_LEN];
	bool used;
	int64_t value;
};

uint64_t
idmap_hash(const char *id)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	size_t i;

	for (i = 0; i < UUID_STR_LEN; i++) {
		h ^= (unsigned char)id[i];
		h *= 1099511628211ULL;
	}
	return h;
}

int
idmap_init(struct idmap *m, size_t max, struct arena *a)
{
	size_t cap = 8;

	while (cap < 2 * max)
		cap *= 2;
	m->slots = arena_alloc(a, cap * sizeof(*m->slots));
	if (m->slots == NULL)
		return -1;
	memset(m->slots, 0, cap * sizeof(*m->slots));
	m->cap = cap;
	m->n = 0;
	return 0;
}

static struct idmap_slot *
find(const struct idmap *m, const char *id)
{
	size_t i = (size_t)idmap_hash(id) & (m->cap - 1);

	while (m->slots[i].used && memcmp(m->slots[i].id, id, UUID_STR_LEN) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

int
idmap_put(struct idmap *m, const char *id, int64_t value)
{
	struct idmap_slot *s = find(m, id);

	if (!s->used) {
		if (2 * (m->n + 1) > m->cap)
			return -1;
		memcpy(s->id, id, UUID_STR_LEN);
		s->used = true;
		m->n++;
	}
	s->value = value;
	return 0;
}

bool
idmap_get(const struct idmap *m, const char *id, int64_t *value)
{
	const struct idmap_slot *s;

	if (m->cap == 0)
		return false;
	s = find(m, id);
	if (!s->used)
		return false;
	*value = s->value;
	return true;
}
