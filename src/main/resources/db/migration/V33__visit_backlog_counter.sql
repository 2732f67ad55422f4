-- The reports' review backlog (visits without a review, whenever made) without counting them (issue 14):
-- at 1M customers ~3.75M of 5M visits are unreviewed, and the leaderboard read every one of them.
-- visit_backlog holds the count per author, split into 16 stripes by the visit's id so that concurrent
-- visit creations by one author (a sync, or the bench's 16 connections as one rep) rarely wait on one
-- counter row; a visit always counts in the same stripe, so every stripe stays a count (>= 0).
--
-- The count's single home is the trigger below on visit: every write path (visit creation, the first
-- review, deletes and SQL by hand) keeps it exact in the writing transaction, without a round trip.
-- It fires only when a visit enters or leaves the backlog or changes author (WHEN); visit edits, merges'
-- moves and later reviews cost nothing. ReportBacklogTest proves the stripes equal a recount.

CREATE TABLE visit_backlog (
    author_id  uuid    NOT NULL REFERENCES app_user (id),
    stripe     integer NOT NULL,
    unreviewed bigint  NOT NULL,
    CONSTRAINT visit_backlog_pkey PRIMARY KEY (author_id, stripe),
    CONSTRAINT visit_backlog_unreviewed_ck CHECK (unreviewed >= 0)
);

-- The visit's stripe: fixed by its id, so the visit leaves the stripe it entered.
CREATE FUNCTION visit_backlog_stripe(id uuid) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT hashtext(id::text) & 15 $$;

CREATE FUNCTION visit_backlog_sync() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.review_count = 0 THEN
        UPDATE visit_backlog SET unreviewed = unreviewed - 1
        WHERE author_id = OLD.author_id AND stripe = visit_backlog_stripe(OLD.id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.review_count = 0 THEN
        INSERT INTO visit_backlog AS b (author_id, stripe, unreviewed) VALUES (NEW.author_id, visit_backlog_stripe(NEW.id), 1)
        ON CONFLICT (author_id, stripe) DO UPDATE SET unreviewed = b.unreviewed + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER visit_backlog_insert AFTER INSERT ON visit FOR EACH ROW
    WHEN (NEW.review_count = 0)
    EXECUTE FUNCTION visit_backlog_sync();
CREATE TRIGGER visit_backlog_update AFTER UPDATE OF author_id, review_count ON visit FOR EACH ROW
    WHEN ((OLD.review_count = 0) <> (NEW.review_count = 0)
          OR (OLD.author_id <> NEW.author_id AND NEW.review_count = 0))
    EXECUTE FUNCTION visit_backlog_sync();
CREATE TRIGGER visit_backlog_delete AFTER DELETE ON visit FOR EACH ROW
    WHEN (OLD.review_count = 0)
    EXECUTE FUNCTION visit_backlog_sync();

-- The existing visits, with visit writes held off until this migration commits (reads go on), so
-- that none is counted twice or missed by an instance still running the previous version.
LOCK TABLE visit IN SHARE MODE;
INSERT INTO visit_backlog (author_id, stripe, unreviewed)
SELECT author_id, visit_backlog_stripe(id), count(*) FROM visit WHERE review_count = 0 GROUP BY 1, 2;
