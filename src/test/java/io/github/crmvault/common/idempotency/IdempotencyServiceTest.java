package io.github.crmvault.common.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.common.problem.ProblemException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The idempotency service itself: running requests, failures and expiry, with a controllable piece of work. */
@QuarkusTest
class IdempotencyServiceTest {
    @Inject
    Idempotency idempotency;
    @Inject
    DataSource dataSource;

    private static String login() {
        return "idem-" + UUID.randomUUID();
    }

    private static Response created(Object body) {
        return Response.status(201).entity(body).header("ETag", "\"0\"").build();
    }

    @Test
    void aDuplicateWhileTheFirstIsRunningIs409AndAReplayAfterwards() throws Exception {
        String login = login();
        String key = UUID.randomUUID().toString();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> idempotency.run(login, key, "op", "fp", () -> {
            started.countDown();
            try {
                assertTrue(release.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return created(Map.of("id", "first"));
        }));
        assertTrue(started.await(30, TimeUnit.SECONDS));

        ProblemException running = assertThrows(ProblemException.class,
                () -> idempotency.run(login, key, "op", "fp", () -> created(Map.of("id", "second"))));
        assertEquals(409, running.problem().status());
        assertEquals("urn:problem:crm:idempotency-key-in-progress", running.problem().type());
        // A different request with the running key is refused as a reuse, not run.
        assertEquals(422, assertThrows(ProblemException.class,
                () -> idempotency.run(login, key, "op", "other", () -> created(Map.of()))).problem().status());

        release.countDown();
        assertEquals(201, first.get(30, TimeUnit.SECONDS).getStatus());
        Response replay = idempotency.run(login, key, "op", "fp", () -> created(Map.of("id", "third")));
        assertEquals(201, replay.getStatus());
        assertEquals("{\"id\":\"first\"}", replay.getEntity());
        assertEquals("\"0\"", replay.getHeaderString("ETag"));
        assertEquals("true", replay.getHeaderString(Idempotency.REPLAYED));
    }

    @Test
    void anUnexpectedFailureOrA5xxReleasesTheKey() {
        String login = login();
        String key = UUID.randomUUID().toString();
        AtomicInteger runs = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> idempotency.run(login, key, "op", "fp", () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("boom");
        }));
        assertEquals(503, idempotency.run(login, key, "op", "fp", () -> {
            runs.incrementAndGet();
            return Response.status(503).build();
        }).getStatus());
        assertEquals(201, idempotency.run(login, key, "op", "fp", () -> {
            runs.incrementAndGet();
            return created(Map.of("id", "ok"));
        }).getStatus());
        assertEquals(3, runs.get(), "each failure let the next attempt run");
        assertEquals(201, idempotency.run(login, key, "op", "fp", () -> {
            runs.incrementAndGet();
            return created(Map.of());
        }).getStatus());
        assertEquals(3, runs.get(), "the success is replayed");
    }

    @Test
    void anExpiredKeyOrAnAbandonedOneMayBeUsedAgain() throws Exception {
        String login = login();
        String expired = UUID.randomUUID().toString();
        String abandoned = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO idempotency_key"
                        + " (login, idem_key, scope, fingerprint, created_at, status, body)"
                        + " VALUES (?, ?, 'op', ?, now() - CAST(? AS interval), ?, '{}')")) {
            insert.setString(1, login);
            insert.setString(2, expired);
            insert.setString(3, "a".repeat(64));
            insert.setString(4, "25 hours");
            insert.setInt(5, 201);
            insert.executeUpdate();
            insert.setString(2, abandoned);
            insert.setString(4, "10 minutes");
            insert.setNull(5, java.sql.Types.INTEGER);
            insert.executeUpdate();
            // Kept 24 hours: a key of 23 hours ago still counts.
            insert.setString(2, "recent-" + expired);
            insert.setString(4, "23 hours");
            insert.setInt(5, 201);
            insert.executeUpdate();
        }
        AtomicInteger runs = new AtomicInteger();
        idempotency.run(login, expired, "op", "fp", () -> {
            runs.incrementAndGet();
            return created(Map.of());
        });
        idempotency.run(login, abandoned, "op", "fp", () -> {
            runs.incrementAndGet();
            return created(Map.of());
        });
        assertEquals(2, runs.get());
        assertEquals(422, assertThrows(ProblemException.class, () -> idempotency.run(login, "recent-" + expired, "op", "fp",
                () -> created(Map.of()))).problem().status());
    }

    @Test
    void theFingerprintCoversMethodPathAndCanonicalBody() {
        record Body(String b, String a) {
        }
        String one = idempotency.fingerprint("POST", "/api/v1/customers", new Body("x", null));
        assertEquals(one, idempotency.fingerprint("POST", "/api/v1/customers", Map.of("b", "x")));
        assertEquals(64, one.length());
        assertTrue(!one.equals(idempotency.fingerprint("POST", "/api/v1/teams", new Body("x", null))));
        assertTrue(!one.equals(idempotency.fingerprint("POST", "/api/v1/customers", new Body("x", "y"))));
    }
}
