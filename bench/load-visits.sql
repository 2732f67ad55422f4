-- Visits and reviews on top of the vault's data set (bench/load.sql), straight into the schema with SQL.
--
--   psql -v ON_ERROR_STOP=1 -v schema=crm_bench -v customers=1000000 -v visits=5000000 -f bench/load-visits.sql
--
-- Expects bench/load.sql to have run with the same :customers (customer and contact ids, owners and
-- creation times are recomputed here from the same hashes). Loads:
--   - the user `integrator` (no team), whose token carries groups ["integration"] for the change feed;
--   - :visits visits. 10% of them go to the 1% "hot" customers (rows 1 .. customers/100, about 55
--     visits each), the rest spread evenly (about 4.5 per customer). The author is the customer's
--     owner; a pool customer's visit is by some rep. visited_at lies in the last year and after the
--     customer was created; the record is written up to 6 hours later. Notes are Chinese, assembled
--     from sentences (who was met, company size, what they asked, why they hesitate, details, next
--     step), 100 to about 260 characters, most of them 100-160, with no whitespace, so note_length is
--     their char_length. 85% name 1-2 of the customer's contacts, 80% record a next step (85% of those
--     with a date). note_length / quality_score / effective follow VisitQuality with the default
--     settings (minimum 100; 0/60/80 points at 20/50/100 characters, +10 contact, +10 next step with
--     a date; effective = minimum met, a contact, a next step).
--   - 25% of the visits reviewed once (5% of those twice) by the author's team manager, 30% of the
--     verdicts NEEDS_WORK (with a comment); review_count matches the visit_review rows.
-- Deterministic like load.sql: the same sizes give the same rows and ids.
--
-- The visit indexes, its primary key and the foreign keys of visit and visit_review are dropped for
-- the bulk insert and restored afterwards (the foreign keys are then checked in one join each
-- instead of one lookup per row).
\set ON_ERROR_STOP on
\if :{?schema}
\else
  \set schema crm_bench
\endif
\if :{?customers}
\else
  \set customers 1000000
\endif
\if :{?visits}
\else
  \set visits 5000000
\endif

SET search_path = :"schema", public;
SET synchronous_commit = off;
SET maintenance_work_mem = '1GB';
SET work_mem = '256MB';
SET max_parallel_maintenance_workers = 2;
\timing on

SELECT date_trunc('second', now()) AS anchor \gset
SELECT greatest(1, :customers::bigint / 100) AS hot \gset

CREATE FUNCTION pg_temp.h(i bigint, salt bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT hashint8extended(i, salt) & 4611686018427387903 $$;
CREATE FUNCTION pg_temp.uid(key text) RETURNS uuid
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT md5(key)::uuid $$;
-- VisitQuality.lengthScore with the default thresholds (20 / 50 / 100), integer division as in Java.
CREATE FUNCTION pg_temp.length_score(len int) RETURNS int
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN len <= 20 THEN 0
                      WHEN len < 50 THEN 60 * (len - 20) / (50 - 20)
                      WHEN len < 100 THEN 60 + 20 * (len - 50) / (100 - 50)
                      ELSE 80 END $$;

-- ---------------------------------------------------------------- the integrator
INSERT INTO app_user (id, login, display_name, team_id, active, version, created_at, created_by, updated_at, updated_by)
VALUES (pg_temp.uid('user:integrator'), 'integrator', 'ERP 数据同步', NULL, true, 0,
        :'anchor'::timestamptz - interval '1 year', 'admin', :'anchor'::timestamptz - interval '1 year', 'admin')
ON CONFLICT (login) DO NOTHING;

-- ---------------------------------------------------------------- sentences of the notes
-- Inline array constants (folded once by the planner, no per-row detoasting). No whitespace anywhere.
-- Openings by channel: on site, phone, video, messaging.
\set s_onsite '{今天上午到客户公司拜访，见到了采购部负责人，,上门拜访总经理，在对方会议室聊了一个多小时，,第二次上门拜访，这次见到了真正拍板的副总经理，,陪同区域经理一起拜访，见到了董事长本人，,展会上认识的客户，今天回访到公司面谈，,按约定时间到客户工厂参观并交流需求，}'
\set s_phone '{下午电话沟通了四十分钟，对接人是行政主管，,电话回访上次报价的反馈，接电话的是采购专员，,给对方总经理打电话约时间，顺便聊了二十分钟，}'
\set s_video '{视频会议沟通，对方技术总监和财务经理都在，,线上演示了一个小时，对方五个部门的人参加，}'
\set s_msg '{微信上和对方老板聊了半个晚上，,在企业微信上回复了采购负责人的一串问题，}'
\set s_size '{公司目前约%人，有两个生产基地，,对方公司规模约%人，去年营业额增长明显，,客户是当地行业前几名的企业，员工%人左右，,这是一家成立十多年的民营企业，约%名员工，,对方在全国有六个办事处，总部约%人，,工厂和办公室在同一个园区，一共约%人，}'
\set s_ask '{对方重点问了我们产品的价格和售后服务，,客户详细询问了系统上线周期和实施团队配置，,对方关心能否和他们现有的ERP系统对接，,采购负责人问了付款方式能否分三期，,对方主要问了同行业客户的使用案例，,技术总监问了数据安全和私有化部署的方案，,老板问得最多的是多久能看到效果，}'
\set s_doubt '{目前犹豫的原因是预算要到下个季度才批，老板还没最终表态。,他们担心切换系统会影响现有业务，需要我们给出详细的迁移方案。,对方正在和两家竞品比较，竞品报价比我们低百分之十五左右。,决策流程比较长，需要经过采购、技术和财务三个部门会签。,客户对方案总体认可，但希望在价格上再给一些优惠。,对方去年刚签了一家小厂商，合同还有半年到期，不急于更换。,关键人对我们印象不错，但担心实施期间人手不够。}'
\set s_more '{现场看了他们的仓库和生产线，管理比较粗放，需求确实存在。,对方提到以前用过一家小厂商的产品，效果不好，所以比较谨慎。,老板比较年轻，对数字化很感兴趣，是我们的潜在支持者。,财务经理对投资回报率问得很细，需要准备一份测算表。,采购专员私下透露今年还有两个部门也在找类似的供应商。,客户的业务员流动性很大，客户资料经常丢失，这正是我们能解决的痛点。,对方的信息部门只有两个人，更看重我们的实施和培训能力。,客户去年的订单量翻了一倍，现有的表格管理已经跟不上。}'
\set s_next '{下周二带技术同事上门做产品演示,三天内发送正式报价单和合同模板,约对方老板月底前再见一次面争取拍板,安排客户参观我们在杭州的标杆客户,整理同行业案例资料发给采购负责人,申请试用账号让对方先试用两周,和财务经理约时间过一遍投资回报测算,邀请客户参加下个月的行业沙龙}'
-- Competitors named in notes (what a manager searches for): a sentence with one name in ~10.5% of the
-- visits; the names from common (华为 3%, 金蝶 2.5%, 用友 2%, 钉钉 1.5%) to rare (纷享销客 0.6%,
-- 销售易 0.4%, Salesforce 0.3%, Zoho 0.1%, HubSpot 0.05%, 励销云 0.02%). None occurs in any other sentence.
\set s_comp '{对方目前在用%的系统，明年合同到期后考虑更换。,客户同时也在接触%，对方的报价比我们低。,采购负责人提到%上周也来做过演示。,老板觉得%的品牌更响，但我们的实施服务更好。,对方的IT主管以前用过%，对它的售后不太满意。}'
\set s_pad '整体来看客户意向中等偏上，预计本季度内可以推进到报价阶段，需要保持每周至少一次跟进，重点维护好和采购负责人的关系。'
\set s_outcome '{客户认可方案，进入报价阶段,对方需要内部讨论后回复,约定了下次拜访时间,客户暂无预算，保持联系,确认了关键决策人,客户要求补充资料,推进到合同谈判}'
\set s_review_ok '{记录很完整，继续保持,关键人找对了，抓紧推进,客户情况写得清楚，下一步明确}'
\set s_review_fix '{写清客户犹豫的具体原因和下一步时间,没有写见到的是谁，补充联系人,下一步太笼统，要有具体日期和动作,公司规模和需求没写，接手的人看不懂}'

-- ---------------------------------------------------------------- bulk load
-- Indexes (except constraint-backed), the primary key and the foreign keys of visit and visit_review,
-- and foreign keys pointing at visit: dropped now, restored after the insert.
CREATE TEMP TABLE saved_visit_index AS
SELECT i.schemaname, i.indexname, i.indexdef
FROM pg_indexes i
WHERE i.schemaname = :'schema' AND i.tablename IN ('visit', 'visit_review')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                  WHERE k.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass);
CREATE TEMP TABLE saved_visit_constraint AS
SELECT DISTINCT k.conrelid::regclass::text AS tbl, k.conname, pg_get_constraintdef(k.oid) AS def, k.contype
FROM pg_constraint k
WHERE (k.conrelid = (:'schema' || '.visit')::regclass AND k.contype IN ('p', 'f'))
   OR (k.conrelid = (:'schema' || '.visit_review')::regclass AND k.contype = 'f')
   OR (k.contype = 'f' AND k.confrelid = (:'schema' || '.visit')::regclass);
DO $$
DECLARE r record;
BEGIN
  -- Foreign keys first: a referencing key depends on visit's primary key.
  FOR r IN SELECT * FROM saved_visit_constraint ORDER BY contype = 'p' LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
  END LOOP;
  FOR r IN SELECT * FROM saved_visit_index LOOP
    EXECUTE format('DROP INDEX %I.%I', r.schemaname, r.indexname);
  END LOOP;
END $$;

-- visit_backlog (migration V33) counts unreviewed visits per author by a row trigger on visit: off for
-- the load (an upsert per loaded visit), the counts are made from the loaded rows below instead.
SELECT to_regclass('visit_backlog') IS NOT NULL AS has_backlog \gset
ALTER TABLE visit DISABLE TRIGGER USER;
-- visit_review_fact (V37), kept by row triggers on visit_review: the same, filled from the loaded reviews.
SELECT to_regclass('visit_review_fact') IS NOT NULL AS has_review_fact \gset
ALTER TABLE visit_review DISABLE TRIGGER USER;

INSERT INTO visit (id, customer_id, author_id, contact_ids, visited_at, channel, latitude, longitude,
                   location_address, notes, outcome, interest_level, next_step, next_step_date,
                   note_length, quality_score, effective, content_hash, review_count, version,
                   created_at, created_by, updated_at, updated_by)
SELECT n.id, n.customer_id, n.author_id, n.contact_ids, n.visited_at, n.channel,
       n.latitude, n.longitude, NULL, n.notes, n.outcome, n.interest_level, n.next_step, n.next_step_date,
       char_length(n.notes),
       least(100, pg_temp.length_score(char_length(n.notes))
                  + CASE WHEN cardinality(n.contact_ids) > 0 THEN 10 ELSE 0 END
                  + CASE WHEN n.next_step IS NOT NULL AND n.next_step_date IS NOT NULL THEN 10 ELSE 0 END),
       char_length(n.notes) >= 100 AND cardinality(n.contact_ids) > 0 AND n.next_step IS NOT NULL,
       md5('visit-content:' || n.i) || md5('visit-content2:' || n.i),
       n.review_count, 0, n.created_at, n.author_login, n.created_at, n.author_login
FROM (
  SELECT b.*,
         b.base || CASE WHEN char_length(b.base) < 100 THEN :'s_pad' ELSE '' END AS notes
  FROM (
    SELECT a.*,
           CASE a.channel WHEN 'ON_SITE' THEN (:'s_onsite'::text[])[1 + pg_temp.h(a.i, 110) % 6]
                          WHEN 'PHONE' THEN (:'s_phone'::text[])[1 + pg_temp.h(a.i, 110) % 3]
                          WHEN 'VIDEO' THEN (:'s_video'::text[])[1 + pg_temp.h(a.i, 110) % 2]
                          ELSE (:'s_msg'::text[])[1 + pg_temp.h(a.i, 110) % 2] END
           || replace((:'s_size'::text[])[1 + pg_temp.h(a.i, 111) % 6], '%', (20 + pg_temp.h(a.c, 112) % 1980)::text)
           || (:'s_ask'::text[])[1 + pg_temp.h(a.i, 113) % 7]
           || (:'s_doubt'::text[])[1 + pg_temp.h(a.i, 114) % 7]
           || CASE WHEN pg_temp.h(a.i, 160) % 10000 < 1047
                   THEN replace((:'s_comp'::text[])[1 + pg_temp.h(a.i, 161) % 5], '%',
                                CASE WHEN pg_temp.h(a.i, 160) % 10000 < 300 THEN '华为'
                                     WHEN pg_temp.h(a.i, 160) % 10000 < 550 THEN '金蝶'
                                     WHEN pg_temp.h(a.i, 160) % 10000 < 750 THEN '用友'
                                     WHEN pg_temp.h(a.i, 160) % 10000 < 900 THEN '钉钉'
                                     WHEN pg_temp.h(a.i, 160) % 10000 < 960 THEN '纷享销客'
                                     WHEN pg_temp.h(a.i, 160) % 10000 < 1000 THEN '销售易'
                                     WHEN pg_temp.h(a.i, 160) % 10000 < 1030 THEN 'Salesforce'
                                     WHEN pg_temp.h(a.i, 160) % 10000 < 1040 THEN 'Zoho'
                                     WHEN pg_temp.h(a.i, 160) % 10000 < 1045 THEN 'HubSpot'
                                     ELSE '励销云' END)
                   ELSE '' END
           || CASE WHEN pg_temp.h(a.i, 115) % 2 = 0 THEN (:'s_more'::text[])[1 + pg_temp.h(a.i, 116) % 8] ELSE '' END
           || CASE WHEN pg_temp.h(a.i, 117) % 10 < 2 THEN (:'s_more'::text[])[1 + pg_temp.h(a.i, 118) % 8] ELSE '' END
           || CASE WHEN pg_temp.h(a.i, 119) % 10 = 0
                   THEN (:'s_more'::text[])[1 + pg_temp.h(a.i, 120) % 8] || (:'s_more'::text[])[1 + pg_temp.h(a.i, 121) % 8]
                        || :'s_pad' ELSE '' END
           || CASE WHEN a.next_step IS NOT NULL THEN '下一步：' || a.next_step || '。'
                   ELSE '暂时没有明确的下一步，等对方内部讨论后的消息。' END AS base
    FROM (
      SELECT v.i, v.c,
             pg_temp.uid('visit:' || v.i) AS id,
             pg_temp.uid('customer:' || v.c) AS customer_id,
             pg_temp.uid('user:rep' || lpad((1 + w.rep)::text, 3, '0')) AS author_id,
             'rep' || lpad((1 + w.rep)::text, 3, '0') AS author_login,
             CASE WHEN pg_temp.h(v.i, 130) % 100 < 15 THEN '{}'::uuid[]
                  WHEN pg_temp.h(v.i, 130) % 100 < 85 OR w.ncontacts = 1
                  THEN ARRAY[pg_temp.uid('contact:' || v.c || ':' || (1 + pg_temp.h(v.i, 131) % w.ncontacts))]
                  ELSE ARRAY[pg_temp.uid('contact:' || v.c || ':1'), pg_temp.uid('contact:' || v.c || ':2')] END
               AS contact_ids,
             w.visited_at,
             least(:'anchor'::timestamptz, w.visited_at + (pg_temp.h(v.i, 132) % (6::bigint * 3600 * 1000000)) * interval '1 microsecond')
               AS created_at,
             (ARRAY['ON_SITE','ON_SITE','ON_SITE','ON_SITE','ON_SITE','PHONE','PHONE','PHONE','VIDEO','MESSAGING'])
               [1 + pg_temp.h(v.i, 133) % 10] AS channel,
             CASE WHEN pg_temp.h(v.i, 133) % 10 < 4
                  THEN round((22 + (pg_temp.h(v.i, 134) % 18000000) / 1000000.0)::numeric, 6) END AS latitude,
             CASE WHEN pg_temp.h(v.i, 133) % 10 < 4
                  THEN round((103 + (pg_temp.h(v.i, 135) % 18000000) / 1000000.0)::numeric, 6) END AS longitude,
             CASE WHEN pg_temp.h(v.i, 136) % 10 < 7 THEN (:'s_outcome'::text[])[1 + pg_temp.h(v.i, 137) % 7] END AS outcome,
             CASE WHEN pg_temp.h(v.i, 138) % 10 < 8 THEN (1 + pg_temp.h(v.i, 139) % 5)::int END AS interest_level,
             CASE WHEN pg_temp.h(v.i, 140) % 10 < 8 THEN (:'s_next'::text[])[1 + pg_temp.h(v.i, 141) % 8] END AS next_step,
             CASE WHEN pg_temp.h(v.i, 140) % 10 < 8 AND pg_temp.h(v.i, 142) % 100 < 85
                  THEN (w.visited_at AT TIME ZONE 'Asia/Shanghai')::date + (1 + pg_temp.h(v.i, 143) % 14)::int END
               AS next_step_date,
             CASE WHEN pg_temp.h(v.i, 144) % 100 >= 25 THEN 0
                  WHEN pg_temp.h(v.i, 145) % 100 < 5 THEN 2 ELSE 1 END AS review_count
      FROM (
        SELECT i, CASE WHEN pg_temp.h(i, 101) % 10 = 0 THEN 1 + pg_temp.h(i, 102) % :hot
                       ELSE 1 + pg_temp.h(i, 102) % :customers::bigint END AS c
        FROM generate_series(1, :visits::bigint) i
      ) v
      CROSS JOIN LATERAL (
        -- As in load.sql: the owner (rep index i % 200 for 80% of the customers), the contacts
        -- (1 + h(c, 30) % 3 of them) and the creation time; a pool customer's visit is by some rep.
        SELECT CASE WHEN pg_temp.h(v.c, 1) % 10 < 8 THEN v.c % 200 ELSE pg_temp.h(v.i, 103) % 200 END AS rep,
               1 + (pg_temp.h(v.c, 30) % 3)::int AS ncontacts,
               :'anchor'::timestamptz - interval '1 minute'
                 - (pg_temp.h(v.i, 104) % least(365::bigint * 86400 * 1000000,
                                                1 + pg_temp.h(v.c, 25) % (3::bigint * 365 * 86400 * 1000000)))
                   * interval '1 microsecond' AS visited_at
      ) w
    ) a
  ) b
) n
-- Production writes visits as they are recorded: the heap (and so every scan over recent visits)
-- is in created_at order, not in the hash order of the generator.
ORDER BY n.created_at;

-- Reviews by the author's team manager, a day or so after the record.
INSERT INTO visit_review (id, visit_id, customer_id, reviewer_id, verdict, comment, created_at, created_by)
SELECT pg_temp.uid('review:' || v.id || ':' || k), v.id, v.customer_id, t.manager_id,
       CASE WHEN pg_temp.h(hashtext(v.id::text)::bigint * 4 + k, 150) % 10 < 7 THEN 'GOOD' ELSE 'NEEDS_WORK' END,
       CASE WHEN pg_temp.h(hashtext(v.id::text)::bigint * 4 + k, 150) % 10 < 7
            THEN CASE WHEN pg_temp.h(hashtext(v.id::text)::bigint * 4 + k, 151) % 2 = 0
                      THEN (:'s_review_ok'::text[])[1 + pg_temp.h(hashtext(v.id::text)::bigint * 4 + k, 152) % 3] END
            ELSE (:'s_review_fix'::text[])[1 + pg_temp.h(hashtext(v.id::text)::bigint * 4 + k, 152) % 4] END,
       least(:'anchor'::timestamptz, v.created_at + k * interval '20 hours'
             + (pg_temp.h(hashtext(v.id::text)::bigint * 4 + k, 153) % (4::bigint * 3600)) * interval '1 second'),
       m.login
FROM visit v
JOIN app_user u ON u.id = v.author_id
JOIN team t ON t.id = u.team_id
JOIN app_user m ON m.id = t.manager_id
CROSS JOIN LATERAL generate_series(1, v.review_count) k
WHERE v.review_count > 0;

ALTER TABLE visit ENABLE TRIGGER USER;
ALTER TABLE visit_review ENABLE TRIGGER USER;
\if :has_backlog
INSERT INTO visit_backlog (author_id, stripe, unreviewed)
SELECT author_id, visit_backlog_stripe(id), count(*) FROM visit WHERE review_count = 0 GROUP BY 1, 2;
\endif

-- Restore the primary key, the indexes, then the foreign keys (each checked in one join).
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT * FROM saved_visit_constraint WHERE contype = 'p' LOOP
    RAISE NOTICE 'adding %', r.conname;
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl, r.conname, r.def);
  END LOOP;
  FOR r IN SELECT * FROM saved_visit_index LOOP
    RAISE NOTICE 'building %', r.indexname;
    EXECUTE r.indexdef;
  END LOOP;
  FOR r IN SELECT * FROM saved_visit_constraint WHERE contype = 'f' LOOP
    RAISE NOTICE 'adding %', r.conname;
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl, r.conname, r.def);
  END LOOP;
END $$;

-- After the indexes: the source probes visit_review_visit_idx per visit.
\if :has_review_fact
INSERT INTO visit_review_fact (visit_id, customer_id, author_id, visited_at, created_at, first_reviewed_at, reviews,
                               needs_work)
SELECT visit_id, customer_id, author_id, visited_at, created_at, first_reviewed_at, reviews, needs_work
FROM visit_review_fact_source;
\endif

\timing off
-- The precomputed columns must agree with the rules (whitespace-free notes: length = char_length).
SELECT count(*) AS bad_rows, count(*) > 0 AS bad FROM (SELECT * FROM visit TABLESAMPLE SYSTEM (1)) v
WHERE note_length <> char_length(regexp_replace(notes, '[[:space:]　 ]', '', 'g'))
   OR note_length < 100
   OR review_count <> (SELECT count(*) FROM visit_review r WHERE r.visit_id = v.id) \gset
\if :bad
  \echo 'visit rows disagree with the rules:' :bad_rows
  SELECT 1/0 AS visit_rows_disagree_with_the_rules;
\endif
