-- The company day a user leaves (null: not leaving). While set, the user cannot claim or export and
-- sees contacts masked except on customers visited that day; on the date the leaving job hands their
-- customers over and deactivates them.
ALTER TABLE app_user ADD COLUMN leaving_on date;
-- The leaving job's scan: only active users with a date, a handful at most.
CREATE INDEX app_user_leaving_idx ON app_user (leaving_on) WHERE leaving_on IS NOT NULL AND active;
