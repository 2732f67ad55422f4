-- Review discipline in the reports (issue 13 §1). Same keys as before, so the review list, the review
-- queues and the reports' visit counts use them as they did; the added columns let the new figures
-- answer from the indexes alone.

-- A visit's reviews: the first one's time, how many, how many NEEDS_WORK.
DROP INDEX visit_review_visit_idx;
CREATE INDEX visit_review_visit_idx ON visit_review (visit_id, created_at, id) INCLUDE (verdict);

-- The backlog of a set of authors (count and oldest record) and of the company: when each unreviewed
-- visit's record was written, since a visit recorded later becomes reviewable only then.
DROP INDEX visit_review_queue_idx;
CREATE INDEX visit_review_queue_idx ON visit (author_id, visited_at, id) INCLUDE (created_at) WHERE review_count = 0;
DROP INDEX visit_unreviewed_idx;
CREATE INDEX visit_unreviewed_idx ON visit (visited_at, id) INCLUDE (created_at) WHERE review_count = 0;
