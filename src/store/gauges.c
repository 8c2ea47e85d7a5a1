/*
 * gauges.c -- the platform's totals read from PostgreSQL for GET /metrics: one statement,
 * small tables only (one counter row per campaign, with its spend kept exact by the event
 * functions; the review queue; the jobs), never the event tables.
 */
#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/gauges.h"

static const struct db_stmt gauges_stmt = {
	"metrics_gauges",
	"SELECT (SELECT coalesce(sum(impressions), 0) FROM campaign_counters), "
	"  (SELECT coalesce(sum(clicks), 0) FROM campaign_counters), "
	"  (SELECT count(*) FROM unbilled_clicks), "
	"  (SELECT coalesce(sum(spend), 0) FROM campaign_counters), "
	"  (SELECT count(*) FROM review_items WHERE state = 'open'), "
	"  (SELECT count(*) FROM review_items WHERE state = 'escalated'), "
	"  count(*) FILTER (WHERE status = 'PENDING'), count(*) FILTER (WHERE status = 'RUNNING'), "
	"  count(*) FILTER (WHERE status = 'SUCCESS'), count(*) FILTER (WHERE status = 'FAILURE') "
	"FROM jobs",
	true,
};

/* The statement's columns, in order. */
static const struct {
	const char *name, *type, *labels, *help;
} columns[] = {
	{ "billboard_impressions_total", "counter", "", "Impressions recorded (charged)." },
	{ "billboard_clicks_total", "counter", "", "Clicks recorded (charged)." },
	{ "billboard_unbilled_clicks_total", "counter", "",
	    "Clicks acknowledged after the campaign's click limit, not charged." },
	{ "billboard_spend_total", "counter", "", "Money charged for impressions and clicks." },
	{ "billboard_moderation_queue_items", "gauge", "{state=\"open\"}",
	    "Review items waiting for a decision, by state." },
	{ "billboard_moderation_queue_items", "gauge", "{state=\"escalated\"}", NULL },
	{ "billboard_jobs", "gauge", "{status=\"PENDING\"}", "Background jobs by status." },
	{ "billboard_jobs", "gauge", "{status=\"RUNNING\"}", NULL },
	{ "billboard_jobs", "gauge", "{status=\"SUCCESS\"}", NULL },
	{ "billboard_jobs", "gauge", "{status=\"FAILURE\"}", NULL },
};

int
gauges_render(struct store *s, struct buf *out)
{
	struct db_res *res = NULL;
	int ret = -1;
	size_t i;

	if (db_exec(s->db, &gauges_stmt, 0, NULL, &res) != DB_OK || db_rows(res) != 1)
		goto done;
	for (i = 0; i < NELEM(columns); i++) {
		if (columns[i].help != NULL)
			buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", columns[i].name,
			    columns[i].help, columns[i].name, columns[i].type);
		buf_printf(
		    out, "%s%s %s\n", columns[i].name, columns[i].labels, db_val(res, 0, (int)i));
	}
	ret = 0;
done:
	db_res_free(res);
	return ret;
}
