-- 007_accounts.sql -- operator accounts (admins and moderators), their sessions, failed logins
-- (for the login throttle) and the append-only audit log of moderation and account actions.

CREATE TABLE accounts (
    login         text PRIMARY KEY CHECK (login ~ '^[A-Za-z0-9._-]{1,64}$'),
    role          text NOT NULL CHECK (role IN ('admin', 'moderator')),
    password_hash text NOT NULL,                -- argon2id, encoded with its salt and costs
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- The cookie holds a random token; only its SHA-256 is stored, so a leak of this table
-- gives no usable session.
CREATE TABLE sessions (
    token_hash bytea PRIMARY KEY,
    login      text NOT NULL REFERENCES accounts,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX sessions_by_login ON sessions (login);

CREATE TABLE login_failures (
    id      bigserial PRIMARY KEY,
    login   text NOT NULL,
    address text NOT NULL,
    at      timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX login_failures_by_login ON login_failures (login, at);
CREATE INDEX login_failures_by_address ON login_failures (address, at);

CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor       text NOT NULL,                  -- a login, or "batch" for the moderation job
    action      text NOT NULL,
    campaign_id uuid,
    detail      text
);
CREATE INDEX audit_log_by_campaign ON audit_log (campaign_id, id) WHERE campaign_id IS NOT NULL;

-- Append-only, whatever the code does.
CREATE FUNCTION audit_log_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_frozen();
