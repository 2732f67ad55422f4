package io.github.crmvault.customer;

import static io.github.crmvault.customer.CustomerTestSupport.CUSTOMERS;
import static io.github.crmvault.customer.CustomerTestSupport.actions;
import static io.github.crmvault.customer.CustomerTestSupport.contactBody;
import static io.github.crmvault.customer.CustomerTestSupport.contacts;
import static io.github.crmvault.customer.CustomerTestSupport.create;
import static io.github.crmvault.customer.CustomerTestSupport.createContact;
import static io.github.crmvault.customer.CustomerTestSupport.customer;
import static io.github.crmvault.customer.CustomerTestSupport.fullBody;
import static io.github.crmvault.customer.CustomerTestSupport.get;
import static io.github.crmvault.customer.CustomerTestSupport.history;
import static io.github.crmvault.customer.CustomerTestSupport.ownIds;
import static io.github.crmvault.customer.CustomerTestSupport.problem;
import static io.github.crmvault.customer.CustomerTestSupport.put;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CustomerCrudTest {

    @Test
    void aRepCreatesACustomerTheyOwn() {
        Org.Person rep = Org.rep();
        String name = Org.unique("杭州云栖科技有限公司");
        Map<String, Object> body = fullBody(name);
        @SuppressWarnings("unchecked")
        List<String> phones = (List<String>) body.get("phones");
        @SuppressWarnings("unchecked")
        List<String> emails = (List<String>) body.get("emails");
        var created = Api.as(rep.auth()).body(body).post(CUSTOMERS).then()
                .statusCode(201)
                .header("ETag", "\"0\"")
                .body("version", equalTo(0))
                .body("name", equalTo(name))
                .body("ownerId", equalTo(rep.id()))
                .body("createdBy", equalTo(rep.login()))
                .body("updatedBy", equalTo(rep.login()))
                .body("archived", equalTo(false))
                // cleaned: upper-cased credit code, trimmed and de-duplicated phones, lower-cased e-mails
                .body("creditCode", equalTo(((String) body.get("creditCode")).toUpperCase(Locale.ROOT)))
                .body("phones", contains(phones.get(0), phones.get(2)))
                .body("emails", contains(emails.get(0).toLowerCase(Locale.ROOT)))
                .body("website", equalTo(body.get("website")))
                .body("industry", equalTo("SaaS"))
                .body("companySize", equalTo("MEDIUM"))
                .body("province", equalTo("浙江省"))
                .body("city", equalTo("杭州市"))
                .body("address", equalTo("西湖区文三路 100 号"))
                .body("source", equalTo("trade show"))
                .body("status", equalTo("PROSPECT"))
                .body("expectedSignDate", equalTo("2027-03-31"))
                .body("tags", contains("vip", "key"))
                .body("notes", equalTo("规模 200 人，关心数据安全"))
                .extract();
        String id = created.path("id");
        assertNotNull(id);
        assertTrue(created.header("Location").endsWith("/api/v1/customers/" + id), created.header("Location"));
        assertEquals(created.<String>path("createdAt"), created.path("updatedAt"));

        // GET answers the same record and ETag
        var read = Api.as(rep.auth()).get(created.header("Location").replaceFirst("^https?://[^/]+", "")).then()
                .statusCode(200).header("ETag", "\"0\"").extract();
        assertEquals(created.jsonPath().getMap("$"), read.jsonPath().getMap("$"));

        // the audit trail starts with a CREATE by the rep, listing the values set
        List<Map<String, Object>> history = history(rep.auth(), id);
        assertEquals(List.of("CUSTOMER:CREATE"), actions(history));
        Map<String, Object> entry = history.get(0);
        assertEquals(rep.login(), entry.get("actor"));
        assertEquals(id, entry.get("entityId"));
        assertNotNull(Instant.parse((String) entry.get("at")));
        assertEquals(change(null, name), changeOf(entry, "name"));
        assertEquals(change(null, rep.id()), changeOf(entry, "ownerId"));
    }

    @Test
    void blankOptionalTextIsStoredAsAbsent() {
        Org.Person rep = Org.rep();
        Map<String, Object> body = Customers.body(Org.unique("空白"));
        body.put("website", "   ");
        body.put("notes", "");
        body.put("city", " 杭州市 ");
        Api.as(rep.auth()).body(body).post(CUSTOMERS).then().statusCode(201)
                .body("$", not(hasKey("website")))
                .body("$", not(hasKey("notes")))
                .body("city", equalTo("杭州市"))
                .body("emails", empty())
                .body("tags", empty());
    }

    @Test
    void anAdminCreatedCustomerLandsInThePoolWhereRepsMayReadButNotChangeIt() {
        Org.Person rep = Org.rep();
        String adminLogin = "admin-" + Org.unique("x");
        String admin = io.github.crmvault.support.Tokens.bearer(adminLogin, "admin");
        String name = Org.unique("公海客户");
        String id = Api.as(admin).body(Customers.body(name)).post(CUSTOMERS).then().statusCode(201)
                .body("$", not(hasKey("ownerId")))
                .body("createdBy", equalTo(adminLogin))
                .extract().path("id");

        // the rep sees it ...
        Api.as(rep.auth()).get(customer(id)).then().statusCode(200).header("ETag", "\"0\"")
                .body("name", equalTo(name)).body("$", not(hasKey("ownerId")));
        Api.as(rep.auth()).get(customer(id) + "/history").then().statusCode(200);
        Api.as(rep.auth()).queryParam("ownerId", "pool").queryParam("q", name).get(CUSTOMERS).then()
                .statusCode(200).body("items.id", contains(id));

        // ... but may not change it
        Map<String, Object> change = Customers.body(name + "-mine");
        problem(put(rep.auth(), id, "\"0\"", change), 403, "urn:problem:crm:forbidden");
        problem(Api.as(rep.auth()).post(customer(id) + "/archive").then(), 403, "urn:problem:crm:forbidden");
        problem(Api.as(rep.auth()).body(contactBody("王芳")).post(contacts(id)).then(), 403,
                "urn:problem:crm:forbidden");

        JsonPath after = get(rep.auth(), id);
        assertEquals(name, after.getString("name"));
        assertEquals(0, after.getInt("version"));
        assertFalse(after.getBoolean("archived"));
        assertEquals(List.of("CUSTOMER:CREATE"), actions(history(admin, id)));
        Api.as(admin).get(contacts(id)).then().statusCode(200).body("items", empty());
    }

    @Test
    void putWithIfMatchReplacesEveryClientField() {
        Org.Person rep = Org.rep();
        String name = Org.unique("替换");
        Map<String, Object> body = fullBody(name);
        @SuppressWarnings("unchecked")
        List<String> phones = (List<String>) body.get("phones");
        var created = Api.as(rep.auth()).body(body).post(CUSTOMERS).then().statusCode(201).extract();
        String id = created.path("id");
        String createdAt = created.path("createdAt");

        Map<String, Object> replacement = new HashMap<>();
        replacement.put("name", name + "-renamed");
        replacement.put("status", "LOST");
        String landline = "0571-" + Customers.phone().substring(4);
        replacement.put("phones", List.of(landline));
        var updated = put(rep.auth(), id, "\"0\"", replacement)
                .statusCode(200)
                .header("ETag", "\"1\"")
                .body("version", equalTo(1))
                .body("name", equalTo(name + "-renamed"))
                .body("status", equalTo("LOST"))
                .body("phones", contains(landline))
                .body("emails", empty())
                .body("tags", empty())
                .body("ownerId", equalTo(rep.id()))
                .body("createdAt", equalTo(createdAt))
                .body("createdBy", equalTo(rep.login()))
                .body("updatedBy", equalTo(rep.login()))
                .extract();
        // an omitted field is cleared
        for (String cleared : List.of("creditCode", "website", "industry", "companySize", "province", "city",
                "address", "source", "expectedSignDate", "notes")) {
            assertFalse(updated.jsonPath().getMap("$").containsKey(cleared), cleared + " should be cleared");
        }
        assertTrue(Instant.parse(updated.path("updatedAt")).isAfter(Instant.parse(createdAt)));

        var read = Api.as(rep.auth()).get(customer(id)).then().statusCode(200).header("ETag", "\"1\"").extract();
        assertEquals(updated.jsonPath().getMap("$"), read.jsonPath().getMap("$"));

        // the UPDATE entry has each changed field's old and new value, and nothing unchanged
        List<Map<String, Object>> history = history(rep.auth(), id);
        assertEquals(List.of("CUSTOMER:UPDATE", "CUSTOMER:CREATE"), actions(history));
        Map<String, Object> update = history.get(0);
        assertEquals(rep.login(), update.get("actor"));
        assertEquals(change("PROSPECT", "LOST"), changeOf(update, "status"));
        assertEquals(change("杭州市", null), changeOf(update, "city"));
        assertEquals(change(List.of(phones.get(0), phones.get(2)), List.of(landline)),
                changeOf(update, "phones"));
        assertEquals(change(name, name + "-renamed"), changeOf(update, "name"));
        assertEquals(change("2027-03-31", null), changeOf(update, "expectedSignDate"));
        List<String> fields = fields(update);
        assertFalse(fields.contains("ownerId"), fields.toString());
        assertFalse(fields.contains("archived"), fields.toString());
    }

    @Test
    void putWithoutIfMatchIs428AndChangesNothing() {
        Org.Person rep = Org.rep();
        String name = Org.unique("无条件");
        String id = create(rep.auth(), Customers.body(name));
        problem(Api.as(rep.auth()).body(Customers.body(name + "-x")).put(customer(id)).then(), 428,
                "urn:problem:crm:precondition-required");
        problem(Api.as(rep.auth()).header("If-Match", "").body(Customers.body(name + "-x")).put(customer(id)).then(),
                428, "urn:problem:crm:precondition-required");
        JsonPath after = get(rep.auth(), id);
        assertEquals(name, after.getString("name"));
        assertEquals(0, after.getInt("version"));
        assertEquals(List.of("CUSTOMER:CREATE"), actions(history(rep.auth(), id)));
    }

    @Test
    void aStaleIfMatchIs412AndChangesNothing() {
        Org.Person rep = Org.rep();
        String name = Org.unique("过期");
        String id = create(rep.auth(), Customers.body(name));
        put(rep.auth(), id, "\"0\"", Customers.body(name + "-first")).statusCode(200).header("ETag", "\"1\"");

        for (String stale : List.of("\"0\"", "\"2\"", "W/\"0\"", "\"abc\"", "0")) {
            problem(put(rep.auth(), id, stale, Customers.body(name + "-second")), 412,
                    "urn:problem:crm:precondition-failed");
        }
        Api.as(rep.auth()).get(customer(id)).then().statusCode(200).header("ETag", "\"1\"")
                .body("name", equalTo(name + "-first")).body("version", equalTo(1));
        assertEquals(List.of("CUSTOMER:UPDATE", "CUSTOMER:CREATE"), actions(history(rep.auth(), id)));
        // the current ETag works
        put(rep.auth(), id, "\"1\"", Customers.body(name + "-third")).statusCode(200).header("ETag", "\"2\"");
    }

    @Test
    void archiveHidesFromTheListRestoreBringsBack() {
        Org.Person rep = Org.rep();
        String name = Org.unique("归档");
        String id = create(rep.auth(), Customers.body(name));
        String other = create(rep.auth(), Customers.body(Customers.nameWith(name + "-other")));

        Api.as(rep.auth()).post(customer(id) + "/archive").then().statusCode(200)
                .header("ETag", "\"1\"").body("archived", equalTo(true)).body("version", equalTo(1))
                .body("updatedBy", equalTo(rep.login()));

        // hidden from the list unless includeArchived=true, still readable
        Api.as(rep.auth()).queryParam("ownerId", "me").get(CUSTOMERS).then().statusCode(200)
                .body("items.id", contains(other));
        Api.as(rep.auth()).queryParam("q", name).get(CUSTOMERS).then().statusCode(200)
                .body("items.id", contains(other));
        Api.as(rep.auth()).queryParam("ownerId", "me").queryParam("includeArchived", "false").get(CUSTOMERS).then()
                .statusCode(200).body("items.id", contains(other));
        Api.as(rep.auth()).queryParam("ownerId", "me").queryParam("includeArchived", "true").get(CUSTOMERS).then()
                .statusCode(200).body("items.id", contains(other, id));
        Api.as(rep.auth()).get(customer(id)).then().statusCode(200).header("ETag", "\"1\"")
                .body("archived", equalTo(true)).body("name", equalTo(name));

        // archived twice: 409; changing an archived customer: 409; nothing changes
        problem(Api.as(rep.auth()).post(customer(id) + "/archive").then(), 409, "urn:problem:crm:conflict");
        problem(put(rep.auth(), id, "\"1\"", Customers.body(name + "-changed")), 409, "urn:problem:crm:conflict");
        problem(Api.as(rep.auth()).body(contactBody("王芳")).post(contacts(id)).then(), 409,
                "urn:problem:crm:conflict");
        Api.as(rep.auth()).get(customer(id)).then().statusCode(200).header("ETag", "\"1\"")
                .body("name", equalTo(name));

        // a stale If-Match on restore is 412
        problem(Api.as(rep.auth()).header("If-Match", "\"0\"").post(customer(id) + "/restore").then(), 412,
                "urn:problem:crm:precondition-failed");

        Api.as(rep.auth()).header("If-Match", "\"1\"").post(customer(id) + "/restore").then().statusCode(200)
                .header("ETag", "\"2\"").body("archived", equalTo(false)).body("version", equalTo(2));
        problem(Api.as(rep.auth()).post(customer(id) + "/restore").then(), 409, "urn:problem:crm:conflict");
        Api.as(rep.auth()).queryParam("ownerId", "me").get(CUSTOMERS).then().statusCode(200)
                .body("items.id", contains(other, id));

        List<Map<String, Object>> history = history(rep.auth(), id);
        assertEquals(List.of("CUSTOMER:RESTORE", "CUSTOMER:ARCHIVE", "CUSTOMER:CREATE"), actions(history));
        assertEquals(List.of(Map.of("field", "archived", "oldValue", true, "newValue", false)),
                history.get(0).get("changes"));
        assertEquals(List.of(Map.of("field", "archived", "oldValue", false, "newValue", true)),
                history.get(1).get("changes"));
    }

    @Test
    void archiveWithAStaleIfMatchIs412() {
        Org.Person rep = Org.rep();
        String id = create(rep.auth(), Customers.body(Org.unique("过期归档")));
        put(rep.auth(), id, "\"0\"", Customers.body(Org.unique("改名"))).statusCode(200);
        problem(Api.as(rep.auth()).header("If-Match", "\"0\"").post(customer(id) + "/archive").then(), 412,
                "urn:problem:crm:precondition-failed");
        Api.as(rep.auth()).get(customer(id)).then().statusCode(200).body("archived", equalTo(false))
                .header("ETag", "\"1\"");
        Api.as(rep.auth()).header("If-Match", "\"1\"").post(customer(id) + "/archive").then().statusCode(200)
                .header("ETag", "\"2\"");
    }

    @Test
    void anotherRepsCustomerDoesNotExistForMe() {
        Org.Person owner = Org.rep();
        Org.Person stranger = Org.rep();
        String name = Org.unique("别人的");
        String id = create(owner.auth(), Customers.body(name));

        String notFound = "urn:problem:crm:not-found";
        problem(Api.as(stranger.auth()).get(customer(id)).then(), 404, notFound);
        problem(put(stranger.auth(), id, "\"0\"", Customers.body("mine now")), 404, notFound);
        problem(Api.as(stranger.auth()).post(customer(id) + "/archive").then(), 404, notFound);
        problem(Api.as(stranger.auth()).post(customer(id) + "/restore").then(), 404, notFound);
        problem(Api.as(stranger.auth()).get(customer(id) + "/history").then(), 404, notFound);
        Api.as(stranger.auth()).queryParam("q", name).get(CUSTOMERS).then().statusCode(200).body("items", empty());
        // the same answer as for an id that does not exist at all
        problem(Api.as(stranger.auth()).get(customer(java.util.UUID.randomUUID().toString())).then(), 404, notFound);

        JsonPath after = get(owner.auth(), id);
        assertEquals(name, after.getString("name"));
        assertEquals(0, after.getInt("version"));
        assertEquals(List.of("CUSTOMER:CREATE"), actions(history(owner.auth(), id)));
        assertEquals(List.of(), ownIds(stranger.auth()));
    }

    @Test
    void historyRecordsEveryChangeOfTheCustomerAndItsContacts() {
        Org.Person rep = Org.rep();
        String name = Org.unique("历史");
        Map<String, Object> body = Customers.body(name);
        String id = create(rep.auth(), body);
        Map<String, Object> update = new HashMap<>(body);
        update.put("status", "PROSPECT");
        put(rep.auth(), id, "\"0\"", update).statusCode(200);
        Api.as(rep.auth()).post(customer(id) + "/archive").then().statusCode(200);
        Api.as(rep.auth()).post(customer(id) + "/restore").then().statusCode(200);
        Map<String, Object> contact = contactBody("王芳");
        String contactId = createContact(rep.auth(), id, contact);
        Map<String, Object> contactChange = new HashMap<>(contact);
        contactChange.put("title", "总经理");
        Api.as(rep.auth()).header("If-Match", "\"0\"").body(contactChange).put(contacts(id) + "/" + contactId).then()
                .statusCode(200);
        Api.as(rep.auth()).post(contacts(id) + "/" + contactId + "/archive").then().statusCode(200);
        Api.as(rep.auth()).post(contacts(id) + "/" + contactId + "/restore").then().statusCode(200);

        List<Map<String, Object>> history = history(rep.auth(), id);
        assertEquals(List.of("CONTACT:RESTORE", "CONTACT:ARCHIVE", "CONTACT:UPDATE", "CONTACT:CREATE",
                "CUSTOMER:RESTORE", "CUSTOMER:ARCHIVE", "CUSTOMER:UPDATE", "CUSTOMER:CREATE"), actions(history));
        Instant previousAt = Instant.MAX;
        long previousId = Long.MAX_VALUE;
        for (Map<String, Object> entry : history) {
            assertEquals(rep.login(), entry.get("actor"));
            Instant at = Instant.parse((String) entry.get("at"));
            assertFalse(at.isAfter(previousAt), "newest first");
            long entryId = ((Number) entry.get("id")).longValue();
            assertTrue(entryId < previousId, "ids descend");
            previousAt = at;
            previousId = entryId;
            assertEquals("CONTACT".equals(entry.get("entityType")) ? contactId : id, entry.get("entityId"));
        }
        // exactly the changed field, with its old and new value
        assertEquals(List.of(Map.of("field", "status", "oldValue", "LEAD", "newValue", "PROSPECT")),
                history.get(6).get("changes"));
        assertEquals(List.of(Map.of("field", "title", "oldValue", "采购总监", "newValue", "总经理")),
                history.get(2).get("changes"));
        assertEquals(change(null, "王芳"), changeOf(history.get(3), "name"));
        assertEquals(change(null, true), changeOf(history.get(3), "decisionMaker"));
        assertEquals(change(false, true), changeOf(history.get(1), "archived"));

        // history pages walk the same entries
        List<Map<String, Object>> paged = new ArrayList<>();
        String cursor = null;
        do {
            var request = Api.as(rep.auth()).queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get(customer(id) + "/history").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            assertTrue(items.size() <= 3);
            paged.addAll(items);
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertEquals(history, paged);
    }

    @Test
    void anUnchangedPutRecordsNothing() {
        Org.Person rep = Org.rep();
        Map<String, Object> body = Customers.body(Org.unique("不变"));
        String id = create(rep.auth(), body);
        put(rep.auth(), id, "\"0\"", body).statusCode(200).header("ETag", "\"0\"").body("version", equalTo(0));
        assertEquals(List.of("CUSTOMER:CREATE"), actions(history(rep.auth(), id)));
    }

    @Test
    void fieldChangesCarryExplicitNulls() {
        Org.Person rep = Org.rep();
        String id = create(rep.auth(), Customers.body(Org.unique("空值")));
        Api.as(rep.auth()).get(customer(id) + "/history").then().statusCode(200)
                .body("items[0].changes.find { it.field == 'name' }", hasKey("oldValue"))
                .body("items[0].changes.find { it.field == 'name' }.oldValue", nullValue());
    }

    static Map<String, Object> change(Object oldValue, Object newValue) {
        Map<String, Object> change = new HashMap<>();
        change.put("old", oldValue);
        change.put("new", newValue);
        return change;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> changeOf(Map<String, Object> entry, String field) {
        for (Map<String, Object> c : (List<Map<String, Object>>) entry.get("changes")) {
            if (field.equals(c.get("field"))) {
                assertTrue(c.containsKey("oldValue") && c.containsKey("newValue"), c.toString());
                return change(c.get("oldValue"), c.get("newValue"));
            }
        }
        throw new AssertionError("no change of " + field + " in " + entry);
    }

    @SuppressWarnings("unchecked")
    static List<String> fields(Map<String, Object> entry) {
        return ((List<Map<String, Object>>) entry.get("changes")).stream().map(c -> (String) c.get("field")).toList();
    }
}
