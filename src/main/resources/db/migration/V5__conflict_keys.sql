-- Conflict checks (查重 / 防撞单). Three tables of derived data about LIVE (non-archived) customers,
-- maintained by the application in the same transaction as the customer: rows are written when a
-- customer is created, rewritten when its keys change, deleted when it is archived and written again
-- when it is restored. An archived customer has no rows. Values are normalised by the Java class
-- io.github.crmvault.conflict.Normalizer, so existing customers cannot be backfilled here: a database
-- that already holds customers needs a backfill through the application (none exists in production
-- yet; tests start from an empty schema; the bench loader writes these tables itself).

-- The exact keys of each live customer. kind / value:
--   CREDIT_CODE  the unified social credit code, upper case ('91330106MA2B0XXX00')
--   PHONE        canonical digits: a mobile's 11 digits without +86 ('13800138000'); a landline with its
--                area code and leading 0 ('057188886666'); 400/800 numbers as they are; other countries
--                '+' and digits ('+14155550100'); local numbers without an area code have no key
--   DOMAIN       a company e-mail domain or website host, lower case, without 'www.' ('example.cn');
--                free-mail and platform domains (qq.com, 163.com, gmail.com, weibo.com...) have no key
--   NAME         the normalised name, as in customer_name.core_name
-- The primary key makes each key belong to one live customer at most: of two concurrent creates of
-- the same company exactly one commits its keys (the other's INSERT ... ON CONFLICT DO NOTHING skips).
CREATE TABLE customer_key (
    kind        varchar(20) NOT NULL,
    value       text        NOT NULL,
    customer_id uuid        NOT NULL REFERENCES customer (id),
    CONSTRAINT customer_key_pk PRIMARY KEY (kind, value),
    CONSTRAINT customer_key_kind_ck CHECK (kind IN ('CREDIT_CODE', 'PHONE', 'DOMAIN', 'NAME'))
);
CREATE INDEX customer_key_customer_idx ON customer_key (customer_id);

-- Each live customer's normalised name (NFKC, lower case, without brackets, punctuation, spaces, legal
-- suffixes and a leading province/city: '浙江省杭州市云栖科技（杭州）有限公司' is '云栖科技'), when it is not
-- empty, for trigram similarity. A narrow table of its own: with region and suffix removed a trigram
-- search takes milliseconds at a million names, where the full names (city names and 有限公司 match half
-- the table) take seconds; and the GIN index without fastupdate has no pending list to grow under
-- updates. No GiST index beside it: the planner would prefer it and it is slower.
CREATE TABLE customer_name (
    customer_id uuid PRIMARY KEY REFERENCES customer (id),
    core_name   text NOT NULL
);
CREATE INDEX customer_name_trgm_idx ON customer_name USING gin (core_name gin_trgm_ops) WITH (fastupdate = off);

-- The deletion neighbourhood of each live normalised name of at least 4 code points: the name itself
-- and every string made by deleting one code point (customer_name_variants below), so one-character
-- typos, which trigrams miss on short Chinese names, are found by b-tree lookups: two names are at
-- most one edit apart only if they share a variant (the application then verifies the distance).
-- Rows: SELECT v, customer_id FROM customer_name, customer_name_variants(core_name) AS v.
CREATE FUNCTION customer_name_variants(core text) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE ROWS 12 AS $$
    SELECT core WHERE char_length(core) >= 4
    UNION
    SELECT overlay(core PLACING '' FROM i FOR 1)
    FROM generate_series(1, char_length(core)) AS i
    WHERE char_length(core) >= 4
$$;

CREATE TABLE customer_name_variant (
    variant     text NOT NULL,
    customer_id uuid NOT NULL REFERENCES customer (id),
    CONSTRAINT customer_name_variant_pk PRIMARY KEY (variant, customer_id)
);
CREATE INDEX customer_name_variant_customer_idx ON customer_name_variant (customer_id);
