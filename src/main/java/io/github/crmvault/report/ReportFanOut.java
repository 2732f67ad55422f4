package io.github.crmvault.report;

import io.agroal.api.AgroalDataSource;
import io.github.crmvault.common.load.OperationsSettings;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.problem.ProblemType;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.jboss.logging.Logger;

/**
 * Runs a report's statements at once instead of one after another: the request's thread and up to
 * {@code crm.work.long-read.fan-out-per-read} connections of the reports pool take them from one queue,
 * so a report takes about as long as its longest statement, not their sum. The statements are
 * independent, and under READ COMMITTED each reads a snapshot of its own on the request's connection
 * too, so the figures are the same either way.
 * <p>
 * Bounded: a report takes only pool connections free at that moment (the pool's size,
 * {@code crm.work.long-read.fan-out-connections}, is the instance's bound) and never waits for one; when
 * other reports hold them, it runs its statements on its own connection as before. The interactive
 * pool never lends it a connection. A statement that fails, or a client that went away, stops the
 * statements not yet started; those running finish (statement_timeout bounds them) before the request
 * ends, so no connection outlives it.
 */
@Singleton
class ReportFanOut {
    private static final Logger LOG = Logger.getLogger(ReportFanOut.class);
    /** How often the request's thread looks at its client while waiting for the other connections. */
    private static final long WAIT_SLICE_MILLIS = 50;

    @Inject
    @DataSource("reports")
    AgroalDataSource dataSource;
    @Inject
    SessionFactory sessions;
    @Inject
    OperationsSettings.Work settings;
    @Inject
    ReportRepository repository;
    @Inject
    CurrentVertxRequest request;

    /** The pool's connections not taken by a report (package-private: tests see them all come back). */
    Semaphore connections;
    private ExecutorService threads;

    @PostConstruct
    void start() {
        int size = settings.longRead().fanOutConnections();
        connections = new Semaphore(size);
        AtomicInteger number = new AtomicInteger();
        threads = Executors.newFixedThreadPool(size, r -> {
            Thread thread = new Thread(r, "report-fan-out-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void stop(@Observes ShutdownEvent event) {
        threads.shutdownNow();
    }

    /** Runs every statement once, each on the repository of the connection that takes it; returns when all ran. */
    void run(List<Consumer<ReportRepository>> statements) {
        Queue<Consumer<ReportRepository>> queue = new ConcurrentLinkedQueue<>(statements);
        BooleanSupplier gone = clientGone();
        List<Helper> helpers = new ArrayList<>();
        int wanted = Math.min(settings.longRead().fanOutPerRead(), statements.size() - 1);
        while (helpers.size() < wanted && connections.tryAcquire()) {
            Helper helper = new Helper(queue);
            try {
                helper.future = threads.submit(helper::run);
            } catch (RejectedExecutionException shuttingDown) {
                connections.release();
                break;
            }
            helpers.add(helper);
        }
        RuntimeException failure = null;
        try {
            Consumer<ReportRepository> next;
            while ((next = queue.poll()) != null) {
                if (gone.getAsBoolean()) {
                    throw clientLeft();
                }
                next.accept(repository);
            }
            for (Helper helper : helpers) {
                helper.await(gone);
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        if (failure != null) {
            queue.clear();
            for (Helper helper : helpers) {
                failure = helper.finish(failure);
            }
            throw failure;
        }
    }

    /** Whether the response can no longer reach the client; outside an HTTP request, never. */
    private BooleanSupplier clientGone() {
        RoutingContext http = Arc.container().requestContext().isActive() ? request.getCurrent() : null;
        if (http == null) {
            return () -> false;
        }
        HttpServerResponse response = http.response();
        return response::closed;
    }

    private static ProblemException clientLeft() {
        return new ProblemException(ProblemType.REQUEST_TIMEOUT, "The client went away before the report was ready");
    }

    /** One connection of the reports pool taking statements from the queue until it is empty. */
    private final class Helper {
        private final Queue<Consumer<ReportRepository>> queue;
        private Future<?> future;

        Helper(Queue<Consumer<ReportRepository>> queue) {
            this.queue = queue;
        }

        void run() {
            try (Connection connection = dataSource.getConnection();
                    Session session = sessions.withOptions().connection(connection).openSession()) {
                ReportRepository mine = new ReportRepository(session);
                Consumer<ReportRepository> next;
                while ((next = queue.poll()) != null) {
                    next.accept(mine);
                }
            } catch (RuntimeException failed) {
                queue.clear(); // nobody starts another statement of a report that fails
                throw failed;
            } catch (SQLException noConnection) {
                // Nothing taken from the queue yet: the request's own connection runs this helper's share.
                LOG.debugf("report fan-out without a helper: %s", noConnection.getMessage());
            } finally {
                connections.release();
            }
        }

        /** Waits for the helper's last statement, looking at the client every slice. */
        void await(BooleanSupplier gone) {
            while (true) {
                try {
                    future.get(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException running) {
                    if (gone.getAsBoolean()) {
                        throw clientLeft();
                    }
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while a report's statements ran", e);
                }
            }
        }

        /** After a failure: waits for the statement the helper is running (the queue is empty now). */
        RuntimeException finish(RuntimeException failure) {
            try {
                future.get();
            } catch (ExecutionException e) {
                if (e.getCause() != failure) {
                    failure.addSuppressed(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.addSuppressed(e);
            }
            return failure;
        }
    }
}
