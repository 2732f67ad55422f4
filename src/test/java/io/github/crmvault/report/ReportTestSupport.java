package io.github.crmvault.report;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.JsonBodies;
import io.restassured.response.Response;
import java.time.LocalDate;
import java.util.Map;

/** Shared helpers of the report tests. */
final class ReportTestSupport {
    private ReportTestSupport() {
    }

    static Response get(String auth, String path, LocalDate from, LocalDate to) {
        return Api.as(auth).queryParam("from", from.toString()).queryParam("to", to.toString()).get(path);
    }

    /** The body of a 200 JSON answer, numbers as the server wrote them: whole ones as Long, decimals with their scale. */
    static Map<String, Object> body(Response response) {
        return JsonBodies.ok(response);
    }

    /** A customer of the caller with an expected signing date (null: none). */
    static String customer(String auth, String name, LocalDate expected) {
        Map<String, Object> body = Customers.body(Customers.nameWith(name));
        if (expected != null) {
            body.put("expectedSignDate", expected.toString());
        }
        return Api.as(auth).body(body).post("/api/v1/customers").then().statusCode(201).extract().path("id");
    }

    static String contact(String auth, String customerId, Map<String, Object> body) {
        return Api.as(auth).body(body).post("/api/v1/customers/" + customerId + "/contacts").then().statusCode(201)
                .extract().path("id");
    }

    /** A signed contract recorded by the customer's owner (whom it credits); cancelled afterwards if asked. */
    static void deal(String auth, String customerId, String amount, String currency, LocalDate signedOn,
            boolean cancelled) {
        String deals = "/api/v1/customers/" + customerId + "/deals";
        String id = Api.as(auth).body(Map.of("amount", amount, "currency", currency,
                "signedOn", signedOn.toString(), "product", "CRM 年度订阅")).post(deals).then().statusCode(201)
                .extract().path("id");
        if (cancelled) {
            Api.as(auth).body(Map.of("reason", "客户撤回")).post(deals + "/" + id + "/cancel").then().statusCode(200);
        }
    }
}
