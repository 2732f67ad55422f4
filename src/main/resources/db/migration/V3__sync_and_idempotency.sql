-- Idempotency keys (the Idempotency-Key header of POSTs that create something). A key belongs to a
-- login; the primary key decides between concurrent requests with the same key. A row without a
-- status is a request still running; the stored response is written in the same transaction as
-- the work it answers, so a completed row and the business change commit together.
CREATE TABLE idempotency_key (
    login         varchar(200)  NOT NULL,
    idem_key      varchar(255)  NOT NULL,
    scope         varchar(100)  NOT NULL,
    fingerprint   varchar(64)   NOT NULL,
    created_at    timestamptz   NOT NULL DEFAULT now(),
    status        integer,
    content_type  varchar(100),
    location      varchar(2000),
    etag          varchar(100),
    body          text,
    completed_at  timestamptz,
    CONSTRAINT idempotency_key_pk PRIMARY KEY (login, idem_key)
);
-- For a cleanup of expired keys.
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);

-- The change feed's log: one row per changed record, written in the same transaction as the change.
-- txid is the writing transaction's id; the feed reads only rows of transactions older than every
-- running one (txid < pg_snapshot_xmin(pg_current_snapshot())), in (txid, seq) order, so a row can
-- never appear behind a cursor already handed out.
CREATE TABLE sync_change (
    seq          bigserial    NOT NULL,
    txid         xid8         NOT NULL DEFAULT pg_current_xact_id(),
    entity_type  varchar(20)  NOT NULL,
    entity_id    uuid         NOT NULL,
    customer_id  uuid         NOT NULL,
    CONSTRAINT sync_change_pk PRIMARY KEY (seq)
);
CREATE INDEX sync_change_order_idx ON sync_change (txid, seq);

-- Append-only record of who owned a customer: creation (old_owner_key null), and every later claim,
-- release, recall or transfer. Keys as in customer.owner_key (the pool is the all-zero uuid). The
-- feed uses it to tell a caller that a customer they could see has left their view.
CREATE TABLE customer_owner_change (
    seq            bigserial    NOT NULL,
    txid           xid8         NOT NULL DEFAULT pg_current_xact_id(),
    customer_id    uuid         NOT NULL REFERENCES customer (id),
    old_owner_key  uuid,
    new_owner_key  uuid         NOT NULL,
    actor          varchar(200) NOT NULL,
    at             timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT customer_owner_change_pk PRIMARY KEY (seq)
);
CREATE INDEX customer_owner_change_customer_idx ON customer_owner_change (customer_id, txid);

-- Records that exist before this migration enter the feed once, and their owners the ownership log.
INSERT INTO sync_change (entity_type, entity_id, customer_id)
SELECT 'CUSTOMER', id, id FROM customer ORDER BY created_at, id;
INSERT INTO sync_change (entity_type, entity_id, customer_id)
SELECT 'CONTACT', id, customer_id FROM contact ORDER BY created_at, id;
INSERT INTO sync_change (entity_type, entity_id, customer_id)
SELECT 'VISIT', id, customer_id FROM visit ORDER BY created_at, id;
INSERT INTO sync_change (entity_type, entity_id, customer_id)
SELECT 'REVIEW', id, customer_id FROM visit_review ORDER BY created_at, id;
INSERT INTO customer_owner_change (customer_id, old_owner_key, new_owner_key, actor, at)
SELECT id, NULL, owner_key, created_by, created_at FROM customer;
