/*
 * telegram.c -- the bot's rows in PostgreSQL: offset, link codes, chats, outbox. Codes are
 * drawn from the kernel's random source and stored as their SHA-256.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "core/log.h"
#include "core/sha256.h"
#include "store/telegram.h"

/* No 0/O or 1/I: codes are read off one screen and typed on another. */
static const char code_alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

static const struct db_stmt code_insert_stmt = {
	"telegram_code_insert",
	"INSERT INTO telegram_codes (code_hash, advertiser_id, expires_at) "
	"SELECT $1, advertiser_id, clock_timestamp() + make_interval(secs => $3::integer) "
	"FROM advertisers WHERE advertiser_id = $2 "
	"RETURNING to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
};

static const struct db_stmt link_stmt = {
	"telegram_link",
	"SELECT telegram_link($1, $2::bigint)",
};

static const struct db_stmt unlink_stmt = {
	"telegram_unlink",
	"DELETE FROM telegram_chats WHERE chat_id = $1::bigint RETURNING chat_id",
	true,
};

static const struct db_stmt chat_stmt = {
	"telegram_chat",
	"SELECT advertiser_id FROM telegram_chats WHERE chat_id = $1::bigint",
	true,
};

static const struct db_stmt offset_get_stmt = {
	"telegram_offset_get",
	"SELECT next_offset FROM telegram_bot_state WHERE id = 1",
	true,
};

static const struct db_stmt offset_set_stmt = {
	"telegram_offset_set",
	"UPDATE telegram_bot_state SET next_offset = $1::bigint WHERE id = 1",
	true,
};

static const struct db_stmt notice_claim_stmt = {
	"telegram_notice_claim",
	"SELECT id, chat_id, campaign_id, kind, attempts FROM telegram_outbox "
	"WHERE sent_at IS NULL AND dropped IS NULL "
	"ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
};

static const struct db_stmt notice_finish_stmt = {
	"telegram_notice_finish",
	"UPDATE telegram_outbox SET attempts = attempts + 1, "
	"  sent_at = CASE WHEN $2 = 'sent' THEN clock_timestamp() END, "
	"  dropped = CASE WHEN $2 = 'drop' THEN $3 END "
	"WHERE id = $1::bigint",
};

int
telegram_code_create(struct store *s, const struct uuid_str *advertiser,
    char code[TELEGRAM_CODE_LEN + 1], char expires_at[TELEGRAM_TIME_MAX])
{
	unsigned char raw[TELEGRAM_CODE_LEN];
	char hash[SHA256_HEX_LEN + 1], ttl[16];
	const char *params[] = { hash, advertiser->s, ttl };
	struct db_res *res = NULL;
	size_t i;
	int ret = -1;

	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw)) {
		log_error("telegram: no randomness for a code");
		return -1;
	}
	for (i = 0; i < TELEGRAM_CODE_LEN; i++) /* 256 is a multiple of 32: no bias */
		code[i] = code_alphabet[raw[i] % (sizeof(code_alphabet) - 1)];
	code[TELEGRAM_CODE_LEN] = '\0';
	sha256_hex(code, TELEGRAM_CODE_LEN, hash);
	snprintf(ttl, sizeof(ttl), "%d", TELEGRAM_CODE_TTL_S);
	if (db_exec(s->db, &code_insert_stmt, 3, params, &res) != DB_OK)
		goto done;
	if (db_rows(res) == 0) {
		ret = 0;
		goto done;
	}
	if (snprintf(expires_at, TELEGRAM_TIME_MAX, "%s", db_val(res, 0, 0)) >= TELEGRAM_TIME_MAX)
		goto done;
	ret = 1;
done:
	db_res_free(res);
	return ret;
}

/* The code as typed, upper-cased and trimmed; false when it cannot be one of ours. */
static bool
normalise_code(const char *typed, char out[TELEGRAM_CODE_LEN + 1])
{
	size_t i = 0;

	while (*typed == ' ')
		typed++;
	for (; *typed != '\0' && *typed != ' '; typed++) {
		char c = (char)toupper((unsigned char)*typed);

		if (i == TELEGRAM_CODE_LEN || c == '\0' || strchr(code_alphabet, c) == NULL)
			return false;
		out[i++] = c;
	}
	while (*typed == ' ')
		typed++;
	out[i] = '\0';
	return i == TELEGRAM_CODE_LEN && *typed == '\0';
}

enum telegram_link
telegram_link(struct store *s, const char *typed, int64_t chat)
{
	static const char *const words[] = { "linked", "unknown", "expired", "used" };
	char code[TELEGRAM_CODE_LEN + 1], hash[SHA256_HEX_LEN + 1], chat_s[24];
	const char *params[] = { hash, chat_s };
	enum telegram_link ret = TELEGRAM_ERROR;
	struct db_res *res = NULL;
	size_t i;

	if (!normalise_code(typed, code))
		return TELEGRAM_UNKNOWN;
	sha256_hex(code, TELEGRAM_CODE_LEN, hash);
	snprintf(chat_s, sizeof(chat_s), "%lld", (long long)chat);
	if (db_exec(s->db, &link_stmt, 2, params, &res) != DB_OK || db_rows(res) != 1)
		goto done;
	for (i = 0; i < NELEM(words); i++)
		if (strcmp(db_val(res, 0, 0), words[i]) == 0)
			ret = (enum telegram_link)i;
done:
	db_res_free(res);
	return ret;
}

int
telegram_unlink(struct store *s, int64_t chat)
{
	char chat_s[24];
	const char *params[] = { chat_s };
	struct db_res *res = NULL;
	int ret;

	snprintf(chat_s, sizeof(chat_s), "%lld", (long long)chat);
	if (db_exec(s->db, &unlink_stmt, 1, params, &res) != DB_OK)
		return -1;
	ret = db_rows(res) > 0 ? 1 : 0;
	db_res_free(res);
	return ret;
}

int
telegram_chat_advertiser(struct store *s, int64_t chat, struct uuid_str *advertiser)
{
	char chat_s[24];
	const char *params[] = { chat_s };
	struct db_res *res = NULL;
	int ret = -1;

	snprintf(chat_s, sizeof(chat_s), "%lld", (long long)chat);
	if (db_exec(s->db, &chat_stmt, 1, params, &res) != DB_OK)
		goto done;
	if (db_rows(res) == 0) {
		ret = 0;
		goto done;
	}
	ret = uuid_parse(db_val(res, 0, 0), db_len(res, 0, 0), advertiser) ? 1 : -1;
done:
	db_res_free(res);
	return ret;
}

int
telegram_offset_get(struct store *s, int64_t *offset)
{
	struct db_res *res = NULL;
	long long v;
	int ret = -1;

	if (db_exec(s->db, &offset_get_stmt, 0, NULL, &res) == DB_OK && db_rows(res) == 1 &&
	    db_i64(res, 0, 0, &v)) {
		*offset = v;
		ret = 0;
	}
	db_res_free(res);
	return ret;
}

int
telegram_offset_set(struct store *s, int64_t offset)
{
	char v[24];
	const char *params[] = { v };

	snprintf(v, sizeof(v), "%lld", (long long)offset);
	return db_exec(s->db, &offset_set_stmt, 1, params, NULL) == DB_OK ? 0 : -1;
}

int
telegram_notice_claim(struct store *s, struct telegram_notice *n)
{
	struct db_res *res = NULL;
	long long chat, attempts;
	int ret = -1;

	if (db_begin(s->db) != DB_OK)
		return -1;
	if (db_exec(s->db, &notice_claim_stmt, 0, NULL, &res) != DB_OK)
		goto done;
	if (db_rows(res) == 0) {
		ret = 0;
		goto done;
	}
	if (!db_i64(res, 0, 0, &n->id) || !db_i64(res, 0, 1, &chat) ||
	    !uuid_parse(db_val(res, 0, 2), db_len(res, 0, 2), &n->campaign_id) ||
	    snprintf(n->kind, sizeof(n->kind), "%s", db_val(res, 0, 3)) >= (int)sizeof(n->kind) ||
	    !db_i64(res, 0, 4, &attempts))
		goto done;
	n->chat_id = chat;
	n->attempts = (int)attempts;
	ret = 1;
done:
	db_res_free(res);
	if (ret != 1)
		db_rollback(s->db);
	return ret;
}

int
telegram_notice_finish(
    struct store *s, long long id, enum telegram_notice_outcome o, const char *why)
{
	static const char *const words[] = { "sent", "retry", "drop" };
	char id_s[24];
	const char *params[] = { id_s, words[o], why };

	snprintf(id_s, sizeof(id_s), "%lld", id);
	if (db_exec(s->db, &notice_finish_stmt, 3, params, NULL) != DB_OK ||
	    db_commit(s->db) != DB_OK) {
		db_rollback(s->db);
		return -1;
	}
	return 0;
}
