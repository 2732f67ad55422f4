-- Review discipline in the reports without reading every reviewed visit's reviews (issue 14): at 1M
-- customers the company's month probed visit_review_visit_idx ~173,000 times (first review, reviews,
-- NEEDS_WORK per reviewed visit). visit_review_fact holds those three figures per visit that has a
-- review, with the visit's columns the reports select and filter by, so the statement reads one slice
-- of one narrow covering index.
--
-- A table of its own, not columns on visit (bench/README.md, "Not merged: review facts on visit"):
-- filling it writes none of visit's rows or indexes, and no application code writes it, so an instance
-- of the previous version, still running during a rolling deploy, keeps it exact without knowing it.
--
-- The fact's single home is visit_review_fact_source; visit_review_fact_refresh writes it for one visit
-- in the writing transaction, from row triggers on every write that can change it: a review added,
-- changed or removed, and a visit's customer (merge), author, visit time or record time changed. A
-- visit with reviews cannot be deleted (visit_review's foreign key), so deleting its last review
-- removes its fact first. ReportReviewFactTest proves the table equals a recount after each write path.
--
-- The visits reviewed before this migration are filled afterwards, in batches (visit_review_fact_fill,
-- run by ReviewFactFill), not here: at 5M visits one INSERT of their 1.25M facts took 24 s, and creating
-- the triggers holds off writes to visit and visit_review until the migration commits. Until the fill
-- is done the reports count from the reviews as before.

CREATE TABLE visit_review_fact (
    visit_id          uuid        NOT NULL,
    customer_id       uuid        NOT NULL,
    author_id         uuid        NOT NULL,
    visited_at        timestamptz NOT NULL,
    created_at        timestamptz NOT NULL,  -- the visit's: when its record was written
    first_reviewed_at timestamptz NOT NULL,
    reviews           integer     NOT NULL,
    needs_work        integer     NOT NULL,
    CONSTRAINT visit_review_fact_pkey PRIMARY KEY (visit_id),
    CONSTRAINT visit_review_fact_counts_ck CHECK (reviews > 0 AND needs_work BETWEEN 0 AND reviews)
);
-- A scope's reviewed visits in a period (the reports' review discipline), from the index alone.
CREATE INDEX visit_review_fact_author_idx ON visit_review_fact (author_id, visited_at)
    INCLUDE (created_at, first_reviewed_at, reviews, needs_work);
-- The company's, the same.
CREATE INDEX visit_review_fact_visited_idx ON visit_review_fact (visited_at)
    INCLUDE (created_at, first_reviewed_at, reviews, needs_work);

-- What the fact of a visit is: its first review's time, how many reviews, how many NEEDS_WORK; no row
-- for a visit without a review. Per visit, so that a condition on visit's columns picks the visits first.
CREATE VIEW visit_review_fact_source AS
SELECT v.id AS visit_id, v.customer_id, v.author_id, v.visited_at, v.created_at,
       r.first_reviewed_at, r.reviews, r.needs_work
FROM visit v
CROSS JOIN LATERAL (SELECT min(y.created_at) AS first_reviewed_at, CAST(count(*) AS integer) AS reviews,
                           CAST(count(*) FILTER (WHERE y.verdict = 'NEEDS_WORK') AS integer) AS needs_work
                    FROM visit_review y WHERE y.visit_id = v.id) r
WHERE r.reviews > 0;

-- The visit's fact made again from its rows. The visit's row lock comes first (the lock its review's
-- UPDATE of review_count and any edit of the visit take anyway): writes of one visit's reviews and
-- edits then follow one another, and each recount, a statement of its own, sees what the one before
-- committed. So concurrent reviews of one visit both count, and an edit racing a first review leaves
-- the edited values.
CREATE FUNCTION visit_review_fact_refresh(of_visit uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM 1 FROM visit v WHERE v.id = of_visit FOR NO KEY UPDATE;
    INSERT INTO visit_review_fact AS f (visit_id, customer_id, author_id, visited_at, created_at, first_reviewed_at,
                                        reviews, needs_work)
    SELECT s.visit_id, s.customer_id, s.author_id, s.visited_at, s.created_at, s.first_reviewed_at, s.reviews, s.needs_work
    FROM visit_review_fact_source s WHERE s.visit_id = of_visit
    ON CONFLICT (visit_id) DO UPDATE SET customer_id = excluded.customer_id, author_id = excluded.author_id,
        visited_at = excluded.visited_at, created_at = excluded.created_at,
        first_reviewed_at = excluded.first_reviewed_at, reviews = excluded.reviews, needs_work = excluded.needs_work;
    IF NOT FOUND THEN
        DELETE FROM visit_review_fact f WHERE f.visit_id = of_visit;
    END IF;
END $$;

CREATE FUNCTION visit_review_fact_of_review() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NEW.visit_id <> OLD.visit_id) THEN
        -- The visit may lose its last review: never while a fill batch runs (visit_review_fact_fill).
        PERFORM pg_advisory_xact_lock_shared(hashtext('visit_review_fact_fill'));
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM visit_review_fact_refresh(OLD.visit_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.visit_id <> OLD.visit_id) THEN
        PERFORM visit_review_fact_refresh(NEW.visit_id);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION visit_review_fact_of_visit() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM visit_review_fact_refresh(NEW.id);
    RETURN NULL;
END $$;

-- Creating the triggers locks out writes to visit and visit_review (reads go on) until this migration
-- commits: from then on every write keeps its visit's fact, whichever version of the application made it.
CREATE TRIGGER visit_review_fact_insert AFTER INSERT ON visit_review FOR EACH ROW
    EXECUTE FUNCTION visit_review_fact_of_review();
CREATE TRIGGER visit_review_fact_update AFTER UPDATE OF visit_id, created_at, verdict ON visit_review FOR EACH ROW
    WHEN (OLD.visit_id <> NEW.visit_id OR OLD.created_at <> NEW.created_at OR OLD.verdict <> NEW.verdict)
    EXECUTE FUNCTION visit_review_fact_of_review();
CREATE TRIGGER visit_review_fact_delete AFTER DELETE ON visit_review FOR EACH ROW
    EXECUTE FUNCTION visit_review_fact_of_review();
-- Merges, corrections of the visit time, SQL by hand; not review_count, nor an edit that keeps these.
CREATE TRIGGER visit_review_fact_visit AFTER UPDATE OF customer_id, author_id, visited_at, created_at ON visit FOR EACH ROW
    WHEN (OLD.customer_id <> NEW.customer_id OR OLD.author_id <> NEW.author_id
          OR OLD.visited_at <> NEW.visited_at OR OLD.created_at <> NEW.created_at)
    EXECUTE FUNCTION visit_review_fact_of_visit();

-- The fill of the visits reviewed before: the key (in visit_author_idx's order) of the last visit filled,
-- from below every key; filled once all are. Nothing to fill on a database without reviews (a new one);
-- no review can come in before this commits.
CREATE TABLE visit_review_fact_fill (
    one        boolean     NOT NULL DEFAULT true,
    author_id  uuid        NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
    visited_at timestamptz NOT NULL DEFAULT '-infinity',
    visit_id   uuid        NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
    filled     boolean     NOT NULL,   -- the reports read visit_review_fact
    CONSTRAINT visit_review_fact_fill_pkey PRIMARY KEY (one),
    CONSTRAINT visit_review_fact_fill_one_ck CHECK (one)
);
INSERT INTO visit_review_fact_fill (filled) SELECT NOT EXISTS (SELECT 1 FROM visit_review);

-- One batch of the fill: the facts of the next {batch} visits in visit_author_idx's order (an index-only
-- range, each visit's reviews probed; by visit id, the batch read visit's heap at random: 10 s for
-- 20,000). Returns whether more is left after it, or null when it filled nothing: all are filled, or
-- another instance is filling a batch now.
-- Exact beside the triggers: a fact that a trigger wrote is at least as new as the batch's snapshot
-- (ON CONFLICT DO NOTHING; a trigger that comes second waits for the batch's row and overwrites it with
-- its own recount). The one write that removes a fact, a review deleted or moved away, takes the shared
-- side of the advisory lock that a batch holds across its snapshot: it waits for the batch, or the batch
-- for it, so no fact is filled from a review that is gone.
CREATE FUNCTION visit_review_fact_fill(batch integer) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
DECLARE
    done record;
    upto record;
BEGIN
    SELECT f.author_id, f.visited_at, f.visit_id INTO done FROM visit_review_fact_fill f WHERE NOT f.filled
    FOR UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    SELECT v.author_id, v.visited_at, v.id AS visit_id, false AS last INTO upto FROM visit v
    WHERE (v.author_id, v.visited_at, v.id) > (done.author_id, done.visited_at, done.visit_id)
    ORDER BY v.author_id, v.visited_at, v.id OFFSET batch - 1 LIMIT 1;
    IF NOT FOUND THEN
        SELECT 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid AS author_id, 'infinity'::timestamptz AS visited_at,
               'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid AS visit_id, true AS last INTO upto;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('visit_review_fact_fill'));
    INSERT INTO visit_review_fact (visit_id, customer_id, author_id, visited_at, created_at, first_reviewed_at,
                                   reviews, needs_work)
    SELECT s.visit_id, s.customer_id, s.author_id, s.visited_at, s.created_at, s.first_reviewed_at, s.reviews, s.needs_work
    FROM visit_review_fact_source s
    WHERE (s.author_id, s.visited_at, s.visit_id) > (done.author_id, done.visited_at, done.visit_id)
      AND (s.author_id, s.visited_at, s.visit_id) <= (upto.author_id, upto.visited_at, upto.visit_id)
    ON CONFLICT (visit_id) DO NOTHING;
    UPDATE visit_review_fact_fill SET author_id = upto.author_id, visited_at = upto.visited_at,
        visit_id = upto.visit_id, filled = upto.last;
    RETURN NOT upto.last;
END $$;
