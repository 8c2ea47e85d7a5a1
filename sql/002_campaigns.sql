-- 002_campaigns.sql -- campaigns (soft-deleted) and the catalogue version that tells every
-- worker its in-memory view of campaigns is stale.

CREATE TABLE campaigns (
    campaign_id         uuid PRIMARY KEY,
    advertiser_id       uuid NOT NULL REFERENCES advertisers,
    impressions_limit   bigint NOT NULL CHECK (impressions_limit >= 0),
    clicks_limit        bigint NOT NULL CHECK (clicks_limit >= 0 AND clicks_limit <= impressions_limit),
    cost_per_impression numeric(26, 6) NOT NULL CHECK (cost_per_impression >= 0),
    cost_per_click      numeric(26, 6) NOT NULL CHECK (cost_per_click >= 0),
    ad_title            text NOT NULL CHECK (ad_title <> ''),
    ad_text             text NOT NULL CHECK (ad_text <> ''),
    ad_image            text,
    start_date          integer NOT NULL CHECK (start_date >= 0),
    end_date            integer NOT NULL CHECK (end_date >= start_date),
    -- targeting: NULL matches everyone
    gender              text CHECK (gender IN ('MALE', 'FEMALE', 'ALL')),
    age_from            smallint CHECK (age_from BETWEEN 0 AND 100),
    age_to              smallint CHECK (age_to BETWEEN 0 AND 100 AND (age_from IS NULL OR age_from <= age_to)),
    location            text CHECK (location <> ''),
    created_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    deleted_at          timestamptz
);

-- An advertiser's campaigns, newest first (GET /advertisers/{id}/campaigns), and all of them,
-- deleted ones included, for the advertiser's statistics.
CREATE INDEX campaigns_by_advertiser ON campaigns (advertiser_id, created_at DESC, campaign_id);
-- Campaigns running on a day, for ad selection.
CREATE INDEX campaigns_by_days ON campaigns (start_date, end_date) WHERE deleted_at IS NULL;

-- Bumped by every statement that changes campaigns, in the same transaction.
CREATE TABLE catalog_version (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version   bigint NOT NULL DEFAULT 0
);
INSERT INTO catalog_version DEFAULT VALUES;

CREATE FUNCTION catalog_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalog_version SET version = version + 1;
    RETURN NULL;
END $$;

CREATE TRIGGER campaigns_changed AFTER INSERT OR UPDATE OR DELETE ON campaigns
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_bump();
