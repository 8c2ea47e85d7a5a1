/* moderation.c -- batches of reports and campaigns for the moderation job. */
#include <stdio.h>

#include "core/log.h"
#include "store/audit.h"
#include "store/moderation.h"

static const struct db_stmt take_reports_stmt = {
	"moderation_take_reports",
	"SELECT r.report_id, r.campaign_id, NULL, "
	"  c.ad_title || E'\\n' || c.ad_text || coalesce(E'\\n' || r.message, '') "
	"FROM reports r JOIN campaigns c USING (campaign_id) "
	"WHERE r.flagged IS NULL ORDER BY r.created_at LIMIT $1 FOR UPDATE OF r SKIP LOCKED",
};

static const struct db_stmt take_campaigns_stmt = {
	"moderation_take_campaigns",
	"SELECT c.campaign_id, c.campaign_id, c.texts_version, c.ad_title || E'\\n' || c.ad_text "
	"FROM campaigns c LEFT JOIN campaign_screening s USING (campaign_id) "
	"WHERE c.deleted_at IS NULL AND (s.texts_version IS NULL OR s.texts_version < "
	"c.texts_version) "
	"ORDER BY c.created_at LIMIT $1 FOR UPDATE OF c SKIP LOCKED",
};

static const struct db_stmt report_verdict_stmt = {
	"moderation_report_verdict",
	"UPDATE reports SET flagged = $2, category = $3, classified_at = clock_timestamp() "
	"WHERE report_id = $1 AND flagged IS NULL",
};

static const struct db_stmt item_flag_stmt = {
	"moderation_item_flag",
	"UPDATE review_items SET flagged = true WHERE campaign_id = $1 AND state <> 'decided'",
};

static const struct db_stmt screened_stmt = {
	"moderation_screened",
	"INSERT INTO campaign_screening (campaign_id, texts_version, flagged, category) "
	"VALUES ($1, $2, $3, $4) ON CONFLICT (campaign_id) DO UPDATE SET "
	"  texts_version = EXCLUDED.texts_version, flagged = EXCLUDED.flagged, "
	"  category = EXCLUDED.category, screened_at = clock_timestamp()",
};

static const struct db_stmt screening_open_stmt = {
	"moderation_screening_open",
	"SELECT review_open($1, 'screening', true, NULL)",
};

int
moderation_take(struct store *s, bool reports, size_t limit, struct arena *a,
    struct moderation_item **items, size_t *n)
{
	char limit_text[24];
	const char *params[] = { limit_text };
	struct db_res *res = NULL;
	int i, k;

	*items = NULL;
	*n = 0;
	snprintf(limit_text, sizeof(limit_text), "%zu", limit);
	if (db_begin(s->db) != DB_OK)
		return -1;
	if (db_exec(s->db, reports ? &take_reports_stmt : &take_campaigns_stmt, 1, params, &res) !=
	    DB_OK)
		goto fail;
	if (db_rows(res) == 0) {
		db_res_free(res);
		return db_commit(s->db) == DB_OK ? 0 : -1;
	}
	*items = arena_alloc(a, (size_t)db_rows(res) * sizeof(**items));
	if (*items == NULL)
		goto fail;
	for (i = 0; i < db_rows(res); i++) {
		const char **f[] = { &(*items)[i].id, &(*items)[i].campaign_id,
			&(*items)[i].texts_version, &(*items)[i].text };

		for (k = 0; k < 4; k++) {
			*f[k] = db_null(res, i, k)
			    ? NULL
			    : arena_strndup(a, db_val(res, i, k), db_len(res, i, k));
			if (!db_null(res, i, k) && *f[k] == NULL)
				goto fail;
		}
	}
	*n = (size_t)db_rows(res);
	db_res_free(res);
	return 0;
fail:
	db_res_free(res);
	db_rollback(s->db);
	return -1;
}

int
moderation_report_verdict(
    struct store *s, const struct moderation_item *it, const struct classify_verdict *v)
{
	bool flagged = v->category != CLASSIFY_CLEAN;
	const char *params[] = { it->id, flagged ? "true" : "false",
		flagged ? classify_category_name(v->category) : NULL };
	const char *item[] = { it->campaign_id };

	if (db_exec(s->db, &report_verdict_stmt, 3, params, NULL) != DB_OK)
		return -1;
	if (!flagged)
		return 0;
	if (db_exec(s->db, &item_flag_stmt, 1, item, NULL) != DB_OK)
		return -1;
	return audit_append(
	    s, "batch", "report_flagged", it->campaign_id, classify_category_name(v->category));
}

int
moderation_campaign_verdict(
    struct store *s, const struct moderation_item *it, const struct classify_verdict *v)
{
	bool flagged = v->category != CLASSIFY_CLEAN;
	const char *params[] = { it->id, it->texts_version, flagged ? "true" : "false",
		flagged ? classify_category_name(v->category) : NULL };
	const char *item[] = { it->campaign_id };

	if (db_exec(s->db, &screened_stmt, 4, params, NULL) != DB_OK)
		return -1;
	if (!flagged)
		return 0;
	if (db_exec(s->db, &screening_open_stmt, 1, item, NULL) != DB_OK)
		return -1;
	return audit_append(
	    s, "batch", "screening_flagged", it->campaign_id, classify_category_name(v->category));
}

int
moderation_commit(struct store *s)
{
	return db_commit(s->db) == DB_OK ? 0 : -1;
}

void
moderation_abort(struct store *s)
{
	db_rollback(s->db);
}
