/* audit.c -- appending to and reading the audit log (never changing it). */
#include "store/audit.h"
#include "store/pgjson.h"

static const struct db_stmt append_stmt = {
	"audit_append",
	"INSERT INTO audit_log (actor, action, campaign_id, detail) VALUES ($1, $2, $3, $4)",
};

static const struct db_stmt count_stmt = {
	"audit_count",
	"SELECT count(*) FROM audit_log",
};

static const struct db_stmt page_stmt = {
	"audit_page",
	"SELECT json_build_object('at', iso_time(at), 'actor', actor, 'action', action, "
	"  'campaign_id', campaign_id, 'detail', detail) "
	"FROM audit_log ORDER BY id DESC LIMIT $1 OFFSET $2",
};

int
audit_append(struct store *s, const char *actor, const char *action, const char *campaign_id,
    const char *detail)
{
	const char *params[] = { actor, action, campaign_id, detail };

	return db_exec(s->db, &append_stmt, 4, params, NULL) == DB_OK ? 0 : -1;
}

int
audit_page(
    struct store *s, long long size, long long page, struct json_object **out, long long *total)
{
	return pgjson_page(s->db, &count_stmt, &page_stmt, 0, NULL, size, page, out, total);
}
