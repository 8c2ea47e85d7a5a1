/*
 * events.c -- impressions and clicks. Each is one call of a PostgreSQL function (sql/004) that
 * checks the rules and the limits, dates the event by PostgreSQL's own clock and writes it in
 * one transaction; the answer comes back only after the commit, so an acknowledged event is
 * durable.
 */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "store/recorder.h"
#include "store/store.h"

static const struct db_stmt impression_stmt = {
	"events_impression",
	"SELECT record_impression($1, $2)",
	true,
};

static const struct db_stmt group_stmt = {
	"events_impressions",
	"SELECT array_to_string(record_impressions($1::uuid[], $2::uuid[]), ',')",
	true,
};

static const struct db_stmt click_stmt = {
	"events_click",
	"SELECT record_click($1, $2)",
	true,
};

static const struct {
	const char *word;
	enum event_result result;
} outcomes[] = {
	{ "ok", EVENT_OK },
	{ "seen", EVENT_REPEAT },
	{ "repeat", EVENT_REPEAT },
	{ "full", EVENT_FULL },
	{ "gone", EVENT_GONE },
	{ "not_shown", EVENT_NOT_SHOWN },
	{ "no_campaign", EVENT_NO_CAMPAIGN },
	{ "no_client", EVENT_NO_CLIENT },
};

static enum event_result
outcome_of(const char *word)
{
	size_t i;

	for (i = 0; i < NELEM(outcomes); i++)
		if (strcmp(word, outcomes[i].word) == 0)
			return outcomes[i].result;
	return EVENT_ERROR;
}

static enum event_result
record(struct store *s, const struct db_stmt *stmt, const struct uuid_str *campaign,
    const struct uuid_str *client)
{
	const char *params[] = { campaign->s, client->s };
	struct db_res *res = NULL;
	enum event_result r = EVENT_ERROR;

	if (db_exec(s->db, stmt, 2, params, &res) == DB_OK && db_rows(res) == 1)
		r = outcome_of(db_val(res, 0, 0));
	db_res_free(res);
	return r;
}

enum event_result
events_impression(struct store *s, const struct uuid_str *campaign, const struct uuid_str *client)
{
	char word[RECPROTO_REPLY_MAX];
	enum event_result r;

	/* Through the recorder's group commit when it answers; else here, one at a time. */
	if (recorder_call(s->recorder, campaign, client, word) == 0 &&
	    (r = outcome_of(word)) != EVENT_ERROR)
		return r;
	return record(s, &impression_stmt, campaign, client);
}

/* Appends the n ids as a PostgreSQL array literal "{id,id,...}"; false when out of memory. */
static bool
id_array(struct buf *b, const struct uuid_str *const *ids, size_t n)
{
	size_t i;

	buf_reset(b);
	buf_putc(b, '{');
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(b, ',');
		buf_append(b, ids[i]->s, UUID_STR_LEN);
	}
	buf_putc(b, '}');
	return !b->failed;
}

int
events_impressions(struct store *s, size_t n, const struct uuid_str *const *campaigns,
    const struct uuid_str *const *clients, enum event_result *out)
{
	struct buf a, b;
	struct db_res *res = NULL;
	const char *params[2], *p;
	size_t i = 0;
	int ret = -1;

	buf_init(&a);
	buf_init(&b);
	if (!id_array(&a, campaigns, n) || !id_array(&b, clients, n))
		goto done;
	params[0] = a.data;
	params[1] = b.data;
	if (db_exec(s->db, &group_stmt, 2, params, &res) != DB_OK || db_rows(res) != 1)
		goto done;
	/* "ok,seen,full,...": one word per impression, in order */
	for (p = db_val(res, 0, 0); i < n && *p != '\0'; i++) {
		char word[RECPROTO_REPLY_MAX];
		size_t len = strcspn(p, ",");

		if (len >= sizeof(word))
			break;
		memcpy(word, p, len);
		word[len] = '\0';
		out[i] = outcome_of(word);
		p += len + (p[len] == ',');
	}
	ret = i == n ? 0 : -1;
	if (ret != 0)
		log_error("events: record_impressions answered %zu outcomes for %zu", i, n);
done:
	db_res_free(res);
	buf_free(&a);
	buf_free(&b);
	return ret;
}

const char *
events_word(enum event_result r)
{
	size_t i;

	for (i = 0; i < NELEM(outcomes); i++)
		if (outcomes[i].result == r)
			return outcomes[i].word;
	return "error";
}

enum event_result
events_click(struct store *s, const struct uuid_str *campaign, const struct uuid_str *client)
{
	return record(s, &click_stmt, campaign, client);
}
