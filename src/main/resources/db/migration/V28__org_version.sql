-- The organisation's version (issue 14). Every instance caches the callers it resolved (CallerContext:
-- user, active, leaving_on, and the users of the team subtrees a manager manages), each tagged with the
-- version it was read at, and serves an entry only while that is the version its listener last saw
-- (OrgCache). Every statement that changes what a resolution reads moves the version and notifies the
-- listeners on channel crm_org, with the schema and the new version as payload; a listener also reads
-- the version on a heartbeat, so a notification lost any other way is caught within one beat.
--
-- The value comes from a sequence, never from version + 1: a transaction that rolls back, or that reads
-- its own uncommitted change, may have seen a value that is then never committed, and no committed state
-- can ever carry it. BEFORE statement triggers take the row's lock before the changed rows' locks, so two
-- org transactions queue on it instead of deadlocking on each other's rows, and committed versions rise
-- in commit order.
CREATE SEQUENCE org_version_seq;
CREATE TABLE org_version (
    version bigint NOT NULL
);
-- One row, forever: the unique expression index refuses a second one.
CREATE UNIQUE INDEX org_version_one_row ON org_version ((true));
INSERT INTO org_version (version) VALUES (nextval('org_version_seq'));

-- The schema is pinned, so that a session with another search_path still moves this schema's version.
-- NOTIFY is sent at commit only, and never for a transaction that rolls back.
CREATE FUNCTION org_version_bump() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    bumped bigint;
BEGIN
    UPDATE org_version SET version = nextval('org_version_seq') RETURNING version INTO bumped;
    PERFORM pg_notify('crm_org', TG_TABLE_SCHEMA || ' ' || bumped);
    RETURN NULL;
END
$$;

-- Only the columns the resolution reads: other edits (display names, team names) keep every entry.
CREATE TRIGGER app_user_org_version BEFORE INSERT OR DELETE OR UPDATE OF id, login, active, leaving_on, team_id
    ON app_user FOR EACH STATEMENT EXECUTE FUNCTION org_version_bump();
CREATE TRIGGER app_user_org_version_truncate BEFORE TRUNCATE
    ON app_user FOR EACH STATEMENT EXECUTE FUNCTION org_version_bump();
CREATE TRIGGER team_org_version BEFORE INSERT OR DELETE OR UPDATE OF id, manager_id, parent_id
    ON team FOR EACH STATEMENT EXECUTE FUNCTION org_version_bump();
CREATE TRIGGER team_org_version_truncate BEFORE TRUNCATE
    ON team FOR EACH STATEMENT EXECUTE FUNCTION org_version_bump();
