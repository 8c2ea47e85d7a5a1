/*
 * db.h -- the PostgreSQL connection: prepared statements, parameters, results.
 *
 * The only module that sees libpq. Statements are declared once as const struct db_stmt and
 * prepared on first use on each connection; every value travels as a parameter. A broken
 * connection is re-established on the next call.
 */
#ifndef BB_DB_H
#define BB_DB_H

#include <stdbool.h>
#include <stddef.h>

#include "core/compat.h"

struct db;
struct db_res;

struct db_stmt {
	const char *name; /* unique per statement, e.g. "clients_get" */
	const char *sql;
	/*
	 * Safe to run twice (a read, or a write idempotent by its keys): when the connection
	 * breaks under it, it is run once more on a fresh one.
	 */
	bool retry;
};

enum db_status {
	DB_OK = 0,
	DB_ERROR = -1, /* logged; the caller answers 500 */
};

/* Connects with a libpq conninfo string. Returns NULL only when out of memory. */
struct db *db_open(const char *conninfo) WUR;
void db_close(struct db *db);
/*
 * True when a call failed since db_clear_outage because the server was out of reach (down,
 * restarting, overloaded, too slow): the request should answer 503, not 500.
 */
bool db_outage(const struct db *db);
void db_clear_outage(struct db *db);
/* Checks the connection with a round trip, reconnecting once if it was lost. */
bool db_ping(struct db *db) WUR;

/*
 * Runs stmt with nparams text parameters (NULL for SQL NULL). When out is not NULL and the
 * statement returned rows, *out receives the result, to be freed with db_res_free.
 */
enum db_status db_exec(struct db *db, const struct db_stmt *stmt, int nparams,
    const char *const *params, struct db_res **out) WUR;
/* Runs a script of several statements without parameters (migrations only). */
enum db_status db_exec_script(struct db *db, const char *sql) WUR;

enum db_status db_begin(struct db *db) WUR;
enum db_status db_commit(struct db *db) WUR;
/* Rolls back an open transaction; safe to call when none is open. */
void db_rollback(struct db *db);

int db_rows(const struct db_res *res);
const char *db_val(const struct db_res *res, int row, int col);
size_t db_len(const struct db_res *res, int row, int col);
bool db_null(const struct db_res *res, int row, int col);
/* Reads an integer column; false when it is NULL or not an integer. */
bool db_i64(const struct db_res *res, int row, int col, long long *out) WUR;
void db_res_free(struct db_res *res);

/* Subscribes this connection to NOTIFY on channel (a fixed identifier, not a value). */
enum db_status db_listen(struct db *db, const char *channel) WUR;
/*
 * Waits up to timeout_ms for a notification on a channel listened to, and consumes all that
 * arrived: 1 notified, 0 timed out (or a signal came), -1 the connection failed.
 */
int db_wait_notify(struct db *db, int timeout_ms) WUR;

#endif
