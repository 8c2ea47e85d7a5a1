/*
 * events.c -- impressions and clicks. Each is one call of a PostgreSQL function (sql/004) that
 * checks the rules and the limits, dates the event by PostgreSQL's own clock and writes it in
 * one transaction; the answer comes back only after the commit, so an acknowledged event is
 * durable.
 */
#include <stdio.h>
#include <string.h>

#include "store/store.h"

static const struct db_stmt impression_stmt = {
	"events_impression",
	"SELECT record_impression($1, $2)",
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
record(struct store *s, const struct db_stmt *stmt, const struct uuid_str *campaign,
    const struct uuid_str *client)
{
	const char *params[] = { campaign->s, client->s };
	struct db_res *res = NULL;
	enum event_result r = EVENT_ERROR;
	size_t i;

	if (db_exec(s->db, stmt, 2, params, &res) == DB_OK && db_rows(res) == 1) {
		for (i = 0; i < NELEM(outcomes); i++)
			if (strcmp(db_val(res, 0, 0), outcomes[i].word) == 0)
				r = outcomes[i].result;
	}
	db_res_free(res);
	return r;
}

enum event_result
events_impression(struct store *s, const struct uuid_str *campaign, const struct uuid_str *client)
{
	return record(s, &impression_stmt, campaign, client);
}

enum event_result
events_click(struct store *s, const struct uuid_str *campaign, const struct uuid_str *client)
{
	return record(s, &click_stmt, campaign, client);
}
