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

CREATE TABLE visit_review_fact (
    visit_id          uuid        NOT NULL,
    customer_id       uuid        NOT NULL,
    author_id         uuid        NOT NULL,
    visited_at        timestamptz NOT NULL,
    created_at        timestamptz NOT NULL,  -- the visit's: when its record was written
    first_reviewed_at timestamptz NOT NULL,
    reviews           integer     NOT NULL,
    needs_work        integer     NOT NULL,
    CONSTRAINT visit_review_fact_counts_ck CHECK (reviews > 0 AND needs_work BETWEEN 0 AND reviews)
);

-- What the fact of a visit is: its first review's time, how many reviews, how many NEEDS_WORK; no row
-- for a visit without a review.
CREATE VIEW visit_review_fact_source AS
SELECT v.id AS visit_id, v.customer_id, v.author_id, v.visited_at, v.created_at,
       r.first_reviewed_at, r.reviews, r.needs_work
FROM (SELECT visit_id, min(created_at) AS first_reviewed_at, CAST(count(*) AS integer) AS reviews,
             CAST(count(*) FILTER (WHERE verdict = 'NEEDS_WORK') AS integer) AS needs_work
      FROM visit_review GROUP BY visit_id) r
JOIN visit v ON v.id = r.visit_id;

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

-- The fact, then its indexes: one sort each instead of 1.25M single inserts at 5M visits. The triggers
-- come first: creating them locks out writes to visit and visit_review (reads go on) until this
-- migration commits, so no review or edit is missed or counted twice by an instance still running
-- the previous version.
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

INSERT INTO visit_review_fact (visit_id, customer_id, author_id, visited_at, created_at, first_reviewed_at, reviews,
                               needs_work)
SELECT visit_id, customer_id, author_id, visited_at, created_at, first_reviewed_at, reviews, needs_work
FROM visit_review_fact_source;

ALTER TABLE visit_review_fact ADD CONSTRAINT visit_review_fact_pkey PRIMARY KEY (visit_id);
-- A scope's reviewed visits in a period (the reports' review discipline), from the index alone.
CREATE INDEX visit_review_fact_author_idx ON visit_review_fact (author_id, visited_at)
    INCLUDE (created_at, first_reviewed_at, reviews, needs_work);
-- The company's, the same.
CREATE INDEX visit_review_fact_visited_idx ON visit_review_fact (visited_at)
    INCLUDE (created_at, first_reviewed_at, reviews, needs_work);
