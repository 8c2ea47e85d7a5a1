/* reports.c -- storing reports; the checks and the insert are one PostgreSQL function. */
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "store/reports.h"

static const struct db_stmt submit_stmt = {
	"reports_submit",
	"SELECT status, created FROM report_submit($1, $2, $3, $4)",
};

static const struct {
	const char *word;
	enum report_status status;
} outcomes[] = {
	{ "ok", REPORT_OK },
	{ "no_campaign", REPORT_NO_CAMPAIGN },
	{ "no_client", REPORT_NO_CLIENT },
	{ "not_shown", REPORT_NOT_SHOWN },
	{ "duplicate", REPORT_DUPLICATE },
};

enum report_status
reports_submit(struct store *s, struct report *r)
{
	const char *params[] = { r->id.s, r->campaign_id.s, r->client_id.s, r->message };
	struct db_res *res = NULL;
	enum report_status st = REPORT_ERROR;
	size_t i;

	if (db_exec(s->db, &submit_stmt, 4, params, &res) != DB_OK || db_rows(res) != 1)
		goto done;
	for (i = 0; i < NELEM(outcomes); i++)
		if (strcmp(db_val(res, 0, 0), outcomes[i].word) == 0)
			st = outcomes[i].status;
	if (st == REPORT_OK &&
	    snprintf(r->created_at, sizeof(r->created_at), "%s", db_val(res, 0, 1)) >=
	        (int)sizeof(r->created_at)) {
		log_error("reports: unexpected time text");
		st = REPORT_ERROR;
	}
done:
	db_res_free(res);
	return st;
}
