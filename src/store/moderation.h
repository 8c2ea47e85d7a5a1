/*
 * moderation.h -- the work of `billboard-batch moderate` in PostgreSQL: unclassified
 * reports and campaigns whose texts changed, taken in batches with FOR UPDATE SKIP LOCKED
 * (two runs never take the same row; a run that dies mid-batch rolls back and loses nothing),
 * and their verdicts. Functions return 0 or -1 unless said otherwise.
 */
#ifndef BB_MODERATION_H
#define BB_MODERATION_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/classify.h"
#include "core/compat.h"
#include "store/store.h"

/* One thing to classify: a report (with its campaign's texts) or a campaign's texts. */
struct moderation_item {
	const char *id; /* report_id or campaign_id */
	const char *campaign_id;
	const char *texts_version; /* campaigns only */
	const char *text; /* title, text and the report's message, one per line */
};

/*
 * Opens a transaction and locks up to limit unclassified reports (reports true) or
 * unscreened campaigns, oldest first, skipping rows other runs hold. *n may be 0 (then the
 * transaction is already closed). Strings are copied into a.
 */
int moderation_take(struct store *s, bool reports, size_t limit, struct arena *a,
    struct moderation_item **items, size_t *n) WUR;
/* Records the verdict of a taken report (and flags its queue item, audited). */
int moderation_report_verdict(
    struct store *s, const struct moderation_item *it, const struct classify_verdict *v) WUR;
/* Records the screening of a taken campaign; a flagged one enters the queue, audited. */
int moderation_campaign_verdict(
    struct store *s, const struct moderation_item *it, const struct classify_verdict *v) WUR;
/* Commits the batch. */
int moderation_commit(struct store *s) WUR;
void moderation_abort(struct store *s);

#endif
