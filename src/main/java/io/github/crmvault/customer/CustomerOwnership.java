package io.github.crmvault.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.github.crmvault.common.audit.Audited;
import io.github.crmvault.common.audit.Changes;
import io.github.crmvault.common.changes.ChangeLog;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.common.sql.NamedSql;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import io.github.crmvault.settings.CompanyCalendar;
import io.github.crmvault.webhook.EventType;
import io.github.crmvault.webhook.WebhookOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.query.NativeQuery;

/**
 * The customer package's seam for owner changes (claims, releases, transfers, handovers, merges).
 * The rules of who may move a customer where live with the callers; this class makes every move the
 * same way: under a row lock, with a new version, a history entry carrying the reason, a row in the
 * ownership log and the change feed. Must run inside the caller's transaction.
 */
@ApplicationScoped
public class CustomerOwnership {
    /** Every kind of owner change; CREATE is the first owner, written by customer creation. */
    public enum Kind { CREATE, CLAIM, RELEASE, RECALL, TRANSFER, HANDOVER, MERGE }

    /** Locked customers to the pool, returning what they had, as move() would leave them. */
    private static final String TO_POOL = "WITH old AS (SELECT id, owner_id, claimed_at, protected_until FROM customer"
            + " WHERE id = ANY(CAST(:ids AS uuid[])) AND owner_id IS NOT NULL)"
            + " UPDATE customer c SET owner_id = NULL, claimed_at = NULL, protected_until = NULL,"
            + " version = c.version + 1, updated_at = :now, updated_by = :actor"
            + " FROM old WHERE c.id = old.id RETURNING old.id, old.owner_id, old.claimed_at, old.protected_until";
    /** A bulk move's customers with the values it replaces, locked. */
    private static final String LOCK_OWNED = "SELECT id, claimed_at, protected_until FROM customer"
            + " WHERE owner_id = :owner ORDER BY id FOR UPDATE";
    /** Text parameters cast in SQL: a null (the pool) then has a type. */
    private static final String MOVE_ALL = "UPDATE customer SET owner_id = CAST(:owner AS uuid),"
            + " claimed_at = CAST(:claimedAt AS timestamptz), protected_until = CAST(:until AS timestamptz),"
            + " version = version + 1, updated_at = :now, updated_by = :actor WHERE id = ANY(CAST(:ids AS uuid[]))";
    /** One history entry per moved customer, as CustomerService.writeHistory writes them. */
    private static final String HISTORY = "INSERT INTO customer_history"
            + " (customer_id, entity_type, entity_id, action, actor, at, reason, changes)"
            + " SELECT e.id, 'CUSTOMER', e.id, :action, :actor, :now, CAST(:reason AS varchar), e.changes"
            + " FROM jsonb_to_recordset(CAST(:entries AS jsonb)) AS e(id uuid, changes jsonb) ORDER BY e.id";

    /**
     * The claimer's user row, then the customer, both locked and in that order (the user's lock is the
     * gate the customer's scan waits behind), in one round trip: what {@link Held} needs. FOR NO KEY
     * UPDATE on the user: it excludes the user's other claims, not the key-share locks of foreign keys.
     */
    private static final NamedSql LOCK_FOR_CLAIM = NamedSql.of("""
            WITH u AS MATERIALIZED (SELECT id FROM app_user WHERE id = CAST(:user AS uuid) FOR NO KEY UPDATE)
            SELECT c.id, c.name, c.owner_id, c.status, c.archived, c.claimed_at, c.protected_until, c.version
            FROM customer c WHERE c.id = CAST(:customer AS uuid) AND EXISTS (SELECT 1 FROM u) FOR UPDATE OF c
            """);
    /**
     * A claim's rules and, when they allow it, its move, in one statement (the rows {@link #move} writes:
     * the customer, its history entry, the ownership log, the feed), plus whether a webhook subscription
     * wants the event. The rules ({@code %s} first) are one row with a boolean column {@code allowed}.
     */
    private static final String CLAIM = """
            WITH rules AS (%s
            ), moved AS (
                UPDATE customer c SET owner_id = CAST(:owner AS uuid), claimed_at = CAST(:now AS timestamptz),
                    protected_until = CAST(:until AS timestamptz), version = c.version + 1,
                    updated_at = CAST(:now AS timestamptz), updated_by = CAST(:actor AS varchar)
                FROM rules WHERE c.id = CAST(:customer AS uuid) AND rules.allowed
                RETURNING %s
            ), history AS (
                %s
                SELECT moved.id, 'CUSTOMER', moved.id, CAST(:kind AS varchar), CAST(:actor AS varchar),
                    CAST(:now AS timestamptz), CAST(:changes AS jsonb)
                FROM moved
            ), logged AS (
                %s
                SELECT moved.id, CAST(:oldKey AS uuid), CAST(:newKey AS uuid), CAST(:actor AS varchar),
                    CAST(:kind AS varchar), NULL FROM moved
            ), feed AS (
                %s
            )
            SELECT moved.*, %s AS webhooks_wanted, rules.* FROM rules LEFT JOIN moved ON true
            """;

    @Inject
    EntityManager em;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper json;
    @Inject
    CallerContext callers;
    @Inject
    CustomerService customers;
    @Inject
    ChangeLog changeLog;
    @Inject
    WebhookOutbox webhooks;
    @Inject
    CompanyCalendar calendar;

    /** What the ownership rules need to know of a customer, read under a row lock. */
    public record Held(UUID id, String name, UUID ownerId, String status, boolean archived, Instant claimedAt,
            Instant protectedUntil, long version) {
        public boolean inPool() {
            return ownerId == null;
        }

        public boolean signed() {
            return "SIGNED".equals(status);
        }
    }

    /**
     * Locks the customer for an owner change, if the caller may see it (404 otherwise, as if it did
     * not exist). Concurrent movers of one customer queue here and each sees the previous one's result;
     * it must be the transaction's first read of the customer, so the row read is the locked one.
     */
    public Held lockVisible(UUID id) {
        Customer customer = em.find(Customer.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (customer == null || !callers.current().visibility().sees(customer.ownerId)) {
            throw ProblemException.notFound("Customer " + id);
        }
        return held(customer);
    }

    /**
     * Locks a customer for a claim by {@code claimer} whoever holds it (404 only if it does not exist): a
     * rep who lost the race for a pool customer learns that it has an owner, never who. The claimer's
     * user row is locked first, so that one rep's claims queue (their cap is counted under it) and never
     * deadlock with other claims of the customer. Callers must reveal nothing of a customer the caller
     * cannot see beyond "it has an owner".
     */
    public Held lockForClaim(UUID id, UUID claimer) {
        Held held = inTransaction(connection -> {
            try (PreparedStatement statement = LOCK_FOR_CLAIM.prepare(connection, Map.of("user", claimer, "customer", id));
                    ResultSet row = statement.executeQuery()) {
                return !row.next() ? null : new Held(row.getObject(1, UUID.class), row.getString(2),
                        row.getObject(3, UUID.class), row.getString(4), row.getBoolean(5), CustomerReads.instant(row, 6),
                        CustomerReads.instant(row, 7), row.getLong(8));
            }
        });
        if (held == null) {
            throw ProblemException.notFound("Customer " + id);
        }
        return held;
    }

    /**
     * What {@link #claim} found: the rules' row by column name (a timestamptz as an Instant), and the
     * customer as claimed, or null.
     */
    public record Claim(Map<String, Object> rules, CustomerResponse customer) {
    }

    /**
     * The statement of {@link #claim} for {@code rules}: a SELECT of one row whose boolean column
     * {@code allowed} decides, its other columns handed back for the caller's answer. Build it once.
     */
    public static NamedSql claimStatement(String rules) {
        return NamedSql.of(CLAIM.formatted(rules, CustomerReads.COLUMNS, CustomerAccess.HISTORY_INSERT,
                ChangeLog.OWNERS_INSERT, ChangeLog.INSERT + ChangeLog.withContactsRows("ARRAY(SELECT id FROM moved)"),
                WebhookOutbox.WANTED_SQL));
    }

    /**
     * Claims a pool customer locked by {@link #lockForClaim(UUID, UUID)} for {@code claimer} if the rules
     * of {@code statement} ({@link #claimStatement}) allow it, in one round trip: the rows {@link #move}
     * writes, then the webhook when a subscription wants it.
     */
    public Claim claim(NamedSql statement, Map<String, ?> ruleValues, Held customer, UUID claimer, Instant now,
            Instant protectedUntil) {
        Caller caller = callers.current();
        Map<String, Object> values = new HashMap<>(ruleValues);
        values.put("customer", customer.id());
        values.put("owner", claimer);
        values.put("now", now);
        values.put("until", protectedUntil);
        values.put("actor", caller.login());
        values.put("kind", Kind.CLAIM.name());
        values.put("changes", json(Changes.between(
                Customer.ownership(customer.ownerId(), customer.claimedAt(), customer.protectedUntil()),
                Customer.ownership(claimer, now, protectedUntil))));
        values.put("oldKey", ChangeLog.keyOf(customer.ownerId()));
        values.put("newKey", ChangeLog.keyOf(claimer));
        values.put("type", EventType.CUSTOMER_OWNER_CHANGED.wireName());
        Found found = inTransaction(connection -> {
            try (PreparedStatement prepared = statement.prepare(connection, values);
                    ResultSet row = prepared.executeQuery()) {
                row.next();
                // The customer's columns come first (CustomerReads.response reads them), the rules' after.
                int wanted = row.findColumn("webhooks_wanted");
                Map<String, Object> rules = new HashMap<>();
                ResultSetMetaData columns = row.getMetaData();
                for (int i = wanted + 1; i <= columns.getColumnCount(); i++) {
                    Object value = row.getObject(i);
                    rules.put(columns.getColumnLabel(i),
                            value instanceof java.sql.Timestamp ? CustomerReads.instant(row, i) : value);
                }
                CustomerResponse moved = row.getObject(1) == null ? null
                        : CustomerReads.response(row, calendar.gradeWindow());
                return new Found(new Claim(rules, moved), row.getBoolean(wanted));
            }
        });
        if (found.claim().customer() != null && found.webhooksWanted()) {
            publishOwnerChanged(found.claim().customer(), customer.ownerId(), Kind.CLAIM, null);
        }
        return found.claim();
    }

    private record Found(Claim claim, boolean webhooksWanted) {
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * {@code work} on the JTA transaction's connection, as Hibernate would hand it over, but without opening a
     * Hibernate session for it: a claim needs none (the pool gives whoever asks within the transaction,
     * Hibernate included, the same enlisted connection).
     */
    private <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("claim statement failed", e);
        }
    }

    /**
     * Moves a customer locked by {@link #lockVisible} to {@code newOwnerId} (null: the pool). A new
     * owner's protection runs from now until {@code protectedUntil}; the pool has none.
     */
    public CustomerResponse move(UUID id, UUID newOwnerId, Kind kind, String reason, Instant protectedUntil) {
        Caller caller = callers.current();
        Customer customer = em.find(Customer.class, id);
        Map<String, Object> before = customer.snapshot();
        UUID oldOwnerId = customer.ownerId;
        customer.ownerId = newOwnerId;
        customer.claimedAt = newOwnerId == null ? null : Audited.now();
        customer.protectedUntil = newOwnerId == null ? null : protectedUntil;
        customer.stampUpdated(caller.login());
        em.flush();
        customers.writeHistory(customer.id, ChangeLog.CUSTOMER, customer.id, kind.name(), reason, caller, before,
                customer.snapshot());
        changeLog.ownerChanged(customer.id, oldOwnerId, newOwnerId, kind.name(), reason, caller.login());
        CustomerResponse response = customers.response(customer);
        publishOwnerChanged(response, oldOwnerId, kind, reason);
        return response;
    }

    /**
     * Moves customers to the pool that this transaction holds locked (for instance by
     * {@code FOR UPDATE SKIP LOCKED}), exactly as {@link #move} would one by one (a new version, a
     * history entry, the ownership log and the change feed), but in one statement per table, for the
     * system's own moves such as recall, which have no caller: {@code actor} names who moved them.
     * Customers already in the pool are passed over.
     *
     * @return how many customers moved
     */
    public int moveLockedToPool(Collection<UUID> ids, Kind kind, String reason, String actor) {
        Instant now = Audited.now();
        @SuppressWarnings("unchecked")
        List<Object[]> moved = em.createNativeQuery(TO_POOL)
                .setParameter("ids", ids.toArray(UUID[]::new))
                .setParameter("now", now)
                .setParameter("actor", actor)
                .unwrap(NativeQuery.class)
                .addScalar("id", UUID.class)
                .addScalar("owner_id", UUID.class)
                .addScalar("claimed_at", Instant.class)
                .addScalar("protected_until", Instant.class)
                .getResultList();
        if (moved.isEmpty()) {
            return 0;
        }
        Map<UUID, UUID> oldOwners = new LinkedHashMap<>();
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Object[] row : moved) {
            UUID id = (UUID) row[0];
            oldOwners.put(id, (UUID) row[1]);
            // The owner fields of Customer.snapshot(), before and after: the history shows what move() shows.
            Map<String, Object> before = Customer.ownership((UUID) row[1], (Instant) row[2], (Instant) row[3]);
            entries.add(Map.of("id", id, "changes", Changes.between(before, Customer.ownership(null, null, null))));
        }
        writeHistory(entries, kind, reason, actor, now);
        changeLog.ownersChanged(oldOwners, null, kind.name(), reason, actor);
        publishOwnersChanged(oldOwners, kind, reason);
        return moved.size();
    }

    /**
     * Moves every customer {@code fromOwnerId} owns, archived ones included, to {@code newOwnerId}
     * (null: the pool), writing for each the rows {@link #move} writes (a new version, the history
     * entry with the reason, the ownership log and the change feed), in a fixed number of
     * statements whatever the number of customers. Returns how many moved.
     */
    public int moveAll(UUID fromOwnerId, UUID newOwnerId, Kind kind, String reason, Instant protectedUntil) {
        return moveAll(fromOwnerId, newOwnerId, kind, reason, protectedUntil, callers.current().login());
    }

    /** {@link #moveAll} for the system's own moves, which have no caller: {@code actor} names who moved them. */
    public int moveAll(UUID fromOwnerId, UUID newOwnerId, Kind kind, String reason, Instant protectedUntil, String actor) {
        // Locked in id order, as a merge locks its pair, so that overlapping movers queue instead of deadlocking.
        @SuppressWarnings("unchecked")
        List<Object[]> owned = em.createNativeQuery(LOCK_OWNED).setParameter("owner", fromOwnerId)
                .unwrap(NativeQuery.class)
                .addScalar("id", UUID.class).addScalar("claimed_at", Instant.class).addScalar("protected_until", Instant.class)
                .getResultList();
        if (owned.isEmpty()) {
            return 0;
        }
        Instant now = Audited.now();
        Instant claimedAt = newOwnerId == null ? null : now;
        Instant until = newOwnerId == null ? null : protectedUntil;
        Map<String, Object> after = Customer.ownership(newOwnerId, claimedAt, until);
        List<UUID> ids = new ArrayList<>(owned.size());
        List<Map<String, Object>> entries = new ArrayList<>(owned.size());
        for (Object[] row : owned) {
            UUID id = (UUID) row[0];
            ids.add(id);
            Map<String, Object> before = Customer.ownership(fromOwnerId, (Instant) row[1], (Instant) row[2]);
            entries.add(Map.of("id", id, "changes", Changes.between(before, after)));
        }
        em.createNativeQuery(MOVE_ALL)
                .setParameter("owner", newOwnerId == null ? null : newOwnerId.toString())
                .setParameter("claimedAt", claimedAt == null ? null : claimedAt.toString())
                .setParameter("until", until == null ? null : until.toString())
                .setParameter("now", now)
                .setParameter("actor", actor)
                .setParameter("ids", ids.toArray(UUID[]::new))
                .executeUpdate();
        writeHistory(entries, kind, reason, actor, now);
        Map<UUID, UUID> oldOwners = new LinkedHashMap<>();
        ids.forEach(id -> oldOwners.put(id, fromOwnerId));
        changeLog.ownersChanged(oldOwners, newOwnerId, kind.name(), reason, actor);
        publishOwnersChanged(oldOwners, kind, reason);
        return ids.size();
    }

    /** customer.owner_changed for customers moved by one statement: read back as the API shows them now. */
    private void publishOwnersChanged(Map<UUID, UUID> oldOwners, Kind kind, String reason) {
        if (!webhooks.wanted(EventType.CUSTOMER_OWNER_CHANGED)) {
            return; // a recall batch need not read its customers back for nobody
        }
        List<Customer> moved = em.createQuery("FROM Customer c WHERE c.id IN :ids ORDER BY c.id", Customer.class)
                .setParameter("ids", oldOwners.keySet()).getResultList();
        for (Customer customer : moved) {
            em.refresh(customer); // the bulk update bypassed the persistence context
            publishOwnerChanged(customers.response(customer), oldOwners.get(customer.id), kind, reason);
        }
    }

    private void publishOwnerChanged(CustomerResponse customer, UUID oldOwnerId, Kind kind, String reason) {
        webhooks.publish(EventType.CUSTOMER_OWNER_CHANGED, customer.id(), WebhookOutbox.data("customerId", customer.id(),
                "oldOwnerId", oldOwnerId, "newOwnerId", customer.ownerId(), "kind", kind.name(), "reason", reason,
                "customer", customer));
    }

    private void writeHistory(List<Map<String, Object>> entries, Kind kind, String reason, String actor, Instant now) {
        em.createNativeQuery(HISTORY)
                .setParameter("action", kind.name())
                .setParameter("actor", actor)
                .setParameter("now", now)
                .setParameter("reason", reason)
                .setParameter("entries", json(entries))
                .executeUpdate();
    }

    private String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("History entries could not be written as JSON", e);
        }
    }

    private static Held held(Customer c) {
        return new Held(c.id, c.name, c.ownerId, c.status.name(), c.archived, c.claimedAt, c.protectedUntil, c.version);
    }
}
