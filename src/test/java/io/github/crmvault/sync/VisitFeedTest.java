package io.github.crmvault.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Visits and reviews travel in the change feed with their customer, and leave with it. */
@QuarkusTest
class VisitFeedTest {
    private static final String NOTE = "客户规模两百人关心数据安全和价格采购总监犹豫预算下周带方案上门演示".repeat(4);

    private static String visit(String auth, String customerId) {
        Map<String, Object> body = Map.of(
                "id", UUID.randomUUID().toString(),
                "visitedAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString(),
                "channel", "PHONE",
                "notes", NOTE);
        return Api.as(auth).body(body).post("/api/v1/customers/" + customerId + "/visits").then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void visitsAndReviewsArriveWithTheirCustomerAndLeaveWithIt() {
        String managerLogin = Org.unique("mgr");
        String managerId = Org.user(managerLogin, null);
        String manager = Tokens.bearer(managerLogin, "manager");
        String region = Org.team(Org.unique("region"), null, managerId);
        Org.Person rep = OrgAdmin.person(Org.team(Org.unique("squad"), region, null), "sales");
        Org.Person stranger = Org.rep();

        String customer = Customers.create(rep.auth(), Org.unique("拜访同步"));
        String visitId = visit(rep.auth(), customer);
        String reviewId = Api.as(manager).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("verdict", "GOOD", "comment", "记录清楚"))
                .post("/api/v1/visits/" + visitId + "/reviews").then().statusCode(201).extract().path("id");

        FeedClient app = new FeedClient(rep.auth()).until(f -> f.visits.containsKey(visitId) && f.reviews.containsKey(reviewId));
        assertEquals(customer, app.visits.get(visitId).get("customerId"));
        assertEquals(visitId, app.reviews.get(reviewId).get("visitId"));

        FeedClient other = new FeedClient(stranger.auth()).pull();
        assertFalse(other.bodies.stream().anyMatch(b -> b.contains(visitId) || b.contains(reviewId)),
                "another rep never learns the visit or review exists");

        Api.as(rep.auth()).post("/api/v1/customers/" + customer + "/archive").then().statusCode(200);
        app.until(f -> f.removed.contains("VISIT:" + visitId));
        assertTrue(app.removed.contains("REVIEW:" + reviewId), "the review leaves with its archived customer");
        assertFalse(app.visits.containsKey(visitId));
    }

    @Test
    void aReviewRetriedWithTheSameIdempotencyKeyIsWrittenOnce() {
        String managerLogin = Org.unique("mgr");
        String managerId = Org.user(managerLogin, null);
        String manager = Tokens.bearer(managerLogin, "manager");
        String region = Org.team(Org.unique("region"), null, managerId);
        Org.Person rep = OrgAdmin.person(Org.team(Org.unique("squad"), region, null), "sales");
        String visitId = visit(rep.auth(), Customers.create(rep.auth(), Org.unique("复核幂等")));
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("verdict", "NEEDS_WORK", "comment", "补充下一步时间");

        String first = Api.as(manager).header("Idempotency-Key", key).body(body)
                .post("/api/v1/visits/" + visitId + "/reviews").then().statusCode(201).extract().path("id");
        String replay = Api.as(manager).header("Idempotency-Key", key).body(body)
                .post("/api/v1/visits/" + visitId + "/reviews").then().statusCode(201)
                .header("Idempotent-Replayed", "true").extract().path("id");
        assertEquals(first, replay);
        assertEquals(1, Api.as(manager).get("/api/v1/visits/" + visitId + "/reviews").then().statusCode(200)
                .extract().jsonPath().getList("items").size());
    }
}
