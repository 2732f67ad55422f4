-- Issue 14: a conflict check's typo candidates without a visit to customer_name per candidate.
--
-- The check looks up the names sharing a one-deletion variant with the checked name, and needs each
-- candidate's normalised name (its trigram similarity orders the candidates; Typos verifies them). A
-- two-character trade name shares a variant with ~150 loaded names at 1M customers, so the check read
-- ~150 customer_name rows by primary key, ~4 pages each: ~600 of the ~1,300 pages of the whole check.
-- Each variant row now carries its customer's normalised name, covered by the primary key, so the
-- candidates are an index-only scan of a few adjacent leaf pages (~20 pages). The application writes
-- variant rows only together with the customer_name row they are derived from (ConflictRepository
-- .replaceName), so the copy cannot drift from it.
--
-- Rebuilt rather than updated in place (an UPDATE of every row would leave a dead copy of each), in
-- variant order, so that heap fetches before the next VACUUM sets the visibility map stay local too.
CREATE TABLE customer_name_variant_new (
    variant     text NOT NULL,
    customer_id uuid NOT NULL,
    core_name   text NOT NULL
);
INSERT INTO customer_name_variant_new (variant, customer_id, core_name)
SELECT v.variant, v.customer_id, n.core_name
FROM customer_name_variant v JOIN customer_name n ON n.customer_id = v.customer_id
ORDER BY v.variant, v.customer_id;
DROP TABLE customer_name_variant;
ALTER TABLE customer_name_variant_new RENAME TO customer_name_variant;
ALTER TABLE customer_name_variant
    ADD CONSTRAINT customer_name_variant_pk PRIMARY KEY (variant, customer_id) INCLUDE (core_name),
    ADD CONSTRAINT customer_name_variant_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customer (id);
CREATE INDEX customer_name_variant_customer_idx ON customer_name_variant (customer_id);
ANALYZE customer_name_variant;
