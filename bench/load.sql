-- Bench data set, loaded straight into the migrated schema with SQL (never through the API).
--
--   psql -v ON_ERROR_STOP=1 -v schema=crm_bench -v customers=1000000 -f bench/load.sql
--
-- Expects an empty schema on which every migration has been applied (bench/run.sh does that).
-- Loads: 1 company team -> 4 regions -> 20 teams (each with a manager mgr01..mgr20), 200 reps
-- rep001..rep200 (10 per team), :customers customers (80% owned evenly by the reps, 20% in the
-- public pool), 1-3 contacts each (~2 per customer). Everything is derived from the row number
-- (hashes, and bijections where values must be unique), so two loads of the same size give the same
-- data (ids included); only the time stamps move with the load time.
--
-- Every customer has its own normalised company name (bench/names.sql: trade name + business word,
-- unique per row; region prefix and legal suffix vary on top), its own phone numbers and its contacts'
-- mobiles (bijections of the row number), credit code (a bijection with valid GB 11714 and GB 32100 check characters) and
-- e-mail domain, because the application refuses a second live customer with any of these keys. When
-- the schema has the conflict-key tables (migration V5: customer_key, customer_name,
-- customer_name_variant) they are filled as the application's Normalizer would.
\set ON_ERROR_STOP on
\if :{?schema}
\else
  \set schema crm_bench
\endif
\if :{?customers}
\else
  \set customers 1000000
\endif

SET search_path = :"schema", public;
SET synchronous_commit = off;
SET jit = off;
SET maintenance_work_mem = '1GB';
SET work_mem = '256MB';
SET max_parallel_maintenance_workers = 2;
\timing on

-- The load time; created_at values spread over the 3 years before it.
SELECT date_trunc('second', now()) AS anchor \gset

\ir names.sql
-- Deterministic uuid for a key.
CREATE FUNCTION pg_temp.uid(key text) RETURNS uuid
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT md5(key)::uuid $$;
-- A mobile: 1[3-9]x and nine digits that are an affine permutation of k (k < 10^9), so no two k share
-- one. Customers use k = 0 .. customers - 1, contacts k = customers + 3 * (row - 1) + (contact - 1):
-- a contact's mobile is a conflict key of its customer (issue 13), so it must be unique too.
CREATE FUNCTION pg_temp.customer_mobile(k bigint) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT '1' || (3 + pg_temp.h(k, 10) % 7)::text
                 || lpad(((k * 387420489 + 123456789) % 1000000000)::text, 9, '0') $$;
-- A customer's landline: area code, then 2-8 and seven digits that are a permutation of the row
-- number (k < 10^7): unique whatever the area code (no 4-digit area code extends a 3-digit one).
CREATE FUNCTION pg_temp.customer_landline(k bigint, area text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT area || '-' || (2 + pg_temp.h(k, 12) % 7)::text
                 || lpad(((k * 4782969 + 1234567) % 10000000)::text, 7, '0') $$;
-- A unified social credit code for row k (k < 10^8), valid as customer/CreditCode.java checks it:
-- 9 (registered by market regulation), 1 (company), the region's 6-digit division code, an
-- organisation code of 8 digits o (an affine permutation of k) with its GB 11714 check character
-- (0-9 or X), and the GB 32100 check character. All plain arithmetic (the functions inline), with
-- the weighted sum of '91' + division code precomputed per region (w_region.cc_sum).
-- GB 11714: 11 - (sum of o's digits weighted 3 7 9 10 5 8 4 2) mod 11; 10 is X, 11 is 0 (here 1..11).
CREATE FUNCTION pg_temp.org_check(o bigint) RETURNS int
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (11 - (o / 10000000 * 3 + o / 1000000 % 10 * 7 + o / 100000 % 10 * 9 + o / 10000 % 10 * 10
                        + o / 1000 % 10 * 5 + o / 100 % 10 * 8 + o / 10 % 10 * 4 + o % 10 * 2) % 11)::int $$;
-- The 17 characters' GB 32100 sum: prefix (chars 1-8), o's digits (9-16), the check character (17),
-- whose value is its index in 0123456789ABCDEFGHJKLMNPQRTUWXY (X = 29).
CREATE FUNCTION pg_temp.credit_code_of(o bigint, oc int, prefix text, prefix_sum int) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT prefix || lpad(o::text, 8, '0') || CASE oc WHEN 10 THEN 'X' WHEN 11 THEN '0' ELSE oc::text END
               || substr('0123456789ABCDEFGHJKLMNPQRTUWXY', 1 + (31 - (prefix_sum
                    + o / 10000000 * 20 + o / 1000000 % 10 * 29 + o / 100000 % 10 * 25 + o / 10000 % 10 * 13
                    + o / 1000 % 10 * 8 + o / 100 % 10 * 24 + o / 10 % 10 * 10 + o % 10 * 30
                    + CASE oc WHEN 10 THEN 29 WHEN 11 THEN 0 ELSE oc END * 28)::int % 31) % 31, 1) $$;


-- ---------------------------------------------------------------- word lists
-- w_region and w_biz come from names.sql. The credit-code prefix of each region: '91' and its
-- division code, with the GB 32100 weighted sum of these 8 characters (all digits).
ALTER TABLE w_region ADD COLUMN cc_prefix text, ADD COLUMN cc_sum int;
UPDATE w_region SET cc_prefix = '91' || division,
       cc_sum = (SELECT sum(substr('91' || division, p, 1)::int * (ARRAY[1, 3, 9, 27, 19, 26, 16, 17])[p])
                 FROM generate_series(1, 8) p);

-- Trade names (字号) and business words: row i's are unique (bench/names.sql). '新时代' is the bench's
-- name search term: it occurs in 0.5% of the names (新时代 + one character) and nowhere else.
CREATE TEMP TABLE cust_name AS SELECT i AS row_no, biz, zihao FROM pg_temp.trade_names(1, :customers::bigint, :customers::bigint);
ALTER TABLE cust_name ADD PRIMARY KEY (row_no);
ANALYZE cust_name;

CREATE TEMP TABLE w_tag (n int PRIMARY KEY, w text);
INSERT INTO w_tag SELECT row_number() OVER (), w FROM unnest(string_to_array(
  '重点客户,老客户,展会线索,转介绍,价格敏感,决策慢,有竞品,需要方案,预算充足,年底采购,上市公司,外资企业,'
  '国企,民营,高意向,已报价,试用中,需回访', ',')) w;

CREATE TEMP TABLE w_source (n int PRIMARY KEY, w text);
INSERT INTO w_source SELECT row_number() OVER (), w FROM unnest(string_to_array(
  '展会,转介绍,电话营销,官网,地推,老客户,广告投放,阿里巴巴,线下活动,合作伙伴', ',')) w;

CREATE TEMP TABLE w_road (n int PRIMARY KEY, w text);
INSERT INTO w_road SELECT row_number() OVER (), w FROM unnest(string_to_array(
  '人民路,解放路,中山路,建设路,文化路,和平路,新华路,长江路,黄河路,科技路,创业路,滨江大道,世纪大道,'
  '学院路,工业园路,迎宾大道,东方路,南京路,延安路,胜利路', ',')) w;

CREATE TEMP TABLE w_surname (n int PRIMARY KEY, w text);
INSERT INTO w_surname SELECT row_number() OVER (), w FROM unnest(string_to_array(
  '王,李,张,刘,陈,杨,黄,赵,吴,周,徐,孙,马,朱,胡,郭,何,高,林,罗,郑,梁,谢,宋,唐,许,韩,冯,邓,曹,彭,曾,肖,田,'
  '董,袁,潘,于,蒋,蔡,余,杜,叶,程,苏,魏,吕,丁,任,沈,姚,卢,姜,崔,钟,谭,陆,汪,范,金,石,廖,贾,夏,韦,付,方,'
  '白,邹,孟,熊,秦,邱,江,尹,薛,闫,段,雷,侯,龙,史,陶,黎,贺,顾,毛,郝,龚,邵,万,钱,严,覃,武,戴,莫,孔,向,汤,'
  '欧阳,上官,司马', ',')) w;

CREATE TEMP TABLE w_given (n int PRIMARY KEY, w text);
INSERT INTO w_given SELECT row_number() OVER (), w FROM unnest(string_to_array(
  '伟,芳,娜,敏,静,丽,强,磊,军,洋,勇,艳,杰,娟,涛,明,超,秀英,霞,平,刚,桂英,华,飞,鹏,辉,玲,婷,宇,浩,凯,健,'
  '俊,帆,帅,旭,宁,龙,林,欣,佳,雪,梅,琳,晨,斌,波,鑫,峰,建国,建华,志强,海燕,晓明,丽华,文,亮,子涵,雨桐,'
  '思远,一鸣,嘉怡,浩然,梓萱,俊杰,欣怡,志伟,丽娟,红梅', ',')) w;

-- Contact titles with their decision role (NULL: not assessed yet).
CREATE TEMP TABLE w_title (n int PRIMARY KEY, w text, role text);
INSERT INTO w_title SELECT row_number() OVER (), w, r FROM (VALUES
  ('总经理','DECISION_MAKER'),('董事长','DECISION_MAKER'),('副总经理','INFLUENCER'),('采购经理','INFLUENCER'),
  ('技术总监','INFLUENCER'),('财务经理','INFLUENCER'),('IT主管','USER'),('行政主管','USER'),('销售经理','USER'),
  ('市场部经理','INFLUENCER'),('前台','GATEKEEPER'),('总经理助理','GATEKEEPER'),('采购专员',NULL),('运营主管',NULL),
  ('生产厂长','INFLUENCER'),('人事经理',NULL)
) v(w, r);

SELECT (SELECT count(*) FROM w_region) AS n_region,
       (SELECT count(*) FROM w_biz) AS n_biz, (SELECT count(*) FROM w_tag) AS n_tag,
       (SELECT count(*) FROM w_source) AS n_source, (SELECT count(*) FROM w_road) AS n_road,
       (SELECT count(*) FROM w_surname) AS n_surname, (SELECT count(*) FROM w_given) AS n_given,
       (SELECT count(*) FROM w_title) AS n_title \gset

-- ---------------------------------------------------------------- organisation
-- company -> 4 regions -> 20 teams; managers are set once the users exist.
INSERT INTO team (id, name, parent_id, manager_id, active, version, created_at, created_by, updated_at, updated_by)
VALUES (pg_temp.uid('team:company'), '总公司', NULL, NULL, true, 0,
        :'anchor'::timestamptz - interval '3 years 30 days', 'admin', :'anchor'::timestamptz - interval '3 years 30 days', 'admin');
INSERT INTO team (id, name, parent_id, manager_id, active, version, created_at, created_by, updated_at, updated_by)
SELECT pg_temp.uid('region:' || r), (ARRAY['华东大区','华南大区','华北大区','中西部大区'])[r],
       pg_temp.uid('team:company'), NULL, true, 0,
       :'anchor'::timestamptz - interval '3 years 30 days', 'admin', :'anchor'::timestamptz - interval '3 years 30 days', 'admin'
FROM generate_series(1, 4) r;
INSERT INTO team (id, name, parent_id, manager_id, active, version, created_at, created_by, updated_at, updated_by)
SELECT pg_temp.uid('team:' || t),
       (ARRAY['杭州','宁波','南京','苏州','上海','广州','深圳','东莞','厦门','南宁',
              '北京','天津','济南','青岛','沈阳','武汉','长沙','成都','重庆','西安'])[t]
         || (ARRAY['一','二'])[1 + ((t - 1) % 2)] || '组',
       pg_temp.uid('region:' || (1 + (t - 1) / 5)), NULL, true, 0,
       :'anchor'::timestamptz - interval '3 years 20 days', 'admin', :'anchor'::timestamptz - interval '3 years 20 days', 'admin'
FROM generate_series(1, 20) t;

-- mgr01..mgr20 manage team 1..20; rep001..rep200 are spread evenly, 10 per team.
INSERT INTO app_user (id, login, display_name, team_id, active, version, created_at, created_by, updated_at, updated_by)
SELECT pg_temp.uid('user:mgr' || lpad(t::text, 2, '0')), 'mgr' || lpad(t::text, 2, '0'),
       s.w || g.w, pg_temp.uid('team:' || t), true, 0,
       :'anchor'::timestamptz - interval '3 years 10 days', 'admin', :'anchor'::timestamptz - interval '3 years 10 days', 'admin'
FROM generate_series(1, 20) t
JOIN w_surname s ON s.n = 1 + pg_temp.h(t, 901) % :n_surname
JOIN w_given g ON g.n = 1 + pg_temp.h(t, 902) % :n_given;
INSERT INTO app_user (id, login, display_name, team_id, active, version, created_at, created_by, updated_at, updated_by)
SELECT pg_temp.uid('user:rep' || lpad(r::text, 3, '0')), 'rep' || lpad(r::text, 3, '0'),
       s.w || g.w, pg_temp.uid('team:' || (1 + (r - 1) % 20)), true, 0,
       :'anchor'::timestamptz - interval '3 years 10 days', 'admin', :'anchor'::timestamptz - interval '3 years 10 days', 'admin'
FROM generate_series(1, 200) r
JOIN w_surname s ON s.n = 1 + pg_temp.h(r, 903) % :n_surname
JOIN w_given g ON g.n = 1 + pg_temp.h(r, 904) % :n_given;
UPDATE team SET manager_id = pg_temp.uid('user:mgr' || lpad(t::text, 2, '0'))
FROM generate_series(1, 20) t WHERE team.id = pg_temp.uid('team:' || t);

-- ---------------------------------------------------------------- bulk load
-- Secondary indexes of the bulk tables are dropped for the load and rebuilt afterwards (every
-- index a migration made, except those behind constraints), which is several times faster than
-- maintaining a trigram GIN index row by row.
CREATE TEMP TABLE saved_index AS
SELECT i.schemaname, i.indexname, i.indexdef
FROM pg_indexes i
WHERE i.schemaname = :'schema' AND i.tablename IN ('customer', 'contact')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                  WHERE k.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass);
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT * FROM saved_index LOOP
    EXECUTE format('DROP INDEX %I.%I', r.schemaname, r.indexname);
  END LOOP;
END $$;

-- customer.has_decision_maker (migration V32): does the customer have a live decision-maker contact?
-- The application keeps it with a trigger on contact; here it is derived with the contacts (the same
-- hashes as their INSERT below) in the customer row itself, the trigger is off for the contact load,
-- and a check after it proves every flag equals a recount of the contacts.
SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = :'schema'
               AND table_name = 'customer' AND column_name = 'has_decision_maker') AS has_dm_flag \gset
\if :has_dm_flag
  \set dm_column ', has_decision_maker'
  \set dm_value ', x.has_dm'
\else
  \set dm_column ''
  \set dm_value ''
\endif

-- The reports' stock counts (migration V40: live customers per owner and expected date) are recorded by
-- a row trigger on customer: off for the load (a change row per loaded customer), the totals are counted
-- from the loaded rows below instead.
SELECT to_regproc('customer_stock_recount') IS NOT NULL AS has_stock \gset
-- The claim cap's held counts (V44) likewise: a statement trigger, off for the load, recounted after it.
SELECT to_regproc('customer_held_recount') IS NOT NULL AS has_held \gset
ALTER TABLE customer DISABLE TRIGGER USER;

-- One row of derived numbers per customer, then the customer row from it.
INSERT INTO customer (id, name, credit_code, phones, emails, website, industry, company_size, province,
                      city, address, source, status, expected_sign_date, tags, notes, owner_id,
                      claimed_at, protected_until,
                      archived, search_text, version, created_at, created_by, updated_at, updated_by :dm_column)
SELECT x.id, x.name, x.credit_code, x.phones, x.emails, x.website, x.industry, x.company_size,
       x.province, x.city, x.address, x.source, x.status, x.expected_sign_date, x.tags, x.notes,
       x.owner_id,
       -- owned since creation; protection ends 1-30 days after the load (as V6 gives customers
       -- owned before claims existed a fresh period), so no recall run empties the books at once
       CASE WHEN x.owner_id IS NOT NULL THEN x.created_at END,
       CASE WHEN x.owner_id IS NOT NULL THEN :'anchor'::timestamptz + (1 + x.protect_days) * interval '1 day' END,
       false,
       lower(x.name) || ' ' || array_to_string(ARRAY(SELECT regexp_replace(p, '[^0-9]', '', 'g')
                                                     FROM unnest(x.phones) p), ' '),
       0, x.created_at, x.creator, x.created_at, x.creator :dm_value
FROM (
  SELECT pg_temp.uid('customer:' || i) AS id,
         -- region prefix: none / 杭州 / 杭州市 / 浙江省杭州市 (municipalities: 北京 / 北京市)
         CASE pg_temp.h(i, 2) % 10
           WHEN 0 THEN ''
           WHEN 1 THEN ''
           WHEN 2 THEN rg.city
           WHEN 3 THEN rg.city
           WHEN 4 THEN rg.city
           WHEN 5 THEN rg.city || '市'
           WHEN 6 THEN rg.city || '市'
           WHEN 7 THEN rg.city || '市'
           ELSE CASE WHEN rg.province = rg.city || '市' THEN rg.province ELSE rg.province || rg.city || '市' END
         END
         || tn.zihao || bz.w
         || CASE WHEN pg_temp.h(i, 5) % 20 < 13 THEN '有限公司'
                 WHEN pg_temp.h(i, 5) % 20 < 16 THEN '有限责任公司'
                 WHEN pg_temp.h(i, 5) % 20 < 19 THEN '股份有限公司'
                 ELSE '集团有限公司' END AS name,
         CASE WHEN pg_temp.h(i, 6) % 10 = 0 THEN NULL
              ELSE pg_temp.credit_code_of(og.o, og.oc, rg.cc_prefix, rg.cc_sum) END AS credit_code,
         CASE WHEN pg_temp.h(i, 8) % 3 = 0
              THEN ARRAY[pg_temp.customer_mobile(i - 1), pg_temp.customer_landline(i - 1, rg.area)]
              WHEN pg_temp.h(i, 8) % 3 = 1
              THEN ARRAY[pg_temp.customer_landline(i - 1, rg.area)]
              ELSE ARRAY[pg_temp.customer_mobile(i - 1)] END AS phones,
         CASE WHEN pg_temp.h(i, 14) % 10 < 3 THEN ARRAY['info@c' || i || '.com.cn']
              ELSE '{}'::text[] END AS emails,
         CASE WHEN pg_temp.h(i, 14) % 10 < 2 THEN 'https://www.c' || i || '.com.cn' END AS website,
         bz.industry,
         (ARRAY['MICRO','SMALL','SMALL','SMALL','MEDIUM','MEDIUM','LARGE','ENTERPRISE', NULL, NULL])
           [1 + pg_temp.h(i, 15) % 10] AS company_size,
         rg.province,
         rg.city || '市' AS city,
         rg.province || rg.city || '市' || rd.w || (1 + pg_temp.h(i, 17) % 999) || '号' AS address,
         src.w AS source,
         st.status,
         CASE WHEN st.status IN ('LEAD', 'PROSPECT') AND pg_temp.h(i, 18) % 2 = 0
              THEN (:'anchor'::timestamptz)::date + (pg_temp.h(i, 19) % 180)::int - 20 END AS expected_sign_date,
         CASE pg_temp.h(i, 20) % 4
           WHEN 0 THEN '{}'::text[]
           WHEN 1 THEN ARRAY[t1.w]
           WHEN 2 THEN ARRAY[t1.w]
           ELSE CASE WHEN t1.w = t2.w THEN ARRAY[t1.w] ELSE ARRAY[t1.w, t2.w] END END AS tags,
         CASE WHEN pg_temp.h(i, 23) % 5 = 0 THEN '客户规模约' || (10 + pg_temp.h(i, 24) % 990) || '人，'
              || '关注价格和交付周期，下次带方案上门。' END AS notes,
         o.owner_id,
         pg_temp.h(i, 41) % 30 AS protect_days,
         :'anchor'::timestamptz - (pg_temp.h(i, 25) % (3::bigint * 365 * 86400 * 1000000)) * interval '1 microsecond'
           AS created_at,
         'rep' || lpad((1 + coalesce(o.rep, pg_temp.h(i, 26) % 200))::text, 3, '0') AS creator,
         -- a contact below whose title decides (contacts are loaded live, decision_maker = the role's)
         EXISTS (SELECT 1 FROM generate_series(1, 1 + (pg_temp.h(i, 30) % 3)::int) k
                 JOIN w_title ti ON ti.n = 1 + pg_temp.h(i * 4 + k, 33) % :n_title
                 WHERE ti.role = 'DECISION_MAKER') AS has_dm
  FROM generate_series(1, :customers::bigint) i
  CROSS JOIN LATERAL (SELECT CASE WHEN pg_temp.h(i, 1) % 10 < 8 THEN i % 200 END AS rep) r0
  CROSS JOIN LATERAL (SELECT r0.rep,
                             CASE WHEN r0.rep IS NOT NULL
                                  THEN pg_temp.uid('user:rep' || lpad((1 + r0.rep)::text, 3, '0')) END AS owner_id) o
  CROSS JOIN LATERAL (SELECT CASE WHEN pg_temp.h(i, 27) % 100 < 50 THEN 'LEAD'
                                  WHEN pg_temp.h(i, 27) % 100 < 80 THEN 'PROSPECT'
                                  WHEN pg_temp.h(i, 27) % 100 < 92 THEN 'SIGNED'
                                  ELSE 'LOST' END AS status) st
  -- the organisation code of the credit code and its check digit (OFFSET 0 keeps them computed once)
  CROSS JOIN LATERAL (SELECT o, pg_temp.org_check(o) AS oc
                      FROM (SELECT ((i - 1) * 43046721 + 7654321) % 100000000 AS o) o0 OFFSET 0) og
  JOIN w_region rg ON rg.n = 1 + pg_temp.h(i, 3) % :n_region
  JOIN cust_name tn ON tn.row_no = i
  JOIN w_biz bz ON bz.n = tn.biz
  JOIN w_road rd ON rd.n = 1 + pg_temp.h(i, 16) % :n_road
  JOIN w_source src ON src.n = 1 + pg_temp.h(i, 28) % :n_source
  JOIN w_tag t1 ON t1.n = 1 + pg_temp.h(i, 21) % :n_tag
  JOIN w_tag t2 ON t2.n = 1 + pg_temp.h(i, 22) % :n_tag
) x;

ALTER TABLE customer ENABLE TRIGGER USER;
\if :has_stock
SELECT customer_stock_recount();
\endif
\if :has_held
SELECT customer_held_recount();
\endif

-- 1-3 contacts per customer (2 on average), each created some days after its customer. The contact
-- triggers (V32's decision-maker flag, set above already) are off for the load.
ALTER TABLE contact DISABLE TRIGGER USER;
INSERT INTO contact (id, customer_id, name, title, phones, email, messaging_id, decision_role,
                     decision_maker, archived, version, created_at, created_by, updated_at, updated_by)
SELECT pg_temp.uid('contact:' || c.i || ':' || k),
       c.id,
       sn.w || gv.w,
       CASE WHEN pg_temp.h(c.i * 4 + k, 34) % 10 = 0 THEN NULL ELSE ti.w END,
       CASE WHEN pg_temp.h(c.i * 4 + k, 35) % 5 = 0 THEN '{}'::text[]
            ELSE ARRAY[pg_temp.customer_mobile(:customers::bigint + 3 * (c.i - 1) + (k - 1))] END,
       CASE WHEN pg_temp.h(c.i * 4 + k, 38) % 2 = 0 THEN 'p' || k || '@c' || c.i || '.com.cn' END,
       CASE WHEN pg_temp.h(c.i * 4 + k, 39) % 3 = 0 THEN 'wx_' || substr(md5('wx:' || c.i || ':' || k), 1, 10) END,
       ti.role,
       coalesce(ti.role = 'DECISION_MAKER', false),
       false, 0,
       least(:'anchor'::timestamptz, c.created_at + (pg_temp.h(c.i * 4 + k, 40) % (20::bigint * 86400)) * interval '1 second'),
       c.creator,
       least(:'anchor'::timestamptz, c.created_at + (pg_temp.h(c.i * 4 + k, 40) % (20::bigint * 86400)) * interval '1 second'),
       c.creator
FROM (
  SELECT i, pg_temp.uid('customer:' || i) AS id,
         :'anchor'::timestamptz - (pg_temp.h(i, 25) % (3::bigint * 365 * 86400 * 1000000)) * interval '1 microsecond'
           AS created_at,
         'rep' || lpad((1 + CASE WHEN pg_temp.h(i, 1) % 10 < 8 THEN i % 200 ELSE pg_temp.h(i, 26) % 200 END)::text, 3, '0')
           AS creator
  FROM generate_series(1, :customers::bigint) i
) c
CROSS JOIN LATERAL generate_series(1, 1 + (pg_temp.h(c.i, 30) % 3)::int) k
JOIN w_surname sn ON sn.n = 1 + pg_temp.h(c.i * 4 + k, 31) % :n_surname
JOIN w_given gv ON gv.n = 1 + pg_temp.h(c.i * 4 + k, 32) % :n_given
JOIN w_title ti ON ti.n = 1 + pg_temp.h(c.i * 4 + k, 33) % :n_title;

ALTER TABLE contact ENABLE TRIGGER USER;
\if :has_dm_flag
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM customer c
             WHERE c.has_decision_maker IS DISTINCT FROM (c.id IN (
                 SELECT k.customer_id FROM contact k
                 WHERE NOT k.archived AND (k.decision_maker OR k.decision_role = 'DECISION_MAKER')))) THEN
    RAISE EXCEPTION 'customer.has_decision_maker disagrees with the loaded contacts';
  END IF;
END $$;
\endif

-- The change feed's log and the ownership log, as the application writes them with every change:
-- the loaded records are one initial sync's worth of changes.
INSERT INTO sync_change (entity_type, entity_id, customer_id)
SELECT 'CUSTOMER', id, id FROM customer ORDER BY created_at, id;
INSERT INTO sync_change (entity_type, entity_id, customer_id)
SELECT 'CONTACT', id, customer_id FROM contact ORDER BY created_at, id;
INSERT INTO customer_owner_change (customer_id, old_owner_key, new_owner_key, actor, at, kind)
SELECT id, NULL, owner_key, created_by, created_at, 'CREATE' FROM customer;

-- ---------------------------------------------------------------- conflict keys (migration V5)
-- The application keeps three tables of derived keys of every live customer (conflict/ConflictService
-- with conflict/Normalizer): customer_key (kind, value) unique, customer_name (the normalised name,
-- trigram-indexed) and customer_name_variant (the name and its one-deletion variants). Filled here as
-- the Normalizer would fill them, for the values this load writes:
--   NAME         lower(trade name) || business word: NFKC changes nothing here, lower() only touches
--                the ASCII trade names, the legal suffix and the leading region are what the
--                Normalizer strips, and no trade name starts with one of its regions (names.sql); of
--                all the characters the load writes, only 乾 is in the Normalizer's Traditional-to-
--                Simplified table (ICU maps it to 干, as in 乾燥), so it is translated here
--   CREDIT_CODE  the code (upper case already)
--   PHONE        the digits: 11-digit mobiles, landlines with the area code's leading 0; also the
--                mobiles of the customer's live contacts (every contact phone here is a mobile)
--   DOMAIN       the e-mail domain and the website host without www. (c<i>.com.cn, once: a registrable domain of its own)
--   variants     customer_name_variants(core_name), the migration's own function
-- Every key is unique by construction; the primary keys, restored after the insert, prove it. Their
-- constraints and indexes are dropped for the insert and restored after it (foreign keys checked in one
-- join each). bench/KeyCheck.java compares all of it with the real Normalizer (bench/conflict.sh).
SELECT to_regclass('customer_key') IS NOT NULL AND to_regclass('customer_name') IS NOT NULL
       AND to_regclass('customer_name_variant') IS NOT NULL AS has_conflict_keys \gset
\if :has_conflict_keys
CREATE TEMP TABLE saved_key_constraint AS
SELECT k.conrelid::regclass::text AS tbl, k.conname, pg_get_constraintdef(k.oid) AS def, k.contype
FROM pg_constraint k
WHERE k.conrelid IN ('customer_key'::regclass, 'customer_name'::regclass, 'customer_name_variant'::regclass)
  AND k.contype IN ('p', 'u', 'f');
CREATE TEMP TABLE saved_key_index AS
SELECT i.schemaname, i.indexname, i.indexdef
FROM pg_indexes i
WHERE i.schemaname = :'schema' AND i.tablename IN ('customer_key', 'customer_name', 'customer_name_variant')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                  WHERE k.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass);
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT * FROM saved_key_constraint ORDER BY contype <> 'f' LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
  END LOOP;
  FOR r IN SELECT * FROM saved_key_index LOOP
    EXECUTE format('DROP INDEX %I.%I', r.schemaname, r.indexname);
  END LOOP;
END $$;

INSERT INTO customer_name (customer_id, core_name)
SELECT pg_temp.uid('customer:' || tn.row_no), translate(lower(tn.zihao), '乾', '干') || bz.w
FROM cust_name tn JOIN w_biz bz ON bz.n = tn.biz;

INSERT INTO customer_key (kind, value, customer_id)
SELECT 'NAME', n.core_name, n.customer_id FROM customer_name n
UNION ALL
SELECT 'CREDIT_CODE', upper(btrim(c.credit_code)), c.id FROM customer c WHERE c.credit_code IS NOT NULL AND NOT c.archived
UNION ALL
SELECT 'PHONE', ph.digits, ph.id FROM (
  SELECT regexp_replace(p, '[^0-9]', '', 'g') AS digits, c.id FROM customer c, unnest(c.phones) p WHERE NOT c.archived
  UNION
  SELECT regexp_replace(p, '[^0-9]', '', 'g'), c.id FROM customer c JOIN contact k ON k.customer_id = c.id, unnest(k.phones) p
  WHERE NOT c.archived AND NOT k.archived AND k.erased_at IS NULL
) ph
UNION ALL
SELECT 'DOMAIN', d.domain, d.id FROM (
  SELECT c.id, lower(split_part(e, '@', 2)) AS domain FROM customer c, unnest(c.emails) e WHERE NOT c.archived
  UNION
  SELECT c.id, regexp_replace(lower(c.website), '^[a-z]+://(www\.)?([^/:?#]+).*$', '\2') FROM customer c
  WHERE c.website IS NOT NULL AND NOT c.archived
) d;

-- Since V35 each variant row carries its normalised name.
SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = :'schema'
               AND table_name = 'customer_name_variant' AND column_name = 'core_name') AS variant_has_name \gset
\if :variant_has_name
INSERT INTO customer_name_variant (variant, customer_id, core_name)
SELECT v, n.customer_id, n.core_name FROM customer_name n, customer_name_variants(n.core_name) AS v;
\else
INSERT INTO customer_name_variant (variant, customer_id)
SELECT v, n.customer_id FROM customer_name n, customer_name_variants(n.core_name) AS v;
\endif

DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT * FROM saved_key_constraint WHERE contype <> 'f' LOOP
    RAISE NOTICE 'adding %', r.conname;
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl, r.conname, r.def);
  END LOOP;
  FOR r IN SELECT * FROM saved_key_index LOOP
    RAISE NOTICE 'building %', r.indexname;
    EXECUTE r.indexdef;
  END LOOP;
  FOR r IN SELECT * FROM saved_key_constraint WHERE contype = 'f' LOOP
    RAISE NOTICE 'adding %', r.conname;
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl, r.conname, r.def);
  END LOOP;
END $$;
\endif

-- Rebuild the dropped indexes.
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT * FROM saved_index LOOP
    RAISE NOTICE 'building %', r.indexname;
    EXECUTE r.indexdef;
  END LOOP;
END $$;

-- The similar-name lookup's hint of common trigrams (V45) was counted by the migration over no names, and
-- CommonTrigramsJob would not count again for hours: an empty hint makes every check probe common trigrams
-- alone (58 ms of database CPU per check instead of ~1). Count the loaded names now, as the job would.
SELECT to_regproc('conflict_common_trigrams_refresh') IS NOT NULL AS has_common_trigrams \gset
\if :has_common_trigrams
SELECT conflict_common_trigrams_refresh(interval '0') AS common_trigrams;
\endif

\timing off
VACUUM ANALYZE;
SELECT (SELECT count(*) FROM team) AS teams, (SELECT count(*) FROM app_user) AS users,
       (SELECT count(*) FROM customer) AS customers,
       (SELECT count(*) FROM customer WHERE owner_id IS NULL) AS pool,
       (SELECT count(*) FROM contact) AS contacts,
       (SELECT count(DISTINCT lower(t.zihao) || b.w) FROM cust_name t JOIN w_biz b ON b.n = t.biz) AS distinct_core_names,
       pg_size_pretty(pg_total_relation_size('customer')) AS customer_size,
       pg_size_pretty(pg_total_relation_size('contact')) AS contact_size;
\if :has_conflict_keys
SELECT kind, count(*) FROM customer_key GROUP BY kind ORDER BY kind;
SELECT (SELECT count(*) FROM customer_name) AS names, (SELECT count(*) FROM customer_name_variant) AS name_variants,
       pg_size_pretty(pg_total_relation_size('customer_key')) AS key_size,
       pg_size_pretty(pg_total_relation_size('customer_name')) AS name_size,
       pg_size_pretty(pg_total_relation_size('customer_name_variant')) AS variant_size;
\endif
