package io.github.crmvault.customer;

import static io.github.crmvault.customer.CustomerTestSupport.actions;
import static io.github.crmvault.customer.CustomerTestSupport.contactBody;
import static io.github.crmvault.customer.CustomerTestSupport.contacts;
import static io.github.crmvault.customer.CustomerTestSupport.createContact;
import static io.github.crmvault.customer.CustomerTestSupport.customer;
import static io.github.crmvault.customer.CustomerTestSupport.fullBody;
import static io.github.crmvault.customer.CustomerTestSupport.history;
import static io.github.crmvault.customer.CustomerTestSupport.uniquePhone;
import static io.github.crmvault.support.MergePatches.patch;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.MergePatches;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PATCH (JSON Merge Patch) of customers and contacts: PUT's rules on the fields a patch names. */
@QuarkusTest
class CustomerPatchTest {

    @Test
    void aPatchChangesTheFieldsItNamesAndKeepsTheRest() {
        Org.Person rep = Org.rep();
        String id = CustomerTestSupport.create(rep.auth(), fullBody(Org.unique("局部更新")));
        Map<String, Object> before = new HashMap<>(CustomerTestSupport.get(rep.auth(), id).getMap(""));

        JsonPath after = patch(rep.auth(), customer(id), "\"0\"",
                "{\"city\": \"宁波市\", \"address\": null, \"tags\": [\"renewal\"]}")
                .then().statusCode(200).header("ETag", "\"1\"")
                .body("version", equalTo(1)).body("updatedBy", equalTo(rep.login()))
                .extract().jsonPath();

        Map<String, Object> expected = new HashMap<>(before);
        expected.put("city", "宁波市");
        expected.remove("address");
        expected.put("tags", List.of("renewal")); // an array is replaced whole
        Map<String, Object> actual = new HashMap<>(after.getMap(""));
        for (String stamp : List.of("version", "updatedAt")) {
            expected.remove(stamp);
            actual.remove(stamp);
        }
        assertEquals(expected, actual);

        // history records what changed, nothing else
        List<Map<String, Object>> history = history(rep.auth(), id);
        assertEquals(List.of("CUSTOMER:UPDATE", "CUSTOMER:CREATE"), actions(history));
        Map<String, Object> cleared = new HashMap<>(Map.of("field", "address", "oldValue", before.get("address")));
        cleared.put("newValue", null);
        assertEquals(List.of(cleared,
                Map.of("field", "city", "oldValue", "杭州市", "newValue", "宁波市"),
                Map.of("field", "tags", "oldValue", List.of("vip", "key"), "newValue", List.of("renewal"))),
                history.get(0).get("changes"));
    }

    @Test
    void aPatchThatChangesNothingKeepsTheVersionAndRecordsNothing() {
        Org.Person rep = Org.rep();
        String id = CustomerTestSupport.create(rep.auth(), fullBody(Org.unique("无变化")));
        patch(rep.auth(), customer(id), "\"0\"", "{}").then().statusCode(200).header("ETag", "\"0\"");
        patch(rep.auth(), customer(id), "\"0\"", "{\"city\": \"杭州市\", \"status\": \"PROSPECT\"}").then()
                .statusCode(200).header("ETag", "\"0\"").body("version", equalTo(0));
        assertEquals(List.of("CUSTOMER:CREATE"), actions(history(rep.auth(), id)));
    }

    @Test
    void aPatchIsCheckedLikeAPutBody() {
        Org.Person rep = Org.rep();
        String id = CustomerTestSupport.create(rep.auth(), fullBody(Org.unique("校验")));
        // a required field cannot be cleared
        Problems.invalidField(patch(rep.auth(), customer(id), "\"0\"", "{\"name\": null}"), "name");
        Problems.invalidField(patch(rep.auth(), customer(id), "\"0\"", "{\"status\": null}"), "status");
        // server-owned fields are refused, with a null too
        Problems.invalidField(patch(rep.auth(), customer(id), "\"0\"", "{\"ownerId\": null}"), "ownerId")
                .body("detail", containsString("set by the server"));
        Problems.invalidField(patch(rep.auth(), customer(id), "\"0\"", "{\"version\": 7}"), "version");
        Problems.invalidField(patch(rep.auth(), customer(id), "\"0\"", "{\"grade\": \"A\"}"), "grade");
        // Bean Validation, types and the input guard of PUT bodies
        Problems.invalidField(patch(rep.auth(), customer(id), "\"0\"", "{\"name\": \" \"}"), "name");
        Problems.invalidField(patch(rep.auth(), customer(id), "\"0\"", "{\"phones\": [\"abc\"]}"), "phones[0]");
        Problems.invalidField(patch(rep.auth(), customer(id), "\"0\"", "{\"phones\": \"199 0000 0000\"}"), "phones");
        Problems.invalidField(patch(rep.auth(), customer(id), "\"0\"", "{\"status\": \"SIGNED\"}"), "status");
        Problems.invalidField(patch(rep.auth(), customer(id), "\"0\"", "{\"notes\": \"a\\u0000b\"}"), "notes");
        Problems.invalidField(patch(rep.auth(), customer(id), "\"0\"", "{\"expectedSignDate\": 1700000000}"),
                "expectedSignDate");
        Problems.expect(patch(rep.auth(), customer(id), "\"0\"", "{\"city\": \"a\", \"city\": \"b\"}"), 400,
                "malformed-body");
        MergePatches.refusesBadRequests(rep.auth(), customer(id), "\"0\"", "{\"city\": \"宁波市\"}");
        assertEquals(List.of("CUSTOMER:CREATE"), actions(history(rep.auth(), id)));
    }

    @Test
    void onlyThoseWhoMayChangeTheCustomerMayPatchIt() {
        Org.Person owner = Org.rep();
        String id = CustomerTestSupport.create(owner.auth(), fullBody(Org.unique("别人的")));
        // another rep cannot see it: 404, as if it did not exist, even before the body is looked at
        Problems.notFound(patch(Org.rep().auth(), customer(id), "\"0\"", "{\"city\": \"宁波市\"}"));
        Problems.notFound(patch(Org.rep().auth(), customer(id), "\"0\"", "{\"name\": null}"));
        CustomerTestSupport.get(owner.auth(), id);
        assertEquals(List.of("CUSTOMER:CREATE"), actions(history(owner.auth(), id)));
        // an archived customer: 409, as for PUT
        Api.as(owner.auth()).post(customer(id) + "/archive").then().statusCode(200);
        Problems.expect(patch(owner.auth(), customer(id), "\"1\"", "{\"city\": \"宁波市\"}"), 409, "conflict");
    }

    @Test
    void aContactPatchChangesTheFieldsItNames() {
        Org.Person rep = Org.rep();
        String customerId = CustomerTestSupport.create(rep.auth(), fullBody(Org.unique("联系人")));
        String contactId = createContact(rep.auth(), customerId, contactBody("王芳"));
        String path = contacts(customerId) + "/" + contactId;

        String mobile = uniquePhone();
        patch(rep.auth(), path, "\"0\"", "{\"title\": null, \"phones\": [\"" + mobile + "\", \"0571 8888 0000\"]}")
                .then().statusCode(200).header("ETag", "\"1\"")
                .body("name", equalTo("王芳"))
                .body("title", equalTo(null))
                .body("phones", equalTo(List.of(mobile, "0571 8888 0000")))
                .body("email", equalTo("wang.fang@example.cn"))
                .body("messagingId", equalTo("wangfang-wx"))
                .body("decisionRole", equalTo("DECISION_MAKER"))
                .body("decisionMaker", equalTo(true));

        List<Map<String, Object>> history = history(rep.auth(), customerId);
        assertEquals(List.of("CONTACT:UPDATE", "CONTACT:CREATE", "CUSTOMER:CREATE"), actions(history));
        assertEquals(List.of("phones", "title"), fields(history.get(0)));

        Problems.invalidField(patch(rep.auth(), path, "\"1\"", "{\"name\": null}"), "name");
        Problems.invalidField(patch(rep.auth(), path, "\"1\"", "{\"customerId\": \"" + customerId + "\"}"),
                "customerId");
        Problems.invalidField(patch(rep.auth(), path, "\"1\"", "{\"email\": \"w***@example.cn\"}"), "email");
        Problems.notFound(patch(Org.rep().auth(), path, "\"1\"", "{\"title\": \"总经理\"}"));
        MergePatches.refusesBadRequests(rep.auth(), path, "\"1\"", "{\"title\": \"总经理\"}");
        assertEquals(3, history(rep.auth(), customerId).size());
    }

    @SuppressWarnings("unchecked")
    private static List<Object> fields(Map<String, Object> historyEntry) {
        return ((List<Map<String, Object>>) historyEntry.get("changes")).stream().map(c -> c.get("field")).toList();
    }
}
