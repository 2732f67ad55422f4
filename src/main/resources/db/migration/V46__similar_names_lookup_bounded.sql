-- Issue 14: V45's similar-name lookup bounded in size. A hostile or merely long name whose trigrams are all
-- common made V45 ask for one tagged pair per count and group: ~11,000 terms for 200 characters, 4 s of
-- CPU, and at a threshold of 0.3 "stack depth limit exceeded". Past 1,000 pairs the lookup now asks for
-- each of the name's trigrams alone (any similar name holds one), as V31's trigram index did. Same answers.

CREATE OR REPLACE FUNCTION conflict_similar_names(core text, threshold float8, self uuid, lim int)
    RETURNS TABLE (hit_id uuid, hit_core text, hit_similarity real)
    LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    probe tsquery;
BEGIN
    IF core = '' THEN
        RETURN;
    END IF;
    -- The checked name's trigrams, rarest first (rare ones, not in conflict_common_trigram, before all).
    WITH trigram AS (
        SELECT t.g, c.trigram IS NULL AS rare, row_number() OVER (ORDER BY coalesce(c.names, 0), t.g) AS r
        FROM unnest(show_trgm(core)) AS t(g) LEFT JOIN conflict_common_trigram c ON c.trigram = t.g),
    bound AS (
        SELECT threshold * (1 - 1e-6) AS t, count(*)::int AS na, (count(*) FILTER (WHERE rare))::int AS rares
        FROM trigram),
    -- For each count k a similar name may have, its d + 1 groups: the rarest trigrams alone while they are
    -- rare, the others in pairs (the i-th with the i-th after the last group's first).
    grouping AS (
        SELECT k, least(x.groups, b.rares) AS alone, x.groups - least(x.groups, b.rares) AS pairs
        FROM bound b, generate_series(ceil(b.t * b.na)::int, floor(b.na / b.t)::int) AS k,
             LATERAL (SELECT b.na - ceil(b.t * (b.na + k) / (1 + b.t))::int + 1 AS groups) x),
    -- A long name of common trigrams asks for thousands of tagged pairs (4 s, or a stack depth error, for
    -- 200 characters): past 1,000 pairs every trigram alone, still exact (a similar name shares one), as
    -- costly as V31's lookup.
    size AS (SELECT coalesce(sum(pairs), 0) <= 1000 AS small FROM grouping),
    term AS (
        SELECT quote_literal(t.g) AS term FROM trigram t
        WHERE t.r <= (SELECT max(alone) FROM grouping) OR NOT (SELECT small FROM size)
        UNION ALL
        SELECT '(' || string_agg(quote_literal(s.k || ':' || t.g), ' & ') || ')'
        FROM grouping s JOIN trigram t ON t.r > s.alone AND (t.r - s.alone - 1) / nullif(s.pairs, 0) < 2
        WHERE (SELECT small FROM size)
        GROUP BY s.k, (t.r - s.alone - 1) % s.pairs)
    SELECT string_agg(term, ' | ')::tsquery INTO probe FROM term;
    IF probe IS NULL THEN -- no trigrams: similar to nothing
        RETURN;
    END IF;
    RETURN QUERY SELECT n.customer_id, n.core_name, similarity(n.core_name, core) FROM customer_name n
        WHERE conflict_name_lexemes(n.core_name) @@ probe AND similarity(n.core_name, core) >= threshold
          AND n.customer_id <> self
        ORDER BY 3 DESC, 1 LIMIT lim;
END
$$;
