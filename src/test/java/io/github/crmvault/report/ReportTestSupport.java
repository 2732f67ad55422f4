package io.github.crmvault.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.restassured.response.Response;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared helpers of the report tests. */
final class ReportTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private ReportTestSupport() {
    }

    static Response get(String auth, String path, LocalDate from, LocalDate to) {
        return Api.as(auth).queryParam("from", from.toString()).queryParam("to", to.toString()).get(path);
    }

    /** The body of a 200 JSON answer, numbers as the server wrote them: whole ones as Long, decimals with their scale. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> body(Response response) {
        String text = response.then().statusCode(200).extract().asString();
        try {
            return (Map<String, Object>) normalize(JSON.readValue(text, Map.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object normalize(Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, normalize(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(normalize(v)));
            return copy;
        }
        return value;
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
