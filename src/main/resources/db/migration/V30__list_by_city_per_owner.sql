-- A rep's list filtered by city (GET /customers?city=...) walks each visible owner's slice of
-- customer_live_owner_order_idx newest first and tests the city row by row: for a city that few of
-- the slice's customers have, that is the whole slice (the public pool's too). With the city ahead of
-- the owner and the list order, each owner's slice of one city is read in order, a page's rows and no
-- more; a city filter alone (admins) still uses the leading column. It replaces the city-only index,
-- so a claim, which rewrites every index entry of the row, touches no more indexes than before.
DROP INDEX IF EXISTS customer_city_idx;
CREATE INDEX customer_city_owner_order_idx ON customer (city, owner_key, created_at DESC, id DESC);
