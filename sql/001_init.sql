-- 001_init.sql -- clients, advertisers, ML scores and the platform's clock.

CREATE TABLE clients (
    client_id  uuid PRIMARY KEY,
    login      text NOT NULL CHECK (login <> ''),
    age        integer NOT NULL CHECK (age BETWEEN 0 AND 100),
    location   text NOT NULL CHECK (location <> ''),
    gender     text NOT NULL CHECK (gender IN ('MALE', 'FEMALE'))
);

CREATE TABLE advertisers (
    advertiser_id uuid PRIMARY KEY,
    name          text NOT NULL CHECK (name <> '')
);

-- How relevant an advertiser is to a client; only relative sizes matter.
CREATE TABLE ml_scores (
    client_id     uuid NOT NULL REFERENCES clients,
    advertiser_id uuid NOT NULL REFERENCES advertisers,
    score         bigint NOT NULL CHECK (score >= 0),
    PRIMARY KEY (client_id, advertiser_id)
);

-- The simulated current day: one row, moved forward only by POST /time/advance.
CREATE TABLE platform_clock (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    current_day integer NOT NULL DEFAULT 0 CHECK (current_day >= 0)
);
INSERT INTO platform_clock DEFAULT VALUES;
