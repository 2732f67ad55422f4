package io.github.crmvault.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Org;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Subscriptions through the admin API, and the receiver's side of Standard Webhooks. */
final class Webhooks {
    private Webhooks() {
    }

    static Map<String, Object> body(String url, List<String> types, List<String> scopes) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", url);
        body.put("description", "test receiver");
        body.put("eventTypes", types);
        body.put("integrationLogin", Org.unique("erp"));
        body.put("scopes", scopes);
        return body;
    }

    /** Creates a subscription and returns its answer (with the secret). */
    static JsonPath subscribe(String url, List<String> types, List<String> scopes) {
        return Api.as(Org.ADMIN).body(body(url, types, scopes)).post("/api/v1/webhooks").then().statusCode(201)
                .extract().jsonPath();
    }

    /** Disables a subscription, so the worker of later tests parks rather than sends its deliveries. */
    static void disable(String id) {
        String etag = Api.as(Org.ADMIN).get("/api/v1/webhooks/" + id).then().statusCode(200).extract().header("ETag");
        Api.as(Org.ADMIN).header("If-Match", etag).contentType("application/merge-patch+json")
                .body(Map.of("active", false)).patch("/api/v1/webhooks/" + id).then().statusCode(200);
    }

    static JsonPath deliveries(String id) {
        return Api.as(Org.ADMIN).get("/api/v1/webhooks/" + id + "/deliveries").then().statusCode(200).extract().jsonPath();
    }

    /** Verifies a request as a receiver would, with nothing of the server's code: HMAC-SHA256 of id.timestamp.body. */
    static void assertSigned(String secret, Receiver.Received request) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String signed = request.id() + "." + request.timestamp() + "." + request.body();
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, request.signature());
    }
}
