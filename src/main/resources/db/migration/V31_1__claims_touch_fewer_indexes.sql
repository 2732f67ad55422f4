-- Issue 14: a claim rewrites its customer row out of place (owner_id and owner_key change, and they are
-- indexed), so every index of customer gets an entry for the new row version; the cost is paid by
-- every non-HOT customer write (claims, releases, transfers, protection extensions, edits).
--
-- The GIN index over (owner_key, search_text) took most of it: ~30 trigram entries per row version,
-- each inserted into the index's tree at once (fastupdate = off). With a small pending list the new
-- entries are appended to it and moved into the tree in batches (by the insert that fills it, or by
-- VACUUM), sorted, at a fraction of the cost per entry. Searches read the pending list besides the
-- tree: 256 kB keeps that a few dozen pages (the default, 4 MB, would make every search read them).
ALTER INDEX customer_owner_search_idx SET (fastupdate = on, gin_pending_list_limit = 256);

-- Single-column b-trees over columns of a handful of values (4 statuses, ~20 industries) that only
-- the list's status and industry filters could use: each matches 5-50% of the customers, which the
-- list reads faster in its own order (customer_order_idx, or an owner's slice of
-- customer_live_owner_order_idx) stopping at the page's end than by collecting every match and sorting.
DROP INDEX IF EXISTS customer_status_idx;
DROP INDEX IF EXISTS customer_industry_idx;
