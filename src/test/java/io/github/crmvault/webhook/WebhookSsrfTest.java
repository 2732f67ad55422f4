package io.github.crmvault.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** With production's setting, webhooks never go to the server's own network: refused when saved and when sent. */
@QuarkusTest
@TestProfile(WebhookSsrfTest.Production.class)
class WebhookSsrfTest {
    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("crm.webhook.allow-private-targets", "false", "crm.webhook.allow-http", "false");
        }
    }

    @Inject
    DataSource db;
    @Inject
    DeliveryWorker worker;

    @Test
    void privateAndPlainHttpTargetsAreRefused() {
        for (String url : List.of("https://127.0.0.1/hooks", "https://169.254.169.254/latest/meta-data",
                "https://10.0.0.8/hooks", "https://[::1]/hooks", "https://localhost:8443/hooks", "http://93.184.216.34/hooks")) {
            Problems.invalidField(Api.as(Org.ADMIN).body(Webhooks.body(url, List.of("customer.created"), List.of()))
                    .post("/api/v1/webhooks"), "url");
        }
    }

    @Test
    void aTargetThatResolvesPrivatelyWhenSentIsNotCalled() {
        // Saved while its host looked public (here: written directly), private when the event is sent.
        try (Receiver receiver = new Receiver()) {
            String id = java.util.UUID.randomUUID().toString();
            Sql.update(db, "INSERT INTO webhook_subscription (id, url, event_types, integration_login, secret, active,"
                    + " version, created_at, created_by, updated_at, updated_by) VALUES (CAST(? AS uuid), ?,"
                    + " '{customer.created}', 'erp', 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', true, 0, now(),"
                    + " 'test', now(), 'test')", id, receiver.url().replace("http:", "https:"));
            try {
                Customers.create(Org.rep().auth(), Org.unique("Rebound Co"));
                worker.deliverDue();
                JsonPath deliveries = Webhooks.deliveries(id);
                assertEquals("PENDING", deliveries.getString("items[0].status"));
                assertTrue(deliveries.getString("items[0].lastError").contains("loopback"), deliveries.getString("items[0].lastError"));
                assertTrue(receiver.received().isEmpty());
            } finally {
                Sql.update(db, "UPDATE webhook_subscription SET active = false WHERE id = CAST(? AS uuid)", id);
            }
        }
    }
}
