package io.github.crmvault.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Customer request bodies and creation through the API. */
public final class Customers {
    private Customers() {
    }

    public static Map<String, Object> body(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("status", "LEAD");
        body.put("phones", List.of("138 0013 8000"));
        body.put("city", "杭州市");
        body.put("industry", "SaaS");
        return body;
    }

    public static String create(String auth, String name) {
        return Api.as(auth).body(body(name)).post("/api/v1/customers").then().statusCode(201).extract().path("id");
    }
}
