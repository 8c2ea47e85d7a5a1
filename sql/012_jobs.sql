-- 012_jobs.sql -- background jobs (API.md section 8): POST /generate/ad_text stores one here and
-- `billboard-batch jobs` runs it. A runner claims a job with FOR UPDATE SKIP LOCKED and holds
-- it for a lease; a runner that dies leaves the lease to expire and the job to be claimed
-- again, up to the runner's limit of attempts, after which the job fails with a readable error.

CREATE TABLE jobs (
    job_id          uuid PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('ad_text')),
    input           jsonb NOT NULL,            -- the request's fields, as the client sent them
    advertiser_name text NOT NULL,             -- resolved from advertiser_id when given
    ad_title        text NOT NULL,
    owner           text NOT NULL,             -- whose jobs count against the in-flight limit
    idem_key        text UNIQUE,               -- the Idempotency-Key header, when sent
    status          text NOT NULL DEFAULT 'PENDING'
                    CHECK (status IN ('PENDING', 'RUNNING', 'SUCCESS', 'FAILURE')),
    result          text,
    error           text,
    generator       text,                      -- 'builtin' or the model's name
    attempts        integer NOT NULL DEFAULT 0,
    runner          uuid,                      -- the runner holding the lease
    lease_until     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    started_at      timestamptz,
    finished_at     timestamptz
);
-- The runners' work list and the in-flight count per owner.
CREATE INDEX jobs_open ON jobs (created_at) WHERE status IN ('PENDING', 'RUNNING');
CREATE INDEX jobs_owner_open ON jobs (owner) WHERE status IN ('PENDING', 'RUNNING');
-- Retention: finished jobs by age.
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE status IN ('SUCCESS', 'FAILURE');

-- Stores a job unless the Idempotency-Key was used before or the owner has p_limit jobs in
-- flight. outcome: 'ok' (stored, runners notified on commit), 'existing' (the key's job, same
-- input), 'key_conflict' (the key's job had another input) or 'busy'. Advisory locks make the
-- key check and the count exact under concurrent requests.
CREATE FUNCTION job_submit(p_id uuid, p_kind text, p_input jsonb, p_name text, p_title text,
                           p_owner text, p_key text, p_limit integer,
                           OUT outcome text, OUT job uuid, OUT job_status text)
LANGUAGE plpgsql AS $$
DECLARE
    same boolean;
BEGIN
    IF p_key IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('job-key:' || p_key, 0));
        SELECT j.job_id, j.status, j.input = p_input INTO job, job_status, same
        FROM jobs j WHERE j.idem_key = p_key;
        IF FOUND THEN
            outcome := CASE WHEN same THEN 'existing' ELSE 'key_conflict' END;
            RETURN;
        END IF;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended('job-owner:' || p_owner, 0));
    IF (SELECT count(*) FROM jobs j
        WHERE j.owner = p_owner AND j.status IN ('PENDING', 'RUNNING')) >= p_limit THEN
        outcome := 'busy';
        RETURN;
    END IF;
    INSERT INTO jobs (job_id, kind, input, advertiser_name, ad_title, owner, idem_key)
    VALUES (p_id, p_kind, p_input, p_name, p_title, p_owner, p_key);
    PERFORM pg_notify('billboard_jobs', p_kind);
    outcome := 'ok';
    job := p_id;
    job_status := 'PENDING';
END $$;
