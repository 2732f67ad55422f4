package io.github.crmvault.webhook;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Sends due webhook deliveries. Safe on several instances at once, and each attempt is made once:
 * a round claims due rows with FOR UPDATE SKIP LOCKED and commits a lease (locked_until) on them
 * before any HTTP call, so no other worker takes them while it lasts; no transaction or connection is
 * held during a call. Deliveries of one subscription and customer go out in the order they were
 * written: one is due only when no earlier one of the pair is still pending (a parked one no longer
 * blocks: the customer's later events are not held hostage; retrying it sends it before them again).
 * A failed attempt (no 2xx, no answer, a timeout) is retried after 5 s, 5 min, 30 min, 2 h, 5 h, then
 * every 10 h, each plus up to 20 % jitter, while within crm.webhook.retry-for of the event; then parked.
 */
@ApplicationScoped
public class DeliveryWorker {
    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final Duration[] BACKOFF = {Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10)};
    /** Beyond the longest a call may take, so a lease never ends while its call runs. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    private static final String CLAIM = """
            WITH due AS (
                SELECT d.id FROM webhook_delivery d
                WHERE d.status = 'PENDING' AND d.next_attempt_at <= :now
                  AND (d.locked_until IS NULL OR d.locked_until <= :now)
                  AND NOT EXISTS (SELECT 1 FROM webhook_delivery p WHERE p.subscription_id = d.subscription_id
                      AND p.customer_id = d.customer_id AND p.status = 'PENDING' AND p.seq < d.seq)
                ORDER BY d.next_attempt_at, d.seq LIMIT :batch FOR UPDATE OF d SKIP LOCKED
            )
            UPDATE webhook_delivery d SET locked_until = :leaseEnd, lease = :lease, attempts = d.attempts + 1,
                last_attempt_at = :now
            FROM due, webhook_event e, webhook_subscription s
            WHERE d.id = due.id AND e.id = d.event_id AND s.id = d.subscription_id
            RETURNING d.id, e.id, CAST(coalesce(d.payload, e.payload) AS text), s.url, s.secret, s.active,
                d.attempts, d.series_started_at
            """;
    private static final String DELIVERED = "UPDATE webhook_delivery SET status = 'DELIVERED', delivered_at = :now,"
            + " next_attempt_at = NULL, locked_until = NULL, lease = NULL, last_status_code = :code, last_error = NULL"
            + " WHERE id = :id AND lease = :lease";
    private static final String FAILED = "UPDATE webhook_delivery SET status = CASE WHEN CAST(:park AS boolean)"
            + " THEN 'PARKED' ELSE 'PENDING' END, parked_at = CASE WHEN CAST(:park AS boolean) THEN CAST(:now AS timestamptz) END,"
            + " next_attempt_at = CASE WHEN CAST(:park AS boolean) THEN NULL ELSE CAST(:next AS timestamptz) END,"
            + " locked_until = NULL, lease = NULL, last_status_code = CAST(:code AS integer), last_error = :error"
            + " WHERE id = :id AND lease = :lease";
    private static final String PURGE_DELIVERIES = "DELETE FROM webhook_delivery WHERE id IN (SELECT id FROM webhook_delivery"
            + " WHERE (status = 'DELIVERED' AND delivered_at < :cutoff) OR (status = 'PARKED' AND parked_at < :cutoff) LIMIT 1000)";
    private static final String PURGE_EVENTS = "DELETE FROM webhook_event e WHERE e.id IN (SELECT id FROM webhook_event"
            + " WHERE occurred_at < :cutoff AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.event_id = webhook_event.id)"
            + " LIMIT 1000)";

    @Inject
    EntityManager em;
    @Inject
    WebhookSettings settings;
    @Inject
    Clock clock;

    /** Retention is coarse: a purge a minute per instance is plenty. */
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    private volatile Instant nextPurge = Instant.MIN;
    private volatile HttpClient http;
    private volatile ExecutorService senders;

    record Claimed(UUID lease, UUID id, UUID eventId, String body, String url, String secret, boolean active, int attempts,
            Instant seriesStartedAt) {
    }

    @Scheduled(identity = "webhook-delivery", every = "${crm.webhook.deliver-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        deliverDue();
        Instant now = clock.instant();
        if (now.isAfter(nextPurge)) {
            nextPurge = now.plus(PURGE_EVERY);
            purgeExpired();
        }
    }

    /**
     * Sends every delivery due now, round after round (failed ones are due again only after their backoff);
     * returns how many attempts this call made.
     */
    public int deliverDue() {
        int attempts = 0;
        while (true) {
            List<Claimed> claimed = QuarkusTransaction.requiringNew().call(this::claim);
            List<Future<?>> calls = new ArrayList<>();
            for (Claimed delivery : claimed) {
                calls.add(senders().submit(() -> attempt(delivery)));
            }
            for (Future<?> call : calls) {
                try {
                    call.get();
                } catch (Exception e) {
                    LOG.warn("A webhook attempt failed unexpectedly; its lease lets it be tried again", e);
                }
            }
            // Until nothing is due: a delivered one may have made the next of its customer due.
            if (claimed.isEmpty()) {
                return attempts;
            }
            attempts += claimed.size();
        }
    }

    /** Removes finished deliveries and their events after crm.webhook.retention, a bounded batch per run. */
    public void purgeExpired() {
        Instant cutoff = clock.instant().minus(settings.retention());
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery(PURGE_DELIVERIES).setParameter("cutoff", cutoff).executeUpdate();
            em.createNativeQuery(PURGE_EVENTS).setParameter("cutoff", cutoff).executeUpdate();
        });
    }

    private List<Claimed> claim() {
        Instant now = clock.instant();
        Duration leaseFor = settings.connectTimeout().plus(settings.requestTimeout()).plus(LEASE_MARGIN);
        UUID lease = UUID.randomUUID();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(CLAIM)
                .setParameter("now", now)
                .setParameter("leaseEnd", now.plus(leaseFor))
                .setParameter("lease", lease)
                .setParameter("batch", settings.maxConcurrent())
                .getResultList();
        List<Claimed> claimed = new ArrayList<>();
        for (Object[] r : rows) {
            claimed.add(new Claimed(lease, (UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3], (String) r[4],
                    (Boolean) r[5], ((Number) r[6]).intValue(), Rows.instant(r[7])));
        }
        return claimed;
    }

    private void attempt(Claimed delivery) {
        UUID lease = delivery.lease();
        if (!delivery.active()) {
            failed(delivery, lease, null, "the subscription is disabled", true);
            return;
        }
        String refusal = TargetGuard.refusal(delivery.url(), settings.allowHttp(), settings.allowPrivateTargets());
        if (refusal != null) {
            failed(delivery, lease, null, "url " + refusal, false);
            return;
        }
        long timestamp = clock.instant().getEpochSecond();
        String id = delivery.eventId().toString();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
                    .timeout(settings.requestTimeout())
                    .header("content-type", "application/json")
                    .header("user-agent", "crm-vault-webhooks")
                    .header("webhook-id", id)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", WebhookSignature.sign(delivery.secret(), id, timestamp, delivery.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
                    .build();
            HttpResponse<Void> response = client().send(request, HttpResponse.BodyHandlers.discarding());
            int code = response.statusCode();
            if (code >= 200 && code < 300) {
                QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(DELIVERED)
                        .setParameter("now", clock.instant()).setParameter("code", code)
                        .setParameter("id", delivery.id()).setParameter("lease", lease).executeUpdate());
            } else {
                failed(delivery, lease, code, "answered HTTP " + code, false);
            }
        } catch (HttpTimeoutException e) {
            failed(delivery, lease, null, "no answer within " + settings.requestTimeout().toMillis() + " ms", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failed(delivery, lease, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    false);
        }
    }

    /** Schedules the next attempt with backoff and jitter, or parks the delivery past its retry period. */
    private void failed(Claimed delivery, UUID lease, Integer code, String error, boolean parkNow) {
        Instant now = clock.instant();
        Duration backoff = BACKOFF[Math.min(delivery.attempts(), BACKOFF.length) - 1];
        long jitter = (long) (backoff.toMillis() * ThreadLocalRandom.current().nextDouble(0.2));
        Instant next = now.plus(backoff).plusMillis(jitter);
        boolean park = parkNow || next.isAfter(delivery.seriesStartedAt().plus(settings.retryFor()));
        String message = error.length() > 500 ? error.substring(0, 500) : error;
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(FAILED)
                .setParameter("park", park).setParameter("now", now.toString()).setParameter("next", next.toString())
                .setParameter("code", code == null ? null : code.toString()).setParameter("error", message)
                .setParameter("id", delivery.id()).setParameter("lease", lease).executeUpdate());
    }

    private HttpClient client() {
        if (http == null) {
            synchronized (this) {
                if (http == null) {
                    // Redirects are not followed: a redirect could lead past the address check.
                    http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                            .followRedirects(HttpClient.Redirect.NEVER).build();
                }
            }
        }
        return http;
    }

    private ExecutorService senders() {
        if (senders == null) {
            synchronized (this) {
                if (senders == null) {
                    senders = Executors.newFixedThreadPool(settings.maxConcurrent() * 2, r -> {
                        Thread thread = new Thread(r, "webhook-sender");
                        thread.setDaemon(true);
                        return thread;
                    });
                }
            }
        }
        return senders;
    }

    void stop(@Observes ShutdownEvent event) {
        if (senders != null) {
            senders.shutdownNow();
        }
    }
}
