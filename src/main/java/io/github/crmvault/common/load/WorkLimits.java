package io.github.crmvault.common.load;

import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Bulkheads for long work, per instance and per caller: exports (which hold a connection of the bulk
 * pool for as long as the client reads) and heavy reads on the interactive pool (reports, note search,
 * the change feed). A request beyond its kind's bound is refused at once, before it takes a database
 * connection: 503 with Retry-After when the instance is full, 429 when the caller already runs their
 * share. Nobody waits in a queue that a slow client could make endless.
 */
@ApplicationScoped
public class WorkLimits {
    /** The kinds of long work, each with its own bounds. */
    public enum Kind {
        EXPORT("exports"), LONG_READ("reports, note searches and change-feed pages");

        private final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    private final Map<Kind, Semaphore> instance;
    private final Map<Kind, Integer> perCaller;
    private final Map<Kind, Map<String, Integer>> running = Map.of(Kind.EXPORT, new ConcurrentHashMap<>(),
            Kind.LONG_READ, new ConcurrentHashMap<>());
    private final long retryAfterSeconds;

    @Inject
    WorkLimits(OperationsSettings.Work settings) {
        this(settings.export().maxConcurrent(), settings.export().maxPerCaller(), settings.longRead().maxConcurrent(),
                settings.longRead().maxPerCaller(), settings.retryAfter());
    }

    WorkLimits(int exports, int exportsPerCaller, int longReads, int longReadsPerCaller, Duration retryAfter) {
        instance = Map.of(Kind.EXPORT, new Semaphore(exports), Kind.LONG_READ, new Semaphore(longReads));
        perCaller = Map.of(Kind.EXPORT, exportsPerCaller, Kind.LONG_READ, longReadsPerCaller);
        retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
    }

    /** Holds one place of a kind until closed; closing twice is harmless. */
    public final class Permit implements AutoCloseable {
        private final Kind kind;
        private final String caller;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(Kind kind, String caller) {
            this.kind = kind;
            this.caller = caller;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                leave(kind, caller);
            }
        }
    }

    /** Takes a place for {@code caller}, or refuses with 429 (the caller's share) or 503 (the instance's). */
    public Permit enter(Kind kind, String caller) {
        int mine = running.get(kind).merge(caller, 1, Integer::sum);
        if (mine > perCaller.get(kind)) {
            running.get(kind).computeIfPresent(caller, (k, n) -> n <= 1 ? null : n - 1);
            throw new ProblemException(ProblemType.CALLER_BUSY, "You already run " + perCaller.get(kind)
                    + " of the " + kind.description + " one caller may run at a time; retry when one has ended")
                    .withHeader("Retry-After", String.valueOf(retryAfterSeconds));
        }
        if (!instance.get(kind).tryAcquire()) {
            running.get(kind).computeIfPresent(caller, (k, n) -> n <= 1 ? null : n - 1);
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "This instance runs as many "
                    + kind.description + " as it allows; retry shortly")
                    .withHeader("Retry-After", String.valueOf(retryAfterSeconds));
        }
        return new Permit(kind, caller);
    }

    /** Runs {@code work} within a place of {@code kind}. */
    public <T> T call(Kind kind, String caller, Supplier<T> work) {
        try (Permit permit = enter(kind, caller)) {
            return work.get();
        }
    }

    private void leave(Kind kind, String caller) {
        instance.get(kind).release();
        running.get(kind).computeIfPresent(caller, (k, n) -> n <= 1 ? null : n - 1);
    }
}
