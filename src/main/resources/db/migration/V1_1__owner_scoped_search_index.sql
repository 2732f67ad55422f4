-- q= searches run as "owner_key = ANY(visible keys) AND search_text LIKE '%term%'". One GIN index
-- over both columns answers that from the index alone, even with a generic (prepared) plan;
-- trigram-only plus the owner b-tree made PostgreSQL AND two large bitmaps (65 ms, 1M customers).
-- A multicolumn GIN index also serves a condition on search_text alone (admins, integrators).
CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public;
DROP INDEX customer_search_idx;
CREATE INDEX customer_owner_search_idx ON customer USING gin (owner_key, search_text gin_trgm_ops) WITH (fastupdate = off);

-- The default list (live customers, newest first) walks each visible owner's slice of this index
-- reading only (created_at, id), then fetches the one page of rows: 12 ms instead of 138 ms for a
-- manager of 100 reps.
CREATE INDEX customer_live_owner_order_idx ON customer (owner_key, created_at DESC, id DESC) WHERE NOT archived;
