package io.github.crmvault.digest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.claim.RecallJob;
import io.github.crmvault.digest.DigestDtos.Kind;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.CompanyDay;
import io.github.crmvault.support.JsonBodies;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Parallel;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Region;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The digests: figures against the test's own hand-made data for a rep, a manager's reps and the
 * admin's region; the text renderings; a stored digest that stays as built; the job building each
 * digest once from two threads at a time; ISO weeks in Asia/Shanghai; who gets which digest.
 */
@QuarkusTest
class DigestTest {
    @Inject
    DataSource db;
    @Inject
    DigestJob job;
    @Inject
    RecallJob recall;

    @Test
    void figuresOfRepManagerAndAdminMatchTheTestsOwnData() {
        CompanyDay.awayFromMidnight();
        LocalDate today = CompanyDay.today();
        Instant dayStart = today.atStartOfDay(CompanyDay.ZONE).toInstant();
        Instant base = Instant.now().minusSeconds(60).isBefore(dayStart) ? dayStart : Instant.now().minusSeconds(60);
        Region region = Region.create();
        Org.Person r1 = region.colleague();
        Org.Person r2 = region.rep();
        Org.Person elsewhere = Org.rep();

        // R1: a new A customer, a B one and one without date; three visits, one followed up, one not.
        String a = customer(r1, today.plusDays(10));
        String b = customer(r1, today.plusDays(60));
        customer(r1, null);
        String contact = Api.as(r1.auth()).body(Map.of("name", "王总")).post("/api/v1/customers/" + a + "/contacts")
                .then().statusCode(201).extract().path("id");
        String v1 = visit(r1, a, base.plusSeconds(1), 120, contact, today);
        String v2 = visit(r1, b, base.plusSeconds(2), 110, null, today);
        visit(r1, a, base.plusSeconds(3), 150, null, null);
        // A note kept from when the minimum was lower.
        Sql.update(db, "UPDATE visit SET note_length = 30 WHERE id = ?", UUID.fromString(v2));
        Api.as(region.manager().auth()).body(Map.of("verdict", "GOOD")).post("/api/v1/visits/" + v1 + "/reviews")
                .then().statusCode(201);
        deal(r1, a, "1000", "CNY", today);

        // R2: an overdue (so A) customer created today, a next step not followed up, a claim lost to recall.
        String d = customer(r2, today.minusDays(5));
        visit(r2, d, base.plusSeconds(4), 100, null, today);
        deal(r2, d, "500.5", "USD", today);
        String pool = Customers.create(Org.ADMIN, Customers.nameWith("日报公海"));
        Api.as(r2.auth()).post("/api/v1/customers/" + pool + "/claim").then().statusCode(200);
        Sql.update(db, "UPDATE customer SET protected_until = now() - interval '1 hour' WHERE id = ?", UUID.fromString(pool));
        recall.recallLapsed();

        // Someone in another region: in nobody's digest here.
        visit(elsewhere, customer(elsewhere, null), base.plusSeconds(5), 100, null, null);

        Map<String, Object> r1Figures = figures(3, 1, meanScore(r1), 1, 1, 2, 1, 1, List.of(amount("CNY", "1000.00")), 0, 0, 1);
        Map<String, Object> r2Figures = figures(1, 0, meanScore(r2), 0, 0, 1, 1, 1, List.of(amount("USD", "500.50")), 1, 1, 1);
        Map<String, Object> regionFigures = figures(4, 1, meanScore(r1, r2), 1, 1, 3, 2, 2,
                List.of(amount("CNY", "1000.00"), amount("USD", "500.50")), 1, 1, 2);

        Map<String, Object> own = json(daily(r1.auth(), today));
        assertEquals("DAILY", own.get("kind"));
        assertEquals(today.toString(), own.get("period"));
        assertEquals(false, own.get("final"), "today has not ended");
        assertEquals(Map.of("kind", "REP", "id", r1.id(), "name", "User " + r1.login()), own.get("scope"));
        assertEquals(List.of(section("REP", r1, r1Figures)), own.get("sections"));
        assertEquals(section("TOTAL", r1, r1Figures), own.get("total"));

        Map<String, Object> managers = json(daily(region.manager().auth(), today));
        assertEquals("MANAGER", scope(managers).get("kind"));
        Map<String, Object> expected = new LinkedHashMap<>();
        for (Org.Person rep : List.of(r1, r2)) {
            expected.put(rep.id(), section("REP", rep, rep == r1 ? r1Figures : r2Figures));
        }
        assertEquals(expected, sections(managers), "one section per rep of the subtree, and nobody else");
        assertEquals(regionFigures, total(managers).get("figures"));

        Map<String, Object> company = json(daily(Org.ADMIN, today));
        assertEquals("COMPANY", scope(company).get("kind"));
        String regionId = Sql.value(db, "SELECT parent_id FROM team t JOIN app_user u ON u.team_id = t.id WHERE u.id = ?",
                UUID.fromString(r2.id())).toString();
        Map<String, Object> regionSection = sections(company).get(regionId);
        assertEquals("REGION", regionSection.get("kind"));
        assertEquals(regionFigures, regionSection.get("figures"));
        assertNull(total(company).get("id"));

        // The text forms carry the same figures.
        Api.as(r1.auth()).accept("text/markdown").queryParam("day", today.toString()).get("/api/v1/digests/daily")
                .then().statusCode(200).header("Content-Type", startsWith("text/markdown"))
                .body(startsWith("# 日报 Daily digest " + today))
                .body(containsString("- 拜访 Visits: 3, 有效拜访 effective: 1\n"))
                .body(containsString("- 记录不足字数 Notes under the minimum: 1\n"))
                .body(containsString("- 点评 Reviews done: 1, 待点评 backlog: 2\n"))
                .body(containsString("- 签单 Deals signed: 1 (CNY 1000.00)\n"))
                .body(containsString("- 漏跟进 Follow-ups missed: 1\n"))
                .body(containsString("未定稿 Not final"));
        String text = Api.as(region.manager().auth()).accept("text/plain").queryParam("day", today.toString())
                .get("/api/v1/digests/daily").then().statusCode(200).header("Content-Type", startsWith("text/plain"))
                .extract().asString();
        assertTrue(text.contains("【合计 Total】\n  拜访 Visits: 4, 有效拜访 effective: 1\n"), text);
        assertTrue(text.contains("【User " + r2.login() + "】\n  拜访 Visits: 1, 有效拜访 effective: 0\n"), text);
        assertTrue(text.contains("签单 Deals signed: 2 (CNY 1000.00, USD 500.50)"), text);
        assertFalse(text.contains(elsewhere.login()), text);
    }

    /**
     * The two forms of one rule agree: a next step the day's digest counts as missed is exactly what the
     * follow-ups list shows as overdue from that day the morning after (followup's SQL and digest's
     * FollowUpsMissed are written apart, for their different shapes of query).
     */
    @Test
    void missedFollowUpsOfADayAreTheNextStepsTheListShowsOverdueFromIt() {
        LocalDate yesterday = CompanyDay.today().minusDays(1);
        LocalDate before = yesterday.minusDays(2);
        Org.Person rep = Org.rep();
        String missed = customer(rep, null);
        visit(rep, missed, at(before, LocalTime.of(10, 0)), 120, null, yesterday);
        String followedUp = customer(rep, null);
        visit(rep, followedUp, at(before, LocalTime.of(10, 0)), 120, null, yesterday);
        visit(rep, followedUp, at(yesterday, LocalTime.of(16, 0)), 120, null, null);
        String moved = customer(rep, null);
        visit(rep, moved, at(before, LocalTime.of(10, 0)), 120, null, yesterday);
        visit(rep, moved, at(before.plusDays(1), LocalTime.of(11, 0)), 120, null, CompanyDay.today().plusDays(3));

        long digestMissed = ((Number) figuresOf(json(daily(rep.auth(), yesterday))).get("followUpsMissed")).longValue();
        List<Map<String, Object>> overdueFromYesterday = Api.as(rep.auth()).queryParam("kind", "NEXT_STEP_OVERDUE")
                .get("/api/v1/follow-ups").then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("items")
                .stream().filter(item -> yesterday.toString().equals(item.get("dueOn"))).toList();
        assertEquals(List.of(missed), overdueFromYesterday.stream().map(item -> item.get("customerId")).toList());
        assertEquals(overdueFromYesterday.size(), digestMissed);
    }

    @Test
    void aStoredDigestDoesNotChangeAfterNewData() {
        LocalDate yesterday = CompanyDay.today().minusDays(1);
        Org.Person rep = Org.rep();
        String customer = customer(rep, null);
        visit(rep, customer, at(yesterday, LocalTime.of(10, 0)), 120, null, null);

        Map<String, Object> live = json(daily(rep.auth(), yesterday));
        assertEquals(false, live.get("final"), "not built yet: counted at the request");
        assertEquals(1L, figuresOf(live).get("visits"));

        assertTrue(job.build(Kind.DAILY, yesterday) > 0);
        Map<String, Object> built = json(daily(rep.auth(), yesterday));
        assertEquals(true, built.get("final"));
        assertEquals(1L, figuresOf(built).get("visits"));

        // A late visit of that day, written up afterwards: the stored digest stays as it was sent.
        visit(rep, customer, at(yesterday, LocalTime.of(15, 0)), 130, null, null);
        assertEquals(built, json(daily(rep.auth(), yesterday)));
        String markdown = Api.as(rep.auth()).accept("text/markdown").queryParam("day", yesterday.toString())
                .get("/api/v1/digests/daily").then().statusCode(200).extract().asString();
        assertTrue(markdown.contains("- 拜访 Visits: 1, 有效拜访 effective: 0\n") && markdown.contains("定稿 Final"), markdown);
        assertEquals(0, job.build(Kind.DAILY, yesterday), "nothing left to build");
    }

    @Test
    void theJobBuildsEachDigestOnceEvenFromTwoThreadsAtOnce() throws Exception {
        LocalDate day = CompanyDay.today().minusDays(2);
        Region region = Region.create();
        visit(region.rep(), customer(region.rep(), null), at(day, LocalTime.of(9, 30)), 120, null, null);

        AtomicInteger stored = new AtomicInteger();
        Parallel.requests(2, i -> {
            stored.addAndGet(job.build(Kind.DAILY, day));
            return null;
        });
        long rows = ((Number) Sql.value(db, "SELECT count(*) FROM digest WHERE kind = 'DAILY' AND period_start = ?",
                day)).longValue();
        assertEquals(rows, stored.get(), "every stored digest stored by exactly one of the two runs");
        for (Org.Person person : List.of(region.rep(), region.colleague(), region.manager())) {
            assertEquals(1L, count(day, "REP", UUID.fromString(person.id())));
        }
        assertEquals(1L, count(day, "MANAGER", UUID.fromString(region.manager().id())));
        assertEquals(1L, count(day, "COMPANY", new UUID(0L, 0L)));
        assertEquals(0, job.build(Kind.DAILY, day));

        Map<String, Object> digest = json(daily(region.manager().auth(), day));
        assertEquals(true, digest.get("final"));
        assertEquals(1L, ((Map<?, ?>) total(digest).get("figures")).get("visits"));
    }

    @Test
    void weeksRunMondayToSundayInTheCompanyTimeZone() {
        LocalDate monday = CompanyDay.today().with(DayOfWeek.MONDAY).minusWeeks(2);
        Org.Person rep = Org.rep();
        String customer = customer(rep, null);
        Instant mondayMidnight = at(monday, LocalTime.MIDNIGHT);
        // The company's Monday begins on Sunday, 16:00 UTC.
        assertEquals(DayOfWeek.SUNDAY, mondayMidnight.atZone(ZoneOffset.UTC).getDayOfWeek());
        visit(rep, customer, mondayMidnight, 120, null, null);
        visit(rep, customer, mondayMidnight.minusSeconds(1), 120, null, null);
        visit(rep, customer, at(monday.plusDays(6), LocalTime.of(23, 59, 59)), 120, null, null);

        String week = isoWeek(monday);
        Map<String, Object> digest = json(weekly(rep.auth(), week));
        assertEquals(week, digest.get("period"));
        assertEquals(monday.toString(), digest.get("from"));
        assertEquals(monday.plusDays(6).toString(), digest.get("to"));
        assertEquals("Asia/Shanghai", digest.get("timeZone"));
        assertEquals(2L, figuresOf(digest).get("visits"));
        assertEquals(1L, figuresOf(json(weekly(rep.auth(), isoWeek(monday.minusWeeks(1))))).get("visits"));
        assertEquals(1L, figuresOf(json(daily(rep.auth(), monday))).get("visits"));

        assertTrue(job.build(Kind.WEEKLY, monday.plusDays(3)) > 0, "any day of the week names the week");
        Map<String, Object> built = json(weekly(rep.auth(), week));
        assertEquals(true, built.get("final"));
        assertEquals(2L, figuresOf(built).get("visits"));
        json(weekly(rep.auth(), isoWeek(CompanyDay.today())));
    }

    @Test
    void periodsAreCheckedAndEachCallerGetsTheirOwnScope() {
        Org.Person rep = Org.rep();
        LocalDate today = CompanyDay.today();
        Problems.invalidField(daily(rep.auth(), today.plusDays(1)), "day");
        Problems.invalidField(Api.as(rep.auth()).get("/api/v1/digests/daily"), "day");
        Problems.invalidField(Api.as(rep.auth()).queryParam("day", "2026-02-30").get("/api/v1/digests/daily"), "day");
        for (String week : List.of("2026-10", "2026-W60", "2025-W53", "2026-W1", isoWeek(today.plusWeeks(1)))) {
            Problems.invalidField(weekly(rep.auth(), week), "week");
        }
        Problems.invalidField(Api.as(rep.auth()).get("/api/v1/digests/weekly"), "week");
        assertEquals("2020-W53", json(weekly(Org.ADMIN, "2020-W53")).get("period"), "2020 has 53 ISO weeks");

        // People's performance figures: not for integrators, and a manager's holds only their own reps.
        Org.Person integration = OrgAdmin.person(null, "integration");
        Problems.forbidden(daily(integration.auth(), today));
        Region one = Region.create();
        Region other = Region.create();
        Map<String, Map<String, Object>> sections = sections(json(daily(one.manager().auth(), today)));
        assertEquals(List.of(one.rep().id(), one.colleague().id()).stream().sorted().toList(),
                sections.keySet().stream().sorted().toList());
        assertFalse(sections.containsKey(other.rep().id()));
        // A manager's token whose user has no team to manage: an empty digest of their own scope.
        Org.Person loneManager = OrgAdmin.person(null, "manager");
        Map<String, Object> lone = json(daily(loneManager.auth(), today));
        assertEquals(List.of(), lone.get("sections"));
        assertEquals(0L, figuresOf(lone).get("visits"));
    }

    // ---- helpers ----

    private static Response daily(String auth, LocalDate day) {
        return Api.as(auth).queryParam("day", day.toString()).get("/api/v1/digests/daily");
    }

    private static Response weekly(String auth, String week) {
        return Api.as(auth).queryParam("week", week).get("/api/v1/digests/weekly");
    }

    private static String isoWeek(LocalDate day) {
        return String.format("%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static Instant at(LocalDate day, LocalTime time) {
        return day.atTime(time).atZone(CompanyDay.ZONE).toInstant();
    }

    private long count(LocalDate day, String scopeKind, UUID scopeId) {
        return ((Number) Sql.value(db, "SELECT count(*) FROM digest WHERE kind = 'DAILY' AND period_start = ?"
                + " AND scope_kind = ? AND scope_id = ?", day, scopeKind, scopeId)).longValue();
    }

    /** The mean quality score of the people's visits today, from the rows, 2 decimals half up. */
    private BigDecimal meanScore(Org.Person... people) {
        long sum = 0;
        long n = 0;
        Instant start = CompanyDay.today().atStartOfDay(CompanyDay.ZONE).toInstant();
        for (Org.Person p : people) {
            Object[] row = {
                Sql.value(db, "SELECT sum(quality_score) FROM visit WHERE author_id = ? AND visited_at >= ?",
                        UUID.fromString(p.id()), java.sql.Timestamp.from(start)),
                Sql.value(db, "SELECT count(*) FROM visit WHERE author_id = ? AND visited_at >= ?",
                        UUID.fromString(p.id()), java.sql.Timestamp.from(start))};
            sum += ((Number) row[0]).longValue();
            n += ((Number) row[1]).longValue();
        }
        return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(n), 2, RoundingMode.HALF_UP);
    }

    private static Map<String, Object> figures(long visits, long effective, BigDecimal mean, long under, long reviews,
            long backlog, long newA, long deals, List<Map<String, Object>> amounts, long claims, long recalls,
            long missed) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("visits", visits);
        f.put("effectiveVisits", effective);
        f.put("meanQualityScore", mean);
        f.put("notesUnderMinimum", under);
        f.put("reviewsDone", reviews);
        f.put("reviewBacklog", backlog);
        f.put("newACustomers", newA);
        f.put("dealsSigned", deals);
        f.put("dealAmounts", amounts);
        f.put("claims", claims);
        f.put("recalls", recalls);
        f.put("followUpsMissed", missed);
        return f;
    }

    private static Map<String, Object> amount(String currency, String amount) {
        return Map.of("currency", currency, "amount", amount);
    }

    private static Map<String, Object> section(String kind, Org.Person person, Map<String, Object> figures) {
        Map<String, Object> s = new HashMap<>();
        s.put("kind", kind);
        s.put("id", person.id());
        s.put("name", "User " + person.login());
        s.put("figures", figures);
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scope(Map<String, Object> digest) {
        return (Map<String, Object>) digest.get("scope");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> total(Map<String, Object> digest) {
        return (Map<String, Object>) digest.get("total");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> figuresOf(Map<String, Object> digest) {
        return (Map<String, Object>) total(digest).get("figures");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> sections(Map<String, Object> digest) {
        return ((List<Map<String, Object>>) digest.get("sections")).stream()
                .collect(Collectors.toMap(s -> (String) s.get("id"), s -> s, (x, y) -> x, LinkedHashMap::new));
    }

    private static Map<String, Object> json(Response response) {
        return JsonBodies.ok(response);
    }

    private static String customer(Org.Person owner, LocalDate expected) {
        Map<String, Object> body = Customers.body(Customers.nameWith("日报客户"));
        if (expected != null) {
            body.put("expectedSignDate", expected.toString());
        }
        return Api.as(owner.auth()).body(body).post("/api/v1/customers").then().statusCode(201).extract().path("id");
    }

    /** A visit with a note of {@code length} characters, the contact met (or none), a next step for a day (or none). */
    private static String visit(Org.Person author, String customer, Instant at, int length, String contact,
            LocalDate nextStepDate) {
        Map<String, Object> body = new HashMap<>();
        body.put("visitedAt", at.toString());
        body.put("channel", "ON_SITE");
        body.put("notes", "客户关心价格和交付".repeat(length / 9 + 1).substring(0, length));
        if (contact != null) {
            body.put("contactIds", List.of(contact));
        }
        if (nextStepDate != null) {
            body.put("nextStep", "带方案再次上门");
            body.put("nextStepDate", nextStepDate.toString());
        }
        return Api.as(author.auth()).body(body).post("/api/v1/customers/" + customer + "/visits").then().statusCode(201)
                .extract().path("id");
    }

    private static void deal(Org.Person owner, String customer, String amount, String currency, LocalDate signedOn) {
        Api.as(owner.auth()).body(Map.of("amount", amount, "currency", currency, "signedOn", signedOn.toString(),
                "product", "CRM 年度订阅")).post("/api/v1/customers/" + customer + "/deals").then().statusCode(201);
    }
}
