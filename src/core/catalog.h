/*
 * catalog.h -- a worker's in-memory view of the campaigns running today, indexed by targeting
 * so that GET /ads looks at the campaigns that can match a client instead of all of them.
 *
 * Campaigns are bucketed by location (or "any location") and, inside, by gender class (MALE,
 * FEMALE, everyone); a client's candidates are four buckets, filtered by age. The catalogue
 * owns copies of all strings. It is rebuilt when the day or the catalogue version changes;
 * the counters are refreshed in place.
 */
#ifndef BB_CATALOG_H
#define BB_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "campaign.h"
#include "compat.h"

struct catalog_entry {
	struct campaign c;
	uint32_t advertiser; /* index into catalog.advertisers */
	double bound; /* rank_bound of its prices and the catalogue's relevance worth */
	double bound_unscored; /* rank_bound_unscored of its prices */
	int64_t impressions;
	int64_t clicks;
	int64_t day_impressions; /* impressions recorded on the catalogue's day */
};

struct catalog_bucket;

struct catalog {
	int64_t day;
	long long version;
	bool ready;
	struct catalog_entry *entries; /* sorted by campaign id once built */
	size_t n;
	size_t cap;
	struct uuid_str *advertisers; /* the advertisers of the entries, sorted */
	size_t nadvertisers;
	/* entry indices by advertiser, each advertiser's by decreasing bound:
	 * by_advertiser[advertiser_start[a] .. advertiser_start[a + 1]) */
	uint32_t *by_advertiser;
	size_t *advertiser_start;
	struct catalog_bucket *buckets;
	size_t nbuckets;
	/* RANK_RELEVANCE_WEIGHT unless set after catalog_init (the simulator's weight sweep) */
	double relevance_weight;
	/* micros: relevance_weight * the mean rank_scale of the entries, set by catalog_build */
	double relevance_worth;
	struct arena arena; /* strings, the index */
	/* the store's: where the next read of changed counters starts; -1 before a load */
	long long counters_mark;
};

void catalog_init(struct catalog *cat);
void catalog_free(struct catalog *cat);
/* Empties the catalogue for a new build on day with this catalogue version. */
void catalog_reset(struct catalog *cat, int64_t day, long long version);
/* Adds a copy of e (its strings included); -1 when out of memory. */
int catalog_add(struct catalog *cat, const struct catalog_entry *e) WUR;
/* Sorts and indexes what was added; the catalogue is ready afterwards. -1: out of memory. */
int catalog_build(struct catalog *cat) WUR;
/*
 * Writes to out (room for cat->n) the indices of the entries whose targeting matches the
 * client, and returns how many.
 */
size_t catalog_candidates(const struct catalog *cat, int age, enum gender gender,
    const char *location, size_t location_len, uint32_t *out);

/* The value of entry i for the client at hand (see catalog_best). */
typedef double (*catalog_value_fn)(void *ctx, uint32_t i);
/*
 * The entry of highest value among those whose targeting matches the client, or -1 when none
 * is worth more than RANK_NEVER. relevance[a] is advertiser a's relevance to the client. The
 * campaigns of the advertisers of relevance above 0 are visited per advertiser in decreasing
 * order of rank_bound, the others through the targeting index in decreasing order of
 * rank_bound_unscored (tight for them); each walk stops once no bound left can beat the best
 * value. Ties go to the entry visited first.
 */
long catalog_best(const struct catalog *cat, int age, enum gender gender, const char *location,
    size_t location_len, const double *relevance, catalog_value_fn value, void *ctx);

/*
 * PostgreSQL refused an event of this campaign for a limit: no client is shown it for the
 * first time again until the counters are read anew (which may say otherwise).
 */
void catalog_mark_full(struct catalog_entry *e);

/* The index of a campaign's entry, or -1. */
long catalog_index(const struct catalog *cat, const char *campaign_id);
/* The entry of a campaign, or NULL. */
struct catalog_entry *catalog_find(const struct catalog *cat, const char *campaign_id);
/* The index of an advertiser in cat->advertisers, or -1. */
long catalog_advertiser(const struct catalog *cat, const char *advertiser_id);

#endif
