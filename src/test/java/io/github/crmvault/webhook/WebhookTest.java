package io.github.crmvault.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Sql;
import io.github.crmvault.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Webhooks end to end, against a real receiver on loopback: signed, retried, ordered, parked, once each. */
@QuarkusTest
class WebhookTest {
    @Inject
    DataSource db;
    @Inject
    DeliveryWorker worker;
    @Inject
    TestClock clock;

    private final List<String> subscriptions = new ArrayList<>();
    private final List<Receiver> receivers = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        clock.reset();
        subscriptions.forEach(Webhooks::disable);
        receivers.forEach(Receiver::close);
    }

    private Receiver receiver() {
        Receiver receiver = new Receiver();
        receivers.add(receiver);
        return receiver;
    }

    private JsonPath subscribe(Receiver receiver, List<String> types, List<String> scopes) {
        JsonPath subscription = Webhooks.subscribe(receiver.url(), types, scopes);
        subscriptions.add(subscription.getString("id"));
        return subscription;
    }

    @Test
    void aRepsNewCustomerReachesTheSubscriberSigned() throws Exception {
        Receiver receiver = receiver();
        JsonPath subscription = subscribe(receiver, List.of("customer.created"), List.of());
        String secret = subscription.getString("secret");
        assertTrue(secret.matches("whsec_[A-Za-z0-9+/]{43}="), secret);
        String id = subscription.getString("id");
        // The secret is shown once.
        Api.as(Org.ADMIN).get("/api/v1/webhooks/" + id).then().statusCode(200)
                .body("secret", org.hamcrest.Matchers.nullValue()).body("eventTypes[0]", org.hamcrest.Matchers.equalTo("customer.created"));

        Org.Person rep = Org.rep();
        String name = Org.unique("Webhook Co");
        String customerId = Customers.create(rep.auth(), name);
        worker.deliverDue();

        JsonPath delivery = Webhooks.deliveries(id);
        assertEquals(1, delivery.getList("items").size());
        assertEquals("DELIVERED", delivery.getString("items[0].status"));
        assertEquals(1, delivery.getInt("items[0].attempts"));
        assertEquals(204, delivery.getInt("items[0].lastStatusCode"));
        assertEquals(customerId, delivery.getString("items[0].customerId"));
        String eventId = delivery.getString("items[0].eventId");
        List<Receiver.Received> got = receiver.of(eventId);
        assertEquals(1, got.size());
        Webhooks.assertSigned(secret, got.get(0));
        long sentAt = Long.parseLong(got.get(0).timestamp());
        assertTrue(Math.abs(Instant.now().getEpochSecond() - sentAt) < 60);
        JsonPath payload = new JsonPath(got.get(0).body());
        assertEquals("customer.created", payload.getString("type"));
        assertNotNull(payload.getString("timestamp"));
        assertEquals(customerId, payload.getString("data.customerId"));
        assertEquals(name, payload.getString("data.customer.name"));
        assertEquals(rep.id(), payload.getString("data.customer.ownerId"));
    }

    @Test
    void contactsAreMaskedForASubscriberWithoutContactsRead() {
        Receiver receiver = receiver();
        String full = subscribe(receiver, List.of("visit.created"), List.of("contacts:read")).getString("id");
        String masked = subscribe(receiver, List.of("visit.created"), List.of()).getString("id");
        Org.Person rep = Org.rep();
        String customerId = Customers.create(rep.auth(), Org.unique("Masked Co"));
        String phone = Customers.phone().replace(" ", "");
        String contactId = Api.as(rep.auth()).body(Map.of("name", "王芳", "phones", List.of(phone), "email", "wangfang@example.cn"))
                .post("/api/v1/customers/" + customerId + "/contacts").then().statusCode(201).extract().path("id");
        Map<String, Object> visit = new HashMap<>();
        visit.put("visitedAt", Instant.now().minusSeconds(600).toString());
        visit.put("channel", "ON_SITE");
        visit.put("contactIds", List.of(contactId));
        visit.put("notes", "客户规模两百人关心数据安全和价格采购总监犹豫预算下周带方案上门演示".repeat(4));
        String visitId = Api.as(rep.auth()).body(visit).post("/api/v1/customers/" + customerId + "/visits")
                .then().statusCode(201).extract().path("id");
        worker.deliverDue();

        JsonPath inFull = payloadOf(receiver, full);
        assertEquals(visitId, inFull.getString("data.visitId"));
        assertEquals(visitId, inFull.getString("data.visit.id"));
        assertEquals(phone, inFull.getString("data.contacts[0].phones[0]"));
        assertEquals("wangfang@example.cn", inFull.getString("data.contacts[0].email"));
        assertFalse(inFull.getBoolean("data.contacts[0].masked"));
        JsonPath hidden = payloadOf(receiver, masked);
        assertEquals(phone.substring(0, 3) + "****" + phone.substring(7), hidden.getString("data.contacts[0].phones[0]"));
        assertEquals("w***@example.cn", hidden.getString("data.contacts[0].email"));
        assertTrue(hidden.getBoolean("data.contacts[0].masked"));
        // One event in the outbox, two views of it.
        assertEquals(1L, Sql.value(db, "SELECT count(*) FROM webhook_event WHERE type = 'visit.created'"
                + " AND payload -> 'data' ->> 'visitId' = ?", visitId));
    }

    private JsonPath payloadOf(Receiver receiver, String subscriptionId) {
        JsonPath deliveries = Webhooks.deliveries(subscriptionId);
        assertEquals("DELIVERED", deliveries.getString("items[0].status"));
        List<Receiver.Received> got = receiver.of(deliveries.getString("items[0].eventId"));
        // Both subscriptions share the receiver and the event id: tell them apart by the payload.
        boolean wantsMasked = !Api.as(Org.ADMIN).get("/api/v1/webhooks/" + subscriptionId).then().extract().jsonPath()
                .getList("scopes").contains("contacts:read");
        return got.stream().map(r -> new JsonPath(r.body()))
                .filter(p -> p.getBoolean("data.contacts[0].masked") == wantsMasked).findFirst().orElseThrow();
    }

    @Test
    void aReceiverThatWasDownGetsEveryEventOfACustomerInOrder() {
        Receiver receiver = receiver();
        String id = subscribe(receiver, List.of("customer.created", "customer.updated"), List.of()).getString("id");
        receiver.stop();
        Org.Person rep = Org.rep();
        String customerId = Customers.create(rep.auth(), Org.unique("Down Co"));
        rename(rep, customerId, "first");
        rename(rep, customerId, "second");
        try {
            worker.deliverDue();
            JsonPath firstTry = Webhooks.deliveries(id);
            // Newest first: only the oldest was tried, the later ones wait behind it.
            assertEquals(List.of(0, 0, 1), firstTry.getList("items.attempts"));
            assertEquals(List.of("PENDING", "PENDING", "PENDING"), firstTry.getList("items.status"));
            assertNotNull(firstTry.getString("items[2].lastError"));
            assertNotNull(firstTry.getString("items[2].nextAttemptAt"));

            receiver.start();
            worker.deliverDue();
            assertTrue(receiver.received().isEmpty(), "nothing is due before the backoff has passed");
            clock.advance(Duration.ofSeconds(7));
            worker.deliverDue();
        } finally {
            clock.reset();
        }
        JsonPath delivered = Webhooks.deliveries(id);
        assertEquals(List.of("DELIVERED", "DELIVERED", "DELIVERED"), delivered.getList("items.status"));
        List<String> sent = receiver.received().stream().map(r -> new JsonPath(r.body()))
                .map(p -> p.getString("type") + ":" + p.getInt("data.customer.version")).toList();
        assertEquals(List.of("customer.created:0", "customer.updated:1", "customer.updated:2"), sent);
    }

    private static void rename(Org.Person rep, String customerId, String suffix) {
        String path = "/api/v1/customers/" + customerId;
        String etag = Api.as(rep.auth()).get(path).then().statusCode(200).extract().header("ETag");
        Api.as(rep.auth()).header("If-Match", etag).contentType("application/merge-patch+json")
                .body(Map.of("notes", "renamed " + suffix)).patch(path).then().statusCode(200);
    }

    @Test
    void aSlowReceiverCountsAsAFailedAttemptAndIsTriedAgain() {
        Receiver receiver = receiver();
        receiver.delay(2_500); // beyond the test profile's 1 s request timeout
        String id = subscribe(receiver, List.of("customer.created"), List.of()).getString("id");
        Customers.create(Org.rep().auth(), Org.unique("Slow Co"));
        long started = System.nanoTime();
        worker.deliverDue();
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2), "the worker does not wait for a slow receiver");
        JsonPath slow = Webhooks.deliveries(id);
        assertEquals("PENDING", slow.getString("items[0].status"));
        assertEquals(1, slow.getInt("items[0].attempts"));
        assertTrue(slow.getString("items[0].lastError").contains("no answer"), slow.getString("items[0].lastError"));
        receiver.delay(0);
        try {
            clock.advance(Duration.ofSeconds(7));
            worker.deliverDue();
        } finally {
            clock.reset();
        }
        JsonPath delivered = Webhooks.deliveries(id);
        assertEquals("DELIVERED", delivered.getString("items[0].status"));
        assertEquals(2, delivered.getInt("items[0].attempts"));
        assertEquals(2, receiver.of(delivered.getString("items[0].eventId")).size(), "same webhook-id on every attempt");
    }

    @Test
    void aReceiverAnswering500IsParkedAfterTheRetryPeriodAndCanBeRetried() {
        Receiver receiver = receiver();
        receiver.answer(500);
        String id = subscribe(receiver, List.of("customer.created"), List.of()).getString("id");
        Customers.create(Org.rep().auth(), Org.unique("Failing Co"));
        try {
            for (int hours = 0; hours <= 48; hours += 11) {
                worker.deliverDue();
                clock.advance(Duration.ofHours(11));
            }
        } finally {
            clock.reset();
        }
        JsonPath parked = Webhooks.deliveries(id);
        assertEquals("PARKED", parked.getString("items[0].status"));
        assertEquals(500, parked.getInt("items[0].lastStatusCode"));
        assertNotNull(parked.getString("items[0].parkedAt"));
        assertNull(parked.getString("items[0].nextAttemptAt"));
        int attempts = parked.getInt("items[0].attempts");
        assertEquals(4, attempts, "at 0 h, 11 h, 22 h and 33 h; the next would fall after 24 h");
        String eventId = parked.getString("items[0].eventId");
        assertEquals(attempts, receiver.of(eventId).size());
        Api.as(Org.ADMIN).get("/api/v1/webhooks/" + id + "/deliveries?status=PARKED").then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(1));

        receiver.answer(200);
        String deliveryId = parked.getString("items[0].id");
        Api.as(Org.ADMIN).post("/api/v1/webhooks/" + id + "/deliveries/" + deliveryId + "/retry").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("PENDING"));
        worker.deliverDue();
        assertEquals("DELIVERED", Webhooks.deliveries(id).getString("items[0].status"));
        Problems.expect(Api.as(Org.ADMIN).post("/api/v1/webhooks/" + id + "/deliveries/" + deliveryId + "/retry"), 409, "conflict");
    }

    @Test
    void twoWorkersAtOnceSendEachEventExactlyOnce() throws Exception {
        Receiver receiver = receiver();
        receiver.delay(50);
        String id = subscribe(receiver, List.of("customer.created"), List.of()).getString("id");
        Org.Person rep = Org.rep();
        int events = 24;
        for (int i = 0; i < events; i++) {
            Customers.create(rep.auth(), Org.unique("Once Co"));
        }
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(threads.submit(() -> {
                    go.await();
                    return worker.deliverDue();
                }));
            }
            go.countDown();
            for (Future<Integer> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        List<String> eventIds = Webhooks.deliveries(id).getList("items.eventId");
        assertEquals(events, eventIds.size());
        Set<String> mine = new HashSet<>(eventIds);
        List<String> received = receiver.received().stream().map(Receiver.Received::id).filter(mine::contains).toList();
        assertEquals(events, received.size(), "no event twice");
        assertEquals(mine, new HashSet<>(received), "every event once");
    }

    @Test
    void noEventIsWrittenWhenTheChangeRollsBack() {
        Receiver receiver = receiver();
        subscribe(receiver, List.of("customer.updated"), List.of());
        Org.Person rep = Org.rep();
        String holder = Customers.create(rep.auth(), Org.unique("Holder Co"));
        String taken = Api.as(rep.auth()).get("/api/v1/customers/" + holder).then().extract().path("phones[0]");
        String other = Customers.create(rep.auth(), Org.unique("Other Co"));
        String path = "/api/v1/customers/" + other;
        String etag = Api.as(rep.auth()).get(path).then().extract().header("ETag");
        // The update is saved (and its event published) before the conflict keys refuse it: all of it rolls back.
        Api.as(rep.auth()).header("If-Match", etag).contentType("application/merge-patch+json")
                .body(Map.of("phones", List.of(taken))).patch(path).then().statusCode(409);
        assertEquals(0L, Sql.value(db, "SELECT count(*) FROM webhook_event WHERE customer_id = CAST(? AS uuid)", other));
        rename(rep, other, "kept");
        assertEquals(1L, Sql.value(db, "SELECT count(*) FROM webhook_event WHERE customer_id = CAST(? AS uuid)"
                + " AND type = 'customer.updated'", other));
    }

    @Test
    void finishedDeliveriesAndTheirEventsAreRemovedAfterTheRetention() {
        Receiver receiver = receiver();
        String id = subscribe(receiver, List.of("customer.created"), List.of()).getString("id");
        String customerId = Customers.create(Org.rep().auth(), Org.unique("Old Co"));
        String ours = "SELECT count(*) FROM webhook_event WHERE customer_id = CAST(? AS uuid)";
        worker.deliverDue();
        assertEquals("DELIVERED", Webhooks.deliveries(id).getString("items[0].status"));
        worker.purgeExpired();
        assertEquals(1L, Sql.value(db, ours, customerId));
        try {
            clock.advance(Duration.ofDays(31));
            // A run removes a bounded batch, and the other tests' finished deliveries are now past the
            // retention too: run until this test's event is gone (the events go after their deliveries).
            for (int run = 0; run < 1_000 && ((Number) Sql.value(db, ours, customerId)).longValue() > 0; run++) {
                worker.purgeExpired();
            }
        } finally {
            clock.reset();
        }
        assertTrue(Webhooks.deliveries(id).getList("items").isEmpty());
        assertEquals(0L, Sql.value(db, ours, customerId));
    }

    @Test
    void aDisabledSubscriptionGetsNothingNew() {
        Receiver receiver = receiver();
        String id = subscribe(receiver, List.of("customer.created"), List.of()).getString("id");
        Webhooks.disable(id);
        Customers.create(Org.rep().auth(), Org.unique("Quiet Co"));
        assertTrue(Webhooks.deliveries(id).getList("items").isEmpty());
        Api.as(Org.ADMIN).get("/api/v1/webhooks/" + id).then().statusCode(200).body("active", org.hamcrest.Matchers.equalTo(false));
    }

    @Test
    void subscriptionsAreValidatedAndVersioned() {
        Map<String, Object> body = Webhooks.body("http://127.0.0.1:9/hooks", List.of("customer.sold"), List.of());
        Problems.invalidField(Api.as(Org.ADMIN).body(body).post("/api/v1/webhooks"), "eventTypes[0]")
                .body("detail", org.hamcrest.Matchers.containsString("customer.created"));
        body = Webhooks.body("ftp://127.0.0.1/hooks", List.of("deal.signed"), List.of());
        Problems.invalidField(Api.as(Org.ADMIN).body(body).post("/api/v1/webhooks"), "url");
        body = Webhooks.body("http://127.0.0.1:9/hooks", List.of("deal.signed"), List.of("everything"));
        Problems.expect(Api.as(Org.ADMIN).body(body).post("/api/v1/webhooks"), 400, "validation");

        JsonPath created = Webhooks.subscribe("http://127.0.0.1:9/hooks", List.of("deal.signed"), List.of());
        String id = created.getString("id");
        subscriptions.add(id);
        body = Webhooks.body("http://127.0.0.1:9/other", List.of("deal.signed", "digest.ready"), List.of("contacts:read"));
        Problems.expect(Api.as(Org.ADMIN).body(body).put("/api/v1/webhooks/" + id), 428, "precondition-required");
        Api.as(Org.ADMIN).header("If-Match", "\"0\"").body(body).put("/api/v1/webhooks/" + id).then().statusCode(200)
                .header("ETag", "\"1\"").body("eventTypes", org.hamcrest.Matchers.contains("deal.signed", "digest.ready"));
        String oldSecret = created.getString("secret");
        String newSecret = Api.as(Org.ADMIN).post("/api/v1/webhooks/" + id + "/rotate-secret").then().statusCode(200)
                .extract().path("secret");
        assertFalse(oldSecret.equals(newSecret));
        Api.as(Org.ADMIN).get("/api/v1/webhooks/" + id + "/history").then().statusCode(200)
                .body("items.action", org.hamcrest.Matchers.contains("ROTATE_SECRET", "UPDATE", "CREATE"))
                .body("items[1].actor", org.hamcrest.Matchers.startsWith("admin-"));
        assertEquals(0L, Sql.value(db, "SELECT count(*) FROM webhook_subscription_history WHERE CAST(changes AS text) LIKE ?",
                "%" + newSecret.substring(6, 20) + "%"), "the secret is never in the history");
    }
}
