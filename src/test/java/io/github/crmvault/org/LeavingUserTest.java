package io.github.crmvault.org;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.claim.LeavingJob;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.CompanyDay;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.OwnerMoves;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A user an admin marks as leaving (PUT /users/{id} with leavingOn): from then on no claims, no
 * exports and contacts masked except on customers visited today; on the date the leaving job hands
 * their customers to their team's manager (or the pool) and deactivates them, once.
 */
@QuarkusTest
class LeavingUserTest {
    @Inject
    LeavingJob job;
    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static LocalDate today() {
        return CompanyDay.today();
    }

    private static String user(String id) {
        return "/api/v1/users/" + id;
    }

    /** PUT of the user's current fields with the given leavingOn (null clears it), as {@code auth}. */
    private static Response putLeaving(String auth, String userId, LocalDate leavingOn) {
        var current = Api.as(Org.ADMIN).get(user(userId)).then().statusCode(200).extract();
        Map<String, Object> body = new HashMap<>();
        body.put("displayName", current.path("displayName"));
        body.put("teamId", current.path("teamId"));
        body.put("active", true);
        body.put("leavingOn", leavingOn == null ? null : leavingOn.toString());
        return Api.as(auth).header("If-Match", current.header("ETag")).body(body).put(user(userId));
    }

    private static Map<String, Object> contactOf(String auth, String customerId, String mobile, String email) {
        Api.as(auth).body(Map.of("name", "李四", "phones", List.of(mobile), "email", email))
                .post(OwnerMoves.customer(customerId) + "/contacts").then().statusCode(201);
        return contacts(auth, customerId);
    }

    private static Map<String, Object> contacts(String auth, String customerId) {
        List<Map<String, Object>> items = Api.as(auth).get(OwnerMoves.customer(customerId) + "/contacts")
                .then().statusCode(200).extract().jsonPath().getList("items");
        assertEquals(1, items.size());
        return items.get(0);
    }

    /** A visit recorded now, on the company day the test runs. */
    private static Response visitNow(String auth, String customerId) {
        Map<String, Object> body = new HashMap<>();
        body.put("visitedAt", Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS).toString());
        body.put("channel", "ON_SITE");
        body.put("notes", "客户规模两百人关心数据安全和价格采购总监犹豫预算下周带方案上门演示".repeat(4));
        return Api.as(auth).body(body).post(OwnerMoves.customer(customerId) + "/visits");
    }

    private static Response claim(String auth, String customerId) {
        return Api.as(auth).post(OwnerMoves.customer(customerId) + "/claim");
    }

    private static Response exportContacts(String auth) {
        return Api.as(auth).header("Accept", "text/csv").get("/api/v1/export/contacts");
    }

    private static List<Map<String, Object>> userHistory(String userId) {
        return Api.as(Org.ADMIN).queryParam("limit", 200).get(user(userId) + "/history").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    @Test
    void aLeavingRepKeepsWorkingButCannotClaimExportOrSeeContactsUnlessVisitedToday() {
        CompanyDay.awayFromMidnight();
        Org.Person rep = Org.rep();
        String visited = Customers.create(rep.auth(), Org.unique("离职客户甲"));
        String other = Customers.create(rep.auth(), Org.unique("离职客户乙"));
        String mobile = Customers.phone().replace(" ", "");
        String email = "li." + UUID.randomUUID().toString().substring(0, 8) + "@example.cn";
        assertEquals(false, contactOf(rep.auth(), visited, mobile, email).get("masked"));
        contactOf(rep.auth(), other, Customers.phone().replace(" ", ""), "li4@example.cn");
        String pool = Customers.create(Org.ADMIN, Org.unique("公海客户"));
        LocalDate leavingOn = today().plusDays(10);

        putLeaving(Org.ADMIN, rep.id(), leavingOn).then().statusCode(200)
                .body("leavingOn", equalTo(leavingOn.toString()));
        Api.as(Org.ADMIN).get(user(rep.id())).then().statusCode(200).body("leavingOn", equalTo(leavingOn.toString()));
        Map<String, Object> marked = userHistory(rep.id()).get(0);
        assertEquals("UPDATE", marked.get("action"));
        assertEquals(List.of(Map.of("field", "leavingOn", "newValue", leavingOn.toString())),
                ((List<?>) marked.get("changes")).stream().map(c -> {
                    Map<?, ?> change = (Map<?, ?>) c;
                    return Map.of("field", change.get("field"), "newValue", change.get("newValue"));
                }).toList());

        // Effective at once, long before the date.
        Problems.expect(claim(rep.auth(), pool), 403, "user-leaving").body("detail", containsString(leavingOn.toString()));
        Problems.expect(exportContacts(rep.auth()), 403, "export-not-permitted");
        Map<String, Object> masked = contacts(rep.auth(), visited);
        assertEquals(true, masked.get("masked"));
        assertEquals(List.of(mobile.substring(0, 3) + "****" + mobile.substring(7)), masked.get("phones"));
        assertEquals("l***@example.cn", masked.get("email"));

        // The work goes on: a visit today unmasks that customer, and that one only; deals are recorded.
        visitNow(rep.auth(), visited).then().statusCode(201);
        Map<String, Object> full = contacts(rep.auth(), visited);
        assertEquals(false, full.get("masked"));
        assertEquals(List.of(mobile), full.get("phones"));
        assertEquals(email, full.get("email"));
        assertEquals(true, contacts(rep.auth(), other).get("masked"));
        Map<String, Object> deal = new HashMap<>();
        deal.put("amount", "128000.00");
        deal.put("currency", "CNY");
        deal.put("signedOn", today().toString());
        deal.put("product", "CRM 企业版 年度订阅");
        Api.as(rep.auth()).body(deal).post(OwnerMoves.customer(other) + "/deals").then().statusCode(201);
        visitNow(rep.auth(), other).then().statusCode(201);

        // Cleared: normal rights again.
        putLeaving(Org.ADMIN, rep.id(), null).then().statusCode(200).body("leavingOn", nullValue());
        assertEquals(false, contacts(rep.auth(), visited).get("masked"));
        claim(rep.auth(), pool).then().statusCode(200);
    }

    @Test
    void aLeavingAdminCannotExportAndTheRefusalIsOnRecord() {
        Org.Person admin = OrgAdmin.person(null, "admin");
        exportContacts(admin.auth()).then().statusCode(200);
        putLeaving(Org.ADMIN, admin.id(), today().plusDays(3)).then().statusCode(200);

        Problems.expect(exportContacts(admin.auth()), 403, "user-leaving").body("detail", containsString("export"));
        Map<String, Object> refusal = Api.as(Org.ADMIN).queryParam("userId", admin.id())
                .get("/api/v1/audit/exports").then().statusCode(200).extract().jsonPath().getMap("items[0]");
        assertEquals("REFUSED", refusal.get("outcome"));
        assertEquals("CONTACTS", refusal.get("export"));
    }

    @Test
    void onlyAnAdminMarksAUserAsLeaving() {
        Org.Person rep = Org.rep();
        Org.Person manager = OrgAdmin.person(null, "manager");
        Problems.forbidden(putLeaving(manager.auth(), rep.id(), today().plusDays(5)));
        Problems.forbidden(putLeaving(rep.auth(), rep.id(), today().plusDays(5)));
        Api.as(Org.ADMIN).get(user(rep.id())).then().statusCode(200).body("leavingOn", nullValue());
    }

    @Test
    void onTheDateTheJobHandsCustomersToTheManagerOrThePoolAndDeactivatesOnce() {
        String company = Org.team(Org.unique("Company"), null, null);
        Org.Person manager = OrgAdmin.person(company, "sales", "manager");
        Org.Person managed = OrgAdmin.person(Org.team(Org.unique("Team"), company, manager.id()), "sales");
        Org.Person alone = Org.rep();
        String toManager = Customers.create(managed.auth(), Org.unique("交接经理客户"));
        String toPool = Customers.create(alone.auth(), Org.unique("交接公海客户"));
        LocalDate leavingOn = today().plusDays(3);
        putLeaving(Org.ADMIN, managed.id(), leavingOn).then().statusCode(200);
        putLeaving(Org.ADMIN, alone.id(), leavingOn).then().statusCode(200);

        // Before the date nothing moves.
        clock.advance(Duration.ofDays(2));
        job.handOverDue();
        Api.as(Org.ADMIN).get(user(managed.id())).then().body("active", equalTo(true));
        assertEquals(managed.id(), OwnerMoves.get(Org.ADMIN, toManager).getString("ownerId"));

        clock.advance(Duration.ofDays(1));
        assertTrue(job.handOverDue() >= 2);
        job.handOverDue();

        assertEquals(manager.id(), OwnerMoves.get(Org.ADMIN, toManager).getString("ownerId"));
        assertEquals(null, OwnerMoves.get(Org.ADMIN, toPool).getString("ownerId"));
        for (String customer : List.of(toManager, toPool)) {
            List<Map<String, Object>> handovers = OwnerMoves.history(Org.ADMIN, customer, "HANDOVER");
            assertEquals(1, handovers.size(), "handed over once");
            assertEquals("system", handovers.get(0).get("actor"));
            assertEquals("leaving date " + leavingOn + " reached", handovers.get(0).get("reason"));
        }
        for (Org.Person person : List.of(managed, alone)) {
            Api.as(Org.ADMIN).get(user(person.id())).then().body("active", equalTo(false))
                    .body("leavingOn", equalTo(leavingOn.toString()));
            List<Map<String, Object>> deactivations = userHistory(person.id()).stream()
                    .filter(e -> "DEACTIVATE".equals(e.get("action"))).toList();
            assertEquals(1, deactivations.size());
            assertEquals("system", deactivations.get(0).get("actor"));
            Problems.expect(Api.as(person.auth()).get("/api/v1/me"), 403, "unknown-user");
        }
    }

    @Test
    void concurrentRunsOnSeveralInstancesHandEachUserOverOnce() throws Exception {
        String team = Org.team(Org.unique("Team"), null, null);
        List<Org.Person> leaving = List.of(OrgAdmin.person(team, "sales"), OrgAdmin.person(team, "sales"),
                OrgAdmin.person(team, "sales"));
        List<String> customers = new ArrayList<>();
        for (Org.Person person : leaving) {
            for (int i = 0; i < 3; i++) {
                customers.add(Customers.create(person.auth(), Org.unique("并发交接")));
            }
            putLeaving(Org.ADMIN, person.id(), today()).then().statusCode(200);
        }

        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(threads.submit(() -> job.handOverDue()));
            }
            for (Future<Integer> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        for (String customer : customers) {
            assertEquals(null, OwnerMoves.get(Org.ADMIN, customer).getString("ownerId"));
            assertEquals(1, OwnerMoves.history(Org.ADMIN, customer, "HANDOVER").size());
        }
        for (Org.Person person : leaving) {
            assertEquals(1, userHistory(person.id()).stream().filter(e -> "DEACTIVATE".equals(e.get("action"))).count());
        }
    }
}
