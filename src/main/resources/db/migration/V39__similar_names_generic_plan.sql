-- Issue 14: conflict_similar_names (V31) plans its one query once per session. Its only plan is the
-- bitmap scan of customer_name_trgm_idx under % (checked with a generic plan for a common and a rare
-- core), but PostgreSQL planned it afresh for its first five calls on each connection and then chose by
-- cost, which switched between the two plan kinds; planning took ~0.3 ms of the check's ~1.7 ms of
-- database CPU. With the generic plan forced: 841 -> 974 checks/s, database CPU per check 1.66 -> 1.35 ms,
-- the same answers for 4,052 probes (bench/README.md, "Conflict check: the similar names' plan reused").
ALTER FUNCTION conflict_similar_names(text, float8, uuid, int) SET plan_cache_mode = force_generic_plan;
