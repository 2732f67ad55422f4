-- Conflict keys after a normaliser change (issue 13 §5): Traditional characters, branches, English
-- regions, registrable domains and contacts' mobiles give some existing customers other keys.
--
-- The version of the keys each customer's rows in customer_key / customer_name were computed with
-- (conflict/Normalizer.KEYS_VERSION). Rows that existed before this migration have version 1; the
-- application writes the current version whenever it writes a customer's keys, and the column's default
-- is the current version, so a new customer starts current. The one-off backfill
-- (`java -jar quarkus-run.jar backfill-conflict-keys`, see README) recomputes the others, in id order,
-- FOR UPDATE SKIP LOCKED, and is resumable because it only takes rows of an older version. A later
-- normaliser change raises KEYS_VERSION and this default together, in a migration of its own.
ALTER TABLE customer ADD COLUMN conflict_keys_version smallint NOT NULL DEFAULT 1;
ALTER TABLE customer ALTER COLUMN conflict_keys_version SET DEFAULT 2;
-- Finds what the backfill has left; small once it is done (the default makes new rows current).
CREATE INDEX customer_conflict_keys_stale_idx ON customer (id) WHERE conflict_keys_version < 2;

-- A branch (云栖科技有限公司滨江分公司) keeps its parent's normalised name (云栖科技): checking the parent
-- then finds the branch (and a branch finds its parent through the parent's NAME key).
ALTER TABLE customer_name ADD COLUMN parent_core text;
CREATE INDEX customer_name_parent_idx ON customer_name (parent_core) WHERE parent_core IS NOT NULL;
