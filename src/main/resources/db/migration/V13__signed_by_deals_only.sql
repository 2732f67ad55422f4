-- SIGNED comes from deals only: a customer is SIGNED exactly while it has a live (ACTIVE) deal. Until
-- now clients could set it by hand, which took a customer out of the claim cap and out of recall's
-- reach. A SIGNED customer without a live deal (typed by hand, most of them before deals existed, so
-- often a real account whose contract was never recorded) goes back to the status it had before it
-- became SIGNED according to its history (LEAD, PROSPECT or LOST), PROSPECT when the history does not
-- tell. A live owned one gets at least a full default protection period (30 days) from now, so that
-- the first recall run does not empty reps' books and the owner can record the deal if there is one;
-- it counts towards the claim cap again. Each change is audited like an edit by "system" (a new
-- version, a history entry with the reason, a change-feed row).

-- An Instant as the API writes it (java.time.Instant.toString: UTC, fraction in groups of 3 digits).
CREATE FUNCTION pg_temp.v13_instant(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN t IS NULL THEN NULL
        WHEN extract(microseconds FROM t)::bigint % 1000000 = 0 THEN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
        WHEN extract(microseconds FROM t)::bigint % 1000 = 0 THEN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
        ELSE to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
    END
$$;

CREATE TEMPORARY TABLE v13_unsigned ON COMMIT DROP AS
SELECT c.id,
       coalesce((SELECT ch ->> 'oldValue'
                   FROM customer_history h, jsonb_array_elements(h.changes) ch
                  WHERE h.entity_type = 'CUSTOMER' AND h.entity_id = c.id
                    AND ch ->> 'field' = 'status' AND ch ->> 'newValue' = 'SIGNED'
                    AND ch ->> 'oldValue' IN ('LEAD', 'PROSPECT', 'LOST')
                  ORDER BY h.id DESC LIMIT 1), 'PROSPECT') AS new_status,
       c.protected_until AS old_until,
       CASE WHEN c.owner_id IS NOT NULL AND NOT c.archived
            THEN greatest(c.protected_until, now() + interval '30 days')
            ELSE c.protected_until END AS new_until
  FROM customer c
 WHERE c.status = 'SIGNED'
   AND NOT EXISTS (SELECT 1 FROM deal d WHERE d.customer_id = c.id AND d.status = 'ACTIVE');

UPDATE customer c
   SET status = u.new_status, protected_until = u.new_until, version = c.version + 1,
       updated_at = now(), updated_by = 'system'
  FROM v13_unsigned u
 WHERE c.id = u.id;

-- Fields in name order, as the application writes them.
INSERT INTO customer_history (customer_id, entity_type, entity_id, action, actor, at, reason, changes)
SELECT u.id, 'CUSTOMER', u.id, 'UPDATE', 'system', now(),
       'SIGNED comes from deals only, and this customer had no live deal (migration V13)',
       CASE WHEN u.new_until IS DISTINCT FROM u.old_until
            THEN jsonb_build_array(jsonb_build_object('field', 'protectedUntil',
                     'oldValue', pg_temp.v13_instant(u.old_until), 'newValue', pg_temp.v13_instant(u.new_until)))
            ELSE '[]'::jsonb END
       || jsonb_build_array(jsonb_build_object('field', 'status', 'oldValue', 'SIGNED', 'newValue', u.new_status))
  FROM v13_unsigned u
 ORDER BY u.id;

INSERT INTO sync_change (entity_type, entity_id, customer_id)
SELECT 'CUSTOMER', u.id, u.id FROM v13_unsigned u ORDER BY u.id;

DROP FUNCTION pg_temp.v13_instant(timestamptz);
