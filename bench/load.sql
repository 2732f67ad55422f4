-- Bench data set, loaded straight into the migrated schema with SQL (never through the API).
--
--   psql -v ON_ERROR_STOP=1 -v schema=crm_bench -v customers=1000000 -f bench/load.sql
--
-- Expects an empty schema on which every migration has been applied (bench/run.sh does that).
-- Loads: 1 company team -> 4 regions -> 20 teams (each with a manager mgr01..mgr20), 200 reps
-- rep001..rep200 (10 per team), :customers customers (80% owned evenly by the reps, 20% in the
-- public pool), 1-3 contacts each (~2 per customer). Everything is derived from hashes of the row
-- number, so two loads of the same size give the same data (ids included); only the time stamps
-- move with the load time.
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
SET maintenance_work_mem = '1GB';
SET work_mem = '256MB';
SET max_parallel_maintenance_workers = 2;
\timing on

-- The load time; created_at values spread over the 3 years before it.
SELECT date_trunc('second', now()) AS anchor \gset

-- Non-negative 62-bit hash of (row number, salt): deterministic "random" numbers.
CREATE FUNCTION pg_temp.h(i bigint, salt bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT hashint8extended(i, salt) & 4611686018427387903 $$;
-- Deterministic uuid for a key.
CREATE FUNCTION pg_temp.uid(key text) RETURNS uuid
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT md5(key)::uuid $$;
-- A 1[3-9]x mobile number of 11 digits.
CREATE FUNCTION pg_temp.mobile(i bigint, salt bigint) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT '1' || (3 + pg_temp.h(i, salt) % 7)::text
                 || lpad((pg_temp.h(i, salt + 1) % 1000000000)::text, 9, '0') $$;

-- ---------------------------------------------------------------- word lists
-- Regions: province, city, telephone area code. Municipalities have province = city.
CREATE TEMP TABLE w_region (n int PRIMARY KEY, province text, city text, area text);
INSERT INTO w_region
SELECT row_number() OVER (), p, c, a FROM (VALUES
  ('浙江省','杭州','0571'),('浙江省','宁波','0574'),('浙江省','温州','0577'),('浙江省','绍兴','0575'),
  ('浙江省','金华','0579'),('浙江省','嘉兴','0573'),('浙江省','台州','0576'),('江苏省','南京','025'),
  ('江苏省','苏州','0512'),('江苏省','无锡','0510'),('江苏省','常州','0519'),('江苏省','南通','0513'),
  ('上海市','上海','021'),('安徽省','合肥','0551'),('福建省','福州','0591'),('福建省','厦门','0592'),
  ('福建省','泉州','0595'),('广东省','广州','020'),('广东省','深圳','0755'),('广东省','东莞','0769'),
  ('广东省','佛山','0757'),('广东省','珠海','0756'),('广西壮族自治区','南宁','0771'),('海南省','海口','0898'),
  ('北京市','北京','010'),('天津市','天津','022'),('河北省','石家庄','0311'),('山东省','济南','0531'),
  ('山东省','青岛','0532'),('山东省','烟台','0535'),('辽宁省','沈阳','024'),('辽宁省','大连','0411'),
  ('河南省','郑州','0371'),('湖北省','武汉','027'),('湖南省','长沙','0731'),('四川省','成都','028'),
  ('重庆市','重庆','023'),('陕西省','西安','029'),('云南省','昆明','0871'),('江西省','南昌','0791')
) v(p, c, a);

-- Trade names (字号), 2-4 characters. '新时代' is the bench's name search term: it occurs in no
-- other word, so it matches about 1/len of all names.
CREATE TEMP TABLE w_word (n int PRIMARY KEY, w text);
INSERT INTO w_word
SELECT row_number() OVER (), w FROM unnest(string_to_array(
  '鑫源,华瑞,恒达,宏远,金鼎,天成,伟业,中联,博远,卓越,远航,嘉禾,瑞丰,永泰,兴业,盛世,海纳,百川,腾飞,鸿运,'
  '新宇,明辉,长青,德润,通达,汇通,万家,安泰,信达,佳禾,福瑞,金诚,聚力,睿智,云图,星河,蓝海,智远,华强,昌盛,'
  '顺发,光明,正泰,天元,宏图,锦程,和信,立信,力拓,合力,恒信,鼎盛,世纪,新时代,东升,启航,凯达,宝丰,银河,金桥,'
  '华夏,同创,众诚,康达,美联,优品,精工,诺亚,万通,晨光,青松,九州,四海,天宇,中恒,海天,润泽,嘉信,永康,泰和,'
  '隆基,益丰,宏达,兴隆,国泰,友邦,大成,万象,瑞祥,金阳,鑫达,荣盛,博雅,思源,致远,鼎新,恒通,华信,天诚,众邦,'
  '凯旋,中天,金辉,翔宇,春晖,亿达,华腾,鸿基,景泰,鹏程,雅居,绿源,清风,新亚,远大,宏发,东海,南洋,北辰,西子,'
  '钱塘,之江,运河,太湖,紫金,珠江,岭南,齐鲁,巴蜀,楚天,闽江,星辰,卓远,领航,尚品,优创,智联,数联,云帆,云鼎,'
  '联创,网聚,易达,速通,乐享,安居,佳美,品诚,精诚,创达,汇智,慧通,融通,博通,金石,玉龙,天马,飞龙,腾龙,瑞龙,'
  '金凤,麒麟,华晨,永盛,昌达,利民,惠民,富民,兴农,丰收,沃土,山河,同心,三和,五洲,六和,七星,八方,千禧,万福,'
  '金太阳,大自然,好日子,欣欣向荣,蒸蒸日上,红蜻蜓,小天鹅,绿叶子,一帆风顺,恒久远,金百合,银杏树,长风破浪,新希望,老字号',
  ',')) w;

-- Business words with the industry they imply.
CREATE TEMP TABLE w_biz (n int PRIMARY KEY, w text, industry text);
INSERT INTO w_biz
SELECT row_number() OVER (), w, i FROM (VALUES
  ('科技','信息技术'),('信息技术','信息技术'),('软件','信息技术'),('网络科技','互联网'),('电子商务','互联网'),
  ('贸易','批发零售'),('商贸','批发零售'),('进出口','批发零售'),('机械','制造业'),('机械设备','制造业'),
  ('电子','制造业'),('电气','制造业'),('新材料','制造业'),('化工','化工'),('纺织','纺织服装'),
  ('服饰','纺织服装'),('食品','食品饮料'),('餐饮管理','餐饮'),('建筑工程','建筑'),('装饰工程','建筑'),
  ('房地产开发','房地产'),('物流','交通物流'),('供应链管理','交通物流'),('医疗器械','医疗健康'),
  ('生物科技','医疗健康'),('教育科技','教育'),('文化传媒','文化传媒'),('广告','文化传媒'),('环保科技','环保'),
  ('新能源','能源'),('汽车配件','汽车'),('家居','家居建材'),('建材','家居建材'),('农业开发','农业'),
  ('咨询','商务服务'),('人力资源','商务服务'),('企业管理','商务服务'),('酒店管理','住宿餐饮')
) v(w, i);

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

SELECT (SELECT count(*) FROM w_region) AS n_region, (SELECT count(*) FROM w_word) AS n_word,
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

-- One row of derived numbers per customer, then the customer row from it.
INSERT INTO customer (id, name, credit_code, phones, emails, website, industry, company_size, province,
                      city, address, source, status, expected_sign_date, tags, notes, owner_id,
                      archived, search_text, version, created_at, created_by, updated_at, updated_by)
SELECT x.id, x.name, x.credit_code, x.phones, x.emails, x.website, x.industry, x.company_size,
       x.province, x.city, x.address, x.source, x.status, x.expected_sign_date, x.tags, x.notes,
       x.owner_id, false,
       lower(x.name) || ' ' || array_to_string(ARRAY(SELECT regexp_replace(p, '[^0-9]', '', 'g')
                                                     FROM unnest(x.phones) p), ' '),
       0, x.created_at, x.creator, x.created_at, x.creator
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
         || wd.w || bz.w
         || CASE WHEN pg_temp.h(i, 5) % 20 < 13 THEN '有限公司'
                 WHEN pg_temp.h(i, 5) % 20 < 16 THEN '有限责任公司'
                 WHEN pg_temp.h(i, 5) % 20 < 19 THEN '股份有限公司'
                 ELSE '集团有限公司' END AS name,
         CASE WHEN pg_temp.h(i, 6) % 10 = 0 THEN NULL
              ELSE '91' || lpad((pg_temp.h(i, 7) % 1000000)::text, 6, '0')
                   || upper(substr(md5('credit:' || i), 1, 10)) END AS credit_code,
         CASE WHEN pg_temp.h(i, 8) % 3 = 0
              THEN ARRAY[pg_temp.mobile(i, 10),
                         rg.area || '-' || (2 + pg_temp.h(i, 12) % 7)::text
                           || lpad((pg_temp.h(i, 13) % 10000000)::text, 7, '0')]
              WHEN pg_temp.h(i, 8) % 3 = 1
              THEN ARRAY[rg.area || '-' || (2 + pg_temp.h(i, 12) % 7)::text
                           || lpad((pg_temp.h(i, 13) % 10000000)::text, 7, '0')]
              ELSE ARRAY[pg_temp.mobile(i, 10)] END AS phones,
         CASE WHEN pg_temp.h(i, 14) % 10 < 3 THEN ARRAY['info@c' || i || '.example.cn']
              ELSE '{}'::text[] END AS emails,
         CASE WHEN pg_temp.h(i, 14) % 10 < 2 THEN 'https://www.c' || i || '.example.cn' END AS website,
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
         :'anchor'::timestamptz - (pg_temp.h(i, 25) % (3::bigint * 365 * 86400 * 1000000)) * interval '1 microsecond'
           AS created_at,
         'rep' || lpad((1 + coalesce(o.rep, pg_temp.h(i, 26) % 200))::text, 3, '0') AS creator
  FROM generate_series(1, :customers::bigint) i
  CROSS JOIN LATERAL (SELECT CASE WHEN pg_temp.h(i, 1) % 10 < 8 THEN i % 200 END AS rep) r0
  CROSS JOIN LATERAL (SELECT r0.rep,
                             CASE WHEN r0.rep IS NOT NULL
                                  THEN pg_temp.uid('user:rep' || lpad((1 + r0.rep)::text, 3, '0')) END AS owner_id) o
  CROSS JOIN LATERAL (SELECT CASE WHEN pg_temp.h(i, 27) % 100 < 50 THEN 'LEAD'
                                  WHEN pg_temp.h(i, 27) % 100 < 80 THEN 'PROSPECT'
                                  WHEN pg_temp.h(i, 27) % 100 < 92 THEN 'SIGNED'
                                  ELSE 'LOST' END AS status) st
  JOIN w_region rg ON rg.n = 1 + pg_temp.h(i, 3) % :n_region
  JOIN w_word wd ON wd.n = 1 + pg_temp.h(i, 4) % :n_word
  JOIN w_biz bz ON bz.n = 1 + pg_temp.h(i, 9) % :n_biz
  JOIN w_road rd ON rd.n = 1 + pg_temp.h(i, 16) % :n_road
  JOIN w_source src ON src.n = 1 + pg_temp.h(i, 28) % :n_source
  JOIN w_tag t1 ON t1.n = 1 + pg_temp.h(i, 21) % :n_tag
  JOIN w_tag t2 ON t2.n = 1 + pg_temp.h(i, 22) % :n_tag
) x;

-- 1-3 contacts per customer (2 on average), each created some days after its customer.
INSERT INTO contact (id, customer_id, name, title, phones, email, messaging_id, decision_role,
                     decision_maker, archived, version, created_at, created_by, updated_at, updated_by)
SELECT pg_temp.uid('contact:' || c.i || ':' || k),
       c.id,
       sn.w || gv.w,
       CASE WHEN pg_temp.h(c.i * 4 + k, 34) % 10 = 0 THEN NULL ELSE ti.w END,
       CASE WHEN pg_temp.h(c.i * 4 + k, 35) % 5 = 0 THEN '{}'::text[]
            ELSE ARRAY[pg_temp.mobile(c.i * 4 + k, 36)] END,
       CASE WHEN pg_temp.h(c.i * 4 + k, 38) % 2 = 0 THEN 'p' || k || '@c' || c.i || '.example.cn' END,
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

-- The change feed's log and the ownership log, as the application writes them with every change:
-- the loaded records are one initial sync's worth of changes.
INSERT INTO sync_change (entity_type, entity_id, customer_id)
SELECT 'CUSTOMER', id, id FROM customer ORDER BY created_at, id;
INSERT INTO sync_change (entity_type, entity_id, customer_id)
SELECT 'CONTACT', id, customer_id FROM contact ORDER BY created_at, id;
INSERT INTO customer_owner_change (customer_id, old_owner_key, new_owner_key, actor, at)
SELECT id, NULL, owner_key, created_by, created_at FROM customer;

-- Rebuild the dropped indexes.
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT * FROM saved_index LOOP
    RAISE NOTICE 'building %', r.indexname;
    EXECUTE r.indexdef;
  END LOOP;
END $$;

\timing off
VACUUM ANALYZE;
SELECT (SELECT count(*) FROM team) AS teams, (SELECT count(*) FROM app_user) AS users,
       (SELECT count(*) FROM customer) AS customers,
       (SELECT count(*) FROM customer WHERE owner_id IS NULL) AS pool,
       (SELECT count(*) FROM contact) AS contacts,
       pg_size_pretty(pg_total_relation_size('customer')) AS customer_size,
       pg_size_pretty(pg_total_relation_size('contact')) AS contact_size;
