package io.github.crmvault.common.web;

import static io.github.crmvault.common.web.CorsTest.ALLOW_ORIGIN;
import static org.hamcrest.Matchers.nullValue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The allowed origins are a runtime setting: a deployer's QUARKUS_HTTP_CORS_ORIGINS replaces the
 * configured list (here through a profile's overrides, a runtime source like the environment). Low
 * rate limits show that 429s carry the CORS headers and that preflights are never counted.
 */
@QuarkusTest
@TestProfile(CorsSettingTest.DeployedOrigin.class)
class CorsSettingTest {
    static final String DEPLOYED = "https://crm-web.example.com";
    static final int READS = 3;
    static final int FAILED_AUTH = 2;

    public static class DeployedOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.origins", DEPLOYED,
                    "crm.rate-limit.reads.requests", String.valueOf(READS),
                    "crm.rate-limit.reads.window", "PT24H",
                    "crm.rate-limit.failed-auth.requests", String.valueOf(FAILED_AUTH),
                    "crm.rate-limit.failed-auth.window", "PT24H");
        }
    }

    @Test
    void theDeployedOriginReplacesTheConfiguredOnes() {
        CorsTest.preflight(DEPLOYED, "PUT", "authorization,if-match").then().statusCode(200)
                .header(ALLOW_ORIGIN, DEPLOYED);
        CorsTest.preflight(CorsTest.ORIGIN, "PUT", "authorization,if-match").then().statusCode(403)
                .header(ALLOW_ORIGIN, nullValue());
    }

    @Test
    void aRateLimited429CarriesTheCorsHeaders() {
        Org.Person rep = Org.rep();
        for (int i = 0; i < READS; i++) {
            Api.as(rep.auth()).header("Origin", DEPLOYED).get("/api/v1/me").then().statusCode(200)
                    .header(ALLOW_ORIGIN, DEPLOYED);
        }
        Response refused = Api.as(rep.auth()).header("Origin", DEPLOYED).get("/api/v1/me");
        Problems.expect(refused, 429, "rate-limited").header(ALLOW_ORIGIN, DEPLOYED);
        CorsTest.assertExposes(refused);
    }

    @Test
    void preflightsAreNotCountedAsFailedAuthentication() {
        for (int i = 0; i < FAILED_AUTH * 3; i++) {
            CorsTest.preflight(DEPLOYED, "GET", "authorization").then().statusCode(200);
        }
        for (int i = 0; i < FAILED_AUTH; i++) {
            Problems.unauthenticated(Api.anonymous().header("Origin", DEPLOYED).get("/api/v1/me"))
                    .header(ALLOW_ORIGIN, DEPLOYED);
        }
        Problems.expect(Api.anonymous().header("Origin", DEPLOYED).get("/api/v1/me"), 429, "rate-limited")
                .header(ALLOW_ORIGIN, DEPLOYED);
    }
}
