-- The organisation's version (issue 14): every instance caches the callers it resolved (CallerContext:
-- user, active, leaving_on, and the users of the team subtrees a manager manages), tagged with the version
-- they were read at, and uses an entry only while the version a request reads is still the same.
-- Every statement that changes what that resolution reads moves the version, in its own transaction,
-- so a committed org change is seen by the very next request on every instance.
--
-- The value comes from a sequence, never from version + 1: a transaction that rolls back, or that reads
-- its own uncommitted change, may have seen a value that is then never committed, and no committed state
-- can ever carry it. BEFORE statement triggers take the row's lock before the changed rows' locks, so two
-- org transactions queue on it instead of deadlocking on each other's rows.
CREATE SEQUENCE org_version_seq;
CREATE TABLE org_version (
    version bigint NOT NULL
);
-- One row, forever: the unique expression index refuses a second one.
CREATE UNIQUE INDEX org_version_one_row ON org_version ((true));
INSERT INTO org_version (version) VALUES (nextval('org_version_seq'));

-- No NOTIFY: instances learn of a change from the version their requests read, which alone guarantees
-- freshness (and a notification could be missed). The schema is pinned, so that a session with another
-- search_path still moves this schema's version.
CREATE FUNCTION org_version_bump() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE org_version SET version = nextval('org_version_seq');
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
