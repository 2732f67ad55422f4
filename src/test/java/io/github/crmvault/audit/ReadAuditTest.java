package io.github.crmvault.audit;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reads of contacts' personal data in full are on the record when the reader does not own the
 * customer (a manager reading a rep's customer, an admin, integration), per user, customer and
 * day; the owner's own reads are not. Admins query it by user and period.
 */
@QuarkusTest
class ReadAuditTest {
    static final String READS = "/api/v1/audit/reads";
    /** Any company time zone is within a day of UTC: this period holds today's reads. */
    static final String FROM = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
    static final String TO = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();

    Org.Person manager;
    Org.Person rep;
    String first;
    String firstName;
    String firstContact;
    String second;

    @BeforeEach
    void team() {
        String company = Org.team(Org.unique("Company"), null, null);
        manager = OrgAdmin.person(company, "manager");
        rep = OrgAdmin.person(Org.team(Org.unique("Team"), company, manager.id()), "sales");
        firstName = Customers.nameWith("读取审计");
        first = Customers.create(rep.auth(), firstName);
        firstContact = newContact(rep.auth(), first);
        second = Customers.create(rep.auth(), Customers.nameWith("读取审计二"));
        newContact(rep.auth(), second);
    }

    @Test
    void aManagerReadingTheirRepsContactsIsCountedTheOwnerIsNot() {
        // The owner reads by right: nothing on record.
        readAll(rep.auth(), first);
        assertEquals(List.of(), reads(rep.id()));

        // Contact list, one contact and the history: three reads, one customer.
        readAll(manager.auth(), first);
        List<Map<String, Object>> entries = reads(manager.id());
        assertEquals(1, entries.size());
        Map<String, Object> entry = entries.get(0);
        assertEquals(manager.id(), entry.get("userId"));
        assertEquals(manager.login(), entry.get("login"));
        assertEquals(first, entry.get("customerId"));
        assertEquals(firstName, entry.get("customerName"));
        assertEquals(1, entry.get("customersRead"));
        assertEquals(1, entry.get("days"));
        assertEquals(3, entry.get("reads"));
        // One contact in the list, the contact itself, its CREATE entry in the history.
        assertEquals(3, entry.get("rows"));

        // A second customer: both entries say two distinct customers, and which.
        Api.as(manager.auth()).get(contacts(second)).then().statusCode(200).body("items[0].masked", equalTo(false));
        entries = reads(manager.id());
        assertEquals(List.of(first, second).stream().sorted().toList(),
                entries.stream().map(e -> (String) e.get("customerId")).toList());
        assertTrue(entries.stream().allMatch(e -> e.get("customersRead").equals(2)));

        // A read that returns no contact in full is not counted: the history of a customer without contacts.
        String bare = Customers.create(rep.auth(), Customers.nameWith("读取审计空"));
        Api.as(manager.auth()).get("/api/v1/customers/" + bare + "/history").then().statusCode(200);
        assertEquals(2, reads(manager.id()).size());

        // Another period holds none of it.
        String later = LocalDate.parse(TO).plusDays(1).toString();
        Api.as(Org.ADMIN).queryParam("userId", manager.id()).queryParam("from", later).get(READS).then()
                .statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void maskedReadsAreNotCountedAdminAndIntegrationReadsAre() {
        Org.Person peer = OrgAdmin.person(Org.team(Org.unique("Peer"), null, null), "manager");
        // A pool customer's contacts come masked to a manager: nothing read in full.
        String pool = Customers.create(Org.ADMIN, Customers.nameWith("读取审计公海"));
        newContact(Org.ADMIN, pool);
        Api.as(peer.auth()).get(contacts(pool)).then().statusCode(200).body("items[0].masked", equalTo(true));
        assertEquals(List.of(), reads(peer.id()));

        Org.Person integration = OrgAdmin.person(null, "integration");
        Api.as(integration.auth()).get(contact(first, firstContact)).then().statusCode(200);
        assertEquals(List.of(first), reads(integration.id()).stream().map(e -> e.get("customerId")).toList());

        Api.as(Org.ADMIN).get(contacts(pool)).then().statusCode(200).body("items[0].masked", equalTo(false));
        List<Map<String, Object>> admin = allReads(e -> pool.equals(e.get("customerId")));
        assertEquals(1, admin.size(), "the admin's read of a pool customer is on record");
        assertNull(admin.get(0).get("userId"), "an admin login without a user record");
        assertTrue(((String) admin.get(0).get("login")).startsWith("admin-"));
    }

    @Test
    void anExportCountsEveryRowPerCustomer() {
        String since = Instant.now().minusSeconds(1).toString();
        Org.Person integration = OrgAdmin.person(null, "integration");
        String third = Customers.create(rep.auth(), Customers.nameWith("读取审计导出"));
        newContact(rep.auth(), third);
        newContact(rep.auth(), third);
        Api.as(integration.auth()).accept("application/x-ndjson").queryParam("updatedSince", since)
                .get("/api/v1/export/contacts").then().statusCode(200);
        // Written as the export's stream closes, which may be just after the client has the last byte.
        List<Map<String, Object>> entries = List.of();
        for (int i = 0; i < 50 && entries.isEmpty(); i++) {
            entries = reads(integration.id()).stream().filter(e -> third.equals(e.get("customerId"))).toList();
            sleep();
        }
        assertEquals(1, entries.size());
        assertEquals(2, entries.get(0).get("rows"));
        assertEquals(1, entries.get(0).get("reads"));
    }

    @Test
    void theChangeFeedIsCountedPerCustomer() {
        // A manager's app syncs their team: the rep's customers' contacts come in full, and are on record.
        String cursor = null;
        boolean seen = false;
        long deadline = System.currentTimeMillis() + 60_000;
        while (!seen && System.currentTimeMillis() < deadline) {
            var request = Api.as(manager.auth()).queryParam("limit", 1000);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/sync/changes").then().statusCode(200).extract().jsonPath();
            seen = page.getList("contacts.id").contains(firstContact);
            cursor = page.getString("nextCursor");
            if (!page.getBoolean("hasMore") && !seen) {
                sleep();
            }
        }
        assertTrue(seen, "the feed sent the contact");
        Map<String, Object> entry = reads(manager.id()).stream().filter(e -> first.equals(e.get("customerId")))
                .findFirst().orElseThrow();
        assertEquals(1, entry.get("rows"));
        assertEquals(1, entry.get("reads"));
    }

    @Test
    void theAuditIsKeysetPaged() {
        readAll(manager.auth(), first);
        Api.as(manager.auth()).get(contacts(second)).then().statusCode(200);
        JsonPath page = Api.as(Org.ADMIN).queryParam("userId", manager.id()).queryParam("limit", 1).get(READS).then()
                .statusCode(200).body("items.size()", equalTo(1)).extract().jsonPath();
        String cursor = page.getString("nextCursor");
        assertNotNull(cursor);
        JsonPath next = Api.as(Org.ADMIN).queryParam("userId", manager.id()).queryParam("limit", 1)
                .queryParam("cursor", cursor).get(READS).then().statusCode(200).body("items.size()", equalTo(1))
                .extract().jsonPath();
        assertNull(next.getString("nextCursor"));
        assertEquals(List.of(first, second).stream().sorted().toList(),
                List.of(page.getString("items[0].customerId"), next.getString("items[0].customerId")));
    }

    @Test
    void onlyAdminsQueryTheAuditWithValidInput() {
        Problems.unauthenticated(Api.anonymous().get(READS));
        Problems.forbidden(Api.as(manager.auth()).get(READS));
        Problems.forbidden(Api.as(rep.auth()).get(READS));
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("cursor", "nonsense").get(READS), "cursor");
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("from", "-999999999-01-01").get(READS), "from");
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("from", "2026-02-02").queryParam("to", "2026-02-01")
                .get(READS), "from");
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("to", "yesterday").get(READS), "to");
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("userId", "nobody").get(READS), "userId");
    }

    /** The contact list, the one contact and the history of a customer, as {@code auth}. */
    void readAll(String auth, String customer) {
        String contact = Api.as(auth).get(contacts(customer)).then().statusCode(200).body("items[0].masked", equalTo(false))
                .extract().path("items[0].id");
        Api.as(auth).get(contact(customer, contact)).then().statusCode(200);
        Api.as(auth).get("/api/v1/customers/" + customer + "/history").then().statusCode(200);
    }

    /** Today's reads of one user, every page. */
    static List<Map<String, Object>> reads(String userId) {
        return pages(Map.of("userId", userId, "from", FROM, "to", TO));
    }

    static List<Map<String, Object>> allReads(Predicate<Map<String, Object>> which) {
        return pages(Map.of("from", FROM, "to", TO)).stream().filter(which).toList();
    }

    static List<Map<String, Object>> pages(Map<String, String> query) {
        List<Map<String, Object>> items = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> params = new HashMap<>(query);
            params.put("limit", 200);
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonPath page = Api.as(Org.ADMIN).queryParams(params).get(READS).then().statusCode(200).extract().jsonPath();
            items.addAll(page.getList("items"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return items;
    }

    static String newContact(String auth, String customer) {
        return Api.as(auth).body(Map.of("name", "王芳", "phones", List.of(Customers.phone().replace(" ", "")),
                        "email", "wang@example.cn")).post(contacts(customer)).then().statusCode(201).extract().path("id");
    }

    static String contacts(String customer) {
        return "/api/v1/customers/" + customer + "/contacts";
    }

    static String contact(String customer, String contact) {
        return contacts(customer) + "/" + contact;
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
