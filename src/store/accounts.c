/*
 * accounts.c -- accounts, sessions and failed logins in PostgreSQL. Session tokens come from
 * the kernel's random source; PostgreSQL keeps only their SHA-256.
 */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "core/log.h"
#include "store/accounts.h"
#include "store/audit.h"

const char *const role_names[] = { "moderator", "admin" };

static const struct db_stmt insert_stmt = {
	"accounts_insert",
	"INSERT INTO accounts (login, role, password_hash) VALUES ($1, $2, $3) "
	"ON CONFLICT (login) DO NOTHING RETURNING login",
};

static const struct db_stmt get_stmt = {
	"accounts_get",
	"SELECT role, password_hash FROM accounts WHERE login = $1",
};

static const struct db_stmt session_insert_stmt = {
	"sessions_insert",
	"INSERT INTO sessions (token_hash, login, expires_at) "
	"VALUES (sha256(decode($1, 'hex')), $2, clock_timestamp() + make_interval(secs => $3))",
};

static const struct db_stmt session_lookup_stmt = {
	"sessions_lookup",
	"SELECT a.login, a.role FROM sessions s JOIN accounts a USING (login) "
	"WHERE s.token_hash = sha256(decode($1, 'hex')) AND s.revoked_at IS NULL "
	"  AND s.expires_at > clock_timestamp()",
};

static const struct db_stmt session_revoke_stmt = {
	"sessions_revoke",
	"UPDATE sessions SET revoked_at = clock_timestamp() "
	"WHERE token_hash = sha256(decode($1, 'hex')) AND revoked_at IS NULL",
};

static const struct db_stmt failures_count_stmt = {
	"login_failures_count",
	"SELECT (SELECT count(*) FROM login_failures WHERE login = $1 "
	"          AND at > clock_timestamp() - make_interval(secs => $3)), "
	"       (SELECT count(*) FROM login_failures WHERE address = $2 "
	"          AND at > clock_timestamp() - make_interval(secs => $3))",
};

static const struct db_stmt failures_note_stmt = {
	"login_failures_note",
	"INSERT INTO login_failures (login, address) VALUES ($1, $2)",
};

static const struct db_stmt failures_clear_stmt = {
	"login_failures_clear",
	"DELETE FROM login_failures WHERE login = $1",
};

bool
account_login_valid(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > ACCOUNT_LOGIN_MAX)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		        c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

int
account_role_parse(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < NELEM(role_names); i++)
		if (strlen(role_names[i]) == len && memcmp(role_names[i], s, len) == 0)
			return (int)i;
	return -1;
}

int
accounts_create(
    struct store *s, const struct account *a, const char *password_hash, const char *actor)
{
	const char *params[] = { a->login, role_names[a->role], password_hash };
	struct db_res *res = NULL;
	char detail[ACCOUNT_LOGIN_MAX + 32];
	int ret = -1;

	snprintf(detail, sizeof(detail), "login %s, role %s", a->login, role_names[a->role]);
	if (db_begin(s->db) != DB_OK)
		return -1;
	if (db_exec(s->db, &insert_stmt, 3, params, &res) != DB_OK)
		goto done;
	if (db_rows(res) == 0) {
		ret = 0;
		goto done;
	}
	if (audit_append(s, actor, "account_created", NULL, detail) != 0)
		goto done;
	db_res_free(res);
	res = NULL;
	if (db_commit(s->db) != DB_OK)
		goto done;
	return 1;
done:
	db_res_free(res);
	db_rollback(s->db);
	return ret;
}

/* Copies login and role from row; false when they are unreadable. */
static bool
read_account(const struct db_res *res, int row, int login_col, int role_col, struct account *out)
{
	const char *role = db_val(res, row, role_col);
	int r = account_role_parse(role, strlen(role));

	if (login_col >= 0 &&
	    snprintf(out->login, sizeof(out->login), "%s", db_val(res, row, login_col)) >=
	        (int)sizeof(out->login))
		return false;
	if (r < 0)
		return false;
	out->role = (enum role)r;
	return true;
}

int
accounts_get(struct store *s, const char *login, struct account *out, char hash[PASSWORD_HASH_MAX])
{
	const char *params[] = { login };
	struct db_res *res = NULL;
	int ret = -1;

	if (db_exec(s->db, &get_stmt, 1, params, &res) != DB_OK)
		goto done;
	if (db_rows(res) == 0) {
		ret = 0;
		goto done;
	}
	if (snprintf(out->login, sizeof(out->login), "%s", login) >= (int)sizeof(out->login) ||
	    !read_account(res, 0, -1, 0, out) ||
	    snprintf(hash, PASSWORD_HASH_MAX, "%s", db_val(res, 0, 1)) >= PASSWORD_HASH_MAX) {
		log_error("accounts: unreadable account %s", login);
		goto done;
	}
	ret = 1;
done:
	db_res_free(res);
	return ret;
}

/* Whether token is exactly SESSION_TOKEN_LEN lower-case hex digits. */
static bool
token_valid(const char *token)
{
	size_t i;

	for (i = 0; i < SESSION_TOKEN_LEN; i++)
		if (!((token[i] >= '0' && token[i] <= '9') || (token[i] >= 'a' && token[i] <= 'f')))
			return false;
	return token[SESSION_TOKEN_LEN] == '\0';
}

int
sessions_create(struct store *s, const char *login, int ttl_s, char token[SESSION_TOKEN_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[SESSION_TOKEN_BYTES];
	char ttl[16];
	const char *params[] = { token, login, ttl };
	size_t i;

	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw)) {
		log_error("sessions: no randomness for a token");
		return -1;
	}
	for (i = 0; i < sizeof(raw); i++) {
		token[2 * i] = hex[raw[i] >> 4];
		token[2 * i + 1] = hex[raw[i] & 15];
	}
	token[SESSION_TOKEN_LEN] = '\0';
	snprintf(ttl, sizeof(ttl), "%d", ttl_s);
	return db_exec(s->db, &session_insert_stmt, 3, params, NULL) == DB_OK ? 0 : -1;
}

int
sessions_lookup(struct store *s, const char *token, struct account *out)
{
	const char *params[] = { token };
	struct db_res *res = NULL;
	int ret = -1;

	if (!token_valid(token))
		return 0;
	if (db_exec(s->db, &session_lookup_stmt, 1, params, &res) != DB_OK)
		goto done;
	ret = db_rows(res) == 0 ? 0 : read_account(res, 0, 0, 1, out) ? 1 : -1;
done:
	db_res_free(res);
	return ret;
}

int
sessions_revoke(struct store *s, const char *token)
{
	const char *params[] = { token };

	if (!token_valid(token))
		return 0;
	return db_exec(s->db, &session_revoke_stmt, 1, params, NULL) == DB_OK ? 0 : -1;
}

int
login_failures_count(struct store *s, const char *login, const char *address, int window_s,
    long long *by_login, long long *by_address)
{
	char window[16];
	const char *params[] = { login, address, window };
	struct db_res *res = NULL;
	int ret = -1;

	snprintf(window, sizeof(window), "%d", window_s);
	if (db_exec(s->db, &failures_count_stmt, 3, params, &res) == DB_OK && db_rows(res) == 1 &&
	    db_i64(res, 0, 0, by_login) && db_i64(res, 0, 1, by_address))
		ret = 0;
	db_res_free(res);
	return ret;
}

int
login_failures_note(struct store *s, const char *login, const char *address)
{
	const char *params[] = { login, address };

	return db_exec(s->db, &failures_note_stmt, 2, params, NULL) == DB_OK ? 0 : -1;
}

int
login_failures_clear(struct store *s, const char *login)
{
	const char *params[] = { login };

	return db_exec(s->db, &failures_clear_stmt, 1, params, NULL) == DB_OK ? 0 : -1;
}
