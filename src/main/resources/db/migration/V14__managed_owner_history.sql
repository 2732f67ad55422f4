-- Who manages whom, for the change feed. A caller with the manager role sees the customers of every
-- other user in the team subtrees they manage (as CallerContext resolves it). managed_owner is that
-- relation now, for every user set as a team's manager; managed_owner_change records each pair that
-- entered or left it, in the transaction of the organisation change, so that its txid orders it
-- among the feed's rows. Whether a manager saw an owner at a feed position T: the pair's first change
-- at or after T says (one that left means yes); without one, the relation now says.
CREATE TABLE managed_owner (
    manager_id  uuid  NOT NULL REFERENCES app_user (id),
    owner_id    uuid  NOT NULL REFERENCES app_user (id),
    CONSTRAINT managed_owner_pk PRIMARY KEY (manager_id, owner_id)
);

CREATE TABLE managed_owner_change (
    seq         bigserial     NOT NULL,
    txid        xid8          NOT NULL DEFAULT pg_current_xact_id(),
    manager_id  uuid          NOT NULL,
    owner_id    uuid          NOT NULL,
    entered     boolean       NOT NULL,
    actor       varchar(200)  NOT NULL,
    at          timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT managed_owner_change_pk PRIMARY KEY (seq)
);
-- The state of one pair at a position, and the owners a manager lost or gained since a cursor.
CREATE INDEX managed_owner_change_pair_idx ON managed_owner_change (manager_id, owner_id, txid);
CREATE INDEX managed_owner_change_manager_idx ON managed_owner_change (manager_id, txid) INCLUDE (owner_id, entered);

-- The relation as the organisation stands; no history before it (the feed takes it as it was always so).
INSERT INTO managed_owner (manager_id, owner_id)
WITH RECURSIVE reach(manager_id, team_id) AS (
    SELECT t.manager_id, t.id FROM team t WHERE t.manager_id IS NOT NULL
    UNION
    SELECT r.manager_id, child.id FROM team child JOIN reach r ON child.parent_id = r.team_id
)
SELECT DISTINCT r.manager_id, u.id FROM reach r JOIN app_user u ON u.team_id = r.team_id WHERE u.id <> r.manager_id;
