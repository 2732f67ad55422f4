-- Issue 14: a conflict check's similar names without rechecking names that cannot reach the threshold.
--
-- conflict_similar_names (V31) found the names whose trigram similarity c / (na + nb - c) to the checked
-- name reaches t (c shared trigrams, na and nb the two names' trigram counts) through the trigram GIN index
-- of customer_name, which passes every name sharing t * na of the checked name's trigrams: it cannot know
-- nb. A one-character trade name and a five-character business word (荷供应链管理) shares 4 of its 7
-- trigrams with every name ending in 供应链管理, so 26,316 names were rechecked (8,000 buffers, 150-450 ms);
-- none of them is similar (4 / (7 + 8 - 4) = 0.36).
--
-- A similar name has nb between t * na and na / t, and shares at least c(nb) = t * (na + nb) / (1 + t) of
-- the checked name's trigrams, so it lacks at most d = na - c(nb) of them. Split the checked name's
-- trigrams into d + 1 disjoint groups: a name lacking at most d has one group whole. The index below
-- holds each name's trigrams twice, as they are and tagged with the name's own count ('7:0x8f02ac'), and
-- the check asks, for every possible nb, for a name of that count holding one group whole: a rare trigram
-- alone (any count: it is rare), or two tagged trigrams of that count. Which trigrams are rare comes from
-- conflict_common_trigram, a hint: any grouping gives the same names, a stale one only reads more. The
-- names found are checked with similarity() as before, so the answer is the same; what is read is about the
-- names that could be similar (bench/README.md, "Similar names bounded by their trigram count").

-- The trigrams (pg_trgm's show_trgm: the set similarity() counts) of the names of at least 50 live
-- customers, with how many. conflict_common_trigrams_refresh rewrites it (ConflictTrigramJob).
CREATE TABLE conflict_common_trigram (
    trigram text PRIMARY KEY,
    names   int  NOT NULL
);
CREATE TABLE conflict_common_trigram_refresh (
    one          boolean     PRIMARY KEY DEFAULT true CHECK (one),
    refreshed_at timestamptz NOT NULL
);

-- Rewrites conflict_common_trigram unless another session does it now or it was rewritten within the
-- last `recent`; answers how many trigrams are common, or null when it did nothing. Readers see the old
-- rows until it commits.
CREATE FUNCTION conflict_common_trigrams_refresh(recent interval) RETURNS int
    LANGUAGE plpgsql AS $$
DECLARE
    common int;
BEGIN
    IF NOT pg_try_advisory_xact_lock(7233174220397425263) -- 'common_t', any constant
       OR EXISTS (SELECT 1 FROM conflict_common_trigram_refresh WHERE refreshed_at > now() - recent) THEN
        RETURN NULL;
    END IF;
    DELETE FROM conflict_common_trigram;
    INSERT INTO conflict_common_trigram (trigram, names)
    SELECT g, count(*) FROM customer_name, unnest(show_trgm(core_name)) AS g GROUP BY g HAVING count(*) >= 50;
    GET DIAGNOSTICS common = ROW_COUNT;
    INSERT INTO conflict_common_trigram_refresh (refreshed_at) VALUES (now())
        ON CONFLICT (one) DO UPDATE SET refreshed_at = excluded.refreshed_at;
    RETURN common;
END
$$;
SELECT conflict_common_trigrams_refresh(interval '0');

-- A name's trigrams as lexemes, each once as it is and once tagged with the count of them. show_trgm
-- writes a trigram as its three characters (ASCII letters, digits, spaces) or as 0x and six hex digits,
-- never with a comma.
CREATE OR REPLACE FUNCTION conflict_name_lexemes(core text) RETURNS tsvector
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    trigrams text[] := show_trgm(core);
    tag text := cardinality(trigrams) || ':';
BEGIN
    IF cardinality(trigrams) = 0 THEN
        RETURN ''::tsvector;
    END IF;
    RETURN array_to_tsvector(trigrams || string_to_array(tag || array_to_string(trigrams, ',' || tag), ','));
END
$$;

-- Built here, it holds a SHARE lock on customer_name until the migration commits: customer writes wait,
-- reads and checks do not; 83 s for 1M names on the bench machine (busy). A deployment with many names
-- builds it first, by hand and without that lock, outside a transaction:
--   CREATE OR REPLACE FUNCTION conflict_name_lexemes ... (as above);
--   CREATE INDEX CONCURRENTLY customer_name_lexeme_idx ON customer_name
--       USING gin (conflict_name_lexemes(core_name)) WITH (fastupdate = off);
-- and the statements below keep it (a concurrent build that failed leaves it invalid: it is built again).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('customer_name_lexeme_idx') AND NOT indisvalid) THEN
        DROP INDEX customer_name_lexeme_idx;
    END IF;
END
$$;
SET LOCAL maintenance_work_mem = '256MB';
CREATE INDEX IF NOT EXISTS customer_name_lexeme_idx ON customer_name
    USING gin (conflict_name_lexemes(core_name)) WITH (fastupdate = off);

-- Same signature and answer as V31's (with V39's generic plan). The threshold is used as float8 against
-- similarity()'s real, as the % operator compared them; the bounds are taken a millionth wider than t so
-- that a similarity that float4 division rounds up onto t stays in them.
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
    term AS (
        SELECT quote_literal(t.g) AS term FROM trigram t WHERE t.r <= (SELECT max(alone) FROM grouping)
        UNION ALL
        SELECT '(' || string_agg(quote_literal(s.k || ':' || t.g), ' & ') || ')'
        FROM grouping s JOIN trigram t ON t.r > s.alone AND (t.r - s.alone - 1) / nullif(s.pairs, 0) < 2
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

-- Nothing else reads it (its one reader was the function above); customer writes no longer update it.
DROP INDEX customer_name_trgm_idx;
