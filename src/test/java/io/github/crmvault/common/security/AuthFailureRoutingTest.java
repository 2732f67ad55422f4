package io.github.crmvault.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Requests refused for want of a valid token or of a role ({@link AuthFailureRouting} routes such failures
 * without Quarkus REST's per-request template lookup): the answers stay problem+json, and the HTTP metrics
 * still count them under the operation's URI template, never under the raw path, which would make a
 * new time series of every id a caller tries.
 */
@QuarkusTest
class AuthFailureRoutingTest {
    private static final String TEMPLATE = "/api/v1/customers/{id}";

    @Test
    void refusedRequestsAreAnsweredAndCountedUnderTheirUriTemplate() {
        String id = UUID.randomUUID().toString();
        String path = "/api/v1/customers/" + id;
        double unauthenticatedBefore = count("401");
        double forbiddenBefore = count("403");

        Problems.unauthenticated(Api.anonymous().get(path));
        Problems.unauthenticated(Api.as("Bearer not.a.token").get(path));
        Problems.unauthenticated(Api.as("Bearer " + Tokens.claims("intruder-" + id, "admin").sign(Tokens.OTHER_KEY)).get(path));
        Problems.forbidden(Api.as(Tokens.bearer("guest-" + id, "guest")).get(path));

        assertEquals(unauthenticatedBefore + 3, count("401"), "the three 401s, counted under " + TEMPLATE);
        assertEquals(forbiddenBefore + 1, count("403"), "the 403, counted under " + TEMPLATE);
        assertFalse(metrics().contains(id), "no metric names the raw path");
    }

    private static String metrics() {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The GET requests answered with {@code status} under the customer's URI template so far. */
    private static double count(String status) {
        Pattern line = Pattern.compile("^http_server_requests_seconds_count\\{(.*)} (\\S+)$", Pattern.MULTILINE);
        double total = 0;
        Matcher m = line.matcher(metrics());
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("method=\"GET\"") && labels.contains("status=\"" + status + "\"")
                    && labels.contains("uri=\"" + TEMPLATE + "\"")) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }
}
