/*
 * fuzz_bulk.c -- libFuzzer target for the parsing half of POST /clients/bulk and
 * /advertisers/bulk as src/api/bulk.c does it: jv_items_open on the body, jv_parse on each
 * element it hands out, client_parse or advertiser_parse on every item, then bulk_last_wins
 * on the ids; and bulk_last_wins on raw keys (the input's newline-separated lines).
 *
 * Invariants: jv_items_open accepts the texts jv_parse accepts (what it lets through that
 * jv_parse refuses, an element refuses), sees arrays as arrays, counts the elements json-c finds and hands out each as
 * a valid JSON text equal to json-c's element; a bulk either parses every item or fails with
 * a detail naming the item; the items bulk_last_wins keeps are, in ascending order, exactly
 * those whose key no later item repeats (checked against a quadratic restatement).
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
fuzz_kind(const uint8_t *data, size_t size, size_t item_size,
    int (*parse)(struct jv *, struct json_object *, void *), const char *(*key)(const void *))
{
	struct jv_items it;
	struct json_object **objs = NULL;
	unsigned char *items = NULL;
	const char **keys = NULL, *text;
	char err[128];
	size_t n, i, len;
	struct jv v;

	if (jv_items_open(&it, (const char *)data, size, err, sizeof(err)) != 0)
		return;
	n = it.count;
	if (n > FUZZ_MAX_KEYS)
		return;
	items = malloc((n + 1) * item_size);
	keys = malloc((n + 1) * sizeof(*keys));
	objs = calloc(n + 1, sizeof(*objs));
	if (items == NULL || keys == NULL || objs == NULL)
		goto done;
	jv_init(&v);
	for (i = 0; jv_items_next(&it, &text, &len); i++) {
		char want[24];
		int r;

		check(i < n && len > 0);
		objs[i] = jv_is_null_text(text, len) ? NULL : jv_parse(text, len, err, sizeof(err));
		if (objs[i] == NULL && !jv_is_null_text(text, len)) {
			/* the walk checked its syntax: only the values cap or json-c's UTF-8 check */
			check(strstr(err, "JSON values") != NULL ||
			    strncmp(err, "malformed JSON: ", 16) == 0);
			goto done;
		}
		jv_set_index(&v, i);
		r = parse(&v, objs[i], items + i * item_size);
		check(v.failed == (r < 0));
		if (r < 0) {
			snprintf(want, sizeof(want), "[%zu].", i);
			check(strncmp(v.detail, want, strlen(want)) == 0);
			goto done;
		}
		keys[i] = key(items + i * item_size);
	}
	check(i == n);
	check_last_wins(keys, n);
done:
	for (i = 0; objs != NULL && i < n; i++)
		json_object_put(objs[i]);
	free(objs);
	free(items);
	free(keys);
}

/* jv_items_open agrees with jv_parse on validity, arrays and their elements. */
static void
check_items_agree(const uint8_t *data, size_t size)
{
	struct json_object *whole;
	struct jv_items it;
	const char *text;
	char err[128];
	size_t len, i;
	int r = jv_items_open(&it, (const char *)data, size, err, sizeof(err));

	whole = jv_parse((const char *)data, size, err, sizeof(err));
	if (whole == NULL) {
		bool refused = false;

		/* Refused whole: refused by the walk too, or (only the values cap, or json-c's
		 * UTF-8 check, which the walk leaves to jv_parse) by jv_parse on an element. */
		if (r != 0 || strstr(err, "JSON values") != NULL)
			return;
		while (!refused && jv_items_next(&it, &text, &len)) {
			struct json_object *elem;

			if (jv_is_null_text(text, len))
				continue;
			elem = jv_parse(text, len, err, sizeof(err));
			refused = elem == NULL;
			json_object_put(elem);
		}
		check(refused);
		return;
	}
	check(r == (json_object_get_type(whole) == json_type_array ? 0 : 1));
	if (r == 0) {
		check(it.count == json_object_array_length(whole));
		for (i = 0; jv_items_next(&it, &text, &len); i++) {
			struct json_object *elem;

			if (jv_is_null_text(text, len)) {
				check(json_object_array_get_idx(whole, i) == NULL);
				continue;
			}
			elem = jv_parse(text, len, err, sizeof(err));
			check(elem != NULL);
			check(
			    strcmp(json_object_to_json_string_ext(elem, JSON_C_TO_STRING_PLAIN),
			        json_object_to_json_string_ext(json_object_array_get_idx(whole, i),
			            JSON_C_TO_STRING_PLAIN)) == 0);
			json_object_put(elem);
		}
		check(i == it.count);
	}
	json_object_put(whole);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	check_items_agree(data, size);
	fuzz_kind(data, size, sizeof(struct client), client_item, client_key);
	fuzz_kind(data, size, sizeof(struct advertiser), advertiser_item, advertiser_key);

	text = fuzz_cstr(data, size);
	if (text != NULL)
		fuzz_raw(text, size);
	free(text);
	return 0;
}
