-- Issue 14: a claim's tail. V31_1 gave customer_owner_search_idx a 256 kB pending list so that a claim
-- (a non-HOT update: owner_key changes, so every index gets an entry) appended its ~30 trigram entries
-- instead of inserting them into the tree. At 1M customers the insert that fills the list and moves it
-- into the tree took 0.1-1 s, once per ~380 claims, while its transaction held the claiming rep's user
-- row: every next claim of that rep queued behind it, and under load each connection soon waited on
-- that rep (bench/README.md, "Claims without a GIN pending list"). Inserting into the tree at once costs
-- each claim about the same CPU on average and has no such spikes. customer_tags_idx had the default
-- 4 MB list: rarer, larger flushes of the same kind.
ALTER INDEX customer_owner_search_idx SET (fastupdate = off);
ALTER INDEX customer_owner_search_idx RESET (gin_pending_list_limit);
ALTER INDEX customer_tags_idx SET (fastupdate = off);
-- Entries already pending move into the tree now, not on some later write.
SELECT gin_clean_pending_list('customer_owner_search_idx'::regclass), gin_clean_pending_list('customer_tags_idx'::regclass);
