package io.github.crmvault.common.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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
    @Inject
    EntityManager em;

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
        // A different request with the running key is not run either; it can be compared once the first ends.
        assertEquals(409, assertThrows(ProblemException.class,
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
    void anExpiredKeyMayBeUsedAgain() throws Exception {
        String login = login();
        String expired = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO idempotency_key"
                        + " (login, idem_key, scope, fingerprint, created_at, status, body)"
                        + " VALUES (?, ?, 'op', ?, now() - CAST(? AS interval), 201, '{}')")) {
            insert.setString(1, login);
            insert.setString(2, expired);
            insert.setString(3, "a".repeat(64));
            insert.setString(4, "25 hours");
            insert.executeUpdate();
            // Kept 24 hours: a key of 23 hours ago still counts.
            insert.setString(2, "recent-" + expired);
            insert.setString(4, "23 hours");
            insert.executeUpdate();
        }
        AtomicInteger runs = new AtomicInteger();
        idempotency.run(login, expired, "op", "fp", () -> {
            runs.incrementAndGet();
            return created(Map.of());
        });
        assertEquals(1, runs.get());
        assertEquals(422, assertThrows(ProblemException.class, () -> idempotency.run(login, "recent-" + expired, "op", "fp",
                () -> created(Map.of()))).problem().status());
    }

    /** Rows of the login's keys: a claim never outlives the transaction of its work. */
    private long keysOf(String login) {
        return ((Number) Sql.value(dataSource, "SELECT count(*) FROM idempotency_key WHERE login = ?", login)).longValue();
    }

    @Test
    void aRequestWhoseConnectionDiesMidWayCanBeRetriedAtOnce() {
        String login = login();
        String key = UUID.randomUUID().toString();
        // The database ends the work's session mid-way, as a restart or a crash of the process would.
        assertThrows(RuntimeException.class, () -> idempotency.run(login, key, "op", "fp", () -> {
            // Nothing of the claim is committed apart from the work, so nothing can outlive it.
            assertEquals(0, keysOf(login));
            Object pid = em.createNativeQuery("SELECT pg_backend_pid()").getSingleResult();
            Sql.value(dataSource, "SELECT pg_terminate_backend(?)", pid);
            em.createNativeQuery("SELECT 1").getSingleResult();
            return created(Map.of("id", "lost"));
        }));
        assertEquals(0, keysOf(login));

        Response retried = idempotency.run(login, key, "op", "fp", () -> created(Map.of("id", "retried")));
        assertEquals(201, retried.getStatus());
        assertNull(retried.getHeaderString(Idempotency.REPLAYED));
        assertEquals("{\"id\":\"retried\"}", idempotency.run(login, key, "op", "fp", () -> created(Map.of())).getEntity());
    }

    @Test
    void aRequestWhoseStatementFailsCanBeRetriedAtOnce() {
        String login = login();
        String key = UUID.randomUUID().toString();
        assertThrows(RuntimeException.class, () -> idempotency.run(login, key, "op", "fp", () -> {
            em.createNativeQuery("SELECT 1 / 0").getSingleResult();
            return created(Map.of("id", "lost"));
        }));
        assertEquals(0, keysOf(login));
        assertEquals(201, idempotency.run(login, key, "op", "fp", () -> created(Map.of("id", "retried"))).getStatus());
        assertEquals(1, keysOf(login));
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
