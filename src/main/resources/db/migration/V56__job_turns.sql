-- Issue 14: a periodic job whose work belongs to the cluster, not to one instance, runs once a period in all.
--
-- RecallJob scans the whole customer table (no index has protected_until, V36) once a minute on every
-- instance: N instances made N scans a minute, 0.3 s each at 1M customers when quiet and 1.7-16.8 s under load
-- (bench/README, seventeenth round). Each instance still asks every period; the one whose UPDATE finds the
-- last turn old enough takes it (JobTurns), the others skip. A table, not an advisory lock: a lock only keeps
-- two runs apart, it cannot tell the next instance that the period's run already happened.
CREATE TABLE job_turn (
    job      varchar(64) PRIMARY KEY,
    taken_at timestamptz NOT NULL
);
