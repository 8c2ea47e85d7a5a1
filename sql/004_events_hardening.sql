-- 004_events_hardening.sql -- events take their day from PostgreSQL's own clock, and a click
-- past clicks_limit is kept as an unbilled click.
--
-- A worker's copy of the current day comes from Redis and may lag a moment behind; dating
-- and admitting an event by it could charge a campaign that ended. The recording functions
-- therefore read platform_clock themselves, in the event's transaction.

-- Clicks acknowledged after the campaign's click budget was spent: never counted in
-- clicks_count or charged (the limit is a hard cap), but kept, since the client was told 204.
CREATE TABLE unbilled_clicks (
    campaign_id uuid NOT NULL,
    client_id   uuid NOT NULL,
    day         integer NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, client_id)
);

DROP FUNCTION record_impression(uuid, uuid, integer);
DROP FUNCTION record_click(uuid, uuid, integer);

-- Records the first impression of a campaign for a client on the current day, charged the
-- campaign's price of this moment. Returns 'ok' (recorded), 'seen' (the client saw it
-- before: a free show), 'full' (the impressions or clicks limit is reached), 'gone' (deleted
-- or not running today) or 'no_client'.
CREATE FUNCTION record_impression(p_campaign uuid, p_client uuid)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    -- only the columns needed: the ad texts stay unread
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
           deleted_at IS NOT NULL
      INTO impressions_cap, clicks_cap, price, first_day, last_day, deleted
      FROM campaigns WHERE campaign_id = p_campaign;
    IF NOT FOUND OR deleted OR today < first_day OR today > last_day THEN
        RETURN 'gone';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM clients WHERE client_id = p_client) THEN
        RETURN 'no_client';
    END IF;
    -- The insert comes first: its conflict check is the primary key itself, never a plan
    -- made while the table was empty. A concurrent insert of the same pair waits for ours.
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

-- Records the first click of a client on a campaign it was shown, dated the current day and
-- charged the campaign's price of this moment, while the campaign's clicks are below its
-- clicks_limit. Returns 'ok', 'repeat' (clicked before: nothing changes), 'full' (the click
-- budget is spent: kept in unbilled_clicks, not counted or charged), 'not_shown',
-- 'no_campaign' (unknown or deleted) or 'no_client'.
CREATE FUNCTION record_click(p_campaign uuid, p_client uuid)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    price numeric;
    clicks_cap bigint;
    today integer;
    row_id tid;
BEGIN
    SELECT current_day INTO today FROM platform_clock;
    SELECT cost_per_click, clicks_limit INTO price, clicks_cap
      FROM campaigns WHERE campaign_id = p_campaign AND deleted_at IS NULL;
    IF NOT FOUND THEN
        RETURN 'no_campaign';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM clients WHERE client_id = p_client) THEN
        RETURN 'no_client';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM impressions WHERE campaign_id = p_campaign AND client_id = p_client) THEN
        RETURN 'not_shown';
    END IF;
    INSERT INTO clicks (campaign_id, client_id, day, price)
    VALUES (p_campaign, p_client, today, price)
    ON CONFLICT DO NOTHING
    RETURNING ctid INTO row_id;
    IF row_id IS NULL THEN
        RETURN 'repeat';
    END IF;
    UPDATE campaign_counters SET clicks = clicks + 1
     WHERE campaign_id = p_campaign AND clicks < clicks_cap;
    IF NOT FOUND THEN
        DELETE FROM clicks WHERE ctid = row_id;
        INSERT INTO unbilled_clicks (campaign_id, client_id, day)
        VALUES (p_campaign, p_client, today)
        ON CONFLICT DO NOTHING;
        RETURN 'full';
    END IF;
    RETURN 'ok';
END $$;
