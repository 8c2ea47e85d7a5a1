-- 009_screening.sql -- what `billboard-batch moderate` screened: the version of each
-- campaign's texts it last classified (campaigns.texts_version moves on every text change),
-- so each version is screened once, by one run, even with runs overlapping.

CREATE TABLE campaign_screening (
    campaign_id   uuid PRIMARY KEY REFERENCES campaigns,
    texts_version bigint NOT NULL,
    flagged       boolean NOT NULL,
    category      text,
    screened_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
