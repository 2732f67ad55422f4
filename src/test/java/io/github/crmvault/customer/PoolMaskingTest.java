package io.github.crmvault.customer;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.crmvault.export.CsvReader;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The public pool shows companies, not people: a pool customer's contacts come with phones, e-mail
 * and messaging id masked to every rep and manager, in every read path, until one claims it; admins,
 * integration, the owner and the managers above the owner see them in full.
 */
@QuarkusTest
class PoolMaskingTest {
    private static final String FIXED_LINE = "0571-8888 6666";
    private static final String FIXED_LINE_MASKED = "057*-**** 6666";
    private static final String MESSAGING_ID = "zhangsan-wx";

    Org.Person manager;
    Org.Person rep;
    String integration;
    String since;
    String name;
    String pool;
    String contact;
    /** The contact's mobile, digits only, unique to this test: found in no other body by chance. */
    String mobile;
    String email;

    @BeforeEach
    void company() {
        since = Instant.now().minusSeconds(1).toString();
        String company = Org.team(Org.unique("Company"), null, null);
        manager = OrgAdmin.person(company, "manager");
        rep = OrgAdmin.person(Org.team(Org.unique("Team"), company, manager.id()), "sales");
        integration = OrgAdmin.person(null, "integration").auth();
        name = Customers.nameWith("公海脱敏");
        pool = Customers.create(Org.ADMIN, name);
        mobile = Customers.phone().replace(" ", "");
        email = "zhang." + UUID.randomUUID().toString().substring(0, 8) + "@example.cn";
        contact = Api.as(Org.ADMIN).body(Map.of("name", "张三", "title", "总经理", "phones", List.of(mobile), "email", email,
                        "messagingId", "zhang-wx", "decisionRole", "DECISION_MAKER"))
                .post(contacts(pool)).then().statusCode(201).extract().path("id");
        // An admin's correction: the history holds old and new values of the contact's personal data.
        Api.as(Org.ADMIN).header("If-Match", "\"0\"").body(contactBody(List.of(mobile, FIXED_LINE), email, MESSAGING_ID))
                .put(contact(pool, contact)).then().statusCode(200);
    }

    @Test
    void aRepSeesThePoolsCompaniesButNotItsPeople() {
        assertMasked(Api.as(rep.auth()).get(contact(pool, contact)).then().statusCode(200)
                .header("ETag", "\"1\"").extract().jsonPath().getMap(""));
        List<Map<String, Object>> listed = Api.as(rep.auth()).get(contacts(pool)).then().statusCode(200)
                .extract().jsonPath().getList("items");
        assertEquals(1, listed.size());
        assertMasked(listed.get(0));

        // The company itself is in full (its phones are the company's), and no read of it carries the people's data.
        JsonPath company = Api.as(rep.auth()).get("/api/v1/customers/" + pool).then().statusCode(200).extract().jsonPath();
        assertEquals(Api.as(Org.ADMIN).get("/api/v1/customers/" + pool).then().extract().jsonPath().getList("phones"),
                company.getList("phones"));
        leaksNothing(company.prettify());
        leaksNothing(Api.as(rep.auth()).queryParam("q", name).get("/api/v1/customers").then().statusCode(200)
                .body("items.id", hasItem(pool)).extract().asString());
        leaksNothing(Api.as(rep.auth()).queryParam("q", name).get("/api/v1/pool").then().statusCode(200)
                .body("items.id", hasItem(pool)).extract().asString());

        // History: the contact's entries are masked and say so; the customer's are not.
        String history = Api.as(rep.auth()).queryParam("limit", 200).get("/api/v1/customers/" + pool + "/history")
                .then().statusCode(200).extract().asString();
        leaksNothing(history);
        List<Map<String, Object>> entries = new JsonPath(history).getList("items");
        assertEquals(List.of("CONTACT:UPDATE:true", "CONTACT:CREATE:true", "CUSTOMER:CREATE:false"),
                entries.stream().map(e -> e.get("entityType") + ":" + e.get("action") + ":" + e.get("masked")).toList());
        Map<String, Map<String, Object>> update = changes(entries.get(0));
        assertEquals(List.of(masked(mobile)), update.get("phones").get("oldValue"));
        assertEquals(List.of(masked(mobile), FIXED_LINE_MASKED), update.get("phones").get("newValue"));
        assertEquals("z***", update.get("messagingId").get("oldValue"));
        assertEquals("z***", update.get("messagingId").get("newValue"));
        assertEquals("z***@example.cn", changes(entries.get(1)).get("email").get("newValue"));
        assertEquals("张三", changes(entries.get(1)).get("name").get("newValue"));
    }

    @Test
    void claimingRevealsThemInEveryReadAndReleasingMasksThemAgain() {
        Feed feed = new Feed(rep.auth());
        assertMasked(feed.until(contact, true));

        Api.as(rep.auth()).post("/api/v1/customers/" + pool + "/claim").then().statusCode(200);
        assertFull(Api.as(rep.auth()).get(contact(pool, contact)).then().statusCode(200).extract().jsonPath().getMap(""));
        assertFull(Api.as(rep.auth()).get(contacts(pool)).then().statusCode(200).extract().jsonPath().getMap("items[0]"));
        List<Map<String, Object>> entries = history(rep.auth());
        assertTrue(entries.stream().noneMatch(e -> Boolean.TRUE.equals(e.get("masked"))));
        Map<String, Map<String, Object>> update = changes(entries.stream()
                .filter(e -> e.get("entityType").equals("CONTACT") && e.get("action").equals("UPDATE")).findFirst().orElseThrow());
        assertEquals(List.of(mobile, FIXED_LINE), update.get("phones").get("newValue"));
        // The owner change puts the contact in the feed again, now in full.
        assertFull(feed.until(contact, false));

        Api.as(rep.auth()).body(Map.of("reason", "不再跟进")).post("/api/v1/customers/" + pool + "/release").then()
                .statusCode(200);
        assertMasked(Api.as(rep.auth()).get(contact(pool, contact)).then().statusCode(200).extract().jsonPath().getMap(""));
        assertMasked(feed.until(contact, true));
    }

    @Test
    void aManagerSeesTheirRepsPeopleInFullAndThePoolsMasked() {
        String own = Customers.create(rep.auth(), Customers.nameWith("下属客户"));
        String ownMobile = Customers.phone().replace(" ", "");
        String ownContact = Api.as(rep.auth()).body(Map.of("name", "李四", "phones", List.of(ownMobile),
                "email", "li@example.cn")).post(contacts(own)).then().statusCode(201).extract().path("id");

        Api.as(manager.auth()).get(contact(own, ownContact)).then().statusCode(200)
                .body("masked", equalTo(false)).body("phones", equalTo(List.of(ownMobile)))
                .body("email", equalTo("li@example.cn"));
        Api.as(manager.auth()).queryParam("limit", 200).get("/api/v1/customers/" + own + "/history").then()
                .statusCode(200).body("items.masked", equalTo(List.of(false, false)));

        assertMasked(Api.as(manager.auth()).get(contact(pool, contact)).then().statusCode(200).extract().jsonPath().getMap(""));
        assertTrue(history(manager.auth()).stream()
                .allMatch(e -> e.get("masked").equals(e.get("entityType").equals("CONTACT"))));
    }

    @Test
    void adminsAndIntegrationSeeEverythingInFull() {
        for (String auth : List.of(Org.ADMIN, integration)) {
            assertFull(Api.as(auth).get(contact(pool, contact)).then().statusCode(200).extract().jsonPath().getMap(""));
            assertFull(Api.as(auth).get(contacts(pool)).then().statusCode(200).extract().jsonPath().getMap("items[0]"));
            assertTrue(history(auth).stream().noneMatch(e -> Boolean.TRUE.equals(e.get("masked"))));
            assertFull(exported(auth));
        }
        List<List<String>> rows = CsvReader.parse(Api.as(integration).accept("text/csv").queryParam("updatedSince", since)
                .get("/api/v1/export/contacts").then().statusCode(200).extract().asString());
        Map<String, String> row = csvRow(rows, contact);
        assertEquals(mobile + "|" + FIXED_LINE, row.get("phones"));
        assertEquals(email, row.get("email"));
        assertEquals("false", row.get("masked"));
    }

    /** Export is a permission of its own; whoever holds it gets the pool's contacts masked like every other read. */
    @Test
    void repsHaveNoBulkPathAroundTheMask() {
        // Bulk export is admin and integration by default; ExportRightsSettingTest shows a rep's
        // export masked where a company grants reps the permission.
        Problems.expect(Api.as(rep.auth()).accept("text/csv").queryParam("updatedSince", since)
                .get("/api/v1/export/contacts"), 403, "export-not-permitted");
    }

    @Test
    void maskedValuesAreNeverWrittenBack() {
        // Whoever sees them masked cannot write the pool's contacts at all.
        Map<String, Object> other = contactBody(List.of(Customers.phone()), "other@example.cn", "other-wx");
        Problems.forbidden(Api.as(rep.auth()).header("If-Match", "\"1\"").body(other).put(contact(pool, contact)));
        Problems.forbidden(Api.as(rep.auth()).body(other).post(contacts(pool)));

        // And masked-looking values are refused from anyone, so no later rule can let one be stored.
        Api.as(rep.auth()).post("/api/v1/customers/" + pool + "/claim").then().statusCode(200);
        for (String auth : List.of(rep.auth(), Org.ADMIN)) {
            Problems.invalidField(Api.as(auth).header("If-Match", "\"1\"").body(contactBody(List.of(mobile), "z***@example.cn",
                    MESSAGING_ID)).put(contact(pool, contact)), "email");
            Problems.invalidField(Api.as(auth).header("If-Match", "\"1\"").body(contactBody(List.of(mobile), email, "z***"))
                    .put(contact(pool, contact)), "messagingId");
            Problems.invalidField(Api.as(auth).header("If-Match", "\"1\"").body(contactBody(List.of(masked(mobile)), email,
                    MESSAGING_ID)).put(contact(pool, contact)), "phones[0]");
            Problems.invalidField(Api.as(auth).body(contactBody(List.of(), "z***@example.cn", null)).post(contacts(pool)),
                    "email");
        }
        assertFull(Api.as(rep.auth()).get(contact(pool, contact)).then().statusCode(200).header("ETag", "\"1\"")
                .extract().jsonPath().getMap(""));
    }

    @Test
    void conflictChecksCompareTheFullValues() {
        String companyPhone = Api.as(Org.ADMIN).get("/api/v1/customers/" + pool).then().extract().jsonPath()
                .getString("phones[0]");
        String answer = Api.as(rep.auth()).body(Map.of("phones", List.of(companyPhone))).post("/api/v1/conflict-checks")
                .then().statusCode(200)
                .body("decision", equalTo("BLOCKED"))
                .body("matches.customerId", equalTo(List.of(pool)))
                .body("matches[0].holder.pool", equalTo(true))
                .extract().asString();
        leaksNothing(answer);
        // Creating the same company again is refused on the stored full key, for a rep as for anyone.
        Map<String, Object> duplicate = Customers.body(Customers.nameWith("另一家"));
        duplicate.put("phones", List.of(companyPhone));
        Problems.expect(Api.as(rep.auth()).body(duplicate).post("/api/v1/customers"), 409, "duplicate-customer");
    }

    private void assertMasked(Map<String, Object> c) {
        assertEquals(contact, c.get("id"));
        assertEquals(true, c.get("masked"));
        assertEquals(List.of(masked(mobile), FIXED_LINE_MASKED), c.get("phones"));
        assertEquals("z***@example.cn", c.get("email"));
        assertEquals("z***", c.get("messagingId"));
        // The person is named: the company's history stays readable.
        assertEquals("张三", c.get("name"));
        assertEquals("总经理", c.get("title"));
    }

    private void assertFull(Map<String, Object> c) {
        assertEquals(contact, c.get("id"));
        assertEquals(false, c.get("masked"));
        assertEquals(List.of(mobile, FIXED_LINE), c.get("phones"));
        assertEquals(email, c.get("email"));
        assertEquals(MESSAGING_ID, c.get("messagingId"));
    }

    /** Not one of the contact's values appears in a response body, in any form the tests give them. */
    private void leaksNothing(String body) {
        for (String value : List.of(mobile, email, MESSAGING_ID, "zhang-wx", FIXED_LINE, email.substring(0, email.indexOf('@')))) {
            assertFalse(body.contains(value), () -> "leaks " + value + ": " + body);
        }
    }

    private static String masked(String mobile) {
        return mobile.substring(0, 3) + "****" + mobile.substring(7);
    }

    private static Map<String, Object> contactBody(List<String> phones, String email, String messagingId) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "张三");
        body.put("title", "总经理");
        body.put("phones", phones);
        body.put("email", email);
        body.put("messagingId", messagingId);
        body.put("decisionRole", "DECISION_MAKER");
        return body;
    }

    private static String contacts(String customerId) {
        return "/api/v1/customers/" + customerId + "/contacts";
    }

    private static String contact(String customerId, String contactId) {
        return contacts(customerId) + "/" + contactId;
    }

    private List<Map<String, Object>> history(String auth) {
        return Api.as(auth).queryParam("limit", 200).get("/api/v1/customers/" + pool + "/history").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    /** A history entry's changes by field. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> changes(Map<String, Object> entry) {
        Map<String, Map<String, Object>> byField = new HashMap<>();
        for (Map<String, Object> change : (List<Map<String, Object>>) entry.get("changes")) {
            byField.put((String) change.get("field"), change);
        }
        return byField;
    }

    /** The contact's line of the caller's NDJSON contacts export. */
    private Map<String, Object> exported(String auth) {
        String body = Api.as(auth).accept("application/x-ndjson").queryParam("updatedSince", since)
                .get("/api/v1/export/contacts").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            if (!line.isEmpty() && line.contains(contact)) {
                Map<String, Object> record = new JsonPath(line).getMap("");
                if (contact.equals(record.get("id"))) {
                    return record;
                }
            }
        }
        return fail("the export has no contact " + contact);
    }

    private static Map<String, String> csvRow(List<List<String>> rows, String id) {
        List<String> row = rows.stream().filter(r -> r.get(0).equals(id)).findFirst().orElseThrow();
        Map<String, String> cells = new HashMap<>();
        for (int i = 0; i < rows.get(0).size(); i++) {
            cells.put(rows.get(0).get(i), row.get(i));
        }
        return cells;
    }

    /**
     * One app's change feed: pulls from its cursor until a contact comes in the wanted state. The feed
     * holds back changes while any older transaction of the PostgreSQL cluster runs (see FeedClient),
     * so the wait may be long on a shared machine.
     */
    private static final class Feed {
        private final String auth;
        private String cursor;

        Feed(String auth) {
            this.auth = auth;
        }

        Map<String, Object> until(String contactId, boolean masked) {
            long deadline = System.currentTimeMillis() + 600_000;
            Map<String, Object> last = null;
            while (System.currentTimeMillis() < deadline) {
                boolean more;
                do {
                    var request = Api.as(auth).queryParam("limit", 1000);
                    if (cursor != null) {
                        request.queryParam("cursor", cursor);
                    }
                    JsonPath page = request.get("/api/v1/sync/changes").then().statusCode(200).extract().jsonPath();
                    for (Map<String, Object> c : page.<Map<String, Object>>getList("contacts")) {
                        if (contactId.equals(c.get("id"))) {
                            last = c;
                        }
                    }
                    cursor = page.getString("nextCursor");
                    more = page.getBoolean("hasMore");
                } while (more);
                if (last != null && last.get("masked").equals(masked)) {
                    return last;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return fail("the feed did not bring contact " + contactId + " with masked " + masked + "; last: " + last);
        }
    }
}
