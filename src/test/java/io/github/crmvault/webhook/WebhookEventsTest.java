package io.github.crmvault.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.crmvault.claim.RecallJob;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Sql;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Each change of the list publishes its event, with the record as the API shows it. */
@QuarkusTest
class WebhookEventsTest {
    @Inject
    DataSource db;
    @Inject
    RecallJob recall;

    @Test
    void visitsReviewsDealsAndOwnerChangesArePublished() {
        List<String> all = List.of("customer.created", "customer.updated", "customer.owner_changed", "visit.created",
                "visit.reviewed", "deal.signed");
        String subscription = Webhooks.subscribe("http://127.0.0.1:9/hooks", all, List.of()).getString("id");
        try {
            String managerLogin = Org.unique("manager");
            String managerId = Org.user(managerLogin, null);
            String team = Org.team(Org.unique("team"), null, managerId);
            String manager = Tokens.bearer(managerLogin, "manager");
            Org.Person rep = OrgAdmin.person(team, "sales");

            String signed = Customers.create(rep.auth(), Org.unique("Signed Co"));
            String visitId = Api.as(rep.auth()).body(Map.of("visitedAt", Instant.now().minusSeconds(60).toString(),
                            "channel", "PHONE", "notes", "客户规模两百人关心数据安全和价格采购总监犹豫预算下周带方案上门演示".repeat(4)))
                    .post("/api/v1/customers/" + signed + "/visits").then().statusCode(201).extract().path("id");
            String reviewId = Api.as(manager).body(Map.of("verdict", "GOOD")).post("/api/v1/visits/" + visitId + "/reviews")
                    .then().statusCode(201).extract().path("id");
            String dealId = Api.as(rep.auth()).body(Map.of("amount", "1000.00", "currency", "CNY",
                            "signedOn", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString(), "product", "CRM"))
                    .post("/api/v1/customers/" + signed + "/deals").then().statusCode(201).extract().path("id");
            String released = Customers.create(rep.auth(), Org.unique("Released Co"));
            Api.as(rep.auth()).body(Map.of("reason", "不再跟进")).post("/api/v1/customers/" + released + "/release")
                    .then().statusCode(200);
            String recalled = Customers.create(rep.auth(), Org.unique("Recalled Co"));
            Sql.update(db, "UPDATE customer SET protected_until = now() - interval '1 hour' WHERE id = ?", UUID.fromString(recalled));
            recall.recallLapsed();
            // A claim writes its rows in one SQL statement that also asks whether a subscription wants the event.
            String claimed = Customers.create(Org.ADMIN, Org.unique("Claimed Co"));
            Api.as(rep.auth()).post("/api/v1/customers/" + claimed + "/claim").then().statusCode(200);

            assertEquals(List.of("customer.created", "visit.created", "visit.reviewed", "customer.updated", "deal.signed"),
                    typesOf(subscription, signed));
            assertEquals(List.of("customer.created", "customer.owner_changed"), typesOf(subscription, released));
            assertEquals(List.of("customer.created", "customer.owner_changed"), typesOf(subscription, recalled));

            assertEquals(visitId, data(signed, "visit.reviewed").getString("visitId"));
            assertEquals(reviewId, data(signed, "visit.reviewed").getString("review.id"));
            assertEquals(dealId, data(signed, "deal.signed").getString("deal.id"));
            assertEquals("SIGNED", data(signed, "customer.updated").getString("customer.status"));
            JsonPath recall = data(recalled, "customer.owner_changed");
            assertEquals("RECALL", recall.getString("kind"));
            assertEquals(rep.id(), recall.getString("oldOwnerId"));
            assertNull(recall.getString("newOwnerId"));
            assertNull(recall.getString("customer.ownerId"));
            assertEquals(1, recall.getInt("customer.version"));
            assertEquals("RELEASE", data(released, "customer.owner_changed").getString("kind"));
            assertEquals(List.of("customer.created", "customer.owner_changed"), typesOf(subscription, claimed));
            JsonPath claim = data(claimed, "customer.owner_changed");
            assertEquals("CLAIM", claim.getString("kind"));
            assertNull(claim.getString("oldOwnerId"));
            assertEquals(rep.id(), claim.getString("newOwnerId"));
            assertEquals(rep.id(), claim.getString("customer.ownerId"));
        } finally {
            Webhooks.disable(subscription);
        }
    }

    /** The event types of the subscription's deliveries about one customer, oldest first. */
    private static List<String> typesOf(String subscription, String customerId) {
        JsonPath deliveries = Api.as(Org.ADMIN).get("/api/v1/webhooks/" + subscription + "/deliveries?limit=200")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> items = deliveries.getList("items");
        List<String> types = new java.util.ArrayList<>(items.stream().filter(d -> customerId.equals(d.get("customerId")))
                .map(d -> (String) d.get("eventType")).toList());
        java.util.Collections.reverse(types);
        return types;
    }

    private JsonPath data(String customerId, String type) {
        String payload = (String) Sql.value(db, "SELECT CAST(payload -> 'data' AS text) FROM webhook_event"
                + " WHERE customer_id = ? AND type = ? ORDER BY occurred_at DESC LIMIT 1", UUID.fromString(customerId), type);
        return new JsonPath(payload);
    }
}
