package io.github.crmvault.digest;

/**
 * A follow-up missed (a next step not followed up), as one SQL fragment over a visit aliased {@code v}:
 * the visit set a next step for a day ({@code next_step_date}) and no later visit of that customer, by
 * anyone, is dated by the end of that day in the company time zone ({@code :zone}). Kept apart so
 * that the follow-ups list (what is due or overdue) and the digests (what was missed) share one rule.
 * Visit dates, not recording times: a visit written up offline and synced the next morning still
 * counts as the follow-up it was.
 */
final class FollowUpsMissed {
    static final String CONDITION = "NOT EXISTS (SELECT 1 FROM visit later WHERE later.customer_id = v.customer_id"
            + " AND later.visited_at > v.visited_at"
            + " AND later.visited_at < CAST(v.next_step_date + 1 AS timestamp) AT TIME ZONE :zone)";

    private FollowUpsMissed() {
    }
}
