-- An admin's review queue spans every author: unreviewed visits in time order.
-- (Managers' queues walk visit_review_queue_idx per author.)
CREATE INDEX visit_unreviewed_idx ON visit (visited_at, id) WHERE review_count = 0;
