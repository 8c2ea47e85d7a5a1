/*
 * campaigns.c -- persistence of campaigns. Deleting is soft: the row stays for statistics and
 * is hidden from every read here. Every change bumps the catalogue version (a trigger, in the
 * same transaction), which is mirrored to Redis so that workers drop their cached view.
 */
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/money.h"
#include "store/store.h"

#define CATALOG_KEY "bb:catalog"

#define COLUMNS                                                                                    \
	"campaign_id, advertiser_id, impressions_limit, clicks_limit, cost_per_impression, "       \
	"cost_per_click, ad_title, ad_text, ad_image, start_date, end_date, gender, "              \
	"age_from, age_to, location"

enum {
	COL_ID,
	COL_ADVERTISER,
	COL_IMPRESSIONS_LIMIT,
	COL_CLICKS_LIMIT,
	COL_COST_PER_IMPRESSION,
	COL_COST_PER_CLICK,
	COL_AD_TITLE,
	COL_AD_TEXT,
	COL_AD_IMAGE,
	COL_START_DATE,
	COL_END_DATE,
	COL_GENDER,
	COL_AGE_FROM,
	COL_AGE_TO,
	COL_LOCATION,
	NCOLS,
	COL_BLOCKED = NCOLS, /* read only: READ_COLUMNS */
	NREAD
};

/* What reads select: COLUMNS and whether moderation blocked the campaign. */
#define READ_COLUMNS COLUMNS ", blocked_at IS NOT NULL"

static const struct db_stmt insert_stmt = {
	"campaigns_insert",
	"INSERT INTO campaigns (" COLUMNS ") "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
};

static const struct db_stmt update_stmt = {
	"campaigns_update",
	"UPDATE campaigns SET impressions_limit = $3, clicks_limit = $4, "
	"  cost_per_impression = $5, cost_per_click = $6, ad_title = $7, ad_text = $8, "
	"  ad_image = $9, start_date = $10, end_date = $11, gender = $12, age_from = $13, "
	"  age_to = $14, location = $15 "
	"WHERE campaign_id = $1 AND advertiser_id = $2 AND deleted_at IS NULL",
};

static const struct db_stmt get_stmt = {
	"campaigns_get",
	"SELECT " READ_COLUMNS " FROM campaigns "
	"WHERE campaign_id = $1 AND advertiser_id = $2 AND deleted_at IS NULL",
	true,
};

static const struct db_stmt lock_stmt = {
	"campaigns_lock",
	"SELECT " READ_COLUMNS " FROM campaigns "
	"WHERE campaign_id = $1 AND advertiser_id = $2 AND deleted_at IS NULL FOR UPDATE",
};

static const struct db_stmt count_stmt = {
	"campaigns_count",
	"SELECT count(*) FROM campaigns WHERE advertiser_id = $1 AND deleted_at IS NULL",
	true,
};

static const struct db_stmt page_stmt = {
	"campaigns_page",
	"SELECT " READ_COLUMNS " FROM campaigns WHERE advertiser_id = $1 AND deleted_at IS NULL "
	"ORDER BY created_at DESC, campaign_id LIMIT $2 OFFSET $3",
	true,
};

static const struct db_stmt delete_stmt = {
	"campaigns_delete",
	"UPDATE campaigns SET deleted_at = clock_timestamp() "
	"WHERE campaign_id = $1 AND advertiser_id = $2 AND deleted_at IS NULL "
	"RETURNING campaign_id",
};

/*
 * The oldest transaction still running when a statement took its snapshot, as a 32-bit xid:
 * every counter written after a read has an xmin at least this old's (see counters_stmt).
 */
#define SNAPSHOT_XMIN "(pg_snapshot_xmin(pg_current_snapshot())::text::bigint % 4294967296)"

/*
 * The running campaigns, in the column order of READ_COLUMNS, then their counters, then the
 * snapshot's xmin (the mark of the next counters_stmt).
 */
static const struct db_stmt running_stmt = {
	"campaigns_running",
	"SELECT " READ_COLUMNS ", k.impressions, k.clicks, "
	"  CASE WHEN k.day = $1 THEN k.day_impressions ELSE 0 END, " SNAPSHOT_XMIN " "
	"FROM campaigns JOIN campaign_counters k USING (campaign_id) "
	"WHERE deleted_at IS NULL AND blocked_at IS NULL AND start_date <= $1 AND end_date >= $1",
	true,
};

/* Any campaign by id, deleted ones too (the review queue shows what was reported). */
static const struct db_stmt by_id_stmt = {
	"campaigns_by_id",
	"SELECT " READ_COLUMNS " FROM campaigns WHERE campaign_id = $1",
	true,
};

/*
 * The counters written since the read that returned the mark $2: a counter row's xmin is the
 * transaction that wrote its current version, and one not visible to that read is not older
 * than the read's snapshot xmin (age() compares the two modulo 2^32). Rows read before may
 * come again; none written since is missed. Rows of campaigns the worker does not run are
 * ignored by it, so there is no join: each worker reads this every second, and the rows
 * that did not change are neither sent nor parsed.
 */
static const struct db_stmt counters_stmt = {
	"campaigns_counters",
	"SELECT k.campaign_id, k.impressions, k.clicks, "
	"  CASE WHEN k.day = $1 THEN k.day_impressions ELSE 0 END, " SNAPSHOT_XMIN " "
	"FROM campaign_counters k WHERE age(k.xmin) <= age($2::text::xid)",
	true,
};

static const struct db_stmt version_stmt = {
	"catalog_version_get",
	"SELECT version FROM catalog_version",
	true,
};

/* Text forms of a campaign's values, as statement parameters. */
struct params {
	char limits[2][24];
	char costs[2][MONEY_STR_MAX];
	char days[2][24];
	char ages[2][8];
	const char *p[NCOLS];
	struct arena *a;
};

static bool
to_params(const struct campaign *c, struct params *pp, struct arena *a)
{
	const struct targeting *t = &c->targeting;

	snprintf(pp->limits[0], sizeof(pp->limits[0]), "%lld", (long long)c->impressions_limit);
	snprintf(pp->limits[1], sizeof(pp->limits[1]), "%lld", (long long)c->clicks_limit);
	money_format(c->cost_per_impression, pp->costs[0]);
	money_format(c->cost_per_click, pp->costs[1]);
	snprintf(pp->days[0], sizeof(pp->days[0]), "%lld", (long long)c->start_date);
	snprintf(pp->days[1], sizeof(pp->days[1]), "%lld", (long long)c->end_date);
	snprintf(pp->ages[0], sizeof(pp->ages[0]), "%d", t->age_from);
	snprintf(pp->ages[1], sizeof(pp->ages[1]), "%d", t->age_to);
	pp->p[COL_ID] = c->id.s;
	pp->p[COL_ADVERTISER] = c->advertiser_id.s;
	pp->p[COL_IMPRESSIONS_LIMIT] = pp->limits[0];
	pp->p[COL_CLICKS_LIMIT] = pp->limits[1];
	pp->p[COL_COST_PER_IMPRESSION] = pp->costs[0];
	pp->p[COL_COST_PER_CLICK] = pp->costs[1];
	/* Texts point into a parsed body, not always NUL-terminated at their length: copy. */
	pp->p[COL_AD_TITLE] = arena_strndup(a, c->ad_title.s, c->ad_title.len);
	pp->p[COL_AD_TEXT] = arena_strndup(a, c->ad_text.s, c->ad_text.len);
	pp->p[COL_AD_IMAGE] =
	    c->ad_image.s ? arena_strndup(a, c->ad_image.s, c->ad_image.len) : NULL;
	pp->p[COL_START_DATE] = pp->days[0];
	pp->p[COL_END_DATE] = pp->days[1];
	pp->p[COL_GENDER] = t->gender >= 0 ? gender_names[t->gender] : NULL;
	pp->p[COL_AGE_FROM] = t->age_from >= 0 ? pp->ages[0] : NULL;
	pp->p[COL_AGE_TO] = t->age_to >= 0 ? pp->ages[1] : NULL;
	pp->p[COL_LOCATION] =
	    t->location.s ? arena_strndup(a, t->location.s, t->location.len) : NULL;
	return pp->p[COL_AD_TITLE] != NULL && pp->p[COL_AD_TEXT] != NULL &&
	    (c->ad_image.s == NULL || pp->p[COL_AD_IMAGE] != NULL) &&
	    (t->location.s == NULL || pp->p[COL_LOCATION] != NULL);
}

static bool
read_text(const struct db_res *res, int row, int col, struct arena *a, struct opt_str *out)
{
	if (db_null(res, row, col)) {
		out->s = NULL;
		out->len = 0;
		return true;
	}
	out->len = db_len(res, row, col);
	out->s = arena_strndup(a, db_val(res, row, col), out->len);
	return out->s != NULL;
}

static bool
read_money(const struct db_res *res, int row, int col, int64_t *out)
{
	const char *v = db_val(res, row, col);

	return money_parse(v, strlen(v), out) == MONEY_OK;
}

static bool
read_opt_int(const struct db_res *res, int row, int col, int *out)
{
	long long v;

	if (db_null(res, row, col)) {
		*out = -1;
		return true;
	}
	if (!db_i64(res, row, col, &v))
		return false;
	*out = (int)v;
	return true;
}

/* Fills c from one result row; strings are copied into the arena. */
static bool
from_row(const struct db_res *res, int row, struct arena *a, struct campaign *c)
{
	struct targeting *t = &c->targeting;
	long long v[4];
	size_t i;

	if (!uuid_parse(db_val(res, row, COL_ID), db_len(res, row, COL_ID), &c->id) ||
	    !uuid_parse(db_val(res, row, COL_ADVERTISER), db_len(res, row, COL_ADVERTISER),
	        &c->advertiser_id) ||
	    !db_i64(res, row, COL_IMPRESSIONS_LIMIT, &v[0]) ||
	    !db_i64(res, row, COL_CLICKS_LIMIT, &v[1]) ||
	    !db_i64(res, row, COL_START_DATE, &v[2]) || !db_i64(res, row, COL_END_DATE, &v[3]) ||
	    !read_money(res, row, COL_COST_PER_IMPRESSION, &c->cost_per_impression) ||
	    !read_money(res, row, COL_COST_PER_CLICK, &c->cost_per_click) ||
	    !read_text(res, row, COL_AD_TITLE, a, &c->ad_title) ||
	    !read_text(res, row, COL_AD_TEXT, a, &c->ad_text) ||
	    !read_text(res, row, COL_AD_IMAGE, a, &c->ad_image) ||
	    !read_opt_int(res, row, COL_AGE_FROM, &t->age_from) ||
	    !read_opt_int(res, row, COL_AGE_TO, &t->age_to) ||
	    !read_text(res, row, COL_LOCATION, a, &t->location) || db_null(res, row, COL_BLOCKED)) {
		log_error("campaigns: unreadable row");
		return false;
	}
	c->impressions_limit = v[0];
	c->clicks_limit = v[1];
	c->start_date = v[2];
	c->end_date = v[3];
	c->blocked = db_val(res, row, COL_BLOCKED)[0] == 't';
	t->gender = -1;
	for (i = 0; !db_null(res, row, COL_GENDER) && i < 3; i++)
		if (strcmp(db_val(res, row, COL_GENDER), gender_names[i]) == 0)
			t->gender = (int)i;
	return true;
}

/* Mirrors the catalogue version to Redis so that every worker sees the change at once. */
static void
publish_change(struct store *s)
{
	long long version;

	if (store_growing_get(s, CATALOG_KEY, &version_stmt, true, &version) != 0)
		log_warn("campaigns: catalogue version not published; workers see the change late");
}

void
campaigns_publish(struct store *s)
{
	publish_change(s);
}

int
campaigns_get_by_id(
    struct store *s, const struct uuid_str *campaign_id, struct arena *a, struct campaign *out)
{
	const char *params[] = { campaign_id->s };
	struct db_res *res = NULL;
	int ret = -1;

	if (db_exec(s->db, &by_id_stmt, 1, params, &res) != DB_OK)
		goto done;
	ret = db_rows(res) == 0 ? 0 : from_row(res, 0, a, out) ? 1 : -1;
done:
	db_res_free(res);
	return ret;
}

int
campaigns_catalog_version(struct store *s, long long *version)
{
	return store_growing_get(s, CATALOG_KEY, &version_stmt, false, version);
}

enum db_status
campaigns_create(struct store *s, const struct campaign *c, struct arena *a)
{
	struct params pp;
	enum db_status st;

	if (!to_params(c, &pp, a))
		return DB_ERROR;
	st = db_exec(s->db, &insert_stmt, NCOLS, pp.p, NULL);
	if (st == DB_OK)
		publish_change(s);
	return st;
}

static int
get_one(struct store *s, const struct db_stmt *stmt, const struct uuid_str *advertiser_id,
    const struct uuid_str *campaign_id, struct arena *a, struct campaign *out)
{
	const char *params[] = { campaign_id->s, advertiser_id->s };
	struct db_res *res = NULL;
	int ret = -1;

	if (db_exec(s->db, stmt, 2, params, &res) != DB_OK)
		goto done;
	if (db_rows(res) == 0)
		ret = 0;
	else
		ret = from_row(res, 0, a, out) ? 1 : -1;
done:
	db_res_free(res);
	return ret;
}

int
campaigns_get(struct store *s, const struct uuid_str *advertiser_id,
    const struct uuid_str *campaign_id, struct arena *a, struct campaign *out)
{
	return get_one(s, &get_stmt, advertiser_id, campaign_id, a, out);
}

int
campaigns_update(struct store *s, const struct uuid_str *advertiser_id,
    const struct uuid_str *campaign_id, struct arena *a, campaign_update_fn decide, void *arg)
{
	struct campaign stored, updated;
	struct params pp;
	int ret = -1, r;

	if (db_begin(s->db) != DB_OK)
		return -1;
	r = get_one(s, &lock_stmt, advertiser_id, campaign_id, a, &stored);
	if (r <= 0) {
		ret = r;
		goto done;
	}
	updated = stored;
	r = decide(arg, &stored, &updated);
	if (r != 0) {
		ret = r == 1 ? 2 : -1; /* refused: nothing is written */
		goto done;
	}
	if (!to_params(&updated, &pp, a) ||
	    db_exec(s->db, &update_stmt, NCOLS, pp.p, NULL) != DB_OK || db_commit(s->db) != DB_OK)
		goto done;
	publish_change(s);
	return 1;
done:
	db_rollback(s->db);
	return ret;
}

int
campaigns_delete(
    struct store *s, const struct uuid_str *advertiser_id, const struct uuid_str *campaign_id)
{
	const char *params[] = { campaign_id->s, advertiser_id->s };
	struct db_res *res = NULL;
	int ret = -1;

	if (db_exec(s->db, &delete_stmt, 2, params, &res) != DB_OK)
		return -1;
	ret = db_rows(res) > 0 ? 1 : 0;
	db_res_free(res);
	if (ret > 0)
		publish_change(s);
	return ret;
}

int
campaigns_list(struct store *s, const struct uuid_str *advertiser_id, int64_t size, int64_t page,
    struct arena *a, struct campaign **out, size_t *n, int64_t *total)
{
	char limit[24], offset[24];
	const char *params[] = { advertiser_id->s, limit, offset };
	struct db_res *res = NULL;
	long long count;
	int i, ret = -1;

	*out = NULL;
	*n = 0;
	if (db_exec(s->db, &count_stmt, 1, params, &res) != DB_OK || db_rows(res) != 1 ||
	    !db_i64(res, 0, 0, &count))
		goto done;
	*total = count;
	db_res_free(res);
	res = NULL;
	if (size == 0 || (page - 1) * size >= count) {
		ret = 0;
		goto done;
	}
	snprintf(limit, sizeof(limit), "%lld", (long long)size);
	snprintf(offset, sizeof(offset), "%lld", (long long)((page - 1) * size));
	if (db_exec(s->db, &page_stmt, 3, params, &res) != DB_OK)
		goto done;
	*out = arena_alloc(a, (size_t)db_rows(res) * sizeof(**out) + 1);
	if (*out == NULL)
		goto done;
	for (i = 0; i < db_rows(res); i++)
		if (!from_row(res, i, a, &(*out)[i]))
			goto done;
	*n = (size_t)db_rows(res);
	ret = 0;
done:
	db_res_free(res);
	return ret;
}

static bool
read_counters(const struct db_res *res, int row, int col, struct catalog_entry *e)
{
	long long v[3];

	if (!db_i64(res, row, col, &v[0]) || !db_i64(res, row, col + 1, &v[1]) ||
	    !db_i64(res, row, col + 2, &v[2]))
		return false;
	e->impressions = v[0];
	e->clicks = v[1];
	e->day_impressions = v[2];
	return true;
}

/* The snapshot's xmin of a counters read: where the next one starts. */
static bool
read_mark(const struct db_res *res, int row, int col, struct catalog *cat)
{
	long long mark;

	if (!db_i64(res, row, col, &mark))
		return false;
	cat->counters_mark = mark;
	return true;
}

int
campaigns_load_running(struct store *s, struct catalog *cat, int64_t day, long long version)
{
	char day_str[24];
	const char *params[] = { day_str };
	struct db_res *res = NULL;
	struct arena tmp;
	int i, ret = -1;

	snprintf(day_str, sizeof(day_str), "%lld", (long long)day);
	arena_init(&tmp);
	catalog_reset(cat, day, version);
	if (db_exec(s->db, &running_stmt, 1, params, &res) != DB_OK)
		goto done;
	for (i = 0; i < db_rows(res); i++) {
		struct catalog_entry e;

		memset(&e, 0, sizeof(e));
		/* Strings land in tmp first; catalog_add copies them into the catalogue. */
		if (!from_row(res, i, &tmp, &e.c) || !read_counters(res, i, NREAD, &e) ||
		    !read_mark(res, i, NREAD + 3, cat) || catalog_add(cat, &e) != 0)
			goto done;
		arena_reset(&tmp);
	}
	if (catalog_build(cat) != 0)
		goto done;
	ret = 0;
done:
	if (ret != 0)
		catalog_reset(cat, -1, -1);
	db_res_free(res);
	arena_free(&tmp);
	return ret;
}

int
campaigns_refresh_counters(struct store *s, struct catalog *cat)
{
	char day_str[24], mark_str[24];
	const char *params[] = { day_str, mark_str };
	struct db_res *res = NULL;
	int i, ret = -1;

	/* An empty catalogue has no mark: nothing to refresh. */
	if (cat->counters_mark < 0)
		return 0;
	snprintf(day_str, sizeof(day_str), "%lld", (long long)cat->day);
	snprintf(mark_str, sizeof(mark_str), "%lld", (long long)cat->counters_mark);
	if (db_exec(s->db, &counters_stmt, 2, params, &res) != DB_OK)
		goto done;
	for (i = 0; i < db_rows(res); i++) {
		struct catalog_entry *e = catalog_find(cat, db_val(res, i, 0));

		if (e != NULL && !read_counters(res, i, 1, e))
			goto done;
	}
	/* Every row carries the mark; no row (nothing changed) keeps the one we have. */
	if (db_rows(res) > 0 && !read_mark(res, 0, 4, cat))
		goto done;
	ret = 0;
done:
	db_res_free(res);
	return ret;
}

/* Images (API.md section 7): ad_image holds the public URL, ad_image_key the object's key. */

static const struct db_stmt image_key_stmt = {
	"campaigns_image_key",
	"SELECT ad_image_key FROM campaigns "
	"WHERE campaign_id = $1 AND advertiser_id = $2 AND deleted_at IS NULL",
};

static const struct db_stmt set_image_stmt = {
	"campaigns_set_image",
	"WITH old AS (SELECT campaign_id, ad_image_key FROM campaigns "
	"  WHERE campaign_id = $1 AND advertiser_id = $2 AND deleted_at IS NULL FOR UPDATE) "
	"UPDATE campaigns c SET ad_image = $3, ad_image_key = $4 FROM old "
	"WHERE c.campaign_id = old.campaign_id RETURNING old.ad_image_key",
};

static const struct db_stmt image_in_use_stmt = {
	"campaigns_image_in_use",
	"SELECT 1 FROM campaigns WHERE ad_image_key = $1 AND deleted_at IS NULL LIMIT 1",
};

/* One optional text of a one-row result, copied to the arena. */
static bool
read_key(const struct db_res *res, struct arena *a, char **key)
{
	*key = NULL;
	if (db_null(res, 0, 0))
		return true;
	*key = arena_strndup(a, db_val(res, 0, 0), db_len(res, 0, 0));
	return *key != NULL;
}

int
campaigns_image_key(struct store *s, const struct uuid_str *advertiser_id,
    const struct uuid_str *campaign_id, struct arena *a, char **key)
{
	const char *params[] = { campaign_id->s, advertiser_id->s };
	struct db_res *res = NULL;
	int ret = -1;

	if (db_exec(s->db, &image_key_stmt, 2, params, &res) != DB_OK)
		goto done;
	if (db_rows(res) == 0)
		ret = 0;
	else
		ret = read_key(res, a, key) ? 1 : -1;
done:
	db_res_free(res);
	return ret;
}

int
campaigns_set_image(struct store *s, const struct uuid_str *advertiser_id,
    const struct uuid_str *campaign_id, const char *key, const char *url, struct arena *a,
    char **old_key)
{
	const char *params[] = { campaign_id->s, advertiser_id->s, url, key };
	struct db_res *res = NULL;
	int ret = -1;

	*old_key = NULL;
	if (db_exec(s->db, &set_image_stmt, 4, params, &res) != DB_OK)
		goto done;
	if (db_rows(res) == 0) {
		ret = 0;
		goto done;
	}
	ret = read_key(res, a, old_key) ? 1 : -1;
	publish_change(s);
done:
	db_res_free(res);
	return ret;
}

int
campaigns_image_in_use(struct store *s, const char *key)
{
	const char *params[] = { key };
	struct db_res *res = NULL;
	int ret = -1;

	if (db_exec(s->db, &image_in_use_stmt, 1, params, &res) == DB_OK)
		ret = db_rows(res) > 0 ? 1 : 0;
	db_res_free(res);
	return ret;
}
