package io.github.crmvault.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deals in the change feed: delivered like visits, following their customer in and out of view. */
@QuarkusTest
class DealFeedTest {
    private static String deal(String auth, String customerId) {
        return Api.as(auth).body(Map.of("amount", "5000", "currency", "CNY",
                        "signedOn", LocalDate.now(ZoneId.of("Asia/Shanghai")).toString(), "product", "年度订阅"))
                .post("/api/v1/customers/" + customerId + "/deals").then().statusCode(201).extract().path("id");
    }

    @Test
    void aDealAndItsCancellationReachTheOwnersFeedAndAnArchiveRemovesIt() {
        Org.Person rep = Org.rep();
        Org.Person outsider = Org.rep();
        String customerId = Customers.create(rep.auth(), Customers.nameWith("Feed Deal"));
        FeedClient app = new FeedClient(rep.auth()).until(f -> f.hasCustomer(customerId));
        FeedClient other = new FeedClient(outsider.auth()).pull();

        String dealId = deal(rep.auth(), customerId);
        app.until(f -> f.deals.containsKey(dealId) && "SIGNED".equals(f.customers.get(customerId).get("status")));
        assertEquals("ACTIVE", app.deals.get(dealId).get("status"));
        assertEquals(customerId, app.deals.get(dealId).get("customerId"));

        Api.as(rep.auth()).body(Map.of("reason", "违约")).post("/api/v1/customers/" + customerId + "/deals/" + dealId
                + "/cancel").then().statusCode(200);
        app.until(f -> "CANCELLED".equals(f.deals.get(dealId).get("status")));

        Api.as(rep.auth()).post("/api/v1/customers/" + customerId + "/archive").then().statusCode(200);
        app.until(f -> f.removed.contains("DEAL:" + dealId));
        assertFalse(app.deals.containsKey(dealId));

        // Someone who never saw the customer never learns of the deal, not even its id.
        other.pull();
        assertTrue(other.bodies.stream().noneMatch(b -> b.contains(dealId)));
    }
}
