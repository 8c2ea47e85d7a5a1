/*
 * h_metrics.c -- GET /metrics: Prometheus text, summed over every worker (core/metrics.c),
 * then the totals PostgreSQL holds (store/gauges.c). While PostgreSQL is out of reach the
 * workers' own counters are still answered, with billboard_postgres_up 0.
 */
#include "api/handlers.h"
#include "api/routes.h"
#include "store/gauges.h"

void
h_metrics(struct req *r)
{
	const struct route *table;
	size_t n;
	bool pg;

	table = routes_table(&n);
	buf_reset(&r->resp.body);
	metrics_render(&r->worker->metrics, table, &r->resp.body);
	pg = gauges_render(r->store, &r->resp.body) == 0;
	buf_printf(&r->resp.body,
	    "# HELP billboard_postgres_up Whether this scrape could read PostgreSQL's totals.\n"
	    "# TYPE billboard_postgres_up gauge\nbillboard_postgres_up %d\n",
	    pg ? 1 : 0);
	if (r->resp.body.failed) {
		resp_internal(r);
		return;
	}
	r->resp.status = 200;
	r->resp.content_type = "text/plain; version=0.0.4; charset=utf-8";
}
