-- Issue 14: a claim's cost. A claim changes owner_key, so its UPDATE writes a new row version with an
-- entry in every index of customer. Measured on 1M customers (bench/README.md, "Claims append to a
-- drained pending list"), customer_owner_search_idx took ~150 of the UPDATE's ~195 buffers per row and
-- most of its time: ~31 entries (the owner key and the trigrams of search_text), each a descent into
-- the GIN tree to a page of its own. Appended to the index's pending list instead, they cost a claim
-- ~2 buffers; moved into the tree in sorted batches, 20-50 per row.
--
-- V38 turned the pending list off because the insert that filled it moved it into the tree itself,
-- 0.1-1 s while its claim held the rep's user row. Now every instance drains the list about every
-- second (customer_search_drain, CustomerSearchDrainJob), off the requests' path: a write that finds
-- a cleanup running does not wait for it, and the limit, 1 MB (~1,500 claims), is reached only if no
-- instance drains. Searches read the pending list besides the tree; drained, it stays small.
ALTER INDEX customer_owner_search_idx SET (fastupdate = on, gin_pending_list_limit = 1024);

-- Moves customer_owner_search_idx's pending entries into the tree; returns the pending pages removed,
-- or null when another session is draining (one drain at a time whatever the number of instances).
CREATE FUNCTION customer_search_drain() RETURNS bigint
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NOT pg_try_advisory_xact_lock(8318820761634894446) THEN -- 'srch_drn', any constant
        RETURN NULL;
    END IF;
    RETURN gin_clean_pending_list('customer_owner_search_idx'::regclass);
END $$;
