/* db.c -- the PostgreSQL connection (the only user of libpq). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/log.h"
#include "store/db.h"

/* Statements a connection has prepared; far more than the project declares. */
#define DB_MAX_PREPARED 256

struct db {
	PGconn *conn;
	char *conninfo;
	const struct db_stmt *prepared[DB_MAX_PREPARED];
	size_t nprepared;
};

struct db_res {
	PGresult *res;
};

static bool
db_connect(struct db *db)
{
	if (db->conn != NULL)
		PQfinish(db->conn);
	db->nprepared = 0;
	db->conn = PQconnectdb(db->conninfo);
	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK) {
		log_error("postgres: cannot connect: %s",
		    db->conn ? PQerrorMessage(db->conn) : "out of memory");
		return false;
	}
	return true;
}

struct db *
db_open(const char *conninfo)
{
	struct db *db = calloc(1, sizeof(*db));

	if (db == NULL)
		return NULL;
	db->conninfo = strdup(conninfo);
	if (db->conninfo == NULL) {
		free(db);
		return NULL;
	}
	(void)db_connect(db);
	return db;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->conn != NULL)
		PQfinish(db->conn);
	free(db->conninfo);
	free(db);
}

/*
 * Makes sure a usable connection exists. A connection that broke inside a transaction has
 * already failed a statement, so its caller is rolling back and nothing is lost by this.
 */
static bool
db_ready(struct db *db)
{
	if (db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK)
		return true;
	log_warn("postgres: connection lost, reconnecting");
	return db_connect(db);
}

static enum db_status
status_of(struct db *db, PGresult *res, const char *what)
{
	const char *state;

	switch (PQresultStatus(res)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
		return DB_OK;
	default:
		break;
	}
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	log_error("postgres: %s failed (%s): %s", what, state ? state : "no state",
	    PQerrorMessage(db->conn));
	return DB_ERROR;
}

static bool
is_prepared(const struct db *db, const struct db_stmt *stmt)
{
	size_t i;

	for (i = 0; i < db->nprepared; i++)
		if (db->prepared[i] == stmt)
			return true;
	return false;
}

static enum db_status
prepare(struct db *db, const struct db_stmt *stmt)
{
	PGresult *res;
	enum db_status st;

	if (is_prepared(db, stmt))
		return DB_OK;
	if (db->nprepared == DB_MAX_PREPARED) {
		log_error("postgres: too many prepared statements");
		return DB_ERROR;
	}
	res = PQprepare(db->conn, stmt->name, stmt->sql, 0, NULL);
	st = status_of(db, res, stmt->name);
	PQclear(res);
	if (st == DB_OK)
		db->prepared[db->nprepared++] = stmt;
	return st;
}

enum db_status
db_exec(struct db *db, const struct db_stmt *stmt, int nparams, const char *const *params,
    struct db_res **out)
{
	PGresult *res;
	enum db_status st;

	if (out != NULL)
		*out = NULL;
	if (!db_ready(db))
		return DB_ERROR;
	st = prepare(db, stmt);
	if (st != DB_OK)
		return st;
	res = PQexecPrepared(db->conn, stmt->name, nparams, params, NULL, NULL, 0);
	st = status_of(db, res, stmt->name);
	if (st == DB_OK && out != NULL && PQresultStatus(res) == PGRES_TUPLES_OK) {
		*out = malloc(sizeof(**out));
		if (*out == NULL) {
			PQclear(res);
			log_error("postgres: out of memory");
			return DB_ERROR;
		}
		(*out)->res = res;
		return DB_OK;
	}
	PQclear(res);
	return st;
}

static enum db_status
simple(struct db *db, const char *sql, const char *what)
{
	PGresult *res;
	enum db_status st;

	res = PQexec(db->conn, sql);
	st = status_of(db, res, what);
	PQclear(res);
	return st;
}

enum db_status
db_exec_script(struct db *db, const char *sql)
{
	if (!db_ready(db))
		return DB_ERROR;
	return simple(db, sql, "script");
}

enum db_status
db_begin(struct db *db)
{
	if (!db_ready(db))
		return DB_ERROR;
	return simple(db, "BEGIN", "BEGIN");
}

enum db_status
db_commit(struct db *db)
{
	return simple(db, "COMMIT", "COMMIT");
}

void
db_rollback(struct db *db)
{
	if (db->conn == NULL || PQtransactionStatus(db->conn) == PQTRANS_IDLE)
		return;
	(void)simple(db, "ROLLBACK", "ROLLBACK");
}

bool
db_ping(struct db *db)
{
	if (!db_ready(db))
		return false;
	if (simple(db, "SELECT 1", "ping") == DB_OK)
		return true;
	/* The server may have gone away since the last request: one fresh attempt. */
	return db_connect(db) && simple(db, "SELECT 1", "ping") == DB_OK;
}

int
db_rows(const struct db_res *res)
{
	return res ? PQntuples(res->res) : 0;
}

const char *
db_val(const struct db_res *res, int row, int col)
{
	return PQgetvalue(res->res, row, col);
}

size_t
db_len(const struct db_res *res, int row, int col)
{
	return (size_t)PQgetlength(res->res, row, col);
}

bool
db_null(const struct db_res *res, int row, int col)
{
	return PQgetisnull(res->res, row, col) != 0;
}

bool
db_i64(const struct db_res *res, int row, int col, long long *out)
{
	const char *s;
	char *end;

	if (db_null(res, row, col))
		return false;
	s = PQgetvalue(res->res, row, col);
	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno == 0 && end != s && *end == '\0';
}

void
db_res_free(struct db_res *res)
{
	if (res == NULL)
		return;
	PQclear(res->res);
	free(res);
}

/*
 * LISTEN/NOTIFY for background runners. The channel is a fixed identifier written by the
 * caller (never a value from a request).
 */
enum db_status
db_listen(struct db *db, const char *channel)
{
	char sql[96];

	if (!db_ready(db))
		return DB_ERROR;
	if (snprintf(sql, sizeof(sql), "LISTEN %s", channel) >= (int)sizeof(sql))
		return DB_ERROR;
	return simple(db, sql, "LISTEN");
}

int
db_wait_notify(struct db *db, int timeout_ms)
{
	struct pollfd pfd;
	PGnotify *n;
	int got = 0, rc;

	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK)
		return -1;
	pfd.fd = PQsocket(db->conn);
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (pfd.fd < 0)
		return -1;
	/* Notifications may already sit in libpq's buffer, read with an earlier result. */
	if ((n = PQnotifies(db->conn)) == NULL) {
		rc = poll(&pfd, 1, timeout_ms);
		if (rc < 0)
			return errno == EINTR ? 0 : -1;
		if (rc == 0)
			return 0;
		if (PQconsumeInput(db->conn) == 0) {
			log_error(
			    "postgres: waiting for notifications: %s", PQerrorMessage(db->conn));
			return -1;
		}
		n = PQnotifies(db->conn);
	}
	while (n != NULL) {
		got = 1;
		PQfreemem(n);
		n = PQnotifies(db->conn);
	}
	return got;
}
