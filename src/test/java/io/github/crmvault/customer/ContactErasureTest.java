package io.github.crmvault.customer;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Erasure of a contact's personal data (PIPL / GDPR): the values go from the contact, its history,
 * the export and the feed, for good; the admin's subject access read shows all that is held.
 */
@QuarkusTest
class ContactErasureTest {
    /** Makes this test's contact values unique, so a leak check cannot trip on another test's contact. */
    private String tag;
    private static final String REASON = "本人要求删除 (ticket 4711)";
    private static final String NOTES = "与王经理面谈,介绍了产品方案,对方表示下个季度有采购预算,需要再安排一次演示。".repeat(6);

    Org.Person rep;
    String integration;
    String since;
    String customer;
    String contact;
    String visit;
    String mobile;
    String otherMobile;
    String email;
    String messagingId;

    @BeforeEach
    void aRepsCustomerWithAContactTheyMet() {
        since = Instant.now().minusSeconds(1).toString();
        rep = Org.rep();
        integration = OrgAdmin.person(null, "integration").auth();
        customer = Customers.create(rep.auth(), Customers.nameWith("删除联系人"));
        mobile = Customers.phone().replace(" ", "");
        otherMobile = Customers.phone().replace(" ", "");
        tag = UUID.randomUUID().toString().substring(0, 8);
        email = "wang." + tag + "@example.cn";
        messagingId = "wang-" + tag;
        contact = Api.as(rep.auth()).body(contactBody("王芳" + tag, List.of(mobile), email, messagingId))
                .post(contacts()).then().statusCode(201).extract().path("id");
        // A correction: the history holds old and new values.
        Api.as(rep.auth()).header("If-Match", "\"0\"").body(contactBody("王芳" + tag, List.of(mobile, otherMobile), email,
                messagingId)).put(contactPath()).then().statusCode(200);
        Map<String, Object> visitBody = new HashMap<>();
        visitBody.put("visitedAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        visitBody.put("channel", "ON_SITE");
        visitBody.put("notes", NOTES);
        visitBody.put("contactIds", List.of(contact));
        visit = Api.as(rep.auth()).body(visitBody).post("/api/v1/customers/" + customer + "/visits").then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void erasureRemovesTheValuesEverywhereAndIsRecordedOnce() {
        String feedCursor = Api.as(integration).accept("application/x-ndjson").queryParam("updatedSince", since)
                .get("/api/v1/export/contacts").then().statusCode(200).extract().header("Feed-Cursor");

        JsonPath erased = Api.as(Org.ADMIN).body(Map.of("reason", REASON)).post(contactPath() + "/erase").then()
                .statusCode(200).header("ETag", "\"2\"").extract().jsonPath();
        assertErased(erased.getMap(""));
        String erasedAt = erased.getString("erasedAt");

        // The rep, the owner, sees the contact erased; it stays in the list.
        assertErased(Api.as(rep.auth()).get(contactPath()).then().statusCode(200).extract().jsonPath().getMap(""));
        assertErased(Api.as(rep.auth()).get(contacts()).then().statusCode(200).extract().jsonPath().getMap("items[0]"));

        // History: every entry kept, none with a value; one ERASE entry with who, when and why.
        String history = Api.as(Org.ADMIN).queryParam("limit", 200).get("/api/v1/customers/" + customer + "/history")
                .then().statusCode(200).extract().asString();
        leaksNothing(history);
        List<Map<String, Object>> entries = contactEntries(new JsonPath(history).getList("items"));
        assertEquals(List.of("ERASE", "UPDATE", "CREATE"), entries.stream().map(e -> e.get("action")).toList());
        Map<String, Object> erase = entries.get(0);
        assertEquals(REASON, erase.get("reason"));
        assertEquals(List.of(), erase.get("changes"));
        assertTrue(((String) erase.get("actor")).startsWith("admin-"));
        Map<String, Map<String, Object>> update = changes(entries.get(1));
        assertEquals("[erased]", update.get("phones").get("oldValue"));
        assertEquals("[erased]", update.get("phones").get("newValue"));
        Map<String, Map<String, Object>> create = changes(entries.get(2));
        for (String field : List.of("name", "title", "phones", "email", "messagingId")) {
            assertEquals("[erased]", create.get(field).get("newValue"), field);
        }
        assertEquals("DECISION_MAKER", create.get("decisionRole").get("newValue"));

        // The export (integration: everything in full) carries it erased.
        String export = Api.as(integration).accept("application/x-ndjson").queryParam("updatedSince", since)
                .get("/api/v1/export/contacts").then().statusCode(200).extract().asString();
        leaksNothing(export);
        assertTrue(export.contains(contact));

        // The feed brings it again, erased, so clients overwrite their copies.
        leaksNothing(feedUntilErased(feedCursor).toString());

        // Idempotent: a second erasure answers the same contact and records nothing.
        Api.as(Org.ADMIN).body(Map.of("reason", "again")).post(contactPath() + "/erase").then().statusCode(200)
                .header("ETag", "\"2\"").body("erasedAt", equalTo(erasedAt)).body("version", equalTo(2));
        assertEquals(3, contactEntries(Api.as(Org.ADMIN).queryParam("limit", 200)
                .get("/api/v1/customers/" + customer + "/history").then().extract().jsonPath().getList("items")).size());

        // The visit keeps the link and its notes.
        Api.as(rep.auth()).get("/api/v1/visits/" + visit).then().statusCode(200)
                .body("contactIds", equalTo(List.of(contact))).body("notes", equalTo(NOTES));
    }

    @Test
    void anErasedContactIsNeverWrittenAgain() {
        Api.as(Org.ADMIN).body(Map.of("reason", REASON)).post(contactPath() + "/erase").then().statusCode(200);
        for (String auth : List.of(rep.auth(), Org.ADMIN)) {
            Problems.expect(Api.as(auth).header("If-Match", "\"2\"")
                    .body(contactBody("王芳", List.of(mobile), email, messagingId)).put(contactPath()), 409, "contact-erased");
            Problems.expect(Api.as(auth).post(contactPath() + "/archive"), 409, "contact-erased");
        }
        assertErased(Api.as(rep.auth()).get(contactPath()).then().statusCode(200).extract().jsonPath().getMap(""));
    }

    @Test
    void onlyAdminsEraseWithAReason() {
        Problems.unauthenticated(Api.anonymous().body(Map.of("reason", REASON)).post(contactPath() + "/erase"));
        Problems.forbidden(Api.as(rep.auth()).body(Map.of("reason", REASON)).post(contactPath() + "/erase"));
        Problems.forbidden(Api.as(integration).body(Map.of("reason", REASON)).post(contactPath() + "/erase"));
        Problems.invalidField(Api.as(Org.ADMIN).body(Map.of("reason", " ")).post(contactPath() + "/erase"), "reason");
        Problems.invalidField(Api.as(Org.ADMIN).body(Map.of()).post(contactPath() + "/erase"), "reason");
        Problems.notFound(Api.as(Org.ADMIN).body(Map.of("reason", REASON))
                .post(contacts() + "/" + UUID.randomUUID() + "/erase"));
        Problems.notFound(Api.as(Org.ADMIN).body(Map.of("reason", REASON))
                .post("/api/v1/customers/" + Customers.create(Org.ADMIN, Customers.nameWith("别家")) + "/contacts/"
                        + contact + "/erase"));
        // Nothing was erased by the refusals.
        Api.as(rep.auth()).get(contactPath()).then().statusCode(200).body("erased", equalTo(false))
                .body("email", equalTo(email));
    }

    @Test
    void theSubjectAccessReadShowsEverythingHeld() {
        Problems.forbidden(Api.as(rep.auth()).get(contactPath() + "/personal-data"));
        Problems.forbidden(Api.as(integration).get(contactPath() + "/personal-data"));
        Problems.unauthenticated(Api.anonymous().get(contactPath() + "/personal-data"));
        Problems.notFound(Api.as(Org.ADMIN).get(contacts() + "/" + UUID.randomUUID() + "/personal-data"));

        JsonPath data = Api.as(Org.ADMIN).get(contactPath() + "/personal-data").then().statusCode(200).extract().jsonPath();
        assertEquals(contact, data.getString("contact.id"));
        assertEquals(List.of(mobile, otherMobile), data.getList("contact.phones"));
        assertEquals(email, data.getString("contact.email"));
        assertEquals(List.of("CREATE", "UPDATE"), data.getList("history.action"));
        assertEquals(List.of(visit), data.getList("visits.id"));
        assertEquals(NOTES, data.getString("visits[0].notes"));

        Api.as(Org.ADMIN).body(Map.of("reason", REASON)).post(contactPath() + "/erase").then().statusCode(200);
        String after = Api.as(Org.ADMIN).get(contactPath() + "/personal-data").then().statusCode(200)
                .body("contact.erased", equalTo(true)).body("history.action", equalTo(List.of("CREATE", "UPDATE", "ERASE")))
                .body("visits.id", equalTo(List.of(visit))).extract().asString();
        leaksNothing(after);
    }

    @Test
    void integratorsWithoutContactsReadGetCompaniesButNotPeople() {
        String login = Org.unique("integrator");
        Org.user(login, null);
        String scoped = "Bearer " + io.github.crmvault.support.Tokens.claims(login, "integration")
                .claim("scope", "customers:read visits:read deals:read").sign(io.github.crmvault.support.Tokens.TEST_KEY);
        String withContacts = "Bearer " + io.github.crmvault.support.Tokens.claims(login, "integration")
                .claim("scope", "customers:read contacts:read").sign(io.github.crmvault.support.Tokens.TEST_KEY);

        Problems.expect(Api.as(scoped).get(contactPath()), 403, "insufficient-scope")
                .body("detail", org.hamcrest.Matchers.containsString("contacts:read"));
        Problems.expect(Api.as(scoped).get(contacts()), 403, "insufficient-scope");
        Problems.expect(Api.as(scoped).accept("application/x-ndjson").queryParam("updatedSince", since)
                .get("/api/v1/export/contacts"), 403, "insufficient-scope");
        // Customers and visits in full; the history's contact entries masked.
        Api.as(scoped).get("/api/v1/customers/" + customer).then().statusCode(200).body("id", equalTo(customer));
        Api.as(scoped).get("/api/v1/visits/" + visit).then().statusCode(200).body("notes", equalTo(NOTES));
        String history = Api.as(scoped).queryParam("limit", 200).get("/api/v1/customers/" + customer + "/history")
                .then().statusCode(200).extract().asString();
        for (String value : List.of(mobile, email, messagingId)) {
            assertFalse(history.contains(value), value);
        }

        // The feed brings the contact, but masked: a change after the cursor puts it in.
        String feedCursor = Api.as(scoped).accept("application/x-ndjson").queryParam("updatedSince", since)
                .get("/api/v1/export/customers").then().statusCode(200).extract().header("Feed-Cursor");
        Api.as(rep.auth()).header("If-Match", "\"1\"").body(contactBody("王芳", List.of(mobile), email, messagingId))
                .put(contactPath()).then().statusCode(200);
        Map<String, Object> fed = feedUntil(scoped, feedCursor, c -> Boolean.TRUE.equals(c.get("masked")));
        assertFalse(fed.toString().contains(mobile) || fed.toString().contains(email) || fed.toString().contains(messagingId),
                fed::toString);

        // With the scope, or with no scope claim at all (as before scopes), contacts come in full.
        for (String auth : List.of(withContacts, integration)) {
            Api.as(auth).get(contactPath()).then().statusCode(200).body("masked", equalTo(false))
                    .body("email", equalTo(email));
        }
    }

    private Map<String, Object> feedUntilErased(String cursor) {
        Map<String, Object> c = feedUntil(integration, cursor, k -> Boolean.TRUE.equals(k.get("erased")));
        assertErased(c);
        return c;
    }

    /** Pulls the feed from the cursor until the contact comes in the wanted state (the feed may hold changes back a while). */
    private Map<String, Object> feedUntil(String auth, String cursor, java.util.function.Predicate<Map<String, Object>> wanted) {
        long deadline = System.currentTimeMillis() + 600_000;
        String next = cursor;
        while (System.currentTimeMillis() < deadline) {
            boolean more;
            do {
                JsonPath page = Api.as(auth).queryParam("limit", 1000).queryParam("cursor", next)
                        .get("/api/v1/sync/changes").then().statusCode(200).extract().jsonPath();
                for (Map<String, Object> c : page.<Map<String, Object>>getList("contacts")) {
                    if (contact.equals(c.get("id")) && wanted.test(c)) {
                        return c;
                    }
                }
                next = page.getString("nextCursor");
                more = page.getBoolean("hasMore");
            } while (more);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return fail("the feed did not bring contact " + contact + " as wanted");
    }

    private void assertErased(Map<String, Object> c) {
        assertEquals(contact, c.get("id"));
        assertEquals(true, c.get("erased"));
        assertEquals("[erased]", c.get("name"));
        assertEquals(List.of(), c.get("phones"));
        assertEquals(null, c.get("email"));
        assertEquals(null, c.get("messagingId"));
        assertEquals(null, c.get("title"));
        assertTrue(c.get("erasedAt") != null);
        leaksNothing(new JsonPath(Api.as(Org.ADMIN).get(contactPath()).asString()).prettify());
    }

    private void leaksNothing(String body) {
        // Values of this test's contact only: other tests' contacts share the generic title and name.
        for (String value : List.of(mobile, otherMobile, email, messagingId, "王芳" + tag)) {
            assertFalse(body.contains(value), () -> "leaks " + value + ": " + body);
        }
    }

    private List<Map<String, Object>> contactEntries(List<Map<String, Object>> entries) {
        return entries.stream().filter(e -> contact.equals(e.get("entityId"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> changes(Map<String, Object> entry) {
        Map<String, Map<String, Object>> byField = new HashMap<>();
        for (Map<String, Object> change : (List<Map<String, Object>>) entry.get("changes")) {
            byField.put((String) change.get("field"), change);
        }
        return byField;
    }

    private static Map<String, Object> contactBody(String name, List<String> phones, String email, String messagingId) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("title", "采购总监");
        body.put("phones", phones);
        body.put("email", email);
        body.put("messagingId", messagingId);
        body.put("decisionRole", "DECISION_MAKER");
        return body;
    }

    private String contacts() {
        return "/api/v1/customers/" + customer + "/contacts";
    }

    private String contactPath() {
        return contacts() + "/" + contact;
    }
}
