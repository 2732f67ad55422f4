-- Review discipline in the reports (issue 13 §1). Every index keeps its key, so the review list, the
-- review queues, note search and the reports' other figures use them as before; the added columns let
-- the new figures answer from the indexes alone (measured on 1,000,000 visits, 262,000 reviews: a
-- region's month 654 -> 191 ms, the company's 1,075 -> 261 ms; README, Reports).
-- review_count was already an indexed column (the queue indexes' predicate), so adding it costs no HOT
-- updates.

-- A scope's visits in a period, with when each record was written and whether it has reviews.
DROP INDEX visit_author_idx;
CREATE INDEX visit_author_idx ON visit (author_id, visited_at, id)
    INCLUDE (customer_id, effective, note_length, quality_score, created_at, review_count);
-- The company's visits in a period, the same.
DROP INDEX visit_visited_idx;
CREATE INDEX visit_visited_idx ON visit (visited_at DESC, id DESC) INCLUDE (created_at, review_count);

-- A visit's reviews: the first one's time, how many, how many NEEDS_WORK.
DROP INDEX visit_review_visit_idx;
CREATE INDEX visit_review_visit_idx ON visit_review (visit_id, created_at, id) INCLUDE (verdict);

-- The backlog of a set of authors (count and oldest record) and of the company: when each unreviewed
-- visit's record was written, since a visit recorded later becomes reviewable only then.
DROP INDEX visit_review_queue_idx;
CREATE INDEX visit_review_queue_idx ON visit (author_id, visited_at, id) INCLUDE (created_at) WHERE review_count = 0;
DROP INDEX visit_unreviewed_idx;
CREATE INDEX visit_unreviewed_idx ON visit (visited_at, id) INCLUDE (created_at) WHERE review_count = 0;
