package io.github.crmvault.report;

import io.github.crmvault.common.security.Visibility;
import io.github.crmvault.common.sql.UuidArrays;
import io.github.crmvault.customer.Grade;
import io.github.crmvault.report.ReportDtos.CurrencyAmount;
import io.github.crmvault.report.ReportDtos.Grades;
import io.github.crmvault.report.ReportDtos.MissingKeyPerson;
import io.github.crmvault.settings.CompanyCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The SQL of the reports. Every figure is one set-based statement over all the groups at once: a scope's
 * users (or, for the company, everything) joined to visits, the ownership log, deals and customers by
 * the indexes that lead with the user's column, grouped by the group key each user counts towards.
 */
@ApplicationScoped
class ReportRepository {
    /** The group of a whole report (one scope, one group). */
    static final UUID ONE_GROUP = new UUID(0L, 0L);
    /** A deal (d) that counts in the window: live, signed in it. */
    private static final String SIGNED = "d.status = 'ACTIVE' AND d.signed_on BETWEEN :fromDay AND :toDay";

    @Inject
    EntityManager em;

    ReportRepository() {
    }

    /** The statements on a session of their own: a connection of the reports pool ({@link ReportFanOut}). */
    ReportRepository(EntityManager em) {
        this.em = em;
    }

    /** A user of the organisation as the leaderboard and team reports need them. */
    record Member(UUID userId, String displayName, UUID teamId, String teamName) {
    }

    /**
     * Whose work is counted, and which group each user's work counts towards. {@code users} null means
     * everything: every author, owner and pool event, all in {@link #ONE_GROUP}.
     */
    record Scope(List<UUID> users, List<UUID> groups) {
        static final Scope EVERYTHING = new Scope(null, null);

        static Scope of(List<Member> members, Function<Member, UUID> group) {
            return new Scope(members.stream().map(Member::userId).toList(), members.stream().map(group).toList());
        }

        boolean everything() {
            return users == null;
        }

        /**
         * The scope in up to {@code n} parts with about as many groups each, every group with all its
         * users in one part: a statement that works one group at a time gives the same figures over the
         * parts as over the whole. Everything, or a single group, is one part.
         */
        List<Scope> parts(int n) {
            List<UUID> distinct = everything() ? List.of() : groups.stream().distinct().toList();
            if (distinct.size() < 2 || n < 2) {
                return List.of(this);
            }
            int count = Math.min(n, distinct.size());
            Map<UUID, Integer> partOf = new HashMap<>();
            for (int i = 0; i < distinct.size(); i++) {
                partOf.put(distinct.get(i), i * count / distinct.size());
            }
            List<Scope> parts = new ArrayList<>();
            for (int part = 0; part < count; part++) {
                List<UUID> partUsers = new ArrayList<>();
                List<UUID> partGroups = new ArrayList<>();
                for (int i = 0; i < users.size(); i++) {
                    if (partOf.get(groups.get(i)) == part) {
                        partUsers.add(users.get(i));
                        partGroups.add(groups.get(i));
                    }
                }
                parts.add(new Scope(partUsers, partGroups));
            }
            return parts;
        }

        /** FROM the scope's users joined to a table by its user column; for everything, the table alone. */
        String from(String table, String alias, String userColumn) {
            if (everything()) {
                return " FROM (VALUES (CAST('" + ONE_GROUP + "' AS uuid))) m(grp) CROSS JOIN " + table + " " + alias;
            }
            return " FROM unnest(CAST(:users AS uuid[]), CAST(:groups AS uuid[])) m(user_id, grp) JOIN " + table + " "
                    + alias + " ON " + alias + "." + userColumn + " = m.user_id";
        }

        /**
         * FROM every group with the array of its users (for everything, the one group), for a LATERAL
         * subquery that aggregates one group at a time over {@link #memberOf} rows: no sort of all the
         * scope's rows by their group, and DISTINCT and percentiles sort one group's rows only.
         */
        String byGroup() {
            if (everything()) {
                return " FROM (VALUES (CAST('" + ONE_GROUP + "' AS uuid))) m(grp)";
            }
            return " FROM (SELECT grp, array_agg(user_id) AS users FROM unnest(CAST(:users AS uuid[]),"
                    + " CAST(:groups AS uuid[])) u(user_id, grp) GROUP BY grp) m";
        }

        /**
         * {@link #byGroup} with, per group, the array {@code signed} of the distinct customers (each counts
         * once) of the group's users' deals that meet {@code deals}, a condition on deal d; null when none.
         * One read of the deals for every group, not a subquery per group.
         */
        String byGroupSigned(String deals) {
            String signed = "array_agg(DISTINCT d.customer_id) AS signed";
            if (everything()) {
                return " FROM (SELECT CAST('" + ONE_GROUP + "' AS uuid) AS grp, (SELECT " + signed + " FROM deal d WHERE "
                        + deals + ") AS signed) m";
            }
            String pairs = "unnest(CAST(:users AS uuid[]), CAST(:groups AS uuid[])) u(user_id, grp)";
            return " FROM (SELECT g.grp, g.users, s.signed FROM (SELECT grp, array_agg(user_id) AS users FROM " + pairs
                    + " GROUP BY grp) g LEFT JOIN (SELECT u.grp, " + signed + " FROM " + pairs
                    + " JOIN deal d ON d.owner_id = u.user_id WHERE " + deals + " GROUP BY u.grp) s ON s.grp = g.grp) m";
        }

        /** A condition (then AND) that the user in {@code userColumn} is one of the {@link #byGroup} group's users. */
        String memberOf(String userColumn) {
            return everything() ? "" : userColumn + " = ANY(m.users) AND ";
        }

        void bind(Query query) {
            if (!everything()) {
                query.setParameter("users", UuidArrays.literal(users));
                query.setParameter("groups", UuidArrays.literal(groups));
            }
        }
    }

    /** The period as the statements bind it: days for deals, instants of the company's midnights for the rest. */
    record Window(LocalDate from, LocalDate to, Instant start, Instant end, ZoneId zone) {
        static Window of(LocalDate from, LocalDate to, CompanyCalendar calendar, ZoneId zone) {
            return new Window(from, to, calendar.startOf(from), calendar.startOf(to.plusDays(1)), zone);
        }
    }

    Optional<String> userName(UUID id) {
        return single("SELECT display_name FROM app_user WHERE id = :id", id);
    }

    Optional<String> teamName(UUID id) {
        return single("SELECT name FROM team WHERE id = :id", id);
    }

    /** Is the team one the user manages, or below one? */
    boolean managesTeam(UUID userId, UUID teamId) {
        Object found = em.createNativeQuery("""
                WITH RECURSIVE managed(id) AS (
                    SELECT id FROM team WHERE manager_id = :user
                    UNION
                    SELECT t.id FROM team t JOIN managed m ON t.parent_id = m.id
                )
                SELECT count(*) FROM managed WHERE id = :team
                """).setParameter("user", userId).setParameter("team", teamId).getSingleResult();
        return ((Number) found).longValue() > 0;
    }

    /** The current members of the teams and every team below them. */
    List<Member> membersBelow(List<UUID> teams) {
        return members("""
                WITH RECURSIVE subtree(id) AS (
                    SELECT id FROM team WHERE id = ANY(CAST(:teams AS uuid[]))
                    UNION
                    SELECT t.id FROM team t JOIN subtree s ON t.parent_id = s.id
                )
                SELECT u.id, u.display_name, t.id, t.name FROM app_user u JOIN team t ON t.id = u.team_id
                WHERE u.team_id IN (SELECT id FROM subtree) ORDER BY u.display_name, u.id
                """, UuidArrays.literal(teams));
    }

    /** The members of the subtrees the manager manages. */
    List<Member> membersManagedBy(UUID managerId) {
        return membersBelow(teamsManagedBy(managerId));
    }

    /** The teams the user manages directly (the roots of their subtrees). */
    @SuppressWarnings("unchecked")
    List<UUID> teamsManagedBy(UUID managerId) {
        return em.createNativeQuery("SELECT id FROM team WHERE manager_id = :user", UUID.class)
                .setParameter("user", managerId).getResultList();
    }

    /** Every user who is a member of a team. */
    List<Member> allMembers() {
        return members("SELECT u.id, u.display_name, t.id, t.name FROM app_user u JOIN team t ON t.id = u.team_id"
                + " ORDER BY u.display_name, u.id", null);
    }

    private List<Member> members(String sql, String teams) {
        Query query = em.createNativeQuery(sql);
        if (teams != null) {
            query.setParameter("teams", teams);
        }
        return rows(query).stream().map(r -> new Member((UUID) r[0], (String) r[1], (UUID) r[2], (String) r[3])).toList();
    }

    /**
     * Turns PostgreSQL's JIT off for the rest of the transaction: at 1M customers it compiled each
     * report statement for 30-760 ms (EXPLAIN's JIT timing), more than it saved on statements of 5-300 ms.
     */
    void withoutJit() {
        em.createNativeQuery("SELECT set_config('jit', 'off', true)").getSingleResult();
    }

    /**
     * Visits the scope's users authored in the window, one group at a time, and how many of the
     * customers they visited the group signed in the window ({@link #SIGNED}): the group's visits are
     * read here anyway, where probing each signed customer's visits of the window for their authors read
     * the visits' heap (50,000 buffers for the company's month at 1M customers).
     * <p>
     * The distinct customers come as a sorted array (the one sort that {@code count(DISTINCT)} did), and
     * each of the group's few signed customers ({@link Scope#byGroupSigned}) is looked up in it by binary
     * search ({@link #inSorted}). Joining the signed customers to every visit instead cost a hash probe per
     * visit (690,000 for the company's month) and a second distinct sort: the leaderboard's statement takes
     * ~20% less CPU this way.
     */
    void addVisits(Scope scope, Window window, int noteMinimum, Map<UUID, Tally> tallies) {
        Query query = em.createNativeQuery("SELECT m.grp, x.visits, x.effective, x.note_length, x.quality_score,"
                + " x.under_minimum, cardinality(x.customers),"
                + " (SELECT count(*) FROM unnest(m.signed) c WHERE " + inSorted("c", "x.customers") + ")"
                + scope.byGroupSigned(SIGNED) + " CROSS JOIN LATERAL (SELECT count(*) AS visits,"
                + " count(*) FILTER (WHERE v.effective) AS effective, sum(v.note_length) AS note_length,"
                + " sum(v.quality_score) AS quality_score, count(*) FILTER (WHERE v.note_length < :minimum) AS under_minimum,"
                + " array_agg(DISTINCT v.customer_id ORDER BY v.customer_id) AS customers FROM visit v WHERE "
                + scope.memberOf("v.author_id") + "v.visited_at >= :start AND v.visited_at < :end) x")
                .setParameter("minimum", noteMinimum)
                .setParameter("fromDay", window.from())
                .setParameter("toDay", window.to());
        for (Object[] r : run(query, scope, window, false)) {
            Tally t = tally(tallies, r[0]);
            t.visits = count(r[1]);
            t.effectiveVisits = count(r[2]);
            t.noteLengthSum = count(r[3]);
            t.qualityScoreSum = count(r[4]);
            t.underNoteMinimum = count(r[5]);
            t.customersVisited = count(r[6]);
            t.visitedCustomersSigned = count(r[7]);
        }
    }

    /**
     * Whether {@code value} is an element of {@code sorted}, an array in ascending order without nulls, by
     * binary search: {@code width_bucket} gives the position of the last element not above the value (0,
     * whose element is null, when all are above it).
     */
    static String inSorted(String value, String sorted) {
        return sorted + "[width_bucket(" + value + ", " + sorted + ")] = " + value;
    }

    /** Creations and claims naming a user as the new owner, releases and recalls naming them as the old one. */
    void addOwnershipEvents(Scope scope, Window window, Map<UUID, Tally> tallies) {
        String during = " AND e.at >= :start AND e.at < :end";
        Query query = em.createNativeQuery("SELECT grp, count(*) FILTER (WHERE kind = 'CREATE'),"
                + " count(*) FILTER (WHERE kind = 'CLAIM'), count(*) FILTER (WHERE kind = 'RELEASE'),"
                + " count(*) FILTER (WHERE kind = 'RECALL') FROM ("
                + " SELECT m.grp, e.kind" + scope.from("customer_owner_change", "e", "new_owner_key")
                + " WHERE e.kind IN ('CREATE', 'CLAIM')" + during
                + " UNION ALL SELECT m.grp, e.kind" + scope.from("customer_owner_change", "e", "old_owner_key")
                + " WHERE e.kind IN ('RELEASE', 'RECALL')" + during + ") x GROUP BY grp");
        for (Object[] r : run(query, scope, window, false)) {
            Tally t = tally(tallies, r[0]);
            t.newCustomers = count(r[1]);
            t.claims = count(r[2]);
            t.releases = count(r[3]);
            t.recalls = count(r[4]);
        }
    }

    /** Live deals credited to the scope's users signed in the window, per currency. */
    void addDealAmounts(Scope scope, Window window, Map<UUID, Tally> tallies) {
        Query query = em.createNativeQuery("SELECT m.grp, d.currency, count(*), sum(d.amount)"
                + scope.from("deal", "d", "owner_id") + " WHERE " + SIGNED + " GROUP BY m.grp, d.currency ORDER BY d.currency");
        for (Object[] r : run(query, scope, window, true)) {
            Tally t = tally(tallies, r[0]);
            t.dealsSigned += count(r[2]);
            t.dealAmounts.add(new CurrencyAmount(((String) r[1]).trim(), (BigDecimal) r[3]));
        }
    }

    /**
     * The customers of those deals: whether one signed within its A window, and how many visits (by
     * anyone) each had up to the end of its first signing day of the window, through the customer's
     * visits (visit_customer_idx, index only): a period has far fewer signed customers than visits.
     * Whether the group visited them in the window comes with its visits ({@link #addVisits}).
     */
    void addSignedCustomers(Scope scope, Window window, int aWithinDays, Map<UUID, Tally> tallies) {
        Query query = em.createNativeQuery("WITH signed AS ("
                + " SELECT m.grp, d.customer_id, min(d.signed_on) AS signed_on,"
                + " bool_or(d.expected_sign_date BETWEEN d.signed_on AND d.signed_on + :aDays) AS a_in_window"
                + scope.from("deal", "d", "owner_id") + " WHERE " + SIGNED + " GROUP BY m.grp, d.customer_id)"
                + " SELECT s.grp, count(*), count(*) FILTER (WHERE s.a_in_window), sum(pv.n), count(*) FILTER (WHERE pv.n = 1)"
                + " FROM signed s CROSS JOIN LATERAL (SELECT count(*) AS n FROM visit v WHERE v.customer_id = s.customer_id"
                + " AND v.visited_at < CAST(s.signed_on + 1 AS timestamp) AT TIME ZONE :zone) pv"
                + " GROUP BY s.grp")
                .setParameter("aDays", aWithinDays)
                .setParameter("zone", window.zone().getId());
        for (Object[] r : run(query, scope, window, true)) {
            Tally t = tally(tallies, r[0]);
            t.customersSigned = count(r[1]);
            t.aSignedWithinWindow = count(r[2]);
            t.visitsToSignedCustomers = count(r[3]);
            t.oneVisitCloses = count(r[4]);
        }
    }

    /** When a visit record was there to review: made, or recorded, whichever came later. */
    private static String ready(String visit) {
        return "greatest(" + visit + ".visited_at, " + visit + ".created_at)";
    }

    /**
     * The reviews of the visits the scope's users made in the window: reviewed at all, first review by
     * its deadline, percentiles of the hours to it, every review and the NEEDS_WORK ones. The deadline is
     * the end of the ready day plus {@code offsets[ISO day of week]} days, so working days need no
     * calendar table. Read from visit_review_fact (V37's triggers keep one row per reviewed visit, with
     * its first review, review and NEEDS_WORK counts), by visit_review_fact_author_idx or, for the
     * company, visit_review_fact_visited_idx alone: an unreviewed visit adds to none of these figures.
     * Until ReviewFactFill has filled the facts of the reviews made before V37, the same figures come from
     * the reviews, one slice of visit_review_visit_idx per reviewed visit (173,000 for the company's
     * month at 1M customers). One group at a time: the percentiles sort one group's rows, never all the
     * scope's rows by group.
     * <p>
     * The deadlines are worked out once per day ({@link #reviewDays}), not per visit: converting each
     * visit's ready time to a day and its deadline back to an instant took two time-zone conversions per
     * row, half of the statement's CPU.
     */
    void addReviewDiscipline(Scope scope, Window window, int[] offsets, Map<UUID, Tally> tallies) {
        String reviewed = reviewFactsFilled()
                ? "SELECT f.first_reviewed_at AS first_at, f.reviews, f.needs_work, f.visited_at, f.created_at"
                        + " FROM visit_review_fact f WHERE " + scope.memberOf("f.author_id")
                        + "f.visited_at >= :start AND f.visited_at < :end"
                : "SELECT r.first_at, r.reviews, r.needs_work, v.visited_at, v.created_at FROM visit v"
                        + " CROSS JOIN LATERAL (SELECT min(y.created_at) AS first_at, count(*) AS reviews,"
                        + " count(*) FILTER (WHERE y.verdict = 'NEEDS_WORK') AS needs_work FROM visit_review y"
                        + " WHERE y.visit_id = v.id) r WHERE " + scope.memberOf("v.author_id")
                        + "v.review_count > 0 AND r.reviews > 0 AND v.visited_at >= :start AND v.visited_at < :end";
        Query query = em.createNativeQuery("SELECT m.grp, x.reviewed, x.within, x.median, x.p90, x.reviews, x.needs_work"
                + scope.byGroup() + " CROSS JOIN (" + reviewDays() + ") k CROSS JOIN LATERAL (SELECT count(*) AS reviewed,"
                + " count(*) FILTER (WHERE first_at < " + DUE_BY + ") AS within,"
                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS median,"
                + " percentile_cont(0.9) WITHIN GROUP (ORDER BY hours) AS p90,"
                + " sum(reviews) AS reviews, sum(needs_work) AS needs_work FROM ("
                + " SELECT first_at, reviews, needs_work, ready, " + READY_DAY + " AS day,"
                + " " + HOURS + " AS hours"
                + " FROM (SELECT first_at, reviews, needs_work, " + ready("v") + " AS ready FROM (" + reviewed + ") v) v) d) x")
                .setParameter("offsets", "{" + java.util.Arrays.stream(offsets).mapToObj(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(",")) + "}")
                .setParameter("zone", window.zone().getId())
                .setParameter("fromDay", window.from())
                .setParameter("toDay", window.to());
        for (Object[] r : run(query, scope, window, false)) {
            Tally t = tally(tallies, r[0]);
            t.reviewed = count(r[1]);
            t.reviewedWithin = count(r[2]);
            t.medianHoursToFirstReview = r[3] == null ? null : ((Number) r[3]).doubleValue();
            t.p90HoursToFirstReview = r[4] == null ? null : ((Number) r[4]).doubleValue();
            t.reviews = count(r[5]);
            t.needsWork = count(r[6]);
        }
    }

    /**
     * The hours from {@code ready} to {@code first_at}, none below 0, as the double nearest the exact
     * figure (the epoch of the interval as numeric, then cast). Under a day the interval has no days or
     * months and {@code date_part}'s double epoch is its microseconds divided once by 10^6, the same
     * correctly rounded double without numeric arithmetic and its conversion through text (a sixth of the
     * statement's CPU); from a day on, a double epoch would round twice, so those take the numeric path.
     */
    static final String HOURS = "CASE WHEN first_at - ready < interval '1 day' THEN greatest(0, date_part('epoch', first_at - ready))"
            + " ELSE CAST(greatest(0, extract(epoch FROM first_at - ready)) AS double precision) END / 3600";

    /**
     * The deadline of the first review of a visit ready at {@code ready} whose ready day is {@code day}
     * ({@link #READY_DAY}), with {@link #reviewDays} as {@code k}: the day's from the table, or, outside it
     * or on a day of a clock change, the visit's own ready day's.
     */
    static final String DUE_BY = "CASE WHEN k.whole[day] THEN k.deadlines[day] ELSE "
            + deadline("CAST(ready AT TIME ZONE :zone AS date)") + " END";
    /** The number of the ready day in {@link #reviewDays}' {@code k.starts} (0 before the first). */
    static final String READY_DAY = "width_bucket(ready, k.starts)";

    /** The instant by which a visit ready on {@code day} (a date expression) has its first review in time. */
    static String deadline(String day) {
        return "CAST(" + day + " + (CAST(:offsets AS int[]))[CAST(extract(isodow FROM " + day + ") AS int)] + 1 AS timestamp)"
                + " AT TIME ZONE :zone";
    }

    /**
     * The days a visit of the window can be ready on, from its first to today or its last, whichever is
     * later: their midnights ({@code starts}, sorted, so that {@code width_bucket(ready, starts)} is the
     * ready day's number), their {@link #deadline}s, and whether each is a day of 24 hours before the
     * next one's midnight ({@code whole}; null for the last midnight, the end of the range). Across whole
     * days the local date grows with the instant, so the bucket is the day that converting the ready time
     * gives; a visit ready outside the range, or on a day of a clock change, has its deadline worked out
     * from its own ready time.
     */
    static String reviewDays() {
        return "SELECT array_agg(start ORDER BY day) AS starts, array_agg(" + deadline("day") + " ORDER BY day) AS deadlines,"
                + " array_agg(next_start - start = interval '24 hours' ORDER BY day) AS whole FROM (SELECT day, start,"
                + " lead(start) OVER (ORDER BY day) AS next_start FROM (SELECT day, CAST(day AS timestamp) AT TIME ZONE :zone"
                + " AS start FROM (SELECT CAST(:fromDay AS date) + i AS day FROM generate_series(0, greatest(CAST(:toDay AS date),"
                + " CAST(now() AT TIME ZONE :zone AS date)) + 1 - CAST(:fromDay AS date)) i) d) d) d";
    }

    /** Whether visit_review_fact holds every reviewed visit: ReviewFactFill has filled the reviews made before V37. */
    private boolean reviewFactsFilled() {
        return (Boolean) em.createNativeQuery("SELECT filled FROM visit_review_fact_fill").getSingleResult();
    }

    /**
     * The scope's visits without a review now, whenever made, and when the oldest was there to review.
     * The count comes from visit_backlog (V33's trigger keeps it per author); the oldest is looked up per
     * author in visit_review_queue_idx: no unreviewed visit of theirs made after the ready time of their
     * first by visited_at can be readier than it, so only those made up to then are read.
     */
    void addBacklog(Scope scope, Map<UUID, Tally> tallies) {
        String authors = "(SELECT author_id, sum(unreviewed) AS unreviewed FROM visit_backlog GROUP BY author_id"
                + " HAVING sum(unreviewed) > 0)";
        String unreviewed = " FROM visit v WHERE v.author_id = b.author_id AND v.review_count = 0";
        // Epoch milliseconds: whatever Java type the driver would pick for a timestamptz.
        Query query = em.createNativeQuery("SELECT m.grp, sum(b.unreviewed),"
                + " CAST(floor(extract(epoch FROM min(o.since)) * 1000) AS bigint)" + scope.from(authors, "b", "author_id")
                + " CROSS JOIN LATERAL (SELECT min(" + ready("v") + ") AS since" + unreviewed + " AND v.visited_at <= (SELECT "
                + ready("v") + unreviewed + " ORDER BY v.visited_at, v.id LIMIT 1)) o GROUP BY m.grp");
        scope.bind(query);
        for (Object[] r : rows(query)) {
            Tally t = tally(tallies, r[0]);
            t.backlog = count(r[1]);
            t.backlogSince = r[2] == null ? null : Instant.ofEpochMilli(count(r[2]));
        }
    }

    /** A manager and the users of the team subtrees they manage (not themselves; none: an empty list). */
    record Manager(UUID id, String name, List<UUID> users) {
    }

    /**
     * The managers of the teams below {@code roots} (null: of every team), each with the users of the
     * subtrees they manage there, by name.
     */
    List<Manager> managersBelow(List<UUID> roots) {
        String ranked = roots == null ? "SELECT id FROM team"
                : "SELECT id FROM team WHERE id = ANY(CAST(:teams AS uuid[])) UNION SELECT t.id FROM team t JOIN ranked r"
                        + " ON t.parent_id = r.id";
        Query query = em.createNativeQuery("WITH RECURSIVE ranked(id) AS (" + ranked + "),"
                + " managed(manager_id, team_id) AS (SELECT manager_id, id FROM team WHERE manager_id IS NOT NULL"
                + " AND id IN (SELECT id FROM ranked) UNION SELECT m.manager_id, t.id FROM team t JOIN managed m"
                + " ON t.parent_id = m.team_id)"
                + " SELECT g.id, g.display_name, u.id FROM managed m JOIN app_user g ON g.id = m.manager_id"
                + " LEFT JOIN app_user u ON u.team_id = m.team_id AND u.id <> m.manager_id"
                + " ORDER BY g.display_name, g.id, u.id");
        if (roots != null) {
            query.setParameter("teams", UuidArrays.literal(roots));
        }
        Map<UUID, Manager> managers = new java.util.LinkedHashMap<>();
        for (Object[] r : rows(query)) {
            Manager manager = managers.computeIfAbsent((UUID) r[0], id -> new Manager(id, (String) r[1], new ArrayList<>()));
            if (r[2] != null && !manager.users().contains((UUID) r[2])) {
                manager.users().add((UUID) r[2]);
            }
        }
        return List.copyOf(managers.values());
    }

    /** What a report says about the scope's live customers now: grades and who can decide. */
    record Stock(Grades grades, long liveCustomers, long withDecisionMaker, long withoutKeyPersonAB) {
    }

    /**
     * Live customers of the scope (one group) by today's grade, and of them those with a decision maker:
     * from the counts per owner and expected date that V40's trigger keeps (view customer_stock), a few
     * hundred cells per owner instead of their thousands of customers. The grade is computed here from
     * each cell's date, and the caller's visibility is the customers' own rule, as the cells carry their
     * owner_key.
     */
    Stock stock(Scope scope, Visibility visibility, Grade.Window today, LocalDate asOf) {
        String grade = Grade.Window.sqlCase("c.expected_sign_date");
        Query query = em.createNativeQuery("SELECT " + grade + " AS g, sum(c.live), sum(c.with_decision_maker)"
                + scope.from("customer_stock", "c", "owner_key")
                + (visibility.seesEverything() ? "" : " WHERE " + Visibility.SQL_PREDICATE) + " GROUP BY g");
        today.bind(query);
        Map<String, Long> grades = new HashMap<>();
        long covered = 0;
        long coveredAB = 0;
        for (Object[] r : run(query, scope, visibility)) {
            String g = (String) r[0];
            long dm = count(r[2]);
            grades.merge(g, count(r[1]), Long::sum);
            covered += dm;
            coveredAB += g.equals("C") ? 0 : dm;
        }
        long a = grades.getOrDefault("A", 0L);
        long b = grades.getOrDefault("B", 0L);
        long c = grades.getOrDefault("C", 0L);
        return new Stock(new Grades(asOf, a, b, c), a + b + c, covered, a + b - coveredAB);
    }

    /**
     * The first A and B customers of the scope without a decision maker, soonest expected first. For a
     * set of users: the first few of each user's slice of the (owner, expected date) index, merged, and
     * only the page's rows read, not a sort of every A and B customer of a region.
     */
    List<MissingKeyPerson> withoutKeyPerson(Scope scope, Visibility visibility, Grade.Window today, int limit) {
        String candidates = " FROM customer c WHERE NOT c.archived AND c.expected_sign_date <= :gradeLastB"
                + " AND NOT c.has_decision_maker" + visible(visibility);
        String page = scope.everything()
                ? "SELECT c.id" + candidates + " ORDER BY c.expected_sign_date, c.id LIMIT :limit"
                : "SELECT top.id FROM unnest(CAST(:users AS uuid[]), CAST(:groups AS uuid[])) m(user_id, grp)"
                        + " CROSS JOIN LATERAL (SELECT c.id,"
                        + " c.expected_sign_date" + candidates + " AND c.owner_key = m.user_id"
                        + " ORDER BY c.expected_sign_date, c.id LIMIT :limit) top"
                        + " ORDER BY top.expected_sign_date, top.id LIMIT :limit";
        Query query = em.createNativeQuery("SELECT c.id, c.name, " + Grade.Window.sqlCase("c.expected_sign_date")
                + ", c.expected_sign_date, c.owner_id, u.display_name FROM (" + page + ") page"
                + " JOIN customer c ON c.id = page.id LEFT JOIN app_user u ON u.id = c.owner_id"
                + " ORDER BY c.expected_sign_date, c.id")
                .setParameter("limit", limit);
        today.bind(query);
        List<MissingKeyPerson> missing = new ArrayList<>();
        for (Object[] r : run(query, scope, visibility)) {
            missing.add(new MissingKeyPerson((UUID) r[0], (String) r[1], (String) r[2], date(r[3]), (UUID) r[4],
                    (String) r[5]));
        }
        return missing;
    }

    private static String visible(Visibility visibility) {
        return visibility.seesEverything() ? "" : " AND " + Visibility.SQL_PREDICATE;
    }

    private List<Object[]> run(Query query, Scope scope, Visibility visibility) {
        scope.bind(query);
        if (!visibility.seesEverything()) {
            query.setParameter("visibleOwners", visibility.ownerKeysSqlArray());
        }
        return rows(query);
    }

    private List<Object[]> run(Query query, Scope scope, Window window, boolean days) {
        scope.bind(query);
        if (days) {
            query.setParameter("fromDay", window.from()).setParameter("toDay", window.to());
        } else {
            query.setParameter("start", window.start()).setParameter("end", window.end());
        }
        return rows(query);
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query query) {
        return query.getResultList();
    }

    private Optional<String> single(String sql, UUID id) {
        List<?> rows = em.createNativeQuery(sql).setParameter("id", id).getResultList();
        return rows.stream().map(String.class::cast).findFirst();
    }

    private static Tally tally(Map<UUID, Tally> tallies, Object group) {
        return tallies.computeIfAbsent((UUID) group, g -> new Tally());
    }

    private static long count(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static LocalDate date(Object value) {
        return value instanceof java.sql.Date sql ? sql.toLocalDate() : (LocalDate) value;
    }
}
