-- seed.sql -- a synthetic world for the load benchmark, written straight into PostgreSQL (a bulk
-- SQL loader: the public API would take minutes for a million scores, this takes seconds).
--
-- psql variables: advertisers, clients, scores (per client), seed (0..1 for setseed).
-- Ids are predictable so that load scripts can pick them without a list:
--   client i     00000000-0000-4000-8000-<i as 12 hex digits>       (i = 1..clients)
--   advertiser i 00000000-0000-4000-9000-<i as 12 hex digits>
-- The current day is reset to 0; campaigns come from campaigns.sql, run after this file.

\set ON_ERROR_STOP on
SELECT setseed(:seed);

BEGIN;
TRUNCATE clicks, unbilled_clicks, impressions, campaign_counters, campaigns, ml_scores, clients,
    advertisers CASCADE; -- CASCADE: reports and review items refer to campaigns and clients
UPDATE catalog_version SET version = version + 1;
UPDATE platform_clock SET current_day = 0;

INSERT INTO advertisers (advertiser_id, name)
SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(i), 12, '0'))::uuid, 'advertiser ' || i
FROM generate_series(1, :advertisers) AS i;

INSERT INTO clients (client_id, login, age, location, gender)
SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
       'client' || i,
       (random() * 80)::int + 14,
       'city' || (random() * 19)::int,
       CASE WHEN random() < 0.5 THEN 'MALE' ELSE 'FEMALE' END
FROM generate_series(1, :clients) AS i;

-- :scores distinct advertisers per client (advertisers must be >= scores).
INSERT INTO ml_scores (client_id, advertiser_id, score)
SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(c), 12, '0'))::uuid,
       ('00000000-0000-4000-9000-' || lpad(to_hex(1 + (c * 7 + k * 13) % :advertisers), 12, '0'))::uuid,
       (random() * 1000)::int
FROM generate_series(1, :clients) AS c, generate_series(1, :scores) AS k
ON CONFLICT DO NOTHING;

COMMIT;
ANALYZE;
