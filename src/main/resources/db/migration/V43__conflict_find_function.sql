-- Issue 14: the conflict check's lookups (ConflictRepository.FIND) as one function with one generic plan.
--
-- The same parts as the statement the check sent before, in one query and so in one snapshot: similar names
-- through conflict_similar_names (V31, which sets the similarity threshold first); names sharing a one-deletion
-- variant (the name itself too: a name of three code points has no variants, yet it is a stored variant of
-- every four-code-point name it is one deletion of; read from the variant rows, which carry the name since
-- V35, grouped, as a candidate may share several variants); the parent's NAME key; the names whose parent is
-- this one; the exact keys. An empty checked_core or checked_parent skips its parts. Two changes:
-- * The typo candidates (up to typo_limit, ~100 for a crowded name) come without their holding: the
--   application verifies them and shows at most ten, whose holdings it then reads (ConflictRepository.
--   holdings). Joining customer and its owner for every candidate was half of a crowded name's buffers.
-- * plan_cache_mode = force_generic_plan: as a statement sent by the driver, this shape kept custom plans
--   (~2 ms of planning per check: PostgreSQL estimated its generic plan dearer); every part is an index
--   lookup by the parameters, so the one generic plan serves every name.
-- conflict_holding is what a match shows of its customer, for both readers.
CREATE VIEW conflict_holding AS
    SELECT c.id, CAST(c.name AS text) AS name, CAST(c.status AS text) AS status, c.owner_id,
           CAST(u.display_name AS text) AS owner_name, CAST(t.name AS text) AS team_name
    FROM customer c LEFT JOIN app_user u ON u.id = c.owner_id LEFT JOIN team t ON t.id = u.team_id;

-- The holdings of the typos a check shows (one to ten ids). A generic plan too: as a statement of its own,
-- whether PostgreSQL kept planning it per call (0.3-0.9 ms) depended on the id counts of its first calls.
CREATE FUNCTION conflict_holdings(ids uuid[]) RETURNS SETOF conflict_holding
    LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    RETURN QUERY SELECT * FROM conflict_holding h WHERE h.id = ANY(ids);
END
$$;

-- The output columns are named apart from the tables' columns (plpgsql resolves a bare name to either).
CREATE FUNCTION conflict_find(checked_core text, checked_parent text, threshold float8, excluded uuid,
        similar_limit int, typo_limit int, key_kinds text[], key_values text[])
    RETURNS TABLE (found_src int, found_id uuid, found_core text, found_similarity real, found_kind text,
                   found_value text, holder_name text, holder_status text, holder_owner uuid, holder_owner_name text,
                   holder_team text)
    LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    RETURN QUERY WITH similar_name AS (
        SELECT s.hit_id, s.hit_core, s.hit_similarity
        FROM conflict_similar_names(checked_core, threshold, excluded, similar_limit) s),
    typo AS (
        SELECT v.customer_id, v.core_name, similarity(v.core_name, checked_core) AS sim FROM customer_name_variant v
        WHERE checked_core <> ''
          AND v.variant = ANY(ARRAY(SELECT customer_name_variants(checked_core)) || checked_core)
          AND v.customer_id <> excluded
        GROUP BY v.customer_id, v.core_name ORDER BY 3 DESC, 1 LIMIT typo_limit),
    parent AS (
        SELECT k.customer_id FROM customer_key k
        WHERE checked_parent <> '' AND k.kind = 'NAME' AND k.value = checked_parent AND k.customer_id <> excluded),
    branch AS (
        SELECT n.customer_id FROM customer_name n
        WHERE checked_core <> '' AND n.parent_core = checked_core AND n.customer_id <> excluded
        ORDER BY n.customer_id LIMIT similar_limit),
    exact AS (
        SELECT k.customer_id, k.kind, k.value FROM customer_key k
        WHERE (k.kind, k.value) IN (SELECT * FROM unnest(key_kinds, key_values)) AND k.customer_id <> excluded),
    held AS (
        SELECT 1 AS src, s.hit_id AS id, s.hit_core AS core, s.hit_similarity AS sim, CAST(NULL AS text) AS kind,
               CAST(NULL AS text) AS value FROM similar_name s
        UNION ALL SELECT 3, p.customer_id, NULL, NULL, NULL, NULL FROM parent p
        UNION ALL SELECT 4, b.customer_id, NULL, NULL, NULL, NULL FROM branch b
        UNION ALL SELECT 5, e.customer_id, NULL, NULL, e.kind, e.value FROM exact e)
    SELECT h.src, h.id, h.core, h.sim, h.kind, h.value, c.name, c.status, c.owner_id, c.owner_name, c.team_name
    FROM held h JOIN conflict_holding c ON c.id = h.id
    UNION ALL
    SELECT 2, y.customer_id, y.core_name, y.sim, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM typo y
    ORDER BY 1, 4 DESC, 2;
END
$$;
