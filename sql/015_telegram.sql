-- 015_telegram.sql -- the Telegram bot (API.md section 12): its getUpdates offset, one-time
-- link codes (only their SHA-256 is kept), the chats linked to advertisers, and the outbox of
-- notifications.
--
-- Notifications are written by triggers on the rows whose change is the event (a campaign's
-- blocked_at set, a counter reaching its limit), so whatever path records an impression or a
-- click, or blocks a campaign, the outbox rows commit or roll back with it.

CREATE TABLE telegram_bot_state (
    id          integer PRIMARY KEY CHECK (id = 1),
    next_offset bigint NOT NULL DEFAULT 0       -- the last handled update_id + 1
);
INSERT INTO telegram_bot_state (id) VALUES (1);

CREATE TABLE telegram_codes (
    code_hash     text PRIMARY KEY,              -- hex SHA-256 of the code
    advertiser_id uuid NOT NULL REFERENCES advertisers,
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz,
    used_by       bigint                         -- the chat it linked
);

CREATE TABLE telegram_chats (
    chat_id       bigint PRIMARY KEY,            -- Telegram chat ids need 52 bits and more
    advertiser_id uuid NOT NULL REFERENCES advertisers,
    linked_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX telegram_chats_by_advertiser ON telegram_chats (advertiser_id);

CREATE TABLE telegram_outbox (
    id          bigserial PRIMARY KEY,
    chat_id     bigint NOT NULL,                 -- not a reference: an unlinked chat keeps none
    campaign_id uuid NOT NULL REFERENCES campaigns,
    kind        text NOT NULL CHECK (kind IN ('blocked', 'impressions_limit', 'clicks_limit')),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    attempts    integer NOT NULL DEFAULT 0,
    sent_at     timestamptz,
    dropped     text                             -- why it will never be sent (chat gone)
);
CREATE INDEX telegram_outbox_pending ON telegram_outbox (id)
    WHERE sent_at IS NULL AND dropped IS NULL;

-- One outbox row for each chat following the campaign's advertiser.
CREATE FUNCTION telegram_notify(p_campaign uuid, p_kind text) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO telegram_outbox (chat_id, campaign_id, kind)
    SELECT t.chat_id, c.campaign_id, p_kind
      FROM campaigns c JOIN telegram_chats t USING (advertiser_id)
     WHERE c.campaign_id = p_campaign;
$$;

CREATE FUNCTION telegram_on_block() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM telegram_notify(NEW.campaign_id, 'blocked');
    RETURN NULL;
END $$;
CREATE TRIGGER campaigns_telegram_block AFTER UPDATE OF blocked_at ON campaigns
    FOR EACH ROW WHEN (OLD.blocked_at IS NULL AND NEW.blocked_at IS NOT NULL)
    EXECUTE FUNCTION telegram_on_block();

-- A counter that reaches its limit from below: once per crossing (a limit raised later and
-- reached again is a new event).
CREATE FUNCTION telegram_on_counters() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    imp_cap bigint;
    clk_cap bigint;
BEGIN
    SELECT impressions_limit, clicks_limit INTO imp_cap, clk_cap
      FROM campaigns WHERE campaign_id = NEW.campaign_id;
    IF imp_cap > 0 AND NEW.impressions >= imp_cap AND OLD.impressions < imp_cap THEN
        PERFORM telegram_notify(NEW.campaign_id, 'impressions_limit');
    END IF;
    IF clk_cap > 0 AND NEW.clicks >= clk_cap AND OLD.clicks < clk_cap THEN
        PERFORM telegram_notify(NEW.campaign_id, 'clicks_limit');
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER campaign_counters_telegram AFTER UPDATE OF impressions, clicks
    ON campaign_counters
    FOR EACH ROW WHEN (NEW.impressions > OLD.impressions OR NEW.clicks > OLD.clicks)
    EXECUTE FUNCTION telegram_on_counters();

-- Consumes a code for a chat: 'linked', 'unknown', 'expired' or 'used'. The code's row is
-- locked, so two chats racing with one code see one winner.
CREATE FUNCTION telegram_link(p_hash text, p_chat bigint) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    c telegram_codes%ROWTYPE;
BEGIN
    SELECT * INTO c FROM telegram_codes WHERE code_hash = p_hash FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'unknown';
    END IF;
    IF c.used_at IS NOT NULL THEN
        -- The same chat again (its answer was lost and the update handled once more).
        IF c.used_by = p_chat AND EXISTS (SELECT 1 FROM telegram_chats
                WHERE chat_id = p_chat AND advertiser_id = c.advertiser_id) THEN
            RETURN 'linked';
        END IF;
        RETURN 'used';
    END IF;
    IF c.expires_at <= clock_timestamp() THEN
        RETURN 'expired';
    END IF;
    UPDATE telegram_codes SET used_at = clock_timestamp(), used_by = p_chat WHERE code_hash = p_hash;
    INSERT INTO telegram_chats (chat_id, advertiser_id) VALUES (p_chat, c.advertiser_id)
    ON CONFLICT (chat_id) DO UPDATE
        SET advertiser_id = EXCLUDED.advertiser_id, linked_at = clock_timestamp();
    RETURN 'linked';
END $$;
