-- Trigram search on company names and phones; trusted extension, so a database owner may create it.
-- It lives in public so that every schema (dev, test, bench) of one database can use it.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

CREATE TABLE team (
    id          uuid PRIMARY KEY,
    name        varchar(200) NOT NULL,
    parent_id   uuid REFERENCES team (id),
    manager_id  uuid,
    active      boolean      NOT NULL DEFAULT true,
    version     bigint       NOT NULL,
    created_at  timestamptz  NOT NULL,
    created_by  varchar(200) NOT NULL,
    updated_at  timestamptz  NOT NULL,
    updated_by  varchar(200) NOT NULL,
    CONSTRAINT team_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX team_parent_idx ON team (parent_id);
CREATE INDEX team_manager_idx ON team (manager_id);

CREATE TABLE app_user (
    id           uuid PRIMARY KEY,
    login        varchar(200) NOT NULL,
    display_name varchar(200) NOT NULL,
    team_id      uuid REFERENCES team (id),
    active       boolean      NOT NULL DEFAULT true,
    version      bigint       NOT NULL,
    created_at   timestamptz  NOT NULL,
    created_by   varchar(200) NOT NULL,
    updated_at   timestamptz  NOT NULL,
    updated_by   varchar(200) NOT NULL,
    CONSTRAINT app_user_login_uq UNIQUE (login)
);
CREATE INDEX app_user_team_idx ON app_user (team_id);
ALTER TABLE team ADD CONSTRAINT team_manager_fk FOREIGN KEY (manager_id) REFERENCES app_user (id);

-- Changes to teams and users: who, when, each field's old and new value.
CREATE TABLE org_history (
    id          bigserial PRIMARY KEY,
    entity_type varchar(20)  NOT NULL,
    entity_id   uuid         NOT NULL,
    action      varchar(20)  NOT NULL,
    actor       varchar(200) NOT NULL,
    at          timestamptz  NOT NULL,
    changes     jsonb        NOT NULL
);
CREATE INDEX org_history_entity_idx ON org_history (entity_id, id);

CREATE TABLE customer (
    id                 uuid PRIMARY KEY,
    name               varchar(200)  NOT NULL,
    credit_code        varchar(18),
    phones             text[]        NOT NULL DEFAULT '{}',
    emails             text[]        NOT NULL DEFAULT '{}',
    website            varchar(500),
    industry           varchar(100),
    company_size       varchar(20),
    province           varchar(50),
    city               varchar(50),
    address            varchar(500),
    source             varchar(100),
    status             varchar(20)   NOT NULL,
    expected_sign_date date,
    tags               text[]        NOT NULL DEFAULT '{}',
    notes              varchar(10000),
    owner_id           uuid REFERENCES app_user (id),
    -- The pool is owner "nobody"; one non-null key lets a single equality predicate (and index)
    -- decide visibility for owners and the pool alike.
    owner_key          uuid GENERATED ALWAYS AS (coalesce(owner_id, '00000000-0000-0000-0000-000000000000'::uuid)) STORED,
    archived           boolean       NOT NULL DEFAULT false,
    -- Lower-cased name and phone digits, maintained by the application, for q= search.
    search_text        text          NOT NULL,
    version            bigint        NOT NULL,
    created_at         timestamptz   NOT NULL,
    created_by         varchar(200)  NOT NULL,
    updated_at         timestamptz   NOT NULL,
    updated_by         varchar(200)  NOT NULL,
    CONSTRAINT customer_status_ck CHECK (status IN ('LEAD', 'PROSPECT', 'SIGNED', 'LOST')),
    CONSTRAINT customer_size_ck CHECK (company_size IS NULL OR company_size IN ('MICRO', 'SMALL', 'MEDIUM', 'LARGE', 'ENTERPRISE'))
);
-- Keyset order is (created_at DESC, id DESC); each visibility key walks its own slice of this index.
CREATE INDEX customer_owner_order_idx ON customer (owner_key, created_at DESC, id DESC);
CREATE INDEX customer_order_idx ON customer (created_at DESC, id DESC);
CREATE INDEX customer_updated_idx ON customer (updated_at);
CREATE INDEX customer_status_idx ON customer (status);
CREATE INDEX customer_city_idx ON customer (city);
CREATE INDEX customer_industry_idx ON customer (industry);
CREATE INDEX customer_tags_idx ON customer USING gin (tags);
CREATE INDEX customer_search_idx ON customer USING gin (search_text gin_trgm_ops) WITH (fastupdate = off);

CREATE TABLE contact (
    id             uuid PRIMARY KEY,
    customer_id    uuid          NOT NULL REFERENCES customer (id),
    name           varchar(100)  NOT NULL,
    title          varchar(100),
    phones         text[]        NOT NULL DEFAULT '{}',
    email          varchar(254),
    messaging_id   varchar(100),
    decision_role  varchar(20),
    decision_maker boolean       NOT NULL DEFAULT false,
    archived       boolean       NOT NULL DEFAULT false,
    version        bigint        NOT NULL,
    created_at     timestamptz   NOT NULL,
    created_by     varchar(200)  NOT NULL,
    updated_at     timestamptz   NOT NULL,
    updated_by     varchar(200)  NOT NULL,
    CONSTRAINT contact_role_ck CHECK (decision_role IS NULL OR decision_role IN ('DECISION_MAKER', 'INFLUENCER', 'USER', 'GATEKEEPER'))
);
CREATE INDEX contact_customer_idx ON contact (customer_id, created_at, id);

-- Every change to a customer or one of its contacts; carries customer_id so it shards with it.
CREATE TABLE customer_history (
    id          bigserial PRIMARY KEY,
    customer_id uuid         NOT NULL REFERENCES customer (id),
    entity_type varchar(20)  NOT NULL,
    entity_id   uuid         NOT NULL,
    action      varchar(20)  NOT NULL,
    actor       varchar(200) NOT NULL,
    at          timestamptz  NOT NULL,
    changes     jsonb        NOT NULL
);
CREATE INDEX customer_history_customer_idx ON customer_history (customer_id, id DESC);
