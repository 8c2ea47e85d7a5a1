/*
 * db.c -- the PostgreSQL connection (the only user of libpq).
 *
 * Every call has a deadline: statements run asynchronously and are waited for with poll(),
 * so a stalled server costs a request DB_CALL_TIMEOUT_MS, never a worker for good. A server
 * that cannot be reached is not tried again for DB_RETRY_AFTER_MS, so an outage costs each
 * request one fast failure. A statement that failed because the connection broke is run once
 * more on a fresh connection when that is safe (it was never sent, or it is marked retry).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/log.h"
#include "core/mono.h"
#include "store/db.h"

/* Statements a connection has prepared; far more than the project declares. */
#define DB_MAX_PREPARED 256
/* libpq's connect_timeout, in seconds (its minimum is 2). */
#define DB_CONNECT_TIMEOUT "2"
/* The server cancels a statement after this long: no request of ours needs more. */
#define DB_STATEMENT_TIMEOUT "-c statement_timeout=10000"
/* The client's own deadline on any call, for a server that stopped answering at all. */
#define DB_CALL_TIMEOUT_MS 12000
/* After a failed connection attempt, calls fail at once for this long. */
#define DB_RETRY_AFTER_MS 500

struct db {
	PGconn *conn;
	char *conninfo;
	const struct db_stmt *prepared[DB_MAX_PREPARED];
	size_t nprepared;
	int64_t down_until_ms; /* no connection attempt before this (mono_ms) */
	bool outage; /* a call failed because the server was out of reach */
};

struct db_res {
	PGresult *res;
};

static void
drop(struct db *db)
{
	if (db->conn != NULL)
		PQfinish(db->conn);
	db->conn = NULL;
	db->nprepared = 0;
}

/*
 * The server's notices and warnings (say, "terminating connection due to immediate shutdown")
 * go to the log as its other lines do, instead of libpq's default: raw text on stderr.
 */
static void
notice(void *arg, const char *message)
{
	size_t n = strlen(message);

	(void)arg;
	while (n > 0 && message[n - 1] == '\n')
		n--;
	log_warn("postgres: %.*s", (int)n, message);
}

static bool
db_connect(struct db *db)
{
	/* Settings before "dbname" are defaults that the conninfo string may override. */
	static const char *const keys[] = { "connect_timeout", "keepalives", "keepalives_idle",
		"keepalives_interval", "keepalives_count", "tcp_user_timeout", "options", "dbname",
		NULL };
	const char *values[] = { DB_CONNECT_TIMEOUT, "1", "10", "3", "3", "10000",
		DB_STATEMENT_TIMEOUT, db->conninfo, NULL };

	drop(db);
	db->conn = PQconnectdbParams(keys, values, 1);
	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK) {
		log_error("postgres: cannot connect: %s",
		    db->conn ? PQerrorMessage(db->conn) : "out of memory");
		drop(db);
		db->outage = true;
		db->down_until_ms = mono_ms() + DB_RETRY_AFTER_MS;
		return false;
	}
	PQsetNoticeProcessor(db->conn, notice, NULL);
	if (PQsetnonblocking(db->conn, 1) != 0)
		log_warn("postgres: cannot make the connection non-blocking");
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
	drop(db);
	free(db->conninfo);
	free(db);
}

bool
db_outage(const struct db *db)
{
	return db->outage;
}

void
db_clear_outage(struct db *db)
{
	db->outage = false;
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
	if (mono_ms() < db->down_until_ms) {
		db->outage = true;
		return false;
	}
	if (db->conn != NULL)
		log_warn("postgres: connection lost, reconnecting");
	return db_connect(db);
}

/* SQLSTATE classes that say the server is away or overloaded, not that the statement is wrong. */
static bool
outage_state(const char *state)
{
	return state != NULL &&
	    (strncmp(state, "08", 2) == 0 || strncmp(state, "53", 2) == 0 ||
	        strncmp(state, "57P", 3) == 0 || strcmp(state, "57014") == 0);
}

/* Flushes what was sent and waits for the last result, within the deadline; NULL on failure. */
static PGresult *
wait_result(struct db *db, const char *what)
{
	int64_t deadline = mono_ms() + DB_CALL_TIMEOUT_MS;
	PGresult *last = NULL, *res;
	int sock = PQsocket(db->conn);

	for (;;) {
		int flush = PQflush(db->conn);

		while (flush == 1 || PQisBusy(db->conn)) {
			struct pollfd pfd = { sock, POLLIN | (flush == 1 ? POLLOUT : 0), 0 };
			int64_t left = deadline - mono_ms();

			if (flush < 0 || left <= 0 ||
			    (poll(&pfd, 1, (int)left) < 0 && errno != EINTR)) {
				log_error("postgres: %s: %s", what,
				    flush < 0 ? PQerrorMessage(db->conn) : "no answer in time");
				goto broken;
			}
			if (PQconsumeInput(db->conn) == 0) {
				log_error("postgres: %s: %s", what, PQerrorMessage(db->conn));
				goto broken;
			}
			if (flush == 1)
				flush = PQflush(db->conn);
		}
		res = PQgetResult(db->conn);
		if (res == NULL)
			return last;
		PQclear(last);
		last = res;
	}
broken:
	PQclear(last);
	drop(db);
	db->outage = true;
	return NULL;
}

/* DB_OK, or DB_ERROR logged; a broken connection or an outage state marks an outage. */
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
	if (res == NULL)
		return DB_ERROR; /* wait_result logged it */
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	log_error("postgres: %s failed (%s): %s", what, state ? state : "no state",
	    PQresultErrorMessage(res));
	if (outage_state(state) || PQstatus(db->conn) != CONNECTION_OK)
		db->outage = true;
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

/*
 * Runs one step of a statement (prepare it, or execute it) and returns its result; NULL when
 * the connection broke. *sent tells whether the request left this process.
 */
static PGresult *
run_step(struct db *db, const struct db_stmt *stmt, bool prepare, int nparams,
    const char *const *params, bool *sent)
{
	int ok = prepare
	    ? PQsendPrepare(db->conn, stmt->name, stmt->sql, 0, NULL)
	    : PQsendQueryPrepared(db->conn, stmt->name, nparams, params, NULL, NULL, 0);

	*sent = ok != 0;
	if (!ok) {
		log_error("postgres: cannot send %s: %s", stmt->name, PQerrorMessage(db->conn));
		drop(db);
		db->outage = true;
		return NULL;
	}
	return wait_result(db, stmt->name);
}

static enum db_status
exec_once(struct db *db, const struct db_stmt *stmt, int nparams, const char *const *params,
    struct db_res **out, bool *sent)
{
	PGresult *res;
	enum db_status st;

	*sent = false;
	if (!db_ready(db))
		return DB_ERROR;
	if (!is_prepared(db, stmt)) {
		if (db->nprepared == DB_MAX_PREPARED) {
			log_error("postgres: too many prepared statements");
			return DB_ERROR;
		}
		res = run_step(db, stmt, true, 0, NULL, sent);
		*sent = false; /* a prepared statement changes nothing yet */
		st = status_of(db, res, stmt->name);
		PQclear(res);
		if (st != DB_OK)
			return st;
		db->prepared[db->nprepared++] = stmt;
	}
	res = run_step(db, stmt, false, nparams, params, sent);
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

enum db_status
db_exec(struct db *db, const struct db_stmt *stmt, int nparams, const char *const *params,
    struct db_res **out)
{
	bool in_tx, sent;
	enum db_status st;

	if (out != NULL)
		*out = NULL;
	in_tx = db->conn != NULL && PQtransactionStatus(db->conn) != PQTRANS_IDLE;
	st = exec_once(db, stmt, nparams, params, out, &sent);
	/* Once more on a fresh connection when the old one broke and running again is safe. */
	if (st != DB_OK && (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK) && !in_tx &&
	    (stmt->retry || !sent) && mono_ms() >= db->down_until_ms) {
		log_warn("postgres: running %s again on a new connection", stmt->name);
		st = exec_once(db, stmt, nparams, params, out, &sent);
	}
	return st;
}

/* Runs a statement without parameters, with the same deadline; no retry. */
static enum db_status
simple(struct db *db, const char *sql, const char *what)
{
	PGresult *res;
	enum db_status st;

	if (!PQsendQuery(db->conn, sql)) {
		log_error("postgres: cannot send %s: %s", what, PQerrorMessage(db->conn));
		drop(db);
		db->outage = true;
		return DB_ERROR;
	}
	res = wait_result(db, what);
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
	if (db->conn == NULL)
		return DB_ERROR;
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
	return db_ready(db) && simple(db, "SELECT 1", "ping") == DB_OK;
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
