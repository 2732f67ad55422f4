-- The claim cap ("a rep holds at most N unsigned customers") without counting them (issue 14): the count
-- read one heap page per held customer, since the pages a rep's claims just wrote are not all-visible
-- (164 buffers per claim for a rep holding 159). customer_held keeps the count per owner: a claim reads
-- one row.
--
-- The count's single home is the trigger below on customer (what counts: owned, live, not signed): every
-- write path (creation, claims, releases, recalls, transfers, handovers, merges, archive and restore, a
-- deal's signature, deletes, SQL by hand, and old instances during a rolling deploy) changes it in the
-- writing transaction. The trigger is per statement and adds each statement's changes per owner in owner
-- order, so that two multi-owner statements (recall batches on two instances, a handover beside a recall)
-- lock the owners' rows in the same order and cannot deadlock on them; row by row they could. The public
-- pool has no owner and no row, so claims of different reps never wait on one row; one rep's claims queue
-- on the rep's user row already (ClaimService). HeldCountTest proves the rows equal a recount after every
-- write path and under concurrent claims and releases.

-- Owners with no row hold nothing. No CHECK (held >= 0): an upsert proposes its change as the new row's
-- value, negative for a release, and PostgreSQL checks a proposed row before it finds the conflict.
CREATE TABLE customer_held (
    owner_id uuid   PRIMARY KEY,
    held     bigint NOT NULL
);

-- Adds a statement's changes per owner. What counts (owner_id IS NOT NULL AND NOT archived AND status <>
-- 'SIGNED') is the claim cap's definition of a held customer, here and in customer_held_recount only.
CREATE FUNCTION customer_held_record() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO customer_held AS h (owner_id, held)
        SELECT owner_id, count(*) FROM new_rows
        WHERE owner_id IS NOT NULL AND NOT archived AND status <> 'SIGNED'
        GROUP BY owner_id ORDER BY owner_id
        ON CONFLICT (owner_id) DO UPDATE SET held = h.held + excluded.held;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO customer_held AS h (owner_id, held)
        SELECT owner_id, -count(*) FROM old_rows
        WHERE owner_id IS NOT NULL AND NOT archived AND status <> 'SIGNED'
        GROUP BY owner_id ORDER BY owner_id
        ON CONFLICT (owner_id) DO UPDATE SET held = h.held + excluded.held;
    ELSE
        -- Most updates of customer change nothing counted (a visit's protection extension, edits): their
        -- old and new rows cancel out and nothing is written.
        INSERT INTO customer_held AS h (owner_id, held)
        SELECT owner_id, sum(n) FROM (
            SELECT owner_id, -1 AS n FROM old_rows WHERE owner_id IS NOT NULL AND NOT archived AND status <> 'SIGNED'
            UNION ALL
            SELECT owner_id, 1 FROM new_rows WHERE owner_id IS NOT NULL AND NOT archived AND status <> 'SIGNED'
        ) c
        GROUP BY owner_id HAVING sum(n) <> 0 ORDER BY owner_id
        ON CONFLICT (owner_id) DO UPDATE SET held = h.held + excluded.held;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION customer_held_forget() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    TRUNCATE customer_held;
    RETURN NULL;
END $$;

-- Replaces the counts with a recount of the customers. The caller holds customer writes off (this
-- migration, and bench/load.sql after its bulk load with the triggers off).
CREATE FUNCTION customer_held_recount() RETURNS void
    LANGUAGE sql
    AS $$
DELETE FROM customer_held;
INSERT INTO customer_held (owner_id, held)
SELECT owner_id, count(*) FROM customer
WHERE owner_id IS NOT NULL AND NOT archived AND status <> 'SIGNED'
GROUP BY owner_id;
$$;

-- The existing customers, with customer writes held off from the first trigger until this migration
-- commits (reads and row locks go on), so that no change is counted twice or missed by an instance still
-- running the previous version.
LOCK TABLE customer IN SHARE ROW EXCLUSIVE MODE;
CREATE TRIGGER customer_held_insert AFTER INSERT ON customer
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION customer_held_record();
-- A statement trigger with transition tables cannot name columns (UPDATE OF): it runs for every update.
CREATE TRIGGER customer_held_update AFTER UPDATE ON customer
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION customer_held_record();
CREATE TRIGGER customer_held_delete AFTER DELETE ON customer
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION customer_held_record();
CREATE TRIGGER customer_held_truncate AFTER TRUNCATE ON customer
    FOR EACH STATEMENT EXECUTE FUNCTION customer_held_forget();
SELECT customer_held_recount();
