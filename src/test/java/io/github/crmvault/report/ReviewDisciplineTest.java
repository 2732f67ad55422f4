package io.github.crmvault.report;

import static io.github.crmvault.report.ReportTestSupport.body;
import static io.github.crmvault.report.ReportTestSupport.customer;
import static io.github.crmvault.report.ReportTestSupport.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.settings.CrmSettings;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Sql;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The review discipline (issue 13 §1): a region and a squad with known visits on known days, reviews at
 * known times, and every figure of the reports and the managers' leaderboard checked against a count of
 * the raw visit and visit_review rows made here; the hand-made cases (Friday reviewed on Monday, a
 * visit recorded two days late, a Saturday visit) are also stated outright.
 */
@QuarkusTest
class ReviewDisciplineTest {
    @Inject
    DataSource db;
    @Inject
    CrmSettings settings;

    private ZoneId zone;

    @Test
    void everyFigureMatchesACountOfTheRawRows() {
        zone = settings.timeZone();
        // A week well in the past: Monday .. Sunday, Friday the 5th day.
        LocalDate friday = LocalDate.now(zone).minusDays(14).with(TemporalAdjusters.previousOrSame(DayOfWeek.FRIDAY));
        LocalDate monday = friday.minusDays(4);
        LocalDate nextMonday = friday.plusDays(3);

        // Region (manager M) > squad (manager S, a member of the region's own team); r1 in the region, r2 and r3 in the squad.
        Org.Person m = manager(null);
        String region = Org.team(Org.unique("region"), null, m.id());
        Org.Person s = manager(region);
        String squad = Org.team(Org.unique("squad"), region, s.id());
        Org.Person r1 = OrgAdmin.person(region, "sales");
        Org.Person r2 = OrgAdmin.person(squad, "sales");
        Org.Person r3 = OrgAdmin.person(squad, "sales");
        Org.Person other = OrgAdmin.person(Org.team(Org.unique("elsewhere"), null, null), "sales");
        String c1 = customer(r1.auth(), "纪律甲", null);
        String c2 = customer(r2.auth(), "纪律乙", null);
        String c3 = customer(r3.auth(), "纪律丙", null);
        String cs = customer(s.auth(), "纪律丁", null);
        String co = customer(other.auth(), "纪律戊", null);

        // Friday 10:00, reviewed Monday 09:00: one working day later, on time; 71 hours.
        String fri = visit(r1, c1, at(friday, 10, 0), null);
        review(m, fri, "GOOD", at(nextMonday, 9, 0));
        // Thursday 10:00, reviewed Saturday 10:00: due by the end of Friday, late; 48 hours; needs work.
        String thu = visit(r1, c1, at(friday.minusDays(1), 10, 0), null);
        review(m, thu, "NEEDS_WORK", at(friday.plusDays(1), 10, 0));
        // Tuesday 09:00, reviewed by S the same day 15:30 (6.5 hours), and again by M the next week.
        String tue = visit(r2, c2, at(monday.plusDays(1), 9, 0), null);
        review(s, tue, "GOOD", at(monday.plusDays(1), 15, 30));
        review(m, tue, "NEEDS_WORK", at(nextMonday, 10, 0));
        // Wednesday 08:00 but recorded Thursday 20:00, reviewed Friday 09:00: on time from the record (13 hours).
        String late = visit(r2, c2, at(monday.plusDays(2), 8, 0), at(monday.plusDays(3), 20, 0));
        review(s, late, "GOOD", at(friday, 9, 0));
        // Saturday 10:00, reviewed Monday 18:00: the first working day after Saturday is Monday, on time; 56 hours.
        String sat = visit(r3, c3, at(friday.plusDays(1), 10, 0), null);
        review(s, sat, "NEEDS_WORK", at(nextMonday, 18, 0));
        // Monday 11:00, never reviewed: the backlog.
        visit(r3, c3, at(monday, 11, 0), null);
        // Tuesday, reviewed ten days later: late, the long tail of the p90.
        String slow = visit(r1, c1, at(monday.plusDays(1), 12, 0), null);
        review(m, slow, "GOOD", at(monday.plusDays(11), 12, 0));
        // Before the period and never reviewed: only the backlog and its age.
        visit(r1, c1, at(monday.minusDays(20), 8, 0), null);
        // The squad manager's own visit, reviewed by M the next day: the region's and M's, not S's.
        String own = visit(s, cs, at(monday.plusDays(2), 14, 0), null);
        review(m, own, "GOOD", at(monday.plusDays(3), 9, 45));
        // Somebody else's, never in the region's figures.
        visit(other, co, at(monday.plusDays(1), 9, 0), null);

        LocalDate from = monday;
        LocalDate to = nextMonday;
        Set<UUID> regionUsers = ids(r1, s, r2, r3);
        Set<UUID> squadUsers = ids(r2, r3);

        // Team reports (the region is the top-level team), a rep's and the company's, JSON and CSV.
        checkReport(m.auth(), "/api/v1/reports/teams/" + region, from, to, regionUsers);
        checkReport(s.auth(), "/api/v1/reports/teams/" + squad, from, to, squadUsers);
        checkReport(m.auth(), "/api/v1/reports/reps/" + r1.id(), from, to, ids(r1));
        checkReport(Org.ADMIN, "/api/v1/reports/company", from, to, null);

        // The hand-made cases, outright: in the squad, tue (6.5 h), late (13 h) and sat (56 h) on time;
        // r1's fri on time, thu and slow late.
        Map<String, Object> squadFigures = discipline(get(s.auth(), "/api/v1/reports/teams/" + squad, from, to));
        assertEquals(3L, squadFigures.get("reviewed"));
        assertEquals(3L, squadFigures.get("reviewedWithin"));
        assertEquals(new BigDecimal("13.00"), squadFigures.get("medianHoursToFirstReview"));
        assertEquals(4L, squadFigures.get("reviews"));
        assertEquals(2L, squadFigures.get("needsWork"));
        assertEquals(1L, squadFigures.get("backlog"));
        Map<String, Object> r1Figures = discipline(get(r1.auth(), "/api/v1/reports/reps/" + r1.id(), from, to));
        assertEquals(3L, r1Figures.get("reviewed"));
        assertEquals(1L, r1Figures.get("reviewedWithin"));
        assertEquals(new BigDecimal("0.3333"), r1Figures.get("reviewedWithinShare"));
        assertEquals(new BigDecimal("71.00"), r1Figures.get("medianHoursToFirstReview"));
        // percentile_cont 0.9 of 48, 71, 240: 71 + 0.8 × 169.
        assertEquals(new BigDecimal("206.20"), r1Figures.get("p90HoursToFirstReview"));
        assertEquals(1L, r1Figures.get("backlog"));

        // The managers' leaderboard of the region: M counts r1, S, r2, r3; S counts r2, r3.
        checkManagers(m.auth(), region, from, to, Map.of(UUID.fromString(m.id()), regionUsers,
                UUID.fromString(s.id()), squadUsers), "reviewedWithinShare");
        checkManagers(m.auth(), region, from, to, Map.of(UUID.fromString(m.id()), regionUsers,
                UUID.fromString(s.id()), squadUsers), "backlog");
        // Without teamId, every subtree M manages: the same two managers.
        checkManagers(m.auth(), null, from, to, Map.of(UUID.fromString(m.id()), regionUsers,
                UUID.fromString(s.id()), squadUsers), "medianHoursToFirstReview");
        // Ranking the squad: only S; and S may not rank the region.
        checkManagers(s.auth(), squad, from, to, Map.of(UUID.fromString(s.id()), squadUsers), "needsWorkShare");
        Api.as(s.auth()).queryParam("from", from.toString()).queryParam("to", to.toString())
                .queryParam("teamId", region).queryParam("groupBy", "manager").get("/api/v1/reports/leaderboard")
                .then().statusCode(403);
        Api.as(m.auth()).queryParam("from", from.toString()).queryParam("to", to.toString())
                .queryParam("groupBy", "boss").get("/api/v1/reports/leaderboard").then().statusCode(400);
    }

    @Test
    void theSettingsNameTheRule() {
        Map<String, Object> review = Api.as(Org.ADMIN).get("/api/v1/settings").then().statusCode(200).extract()
                .path("review");
        assertEquals(1, review.get("withinDays"));
        assertEquals(List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"), review.get("workingDays"));
    }

    private Org.Person manager(String teamId) {
        String login = Org.unique("mgr");
        String id = Org.user(login, teamId);
        return new Org.Person(login, id, Tokens.bearer(login, "manager"));
    }

    private Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(LocalTime.of(hour, minute)).atZone(zone).toInstant();
    }

    private static Set<UUID> ids(Org.Person... people) {
        Set<UUID> ids = new HashSet<>();
        for (Org.Person p : people) {
            ids.add(UUID.fromString(p.id()));
        }
        return ids;
    }

    /** A visit made at {@code visitedAt}, its record written at {@code recorded} (null: at the visit). */
    private String visit(Org.Person author, String customerId, Instant visitedAt, Instant recorded) {
        Map<String, Object> body = new HashMap<>();
        body.put("visitedAt", visitedAt.toString());
        body.put("channel", "ON_SITE");
        body.put("notes", "客户关心价格和交付周期，下周带方案上门演示。".repeat(8));
        String id = Api.as(author.auth()).body(body).post("/api/v1/customers/" + customerId + "/visits").then()
                .statusCode(201).extract().path("id");
        Sql.update(db, "UPDATE visit SET created_at = ? WHERE id = ?",
                Timestamp.from(recorded == null ? visitedAt : recorded), UUID.fromString(id));
        return id;
    }

    private void review(Org.Person reviewer, String visitId, String verdict, Instant at) {
        Map<String, Object> body = new HashMap<>();
        body.put("verdict", verdict);
        body.put("comment", "写清客户犹豫的原因");
        String id = Api.as(reviewer.auth()).body(body).post("/api/v1/visits/" + visitId + "/reviews").then()
                .statusCode(201).extract().path("id");
        Sql.update(db, "UPDATE visit_review SET created_at = ? WHERE id = ?", Timestamp.from(at), UUID.fromString(id));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> discipline(io.restassured.response.Response response) {
        return (Map<String, Object>) body(response).get("reviewDiscipline");
    }

    /** The report's reviewDiscipline (JSON and CSV) against the raw rows of {@code users} (null: everyone). */
    private void checkReport(String auth, String path, LocalDate from, LocalDate to, Set<UUID> users) {
        Instant before = Instant.now();
        Map<String, Object> report = body(get(auth, path, from, to));
        Instant after = Instant.now();
        @SuppressWarnings("unchecked")
        Map<String, Object> actual = (Map<String, Object>) report.get("reviewDiscipline");
        @SuppressWarnings("unchecked")
        long visits = (Long) ((Map<String, Object>) report.get("measures")).get("visits");
        Raw raw = raw(users);
        assertEquals(raw.visitsIn(from, to).size(), visits, path);
        assertFigures(raw.expected(from, to, before), raw.expected(from, to, after), actual, path);

        String csv = Api.as(auth).queryParam("from", from.toString()).queryParam("to", to.toString())
                .get(path + ".csv").then().statusCode(200).extract().asString();
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : csv.split("\r\n")) {
            String[] cells = line.split(",", 2);
            rows.put(cells[0], cells.length > 1 ? cells[1] : "");
        }
        for (Measure measure : Measure.ofDiscipline()) {
            String key = "reviewDiscipline." + measure.key;
            assertTrue(rows.containsKey(key), path + " CSV lacks " + key);
            if (!measure.key.equals("backlogOldestHours")) {
                Object value = actual.get(measure.key);
                assertEquals(value == null ? "" : value instanceof BigDecimal d ? d.toPlainString() : value.toString(),
                        rows.get(key), path + " CSV " + key);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void checkManagers(String auth, String teamId, LocalDate from, LocalDate to, Map<UUID, Set<UUID>> managers,
            String sort) {
        Instant before = Instant.now();
        var request = Api.as(auth).queryParam("from", from.toString()).queryParam("to", to.toString())
                .queryParam("groupBy", "manager").queryParam("sort", sort);
        if (teamId != null) {
            request.queryParam("teamId", teamId);
        }
        Map<String, Object> board = body(request.get("/api/v1/reports/leaderboard"));
        Instant after = Instant.now();
        assertEquals("manager", board.get("groupBy"));
        assertEquals(sort, board.get("sort"));
        List<Map<String, Object>> rows = (List<Map<String, Object>>) board.get("rows");
        assertEquals(managers.size(), rows.size(), "managers ranked");
        List<BigDecimal> ranked = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            UUID id = UUID.fromString((String) row.get("id"));
            Set<UUID> users = managers.get(id);
            String what = "manager " + id + " by " + sort;
            assertEquals((long) users.size(), row.get("members"), what);
            Raw raw = raw(users);
            assertEquals((long) raw.visitsIn(from, to).size(), ((Map<String, Object>) row.get("measures")).get("visits"), what);
            Map<String, Object> figures = (Map<String, Object>) row.get("reviewDiscipline");
            assertFigures(raw.expected(from, to, before), raw.expected(from, to, after), figures, what);
            Object value = figures.get(sort);
            ranked.add(value == null ? null : new BigDecimal(value.toString()));
        }
        // Largest first, absent last.
        List<BigDecimal> expected = new ArrayList<>(ranked);
        expected.sort(java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder()));
        assertEquals(expected, ranked, "order by " + sort);
        var csvRequest = Api.as(auth).queryParam("from", from.toString()).queryParam("to", to.toString())
                .queryParam("groupBy", "manager");
        if (teamId != null) {
            csvRequest.queryParam("teamId", teamId);
        }
        String csv = csvRequest.get("/api/v1/reports/leaderboard.csv").then().statusCode(200).extract().asString();
        assertTrue(csv.startsWith("rank,id,name,members,visits,"), csv);
        assertTrue(csv.split("\r\n")[0].endsWith(",dealAmounts," + String.join(",",
                Measure.ofDiscipline().stream().map(Measure::column).toList())), csv);
        assertEquals(managers.size() + 1, csv.split("\r\n").length, csv);
    }

    /** Every figure equal, the backlog's age between what it was just before and just after the request. */
    private static void assertFigures(Map<String, Object> before, Map<String, Object> after, Map<String, Object> actual,
            String what) {
        for (Map.Entry<String, Object> e : before.entrySet()) {
            if (e.getKey().equals("backlogOldestHours")) {
                continue;
            }
            assertEquals(e.getValue(), actual.get(e.getKey()), what + " " + e.getKey());
        }
        assertEquals(before.keySet(), actual.keySet(), what);
        BigDecimal low = (BigDecimal) before.get("backlogOldestHours");
        BigDecimal high = (BigDecimal) after.get("backlogOldestHours");
        BigDecimal age = (BigDecimal) actual.get("backlogOldestHours");
        if (low == null) {
            assertNull(age, what);
        } else {
            assertTrue(age.compareTo(low) >= 0 && age.compareTo(high) <= 0, what + " backlog age " + age + " not in "
                    + low + ".." + high);
        }
    }

    private record RawVisit(UUID id, Instant visitedAt, Instant ready) {
    }

    private record RawReview(Instant at, boolean needsWork) {
    }

    /** The raw rows of some authors' visits (null: everyone's) and their reviews. */
    private Raw raw(Set<UUID> users) {
        List<RawVisit> visits = new ArrayList<>();
        Map<UUID, List<RawReview>> reviews = new HashMap<>();
        String authors = users == null ? "" : " WHERE v.author_id = ANY(?)";
        try (Connection c = db.getConnection();
                PreparedStatement vs = c.prepareStatement("SELECT v.id, v.visited_at, v.created_at FROM visit v" + authors);
                PreparedStatement rs = c.prepareStatement("SELECT r.visit_id, r.created_at, r.verdict FROM visit_review r"
                        + " JOIN visit v ON v.id = r.visit_id" + authors)) {
            if (users != null) {
                vs.setArray(1, c.createArrayOf("uuid", users.toArray()));
                rs.setArray(1, c.createArrayOf("uuid", users.toArray()));
            }
            try (ResultSet r = vs.executeQuery()) {
                while (r.next()) {
                    Instant visited = r.getTimestamp(2).toInstant();
                    Instant created = r.getTimestamp(3).toInstant();
                    visits.add(new RawVisit((UUID) r.getObject(1), visited, created.isAfter(visited) ? created : visited));
                }
            }
            try (ResultSet r = rs.executeQuery()) {
                while (r.next()) {
                    reviews.computeIfAbsent((UUID) r.getObject(1), k -> new ArrayList<>())
                            .add(new RawReview(r.getTimestamp(2).toInstant(), r.getString(3).equals("NEEDS_WORK")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Raw(visits, reviews);
    }

    private final class Raw {
        final List<RawVisit> visits;
        final Map<UUID, List<RawReview>> reviews;

        Raw(List<RawVisit> visits, Map<UUID, List<RawReview>> reviews) {
            this.visits = visits;
            this.reviews = reviews;
        }

        List<RawVisit> visitsIn(LocalDate from, LocalDate to) {
            Instant start = from.atStartOfDay(zone).toInstant();
            Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
            return visits.stream().filter(v -> !v.visitedAt().isBefore(start) && v.visitedAt().isBefore(end)).toList();
        }

        /** The figures as the contract defines them, counted here one visit at a time. */
        Map<String, Object> expected(LocalDate from, LocalDate to, Instant now) {
            List<RawVisit> period = visitsIn(from, to);
            long reviewed = 0;
            long within = 0;
            long all = 0;
            long needsWork = 0;
            List<Double> hours = new ArrayList<>();
            for (RawVisit v : period) {
                List<RawReview> rs = reviews.getOrDefault(v.id(), List.of());
                all += rs.size();
                needsWork += rs.stream().filter(RawReview::needsWork).count();
                Instant first = rs.stream().map(RawReview::at).min(Instant::compareTo).orElse(null);
                if (first == null) {
                    continue;
                }
                reviewed++;
                LocalDate due = dueDay(v.ready().atZone(zone).toLocalDate());
                if (first.isBefore(due.plusDays(1).atStartOfDay(zone).toInstant())) {
                    within++;
                }
                hours.add(Math.max(0, Duration.between(v.ready(), first).toMillis()) / 3_600_000d);
            }
            List<RawVisit> backlog = visits.stream().filter(v -> !reviews.containsKey(v.id())).toList();
            Instant oldest = backlog.stream().map(RawVisit::ready).min(Instant::compareTo).orElse(null);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("reviewed", reviewed);
            put(figures, "reviewedShare", share(reviewed, period.size(), 4));
            figures.put("reviewedWithin", within);
            put(figures, "reviewedWithinShare", share(within, period.size(), 4));
            put(figures, "medianHoursToFirstReview", percentile(hours, 0.5));
            put(figures, "p90HoursToFirstReview", percentile(hours, 0.9));
            figures.put("reviews", all);
            figures.put("needsWork", needsWork);
            put(figures, "needsWorkShare", share(needsWork, all, 4));
            figures.put("backlog", (long) backlog.size());
            put(figures, "backlogOldestHours", oldest == null ? null : BigDecimal.valueOf(
                    Duration.between(oldest, now).toMillis() / 3_600_000d).setScale(2, RoundingMode.HALF_UP));
            return figures;
        }
    }

    /** Absent values are left out of the JSON, so out of the expected map too. */
    private static void put(Map<String, Object> figures, String key, Object value) {
        if (value != null) {
            figures.put(key, value);
        }
    }

    /** The n-th working day after the ready day, counted here day by day (n = crm.review.within-days). */
    private LocalDate dueDay(LocalDate ready) {
        Collection<DayOfWeek> working = settings.review().workingDays();
        LocalDate day = ready;
        for (int left = settings.review().withinDays(); left > 0; ) {
            day = day.plusDays(1);
            if (working.contains(day.getDayOfWeek())) {
                left--;
            }
        }
        return day;
    }

    private static BigDecimal share(long part, long whole, int decimals) {
        return whole == 0 ? null
                : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), decimals, RoundingMode.HALF_UP);
    }

    /** percentile_cont: linear between the two nearest ranks. */
    private static BigDecimal percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        double rank = p * (sorted.size() - 1);
        int low = (int) Math.floor(rank);
        int high = (int) Math.ceil(rank);
        double value = sorted.get(low) + (rank - low) * (sorted.get(high) - sorted.get(low));
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    }
}
