package io.github.crmvault.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.PersonalData;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.security.Visibility;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The transactional outbox of webhooks: a business change publishes its event here, in its own
 * transaction, so the event exists exactly when the change does. Publishing only inserts rows (the
 * event, and one delivery per active subscription of its type); the {@link DeliveryWorker} sends them.
 * Nothing is written when no active subscription wants the type.
 */
@ApplicationScoped
public class WebhookOutbox {
    /** Which subscriptions get an event of type {@code :type}: the fan-out rule. */
    private static final String SUBSCRIBED = "active AND CAST(:type AS text) = ANY(event_types)";
    private static final String SUBSCRIBERS = "SELECT id, integration_login, scopes FROM webhook_subscription WHERE "
            + SUBSCRIBED;
    /**
     * {@link #wanted} as a boolean SQL expression bound to {@code :type} (the event's {@link EventType#wireName}),
     * for a business write that asks it in its own statement and calls {@link #publishAsSeen} only when true:
     * a write nobody subscribes to then costs no round trip for its webhooks.
     */
    public static final String WANTED_SQL = "EXISTS (SELECT 1 FROM webhook_subscription WHERE " + SUBSCRIBED + ")";
    private static final String EVENT = "INSERT INTO webhook_event (id, type, customer_id, occurred_at, payload)"
            + " VALUES (:id, :type, :customer, :at, CAST(:payload AS jsonb))";
    private static final String DELIVERY = "INSERT INTO webhook_delivery (id, event_id, subscription_id, customer_id,"
            + " event_type, payload, status, created_at, series_started_at, next_attempt_at)"
            + " VALUES (:id, :event, :subscription, :customer, :type, CAST(:payload AS jsonb), 'PENDING', :at, :at, :at)";

    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;
    @Inject
    PersonalData personalData;
    @Inject
    Clock clock;

    /** Does any active subscription want events of this type? */
    public boolean wanted(EventType type) {
        return !em.createNativeQuery(SUBSCRIBERS + " LIMIT 1").setParameter("type", type.wireName()).getResultList().isEmpty();
    }

    /** An event whose data every subscriber sees alike (it holds no contact's personal data). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(EventType type, UUID customerId, Object data) {
        publishAsSeen(type, customerId, sight -> data);
    }

    /**
     * An event whose data depends on what the subscriber may see: {@code data} renders it for a sight
     * (contacts in full or masked), at most once per distinct sight.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishAsSeen(EventType type, UUID customerId, Function<PersonalData.Sight, Object> data) {
        @SuppressWarnings("unchecked")
        List<Object[]> subscribers = em.createNativeQuery(SUBSCRIBERS).setParameter("type", type.wireName()).getResultList();
        if (subscribers.isEmpty()) {
            return;
        }
        UUID eventId = UUID.randomUUID();
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String full = payload(type, at, data.apply(personalData.sight(identity("outbox", null))));
        em.createNativeQuery(EVENT).setParameter("id", eventId).setParameter("type", type.wireName())
                .setParameter("customer", customerId).setParameter("at", at).setParameter("payload", full)
                .executeUpdate();
        Map<Boolean, String> views = new HashMap<>();
        for (Object[] subscriber : subscribers) {
            PersonalData.Sight sight = personalData.sight(identity((String) subscriber[1], scopes(subscriber[2])));
            String view = views.computeIfAbsent(sight.fullEverywhere(),
                    inFull -> inFull ? full : payload(type, at, data.apply(sight)));
            em.createNativeQuery(DELIVERY).setParameter("id", UUID.randomUUID()).setParameter("event", eventId)
                    .setParameter("subscription", subscriber[0]).setParameter("customer", customerId)
                    .setParameter("type", type.wireName()).setParameter("at", at)
                    .setParameter("payload", view.equals(full) ? null : view)
                    .executeUpdate();
        }
    }

    /** An event's data: names and values in turn, in this order; a null value stays (null owner: the pool). */
    public static Map<String, Object> data(Object... namesAndValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            data.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return data;
    }

    /**
     * The caller a subscription acts as: its login with the integration role (which sees every
     * customer) and exactly its scopes; null scopes: every scope (the event's full view).
     */
    static Caller identity(String login, Set<String> scopes) {
        return new Caller(login, Set.of(Roles.INTEGRATION), null, Visibility.everything(), List.of(), scopes, null);
    }

    static Set<String> scopes(Object column) {
        try {
            Object values = column instanceof java.sql.Array array ? array.getArray() : column;
            return values instanceof Object[] items ? Set.of(java.util.Arrays.copyOf(items, items.length, String[].class))
                    : Set.of();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("A subscription's scopes could not be read", e);
        }
    }

    /** The Standard Webhooks payload: type, timestamp, data. */
    private String payload(EventType type, Instant at, Object data) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", type.wireName());
        payload.put("timestamp", at);
        payload.put("data", data);
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The webhook payload could not be written as JSON", e);
        }
    }
}
