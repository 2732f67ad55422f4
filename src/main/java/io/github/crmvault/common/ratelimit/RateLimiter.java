package io.github.crmvault.common.ratelimit;

import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Counts requests per caller and class in fixed windows shared by every instance ({@link RateLimitStore}).
 * Each instance takes a share of what a bucket's window has left at once, a lease, and counts the next
 * requests against it in memory: a busy caller costs the database one statement per {@link #MOST_PER_TAKE}
 * requests, not one per request, and a lease never reaches past the limit, so no instance ever lets through
 * more than the budget. Near the limit the shares shrink to one request each, and the count is exact.
 * A caller found over budget is refused locally for the rest of the window, without another round
 * trip: a flood costs the database one statement per caller and window. When the database cannot be
 * reached the limiter lets requests through uncounted (the request then meets the database-down 503
 * on its own) and does not try again for a second, so a dead database does not double each request's wait.
 */
@ApplicationScoped
public class RateLimiter {
    /** The rate-limit headers (the IETF draft's separate fields, as most APIs send them). */
    public static final String LIMIT = "RateLimit-Limit";
    public static final String REMAINING = "RateLimit-Remaining";
    public static final String RESET = "RateLimit-Reset";

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    /**
     * How long requests pass uncounted after the store failed. Each failed attempt costs a request
     * the pool's acquisition timeout before its own 503, so it is not retried often (the fault
     * drill saw 503s take 4 s instead of 2 with a retry every second).
     */
    private static final long STORE_RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int MAX_BLOCKED = 10_000;
    /** The largest lease: a take counts at most this many requests (fewer when less is left, see {@link RateLimitStore#SHARE}). */
    static final int MOST_PER_TAKE = 100;
    private static final int MAX_LEASES = 10_000;

    private final RateLimitStore store;
    private final RateLimitSettings settings;
    /** Buckets over budget, with the System.nanoTime() at which their window ends. */
    private final Map<String, Long> blockedUntil = new ConcurrentHashMap<>();
    /** The leases this instance holds, by bucket. */
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private volatile long storeAwayUntil = System.nanoTime();

    @Inject
    RateLimiter(RateLimitStore store, RateLimitSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** The outcome of one counted request. */
    public record Decision(RateClass rateClass, boolean allowed, int limit, long remaining, long resetSeconds,
            long windowSeconds) {

        /** The headers every counted answer carries; a refusal adds Retry-After. */
        public Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(LIMIT, String.valueOf(limit));
            headers.put(REMAINING, String.valueOf(remaining));
            headers.put(RESET, String.valueOf(resetSeconds));
            if (!allowed) {
                headers.put("Retry-After", String.valueOf(resetSeconds));
            }
            return headers;
        }

        /** The 429 of a refused request. */
        public ProblemException refusal() {
            String who = rateClass == RateClass.FAILED_AUTH ? "This address made" : "You made";
            ProblemException refusal = new ProblemException(ProblemType.RATE_LIMITED, who + " more than " + limit + " "
                    + rateClass.description() + " in " + windowSeconds + " s; retry in " + resetSeconds + " s");
            headers().forEach(refusal::withHeader);
            return refusal;
        }
    }

    /**
     * Counts one request of {@code subject} (a login, or a client address for failed authentication)
     * in {@code rateClass}; empty when nothing was counted (limits off, or the database away). Blocks
     * for one statement when the caller's lease here is used up.
     */
    public Optional<Decision> hit(RateClass rateClass, String subject) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        RateLimitSettings.Limit limit = rateClass.limit(settings);
        long windowSeconds = Math.max(1, limit.window().toSeconds());
        String bucket = rateClass.name().toLowerCase() + ":" + subject;
        long now = System.nanoTime();
        Long blocked = blockedUntil.get(bucket);
        if (blocked != null) {
            if (now - blocked < 0) {
                return Optional.of(new Decision(rateClass, false, limit.requests(), 0, seconds(blocked - now),
                        windowSeconds));
            }
            blockedUntil.remove(bucket, blocked);
        }
        Lease lease = leases.get(bucket);
        if (lease != null) {
            Optional<Decision> counted = lease.use(rateClass, limit.requests(), windowSeconds, now);
            if (counted.isPresent()) {
                return counted;
            }
            if (lease.ended(now)) {
                leases.remove(bucket, lease);
            }
        }
        if (now - storeAwayUntil < 0) {
            return Optional.empty();
        }
        RateLimitStore.Take take;
        try {
            take = store.take(bucket, limit.window(), limit.requests(), MOST_PER_TAKE);
        } catch (Exception e) {
            storeAwayUntil = System.nanoTime() + STORE_RETRY_NANOS;
            LOG.warnf("Rate limits not counted for 5 s, the database is away: %s", e.getMessage());
            return Optional.empty();
        }
        long endsAt = now + TimeUnit.MILLISECONDS.toNanos(take.resetMillis());
        // This request is the first hit of the take; the rest are the lease.
        long counted = take.hits() - take.granted() + 1;
        if (counted > limit.requests()) {
            remember(bucket, endsAt);
            return Optional.of(new Decision(rateClass, false, limit.requests(), 0, seconds(endsAt - now), windowSeconds));
        }
        if (take.granted() > 1) {
            counted = lease(bucket, windowSeconds, endsAt, take);
        }
        return Optional.of(new Decision(rateClass, true, limit.requests(), Math.max(0, limit.requests() - counted),
                seconds(endsAt - now), windowSeconds));
    }

    /**
     * Adds a take's unused hits to the bucket's lease, or starts a new one when the lease held is of an
     * earlier window. Returns the window's count as this instance knows it, this request included.
     */
    private long lease(String bucket, long windowSeconds, long endsAt, RateLimitStore.Take take) {
        if (leases.size() >= MAX_LEASES) {
            long now = System.nanoTime();
            leases.values().removeIf(l -> l.ended(now));
            if (leases.size() >= MAX_LEASES) {
                leases.clear(); // unused hits are lost for the window: fewer requests pass, never more
            }
        }
        long halfWindow = TimeUnit.SECONDS.toNanos(windowSeconds) / 2;
        long[] counted = {take.hits() - take.granted() + 1};
        leases.compute(bucket, (key, held) -> {
            if (held != null && held.endsAt - endsAt > halfWindow) {
                return held; // a late take of a window already over: the rest of it is of no use
            }
            if (held != null && endsAt - held.endsAt <= halfWindow) {
                counted[0] = held.add(take);
                return held;
            }
            return new Lease(endsAt, take.hits(), take.granted() - 1);
        });
        return counted[0];
    }

    /**
     * Hits of one bucket's window that this instance counted in the store and has not used yet. The window's
     * count as this instance knows it is the highest total a take returned less the hits still unused here;
     * other instances' requests since then show at their next take.
     */
    private static final class Lease {
        private final long endsAt;
        private long known;
        private int unused;

        Lease(long endsAt, long known, int unused) {
            this.endsAt = endsAt;
            this.known = known;
            this.unused = unused;
        }

        boolean ended(long now) {
            return now - endsAt >= 0;
        }

        /** Counts one request against the lease; empty when it has none left or its window ended. */
        synchronized Optional<Decision> use(RateClass rateClass, int limit, long windowSeconds, long now) {
            if (unused == 0 || now - endsAt >= 0) {
                return Optional.empty();
            }
            unused--;
            return Optional.of(new Decision(rateClass, true, limit, Math.max(0, limit - (known - unused)),
                    seconds(endsAt - now), windowSeconds));
        }

        /** Adds another take of the same window less the request it counted; returns the count with that request. */
        synchronized long add(RateLimitStore.Take take) {
            known = Math.max(known, take.hits());
            unused += take.granted() - 1;
            return known - unused;
        }
    }

    /** {@link #hit}, run on a worker thread when called on an event loop, and resumed on its context. */
    public Uni<Optional<Decision>> hitAsync(RateClass rateClass, String subject) {
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            return Uni.createFrom().item(() -> hit(rateClass, subject));
        }
        return Uni.createFrom().completionStage(() -> context.executeBlocking(() -> hit(rateClass, subject), false)
                .toCompletionStage());
    }

    private void remember(String bucket, long until) {
        if (blockedUntil.size() >= MAX_BLOCKED) {
            long now = System.nanoTime();
            blockedUntil.values().removeIf(end -> now - end >= 0);
            if (blockedUntil.size() >= MAX_BLOCKED) {
                blockedUntil.clear();
            }
        }
        blockedUntil.put(bucket, until);
    }

    /** Whole seconds, rounded up, and at least one: a client told 0 would retry at once. */
    private static long seconds(long nanos) {
        return Math.max(1, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }
}
