-- Conflict-check probes for bench/conflict.sh: deliberate near-duplicates of loaded customers, typos,
-- and unrelated companies, each with the answer a perfect check would give. Deterministic (hashes of
-- the probe number), computed from the loaded data (bench/load.sql with the same :customers).
--
--   psql -v ON_ERROR_STOP=1 -v schema=crm_bench -v customers=1000000 -v per_class=400 \
--        -v probes_file=bench/out/conflict-probes.jsonl -f bench/conflict-probes.sql
--
-- Writes one JSON object per line: {"no", "class", "variant", "expect", "expectName", "body"} where
-- body is the request of POST /api/v1/conflict-checks, expect the id of the customer it must find
-- (null for the unrelated ones) and expectName that customer's name (matches of customers the caller
-- cannot see carry the name only). Classes (per_class probes each, unless said otherwise):
--   same company, expected BLOCKED with it (its normalised name is an exact key):
--     exact      the name as stored (a quarter of per_class: proves the loaded keys)
--     region     the region prefix changed, added or removed (杭州 / 杭州市 / 浙江省杭州市 / another city / none)
--     suffix     another legal form (有限公司, 有限责任公司, 股份有限公司, 集团有限公司, 集团股份有限公司,
--                控股有限公司, 公司, 集团, 股份公司, or none)
--     brackets   a bracketed region or 中国 after the trade name or in front: 鑫华科技（北京）有限公司,
--                (北京), 【北京】, （中国）鑫华科技有限公司
--     width      full-width letters and digits, sometimes lower case (customers with an ASCII trade name:
--                K8T科技 as Ｋ８Ｔ科技 or ｋ８ｔ科技)
--     spacing    ASCII or ideographic spaces between region, trade name, business word, suffix, or
--                between every character
--     mixed      region and suffix changed plus one of brackets / spacing / width
--   same company, expected among the matches (WARNING):
--     typo-sub, typo-ins, typo-del, typo-swap   one character of the normalised name substituted,
--                inserted, deleted, or two neighbours swapped (half of per_class); region and suffix
--                drawn anew; never a name another customer has exactly
--     region-inside  (reported, no aim) the region between trade name and business word without
--                brackets: 鑫华北京科技有限公司 (two characters more: no exact key, no one-edit typo)
--   unrelated, expected CLEAR (precision):
--     unrelated  trade names from characters no loaded name uses (w_alt), any business word
--     unloaded   the rows the load would generate next (customers+1 ...): new companies from the very
--                name distribution of the loaded ones
--   exact keys other than the name, expected BLOCKED (a quarter of per_class each):
--     key-phone  a customer's phone written another way (+86 138 1234 5678, 0571 8234 5678)
--     key-credit its credit code in lower case     key-email  another address at its domain
--     key-web    its website as http://C123.com.cn/about
--   keys version 2 (issue 13 §5: Traditional characters, branches, English regions, registrable
--   domains, contacts' mobiles), per_class each:
--     traditional     the stored name in Traditional characters (a character-by-character inverse of the
--                     API's own table, passed as :ts_pairs; none without it): BLOCKED (its NAME key)
--     english-region  an English region word before or after the name (Hangzhou 华瑞科技有限公司,
--                     Beijing K8T科技有限公司): BLOCKED, as the plain name
--     branch          a branch of the customer (…有限公司滨江分公司, …有限公司北京分公司, …科技北京分公司,
--                     …有限公司（滨江分公司）, …有限公司上海办事处): WARNING with relationship BRANCH_OF
--     subdomain       an address at mail.<its domain> or its website as https://shop.<host>/: BLOCKED
--     contact-mobile  one of its contacts' mobiles, written one of three ways: BLOCKED
--   and precision, expected CLEAR: unrelated-branch (branches of unrelated names, as in unrelated) and
--   unrelated-english (unrelated names with an English region word).
\set ON_ERROR_STOP on
\if :{?schema}
\else
  \set schema crm_bench
\endif
\if :{?customers}
\else
  \set customers 1000000
\endif
\if :{?per_class}
\else
  \set per_class 400
\endif
\if :{?probes_file}
\else
  \set probes_file bench/out/conflict-probes.jsonl
\endif
-- Traditional -> Simplified pairs ("T S" a line, # comments), the API's conflict/traditional-simplified.txt.
\if :{?ts_pairs}
\else
  \set ts_pairs ''
\endif

SET search_path = :"schema", public;
SET jit = off;
SET work_mem = '256MB';
\ir names.sql
CREATE FUNCTION pg_temp.uid(key text) RETURNS uuid
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT md5(key)::uuid $$;
-- The region prefix of form f (0 none, 1 杭州, 2 杭州市, 3 浙江省杭州市; municipalities 北京 / 北京市).
CREATE FUNCTION pg_temp.prefix(province text, city text, f int) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE f WHEN 0 THEN '' WHEN 1 THEN city WHEN 2 THEN city || '市'
                 ELSE CASE WHEN province = city || '市' THEN province ELSE province || city || '市' END END $$;
-- ASCII letters and digits to full width (Ａ = A + 0xFEE0).
CREATE FUNCTION pg_temp.fullwidth(s text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT string_agg(CASE WHEN c ~ '[A-Za-z0-9]' THEN chr(ascii(c) + 65248) ELSE c END, '' ORDER BY o)
          FROM regexp_split_to_table(s, '') WITH ORDINALITY AS t(c, o) $$;

SELECT count(*) = 75 AND (SELECT count(*) FROM w_char) = 257 AS pools_ok FROM w_alt \gset
\if :pools_ok
\else
  \echo 'names.sql: w_alt must have 75 and w_char 257 characters (the probes index them)'
  \quit
\endif

CREATE TEMP TABLE suffixes (n int PRIMARY KEY, s text);
INSERT INTO suffixes SELECT row_number() OVER () - 1, s FROM unnest(ARRAY['有限公司', '有限责任公司', '股份有限公司',
  '集团有限公司', '集团股份有限公司', '控股有限公司', '公司', '集团', '股份公司', '']) s;

-- Every loaded customer's name parts (the same generator as the load) and its normalised name.
CREATE TEMP TABLE cust AS
SELECT t.i AS row_no, pg_temp.uid('customer:' || t.i) AS id, t.zihao, b.w AS biz, t.zihao || b.w AS core_display,
       translate(lower(t.zihao), '乾', '干') || b.w AS core  -- 乾: the one loaded character the Normalizer simplifies (load.sql)
FROM pg_temp.trade_names(1, :customers::bigint, :customers::bigint) t JOIN w_biz b ON b.n = t.biz;
CREATE UNIQUE INDEX ON cust (row_no);
CREATE UNIQUE INDEX ON cust (core);
ANALYZE cust;

-- Targets: live customers whose name is still the loaded one, with prefix and suffix split off.
-- kind 'any' for most classes, 'ascii' (ASCII trade names) for width.
CREATE TEMP TABLE target AS
SELECT k.cls, k.p, c.row_no, c.id, cu.name, c.zihao, c.biz, c.core_display,
       left(cu.name, strpos(cu.name, c.core_display) - 1) AS old_prefix,
       substr(cu.name, strpos(cu.name, c.core_display) + char_length(c.core_display)) AS old_suffix
FROM (SELECT cls, p, CASE WHEN cls = 'width'
                          THEN NULL
                          ELSE 1 + pg_temp.h(p, hashtext(cls)) % :customers::bigint END AS r
      FROM unnest(ARRAY['exact', 'region', 'suffix', 'brackets', 'spacing', 'mixed', 'typo-sub', 'typo-ins', 'typo-del',
                        'typo-swap', 'region-inside', 'key-phone', 'key-credit', 'key-email', 'key-web',
                        'traditional', 'english-region', 'branch']) cls,
           generate_series(1, :per_class) p) k
JOIN cust c ON c.row_no = k.r
JOIN customer cu ON cu.id = c.id AND NOT cu.archived AND strpos(cu.name, c.core_display) > 0;
INSERT INTO target
SELECT 'width', p, c.row_no, c.id, cu.name, c.zihao, c.biz, c.core_display,
       left(cu.name, strpos(cu.name, c.core_display) - 1),
       substr(cu.name, strpos(cu.name, c.core_display) + char_length(c.core_display))
FROM (SELECT row_number() OVER (ORDER BY pg_temp.h(row_no, 7100)) AS p, row_no FROM cust WHERE zihao ~ '^[A-Z0-9]{3}$') a
JOIN cust c USING (row_no)
JOIN customer cu ON cu.id = c.id AND NOT cu.archived AND strpos(cu.name, c.core_display) > 0
WHERE a.p <= :per_class;

CREATE TEMP TABLE probe (cls text, variant text, p int, expect uuid, expect_name text, body jsonb);

-- exact: the customer's name as stored (the check must block it: the load wrote the keys right).
INSERT INTO probe
SELECT t.cls, 'as-stored', t.p, t.id, t.name, jsonb_build_object('name', t.name)
FROM target t WHERE t.cls = 'exact' AND t.p <= :per_class / 4;

-- region: another prefix than the customer's (another form or another city).
INSERT INTO probe
SELECT t.cls, CASE WHEN new_prefix = '' THEN 'removed' WHEN t.old_prefix = '' THEN 'added' ELSE 'changed' END,
       t.p, t.id, t.name, jsonb_build_object('name', new_prefix || t.core_display || t.old_suffix)
FROM target t
JOIN w_region g ON g.n = 1 + pg_temp.h(t.p, 7201) % 40
CROSS JOIN LATERAL (SELECT (pg_temp.h(t.p, 7202) % 4)::int AS f) ff
CROSS JOIN LATERAL (SELECT CASE WHEN pg_temp.prefix(g.province, g.city, ff.f) <> t.old_prefix THEN pg_temp.prefix(g.province, g.city, ff.f)
                                WHEN pg_temp.prefix(g.province, g.city, (ff.f + 1) % 4) <> t.old_prefix THEN pg_temp.prefix(g.province, g.city, (ff.f + 1) % 4)
                                ELSE pg_temp.prefix(g.province, g.city, (ff.f + 2) % 4) END AS new_prefix) np
WHERE t.cls = 'region';

-- suffix: another legal form.
INSERT INTO probe
SELECT t.cls, CASE WHEN s.s = '' THEN 'none' ELSE s.s END, t.p, t.id, t.name,
       jsonb_build_object('name', t.old_prefix || t.core_display || s.s)
FROM target t
CROSS JOIN LATERAL (SELECT s FROM suffixes WHERE s <> t.old_suffix ORDER BY pg_temp.h(t.p * 16 + n, 7301) LIMIT 1) s
WHERE t.cls = 'suffix';

-- brackets: a region (or 中国) in brackets after the trade name+business word, or in front.
INSERT INTO probe
SELECT t.cls, br.style || '-' || CASE WHEN front THEN 'front' ELSE 'after' END, t.p, t.id, t.name,
       jsonb_build_object('name', CASE WHEN front THEN br.o || inner_text || br.c || t.core_display || t.old_suffix
                                       ELSE t.old_prefix || t.core_display || br.o || inner_text || br.c || t.old_suffix END)
FROM target t
JOIN w_region g ON g.n = 1 + pg_temp.h(t.p, 7401) % 40
CROSS JOIN LATERAL (SELECT pg_temp.h(t.p, 7402) % 10 = 0 AS front,
                           CASE WHEN pg_temp.h(t.p, 7403) % 10 = 0 THEN '中国' ELSE g.city END AS inner_text,
                           pg_temp.h(t.p, 7404) % 10 AS style_pick) x
CROSS JOIN LATERAL (SELECT CASE WHEN style_pick < 7 THEN 'fullwidth' WHEN style_pick < 9 THEN 'halfwidth' ELSE 'lenticular' END AS style,
                           CASE WHEN style_pick < 7 THEN '（' WHEN style_pick < 9 THEN '(' ELSE '【' END AS o,
                           CASE WHEN style_pick < 7 THEN '）' WHEN style_pick < 9 THEN ')' ELSE '】' END AS c) br
WHERE t.cls = 'brackets';

-- width: the ASCII trade name in full width (half of them lower case).
INSERT INTO probe
SELECT t.cls, CASE WHEN lc THEN 'fullwidth-lower' ELSE 'fullwidth' END, t.p, t.id, t.name,
       jsonb_build_object('name', t.old_prefix || pg_temp.fullwidth(CASE WHEN lc THEN lower(t.zihao) ELSE t.zihao END)
                                  || t.biz || t.old_suffix)
FROM target t CROSS JOIN LATERAL (SELECT pg_temp.h(t.p, 7501) % 2 = 0 AS lc) x
WHERE t.cls = 'width';

-- spacing: ASCII or ideographic spaces at the joints or between every character.
INSERT INTO probe
SELECT t.cls, m.mode || CASE WHEN sp = ' ' THEN '-ascii' ELSE '-ideographic' END, t.p, t.id, t.name,
       jsonb_build_object('name', CASE m.mode
         WHEN 'before-name' THEN t.old_prefix || sp || t.core_display || t.old_suffix
         WHEN 'before-suffix' THEN t.old_prefix || t.core_display || sp || t.old_suffix
         WHEN 'inside-name' THEN t.old_prefix || t.zihao || sp || t.biz || t.old_suffix
         WHEN 'every-char' THEN t.old_prefix || sp || array_to_string(regexp_split_to_array(t.core_display, ''), sp) || sp || t.old_suffix
         ELSE sp || t.old_prefix || sp || t.zihao || sp || t.biz || sp || t.old_suffix || sp END)
FROM target t
CROSS JOIN LATERAL (SELECT CASE WHEN pg_temp.h(t.p, 7601) % 5 < 3 THEN ' ' ELSE '　' END AS sp,
                           (ARRAY['before-name', 'before-suffix', 'inside-name', 'every-char', 'everywhere'])
                             [1 + pg_temp.h(t.p, 7602) % 5] AS mode) m
WHERE t.cls = 'spacing';

-- mixed: another region and legal form, plus brackets, spacing or (ASCII names) width.
INSERT INTO probe
SELECT t.cls, x.extra, t.p, t.id, t.name,
       jsonb_build_object('name', CASE x.extra
         WHEN 'brackets' THEN np.prefix || t.core_display || '（' || g2.city || '）' || s.s
         WHEN 'spacing' THEN np.prefix || ' ' || t.zihao || ' ' || t.biz || ' ' || s.s
         ELSE np.prefix || pg_temp.fullwidth(lower(t.zihao)) || t.biz || s.s END)
FROM target t
JOIN w_region g ON g.n = 1 + pg_temp.h(t.p, 7701) % 40
JOIN w_region g2 ON g2.n = 1 + pg_temp.h(t.p, 7702) % 40
CROSS JOIN LATERAL (SELECT pg_temp.prefix(g.province, g.city, (1 + pg_temp.h(t.p, 7703) % 3)::int) AS prefix) np
CROSS JOIN LATERAL (SELECT s FROM suffixes WHERE s <> t.old_suffix ORDER BY pg_temp.h(t.p * 16 + n, 7704) LIMIT 1) s
CROSS JOIN LATERAL (SELECT CASE WHEN t.zihao ~ '^[A-Z0-9]{3}$' THEN 'width'
                                WHEN pg_temp.h(t.p, 7705) % 2 = 0 THEN 'brackets' ELSE 'spacing' END AS extra) x
WHERE t.cls = 'mixed';

-- region-inside: the city between trade name and business word, no brackets, no prefix.
INSERT INTO probe
SELECT t.cls, 'unbracketed', t.p, t.id, t.name, jsonb_build_object('name', t.zihao || g.city || t.biz || t.old_suffix)
FROM target t JOIN w_region g ON g.n = 1 + pg_temp.h(t.p, 7801) % 40
WHERE t.cls = 'region-inside';

-- Typos: one edit of the normalised name (display case), tried with up to 6 salts until the result
-- is no loaded customer's exact name; region and legal form drawn anew.
CREATE TEMP TABLE typo_try AS
SELECT t.cls, t.p, t.id, t.name, a.attempt, t.core_display AS core,
       char_length(t.core_display) AS len,
       pg_temp.h(t.p * 8 + a.attempt, 7901) AS hp, pg_temp.h(t.p * 8 + a.attempt, 7902) AS hc
FROM target t CROSS JOIN generate_series(1, 6) a(attempt)
WHERE t.cls LIKE 'typo-%';
CREATE TEMP TABLE typo_candidate AS
SELECT y.*, CASE y.cls
    WHEN 'typo-sub' THEN overlay(y.core PLACING ch.c FROM (1 + y.hp % y.len)::int FOR 1)
    WHEN 'typo-ins' THEN overlay(y.core PLACING ch.c FROM (1 + y.hp % (y.len + 1))::int FOR 0)
    WHEN 'typo-del' THEN overlay(y.core PLACING '' FROM (1 + y.hp % y.len)::int FOR 1)
    ELSE overlay(y.core PLACING substr(y.core, (2 + y.hp % (y.len - 1))::int, 1) || substr(y.core, (1 + y.hp % (y.len - 1))::int, 1)
                 FROM (1 + y.hp % (y.len - 1))::int FOR 2) END AS typo
FROM typo_try y JOIN w_char ch ON ch.n = y.hc % 257;
CREATE TEMP TABLE typo_pick AS
SELECT DISTINCT ON (cls, p) *
FROM typo_candidate c
WHERE lower(c.typo) <> lower(c.core)
  AND NOT EXISTS (SELECT 1 FROM cust x WHERE x.core = translate(lower(c.typo), '乾', '干'))
  AND (c.cls <> 'typo-swap' OR c.p <= :per_class / 2)
ORDER BY cls, p, attempt;
INSERT INTO probe
SELECT y.cls, 'core-' || y.len || '-chars', y.p, y.id, y.name,
       jsonb_build_object('name', pg_temp.prefix(g.province, g.city, (pg_temp.h(y.p, 7903 + hashtext(y.cls)) % 4)::int) || y.typo || s.s)
FROM typo_pick y
JOIN w_region g ON g.n = 1 + pg_temp.h(y.p, 7904 + hashtext(y.cls)) % 40
JOIN suffixes s ON s.n = pg_temp.h(y.p, 7905 + hashtext(y.cls)) % 10;

-- unrelated: 2-3 characters no loaded name contains, a business word, a region, a legal form.
INSERT INTO probe
SELECT 'unrelated', char_length(z.zihao)::text || '-char', p, NULL, NULL,
       jsonb_build_object('name', pg_temp.prefix(g.province, g.city, (pg_temp.h(p, 8001) % 4)::int) || z.zihao || b.w || s.s)
FROM generate_series(1, :per_class) p
CROSS JOIN LATERAL (SELECT (SELECT c FROM w_alt WHERE n = pg_temp.h(p, 8002) % 75)
                           || (SELECT c FROM w_alt WHERE n = (pg_temp.h(p, 8002) % 75 + 1 + pg_temp.h(p, 8003) % 74) % 75)
                           || CASE WHEN pg_temp.h(p, 8004) % 5 < 2 THEN (SELECT c FROM w_alt WHERE n = pg_temp.h(p, 8005) % 75) ELSE '' END
                           AS zihao) z
JOIN w_biz b ON b.n = 1 + pg_temp.h(p, 8006) % 38
JOIN w_region g ON g.n = 1 + pg_temp.h(p, 8007) % 40
JOIN suffixes s ON s.n = pg_temp.h(p, 8008) % 10;

-- unloaded: names of the loaded kinds (新时代 / ASCII / two / three characters, in the loaded shares)
-- that no loaded customer has: the next unused positions of each segment's permutation, as a bigger
-- data set would name its additional customers.
INSERT INTO probe
SELECT 'unloaded', (ARRAY['xinshidai', 'ascii', '2-char', '3-char'])[u.seg], u.p, NULL, NULL,
       jsonb_build_object('name', pg_temp.prefix(g.province, g.city, (pg_temp.h(u.p, 8201) % 4)::int)
                                  || pg_temp.trade_name_of(u.seg, u.v) || b.w || s.s)
FROM (SELECT x.p, x.seg, x.b,
             ((x.jseg * 1000003 + x.b * 104729) % CASE x.seg WHEN 1 THEN sg.np WHEN 2 THEN 46656 WHEN 3 THEN sg.nw
                                                              ELSE sg.nw * sg.np END) AS v
      FROM pg_temp.trade_segments(:customers::bigint) sg
      CROSS JOIN LATERAL (
        SELECT p, y.seg, pg_temp.h(p, 8202) % sg.nb AS b,
               -- past the loaded positions of the segment (the 3-character one has no end in sight)
               CASE y.seg WHEN 1 THEN sg.s1 + p % greatest(1, sg.np - sg.s1)
                          WHEN 2 THEN sg.s2 + p % greatest(1, 46656 - sg.s2)
                          WHEN 3 THEN sg.s3 + p % greatest(1, sg.nw - sg.s3)
                          ELSE (ceil(:customers::numeric / sg.nb)::bigint - sg.s1 - sg.s2 - sg.s3) + p END AS jseg
        FROM generate_series(1, :per_class) p
        CROSS JOIN LATERAL (SELECT CASE WHEN pg_temp.h(p, 8203) % 1000 < 5 THEN 1 WHEN pg_temp.h(p, 8203) % 1000 < 35 THEN 2
                                        WHEN pg_temp.h(p, 8203) % 1000 < 415 THEN 3 ELSE 4 END AS seg) y) x) u
JOIN w_biz b ON b.n = u.b + 1
JOIN w_region g ON g.n = 1 + pg_temp.h(u.p, 8204) % 40
JOIN suffixes s ON s.n = pg_temp.h(u.p, 8205) % 10;
-- (A loaded customer with the same normalised name would make an unloaded probe a duplicate: checked.)
SELECT count(*) AS unloaded_collisions FROM probe pr JOIN cust c
  ON c.core = translate(lower(regexp_replace(regexp_replace(pr.body->>'name', '(有限公司|有限责任公司|股份有限公司|集团有限公司|集团股份有限公司|控股有限公司|股份公司|公司|集团)$', ''),
                                   '^(' || (SELECT string_agg(pg_temp.prefix(province, city, f), '|' ORDER BY length(pg_temp.prefix(province, city, f)) DESC)
                                            FROM w_region, generate_series(1, 3) f) || ')', '')), '乾', '干')
WHERE pr.cls = 'unloaded' \gset
\if :unloaded_collisions
  \echo 'unloaded probes collide with loaded names:' :unloaded_collisions
  \quit
\endif

-- Exact keys other than the name.
INSERT INTO probe
SELECT t.cls, v.variant, t.p, t.id, t.name, v.body
FROM target t JOIN customer cu ON cu.id = t.id
CROSS JOIN LATERAL (
  SELECT CASE WHEN ph ~ '^1' THEN 'mobile' ELSE 'landline' END AS variant,
         jsonb_build_object('phones', jsonb_build_array(
           CASE WHEN ph ~ '^1' THEN '+86 ' || substr(ph, 1, 3) || ' ' || substr(ph, 4, 4) || ' ' || substr(ph, 8)
                WHEN pg_temp.h(t.p, 8101) % 2 = 0 THEN replace(ph, '-', ' ')
                ELSE '+86 ' || substr(split_part(ph, '-', 1), 2) || ' ' || split_part(ph, '-', 2) END)) AS body
  FROM (SELECT cu.phones[1 + pg_temp.h(t.p, 8102) % cardinality(cu.phones)] AS ph) x
  WHERE t.cls = 'key-phone'
  UNION ALL
  SELECT 'lower-case', jsonb_build_object('creditCode', lower(cu.credit_code))
  WHERE t.cls = 'key-credit' AND cu.credit_code IS NOT NULL
  UNION ALL
  SELECT 'other-mailbox', jsonb_build_object('emails', jsonb_build_array('sales@' || split_part(cu.emails[1], '@', 2)))
  WHERE t.cls = 'key-email' AND cardinality(cu.emails) > 0
  UNION ALL
  SELECT 'http-upper-path', jsonb_build_object('website', 'http://' || upper(left(h, 1)) || substr(h, 2) || '/about')
  FROM (SELECT regexp_replace(cu.website, '^https?://(www\.)?', '') AS h) w
  WHERE t.cls = 'key-web' AND cu.website IS NOT NULL
) v
WHERE t.cls LIKE 'key-%' AND t.p <= :per_class / 4;

-- ---------------------------------------------------------------- keys version 2 (issue 13 §5)
-- traditional: the stored name in Traditional characters. The inverse of the API's table: per
-- Simplified character one Traditional one (a CJK unified ideograph first, then the lowest code point;
-- no compatibility ideographs, which NFKC would change), never for a character the table itself
-- simplifies (乾, loaded, is 干 to the API). Names without a character to convert are left out.
CREATE TEMP TABLE ts_pair AS
SELECT split_part(l, ' ', 1) AS t, split_part(l, ' ', 2) AS s
FROM regexp_split_to_table(:'ts_pairs', E'\n') l WHERE l <> '' AND l NOT LIKE '#%';
CREATE TEMP TABLE ts_inv AS
SELECT DISTINCT ON (s) s, t FROM ts_pair
WHERE char_length(t) = 1 AND char_length(s) = 1 AND ascii(t) NOT BETWEEN 63744 AND 64255 AND ascii(t) < 194560
  AND s NOT IN (SELECT t FROM ts_pair)
ORDER BY s, ascii(t) NOT BETWEEN 19968 AND 40959, ascii(t);
CREATE UNIQUE INDEX ON ts_inv (s);
CREATE FUNCTION pg_temp.traditional(x text) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT string_agg(coalesce(i.t, c.c), '' ORDER BY c.o)
          FROM regexp_split_to_table(x, '') WITH ORDINALITY AS c(c, o) LEFT JOIN ts_inv i ON i.s = c.c $$;
INSERT INTO probe
SELECT t.cls, CASE WHEN pg_temp.traditional(t.zihao) <> t.zihao THEN 'trade-name' ELSE 'business-word-only' END,
       t.p, t.id, t.name, jsonb_build_object('name', pg_temp.traditional(t.name))
FROM target t
WHERE t.cls = 'traditional' AND pg_temp.traditional(t.core_display) <> t.core_display;

-- english-region: an English region word as a word of its own before the name (without its Chinese
-- prefix) or after it; half of them on customers with an ASCII trade name (Beijing K8T科技有限公司).
CREATE TEMP TABLE en_region (n int PRIMARY KEY, w text);
INSERT INTO en_region SELECT row_number() OVER () - 1, w FROM unnest(ARRAY['Beijing', 'Shanghai', 'Hangzhou', 'Shenzhen',
  'Guangzhou', 'Nanjing', 'Suzhou', 'Chengdu', 'Wuhan', 'Xiamen', 'Tianjin', 'Ningbo', 'Zhejiang', 'Jiangsu', 'Guangdong']) w;
INSERT INTO target
SELECT 'english-ascii', :per_class + a.p, c.row_no, c.id, cu.name, c.zihao, c.biz, c.core_display,
       left(cu.name, strpos(cu.name, c.core_display) - 1),
       substr(cu.name, strpos(cu.name, c.core_display) + char_length(c.core_display))
FROM (SELECT row_number() OVER (ORDER BY pg_temp.h(row_no, 7150)) AS p, row_no FROM cust WHERE zihao ~ '^[A-Z0-9]{3}$') a
JOIN cust c USING (row_no)
JOIN customer cu ON cu.id = c.id AND NOT cu.archived AND strpos(cu.name, c.core_display) > 0
WHERE a.p <= :per_class / 2;
INSERT INTO probe
SELECT 'english-region', CASE WHEN t.cls = 'english-ascii' THEN 'ascii-' ELSE '' END || CASE WHEN front THEN 'front' ELSE 'back' END,
       t.p, t.id, t.name,
       jsonb_build_object('name', CASE WHEN front THEN e.w || ' ' || t.core_display || t.old_suffix ELSE t.name || ' ' || e.w END)
FROM target t
JOIN en_region e ON e.n = pg_temp.h(t.p, 9001) % 15
CROSS JOIN LATERAL (SELECT pg_temp.h(t.p, 9002) % 3 < 2 AS front) f
WHERE t.cls = 'english-ascii' OR (t.cls = 'english-region' AND t.p <= :per_class / 2);

-- branch: a branch office of the customer; the parent is found through its NAME key (WARNING, BRANCH_OF).
CREATE TEMP TABLE district (n int PRIMARY KEY, w text);
INSERT INTO district SELECT row_number() OVER () - 1, w FROM unnest(ARRAY['滨江', '西湖', '余杭', '浦东新区', '海淀区',
  '朝阳区', '南山区', '天河区', '高新区', '经济开发区']) w;
CREATE FUNCTION pg_temp.branch_of(name text, bare text, p int, salt int) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$ SELECT jsonb_build_object('variant', v, 'name', CASE v
             WHEN 'district' THEN name || d.w || '分公司'
             WHEN 'city' THEN name || g.city || '分公司'
             WHEN 'no-legal-form' THEN bare || g.city || '分公司'
             WHEN 'bracketed' THEN name || '（' || d.w || '分公司）'
             ELSE name || g.city || '办事处' END)
          FROM (SELECT (ARRAY['district', 'city', 'no-legal-form', 'bracketed', 'office'])[1 + pg_temp.h(p, salt) % 5] AS v) x
          JOIN district d ON d.n = pg_temp.h(p, salt + 1) % 10
          JOIN w_region g ON g.n = 1 + pg_temp.h(p, salt + 2) % 40 $$;
INSERT INTO probe
SELECT t.cls, b->>'variant', t.p, t.id, t.name, jsonb_build_object('name', b->>'name')
FROM target t CROSS JOIN LATERAL pg_temp.branch_of(t.name, t.old_prefix || t.core_display, t.p, 9101) b
WHERE t.cls = 'branch';

-- subdomain: a mailbox at a subdomain of the customer's e-mail domain, or its website on a subdomain.
INSERT INTO probe
SELECT 'subdomain', CASE WHEN web THEN 'website' ELSE 'e-mail' END, x.p, x.id, x.name,
       CASE WHEN web THEN jsonb_build_object('website', 'https://shop.' || regexp_replace(x.website, '^https?://(www\.)?', '') || '/')
            ELSE jsonb_build_object('emails', jsonb_build_array('sales@mail.' || split_part(x.emails[1], '@', 2))) END
FROM (SELECT row_number() OVER (ORDER BY pg_temp.h(c.row_no, 9201)) AS p, cu.id, cu.name, cu.emails, cu.website,
             cu.website IS NOT NULL AND pg_temp.h(c.row_no, 9202) % 2 = 0 AS web
      FROM cust c JOIN customer cu ON cu.id = c.id AND NOT cu.archived AND cardinality(cu.emails) > 0) x
WHERE x.p <= :per_class;

-- contact-mobile: a mobile of one of the customer's live contacts (plain, +86 and spaces, dashes).
INSERT INTO probe
SELECT 'contact-mobile', f.variant, x.p, x.id, x.name, jsonb_build_object('phones', jsonb_build_array(f.phone))
FROM (SELECT row_number() OVER (ORDER BY pg_temp.h(k.row_no, 9301)) AS p, cu.id, cu.name, k.phone
      FROM (SELECT c.row_no, c.id, (SELECT p FROM contact ct, unnest(ct.phones) p
                                    WHERE ct.customer_id = c.id AND NOT ct.archived AND ct.erased_at IS NULL
                                    ORDER BY ct.id, p LIMIT 1) AS phone
            FROM cust c WHERE pg_temp.h(c.row_no, 9300) % :customers::bigint < 20 * :per_class) k
      JOIN customer cu ON cu.id = k.id AND NOT cu.archived
      WHERE k.phone IS NOT NULL) x
CROSS JOIN LATERAL (SELECT v AS variant, CASE v WHEN 'plain' THEN x.phone
                             WHEN 'plus86' THEN '+86 ' || substr(x.phone, 1, 3) || ' ' || substr(x.phone, 4, 4) || ' ' || substr(x.phone, 8)
                             ELSE substr(x.phone, 1, 3) || '-' || substr(x.phone, 4, 4) || '-' || substr(x.phone, 8) END AS phone
                    FROM (SELECT (ARRAY['plain', 'plus86', 'dashes'])[1 + pg_temp.h(x.p, 9302) % 3] AS v) vv) f
WHERE x.p <= :per_class;

-- Precision: unrelated names (characters no loaded name uses, as in unrelated) as branches, or with an
-- English region word: nothing is held, so CLEAR.
CREATE FUNCTION pg_temp.alt_name(p int, salt int) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT (SELECT c FROM w_alt WHERE n = pg_temp.h(p, salt) % 75)
                 || (SELECT c FROM w_alt WHERE n = (pg_temp.h(p, salt) % 75 + 1 + pg_temp.h(p, salt + 1) % 74) % 75)
                 || CASE WHEN pg_temp.h(p, salt + 2) % 5 < 2 THEN (SELECT c FROM w_alt WHERE n = pg_temp.h(p, salt + 3) % 75) ELSE '' END
                 || (SELECT w FROM w_biz WHERE n = 1 + pg_temp.h(p, salt + 4) % 38) $$;
INSERT INTO probe
SELECT 'unrelated-branch', b->>'variant', p, NULL, NULL, jsonb_build_object('name', b->>'name')
FROM generate_series(1, :per_class) p
CROSS JOIN LATERAL (SELECT pg_temp.prefix(g.province, g.city, (pg_temp.h(p, 9401) % 4)::int) || pg_temp.alt_name(p, 9410) AS bare,
                           s.s FROM w_region g JOIN suffixes s ON s.n = pg_temp.h(p, 9402) % 7
                    WHERE g.n = 1 + pg_temp.h(p, 9403) % 40) a
CROSS JOIN LATERAL pg_temp.branch_of(a.bare || a.s, a.bare, p, 9420) b;
INSERT INTO probe
SELECT 'unrelated-english', CASE WHEN pg_temp.h(p, 9501) % 3 < 2 THEN 'front' ELSE 'back' END, p, NULL, NULL,
       jsonb_build_object('name', CASE WHEN pg_temp.h(p, 9501) % 3 < 2 THEN e.w || ' ' || pg_temp.alt_name(p, 9510) || s.s
                                       ELSE pg_temp.alt_name(p, 9510) || s.s || ' ' || e.w END)
FROM generate_series(1, :per_class) p
JOIN en_region e ON e.n = pg_temp.h(p, 9502) % 15
JOIN suffixes s ON s.n = pg_temp.h(p, 9503) % 7;

SELECT cls, count(*) FROM probe GROUP BY cls ORDER BY cls;

\pset format unaligned
\pset tuples_only on
\o :probes_file
SELECT jsonb_build_object('no', row_number() OVER (ORDER BY cls, p), 'class', cls, 'variant', variant,
                          'expect', expect, 'expectName', expect_name, 'body', body)::text
FROM probe ORDER BY cls, p;
\o
