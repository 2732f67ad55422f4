package io.github.crmvault.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.common.load.OperationsSettings;
import io.quarkus.arc.ClientProxy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A report's statements at once on the reports pool: they run on several connections together, a
 * failure stops the ones not started and gives every connection back, and when the pool is taken a
 * report runs them all on its own connection.
 */
@QuarkusTest
class ReportFanOutTest {
    @Inject
    ReportFanOut fanOut;
    @Inject
    OperationsSettings.Work settings;
    @Inject
    ReportRepository repository;

    @Test
    void statementsRunTogetherOnConnectionsOfTheirOwnWithoutJit() {
        int width = settings.longRead().fanOutPerRead() + 1;
        CyclicBarrier together = new CyclicBarrier(width);
        Set<Integer> backends = ConcurrentHashMap.newKeySet();
        List<String> jit = Collections.synchronizedList(new ArrayList<>());
        Consumer<ReportRepository> statement = r -> {
            backends.add(backend(r));
            jit.add((String) em(r).createNativeQuery("SELECT current_setting('jit')").getSingleResult());
            await(together); // times out unless all of them run at once
        };
        inReport(() -> fanOut.run(Collections.nCopies(width, statement)));
        assertEquals(width, backends.size());
        assertEquals(Collections.nCopies(width, "off"), jit);
    }

    @Test
    void aFailureStopsTheRestAndGivesTheConnectionsBack() {
        AtomicInteger ran = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("boom");
        List<Consumer<ReportRepository>> statements = new ArrayList<>();
        statements.add(r -> {
            throw boom;
        });
        for (int i = 0; i < 12; i++) {
            statements.add(r -> {
                ran.incrementAndGet();
                em(r).createNativeQuery("SELECT pg_sleep(0.2)").getSingleResult();
            });
        }
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> inReport(() -> fanOut.run(statements)));
        assertTrue(thrown == boom || thrown.getCause() == boom, thrown::toString);
        assertTrue(ran.get() <= settings.longRead().fanOutPerRead() + 1, ran.get() + " statements started after the failure");
        assertEquals(settings.longRead().fanOutConnections(), fanOut.connections.availablePermits());
        statementsRunTogetherOnConnectionsOfTheirOwnWithoutJit();
    }

    @Test
    void aTakenPoolLeavesTheReportToItsOwnConnection() throws Exception {
        int perRead = settings.longRead().fanOutPerRead();
        int holders = settings.longRead().fanOutConnections() / perRead;
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(holders * (perRead + 1));
        Consumer<ReportRepository> hold = r -> {
            holding.countDown();
            awaitLatch(release);
        };
        ExecutorService others = Executors.newFixedThreadPool(holders);
        try {
            List<Future<?>> reports = new ArrayList<>();
            for (int i = 0; i < holders; i++) {
                reports.add(others.submit(() -> fanOut.run(Collections.nCopies(perRead + 1, hold))));
            }
            assertTrue(holding.await(30, TimeUnit.SECONDS), "the other reports did not take the pool");
            assertEquals(0, fanOut.connections.availablePermits());
            Set<Integer> backends = ConcurrentHashMap.newKeySet();
            inReport(() -> fanOut.run(Collections.nCopies(4, r -> backends.add(backend(r)))));
            assertEquals(1, backends.size());
            release.countDown();
            for (Future<?> report : reports) {
                report.get(30, TimeUnit.SECONDS);
            }
        } finally {
            release.countDown();
            others.shutdownNow();
        }
        assertEquals(settings.longRead().fanOutConnections(), fanOut.connections.availablePermits());
    }

    /** As a report runs: in the request's transaction, JIT off (ReportService.tally). */
    private void inReport(Runnable work) {
        QuarkusTransaction.requiringNew().run(() -> {
            repository.withoutJit();
            work.run();
        });
    }

    /** The session a statement runs on (the request's repository is a client proxy, its fields unset). */
    private static EntityManager em(ReportRepository r) {
        return ClientProxy.unwrap(r).em;
    }

    private static int backend(ReportRepository r) {
        return ((Number) em(r).createNativeQuery("SELECT pg_backend_pid()").getSingleResult()).intValue();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the statements did not run at once", e);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
