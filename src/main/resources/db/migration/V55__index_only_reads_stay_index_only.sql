-- Issue 14: the reports, the review queue, the note search's positions and the conflict check's name
-- variants read covering indexes alone (index-only scans), but only for rows on pages the visibility map
-- marks all-visible; any other row is fetched from the table. Only VACUUM sets those marks. Autovacuum
-- vacuums an insert-mostly table after autovacuum_vacuum_insert_threshold (1,000) plus
-- autovacuum_vacuum_insert_scale_factor (0.2) times its rows have been inserted: about 1,000,000 visits
-- at 5M, more than a month of the bench's. So the visits of the current period, the ones reports are asked
-- for most, were read from the table row by row. Measured on 1M customers / 5M visits with 150,000 new
-- visits in the period (bench/README.md, "Index-only reads stay index-only"), before and after the
-- autovacuum these settings started: the region report's database CPU 131 -> 69 ms a request, the
-- leaderboard's 421 -> 160 ms.
--
-- Here the insert trigger is 1% of the table: ~51,000 visits at 5M. Such a vacuum reads only the pages
-- written since the last one (the visibility map skips the rest), scans no index unless rows were deleted,
-- but reads the whole GIN index of the notes to update its statistics (and moves its pending list into
-- the tree): ~1.2 s of a background worker's CPU at 5M visits (7.6 s throttled), once per ~51,000 visits.
-- Storage parameters only: no rewrite, no lock that blocks reads or writes.
--
-- Every table with a covering index (INCLUDE) but customer, and what its index-only reads are:
-- * visit: the reports' visits per author and period (visit_author_idx), the company's and the note
--   search's positions by time (visit_visited_idx), the review queue and backlog (visit_review_queue_idx,
--   visit_unreviewed_idx);
-- * visit_review: a visit's reviews and the reviews of a period (visit_review_visit_idx,
--   visit_review_created_idx);
-- * visit_review_fact: the reports' review discipline (V37's covering indexes);
-- * customer_owner_change: the reports' claims, releases and recalls (V10's (owner key, at) INCLUDE (kind));
-- * managed_owner_change: a manager's org changes for the sync feed (V14);
-- * customer_name_variant: the conflict check's one-deletion variants (primary key INCLUDE (core_name)).
-- Not customer: its rows are updated, not appended (every effective visit moves protected_until), and
-- autovacuum's threshold of dead rows is what vacuums it.
ALTER TABLE visit SET (autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE visit_review SET (autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE visit_review_fact SET (autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE customer_owner_change SET (autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE managed_owner_change SET (autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE customer_name_variant SET (autovacuum_vacuum_insert_scale_factor = 0.01);
