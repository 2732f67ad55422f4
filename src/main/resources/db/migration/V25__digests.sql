-- Daily and weekly digests (日报 / 周报), built once after the company day or week ended and then
-- read as stored: what a manager pasted into the chat group on Monday says the same on Friday.
-- Not customer rows (a digest sums many customers' work), so no customer_id.
CREATE TABLE digest (
    id            uuid PRIMARY KEY,
    kind          varchar(10)  NOT NULL,
    -- The company day, or the Monday of the ISO week, in crm.time-zone.
    period_start  date         NOT NULL,
    -- REP: a user's own work; MANAGER: the reps of the team subtrees a user manages; COMPANY: everyone.
    scope_kind    varchar(10)  NOT NULL,
    -- The user for REP and MANAGER; the all-zero uuid for COMPANY (a NULL would defeat the unique key).
    scope_id      uuid         NOT NULL,
    body          jsonb        NOT NULL,
    built_at      timestamptz  NOT NULL,
    CONSTRAINT digest_kind_ck CHECK (kind IN ('DAILY', 'WEEKLY')),
    CONSTRAINT digest_scope_kind_ck CHECK (scope_kind IN ('REP', 'MANAGER', 'COMPANY')),
    -- Built once: the job on every instance inserts with ON CONFLICT DO NOTHING against this key.
    CONSTRAINT digest_once_uq UNIQUE (kind, period_start, scope_kind, scope_id)
);

-- Reviews written in a period (reviews done; the backlog at a period's end looks at those after it).
CREATE INDEX visit_review_created_idx ON visit_review (created_at) INCLUDE (visit_id);

-- Follow-ups missed: next steps an author set for a day of the period, and all of them for the company.
CREATE INDEX visit_author_next_step_idx ON visit (author_id, next_step_date) WHERE next_step_date IS NOT NULL;
CREATE INDEX visit_next_step_idx ON visit (next_step_date) WHERE next_step_date IS NOT NULL;
