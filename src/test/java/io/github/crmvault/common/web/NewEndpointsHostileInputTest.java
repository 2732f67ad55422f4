package io.github.crmvault.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Org;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The issue-13 endpoints (digests, follow-ups, webhooks) meet hostile input as every other one does:
 * a 4xx problem naming what is wrong, never a 500 (responses are validated against the contract).
 */
@QuarkusTest
class NewEndpointsHostileInputTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "/api/v1/digests/daily?day=%2B999999999-12-31", "/api/v1/digests/daily?day=0000-01-01",
            "/api/v1/digests/daily?day=2026-02-30", "/api/v1/digests/daily?day=1e309",
            "/api/v1/digests/weekly?week=2026-W99", "/api/v1/digests/weekly?week=99999-W01",
            "/api/v1/digests/weekly?week=%00",
            "/api/v1/follow-ups?cursor=garbage", "/api/v1/follow-ups?kind=NOPE",
            "/api/v1/follow-ups?ownerId=not-a-uuid", "/api/v1/follow-ups?limit=1e309",
            "/api/v1/follow-ups?cursor=%00",
            "/api/v1/webhooks?cursor=garbage", "/api/v1/webhooks/not-a-uuid/deliveries",
            "/api/v1/reports/leaderboard?groupBy=manager&sort=%00", "/api/v1/reports/leaderboard?groupBy=manager&sort=nope"})
    void queriesAreRefusedWithAProblem(String path) {
        String auth = path.contains("webhooks") || path.contains("leaderboard") ? Org.ADMIN : Org.rep().auth();
        Response response = Api.as(auth).urlEncodingEnabled(false).get(path);
        assertProblem(response, path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9/\u0000", "ftp://127.0.0.1/hooks", "not a url", ""})
    void webhookTargetsThatAreNoHttpUrlsAreRefused(String url) {
        Response response = Api.as(Org.ADMIN)
                .body(Map.of("url", url, "eventTypes", List.of("customer.created"), "integrationLogin", "hooks"))
                .post("/api/v1/webhooks");
        assertProblem(response, url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"url\":\"http://127.0.0.1:9/h\",\"eventTypes\":[\"nope\"],\"integrationLogin\":\"hooks\"}",
            "{\"url\":\"http://127.0.0.1:9/h\",\"eventTypes\":[\"customer.created\"],\"integrationLogin\":\"ho\\u0000oks\"}",
            "{\"url\":\"http://127.0.0.1:9/h\",\"eventTypes\":[\"customer.created\"],\"integrationLogin\":\"hooks\",\"description\":1e999999}"})
    void webhookBodiesWithUnknownTypesNulOrHugeNumbersAreRefused(String body) {
        assertProblem(Api.as(Org.ADMIN).body(body).post("/api/v1/webhooks"), body);
    }

    private static void assertProblem(Response response, String input) {
        int status = response.statusCode();
        assertTrue(status >= 400 && status < 500, input + " answered " + status + ": " + response.asString());
        assertEquals("application/problem+json", response.contentType().split(";")[0], input);
    }
}
