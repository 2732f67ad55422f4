-- Company-name generator shared by bench/load.sql and bench/conflict-probes.sql (included with \ir).
--
-- Defines, in pg_temp (this session only):
--   pg_temp.h(i, salt)          non-negative 62-bit hash: deterministic "random" numbers
--   w_region                    40 regions: province, city, telephone area code, division code
--   w_biz                       38 business words with the industry they imply
--   w_char                      257 common trade-name characters (字号用字), none of them in a business
--                               word, a legal suffix, 时/代 or a region ending (州 市 省 区 县)
--   w_alt                       75 characters in neither w_char nor a business word: names made of
--                               them are unrelated to every loaded one (the conflict probes' controls)
--   w_norm_region               the regions the application's Normalizer strips from the start of a
--                               name (conflict/Normalizer.java: PROVINCES and CITIES)
--   w_w2                        every ordered pair of different w_char characters that is not the
--                               start of such a region (~65,700), so no generated name loses its
--                               first characters to the Normalizer
--   pg_temp.trade_names(first, last, total)
--                               (i, biz, zihao) for rows first..last of a data set of `total`
--                               customers: row i gets business word biz = 1 + (i-1) % 38 and a trade
--                               name (字号) that no other row of that business word has, so the
--                               normalised name lower(zihao) || business word is unique. Rows past
--                               `total` continue the same sequence (names no loaded customer has).
--
-- Trade names: within each business word the rows are numbered j = (i-1) / 38 (J = total/38 of them)
-- and j falls in one of four segments, each a bijection (an affine permutation v = (j*a + b*c) mod M,
-- gcd(a, M) = 1) onto its own name space, so every row gets a different name and neighbouring rows
-- look unrelated:
--   0.5% '新时代' + one w_char character        (M = 257; the bench's search term 新时代 lives here only)
--   3%   three ASCII capitals/digits, K8T, 360 (M = 36^3; lower-cased by the Normalizer)
--   38%  two w_char characters from w_w2       (M = ~65,700, ~15% of the space used at 1M customers)
--   rest three characters: a w_w2 pair + w_char (M = ~16.9 million)
\if :{?names_loaded}
\else
\set names_loaded 1

CREATE OR REPLACE FUNCTION pg_temp.h(i bigint, salt bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT hashint8extended(i, salt) & 4611686018427387903 $$;

-- Regions: province, city, telephone area code, administrative division code (for credit codes).
-- Municipalities have province = city + 市.
CREATE TEMP TABLE w_region (n int PRIMARY KEY, province text, city text, area text, division text);
INSERT INTO w_region
SELECT row_number() OVER (), p, c, a, d FROM (VALUES
  ('浙江省','杭州','0571','330100'),('浙江省','宁波','0574','330200'),('浙江省','温州','0577','330300'),
  ('浙江省','绍兴','0575','330600'),('浙江省','金华','0579','330700'),('浙江省','嘉兴','0573','330400'),
  ('浙江省','台州','0576','331000'),('江苏省','南京','025','320100'),('江苏省','苏州','0512','320500'),
  ('江苏省','无锡','0510','320200'),('江苏省','常州','0519','320400'),('江苏省','南通','0513','320600'),
  ('上海市','上海','021','310100'),('安徽省','合肥','0551','340100'),('福建省','福州','0591','350100'),
  ('福建省','厦门','0592','350200'),('福建省','泉州','0595','350500'),('广东省','广州','020','440100'),
  ('广东省','深圳','0755','440300'),('广东省','东莞','0769','441900'),('广东省','佛山','0757','440600'),
  ('广东省','珠海','0756','440400'),('广西壮族自治区','南宁','0771','450100'),('海南省','海口','0898','460100'),
  ('北京市','北京','010','110100'),('天津市','天津','022','120100'),('河北省','石家庄','0311','130100'),
  ('山东省','济南','0531','370100'),('山东省','青岛','0532','370200'),('山东省','烟台','0535','370600'),
  ('辽宁省','沈阳','024','210100'),('辽宁省','大连','0411','210200'),('河南省','郑州','0371','410100'),
  ('湖北省','武汉','027','420100'),('湖南省','长沙','0731','430100'),('四川省','成都','028','510100'),
  ('重庆市','重庆','023','500100'),('陕西省','西安','029','610100'),('云南省','昆明','0871','530100'),
  ('江西省','南昌','0791','360100')
) v(p, c, a, d);

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

-- Trade-name characters (0-based n). Checked below: none occurs in a business word.
CREATE TEMP TABLE w_char (n int PRIMARY KEY, c text UNIQUE);
INSERT INTO w_char
SELECT (row_number() OVER (ORDER BY o)) - 1, c FROM regexp_split_to_table(
  '鑫华瑞恒达宏远鼎天成伟中联博卓越航嘉禾丰永泰兴盛世海纳百川腾飞鸿运宇明辉长青德润通汇万安佳福诚聚睿智云图星河'
  '蓝强昌顺光正元锦和立拓东升启凯宝银桥夏同创众康美优精诺亚晨松九四泽隆基益国邦大象祥阳荣雅思致春晖亿翔景鹏绿清'
  '风南洋北辰西紫珠岭齐鲁蜀楚闽尚领帆速乐享惠民富山心三五六七八千禧凤麒麟龙马玉石豪杰俊威群捷迅讯普泓灏骏铭晟昊'
  '旭昱琪琳熙煜炜烨焱淼森林峰岳嵩崇巍坤乾贝尔特斯克蒙奥欧拉迪维菲莱默朗格伦索萨金红白宁平静方圆高利好汉唐宋秦晋'
  '吴湘桂津冀皖锐钧铠锋晶鹰狮虎豹鲸鲲雁鹤柏竹梅兰菊荷桃杏枫桦樟橙彩虹霞雨雪露雷一兆京', '') WITH ORDINALITY AS t(c, o);

-- Characters of unrelated control names: in neither w_char nor a business word.
CREATE TEMP TABLE w_alt (n int PRIMARY KEY, c text UNIQUE);
INSERT INTO w_alt
SELECT (row_number() OVER (ORDER BY o)) - 1, c FROM regexp_split_to_table(
  '璞琨珩玥瑭珞琬瑾璇璐曦晞暄朔彧翊羿舜禹尧骐骥驰骋凰鸾翡翠琥珀玺钰铂镕锶钛铱沐浩溪澜涵沁淳澈潇湛渊澄岚峦嶂屹峥'
  '嵘岱崧蔚葳蕤芃芊茗萱蓉苒菁荟莹蕾薇芷芮苓蘅', '') WITH ORDINALITY AS t(c, o);

-- The Normalizer's leading regions (PROVINCES + CITIES of conflict/Normalizer.java).
CREATE TEMP TABLE w_norm_region (r text PRIMARY KEY);
INSERT INTO w_norm_region SELECT unnest(string_to_array(
  '北京,天津,上海,重庆,河北,山西,辽宁,吉林,黑龙江,江苏,浙江,安徽,福建,江西,山东,河南,湖北,湖南,广东,海南,四川,'
  '贵州,云南,陕西,甘肃,青海,台湾,内蒙古,广西,西藏,宁夏,新疆,香港,澳门,'
  '杭州,宁波,温州,绍兴,嘉兴,湖州,金华,台州,衢州,丽水,舟山,义乌,南京,苏州,无锡,常州,南通,扬州,徐州,镇江,泰州,'
  '盐城,昆山,广州,深圳,东莞,佛山,珠海,中山,惠州,汕头,江门,成都,武汉,西安,长沙,郑州,济南,青岛,烟台,潍坊,厦门,'
  '福州,泉州,合肥,南昌,沈阳,大连,哈尔滨,长春,石家庄,唐山,太原,昆明,贵阳,南宁,海口,三亚,兰州,西宁,银川,'
  '乌鲁木齐,拉萨,呼和浩特,洛阳', ','));

DO $$
DECLARE bad text;
BEGIN
  SELECT string_agg(c.c, '') INTO bad FROM w_char c
  WHERE EXISTS (SELECT 1 FROM w_biz b WHERE strpos(b.w, c.c) > 0)
     OR strpos('有限公司股份责任集团控合伙总分时代州市省区县', c.c) > 0;
  IF bad IS NOT NULL THEN RAISE EXCEPTION 'trade-name characters in business words or suffixes: %', bad; END IF;
  SELECT string_agg(a.c, '') INTO bad FROM w_alt a
  WHERE EXISTS (SELECT 1 FROM w_char c WHERE c.c = a.c) OR EXISTS (SELECT 1 FROM w_biz b WHERE strpos(b.w, a.c) > 0);
  IF bad IS NOT NULL THEN RAISE EXCEPTION 'control characters also in trade names or business words: %', bad; END IF;
END $$;

-- Two-character trade names: ordered pairs of different characters that start no region name.
CREATE TEMP TABLE w_w2 (n int PRIMARY KEY, w text UNIQUE);
INSERT INTO w_w2
SELECT (row_number() OVER (ORDER BY a.n, b.n)) - 1, a.c || b.c
FROM w_char a CROSS JOIN w_char b
WHERE a.n <> b.n
  AND NOT EXISTS (SELECT 1 FROM w_norm_region r WHERE left(r.r, 2) = a.c || b.c);

ANALYZE w_region, w_biz, w_char, w_alt, w_w2;

-- Segment sizes (rows per business word) of a data set of `total` customers: 新时代 names, ASCII
-- names, two-character names; the rest have three characters.
CREATE FUNCTION pg_temp.trade_segments(total bigint)
    RETURNS TABLE (nb bigint, np bigint, nw bigint, s1 bigint, s2 bigint, s3 bigint)
    LANGUAGE sql STABLE
    AS $$
  SELECT c.nb, c.np, c.nw, least(c.np, ceil(t.jt * 0.005))::bigint, ceil(t.jt * 0.03)::bigint, ceil(t.jt * 0.38)::bigint
  FROM (SELECT (SELECT count(*) FROM w_biz) AS nb, (SELECT count(*) FROM w_char) AS np,
               (SELECT count(*) FROM w_w2) AS nw) c,
       LATERAL (SELECT ceil(total::numeric / c.nb)::bigint AS jt) t
$$;

-- The trade name at position v of segment seg's name space (one at a time; trade_names does it in bulk).
CREATE FUNCTION pg_temp.trade_name_of(seg int, v bigint) RETURNS text
    LANGUAGE sql STABLE
    AS $$
  SELECT CASE seg
    WHEN 1 THEN '新时代' || (SELECT c FROM w_char WHERE n = v)
    WHEN 2 THEN substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 1 + (v / 1296)::int, 1)
             || substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 1 + (v / 36 % 36)::int, 1)
             || substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 1 + (v % 36)::int, 1)
    WHEN 3 THEN (SELECT w FROM w_w2 WHERE n = v)
    ELSE (SELECT w FROM w_w2 WHERE n = v / (SELECT count(*) FROM w_char))
      || (SELECT c FROM w_char WHERE n = v % (SELECT count(*) FROM w_char)) END
$$;

CREATE FUNCTION pg_temp.trade_names(first_i bigint, last_i bigint, total bigint)
    RETURNS TABLE (i bigint, biz int, zihao text)
    LANGUAGE sql STABLE
    AS $$
WITH s AS MATERIALIZED (
  SELECT * FROM pg_temp.trade_segments(total)
), x AS MATERIALIZED (
  SELECT g.i, s.np, y.b,
         CASE WHEN y.j < s.s1 THEN 1 WHEN y.j < s.s1 + s.s2 THEN 2 WHEN y.j < s.s1 + s.s2 + s.s3 THEN 3 ELSE 4 END AS seg,
         CASE WHEN y.j < s.s1 THEN (y.j * 1000003 + y.b * 104729) % s.np
              WHEN y.j < s.s1 + s.s2 THEN ((y.j - s.s1) * 1000003 + y.b * 104729) % 46656
              WHEN y.j < s.s1 + s.s2 + s.s3 THEN ((y.j - s.s1 - s.s2) * 1000003 + y.b * 104729) % s.nw
              ELSE ((y.j - s.s1 - s.s2 - s.s3) * 1000003 + y.b * 104729) % (s.nw * s.np) END AS v
  FROM s CROSS JOIN generate_series(first_i, last_i) AS g(i)
  CROSS JOIN LATERAL (SELECT (g.i - 1) / s.nb AS j, (g.i - 1) % s.nb AS b) y
)
SELECT x.i, (x.b + 1)::int,
       CASE x.seg
         WHEN 1 THEN '新时代' || c1.c
         WHEN 2 THEN substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 1 + (x.v / 1296)::int, 1)
                  || substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 1 + (x.v / 36 % 36)::int, 1)
                  || substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 1 + (x.v % 36)::int, 1)
         WHEN 3 THEN w2.w
         ELSE w3.w || c3.c
       END
FROM x
LEFT JOIN w_char c1 ON x.seg = 1 AND c1.n = x.v
LEFT JOIN w_w2 w2 ON x.seg = 3 AND w2.n = x.v
LEFT JOIN w_w2 w3 ON x.seg = 4 AND w3.n = x.v / x.np
LEFT JOIN w_char c3 ON x.seg = 4 AND c3.n = x.v % x.np
$$;

-- The permutations are bijections only if each multiplier is coprime to its modulus.
DO $$
DECLARE np bigint; nw bigint;
BEGIN
  SELECT count(*) INTO np FROM w_char;
  SELECT count(*) INTO nw FROM w_w2;
  IF gcd(1000003, np) <> 1 OR gcd(1000003, 46656) <> 1 OR gcd(1000003, nw) <> 1 OR gcd(1000003, nw * np) <> 1 THEN
    RAISE EXCEPTION 'trade-name permutation multiplier not coprime to a segment size (np %, nw %)', np, nw;
  END IF;
END $$;
\endif
