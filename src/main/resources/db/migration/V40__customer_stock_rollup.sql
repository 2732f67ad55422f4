-- A report's stock (live customers of a scope by today's grade, and of them those with a decision maker;
-- issue 14) without reading every customer: a region's report read ~200,000 index entries for it. The
-- counts per (owner_key, expected_sign_date) are enough, since a grade is a function of the date and today
-- (Grade.Window.sqlCase, applied at read time: no grade is stored). A rep has a few hundred distinct dates.
--
-- The counts' single home is the trigger below on customer: every write path (creation, edits of the
-- expected date, claims, releases, recalls, transfers, handovers, merges, archive and restore, the contact
-- trigger's has_decision_maker flips, deletes, SQL by hand, and old instances during a rolling deploy)
-- records its change in the writing transaction. It fires only when a counted column changes (WHEN), so
-- other customer writes (a visit's protection extension, most edits) cost nothing.
--
-- The trigger only appends to customer_stock_change and never updates a shared row: the public pool's
-- cell for customers without a date is changed by nearly every claim (~500/s on 16 connections in the
-- bench), and counters updated in place would make claims queue on it and, updated row by row from
-- multi-row statements (recall batches on two instances, a handover beside a recall), deadlock. The job
-- StockFoldJob folds the appended changes into customer_stock_total every few seconds, one folder at a
-- time; readers add both (view customer_stock), so the figures are exact at any moment.
-- ReportStockTest proves the view equals a recount after every write path and the old statement's figures.

-- The folded counts per owner key (as customer.owner_key: the pool is the all-zero key) and expected
-- signing date (null: none), of live (not archived) customers. Only the fold writes it.
CREATE TABLE customer_stock_total (
    owner_key           uuid   NOT NULL,
    expected_sign_date  date,
    live                bigint NOT NULL,
    with_decision_maker bigint NOT NULL,
    -- No CHECK on the counts: the fold's upsert proposes each cell's sum of changes (negative when
    -- customers left it), and PostgreSQL checks a proposed row before it finds the conflict.
    CONSTRAINT customer_stock_total_key UNIQUE NULLS NOT DISTINCT (owner_key, expected_sign_date)
);

-- Changes not folded yet: +1 for a customer entering a cell, -1 for one leaving it. Appended by the
-- trigger, deleted by the fold; no index, as it holds a few seconds' changes.
CREATE TABLE customer_stock_change (
    owner_key           uuid     NOT NULL,
    expected_sign_date  date,
    live                smallint NOT NULL,
    with_decision_maker smallint NOT NULL
);

-- What the reports read: the counts now.
CREATE VIEW customer_stock AS
SELECT owner_key, expected_sign_date, live, with_decision_maker FROM customer_stock_total
UNION ALL
SELECT owner_key, expected_sign_date, live, with_decision_maker FROM customer_stock_change;

CREATE FUNCTION customer_stock_record() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO customer_stock_change VALUES (NEW.owner_key, NEW.expected_sign_date, 1, NEW.has_decision_maker::int);
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO customer_stock_change VALUES (OLD.owner_key, OLD.expected_sign_date, -1, -OLD.has_decision_maker::int);
    ELSE
        INSERT INTO customer_stock_change
        SELECT owner_key, expected_sign_date, live, with_decision_maker
        FROM (VALUES (OLD.owner_key, OLD.expected_sign_date, -1, -OLD.has_decision_maker::int, OLD.archived),
                     (NEW.owner_key, NEW.expected_sign_date, 1, NEW.has_decision_maker::int, NEW.archived))
             AS v(owner_key, expected_sign_date, live, with_decision_maker, archived)
        WHERE NOT v.archived;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION customer_stock_forget() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    TRUNCATE customer_stock_total, customer_stock_change;
    RETURN NULL;
END $$;

-- Folds the committed changes into the totals; returns how many cells it changed. One folder at a time
-- (every instance runs the job): another call meanwhile returns 0 at once. Cells left empty are removed,
-- so a scope reads the cells of dates its customers have now.
CREATE FUNCTION customer_stock_fold() RETURNS integer
    LANGUAGE plpgsql
    AS $$
DECLARE
    cells integer;
    emptied uuid[];
BEGIN
    IF NOT pg_try_advisory_xact_lock(8319392469144792164) THEN -- 'stk_fold', any constant
        RETURN 0;
    END IF;
    WITH taken AS (
        DELETE FROM customer_stock_change RETURNING *
    ), sums AS (
        SELECT owner_key, expected_sign_date, sum(live) AS live, sum(with_decision_maker) AS with_decision_maker
        FROM taken GROUP BY owner_key, expected_sign_date
    ), written AS (
        INSERT INTO customer_stock_total AS t (owner_key, expected_sign_date, live, with_decision_maker)
        SELECT * FROM sums WHERE live <> 0 OR with_decision_maker <> 0 ORDER BY owner_key, expected_sign_date
        ON CONFLICT (owner_key, expected_sign_date) DO UPDATE
            SET live = t.live + excluded.live, with_decision_maker = t.with_decision_maker + excluded.with_decision_maker
        RETURNING t.owner_key, t.live
    )
    SELECT count(*), array_agg(DISTINCT owner_key) FILTER (WHERE live = 0) INTO cells, emptied FROM written;
    IF emptied IS NOT NULL THEN
        DELETE FROM customer_stock_total WHERE owner_key = ANY(emptied) AND live = 0;
    END IF;
    RETURN cells;
END $$;

-- Replaces the totals with a recount of the customers and drops the pending changes. The caller holds
-- customer writes off (this migration, and bench/load.sql after its bulk load with the trigger off).
CREATE FUNCTION customer_stock_recount() RETURNS void
    LANGUAGE sql
    AS $$
DELETE FROM customer_stock_change;
DELETE FROM customer_stock_total;
INSERT INTO customer_stock_total (owner_key, expected_sign_date, live, with_decision_maker)
SELECT owner_key, expected_sign_date, count(*), count(*) FILTER (WHERE has_decision_maker)
FROM customer WHERE NOT archived GROUP BY owner_key, expected_sign_date;
$$;

-- The existing customers (one pass over customer_live_owner_expected_idx), with customer writes held off
-- from the first trigger until this migration commits (reads and row locks go on), so that no change is
-- counted twice or missed by an instance still running the previous version.
LOCK TABLE customer IN SHARE ROW EXCLUSIVE MODE;
CREATE TRIGGER customer_stock_insert AFTER INSERT ON customer FOR EACH ROW
    WHEN (NOT NEW.archived)
    EXECUTE FUNCTION customer_stock_record();
CREATE TRIGGER customer_stock_update AFTER UPDATE OF owner_id, expected_sign_date, archived, has_decision_maker
    ON customer FOR EACH ROW
    WHEN ((NOT OLD.archived OR NOT NEW.archived)
          AND (OLD.owner_id IS DISTINCT FROM NEW.owner_id
               OR OLD.expected_sign_date IS DISTINCT FROM NEW.expected_sign_date
               OR OLD.archived <> NEW.archived
               OR OLD.has_decision_maker <> NEW.has_decision_maker))
    EXECUTE FUNCTION customer_stock_record();
CREATE TRIGGER customer_stock_delete AFTER DELETE ON customer FOR EACH ROW
    WHEN (NOT OLD.archived)
    EXECUTE FUNCTION customer_stock_record();
CREATE TRIGGER customer_stock_truncate AFTER TRUNCATE ON customer
    FOR EACH STATEMENT EXECUTE FUNCTION customer_stock_forget();
SELECT customer_stock_recount();
