-- A burst of visits whose notes hold none of the note search's terms (bench/insights.sh NOTE_BURST=n):
-- what bench/run.sh's visit creation leaves on top of the visits (26,000-29,500 visits written within a
-- minute, with wrk-visit.lua's notes), or a bulk import. The note search then walks visits that match
-- nothing, at a rate far above the table's (bench/README.md, "The note search after a burst").
--
--   psql -v ON_ERROR_STOP=1 -v schema=crm_bench -v n=30000 -v seconds=60 -v customers=1000000 -f bench/note-burst.sql
--   psql -v ON_ERROR_STOP=1 -v schema=crm_bench -v n=0 -f bench/note-burst.sql    # undo: delete an earlier burst
--
-- Rows as bench/load-visits.sql makes them (same columns, scores by VisitQuality's defaults: 100+ characters,
-- a contact, a next step with a date), but written like the API writes them: the visit's triggers on (the
-- review backlog counts them), not reviewed, visited_at spread over the last :seconds seconds up to now,
-- created now. A customer picked by hash among load.sql's :customers; its owner writes, or some rep for a
-- pool customer; its first contact was met. created_by 'bench-burst' marks them for the undo.
\set ON_ERROR_STOP on
\if :{?seconds}
\else
  \set seconds 60
\endif
\if :{?customers}
\else
  \set customers 1000000
\endif
SET search_path = :"schema", public;

DELETE FROM visit WHERE created_by = 'bench-burst';

-- wrk-visit.lua's sentences without those naming 报价 or 投资回报 (two of the search terms).
INSERT INTO visit (id, customer_id, author_id, contact_ids, visited_at, channel, latitude, longitude,
                   location_address, notes, outcome, interest_level, next_step, next_step_date,
                   note_length, quality_score, effective, content_hash, review_count, version,
                   created_at, created_by, updated_at, updated_by)
SELECT gen_random_uuid(), c.id, a.author_id, ARRAY[md5('contact:' || k.c || ':1')::uuid],
       now() - (k.i - 1) * (CAST(:seconds AS bigint) * 1000000 / greatest(:n, 1)) * interval '1 microsecond', 'ON_SITE', NULL, NULL, NULL,
       t.notes, '客户认可方案，进入下一阶段', 4, t.next_step, current_date + 7,
       char_length(t.notes), 100, true, md5('burst:' || k.i || now()) || md5('burst2:' || k.i || now()), 0, 0,
       now(), 'bench-burst', now(), 'bench-burst'
FROM (SELECT i, hashint8extended(i, 170) & 4611686018427387903 AS h FROM generate_series(1, :n) i) s
CROSS JOIN LATERAL (SELECT s.i, 1 + s.h % :customers AS c) k
JOIN customer c ON c.id = md5('customer:' || k.c)::uuid
CROSS JOIN LATERAL (SELECT coalesce(c.owner_id, md5('user:rep' || lpad((1 + s.h % 200)::text, 3, '0'))::uuid) AS author_id) a
CROSS JOIN LATERAL (
  SELECT (ARRAY['今天上午到客户公司拜访，见到了采购部负责人，在对方会议室聊了一个多小时，',
                '下午电话沟通了四十分钟，对接人是行政主管，对方态度比上次积极很多，',
                '第二次上门拜访，这次见到了真正拍板的副总经理，还参观了他们的仓库，'])[1 + s.h % 3]
         || (ARRAY['对方公司规模约三百人，重点问了产品价格、付款方式能否分三期以及售后响应时间，目前犹豫的原因是预算要到下个季度才批，老板还没有最终表态。',
                   '客户的业务员流动性很大，客户资料经常丢失，对方更看重实施团队的经验和同行业的成功案例，希望我们尽快提供详细的迁移方案。'])[1 + s.h / 3 % 2]
         || '下一步：下周二带技术同事上门做产品演示，约对方月底前拍板。' AS notes,
         '下周二带技术同事上门做产品演示' AS next_step
) t
ORDER BY k.i DESC;

SELECT count(*) AS burst_visits, min(visited_at) AS burst_from, max(visited_at) AS burst_to,
       count(*) FILTER (WHERE notes ~ '华为|金蝶|用友|钉钉|纷享销客|销售易|Salesforce|salesforce|Zoho|HubSpot|励销云|报价|投资回报|甲骨文|Oracle') AS with_a_term
FROM visit WHERE created_by = 'bench-burst' \gset
\echo burst: :burst_visits visits from :burst_from to :burst_to, :with_a_term naming a search term
SELECT :with_a_term > 0 AS bad \gset
\if :bad
  SELECT 1/0 AS burst_notes_name_a_search_term;
\endif
