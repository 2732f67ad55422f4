-- Reads of contacts' personal data in full, of customers the reader does not own (README, "Personal
-- data"): one row per reader, customer and company day, upserted once per request that returned
-- such data. Keyed by login, as admin logins without a user row (bootstrap) read too. No foreign
-- key to customer: the record outlives whatever becomes of the customer.
CREATE TABLE personal_data_read (
    login       varchar(200) NOT NULL,
    user_id     uuid REFERENCES app_user (id),
    customer_id uuid         NOT NULL,
    day         date         NOT NULL,
    reads       integer      NOT NULL,
    row_count   bigint       NOT NULL,
    first_at    timestamptz  NOT NULL,
    last_at     timestamptz  NOT NULL,
    -- (login, day) first: the ceiling counts a reader's distinct customers of one day.
    PRIMARY KEY (login, day, customer_id)
);
-- The admins' query by period, for everyone or for one user.
CREATE INDEX personal_data_read_day_idx ON personal_data_read (day);
CREATE INDEX personal_data_read_user_day_idx ON personal_data_read (user_id, day);

-- A reader stopped by the daily ceiling: one row per reader and company day, from the first refusal,
-- counting the refusals after it. Listed for the reader's managers (GET /api/v1/alerts).
CREATE TABLE personal_data_alert (
    id            uuid PRIMARY KEY,
    login         varchar(200) NOT NULL,
    user_id       uuid REFERENCES app_user (id),
    day           date         NOT NULL,
    ceiling       integer      NOT NULL,
    -- The customer of the first refused read.
    customer_id   uuid         NOT NULL,
    refusals      integer      NOT NULL,
    first_at      timestamptz  NOT NULL,
    last_at       timestamptz  NOT NULL,
    UNIQUE (login, day)
);
CREATE INDEX personal_data_alert_first_idx ON personal_data_alert (first_at DESC, id DESC);
CREATE INDEX personal_data_alert_user_idx ON personal_data_alert (user_id, first_at DESC, id DESC);
