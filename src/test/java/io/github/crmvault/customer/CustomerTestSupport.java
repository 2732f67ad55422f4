package io.github.crmvault.customer;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.startsWith;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Shared helpers of the customer API tests. */
final class CustomerTestSupport {
    static final String CUSTOMERS = "/api/v1/customers";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String VALIDATION = "urn:problem:crm:validation";

    private CustomerTestSupport() {
    }

    static String customer(String id) {
        return CUSTOMERS + "/" + id;
    }

    static String contacts(String customerId) {
        return customer(customerId) + "/contacts";
    }

    /** A mobile number no other test uses, formatted the way people type it: "199 1234 5678". */
    static String uniquePhone() {
        return Customers.phone();
    }

    /**
     * Every client-owned field of a customer set. Its conflict keys are its own: a credit code in lower
     * case, a mobile twice (once with a trailing space) and a landline, an e-mail address in mixed case
     * and a website of the same domain.
     */
    static Map<String, Object> fullBody(String name) {
        String mobile = Customers.phone();
        String landline = "+86 571 " + Customers.phone().substring(4);
        String domain = Customers.domain();
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("creditCode", Customers.creditCode().toLowerCase(java.util.Locale.ROOT));
        body.put("phones", List.of(mobile, mobile + " ", landline));
        body.put("emails", List.of("Sales@" + domain.toUpperCase(java.util.Locale.ROOT)));
        body.put("website", "https://www." + domain);
        body.put("industry", "SaaS");
        body.put("companySize", "MEDIUM");
        body.put("province", "浙江省");
        body.put("city", "杭州市");
        body.put("address", "西湖区文三路 100 号");
        body.put("source", "trade show");
        body.put("status", "PROSPECT");
        body.put("expectedSignDate", "2027-03-31");
        body.put("tags", List.of("vip", "key"));
        body.put("notes", "规模 200 人，关心数据安全");
        return body;
    }

    static Map<String, Object> contactBody(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("title", "采购总监");
        body.put("phones", List.of(uniquePhone())); // a contact's mobile is a conflict key of its customer
        body.put("email", "Wang.Fang@Example.CN");
        body.put("messagingId", "wangfang-wx");
        body.put("decisionRole", "DECISION_MAKER");
        return body;
    }

    static String create(String auth, Map<String, Object> body) {
        return Api.as(auth).body(body).post(CUSTOMERS).then().statusCode(201).extract().path("id");
    }

    static String createContact(String auth, String customerId, Map<String, Object> body) {
        return Api.as(auth).body(body).post(contacts(customerId)).then().statusCode(201).extract().path("id");
    }

    static JsonPath get(String auth, String id) {
        return Api.as(auth).get(customer(id)).then().statusCode(200).extract().jsonPath();
    }

    static String etag(String auth, String id) {
        return Api.as(auth).get(customer(id)).then().statusCode(200).extract().header("ETag");
    }

    /** PUT with If-Match; returns the response for the caller to check. */
    static ValidatableResponse put(String auth, String id, String ifMatch, Map<String, Object> body) {
        return Api.as(auth).header("If-Match", ifMatch).body(body).put(customer(id)).then();
    }

    /** Every history entry of a customer, newest first, walking all pages. */
    static List<Map<String, Object>> history(String auth, String id) {
        List<Map<String, Object>> entries = new ArrayList<>();
        String cursor = null;
        do {
            var request = Api.as(auth).queryParam("limit", 200);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get(customer(id) + "/history").then().statusCode(200).extract().jsonPath();
            entries.addAll(page.getList("items"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return entries;
    }

    static List<String> actions(List<Map<String, Object>> history) {
        return history.stream().map(e -> e.get("entityType") + ":" + e.get("action")).toList();
    }

    /** The ids a list request returns over all its pages, in order. */
    static List<String> allIds(String auth, Map<String, ?> query, int limit) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            var request = Api.as(auth).queryParams(query).queryParam("limit", limit);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get(CUSTOMERS).then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return ids;
    }

    /** The caller's own customers, archived included: what a bad request must leave untouched. */
    static List<String> ownIds(String auth) {
        return allIds(auth, Map.of("ownerId", "me", "includeArchived", "true"), 200);
    }

    /** A problem+json answer of the given status and type. */
    static ValidatableResponse problem(ValidatableResponse response, int status, String type) {
        return response.statusCode(status)
                .header("Content-Type", startsWith(PROBLEM_JSON))
                .body("status", equalTo(status))
                .body("type", equalTo(type))
                .body("title", not(emptyOrNullString()))
                .body("detail", not(emptyOrNullString()));
    }

    /** A 400 validation problem that names the field, in errors[] and in the detail. */
    static ValidatableResponse invalidField(ValidatableResponse response, String field) {
        return problem(response, 400, VALIDATION)
                .body("errors.field", hasItem(field))
                .body("detail", containsString(field));
    }

    static Org.Person rep() {
        return Org.rep();
    }

    static Map<String, Object> body(String name) {
        return Customers.body(name);
    }
}
