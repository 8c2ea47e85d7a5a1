/* advertisers.c -- persistence of advertisers. */
#include "core/buf.h"
#include "core/log.h"
#include "store/store.h"

/* The whole bulk travels as one jsonb parameter, so one statement writes all or nothing. */
static const struct db_stmt upsert_stmt = {
	"advertisers_upsert",
	"INSERT INTO advertisers (advertiser_id, name) "
	"SELECT advertiser_id, name "
	"FROM jsonb_to_recordset($1::jsonb) AS x(advertiser_id uuid, name text) "
	"ORDER BY advertiser_id " /* rows are locked in key order: no deadlock between bulks */
	"ON CONFLICT (advertiser_id) DO UPDATE SET name = EXCLUDED.name",
	true,
};

static const struct db_stmt get_stmt = {
	"advertisers_get",
	"SELECT name FROM advertisers WHERE advertiser_id = $1",
	true,
};

static const struct db_stmt exists_stmt = {
	"advertisers_exists",
	"SELECT 1 FROM advertisers WHERE advertiser_id = $1",
	true,
};

enum db_status
advertisers_upsert(struct store *s, const struct advertiser *items, const size_t *keep, size_t n)
{
	struct buf b;
	const char *params[1];
	enum db_status st;
	size_t i;

	if (n == 0)
		return DB_OK;
	buf_init(&b);
	buf_putc(&b, '[');
	for (i = 0; i < n; i++) {
		const struct advertiser *adv = &items[keep[i]];

		buf_puts(&b, i ? ",{\"advertiser_id\":\"" : "{\"advertiser_id\":\"");
		buf_puts(&b, adv->id.s);
		buf_puts(&b, "\",\"name\":");
		buf_json_str(&b, adv->name, adv->name_len);
		buf_putc(&b, '}');
	}
	buf_putc(&b, ']');
	if (b.failed) {
		log_error("advertisers: out of memory building a bulk of %zu", n);
		buf_free(&b);
		return DB_ERROR;
	}
	params[0] = b.data;
	st = db_exec(s->db, &upsert_stmt, 1, params, NULL);
	buf_free(&b);
	return st;
}

int
advertisers_get(struct store *s, const struct uuid_str *id, struct arena *a, struct advertiser *out)
{
	const char *params[] = { id->s };
	struct db_res *res = NULL;
	int ret = -1;

	if (db_exec(s->db, &get_stmt, 1, params, &res) != DB_OK)
		goto done;
	if (db_rows(res) == 0) {
		ret = 0;
		goto done;
	}
	out->id = *id;
	out->name_len = db_len(res, 0, 0);
	out->name = arena_strndup(a, db_val(res, 0, 0), out->name_len);
	ret = out->name != NULL ? 1 : -1;
done:
	db_res_free(res);
	return ret;
}

int
advertisers_exists(struct store *s, const struct uuid_str *id)
{
	const char *params[] = { id->s };
	struct db_res *res = NULL;
	int ret = -1;

	if (db_exec(s->db, &exists_stmt, 1, params, &res) == DB_OK)
		ret = db_rows(res) > 0;
	db_res_free(res);
	return ret;
}
