package io.github.crmvault.webhook;

import io.github.crmvault.common.audit.Audited;
import io.github.crmvault.common.audit.Changes;
import io.github.crmvault.common.audit.FieldChange;
import io.github.crmvault.common.paging.Cursor;
import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.common.web.Preconditions;
import io.github.crmvault.webhook.WebhookDtos.DeliveryResponse;
import io.github.crmvault.webhook.WebhookDtos.WebhookRequest;
import io.github.crmvault.webhook.WebhookDtos.WebhookResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Webhook subscriptions (admins manage them; disabled, never deleted) and their deliveries. */
@ApplicationScoped
class WebhookService {
    private static final String DELIVERIES = "SELECT d.id, d.event_id, d.event_type, d.customer_id, d.status, d.attempts,"
            + " d.last_status_code, d.last_error, d.last_attempt_at, d.next_attempt_at, d.delivered_at, d.parked_at,"
            + " d.created_at, d.seq FROM webhook_delivery d WHERE d.subscription_id = :subscription AND d.seq < :before"
            + " AND (CAST(:status AS varchar) IS NULL OR d.status = CAST(:status AS varchar)) ORDER BY d.seq DESC LIMIT :limit";
    /** A parked delivery starts a new series of attempts, due now. */
    private static final String RETRY = "UPDATE webhook_delivery SET status = 'PENDING', next_attempt_at = :now,"
            + " series_started_at = :now, parked_at = NULL WHERE id = :id AND subscription_id = :subscription AND status = 'PARKED'";

    @Inject
    EntityManager em;
    @Inject
    CallerContext callers;
    @Inject
    WebhookSettings settings;
    @Inject
    Clock clock;

    Page<WebhookResponse> list(String cursor, int limit) {
        callers.current();
        Cursor after = Cursor.decode(cursor);
        List<WebhookSubscription> rows = em.createQuery("FROM WebhookSubscription s WHERE :first = true"
                        + " OR s.createdAt > :at OR (s.createdAt = :at AND s.id > :id) ORDER BY s.createdAt, s.id",
                        WebhookSubscription.class)
                .setParameter("first", after == null)
                .setParameter("at", after == null ? Instant.EPOCH : after.at())
                .setParameter("id", after == null ? new UUID(0, 0) : after.id())
                .setMaxResults(limit + 1)
                .getResultList();
        return Page.of(rows, limit, s -> WebhookResponse.of(s, false), s -> new Cursor(s.createdAt, s.id).encode());
    }

    WebhookSubscription get(UUID id) {
        callers.current();
        return find(id, LockModeType.NONE);
    }

    @Transactional
    WebhookSubscription create(WebhookRequest request) {
        Caller caller = callers.current();
        WebhookSubscription subscription = new WebhookSubscription();
        subscription.id = UUID.randomUUID();
        subscription.secret = WebhookSignature.newSecret();
        apply(subscription, request, true);
        subscription.stampCreated(caller.login());
        em.persist(subscription);
        audit(subscription.id, "CREATE", caller.login(), null, subscription.snapshot());
        return subscription;
    }

    /** PUT and PATCH: {@code change} makes the new fields from the current ones (a PUT body ignores them). */
    @Transactional
    WebhookSubscription update(UUID id, String ifMatch, UnaryOperator<WebhookRequest> change) {
        Caller caller = callers.current();
        WebhookSubscription subscription = find(id, LockModeType.PESSIMISTIC_WRITE);
        Preconditions.checkVersion(ifMatch, subscription.version);
        Map<String, Object> before = subscription.snapshot();
        apply(subscription, change.apply(WebhookRequest.of(subscription)), subscription.active);
        if (subscription.snapshot().equals(before)) {
            return subscription; // nothing changed: no new version
        }
        subscription.stampUpdated(caller.login());
        em.flush();
        String action = before.get("active").equals(subscription.active) ? "UPDATE"
                : subscription.active ? "ENABLE" : "DISABLE";
        audit(id, action, caller.login(), before, subscription.snapshot());
        return subscription;
    }

    /** A new secret at once: the old one stops signing; the history records that it changed, never its value. */
    @Transactional
    WebhookSubscription rotateSecret(UUID id, String ifMatch) {
        Caller caller = callers.current();
        WebhookSubscription subscription = find(id, LockModeType.PESSIMISTIC_WRITE);
        Preconditions.checkVersionIfPresent(ifMatch, subscription.version);
        subscription.secret = WebhookSignature.newSecret();
        subscription.stampUpdated(caller.login());
        em.flush();
        audit(id, "ROTATE_SECRET", caller.login(), Map.of("secret", "old"), Map.of("secret", "new"));
        return subscription;
    }

    Page<WebhookDtos.HistoryResponse> history(UUID id, String cursor, int limit) {
        get(id);
        Long before = Cursor.decodeSequence(cursor);
        List<WebhookHistoryEntry> rows = em.createQuery("FROM WebhookHistoryEntry h WHERE h.subscriptionId = :id"
                        + " AND h.id < :before ORDER BY h.id DESC", WebhookHistoryEntry.class)
                .setParameter("id", id)
                .setParameter("before", before == null ? Long.MAX_VALUE : before)
                .setMaxResults(limit + 1)
                .getResultList();
        return Page.of(rows, limit, WebhookDtos.HistoryResponse::of, h -> Cursor.encodeSequence(h.id));
    }

    Page<DeliveryResponse> deliveries(UUID id, String status, String cursor, int limit) {
        get(id);
        if (status != null && !List.of("PENDING", "DELIVERED", "PARKED").contains(status)) {
            throw ProblemException.invalid("status", "must be PENDING, DELIVERED or PARKED");
        }
        Long before = Cursor.decodeSequence(cursor);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(DELIVERIES)
                .setParameter("subscription", id)
                .setParameter("before", before == null ? Long.MAX_VALUE : before)
                .setParameter("status", status)
                .setParameter("limit", limit + 1)
                .getResultList();
        return Page.of(rows, limit, WebhookService::delivery, r -> Cursor.encodeSequence(((Number) r[13]).longValue()));
    }

    /** Puts a parked delivery back in line, due now, with a new retry period; 409 unless it is parked. */
    @Transactional
    DeliveryResponse retry(UUID id, UUID deliveryId) {
        callers.current();
        find(id, LockModeType.NONE);
        int changed = em.createNativeQuery(RETRY).setParameter("now", clock.instant()).setParameter("id", deliveryId)
                .setParameter("subscription", id).executeUpdate();
        if (changed == 0) {
            boolean exists = !em.createNativeQuery("SELECT 1 FROM webhook_delivery WHERE id = :id AND subscription_id = :s")
                    .setParameter("id", deliveryId).setParameter("s", id).getResultList().isEmpty();
            throw exists ? ProblemException.conflict("Only a parked delivery can be retried")
                    : ProblemException.notFound("Delivery");
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(DELIVERIES.replace("d.subscription_id = :subscription",
                        "d.id = :delivery AND d.subscription_id = :subscription"))
                .setParameter("delivery", deliveryId).setParameter("subscription", id)
                .setParameter("before", Long.MAX_VALUE).setParameter("status", null).setParameter("limit", 1)
                .getResultList();
        return delivery(rows.get(0));
    }

    private WebhookSubscription find(UUID id, LockModeType lock) {
        WebhookSubscription subscription = em.find(WebhookSubscription.class, id, lock);
        if (subscription == null) {
            throw ProblemException.notFound("Webhook");
        }
        return subscription;
    }

    private void apply(WebhookSubscription s, WebhookRequest request, boolean activeByDefault) {
        String url = request.url().strip();
        String refusal = TargetGuard.refusal(url, settings.allowHttp(), settings.allowPrivateTargets());
        if (refusal != null) {
            throw ProblemException.invalid("url", refusal);
        }
        s.url = url;
        s.description = request.description() == null || request.description().isBlank() ? null : request.description().strip();
        s.eventTypes = new ArrayList<>(new LinkedHashSet<>(request.eventTypes().stream().map(EventType::wireName).toList()));
        s.integrationLogin = request.integrationLogin();
        s.scopes = request.scopes() == null ? new ArrayList<>() : new ArrayList<>(new LinkedHashSet<>(request.scopes()));
        s.active = request.active() == null ? activeByDefault : request.active();
    }

    private void audit(UUID id, String action, String actor, Map<String, Object> before, Map<String, Object> after) {
        List<FieldChange> changes = Changes.between(before, after);
        WebhookHistoryEntry entry = new WebhookHistoryEntry();
        entry.subscriptionId = id;
        entry.action = action;
        entry.actor = actor;
        entry.at = Audited.now();
        entry.changes = changes;
        em.persist(entry);
    }

    private static DeliveryResponse delivery(Object[] r) {
        return new DeliveryResponse((UUID) r[0], (UUID) r[1], WebhookDtos.type((String) r[2]), (UUID) r[3], (String) r[4],
                ((Number) r[5]).intValue(), r[6] == null ? null : ((Number) r[6]).intValue(), (String) r[7],
                Rows.instant(r[8]), Rows.instant(r[9]), Rows.instant(r[10]), Rows.instant(r[11]), Rows.instant(r[12]));
    }
}
