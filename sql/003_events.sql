-- 003_events.sql -- impressions and clicks (one row per client and campaign, with the price and
-- day of the moment), per-campaign counters, and the two functions that record events
-- atomically: a campaign's limit is checked and its counter taken under the counter row's
-- lock, in the same transaction as the event row, so no two workers take the last impression.
--
-- Event rows carry no foreign keys: clients and campaigns are never deleted (campaigns only
-- soft-deleted), the functions below check both before writing, and a foreign key check
-- would lock the client and campaign rows of every event (the hot path's largest cost after
-- the commit itself).

CREATE TABLE campaign_counters (
    campaign_id     uuid PRIMARY KEY REFERENCES campaigns,
    impressions     bigint NOT NULL DEFAULT 0,
    clicks          bigint NOT NULL DEFAULT 0,
    -- impressions recorded on `day`, for pacing
    day             integer NOT NULL DEFAULT 0,
    day_impressions bigint NOT NULL DEFAULT 0
);

CREATE FUNCTION campaign_counters_init() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO campaign_counters (campaign_id) VALUES (NEW.campaign_id);
    RETURN NULL;
END $$;

CREATE TRIGGER campaigns_counters AFTER INSERT ON campaigns
    FOR EACH ROW EXECUTE FUNCTION campaign_counters_init();

CREATE TABLE impressions (
    campaign_id uuid NOT NULL,
    client_id   uuid NOT NULL,
    day         integer NOT NULL,
    price       numeric(26, 6) NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, client_id)
);
CREATE INDEX impressions_by_client ON impressions (client_id);
CREATE INDEX impressions_by_day ON impressions (campaign_id, day);

CREATE TABLE clicks (
    campaign_id uuid NOT NULL,
    client_id   uuid NOT NULL,
    day         integer NOT NULL,
    price       numeric(26, 6) NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, client_id)
);
CREATE INDEX clicks_by_client ON clicks (client_id);
CREATE INDEX clicks_by_day ON clicks (campaign_id, day);

-- Records the first impression of a campaign for a client on p_day, charged the campaign's
-- price of this moment. Returns 'ok' (recorded), 'seen' (the client saw it before: a free
-- show), 'full' (the impressions or clicks limit is reached), 'gone' (deleted or not running
-- on p_day) or 'no_client'.
CREATE FUNCTION record_impression(p_campaign uuid, p_client uuid, p_day integer)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    -- only the columns needed: the ad texts stay unread
    impressions_cap bigint;
    clicks_cap bigint;
    price numeric;
    first_day integer;
    last_day integer;
    deleted boolean;
    row_id tid;
BEGIN
    SELECT impressions_limit, clicks_limit, cost_per_impression, start_date, end_date,
           deleted_at IS NOT NULL
      INTO impressions_cap, clicks_cap, price, first_day, last_day, deleted
      FROM campaigns WHERE campaign_id = p_campaign;
    IF NOT FOUND OR deleted OR p_day < first_day OR p_day > last_day THEN
        RETURN 'gone';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM clients WHERE client_id = p_client) THEN
        RETURN 'no_client';
    END IF;
    -- The insert comes first: its conflict check is the primary key itself, never a plan
    -- made while the table was empty. A concurrent insert of the same pair waits for ours.
    INSERT INTO impressions (campaign_id, client_id, day, price)
    VALUES (p_campaign, p_client, p_day, price)
    ON CONFLICT DO NOTHING
    RETURNING ctid INTO row_id;
    IF row_id IS NULL THEN
        RETURN 'seen';
    END IF;
    UPDATE campaign_counters
       SET impressions = impressions + 1,
           day_impressions = CASE WHEN day = p_day THEN day_impressions + 1 ELSE 1 END,
           day = p_day
     WHERE campaign_id = p_campaign
       AND impressions < impressions_cap AND clicks < clicks_cap;
    IF NOT FOUND THEN
        DELETE FROM impressions WHERE ctid = row_id;
        RETURN 'full';
    END IF;
    RETURN 'ok';
END $$;

-- Records the first click of a client on a campaign it was shown, charged the campaign's price
-- of this moment, while the campaign's clicks are below its clicks_limit. Returns 'ok',
-- 'repeat' (clicked before: nothing changes), 'full' (the click budget is spent: nothing is
-- recorded or charged), 'not_shown', 'no_campaign' (unknown or deleted) or 'no_client'.
CREATE FUNCTION record_click(p_campaign uuid, p_client uuid, p_day integer)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    c campaigns%ROWTYPE;
    row_id tid;
BEGIN
    SELECT * INTO c FROM campaigns WHERE campaign_id = p_campaign AND deleted_at IS NULL;
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
    VALUES (p_campaign, p_client, p_day, c.cost_per_click)
    ON CONFLICT DO NOTHING
    RETURNING ctid INTO row_id;
    IF row_id IS NULL THEN
        RETURN 'repeat';
    END IF;
    UPDATE campaign_counters SET clicks = clicks + 1
     WHERE campaign_id = p_campaign AND clicks < c.clicks_limit;
    IF NOT FOUND THEN
        DELETE FROM clicks WHERE ctid = row_id;
        RETURN 'full';
    END IF;
    RETURN 'ok';
END $$;
