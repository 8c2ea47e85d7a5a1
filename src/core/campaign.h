/*
 * campaign.h -- campaigns as validated C values: parsing a create body or an update (a patch of
 * the fields present), merging a patch into a stored campaign, the rules of API.md section 3,
 * and JSON output.
 */
#ifndef BB_CAMPAIGN_H
#define BB_CAMPAIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "compat.h"
#include "jv.h"
#include "model.h"
#include "uuid.h"

/* Limits and days are PostgreSQL bigint and integer columns. */
#define CAMPAIGN_LIMIT_MAX INT64_MAX
#define CAMPAIGN_DAY_MAX INT32_MAX
/* Ad texts are shown on screens; 10 000 bytes is far above any real one. */
#define CAMPAIGN_TEXT_MAX 10000

/* A text that may be absent: s == NULL means JSON null. */
struct opt_str {
	const char *s;
	size_t len;
};

struct targeting {
	int gender; /* enum gender, or -1 for null */
	int age_from; /* -1 for null */
	int age_to; /* -1 for null */
	struct opt_str location;
};

struct campaign {
	struct uuid_str id;
	struct uuid_str advertiser_id;
	int64_t impressions_limit;
	int64_t clicks_limit;
	int64_t cost_per_impression; /* micros */
	int64_t cost_per_click; /* micros */
	struct opt_str ad_title;
	struct opt_str ad_text;
	struct opt_str ad_image;
	int64_t start_date;
	int64_t end_date;
	struct targeting targeting;
	bool blocked; /* by moderation (API.md section 9); never set from a request body */
};

/* Bits of struct campaign_patch.present. */
enum campaign_field {
	CF_IMPRESSIONS_LIMIT = 1 << 0,
	CF_CLICKS_LIMIT = 1 << 1,
	CF_COST_PER_IMPRESSION = 1 << 2,
	CF_COST_PER_CLICK = 1 << 3,
	CF_AD_TITLE = 1 << 4,
	CF_AD_TEXT = 1 << 5,
	CF_START_DATE = 1 << 6,
	CF_END_DATE = 1 << 7,
	CF_TARGETING = 1 << 8,
};
#define CF_SCALARS 0xff /* the eight fields a create body requires */

/* The fields a body carries; a field whose bit is clear was absent. */
struct campaign_patch {
	unsigned present;
	struct campaign values;
};

/* The parts of a campaign that a state rule refused. */
enum campaign_verdict {
	CAMPAIGN_VALID = 0,
	CAMPAIGN_INVALID = 1, /* 400 */
	CAMPAIGN_FORBIDDEN = 2, /* 403 */
};

void targeting_clear(struct targeting *t);

/*
 * Parses a create (all eight scalars required) or update (everything optional) body into a
 * patch; -1 with the reason in v for a wrong shape or type.
 */
int campaign_parse(
    struct jv *v, struct json_object *obj, bool create, struct campaign_patch *out) WUR;

/* The fields of p present in the patch replace those of c. */
void campaign_apply(struct campaign *c, const struct campaign_patch *p);

/*
 * The state rule for an update: once started (start_date <= today), limits and dates keep
 * their values. CAMPAIGN_FORBIDDEN with the reason in v when the patch changes one of them.
 */
enum campaign_verdict campaign_check_update(
    struct jv *v, const struct campaign *stored, const struct campaign_patch *p, int64_t today) WUR;

/*
 * The cross-field rules on a whole campaign. check_start asks for start_date >= today (on
 * create, and on update when start_date changes).
 */
enum campaign_verdict campaign_check(
    struct jv *v, const struct campaign *c, bool check_start, int64_t today) WUR;

/* Whether a client of this age, gender and location is targeted. */
bool targeting_matches(const struct targeting *t, int age, enum gender gender, const char *location,
    size_t location_len);

struct json_object *campaign_to_json(const struct campaign *c) WUR;

#endif
