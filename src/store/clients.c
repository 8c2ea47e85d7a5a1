/* clients.c -- persistence of clients. */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "store/store.h"

/* The whole bulk travels as one jsonb parameter, so one statement writes all or nothing. */
static const struct db_stmt upsert_stmt = {
	"clients_upsert",
	"INSERT INTO clients (client_id, login, age, location, gender) "
	"SELECT client_id, login, age, location, gender "
	"FROM jsonb_to_recordset($1::jsonb) "
	"  AS x(client_id uuid, login text, age int, location text, gender text) "
	"ORDER BY client_id " /* rows are locked in key order: overlapping bulks never deadlock */
	"ON CONFLICT (client_id) DO UPDATE SET login = EXCLUDED.login, age = EXCLUDED.age, "
	"  location = EXCLUDED.location, gender = EXCLUDED.gender",
	true,
};

static const struct db_stmt get_stmt = {
	"clients_get",
	"SELECT login, age, location, gender FROM clients WHERE client_id = $1",
	true,
};

static const struct db_stmt ids_stmt = {
	"clients_ids",
	"SELECT client_id FROM clients WHERE client_id > $1 ORDER BY client_id LIMIT $2",
	true,
};

enum db_status
clients_upsert(struct store *s, const struct client *items, const size_t *keep, size_t n)
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
		const struct client *c = &items[keep[i]];

		buf_puts(&b, i ? ",{\"client_id\":\"" : "{\"client_id\":\"");
		buf_puts(&b, c->id.s);
		buf_puts(&b, "\",\"login\":");
		buf_json_str(&b, c->login, c->login_len);
		buf_puts(&b, ",\"age\":");
		buf_put_i64(&b, c->age);
		buf_puts(&b, ",\"location\":");
		buf_json_str(&b, c->location, c->location_len);
		buf_puts(&b, ",\"gender\":\"");
		buf_puts(&b, gender_names[c->gender]);
		buf_puts(&b, "\"}");
	}
	buf_putc(&b, ']');
	if (b.failed) {
		log_error("clients: out of memory building a bulk of %zu", n);
		buf_free(&b);
		return DB_ERROR;
	}
	params[0] = b.data;
	st = db_exec(s->db, &upsert_stmt, 1, params, NULL);
	buf_free(&b);
	return st;
}

int
clients_get(struct store *s, const struct uuid_str *id, struct arena *a, struct client *out)
{
	const char *params[] = { id->s };
	struct db_res *res = NULL;
	long long age;
	int ret = -1;

	if (db_exec(s->db, &get_stmt, 1, params, &res) != DB_OK)
		goto done;
	if (db_rows(res) == 0) {
		ret = 0;
		goto done;
	}
	out->id = *id;
	out->login_len = db_len(res, 0, 0);
	out->login = arena_strndup(a, db_val(res, 0, 0), out->login_len);
	out->location_len = db_len(res, 0, 2);
	out->location = arena_strndup(a, db_val(res, 0, 2), out->location_len);
	if (out->login == NULL || out->location == NULL || !db_i64(res, 0, 1, &age))
		goto done;
	out->age = (int)age;
	out->gender = strcmp(db_val(res, 0, 3), "MALE") == 0 ? GENDER_MALE : GENDER_FEMALE;
	ret = 1;
done:
	db_res_free(res);
	return ret;
}

int
clients_ids_after(
    struct store *s, const struct uuid_str *after, size_t limit, struct uuid_str *out, size_t *n)
{
	char limit_str[24];
	const char *params[] = { after->s, limit_str };
	struct db_res *res = NULL;
	int i, ret = -1;

	*n = 0;
	snprintf(limit_str, sizeof(limit_str), "%zu", limit);
	if (db_exec(s->db, &ids_stmt, 2, params, &res) != DB_OK)
		goto done;
	for (i = 0; i < db_rows(res) && (size_t)i < limit; i++)
		if (!uuid_parse(db_val(res, i, 0), db_len(res, i, 0), &out[i]))
			goto done;
	*n = (size_t)i;
	ret = 0;
done:
	db_res_free(res);
	return ret;
}
