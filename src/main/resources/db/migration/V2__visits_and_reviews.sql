-- Visit records and the managers' reviews of them. Both carry customer_id so they shard with the
-- customer; who may see them is decided by the customer's owner_key (visits follow the customer).

CREATE TABLE visit (
    id               uuid PRIMARY KEY,               -- the client may supply it: a retry names the same row
    customer_id      uuid          NOT NULL REFERENCES customer (id),
    author_id        uuid          NOT NULL REFERENCES app_user (id),
    contact_ids      uuid[]        NOT NULL DEFAULT '{}',
    visited_at       timestamptz   NOT NULL,
    channel          varchar(20)   NOT NULL,
    latitude         numeric(9, 6),
    longitude        numeric(9, 6),
    location_address varchar(500),
    notes            varchar(20000) NOT NULL,
    outcome          varchar(2000),
    interest_level   integer,                         -- 1 (none) to 5 (ready to sign)
    next_step        varchar(2000),
    next_step_date   date,
    -- Computed by the server from notes, contacts and next step (VisitQuality).
    note_length      integer       NOT NULL,
    quality_score    integer       NOT NULL,
    effective        boolean       NOT NULL,
    -- SHA-256 of the creating request's content: a replay with the same id must carry the same content.
    content_hash     varchar(64)   NOT NULL,
    -- Kept by the service when a review is added; drives the partial index of the review queue.
    review_count     integer       NOT NULL DEFAULT 0,
    version          bigint        NOT NULL,
    created_at       timestamptz   NOT NULL,
    created_by       varchar(200)  NOT NULL,
    updated_at       timestamptz   NOT NULL,
    updated_by       varchar(200)  NOT NULL,
    CONSTRAINT visit_channel_ck CHECK (channel IN ('ON_SITE', 'PHONE', 'VIDEO', 'MESSAGING')),
    CONSTRAINT visit_latitude_ck CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
    CONSTRAINT visit_longitude_ck CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
    CONSTRAINT visit_interest_ck CHECK (interest_level IS NULL OR interest_level BETWEEN 1 AND 5),
    CONSTRAINT visit_score_ck CHECK (quality_score BETWEEN 0 AND 100),
    CONSTRAINT visit_note_length_ck CHECK (note_length >= 0),
    CONSTRAINT visit_review_count_ck CHECK (review_count >= 0)
);
-- A customer's visits, newest first.
CREATE INDEX visit_customer_idx ON visit (customer_id, visited_at DESC, id DESC);
-- An author's visits by date (scanned backwards for newest first).
CREATE INDEX visit_author_idx ON visit (author_id, visited_at, id);
-- The review queue: unreviewed visits by author and day, oldest first.
CREATE INDEX visit_review_queue_idx ON visit (author_id, visited_at, id) WHERE review_count = 0;

CREATE TABLE visit_review (
    id          uuid PRIMARY KEY,
    visit_id    uuid          NOT NULL REFERENCES visit (id),
    customer_id uuid          NOT NULL REFERENCES customer (id),
    reviewer_id uuid          NOT NULL REFERENCES app_user (id),
    verdict     varchar(20)   NOT NULL,
    comment     varchar(2000),
    created_at  timestamptz   NOT NULL,
    created_by  varchar(200)  NOT NULL,
    CONSTRAINT visit_review_verdict_ck CHECK (verdict IN ('GOOD', 'NEEDS_WORK'))
);
CREATE INDEX visit_review_visit_idx ON visit_review (visit_id, created_at, id);
CREATE INDEX visit_review_customer_idx ON visit_review (customer_id);
