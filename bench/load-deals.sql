-- Signed deals and ownership events on top of the loaded data set (bench/load.sql and
-- bench/load-visits.sql), for issue 5's reports: straight into the schema with SQL.
--
--   psql -v ON_ERROR_STOP=1 -v schema=crm_bench -f bench/load-deals.sql
--
-- Needs the deal table (migration V7). Re-runnable: it first removes what an earlier run of it wrote
-- (deal ids are derived from the customer, ownership events are marked in bench_seed), and picks the
-- same customers again (hashes of the customer id), so a second run gives the same data set.
--
-- Loads:
--   - region managers rmgr1..rmgr4 (the regions of bench/load.sql had none);
--   - deals (signed contracts) for 60% of the owned SIGNED customers that have visits and for 1% of the
--     owned open (LEAD / PROSPECT) ones with visits, which become SIGNED: about 60,000 customers. The
--     deal is signed 0-10 days after one of the customer's visits (a random one, so signing dates
--     spread over the last year and some customers get visits after signing, as accounts do), by the
--     customer's owner (owner_id, created_by). 8% of these customers sign a second deal 30-200 days
--     later (when that is before today). Amounts 5,000-500,000 (log-uniform, to the hundred); 90% CNY,
--     10% USD (a seventh of it). 3% of the deals are CANCELLED 2-40 days after signing, with a reason,
--     by the owner's manager. The deal's expected_sign_date (the customer's at recording time): for 60%
--     of the deals a date 20 days before to 80 days after signing, so "A customers signed within their
--     window" has both outcomes; null for the rest.
--   - ownership events (customer_owner_change CLAIM / RELEASE / RECALL) over the last year, each chain
--     consistent with the loaded owners (the CREATE row and customer.owner_id):
--       * 25% of the pool customers were claimed by a rep and lost again: CLAIM (pool -> rep) then,
--         8-60 days later, RECALL (60%, actor "system", reason "protection period lapsed") or
--         RELEASE (40%, by the rep, with a reason): about 50,000 of each;
--       * 3% of the owned customers were released by their owner and claimed back 8-60 days later (after
--         the 7-day cool-down): RELEASE then CLAIM, about 24,000 of each; customer.claimed_at becomes
--         that claim's time.
--     Only customers created 62+ days before the load take part. About 6,000 claims and 6,000
--     releases or recalls a month, 30 claims per rep.
-- Decision makers (contact.decision_maker) and expected signing dates come from bench/load.sql as they
-- are: ~23% of the customers have a decision-maker contact, 40% an expected signing date (20 days ago
-- to 160 days ahead at load time; A, B and C all occur).
-- Not written: audit/history rows and change-feed (sync_change) rows for the deals and the ownership
-- events (the application would write them; no report reads them).
\set ON_ERROR_STOP on
\if :{?schema}
\else
  \set schema crm_bench
\endif

SET search_path = :"schema", public;
SET synchronous_commit = off;
SET work_mem = '256MB';
SET jit = off;
\timing on

SELECT date_trunc('second', now()) AS anchor \gset
SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS today \gset

CREATE FUNCTION pg_temp.hu(id uuid, salt bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT hashtextextended(id::text, salt) & 4611686018427387903 $$;

-- What earlier runs wrote.
-- bench_seed: facts about the loaded data set that later runs need (bench/insights.sh keeps the last
-- migration the load applied here too).
CREATE TABLE IF NOT EXISTS bench_seed (what text PRIMARY KEY, value text NOT NULL);
BEGIN;
DELETE FROM deal d WHERE d.id IN (md5('deal:' || d.customer_id || ':1')::uuid, md5('deal:' || d.customer_id || ':2')::uuid);
DELETE FROM customer_owner_change o USING bench_seed s
WHERE s.what = 'owner-events' AND o.txid = s.value::xid8 AND o.kind IN ('CLAIM', 'RELEASE', 'RECALL');
DELETE FROM bench_seed WHERE what = 'owner-events';
COMMIT;

-- ---------------------------------------------------------------- region managers
-- The load's regions (华东大区 ...) have no manager; rmgr1..rmgr4 manage them (and so the 5 teams and 50
-- reps under each), for a report on a mid-size team subtree.
INSERT INTO app_user (id, login, display_name, team_id, active, version, created_at, created_by, updated_at, updated_by)
SELECT md5('user:rmgr' || r)::uuid, 'rmgr' || r, (ARRAY['区域经理华东','区域经理华南','区域经理华北','区域经理中西部'])[r],
       md5('region:' || r)::uuid, true, 0, :'anchor'::timestamptz - interval '3 years', 'admin',
       :'anchor'::timestamptz - interval '3 years', 'admin'
FROM generate_series(1, 4) r
ON CONFLICT (login) DO NOTHING;
UPDATE team SET manager_id = md5('user:rmgr' || r)::uuid
FROM generate_series(1, 4) r
WHERE team.id = md5('region:' || r)::uuid AND team.manager_id IS DISTINCT FROM md5('user:rmgr' || r)::uuid;

-- ---------------------------------------------------------------- deals
-- The signing customers and the visit each signs after (the k-th of its visits by time).
CREATE TEMP TABLE signer AS
SELECT c.id AS customer_id, c.owner_id, u.login AS owner_login, m.login AS manager_login,
       c.status AS old_status, sv.visited_at AS sign_visit_at
FROM customer c
JOIN app_user u ON u.id = c.owner_id
LEFT JOIN team t ON t.id = u.team_id
LEFT JOIN app_user m ON m.id = t.manager_id
CROSS JOIN LATERAL (SELECT count(*) AS n FROM visit v WHERE v.customer_id = c.id) nv
CROSS JOIN LATERAL (SELECT v.visited_at FROM visit v WHERE v.customer_id = c.id
                    ORDER BY v.visited_at, v.id OFFSET pg_temp.hu(c.id, 502) % greatest(nv.n, 1) LIMIT 1) sv
WHERE c.owner_id IS NOT NULL AND NOT c.archived
  AND ((c.status = 'SIGNED' AND pg_temp.hu(c.id, 500) % 10 < 6)
       OR (c.status <> 'LOST' AND pg_temp.hu(c.id, 501) % 100 < 1));

CREATE TEMP TABLE new_deal AS
SELECT md5('deal:' || s.customer_id || ':' || k)::uuid AS id, s.customer_id, s.owner_id, s.owner_login,
       s.manager_login, k,
       d.signed_on, d.h
FROM signer s
CROSS JOIN generate_series(1, 2) k
CROSS JOIN LATERAL (
  SELECT pg_temp.hu(s.customer_id, 510 + k) AS h,
         (s.sign_visit_at AT TIME ZONE 'Asia/Shanghai')::date + (pg_temp.hu(s.customer_id, 503) % 11)::int
           + CASE WHEN k = 2 THEN 30 + (pg_temp.hu(s.customer_id, 504) % 171)::int ELSE 0 END AS signed_on
) d
WHERE (k = 1 OR pg_temp.hu(s.customer_id, 505) % 100 < 8);
-- Signed at the latest today (a visit of the last days plus its 0-10 days).
UPDATE new_deal SET signed_on = :'today'::date WHERE k = 1 AND signed_on > :'today'::date;
DELETE FROM new_deal WHERE k = 2 AND signed_on > :'today'::date;

INSERT INTO deal (id, customer_id, owner_id, amount, currency, signed_on, product, expected_sign_date, status,
                  cancelled_at, cancelled_by, cancel_reason, version, created_at, created_by, updated_at, updated_by)
SELECT n.id, n.customer_id, n.owner_id,
       CASE WHEN x.usd THEN round(x.cny / 7, -2) ELSE x.cny END,
       CASE WHEN x.usd THEN 'USD' ELSE 'CNY' END,
       n.signed_on,
       (ARRAY['CRM标准版 年费','CRM专业版 年费','CRM旗舰版 三年','实施服务','培训服务','数据迁移服务',
              '移动端加购50账号','API集成包'])[1 + n.h % 8],
       CASE WHEN (n.h >> 8) % 10 < 6 THEN n.signed_on - 20 + ((n.h >> 12) % 101)::int END,
       CASE WHEN x.cancelled THEN 'CANCELLED' ELSE 'ACTIVE' END,
       CASE WHEN x.cancelled THEN x.cancelled_at END,
       CASE WHEN x.cancelled THEN coalesce(n.manager_login, n.owner_login) END,
       CASE WHEN x.cancelled THEN (ARRAY['客户资金链紧张，合同终止','合同主体变更，重新签约','客户被收购，新东家另有供应商',
                                          '录入错误，金额有误'])[1 + (n.h >> 20) % 4] END,
       CASE WHEN x.cancelled THEN 1 ELSE 0 END,
       x.created_at, n.owner_login,
       CASE WHEN x.cancelled THEN x.cancelled_at ELSE x.created_at END,
       CASE WHEN x.cancelled THEN coalesce(n.manager_login, n.owner_login) ELSE n.owner_login END
FROM new_deal n
CROSS JOIN LATERAL (
  SELECT round(exp(ln(5000) + ((n.h >> 24) % 100000) / 100000.0 * ln(100))::numeric, -2) AS cny,
         (n.h >> 4) % 10 = 0 AS usd,
         (n.h >> 40) % 100 < 3 AS cancelled,
         -- recorded on the signing day, 9:00-19:00 company time
         least(:'anchor'::timestamptz, (n.signed_on + time '09:00') AT TIME ZONE 'Asia/Shanghai'
               + ((n.h >> 28) % 36000) * interval '1 second') AS created_at,
         least(:'anchor'::timestamptz, (n.signed_on + 2 + ((n.h >> 44) % 39)::int + time '10:00') AT TIME ZONE 'Asia/Shanghai')
           AS cancelled_at
) x;

-- The signing customers are SIGNED (the open ones become so at their first deal).
UPDATE customer c SET status = 'SIGNED', version = c.version + 1,
       updated_at = greatest(c.updated_at, f.created_at), updated_by = f.created_by
FROM (SELECT DISTINCT ON (customer_id) customer_id, created_at, created_by FROM deal
      WHERE id = md5('deal:' || customer_id || ':1')::uuid ORDER BY customer_id) f
WHERE c.id = f.customer_id AND c.status <> 'SIGNED';

-- ---------------------------------------------------------------- ownership events
-- Event pairs: pool customers claimed and lost (CLAIM, then RECALL or RELEASE), owned customers
-- released and claimed back by their owner (RELEASE, then CLAIM). t1 lies in the last year (after the
-- customer's creation) and 61+ days before the load; t2 is 8-60 days after t1.
CREATE TEMP TABLE owner_event AS
SELECT c.id AS customer_id, c.owner_id,
       CASE WHEN c.owner_id IS NULL
            THEN md5('user:rep' || lpad((1 + pg_temp.hu(c.id, 520) % 200)::text, 3, '0'))::uuid END AS claimer_id,
       pg_temp.hu(c.id, 521) % 10 < 6 AS recalled,
       t.t1, t.t1 + (8 * 86400 + pg_temp.hu(c.id, 523) % (52 * 86400)) * interval '1 second' AS t2
FROM customer c
CROSS JOIN LATERAL (
  SELECT greatest(c.created_at, :'anchor'::timestamptz - interval '1 year') AS lo,
         :'anchor'::timestamptz - interval '61 days' AS hi
) b
CROSS JOIN LATERAL (
  SELECT b.lo + (pg_temp.hu(c.id, 522) % 1000000) / 1000000.0 * (b.hi - b.lo) AS t1
) t
WHERE NOT c.archived AND c.created_at < :'anchor'::timestamptz - interval '62 days'
  AND ((c.owner_id IS NULL AND pg_temp.hu(c.id, 524) % 100 < 25)
       OR (c.owner_id IS NOT NULL AND pg_temp.hu(c.id, 524) % 100 < 3));

BEGIN;
INSERT INTO bench_seed (what, value) VALUES ('owner-events', pg_current_xact_id()::text);
INSERT INTO customer_owner_change (customer_id, old_owner_key, new_owner_key, actor, at, kind, reason)
SELECT e.customer_id, x.old_key, x.new_key, x.actor, x.at, x.kind, x.reason
FROM owner_event e
JOIN app_user cu ON cu.id = coalesce(e.claimer_id, e.owner_id)
CROSS JOIN LATERAL (VALUES
  -- first event
  (CASE WHEN e.owner_id IS NULL THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE e.owner_id END,
   CASE WHEN e.owner_id IS NULL THEN e.claimer_id ELSE '00000000-0000-0000-0000-000000000000'::uuid END,
   cu.login, e.t1,
   CASE WHEN e.owner_id IS NULL THEN 'CLAIM' ELSE 'RELEASE' END,
   CASE WHEN e.owner_id IS NULL THEN NULL ELSE '客户暂无采购计划，先退回公海' END),
  -- second event
  (CASE WHEN e.owner_id IS NULL THEN e.claimer_id ELSE '00000000-0000-0000-0000-000000000000'::uuid END,
   CASE WHEN e.owner_id IS NULL THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE e.owner_id END,
   CASE WHEN e.owner_id IS NULL AND e.recalled THEN 'system' ELSE cu.login END,
   e.t2,
   CASE WHEN e.owner_id IS NOT NULL THEN 'CLAIM' WHEN e.recalled THEN 'RECALL' ELSE 'RELEASE' END,
   CASE WHEN e.owner_id IS NOT NULL THEN NULL WHEN e.recalled THEN 'protection period lapsed'
        ELSE '联系不上关键人，退回公海' END)
) x(old_key, new_key, actor, at, kind, reason)
ORDER BY x.at;
COMMIT;
-- An owned customer's current owner got it back at the second event.
UPDATE customer c SET claimed_at = e.t2 FROM owner_event e
WHERE c.id = e.customer_id AND e.owner_id IS NOT NULL AND c.claimed_at IS DISTINCT FROM e.t2;

\timing off
ANALYZE deal;
ANALYZE customer_owner_change;
ANALYZE customer;
\pset footer off
SELECT count(*) AS deals, count(DISTINCT customer_id) AS customers,
       count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled,
       count(*) FILTER (WHERE currency = 'USD') AS usd,
       count(*) FILTER (WHERE expected_sign_date IS NOT NULL) AS with_expected_date,
       min(signed_on) AS first_signed, max(signed_on) AS last_signed,
       round(avg(amount)) AS avg_amount
FROM deal;
SELECT to_char(date_trunc('month', signed_on), 'YYYY-MM') AS month, count(*) AS deals
FROM deal GROUP BY 1 ORDER BY 1;
SELECT kind, count(*) FROM customer_owner_change GROUP BY kind ORDER BY kind;
SELECT status, count(*) FROM customer GROUP BY status ORDER BY status;
