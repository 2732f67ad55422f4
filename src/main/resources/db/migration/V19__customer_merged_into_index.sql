-- The self-reference merged_into_id had no index: every delete or key change of a customer scanned
-- the whole table to check it (tests that clean up 30,000 generated customers took minutes), and
-- "which customers were merged into this one" had no access path. Few customers are merged, so
-- the index holds only those.
CREATE INDEX customer_merged_into_idx ON customer (merged_into_id) WHERE merged_into_id IS NOT NULL;
