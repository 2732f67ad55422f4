-- Key-person coverage without a contact probe per customer (issue 14): customer.has_decision_maker says
-- whether the customer has a live decision-maker contact (not archived, and decision_maker set or
-- decision_role DECISION_MAKER: the reports' rule). A region's report counts ~200,000 customers; the
-- flag lets it read them alone instead of probing the contacts of each.
--
-- The flag's single home is the trigger below on contact: every write path (contact create, update,
-- archive, restore, erase, merge's move, deletes, SQL by hand, future paths) keeps it exact, without
-- a round trip. It fires only for rows whose decision-maker status or customer changes (WHEN), so other
-- contact writes cost nothing; it updates the customer only when the flag changes.
--
-- Concurrency (READ COMMITTED): the trigger locks the customer row (FOR NO KEY UPDATE, which does not
-- conflict with the contact foreign key's KEY SHARE locks) before it recounts, so of two transactions
-- changing one customer's decision makers the second recounts after the first commits and sees its
-- change; a recount without the lock could leave the flag on when both archived the last two.

ALTER TABLE customer ADD COLUMN has_decision_maker boolean NOT NULL DEFAULT false;

-- Is the contact a live decision maker? The one form of the rule in SQL (ReportRepository uses the
-- flag; DecisionMakerFlagTest proves the flag equals a recount of the contacts by this rule).
CREATE FUNCTION contact_decides(archived boolean, decision_maker boolean, decision_role text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT NOT archived AND (decision_maker OR coalesce(decision_role = 'DECISION_MAKER', false)) $$;

-- Recounts one customer's flag under its row lock; writes the row only when the flag changes.
CREATE FUNCTION customer_decision_maker_refresh(customer uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
    decides boolean;
BEGIN
    PERFORM 1 FROM customer c WHERE c.id = customer FOR NO KEY UPDATE;
    -- contact_decides spelled as contact_decision_maker_idx's predicate, so the probe reads that index.
    decides := EXISTS (SELECT 1 FROM contact k WHERE k.customer_id = customer
                       AND NOT k.archived AND (k.decision_maker OR k.decision_role = 'DECISION_MAKER'));
    UPDATE customer c SET has_decision_maker = decides
    WHERE c.id = customer AND c.has_decision_maker IS DISTINCT FROM decides;
END $$;

CREATE FUNCTION contact_decision_maker_sync() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM customer_decision_maker_refresh(OLD.customer_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.customer_id IS DISTINCT FROM OLD.customer_id) THEN
        PERFORM customer_decision_maker_refresh(NEW.customer_id);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER contact_decision_maker_insert AFTER INSERT ON contact FOR EACH ROW
    WHEN (contact_decides(NEW.archived, NEW.decision_maker, NEW.decision_role))
    EXECUTE FUNCTION contact_decision_maker_sync();
CREATE TRIGGER contact_decision_maker_update AFTER UPDATE OF customer_id, archived, decision_maker, decision_role
    ON contact FOR EACH ROW
    WHEN (contact_decides(OLD.archived, OLD.decision_maker, OLD.decision_role)
              IS DISTINCT FROM contact_decides(NEW.archived, NEW.decision_maker, NEW.decision_role)
          OR (OLD.customer_id IS DISTINCT FROM NEW.customer_id
              AND (contact_decides(OLD.archived, OLD.decision_maker, OLD.decision_role)
                   OR contact_decides(NEW.archived, NEW.decision_maker, NEW.decision_role))))
    EXECUTE FUNCTION contact_decision_maker_sync();
CREATE TRIGGER contact_decision_maker_delete AFTER DELETE ON contact FOR EACH ROW
    WHEN (contact_decides(OLD.archived, OLD.decision_maker, OLD.decision_role))
    EXECUTE FUNCTION contact_decision_maker_sync();

-- Grade counts, coverage and the A/B list without a decision maker of a set of owners' live customers,
-- from the index alone (a region: ~200,000 customers, whose heap rows lie scattered): the reports'
-- index (V10) carries the flag too. The flag changes only when a customer gains its first live
-- decision maker or loses its last, so the updates it makes non-HOT are few; other customer updates
-- stay as HOT as before (the flag does not change).
DROP INDEX customer_live_owner_expected_idx;
CREATE INDEX customer_live_owner_expected_idx ON customer (owner_key, expected_sign_date)
    INCLUDE (id, has_decision_maker) WHERE NOT archived;

-- The existing customers, in one pass.
UPDATE customer c SET has_decision_maker = true
WHERE c.id IN (SELECT k.customer_id FROM contact k
               WHERE NOT k.archived AND (k.decision_maker OR k.decision_role = 'DECISION_MAKER'));
