/*
 * fuzz_bulk.c -- libFuzzer target for the parsing half of POST /clients/bulk and
 * /advertisers/bulk: jv_parse on the body, client_parse or advertiser_parse on every item
 * (as src/api/bulk.c does), then bulk_last_wins on the ids; and bulk_last_wins on raw keys
 * (the input's newline-separated lines), which need not be ids.
 *
 * Invariants: a bulk either parses every item or fails with a detail naming the item; the
 * items bulk_last_wins keeps are, in ascending order, exactly those whose key no later item
 * repeats (checked against a quadratic restatement of the rule).
 */
#include "core/arena.h"
#include "core/bulk.h"
#include "core/jv.h"
#include "core/model.h"
#include "fuzz.h"

/* A 4 KiB input holds at most 2048 keys; the cap keeps the quadratic check cheap. */
#define FUZZ_MAX_KEYS 4096

static void
check_last_wins(const char *const *keys, size_t n)
{
	struct arena a;
	size_t *keep, i, j, kept = 0;
	long r;

	keep = malloc((n + 1) * sizeof(*keep));
	if (keep == NULL)
		return;
	arena_init(&a);
	r = bulk_last_wins(keys, n, keep, &a);
	check(r >= 0 && (size_t)r <= n);
	for (i = 0; i < n; i++) {
		bool later = false;

		for (j = i + 1; j < n && !later; j++)
			later = strcmp(keys[i], keys[j]) == 0;
		if (!later) {
			check(kept < (size_t)r && keep[kept] == i);
			kept++;
		}
	}
	check(kept == (size_t)r);
	arena_free(&a);
	free(keep);
}

/* Newline-separated lines as keys (a NUL ends a key early, as it would a C string). */
static void
fuzz_raw(char *text, size_t size)
{
	const char **keys;
	size_t n = 0;
	char *p = text;

	keys = malloc(FUZZ_MAX_KEYS * sizeof(*keys));
	if (keys == NULL)
		return;
	while (n < FUZZ_MAX_KEYS) {
		char *nl = memchr(p, '\n', size - (size_t)(p - text));

		keys[n++] = p;
		if (nl == NULL)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	check_last_wins(keys, n);
	free(keys);
}

static const char *
client_key(const void *item)
{
	return ((const struct client *)item)->id.s;
}

static const char *
advertiser_key(const void *item)
{
	return ((const struct advertiser *)item)->id.s;
}

static int
client_item(struct jv *v, struct json_object *obj, void *item)
{
	return client_parse(v, obj, item);
}

static int
advertiser_item(struct jv *v, struct json_object *obj, void *item)
{
	return advertiser_parse(v, obj, item);
}

/* What src/api/bulk.c does with one kind, short of the store. */
static void
fuzz_kind(struct json_object *body, size_t item_size,
    int (*parse)(struct jv *, struct json_object *, void *), const char *(*key)(const void *))
{
	size_t n = json_object_array_length(body), i;
	unsigned char *items;
	const char **keys;
	struct jv v;

	if (n > FUZZ_MAX_KEYS)
		return;
	items = malloc((n + 1) * item_size);
	keys = malloc((n + 1) * sizeof(*keys));
	if (items == NULL || keys == NULL)
		goto done;
	jv_init(&v);
	for (i = 0; i < n; i++) {
		char want[24];
		int r;

		jv_set_index(&v, i);
		r = parse(&v, json_object_array_get_idx(body, i), items + i * item_size);
		check(v.failed == (r < 0));
		if (r < 0) {
			snprintf(want, sizeof(want), "[%zu].", i);
			check(strncmp(v.detail, want, strlen(want)) == 0);
			goto done;
		}
		keys[i] = key(items + i * item_size);
	}
	check_last_wins(keys, n);
done:
	free(items);
	free(keys);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_object *body;
	char err[128], *text;

	body = jv_parse((const char *)data, size, err, sizeof(err));
	if (body != NULL && json_object_get_type(body) == json_type_array) {
		fuzz_kind(body, sizeof(struct client), client_item, client_key);
		fuzz_kind(body, sizeof(struct advertiser), advertiser_item, advertiser_key);
	}
	json_object_put(body);

	text = fuzz_cstr(data, size);
	if (text != NULL)
		fuzz_raw(text, size);
	free(text);
	return 0;
}
