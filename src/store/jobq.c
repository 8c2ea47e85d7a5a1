/* jobq.c -- the jobs table: submitting, reading, claiming with a lease, finishing, retention. */
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "store/jobq.h"

static const struct db_stmt submit_stmt = {
	"jobq_submit",
	"SELECT outcome, job, job_status FROM job_submit($1, 'ad_text', $2, $3, $4, $5, $6, $7)",
};

static const struct db_stmt get_stmt = {
	"jobq_get",
	"SELECT status, result, error, generator FROM jobs WHERE job_id = $1",
};

/* SKIP LOCKED: concurrent runners each take a different row and never wait on each other. */
static const struct db_stmt claim_stmt = {
	"jobq_claim",
	"UPDATE jobs SET status = 'RUNNING', attempts = attempts + 1, runner = $1, "
	"lease_until = clock_timestamp() + make_interval(secs => $2::integer), "
	"started_at = clock_timestamp() "
	"WHERE job_id = (SELECT job_id FROM jobs "
	"  WHERE (status = 'PENDING' OR (status = 'RUNNING' AND lease_until < clock_timestamp())) "
	"  AND attempts < $3::integer ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED) "
	"RETURNING job_id, advertiser_name, ad_title, attempts",
};

/* Only the runner holding the current attempt may finish a job, and only once. */
static const struct db_stmt finish_stmt = {
	"jobq_finish",
	"UPDATE jobs SET status = $4, result = $5, error = $6, generator = $7, "
	"finished_at = clock_timestamp(), lease_until = NULL "
	"WHERE job_id = $1 AND runner = $2 AND attempts = $3::integer AND status = 'RUNNING' "
	"RETURNING job_id",
};

static const struct db_stmt expire_stmt = {
	"jobq_expire",
	"UPDATE jobs SET status = 'FAILURE', finished_at = clock_timestamp(), lease_until = NULL, "
	"error = 'gave up after ' || attempts || ' attempts: each runner stopped before finishing "
	"the job' "
	"WHERE status = 'RUNNING' AND lease_until < clock_timestamp() AND attempts >= $1::integer "
	"RETURNING job_id",
};

static const struct db_stmt purge_stmt = {
	"jobq_purge",
	"DELETE FROM jobs WHERE status IN ('SUCCESS', 'FAILURE') "
	"AND finished_at < clock_timestamp() - make_interval(secs => $1::double precision) "
	"RETURNING job_id",
};

static const struct {
	const char *word;
	enum jobq_outcome outcome;
} outcomes[] = {
	{ "ok", JOBQ_STORED },
	{ "existing", JOBQ_EXISTING },
	{ "key_conflict", JOBQ_KEY_CONFLICT },
	{ "busy", JOBQ_BUSY },
};

enum jobq_outcome
jobq_submit(struct store *s, struct jobq_new *j)
{
	char limit[16];
	const char *params[] = { j->id.s, j->input_json, j->advertiser_name, j->ad_title, j->owner,
		j->idem_key, limit };
	struct db_res *res = NULL;
	enum jobq_outcome out = JOBQ_ERROR;
	size_t i;

	snprintf(limit, sizeof(limit), "%d", j->in_flight_max);
	if (db_exec(s->db, &submit_stmt, (int)NELEM(params), params, &res) != DB_OK ||
	    db_rows(res) != 1)
		goto done;
	for (i = 0; i < NELEM(outcomes); i++)
		if (strcmp(db_val(res, 0, 0), outcomes[i].word) == 0)
			out = outcomes[i].outcome;
	if (out == JOBQ_STORED || out == JOBQ_EXISTING) {
		if (!uuid_parse(db_val(res, 0, 1), db_len(res, 0, 1), &j->id) ||
		    snprintf(j->status, sizeof(j->status), "%s", db_val(res, 0, 2)) >=
		        (int)sizeof(j->status)) {
			log_error("jobq: unexpected answer from job_submit");
			out = JOBQ_ERROR;
		}
	}
done:
	db_res_free(res);
	return out;
}

/* Column col of row 0 copied into a, or NULL when SQL NULL (or out of memory: *oom set). */
static const char *
opt_text(struct db_res *res, int col, struct arena *a, bool *oom)
{
	const char *s;

	if (db_null(res, 0, col))
		return NULL;
	s = arena_strndup(a, db_val(res, 0, col), db_len(res, 0, col));
	*oom |= s == NULL;
	return s;
}

int
jobq_get(struct store *s, const struct uuid_str *id, struct arena *a, struct jobq_view *out)
{
	const char *params[] = { id->s };
	struct db_res *res = NULL;
	bool oom = false;
	int ret = -1;

	if (db_exec(s->db, &get_stmt, 1, params, &res) != DB_OK)
		goto done;
	if (db_rows(res) == 0) {
		ret = 0;
		goto done;
	}
	snprintf(out->status, sizeof(out->status), "%s", db_val(res, 0, 0));
	out->result = opt_text(res, 1, a, &oom);
	out->error = opt_text(res, 2, a, &oom);
	out->generator = opt_text(res, 3, a, &oom);
	ret = oom ? -1 : 1;
done:
	db_res_free(res);
	return ret;
}

int
jobq_claim(struct store *s, const struct uuid_str *runner, int lease_s, int max_attempts,
    struct arena *a, struct jobq_claim *out)
{
	char lease[16], attempts[16];
	const char *params[] = { runner->s, lease, attempts };
	struct db_res *res = NULL;
	long long n;
	bool oom = false;
	int ret = -1;

	snprintf(lease, sizeof(lease), "%d", lease_s);
	snprintf(attempts, sizeof(attempts), "%d", max_attempts);
	if (db_exec(s->db, &claim_stmt, 3, params, &res) != DB_OK)
		goto done;
	if (db_rows(res) == 0) {
		ret = 0;
		goto done;
	}
	if (!uuid_parse(db_val(res, 0, 0), db_len(res, 0, 0), &out->id) || !db_i64(res, 0, 3, &n)) {
		log_error("jobq: unexpected claim row");
		goto done;
	}
	out->attempt = (long)n;
	out->advertiser_name = opt_text(res, 1, a, &oom);
	out->ad_title = opt_text(res, 2, a, &oom);
	ret = oom || out->advertiser_name == NULL || out->ad_title == NULL ? -1 : 1;
done:
	db_res_free(res);
	return ret;
}

int
jobq_finish(struct store *s, const struct jobq_claim *c, const struct uuid_str *runner,
    bool success, const char *text, const char *generator)
{
	char attempt[24];
	const char *params[] = { c->id.s, runner->s, attempt, success ? "SUCCESS" : "FAILURE",
		success ? text : NULL, success ? NULL : text, generator };
	struct db_res *res = NULL;
	int ret = -1;

	snprintf(attempt, sizeof(attempt), "%ld", c->attempt);
	if (db_exec(s->db, &finish_stmt, (int)NELEM(params), params, &res) == DB_OK)
		ret = db_rows(res) == 1;
	db_res_free(res);
	return ret;
}

/* Runs a statement with one integer parameter that returns a row per job it changed. */
static int
count_rows(struct store *s, const struct db_stmt *stmt, long arg, long *n)
{
	char text[24];
	const char *params[] = { text };
	struct db_res *res = NULL;
	int ret = -1;

	snprintf(text, sizeof(text), "%ld", arg);
	if (db_exec(s->db, stmt, 1, params, &res) == DB_OK) {
		*n = db_rows(res);
		ret = 0;
	}
	db_res_free(res);
	return ret;
}

int
jobq_expire(struct store *s, int max_attempts, long *n)
{
	return count_rows(s, &expire_stmt, max_attempts, n);
}

int
jobq_purge(struct store *s, long retention_s, long *n)
{
	return count_rows(s, &purge_stmt, retention_s, n);
}
