-- Issue 14: a conflict check in one statement (ConflictRepository.find).
--
-- The names whose trigram similarity to core reaches threshold, best first, without the customer
-- self. The GIN index of customer_name answers "%" under pg_trgm.similarity_threshold, which this
-- sets for the rest of the transaction first (as the check did with a statement of its own): in a
-- function, the setting is in place before the index is scanned, which a set_config beside the scan
-- in one statement could not promise. An empty name has no similar names.
CREATE FUNCTION conflict_similar_names(core text, threshold float8, self uuid, lim int)
    RETURNS TABLE (hit_id uuid, hit_core text, hit_similarity real)
    LANGUAGE plpgsql AS $$
BEGIN
    IF core = '' THEN
        RETURN;
    END IF;
    PERFORM set_config('pg_trgm.similarity_threshold', threshold::text, true);
    RETURN QUERY SELECT n.customer_id, n.core_name, similarity(n.core_name, core) FROM customer_name n
        WHERE n.core_name % core AND n.customer_id <> self ORDER BY 3 DESC, 1 LIMIT lim;
END
$$;
