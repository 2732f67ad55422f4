-- Follow-ups (GET /api/v1/follow-ups) on realistic volume: 1,000 reps in 100 teams, 100k customers
-- (90 per rep, 10k in the pool), 300k visits over 120 days, 70% with a next step. Run against a schema
-- the migrations made (e.g. after a test run with -Dtest.schema=crm_test_followups; the next run cleans it):
--   psql -h localhost -U postgres -v schema=crm_test_followups -f bench/follow-ups.sql postgres
-- It prints the plan timings of the statement FollowUpRepository builds (all kinds), prepared as the
-- driver prepares it, for a manager of ten reps; measured 1-17 ms a page (rep, manager, admin alike).
SET search_path = :"schema", public;
-- 1000 reps in 100 teams of 10 (each team with a manager), 90 owned customers each + 10k pool = 100k customers, 300k visits.
INSERT INTO team (id, name, version, created_at, created_by, updated_at, updated_by)
SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(t), 12, '0'))::uuid, 'bench team ' || t, 0, now(), 'bench', now(), 'bench'
FROM generate_series(1, 100) t;
INSERT INTO app_user (id, login, display_name, team_id, version, created_at, created_by, updated_at, updated_by)
SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(u), 12, '0'))::uuid, 'bench-rep-' || u, 'Rep ' || u,
       ('00000000-0000-4000-8000-' || lpad(to_hex((u - 1) / 10 + 1), 12, '0'))::uuid, 0, now(), 'bench', now(), 'bench'
FROM generate_series(1, 1000) u;
INSERT INTO app_user (id, login, display_name, team_id, version, created_at, created_by, updated_at, updated_by)
SELECT ('00000000-0000-4000-a000-' || lpad(to_hex(t), 12, '0'))::uuid, 'bench-mgr-' || t, 'Manager ' || t,
       ('00000000-0000-4000-8000-' || lpad(to_hex(t), 12, '0'))::uuid, 0, now(), 'bench', now(), 'bench'
FROM generate_series(1, 100) t;
UPDATE team SET manager_id = ('00000000-0000-4000-a000-' || substr(id::text, 25))::uuid WHERE name LIKE 'bench team %';

INSERT INTO customer (id, name, status, expected_sign_date, owner_id, search_text, version, created_at, created_by,
                      updated_at, updated_by, claimed_at, protected_until)
SELECT gen_random_uuid(), 'bench customer ' || i,
       CASE WHEN random() < 0.1 THEN 'SIGNED' WHEN random() < 0.05 THEN 'LOST' ELSE 'PROSPECT' END,
       CASE WHEN random() < 0.3 THEN NULL ELSE current_date + (random() * 210 - 20)::int END,
       CASE WHEN i <= 90000 THEN ('00000000-0000-4000-9000-' || lpad(to_hex((i - 1) % 1000 + 1), 12, '0'))::uuid END,
       'bench customer ' || i, 0, now() - interval '200 days', 'bench', now(), 'bench',
       CASE WHEN i <= 90000 THEN now() - (random() * 200) * interval '1 day' END,
       CASE WHEN i <= 90000 THEN now() + (random() * 32 - 2) * interval '1 day' END
FROM generate_series(1, 100000) i;

INSERT INTO visit (id, customer_id, author_id, visited_at, channel, notes, next_step, next_step_date, note_length,
                   quality_score, effective, content_hash, version, created_at, created_by, updated_at, updated_by)
SELECT gen_random_uuid(), c.id, coalesce(c.owner_id, '00000000-0000-4000-9000-000000000001'::uuid), v.at, 'ON_SITE',
       'bench visit note', CASE WHEN v.step THEN 'follow up' END,
       CASE WHEN v.step THEN (v.at AT TIME ZONE 'Asia/Shanghai')::date + (1 + random() * 13)::int END,
       100, 80, true, 'x', 0, v.at, 'bench', v.at, 'bench'
FROM customer c
CROSS JOIN LATERAL (SELECT now() - (random() * 120) * interval '1 day' AS at,
                           random() < 0.7 AS step
                    FROM generate_series(1, 3 + 0 * length(c.name)) g) v
WHERE c.name LIKE 'bench customer %';
ANALYZE customer; ANALYZE visit; ANALYZE app_user;
SELECT (SELECT count(*) FROM customer) customers, (SELECT count(*) FROM visit) visits;
PREPARE fu(text, uuid, date, date, int, int, int, timestamptz, int) AS
SELECT o.id AS owner_id, o.display_name, i.urgency, i.due_on, i.id, i.name, i.expected_sign_date,
       i.protected_until, i.visit_id, i.visited_at, i.seen_on, i.next_step
FROM (SELECT u.id, u.display_name FROM app_user u WHERE TRUE AND u.id = ANY(CAST($1 AS uuid[])) AND u.id >= $2) o
CROSS JOIN LATERAL (
    SELECT k.urgency, k.due_on, s.*
    FROM (
        SELECT c.id, c.name, c.status, c.expected_sign_date, c.protected_until,
               (c.owner_id IS NOT NULL AND NOT c.archived AND c.status <> 'SIGNED' AND c.protected_until < $8) AS protection_ends,
               lv.id AS visit_id, lv.visited_at, lv.next_step, lv.next_step_date,
               CAST(COALESCE(lv.visited_at, c.claimed_at, c.created_at) AT TIME ZONE 'Asia/Shanghai' AS date) AS seen_on
        FROM customer c
        LEFT JOIN LATERAL (SELECT v.id, v.visited_at, v.next_step, v.next_step_date FROM visit v
                           WHERE v.customer_id = c.id ORDER BY v.visited_at DESC, v.id DESC LIMIT 1) lv ON true
        WHERE c.owner_id = o.id AND NOT c.archived AND c.status <> 'LOST' AND c.owner_key = ANY(CAST($1 AS uuid[]))
    ) s
    CROSS JOIN LATERAL (VALUES
        (CASE WHEN s.next_step_date < $3 THEN 1 ELSE 2 END, s.next_step_date, s.next_step_date <= $3),
        (3, s.seen_on + $5, s.status <> 'SIGNED' AND s.expected_sign_date <= $4 AND s.seen_on + $5 <= $3),
        (4, CAST(s.protected_until AT TIME ZONE 'Asia/Shanghai' AS date), s.protection_ends),
        (5, s.expected_sign_date - $6, s.status <> 'SIGNED' AND s.expected_sign_date <= $4 AND s.expected_sign_date > s.seen_on + $6
            AND s.expected_sign_date <= s.seen_on + $7 AND NOT (s.seen_on + $5 <= $3))
    ) k(urgency, due_on, applies)
    WHERE k.applies
) i
ORDER BY o.id, i.urgency, i.due_on, i.id LIMIT $9;
\set keys '{00000000-0000-4000-a000-000000000003,00000000-0000-4000-9000-000000000015,00000000-0000-4000-9000-000000000016,00000000-0000-4000-9000-000000000017,00000000-0000-4000-9000-000000000018,00000000-0000-4000-9000-000000000019,00000000-0000-4000-9000-00000000001a,00000000-0000-4000-9000-00000000001b,00000000-0000-4000-9000-00000000001c,00000000-0000-4000-9000-00000000001d,00000000-0000-4000-9000-00000000001e}'
\o /dev/null
EXECUTE fu(:'keys', '00000000-0000-0000-0000-000000000000', current_date, current_date + 30, 14, 30, 90, now() + interval '7 days', 51);
\o /dev/null
EXECUTE fu(:'keys', '00000000-0000-0000-0000-000000000000', current_date, current_date + 30, 14, 30, 90, now() + interval '7 days', 51);
\o /dev/null
EXECUTE fu(:'keys', '00000000-0000-0000-0000-000000000000', current_date, current_date + 30, 14, 30, 90, now() + interval '7 days', 51);
\o /dev/null
EXECUTE fu(:'keys', '00000000-0000-0000-0000-000000000000', current_date, current_date + 30, 14, 30, 90, now() + interval '7 days', 51);
\o /dev/null
EXECUTE fu(:'keys', '00000000-0000-0000-0000-000000000000', current_date, current_date + 30, 14, 30, 90, now() + interval '7 days', 51);
\o /dev/null
EXECUTE fu(:'keys', '00000000-0000-0000-0000-000000000000', current_date, current_date + 30, 14, 30, 90, now() + interval '7 days', 51);
\o
EXPLAIN (ANALYZE, BUFFERS) EXECUTE fu(:'keys', '00000000-0000-0000-0000-000000000000', current_date, current_date + 30, 14, 30, 90, now() + interval '7 days', 51);
