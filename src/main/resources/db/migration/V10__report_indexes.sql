-- Reports (GET /api/v1/reports/...). Each reads a period of the ownership log per user, or all of it
-- for the company, and the live customers of a set of owners.

-- Creations and claims credited to a user (new owner) in a period.
CREATE INDEX customer_owner_change_gained_idx ON customer_owner_change (new_owner_key, at)
    WHERE kind IN ('CREATE', 'CLAIM');
-- Releases and recalls a user suffered (old owner) in a period.
CREATE INDEX customer_owner_change_given_up_idx ON customer_owner_change (old_owner_key, at)
    WHERE kind IN ('RELEASE', 'RECALL');
-- The company's events in a period.
CREATE INDEX customer_owner_change_at_idx ON customer_owner_change (at);

-- Grade counts and the A/B list of an owner's live customers, from the index alone.
CREATE INDEX customer_live_owner_expected_idx ON customer (owner_key, expected_sign_date) WHERE NOT archived;

-- Key-person coverage: does a customer have a live decision maker? Few contacts are, so this is small.
CREATE INDEX contact_decision_maker_idx ON contact (customer_id)
    WHERE NOT archived AND (decision_maker OR decision_role = 'DECISION_MAKER');
