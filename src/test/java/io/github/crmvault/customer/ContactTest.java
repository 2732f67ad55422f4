package io.github.crmvault.customer;

import static io.github.crmvault.customer.CustomerTestSupport.actions;
import static io.github.crmvault.customer.CustomerTestSupport.contactBody;
import static io.github.crmvault.customer.CustomerTestSupport.contacts;
import static io.github.crmvault.customer.CustomerTestSupport.create;
import static io.github.crmvault.customer.CustomerTestSupport.createContact;
import static io.github.crmvault.customer.CustomerTestSupport.history;
import static io.github.crmvault.customer.CustomerTestSupport.invalidField;
import static io.github.crmvault.customer.CustomerTestSupport.problem;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class ContactTest {
    private static final String NOT_FOUND = "urn:problem:crm:not-found";

    @Test
    void createGetAndList() {
        Org.Person rep = Org.rep();
        String customerId = create(rep.auth(), Customers.body(Org.unique("联系人")));
        Map<String, Object> body = contactBody("王芳");
        var created = Api.as(rep.auth()).body(body).post(contacts(customerId)).then()
                .statusCode(201)
                .header("ETag", "\"0\"")
                .body("customerId", equalTo(customerId))
                .body("name", equalTo("王芳"))
                .body("title", equalTo("采购总监"))
                .body("phones", equalTo(body.get("phones")))
                .body("email", equalTo("wang.fang@example.cn"))
                .body("messagingId", equalTo("wangfang-wx"))
                .body("decisionRole", equalTo("DECISION_MAKER"))
                .body("decisionMaker", equalTo(true))
                .body("archived", equalTo(false))
                .body("version", equalTo(0))
                .body("createdBy", equalTo(rep.login()))
                .body("updatedBy", equalTo(rep.login()))
                .extract();
        String id = created.path("id");
        assertTrue(created.header("Location").endsWith("/api/v1/customers/" + customerId + "/contacts/" + id),
                created.header("Location"));

        var read = Api.as(rep.auth()).get(contacts(customerId) + "/" + id).then().statusCode(200)
                .header("ETag", "\"0\"").extract();
        assertEquals(created.jsonPath().getMap("$"), read.jsonPath().getMap("$"));

        String second = createContact(rep.auth(), customerId, Map.of("name", "李雷"));
        String third = createContact(rep.auth(), customerId, Map.of("name", "韩梅梅"));
        // oldest first
        Api.as(rep.auth()).get(contacts(customerId)).then().statusCode(200)
                .body("items.id", contains(id, second, third)).body("$", not(hasKey("nextCursor")));
        // pages of two walk them all once
        List<String> walked = new ArrayList<>();
        String cursor = null;
        do {
            var request = Api.as(rep.auth()).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get(contacts(customerId)).then().statusCode(200).extract().jsonPath();
            assertTrue(page.getList("items").size() <= 2);
            walked.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertEquals(List.of(id, second, third), walked);

        // a minimal contact: no phones, no role, not a decision maker
        Api.as(rep.auth()).get(contacts(customerId) + "/" + second).then().statusCode(200)
                .body("phones", empty()).body("decisionMaker", equalTo(false))
                .body("$", not(hasKey("decisionRole"))).body("$", not(hasKey("email")));
    }

    @ParameterizedTest(name = "role {0}, decisionMaker {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "DECISION_MAKER, null,  true",
            "DECISION_MAKER, false, false",
            "DECISION_MAKER, true,  true",
            "INFLUENCER,     null,  false",
            "INFLUENCER,     true,  true",
            "USER,           null,  false",
            "GATEKEEPER,     null,  false",
            "null,           null,  false",
            "null,           true,  true",
    })
    void decisionMakerDefaultsFromTheRole(String role, Boolean decisionMaker, boolean expected) {
        Org.Person rep = Org.rep();
        String customerId = create(rep.auth(), Customers.body(Org.unique("拍板")));
        Map<String, Object> body = new HashMap<>();
        body.put("name", "张伟");
        if (role != null) {
            body.put("decisionRole", role);
        }
        if (decisionMaker != null) {
            body.put("decisionMaker", decisionMaker);
        }
        String id = Api.as(rep.auth()).body(body).post(contacts(customerId)).then().statusCode(201)
                .body("decisionMaker", equalTo(expected)).extract().path("id");
        Api.as(rep.auth()).get(contacts(customerId) + "/" + id).then().statusCode(200)
                .body("decisionMaker", equalTo(expected));
        // PUT applies the same default
        Api.as(rep.auth()).header("If-Match", "\"0\"").body(body).put(contacts(customerId) + "/" + id).then()
                .statusCode(200).body("decisionMaker", equalTo(expected));
    }

    @Test
    void updateNeedsACurrentIfMatch() {
        Org.Person rep = Org.rep();
        String customerId = create(rep.auth(), Customers.body(Org.unique("联系人更新")));
        String id = createContact(rep.auth(), customerId, contactBody("王芳"));
        String contact = contacts(customerId) + "/" + id;
        Map<String, Object> change = new HashMap<>(Map.of("name", "王芳", "title", "总经理", "decisionRole", "INFLUENCER"));

        problem(Api.as(rep.auth()).body(change).put(contact).then(), 428, "urn:problem:crm:precondition-required");
        problem(Api.as(rep.auth()).header("If-Match", "\"7\"").body(change).put(contact).then(), 412,
                "urn:problem:crm:precondition-failed");
        Api.as(rep.auth()).get(contact).then().statusCode(200).header("ETag", "\"0\"")
                .body("title", equalTo("采购总监"));

        Api.as(rep.auth()).header("If-Match", "\"0\"").body(change).put(contact).then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("version", equalTo(1))
                .body("title", equalTo("总经理"))
                .body("decisionRole", equalTo("INFLUENCER"))
                .body("decisionMaker", equalTo(false))
                // replaced: omitted fields are cleared
                .body("phones", empty())
                .body("$", not(hasKey("email")))
                .body("$", not(hasKey("messagingId")));
        problem(Api.as(rep.auth()).header("If-Match", "\"0\"").body(change).put(contact).then(), 412,
                "urn:problem:crm:precondition-failed");
        Api.as(rep.auth()).get(contact).then().statusCode(200).header("ETag", "\"1\"");

        List<Map<String, Object>> history = history(rep.auth(), customerId);
        assertEquals(List.of("CONTACT:UPDATE", "CONTACT:CREATE", "CUSTOMER:CREATE"), actions(history));
        assertEquals(id, history.get(0).get("entityId"));
        assertEquals(rep.login(), history.get(0).get("actor"));
    }

    @Test
    void archiveAndRestore() {
        Org.Person rep = Org.rep();
        String customerId = create(rep.auth(), Customers.body(Org.unique("联系人归档")));
        String kept = createContact(rep.auth(), customerId, Map.of("name", "李雷"));
        String id = createContact(rep.auth(), customerId, contactBody("王芳"));
        String contact = contacts(customerId) + "/" + id;

        Api.as(rep.auth()).post(contact + "/archive").then().statusCode(200)
                .body("archived", equalTo(true)).body("version", equalTo(1));
        Api.as(rep.auth()).get(contacts(customerId)).then().statusCode(200).body("items.id", contains(kept));
        Api.as(rep.auth()).queryParam("includeArchived", "true").get(contacts(customerId)).then().statusCode(200)
                .body("items.id", contains(kept, id));
        Api.as(rep.auth()).get(contact).then().statusCode(200).body("archived", equalTo(true));

        problem(Api.as(rep.auth()).post(contact + "/archive").then(), 409, "urn:problem:crm:conflict");
        problem(Api.as(rep.auth()).header("If-Match", "\"1\"").body(contactBody("王芳")).put(contact).then(), 409,
                "urn:problem:crm:conflict");
        problem(Api.as(rep.auth()).header("If-Match", "\"0\"").post(contact + "/restore").then(), 412,
                "urn:problem:crm:precondition-failed");

        Api.as(rep.auth()).header("If-Match", "\"1\"").post(contact + "/restore").then().statusCode(200)
                .body("archived", equalTo(false)).body("version", equalTo(2));
        problem(Api.as(rep.auth()).post(contact + "/restore").then(), 409, "urn:problem:crm:conflict");
        Api.as(rep.auth()).get(contacts(customerId)).then().statusCode(200).body("items.id", contains(kept, id));

        assertEquals(List.of("CONTACT:RESTORE", "CONTACT:ARCHIVE", "CONTACT:CREATE", "CONTACT:CREATE",
                "CUSTOMER:CREATE"), actions(history(rep.auth(), customerId)));
        problem(Api.as(rep.auth()).queryParam("includeArchived", "maybe").get(contacts(customerId)).then(), 400,
                "urn:problem:crm:validation").body("errors.field", contains("includeArchived"));
    }

    @Test
    void contactsOfAnArchivedCustomerCannotChange() {
        Org.Person rep = Org.rep();
        String customerId = create(rep.auth(), Customers.body(Org.unique("客户已归档")));
        String id = createContact(rep.auth(), customerId, contactBody("王芳"));
        Api.as(rep.auth()).post(CustomerTestSupport.customer(customerId) + "/archive").then().statusCode(200);
        String contact = contacts(customerId) + "/" + id;
        problem(Api.as(rep.auth()).header("If-Match", "\"0\"").body(contactBody("王芳2")).put(contact).then(), 409,
                "urn:problem:crm:conflict");
        problem(Api.as(rep.auth()).post(contact + "/archive").then(), 409, "urn:problem:crm:conflict");
        // still readable
        Api.as(rep.auth()).get(contact).then().statusCode(200).body("name", equalTo("王芳"))
                .body("archived", equalTo(false)).header("ETag", "\"0\"");
        Api.as(rep.auth()).get(contacts(customerId)).then().statusCode(200).body("items.id", contains(id));
    }

    @Test
    void aContactUnderTheWrongCustomerIs404() {
        Org.Person rep = Org.rep();
        String customerA = create(rep.auth(), Customers.body(Org.unique("甲")));
        String customerB = create(rep.auth(), Customers.body(Org.unique("乙")));
        String id = createContact(rep.auth(), customerA, contactBody("王芳"));
        String wrong = contacts(customerB) + "/" + id;

        problem(Api.as(rep.auth()).get(wrong).then(), 404, NOT_FOUND);
        problem(Api.as(rep.auth()).header("If-Match", "\"0\"").body(contactBody("改")).put(wrong).then(), 404,
                NOT_FOUND);
        problem(Api.as(rep.auth()).post(wrong + "/archive").then(), 404, NOT_FOUND);
        problem(Api.as(rep.auth()).post(wrong + "/restore").then(), 404, NOT_FOUND);
        problem(Api.as(rep.auth()).get(contacts(customerA) + "/" + UUID.randomUUID()).then(), 404, NOT_FOUND);
        Api.as(rep.auth()).get(contacts(customerB)).then().statusCode(200).body("items", empty());

        Api.as(rep.auth()).get(contacts(customerA) + "/" + id).then().statusCode(200)
                .header("ETag", "\"0\"").body("name", equalTo("王芳")).body("archived", equalTo(false));
        assertEquals(List.of("CUSTOMER:CREATE"), actions(history(rep.auth(), customerB)));
    }

    @Test
    void contactsOfAnInvisibleCustomerAre404() {
        Org.Person owner = Org.rep();
        Org.Person stranger = Org.rep();
        String customerId = create(owner.auth(), Customers.body(Org.unique("看不见")));
        String id = createContact(owner.auth(), customerId, contactBody("王芳"));
        String contact = contacts(customerId) + "/" + id;

        problem(Api.as(stranger.auth()).get(contacts(customerId)).then(), 404, NOT_FOUND);
        problem(Api.as(stranger.auth()).get(contact).then(), 404, NOT_FOUND);
        problem(Api.as(stranger.auth()).body(contactBody("间谍")).post(contacts(customerId)).then(), 404, NOT_FOUND);
        problem(Api.as(stranger.auth()).header("If-Match", "\"0\"").body(contactBody("间谍")).put(contact).then(),
                404, NOT_FOUND);
        problem(Api.as(stranger.auth()).post(contact + "/archive").then(), 404, NOT_FOUND);
        // the detail gives nothing away about the contact
        Api.as(stranger.auth()).get(contact).then().body("detail", not(containsString(id)));

        Api.as(owner.auth()).get(contacts(customerId)).then().statusCode(200).body("items.id", contains(id));
        Api.as(owner.auth()).get(contact).then().statusCode(200).header("ETag", "\"0\"")
                .body("name", equalTo("王芳"));
        assertEquals(List.of("CONTACT:CREATE", "CUSTOMER:CREATE"), actions(history(owner.auth(), customerId)));
    }

    @Test
    void repsReadButDoNotChangeContactsOfPoolCustomers() {
        Org.Person rep = Org.rep();
        String customerId = create(Org.ADMIN, Customers.body(Org.unique("公海联系人")));
        String id = createContact(Org.ADMIN, customerId, contactBody("王芳"));
        Api.as(rep.auth()).get(contacts(customerId)).then().statusCode(200).body("items.id", contains(id));
        Api.as(rep.auth()).get(contacts(customerId) + "/" + id).then().statusCode(200);
        problem(Api.as(rep.auth()).header("If-Match", "\"0\"").body(contactBody("改")).put(contacts(customerId) + "/" + id)
                .then(), 403, "urn:problem:crm:forbidden");
        problem(Api.as(rep.auth()).post(contacts(customerId) + "/" + id + "/archive").then(), 403,
                "urn:problem:crm:forbidden");
        Api.as(rep.auth()).get(contacts(customerId) + "/" + id).then().statusCode(200).header("ETag", "\"0\"")
                .body("archived", equalTo(false));
    }

    @Test
    void anUnknownOrServerOwnedContactFieldIs400NamingIt() {
        Org.Person rep = Org.rep();
        String customerId = create(rep.auth(), Customers.body(Org.unique("坏联系人")));

        Map<String, Object> unknown = contactBody("王芳");
        unknown.put("foo", "bar");
        invalidField(Api.as(rep.auth()).body(unknown).post(contacts(customerId)).then(), "foo");

        for (String owned : List.of("customerId", "id", "version", "archived", "createdBy")) {
            Map<String, Object> body = contactBody("王芳");
            body.put(owned, "customerId".equals(owned) || "id".equals(owned) ? UUID.randomUUID().toString()
                    : "version".equals(owned) ? 5 : "archived".equals(owned) ? true : "someone");
            invalidField(Api.as(rep.auth()).body(body).post(contacts(customerId)).then(), owned)
                    .body("detail", containsString("set by the server"));
        }
        Map<String, Object> role = contactBody("王芳");
        role.put("decisionRole", "BOSS");
        invalidField(Api.as(rep.auth()).body(role).post(contacts(customerId)).then(), "decisionRole");

        Api.as(rep.auth()).queryParam("includeArchived", "true").get(contacts(customerId)).then().statusCode(200)
                .body("items", empty());
        assertEquals(List.of("CUSTOMER:CREATE"), actions(history(rep.auth(), customerId)));
    }

    @Test
    void invalidContactValuesAre400NamingTheFieldAndChangeNothing() {
        Org.Person rep = Org.rep();
        String customerId = create(rep.auth(), Customers.body(Org.unique("坏联系人值")));
        String id = createContact(rep.auth(), customerId, contactBody("王芳"));

        List<Object[]> cases = List.of(
                new Object[] {"name", "  ", "name"},
                new Object[] {"name", null, "name"},
                new Object[] {"name", "名".repeat(101), "name"},
                new Object[] {"title", "t".repeat(101), "title"},
                new Object[] {"email", "not-an-email", "email"},
                new Object[] {"phones", List.of("call me"), "phones[0]"},
                new Object[] {"messagingId", "m".repeat(101), "messagingId"});
        for (Object[] c : cases) {
            Map<String, Object> body = contactBody("王芳");
            body.put((String) c[0], c[1]);
            invalidField(Api.as(rep.auth()).body(body).post(contacts(customerId)).then(), (String) c[2]);
            invalidField(Api.as(rep.auth()).header("If-Match", "\"0\"").body(body)
                    .put(contacts(customerId) + "/" + id).then(), (String) c[2]);
        }
        problem(Api.as(rep.auth()).contentType("text/plain").body("王芳").post(contacts(customerId)).then(), 415,
                "urn:problem:crm:unsupported-media-type");
        problem(Api.as(rep.auth()).post(contacts(customerId)).then(), 400, "urn:problem:crm:validation");

        Api.as(rep.auth()).queryParam("includeArchived", "true").get(contacts(customerId)).then().statusCode(200)
                .body("items.id", contains(id));
        Api.as(rep.auth()).get(contacts(customerId) + "/" + id).then().statusCode(200).header("ETag", "\"0\"")
                .body("name", equalTo("王芳")).body("title", equalTo("采购总监"));
        assertEquals(List.of("CONTACT:CREATE", "CUSTOMER:CREATE"), actions(history(rep.auth(), customerId)));
    }
}
