-- 020_record_impressions.sql -- first shows recorded in groups: one transaction (one commit,
-- one WAL flush) for every first show that waited while the previous group was written.
--
-- The recorder (billboard-batch recorder) calls it with the impressions that workers sent it
-- meanwhile; each is decided by record_impression in array order, in this one transaction,
-- so the limits hold exactly as for one at a time, and a worker is answered only after the
-- commit. A group of one campaign's many clients locks its counter row once.

CREATE FUNCTION record_impressions(p_campaigns uuid[], p_clients uuid[])
RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    outcomes text[] := '{}';
    n integer := coalesce(array_length(p_campaigns, 1), 0);
BEGIN
    IF n <> coalesce(array_length(p_clients, 1), 0) THEN
        RAISE EXCEPTION 'record_impressions: % campaigns for % clients', n,
            coalesce(array_length(p_clients, 1), 0);
    END IF;
    FOR i IN 1 .. n LOOP
        outcomes := outcomes || record_impression(p_campaigns[i], p_clients[i]);
    END LOOP;
    RETURN outcomes;
END $$;
