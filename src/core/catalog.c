/* catalog.c -- the in-memory view of today's campaigns, indexed by targeting. */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "rank.h"

enum { GCLASS_MALE, GCLASS_FEMALE, GCLASS_ANY, NGCLASS };

struct catalog_bucket {
	bool used;
	const char *location; /* NULL: campaigns without a location */
	size_t location_len;
	uint32_t *idx[NGCLASS];
	size_t n[NGCLASS];
	size_t fill[NGCLASS];
};

void
catalog_init(struct catalog *cat)
{
	memset(cat, 0, sizeof(*cat));
	cat->relevance_weight = RANK_RELEVANCE_WEIGHT;
	cat->counters_mark = -1;
	arena_init(&cat->arena);
}

void
catalog_free(struct catalog *cat)
{
	free(cat->entries);
	arena_free(&cat->arena);
	memset(cat, 0, sizeof(*cat));
}

void
catalog_reset(struct catalog *cat, int64_t day, long long version)
{
	arena_free(&cat->arena);
	arena_init(&cat->arena);
	cat->n = 0;
	cat->advertisers = NULL;
	cat->nadvertisers = 0;
	cat->by_advertiser = NULL;
	cat->advertiser_start = NULL;
	cat->buckets = NULL;
	cat->nbuckets = 0;
	cat->day = day;
	cat->version = version;
	cat->ready = false;
	cat->counters_mark = -1;
}

static bool
copy_str(struct arena *a, struct opt_str *s)
{
	if (s->s == NULL)
		return true;
	s->s = arena_strndup(a, s->s, s->len);
	return s->s != NULL;
}

int
catalog_add(struct catalog *cat, const struct catalog_entry *e)
{
	struct catalog_entry *ne;

	if (cat->n == cat->cap) {
		size_t cap = cat->cap ? cat->cap * 2 : 256;
		void *p = realloc(cat->entries, cap * sizeof(*cat->entries));

		if (p == NULL)
			return -1;
		cat->entries = p;
		cat->cap = cap;
	}
	ne = &cat->entries[cat->n];
	*ne = *e;
	ne->bound_unscored = rank_bound_unscored(e->c.cost_per_impression, e->c.cost_per_click);
	if (!copy_str(&cat->arena, &ne->c.ad_title) || !copy_str(&cat->arena, &ne->c.ad_text) ||
	    !copy_str(&cat->arena, &ne->c.ad_image) ||
	    !copy_str(&cat->arena, &ne->c.targeting.location))
		return -1;
	cat->n++;
	return 0;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct catalog_entry *x = a, *y = b;

	return memcmp(x->c.id.s, y->c.id.s, UUID_STR_LEN);
}

static uint64_t
hash_location(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	if (s == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static struct catalog_bucket *
bucket_slot(const struct catalog *cat, const char *loc, size_t len)
{
	size_t i = (size_t)hash_location(loc, len) & (cat->nbuckets - 1);

	for (;; i = (i + 1) & (cat->nbuckets - 1)) {
		struct catalog_bucket *b = &cat->buckets[i];

		if (!b->used)
			return b;
		if (loc == NULL ? b->location == NULL
		                : (b->location != NULL && b->location_len == len &&
		                      memcmp(b->location, loc, len) == 0))
			return b;
	}
}

static int
gclass(const struct targeting *t)
{
	if (t->gender == GENDER_MALE)
		return GCLASS_MALE;
	if (t->gender == GENDER_FEMALE)
		return GCLASS_FEMALE;
	return GCLASS_ANY;
}

static int
cmp_uuid(const void *a, const void *b)
{
	return memcmp(a, b, UUID_STR_LEN);
}

/* The distinct advertisers, sorted, and each entry's index among them. */
static int
index_advertisers(struct catalog *cat)
{
	size_t i, k = 0;

	cat->advertisers = arena_alloc(&cat->arena, (cat->n + 1) * sizeof(*cat->advertisers));
	if (cat->advertisers == NULL)
		return -1;
	for (i = 0; i < cat->n; i++)
		cat->advertisers[i] = cat->entries[i].c.advertiser_id;
	qsort(cat->advertisers, cat->n, sizeof(*cat->advertisers), cmp_uuid);
	for (i = 0; i < cat->n; i++)
		if (k == 0 || cmp_uuid(&cat->advertisers[k - 1], &cat->advertisers[i]) != 0)
			cat->advertisers[k++] = cat->advertisers[i];
	cat->nadvertisers = k;
	for (i = 0; i < cat->n; i++)
		cat->entries[i].advertiser =
		    (uint32_t)catalog_advertiser(cat, cat->entries[i].c.advertiser_id.s);
	return 0;
}

/* Decreasing bound, then increasing index: the walks' order. */
static int
order(double x, double y, uint32_t a, uint32_t b)
{
	if (x != y)
		return x > y ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Bucket lists: decreasing bound_unscored. */
static int
cmp_bound_unscored(const void *a, const void *b, void *arg)
{
	const struct catalog *cat = arg;
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;

	return order(cat->entries[i].bound_unscored, cat->entries[j].bound_unscored, i, j);
}

/* Advertiser lists: advertiser, then decreasing bound. */
static int
cmp_advertiser_bound(const void *a, const void *b, void *arg)
{
	const struct catalog *cat = arg;
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;

	if (cat->entries[i].advertiser != cat->entries[j].advertiser)
		return cat->entries[i].advertiser < cat->entries[j].advertiser ? -1 : 1;
	return order(cat->entries[i].bound, cat->entries[j].bound, i, j);
}

/* Every entry's index grouped by advertiser, each group in decreasing order of bound. */
static int
index_by_advertiser(struct catalog *cat)
{
	size_t i;

	cat->by_advertiser = arena_alloc(&cat->arena, (cat->n + 1) * sizeof(uint32_t));
	cat->advertiser_start =
	    arena_alloc(&cat->arena, (cat->nadvertisers + 1) * sizeof(*cat->advertiser_start));
	if (cat->by_advertiser == NULL || cat->advertiser_start == NULL)
		return -1;
	for (i = 0; i < cat->n; i++)
		cat->by_advertiser[i] = (uint32_t)i;
	if (cat->n > 1)
		qsort_r(cat->by_advertiser, cat->n, sizeof(uint32_t), cmp_advertiser_bound, cat);
	memset(cat->advertiser_start, 0, (cat->nadvertisers + 1) * sizeof(*cat->advertiser_start));
	for (i = 0; i < cat->n; i++)
		cat->advertiser_start[cat->entries[i].advertiser + 1]++;
	for (i = 0; i < cat->nadvertisers; i++)
		cat->advertiser_start[i + 1] += cat->advertiser_start[i];
	return 0;
}

/* The relevance worth of the catalogue and each entry's bound under it. */
static void
set_bounds(struct catalog *cat)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < cat->n; i++)
		sum += rank_scale(
		    cat->entries[i].c.cost_per_impression, cat->entries[i].c.cost_per_click);
	cat->relevance_worth = cat->n > 0 ? cat->relevance_weight * sum / (double)cat->n : 0.0;
	for (i = 0; i < cat->n; i++)
		cat->entries[i].bound = rank_bound(cat->entries[i].c.cost_per_impression,
		    cat->entries[i].c.cost_per_click, cat->relevance_worth);
}

int
catalog_build(struct catalog *cat)
{
	size_t i, g, cap = 8;

	set_bounds(cat);
	if (cat->n > 0)
		qsort(cat->entries, cat->n, sizeof(*cat->entries), cmp_entry);
	if (index_advertisers(cat) != 0 || index_by_advertiser(cat) != 0)
		return -1;
	while (cap < 2 * (cat->n + 1))
		cap *= 2;
	cat->buckets = arena_alloc(&cat->arena, cap * sizeof(*cat->buckets));
	if (cat->buckets == NULL)
		return -1;
	memset(cat->buckets, 0, cap * sizeof(*cat->buckets));
	cat->nbuckets = cap;
	/* First pass: the buckets and their sizes; second pass: their contents. */
	for (i = 0; i < cat->n; i++) {
		const struct targeting *t = &cat->entries[i].c.targeting;
		struct catalog_bucket *b = bucket_slot(cat, t->location.s, t->location.len);

		if (!b->used) {
			b->used = true;
			b->location = t->location.s;
			b->location_len = t->location.len;
		}
		b->n[gclass(t)]++;
	}
	for (i = 0; i < cap; i++) {
		struct catalog_bucket *b = &cat->buckets[i];

		for (g = 0; b->used && g < NGCLASS; g++) {
			if (b->n[g] == 0)
				continue;
			b->idx[g] = arena_alloc(&cat->arena, b->n[g] * sizeof(uint32_t));
			if (b->idx[g] == NULL)
				return -1;
		}
	}
	for (i = 0; i < cat->n; i++) {
		const struct targeting *t = &cat->entries[i].c.targeting;
		struct catalog_bucket *b = bucket_slot(cat, t->location.s, t->location.len);
		int gc = gclass(t);

		b->idx[gc][b->fill[gc]++] = (uint32_t)i;
	}
	for (i = 0; i < cap; i++)
		for (g = 0; g < NGCLASS; g++)
			if (cat->buckets[i].n[g] > 1)
				qsort_r(cat->buckets[i].idx[g], cat->buckets[i].n[g],
				    sizeof(uint32_t), cmp_bound_unscored, cat);
	cat->ready = true;
	return 0;
}

static bool
age_matches(const struct targeting *t, int age)
{
	return (t->age_from < 0 || age >= t->age_from) && (t->age_to < 0 || age <= t->age_to);
}

static size_t
collect(const struct catalog *cat, const struct catalog_bucket *b, int gc, int age, uint32_t *out,
    size_t k)
{
	size_t i;

	if (!b->used)
		return k;
	for (i = 0; i < b->n[gc]; i++) {
		if (age_matches(&cat->entries[b->idx[gc][i]].c.targeting, age))
			out[k++] = b->idx[gc][i];
	}
	return k;
}

size_t
catalog_candidates(const struct catalog *cat, int age, enum gender gender, const char *location,
    size_t location_len, uint32_t *out)
{
	const struct catalog_bucket *here, *any;
	int own = gender == GENDER_MALE ? GCLASS_MALE : GCLASS_FEMALE;
	size_t k = 0;

	if (!cat->ready || cat->n == 0)
		return 0;
	here = bucket_slot(cat, location, location_len);
	any = bucket_slot(cat, NULL, 0);
	k = collect(cat, here, own, age, out, k);
	k = collect(cat, here, GCLASS_ANY, age, out, k);
	k = collect(cat, any, own, age, out, k);
	k = collect(cat, any, GCLASS_ANY, age, out, k);
	return k;
}

/* One matching bucket list, walked in order of decreasing bound. */
struct cursor {
	const uint32_t *idx;
	size_t n;
	size_t at;
};

static void
cursor_add(struct cursor *cur, size_t *ncur, const struct catalog_bucket *b, int gc)
{
	if (b->used && b->n[gc] > 0) {
		cur[*ncur].idx = b->idx[gc];
		cur[*ncur].n = b->n[gc];
		cur[*ncur].at = 0;
		(*ncur)++;
	}
}

long
catalog_best(const struct catalog *cat, int age, enum gender gender, const char *location,
    size_t location_len, const double *relevance, catalog_value_fn value, void *ctx)
{
	struct cursor cur[4];
	size_t ncur = 0, k, a, j;
	int own = gender == GENDER_MALE ? GCLASS_MALE : GCLASS_FEMALE;
	double best_value = RANK_NEVER;
	long best = -1;

	if (!cat->ready || cat->n == 0)
		return -1;
	/* The advertisers relevant to the client: few, each walked by its full bound. */
	for (a = 0; a < cat->nadvertisers; a++) {
		if (relevance[a] <= 0)
			continue;
		for (j = cat->advertiser_start[a]; j < cat->advertiser_start[a + 1]; j++) {
			uint32_t i = cat->by_advertiser[j];
			const struct catalog_entry *e = &cat->entries[i];
			double v;

			if (best >= 0 && e->bound < best_value)
				break;
			if (!targeting_matches(
			        &e->c.targeting, age, gender, location, location_len))
				continue;
			v = value(ctx, i);
			if (v > best_value) {
				best_value = v;
				best = (long)i;
			}
		}
	}
	/* Everything else, through the targeting index by the bound of an unscored client. */
	cursor_add(cur, &ncur, bucket_slot(cat, location, location_len), own);
	cursor_add(cur, &ncur, bucket_slot(cat, location, location_len), GCLASS_ANY);
	cursor_add(cur, &ncur, bucket_slot(cat, NULL, 0), own);
	cursor_add(cur, &ncur, bucket_slot(cat, NULL, 0), GCLASS_ANY);
	for (;;) {
		const struct catalog_entry *e;
		struct cursor *next = NULL;
		uint32_t i;
		double v;

		/* The list whose next entry has the highest bound: a four-way merge. */
		for (k = 0; k < ncur; k++)
			if (cur[k].at < cur[k].n &&
			    (next == NULL ||
			        cat->entries[cur[k].idx[cur[k].at]].bound_unscored >
			            cat->entries[next->idx[next->at]].bound_unscored))
				next = &cur[k];
		if (next == NULL)
			break;
		i = next->idx[next->at++];
		e = &cat->entries[i];
		if (best >= 0 && e->bound_unscored < best_value)
			break; /* nothing left can beat the best */
		if (relevance[e->advertiser] > 0 || !age_matches(&e->c.targeting, age))
			continue;
		v = value(ctx, i);
		if (v > best_value) {
			best_value = v;
			best = (long)i;
		}
	}
	return best;
}

long
catalog_index(const struct catalog *cat, const char *campaign_id)
{
	size_t lo = 0, hi = cat->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(cat->entries[mid].c.id.s, campaign_id, UUID_STR_LEN);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

struct catalog_entry *
catalog_find(const struct catalog *cat, const char *campaign_id)
{
	long i = catalog_index(cat, campaign_id);

	return i < 0 ? NULL : &cat->entries[i];
}

long
catalog_advertiser(const struct catalog *cat, const char *advertiser_id)
{
	const struct uuid_str *found = NULL;

	if (cat->nadvertisers > 0)
		found = bsearch(advertiser_id, cat->advertisers, cat->nadvertisers,
		    sizeof(*cat->advertisers), cmp_uuid);
	return found == NULL ? -1 : (long)(found - cat->advertisers);
}

void
catalog_mark_full(struct catalog_entry *e)
{
	if (e->impressions < e->c.impressions_limit)
		e->impressions = e->c.impressions_limit;
}
