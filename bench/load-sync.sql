-- The change feed's logs for the bulk-loaded data (run by bench/run.sh after load.sql and
-- load-visits.sql, only when the schema has the sync migration's table sync_change).
--
--   psql -v ON_ERROR_STOP=1 -v schema=crm_bench -v with_visits=1 -f bench/load-sync.sql
--
-- The application writes one sync_change row per created or changed record in the same transaction
-- (common/changes/ChangeLog), and one customer_owner_change row per customer creation and owner
-- change. Its migration only back-fills rows that exist when it runs, and bench/run.sh migrates an
-- empty schema, so the loaded records need their rows here: one initial sync's worth of changes, in
-- creation order. Each type is filled only if it has no rows yet (load.sql may already write the
-- customer and contact rows), so running this twice adds nothing. Visits and reviews are logged only
-- with with_visits=1 (run.sh sets it when ChangeLog knows those types): rows of types the feed does
-- not serve would only be skipped by it.
\set ON_ERROR_STOP on
\if :{?schema}
\else
  \set schema crm_bench
\endif
\if :{?with_visits}
\else
  \set with_visits 0
\endif
SET search_path = :"schema", public;
SET synchronous_commit = off;
SET work_mem = '256MB';
SET maintenance_work_mem = '1GB';
\timing on

INSERT INTO sync_change (entity_type, entity_id, customer_id)
SELECT 'CUSTOMER', id, id FROM customer
WHERE NOT EXISTS (SELECT 1 FROM sync_change WHERE entity_type = 'CUSTOMER')
ORDER BY created_at, id;
INSERT INTO sync_change (entity_type, entity_id, customer_id)
SELECT 'CONTACT', id, customer_id FROM contact
WHERE NOT EXISTS (SELECT 1 FROM sync_change WHERE entity_type = 'CONTACT')
ORDER BY created_at, id;
\if :with_visits
INSERT INTO sync_change (entity_type, entity_id, customer_id)
SELECT 'VISIT', id, customer_id FROM visit
WHERE NOT EXISTS (SELECT 1 FROM sync_change WHERE entity_type = 'VISIT')
ORDER BY created_at, id;
INSERT INTO sync_change (entity_type, entity_id, customer_id)
SELECT 'REVIEW', id, customer_id FROM visit_review
WHERE NOT EXISTS (SELECT 1 FROM sync_change WHERE entity_type = 'REVIEW')
ORDER BY created_at, id;
\endif

SELECT to_regclass('customer_owner_change') IS NOT NULL AS has_owner_log \gset
\if :has_owner_log
INSERT INTO customer_owner_change (customer_id, old_owner_key, new_owner_key, actor, at)
SELECT id, NULL, owner_key, created_by, created_at FROM customer
WHERE NOT EXISTS (SELECT 1 FROM customer_owner_change)
ORDER BY created_at, id;
\endif

\timing off
SELECT entity_type, count(*) FROM sync_change GROUP BY entity_type ORDER BY 1;
