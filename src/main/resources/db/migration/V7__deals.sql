-- Signed contracts (签单). A deal belongs to a customer (customer_id, so it shards with it) and credits
-- the rep who owned the customer when it was recorded (owner_id), so reports keep crediting that rep
-- after the customer moves on. Deals are never deleted: a cancelled contract keeps its row with
-- status CANCELLED, who cancelled it, when and why.
CREATE TABLE deal (
    id                 uuid           PRIMARY KEY,
    customer_id        uuid           NOT NULL REFERENCES customer (id),
    owner_id           uuid           NOT NULL REFERENCES app_user (id),
    amount             numeric(14, 2) NOT NULL,
    currency           char(3)        NOT NULL,
    signed_on          date           NOT NULL,
    product            varchar(200)   NOT NULL,
    -- The customer's expected signing date when the deal was recorded: whether an A customer signed
    -- within its window is a fact of that moment, not of the customer's later edits.
    expected_sign_date date,
    status             varchar(20)    NOT NULL,
    cancelled_at       timestamptz,
    cancelled_by       varchar(200),
    cancel_reason      varchar(500),
    version            bigint         NOT NULL,
    created_at         timestamptz    NOT NULL,
    created_by         varchar(200)   NOT NULL,
    updated_at         timestamptz    NOT NULL,
    updated_by         varchar(200)   NOT NULL,
    CONSTRAINT deal_amount_ck CHECK (amount > 0),
    CONSTRAINT deal_currency_ck CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT deal_status_ck CHECK (status IN ('ACTIVE', 'CANCELLED')),
    CONSTRAINT deal_cancellation_ck CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL)
        AND (status = 'CANCELLED') = (cancel_reason IS NOT NULL)
        AND (status = 'CANCELLED') = (cancelled_by IS NOT NULL))
);
-- A customer's deals, newest first.
CREATE INDEX deal_customer_idx ON deal (customer_id, signed_on DESC, id DESC);
-- Reports: a rep's (or a set of reps') live deals in a date range.
CREATE INDEX deal_owner_signed_idx ON deal (owner_id, signed_on) WHERE status = 'ACTIVE';
-- Company-wide reports and the leaderboard: live deals in a date range.
CREATE INDEX deal_signed_idx ON deal (signed_on) WHERE status = 'ACTIVE';
-- Export by updated-since.
CREATE INDEX deal_updated_idx ON deal (updated_at, id);
