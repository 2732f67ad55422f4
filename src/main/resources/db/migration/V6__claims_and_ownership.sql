-- Claims and protection periods. claimed_at: when the current owner got the customer (created,
-- claimed, transferred, handed over); protected_until: when it goes back to the pool unless an
-- effective visit extends it. Both are null for pool customers. A merged duplicate points to the
-- customer that absorbed it.
ALTER TABLE customer
    ADD COLUMN claimed_at      timestamptz,
    ADD COLUMN protected_until timestamptz,
    ADD COLUMN merged_into_id  uuid REFERENCES customer (id),
    ADD CONSTRAINT customer_not_merged_into_itself CHECK (merged_into_id IS NULL OR merged_into_id <> id);

-- Customers owned before claims existed start a full default protection period now, so the first
-- recall run does not empty every rep's book at once.
UPDATE customer SET claimed_at = created_at, protected_until = now() + interval '30 days'
WHERE owner_id IS NOT NULL;

-- The recall job's scan: owned, unsigned, live customers by protection end. Small, since it holds
-- only what recall may touch.
CREATE INDEX customer_recall_idx ON customer (protected_until)
    WHERE owner_id IS NOT NULL AND status <> 'SIGNED' AND NOT archived;
-- A rep's claims by expiry (GET /claims/expiring) and the holding count behind the claim cap.
CREATE INDEX customer_owner_protection_idx ON customer (owner_id, protected_until)
    WHERE owner_id IS NOT NULL AND NOT archived;

-- Every owner change says what kind it was and why.
ALTER TABLE customer_owner_change
    ADD COLUMN kind   varchar(20),
    ADD COLUMN reason varchar(500);
UPDATE customer_owner_change SET kind = CASE WHEN old_owner_key IS NULL THEN 'CREATE' ELSE 'TRANSFER' END;
ALTER TABLE customer_owner_change
    ALTER COLUMN kind SET NOT NULL,
    ADD CONSTRAINT customer_owner_change_kind_ck
        CHECK (kind IN ('CREATE', 'CLAIM', 'RELEASE', 'RECALL', 'TRANSFER', 'HANDOVER', 'MERGE'));
-- The claim cool-down: when did this rep last lose this customer?
CREATE INDEX customer_owner_change_lost_idx ON customer_owner_change (customer_id, old_owner_key, at)
    WHERE kind IN ('RELEASE', 'RECALL');

-- History entries of owner changes carry the reason given.
ALTER TABLE customer_history ADD COLUMN reason varchar(500);
