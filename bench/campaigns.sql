-- campaigns.sql -- replaces the benchmark world's campaigns (and their events) with :campaigns
-- new ones, spread over the advertisers of seed.sql. Every campaign runs from day 0 for 30
-- days; about a third has no targeting, the rest target a gender, an age range and/or one of
-- the 20 cities of the clients.
--
-- psql variables: advertisers, campaigns, seed (0..1 for setseed).

\set ON_ERROR_STOP on
SELECT setseed(:seed);

BEGIN;
TRUNCATE clicks, unbilled_clicks, impressions, campaign_counters, campaigns CASCADE;
INSERT INTO campaigns (campaign_id, advertiser_id, impressions_limit, clicks_limit,
                       cost_per_impression, cost_per_click, ad_title, ad_text,
                       start_date, end_date, gender, age_from, age_to, location)
SELECT gen_random_uuid(),
       ('00000000-0000-4000-9000-' || lpad(to_hex(1 + i % :advertisers), 12, '0'))::uuid,
       lim, lim / 10,
       round((random() * 2)::numeric, 2), round((random() * 20)::numeric, 2),
       'ad ' || i, 'text of ad ' || i,
       0, 30,
       CASE WHEN untargeted THEN NULL
            WHEN random() < 0.3 THEN 'MALE' WHEN random() < 0.5 THEN 'FEMALE' ELSE 'ALL' END,
       CASE WHEN untargeted OR random() < 0.5 THEN NULL ELSE 18 + (random() * 20)::int END,
       CASE WHEN untargeted OR random() < 0.5 THEN NULL ELSE 40 + (random() * 40)::int END,
       CASE WHEN untargeted OR random() < 0.3 THEN NULL ELSE 'city' || (random() * 19)::int END
FROM (SELECT i, random() < 0.33 AS untargeted, 1000 + (random() * 9000)::int AS lim
      FROM generate_series(1, :campaigns) AS i) AS g;
COMMIT;
ANALYZE campaigns;
ANALYZE campaign_counters;
