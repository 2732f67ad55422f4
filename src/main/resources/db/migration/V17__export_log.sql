-- Every bulk export (GET /api/v1/export/...) and every refused attempt, for the company's admins
-- (GET /api/v1/audit/exports). A row is written when the export opens, in its own statement, and
-- completed when it ends, however it ends; one still RUNNING after its instance stopped stays so.
-- user_id is null only for an admin login without a user row (bootstrap); login is always kept.
CREATE TABLE export_log (
    id            uuid PRIMARY KEY,
    user_id       uuid REFERENCES app_user (id),
    login         varchar(200) NOT NULL,
    export        varchar(20)  NOT NULL CHECK (export IN ('CUSTOMERS', 'CONTACTS', 'VISITS', 'DEALS')),
    -- Null on a refusal: the permission is checked before the format is negotiated.
    format        varchar(10)  CHECK (format IN ('NDJSON', 'CSV')),
    updated_since timestamptz,
    started_at    timestamptz  NOT NULL,
    ended_at      timestamptz,
    row_count     bigint       NOT NULL DEFAULT 0,
    byte_count    bigint       NOT NULL DEFAULT 0,
    outcome       varchar(20)  NOT NULL
        CHECK (outcome IN ('RUNNING', 'COMPLETE', 'CLIENT_GONE', 'FAILED', 'REFUSED')),
    CHECK ((outcome = 'RUNNING') = (ended_at IS NULL))
);
-- The admins' list, newest first, for everyone or for one user.
CREATE INDEX export_log_started_idx ON export_log (started_at DESC, id DESC);
CREATE INDEX export_log_user_started_idx ON export_log (user_id, started_at DESC, id DESC);
