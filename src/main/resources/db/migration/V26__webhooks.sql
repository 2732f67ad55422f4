-- Webhooks (README, "Webhooks"): admin-managed subscriptions, a transactional outbox of events and one
-- delivery row per event and matching subscription, sent by the delivery worker.
CREATE TABLE webhook_subscription (
    id                uuid PRIMARY KEY,
    url               varchar(2000) NOT NULL,
    description       varchar(500),
    event_types       text[]        NOT NULL,
    -- The integration identity the subscription acts for: what it may see is decided as for that login
    -- with the integration role and exactly these scopes (contacts:read unmasks contacts).
    integration_login varchar(200)  NOT NULL,
    scopes            text[]        NOT NULL DEFAULT '{}',
    -- whsec_<base64 of 32 random bytes>; shown once, kept to sign.
    secret            varchar(100)  NOT NULL,
    active            boolean       NOT NULL,
    version           bigint        NOT NULL,
    created_at        timestamptz   NOT NULL,
    created_by        varchar(200)  NOT NULL,
    updated_at        timestamptz   NOT NULL,
    updated_by        varchar(200)  NOT NULL
);
-- The admins' list (keyset on created_at, id); publishing reads the active ones, a small table.
CREATE INDEX webhook_subscription_created_idx ON webhook_subscription (created_at, id);

-- Changes to subscriptions: who, when, each field's old and new value (never the secret).
CREATE TABLE webhook_subscription_history (
    id              bigserial PRIMARY KEY,
    subscription_id uuid         NOT NULL REFERENCES webhook_subscription (id),
    action          varchar(20)  NOT NULL,
    actor           varchar(200) NOT NULL,
    at              timestamptz  NOT NULL,
    changes         jsonb        NOT NULL
);
CREATE INDEX webhook_subscription_history_idx ON webhook_subscription_history (subscription_id, id);

-- The outbox: written in the transaction of the change, only when some active subscription wants the type.
-- payload is the full view (an integrator with every scope); a delivery carries its own when its view differs.
CREATE TABLE webhook_event (
    id          uuid PRIMARY KEY,
    type        varchar(40)  NOT NULL,
    customer_id uuid,
    occurred_at timestamptz  NOT NULL,
    payload     jsonb        NOT NULL
);
-- Retention removes events older than crm.webhook.retention once no delivery refers to them.
CREATE INDEX webhook_event_occurred_idx ON webhook_event (occurred_at);

CREATE TABLE webhook_delivery (
    id                uuid PRIMARY KEY,
    -- Write order: deliveries of one subscription and customer go out in it.
    seq               bigint       GENERATED ALWAYS AS IDENTITY,
    event_id          uuid         NOT NULL REFERENCES webhook_event (id),
    subscription_id   uuid         NOT NULL REFERENCES webhook_subscription (id),
    customer_id       uuid,
    event_type        varchar(40)  NOT NULL,
    payload           jsonb,
    status            varchar(10)  NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'PARKED')),
    attempts          integer      NOT NULL DEFAULT 0,
    created_at        timestamptz  NOT NULL,
    -- Start of the current series of attempts (creation, or an admin's retry of a parked delivery):
    -- attempts continue until crm.webhook.retry-for after it.
    series_started_at timestamptz  NOT NULL,
    next_attempt_at   timestamptz,
    -- A worker's claim: committed before its HTTP call, so no other worker takes the row until it ends.
    locked_until      timestamptz,
    lease             uuid,
    last_attempt_at   timestamptz,
    last_status_code  integer,
    last_error        varchar(500),
    delivered_at      timestamptz,
    parked_at         timestamptz,
    CHECK ((status = 'PENDING') = (next_attempt_at IS NOT NULL))
);
-- The worker's claim: pending rows by due time.
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at, seq) WHERE status = 'PENDING';
-- Its order check: an earlier pending delivery of the same subscription and customer.
CREATE INDEX webhook_delivery_order_idx ON webhook_delivery (subscription_id, customer_id, seq) WHERE status = 'PENDING';
-- The admins' list, newest first, optionally by status.
CREATE INDEX webhook_delivery_list_idx ON webhook_delivery (subscription_id, seq DESC);
CREATE INDEX webhook_delivery_status_idx ON webhook_delivery (subscription_id, status, seq DESC);
-- Retention: finished deliveries by age, and the event an outbox row belongs to.
CREATE INDEX webhook_delivery_delivered_idx ON webhook_delivery (delivered_at) WHERE status = 'DELIVERED';
CREATE INDEX webhook_delivery_parked_idx ON webhook_delivery (parked_at) WHERE status = 'PARKED';
CREATE INDEX webhook_delivery_event_idx ON webhook_delivery (event_id);
