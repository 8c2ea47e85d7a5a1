/*
 * run_jobs.c -- `billboard-batch jobs --once | --follow`: runs the jobs POST /generate/ad_text
 * stores (sql/012_jobs.sql).
 *
 * --once takes jobs until none is ready, then exits (for cron). --follow keeps running: it
 * LISTENs on the jobs channel and also polls, so a missed notification delays a job by one
 * poll interval at most; SIGTERM or SIGINT stops it after the job in hand. Each job is claimed
 * with FOR UPDATE SKIP LOCKED for a lease; the generator's deadline is shorter than the lease,
 * so a live runner always finishes its own jobs, and a killed runner's job is claimed again
 * once the lease has expired, until the attempts are used up (then it fails). Every pass also
 * removes the jobs finished longer than the retention ago.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch/gen.h"
#include "batch/jobs.h"
#include "core/log.h"
#include "store/jobq.h"

/* Defaults of the BILLBOARD_JOBS_* settings (see usage below). */
#define LEASE_S_DEFAULT 120 /* well beyond a model's usual answer time */
#define ATTEMPTS_DEFAULT 3 /* a job that killed three runners is not tried again */
#define RETENTION_S_DEFAULT (7 * 24 * 3600) /* results are polled within minutes; a week is ample */
#define POLL_MS_DEFAULT 2000 /* the longest wait when a notification is lost */
#define DEADLINE_S_DEFAULT 60 /* all of one job's model calls, retries included */
/* The generator gets this share of the lease (percent): the rest covers storing the result. */
#define LEASE_SHARE_PCT 75
#define ERROR_MAX 512

static volatile sig_atomic_t stop_requested;

struct settings {
	long lease_s, attempts, retention_s, poll_ms, deadline_ms;
};

struct tally {
	long done, failed, lost, expired, purged;
};

static void
on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static long
setting(const char *name, long fallback, long min, long max)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (v == NULL || *v == '\0')
		return fallback;
	n = strtol(v, &end, 10);
	if (*end != '\0' || n < min || n > max) {
		log_warn("jobs: %s=%s is not in %ld..%ld; using %ld", name, v, min, max, fallback);
		return fallback;
	}
	return n;
}

static void
settings_from_env(struct settings *st)
{
	long share;

	st->lease_s = setting("BILLBOARD_JOBS_LEASE_S", LEASE_S_DEFAULT, 2, 86400);
	st->attempts = setting("BILLBOARD_JOBS_ATTEMPTS", ATTEMPTS_DEFAULT, 1, 100);
	st->retention_s =
	    setting("BILLBOARD_JOBS_RETENTION_S", RETENTION_S_DEFAULT, 0, 365 * 86400L);
	st->poll_ms = setting("BILLBOARD_JOBS_POLL_MS", POLL_MS_DEFAULT, 10, 3600000);
	st->deadline_ms = setting("BILLBOARD_JOBS_DEADLINE_S", DEADLINE_S_DEFAULT, 1, 86400) * 1000;
	share = st->lease_s * 1000 * LEASE_SHARE_PCT / 100;
	if (st->deadline_ms > share)
		st->deadline_ms = share;
}

/* Runs one claimed job and stores its outcome. 0, or -1 on a store failure. */
static int
run_one(struct store *s, struct gen *g, const struct uuid_str *runner, const struct settings *st,
    const struct jobq_claim *c, struct tally *t)
{
	char err[ERROR_MAX], reason[ERROR_MAX + 64];
	struct buf text;
	bool ok;
	int rc;

	buf_init(&text);
	err[0] = '\0';
	ok = gen_write(
	         g, c->advertiser_name, c->ad_title, st->deadline_ms, &text, err, sizeof(err)) == 0;
	if (!ok)
		snprintf(reason, sizeof(reason), "the generator failed: %s", err);
	rc = jobq_finish(s, c, runner, ok, ok ? text.data : reason, gen_name(g));
	buf_free(&text);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		t->lost++;
		log_warn(
		    "jobs: %s: the lease expired before the result was stored; discarded", c->id.s);
		return 0;
	}
	if (ok)
		t->done++;
	else
		t->failed++;
	printf("jobs: %s %s (%s, attempt %ld)%s%s\n", c->id.s, ok ? "SUCCESS" : "FAILURE",
	    gen_name(g), c->attempt, ok ? "" : ": ", ok ? "" : reason);
	fflush(stdout);
	return 0;
}

/* Fails exhausted jobs, purges old ones, then runs jobs until none is ready. 0 or -1. */
static int
pass(struct store *s, struct gen *g, const struct uuid_str *runner, const struct settings *st,
    struct arena *a, struct tally *t)
{
	long n;

	if (jobq_expire(s, (int)st->attempts, &n) != 0)
		return -1;
	t->expired += n;
	if (n > 0)
		printf("jobs: %ld jobs failed after %ld attempts\n", n, st->attempts);
	if (jobq_purge(s, st->retention_s, &n) != 0)
		return -1;
	t->purged += n;
	while (!stop_requested) {
		struct jobq_claim c;
		int rc;

		arena_reset(a);
		rc = jobq_claim(s, runner, (int)st->lease_s, (int)st->attempts, a, &c);
		if (rc <= 0)
			return rc;
		if (run_one(s, g, runner, st, &c, t) != 0)
			return -1;
	}
	return 0;
}

int
job_jobs(struct store *s, const struct config *cfg, int argc, char **argv)
{
	struct tally t = { 0, 0, 0, 0, 0 };
	struct sigaction sa;
	struct settings st;
	struct uuid_str runner;
	struct gen *g = NULL;
	struct arena a;
	bool follow;
	int ret = 1;

	(void)cfg;
	if (argc != 2 || (strcmp(argv[1], "--once") != 0 && strcmp(argv[1], "--follow") != 0)) {
		fprintf(stderr, "usage: billboard-batch jobs --once | --follow\n");
		return 2;
	}
	follow = strcmp(argv[1], "--follow") == 0;
	settings_from_env(&st);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop; /* no SA_RESTART: the wait returns at once */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	arena_init(&a);
	if (uuid_generate(&runner) != 0 || (g = gen_new()) == NULL) {
		log_error("jobs: cannot start");
		goto done;
	}
	fprintf(stderr, "jobs: runner %s, generator %s, lease %ld s, %ld attempts\n", runner.s,
	    gen_name(g), st.lease_s, st.attempts);
	while (!stop_requested) {
		/* LISTEN again each time: a connection re-established by the store forgot it. */
		if ((follow && db_listen(s->db, JOBQ_CHANNEL) != DB_OK) ||
		    pass(s, g, &runner, &st, &a, &t) != 0) {
			if (!follow)
				goto done;
			log_warn("jobs: the store failed; trying again in %ld ms", st.poll_ms);
		}
		if (!follow)
			break;
		if (db_wait_notify(s->db, (int)st.poll_ms) < 0) {
			struct timespec ts = { st.poll_ms / 1000, (st.poll_ms % 1000) * 1000000L };

			log_warn("jobs: lost the notification connection; polling");
			nanosleep(&ts, NULL);
		}
	}
	ret = 0;
done:
	printf("jobs: %ld succeeded, %ld failed, %ld expired, %ld lost, %ld purged\n", t.done,
	    t.failed, t.expired, t.lost, t.purged);
	fflush(stdout);
	gen_free(g);
	arena_free(&a);
	return ret;
}
