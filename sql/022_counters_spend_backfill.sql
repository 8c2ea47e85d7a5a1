-- 022_counters_spend_backfill.sql -- the spend of the events recorded before 021.
--
-- Not in 021's transaction: a record_impression or record_click call that began before 021
-- committed runs the old body, which charges no spend, and may have inserted its event
-- without having committed it. The SHARE locks wait for every transaction that wrote events
-- (old bodies included) to end and hold new writers back until this commit, so every event
-- is summed once: either here or by a function of 021. (Only a call that began before 021
-- committed and had not yet inserted its event when these locks were granted, across two
-- migrations' commits, could still slip through.)

LOCK TABLE impressions, clicks, campaign_counters IN SHARE MODE;

UPDATE campaign_counters cc
   SET spend = t.spend
  FROM (SELECT campaign_id, sum(price) AS spend
          FROM (SELECT campaign_id, price FROM impressions
                UNION ALL
                SELECT campaign_id, price FROM clicks) e
         GROUP BY campaign_id) t
 WHERE t.campaign_id = cc.campaign_id;
