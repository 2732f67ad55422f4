-- Requests counted per caller, class of operation and fixed window, shared by every instance.
-- UNLOGGED: counts need no crash safety (a restart forgives the current window) and skip the WAL,
-- so the one upsert per request stays cheap. Ended windows are swept every minute by each instance.
CREATE UNLOGGED TABLE rate_limit_window (
    bucket       text        NOT NULL,
    window_start timestamptz NOT NULL,
    window_end   timestamptz NOT NULL,
    hits         bigint      NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
CREATE INDEX rate_limit_window_end ON rate_limit_window (window_end);
