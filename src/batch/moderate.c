/*
 * moderate.c -- `billboard-batch moderate [--batch N]`, run by cron every minute: classifies
 * the reports not classified yet (with their campaign's texts) and screens the campaigns
 * whose texts were created or changed since they were last screened. A flagged report flags
 * its queue item (reviewed twice); a flagged campaign enters the queue on its own (source
 * "screening").
 *
 * The classifier is the language model of BILLBOARD_LLM_BASE_URL when it is set (an answer
 * that is not a valid verdict falls back to the built-in classifier, with a warning), and the
 * built-in offline classifier otherwise. Each batch is one transaction: a run killed
 * mid-batch rolls back and the next run takes the same rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch/jobs.h"
#include "core/log.h"
#include "core/verdict.h"
#include "store/llm.h"
#include "store/moderation.h"

/* Rows per transaction: a killed run redoes at most this many. */
#define BATCH_DEFAULT 100
#define BATCH_MAX 10000

struct judge {
	struct classifier *builtin;
	struct llm *llm; /* NULL: built-in only */
	long fallbacks;
};

struct totals {
	long reports, campaigns, flagged;
};

static int
judge_text(struct judge *j, const char *text, struct classify_verdict *v)
{
	char err[256];
	struct buf answer;
	int rc = -1;

	if (j->llm != NULL) {
		buf_init(&answer);
		if (llm_chat(j->llm, verdict_prompt, text, &answer, err, sizeof(err)) == 0) {
			rc = verdict_parse(answer.data ? answer.data : "", answer.len, v);
			if (rc != 0)
				snprintf(err, sizeof(err), "not a verdict: %.80s",
				    answer.data ? answer.data : "");
		}
		buf_free(&answer);
		if (rc == 0)
			return 0;
		log_warn("moderate: llm: %s; the built-in classifier decides", err);
		j->fallbacks++;
	}
	return classify_text(j->builtin, text, strlen(text), v);
}

/* Classifies batches of reports (reports true) or campaigns until none is left. */
static int
run_kind(struct store *s, struct judge *j, bool reports, size_t batch, struct totals *t)
{
	struct arena a;
	int ret = -1;

	arena_init(&a);
	for (;;) {
		struct moderation_item *items;
		size_t n, i;
		long flagged = 0;

		arena_reset(&a);
		if (moderation_take(s, reports, batch, &a, &items, &n) != 0)
			goto done;
		if (n == 0)
			break;
		for (i = 0; i < n; i++) {
			struct classify_verdict v;

			if (judge_text(j, items[i].text, &v) != 0 ||
			    (reports ? moderation_report_verdict(s, &items[i], &v)
			             : moderation_campaign_verdict(s, &items[i], &v)) != 0) {
				moderation_abort(s);
				goto done;
			}
			flagged += v.category != CLASSIFY_CLEAN;
		}
		if (moderation_commit(s) != 0)
			goto done;
		if (reports)
			t->reports += (long)n;
		else
			t->campaigns += (long)n;
		t->flagged += flagged;
		fprintf(stderr, "moderate: %zu %s %s, %ld flagged\n", n,
		    reports ? "reports" : "campaigns", reports ? "classified" : "screened",
		    flagged);
	}
	ret = 0;
done:
	arena_free(&a);
	return ret;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
job_moderate(struct store *s, const struct config *cfg, int argc, char **argv)
{
	struct judge j = { NULL, NULL, 0 };
	struct totals t = { 0, 0, 0 };
	struct llm_config lc;
	long batch = BATCH_DEFAULT;
	double start = now_s();
	int ret = 1;

	(void)cfg;
	if (argc == 3 && strcmp(argv[1], "--batch") == 0) {
		char *end;

		batch = strtol(argv[2], &end, 10);
		if (*end != '\0' || batch < 1 || batch > BATCH_MAX) {
			fprintf(stderr, "moderate: --batch takes 1 to %d\n", BATCH_MAX);
			return 2;
		}
	} else if (argc != 1) {
		fprintf(stderr, "usage: billboard-batch moderate [--batch N]\n");
		return 2;
	}
	llm_config_from_env(&lc);
	if ((j.builtin = classifier_new()) == NULL ||
	    (lc.base_url != NULL && (j.llm = llm_new(&lc)) == NULL)) {
		log_error("moderate: cannot set up the classifier");
		goto done;
	}
	if (run_kind(s, &j, true, (size_t)batch, &t) != 0 ||
	    run_kind(s, &j, false, (size_t)batch, &t) != 0) {
		log_error("moderate: stopped by a store failure; the open batch was rolled back");
		goto done;
	}
	ret = 0;
done:
	printf("moderate: %ld reports, %ld campaigns screened, %ld flagged, %.1f s (%s%s)\n",
	    t.reports, t.campaigns, t.flagged, now_s() - start,
	    j.llm ? "llm" : "built-in classifier",
	    j.fallbacks ? ", some by the built-in fallback" : "");
	fflush(stdout);
	llm_free(j.llm);
	classifier_free(j.builtin);
	return ret;
}
