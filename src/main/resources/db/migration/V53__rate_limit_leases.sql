-- Issue 14: a request's rate-limit count without a round trip. An instance takes a share of a bucket's
-- remaining budget at once (a lease: hits grows by the share) and counts the next requests against it in
-- memory; granted is the share of the last take, which RETURNING gives back with the new total. The
-- default keeps an older instance's one-by-one upsert (hits + 1) valid during a rolling deploy.
ALTER TABLE rate_limit_window ADD COLUMN granted integer NOT NULL DEFAULT 1;
