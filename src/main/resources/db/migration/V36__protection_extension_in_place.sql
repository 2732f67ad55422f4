-- Issue 14: an effective visit moves its customer's protected_until forward, and nearly every visit is
-- one. While protected_until is in an index (or an index's WHERE clause), PostgreSQL writes such an
-- update as a new row version with an entry in every one of customer's 17 indexes, two of them GIN.
-- With the column in no index, the update stays on its page (a HOT update) and touches no index:
-- ~100 buffers per extension at 1M customers become ~30 (bench/README.md, "Protection extension in
-- place").
--
-- What read the two indexes:
-- * the claim cap's count of a rep's live unsigned customers and a rep's expiring claims: the new
--   partial index below holds exactly those customers per owner, without protected_until (the cap's
--   count reads the index alone; the expiring list sorts the owner's few thousand);
-- * recall's search for lapsed protections, once a minute per instance: a sequential scan of customer
--   now (RecallJob), paid by a background job instead of by every visit.
DROP INDEX customer_recall_idx;
DROP INDEX customer_owner_protection_idx;
CREATE INDEX customer_owner_recallable_idx ON customer (owner_id)
    WHERE owner_id IS NOT NULL AND status <> 'SIGNED' AND NOT archived;
-- Room on each page for the new version of an updated row, so that the update can stay on its page.
-- Applies to pages written from now on (a table rewrite would lock customer for its duration).
ALTER TABLE customer SET (fillfactor = 90);
