package io.github.crmvault.deal;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Requests and fixtures shared by the deal tests. */
final class DealTestSupport {
    /** crm.time-zone of the test profile (the default). */
    static final ZoneId COMPANY = ZoneId.of("Asia/Shanghai");

    private DealTestSupport() {
    }

    static LocalDate today() {
        return LocalDate.now(COMPANY);
    }

    static String deals(String customerId) {
        return "/api/v1/customers/" + customerId + "/deals";
    }

    static Map<String, Object> body(String amount, String signedOn) {
        Map<String, Object> body = new HashMap<>();
        body.put("amount", amount);
        body.put("currency", "CNY");
        body.put("signedOn", signedOn);
        body.put("product", "CRM 企业版 年度订阅");
        return body;
    }

    static Map<String, Object> body() {
        return body("128000.00", today().toString());
    }

    static Response record(String auth, String customerId, Map<String, Object> body) {
        return Api.as(auth).body(body).post(deals(customerId));
    }

    static String recorded(String auth, String customerId) {
        return record(auth, customerId, body()).then().statusCode(201).extract().path("id");
    }

    static Response cancel(String auth, String customerId, String dealId, String reason) {
        return Api.as(auth).body(Map.of("reason", reason)).post(deals(customerId) + "/" + dealId + "/cancel");
    }

    static JsonPath customer(String auth, String customerId) {
        return Api.as(auth).get("/api/v1/customers/" + customerId).then().statusCode(200).extract().jsonPath();
    }

    static List<Map<String, Object>> history(String auth, String customerId) {
        return Api.as(auth).queryParam("limit", 200).get("/api/v1/customers/" + customerId + "/history")
                .then().statusCode(200).extract().jsonPath().getList("items");
    }

    /** A customer of the rep, due on the given day (null: no date). */
    static String customerDue(String auth, LocalDate expectedSignDate) {
        Map<String, Object> body = Customers.body(Customers.nameWith("签单客户"));
        body.put("status", "PROSPECT");
        if (expectedSignDate != null) {
            body.put("expectedSignDate", expectedSignDate.toString());
        }
        return Api.as(auth).body(body).post("/api/v1/customers").then().statusCode(201).extract().path("id");
    }

    static String poolCustomer() {
        return Customers.create(Org.ADMIN, Customers.nameWith("公海签单"));
    }
}
