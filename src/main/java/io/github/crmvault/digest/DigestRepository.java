package io.github.crmvault.digest;

import io.github.crmvault.digest.DigestDtos.Kind;
import io.github.crmvault.digest.DigestDtos.ScopeKind;
import io.github.crmvault.report.ReportFigures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The digests' own SQL: who is in which section, the figures the reports do not count (reviews, new A
 * customers, follow-ups missed), and the stored digests. Figures are set-based over pairs (user,
 * group) as in the reports, so a build of every rep's digest is a handful of statements.
 */
@ApplicationScoped
class DigestRepository {
    /** The company scope's key (a NULL in the unique key would let duplicates in). */
    static final UUID COMPANY = new UUID(0L, 0L);

    @Inject
    EntityManager em;

    /** A user or team and its name. */
    record Named(UUID id, String name) {
    }

    /** Pairs: the work of user i counts towards group i. */
    record Pairs(List<UUID> users, List<UUID> groups) {
        static Pairs self(List<UUID> users) {
            return new Pairs(users, users);
        }
    }

    /** The period as the statements bind it. */
    record Window(LocalDate from, LocalDate to, Instant start, Instant end, String zone, int aWithinDays) {
    }

    /** The figures only digests have. */
    static final class Extras {
        static final Extras NONE = new Extras();
        long reviewsDone;
        long reviewBacklog;
        long newACustomers;
        long followUpsMissed;
    }

    Optional<String> userName(UUID id) {
        List<?> rows = em.createNativeQuery("SELECT display_name FROM app_user WHERE id = :id").setParameter("id", id)
                .getResultList();
        return rows.stream().map(String.class::cast).findFirst();
    }

    /** Every active user: each gets a rep digest. */
    List<Named> activeUsers() {
        return named(em.createNativeQuery("SELECT id, display_name FROM app_user WHERE active ORDER BY display_name, id"));
    }

    /**
     * The active reps a manager manages (managed_owner: every other user of the team subtrees they
     * manage), by manager; {@code manager} null for every manager.
     */
    Map<UUID, List<Named>> managedReps(UUID manager) {
        Query query = em.createNativeQuery("SELECT mo.manager_id, u.id, u.display_name FROM managed_owner mo"
                + " JOIN app_user u ON u.id = mo.owner_id WHERE u.active"
                + (manager == null ? "" : " AND mo.manager_id = :manager") + " ORDER BY u.display_name, u.id");
        if (manager != null) {
            query.setParameter("manager", manager);
        }
        return grouped(query);
    }

    /** Every active top-level team (region), by name. */
    List<Named> regions() {
        return named(em.createNativeQuery("SELECT id, name FROM team WHERE parent_id IS NULL AND active ORDER BY name, id"));
    }

    /** The active users of each region: members of the top-level team or of any team below it. */
    Map<UUID, List<Named>> regionMembers() {
        return grouped(em.createNativeQuery("""
                WITH RECURSIVE reach(region, id) AS (
                    SELECT id, id FROM team WHERE parent_id IS NULL
                    UNION
                    SELECT r.region, t.id FROM team t JOIN reach r ON t.parent_id = r.id
                )
                SELECT r.region, u.id, u.display_name FROM reach r JOIN app_user u ON u.team_id = r.id
                WHERE u.active ORDER BY u.display_name, u.id
                """));
    }

    /** Reviews, backlog, new A customers and follow-ups missed per group; {@code pairs} null counts everything. */
    Map<UUID, Extras> extras(Pairs pairs, Window w) {
        Map<UUID, Extras> extras = new HashMap<>();
        for (Object[] r : run("SELECT m.grp, count(*) FROM visit_review r JOIN visit v ON v.id = r.visit_id"
                + members(pairs, "v.author_id") + " WHERE r.created_at >= :start AND r.created_at < :end GROUP BY m.grp",
                pairs, w)) {
            extra(extras, r).reviewsDone = count(r[1]);
        }
        // The queue at the end: unreviewed now (the queue's partial index), plus those first reviewed only
        // after the end, found from the reviews since then (few, for a period that just ended).
        for (Object[] r : run("WITH late AS MATERIALIZED (SELECT DISTINCT v.id, v.author_id FROM visit_review r"
                + " JOIN visit v ON v.id = r.visit_id WHERE r.created_at >= :end AND v.visited_at < :end"
                + " AND NOT EXISTS (SELECT 1 FROM visit_review e WHERE e.visit_id = v.id AND e.created_at < :end))"
                + " SELECT grp, count(*) FROM (SELECT m.grp FROM visit v" + members(pairs, "v.author_id")
                + " WHERE v.review_count = 0 AND v.visited_at < :end"
                + " UNION ALL SELECT m.grp FROM late v" + members(pairs, "v.author_id") + ") x GROUP BY grp", pairs, w)) {
            extra(extras, r).reviewBacklog = count(r[1]);
        }
        // A on the last day: expected by to + a days; not A the day before: expected after from - 1 + a days.
        for (Object[] r : run("SELECT m.grp, count(*) FROM customer c" + members(pairs, "c.owner_key")
                + " WHERE NOT c.archived AND c.created_at < :end AND c.expected_sign_date <= CAST(:toDay AS date) + :aDays"
                + " AND (c.expected_sign_date > CAST(:fromDay AS date) - 1 + :aDays OR c.created_at >= :start)"
                + " GROUP BY m.grp", pairs, w)) {
            extra(extras, r).newACustomers = count(r[1]);
        }
        for (Object[] r : run("SELECT m.grp, count(*) FROM visit v" + members(pairs, "v.author_id")
                + " WHERE v.next_step_date BETWEEN :fromDay AND :toDay AND " + FollowUpsMissed.CONDITION
                + " GROUP BY m.grp", pairs, w)) {
            extra(extras, r).followUpsMissed = count(r[1]);
        }
        return extras;
    }

    /** The stored body of a digest, if built. */
    Optional<String> stored(Kind kind, LocalDate start, ScopeKind scopeKind, UUID scopeId) {
        List<?> rows = em.createNativeQuery("SELECT CAST(body AS text) FROM digest WHERE kind = :kind"
                + " AND period_start = :start AND scope_kind = :scopeKind AND scope_id = :scopeId")
                .setParameter("kind", kind.name()).setParameter("start", start)
                .setParameter("scopeKind", scopeKind.name()).setParameter("scopeId", scopeId).getResultList();
        return rows.stream().map(String.class::cast).findFirst();
    }

    /** The scopes whose digest of the period is built, as "KIND:id". */
    Set<String> built(Kind kind, LocalDate start) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT scope_kind, scope_id FROM digest WHERE kind = :kind"
                + " AND period_start = :start").setParameter("kind", kind.name()).setParameter("start", start)
                .getResultList();
        Set<String> keys = new HashSet<>();
        rows.forEach(r -> keys.add(key(ScopeKind.valueOf((String) r[0]), (UUID) r[1])));
        return keys;
    }

    static String key(ScopeKind kind, UUID id) {
        return kind + ":" + id;
    }

    /** Stores a digest unless one is stored already; true when this call stored it. */
    boolean insert(UUID id, Kind kind, LocalDate start, ScopeKind scopeKind, UUID scopeId, String body, Instant builtAt) {
        return em.createNativeQuery("INSERT INTO digest (id, kind, period_start, scope_kind, scope_id, body, built_at)"
                + " VALUES (:id, :kind, :start, :scopeKind, :scopeId, CAST(:body AS jsonb), :builtAt)"
                + " ON CONFLICT ON CONSTRAINT digest_once_uq DO NOTHING")
                .setParameter("id", id).setParameter("kind", kind.name()).setParameter("start", start)
                .setParameter("scopeKind", scopeKind.name()).setParameter("scopeId", scopeId)
                .setParameter("body", body).setParameter("builtAt", builtAt).executeUpdate() == 1;
    }

    /** Joins the pairs on a user column; for everything, every row counts in the one group. */
    private static String members(Pairs pairs, String userColumn) {
        if (pairs == null) {
            return " CROSS JOIN (SELECT CAST(:everyone AS uuid) AS grp) m";
        }
        return " JOIN unnest(CAST(:users AS uuid[]), CAST(:groups AS uuid[])) m(user_id, grp) ON m.user_id = " + userColumn;
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> run(String sql, Pairs pairs, Window w) {
        Query query = em.createNativeQuery(sql);
        if (pairs == null) {
            query.setParameter("everyone", ReportFigures.ALL);
        } else {
            query.setParameter("users", pairs.users().toArray(UUID[]::new));
            query.setParameter("groups", pairs.groups().toArray(UUID[]::new));
        }
        // Each statement binds what it names.
        if (sql.contains(":start")) {
            query.setParameter("start", w.start());
        }
        if (sql.contains(":end")) {
            query.setParameter("end", w.end());
        }
        if (sql.contains(":fromDay")) {
            query.setParameter("fromDay", w.from()).setParameter("toDay", w.to());
        }
        if (sql.contains(":aDays")) {
            query.setParameter("aDays", w.aWithinDays());
        }
        if (sql.contains(":zone")) {
            query.setParameter("zone", w.zone());
        }
        return query.getResultList();
    }

    @SuppressWarnings("unchecked")
    private static List<Named> named(Query query) {
        List<Named> named = new ArrayList<>();
        for (Object[] r : (List<Object[]>) query.getResultList()) {
            named.add(new Named((UUID) r[0], (String) r[1]));
        }
        return named;
    }

    @SuppressWarnings("unchecked")
    private static Map<UUID, List<Named>> grouped(Query query) {
        Map<UUID, List<Named>> grouped = new HashMap<>();
        for (Object[] r : (List<Object[]>) query.getResultList()) {
            grouped.computeIfAbsent((UUID) r[0], k -> new ArrayList<>()).add(new Named((UUID) r[1], (String) r[2]));
        }
        return grouped;
    }

    private static Extras extra(Map<UUID, Extras> extras, Object[] row) {
        return extras.computeIfAbsent((UUID) row[0], g -> new Extras());
    }

    private static long count(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
