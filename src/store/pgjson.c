/* pgjson.c -- rows of JSON text from PostgreSQL, parsed into json-c values. */
#include <stdio.h>

#include "core/jv.h"
#include "core/log.h"
#include "store/pgjson.h"

static struct json_object *
parse_cell(const struct db_res *res, int row)
{
	char err[128];
	struct json_object *o;

	if (db_null(res, row, 0))
		return NULL;
	o = jv_parse(db_val(res, row, 0), db_len(res, row, 0), err, sizeof(err));
	if (o == NULL)
		log_error("pgjson: unreadable document: %s", err);
	return o;
}

int
pgjson_rows(struct db *db, const struct db_stmt *stmt, int nparams, const char *const *params,
    struct json_object **out)
{
	struct db_res *res = NULL;
	struct json_object *arr = NULL;
	int i, ret = -1;

	*out = NULL;
	if (db_exec(db, stmt, nparams, params, &res) != DB_OK)
		goto done;
	arr = json_object_new_array_ext(db_rows(res) > 0 ? db_rows(res) : 1);
	if (arr == NULL)
		goto done;
	for (i = 0; i < db_rows(res); i++) {
		struct json_object *o = parse_cell(res, i);

		if (o == NULL || json_object_array_add(arr, o) != 0) {
			json_object_put(o);
			goto done;
		}
	}
	*out = arr;
	arr = NULL;
	ret = 0;
done:
	json_object_put(arr);
	db_res_free(res);
	return ret;
}

int
pgjson_one(struct db *db, const struct db_stmt *stmt, int nparams, const char *const *params,
    struct json_object **out)
{
	struct db_res *res = NULL;
	int ret = -1;

	*out = NULL;
	if (db_exec(db, stmt, nparams, params, &res) != DB_OK)
		goto done;
	if (db_rows(res) == 0 || db_null(res, 0, 0)) {
		ret = 0; /* no row, or a function's NULL for "no such thing" */
		goto done;
	}
	*out = parse_cell(res, 0);
	ret = *out != NULL ? 1 : -1;
done:
	db_res_free(res);
	return ret;
}

int
pgjson_page(struct db *db, const struct db_stmt *count_stmt, const struct db_stmt *page_stmt,
    int nparams, const char *const *params, long long size, long long page,
    struct json_object **out, long long *total)
{
	const char *all[PGJSON_PAGE_PARAMS_MAX + 2];
	char limit[24], offset[24];
	struct db_res *res = NULL;
	int i;

	*out = NULL;
	if (nparams > PGJSON_PAGE_PARAMS_MAX)
		return -1;
	if (db_exec(db, count_stmt, nparams, params, &res) != DB_OK || db_rows(res) != 1 ||
	    !db_i64(res, 0, 0, total)) {
		db_res_free(res);
		return -1;
	}
	db_res_free(res);
	for (i = 0; i < nparams; i++)
		all[i] = params[i];
	snprintf(limit, sizeof(limit), "%lld", size);
	snprintf(offset, sizeof(offset), "%lld", (page - 1) * size);
	all[nparams] = limit;
	all[nparams + 1] = offset;
	return pgjson_rows(db, page_stmt, nparams + 2, all, out);
}
