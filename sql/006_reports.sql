-- 006_reports.sql -- reports about ads (POST /report/{campaign_id}): one per client and campaign,
-- allowed only to a client that was shown the campaign, classified later by the batch job
-- `billboard-batch moderate` (flagged stays NULL until then).

-- Times in answers: ISO 8601 in UTC with microseconds, the same text for every endpoint.
CREATE FUNCTION iso_time(t timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

CREATE TABLE reports (
    report_id     uuid PRIMARY KEY,
    campaign_id   uuid NOT NULL REFERENCES campaigns,
    client_id     uuid NOT NULL REFERENCES clients,
    state         text NOT NULL DEFAULT 'sent'
                  CHECK (state IN ('sent', 'under_review', 'took_action', 'skipped')),
    message       text CHECK (message <> ''),
    flagged       boolean,                      -- NULL: not classified yet
    category      text,                         -- what the classifier found, when flagged
    classified_at timestamptz,
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (campaign_id, client_id)
);
-- The batch job's work list: reports not classified yet, oldest first.
CREATE INDEX reports_unclassified ON reports (created_at) WHERE flagged IS NULL;

-- Stores a report after checking, in this order, the campaign (not deleted), the client, that
-- the client was shown the campaign and that it did not report it before. Returns the status
-- ('ok', 'no_campaign', 'no_client', 'not_shown', 'duplicate') and, with 'ok', the time stored.
CREATE FUNCTION report_submit(p_id uuid, p_campaign uuid, p_client uuid, p_message text,
                              OUT status text, OUT created text)
LANGUAGE plpgsql AS $$
DECLARE
    at timestamptz;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM campaigns WHERE campaign_id = p_campaign AND deleted_at IS NULL) THEN
        status := 'no_campaign';
    ELSIF NOT EXISTS (SELECT 1 FROM clients WHERE client_id = p_client) THEN
        status := 'no_client';
    ELSIF NOT EXISTS (SELECT 1 FROM impressions WHERE campaign_id = p_campaign AND client_id = p_client) THEN
        status := 'not_shown';
    ELSE
        INSERT INTO reports (report_id, campaign_id, client_id, message)
        VALUES (p_id, p_campaign, p_client, p_message)
        ON CONFLICT (campaign_id, client_id) DO NOTHING
        RETURNING created_at INTO at;
        status := CASE WHEN at IS NULL THEN 'duplicate' ELSE 'ok' END;
        created := iso_time(at);
    END IF;
END $$;
