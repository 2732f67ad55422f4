-- The customer list by grade (A/B/C by expected signing date, derived at read time, never stored).
-- A grade is a range of expected_sign_date given today's window, and the grade order (A, B, C;
-- soonest date first, no date last; ties by id) is simply that date ascending with no date last.
-- Both are written over COALESCE(expected_sign_date, 'infinity'), so one expression index serves
-- the order, its keyset and every grade filter; a customer without a date is C (after any window).
CREATE INDEX customer_grade_idx ON customer ((COALESCE(expected_sign_date, 'infinity'::date)), id);
-- The same per owner, for the unrolled per-owner list of callers with a limited view (live customers,
-- as customer_live_owner_order_idx).
CREATE INDEX customer_live_owner_grade_idx ON customer (owner_key, (COALESCE(expected_sign_date, 'infinity'::date)), id)
    WHERE NOT archived;
