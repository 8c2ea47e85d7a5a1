-- 008_review.sql -- the review queue (API.md section 11): one item per campaign that needs a
-- moderator's look (open reports, or flagged at screening), claims with a lease, decisions
-- (a sampled share and every flagged item reviewed twice, disagreements escalated to an
-- admin), and blocking: a campaign whose review ended with took_action is never served.
--
-- Every transition is one function, run in one transaction with the item's row locked, so
-- two moderators claiming or deciding at once see one order of events. Each writes its own
-- audit_log entry in the same transaction.

ALTER TABLE campaigns ADD COLUMN blocked_at timestamptz;
-- Bumped whenever ad_title or ad_text changes: the moderation job screens each version once.
ALTER TABLE campaigns ADD COLUMN texts_version bigint NOT NULL DEFAULT 1;

CREATE FUNCTION campaign_texts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.ad_title IS DISTINCT FROM OLD.ad_title OR NEW.ad_text IS DISTINCT FROM OLD.ad_text THEN
        NEW.texts_version := OLD.texts_version + 1;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER campaigns_texts BEFORE UPDATE ON campaigns
    FOR EACH ROW EXECUTE FUNCTION campaign_texts_changed();

CREATE TABLE review_items (
    campaign_id       uuid PRIMARY KEY REFERENCES campaigns,
    state             text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'escalated', 'decided')),
    source            text NOT NULL CHECK (source IN ('report', 'screening')),
    flagged           boolean NOT NULL DEFAULT false,
    sampled           boolean,                  -- drawn at the round's first decision
    round             integer NOT NULL DEFAULT 1,
    opened_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    first_reported_at timestamptz,
    claimed_by        text REFERENCES accounts,
    claim_expires_at  timestamptz,
    decision          text CHECK (decision IN ('took_action', 'skipped')),
    decided_at        timestamptz
);
CREATE INDEX review_items_by_state ON review_items (state, flagged);

CREATE TABLE review_decisions (
    id          bigserial PRIMARY KEY,
    campaign_id uuid NOT NULL REFERENCES campaigns,
    round       integer NOT NULL,
    reviewer    text NOT NULL REFERENCES accounts,
    kind        text NOT NULL CHECK (kind IN ('review', 'escalation')),
    decision    text NOT NULL CHECK (decision IN ('took_action', 'skipped')),
    note        text,
    final       boolean NOT NULL,               -- this decision ended the round
    waited_s    double precision,               -- final ones: seconds since the round opened
    at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX review_decisions_by_item ON review_decisions (campaign_id, round);

-- What the API calls an item's status: a live claim shows as "claimed"; an expired one is
-- simply gone (the item is back in the pool without anyone having to release it).
CREATE FUNCTION review_status(p_state text, p_claimed_by text, p_expires timestamptz)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN p_state = 'decided' THEN 'decided'
        WHEN p_claimed_by IS NOT NULL AND p_expires > clock_timestamp() THEN 'claimed'
        ELSE p_state
    END
$$;

-- Opens (or reopens, after a decision) the item of a campaign. Screening passes flagged.
CREATE FUNCTION review_open(p_campaign uuid, p_source text, p_flagged boolean, p_reported timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO review_items AS r (campaign_id, source, flagged, first_reported_at)
    VALUES (p_campaign, p_source, p_flagged, p_reported)
    ON CONFLICT (campaign_id) DO UPDATE SET
        state = CASE WHEN r.state = 'decided' THEN 'open' ELSE r.state END,
        round = CASE WHEN r.state = 'decided' THEN r.round + 1 ELSE r.round END,
        opened_at = CASE WHEN r.state = 'decided' THEN clock_timestamp() ELSE r.opened_at END,
        sampled = CASE WHEN r.state = 'decided' THEN NULL ELSE r.sampled END,
        decision = CASE WHEN r.state = 'decided' THEN NULL ELSE r.decision END,
        decided_at = CASE WHEN r.state = 'decided' THEN NULL ELSE r.decided_at END,
        source = CASE WHEN r.state = 'decided' THEN p_source ELSE r.source END,
        flagged = CASE WHEN r.state = 'decided' THEN p_flagged ELSE r.flagged OR p_flagged END,
        first_reported_at = CASE WHEN r.state = 'decided' THEN p_reported
                                 ELSE coalesce(r.first_reported_at, p_reported) END;
END $$;

CREATE FUNCTION reports_open_item() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM review_open(NEW.campaign_id, 'report', false, NEW.created_at);
    RETURN NULL;
END $$;
CREATE TRIGGER reports_queue AFTER INSERT ON reports
    FOR EACH ROW EXECUTE FUNCTION reports_open_item();

-- The item as the queue shows it (the campaign object is added by the API); p_detail adds
-- the reports and the audit history.
CREATE FUNCTION review_item_json(p_campaign uuid, p_detail boolean) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'campaign_id', r.campaign_id,
        'advertiser', json_build_object('advertiser_id', a.advertiser_id, 'name', a.name),
        'status', review_status(r.state, r.claimed_by, r.claim_expires_at),
        'source', r.source,
        'open_reports', (SELECT count(*) FROM reports p WHERE p.campaign_id = r.campaign_id
                           AND p.state IN ('sent', 'under_review')),
        'flagged', r.flagged,
        'first_reported_at', iso_time(r.first_reported_at),
        'claimed_by', CASE WHEN review_status(r.state, r.claimed_by, r.claim_expires_at) = 'claimed'
                           THEN r.claimed_by END,
        'claim_expires_at', CASE WHEN review_status(r.state, r.claimed_by, r.claim_expires_at) = 'claimed'
                                 THEN iso_time(r.claim_expires_at) END,
        'decision', r.decision,
        'decided_at', iso_time(r.decided_at),
        'reviews', coalesce((SELECT json_agg(json_build_object('reviewer', d.reviewer,
                                 'kind', d.kind, 'decision', d.decision, 'note', d.note,
                                 'at', iso_time(d.at)) ORDER BY d.id)
                             FROM review_decisions d
                             WHERE d.campaign_id = r.campaign_id AND d.round = r.round), '[]'),
        'reports', CASE WHEN p_detail THEN coalesce((SELECT json_agg(json_build_object(
                                 'report_id', p.report_id, 'client_id', p.client_id,
                                 'message', p.message, 'flagged', p.flagged,
                                 'category', p.category, 'state', p.state,
                                 'created_at', iso_time(p.created_at)) ORDER BY p.created_at)
                             FROM reports p WHERE p.campaign_id = r.campaign_id), '[]') END,
        'history', CASE WHEN p_detail THEN coalesce((SELECT json_agg(json_build_object(
                                 'at', iso_time(l.at), 'actor', l.actor, 'action', l.action,
                                 'detail', l.detail) ORDER BY l.id)
                             FROM audit_log l WHERE l.campaign_id = r.campaign_id), '[]') END)
    FROM review_items r JOIN campaigns c USING (campaign_id) JOIN advertisers a USING (advertiser_id)
    WHERE r.campaign_id = p_campaign
$$;

-- Claims (or extends the caller's claim on) an item for p_lease_s seconds. Returns 'ok',
-- 'not_found', 'taken' (another reviewer's lease is live), 'decided_before', 'admin_only'
-- (escalated) or 'reviewed' (the caller already gave this round's first decision).
CREATE FUNCTION review_claim(p_campaign uuid, p_login text, p_role text, p_lease_s integer)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    it review_items%ROWTYPE;
BEGIN
    SELECT * INTO it FROM review_items WHERE campaign_id = p_campaign FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'not_found';
    ELSIF it.state = 'decided' THEN
        RETURN 'decided_before';
    ELSIF it.claimed_by IS DISTINCT FROM p_login AND it.claim_expires_at > clock_timestamp() THEN
        RETURN 'taken';
    ELSIF it.state = 'escalated' AND p_role <> 'admin' THEN
        RETURN 'admin_only';
    ELSIF it.state = 'open' AND EXISTS (SELECT 1 FROM review_decisions WHERE campaign_id = p_campaign
                                          AND round = it.round AND reviewer = p_login) THEN
        RETURN 'reviewed';
    END IF;
    UPDATE review_items
       SET claimed_by = p_login,
           claim_expires_at = clock_timestamp() + make_interval(secs => p_lease_s)
     WHERE campaign_id = p_campaign;
    UPDATE reports SET state = 'under_review' WHERE campaign_id = p_campaign AND state = 'sent';
    INSERT INTO audit_log (actor, action, campaign_id, detail)
    VALUES (p_login,
            CASE WHEN it.claimed_by = p_login AND it.claim_expires_at > clock_timestamp()
                 THEN 'claim_extended' ELSE 'claimed' END,
            p_campaign, format('lease %s s', p_lease_s));
    RETURN 'ok';
END $$;

-- Gives a claim back. 'ok' (also when nobody held it), 'not_found', 'not_holder'.
CREATE FUNCTION review_release(p_campaign uuid, p_login text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    it review_items%ROWTYPE;
BEGIN
    SELECT * INTO it FROM review_items WHERE campaign_id = p_campaign FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'not_found';
    ELSIF it.claimed_by IS NULL OR it.claim_expires_at <= clock_timestamp() OR it.state = 'decided' THEN
        RETURN 'ok';
    ELSIF it.claimed_by <> p_login THEN
        RETURN 'not_holder';
    END IF;
    UPDATE review_items SET claimed_by = NULL, claim_expires_at = NULL WHERE campaign_id = p_campaign;
    INSERT INTO audit_log (actor, action, campaign_id) VALUES (p_login, 'released', p_campaign);
    RETURN 'ok';
END $$;

-- Ends a round: the item is decided, every open report takes the decision, and took_action
-- blocks the campaign (the catalogue version moves with it: see campaigns_changed).
CREATE FUNCTION review_finish(it review_items, p_login text, p_decision text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE review_items
       SET state = 'decided', decision = p_decision, decided_at = clock_timestamp(),
           claimed_by = NULL, claim_expires_at = NULL
     WHERE campaign_id = it.campaign_id;
    UPDATE reports SET state = p_decision
     WHERE campaign_id = it.campaign_id AND state IN ('sent', 'under_review');
    IF p_decision = 'took_action' THEN
        UPDATE campaigns SET blocked_at = clock_timestamp()
         WHERE campaign_id = it.campaign_id AND blocked_at IS NULL;
        INSERT INTO audit_log (actor, action, campaign_id, detail)
        VALUES (p_login, 'blocked', it.campaign_id, NULL);
    END IF;
END $$;

-- A decision by the holder of a live claim. Returns 'decided' (the round is over),
-- 'pending' (a second reviewer must decide too), 'escalated' (two reviewers disagreed),
-- 'not_found', 'decided_before', 'not_holder' or 'admin_only'. p_share is the share of
-- items drawn for a second review (every flagged one gets it anyway).
CREATE FUNCTION review_decide(p_campaign uuid, p_login text, p_role text, p_decision text,
                              p_note text, p_share double precision)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    it review_items%ROWTYPE;
    first review_decisions%ROWTYPE;
    waited double precision;
    needs integer;
BEGIN
    SELECT * INTO it FROM review_items WHERE campaign_id = p_campaign FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'not_found';
    ELSIF it.state = 'decided' THEN
        RETURN 'decided_before';
    ELSIF it.claimed_by IS DISTINCT FROM p_login OR it.claim_expires_at <= clock_timestamp() THEN
        RETURN 'not_holder';
    ELSIF it.state = 'escalated' AND p_role <> 'admin' THEN
        RETURN 'admin_only';
    END IF;
    waited := extract(epoch FROM clock_timestamp() - it.opened_at);
    IF it.state = 'escalated' THEN
        INSERT INTO review_decisions (campaign_id, round, reviewer, kind, decision, note, final, waited_s)
        VALUES (p_campaign, it.round, p_login, 'escalation', p_decision, p_note, true, waited);
        INSERT INTO audit_log (actor, action, campaign_id, detail)
        VALUES (p_login, 'decided', p_campaign, p_decision || ' (escalated)');
        PERFORM review_finish(it, p_login, p_decision);
        RETURN 'decided';
    END IF;
    IF it.sampled IS NULL THEN
        it.sampled := random() < p_share;
        UPDATE review_items SET sampled = it.sampled WHERE campaign_id = p_campaign;
    END IF;
    needs := CASE WHEN it.flagged OR it.sampled THEN 2 ELSE 1 END;
    SELECT * INTO first FROM review_decisions
     WHERE campaign_id = p_campaign AND round = it.round AND kind = 'review' ORDER BY id LIMIT 1;
    IF needs = 1 OR first.id IS NOT NULL AND first.decision = p_decision THEN
        INSERT INTO review_decisions (campaign_id, round, reviewer, kind, decision, note, final, waited_s)
        VALUES (p_campaign, it.round, p_login, 'review', p_decision, p_note, true, waited);
        INSERT INTO audit_log (actor, action, campaign_id, detail)
        VALUES (p_login, 'decided', p_campaign, p_decision);
        PERFORM review_finish(it, p_login, p_decision);
        RETURN 'decided';
    END IF;
    INSERT INTO review_decisions (campaign_id, round, reviewer, kind, decision, note, final)
    VALUES (p_campaign, it.round, p_login, 'review', p_decision, p_note, false);
    IF first.id IS NULL THEN
        UPDATE review_items SET claimed_by = NULL, claim_expires_at = NULL WHERE campaign_id = p_campaign;
        INSERT INTO audit_log (actor, action, campaign_id, detail)
        VALUES (p_login, 'first_review', p_campaign, p_decision);
        RETURN 'pending';
    END IF;
    UPDATE review_items SET state = 'escalated', claimed_by = NULL, claim_expires_at = NULL
     WHERE campaign_id = p_campaign;
    INSERT INTO audit_log (actor, action, campaign_id, detail)
    VALUES (p_login, 'escalated', p_campaign,
            format('%s by %s, %s by %s', first.decision, first.reviewer, p_decision, p_login));
    RETURN 'escalated';
END $$;

-- Lifts a block. 'ok', 'not_found' (no such campaign) or 'not_blocked'.
CREATE FUNCTION campaign_unblock(p_campaign uuid, p_login text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM campaigns WHERE campaign_id = p_campaign AND deleted_at IS NULL) THEN
        RETURN 'not_found';
    END IF;
    UPDATE campaigns SET blocked_at = NULL WHERE campaign_id = p_campaign AND blocked_at IS NOT NULL;
    IF NOT FOUND THEN
        RETURN 'not_blocked';
    END IF;
    INSERT INTO audit_log (actor, action, campaign_id) VALUES (p_login, 'unblocked', p_campaign);
    RETURN 'ok';
END $$;

CREATE FUNCTION review_metrics() RETURNS json LANGUAGE sql STABLE AS $$
    WITH items AS (
        SELECT review_status(state, claimed_by, claim_expires_at) AS status, decided_at
        FROM review_items
    ), finals AS (
        SELECT decision, waited_s FROM review_decisions WHERE final
    ), pairs AS (
        SELECT campaign_id, round, bool_and(decision = first_decision) AS agree
        FROM (SELECT campaign_id, round, decision,
                     first_value(decision) OVER w AS first_decision,
                     row_number() OVER w AS n
              FROM review_decisions WHERE kind = 'review'
              WINDOW w AS (PARTITION BY campaign_id, round ORDER BY id)) d
        WHERE n <= 2
        GROUP BY campaign_id, round HAVING count(*) = 2
    )
    SELECT json_build_object(
        'open', (SELECT count(*) FROM items WHERE status = 'open'),
        'claimed', (SELECT count(*) FROM items WHERE status = 'claimed'),
        'escalated', (SELECT count(*) FROM items WHERE status = 'escalated'),
        'decided_today', (SELECT count(*) FROM items WHERE status = 'decided'
                            AND decided_at >= date_trunc('day', clock_timestamp())),
        'time_to_decision_s', (SELECT json_build_object(
                                   'p50', percentile_cont(0.5) WITHIN GROUP (ORDER BY waited_s),
                                   'p90', percentile_cont(0.9) WITHIN GROUP (ORDER BY waited_s))
                               FROM finals),
        'decisions', json_build_object(
            'took_action', (SELECT count(*) FROM finals WHERE decision = 'took_action'),
            'skipped', (SELECT count(*) FROM finals WHERE decision = 'skipped')),
        'agreement_rate', (SELECT avg(CASE WHEN agree THEN 1.0 ELSE 0.0 END)::double precision FROM pairs),
        'per_reviewer', coalesce((SELECT json_agg(json_build_object(
                                      'login', reviewer, 'decisions', n,
                                      'took_action', took, 'skipped', n - took,
                                      'escalations', esc) ORDER BY reviewer)
                                  FROM (SELECT reviewer, count(*) AS n,
                                               count(*) FILTER (WHERE decision = 'took_action') AS took,
                                               count(*) FILTER (WHERE kind = 'escalation') AS esc
                                        FROM review_decisions GROUP BY reviewer) x), '[]'))
$$;

-- The impression of a blocked campaign is refused like that of a deleted one: even a worker
-- whose catalogue is a moment behind the decision records no show of it. (record_impression
-- of 004, with the blocked check.)
CREATE OR REPLACE FUNCTION record_impression(p_campaign uuid, p_client uuid)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    impressions_cap bigint;
    clicks_cap bigint;
    price numeric;
    first_day integer;
    last_day integer;
    deleted boolean;
    today integer;
    row_id tid;
BEGIN
    SELECT current_day INTO today FROM platform_clock;
    SELECT impressions_limit, clicks_limit, cost_per_impression, start_date, end_date,
           deleted_at IS NOT NULL OR blocked_at IS NOT NULL
      INTO impressions_cap, clicks_cap, price, first_day, last_day, deleted
      FROM campaigns WHERE campaign_id = p_campaign;
    IF NOT FOUND OR deleted OR today < first_day OR today > last_day THEN
        RETURN 'gone';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM clients WHERE client_id = p_client) THEN
        RETURN 'no_client';
    END IF;
    INSERT INTO impressions (campaign_id, client_id, day, price)
    VALUES (p_campaign, p_client, today, price)
    ON CONFLICT DO NOTHING
    RETURNING ctid INTO row_id;
    IF row_id IS NULL THEN
        RETURN 'seen';
    END IF;
    UPDATE campaign_counters
       SET impressions = impressions + 1,
           day_impressions = CASE WHEN day = today THEN day_impressions + 1 ELSE 1 END,
           day = today
     WHERE campaign_id = p_campaign
       AND impressions < impressions_cap AND clicks < clicks_cap;
    IF NOT FOUND THEN
        DELETE FROM impressions WHERE ctid = row_id;
        RETURN 'full';
    END IF;
    RETURN 'ok';
END $$;
