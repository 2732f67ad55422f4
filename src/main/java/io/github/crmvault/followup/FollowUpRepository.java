package io.github.crmvault.followup;

import io.github.crmvault.common.paging.RankCursor;
import io.github.crmvault.common.security.Visibility;
import io.github.crmvault.common.sql.UuidArrays;
import io.github.crmvault.customer.CustomerAccess;
import io.github.crmvault.followup.FollowUpDtos.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.query.NativeQuery;

/**
 * The follow-ups of one page in one statement. Owners in id order, and for each (LATERAL) the
 * customers it owns with their latest visit (one index probe each), every kind a row of a VALUES
 * list that applies or not: the outer order is the owner's, so PostgreSQL stops after the owners
 * that fill the page, and an admin's page costs what a rep's does (bench: 100k customers, 300k
 * visits). The rules live here in SQL because they must page; {@link FollowUpService} words them.
 */
@ApplicationScoped
class FollowUpRepository {
    /**
     * Per owner {@code o}: its live customers but the LOST ones, with their latest visit by visit
     * time; {@code seen_on} is the company day anyone last looked at the customer (its latest visit,
     * or the day its owner got it). Then the kinds, as (urgency, due day, applies).
     */
    private static final String SQL = """
            SELECT o.id AS owner_id, o.display_name, i.urgency, i.due_on, i.id, i.name, i.expected_sign_date,
                   i.protected_until, i.visit_id, i.visited_at, i.seen_on, i.next_step
            FROM (SELECT u.id, u.display_name FROM app_user u WHERE TRUE%s) o
            CROSS JOIN LATERAL (
                SELECT k.urgency, k.due_on, s.*
                FROM (
                    SELECT c.id, c.name, c.status, c.expected_sign_date, c.protected_until,
                           (%s) AS protection_ends,
                           lv.id AS visit_id, lv.visited_at, lv.next_step, lv.next_step_date,
                           CAST(COALESCE(lv.visited_at, c.claimed_at, c.created_at) AT TIME ZONE :zone AS date) AS seen_on
                    FROM customer c
                    LEFT JOIN LATERAL (SELECT v.id, v.visited_at, v.next_step, v.next_step_date FROM visit v
                                       WHERE v.customer_id = c.id ORDER BY v.visited_at DESC, v.id DESC LIMIT 1) lv ON true
                    WHERE c.owner_id = o.id AND NOT c.archived AND c.status <> 'LOST'%s
                ) s
                CROSS JOIN LATERAL (VALUES %s) k(urgency, due_on, applies)
                WHERE k.applies
            ) i%s
            ORDER BY o.id, i.urgency, i.due_on, i.id LIMIT :limit
            """;
    /** A customers that are neither signed nor lost, by today's window. */
    private static final String GRADE_A = "s.status <> 'SIGNED' AND s.expected_sign_date <= :lastA";
    private static final String IDLE = "s.seen_on + :idleDays <= :today";

    @Inject
    EntityManager em;

    /** The caller's view (everything, or some owners' keys and the pool's), narrowed to one owner or not. */
    record Scope(Visibility visibility, UUID ownerId) {
    }

    /** What a page's rules are measured against: today, its grade window and the settings. */
    record Rules(String zone, LocalDate today, LocalDate lastA, int aWithinDays, int bWithinDays, int idleDays,
            Instant protectionUntil) {
    }

    record Row(Kind kind, LocalDate dueOn, UUID customerId, String customerName, UUID ownerId, String ownerName,
            LocalDate expectedSignDate, Instant protectedUntil, UUID visitId, Instant visitedAt, LocalDate seenOn,
            String nextStep) {
        RankCursor cursor() {
            return new RankCursor(ownerId, kind.rank(), dueOn, customerId);
        }
    }

    List<Row> page(Scope scope, Set<Kind> kinds, Rules rules, RankCursor after, int limit) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder owners = new StringBuilder();
        String visible = "";
        if (!scope.visibility().seesEverything()) {
            visible = " AND " + Visibility.SQL_PREDICATE;
            // The owners to walk: the view's keys but the pool's, which owns nothing.
            owners.append(" AND u.id = ANY(CAST(:visibleOwners AS uuid[]))");
            List<UUID> keys = new ArrayList<>(scope.visibility().ownerKeys());
            keys.remove(Visibility.POOL);
            params.put("visibleOwners", UuidArrays.literal(keys));
        }
        if (scope.ownerId() != null) {
            owners.append(" AND u.id = :ownerId");
            params.put("ownerId", scope.ownerId());
        }
        String keyset = "";
        if (after != null) {
            // Owners before the cursor's have nothing left to show.
            owners.append(" AND u.id >= :afterOwner");
            keyset = " WHERE (o.id, i.urgency, i.due_on, i.id) > (:afterOwner, :afterUrgency, :afterOn, :afterId)";
            params.put("afterOwner", after.group());
            params.put("afterUrgency", after.rank());
            params.put("afterOn", after.on());
            params.put("afterId", after.id());
        }
        List<String> kindRows = new ArrayList<>();
        boolean overdue = kinds.contains(Kind.NEXT_STEP_OVERDUE);
        boolean due = kinds.contains(Kind.NEXT_STEP_DUE);
        if (overdue || due) {
            String dates = overdue && due ? "s.next_step_date <= :today"
                    : overdue ? "s.next_step_date < :today" : "s.next_step_date = :today";
            kindRows.add("(CASE WHEN s.next_step_date < :today THEN 1 ELSE 2 END, s.next_step_date, " + dates + ")");
        }
        if (kinds.contains(Kind.A_CUSTOMER_NOT_VISITED)) {
            kindRows.add("(3, s.seen_on + :idleDays, " + GRADE_A + " AND " + IDLE + ")");
        }
        if (kinds.contains(Kind.PROTECTION_ENDING)) {
            kindRows.add("(4, CAST(s.protected_until AT TIME ZONE :zone AS date), s.protection_ends)");
            params.put("until", rules.protectionUntil());
        }
        if (kinds.contains(Kind.B_MOVED_INTO_A)) {
            // B on the day last seen (measured with today's expected date), A today, and not idle long
            // enough to be listed as A_CUSTOMER_NOT_VISITED.
            kindRows.add("(5, s.expected_sign_date - :aDays, " + GRADE_A + " AND s.expected_sign_date > s.seen_on + :aDays"
                    + " AND s.expected_sign_date <= s.seen_on + :bDays AND NOT (" + IDLE + "))");
        }
        String protection = kinds.contains(Kind.PROTECTION_ENDING) ? CustomerAccess.PROTECTION_ENDS_SQL : "false";
        String sql = SQL.formatted(owners, protection, visible, String.join(", ", kindRows), keyset);
        params.put("zone", rules.zone());
        params.put("today", rules.today());
        params.put("lastA", rules.lastA());
        params.put("aDays", rules.aWithinDays());
        params.put("bDays", Math.max(rules.aWithinDays(), rules.bWithinDays()));
        params.put("idleDays", rules.idleDays());
        params.put("limit", limit);
        NativeQuery<?> query = em.createNativeQuery(sql).unwrap(NativeQuery.class);
        // Only the parameters the statement names: a named parameter it lacks is an error.
        params.forEach((name, value) -> {
            if (sql.contains(":" + name)) {
                query.setParameter(name, value);
            }
        });
        query.addScalar("urgency", Integer.class).addScalar("due_on", LocalDate.class).addScalar("id", UUID.class)
                .addScalar("name", String.class).addScalar("owner_id", UUID.class).addScalar("display_name", String.class)
                .addScalar("expected_sign_date", LocalDate.class).addScalar("protected_until", Instant.class)
                .addScalar("visit_id", UUID.class).addScalar("visited_at", Instant.class)
                .addScalar("seen_on", LocalDate.class).addScalar("next_step", String.class);
        List<Row> rows = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] r = (Object[]) row;
            rows.add(new Row(Kind.ofRank((Integer) r[0]), (LocalDate) r[1], (UUID) r[2], (String) r[3], (UUID) r[4],
                    (String) r[5], (LocalDate) r[6], (Instant) r[7], (UUID) r[8], (Instant) r[9], (LocalDate) r[10],
                    (String) r[11]));
        }
        return rows;
    }
}
