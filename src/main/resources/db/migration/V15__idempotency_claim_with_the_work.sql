-- Idempotency keys are claimed inside the work's own transaction (a transaction-scoped advisory lock on
-- login and key) and their row is written with the work's answer in that same transaction, so a row
-- always holds a finished answer: there is no "running" row left behind by a crash any more. Rows of
-- requests that were running under the old scheme when it stopped answer nothing and go; their keys
-- are free again.
DELETE FROM idempotency_key WHERE status IS NULL;
ALTER TABLE idempotency_key
    ALTER COLUMN status SET NOT NULL,
    DROP COLUMN completed_at;
