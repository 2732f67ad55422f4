package io.github.crmvault.common.web;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Browsers on another origin may call the API when that origin is allowed (the test profile allows
 * {@value #ORIGIN}), and see every error the API and the HTTP guard answer; other origins get nothing.
 */
@QuarkusTest
class CorsTest {
    static final String ORIGIN = "https://spa.test";
    static final String ELSEWHERE = "https://elsewhere.test";
    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    static final List<String> EXPOSED = List.of("ETag", "Location", "Feed-Cursor", "Idempotent-Replayed", "Retry-After",
            "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset");

    @Test
    void preflightFromAnAllowedOriginAllowsTheApisMethodsAndHeaders() {
        Response preflight = preflight(ORIGIN, "PATCH", "authorization,content-type,if-match,idempotency-key");
        preflight.then().statusCode(200).header(ALLOW_ORIGIN, ORIGIN).header("Access-Control-Max-Age", "3600");
        assertTrue(list(preflight, "Access-Control-Allow-Methods").containsAll(
                List.of("get", "post", "put", "patch", "delete", "options")), preflight.headers().toString());
        assertTrue(list(preflight, "Access-Control-Allow-Headers").containsAll(List.of("authorization", "content-type",
                "accept", "if-match", "if-none-match", "idempotency-key")), preflight.headers().toString());
        assertExposes(preflight);
        assertNotEquals("true", preflight.header("Access-Control-Allow-Credentials"), "bearer tokens, no cookies");
        // Answered before authentication and the rate limiter: neither a 401 nor a counted request.
        assertNull(preflight.header("RateLimit-Remaining"));
        assertNull(preflight.header("WWW-Authenticate"));
    }

    @Test
    void anotherOriginGets403AndNoCorsHeaders() {
        Response preflight = preflight(ELSEWHERE, "GET", "authorization");
        preflight.then().statusCode(403).header(ALLOW_ORIGIN, nullValue());

        Org.Person rep = Org.rep();
        String id = Customers.create(rep.auth(), Org.unique("跨域"));
        Response read = RestAssured.given().header("Authorization", rep.auth()).header("Origin", ELSEWHERE)
                .get("/api/v1/customers/" + id);
        read.then().statusCode(403).header(ALLOW_ORIGIN, nullValue()).header("ETag", nullValue());
        assertEquals("", read.asString(), "the record is not sent");
    }

    @Test
    void anAllowedOriginReadsTheRecordAndItsEtag() {
        Org.Person rep = Org.rep();
        Response created = Api.as(rep.auth()).header("Origin", ORIGIN).body(Customers.body(Org.unique("跨域")))
                .post("/api/v1/customers");
        created.then().statusCode(201).header(ALLOW_ORIGIN, ORIGIN).header("Location", not(nullValue()));
        assertExposes(created);

        Response read = Api.as(rep.auth()).header("Origin", ORIGIN).get(created.header("Location"));
        read.then().statusCode(200).header(ALLOW_ORIGIN, ORIGIN).header("ETag", not(nullValue()))
                .header("RateLimit-Remaining", not(nullValue()));
        assertExposes(read);
    }

    @Test
    void errorsOfTheApiCarryTheCorsHeaders() {
        Response unauthenticated = Api.anonymous().header("Origin", ORIGIN).get("/api/v1/me");
        Problems.unauthenticated(unauthenticated).header(ALLOW_ORIGIN, ORIGIN);
        assertExposes(unauthenticated);
        Problems.notFound(Api.as(Org.ADMIN).header("Origin", ORIGIN).get("/api/v1/customers/" + UUID.randomUUID()))
                .header(ALLOW_ORIGIN, ORIGIN);
    }

    @Test
    void refusalsOfTheHttpGuardCarryTheCorsHeaders() {
        Org.Person rep = Org.rep();
        // A body without a token: refused before it is read, connection closed.
        Problems.unauthenticated(Api.anonymous().header("Origin", ORIGIN).body("{}").post("/api/v1/customers"))
                .header(ALLOW_ORIGIN, ORIGIN).header("Connection", equalTo("close"));
        Problems.expect(Api.as(rep.auth()).header("Origin", ORIGIN)
                        .body("{\"name\": \"" + "x".repeat(300 * 1024) + "\"}").post("/api/v1/customers"),
                413, "payload-too-large").header(ALLOW_ORIGIN, ORIGIN);
        Problems.expect(Api.as(rep.auth()).header("Origin", ORIGIN).queryParam("pad", "x".repeat(9000))
                .get("/api/v1/me"), 414, "uri-too-long").header(ALLOW_ORIGIN, ORIGIN);
        Problems.expect(Api.as(rep.auth()).header("Origin", ORIGIN).header("X-Pad", "y".repeat(20_000))
                .get("/api/v1/me"), 431, "headers-too-large").header(ALLOW_ORIGIN, ORIGIN);
    }

    static Response preflight(String origin, String method, String headers) {
        return RestAssured.given().header("Origin", origin).header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers).options("/api/v1/customers/" + UUID.randomUUID());
    }

    static void assertExposes(Response response) {
        List<String> exposed = list(response, "Access-Control-Expose-Headers");
        for (String header : EXPOSED) {
            assertTrue(exposed.contains(header.toLowerCase(Locale.ROOT)), header + " in " + exposed);
        }
    }

    /** A comma-separated header, lower case, over all its occurrences. */
    private static List<String> list(Response response, String header) {
        return response.headers().getValues(header).stream().flatMap(value -> Arrays.stream(value.split(",")))
                .map(value -> value.trim().toLowerCase(Locale.ROOT)).toList();
    }
}
