-- Reports (GET /api/v1/reports/...). Each reads a period of the ownership log per user, or all of it
-- for the company, and the live customers of a set of owners; the per-user indexes carry what the
-- report counts (kind), so they answer from the index alone.

-- Creations and claims credited to a user (new owner) in a period.
CREATE INDEX customer_owner_change_gained_idx ON customer_owner_change (new_owner_key, at) INCLUDE (kind)
    WHERE kind IN ('CREATE', 'CLAIM');
-- Releases and recalls a user suffered (old owner) in a period.
CREATE INDEX customer_owner_change_given_up_idx ON customer_owner_change (old_owner_key, at) INCLUDE (kind)
    WHERE kind IN ('RELEASE', 'RECALL');
-- The company's events in a period.
CREATE INDEX customer_owner_change_at_idx ON customer_owner_change (at);

-- Grade counts, key-person coverage (the id probes the contacts) and the A/B list of an owner's live
-- customers, from the index alone.
CREATE INDEX customer_live_owner_expected_idx ON customer (owner_key, expected_sign_date) INCLUDE (id)
    WHERE NOT archived;

-- Key-person coverage: does a customer have a live decision maker? Few contacts are, so this is small.
CREATE INDEX contact_decision_maker_idx ON contact (customer_id)
    WHERE NOT archived AND (decision_maker OR decision_role = 'DECISION_MAKER');

-- A scope's visits in a period, from the index alone: the author's index also carries what the
-- report adds up, so a month of a team's visits reads a few index pages instead of a heap page per
-- visit (visits of one author lie scattered over the table). Same key as before, so the author's
-- own visit list and review queue use it as they did.
DROP INDEX visit_author_idx;
CREATE INDEX visit_author_idx ON visit (author_id, visited_at, id) INCLUDE (customer_id, effective, note_length, quality_score);
