package io.github.crmvault.followup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.CompanyDay;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.MergePatches;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Region;
import io.github.crmvault.support.Sql;
import io.github.crmvault.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GET /api/v1/follow-ups: what a rep (or a manager's subtree) should do today, derived from the data. */
@QuarkusTest
class FollowUpTest {
    private static final String PATH = "/api/v1/follow-ups";
    private static final String NOTES = "拜访记录".repeat(30);

    @Inject
    DataSource db;
    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void nextStepsAreDueOrOverdueUntilAVisitIsRecordedOrTheNextStepChanges() {
        CompanyDay.awayFromMidnight();
        LocalDate today = CompanyDay.today();
        Org.Person rep = Org.rep();
        String dueToday = Customers.create(rep.auth(), Org.unique("今天跟进"));
        String overdue = Customers.create(rep.auth(), Org.unique("逾期跟进"));
        String later = Customers.create(rep.auth(), Org.unique("明天跟进"));
        String replaced = Customers.create(rep.auth(), Org.unique("已有新拜访"));
        String dueVisit = visit(rep.auth(), dueToday, hoursAgo(30), "带报价上门", today);
        String overdueVisit = visit(rep.auth(), overdue, hoursAgo(80), "演示方案", today.minusDays(2));
        visit(rep.auth(), later, hoursAgo(2), "电话确认", today.plusDays(1));
        visit(rep.auth(), replaced, hoursAgo(50), "旧的下一步", today.minusDays(1));
        visit(rep.auth(), replaced, hoursAgo(1), null, null);

        List<Map<String, Object>> items = all(rep.auth(), Map.of(), 50);
        assertEquals(List.of("NEXT_STEP_OVERDUE:" + overdue, "NEXT_STEP_DUE:" + dueToday), keys(items),
                "overdue first; a next step of tomorrow, or one followed by a later visit, is not due");
        Map<String, Object> first = items.get(0);
        assertEquals(today.minusDays(2).toString(), first.get("dueOn"));
        assertEquals(2, first.get("daysOverdue"));
        assertEquals(overdueVisit, first.get("visitId"));
        assertEquals("演示方案", first.get("nextStep"));
        assertEquals("C", first.get("customerGrade"));
        assertEquals(rep.id(), first.get("ownerId"));
        assertEquals("User " + rep.login(), first.get("ownerName"));
        assertEquals("next step due " + today.minusDays(2) + " (2 days overdue): 演示方案", first.get("reason"));
        assertEquals(0, items.get(1).get("daysOverdue"));
        assertEquals(dueVisit, items.get(1).get("visitId"));

        // Done = the visit recorded, or the next step moved (here within the visit's edit window).
        visit(rep.auth(), dueToday, hoursAgo(0), null, null);
        patch(rep.auth(), "/api/v1/visits/" + overdueVisit, "{\"nextStepDate\": \"" + today.plusDays(3) + "\"}");
        assertEquals(List.of(), keys(all(rep.auth(), Map.of(), 50)));
    }

    @Test
    void anACustomerNotVisitedForTheIdleDaysIsListedUntilVisited() {
        CompanyDay.awayFromMidnight();
        LocalDate today = CompanyDay.today();
        Org.Person rep = Org.rep();
        String idle = customer(rep.auth(), "A久未拜访", today.plusDays(10));
        String recent = customer(rep.auth(), "A近期拜访", today.plusDays(10));
        String neverVisited = customer(rep.auth(), "A从未拜访", today.plusDays(20));
        String newlyOwned = customer(rep.auth(), "A新领取", today.plusDays(20));
        String gradeB = customer(rep.auth(), "B久未拜访", today.plusDays(60));
        String signed = Customers.signed(rep.auth(), Org.unique("已签约"));
        patch(rep.auth(), "/api/v1/customers/" + signed, "{\"expectedSignDate\": \"" + today.plusDays(5) + "\"}");
        visit(rep.auth(), idle, startOf(today.minusDays(20)).plus(3, ChronoUnit.HOURS), null, null);
        visit(rep.auth(), recent, startOf(today.minusDays(13)).plus(3, ChronoUnit.HOURS), null, null);
        visit(rep.auth(), gradeB, startOf(today.minusDays(30)), null, null);
        visit(rep.auth(), signed, startOf(today.minusDays(30)), null, null);
        ownedSince(neverVisited, startOf(today.minusDays(15)));

        List<Map<String, Object>> items = all(rep.auth(), Map.of("kind", "A_CUSTOMER_NOT_VISITED"), 50);
        assertEquals(List.of("A_CUSTOMER_NOT_VISITED:" + idle, "A_CUSTOMER_NOT_VISITED:" + neverVisited), keys(items),
                "the longest overdue first; neither a recent visit, a B grade, a new owner nor a signed customer");
        assertEquals(today.minusDays(6).toString(), items.get(0).get("dueOn"));
        assertEquals(6, items.get(0).get("daysOverdue"));
        assertEquals("A", items.get(0).get("customerGrade"));
        assertTrue(((String) items.get(0).get("reason")).contains("last visited " + today.minusDays(20) + " (20 days ago)"));
        assertNull(items.get(1).get("visitId"));
        assertEquals(1, items.get(1).get("daysOverdue"));
        assertTrue(((String) items.get(1).get("reason")).contains("never visited"));

        visit(rep.auth(), idle, hoursAgo(0), null, null);
        assertEquals(List.of("A_CUSTOMER_NOT_VISITED:" + neverVisited),
                keys(all(rep.auth(), Map.of("kind", "A_CUSTOMER_NOT_VISITED"), 50)));
        assertTrue(keys(all(rep.auth(), Map.of(), 50)).stream().noneMatch(k -> k.endsWith(newlyOwned)));
    }

    @Test
    void protectionEndingIsListedUntilAnEffectiveVisitExtendsIt() {
        Org.Person rep = Org.rep();
        String ending = Customers.create(rep.auth(), Org.unique("保护期将到"));
        String lapsed = Customers.create(rep.auth(), Org.unique("保护期已过"));
        String safe = Customers.create(rep.auth(), Org.unique("保护期充足"));
        String signed = Customers.signed(rep.auth(), Org.unique("签约不回收"));
        protectedUntil(ending, Instant.now().plus(3, ChronoUnit.DAYS));
        protectedUntil(lapsed, Instant.now().minus(3, ChronoUnit.HOURS));
        protectedUntil(safe, Instant.now().plus(8, ChronoUnit.DAYS));
        protectedUntil(signed, Instant.now().plus(1, ChronoUnit.DAYS));

        List<Map<String, Object>> items = all(rep.auth(), Map.of("kind", "PROTECTION_ENDING"), 50);
        assertEquals(List.of("PROTECTION_ENDING:" + lapsed, "PROTECTION_ENDING:" + ending), keys(items));
        assertTrue(((String) items.get(0).get("reason")).startsWith("protection ended"));
        assertTrue(((String) items.get(1).get("reason")).startsWith("protection ends"));
        assertEquals(0, items.get(1).get("daysOverdue"));
        assertTrue(items.get(1).get("protectedUntil") != null);
        // The same rule as the rep's expiring claims (GET /claims/expiring, 7 days by default).
        List<Object> expiring = Api.as(rep.auth()).get("/api/v1/claims/expiring").then().statusCode(200)
                .extract().jsonPath().getList("items.id");
        assertEquals(List.of(lapsed, ending), expiring);

        String contact = Api.as(rep.auth()).body(Map.of("name", "王芳")).post("/api/v1/customers/" + ending + "/contacts")
                .then().statusCode(201).extract().path("id");
        Map<String, Object> effective = visitBody(hoursAgo(0), "签合同", CompanyDay.today().plusDays(20));
        effective.put("contactIds", List.of(contact));
        Api.as(rep.auth()).body(effective).post("/api/v1/customers/" + ending + "/visits").then().statusCode(201);
        assertEquals(List.of("PROTECTION_ENDING:" + lapsed), keys(all(rep.auth(), Map.of("kind", "PROTECTION_ENDING"), 50)));
    }

    @Test
    void aCustomerThatTimeMovedFromBIntoAIsListedUntilVisited() {
        CompanyDay.awayFromMidnight();
        LocalDate today = CompanyDay.today();
        Org.Person rep = Org.rep();
        String moved = customer(rep.auth(), "B变A", today.plusDays(25));
        String wasA = customer(rep.auth(), "一直是A", today.plusDays(25));
        String stillB = customer(rep.auth(), "仍是B", today.plusDays(40));
        visit(rep.auth(), moved, startOf(today.minusDays(10)), null, null);
        visit(rep.auth(), wasA, startOf(today.minusDays(2)), null, null);
        visit(rep.auth(), stillB, hoursAgo(0), null, null);

        List<Map<String, Object>> items = all(rep.auth(), Map.of(), 50);
        assertEquals(List.of("B_MOVED_INTO_A:" + moved), keys(items), "B 35 days ahead when last seen, A now");
        assertEquals(today.minusDays(5).toString(), items.get(0).get("dueOn"), "the day it entered A's window");
        assertEquals(5, items.get(0).get("daysOverdue"));

        visit(rep.auth(), moved, hoursAgo(0), null, null);
        assertEquals(List.of(), keys(all(rep.auth(), Map.of(), 50)));

        // Time passes with nobody touching anything: the B customer moves into A ...
        clock.advance(Duration.ofDays(11));
        assertEquals(List.of("B_MOVED_INTO_A:" + stillB), keys(all(rep.auth(), Map.of("kind", "B_MOVED_INTO_A"), 50)));
        // ... and once idle for 14 days it is an A customer not visited instead, not both.
        clock.advance(Duration.ofDays(3));
        List<String> later = keys(all(rep.auth(), Map.of("kind", "A_CUSTOMER_NOT_VISITED,B_MOVED_INTO_A"), 50));
        assertTrue(later.contains("A_CUSTOMER_NOT_VISITED:" + stillB) && !later.contains("B_MOVED_INTO_A:" + stillB),
                later.toString());
    }

    @Test
    void aManagerSeesTheSubtreeGroupedByRepAndARepOnlyTheirOwn() {
        LocalDate today = CompanyDay.today();
        Region region = Region.create();
        Org.Person manager = region.manager();
        Org.Person near = region.colleague();
        Org.Person below = region.rep();
        Org.Person elsewhere = Org.rep();
        Map<String, List<String>> byRep = new HashMap<>();
        for (Org.Person rep : List.of(near, below, elsewhere)) {
            for (int i = 0; i < 2; i++) {
                String customer = Customers.create(rep.auth(), Org.unique("跟进"));
                visit(rep.auth(), customer, hoursAgo(30), "回访", today.minusDays(1 + i));
                byRep.computeIfAbsent(rep.id(), k -> new ArrayList<>()).add(customer);
            }
        }
        String released = Customers.create(near.auth(), Org.unique("退回公海"));
        visit(near.auth(), released, hoursAgo(30), "公海回访", today.minusDays(1));
        Api.as(near.auth()).body(Map.of("reason", "暂无需求")).post("/api/v1/customers/" + released + "/release")
                .then().statusCode(200);

        List<Map<String, Object>> items = all(manager.auth(), Map.of(), 3);
        List<Object> owners = items.stream().map(i -> i.get("ownerId")).toList();
        assertEquals(4, items.size(), "both reps of the subtree, nobody else's, never the pool: " + owners);
        assertEquals(new HashSet<>(List.of(near.id(), below.id())), new HashSet<>(owners));
        assertTrue(owners.get(0).equals(owners.get(1)) && owners.get(2).equals(owners.get(3)), "grouped by rep");
        assertTrue(((String) owners.get(0)).compareTo((String) owners.get(2)) < 0, "reps in a stable order");
        for (int group = 0; group < 4; group += 2) {
            List<String> customers = byRep.get((String) owners.get(group));
            assertEquals(customers.get(1), items.get(group).get("customerId"), "the most overdue first");
            assertEquals(customers.get(0), items.get(group + 1).get("customerId"));
        }

        List<Map<String, Object>> one = all(manager.auth(), Map.of("ownerId", below.id()), 50);
        assertEquals(List.of(below.id(), below.id()), one.stream().map(i -> i.get("ownerId")).toList());
        assertEquals(List.of(), all(manager.auth(), Map.of("ownerId", elsewhere.id()), 50));
        assertEquals(2, all(near.auth(), Map.of(), 50).size());
        assertTrue(all(near.auth(), Map.of(), 50).stream().allMatch(i -> near.id().equals(i.get("ownerId"))));
        assertEquals(List.of(), all(near.auth(), Map.of("ownerId", below.id()), 50), "a rep never sees another's");
        assertEquals(2, all(Org.ADMIN, Map.of("ownerId", elsewhere.id()), 50).size(), "an admin sees every owner's");
    }

    @Test
    void pagesCoverEveryItemOnceInOrder() {
        LocalDate today = CompanyDay.today();
        Org.Person rep = Org.rep();
        for (int i = 0; i < 7; i++) {
            String customer = customer(rep.auth(), "翻页" + i, today.plusDays(5));
            // Same due day for several, so the keyset's customer id decides within a day.
            visit(rep.auth(), customer, startOf(today.minusDays(20)), "跟进" + i, today.minusDays(1 + i % 3));
        }
        List<String> whole = keys(all(rep.auth(), Map.of(), 200));
        assertEquals(14, whole.size(), "a next step and an idle A customer each: " + whole);
        for (int limit : List.of(1, 2, 3, 5)) {
            assertEquals(whole, keys(all(rep.auth(), Map.of(), limit)), "limit " + limit);
        }
        assertTrue(whole.subList(0, 7).stream().allMatch(k -> k.startsWith("NEXT_STEP_OVERDUE:")));
        List<Map<String, Object>> items = all(rep.auth(), Map.of(), 200);
        for (int i = 1; i < 7; i++) {
            assertTrue(((String) items.get(i - 1).get("dueOn")).compareTo((String) items.get(i).get("dueOn")) <= 0);
        }
    }

    @Test
    void theCompanyDayDecidesWhatIsDue() {
        CompanyDay.awayFromMidnight();
        LocalDate today = CompanyDay.today();
        Org.Person rep = Org.rep();
        String tomorrow = Customers.create(rep.auth(), Org.unique("明天到期"));
        visit(rep.auth(), tomorrow, hoursAgo(1), "明天回访", today.plusDays(1));
        // Visited 30 minutes into the company day 13 days ago (still the day before in UTC): 13 days idle.
        String justInside = customer(rep.auth(), "十三天", today.plusDays(5));
        visit(rep.auth(), justInside, startOf(today.minusDays(13)).plus(30, ChronoUnit.MINUTES), null, null);
        // 30 minutes before that company day began: 14 days idle.
        String justOutside = customer(rep.auth(), "十四天", today.plusDays(5));
        visit(rep.auth(), justOutside, startOf(today.minusDays(13)).minus(30, ChronoUnit.MINUTES), null, null);

        assertEquals(List.of("A_CUSTOMER_NOT_VISITED:" + justOutside), keys(all(rep.auth(), Map.of(), 50)));

        // Just before the company's midnight nothing more is due; just after it, tomorrow's step is.
        ZonedDateTime now = ZonedDateTime.now(CompanyDay.ZONE);
        clock.advance(Duration.between(now, today.plusDays(1).atStartOfDay(CompanyDay.ZONE)).minusSeconds(20));
        assertEquals(List.of("A_CUSTOMER_NOT_VISITED:" + justOutside), keys(all(rep.auth(), Map.of(), 50)));
        clock.advance(Duration.ofSeconds(40));
        List<Map<String, Object>> items = all(rep.auth(), Map.of(), 50);
        assertEquals(List.of("NEXT_STEP_DUE:" + tomorrow, "A_CUSTOMER_NOT_VISITED:" + justOutside,
                "A_CUSTOMER_NOT_VISITED:" + justInside), keys(items));
        assertEquals(1, items.get(1).get("daysOverdue"));
    }

    @Test
    void badFiltersAndCursorsAreRefusedAndSettingsTellTheRules() {
        Org.Person rep = Org.rep();
        Problems.invalidField(Api.as(rep.auth()).queryParam("kind", "NEXT_STEP_DUE,LATER").get(PATH), "kind");
        Problems.invalidField(Api.as(rep.auth()).queryParam("ownerId", "me").get(PATH), "ownerId");
        Problems.invalidField(Api.as(rep.auth()).queryParam("cursor", "nope").get(PATH), "cursor");
        Problems.invalidField(Api.as(rep.auth()).queryParam("limit", "0").get(PATH), "limit");
        JsonPath settings = Api.as(rep.auth()).get("/api/v1/settings").then().statusCode(200).extract().jsonPath();
        assertEquals(14, settings.getInt("followUp.aCustomerIdleDays"));
        assertEquals(7, settings.getInt("followUp.protectionEndingDays"));
    }

    // --- helpers ---

    private static Instant hoursAgo(int hours) {
        return Instant.now().minus(hours, ChronoUnit.HOURS).minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(CompanyDay.ZONE).toInstant();
    }

    private static Map<String, Object> visitBody(Instant at, String nextStep, LocalDate nextStepDate) {
        Map<String, Object> body = new HashMap<>();
        body.put("visitedAt", at.toString());
        body.put("channel", "ON_SITE");
        body.put("notes", NOTES);
        body.put("nextStep", nextStep);
        body.put("nextStepDate", nextStepDate == null ? null : nextStepDate.toString());
        return body;
    }

    private static String visit(String auth, String customerId, Instant at, String nextStep, LocalDate nextStepDate) {
        return Api.as(auth).body(visitBody(at, nextStep, nextStepDate)).post("/api/v1/customers/" + customerId + "/visits")
                .then().statusCode(201).extract().path("id");
    }

    private static String customer(String auth, String name, LocalDate expectedSignDate) {
        Map<String, Object> body = Customers.body(Org.unique(name));
        body.put("expectedSignDate", expectedSignDate.toString());
        return Api.as(auth).body(body).post("/api/v1/customers").then().statusCode(201).extract().path("id");
    }

    /** A JSON Merge Patch with the record's current ETag. */
    private static void patch(String auth, String path, String json) {
        String etag = Api.as(auth).get(path).then().statusCode(200).extract().header("ETag");
        MergePatches.patch(auth, path, etag, json).then().statusCode(200);
    }

    private void ownedSince(String customerId, Instant at) {
        Sql.update(db, "UPDATE customer SET claimed_at = ?, created_at = ? WHERE id = ?",
                java.sql.Timestamp.from(at), java.sql.Timestamp.from(at), UUID.fromString(customerId));
    }

    private void protectedUntil(String customerId, Instant at) {
        Sql.update(db, "UPDATE customer SET protected_until = ? WHERE id = ?", java.sql.Timestamp.from(at),
                UUID.fromString(customerId));
    }

    /** Every item over all pages, following nextCursor. */
    private static List<Map<String, Object>> all(String auth, Map<String, ?> query, int limit) {
        List<Map<String, Object>> items = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            var request = Api.as(auth).queryParams(query).queryParam("limit", limit);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath body = request.get(PATH).then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> pageItems = body.getList("items");
            items.addAll(pageItems);
            cursor = body.getString("nextCursor");
            if (cursor == null) {
                List<String> keys = keys(items);
                assertEquals(keys.size(), new HashSet<>(keys).size(), "no item on two pages: " + keys);
                return items;
            }
            assertEquals(limit, pageItems.size(), "a page with a nextCursor is full");
        }
        throw new AssertionError("more than 100 pages");
    }

    private static List<String> keys(List<Map<String, Object>> items) {
        return items.stream().map(i -> i.get("kind") + ":" + i.get("customerId")).toList();
    }
}
