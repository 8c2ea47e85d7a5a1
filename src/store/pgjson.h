/*
 * pgjson.h -- statements whose rows are JSON documents built by PostgreSQL (json_build_object):
 * the admin API's nested answers, shaped once in SQL instead of field by field in C.
 */
#ifndef BB_PGJSON_H
#define BB_PGJSON_H

#include <stdint.h>

#include <json-c/json.h>

#include "core/compat.h"
#include "store/db.h"

/* Runs stmt; *out gets a JSON array of column 0 of every row, parsed. 0 or -1. */
int pgjson_rows(struct db *db, const struct db_stmt *stmt, int nparams, const char *const *params,
    struct json_object **out) WUR;
/* Like pgjson_rows for one row: 1 with *out set, 0 when no row (or NULL), -1 error. */
int pgjson_one(struct db *db, const struct db_stmt *stmt, int nparams, const char *const *params,
    struct json_object **out) WUR;
/*
 * One page: count_stmt takes params[0..nparams) and returns the total; page_stmt takes them
 * followed by LIMIT and OFFSET ($nparams+1, $nparams+2). page >= 1, size >= 0, and
 * (page - 1) * size must not overflow. 0 or -1.
 */
#define PGJSON_PAGE_PARAMS_MAX 6
int pgjson_page(struct db *db, const struct db_stmt *count_stmt, const struct db_stmt *page_stmt,
    int nparams, const char *const *params, long long size, long long page,
    struct json_object **out, long long *total) WUR;

#endif
