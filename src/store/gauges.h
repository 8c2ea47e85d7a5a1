/* gauges.h -- what GET /metrics reads from PostgreSQL at scrape time (totals and queue sizes). */
#ifndef BB_GAUGES_H
#define BB_GAUGES_H

#include "core/buf.h"
#include "core/compat.h"
#include "store/store.h"

/*
 * Appends, in Prometheus text format, the events recorded so far (impressions, clicks,
 * unbilled clicks, spend), the moderation queue by state and the background jobs by status.
 * 0, or -1 when PostgreSQL did not answer (nothing appended).
 */
int gauges_render(struct store *s, struct buf *out) WUR;

#endif
