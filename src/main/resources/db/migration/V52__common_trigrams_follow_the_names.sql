-- Issue 14: the common-trigram hint (V45) follows large changes in the names, not only the clock.
--
-- V45 counted the common trigrams once in the migration and then every crm.conflict.common-trigrams-every
-- (6h). A deployment that migrates on an empty database and then imports its customers had an empty hint
-- for up to 6 hours; with it empty, every trigram is rare and a check probes each one alone: 58 ms of
-- database CPU per check at 1M names instead of about 1 (bench/README.md, "the request path per request").
-- The job now asks often (crm.conflict.common-trigrams-check-every) and the function counts again when the
-- last count is older than `recent`, or the number of names moved by more than a quarter (and 1,000) since
-- it. A hint only: the names a check finds are the same whatever it holds.

-- The number of names the last count saw; null (the state V45 left) means unknown: the next call counts.
ALTER TABLE conflict_common_trigram_refresh ADD COLUMN names bigint;

-- Same signature as V45's: an instance of the previous version calls it as before.
CREATE OR REPLACE FUNCTION conflict_common_trigrams_refresh(recent interval) RETURNS int
    LANGUAGE plpgsql AS $$
DECLARE
    common int;
    counted bigint;
BEGIN
    IF NOT pg_try_advisory_xact_lock(7233174220397425263) THEN -- 'common_t', any constant
        RETURN NULL;
    END IF;
    SELECT count(*) INTO counted FROM customer_name;
    IF EXISTS (SELECT 1 FROM conflict_common_trigram_refresh
               WHERE refreshed_at > now() - recent AND abs(counted - names) <= 1000 + names / 4) THEN
        RETURN NULL;
    END IF;
    DELETE FROM conflict_common_trigram;
    INSERT INTO conflict_common_trigram (trigram, names)
    SELECT g, count(*) FROM customer_name, unnest(show_trgm(core_name)) AS g GROUP BY g HAVING count(*) >= 50;
    GET DIAGNOSTICS common = ROW_COUNT;
    INSERT INTO conflict_common_trigram_refresh (refreshed_at, names) VALUES (now(), counted)
        ON CONFLICT (one) DO UPDATE SET refreshed_at = excluded.refreshed_at, names = excluded.names;
    RETURN common;
END
$$;
