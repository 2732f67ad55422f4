package io.github.crmvault.common.load;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.github.crmvault.support.Org;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A deploy: once shutdown begins, requests are still served for the readiness delay, then new API
 * requests get 503 with Retry-After while health stays answerable. Its own profile: the drained
 * instance is not reused by other tests.
 */
@QuarkusTest
@TestProfile(DrainTest.ShortDelay.class)
class DrainTest {
    static final long DELAY_MILLIS = 1500;

    public static class ShortDelay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("crm.shutdown.readiness-delay", DELAY_MILLIS + "ms");
        }
    }

    @Inject
    Event<ShutdownDelayInitiatedEvent> shutdownBegins;

    @Test
    void newRequestsAreServedDuringTheReadinessDelayThenTurnedAway() throws InterruptedException {
        Org.Person rep = Org.rep();
        given().header("Authorization", rep.auth()).get("/api/v1/me").then().statusCode(200);

        long begun = System.currentTimeMillis();
        shutdownBegins.fire(new ShutdownDelayInitiatedEvent());
        given().header("Authorization", rep.auth()).get("/api/v1/me").then().statusCode(200);

        Thread.sleep(Math.max(0, begun + DELAY_MILLIS + 200 - System.currentTimeMillis()));
        given().header("Authorization", rep.auth()).get("/api/v1/me").then()
                .statusCode(503)
                .header("Retry-After", "1")
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:problem:crm:service-unavailable"))
                .body("status", equalTo(503));
        given().header("Authorization", rep.auth()).contentType("application/json").body("{}")
                .post("/api/v1/customers").then().statusCode(503);
        given().get("/q/health/live").then().statusCode(200);
    }
}
